//! Names written to a terminal, as GNU find writes them: a character the
//! terminal cannot print (a control character, an escape sequence's ESC,
//! a byte that is not part of the locale's encoding) shows as `?`, so a
//! file name cannot move the cursor or change colours. Applies to -print,
//! -fprint and -printf's names when their destination is a terminal;
//! data going to a pipe or a file stays byte for byte, and -print0 is
//! never changed.

/// Append `name` to `out`, unprintable characters replaced by `?`. In a
/// UTF-8 locale a printable multibyte character is kept whole.
pub(crate) fn push_printable(out: &mut Vec<u8>, name: &[u8], utf8: bool) {
    let mut rest = name;
    while let Some(&first) = rest.first() {
        if first.is_ascii() {
            out.push(if (0x20..0x7f).contains(&first) {
                first
            } else {
                b'?'
            });
            rest = &rest[1..];
            continue;
        }
        if utf8 {
            let len = match first {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 1,
            };
            if let Some(c) = rest
                .get(..len)
                .and_then(|chunk| std::str::from_utf8(chunk).ok())
                .and_then(|text| text.chars().next())
            {
                if c.is_control() {
                    out.push(b'?');
                } else {
                    out.extend_from_slice(&rest[..len]);
                }
                rest = &rest[len..];
                continue;
            }
        }
        out.push(b'?');
        rest = &rest[1..];
    }
}

#[cfg(test)]
mod tests {
    use super::push_printable;

    fn safe(name: &[u8], utf8: bool) -> Vec<u8> {
        let mut out = Vec::new();
        push_printable(&mut out, name, utf8);
        out
    }

    #[test]
    fn control_characters_and_bad_bytes_become_question_marks() {
        assert_eq!(safe(b"a\x01b", true), b"a?b");
        assert_eq!(safe(b"esc\x1b[31mred", true), b"esc?[31mred");
        assert_eq!(safe(b"tab\there", true), b"tab?here");
        assert_eq!(safe(b"bad\xffx", true), b"bad?x");
        assert_eq!(safe("école".as_bytes(), true), "école".as_bytes());
        assert_eq!(safe("école".as_bytes(), false), b"??cole");
        assert_eq!(safe("a\u{85}b".as_bytes(), true), b"a?b");
    }
}
