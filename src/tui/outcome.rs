//! What a screen's update asks of the app: the one place that opens dialogs, switches
//! screens, applies plan edits (with undo) and sets the status line is `update::carry_out`.

use super::command::Command;
use super::dialog::Dialog;
use super::edit::Edit;
use super::screen::Screen;

/// The result of a screen's update.
#[derive(Debug)]
#[must_use]
pub enum Outcome {
    /// Handled (or nothing to do); nothing more.
    Done,
    /// A line for the status bar.
    Notify(String),
    /// Open a dialog.
    Open(Dialog),
    /// Open a dialog again with a status line saying why (a form with a mistake in it).
    Reopen(Dialog, String),
    /// Go to a screen, with a status line for it. Going to the history screen loads it.
    Go(Screen, Option<String>),
    /// Go to a screen and hold a command until the workspace is loaded (it is replayed
    /// then: see `tui::loading`).
    Hold(Screen, Command),
    /// Quit now (the screen made its data safe first), with a status line.
    Quit(Option<String>),
    /// Apply an edit to a plan, undoable, and save it.
    Apply(Edit),
    /// Start background work; its result comes back as a message (see `tui::task`).
    Run(super::task::Task),
}

impl Outcome {
    /// A status line, or nothing.
    pub fn notice(message: Option<String>) -> Outcome {
        message.map_or(Outcome::Done, Outcome::Notify)
    }
}
