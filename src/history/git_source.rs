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

    /// [`Source::list`] of `dir` narrowed to `names` (file names in it): the same names in
    /// the same order (a name twice in a damaged tree twice), and the same error when the
    /// directory's tree cannot be read, without an allocation or a sort per entry. A
    /// history walk loads a few changed files of a tree whose `minutes/` holds hundreds.
    pub fn list_among(&self, dir: &str, names: &HashSet<&str>) -> Result<Vec<String>> {
        let Some(tree) = self.dir_tree(dir)? else {
            return Ok(Vec::new());
        };
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut listed: Vec<String> = tree
            .iter()
            .filter(|entry| {
                std::str::from_utf8(entry.name_bytes()).is_ok_and(|name| names.contains(name))
            })
            .filter_map(|entry| listed_name(&entry).map(str::to_string))
            .collect();
        listed.sort();
        Ok(listed)
    }

    /// The tree of directory `dir`, `None` when there is none (missing, or not a tree).
    fn dir_tree(&self, dir: &str) -> Result<Option<Tree<'r>>> {
        let Some(entry) = self.entry_blob(dir) else {
            return Ok(None);
        };
        if entry.kind() != Some(ObjectType::Tree) {
            return Ok(None);
        }
        self.repo
            .find_tree(entry.id())
            .map(Some)
            .map_err(|e| Error::git(format!("cannot read {dir} in {}", self.label), e))
    }

    fn entry_blob(&self, rel: &str) -> Option<git2::TreeEntry<'static>> {
        let tree = self.tree.as_ref()?;
        tree.get_path(Path::new(rel)).ok()
    }
}

/// The name a directory listing gives an entry: a blob (a symbolic link too: reading it
/// says why it is not a file) named `*.ron` in UTF-8, not hidden.
fn listed_name<'e>(entry: &'e git2::TreeEntry<'_>) -> Option<&'e str> {
    let name = entry.name().ok()?;
    let listed = entry.kind() == Some(ObjectType::Blob)
        && !name.starts_with('.')
        && Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    listed.then_some(name)
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
        let Some(tree) = self.dir_tree(dir)? else {
            return Ok(Vec::new());
        };
        let mut names: Vec<String> = tree
            .iter()
            .filter_map(|entry| listed_name(&entry).map(str::to_string))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `list_among` is `list` filtered to the names asked for: hidden files, other
    /// extensions, directories, an upper-case extension, a symbolic link and names not
    /// asked for all come out the same, in the same order.
    #[test]
    fn listing_among_names_equals_filtering_the_listing() {
        let temp = tempfile::tempdir().expect("temp");
        let repo = Repository::init(temp.path()).expect("init");
        let blob = repo.blob(b"()").expect("blob");
        let mut sub = repo.treebuilder(None).expect("builder");
        sub.insert("inner.ron", blob, 0o100_644).expect("insert");
        let sub = sub.write().expect("subtree");
        let mut dir = repo.treebuilder(None).expect("builder");
        let files = [
            "b.ron",
            "a.ron",
            ".hidden.ron",
            "notes.txt",
            "UPPER.RON",
            "c.ron",
            "z.ron",
        ];
        for name in files {
            dir.insert(name, blob, 0o100_644).expect("insert");
        }
        dir.insert("link.ron", blob, 0o120_000).expect("link");
        dir.insert("sub.ron", sub, 0o040_000).expect("dir");
        let dir = dir.write().expect("dir tree");
        let mut root = repo.treebuilder(None).expect("builder");
        root.insert("minutes", dir, 0o040_000).expect("insert");
        root.insert("plans", blob, 0o100_644)
            .expect("a file, not a directory");
        let root = repo.find_tree(root.write().expect("root")).expect("root");
        let source = GitSource::new(&repo, root, "test");
        let all = source.list("minutes").expect("list");
        assert_eq!(
            all,
            ["UPPER.RON", "a.ron", "b.ron", "c.ron", "link.ron", "z.ron"]
        );
        let asked = [
            "z.ron",
            "a.ron",
            ".hidden.ron",
            "notes.txt",
            "sub.ron",
            "sub.ron/inner.ron",
            "UPPER.RON",
            "link.ron",
            "missing.ron",
        ];
        for n in 0..=asked.len() {
            let names: HashSet<&str> = asked[..n].iter().copied().collect();
            let expected: Vec<String> = all
                .iter()
                .filter(|name| names.contains(name.as_str()))
                .cloned()
                .collect();
            assert_eq!(
                source.list_among("minutes", &names).expect("among"),
                expected
            );
        }
        let names: HashSet<&str> = ["a.ron"].into_iter().collect();
        for dir in ["plans", "responses"] {
            assert_eq!(source.list(dir).expect("list"), Vec::<String>::new());
            assert_eq!(
                source.list_among(dir, &names).expect("among"),
                Vec::<String>::new()
            );
        }
    }
}
