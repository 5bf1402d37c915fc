//! Dialogs and overlays: help, palette, inputs, choices, the editor and confirmations.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Clear, List, ListItem, ListState, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::{block, clean};
use crate::model::plan_edit::PlanEdit;
use crate::tui::app::App;
use crate::tui::dialog::{
    Choice, ChoicePurpose, Dialog, Editor, EditorPurpose, InputPurpose, LineInput, Palette,
};
use crate::tui::palette;
use crate::tui::popup::centered;
use crate::tui::theme::Theme;

/// Clears a popup's area and one column either side of it: the pane below must not show
/// through beside the border (a lone 「D」 of 「TBD」, half a word) — a popup stands on a
/// blank margin. Wide characters cut by the margin are blanked whole by the view's
/// `repair_wide_overlaps`.
fn clear(frame: &mut Frame, popup: Rect) {
    let screen = frame.area();
    let left = popup.x.saturating_sub(1).max(screen.x);
    let right = (popup.right() + 1).min(screen.right());
    let margin = Rect::new(left, popup.y, right.saturating_sub(left), popup.height);
    frame.render_widget(Clear, margin);
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match &app.dialog {
        None => {}
        Some(Dialog::Help(state)) => help(app, frame, area, theme, state.scroll),
        Some(Dialog::Palette(palette)) => palette_box(app, frame, area, theme, palette),
        Some(Dialog::Input(input)) => input_box(app, frame, area, theme, input),
        Some(Dialog::Choice(choice)) => choice_box(app, frame, area, theme, choice),
        Some(Dialog::Editor(editor)) => editor_box(app, frame, area, theme, editor),
        Some(Dialog::Confirm(confirm)) => confirm_box(app, frame, area, theme, &confirm.message),
        Some(Dialog::Conflicts(conflicts)) => {
            super::history::conflicts_box(app, frame, area, theme, conflicts);
        }
        Some(Dialog::NodePicker(picker)) => {
            super::link_picker::draw(app, frame, area, theme, picker);
        }
        Some(Dialog::Picker(picker)) => super::picker::draw(app, frame, area, theme, picker),
        Some(Dialog::HeaderForm(form)) => {
            super::header_form::draw(app, frame, area, theme, form);
        }
    }
}

/// The key list in effect (see `tui::help`), scrolled, with where it is: the lines shown
/// of how many in the bottom border and a scrollbar when it does not fit.
fn help(app: &App, frame: &mut Frame, area: Rect, theme: Theme, scroll: usize) {
    use crate::tui::help::HelpLine;
    let lang = app.core.lang;
    let layout = crate::tui::help::layout(app, area);
    let scroll = scroll.min(layout.max_scroll());
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .skip(scroll)
        .take(layout.visible)
        .map(|line| match line {
            HelpLine::Heading(title) => Line::styled(format!("【{title}】"), theme.title()),
            HelpLine::Entries {
                key_width,
                text_width,
                cells,
            } => {
                let mut spans = Vec::new();
                for (keys, text) in cells {
                    spans.push(Span::styled(
                        crate::text::pad(keys, key_width + 1),
                        theme.key(),
                    ));
                    spans.push(Span::raw(crate::text::pad(text, *text_width)));
                    spans.push(Span::raw("  "));
                }
                Line::from(spans)
            }
        })
        .collect();
    let popup = layout.popup;
    clear(frame, popup);
    let title = format!("{} (Esc)", lang.pick("キー一覧", "Keys"));
    let total = layout.lines.len();
    let mut outer = block(title, theme);
    if layout.max_scroll() > 0 {
        let shown = format!(
            " {}–{} / {total}  j/k PgUp/PgDn Home/End ",
            scroll + 1,
            (scroll + layout.visible).min(total)
        );
        outer = outer.title_bottom(Line::styled(shown, theme.dim()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(outer), popup);
    if layout.max_scroll() > 0 {
        let mut state = ScrollbarState::new(layout.max_scroll() + 1).position(scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            popup.inner(ratatui::layout::Margin {
                vertical: 1,
                horizontal: 0,
            }),
            &mut state,
        );
    }
}

fn palette_box(app: &App, frame: &mut Frame, area: Rect, theme: Theme, palette: &Palette) {
    let Palette { query, selected } = palette;
    let selected = *selected;
    let lang = app.core.lang;
    let (hits, total, more) = palette::search(app, query);
    let popup = centered(area, 70, area.height.saturating_sub(2));
    clear(frame, popup);
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(popup);
    let title = lang
        .pick(
            "検索（項目・指標・所管・会議・発言）",
            "Search (items, KPIs, departments, meetings, statements)",
        )
        .to_string();
    frame.render_widget(
        Paragraph::new(format!("> {}▏", clean(query))).block(block(title, theme)),
        input,
    );
    let items: Vec<ListItem> = hits
        .iter()
        .map(|hit| {
            let mut lines = vec![Line::from(vec![
                Span::styled(format!("{:<4} ", hit.kind), theme.dim()),
                Span::raw(clean(&hit.label)),
            ])];
            if !hit.detail.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("     {}", clean(&hit.detail)),
                    theme.dim(),
                )));
            }
            ListItem::new(lines)
        })
        .collect();
    let mut state = ListState::default().with_selected((!hits.is_empty()).then_some(selected));
    // A capped search counts at least this many (see `SearchIndex::search_capped`).
    let more = if more { "+" } else { "" };
    let count = match (lang, total) {
        (crate::model::Language::Ja, _) => format!("{total}{more} 件"),
        (crate::model::Language::En, 1) if more.is_empty() => "1 hit".to_string(),
        (crate::model::Language::En, _) => format!("{total}{more} hits"),
    };
    frame.render_stateful_widget(
        List::new(items)
            .block(block(count, theme))
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
}

