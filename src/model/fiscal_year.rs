//! Japanese fiscal years (年度): April to March, named by the western year they start in.
//!
//! Plans and reports mix notations freely — `2023`, `FY2023`, `R5`, `令和5年度`, `令和元年度`,
//! `H29`, `平成29年度`, often with full-width digits — so parsing accepts all of them, while
//! files always store the plain western year so that a diff never depends on notation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Earliest fiscal year accepted anywhere; older figures are almost certainly typos.
pub const MIN_YEAR: u16 = 1950;
/// Latest fiscal year accepted anywhere; plans rarely look beyond a few decades.
pub const MAX_YEAR: u16 = 2150;

/// A fiscal year, stored as the western calendar year in which it starts (April).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);

/// Japanese eras that fiscal years are written in, newest first (the table importer reads
/// era-less year headers against the same list).
pub const ERAS: [Era; 3] = [
    Era {
        kanji: "令和",
        letter: 'R',
        first_year: 2019,
    },
    Era {
        kanji: "平成",
        letter: 'H',
        first_year: 1989,
    },
    Era {
        kanji: "昭和",
        letter: 'S',
        first_year: 1926,
    },
];

/// A Japanese era: its name, its letter (R5, H29) and the western year of its first year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Era {
    pub kanji: &'static str,
    pub letter: char,
    pub first_year: u16,
}

/// Why a text could not be read as a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{input}」 is not a fiscal year (expected e.g. 2023, FY2023, R5, 令和5年度, H29)")]
pub struct FiscalYearError {
    pub input: String,
}

impl crate::i18n::Localize for FiscalYearError {
    fn message(&self, lang: super::settings::Language) -> String {
        match lang {
            super::settings::Language::En => self.to_string(),
            super::settings::Language::Ja => format!(
                "「{}」は年度ではありません（2023、FY2023、R5、令和5年度、H29 のように入力してください）",
                self.input
            ),
        }
    }
}

impl FiscalYear {
    /// The fiscal year a calendar date falls in (January–March belong to the previous year).
    pub fn containing(date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        let year = u16::try_from(date.year()).unwrap_or(MIN_YEAR);
        if date.month() >= 4 {
            FiscalYear(year)
        } else {
            FiscalYear(year.saturating_sub(1))
        }
    }

    /// The western year the fiscal year starts in.
    pub fn year(self) -> u16 {
        self.0
    }

    /// `FY2023`: the form used in English labels, tags and commit subjects.
    pub fn western(self) -> String {
        format!("FY{}", self.0)
    }

    /// `令和5年度` / `令和元年度` / `平成29年度`; western `2023年度` before 昭和.
    pub fn wareki(self) -> String {
        match era_of(self.0) {
            Some((era, 1)) => format!("{}元年度", era.kanji),
            Some((era, n)) => format!("{}{n}年度", era.kanji),
            None => format!("{}年度", self.0),
        }
    }

    /// `R5` / `H29`: the compact form printed in plan tables.
    pub fn wareki_short(self) -> String {
        match era_of(self.0) {
            Some((era, n)) => format!("{}{n}", era.letter),
            None => self.0.to_string(),
        }
    }

    /// Whether the year lies inside the bounds any real plan uses.
    pub fn is_plausible(self) -> bool {
        (MIN_YEAR..=MAX_YEAR).contains(&self.0)
    }
}

/// The era and the year inside it. A fiscal year that starts in April of an era's first year
/// belongs to that era (FY2019 is 令和元年度, not 平成31年度), matching official usage.
fn era_of(year: u16) -> Option<(&'static Era, u16)> {
    ERAS.iter()
        .find(|era| year >= era.first_year)
        .map(|era| (era, year - era.first_year + 1))
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.western())
    }
}

/// Replaces full-width ASCII (digits, letters) with their half-width forms.
pub fn normalize_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

