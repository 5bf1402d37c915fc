//! Drawing. Views borrow the [`App`] and never mutate it; every text that came from a file
//! goes through the sanitiser before it becomes a span.

mod audience;
mod columns;
mod dashboard;
mod header_form;
mod history;
mod item_history;
mod kpi;
mod link_picker;
mod meeting;
mod overlay;
mod picker;
mod review;
mod tree;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, SaveState, Screen};
use super::theme::Theme;
/// Text from files, made safe for one line: the inline form of the one sanitiser
/// (`model::sanitize`), which every output of kaikaku goes through.
pub use crate::model::sanitize_inline as clean;

/// Below this size the screens cannot be laid out; a message is shown instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn theme(app: &App) -> Theme {
    Theme::new(app.presenter, app.color)
}

/// Draws the whole frame.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = theme(app);
    frame.render_widget(Block::new().style(theme.base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if app.audience {
        audience::tab_bar(app, frame, tabs, theme);
    } else {
        tab_bar(app, frame, tabs, theme);
    }
    match app.screen {
        Screen::Dashboard => dashboard::draw(app, frame, body, theme),
        Screen::Tree => tree::draw(app, frame, body, theme),
        Screen::Kpi => kpi::draw(app, frame, body, theme),
        Screen::Meeting => meeting::draw(app, frame, body, theme),
        Screen::History => history::draw(app, frame, body, theme),
        Screen::Review => review::draw(app, frame, body, theme),
    }
    // One item's history covers the screen it was asked from (dialogs go over it).
    if let Some(shown) = &app.item_history.shown {
        item_history::draw(app, shown, frame, body, theme);
    }
    if app.audience {
        audience::status_bar(app, frame, status, theme);
    } else {
        status_bar(app, frame, status, theme);
    }
    overlay::draw(app, frame, body, theme);
    repair_wide_overlaps(frame.buffer_mut());
}

/// Blanks a wide character whose second cell was drawn over (a dialog's left border next to
/// CJK text). Left alone, the terminal diff skips the covered cell and the character hides
/// the border.
fn repair_wide_overlaps(buffer: &mut ratatui::buffer::Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            let covered = buffer[(x, y)].symbol().width() > 1
                && !buffer[(x + 1, y)].symbol().trim().is_empty();
            if covered {
                buffer[(x, y)].set_symbol(" ");
            }
        }
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "{} ({}×{} < {MIN_WIDTH}×{MIN_HEIGHT})",
        app.core
            .lang
            .pick("端末が小さすぎます", "Terminal too small"),
        area.width,
        area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center),
        area,
    );
}

/// The tabs, the plan's title and the help key on one line. When they do not fit, the tab
/// labels shorten first (the chosen screen keeps its full name), then the title is cut with
/// `…`, and it is left out only when not even a few characters of it would fit — so 80
/// columns show 「市役所改革プラン2027（…」, never a lone 「市」.
/// The fewest columns the plan title is worth showing in.
const TITLE_MIN: usize = 12;
/// Columns of the plan title the tab labels shorten for (「市役所改革プラン2027（…」).
const TITLE_READABLE: usize = 20;

