//! Values that only the running system knows: user and group names (from
//! the C library, so NSS sources such as LDAP count), file system types
//! (/proc/filesystems) and network interface names.

use std::ffi::CStr;
use std::sync::Mutex;

/// getpwent and getgrent keep their place in the C library: one walk at
/// a time (tk runs one, but the unit tests run side by side).
static DATABASE: Mutex<()> = Mutex::new(());

/// Every user name the system's user database lists.
pub(super) fn user_names() -> Vec<String> {
    let mut names = Vec::new();
    let _one_walk = DATABASE.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: setpwent/getpwent/endpwent walk the C library's user
    // database; the lock keeps it to one walk at a time, and each name is
    // copied before the next call reuses the buffer.
    unsafe {
        libc::setpwent();
        loop {
            let entry = libc::getpwent();
            if entry.is_null() {
                break;
            }
            names.push(
                CStr::from_ptr((*entry).pw_name)
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        libc::endpwent();
    }
    names
}

/// Every group name the system's group database lists.
pub(super) fn group_names() -> Vec<String> {
    let mut names = Vec::new();
    let _one_walk = DATABASE.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: as in `user_names`, for the group database.
    unsafe {
        libc::setgrent();
        loop {
            let entry = libc::getgrent();
            if entry.is_null() {
                break;
            }
            names.push(
                CStr::from_ptr((*entry).gr_name)
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        libc::endgrent();
    }
    names
}

/// The file system types this kernel knows: the last word of each line
/// of /proc/filesystems (`nodev\tproc`, `\text4`).
pub(super) fn file_system_types() -> Vec<String> {
    let text = std::fs::read_to_string("/proc/filesystems").unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(str::to_string)
        .collect()
}

/// The names of this machine's network interfaces.
pub(super) fn interface_names() -> Vec<String> {
    nix::net::if_::if_nameindex()
        .map(|all| {
            all.iter()
                .map(|i| i.name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_answers() {
        assert!(user_names().iter().any(|u| u == "root"));
        assert!(group_names().iter().any(|g| g == "root"));
        assert!(file_system_types().iter().any(|t| t == "proc"));
        assert!(interface_names().iter().any(|i| i == "lo"));
    }
}
