//! Phase commits and cycle tags: the deliberate acts that record the PDCA cycle in git.
//!
//! Editing saves files continuously; closing a phase makes exactly one commit of workspace
//! data with a structured message (subject, semantic summary, trailers), and advances the
//! cycle state in `kaikaku.ron`. Closing a cycle makes an annotated tag chained to the
//! previous one. Both refuse rather than guess: a failing `check`, unrelated dirty files, a
//! locked index, a detached HEAD or a missing identity each stop with a typed error.
//!
//! Crash safety: objects are written first (fsync on), then the branch moves with a
//! compare-and-swap; only then are the index and the cycle state in the working tree
//! updated. A kill at any point leaves HEAD at the old or the new commit. A kill between the
//! branch move and the working-tree update leaves a stale cycle state, which the next commit
//! repairs ([`repair_interrupted`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;

use git2::{ObjectType, Oid, Repository, Status, StatusOptions};

use super::check_cache;
use super::check_cache::HeadPlan;
use super::commit_diff::{HeadSide, PlanSender, diff_sides, head_side};
use super::diff::{Category, Change, WorkspaceDiff, diff};
use super::git_source::{GitSource, load_commit, load_empty};
use super::plan_memo::{PlanMemo, Scanned};
use super::repo::{self, trailer, trailers};
use super::sign;
use super::stage::stage_changed;
use crate::error::{Error, Result};
use crate::model::{CycleState, FiscalYear, Meeting, Phase, Settings, sanitize, sanitize_inline};
use crate::store::canonical::to_canonical;
use crate::store::source::{DirSource, Narrowed};
use crate::store::workspace::parse_text;
use crate::store::{SETTINGS_FILE, Workspace};

/// Trailer keys written by kaikaku.
pub const TRAILER_CYCLE: &str = "Kaikaku-Cycle";
pub const TRAILER_PHASE: &str = "Kaikaku-Phase";
pub const TRAILER_MEETING: &str = "Kaikaku-Meeting";
pub const TRAILER_CHANGED: &str = "Kaikaku-Changed";
/// Marks commits that are not phase commits but still made by kaikaku (init, sync merges).
pub const TRAILER_EVENT: &str = "Kaikaku-Event";
/// The event of the commit that creates a workspace: the baseline of its first cycle.
pub const EVENT_INIT: &str = "init";
pub const TRAILER_SEQUENCE: &str = "Kaikaku-Sequence";
pub const TRAILER_PREVIOUS_TAG: &str = "Kaikaku-Previous-Tag";
/// The commit the first cycle's summary counts from.
pub const TRAILER_BASELINE: &str = "Kaikaku-Baseline";

/// Prefix of cycle tags: `cycle/FY2024`.
pub const TAG_PREFIX: &str = "cycle/";

/// Most change lines written into a commit body; the rest are counted.
const MAX_BODY_LINES: usize = 300;

/// What the user asks for when closing a phase.
#[derive(Clone, Debug, Default)]
pub struct PhaseRequest {
    /// The phase to close; the current phase of the cycle when `None`.
    pub phase: Option<Phase>,
    /// The cycle (fiscal year); the current one when `None`.
    pub cycle: Option<FiscalYear>,
    /// The user's own text for the commit body.
    pub message: Option<String>,
}

/// A phase commit as it would be (or was) made.
#[derive(Clone, Debug)]
pub struct PhasePlan {
    pub cycle: FiscalYear,
    pub phase: Phase,
    /// The cycle state written with the commit.
    pub next: CycleState,
    pub subject: String,
    pub message: String,
    pub diff: WorkspaceDiff,
}

/// The result of a phase commit.
#[derive(Clone, Debug)]
pub struct PhaseCommit {
    pub id: Oid,
    pub plan: PhasePlan,
    pub signed: bool,
}

/// The phase after `phase`, and the cycle state after closing it.
pub fn next_state(year: FiscalYear, phase: Phase) -> CycleState {
    match phase {
        Phase::Plan => CycleState {
            year,
            phase: Phase::Do,
        },
        Phase::Do => CycleState {
            year,
            phase: Phase::Check,
        },
        Phase::Check => CycleState {
            year,
            phase: Phase::Act,
        },
        Phase::Act => CycleState {
            year: FiscalYear(year.0 + 1),
            phase: Phase::Plan,
        },
    }
}

/// Extra data paths of a workspace beyond the fixed ones (the allowed-signers file).
fn extra_paths(settings: Option<&Settings>) -> Vec<String> {
    settings
        .and_then(|s| s.signing.as_ref())
        .map(|s| vec![s.allowed_signers.clone()])
        .unwrap_or_default()
}

/// Changed paths in the repository, split into workspace data and everything else.
pub fn dirty_paths(repo: &Repository, extra: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    status_paths(repo, extra, false)
}

