//! Staging a phase commit's changed files: the text that was validated is the text
//! committed.
//!
//! `index.add_path` reads a file again, hashes it and writes the blob; the commit then had
//! to hash the validated text too, to prove the two were the same (a file saved by another
//! program in between would otherwise be committed unchecked). For a changed plan that was
//! three SHA-1s of 1.3 MB per one-figure commit. Where the validation cache took the file's
//! metadata before reading it (`check_cache::Verified::stats`), the blob is now written from
//! the validated text itself and the index entry gets that metadata, as `git add` does
//! (stat, then read): equal by construction, hashed once. A file saved after the stat has
//! another mtime or size than the entry records, so status sees it changed, as it would
//! after `git add`. Where git would filter the file (`core.autocrlf`, a `text`, `eol`,
//! `filter`, `ident` or `working-tree-encoding` attribute) the blob is not the file's bytes;
//! such files, and everything the cache did not read, are staged from the file and checked
//! against the validated text as before.

use std::collections::HashMap;
use std::path::Path;

use git2::{AttrCheckFlags, Index, IndexEntry, IndexTime, ObjectType, Oid, Repository};

use super::check_cache::{self, Cache};
use crate::error::{Error, Result};
use crate::model::sanitize_inline;
use crate::store::Workspace;

/// Attributes that make git stage other bytes than the file holds.
const FILTER_ATTRIBUTES: [&str; 6] = [
    "filter",
    "text",
    "eol",
    "crlf",
    "ident",
    "working-tree-encoding",
];

/// Stages the changed data paths of `dir` into `index` (removing the ones deleted), and
/// records in `cache` the blobs the validated files were staged as.
pub(super) fn stage_changed(
    repo: &Repository,
    index: &mut Index,
    dir: &Path,
    dirty: &[String],
    working: &Workspace,
    cache: &mut Option<Cache>,
    stats: &HashMap<String, std::fs::Metadata>,
) -> Result<()> {
    let converts = converts_line_endings(repo);
    let trust_mode = config_bool(repo, "core.filemode").unwrap_or(true);
    for path in dirty {
        let rel = Path::new(path);
        if dir.join(rel).symlink_metadata().is_err() {
            index
                .remove_path(rel)
                .map_err(|e| Error::git("cannot stage the workspace data", e))?;
            continue;
        }
        let validated = validated_text(working, path);
        let direct = match (validated, stats.get(path), cache.as_mut()) {
            (Some(text), Some(stat), Some(cache)) if !converts && !filtered(repo, rel) => {
                Some((text, stat, cache))
            }
            _ => None,
        };
        if let Some((text, entry, cache)) = direct.and_then(|(text, stat, cache)| {
            Some((text, index_entry(index, path, stat, trust_mode)?, cache))
        }) {
            index
                .add_frombuffer(&entry, text.as_bytes())
                .map_err(|e| Error::git("cannot stage the workspace data", e))?;
            let staged = index
                .get_path(rel, 0)
                .map(|entry| entry.id)
                .ok_or_else(|| {
                    Error::Invalid(("内部エラー（ステージ）", "the staged entry is missing").into())
                })?;
            cache.set_blob(path, staged);
            continue;
        }
        index
            .add_path(rel)
            .map_err(|e| Error::git("cannot stage the workspace data", e))?;
        // The blob staged must be the text that was validated. (git filters may stage other
        // bytes than the file holds; then the file itself must still be the text validated.)
        let expected = match cache.as_ref().and_then(|c| c.blob(path)) {
            Some("") => validated.and_then(check_cache::hash),
            other => other.map(str::to_string),
        };
        let Some(expected) = expected else {
            continue;
        };
        if let Some(cache) = cache.as_mut()
            && let Ok(id) = Oid::from_str(&expected)
        {
            cache.set_blob(path, id);
        }
        let staged = index.get_path(rel, 0).map(|entry| entry.id.to_string());
        let unchanged = staged.as_deref() == Some(expected.as_str())
            || std::fs::read(dir.join(rel)).is_ok_and(|bytes| {
                Oid::hash_object(ObjectType::Blob, &bytes)
                    .is_ok_and(|id| id.to_string() == expected)
            });
        if !unchanged {
            return Err(Error::ChangedDuringCommit(sanitize_inline(path)));
        }
    }
    Ok(())
}

