//! The meeting header form of meeting mode: title, times, place, each member's attendance,
//! the officials (説明員), the materials and the agenda as a list of fields with a cursor.
//!
//! Nothing is written while the form is open. Each field edited becomes a
//! [`HeaderOp`] applied at once to the form's own copy of the meeting (so a wrong time or an
//! item a statement still needs is refused right there, in the user's language, with the
//! typed text kept); "save" hands the operations to meeting mode, which applies them to the
//! minutes as one undoable edit through the journal. Esc closes the form with nothing
//! changed. The dialog knows neither the app nor a screen, so it is tested alone.

use super::Step;
use super::line_input::LineInput;
use crate::model::meeting::Attendance;
use crate::model::meeting_edit::{self, HeaderOp, How};
use crate::model::{Language, Meeting};
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// One line of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Title,
    Start,
    End,
    Place,
    /// A roster member's attendance (by attendee id).
    Attendance(String),
    /// An official or other attendee from outside the roster (by attendee id).
    Official(String),
    AddOfficial,
    Material(String),
    AddMaterial,
    /// An agenda item (by id): it can be removed.
    Agenda(String),
    AddAgenda,
    Save,
}

/// The line input of the field being edited, and what its text means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInput {
    pub row: Row,
    /// Editing the name of the proxy of the member in `row`.
    pub proxy: bool,
    pub line: LineInput<()>,
}

/// The open form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderForm {
    pub meeting_id: String,
    /// The meeting as the operations so far leave it (what the form shows).
    pub working: Meeting,
    /// Every change made in the form, in order: what "save" hands over.
    pub ops: Vec<HeaderOp>,
    /// Index into [`HeaderForm::rows`].
    pub selected: usize,
    pub input: Option<FieldInput>,
    /// Why the last change in the list was refused (removing what a statement needs).
    pub error: Option<String>,
    lang: Language,
}

/// Whether an attendee is one of the roster's members (their attendance is a row).
fn is_member(attendee: &crate::model::meeting::Attendee) -> bool {
    attendee.member.is_some()
}

impl HeaderForm {
    /// The form on `meeting`, the first field selected; messages in `lang`.
    pub fn new(meeting: &Meeting, lang: Language) -> Self {
        HeaderForm {
            meeting_id: meeting.id.clone(),
            working: meeting.clone(),
            ops: Vec::new(),
            selected: 0,
            input: None,
            error: None,
            lang,
        }
    }

    /// The rows in the order shown.
    pub fn rows(&self) -> Vec<Row> {
        let meeting = &self.working;
        let mut rows = vec![Row::Title, Row::Start, Row::End, Row::Place];
        rows.extend(
            meeting
                .attendees
                .iter()
                .filter(|a| is_member(a))
                .map(|a| Row::Attendance(a.id.clone())),
        );
        rows.extend(
            meeting
                .attendees
                .iter()
                .filter(|a| !is_member(a) && !matches!(a.attendance, Attendance::Proxy(_)))
                .map(|a| Row::Official(a.id.clone())),
        );
        rows.push(Row::AddOfficial);
        rows.extend(
            meeting
                .materials
                .iter()
                .map(|m| Row::Material(m.id.clone())),
        );
        rows.push(Row::AddMaterial);
        rows.extend(
            meeting
                .agenda_items()
                .iter()
                .map(|a| Row::Agenda(a.id.clone())),
        );
        rows.push(Row::AddAgenda);
        rows.push(Row::Save);
        rows
    }

    /// The row under the cursor.
    pub fn current(&self) -> Row {
        let rows = self.rows();
        let at = self.selected.min(rows.len() - 1);
        rows[at].clone()
    }

    /// Moves the cursor to the row `row`, if it is shown (tests and the pty driver use
    /// the keys instead).
    pub fn select(&mut self, row: &Row) {
        if let Some(at) = self.rows().iter().position(|r| r == row) {
            self.selected = at;
        }
    }

