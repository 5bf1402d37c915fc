//! Dialogs and overlays: help, palette, inputs, choices, the editor and confirmations.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::{block, clean};
use crate::model::plan_edit::PlanEdit;
use crate::tui::Command;
use crate::tui::app::App;
use crate::tui::dialog::{
    Choice, ChoicePurpose, Dialog, Editor, EditorPurpose, InputPurpose, LineInput, Palette,
};
use crate::tui::palette;
use crate::tui::theme::Theme;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match &app.dialog {
        None => {}
        Some(Dialog::Help) => help(app, frame, area, theme),
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
    }
}

/// The key list, generated from the keymap in effect, in as many columns as the height
/// needs. On the meeting screen it is meeting mode's own list (every key in effect there,
/// narrower so that two columns fit 80 columns); elsewhere the screen keys and, for
/// reference, the statement list's.
fn help(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let in_meeting = app.screen == crate::tui::app::Screen::Meeting && app.session.is_some();
    let (rows, key_width, text_width) = if in_meeting {
        (meeting_rows(app), 20, 16)
    } else {
        (screen_rows(app), 22, 24)
    };
    let entry = |(keys, text): &(String, String)| {
        vec![
            Span::styled(crate::text::pad(keys, key_width), theme.key()),
            Span::raw(crate::text::pad(text, text_width)),
        ]
    };
    let available = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = rows.len().div_ceil(available).max(1);
    let per_column = rows.len().div_ceil(columns);
    let lines: Vec<Line> = (0..per_column)
        .map(|row| {
            let mut spans = Vec::new();
            for column in 0..columns {
                if let Some(item) = rows.get(column * per_column + row) {
                    spans.extend(entry(item));
                    spans.push(Span::raw("  "));
                }
            }
            Line::from(spans)
        })
        .collect();
    let height = u16::try_from(per_column + 2).unwrap_or(u16::MAX);
    let width = u16::try_from(columns * (key_width + text_width + 2) + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let title = format!("{} (Esc)", lang.pick("キー一覧", "Keys"));
    frame.render_widget(Paragraph::new(lines).block(block(title, theme)), popup);
}

/// (keys, what they do) for a command, in the current language.
fn described(lang: crate::model::Language, keys: String, command: Command) -> (String, String) {
    let (ja, en) = command.describe();
    (keys, lang.pick(ja, en).to_string())
}

/// Rows of one layer grouped by command (all keys of a command on one row), in order.
fn grouped(rows: Vec<(String, Command)>) -> Vec<(String, Command)> {
    let mut out: Vec<(String, Command)> = Vec::new();
    for (key, command) in rows {
        match out.iter_mut().find(|(_, c)| *c == command) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&key);
            }
            None => out.push((key, command)),
        }
    }
    out
}

/// The help outside meeting mode: the screen keys, then the statement list's keys.
fn screen_rows(app: &App) -> Vec<(String, String)> {
    let lang = app.core.lang;
    let mut rows: Vec<(String, String)> = app
        .keymap
        .help_rows()
        .into_iter()
        .map(|(keys, command)| described(lang, keys, command))
        .collect();
    rows.extend(
        grouped(app.keymap.meeting_help_rows())
            .into_iter()
            .map(|(key, command)| {
                described(
                    lang,
                    format!("{} {key}", lang.pick("会議:", "meeting:")),
                    command,
                )
            }),
    );
    rows.push((
        lang.pick(
            "会議: Alt+数字 / Alt+文字",
            "meeting: Alt+digit / Alt+letter",
        )
        .to_string(),
        lang.pick("発言者 / 種別", "speaker / kind").to_string(),
    ));
    rows
}

/// Commands shown as one row in meeting mode's help (keys `a / b`), so that every key in
/// effect fits two columns of 80×24.
const PAIRS: &[(Command, Command, &str, &str)] = &[
    (Command::Up, Command::Down, "上へ / 下へ", "Up / down"),
    (
        Command::PageUp,
        Command::PageDown,
        "ページ 前/次",
        "Page up / down",
    ),
    (Command::Top, Command::Bottom, "先頭 / 末尾", "Top / bottom"),
    (
        Command::MoveStatementUp,
        Command::MoveStatementDown,
        "発言を上/下へ",
        "Move up / down",
    ),
    (
        Command::NextAgendaItem,
        Command::PrevAgendaItem,
        "議題 次/前",
        "Agenda next / prev",
    ),
    (
        Command::NextMaterial,
        Command::PrevMaterial,
        "資料 次/前",
        "Material next / prev",
    ),
    (
        Command::NextPage,
        Command::PrevPage,
        "ページ 次/前",
        "Page next / prev",
    ),
];