/// What the validation cache proves of the working tree of `dir`, as a phase commit asks
/// it (HEAD's side read first here, not alongside): `None` when it cannot prove the tree
/// clean (the commit then runs the full check), else the changed plans it proved clean
/// node by node. For the tests and for diagnostics.
pub fn cache_verdict(dir: &Path) -> Result<Option<HashSet<String>>> {
    let repo = repo::open(dir)?;
    let (dirty, _) = dirty_paths(&repo, &extra_paths_in(dir))?;
    let Some(pending) = check_cache::prepare(&repo, dir, &dirty) else {
        return Ok(None);
    };
    let head = repo::head_commit(&repo)?.map(|commit| commit.tree_id());
    let (send, receive) = mpsc::channel();
    let vouched = pending.vouched_plans();
    head_side(
        &repo,
        tree_of(&repo, head)?.as_ref(),
        &pending.keep,
        Some((&send, &vouched)),
    )?;
    drop(send);
    Ok(pending
        .finish(&|| receive.recv().ok())
        .map(|verified| verified.compared))
}

/// Like [`dirty_paths`], for a commit: it refreshes the stat data of unchanged index
/// entries on the way (as `git status` does), so the next status does not hash files again
/// (after a copy or a checkout every entry's stat data is stale, and status would re-hash
/// the whole workspace on every commit), and takes the plans whose stat data changed as
/// changed without hashing them (`plan_stat`): the commit parses and stages them anyway.
fn status_paths(
    repo: &Repository,
    extra: &[String],
    refresh: bool,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true)
        .update_index(refresh);
    let assumed = if refresh {
        super::plan_stat::plans_changed_by_stat(repo)
    } else {
        Vec::new()
    };
    if !assumed.is_empty() {
        // The first pattern a path matches decides: these plans are left out, every
        // other path is in.
        for path in &assumed {
            options.pathspec(format!("!{path}"));
        }
        options.pathspec("*");
    }
    let statuses = repo
        .statuses(Some(&mut options))
        .map_err(|e| Error::git("cannot read the working tree status", e))?;
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let (mut data, mut other) = (Vec::new(), Vec::new());
    for entry in statuses.iter() {
        if entry.status() == Status::CURRENT || entry.status().contains(Status::IGNORED) {
            continue;
        }
        let path = String::from_utf8_lossy(entry.path_bytes()).into_owned();
        // kaikaku's own runtime files are never data and never "unrelated", even where
        // .gitignore does not list them (a clone's own ignore file): never staged.
        if path.starts_with(&format!("{}/", crate::store::lock::RUNTIME_DIR)) {
            continue;
        }
        if repo::is_data_path(&path, &extra) {
            data.push(path);
        } else {
            other.push(sanitize_inline(&path));
        }
    }
    for path in assumed {
        if !data.contains(&path) {
            data.push(path);
        }
    }
    Ok((data, other))
}

/// Meetings touched by a diff, in order, without repeats.
fn touched_meetings<'w>(diff: &WorkspaceDiff, workspace: &'w Workspace) -> Vec<&'w Meeting> {
    let mut out: Vec<&Meeting> = Vec::new();
    for change in &diff.changes {
        if change.category() != Category::Meetings && change.category() != Category::Statements {
            continue;
        }
        let item = change.item();
        let id = item.split('/').next().unwrap_or("");
        if let Some(meeting) = workspace.meeting(id)
            && !out.iter().any(|m| m.id == meeting.id)
        {
            out.push(meeting);
        }
    }
    out
}

/// Builds the commit message of a phase commit (pure: used for previews in the TUI too).
pub fn compose(
    cycle: FiscalYear,
    phase: Phase,
    diff: &WorkspaceDiff,
    workspace: &Workspace,
    user_text: Option<&str>,
) -> (String, String) {
    let counts = diff.counts();
    let meetings = touched_meetings(diff, workspace);
    let subject = match meetings.first() {
        Some(meeting) => format!(
            "{} {}: {} ({})",
            cycle.western(),
            phase.title(),
            sanitize_inline(&meeting.title),
            meeting.date
        ),
        None => format!("{} {}: {counts}", cycle.western(), phase.title()),
    };
    let lang = workspace.settings().map(|s| s.language).unwrap_or_default();
    let mut message = format!("{subject}\n\n");
    if let Some(text) = user_text.map(str::trim).filter(|t| !t.is_empty()) {
        message.push_str(&sanitize(text));
        message.push_str("\n\n");
    }
    let data: Vec<&Change> = diff
        .changes
        .iter()
        .filter(|c| c.category() != Category::Cycle)
        .collect();
    if data.is_empty() {
        message.push_str("No data changes; the phase is closed as is.\n\n");
    } else {
        let _ = writeln!(message, "Changes ({counts}):");
        for change in data.iter().take(MAX_BODY_LINES) {
            let _ = writeln!(message, "- {}", change.describe(lang, workspace.settings()));
        }
        if data.len() > MAX_BODY_LINES {
            let _ = writeln!(message, "- … and {} more", data.len() - MAX_BODY_LINES);
        }
        message.push('\n');
    }
    let _ = writeln!(message, "{TRAILER_CYCLE}: {}", cycle.western());
    let _ = writeln!(message, "{TRAILER_PHASE}: {}", phase.as_str());
    for meeting in &meetings {
        let _ = writeln!(
            message,
            "{TRAILER_MEETING}: {}",
            sanitize_inline(&meeting.id)
        );
    }
    let _ = writeln!(message, "{TRAILER_CHANGED}: {}", counts.trailer());
    (subject, message)
}

