//! Table cells as printed in Japanese plan documents and pasted from Excel.
//!
//! A cell holds a value with its unit and maybe a bound word, its own year, or a note:
//! `48.9％`, `5.3倍`, `107,087件`, `2,248億円`, `3.56`, `調整中`, `49%(R4)`, `△4.4`,
//! `95.6%以下`, `19,000 時間以内`, `収支均衡`, `1億2千万円`, `74.63%（政令市1位）`.
//! Full-width digits and `，`/`．` are read as ASCII; spaces between the number, its unit and
//! its bound word are ignored (`770 人`, `0.670 以下`), but a space inside the digits (` 1 2 `)
//! is an error: it is a typo or two numbers, and guessing `12` would invent a figure.
//! Kanji multipliers stay in the unit the cell implies (`1億2千万円` is 1.2 億円) and
//! [`Cell::figure_in`] converts exactly into an indicator's unit of the same base (億円 ↔ 百万円).

use rust_decimal::Decimal;

use crate::model::fiscal_year::normalize_width;
use crate::model::{BoundWord, Figure, FiscalYear};

/// What a cell says about its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    Number(Figure),
    /// 調整中 / 未定 / 検討中: to be decided.
    Tbd,
    /// 収支均衡: the balance target (zero).
    Balance,
    /// Blank, or a dash meaning "no figure".
    Empty,
}

/// A parsed table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub value: CellValue,
    /// The unit as printed, multiplier included: `%`, `倍`, `件`, `億円`, `時間`, or empty.
    pub unit: String,
    pub bound: Option<BoundWord>,
    /// A year printed with the value, `49%(R4)`, overriding the column's year.
    pub year: Option<FiscalYear>,
    /// Text in brackets after the value, kept as a note: `74.63%（政令市1位）`.
    pub note: Option<String>,
}

/// Why a cell could not be read: `message` in English (also the `Display`), `message_ja` in
/// Japanese, for [`CellError::text`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("「{input}」: {message}")]
pub struct CellError {
    pub input: String,
    pub message: String,
    pub message_ja: String,
}

impl crate::i18n::Localize for CellError {
    fn message(&self, lang: crate::model::Language) -> String {
        self.text(lang)
    }
}

/// A message in both languages: (Japanese, English).
type Msg = (&'static str, &'static str);

impl CellError {
    /// The message in the user's language, with the cell quoted.
    pub fn text(&self, lang: crate::model::Language) -> String {
        format!(
            "「{}」: {}",
            self.input,
            lang.pick(&self.message_ja, &self.message)
        )
    }
}

const BOUNDS: [(&str, BoundWord); 5] = [
    ("以上", BoundWord::Ijo),
    ("以下", BoundWord::Ika),
    ("以内", BoundWord::Inai),
    ("未満", BoundWord::Miman),
    ("超", BoundWord::Cho),
];

const TBD_WORDS: [&str; 4] = ["調整中", "未定", "検討中", "今後設定"];
const DASHES: [&str; 6] = ["-", "―", "—", "ー", "‐", "–"];

/// Normalises widths, Japanese punctuation inside numbers and minus signs.
fn normalize(text: &str) -> String {
    normalize_width(text)
        .chars()
        .map(|c| match c {
            '，' => ',',
            '．' => '.',
            '−' | '－' => '-',
            '【' | '［' => '[',
            '】' | '］' => ']',
            other => other,
        })
        .collect()
}

fn multiplier_of(c: char) -> Option<u32> {
    match c {
        '兆' => Some(12),
        '億' => Some(8),
        '万' => Some(4),
        '千' => Some(3),
        '百' => Some(2),
        _ => None,
    }
}

/// The power of ten of a multiplier word: `億` 8, `千万` 7, `百万` 6; `None` if malformed.
fn multiplier_power(word: &str) -> Option<u32> {
    let chars: Vec<char> = word.chars().collect();
    match chars.as_slice() {
        [] => Some(0),
        [one] => multiplier_of(*one),
        [small @ ('千' | '百'), big @ ('万' | '億' | '兆')] => {
            Some(multiplier_of(*small)? + multiplier_of(*big)?)
        }
        _ => None,
    }
}

fn pow10(power: u32) -> Decimal {
    Decimal::from_i128_with_scale(10_i128.pow(power), 0)
}

/// Splits a unit into its multiplier power and base: `億円` → (8, `円`), `%` → (0, `%`).
fn split_unit(unit: &str) -> (u32, &str) {
    for prefix in ["千万", "百万", "兆", "億", "万", "千", "百"] {
        if let Some(base) = unit.strip_prefix(prefix)
            && !base.is_empty()
        {
            return (multiplier_power(prefix).unwrap_or(0), base);
        }
    }
    (0, unit)
}

