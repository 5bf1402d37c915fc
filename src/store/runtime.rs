//! kaikaku's own files under `.kaikaku/` (lock, journal, check cache, presenter state): never
//! reached through a link, never anything but a real directory or a regular file, never
//! from git.
//!
//! A cloned repository decides what is in the working tree. If it commits `.kaikaku/lock` as a
//! link to `~/.bashrc`, opening the lock the ordinary way truncates and rewrites that file; a
//! linked `.kaikaku/journal/<meeting>.log` would be cut and then receive the minutes. So each
//! directory on the way down from the workspace root is checked to be a real directory before
//! anything is created in it, files are opened with `O_NOFOLLOW` (a link fails to open instead
//! of being followed) and `O_NONBLOCK` (a named pipe does not hang the open), and what was
//! opened is checked to be a regular file before a byte is written. Anything else is refused
//! with the reason, and the link's target is never touched. A `.kaikaku` tracked by git is
//! refused too: its files would be shared between secretariats through commits.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::fs_layer::{FsLayer, create_dir_durable};
use super::lock::RUNTIME_DIR;
use crate::error::{Error, Result};
use crate::model::Language;

/// Why a path under the workspace was refused for kaikaku's own files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    /// A symbolic link: following it could write anywhere.
    Link,
    /// Where a directory is needed, something else is.
    NotADirectory,
    /// Where a file is written, a pipe, a device, a socket or a directory is.
    NotAFile,
    /// A regular file with other hard links: writing in place would change those too.
    HardLinked,
    /// `.kaikaku/` is in the git index.
    Tracked,
}

impl Unsafe {
    /// The reason in the user's language.
    pub fn describe(self, lang: Language) -> &'static str {
        match self {
            Unsafe::Link => lang.pick(
                "シンボリックリンクです（kaikaku はリンクの先に書き込みません）",
                "it is a symbolic link (kaikaku never writes through links)",
            ),
            Unsafe::NotADirectory => {
                lang.pick("ディレクトリではありません", "it is not a directory")
            }
            Unsafe::NotAFile => {
                lang.pick("通常のファイルではありません", "it is not a regular file")
            }
            Unsafe::HardLinked => lang.pick(
                "他の場所からハードリンクされています",
                "it has other hard links (writing it would change them too)",
            ),
            Unsafe::Tracked => lang.pick(
                "git で管理されています（.kaikaku/ は各端末のもので、共有しません）",
                "it is tracked by git (.kaikaku/ belongs to one machine and is never shared)",
            ),
        }
    }
}

impl std::fmt::Display for Unsafe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe(Language::En))
    }
}

fn refuse(path: &Path, why: Unsafe) -> Error {
    Error::UnsafeRuntime {
        path: path.to_path_buf(),
        why,
    }
}

/// Checks every directory of `root/rel` that exists, from the root down: each must be a real
/// directory, not a link. Missing ones are fine (they are created by [`ensure_dir`]); the
/// root itself is the user's choice and may be reached through links.
pub fn check_dirs(root: &Path, rel: &Path) -> Result<()> {
    let mut path = root.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(refuse(&path, Unsafe::Link)),
            Ok(meta) if !meta.is_dir() => return Err(refuse(&path, Unsafe::NotADirectory)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("inspect", &path, e)),
        }
    }
    Ok(())
}

/// The directory `root/.kaikaku/sub` (or `root/.kaikaku` for an empty `sub`), created
/// durably through `fs` if missing, after checking that nothing on the way is a link or a
/// file. Checked again once it exists, so a link put in place meanwhile is caught before
/// anything is written inside.
pub fn ensure_dir(fs: &dyn FsLayer, root: &Path, sub: &str) -> Result<PathBuf> {
    let rel = Path::new(RUNTIME_DIR).join(sub);
    check_dirs(root, &rel)?;
    let dir = root.join(&rel);
    create_dir_durable(fs, &dir).map_err(|e| Error::io("create", &dir, e))?;
    check_dirs(root, &rel)?;
    Ok(dir)
}