/// The input's title: what is typed, and for what.
#[allow(clippy::too_many_lines)] // one short arm per kind of input
fn input_title(app: &App, purpose: &InputPurpose) -> String {
    let lang = app.core.lang;
    match purpose {
        InputPurpose::Actual {
            plan,
            indicator,
            year,
        } => {
            let found = app
                .core
                .workspace
                .plan(plan)
                .and_then(|p| p.indicator(indicator));
            let name = found.map_or(String::new(), |i| clean(&i.name));
            let unit = found.map_or(String::new(), |i| clean(&i.unit));
            format!(
                "{} {} — {name} [{unit}]",
                lang.pick("実績値", "Actual"),
                lang.year(*year)
            )
        }
        InputPurpose::Target { plan, indicator } => {
            let found = app
                .core
                .workspace
                .plan(plan)
                .and_then(|p| p.indicator(indicator));
            let name = found.map_or(String::new(), |i| clean(&i.name));
            let unit = found.map_or(String::new(), |i| clean(&i.unit));
            format!("{} — {name} [{unit}]", lang.pick("目標値", "Target"))
        }
        InputPurpose::Reason { plan, edits } => {
            let found = app.core.workspace.plan(plan);
            let Some(edit) = edits.first() else {
                return lang.pick("改定理由", "Reason for the revision").into();
            };
            let item = edit.item();
            let added = match edit {
                PlanEdit::AddNode { node, .. } => Some(node.title.clone()),
                PlanEdit::AddIndicator { indicator, .. } => Some(indicator.name.clone()),
                PlanEdit::EditIndicator {
                    name: Some(name), ..
                } => Some(name.clone()),
                _ => None,
            };
            let name = added
                .or_else(|| found.and_then(|p| p.indicator(item).map(|i| i.name.clone())))
                .or_else(|| found.and_then(|p| p.node(item).map(|n| n.title.clone())))
                .unwrap_or_else(|| item.to_string());
            let label = match edit {
                PlanEdit::RetireNode { .. } => lang.pick(
                    "廃止の理由（Enter で廃止）",
                    "Reason for retiring (Enter retires)",
                ),
                PlanEdit::ReinstateNode { .. } => lang.pick(
                    "復活の理由（Enter で復活）",
                    "Reason for reinstating (Enter reinstates)",
                ),
                _ => lang.pick("改定理由", "Reason for the revision"),
            };
            format!("{label} — {}", clean(&name))
        }
        InputPurpose::NewNode { plan, parent } => {
            let parent = app
                .core
                .workspace
                .plan(plan)
                .and_then(|p| p.node(parent))
                .map_or_else(|| parent.clone(), |n| n.title.clone());
            format!(
                "{} — {}",
                lang.pick("下位項目の追加（名称）", "New item under (title)"),
                clean(&parent)
            )
        }
        InputPurpose::StatusNote { status, year, .. } => {
            format!(
                "{} — {} {}",
                lang.pick("備考", "Note"),
                lang.year(*year),
                clean(app.status_label(status))
            )
        }
        InputPurpose::ActualNote { year, .. } => format!(
            "{} — {}",
            lang.pick("実績値の備考・出典", "Note / source of the actual"),
            lang.year(*year)
        ),
        InputPurpose::Plan(form) => crate::tui::screen::plan_forms::input_title(&app.core, form),
        InputPurpose::CommitMessage { .. } => lang
            .pick(
                "フェーズを閉じてコミット — メッセージ（任意）",
                "Close the phase and commit — message (optional)",
            )
            .to_string(),
        InputPurpose::ResponsePolicy {
            statement, status, ..
        } => format!(
            "{} — {} [{}]",
            lang.pick("対応方針", "Response (対応方針)"),
            clean(statement),
            lang.pick(status.label_ja(), status.as_str())
        ),
        InputPurpose::MeetingLink(field) => super::link_picker::input_title(app, *field),
    }
}

