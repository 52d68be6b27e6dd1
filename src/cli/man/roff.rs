//! Markdown to man(7) roff. pulldown-cmark reads the page; each block
//! becomes the man macro that means the same: a paragraph `.PP`, an entry
//! (`### -name PATTERN`) a tagged paragraph `.TP`, a list `.IP \(bu`, a
//! code block `.EX`/`.EE`, inline code bold, emphasis italic. The `roff`
//! crate writes the text, escaping what roff would read as a request or an
//! escape (`-`, `\`, a leading `.` or `'`).
//!
//! Lines inside an entry stay indented under its tag: its later paragraphs
//! are `.IP`, and its lists and examples sit inside `.RS`/`.RE`.
//! A soft line break between two CJK characters is dropped: the Chinese
//! pages are wrapped by hand, and roff would read the break as a space.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use roff::{Inline, Roff, bold, italic, roman};

/// Append the roff for `markdown` (a part of a page, whose `#` and `##`
/// headings become subsections) to `out`, right after a section heading.
pub(super) fn append(markdown: &str, out: &mut Roff) {
    let mut w = Writer {
        out,
        line: Vec::new(),
        styles: Vec::new(),
        lists: Vec::new(),
        in_entry: false,
        // Right after `.SH`, a paragraph needs no macro of its own.
        fresh: true,
        code: None,
        soft_break: false,
    };
    for event in Parser::new(markdown) {
        w.event(event);
    }
    w.flush();
}

/// A style of inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bold,
    Italic,
}

/// One open list: the next number of an ordered list, None for bullets.
struct List(Option<u64>);

struct Writer<'a> {
    out: &'a mut Roff,
    /// The text line being built.
    line: Vec<Inline>,
    styles: Vec<Style>,
    lists: Vec<List>,
    /// Inside a `###` entry: blocks stay indented under its tag.
    in_entry: bool,
    /// Right after a tag (`.TP` heading or `.IP` bullet): the next
    /// paragraph continues it without a macro of its own.
    fresh: bool,
    /// The text of the code block being read.
    code: Option<String>,
    /// A soft line break is waiting for the text after it.
    soft_break: bool,
}