/// Decides cycle and phase for a request against the current state, refusing to reopen a
/// closed phase or cycle.
fn resolve_phase(state: Option<CycleState>, request: &PhaseRequest) -> Result<(FiscalYear, Phase)> {
    let today = FiscalYear::containing(chrono::Local::now().date_naive());
    let year = request.cycle.or(state.map(|s| s.year)).unwrap_or(today);
    let phase = request
        .phase
        .or(state.filter(|s| s.year == year).map(|s| s.phase))
        .unwrap_or(Phase::Plan);
    if let Some(state) = state {
        let (fy, now, at) = (year.western(), state.year.western(), state.phase.title());
        let (wareki, now_ja, at_ja) = (year.wareki(), state.year.wareki(), state.phase.label_ja());
        if year < state.year {
            return Err(Error::PhaseOrder(crate::text!(
                "{wareki}は終了しています。ワークスペースは{now_ja}の{at}（{at_ja}）です",
                "{fy} is closed; the workspace is in {now} {at}"
            )));
        }
        if year == state.year && phase < state.phase {
            let (closed, closed_ja) = (phase.title(), phase.label_ja());
            return Err(Error::PhaseOrder(crate::text!(
                "{wareki}の{closed}（{closed_ja}）はすでに閉じています。ワークスペースは{now_ja}の{at}（{at_ja}）です",
                "{fy} {closed} is already closed; the workspace is in {now} {at}"
            )));
        }
    }
    Ok((year, phase))
}

/// The state of a workspace before a phase commit: both sides of the diff.
struct Prepared<'r> {
    repo: &'r Repository,
    branch: String,
    parent: Option<git2::Commit<'r>>,
    /// The settings and the changed files of the working tree (see [`Validated`]).
    working: Workspace,
    /// The changed data paths, to stage.
    dirty: Vec<String>,
    plan: PhasePlan,
    settings_text: String,
    /// The validation cache to write once committed.
    cache: Option<check_cache::Cache>,
    /// See `check_cache::Verified::stats`.
    stats: HashMap<String, std::fs::Metadata>,
}

/// The working side of a phase commit, proved to pass `check`.
struct Validated {
    /// The settings and the `keep` files only: the rest is unchanged since HEAD, so it
    /// cannot add to the diff.
    working: Workspace,
    keep: HashSet<String>,
    cache: Option<check_cache::Cache>,
    /// The changed plans parsed through node memos (the cache's path only).
    memos: HashMap<String, (PlanMemo, Scanned)>,
    /// See `check_cache::Verified::stats`.
    stats: HashMap<String, std::fs::Metadata>,
}

/// The settings file alone, for the paths it adds to the workspace data (the allowed
/// signers); broken settings add none and fail the check later.
fn extra_paths_in(dir: &Path) -> Vec<String> {
    std::fs::read(dir.join(SETTINGS_FILE))
        .ok()
        .and_then(|bytes| parse_text::<Settings>(SETTINGS_FILE, bytes).ok())
        .map(|settings| extra_paths(Some(&settings.value)))
        .unwrap_or_default()
}

/// Proves the working tree passes `check`: from the validation cache when it can (parsing
/// only what changed), else by the full load and check, which alone decides a refusal and
/// its count.
fn validate_working(
    repo: &Repository,
    dir: &Path,
    dirty: Option<&[String]>,
    pending: Option<check_cache::Pending>,
    head_plans: &dyn Fn() -> Option<Vec<HeadPlan>>,
) -> Result<Validated> {
    if let Some(verified) = pending.and_then(|pending| pending.finish(head_plans)) {
        return Ok(Validated {
            working: verified.working,
            keep: verified.keep,
            cache: Some(verified.cache),
            memos: verified.memos,
            stats: verified.stats,
        });
    }
    let full = Workspace::load(dir)?;
    let problems = full.check();
    if !problems.is_empty() {
        return Err(Error::CheckFailed(problems.len()));
    }
    let cache = check_cache::from_checked(&full);
    drop(full);
    // A failed status is reported after the check, as it always was.
    let keep: HashSet<String> = match dirty {
        Some(dirty) => dirty.iter().cloned().collect(),
        None => status_paths(repo, &extra_paths_in(dir), false)?
            .0
            .into_iter()
            .collect(),
    };
    let working = Workspace::load_from(&Narrowed {
        inner: &DirSource::new(dir)?,
        keep: &keep,
    })?;
    Ok(Validated {
        working,
        keep,
        cache,
        memos: HashMap::new(),
        stats: HashMap::new(),
    })
}

