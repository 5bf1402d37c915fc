//! Incremental validation for phase commits: a cache of files already known to pass `check`.
//!
//! A phase commit must refuse a workspace that fails `kaikaku check`, but parsing and
//! validating all of a large workspace (53 MB of RON) for a commit of one changed figure took
//! seconds. Most files are unchanged since the last commit, and git already knows which: the
//! index holds the blob id of every tracked file, and status tells which files differ from
//! it (stat-based, as `git status` does). This cache remembers, per path and blob id, what
//! the cross-file rules need of a file that passed validation:
//!
//! - a plan: its id and every node id (for the node links of meetings),
//! - a meeting: its id and the node links it makes,
//! - a responses file: the meeting it answers and the blob id of those minutes.
//!
//! Per-file verdicts depend on the settings (status, department, committee and member ids),
//! so the whole cache is tied to a digest of the settings without the cycle state (which
//! every phase commit advances), and to a digest of the sources of the build
//! (`KAIKAKU_RULES_DIGEST`, from build.rs), so new rules or a new parser never trust an old
//! verdict.
//!
//! A commit then parses only the changed files (plus the partner minutes or responses of a
//! changed one), validates them on their own with the same functions `check` uses
//! ([`validate_plan`], [`validate_meeting`], [`validate_responses`]), and re-runs the
//! cross-file rules for the whole workspace from the summaries: duplicate plan and meeting
//! ids, file names, node links, responses → minutes. Unchanged files are still probed for
//! readability, as a full load reads them.
//!
//! A changed plan is not even parsed whole. A one-figure edit of a 1.3 MB plan changes one
//! node, and the version the cache vouches for is in the repository (HEAD's, unless a
//! commit was made without kaikaku since): both texts are split at their nodes
//! (`plan_memo`), and where they have the same shape — the same nodes, ids, plan fields,
//! and each differing node the same indicator ids and retirement — every other node is,
//! with what it inherits, exactly what passed validation. Only the differing nodes are
//! parsed and checked ([`validate_plan_nodes`]); the ids, and so the summary, are the
//! vouched version's. Any other change validates the plan whole.
//!
//! The cache only ever says "clean". Whenever it cannot prove a workspace clean (no cache, a
//! corrupt or stale one, a cache miss it cannot fill, any problem at all), the commit falls
//! back to the full load and `check`, which reports the problems and their count exactly as
//! before. So the fast path can make a commit faster, never let a broken workspace through:
//! a cached verdict is used only for the very blob it was computed on. The file lives in
//! `.kaikaku/cache/` (git-ignored), is replaced by a rename (not synced: it carries a CRC, and
//! a torn one only costs a full check), and may be deleted at any time.
//!
//! Trust model: a file that status reports unchanged is taken to hold its index blob, the
//! same assumption `git commit` makes; since a phase commit stages only the changed paths,
//! the blob validated is the blob committed.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use serde::{Deserialize, Serialize};

use super::plan_memo::{PlanMemo, Scanned};
use crate::model::response::validate_responses;
use crate::model::validate::{
    PlanNodes, node_ids, validate_meeting, validate_plan, validate_plan_nodes, validate_settings,
};
use crate::model::{Meeting, Settings};
use crate::store::canonical::to_canonical;
use crate::store::source::{DirSource, Narrowed, Source};
use crate::store::{Loaded, MINUTES_DIR, PLANS_DIR, RESPONSES_DIR, Workspace};

/// The cache file, relative to the workspace root (inside the git-ignored runtime directory
/// `store::lock::RUNTIME_DIR`).
pub const CACHE_PATH: &str = ".kaikaku/cache/validation.json";

/// First line of the file, followed by the CRC-32 of the JSON after it.
const MAGIC: &str = "kaikaku-validation-cache-1";

/// The build the verdicts were made by: its sources and locked dependencies.
const RULES: &str = env!("KAIKAKU_RULES_DIGEST");

