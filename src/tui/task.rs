//! Work that must not freeze the UI: a sync runs `git fetch` / `git push` over the network.
//! An update that needs one asks for it ([`super::outcome::Outcome::Run`]); the event loop
//! runs it on its own thread and hands the result back as [`super::msg::Msg::TaskDone`],
//! like any other event. Tests run it on the spot ([`super::run_tasks`]), so the whole round
//! trip is testable without a terminal. A task owns everything it needs: it never touches
//! the app's state.

use std::path::PathBuf;

use crate::history::sync::{SyncOptions, Synced, sync_or_conflicts};

/// A piece of background work.
#[derive(Clone, Debug)]
pub enum Task {
    /// `kaikaku sync` of the workspace at `dir`.
    Sync { dir: PathBuf, options: SyncOptions },
}

/// What a finished task hands back.
#[derive(Debug)]
pub enum TaskDone {
    Sync(crate::error::Result<Synced>),
}

impl Task {
    /// Runs the task to its end on the calling thread.
    pub fn run(self) -> TaskDone {
        match self {
            Task::Sync { dir, options } => TaskDone::Sync(sync_or_conflicts(&dir, &options)),
        }
    }
}
