//! A stand-in for ipmitool in bench/bmc-fleet: it waits as long as a BMC
//! would take to answer (TK_BENCH_DELAY_MS, 200 ms by default), then
//! prints a `lan print`. Compiled rather than a shell script, so that
//! what the benchmark measures is tk, not the start-up of sh and sleep.

use std::io::Write;
use std::time::Duration;

fn main() {
    let ms = std::env::var("TK_BENCH_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    std::thread::sleep(Duration::from_millis(ms));
    let text = "Set in Progress         : Set Complete\n\
                IP Address Source       : Static Address\n\
                IP Address              : 10.0.0.5\n\
                Subnet Mask             : 255.255.255.0\n\
                MAC Address             : 52:54:00:12:34:56\n\
                Default Gateway IP      : 10.0.0.1\n\
                802.1q VLAN ID          : Disabled\n";
    let _ = std::io::stdout().write_all(text.as_bytes());
}
