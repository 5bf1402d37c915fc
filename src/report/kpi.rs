//! The one definition of KPI progress, shared by the reports, the TUI and history.
//!
//! For an indicator with baseline b, target t and the latest actual a (the newest fiscal year
//! with a value, up to the chosen year):
//! - increase / decrease / balance: `progress = (a − b) / (t − b) × 100` — one formula for
//!   both directions; a balance (収支均衡) target is 0. When t = b, progress is 100 if a is at or
//!   beyond t in the indicator's direction, else 0.
//! - `at_least` / `at_most` (以上・超・以下・以内・未満): `met` says whether a satisfies the bound.
//!   A baseline outside the bound uses the formula above; a baseline already inside it means
//!   "stay there": 100 while a satisfies the bound, else 0 and `worsened`.
//! - TBD target: `tbd`; qualitative: `qualitative` (the node status says the rest);
//!   no actual (or no baseline to measure from, with the target not reached): `no_data`.
//! - status: `achieved` (progress ≥ 100 or bound met), `worsened` (progress < 0), `on_track`
//!   (progress ≥ the share of the period elapsed, linear from the baseline year to the target
//!   year, measured at the year of the actual), else `behind`.
//! - A yearly planned path (計画値) replaces the linear share: for an actual whose year has a
//!   planned value p, `expected = (p − b) / (t − b) × 100`, so `on_track` means "at or beyond
//!   the plan for that year"; with no baseline, the actual is compared with p directly. With
//!   no explicit target, the path's last value is the target (the plan's own final figure).
//! - direction `unstated` (a table that did not say which way is better): `needs_direction`,
//!   nothing judged.
//!
//! Progress is an exact [`Decimal`], never clamped; it is rounded (half away from zero, one
//! decimal) only by [`format_progress`] when printed.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{Direction, FiscalYear, Indicator, TargetValue, YearValue};

/// How an indicator stands, in the words of the CSV/JSON reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    Achieved,
    OnTrack,
    Behind,
    Worsened,
    Tbd,
    NoData,
    Qualitative,
    /// The indicator's direction is [`Direction::Unstated`]: nothing can be judged.
    NeedsDirection,
}

impl KpiStatus {
    pub const ALL: [KpiStatus; 8] = [
        KpiStatus::Achieved,
        KpiStatus::OnTrack,
        KpiStatus::Behind,
        KpiStatus::Worsened,
        KpiStatus::Tbd,
        KpiStatus::NoData,
        KpiStatus::Qualitative,
        KpiStatus::NeedsDirection,
    ];

    /// The `snake_case` name used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            KpiStatus::Achieved => "achieved",
            KpiStatus::OnTrack => "on_track",
            KpiStatus::Behind => "behind",
            KpiStatus::Worsened => "worsened",
            KpiStatus::Tbd => "tbd",
            KpiStatus::NoData => "no_data",
            KpiStatus::Qualitative => "qualitative",
            KpiStatus::NeedsDirection => "needs_direction",
        }
    }

    /// Label for people: (Japanese, English).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            KpiStatus::Achieved => ("達成", "achieved"),
            KpiStatus::OnTrack => ("順調", "on track"),
            KpiStatus::Behind => ("遅れ", "behind"),
            KpiStatus::Worsened => ("悪化", "worsened"),
            KpiStatus::Tbd => ("目標調整中", "target TBD"),
            KpiStatus::NoData => ("実績なし", "no data"),
            KpiStatus::Qualitative => ("定性", "qualitative"),
            KpiStatus::NeedsDirection => ("方向未設定", "direction needed"),
        }
    }
}

/// The progress of one indicator as of a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiProgress<'a> {
    pub status: KpiStatus,
    /// Percent of the way from baseline to target, exact and unclamped.
    pub progress: Option<Decimal>,
    /// For bound targets (`at_least` / `at_most`): whether the latest actual satisfies it.
    pub met: Option<bool>,
    /// The actual the progress was measured on.
    pub latest: Option<&'a YearValue>,
    /// The share of the period elapsed at the actual's year, in percent (0–100).
    pub expected: Option<Decimal>,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Evaluates an indicator with the actuals up to `as_of` (all of them when `None`).
