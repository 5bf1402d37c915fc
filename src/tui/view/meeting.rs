//! Meeting mode: the statements so far (readable for the room), the attendees with their
//! speaker keys, the context (agenda item, material page, plan node), and the editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::model::Meeting;
use crate::tui::app::App;
use crate::tui::screen::meeting::{KIND_KEYS, Session, speaker_keys};
use crate::tui::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let Some(session) = &app.session else {
        if !app.core.load.is_complete() {
            let title = lang.pick("会議", "Meeting");
            super::not_loaded(app, frame, area, theme, title);
            return;
        }
        frame.render_widget(
            Paragraph::new(lang.pick("会議がありません", "No meeting open")),
            area,
        );
        return;
    };
    let Some(meeting) = app.core.workspace.meeting(&session.meeting_id) else {
        return;
    };
    if app.audience {
        // The room sees the minutes and the speakers, not the secretariat's controls.
        super::audience::meeting(app, meeting, session, frame, area, theme);
        return;
    }
    // Borders, the mode line and the text: four lines of it while typing, one in the list.
    let editor_height = if session.typing { 7 } else { 4 };
    let [top, editor] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(editor_height)]).areas(area);
    let [statements, side] =
        Layout::horizontal([Constraint::Percentage(68), Constraint::Percentage(32)]).areas(top);
    statement_list(app, meeting, session, frame, statements, theme);
    side_pane(app, meeting, session, frame, side, theme);
    editor_pane(app, meeting, session, frame, editor, theme);
}

fn speaker_name<'a>(meeting: &'a Meeting, id: &'a str) -> &'a str {
    meeting
        .attendee(id)
        .map_or(id, |a| a.label.as_deref().unwrap_or(&a.name))
}

pub(super) fn statement_list(
    app: &App,
    meeting: &Meeting,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let items: Vec<ListItem> = meeting
        .statements
        .iter()
        .map(|statement| {
            let mut header = vec![Span::styled(
                format!("[{}]", clean(speaker_name(meeting, &statement.speaker))),
                theme.title(),
            )];
            header.push(Span::styled(
                format!(
                    " {}",
                    match lang {
                        crate::model::Language::Ja => statement.kind.label_ja(),
                        crate::model::Language::En => statement.kind.as_str(),
                    }
                ),
                theme.dim(),
            ));
            for reference in &statement.materials {
                let page = reference
                    .page
                    .as_deref()
                    .map_or(String::new(), |p| format!("P{}", clean(p)));
                header.push(Span::styled(
                    format!(" 【{}】{page}", clean(&reference.material)),
                    theme.dim(),
                ));
            }
            // The plan items it was linked to, a retired one said as such: the link stays
            // when the plan is revised (the minutes are the record of what was discussed).
            for link in &statement.nodes {
                let label = app
                    .core
                    .workspace
                    .plan(&link.plan)
                    .and_then(|plan| plan.link_label(&link.node, lang))
                    .unwrap_or_else(|| format!("{}/{}", link.plan, link.node));
                header.push(Span::styled(format!(" → {}", clean(&label)), theme.dim()));
            }
            if statement.needs_response {
                header.push(Span::styled(
                    format!(" {}", lang.pick("◆要対応", "◆response")),
                    theme.warn(),
                ));
            }
            let mut lines = vec![Line::from(header)];
            // Inside the borders, after the two-space indent: kinsoku wrapping never runs
            // past the width, so no margin is kept for hanging punctuation.
            let width = usize::from(area.width.saturating_sub(4));
            lines.extend(
                crate::text::wrap_kinsoku(&crate::model::sanitize(&statement.text), width)
                    .into_iter()
                    .map(|l| Line::raw(format!("  {l}"))),
            );
            if theme.presenter {
                lines.push(Line::raw(""));
            }
            ListItem::new(lines)
        })
        .collect();
    let status = match meeting.status {
        crate::model::meeting::MeetingStatus::Draft => lang.pick("草案", "draft"),
        crate::model::meeting::MeetingStatus::Confirmed => lang.pick("確定", "confirmed"),
        crate::model::meeting::MeetingStatus::Published => lang.pick("公開", "published"),
    };
    let title = format!(
        "{} {} ({status}, {})",
        meeting.date,
        clean(&meeting.title),
        meeting.statements.len()
    );
    let selected = (!meeting.statements.is_empty())
        .then(|| session.selected.min(meeting.statements.len() - 1));
    let mut state = ListState::default().with_selected(selected);
    let highlight = if session.typing {
        theme.base()
    } else {
        theme.selected()
    };
    frame.render_stateful_widget(
        List::new(items)
            .block(block(title, theme))
            .highlight_style(highlight),
        area,
        &mut state,
    );
}

