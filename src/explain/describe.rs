//! The page `tk explain find -- ARGS...` prints, as markdown: the command
//! line spelled out with every operator (implicit `-a` and `-print`
//! included), each piece in plain words taken from the find page of the
//! same language, then the traps it falls into.

use std::ffi::OsString;
use std::path::Path;

use super::cmdline::{Node, Op, ReadError, Reading, gloss, read};
use super::lang::Lang;
use super::topics::topic;
use super::{entries, entry, traps};

/// Explain `args` (what follows `tk find`) in `lang`; `cwd` is where a
/// pattern the shell may have expanded is looked for.
pub(super) fn explain(args: Vec<OsString>, lang: Lang, cwd: &Path) -> Result<String, ReadError> {
    let r = read(args)?;
    let t = Text::of(lang);
    let mut md = format!("# {}\n\n", code(&r.command()));
    if r.default_start() {
        md.push_str(&format!("{}\n\n", t.default_start));
    } else {
        md.push_str(&format!("{}{}\n\n", t.starts, code(&r.words(&r.starts))));
    }
    md.push_str(&format!(
        "## {}\n\n```text\n{}\n```\n\n",
        t.reads,
        r.spelled_out()
    ));
    if has_implicit_and(&r.tree) {
        md.push_str(&format!("- {}\n", t.implicit_and));
    }
    if r.plan.implicit_print {
        md.push_str(&format!("- {}\n", t.implicit_print));
    }
    md.push_str(&format!("- {}\n\n## {}\n\n", t.short_circuit, t.pieces));
    for item in pieces(&r, lang, &t) {
        md.push_str(&format!("- {item}\n"));
    }
    let mut warnings = traps::traps(&r, lang, cwd);
    warnings.extend(r.plan.warnings.iter().map(|w| format!("tk find: {w}")));
    if !warnings.is_empty() {
        md.push_str(&format!("\n## {}\n\n", t.warnings));
        for w in warnings {
            md.push_str(&format!("- {w}\n"));
        }
    }
    Ok(md)
}

/// The fixed sentences of the page, per language.
struct Text {
    starts: &'static str,
    default_start: &'static str,
    reads: &'static str,
    implicit_and: &'static str,
    implicit_print: &'static str,
    short_circuit: &'static str,
    pieces: &'static str,
    implicit: &'static str,
    added: &'static str,
    warnings: &'static str,
    /// Between a piece and its explanation.
    colon: &'static str,
}

impl Text {
    fn of(lang: Lang) -> Text {
        match lang {
            Lang::En => Text {
                starts: "Starting points: ",
                default_start: "No starting point is given, so tk find starts at `.`.",
                reads: "How tk find reads it",
                implicit_and: "`-a` is implied between two expressions written side by side.",
                implicit_print: "The expression has no action, so tk find adds `-print`: \
                                 every file for which the whole expression is true is printed.",
                short_circuit: "It is evaluated from left to right for each file, and stops \
                                as soon as the result is known.",
                pieces: "Each piece",
                implicit: " (implied)",
                added: " (added by tk find)",
                warnings: "Warnings",
                colon: ": ",
            },
            Lang::Zh => Text {
                starts: "起点：",
                default_start: "没有给出起点，所以 tk find 从 `.` 开始。",
                reads: "tk find 如何理解它",
                implicit_and: "并排书写的两个表达式之间隐含 `-a`。",
                implicit_print: "表达式中没有动作，所以 tk find 加上了 `-print`：\
                                 使整个表达式为真的每个文件都会被打印。",
                short_circuit: "对每个文件从左到右求值，一旦结果确定就停止。",
                pieces: "逐项说明",
                implicit: "（隐含）",
                added: "（由 tk find 加上）",
                warnings: "警告",
                colon: "：",
            },
        }
    }
}

fn has_implicit_and(tree: &Node) -> bool {
    let mut seen = false;
    tree.walk(&mut |n| {
        if let Node::Binary {
            op: Op::And,
            implicit: true,
            right,
            ..
        } = n
        {
            seen |= !matches!(**right, Node::Leaf(None));
        }
    });
    seen
}

