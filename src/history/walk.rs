//! One pass over many commits: the semantic changes of each, parsing every blob once.
//!
//! `log --kpi|--node|--meeting` and the audit's figure table diff every commit with its
//! parent. Done one commit at a time ([`super::git_source::load_changed`]), each changed
//! file was inflated and parsed on both sides: a plan changed by commit N is parsed as N's
//! new side and again as N+1's old side, and with a mention filter each blob was inflated
//! once more for the byte search. On the large workspace that was 2 × 2,000 parses of a
//! 1.3 MB plan, the whole of `log --kpi`'s time.
//!
//! [`ChangeWalker`] keeps what it parsed keyed by (path, blob id, file mode): the parsed file
//! as a one-file [`Workspace`], and whether a blob mentions the id searched for. Consecutive
//! commits share blobs (N's new side is N+1's old side, whichever direction the walk goes),
//! so entries not used by the previous or the current commit are dropped: memory stays at a
//! few files, and each changed blob is read and parsed once. [`changes_of_commits`] splits
//! the commits into contiguous runs, one per core, each with its own repository handle and
//! walker (a `Repository` must not be shared between threads); a run's first commit parses
//! its old side once more, nothing else is repeated.
//!
//! The two sides are assembled from the cached pieces exactly as [`Workspace::load_from`]
//! over a narrowed source would build them (settings, then plans, minutes and responses in
//! file order, with the same diagnostics), so [`diff`] sees the same workspaces and reports
//! the same changes as before; the tests compare both ways on every commit of a history.

use std::collections::{HashMap, HashSet};

use git2::{Oid, Repository, Tree};

use super::diff::{Change, diff};
use super::git_source::{GitSource, load_empty};
use crate::error::{Error, Result};
use crate::store::source::{ReadProblem, Source};
use crate::store::{MINUTES_DIR, PLANS_DIR, RESPONSES_DIR, SETTINGS_FILE, Workspace};

/// Stack of the walking threads: they parse RON, which recurses (as the load's parse threads).
const WALK_STACK: usize = 8 * 1024 * 1024;

/// Fewer commits than this per thread are not worth a thread and a repository handle.
const MIN_COMMITS_PER_THREAD: usize = 16;

/// A file of one tree: where it is and which blob it holds.
#[derive(Clone, PartialEq, Eq, Hash)]
struct FileKey {
    path: String,
    blob: Oid,
    mode: i32,
}

/// A parsed file and the step it was last used in.
struct Piece {
    workspace: Workspace,
    used: u64,
}

/// Diffs commits with their first parent, parsing each changed blob once (see the module).
pub struct ChangeWalker<'r> {
    repo: &'r Repository,
    pieces: HashMap<FileKey, Piece>,
    mentions: HashMap<Oid, (bool, u64)>,
    step: u64,
}

impl<'r> ChangeWalker<'r> {
    pub fn new(repo: &'r Repository) -> Self {
        ChangeWalker {
            repo,
            pieces: HashMap::new(),
            mentions: HashMap::new(),
            step: 0,
        }
    }

    /// The changes `commit` made to its first parent, limited to files that mention
    /// `mention` when given: the same as [`super::log::WorkspaceCache::changes_mentioning`].
    pub fn changes(
        &mut self,
        commit: &git2::Commit<'_>,
        mention: Option<&str>,
    ) -> Result<Vec<Change>> {
        if commit.parent_count() > 1 {
            return Ok(Vec::new());
        }
        let new_tree = commit.tree_id();
        let parent = commit.parent(0).ok();
        if parent.as_ref().is_some_and(|p| p.tree_id() == new_tree) {
            return Ok(Vec::new());
        }
        self.step += 1;
        let tree_error = |e| Error::git("cannot read a commit tree", e);
        let new = commit.tree().map_err(tree_error)?;
        let old = match &parent {
            Some(parent) => Some(parent.tree().map_err(tree_error)?),
            None => None,
        };
        let keep = self.changed_paths(old.as_ref(), &new, mention)?;
        let old_side = match &old {
            Some(tree) => self.side(tree, &keep)?,
            None => load_empty(self.repo)?,
        };
        let new_side = self.side(&new, &keep)?;
        let changes = diff(&old_side, &new_side).changes;
        self.evict();
        Ok(changes)
    }

