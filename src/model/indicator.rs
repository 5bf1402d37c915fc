//! Indicators (検証指標 / 数値目標 / KPI) with baseline, target and yearly actuals.

use serde::{Deserialize, Serialize};

use super::figure::Figure;
use super::fiscal_year::FiscalYear;

/// Which way an indicator is supposed to move, or the kind of bound its target sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better, towards the target value.
    Increase,
    /// Lower is better, towards the target value.
    Decrease,
    /// The target is a floor: 「以上」「超」.
    AtLeast,
    /// The target is a ceiling: 「以下」「以内」「未満」.
    AtMost,
    /// The target is zero: 「収支均衡」.
    Balance,
    /// No numeric target; judged by the node status.
    Qualitative,
    /// Not stated yet: an imported table did not say which way is better, and kaikaku does
    /// not guess. Progress is not judged and `kaikaku check` warns until it is set.
    Unstated,
}

impl Direction {
    /// The directions a user can choose; [`Direction::Unstated`] is only a placeholder.
    pub const ALL: [Direction; 6] = [
        Direction::Increase,
        Direction::Decrease,
        Direction::AtLeast,
        Direction::AtMost,
        Direction::Balance,
        Direction::Qualitative,
    ];

    /// The `snake_case` name used in files, CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
            Direction::Balance => "balance",
            Direction::Qualitative => "qualitative",
            Direction::Unstated => "unstated",
        }
    }
}

/// The word a bound target was printed with; it decides strictness and how it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundWord {
    /// 以上: at least, inclusive.
    Ijo,
    /// 超: more than, exclusive.
    Cho,
    /// 以下: at most, inclusive.
    Ika,
    /// 以内: within, inclusive.
    Inai,
    /// 未満: less than, exclusive.
    Miman,
}

impl BoundWord {
    pub fn label(self) -> &'static str {
        match self {
            BoundWord::Ijo => "以上",
            BoundWord::Cho => "超",
            BoundWord::Ika => "以下",
            BoundWord::Inai => "以内",
            BoundWord::Miman => "未満",
        }
    }

    /// `value` bounded in English: `90% or more`, `over 5億円`, `95.6% or less`, `under 3`.
    pub fn english(self, value: &str) -> String {
        match self {
            BoundWord::Ijo => format!("{value} or more"),
            BoundWord::Cho => format!("over {value}"),
            BoundWord::Ika | BoundWord::Inai => format!("{value} or less"),
            BoundWord::Miman => format!("under {value}"),
        }
    }

    pub fn is_strict(self) -> bool {
        matches!(self, BoundWord::Cho | BoundWord::Miman)
    }

    /// The direction this word implies.
    pub fn direction(self) -> Direction {
        match self {
            BoundWord::Ijo | BoundWord::Cho => Direction::AtLeast,
            BoundWord::Ika | BoundWord::Inai | BoundWord::Miman => Direction::AtMost,
        }
    }
}

/// A value for one fiscal year, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: FiscalYear,
    pub value: Figure,
    /// 出典 or a remark printed beside the value, e.g. 「市民アンケート」 or 「速報値」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The value an indicator should reach, or 調整中 while it is still being decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetValue {
    /// 調整中: the target is to be decided.
    Tbd,
    #[serde(rename = "figure")]
    Value(Figure),
    /// A qualitative goal, written out.
    Text(String),
}

/// The target of an indicator for a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub year: FiscalYear,
    pub value: TargetValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Target {
    pub fn figure(&self) -> Option<Figure> {
        match &self.value {
            TargetValue::Value(figure) => Some(*figure),
            TargetValue::Tbd | TargetValue::Text(_) => None,
        }
    }
}

