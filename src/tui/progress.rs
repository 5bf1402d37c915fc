//! KPI progress as the TUI shows it: a gauge capped at 100 % with the overshoot marked, and
//! 「調整中」 instead of a number for TBD targets. The numbers come from the one progress
//! definition in `report`; this module only draws.

use ratatui::text::Span;

use super::theme::Theme;
use crate::model::{FiscalYear, Indicator, Language};

/// What the gauge shows for one indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Unclamped progress in percent (for the gauge only; figures are printed from
    /// `label`), `None` when there is no number to show.
    pub percent: Option<f64>,
    /// Printed progress, e.g. `-29.8%`, or 「調整中」.
    pub label: String,
    /// The status word (`achieved`, `on_track` …).
    pub status: String,
    pub good: Option<bool>,
}

/// Evaluates an indicator at a fiscal year with the one progress definition
/// ([`crate::report::kpi::evaluate`]).
pub fn evaluate(indicator: &Indicator, year: FiscalYear, lang: Language) -> Evaluation {
    use crate::report::kpi::{self, KpiStatus};
    use rust_decimal::prelude::ToPrimitive;
    let result = kpi::evaluate(indicator, Some(year));
    let (ja, en) = result.status.labels();
    let label = match result.status {
        // A group heading has no target of its own: nothing to show, not 調整中.
        KpiStatus::Tbd if indicator.target.is_none() => "—".to_string(),
        KpiStatus::Tbd => lang.pick("調整中", "TBD").to_string(),
        _ => result.progress.map_or_else(
            || "—".to_string(),
            |p| format!("{}%", kpi::format_progress(Some(p))),
        ),
    };
    let good = match result.status {
        KpiStatus::Achieved | KpiStatus::OnTrack => Some(true),
        KpiStatus::Behind | KpiStatus::Worsened => Some(false),
        KpiStatus::Tbd | KpiStatus::NoData | KpiStatus::Qualitative | KpiStatus::NeedsDirection => {
            None
        }
    };
    Evaluation {
        percent: result.progress.and_then(|p| p.to_f64()),
        label,
        status: if result.status == KpiStatus::Tbd && indicator.target.is_none() {
            String::new()
        } else {
            lang.pick(ja, en).to_string()
        },
        good,
    }
}

/// A text gauge: `[██████░░░░] 62.5% on_track`.
pub fn gauge_spans(evaluation: &Evaluation, width: usize, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(percent) = evaluation.percent {
        let shown = percent.clamp(0.0, 100.0);
        let cells = u32::try_from(width).unwrap_or(u32::MAX);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=width after clamp
        let filled = ((shown / 100.0) * f64::from(cells)).round() as usize;
        let filled = filled.min(width);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(width - filled));
        spans.push(Span::styled(bar, theme.gauge()));
        if percent > 100.0 {
            spans.push(Span::styled("▶", theme.good()));
        } else {
            spans.push(Span::raw(" "));
        }
    } else {
        spans.push(Span::styled(" ".repeat(width + 1), theme.dim()));
    }
    let style = match evaluation.good {
        Some(true) => theme.good(),
        Some(false) => theme.bad(),
        None => theme.dim(),
    };
    // Measured in display columns: 「調整中」 is three characters but six columns.
    spans.push(Span::styled(
        format!(
            " {} {}",
            crate::text::pad_left(&evaluation.label, LABEL_WIDTH),
            evaluation.status
        ),
        style,
    ));
    spans
}

/// Columns of the progress figure (`-29.8%`, `100.0%`, 「調整中」), right-aligned.
const LABEL_WIDTH: usize = 7;

/// Columns [`gauge_spans`] needs after the gauge for the widest of these evaluations: the
/// figure, the status word and the spaces between.
pub fn gauge_tail_width(evaluations: &[Evaluation]) -> usize {
    let status = evaluations
        .iter()
        .map(|e| crate::text::width(&e.status))
        .max()
        .unwrap_or(0);
    2 + LABEL_WIDTH + status
}
