//! Exact decimal figures as printed in plan documents.
//!
//! A figure keeps the digits the user wrote: `74.63` stays `74.63` and `1.50` stays `1.50`,
//! in files and on screen. Files store the figure as a string so no reader ever turns it into
//! a binary float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fiscal_year::normalize_width;

/// An exact decimal value with the scale it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Figure(pub Decimal);

/// Why a text could not be read as a figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{input}」 is not a number (expected digits such as 48.9, 107,087, △4.4 or -4.4)")]
pub struct FigureError {
    pub input: String,
}

impl crate::i18n::Localize for FigureError {
    fn message(&self, lang: super::settings::Language) -> String {
        match lang {
            super::settings::Language::En => self.to_string(),
            super::settings::Language::Ja => format!(
                "「{}」は数値ではありません（48.9、107,087、△4.4、-4.4 のように数字で入力してください）",
                self.input
            ),
        }
    }
}

impl Figure {
    /// Zero with no decimals, the target of a balance (収支均衡) indicator.
    pub const ZERO: Figure = Figure(Decimal::ZERO);

    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Digits grouped by thousands (`107,087`), for screens and reports.
    pub fn grouped(self) -> String {
        let text = self.0.to_string();
        let (sign, body) = text
            .strip_prefix('-')
            .map_or(("", text.as_str()), |rest| ("-", rest));
        let (int_part, frac) = body
            .split_once('.')
            .map_or((body, None), |(i, f)| (i, Some(f)));
        let mut grouped = String::new();
        for (index, digit) in int_part.chars().enumerate() {
            if index > 0 && (int_part.len() - index) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        match frac {
            Some(frac) => format!("{sign}{grouped}.{frac}"),
            None => format!("{sign}{grouped}"),
        }
    }

    /// Approximate value for charts only; never stored or compared.
    pub fn to_f64(self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.0.to_f64().unwrap_or(0.0)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Figure {
    type Err = FigureError;

    /// Reads a plain number as typed: full-width digits, `，`/`．`, thousands separators and
    /// the Japanese negative marks `△`/`▲` are accepted; units and words are not (see
    /// `report::cells` for whole table cells).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = || FigureError {
            input: input.to_string(),
        };
        let text: String = normalize_width(input)
            .chars()
            .map(|c| match c {
                '，' | '、' => ',',
                '．' => '.',
                '−' | '－' | '‐' | '―' | '–' => '-',
                other => other,
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        let (negative, body) = match text.chars().next() {
            Some('△' | '▲' | '-') => {
                (true, &text[text.chars().next().map_or(0, char::len_utf8)..])
            }
            Some('+') => (false, &text[1..]),
            _ => (false, text.as_str()),
        };
        if body.is_empty()
            || !body
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Err(error());
        }
        if !valid_grouping(body) {
            return Err(error());
        }
        let plain: String = body.chars().filter(|&c| c != ',').collect();
        if plain.starts_with('.') || plain.ends_with('.') {
            return Err(error());
        }
        let mut value = Decimal::from_str_exact(&plain).map_err(|_| error())?;
        if negative {
            value.set_sign_negative(true);
        }
        Ok(Figure(value))
    }
}

/// Thousands separators, when present, must sit every three digits left of the point.
fn valid_grouping(body: &str) -> bool {
    let int_part = body.split('.').next().unwrap_or("");
    if body.matches('.').count() > 1 || body.split('.').nth(1).is_some_and(|f| f.contains(',')) {
        return false;
    }
    if !int_part.contains(',') {
        return true;
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.iter().skip(1).all(|g| g.len() == 3)
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let figure: Figure = text.parse().map_err(serde::de::Error::custom)?;
        // Files hold the canonical plain form; anything else would not round-trip.
        if figure.0.to_string() != text {
            return Err(serde::de::Error::custom(format!(
                "figure \"{text}\" is not in plain form (write it as \"{}\")",
                figure.0
            )));
        }
        Ok(figure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(text: &str) -> String {
        text.parse::<Figure>().expect(text).to_string()
    }

    #[test]
    fn keeps_typed_digits() {
        assert_eq!(fig("74.63"), "74.63");
        assert_eq!(fig("1.50"), "1.50");
        assert_eq!(fig("107,087"), "107087");
        assert_eq!(fig("△4.4"), "-4.4");
        assert_eq!(fig("-4.4"), "-4.4");
        assert_eq!(fig("▲12.8"), "-12.8");
        assert_eq!(fig("１２．５"), "12.5");
        assert_eq!(fig("１，２３４"), "1234");
        assert_eq!(fig(" 3.56 "), "3.56");
        assert_eq!(fig("0"), "0");
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "", "-", "abc", "1.2.3", "12,34", "1,2345", ".5", "5.", "5%", "△",
        ] {
            assert!(bad.parse::<Figure>().is_err(), "{bad}");
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(
            fig("107087").parse::<Figure>().map(Figure::grouped),
            Ok("107,087".into())
        );
        let g = |t: &str| t.parse::<Figure>().map(Figure::grouped).expect(t);
        assert_eq!(g("-1234567.89"), "-1,234,567.89");
        assert_eq!(g("999"), "999");
    }

    #[test]
    fn serde_is_a_plain_string() {
        let value: Figure = "48.90".parse().expect("figure");
        let ron_text = ron::to_string(&value).expect("ser");
        assert_eq!(ron_text, "\"48.90\"");
        let back: Figure = ron::from_str(&ron_text).expect("de");
        assert_eq!(back.to_string(), "48.90");
        assert!(ron::from_str::<Figure>("\"1,000\"").is_err());
    }
}
