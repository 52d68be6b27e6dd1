//! `tk bmc` across many BMCs: the hosts (or capture files) in the order
//! given, asked at most `--fanout` at a time, one row each, printed in
//! that order as soon as the rows before it are done, a summary on
//! stderr, and a progress bar while it runs when stderr is a terminal.
//!
//! The fleet does not know how a BMC is asked: a [`Reader`] answers for
//! one host (ipmitool today; Redfish implements the same trait; `--from`
//! reads a file). Each host's failure is its row's, with the exit status
//! `tk bmc` would have given for that host alone; the fleet's own status
//! is 0 when every host answered, 1 when any did not, 130 when
//! interrupted (every ipmitool stopped, the rows already done printed).

mod pool;
mod progress;
mod reader;
mod rows;
pub(crate) mod targets;

use super::error::{BmcError, exit};
use super::signals;
use pool::{Delivery, Next};
use progress::Progress;
pub(crate) use reader::{Answer, Reader};
pub(crate) use rows::{Format, Kind};
use rows::{Renderer, Rows};

/// Ask every host of `reader`, `fanout` at a time, and print the rows;
/// returns the fleet's exit status. An error returned stopped the whole
/// run (no ipmitool, or the output is gone).
pub(crate) fn run(
    reader: &dyn Reader,
    fanout: usize,
    format: Format,
    kind: Kind,
) -> Result<u8, BmcError> {
    signals::catch();
    let count = reader.count();
    let progress = Progress::new(count);
    let renderer = Renderer::new(reader, format);
    let mut rows =
        Rows::start(crate::out::buffered_stdout(), renderer.header()).map_err(BmcError::Write)?;
    let mut stopped: Option<BmcError> = None;
    pool::fan_out(
        count,
        fanout,
        |i| renderer.row(i, reader.read(i)),
        |delivery| {
            let (index, result, in_flight) = match delivery {
                Delivery::Started { in_flight } => {
                    progress.show(rows.counts(), in_flight);
                    return Next::Go;
                }
                Delivery::Done {
                    index,
                    result,
                    in_flight,
                } => (index, result, in_flight),
            };
            let (row, status) = match result {
                Ok(row) => row,
                Err(BmcError::Interrupted) => return Next::Go,
                Err(err) => {
                    // No ipmitool: every host would say the same, so one
                    // error, not a row each.
                    stopped.get_or_insert(err);
                    return Next::Stop;
                }
            };
            let written = progress.suspend(|| rows.add(index, row, status));
            progress.show(rows.counts(), in_flight);
            match written {
                Ok(()) => Next::Go,
                Err(err) => {
                    // The output is gone: stop what runs, for no one.
                    stopped.get_or_insert(BmcError::Write(err));
                    signals::interrupt();
                    Next::Stop
                }
            }
        },
    );
    progress.finish();
    let finished = rows.finish();
    if let Some(err) = stopped {
        return Err(err);
    }
    finished.map_err(BmcError::Write)?;
    let counts = rows.counts();
    if signals::interrupted() {
        crate::errln!(
            "tk bmc: interrupted after {} of {} {}; the reads in flight were stopped",
            counts.done(),
            count,
            kind.noun()
        );
        return Ok(exit::INTERRUPTED);
    }
    crate::errln!("tk bmc: {}", counts.summary(count, kind));
    Ok(if counts.all_answered() {
        exit::OK
    } else {
        exit::FAILURE
    })
}