/// The line under an input that says how to finish it and what it accepts.
fn input_hint(lang: crate::model::Language, purpose: &InputPurpose) -> &'static str {
    match purpose {
        InputPurpose::ResponsePolicy { .. } => lang.pick(
            "Enter 保存 / Esc 取消（対応済・対応不要は方針が必要）",
            "Enter save / Esc cancel (done and not needed need a text)",
        ),
        InputPurpose::NewNode { .. } => lang.pick(
            "Enter 次へ / Esc 取消（番号は同じ階層の付番に従います）",
            "Enter next / Esc cancel (numbered as its siblings)",
        ),
        InputPurpose::Target { .. } => lang.pick(
            "Enter 次へ / Esc 取消（例: 90%以上・収支均衡・調整中）",
            "Enter next / Esc cancel (e.g. 90%以上, 収支均衡, 調整中)",
        ),
        InputPurpose::CommitMessage { .. } => lang.pick(
            "Enter コミット / Esc 取消（メッセージは空欄でも可。コミットの本文になります）",
            "Enter commit / Esc cancel (the message may be empty; it becomes the commit body)",
        ),
        InputPurpose::StatusNote { .. } => lang.pick(
            "Enter 保存 / Esc 取消（備考は空欄でも可: 進捗の理由・遅れの事情など）",
            "Enter save / Esc cancel (the note may be empty: why, what is late)",
        ),
        InputPurpose::Reason { .. } => lang.pick(
            "施行中の計画の改定には理由が必要です（改定履歴に記録）。Enter 保存 / Esc 取消",
            "The plan is in force: a revision needs a reason (kept in its revisions). Enter save / Esc cancel",
        ),
        InputPurpose::Actual { .. } => lang.pick(
            "Enter 保存 / Esc 取消（全角数字・△も可）",
            "Enter save / Esc cancel (full-width digits and △ accepted)",
        ),
        InputPurpose::Plan(form) => crate::tui::screen::plan_forms::input_hint(lang, form),
        InputPurpose::ActualNote { .. } => lang.pick(
            "Enter 保存 / Esc 取消（例: 出典 市民アンケート（R6.8）・速報値。空欄で削除）",
            "Enter save / Esc cancel (e.g. source: citizen survey (Aug 2024), provisional; empty clears it)",
        ),
        InputPurpose::MeetingLink(_) => lang.pick(
            "Enter 決定 / Esc 取消（空欄で解除。議事録にない名前は候補を表示）",
            "Enter choose / Esc cancel (empty clears it; an unknown name lists the known ones)",
        ),
    }
}

