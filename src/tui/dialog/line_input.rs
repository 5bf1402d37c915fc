//! The one-line input: typed text, a cursor in characters, and the error of the last submit.

use super::Step;
use crate::model::sanitize;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// A one-line text input for `purpose`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInput<P> {
    pub purpose: P,
    pub text: String,
    /// The cursor, in characters from the start.
    pub cursor: usize,
    /// Why the last submit was refused; cleared by the next edit.
    pub error: Option<String>,
    /// Enter on an empty text does nothing (an actual needs a number).
    pub required: bool,
}

impl<P> LineInput<P> {
    /// An input prefilled with `text`, the cursor at its end.
    pub fn new(purpose: P, text: impl Into<String>) -> Self {
        let text = text.into();
        LineInput {
            purpose,
            cursor: text.chars().count(),
            text,
            error: None,
            required: false,
        }
    }

    /// The same input, refusing an empty submit.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The same input, showing why the submit was refused.
    #[must_use]
    pub fn with_error(mut self, error: impl Into<String>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// Edits in place; `Done` carries the text as typed.
    pub fn handle(&mut self, msg: &Msg) -> Step<String> {
        if edit_line(&mut self.text, &mut self.cursor, msg) {
            self.error = None;
            return Step::Stay;
        }
        match msg.command() {
            Some(Command::Cancel) => Step::Cancel,
            Some(Command::Submit) if self.required && self.text.trim().is_empty() => Step::Stay,
            Some(Command::Submit) => Step::Done(self.text.clone()),
            _ => Step::Stay,
        }
    }
}

/// Edits a single-line text buffer; returns false when the message is not text editing.
pub fn edit_line(text: &mut String, cursor: &mut usize, msg: &Msg) -> bool {
    let byte = |text: &str, chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    match msg {
        Msg::Type(c) => {
            let at = byte(text, *cursor);
            text.insert(at, *c);
            *cursor += 1;
        }
        Msg::Paste(pasted) => {
            // One-line inputs take the first line of a paste, sanitised.
            let line = sanitize(pasted.lines().next().unwrap_or(""));
            let at = byte(text, *cursor);
            text.insert_str(at, &line);
            *cursor += line.chars().count();
        }
        Msg::Backspace if *cursor > 0 => {
            let at = byte(text, *cursor - 1);
            text.remove(at);
            *cursor -= 1;
        }
        Msg::ClearLine => {
            let at = byte(text, *cursor);
            text.replace_range(..at, "");
            *cursor = 0;
        }
        Msg::DeleteWord => {
            // As readline: the spaces before the cursor, then the word before them.
            let before: Vec<char> = text.chars().take(*cursor).collect();
            let spaces = before
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let word = before[..before.len() - spaces]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .count();
            let from = *cursor - spaces - word;
            let (start, end) = (byte(text, from), byte(text, *cursor));
            text.replace_range(start..end, "");
            *cursor = from;
        }
        Msg::CursorLeft => *cursor = cursor.saturating_sub(1),
        Msg::CursorRight => *cursor = (*cursor + 1).min(text.chars().count()),
        Msg::Backspace => {}
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_u_clears_and_ctrl_w_deletes_a_word_before_the_cursor() {
        let (mut text, mut cursor) = ("窓口 商業施設  ".to_string(), 9);
        assert!(edit_line(&mut text, &mut cursor, &Msg::DeleteWord));
        assert_eq!((text.as_str(), cursor), ("窓口 ", 3));
        assert!(edit_line(&mut text, &mut cursor, &Msg::DeleteWord));
        assert_eq!((text.as_str(), cursor), ("", 0));
        let (mut text, mut cursor) = ("テレワーク 推進".to_string(), 6);
        assert!(edit_line(&mut text, &mut cursor, &Msg::ClearLine));
        assert_eq!((text.as_str(), cursor), ("推進", 0));
        assert!(edit_line(&mut text, &mut cursor, &Msg::DeleteWord));
        assert_eq!(text, "推進", "nothing before the cursor");
    }

    fn typed(input: &mut LineInput<()>, text: &str) {
        for c in text.chars() {
            assert_eq!(input.handle(&Msg::Type(c)), Step::Stay);
        }
    }

    #[test]
    fn typing_and_cursor_moves_work_in_characters() {
        let mut input = LineInput::new((), "");
        typed(&mut input, "窓口12");
        assert_eq!((input.text.as_str(), input.cursor), ("窓口12", 4));
        input.handle(&Msg::CursorLeft);
        input.handle(&Msg::CursorLeft);
        input.handle(&Msg::Backspace);
        assert_eq!((input.text.as_str(), input.cursor), ("窓12", 1));
        input.handle(&Msg::Type('改'));
        assert_eq!(input.text, "窓改12");
        for _ in 0..10 {
            input.handle(&Msg::CursorRight);
        }
        assert_eq!(input.cursor, 4, "the cursor stops at the end");
        input.handle(&Msg::CursorLeft);
        for _ in 0..10 {
            input.handle(&Msg::Backspace);
        }
        assert_eq!((input.text.as_str(), input.cursor), ("2", 0));
    }

    #[test]
    fn a_paste_takes_the_first_line_sanitised() {
        let mut input = LineInput::new((), "x");
        input.handle(&Msg::Paste("1,234\u{1b}[31m\nsecond line".into()));
        assert!(input.text.starts_with("x1,234"), "{}", input.text);
        assert!(!input.text.contains('\u{1b}'), "{:?}", input.text);
        assert!(!input.text.contains("second"));
        assert_eq!(input.cursor, input.text.chars().count());
    }

    #[test]
    fn submit_cancel_and_the_required_rule() {
        let mut input = LineInput::new((), "");
        assert_eq!(
            input.handle(&Msg::Command(Command::Submit)),
            Step::Done(String::new())
        );
        let mut required = LineInput::new((), " ").required();
        assert_eq!(required.handle(&Msg::Command(Command::Submit)), Step::Stay);
        typed(&mut required, "5");
        assert_eq!(
            required.handle(&Msg::Command(Command::Submit)),
            Step::Done(" 5".into())
        );
        assert_eq!(
            required.handle(&Msg::Command(Command::Cancel)),
            Step::Cancel
        );
        // Keys that mean nothing here leave it open and unchanged.
        assert_eq!(required.handle(&Msg::Command(Command::Undo)), Step::Stay);
        assert_eq!(required.text, " 5");
    }

    #[test]
    fn an_edit_clears_the_error() {
        let mut input = LineInput::new((), "abc").with_error("not a number");
        assert_eq!(input.handle(&Msg::Command(Command::Down)), Step::Stay);
        assert!(input.error.is_some(), "a move keeps the error");
        input.handle(&Msg::Backspace);
        assert_eq!(input.error, None);
    }
}
