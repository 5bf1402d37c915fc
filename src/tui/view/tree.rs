//! The plan tree with a detail pane for the selected node.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::model::{Language, sanitize};
use crate::tui::Command;
use crate::tui::app::{App, Filter};
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let rows = app.tree_rows();
    let inner = usize::from(left.width.saturating_sub(2));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| {
            let marker = match (row.has_children, row.expanded) {
                (false, _) => "  ",
                (true, true) => "▾ ",
                (true, false) => "▸ ",
            };
            let status = row.node.status(app.core.year).map_or(String::new(), |e| {
                format!("  [{}]", clean(app.status_label(&e.status)))
            });
            let (retired, gone) = retired_marker(app.core.lang, app.core.year, row.retired);
            let prefix = format!(
                "{}{marker}{} {retired}",
                "  ".repeat(row.depth),
                clean(&row.number)
            );
            // A title longer than the pane ends with …, and the status after it stays.
            let room =
                inner.saturating_sub(crate::text::width(&prefix) + crate::text::width(&status));
            let text = format!(
                "{prefix}{}{status}",
                crate::text::truncate(&clean(&row.node.title), room)
            );
            // Past its last year an item stays listed (its history is intact), dimmed.
            let mut lines = vec![if gone {
                Line::styled(text, theme.dim())
            } else {
                Line::raw(text)
            }];
            if theme.presenter {
                lines.push(Line::raw(""));
            }
            ListItem::new(lines)
        })
        .collect();
    let filter = match &app.tree.filter {
        Some(Filter::Department(d)) => format!(
            " — {}: {}",
            app.core.lang.pick("所管", "dept"),
            clean(app.department_label(d))
        ),
        Some(Filter::Status(s)) => format!(
            " — {}: {}",
            app.core.lang.pick("状況", "status"),
            clean(app.status_label(s))
        ),
        Some(Filter::NoStatus) => format!(
            " — {}: {}",
            app.core.lang.pick("状況", "status"),
            app.core.lang.pick("未設定", "no status")
        ),
        None => String::new(),
    };
    let title = format!(
        "{} ({}){filter}",
        app.core.lang.pick("プラン体系", "Plan tree"),
        rows.len()
    );
    if rows.is_empty() && app.tree.filter.is_some() {
        empty_filter(app, frame, left, title, theme);
        detail(app, frame, right, theme);
        return;
    }
    let mut state =
        ListState::default().with_selected((!rows.is_empty()).then_some(app.tree.cursor));
    frame.render_stateful_widget(
        List::new(items)
            .block(block(title, theme))
            .highlight_style(theme.selected()),
        left,
        &mut state,
    );
    detail(app, frame, right, theme);
}

/// The marker of a retired item in the list, and whether the shown year is past its last
/// year (the row is then dimmed): 〔廃止〕 after it, 〔R6まで〕 in the years it still runs;
/// before the title, so a long title cannot push it out of the pane.
pub fn retired_marker(
    lang: Language,
    year: crate::model::FiscalYear,
    retired: Option<crate::model::FiscalYear>,
) -> (String, bool) {
    match retired {
        None => (String::new(), false),
        Some(last) if year > last => (lang.pick("〔廃止〕", "[retired] ").into(), true),
        Some(last) => (
            match lang {
                Language::Ja => format!("〔{}まで〕", lang.year_short(last)),
                Language::En => format!("[until {}] ", lang.year_short(last)),
            },
            false,
        ),
    }
}

/// A filter that matches nothing says so, for which year, and how to leave it (with the key
/// the keymap in effect gives `clear filter`), instead of an empty box.
fn empty_filter(app: &App, frame: &mut Frame, area: Rect, title: String, theme: Theme) {
    let lang = app.core.lang;
    let key = app
        .keymap
        .help_rows()
        .into_iter()
        .find(|(_, command)| *command == Command::ClearFilter)
        .and_then(|(keys, _)| keys.split(' ').next().map(key_label))
        .unwrap_or_else(|| "F".to_string());
    let year = lang.year(app.core.year);
    let lines = vec![
        Line::raw(""),
        Line::raw(match lang {
            Language::Ja => format!("{year}に該当する項目はありません"),
            Language::En => format!("No item matches this filter in {year}."),
        }),
        Line::raw(""),
        Line::styled(
            match lang {
                Language::Ja => format!("{key} でフィルタを解除します"),
                Language::En => format!("Press {key} to clear the filter,"),
            },
            theme.dim(),
        ),
        Line::styled(
            lang.pick("[ ] で年度を変えられます", "[ ] to change the year."),
            theme.dim(),
        ),
    ];
    frame.render_widget(
        Paragraph::new(super::wrap::lines(
            lines,
            usize::from(area.width.saturating_sub(2)),
            0,
        ))
        .block(block(title, theme)),
        area,
    );
}