/// The tree `id` names (`None`: no HEAD yet).
fn tree_of(repo: &Repository, id: Option<Oid>) -> Result<Option<git2::Tree<'_>>> {
    id.map(|id| repo.find_tree(id))
        .transpose()
        .map_err(|e| Error::git("cannot read the tree of HEAD", e))
}

fn prepare<'r>(repo: &'r Repository, dir: &Path, request: &PhaseRequest) -> Result<Prepared<'r>> {
    repo::check_index_lock(repo)?;
    let branch = repo::head_branch(repo)?;
    let parent = repo::head_commit(repo)?;
    let status = status_paths(repo, &extra_paths_in(dir), true);
    let dirty = status.as_ref().ok().map(|(data, _)| data.as_slice());
    let pending = dirty.and_then(|dirty| check_cache::prepare(repo, dir, dirty));
    // HEAD's side needs only the paths that may differ; it loads on a second thread (with
    // its own repository handle) while this one validates the working tree. When the
    // cache cannot help, the full check runs first and decides what HEAD's side needs.
    let head_keep: Option<HashSet<String>> = pending.as_ref().map(|p| p.keep.clone());
    let vouched = pending
        .as_ref()
        .map(check_cache::Pending::vouched_plans)
        .unwrap_or_default();
    let head_tree = parent.as_ref().map(git2::Commit::tree_id);
    let git_dir = repo.path().to_path_buf();
    let load_head = |repo: &Repository,
                     keep: &HashSet<String>,
                     send: Option<PlanSender<'_>>|
     -> Result<HeadSide> {
        head_side(repo, tree_of(repo, head_tree)?.as_ref(), keep, send)
    };
    let (validated, old) = std::thread::scope(|scope| -> Result<(Validated, HeadSide)> {
        let (send_plans, head_plans) = mpsc::channel();
        let early = head_keep.as_ref().map(|keep| {
            scope.spawn(move || {
                let repo = Repository::open(&git_dir)
                    .map_err(|e| Error::git("cannot open the repository again", e))?;
                load_head(&repo, keep, Some((&send_plans, &vouched)))
            })
        });
        let receive = || head_plans.recv().ok();
        let validated = validate_working(repo, dir, dirty, pending, &receive)?;
        let old = match early {
            Some(handle) if head_keep.as_ref() == Some(&validated.keep) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
            _ => load_head(repo, &validated.keep, None)?,
        };
        Ok((validated, old))
    })?;
    let (dirty, unrelated) = status?;
    if !unrelated.is_empty() {
        return Err(Error::UnrelatedChanges(unrelated));
    }
    let Validated {
        mut working,
        keep: _,
        cache,
        memos,
        stats,
    } = validated;
    let settings = working.settings().cloned().ok_or_else(|| Error::Broken {
        path: SETTINGS_FILE.into(),
    })?;
    let (cycle, phase) = resolve_phase(settings.cycle, request)?;
    let changes = diff_sides(
        repo,
        tree_of(repo, head_tree)?.as_ref(),
        old,
        &mut working,
        memos,
    )?;
    if phase == Phase::Act {
        let missing: Vec<String> = changes
            .missing_reasons()
            .iter()
            .map(|c| c.describe(settings.language, Some(&settings)))
            .collect();
        if !missing.is_empty() {
            return Err(Error::MissingReasons(missing));
        }
    }
    let next = next_state(cycle, phase);
    let (subject, message) = compose(cycle, phase, &changes, &working, request.message.as_deref());
    let mut new_settings = settings;
    new_settings.cycle = Some(next);
    let settings_text = to_canonical(&new_settings).map_err(|source| Error::Serialize {
        what: SETTINGS_FILE.into(),
        source,
    })?;
    Ok(Prepared {
        repo,
        branch,
        parent,
        working,
        dirty,
        plan: PhasePlan {
            cycle,
            phase,
            next,
            subject,
            message,
            diff: changes,
        },
        settings_text,
        cache,
        stats,
    })
}

/// What closing the phase would commit, without writing anything (TUI preview).
pub fn preview_phase(dir: &Path, request: &PhaseRequest) -> Result<PhasePlan> {
    let repo = repo::open(dir)?;
    Ok(prepare(&repo, dir, request)?.plan)
}

