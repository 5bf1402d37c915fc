//! The dashboard: where the plan stands this fiscal year, at a glance.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, clean};
use crate::model::Plan;
use crate::report::progress::ProgressReport;
use crate::tui::app::App;
use crate::tui::progress;
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(plan) = app.plan() else {
        frame.render_widget(
            Paragraph::new(app.core.lang.pick("プランがありません", "No plans")),
            area,
        );
        return;
    };
    // The same counts as `kaikaku report progress`: one definition, tallies included.
    let report = crate::report::progress::progress_report(plan, app.settings(), app.core.year);
    let table_height = u16::try_from(report.levels.len().max(1) + 3).unwrap_or(8);
    let [header, counts, kpis] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(table_height),
        Constraint::Min(3),
    ])
    .areas(area);

    header_lines(app, plan, frame, header, theme);
    status_counts(app, &report, frame, counts, theme);
    indicator_gauges(app, frame, kpis, theme);
}

/// Plan, period, cycle and phase, and what is pending.
fn header_lines(app: &App, plan: &Plan, frame: &mut Frame, header: Rect, theme: Theme) {
    let lang = app.core.lang;
    let cycle = app
        .settings()
        .and_then(|s| s.cycle)
        .map_or_else(String::new, |c| {
            let phase = match lang {
                crate::model::Language::Ja => {
                    format!("{}（{}）", c.phase.title(), c.phase.label_ja())
                }
                crate::model::Language::En => c.phase.title().to_string(),
            };
            format!(
                "{} {} {phase}",
                lang.pick("現在のサイクル", "Current cycle"),
                lang.year(c.year)
            )
        });
    // Counted from the minutes, which a preview has not loaded yet.
    let open_comments = match &app.core.load {
        crate::tui::app::LoadState::Loading(_) => "…".to_string(),
        crate::tui::app::LoadState::Failed(_) => "—".to_string(),
        crate::tui::app::LoadState::Complete => app
            .core
            .workspace
            .meetings
            .iter()
            .map(|m| {
                m.value
                    .statements
                    .iter()
                    .filter(|s| s.needs_response)
                    .count()
            })
            .sum::<usize>()
            .to_string(),
    };
    let uncommitted = app
        .core
        .uncommitted
        .map_or_else(|| "—".to_string(), |n| n.to_string());
    let lines = vec![
        Line::from(vec![
            Span::styled(clean(&plan.title), theme.title()),
            Span::raw(format!(
                "  {}  {}–{}",
                clean(&plan.organisation),
                lang.year(plan.period.from),
                lang.year(plan.period.to)
            )),
        ]),
        Line::from(cycle),
        Line::from(vec![
            Span::raw(format!(
                "{}: {open_comments}  ",
                lang.pick("対応を要する意見", "Comments awaiting a response")
            )),
            // The secretariat's working state, not for the projector.
            Span::raw(if app.audience {
                String::new()
            } else {
                format!(
                    "{}: {uncommitted}",
                    lang.pick("未コミットの変更", "Uncommitted changes")
                )
            }),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), header);
}

/// Node counts by status per level for the chosen year (the seeds' 108 / 29 / 137 table).
fn status_counts(
    app: &App,
    report: &ProgressReport,
    frame: &mut Frame,
    counts: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let rows: Vec<Row> = report
        .levels
        .iter()
        .map(|level| {
            let mut cells = vec![Cell::from(clean(level.level(lang)))];
            cells.extend(level.counts.iter().map(|n| Cell::from(n.to_string())));
            cells.push(Cell::from(level.no_status.to_string()));
            cells.push(Cell::from(level.total.to_string()));
            Row::new(cells)
        })
        .collect();
    let mut header_cells = vec![Cell::from(lang.pick("階層", "Level"))];
    header_cells.extend(
        report
            .columns
            .iter()
            .map(|c| Cell::from(clean(c.label(lang)))),
    );
    header_cells.push(Cell::from(lang.pick("未設定", "Unset")));
    header_cells.push(Cell::from(lang.pick("合計", "Total")));
    // The widest level name fits (English names such as "Initiative item" are long).
    let level_width = report
        .levels
        .iter()
        .map(|row| crate::text::width(row.level(lang)) + 1)
        .max()
        .unwrap_or(0)
        .max(14);
    let mut widths = vec![Constraint::Length(u16::try_from(level_width).unwrap_or(14))];
    widths.extend(report.columns.iter().map(|c| {
        Constraint::Length(u16::try_from(crate::text::width(c.label(lang)).max(4) + 1).unwrap_or(8))
    }));
    widths.extend([Constraint::Length(7), Constraint::Length(6)]);
    let title = format!(
        "{} — {}",
        lang.pick("進捗状況", "Progress by status"),
        lang.year(app.core.year)
    );
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header_cells).style(theme.dim()))
            .block(block(title, theme)),
        counts,
    );
}

/// Indicators with a progress gauge each.
fn indicator_gauges(app: &App, frame: &mut Frame, kpis: Rect, theme: Theme) {
    let lang = app.core.lang;
    let indicators = app.kpi_rows();
    let mut lines = Vec::new();
    // Name, gauge and the figure share the row: the status word must stay visible at 80
    // columns, so the name gets what the gauge and figure leave.
    // The figure and the status word take what their widest row needs, the gauge a
    // quarter at most; the name gets everything else (a long 検証指標 name is read whole
    // on a wide terminal, not cut at a fixed width with the right half empty).
    let inner = usize::from(kpis.width.saturating_sub(2));
    let gauge_width = if theme.presenter { 30 } else { 20 }.min(inner / 4);
    let evaluations: Vec<progress::Evaluation> = indicators
        .iter()
        .map(|(_, indicator)| progress::evaluate(indicator, app.core.year, lang))
        .collect();
    let tail = progress::gauge_tail_width(&evaluations);
    let name_width = inner.saturating_sub(gauge_width + 2 + tail).max(10);
    for ((depth, indicator), evaluation) in indicators.iter().zip(&evaluations) {
        let name = crate::text::pad(
            &format!("{}{}", "  ".repeat(*depth), clean(&indicator.name)),
            name_width,
        );
        let mut spans = vec![Span::raw(name), Span::raw(" ")];
        spans.extend(progress::gauge_spans(evaluation, gauge_width, theme));
        lines.push(Line::from(spans));
        if theme.presenter {
            lines.push(Line::raw(""));
        }
    }
    let title = format!(
        "{} ({})",
        lang.pick("検証指標の進捗", "Indicator progress"),
        indicators.len()
    );
    frame.render_widget(Paragraph::new(lines).block(block(title, theme)), kpis);
}
