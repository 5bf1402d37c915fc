//! The meeting header form: one line per field (name, value), the cursor on the selected
//! one, the input of the field being edited below the list with its format or its refusal,
//! and the keys at the bottom. Every value comes from a file or the keyboard: sanitised.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{block, clean};
use crate::model::meeting::Attendance;
use crate::model::{Language, Meeting};
use crate::tui::app::App;
use crate::tui::dialog::header_form::{FieldInput, HeaderForm, Row, proxy_of};
use crate::tui::theme::Theme;

/// The widest the form gets; narrower terminals get all of their width.
const WIDTH: u16 = 96;

/// The width of the field names' column, in cells.
const NAME_WIDTH: usize = 14;

/// How a member took part, in words.
fn attendance(meeting: &Meeting, id: &str, lang: Language) -> String {
    let Some(attendee) = meeting.attendee(id) else {
        return String::new();
    };
    if let Some(proxy) = proxy_of(meeting, id) {
        return format!(
            "{}（{}）",
            lang.pick("代理出席", "by proxy"),
            clean(&proxy.name)
        );
    }
    match attendee.attendance {
        Attendance::Present => lang.pick("出席", "present"),
        Attendance::Absent => lang.pick("欠席", "absent"),
        Attendance::Online => lang.pick("オンライン", "online"),
        Attendance::Proxy(_) => lang.pick("代理", "proxy"),
    }
    .to_string()
}

/// The name and the value of a row.
fn row_text(meeting: &Meeting, row: &Row, lang: Language) -> (String, String) {
    let none = || lang.pick("—", "—").to_string();
    let or_none = |value: Option<&str>| value.filter(|v| !v.is_empty()).map_or_else(none, clean);
    match row {
        Row::Title => (lang.pick("題名", "Title").into(), clean(&meeting.title)),
        Row::Start => (
            lang.pick("開始", "Start").into(),
            or_none(meeting.start.as_deref()),
        ),
        Row::End => (
            lang.pick("終了", "End").into(),
            or_none(meeting.end.as_deref()),
        ),
        Row::Place => (
            lang.pick("場所", "Place").into(),
            or_none(Some(&meeting.place)),
        ),
        Row::Attendance(id) => {
            let who = meeting.attendee(id).map_or(String::new(), |a| {
                format!("{} {}", clean(&a.name), clean(&a.role))
            });
            (
                lang.pick("出欠", "Attendance").into(),
                format!("{who}  {}", attendance(meeting, id, lang)),
            )
        }
        Row::Official(id) => (
            lang.pick("説明員等", "Official").into(),
            meeting.attendee(id).map_or(String::new(), |a| {
                let department = a.department.as_deref().unwrap_or("");
                format!(
                    "{}  {}  {}",
                    clean(&a.name),
                    clean(&a.role),
                    clean(department)
                )
                .trim_end()
                .to_string()
            }),
        ),
        Row::Material(id) => (
            lang.pick("資料", "Material").into(),
            meeting
                .materials
                .iter()
                .find(|m| &m.id == id)
                .map_or(String::new(), |m| {
                    let pages = m.pages.map_or(String::new(), |p| {
                        lang.pick(&format!("  {p}ページ"), &format!("  {p} pages"))
                            .to_string()
                    });
                    format!("{}  {}{pages}", clean(&m.id), clean(&m.title))
                }),
        ),
        Row::Agenda(id) => (
            lang.pick("次第", "Agenda").into(),
            meeting
                .agenda_items()
                .into_iter()
                .find(|a| &a.id == id)
                .map_or(String::new(), |a| {
                    format!("{} {}", clean(&a.number), clean(&a.title))
                        .trim()
                        .to_string()
                }),
        ),
        Row::AddOfficial => (
            String::new(),
            lang.pick("＋ 説明員を追加", "+ add an official").into(),
        ),
        Row::AddMaterial => (
            String::new(),
            lang.pick("＋ 資料を追加", "+ add a material").into(),
        ),
        Row::AddAgenda => (
            String::new(),
            lang.pick("＋ 次第に項目を追加", "+ add an agenda item")
                .into(),
        ),
        Row::Save => (String::new(), lang.pick("［保存］", "[Save]").into()),
    }
}

