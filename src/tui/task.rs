//! Work that must not freeze the UI: a sync runs `git fetch` / `git push` over the network,
//! an item's history reads every commit's changed files. An update that needs one asks for
//! it ([`super::outcome::Outcome::Run`]); the event loop runs it on its own thread and hands
//! the result back as [`super::msg::Msg::TaskDone`], like any other event. Tests run it on
//! the spot ([`super::run_tasks`]), so the whole round trip is testable without a terminal.
//! A task owns everything it needs: it never touches the app's state.

use std::path::PathBuf;

use crate::history::log::{Entry, Item};
use crate::history::sync::{SyncOptions, Synced, sync_or_conflicts};

/// A piece of background work.
#[derive(Clone, Debug)]
pub enum Task {
    /// `kaikaku sync` of the workspace at `dir`.
    Sync { dir: PathBuf, options: SyncOptions },
    /// `kaikaku log --kpi|--node|--meeting ID` of the repository at `dir`, up to `to`
    /// (`--at REV`); `request` tells its answer from a superseded one's.
    ItemHistory {
        dir: PathBuf,
        item: Item,
        to: Option<String>,
        request: u64,
    },
}

/// What a finished task hands back.
#[derive(Debug)]
pub enum TaskDone {
    Sync(crate::error::Result<Synced>),
    ItemHistory {
        request: u64,
        result: crate::error::Result<Vec<Entry>>,
    },
}

impl Task {
    /// Runs the task to its end on the calling thread.
    pub fn run(self) -> TaskDone {
        match self {
            Task::Sync { dir, options } => TaskDone::Sync(sync_or_conflicts(&dir, &options)),
            Task::ItemHistory {
                dir,
                item,
                to,
                request,
            } => TaskDone::ItemHistory {
                request,
                result: read_item_history(&dir, &item, to.as_deref()),
            },
        }
    }
}

/// An item's history as `kaikaku log` reads it, mention index included.
///
/// Without libgit2's per-read SHA-1 of every object, as `kaikaku log` (see `cli/log.rs`):
/// it was a quarter of an item history's time. The option is process-wide, so from the
/// first item history on, the TUI's other reads (the History screen, the diff of a phase
/// commit) skip it too. That is acceptable here: zlib still checks every object read,
/// objects written (a phase commit) are hashed as ever, fetched packs are indexed (hashed)
/// by the sync, and the integrity check is `kaikaku audit`, another process, which hashes
/// every object itself.
fn read_item_history(
    dir: &std::path::Path,
    item: &Item,
    to: Option<&str>,
) -> crate::error::Result<Vec<Entry>> {
    git2::opts::strict_hash_verification(false);
    let repo = crate::history::repo::open(dir)?;
    crate::history::log::item_history_upto(&repo, item, None, dir, to)
}