/// One list item per leading option, leaf, and kind of operator (each
/// operator is explained the first time it appears).
fn pieces(r: &Reading, lang: Lang, t: &Text) -> Vec<String> {
    let mut items: Vec<String> = r
        .leading
        .iter()
        .map(|span| {
            let name = r.args[span.start].to_string_lossy();
            item(&r.words(span), &name, "", lang, t)
        })
        .collect();
    let mut told: Vec<&str> = Vec::new();
    r.tree.walk(&mut |node| {
        let (key, shown) = match node {
            Node::Leaf(Some(span)) => {
                let name = r.args[span.start].to_string_lossy().into_owned();
                let mut note = String::new();
                if span.len() > 1 {
                    let arg = r.args[span.start + 1].to_string_lossy();
                    note = gloss(&name, &arg, lang).unwrap_or_default();
                }
                items.push(item(&r.words(span), &name, &note, lang, t));
                return;
            }
            Node::Leaf(None) => ("-print", format!("{}{}", code("-print"), t.added)),
            Node::Not(_) => ("!", code("!")),
            Node::Binary {
                op,
                implicit,
                right,
                ..
            } => match op {
                Op::And if matches!(**right, Node::Leaf(None)) => return,
                Op::And if *implicit => ("-a", format!("{}{}", code("-a"), t.implicit)),
                Op::And => ("-a", code("-a")),
                Op::Or => ("-o", code("-o")),
                Op::Comma => (",", code(",")),
            },
        };
        if !told.contains(&key) {
            told.push(key);
            items.push(format!("{shown}{}{}", t.colon, summary(key, false, lang)));
        }
    });
    items
}

fn item(words: &str, name: &str, note: &str, lang: Lang, t: &Text) -> String {
    let batch = words.ends_with(" +");
    let mut text = format!("{}{}{}", code(words), t.colon, summary(name, batch, lang));
    if !note.is_empty() {
        text.push_str("\n  ");
        text.push_str(note);
    }
    text
}

/// The first paragraph of the find page's entry for `word`, indented to
/// continue a list item. `batch` picks the `-exec ... {} +` form, which
/// has its own sub-heading in the entry. A closing sentence that only
/// announces a list (`Directives:`) is left out.
fn summary(word: &str, batch: bool, lang: Lang) -> String {
    let body = topic("find").map_or("", |t| t.page(lang).body);
    let all = entries(body);
    let Some(e) = entry::find(&all, word) else {
        return String::new();
    };
    let mut text = &body[e.range.clone()];
    if batch {
        if let Some(at) = text.find("\n#### ") {
            text = &text[at + 1..];
        }
    }
    let after_heading = text.split_once('\n').map_or("", |(_, rest)| rest);
    let paragraph = after_heading
        .trim_start()
        .split("\n\n")
        .next()
        .unwrap_or("");
    let mut paragraph = paragraph.trim_end();
    if paragraph.ends_with([':', '：']) {
        if let Some(end) = paragraph.rfind(['.', '。']) {
            let stop = paragraph[end..].chars().next().map_or(0, char::len_utf8);
            paragraph = &paragraph[..end + stop];
        }
    }
    let mut text = paragraph.replace('\n', "\n  ");
    // "Same as `-a`." says little on its own: say what `-a` does too.
    if let Some(other) = same_as(paragraph) {
        if other != word {
            // Chinese puts no space after its full stop.
            if lang == Lang::En {
                text.push(' ');
            }
            text.push_str(&summary(other, false, lang));
        }
    }
    text
}

/// The word a synonym's entry points to: `-a` in "Same as `-a`." or
/// "与 `-a` 相同。", `!` in "Same as `! EXPR`, ...".
fn same_as(paragraph: &str) -> Option<&str> {
    let rest = paragraph
        .strip_prefix("Same as `")
        .or_else(|| paragraph.strip_prefix("与 `"))?;
    let named = &rest[..rest.find('`')?];
    named.split_whitespace().next()
}

