//! The indicator table, and for the selected indicator a chart of the plan (the yearly planned
//! path, or baseline → target) against the actuals by year, with the parts of a group.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table, TableState};

use super::columns::Column;
use super::{block, clean};
use crate::model::{Indicator, YearValue};
use crate::tui::app::App;
use crate::tui::progress;
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    // The table takes the rows it has (up to 55 %), the chart the rest.
    let row_height = if theme.presenter { 2 } else { 1 };
    let wanted = u16::try_from(app.kpi_rows().len() * row_height + 3).unwrap_or(u16::MAX);
    let [table_area, detail_area] = Layout::vertical([
        Constraint::Length(wanted.min(area.height * 55 / 100).max(4)),
        Constraint::Min(0),
    ])
    .areas(area);
    table(app, frame, table_area, theme);
    if let Some(indicator) = app.selected_indicator() {
        detail(app, indicator, frame, detail_area, theme);
    }
}

fn year_value(app: &App, indicator: &Indicator, value: Option<&YearValue>) -> String {
    value.map_or(String::new(), |v| {
        format!(
            "{}{} ({})",
            v.value.grouped(),
            clean(&indicator.unit),
            app.core.lang.year_short(v.year)
        )
    })
}

/// The cells of one indicator row: name (indented by depth), unit, baseline, latest
/// actual, target, progress, status.
fn row_texts(app: &App, depth: usize, indicator: &Indicator) -> [String; 7] {
    let lang = app.core.lang;
    let evaluation = progress::evaluate(indicator, app.core.year, app.core.lang);
    // With no target of its own, the planned path's end is the target progress uses.
    let target = match (&indicator.target, indicator.planned.last()) {
        (Some(t), _) => format!(
            "{} ({})",
            clean(&indicator.target_label_in(lang)),
            lang.year_short(t.year)
        ),
        (None, Some(end)) => year_value(app, indicator, Some(end)),
        (None, None) => String::new(),
    };
    [
        format!("{}{}", "  ".repeat(depth), clean(&indicator.name)),
        clean(&indicator.unit),
        indicator
            .baseline_label_in(lang)
            .map_or_else(String::new, |(label, year)| {
                format!("{} ({})", clean(&label), lang.year_short(year))
            }),
        year_value(app, indicator, indicator.latest_actual(Some(app.core.year))),
        target,
        evaluation.label,
        evaluation.status,
    ]
}

fn table(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let indicators = app.kpi_rows();
    let texts: Vec<[String; 7]> = indicators
        .iter()
        .map(|(depth, indicator)| row_texts(app, *depth, indicator))
        .collect();
    let header = [
        lang.pick("指標", "Indicator"),
        lang.pick("単位", "Unit"),
        lang.pick("基準値", "Baseline"),
        lang.pick("最新実績", "Latest"),
        lang.pick("目標値", "Target"),
        lang.pick("進捗", "Progress"),
        lang.pick("状況", "Status"),
    ];
    let natural = |index: usize| {
        Column::natural_of(
            std::iter::once(header[index]).chain(texts.iter().map(|row| row[index].as_str())),
        )
    };
    // Dropped first → last when the width runs out: the unit (every figure carries it),
    // the progress percentage (the status word says the same), the baseline, the status,
    // the target. The name and the latest actual always stay; a figure is never cut.
    let columns = [
        Column::flex(natural(0)),
        Column::fixed(natural(1), 6),
        Column::fixed(natural(2), 4),
        Column::fixed(natural(3), 0),
        Column::fixed(natural(4), 2),
        Column::fixed(natural(5), 5),
        Column::fixed(natural(6), 3),
    ];
    let inner = usize::from(area.width.saturating_sub(2));
    let widths = super::columns::fit(&columns, inner, 1, 16);
    let shown: Vec<usize> = (0..columns.len())
        .filter(|index| widths[*index].is_some())
        .collect();
    let rows: Vec<Row> = indicators
        .iter()
        .zip(&texts)
        .map(|((_, indicator), row)| {
            let evaluation = progress::evaluate(indicator, app.core.year, app.core.lang);
            let flag_style = match evaluation.good {
                Some(true) => theme.good(),
                Some(false) => theme.bad(),
                None => theme.dim(),
            };
            let cells = shown.iter().map(|index| {
                let text = row[*index].clone();
                match *index {
                    0 => Cell::from(crate::text::truncate(&text, widths[0].unwrap_or(0))),
                    6 => Cell::from(Span::styled(text, flag_style)),
                    _ => Cell::from(text),
                }
            });
            Row::new(cells.collect::<Vec<_>>()).height(if theme.presenter { 2 } else { 1 })
        })
        .collect();
    let header =
        Row::new(shown.iter().map(|index| header[*index]).collect::<Vec<_>>()).style(theme.dim());
    let constraints: Vec<Constraint> = shown
        .iter()
        .filter_map(|index| widths[*index])
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)))
        .collect();
    let title = format!(
        "{} — {}",
        lang.pick("検証指標", "Indicators"),
        lang.year(app.core.year)
    );
    let count = indicators.len();
    let mut state = TableState::default().with_selected((count > 0).then_some(app.kpi.cursor));
    frame.render_stateful_widget(
        Table::new(rows, constraints)
            .header(header)
            .block(block(title, theme))
            .row_highlight_style(theme.selected()),
        area,
        &mut state,
    );
}

