//! The user's locale, decided once as glibc decides it for GNU find's
//! `setlocale(LC_ALL, "")`: each category from LC_ALL, else its own
//! LC_xxx, else LANG; and if any category names a locale that is not
//! installed, the whole locale stays C. Everything in tk find that
//! depends on the locale reads it here: whether characters are UTF-8
//! (-name, -regex, quotation marks, terminal-safe names), the decimal
//! point (fractions in -mmin and friends, -printf %S), the time names
//! of LC_TIME (-printf %Tb and friends, -ls dates), and LC_COLLATE's
//! order for bracket ranges in -name patterns.
//!
//! The locale is loaded with newlocale(3), never made the process's own,
//! so nothing else in tk changes behaviour; the first call (made while
//! the command line is parsed, before any thread starts) reads the
//! environment, and the answer is kept for the rest of the run.

use std::ffi::{CStr, c_char};
use std::sync::OnceLock;

/// The locale tk find runs in.
#[derive(Debug)]
pub(crate) struct Locale {
    /// The whole locale as newlocale(3) made it, kept for the run (null
    /// only if glibc could not even make the C locale).
    loc: libc::locale_t,
    utf8: bool,
    decimal_point: String,
    time: Option<TimeNames>,
    collation: Option<Collation>,
}

// SAFETY: `loc` is created once, never changed and never freed; glibc's
// *_l functions and uselocale only read it, from any thread.
unsafe impl Send for Locale {}
// SAFETY: as above.
unsafe impl Sync for Locale {}

/// An LC_COLLATE other than the C locale's, whose bracket ranges glibc
/// orders by its own tables: de_DE's and zh_CN's collation (`[a-z]`
/// takes é, ß and ÿ there), or C.UTF-8's, which orders U+0001 to U+00FF
/// by code point and leaves every other character out of every range.
/// Patterns with ranges are matched by glibc's fnmatch in this locale.
#[derive(Debug)]
pub(crate) struct Collation {
    loc: libc::locale_t,
    /// C.UTF-8: ASCII names and patterns range as in the C locale.
    ascii_as_in_c: bool,
}

// SAFETY: as for TimeNames: created once, never changed or freed, only
// read by glibc.
unsafe impl Send for Collation {}
// SAFETY: as above.
unsafe impl Sync for Collation {}

/// An LC_TIME whose names or formats differ from C's: its day and month
/// names and am/pm strings, copied from glibc's tables, and the locale
/// for glibc's strftime to write the rest (%c, %x, %X, %r, %P). In C and
/// C.UTF-8 tk writes every field itself, faster and with the same bytes.
#[derive(Debug)]
pub(crate) struct TimeNames {
    loc: libc::locale_t,
    /// ABDAY_1.. then DAY_1.. (Sunday first).
    days: [Vec<u8>; 14],
    /// ABMON_1.. then MON_1.. (January first).
    months: [Vec<u8>; 24],
    am_pm: [Vec<u8>; 2],
}

// SAFETY: the locale object is created once, never changed and never
// freed; glibc's *_l functions only read it, from any thread.
unsafe impl Send for TimeNames {}
// SAFETY: as above.
unsafe impl Sync for TimeNames {}

unsafe extern "C" {
    // In glibc since 2.3, missing from the libc crate for Linux.
    fn nl_langinfo_l(item: libc::nl_item, locale: libc::locale_t) -> *const c_char;
}

/// The locale from the environment, decided on the first call.
pub(crate) fn current() -> &'static Locale {
    static CURRENT: OnceLock<Locale> = OnceLock::new();
    CURRENT.get_or_init(|| Locale::load(c""))
}

impl Locale {
    /// Whether the character set (LC_CTYPE) is UTF-8.
    pub(crate) fn utf8(&self) -> bool {
        self.utf8
    }

    /// LC_NUMERIC's decimal point: `.`, `,` or what glibc's table says.
    pub(crate) fn decimal_point(&self) -> &str {
        &self.decimal_point
    }

    /// LC_TIME's names and formats, None when they are C's.
    pub(crate) fn time_names(&self) -> Option<&TimeNames> {
        self.time.as_ref()
    }

    /// LC_COLLATE, None when it orders characters as C does (by code).
    pub(crate) fn collation(&self) -> Option<&Collation> {
        self.collation.as_ref()
    }

    /// Whether bracket ranges and equivalence classes follow a collation
    /// table here (de_DE's, zh_CN's), not the order of code points as in
    /// C and C.UTF-8.
    pub(crate) fn collates(&self) -> bool {
        self.collation.as_ref().is_some_and(|c| !c.ascii_as_in_c)
    }

    /// Runs `f` with this thread in this locale (uselocale(3)), for glibc
    /// calls that read the thread's locale rather than take one, and puts
    /// the thread's own locale back.
    pub(crate) fn within<R>(&self, f: impl FnOnce() -> R) -> R {
        within(self.loc, f)
    }

