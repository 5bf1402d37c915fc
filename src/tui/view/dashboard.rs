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
    let columns = count_columns(&report, app.core.lang, usize::from(area.width));
    let table_height =
        u16::try_from(report.levels.len().max(1) + 2 + columns.header_height).unwrap_or(8);
    let [header, counts, kpis] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(table_height),
        Constraint::Min(3),
    ])
    .areas(area);

    header_lines(app, plan, frame, header, theme);
    status_counts(app, &report, &columns, frame, counts, theme);
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

/// The status table's header and column widths. Every column is shown whole: when the
/// one-line headers do not fit (English at 80 columns: "Changed or delayed", "Not
/// started"), each header of several words takes two lines and the columns narrow to them,
/// so no level name, label or count is cut.
struct CountColumns {
    /// Each header's lines (the level column first, then the statuses, 未設定, 合計).
    headers: Vec<Vec<String>>,
    widths: Vec<u16>,
    header_height: usize,
}

/// The table's columns for a box `width` wide (borders included); the table's spacing is
/// one column.
fn count_columns(
    report: &ProgressReport,
    lang: crate::model::Language,
    width: usize,
) -> CountColumns {
    let level_width = report
        .levels
        .iter()
        .map(|row| crate::text::width(row.level(lang)))
        .chain(std::iter::once(crate::text::width(
            lang.pick("階層", "Level"),
        )))
        .max()
        .unwrap_or(0);
    let mut labels: Vec<String> = report
        .columns
        .iter()
        .map(|c| clean(c.label(lang)))
        .collect();
    labels.push(lang.pick("未設定", "Unset").to_string());
    labels.push(lang.pick("合計", "Total").to_string());
    // The widest count (the total) sets the floor of every count column.
    let figures = report
        .levels
        .iter()
        .map(|row| row.total.to_string().len())
        .max()
        .unwrap_or(1);
    let widths_of = |headers: &[Vec<String>]| -> Vec<usize> {
        headers
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .map(|l| crate::text::width(l))
                    .max()
                    .unwrap_or(0)
                    .max(figures)
            })
            .collect()
    };
    let inner = width.saturating_sub(2);
    let fits = |widths: &[usize]| widths.iter().sum::<usize>() + widths.len() - 1 <= inner;
    // One line each, with room to spare where there is room.
    let mut widths = vec![(level_width + 1).max(14)];
    widths.extend(
        report
            .columns
            .iter()
            .map(|c| crate::text::width(c.label(lang)).max(4) + 1),
    );
    widths.extend([7, 6]);
    let mut headers: Vec<Vec<String>> = labels.iter().map(|l| vec![l.clone()]).collect();
    let mut height = 1;
    if !fits(&widths) {
        // Then each column exactly as wide as its widest cell (the spacing separates
        // them), and if that is still too wide, headers on two lines.
        widths = vec![level_width];
        widths.extend(widths_of(&headers));
        if !fits(&widths) {
            headers = labels.iter().map(|l| two_lines(l)).collect();
            height = 2;
            widths = vec![level_width];
            widths.extend(widths_of(&headers));
        }
        // What is left pads each column by one, left first, then the level column.
        let mut left = inner.saturating_sub(widths.iter().sum::<usize>() + widths.len() - 1);
        for width in &mut widths {
            if left == 0 {
                break;
            }
            *width += 1;
            left -= 1;
        }
        widths[0] += left.min(14_usize.saturating_sub(widths[0]));
    }
    let mut all = vec![vec![lang.pick("階層", "Level").to_string()]];
    all.extend(headers);
    CountColumns {
        headers: all,
        widths: widths
            .into_iter()
            .map(|w| u16::try_from(w).unwrap_or(u16::MAX))
            .collect(),
        header_height: height,
    }
}

/// A label on at most two lines, split at the space that makes the wider line narrowest
/// (`Changed or` / `delayed`); a label of one word stays whole.
fn two_lines(label: &str) -> Vec<String> {
    label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(at, _)| (label[..at].trim(), label[at..].trim()))
        // On a tie the later space: the first line the longer (`Changed or` / `delayed`).
        .rev()
        .min_by_key(|(a, b)| crate::text::width(a).max(crate::text::width(b)))
        .map_or_else(
            || vec![label.to_string()],
            |(a, b)| vec![a.to_string(), b.to_string()],
        )
}

/// Node counts by status per level for the chosen year (the seeds' 108 / 29 / 137 table).
fn status_counts(
    app: &App,
    report: &ProgressReport,
    columns: &CountColumns,
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
    let header_cells: Vec<Cell> = columns
        .headers
        .iter()
        .map(|lines| {
            Cell::from(ratatui::text::Text::from(
                lines
                    .iter()
                    .map(|l| Line::raw(l.clone()))
                    .collect::<Vec<_>>(),
            ))
        })
        .collect();
    let widths: Vec<Constraint> = columns
        .widths
        .iter()
        .map(|w| Constraint::Length(*w))
        .collect();
    let title = format!(
        "{} — {}",
        lang.pick("進捗状況", "Progress by status"),
        lang.year(app.core.year)
    );
    let header_height = u16::try_from(columns.header_height).unwrap_or(1);
    frame.render_widget(
        Table::new(rows, widths)
            .header(
                Row::new(header_cells)
                    .height(header_height)
                    .style(theme.dim()),
            )
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
