//! glibc's own regex engine, called as GNU find calls it
//! (`re_compile_pattern` with the `-regextype`'s syntax bits, then
//! `re_match` from the start of the path), for the patterns the `regex`
//! crate cannot match as GNU does: back-references (`\(a\)\1`), and
//! bracket ranges and equivalence classes in a locale with a collation
//! table, where glibc orders characters by that table (under de_DE.UTF-8
//! `[a-z]` takes `é` and `ß`, `[[=a=]]` takes `A` and `ä`).
//!
//! Both calls run with the thread in tk find's locale (uselocale), as
//! GNU find runs in its own. Each thread matches with a compiled copy of
//! its own. glibc's engine is several times slower than the `regex`
//! crate's, which is why only such patterns come here.

use std::ffi::{CStr, c_char, c_int, c_ulong, c_void};
use std::sync::Mutex;

use super::syntax::Syntax;
use crate::find::locale::Locale;

unsafe extern "C" {
    // glibc's GNU regex interface (<regex.h>), absent from the libc crate.
    fn re_set_syntax(syntax: c_ulong) -> c_ulong;
    fn re_compile_pattern(
        pattern: *const c_char,
        length: usize,
        buffer: *mut libc::regex_t,
    ) -> *const c_char;
    fn re_match(
        buffer: *mut libc::regex_t,
        string: *const c_char,
        length: c_int,
        start: c_int,
        regs: *mut c_void,
    ) -> c_int;
}

/// A pattern compiled by glibc, with the locale it matches in.
pub struct GlibcRegex {
    pattern: Vec<u8>,
    syntax: Syntax,
    locale: &'static Locale,
    /// Compiled copies not in use. glibc locks a compiled pattern for the
    /// whole of each match, so each thread takes one of its own (compiled
    /// on its first need) instead of waiting for the others.
    idle: Mutex<Vec<Compiled>>,
}

impl std::fmt::Debug for GlibcRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlibcRegex")
            .field("pattern", &String::from_utf8_lossy(&self.pattern))
            .finish()
    }
}

impl GlibcRegex {
    /// Compiles `pattern` with `syntax`'s bits in `locale`; the error is
    /// glibc's message.
    pub(super) fn compile(
        pattern: &[u8],
        syntax: Syntax,
        locale: &'static Locale,
    ) -> Result<GlibcRegex, String> {
        let first = Compiled::new(pattern, syntax, locale)?;
        Ok(GlibcRegex {
            pattern: pattern.to_vec(),
            syntax,
            locale,
            idle: Mutex::new(vec![first]),
        })
    }

    /// Whether the pattern matches all of `path`.
    pub(super) fn is_match(&self, path: &[u8]) -> bool {
        // glibc measures strings in `int`; no path is 2 GiB long.
        let Ok(length) = c_int::try_from(path.len()) else {
            return false;
        };
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        // The pattern compiled once already, so it compiles again.
        let Some(compiled) =
            idle.or_else(|| Compiled::new(&self.pattern, self.syntax, self.locale).ok())
        else {
            return false;
        };
        // SAFETY: a compiled buffer this thread alone holds, the path
        // with its length, no registers; re_match returns the length
        // matched, or -1 or -2.
        let matched = self.locale.within(|| unsafe {
            re_match(
                compiled.0,
                path.as_ptr().cast(),
                length,
                0,
                std::ptr::null_mut(),
            )
        });
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(compiled);
        matched == length
    }
}

/// glibc's `struct re_pattern_buffer`, compiled and owned (freed on drop).
struct Compiled(*mut libc::regex_t);

// SAFETY: the buffer is plain memory glibc allocated; it is used by one
// thread at a time (it moves between threads through `idle`).
unsafe impl Send for Compiled {}

impl Compiled {
    fn new(pattern: &[u8], syntax: Syntax, locale: &Locale) -> Result<Compiled, String> {
        // glibc reads the syntax bits from a process-wide variable.
        static COMPILING: Mutex<()> = Mutex::new(());
        let _only_us = COMPILING.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: all-zero is glibc's empty pattern buffer: no storage
        // yet (glibc allocates it), no fastmap, no translation table.
        let compiled = Compiled(Box::into_raw(Box::new(unsafe {
            std::mem::zeroed::<libc::regex_t>()
        })));
        // SAFETY: the pattern is passed with its length (it may hold
        // any byte), the buffer is valid and ours.
        let error = locale.within(|| unsafe {
            re_set_syntax(c_ulong::from(syntax.bits()));
            re_compile_pattern(pattern.as_ptr().cast(), pattern.len(), compiled.0)
        });
        if error.is_null() {
            return Ok(compiled);
        }
        // SAFETY: glibc returns a NUL-terminated message it keeps.
        Err(unsafe { CStr::from_ptr(error) }
            .to_string_lossy()
            .into_owned())
    }
}

impl Drop for Compiled {
    fn drop(&mut self) {
        // SAFETY: the buffer came from Box::into_raw in `new`, and
        // glibc's regfree releases what glibc allocated in it (nothing
        // after a failed compile, which leaves the pointers null).
        unsafe {
            libc::regfree(self.0);
            drop(Box::from_raw(self.0));
        }
    }
}
