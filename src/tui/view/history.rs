//! The history screen: commits (cycle, phase, author, date, subject) and, for the selected
//! one, what changed in domain terms — figures, statuses, nodes, statements, responses.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let Some(view) = &app.history else {
        frame.render_widget(
            Paragraph::new(lang.pick("履歴がありません", "No history")),
            area,
        );
        return;
    };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let items: Vec<ListItem> = view
        .commits
        .iter()
        .map(|commit| {
            let date = commit.date.get(..10).unwrap_or(&commit.date);
            let cycle = commit.cycle.as_deref().map_or(String::new(), clean);
            let phase = commit.phase.as_deref().map_or(String::new(), clean);
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{} ", commit.short.get(..7).unwrap_or(&commit.short)),
                    theme.dim(),
                ),
                Span::styled(
                    crate::text::pad(&format!("{cycle} {phase}"), 14),
                    theme.title(),
                ),
                Span::raw(format!("{date} ")),
                Span::styled(crate::text::pad(&clean(&commit.author), 14), theme.dim()),
                Span::raw(clean(&commit.subject)),
            ]))
        })
        .collect();
    let title = format!(
        "{} ({})  w {}  c {}",
        lang.pick("履歴", "History"),
        view.commits.len(),
        lang.pick("前回会議以降", "since last meeting"),
        lang.pick("フェーズを閉じる", "close phase")
    );
    let mut state =
        ListState::default().with_selected((!view.commits.is_empty()).then_some(view.selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block(title, theme))
            .highlight_style(theme.selected()),
        list_area,
        &mut state,
    );
    let mut lines: Vec<Line> = view
        .changes
        .iter()
        .skip(view.detail_scroll)
        .map(|c| Line::raw(format!("• {c}")))
        .collect();
    // Scrolled: say where the pane stands, and that PgUp/PgDn move it.
    let heading = if view.detail_scroll > 0 {
        format!(
            "{}  [{}/{} PgUp/PgDn]",
            view.heading,
            view.detail_scroll + 1,
            view.changes.len()
        )
    } else {
        view.heading.clone()
    };
    if lines.is_empty() {
        lines.push(Line::styled(
            lang.pick("データの変更はありません", "No data changes"),
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(super::wrap::lines(
            lines,
            usize::from(detail_area.width.saturating_sub(2)),
            2,
        ))
        .block(block(heading, theme)),
        detail_area,
    );
}
