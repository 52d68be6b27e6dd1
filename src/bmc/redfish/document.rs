//! The four kinds of Redfish document tk reads, from JSON to what tk
//! needs of them, with no I/O: the service root (is it Redfish, where are
//! the managers and the sessions), a collection (its members' links), a
//! manager (its id and its EthernetInterfaces link) and an Ethernet
//! interface (normalised into a [`model::Interface`]).
//!
//! Property names and types follow the DMTF schema (ServiceRoot v1,
//! Manager v1, EthernetInterface v1, IPAddresses v1, VLanNetworkInterface
//! v1). Real services leave properties out or give them the wrong type;
//! such a property counts as absent. Links are only ever `@odata.id`.

use serde_json::Value;

use super::model::{Interface, Ipv4Entry, Ipv6Entry};
use super::normalise;

/// What tk needs from `/redfish/v1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRoot {
    pub managers: Option<String>,
    /// `Links.Sessions`: where to POST a login; None means HTTP Basic.
    pub sessions: Option<String>,
}

/// Why a document is not what its place in the walk needs.
pub type Problem = String;

/// The service root, or why it is not one.
pub fn service_root(doc: &Value) -> Result<ServiceRoot, Problem> {
    if !doc.is_object() {
        return Err(format!("/redfish/v1 is JSON {}, not an object", kind(doc)));
    }
    let version = doc.get("RedfishVersion").and_then(Value::as_str);
    let root_type = doc
        .get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.starts_with("#ServiceRoot."));
    if version.is_none() && !root_type {
        return Err("/redfish/v1 has no RedfishVersion".to_string());
    }
    Ok(ServiceRoot {
        managers: link(doc.get("Managers")),
        sessions: link(doc.pointer("/Links/Sessions")),
    })
}

/// The links of a collection's `Members`, in order.
pub fn members(doc: &Value) -> Result<Vec<String>, Problem> {
    let Some(list) = doc.get("Members").and_then(Value::as_array) else {
        return Err("it is not a collection: it has no Members list".to_string());
    };
    list.iter()
        .enumerate()
        .map(|(i, member)| {
            link(Some(member)).ok_or_else(|| format!("member {} has no @odata.id link", i + 1))
        })
        .collect()
}

/// What tk needs from a manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manager {
    pub id: String,
    pub interfaces: Option<String>,
}

/// A manager document found at `uri`.
pub fn manager(doc: &Value, uri: &str) -> Result<Manager, Problem> {
    object(doc)?;
    Ok(Manager {
        id: id(doc, uri),
        interfaces: link(doc.get("EthernetInterfaces")),
    })
}

/// An EthernetInterface document found at `uri`, of manager `manager_id`.
pub fn ethernet_interface(doc: &Value, uri: &str, manager_id: &str) -> Result<Interface, Problem> {
    object(doc)?;
    let state = doc.pointer("/Status/State").and_then(Value::as_str);
    let enabled = doc.get("InterfaceEnabled").and_then(Value::as_bool) != Some(false)
        && state != Some("Disabled");
    let vlan = doc.get("VLAN");
    let vlan_on = vlan
        .and_then(|v| v.get("VLANEnable"))
        .and_then(Value::as_bool);
    let vlan_id = vlan
        .and_then(|v| number(v.get("VLANId")))
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| *n <= 4094);
    // Without VLANEnable, only an id a VLAN can have (1 to 4094) means one.
    let vlan_id = match vlan_on {
        Some(true) => vlan_id,
        Some(false) => None,
        None => vlan_id.filter(|n| *n > 0),
    };
    let vlan_priority = vlan_id
        .and(vlan.and_then(|v| number(v.get("VLANPriority"))))
        .and_then(|n| u8::try_from(n).ok())
        .filter(|n| *n <= 7);
    let mut interface = Interface {
        manager_id: manager_id.to_string(),
        interface_id: id(doc, uri),
        enabled,
        link_status: string(doc.get("LinkStatus")),
        ip_address: None,
        ip_source: None,
        subnet_mask: None,
        mac_address: str_of(doc.get("MACAddress"))
            .and_then(normalise::mac)
            .or_else(|| str_of(doc.get("PermanentMACAddress")).and_then(normalise::mac)),
        default_gateway_ip: None,
        vlan_id,
        vlan_priority,
        ipv6_addresses: ipv6_entries(doc.get("IPv6Addresses")),
        hostname: string(doc.get("HostName")),
        fqdn: string(doc.get("FQDN")),
        name_servers: list(doc.get("NameServers"))
            .filter_map(|v| v.as_str().and_then(normalise::name_server))
            .collect(),
        ipv4: ipv4_entries(doc.get("IPv4Addresses")),
    };
    interface.sum_up_ipv4();
    Ok(interface)
}

