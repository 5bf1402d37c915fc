//! The TUI's state. Views borrow it and never mutate; `update()` is the only writer.

use std::collections::HashSet;

use super::dialog::Dialog;
use super::keymap::Keymap;
use super::loading::Held;
use crate::model::{FiscalYear, Indicator, Language, Node, Plan, Settings};
use crate::store::{Diagnostic, Progress, Workspace};

pub use super::dialog::purpose::{ChoicePurpose, EditorPurpose, InputPurpose, Pending};
pub use super::edit::Edit;

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

/// Whether the last write reached the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// The data is in memory only; the message says why.
    NotSaved(String),
}

/// Which kind of dialog is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Help,
    Palette,
    Input,
    Choice,
    Editor,
    Confirm,
}

/// Where input goes: decided once, by [`App::focus`], for the key translation
/// (`events.rs`), the router (`update.rs`) and the staged start (`loading::holds`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A dialog on top of everything.
    Dialog(DialogKind),
    /// Meeting mode, typing into the statement editor.
    MeetingTyping,
    /// Meeting mode, the statement list (command mode).
    MeetingList,
    /// A screen's own keys (the meeting screen too while its meeting is not open yet).
    Screen(Screen),
}

/// Tree filter: only nodes matching it (and their ancestors) are shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Department(String),
    Status(String),
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

/// Options from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub lang: Option<Language>,
    pub presenter: bool,
    pub no_color: bool,
    /// One line shown at start (e.g. where the default workspace was created).
    pub notice: Option<String>,
    pub keymap: Keymap,
}

/// The whole TUI state.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent view flags, not a state machine
pub struct App {
    pub workspace: Workspace,
    pub lang: Language,
    pub keymap: Keymap,
    pub screen: Screen,
    /// The dialog on top of the screen, if any.
    pub dialog: Option<Dialog>,
    pub presenter: bool,
    pub color: bool,
    pub plan_index: usize,
    pub year: FiscalYear,
    pub tree_cursor: usize,
    pub expanded: HashSet<String>,
    pub filter: Option<Filter>,
    pub kpi_cursor: usize,
    pub save_state: SaveState,
    pub message: Option<String>,
    pub undo: Vec<(String, Plan)>,
    pub redo: Vec<(String, Plan)>,
    pub should_quit: bool,
    /// Terminal size, for paging and mouse hit-testing.
    pub size: (u16, u16),
    /// Files changed since the last commit, when the workspace is a git repository.
    pub uncommitted: Option<usize>,
    /// The meeting being recorded, once meeting mode was opened.
    pub session: Option<super::meeting::Session>,
    /// An audience window (`kaikaku present`): no editor, no private notes, never writes.
    pub audience: bool,
    /// The history screen, once opened.
    pub history: Option<super::history::HistoryView>,
    /// Selected comment on the review screen: awaiting ones first, then answered ones.
    pub review_cursor: usize,
    /// Whether the whole workspace is loaded yet; writes wait for it.
    pub load: LoadState,
    /// Input that must wait for the load (keys typed into meeting mode before its meeting is
    /// open), replayed in order once it is done.
    pub held: Vec<Held>,
    /// What `kaikaku check` reports for the workspace, once a background load has checked it.
    pub problems: Option<Vec<Diagnostic>>,
}

/// One visible row of the plan tree.
#[derive(Clone, Debug)]
pub struct TreeRow<'a> {
    pub node: &'a Node,
    pub depth: usize,
    pub number: String,
    pub has_children: bool,
    pub expanded: bool,
}

impl App {
    /// An app on a fully loaded workspace.
    pub fn new(workspace: Workspace, options: Options) -> Self {
        let uncommitted = workspace
            .root
            .as_deref()
            .and_then(crate::history::repo::uncommitted_count);
        Self::build(workspace, options, uncommitted, LoadState::Complete)
    }

    /// An app on a preview ([`Workspace::load_preview`]) while the rest loads in the
    /// background; the load's result arrives as [`super::Msg::Loaded`]. Even the count of
    /// uncommitted files waits: `git status` re-hashes every data file after a copy.
    pub fn loading(preview: Workspace, options: Options) -> Self {
        Self::build(
            preview,
            options,
            None,
            LoadState::Loading(Progress::default()),
        )
    }