/// Reads one cell. Blank cells are `CellValue::Empty`, not errors.
pub fn parse_cell(input: &str) -> Result<Cell, CellError> {
    let error = |(ja, en): Msg| CellError {
        input: input.trim().to_string(),
        message: en.to_string(),
        message_ja: ja.to_string(),
    };
    let mut text = normalize(input).trim().to_string();
    let mut cell = Cell {
        value: CellValue::Empty,
        unit: String::new(),
        bound: None,
        year: None,
        note: None,
    };
    strip_brackets(&mut text, &mut cell).map_err(error)?;
    if has_space_inside_digits(&text) {
        return Err(error((
            "数字の中に空白があります（1つのセルには1つの数値を。例: 12 や 1.2）",
            "a space inside the number (write one number per cell, e.g. 12 or 1.2)",
        )));
    }
    let core: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if core.is_empty() {
        if cell.year.is_some() || cell.note.is_some() {
            return Err(error((
                "括弧の前に値がありません",
                "there is no value before the brackets",
            )));
        }
        return Ok(cell);
    }
    if DASHES.contains(&core.as_str()) {
        return Ok(cell);
    }
    if TBD_WORDS.contains(&core.as_str()) {
        cell.value = CellValue::Tbd;
        return Ok(cell);
    }
    if core == "収支均衡" || core == "均衡" {
        cell.value = CellValue::Balance;
        return Ok(cell);
    }
    let mut rest = core.as_str();
    for (word, bound) in BOUNDS {
        if let Some(stripped) = rest.strip_suffix(word) {
            cell.bound = Some(bound);
            rest = stripped;
            break;
        }
    }
    let (negative, rest) = match rest.chars().next() {
        Some(c @ ('△' | '▲' | '-')) => (true, &rest[c.len_utf8()..]),
        Some('+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let (mut value, unit) = number_and_unit(rest).map_err(error)?;
    if negative {
        value.set_sign_negative(true);
    }
    cell.value = CellValue::Number(Figure(value));
    cell.unit = unit;
    Ok(cell)
}

/// Whether whitespace separates two parts of a number: `1 2`, `1, 234`, `3 .5`.
fn has_space_inside_digits(text: &str) -> bool {
    let numeric = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    let mut last_numeric = false;
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = last_numeric;
            continue;
        }
        if numeric(c) && gap {
            return true;
        }
        last_numeric = numeric(c);
        gap = false;
    }
    false
}

/// Removes trailing bracketed parts: a year of the value's own, or notes.
fn strip_brackets(text: &mut String, cell: &mut Cell) -> Result<(), Msg> {
    // Trailing bracketed parts: a year of its own, or a note.
    let mut notes: Vec<String> = Vec::new();
    while let Some(close) = text
        .chars()
        .last()
        .filter(|c| matches!(c, ')' | ']' | '」'))
    {
        let open = match close {
            ')' => '(',
            ']' => '[',
            _ => '「',
        };
        let Some(start) = text.rfind(open) else {
            return Err((
                "閉じ括弧に対応する開き括弧がありません",
                "a bracket is not opened",
            ));
        };
        let inner = text[start + open.len_utf8()..text.len() - close.len_utf8()]
            .trim()
            .to_string();
        text.truncate(start);
        *text = text.trim_end().to_string();
        match inner.parse::<FiscalYear>() {
            Ok(year) if cell.year.is_none() => cell.year = Some(year),
            Ok(_) => return Err(("1つのセルに年度が2つあります", "two years in one cell")),
            Err(_) if !inner.is_empty() => notes.insert(0, inner),
            Err(_) => {}
        }
    }
    if !notes.is_empty() {
        cell.note = Some(notes.join("、"));
    }
    Ok(())
}

