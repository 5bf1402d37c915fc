//! Key bindings: defaults in code, overridable by a partial RON file.
//!
//! The override file maps key names to command names, e.g. `{"x": quit, "ctrl-n": down}`;
//! keys it does not mention keep their defaults. Every layer can be overridden: a plain key
//! is a screen key, `meeting.KEY` a key of meeting mode's statement list (checked before the
//! screen keys there), and `typing.KEY` a key while typing a statement (checked before the
//! key goes to the editor), e.g. `{"meeting.x": delete_statement, "typing.ctrl-s":
//! commit_statement}`. `docs/keymap.example.ron` is the shipped
//! example and a test parses it.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::Command;

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
        // Terminals that report modifiers in full send Ctrl-Shift-Z as 'z' with SHIFT.
        let chord = event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && event.modifiers.contains(KeyModifiers::SHIFT)
            && c.is_ascii_lowercase();
        if c.is_uppercase() || chord {
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

/// A set of bindings that apply together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// The screens, the help overlay and choice lists.
    Screen,
    /// Meeting mode's statement list; the screen keys apply where it has none.
    Meeting,
    /// Typing a statement in meeting mode; unbound keys go to the editor.
    Typing,
}

impl Layer {
    /// The prefix of the layer's keys in the override file.
    fn prefix(self) -> &'static str {
        match self {
            Layer::Screen => "",
            Layer::Meeting => "meeting.",
            Layer::Typing => "typing.",
        }
    }
}

/// The bindings in effect, per layer.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: BTreeMap<String, Command>,
    meeting: BTreeMap<String, Command>,
    typing: BTreeMap<String, Command>,
}

/// Default bindings: vim keys and arrows, one letter per screen and edit.
const DEFAULTS: &[(&str, Command)] = &[
    ("q", Command::Quit),
    ("ctrl-c", Command::ForceQuit),
    ("1", Command::ShowDashboard),
    ("2", Command::ShowTree),
    ("3", Command::ShowKpi),
    ("4", Command::ShowMeeting),
    ("5", Command::ShowHistory),
    ("shift-n", Command::NewMeeting),
    ("w", Command::SinceLastMeeting),
    ("c", Command::ClosePhase),
    ("shift-s", Command::Sync),
    ("shift-h", Command::ItemHistory),
    ("6", Command::ShowReview),
    ("?", Command::ToggleHelp),
    ("/", Command::OpenPalette),
    ("ctrl-p", Command::OpenPalette),
    ("p", Command::TogglePresenter),
    ("k", Command::Up),
    ("up", Command::Up),
    ("j", Command::Down),
    ("down", Command::Down),
    ("pageup", Command::PageUp),
    ("ctrl-u", Command::PageUp),
    ("pagedown", Command::PageDown),
    ("ctrl-d", Command::PageDown),
    ("g", Command::Top),
    ("home", Command::Top),
    ("shift-g", Command::Bottom),
    ("end", Command::Bottom),
    ("h", Command::Collapse),
    ("left", Command::Collapse),
    ("l", Command::Expand),
    ("right", Command::Expand),
    ("space", Command::ToggleExpand),
    ("enter", Command::ToggleExpand),
    ("tab", Command::NextPlan),
    ("shift-tab", Command::PrevPlan),
    ("]", Command::NextYear),
    ("[", Command::PrevYear),
    ("a", Command::EditActual),
    ("n", Command::EditActualNote),
    ("x", Command::DeleteActual),
    ("t", Command::SetTarget),
    ("shift-r", Command::RetireNode),
    ("shift-a", Command::AddNode),
    ("shift-m", Command::MoveNode),
    ("shift-i", Command::AddIndicator),
    ("shift-d", Command::EditDepartments),
    ("shift-c", Command::EditMembers),
    ("s", Command::SetStatus),
    ("e", Command::EditTitle),
    ("shift-e", Command::EditDescription),
    ("u", Command::Undo),
    ("ctrl-r", Command::Redo),
    ("d", Command::FilterDepartment),
    ("f", Command::FilterStatus),
    ("shift-f", Command::ClearFilter),
];

