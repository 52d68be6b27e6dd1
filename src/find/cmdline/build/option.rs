//! The options among the primaries that need more than a flag set: the
//! depth limits, -regextype, -help and -version. (The flags themselves,
//! -xdev, -noleaf, -warn..., are set by their rows in `primaries`.)

use std::ffi::OsStr;

use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::pred::number;
use crate::find::pred::regex::RegexType;
use crate::find::walk::Follow;

/// -maxdepth N.
pub(crate) fn max_depth(p: &mut Parser<'_>, at: usize) -> Result<(), ParseError> {
    p.opts.max_depth = Some(depth_arg(p, at)?);
    Ok(())
}

/// -mindepth N.
pub(crate) fn min_depth(p: &mut Parser<'_>, at: usize) -> Result<(), ParseError> {
    p.opts.min_depth = depth_arg(p, at)?;
    Ok(())
}

fn depth_arg(p: &mut Parser<'_>, at: usize) -> Result<usize, ParseError> {
    let text = p.text_arg(at)?;
    match number::level(text) {
        Ok(n) => Ok(n),
        Err(_) => Err(ParseError::new(
            format!(
                "Expected a positive decimal integer argument to {}, but got {}",
                p.args[at].to_string_lossy(),
                quote(OsStr::new(text))
            ),
            Some(p.pos - 1),
        )
        .hint("a whole number of levels, 0 or more")),
    }
}

/// -depth and -d: a directory's contents before the directory.
pub(crate) fn depth_first(p: &mut Parser<'_>, _at: usize) -> Result<(), ParseError> {
    p.opts.contents_first = true;
    p.explicit_depth = true;
    Ok(())
}

/// -d: -depth, as BSD spells it; GNU warns that it is deprecated.
pub(crate) fn depth_first_deprecated(p: &mut Parser<'_>, at: usize) -> Result<(), ParseError> {
    if p.warn {
        p.warnings.push(
            "warning: the -d option is deprecated; please use -depth instead, because the \
             latter is a POSIX-compliant feature."
                .to_string(),
        );
    }
    depth_first(p, at)
}

/// -follow: as -L.
pub(crate) fn follow_always(p: &mut Parser<'_>, _at: usize) -> Result<(), ParseError> {
    p.opts.follow = Follow::Always;
    Ok(())
}

/// -regextype NAME.
pub(crate) fn regextype(p: &mut Parser<'_>, at: usize) -> Result<(), ParseError> {
    let text = p.text_arg(at)?;
    p.regex_type = RegexType::from_name(text).ok_or_else(|| {
        let names: Vec<String> = RegexType::NAMES
            .iter()
            .map(|n| quote(OsStr::new(n)))
            .collect();
        ParseError::new(
            format!(
                "Unknown regular expression type {}; valid types are {}.",
                quote(OsStr::new(text)),
                names.join(", ")
            ),
            Some(p.pos - 1),
        )
    })?;
    Ok(())
}

/// -help: print the usage instead of walking.
pub(crate) fn help(p: &mut Parser<'_>, _at: usize) -> Result<(), ParseError> {
    p.info = Some(usage());
    Ok(())
}

/// -version: print the version instead of walking.
pub(crate) fn version(p: &mut Parser<'_>, _at: usize) -> Result<(), ParseError> {
    p.info = Some(format!(
        "tk find {} (GNU findutils 4.9 compatible)\n",
        env!("CARGO_PKG_VERSION")
    ));
    Ok(())
}

fn usage() -> String {
    "Usage: tk find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n\
     \n\
     The default path is the current directory; the default expression is -print.\n\
     Expression: operators, options, tests and actions, as in GNU find:\n\
     \n\
     operators (decreasing precedence; -and is implicit where no others are given):\n\
     \x20     ( EXPR )   ! EXPR   -not EXPR   EXPR1 -a EXPR2   EXPR1 -and EXPR2\n\
     \x20     EXPR1 -o EXPR2   EXPR1 -or EXPR2   EXPR1 , EXPR2\n\
     \n\
     positional options (always true): -daystart -follow -nowarn -regextype -warn\n\
     \n\
     normal options (always true, specified before other expressions):\n\
     \x20     -depth -files0-from FILE -maxdepth LEVELS -mindepth LEVELS\n\
     \x20     -mount -noleaf -xdev -ignore_readdir_race -noignore_readdir_race\n\
     \n\
     tests (N can be +N or -N or N):\n\
     \x20     -amin N -anewer FILE -atime N -cmin N -cnewer FILE -ctime N -empty -false\n\
     \x20     -fstype TYPE -gid N -group NAME -ilname PATTERN -iname PATTERN -inum N\n\
     \x20     -iwholename PATTERN -iregex PATTERN -links N -lname PATTERN -mmin N -mtime N\n\
     \x20     -name PATTERN -newer FILE -newerXY REF -nouser -nogroup -path PATTERN\n\
     \x20     -perm [-/]MODE -regex PATTERN -readable -writable -executable\n\
     \x20     -wholename PATTERN -size N[bcwkMG] -true -type [bcdpfls] -uid N -used N\n\
     \x20     -user NAME -xtype [bcdpfls]\n\
     \n\
     actions: -delete -print0 -printf FORMAT -fprintf FILE FORMAT -print\n\
     \x20     -fprint0 FILE -fprint FILE -ls -fls FILE -prune -quit\n\
     \x20     -exec COMMAND ; -exec COMMAND {} + -ok COMMAND ;\n\
     \x20     -execdir COMMAND ; -execdir COMMAND {} + -okdir COMMAND ;\n\
     \n\
     `tk explain find` describes each of them with examples.\n"
        .replace("-files0-from FILE ", "")
}
