//! `kaikaku sync`: fetch from the configured remote, fast-forward or merge, push.
//!
//! git does the distributed work; kaikaku adds the rules. Canonical RON puts one value on
//! one line, so libgit2's line merge joins concurrent edits to different items. When both
//! sides changed the same thing, the merge happens in memory only: nothing in the working
//! tree, the index or the branch moves, and the error names the items in domain terms
//! (indicator, year, both values) so the secretariat can agree on one value.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{FetchOptions, Oid, PushOptions, RemoteCallbacks, Repository, build::CheckoutBuilder};

use super::commit::{TAG_PREFIX, TRAILER_EVENT, dirty_paths};
use super::diff::{Change, diff, diff_meetings, diff_plans, diff_settings_values};
use super::git_source::{GitSource, load_commit};
use super::repo;
use crate::error::{Error, Result};
use crate::model::{Language, Meeting, Plan, Settings, sanitize_inline};
use crate::store::{SETTINGS_FILE, Workspace};

/// Where remote branches are fetched to.
const REMOTE_NS: &str = "refs/remotes/kaikaku";
/// Where remote cycle tags are fetched to before they are compared with local ones.
const REMOTE_TAGS_NS: &str = "refs/kaikaku/remote-tags";

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

#[derive(Clone, Debug)]
pub struct SyncReport {
    pub action: SyncAction,
    /// Whether our branch (and cycle tags) were pushed.
    pub pushed: bool,
    pub tags_fetched: Vec<String>,
}

