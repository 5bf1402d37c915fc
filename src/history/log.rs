//! The history as reviewers read it: a timeline of commits with their cycle and phase, and
//! per-item history (semantic blame) computed by diffing each commit with its parent.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository, Sort};
use serde::Serialize;

use super::commit::{
    TRAILER_CHANGED, TRAILER_CYCLE, TRAILER_EVENT, TRAILER_MEETING, TRAILER_PHASE,
};
use super::diff::{Change, diff};
use super::git_source::{load_changed, load_commit};
use super::repo::{self, trailer, trailers};
use crate::error::{Error, Result};
use crate::store::Workspace;

/// One commit as the history screen shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CommitInfo {
    pub id: String,
    pub short: String,
    pub subject: String,
    pub author: String,
    pub email: String,
    /// RFC 3339 with the author's offset.
    pub date: String,
    pub cycle: Option<String>,
    pub phase: Option<String>,
    pub meetings: Vec<String>,
    /// The `Kaikaku-Changed:` trailer as written.
    pub changed: Option<String>,
    pub event: Option<String>,
    pub parents: usize,
    /// The full message (sanitise before display).
    #[serde(skip)]
    pub message: String,
}

impl CommitInfo {
    pub fn from_commit(commit: &git2::Commit<'_>) -> Self {
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let found = trailers(&message);
        let author = commit.author();
        let when = author.when();
        let date = chrono::FixedOffset::east_opt(when.offset_minutes() * 60)
            .and_then(|offset| {
                chrono::DateTime::from_timestamp(when.seconds(), 0)
                    .map(|t| t.with_timezone(&offset).to_rfc3339())
            })
            .unwrap_or_default();
        let id = commit.id().to_string();
        CommitInfo {
            short: id[..10].to_string(),
            id,
            subject: message.lines().next().unwrap_or("").to_string(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            date,
            cycle: trailer(&found, TRAILER_CYCLE).map(str::to_string),
            phase: trailer(&found, TRAILER_PHASE).map(str::to_string),
            meetings: found
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(TRAILER_MEETING))
                .map(|(_, v)| v.clone())
                .collect(),
            changed: trailer(&found, TRAILER_CHANGED).map(str::to_string),
            event: trailer(&found, TRAILER_EVENT).map(str::to_string),
            parents: commit.parent_count(),
            message,
        }
    }

    /// The user's text and the generated summary: the message without subject and trailers.
    pub fn body(&self) -> String {
        let mut paragraphs: Vec<&str> = self.message.trim_end().split("\n\n").collect();
        if !trailers(&self.message).is_empty() {
            paragraphs.pop();
        }
        paragraphs
            .into_iter()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Commits reachable from `to` (HEAD when `None`) and not from `since`, newest first.
pub fn timeline(
    repo: &Repository,
    since: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<CommitInfo>> {
    Ok(commits(repo, since, to)?
        .iter()
        .map(CommitInfo::from_commit)
        .collect())
}

fn commits<'r>(
    repo: &'r Repository,
    since: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<git2::Commit<'r>>> {
    let walk_error = |e| Error::git("cannot walk the history", e);
    let mut walk = repo.revwalk().map_err(walk_error)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(walk_error)?;
    match to {
        Some(rev) => walk.push(super::git_source::resolve_commit(repo, rev)?.id()),
        None => match repo::head_commit(repo)? {
            Some(head) => walk.push(head.id()),
            None => return Ok(Vec::new()),
        },
    }
    .map_err(walk_error)?;
    if let Some(rev) = since {
        walk.hide(super::git_source::resolve_commit(repo, rev)?.id())
            .map_err(walk_error)?;
    }
    let mut out = Vec::new();
    for id in walk {
        let id = id.map_err(walk_error)?;
        out.push(
            repo.find_commit(id)
                .map_err(|e| Error::git("cannot read a commit", e))?,
        );
    }
    Ok(out)
}

/// What an item history is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Kpi(String),
    Node(String),
    Meeting(String),
    /// Every change.
    All,
}

impl Item {
    /// The id every change about this item mentions, if it is one item.
    pub fn id(&self) -> Option<&str> {
        match self {
            Item::Kpi(id) | Item::Node(id) | Item::Meeting(id) => Some(id),
            Item::All => None,
        }
    }

    pub fn matches(&self, change: &Change) -> bool {
        match self {
            Item::Kpi(id) => change.is_about_indicator(id),
            Item::Node(id) => change.is_about_node(id),
            Item::Meeting(id) => change.is_about_meeting(id),
            Item::All => true,
        }
    }
}

/// One commit and the changes it made (to the item asked about).
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub commit: CommitInfo,
    pub changes: Vec<Change>,
}

/// Loads workspaces of commits once each, by id.
pub struct WorkspaceCache<'r> {
    repo: &'r Repository,
    loaded: HashMap<Oid, Workspace>,
}

impl<'r> WorkspaceCache<'r> {
    pub fn new(repo: &'r Repository) -> Self {
        WorkspaceCache {
            repo,
            loaded: HashMap::new(),
        }
    }

