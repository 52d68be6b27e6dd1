//! `tk bmc --redfish` against real Redfish services over real HTTPS on
//! 127.0.0.1: sushy-tools' `sushy-static` serving the mockups in
//! tests/fixtures/redfish (DMTF layout, one folder per URI) for each shape
//! of BMC, and `sushy-emulator` for HTTP Basic with a bcrypt htpasswd
//! file. Certificates are made by openssl in each test. Sessions, faults,
//! timeouts and signals are in tests/redfish_sessions.rs.

mod common;
mod redfish_common;

use std::fs;

use redfish_common::*;
use serde_json::{Value, json};

fn setup(sushy: bool) -> Option<(tempfile::TempDir, Certs)> {
    if missing_tools(sushy) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let certs = Certs::new(dir.path());
    Some((dir, certs))
}

/// Serve `shape` with sushy-static and read it with --json.
fn read_json(certs: &Certs, shape: &str) -> Value {
    let server = sushy_static(certs, &certs.cert, &certs.key, shape);
    let ca = certs.ca.to_str().unwrap();
    json(&tk(server.port, None, &["--cacert", ca, "--json"]))
}

/// The facts of one interface, as `--json` gives them.
fn facts(v: &Value) -> Value {
    json!({
        "manager_id": v["manager_id"], "interface_id": v["interface_id"],
        "ip_address": v["ip_address"], "ip_source": v["ip_source"],
        "subnet_mask": v["subnet_mask"], "mac_address": v["mac_address"],
        "default_gateway_ip": v["default_gateway_ip"], "vlan_id": v["vlan_id"],
        "ipv6_addresses": v["ipv6_addresses"], "hostname": v["hostname"],
        "fqdn": v["fqdn"], "name_servers": v["name_servers"],
    })
}

fn ids(v: &Value) -> Vec<(String, bool)> {
    v["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["interface_id"].as_str().unwrap().to_string(),
                i["enabled"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn v6(ip: &str, prefix: u8, origin: &str) -> Value {
    json!({"ip": ip, "prefix": prefix, "origin": origin})
}

#[test]
fn openbmc_a_disabled_interface_listed_first_is_passed_over() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let v = read_json(&certs, "openbmc");
    assert_eq!(v["protocol"], "redfish");
    assert_eq!(
        facts(&v),
        json!({
            "manager_id": "bmc", "interface_id": "eth0",
            "ip_address": "192.0.2.21", "ip_source": "dhcp", "subnet_mask": "255.255.255.0",
            "mac_address": "52:54:00:12:34:56", "default_gateway_ip": "192.0.2.1", "vlan_id": null,
            "ipv6_addresses": [v6("fe80::5054:ff:fe12:3456", 64, "linklocal"),
                               v6("2001:db8::5054:ff:fe12:3456", 64, "slaac")],
            "hostname": "romulus", "fqdn": "romulus.example.com", "name_servers": ["192.0.2.53"],
        })
    );
    assert_eq!(
        ids(&v),
        [("eth1".to_string(), false), ("eth0".to_string(), true)]
    );
    let eth1 = &v["interfaces"][0];
    assert_eq!(eth1["ip_address"], Value::Null, "0.0.0.0 is a placeholder");
    assert_eq!(eth1["default_gateway_ip"], Value::Null);
    assert_eq!(eth1["link_status"], "LinkDown");
    assert_eq!(eth1["mac_address"], "52:54:00:12:34:57");
    // The IPMI keys Redfish has no fact for are there, and null.
    for key in [
        "channel",
        "default_gateway_mac",
        "backup_gateway_ip",
        "backup_gateway_mac",
        "cipher_suites",
        "fields",
    ] {
        assert_eq!(v[key], Value::Null, "{key}");
    }
}

#[test]
fn ilo5_links_with_trailing_slashes_and_a_virtual_nic_to_the_host() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let v = read_json(&certs, "ilo5");
    assert_eq!(
        facts(&v),
        json!({
            "manager_id": "1", "interface_id": "1",
            "ip_address": "198.51.100.40", "ip_source": "static", "subnet_mask": "255.255.255.0",
            "mac_address": "94:40:c9:3a:1b:2c", "default_gateway_ip": "198.51.100.1", "vlan_id": null,
            "ipv6_addresses": [v6("fe80::9640:c9ff:fe3a:1b2c", 64, "slaac")],
            "hostname": "ilo-db01", "fqdn": "ilo-db01.example.com",
            "name_servers": ["198.51.100.53", "198.51.100.54"],
        })
    );
    assert_eq!(
        ids(&v),
        [
            ("1".to_string(), true),
            ("2".to_string(), false),
            ("3".to_string(), true)
        ]
    );
    let shared = &v["interfaces"][1];
    assert_eq!(
        (&shared["ip_address"], &shared["fqdn"]),
        (&Value::Null, &Value::Null)
    );
    let host_nic = &v["interfaces"][2];
    assert_eq!(host_nic["ip_address"], "16.1.15.1");
    assert_eq!(host_nic["subnet_mask"], "255.255.255.252");
    assert_eq!(host_nic["mac_address"], "0a:ca:fe:f0:0d:04");
}

#[test]
fn megarac_the_usb_nic_first_dashed_macs_and_a_vlan() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let v = read_json(&certs, "megarac");
    assert_eq!(
        facts(&v),
        json!({
            "manager_id": "Self", "interface_id": "bond0",
            "ip_address": "10.20.30.40", "ip_source": "dhcp", "subnet_mask": "255.255.252.0",
            "mac_address": "a4:bf:01:28:90:ac", "default_gateway_ip": "10.20.28.1", "vlan_id": 120,
            "ipv6_addresses": [v6("fe80::a6bf:1ff:fe28:90ac", 64, "linklocal")],
            "hostname": "AMI00A4BF0128", "fqdn": "AMI00A4BF0128.dc1.example.com",
            "name_servers": ["10.20.0.53"],
        })
    );
    assert_eq!(v["vlan_priority"], 5);
    let usb0 = &v["interfaces"][0];
    assert_eq!(usb0["interface_id"], "usb0");
    assert_eq!(usb0["ip_address"], "169.254.0.17");
    assert_eq!(usb0["ip_source"], "linklocal");
    assert_eq!(usb0["mac_address"], "b2:8d:fe:3a:00:01");
    assert_eq!(
        usb0["hostname"],
        Value::Null,
        "an empty HostName is no name"
    );
    let eth1 = &v["interfaces"][2];
    assert_eq!(eth1["vlan_id"], Value::Null, "VLAN disabled, id 120 given");
    assert_eq!(eth1["mac_address"], "a4:bf:01:28:90:ad");
    assert_eq!(eth1["subnet_mask"], Value::Null);
}