    fn build(
        workspace: Workspace,
        options: Options,
        uncommitted: Option<usize>,
        load: LoadState,
    ) -> Self {
        let lang = options
            .lang
            .or_else(|| workspace.settings().map(|s| s.language))
            .unwrap_or_default();
        let year = initial_year(workspace.settings());
        let mut expanded = HashSet::new();
        for plan in &workspace.plans {
            for node in &plan.value.nodes {
                expanded.insert(node.id.clone());
            }
        }
        // Start on the plan the current year belongs to (the newest such plan), else the first.
        let plan_index = workspace.start_plan(year);
        App {
            workspace,
            lang,
            keymap: options.keymap,
            screen: Screen::Dashboard,
            dialog: None,
            presenter: options.presenter,
            color: !options.no_color,
            plan_index,
            year,
            tree_cursor: 0,
            expanded,
            filter: None,
            kpi_cursor: 0,
            save_state: SaveState::Saved,
            message: options.notice,
            undo: Vec::new(),
            redo: Vec::new(),
            should_quit: false,
            size: (80, 24),
            uncommitted,
            session: None,
            history: None,
            audience: false,
            review_cursor: 0,
            load,
            held: Vec::new(),
            problems: None,
        }
    }

    /// Where input goes now.
    pub fn focus(&self) -> Focus {
        if let Some(dialog) = &self.dialog {
            return Focus::Dialog(dialog.kind());
        }
        match (&self.session, self.screen) {
            (Some(session), Screen::Meeting) if session.typing => Focus::MeetingTyping,
            (Some(_), Screen::Meeting) => Focus::MeetingList,
            (_, screen) => Focus::Screen(screen),
        }
    }

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

    /// Visible tree rows: expanded branches only, narrowed by the filter.
    pub fn tree_rows(&self) -> Vec<TreeRow<'_>> {
        let Some(plan) = self.plan() else {
            return Vec::new();
        };
        let flat = plan.flatten();
        let keep: Option<HashSet<usize>> = self.filter.as_ref().map(|filter| {
            let mut keep = HashSet::new();
            for (index, item) in flat.iter().enumerate() {
                let hit = match filter {
                    Filter::Department(d) => {
                        item.node.lead.contains(d) || item.node.related.contains(d)
                    }
                    Filter::Status(s) => {
                        item.node.status(self.year).is_some_and(|e| &e.status == s)
                    }
                };
                if hit {
                    let mut at = Some(index);
                    while let Some(i) = at {
                        keep.insert(i);
                        at = flat[i].parent;
                    }
                }
            }
            keep
        });
        let mut rows = Vec::new();
        for (index, item) in flat.iter().enumerate() {
            if keep.as_ref().is_some_and(|k| !k.contains(&index)) {
                continue;
            }
            let mut parent = item.parent;
            let mut visible = true;
            while let Some(p) = parent {
                // A filter shows matches whatever is collapsed.
                if keep.is_none() && !self.expanded.contains(&flat[p].node.id) {
                    visible = false;
                    break;
                }
                parent = flat[p].parent;
            }
            if visible {
                rows.push(TreeRow {
                    node: item.node,
                    depth: item.depth,
                    number: item.number.clone(),
                    has_children: !item.node.children.is_empty(),
                    expanded: self.expanded.contains(&item.node.id) || keep.is_some(),
                });
            }
        }
        rows
    }

    pub fn selected_node(&self) -> Option<&Node> {
        self.tree_rows().get(self.tree_cursor).map(|row| row.node)
    }

    /// Indicators of the current plan in document order, with their depth (parts are 1).
    pub fn kpi_rows(&self) -> Vec<(usize, &Indicator)> {
        let Some(plan) = self.plan() else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for (_, indicator) in plan.top_indicators() {
            rows.push((0, indicator));
            for part in &indicator.parts {
                rows.push((1, part));
            }
        }
        rows
    }

    pub fn selected_indicator(&self) -> Option<&Indicator> {
        self.kpi_rows()
            .get(self.kpi_cursor)
            .map(|(_, indicator)| *indicator)
    }

    /// The review queue for the chosen year, as of today.
    pub fn review_queue(&self) -> crate::report::review::ReviewQueue {
        crate::report::review::review_queue(
            &self.workspace,
            self.year,
            chrono::Local::now().date_naive(),
        )
    }

    /// The comment under the review cursor (awaiting ones, then answered ones).
    pub fn selected_comment(&self) -> Option<crate::report::review::CommentItem> {
        let queue = self.review_queue();
        queue
            .awaiting
            .into_iter()
            .chain(queue.answered)
            .nth(self.review_cursor)
    }

    /// The lines a page move jumps: the body height.
    pub fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
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

/// The fiscal year to start on: the workspace's cycle year, else today's.
pub fn initial_year(settings: Option<&Settings>) -> FiscalYear {
    settings.and_then(|s| s.cycle).map_or_else(
        || FiscalYear::containing(chrono::Local::now().date_naive()),
        |c| c.year,
    )
}
