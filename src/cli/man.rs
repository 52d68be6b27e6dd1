//! `tk man [SUBCOMMAND]`: a man page made by clap_mangen from the clap
//! definitions in `args` (roff on stdout, for `man -l -` or a file in
//! man1/), so it can never disagree with what `tk` accepts.

use std::io::{self, Write};

use clap::CommandFactory;

use super::args::Cli;

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