    pub fn get(&mut self, commit: &git2::Commit<'_>) -> Result<&Workspace> {
        if !self.loaded.contains_key(&commit.id()) {
            let workspace = load_commit(self.repo, commit)?;
            self.loaded.insert(commit.id(), workspace);
        }
        self.loaded.get(&commit.id()).ok_or_else(|| {
            Error::Invalid(
                (
                    "内部エラー（ワークスペースのキャッシュ）",
                    "workspace cache",
                )
                    .into(),
            )
        })
    }

    /// The changes a commit made to its first parent (or to nothing, for a root commit).
    /// Merge commits report nothing: their changes are the merged commits' own.
    ///
    /// Only the files the commit changed are parsed (see [`load_changed`]); walking the
    /// whole history thus parses each changed file twice instead of every file twice per
    /// commit, and nothing is kept in the cache.
    pub fn changes_of(&mut self, commit: &git2::Commit<'_>) -> Result<Vec<Change>> {
        self.changes_mentioning(commit, None)
    }

    /// The changes of a commit to files that mention `text` (see [`load_changed`]).
    pub fn changes_mentioning(
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
        let tree_error = |e| Error::git("cannot read a commit tree", e);
        let new = commit.tree().map_err(tree_error)?;
        let old = match &parent {
            Some(parent) => Some(parent.tree().map_err(tree_error)?),
            None => None,
        };
        let (old, new) = load_changed(self.repo, old.as_ref(), &new, mention)?;
        Ok(diff(&old, &new).changes)
    }
}

/// Every commit that changed `item`, newest first, with the changes (semantic blame).
///
/// One pass over the history that parses each changed blob once, on all cores
/// ([`super::walk::changes_of_commits`]).
pub fn item_history(repo: &Repository, item: &Item, since: Option<&str>) -> Result<Vec<Entry>> {
    let commits = commits(repo, since, None)?;
    let ids: Vec<Oid> = commits.iter().map(git2::Commit::id).collect();
    let all = super::walk::changes_of_commits(repo, &ids, item.id())?;
    Ok(entries(item, &commits, all))
}

/// [`item_history`] with the mention index of the workspace at `root`
/// ([`super::mention_index`]): blobs the index knows not to mention the item are not read,
/// and the tokens of the blobs read are added to it. The same entries either way; a
/// missing or unusable index makes this run as fast as [`item_history`] and builds one.
/// The index is written when it grew, best effort: a read-only workspace just has none.
pub fn item_history_indexed(
    repo: &Repository,
    item: &Item,
    since: Option<&str>,
    root: &Path,
) -> Result<Vec<Entry>> {
    use super::mention_index::{MentionIndex, searchable};
    let commits = commits(repo, since, None)?;
    let mut index = MentionIndex::read(root);
    let verdicts = item.id().and_then(|id| index.verdicts(id));
    if verdicts.is_none() && item.id().is_some_and(searchable) {
        // It could not answer a question it should: not what was written. Start again.
        index = MentionIndex::default();
    }
    let (all, learned) = super::walk::changes_of_commits_indexed(
        repo,
        &commits,
        item.id(),
        &index,
        verdicts.as_ref(),
    )?;
    index.learn(learned);
    if index.changed() {
        let _ = index.write(root);
    }
    Ok(entries(item, &commits, all))
}

/// [`item_history_indexed`] up to a revision: with `to` (`--at REV`), only the commits
/// reachable from it (what had happened by then); `None`: the whole history.
/// Shared by `kaikaku log --at` and the TUI's per-item history, so both list the same.
pub fn item_history_upto(
    repo: &Repository,
    item: &Item,
    since: Option<&str>,
    root: &Path,
    to: Option<&str>,
) -> Result<Vec<Entry>> {
    let entries = item_history_indexed(repo, item, since, root)?;
    let Some(rev) = to else {
        return Ok(entries);
    };
    let upto: std::collections::HashSet<Oid> = commits(repo, None, Some(rev))?
        .iter()
        .map(git2::Commit::id)
        .collect();
    Ok(entries
        .into_iter()
        .filter(|e| Oid::from_str(&e.commit.id).is_ok_and(|id| upto.contains(&id)))
        .collect())
}

/// The commits with changes about `item`, with those changes.
fn entries(item: &Item, commits: &[git2::Commit<'_>], all: Vec<Vec<Change>>) -> Vec<Entry> {
    let mut out = Vec::new();
    for (commit, changes) in commits.iter().zip(all) {
        let changes: Vec<Change> = changes.into_iter().filter(|c| item.matches(c)).collect();
        if !changes.is_empty() {
            out.push(Entry {
                commit: CommitInfo::from_commit(commit),
                changes,
            });
        }
    }
    out
}

/// The commit of the last committee meeting (the newest Check commit, else the newest commit
/// naming a meeting): the base of "what changed since the last meeting".
pub fn last_meeting_commit(dir: &Path) -> Result<Option<CommitInfo>> {
    let repo = repo::open(dir)?;
    Ok(timeline(&repo, None, None)?
        .into_iter()
        .find(|c| c.phase.as_deref() == Some("check") || !c.meetings.is_empty()))
}
