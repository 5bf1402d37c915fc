//! Opening and initialising workspace repositories with durable writes.

use std::path::Path;

use git2::{IndexAddOption, Repository, Signature};

use crate::error::{Error, Result};

/// Name and e-mail used when the user has no git identity configured at `init` time only;
/// phase commits require a real identity.
pub const FALLBACK_NAME: &str = "kaikaku";
pub const FALLBACK_EMAIL: &str = "kaikaku@localhost";

/// The paths that hold workspace data; phase commits and change counts look only here.
pub const DATA_PATHS: &[&str] = &["kaikaku.ron", "plans", "minutes"];

/// `git init` in `dir` and commit every workspace file as the first commit.
pub fn init_repository(dir: &Path, message: &str) -> Result<git2::Oid> {
    super::fsync::enable_fsync();
    let repo =
        Repository::init(dir).map_err(|e| Error::git("cannot initialise the repository", e))?;
    let mut index = repo
        .index()
        .map_err(|e| Error::git("cannot open the index", e))?;
    index
        .add_all(
            ["kaikaku.ron", "plans", "minutes", ".gitignore"],
            IndexAddOption::DEFAULT,
            None,
        )
        .map_err(|e| Error::git("cannot stage the workspace files", e))?;
    index
        .write()
        .map_err(|e| Error::git("cannot write the index", e))?;
    let tree_id = index
        .write_tree()
        .map_err(|e| Error::git("cannot write the tree", e))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| Error::git("cannot read the tree", e))?;
    let signature = repo
        .signature()
        .or_else(|_| Signature::now(FALLBACK_NAME, FALLBACK_EMAIL))
        .map_err(|e| Error::git("cannot build a signature", e))?;
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &[])
        .map_err(|e| Error::git("cannot create the first commit", e))
}

/// How many files differ from HEAD (changed, new or deleted, ignored files excluded); `None`
/// when the directory is not a git repository.
pub fn uncommitted_count(dir: &Path) -> Option<usize> {
    let repo = Repository::open(dir).ok()?;
    let mut options = git2::StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    // Only workspace data counts: a workspace that is also a source tree (like kaikaku's own
    // repository) must not report its code as uncommitted changes.
    for path in DATA_PATHS {
        options.pathspec(path);
    }
    let statuses = repo.statuses(Some(&mut options)).ok()?;
    Some(statuses.len())
}