fn ipv4_entries(value: Option<&Value>) -> Vec<Ipv4Entry> {
    list(value)
        .filter_map(|entry| {
            Some(Ipv4Entry {
                address: str_of(entry.get("Address")).and_then(normalise::ipv4)?,
                subnet_mask: str_of(entry.get("SubnetMask"))
                    .and_then(normalise::ipv4)
                    .map(|a| a.to_string()),
                origin: str_of(entry.get("AddressOrigin")).and_then(normalise::origin),
                gateway: str_of(entry.get("Gateway"))
                    .and_then(normalise::ipv4)
                    .map(|a| a.to_string()),
            })
        })
        .collect()
}

fn ipv6_entries(value: Option<&Value>) -> Vec<Ipv6Entry> {
    list(value)
        .filter_map(|entry| {
            let (ip, prefix_in_text) = str_of(entry.get("Address")).and_then(normalise::ipv6)?;
            let prefix = number(entry.get("PrefixLength"))
                .and_then(|n| u8::try_from(n).ok())
                .filter(|n| *n <= 128)
                .or(prefix_in_text);
            Some(Ipv6Entry {
                ip,
                prefix,
                origin: str_of(entry.get("AddressOrigin")).and_then(normalise::origin),
            })
        })
        .collect()
}

/// `{"@odata.id": "..."}`'s link, when it is a non-empty string.
fn link(value: Option<&Value>) -> Option<String> {
    value?
        .get("@odata.id")?
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// The document's `Id`, else the last segment of its URI.
fn id(doc: &Value, uri: &str) -> String {
    string(doc.get("Id")).unwrap_or_else(|| {
        uri.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(uri)
            .to_string()
    })
}

fn object(doc: &Value) -> Result<(), Problem> {
    match doc {
        Value::Object(_) => Ok(()),
        other => Err(format!("it is JSON {}, not an object", kind(other))),
    }
}

fn kind(doc: &Value) -> &'static str {
    match doc {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn str_of(value: Option<&Value>) -> Option<&str> {
    value?.as_str()
}

fn string(value: Option<&Value>) -> Option<String> {
    str_of(value).and_then(normalise::text)
}

/// A whole number given as a number or as a string of digits.
fn number(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn list(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn service_roots() {
        let root = json!({"RedfishVersion": "1.6.0", "Managers": {"@odata.id": "/redfish/v1/Managers"},
                          "Links": {"Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}}});
        assert_eq!(
            service_root(&root).unwrap(),
            ServiceRoot {
                managers: Some("/redfish/v1/Managers".into()),
                sessions: Some("/redfish/v1/SessionService/Sessions".into())
            }
        );
        let typed = json!({"@odata.type": "#ServiceRoot.v1_5_0.ServiceRoot"});
        assert_eq!(service_root(&typed).unwrap().managers, None);
        assert!(service_root(&json!({"name": "router"})).is_err());
        assert!(service_root(&json!([1])).unwrap_err().contains("a list"));
    }

    #[test]
    fn members_need_links() {
        let doc = json!({"Members": [{"@odata.id": "/a/"}, {"@odata.id": "/b"}]});
        assert_eq!(members(&doc).unwrap(), ["/a/", "/b"]);
        let doc = json!({"Members": [{"@odata.id": "/a"}, {"id": "/b"}]});
        assert_eq!(members(&doc).unwrap_err(), "member 2 has no @odata.id link");
        assert!(members(&json!({"Members": {}})).is_err());
        assert!(members(&json!({"Members": []})).unwrap().is_empty());
    }

    #[test]
    fn manager_ids_fall_back_to_the_uri() {
        let m = manager(&json!({}), "/redfish/v1/Managers/iDRAC.Embedded.1/").unwrap();
        assert_eq!(m.id, "iDRAC.Embedded.1");
        assert_eq!(m.interfaces, None);
        let m = manager(
            &json!({"Id": "bmc", "EthernetInterfaces": {"@odata.id": "/e"}}),
            "/x",
        )
        .unwrap();
        assert_eq!(
            (m.id.as_str(), m.interfaces.as_deref()),
            ("bmc", Some("/e"))
        );
    }

    #[test]
    fn a_messy_interface_is_normalised() {
        let doc = json!({
            "Id": "NIC.1", "InterfaceEnabled": true, "LinkStatus": "LinkUp",
            "MACAddress": "A4-BF-01-28-90-AC", "HostName": "", "FQDN": "bmc.example.com",
            "NameServers": ["10.0.0.2", "0.0.0.0", "", "::", "2001:DB8::35"],
            "VLAN": {"VLANEnable": false, "VLANId": 42},
            "IPv4Addresses": [
                {"Address": "0.0.0.0", "SubnetMask": "0.0.0.0"},
                {"Address": "", "AddressOrigin": "Static"},
                {"Address": "192.0.2.10", "SubnetMask": "255.255.255.0", "AddressOrigin": "DHCP",
                 "Gateway": "198.51.100.1"}
            ],
            "IPv6Addresses": [
                {"Address": "::", "PrefixLength": 0},
                {"Address": "FE80:0000::A6BF:01FF:FE28:90AC", "PrefixLength": 64, "AddressOrigin": "LinkLocal"},
                {"Address": "2001:db8::10/64", "AddressOrigin": "SLAAC"}
            ]
        });
        let i = ethernet_interface(&doc, "/x/NIC.1", "bmc").unwrap();
        assert_eq!(i.mac_address.as_deref(), Some("a4:bf:01:28:90:ac"));
        assert_eq!(i.hostname, None);
        assert_eq!(i.name_servers, ["10.0.0.2", "2001:db8::35"]);
        assert_eq!(i.vlan_id, None);
        assert_eq!(i.ip_address.as_deref(), Some("192.0.2.10"));
        assert_eq!(i.ip_source.as_deref(), Some("dhcp"));
        // Outside the subnet, and reported as it is.
        assert_eq!(i.default_gateway_ip.as_deref(), Some("198.51.100.1"));
        let v6: Vec<(&str, Option<u8>)> = i
            .ipv6_addresses
            .iter()
            .map(|e| (e.ip.as_str(), e.prefix))
            .collect();
        assert_eq!(
            v6,
            [
                ("fe80::a6bf:1ff:fe28:90ac", Some(64)),
                ("2001:db8::10", Some(64))
            ]
        );
        assert!(i.enabled);
    }

    #[test]
    fn vlans_and_states() {
        let on = |v: Value| ethernet_interface(&json!({"VLAN": v}), "/i/1", "m").unwrap();
        assert_eq!(
            on(json!({"VLANEnable": true, "VLANId": 42, "VLANPriority": 3})).vlan_id,
            Some(42)
        );
        assert_eq!(
            on(json!({"VLANEnable": true, "VLANId": 42, "VLANPriority": 3})).vlan_priority,
            Some(3)
        );
        assert_eq!(
            on(json!({"VLANEnable": true, "VLANId": "7"})).vlan_id,
            Some(7)
        );
        assert_eq!(
            on(json!({"VLANEnable": true, "VLANId": 5000})).vlan_id,
            None
        );
        assert_eq!(on(json!({"VLANId": 0})).vlan_id, None);
        assert_eq!(on(json!({"VLANId": 12})).vlan_id, Some(12));
        assert_eq!(
            on(json!({"VLANEnable": false, "VLANId": 12, "VLANPriority": 1})).vlan_priority,
            None
        );
        let i = ethernet_interface(&json!({"Status": {"State": "Disabled"}}), "/i/1", "m").unwrap();
        assert!(!i.enabled);
        assert_eq!(i.interface_id, "1");
        let i = ethernet_interface(&json!({"InterfaceEnabled": false}), "/i/2/", "m").unwrap();
        assert!(!i.enabled);
        assert_eq!(i.interface_id, "2");
        let i = ethernet_interface(
            &json!({"InterfaceEnabled": "yes", "Status": 3}),
            "/i/3",
            "m",
        )
        .unwrap();
        assert!(i.enabled);
        assert!(ethernet_interface(&json!("x"), "/i", "m").is_err());
    }
}