    /// Keys in the list: Up/Down move; Enter edits the field (or steps a member's
    /// attendance: present → absent → online → proxy → present; save on the save row);
    /// Delete removes an official, a material, an agenda item; Ctrl-S saves; Esc cancels the
    /// whole form. In a field's input, Enter applies it and Esc closes only the input.
    pub fn handle(&mut self, msg: &Msg) -> Step<Vec<HeaderOp>> {
        if let Some(input) = self.input.as_mut() {
            match input.line.handle(msg) {
                Step::Stay => {}
                Step::Cancel => self.input = None,
                Step::Done(text) => self.submit_field(&text),
            }
            return Step::Stay;
        }
        if let Msg::EditorKey(key) = msg {
            return self.list_key(*key);
        }
        match msg.command() {
            Some(Command::Cancel) => Step::Cancel,
            Some(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Some(Command::Down) => {
                self.selected = (self.selected + 1).min(self.rows().len() - 1);
                Step::Stay
            }
            Some(Command::Submit) => self.enter(),
            _ => Step::Stay,
        }
    }

    /// A raw key of the list: the few the form gives a meaning beyond the commands.
    fn list_key(&mut self, key: crossterm::event::KeyEvent) -> Step<Vec<HeaderOp>> {
        use crossterm::event::{KeyCode, KeyModifiers};
        match key.code {
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Step::Done(self.ops.clone())
            }
            KeyCode::Char('k') => self.handle(&Msg::Command(Command::Up)),
            KeyCode::Char('j') => self.handle(&Msg::Command(Command::Down)),
            KeyCode::Char(' ') => self.enter(),
            KeyCode::Delete | KeyCode::Backspace => {
                let (Row::Official(id) | Row::Material(id) | Row::Agenda(id)) = self.current()
                else {
                    return Step::Stay;
                };
                self.change(HeaderOp::Remove(id));
                Step::Stay
            }
            _ => Step::Stay,
        }
    }

    /// Enter on the selected row.
    fn enter(&mut self) -> Step<Vec<HeaderOp>> {
        self.error = None;
        let row = self.current();
        let meeting = &self.working;
        let text = match &row {
            Row::Save => return Step::Done(self.ops.clone()),
            Row::Attendance(id) => {
                let Some(attendee) = meeting.attendee(id) else {
                    return Step::Stay;
                };
                let how = match attendee.attendance {
                    Attendance::Present => How::Absent,
                    Attendance::Absent if proxy_of(meeting, id).is_some() => How::Present,
                    Attendance::Absent => How::Online,
                    Attendance::Online | Attendance::Proxy(_) => {
                        // The proxy's name first; the member stays online until it is given.
                        self.input = Some(FieldInput {
                            row,
                            proxy: true,
                            line: LineInput::new((), "").required(),
                        });
                        return Step::Stay;
                    }
                };
                self.change(HeaderOp::Attendance {
                    attendee: id.clone(),
                    how,
                });
                return Step::Stay;
            }
            Row::Agenda(_) => {
                self.error = Some(
                    self.lang
                        .pick(
                            "次第の項目は Delete で削除できます（名称の変更は削除して追加）",
                            "Delete removes an agenda item (to rename it, remove it and add it again)",
                        )
                        .into(),
                );
                return Step::Stay;
            }
            Row::Title => meeting.title.clone(),
            Row::Start => meeting.start.clone().unwrap_or_default(),
            Row::End => meeting.end.clone().unwrap_or_default(),
            Row::Place => meeting.place.clone(),
            Row::Official(id) => meeting.attendee(id).map_or(String::new(), |a| {
                format!("{}:{}", a.role, a.department.as_deref().unwrap_or(""))
            }),
            Row::Material(id) => {
                meeting
                    .materials
                    .iter()
                    .find(|m| &m.id == id)
                    .map_or(String::new(), |m| match m.pages {
                        Some(pages) => format!("{}:{pages}", m.title),
                        None => m.title.clone(),
                    })
            }
            Row::AddOfficial | Row::AddMaterial | Row::AddAgenda => String::new(),
        };
        let required = matches!(
            row,
            Row::Title | Row::AddOfficial | Row::AddMaterial | Row::AddAgenda
        );
        let line = LineInput::new((), text);
        self.input = Some(FieldInput {
            row,
            proxy: false,
            line: if required { line.required() } else { line },
        });
        Step::Stay
    }

