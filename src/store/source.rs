//! Where workspace files are read from: the working tree, or (for `--at REV`) a git tree.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files larger than this are refused unread: no real plan comes near, and a hostile 50 MB
/// string must not stall the app.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why one file could not be read; reported as a diagnostic on that file only.
#[derive(Debug)]
pub enum ReadProblem {
    TooLarge(u64),
    OutsideWorkspace(PathBuf),
    NotAFile,
    Io(std::io::Error),
}

/// A read-only view of workspace files by relative path (`plans/x.ron`).
pub trait Source {
    /// A short description for messages: a directory, or a revision.
    fn describe(&self) -> String;
    /// Whether `kaikaku.ron` exists.
    fn has_settings(&self) -> bool;
    /// Names of the `.ron` files directly inside `dir`, sorted, dot-files excluded.
    fn list(&self, dir: &str) -> Result<Vec<String>>;
    /// The bytes of a file, or the reason it cannot be read.
    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem>;
    /// The directory on disk, when the source is a working tree that may be written.
    fn root(&self) -> Option<&Path>;
}

/// The workspace directory on disk.
pub struct DirSource {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl DirSource {
    pub fn new(root: &Path) -> Result<Self> {
        let canonical_root = fs::canonicalize(root).map_err(|e| Error::io("open", root, e))?;
        Ok(DirSource {
            root: root.to_path_buf(),
            canonical_root,
        })
    }
}

impl DirSource {
    /// Refuses a directory that is no workspace, telling an unreadable one (permission
    /// denied: kaikaku.ron may well be there) from one without `kaikaku.ron`.
    pub fn require_settings(&self) -> Result<()> {
        let settings = self.root.join(super::SETTINGS_FILE);
        let denied = |e: std::io::Error| Error::Unreadable {
            path: self.root.clone(),
            source: e,
        };
        match fs::metadata(&settings) {
            Ok(meta) if meta.is_file() => Ok(()),
            Ok(_) => Err(Error::NotAWorkspace(self.root.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(denied(e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::read_dir(&self.root) {
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(denied(e)),
                _ => Err(Error::NotAWorkspace(self.root.clone())),
            },
            Err(e) => Err(Error::io("read", &settings, e)),
        }
    }

    /// Every check `read` makes before reading, without reading: the file resolves inside
    /// the workspace, is a regular file, opens, and is within the size limit. The
    /// incremental check of phase commits probes files whose content it knows from git, so
    /// an unreadable file still fails the commit as it fails a full load.
    pub fn probe(&self, rel: &str) -> Result<(), ReadProblem> {
        self.open_checked(rel).map(drop)
    }

    /// [`probe`](Self::probe) for many files of one directory, resolving the directory
    /// once: a file that is a regular file (not a link) in a directory that resolves inside
    /// the workspace is inside it, so only opening it remains to check. Anything else (a
    /// link, a pipe, a missing file) goes through the full probe. Returns the first path
    /// that fails.
    pub fn probe_in<'n>(
        &self,
        dir: &str,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<(), (String, ReadProblem)> {
        let resolved = fs::canonicalize(self.root.join(dir))
            .ok()
            .filter(|d| d.starts_with(&self.canonical_root));
        for name in names {
            let rel = format!("{dir}/{name}");
            let path = self.root.join(&rel);
            let quick = resolved.is_some()
                && fs::symlink_metadata(&path)
                    .is_ok_and(|meta| meta.file_type().is_file() && meta.len() <= MAX_FILE_BYTES)
                && fs::File::open(&path).is_ok();
            if !quick {
                self.probe(&rel).map_err(|problem| (rel, problem))?;
            }
        }
        Ok(())
    }

    fn open_checked(&self, rel: &str) -> Result<(fs::File, u64), ReadProblem> {
        let path = self.root.join(rel);
        // Every link on the way is resolved, the file's own and any directory's (a `minutes`
        // linked elsewhere): a workspace file must never become a way to read (or, on save,
        // overwrite) something outside.
        let target = fs::canonicalize(&path).map_err(ReadProblem::Io)?;
        if !target.starts_with(&self.canonical_root) {
            return Err(ReadProblem::OutsideWorkspace(target));
        }
        // The kind is checked before opening: open() on a named pipe blocks until a writer
        // comes, which would hang the whole load.
        if !fs::metadata(&target).map_err(ReadProblem::Io)?.is_file() {
            return Err(ReadProblem::NotAFile);
        }
        let file = fs::File::open(&target).map_err(ReadProblem::Io)?;
        let meta = file.metadata().map_err(ReadProblem::Io)?;
        if !meta.is_file() {
            return Err(ReadProblem::NotAFile);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(ReadProblem::TooLarge(meta.len()));
        }
        Ok((file, meta.len()))
    }
}

impl Source for DirSource {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn has_settings(&self) -> bool {
        self.root.join(super::SETTINGS_FILE).is_file()
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let path = self.root.join(dir);
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("list", &path, e)),
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| {
                !name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "ron")
            })
            .collect();
        names.sort();
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem> {
        let (file, len) = self.open_checked(rel)?;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadProblem::Io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadProblem::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn root(&self) -> Option<&Path> {
        Some(&self.root)
    }
}

/// Another source narrowed to some of its files: the settings plus the `keep` paths.
///
/// Loading a narrowed source parses only the files that can differ between two states (the
/// rest are identical by blob id), which is how `diff`, `log`, `audit` and phase commits
/// avoid parsing the whole workspace.
pub struct Narrowed<'a> {
    pub inner: &'a dyn Source,
    /// Paths relative to the root, `plans/x.ron`.
    pub keep: &'a HashSet<String>,
}

impl Source for Narrowed<'_> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn has_settings(&self) -> bool {
        self.inner.has_settings()
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let mut names = self.inner.list(dir)?;
        names.retain(|name| self.keep.contains(&format!("{dir}/{name}")));
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem> {
        self.inner.read(rel)
    }

    fn root(&self) -> Option<&Path> {
        self.inner.root()
    }
}
