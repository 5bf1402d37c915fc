//! Terminal set-up and restore. The terminal is restored on every exit path: normal quit,
//! error (the guard's `Drop`), panic (ratatui's hook), SIGTERM and SIGHUP (a flag the event
//! loop checks, so the normal path runs).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use super::app::App;
use super::events::msg_for;
use super::loading::{self, LoadUpdate, Start};
use super::msg::Msg;
use super::task::TaskDone;
use super::{dispatch, view};
use crate::error::{Error, Result};

/// Events handled between two frames at most.
const MAX_BATCH: usize = 512;

/// What wakes the UI loop: the terminal, the background load, or background work done.
enum Input {
    Terminal(Event),
    Load(LoadUpdate),
    Task(TaskDone),
}

/// Reads terminal events on their own thread. crossterm's reader can spin forever on a
/// hung-up terminal; on this thread that never keeps the UI loop from seeing a signal and
/// exiting cleanly.
///
/// crossterm is built with `use-dev-tty`: its default reader waits on mio's edge-triggered
/// epoll but reads 1,024 bytes at a time, so of a typed burst longer than that (an IME
/// commit, a fast typist, a paste without bracketed paste) the rest, with its Enter, waited
/// unread until the next key. The `use-dev-tty` reader waits with level-triggered poll(2).
fn spawn_reader(sender: Sender<Input>) {
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if sender.send(Input::Terminal(event)).is_err() {
                break;
            }
        }
    });
}

/// Starts the background load, reporting into the UI loop's channel. Should the thread not
/// start, the load runs here instead: slower to show, never lost.
fn spawn_loader(start: &Start, sender: &Sender<Input>) {
    let report = {
        let sender = sender.clone();
        move |update| {
            let _ = sender.send(Input::Load(update));
        }
    };
    if loading::spawn(start.clone(), report).is_err() {
        let finished = loading::load(start, &|_| {});
        let _ = sender.send(Input::Load(LoadUpdate::Finished(Box::new(finished))));
    }
}

/// Handles one input; terminal events become messages through the keymap.
fn handle(app: &mut App, input: Input) {
    let msg = match input {
        Input::Terminal(event) => msg_for(app, event),
        Input::Load(LoadUpdate::Progress(progress)) => Some(Msg::LoadProgress(progress)),
        Input::Load(LoadUpdate::Finished(finished)) => Some(Msg::Loaded(finished)),
        Input::Task(done) => Some(Msg::TaskDone(Box::new(done))),
    };
    if let Some(msg) = msg {
        dispatch(app, msg);
    }
}

/// Starts the background work the last updates asked for, each on its own thread, its
/// result sent back into the loop. Should a thread not start, the work runs here: the UI
/// waits, but nothing asked for is dropped.
fn spawn_tasks(app: &mut App, sender: &Sender<Input>) {
    for task in std::mem::take(&mut app.tasks) {
        let sender = sender.clone();
        let fallback = task.clone();
        let started = std::thread::Builder::new()
            .name("kaikaku-task".into())
            .spawn(move || {
                let _ = sender.send(Input::Task(task.run()));
            });
        if started.is_err() {
            dispatch(app, Msg::TaskDone(Box::new(fallback.run())));
        }
    }
}

/// How long leaving waits for a sync that has started.
const TASK_GRACE: Duration = Duration::from_mins(1);

/// Before leaving (a quit, a signal): a sync that has started may be moving the working
/// files and the branch, so it is waited for (up to [`TASK_GRACE`]; git's own network
/// timeouts end a hung transfer, which moves nothing here) and leaving never cuts it in
/// half. Work asked for and not started yet is dropped.
fn finish_tasks(app: &mut App, terminal: &mut ratatui::DefaultTerminal, inputs: &Receiver<Input>) {
    if !app.tasks.is_empty() {
        app.tasks.clear();
        app.core.busy = None;
    }
    let deadline = Instant::now() + TASK_GRACE;
    while app.core.busy.is_some() {
        app.core.message = Some(
            app.core
                .lang
                .pick(
                    "同期の完了を待ってから終了します…",
                    "Quitting once the sync has finished…",
                )
                .into(),
        );
        let _ = terminal.draw(|frame| view::view(app, frame));
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        match inputs.recv_timeout(left) {
            Ok(input @ Input::Task(_)) => handle(app, input),
            Ok(_) => {}
            Err(_) => break,
        }
    }
}

/// Restores the terminal when dropped, whatever path leaves the loop.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        ratatui::restore();
        let _ = std::io::stdout().flush();
    }
}

fn io(error: std::io::Error) -> Error {
    Error::io("use", "the terminal", error)
}

