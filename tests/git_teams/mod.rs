//! Git for teams and auditors (issue 16), end to end with the real binary and the real `git`:
//! identity as git resolves it, remotes as git has them, sync over ssh and https against
//! servers started on loopback, conflicts resolved in one step, an honest first cycle.

mod dates;
mod first_cycle;
mod history_screen;
mod identity;
mod servers;
mod source_tree;
mod sync;
mod tui_sync;
