//! The screens. Each owns its state and the meaning of its keys and dialogs; the tree, KPI
//! and review screens take the shared [`Core`](super::core::Core) and return an
//! [`Outcome`](super::outcome::Outcome), so they are tested without an app.

pub mod edits;
pub mod history;
pub mod kpi;
pub mod meeting;
pub mod meeting_header;
pub mod meeting_life;
pub mod meeting_links;
pub mod meeting_pick;
pub mod plan_forms;
pub mod review;
pub mod tree;

/// The main screens, each one key away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Dashboard,
    Tree,
    Kpi,
    Meeting,
    History,
    /// The review queue: what to do before the next meeting.
    Review,
}

/// A core on a fresh copy of the embedded sample workspace, for the screens' unit tests.
#[cfg(test)]
pub(crate) fn sample_core(lang: crate::model::Language) -> (tempfile::TempDir, super::core::Core) {
    let temp = tempfile::tempdir().expect("tempdir");
    crate::store::sample::write_sample(temp.path()).expect("sample written");
    let workspace = crate::store::Workspace::load(temp.path()).expect("sample loads");
    let year = super::app::initial_year(workspace.settings());
    let core = super::core::Core {
        plan_index: workspace.start_plan(year),
        workspace,
        lang,
        year,
        plan_years: std::collections::BTreeMap::new(),
        today: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date"),
        save_state: super::core::SaveState::Saved,
        pending_writes: std::collections::BTreeMap::new(),
        message: None,
        uncommitted: None,
        load: super::core::LoadState::Complete,
        problems: None,
        busy: None,
    };
    (temp, core)
}