/// Runs the TUI until the user quits or a terminating signal arrives. With `background`, the
/// app starts on a preview and the whole workspace loads on another thread meanwhile.
pub fn run(mut app: App, background: Option<Start>) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(io)?;
    }
    let (sender, inputs) = std::sync::mpsc::channel();
    // The load starts first: it is the long part, and the terminal set-up overlaps with it.
    if let Some(start) = background {
        spawn_loader(&start, &sender);
    }
    // ratatui::init puts the terminal in raw mode on the alternate screen and installs a
    // panic hook that restores it before the panic message is printed.
    let mut terminal = ratatui::init();
    let _guard = Guard;
    execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture).map_err(io)?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let tasks = sender.clone();
    spawn_reader(sender);
    wait_for_small_load(&mut app, &inputs);
    let mut last_input = Instant::now();
    let mut synced_since_input = true;
    let mut published = None;
    while !app.should_quit {
        if stop.load(Ordering::Relaxed) {
            // SIGTERM / SIGHUP: leave like a normal quit, so the journal is flushed and the
            // meeting saved before the terminal is restored.
            finish_held_typing(&mut app, &inputs);
            // Directly, not as a Quit action: an open dialog would take that as "close".
            super::quit::keep_everything(&mut app);
            break;
        }
        terminal.draw(|frame| view::view(&app, frame)).map_err(io)?;
        let first = match inputs.recv_timeout(Duration::from_millis(250)) {
            Ok(input) => input,
            Err(RecvTimeoutError::Timeout) => {
                // About a second without input: make the journal durable (fsync off the
                // typing path, as typing must never wait on the disk).
                if !synced_since_input && last_input.elapsed() >= Duration::from_secs(1) {
                    dispatch(&mut app, Msg::Tick);
                    synced_since_input = true;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                // The terminal is gone: save like a quit.
                super::quit::keep_everything(&mut app);
                break;
            }
        };
        // Handle everything already queued before drawing again: fast typing and pastes do
        // not wait for a frame per key, and the draft is journalled once per batch.
        let mut next = Some(first);
        let mut handled = 0;
        while let Some(input) = next {
            #[cfg(debug_assertions)]
            injected_fault(&input)?;
            handle(&mut app, input);
            handled += 1;
            next = if app.should_quit || handled >= MAX_BATCH {
                None
            } else {
                inputs.try_recv().ok()
            };
        }
        dispatch(&mut app, Msg::FlushDraft);
        spawn_tasks(&mut app, &tasks);
        super::present::publish(&app, &mut published);
        last_input = Instant::now();
        synced_since_input = false;
    }
    finish_tasks(&mut app, &mut terminal, &inputs);
    // Quitting retried every pending write; what still failed (the user chose to quit
    // anyway, or a signal left no one to ask) is said on stderr, with a non-zero exit.
    match super::quit::unsaved_summary(&app) {
        // Already in the app's language.
        Some(summary) => Err(Error::Invalid(crate::i18n::Text::same(summary))),
        None => Ok(()),
    }
}

/// Debug builds only: with `KAIKAKU_TEST_FAULT=panic` or `=error`, F12 panics or returns an
/// error from the event loop, so the pseudo-terminal tests can prove that those exit paths
/// restore the terminal and keep the journal. Release builds carry none of it.
#[cfg(debug_assertions)]
fn injected_fault(input: &Input) -> Result<()> {
    if let Input::Terminal(Event::Key(key)) = input
        && key.code == crossterm::event::KeyCode::F(12)
    {
        match std::env::var("KAIKAKU_TEST_FAULT").as_deref() {
            Ok("panic") => panic!("injected panic (KAIKAKU_TEST_FAULT=panic)"),
            Ok("error") => {
                return Err(Error::Invalid(
                    (
                        "テスト用に注入したエラーです（KAIKAKU_TEST_FAULT=error）",
                        "injected error (KAIKAKU_TEST_FAULT=error)",
                    )
                        .into(),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Holds the first frame for up to [`loading::FIRST_FRAME_GRACE`] while a background load
/// runs, so a small workspace shows complete at once instead of flashing its preview. Input
/// arriving meanwhile is handled as usual.
fn wait_for_small_load(app: &mut App, inputs: &Receiver<Input>) {
    let deadline = Instant::now() + loading::FIRST_FRAME_GRACE;
    while app.core.load.is_loading() && !app.should_quit {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        match inputs.recv_timeout(left) {
            Ok(input) => handle(app, input),
            Err(_) => break,
        }
    }
}

/// Before a signal ends the app: minutes typed while the workspace was loading are still
/// held in memory; wait (a few seconds at most) for the load so they reach the journal.
fn finish_held_typing(app: &mut App, inputs: &Receiver<Input>) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.core.load.is_loading() && loading::holds_typing(app) {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        match inputs.recv_timeout(left) {
            Ok(input @ (Input::Load(_) | Input::Task(_))) => handle(app, input),
            // The terminal is going away: its input no longer counts.
            Ok(Input::Terminal(_)) => {}
            Err(_) => break,
        }
    }
}

/// Runs an audience window: follows what the writing instance shows, re-reading the
/// workspace (and the live journal) about once a second; `q` or Ctrl-C leaves.
pub fn run_audience(
    mut app: App,
    root: &std::path::Path,
    mut watch: super::present::Watch,
) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(io)?;
    }
    let mut terminal = ratatui::init();
    let _guard = Guard;
    let (sender, events) = std::sync::mpsc::channel();
    spawn_reader(sender);
    let mut last_reload = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        if let Some(shown) = super::present::read(root) {
            super::present::follow(&mut app, &shown);
        }
        terminal.draw(|frame| view::view(&app, frame)).map_err(io)?;
        match events.recv_timeout(Duration::from_millis(300)) {
            Ok(Input::Terminal(Event::Key(key)))
                if key.code == crossterm::event::KeyCode::Char('q') =>
            {
                break;
            }
            Ok(Input::Terminal(Event::Key(key)))
                if key.code == crossterm::event::KeyCode::Char('c')
                    && key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
            {
                break;
            }
            Ok(Input::Terminal(Event::Resize(width, height))) => app.size = (width, height),
            Err(RecvTimeoutError::Disconnected) => break,
            _ => {}
        }
        if last_reload.elapsed() >= Duration::from_secs(1) {
            last_reload = Instant::now();
            super::present::reload(&mut app, root, &mut watch);
        }
    }
    Ok(())
}