/// The screen switches, shown as one row.
const SCREENS: &[Command] = &[
    Command::ShowDashboard,
    Command::ShowTree,
    Command::ShowKpi,
    Command::ShowMeeting,
    Command::ShowHistory,
    Command::ShowReview,
];

/// Grouped rows with each pair of [`PAIRS`] on one row and the screen switches on one.
fn paired(lang: crate::model::Language, rows: &[(String, Command)]) -> Vec<(String, String)> {
    let keys_of = |command: Command| {
        rows.iter()
            .find(|(_, c)| *c == command)
            .map(|(k, _)| k.clone())
    };
    let mut out = Vec::new();
    let mut screens_done = false;
    for (keys, command) in rows {
        if let Some((first, second, ja, en)) =
            PAIRS.iter().find(|(a, b, ..)| a == command || b == command)
        {
            if command == first || keys_of(*first).is_none() {
                let both = [keys_of(*first), keys_of(*second)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((both, lang.pick(ja, en).to_string()));
            }
        } else if SCREENS.contains(command) {
            if !screens_done {
                screens_done = true;
                let all = rows
                    .iter()
                    .filter(|(_, c)| SCREENS.contains(c))
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push((all, lang.pick("画面の切替", "Switch screen").to_string()));
            }
        } else {
            out.push(described(lang, keys.clone(), *command));
        }
    }
    out
}

/// Every key in effect in meeting mode: typing, the keys of both modes (the Alt-chords, and
/// every binding the two layers share, listed once), the statement list's own keys, the
/// screen keys the list keeps, and what any other key does there.
fn meeting_rows(app: &App) -> Vec<(String, String)> {
    let lang = app.core.lang;
    let typing = grouped(app.keymap.typing_help_rows());
    let list = grouped(app.keymap.meeting_help_rows());
    let both: Vec<(String, Command)> = typing
        .iter()
        .filter(|row| list.contains(row))
        .cloned()
        .collect();
    let mut rows = vec![(
        lang.pick("【入力中】", "[typing]").to_string(),
        String::new(),
    )];
    rows.extend(
        typing
            .iter()
            .filter(|row| !both.contains(row))
            .map(|(keys, command)| described(lang, keys.clone(), *command)),
    );
    rows.push((
        lang.pick("【入力中・一覧】", "[typing and list]")
            .to_string(),
        String::new(),
    ));
    let kinds: String = crate::tui::screen::meeting::KIND_KEYS
        .iter()
        .map(|(key, _)| key.to_string())
        .collect::<Vec<_>>()
        .join("/");
    rows.push((
        "alt-1…9 alt-0".to_string(),
        lang.pick("発言者", "Speaker").to_string(),
    ));
    rows.push((
        format!("alt-{kinds}"),
        lang.pick("種別（右の一覧）", "Kind (see pane)").to_string(),
    ));
    rows.push(described(
        lang,
        "alt-n".to_string(),
        Command::ToggleNeedsResponse,
    ));
    let mut shared = both.clone();
    let links = [
        ("alt-shift-m", Command::ChooseMaterial),
        ("alt-shift-p", Command::ChoosePage),
        ("alt-shift-a", Command::ChooseAgenda),
    ];
    if links
        .iter()
        .all(|(key, command)| shared.contains(&((*key).to_string(), *command)))
    {
        shared.retain(|(_, command)| !links.iter().any(|(_, c)| c == command));
        rows.push((
            "alt-shift-m/p/a".to_string(),
            lang.pick("資料/ページ/議題", "Mat./page/agenda")
                .to_string(),
        ));
    }
    rows.extend(
        shared
            .into_iter()
            .map(|(keys, command)| described(lang, keys, command)),
    );
    rows.push((
        lang.pick("【発言一覧】", "[statement list]").to_string(),
        String::new(),
    ));
    let mut list: Vec<(String, Command)> =
        list.into_iter().filter(|row| !both.contains(row)).collect();
    list.extend(
        app.keymap
            .help_rows()
            .into_iter()
            .filter(|(_, command)| crate::tui::keymap::LIST_NAVIGATION.contains(command)),
    );
    rows.extend(paired(lang, &list));
    rows.push((
        lang.pick("他の文字", "other keys").to_string(),
        lang.pick("入力に戻り入力", "Typed (editor)").to_string(),
    ));
    rows
}

fn palette_box(app: &App, frame: &mut Frame, area: Rect, theme: Theme, palette: &Palette) {
    let Palette { query, selected } = palette;
    let selected = *selected;
    let lang = app.core.lang;
    let (hits, total) = palette::search(app, query);
    let popup = centered(area, 70, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
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
    let count = format!("{total} {}", lang.pick("件", "hits"));
    frame.render_stateful_widget(
        List::new(items)
            .block(block(count, theme))
            .highlight_style(theme.selected()),
        list,
        &mut state,
    );
}

/// The input's title: what is typed, and for what.
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
        InputPurpose::Plan(form) => crate::tui::screen::plan_forms::input_title(&app.core, form),
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
    let popup = if matches!(
        purpose,
        InputPurpose::ResponsePolicy { .. } | InputPurpose::Reason { .. }
    ) {
        centered(area, area.width.saturating_sub(8).min(100), 10)
    } else {
        centered(area, 64, 6)
    };
    frame.render_widget(Clear, popup);
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
        None if let InputPurpose::Plan(form) = purpose => lines.push(Line::styled(
            crate::tui::screen::plan_forms::input_hint(lang, form),
            theme.dim(),
        )),
        None if matches!(purpose, InputPurpose::ResponsePolicy { .. }) => lines.push(Line::styled(
            lang.pick(
                "Enter 保存 / Esc 取消（対応済・対応不要は方針が必要）",
                "Enter save / Esc cancel (done and not needed need a text)",
            ),
            theme.dim(),
        )),
        None if matches!(purpose, InputPurpose::NewNode { .. }) => lines.push(Line::styled(
            lang.pick(
                "Enter 次へ / Esc 取消（番号は同じ階層の付番に従います）",
                "Enter next / Esc cancel (numbered as its siblings)",
            ),
            theme.dim(),
        )),
        None if matches!(purpose, InputPurpose::Target { .. }) => lines.push(Line::styled(
            lang.pick(
                "Enter 次へ / Esc 取消（例: 90%以上・収支均衡・調整中）",
                "Enter next / Esc cancel (e.g. 90%以上, 収支均衡, 調整中)",
            ),
            theme.dim(),
        )),
        None if matches!(purpose, InputPurpose::Reason { .. }) => lines.push(Line::styled(
            lang.pick(
                "施行中の計画の改定には理由が必要です（改定履歴に記録）。Enter 保存 / Esc 取消",
                "The plan is in force: a revision needs a reason (kept in its revisions). Enter save / Esc cancel",
            ),
            theme.dim(),
        )),
        None => lines.push(Line::styled(
            lang.pick(
                "Enter 保存 / Esc 取消（全角数字・△も可）",
                "Enter save / Esc cancel (full-width digits and △ accepted)",
            ),
            theme.dim(),
        )),
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(title, theme)),
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
    let popup = centered(area, 44, height);
    frame.render_widget(Clear, popup);
    let items: Vec<ListItem> = options
        .iter()
        .map(|(_, label)| ListItem::new(clean(label)))
        .collect();
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
    frame.render_widget(Clear, popup);
    let inner = block(title.to_string(), theme);
    let content = inner.inner(popup);
    frame.render_widget(inner, popup);
    frame.render_widget(textarea, content);
}

fn confirm_box(app: &App, frame: &mut Frame, area: Rect, theme: Theme, message: &str) {
    let lang = app.core.lang;
    // Two lines hold a question; a longer message (a refusal with its fix) gets the lines
    // it needs, with one to spare for word wrapping.
    let width = unicode_width::UnicodeWidthStr::width(clean(message).as_str());
    let lines = if width <= 2 * 58 {
        2
    } else {
        (width / 58 + 2).min(8)
    };
    let popup = centered(area, 60, u16::try_from(lines).unwrap_or(8) + 2);
    frame.render_widget(Clear, popup);
    let title = lang.pick("確認", "Confirm").to_string();
    frame.render_widget(
        Paragraph::new(clean(message))
            .wrap(Wrap { trim: false })
            .block(block(title, theme).border_style(theme.warn())),
        popup,
    );
}
