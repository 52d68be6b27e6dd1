//! Markdown to terminal text. pulldown-cmark parses the page; each event
//! is turned into text with a style (heading, emphasis, strong, code,
//! code block, link). On a terminal the styles become ANSI escapes; when
//! piped or under NO_COLOR the same layout comes out without them, inline
//! code keeping its backticks.
//! Soft line breaks stay line breaks: the pages are wrapped by hand, and
//! joining Chinese lines with a space would be wrong.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Whether to emit ANSI styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Heading,
    Entry,
    Strong,
    Emphasis,
    Code,
    Block,
    Link,
}

impl Style {
    fn ansi(self) -> &'static str {
        match self {
            Style::Heading => "\x1b[1;4;36m",
            Style::Entry => "\x1b[1;33m",
            Style::Strong => "\x1b[1m",
            Style::Emphasis => "\x1b[3m",
            Style::Code => "\x1b[32m",
            Style::Block => "\x1b[36m",
            Style::Link => "\x1b[4;34m",
        }
    }
}

/// One open list: the next number for ordered lists, None for bullets.
struct List(Option<u64>);

/// Renders one page. Text goes to `out`; `prefix` is what every new line
/// starts with inside lists, quotes and code blocks.
struct Renderer {
    color: Color,
    out: String,
    styles: Vec<Style>,
    lists: Vec<List>,
    prefix: Vec<String>,
    at_line_start: bool,
    link: Option<String>,
    heading: Option<HeadingLevel>,
}

/// Render `markdown` as terminal text.
pub(crate) fn render(markdown: &str, color: Color) -> String {
    let mut r = Renderer {
        color,
        out: String::new(),
        styles: Vec::new(),
        lists: Vec::new(),
        prefix: Vec::new(),
        at_line_start: true,
        link: None,
        heading: None,
    };
    for event in Parser::new(markdown) {
        r.event(event);
    }
    let trimmed = r.out.trim_end_matches('\n').len();
    r.out.truncate(trimmed);
    r.out.push('\n');
    r.out
}

