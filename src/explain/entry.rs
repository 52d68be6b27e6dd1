//! Entries inside a topic. An entry is a level-3 heading and the text up to
//! the next heading of level 1 to 3; its key is the heading's first word,
//! so `### -mtime N` is the entry `-mtime` and `### --short` is `--short`.
//! `tk explain find -mtime` prints just that slice of the page.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// One entry of a page: its key, its heading text, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    pub heading: String,
    /// Byte range in the page's markdown, heading line included.
    pub range: Range<usize>,
}

/// Every entry of a page, in page order.
pub(crate) fn entries(markdown: &str) -> Vec<Entry> {
    let mut found: Vec<Entry> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (event, span) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H3 => {
                if let Some(last) = found.last_mut() {
                    if last.range.end == usize::MAX {
                        last.range.end = span.start;
                    }
                }
                if level == HeadingLevel::H3 {
                    open = Some((span.start, String::new()));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading)) = open.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H3)) => {
                if let Some((start, heading)) = open.take() {
                    let key = heading.split_whitespace().next().unwrap_or("").to_string();
                    found.push(Entry {
                        key,
                        heading,
                        range: start..usize::MAX,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(last) = found.last_mut() {
        if last.range.end == usize::MAX {
            last.range.end = markdown.len();
        }
    }
    found
}

/// The name a user's word is filed under: `-newermt` and the other
/// `-newerXY` spellings share one entry, `)` is filed with `(`, and GNU's
/// `--help` and `--version` with `-help` and `-version`.
pub fn canonical_key(word: &str) -> String {
    let xy = word.strip_prefix("-newer").unwrap_or("");
    let letters = |c: char| "amcBt".contains(c);
    if xy.len() == 2 && xy.chars().all(letters) {
        return "-newerXY".to_string();
    }
    let level = word.strip_prefix("-O").unwrap_or("x");
    if !level.is_empty() && level.bytes().all(|b| b.is_ascii_digit()) {
        return "-O".to_string();
    }
    match word {
        ")" => "(",
        "--help" => "-help",
        "--version" => "-version",
        _ => word,
    }
    .to_string()
}

/// The entry of `markdown` filed under `word`.
pub(super) fn find<'a>(entries: &'a [Entry], word: &str) -> Option<&'a Entry> {
    let key = canonical_key(word);
    entries.iter().find(|e| e.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# find\n\nintro\n\n## Tests\n\n### -name PATTERN\n\nBase name.\n\n\
                        ### -size N\n\nSize.\n\n#### detail\n\nmore\n\n## Actions\n\n\
                        ### `-print`\n\nPrints.\n";

    #[test]
    fn entries_are_level_three_headings_keyed_by_first_word() {
        let keys: Vec<_> = entries(PAGE).into_iter().map(|e| e.key).collect();
        assert_eq!(keys, ["-name", "-size", "-print"]);
    }

    #[test]
    fn an_entry_runs_to_the_next_heading_of_level_three_or_above() {
        let all = entries(PAGE);
        assert_eq!(
            &PAGE[all[0].range.clone()],
            "### -name PATTERN\n\nBase name.\n\n"
        );
        assert!(PAGE[all[1].range.clone()].contains("#### detail\n\nmore"));
        assert!(!PAGE[all[1].range.clone()].contains("Actions"));
        assert_eq!(&PAGE[all[2].range.clone()], "### `-print`\n\nPrints.\n");
    }

    #[test]
    fn newer_xy_spellings_share_an_entry() {
        assert_eq!(canonical_key("-newermt"), "-newerXY");
        assert_eq!(canonical_key("-neweraB"), "-newerXY");
        assert_eq!(canonical_key("-newer"), "-newer");
        assert_eq!(canonical_key("-newerxx"), "-newerxx");
        assert_eq!(canonical_key(")"), "(");
        assert_eq!(canonical_key("--help"), "-help");
        assert_eq!(canonical_key("-O3"), "-O");
    }
}
