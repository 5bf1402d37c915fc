//! Turning terminal events into actions: the keymap for screens, raw text for inputs.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::action::Action;
use super::app::{App, Overlay};

/// The action for a terminal event in the app's current state, if any.
pub fn action_for(app: &App, event: Event) -> Option<Action> {
    if super::loading::holds(app, &event) {
        return Some(Action::Hold(event));
    }
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, key),
        Event::Paste(text) => Some(Action::Paste(
            text.replace("\r\n", "\n").replace('\r', "\n"),
        )),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Action::Up),
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::Down(_) if matches!(app.overlay, Overlay::None) => {
                Some(Action::ClickRow(mouse.row))
            }
            _ => None,
        },
        _ => None,
    }
}

fn key_action(app: &App, key: KeyEvent) -> Option<Action> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::ForceQuit);
    }
    if app.screen == super::app::Screen::Meeting
        && matches!(app.overlay, Overlay::None)
        && let Some(session) = &app.session
    {
        return meeting_key(app, session.typing, key);
    }
    match &app.overlay {
        Overlay::None | Overlay::Help => app.keymap.action(&key).or(match key.code {
            KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        }),
        Overlay::Editor { .. } => Some(match key.code {
            KeyCode::Esc => Action::Cancel,
            _ => Action::EditorKey(key),
        }),
        Overlay::Palette { .. } | Overlay::Input { .. } => Some(match key.code {
            KeyCode::Esc => Action::Cancel,
            KeyCode::Enter => Action::Submit,
            KeyCode::Backspace => Action::Backspace,
            KeyCode::Left => Action::CursorLeft,
            KeyCode::Right => Action::CursorRight,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Action::Type(c),
            _ => return None,
        }),
        Overlay::Choice { .. } => match key.code {
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Enter => Some(Action::Submit),
            _ => app.keymap.action(&key),
        },
        Overlay::Confirm { .. } => match key.code {
            KeyCode::Char('y' | 'Y') => Some(Action::Confirm),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
    }
}

/// Keys in meeting mode: typing goes to the statement editor; Alt-chords pick the speaker
/// and kind without leaving it; Esc switches to the statement list.
fn meeting_key(app: &App, typing: bool, key: KeyEvent) -> Option<Action> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if alt && let KeyCode::Char(c) = key.code {
        if c.is_ascii_digit() {
            return Some(Action::Speaker(c));
        }
        if c == 'n' {
            return Some(Action::ToggleNeedsResponse);
        }
        return Some(Action::Kind(c));
    }
    if !typing {
        return app.keymap.meeting_action(&key).or(match key.code {
            KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        });
    }
    match key.code {
        KeyCode::Esc => Some(Action::CommandMode),
        KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
            Some(Action::StatementNewline)
        }
        KeyCode::Enter => Some(Action::CommitStatement),
        KeyCode::Char('t') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::SplitStatement)
        }
        _ => Some(Action::EditorKey(key)),
    }
}