/// What the cache file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// `KAIKAKU_RULES_DIGEST` of the build that wrote it.
    rules: String,
    /// [`settings_context`] of the settings the verdicts were made under.
    context: String,
    /// By path (`plans/x.ron`): files that passed validation, with their blob id.
    files: BTreeMap<String, Entry>,
}

/// One file known to pass validation as blob `blob`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    blob: String,
    summary: Summary,
}

/// What the cross-file rules need of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum Summary {
    Plan {
        id: String,
        /// Every node id, one per line. Valid ids hold no whitespace (`check_id`), and
        /// only valid files are summarised, so one string per file keeps the cache small
        /// and quick to read (tens of thousands of node ids in a large workspace).
        nodes: String,
    },
    Meeting {
        id: String,
        /// Every node link the meeting makes, `plan node`, one per line.
        links: String,
    },
    Responses {
        meeting: String,
        /// The blob of `minutes/<meeting>.ron` the file was validated against.
        minutes: String,
    },
}

/// A workspace proved clean by the cache, with the files that had to be parsed.
pub struct Verified {
    /// The settings and the `keep` files, loaded from the working tree (root set, so the
    /// settings can be saved).
    pub working: Workspace,
    /// The paths parsed: the changed data paths and the files the cache could not vouch
    /// for. The other side of the commit's diff loads the same paths.
    pub keep: HashSet<String>,
    /// The cache to write after the commit: every file of the workspace, as validated.
    pub cache: Cache,
    /// The changed plans parsed through a node memo, by path: HEAD's versions are scanned
    /// from them, so the commit's diff parses only the nodes that changed.
    pub memos: HashMap<String, (PlanMemo, Scanned)>,
    /// The metadata of those plans' files, taken before they were read: the index entry of
    /// the text validated (`git add` also stats a file before reading it, so a later save
    /// never hides behind a clean-looking entry). Their blob ids in `cache` are left empty,
    /// to be set from the blobs staged ([`Cache::set_blob`]): hashing the text here as well
    /// would hash each changed plan twice.
    pub stats: HashMap<String, std::fs::Metadata>,
    /// The changed plans proved clean node by node from the version the cache vouches for
    /// (see [`Pending::finish`]); the others were validated whole.
    pub compared: HashSet<String>,
}

/// Threads a changed plan's nodes are parsed on: the commit waits for that parse.
const PLAN_PARSE_THREADS: usize = 2;

/// A version of a plan file from the repository: HEAD's, or the one the cache vouches for.
pub struct HeadPlan {
    pub path: String,
    pub blob: Oid,
    pub bytes: Vec<u8>,
}

/// A changed plan compared with the version the cache vouches for (see
/// [`incremental_plan`]): the nodes left to check, and the summary it shares with that
/// version.
struct Incremental {
    nodes: Vec<(crate::model::Node, Option<crate::model::FiscalYear>)>,
    summary: Summary,
}

/// The files to parse before [`finish`] can decide, from the cache and the git status.
pub struct Pending {
    cache: Cache,
    source: DirSource,
    /// Paths of every workspace file a full load would read, by directory.
    listed: Vec<String>,
    /// Blob ids of the listed files the cache vouches for.
    keys: HashMap<String, Oid>,
    /// See [`Verified::keep`].
    pub keep: HashSet<String>,
    /// The changed data paths (from status): the files the commit stages.
    dirty: HashSet<String>,
}

impl Cache {
    /// The blob id a file had when it passed validation (empty: not known yet, see
    /// [`Verified::stats`]; an empty id matches no index entry, so such an entry is never
    /// trusted).
    pub fn blob(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|entry| entry.blob.as_str())
    }

    /// A cache vouching for one plan file, not yet staged (for the staging tests).
    #[cfg(test)]
    pub(crate) fn for_plan(path: &str) -> Self {
        let summary = Summary::Plan {
            id: "p".into(),
            nodes: String::new(),
        };
        let entry = Entry {
            blob: String::new(),
            summary,
        };
        Cache {
            rules: RULES.to_string(),
            context: String::new(),
            files: [(path.to_string(), entry)].into(),
        }
    }

    /// Records the blob a validated file was staged as.
    pub fn set_blob(&mut self, path: &str, id: Oid) {
        if let Some(entry) = self.files.get_mut(path) {
            entry.blob = id.to_string();
        }
    }
}

