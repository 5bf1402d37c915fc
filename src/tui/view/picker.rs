//! The filtered pickers of meeting mode (speaker, meeting list): the query on top, then the
//! entries it lets through, the current choice marked ●, the Alt+digit keys beside the
//! first ten speakers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::tui::app::App;
use crate::tui::dialog::{Picker, PickerPurpose};
use crate::tui::popup::centered;
use crate::tui::theme::Theme;

/// The widest the picker gets; narrower terminals get all of their width.
const WIDTH: u16 = 76;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme, picker: &Picker) {
    let lang = app.core.lang;
    let shown = picker.shown();
    // Query box (3) + list borders (2) + the entries, within the body.
    let wanted = u16::try_from(picker.entries.len().max(1) + 5).unwrap_or(u16::MAX);
    let popup = centered(area, WIDTH, wanted);
    frame.render_widget(Clear, popup);
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(popup);
    let title = match &picker.purpose {
        PickerPurpose::Speaker { .. } => lang.pick(
            "発言者を選ぶ — 名前・肩書・役職・所属・読みで絞り込み",
            "Choose the speaker — type a name, label, role, department",
        ),
        PickerPurpose::Meeting => lang.pick(
            "会議を開く — 日付・名称で絞り込み",
            "Open a meeting — type a date or title",
        ),
    };
    frame.render_widget(
        Paragraph::new(format!("> {}▏", clean(&picker.query))).block(block(title.into(), theme)),
        input,
    );
    let key_width = picker
        .entries
        .iter()
        .filter_map(|e| e.key.as_ref())
        .map(|k| k.chars().count() + 1)
        .max()
        .unwrap_or(0);
    // Inside the borders: the mark (2) and the key column, then label and detail; a long
    // label is cut so that the detail (status, department) stays in view.
    let inner = usize::from(list.width.saturating_sub(2));
    let items: Vec<ListItem> = shown
        .iter()
        .map(|entry| {
            let mark = if entry.current { "● " } else { "  " };
            let key = entry.key.as_deref().unwrap_or("");
            let detail = format!("  {}", clean(&entry.detail));
            let room = inner
                .saturating_sub(2 + key_width)
                .saturating_sub(crate::text::width(&detail));
            ListItem::new(Line::from(vec![
                Span::raw(mark),
                Span::styled(crate::text::pad(key, key_width), theme.key()),
                Span::raw(crate::text::truncate(&clean(&entry.label), room.max(8))),
                Span::styled(detail, theme.dim()),
            ]))
        })
        .collect();
    let count = match lang {
        crate::model::Language::Ja => format!(
            "{}/{} 件  Enter 決定  Esc 取消",
            shown.len(),
            picker.entries.len()
        ),
        crate::model::Language::En => format!(
            "{}/{}  Enter choose  Esc cancel",
            shown.len(),
            picker.entries.len()
        ),
    };
    let empty = shown.is_empty();
    let mut state = ListState::default().with_selected((!empty).then_some(picker.selected));
    if empty {
        frame.render_widget(
            Paragraph::new(lang.pick("該当なし", "Nothing matches")).block(block(count, theme)),
            list,
        );
        return;
    }
    frame.render_stateful_widget(
        List::new(items)
            .block(block(count, theme))
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
}