/// Writes a commit object (signed when the workspace asks for it) and returns its id.
fn write_commit(
    repo: &Repository,
    settings: Option<&Settings>,
    who: &repo::Identity,
    message: &str,
    tree: &git2::Tree<'_>,
    parents: &[&git2::Commit<'_>],
) -> Result<(Oid, bool)> {
    let buffer = repo
        .commit_create_buffer(&who.author, &who.committer, message, tree, parents)
        .map_err(|e| Error::git("cannot build the commit", e))?;
    let content = std::str::from_utf8(&buffer)
        .map_err(|_| {
            Error::Invalid(
                (
                    "コミットの内容が UTF-8 ではありません",
                    "commit content is not UTF-8",
                )
                    .into(),
            )
        })?
        .to_string();
    if let Some(signing) = settings.and_then(|s| s.signing.as_ref()) {
        let key = sign::signing_key(repo)?;
        let armored = sign::sign(signing.format, &key, content.as_bytes())?;
        let id = repo
            .commit_signed(&content, armored.trim_end(), None)
            .map_err(|e| Error::git("cannot write the signed commit", e))?;
        return Ok((id, true));
    }
    let id = repo
        .odb()
        .and_then(|odb| odb.write(ObjectType::Commit, content.as_bytes()))
        .map_err(|e| Error::git("cannot write the commit", e))?;
    Ok((id, false))
}

/// Moves `branch` to `id`, only if it still points at `parent` (compare-and-swap).
fn move_branch(
    repo: &Repository,
    branch: &str,
    id: Oid,
    parent: Option<Oid>,
    log: &str,
) -> Result<()> {
    let result = match parent {
        Some(parent) => repo.reference_matching(branch, id, true, parent, log),
        None => repo.reference(branch, id, false, log),
    };
    result
        .map(|_| ())
        .map_err(|e| Error::git(format!("cannot move {branch}"), e))
}

/// Closes a phase: one commit of the workspace data in `dir`.
pub fn commit_phase(dir: &Path, request: &PhaseRequest) -> Result<PhaseCommit> {
    super::fsync::enable_fsync();
    let repo = repo::open(dir)?;
    repair_interrupted(&repo, dir)?;
    let signature = repo::identity(&repo)?;
    let prepared = prepare(&repo, dir, request)?;
    let Prepared {
        repo,
        branch,
        parent,
        mut working,
        dirty,
        plan,
        settings_text,
        mut cache,
        stats,
    } = prepared;
    let mut index = repo
        .index()
        .map_err(|e| Error::git("cannot open the index", e))?;
    // Only the changed data paths are staged (status listed them, untracked ones included
    // and ignored ones left out, as `add --all` on the data paths would): the rest of the
    // index already holds exactly the blobs that were validated, so hashing 50 MB of
    // unchanged files again would change nothing.
    stage_changed(repo, &mut index, dir, &dirty, &working, &mut cache, &stats)?;
    let staged = index
        .write_tree()
        .map_err(|e| Error::git("cannot write the tree", e))?;
    // The tree takes the advanced cycle state without touching the working tree yet.
    let settings_blob = repo
        .blob(settings_text.as_bytes())
        .map_err(|e| Error::git("cannot write the settings blob", e))?;
    let staged_tree = repo
        .find_tree(staged)
        .map_err(|e| Error::git("cannot read the tree", e))?;
    let mut builder = repo
        .treebuilder(Some(&staged_tree))
        .map_err(|e| Error::git("cannot build the tree", e))?;
    builder
        .insert(SETTINGS_FILE, settings_blob, 0o100_644)
        .map_err(|e| Error::git("cannot build the tree", e))?;
    let tree_id = builder
        .write()
        .map_err(|e| Error::git("cannot write the tree", e))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| Error::git("cannot read the tree", e))?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let (id, signed) = write_commit(
        repo,
        working.settings(),
        &signature,
        &plan.message,
        &tree,
        &parents,
    )?;
    move_branch(
        repo,
        &branch,
        id,
        parent.as_ref().map(git2::Commit::id),
        &format!("kaikaku commit: {}", plan.subject),
    )?;
    // Committed. Now bring the working tree and the index in line.
    if let Some(settings) = &mut working.settings {
        settings.value.cycle = Some(plan.next);
    }
    working.save_settings()?;
    index
        .add_path(Path::new(SETTINGS_FILE))
        .and_then(|()| index.write())
        .map_err(|e| Error::git("committed, but cannot update the index", e))?;
    // Best effort: without the cache the next commit runs the full check.
    if let Some(cache) = cache {
        let _ = check_cache::write(dir, &cache);
    }
    Ok(PhaseCommit { id, plan, signed })
}