/// Meeting mode's command keys (the statement list), checked before the defaults there.
///
/// No plain letter changes a statement: a word typed here by mistake (`more`, with the IME
/// off) returns to the editor and is typed there (see `events.rs`). Statement operations
/// take a modifier or a named key, and merge and delete ask first, naming the statements.
/// The context keys (`[` `]` agenda item, `(` `)` material, `+` `-` page) only choose what the
/// next statement refers to, so they stay plain.
///
/// Every statement operation is undoable: `ctrl-z` and `ctrl-y` / `ctrl-shift-z`. No plain
/// letter is bound, `u` included: a word such as `update` typed here by mistake would
/// otherwise undo the last merge before its other letters reached the editor (a user may
/// still bind `u` in the keymap file). `ctrl-q` quits; a plain `q` types, as other letters do.
const MEETING_DEFAULTS: &[(&str, Command)] = &[
    ("enter", Command::TypingMode),
    ("ctrl-e", Command::EditStatement),
    ("delete", Command::DeleteStatement),
    ("shift-up", Command::MoveStatementUp),
    ("shift-down", Command::MoveStatementDown),
    ("ctrl-g", Command::MergeStatement),
    ("ctrl-l", Command::RelinkStatement),
    ("ctrl-z", Command::Undo),
    ("ctrl-y", Command::Redo),
    ("ctrl-shift-z", Command::Redo),
    ("alt-shift-m", Command::ChooseMaterial),
    ("alt-shift-p", Command::ChoosePage),
    ("alt-shift-a", Command::ChooseAgenda),
    ("alt-shift-l", Command::PinLinks),
    ("ctrl-q", Command::Quit),
    ("]", Command::NextAgendaItem),
    ("[", Command::PrevAgendaItem),
    (")", Command::NextMaterial),
    ("(", Command::PrevMaterial),
    ("+", Command::NextPage),
    ("-", Command::PrevPage),
    ("alt-s", Command::PickSpeaker),
    ("ctrl-o", Command::OpenMeetingList),
    // The lifecycle steps ask first; Alt-Shift so no typed letter or Ctrl-chord of a
    // terminal (Ctrl-Shift-C copies in many) can reach them.
    ("alt-shift-c", Command::ConfirmMeeting),
    ("alt-shift-u", Command::PublishMeeting),
    ("alt-shift-h", Command::EditMeetingHeader),
];

/// Screen commands a plain printable key keeps in the statement list: moving, switching
/// screens, help, search and the presenter theme. Any other printable key there goes back to
/// the editor and is typed — `q` too (quitting is `ctrl-q`, which saves).
pub const LIST_NAVIGATION: &[Command] = &[
    Command::Up,
    Command::Down,
    Command::Top,
    Command::Bottom,
    Command::PageUp,
    Command::PageDown,
    Command::ShowDashboard,
    Command::ShowTree,
    Command::ShowKpi,
    Command::ShowMeeting,
    Command::ShowHistory,
    Command::ShowReview,
    Command::ToggleHelp,
    Command::OpenPalette,
    Command::TogglePresenter,
];

/// Keys while typing a statement; everything else is typed (Alt-chords choose the speaker
/// and the kind).
const TYPING_DEFAULTS: &[(&str, Command)] = &[
    ("esc", Command::CommandMode),
    ("enter", Command::CommitStatement),
    ("alt-enter", Command::StatementNewline),
    ("shift-enter", Command::StatementNewline),
    ("alt-shift-enter", Command::StatementNewline),
    ("ctrl-t", Command::SplitStatement),
    ("ctrl-l", Command::LinkNode),
    ("alt-shift-m", Command::ChooseMaterial),
    ("alt-shift-p", Command::ChoosePage),
    ("alt-shift-a", Command::ChooseAgenda),
    ("alt-shift-l", Command::PinLinks),
    ("ctrl-z", Command::Undo),
    ("ctrl-y", Command::Redo),
    ("ctrl-shift-z", Command::Redo),
    ("ctrl-q", Command::Quit),
    // The pickers work while typing too: choosing the next speaker is part of typing.
    ("alt-s", Command::PickSpeaker),
    ("ctrl-o", Command::OpenMeetingList),
    // The header (end time, attendance …) is corrected while the meeting runs.
    ("alt-shift-h", Command::EditMeetingHeader),
];

fn layer_defaults(defaults: &[(&str, Command)]) -> BTreeMap<String, Command> {
    defaults
        .iter()
        .map(|(key, command)| ((*key).to_string(), *command))
        .collect()
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: layer_defaults(DEFAULTS),
            meeting: layer_defaults(MEETING_DEFAULTS),
            typing: layer_defaults(TYPING_DEFAULTS),
        }
    }
}

impl Keymap {
    /// Defaults overridden by a RON map of key name → command name.
    pub fn with_overrides(text: &str) -> Result<Keymap, KeymapError> {
        let overrides: BTreeMap<String, Command> = ron::Options::default()
            .from_str(text)
            .map_err(|e| KeymapError::Parse(e.to_string()))?;
        let mut keymap = Keymap::default();
        for (key, command) in overrides {
            let key = key.to_ascii_lowercase();
            let (layer, name) = [Layer::Meeting, Layer::Typing]
                .into_iter()
                .find_map(|layer| key.strip_prefix(layer.prefix()).map(|name| (layer, name)))
                .unwrap_or((Layer::Screen, key.as_str()));
            if !valid_key_name(name) {
                return Err(KeymapError::Key(key));
            }
            keymap.layer_mut(layer).insert(name.to_string(), command);
        }
        Ok(keymap)
    }

