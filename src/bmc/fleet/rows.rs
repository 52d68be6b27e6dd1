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
use super::reader::{Answer, Reader};

/// How the rows are printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Format {
    /// HOST and the settings people look for, aligned.
    Table,
    /// JSON Lines: one object per host.
    Json,
    /// `HOST VALUE` per line for `--field NAME`.
    Field(String),
}

/// What is asked: hosts over the network, or capture files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Hosts,
    Files,
}

/// How a host's row came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
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
pub(super) struct Row {
    stdout: Vec<u8>,
    stderr: Vec<String>,
}

/// How many hosts came out which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub answered: usize,
    pub partial: usize,
    pub failed: usize,
}

impl Counts {
    pub(super) fn done(&self) -> usize {
        self.answered + self.partial + self.failed
    }

    pub(super) fn all_answered(&self) -> bool {
        self.partial == 0 && self.failed == 0
    }

    /// `300 hosts: 297 answered, 3 failed` (and `1 in part` when any).
    pub(super) fn summary(&self, total: usize, kind: Kind) -> String {
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
    pub(crate) fn noun(self) -> &'static str {
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
pub(super) struct Renderer<'a> {
    hosts: &'a dyn Reader,
    format: Format,
    host_width: usize,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(hosts: &'a dyn Reader, format: Format) -> Renderer<'a> {
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
    pub(super) fn header(&self) -> Option<String> {
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
    pub(super) fn row(
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
pub(super) struct Rows<W: Write> {
    out: W,
    /// The index of the next row to write.
    next: usize,
    pending: BTreeMap<usize, Row>,
    counts: Counts,
}

impl<W: Write> Rows<W> {
    /// Rows to `out`, after `header` if there is one.
    pub(super) fn start(mut out: W, header: Option<String>) -> io::Result<Rows<W>> {
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

    pub(super) fn counts(&self) -> Counts {
        self.counts
    }

    /// Take host `index`'s row, and write every row that is now next in
    /// order.
    pub(super) fn add(&mut self, index: usize, row: Row, status: Status) -> io::Result<()> {
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
    pub(super) fn finish(&mut self) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bmc::parse::parse;

    /// Hosts with answers made by hand.
    struct Hosts(Vec<&'static str>);

    impl Reader for Hosts {
        fn count(&self) -> usize {
            self.0.len()
        }

        fn name(&self, index: usize) -> &str {
            self.0[index]
        }

        fn read(&self, _: usize) -> Result<Answer, BmcError> {
            unreachable!("the tests hand answers to the renderer")
        }
    }

    fn answer(text: &str, partial: Option<&str>) -> Answer {
        Answer::from_lan_print(&parse(text).unwrap(), None, partial.map(String::from))
    }

    const LAN: &str = "IP Address Source : DHCP Address\nIP Address : 10.0.0.9\n\
                       Subnet Mask : 255.255.255.0\nMAC Address : 52:54:00:AA:BB:CC\n\
                       Default Gateway IP : 10.0.0.1\n802.1q VLAN ID : 42\n";

    fn refused() -> BmcError {
        BmcError::SessionRefused {
            target: "b:623".into(),
            detail: "RAKP 2 HMAC is invalid".into(),
        }
    }

    fn render(
        format: Format,
        results: Vec<Result<Answer, BmcError>>,
    ) -> (String, Vec<String>, Counts) {
        let hosts = Hosts(vec!["a", "bmc-long-name", "c"]);
        let renderer = Renderer::new(&hosts, format);
        let mut out = Vec::new();
        let mut rows = Rows::start(&mut out, renderer.header()).unwrap();
        let mut stderr = Vec::new();
        // Out of order: the last host first.
        for (index, result) in results.into_iter().enumerate().rev() {
            let (row, status) = renderer.row(index, result).unwrap();
            stderr.extend(row.stderr.clone());
            rows.add(index, row, status).unwrap();
        }
        rows.finish().unwrap();
        let counts = rows.counts();
        (String::from_utf8(out).unwrap(), stderr, counts)
    }

    #[test]
    fn a_table_in_the_given_order_with_errors_in_place() {
        let (table, stderr, counts) = render(Format::Table, mixed());
        let want = "\
HOST           IP ADDRESS       SOURCE       NETMASK          MAC                GATEWAY          VLAN
a              10.0.0.9         dhcp         255.255.255.0    52:54:00:aa:bb:cc  10.0.0.1         42
bmc-long-name  error 6: the BMC at b:623 refused the session or did not answer (RAKP 2 HMAC is invalid): check --user, the password (IPMI_PASSWORD or --password-file), --interface, and that b:623 is a BMC you can reach
c              1.2.3.4          -            -                -                  -                -
";
        assert_eq!(table, want);
        assert!(stderr.is_empty());
        assert_eq!((counts.answered, counts.partial, counts.failed), (2, 0, 1));
        assert_eq!(
            counts.summary(3, Kind::Hosts),
            "3 hosts: 2 answered, 1 failed"
        );
    }

    #[test]
    fn json_lines_with_host_ok_and_error_first() {
        let (lines, stderr, counts) = render(
            Format::Json,
            vec![
                Ok(answer(LAN, None)),
                Err(refused()),
                Ok(answer(LAN, Some("stopped part-way"))),
            ],
        );
        let rows: Vec<Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 3);
        let keys: Vec<&str> = rows[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .take(4)
            .collect();
        assert_eq!(keys, ["host", "ok", "error", "protocol"]);
        assert_eq!(rows[0]["host"], "a");
        assert_eq!(
            (&rows[0]["ok"], &rows[0]["error"]),
            (&json!(true), &Value::Null)
        );
        assert_eq!(rows[0]["vlan_id"], 42);
        assert_eq!(rows[0]["fields"]["IP Address"], "10.0.0.9");
        assert_eq!(rows[1]["ok"], false);
        assert_eq!(rows[1]["error"]["status"], 6);
        assert!(rows[1].get("ip_address").is_none());
        // In part: the values, and status 9 as its error.
        assert_eq!(rows[2]["ok"], false);
        assert_eq!(
            rows[2]["error"],
            json!({"status": 9, "message": "stopped part-way"})
        );
        assert_eq!(rows[2]["ip_address"], "10.0.0.9");
        assert_eq!(stderr, ["tk bmc: c: warning: stopped part-way"]);
        assert_eq!(
            counts.summary(3, Kind::Hosts),
            "3 hosts: 1 answered, 1 in part, 1 failed"
        );
    }

    /// The first host answers, the second refuses, the third answers
    /// without most fields.
    fn mixed() -> Vec<Result<Answer, BmcError>> {
        vec![
            Ok(answer(LAN, None)),
            Err(refused()),
            Ok(answer("IP Address : 1.2.3.4\n", None)),
        ]
    }

    #[test]
    fn fields_as_host_value_with_errors_on_stderr() {
        let (lines, stderr, _) = render(Format::Field("802.1q vlan id".into()), mixed());
        // A label the third host lacks is its error, status 1.
        assert_eq!(lines, "a 42\n");
        assert_eq!(stderr.len(), 2);
        assert!(
            stderr[0].starts_with("tk bmc: c: error 1: no field \"802.1q vlan id\""),
            "{stderr:?}"
        );
        assert!(
            stderr[1].starts_with("tk bmc: bmc-long-name: error 6: "),
            "{stderr:?}"
        );
        let (lines, _, _) = render(Format::Field("vlan_id".into()), mixed());
        // A null value leaves the host alone on its line.
        assert_eq!(lines, "a 42\nc\n");
    }

    #[test]
    fn interrupted_reads_and_missing_ipmitool_are_no_row() {
        let hosts = Hosts(vec!["a"]);
        let renderer = Renderer::new(&hosts, Format::Json);
        assert!(matches!(
            renderer.row(0, Err(BmcError::Interrupted)),
            Err(BmcError::Interrupted)
        ));
        let missing = BmcError::IpmitoolMissing {
            program: "ipmitool".into(),
        };
        assert!(matches!(
            renderer.row(0, Err(missing)),
            Err(BmcError::IpmitoolMissing { .. })
        ));
        assert_eq!(renderer.header(), None);
    }

    #[test]
    fn control_characters_in_names_are_escaped_in_the_table() {
        let hosts = Hosts(vec!["evil\u{1b}[2J"]);
        let renderer = Renderer::new(&hosts, Format::Table);
        let (row, _) = renderer.row(0, Ok(answer(LAN, None))).unwrap();
        let text = String::from_utf8(row.stdout).unwrap();
        assert!(text.starts_with("evil\\u{1b}[2J  10.0.0.9"), "{text}");
    }
}