/// A KPI: a named, unit-bearing figure tracked from a baseline towards a target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Printed unit: %, 倍, 件, 日, 分, 時間, 億円, 百万円, 点 … (empty for plain scores).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub direction: Direction,
    /// The exact word of a bound target (以上, 以下, 以内 …), when it was printed with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<BoundWord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<YearValue>,
    /// The baseline's fiscal year when the plan prints the baseline as 調整中 (to be
    /// decided), as `target` records a TBD target: shown as 調整中, never as an empty cell.
    /// A figure in `baseline` takes precedence. Optional, so older files read unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_tbd: Option<FiscalYear>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The yearly planned path (計画値 / 目標数 per year), oldest first, one per fiscal year.
    /// Many plans print a planned value for every year rather than one final target; progress
    /// for a year with a planned value is measured against it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<YearValue>,
    /// Yearly actuals (実績値), oldest first, one per fiscal year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actuals: Vec<YearValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Parts of a group indicator, e.g. 「各種財政指標」 → ①実質公債比率 ②将来負担率 ③市債残高.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Indicator>,
}

impl Indicator {
    /// A new indicator with only the fields every indicator needs.
    pub fn new(id: impl Into<String>, name: impl Into<String>, direction: Direction) -> Self {
        Indicator {
            id: id.into(),
            name: name.into(),
            unit: String::new(),
            direction,
            bound: None,
            baseline: None,
            baseline_tbd: None,
            target: None,
            planned: Vec::new(),
            actuals: Vec::new(),
            note: None,
            parts: Vec::new(),
        }
    }

    /// The baseline as printed, with its year: the figure and unit (`107,087件`), or
    /// 「調整中」 for a baseline still to be decided; `None` when the plan has none.
    pub fn baseline_label(&self) -> Option<(String, FiscalYear)> {
        match (&self.baseline, self.baseline_tbd) {
            (Some(b), _) => Some((format!("{}{}", b.value.grouped(), self.unit), b.year)),
            (None, Some(year)) => Some(("調整中".to_string(), year)),
            (None, None) => None,
        }
    }

    /// The baseline as `lang` prints it: [`Indicator::baseline_label`], with `TBD` for a
    /// baseline still to be decided on an English screen (as [`Indicator::target_label_in`]).
    pub fn baseline_label_in(
        &self,
        lang: super::settings::Language,
    ) -> Option<(String, FiscalYear)> {
        match (lang, &self.baseline, self.baseline_tbd) {
            (super::settings::Language::En, None, Some(year)) => Some(("TBD".to_string(), year)),
            _ => self.baseline_label(),
        }
    }

    /// The actual recorded for a fiscal year.
    pub fn actual(&self, year: FiscalYear) -> Option<&YearValue> {
        self.actuals.iter().find(|actual| actual.year == year)
    }

    /// The newest actual at or before `year` (or overall when `year` is `None`).
    pub fn latest_actual(&self, up_to: Option<FiscalYear>) -> Option<&YearValue> {
        self.actuals
            .iter()
            .filter(|actual| up_to.is_none_or(|limit| actual.year <= limit))
            .max_by_key(|actual| actual.year)
    }

    /// Sets (or replaces) the actual of a fiscal year, keeping actuals sorted by year.
    /// Returns the value it replaced.
    pub fn set_actual(
        &mut self,
        year: FiscalYear,
        value: Figure,
        note: Option<String>,
    ) -> Option<YearValue> {
        let new = YearValue { year, value, note };
        match self
            .actuals
            .binary_search_by_key(&year, |actual| actual.year)
        {
            Ok(index) => Some(std::mem::replace(&mut self.actuals[index], new)),
            Err(index) => {
                self.actuals.insert(index, new);
                None
            }
        }
    }

    /// The planned value (計画値) for a fiscal year.
    pub fn planned_for(&self, year: FiscalYear) -> Option<&YearValue> {
        self.planned.iter().find(|planned| planned.year == year)
    }

    /// Sets (or replaces) the planned value of a fiscal year, keeping the path sorted.
    /// Returns the value it replaced.
    pub fn set_planned(
        &mut self,
        year: FiscalYear,
        value: Figure,
        note: Option<String>,
    ) -> Option<YearValue> {
        let new = YearValue { year, value, note };
        match self.planned.binary_search_by_key(&year, |p| p.year) {
            Ok(index) => Some(std::mem::replace(&mut self.planned[index], new)),
            Err(index) => {
                self.planned.insert(index, new);
                None
            }
        }
    }

