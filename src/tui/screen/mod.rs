//! The screens. Each owns its state and the meaning of its keys and dialogs; the tree, KPI
//! and review screens take the shared [`Core`](super::core::Core) and return an
//! [`Outcome`](super::outcome::Outcome), so they are tested without an app.

pub mod edits;
pub mod history;
pub mod item_history;
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

/// The sample's minutes as a draft, with a journalled session on them, for the meeting
/// screens' unit tests.
#[cfg(test)]
pub(crate) fn draft_session(
    lang: crate::model::Language,
) -> (
    tempfile::TempDir,
    super::core::Core,
    Option<meeting::Session>,
) {
    let (temp, mut core) = sample_core(lang);
    let mut meeting = core.workspace.meetings[0].value.clone();
    meeting.status = crate::model::meeting::MeetingStatus::Draft;
    let text = crate::store::canonical::to_canonical(&meeting).expect("ron");
    let path = temp.path().join(format!("minutes/{}.ron", meeting.id));
    std::fs::write(path, text).expect("write");
    core.workspace = crate::store::Workspace::load(temp.path()).expect("reload");
    let (journal, _) = crate::store::journal::Journal::open_with(
        core.workspace.fs_layer(),
        temp.path(),
        &meeting.id,
    )
    .expect("open");
    let session = meeting::Session {
        meeting_id: meeting.id.clone(),
        journal: Some(journal),
        editor: ratatui_textarea::TextArea::default(),
        speaker: None,
        kind: crate::model::StatementKind::Opinion,
        needs_response: false,
        editing: None,
        selected: 0,
        typing: true,
        links: crate::store::journal::LinkChoice::default(),
        history: crate::model::statement_ops::History::default(),
        draft_dirty: false,
        since_save: 0,
        read_only: None,
        before_correction: None,
        aside_dirty: None,
    };
    (temp, core, Some(session))
}
