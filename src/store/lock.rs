//! One writer per workspace. The writer holds an OS file lock on `.kaikaku/lock`, so a lock
//! left by a killed process is released by the kernel and never blocks the next start; the
//! file's text names the holder (`pid@host`) for the message others see. Taking the lock also
//! removes temp files an interrupted save left behind: only the writer makes them.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Directory for kaikaku's own runtime files (lock, journal); ignored by git.
pub const RUNTIME_DIR: &str = ".kaikaku";

/// The held lock; dropping it releases the workspace.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// Who holds the lock, as written by the holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder(pub String);

fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Whether a holder text (`pid@host since …`) names a process of this host that no longer
/// runs; only answerable where `/proc` exists, elsewhere the text is trusted.
fn names_a_dead_process(text: &str) -> bool {
    let Some((pid, rest)) = text.trim().split_once('@') else {
        return false;
    };
    let same_host = rest.split(' ').next() == Some(host_name().as_str());
    let proc = Path::new("/proc");
    same_host
        && pid.parse::<u32>().is_ok()
        && proc.join("self").exists()
        && !proc.join(pid).exists()
}

/// Takes the writer lock of the workspace in `root`, or says who holds it.
pub fn acquire(root: &Path) -> Result<Result<WriterLock, Holder>> {
    // `.kaikaku/` and the lock must be kaikaku's own: a clone may hold them as links to
    // files elsewhere, which opening and truncating the lock would overwrite.
    super::runtime::check_untracked(root)?;
    let dir = super::runtime::ensure_dir(&super::fs_layer::StdFs, root, "")?;
    let path = dir.join("lock");
    let mut file = super::runtime::open(
        &path,
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )?;
    match file.try_lock() {
        Ok(()) => {
            let holder = format!(
                "{}@{} since {}",
                std::process::id(),
                host_name(),
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
            );
            file.set_len(0).map_err(|e| Error::io("write", &path, e))?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| Error::io("write", &path, e))?;
            file.write_all(holder.as_bytes())
                .map_err(|e| Error::io("write", &path, e))?;
            remove_leftovers(root);
            Ok(Ok(WriterLock { _file: file }))
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            // The holder writes its name just after taking the lock, so a start racing it can
            // find the file empty, or still naming a killed predecessor: look again for a
            // moment before naming no one (or the dead).
            let mut text = String::new();
            for _ in 0..50 {
                text.clear();
                let _ = file.seek(SeekFrom::Start(0));
                let _ = file.read_to_string(&mut text);
                if !text.trim().is_empty() && !names_a_dead_process(&text) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            let text = crate::model::sanitize_inline(text.trim());
            Ok(Err(Holder(if text.is_empty() {
                "another process".into()
            } else {
                text
            })))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("lock", &path, e)),
    }
}

/// Removes the temp files a crash or power cut left in the directories the store writes:
/// only the writer makes them, so any present when it starts belong to no one.
fn remove_leftovers(root: &Path) {
    let journal = Path::new(RUNTIME_DIR).join("journal");
    for rel in [
        Path::new(""),
        Path::new(super::PLANS_DIR),
        Path::new(super::MINUTES_DIR),
        Path::new(super::RESPONSES_DIR),
        journal.as_path(),
    ] {
        // Only in real directories: a linked `plans/` or journal leads elsewhere, where
        // files that merely look like ours are not ours to delete.
        // (The root itself is the user's choice and may be reached through a link.)
        let dir = root.join(rel);
        let meta = if rel.as_os_str().is_empty() {
            std::fs::metadata(&dir)
        } else {
            std::fs::symlink_metadata(&dir)
        };
        if super::runtime::check_dirs(root, rel).is_ok() && meta.is_ok_and(|m| m.is_dir()) {
            super::atomic::remove_stale_temps(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_is_refused_and_told_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = acquire(dir.path()).expect("io").expect("first lock");
        let holder = acquire(dir.path())
            .expect("io")
            .expect_err("second is refused");
        assert!(
            holder.0.starts_with(&format!("{}@", std::process::id())),
            "{holder:?}"
        );
        drop(first);
        assert!(acquire(dir.path()).expect("io").is_ok(), "released on drop");
    }

    /// Leftover-looking files in a linked `plans/` belong to whatever it links to: the
    /// writer leaves them; a workspace root reached through a link is still cleaned.
    #[cfg(unix)]
    #[test]
    fn leftovers_are_removed_only_in_real_directories() {
        let temp = tempfile::tempdir().expect("tempdir");
        let real = temp.path().join("real");
        let elsewhere = temp.path().join("elsewhere");
        std::fs::create_dir_all(&real).expect("mkdir");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        let name = format!("{}1-0-a.ron", crate::store::atomic::TEMP_PREFIX);
        std::fs::write(elsewhere.join(&name), b"not ours").expect("write");
        std::fs::write(real.join(&name), b"ours").expect("write");
        std::os::unix::fs::symlink(&elsewhere, real.join(crate::store::PLANS_DIR)).expect("link");
        let via = temp.path().join("via");
        std::os::unix::fs::symlink(&real, &via).expect("link");
        let _lock = acquire(&via).expect("io").expect("lock");
        assert!(elsewhere.join(&name).exists(), "removed through a link");
        assert!(!real.join(&name).exists(), "root leftovers stay");
    }

    /// Temp files of a save cut short are removed when the next writer starts; other dot
    /// files are not.
    #[test]
    fn the_writer_removes_leftover_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plans = dir.path().join(crate::store::PLANS_DIR);
        std::fs::create_dir(&plans).expect("mkdir");
        let leftover = plans.join(format!("{}1-0-a.ron", crate::store::atomic::TEMP_PREFIX));
        std::fs::write(&leftover, b"(").expect("write");
        std::fs::write(plans.join(".keep"), b"").expect("write");
        let _lock = acquire(dir.path()).expect("io").expect("lock");
        assert!(!leftover.exists());
        assert!(plans.join(".keep").exists());
    }
}
