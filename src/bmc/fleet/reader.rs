//! What the fleet asks of a way to read a BMC: a [`Reader`] for a list
//! of hosts (ipmitool, Redfish, capture files), and the [`Answer`] it
//! gives for one.

use serde_json::{Map, Value};

use super::super::error::BmcError;
use super::super::model::{LanPrint, Summary};

/// Asks the BMCs of one list: `read(i)` answers for the i-th host. It is
/// called from many threads at once, and a read in flight ends early
/// (with [`BmcError::Interrupted`]) once
/// [`interrupted`](crate::bmc::signals::interrupted) is true.
pub(crate) trait Reader: Sync {
    /// How many hosts the list holds.
    fn count(&self) -> usize;
    /// The i-th host's name as given, which labels its row.
    fn name(&self, index: usize) -> &str;
    fn read(&self, index: usize) -> Result<Answer, BmcError>;
}

/// What one BMC answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    /// Its `tk bmc --json` object (ip_address, ip_source, ...).
    pub json: Map<String, Value>,
    /// Set when it answered only in part (`tk bmc` alone would have
    /// printed the values and exited 9): why.
    pub partial: Option<String>,
    /// Other things to tell about this host, one line each.
    pub warnings: Vec<String>,
}

impl Answer {
    /// The answer of an `ipmitool lan print`, read whole or in part.
    pub(crate) fn from_lan_print(
        print: &LanPrint,
        channel: Option<u8>,
        partial: Option<String>,
    ) -> Answer {
        let json = match serde_json::to_value(Summary::new(print, channel)) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Answer {
            json,
            partial,
            warnings: print.skipped_lines_warning().into_iter().collect(),
        }
    }
}
