//! Meeting mode's link dialogs: the node picker (query, then "no link" and the matching
//! plan items by number and title) and the titles of the material / page / agenda inputs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::tui::app::App;
use crate::tui::dialog::{LinkField, LinkTarget, NodePicker};
use crate::tui::popup::centered;
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme, picker: &NodePicker) {
    let lang = app.core.lang;
    let popup = centered(area, 72, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(popup);
    let title = match &picker.target {
        LinkTarget::Next => lang
            .pick(
                "次の発言の項目（番号・名称で絞込み）",
                "Plan item of the next statement (number or title)",
            )
            .to_string(),
        LinkTarget::Statement(id) => format!(
            "{} {} {}",
            lang.pick("発言", "Relink statement"),
            clean(id),
            lang.pick("のリンク変更", "(number or title)")
        ),
    };
    frame.render_widget(
        Paragraph::new(format!("> {}▏", clean(&picker.query))).block(block(title, theme)),
        input,
    );
    let shown = picker.shown();
    let none = ListItem::new(Line::styled(
        lang.pick("（リンクなし）", "(no link)"),
        theme.dim(),
    ));
    let items: Vec<ListItem> = std::iter::once(none)
        .chain(shown.iter().map(|&i| {
            let option = &picker.options[i];
            let mark = if picker.current.as_ref() == Some(&option.link) {
                "● "
            } else {
                "  "
            };
            ListItem::new(Line::from(vec![
                Span::raw(format!("{mark}{}", "  ".repeat(option.depth))),
                Span::styled(clean(&option.number), theme.key()),
                Span::raw(format!(" {}", clean(&option.title))),
            ]))
        }))
        .collect();
    let footer = format!(
        "{} {}",
        shown.len(),
        lang.pick(
            "件 — ↑↓ 選択 / Enter 決定 / Esc 取消",
            "found — ↑↓ choose / Enter link / Esc cancel"
        )
    );
    let mut state = ListState::default().with_selected(Some(picker.selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block(footer, theme))
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
}

/// The link choice in a few characters, for the editor's title line: `→ 1-2 【資料1】P3 (1)`,
/// with 「固定」 when pinned; `None` when nothing is chosen.
pub fn summary(
    app: &App,
    meeting: &crate::model::Meeting,
    links: &crate::store::journal::LinkChoice,
) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(link) = &links.node {
        let number = app
            .core
            .workspace
            .plan(&link.plan)
            .and_then(|plan| {
                plan.flatten()
                    .into_iter()
                    .find(|f| f.node.id == link.node)
                    .map(|f| f.number)
            })
            .unwrap_or_else(|| link.node.clone());
        parts.push(clean(&number));
    }
    if let Some(material) = &links.material {
        let page = links
            .page
            .as_ref()
            .map_or(String::new(), |p| format!("P{}", clean(p)));
        parts.push(format!("【{}】{page}", clean(material)));
    }
    if let Some(agenda) = links.agenda.as_deref().and_then(|id| {
        meeting
            .agenda_items()
            .into_iter()
            .find(|a| a.id == id)
            .map(|a| {
                if a.number.is_empty() {
                    crate::text::truncate(&clean(&a.title), 8)
                } else {
                    clean(&a.number)
                }
            })
    }) {
        parts.push(agenda);
    }
    if parts.is_empty() {
        return None;
    }
    let lang = app.core.lang;
    let pinned = if links.pinned {
        lang.pick(" 固定", " pinned")
    } else {
        ""
    };
    Some(format!("→ {}{pinned}", parts.join(" ")))
}

/// The title of the material, page or agenda input.
pub fn input_title(app: &App, field: LinkField) -> String {
    let lang = app.core.lang;
    match field {
        LinkField::Material => lang.pick(
            "次の発言の資料（資料1・1・名称、空で解除）",
            "Material of the next statement (資料1, 1 or title; empty clears)",
        ),
        LinkField::Page => lang.pick(
            "資料のページ（3・3-4、空で解除）",
            "Page of the material (3 or 3-4; empty clears)",
        ),
        LinkField::Agenda => lang.pick(
            "次の発言の議題（番号・名称、空で解除）",
            "Agenda item of the next statement (number or title; empty clears)",
        ),
    }
    .to_string()
}
