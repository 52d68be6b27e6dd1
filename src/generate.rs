//! Shell completions and man pages, generated from the clap definitions in
//! `cli`, so they can never disagree with what `tk` accepts.
//! `tk completions SHELL` uses clap_complete, `tk man [SUBCOMMAND]` uses
//! clap_mangen (roff on stdout, for `man -l -` or a file in man1/).

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Write the completion script for `shell` to `out`. It is made in
/// memory first: clap_complete panics when its writer fails (a full disk,
/// a closed stdout), and a failed write must be one message instead.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tk", &mut script);
    out.write_all(&script)
}

/// The clap command whose man page `tk man [SUBCOMMAND]` shows; a
/// subcommand's page is named tk-SUBCOMMAND.
pub fn man_command(subcommand: Option<&str>) -> Result<clap::Command, String> {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(name) = subcommand else {
        return Ok(cmd);
    };
    let Some(sub) = cmd.find_subcommand(name) else {
        let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        return Err(format!(
            "no subcommand '{name}'; subcommands: {}",
            names.join(", ")
        ));
    };
    let full = format!("tk-{name}");
    Ok(sub.clone().name(full).bin_name(format!("tk {name}")))
}

/// Write `cmd`'s man page as roff.
pub fn man_page(cmd: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(cmd).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(job: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut buf = Vec::new();
        job(&mut buf);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = text(|b| completions(shell, b).unwrap());
            for sub in ["explain", "completions", "man"] {
                assert!(script.contains(sub), "{shell}: {sub} missing");
            }
        }
    }

    #[test]
    fn man_page_is_roff_for_tk_and_for_a_subcommand() {
        let top = text(|b| man_page(man_command(None).unwrap(), b).unwrap());
        assert!(top.starts_with(".ie"), "{top}");
        assert!(top.contains(".TH tk 1"), "{top}");
        let sub = text(|b| man_page(man_command(Some("explain")).unwrap(), b).unwrap());
        assert!(sub.contains(".TH tk-explain 1"), "{sub}");
        assert!(sub.contains("\\-\\-lang"), "{sub}");
    }

    #[test]
    fn unknown_subcommand_lists_the_real_ones() {
        let err = man_command(Some("nope")).unwrap_err();
        assert!(
            err.starts_with("no subcommand 'nope'; subcommands: "),
            "{err}"
        );
        assert!(err.contains("explain"), "{err}");
    }
}
