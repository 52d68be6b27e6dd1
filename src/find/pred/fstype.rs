//! -fstype: the type of the file system a file is on, by its device
//! number, from /proc/self/mountinfo (read once, on first use).

use std::collections::HashMap;

/// Device number -> file system type name ("ext4", "tmpfs", ...).
#[derive(Debug, Default)]
pub struct FsTypes {
    by_dev: Option<HashMap<u64, String>>,
}

impl FsTypes {
    pub fn name_of(&mut self, dev: u64) -> Option<&str> {
        self.by_dev
            .get_or_insert_with(read_mountinfo)
            .get(&dev)
            .map(String::as_str)
    }
}

fn read_mountinfo() -> HashMap<u64, String> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut map = HashMap::new();
    for line in text.lines() {
        // id parent major:minor root mountpoint options [tags] - fstype source super
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(sep) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(dev), Some(fstype)) = (fields.get(2), fields.get(sep + 1)) else {
            continue;
        };
        let Some((major, minor)) = dev.split_once(':') else {
            continue;
        };
        let (Ok(major), Ok(minor)) = (major.parse::<u32>(), minor.parse::<u32>()) else {
            continue;
        };
        map.insert(libc::makedev(major, minor), fstype.to_string());
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn the_root_file_system_has_a_type() {
        let dev = std::fs::metadata("/").unwrap().dev();
        let mut types = FsTypes::default();
        assert!(!types.name_of(dev).unwrap_or("").is_empty());
    }
}
