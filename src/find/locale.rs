//! What the user's locale says, as glibc reads it: `setlocale` from the
//! environment (LC_ALL, LC_CTYPE, LANG), so a locale that is named but
//! not installed falls back to C, as it does for GNU find.

use std::ffi::CStr;
use std::sync::OnceLock;

/// Whether `LC_CTYPE`, as the environment sets it, is UTF-8. Asked once:
/// `setlocale` from the environment, read the codeset, put the old
/// locale back, so nothing else in the process sees a change.
pub fn utf8_ctype() -> bool {
    static UTF8: OnceLock<bool> = OnceLock::new();
    *UTF8.get_or_init(|| {
        // SAFETY: setlocale/nl_langinfo are called with valid C strings;
        // the returned pointers are read (and the old name copied) before
        // the next call that may invalidate them. This runs once, while
        // tk parses its arguments, before any other thread exists.
        unsafe {
            let old = libc::setlocale(libc::LC_CTYPE, std::ptr::null());
            let old = (!old.is_null()).then(|| CStr::from_ptr(old).to_owned());
            if libc::setlocale(libc::LC_CTYPE, c"".as_ptr()).is_null() {
                return false;
            }
            let codeset = CStr::from_ptr(libc::nl_langinfo(libc::CODESET));
            let utf8 = codeset.to_bytes().eq_ignore_ascii_case(b"UTF-8");
            if let Some(old) = old {
                libc::setlocale(libc::LC_CTYPE, old.as_ptr());
            }
            utf8
        }
    })
}