    fn layer(&self, layer: Layer) -> &BTreeMap<String, Command> {
        match layer {
            Layer::Screen => &self.bindings,
            Layer::Meeting => &self.meeting,
            Layer::Typing => &self.typing,
        }
    }

    fn layer_mut(&mut self, layer: Layer) -> &mut BTreeMap<String, Command> {
        match layer {
            Layer::Screen => &mut self.bindings,
            Layer::Meeting => &mut self.meeting,
            Layer::Typing => &mut self.typing,
        }
    }

    /// The command a key has in one layer only.
    pub fn command_in(&self, layer: Layer, event: &KeyEvent) -> Option<Command> {
        key_name(event).and_then(|name| self.layer(layer).get(&name).copied())
    }

    /// The command bound to a key on the screens, if any.
    pub fn command(&self, event: &KeyEvent) -> Option<Command> {
        self.command_in(Layer::Screen, event)
    }

    /// Meeting mode's statement-list keys, for the help overlay: the defaults in their
    /// order, then keys the override file added.
    pub fn meeting_help_rows(&self) -> Vec<(String, Command)> {
        Self::layer_help_rows(MEETING_DEFAULTS, &self.meeting)
    }

    /// The keys while typing a statement, for the help overlay, in the same order.
    pub fn typing_help_rows(&self) -> Vec<(String, Command)> {
        Self::layer_help_rows(TYPING_DEFAULTS, &self.typing)
    }

    fn layer_help_rows(
        defaults: &[(&str, Command)],
        bound: &BTreeMap<String, Command>,
    ) -> Vec<(String, Command)> {
        let added = bound
            .keys()
            .map(String::as_str)
            .filter(|key| !defaults.iter().any(|(k, _)| k == key));
        defaults
            .iter()
            .map(|(key, _)| *key)
            .chain(added)
            .filter_map(|key| bound.get(key).map(|c| (key.to_string(), *c)))
            .collect()
    }