/// Repairs a phase commit interrupted after the branch moved but before the working tree's
/// `kaikaku.ron` got the new cycle state: if the working file equals the parent commit's
/// version and HEAD changed only the cycle state, the working file is stale.
pub fn repair_interrupted(repo: &Repository, dir: &Path) -> Result<()> {
    let Some(head) = repo::head_commit(repo)? else {
        return Ok(());
    };
    let message = String::from_utf8_lossy(head.message_bytes()).into_owned();
    if trailer(&trailers(&message), TRAILER_PHASE).is_none() || head.parent_count() != 1 {
        return Ok(());
    }
    let Ok(parent) = head.parent(0) else {
        return Ok(());
    };
    let read = |commit: &git2::Commit<'_>| -> Option<Vec<u8>> {
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(SETTINGS_FILE)).ok()?;
        repo.find_blob(entry.id())
            .ok()
            .map(|b| b.content().to_vec())
    };
    let (Some(new), Some(old)) = (read(&head), read(&parent)) else {
        return Ok(());
    };
    let Ok(working) = std::fs::read(dir.join(SETTINGS_FILE)) else {
        return Ok(());
    };
    if working != old || new == old {
        return Ok(());
    }
    let parse = |bytes: &[u8]| {
        crate::store::canonical::options()
            .from_bytes::<Settings>(bytes)
            .ok()
    };
    if let (Some(mut a), Some(b)) = (parse(&old), parse(&new)) {
        a.cycle = b.cycle;
        if a == b {
            crate::store::atomic::write_atomic(&dir.join(SETTINGS_FILE), &new)?;
            let mut index = repo
                .index()
                .map_err(|e| Error::git("cannot open the index", e))?;
            index
                .add_path(Path::new(SETTINGS_FILE))
                .and_then(|()| index.write())
                .map_err(|e| Error::git("cannot update the index", e))?;
        }
    }
    Ok(())
}

/// A cycle tag as read back.
#[derive(Clone, Debug)]
pub struct CycleTag {
    /// `cycle/FY2024`
    pub name: String,
    pub year: Option<FiscalYear>,
    /// The tag object's id (`None` for a lightweight tag, which kaikaku never makes).
    pub tag_id: Option<Oid>,
    pub commit: Oid,
    pub sequence: Option<u32>,
    pub previous: Option<String>,
    pub message: String,
}

/// Every `cycle/*` tag, ordered by sequence number (unnumbered ones last).
pub fn cycle_tags(repo: &Repository) -> Result<Vec<CycleTag>> {
    let mut out = Vec::new();
    let references = repo
        .references_glob(&format!("refs/tags/{TAG_PREFIX}*"))
        .map_err(|e| Error::git("cannot list tags", e))?;
    for reference in references {
        let reference = reference.map_err(|e| Error::git("cannot read a tag", e))?;
        let name = String::from_utf8_lossy(reference.name_bytes())
            .trim_start_matches("refs/tags/")
            .to_string();
        let year = name
            .strip_prefix(TAG_PREFIX)
            .and_then(|y| y.parse::<FiscalYear>().ok());
        let Some(target) = reference.target() else {
            continue;
        };
        let object = repo
            .find_object(target, None)
            .map_err(|e| Error::git(format!("cannot read tag {name}"), e))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| Error::git(format!("tag {name} does not point to a commit"), e))?
            .id();
        let (tag_id, message) = match object.as_tag() {
            Some(tag) => {
                // A signed tag carries its signature at the end of the message.
                let bytes = tag.message_bytes().unwrap_or_default();
                let unsigned = sign::split_tag_signature(bytes).map_or(bytes, |(text, _)| text);
                (
                    Some(tag.id()),
                    String::from_utf8_lossy(unsigned).into_owned(),
                )
            }
            None => (None, String::new()),
        };
        let found = trailers(&message);
        out.push(CycleTag {
            name,
            year,
            tag_id,
            commit,
            sequence: trailer(&found, TRAILER_SEQUENCE).and_then(|s| s.parse().ok()),
            previous: trailer(&found, TRAILER_PREVIOUS_TAG).map(str::to_string),
            message,
        });
    }
    out.sort_by_key(|t| (t.sequence.is_none(), t.sequence, t.name.clone()));
    Ok(out)
}

/// The newest commit in HEAD's first-parent history whose trailers say `year` and `phase`.
pub fn find_phase_commit(
    repo: &Repository,
    from: Oid,
    year: FiscalYear,
    phase: Option<Phase>,
) -> Result<Option<git2::Commit<'_>>> {
    let mut walk = repo
        .revwalk()
        .map_err(|e| Error::git("cannot walk the history", e))?;
    walk.push(from)
        .map_err(|e| Error::git("cannot walk the history", e))?;
    walk.simplify_first_parent()
        .map_err(|e| Error::git("cannot walk the history", e))?;
    for id in walk {
        let id = id.map_err(|e| Error::git("cannot walk the history", e))?;
        let commit = repo
            .find_commit(id)
            .map_err(|e| Error::git("cannot read a commit", e))?;
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let found = trailers(&message);
        let cycle_ok = trailer(&found, TRAILER_CYCLE) == Some(year.western().as_str());
        let phase_ok = phase.is_none_or(|p| trailer(&found, TRAILER_PHASE) == Some(p.as_str()));
        if cycle_ok && phase_ok {
            return Ok(Some(commit));
        }
    }
    Ok(None)
}