fn input_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    input: &LineInput<InputPurpose>,
) {
    let LineInput {
        purpose,
        text,
        cursor,
        error,
        ..
    } = input;
    let (cursor, error) = (*cursor, error.as_ref());
    let lang = app.core.lang;
    let title = input_title(app, purpose);
    // A 対応方針 runs to a paragraph: give it the room to be read whole while it is edited.
    let popup = if let InputPurpose::CommitMessage { summary } = purpose {
        // The whole summary: as tall as it needs, as far as the screen allows.
        let height = u16::try_from(summary.len() * 2 + 6).unwrap_or(u16::MAX);
        centered(area, area.width.saturating_sub(4).min(100), height)
    } else if matches!(
        purpose,
        InputPurpose::ResponsePolicy { .. } | InputPurpose::Reason { .. }
    ) {
        centered(area, area.width.saturating_sub(8).min(100), 10)
    } else {
        // 64 columns, wider where the title needs it (a hint in brackets, a long name) and
        // the screen has room, so the title is not cut while columns stand empty.
        let wanted = u16::try_from(crate::text::width(&title) + 2).unwrap_or(u16::MAX);
        centered(
            area,
            wanted.clamp(64, area.width.saturating_sub(4).clamp(64, 100)),
            6,
        )
    };
    clear(frame, popup);
    let (before, after): (String, String) = {
        let chars: Vec<char> = text.chars().collect();
        let split = cursor.min(chars.len());
        (
            chars[..split].iter().collect(),
            chars[split..].iter().collect(),
        )
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(clean(&before)),
        Span::styled("▏", theme.key()),
        Span::raw(clean(&after)),
    ])];
    match error {
        Some(error) => lines.push(Line::styled(clean(error), theme.bad())),
        None => lines.push(Line::styled(input_hint(lang, purpose), theme.dim())),
    }
    let inner = usize::from(popup.width.saturating_sub(2));
    let mut lines = super::wrap::lines(lines, inner, 0);
    if let InputPurpose::CommitMessage { summary } = purpose {
        // Every change the commit records, wrapped; what the box cannot hold is counted.
        lines.push(Line::raw(""));
        let room = usize::from(popup.height.saturating_sub(2)).saturating_sub(lines.len());
        let wrapped: Vec<Vec<Line>> = summary
            .iter()
            .map(|l| super::wrap::wrap_line(&Line::raw(l.clone()), inner, 2))
            .collect();
        let mut used = 0;
        for (index, entry) in wrapped.iter().enumerate() {
            let rest = summary.len() - index;
            let fits = used + entry.len() + usize::from(rest > 1) <= room;
            if !fits {
                lines.push(Line::styled(
                    match lang {
                        crate::model::Language::Ja => format!("… ほか {rest} 件"),
                        crate::model::Language::En => format!("… {rest} more"),
                    },
                    theme.dim(),
                ));
                break;
            }
            used += entry.len();
            lines.extend(entry.iter().cloned());
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::fitted_block(&title, popup, theme)),
        popup,
    );
}