/// Whether a file has names elsewhere too (always `false` where that is not known).
fn hard_linked(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Checks a runtime file before it is opened through a layer that cannot refuse links
/// itself: absent, or a regular file (not a link, no other hard links).
pub fn check_file(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(path, Unsafe::Link)),
        Ok(meta) if !meta.is_file() => Err(refuse(path, Unsafe::NotAFile)),
        Ok(meta) if hard_linked(&meta) => Err(refuse(path, Unsafe::HardLinked)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

/// Adds the flags that make an open refuse a link at the last component and not wait on a
/// named pipe. Elsewhere than Unix, [`check_file`] before the open is the protection.
pub fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options
}

/// Opens a runtime file with `options` without following a link, and checks that what was
/// opened is a regular file; a link or a pipe is refused with the reason.
pub fn open(path: &Path, options: &mut OpenOptions) -> Result<File> {
    check_file(path)?;
    let file = no_follow(options).open(path).map_err(|e| {
        // O_NOFOLLOW on a link fails with ELOOP: say what it is.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            refuse(path, Unsafe::Link)
        } else {
            Error::io("open", path, e)
        }
    })?;
    let meta = file.metadata().map_err(|e| Error::io("inspect", path, e))?;
    if !meta.is_file() {
        return Err(refuse(path, Unsafe::NotAFile));
    }
    if hard_linked(&meta) {
        return Err(refuse(path, Unsafe::HardLinked));
    }
    Ok(file)
}

/// Reads a runtime file of at most `limit` bytes; `None` when it is missing, refused (a
/// link, a pipe), unreadable or too large. For caches and the presenter state, which are
/// only ever a convenience: a hostile one is as good as none.
pub fn read_small(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let file = open(path, OpenOptions::new().read(true)).ok()?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// Refuses a workspace whose git index holds `.kaikaku` (a file, a link or anything inside):
/// a clone must not bring a lock, a journal or a cache with it. Not a repository (or the
/// workspace below the repository root) means nothing to check.
pub fn check_untracked(root: &Path) -> Result<()> {
    let Ok(repo) = git2::Repository::open(root) else {
        return Ok(());
    };
    if repo.workdir().is_none() {
        return Ok(());
    }
    let Ok(index) = repo.index() else {
        return Ok(());
    };
    let inside = format!("{RUNTIME_DIR}/");
    let tracked = index.get_path(Path::new(RUNTIME_DIR), 0).is_some()
        || index
            .find_prefix(inside.as_str())
            .ok()
            .and_then(|at| index.get(at))
            .is_some_and(|entry| entry.path.starts_with(inside.as_bytes()));
    if tracked {
        return Err(refuse(&root.join(RUNTIME_DIR), Unsafe::Tracked));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fs_layer::StdFs;

    #[cfg(unix)]
    #[test]
    fn a_linked_runtime_directory_is_refused_and_its_target_untouched() {
        let temp = tempfile::tempdir().expect("tempdir");
        let root = temp.path().join("ws");
        let outside = temp.path().join("outside");
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::os::unix::fs::symlink(&outside, root.join(RUNTIME_DIR)).expect("link");
        let error = ensure_dir(&StdFs, &root, "journal").expect_err("refused");
        assert!(
            matches!(
                error,
                Error::UnsafeRuntime {
                    why: Unsafe::Link,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(std::fs::read_dir(&outside).expect("ls").count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn open_refuses_links_and_pipes_without_blocking() {
        let temp = tempfile::tempdir().expect("tempdir");
        let target = temp.path().join("target");
        std::fs::write(&target, b"keep").expect("write");
        let link = temp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        let error = open(&link, OpenOptions::new().write(true)).expect_err("link");
        assert!(matches!(
            error,
            Error::UnsafeRuntime {
                why: Unsafe::Link,
                ..
            }
        ));
        let status = std::process::Command::new("mkfifo")
            .arg(temp.path().join("fifo"))
            .status();
        if status.is_ok_and(|s| s.success()) {
            let error =
                open(&temp.path().join("fifo"), OpenOptions::new().read(true)).expect_err("pipe");
            assert!(matches!(
                error,
                Error::UnsafeRuntime {
                    why: Unsafe::NotAFile,
                    ..
                }
            ));
            assert_eq!(read_small(&temp.path().join("fifo"), 10), None);
        }
        let hard = temp.path().join("hard");
        std::fs::hard_link(&target, &hard).expect("hard link");
        let error = open(&hard, OpenOptions::new().write(true)).expect_err("hard link");
        assert!(matches!(
            error,
            Error::UnsafeRuntime {
                why: Unsafe::HardLinked,
                ..
            }
        ));
        std::fs::remove_file(&hard).expect("rm");
        assert_eq!(std::fs::read(&target).expect("read"), b"keep");
        assert_eq!(read_small(&target, 10).as_deref(), Some(&b"keep"[..]));
        assert_eq!(read_small(&target, 3), None, "over the limit");
    }
}
