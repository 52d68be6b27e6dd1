//! What `tk bmc --redfish` knows: every Ethernet interface of every
//! manager, normalised ([`Interface`]), and which of them is the BMC's
//! primary address ([`Settings`]). `--json` exposes it under the keys of
//! the IPMI path's JSON where they mean the same, so that a script does
//! not care which protocol answered. Pure data and pure functions.

use std::net::Ipv4Addr;

use serde::Serialize;
use serde_json::{Map, Value, json};

/// One entry of an interface's `IPv4Addresses`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv4Entry {
    pub address: Ipv4Addr,
    pub subnet_mask: Option<String>,
    pub origin: Option<String>,
    pub gateway: Option<String>,
}

/// One entry of an interface's `IPv6Addresses`, as `--json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ipv6Entry {
    pub ip: String,
    pub prefix: Option<u8>,
    pub origin: Option<String>,
}

/// One Ethernet interface of one manager. Serialised in this order as an
/// item of `interfaces`; `ipv4` is summed up by the `ip_address` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interface {
    pub manager_id: String,
    pub interface_id: String,
    /// `InterfaceEnabled` is not false and `Status.State` not Disabled.
    pub enabled: bool,
    /// Redfish's own word: LinkUp, LinkDown, NoLink.
    pub link_status: Option<String>,
    pub ip_address: Option<String>,
    pub ip_source: Option<String>,
    pub subnet_mask: Option<String>,
    pub mac_address: Option<String>,
    pub default_gateway_ip: Option<String>,
    /// Null when VLAN is disabled or absent.
    pub vlan_id: Option<u16>,
    pub vlan_priority: Option<u8>,
    pub ipv6_addresses: Vec<Ipv6Entry>,
    pub hostname: Option<String>,
    pub fqdn: Option<String>,
    pub name_servers: Vec<String>,
    #[serde(skip)]
    pub ipv4: Vec<Ipv4Entry>,
}

impl Interface {
    /// The address to report: the first that is not link-local, else the
    /// first at all (placeholders never got this far).
    pub fn chosen_ipv4(&self) -> Option<&Ipv4Entry> {
        self.routable_ipv4().or_else(|| self.ipv4.first())
    }

    /// The first address not in 169.254/16.
    pub fn routable_ipv4(&self) -> Option<&Ipv4Entry> {
        self.ipv4
            .iter()
            .find(|e| super::normalise::routable_ipv4(e.address))
    }

    /// Fill the `ip_address` keys from the chosen IPv4 entry. The gateway
    /// is the entry's own, else the first the interface lists; one outside
    /// the address's subnet is reported as it is.
    pub fn sum_up_ipv4(&mut self) {
        let chosen = self.chosen_ipv4().cloned();
        self.ip_address = chosen.as_ref().map(|e| e.address.to_string());
        self.ip_source = chosen.as_ref().and_then(|e| e.origin.clone());
        self.subnet_mask = chosen.as_ref().and_then(|e| e.subnet_mask.clone());
        self.default_gateway_ip = chosen
            .as_ref()
            .and_then(|e| e.gateway.clone())
            .or_else(|| self.ipv4.iter().find_map(|e| e.gateway.clone()));
    }
}

/// The interfaces of a Redfish service, in collection order (managers,
/// then each manager's interfaces), and the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub interfaces: Vec<Interface>,
    /// Index into `interfaces`.
    pub primary: usize,
}

/// The top-level `--json` keys before `interfaces`: the IPMI JSON's, in
/// its order, then Redfish's own. The primary interface gives each value;
/// a key it lacks (`channel`, `cipher_suites`...) is a fact Redfish does
/// not have, and null.
pub const KEYS: &[&str] = &[
    "channel",
    "ip_address",
    "ip_source",
    "subnet_mask",
    "mac_address",
    "default_gateway_ip",
    "default_gateway_mac",
    "backup_gateway_ip",
    "backup_gateway_mac",
    "vlan_id",
    "vlan_priority",
    "cipher_suites",
    "manager_id",
    "interface_id",
    "ipv6_addresses",
    "hostname",
    "fqdn",
    "name_servers",
];

impl Settings {
    /// None when there is no interface at all.
    pub fn new(interfaces: Vec<Interface>) -> Option<Settings> {
        let primary = primary(&interfaces)?;
        Some(Settings {
            interfaces,
            primary,
        })
    }

