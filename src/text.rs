//! Terminal text layout shared by the CLI and the TUI: display width of CJK text, padding and
//! truncation that never split a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns a string occupies in a terminal (CJK characters take two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending with `…` when cut; never splits a character.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pads (or truncates) to exactly `columns` columns, left-aligned.
pub fn pad(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// Pads (or truncates) to exactly `columns` columns, right-aligned (for figures).
pub fn pad_left(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(fill))
}

/// Renders rows as an aligned table; columns listed in `right` are right-aligned.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate().take(columns) {
            widths[index] = widths[index].max(width(cell));
        }
    }
    let render = |cells: &mut dyn Iterator<Item = &str>| {
        let mut line = String::new();
        for (index, cell) in cells.enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            if right.contains(&index) {
                line.push_str(&pad_left(cell, widths[index]));
            } else {
                line.push_str(&pad(cell, widths[index]));
            }
        }
        line.trim_end().to_string()
    };
    let mut out = render(&mut header.iter().copied());
    out.push('\n');
    for row in rows {
        out.push_str(&render(&mut row.iter().map(String::as_str)));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_two_columns_and_never_split() {
        assert_eq!(width("改革"), 4);
        assert_eq!(truncate("市役所改革", 5), "市役…");
        assert_eq!(width(&truncate("市役所改革", 5)), 5);
        assert_eq!(pad("改革", 6), "改革  ");
        assert_eq!(pad_left("5.3", 5), "  5.3");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn tables_align_mixed_scripts() {
        let out = table(
            &["名前", "値"],
            &[
                vec!["満足度".into(), "48.9".into()],
                vec!["a".into(), "5".into()],
            ],
            &[1],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "満足度  48.9");
        assert_eq!(lines[2], "a          5");
    }
}

/// Breaks text into lines of at most `columns` display columns (CJK-aware, never splitting a
/// character); existing line breaks are kept.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            // Kinsoku: closing punctuation never starts a line; it hangs past the edge by
            // at most one character (callers leave that margin).
            let hangs = matches!(
                c,
                '。' | '、'
                    | '，'
                    | '．'
                    | '」'
                    | '』'
                    | '）'
                    | '】'
                    | '〕'
                    | '！'
                    | '？'
                    | ')'
                    | ','
                    | '.'
            );
            if used + w > columns && !(hangs && !line.is_empty() && used + w <= columns + 2) {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(
            wrap("窓口改革について", 6),
            vec!["窓口改", "革につ", "いて"]
        );
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
        assert!(wrap("市役所改革プラン", 5).iter().all(|l| width(l) <= 5));
        // 。 hangs instead of starting a line.
        assert_eq!(wrap("改革です。次へ", 8), vec!["改革です。", "次へ"]);
    }
}