impl Renderer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => {
                // Without colour, backticks keep `-o ... -print` or a
                // lone `,` visible as code in the sentence around it.
                self.push_style(Style::Code);
                match self.color {
                    Color::Always => self.text(&text),
                    Color::Never => self.text(&format!("`{text}`")),
                }
                self.pop_style();
            }
            Event::SoftBreak | Event::HardBreak => self.newline(),
            Event::Rule => {
                self.blank_line();
                self.text("────────");
                self.newline();
            }
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.blank_line();
                self.heading = Some(level);
                let style = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => Style::Heading,
                    _ => Style::Entry,
                };
                self.push_style(style);
            }
            Tag::Paragraph if self.lists.is_empty() => self.blank_line(),
            Tag::CodeBlock(_) => {
                self.blank_line();
                self.prefix.push("    ".to_string());
                self.push_style(Style::Block);
            }
            Tag::BlockQuote(_) => {
                self.blank_line();
                self.prefix.push("│ ".to_string());
            }
            Tag::List(first) => {
                if self.lists.is_empty() {
                    self.blank_line();
                } else {
                    self.newline();
                }
                self.lists.push(List(first));
            }
            Tag::Item => self.item(),
            Tag::Emphasis => self.push_style(Style::Emphasis),
            Tag::Strong => self.push_style(Style::Strong),
            Tag::Link { dest_url, .. } => {
                self.link = Some(dest_url.to_string());
                self.push_style(Style::Link);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                self.pop_style();
                self.heading = None;
                self.newline();
                if self.color == Color::Never && level <= HeadingLevel::H2 {
                    self.underline(level);
                }
            }
            TagEnd::Paragraph => self.newline(),
            TagEnd::CodeBlock => {
                self.pop_style();
                self.prefix.pop();
                if !self.at_line_start {
                    self.newline();
                }
            }
            TagEnd::BlockQuote(_) => {
                self.prefix.pop();
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                self.prefix.pop();
                if !self.at_line_start {
                    self.newline();
                }
            }
            TagEnd::Emphasis | TagEnd::Strong => self.pop_style(),
            TagEnd::Link => {
                self.pop_style();
                if let Some(url) = self.link.take() {
                    self.text(&format!(" <{url}>"));
                }
            }
            _ => {}
        }
    }

    /// A list item: the marker, then a prefix as wide as the marker.
    fn item(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
        let marker = match self.lists.last_mut() {
            Some(List(Some(n))) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => "• ".to_string(),
        };
        self.text(&format!("  {marker}"));
        self.prefix.push(" ".repeat(2 + width(&marker)));
    }

    /// Plain output marks the big headings by underlining them.
    fn underline(&mut self, level: HeadingLevel) {
        let line = self
            .out
            .trim_end_matches('\n')
            .rsplit('\n')
            .next()
            .unwrap_or("");
        let ch = if level == HeadingLevel::H1 { "=" } else { "-" };
        let rule = ch.repeat(width(line));
        self.text(&rule);
        self.newline();
    }

    fn text(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            if line.is_empty() {
                continue;
            }
            if self.at_line_start {
                let prefix: String = self.prefix.concat();
                self.out.push_str(&prefix);
                self.at_line_start = false;
                self.restyle();
            }
            self.out.push_str(line);
        }
    }

    fn newline(&mut self) {
        if self.color == Color::Always && !self.styles.is_empty() && !self.at_line_start {
            self.out.push_str("\x1b[0m");
        }
        self.out.push('\n');
        self.at_line_start = true;
    }

    /// End the current line and leave one empty line, unless at the top.
    fn blank_line(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn push_style(&mut self, style: Style) {
        self.styles.push(style);
        if !self.at_line_start {
            self.restyle();
        }
    }

    fn pop_style(&mut self) {
        self.styles.pop();
        if !self.at_line_start && self.color == Color::Always {
            self.out.push_str("\x1b[0m");
            self.restyle();
        }
    }

    /// Re-emit every open style (after a reset or at a line start).
    fn restyle(&mut self) {
        if self.color == Color::Always {
            for style in &self.styles {
                self.out.push_str(style.ansi());
            }
        }
    }
}

/// Columns a string takes on a terminal: CJK and full-width characters
/// take two.
pub(crate) fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Title\n\nSome *soft* and **strong** text\nwith `code`.\n\n\
                        ## Part\n\n- one\n- two `x`\n\n```sh\ntk find . -name '*.txt'\n```\n\n\
                        ### -mtime N\n\n1. first\n2. second\n";

    #[test]
    fn plain_output_has_no_escapes_and_keeps_the_layout() {
        let text = render(PAGE, Color::Never);
        assert!(!text.contains('\x1b'));
        assert_eq!(
            text,
            "Title\n=====\n\nSome soft and strong text\nwith `code`.\n\nPart\n----\n\n  \
             • one\n  • two `x`\n\n    tk find . -name '*.txt'\n\n-mtime N\n\n  1. first\n  \
             2. second\n"
        );
    }

    #[test]
    fn color_output_styles_headings_emphasis_and_code() {
        let text = render(PAGE, Color::Always);
        assert!(text.contains("\x1b[1;4;36mTitle\x1b[0m"));
        assert!(text.contains("\x1b[3msoft\x1b[0m"));
        assert!(text.contains("\x1b[1mstrong\x1b[0m"));
        assert!(text.contains("\x1b[32mcode\x1b[0m"));
        assert!(text.contains("\x1b[1;33m-mtime N\x1b[0m"));
        assert!(text.contains("    \x1b[36mtk find . -name '*.txt'\x1b[0m"));
    }

    #[test]
    fn chinese_counts_two_columns_per_character() {
        assert_eq!(width("查找"), 4);
        assert_eq!(render("# 查找\n", Color::Never), "查找\n====\n");
    }
}