#[test]
fn an_ipv6_only_bmc() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let v = read_json(&certs, "ipv6-only");
    assert_eq!(
        facts(&v),
        json!({
            "manager_id": "BMC", "interface_id": "eth0",
            "ip_address": null, "ip_source": null, "subnet_mask": null,
            "mac_address": "3c:ec:ef:10:20:30", "default_gateway_ip": null, "vlan_id": null,
            "ipv6_addresses": [v6("2001:db8::1:0:0:10", 64, "static"),
                               v6("fe80::3eec:efff:fe10:2030", 64, "linklocal")],
            "hostname": "bmc-v6", "fqdn": "bmc-v6.example.net", "name_servers": ["2001:db8::53"],
        })
    );
}

#[test]
fn idrac_behind_a_chassis_manager_without_interfaces() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let v = read_json(&certs, "idrac-chassis");
    assert_eq!(
        facts(&v),
        json!({
            "manager_id": "iDRAC.Embedded.1", "interface_id": "NIC.1",
            "ip_address": "203.0.113.77", "ip_source": "static", "subnet_mask": "255.255.255.128",
            // Outside the address's subnet, and shown as the BMC gives it.
            "mac_address": "d0:94:66:aa:bb:cc", "default_gateway_ip": "198.18.0.1", "vlan_id": 42,
            "ipv6_addresses": [],
            "hostname": "idrac-web07", "fqdn": "idrac-web07.example.org",
            "name_servers": ["203.0.113.2", "203.0.113.3"],
        })
    );
    assert_eq!(v["vlan_priority"], Value::Null);
    assert_eq!(v["interfaces"].as_array().unwrap().len(), 1);
}

#[test]
fn no_manager_with_interfaces_is_an_error_naming_the_managers() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_static(&certs, &certs.cert, &certs.key, "no-interfaces");
    let out = tk(server.port, None, &["--cacert", certs.ca.to_str().unwrap()]);
    let target = format!("127.0.0.1:{}", server.port);
    assert_error(
        &out,
        1,
        &["lists no network interfaces", "managers: BMC_0", &target],
    );
}

#[test]
fn the_table_shows_the_primary_interface_first_then_the_others() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_static(&certs, &certs.cert, &certs.key, "openbmc");
    let out = tk(server.port, None, &["--cacert", certs.ca.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let want = fs::read_to_string(mockup("openbmc.table")).unwrap();
    assert_eq!(text(&out.stdout), want);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn field_prints_one_value() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_static(&certs, &certs.cert, &certs.key, "megarac");
    let ca = certs.ca.to_str().unwrap();
    let field = |name: &str| {
        let out = tk(server.port, None, &["--cacert", ca, "--field", name]);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(field("mac_address"), "a4:bf:01:28:90:ac\n");
    assert_eq!(field("vlan_id"), "120\n");
    assert_eq!(field("ipv6_addresses"), "fe80::a6bf:1ff:fe28:90ac/64\n");
    assert_eq!(field("protocol"), "redfish\n");
    assert_eq!(field("channel"), "\n");
    let out = tk(server.port, None, &["--cacert", ca, "--field", "nope"]);
    assert_error(&out, 1, &["no field \"nope\""]);
}

#[test]
fn an_untrusted_certificate_is_status_10_naming_the_host() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_static(&certs, &certs.cert, &certs.key, "openbmc");
    let out = tk(server.port, None, &["--json"]);
    let target = format!("127.0.0.1:{}", server.port);
    assert_error(
        &out,
        10,
        &[&target, "not trusted", "--cacert FILE", "--insecure"],
    );
    // The system's trust store is what counts: with the test CA in it
    // (SSL_CERT_FILE, which the system verifier honours), it passes.
    let out = tk_cmd(server.port, None, &["--field", "ip_address"])
        .env("SSL_CERT_FILE", &certs.ca)
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "192.0.2.21\n", "{}", text(&out.stderr));
    // --insecure skips the check; it is never implied.
    let out = tk(server.port, None, &["--insecure", "--field", "ip_address"]);
    assert_eq!(text(&out.stdout), "192.0.2.21\n", "{}", text(&out.stderr));
    // The certificate names 127.0.0.1 and localhost, and tk checks it.
    let ca = certs.ca.to_str().unwrap();
    let out = tk_at(
        "localhost",
        server.port,
        None,
        &["--cacert", ca, "--field", "ip_address"],
    );
    assert_eq!(text(&out.stdout), "192.0.2.21\n", "{}", text(&out.stderr));
}

