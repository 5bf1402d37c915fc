//! The staged start. The first frame is drawn from a preview (the settings and the plan the
//! first screen shows, [`Workspace::load_preview`]); the whole workspace loads and is checked
//! on a background thread and arrives in `update()` as [`Msg::Loaded`], like any other
//! event. Until then the preview is read-only: every write is refused with a message saying
//! why, and keys typed into meeting mode are held and replayed once its meeting is open.
//!
//! The core knows nothing of this: it loads (with progress) and checks. The state machine
//! ([`LoadState`]) lives in the [`App`]; this module holds its transitions. Held input is
//! replayed by [`super::dispatch`], so this module imports neither `update` nor `events`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use super::app::{App, Focus, LoadState, Screen, initial_year, progress_text};
use super::command::Command;
use super::msg::Msg;
use crate::error::Result;
use crate::store::{Progress, Workspace};

/// Why the preview refuses writes, should a write reach the store at all (the app refuses
/// them first, with a better message).
pub const PREVIEW_REASON: (&str, &str) = ("読み込み中", "still loading");

/// How long the first frame waits for the background load to finish. A small workspace loads
/// well within it, so its first frame is complete, as if the load had never been staged; a
/// large one shows its preview after this, far inside the 500 ms budget.
pub const FIRST_FRAME_GRACE: Duration = Duration::from_millis(50);

/// Progress reaches the UI at most this often: each message costs a frame, and frames
/// compete with the parse for the CPU.
const PROGRESS_EVERY: Duration = Duration::from_millis(40);

/// Input that waits for the load to finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Held {
    /// A terminal event, turned into an action only when replayed: what a key means in
    /// meeting mode depends on the meeting being open.
    Event(Event),
    /// A command to run once loaded (opening meeting mode, a quit that waits for held keys).
    Command(Command),
}

pub use super::msg::Finished;

/// Messages from the loading thread.
#[derive(Debug)]
pub enum LoadUpdate {
    Progress(Progress),
    Finished(Box<Finished>),
}

/// What the background load needs: where the workspace is, and whether it must open
/// read-only (another instance holds the lock).
#[derive(Clone, Debug)]
pub struct Start {
    pub root: PathBuf,
    pub read_only: Option<crate::i18n::Text>,
}

/// The first stage: the settings and the plan the first screen shows, read-only.
pub fn preview(root: &Path) -> Result<Workspace> {
    Workspace::load_preview(root, initial_year, PREVIEW_REASON.into())
}

/// The second stage, on the calling thread: the whole workspace (files parsed on all cores,
/// progress reported as it goes), its check, and the count of uncommitted files.
pub fn load(start: &Start, report: &(dyn Fn(LoadUpdate) + Sync)) -> Finished {
    let last = Mutex::new(None::<Instant>);
    let progress = |progress: Progress| {
        let mut last = last.lock().unwrap_or_else(PoisonError::into_inner);
        let due = last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
        if due || progress.done == progress.total {
            *last = Some(Instant::now());
            report(LoadUpdate::Progress(progress));
        }
    };
    match Workspace::load_with_progress(&start.root, &progress) {
        Ok(mut workspace) => {
            if let Some(reason) = &start.read_only {
                workspace.set_read_only(reason.clone());
            }
            let problems = workspace.check();
            Finished {
                workspace: Ok(workspace),
                problems,
                uncommitted: crate::history::repo::uncommitted_count(&start.root),
            }
        }
        // Said in both languages here, with the fix: the reader's language is the app's,
        // on the other thread.
        Err(error) => Finished {
            workspace: Err(crate::i18n::Text::new(
                error.with_hint(crate::model::Language::Ja),
                error.with_hint(crate::model::Language::En),
            )),
            problems: Vec::new(),
            uncommitted: None,
        },
    }
}

/// Runs [`load`] on its own thread. The thread always reports a [`LoadUpdate::Finished`],
/// even if the load panics, so the app never waits forever.
pub fn spawn(
    start: Start,
    report: impl Fn(LoadUpdate) + Send + Sync + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("kaikaku-load".into())
        .spawn(move || {
            let finished =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(&start, &report)))
                    .unwrap_or_else(|_| Finished {
                        workspace: Err(crate::i18n::Text::new(
                            "読み込みの処理が予期せず止まりました",
                            "the loader stopped unexpectedly",
                        )),
                        problems: Vec::new(),
                        uncommitted: None,
                    });
            report(LoadUpdate::Finished(Box::new(finished)));
        })
        .map(|_| ())
}