fn detail(app: &App, indicator: &Indicator, frame: &mut Frame, area: Rect, theme: Theme) {
    let has_parts = !indicator.parts.is_empty();
    let [chart_area, side] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let title = clean(&indicator.name);

    chart(app, indicator, frame, chart_area, theme, &title);
    actuals_pane(app, indicator, frame, side, theme, has_parts);
}

/// The recorded reasons for revising an item (indicator or node), one line each: why the
/// target is what it is has to be readable where the target is.
pub(super) fn revision_lines(app: &App, item: &str) -> Vec<Line<'static>> {
    let lang = app.core.lang;
    let Some(plan) = app.core.plan() else {
        return Vec::new();
    };
    plan.revisions
        .iter()
        .filter(|r| r.item == item)
        .map(|r| {
            Line::raw(format!(
                "{} {}: {}",
                lang.pick("改定", "Revised"),
                lang.year_short(r.year),
                clean(&r.reason)
            ))
        })
        .collect()
}

fn actuals_pane(
    app: &App,
    indicator: &Indicator,
    frame: &mut Frame,
    side: Rect,
    theme: Theme,
    has_parts: bool,
) {
    let lang = app.core.lang;
    let mut lines = Vec::new();
    let unit = clean(&indicator.unit);
    // The planned value (計画値) of a year stands beside its actual.
    let planned = |year| {
        indicator.planned_for(year).map_or(String::new(), |p| {
            format!(
                "  {} {}{unit}",
                lang.pick("計画", "plan"),
                p.value.grouped()
            )
        })
    };
    for actual in &indicator.actuals {
        let note = match (&actual.note, theme.presenter) {
            (Some(note), false) => format!("  {}", clean(note)),
            _ => String::new(),
        };
        lines.push(Line::raw(format!(
            "{}: {}{unit}{}{note}",
            lang.year_short(actual.year),
            actual.value.grouped(),
            planned(actual.year)
        )));
    }
    for path in indicator
        .planned
        .iter()
        .filter(|p| indicator.actual(p.year).is_none())
    {
        lines.push(Line::styled(
            format!("{}: —{}", lang.year_short(path.year), planned(path.year)),
            theme.dim(),
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            lang.pick("実績値なし（a で入力）", "No actuals yet (a to enter)"),
            theme.dim(),
        ));
    }
    if has_parts {
        lines.push(Line::raw(""));
        for part in &indicator.parts {
            lines.push(Line::raw(format!(
                "◇ {}",
                crate::report::kpi::indicator_line(part, lang)
            )));
        }
    }
    if let Some(note) = indicator.note.as_ref().filter(|_| !theme.presenter) {
        lines.push(Line::styled(clean(note), theme.dim()));
    }
    lines.extend(revision_lines(app, &indicator.id));
    // The keys are the operator's: the projector window shows the figures alone.
    if !app.audience {
        // Two short lines, so a narrow pane never breaks a key from what it does.
        lines.push(Line::styled(
            format!(
                "a {}  n {}  x {}",
                lang.pick("入力", "enter"),
                lang.pick("備考", "note"),
                lang.pick("削除", "delete"),
            ),
            Style::new(),
        ));
        lines.push(Line::styled(
            format!("[ ] {}", lang.pick("年度", "year")),
            Style::new(),
        ));
    }
    let title = lang.pick("実績値", "Actuals").to_string();
    frame.render_widget(
        Paragraph::new(super::wrap::lines(
            lines,
            usize::from(side.width.saturating_sub(2)),
            2,
        ))
        .block(block(title, theme)),
        side,
    );
}

