//! Plan files a phase commit takes as changed from their stat data alone, so that status
//! does not hash them.
//!
//! libgit2's status hashes a file whose size is unchanged but whose mtime (or ctime, inode,
//! owner) differs from its index entry, to tell a real change from a touch: for a
//! one-figure edit of a 1.3 MB plan, a SHA-1 of the whole file, and the commit hashes it
//! again when it stages the validated text (`stage.rs`). A phase commit parses and stages
//! every changed data file anyway, and a plan that was only touched costs nothing more
//! there (the validation compares it node by node and finds nothing; staging writes the
//! same blob with the new stat data). So plans whose stat data differs from their index
//! entries are taken as changed and left out of the status; everything else is asked of
//! status as before.
//!
//! The test is a superset of the one status makes before it hashes: any stat field it
//! compares, the mode and the size, and racily clean entries (an mtime not older than the
//! index file, which status would hash too). A plan that is missing is taken as changed
//! (staging removes it). Entries status treats specially — conflicts, assume-unchanged,
//! skip-worktree, intent-to-add, non-regular files — and names with pathspec magic are
//! left to status.

use std::path::Path;

use git2::Repository;

use crate::store::PLANS_DIR;

/// Plan paths (`plans/x.ron`) whose index entries the working files no longer match by
/// stat data, or match only racily.
#[cfg(unix)]
pub(super) fn plans_changed_by_stat(repo: &Repository) -> Vec<String> {
    use std::os::unix::fs::MetadataExt as _;
    const STAGE_MASK: u16 = 0x3000;
    const ASSUME_VALID: u16 = 0x8000;
    const SKIP_WORKTREE_OR_INTENT: u16 = 0x6000;
    let (Some(workdir), Ok(index)) = (repo.workdir(), repo.index()) else {
        return Vec::new();
    };
    let Ok(index_stat) = std::fs::metadata(repo.path().join("index")) else {
        return Vec::new();
    };
    let index_time = (index_stat.mtime(), index_stat.mtime_nsec());
    let mut out = Vec::new();
    for entry in index.iter() {
        let ordinary = entry.flags & (STAGE_MASK | ASSUME_VALID) == 0
            && entry.flags_extended & SKIP_WORKTREE_OR_INTENT == 0
            && (entry.mode == 0o100_644 || entry.mode == 0o100_755);
        let Ok(path) = String::from_utf8(entry.path.clone()) else {
            continue;
        };
        let plan = path
            .strip_prefix(PLANS_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/') && plain_name(name));
        if !ordinary || !plan {
            continue;
        }
        let Ok(stat) = std::fs::symlink_metadata(workdir.join(Path::new(&path))) else {
            out.push(path);
            continue;
        };
        let entry_time = (
            i64::from(entry.mtime.seconds()),
            i64::from(entry.mtime.nanoseconds()),
        );
        // Fields git keeps in 32 bits are compared as git truncates them.
        #[allow(clippy::cast_possible_truncation)]
        let same = stat.is_file()
            && (stat.mode() & 0o100 != 0) == (entry.mode == 0o100_755)
            && stat.size() as u32 == entry.file_size
            && stat.mtime() as i32 == entry.mtime.seconds()
            && u32::try_from(stat.mtime_nsec()).ok() == Some(entry.mtime.nanoseconds())
            && stat.ctime() as i32 == entry.ctime.seconds()
            && u32::try_from(stat.ctime_nsec()).ok() == Some(entry.ctime.nanoseconds())
            && stat.ino() as u32 == entry.ino
            && stat.uid() == entry.uid
            && stat.gid() == entry.gid
            && entry_time < index_time;
        if !same {
            out.push(path);
        }
    }
    out
}

#[cfg(not(unix))]
pub(super) fn plans_changed_by_stat(_repo: &Repository) -> Vec<String> {
    Vec::new()
}

/// Whether a file name is matched by a pathspec as itself (no wildcard, escape or magic).
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('!')
        && !name.contains(['*', '?', '[', ']', '\\', ':', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "plans/p.ron";

    fn committed() -> (tempfile::TempDir, Repository) {
        let temp = tempfile::tempdir().expect("temp");
        let repo = Repository::init(temp.path()).expect("init");
        std::fs::create_dir_all(temp.path().join("plans")).expect("dir");
        std::fs::write(temp.path().join(PLAN), "(id: \"p\")\n").expect("plan");
        std::fs::write(temp.path().join("plans/notes.txt"), "x").expect("notes");
        let mut index = repo.index().expect("index");
        index.add_path(Path::new(PLAN)).expect("add");
        index.write().expect("write");
        // An index written well after the files: their entries are not racy.
        set_mtime(&repo.path().join("index"), 60);
        (temp, repo)
    }

    /// Sets a file's mtime `seconds` after now.
    fn set_mtime(path: &Path, seconds: u64) {
        let at = std::time::SystemTime::now() + std::time::Duration::from_secs(seconds);
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(at))
            .expect("mtime");
    }

    #[test]
    fn plans_whose_stat_data_changed_are_listed_and_others_not() {
        let (temp, repo) = committed();
        assert!(
            plans_changed_by_stat(&repo).is_empty(),
            "as staged: {:?}",
            plans_changed_by_stat(&repo)
        );
        // The same size, another mtime: status would hash it.
        std::fs::write(temp.path().join(PLAN), "(id: \"q\")\n").expect("edit");
        set_mtime(&temp.path().join(PLAN), 5);
        assert_eq!(plans_changed_by_stat(&repo), vec![PLAN.to_string()]);
        std::fs::remove_file(temp.path().join(PLAN)).expect("rm");
        assert_eq!(
            plans_changed_by_stat(&repo),
            vec![PLAN.to_string()],
            "a missing plan"
        );
    }

    #[test]
    fn a_racily_clean_entry_is_listed() {
        let temp = tempfile::tempdir().expect("temp");
        let repo = Repository::init(temp.path()).expect("init");
        std::fs::create_dir_all(temp.path().join("plans")).expect("dir");
        std::fs::write(temp.path().join(PLAN), "(id: \"p\")\n").expect("plan");
        let mut index = repo.index().expect("index");
        index.add_path(Path::new(PLAN)).expect("add");
        index.write().expect("write");
        // Written in the index's own tick, the entry cannot prove the file unchanged.
        let index_file = repo.path().join("index");
        let plan_time = std::fs::metadata(temp.path().join(PLAN))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::File::options()
            .write(true)
            .open(&index_file)
            .and_then(|f| f.set_modified(plan_time))
            .expect("index mtime");
        assert_eq!(plans_changed_by_stat(&repo), vec![PLAN.to_string()]);
    }

    #[test]
    fn names_with_pathspec_magic_are_left_to_status() {
        assert!(plain_name("plan-01.ron"));
        for name in [
            "a*.ron", "[x].ron", "!p.ron", "a b.ron", "a\\b.ron", "", "a:b.ron",
        ] {
            assert!(!plain_name(name), "{name}");
        }
    }
}