    /// Removes the actual of a fiscal year, returning it.
    pub fn remove_actual(&mut self, year: FiscalYear) -> Option<YearValue> {
        let index = self.actuals.iter().position(|actual| actual.year == year)?;
        Some(self.actuals.remove(index))
    }

    /// This indicator and all its parts, depth first.
    pub fn walk(&self) -> Vec<&Indicator> {
        let mut out = vec![self];
        for part in &self.parts {
            out.extend(part.walk());
        }
        out
    }

    /// The target as `lang` prints it: in Japanese as the plan prints it (see
    /// [`Indicator::target_label`]); in English `TBD`, `balanced budget`, `95.6% or less`,
    /// `over 5億円` (units are the plan's). One match for both, so a new kind of target
    /// cannot be labelled in one language and forgotten in the other.
    pub fn target_label_in(&self, lang: super::settings::Language) -> String {
        match self.target.as_ref().map(|target| &target.value) {
            None => String::new(),
            Some(TargetValue::Tbd) => lang.pick("調整中", "TBD").to_string(),
            Some(TargetValue::Text(text)) => text.clone(),
            Some(TargetValue::Value(figure)) => {
                if self.direction == Direction::Balance && figure.0.is_zero() {
                    return lang.pick("収支均衡", "balanced budget").to_string();
                }
                let value = format!("{}{}", figure.grouped(), self.unit);
                match (self.bound, lang) {
                    (None, _) => value,
                    (Some(bound), super::settings::Language::Ja) => {
                        format!("{value}{}", bound.label())
                    }
                    (Some(bound), super::settings::Language::En) => bound.english(&value),
                }
            }
        }
    }