/// What the input of a field asks for.
fn input_title(form: &HeaderForm, input: &FieldInput, lang: Language) -> String {
    let meeting = &form.working;
    let name = |id: &str| {
        meeting
            .attendee(id)
            .map_or(String::new(), |a| clean(&a.name))
    };
    match &input.row {
        Row::Attendance(id) => format!(
            "{} {}",
            name(id),
            lang.pick("の代理出席者の氏名", ": the proxy's name")
        ),
        Row::Official(id) => format!(
            "{} — {}",
            name(id),
            lang.pick("役職:所属", "role:department")
        ),
        Row::AddOfficial => lang
            .pick("説明員 — 氏名:役職:所属", "Official — name:role:department")
            .into(),
        Row::Material(id) => format!(
            "{} — {}",
            clean(id),
            lang.pick("題名:ページ数", "title:pages")
        ),
        Row::AddMaterial => lang
            .pick("資料 — 資料2=題名:ページ数", "Material — id=title:pages")
            .into(),
        Row::AddAgenda => lang.pick("次第の項目", "Agenda item").into(),
        Row::Start | Row::End => format!("{} — HH:MM", row_text(meeting, &input.row, lang).0),
        row => row_text(meeting, row, lang).0,
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme, form: &HeaderForm) {
    let lang = app.core.lang;
    let rows = form.rows();
    let input_height = if form.input.is_some() { 4 } else { 0 };
    // As tall as the rows need (borders, the input, the key line), as the screen allows.
    let wanted = u16::try_from(rows.len() + 3).unwrap_or(u16::MAX) + input_height;
    let popup = crate::tui::popup::centered(area, WIDTH, wanted.min(area.height.saturating_sub(2)));
    frame.render_widget(Clear, popup);
    let [list, input, keys] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(input_height),
        Constraint::Length(1),
    ])
    .areas(popup);
    let inner = usize::from(list.width.saturating_sub(2));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| {
            let (name, value) = row_text(&form.working, row, lang);
            let room = inner.saturating_sub(NAME_WIDTH + 1);
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!(" {}", crate::text::pad(&name, NAME_WIDTH)),
                    theme.dim(),
                ),
                Span::raw(crate::text::truncate(&value, room.max(8))),
            ]))
        })
        .collect();
    let changes = form.ops.len();
    let title = format!(
        "{} — {} ({})",
        lang.pick("会議情報", "Meeting header"),
        clean(&form.working.id),
        match lang {
            Language::Ja => format!("未保存の変更 {changes} 件"),
            Language::En => format!("{changes} unsaved change(s)"),
        }
    );
    let mut state = ListState::default().with_selected(Some(form.selected.min(rows.len() - 1)));
    let highlight = if form.input.is_some() {
        theme.dim()
    } else {
        theme.selected()
    };
    frame.render_stateful_widget(
        List::new(items)
            .block(block(title, theme))
            .highlight_style(highlight),
        list,
        &mut state,
    );
    if let Some(field) = &form.input {
        let chars: Vec<char> = field.line.text.chars().collect();
        let split = field.line.cursor.min(chars.len());
        let before: String = chars[..split].iter().collect();
        let after: String = chars[split..].iter().collect();
        let note = match &field.line.error {
            Some(error) => Line::styled(clean(error), theme.bad()),
            None => Line::styled(
                lang.pick(
                    "Enter 反映 / Esc 戻る（全角数字・全角コロンも可）",
                    "Enter apply / Esc back (full-width digits and colons are fine)",
                ),
                theme.dim(),
            ),
        };
        let lines = vec![
            Line::from(vec![
                Span::raw(clean(&before)),
                Span::styled("▏", theme.key()),
                Span::raw(clean(&after)),
            ]),
            note,
        ];
        frame.render_widget(
            Paragraph::new(lines).block(block(input_title(form, field, lang), theme)),
            input,
        );
    }
    let line = match &form.error {
        Some(error) => Line::styled(format!(" {}", clean(error)), theme.bad()),
        None => Line::styled(
            lang.pick(
                " Enter 編集・出欠切替  Del 削除  Ctrl-S 保存  Esc 取消（何も書き込みません）",
                " Enter edit / attendance  Del remove  Ctrl-S save  Esc cancel (writes nothing)",
            ),
            theme.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(line).style(theme.base()), keys);
}
