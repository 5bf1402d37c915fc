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

/// Characters Japanese typesetting (JIS X 4051 行頭禁則) never puts at the start of a line:
/// closing brackets and punctuation, small kana, the long-vowel mark and iteration marks.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '！'
            | '？'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〕'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '〙'
            | '〗'
            | '’'
            | '”'
            | 'ー'
            | '々'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | '%'
    )
}

/// Characters never left at the end of a line (行末禁則): opening brackets.
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '（'
            | '【'
            | '〔'
            | '［'
            | '｛'
            | '〈'
            | '《'
            | '〘'
            | '〖'
            | '‘'
            | '“'
            | '('
            | '['
            | '{'
    )
}

/// The pieces a line may break between: a run of ASCII letters, digits and the punctuation
/// inside words and numbers (`DX`, `3.5`, `https://…`) stays whole; a space is its own
/// piece; every other character (kana, kanji, full-width forms) is one piece, since
/// Japanese breaks between any two characters.
fn break_units(paragraph: &str) -> Vec<&str> {
    let word = |c: char| c.is_ascii_graphic() && !no_line_end(c);
    let mut units = Vec::new();
    let mut start = None;
    for (at, c) in paragraph.char_indices() {
        match (start, word(c)) {
            (None, true) => start = Some(at),
            (Some(_), true) => {}
            (Some(from), false) => {
                units.push(&paragraph[from..at]);
                start = None;
                units.push(&paragraph[at..at + c.len_utf8()]);
            }
            (None, false) => units.push(&paragraph[at..at + c.len_utf8()]),
        }
    }
    if let Some(from) = start {
        units.push(&paragraph[from..]);
    }
    units
}

/// Breaks text into lines of at most `columns` display columns with the Japanese
/// line-breaking rules (禁則処理): no closing punctuation, small kana or 「ー」 at a line
/// start, no opening bracket at a line end — the characters before are carried to the next
/// line instead (追い出し), so no line ever runs past `columns` (a pane can use every
/// column). ASCII words stay whole unless wider than a line; a space where a line breaks
/// is dropped. Existing line breaks are kept. Every wrapped pane and text output uses this,
/// so text reads the same everywhere; [`wrap`] is the older variant that lets punctuation
/// hang past the edge.
pub fn wrap_kinsoku(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, columns, &mut out);
    }
    out
}

fn units_width(units: &[&str]) -> usize {
    units.iter().map(|u| width(u)).sum()
}

fn wrap_paragraph(paragraph: &str, columns: usize, out: &mut Vec<String>) {
    let mut line: Vec<&str> = Vec::new();
    let mut pieces = Vec::new();
    for unit in break_units(paragraph) {
        if width(unit) > columns {
            // A word wider than the line is split where it must be.
            pieces.extend(
                unit.char_indices()
                    .map(|(at, c)| &unit[at..at + c.len_utf8()]),
            );
        } else {
            pieces.push(unit);
        }
    }
    let mut used = 0;
    for unit in pieces {
        let w = width(unit);
        if used + w <= columns {
            line.push(unit);
            used += w;
            continue;
        }
        if unit == " " {
            // The break falls on a space: it is dropped.
            flush(&mut line, out);
            used = 0;
            continue;
        }
        let mut carry = vec![unit];
        loop {
            let starts_bad = carry[0].chars().next().is_some_and(no_line_start);
            let ends_bad = line
                .last()
                .and_then(|u| u.chars().last())
                .is_some_and(no_line_end);
            if !(starts_bad || ends_bad) || line.len() <= 1 {
                break;
            }
            let Some(moved) = line.pop() else { break };
            if units_width(&carry) + width(moved) > columns {
                line.push(moved);
                break;
            }
            carry.insert(0, moved);
        }
        flush(&mut line, out);
        used = units_width(&carry);
        line = carry;
    }
    flush(&mut line, out);
    // `flush` of an empty paragraph pushes nothing; an empty line is still a line.
    if paragraph.is_empty() {
        out.push(String::new());
    }
}

fn flush(line: &mut Vec<&str>, out: &mut Vec<String>) {
    while line.last() == Some(&" ") {
        line.pop();
    }
    if !line.is_empty() {
        out.push(line.concat());
    }
    line.clear();
}

#[cfg(test)]
mod kinsoku_tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn punctuation_is_carried_with_the_character_before() {
        // 「。」 would start line 2: 「す」 goes with it.
        assert_eq!(
            wrap_kinsoku("改革です。次へ", 8),
            vec!["改革で", "す。次へ"]
        );
        assert_eq!(
            wrap_kinsoku("窓口改革について", 6),
            vec!["窓口改", "革につ", "いて"]
        );
        // An opening bracket never ends a line.
        assert_eq!(
            wrap_kinsoku("委員は「窓口」と", 8),
            vec!["委員は", "「窓口」", "と"]
        );
        // Small kana and the long-vowel mark do not start a line.
        assert_eq!(wrap_kinsoku("あいうちょ", 8), vec!["あいう", "ちょ"]);
        assert_eq!(
            wrap_kinsoku("データ", 2),
            vec!["デ", "ー", "タ"],
            "unavoidable"
        );
    }

    #[test]
    fn ascii_words_stay_whole_and_breaking_spaces_go() {
        assert_eq!(
            wrap_kinsoku("DX推進 and digital transformation", 12),
            vec!["DX推進 and", "digital tran", "sformation"]
        );
        assert_eq!(
            wrap_kinsoku("今年は3.5%増加", 8),
            vec!["今年は", "3.5%増加"]
        );
        assert_eq!(wrap_kinsoku("a\n\nb", 4), vec!["a", "", "b"]);
        assert_eq!(wrap_kinsoku("", 4), vec![""]);
    }

    fn japanese() -> impl Strategy<Value = String> {
        let pieces = prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(vec!["改", "革", "市", "役", "所", "窓", "口", "あ", "か", "デ", "ジ"]),
                1 => prop::sample::select(vec!["。", "、", "）", "」", "ー", "っ", "ょ"]),
                1 => prop::sample::select(vec!["（", "「"]),
                1 => prop::sample::select(vec!["DX", "KPI", "2024", " ", "x"]),
            ],
            0..60,
        );
        pieces.prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn lines_fit_and_no_character_is_lost(text in japanese(), columns in 2usize..30) {
            let lines = wrap_kinsoku(&text, columns);
            for line in &lines {
                prop_assert!(width(line) <= columns, "{line:?} wider than {columns}");
            }
            prop_assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }

        /// Where a break can keep the rules, it does: offenders do not come in runs, and a
        /// line holds the longest chain the rules can tie together (「 + character + 。).
        #[test]
        fn the_rules_hold_where_they_can(
            pairs in prop::collection::vec(
                (
                    prop::sample::select(vec!['改', '革', '市', '窓', 'あ']),
                    prop::option::of(prop::sample::select(vec!['。', '、', '」', '「', 'ー'])),
                ),
                0..40,
            ),
            columns in 6usize..30,
        ) {
            let text: String = pairs
                .into_iter()
                .flat_map(|(plain, special)| std::iter::once(plain).chain(special))
                .collect();
            let lines = wrap_kinsoku(&text, columns);
            for (index, line) in lines.iter().enumerate() {
                if index > 0 {
                    prop_assert!(!line.chars().next().is_some_and(no_line_start), "{lines:?}");
                }
                if index + 1 < lines.len() {
                    prop_assert!(!line.chars().last().is_some_and(no_line_end), "{lines:?}");
                }
            }
        }
    }
}
