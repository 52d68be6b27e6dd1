//! Owners: -user/-group names resolved through the system's user database
//! (numbers allowed), and the -nouser/-nogroup lookups, cached per id
//! because a tree usually has few distinct owners.

use std::collections::HashMap;

use nix::unistd::{Gid, Group, Uid, User};

/// The uid for -user NAME: a known name, else a number.
pub(crate) fn uid_of(name: &str) -> Option<u32> {
    match User::from_name(name) {
        Ok(Some(user)) => Some(user.uid.as_raw()),
        _ => number(name),
    }
}

/// The gid for -group NAME: a known name, else a number.
pub(crate) fn gid_of(name: &str) -> Option<u32> {
    match Group::from_name(name) {
        Ok(Some(group)) => Some(group.gid.as_raw()),
        _ => number(name),
    }
}

fn number(text: &str) -> Option<u32> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// Remembers which uids and gids have a name.
#[derive(Debug, Default)]
pub(crate) struct OwnerCache {
    users: HashMap<u32, bool>,
    groups: HashMap<u32, bool>,
}

impl OwnerCache {
    pub(crate) fn user_exists(&mut self, uid: u32) -> bool {
        *self
            .users
            .entry(uid)
            .or_insert_with(|| matches!(User::from_uid(Uid::from_raw(uid)), Ok(Some(_))))
    }

    pub(crate) fn group_exists(&mut self, gid: u32) -> bool {
        *self
            .groups
            .entry(gid)
            .or_insert_with(|| matches!(Group::from_gid(Gid::from_raw(gid)), Ok(Some(_))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_known_and_numbers_pass_through() {
        assert_eq!(uid_of("root"), Some(0));
        assert_eq!(gid_of("root"), Some(0));
        assert_eq!(uid_of("4242"), Some(4242));
        assert_eq!(uid_of("no-such-user-tk"), None);
        let mut cache = OwnerCache::default();
        assert!(cache.user_exists(0));
        assert!(!cache.user_exists(4_000_000_000));
    }
}
