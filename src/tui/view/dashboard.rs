//! The dashboard: where the plan stands this fiscal year, at a glance.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, clean};
use crate::model::Plan;
use crate::tui::app::App;
use crate::tui::progress;
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(plan) = app.plan() else {
        frame.render_widget(
            Paragraph::new(app.lang.pick("プランがありません", "No plans")),
            area,
        );
        return;
    };
    let statuses: Vec<&str> = app
        .settings()
        .map(|s| s.statuses.iter().map(|d| d.id.as_str()).collect())
        .unwrap_or_default();
    let level_rows = plan.levels.len().max(1);
    let has_tallies = plan.tallies.iter().any(|t| t.year == app.year);
    let table_height = u16::try_from(level_rows + usize::from(has_tallies) + 3).unwrap_or(8);
    let [header, counts, kpis] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(table_height),
        Constraint::Min(3),
    ])
    .areas(area);

    header_lines(app, plan, frame, header, theme);
    status_counts(
        app,
        plan,
        &statuses,
        level_rows,
        has_tallies,
        frame,
        counts,
        theme,
    );
    indicator_gauges(app, frame, kpis, theme);
}

/// Plan, period, cycle and phase, and what is pending.
fn header_lines(app: &App, plan: &Plan, frame: &mut Frame, header: Rect, theme: Theme) {
    let lang = app.lang;
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
    let open_comments: usize = app
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
        .sum();
    let uncommitted = app
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
            Span::raw(format!(
                "{}: {uncommitted}",
                lang.pick("未コミットの変更", "Uncommitted changes")
            )),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), header);
}

/// Node counts by status per level for the chosen year (the seeds' 108 / 29 / 137 table).
#[allow(clippy::too_many_arguments)] // plain drawing inputs, computed once by draw()
fn status_counts(
    app: &App,
    plan: &Plan,
    statuses: &[&str],
    level_rows: usize,
    has_tallies: bool,
    frame: &mut Frame,
    counts: Rect,
    theme: Theme,
) {
    let lang = app.lang;
    let flat = plan.flatten();
    let mut rows = Vec::new();
    for depth in 0..level_rows {
        let nodes: Vec<_> = flat.iter().filter(|f| f.depth == depth).collect();
        let name = plan.level(depth).map_or(String::new(), |l| clean(&l.name));
        let mut cells = vec![Cell::from(name)];
        for status in statuses {
            let n = nodes
                .iter()
                .filter(|f| f.node.status(app.year).is_some_and(|e| e.status == *status))
                .count();
            cells.push(Cell::from(n.to_string()));
        }
        let unset = nodes
            .iter()
            .filter(|f| f.node.status(app.year).is_none())
            .count();
        cells.push(Cell::from(unset.to_string()));
        cells.push(Cell::from(nodes.len().to_string()));
        rows.push(Row::new(cells));
    }
    if has_tallies {
        let mut cells = vec![Cell::from(lang.pick("集計（別添）", "Tally (annex)"))];
        let mut total = 0u32;
        for status in statuses {
            let n: u32 = plan
                .tallies
                .iter()
                .filter(|t| t.year == app.year && t.status == *status)
                .map(|t| t.count)
                .sum();
            total += n;
            cells.push(Cell::from(n.to_string()));
        }
        cells.push(Cell::from("—"));
        cells.push(Cell::from(total.to_string()));
        rows.push(Row::new(cells));
    }
    let mut header_cells = vec![Cell::from(lang.pick("階層", "Level"))];
    header_cells.extend(
        statuses
            .iter()
            .map(|s| Cell::from(clean(app.status_label(s)))),
    );
    header_cells.push(Cell::from(lang.pick("未設定", "Unset")));
    header_cells.push(Cell::from(lang.pick("合計", "Total")));
    let mut widths = vec![Constraint::Length(14)];
    widths.extend(statuses.iter().map(|s| {
        Constraint::Length(
            u16::try_from(crate::text::width(app.status_label(s)).max(4) + 1).unwrap_or(8),
        )
    }));
    widths.extend([Constraint::Length(7), Constraint::Length(6)]);
    let title = format!(
        "{} — {}",
        lang.pick("進捗状況", "Progress by status"),
        lang.year(app.year)
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
    let lang = app.lang;
    let indicators = app.kpi_rows();
    let mut lines = Vec::new();
    // Name, gauge and the figure share the row: the status word must stay visible at 80
    // columns, so the name gets what the gauge and figure leave.
    let inner = usize::from(kpis.width.saturating_sub(2));
    let gauge_width = if theme.presenter { 30 } else { 20 }.min(inner / 4);
    let name_width = inner.saturating_sub(gauge_width + 22).clamp(10, 44);
    for (depth, indicator) in &indicators {
        let evaluation = progress::evaluate(indicator, app.year, app.lang);
        let name = crate::text::pad(
            &format!("{}{}", "  ".repeat(*depth), clean(&indicator.name)),
            name_width,
        );
        let mut spans = vec![Span::raw(name), Span::raw(" ")];
        spans.extend(progress::gauge_spans(&evaluation, gauge_width, theme));
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
