//! Atomic file replacement: a reader (or a crash) sees the old file or the new one, never a
//! mix, and nothing is reported saved before it is on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::fs_layer::{FsLayer, StdFs};
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
/// the target, fsync the directory. On any error the temp file is removed; the target is
/// untouched unless only the final directory sync failed (see [`write_atomic_with`]).
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(&StdFs, target, bytes)
}

/// [`write_atomic`] through a given file layer (the workspace's, or a test's simulated disk).
///
/// `Ok` means durable: the data was fsynced before the rename, and the rename is fsynced
/// through the directory. An error after the rename (the directory sync failed) is still an
/// error: the new text is visible but may not survive a power cut, so it is not reported saved.
pub fn write_atomic_with(fs: &dyn FsLayer, target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = temp_path(dir, target);
    let result = write_and_rename(fs, &temp, target, bytes);
    if result.is_err() {
        let _ = fs.remove_file(&temp);
    }
    result?;
    sync_dir_with(fs, dir)
}

fn write_and_rename(fs: &dyn FsLayer, temp: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = fs
        .create_new(temp)
        .map_err(|e| Error::io("create", temp, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", temp, e))?;
    file.sync_all().map_err(|e| Error::io("sync", temp, e))?;
    drop(file);
    fs.rename(temp, target)
        .map_err(|e| Error::io("replace", target, e))
}

/// Replaces `target` with `bytes` through a temp file and a rename, without syncing: a
/// reader sees the old file or the new one, but a power cut may leave either, or an empty
/// or torn file. Only for caches that check their own content when read (a CRC) and are
/// rebuilt when they fail it: a phase commit's two fsyncs of its validation cache were a
/// cost with nothing to protect.
pub fn replace_unsynced(target: &Path, bytes: &[u8]) -> Result<()> {
    let fs = StdFs;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = temp_path(dir, target);
    let result = (|| {
        let mut file = fs
            .create_new(&temp)
            .map_err(|e| Error::io("create", &temp, e))?;
        file.write_all(bytes)
            .map_err(|e| Error::io("write", &temp, e))?;
        drop(file);
        fs.rename(&temp, target)
            .map_err(|e| Error::io("replace", target, e))
    })();
    if result.is_err() {
        let _ = fs.remove_file(&temp);
    }
    result
}

/// Makes a rename or a new file durable by syncing its directory.
pub fn sync_dir(dir: &Path) -> Result<()> {
    sync_dir_with(&StdFs, dir)
}

/// [`sync_dir`] through a given file layer.
pub fn sync_dir_with(fs: &dyn FsLayer, dir: &Path) -> Result<()> {
    fs.sync_dir(dir).map_err(|e| Error::io("sync", dir, e))
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
    fn an_unsynced_replace_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("cache.json");
        replace_unsynced(&target, b"one").expect("write");
        replace_unsynced(&target, b"two").expect("write");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("cache.json")]);
        let missing = dir.path().join("no/such/dir/cache.json");
        assert!(replace_unsynced(&missing, b"x").is_err());
    }

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
