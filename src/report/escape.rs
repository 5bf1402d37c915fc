//! Escaping for the report formats: CSV cells safe from spreadsheet formulas, Markdown table
//! cells, and HTML text. Every function also sanitises (no control or bidi characters).

use crate::model::{sanitize, sanitize_inline};

/// A text cell for CSV: sanitised, and prefixed with `'` when it starts with a character a
/// spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return).
///
/// Only for text columns; numeric columns hold numbers we wrote from exact decimals.
pub fn csv_text(text: &str) -> String {
    let clean = sanitize(text);
    if clean.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{clean}")
    } else {
        clean
    }
}

/// A Markdown table cell: one line, `|` and `\` escaped, HTML-ish brackets neutralised.
pub fn md_cell(text: &str) -> String {
    sanitize_inline(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_formulas_are_neutralised() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("+81"), "'+81");
        assert_eq!(csv_text("-4.4"), "'-4.4");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("満足度"), "満足度");
        assert_eq!(csv_text("a=b"), "a=b");
        assert_eq!(csv_text("\u{1b}[31m"), "␛[31m");
    }

    #[test]
    fn markdown_and_html_escape() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b⏎c");
        assert_eq!(md_cell("<script>"), "&lt;script&gt;");
        assert_eq!(
            html("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
