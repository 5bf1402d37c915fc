//! Years in table headers as printed: `H23`, `平成16年`, `令和3年度（基準値）`, `2023`, and
//! the ones without an era — `18年度`, or a bare `20` under a `平成(年度)` corner.
//!
//! A year without an era is resolved in this order: an era printed for its column (a corner
//! cell such as `平成(年度)` to the left, or an era cell above it, which Excel's merged header
//! cells leave in the first cell of the span), the `--era` option, and finally the plan's
//! period: the era is taken only when exactly one era puts the year near the period (12
//! years before it to 6 after, room for baselines and late actuals). Two candidates, or
//! none, are refused with both readings named, never guessed.

use crate::model::FiscalYear;
use crate::model::Period;
use crate::model::fiscal_year::normalize_width;

/// A Japanese era: its name and the western year of its first year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Era {
    pub kanji: &'static str,
    pub letter: char,
    pub first_year: u16,
}

/// The eras a table year can be in, newest first.
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

impl Era {
    pub fn year(self, n: u16) -> FiscalYear {
        FiscalYear(self.first_year + n.max(1) - 1)
    }

    /// The era after this one, if any.
    fn next(self) -> Option<Era> {
        let index = ERAS.iter().position(|e| *e == self)?;
        index.checked_sub(1).map(|i| ERAS[i])
    }
}

/// Reads an era name as given on the command line: `平成`, `H`, `heisei`, `令和`, `R`, `reiwa`.
pub fn parse_era(text: &str) -> Option<Era> {
    let text = normalize_width(text.trim());
    ERAS.into_iter().find(|era| {
        text == era.kanji
            || text.eq_ignore_ascii_case(&era.letter.to_string())
            || matches!(
                (era.kanji, text.to_ascii_lowercase().as_str()),
                ("令和", "reiwa") | ("平成", "heisei") | ("昭和", "showa")
            )
    })
}

fn squash(text: &str) -> String {
    normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A cell that names only an era, such as the corner `平成(年度)`, `年度(令和)` or a merged
/// `平成` above the year columns.
pub fn era_cell(text: &str) -> Option<Era> {
    let mut rest = squash(text);
    for noise in ["(", ")", "（", "）", "年度", "年", "[", "]", "【", "】"] {
        rest = rest.replace(noise, "");
    }
    ERAS.into_iter().find(|era| rest == era.kanji)
}

/// A year number without an era, as printed: the whole cell (`20`), or digits before
/// 年度/年 (`18年度`, `元年度`, `22年度(目標)`). The flag says whether 年/年度 was written.
fn bare_year(text: &str) -> Option<(u16, bool)> {
    let text = squash(text);
    if !text.is_empty() && text.len() <= 2 && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n > 0).map(|n| (n, false));
    }
    let chars: Vec<char> = text.chars().collect();
    for (index, c) in chars.iter().enumerate() {
        if *c != '年' {
            continue;
        }
        let mut start = index;
        while start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == '元') {
            start -= 1;
        }
        let digits: String = chars[start..index].iter().collect();
        let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
        if digits.is_empty() || !before_ok || digits.chars().count() > 2 {
            continue;
        }
        let n = if digits == "元" {
            1
        } else {
            digits.parse().ok()?
        };
        return Some((n, true));
    }
    None
}

/// How a header cell's year was read, for the dry run and error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderYear {
    /// No year in the cell.
    None,
    Year(FiscalYear),
}

