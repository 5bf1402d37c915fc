//! Meeting mode: the statements so far (readable for the room), the attendees with their
//! speaker keys, the context (agenda item, material page, plan node), and the editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

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
    let editor_height = if session.typing { 6 } else { 3 };
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
            let width = usize::from(area.width.saturating_sub(6));
            lines.extend(
                crate::text::wrap(&crate::model::sanitize(&statement.text), width)
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
    let kinds: Vec<Span> = KIND_KEYS
        .iter()
        .flat_map(|(key, kind)| {
            let label = match lang {
                crate::model::Language::Ja => kind.label_ja(),
                crate::model::Language::En => kind.as_str(),
            };
            let style = if session.kind == *kind {
                theme.selected()
            } else {
                theme.dim()
            };
            [
                Span::styled(format!("{key}:"), theme.key()),
                Span::styled(label.to_string(), style),
                Span::raw(" "),
            ]
        })
        .collect();
    lines.push(Line::styled(
        lang.pick("種別（Alt+文字）", "Kind (Alt+letter)"),
        theme.title(),
    ));
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
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
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

fn editor_pane(
    app: &App,
    meeting: &Meeting,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lang = app.core.lang;
    let speaker = session.speaker.as_deref().map_or_else(
        || lang.pick("発言者未選択", "no speaker").to_string(),
        |id| clean(speaker_name(meeting, id)),
    );
    let kind = match lang {
        crate::model::Language::Ja => session.kind.label_ja(),
        crate::model::Language::En => session.kind.as_str(),
    };
    let editing = session.editing.as_ref().map_or(String::new(), |id| {
        format!(" — {} {id}", lang.pick("修正中", "correcting"))
    });
    let flag = if session.needs_response {
        lang.pick(" ◆要対応", " ◆needs response")
    } else {
        ""
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
    // What the statement will be linked to, beside the text being typed (new ones only).
    let links = super::link_picker::summary(app, meeting, &session.links)
        .filter(|_| session.editing.is_none())
        .map_or(String::new(), |l| format!(" {l}"));
    let title = format!("[{speaker}] {kind}{flag}{links}{editing} — {help}");
    let outer = block(title, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    frame.render_widget(&session.editor, inner);
}