/// A key as the README and the user write it: `shift-f` is `F`; other names stay.
fn key_label(name: &str) -> String {
    match name.strip_prefix("shift-") {
        Some(letter) if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_lowercase()) => {
            letter.to_ascii_uppercase()
        }
        _ => clean(name),
    }
}

fn detail(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let rows = app.tree_rows();
    let Some(row) = rows.get(app.tree.cursor) else {
        frame.render_widget(block(lang.pick("詳細", "Detail").into(), theme), area);
        return;
    };
    let node = row.node;
    let plan = app.plan();
    let level = plan
        .and_then(|p| p.level(row.depth))
        .map_or(String::new(), |l| match lang {
            Language::Ja => clean(&l.name),
            Language::En => clean(l.label(Language::En)),
        });
    let mut lines = vec![
        Line::from(vec![Span::styled(
            format!("{} {}", clean(&row.number), clean(&node.title)),
            theme.title(),
        )]),
        Line::styled(level, theme.dim()),
    ];
    let names = |ids: &[String]| {
        ids.iter()
            .map(|d| clean(app.department_label(d)))
            .collect::<Vec<_>>()
            // 「総務局・財政局」 in Japanese; English names read as a list.
            .join(lang.pick("・", ", "))
    };
    if !node.lead.is_empty() {
        lines.push(Line::raw(format!(
            "{}: {}",
            lang.pick("所管局", "Lead"),
            names(&node.lead)
        )));
    }
    if !node.related.is_empty() {
        lines.push(Line::raw(format!(
            "{}: {}",
            lang.pick("関係局", "Related"),
            names(&node.related)
        )));
    }
    if !node.description.is_empty() {
        lines.push(Line::raw(""));
        for line in sanitize(&node.description).lines() {
            lines.push(Line::raw(line.to_string()));
        }
    }
    if let Some(last) = node.retired {
        lines.push(Line::styled(
            format!(
                "{} {}",
                lang.pick("廃止: 最終年度", "Retired after"),
                lang.year(last)
            ),
            theme.bad(),
        ));
    } else if let Some(last) = row.retired {
        lines.push(Line::styled(
            format!(
                "{} {}",
                lang.pick(
                    "上位項目とともに廃止: 最終年度",
                    "Retired with the item above after"
                ),
                lang.year(last)
            ),
            theme.bad(),
        ));
    }
    lines.extend(super::kpi::revision_lines(app, &node.id));
    push_history(app, node, &mut lines, theme);
    let comments = node_comments(app, &node.id);
    if app.core.load.is_loading() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            lang.pick(
                "委員会での意見: 会議の記録を読み込み中…",
                "Committee comments: loading the minutes…",
            ),
            theme.dim(),
        ));
    } else if !comments.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            lang.pick("委員会での意見", "Committee comments"),
            theme.title(),
        ));
        lines.extend(comments.into_iter().map(Line::raw));
    }
    let title = lang.pick("詳細", "Detail").to_string();
    frame.render_widget(
        Paragraph::new(super::wrap::lines(
            lines,
            usize::from(area.width.saturating_sub(2)),
            0,
        ))
        .block(block(title, theme)),
        area,
    );
}

/// Statements from any meeting that reference this node, one line each.
fn node_comments(app: &App, node_id: &str) -> Vec<String> {
    app.core
        .workspace
        .meetings
        .iter()
        .flat_map(|m| {
            m.value
                .statements
                .iter()
                .filter(|s| s.nodes.iter().any(|l| l.node == node_id))
                .map(move |s| {
                    let speaker = m
                        .value
                        .attendee(&s.speaker)
                        .map_or(s.speaker.as_str(), |a| a.name.as_str());
                    format!(
                        "  [{}] {}: {}",
                        m.value.date,
                        clean(speaker),
                        clean(&s.text)
                    )
                })
        })
        .collect()
}

/// Status history by year and the indicators attached to the node.
fn push_history(
    app: &App,
    node: &crate::model::Node,
    lines: &mut Vec<Line<'static>>,
    theme: Theme,
) {
    let lang = app.core.lang;
    if !node.statuses.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            lang.pick("進捗状況", "Status by year"),
            theme.title(),
        ));
        for entry in &node.statuses {
            // Notes are the secretariat's working notes: not for the projector.
            let remark = match (&entry.note, theme.presenter) {
                (Some(text), false) => format!(" — {}", clean(text)),
                _ => String::new(),
            };
            lines.push(Line::raw(format!(
                "  {}: {}{remark}",
                lang.year(entry.year),
                clean(app.status_label(&entry.status))
            )));
        }
    }
    if !node.indicators.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            lang.pick("検証指標", "Indicators"),
            theme.title(),
        ));
        for indicator in &node.indicators {
            lines.push(Line::raw(format!(
                "  ◆ {}",
                crate::report::kpi::indicator_line(indicator, lang)
            )));
            for part in &indicator.parts {
                lines.push(Line::raw(format!(
                    "    ◇ {}",
                    crate::report::kpi::indicator_line(part, lang)
                )));
            }
        }
    }
}