    /// Enter in a field's input: the operation it means, applied to the form's copy; a
    /// refusal stays in the input with the text as typed.
    fn submit_field(&mut self, text: &str) {
        let Some(input) = self.input.as_ref() else {
            return;
        };
        let lang = self.lang;
        let op = match &input.row {
            Row::Attendance(id) if input.proxy => Some(HeaderOp::Attendance {
                attendee: id.clone(),
                how: How::Proxy(text.to_string()),
            }),
            Row::Title => Some(HeaderOp::Title(text.to_string())),
            Row::Start => Some(HeaderOp::Start(Some(text.to_string()))),
            Row::End => Some(HeaderOp::End(Some(text.to_string()))),
            Row::Place => Some(HeaderOp::Place(text.to_string())),
            Row::Official(id) => self
                .working
                .attendee(id)
                .and_then(|a| meeting_edit::parse_official(&format!("{}:{text}", a.name))),
            Row::AddOfficial => meeting_edit::parse_official(text),
            Row::Material(id) => meeting_edit::parse_material(&format!("{id}={text}")),
            Row::AddMaterial => meeting_edit::parse_material(text),
            Row::AddAgenda => Some(HeaderOp::Agenda(text.to_string())),
            Row::Attendance(_) | Row::Agenda(_) | Row::Save => None,
        };
        let Some(op) = op else {
            let expected = match input.row {
                Row::AddMaterial => lang.pick(
                    "書式は「資料2=題名:ページ数」です",
                    "the form is \"id=title:pages\"",
                ),
                _ => lang.pick(
                    "書式は「氏名:役職:所属」です",
                    "the form is \"name:role:department\"",
                ),
            };
            if let Some(input) = self.input.as_mut() {
                input.line.error = Some(expected.to_string());
            }
            return;
        };
        let mut edited = self.working.clone();
        match meeting_edit::apply(&mut edited, std::slice::from_ref(&op)) {
            Ok(()) => {
                self.working = edited;
                self.ops.push(op);
                // An item added goes above its "add" row; the cursor stays there, for the next.
                if let Some(FieldInput { row, .. }) = self.input.take() {
                    self.select(&row);
                }
                self.error = None;
            }
            Err(error) => {
                let message = crate::i18n::Localize::message(&error, lang);
                if let Some(input) = self.input.as_mut() {
                    input.line.error = Some(crate::model::sanitize_inline(&message));
                }
            }
        }
    }

    /// A change made in the list itself (attendance, removal): applied, or its refusal shown.
    fn change(&mut self, op: HeaderOp) {
        let mut edited = self.working.clone();
        match meeting_edit::apply(&mut edited, std::slice::from_ref(&op)) {
            Ok(()) => {
                self.working = edited;
                self.ops.push(op);
                self.error = None;
                self.selected = self.selected.min(self.rows().len() - 1);
            }
            Err(error) => {
                let message = crate::i18n::Localize::message(&error, self.lang);
                self.error = Some(crate::model::sanitize_inline(&message));
            }
        }
    }
}

