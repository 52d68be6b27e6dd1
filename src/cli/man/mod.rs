//! `tk man [--lang en|zh] [PAGE]`: the man pages, made from the same docs
//! pages `tk explain` shows (docs/en, docs/zh), so the two never differ.
//! tk-find(1), tk-ip(1), tk-bmc(1) and tk-explain(1) are one docs page
//! each, cut into man sections (`page`) and turned into man(7) roff
//! (`roff`); tk(1) lists the commands and gathers the exit statuses and
//! the environment variables of them all. `tk man --dir DIR` writes every
//! page into DIR/man1, for `man` to find.

mod page;
mod roff;

use std::path::Path;

use ::roff::{Roff, bold, roman};

use crate::explain::{Lang, TOPICS, entries, topic};
use page::{Cut, Part, cut};

/// The pages besides tk(1): tk-NAME(1), from the docs topic NAME.
pub(super) const PAGES: &[&str] = &["find", "ip", "bmc", "explain"];

/// Where each page points the reader next, beside the other tk pages.
const SEE_ALSO: &[(&str, &[&str])] = &[
    ("find", &["find(1)", "xargs(1)", "locate(1)"]),
    ("ip", &["ip(8)", "hostname(1)"]),
    ("bmc", &["ipmitool(1)"]),
    ("explain", &["man(1)"]),
];

/// The roff of tk(1) (`page` None) or tk-PAGE(1), in `lang`.
pub(super) fn render(page: Option<&str>, lang: Lang) -> Result<String, String> {
    let mut out = Roff::new();
    match page {
        None => tk_page(lang, &mut out),
        Some(name) if PAGES.contains(&name) => topic_page(name, lang, &mut out),
        Some(name) => {
            return Err(format!(
                "no page '{name}'; pages: {} (or none, for tk itself)",
                PAGES.join(", ")
            ));
        }
    }
    let page = roff::finish(&out.render());
    Ok(match lang {
        Lang::En => page,
        // After the apostrophe strings `render` starts with, before .TH.
        Lang::Zh => match page.find("\n.TH ") {
            Some(at) => format!("{}{}{}", &page[..=at], roff::CHINESE, &page[at + 1..]),
            None => page,
        },
    })
}

/// Write tk.1 and every tk-PAGE.1 into `dir`/man1, creating it.
pub(super) fn write_all(dir: &Path, lang: Lang) -> Result<(), String> {
    let man1 = dir.join("man1");
    std::fs::create_dir_all(&man1).map_err(|e| {
        format!(
            "cannot create {}: {}",
            man1.display(),
            crate::out::strerror(&e)
        )
    })?;
    let names = std::iter::once(None).chain(PAGES.iter().map(|p| Some(*p)));
    for name in names {
        let file = man1.join(format!("{}.1", page_name(name)));
        let text = render(name, lang)?;
        std::fs::write(&file, text).map_err(|e| {
            format!(
                "cannot write {}: {}",
                file.display(),
                crate::out::strerror(&e)
            )
        })?;
    }
    Ok(())
}

/// `tk` or `tk-find`.
fn page_name(page: Option<&str>) -> String {
    page.map_or_else(|| "tk".to_string(), |p| format!("tk-{p}"))
}

/// The sentences tk(1) needs that no docs page has.
struct Text {
    description: &'static str,
    intro: &'static str,
    see: &'static str,
    others: &'static str,
}

impl Text {
    fn of(lang: Lang) -> Text {
        match lang {
            Lang::En => Text {
                description: "a sysadmin helper: GNU-compatible find, host IPs, BMC settings, \
                              built-in docs",
                intro: "tk gathers the commands a system administrator reaches for: a find \
                        that behaves as GNU find 4.9 does, a host's IP addresses, a BMC's \
                        network settings, and its own documentation, in English and Chinese. \
                        Each command has its own page.",
                see: "See",
                others: "tk man and tk completions print these pages and the shell \
                         completion scripts.",
            },
            Lang::Zh => Text {
                description: "系统管理助手：兼容 GNU 的 find、主机 IP 地址、BMC 网络设置、内置文档",
                intro: "tk 汇集了系统管理员常用的命令：一个行为与 GNU find 4.9 \
                        相同的 find、主机的 IP 地址、BMC 的网络设置，以及它自己的中英文文档。\
                        每个命令都有自己的手册页。",
                see: "参见",
                others: "tk man 和 tk completions 输出这些手册页和 shell 补全脚本。",
            },
        }
    }
}