/// Baseline → target as a straight line, actuals as a line of points.
fn chart(
    app: &App,
    indicator: &Indicator,
    frame: &mut Frame,
    chart_area: Rect,
    theme: Theme,
    title: &str,
) {
    let lang = app.core.lang;
    // Baseline → target as a straight line, actuals as a line of points.
    let baseline = indicator
        .baseline
        .as_ref()
        .map(|b| (f64::from(b.year.0), b.value.to_f64()));
    let target = indicator
        .target
        .as_ref()
        .and_then(|t| t.figure().map(|f| (f64::from(t.year.0), f.to_f64())));
    // The plan: the yearly planned path when the plan prints one, else baseline → target.
    let path = indicator
        .planned
        .iter()
        .map(|p| (f64::from(p.year.0), p.value.to_f64()));
    let plan_line: Vec<(f64, f64)> = if indicator.planned.is_empty() {
        baseline.into_iter().chain(target).collect()
    } else {
        let last = indicator
            .planned
            .last()
            .map_or(0.0, |p| f64::from(p.year.0));
        baseline
            .into_iter()
            .filter(|b| {
                indicator
                    .planned
                    .first()
                    .is_some_and(|p| f64::from(p.year.0) > b.0)
            })
            .chain(path)
            .chain(target.filter(|t| t.0 > last))
            .collect()
    };
    let actuals: Vec<(f64, f64)> = indicator
        .actuals
        .iter()
        .map(|a| (f64::from(a.year.0), a.value.to_f64()))
        .collect();
    let period = app
        .plan()
        .map(|p| (f64::from(p.period.from.0), f64::from(p.period.to.0)));
    let xs = plan_line
        .iter()
        .chain(&actuals)
        .map(|p| p.0)
        .chain(period.into_iter().flat_map(|(a, b)| [a, b]));
    let ys = plan_line.iter().chain(&actuals).map(|p| p.1);
    let (x_min, x_max) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let (x_min, x_max) = if x_min.is_finite() {
        (x_min - 0.3, x_max + 0.3)
    } else {
        (0.0, 1.0)
    };
    let (y_min, y_max) = bounds(ys, 0.1);
    let datasets = vec![
        Dataset::default()
            .name(lang.pick("計画", "plan"))
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&plan_line),
        Dataset::default()
            .name(lang.pick("実績", "actual"))
            .marker(if theme.presenter {
                Marker::Block
            } else {
                Marker::Dot
            })
            .graph_type(GraphType::Line)
            .style(theme.gauge())
            .data(&actuals),
    ];
    let label = |v: f64| Span::raw(format!("{v:.1}"));
    let year_label = |v: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let year = crate::model::FiscalYear(v.round().clamp(0.0, f64::from(u16::MAX)) as u16);
        Span::raw(lang.year_short(year))
    };
    let chart = Chart::new(datasets)
        .block(super::fitted_block(title, chart_area, theme))
        .x_axis(
            Axis::default()
                .bounds([x_min, x_max])
                .labels(vec![year_label(x_min + 0.3), year_label(x_max - 0.3)])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([y_min, y_max])
                .labels(vec![label(y_min), label(y_max)])
                .style(theme.dim()),
        );
    frame.render_widget(chart, chart_area);
}

/// Axis bounds with a margin; a single value gets a visible range around it.
fn bounds(values: impl Iterator<Item = f64>, margin_share: f64) -> (f64, f64) {
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !min.is_finite() {
        return (0.0, 1.0);
    }
    let span = (max - min).abs();
    let pad = if span == 0.0 {
        min.abs().max(1.0) * margin_share
    } else {
        span * margin_share.min(0.1)
    };
    (min - pad, max + pad)
}
