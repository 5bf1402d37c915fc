//! What the projector window (`kaikaku present`) draws around and instead of the operator's
//! panes. The room sees the screen's name, the plan, the fiscal year, the statements and
//! the plan item or indicator being discussed — nothing of the secretariat's controls or
//! private state: no key hints or Alt-key lists, no save state or uncommitted counts, no
//! workspace path, no read-only reasons or status messages (those are the projector app's
//! own, in English for some, and mean nothing to the audience).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, clean};
use crate::model::{Language, Meeting};
use crate::tui::app::{App, Screen};
use crate::tui::screen::meeting::Session;
use crate::tui::theme::Theme;

/// The screen's name in the room's language.
fn screen_name(lang: Language, screen: Screen) -> &'static str {
    match screen {
        Screen::Dashboard => lang.pick("ダッシュボード", "Dashboard"),
        Screen::Tree => lang.pick("プラン体系", "Plan tree"),
        Screen::Kpi => lang.pick("検証指標", "KPIs"),
        Screen::Meeting => lang.pick("会議", "Meeting"),
        Screen::History => lang.pick("履歴", "History"),
        Screen::Review => lang.pick("確認事項", "Review"),
    }
}

/// The top line: the screen shown and the plan, without the screen keys or the help key.
pub fn tab_bar(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut spans = vec![Span::styled(
        format!(" {} ", screen_name(app.core.lang, app.screen)),
        theme.selected(),
    )];
    if let Some(plan) = app.plan() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(clean(&plan.title), theme.title()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The bottom line: the organisation, the fiscal year and the PDCA phase — public facts,
/// where the operator's line has the path, the save state and the messages.
pub fn status_bar(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    let mut spans = Vec::new();
    if let Some(settings) = app.settings() {
        let organisation = match lang {
            Language::Ja => &settings.organisation,
            Language::En => settings
                .organisation_en
                .as_ref()
                .unwrap_or(&settings.organisation),
        };
        spans.push(Span::raw(format!(" {} │", clean(organisation))));
    }
    spans.push(Span::styled(
        format!(" {} ", lang.year(app.core.year)),
        theme.title(),
    ));
    if let Some(cycle) = app.settings().and_then(|s| s.cycle) {
        let phase = match lang {
            Language::Ja => cycle.phase.label_ja(),
            Language::En => cycle.phase.title(),
        };
        spans.push(Span::raw(format!(
            "│ {} {phase} ",
            lang.year_short(cycle.year)
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.base()), area);
}

/// The meeting for the room: the statements, and beside them who takes part and the plan
/// item being discussed (that of the newest statement linked to one).
pub fn meeting(
    app: &App,
    meeting: &Meeting,
    session: &Session,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let [statements, side] =
        Layout::horizontal([Constraint::Percentage(70), Constraint::Percentage(30)]).areas(area);
    super::meeting::statement_list(app, meeting, session, frame, statements, theme);
    side_pane(app, meeting, frame, side, theme);
}

fn side_pane(app: &App, meeting: &Meeting, frame: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.core.lang;
    // What is being discussed: the plan item, the agenda item (each only when there is one).
    let mut topic = Vec::new();
    if let Some(item) = discussed(app, meeting) {
        topic.push(Line::styled(
            lang.pick("議題の項目", "Item discussed"),
            theme.title(),
        ));
        topic.push(Line::raw(format!(" {item}")));
    }
    if let Some(agenda) = meeting
        .statements
        .last()
        .and_then(|s| s.agenda.as_deref())
        .and_then(|id| meeting.agenda_items().into_iter().find(|a| a.id == id))
    {
        topic.push(Line::styled(
            lang.pick("議題", "Agenda item"),
            theme.title(),
        ));
        topic.push(Line::raw(format!(
            " {} {}",
            clean(&agenda.number),
            clean(&agenda.title)
        )));
    }
    let topic_height = if topic.is_empty() {
        0
    } else {
        u16::try_from(topic.len() + 4).unwrap_or(u16::MAX)
    };
    let [top, rest] =
        Layout::vertical([Constraint::Length(topic_height), Constraint::Min(3)]).areas(area);
    if !topic.is_empty() {
        frame.render_widget(
            Paragraph::new(topic)
                .wrap(Wrap { trim: false })
                .block(block(lang.pick("討議中", "Under discussion").into(), theme)),
            top,
        );
    }
    let speaking = meeting.statements.last().map(|s| s.speaker.as_str());
    // The header as the secretariat keeps it (the header form): when and where.
    let times = match (&meeting.start, &meeting.end) {
        (Some(start), Some(end)) => format!(" {}〜{}", clean(start), clean(end)),
        (Some(start), None) => format!(" {}〜", clean(start)),
        (None, Some(end)) => format!(" 〜{}", clean(end)),
        (None, None) => String::new(),
    };
    let mut lines = vec![Line::styled(
        format!(" {}{times}", meeting.date),
        theme.title(),
    )];
    if !meeting.place.is_empty() {
        lines.push(Line::raw(format!(" {}", clean(&meeting.place))));
    }
    for attendee in meeting
        .attendees
        .iter()
        .filter(|a| a.attendance != crate::model::meeting::Attendance::Absent)
    {
        let style = if speaking == Some(attendee.id.as_str()) {
            theme.selected()
        } else {
            theme.base()
        };
        // The printed label (澤田会長) already says the role; an official's department does not.
        let (name, detail) = match (&attendee.label, &attendee.department) {
            (Some(label), department) => (label, department.as_deref().unwrap_or("")),
            (None, Some(department)) => (&attendee.name, department.as_str()),
            (None, None) => (&attendee.name, attendee.role.as_str()),
        };
        let how = match attendee.attendance {
            crate::model::meeting::Attendance::Online => lang.pick("（オンライン）", " (online)"),
            crate::model::meeting::Attendance::Proxy(_) => lang.pick("（代理）", " (proxy)"),
            _ => "",
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {}", clean(name)), style),
            Span::styled(format!(" {}{how}", clean(detail)), theme.dim()),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(lang.pick("出席者", "Attending").into(), theme)),
        rest,
    );
}

/// The plan item the newest linked statement refers to, as `number title`.
fn discussed(app: &App, meeting: &Meeting) -> Option<String> {
    let link = meeting
        .statements
        .iter()
        .rev()
        .find_map(|s| s.nodes.first())?;
    let plan = app.core.workspace.plan(&link.plan)?;
    let flat = plan.flatten();
    let node = flat.iter().find(|f| f.node.id == link.node)?;
    Some(format!(
        "{} {}",
        clean(&node.number),
        clean(&node.node.title)
    ))
}
