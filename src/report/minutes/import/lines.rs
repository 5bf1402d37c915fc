//! Stage 1: the text as lines, with what web pages and PDF converters add taken out.
//!
//! Width, BOM and line ends are handled once here, so later stages compare `norm` and never
//! normalise again. Cleaning removes only what is provably not minutes — page numbers, site
//! navigation, running headers repeated on every page — and joins lines that a PDF wrapped
//! in the middle of a sentence; every removal is counted for one summary warning.

use crate::model::fiscal_year::normalize_width;

use super::vocab::{FOOTER_STARTS, NAVIGATION_PHRASES, NAVIGATION_PREFIXES, SENTENCE_ENDS};

/// One non-blank line of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line as printed, trimmed (runs of layout spaces collapsed in PDF text).
    pub text: String,
    /// `text` with full-width ASCII made half-width and the ideographic space a space.
    pub norm: String,
    /// 1-based line number in the input, for messages.
    pub number: usize,
    /// A blank line came before this one: paragraphs are kept apart in summaries.
    pub paragraph: bool,
}

impl Line {
    pub fn new(text: &str, number: usize, paragraph: bool) -> Line {
        let text = text.trim().to_string();
        Line {
            norm: normalize_width(&text).replace('\t', " "),
            text,
            number,
            paragraph,
        }
    }
}

/// What cleaning removed or joined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub page_numbers: usize,
    pub navigation: usize,
    pub running_headers: usize,
    pub joined: usize,
}

impl Cleaned {
    pub fn is_empty(&self) -> bool {
        *self == Cleaned::default()
    }
}

/// Splits and cleans `text`. PDF text is recognised by its form feeds or by lines wrapped at
/// one width; only then are layout spaces collapsed and wrapped lines joined.
pub fn prepare(text: &str) -> (Vec<Line>, Cleaned) {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let form_feeds = text.contains('\u{c}');
    let mut cleaned = Cleaned::default();
    let mut lines = Vec::new();
    let mut blank = true;
    let mut page_starts = Vec::new();
    let mut footer = false;
    for (index, raw) in text.split('\n').enumerate() {
        for (part, piece) in raw.split('\u{c}').enumerate() {
            if part > 0 {
                page_starts.push(lines.len());
            }
            let mut piece = piece.trim().to_string();
            if form_feeds {
                piece = collapse_spaces(&piece);
            }
            if piece.is_empty() {
                blank = true;
                continue;
            }
            let line = Line::new(&piece, index + 1, blank);
            footer = footer || FOOTER_STARTS.iter().any(|f| line.norm.starts_with(f));
            if footer {
                cleaned.navigation += 1;
                continue;
            }
            if is_page_number(&line.norm) {
                cleaned.page_numbers += 1;
                continue;
            }
            if is_navigation(&line.norm) {
                cleaned.navigation += 1;
                continue;
            }
            blank = false;
            lines.push(line);
        }
    }
    if !page_starts.is_empty() {
        cleaned.running_headers += drop_running_headers(&mut lines, &page_starts);
    }
    let mut lines = join_spelled_labels(&lines);
    if form_feeds || wrapped_at_one_width(&lines) {
        cleaned.joined += join_wraps(&mut lines);
    }
    (lines, cleaned)
}

/// 「- 3 -」, 「12」, 「3 / 10」, 「P.4」: a line that is only a page number.
fn is_page_number(norm: &str) -> bool {
    let core = norm
        .trim_matches(|c: char| matches!(c, '-' | '—' | '―' | 'ー' | '‐' | ' '))
        .trim();
    let core = core
        .strip_prefix("P.")
        .or_else(|| core.strip_prefix('P'))
        .or_else(|| core.strip_prefix("p."))
        .unwrap_or(core)
        .trim();
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(core)
        || core
            .split_once('/')
            .is_some_and(|(a, b)| digits(a.trim()) && digits(b.trim()))
}

