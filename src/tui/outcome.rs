//! What a screen's update asks of the app: the one place that opens dialogs, switches
//! screens, applies plan edits (with undo) and sets the status line is `update::carry_out`.

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
    /// Go to a screen, with what to do there.
    Go(Screen, Option<String>),
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
