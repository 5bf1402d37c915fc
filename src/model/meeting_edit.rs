//! Changes to a meeting's header after it was created: times, place, title, attendance
//! (present, absent, online, or represented by a proxy), officials (説明員) with their role
//! and department, materials with their page counts, and the agenda.
//!
//! The edit is a value (parsed by the CLI today, built by the TUI's header form later) and
//! is applied all at once or not at all: the first wrong operation stops it with a message
//! saying what was expected, and the caller writes nothing.

use serde::{Deserialize, Serialize};

use super::meeting::{AgendaItem, Attendance, Attendee, Material, Meeting};

/// The part of a meeting a header edit changes, as one value: the TUI journals it before and
/// after an edit, so undo and redo put it back whole and a crash replays it (see
/// [`crate::model::statement_ops::Edit::header`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderFields {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretariat: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Material>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<AgendaItem>,
}

impl HeaderFields {
    pub fn of(meeting: &Meeting) -> Self {
        HeaderFields {
            title: meeting.title.clone(),
            start: meeting.start.clone(),
            end: meeting.end.clone(),
            place: meeting.place.clone(),
            chair: meeting.chair.clone(),
            secretariat: meeting.secretariat.clone(),
            attendees: meeting.attendees.clone(),
            materials: meeting.materials.clone(),
            agenda: meeting.agenda.clone(),
        }
    }

    /// Puts these fields into `meeting` (the statements and the rest stay).
    pub fn put(&self, meeting: &mut Meeting) {
        meeting.title.clone_from(&self.title);
        meeting.start.clone_from(&self.start);
        meeting.end.clone_from(&self.end);
        meeting.place.clone_from(&self.place);
        meeting.chair.clone_from(&self.chair);
        meeting.secretariat.clone_from(&self.secretariat);
        meeting.attendees.clone_from(&self.attendees);
        meeting.materials.clone_from(&self.materials);
        meeting.agenda.clone_from(&self.agenda);
    }
}

/// A header edit as journalled: the fields before and after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderChange {
    pub before: HeaderFields,
    pub after: HeaderFields,
}

/// What a statement of `meeting` refers to that `fields` lack (its speaker, material or
/// agenda item), as the refusal: undoing or redoing a header edit must not leave a statement
/// recorded since pointing at nothing.
pub fn missing_reference(meeting: &Meeting, fields: &HeaderFields) -> Option<HeaderError> {
    let mut probe = meeting.clone();
    fields.put(&mut probe);
    let agenda: Vec<&str> = probe.agenda_items().iter().map(|a| a.id.as_str()).collect();
    probe.statements.iter().find_map(|s| {
        let missing = if probe.attendee(&s.speaker).is_none() {
            Some(&s.speaker)
        } else if let Some(material) = s
            .materials
            .iter()
            .find(|m| !probe.materials.iter().any(|p| p.id == m.material))
        {
            Some(&material.material)
        } else {
            s.agenda
                .as_ref()
                .filter(|id| !agenda.contains(&id.as_str()))
        };
        missing.map(|id| HeaderError::InUse {
            id: id.clone(),
            statement: s.id.clone(),
        })
    })
}

/// One change to the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderOp {
    Title(String),
    /// Empty clears it.
    Place(String),
    /// `HH:MM`; `None` clears it.
    Start(Option<String>),
    /// `HH:MM`; `None` clears it.
    End(Option<String>),
    /// How an attendee (by id) took part.
    Attendance {
        attendee: String,
        how: How,
    },
    /// Adds an official (説明員 and the like), or updates the one with this name.
    Official {
        name: String,
        role: String,
        department: Option<String>,
    },
    /// Adds a material, or retitles the one with this id.
    Material {
        id: String,
        title: String,
        pages: Option<u32>,
    },
    /// Appends a top-level agenda item.
    Agenda(String),
    /// Removes an attendee, material or agenda item with this id, when no statement needs it.
    Remove(String),
}

/// Attendance as asked for: a proxy is named, and becomes an attendee of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    Present,
    Absent,
    Online,
    /// Represented by this person (代理出席); the member counts as absent.
    Proxy(String),
}