    /// The paths whose blobs differ between the trees (and mention the text, if asked).
    fn changed_paths(
        &mut self,
        old: Option<&Tree<'_>>,
        new: &Tree<'_>,
        mention: Option<&str>,
    ) -> Result<HashSet<String>> {
        let changed = self
            .repo
            .diff_tree_to_tree(old, Some(new), None)
            .map_err(|e| Error::git("cannot compare two trees", e))?;
        let mut keep = HashSet::new();
        for delta in changed.deltas() {
            let wanted = match mention {
                None => true,
                Some(text) => {
                    self.mentions(delta.old_file().id(), text)
                        || self.mentions(delta.new_file().id(), text)
                }
            };
            if wanted {
                for path in [delta.old_file().path(), delta.new_file().path()]
                    .into_iter()
                    .flatten()
                {
                    keep.insert(path.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        Ok(keep)
    }

    /// Whether a blob contains `text` (a file that is not UTF-8 is kept: parsing reports it).
    fn mentions(&mut self, id: Oid, text: &str) -> bool {
        if id.is_zero() {
            return false;
        }
        let step = self.step;
        if let Some(found) = self.mentions.get_mut(&id) {
            found.1 = step;
            return found.0;
        }
        let found = self.repo.find_blob(id).is_ok_and(|blob| {
            std::str::from_utf8(blob.content()).map_or(true, |body| body.contains(text))
        });
        self.mentions.insert(id, (found, step));
        found
    }

    /// One side of a change: the settings and the `keep` files of `tree`, assembled from
    /// parsed pieces in the order and with the diagnostics of a narrowed load.
    fn side(&mut self, tree: &Tree<'_>, keep: &HashSet<String>) -> Result<Workspace> {
        let label = tree.id().to_string()[..10].to_string();
        let source = GitSource::new(self.repo, tree.clone(), label);
        // An empty load reports the missing settings; when the tree has them, that report
        // is replaced by the settings piece (the settings or why they cannot be read).
        let mut workspace = Workspace::load_from(&Only {
            inner: &source,
            file: None,
            settings: false,
        })?;
        if source.has_settings() {
            workspace.load_errors.retain(|d| d.path != SETTINGS_FILE);
            let piece = self.piece(&source, tree, SETTINGS_FILE, None)?;
            workspace.settings.clone_from(&piece.settings);
            workspace
                .load_errors
                .extend(piece.load_errors.iter().cloned());
        }
        for dir in [PLANS_DIR, MINUTES_DIR, RESPONSES_DIR] {
            for name in source.list(dir)? {
                let path = format!("{dir}/{name}");
                if !keep.contains(&path) {
                    continue;
                }
                let piece = self.piece(&source, tree, &path, Some((dir, name.as_str())))?;
                workspace.plans.extend(piece.plans.iter().cloned());
                workspace.meetings.extend(piece.meetings.iter().cloned());
                workspace.responses.extend(piece.responses.iter().cloned());
                workspace.load_errors.extend(
                    piece
                        .load_errors
                        .iter()
                        .filter(|d| d.path != SETTINGS_FILE)
                        .cloned(),
                );
            }
        }
        Ok(workspace)
    }

    /// The one-file workspace of `path` in `tree`, parsed on first use.
    fn piece(
        &mut self,
        source: &GitSource<'_>,
        tree: &Tree<'_>,
        path: &str,
        file: Option<(&str, &str)>,
    ) -> Result<&Workspace> {
        let (blob, mode) = tree
            .get_path(std::path::Path::new(path))
            .map_or((Oid::ZERO_SHA1, 0), |entry| (entry.id(), entry.filemode()));
        let key = FileKey {
            path: path.to_string(),
            blob,
            mode,
        };
        let step = self.step;
        if !self.pieces.contains_key(&key) {
            let workspace = Workspace::load_from(&Only {
                inner: source,
                file,
                settings: file.is_none(),
            })?;
            self.pieces.insert(
                key.clone(),
                Piece {
                    workspace,
                    used: step,
                },
            );
        }
        let piece = self.pieces.get_mut(&key).ok_or_else(|| {
            Error::Invalid(("内部エラー（履歴のキャッシュ）", "history walk cache").into())
        })?;
        piece.used = step;
        Ok(&piece.workspace)
    }

    /// Drops what neither this commit nor the previous one used.
    fn evict(&mut self) {
        let keep_from = self.step.saturating_sub(1);
        self.pieces.retain(|_, piece| piece.used >= keep_from);
        self.mentions.retain(|_, (_, used)| *used >= keep_from);
    }
}

/// A tree narrowed to one file, or to the settings alone.
struct Only<'a> {
    inner: &'a dyn Source,
    /// (directory, file name)
    file: Option<(&'a str, &'a str)>,
    settings: bool,
}

impl Source for Only<'_> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn has_settings(&self) -> bool {
        self.settings
    }

    fn list(&self, dir: &str) -> Result<Vec<String>> {
        Ok(match self.file {
            Some((in_dir, name)) if in_dir == dir => vec![name.to_string()],
            _ => Vec::new(),
        })
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem> {
        self.inner.read(rel)
    }

    fn root(&self) -> Option<&std::path::Path> {
        None
    }
}

/// The changes of each commit in `commits` (in that order) to its first parent, limited to
/// files mentioning `mention`: [`ChangeWalker::changes`] for every commit, in contiguous
/// runs on all cores. The first error, in commit order, is returned.
pub fn changes_of_commits(
    repo: &Repository,
    commits: &[Oid],
    mention: Option<&str>,
) -> Result<Vec<Vec<Change>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(commits.len() / MIN_COMMITS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return walk_run(repo, commits, mention);
    }
    let run = commits.len().div_ceil(threads);
    let git_dir = repo.path().to_path_buf();
    let results: Vec<Result<Vec<Vec<Change>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = commits
            .chunks(run)
            .skip(1)
            .map(|chunk| {
                let git_dir = &git_dir;
                std::thread::Builder::new()
                    .name("kaikaku-history".into())
                    .stack_size(WALK_STACK)
                    .spawn_scoped(scope, move || {
                        let repo = Repository::open(git_dir)
                            .map_err(|e| Error::git("cannot open the repository again", e))?;
                        walk_run(&repo, chunk, mention)
                    })
            })
            .collect();
        let first = commits.chunks(run).next().unwrap_or(&[]);
        let mut results = vec![walk_run(repo, first, mention)];
        for (handle, chunk) in handles.into_iter().zip(commits.chunks(run).skip(1)) {
            results.push(match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread: this run is walked here instead.
                Err(_) => walk_run(repo, chunk, mention),
            });
        }
        results
    });
    let mut out = Vec::with_capacity(commits.len());
    for result in results {
        out.extend(result?);
    }
    Ok(out)
}

