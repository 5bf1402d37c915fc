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
            ["kaikaku.ron", "plans", "minutes", "responses", ".gitignore"],
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

/// Opens the repository whose working tree is the workspace `dir`. The workspace must be the
/// repository root: data paths in commits are relative to it.
pub fn open(dir: &Path) -> Result<Repository> {
    Repository::open(dir).map_err(|_| Error::NotARepository(dir.to_path_buf()))
}

/// Directories of workspace data beside `kaikaku.ron`. Phase commits take exactly these
/// (and the allowed-signers file); anything else changed in the repository is "unrelated".
pub const DATA_DIRS: &[&str] = &["plans", "minutes", "responses", "cycles"];

/// Whether a repository path (with `/`) is workspace data.
pub fn is_data_path(path: &str, extra: &[&str]) -> bool {
    path == crate::store::SETTINGS_FILE
        || extra.contains(&path)
        || DATA_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// The trailers (`Key: value` lines of the last paragraph) of a commit or tag message.
pub fn trailers(message: &str) -> Vec<(String, String)> {
    let trimmed = message.trim_end();
    let last = trimmed.rsplit("\n\n").next().unwrap_or("");
    let lines: Vec<&str> = last.lines().collect();
    let parsed: Vec<(String, String)> = lines
        .iter()
        .filter_map(|line| {
            let (key, value) = line.split_once(": ")?;
            let ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            ok.then(|| (key.to_string(), value.trim().to_string()))
        })
        .collect();
    // Only a paragraph made entirely of trailers counts, as git interprets it.
    if parsed.len() == lines.len() && trimmed.contains("\n\n") {
        parsed
    } else {
        Vec::new()
    }
}

/// The first value of a trailer.
pub fn trailer<'a>(trailers: &'a [(String, String)], key: &str) -> Option<&'a str> {
    trailers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// The name of the branch HEAD points to (`refs/heads/main`), refusing a detached HEAD.
pub fn head_branch(repo: &Repository) -> Result<String> {
    if repo.head_detached().unwrap_or(false) {
        return Err(Error::DetachedHead);
    }
    let head = repo
        .find_reference("HEAD")
        .map_err(|e| Error::git("cannot read HEAD", e))?;
    head.symbolic_target()
        .ok()
        .flatten()
        .map(str::to_string)
        .ok_or(Error::DetachedHead)
}

/// The commit HEAD points to, `None` on an unborn branch.
pub fn head_commit(repo: &Repository) -> Result<Option<git2::Commit<'_>>> {
    match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map(Some)
            .map_err(|e| Error::git("cannot read the HEAD commit", e)),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            Ok(None)
        }
        Err(e) => Err(Error::git("cannot read HEAD", e)),
    }
}

/// Refuses to start a write while another git process holds the index.
pub fn check_index_lock(repo: &Repository) -> Result<()> {
    let lock = repo.path().join("index.lock");
    if lock.exists() {
        return Err(Error::IndexLocked(lock));
    }
    Ok(())
}

/// The committer identity from git config; no fallback, since an audit trail needs a person.
pub fn identity(repo: &Repository) -> Result<Signature<'static>> {
    repo.signature().map_err(|_| Error::MissingIdentity)
}

/// `Name <email> 1700000000 +0900`, as written in commit and tag headers.
pub fn format_signature(signature: &Signature<'_>) -> String {
    let when = signature.when();
    let offset = when.offset_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "{} <{}> {} {sign}{:02}{:02}",
        String::from_utf8_lossy(signature.name_bytes()),
        String::from_utf8_lossy(signature.email_bytes()),
        when.seconds(),
        offset / 60,
        offset % 60
    )
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