fn side_pane(
    app: &App,
    meeting: &Meeting,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let mut lines = vec![Line::styled(
        lang.pick("発言者（Alt+数字）", "Speakers (Alt+digit)"),
        theme.title(),
    )];
    let keyed = speaker_keys(meeting);
    let speakers = meeting
        .attendees
        .iter()
        .filter(|a| a.attendance != crate::model::meeting::Attendance::Absent)
        .count();
    for (key, attendee) in keyed.iter().copied() {
        let style = if session.speaker.as_deref() == Some(attendee.id.as_str()) {
            theme.selected()
        } else {
            theme.base()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {key} "), theme.key()),
            Span::styled(
                format!("{} {}", clean(&attendee.name), clean(&attendee.role)),
                style,
            ),
        ]));
    }
    // Beyond the ten digit keys the picker reaches everyone (the current speaker included).
    if speakers > keyed.len() {
        let more = speakers - keyed.len();
        lines.push(Line::from(vec![
            Span::styled(" Alt-s ", theme.key()),
            Span::raw(match lang {
                crate::model::Language::Ja => format!("ほか{more}名・全員から選ぶ"),
                crate::model::Language::En => format!("{more} more: pick from all"),
            }),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        lang.pick("種別（Alt+文字）", "Kind (Alt+letter)"),
        theme.title(),
    ));
    // Whole `key:label` items per line: a wrap never separates a key from its kind.
    let inner = usize::from(area.width.saturating_sub(2));
    let mut kinds: Vec<Span> = Vec::new();
    let mut used = 0;
    for (key, kind) in KIND_KEYS {
        let label = match lang {
            crate::model::Language::Ja => kind.label_ja(),
            crate::model::Language::En => kind.as_str(),
        };
        let style = if session.kind == kind {
            theme.selected()
        } else {
            theme.dim()
        };
        let item = crate::text::width(label) + 3;
        if used > 0 && used + item > inner {
            lines.push(Line::from(std::mem::take(&mut kinds)));
            used = 0;
        }
        kinds.extend([
            Span::styled(format!("{key}:"), theme.key()),
            Span::styled(label.to_string(), style),
            Span::raw(" "),
        ]);
        used += item;
    }
    lines.push(Line::from(kinds));
    lines.push(Line::raw(""));
    // The link choice is the operator's, for the next statement: not for the room.
    if !app.audience {
        lines.extend(link_lines(app, meeting, session, theme));
    }
    if let Some(reason) = &session.read_only {
        lines.push(Line::raw(""));
        lines.push(Line::styled(clean(reason), theme.warn()));
    }
    frame.render_widget(
        Paragraph::new(super::wrap::lines(
            lines,
            usize::from(area.width.saturating_sub(2)),
            0,
        ))
        .block(block(lang.pick("記録", "Recording").into(), theme)),
        area,
    );
}

/// The link choice of the next statement: node, material and page, agenda item — each
/// "—" until chosen — and whether it is pinned or applies to the next statement only.
fn link_lines(app: &App, meeting: &Meeting, session: &Session, theme: Theme) -> Vec<Line<'static>> {
    let lang = app.core.lang;
    let links = &session.links;
    let unset = || "—".to_string();
    let (heading, style) = if links.pinned {
        (lang.pick("リンク［固定］", "Links [pinned]"), theme.warn())
    } else {
        (
            lang.pick("リンク（次の発言のみ）", "Links (next statement)"),
            theme.title(),
        )
    };
    let node = links.node.as_ref().map(|link| {
        app.core
            .workspace
            .plan(&link.plan)
            .and_then(|plan| {
                plan.flatten()
                    .into_iter()
                    .find(|f| f.node.id == link.node)
                    .map(|f| format!("{} {}", clean(&f.number), clean(&f.node.title)))
            })
            .unwrap_or_else(|| clean(&link.node))
    });
    let material = links.material.as_ref().map(|id| {
        let page = links
            .page
            .as_ref()
            .map_or(String::new(), |p| format!(" P{}", clean(p)));
        let title = meeting
            .materials
            .iter()
            .find(|m| &m.id == id)
            .map_or(String::new(), |m| format!(" {}", clean(&m.title)));
        format!("【{}】{page}{title}", clean(id))
    });
    let agenda = links.agenda.as_ref().map(|id| {
        meeting
            .agenda_items()
            .into_iter()
            .find(|a| &a.id == id)
            .map_or_else(
                || clean(id),
                |a| format!("{} {}", clean(&a.number), clean(&a.title)),
            )
    });
    vec![
        Line::styled(heading.to_string(), style),
        Line::raw(format!(
            "{}: {}",
            lang.pick("項目 ^L", "Item ^L"),
            node.unwrap_or_else(unset)
        )),
        Line::raw(format!(
            "{}: {}",
            lang.pick("資料 A-M/A-P", "Material A-M/A-P"),
            material.unwrap_or_else(unset)
        )),
        Line::raw(format!(
            "{}: {}",
            lang.pick("議題 A-A", "Agenda A-A"),
            agenda.unwrap_or_else(unset)
        )),
    ]
}

