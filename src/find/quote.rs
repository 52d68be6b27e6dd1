//! A file name or word in a message, quoted as GNU find quotes it
//! (gnulib's `quote`): ‘name’ when the locale's character set is UTF-8,
//! 'name' otherwise. Bytes that are not UTF-8 show as U+FFFD.

/// `word` between GNU's quotation marks for this locale.
pub(crate) fn quote(word: &[u8]) -> String {
    let (open, close) = if crate::find::locale::current().utf8() {
        ('\u{2018}', '\u{2019}')
    } else {
        ('\'', '\'')
    };
    format!("{open}{}{close}", String::from_utf8_lossy(word))
}
