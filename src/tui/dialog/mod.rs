//! Dialogs as self-contained values. Each one is changed in place by its `handle()`, which
//! says whether it stays open, was cancelled, or is done with a value; the router takes the
//! dialog out of the app only then, and hands the value to the screen that opened it, which
//! knows what "submit" means (the [`purpose`] travels with the dialog). Nothing here knows a
//! screen or the app, so each dialog is unit-tested alone: type, paste, move, submit.

pub mod choice;
pub mod confirm;
pub mod conflicts;
pub mod editor;
pub mod header_form;
pub mod help;
pub mod line_input;
pub mod node_picker;
pub mod palette;
pub mod picker;
pub mod plan_purpose;
pub mod purpose;

pub use choice::Choice;
pub use confirm::Confirm;
pub use conflicts::Conflicts;
pub use editor::Editor;
pub use help::Help;
pub use line_input::LineInput;
pub use node_picker::{LinkTarget, NodePicker};
pub use palette::Palette;
pub use picker::{PickEntry, Picker, PickerPurpose};
pub use purpose::{ChoicePurpose, EditorPurpose, InputPurpose, LinkField, ListChange, Pending};

/// Which kind of dialog is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Help,
    Palette,
    Input,
    Choice,
    Editor,
    Confirm,
    /// A stopped sync's conflicts, a side to choose for each.
    Conflicts,
    /// Meeting mode's node picker (a query and a list).
    NodePicker,
    /// A list filtered by typing (speaker picker, meeting list).
    Picker,
    /// Meeting mode's header form (a list of fields, one being edited at a time).
    HeaderForm,
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
    Conflicts(Conflicts),
    NodePicker(NodePicker),
    Picker(Picker),
    HeaderForm(Box<header_form::HeaderForm>),
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
            Dialog::Conflicts(_) => DialogKind::Conflicts,
            Dialog::NodePicker(_) => DialogKind::NodePicker,
            Dialog::Picker(_) => DialogKind::Picker,
            Dialog::HeaderForm(_) => DialogKind::HeaderForm,
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
