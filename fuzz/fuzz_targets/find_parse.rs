//! Fuzz `tk::find::cmdline::parse`: the input is an argument vector, words
//! split at NUL bytes (argv can hold no NUL), so words may be any bytes,
//! UTF-8 or not. A refused command line must render its message (with the
//! caret line) without panicking; an accepted one must be printable.
//!
//! The parser opens the files -fprint, -fprint0, -fls and -fprintf name
//! (truncating them, as GNU find does). So that fuzzing never truncates a
//! real file, the word after any of those four is replaced by one of four
//! fixed names in a scratch directory that is the fuzzer's working
//! directory.

#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::sync::Once;

use libfuzzer_sys::fuzz_target;

const FILE_ACTIONS: &[&[u8]] = &[b"-fprint", b"-fprint0", b"-fls", b"-fprintf"];

fn enter_scratch_dir() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("tk-fuzz-find-parse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        std::env::set_current_dir(&dir).expect("enter scratch directory");
    });
}

fn words(data: &[u8]) -> Vec<OsString> {
    let mut args: Vec<Vec<u8>> = data.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
    for i in 1..args.len() {
        if FILE_ACTIONS.contains(&args[i - 1].as_slice()) {
            let keep = matches!(args[i].as_slice(), b"/dev/stdout" | b"/dev/stderr");
            if !keep {
                args[i] = format!("out{}", args[i].len() % 4).into_bytes();
            }
        }
    }
    args.into_iter().map(OsString::from_vec).collect()
}

fuzz_target!(|data: &[u8]| {
    enter_scratch_dir();
    let args = words(data);
    match tk::find::cmdline::parse(&args) {
        Ok(plan) => {
            let _ = format!("{:?} {:?}", plan.expr, plan.warnings);
        }
        Err(err) => {
            let text = err.render(&args);
            assert!(text.starts_with("tk find: "));
            assert!(!err.message.is_empty());
        }
    }
});
