//! The review queue: what the secretariat must do before the next meeting — comments
//! awaiting a response, comments answered since the last meeting, and indicators missing
//! this fiscal year's actual. Enter on a comment sets its response (see `tui::screen::review`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{block, clean};
use crate::model::Language;
use crate::model::response::ResponseStatus;
use crate::report::review::{CommentItem, ReviewQueue};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// Below this width the policy column is left out: the comment text needs the room.
const WIDE: u16 = 120;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    if !app.core.load.is_complete() {
        // Without the minutes and responses the queue would look empty: nothing to do.
        let title = app.core.lang.pick("確認事項", "Review queue");
        super::not_loaded(app, frame, area, theme, title);
        return;
    }
    // The queue of the last update; a frame drawn before any update computes its own.
    let fresh;
    let queue = if let Some(queue) = &app.review.queue {
        queue
    } else {
        fresh = app.review_queue();
        &fresh
    };
    let answered_height = u16::try_from(queue.answered.len().clamp(1, 4) + 3).unwrap_or(7);
    let [header, awaiting, answered, missing] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(3),
        Constraint::Length(answered_height),
        Constraint::Fill(2),
    ])
    .areas(area);
    header_line(app, queue, frame, header, theme);
    let awaiting_title = format!(
        "{} ({})",
        app.core.lang.pick(
            "対応待ちの意見（未対応・検討中）",
            "Comments awaiting a response"
        ),
        queue.awaiting.len()
    );
    let cursor = app.review.cursor;
    let awaiting_selected = (cursor < queue.awaiting.len()).then_some(cursor);
    comment_table(
        app,
        &queue.awaiting,
        awaiting_title,
        awaiting_selected,
        frame,
        awaiting,
        theme,
    );
    let answered_title = format!(
        "{} ({})",
        app.core.lang.pick(
            "前回会議以降に対応した意見",
            "Answered since the last meeting"
        ),
        queue.answered.len()
    );
    let answered_selected = cursor.checked_sub(queue.awaiting.len());
    comment_table(
        app,
        &queue.answered,
        answered_title,
        answered_selected,
        frame,
        answered,
        theme,
    );
    missing_table(app, queue, frame, missing, theme);
}

fn header_line(app: &App, queue: &ReviewQueue, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let mut spans = vec![Span::styled(
        format!(
            "{} {}",
            lang.pick("次回会議までの確認事項", "Before the next meeting"),
            lang.year(queue.year)
        ),
        theme.title(),
    )];
    let mut hint = (!app.audience)
        .then(|| format!("  Enter {}", lang.pick("対応を記録", "record a response")));
    if let Some(last) = &queue.last_meeting {
        // The meeting's title takes what the heading and the key leave, ending with … when
        // it must; the key gives way when fewer than 12 columns would be left for it.
        let prefix = format!("  {} {} ", lang.pick("前回会議", "last meeting"), last.date);
        let used = |hint: &Option<String>| {
            crate::text::width(&spans[0].content)
                + crate::text::width(&prefix)
                + hint.as_deref().map_or(0, crate::text::width)
        };
        let width = usize::from(area.width);
        if width.saturating_sub(used(&hint)) < 12 {
            hint = None;
        }
        let room = width.saturating_sub(used(&hint));
        spans.push(Span::raw(format!(
            "{prefix}{}",
            crate::text::truncate(&clean(&last.title), room)
        )));
    }
    if let Some(hint) = hint {
        spans.push(Span::styled(hint, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn status_label(status: ResponseStatus, lang: Language) -> &'static str {
    lang.pick(
        status.label_ja(),
        match status {
            ResponseStatus::Open => "open",
            ResponseStatus::Considering => "considering",
            ResponseStatus::Done => "done",
            ResponseStatus::NotNeeded => "not needed",
        },
    )
}

fn comment_table(
    app: &App,
    comments: &[CommentItem],
    title: String,
    selected: Option<usize>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let wide = area.width >= WIDE;
    let rows: Vec<Row> = comments
        .iter()
        .map(|c| {
            let status_style = match c.status {
                ResponseStatus::Open => theme.bad(),
                ResponseStatus::Considering => theme.warn(),
                ResponseStatus::Done | ResponseStatus::NotNeeded => theme.good(),
            };
            let mut cells = vec![
                Cell::from(clean(&c.statement)),
                Cell::from(clean(&c.speaker)),
                Cell::from(c.meeting_date.format("%Y-%m-%d").to_string()),
                Cell::from(Span::styled(status_label(c.status, lang), status_style)),
                Cell::from(clean(&c.text)),
            ];
            if wide {
                cells.push(Cell::from(clean(&c.policy)));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec![
        lang.pick("発言", "Stmt"),
        lang.pick("発言者", "Speaker"),
        lang.pick("会議日", "Meeting"),
        lang.pick("状況", "Status"),
        lang.pick("意見（抜粋）", "Comment"),
    ];
    let mut widths = vec![
        Constraint::Length(5),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(11),
        Constraint::Fill(3),
    ];
    if wide {
        header.push(lang.pick("対応方針", "Response"));
        widths.push(Constraint::Fill(2));
    }
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(lang.pick("　なし", "  none"), theme.dim()))
                .block(block(title, theme)),
            area,
        );
        return;
    }
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.dim()))
            .block(block(title, theme))
            .row_highlight_style(theme.selected()),
        area,
        &mut state,
    );
}

fn missing_table(app: &App, queue: &ReviewQueue, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let title = match lang {
        Language::Ja => format!(
            "{}の実績値が未入力の指標 ({})",
            lang.year(queue.year),
            queue.missing_actuals.len()
        ),
        Language::En => format!(
            "Indicators missing the {} actual ({})",
            lang.year(queue.year),
            queue.missing_actuals.len()
        ),
    };
    if queue.missing_actuals.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(lang.pick("　なし", "  none"), theme.dim()))
                .block(block(title, theme)),
            area,
        );
        return;
    }
    let rows: Vec<Row> = queue
        .missing_actuals
        .iter()
        .map(|m| {
            let latest = m.latest.map_or_else(
                || "—".to_string(),
                |(year, value)| {
                    format!(
                        "{}{} ({})",
                        value.grouped(),
                        clean(&m.unit),
                        lang.year_short(year)
                    )
                },
            );
            Row::new(vec![
                Cell::from(clean(&m.indicator)),
                Cell::from(clean(&m.name)),
                Cell::from(latest),
            ])
        })
        .collect();
    let header = Row::new(vec![
        lang.pick("指標", "KPI"),
        lang.pick("名称", "Name"),
        lang.pick("直近の実績", "Latest actual"),
    ])
    .style(theme.dim());
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(8),
                Constraint::Fill(1),
                Constraint::Length(18),
            ],
        )
        .header(header)
        .block(block(title, theme)),
        area,
    );
}
