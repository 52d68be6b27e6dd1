//! The hosts of a fleet run, from every `--host` (each one name or a host
//! list) and then `--hosts-file` (one name, HOST:PORT or host list a
//! line; blank lines and `#` comments skipped), in that order. A host
//! named twice (same name without regard to case, same port) is asked
//! once, at its first place, and a warning says so. A bad list is a
//! usage error that shows where.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use super::super::error::BmcError;
use super::super::hostlist::{self, HostListError};
use super::super::target::Target;

/// The hosts to ask, and the warning about those named more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hosts {
    pub targets: Vec<Target>,
    pub repeated: Option<String>,
}

/// Every host of the `--host` values and the hosts file; `default_port`
/// is what a name without its own port is asked on (to see two names
/// of one BMC).
pub(crate) fn gather(
    hosts: &[String],
    hosts_file: Option<&Path>,
    default_port: u16,
) -> Result<Hosts, BmcError> {
    let mut targets = Vec::new();
    for list in hosts {
        targets.extend(parse_list(list, "--host", &format!("'{list}'"))?);
    }
    if let Some(path) = hosts_file {
        let text = read_file(path)?;
        let name = display(path);
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim_end();
            let place = format!("{name} line {}", n + 1);
            targets.extend(parse_list(line, "--hosts-file", &place)?);
        }
        if targets.is_empty() {
            return Err(usage(format!("--hosts-file {name} names no host"), None));
        }
    }
    Ok(dedupe(targets, default_port))
}

/// One list's targets; errors name the option and the place.
fn parse_list(list: &str, option: &str, place: &str) -> Result<Vec<Target>, BmcError> {
    let bad = |e: HostListError| {
        usage(
            format!("{option}: bad host list {place}: {e}"),
            Some(e.show(list)),
        )
    };
    let mut targets = Vec::new();
    for item in hostlist::items(list).map_err(bad)? {
        let (at, len) = (item.at, item.len);
        for name in item.names {
            let target =
                Target::parse(name).map_err(|message| bad(HostListError { message, at, len }))?;
            targets.push(target);
        }
    }
    if targets.is_empty() && option == "--host" {
        return Err(usage(format!("{option}: {place} names no host"), None));
    }
    Ok(targets)
}

/// Keep each BMC's first place; say which were named more than once.
fn dedupe(targets: Vec<Target>, default_port: u16) -> Hosts {
    let mut seen: HashMap<(String, u16), usize> = HashMap::new();
    let mut kept: Vec<Target> = Vec::new();
    let mut times: Vec<usize> = Vec::new();
    for target in targets {
        let key = (
            target.host().to_ascii_lowercase(),
            target.port_or(default_port),
        );
        match seen.get(&key) {
            Some(&at) => times[at] += 1,
            None => {
                seen.insert(key, kept.len());
                kept.push(target);
                times.push(1);
            }
        }
    }
    let repeated: Vec<String> = kept
        .iter()
        .zip(&times)
        .filter(|(_, n)| **n > 1)
        .map(|(t, n)| format!("{} ({n} times)", t.name))
        .collect();
    let warning = (!repeated.is_empty()).then(|| {
        let mut list: Vec<String> = repeated.iter().take(5).cloned().collect();
        if repeated.len() > 5 {
            list.push(format!("and {} more", repeated.len() - 5));
        }
        format!(
            "{} host(s) named more than once, asked once each: {}",
            repeated.len(),
            list.join(", ")
        )
    });
    Hosts {
        targets: kept,
        repeated: warning,
    }
}

fn read_file(path: &Path) -> Result<String, BmcError> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|err| BmcError::Read {
        path: path.to_path_buf(),
        err,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn usage(message: String, show: Option<String>) -> BmcError {
    BmcError::Usage { message, show }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(hosts: &Hosts) -> Vec<&str> {
        hosts.targets.iter().map(|t| t.name.as_str()).collect()
    }

    fn hosts(lists: &[&str]) -> Result<Hosts, BmcError> {
        let lists: Vec<String> = lists.iter().map(ToString::to_string).collect();
        gather(&lists, None, 623)
    }

    #[test]
    fn every_host_option_in_order() {
        let h = hosts(&["b[2-3]", "a", "127.0.0.1:[6230-6231]"]).unwrap();
        assert_eq!(
            names(&h),
            ["b2", "b3", "a", "127.0.0.1:6230", "127.0.0.1:6231"]
        );
        assert_eq!(h.targets[3].port, Some(6230));
        assert_eq!(h.repeated, None);
    }

    #[test]
    fn a_host_named_twice_is_asked_once() {
        let h = hosts(&["a,b,A", "b:623", "b:624", "a"]).unwrap();
        assert_eq!(names(&h), ["a", "b", "b:624"]);
        assert_eq!(
            h.repeated.as_deref(),
            Some("2 host(s) named more than once, asked once each: a (3 times), b (2 times)")
        );
    }

    #[test]
    fn the_file_skips_blanks_and_comments() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hosts");
        fs::write(
            &file,
            "# the rack\n\nbmc[1-2]   # two\n  10.0.0.5:6230\n\t\n#bmc9\nlast",
        )
        .unwrap();
        let h = gather(&["first".to_string()], Some(&file), 623).unwrap();
        assert_eq!(
            names(&h),
            ["first", "bmc1", "bmc2", "10.0.0.5:6230", "last"]
        );
        fs::write(&file, "# nothing\n\n").unwrap();
        let err = gather(&[], Some(&file), 623).unwrap_err();
        assert!(err.to_string().ends_with("names no host"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn bad_lists_are_usage_errors_that_show_where() {
        let Err(BmcError::Usage { message, show }) = hosts(&["ok", "bmc[01-64.dc1"]) else {
            panic!("not a usage error");
        };
        assert_eq!(
            message,
            "--host: bad host list 'bmc[01-64.dc1': '[' is never closed"
        );
        assert_eq!(show.unwrap(), "  bmc[01-64.dc1\n     ^");
        let Err(BmcError::Usage { message, show }) = hosts(&["a,h[1-2]:99999"]) else {
            panic!("not a usage error");
        };
        assert!(
            message.ends_with("'99999' in 'h1:99999' is not a port (1 to 65535)"),
            "{message}"
        );
        assert_eq!(show.unwrap(), "  a,h[1-2]:99999\n    ^^^^^^^^^^^^");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hosts");
        fs::write(&file, "a\nb[3-1]\n").unwrap();
        let Err(BmcError::Usage { message, .. }) = gather(&[], Some(&file), 623) else {
            panic!("not a usage error");
        };
        assert!(
            message.contains(" line 2: range '3-1' runs backwards"),
            "{message}"
        );
        assert!(matches!(hosts(&[","]), Err(BmcError::Usage { .. })));
        let missing = dir.path().join("missing");
        assert!(matches!(
            gather(&[], Some(&missing), 623),
            Err(BmcError::Read { .. })
        ));
    }
}
