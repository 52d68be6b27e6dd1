//! What `tk bmc` knows about a BMC's LAN settings: the fields of one
//! `ipmitool lan print` under ipmitool's own labels ([`LanPrint`]), and the
//! typed summary derived from them ([`Summary`]), which is what `--json`
//! and `--field` expose under stable keys. Pure data and pure functions.

use std::net::Ipv4Addr;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// One field of `lan print`: its label and its value, plus one value per
/// continuation line (`Auth Type Enable`'s per-level lines, the cipher
/// suite legend). Values are trimmed and never empty as a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub values: Vec<String>,
}

/// Every field of one `lan print`, in the order ipmitool printed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanPrint {
    pub fields: Vec<Field>,
    /// 1-based numbers of lines that were neither a field nor a
    /// continuation (stderr noise in a `2>&1` capture, for instance).
    pub ignored_lines: Vec<usize>,
}

impl LanPrint {
    /// The field with this label, compared without case or padding.
    pub fn get(&self, label: &str) -> Option<&Field> {
        let label = label.trim();
        self.fields
            .iter()
            .find(|f| f.label.eq_ignore_ascii_case(label))
    }

    /// The first value of the field with this label.
    pub fn value(&self, label: &str) -> Option<&str> {
        self.get(label).map(|f| f.values[0].as_str())
    }

    /// One line about the lines that were neither field nor continuation
    /// (the first five of them by number), if there were any.
    pub fn skipped_lines_warning(&self) -> Option<String> {
        let lines = &self.ignored_lines;
        if lines.is_empty() {
            return None;
        }
        let mut list: Vec<String> = lines.iter().take(5).map(ToString::to_string).collect();
        if lines.len() > 5 {
            list.push("...".to_string());
        }
        Some(format!(
            "skipped {} line(s) that are not `Label : value` (line {})",
            lines.len(),
            list.join(", ")
        ))
    }
}

/// Labels `ipmitool lan print` prints, from ipmitool's `ipmi_lan_params`
/// table and its `ipmi_lan_print` (1.8.x). "Gratituous" is ipmitool's own
/// spelling; later builds fixed it, so both are here.
pub const KNOWN_LABELS: &[&str] = &[
    "Set in Progress",
    "Auth Type Support",
    "Auth Type Enable",
    "IP Address Source",
    "IP Address",
    "Subnet Mask",
    "MAC Address",
    "SNMP Community String",
    "IP Header",
    "Primary RMCP Port",
    "Secondary RMCP Port",
    "BMC ARP Control",
    "Gratituous ARP Intrvl",
    "Gratuitous ARP Intrvl",
    "Default Gateway IP",
    "Default Gateway MAC",
    "Backup Gateway IP",
    "Backup Gateway MAC",
    "802.1q VLAN ID",
    "802.1q VLAN Priority",
    "RMCP+ Cipher Suites",
    "Cipher Suite Priv Max",
    "Bad Password Threshold",
    "Invalid password disable",
    "Attempt Count Reset Int.",
    "User Lockout Interval",
];

/// True for a label that `ipmitool lan print` prints.
pub fn is_known_label(label: &str) -> bool {
    KNOWN_LABELS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(label.trim()))
}

/// Where the BMC's IP address comes from (`IP Address Source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IpSource {
    Static,
    Dhcp,
    Bios,
    Other,
    Unspecified,
}

impl IpSource {
    /// ipmitool prints "Static Address", "DHCP Address", "BIOS Assigned
    /// Address", "Other" or "Unspecified"; vendors' builds vary the words.
    fn from_value(value: &str) -> Option<IpSource> {
        let v = value.to_ascii_lowercase();
        let source = if v.contains("static") {
            IpSource::Static
        } else if v.contains("dhcp") {
            IpSource::Dhcp
        } else if v.contains("bios") {
            IpSource::Bios
        } else if v.contains("unspecified") {
            IpSource::Unspecified
        } else if v.contains("other") {
            IpSource::Other
        } else {
            return None;
        };
        Some(source)
    }
}

/// The typed view of a `lan print`: the `--json` keys, in their order.
/// `None` means the field is missing or its value is not one (for
/// example "Not Available" as an IP address, "Disabled" as a VLAN ID).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary<'a> {
    /// Always "ipmi" here; "redfish" in `tk bmc --redfish`'s JSON, so a
    /// script can tell which protocol answered.
    pub protocol: &'static str,
    /// The `--channel` asked for; `lan print` itself does not print it.
    pub channel: Option<u8>,
    pub ip_address: Option<String>,
    pub ip_source: Option<IpSource>,
    pub subnet_mask: Option<String>,
    pub mac_address: Option<String>,
    pub default_gateway_ip: Option<String>,
    pub default_gateway_mac: Option<String>,
    pub backup_gateway_ip: Option<String>,
    pub backup_gateway_mac: Option<String>,
    pub vlan_id: Option<u16>,
    pub vlan_priority: Option<u8>,
    pub cipher_suites: Vec<u8>,
    /// Every field under ipmitool's label.
    pub fields: Fields<'a>,
}

/// The JSON keys of [`Summary`] and the `lan print` label each comes from,
/// for `--field` and for the table's first block.
pub const KEYS: &[(&str, &str)] = &[
    ("ip_address", "IP Address"),
    ("ip_source", "IP Address Source"),
    ("subnet_mask", "Subnet Mask"),
    ("mac_address", "MAC Address"),
    ("default_gateway_ip", "Default Gateway IP"),
    ("default_gateway_mac", "Default Gateway MAC"),
    ("backup_gateway_ip", "Backup Gateway IP"),
    ("backup_gateway_mac", "Backup Gateway MAC"),
    ("vlan_id", "802.1q VLAN ID"),
    ("vlan_priority", "802.1q VLAN Priority"),
    ("cipher_suites", "RMCP+ Cipher Suites"),
];

