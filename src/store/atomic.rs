//! Atomic file replacement: a reader (or a crash) sees the old file or the new one, never a
//! mix, and nothing is reported saved before it is on disk.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Prefix of temp files; the loader skips dot-files and `git status` never sees them for long.
pub const TEMP_PREFIX: &str = ".kaikaku-tmp-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(dir: &Path, target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{TEMP_PREFIX}{}-{n}-{name}", std::process::id()))
}

/// Writes `bytes` to `target` atomically: temp file in the same directory, fsync, rename over
/// the target, fsync the directory. On any error the temp file is removed and the target is
/// untouched.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = temp_path(dir, target);
    let result = write_and_rename(&temp, target, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    sync_dir(dir)
}

fn write_and_rename(temp: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(|e| Error::io("create", temp, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", temp, e))?;
    file.sync_all().map_err(|e| Error::io("sync", temp, e))?;
    drop(file);
    fs::rename(temp, target).map_err(|e| Error::io("replace", target, e))
}

/// Makes a rename or a new file durable by syncing its directory.
pub fn sync_dir(dir: &Path) -> Result<()> {
    let handle = File::open(dir).map_err(|e| Error::io("open", dir, e))?;
    handle.sync_all().map_err(|e| Error::io("sync", dir, e))
}

/// Removes temp files a crash left behind in `dir` (only ours, by prefix).
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("a.ron");
        write_atomic(&target, b"one").expect("write");
        write_atomic(&target, b"two").expect("write");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("sub");
        fs::create_dir(&target).expect("mkdir");
        // Renaming a file over a non-empty directory fails: the directory must survive.
        fs::write(target.join("keep"), b"x").expect("write");
        assert!(write_atomic(&target, b"new").is_err());
        assert!(target.join("keep").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
