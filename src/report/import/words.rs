//! The words of KPI tables: kinds of figures (基準値, 目標, 計画, 実績), series labels,
//! derived and judgement words, units in names, item numbers, and words that state a
//! direction (削減, 抑制, 向上 …). Exact lists, so that a name is never mistaken for a label.

use crate::model::Direction;
use crate::model::fiscal_year::normalize_width;

use super::squash;

/// Which figure of an indicator a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Baseline,
    Target,
    Planned,
    Actual,
}

pub(super) const TOTALS: [&str; 6] = ["合計", "計", "累計", "総計", "合計値", "平均"];
pub(super) const DERIVED: [&str; 16] = [
    "達成率",
    "進捗率",
    "達成度",
    "増減",
    "増減数",
    "増減率",
    "増減額",
    "前年比",
    "前年度比",
    "対前年比",
    "対前年度比",
    "対前年度増減",
    "差",
    "差引",
    "差額",
    "比較",
];
pub(super) const NOT_FIGURES: [&str; 12] = [
    "判定",
    "評価",
    "達成状況",
    "備考",
    "摘要",
    "出典",
    "所管",
    "所管課",
    "担当",
    "担当課",
    "進捗状況",
    "説明",
];

/// Drops bracketed parts: `項目(決算値)(※注3)` → `項目`.
pub(super) fn without_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in normalize_width(text).chars() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '〕' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
}

pub(super) fn kind_of_words(h: &str) -> Option<Kind> {
    if h.contains("基準") {
        Some(Kind::Baseline)
    } else if h.contains("目標") || h.contains("検証値") {
        Some(Kind::Target)
    } else if h.contains("計画") || h.contains("見込") {
        Some(Kind::Planned)
    } else if h.contains("実績") || h.contains("決算") {
        Some(Kind::Actual)
    } else {
        None
    }
}

/// What a row label says: a series of figures, or derived figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Series {
    Figure(Kind),
    Derived,
}

/// A row label such as 計画, 実績値, 目標数, 計画額(千円), 達成率, 増減数; exact words only, so
/// an indicator named 「目標達成に向けた…」 is not mistaken for one.
pub(super) fn series_of(label: &str) -> Option<Series> {
    let core = without_brackets(label);
    if DERIVED.contains(&core.as_str()) {
        return Some(Series::Derived);
    }
    let kind = match core.as_str() {
        "基準" | "基準値" => Kind::Baseline,
        "計画" | "計画値" | "計画額" | "計画数" | "目標" | "目標値" | "目標数" | "目標額"
        | "見込" | "見込み" => Kind::Planned,
        "実績" | "実績値" | "実績額" | "実績数" | "決算" | "決算額" => Kind::Actual,
        _ => return None,
    };
    Some(Series::Figure(kind))
}

/// `(基準)`, `基準`, `基準年`, `(基準年度)`: the column's year is the baseline.
pub(super) fn is_marker(text: &str) -> bool {
    matches!(
        without_brackets(text).as_str(),
        "" | "基準" | "基準年" | "基準年度" | "基準値"
    ) && squash(text).contains("基準")
}

/// Units a name may carry in brackets: `実質公債費比率(%)`, `職員数(人)`, `(単位:千円)`.
pub(super) const UNITS: [&str; 28] = [
    "%",
    "％",
    "人",
    "件",
    "円",
    "倍",
    "日",
    "時間",
    "分",
    "回",
    "点",
    "台",
    "箇所",
    "か所",
    "施設",
    "団体",
    "社",
    "校",
    "冊",
    "世帯",
    "㎡",
    "t",
    "トン",
    "kWh",
    "歳",
    "ポイント",
    "人日",
    "本",
];

pub(super) fn as_unit(inner: &str) -> Option<String> {
    let inner = squash(inner);
    let inner = inner
        .strip_prefix("単位:")
        .or_else(|| inner.strip_prefix("単位："))
        .unwrap_or(&inner)
        .to_string();
    let base = ["千万", "百万", "兆", "億", "万", "千", "百"]
        .iter()
        .find_map(|m| inner.strip_prefix(m))
        .unwrap_or(&inner);
    UNITS.contains(&base).then(|| inner.replace('％', "%"))
}

/// Splits a unit off the end of a name: `実質公債費比率(%)` → (`実質公債費比率`, `%`).
pub(super) fn name_and_unit(name: &str) -> (String, Option<String>) {
    let trimmed = name.trim();
    let normal = normalize_width(trimmed);
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let Some(body) = normal.strip_suffix(close)
            && let Some(start) = body.rfind(open)
            && let Some(unit) = as_unit(&body[start + open.len_utf8()..])
        {
            return (body[..start].trim().to_string(), Some(unit));
        }
    }
    (trimmed.to_string(), None)
}

/// Strips a printed item number: `1 市役所の…`, `３　各種…`, `(2) …`; keeps `3つの…`.
pub(super) fn strip_number(name: &str) -> String {
    let normal = normalize_width(name);
    let trimmed = normal.trim();
    let digits = trimmed
        .trim_start_matches('(')
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    if digits > 0 {
        let skip = trimmed.len() - trimmed.trim_start_matches('(').len() + digits;
        let rest = &trimmed[skip..];
        if let Some(after) =
            rest.strip_prefix(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | '、'))
        {
            return after.trim().to_string();
        }
    }
    name.trim().to_string()
}

/// `①実質公債比率` → `Some("実質公債比率")`.
pub(super) fn strip_circled(name: &str) -> Option<String> {
    let first = name.chars().next()?;
    let circled = matches!(first, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}');
    circled.then(|| name[first.len_utf8()..].trim().to_string())
}

/// Words that say which way an indicator should move.
pub(super) fn direction_words(text: &str) -> Option<(Direction, &'static str)> {
    let h = squash(text);
    for word in [
        "削減", "縮減", "減少", "抑制", "低減", "以下", "以内", "未満",
    ] {
        if h.contains(word) {
            return Some((Direction::Decrease, word));
        }
    }
    for word in ["向上", "増加", "拡大", "増進", "以上"] {
        if h.contains(word) {
            return Some((Direction::Increase, word));
        }
    }
    None
}

/// A 方向 column's cell: `増加`, `↑`, `以下`, or a kaikaku direction name.
pub(super) fn direction_cell(text: &str) -> Option<Direction> {
    let h = squash(text);
    if let Some(d) = Direction::ALL.into_iter().find(|d| d.as_str() == h) {
        return Some(d);
    }
    match h.as_str() {
        "↑" | "上昇" | "増" | "高" => return Some(Direction::Increase),
        "↓" | "下降" | "減" | "低" => return Some(Direction::Decrease),
        _ => {}
    }
    if h.contains("以上") || h.contains("超") {
        return Some(Direction::AtLeast);
    }
    if h.contains("以下") || h.contains("以内") || h.contains("未満") {
        return Some(Direction::AtMost);
    }
    direction_words(&h).map(|(d, _)| d)
}

/// A cell that is only a kind word: 基準値, 実績, 計画値, 目標値 … (a title such as
/// 「…の数値目標」 is not).
pub(super) fn exact_kind(text: &str) -> Option<Kind> {
    match without_brackets(text).as_str() {
        "基準" | "基準値" | "基準年度" => Some(Kind::Baseline),
        "目標" | "目標値" | "検証値" => Some(Kind::Target),
        "計画" | "計画値" | "見込" | "見込み" => Some(Kind::Planned),
        "実績" | "実績値" | "決算" | "決算値" => Some(Kind::Actual),
        _ => None,
    }
}
