//! Terminal set-up and restore. The terminal is restored on every exit path: normal quit,
//! error (the guard's `Drop`), panic (ratatui's hook), SIGTERM and SIGHUP (a flag the event
//! loop checks, so the normal path runs).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;

use super::action::Action;
use super::app::App;
use super::events::action_for;
use super::{dispatch, view};
use crate::error::{Error, Result};

/// Events handled between two frames at most.
const MAX_BATCH: usize = 512;

/// Reads terminal events on their own thread. crossterm's reader can spin forever on a
/// hung-up terminal; on this thread that never keeps the UI loop from seeing a signal and
/// exiting cleanly.
fn spawn_reader() -> Receiver<crossterm::event::Event> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if sender.send(event).is_err() {
                break;
            }
        }
    });
    receiver
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

/// Runs the TUI until the user quits or a terminating signal arrives.
pub fn run(mut app: App) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(io)?;
    }
    // ratatui::init puts the terminal in raw mode on the alternate screen and installs a
    // panic hook that restores it before the panic message is printed.
    let mut terminal = ratatui::init();
    let _guard = Guard;
    execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture).map_err(io)?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let events = spawn_reader();
    let mut last_input = Instant::now();
    let mut synced_since_input = true;
    let mut published = None;
    while !app.should_quit {
        if stop.load(Ordering::Relaxed) {
            // SIGTERM / SIGHUP: leave like a normal quit, so the journal is flushed and the
            // meeting saved before the terminal is restored.
            dispatch(&mut app, Action::FlushDraft);
            dispatch(&mut app, Action::Quit);
            break;
        }
        terminal.draw(|frame| view::view(&app, frame)).map_err(io)?;
        let first = match events.recv_timeout(Duration::from_millis(250)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => {
                // About a second without input: make the journal durable (fsync off the
                // typing path, as typing must never wait on the disk).
                if !synced_since_input && last_input.elapsed() >= Duration::from_secs(1) {
                    dispatch(&mut app, Action::Tick);
                    synced_since_input = true;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                // The terminal is gone: save like a quit.
                dispatch(&mut app, Action::FlushDraft);
                dispatch(&mut app, Action::Quit);
                break;
            }
        };
        // Handle everything already queued before drawing again: fast typing and pastes do
        // not wait for a frame per key, and the draft is journalled once per batch.
        let mut next = Some(first);
        let mut handled = 0;
        while let Some(event) = next {
            if let Some(action) = action_for(&app, event) {
                dispatch(&mut app, action);
            }
            handled += 1;
            next = if app.should_quit || handled >= MAX_BATCH {
                None
            } else {
                events.try_recv().ok()
            };
        }
        dispatch(&mut app, Action::FlushDraft);
        super::present::publish(&app, &mut published);
        last_input = Instant::now();
        synced_since_input = false;
    }
    Ok(())
}

/// Runs an audience window: follows what the writing instance shows, re-reading the
/// workspace (and the live journal) about once a second; `q` or Ctrl-C leaves.
pub fn run_audience(mut app: App, root: &std::path::Path) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(io)?;
    }
    let mut terminal = ratatui::init();
    let _guard = Guard;
    let events = spawn_reader();
    let mut last_reload = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        if let Some(shown) = super::present::read(root) {
            super::present::follow(&mut app, &shown);
        }
        terminal.draw(|frame| view::view(&app, frame)).map_err(io)?;
        match events.recv_timeout(Duration::from_millis(300)) {
            Ok(Event::Key(key)) if key.code == crossterm::event::KeyCode::Char('q') => break,
            Ok(Event::Key(key))
                if key.code == crossterm::event::KeyCode::Char('c')
                    && key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
            {
                break;
            }
            Ok(Event::Resize(width, height)) => app.size = (width, height),
            Err(RecvTimeoutError::Disconnected) => break,
            _ => {}
        }
        if last_reload.elapsed() >= Duration::from_secs(1) {
            last_reload = Instant::now();
            super::present::reload(&mut app, root);
        }
    }
    Ok(())
}