    /// The locale `name` names, as newlocale(3) reads it ("" for the
    /// environment's); C when glibc cannot load every category of it.
    fn load(name: &CStr) -> Locale {
        // SAFETY: newlocale gets a valid C string and no base locale; the
        // result is checked for NULL before use.
        let loc =
            unsafe { libc::newlocale(libc::LC_ALL_MASK, name.as_ptr(), std::ptr::null_mut()) };
        if loc.is_null() {
            return Locale::c();
        }
        let utf8 = langinfo(libc::CODESET, loc).eq_ignore_ascii_case(b"UTF-8");
        let decimal_point = String::from_utf8_lossy(langinfo(libc::RADIXCHAR, loc)).into_owned();
        let time = (!time_names_are_c(loc)).then(|| TimeNames::of(loc));
        let collation = Collation::of(loc);
        Locale {
            loc,
            utf8,
            decimal_point,
            time,
            collation,
        }
    }

    fn c() -> Locale {
        Locale {
            // SAFETY: a valid C string and no base locale.
            loc: unsafe { libc::newlocale(libc::LC_ALL_MASK, c"C".as_ptr(), std::ptr::null_mut()) },
            utf8: false,
            decimal_point: ".".to_string(),
            time: None,
            collation: None,
        }
    }
}

/// Whether `loc`'s day and month names, am/pm strings and date and time
/// formats (glibc's LC_TIME items ABDAY_1 up to T_FMT_AMPM) are C's.
fn time_names_are_c(loc: libc::locale_t) -> bool {
    // SAFETY: "C" is built into glibc; the result is checked for NULL.
    let c = unsafe { libc::newlocale(libc::LC_ALL_MASK, c"C".as_ptr(), std::ptr::null_mut()) };
    if c.is_null() {
        return false;
    }
    let same =
        (libc::ABDAY_1..=libc::T_FMT_AMPM).all(|item| langinfo(item, loc) == langinfo(item, c));
    // SAFETY: c came from newlocale and is not used again.
    unsafe { libc::freelocale(c) };
    same
}

/// nl_langinfo_l's answer as bytes (empty for an unknown item).
fn langinfo<'a>(item: libc::nl_item, loc: libc::locale_t) -> &'a [u8] {
    // SAFETY: loc is a valid locale object; glibc returns a pointer into
    // the locale's data (or to ""), valid while the locale lives: the
    // callers use it before freeing the locale, or never free it.
    unsafe {
        let text = nl_langinfo_l(item, loc);
        if text.is_null() {
            return b"";
        }
        CStr::from_ptr(text).to_bytes()
    }
}

impl TimeNames {
    fn of(loc: libc::locale_t) -> TimeNames {
        let item = |first: libc::nl_item, i: usize| {
            let i = libc::nl_item::try_from(i).unwrap_or(0);
            langinfo(first + i, loc).to_vec()
        };
        TimeNames {
            loc,
            days: std::array::from_fn(|i| item(libc::ABDAY_1, i)),
            months: std::array::from_fn(|i| item(libc::ABMON_1, i)),
            am_pm: [item(libc::AM_STR, 0), item(libc::PM_STR, 0)],
        }
    }

    /// strftime's %a (`abbreviated`) or %A for `weekday`, 0 = Sunday.
    pub(crate) fn weekday(&self, weekday: usize, abbreviated: bool) -> &[u8] {
        &self.days[weekday % 7 + if abbreviated { 0 } else { 7 }]
    }

    /// strftime's %b (`abbreviated`) or %B for `month`, 1 = January.
    pub(crate) fn month(&self, month: usize, abbreviated: bool) -> &[u8] {
        &self.months[(month + 11) % 12 + if abbreviated { 0 } else { 12 }]
    }

    /// strftime's %p for `hour` (0 to 23).
    pub(crate) fn am_pm(&self, hour: usize) -> &[u8] {
        &self.am_pm[usize::from(hour > 11)]
    }

    /// Append strftime's `%<letter>` of `tm` in this LC_TIME. Called per
    /// file and field: the first try writes into a buffer on the stack.
    pub(crate) fn strftime(&self, out: &mut Vec<u8>, letter: u8, tm: &libc::tm) {
        // A leading `_` tells an empty result (%p in de_DE) from a buffer
        // too small: strftime returns 0 for both. GNU find does the same.
        let spec = [b'_', b'%', letter, 0];
        let write = |buf: &mut [u8]| {
            // SAFETY: spec is NUL-terminated, buf is writable for its
            // length, tm is a valid struct tm (its tm_zone a C string or
            // NULL) and self.loc a live locale object.
            unsafe {
                libc::strftime_l(
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    spec.as_ptr().cast(),
                    tm,
                    self.loc,
                )
            }
        };
        let mut stack = [0u8; 256];
        let n = write(&mut stack);
        if n > 0 {
            out.extend_from_slice(&stack[1..n]);
            return;
        }
        let mut heap = vec![0u8; 2 * stack.len()];
        while heap.len() <= 1 << 16 {
            let n = write(&mut heap);
            if n > 0 {
                out.extend_from_slice(&heap[1..n]);
                return;
            }
            heap.resize(heap.len() * 2, 0);
        }
    }
}

