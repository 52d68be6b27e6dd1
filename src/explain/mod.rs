//! `tk explain`: the docs under docs/, embedded in the binary, in English
//! and Chinese. `tk explain` lists the topics, `tk explain TOPIC` renders a
//! page, `tk explain TOPIC ENTRY` one entry of it (see `entry`), and
//! `tk explain find -- ARGS` a whole find command line (see `describe`).
//!
//! Exit status: 0 when the text was printed; 2 for an unknown topic or
//! entry (a usage error, as clap's own); 1 when stdout cannot be written,
//! or for a find command line tk find rejects (its own message, its own
//! status).

mod args;
mod cmdline;
mod describe;
mod entry;
mod examples;
mod lang;
pub(crate) mod render;
mod topics;
mod traps;

use std::fmt;
use std::io::{self, IsTerminal};
use std::process::ExitCode;

pub(crate) use args::ExplainArgs;
use cmdline::ReadError;
pub use entry::canonical_key;
pub(crate) use entry::entries;
pub use examples::{Example, Expect, examples};
pub use lang::Lang;
pub use topics::{Page, TOPICS, Topic, topic};

use render::Color;

/// What can go wrong before anything is printed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExplainError {
    UnknownTopic(String),
    /// `--` and a command line, after something other than `find`.
    NotFind(Option<String>),
    /// A find command line whose words could not be paired with tk find's
    /// reading of it (a bug: an argument count missing in `cmdline`).
    Untied,
    UnknownEntry {
        topic: &'static str,
        entry: String,
        valid: Vec<String>,
    },
}

impl ExplainError {
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            ExplainError::Untied => 1,
            _ => 2,
        }
    }
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::UnknownTopic(name) => {
                let names: Vec<&str> = TOPICS.iter().map(|t| t.name).collect();
                write!(f, "unknown topic '{name}'; topics: {}", names.join(", "))
            }
            ExplainError::NotFind(topic) => write!(
                f,
                "only 'tk explain find -- ARGS...' explains a command line, not '{}'",
                topic.as_deref().unwrap_or("")
            ),
            ExplainError::Untied => write!(
                f,
                "cannot tell which words make up each part of this find command line \
                 (a bug in tk explain; tk find itself accepts the line)"
            ),
            ExplainError::UnknownEntry {
                topic,
                entry,
                valid,
            } => {
                write!(f, "topic '{topic}' has no entry '{entry}'")?;
                if let Some(near) = nearest(entry, valid) {
                    write!(f, " (did you mean '{near}'?)")?;
                }
                write!(f, "; entries: {}", valid.join(" "))
            }
        }
    }
}

/// The markdown `tk explain` shows for these arguments.
pub(crate) fn select(
    topic_name: Option<&str>,
    entry_word: Option<&str>,
    lang: Lang,
) -> Result<String, ExplainError> {
    let Some(name) = topic_name else {
        return Ok(topic_list(lang));
    };
    let topic = topic(name).ok_or_else(|| ExplainError::UnknownTopic(name.to_string()))?;
    let body = topic.page(lang).body;
    let Some(word) = entry_word else {
        return Ok(body.to_string());
    };
    let all = entries(body);
    match entry::find(&all, word) {
        Some(e) => Ok(body[e.range.clone()].to_string()),
        None => Err(ExplainError::UnknownEntry {
            topic: topic.name,
            entry: word.to_string(),
            valid: all.into_iter().map(|e| e.key).collect(),
        }),
    }
}

/// The topic list, as markdown so it renders like the pages.
fn topic_list(lang: Lang) -> String {
    let (title, hint) = match lang {
        Lang::En => (
            "tk explain: topics",
            "Show one with `tk explain TOPIC`, one entry with `tk explain find -mtime`.",
        ),
        Lang::Zh => (
            "tk explain：主题",
            "用 `tk explain 主题` 查看一个主题，用 `tk explain find -mtime` 查看其中一个条目。",
        ),
    };
    let mut md = format!("# {title}\n\n");
    for t in TOPICS {
        md.push_str(&format!("- **{}**: {}\n", t.name, t.page(lang).summary));
    }
    md.push_str(&format!("\n{hint}\n"));
    md
}

/// The closest valid name to a mistyped one, if close enough.
fn nearest<'a>(word: &str, valid: &'a [String]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (crate::suggest::edit_distance(word, v), v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v.as_str())
}

/// Colour only on a terminal, and only when NO_COLOR is unset or empty.
fn color_for_stdout() -> Color {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if io::stdout().is_terminal() && !no_color {
        Color::Always
    } else {
        Color::Never
    }
}

/// `tk explain [--lang L] [--raw] [TOPIC [ENTRY]]`, or
/// `tk explain find -- FIND-ARGS...`.
pub(crate) fn run(args: &ExplainArgs) -> ExitCode {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let markdown = if args.find_args.is_empty() {
        select(args.topic.as_deref(), args.entry.as_deref(), lang)
    } else if args.topic.as_deref() != Some("find") || args.entry.is_some() {
        Err(ExplainError::NotFind(args.topic.clone()))
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        match describe::explain(args.find_args.clone(), lang, &cwd) {
            Ok(md) => Ok(md),
            Err(ReadError::Find(err)) => {
                crate::errln!("{}", err.render(&args.find_args));
                return ExitCode::from(1);
            }
            Err(ReadError::Untied) => Err(ExplainError::Untied),
        }
    };
    let markdown = match markdown {
        Ok(md) => md,
        Err(err) => {
            crate::errln!("tk explain: {err}");
            return ExitCode::from(err.exit_code());
        }
    };
    let text = if args.raw {
        markdown
    } else {
        render::render(&markdown, color_for_stdout())
    };
    crate::out::print_document("tk explain", |out| out.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests;