fn fetch(repo: &Repository, url: &str, remote_branch: &str) -> Result<()> {
    let mut remote = repo
        .remote_anonymous(url)
        .map_err(|e| Error::git(format!("cannot use the remote {}", sanitize_inline(url)), e))?;
    let specs = [
        format!("+refs/heads/{remote_branch}:{REMOTE_NS}/{remote_branch}"),
        format!("+refs/tags/{TAG_PREFIX}*:{REMOTE_TAGS_NS}/{TAG_PREFIX}*"),
    ];
    let mut options = FetchOptions::new();
    options.download_tags(git2::AutotagOption::None);
    remote
        .fetch(&specs, Some(&mut options), None)
        .map_err(|e| Error::git(format!("cannot fetch from {}", sanitize_inline(url)), e))
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

fn parse<T: serde::de::DeserializeOwned>(bytes: Option<&Vec<u8>>) -> Option<T> {
    crate::store::canonical::options().from_bytes(bytes?).ok()
}

/// Names the items both sides changed differently in one conflicting file.
fn describe_conflict(
    repo: &Repository,
    path: &str,
    conflict: &git2::IndexConflict,
    lang: Language,
    settings: Option<&Settings>,
) -> Vec<String> {
    let base = blob_text(repo, conflict.ancestor.as_ref());
    let ours = blob_text(repo, conflict.our.as_ref());
    let theirs = blob_text(repo, conflict.their.as_ref());
    let sides: Option<(Vec<Change>, Vec<Change>)> = if path == SETTINGS_FILE {
        match (
            parse::<Settings>(base.as_ref()),
            parse::<Settings>(ours.as_ref()),
            parse::<Settings>(theirs.as_ref()),
        ) {
            (Some(b), Some(o), Some(t)) => {
                Some((diff_settings_values(&b, &o), diff_settings_values(&b, &t)))
            }
            _ => None,
        }
    } else if path.starts_with("plans/") {
        match (
            parse::<Plan>(base.as_ref()),
            parse::<Plan>(ours.as_ref()),
            parse::<Plan>(theirs.as_ref()),
        ) {
            (Some(b), Some(o), Some(t)) => Some((diff_plans(&b, &o), diff_plans(&b, &t))),
            _ => None,
        }
    } else if path.starts_with("minutes/") {
        match (
            parse::<Meeting>(base.as_ref()),
            parse::<Meeting>(ours.as_ref()),
            parse::<Meeting>(theirs.as_ref()),
        ) {
            (Some(b), Some(o), Some(t)) => Some((diff_meetings(&b, &o), diff_meetings(&b, &t))),
            _ => None,
        }
    } else {
        None
    };
    let Some((ours, theirs)) = sides else {
        return vec![format!(
            "{}: changed on both sides (added or removed on one side, or not readable)",
            sanitize_inline(path)
        )];
    };
    let theirs: BTreeMap<String, &Change> = theirs.iter().map(|c| (c.key(), c)).collect();
    let mut out = Vec::new();
    for change in &ours {
        if let Some(other) = theirs.get(&change.key())
            && *other != change
        {
            out.push(format!(
                "{}: here «{}», remote «{}»",
                sanitize_inline(&change.item()),
                change.describe(lang, settings),
                other.describe(lang, settings)
            ));
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
        out.push(format!(
            "{}: edits too close to merge line by line — here: {}; remote: {}",
            sanitize_inline(path),
            summary(&ours),
            summary(&theirs.values().map(|c| (*c).clone()).collect::<Vec<_>>())
        ));
    }
    out
}

/// Fetches, merges and pushes the workspace in `dir` with its configured remote.
pub fn sync(dir: &Path) -> Result<SyncReport> {
    super::fsync::enable_fsync();
    let repo = repo::open(dir)?;
    let working = Workspace::load(dir)?;
    let settings = working.settings().cloned();
    let remote = settings
        .as_ref()
        .and_then(|s| s.remote.clone())
        .ok_or(Error::NoRemote)?;
    repo::check_index_lock(&repo)?;
    let branch = repo::head_branch(&repo)?;
    let short_branch = branch.trim_start_matches("refs/heads/").to_string();
    let remote_branch = remote
        .branch
        .clone()
        .unwrap_or_else(|| short_branch.clone());
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
    fetch(&repo, &remote.url, &remote_branch)?;
    let (tags_fetched, tag_conflicts) = adopt_tags(&repo)?;
    if !tag_conflicts.is_empty() {
        return Err(Error::Conflict(tag_conflicts));
    }
    let ours = repo::head_commit(&repo)?
        .ok_or_else(|| Error::Invalid("nothing committed yet; make a phase commit first".into()))?;
    let theirs = repo
        .find_reference(&format!("{REMOTE_NS}/{remote_branch}"))
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
        Some(theirs) => merge(
            &repo,
            &branch,
            &ours,
            theirs,
            settings.as_ref(),
            &remote.url,
        )?,
    };
    push(&repo, &remote.url, &short_branch, &remote_branch)?;
    Ok(SyncReport {
        action,
        pushed: true,
        tags_fetched,
    })
}

fn checkout(repo: &Repository, target: &git2::Commit<'_>) -> Result<()> {
    let mut options = CheckoutBuilder::new();
    options.safe();
    repo.checkout_tree(target.as_object(), Some(&mut options))
        .map_err(|e| Error::git("cannot update the working tree", e))
}

fn merge(
    repo: &Repository,
    branch: &str,
    ours: &git2::Commit<'_>,
    theirs: Oid,
    settings: Option<&Settings>,
    url: &str,
) -> Result<SyncAction> {
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
    let mut index = repo
        .merge_trees(&base_tree, &our_tree, &their_tree, None)
        .map_err(git("cannot merge"))?;
    let lang = settings.map(|s| s.language).unwrap_or_default();
    if index.has_conflicts() {
        let mut items = Vec::new();
        for conflict in index
            .conflicts()
            .map_err(git("cannot read conflicts"))?
            .flatten()
        {
            let path = conflict
                .our
                .as_ref()
                .or(conflict.their.as_ref())
                .or(conflict.ancestor.as_ref())
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                .unwrap_or_default();
            items.extend(describe_conflict(repo, &path, &conflict, lang, settings));
        }
        return Err(Error::Conflict(items));
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
        "Sync: merge {} into {}\n\n",
        sanitize_inline(url),
        branch.trim_start_matches("refs/heads/")
    );
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
    Ok(SyncAction::Merged {
        commit: id,
        changes: brought.counts().total(),
    })
}

fn push(repo: &Repository, url: &str, branch: &str, remote_branch: &str) -> Result<()> {
    let mut remote = repo
        .remote_anonymous(url)
        .map_err(|e| Error::git("cannot use the remote", e))?;
    let mut specs = vec![format!("refs/heads/{branch}:refs/heads/{remote_branch}")];
    let tags = repo
        .references_glob(&format!("refs/tags/{TAG_PREFIX}*"))
        .map_err(|e| Error::git("cannot list tags", e))?;
    for tag in tags.flatten() {
        let name = String::from_utf8_lossy(tag.name_bytes()).into_owned();
        specs.push(format!("{name}:{name}"));
    }
    let rejected = std::cell::RefCell::new(Vec::new());
    let mut callbacks = RemoteCallbacks::new();
    callbacks.push_update_reference(|name, status| {
        if let Some(status) = status {
            rejected.borrow_mut().push(format!("{name}: {status}"));
        }
        Ok(())
    });
    let mut options = PushOptions::new();
    options.remote_callbacks(callbacks);
    remote
        .push(&specs, Some(&mut options))
        .map_err(|e| Error::git(format!("cannot push to {}", sanitize_inline(url)), e))?;
    drop(options);
    let rejected = rejected.into_inner();
    if rejected.is_empty() {
        Ok(())
    } else {
        Err(Error::PushRejected(sanitize_inline(&rejected.join(", "))))
    }
}