pub fn evaluate(indicator: &Indicator, as_of: Option<FiscalYear>) -> KpiProgress<'_> {
    let latest = indicator.latest_actual(as_of);
    let mut out = KpiProgress {
        status: KpiStatus::NoData,
        progress: None,
        met: None,
        latest,
        expected: None,
    };
    if indicator.direction == Direction::Qualitative {
        out.status = KpiStatus::Qualitative;
        return out;
    }
    if indicator.direction == Direction::Unstated {
        out.status = KpiStatus::NeedsDirection;
        return out;
    }
    let path_end = indicator.planned.last();
    let target = match indicator.target.as_ref().map(|t| &t.value) {
        Some(TargetValue::Value(figure)) => figure.0,
        None if indicator.direction != Direction::Balance && path_end.is_some() => {
            path_end.map_or(Decimal::ZERO, |p| p.value.0)
        }
        None if indicator.direction == Direction::Balance => Decimal::ZERO,
        Some(TargetValue::Text(_)) => {
            out.status = KpiStatus::Qualitative;
            return out;
        }
        Some(TargetValue::Tbd) | None => {
            out.status = KpiStatus::Tbd;
            return out;
        }
    };
    let target = if indicator.direction == Direction::Balance {
        Decimal::ZERO
    } else {
        target
    };
    let Some(actual) = latest else {
        return out;
    };
    let a = actual.value.0;
    let bound = bound_kind(indicator);
    if let Some(at_least) = bound {
        out.met = Some(satisfies(indicator, at_least, a, target));
    }
    let planned = indicator.planned_for(actual.year).map(|p| p.value.0);
    let Some(baseline) = indicator.baseline.as_ref() else {
        // Nothing to measure the distance from: only "reached" can be said, and whether the
        // actual keeps to the plan of its year.
        if out.met == Some(true) || (bound.is_none() && reached(indicator, a, target)) {
            out.status = KpiStatus::Achieved;
        } else if let Some(p) = planned {
            out.status = if reached(indicator, a, p) {
                KpiStatus::OnTrack
            } else {
                KpiStatus::Behind
            };
        }
        return out;
    };
    let b = baseline.value.0;
    let progress = match bound {
        Some(at_least) if satisfies(indicator, at_least, b, target) => {
            // The target is to stay inside the bound.
            if out.met == Some(true) {
                HUNDRED
            } else {
                out.progress = Some(Decimal::ZERO);
                out.status = KpiStatus::Worsened;
                return out;
            }
        }
        _ => linear(indicator, a, b, target),
    };
    out.progress = Some(progress);
    let target_year = indicator
        .target
        .as_ref()
        .map(|t| t.year)
        .or(path_end.map(|p| p.year));
    out.expected = match planned {
        Some(p) if target != baseline.value.0 => {
            Some(linear(indicator, p, baseline.value.0, target))
        }
        _ => target_year.map(|year| elapsed_share(baseline.year, year, actual.year)),
    };
    out.status = if progress >= HUNDRED || out.met == Some(true) {
        KpiStatus::Achieved
    } else if progress < Decimal::ZERO {
        KpiStatus::Worsened
    } else if progress >= out.expected.unwrap_or(HUNDRED) {
        KpiStatus::OnTrack
    } else {
        KpiStatus::Behind
    };
    out
}

/// `Some(true)` for a floor (`at_least`), `Some(false)` for a ceiling (`at_most`).
fn bound_kind(indicator: &Indicator) -> Option<bool> {
    match indicator.direction {
        Direction::AtLeast => Some(true),
        Direction::AtMost => Some(false),
        _ => None,
    }
}

/// Whether `value` satisfies the bound; strict for 超/未満, inclusive otherwise (also when the
/// bound word was not printed).
fn satisfies(indicator: &Indicator, at_least: bool, value: Decimal, target: Decimal) -> bool {
    let strict = indicator
        .bound
        .is_some_and(crate::model::BoundWord::is_strict);
    match (at_least, strict) {
        (true, false) => value >= target,
        (true, true) => value > target,
        (false, false) => value <= target,
        (false, true) => value < target,
    }
}

