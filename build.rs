//! Build script: link options that keep `tk find`'s peak memory low, each
//! used where the linker and the C library on this machine support it.
//!
//! Packed relative relocations (DT_RELR):
//!
//! tk is a position-independent executable, and its tables of pointers
//! (string slices, vtables, panic locations) need about 13,000 relative
//! relocations, 305 KiB of `.rela.dyn` that the loader reads at every
//! start. Packed, they take 4 KiB, and `tk find`'s peak memory drops by
//! about 0.4 MiB (issue 8 holds it to 1.5 times GNU find's 2.7 MiB).
//!
//! A binary so linked needs glibc 2.36 or later, so the script links and
//! runs a small C program with the flag first, and leaves the flag out
//! when that fails (older binutils or glibc) or when cross-compiling.
//!
//! The hot-code layout: link/find-hot.ld, written by bench/hot-code.py,
//! puts the functions `tk find` runs next to each other (a linker script
//! with INSERT, which augments the default layout; GNU ld and lld take
//! it, gold does not). The kernel maps a program's code 64 KiB around
//! each page it touches; scattered over 4 MiB of code, the 240 functions
//! tk find runs mapped 1.3-1.5 MiB of it, together they map 0.35 MiB.
//! The probe links with the script too, so a linker that rejects it
//! leaves it out rather than failing the build.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const PACKED_RELOCATIONS: &str = "-Wl,-z,pack-relative-relocs";
const HOT_CODE_SCRIPT: &str = "link/find-hot.ld";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_CODE_SCRIPT}");
    println!("cargo:rerun-if-env-changed=CC");
    if links_and_runs(PACKED_RELOCATIONS) {
        println!("cargo:rustc-link-arg-bins={PACKED_RELOCATIONS}");
    }
    if let Some(flag) = hot_code_flag().filter(|flag| links_and_runs(flag)) {
        println!("cargo:rustc-link-arg-bins={flag}");
    }
}

/// The linker flag that passes link/find-hot.ld, by its absolute path
/// (none when the path cannot be one argument of -Wl: a comma splits it).
fn hot_code_flag() -> Option<String> {
    let dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let script = dir.join(HOT_CODE_SCRIPT);
    let script = script.to_str().filter(|path| !path.contains(','))?;
    Some(format!("-Wl,-T,{script}"))
}

/// Whether a program linked with the linker flag FLAG builds and runs here.
fn links_and_runs(flag: &str) -> bool {
    let target = env::var("TARGET").unwrap_or_default();
    let host = env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return false;
    }
    let Some(out) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("link_probe.c");
    let program = out.join("link_probe");
    // A pointer in data: a relative relocation the loader has to apply.
    let code = "static int seven = 7;\nint *p = &seven;\nint main(void) { return *p - 7; }\n";
    if fs::write(&source, code).is_err() {
        return false;
    }
    let cc = env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let built = Command::new(cc)
        .args(["-fPIE", "-pie", flag, "-o"])
        .arg(&program)
        .arg(&source)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    built
        && Command::new(&program)
            .status()
            .is_ok_and(|status| status.success())
}