    /// The target as printed: 「90%」, 「95.6%以下」, 「収支均衡」, 「調整中」.
    pub fn target_label(&self) -> String {
        self.target_label_in(super::settings::Language::Ja)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_in_english_where_the_plan_writes_japanese() {
        use crate::model::Language;
        let mut indicator = Indicator::new("k", "比率", Direction::AtMost);
        indicator.unit = "%".into();
        indicator.target = Some(Target {
            year: FiscalYear(2027),
            value: TargetValue::Tbd,
            note: None,
        });
        assert_eq!(indicator.target_label_in(Language::En), "TBD");
        assert_eq!(indicator.target_label_in(Language::Ja), "調整中");
        indicator.target = Some(Target {
            year: FiscalYear(2027),
            value: TargetValue::Value("95.6".parse().expect("figure")),
            note: None,
        });
        indicator.bound = Some(BoundWord::Ika);
        assert_eq!(indicator.target_label_in(Language::En), "95.6% or less");
        assert_eq!(indicator.target_label_in(Language::Ja), "95.6%以下");
    }

    fn figure(text: &str) -> Figure {
        text.parse().expect(text)
    }

    #[test]
    fn actuals_stay_sorted_and_unique() {
        let mut indicator = Indicator::new("k", "件数", Direction::Increase);
        assert!(
            indicator
                .set_actual(FiscalYear(2024), figure("3"), None)
                .is_none()
        );
        assert!(
            indicator
                .set_actual(FiscalYear(2022), figure("1"), None)
                .is_none()
        );
        let replaced = indicator.set_actual(FiscalYear(2024), figure("4"), None);
        assert_eq!(replaced.map(|old| old.value), Some(figure("3")));
        let years: Vec<u16> = indicator.actuals.iter().map(|a| a.year.0).collect();
        assert_eq!(years, vec![2022, 2024]);
        assert_eq!(
            indicator
                .latest_actual(Some(FiscalYear(2023)))
                .map(|a| a.year.0),
            Some(2022)
        );
        assert_eq!(
            indicator.latest_actual(None).map(|a| a.value),
            Some(figure("4"))
        );
    }

    #[test]
    fn target_labels_follow_the_printed_form() {
        let mut indicator = Indicator::new("k", "経常収支比率", Direction::AtMost);
        indicator.unit = "%".into();
        indicator.bound = Some(BoundWord::Ika);
        indicator.target = Some(Target {
            year: FiscalYear(2027),
            value: TargetValue::Value(figure("95.6")),
            note: None,
        });
        assert_eq!(indicator.target_label(), "95.6%以下");
        indicator.target = Some(Target {
            year: FiscalYear(2027),
            value: TargetValue::Tbd,
            note: None,
        });
        assert_eq!(indicator.target_label(), "調整中");
    }

    #[test]
    fn a_baseline_to_be_decided_reads_as_tbd_and_older_files_still_load() {
        let mut indicator = Indicator::new("k", "窓口滞在時間", Direction::Decrease);
        assert_eq!(indicator.baseline_label(), None);
        indicator.baseline_tbd = Some(FiscalYear(2023));
        assert_eq!(
            indicator.baseline_label(),
            Some(("調整中".to_string(), FiscalYear(2023)))
        );
        assert_eq!(
            indicator.baseline_label_in(crate::model::Language::En),
            Some(("TBD".to_string(), FiscalYear(2023)))
        );
        assert_eq!(
            indicator.baseline_label_in(crate::model::Language::Ja),
            indicator.baseline_label()
        );
        indicator.unit = "件".into();
        indicator.baseline = Some(YearValue {
            year: FiscalYear(2021),
            value: "107087".parse().expect("figure"),
            note: None,
        });
        assert_eq!(
            indicator.baseline_label(),
            Some(("107,087件".to_string(), FiscalYear(2021))),
            "a figure takes precedence"
        );
        let old: Indicator =
            ron::from_str("(id: \"k\", name: \"n\", direction: decrease)").expect("old file");
        assert_eq!(old.baseline_tbd, None);
        let tbd: Indicator = ron::from_str(
            "(id: \"k\", name: \"n\", direction: decrease, baseline_tbd: Some(2023))",
        )
        .expect("tbd");
        assert_eq!(tbd.baseline_tbd, Some(FiscalYear(2023)));
    }

    #[test]
    fn the_planned_path_is_optional_and_canonical() {
        use crate::store::canonical::{options, to_canonical};
        let mut indicator = Indicator::new("k", "職員数", Direction::Decrease);
        indicator.unit = "人".into();
        indicator.set_actual(FiscalYear(2005), figure("295"), None);
        // A file written before the planned path existed loads and saves byte-identical.
        let old = to_canonical(&indicator).expect("ser");
        assert!(!old.contains("planned"), "{old}");
        let back: Indicator = options().from_str(&old).expect("old file loads");
        assert_eq!(to_canonical(&back).expect("ser"), old);
        // With a path: exact digits, sorted by year, one value per year, round-trips.
        indicator.set_planned(FiscalYear(2006), figure("300.0"), None);
        indicator.set_planned(FiscalYear(2005), figure("305"), None);
        let replaced = indicator.set_planned(FiscalYear(2006), figure("300.50"), None);
        assert_eq!(replaced.map(|p| p.value), Some(figure("300.0")));
        let text = to_canonical(&indicator).expect("ser");
        assert!(text.contains("\"300.50\""), "{text}");
        let back: Indicator = options().from_str(&text).expect("loads");
        assert_eq!(back, indicator);
        assert_eq!(to_canonical(&back).expect("ser"), text);
        let years: Vec<u16> = back.planned.iter().map(|p| p.year.0).collect();
        assert_eq!(years, [2005, 2006]);
        assert_eq!(
            back.planned_for(FiscalYear(2005)).map(|p| p.value),
            Some(figure("305"))
        );
        // The planned path sits between the target and the actuals in the file.
        assert!(text.find("planned").expect("planned") < text.find("actuals").expect("actuals"));
    }
}
