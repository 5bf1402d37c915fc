//! Dialogs as self-contained values. Each one is changed in place by its `handle()`, which
//! says whether it stays open, was cancelled, or is done with a value; the router takes the
//! dialog out of the app only then, and hands the value to the screen that opened it, which
//! knows what "submit" means (the [`purpose`] travels with the dialog). Nothing here knows a
//! screen or the app, so each dialog is unit-tested alone: type, paste, move, submit.

pub mod choice;
pub mod confirm;
pub mod editor;
pub mod help;
pub mod line_input;
pub mod palette;
pub mod purpose;

pub use choice::Choice;
pub use confirm::Confirm;
pub use editor::Editor;
pub use help::Help;
pub use line_input::LineInput;
pub use palette::Palette;
pub use purpose::{ChoicePurpose, EditorPurpose, InputPurpose, ListChange, Pending};

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

/// A dialog or overlay on top of the screen.
#[derive(Debug)]
pub enum Dialog {
    Help(Help),
    Palette(Palette),
    Input(LineInput<InputPurpose>),
    Choice(Choice<ChoicePurpose>),
    Editor(Editor<EditorPurpose>),
    Confirm(Confirm),
}

impl Dialog {
    pub fn kind(&self) -> DialogKind {
        match self {
            Dialog::Help(_) => DialogKind::Help,
            Dialog::Palette(_) => DialogKind::Palette,
            Dialog::Input(_) => DialogKind::Input,
            Dialog::Choice(_) => DialogKind::Choice,
            Dialog::Editor(_) => DialogKind::Editor,
            Dialog::Confirm(_) => DialogKind::Confirm,
        }
    }
}

/// What a message did to a dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step<T> {
    /// Still open (changed in place, or the message did not concern it).
    Stay,
    /// Closed without changes.
    Cancel,
    /// Closed with a value for the screen that opened it.
    Done(T),
}

impl<T> Step<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Step<U> {
        match self {
            Step::Stay => Step::Stay,
            Step::Cancel => Step::Cancel,
            Step::Done(value) => Step::Done(f(value)),
        }
    }
}
