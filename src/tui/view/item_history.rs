//! The history of one item, drawn over the whole body: the item's kind, id and title at the
//! top, the commits that changed it (newest first), and the selected commit's changes to
//! it in domain terms. Every text here was sanitised by the state
//! (`screen::item_history`); the item's title is cut with `…` to the border.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::model::Language;
use crate::tui::app::App;
use crate::tui::screen::item_history::{EntryRow, ItemHistoryView, Reading};
use crate::tui::theme::Theme;

pub fn draw(app: &App, view: &ItemHistoryView, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    frame.render_widget(Clear, area);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let id = view.item.id().map(clean).unwrap_or_default();
    let mut title = format!(
        "{} {id} {}",
        view.kind(lang),
        lang.pick("の履歴", "history")
    );
    if view.reading == Reading::Done {
        title.push_str(&format!(" ({})", view.entries.len()));
    }
    title.push_str(&format!("  {}", view.title));
    let keys = lang.pick("  Esc 戻る", "  Esc back");
    let room = usize::from(list_area.width.saturating_sub(2));
    // The keys stay; the item's title gives way to them.
    let title = format!(
        "{}{keys}",
        crate::text::truncate(&title, room.saturating_sub(crate::text::width(keys)))
    );
    let block_title = block(title, theme);
    let message = |text: String, style| {
        Paragraph::new(super::wrap::lines(vec![Line::styled(text, style)], room, 0))
    };
    match &view.reading {
        Reading::Running => {
            frame.render_widget(
                message(
                    lang.pick("履歴を読み込み中…", "Reading the history…")
                        .into(),
                    theme.warn(),
                )
                .block(block_title),
                list_area,
            );
        }
        Reading::Failed(why) => {
            frame.render_widget(
                message(why.clone(), theme.bad()).block(block_title),
                list_area,
            );
        }
        Reading::Done if view.entries.is_empty() => {
            frame.render_widget(
                message(
                    lang.pick("該当する変更はありません", "no changes to that item")
                        .into(),
                    theme.dim(),
                )
                .block(block_title),
                list_area,
            );
        }
        Reading::Done => {
            let mut state = ListState::default().with_selected(Some(view.selected));
            frame.render_stateful_widget(
                List::new(commit_rows(&view.entries, room, theme))
                    .block(block_title)
                    .highlight_style(theme.selected()),
                list_area,
                &mut state,
            );
        }
    }
    detail(lang, view, frame, detail_area, theme);
}

/// The selected commit's changes to the item, from `detail_scroll` on, wrapped.
fn detail(lang: Language, view: &ItemHistoryView, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = usize::from(area.width.saturating_sub(2));
    let Some(row) = view.current() else {
        frame.render_widget(
            Paragraph::new("").block(block(lang.pick("変更", "Changes").into(), theme)),
            area,
        );
        return;
    };
    let mut heading = format!("{} {}", row.short, row.subject);
    // Scrolled: say where the pane stands, and that PgUp/PgDn move it.
    if view.detail_scroll > 0 {
        heading = format!(
            "{heading}  [{}/{} PgUp/PgDn]",
            view.detail_scroll + 1,
            row.changes.len()
        );
    }
    let lines: Vec<Line> = row
        .changes
        .iter()
        .skip(view.detail_scroll)
        .map(|c| Line::raw(format!("• {c}")))
        .collect();
    frame.render_widget(
        Paragraph::new(super::wrap::lines(lines, width, 2))
            .block(block(crate::text::truncate(&heading, width), theme)),
        area,
    );
}

/// The list's rows in `width` columns: id, date, author, subject, one column apart. When
/// the width runs out, whole columns go (the author first, then the date) and the subject,
/// which takes what is left, ends with `…` — as on the History screen.
fn commit_rows(entries: &[EntryRow], width: usize, theme: Theme) -> Vec<ListItem<'static>> {
    use super::columns::{Column, fit, list_rows};
    let cells: Vec<[&str; 4]> = entries
        .iter()
        .map(|e| [e.short.as_str(), &e.date, &e.author, &e.subject])
        .collect();
    let natural = |index: usize| Column::natural_of(cells.iter().map(|c| c[index]));
    // An author's name is cut at 16 columns rather than push the subject out.
    let columns = [
        Column::fixed(natural(0), 0),
        Column::fixed(natural(1), 1),
        Column::fixed(natural(2).min(16), 2),
        Column::flex(natural(3)),
    ];
    let widths = fit(&columns, width, 1, 24);
    let styles = [
        theme.dim(),
        ratatui::style::Style::new(),
        theme.dim(),
        ratatui::style::Style::new(),
    ];
    list_rows(&cells, &widths, styles)
}
