//! The fleet's output: one row per host in the order the hosts were
//! given, each written as soon as every row before it is, so memory
//! holds only rows that finished ahead of a slower host. Rows are a table
//! (HOST, then the settings or the host's error and its status), JSON
//! Lines, or `HOST VALUE` for `--field`. What a row has to say on stderr
//! (a warning, or in `--field` form the host's error) is written with it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::super::error::{BmcError, exit};
use super::super::render::{self, sanitize};
use super::{Answer, Format, Kind, Reader};

/// How a host's row came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Answered,
    /// Values shown, but the read stopped part-way (status 9).
    Partial,
    Failed,
}

/// The table's columns after HOST: header, `--json` key, width.
const COLUMNS: [(&str, &str, usize); 6] = [
    ("IP ADDRESS", "ip_address", 15),
    ("SOURCE", "ip_source", 11),
    ("NETMASK", "subnet_mask", 15),
    ("MAC", "mac_address", 17),
    ("GATEWAY", "default_gateway_ip", 15),
    ("VLAN", "vlan_id", 4),
];

/// Shown in the table for a value the BMC did not report.
const NONE: &str = "-";

/// One rendered row, waiting for the rows before it.
pub struct Row {
    stdout: Vec<u8>,
    stderr: Vec<String>,
}

/// How many hosts came out which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub answered: usize,
    pub partial: usize,
    pub failed: usize,
}

impl Counts {
    pub fn done(&self) -> usize {
        self.answered + self.partial + self.failed
    }

    pub fn all_answered(&self) -> bool {
        self.partial == 0 && self.failed == 0
    }

    /// `300 hosts: 297 answered, 3 failed` (and `1 in part` when any).
    pub fn summary(&self, total: usize, kind: Kind) -> String {
        let in_part = if self.partial > 0 {
            format!(", {} in part", self.partial)
        } else {
            String::new()
        };
        format!(
            "{total} {}: {} {}{in_part}, {} failed",
            kind.noun(),
            self.answered,
            kind.verb(),
            self.failed
        )
    }
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Hosts => "hosts",
            Kind::Files => "files",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Kind::Hosts => "answered",
            Kind::Files => "read",
        }
    }
}

/// How each host's row reads: shared by the threads that ask the hosts,
/// so a row is made where its answer was (its JSON allocated and freed
/// in one thread) and only the row's bytes travel.
pub struct Renderer<'a> {
    hosts: &'a dyn Reader,
    format: Format,
    host_width: usize,
}

