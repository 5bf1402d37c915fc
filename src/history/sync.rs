//! `kaikaku sync`: fetch from the repository's git remote, fast-forward or merge, push.
//!
//! git does the distributed work; kaikaku adds the rules. The remote is one git has
//! (`origin`, or `--remote NAME`; see [`super::transport`] for how bytes travel). Canonical
//! RON puts one value on one line, so libgit2's line merge joins concurrent edits to
//! different items. The cycle state in `kaikaku.ron`, which every phase commit advances,
//! merges by rule before the lines do: the later cycle and phase wins, and the merge commit
//! says so. When both sides changed the same data, the merge happens in memory only:
//! nothing in the working tree, the index or the branch moves, and the error names the
//! items in domain terms (indicator, year, both values); the user either agrees on a value
//! and commits it, or chooses a side (`--theirs` / `--ours`, for all or per item), and the
//! same run completes the merge ([`super::resolve`]).

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Repository, build::CheckoutBuilder};

use super::commit::{TAG_PREFIX, TRAILER_EVENT, dirty_paths};
use super::diff::{Change, diff};
use super::git_source::{GitSource, load_commit};
use super::repo;
use super::resolve::{Choice, Side, file_changes, resolve_file};
use super::transport::{self, Prompts, REMOTE_TAGS_NS, Remote};
use crate::error::{Error, Result};
use crate::model::{CycleState, Language, Settings, sanitize_inline};
use crate::store::{SETTINGS_FILE, Workspace};

/// How to sync: which remote, how conflicts are to be resolved, whether git may prompt.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// The git remote's name; `origin` when `None`.
    pub remote: Option<String>,
    /// Sides chosen for conflicting items (empty: stop and report them).
    pub choice: Choice,
    pub prompts: Prompts,
    /// The language conflicts are described in (the user's); `None`: the workspace's. The
    /// merge commit is always in the workspace's language, like phase commits.
    pub lang: Option<Language>,
}

/// What sync did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncAction {
    /// Nothing to bring in.
    UpToDate,
    /// The remote had new commits and ours had none: moved forward.
    FastForward { from: Oid, to: Oid },
    /// Both sides had commits: merged in a new commit.
    Merged { commit: Oid, changes: usize },
}

/// One item both sides changed differently, in domain terms: what a choice decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictItem {
    /// What a per-item choice names (`--theirs ID`): the item as the report shows it
    /// (`plan/indicator`, `meeting/statement` …). `None` when the conflict cannot be told
    /// apart by item (a file added or removed on one side, edits too close to merge line
    /// by line): only a side for every conflict decides it.
    pub id: Option<String>,
    /// The item (or the file) the conflict is about, sanitised.
    pub item: String,
    /// What this side did, and what the remote did, sanitised.
    pub here: String,
    pub remote: String,
}

impl ConflictItem {
    /// The one-line report: `team-test/tk1: here «…», remote «…»`.
    pub fn text(&self) -> String {
        if self.id.is_some() {
            format!(
                "{}: here «{}», remote «{}»",
                self.item, self.here, self.remote
            )
        } else if self.here.is_empty() && self.remote.is_empty() {
            format!(
                "{}: changed on both sides (added or removed on one side, or not readable)",
                self.item
            )
        } else {
            format!(
                "{}: edits too close to merge line by line — here: {}; remote: {}",
                self.item, self.here, self.remote
            )
        }
    }
}

/// What a sync came to: done, or stopped on conflicts that a [`Choice`] can decide, with
/// nothing changed here.
#[derive(Clone, Debug)]
pub enum Synced {
    Done(SyncReport),
    Conflicts(Vec<ConflictItem>),
}

#[derive(Clone, Debug)]
pub struct SyncReport {
    pub action: SyncAction,
    /// Whether our branch (and cycle tags) were pushed.
    pub pushed: bool,
    pub tags_fetched: Vec<String>,
}