/// The editor: a title saying the mode and its keys, the mode line (speaker, kind, flag,
/// links), then the statement being typed, soft-wrapped with the Japanese line-breaking
/// rules (a 200-character statement wraps instead of scrolling sideways) and scrolled so
/// that the cursor line shows.
fn editor_pane(
    app: &App,
    meeting: &Meeting,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let mode = match (session.typing, &session.editing) {
        (_, Some(id)) => format!("{} {id}", lang.pick("修正中", "Correcting")),
        (true, None) => lang.pick("入力中", "Typing").to_string(),
        (false, None) => lang.pick("発言一覧", "Statement list").to_string(),
    };
    let help = match (session.typing, session.editing.is_some()) {
        (true, true) => lang.pick(
            "Enter 確定  Alt-Enter 改行  Ctrl-T 分割  Esc 取消",
            "Enter commit  Alt-Enter newline  Ctrl-T split  Esc cancel",
        ),
        (true, false) => lang.pick(
            "Enter 確定  Alt-Enter 改行  Esc 一覧",
            "Enter commit  Alt-Enter newline  Esc list",
        ),
        // Plain letters type (back in the editor); operations take a modifier.
        (false, _) => lang.pick(
            "Enter 入力 ^E 修正 Del 削除 Shift-↑↓ 移動 ^G 結合",
            "Enter type ^E fix Del delete Shift-↑↓ move ^G merge",
        ),
    };
    let outer = block(format!("{mode} — {help}"), theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let [mode_area, text_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(mode_line(app, meeting, session, theme)),
        mode_area,
    );
    let width = usize::from(text_area.width);
    let (lines, cursor) = editor_lines(session, width, theme);
    let visible = usize::from(text_area.height).max(1);
    let scroll = cursor.0.saturating_sub(visible - 1);
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(scroll)
                .take(visible)
                .collect::<Vec<_>>(),
        ),
        text_area,
    );
    if session.typing {
        // The terminal's own cursor goes where the text is typed, so that an IME opens its
        // candidate window there.
        let (row, column) = cursor;
        if let (Ok(y), Ok(x)) = (u16::try_from(row - scroll), u16::try_from(column))
            && y < text_area.height
            && x < text_area.width
        {
            frame.set_cursor_position((text_area.x + x, text_area.y + y));
        }
    }
}