fn tab_bar(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let tabs = [
        (
            Screen::Dashboard,
            "1",
            lang.pick("ダッシュボード", "Dashboard"),
            lang.pick("概要", "Home"),
        ),
        (
            Screen::Tree,
            "2",
            lang.pick("プラン体系", "Plan tree"),
            lang.pick("体系", "Tree"),
        ),
        (
            Screen::Kpi,
            "3",
            lang.pick("検証指標", "KPIs"),
            lang.pick("指標", "KPIs"),
        ),
        (
            Screen::Meeting,
            "4",
            lang.pick("会議", "Meeting"),
            lang.pick("会議", "Meet"),
        ),
        (
            Screen::History,
            "5",
            lang.pick("履歴", "History"),
            lang.pick("履歴", "Hist"),
        ),
        (
            Screen::Review,
            "6",
            lang.pick("確認事項", "Review"),
            lang.pick("確認", "Rev"),
        ),
    ];
    let width = usize::from(area.width);
    let help = format!("  ? {}", lang.pick("ヘルプ", "help"));
    let title = app
        .plan()
        .map(|plan| clean(&plan.title))
        .unwrap_or_default();
    // 0: every label in full; 1: the other screens' labels short; 2: all short.
    let labels = |level: u8| -> Vec<(Screen, String)> {
        tabs.iter()
            .map(|(screen, key, long, brief)| {
                let short = level == 2 || (level == 1 && app.screen != *screen);
                let label = if short { brief } else { long };
                (*screen, format!(" {key} {label} "))
            })
            .collect()
    };
    let tabs_width = |tabs: &[(Screen, String)]| {
        tabs.iter()
            .map(|(_, t)| crate::text::width(t) + 1)
            .sum::<usize>()
    };
    let title_width = crate::text::width(&title);
    let full = labels(0);
    let tabs = if tabs_width(&full) + title_width + crate::text::width(&help) <= width {
        full
    } else {
        // The first shortening that leaves the title a readable part of itself.
        let wanted = title_width.min(TITLE_READABLE) + 2;
        let one = labels(1);
        if tabs_width(&one) + wanted <= width {
            one
        } else {
            labels(2)
        }
    };
    let mut spans = Vec::new();
    for (screen, label) in &tabs {
        let style = if app.screen == *screen {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(label.clone(), style));
        spans.push(Span::raw(" "));
    }
    let left = width.saturating_sub(tabs_width(&tabs));
    // The help key keeps its word only when the whole title fits beside it.
    let help = if left >= crate::text::width(&help) + crate::text::width(&title) {
        help
    } else {
        " ?".to_string()
    };
    let room = left.saturating_sub(crate::text::width(&help));
    if !title.is_empty() && room >= TITLE_MIN.min(crate::text::width(&title)) {
        spans.push(Span::styled(
            crate::text::truncate(&title, room),
            theme.title(),
        ));
    }
    spans.push(Span::styled(help, theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn status_bar(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let mut left = Vec::new();
    // First, so that a long workspace path never pushes it out of an 80-column line. While
    // loading, the preview is read-only only for the moment: the progress says why.
    if let Some(loading) = crate::tui::loading::status_text(app) {
        let style = if app.core.load.is_loading() {
            theme.warn()
        } else {
            theme.bad()
        };
        left.push(Span::styled(format!(" {loading} │"), style));
    }
    // A sync running in the background: said until it is done (the message line is not,
    // since the next key clears it).
    if let Some(busy) = &app.core.busy {
        left.push(Span::styled(format!(" {} │", clean(busy)), theme.warn()));
    }
    // An item's history being read, likewise (it never holds up writes or quitting).
    if let Some(reading) = app.item_history.status_text(lang) {
        left.push(Span::styled(
            format!(" {} │", clean(&reading)),
            theme.warn(),
        ));
    }
    left.push(Span::styled(
        format!(" {} ", clean(&app.core.workspace.origin)),
        theme.dim(),
    ));
    let plan_id = app.plan().map(|plan| {
        left.push(Span::raw(format!("│ {} ", plan.id)));
        left.len() - 1
    });
    left.push(Span::styled(
        format!("│ {} ", lang.year(app.core.year)),
        theme.title(),
    ));
    if let Some(cycle) = app.settings().and_then(|s| s.cycle) {
        let phase = match lang {
            crate::model::Language::Ja => cycle.phase.label_ja(),
            crate::model::Language::En => cycle.phase.title(),
        };
        left.push(Span::raw(format!(
            "│ {} {phase} ",
            lang.year_short(cycle.year)
        )));
    }
    match &app.core.save_state {
        SaveState::Saved => left.push(Span::styled(
            format!("│ {} ", lang.pick("保存済", "saved")),
            theme.good(),
        )),
        SaveState::NotSaved(_) => left.push(Span::styled(
            format!("│ {} ", lang.pick("未保存", "NOT SAVED")),
            theme.bad(),
        )),
    }
    if app.core.workspace.is_read_only() && !app.core.load.is_loading() {
        left.push(Span::styled(
            format!("│ {} ", lang.pick("読取専用", "READ-ONLY")),
            theme.warn(),
        ));
    }
    if let Some(problems) = app.core.problems.as_ref().filter(|p| !p.is_empty()) {
        left.push(Span::styled(
            format!(
                "│ {} ",
                match lang {
                    crate::model::Language::Ja =>
                        format!("問題 {} 件（kaikaku check）", problems.len()),
                    crate::model::Language::En =>
                        format!("{} problem(s) (kaikaku check)", problems.len()),
                }
            ),
            theme.bad(),
        ));
    }
    if app.presenter {
        left.push(Span::styled("│ ▣ ".to_string(), theme.dim()));
    }
    // A part that does not fit whole is left out, never cut (`│ FY202`); the message,
    // free text and last, may be cut.
    let mut room = usize::from(area.width);
    left.retain(|span| {
        let width = crate::text::width(&span.content);
        let fits = width <= room;
        if fits {
            room -= width;
        }
        fits
    });
    if let Some(message) = &app.core.message {
        left.push(Span::styled(format!("│ {}", clean(message)), theme.warn()));
        // The message is what the user has to read now; the plan's id is the part least
        // needed (the tab bar names the plan): it makes room when the line is too long.
        let wide: usize = left.iter().map(|s| crate::text::width(&s.content)).sum();
        if let Some(index) = plan_id.filter(|_| wide > usize::from(area.width)) {
            left.remove(index);
        }
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.base()), area);
}

/// What a screen that needs the whole workspace shows while only the preview is there: the
/// progress (or the failure), never empty data that would look real.
pub fn not_loaded(app: &App, frame: &mut Frame, area: Rect, theme: Theme, title: &str) {
    let lang = app.core.lang;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            crate::tui::loading::status_text(app).unwrap_or_default(),
            theme.warn(),
        ),
    ];
    lines.push(Line::raw(""));
    lines.push(Line::raw(match &app.core.load {
        crate::tui::app::LoadState::Failed(reason) => clean(reason.get(lang)),
        _ => lang
            .pick(
                "この画面は会議の記録を使います。読み込みが終わると表示します",
                "This screen needs the minutes; it opens once they are loaded",
            )
            .to_string(),
    }));
    let held = app
        .held
        .iter()
        .filter(|h| matches!(h, crate::tui::loading::Held::Event(_)))
        .count();
    if held > 0 {
        lines.push(Line::raw(match lang {
            crate::model::Language::Ja => {
                format!("入力 {held} 件を保持しています。会議が開くと反映されます")
            }
            crate::model::Language::En => {
                format!("{held} key(s) held; they go in when the meeting opens")
            }
        }));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(block(title.to_string(), theme)),
        area,
    );
}