/// The digest of the settings the per-file verdicts depend on: all of it but the cycle
/// state, so closing a phase does not invalidate the cache.
pub fn settings_context(settings: &Settings) -> Option<String> {
    let mut settings = settings.clone();
    settings.cycle = None;
    let text = to_canonical(&settings).ok()?;
    hash(&text)
}

pub(crate) fn hash(text: &str) -> Option<String> {
    Oid::hash_object(ObjectType::Blob, text.as_bytes())
        .ok()
        .map(|id| id.to_string())
}

/// Reads the cache of the workspace in `dir`; `None` when it is missing, corrupt, or from
/// another build.
pub fn read(dir: &Path) -> Option<Cache> {
    // Never through a link or from a pipe (which would hang the commit); no cache is ever
    // near the limit.
    let bytes = crate::store::runtime::read_small(&dir.join(CACHE_PATH), 256 * 1024 * 1024)?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (header, body) = text.split_once('\n')?;
    let (magic, crc) = header.split_once(' ')?;
    if magic != MAGIC || crc != format!("{:08x}", crc32fast::hash(body.as_bytes())) {
        return None;
    }
    let cache: Cache = serde_json::from_str(body).ok()?;
    (cache.rules == RULES).then_some(cache)
}

/// Writes the cache atomically. Failure is not an error for the caller: the cache only
/// saves time, and a missing one means a full check next time.
pub fn write(dir: &Path, cache: &Cache) -> crate::error::Result<()> {
    let path = dir.join(CACHE_PATH);
    crate::store::runtime::ensure_dir(&crate::store::fs_layer::StdFs, dir, "cache")?;
    let body = serde_json::to_string(cache).map_err(|e| {
        crate::error::Error::Invalid(crate::text!(
            "キャッシュを書き出せません（詳細: {e}）",
            "cannot write the cache: {e}"
        ))
    })?;
    let text = format!("{MAGIC} {:08x}\n{body}", crc32fast::hash(body.as_bytes()));
    // Not synced: a torn or lost cache fails its CRC and costs one full check.
    crate::store::atomic::replace_unsynced(&path, text.as_bytes())
}

/// Regular files in the index at stage 0, by path: the blobs a commit would keep for paths
/// status reports unchanged. Entries status does not compare with the file (assume-unchanged,
/// skip-worktree, intent-to-add) are left out, so those files are parsed from disk.
fn index_blobs(repo: &Repository) -> Option<HashMap<String, Oid>> {
    const STAGE_MASK: u16 = 0x3000;
    const ASSUME_VALID: u16 = 0x8000;
    const SKIP_WORKTREE_OR_INTENT: u16 = 0x6000;
    let index = repo.index().ok()?;
    let mut out = HashMap::new();
    for entry in index.iter() {
        let compared = entry.flags & (STAGE_MASK | ASSUME_VALID) == 0
            && entry.flags_extended & SKIP_WORKTREE_OR_INTENT == 0;
        let regular = entry.mode == 0o100_644 || entry.mode == 0o100_755;
        if compared
            && regular
            && let Ok(path) = String::from_utf8(entry.path)
        {
            out.insert(path, entry.id);
        }
    }
    Some(out)
}

/// `minutes/<id>.ron` for `responses/<id>.ron` and back: the partner file whose content the
/// other's validation depends on.
fn partner(path: &str) -> Option<String> {
    if let Some(name) = path.strip_prefix(&format!("{RESPONSES_DIR}/")) {
        return Some(format!("{MINUTES_DIR}/{name}"));
    }
    path.strip_prefix(&format!("{MINUTES_DIR}/"))
        .map(|name| format!("{RESPONSES_DIR}/{name}"))
}

