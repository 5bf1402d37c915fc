//! Turning terminal events into messages: the keymap layer of the current focus for
//! commands, raw text for inputs and editors.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::app::{App, DialogKind, Focus};
use super::command::Command;
use super::keymap::{LIST_NAVIGATION, Layer};
use super::msg::Msg;

/// The message for a terminal event in the app's current state, if any.
pub fn msg_for(app: &App, event: Event) -> Option<Msg> {
    let focus = app.focus();
    if super::loading::holds(app, focus, &event) {
        return Some(Msg::Hold(event));
    }
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_msg(app, focus, key),
        Event::Paste(text) => Some(Msg::Paste(text.replace("\r\n", "\n").replace('\r', "\n"))),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Msg::Command(Command::Up)),
            MouseEventKind::ScrollDown => Some(Msg::Command(Command::Down)),
            MouseEventKind::Down(_) if !matches!(focus, Focus::Dialog(_)) => {
                Some(Msg::ClickRow(mouse.row))
            }
            _ => None,
        },
        _ => None,
    }
}

fn key_msg(app: &App, focus: Focus, key: KeyEvent) -> Option<Msg> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Msg::Command(Command::ForceQuit));
    }
    let keymap = &app.keymap;
    let esc_cancels = |command: Option<Command>| {
        command
            .or((key.code == KeyCode::Esc).then_some(Command::Cancel))
            .map(Msg::Command)
    };
    match focus {
        Focus::MeetingTyping => Some(
            keymap
                .command_in(Layer::Typing, &key)
                .or_else(|| keymap.command_in(Layer::Typing, &plain_enter_or_esc(key)?))
                .map(Msg::Command)
                .or_else(|| meeting_chord(key))
                .unwrap_or(Msg::EditorKey(key)),
        ),
        Focus::MeetingList => keymap
            .command_in(Layer::Meeting, &key)
            .filter(|command| !types_instead(app, key, *command))
            .map(Msg::Command)
            .or_else(|| meeting_chord(key))
            .or_else(|| list_key(keymap, key)),
        Focus::Screen(_) | Focus::ItemHistory | Focus::Dialog(DialogKind::Help) => {
            esc_cancels(keymap.command(&key))
        }
        Focus::Dialog(DialogKind::Editor) => Some(match key.code {
            KeyCode::Esc => Msg::Command(Command::Cancel),
            _ => Msg::EditorKey(key),
        }),
        Focus::Dialog(
            DialogKind::Palette | DialogKind::Input | DialogKind::NodePicker | DialogKind::Picker,
        ) => input_key(key),
        // A field being edited takes keys as a one-line input does; the list takes Esc,
        // Enter and the arrows as commands and hands the rest (Delete, Ctrl-S, j/k, Space)
        // to the form.
        Focus::Dialog(DialogKind::HeaderForm) if header_field_open(app) => input_key(key),
        Focus::Dialog(DialogKind::HeaderForm) => Some(match key.code {
            KeyCode::Esc => Msg::Command(Command::Cancel),
            KeyCode::Enter => Msg::Command(Command::Submit),
            KeyCode::Up => Msg::Command(Command::Up),
            KeyCode::Down => Msg::Command(Command::Down),
            _ => Msg::EditorKey(key),
        }),
        Focus::Dialog(DialogKind::Choice) => match key.code {
            KeyCode::Esc => Some(Msg::Command(Command::Cancel)),
            KeyCode::Enter => Some(Msg::Command(Command::Submit)),
            _ => keymap.command(&key).map(Msg::Command),
        },
        // Its own letters (t / o, T / O) choose the sides; moving and Enter as in lists.
        Focus::Dialog(DialogKind::Conflicts) => match key.code {
            KeyCode::Esc => Some(Msg::Command(Command::Cancel)),
            KeyCode::Enter => Some(Msg::Command(Command::Submit)),
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::Command(Command::Up)),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::Command(Command::Down)),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Msg::Type(c))
            }
            _ => None,
        },
        Focus::Dialog(DialogKind::Confirm) => match key.code {
            KeyCode::Char('y' | 'Y') => Some(Msg::Command(Command::Confirm)),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Msg::Command(Command::Cancel)),
            _ => None,
        },
    }
}

