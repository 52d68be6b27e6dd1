//! The arguments of `tk explain`, as clap reads them. They live here, with
//! the command that uses them, so the CLI layer above only names them.

use std::ffi::OsString;

use clap::Args;

use super::Lang;

/// `tk explain [--lang en|zh] [--raw] [TOPIC [ENTRY]]`
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tk explain\n  tk explain find\n  \
                        tk explain find -mtime\n  tk explain --lang zh ip\n  \
                        tk explain find -- . -name '*.txt' -mtime -7")]
pub(crate) struct ExplainArgs {
    /// Language of the docs [default: from LC_ALL, LC_MESSAGES or LANG;
    /// zh... gives Chinese, anything else English].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print the markdown source instead of rendering it.
    #[arg(long)]
    pub raw: bool,
    /// The topic to show (find, ip, bmc, explain, exit-status); without it, list the topics.
    pub topic: Option<String>,
    /// One entry of the topic, such as -mtime or -prune.
    #[arg(allow_hyphen_values = true)]
    pub entry: Option<String>,
    /// After `tk explain find --`: a whole find command line to explain.
    #[arg(last = true, value_name = "FIND-ARGS")]
    pub find_args: Vec<OsString>,
}
