//! `tk ip`'s DNS servers against real files in real namespaces: a network
//! namespace's own resolv.conf (/etc/netns/NAME/resolv.conf, which
//! `ip netns exec` bind-mounts on /etc/resolv.conf), systemd-resolved's
//! stub case (a mount namespace, `unshare -m`, with a tmpfs on /run in
//! which /run/systemd/resolve/resolv.conf is written), and no resolv.conf
//! at all (a tmpfs on /etc). The oracle is the file each test wrote. Needs
//! root, iproute2 and util-linux; without them the tests skip with a
//! message, and fail under CI=true.

mod common;
mod ip_common;

use ip_common::{Netns, ok, text};
use serde_json::{Value, json};

const RESOLV_CONF: &str = "\
# written by tests/ip_dns.rs
nameserver 192.0.2.53
options edns0 trust-ad
nameserver 2001:db8::53
; a comment
nameserver fe80::53%lo
search example.com lan.example
";

/// What systemd-resolved writes to /etc/resolv.conf (its stub file).
const STUB_CONF: &str = "\
# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
nameserver 127.0.0.53
options edns0 trust-ad
search corp.example
";

/// What it writes to /run/systemd/resolve/resolv.conf: the servers it asks.
const UPSTREAM_CONF: &str = "\
# This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).
nameserver 192.0.2.1
nameserver 2001:db8::1
search corp.example
";

/// A shell step: a private tmpfs on /run holding resolved's upstream file.
fn with_upstream_file() -> String {
    format!(
        "mount -t tmpfs tk-test /run && mkdir -p /run/systemd/resolve && \
         printf '%s' '{UPSTREAM_CONF}' > /run/systemd/resolve/resolv.conf"
    )
}

/// The line of `table` that starts with `prefix`.
fn line_of<'a>(table: &'a str, prefix: &str) -> &'a str {
    let found = table.lines().find(|l| l.starts_with(prefix));
    found.unwrap_or_else(|| panic!("no `{prefix}` line in\n{table}"))
}

#[test]
fn dns_is_the_namespaces_resolv_conf() {
    let Some(ns) = Netns::new("dns") else { return };
    ns.write_resolv_conf(RESOLV_CONF);
    // ip netns exec shows the namespace this file, not the host's.
    assert_eq!(ns.exec_stdout(&["cat", "/etc/resolv.conf"]), RESOLV_CONF);

    assert_eq!(
        ns.tk_ok(&["--dns"]),
        "192.0.2.53\n2001:db8::53\nfe80::53%lo\n"
    );
    assert_eq!(ns.tk_ok(&["--dns", "-4"]), "192.0.2.53\n");
    assert_eq!(ns.tk_ok(&["--dns", "-6"]), "2001:db8::53\nfe80::53%lo\n");
    let dns = json!({
        "servers": ["192.0.2.53", "2001:db8::53", "fe80::53%lo"],
        "search": ["example.com", "lan.example"],
        "upstream": null,
    });
    assert_eq!(ns.tk_json(&["--dns"])["dns"], dns);
    assert_eq!(ns.tk_json(&[])["dns"], dns);

    let table = ns.tk_ok(&["--all"]);
    assert_eq!(
        line_of(&table, "dns:"),
        "dns: 192.0.2.53 2001:db8::53 fe80::53%lo"
    );
    assert_eq!(
        line_of(&table, "search:"),
        "search: example.com lan.example"
    );
    assert!(!table.contains("upstream"), "{table}");
    assert_eq!(line_of(&ns.tk_ok(&["-4"]), "dns:"), "dns: 192.0.2.53");
}

#[test]
fn the_systemd_resolved_stub_and_its_upstream_servers() {
    let Some(ns) = Netns::new("stub") else { return };
    ns.write_resolv_conf(STUB_CONF);
    let setup = with_upstream_file();
    // The mount namespace holds the file resolved would have written.
    let cat = ns.exec(&[
        "unshare",
        "-m",
        "sh",
        "-c",
        &format!("{setup} && cat /run/systemd/resolve/resolv.conf"),
    ]);
    assert_eq!(text(&cat.stdout), UPSTREAM_CONF, "{}", text(&cat.stderr));

    assert_eq!(
        ok(ns.tk_in_mounts(&setup, &["--dns"]), &["--dns"]),
        "127.0.0.53 (systemd-resolved stub)\n\
         192.0.2.1 (systemd-resolved upstream)\n\
         2001:db8::1 (systemd-resolved upstream)\n"
    );
    assert_eq!(
        ok(ns.tk_in_mounts(&setup, &["--dns", "-6"]), &["--dns", "-6"]),
        "2001:db8::1 (systemd-resolved upstream)\n"
    );
    let json = ok(ns.tk_in_mounts(&setup, &["--dns", "--json"]), &["--json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["dns"],
        json!({
            "servers": ["127.0.0.53"],
            "search": ["corp.example"],
            "upstream": {"servers": ["192.0.2.1", "2001:db8::1"], "search": ["corp.example"]},
        })
    );
    let table = ok(ns.tk_in_mounts(&setup, &["--all"]), &["--all"]);
    assert_eq!(
        line_of(&table, "dns:"),
        "dns: 127.0.0.53 (systemd-resolved stub)"
    );
    assert_eq!(
        line_of(&table, "dns upstream:"),
        "dns upstream: 192.0.2.1 2001:db8::1"
    );
    assert_eq!(line_of(&table, "search:"), "search: corp.example");

    // The stub without resolved's file: the stub alone, and a warning.
    let out = ns.tk_in_mounts("mount -t tmpfs tk-test /run", &["--dns", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stderr),
        "tk ip: warning: cannot read /run/systemd/resolve/resolv.conf: No such file or \
         directory; it lists systemd-resolved's upstream servers, so none are shown\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["dns"]["servers"], json!(["127.0.0.53"]));
    assert_eq!(
        json["dns"]["upstream"],
        json!({"servers": [], "search": []})
    );
}

#[test]
fn no_resolv_conf_is_an_empty_list_and_a_warning() {
    let Some(ns) = Netns::new("no-dns") else {
        return;
    };
    let no_etc = "mount -t tmpfs tk-test /etc";
    let warning = "tk ip: warning: cannot read /etc/resolv.conf: No such file or directory; \
                   no DNS servers to show\n";
    for args in [&["--dns"][..], &["--dns", "--json"], &[], &["--json"]] {
        let out = ns.tk_in_mounts(no_etc, args);
        assert_eq!(out.status.code(), Some(0), "tk ip {args:?}");
        assert_eq!(text(&out.stderr), warning, "tk ip {args:?}");
        let stdout = text(&out.stdout);
        match args {
            ["--dns"] => assert_eq!(stdout, ""),
            [.., "--json"] => {
                let json: Value = serde_json::from_str(&stdout).unwrap();
                let dns = json!({"servers": [], "search": [], "upstream": null});
                assert_eq!(json["dns"], dns, "tk ip {args:?}");
            }
            _ => assert_eq!(line_of(&stdout, "dns:"), "dns: none"),
        }
    }
}