/// Reads digits with kanji multipliers and the unit after them: `1億2千万円` → (1.2, 億円).
fn number_and_unit(mut rest: &str) -> Result<(Decimal, String), Msg> {
    // Groups of digits, each with a multiplier word: 1億 2千万 …
    let mut groups: Vec<(Figure, u32, &str)> = Vec::new();
    loop {
        let digits_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        if digits_end == 0 {
            break;
        }
        let figure: Figure = rest[..digits_end].parse().map_err(|_| {
            (
                "数字が数値になっていません（カンマと小数点を確認してください）",
                "the digits are not a number (check commas and points)",
            )
        })?;
        rest = &rest[digits_end..];
        let word_end = rest
            .find(|c: char| multiplier_of(c).is_none())
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        // A multiplier directly before the end or a unit is part of that unit only if no
        // digits follow; `3千円` is 3 千円.
        let power = multiplier_power(word).ok_or((
            "漢数字の単位（億・万・千）の書き方が正しくありません",
            "the kanji multiplier is malformed",
        ))?;
        rest = &rest[word_end..];
        if let Some(&(_, previous, _)) = groups.last()
            && power >= previous
        {
            return Err((
                "億・万・千は大きい順に書きます（1億2千万）",
                "kanji multipliers must go from large to small (1億2千万)",
            ));
        }
        groups.push((figure, power, word));
        if power == 0 {
            break;
        }
    }
    let Some(&(first, first_power, first_word)) = groups.first() else {
        return Err((
            "数値ではありません（例: 48.9%、107,087件、△4.4、95.6%以下、調整中）",
            "not a number (expected e.g. 48.9%, 107,087件, △4.4, 95.6%以下, 調整中)",
        ));
    };
    if rest.chars().any(|c| c.is_ascii_digit()) {
        return Err(("単位の後に数字があります", "digits after the unit"));
    }
    if BOUNDS.iter().any(|(word, _)| rest.contains(word)) {
        return Err((
            "以上・以下などは最後に書きます",
            "the bound word (以上, 以下 …) must come last",
        ));
    }
    if rest.contains(['(', ')', '[', ']', '「', '」', '%']) && rest != "%" {
        return Err((
            "単位に使えない文字があります",
            "unexpected characters in the unit",
        ));
    }
    if groups.len() > 1 && rest.is_empty() {
        return Err((
            "億・万・千を使う値には単位が必要です（円、人 など）",
            "a value with kanji multipliers needs a unit (円, 人 …)",
        ));
    }
    let value = if groups.len() == 1 {
        first.0
    } else {
        let total = groups
            .iter()
            .try_fold(Decimal::ZERO, |sum, (figure, power, _)| {
                figure
                    .0
                    .checked_mul(pow10(*power))
                    .and_then(|v| sum.checked_add(v))
            });
        total
            .and_then(|t| t.checked_div(pow10(first_power)))
            .ok_or(("値が大きすぎます", "the value is too large"))?
            .normalize()
    };
    Ok((value, format!("{first_word}{rest}")))
}

impl Cell {
    /// The number of the cell expressed in `unit` (an indicator's unit): the same unit, or no
    /// unit on either side, gives the value as printed; units that differ only by a
    /// multiplier (億円 / 百万円 / 円) are converted exactly; anything else is an error.
    pub fn figure_in(&self, unit: &str) -> Result<Option<Figure>, CellError> {
        let CellValue::Number(figure) = &self.value else {
            return Ok(None);
        };
        if self.unit == unit || self.unit.is_empty() || unit.is_empty() {
            return Ok(Some(*figure));
        }
        convert(*figure, &self.unit, unit)
            .map(Some)
            .ok_or_else(|| CellError {
                input: format!("{}{}", figure.grouped(), self.unit),
                message: format!(
                    "the unit {} does not match the indicator's unit {unit}",
                    self.unit
                ),
                message_ja: format!("単位 {} が指標の単位 {unit} と合いません", self.unit),
            })
    }
}