/// The year a header cell names. `era` is the era printed for the column (corner, cell
/// above, or `--era`); `period` the plan's period. Errors say why a year without an era
/// could not be placed.
pub fn header_year(
    text: &str,
    era: Option<Era>,
    period: Period,
) -> Result<HeaderYear, (String, String)> {
    if let Some(year) = super::find_year(text) {
        return Ok(HeaderYear::Year(year));
    }
    let Some((n, with_word)) = bare_year(text) else {
        return Ok(HeaderYear::None);
    };
    if let Some(era) = era {
        return Ok(HeaderYear::Year(era.year(n)));
    }
    if !with_word {
        // A bare number is a year only under an era; otherwise it is some other column.
        return Ok(HeaderYear::None);
    }
    let from = period.from.0.saturating_sub(12);
    let to = period.to.0.saturating_add(6);
    let candidates: Vec<(Era, FiscalYear)> = ERAS
        .into_iter()
        .map(|era| (era, era.year(n)))
        .filter(|(_, year)| (from..=to).contains(&year.0))
        .collect();
    let readings = || {
        ERAS.iter()
            .take(2)
            .map(|era| format!("{}{n}年度 = {}", era.kanji, era.year(n).western()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match candidates.as_slice() {
        [(_, year)] => Ok(HeaderYear::Year(*year)),
        [] => Err((
            format!(
                "「{}」 には元号がなく、どの元号でもプランの期間 {}–{} の近くになりません（{}）。\
                 元号を書くか（例: H18、R5）、--era を指定してください",
                text.trim(),
                period.from.wareki(),
                period.to.wareki(),
                readings()
            ),
            format!(
                "「{}」 has no era and no era puts it near the plan's period {}–{} ({}); \
                 write the era (e.g. H18, R5) or pass --era",
                text.trim(),
                period.from.western(),
                period.to.western(),
                readings()
            ),
        )),
        _ => Err((
            format!(
                "「{}」 には元号がなく、プランの期間 {}–{} の近くで複数の読み方があります（{}）。\
                 元号を書くか（例: H18、R5）、--era を指定してください",
                text.trim(),
                period.from.wareki(),
                period.to.wareki(),
                readings()
            ),
            format!(
                "「{}」 has no era and is ambiguous near the plan's period {}–{} ({}); \
                 write the era (e.g. H18, R5) or pass --era",
                text.trim(),
                period.from.western(),
                period.to.western(),
                readings()
            ),
        )),
    }
}

/// Resolves the era-less years of one header row in order: under one era, a year smaller
/// than the one before it (`30`, `元`, `2` under 平成) moves on to the next era.
pub fn advance_era(era: Era, previous: Option<FiscalYear>, n: u16) -> (Era, FiscalYear) {
    let year = era.year(n);
    match (previous, era.next()) {
        (Some(previous), Some(next)) if year < previous && next.year(n) > previous => {
            (next, next.year(n))
        }
        _ => (era, year),
    }
}

/// The era-less number of a header cell, if it has one, for [`advance_era`].
pub fn bare_number(text: &str) -> Option<u16> {
    if super::find_year(text).is_some() {
        return None;
    }
    bare_year(text).map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: u16, to: u16) -> Period {
        Period {
            from: FiscalYear(from),
            to: FiscalYear(to),
        }
    }

    fn year(text: &str, era: Option<Era>, p: Period) -> Result<Option<u16>, (String, String)> {
        header_year(text, era, p).map(|y| match y {
            HeaderYear::Year(y) => Some(y.0),
            HeaderYear::None => None,
        })
    }

    #[test]
    fn years_with_an_era_need_no_context() {
        let p = period(2024, 2027);
        assert_eq!(year("H23", None, p), Ok(Some(2011)));
        assert_eq!(year("平成16年", None, p), Ok(Some(2004)));
        assert_eq!(year("令和3年度（基準値）", None, p), Ok(Some(2021)));
        assert_eq!(year("2023", None, p), Ok(Some(2023)));
        assert_eq!(year("判定", None, p), Ok(None));
    }

    #[test]
    fn years_without_an_era_resolve_against_the_period_or_are_refused() {
        assert_eq!(year("18年度", None, period(2005, 2010)), Ok(Some(2006)));
        assert_eq!(year("5年度", None, period(2024, 2027)), Ok(Some(2023)));
        assert_eq!(year("元年度", None, period(2019, 2023)), Ok(Some(2019)));
        // A long period near the change of era: 平成8 and 令和8 both fit.
        let error = year("15年度", None, period(2015, 2027))
            .map_err(|(_, en)| en)
            .expect_err("ambiguous");
        assert!(
            error.contains("ambiguous") && error.contains("FY2003") && error.contains("FY2033"),
            "{error}"
        );
        // Nowhere near: refused, not placed in some era.
        let error = year("18年度", None, period(2024, 2027))
            .map_err(|(_, en)| en)
            .expect_err("far");
        assert!(error.contains("no era puts it near"), "{error}");
        // A bare number is a year only under an era.
        assert_eq!(year("20", None, period(2005, 2010)), Ok(None));
        let heisei = era_cell("平成(年度)");
        assert_eq!(heisei.map(|e| e.kanji), Some("平成"));
        assert_eq!(year("20", heisei, period(2024, 2027)), Ok(Some(2008)));
        assert_eq!(
            year("22年度(目標)", heisei, period(2024, 2027)),
            Ok(Some(2010))
        );
    }

    #[test]
    fn eras_from_cells_and_options() {
        assert_eq!(era_cell("年度（令和）").map(|e| e.kanji), Some("令和"));
        assert_eq!(era_cell("平成").map(|e| e.kanji), Some("平成"));
        assert_eq!(era_cell("平成20"), None);
        assert_eq!(parse_era("H").map(|e| e.kanji), Some("平成"));
        assert_eq!(parse_era("reiwa").map(|e| e.kanji), Some("令和"));
        assert_eq!(parse_era("x"), None);
        let heisei = ERAS[1];
        let (era, y) = advance_era(heisei, Some(FiscalYear(2018)), 1);
        assert_eq!((era.kanji, y.0), ("令和", 2019));
        let (era, y) = advance_era(heisei, Some(FiscalYear(2017)), 30);
        assert_eq!((era.kanji, y.0), ("平成", 2018));
    }
}
