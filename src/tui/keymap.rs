//! Key bindings: defaults in code, overridable by a partial RON file.
//!
//! The override file maps key names to action names, e.g. `{"x": quit, "ctrl-n": down}`;
//! keys it does not mention keep their defaults. `docs/keymap.example.ron` is the shipped
//! example and a test parses it.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key as written in the keymap file: `q`, `?`, `enter`, `ctrl-r`, `shift-tab`, `f1` …
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyName(String);

/// Why a keymap file was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{0}")]
    Parse(String),
    #[error("unknown key name \"{0}\" (use names like q, enter, ctrl-r, shift-tab, f1)")]
    Key(String),
}

/// Normalises a key event into its name; `None` for keys that cannot be bound.
pub fn key_name(event: &KeyEvent) -> Option<String> {
    let base = match event.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_lowercase().collect(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => return Some("shift-tab".into()),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => return None,
    };
    let mut name = String::new();
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("ctrl-");
    }
    if event.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("alt-");
    }
    // Shift is part of the character for printable keys ('G', '?').
    if let KeyCode::Char(c) = event.code {
        if c.is_uppercase() {
            name.push_str("shift-");
        }
    } else if event.modifiers.contains(KeyModifiers::SHIFT) {
        name.push_str("shift-");
    }
    name.push_str(&base);
    Some(name)
}

fn valid_key_name(name: &str) -> bool {
    let mut rest = name;
    for prefix in ["ctrl-", "alt-", "shift-"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
    }
    let named = [
        "space",
        "enter",
        "esc",
        "tab",
        "backspace",
        "delete",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
    ];
    rest.chars().count() == 1
        || named.contains(&rest)
        || rest
            .strip_prefix('f')
            .is_some_and(|n| n.parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)))
}

/// The bindings in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: BTreeMap<String, Action>,
}

/// Default bindings: vim keys and arrows, one letter per screen and edit.
const DEFAULTS: &[(&str, Action)] = &[
    ("q", Action::Quit),
    ("ctrl-c", Action::ForceQuit),
    ("1", Action::ShowDashboard),
    ("2", Action::ShowTree),
    ("3", Action::ShowKpi),
    ("4", Action::ShowMeeting),
    ("5", Action::ShowHistory),
    ("shift-n", Action::NewMeeting),
    ("w", Action::SinceLastMeeting),
    ("c", Action::ClosePhase),
    ("6", Action::ShowReview),
    ("?", Action::ToggleHelp),
    ("/", Action::OpenPalette),
    ("ctrl-p", Action::OpenPalette),
    ("p", Action::TogglePresenter),
    ("k", Action::Up),
    ("up", Action::Up),
    ("j", Action::Down),
    ("down", Action::Down),
    ("pageup", Action::PageUp),
    ("ctrl-u", Action::PageUp),
    ("pagedown", Action::PageDown),
    ("ctrl-d", Action::PageDown),
    ("g", Action::Top),
    ("home", Action::Top),
    ("shift-g", Action::Bottom),
    ("end", Action::Bottom),
    ("h", Action::Collapse),
    ("left", Action::Collapse),
    ("l", Action::Expand),
    ("right", Action::Expand),
    ("space", Action::ToggleExpand),
    ("enter", Action::ToggleExpand),
    ("tab", Action::NextPlan),
    ("shift-tab", Action::PrevPlan),
    ("]", Action::NextYear),
    ("[", Action::PrevYear),
    ("a", Action::EditActual),
    ("x", Action::DeleteActual),
    ("s", Action::SetStatus),
    ("e", Action::EditTitle),
    ("shift-e", Action::EditDescription),
    ("u", Action::Undo),
    ("ctrl-r", Action::Redo),
    ("d", Action::FilterDepartment),
    ("f", Action::FilterStatus),
    ("shift-f", Action::ClearFilter),
];