/// The attendee attending on behalf of `id`, if any.
pub fn proxy_of<'a>(meeting: &'a Meeting, id: &str) -> Option<&'a crate::model::meeting::Attendee> {
    meeting
        .attendees
        .iter()
        .find(|a| a.attendance == Attendance::Proxy(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> Meeting {
        let committee: crate::model::settings::Committee = ron::from_str(
            "(id: \"c\", name: \"委員会\", members: [(id: \"kato\", name: \"加藤\", role: \"委員\"), (id: \"sato\", name: \"佐藤\", role: \"委員\")])",
        )
        .expect("committee");
        let header = crate::model::meeting_draft::Header {
            start: Some("14:00".into()),
            ..Default::default()
        };
        let date = chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date");
        crate::model::meeting_draft::draft(&committee, &header, date)
    }

    fn cmd(form: &mut HeaderForm, command: Command) -> Step<Vec<HeaderOp>> {
        form.handle(&Msg::Command(command))
    }

    fn type_text(form: &mut HeaderForm, text: &str) {
        for c in text.chars() {
            form.handle(&Msg::Type(c));
        }
    }

    /// Clears the input of the field and types `text`, then Enter.
    fn fill(form: &mut HeaderForm, text: &str) {
        form.handle(&Msg::ClearLine);
        // ClearLine removes what is before the cursor, which starts at the end.
        type_text(form, text);
        cmd(form, Command::Submit);
    }

    #[test]
    fn fields_attendance_officials_materials_and_agenda_become_operations() {
        let mut form = HeaderForm::new(&meeting(), Language::En);
        form.select(&Row::End);
        cmd(&mut form, Command::Submit);
        fill(&mut form, "１５：３０");
        assert!(form.input.is_none());
        assert_eq!(form.working.end.as_deref(), Some("15:30"));
        form.select(&Row::Attendance("kato".into()));
        cmd(&mut form, Command::Submit);
        assert_eq!(
            form.working.attendee("kato").map(|a| &a.attendance),
            Some(&Attendance::Absent)
        );
        form.select(&Row::Attendance("sato".into()));
        for _ in 0..3 {
            cmd(&mut form, Command::Submit);
        }
        assert!(form.input.as_ref().is_some_and(|i| i.proxy));
        fill(&mut form, "山田花子");
        assert_eq!(
            proxy_of(&form.working, "sato").map(|a| a.name.as_str()),
            Some("山田花子")
        );
        form.select(&Row::AddOfficial);
        cmd(&mut form, Command::Submit);
        fill(&mut form, "田中一郎：説明員：総務局");
        form.select(&Row::AddMaterial);
        cmd(&mut form, Command::Submit);
        fill(&mut form, "資料2=DX計画:１２");
        form.select(&Row::AddAgenda);
        cmd(&mut form, Command::Submit);
        fill(&mut form, "その他");
        form.select(&Row::Save);
        let Step::Done(ops) = cmd(&mut form, Command::Submit) else {
            panic!("saves");
        };
        assert_eq!(ops.len(), 8, "{ops:?}");
        let mut applied = meeting();
        meeting_edit::apply(&mut applied, &ops).expect("the ops apply to the meeting");
        assert_eq!(applied, form.working);
        assert_eq!(applied.materials[0].pages, Some(12));
        assert_eq!(applied.agenda[0].title, "その他");
    }

    #[test]
    fn a_wrong_time_stays_in_the_input_with_the_reason_in_japanese() {
        let mut form = HeaderForm::new(&meeting(), Language::Ja);
        form.select(&Row::End);
        cmd(&mut form, Command::Submit);
        fill(&mut form, "13:00");
        let input = form.input.as_ref().expect("still open");
        assert_eq!(input.line.text, "13:00");
        assert!(
            input
                .line
                .error
                .as_deref()
                .is_some_and(|e| e.contains("開始 14:00 より前")),
            "{input:?}"
        );
        // Esc closes the input only; Esc again the form, with nothing to save.
        assert_eq!(cmd(&mut form, Command::Cancel), Step::Stay);
        assert!(form.input.is_none() && form.ops.is_empty());
        assert_eq!(cmd(&mut form, Command::Cancel), Step::Cancel);
    }

    #[test]
    fn delete_removes_an_item_and_what_a_statement_needs_is_refused() {
        let mut base = meeting();
        meeting_edit::apply(
            &mut base,
            &[
                HeaderOp::Agenda("開会".into()),
                HeaderOp::Agenda("議事".into()),
            ],
        )
        .expect("agenda");
        base.statements.push(crate::model::Statement {
            id: "s1".into(),
            heading: None,
            speaker: "kato".into(),
            label: None,
            kind: crate::model::StatementKind::Procedural,
            text: "開会します".into(),
            materials: vec![],
            nodes: vec![],
            reply_to: None,
            agenda: Some("a1".into()),
            time: None,
            needs_response: false,
        });
        let mut form = HeaderForm::new(&base, Language::En);
        let delete = Msg::EditorKey(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Delete,
        ));
        form.select(&Row::Agenda("a1".into()));
        form.handle(&delete);
        assert!(
            form.error.as_deref().is_some_and(|e| e.contains("s1")),
            "{:?}",
            form.error
        );
        form.select(&Row::Agenda("a2".into()));
        form.handle(&delete);
        assert_eq!(form.ops, vec![HeaderOp::Remove("a2".into())]);
        assert!(!form.rows().contains(&Row::Agenda("a2".into())));
    }
}