/// A bordered block with a title.
pub fn block(title: String, theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .style(theme.base())
}

/// A bordered block over `area` whose title, if longer than the border, ends with `…`
/// instead of being cut mid-word (a long indicator name over its chart, a dialog naming
/// an item).
pub fn fitted_block(title: &str, area: Rect, theme: Theme) -> Block<'static> {
    block(
        crate::text::truncate(title, usize::from(area.width.saturating_sub(2))),
        theme,
    )
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Clear, Widget};

    #[test]
    fn a_popup_over_half_a_wide_character_leaves_no_half_behind() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "調整中", ratatui::style::Style::new());
        // A popup whose right edge falls on the first half of 「整」 (columns 2–3).
        Clear.render(Rect::new(0, 0, 3, 1), &mut buffer);
        buffer[(2, 0)].set_symbol("│");
        super::repair_wide_overlaps(&mut buffer);
        let symbols: Vec<&str> = buffer
            .content
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        assert_eq!(symbols, vec![" ", " ", "│", " ", "中", " "]);
    }

    #[test]
    fn a_border_over_the_second_half_blanks_the_first() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "改革", ratatui::style::Style::new());
        buffer[(1, 0)].set_symbol("│");
        super::repair_wide_overlaps(&mut buffer);
        let symbols: Vec<&str> = buffer
            .content
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        assert_eq!(symbols, vec![" ", "│", "革", " "]);
    }

    /// A title longer than its border ends with `…` inside the corners; one that fits is
    /// left alone.
    #[test]
    fn a_fitted_block_shortens_its_title_with_an_ellipsis() {
        let theme = crate::tui::theme::Theme::new(false, true);
        let area = Rect::new(0, 0, 12, 3);
        let mut buffer = Buffer::empty(area);
        super::fitted_block("市政に関する必要な情報", area, theme).render(area, &mut buffer);
        // The continuation cells of wide characters hold a blank: left out.
        let top: String = (0..12)
            .map(|x| buffer[(x, 0)].symbol().to_string())
            .filter(|s| s != " ")
            .collect();
        // 10 columns inside the corners: four wide characters and the ellipsis.
        assert!(top.starts_with("┌市"), "{top}");
        assert!(top.contains("関…"), "{top}");
        assert!(!top.contains('す') && !top.contains('情'), "{top}");
        assert_eq!(buffer[(11, 0)].symbol(), "┐");
        let mut buffer = Buffer::empty(area);
        super::fitted_block("実績値", area, theme).render(area, &mut buffer);
        let top: String = (0..12)
            .map(|x| buffer[(x, 0)].symbol().to_string())
            .filter(|s| s != " ")
            .collect();
        assert!(top.starts_with("┌実績値─"), "{top}");
        assert!(!top.contains('…'), "{top}");
    }
}