fn walk_run(repo: &Repository, commits: &[Oid], mention: Option<&str>) -> Result<Vec<Vec<Change>>> {
    let mut walker = ChangeWalker::new(repo);
    commits
        .iter()
        .map(|&id| {
            let commit = repo
                .find_commit(id)
                .map_err(|e| Error::git("cannot read a commit", e))?;
            walker.changes(&commit, mention)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::log::WorkspaceCache;

    const SETTINGS: &str = include_str!("../../kaikaku.ron");
    const PLAN: &str = include_str!("../../plans/kumamoto-reform-plan-2023.ron");
    const MINUTES: &str = include_str!("../../minutes/2021-03-22-kaikaku-suishin-1.ron");
    const RESPONSES: &str = include_str!("../../responses/2021-03-22-kaikaku-suishin-1.ron");
    const PLAN_PATH: &str = "plans/kumamoto-reform-plan-2023.ron";
    const MINUTES_PATH: &str = "minutes/2021-03-22-kaikaku-suishin-1.ron";

    /// Writes (or, for `None`, removes) files and commits the whole tree.
    fn commit(repo: &Repository, files: &[(&str, Option<&str>)]) -> Oid {
        let root = repo.workdir().expect("work dir");
        for (path, text) in files {
            let file = root.join(path);
            let _ = std::fs::remove_file(&file);
            if let Some(text) = text {
                std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
                std::fs::write(&file, text).expect("write");
            }
        }
        let mut index = repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("index write");
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let who = git2::Signature::new("t", "t@example.jp", &git2::Time::new(0, 0)).expect("sig");
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, "step", &tree, &parents)
            .expect("commit")
    }

    /// Broken files, a file named unlike its id, a symbolic link, deletions and broken
    /// settings: the walk's assembled sides diff exactly like a narrowed load of each commit.
    #[test]
    fn odd_trees_walk_like_each_commit_alone() {
        let temp = tempfile::tempdir().expect("temp");
        let repo = Repository::init(temp.path()).expect("init");
        let edited = PLAN.replacen("title: \"", "title: \"改", 2);
        let mut ids = vec![commit(
            &repo,
            &[
                ("kaikaku.ron", Some(SETTINGS)),
                (PLAN_PATH, Some(PLAN)),
                (MINUTES_PATH, Some(MINUTES)),
                (
                    "responses/2021-03-22-kaikaku-suishin-1.ron",
                    Some(RESPONSES),
                ),
            ],
        )];
        ids.push(commit(
            &repo,
            &[
                (PLAN_PATH, Some(&edited)),
                ("plans/broken.ron", Some(&PLAN[..PLAN.len() / 2])),
            ],
        ));
        ids.push(commit(
            &repo,
            &[
                ("plans/broken.ron", Some(PLAN)),
                ("plans/renamed.ron", Some(&edited)),
            ],
        ));
        // A plan that breaks is not reported removed (its diagnostic says why it is gone).
        ids.push(commit(&repo, &[(PLAN_PATH, Some(&PLAN[..PLAN.len() / 3]))]));
        #[cfg(unix)]
        {
            let root = repo.workdir().expect("work dir").to_path_buf();
            std::fs::remove_file(root.join(MINUTES_PATH)).expect("remove");
            std::os::unix::fs::symlink("../kaikaku.ron", root.join(MINUTES_PATH)).expect("link");
            ids.push(commit(&repo, &[]));
        }
        ids.push(commit(
            &repo,
            &[
                (PLAN_PATH, None),
                ("kaikaku.ron", Some(&SETTINGS[..SETTINGS.len() / 2])),
            ],
        ));
        ids.push(commit(
            &repo,
            &[
                ("kaikaku.ron", Some(SETTINGS)),
                (PLAN_PATH, Some(PLAN)),
                (MINUTES_PATH, Some(MINUTES)),
            ],
        ));
        for mention in [None, Some("kumamoto-reform-plan-2023"), Some("k1")] {
            let mut alone = WorkspaceCache::new(&repo);
            let mut walker = ChangeWalker::new(&repo);
            let mut some = 0;
            for id in &ids {
                let commit = repo.find_commit(*id).expect("commit");
                let expected = alone.changes_mentioning(&commit, mention).expect("alone");
                some += usize::from(!expected.is_empty());
                assert_eq!(walker.changes(&commit, mention).expect("walk"), expected);
            }
            assert!(some >= 3, "the history has changes to compare: {some}");
            assert!(walker.pieces.len() <= 8, "old pieces are dropped");
        }
    }
}