#[test]
fn a_self_signed_bmc_certificate_given_with_cacert_is_trusted() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_static(&certs, &certs.self_signed, &certs.self_signed_key, "ilo5");
    let own = certs.self_signed.to_str().unwrap();
    let out = tk(
        server.port,
        None,
        &["--cacert", own, "--field", "ip_address"],
    );
    assert_eq!(
        text(&out.stdout),
        "198.51.100.40\n",
        "{}",
        text(&out.stderr)
    );
    // Another authority does not vouch for it.
    let out = tk(server.port, None, &["--cacert", certs.ca.to_str().unwrap()]);
    assert_error(&out, 10, &["self-signed"]);
    // Pinned, the very certificate is trusted by whatever name the BMC
    // is reached (it names 127.0.0.1 only; here it is reached as
    // localhost): only the holder of its key can present it.
    let out = tk_at(
        "localhost",
        server.port,
        None,
        &["--cacert", own, "--field", "ip_address"],
    );
    assert_eq!(
        text(&out.stdout),
        "198.51.100.40\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_certificate_for_another_name_is_refused() {
    let Some((_dir, certs)) = setup(true) else {
        return;
    };
    // Signed by the trusted CA, but for bmc.example.com, not 127.0.0.1.
    let server = sushy_static(&certs, &certs.other_name, &certs.key, "openbmc");
    let out = tk(server.port, None, &["--cacert", certs.ca.to_str().unwrap()]);
    let target = format!("127.0.0.1:{}", server.port);
    assert_error(
        &out,
        10,
        &[
            &target,
            "not trusted",
            "the certificate is for bmc.example.com only",
        ],
    );
}

#[test]
fn a_cacert_file_without_certificates_is_refused() {
    let Some((dir, certs)) = setup(false) else {
        return;
    };
    let _ = certs;
    let bad = dir.path().join("bad.pem");
    fs::write(&bad, "not a certificate\n").unwrap();
    let out = tk(free_port(), None, &["--cacert", bad.to_str().unwrap()]);
    assert_error(&out, 1, &["--cacert", "bad.pem", "no PEM certificate"]);
}

#[test]
fn sushy_emulator_basic_auth_and_401() {
    let Some((dir, certs)) = setup(true) else {
        return;
    };
    let server = sushy_emulator(dir.path(), &certs);
    let ca = certs.ca.to_str().unwrap();
    // The right password gets through to the managers; the fake driver's
    // manager has no EthernetInterfaces, which tk reports.
    let out = tk(
        server.port,
        Some(PASSWORD),
        &["--cacert", ca, "--user", USER],
    );
    assert_error(&out, 1, &["lists no network interfaces", "managers: "]);
    let out = tk(
        server.port,
        Some("wrong"),
        &["--cacert", ca, "--user", USER],
    );
    assert_error(
        &out,
        6,
        &["refused the credentials", "HTTP 401", "--user (admin)"],
    );
    // No user: nothing sent, and tk says what to give.
    let out = tk(server.port, Some(PASSWORD), &["--cacert", ca]);
    assert_error(&out, 6, &["HTTP 401", "give --user"]);
    // The password from --password-file works the same.
    let file = dir.path().join("pw");
    fs::write(&file, format!("{PASSWORD}\n")).unwrap();
    let out = tk(
        server.port,
        None,
        &[
            "--cacert",
            ca,
            "--user",
            USER,
            "--password-file",
            file.to_str().unwrap(),
        ],
    );
    assert_error(&out, 1, &["lists no network interfaces"]);
}

#[test]
fn redfish_options_are_checked_on_the_command_line() {
    let run = |args: &[&str]| {
        std::process::Command::new(TK)
            .arg("bmc")
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["--redfish"][..],
        &["--cacert", "x.pem", "--host", "h"],
        &["--insecure", "--host", "h"],
        &[
            "--redfish",
            "--host",
            "h",
            "--insecure",
            "--cacert",
            "x.pem",
        ],
        &["--redfish", "--host", "h", "--channel", "1"],
        &["--redfish", "--host", "h", "--interface", "lan"],
        &["--redfish", "--from", "f"],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}
