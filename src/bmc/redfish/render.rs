//! Output of `tk bmc --redfish`, pure over [`Settings`]: the table (the
//! primary interface's facts first, under the IPMI table's labels, then
//! each other interface), `--json`, and `--field NAME` for scripts.

use std::io::{self, Write};

use serde_json::Value;

use super::model::{Interface, KEYS, Settings};
use crate::bmc::render::sanitize;

/// Shown for a fact the service did not give.
const NOT_REPORTED: &str = "(not reported)";

/// The labels' column width.
const WIDTH: usize = 21;

/// The table: `Protocol redfish`, the primary interface, then a blank
/// line and a block per other interface, in collection order.
pub fn table(settings: &Settings, out: &mut impl Write) -> io::Result<()> {
    row(out, "Protocol", "redfish")?;
    block(out, settings.primary())?;
    for (i, interface) in settings.interfaces.iter().enumerate() {
        if i != settings.primary {
            writeln!(out)?;
            block(out, interface)?;
        }
    }
    Ok(())
}

fn block(out: &mut impl Write, i: &Interface) -> io::Result<()> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| NOT_REPORTED.to_string());
    row(out, "Manager", &i.manager_id)?;
    row(out, "Interface", &i.interface_id)?;
    row(out, "Enabled", if i.enabled { "yes" } else { "no" })?;
    row(out, "Link Status", &opt(&i.link_status))?;
    row(out, "IP Address", &opt(&i.ip_address))?;
    row(out, "IP Address Source", &opt(&i.ip_source))?;
    row(out, "Subnet Mask", &opt(&i.subnet_mask))?;
    row(out, "MAC Address", &opt(&i.mac_address))?;
    row(out, "Default Gateway IP", &opt(&i.default_gateway_ip))?;
    let vlan = i
        .vlan_id
        .map_or_else(|| "Disabled".to_string(), |id| id.to_string());
    row(out, "802.1q VLAN ID", &vlan)?;
    let v6: Vec<String> = i.ipv6_addresses.iter().map(ipv6_text).collect();
    rows(out, "IPv6 Addresses", &v6)?;
    row(out, "Host Name", &opt(&i.hostname))?;
    row(out, "FQDN", &opt(&i.fqdn))?;
    rows(out, "Name Servers", &i.name_servers)
}

/// `2001:db8::5/64 (static)`.
fn ipv6_text(e: &super::model::Ipv6Entry) -> String {
    let mut text = e.ip.clone();
    if let Some(prefix) = e.prefix {
        text.push_str(&format!("/{prefix}"));
    }
    if let Some(origin) = &e.origin {
        text.push_str(&format!(" ({origin})"));
    }
    text
}

/// A label and one line per value (`(none)` for an empty list).
fn rows(out: &mut impl Write, label: &str, values: &[String]) -> io::Result<()> {
    if values.is_empty() {
        return row(out, label, "(none)");
    }
    for (n, value) in values.iter().enumerate() {
        row(out, if n == 0 { label } else { "" }, value)?;
    }
    Ok(())
}

fn row(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    let line = format!("{label:WIDTH$}{}", sanitize(value));
    writeln!(out, "{}", line.trim_end())
}

/// `--json`: one object, pretty-printed, with a final newline.
pub fn json(settings: &Settings, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &settings.to_json())?;
    writeln!(out)
}

/// `--field NAME` found no such key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

