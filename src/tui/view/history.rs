//! The history screen: commits (cycle, phase, author, date, subject) and, for the selected
//! one, what changed in domain terms — figures, statuses, nodes, statements, responses.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

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
    let items = commit_rows(
        app,
        view,
        usize::from(list_area.width.saturating_sub(2)),
        theme,
    );
    let mut title = format!("{} ({})", lang.pick("履歴", "History"), view.commits.len());
    // The keys are the operator's; the projector shows the history alone.
    if !app.audience {
        title.push_str(&format!(
            "  w {}  c {}  S {}",
            lang.pick("前回会議以降", "since last meeting"),
            lang.pick("フェーズを閉じる", "close phase"),
            lang.pick("同期", "sync")
        ));
    }
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

/// The commit list's rows in `width` columns: id, cycle and phase, date, author, subject,
/// one column apart. When the width runs out, whole columns go (the author first, then the
/// cycle, then the date) and the subject, which takes what is left, ends with `…`: no
/// column runs into the next one.
fn commit_rows(
    app: &App,
    view: &crate::tui::screen::history::HistoryView,
    width: usize,
    theme: Theme,
) -> Vec<ListItem<'static>> {
    use super::columns::{Column, fit, list_rows};
    let lang = app.core.lang;
    let cells: Vec<[String; 5]> = view
        .commits
        .iter()
        .map(|commit| {
            // The cycle in the reader's words (R6 実行, FY2024 Do); as recorded when it is
            // not one kaikaku wrote.
            let cycle = match crate::history::subject::phase_of(commit) {
                Some((year, phase)) => format!(
                    "{} {}",
                    lang.year_short(year),
                    lang.pick(phase.label_ja(), phase.title())
                ),
                None => format!(
                    "{} {}",
                    commit.cycle.as_deref().map_or(String::new(), clean),
                    commit.phase.as_deref().map_or(String::new(), clean)
                ),
            };
            [
                commit.short.get(..7).unwrap_or(&commit.short).to_string(),
                cycle.trim().to_string(),
                commit.date.get(..10).unwrap_or(&commit.date).to_string(),
                clean(&commit.author),
                clean(&crate::history::subject::subject(commit, app.core.lang)),
            ]
        })
        .collect();
    let natural = |index: usize| Column::natural_of(cells.iter().map(|c| c[index].as_str()));
    // An author's name is cut at 16 columns rather than push the subject out.
    let columns = [
        Column::fixed(natural(0), 0),
        Column::fixed(natural(1), 2),
        Column::fixed(natural(2), 1),
        Column::fixed(natural(3).min(16), 3),
        Column::flex(natural(4)),
    ];
    let widths = fit(&columns, width, 1, 24);
    let styles = [
        theme.dim(),
        theme.title(),
        ratatui::style::Style::new(),
        theme.dim(),
        ratatui::style::Style::new(),
    ];
    list_rows(&cells, &widths, styles)
}

/// The sync conflict dialog: each item with what this side and the remote did, the side
/// chosen so far, and the keys. Wide, since the values are what the user decides on.
pub fn conflicts_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    dialog: &crate::tui::dialog::Conflicts,
) {
    use crate::history::resolve::Side;
    let lang = app.core.lang;
    let width = area.width.saturating_sub(4).clamp(1, 110);
    // Three lines per item; the keys (which may wrap once) and a note below.
    let wanted = dialog.items.len() * 3 + 5;
    let height = u16::try_from(wanted)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2))
        .max(3);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: width.min(area.width),
        height: height.min(area.height),
    };
    frame.render_widget(ratatui::widgets::Clear, popup);
    let title = format!(
        "{} — {}",
        lang.pick("同期の競合", "Sync conflicts"),
        clean(&dialog.remote)
    );
    let [list_area, keys_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(block_inner(popup));
    frame.render_widget(block(title, theme), popup);
    let (here, remote) = (lang.pick("こちら", "here"), lang.pick("相手側", "remote"));
    let items: Vec<ListItem> = dialog
        .items
        .iter()
        .zip(&dialog.sides)
        .map(|(item, side)| {
            let (mark, style) = match side {
                Some(Side::Theirs) => (lang.pick("[相手側を採用]", "[take remote]"), theme.good()),
                Some(Side::Ours) => (lang.pick("[こちらを維持]", "[keep here]"), theme.good()),
                None => (lang.pick("[未選択]", "[undecided]"), theme.warn()),
            };
            ListItem::new(vec![
                Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::styled(clean(&item.item), theme.title()),
                ]),
                Line::raw(format!("    {here}: {}", clean(&item.here))),
                Line::raw(format!("    {remote}: {}", clean(&item.remote))),
            ])
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(dialog.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected()),
        list_area,
        &mut state,
    );
    let keys = lang.pick(
        "t 相手側 / o こちら（選択中の項目）  T / O すべて  Enter 同期を完了  Esc 中止（何も変わりません）",
        "t remote / o here (this item)  T / O all  Enter complete the sync  Esc leave (nothing changes)",
    );
    let mut lines = vec![Line::styled(keys, theme.dim())];
    if let Some(note) = &dialog.note {
        lines.push(Line::styled(clean(note), theme.warn()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), keys_area);
}

/// The inside of a bordered block.
fn block_inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}
