//! Turns one table row's command line into argv words. The syntax is a
//! small part of the shell's, so a row reads as you would type it:
//! blanks separate words, `'...'` is literal, `$'...'` takes the escapes
//! `\n \t \\ \' \xHH` (for newlines and bytes that are not UTF-8), and a
//! backslash outside quotes takes the next byte literally. After that,
//! each `{{NAME:ARG}}` in a word is replaced through a callback: values
//! such as inode numbers and dates only exist once the tree is built.

/// Splits `line` into words of raw bytes.
pub fn split(line: &str) -> Result<Vec<Vec<u8>>, String> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut cur: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' => {
                words.extend(cur.take());
                i += 1;
            }
            b'\'' => {
                let end = find_quote(b, i + 1, line)?;
                cur.get_or_insert_with(Vec::new).extend(&b[i + 1..end]);
                i = end + 1;
            }
            b'$' if b.get(i + 1) == Some(&b'\'') => {
                i = ansi_c(b, i + 2, cur.get_or_insert_with(Vec::new), line)?;
            }
            b'\\' => {
                let c = *b
                    .get(i + 1)
                    .ok_or_else(|| format!("trailing \\ in {line:?}"))?;
                cur.get_or_insert_with(Vec::new).push(c);
                i += 2;
            }
            c => {
                cur.get_or_insert_with(Vec::new).push(c);
                i += 1;
            }
        }
    }
    words.extend(cur);
    Ok(words)
}

fn find_quote(b: &[u8], from: usize, line: &str) -> Result<usize, String> {
    b[from..]
        .iter()
        .position(|&c| c == b'\'')
        .map(|p| from + p)
        .ok_or_else(|| format!("unclosed ' in {line:?}"))
}

/// Reads a `$'...'` body starting at `i`; returns the index after the `'`.
fn ansi_c(b: &[u8], mut i: usize, out: &mut Vec<u8>, line: &str) -> Result<usize, String> {
    loop {
        match b.get(i) {
            None => return Err(format!("unclosed $' in {line:?}")),
            Some(b'\'') => return Ok(i + 1),
            Some(b'\\') => {
                let (byte, used) = ansi_escape(&b[i + 1..])
                    .ok_or_else(|| format!("bad escape in $'...' in {line:?}"))?;
                out.push(byte);
                i += 1 + used;
            }
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

fn ansi_escape(rest: &[u8]) -> Option<(u8, usize)> {
    match rest.first()? {
        b'n' => Some((b'\n', 1)),
        b't' => Some((b'\t', 1)),
        b'\\' => Some((b'\\', 1)),
        b'\'' => Some((b'\'', 1)),
        b'x' => {
            let hex = std::str::from_utf8(rest.get(1..3)?).ok()?;
            Some((u8::from_str_radix(hex, 16).ok()?, 3))
        }
        _ => None,
    }
}

/// Gives the value of a `{{NAME:ARG}}` placeholder.
pub type Lookup<'a> = dyn FnMut(&str, &str) -> Result<Vec<u8>, String> + 'a;

/// Replaces every `{{NAME:ARG}}` in `word` with `lookup(NAME, ARG)`.
pub fn expand(word: &[u8], lookup: &mut Lookup) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = word;
    while let Some(start) = find(rest, b"{{") {
        out.extend(&rest[..start]);
        let after = &rest[start + 2..];
        let end = find(after, b"}}").ok_or("unclosed {{ in a word")?;
        let inner = std::str::from_utf8(&after[..end]).map_err(|e| e.to_string())?;
        let (name, arg) = inner.split_once(':').unwrap_or((inner, ""));
        out.extend(lookup(name, arg)?);
        rest = &after[end + 2..];
    }
    out.extend(rest);
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn split_handles_quotes_and_escapes() {
    let w = split(r#"t -name '*.txt' -o $'new\nline\xff' a\ b"#).unwrap();
    let want: Vec<&[u8]> = vec![b"t", b"-name", b"*.txt", b"-o", b"new\nline\xff", b"a b"];
    assert_eq!(w, want);
    assert_eq!(split("''").unwrap(), vec![Vec::<u8>::new()]);
    assert!(split("'open").is_err());
}

#[test]
fn expand_replaces_placeholders() {
    let mut f = |n: &str, a: &str| Ok(format!("<{n}|{a}>").into_bytes());
    assert_eq!(expand(b"@{{T:-2d}}.5", &mut f).unwrap(), b"@<T|-2d>.5");
    assert_eq!(expand(b"plain", &mut f).unwrap(), b"plain");
}
