//! Everything `update()` handles: a bindable [`Command`], raw input for the active editor,
//! system events (ticks, the background load) and results (a status-line notice). Only
//! commands come from the keymap; the rest are made by `events.rs`, the event loop and the
//! update functions themselves, so this type needs neither `Clone` nor `Eq`. A leaf: it
//! imports only the command and the store, so dialogs and screens can take messages without
//! reaching the app.

use super::command::Command;
use crate::store::{Diagnostic, Progress, Workspace};

/// One message for `update()`.
#[derive(Debug)]
pub enum Msg {
    /// A user intent, from the keymap (or a test, or a replay).
    Command(Command),
    /// Meeting: speaker by key (Alt-1 … Alt-0).
    Speaker(char),
    /// Meeting: statement kind by key (Alt-q/o/p/r/a/e/g).
    Kind(char),
    /// Text typed into the active one-line input.
    Type(char),
    Backspace,
    /// Ctrl-U in a one-line input: delete everything before the cursor.
    ClearLine,
    /// Ctrl-W in a one-line input: delete the word before the cursor.
    DeleteWord,
    CursorLeft,
    CursorRight,
    /// Bracketed paste into the active input (`\r` line ends already normalised).
    Paste(String),
    /// A raw key for the multi-line editor.
    EditorKey(crossterm::event::KeyEvent),
    /// A mouse click on a screen row (0-based terminal row).
    ClickRow(u16),
    Resize(u16, u16),
    /// Journal the draft after a batch of keys.
    FlushDraft,
    /// Nothing happened for a while: make the journal durable.
    Tick,
    /// A message for the status line (follow-up of an update).
    Notify(String),
    /// The background load parsed another batch of files.
    LoadProgress(Progress),
    /// The background load is done: the whole workspace replaces the preview.
    Loaded(Box<Finished>),
    /// Input that must wait for the load (see `loading::holds`).
    Hold(crossterm::event::Event),
    /// Background work finished (see `tui::task`).
    TaskDone(Box<super::task::TaskDone>),
}

impl From<Command> for Msg {
    fn from(command: Command) -> Self {
        Msg::Command(command)
    }
}

impl Msg {
    /// The command this message carries, if it is one.
    pub fn command(&self) -> Option<Command> {
        match self {
            Msg::Command(command) => Some(*command),
            _ => None,
        }
    }

    /// The status-line text of a [`Msg::Notify`].
    pub fn notice(&self) -> Option<&str> {
        match self {
            Msg::Notify(text) => Some(text),
            _ => None,
        }
    }
}

/// What the background load hands over (see `loading`).
#[derive(Debug)]
pub struct Finished {
    /// The whole workspace (read-only if another instance holds the lock), or why not, in
    /// both languages (the loading thread does not know the reader's).
    pub workspace: std::result::Result<Workspace, crate::i18n::Text>,
    /// `kaikaku check` of that workspace.
    pub problems: Vec<Diagnostic>,
    /// Files changed since the last commit.
    pub uncommitted: Option<usize>,
}
