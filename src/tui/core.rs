//! What every screen shares: the workspace, the language, the chosen fiscal year, today's
//! date, the status bar (save state, message, uncommitted count) and the load state. Screens
//! take `&mut Core` and their own state, never the whole app, so they cannot reach into each
//! other. Imports only the core crate modules.

use chrono::NaiveDate;

use crate::model::{FiscalYear, Language, Plan, Settings};
use crate::store::{Diagnostic, Progress, Workspace};

/// Whether the last write reached the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// The data is in memory only; the message says why.
    NotSaved(String),
}

/// How far the start-up load has come. A staged start draws the first screen from a preview
/// (the settings and one plan) and loads the rest on a background thread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LoadState {
    /// Everything is loaded: the normal state.
    #[default]
    Complete,
    /// The workspace is a read-only preview; the rest is being loaded (files parsed so far;
    /// a total of 0 while the files are still being listed and read).
    Loading(Progress),
    /// The background load failed: the preview stays, read-only, with the reason.
    Failed(String),
}

impl LoadState {
    pub fn is_loading(&self) -> bool {
        matches!(self, LoadState::Loading(_))
    }

    pub fn is_complete(&self) -> bool {
        *self == LoadState::Complete
    }
}

/// The state every screen shares.
#[derive(Debug)]
pub struct Core {
    pub workspace: Workspace,
    pub lang: Language,
    /// The fiscal year the screens show and edit.
    pub year: FiscalYear,
    /// Today, as of the last update: views and the review queue read it instead of the
    /// clock, so a frame is a function of the state.
    pub today: NaiveDate,
    /// The plan the tree, KPI and dashboard screens show.
    pub plan_index: usize,
    pub save_state: SaveState,
    /// The status line.
    pub message: Option<String>,
    /// Files changed since the last commit, when the workspace is a git repository.
    pub uncommitted: Option<usize>,
    /// Whether the whole workspace is loaded yet; writes wait for it.
    pub load: LoadState,
    /// What `kaikaku check` reports for the workspace, once a background load has checked it.
    pub problems: Option<Vec<Diagnostic>>,
}

impl Core {
    /// What a feature that needs the whole workspace says while there is only the preview;
    /// `None` once everything is loaded.
    pub fn incomplete(&self) -> Option<String> {
        let lang = self.lang;
        match &self.load {
            LoadState::Complete => None,
            LoadState::Loading(progress) => Some(format!(
                "{} — {}",
                progress_text(lang, *progress),
                lang.pick("読み込みが終わると使えます", "available once loaded")
            )),
            LoadState::Failed(reason) => Some(format!(
                "{}: {reason}",
                lang.pick("読み込みに失敗しました", "Loading failed")
            )),
        }
    }

    /// Why nothing may be written now, as the status line should say it: the workspace is
    /// still loading, failed to load, or is read-only.
    pub fn write_refusal(&self) -> Option<String> {
        let lang = self.lang;
        match &self.load {
            LoadState::Loading(progress) => Some(format!(
                "{} — {}",
                progress_text(lang, *progress),
                lang.pick(
                    "編集は読み込みが終わるとできます",
                    "editing opens when it is done"
                ),
            )),
            LoadState::Failed(reason) => Some(format!(
                "{}: {reason}",
                lang.pick(
                    "読み込みに失敗したため読み取り専用です",
                    "Read-only: loading failed"
                )
            )),
            LoadState::Complete => self.workspace.is_read_only().then(|| {
                format!(
                    "{}: {}",
                    lang.pick("読み取り専用です", "Read-only"),
                    self.workspace.read_only_reason().unwrap_or_default()
                )
            }),
        }
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.workspace.settings()
    }

    pub fn plan(&self) -> Option<&Plan> {
        self.workspace.plans.get(self.plan_index).map(|p| &p.value)
    }

    /// Label of a status id in the current language.
    pub fn status_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.settings()
            .and_then(|s| s.status(id))
            .map_or(id, |def| match self.lang {
                Language::Ja => def.label.as_str(),
                Language::En => def.label_en.as_deref().unwrap_or(&def.label),
            })
    }

    pub fn department_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.settings()
            .and_then(|s| s.department(id))
            .map_or(id, |d| match self.lang {
                Language::Ja => d.name.as_str(),
                Language::En => d.name_en.as_deref().unwrap_or(&d.name),
            })
    }

    /// The review queue for the chosen year, as of `today`.
    pub fn review_queue(&self) -> crate::report::review::ReviewQueue {
        crate::report::review::review_queue(&self.workspace, self.year, self.today)
    }

    /// Moves `today` on when the date changed (a meeting past midnight).
    pub fn tick(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
        }
    }

    /// After a successful write: the status bar says saved, and the uncommitted count is
    /// fresh.
    pub fn saved(&mut self) {
        self.save_state = SaveState::Saved;
        if let Some(root) = self.workspace.root.as_deref() {
            self.uncommitted = crate::history::repo::uncommitted_count(root);
        }
    }
}

/// `読み込み中… 120/541 ファイル` / `loading 120 of 541 files…`: files parsed of all (just
/// "loading…" while the files are still being listed and read).
pub fn progress_text(lang: Language, progress: Progress) -> String {
    let Progress { done, total } = progress;
    match (lang, total) {
        (Language::Ja, 0) => "読み込み中…".into(),
        (Language::Ja, _) => format!("読み込み中… {done}/{total} ファイル"),
        (Language::En, 0) => "loading…".into(),
        (Language::En, _) => format!("loading {done} of {total} files…"),
    }
}