/// Copies remote cycle tags that are missing here; a tag that exists on both sides with
/// different objects is a conflict (someone closed the same cycle twice).
fn adopt_tags(repo: &Repository) -> Result<(Vec<String>, Vec<String>)> {
    let (mut adopted, mut conflicts) = (Vec::new(), Vec::new());
    let references = repo
        .references_glob(&format!("{REMOTE_TAGS_NS}/*"))
        .map_err(|e| Error::git("cannot list fetched tags", e))?;
    for reference in references.flatten() {
        let name = String::from_utf8_lossy(reference.name_bytes()).into_owned();
        let Some(short) = name.strip_prefix(&format!("{REMOTE_TAGS_NS}/")) else {
            continue;
        };
        let Some(target) = reference.target() else {
            continue;
        };
        let local = format!("refs/tags/{short}");
        match repo.find_reference(&local) {
            Ok(existing) if existing.target() == Some(target) => {}
            Ok(_) => conflicts.push(format!(
                "tag {}: closed differently here and on the remote",
                sanitize_inline(short)
            )),
            Err(_) => {
                repo.reference(&local, target, false, "kaikaku sync: tag from remote")
                    .map_err(|e| Error::git("cannot create a fetched tag", e))?;
                adopted.push(short.to_string());
            }
        }
    }
    Ok((adopted, conflicts))
}

fn blob_text(repo: &Repository, entry: Option<&git2::IndexEntry>) -> Option<Vec<u8>> {
    let entry = entry?;
    repo.find_blob(entry.id).ok().map(|b| b.content().to_vec())
}

fn conflict_path(conflict: &git2::IndexConflict) -> String {
    conflict
        .our
        .as_ref()
        .or(conflict.their.as_ref())
        .or(conflict.ancestor.as_ref())
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .unwrap_or_default()
}

/// A conflict that cannot be read item by item.
fn unreadable(path: &str) -> ConflictItem {
    ConflictItem {
        id: None,
        item: sanitize_inline(path),
        here: String::new(),
        remote: String::new(),
    }
}

