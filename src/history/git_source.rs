//! Reading a workspace straight from git objects: the tree of a commit or tag, no checkout.
//!
//! This is what time travel (`--at REV`), `diff`, `log` and `audit` load workspaces from; the
//! working tree is never touched, so reviewers can browse any cycle while files stay as they
//! are.

use std::collections::HashSet;
use std::path::Path;

use git2::{ObjectType, Repository, Tree};

use crate::error::{Error, Result};
use crate::store::source::{MAX_FILE_BYTES, Narrowed, ReadProblem, Source};
use crate::store::{SETTINGS_FILE, Workspace};

/// The files of one git tree as a read-only [`Source`].
pub struct GitSource<'r> {
    repo: &'r Repository,
    tree: Option<Tree<'r>>,
    label: String,
}

impl<'r> GitSource<'r> {
    /// The tree of a commit (or of what a tag points to); `label` names it in messages.
    pub fn new(repo: &'r Repository, tree: Tree<'r>, label: impl Into<String>) -> Self {
        GitSource {
            repo,
            tree: Some(tree),
            label: label.into(),
        }
    }

    /// An empty tree: the state before the first commit.
    pub fn empty(repo: &'r Repository) -> Self {
        GitSource {
            repo,
            tree: None,
            label: "(empty)".into(),
        }
    }

    /// The tree of a revision (`HEAD`, `cycle/FY2024`, a commit id …).
    pub fn at(repo: &'r Repository, rev: &str) -> Result<Self> {
        let commit = resolve_commit(repo, rev)?;
        let tree = commit
            .tree()
            .map_err(|e| Error::git(format!("cannot read the tree of {rev}"), e))?;
        let short = commit.id().to_string();
        Ok(GitSource::new(
            repo,
            tree,
            format!("{rev} ({})", &short[..short.len().min(10)]),
        ))
    }

    fn entry_blob(&self, rel: &str) -> Option<git2::TreeEntry<'static>> {
        let tree = self.tree.as_ref()?;
        tree.get_path(Path::new(rel)).ok()
    }
}

/// Resolves a revision to a commit, peeling tags.
pub fn resolve_commit<'r>(repo: &'r Repository, rev: &str) -> Result<git2::Commit<'r>> {
    repo.revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|source| Error::UnknownRevision {
            rev: crate::model::sanitize_inline(rev),
            source,
        })
}

impl Source for GitSource<'_> {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn has_settings(&self) -> bool {
        self.entry_blob(SETTINGS_FILE)
            .is_some_and(|entry| entry.kind() == Some(ObjectType::Blob))
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let Some(entry) = self.entry_blob(dir) else {
            return Ok(Vec::new());
        };
        if entry.kind() != Some(ObjectType::Tree) {
            return Ok(Vec::new());
        }
        let tree = self
            .repo
            .find_tree(entry.id())
            .map_err(|e| Error::git(format!("cannot read {dir} in {}", self.label), e))?;
        let mut names: Vec<String> = tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .filter_map(|e| e.name().ok().map(str::to_string))
            .filter(|name| {
                !name.starts_with('.')
                    && Path::new(name)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
            })
            .collect();
        names.sort();
        Ok(names)
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem> {
        let entry = self.entry_blob(rel).ok_or_else(|| {
            ReadProblem::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not in this revision",
            ))
        })?;
        // Symbolic links are stored as blobs too (mode 120000); their content is a path,
        // never workspace data.
        if entry.kind() != Some(ObjectType::Blob) || entry.filemode() == 0o120_000 {
            return Err(ReadProblem::NotAFile);
        }
        let blob = self
            .repo
            .find_blob(entry.id())
            .map_err(|e| ReadProblem::Io(std::io::Error::other(e.message().to_string())))?;
        let size = blob.size() as u64;
        if size > MAX_FILE_BYTES {
            return Err(ReadProblem::TooLarge(size));
        }
        Ok(blob.content().to_vec())
    }

    fn root(&self) -> Option<&Path> {
        None
    }
}

