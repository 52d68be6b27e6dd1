//! Checks on the embedded pages themselves: the table matches docs/, both
//! languages have the same entries, lookups and errors behave.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

fn md_files(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(lang);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .collect()
}

#[test]
fn every_docs_file_is_a_topic_and_every_topic_has_both_files() {
    let topics: BTreeSet<String> = TOPICS.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(md_files("en"), topics, "docs/en/*.md against TOPICS");
    assert_eq!(md_files("zh"), topics, "docs/zh/*.md against TOPICS");
}

#[test]
fn both_languages_have_the_same_entries_in_the_same_order() {
    for t in TOPICS {
        let en: Vec<String> = entries(t.en.body).into_iter().map(|e| e.key).collect();
        let zh: Vec<String> = entries(t.zh.body).into_iter().map(|e| e.key).collect();
        assert_eq!(en, zh, "entries of topic {}: en vs zh", t.name);
    }
}

#[test]
fn entry_keys_are_unique_within_a_topic() {
    for t in TOPICS {
        let keys: Vec<String> = entries(t.en.body).into_iter().map(|e| e.key).collect();
        let unique: BTreeSet<&String> = keys.iter().collect();
        assert_eq!(keys.len(), unique.len(), "duplicate entry in {}", t.name);
    }
}

#[test]
fn both_languages_have_the_same_sections_and_example_count() {
    let count = |body: &str, prefix: &str| body.lines().filter(|l| l.starts_with(prefix)).count();
    for t in TOPICS {
        for prefix in ["# ", "## ", "```sh"] {
            assert_eq!(
                count(t.en.body, prefix),
                count(t.zh.body, prefix),
                "topic {}: lines starting {prefix:?}, en vs zh",
                t.name
            );
        }
    }
}

#[test]
fn both_languages_have_the_same_examples() {
    for t in TOPICS {
        assert_eq!(
            examples(t.en.body),
            examples(t.zh.body),
            "examples of topic {}: en vs zh",
            t.name
        );
    }
}

#[test]
fn an_entry_is_its_own_section() {
    let md = select(Some("find"), Some("-mtime"), Lang::En).unwrap();
    assert!(md.starts_with("### -mtime"), "{md}");
    assert!(!md.contains("\n### "), "only one entry: {md}");
    let zh = select(Some("find"), Some("-newermt"), Lang::Zh).unwrap();
    assert!(zh.starts_with("### -newerXY"), "{zh}");
}

#[test]
fn unknown_topic_names_the_valid_ones() {
    let err = select(Some("fnid"), None, Lang::En).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown topic 'fnid'; topics: find, ip, bmc, explain, exit-status"
    );
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn unknown_entry_names_it_and_suggests_the_nearest() {
    let err = select(Some("find"), Some("-mtiem"), Lang::En).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("topic 'find' has no entry '-mtiem' (did you mean '-mtime'?); entries: "),
        "{text}"
    );
    assert!(text.contains(" -name "), "{text}");
}

#[test]
fn the_topic_list_has_every_topic_with_its_summary() {
    for lang in [Lang::En, Lang::Zh] {
        let md = select(None, None, lang).unwrap();
        for t in TOPICS {
            assert!(md.contains(&format!("**{}**: {}", t.name, t.page(lang).summary)));
        }
    }
}

#[test]
fn every_word_the_find_parser_knows_has_an_entry_in_both_languages() {
    let find = topic("find").unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let all = entries(find.page(lang).body);
        let missing: Vec<&str> = crate::find::cmdline::primaries::all()
            .iter()
            .map(|p| p.name)
            .filter(|name| entry::find(&all, name).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "docs/{}/find.md lacks entries for {missing:?}",
            lang.code()
        );
    }
}

/// Every word of the expression language: the parser's list, and the
/// entries of the find page (leading options and -newerXY aside).
fn expression_words() -> BTreeSet<String> {
    let page = topic("find").unwrap().en.body;
    let leading = ["-P", "-H", "-L", "-D", "-O", "-newerXY"];
    let documented = entries(page).into_iter().map(|e| e.key);
    let listed = crate::find::cmdline::primaries::all()
        .iter()
        .map(|p| p.name.to_string());
    documented
        .chain(listed)
        .filter(|w| w.starts_with('-') && !leading.contains(&w.as_str()))
        .collect()
}

#[test]
fn every_documented_word_is_one_tk_find_accepts() {
    use std::ffi::OsString;
    for word in expression_words() {
        let parsed = crate::find::cmdline::parse(&[OsString::from("."), OsString::from(&word)]);
        if let Err(e) = parsed {
            assert!(!e.message.starts_with("unknown"), "{word}: {}", e.message);
        }
    }
}

#[test]
fn the_argument_shapes_of_the_table_agree_with_the_find_parser() {
    use crate::find::cmdline::primaries::{ArgKind, PrimaryKind, lookup};
    use std::ffi::OsString;
    for word in expression_words() {
        let alone = crate::find::cmdline::parse(&[OsString::from("."), OsString::from(&word)]);
        assert_eq!(
            alone.is_ok(),
            lookup(&word)
                .is_some_and(|p| p.kind != PrimaryKind::Operator && p.arg == ArgKind::None),
            "{word} alone: {alone:?}"
        );
    }
}

#[test]
fn every_option_of_ip_and_bmc_has_an_entry_in_both_languages() {
    use clap::{Args, Command};
    let commands = [
        ("ip", crate::ip::IpArgs::augment_args(Command::new("ip"))),
        (
            "bmc",
            crate::bmc::BmcArgs::augment_args(Command::new("bmc")),
        ),
    ];
    for (name, sub) in commands {
        let keys: Vec<String> = sub
            .get_arguments()
            .filter(|a| a.get_id() != "help")
            .map(|a| match (a.get_long(), a.get_short()) {
                (Some(long), _) => format!("--{long}"),
                (None, Some(short)) => format!("-{short}"),
                (None, None) => a.get_id().as_str().to_uppercase(),
            })
            .collect();
        for lang in [Lang::En, Lang::Zh] {
            let all = entries(topic(name).unwrap().page(lang).body);
            let missing: Vec<&String> = keys
                .iter()
                .filter(|k| entry::find(&all, k).is_none())
                .collect();
            assert!(
                missing.is_empty(),
                "docs/{}/{name}.md lacks {missing:?}",
                lang.code()
            );
        }
    }
}