impl Writer<'_> {
    fn event(&mut self, event: Event) {
        if let Some(code) = self.code.as_mut() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => self.styled(Style::Bold, &text),
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => self.line.push(Inline::LineBreak),
            // Comments and raw HTML mean nothing in a man page; a rule
            // is only decoration.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => {
                        self.close_entry();
                        self.out.control("SS", []);
                    }
                    HeadingLevel::H3 => {
                        self.close_entry();
                        self.out.control("TP", []);
                        self.in_entry = true;
                    }
                    _ => self.paragraph(),
                }
                self.styles.push(Style::Bold);
            }
            Tag::Paragraph => {
                self.flush();
                self.paragraph();
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(first) => {
                self.flush();
                if self.in_entry || !self.lists.is_empty() {
                    self.out.control("RS", []);
                }
                self.lists.push(List(first));
            }
            Tag::Item => {
                self.flush();
                let tag = match self.lists.last_mut() {
                    Some(List(Some(n))) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => r"\(bu".to_string(),
                };
                let width = if tag.ends_with('.') { "4" } else { "2" };
                self.out.control("IP", [tag.as_str(), width]);
                self.fresh = true;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.out.control("RS", []);
            }
            Tag::Emphasis => self.styles.push(Style::Italic),
            Tag::Strong => self.styles.push(Style::Bold),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.flush();
                // The first paragraph follows its heading or tag directly.
                self.fresh = true;
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.in_entry || !self.lists.is_empty() {
                    self.out.control("RE", []);
                }
                self.fresh = false;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.out.control("RE", []);
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.styles.pop();
            }
            _ => {}
        }
    }

    /// The macro that starts a paragraph where we are.
    fn paragraph(&mut self) {
        if std::mem::take(&mut self.fresh) {
            return;
        }
        if self.in_entry || !self.lists.is_empty() {
            self.out.control("IP", []);
        } else {
            self.out.control("PP", []);
        }
    }

    /// An example, in no-fill mode and a constant-width font: indented
    /// at the top level, in line with the text inside an entry or a list.
    fn code_block(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let indent = !self.in_entry && self.lists.is_empty();
        self.paragraph();
        if indent {
            self.out.control("RS", ["4"]);
        }
        self.out.control("EX", []);
        for line in code.trim_end_matches('\n').lines() {
            if line.is_empty() {
                // A blank input line is a request of its own in roff.
                self.out.control("sp", []);
            } else {
                self.out.text([roman(line)]);
            }
        }
        self.out.control("EE", []);
        if indent {
            self.out.control("RE", []);
        }
    }

    fn close_entry(&mut self) {
        self.in_entry = false;
        self.fresh = false;
    }

    fn text(&mut self, text: &str) {
        match self.styles.last() {
            Some(&style) => self.styled(style, text),
            None => {
                let text = self.after_break(text);
                self.line.push(roman(text));
            }
        }
    }

    fn styled(&mut self, style: Style, text: &str) {
        let text = self.after_break(text);
        self.line.push(match style {
            Style::Bold => bold(text),
            Style::Italic => italic(text),
        });
    }

    /// `text`, after the soft break waiting before it: a new source line
    /// (a space, to roff), or nothing between two CJK characters. The
    /// break goes at the start of the next piece so that the `roff` crate
    /// sees a line starting with `.` or `'` and escapes it.
    fn after_break(&mut self, text: &str) -> String {
        if !std::mem::take(&mut self.soft_break) {
            return text.to_string();
        }
        let before = self.line.iter().rev().find_map(|i| match i {
            Inline::Roman(t) | Inline::Bold(t) | Inline::Italic(t) => t.chars().last(),
            Inline::LineBreak => None,
        });
        let joined = before.is_some_and(wide) && text.chars().next().is_some_and(wide);
        if joined {
            text.to_string()
        } else {
            format!("\n{text}")
        }
    }

    /// Write the text line being built, if any.
    fn flush(&mut self) {
        self.soft_break = false;
        if !self.line.is_empty() {
            self.out.text(std::mem::take(&mut self.line));
        }
    }
}

/// A character of the CJK scripts or their full-width punctuation, which
/// Chinese writes without spaces between.
fn wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// The finished page: every character outside ASCII written as a roff
/// `\[uXXXX]` escape, which groff and mandoc read whatever the page's
/// encoding is taken to be, and text lines kept to 80 bytes, as mandoc's
/// lint asks.
pub(super) fn finish(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len() * 2);
    let mut no_fill = false;
    for line in roff.lines() {
        let line = ascii(line);
        if line.starts_with('.') {
            match line.as_str() {
                ".EX" | ".nf" => no_fill = true,
                ".EE" | ".fi" => no_fill = false,
                _ => {}
            }
            out.push_str(&line);
            out.push('\n');
        } else if no_fill {
            out.push_str(&line);
            out.push('\n');
        } else {
            wrap(&line, &mut out);
        }
    }
    out
}

/// For a Chinese page: tell groff where lines may break between CJK
/// characters and their punctuation (what groff's own zh.tmac says, which
/// man does not load), and not to stretch lines that have no spaces.
/// `\n(.x`, groff's major version, keeps mandoc out: it has no `.class`,
/// and the `\C` escape goes through a string so that mandoc, which reads
/// every line, does not see it.
pub(super) const CHINESE: &str = r".ds tk-C
.if \n(.x \{\
.ds tk-C \\C
.class CJKprepunct , : ; > } \[u2026] \[u201D] \[u3001] \[u3002] \[u3009] \[u300B]
.class CJKprepunct \[u300D] \[u300F] \[u3011] \[uFF01] \[uFF09] \[uFF0C] \[uFF1A]
.class CJKprepunct \[uFF1B] \[uFF1F]
.class CJKpostpunct \[u201C] \[u3008] \[u300A] \[u300C] \[u300E] \[u3010] \[uFF08]
.class CJKnormal \[u4E00]-\[u9FFF]
.cflags 128 \*[tk-C]'CJKprepunct'
.cflags 266 \*[tk-C]'CJKpostpunct'
.cflags 512 \*[tk-C]'CJKnormal'
.ad l
.\}
";