/// Decides which files must be parsed, given the changed data paths from git status.
/// `None` when the cache cannot help (missing, corrupt, from another build, or the workspace
/// cannot be listed): the caller then runs the full check.
pub fn prepare(repo: &Repository, dir: &Path, dirty: &[String]) -> Option<Pending> {
    let cache = read(dir)?;
    let source = DirSource::new(dir).ok()?;
    if !source.has_settings() {
        return None;
    }
    let index = index_blobs(repo)?;
    let dirty: HashSet<&str> = dirty.iter().map(String::as_str).collect();
    let mut listed = Vec::new();
    for directory in [PLANS_DIR, MINUTES_DIR, RESPONSES_DIR] {
        for name in source.list(directory).ok()? {
            listed.push(format!("{directory}/{name}"));
        }
    }
    let mut keep: HashSet<String> = dirty.iter().map(|p| (*p).to_string()).collect();
    let mut keys = HashMap::new();
    for path in &listed {
        let key = index
            .get(path)
            .filter(|_| !dirty.contains(path.as_str()))
            .filter(|id| {
                cache
                    .files
                    .get(path)
                    .is_some_and(|entry| entry.blob == id.to_string())
            });
        match key {
            Some(id) => {
                keys.insert(path.clone(), *id);
            }
            None => {
                keep.insert(path.clone());
            }
        }
    }
    // A responses file is validated against its minutes: when either is parsed, or the
    // minutes are not the blob the responses were validated with, parse both.
    let listed_set: HashSet<&str> = listed.iter().map(String::as_str).collect();
    for path in listed.iter().filter(|p| in_dir(p, RESPONSES_DIR)) {
        let Some(minutes) = partner(path) else {
            continue;
        };
        let stale = match cache.files.get(path).map(|e| &e.summary) {
            Some(Summary::Responses { minutes: blob, .. }) => {
                keys.get(&minutes).map(Oid::to_string).as_ref() != Some(blob)
            }
            _ => true,
        };
        if stale || keep.contains(path) || keep.contains(&minutes) {
            for file in [path.clone(), minutes] {
                if listed_set.contains(file.as_str()) {
                    keys.remove(&file);
                    keep.insert(file);
                }
            }
        }
    }
    let dirty = dirty.iter().map(|p| (*p).to_string()).collect();
    Some(Pending {
        cache,
        source,
        listed,
        keys,
        keep,
        dirty,
    })
}

/// Node links, recorded instead of resolved: running a meeting's validation against this
/// gives its problems without link problems, and the links to check against any plans.
#[derive(Default)]
struct Recorder(RefCell<BTreeSet<(String, String)>>);

impl PlanNodes for Recorder {
    fn has_node(&self, plan: &str, node: &str) -> Option<bool> {
        self.0
            .borrow_mut()
            .insert((plan.to_string(), node.to_string()));
        Some(true)
    }
}

/// Node ids by plan id, from summaries and parsed plans.
struct Summaries<'a>(HashMap<&'a str, HashSet<&'a str>>);

impl PlanNodes for Summaries<'_> {
    fn has_node(&self, plan: &str, node: &str) -> Option<bool> {
        self.0.get(plan).map(|nodes| nodes.contains(node))
    }
}

/// Whether one meeting passes validation apart from its node links, and those links as
/// [`Summary::Meeting::links`] (`None` when a link holds whitespace and cannot be written so;
/// such a link resolves to no node anyway).
fn meeting_alone(settings: Option<&Settings>, meeting: &Meeting) -> (bool, Option<String>) {
    let recorder = Recorder::default();
    let clean = validate_meeting(settings, meeting, &recorder).is_empty();
    let links = recorder.0.into_inner();
    let plain = |id: &str| !id.is_empty() && !id.contains(char::is_whitespace);
    let text = links
        .iter()
        .all(|(plan, node)| plain(plan) && plain(node))
        .then(|| {
            let mut text = String::new();
            for (plan, node) in &links {
                text.push_str(plan);
                text.push(' ');
                text.push_str(node);
                text.push('\n');
            }
            text
        });
    (clean, text)
}

