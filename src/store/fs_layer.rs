//! The file-system seam under atomic saves and the journal.
//!
//! Durability is decided by a handful of calls — create, write, fsync, rename, fsync the
//! directory — and their order. Routing exactly those calls through [`FsLayer`] lets the test
//! suite put a simulated disk underneath (one that loses, tears or reorders everything not yet
//! fsynced at a "power cut", or fails an fsync with EIO) while the product runs on [`StdFs`],
//! a plain pass-through to `std::fs`. Errors are the OS's own; callers add the path and the
//! action, as they always did.

use std::fmt::Debug;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

/// The file operations the store needs to write durably.
pub trait FsLayer: Debug + Send + Sync {
    /// Creates a file that must not exist yet, open for writing from its start.
    fn create_new(&self, path: &Path) -> io::Result<Box<dyn FsFile>>;
    /// Opens an existing file for appending.
    fn open_append(&self, path: &Path) -> io::Result<Box<dyn FsFile>>;
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Renames within one directory, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Creates one directory whose parent exists (`AlreadyExists` / `NotFound` otherwise).
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Makes the directory's entries (creates, renames, removals) durable.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
}

/// An open file of an [`FsLayer`]; writes go to its end.
pub trait FsFile: Debug + Send {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Cuts (or extends) the file to `len` bytes.
    fn set_len(&mut self, len: u64) -> io::Result<()>;
    /// Makes content and metadata durable (`fsync`).
    fn sync_all(&mut self) -> io::Result<()>;
    /// Makes content durable (`fdatasync`): enough for appended records.
    fn sync_data(&mut self) -> io::Result<()>;
}

/// The real file system: each call is the `std::fs` call the store made before the seam.
#[derive(Clone, Copy, Debug, Default)]
pub struct StdFs;

/// A shared [`StdFs`], the layer of every workspace unless a test swaps it.
pub fn std_fs() -> Arc<dyn FsLayer> {
    Arc::new(StdFs)
}

impl FsLayer for StdFs {
    // Neither open follows a link at the last component (`create_new` cannot anyway: an
    // exclusive create fails on any existing name), and an append refuses anything but a
    // regular file: journals and temp files are only ever kaikaku's own.
    fn create_new(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        let file = super::runtime::no_follow(OpenOptions::new().write(true).create_new(true))
            .open(path)?;
        Ok(Box::new(StdFile(file)))
    }

    fn open_append(&self, path: &Path) -> io::Result<Box<dyn FsFile>> {
        let file = super::runtime::no_follow(OpenOptions::new().append(true)).open(path)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::other("not a regular file"));
        }
        Ok(Box::new(StdFile(file)))
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path)
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        File::open(path)?.sync_all()
    }
}

#[derive(Debug)]
struct StdFile(File);

impl FsFile for StdFile {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }

    fn sync_all(&mut self) -> io::Result<()> {
        self.0.sync_all()
    }

    fn sync_data(&mut self) -> io::Result<()> {
        self.0.sync_data()
    }
}

/// Creates `dir` and its missing parents, syncing each parent that gained an entry: a new
/// directory is itself only an entry in its parent, and without that sync a power cut can take
/// it — and every file fsynced inside it — away.
pub fn create_dir_durable(fs: &dyn FsLayer, dir: &Path) -> io::Result<()> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    match fs.create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let Some(parent) = parent else {
                return Err(e);
            };
            create_dir_durable(fs, parent)?;
            match fs.create_dir(dir) {
                Ok(()) => {}
                // Another process made it meanwhile; its creator syncs it.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        Err(e) => return Err(e),
    }
    fs.sync_dir(parent.unwrap_or(Path::new(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_dir_durable_makes_every_missing_level() {
        let temp = tempfile::tempdir().expect("tempdir");
        let deep = temp.path().join("a/b/c");
        create_dir_durable(&StdFs, &deep).expect("create");
        assert!(deep.is_dir());
        // Existing directories are fine; a file in the way is not.
        create_dir_durable(&StdFs, &deep).expect("again");
        std::fs::write(temp.path().join("f"), b"x").expect("write");
        assert!(create_dir_durable(&StdFs, &temp.path().join("f/g")).is_err());
    }
}
