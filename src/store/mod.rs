//! The workspace on disk: canonical RON, strict reading, atomic writes, the embedded sample.
//!
//! A workspace is a directory (a git repository) holding `kaikaku.ron`, `plans/*.ron` and
//! `minutes/*.ron` and `responses/*.ron`. Reading never stops at a broken file: each one becomes a diagnostic and
//! the rest loads. A file that failed to load is never written over.

pub mod atomic;
pub mod canonical;
pub mod diagnostic;
pub mod fs_layer;
pub mod guard;
pub mod journal;
pub mod lifecycle;
pub mod location;
pub mod lock;
pub mod plan_edit;
pub mod responses;
pub mod ron_text;
pub mod runtime;
pub mod sample;
pub mod settings_edit;
pub mod source;
pub mod workspace;

pub use diagnostic::Diagnostic;
pub use workspace::{Loaded, Progress, Workspace};

/// The settings file at the workspace root; its presence makes a directory a workspace.
pub const SETTINGS_FILE: &str = "kaikaku.ron";
/// One file per plan: `plans/<plan-id>.ron`.
pub const PLANS_DIR: &str = "plans";
/// One file per meeting: `minutes/<meeting-id>.ron`.
pub const MINUTES_DIR: &str = "minutes";
/// The city's responses to one meeting's comments: `responses/<meeting-id>.ron`. Kept apart
/// from the minutes because confirmed minutes are immutable while responses keep growing.
pub const RESPONSES_DIR: &str = "responses";