/// A plan's node ids as [`Summary::Plan::nodes`]; `None` when one holds whitespace (which
/// validation refuses anyway).
fn plan_nodes(plan: &crate::model::Plan) -> Option<String> {
    let mut out = String::new();
    for id in node_ids(plan) {
        if id.is_empty() || id.contains(char::is_whitespace) {
            return None;
        }
        out.push_str(id);
        out.push('\n');
    }
    Some(out)
}

/// Whether `path` is a file directly in `dir`.
fn in_dir(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.contains('/'))
}

/// The file stem a file of this id must have (`plans/<id>.ron`).
fn named_after(path: &str, id: &str) -> bool {
    path.rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".ron"))
        .is_some_and(|stem| stem == id)
}

impl Pending {
    /// The blobs the cache vouches for of the changed plans, by path: the versions
    /// [`Self::finish`] compares them with.
    pub fn vouched_plans(&self) -> HashMap<String, Oid> {
        self.dirty
            .iter()
            .filter(|path| in_dir(path, PLANS_DIR))
            .filter_map(|path| {
                let entry = self.cache.files.get(path)?;
                let id = Oid::from_str(&entry.blob).ok()?;
                matches!(entry.summary, Summary::Plan { .. }).then(|| (path.clone(), id))
            })
            .collect()
    }

    /// Loads the files to parse and decides: `Some` only when the whole workspace is proved
    /// to pass `check`. `None` means "run the full check", never "broken".
    ///
    /// `head_plans` gives the repository's versions of the changed plans, HEAD's and the
    /// ones the cache vouches for ([`Self::vouched_plans`]), once they are read (on another
    /// thread, while this one reads the working tree). A changed plan is compared node by
    /// node with the version the cache vouches for, and only the nodes that differ are
    /// parsed and checked ([`incremental_plan`]); where it cannot be, it is parsed and
    /// validated whole.
    pub fn finish(self, head_plans: &dyn Fn() -> Option<Vec<HeadPlan>>) -> Option<Verified> {
        let Pending {
            cache,
            source,
            listed,
            keys,
            keep,
            dirty,
        } = self;
        // Unchanged files are not read, but must be readable, as a full load reads them.
        let mut by_dir: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for path in keys.keys() {
            let (directory, name) = path.split_once('/')?;
            by_dir.entry(directory).or_default().push(name);
        }
        for (directory, names) in by_dir {
            source.probe_in(directory, names).ok()?;
        }
        let (working, memos, stats, mut incremental) =
            load_kept(&source, &listed, &keep, &dirty, &cache, head_plans)?;
        if !working.load_errors.is_empty() {
            return None;
        }
        let settings = working.settings()?;
        let context = settings_context(settings)?;
        if context != cache.context || !validate_settings(settings).is_empty() {
            return None;
        }
        let mut files = BTreeMap::new();
        let compared: HashSet<String> = incremental.keys().cloned().collect();
        for loaded in &working.plans {
            let summary = plan_summary(settings, loaded, incremental.remove(&loaded.path))?;
            let blob = if stats.contains_key(&loaded.path) {
                String::new()
            } else {
                hash(&loaded.text)?
            };
            files.insert(loaded.path.clone(), (blob, summary));
        }
        for loaded in &working.meetings {
            let (clean, links) = meeting_alone(Some(settings), &loaded.value);
            if !clean {
                return None;
            }
            let summary = Summary::Meeting {
                id: loaded.value.id.clone(),
                links: links?,
            };
            files.insert(loaded.path.clone(), (hash(&loaded.text)?, summary));
        }
        // Moved, not cloned: a large workspace has tens of thousands of node ids here.
        let mut cached = cache.files;
        for (path, id) in &keys {
            let entry = cached.remove(path)?;
            files.insert(path.clone(), (id.to_string(), entry.summary));
        }
        for loaded in &working.responses {
            let file = &loaded.value;
            // Paired by file name, which a clean load guarantees is the meeting id.
            let minutes = partner(&loaded.path)?;
            let meeting = working.meetings.iter().find(|m| m.path == minutes)?;
            if meeting.value.id != file.meeting
                || !validate_responses(file, Some(&meeting.value), Some(settings)).is_empty()
            {
                return None;
            }
            let summary = Summary::Responses {
                meeting: file.meeting.clone(),
                minutes: hash(&meeting.text)?,
            };
            files.insert(loaded.path.clone(), (hash(&loaded.text)?, summary));
        }
        if !(as_vouched(&listed, &keys, &cached, &files) || cross_file_rules_hold(&listed, &files))
        {
            return None;
        }
        Some(Verified {
            cache: Cache {
                rules: RULES.to_string(),
                context,
                files: files
                    .into_iter()
                    .map(|(path, (blob, summary))| (path, Entry { blob, summary }))
                    .collect(),
            },
            working,
            keep,
            memos,
            stats,
            compared,
        })
    }
}