impl<'a> Summary<'a> {
    pub fn new(print: &'a LanPrint, channel: Option<u8>) -> Summary<'a> {
        let v = |label| print.value(label);
        Summary {
            protocol: "ipmi",
            channel,
            ip_address: v("IP Address").and_then(ipv4),
            ip_source: v("IP Address Source").and_then(IpSource::from_value),
            subnet_mask: v("Subnet Mask").and_then(ipv4),
            mac_address: v("MAC Address").and_then(mac),
            default_gateway_ip: v("Default Gateway IP").and_then(ipv4),
            default_gateway_mac: v("Default Gateway MAC").and_then(mac),
            backup_gateway_ip: v("Backup Gateway IP").and_then(ipv4),
            backup_gateway_mac: v("Backup Gateway MAC").and_then(mac),
            vlan_id: v("802.1q VLAN ID")
                .and_then(|s| s.parse().ok())
                .filter(|id| *id <= 4095),
            vlan_priority: v("802.1q VLAN Priority")
                .and_then(|s| s.parse().ok())
                .filter(|p| *p <= 7),
            cipher_suites: v("RMCP+ Cipher Suites").map_or_else(Vec::new, cipher_list),
            fields: Fields(&print.fields),
        }
    }
}

/// A dotted IPv4 address as ipmitool prints it, normalised
/// ("010.1.2.3" is refused rather than guessed).
fn ipv4(value: &str) -> Option<String> {
    value.parse::<Ipv4Addr>().ok().map(|a| a.to_string())
}

/// Six hex octets separated by `:` (ipmitool) or `-` (some captures),
/// normalised to lowercase with colons.
fn mac(value: &str) -> Option<String> {
    let octets: Vec<&str> = value.split([':', '-']).collect();
    let ok = octets.len() == 6
        && octets
            .iter()
            .all(|o| o.len() == 2 && o.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then(|| octets.join(":").to_ascii_lowercase())
}

/// "1,2,3,6" -> [1, 2, 3, 6]; "None" or junk entries are left out.
fn cipher_list(value: &str) -> Vec<u8> {
    value
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// `fields` in JSON: an object in ipmitool's order, a string per field,
/// or a list of strings for a field with continuation lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields<'a>(pub &'a [Field]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for field in self.0 {
            match field.values.as_slice() {
                [one] => map.serialize_entry(&field.label, one)?,
                many => map.serialize_entry(&field.label, many)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(text: &str) -> LanPrint {
        crate::bmc::parse::parse(text).unwrap()
    }

    #[test]
    fn ip_sources() {
        for (text, want) in [
            ("Static Address", Some(IpSource::Static)),
            ("DHCP Address", Some(IpSource::Dhcp)),
            ("BIOS Assigned Address", Some(IpSource::Bios)),
            ("Other", Some(IpSource::Other)),
            ("Unspecified", Some(IpSource::Unspecified)),
            ("Not Available", None),
            ("", None),
        ] {
            assert_eq!(IpSource::from_value(text), want, "{text}");
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(ipv4("0.0.0.0").as_deref(), Some("0.0.0.0"));
        assert_eq!(ipv4("Not Available"), None);
        assert_eq!(ipv4("300.1.1.1"), None);
        assert_eq!(
            mac("52:54:00:AA:bb:0c").as_deref(),
            Some("52:54:00:aa:bb:0c")
        );
        assert_eq!(
            mac("52-54-00-aa-bb-0c").as_deref(),
            Some("52:54:00:aa:bb:0c")
        );
        assert_eq!(mac("52:54:00:aa:bb"), None);
        assert_eq!(mac("52:54:00:aa:bb:0g"), None);
        assert_eq!(mac("Not Available"), None);
    }

    #[test]
    fn vlan_and_ciphers() {
        let p = print(
            "802.1q VLAN ID : Disabled\n802.1q VLAN Priority : 9\nRMCP+ Cipher Suites : None\n",
        );
        let s = Summary::new(&p, None);
        assert_eq!((s.vlan_id, s.vlan_priority), (None, None));
        assert!(s.cipher_suites.is_empty());
        let p = print(
            "802.1q VLAN ID : 42\n802.1q VLAN Priority : 3\nRMCP+ Cipher Suites : 1,2, 3,x,17\n",
        );
        let s = Summary::new(&p, Some(1));
        assert_eq!(
            (s.vlan_id, s.vlan_priority, s.channel),
            (Some(42), Some(3), Some(1))
        );
        assert_eq!(s.cipher_suites, [1, 2, 3, 17]);
    }

    #[test]
    fn fields_serialize_in_order_with_lists() {
        let p = print(
            "IP Address : 1.2.3.4\nAuth Type Enable : Callback : MD5\n : User : NONE\nAnother : x\n",
        );
        let json = serde_json::to_string(&Fields(&p.fields)).unwrap();
        assert_eq!(
            json,
            r#"{"IP Address":"1.2.3.4","Auth Type Enable":["Callback : MD5","User : NONE"],"Another":"x"}"#
        );
    }

    #[test]
    fn labels_are_found_without_case_or_padding() {
        let p = print("ip address : 1.2.3.4\n");
        assert_eq!(p.value(" IP Address "), Some("1.2.3.4"));
        assert!(is_known_label("subnet mask"));
        assert!(!is_known_label("Error"));
    }
}
