//! `tk completions SHELL`, and the `tk __complete` the scripts call.
//!
//! The bash, zsh and fish scripts are small: at each Tab they run
//! `tk __complete SHELL WORDS... CURRENT` and offer what it prints. So
//! tk itself decides, from the same definitions it parses with: clap's
//! for the subcommands and their options, find's table of primaries for
//! the expression (`find`), and the running system for user, group, file
//! system and interface names (`system`). elvish and powershell get
//! clap_complete's script, which knows the subcommands and options only.

mod find;
mod reply;
mod system;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use crate::explain::{TOPICS, entries, topic};
use reply::{Asker, Reply, unquote};

const BASH: &str = include_str!("tk.bash");
const ZSH: &str = include_str!("_tk");
const FISH: &str = include_str!("tk.fish");

/// Write the completion script for `shell` to `out`. clap_complete's is
/// made in memory first: it panics when its writer fails (a full disk, a
/// closed stdout), and a failed write must be one message instead.
pub(super) fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let script = match shell {
        Shell::Bash => BASH.as_bytes().to_vec(),
        Shell::Zsh => ZSH.as_bytes().to_vec(),
        Shell::Fish => FISH.as_bytes().to_vec(),
        _ => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tk", &mut script);
            script
        }
    };
    out.write_all(&script)
}

/// `tk __complete SHELL WORD... CURRENT`: the words of the command line
/// from `tk` up to the one being completed, which comes last (maybe
/// empty). Prints the answer; a malformed call prints nothing.
pub(super) fn main(args: Vec<OsString>) -> ExitCode {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let Some((asker, words)) = args
        .split_first()
        .and_then(|(shell, words)| Some((Asker::from_name(shell)?, words)))
    else {
        return ExitCode::from(2);
    };
    let Some((current, before)) = words.split_last() else {
        return ExitCode::from(2);
    };
    // The command itself (`tk`, or a path to it) is not looked at.
    let before: Vec<String> = before.iter().skip(1).map(|w| unquote(w)).collect();
    let current = unquote(current);
    let reply = complete(&before, &current);
    crate::out::print_document("tk __complete", |out| reply.write(asker, out))
}

/// The candidates for `current` after `before` (what follows `tk`).
fn complete(before: &[String], current: &str) -> Reply {
    let cli = Cli::command();
    let Some((sub, rest)) = before.split_first() else {
        let mut reply = Reply::default();
        for sub in cli.get_subcommands() {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            reply.words.push((sub.get_name().to_string(), about));
        }
        reply.add(["--help", "--version"]);
        return reply.keep_prefix(current);
    };
    if sub == "find" {
        return find::complete(rest, current);
    }
    if sub == "explain" {
        if let Some(dash) = rest.iter().position(|w| w == "--") {
            return find::complete(&rest[dash + 1..], current);
        }
    }
    match cli.find_subcommand(sub) {
        Some(cmd) => subcommand(cmd, rest, current).keep_prefix(current),
        None => Reply::default(),
    }
}

/// A clap subcommand: its options, their values, its positionals.
fn subcommand(cmd: &clap::Command, before: &[String], current: &str) -> Reply {
    let mut cmd = cmd.clone();
    cmd.build();
    let option = |word: &str| {
        cmd.get_arguments().find(|a| {
            a.get_long().is_some_and(|l| word == format!("--{l}"))
                || a.get_short().is_some_and(|s| word == format!("-{s}"))
        })
    };
    // The value of the option just before, if it takes one.
    if let Some(arg) = before.last().and_then(|w| option(w)) {
        if arg.get_action().takes_values() {
            return option_value(cmd.get_name(), arg);
        }
    }
    // Which positional this is: words that are not options or their values.
    let mut given = Vec::new();
    let mut i = 0;
    while let Some(word) = before.get(i) {
        match option(word) {
            Some(arg) if arg.get_action().takes_values() => i += 2,
            Some(_) => i += 1,
            None => {
                given.push(word.as_str());
                i += 1;
            }
        }
    }
    let mut reply = positional(cmd.get_name(), &given);
    // An option, or a positional that starts with `-` (`tk explain find
    // -mtime`).
    if current.starts_with('-') {
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let about = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if let Some(long) = arg.get_long() {
                reply.words.push((format!("--{long}"), about.clone()));
            }
            if let Some(short) = arg.get_short() {
                reply.words.push((format!("-{short}"), about));
            }
        }
    }
    reply
}

/// The values of `tk SUB --OPTION`.
fn option_value(sub: &str, arg: &clap::Arg) -> Reply {
    let long = arg.get_long().unwrap_or("");
    match (sub, long) {
        ("bmc", "field") => {
            let keys = crate::bmc::model::KEYS.iter().map(|(k, _)| *k);
            let mut reply = Reply::words(std::iter::once("channel").chain(keys));
            reply.add(crate::bmc::model::KNOWN_LABELS.iter().copied());
            reply
        }
        ("bmc", "from" | "password-file" | "ipmitool") => Reply::files(),
        ("man", "dir") => Reply::dirs(),
        _ => Reply::words(
            arg.get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string()),
        ),
    }
}

/// The candidates for the next positional of `tk SUB`, after `given`.
fn positional(sub: &str, given: &[&str]) -> Reply {
    match (sub, given) {
        ("ip", []) => Reply::words(system::interface_names()),
        ("explain", []) => Reply::words(TOPICS.iter().map(|t| t.name)),
        ("explain", [name]) => {
            let keys = topic(name).map(|t| entries(t.en.body)).unwrap_or_default();
            let mut reply = Reply::words(keys.into_iter().map(|e| e.key));
            if *name == "find" {
                reply.add(["--"]);
            }
            reply
        }
        ("man", []) => Reply::words(super::man::PAGES.iter().copied()),
        ("completions", []) => Reply::words(["bash", "zsh", "fish", "elvish", "powershell"]),
        _ => Reply::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str, current: &str) -> Vec<String> {
        let before: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        complete(&before, current)
            .words
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn subcommands_options_and_their_values() {
        assert_eq!(words("", "ex"), ["explain"]);
        assert!(words("ip", "--").contains(&"--short".to_string()));
        assert_eq!(words("bmc --field", "ip_"), ["ip_address", "ip_source"]);
        assert!(words("bmc --field", "IP").contains(&"IP Address".to_string()));
        assert_eq!(words("bmc --interface", ""), ["lanplus", "lan"]);
        assert_eq!(words("explain --lang", ""), ["en", "zh"]);
        assert!(complete(&["bmc".into(), "--from".into()], "").files);
        assert_eq!(words("completions", "f"), ["fish"]);
        assert_eq!(words("man --lang zh", "e"), ["explain"]);
    }

    #[test]
    fn explain_knows_topics_entries_and_find_command_lines() {
        assert!(words("explain", "").contains(&"exit-status".to_string()));
        assert_eq!(words("explain find", "-mti"), ["-mtime"]);
        assert_eq!(words("explain --lang zh ip", "--sh"), ["--short"]);
        assert_eq!(words("explain find -- .", "-ty"), ["-type"]);
    }

    #[test]
    fn ip_offers_this_machines_interfaces() {
        assert!(words("ip", "l").contains(&"lo".to_string()));
        assert!(words("ip -4", "").contains(&"lo".to_string()));
    }
}