/// The settings and the `keep` files of the working tree, the changed plans among them parsed
/// through a node memo on both cores (a plan the memo does not take is loaded as before, and
/// so is everything else), with the memos and the stats of the dirty ones
/// ([`Verified::stats`]). The changed plans compared with the version the cache vouches
/// for ([`incremental_plan`]) come back with the nodes left to check.
#[allow(clippy::type_complexity)] // the parts of `Verified` it fills
fn load_kept(
    source: &DirSource,
    listed: &[String],
    keep: &HashSet<String>,
    dirty: &HashSet<String>,
    cache: &Cache,
    head_plans: &dyn Fn() -> Option<Vec<HeadPlan>>,
) -> Option<(
    Workspace,
    HashMap<String, (PlanMemo, Scanned)>,
    HashMap<String, std::fs::Metadata>,
    HashMap<String, Incremental>,
)> {
    // The changed plans are parsed through a node memo on both cores; a plan the memo
    // does not take is loaded as before, and so is everything else.
    let listed_set: HashSet<&str> = listed.iter().map(String::as_str).collect();
    let mut memos = HashMap::new();
    let mut stats = HashMap::new();
    let mut memo_plans = Vec::new();
    let mut incremental = HashMap::new();
    let mut rest = keep.clone();
    let heads: std::cell::OnceCell<Vec<HeadPlan>> = std::cell::OnceCell::new();
    for path in keep
        .iter()
        .filter(|path| in_dir(path, PLANS_DIR) && listed_set.contains(path.as_str()))
    {
        let stat = source
            .root()
            .and_then(|root| std::fs::symlink_metadata(root.join(path)).ok());
        let proved = cache
            .files
            .get(path.as_str())
            .filter(|_| dirty.contains(path))
            .and_then(|entry| {
                // The vouched version is asked for only after the working one is scanned:
                // it is read on another thread meanwhile.
                let head = || {
                    heads
                        .get_or_init(|| head_plans().unwrap_or_default())
                        .iter()
                        .find(|head| &head.path == path && head.blob.to_string() == entry.blob)
                };
                incremental_plan(source, path, head, &entry.summary)
            });
        let Some((loaded, memo)) = (match proved {
            Some((loaded, memo, proved)) => {
                incremental.insert(path.clone(), proved);
                Some((loaded, memo))
            }
            None => memo_plan(source, path),
        }) else {
            continue;
        };
        rest.remove(path);
        memo_plans.push(loaded);
        memos.insert(path.clone(), memo);
        if let Some(stat) = stat.filter(|_| dirty.contains(path)) {
            stats.insert(path.clone(), stat);
        }
    }
    let mut working = Workspace::load_from(&Narrowed {
        inner: source,
        keep: &rest,
    })
    .ok()?;
    for plan in memo_plans {
        working.add_parsed_plan(plan);
    }
    // In the order a load lists them: by file name.
    working.plans.sort_by(|a, b| a.path.cmp(&b.path));
    Some((working, memos, stats, incremental))
}