/// Why an edit cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("no attendee \"{0}\" in the meeting")]
    UnknownAttendee(String),
    #[error("\"{0}\" is not a time HH:MM (00:00–23:59)")]
    BadTime(String),
    #[error("the end {end} is before the start {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("nothing named \"{0}\" to remove (attendee, material or agenda item id)")]
    NothingToRemove(String),
    #[error("\"{id}\" cannot be removed: statement {statement} refers to it")]
    InUse { id: String, statement: String },
    /// What is empty, in Japanese and English.
    #[error("{1} cannot be empty")]
    Empty(&'static str, &'static str),
}

impl crate::i18n::Localize for HeaderError {
    fn message(&self, lang: super::settings::Language) -> String {
        if lang == super::settings::Language::En {
            return self.to_string();
        }
        match self {
            HeaderError::UnknownAttendee(id) => format!("会議に出席者「{id}」はいません"),
            HeaderError::BadTime(text) => {
                format!("「{text}」は時刻 HH:MM（00:00〜23:59）ではありません")
            }
            HeaderError::EndBeforeStart { start, end } => {
                format!("終了 {end} が開始 {start} より前です")
            }
            HeaderError::NothingToRemove(id) => format!(
                "削除する「{id}」がありません（出席者・資料・次第の id を指定してください）"
            ),
            HeaderError::InUse { id, statement } => {
                format!("「{id}」は発言 {statement} が参照しているため削除できません")
            }
            HeaderError::Empty(what, _) => format!("{what}を空にはできません"),
        }
    }
}

/// Whether `text` is a time of day `HH:MM`.
pub fn is_time(text: &str) -> bool {
    chrono::NaiveTime::parse_from_str(text, "%H:%M").is_ok() && text.len() == 5
}

/// A time as typed (full-width digits and colon as the IME gives them, `9:30` without the
/// leading zero) in the stored form `HH:MM`; `None` when it is no time of day.
pub fn normal_time(text: &str) -> Option<String> {
    let text = super::fiscal_year::normalize_width(text.trim());
    chrono::NaiveTime::parse_from_str(&text, "%H:%M")
        .ok()
        .filter(|_| text.len() <= 5)
        .map(|t| t.format("%H:%M").to_string())
}

/// Full-width colons and equals signs as typed with the IME on read as ASCII.
fn ascii_punctuation(spec: &str) -> String {
    spec.replace('：', ":").replace('＝', "=")
}

/// An official as `name:role:department` (role and department may be left out; full-width
/// colons as typed with the IME are read too): the CLI's `--official` and the header form's
/// field. `None` without a name.
pub fn parse_official(spec: &str) -> Option<HeaderOp> {
    let normal = ascii_punctuation(spec);
    let mut parts = normal.splitn(3, ':');
    let name = parts.next().unwrap_or_default().trim();
    if name.is_empty() {
        return None;
    }
    Some(HeaderOp::Official {
        name: name.to_string(),
        role: parts.next().unwrap_or_default().trim().to_string(),
        department: parts.next().map(|d| d.trim().to_string()),
    })
}

/// A material as `id=title:pages` (the page count after the last colon when it is a
/// number, in ASCII or full-width digits; a title may hold colons of its own). `None`
/// without the `=`.
pub fn parse_material(spec: &str) -> Option<HeaderOp> {
    let normal = ascii_punctuation(spec);
    let (id, rest) = normal.split_once('=')?;
    let (title, pages) = match rest.rsplit_once(':') {
        Some((title, pages)) if !pages.trim().is_empty() => match page_count(pages) {
            Some(pages) => (title, Some(pages)),
            None => (rest, None),
        },
        _ => (rest, None),
    };
    Some(HeaderOp::Material {
        id: id.trim().to_string(),
        title: title.trim().to_string(),
        pages,
    })
}

/// A page count in ASCII or full-width digits.
pub fn page_count(text: &str) -> Option<u32> {
    super::fiscal_year::normalize_width(text.trim())
        .parse()
        .ok()
}

/// Applies every operation in order, or none (the meeting is untouched on error).
pub fn apply(meeting: &mut Meeting, ops: &[HeaderOp]) -> Result<(), HeaderError> {
    let mut edited = meeting.clone();
    for op in ops {
        apply_one(&mut edited, op)?;
    }
    if let (Some(start), Some(end)) = (&edited.start, &edited.end)
        && end < start
    {
        return Err(HeaderError::EndBeforeStart {
            start: start.clone(),
            end: end.clone(),
        });
    }
    *meeting = edited;
    Ok(())
}