/// The text validated for `path`, when the workspace loaded it.
fn validated_text<'w>(working: &'w Workspace, path: &str) -> Option<&'w str> {
    let plans = working.plans.iter().map(|l| (&l.path, &l.text));
    let meetings = working.meetings.iter().map(|l| (&l.path, &l.text));
    let responses = working.responses.iter().map(|l| (&l.path, &l.text));
    plans
        .chain(meetings)
        .chain(responses)
        .find(|(p, _)| p.as_str() == path)
        .map(|(_, text)| text.as_str())
}

fn config_bool(repo: &Repository, name: &str) -> Option<bool> {
    repo.config().ok()?.get_bool(name).ok()
}

/// Whether `core.autocrlf` converts line endings (`true` or `input`).
fn converts_line_endings(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return true;
    };
    match config.get_string("core.autocrlf") {
        Ok(value) => !value.eq_ignore_ascii_case("false"),
        Err(error) => error.code() != git2::ErrorCode::NotFound,
    }
}

/// Whether an attribute could make git stage other bytes than the file holds.
fn filtered(repo: &Repository, rel: &Path) -> bool {
    FILTER_ATTRIBUTES.iter().any(|name| {
        repo.get_attr_bytes(rel, name, AttrCheckFlags::FILE_THEN_INDEX)
            .map_or(true, |value| value.is_some())
    })
}