/// Names the items both sides changed differently in one conflicting file.
fn describe_conflict(
    repo: &Repository,
    path: &str,
    conflict: &git2::IndexConflict,
    lang: Language,
    settings: Option<&Settings>,
) -> Vec<ConflictItem> {
    let base = blob_text(repo, conflict.ancestor.as_ref());
    let ours = blob_text(repo, conflict.our.as_ref());
    let theirs = blob_text(repo, conflict.their.as_ref());
    let (Some(base), Some(ours), Some(theirs)) = (base, ours, theirs) else {
        return vec![unreadable(path)];
    };
    let (Some(ours), Some(theirs)) = (
        file_changes(path, &base, &ours),
        file_changes(path, &base, &theirs),
    ) else {
        return vec![unreadable(path)];
    };
    let theirs: BTreeMap<String, &Change> = theirs.iter().map(|c| (c.key(), c)).collect();
    let mut out = Vec::new();
    for change in &ours {
        if let Some(other) = theirs.get(&change.key())
            && *other != change
        {
            out.push(ConflictItem {
                id: Some(change.item()),
                item: sanitize_inline(&change.item()),
                here: sanitize_inline(&change.describe(lang, settings)),
                remote: sanitize_inline(&other.describe(lang, settings)),
            });
        }
    }
    if out.is_empty() {
        // Different items on neighbouring lines: still name what each side did.
        let summary = |list: &[Change]| {
            list.iter()
                .map(|c| c.describe(lang, settings))
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(ConflictItem {
            id: None,
            item: sanitize_inline(path),
            here: sanitize_inline(&summary(&ours)),
            remote: sanitize_inline(&summary(
                &theirs.values().map(|c| (*c).clone()).collect::<Vec<_>>(),
            )),
        });
    }
    out
}

/// Why there is nothing to sync yet.
const NOTHING_COMMITTED: (&str, &str) = (
    "まだ何もコミットされていません。先にフェーズをコミットしてください",
    "nothing committed yet; make a phase commit first",
);

/// Fetches, merges and pushes the workspace in `dir` with its git remote; conflicts the
/// choice leaves open are [`Error::Conflict`], one line per item.
pub fn sync(dir: &Path, options: &SyncOptions) -> Result<SyncReport> {
    match sync_or_conflicts(dir, options)? {
        Synced::Done(report) => Ok(report),
        Synced::Conflicts(items) => Err(Error::Conflict(
            items.iter().map(ConflictItem::text).collect(),
        )),
    }
}

/// [`sync`], with the conflicts a choice can decide as values (the TUI offers the choice
/// per item); nothing here changed when they are returned.
pub fn sync_or_conflicts(dir: &Path, options: &SyncOptions) -> Result<Synced> {
    super::fsync::enable_fsync();
    let repo = repo::open(dir)?;
    let working = Workspace::load(dir)?;
    let settings = working.settings().cloned();
    let committed = settings.as_ref().and_then(|s| s.remote.as_ref());
    let remote = transport::find(
        &repo,
        options.remote.as_deref(),
        committed.map(|r| r.url.as_str()),
    )?;
    repo::check_index_lock(&repo)?;
    let branch = repo::head_branch(&repo)?;
    let remote_branch = transport::remote_branch(
        &repo,
        &branch,
        &remote,
        committed.and_then(|r| r.branch.as_deref()),
    );
    let extra: Vec<String> = settings
        .as_ref()
        .and_then(|s| s.signing.as_ref())
        .map(|s| vec![s.allowed_signers.clone()])
        .unwrap_or_default();
    let (data, other) = dirty_paths(&repo, &extra)?;
    if !data.is_empty() {
        return Err(Error::UncommittedData(data));
    }
    if !other.is_empty() {
        return Err(Error::UnrelatedChanges(other));
    }
    transport::fetch(&repo, &remote, &remote_branch, options.prompts)?;
    let (tags_fetched, tag_conflicts) = adopt_tags(&repo)?;
    if !tag_conflicts.is_empty() {
        return Err(Error::Conflict(tag_conflicts));
    }
    let ours = repo::head_commit(&repo)?.ok_or_else(|| Error::Invalid(NOTHING_COMMITTED.into()))?;
    let theirs = repo
        .find_reference(&remote.tracking_ref(&remote_branch))
        .ok()
        .and_then(|r| r.target());
    let action = match theirs {
        None => SyncAction::UpToDate,
        Some(theirs) if theirs == ours.id() => SyncAction::UpToDate,
        Some(theirs) if repo.graph_descendant_of(ours.id(), theirs).unwrap_or(false) => {
            SyncAction::UpToDate
        }
        Some(theirs) if repo.graph_descendant_of(theirs, ours.id()).unwrap_or(false) => {
            let target = repo
                .find_commit(theirs)
                .map_err(|e| Error::git("cannot read the fetched commit", e))?;
            checkout(&repo, &target)?;
            repo.reference_matching(
                &branch,
                theirs,
                true,
                ours.id(),
                "kaikaku sync: fast-forward",
            )
            .map_err(|e| Error::git(format!("cannot move {branch}"), e))?;
            SyncAction::FastForward {
                from: ours.id(),
                to: theirs,
            }
        }
        Some(theirs) => match merge(
            &repo,
            &branch,
            &ours,
            theirs,
            settings.as_ref(),
            &remote,
            options,
        )? {
            Ok(action) => action,
            Err(items) => return Ok(Synced::Conflicts(items)),
        },
    };
    push(&repo, &remote, &branch, &remote_branch, options.prompts)?;
    Ok(Synced::Done(SyncReport {
        action,
        pushed: true,
        tags_fetched,
    }))
}

/// Pushes the branch and every cycle tag, then keeps the tracking ref in step with what the
/// remote now has, as git does.
fn push(
    repo: &Repository,
    remote: &Remote,
    branch: &str,
    remote_branch: &str,
    prompts: Prompts,
) -> Result<()> {
    let short_branch = branch.trim_start_matches("refs/heads/");
    let mut specs = vec![format!(
        "refs/heads/{short_branch}:refs/heads/{remote_branch}"
    )];
    let tags = repo
        .references_glob(&format!("refs/tags/{TAG_PREFIX}*"))
        .map_err(|e| Error::git("cannot list tags", e))?;
    for tag in tags.flatten() {
        let name = String::from_utf8_lossy(tag.name_bytes()).into_owned();
        specs.push(format!("{name}:{name}"));
    }
    transport::push(repo, remote, &specs, prompts)?;
    if let Ok(head) = repo.refname_to_id(branch) {
        let _ = repo.reference(
            &remote.tracking_ref(remote_branch),
            head,
            true,
            "kaikaku sync: pushed",
        );
    }
    Ok(())
}

fn checkout(repo: &Repository, target: &git2::Commit<'_>) -> Result<()> {
    let mut options = CheckoutBuilder::new();
    options.safe();
    repo.checkout_tree(target.as_object(), Some(&mut options))
        .map_err(|e| Error::git("cannot update the working tree", e))
}

/// `FY2024 Act`, or `none`.
fn cycle_text(state: Option<CycleState>) -> String {
    state.map_or_else(
        || "none".to_string(),
        |s| format!("{} {}", s.year.western(), s.phase.title()),
    )
}

/// How the cycle states of the two sides were reconciled.
struct CycleRule {
    ours: Option<CycleState>,
    theirs: Option<CycleState>,
    merged: Option<CycleState>,
}

fn settings_of(repo: &Repository, tree: &git2::Tree<'_>) -> Option<Settings> {
    let entry = tree.get_path(Path::new(SETTINGS_FILE)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    crate::store::canonical::options()
        .from_bytes(blob.content())
        .ok()
}

/// `tree` with its settings' cycle state replaced.
fn with_cycle<'r>(
    repo: &'r Repository,
    tree: &git2::Tree<'_>,
    mut settings: Settings,
    cycle: Option<CycleState>,
) -> Result<git2::Tree<'r>> {
    settings.cycle = cycle;
    let text =
        crate::store::canonical::to_canonical(&settings).map_err(|source| Error::Serialize {
            what: SETTINGS_FILE.into(),
            source,
        })?;
    let git = |what: &'static str| move |e| Error::git(what, e);
    let blob = repo
        .blob(text.as_bytes())
        .map_err(git("cannot write the settings blob"))?;
    let mut builder = repo
        .treebuilder(Some(tree))
        .map_err(git("cannot build a tree"))?;
    builder
        .insert(SETTINGS_FILE, blob, 0o100_644)
        .map_err(git("cannot build a tree"))?;
    let id = builder.write().map_err(git("cannot write a tree"))?;
    repo.find_tree(id).map_err(git("cannot read a tree"))
}

