//! Problems found in workspace files, each pinned to `path:line:column` with a hint.

use std::fmt;

use crate::i18n::Text;
use crate::model::validate::Locator;
use crate::model::{Language, sanitize_inline};

/// One problem in one file, as the user should read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes).
    pub column: usize,
    /// What is wrong, in both languages; JSON carries the English form.
    #[serde(serialize_with = "english")]
    pub message: Text,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "english_option"
    )]
    pub hint: Option<Text>,
}

fn english<S: serde::Serializer>(text: &Text, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&text.en)
}

#[allow(clippy::ref_option)] // the signature serde's `serialize_with` calls
fn english_option<S: serde::Serializer>(
    text: &Option<Text>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => serializer.serialize_str(&text.en),
        None => serializer.serialize_none(),
    }
}

impl Diagnostic {
    pub fn at_start(path: &str, message: Text, hint: Option<Text>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: 1,
            column: 1,
            message,
            hint,
        }
    }

    /// `plans/x.ron:12:5: message` and, on the next line, `  hint: …` (`ヒント:`), in
    /// `lang`. File text quoted in messages is sanitised so a hostile file cannot write
    /// escape sequences to a terminal.
    pub fn render(&self, lang: Language) -> String {
        let mut text = format!(
            "{}:{}:{}: {}",
            sanitize_inline(&self.path),
            self.line,
            self.column,
            sanitize_inline(self.message.get(lang))
        );
        if let Some(hint) = &self.hint {
            text.push_str(&format!(
                "\n  {}: {}",
                lang.pick("ヒント", "hint"),
                sanitize_inline(hint.get(lang))
            ));
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] in English: logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// Line and column (1-based, columns in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Finds where a validation locator points in canonical RON text. Each step searches from the
/// previous match; a step that is not found leaves the position at the last match.
pub fn locate(text: &str, locator: &Locator) -> (usize, usize) {
    let mut position = None::<usize>;
    for (key, value) in &locator.steps {
        let pattern = match (key.is_empty(), value) {
            (true, Some(value)) => format!("{value:?}"),
            (false, Some(value)) => format!("{key}: {value:?}"),
            (_, None) => format!("{key}:"),
        };
        let start = position.map_or(0, |p| p + 1);
        let alternative = value
            .as_ref()
            .and_then(|v| v.parse::<i64>().ok().map(|_| format!("{key}: {v}")));
        let found = text.get(start..).and_then(|rest| {
            rest.find(&pattern)
                .or_else(|| alternative.as_ref().and_then(|alt| rest.find(alt.as_str())))
                .map(|i| i + start)
        });
        match found {
            Some(found) => {
                // Point at the first non-blank character of the line: the field itself.
                position = Some(found);
            }
            None => break,
        }
    }
    position.map_or((1, 1), |offset| line_column(text, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "(\n    title: \"改革\", x: 1,\n)";
        let offset = text.find("x:").expect("x");
        assert_eq!(line_column(text, offset), (2, 18));
    }

    #[test]
    fn locates_nested_fields() {
        let text =
            "(\n  id: \"a\",\n  id: \"b\",\n  status: \"x\",\n  id: \"c\",\n  status: \"x\",\n)";
        let at = Locator::field("id", "c").then("status", Some("x"));
        assert_eq!(locate(text, &at), (6, 3));
        assert_eq!(locate(text, &Locator::field("id", "zzz")), (1, 1));
    }
}
