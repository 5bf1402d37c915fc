//! git as the audit trail: repository set-up, phase commits, tags, history, audit, sync.
//!
//! The TUI and the CLI call these functions; none of them prints. Reading history never
//! touches the working tree ([`git_source`]); writing follows the PDCA rules of design.md §4.

pub mod audit;
pub mod check_cache;
pub mod commit;
pub mod commit_diff;
pub mod diff;
pub mod fsync;
pub mod git_date;
pub mod git_source;
pub mod log;
pub mod mention_index;
pub mod plan_memo;
mod plan_stat;
pub mod repo;
pub mod resolve;
pub mod sign;
pub mod stage;
pub mod subject;
pub mod sync;
pub mod transport;
pub mod walk;

pub use commit::{ClosedCycle, PhaseCommit, PhasePlan, PhaseRequest, close_cycle, commit_phase};
pub use diff::{Change, WorkspaceDiff, diff};
pub use git_source::{GitSource, load_at};
