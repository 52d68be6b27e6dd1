//! Fuzz the Redfish document parsers (`tk::bmc::redfish::document`): the
//! input, when it is JSON, goes through each of them as a service root, a
//! collection, a manager and an Ethernet interface (and each item of its
//! `Interfaces` list as one more interface), then through the model and
//! every renderer. What comes out must be normalised: lower-case MACs
//! with colons, IPv4 addresses that are not 0.0.0.0, compressed IPv6,
//! VLAN ids of 1 to 4094 at most, valid JSON, a `--field` for each key.

#![no_main]

use std::net::{Ipv4Addr, Ipv6Addr};

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tk::bmc::redfish::document;
use tk::bmc::redfish::model::{Interface, KEYS, Settings};
use tk::bmc::redfish::render;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let _ = document::service_root(&doc);
    if let Ok(members) = document::members(&doc) {
        assert!(members.iter().all(|m| !m.trim().is_empty()));
    }
    if let Ok(manager) = document::manager(&doc, "/redfish/v1/Managers/1/") {
        assert!(!manager.id.is_empty());
    }
    let Ok(first) = document::ethernet_interface(&doc, "/redfish/v1/Managers/1/EthernetInterfaces/1", "1")
    else {
        return;
    };
    let mut list = vec![first];
    if let Some(items) = doc.get("Interfaces").and_then(Value::as_array) {
        for (i, item) in items.iter().enumerate() {
            let uri = format!("/m/1/e/{i}/");
            if let Ok(interface) = document::ethernet_interface(item, &uri, "m") {
                list.push(interface);
            }
        }
    }
    list.iter().for_each(check);
    let settings = Settings::new(list).expect("interfaces give settings");
    assert!(settings.primary < settings.interfaces.len());
    let mut out = Vec::new();
    render::table(&settings, &mut out).unwrap();
    let mut json = Vec::new();
    render::json(&settings, &mut json).unwrap();
    serde_json::from_slice::<Value>(&json).expect("--json prints valid JSON");
    for key in KEYS {
        render::field(&settings, key).expect("every key is a --field name");
    }
});

fn check(i: &Interface) {
    if let Some(mac) = &i.mac_address {
        assert_eq!(mac.len(), 17, "{mac}");
        assert!(mac.bytes().enumerate().all(|(n, b)| if n % 3 == 2 {
            b == b':'
        } else {
            b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
        }));
    }
    for addr in [&i.ip_address, &i.subnet_mask, &i.default_gateway_ip].into_iter().flatten() {
        let parsed: Ipv4Addr = addr.parse().expect("IPv4 addresses parse");
        assert!(!parsed.is_unspecified());
        assert_eq!(&parsed.to_string(), addr);
    }
    for entry in &i.ipv6_addresses {
        let parsed: Ipv6Addr = entry.ip.parse().expect("IPv6 addresses parse");
        assert!(!parsed.is_unspecified());
        assert_eq!(parsed.to_string(), entry.ip, "compressed, lower case");
        assert!(entry.prefix.is_none_or(|p| p <= 128));
    }
    assert!(i.vlan_id.is_none_or(|v| v <= 4094));
    assert!(i.vlan_priority.is_none_or(|p| p <= 7));
    assert!(i.name_servers.iter().all(|s| !s.is_empty() && s != "0.0.0.0" && s != "::"));
}