/// Markdown inline code that survives backticks inside.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(line: &str, lang: Lang) -> String {
        let args = line.split_whitespace().map(OsString::from).collect();
        explain(args, lang, Path::new("/nonexistent")).unwrap()
    }

    #[test]
    fn spells_out_and_explains_each_piece() {
        let md = page(". -name *.txt -mtime -7", Lang::En);
        assert!(
            md.starts_with("# `tk find . -name '*.txt' -mtime -7`\n"),
            "{md}"
        );
        assert!(md.contains("Starting points: `.`"), "{md}");
        assert!(
            md.contains("( -name '*.txt' -a -mtime -7 ) -a -print"),
            "{md}"
        );
        assert!(md.contains("- `-name '*.txt'`: The base name"), "{md}");
        assert!(md.contains("- `-a` (implied): `EXPR1 -a EXPR2`"), "{md}");
        assert!(md.contains("Here `-7` means less than 7."), "{md}");
        assert!(
            md.contains("- `-print` (added by tk find): Print the path"),
            "{md}"
        );
        assert!(!md.contains("## Warnings"), "{md}");
    }

    #[test]
    fn batch_exec_and_printf_get_the_right_summary() {
        let md = page(". -name *.txt -exec wc -l {} + -printf %p", Lang::En);
        assert!(
            md.contains("- `-exec wc -l '{}' +`: The `+` form passes"),
            "{md}"
        );
        assert!(md.contains("end the format with `\\n`.\n"), "{md}");
        let zh = page(". -printf %p", Lang::Zh);
        assert!(zh.contains("请在格式末尾写 `\\n`。\n"), "{zh}");
    }

    #[test]
    fn chinese_uses_the_chinese_page() {
        let md = page("-L . -size 1G -prune", Lang::Zh);
        assert!(md.contains("## 逐项说明"), "{md}");
        assert!(md.contains("- `-L`：跟随所有符号链接"), "{md}");
        assert!(md.contains("起点：`.`"), "{md}");
        assert!(md.contains("## 警告"), "{md}");
        assert!(md.contains("`-size 1G` 先把大小向上取整"), "{md}");
        assert!(md.contains("`-prune` 没有配合 `-o`"), "{md}");
    }

    #[test]
    fn perm_is_explained_in_whole_sentences() {
        let md = page(". -perm 755", Lang::En);
        assert!(
            md.contains(
                "- `-perm 755`: The file's permission bits, with the set-user-ID, \
                 set-group-ID and\n  sticky bits, compare to MODE, written in octal (`644`) \
                 or symbolically\n  (`u+x`, `go=r`, `a+rw,g-w`).\n  Here `755` means that the \
                 permission bits are exactly `755`"
            ),
            "{md}"
        );
        let zh = page(". -perm /111", Lang::Zh);
        assert!(
            zh.contains("这里 `/111` 表示 `111` 中至少有一位已设置。"),
            "{zh}"
        );
    }

    /// Every piece of a command line is told in whole sentences: the
    /// first paragraph of each entry ends a sentence, and is not a
    /// lead-in to a list.
    #[test]
    fn every_entry_summary_ends_a_sentence() {
        for lang in [Lang::En, Lang::Zh] {
            let body = topic("find").unwrap().page(lang).body;
            for e in entries(body) {
                let text = summary(&e.key, false, lang);
                assert!(
                    text.ends_with(['.', '。']) && text.chars().count() > 3,
                    "{}: {} -> {text:?}",
                    lang.code(),
                    e.key
                );
            }
        }
    }

    #[test]
    fn a_synonym_is_told_with_what_it_stands_for() {
        let md = page(". -mount -wholename ./a", Lang::En);
        assert!(
            md.contains("- `-mount`: Same as `-xdev`. Do not descend"),
            "{md}"
        );
        assert!(
            md.contains("- `-wholename ./a`: Same as `-path`. The whole path, as tk find"),
            "{md}"
        );
        let zh = page(". -d", Lang::Zh);
        assert!(
            zh.contains("- `-d`：与 `-depth` 相同（BSD 的写法）。先处理"),
            "{zh}"
        );
    }

    #[test]
    fn a_rejected_line_is_the_parsers_error() {
        let args: Vec<OsString> = [".", "-nmae", "x"].map(OsString::from).into();
        let err = explain(args.clone(), Lang::En, Path::new(".")).unwrap_err();
        let find_err = crate::find::cmdline::parse(&args).unwrap_err();
        assert_eq!(err, ReadError::Find(find_err));
    }
}