/// A line made only of share buttons, skip links and the like, or starting like page
/// furniture (「ページ番号…」).
fn is_navigation(norm: &str) -> bool {
    if NAVIGATION_PREFIXES.iter().any(|p| norm.starts_with(p)) {
        return true;
    }
    let mut rest: String = norm.chars().filter(|c| !c.is_whitespace()).collect();
    if rest.is_empty() {
        return false;
    }
    loop {
        let before = rest.len();
        for phrase in NAVIGATION_PHRASES {
            let phrase: String = phrase.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(r) = rest.strip_prefix(&phrase) {
                rest = r.trim_start_matches(['|', '/', '・', '>']).to_string();
            }
        }
        if rest.is_empty() {
            return true;
        }
        if rest.len() == before {
            return false;
        }
    }
}

/// Collapses the runs of spaces `pdftotext -layout` uses to place columns.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spaces = 0;
    for c in text.chars() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            spaces += 1;
            continue;
        }
        if spaces > 0 && !out.is_empty() {
            out.push(' ');
        }
        spaces = 0;
        out.push(c);
    }
    out
}

/// Drops lines that open or close most pages with the same text (a running title).
fn drop_running_headers(lines: &mut Vec<Line>, page_starts: &[usize]) -> usize {
    use std::collections::HashMap;
    let key = |line: &Line| -> String {
        line.norm
            .trim_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .to_string()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for &start in std::iter::once(&0).chain(page_starts) {
        for line in lines.iter().skip(start).take(2) {
            *counts.entry(key(line)).or_default() += 1;
        }
        for line in lines.iter().take(start).rev().take(2) {
            *counts.entry(key(line)).or_default() += 1;
        }
    }
    let repeated: std::collections::HashSet<String> = counts
        .into_iter()
        .filter(|(k, n)| *n >= 2 && !k.is_empty())
        .map(|(k, _)| k)
        .collect();
    if repeated.is_empty() {
        return 0;
    }
    let mut first = std::collections::HashSet::new();
    let before = lines.len();
    // The first occurrence stays: it is the document's own title.
    lines.retain(|line| {
        let k = key(line);
        !repeated.contains(&k) || first.insert(k)
    });
    before - lines.len()
}

/// PDF forms print labels one character per line (「開」「催」「日」「時」); joined, they
/// read as the label.
fn join_spelled_labels(lines: &[Line]) -> Vec<Line> {
    let single = |l: &Line| l.norm.chars().count() == 1 && !l.norm.is_ascii();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut at = 0;
    while at < lines.len() {
        let run = lines[at..].iter().take_while(|l| single(l)).count();
        if run >= 2 {
            let word: String = lines[at..at + run]
                .iter()
                .map(|l| l.text.as_str())
                .collect();
            if super::segment::label_of(&Line::new(&word, 0, false)).is_some() {
                out.push(Line::new(&word, lines[at].number, lines[at].paragraph));
                at += run;
                continue;
            }
        }
        out.push(lines[at].clone());
        at += 1;
    }
    out
}

/// Whether lines stop at about one width in mid-sentence: the mark of text wrapped by a PDF
/// page rather than written as paragraphs. The evidence is a long line that ends no sentence
/// followed by one that starts in the middle of a word (hiragana, a comma); web pages and
/// word processors break lines only between paragraphs, so they never show it.
fn wrapped_at_one_width(lines: &[Line]) -> bool {
    let width = wrap_width(lines);
    if width < 40 {
        return false;
    }
    let cut = lines
        .windows(2)
        .filter(|pair| {
            crate::text::width(&pair[0].text) * 4 >= width * 3
                && !ends_sentence(&pair[0].text)
                && continues_word(&pair[1].norm)
        })
        .count();
    cut >= 2
}

/// A line that begins inside a word or a sentence: hiragana (but not the sentence openers
/// なお, また, ただいま) or a comma or full stop.
fn continues_word(norm: &str) -> bool {
    let Some(first) = norm.chars().next() else {
        return false;
    };
    let opener = [
        "なお",
        "また",
        "ただいま",
        "まず",
        "つぎに",
        "はじめに",
        "ありがとう",
    ]
    .iter()
    .any(|w| norm.starts_with(w));
    (('\u{3041}'..='\u{3096}').contains(&first) && !opener) || matches!(first, '、' | '。' | 'ー')
}

/// The width most long lines reach: the 90th percentile of line widths.
fn wrap_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines.iter().map(|l| crate::text::width(&l.text)).collect();
    if widths.len() < 5 {
        return 0;
    }
    widths.sort_unstable();
    widths[widths.len() * 9 / 10]
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(SENTENCE_ENDS)
}