/// Whether `a` is at or beyond the target in the indicator's direction (t = b rule).
fn reached(indicator: &Indicator, a: Decimal, target: Decimal) -> bool {
    match indicator.direction {
        Direction::Decrease | Direction::AtMost => a <= target,
        Direction::Balance => a == target,
        _ => a >= target,
    }
}

/// `(a − b) / (t − b) × 100`, with the t = b rule; overflow (absurd figures) counts as 0.
fn linear(indicator: &Indicator, a: Decimal, b: Decimal, t: Decimal) -> Decimal {
    let span = t - b;
    if span.is_zero() {
        return if reached(indicator, a, t) {
            HUNDRED
        } else {
            Decimal::ZERO
        };
    }
    (a - b)
        .checked_mul(HUNDRED)
        .and_then(|moved| moved.checked_div(span))
        .unwrap_or(Decimal::ZERO)
}

/// Share of the period from the baseline year to the target year that has passed at `at`, in
/// percent, clamped to 0–100. A period of zero length counts as fully elapsed.
pub fn elapsed_share(baseline: FiscalYear, target: FiscalYear, at: FiscalYear) -> Decimal {
    let length = i64::from(target.0) - i64::from(baseline.0);
    if length <= 0 {
        return HUNDRED;
    }
    let passed = (i64::from(at.0) - i64::from(baseline.0)).clamp(0, length);
    Decimal::from(passed) * HUNDRED / Decimal::from(length)
}

/// Rounds half away from zero to one decimal, for printing only: `-29.8`, `50.0`, `0.0`.
pub fn round_progress(progress: Decimal) -> Decimal {
    let mut rounded = progress.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(1);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded
}

/// The printed form of a progress value: one decimal, or empty when there is none.
pub fn format_progress(progress: Option<Decimal>) -> String {
    progress.map_or_else(String::new, |p| round_progress(p).to_string())
}