fn time(value: Option<&str>) -> Result<Option<String>, HeaderError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => normal_time(text)
            .map(Some)
            .ok_or_else(|| HeaderError::BadTime(text.to_string())),
    }
}

fn apply_one(meeting: &mut Meeting, op: &HeaderOp) -> Result<(), HeaderError> {
    match op {
        HeaderOp::Title(title) => {
            let title = title.trim();
            if title.is_empty() {
                return Err(HeaderError::Empty("題名", "the title"));
            }
            meeting.title = title.to_string();
        }
        HeaderOp::Place(place) => meeting.place = place.trim().to_string(),
        HeaderOp::Start(value) => meeting.start = time(value.as_deref())?,
        HeaderOp::End(value) => meeting.end = time(value.as_deref())?,
        HeaderOp::Attendance { attendee, how } => set_attendance(meeting, attendee, how)?,
        HeaderOp::Official {
            name,
            role,
            department,
        } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(HeaderError::Empty("説明員の氏名", "an official's name"));
            }
            let role = match role.trim() {
                "" => "説明員",
                role => role,
            };
            let department = department
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string);
            if let Some(official) = meeting
                .attendees
                .iter_mut()
                .find(|a| a.member.is_none() && a.name == name)
            {
                official.role = role.to_string();
                official.department = department;
            } else {
                let id = fresh_id(meeting, "official");
                meeting.attendees.push(Attendee {
                    id,
                    name: name.to_string(),
                    role: role.to_string(),
                    member: None,
                    label: None,
                    department,
                    attendance: Attendance::Present,
                });
            }
        }
        HeaderOp::Material { id, title, pages } => {
            let id = id.trim();
            if id.is_empty() {
                return Err(HeaderError::Empty("資料の id", "a material id"));
            }
            match meeting.materials.iter_mut().find(|m| m.id == id) {
                Some(material) => {
                    material.title = title.trim().to_string();
                    material.pages = *pages;
                }
                None => meeting.materials.push(Material {
                    id: id.to_string(),
                    title: title.trim().to_string(),
                    pages: *pages,
                }),
            }
        }
        HeaderOp::Agenda(title) => {
            let title = title.trim();
            if title.is_empty() {
                return Err(HeaderError::Empty("次第の項目", "an agenda item"));
            }
            let mut n = meeting.agenda.len() + 1;
            let taken: Vec<String> = meeting
                .agenda_items()
                .iter()
                .map(|a| a.id.clone())
                .collect();
            while taken.contains(&format!("a{n}")) {
                n += 1;
            }
            let number = format!("({})", meeting.agenda.len() + 1);
            meeting.agenda.push(AgendaItem {
                id: format!("a{n}"),
                number,
                title: title.to_string(),
                nodes: Vec::new(),
                children: Vec::new(),
            });
        }
        HeaderOp::Remove(id) => remove(meeting, id)?,
    }
    Ok(())
}

/// An attendee id not yet taken: `official-1`, `official-2` …
fn fresh_id(meeting: &Meeting, stem: &str) -> String {
    // At most one more candidate than there are attendees is ever needed.
    (1..=meeting.attendees.len() + 1)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| meeting.attendee(id).is_none())
        .unwrap_or_else(|| stem.to_string())
}