/// A key for a one-line input (and the lists filtered by one).
fn input_key(key: KeyEvent) -> Option<Msg> {
    Some(match key.code {
        KeyCode::Esc => Msg::Command(Command::Cancel),
        KeyCode::Enter => Msg::Command(Command::Submit),
        KeyCode::Backspace => Msg::Backspace,
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => Msg::ClearLine,
        KeyCode::Char('w') if key.modifiers.contains(KeyModifiers::CONTROL) => Msg::DeleteWord,
        KeyCode::Left => Msg::CursorLeft,
        KeyCode::Right => Msg::CursorRight,
        KeyCode::Up => Msg::Command(Command::Up),
        KeyCode::Down => Msg::Command(Command::Down),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Msg::Type(c),
        _ => return None,
    })
}

/// Whether the header form is editing one of its fields.
fn header_field_open(app: &App) -> bool {
    matches!(&app.dialog, Some(super::dialog::Dialog::HeaderForm(form)) if form.input.is_some())
}

/// A key of the statement list that its own layer does not bind: a plain printable key is a
/// navigation key ([`LIST_NAVIGATION`]) or goes back to the editor and is typed there
/// (`Msg::EditorKey`, which meeting mode takes as "type this"), so a word typed here by
/// mistake is neither lost nor a command; other keys mean what they mean on the screens.
fn list_key(keymap: &super::keymap::Keymap, key: KeyEvent) -> Option<Msg> {
    let command = keymap.command(&key);
    let printable = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if printable && !command.is_some_and(|c| LIST_NAVIGATION.contains(&c)) {
        return Some(Msg::EditorKey(key));
    }
    command
        .or((key.code == KeyCode::Esc).then_some(Command::Cancel))
        .map(Msg::Command)
}

/// A plain letter bound to undo or redo in the statement list (`u`) with nothing to undo or
/// redo is typed instead, so the first letter of a word typed there is never lost.
fn types_instead(app: &App, key: KeyEvent, command: Command) -> bool {
    let plain = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    let Some(session) = app.session.as_ref().filter(|_| plain) else {
        return false;
    };
    match command {
        Command::Undo => session.history.undo.is_empty(),
        Command::Redo => session.history.redo.is_empty(),
        _ => false,
    }
}

/// Meeting mode's Alt-chords, in both of its modes: Alt-digit picks the speaker, Alt-n
/// toggles "needs a response", any other Alt-letter picks the statement kind. Keys the
/// meeting layers bind come first.
fn meeting_chord(key: KeyEvent) -> Option<Msg> {
    // Ctrl-Alt is no chord: an Esc read together with the Ctrl key after it must not
    // change the speaker or the kind.
    if !key.modifiers.contains(KeyModifiers::ALT) || key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    Some(if c.is_ascii_digit() {
        Msg::Speaker(c)
    } else if c == 'n' {
        Msg::Command(Command::ToggleNeedsResponse)
    } else {
        Msg::Kind(c)
    })
}

/// Enter and Esc with modifiers the typing layer does not bind mean what the plain key (or,
/// for Enter with Alt or Shift, `alt-enter`) means: a stray Ctrl never types into the editor.
fn plain_enter_or_esc(key: KeyEvent) -> Option<KeyEvent> {
    if !matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
        return None;
    }
    let newline = key.code == KeyCode::Enter
        && key
            .modifiers
            .intersects(KeyModifiers::ALT | KeyModifiers::SHIFT);
    let modifiers = if newline {
        KeyModifiers::ALT
    } else {
        KeyModifiers::NONE
    };
    (modifiers != key.modifiers).then(|| KeyEvent::new(key.code, modifiers))
}