/// The baseline of a workspace's first cycle: the newest commit in the first-parent history
/// of `from` that created the workspace (`Kaikaku-Event: init`), else the history's root
/// (a repository made by hand with git, or a plan imported in its first commit).
pub fn find_baseline(repo: &Repository, from: Oid) -> Result<git2::Commit<'_>> {
    let walk_error = |e| Error::git("cannot walk the history", e);
    let mut walk = repo.revwalk().map_err(walk_error)?;
    walk.push(from).map_err(walk_error)?;
    walk.simplify_first_parent().map_err(walk_error)?;
    let mut root = None;
    for id in walk {
        let id = id.map_err(walk_error)?;
        let commit = repo
            .find_commit(id)
            .map_err(|e| Error::git("cannot read a commit", e))?;
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        if trailer(&trailers(&message), TRAILER_EVENT) == Some(EVENT_INIT) {
            return Ok(commit);
        }
        root = Some(commit);
    }
    root.ok_or_else(|| {
        Error::PhaseOrder(
            (
                "リポジトリにはまだコミットがありません",
                "the repository has no commits yet",
            )
                .into(),
        )
    })
}

/// The result of closing a cycle.
#[derive(Clone, Debug)]
pub struct ClosedCycle {
    pub name: String,
    pub tag_id: Oid,
    pub commit: Oid,
    pub sequence: u32,
    pub message: String,
    pub signed: bool,
}

/// Closes a cycle: an annotated tag `cycle/FY2024` on the cycle's Act commit, chained to
/// the previous cycle tag by its object id and a sequence number.
#[allow(clippy::too_many_lines)] // one linear story: checks, summary, message, object, ref
pub fn close_cycle(dir: &Path, year: FiscalYear, user_text: Option<&str>) -> Result<ClosedCycle> {
    super::fsync::enable_fsync();
    let repo = repo::open(dir)?;
    let tagger = repo::identity(&repo)?;
    let name = format!("{TAG_PREFIX}{}", year.western());
    let ref_name = format!("refs/tags/{name}");
    if repo.find_reference(&ref_name).is_ok() {
        return Err(Error::TagExists(name));
    }
    let head = repo::head_commit(&repo)?.ok_or_else(|| {
        Error::PhaseOrder(
            (
                "リポジトリにはまだコミットがありません",
                "the repository has no commits yet",
            )
                .into(),
        )
    })?;
    let act = find_phase_commit(&repo, head.id(), year, Some(Phase::Act))?.ok_or_else(|| {
        let (fy, wareki) = (year.western(), year.wareki());
        Error::PhaseOrder(crate::text!(
            "{wareki}にはまだ Act（改善）のコミットがありません。先に Act を閉じてください（`kaikaku commit --phase act`）",
            "{fy} has no Act commit yet; close the Act phase first (kaikaku commit --phase act)"
        ))
    })?;
    let tags = cycle_tags(&repo)?;
    let previous = tags.iter().rev().find(|t| t.sequence.is_some());
    let sequence = previous.and_then(|t| t.sequence).map_or(1, |s| s + 1);
    // The summary: commits of this cycle and what changed since the previous tag, or, for
    // the first cycle, since the workspace's baseline (the commit that created it), so
    // the initial import is not counted as the cycle's work.
    let baseline = match previous {
        Some(_) => None,
        None => Some(find_baseline(&repo, act.id())?),
    };
    let since = previous
        .map(|t| t.commit)
        .or(baseline.as_ref().map(git2::Commit::id));
    let old = match since {
        Some(id) => load_commit(
            &repo,
            &repo
                .find_commit(id)
                .map_err(|e| Error::git("cannot read the previous cycle", e))?,
        )?,
        None => load_empty(&repo)?,
    };
    let new = load_commit(&repo, &act)?;
    let changes = diff(&old, &new);
    let counts = changes.counts();
    let mut message = format!("{} cycle closed: {counts}\n\n", year.western());
    if let Some(text) = user_text.map(str::trim).filter(|t| !t.is_empty()) {
        message.push_str(&sanitize(text));
        message.push_str("\n\n");
    }
    if let Some(baseline) = &baseline {
        let short = baseline.id().to_string();
        let subject = String::from_utf8_lossy(baseline.message_bytes())
            .lines()
            .next()
            .map(sanitize_inline)
            .unwrap_or_default();
        let _ = writeln!(
            message,
            "Counted from the baseline {} {subject}: the workspace as it was created or imported.\n",
            &short[..10]
        );
    }
    message.push_str("Phase commits:\n");
    let mut walk = repo
        .revwalk()
        .map_err(|e| Error::git("cannot walk the history", e))?;
    walk.push(act.id())
        .and_then(|()| walk.simplify_first_parent())
        .map_err(|e| Error::git("cannot walk the history", e))?;
    if let Some(since) = since {
        let _ = walk.hide(since);
    }
    let mut lines = Vec::new();
    for id in walk.flatten() {
        if let Ok(commit) = repo.find_commit(id) {
            let text = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            if trailer(&trailers(&text), TRAILER_CYCLE) == Some(year.western().as_str()) {
                let short = id.to_string();
                lines.push(format!(
                    "- {} {}",
                    &short[..10],
                    sanitize_inline(text.lines().next().unwrap_or(""))
                ));
            }
        }
    }
    lines.reverse();
    for line in lines {
        message.push_str(&line);
        message.push('\n');
    }
    message.push('\n');
    let _ = writeln!(message, "{TRAILER_CYCLE}: {}", year.western());
    let _ = writeln!(message, "{TRAILER_SEQUENCE}: {sequence}");
    let _ = writeln!(
        message,
        "{TRAILER_PREVIOUS_TAG}: {}",
        previous
            .and_then(|t| t.tag_id)
            .map_or_else(|| "none".to_string(), |id| id.to_string())
    );
    if let Some(baseline) = &baseline {
        let _ = writeln!(message, "{TRAILER_BASELINE}: {}", baseline.id());
    }
    let _ = writeln!(message, "{TRAILER_CHANGED}: {}", counts.trailer());
    let mut content = format!(
        "object {}\ntype commit\ntag {name}\ntagger {}\n\n{message}",
        act.id(),
        repo::format_signature(&tagger.committer)
    );
    let settings = new.settings();
    let mut signed = false;
    if let Some(signing) = settings.and_then(|s| s.signing.as_ref()) {
        let key = sign::signing_key(&repo)?;
        content.push_str(&sign::sign(signing.format, &key, content.as_bytes())?);
        signed = true;
    }
    let tag_id = repo
        .odb()
        .and_then(|odb| odb.write(ObjectType::Tag, content.as_bytes()))
        .map_err(|e| Error::git("cannot write the tag", e))?;
    repo.reference(&ref_name, tag_id, false, "kaikaku close-cycle")
        .map_err(|e| Error::git(format!("cannot create {name}"), e))?;
    Ok(ClosedCycle {
        name,
        tag_id,
        commit: act.id(),
        sequence,
        message,
        signed,
    })
}