fn set_attendance(meeting: &mut Meeting, id: &str, how: &How) -> Result<(), HeaderError> {
    if meeting.attendee(id).is_none() {
        return Err(HeaderError::UnknownAttendee(id.to_string()));
    }
    // A proxy named before for this attendee goes when the attendance changes again.
    let proxy_of = |a: &Attendee| a.attendance == Attendance::Proxy(id.to_string());
    let speaking: Vec<String> = meeting
        .statements
        .iter()
        .map(|s| s.speaker.clone())
        .collect();
    let old_proxy = meeting.attendees.iter().find(|a| proxy_of(a)).cloned();
    let attendance = match how {
        How::Present => Attendance::Present,
        How::Absent | How::Proxy(_) => Attendance::Absent,
        How::Online => Attendance::Online,
    };
    if let Some(attendee) = meeting.attendees.iter_mut().find(|a| a.id == id) {
        attendee.attendance = attendance;
    }
    match how {
        How::Proxy(name) => {
            let name = name.trim();
            if name.is_empty() {
                return Err(HeaderError::Empty("代理出席者の氏名", "the proxy's name"));
            }
            if let Some(proxy) = meeting.attendees.iter_mut().find(|a| proxy_of(a)) {
                proxy.name = name.to_string();
            } else {
                // The proxy sits in the member's seat: same role, so the minutes list them
                // among the members present, marked 代理出席.
                let role = meeting
                    .attendee(id)
                    .map(|a| a.role.clone())
                    .unwrap_or_default();
                let proxy = Attendee {
                    id: fresh_id(meeting, &format!("{id}-proxy")),
                    name: name.to_string(),
                    role,
                    member: None,
                    label: None,
                    department: None,
                    attendance: Attendance::Proxy(id.to_string()),
                };
                meeting.attendees.push(proxy);
            }
        }
        _ => {
            if let Some(old) = old_proxy {
                if let Some(statement) = speaking.iter().find(|s| **s == old.id) {
                    return Err(HeaderError::InUse {
                        id: old.id.clone(),
                        statement: statement.clone(),
                    });
                }
                meeting.attendees.retain(|a| a.id != old.id);
            }
        }
    }
    Ok(())
}

/// Drops the agenda item `id` wherever it is nested.
fn prune(items: &mut Vec<AgendaItem>, id: &str) {
    items.retain(|a| a.id != id);
    for item in items {
        prune(&mut item.children, id);
    }
}

