//! The TUI's state. Views borrow it and never mutate; `update()` is the only writer.

pub use super::core::{Core, LoadState, PendingWrite, SaveState, progress_text};
use super::dialog::Dialog;
use super::keymap::Keymap;
use super::loading::Held;
pub use super::screen::kpi::KpiState;
pub use super::screen::review::ReviewState;
pub use super::screen::tree::{Filter, TreeRow, TreeState};
use crate::model::{FiscalYear, Indicator, Language, Node, Plan, Settings};
use crate::store::{Progress, Workspace};

pub use super::dialog::DialogKind;
pub use super::dialog::purpose::{ChoicePurpose, EditorPurpose, InputPurpose, Pending};
pub use super::edit::Edit;
pub use super::screen::Screen;
pub use super::screen::edits::UndoStack;

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
    /// The history of one item, over the screen it was asked from (Shift-H).
    ItemHistory,
}

/// Options from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub lang: Option<Language>,
    pub presenter: bool,
    pub no_color: bool,
    /// One line shown at start (e.g. where the default workspace was created).
    pub notice: Option<crate::i18n::Text>,
    pub keymap: Keymap,
}

/// The whole TUI state: the shared core, each screen's own state, the dialog on top, and
/// the view flags. A composition: the screens' logic lives in `screen/`, the routing in
/// `update.rs`, and `update::carry_out` is the one place that carries out what they ask.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent view flags, not a state machine
pub struct App {
    /// What every screen shares: workspace, language, year, today, status bar, load state.
    pub core: Core,
    pub keymap: Keymap,
    pub screen: Screen,
    /// The dialog on top of the screen, if any.
    pub dialog: Option<Dialog>,
    pub presenter: bool,
    pub color: bool,
    pub tree: TreeState,
    pub kpi: KpiState,
    pub review: ReviewState,
    /// The meeting being recorded, once meeting mode was opened.
    pub session: Option<super::screen::meeting::Session>,
    /// The palette's search index: built when the palette first opens, synced on each
    /// opening (see `tui::palette`).
    pub search: Option<crate::search::SearchIndex>,
    /// The history screen, once opened.
    pub history: Option<super::screen::history::HistoryView>,
    /// The history of one item (Shift-H), over the screen, and its background reads.
    pub item_history: super::screen::item_history::ItemHistories,
    pub undo: UndoStack,
    pub should_quit: bool,
    /// Terminal size, for paging and mouse hit-testing.
    pub size: (u16, u16),
    /// An audience window (`kaikaku present`): no editor, no private notes, never writes.
    pub audience: bool,
    /// Input that must wait for the load (keys typed into meeting mode before its meeting is
    /// open), replayed in order once it is done.
    pub held: Vec<Held>,
    /// Background work asked for and not yet started: the event loop takes it after each
    /// batch of input (see `tui::task`).
    pub tasks: Vec<super::task::Task>,
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
        let tree = TreeState::new(workspace.plans.iter().map(|p| &p.value));
        // Start on the plan the current year belongs to (the newest such plan), else the first.
        let plan_index = workspace.start_plan(year);
        let mut app = App {
            core: Core {
                workspace,
                lang,
                year,
                plan_years: std::collections::BTreeMap::new(),
                today: chrono::Local::now().date_naive(),
                plan_index,
                save_state: SaveState::Saved,
                pending_writes: std::collections::BTreeMap::new(),
                message: options.notice.map(|notice| notice.get(lang).to_string()),
                uncommitted,
                load,
                problems: None,
                busy: None,
            },
            keymap: options.keymap,
            screen: Screen::Dashboard,
            dialog: None,
            presenter: options.presenter,
            color: !options.no_color,
            tree,
            kpi: KpiState::default(),
            review: ReviewState::default(),
            session: None,
            search: None,
            history: None,
            item_history: super::screen::item_history::ItemHistories::default(),
            undo: UndoStack::default(),
            should_quit: false,
            size: (80, 24),
            audience: false,
            held: Vec::new(),
            tasks: Vec::new(),
        };
        // A cycle year no plan covers opens on a year of the shown plan.
        app.core.clamp_year();
        app.refresh();
        app
    }

    /// Where input goes now.
    pub fn focus(&self) -> Focus {
        if let Some(dialog) = &self.dialog {
            return Focus::Dialog(dialog.kind());
        }
        if self.item_history.shown.is_some() {
            return Focus::ItemHistory;
        }
        match (&self.session, self.screen) {
            (Some(session), Screen::Meeting) if session.typing => Focus::MeetingTyping,
            (Some(_), Screen::Meeting) => Focus::MeetingList,
            (_, screen) => Focus::Screen(screen),
        }
    }

    /// A write failed ([`Core::write_failed`]).
    pub fn write_failed(&mut self, write: PendingWrite, message: &str) {
        self.core.write_failed(write, message);
    }

    /// A write succeeded ([`Core::write_done`]).
    pub fn write_done(&mut self, write: &PendingWrite) {
        self.core.write_done(write);
    }

    /// What a pending write is, for the user: the file it goes to.
    pub fn pending_label(&self, write: &PendingWrite) -> String {
        self.core.pending_label(write)
    }

    /// What a feature that needs the whole workspace says while there is only the preview.
    pub fn incomplete(&self) -> Option<String> {
        self.core.incomplete()
    }

    /// Why nothing may be written now ([`Core::write_refusal`]).
    pub fn write_refusal(&self) -> Option<String> {
        self.core.write_refusal()
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.core.settings()
    }

    pub fn plan(&self) -> Option<&Plan> {
        self.core.plan()
    }

    /// Label of a status id in the current language.
    pub fn status_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.core.status_label(id)
    }

    pub fn department_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.core.department_label(id)
    }

    /// Visible tree rows (expanded branches only, narrowed by the filter) as of the last
    /// update: what the views show.
    pub fn tree_rows(&self) -> Vec<TreeRow<'_>> {
        self.tree.shown_rows(self.core.plan())
    }

    /// Recomputes what the views read (tree rows, the review queue) from the state: once
    /// per update, by `dispatch`, and after the state is set from outside (a new app, the
    /// presenter following the writer).
    pub fn refresh(&mut self) {
        self.tree.refresh(&self.core);
        // The queue walks every plan, meeting and response (≈ 20 ms per update on the large
        // workspace, on every screen, palette keystrokes included): only while it is shown.
        self.review
            .refresh(&self.core, self.screen == Screen::Review);
    }

    pub fn selected_node(&self) -> Option<&Node> {
        self.tree.selected(&self.core)
    }

    /// Indicators of the current plan in document order, with their depth (parts are 1).
    pub fn kpi_rows(&self) -> Vec<(usize, &Indicator)> {
        super::screen::kpi::rows(self.core.plan())
    }

    pub fn selected_indicator(&self) -> Option<&Indicator> {
        self.kpi.selected(&self.core)
    }

    /// The review queue for the chosen year, as of today.
    pub fn review_queue(&self) -> crate::report::review::ReviewQueue {
        self.core.review_queue()
    }

    /// The comment under the review cursor (awaiting ones, then answered ones).
    pub fn selected_comment(&self) -> Option<crate::report::review::CommentItem> {
        self.review.selected(&self.core)
    }

    /// The lines a page move jumps: the body height.
    pub fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
    }
}

/// The fiscal year to start on: the workspace's cycle year, else today's.
pub fn initial_year(settings: Option<&Settings>) -> FiscalYear {
    settings.and_then(|s| s.cycle).map_or_else(
        || FiscalYear::containing(chrono::Local::now().date_naive()),
        |c| c.year,
    )
}