impl<'a> Renderer<'a> {
    pub fn new(hosts: &'a dyn Reader, format: Format) -> Renderer<'a> {
        let host_width = (0..hosts.count())
            .map(|i| sanitize(hosts.name(i)).chars().count())
            .chain([4])
            .max()
            .unwrap_or(4);
        Renderer {
            hosts,
            format,
            host_width,
        }
    }

    /// The table's header line; none for the other forms.
    pub fn header(&self) -> Option<String> {
        (self.format == Format::Table).then(|| {
            let mut line = format!("{:w$}", "HOST", w = self.host_width);
            for (header, _, width) in COLUMNS {
                line += &format!("  {header:width$}");
            }
            format!("{}\n", line.trim_end())
        })
    }

    /// Host `index`'s row. An interrupted read, or ipmitool missing
    /// (which every host would say alike), is no row: the error is
    /// handed back.
    pub fn row(
        &self,
        index: usize,
        result: Result<Answer, BmcError>,
    ) -> Result<(Row, Status), BmcError> {
        match result {
            Err(err @ (BmcError::Interrupted | BmcError::IpmitoolMissing { .. })) => Err(err),
            result => Ok(self.render(self.hosts.name(index), result)),
        }
    }

    fn render(&self, name: &str, result: Result<Answer, BmcError>) -> (Row, Status) {
        let (answer, status) = match result {
            Ok(answer) if answer.partial.is_some() => (answer, Status::Partial),
            Ok(answer) => (answer, Status::Answered),
            Err(err) => return (self.failed(name, &err), Status::Failed),
        };
        let mut stderr: Vec<String> = answer
            .warnings
            .iter()
            .chain(&answer.partial)
            .map(|w| format!("tk bmc: {name}: warning: {w}"))
            .collect();
        let stdout = match &self.format {
            Format::Table => self.table_row(name, &answer.json),
            Format::Json => json_line(name, Some(&answer), None),
            Format::Field(field) => match render::field_in(&answer.json, field) {
                Ok(values) => field_lines(name, &values),
                Err(e) => {
                    let err = BmcError::UnknownField { name: e.0 };
                    stderr.push(error_line(name, &err));
                    return (
                        Row {
                            stdout: Vec::new(),
                            stderr,
                        },
                        Status::Failed,
                    );
                }
            },
        };
        (Row { stdout, stderr }, status)
    }

    /// The row of a host that did not answer: its error in place of the
    /// values (on stderr for `--field`, whose lines are data).
    fn failed(&self, name: &str, err: &BmcError) -> Row {
        let (stdout, stderr) = match &self.format {
            Format::Table => {
                let line = format!(
                    "{:w$}  error {}: {err}",
                    sanitize(name),
                    err.exit_code(),
                    w = self.host_width
                );
                (format!("{line}\n").into_bytes(), Vec::new())
            }
            Format::Json => (json_line(name, None, Some(err)), Vec::new()),
            Format::Field(_) => (Vec::new(), vec![error_line(name, err)]),
        };
        Row { stdout, stderr }
    }

    fn table_row(&self, name: &str, json: &Map<String, Value>) -> Vec<u8> {
        let mut line = format!("{:w$}", sanitize(name), w = self.host_width);
        for (_, key, width) in COLUMNS {
            let value = match json.get(key) {
                None | Some(Value::Null) => NONE.to_string(),
                Some(Value::String(s)) => sanitize(s),
                Some(other) => other.to_string(),
            };
            line += &format!("  {value:width$}");
        }
        format!("{}\n", line.trim_end()).into_bytes()
    }
}

/// The rows of one run, written in order to `out` as soon as every row
/// before them is: memory holds only rows done ahead of a slower host.
pub struct Rows<W: Write> {
    out: W,
    /// The index of the next row to write.
    next: usize,
    pending: BTreeMap<usize, Row>,
    counts: Counts,
}

impl<W: Write> Rows<W> {
    /// Rows to `out`, after `header` if there is one.
    pub fn start(mut out: W, header: Option<String>) -> io::Result<Rows<W>> {
        if let Some(header) = header {
            out.write_all(header.as_bytes())?;
            out.flush()?;
        }
        Ok(Rows {
            out,
            next: 0,
            pending: BTreeMap::new(),
            counts: Counts::default(),
        })
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Take host `index`'s row, and write every row that is now next in
    /// order.
    pub fn add(&mut self, index: usize, row: Row, status: Status) -> io::Result<()> {
        match status {
            Status::Answered => self.counts.answered += 1,
            Status::Partial => self.counts.partial += 1,
            Status::Failed => self.counts.failed += 1,
        }
        self.pending.insert(index, row);
        while let Some(row) = self.pending.remove(&self.next) {
            self.write(row)?;
            self.next += 1;
        }
        self.out.flush()
    }

    /// Write the rows still held (after an interruption, the ones done
    /// behind a host that was not), in order.
    pub fn finish(&mut self) -> io::Result<()> {
        while let Some((_, row)) = self.pending.pop_first() {
            self.write(row)?;
        }
        self.out.flush()
    }

    fn write(&mut self, row: Row) -> io::Result<()> {
        if !row.stderr.is_empty() {
            // What stderr says about a row comes after the rows before it.
            self.out.flush()?;
            for line in &row.stderr {
                crate::errln!("{line}");
            }
        }
        self.out.write_all(&row.stdout)
    }
}

fn error_line(name: &str, err: &BmcError) -> String {
    format!("tk bmc: {name}: error {}: {err}", err.exit_code())
}

/// One JSON Lines object: host, ok, error, then the host's own keys.
fn json_line(name: &str, answer: Option<&Answer>, err: Option<&BmcError>) -> Vec<u8> {
    let mut object = Map::new();
    object.insert("host".into(), name.into());
    let error = match (err, answer.and_then(|a| a.partial.as_ref())) {
        (Some(err), _) => json!({"status": err.exit_code(), "message": err.to_string()}),
        (None, Some(partial)) => json!({"status": exit::PARTIAL, "message": partial}),
        (None, None) => Value::Null,
    };
    object.insert("ok".into(), error.is_null().into());
    object.insert("error".into(), error);
    if let Some(answer) = answer {
        object.extend(answer.json.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut line = serde_json::to_vec(&object).unwrap_or_default();
    line.push(b'\n');
    line
}

/// `HOST VALUE`, one line per value (a label with continuation lines has
/// several); a null value leaves the host alone on its line.
fn field_lines(name: &str, values: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for value in values {
        let line = format!("{name} {value}");
        out.extend_from_slice(line.trim_end().as_bytes());
        out.push(b'\n');
    }
    out
}
