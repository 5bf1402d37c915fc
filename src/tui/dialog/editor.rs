//! The multi-line editor (ratatui-textarea): titles, descriptions, the meeting form. Control
//! and bidi characters never enter it, typed or pasted.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::Step;
use crate::model::sanitize;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// A text editor for `purpose`.
#[derive(Debug)]
pub struct Editor<P> {
    pub purpose: P,
    pub textarea: Box<TextArea<'static>>,
    /// Enter saves and pastes join their lines (a title); otherwise Enter is a new line and
    /// Ctrl-S saves.
    pub single_line: bool,
}

impl<P> Editor<P> {
    /// An editor holding `text`, the cursor at `cursor` (row, column) or, with `None`, at
    /// the very end.
    pub fn new(purpose: P, text: &str, single_line: bool, cursor: Option<(u16, u16)>) -> Self {
        Self::from_lines(
            purpose,
            text.split('\n').map(str::to_string).collect(),
            single_line,
            cursor,
        )
    }

    /// An editor holding these lines.
    pub fn from_lines(
        purpose: P,
        lines: Vec<String>,
        single_line: bool,
        cursor: Option<(u16, u16)>,
    ) -> Self {
        let mut textarea = TextArea::new(lines);
        if let Some((row, column)) = cursor {
            textarea.move_cursor(CursorMove::Jump(row, column));
        } else {
            textarea.move_cursor(CursorMove::Bottom);
            textarea.move_cursor(CursorMove::End);
        }
        Editor {
            purpose,
            textarea: Box::new(textarea),
            single_line,
        }
    }

    /// The text as it stands, sanitised.
    pub fn text(&self) -> String {
        sanitize(&self.textarea.lines().join("\n"))
    }

    /// Edits in place; Ctrl-S (and Enter on a single line) is `Done` with the text.
    pub fn handle(&mut self, msg: &Msg) -> Step<String> {
        match msg {
            Msg::Command(Command::Cancel) => Step::Cancel,
            Msg::Command(Command::Submit) if self.single_line => Step::Done(self.text()),
            Msg::Paste(text) => {
                let clean = sanitize(&text.replace("\r\n", "\n").replace('\r', "\n"));
                let clean = if self.single_line {
                    clean.replace('\n', " ")
                } else {
                    clean
                };
                self.textarea.insert_str(clean);
                Step::Stay
            }
            Msg::EditorKey(key) => {
                if key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL)
                    || key.code == KeyCode::Enter && self.single_line
                {
                    return Step::Done(self.text());
                }
                if let KeyCode::Char(c) = key.code
                    && crate::model::sanitize::is_unsafe_char(c)
                {
                    return Step::Stay;
                }
                self.textarea.input(*key);
                Step::Stay
            }
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
        Msg::EditorKey(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn a_multi_line_paste_stays_multi_line_and_ctrl_s_saves() {
        let mut editor = Editor::new((), "説明", false, None);
        editor.handle(&Msg::Paste("\r\n一行目\r二行目\u{202e}".into()));
        assert_eq!(editor.textarea.lines().len(), 3);
        assert!(!editor.text().contains('\u{202e}'), "{:?}", editor.text());
        assert_eq!(
            editor.handle(&key(KeyCode::Enter, KeyModifiers::NONE)),
            Step::Stay
        );
        assert_eq!(editor.textarea.lines().len(), 4, "Enter is a new line");
        let Step::Done(text) = editor.handle(&key(KeyCode::Char('s'), KeyModifiers::CONTROL))
        else {
            panic!("Ctrl-S saves");
        };
        assert!(text.starts_with("説明\n一行目\n二行目"), "{text:?}");
    }

    #[test]
    fn a_title_is_one_line() {
        let mut editor = Editor::new((), "窓口", true, None);
        editor.handle(&Msg::Paste("改革\nの推進".into()));
        editor.handle(&key(KeyCode::Char('!'), KeyModifiers::NONE));
        assert_eq!(editor.textarea.lines().len(), 1);
        assert_eq!(
            editor.handle(&key(KeyCode::Enter, KeyModifiers::NONE)),
            Step::Done("窓口改革 の推進!".into())
        );
        assert_eq!(
            editor.handle(&Msg::Command(Command::Submit)),
            Step::Done("窓口改革 の推進!".into())
        );
    }

    #[test]
    fn control_characters_are_not_typed_and_escape_cancels() {
        let mut editor = Editor::new((), "", false, Some((0, 0)));
        editor.handle(&key(KeyCode::Char('\u{1b}'), KeyModifiers::NONE));
        editor.handle(&key(KeyCode::Char('a'), KeyModifiers::NONE));
        assert_eq!(editor.text(), "a");
        assert_eq!(editor.handle(&Msg::Command(Command::Submit)), Step::Stay);
        assert_eq!(editor.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
    }
}