    /// (keys, command) rows for the help overlay, grouped by command in a stable order.
    pub fn help_rows(&self) -> Vec<(String, Command)> {
        let mut rows: Vec<(String, Command)> = Vec::new();
        for (_, command) in DEFAULTS {
            if rows.iter().any(|(_, c)| c == command) {
                continue;
            }
            let keys: Vec<&str> = self
                .bindings
                .iter()
                .filter(|(_, c)| *c == command)
                .map(|(k, _)| k.as_str())
                .collect();
            if !keys.is_empty() {
                rows.push((keys.join(" "), *command));
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

    /// Issue 12: undo and redo in both meeting layers, Ctrl-Shift-Z however the terminal
    /// reports it, `q` no command in the statement list while Ctrl-Q quits.
    #[test]
    fn meeting_undo_redo_and_quit_keys() {
        let keymap = Keymap::default();
        let ctrl_shift = KeyModifiers::CONTROL | KeyModifiers::SHIFT;
        for event in [
            key(KeyCode::Char('z'), ctrl_shift),
            key(KeyCode::Char('Z'), ctrl_shift),
            key(KeyCode::Char('y'), KeyModifiers::CONTROL),
        ] {
            for layer in [Layer::Meeting, Layer::Typing] {
                assert_eq!(
                    keymap.command_in(layer, &event),
                    Some(Command::Redo),
                    "{event:?}"
                );
            }
        }
        let ctrl_z = key(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.command_in(Layer::Typing, &ctrl_z),
            Some(Command::Undo)
        );
        let plain = |c| key(KeyCode::Char(c), KeyModifiers::NONE);
        // No plain letter is a command in the list: a typed word never undoes.
        assert_eq!(keymap.command_in(Layer::Meeting, &plain('u')), None);
        assert_eq!(keymap.command_in(Layer::Meeting, &plain('q')), None);
        assert!(
            !LIST_NAVIGATION.contains(&Command::Quit),
            "q types in the list"
        );
        let ctrl_q = key(KeyCode::Char('q'), KeyModifiers::CONTROL);
        for layer in [Layer::Meeting, Layer::Typing] {
            assert_eq!(keymap.command_in(layer, &ctrl_q), Some(Command::Quit));
        }
        // The link keys are bindable by name, like every command.
        let rebound = Keymap::with_overrides(
            "{\"typing.f2\": link_node, \"meeting.f3\": choose_material, \"typing.f4\": pin_links}",
        )
        .expect("parses");
        let f = |n| key(KeyCode::F(n), KeyModifiers::NONE);
        assert_eq!(
            rebound.command_in(Layer::Typing, &f(2)),
            Some(Command::LinkNode)
        );
        assert_eq!(
            rebound.command_in(Layer::Meeting, &f(3)),
            Some(Command::ChooseMaterial)
        );
        assert_eq!(
            rebound.command_in(Layer::Typing, &f(4)),
            Some(Command::PinLinks)
        );
    }

    #[test]
    fn overrides_are_partial() {
        let keymap = Keymap::with_overrides("{\"x\": quit, \"ctrl-n\": down}").expect("parses");
        assert_eq!(
            keymap.command(&key(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Command::Quit)
        );
        assert_eq!(
            keymap.command(&key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Command::Down)
        );
        assert_eq!(
            keymap.command(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert!(Keymap::with_overrides("{\"hyper-x\": quit}").is_err());
        assert!(Keymap::with_overrides("{\"x\": explode}").is_err());
    }

    #[test]
    fn the_plan_revision_keys_are_bound_and_overridable() {
        let defaults = Keymap::with_overrides("{}").expect("parses");
        let shift = |c| key(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(
            defaults.command(&key(KeyCode::Char('t'), KeyModifiers::NONE)),
            Some(Command::SetTarget)
        );
        assert_eq!(defaults.command(&shift('R')), Some(Command::RetireNode));
        assert_eq!(defaults.command(&shift('A')), Some(Command::AddNode));
        assert_eq!(defaults.command(&shift('M')), Some(Command::MoveNode));
        assert_eq!(defaults.command(&shift('I')), Some(Command::AddIndicator));
        assert_eq!(
            defaults.command(&shift('D')),
            Some(Command::EditDepartments)
        );
        assert_eq!(defaults.command(&shift('C')), Some(Command::EditMembers));
        let keymap = Keymap::with_overrides(
            "{\"ctrl-t\": set_target, \"f9\": retire_node, \"f10\": add_node, \"f11\": move_node, \"f12\": edit_members}",
        )
        .expect("parses");
        assert_eq!(
            keymap.command(&key(KeyCode::F(12), KeyModifiers::NONE)),
            Some(Command::EditMembers)
        );
        assert_eq!(
            keymap.command(&key(KeyCode::Char('t'), KeyModifiers::CONTROL)),
            Some(Command::SetTarget)
        );
        assert_eq!(
            keymap.command(&key(KeyCode::F(11), KeyModifiers::NONE)),
            Some(Command::MoveNode)
        );
    }

    #[test]
    fn the_sync_key_is_bound_and_overridable_by_name() {
        let defaults = Keymap::with_overrides("{}").expect("parses");
        assert_eq!(
            defaults.command(&key(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Command::Sync)
        );
        let keymap = Keymap::with_overrides("{\"f6\": sync}").expect("parses");
        assert_eq!(
            keymap.command(&key(KeyCode::F(6), KeyModifiers::NONE)),
            Some(Command::Sync)
        );
    }

    #[test]
    fn meeting_and_typing_layers_are_overridable() {
        let keymap = Keymap::with_overrides(
            "{\"meeting.x\": delete_statement, \"typing.ctrl-s\": commit_statement, \"typing.enter\": statement_newline}",
        )
        .expect("parses");
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(
            keymap.command_in(Layer::Meeting, &x),
            Some(Command::DeleteStatement)
        );
        // The screen layer keeps its own meaning of the key.
        assert_eq!(keymap.command(&x), Some(Command::DeleteActual));
        assert_eq!(
            keymap.command_in(
                Layer::Typing,
                &key(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Command::CommitStatement)
        );
        assert_eq!(
            keymap.command_in(Layer::Typing, &key(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Command::StatementNewline)
        );
        assert!(
            keymap
                .meeting_help_rows()
                .contains(&("x".to_string(), Command::DeleteStatement))
        );
        assert!(Keymap::with_overrides("{\"meeting.hyper-x\": quit}").is_err());
    }

    #[test]
    fn every_default_command_has_help_text() {
        for (_, command) in DEFAULTS
            .iter()
            .chain(MEETING_DEFAULTS)
            .chain(TYPING_DEFAULTS)
        {
            let (ja, en) = command.describe();
            assert!(!ja.is_empty() && !en.is_empty(), "{command:?}");
        }
    }

    #[test]
    fn shipped_example_parses() {
        let text = include_str!("../../docs/keymap.example.ron");
        let keymap = Keymap::with_overrides(text).expect("docs/keymap.example.ron parses");
        assert!(!keymap.help_rows().is_empty());
    }
}