impl FromStr for FiscalYear {
    type Err = FiscalYearError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = || FiscalYearError {
            input: input.to_string(),
        };
        let text = normalize_width(input.trim());
        let text = text
            .trim_matches(|c| matches!(c, '(' | ')' | '（' | '）'))
            .trim();
        let text = text
            .strip_suffix("年度")
            .or_else(|| text.strip_suffix('年'))
            .unwrap_or(text)
            .trim();
        let year = parse_year_body(text).ok_or_else(error)?;
        let year = FiscalYear(year);
        if year.is_plausible() {
            Ok(year)
        } else {
            Err(error())
        }
    }
}

fn parse_year_body(text: &str) -> Option<u16> {
    let upper = text.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("FY") {
        return rest.trim().parse().ok();
    }
    for era in ERAS {
        let rest = text
            .strip_prefix(era.kanji)
            .or_else(|| text.strip_prefix(era.letter))
            .or_else(|| text.strip_prefix(era.letter.to_ascii_lowercase()));
        if let Some(rest) = rest {
            let rest = rest.trim().trim_end_matches('.');
            let n: u16 = if rest == "元" { 1 } else { rest.parse().ok()? };
            if n == 0 {
                return None;
            }
            // `R65000` must be refused, not overflow.
            return era.first_year.checked_add(n - 1);
        }
    }
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(text: &str) -> u16 {
        text.parse::<FiscalYear>().expect(text).0
    }

    #[test]
    fn huge_era_years_are_refused_not_overflowed() {
        assert!("R65000".parse::<FiscalYear>().is_err());
        assert!("平成65535年度".parse::<FiscalYear>().is_err());
    }

    #[test]
    fn parses_every_notation() {
        assert_eq!(fy("2023"), 2023);
        assert_eq!(fy("FY2023"), 2023);
        assert_eq!(fy("fy2023"), 2023);
        assert_eq!(fy("R5"), 2023);
        assert_eq!(fy("r5"), 2023);
        assert_eq!(fy("令和5年度"), 2023);
        assert_eq!(fy("令和元年度"), 2019);
        assert_eq!(fy("R1"), 2019);
        assert_eq!(fy("H31"), 2019);
        assert_eq!(fy("H29"), 2017);
        assert_eq!(fy("平成29年度"), 2017);
        assert_eq!(fy("昭和64年"), 1989);
        assert_eq!(fy("２０２３"), 2023);
        assert_eq!(fy("令和５年度"), 2023);
        assert_eq!(fy("Ｒ５"), 2023);
        assert_eq!(fy("2023年度"), 2023);
        assert_eq!(fy("（令和9年度）"), 2027);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "", "R", "R0", "令和", "20233", "FYabc", "1066", "9999", "明日",
        ] {
            assert!(bad.parse::<FiscalYear>().is_err(), "{bad}");
        }
    }

    #[test]
    fn prints_both_ways() {
        assert_eq!(FiscalYear(2023).wareki(), "令和5年度");
        assert_eq!(FiscalYear(2019).wareki(), "令和元年度");
        assert_eq!(FiscalYear(2018).wareki(), "平成30年度");
        assert_eq!(FiscalYear(2017).wareki_short(), "H29");
        assert_eq!(FiscalYear(2027).wareki_short(), "R9");
        assert_eq!(FiscalYear(2023).western(), "FY2023");
        assert_eq!(FiscalYear(2023).to_string(), "FY2023");
    }

    #[test]
    fn printed_forms_parse_back() {
        for year in 1960..2100 {
            let fy = FiscalYear(year);
            for text in [fy.wareki(), fy.wareki_short(), fy.western()] {
                assert_eq!(text.parse::<FiscalYear>(), Ok(fy), "{text}");
            }
        }
    }

    #[test]
    fn date_to_fiscal_year() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(FiscalYear::containing(date(2021, 3, 22)), FiscalYear(2020));
        assert_eq!(FiscalYear::containing(date(2021, 4, 1)), FiscalYear(2021));
    }
}
