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
//! few files, and each changed blob is read and parsed once. [`changes_of_commits`] walks
//! the commits on two threads that start at both ends and claim the next commit at their
//! end until they meet, each with its own repository handle and walker (a `Repository` must
//! not be shared between threads): both finish together whatever the commits cost, and
//! only each thread's first change of a path parses its old side once more.
//!
//! The two sides are assembled from the cached pieces exactly as [`Workspace::load_from`]
//! over a narrowed source would build them (settings, then plans, minutes and responses in
//! file order, with the same diagnostics), so [`diff`] sees the same workspaces and reports
//! the same changes as before; the tests compare both ways on every commit of a history.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, Tree};

use super::diff::{Change, diff};
use super::git_source::{GitSource, load_empty};
use super::mention_index::{Learned, MentionIndex, TokenSet, Verdicts, owned, tokens};
use super::plan_memo::{PlanMemo, Scanned, reduced_pair};
use crate::error::{Error, Result};
use crate::model::Plan;
use crate::store::source::{MAX_FILE_BYTES, ReadProblem, Source};
use crate::store::{Loaded, MINUTES_DIR, PLANS_DIR, RESPONSES_DIR, SETTINGS_FILE, Workspace};

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

/// The objects an audit has read and hashed, and what it found (`Some(message)`: damaged).
///
/// Shared by the walk's threads and the object check, so that each object is inflated and
/// hashed once in an audit: the walk reads the changed blobs (nearly all blobs of a
/// history) and records its verdicts; the object check reads only what is not recorded.
#[derive(Default)]
pub struct Verified {
    verdicts: Mutex<HashMap<Oid, Option<String>>>,
}

impl Verified {
    /// The verdict on `id`, when it was read.
    pub fn get(&self, id: Oid) -> Option<Option<String>> {
        self.verdicts.lock().ok()?.get(&id).cloned()
    }

    fn record(&self, id: Oid, verdict: Option<String>) {
        if let Ok(mut verdicts) = self.verdicts.lock() {
            verdicts.insert(id, verdict);
        }
    }
}

/// Reads an object and checks that its content hashes to its id, whatever libgit2's own
/// per-read verification is set to (a process that verifies here turns that off, so each
/// object is hashed once). `Err` is the reason it is damaged.
pub fn read_verified<'o>(
    odb: &'o git2::Odb<'_>,
    id: Oid,
) -> std::result::Result<git2::OdbObject<'o>, String> {
    let object = odb.read(id).map_err(|e| e.message().to_string())?;
    let hashed =
        Oid::hash_object(object.kind(), object.data()).map_err(|e| e.message().to_string())?;
    if hashed == id {
        Ok(object)
    } else {
        Err(format!(
            "object hash mismatch: expected {id}, found {hashed}"
        ))
    }
}

/// What the walk needs of a commit: whether it is a merge (whose changes are the merged
/// commits' own), its tree and its first parent's (`None`: a root commit, or a parent that
/// cannot be read, diffed against nothing as before).
#[derive(Clone, Copy)]
struct Step {
    merge: bool,
    tree: Oid,
    parent_tree: Option<Oid>,
}

impl Step {
    fn of(commit: &git2::Commit<'_>) -> Self {
        let merge = commit.parent_count() > 1;
        Step {
            merge,
            tree: commit.tree_id(),
            parent_tree: if merge {
                None
            } else {
                commit.parent(0).ok().map(|parent| parent.tree_id())
            },
        }
    }
}

/// One entry of a tree, as the walk's tree diff needs it.
struct TreeItem {
    name: Vec<u8>,
    id: Oid,
    mode: i32,
    tree: bool,
}

type TreeItems = Rc<Vec<TreeItem>>;

/// A file two trees differ in: its path and blob on each side (zero where it is missing).
struct FileChange {
    old_path: Option<String>,
    old: Oid,
    new_path: Option<String>,
    new: Oid,
}

/// Plans by path, for one side of a change.
type PlanPair = HashMap<String, Loaded<Plan>>;

/// A blob's bytes as read for the walk, or why it could not be read.
type BlobBytes = Rc<std::result::Result<Vec<u8>, String>>;

/// Diffs commits with their first parent, parsing each changed blob once (see the module).
pub struct ChangeWalker<'r> {
    repo: &'r Repository,
    odb: Option<git2::Odb<'r>>,
    verified: Option<&'r Verified>,
    pieces: HashMap<FileKey, Piece>,
    mentions: HashMap<Oid, (bool, u64)>,
    /// Blobs read this step and the last: the mention search and the parse share one
    /// inflate.
    blobs: HashMap<Oid, (BlobBytes, u64)>,
    /// Tree entries read this step and the last (indexed walks: see `diff_trees`).
    trees: HashMap<Oid, (TreeItems, u64)>,
    /// Plan blobs split at their nodes, `None` for one that must be parsed whole.
    scans: HashMap<Oid, (Option<Rc<Scanned>>, u64)>,
    /// One memo per plan path: a plan's nodes are what its next version shares.
    memos: HashMap<String, PlanMemo>,
    /// Per path, the blobs of the last commit that changed it: one of them is a side of
    /// the next commit that changes it, however many commits lie between (on large, 20
    /// plans and 500 minutes take turns). What they parsed to is kept until then.
    retained: HashMap<String, [Oid; 2]>,
    /// The paths the current commit changed.
    touched: Vec<String>,
    step: u64,
    /// The mention index, when the walk uses one (see [`ChangeWalker::indexed`]).
    indexing: Option<Indexing<'r>>,
}