/// The line `--field NAME` prints: the `--json` key NAME (without regard
/// to case) of the primary interface; null prints as an empty line, a
/// list as `a,b`, an IPv6 entry as `ip/prefix`. Values are as the BMC
/// gave them, as for the IPMI path's `--field`.
pub fn field(settings: &Settings, name: &str) -> Result<String, UnknownField> {
    let name = name.trim();
    let json = settings.to_json();
    let key = std::iter::once("protocol")
        .chain(KEYS.iter().copied())
        .find(|k| k.eq_ignore_ascii_case(name))
        .ok_or_else(|| UnknownField(name.to_string()))?;
    Ok(scalar(&json[key]))
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(map) => match (map.get("ip"), map.get("prefix")) {
            (Some(ip), Some(Value::Number(p))) => format!("{}/{p}", scalar(ip)),
            (Some(ip), _) => scalar(ip),
            _ => value.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bmc::redfish::document::ethernet_interface;
    use serde_json::json;

    fn settings() -> Settings {
        let a = ethernet_interface(
            &json!({"Id": "usb0", "InterfaceEnabled": false, "IPv4Addresses": [{"Address": "169.254.0.17"}]}),
            "/m/1/e/usb0",
            "bmc",
        )
        .unwrap();
        let b = ethernet_interface(
            &json!({"Id": "eth0", "LinkStatus": "LinkUp", "MACAddress": "A4-BF-01-28-90-AC",
                    "HostName": "bmc\u{1b}[2J1",
                    "VLAN": {"VLANEnable": true, "VLANId": 42},
                    "IPv4Addresses": [{"Address": "10.0.0.9", "SubnetMask": "255.255.255.0",
                                       "AddressOrigin": "Static", "Gateway": "10.0.0.1"}],
                    "IPv6Addresses": [{"Address": "2001:DB8::9", "PrefixLength": 64, "AddressOrigin": "Static"},
                                      {"Address": "fe80::1"}],
                    "NameServers": ["10.0.0.2", "10.0.0.3"]}),
            "/m/1/e/eth0",
            "bmc",
        )
        .unwrap();
        Settings::new(vec![a, b]).unwrap()
    }

    #[test]
    fn the_table_puts_the_primary_first() {
        let mut out = Vec::new();
        table(&settings(), &mut out).unwrap();
        let want = "\
Protocol             redfish
Manager              bmc
Interface            eth0
Enabled              yes
Link Status          LinkUp
IP Address           10.0.0.9
IP Address Source    static
Subnet Mask          255.255.255.0
MAC Address          a4:bf:01:28:90:ac
Default Gateway IP   10.0.0.1
802.1q VLAN ID       42
IPv6 Addresses       2001:db8::9/64 (static)
                     fe80::1
Host Name            bmc\\u{1b}[2J1
FQDN                 (not reported)
Name Servers         10.0.0.2
                     10.0.0.3

Manager              bmc
Interface            usb0
Enabled              no
Link Status          (not reported)
IP Address           169.254.0.17
IP Address Source    (not reported)
Subnet Mask          (not reported)
MAC Address          (not reported)
Default Gateway IP   (not reported)
802.1q VLAN ID       Disabled
IPv6 Addresses       (none)
Host Name            (not reported)
FQDN                 (not reported)
Name Servers         (none)
";
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn fields_by_json_key() {
        let s = settings();
        assert_eq!(field(&s, "ip_address").unwrap(), "10.0.0.9");
        assert_eq!(field(&s, "PROTOCOL").unwrap(), "redfish");
        assert_eq!(field(&s, "vlan_id").unwrap(), "42");
        assert_eq!(field(&s, "channel").unwrap(), "");
        assert_eq!(
            field(&s, "ipv6_addresses").unwrap(),
            "2001:db8::9/64,fe80::1"
        );
        assert_eq!(field(&s, "name_servers").unwrap(), "10.0.0.2,10.0.0.3");
        assert_eq!(field(&s, "hostname").unwrap(), "bmc\u{1b}[2J1");
        assert_eq!(
            field(&s, "interfaces"),
            Err(UnknownField("interfaces".into()))
        );
        assert_eq!(field(&s, "nope"), Err(UnknownField("nope".into())));
    }

    #[test]
    fn json_is_the_settings() {
        let mut out = Vec::new();
        json(&settings(), &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["protocol"], "redfish");
        assert_eq!(v["interface_id"], "eth0");
        assert_eq!(v["interfaces"].as_array().unwrap().len(), 2);
        assert_eq!(v["interfaces"][0]["interface_id"], "usb0");
        assert_eq!(
            v["ipv6_addresses"][1],
            json!({"ip": "fe80::1", "prefix": null, "origin": null})
        );
        assert!(out.ends_with(b"}\n"));
    }
}
