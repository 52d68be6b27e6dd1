//! Output of `tk bmc`, pure over a [`Summary`]: the table people read
//! (the fields they look for first, then every other field as ipmitool
//! labels it), `--json` through serde_json, and `--field NAME` for
//! scripts. Writers are generic so tests render into a `Vec<u8>`.

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::model::{KEYS, Summary};

/// Shown for a first-block field the BMC did not print.
const NOT_REPORTED: &str = "(not reported)";

/// The table: channel (when known), address, source, mask, MAC, gateways
/// and VLAN first, a blank line, then the remaining fields in ipmitool's
/// order, continuation lines under their field.
pub fn table(summary: &Summary<'_>, out: &mut impl Write) -> io::Result<()> {
    let fields = summary.fields.0;
    let first: Vec<&str> = KEYS
        .iter()
        .map(|(_, label)| *label)
        .filter(|label| *label != "RMCP+ Cipher Suites")
        .collect();
    let width = fields
        .iter()
        .map(|f| f.label.chars().count())
        .chain(first.iter().map(|l| l.len()))
        .max()
        .unwrap_or(0)
        + 2;
    if let Some(channel) = summary.channel {
        row(out, width, "Channel", &channel.to_string())?;
    }
    for label in &first {
        match fields.iter().find(|f| f.label.eq_ignore_ascii_case(label)) {
            Some(f) => rows(out, width, &f.label, &f.values)?,
            None => row(out, width, label, NOT_REPORTED)?,
        }
    }
    let rest: Vec<_> = fields
        .iter()
        .filter(|f| !first.iter().any(|l| f.label.eq_ignore_ascii_case(l)))
        .collect();
    if !rest.is_empty() {
        writeln!(out)?;
    }
    for f in rest {
        rows(out, width, &f.label, &f.values)?;
    }
    Ok(())
}

fn rows(out: &mut impl Write, width: usize, label: &str, values: &[String]) -> io::Result<()> {
    for (i, value) in values.iter().enumerate() {
        row(out, width, if i == 0 { label } else { "" }, value)?;
    }
    Ok(())
}

fn row(out: &mut impl Write, width: usize, label: &str, value: &str) -> io::Result<()> {
    let line = format!("{:width$}{}", sanitize(label), sanitize(value));
    writeln!(out, "{}", line.trim_end())
}

/// Control characters from the BMC (an SNMP community string is any bytes)
/// are shown escaped, so they cannot drive the terminal.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `--json`: one object, pretty-printed, with a final newline.
pub fn json(summary: &Summary<'_>, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, summary)?;
    writeln!(out)
}

/// `--field NAME` found no such key or label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

/// The lines `--field NAME` prints. NAME is a `--json` key (`ip_address`;
/// null prints as an empty line, a list as `1,2,3`) or an ipmitool label
/// (`Auth Type Enable`; one line per value), both without regard to case.
pub fn field(summary: &Summary<'_>, name: &str) -> Result<Vec<String>, UnknownField> {
    let json = serde_json::to_value(summary).unwrap_or(Value::Null);
    field_in(json.as_object().unwrap_or(&Map::new()), name)
}

/// `field` over the `--json` object of one BMC, as the fleet keeps it:
/// a key other than `fields`, else a label under `fields`.
pub fn field_in(json: &Map<String, Value>, name: &str) -> Result<Vec<String>, UnknownField> {
    let name = name.trim();
    let find = |map: &Map<String, Value>, skip: &str| {
        map.iter()
            .find(|(k, _)| k.as_str() != skip && k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if let Some(value) = find(json, "fields") {
        return Ok(vec![scalar(&value)]);
    }
    let label = json
        .get("fields")
        .and_then(Value::as_object)
        .and_then(|fields| find(fields, ""));
    match label {
        Some(Value::Array(values)) => Ok(values.iter().map(scalar).collect()),
        Some(value) => Ok(vec![scalar(&value)]),
        None => Err(UnknownField(name.to_string())),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bmc::parse::parse;

    const TEXT: &str = "Set in Progress : Set Complete\n\
        Auth Type Enable : Callback : MD5\n : User : NONE\n\
        IP Address Source : DHCP Address\nIP Address : 10.0.0.9\n\
        MAC Address : 00:AA:bb:cc:dd:ee\n802.1q VLAN ID : Disabled\n\
        RMCP+ Cipher Suites : 1,2,3\nSNMP Community String : a\u{1b}[2Jb\n";

    fn render(
        f: impl Fn(&Summary<'_>, &mut Vec<u8>) -> io::Result<()>,
        channel: Option<u8>,
    ) -> String {
        let print = parse(TEXT).unwrap();
        let mut out = Vec::new();
        f(&Summary::new(&print, channel), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_puts_the_first_block_first() {
        let text = render(table, Some(1));
        let want = "\
Channel                1
IP Address             10.0.0.9
IP Address Source      DHCP Address
Subnet Mask            (not reported)
MAC Address            00:AA:bb:cc:dd:ee
Default Gateway IP     (not reported)
Default Gateway MAC    (not reported)
Backup Gateway IP      (not reported)
Backup Gateway MAC     (not reported)
802.1q VLAN ID         Disabled
802.1q VLAN Priority   (not reported)

Set in Progress        Set Complete
Auth Type Enable       Callback : MD5
                       User : NONE
RMCP+ Cipher Suites    1,2,3
SNMP Community String  a\\u{1b}[2Jb
";
        assert_eq!(text, want);
    }

    #[test]
    fn json_has_typed_keys_and_fields() {
        let text = render(json, None);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["channel"], Value::Null);
        assert_eq!(v["ip_source"], "dhcp");
        assert_eq!(v["mac_address"], "00:aa:bb:cc:dd:ee");
        assert_eq!(v["vlan_id"], Value::Null);
        assert_eq!(v["cipher_suites"], serde_json::json!([1, 2, 3]));
        assert_eq!(v["fields"]["Auth Type Enable"][1], "User : NONE");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn field_by_key_or_label() {
        let print = parse(TEXT).unwrap();
        let s = Summary::new(&print, None);
        assert_eq!(field(&s, "ip_address").unwrap(), ["10.0.0.9"]);
        assert_eq!(field(&s, "IP_SOURCE").unwrap(), ["dhcp"]);
        assert_eq!(field(&s, "vlan_id").unwrap(), [""]);
        assert_eq!(field(&s, "cipher_suites").unwrap(), ["1,2,3"]);
        assert_eq!(field(&s, "ip address").unwrap(), ["10.0.0.9"]);
        assert_eq!(
            field(&s, "Auth Type Enable").unwrap(),
            ["Callback : MD5", "User : NONE"]
        );
        assert_eq!(field(&s, "fields"), Err(UnknownField("fields".into())));
        assert_eq!(field(&s, "nope"), Err(UnknownField("nope".into())));
    }
}