/// The PDCA state that every phase commit advances never conflicts: when the sides differ,
/// the later cycle and phase wins (a colleague who closed Check while this side closed Do
/// is ahead), and the three trees get that state before the line merge, so equal advances
/// and different ones both merge cleanly.
fn reconcile_cycle<'r>(
    repo: &'r Repository,
    trees: [&git2::Tree<'r>; 3],
) -> Result<Option<([git2::Tree<'r>; 3], CycleRule)>> {
    let [base, ours, theirs] = trees;
    let (Some(b), Some(o), Some(t)) = (
        settings_of(repo, base),
        settings_of(repo, ours),
        settings_of(repo, theirs),
    ) else {
        return Ok(None);
    };
    if b.cycle == o.cycle && o.cycle == t.cycle {
        return Ok(None);
    }
    let order = |s: Option<CycleState>| s.map(|s| (s.year, s.phase));
    let merged = if order(o.cycle) >= order(t.cycle) {
        o.cycle
    } else {
        t.cycle
    };
    let rule = CycleRule {
        ours: o.cycle,
        theirs: t.cycle,
        merged,
    };
    Ok(Some((
        [
            with_cycle(repo, base, b, merged)?,
            with_cycle(repo, ours, o, merged)?,
            with_cycle(repo, theirs, t, merged)?,
        ],
        rule,
    )))
}

/// The label of a side in the merge commit.
fn side_label(side: Side) -> &'static str {
    match side {
        Side::Ours => "kept here (--ours)",
        Side::Theirs => "took the remote's (--theirs)",
    }
}

/// A copy of a conflict side as a resolved (stage 0) index entry.
fn stage_zero(entry: &git2::IndexEntry) -> git2::IndexEntry {
    /// The two stage bits of an index entry's flags.
    const STAGE_MASK: u16 = 0x3000;
    git2::IndexEntry {
        ctime: entry.ctime,
        mtime: entry.mtime,
        dev: entry.dev,
        ino: entry.ino,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        file_size: entry.file_size,
        id: entry.id,
        flags: entry.flags & !STAGE_MASK,
        flags_extended: entry.flags_extended,
        path: entry.path.clone(),
    }
}