fn ascii(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

/// Most bytes on one text line.
const WIDTH: usize = 80;

/// Write a filled text line as lines of at most WIDTH bytes: broken at a
/// space (a new line is a space to roff), or where there is none, between
/// two `\[u...]` characters with `\c`, which joins the lines without one.
/// A piece that would start with `.` or `'` gets `\&` first.
fn wrap(line: &str, out: &mut String) {
    let mut rest = line;
    while rest.len() > WIDTH {
        let head = &rest[..WIDTH];
        let (cut, skip, join) = if let Some(at) = head.rfind(' ').filter(|&at| at > 0) {
            (at, 1, "")
        } else if let Some(at) = head.rfind("\\[u").filter(|&at| at > 0) {
            (at, 0, "\\c")
        } else {
            break;
        };
        out.push_str(&rest[..cut]);
        out.push_str(join);
        out.push('\n');
        rest = &rest[cut + skip..];
        if rest.starts_with(['.', '\'']) {
            out.push_str("\\&");
        }
    }
    out.push_str(rest);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roff(markdown: &str) -> String {
        let mut out = Roff::new();
        append(markdown, &mut out);
        out.to_roff()
    }

    #[test]
    fn paragraphs_code_and_emphasis() {
        assert_eq!(
            roff("Print `-name` *here*,\n.not a request.\n"),
            "Print \\fB\\-name\\fR \\fIhere\\fR,\n\\&.not a request.\n"
        );
    }

    #[test]
    fn an_entry_is_a_tagged_paragraph_and_keeps_its_indent() {
        let md =
            "### -size N\n\nFirst.\n\nSecond.\n\n- a\n- b\n\n```sh\ntk find . -size +1M\n```\n";
        assert_eq!(
            roff(md),
            ".TP\n\\fB\\-size N\\fR\nFirst.\n.IP\nSecond.\n.RS\n.IP \\(bu 2\na\n\
             .IP \\(bu 2\nb\n.RE\n.IP\n.EX\ntk find . \\-size +1M\n.EE\n"
        );
    }

    #[test]
    fn a_list_at_the_top_is_not_shifted() {
        assert_eq!(roff("1. one\n2. two\n"), ".IP 1. 4\none\n.IP 2. 4\ntwo\n");
    }

    #[test]
    fn chinese_lines_join_without_a_space() {
        assert_eq!(roff("中文\n句子 and\nmore\n"), "中文句子 and\nmore\n");
    }

    #[test]
    fn a_blank_line_in_an_example_is_a_request() {
        assert!(roff("```sh\na\n\nb\n```\n").contains("\na\n.sp\nb\n"));
    }

    #[test]
    fn non_ascii_becomes_escapes() {
        assert_eq!(finish("a×中\n"), "a\\[u00D7]\\[u4E2D]\n");
    }

    #[test]
    fn long_lines_break_at_a_space_or_between_wide_characters() {
        let words = format!("{} .next", "word ".repeat(16).trim_end());
        assert_eq!(
            finish(&words),
            format!("{}\n\\&.next\n", "word ".repeat(16).trim_end())
        );
        let zh = finish(&"中".repeat(20));
        let lines: Vec<&str> = zh.lines().collect();
        assert_eq!(lines.len(), 3, "{zh}");
        assert!(
            lines[0].ends_with("]\\c") && lines[0].len() <= WIDTH,
            "{zh}"
        );
        let code = ".EX\nx".to_string() + &" y".repeat(50) + "\n.EE\n";
        assert_eq!(finish(&code), code, "examples are never wrapped");
    }
}
