//! kaikaku: reform plans, KPIs and committee minutes kept as canonical RON in git.
//!
//! The crate is a library with a thin binary. The core has no UI code:
//! - [`model`]: plain data and invariants (plans, indicators, fiscal years, meetings,
//!   responses), plan edits as values (`model::plan_edit`), the validator, the sanitiser
//!   for untrusted text;
//! - [`store`]: the workspace on disk — canonical RON, atomic writes, strict reading, the
//!   live-typing journal, the single-writer lock, the embedded sample, and the edits that
//!   go through it (plan revisions with reasons, responses, departments and rosters);
//! - [`history`]: git as the audit trail — phase commits, cycle tags, time travel, semantic
//!   diff and log, audit, signing, sync (git remotes, ssh/https via the system git in
//!   `transport`, conflicts resolved by choice in `resolve`);
//! - [`report`]: the one KPI progress definition, reports, table-cell parsing and imports,
//!   minutes export and import, the review queue;
//! - [`search`]: one folded index over plans, items, KPIs, departments, meetings and
//!   every statement, for the palette and `kaikaku search`.
//!
//! Two consumers sit on top: [`cli`] (one module per subcommand, printing only) and [`tui`]
//! (Elm-style: `Action` → `update()` → views that only borrow). [`text`] is the CJK-aware
//! layout both share; [`dev`] generates large synthetic workspaces for the benchmarks.

pub mod cli;
pub mod dev;
pub mod error;
pub mod history;
pub mod model;
pub mod report;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