/// Converts exactly between units that differ only by a kanji multiplier (億円 → 百万円);
/// `None` for units of different kinds (or an absurd overflow).
pub fn convert(figure: Figure, from: &str, to: &str) -> Option<Figure> {
    if from == to {
        return Some(figure);
    }
    let (from_power, from_base) = split_unit(from);
    let (to_power, to_base) = split_unit(to);
    if from_base != to_base {
        return None;
    }
    figure
        .0
        .checked_mul(pow10(from_power))
        .and_then(|v| v.checked_div(pow10(to_power)))
        .map(|v| Figure(v.normalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (cell, value, unit, bound, year, note) with the value as plain text, or `TBD`,
    /// `BALANCE`, `EMPTY`.
    type Fixture = (
        &'static str,
        &'static str,
        &'static str,
        Option<BoundWord>,
        Option<u16>,
        Option<&'static str>,
    );

    const FIXTURES: &[Fixture] = &[
        ("48.9％", "48.9", "%", None, None, None),
        ("48.9%", "48.9", "%", None, None, None),
        ("5.3倍", "5.3", "倍", None, None, None),
        ("107,087件", "107087", "件", None, None, None),
        ("2,248億円", "2248", "億円", None, None, None),
        ("3.56", "3.56", "", None, None, None),
        ("3.70", "3.70", "", None, None, None),
        ("調整中", "TBD", "", None, None, None),
        ("49%(R4)", "49", "%", None, Some(2022), None),
        ("49% (R4)", "49", "%", None, Some(2022), None),
        ("81%（令和4年度）", "81", "%", None, Some(2022), None),
        ("△4.4", "-4.4", "", None, None, None),
        ("-4.4", "-4.4", "", None, None, None),
        ("▲12.8億円", "-12.8", "億円", None, None, None),
        ("△12.8 億円", "-12.8", "億円", None, None, None),
        ("95.6%以下", "95.6", "%", Some(BoundWord::Ika), None, None),
        ("3.20以上", "3.20", "", Some(BoundWord::Ijo), None, None),
        ("5億円以上", "5", "億円", Some(BoundWord::Ijo), None, None),
        (
            "19,000時間以内",
            "19000",
            "時間",
            Some(BoundWord::Inai),
            None,
            None,
        ),
        (
            "19,000 時間以内",
            "19000",
            "時間",
            Some(BoundWord::Inai),
            None,
            None,
        ),
        ("10%未満", "10", "%", Some(BoundWord::Miman), None, None),
        ("0超", "0", "", Some(BoundWord::Cho), None, None),
        ("収支均衡", "BALANCE", "", None, None, None),
        ("3千万円", "3", "千万円", None, None, None),
        ("1億2千万円", "1.2", "億円", None, None, None),
        ("17億5千万円", "17.5", "億円", None, None, None),
        ("10万人", "10", "万人", None, None, None),
        ("１２．５％", "12.5", "%", None, None, None),
        ("１，２３４件", "1234", "件", None, None, None),
        ("  74.63%  ", "74.63", "%", None, None, None),
        (
            "89.33%（政令市1位）",
            "89.33",
            "%",
            None,
            None,
            Some("政令市1位"),
        ),
        (
            "70.95% (速報値)(R5)",
            "70.95",
            "%",
            None,
            Some(2023),
            Some("速報値"),
        ),
        (
            "300,170件【暫定】",
            "300170",
            "件",
            None,
            None,
            Some("暫定"),
        ),
        ("", "EMPTY", "", None, None, None),
        ("－", "EMPTY", "", None, None, None),
        ("+5", "5", "", None, None, None),
        ("14日", "14", "日", None, None, None),
    ];

    #[test]
    fn odd_cells_parse() {
        for &(input, value, unit, bound, year, note) in FIXTURES {
            let cell = parse_cell(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            let got = match &cell.value {
                CellValue::Number(f) => f.to_string(),
                CellValue::Tbd => "TBD".into(),
                CellValue::Balance => "BALANCE".into(),
                CellValue::Empty => "EMPTY".into(),
            };
            assert_eq!(got, value, "{input}");
            assert_eq!(cell.unit, unit, "{input}");
            assert_eq!(cell.bound, bound, "{input}");
            assert_eq!(cell.year.map(|y| y.0), year, "{input}");
            assert_eq!(cell.note.as_deref(), note, "{input}");
        }
    }

    #[test]
    fn malformed_cells_say_why() {
        let cases = [
            ("abc", "not a number"),
            ("R5", "not a number"),
            ("1.2.3%", "not a number (check"),
            ("12,34件", "not a number (check"),
            ("△", "not a number"),
            ("(R4)", "no value"),
            ("49%(R4)(R5)", "two years"),
            ("2千1億円", "large to small"),
            ("1億2千万", "needs a unit"),
            ("5%以上以下", "must come last"),
            ("5%3", "digits after"),
            ("48.9%%", "unexpected characters"),
            ("千万円", "not a number"),
            ("5万千円", "malformed"),
            ("49%R4)", "not opened"),
            (" 1 2 ", "space inside the number"),
            ("1 234人", "space inside the number"),
            ("12. 5%", "space inside the number"),
        ];
        for (input, expected) in cases {
            match parse_cell(input) {
                Ok(cell) => panic!("{input} parsed as {cell:?}"),
                Err(e) => assert!(e.to_string().contains(expected), "{input}: {e}"),
            }
        }
    }

    #[test]
    fn kanji_amounts_convert_into_the_indicator_unit() {
        let figure_in = |input: &str, unit: &str| {
            parse_cell(input)
                .expect(input)
                .figure_in(unit)
                .map(|f| f.map(|f| f.to_string()))
        };
        assert_eq!(figure_in("1億2千万円", "億円"), Ok(Some("1.2".into())));
        assert_eq!(figure_in("3千万円", "億円"), Ok(Some("0.3".into())));
        assert_eq!(figure_in("3千万円", "百万円"), Ok(Some("30".into())));
        assert_eq!(figure_in("2,248億円", "億円"), Ok(Some("2248".into())));
        assert_eq!(figure_in("2,248億円", "百万円"), Ok(Some("224800".into())));
        assert_eq!(
            figure_in("17億5千万円", "円"),
            Ok(Some("1750000000".into()))
        );
        assert_eq!(figure_in("48.9%", "%"), Ok(Some("48.9".into())));
        assert_eq!(figure_in("48.9", "%"), Ok(Some("48.9".into())));
        assert_eq!(figure_in("調整中", "%"), Ok(None));
        assert!(figure_in("5.3倍", "%").is_err());
    }
}