/// Loads the workspace at HEAD of the repository in `dir` (read-only), e.g. to compare.
pub fn load_head(dir: &Path) -> Result<Workspace> {
    let repo = repo::open(dir)?;
    let source = GitSource::at(&repo, "HEAD")?;
    Workspace::load_from(&source)
}

/// Records the workspace data as it stands as the baseline of the first cycle: one commit
/// marked `Kaikaku-Event: init` that does not close a phase, for data brought in before the
/// PDCA work starts (a plan imported into a workspace made empty, a repository made by
/// hand). The first cycle tag then counts only what changed after it. Refused once a cycle
/// is closed (the baseline comes before the first tag) and, like a phase commit, while
/// `check` fails or files other than workspace data are changed.
pub fn commit_baseline(dir: &Path, user_text: Option<&str>) -> Result<Oid> {
    super::fsync::enable_fsync();
    let repo = repo::open(dir)?;
    let who = repo::identity(&repo)?;
    repo::check_index_lock(&repo)?;
    let branch = repo::head_branch(&repo)?;
    if let Some(tag) = cycle_tags(&repo)?.first() {
        let tag = sanitize_inline(&tag.name);
        return Err(Error::PhaseOrder(crate::text!(
            "{tag} は終了しています。基準値の記録は最初のサイクルより前に行います",
            "{tag} is closed: a baseline comes before the first cycle"
        )));
    }
    let parent = repo::head_commit(&repo)?;
    let full = Workspace::load(dir)?;
    let problems = full.check();
    if !problems.is_empty() {
        return Err(Error::CheckFailed(problems.len()));
    }
    let (dirty, unrelated) = status_paths(&repo, &extra_paths(full.settings()), true)?;
    if !unrelated.is_empty() {
        return Err(Error::UnrelatedChanges(unrelated));
    }
    let git = |what: &'static str| move |e| Error::git(what, e);
    let mut index = repo.index().map_err(git("cannot open the index"))?;
    for path in &dirty {
        let rel = Path::new(path);
        if dir.join(rel).symlink_metadata().is_ok() {
            index.add_path(rel)
        } else {
            index.remove_path(rel)
        }
        .map_err(git("cannot stage the workspace data"))?;
    }
    let tree_id = index.write_tree().map_err(git("cannot write the tree"))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(git("cannot read the tree"))?;
    let old = match &parent {
        Some(parent) => load_commit(&repo, parent)?,
        None => load_empty(&repo)?,
    };
    let counts = diff(&old, &full).counts();
    let mut message = String::from("Baseline: the workspace data before the first cycle\n\n");
    if let Some(text) = user_text.map(str::trim).filter(|t| !t.is_empty()) {
        message.push_str(&sanitize(text));
        message.push_str("\n\n");
    }
    let _ = writeln!(
        message,
        "The first cycle's summary counts from this commit ({counts} recorded here).\n"
    );
    let _ = writeln!(message, "{TRAILER_EVENT}: {EVENT_INIT}");
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let (id, _) = write_commit(&repo, full.settings(), &who, &message, &tree, &parents)?;
    move_branch(
        &repo,
        &branch,
        id,
        parent.as_ref().map(git2::Commit::id),
        "kaikaku commit --baseline",
    )?;
    index
        .write()
        .map_err(git("committed, but cannot update the index"))?;
    Ok(id)
}
