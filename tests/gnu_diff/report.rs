//! Shows bytes to people: escapes what a terminal would hide or mangle
//! (newlines, tabs, control characters, bytes that are not UTF-8) and
//! quotes argv words so a row can be pasted into a shell.

/// `"a\nb\xff"`: valid UTF-8 as text, control characters and invalid
/// bytes as escapes.
pub fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => s.push_str("\\n"),
                '\t' => s.push_str("\\t"),
                '\\' => s.push_str("\\\\"),
                '\0' => s.push_str("\\0"),
                c if c.is_control() => s.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => s.push(c),
            }
        }
        for b in chunk.invalid() {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s
}

/// One argv word for a bash command line.
pub fn shell_word(w: &[u8]) -> String {
    let plain = !w.is_empty()
        && w.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-_./=+,:@%^".contains(&b));
    if plain {
        return String::from_utf8_lossy(w).into_owned();
    }
    let needs_ansi = w.iter().any(|&b| b < 0x20 || b == 0x7f) || std::str::from_utf8(w).is_err();
    if needs_ansi {
        let mut s = String::from("$'");
        for chunk in w.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\'' | '\\' => s.extend(['\\', c]),
                    '\n' => s.push_str("\\n"),
                    '\t' => s.push_str("\\t"),
                    c if (c as u32) < 0x20 => s.push_str(&format!("\\x{:02x}", c as u32)),
                    c => s.push(c),
                }
            }
            for b in chunk.invalid() {
                s.push_str(&format!("\\x{b:02x}"));
            }
        }
        return s + "'";
    }
    format!("'{}'", String::from_utf8_lossy(w).replace('\'', r"'\''"))
}

/// Keeps a long escaped output readable: the part around `at` (a byte
/// index into the escaped text), with a note of what was cut.
pub fn window(s: &str, at: usize, width: usize) -> String {
    if s.len() <= width {
        return format!("\"{s}\"");
    }
    let mut start = at.saturating_sub(width / 3);
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "[{} chars, showing {start}..{end}] \"{}\"",
        s.len(),
        &s[start..end]
    )
}

/// The first byte index where two strings differ.
pub fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

#[test]
fn escapes_and_quotes() {
    assert_eq!(escape(b"a\nb\t\xffc"), "a\\nb\\t\\xffc");
    assert_eq!(shell_word(b"-name"), "-name");
    assert_eq!(shell_word(b"*.txt"), "'*.txt'");
    assert_eq!(shell_word(b"it's"), r"'it'\''s'");
    assert_eq!(shell_word(b"new\nline\xff"), r"$'new\nline\xff'");
}