/// The line above the text: who speaks, in which kind, whether the city must respond, and
/// what the next statement will refer to.
fn mode_line(app: &App, meeting: &Meeting, session: &Session, theme: Theme) -> Line<'static> {
    let lang = app.core.lang;
    let speaker = session.speaker.as_deref().map_or_else(
        || {
            lang.pick("発言者未選択（Alt+数字）", "no speaker (Alt+digit)")
                .to_string()
        },
        |id| format!("[{}]", clean(speaker_name(meeting, id))),
    );
    let kind = match lang {
        crate::model::Language::Ja => session.kind.label_ja(),
        crate::model::Language::En => session.kind.as_str(),
    };
    let speaker_style = if session.speaker.is_some() {
        theme.title()
    } else {
        theme.warn()
    };
    let mut spans = vec![
        Span::styled(speaker, speaker_style),
        Span::raw(" "),
        Span::styled(kind.to_string(), theme.key()),
    ];
    if session.needs_response {
        spans.push(Span::styled(
            lang.pick(" ◆要対応", " ◆needs response").to_string(),
            theme.warn(),
        ));
    }
    spans.push(Span::styled(" │ ".to_string(), theme.dim()));
    spans.extend(link_spans(app, meeting, session, theme));
    Line::from(spans)
}

/// The links part of the mode line: what the next statement refers to (agenda item,
/// material and page). Meeting mode's link choice (node picker, one-shot or pinned
/// material/page/agenda) is drawn here, and only here, next to the editor.
fn link_spans(app: &App, meeting: &Meeting, session: &Session, theme: Theme) -> Vec<Span<'static>> {
    // A correction keeps the statement's own links; the choice is for new statements.
    let summary = super::link_picker::summary(app, meeting, &session.links)
        .filter(|_| session.editing.is_none());
    match summary {
        Some(summary) => vec![Span::styled(summary, theme.base())],
        None => vec![Span::styled(
            app.core.lang.pick("リンクなし", "no links").to_string(),
            theme.dim(),
        )],
    }
}

/// The editor's text as wrapped, styled lines and the cursor's (visual row, column): each
/// line of the text wraps with `wrap_kinsoku`; the cursor (a character index in its line)
/// is found by walking the pieces, a space dropped at a break counting as the end of the
/// piece before.
fn editor_lines(
    session: &Session,
    width: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, (usize, usize)) {
    let ratatui_textarea::DataCursor(cursor_row, cursor_col) = session.editor.cursor();
    let mut lines = Vec::new();
    let mut cursor = (0, 0);
    let cursor_style = if session.typing {
        theme.selected()
    } else {
        theme.base()
    };
    for (row, text) in session.editor.lines().iter().enumerate() {
        let text = crate::model::sanitize_inline(text);
        let pieces = crate::text::wrap_kinsoku(&text, width.max(2));
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0; // index into chars
        let count = pieces.len();
        for (index, piece) in pieces.into_iter().enumerate() {
            let start = at;
            // Skip what the wrap dropped (a space at the break), then take the piece.
            while at < chars.len() && !piece.starts_with(chars[at]) && chars[at] == ' ' {
                at += 1;
            }
            let piece_start = at;
            at += piece.chars().count();
            let last = index + 1 == count;
            let holds_cursor =
                row == cursor_row && cursor_col >= start && (cursor_col < at || last);
            if holds_cursor {
                let before: String = chars[piece_start..cursor_col.clamp(piece_start, at)]
                    .iter()
                    .collect();
                let column = crate::text::width(&before);
                cursor = (lines.len(), column);
                let under = chars.get(cursor_col).filter(|_| cursor_col < at);
                let after: String = chars[(cursor_col + 1).clamp(piece_start, at)..at]
                    .iter()
                    .collect();
                if under.is_none() && column >= width {
                    // At the end of a full line: the cursor waits at the next line's start.
                    lines.push(Line::raw(before));
                    cursor = (lines.len(), 0);
                    lines.push(Line::from(Span::styled(" ", cursor_style)));
                    continue;
                }
                let mut spans = vec![Span::raw(before)];
                match under {
                    Some(c) => spans.push(Span::styled(c.to_string(), cursor_style)),
                    None => spans.push(Span::styled(" ", cursor_style)),
                }
                if under.is_some() {
                    spans.push(Span::raw(after));
                }
                lines.push(Line::from(spans));
            } else {
                lines.push(Line::raw(piece));
            }
        }
    }
    (lines, cursor)
}
