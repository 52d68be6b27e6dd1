//! A docs page cut into the parts a man page is made of: its title, the
//! usage block (a ```text block of `tk ...` lines) for SYNOPSIS, the
//! text before the first `##` heading, and each `##` section with the man
//! section it belongs to.
//!
//! Where a section goes is decided by its heading in the English page;
//! the Chinese page has the same sections in the same order (a test in
//! explain checks the count), so the same position goes to the same place.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

/// The man sections a docs section can land in, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    Description,
    /// OPTIONS, or EXPRESSION for tk find.
    Options,
    Examples,
    Caveats,
    ExitStatus,
    Environment,
}

/// English headings of sections that are not description (a section
/// with `###` entries is options, whatever its heading).
const PLACES: &[(&str, Part)] = &[
    ("Examples", Part::Examples),
    ("Excluding a directory with -prune", Part::Examples),
    ("Symbolic links", Part::Examples),
    ("Newest and largest files", Part::Examples),
    ("Traps", Part::Caveats),
    ("Exit status", Part::ExitStatus),
    ("When it fails", Part::ExitStatus),
    ("Environment", Part::Environment),
];

/// One `##` section.
#[derive(Debug)]
pub(super) struct Section {
    pub heading: String,
    /// The markdown after the heading line, usage block taken out.
    pub body: String,
    pub part: Part,
    /// The section is about the command itself (`## tk ip`): its text
    /// joins DESCRIPTION and its entries OPTIONS, with no heading.
    pub is_command: bool,
}

/// A page, cut up.
#[derive(Debug)]
pub(super) struct Cut {
    /// The `#` heading: `tk find: search a directory tree`.
    pub title: String,
    /// The usage lines, `tk find [-H|-L|-P] ...`.
    pub synopsis: Vec<String>,
    /// The markdown before the first `##`, usage block taken out.
    pub intro: String,
    pub sections: Vec<Section>,
}

impl Cut {
    /// The title's description, after the command: `search a directory
    /// tree` (the part after the first `:` or `：`).
    pub(super) fn description(&self) -> &str {
        self.title
            .split_once([':', '：'])
            .map_or(self.title.as_str(), |(_, d)| d.trim())
    }
}

/// Cut `markdown` (one language) using `english` (the same page in
/// English) to place its sections.
pub(super) fn cut(markdown: &str, english: &str) -> Cut {
    let usage = usage_block(markdown);
    let without_usage = |range: Range<usize>| {
        let mut text = String::new();
        for (i, c) in markdown[range.clone()].char_indices() {
            let at = range.start + i;
            if !usage.as_ref().is_some_and(|u| u.range.contains(&at)) {
                text.push(c);
            }
        }
        text
    };
    let headings = headings(markdown);
    let places: Vec<Part> = headings_text(english).iter().map(|h| place(h)).collect();
    let title = headings
        .iter()
        .find(|h| h.level == HeadingLevel::H1)
        .map_or_else(String::new, |h| h.text.clone());
    let h2: Vec<&Heading> = headings
        .iter()
        .filter(|h| h.level == HeadingLevel::H2)
        .collect();
    let intro_start = headings
        .iter()
        .find(|h| h.level == HeadingLevel::H1)
        .map_or(0, |h| h.range.end);
    let intro_end = h2.first().map_or(markdown.len(), |h| h.range.start);
    let command = title.split([':', '：']).next().unwrap_or("").trim();
    let sections = h2
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = h2.get(i + 1).map_or(markdown.len(), |n| n.range.start);
            let body = without_usage(h.range.end..end);
            let part = places.get(i).copied().unwrap_or(Part::Description);
            Section {
                heading: h.text.clone(),
                part: if part == Part::Description && has_entries(&body) {
                    Part::Options
                } else {
                    part
                },
                is_command: h.text == command,
                body,
            }
        })
        .collect();
    let intro = without_usage(intro_start..intro_end);
    Cut {
        title,
        synopsis: usage.map(|u| u.lines).unwrap_or_default(),
        intro,
        sections,
    }
}

fn place(heading: &str) -> Part {
    PLACES
        .iter()
        .find(|(h, _)| *h == heading)
        .map_or(Part::Description, |(_, p)| *p)
}

struct Heading {
    level: HeadingLevel,
    text: String,
    range: Range<usize>,
}

fn headings(markdown: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut open: Option<Heading> = None;
    for (event, span) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                open = Some(Heading {
                    level,
                    text: String::new(),
                    range: span,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = open.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// The texts of the `##` headings, in order.
fn headings_text(markdown: &str) -> Vec<String> {
    headings(markdown)
        .into_iter()
        .filter(|h| h.level == HeadingLevel::H2)
        .map(|h| h.text)
        .collect()
}

fn has_entries(markdown: &str) -> bool {
    Parser::new(markdown).any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H3,
                ..
            })
        )
    })
}

struct Usage {
    range: Range<usize>,
    lines: Vec<String>,
}

/// The first ```text block whose lines are `tk ...` (or continue one).
fn usage_block(markdown: &str) -> Option<Usage> {
    let mut inside: Option<(Range<usize>, String)> = None;
    for (event, span) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "text" => {
                inside = Some((span, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, text)) = inside.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((range, text)) = inside.take() else {
                    continue;
                };
                let usage = text.starts_with("tk ")
                    && text
                        .lines()
                        .all(|l| l.starts_with("tk ") || l.starts_with(' '));
                if usage {
                    let lines = text.lines().map(str::to_string).collect();
                    return Some(Usage { range, lines });
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# tk demo: a page\n\nIntro.\n\n```text\ntk demo [-x]\n      [-y]\n```\n\n\
                        ## Background\n\nWords.\n\n## tk demo\n\nWhat it does.\n\n### -x\n\nX.\n\n\
                        ## Exit status\n\n- 0: fine.\n";

    #[test]
    fn a_page_is_cut_into_its_man_sections() {
        let cut = cut(PAGE, PAGE);
        assert_eq!(cut.title, "tk demo: a page");
        assert_eq!(cut.description(), "a page");
        assert_eq!(cut.synopsis, ["tk demo [-x]", "      [-y]"]);
        assert_eq!(cut.intro.trim(), "Intro.");
        let parts: Vec<(&str, Part, bool)> = cut
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.part, s.is_command))
            .collect();
        assert_eq!(
            parts,
            [
                ("Background", Part::Description, false),
                ("tk demo", Part::Options, true),
                ("Exit status", Part::ExitStatus, false)
            ]
        );
    }

    #[test]
    fn a_translation_is_placed_by_the_english_headings() {
        let zh = PAGE
            .replace("## Exit status", "## 退出状态")
            .replace("# tk demo: a page", "# tk demo：一页");
        let cut = cut(&zh, PAGE);
        assert_eq!(cut.description(), "一页");
        assert_eq!(cut.sections[2].part, Part::ExitStatus);
    }
}