fn header(out: &mut Roff, page: Option<&str>) {
    let title = page_name(page).to_uppercase();
    let version = format!("tk {}", env!("CARGO_PKG_VERSION"));
    out.control(
        "TH",
        [title.as_str(), "1", &date(), &version, "User Commands"],
    );
}

/// The page's date: SOURCE_DATE_EPOCH when set (reproducible builds,
/// as cargo deb and dpkg set it), else today, in UTC.
fn date() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok());
    let when = epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .unwrap_or_else(chrono::Utc::now);
    when.format("%Y-%m-%d").to_string()
}

fn name_section(out: &mut Roff, page: Option<&str>, description: &str) {
    out.control("SH", ["NAME"]);
    out.text([roman(format!("{} - {description}", page_name(page)))]);
}

fn synopsis(out: &mut Roff, lines: &[String]) {
    out.control("nf", []);
    for line in lines {
        // The command in bold, its arguments as written.
        let cut = line
            .match_indices(' ')
            .nth(1)
            .map_or(line.len(), |(i, _)| i);
        let (command, rest) = line.split_at(cut);
        if command.starts_with("tk ") {
            out.text([bold(command), roman(rest)]);
        } else {
            // A continuation: no-fill mode keeps its leading spaces.
            out.text([roman(line.as_str())]);
        }
    }
    out.control("fi", []);
}

fn topic_page(name: &str, lang: Lang, out: &mut Roff) {
    let topic = topic(name).expect("every page is a topic");
    let page = cut(topic.page(lang).body, topic.en.body);
    header(out, Some(name));
    name_section(out, Some(name), page.description());
    out.control("SH", ["SYNOPSIS"]);
    synopsis(out, &page.synopsis);
    let options = if name == "find" {
        "EXPRESSION"
    } else {
        "OPTIONS"
    };
    let parts = [
        (Part::Description, "DESCRIPTION"),
        (Part::Options, options),
        (Part::Examples, "EXAMPLES"),
        (Part::Caveats, "CAVEATS"),
        (Part::ExitStatus, "EXIT STATUS"),
        (Part::Environment, "ENVIRONMENT"),
    ];
    for (part, title) in parts {
        sections(out, &page, part, title);
    }
    see_also(out, Some(name));
}

/// Every section of `page` that belongs in `part`, under `.SH title`.
/// DESCRIPTION starts with the page's introduction and the text of the
/// command's own section (`## tk ip`), whose entries open OPTIONS. Other
/// sections keep their heading, unless one is alone in a part that is
/// not DESCRIPTION or OPTIONS.
fn sections(out: &mut Roff, page: &Cut, part: Part, title: &str) {
    let command = page.sections.iter().find(|s| s.is_command);
    let command_text = command.map(|c| split_entries(&c.body));
    let mut body = String::new();
    match part {
        Part::Description => {
            body.push_str(&page.intro);
            body.push_str(command_text.map_or("", |(text, _)| text));
        }
        Part::Options => body.push_str(command_text.map_or("", |(_, entries)| entries)),
        _ => {}
    }
    let own: Vec<_> = page
        .sections
        .iter()
        .filter(|s| s.part == part && !s.is_command)
        .collect();
    let titled = own.len() > 1 || matches!(part, Part::Description | Part::Options);
    for section in own {
        if titled {
            body.push_str(&format!("\n## {}\n", section.heading));
        }
        body.push_str(&section.body);
    }
    if body.trim().is_empty() {
        return;
    }
    out.control("SH", [title]);
    roff::append(&body, out);
}

/// A section's text before its first entry, and the entries.
fn split_entries(body: &str) -> (&str, &str) {
    let at = entries(body).first().map_or(body.len(), |e| e.range.start);
    body.split_at(at)
}