fn remove(meeting: &mut Meeting, id: &str) -> Result<(), HeaderError> {
    let in_use = |meeting: &Meeting, uses: &dyn Fn(&super::Statement) -> bool| {
        meeting
            .statements
            .iter()
            .find(|s| uses(s))
            .map(|s| HeaderError::InUse {
                id: id.to_string(),
                statement: s.id.clone(),
            })
    };
    if meeting.attendee(id).is_some() {
        if let Some(error) = in_use(meeting, &|s| s.speaker == id) {
            return Err(error);
        }
        meeting.attendees.retain(|a| a.id != id);
        if meeting.chair.as_deref() == Some(id) {
            meeting.chair = None;
        }
        if meeting.secretariat.as_deref() == Some(id) {
            meeting.secretariat = None;
        }
        return Ok(());
    }
    if meeting.materials.iter().any(|m| m.id == id) {
        if let Some(error) = in_use(meeting, &|s| s.materials.iter().any(|m| m.material == id)) {
            return Err(error);
        }
        meeting.materials.retain(|m| m.id != id);
        return Ok(());
    }
    if meeting.agenda_items().iter().any(|a| a.id == id) {
        if let Some(error) = in_use(meeting, &|s| s.agenda.as_deref() == Some(id)) {
            return Err(error);
        }
        prune(&mut meeting.agenda, id);
        return Ok(());
    }
    Err(HeaderError::NothingToRemove(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meeting_draft::{Header, draft};
    use crate::model::settings::Committee;

    fn meeting() -> Meeting {
        let committee: Committee = ron::from_str(
            "(id: \"c\", name: \"委員会\", members: [(id: \"kato\", name: \"加藤\", role: \"委員\")])",
        )
        .expect("committee");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date");
        let header = Header {
            start: Some("14:00".into()),
            ..Header::default()
        };
        draft(&committee, &header, date)
    }

    #[test]
    fn header_fields_attendance_officials_materials_and_agenda_change() {
        let mut m = meeting();
        apply(
            &mut m,
            &[
                HeaderOp::End(Some("15:30".into())),
                HeaderOp::Place("本庁舎14階".into()),
                HeaderOp::Attendance {
                    attendee: "kato".into(),
                    how: How::Proxy("山田花子".into()),
                },
                HeaderOp::Official {
                    name: "田中一郎".into(),
                    role: "説明員".into(),
                    department: Some("総務局".into()),
                },
                HeaderOp::Official {
                    name: "佐藤次郎".into(),
                    role: String::new(),
                    department: None,
                },
                HeaderOp::Material {
                    id: "資料2".into(),
                    title: "DX計画".into(),
                    pages: Some(12),
                },
                HeaderOp::Agenda("その他".into()),
            ],
        )
        .expect("applies");
        assert_eq!(m.end.as_deref(), Some("15:30"));
        assert_eq!(m.place, "本庁舎14階");
        assert_eq!(
            m.attendee("kato").map(|a| &a.attendance),
            Some(&Attendance::Absent)
        );
        let proxy = m.attendee("kato-proxy-1").expect("proxy attendee");
        assert_eq!(proxy.attendance, Attendance::Proxy("kato".into()));
        assert_eq!(proxy.name, "山田花子");
        let official = m.attendee("official-1").expect("official");
        assert_eq!(official.department.as_deref(), Some("総務局"));
        assert_eq!(
            m.attendee("official-2").map(|a| a.role.as_str()),
            Some("説明員")
        );
        assert_eq!(m.materials[0].pages, Some(12));
        assert_eq!(m.agenda[0].id, "a1");
        assert_eq!(m.agenda[0].number, "(1)");
        // Back to present: the proxy goes.
        apply(
            &mut m,
            &[HeaderOp::Attendance {
                attendee: "kato".into(),
                how: How::Present,
            }],
        )
        .expect("applies");
        assert!(m.attendee("kato-proxy-1").is_none());
    }

    #[test]
    fn times_are_read_as_typed_with_the_ime() {
        assert_eq!(normal_time("１５：３０").as_deref(), Some("15:30"));
        assert_eq!(normal_time(" 9:05 ").as_deref(), Some("09:05"));
        assert_eq!(normal_time("24:00"), None);
        assert_eq!(normal_time("15:300"), None);
        let mut m = meeting();
        apply(&mut m, &[HeaderOp::End(Some("１６：００".into()))]).expect("full width");
        assert_eq!(m.end.as_deref(), Some("16:00"));
    }

    /// Putting back a header whose official a statement now quotes is refused, naming both;
    /// the header with the official is fine.
    #[test]
    fn an_old_header_missing_a_speaker_is_named() {
        let mut m = meeting();
        let before = HeaderFields::of(&m);
        apply(
            &mut m,
            &[HeaderOp::Official {
                name: "田中".into(),
                role: String::new(),
                department: None,
            }],
        )
        .expect("applies");
        let after = HeaderFields::of(&m);
        assert_eq!(missing_reference(&m, &before), None);
        let mut statement = crate::model::Statement {
            id: "s1".into(),
            heading: None,
            speaker: "official-1".into(),
            label: None,
            kind: crate::model::StatementKind::Answer,
            text: "答弁".into(),
            materials: vec![],
            nodes: vec![],
            reply_to: None,
            agenda: Some("a9".into()),
            time: None,
            needs_response: false,
        };
        m.statements.push(statement.clone());
        assert_eq!(
            missing_reference(&m, &before),
            Some(HeaderError::InUse {
                id: "official-1".into(),
                statement: "s1".into()
            })
        );
        assert!(matches!(
            missing_reference(&m, &after),
            Some(HeaderError::InUse { id, .. }) if id == "a9"
        ));
        statement.agenda = None;
        m.statements[0] = statement;
        assert_eq!(missing_reference(&m, &after), None);
        let mut back = m.clone();
        before.put(&mut back);
        assert!(back.attendee("official-1").is_none());
        assert_eq!(back.statements, m.statements);
    }

    #[test]
    fn a_wrong_operation_changes_nothing() {
        let mut m = meeting();
        let before = m.clone();
        for ops in [
            vec![
                HeaderOp::Place("x".into()),
                HeaderOp::End(Some("25:00".into())),
            ],
            vec![HeaderOp::End(Some("13:00".into()))],
            vec![HeaderOp::Attendance {
                attendee: "nobody".into(),
                how: How::Online,
            }],
            vec![HeaderOp::Remove("資料9".into())],
            vec![HeaderOp::Title(" ".into())],
        ] {
            assert!(apply(&mut m, &ops).is_err(), "{ops:?}");
            assert_eq!(m, before);
        }
    }

    #[test]
    fn what_a_statement_needs_is_not_removed() {
        let mut m = meeting();
        m.statements.push(crate::model::Statement::new(
            "s1",
            "kato",
            crate::model::StatementKind::Opinion,
            "意見",
        ));
        assert_eq!(
            apply(&mut m, &[HeaderOp::Remove("kato".into())]),
            Err(HeaderError::InUse {
                id: "kato".into(),
                statement: "s1".into()
            })
        );
        apply(&mut m, &[HeaderOp::Remove("secretariat".into())]).expect("nobody quoted it");
        assert_eq!(m.secretariat, None);
    }
}