impl Collation {
    /// `loc`'s LC_COLLATE, None for the C (and POSIX) locale's, told by
    /// its name, as glibc's _NL_LOCALE_NAME item gives it.
    fn of(loc: libc::locale_t) -> Option<Collation> {
        const NAME_INDEX: libc::nl_item = 0xffff;
        match langinfo((libc::LC_COLLATE << 16) | NAME_INDEX, loc) {
            b"C" | b"POSIX" => None,
            name => Some(Collation {
                loc,
                ascii_as_in_c: matches!(name, b"C.UTF-8" | b"C.utf8"),
            }),
        }
    }

    /// Whether a pattern and a name that are both ASCII range as in the
    /// C locale here (so tk's own matcher gives glibc's answer).
    pub(crate) fn ascii_as_in_c(&self) -> bool {
        self.ascii_as_in_c
    }

    /// glibc's fnmatch(`pattern`, `name`, 0 or FNM_CASEFOLD) in this
    /// locale, as GNU find calls it for -name and its kin. A name with a
    /// NUL byte (none can have one) does not match. Called per file: a
    /// name that fits is made a C string on the stack.
    pub(crate) fn fnmatch(&self, pattern: &CStr, name: &[u8], fold_case: bool) -> bool {
        let mut stack = [0u8; 256];
        let owned;
        let name: &CStr = if name.len() < stack.len() {
            stack[..name.len()].copy_from_slice(name);
            match CStr::from_bytes_until_nul(&stack) {
                Ok(c) if c.count_bytes() == name.len() => c,
                _ => return false,
            }
        } else {
            match std::ffi::CString::new(name) {
                Ok(c) => {
                    owned = c;
                    &owned
                }
                Err(_) => return false,
            }
        };
        let flags = if fold_case { libc::FNM_CASEFOLD } else { 0 };
        // SAFETY: both strings are NUL-terminated.
        within(self.loc, || unsafe {
            libc::fnmatch(pattern.as_ptr(), name.as_ptr(), flags) == 0
        })
    }
}

/// Runs `f` with this thread in `loc` (uselocale(3)) and puts the
/// thread's own locale back; a null `loc` leaves the thread in the
/// process's locale (C: tk never calls setlocale).
fn within<R>(loc: libc::locale_t, f: impl FnOnce() -> R) -> R {
    if loc.is_null() {
        return f();
    }
    // SAFETY: every locale object here lives for the whole run (none is
    // freed).
    let old = unsafe { libc::uselocale(loc) };
    let result = f();
    // SAFETY: `old` is what uselocale returned for this thread.
    unsafe { libc::uselocale(old) };
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_and_c_utf8_keep_c_time_names() {
        let c = Locale::load(c"C");
        assert!(!c.utf8() && c.decimal_point() == "." && c.time_names().is_none());
        let c_utf8 = Locale::load(c"C.UTF-8");
        assert!(c_utf8.utf8() && c_utf8.time_names().is_none());
        assert!(c.collation().is_none());
        assert!(c_utf8.collation().is_some_and(Collation::ascii_as_in_c));
    }

    #[test]
    fn c_tables_are_what_tk_writes_in_c() {
        // SAFETY: "C" is built into glibc.
        let c = unsafe { libc::newlocale(libc::LC_ALL_MASK, c"C".as_ptr(), std::ptr::null_mut()) };
        let names = TimeNames::of(c);
        assert_eq!(names.weekday(2, true), b"Tue");
        assert_eq!(names.weekday(0, false), b"Sunday");
        assert_eq!(names.month(3, true), b"Mar");
        assert_eq!(names.month(12, false), b"December");
        assert_eq!((names.am_pm(11), names.am_pm(12)), (&b"AM"[..], &b"PM"[..]));
    }

    #[test]
    fn fnmatch_takes_short_and_long_names_alike() {
        let c_utf8 = Locale::load(c"C.UTF-8");
        let collation = c_utf8.collation().expect("C.UTF-8 has its own collation");
        for (len, name_end) in [(10, "é"), (255, "é"), (256, "é"), (4000, "é"), (300, "z")] {
            let name = format!("{}{name_end}", "a".repeat(len));
            let latin = name_end == "z";
            assert_eq!(
                collation.fnmatch(c"a*[a-z]", name.as_bytes(), false),
                latin,
                "{len} bytes then {name_end}"
            );
            assert!(collation.fnmatch(c"a*", name.as_bytes(), false));
        }
        assert!(
            !collation.fnmatch(c"a*", b"a\0b", false),
            "a NUL byte never matches"
        );
    }

    #[test]
    fn a_locale_that_is_not_installed_is_c() {
        let missing = Locale::load(c"xx_NO.UTF-8");
        assert!(
            !missing.utf8() && missing.decimal_point() == "." && missing.time_names().is_none()
        );
    }
}