/// Resolves every conflict of `index` by `choice` (the record for the merge commit), or
/// names what the choice leaves open.
fn resolve_conflicts(
    repo: &Repository,
    index: &mut git2::Index,
    choice: &Choice,
    [lang, report_lang]: [Language; 2],
    settings: Option<&Settings>,
) -> Result<Result<Vec<String>, Vec<ConflictItem>>> {
    let git = |what: &'static str| move |e| Error::git(what, e);
    let conflicts: Vec<git2::IndexConflict> = index
        .conflicts()
        .map_err(git("cannot read conflicts"))?
        .flatten()
        .collect();
    let mut record = Vec::new();
    let mut open = Vec::new();
    for conflict in conflicts {
        let path = conflict_path(&conflict);
        let (Some(base), Some(our), Some(their)) = (
            conflict.ancestor.as_ref(),
            conflict.our.as_ref(),
            conflict.their.as_ref(),
        ) else {
            // Added or removed on one side: only a side for everything decides it.
            let Some(side) = choice.all else {
                open.extend(describe_conflict(
                    repo,
                    &path,
                    &conflict,
                    report_lang,
                    settings,
                ));
                continue;
            };
            let entry = match side {
                Side::Ours => conflict.our.as_ref().map(stage_zero),
                Side::Theirs => conflict.their.as_ref().map(stage_zero),
            };
            index
                .conflict_remove(Path::new(&path))
                .map_err(git("cannot resolve a conflict"))?;
            if let Some(entry) = entry {
                index
                    .add(&entry)
                    .map_err(git("cannot resolve a conflict"))?;
            }
            record.push(format!("{}: {}", sanitize_inline(&path), side_label(side)));
            continue;
        };
        let mut options = git2::MergeFileOptions::new();
        options.style_standard(true);
        let merged = repo
            .merge_file_from_index(base, our, their, Some(&mut options))
            .map_err(git("cannot merge a file"))?;
        let text = String::from_utf8_lossy(merged.content()).into_owned();
        match resolve_file(&path, &text, choice) {
            Ok(resolved) => {
                let blob = repo
                    .blob(resolved.content.as_bytes())
                    .map_err(git("cannot write a resolved file"))?;
                let mut entry = stage_zero(our);
                entry.id = blob;
                entry.file_size = u32::try_from(resolved.content.len()).unwrap_or(u32::MAX);
                index
                    .conflict_remove(Path::new(&path))
                    .map_err(git("cannot resolve a conflict"))?;
                index
                    .add(&entry)
                    .map_err(git("cannot resolve a conflict"))?;
                for (changes, side) in resolved.taken {
                    let what = if changes.is_empty() {
                        sanitize_inline(&path)
                    } else {
                        changes
                            .iter()
                            .map(|c| {
                                format!(
                                    "{} ({})",
                                    sanitize_inline(&c.item()),
                                    c.describe(lang, settings)
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    record.push(format!("{what}: {}", side_label(side)));
                }
            }
            Err(_) => open.extend(describe_conflict(
                repo,
                &path,
                &conflict,
                report_lang,
                settings,
            )),
        }
    }
    Ok(if open.is_empty() {
        Ok(record)
    } else {
        Err(open)
    })
}

#[allow(clippy::too_many_lines)] // one linear story: trees, merge, check, message, commit
fn merge(
    repo: &Repository,
    branch: &str,
    ours: &git2::Commit<'_>,
    theirs: Oid,
    settings: Option<&Settings>,
    remote: &Remote,
    options: &SyncOptions,
) -> Result<Result<SyncAction, Vec<ConflictItem>>> {
    let choice = &options.choice;
    let git = |what: &'static str| move |e| Error::git(what, e);
    let their_commit = repo
        .find_commit(theirs)
        .map_err(git("cannot read the fetched commit"))?;
    let base_id = repo
        .merge_base(ours.id(), theirs)
        .map_err(git("the two histories have nothing in common"))?;
    let base = repo
        .find_commit(base_id)
        .map_err(git("cannot read the merge base"))?;
    let (base_tree, our_tree, their_tree) = (
        base.tree().map_err(git("cannot read a tree"))?,
        ours.tree().map_err(git("cannot read a tree"))?,
        their_commit.tree().map_err(git("cannot read a tree"))?,
    );
    let (trees, rule) = match reconcile_cycle(repo, [&base_tree, &our_tree, &their_tree])? {
        Some((trees, rule)) => (trees, Some(rule)),
        None => ([base_tree, our_tree, their_tree], None),
    };
    let [base_tree, our_tree, their_tree] = &trees;
    let mut index = repo
        .merge_trees(base_tree, our_tree, their_tree, None)
        .map_err(git("cannot merge"))?;
    let lang = settings.map(|s| s.language).unwrap_or_default();
    let report_lang = options.lang.unwrap_or(lang);
    let mut resolutions = Vec::new();
    if index.has_conflicts() {
        if choice.is_empty() {
            let mut items = Vec::new();
            for conflict in index
                .conflicts()
                .map_err(git("cannot read conflicts"))?
                .flatten()
            {
                let path = conflict_path(&conflict);
                items.extend(describe_conflict(
                    repo,
                    &path,
                    &conflict,
                    report_lang,
                    settings,
                ));
            }
            return Ok(Err(items));
        }
        let langs = [lang, report_lang];
        resolutions = match resolve_conflicts(repo, &mut index, choice, langs, settings)? {
            Ok(record) => record,
            Err(open) => return Ok(Err(open)),
        };
    }
    let tree_id = index
        .write_tree_to(repo)
        .map_err(git("cannot write the merged tree"))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(git("cannot read the merged tree"))?;
    // A line merge can join text into something invalid (two items with one id): check it.
    let merged = Workspace::load_from(&GitSource::new(repo, tree.clone(), "merge"))?;
    let problems = merged.check();
    if !problems.is_empty() {
        return Err(Error::Conflict(
            problems
                .iter()
                .map(|p| format!("the merged workspace would not pass check: {p}"))
                .collect(),
        ));
    }
    let before = load_commit(repo, ours)?;
    let brought = diff(&before, &merged);
    let mut message = format!(
        "Sync: merge {} ({}) into {}\n\n",
        sanitize_inline(&remote.name),
        sanitize_inline(&remote.url),
        branch.trim_start_matches("refs/heads/")
    );
    if let Some(rule) = &rule
        && rule.ours != rule.theirs
    {
        message.push_str(&format!(
            "Cycle: here {}, remote {} → {} (the later phase wins)\n\n",
            cycle_text(rule.ours),
            cycle_text(rule.theirs),
            cycle_text(rule.merged)
        ));
    }
    if !resolutions.is_empty() {
        message.push_str("Conflicts resolved:\n");
        for line in &resolutions {
            message.push_str(&format!("- {line}\n"));
        }
        message.push('\n');
    }
    if brought.has_data_changes() {
        message.push_str(&format!("Brought in ({}):\n", brought.counts()));
        message.push_str(&brought.to_text(lang, settings));
        message.push('\n');
    }
    message.push_str(&format!("{TRAILER_EVENT}: sync\n"));
    let who = repo::identity(repo)?;
    let buffer = repo
        .commit_create_buffer(
            &who.author,
            &who.committer,
            &message,
            &tree,
            &[ours, &their_commit],
        )
        .map_err(git("cannot build the merge commit"))?;
    let content = String::from_utf8_lossy(&buffer).into_owned();
    let id = if let Some(signing) = settings.and_then(|s| s.signing.as_ref()) {
        let key = super::sign::signing_key(repo)?;
        let armored = super::sign::sign(signing.format, &key, content.as_bytes())?;
        repo.commit_signed(&content, armored.trim_end(), None)
            .map_err(git("cannot write the merge commit"))?
    } else {
        repo.odb()
            .and_then(|odb| odb.write(git2::ObjectType::Commit, content.as_bytes()))
            .map_err(git("cannot write the merge commit"))?
    };
    let commit = repo
        .find_commit(id)
        .map_err(git("cannot read the merge commit"))?;
    checkout(repo, &commit)?;
    repo.reference_matching(branch, id, true, ours.id(), "kaikaku sync: merge")
        .map_err(|e| Error::git(format!("cannot move {branch}"), e))?;
    Ok(Ok(SyncAction::Merged {
        commit: id,
        changes: brought.counts().total(),
    }))
}