/// Whether a terminal event must wait for the load: keys and pastes on the meeting screen
/// before its meeting can be opened (Ctrl-C excepted). Replayed later, they mean exactly what
/// they would have meant had the load been instant.
pub fn holds(app: &App, focus: Focus, event: &Event) -> bool {
    if !app.core.load.is_loading() || focus != Focus::Screen(Screen::Meeting) {
        return false;
    }
    match event {
        Event::Key(key) => {
            key.kind != KeyEventKind::Release
                && !(key.code == KeyCode::Char('c')
                    && key.modifiers.contains(KeyModifiers::CONTROL))
        }
        Event::Paste(_) => true,
        _ => false,
    }
}

/// Whether typed input is waiting for the load.
pub fn holds_typing(app: &App) -> bool {
    app.held.iter().any(|h| matches!(h, Held::Event(_)))
}

/// Queues a command to run once loaded, once.
pub fn hold_command(app: &mut App, command: Command) {
    let held = Held::Command(command);
    if !app.held.contains(&held) {
        app.held.push(held);
    }
}

/// Merges a finished load into the app (from `update()` only): the whole workspace replaces
/// the preview and the view stays on the plan it showed. The held input stays in
/// `app.held`, for `dispatch` to replay in order ([`take_replay`]).
pub fn finish(app: &mut App, finished: Finished) -> Option<Msg> {
    app.core.uncommitted = finished.uncommitted;
    let mut workspace = match finished.workspace {
        Ok(workspace) => workspace,
        Err(reason) => {
            let lost = holds_typing(app);
            app.held.clear();
            app.core.load = LoadState::Failed(reason.clone());
            let lang = app.core.lang;
            return Some(Msg::Notify(format!(
                "{}: {}{}",
                lang.pick("読み込みに失敗しました", "Loading failed"),
                reason.get(lang),
                if lost {
                    lang.pick(
                        "（会議の入力は記録できません）",
                        " (the typed minutes could not be recorded)",
                    )
                } else {
                    ""
                }
            )));
        }
    };
    // The origin is what the status bar already shows; the view stays where it is.
    workspace.origin = std::mem::take(&mut app.core.workspace.origin);
    // Saves keep going through the layer the preview was given (a simulated disk in tests).
    workspace.set_fs_layer(app.core.workspace.fs_layer());
    let shown: Vec<String> = app
        .core
        .workspace
        .plans
        .iter()
        .map(|p| p.path.clone())
        .collect();
    let current = app
        .core
        .workspace
        .plans
        .get(app.core.plan_index)
        .map(|p| p.path.clone());
    // New plans open with their top level expanded, as at a full start; the shown plan keeps
    // whatever was collapsed meanwhile.
    for plan in workspace.plans.iter().filter(|p| !shown.contains(&p.path)) {
        for node in &plan.value.nodes {
            app.tree.expanded.insert(node.id.clone());
        }
    }
    if let Some(index) =
        current.and_then(|path| workspace.plans.iter().position(|p| p.path == path))
    {
        app.core.plan_index = index;
    } else {
        app.core.plan_index = workspace.start_plan(app.core.year);
        app.tree.cursor = 0;
        app.kpi.cursor = 0;
    }
    app.core.workspace = workspace;
    app.core.clamp_year();
    app.core.problems = Some(finished.problems);
    app.core.load = LoadState::Complete;
    None
}

/// The input held during the load, once it is complete (nothing while it runs or after it
/// failed).
pub fn take_replay(app: &mut App) -> Vec<Held> {
    if app.core.load.is_complete() {
        std::mem::take(&mut app.held)
    } else {
        Vec::new()
    }
}

/// The status-line text of the load: progress while loading, the failure after.
pub fn status_text(app: &App) -> Option<String> {
    match &app.core.load {
        LoadState::Loading(progress) => Some(progress_text(app.core.lang, *progress)),
        LoadState::Failed(_) => Some(
            app.core
                .lang
                .pick("読み込み失敗", "loading failed")
                .to_string(),
        ),
        LoadState::Complete => None,
    }
}