/// Meeting mode's command keys (the statement list), checked before the defaults there.
const MEETING_DEFAULTS: &[(&str, Action)] = &[
    ("i", Action::TypingMode),
    ("enter", Action::TypingMode),
    ("e", Action::EditStatement),
    ("d", Action::DeleteStatement),
    ("shift-k", Action::MoveStatementUp),
    ("shift-j", Action::MoveStatementDown),
    ("m", Action::MergeStatement),
    ("n", Action::ToggleNeedsResponse),
    ("]", Action::NextAgendaItem),
    ("[", Action::PrevAgendaItem),
    (")", Action::NextMaterial),
    ("(", Action::PrevMaterial),
    ("+", Action::NextPage),
    ("-", Action::PrevPage),
];

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULTS
                .iter()
                .map(|(key, action)| ((*key).to_string(), action.clone()))
                .collect(),
        }
    }
}

impl Keymap {
    /// Defaults overridden by a RON map of key name → action name.
    pub fn with_overrides(text: &str) -> Result<Keymap, KeymapError> {
        let overrides: BTreeMap<String, Action> = ron::Options::default()
            .from_str(text)
            .map_err(|e| KeymapError::Parse(e.to_string()))?;
        let mut keymap = Keymap::default();
        for (key, action) in overrides {
            let key = key.to_ascii_lowercase();
            if !valid_key_name(&key) {
                return Err(KeymapError::Key(key));
            }
            keymap.bindings.insert(key, action);
        }
        Ok(keymap)
    }

    /// The action bound to a key event, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        key_name(event).and_then(|name| self.bindings.get(&name).cloned())
    }

    /// The action of a key in meeting mode's statement list: its own keys first.
    pub fn meeting_action(&self, event: &KeyEvent) -> Option<Action> {
        let name = key_name(event)?;
        MEETING_DEFAULTS
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, action)| action.clone())
            .or_else(|| self.action(event))
    }

    /// Meeting mode's command keys, for the help overlay.
    pub fn meeting_help_rows() -> Vec<(String, Action)> {
        MEETING_DEFAULTS
            .iter()
            .map(|(key, action)| ((*key).to_string(), action.clone()))
            .collect()
    }

    /// (keys, action) rows for the help overlay, grouped by action in a stable order.
    pub fn help_rows(&self) -> Vec<(String, Action)> {
        let mut rows: Vec<(String, Action)> = Vec::new();
        for (_, action) in DEFAULTS {
            if rows.iter().any(|(_, a)| a == action) {
                continue;
            }
            let keys: Vec<&str> = self
                .bindings
                .iter()
                .filter(|(_, a)| *a == action)
                .map(|(k, _)| k.as_str())
                .collect();
            if !keys.is_empty() {
                rows.push((keys.join(" "), action.clone()));
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn names_keys_like_the_file_does() {
        assert_eq!(
            key_name(&key(KeyCode::Char('r'), KeyModifiers::CONTROL)).as_deref(),
            Some("ctrl-r")
        );
        assert_eq!(
            key_name(&key(KeyCode::Char('G'), KeyModifiers::SHIFT)).as_deref(),
            Some("shift-g")
        );
        assert_eq!(
            key_name(&key(KeyCode::Char('?'), KeyModifiers::SHIFT)).as_deref(),
            Some("?")
        );
        assert_eq!(
            key_name(&key(KeyCode::BackTab, KeyModifiers::SHIFT)).as_deref(),
            Some("shift-tab")
        );
    }

    #[test]
    fn overrides_are_partial() {
        let keymap = Keymap::with_overrides("{\"x\": quit, \"ctrl-n\": down}").expect("parses");
        assert_eq!(
            keymap.action(&key(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(&key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::Down)
        );
        assert_eq!(
            keymap.action(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert!(Keymap::with_overrides("{\"hyper-x\": quit}").is_err());
        assert!(Keymap::with_overrides("{\"x\": explode}").is_err());
    }

    #[test]
    fn shipped_example_parses() {
        let text = include_str!("../../docs/keymap.example.ron");
        let keymap = Keymap::with_overrides(text).expect("docs/keymap.example.ron parses");
        assert!(!keymap.help_rows().is_empty());
    }
}