/// A walk's use of the [`MentionIndex`]: its verdicts on the id searched for, and the
/// tokens of every blob the walk had to read, to add to the index afterwards.
struct Indexing<'r> {
    index: &'r MentionIndex,
    /// The id the verdicts are about, and the verdicts (`None`: the index cannot answer).
    verdicts: Option<(&'r str, &'r Verdicts)>,
    /// Per path, the tokens of the version learned last: the next version of the path is
    /// stored as the difference (versions share nearly all their tokens).
    last: HashMap<String, (Oid, TokenSet)>,
    learned: Vec<Learned>,
    known: HashSet<Oid>,
}

impl Indexing<'_> {
    /// Records the tokens of `blob` (at `path`; `other` is the other side of the change,
    /// a base candidate when this walk has learned nothing of the path yet).
    fn learn(&mut self, blob: Oid, path: &str, other: Oid, text: &str) {
        if self.index.knows(blob) || !self.known.insert(blob) {
            return;
        }
        let now = tokens(text);
        let from_index;
        let base = match self.last.get(path) {
            Some((id, set)) => Some((*id, set)),
            None => match self.index.tokens_of(other) {
                Some(set) => {
                    from_index = set;
                    Some((other, &from_index))
                }
                None => None,
            },
        };
        self.learned.push(Learned::between(blob, &now, base));
        self.last.insert(path.to_string(), (blob, owned(&now)));
    }
}

impl<'r> ChangeWalker<'r> {
    pub fn new(repo: &'r Repository) -> Self {
        ChangeWalker {
            repo,
            odb: repo.odb().ok(),
            verified: None,
            pieces: HashMap::new(),
            mentions: HashMap::new(),
            blobs: HashMap::new(),
            trees: HashMap::new(),
            scans: HashMap::new(),
            memos: HashMap::new(),
            retained: HashMap::new(),
            touched: Vec::new(),
            step: 0,
            indexing: None,
        }
    }

    /// A walker that asks `index` (with `verdicts`, its answers on the id `text`) whether
    /// a blob mentions the id before reading it, and records the tokens of every blob it
    /// reads for the search ([`ChangeWalker::learned`]).
    pub fn indexed(
        repo: &'r Repository,
        index: &'r MentionIndex,
        verdicts: Option<(&'r str, &'r Verdicts)>,
    ) -> Self {
        ChangeWalker {
            indexing: Some(Indexing {
                index,
                verdicts,
                last: HashMap::new(),
                learned: Vec::new(),
                known: HashSet::new(),
            }),
            ..ChangeWalker::new(repo)
        }
    }

    /// What an indexed walker learned, in order (see [`MentionIndex::learn`]).
    pub fn learned(self) -> Vec<Learned> {
        self.indexing.map(|i| i.learned).unwrap_or_default()
    }

    /// A walker that hashes every blob it reads and records the verdicts in `verified`
    /// (the audit: see [`Verified`]).
    pub fn verifying(repo: &'r Repository, verified: &'r Verified) -> Self {
        ChangeWalker {
            verified: Some(verified),
            ..ChangeWalker::new(repo)
        }
    }

    /// The bytes of a blob, inflated once per walk step and the next.
    fn blob(&mut self, id: Oid) -> BlobBytes {
        let step = self.step;
        if let Some((bytes, used)) = self.blobs.get_mut(&id) {
            *used = step;
            return Rc::clone(bytes);
        }
        let read = match (&self.odb, self.verified) {
            (None, _) => Err("cannot open the object database".to_string()),
            (Some(odb), Some(verified)) => {
                let read = read_verified(odb, id);
                verified.record(id, read.as_ref().err().cloned());
                read.map(|object| object.data().to_vec())
            }
            (Some(odb), None) => odb
                .read(id)
                .map(|object| object.data().to_vec())
                .map_err(|e| e.message().to_string()),
        };
        let bytes = Rc::new(read);
        self.blobs.insert(id, (Rc::clone(&bytes), step));
        bytes
    }

    /// The changes `commit` made to its first parent, limited to files that mention
    /// `mention` when given: the same as [`super::log::WorkspaceCache::changes_mentioning`].
    pub fn changes(
        &mut self,
        commit: &git2::Commit<'_>,
        mention: Option<&str>,
    ) -> Result<Vec<Change>> {
        self.changes_at(Step::of(commit), mention)
    }