fn choice_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    choice: &Choice<ChoicePurpose>,
) {
    let Choice {
        purpose,
        options,
        selected,
    } = choice;
    let selected = *selected;
    let lang = app.core.lang;
    let title = match purpose {
        ChoicePurpose::Status { year, .. } => {
            format!("{} — {}", lang.pick("進捗状況", "Status"), lang.year(*year))
        }
        ChoicePurpose::DepartmentFilter => {
            lang.pick("所管局で絞り込み", "Filter by department").into()
        }
        ChoicePurpose::MoveParent { plan, node } => {
            let title = app
                .core
                .workspace
                .plan(plan)
                .and_then(|p| p.node(node))
                .map_or_else(|| node.clone(), |n| n.title.clone());
            format!(
                "{} — {}",
                lang.pick("移動先（上位項目）", "Move under"),
                clean(&title)
            )
        }
        ChoicePurpose::StatusFilter => lang.pick("進捗状況で絞り込み", "Filter by status").into(),
        ChoicePurpose::ResponseStatus { statement, .. } => format!(
            "{} — {}",
            lang.pick("対応状況", "Response status"),
            clean(statement)
        ),
        ChoicePurpose::Plan(form) => crate::tui::screen::plan_forms::choice_title(&app.core, form),
        ChoicePurpose::ResponseDepartment { statement, .. } => format!(
            "{} — {}",
            lang.pick("所管局", "Department"),
            clean(statement)
        ),
    };
    let height = u16::try_from(options.len() + 2).unwrap_or(u16::MAX);
    let labels: Vec<String> = options.iter().map(|(_, label)| clean(label)).collect();
    // As wide as the longest option (a department with its id, an item's title) and the
    // title (up to 100 columns), so nothing is cut while the screen has room; 44 columns
    // at least, 4 left beside it.
    let widest = labels
        .iter()
        .map(|l| crate::text::width(l))
        .max()
        .unwrap_or(0);
    let titled = (crate::text::width(&title) + 2).min(100);
    let width = u16::try_from((widest + 2).max(titled))
        .unwrap_or(u16::MAX)
        .clamp(44, area.width.saturating_sub(4).max(44));
    let popup = centered(area, width, height);
    clear(frame, popup);
    let items: Vec<ListItem> = labels.into_iter().map(ListItem::new).collect();
    // A list longer than the box scrolls: the title says where the selection is, and the
    // title gives way to that, not the other way round.
    let position = if options.len() > usize::from(popup.height.saturating_sub(2)) {
        format!(" ({}/{})", selected + 1, options.len())
    } else {
        String::new()
    };
    let room =
        usize::from(popup.width.saturating_sub(2)).saturating_sub(crate::text::width(&position));
    let title = format!("{}{position}", crate::text::truncate(&title, room));
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block(title, theme))
            .highlight_style(theme.selected()),
        popup,
        &mut state,
    );
}

fn editor_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    editor: &Editor<EditorPurpose>,
) {
    let (purpose, textarea) = (&editor.purpose, &*editor.textarea);
    let lang = app.core.lang;
    let (title, height) = match purpose {
        EditorPurpose::Title { .. } => (
            lang.pick(
                "名称（Enter 保存 / Esc 取消）",
                "Title (Enter save / Esc cancel)",
            ),
            3,
        ),
        EditorPurpose::NewMeeting => (
            lang.pick(
                "会議の準備（Ctrl-S 作成 / Esc 取消）",
                "Prepare a meeting (Ctrl-S create / Esc cancel)",
            ),
            area.height.saturating_sub(4),
        ),
        EditorPurpose::Description { .. } => (
            lang.pick(
                "説明（Ctrl-S 保存 / Esc 取消）",
                "Description (Ctrl-S save / Esc cancel)",
            ),
            area.height.saturating_sub(4),
        ),
    };
    let popup = centered(area, area.width.saturating_sub(8), height);
    clear(frame, popup);
    let inner = block(title.to_string(), theme);
    let content = inner.inner(popup);
    frame.render_widget(inner, popup);
    frame.render_widget(textarea, content);
}

fn confirm_box(app: &App, frame: &mut Frame, area: Rect, theme: Theme, message: &str) {
    let lang = app.core.lang;
    // A question takes two lines; a longer message (a refusal with its fix) gets the lines
    // it wraps to (kinsoku rules), as far as the screen allows.
    // As wide as the message (on one line where the screen allows), up to 100 columns.
    let widest = u16::try_from(crate::text::width(&clean(message)) + 2).unwrap_or(u16::MAX);
    let width = widest.clamp(40, area.width.saturating_sub(4).clamp(40, 100));
    let lines = super::wrap::lines(
        vec![Line::raw(clean(message))],
        usize::from(width.saturating_sub(2)),
        0,
    );
    let height = u16::try_from(lines.len().max(2))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let popup = centered(area, width, height);
    clear(frame, popup);
    let title = lang.pick("確認", "Confirm").to_string();
    frame.render_widget(
        Paragraph::new(lines).block(block(title, theme).border_style(theme.warn())),
        popup,
    );
}
