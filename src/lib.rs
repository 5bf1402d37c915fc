//! kaikaku: reform plans, KPIs and committee minutes kept as canonical RON in git.
//!
//! The crate is a library with a thin binary. The core has no UI code:
//! - [`model`]: plain data and invariants (plans, indicators, fiscal years, meetings);
//! - [`store`]: the workspace on disk — canonical RON, atomic writes, strict reading;
//! - [`cli`]: one module per subcommand, printing only.
//!
//! The TUI, history (git) and report modules build on the same core; [`dev`] holds the
//! generator of large synthetic workspaces used by the benchmarks.

pub mod cli;
pub mod dev;
pub mod error;
pub mod history;
pub mod model;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