    /// [`ChangeWalker::changes`] of the commit `step` describes.
    fn changes_at(&mut self, step: Step, mention: Option<&str>) -> Result<Vec<Change>> {
        if step.merge || step.parent_tree == Some(step.tree) {
            return Ok(Vec::new());
        }
        self.step += 1;
        let tree_error = |e| Error::git("cannot read a commit tree", e);
        let new = self.repo.find_tree(step.tree).map_err(tree_error)?;
        let old = match step.parent_tree {
            Some(id) => Some(self.repo.find_tree(id).map_err(tree_error)?),
            None => None,
        };
        let keep = self.changed_paths(old.as_ref(), &new, mention)?;
        if keep.is_empty() && mention.is_some() && self.indexing.is_some() {
            // No file of the commit mentions the item: what is left is the settings, whose
            // changes are about no item (an indexed walk serves item histories alone).
            self.evict();
            return Ok(Vec::new());
        }
        let (mut old_plans, mut new_plans) = match &old {
            Some(old) => self.reduced_plans(old, &new, &keep),
            None => (HashMap::new(), HashMap::new()),
        };
        let old_side = match &old {
            Some(tree) => self.side(tree, &keep, &mut old_plans)?,
            None => load_empty(self.repo)?,
        };
        let new_side = self.side(&new, &keep, &mut new_plans)?;
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
        let changed = if self.indexing.is_some() {
            // An item history reads thousands of commits for a few: each tree once, here,
            // where libgit2 inflates a tree over 4 KiB (a directory of 500 minutes) again
            // for every diff that reads it.
            let mut out = Vec::new();
            self.diff_trees(old.map(Tree::id), Some(new.id()), "", &mut out)?;
            out
        } else {
            let changed = self
                .repo
                .diff_tree_to_tree(old, Some(new), None)
                .map_err(|e| Error::git("cannot compare two trees", e))?;
            let path = |file: &git2::DiffFile<'_>| {
                file.path().map(|p| p.to_string_lossy().replace('\\', "/"))
            };
            changed
                .deltas()
                .map(|delta| FileChange {
                    old_path: path(&delta.old_file()),
                    old: delta.old_file().id(),
                    new_path: path(&delta.new_file()),
                    new: delta.new_file().id(),
                })
                .collect()
        };
        let mut keep = HashSet::new();
        for file in changed {
            for path in [&file.old_path, &file.new_path].into_iter().flatten() {
                self.retained.insert(path.clone(), [file.old, file.new]);
                self.touched.push(path.clone());
            }
            let wanted = match mention {
                None => true,
                Some(text) => {
                    let path = |p: &Option<String>| p.clone().unwrap_or_default();
                    // Both sides, so that an indexed walk learns both.
                    let old_mentions =
                        self.mentions(file.old, &path(&file.old_path), file.new, text);
                    let new_mentions =
                        self.mentions(file.new, &path(&file.new_path), file.old, text);
                    old_mentions || new_mentions
                }
            };
            if wanted {
                keep.extend([file.old_path, file.new_path].into_iter().flatten());
            }
        }
        Ok(keep)
    }

    /// The entries of a tree, read once for this step and the next.
    fn tree_items(&mut self, id: Oid) -> Result<TreeItems> {
        let step = self.step;
        if let Some((items, used)) = self.trees.get_mut(&id) {
            *used = step;
            return Ok(Rc::clone(items));
        }
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|e| Error::git("cannot read a commit tree", e))?;
        let items: TreeItems = Rc::new(
            tree.iter()
                .map(|entry| TreeItem {
                    name: entry.name_bytes().to_vec(),
                    id: entry.id(),
                    mode: entry.filemode(),
                    tree: entry.kind() == Some(ObjectType::Tree),
                })
                .collect(),
        );
        self.trees.insert(id, (Rc::clone(&items), step));
        Ok(items)
    }

    /// The files that differ between two trees (either may be missing), below `prefix`, as
    /// libgit2's tree diff reports them: a file replaced by a directory (or back) is the
    /// file removed and the directory's files added; a mode change is a change.
    fn diff_trees(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<()> {
        let none: TreeItems = Rc::new(Vec::new());
        let old_items = old.map_or_else(|| Ok(Rc::clone(&none)), |id| self.tree_items(id))?;
        let new_items = new.map_or_else(|| Ok(Rc::clone(&none)), |id| self.tree_items(id))?;
        let mut olds: HashMap<&[u8], &TreeItem> = old_items
            .iter()
            .map(|item| (item.name.as_slice(), item))
            .collect();
        for item in new_items.iter() {
            match olds.remove(item.name.as_slice()) {
                Some(before) if before.id == item.id && before.mode == item.mode => {}
                before => self.diff_item(before, Some(item), prefix, out)?,
            }
        }
        let mut gone: Vec<&TreeItem> = olds.into_values().collect();
        gone.sort_by(|a, b| a.name.cmp(&b.name));
        for item in gone {
            self.diff_item(Some(item), None, prefix, out)?;
        }
        Ok(())
    }

    fn diff_item(
        &mut self,
        old: Option<&TreeItem>,
        new: Option<&TreeItem>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<()> {
        let Some(name) = new.or(old).map(|item| String::from_utf8_lossy(&item.name)) else {
            return Ok(());
        };
        let path = if prefix.is_empty() {
            name.replace('\\', "/")
        } else {
            format!("{prefix}/{}", name.replace('\\', "/"))
        };
        let old_tree = old.filter(|item| item.tree).map(|item| item.id);
        let new_tree = new.filter(|item| item.tree).map(|item| item.id);
        if old_tree.is_some() || new_tree.is_some() {
            self.diff_trees(old_tree, new_tree, &path, out)?;
        }
        let old_file = old.filter(|item| !item.tree);
        let new_file = new.filter(|item| !item.tree);
        if old_file.is_some() || new_file.is_some() {
            out.push(FileChange {
                old_path: Some(path.clone()),
                old: old_file.map_or(Oid::ZERO_SHA1, |item| item.id),
                new_path: Some(path),
                new: new_file.map_or(Oid::ZERO_SHA1, |item| item.id),
            });
        }
        Ok(())
    }

    /// Whether a blob contains `text` (a file that is not UTF-8 is kept: parsing reports it).
    /// The mention index answers without reading the blob when it can; a blob read is
    /// learned for it (`path` and `other`, the other side: see [`Indexing::learn`]).
    fn mentions(&mut self, id: Oid, path: &str, other: Oid, text: &str) -> bool {
        if id.is_zero() {
            return false;
        }
        let step = self.step;
        if let Some(found) = self.mentions.get_mut(&id) {
            found.1 = step;
            return found.0;
        }
        let indexed = self
            .indexing
            .as_ref()
            .and_then(|i| i.verdicts)
            .filter(|(about, _)| *about == text)
            .and_then(|(_, verdicts)| verdicts.get(id));
        let found = if let Some(found) = indexed {
            found
        } else {
            let bytes = self.blob(id);
            let body = bytes
                .as_ref()
                .as_ref()
                .map(|content| std::str::from_utf8(content));
            if let (Some(indexing), Ok(Ok(body))) = (self.indexing.as_mut(), &body) {
                indexing.learn(id, path, other, body);
            }
            match body {
                Ok(Ok(body)) => body.contains(text),
                Ok(Err(_)) => true,
                Err(_) => false,
            }
        };
        self.mentions.insert(id, (found, step));
        found
    }

    /// The plans changed on both sides that can be diffed reduced to what differs
    /// ([`reduced_pair`]): old and new versions by path. Any other plan is left to the
    /// pieces (parsed whole).
    fn reduced_plans(
        &mut self,
        old: &Tree<'_>,
        new: &Tree<'_>,
        keep: &HashSet<String>,
    ) -> (PlanPair, PlanPair) {
        let (mut old_plans, mut new_plans) = (HashMap::new(), HashMap::new());
        for path in keep {
            let Some(name) = path
                .strip_prefix(PLANS_DIR)
                .and_then(|p| p.strip_prefix('/'))
            else {
                continue;
            };
            // Only what a load lists and reads as a file: `plans/<name>.ron`, a regular blob.
            let listed = !name.contains('/')
                && !name.starts_with('.')
                && std::path::Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            if !listed {
                continue;
            }
            let (Some((old_blob, old_scan)), Some((new_blob, new_scan))) =
                (self.scanned(old, path), self.scanned(new, path))
            else {
                continue;
            };
            let Some(include) = reduced_pair(&old_scan, &new_scan) else {
                continue;
            };
            let step = self.step;
            let (Some(old_plan), Some(new_plan)) = (
                self.memo(path).assemble(&old_scan, Some(&include), step),
                self.memo(path).assemble(&new_scan, Some(&include), step),
            ) else {
                continue;
            };
            let old_text = self.plan_text(path, &old_plan.id, old_blob);
            let new_text = self.plan_text(path, &new_plan.id, new_blob);
            old_plans.insert(
                path.clone(),
                Loaded {
                    path: path.clone(),
                    text: old_text,
                    value: old_plan,
                },
            );
            new_plans.insert(
                path.clone(),
                Loaded {
                    path: path.clone(),
                    text: new_text,
                    value: new_plan,
                },
            );
        }
        (old_plans, new_plans)
    }

    /// The regular blob at `path` and its split ([`PlanMemo::scan_bytes`]: from the path's
    /// last version scanned, and `None` unless UTF-8), kept per blob for this step and the
    /// next, and for as long as the blob is a side of its path's last change.
    ///
    /// A blob scanned before is not read again: on large, 20 plans take turns, so a plan's
    /// old side was last read twenty commits ago and its bytes are long dropped; reading
    /// it again inflated and hashed every plan version twice (half of the audit's CPU).
    /// Its verdict was recorded when it was first read ([`Verified`]).
    fn scanned(&mut self, tree: &Tree<'_>, path: &str) -> Option<(Oid, Rc<Scanned>)> {
        let entry = tree.get_path(std::path::Path::new(path)).ok()?;
        if entry.kind() != Some(ObjectType::Blob) || entry.filemode() == 0o120_000 {
            return None;
        }
        let id = entry.id();
        let step = self.step;
        if let Some((scan, used)) = self.scans.get_mut(&id) {
            // Only a blob that was read, within the size limit, has an entry.
            *used = step;
            return scan.clone().map(|scan| (id, scan));
        }
        let bytes = self.blob(id);
        let content = bytes.as_ref().as_ref().ok()?;
        if content.len() as u64 > MAX_FILE_BYTES {
            return None;
        }
        let scan = self.memo(path).scan_bytes(content, step).map(Rc::new);
        self.scans.insert(id, (scan.clone(), step));
        scan.map(|scan| (id, scan))
    }

    /// The text a reduced plan keeps ([`diagnostic_text`]): read again only for a plan
    /// named unlike its id, the one case that needs it.
    fn plan_text(&mut self, path: &str, plan_id: &str, blob: Oid) -> String {
        if !needs_text(path, plan_id) {
            return String::new();
        }
        let bytes = self.blob(blob);
        diagnostic_text(path, plan_id, bytes.as_ref().as_deref().unwrap_or_default())
    }

    /// One side of a change: the settings and the `keep` files of `tree`, assembled from
    /// parsed pieces in the order and with the diagnostics of a narrowed load; the plans
    /// in `reduced` are taken from there instead.
    fn side(
        &mut self,
        tree: &Tree<'_>,
        keep: &HashSet<String>,
        reduced: &mut PlanPair,
    ) -> Result<Workspace> {
        let label = tree.id().to_string()[..10].to_string();
        let source = GitSource::new(self.repo, tree.clone(), label);
        // An empty load reports the missing settings; when the tree has them, that report
        // is replaced by the settings piece (the settings or why they cannot be read).
        let mut workspace = Workspace::load_from(&Only {
            inner: &source,
            file: None,
            settings: false,
            prefetched: RefCell::new(None),
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
            // What `source.list(dir)` lists among the kept paths, in its order.
            let names: HashSet<&str> = keep
                .iter()
                .filter_map(|path| path.strip_prefix(dir)?.strip_prefix('/'))
                .collect();
            for name in source.list_among(dir, &names)? {
                let path = format!("{dir}/{name}");
                if !keep.contains(&path) {
                    continue;
                }
                if let Some(plan) = reduced.remove(&path) {
                    workspace.add_parsed_plan(plan);
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

    /// The one-file workspace of `path` in `tree`, parsed on first use: from the walk's
    /// blob bytes, and a plan through the node memo ([`PlanMemo`]) when it can.
    fn piece(
        &mut self,
        source: &GitSource<'_>,
        tree: &Tree<'_>,
        path: &str,
        file: Option<(&str, &str)>,
    ) -> Result<&Workspace> {
        let entry = tree.get_path(std::path::Path::new(path)).ok();
        let (blob, mode) = entry
            .as_ref()
            .map_or((Oid::ZERO_SHA1, 0), |entry| (entry.id(), entry.filemode()));
        let key = FileKey {
            path: path.to_string(),
            blob,
            mode,
        };
        let step = self.step;
        if !self.pieces.contains_key(&key) {
            // A blob (not a symbolic link, which GitSource refuses itself) is read through
            // the walk's cache.
            let bytes = entry
                .as_ref()
                .filter(|e| e.kind() == Some(ObjectType::Blob) && e.filemode() != 0o120_000)
                .map(|e| self.blob(e.id()));
            let workspace = self.parse_piece(source, path, file, bytes.as_ref())?;
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

    fn parse_piece(
        &mut self,
        source: &GitSource<'_>,
        path: &str,
        file: Option<(&str, &str)>,
        bytes: Option<&BlobBytes>,
    ) -> Result<Workspace> {
        let prefetched = bytes.map(|bytes| match bytes.as_ref() {
            Ok(content) if content.len() as u64 > MAX_FILE_BYTES => {
                Err(ReadProblem::TooLarge(content.len() as u64))
            }
            Ok(content) => Ok(content.as_slice()),
            Err(message) => Err(ReadProblem::Io(std::io::Error::other(message.clone()))),
        });
        if let (Some((PLANS_DIR, _)), Some(Ok(content))) = (file, prefetched.as_ref())
            && let Some(plan) = {
                let step = self.step;
                self.memo(path).parse_bytes(content, step)
            }
        {
            let mut workspace = Workspace::load_from(&Only {
                inner: source,
                file: None,
                settings: false,
                prefetched: RefCell::new(None),
            })?;
            workspace.add_parsed_plan(Loaded {
                path: path.to_string(),
                text: diagnostic_text(path, &plan.id, content),
                value: plan,
            });
            return Ok(workspace);
        }
        let mut workspace = Workspace::load_from(&Only {
            inner: source,
            file,
            settings: file.is_none(),
            prefetched: RefCell::new(prefetched.map(|read| (path, read.map(<[u8]>::to_vec)))),
        })?;
        // Kept pieces are only diffed, and their load diagnostics are made: the texts
        // would be most of what the walk holds (on large, 500 minutes files per thread).
        if let Some(settings) = &mut workspace.settings {
            settings.text = String::new();
        }
        for plan in &mut workspace.plans {
            plan.text = String::new();
        }
        for meeting in &mut workspace.meetings {
            meeting.text = String::new();
        }
        for response in &mut workspace.responses {
            response.text = String::new();
        }
        Ok(workspace)
    }

    /// The node memo of a plan path.
    fn memo(&mut self, path: &str) -> &mut PlanMemo {
        self.memos.entry(path.to_string()).or_default()
    }

    /// Drops what neither this commit nor the previous one used, except what the last
    /// change of each path read (see `retained`). Blob bytes are not kept beyond that:
    /// what they parsed to is.
    fn evict(&mut self) {
        let keep_from = self.step.saturating_sub(1);
        let retained: HashSet<Oid> = self.retained.values().flatten().copied().collect();
        self.pieces
            .retain(|key, piece| piece.used >= keep_from || retained.contains(&key.blob));
        self.mentions
            .retain(|id, (_, used)| *used >= keep_from || retained.contains(id));
        self.blobs.retain(|_, (_, used)| *used >= keep_from);
        self.trees.retain(|_, (_, used)| *used >= keep_from);
        self.scans
            .retain(|id, (_, used)| *used >= keep_from || retained.contains(id));
        // A plan's memo keeps the nodes this change of it used: its versions on both sides.
        for path in std::mem::take(&mut self.touched) {
            if let Some(memo) = self.memos.get_mut(&path) {
                memo.evict(self.step);
            }
        }
    }
}

/// The text a walked plan keeps: a load reads it only to place the diagnostic of a file
/// named unlike its id ([`Workspace::add_parsed_plan`]); the walk's workspaces are diffed,
/// which never reads it, so any other plan keeps none (1.3 MB per version on large).
fn diagnostic_text(path: &str, id: &str, bytes: &[u8]) -> String {
    if needs_text(path, id) {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        String::new()
    }
}

/// Whether the plan `id` at `path` is named unlike its id (its text places a diagnostic).
fn needs_text(path: &str, id: &str) -> bool {
    let stem = path.rsplit('/').next().and_then(|n| n.strip_suffix(".ron"));
    stem != Some(id)
}

/// A file's bytes, or why it cannot be read.
type ReadResult = std::result::Result<Vec<u8>, ReadProblem>;

/// A tree narrowed to one file, or to the settings alone.
struct Only<'a> {
    inner: &'a dyn Source,
    /// (directory, file name)
    file: Option<(&'a str, &'a str)>,
    settings: bool,
    /// The file's bytes as the walk already read them, served once.
    prefetched: RefCell<Option<(&'a str, ReadResult)>>,
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
        let mut prefetched = self.prefetched.borrow_mut();
        if prefetched.as_ref().is_some_and(|(path, _)| *path == rel)
            && let Some((_, read)) = prefetched.take()
        {
            return read;
        }
        self.inner.read(rel)
    }

    fn root(&self) -> Option<&std::path::Path> {
        None
    }
}

/// The changes of each commit in `commits` (in that order) to its first parent, limited to
/// files mentioning `mention`: [`ChangeWalker::changes`] for every commit, walked from both
/// ends on two cores (see `walk_runs`). The first error, in commit order, is returned.
pub fn changes_of_commits(
    repo: &Repository,
    commits: &[Oid],
    mention: Option<&str>,
) -> Result<Vec<Vec<Change>>> {
    changes_of_commits_verifying(repo, commits, mention, None)
}

/// [`changes_of_commits`], hashing every blob read and recording the verdicts in
/// `verified` when given (the audit).
pub fn changes_of_commits_verifying(
    repo: &Repository,
    commits: &[Oid],
    mention: Option<&str>,
    verified: Option<&Verified>,
) -> Result<Vec<Vec<Change>>> {
    let runs = Runs {
        mention,
        verified,
        index: None,
    };
    Ok(walk_runs(repo, commits, &runs)?.0)
}

/// [`changes_of_commits`] asking `index` first (`verdicts`: its answers on `mention`, when
/// it has them), and what the walks learned for it (to [`MentionIndex::learn`]). For item
/// histories: a commit none of whose files mention `mention` reports nothing, not even the
/// settings changes [`changes_of_commits`] reports there (they are about no item).
///
/// The commits are given read (as the log has them): the runs read no commit again.
pub fn changes_of_commits_indexed(
    repo: &Repository,
    commits: &[git2::Commit<'_>],
    mention: Option<&str>,
    index: &MentionIndex,
    verdicts: Option<&Verdicts>,
) -> Result<Walked> {
    let runs = Runs {
        mention,
        verified: None,
        index: Some((index, mention.zip(verdicts))),
    };
    let steps: Vec<Step> = commits.iter().map(Step::of).collect();
    walk_runs(repo, &steps, &runs)
}

/// The changes of each commit, and what the walk learned for the mention index.
type Walked = (Vec<Vec<Change>>, Vec<Learned>);

/// A commit to walk: by id (read by the run), or what the walk needs of it, read before.
#[derive(Clone, Copy)]
enum Commit<'c> {
    Id(&'c Oid),
    Step(&'c Step),
}

impl<'c> From<&'c Oid> for Commit<'c> {
    fn from(id: &'c Oid) -> Self {
        Commit::Id(id)
    }
}

impl<'c> From<&'c Step> for Commit<'c> {
    fn from(step: &'c Step) -> Self {
        Commit::Step(step)
    }
}

/// What every run of a walk is given.
struct Runs<'a> {
    mention: Option<&'a str>,
    verified: Option<&'a Verified>,
    index: Option<(&'a MentionIndex, Option<(&'a str, &'a Verdicts)>)>,
}

/// The changes of each commit and what was learned for the index, on two threads per
/// segment of the commits (one segment on a two-core machine).
///
/// The two threads of a segment walk it from both ends towards each other, each claiming
/// the next commit at its end until none is left ([`Ends`]): they finish together however
/// the work is spread over the history (split by commit count, the later half of a large
/// history took a fifth longer, and the core that finished first sat idle), and each still
/// walks consecutive commits, so every changed file is parsed once, as in one walk: only
/// the first change of each path a thread meets parses its old side as well. Which thread
/// walked a commit changes nothing in its changes (a walker's result does not depend on
/// what it walked before: the tests compare every commit with a diff of it alone).
fn walk_runs<C: Sync>(repo: &Repository, commits: &[C], runs: &Runs<'_>) -> Result<Walked>
where
    for<'c> &'c C: Into<Commit<'c>>,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(commits.len() / MIN_COMMITS_PER_THREAD)
        .max(1);
    walk_runs_on(repo, commits, runs, threads)
}

/// [`walk_runs`] on `threads` threads.
fn walk_runs_on<C: Sync>(
    repo: &Repository,
    commits: &[C],
    runs: &Runs<'_>,
    threads: usize,
) -> Result<Walked>
where
    for<'c> &'c C: Into<Commit<'c>>,
{
    if threads <= 1 || commits.is_empty() {
        return walk_run(repo, commits, runs);
    }
    // An odd core is left to the rest of the process (the audit's checks run beside).
    let segment = commits.len().div_ceil(threads / 2);
    let ends: Vec<Ends> = commits
        .chunks(segment)
        .map(|chunk| Ends::new(chunk.len()))
        .collect();
    let git_dir = repo.path().to_path_buf();
    let walked: Vec<EndWalk> = std::thread::scope(|scope| {
        // Every end but the first segment's front runs on a thread of its own.
        let mut handles = Vec::new();
        for (number, (chunk, ends)) in commits.chunks(segment).zip(&ends).enumerate() {
            for forward in [true, false] {
                if number == 0 && forward {
                    continue;
                }
                let git_dir = &git_dir;
                let spawned = std::thread::Builder::new()
                    .name("kaikaku-history".into())
                    .stack_size(WALK_STACK)
                    .spawn_scoped(scope, move || {
                        match Repository::open(git_dir) {
                            Ok(repo) => walk_end(&repo, chunk, runs, ends, forward),
                            // Claims nothing: the other end walks the whole segment.
                            Err(_) => EndWalk::default(),
                        }
                    });
                // No thread: the other end of its segment walks what it would have.
                if let Ok(handle) = spawned {
                    handles.push((number, handle));
                }
            }
        }
        // The first segment's front is walked here, meanwhile.
        let mut walked: Vec<EndWalk> = commits
            .chunks(segment)
            .zip(&ends)
            .take(1)
            .map(|(chunk, ends)| walk_end(repo, chunk, runs, ends, true))
            .collect();
        for (number, handle) in handles {
            let mut end = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            end.segment = number;
            walked.push(end);
        }
        // A segment neither of whose threads started (or could open the repository) is
        // walked here; one whose ends stopped at errors is not: the walk fails anyway.
        let failed = walked.iter().any(|end| end.error.is_some());
        for (number, (chunk, ends)) in commits.chunks(segment).zip(&ends).enumerate() {
            if !failed && !ends.exhausted() {
                let mut end = walk_end(repo, chunk, runs, ends, true);
                end.segment = number;
                walked.push(end);
            }
        }
        walked
    });
    let mut out: Vec<Option<Vec<Change>>> = std::iter::repeat_with(|| None)
        .take(commits.len())
        .collect();
    let mut first_error: Option<(usize, Error)> = None;
    let mut learned = Vec::new();
    for end in walked {
        let base = end.segment * segment;
        for (index, changes) in end.changes {
            if let Some(slot) = out.get_mut(base + index) {
                *slot = Some(changes);
            }
        }
        if let Some((index, error)) = end.error
            && first_error
                .as_ref()
                .is_none_or(|(first, _)| base + index < *first)
        {
            first_error = Some((base + index, error));
        }
        learned.extend(end.learned);
    }
    // Each end stops at its first error, and the commits between it and the segment's
    // start (or end) were walked by it: the lowest error found is the first in order.
    if let Some((_, error)) = first_error {
        return Err(error);
    }
    let out = out.into_iter().collect::<Option<Vec<_>>>().ok_or_else(|| {
        Error::Invalid(
            (
                "内部エラー（履歴の分担）",
                "history walk: a commit was not walked",
            )
                .into(),
        )
    })?;
    Ok((out, learned))
}

/// The commits of a segment not yet claimed by either of its ends: `next..back`.
struct Ends {
    left: Mutex<(usize, usize)>,
}

impl Ends {
    fn new(len: usize) -> Self {
        Ends {
            left: Mutex::new((0, len)),
        }
    }

    /// The next commit at the front (`forward`) or at the back, if any is left.
    fn claim(&self, forward: bool) -> Option<usize> {
        // A poisoned lock: the other end panicked, which resumes when it is joined.
        let mut left = self.left.lock().ok()?;
        let (next, back) = *left;
        if next >= back {
            return None;
        }
        if forward {
            left.0 += 1;
            Some(next)
        } else {
            left.1 -= 1;
            Some(back - 1)
        }
    }

    /// Whether every commit of the segment was claimed.
    fn exhausted(&self) -> bool {
        self.left.lock().map_or(true, |left| left.0 >= left.1)
    }
}

/// What one end of a segment walked: the changes by index in the segment, the first error
/// it met (it stops there) and what it learned for the mention index, in its order.
#[derive(Default)]
struct EndWalk {
    segment: usize,
    changes: Vec<(usize, Vec<Change>)>,
    error: Option<(usize, Error)>,
    learned: Vec<Learned>,
}

/// Walks `commits` from the front or the back, claiming each commit from `ends`.
fn walk_end<C>(
    repo: &Repository,
    commits: &[C],
    runs: &Runs<'_>,
    ends: &Ends,
    forward: bool,
) -> EndWalk
where
    for<'c> &'c C: Into<Commit<'c>>,
{
    let mut walker = runs.walker(repo);
    let mut done = EndWalk::default();
    while let Some(index) = ends.claim(forward) {
        let Some(commit) = commits.get(index) else {
            break;
        };
        match walk_one(&mut walker, repo, commit.into(), runs.mention) {
            Ok(changes) => done.changes.push((index, changes)),
            Err(error) => {
                done.error = Some((index, error));
                break;
            }
        }
    }
    done.learned = walker.learned();
    done
}

impl Runs<'_> {
    /// A walker for one run.
    fn walker<'r>(&self, repo: &'r Repository) -> ChangeWalker<'r>
    where
        Self: 'r,
    {
        match (self.verified, self.index) {
            (Some(verified), _) => ChangeWalker::verifying(repo, verified),
            (None, Some((index, verdicts))) => ChangeWalker::indexed(repo, index, verdicts),
            (None, None) => ChangeWalker::new(repo),
        }
    }
}

/// The changes of one commit.
fn walk_one(
    walker: &mut ChangeWalker<'_>,
    repo: &Repository,
    commit: Commit<'_>,
    mention: Option<&str>,
) -> Result<Vec<Change>> {
    match commit {
        Commit::Id(id) => {
            let commit = repo
                .find_commit(*id)
                .map_err(|e| Error::git("cannot read a commit", e))?;
            walker.changes(&commit, mention)
        }
        Commit::Step(step) => walker.changes_at(*step, mention),
    }
}

fn walk_run<C>(repo: &Repository, commits: &[C], runs: &Runs<'_>) -> Result<Walked>
where
    for<'c> &'c C: Into<Commit<'c>>,
{
    let mut walker = runs.walker(repo);
    let changes = commits
        .iter()
        .map(|commit| walk_one(&mut walker, repo, commit.into(), runs.mention))
        .collect::<Result<Vec<_>>>()?;
    Ok((changes, walker.learned()))
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

    /// An indexed walk (its own tree diff; first learning, then answering from the index)
    /// reports what diffing each commit alone reports, except for commits that touch no
    /// file mentioning the item: those report nothing, where a plain walk reports settings
    /// changes.
    fn indexed_walks_agree(repo: &Repository, ids: &[Oid], text: &str) {
        let mention = Some(text);
        let mut index = MentionIndex::default();
        for pass in 0..2 {
            let verdicts = index.verdicts(text);
            let mut indexed =
                ChangeWalker::indexed(repo, &index, verdicts.as_ref().map(|v| (text, v)));
            let mut alone = WorkspaceCache::new(repo);
            for id in ids {
                let commit = repo.find_commit(*id).expect("commit");
                let expected = alone.changes_mentioning(&commit, mention).expect("alone");
                let got = indexed.changes(&commit, mention).expect("indexed");
                if got.is_empty() {
                    assert!(
                        expected.iter().all(|c| matches!(
                            c,
                            Change::Cycle { .. } | Change::SettingsEdited { .. }
                        )),
                        "pass {pass}: {expected:?}"
                    );
                } else {
                    assert_eq!(got, expected, "pass {pass}");
                }
            }
            let learned = indexed.learned();
            assert_eq!(
                learned.is_empty(),
                pass == 1,
                "the second pass reads nothing new"
            );
            index.learn(learned);
        }
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
            if let Some(text) = mention {
                indexed_walks_agree(&repo, &ids, text);
            }
            // Older versions are dropped: what is kept is at most the two sides of each
            // path's last change.
            assert!(
                walker.pieces.len() <= 2 * walker.retained.len(),
                "old pieces are dropped: {} pieces, {} paths",
                walker.pieces.len(),
                walker.retained.len()
            );
        }
    }

    /// A walk split between threads that claim commits from both ends of their segment
    /// gives, for every number of threads, what one walker gives over all the commits in
    /// order; and with commits that cannot be walked, the error of the first of them.
    #[test]
    fn walks_from_both_ends_equal_one_walk() {
        let temp = tempfile::tempdir().expect("temp");
        let repo = Repository::init(temp.path()).expect("init");
        let mut ids = vec![commit(
            &repo,
            &[
                ("kaikaku.ron", Some(SETTINGS)),
                (PLAN_PATH, Some(PLAN)),
                (MINUTES_PATH, Some(MINUTES)),
            ],
        )];
        let mut plan = PLAN.to_string();
        for round in 0..14 {
            plan = plan.replacen("title: \"", &format!("title: \"{round}"), 1 + round % 3);
            let minutes = match round % 4 {
                0 => None,
                1 => Some(MINUTES.replacen("text: \"", "text: \"改", 1)),
                2 => Some(MINUTES[..MINUTES.rfind("text:").expect("a statement")].to_string()),
                _ => Some(MINUTES.to_string()),
            };
            ids.push(commit(
                &repo,
                &[(PLAN_PATH, Some(&plan)), (MINUTES_PATH, minutes.as_deref())],
            ));
        }
        let steps: Vec<Step> = ids
            .iter()
            .map(|id| Step::of(&repo.find_commit(*id).expect("commit")))
            .collect();
        let runs = Runs {
            mention: None,
            verified: None,
            index: None,
        };
        let (one, _) = walk_run(&repo, &steps, &runs).expect("one walk");
        assert!(one.iter().filter(|c| !c.is_empty()).count() >= 14);
        for threads in 2..=5 {
            let (split, _) = walk_runs_on(&repo, &steps, &runs, threads).expect("split");
            assert_eq!(split, one, "{threads} threads");
        }
        // Trees that are not there: the first one's error, however the walk is split.
        let missing = |byte: u8| Step {
            merge: false,
            tree: Oid::from_bytes(&[byte; 20]).expect("id"),
            parent_tree: None,
        };
        let mut broken = steps.clone();
        broken[3] = missing(3);
        broken[9] = missing(9);
        broken[13] = missing(13);
        // The error of a walk that must fail.
        let error_of = |walked: Result<Walked>| match walked {
            Ok(_) => panic!("the walk fails"),
            Err(error) => error.chain(),
        };
        let expected = error_of(walk_run(&repo, &broken, &runs));
        assert!(expected.contains("0303"), "{expected}");
        for threads in 1..=5 {
            let error = error_of(walk_runs_on(&repo, &broken, &runs, threads));
            assert_eq!(error, expected, "{threads} threads");
        }
        let mut late = steps.clone();
        late[14] = missing(14);
        for threads in 1..=5 {
            let error = error_of(walk_runs_on(&repo, &late, &runs, threads));
            assert!(error.contains("0e0e"), "{threads} threads");
        }
    }
}