/// Joins each line that reaches the wrap width without ending a sentence to the next,
/// unless the next opens something (a speaker, a bullet, a number, a heading).
fn join_wraps(lines: &mut Vec<Line>) -> usize {
    let width = wrap_width(lines);
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut joined = 0;
    for line in lines.drain(..) {
        if let Some(last) = out.last_mut()
            && crate::text::width(&last.text) * 4 >= width * 3
            && !ends_sentence(&last.text)
            && !opens_something(&line.norm)
            && super::segment::label_of(last).is_none()
        {
            last.text.push_str(&line.text);
            last.norm.push_str(&line.norm);
            joined += 1;
            continue;
        }
        out.push(line);
    }
    *lines = out;
    joined
}

/// A line that starts a new unit: bracketed or marked speakers, bullets, numbering.
pub fn opens_something(norm: &str) -> bool {
    let Some(first) = norm.chars().next() else {
        return false;
    };
    matches!(
        first,
        '(' | '['
            | '<'
            | '【'
            | '〈'
            | '《'
            | '○'
            | '〇'
            | '◎'
            | '●'
            | '◯'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '・'
            | '-'
            | '※'
            | '⇒'
            | '→'
            | '•'
            | '①'..='⑳'
    ) || super::agenda::number(norm).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn page_numbers_and_navigation_go() {
        let (lines, cleaned) = prepare(
            "メニューをスキップしてタイトルへ\n印刷大きな文字で印刷\nツイッターでツイート\n\
             ページ番号123 更新日 令和3年9月22日\n- 2 -\n12\n3 / 10\n本文です。\n2名\n印刷物の配布",
        );
        assert_eq!(texts(&lines), ["本文です。", "2名", "印刷物の配布"]);
        assert_eq!(cleaned.page_numbers, 3);
        assert_eq!(cleaned.navigation, 4);
        assert!(lines[0].paragraph);
    }

    #[test]
    fn a_web_footer_goes_with_all_after_it() {
        let (lines, cleaned) = prepare(
            "本文です。\nこのページに関するお問い合わせ\n企画課 行革係\n電話：0000-00-0000",
        );
        assert_eq!(texts(&lines), ["本文です。"]);
        assert_eq!(cleaned.navigation, 3);
    }

    #[test]
    fn spelled_labels_join() {
        let (lines, _) = prepare("開\n催\n日\n時\n令和6年4月1日\n\n甲\n乙");
        assert_eq!(texts(&lines), ["開催日時", "令和6年4月1日", "甲", "乙"]);
    }

    #[test]
    fn pdf_wraps_join_and_running_headers_go() {
        let base =
            "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらり";
        let long: Vec<String> = ["ア", "イ", "ウ", "エ", "オ"]
            .iter()
            .map(|c| format!("{base}{c}"))
            .collect();
        let text = format!(
            "第1回テスト委員会 会議録\n\n(事務局){}\n\nれろ。\n{}\n続き。\n{}第1回テスト委員会 会議録\n2\n{}\nおわり。\n(会長)はい。\n{}\n\n(委員){}\nです。",
            long[0], long[1], '\u{c}', long[2], long[3], long[4]
        );
        let (lines, cleaned) = prepare(&text);
        assert_eq!(
            texts(&lines),
            [
                "第1回テスト委員会 会議録".to_string(),
                format!("(事務局){}れろ。", long[0]),
                format!("{}続き。", long[1]),
                format!("{}おわり。", long[2]),
                "(会長)はい。".to_string(),
                long[3].clone(),
                format!("(委員){}です。", long[4]),
            ]
        );
        assert_eq!(cleaned.running_headers, 1);
        assert_eq!(cleaned.page_numbers, 1);
        assert_eq!(cleaned.joined, 4);
    }

    #[test]
    fn paragraphs_are_not_joined() {
        let (lines, cleaned) = prepare("短い行\n\n次の行。\n\nもう一つ");
        assert_eq!(texts(&lines), ["短い行", "次の行。", "もう一つ"]);
        assert_eq!(cleaned.joined, 0);
    }
}