    pub fn primary(&self) -> &Interface {
        &self.interfaces[self.primary]
    }

    /// `--json`: the IPMI JSON's keys (null where Redfish has no such
    /// fact), then the primary interface's own, then every interface.
    pub fn to_json(&self) -> Value {
        let Value::Object(primary) = json!(self.primary()) else {
            unreachable!("an Interface serialises to an object");
        };
        let mut out = Map::new();
        out.insert("protocol".into(), "redfish".into());
        for key in KEYS {
            let value = primary.get(*key).cloned().unwrap_or(Value::Null);
            out.insert((*key).into(), value);
        }
        out.insert("interfaces".into(), json!(self.interfaces));
        out.insert("fields".into(), Value::Null);
        Value::Object(out)
    }
}

/// The primary interface: the first enabled one with an IPv4 address
/// outside 169.254/16, else the first enabled one, else the first.
fn primary(interfaces: &[Interface]) -> Option<usize> {
    interfaces
        .iter()
        .position(|i| i.enabled && i.routable_ipv4().is_some())
        .or_else(|| interfaces.iter().position(|i| i.enabled))
        .or((!interfaces.is_empty()).then_some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(id: &str, enabled: bool, addrs: &[&str]) -> Interface {
        let mut i = Interface {
            manager_id: "bmc".into(),
            interface_id: id.into(),
            enabled,
            link_status: None,
            ip_address: None,
            ip_source: None,
            subnet_mask: None,
            mac_address: None,
            default_gateway_ip: None,
            vlan_id: None,
            vlan_priority: None,
            ipv6_addresses: Vec::new(),
            hostname: None,
            fqdn: None,
            name_servers: Vec::new(),
            ipv4: addrs
                .iter()
                .map(|a| Ipv4Entry {
                    address: a.parse().unwrap(),
                    subnet_mask: None,
                    origin: None,
                    gateway: None,
                })
                .collect(),
        };
        i.sum_up_ipv4();
        i
    }

    fn primary_id(list: Vec<Interface>) -> Option<String> {
        Settings::new(list).map(|s| s.primary().interface_id.clone())
    }

    #[test]
    fn the_primary_is_the_first_enabled_with_a_routable_address() {
        let list = vec![
            iface("off", false, &["10.0.0.1"]),
            iface("ll", true, &["169.254.0.2"]),
            iface("none", true, &[]),
            iface("eth1", true, &["169.254.0.3", "10.0.0.9"]),
            iface("eth2", true, &["10.0.0.10"]),
        ];
        assert_eq!(primary_id(list.clone()).as_deref(), Some("eth1"));
        let s = Settings::new(list).unwrap();
        assert_eq!(s.primary().ip_address.as_deref(), Some("10.0.0.9"));
    }

    #[test]
    fn else_the_first_enabled_else_the_first() {
        let list = vec![
            iface("off", false, &["10.0.0.1"]),
            iface("ll", true, &["169.254.0.2"]),
        ];
        assert_eq!(primary_id(list).as_deref(), Some("ll"));
        let list = vec![iface("a", false, &["10.0.0.1"]), iface("b", false, &[])];
        assert_eq!(primary_id(list).as_deref(), Some("a"));
        assert_eq!(primary_id(Vec::new()), None);
    }

    #[test]
    fn json_keeps_the_ipmi_keys() {
        let s = Settings::new(vec![iface("eth0", true, &["10.0.0.9"])]).unwrap();
        let v = s.to_json();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "protocol",
                "channel",
                "ip_address",
                "ip_source",
                "subnet_mask",
                "mac_address",
                "default_gateway_ip",
                "default_gateway_mac",
                "backup_gateway_ip",
                "backup_gateway_mac",
                "vlan_id",
                "vlan_priority",
                "cipher_suites",
                "manager_id",
                "interface_id",
                "ipv6_addresses",
                "hostname",
                "fqdn",
                "name_servers",
                "interfaces",
                "fields"
            ]
        );
        assert_eq!(v["ip_address"], "10.0.0.9");
        assert_eq!(v["interfaces"][0]["enabled"], true);
        assert!(v["interfaces"][0].get("ipv4").is_none());
    }
}