/// An index entry for `path` with the stat data of `stat`, as libgit2 fills it from a
/// file: the mode from the file when the repository trusts it (`core.filemode`), else the
/// entry's own; fields git keeps in 32 bits truncated as git truncates them. The id and
/// size are set from the buffer staged. `None` where there is no such stat data.
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` on the other platforms
#[allow(clippy::cast_possible_truncation)] // git keeps these in 32 bits, truncated as here
fn index_entry(
    index: &Index,
    path: &str,
    stat: &std::fs::Metadata,
    trust_mode: bool,
) -> Option<IndexEntry> {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let mode = if trust_mode {
        if stat.permissions().mode() & 0o100 != 0 {
            0o100_755
        } else {
            0o100_644
        }
    } else {
        index
            .get_path(Path::new(path), 0)
            .map(|entry| entry.mode)
            .filter(|mode| *mode == 0o100_755 || *mode == 0o100_644)
            .unwrap_or(0o100_644)
    };
    let time = |seconds: i64, nanos: i64| {
        IndexTime::new(seconds as i32, u32::try_from(nanos).unwrap_or_default())
    };
    Some(IndexEntry {
        ctime: time(stat.ctime(), stat.ctime_nsec()),
        mtime: time(stat.mtime(), stat.mtime_nsec()),
        dev: stat.dev() as u32,
        ino: stat.ino() as u32,
        mode,
        uid: stat.uid(),
        gid: stat.gid(),
        file_size: stat.size() as u32,
        id: Oid::ZERO_SHA1,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    })
}

#[cfg(not(unix))]
fn index_entry(
    _index: &Index,
    _path: &str,
    _stat: &std::fs::Metadata,
    _trust_mode: bool,
) -> Option<IndexEntry> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Loaded;

    const PATH: &str = "plans/p.ron";

    /// A repository with `PATH` committed as `text`, and a workspace whose plan was
    /// validated as `validated`, with the file's stat taken when it held that text.
    fn staged_after(
        validated: &str,
        saved_after_the_stat: Option<&str>,
        attributes: Option<&str>,
    ) -> (tempfile::TempDir, Repository, Option<Cache>) {
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().to_path_buf();
        let repo = Repository::init(&dir).expect("init");
        std::fs::create_dir_all(dir.join("plans")).expect("dir");
        if let Some(attributes) = attributes {
            std::fs::write(dir.join(".gitattributes"), attributes).expect("attributes");
        }
        std::fs::write(dir.join(PATH), validated).expect("write");
        let stat = std::fs::symlink_metadata(dir.join(PATH)).expect("stat");
        if let Some(text) = saved_after_the_stat {
            std::fs::write(dir.join(PATH), text).expect("save");
        }
        let mut working =
            Workspace::load_from(&crate::store::source::DirSource::new(&dir).expect("source"))
                .expect("load");
        working.plans = vec![Loaded {
            path: PATH.into(),
            text: validated.into(),
            value: crate::model::Plan::new(
                "p",
                "計画",
                "市",
                crate::model::Period {
                    from: crate::model::FiscalYear(2024),
                    to: crate::model::FiscalYear(2027),
                },
            ),
        }];
        let mut cache = Some(Cache::for_plan(PATH));
        let stats = [(PATH.to_string(), stat)].into();
        let mut index = repo.index().expect("index");
        let result = stage_changed(
            &repo,
            &mut index,
            &dir,
            &[PATH.to_string()],
            &working,
            &mut cache,
            &stats,
        );
        index.write().expect("write index");
        match result {
            Ok(()) => (temp, repo, cache),
            Err(error) => {
                assert!(matches!(error, Error::ChangedDuringCommit(_)), "{error:?}");
                (temp, repo, None)
            }
        }
    }

    fn status(repo: &Repository) -> git2::Status {
        repo.status_file(Path::new(PATH)).expect("status")
    }

    fn staged_blob(repo: &Repository) -> Vec<u8> {
        let index = repo.index().expect("index");
        let id = index.get_path(Path::new(PATH), 0).expect("entry").id;
        repo.find_blob(id).expect("blob").content().to_vec()
    }

    /// The validated text is staged with the stat data taken before it was read: the file
    /// unchanged since is clean, and the cache records the staged blob.
    #[test]
    fn the_validated_text_is_staged_with_its_stat() {
        let (_temp, repo, cache) = staged_after("(id: \"p\")\n", None, None);
        assert_eq!(staged_blob(&repo), b"(id: \"p\")\n");
        assert_eq!(status(&repo), git2::Status::INDEX_NEW);
        let cache = cache.expect("staged");
        let id = repo
            .index()
            .expect("index")
            .get_path(Path::new(PATH), 0)
            .expect("entry")
            .id;
        assert_eq!(cache.blob(PATH), Some(id.to_string().as_str()));
    }

    /// A file saved by another program after the stat: the validated text is what is
    /// committed, and the saved file shows as changed, never hidden behind the entry.
    #[test]
    fn a_file_saved_after_the_stat_shows_as_changed() {
        let (_temp, repo, _) = staged_after("(id: \"p\")\n", Some("(id: \"p\", x: 1)\n"), None);
        assert_eq!(staged_blob(&repo), b"(id: \"p\")\n");
        assert!(status(&repo).contains(git2::Status::WT_MODIFIED));
    }

    /// Where git would filter the file, it is staged as git stages it and checked against
    /// the validated text: saved after the stat, the commit is refused.
    #[test]
    fn a_filtered_file_is_staged_by_git_and_checked() {
        let (_temp, repo, cache) = staged_after("(id: \"p\")\n", None, Some("*.ron ident\n"));
        assert_eq!(staged_blob(&repo), b"(id: \"p\")\n");
        assert!(cache.is_some());
        let (_temp, _repo, cache) = staged_after(
            "(id: \"p\")\n",
            Some("(id: \"q\")\n"),
            Some("*.ron ident\n"),
        );
        assert!(
            cache.is_none(),
            "refused: the file is not the text validated"
        );
    }
}