fn see_also(out: &mut Roff, page: Option<&str>) {
    let mut refs: Vec<String> = std::iter::once(None)
        .chain(PAGES.iter().map(|p| Some(*p)))
        .filter(|p| *p != page)
        .map(|p| format!("{}(1)", page_name(p)))
        .collect();
    let outside = SEE_ALSO.iter().filter(|(p, _)| Some(*p) == page);
    refs.extend(outside.flat_map(|(_, r)| r.iter().map(|s| s.to_string())));
    out.control("SH", ["SEE ALSO"]);
    let last = refs.len() - 1;
    for (i, r) in refs.iter().enumerate() {
        let (name, section) = r.split_once('(').unwrap_or((r, ""));
        let comma = if i == last { "" } else { "," };
        out.control("BR", [name, &format!("({section}{comma}")]);
    }
}

fn tk_page(lang: Lang, out: &mut Roff) {
    let text = Text::of(lang);
    header(out, None);
    name_section(out, None, text.description);
    out.control("SH", ["SYNOPSIS"]);
    let usage: Vec<String> = PAGES
        .iter()
        .flat_map(|p| cut(topic(p).unwrap().page(lang).body, "").synopsis)
        .collect();
    synopsis(out, &usage);
    out.control("SH", ["DESCRIPTION"]);
    out.text([roman(text.intro)]);
    out.control("SH", ["COMMANDS"]);
    for t in TOPICS.iter().filter(|t| PAGES.contains(&t.name)) {
        out.control("TP", []).text([bold(format!("tk {}", t.name))]);
        out.text([roman(format!(
            "{}. {} tk-{}(1).",
            t.page(lang).summary,
            text.see,
            t.name
        ))]);
    }
    out.control("PP", []).text([roman(text.others)]);
    let status = topic("exit-status").expect("the exit-status topic");
    let status = cut(status.page(lang).body, status.en.body);
    out.control("SH", ["EXIT STATUS"]);
    let mut body = status.intro.clone();
    for section in &status.sections {
        body.push_str(&format!("\n## {}\n{}", section.heading, section.body));
    }
    roff::append(&body, out);
    environment(out, lang);
    see_also(out, None);
}

/// The ENVIRONMENT entries of every page, each variable once.
fn environment(out: &mut Roff, lang: Lang) {
    let mut body = String::new();
    let mut seen = Vec::new();
    for name in PAGES {
        let t = topic(name).unwrap();
        let page = cut(t.page(lang).body, t.en.body);
        for section in page.sections.iter().filter(|s| s.part == Part::Environment) {
            for e in entries(&section.body) {
                if !seen.contains(&e.key) {
                    body.push_str(&section.body[e.range.clone()]);
                    seen.push(e.key);
                }
            }
        }
    }
    if !body.is_empty() {
        out.control("SH", ["ENVIRONMENT"]);
        roff::append(&body, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_the_sections_a_man_page_has() {
        for lang in [Lang::En, Lang::Zh] {
            for page in std::iter::once(None).chain(PAGES.iter().map(|p| Some(*p))) {
                let roff = render(page, lang).unwrap();
                for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"] {
                    assert!(
                        roff.contains(&format!("\n.SH {section}\n"))
                            || roff.contains(&format!("\n.SH \"{section}\"\n")),
                        "{page:?} {lang:?}: no {section}"
                    );
                }
            }
            let find = render(Some("find"), lang).unwrap();
            for section in ["EXPRESSION", "EXAMPLES", "ENVIRONMENT", "CAVEATS"] {
                assert!(
                    find.contains(&format!(".SH {section}\n")),
                    "find: {section}"
                );
            }
        }
    }

    #[test]
    fn the_title_and_name_lines() {
        let roff = render(Some("find"), Lang::En).unwrap();
        assert!(roff.contains("\n.TH TK-FIND 1 "), "{roff}");
        assert!(
            roff.contains(".SH NAME\ntk\\-find \\- search a directory tree\n"),
            "{roff}"
        );
        let zh = render(Some("find"), Lang::Zh).unwrap();
        assert!(zh.is_ascii());
        let name = zh.split(".SH NAME\n").nth(1).unwrap();
        assert!(name.starts_with("tk\\-find \\-"), "{zh}");
        assert!(name.contains("\\[u5728]\\[u76EE]"), "{zh}");
    }

    #[test]
    fn an_unknown_page_names_the_pages() {
        assert_eq!(
            render(Some("nope"), Lang::En).unwrap_err(),
            "no page 'nope'; pages: find, ip, bmc, explain (or none, for tk itself)"
        );
    }
}