/// A one-line summary of an indicator: 基準値 5.3倍 (R5) → 目標 調整中 (R9), latest actual.
pub fn indicator_line(indicator: &Indicator, lang: crate::model::Language) -> String {
    let unit = &indicator.unit;
    let mut parts = Vec::new();
    if let Some((label, year)) = indicator.baseline_label() {
        parts.push(format!(
            "{} {label} ({})",
            lang.pick("基準値", "baseline"),
            lang.year_short(year)
        ));
    }
    if let Some(latest) = indicator.latest_actual(None) {
        parts.push(format!(
            "{} {}{unit} ({})",
            lang.pick("実績", "actual"),
            latest.value.grouped(),
            lang.year_short(latest.year)
        ));
    }
    if let (Some(first), Some(last)) = (indicator.planned.first(), indicator.planned.last()) {
        let point =
            |v: &YearValue| format!("{}{unit} ({})", v.value.grouped(), lang.year_short(v.year));
        let path = if indicator.planned.len() == 1 {
            point(first)
        } else {
            format!("{} … {}", point(first), point(last))
        };
        parts.push(format!("{} {path}", lang.pick("計画", "planned")));
    }
    if let Some(target) = &indicator.target {
        parts.push(format!(
            "{} {} ({})",
            lang.pick("目標", "target"),
            indicator.target_label_in(lang),
            lang.year_short(target.year)
        ));
    }
    format!(
        "{}: {}",
        crate::model::sanitize_inline(&indicator.name),
        parts.join(" → ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoundWord, Figure, Target};

    fn fig(text: &str) -> Figure {
        text.parse().expect(text)
    }

    fn dec(text: &str) -> Decimal {
        fig(text).0
    }

    /// An indicator b (year by) → t (year ty) with actuals given as (year, value).
    fn kpi(
        direction: Direction,
        baseline: Option<(u16, &str)>,
        target: Option<(u16, &str)>,
        actuals: &[(u16, &str)],
    ) -> Indicator {
        let mut indicator = Indicator::new("k", "指標", direction);
        indicator.baseline = baseline.map(|(year, value)| YearValue {
            year: FiscalYear(year),
            value: fig(value),
            note: None,
        });
        indicator.target = target.map(|(year, value)| Target {
            year: FiscalYear(year),
            value: match value {
                "調整中" => TargetValue::Tbd,
                "text" => TargetValue::Text("実施".into()),
                v => TargetValue::Value(fig(v)),
            },
            note: None,
        });
        for (year, value) in actuals {
            indicator.set_actual(FiscalYear(*year), fig(value), None);
        }
        indicator
    }

    fn printed(indicator: &Indicator) -> (String, KpiStatus) {
        let result = evaluate(indicator, None);
        (format_progress(result.progress), result.status)
    }

    #[test]
    fn stage3_citizen_satisfaction_worsened() {
        // 市役所のサービスに満足している市民の割合: R3 48.9% → R4 44.1%, target 65% at R5.
        let k = kpi(
            Direction::Increase,
            Some((2021, "48.9")),
            Some((2023, "65")),
            &[(2022, "44.1")],
        );
        let result = evaluate(&k, None);
        assert_eq!(format_progress(result.progress), "-29.8");
        assert_eq!(result.status, KpiStatus::Worsened);
        assert_eq!(result.expected, Some(dec("50")));
        // Exact and unrounded inside: −4.8 / 16.1 × 100.
        let exact = result.progress.expect("progress");
        assert!(exact < dec("-29.81") && exact > dec("-29.82"), "{exact}");
    }

    #[test]
    fn stage3_table_by_hand() {
        let inc = |b, a, t| {
            printed(&kpi(
                Direction::Increase,
                Some((2021, b)),
                Some((2023, t)),
                &[(2022, a)],
            ))
        };
        // 区役所窓口 市民満足度 87 → 87, 90: 0 / 3 = 0.0; half the period gone → behind.
        assert_eq!(inc("87", "87", "90"), ("0.0".into(), KpiStatus::Behind));
        // 証明書コンビニ発行件数 107,087 → 300,170, 500,000: 193,083 / 392,913 = 49.14…%.
        assert_eq!(
            inc("107087", "300170", "500000"),
            ("49.1".into(), KpiStatus::Behind)
        );
        // 働きがいを感じる職員の割合 82 → 81, 95: −1 / 13 = −7.69…%.
        assert_eq!(inc("82", "81", "95"), ("-7.7".into(), KpiStatus::Worsened));
        // 年休取得日数 14 → 15, 16: exactly half way at half time → on track.
        assert_eq!(inc("14", "15", "16"), ("50.0".into(), KpiStatus::OnTrack));
        // テレワークを実施しやすいと感じる職員 23 → 45, 50: 22 / 27 = 81.48…%.
        assert_eq!(inc("23", "45", "50"), ("81.5".into(), KpiStatus::OnTrack));
        // 各種財政指標 as ceilings (at_most):
        let most = |b, a, t| {
            let k = kpi(
                Direction::AtMost,
                Some((2021, b)),
                Some((2023, t)),
                &[(2022, a)],
            );
            let r = evaluate(&k, None);
            (format_progress(r.progress), r.status, r.met)
        };
        // ①実質公債比率 5.4 → 5.3, ceiling 5.2: baseline outside, (−0.1)/(−0.2) = 50%.
        assert_eq!(
            most("5.4", "5.3", "5.2"),
            ("50.0".into(), KpiStatus::OnTrack, Some(false))
        );
        // ②将来負担率 104.6 → 108.5, ceiling 107.8: baseline inside, now above → worsened.
        assert_eq!(
            most("104.6", "108.5", "107.8"),
            ("0.0".into(), KpiStatus::Worsened, Some(false))
        );
        // ③市債残高 2,248 → 2,359, ceiling 2,430: stays inside → achieved.
        assert_eq!(
            most("2248", "2359", "2430"),
            ("100.0".into(), KpiStatus::Achieved, Some(true))
        );
    }

    #[test]
    fn decrease_uses_the_same_formula() {
        // 窓口滞在時間 60 → 45 minutes, target 30: 15 / 30 = 50%.
        let k = kpi(
            Direction::Decrease,
            Some((2023, "60")),
            Some((2027, "30")),
            &[(2024, "45")],
        );
        let r = evaluate(&k, None);
        assert_eq!(format_progress(r.progress), "50.0");
        assert_eq!(r.expected, Some(dec("25")));
        assert_eq!(r.status, KpiStatus::OnTrack);
        // Going up is worsening.
        let k = kpi(
            Direction::Decrease,
            Some((2023, "60")),
            Some((2027, "30")),
            &[(2024, "66")],
        );
        assert_eq!(printed(&k), ("-20.0".into(), KpiStatus::Worsened));
        // Beyond the target: achieved and never clamped.
        let k = kpi(
            Direction::Decrease,
            Some((2023, "60")),
            Some((2027, "30")),
            &[(2026, "15")],
        );
        assert_eq!(printed(&k), ("150.0".into(), KpiStatus::Achieved));
    }

    #[test]
    fn increase_overshoot_is_not_clamped() {
        let k = kpi(
            Direction::Increase,
            Some((2023, "10")),
            Some((2027, "20")),
            &[(2025, "25")],
        );
        assert_eq!(printed(&k), ("150.0".into(), KpiStatus::Achieved));
    }

    #[test]
    fn target_equal_to_baseline() {
        let case = |direction, a| {
            printed(&kpi(
                direction,
                Some((2023, "50")),
                Some((2027, "50")),
                &[(2025, a)],
            ))
        };
        assert_eq!(
            case(Direction::Increase, "50"),
            ("100.0".into(), KpiStatus::Achieved)
        );
        assert_eq!(
            case(Direction::Increase, "51"),
            ("100.0".into(), KpiStatus::Achieved)
        );
        assert_eq!(
            case(Direction::Increase, "49"),
            ("0.0".into(), KpiStatus::Behind)
        );
        assert_eq!(
            case(Direction::Decrease, "49"),
            ("100.0".into(), KpiStatus::Achieved)
        );
        assert_eq!(
            case(Direction::Decrease, "51"),
            ("0.0".into(), KpiStatus::Behind)
        );
    }

    #[test]
    fn negative_baselines_and_sign_changes() {
        // 実質収支 △12.8億円 → △3.2億円, target 5: 9.6 / 17.8 = 53.93…%.
        let k = kpi(
            Direction::Increase,
            Some((2023, "-12.8")),
            Some((2027, "5")),
            &[(2025, "-3.2")],
        );
        assert_eq!(printed(&k), ("53.9".into(), KpiStatus::OnTrack));
        // Crossing zero to a surplus beyond the target.
        let k = kpi(
            Direction::Increase,
            Some((2023, "-12.8")),
            Some((2027, "5")),
            &[(2025, "6.9")],
        );
        assert_eq!(printed(&k), ("110.7".into(), KpiStatus::Achieved));
        // Both negative, decreasing towards a deeper negative target.
        let k = kpi(
            Direction::Decrease,
            Some((2023, "-1")),
            Some((2027, "-5")),
            &[(2024, "-2")],
        );
        assert_eq!(printed(&k), ("25.0".into(), KpiStatus::OnTrack));
    }

    #[test]
    fn balance_targets_zero() {
        // 収支均衡: △12.8 → △6.4 is half way, at a quarter of the time.
        let mut k = kpi(
            Direction::Balance,
            Some((2023, "-12.8")),
            Some((2027, "0")),
            &[(2024, "-6.4")],
        );
        assert_eq!(printed(&k), ("50.0".into(), KpiStatus::OnTrack));
        // A positive shortfall (財源不足額) going down to zero works the same way.
        k.baseline = Some(YearValue {
            year: FiscalYear(2023),
            value: fig("20"),
            note: None,
        });
        k.set_actual(FiscalYear(2024), fig("25"), None);
        assert_eq!(printed(&k), ("-25.0".into(), KpiStatus::Worsened));
        k.set_actual(FiscalYear(2024), fig("0"), None);
        assert_eq!(printed(&k), ("100.0".into(), KpiStatus::Achieved));
    }

    #[test]
    fn bounds_met_and_strictness() {
        // 経常収支比率 95.6%以下, baseline 97.0 (outside): 96.3 is half way, not met yet.
        let mut k = kpi(
            Direction::AtMost,
            Some((2023, "97.0")),
            Some((2027, "95.6")),
            &[(2025, "96.3")],
        );
        k.bound = Some(BoundWord::Ika);
        let r = evaluate(&k, None);
        assert_eq!(
            (format_progress(r.progress), r.status, r.met),
            ("50.0".into(), KpiStatus::OnTrack, Some(false))
        );
        // Exactly on an inclusive bound: met.
        k.set_actual(FiscalYear(2025), fig("95.6"), None);
        let r = evaluate(&k, None);
        assert_eq!((r.status, r.met), (KpiStatus::Achieved, Some(true)));
        // 未満 is strict: equal is not met.
        k.bound = Some(BoundWord::Miman);
        let r = evaluate(&k, None);
        assert_eq!(r.met, Some(false));
        assert_eq!(format_progress(r.progress), "100.0");
        // 5億円以上 floor, baseline already above: stays → 100, drops below → worsened.
        let mut k = kpi(
            Direction::AtLeast,
            Some((2023, "6")),
            Some((2027, "5")),
            &[(2024, "5.5")],
        );
        k.bound = Some(BoundWord::Ijo);
        assert_eq!(printed(&k), ("100.0".into(), KpiStatus::Achieved));
        k.set_actual(FiscalYear(2025), fig("4.9"), None);
        assert_eq!(printed(&k), ("0.0".into(), KpiStatus::Worsened));
        // 超 strict floor from below.
        let mut k = kpi(
            Direction::AtLeast,
            Some((2023, "0")),
            Some((2027, "10")),
            &[(2027, "10")],
        );
        k.bound = Some(BoundWord::Cho);
        let r = evaluate(&k, None);
        assert_eq!(r.met, Some(false));
        assert_eq!(format_progress(r.progress), "100.0");
        assert_eq!(r.status, KpiStatus::Achieved);
    }

    #[test]
    fn tbd_qualitative_and_no_data() {
        let k = kpi(
            Direction::Increase,
            Some((2023, "5.3")),
            Some((2027, "調整中")),
            &[(2024, "5.0")],
        );
        assert_eq!(printed(&k), (String::new(), KpiStatus::Tbd));
        let k = kpi(Direction::Qualitative, None, Some((2027, "text")), &[]);
        assert_eq!(printed(&k), (String::new(), KpiStatus::Qualitative));
        let k = kpi(
            Direction::Increase,
            Some((2023, "3.56")),
            Some((2027, "3.70")),
            &[],
        );
        assert_eq!(printed(&k), (String::new(), KpiStatus::NoData));
        // No baseline: only "reached" can be said.
        let k = kpi(
            Direction::Increase,
            None,
            Some((2027, "90")),
            &[(2024, "91")],
        );
        assert_eq!(printed(&k), (String::new(), KpiStatus::Achieved));
        let k = kpi(
            Direction::Increase,
            None,
            Some((2027, "90")),
            &[(2024, "80")],
        );
        assert_eq!(printed(&k), (String::new(), KpiStatus::NoData));
    }

    #[test]
    fn the_chosen_year_limits_the_actuals() {
        let k = kpi(
            Direction::Increase,
            Some((2021, "0")),
            Some((2025, "100")),
            &[(2022, "10"), (2024, "90")],
        );
        let early = evaluate(&k, Some(FiscalYear(2023)));
        assert_eq!(early.latest.map(|a| a.year), Some(FiscalYear(2022)));
        assert_eq!(format_progress(early.progress), "10.0");
        // 10% at a quarter of the period → behind.
        assert_eq!(early.status, KpiStatus::Behind);
        let before = evaluate(&k, Some(FiscalYear(2021)));
        assert_eq!(before.status, KpiStatus::NoData);
        let late = evaluate(&k, None);
        assert_eq!(late.status, KpiStatus::OnTrack);
    }

    #[test]
    fn elapsed_share_is_linear_and_clamped() {
        let share = |b, t, at| elapsed_share(FiscalYear(b), FiscalYear(t), FiscalYear(at));
        assert_eq!(share(2023, 2027, 2023), dec("0"));
        assert_eq!(share(2023, 2027, 2024), dec("25"));
        assert_eq!(share(2023, 2027, 2030), dec("100"));
        assert_eq!(share(2023, 2027, 2020), dec("0"));
        assert_eq!(share(2023, 2023, 2023), dec("100"));
        // 1/3 of the period: progress of 33.3 is just behind, the exact third is on track.
        let k = kpi(
            Direction::Increase,
            Some((2021, "0")),
            Some((2024, "3")),
            &[(2022, "0.999")],
        );
        assert_eq!(printed(&k), ("33.3".into(), KpiStatus::Behind));
        let k = kpi(
            Direction::Increase,
            Some((2021, "0")),
            Some((2024, "3")),
            &[(2022, "1")],
        );
        assert_eq!(printed(&k).1, KpiStatus::OnTrack);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_progress(dec("0.05")).to_string(), "0.1");
        assert_eq!(round_progress(dec("-0.05")).to_string(), "-0.1");
        assert_eq!(round_progress(dec("-0.04")).to_string(), "0.0");
        assert_eq!(round_progress(dec("12.25")).to_string(), "12.3");
        assert_eq!(round_progress(dec("100")).to_string(), "100.0");
        assert_eq!(format_progress(None), "");
    }

    fn with_path(mut k: Indicator, path: &[(u16, &str)]) -> Indicator {
        for (year, value) in path {
            k.set_planned(FiscalYear(*year), fig(value), None);
        }
        k
    }

    #[test]
    fn the_planned_path_decides_on_track() {
        // Baseline 100 (FY2020), target 200 (FY2024): the linear share at FY2022 is 50%.
        // An actual of 140 is 40% of the way: behind on the linear share…
        let linear = kpi(
            Direction::Increase,
            Some((2020, "100")),
            Some((2024, "200")),
            &[(2022, "140")],
        );
        assert_eq!(printed(&linear), ("40.0".into(), KpiStatus::Behind));
        // …but on track against a plan that only asked for 130 in FY2022.
        let planned = with_path(
            linear.clone(),
            &[(2021, "110"), (2022, "130"), (2024, "200")],
        );
        let result = evaluate(&planned, None);
        assert_eq!(result.status, KpiStatus::OnTrack);
        assert_eq!(result.expected, Some(dec("30")));
        // A year with no planned value falls back to the linear share.
        let gap = with_path(linear, &[(2021, "110")]);
        assert_eq!(evaluate(&gap, None).status, KpiStatus::Behind);
    }

    #[test]
    fn a_path_without_a_target_ends_at_its_last_value() {
        // 職員数 309 (基準) planned down to 275; 280 in FY2008 against 290 planned.
        let k = with_path(
            kpi(
                Direction::Decrease,
                Some((2004, "309")),
                None,
                &[(2008, "280")],
            ),
            &[(2005, "305"), (2008, "290"), (2010, "275")],
        );
        let result = evaluate(&k, None);
        assert_eq!(result.status, KpiStatus::OnTrack);
        // (280 − 309) / (275 − 309) = 85.29…%
        assert_eq!(format_progress(result.progress), "85.3");
        // No baseline: the actual is compared with the plan of its year.
        let mut no_base = k.clone();
        no_base.baseline = None;
        assert_eq!(evaluate(&no_base, None).status, KpiStatus::OnTrack);
        no_base.set_actual(FiscalYear(2008), fig("295"), None);
        assert_eq!(evaluate(&no_base, None).status, KpiStatus::Behind);
    }

    #[test]
    fn the_one_line_summary_shows_the_path() {
        let k = with_path(
            kpi(
                Direction::Decrease,
                Some((2004, "309")),
                None,
                &[(2008, "280")],
            ),
            &[(2005, "305"), (2010, "275")],
        );
        let line = indicator_line(&k, crate::model::Language::En);
        assert!(
            line.contains("planned 305 (FY2005) … 275 (FY2010)"),
            "{line}"
        );
    }

    #[test]
    fn an_unstated_direction_is_not_judged() {
        let k = kpi(
            Direction::Unstated,
            Some((2020, "100")),
            Some((2024, "200")),
            &[(2022, "300")],
        );
        let result = evaluate(&k, None);
        assert_eq!(result.status, KpiStatus::NeedsDirection);
        assert_eq!(result.progress, None);
    }
}
