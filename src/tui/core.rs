//! What every screen shares: the workspace, the language, the chosen fiscal year, today's
//! date, the status bar (save state, message, uncommitted count) and the load state. Screens
//! take `&mut Core` and their own state, never the whole app, so they cannot reach into each
//! other. Imports only the core crate modules.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{FiscalYear, Language, Plan, Settings};
use crate::store::{Diagnostic, Progress, Workspace};

/// Whether everything reached the disk: the summary of [`Core::pending_writes`] the status
/// bar shows (保存済 / 未保存).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Some data is in memory only; the message says why (of the first pending write).
    NotSaved(String),
}

/// A write that failed, its data held in memory until a retry succeeds. NOT SAVED belongs
/// to each of these, not to the last save: a successful save of another file leaves it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PendingWrite {
    /// A plan file (the edits are in memory).
    Plan(String),
    /// A meeting file (the statements are in memory and in the journal).
    Meeting(String),
    /// A meeting's journal: records that may not be durable.
    Journal(String),
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
    /// Every write that failed and waits for a retry, with the reason; `save_state` is its
    /// summary. Change it only through [`Core::write_failed`] and [`Core::write_done`].
    pub pending_writes: BTreeMap<PendingWrite, String>,
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

    /// After a successful write: the uncommitted count is fresh. (Other files' NOT SAVED
    /// marks stay: see [`Core::write_done`].)
    pub fn saved(&mut self) {
        if let Some(root) = self.workspace.root.as_deref() {
            self.uncommitted = crate::history::repo::uncommitted_count(root);
        }
    }

    /// A write failed: it is NOT SAVED until a later write of the same data succeeds.
    pub fn write_failed(&mut self, write: PendingWrite, message: &str) {
        self.pending_writes.insert(write, message.to_string());
        self.refresh_save_state();
    }

    /// A write succeeded: its NOT SAVED mark (and only its) goes.
    pub fn write_done(&mut self, write: &PendingWrite) {
        self.pending_writes.remove(write);
        self.refresh_save_state();
    }

    fn refresh_save_state(&mut self) {
        self.save_state = match self.pending_writes.values().next() {
            None => SaveState::Saved,
            Some(message) => SaveState::NotSaved(message.clone()),
        };
    }

    /// What a pending write is, for the user: the file it goes to.
    pub fn pending_label(&self, write: &PendingWrite) -> String {
        let file = |dir: &str, id: &str, known: Option<&str>| {
            known.map_or_else(|| format!("{dir}/{id}.ron"), str::to_string)
        };
        match write {
            PendingWrite::Plan(id) => {
                let known = self.workspace.plans.iter().find(|p| &p.value.id == id);
                file("plans", id, known.map(|p| p.path.as_str()))
            }
            PendingWrite::Meeting(id) => {
                let known = self.workspace.meetings.iter().find(|m| &m.value.id == id);
                file("minutes", id, known.map(|m| m.path.as_str()))
            }
            PendingWrite::Journal(id) => format!(
                "{} ({id})",
                self.lang.pick("議事録のジャーナル", "the minutes journal")
            ),
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