/// A changed plan compared with the version `base` the cache vouches passed validation
/// (`summary` is what it recorded; HEAD's version, unless a commit was made without
/// kaikaku since): when the working text has that version's shape
/// ([`PlanMemo::changed_since_clean`]), only the nodes that differ are parsed, and they
/// are what is left to check. The plan loaded holds its own fields and no nodes: the
/// commit's diff puts both sides together from the memo (`commit_diff::diff_sides`), and
/// its text is whole, for staging. `None` when the versions differ in shape: the plan is
/// then parsed and validated whole.
fn incremental_plan<'h>(
    source: &DirSource,
    path: &str,
    base: impl FnOnce() -> Option<&'h HeadPlan>,
    summary: &Summary,
) -> Option<(Loaded<crate::model::Plan>, (PlanMemo, Scanned), Incremental)> {
    let Summary::Plan { .. } = summary else {
        return None;
    };
    let text = String::from_utf8(source.read(path).ok()?).ok()?;
    let mut memo = PlanMemo::lazy();
    let mut scanned = memo.scan(&text, 0)?;
    let mut base_scan = memo.scan_bytes(&base()?.bytes, 0)?;
    let changed = memo.changed_since_clean(&mut base_scan, &mut scanned)?;
    let nodes = changed
        .iter()
        .map(|&index| memo.node_with_retirement(&scanned, index))
        .collect::<Option<Vec<_>>>()?;
    // Its own fields only: the commit's diff puts the plan together from the memo.
    let plan = memo.assemble(&scanned, Some(&[]), 0)?;
    let loaded = Loaded {
        path: path.to_string(),
        text,
        value: plan,
    };
    let proved = Incremental {
        nodes,
        summary: summary.clone(),
    };
    Some((loaded, (memo, scanned), proved))
}

/// A changed plan of the working tree parsed through a node memo, with the memo; `None`
/// when it cannot be read or the memo does not take it (a load then reads and reports it).
fn memo_plan(
    source: &DirSource,
    path: &str,
) -> Option<(Loaded<crate::model::Plan>, (PlanMemo, Scanned))> {
    let bytes = source.read(path).ok()?;
    let mut memo = PlanMemo::with_threads(PLAN_PARSE_THREADS);
    let scanned = memo.scan_bytes(&bytes, 0)?;
    let plan = memo.assemble(&scanned, None, 0)?;
    let text = String::from_utf8(bytes).ok()?;
    let loaded = Loaded {
        path: path.to_string(),
        text,
        value: plan,
    };
    Some((loaded, (memo, scanned)))
}

/// The summary of a working plan that passes validation: checked node by node where it
/// was compared with the vouched version (`proved`), else whole. `None` when it fails.
fn plan_summary(
    settings: &Settings,
    loaded: &Loaded<crate::model::Plan>,
    proved: Option<Incremental>,
) -> Option<Summary> {
    if let Some(proved) = proved {
        let problems = validate_plan_nodes(Some(settings), &loaded.value.id, &proved.nodes);
        return problems.is_empty().then_some(proved.summary);
    }
    if !validate_plan(Some(settings), &loaded.value).is_empty() {
        return None;
    }
    Some(Summary::Plan {
        id: loaded.value.id.clone(),
        nodes: plan_nodes(&loaded.value)?,
    })
}