/// Loads the workspace as it was at `rev`, read-only.
pub fn load_at(repo: &Repository, rev: &str) -> Result<Workspace> {
    let source = GitSource::at(repo, rev)?;
    let mut workspace = Workspace::load_from(&source)?;
    let at = source.describe();
    workspace.set_read_only(crate::text!("{at} の時点（履歴）", "{at} (time travel)"));
    Ok(workspace)
}

/// Loads the workspace of a commit's tree, read-only.
pub fn load_commit(repo: &Repository, commit: &git2::Commit<'_>) -> Result<Workspace> {
    let tree = commit
        .tree()
        .map_err(|e| Error::git("cannot read a commit tree", e))?;
    let id = commit.id().to_string();
    let source = GitSource::new(repo, tree, id[..10].to_string());
    Workspace::load_from(&source)
}

/// Loads an empty workspace (before the first commit).
pub fn load_empty(repo: &Repository) -> Result<Workspace> {
    Workspace::load_from(&GitSource::empty(repo))
}

/// Both sides of a change between two trees, each loaded with only the settings and the
/// files whose blobs differ (`old` = `None` is the empty tree).
///
/// A semantic diff of these two partial workspaces equals the diff of the full ones, since
/// plans and meetings are compared file by file and identical blobs hold identical data.
/// Comparing consecutive commits this way parses a few files instead of the whole workspace
/// twice: `log --kpi` and `audit` walk thousands of commits.
///
/// With `mention`, a changed file is kept only when either version contains that text (an
/// indicator, node or meeting id): a change about an item must name it, and a byte search
/// is far cheaper than parsing a plan.
pub fn load_changed(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
    mention: Option<&str>,
) -> Result<(Workspace, Workspace)> {
    let changed = repo
        .diff_tree_to_tree(old, Some(new), None)
        .map_err(|e| Error::git("cannot compare two trees", e))?;
    let mentions = |id: git2::Oid| {
        mention.is_none_or(|text| {
            !id.is_zero()
                && repo.find_blob(id).is_ok_and(|blob| {
                    // A file that is not UTF-8 is kept: parsing reports it.
                    std::str::from_utf8(blob.content()).map_or(true, |body| body.contains(text))
                })
        })
    };
    let keep: HashSet<String> = changed
        .deltas()
        .filter(|delta| mentions(delta.old_file().id()) || mentions(delta.new_file().id()))
        .flat_map(|delta| [delta.old_file().path(), delta.new_file().path()])
        .flatten()
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .collect();
    let Some(old) = old else {
        return Ok((load_empty(repo)?, load_narrowed(repo, new, &keep)?));
    };
    // The two sides are independent: the old one is read and parsed on a second thread
    // (the parse dominates `diff` between cycle tags, where every plan changed on both
    // sides). A `Repository` must not be shared between threads, so that thread opens its
    // own handle on the same repository.
    let git_dir = repo.path().to_path_buf();
    let old_id = old.id();
    std::thread::scope(|scope| {
        let keep = &keep;
        let old_side = scope.spawn(move || -> Result<Workspace> {
            let repo = Repository::open(&git_dir)
                .map_err(|e| Error::git("cannot open the repository again", e))?;
            let tree = repo
                .find_tree(old_id)
                .map_err(|e| Error::git("cannot read a tree", e))?;
            load_narrowed(&repo, &tree, keep)
        });
        let new_side = load_narrowed(repo, new, keep);
        let old_side = old_side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((old_side?, new_side?))
    })
}

/// Loads the settings and the `keep` files of one tree, read-only.
pub(super) fn load_narrowed(
    repo: &Repository,
    tree: &Tree<'_>,
    keep: &HashSet<String>,
) -> Result<Workspace> {
    let source = GitSource::new(repo, tree.clone(), tree.id().to_string()[..10].to_string());
    Workspace::load_from(&Narrowed {
        inner: &source,
        keep,
    })
}
