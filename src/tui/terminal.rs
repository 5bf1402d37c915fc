//! Terminal set-up and restore. The terminal is restored on every exit path: normal quit,
//! error (the guard's `Drop`), panic (ratatui's hook), SIGTERM and SIGHUP (a flag the event
//! loop checks, so the normal path runs).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use super::app::App;
use super::events::action_for;
use super::{dispatch, view};
use crate::error::{Error, Result};

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
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        terminal.draw(|frame| view::view(&app, frame)).map_err(io)?;
        if !event::poll(Duration::from_millis(250)).map_err(io)? {
            continue;
        }
        // Drain everything that is queued before drawing again: fast typing and pastes do
        // not wait for a frame per key.
        loop {
            let event = event::read().map_err(io)?;
            if let Some(action) = action_for(&app, event) {
                dispatch(&mut app, action);
            }
            if app.should_quit || !event::poll(Duration::ZERO).map_err(io)? {
                break;
            }
        }
    }
    Ok(())
}