/// Whether the files are the ones the cache holds, with the same summaries: `keys` were
/// moved from the cache, and what is left of it in `cached` must be plans with the
/// summaries they have now. Every rule that spans files reads the paths and the summaries
/// alone (a responses file's summary names its minutes' blob), and the cache was written
/// for a workspace that passed them all. So a commit that changed figures but no ids skips
/// rebuilding the node-id sets of every plan (20,000 ids on the large workspace). A
/// changed meeting or responses file is always checked.
fn as_vouched(
    listed: &[String],
    keys: &HashMap<String, Oid>,
    cached: &BTreeMap<String, Entry>,
    files: &BTreeMap<String, (String, Summary)>,
) -> bool {
    listed.len() == files.len()
        && listed.iter().all(|path| files.contains_key(path))
        && keys.len() + cached.len() == files.len()
        && cached.iter().all(|(path, entry)| {
            matches!(entry.summary, Summary::Plan { .. })
                && files
                    .get(path)
                    .is_some_and(|(_, summary)| *summary == entry.summary)
        })
}

/// The rules that span files, over every listed file's summary: each file is named after its
/// id, no id repeats, every node link resolves, every responses file has its minutes and
/// was validated against their current blob.
fn cross_file_rules_hold(listed: &[String], files: &BTreeMap<String, (String, Summary)>) -> bool {
    if listed.len() != files.len() || listed.iter().any(|p| !files.contains_key(p)) {
        return false;
    }
    let mut plans: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut meetings = HashSet::new();
    for (path, (_, summary)) in files {
        match summary {
            Summary::Plan { id, nodes } => {
                let fresh = plans.insert(id, nodes.lines().collect()).is_none();
                if !fresh || !named_after(path, id) {
                    return false;
                }
            }
            Summary::Meeting { id, .. } => {
                if !meetings.insert(id.as_str()) || !named_after(path, id) {
                    return false;
                }
            }
            Summary::Responses { meeting, .. } => {
                if !named_after(path, meeting) {
                    return false;
                }
            }
        }
    }
    let nodes = Summaries(plans);
    files.iter().all(|(path, (_, summary))| match summary {
        Summary::Plan { .. } => in_dir(path, PLANS_DIR),
        Summary::Meeting { links, .. } => {
            in_dir(path, MINUTES_DIR)
                && links.lines().all(|line| {
                    line.split_once(' ')
                        .is_some_and(|(plan, node)| nodes.has_node(plan, node) == Some(true))
                })
        }
        Summary::Responses { minutes, .. } => {
            in_dir(path, RESPONSES_DIR)
                && partner(path)
                    .and_then(|m| files.get(&m))
                    .is_some_and(|(blob, _)| blob == minutes)
        }
    })
}

/// The cache for a workspace that passed the full `check`: every file, keyed by the blob of
/// the text that was validated. `None` when the settings did not load (no cache then).
pub fn from_checked(workspace: &Workspace) -> Option<Cache> {
    let settings = workspace.settings()?;
    let context = settings_context(settings)?;
    let mut files = BTreeMap::new();
    for loaded in &workspace.plans {
        let summary = Summary::Plan {
            id: loaded.value.id.clone(),
            nodes: plan_nodes(&loaded.value)?,
        };
        files.insert(
            loaded.path.clone(),
            Entry {
                blob: hash(&loaded.text)?,
                summary,
            },
        );
    }
    let mut minutes_blobs = HashMap::new();
    for loaded in &workspace.meetings {
        let links = meeting_alone(Some(settings), &loaded.value).1?;
        let blob = hash(&loaded.text)?;
        minutes_blobs.insert(loaded.path.clone(), blob.clone());
        let summary = Summary::Meeting {
            id: loaded.value.id.clone(),
            links,
        };
        files.insert(loaded.path.clone(), Entry { blob, summary });
    }
    for loaded in &workspace.responses {
        let Some(minutes) = partner(&loaded.path).and_then(|m| minutes_blobs.get(&m)) else {
            continue;
        };
        let summary = Summary::Responses {
            meeting: loaded.value.meeting.clone(),
            minutes: minutes.clone(),
        };
        files.insert(
            loaded.path.clone(),
            Entry {
                blob: hash(&loaded.text)?,
                summary,
            },
        );
    }
    Some(Cache {
        rules: RULES.to_string(),
        context,
        files,
    })
}
