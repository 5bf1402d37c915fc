//! Akoma Ntoso 3.0 export: the minutes as a `debate`, valid against the OASIS schema.
//!
//! Akoma Ntoso is the OASIS standard for parliamentary and legal documents; debate
//! transcripts in it name every speaker once under `<references>` (`TLCPerson`, `TLCRole`)
//! and then point at them from each `<speech by="#…" as="#…">`, which is what lets
//! archives link one committee member's statements across years. Questions and answers are
//! `<question>` / `<answer>`; an answer's `to` names the member it replies to. The statement
//! kind goes into `class` (allowed on every element), so nothing is lost.
//!
//! The XML is written by hand — it is small and fixed — with every text and attribute
//! escaped and characters XML 1.0 forbids replaced by U+FFFD.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::export::{
    DOCUMENT_SUFFIX, SECTION_STATEMENTS, end_time, japanese_time, published_title, reference_line,
    wareki_date,
};
use super::{attendee_label, is_member, speaker_label};
use crate::model::Meeting;
use crate::model::meeting::{AgendaItem, Attendance, StatementKind};

/// The Akoma Ntoso 3.0 namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// Escapes text for element content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Whether XML 1.0 allows the character at all (even escaped, it may not carry C0 controls
/// other than tab and line breaks, nor U+FFFE/U+FFFF).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

/// A tiny indenting XML writer; attributes are escaped here, text by the caller via `text`.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn tag(name: &str, attrs: &[(&str, &str)]) -> String {
        let mut tag = format!("<{name}");
        for (key, value) in attrs {
            let _ = write!(tag, " {key}=\"{}\"", escape(value));
        }
        tag
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let tag = Self::tag(name, attrs);
        self.line(&format!("{tag}>"));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(&format!("</{name}>"));
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let tag = Self::tag(name, attrs);
        self.line(&format!("{tag}/>"));
    }

    /// An element whose content is already-escaped inline markup.
    fn raw(&mut self, name: &str, attrs: &[(&str, &str)], markup: &str) {
        let tag = Self::tag(name, attrs);
        self.line(&format!("{tag}>{markup}</{name}>"));
    }

    fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.raw(name, attrs, &escape(text));
    }
}

/// Role names in English for the `TLCRole` ids; any other role gets a numbered id.
fn role_slug(role: &str) -> Option<&'static str> {
    Some(match role {
        "会長" | "委員長" | "議長" => "chair",
        "副会長" | "副委員長" | "副議長" => "vice-chair",
        "委員" => "member",
        "事務局" => "secretariat",
        "説明員" => "official",
        _ => return None,
    })
}

/// Who publishes: the city (the `source` of the identification) and the committee (the
/// FRBR author). Either may be unknown; the committee id stands in then.
#[derive(Clone, Copy, Debug, Default)]
pub struct Publisher<'a> {
    pub organisation: Option<&'a str>,
    pub committee: Option<&'a str>,
}

/// The offset of Japan Standard Time: Japanese committees meet in it, and `xsd:dateTime`
/// values without an offset would mean "local time somewhere".
const JST: &str = "+09:00";

/// The whole meeting as an Akoma Ntoso document, ending with a newline.
pub fn to_akn(meeting: &Meeting, committee_name: &str) -> String {
    to_akn_for(
        meeting,
        Publisher {
            organisation: None,
            committee: Some(committee_name),
        },
    )
}

/// The meeting as an Akoma Ntoso 3.0 `debate`, valid against the OASIS schema: `meta`
/// (FRBR identification, `TLC` references), `preface` (title, date and times, place, roll
/// call, materials, agenda) and `debateBody` with one `debateSection` per agenda item.
pub fn to_akn_for(meeting: &Meeting, publisher: Publisher<'_>) -> String {
    let mut roles: Vec<(String, String)> = Vec::new();
    for attendee in &meeting.attendees {
        if !roles.iter().any(|(_, r)| *r == attendee.role) {
            let slug = role_slug(&attendee.role).map_or_else(
                || format!("role-{}", roles.len() + 1),
                |s| format!("role-{s}"),
            );
            roles.push((slug, attendee.role.clone()));
        }
    }
    let mut doc = Doc {
        meeting,
        publisher,
        roles,
        materials: meeting
            .materials
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), format!("material-{}", i + 1)))
            .collect(),
        date: meeting.date.to_string(),
        x: Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        },
    };
    doc.x.open("akomaNtoso", &[("xmlns", NAMESPACE)]);
    doc.x.open("debate", &[("name", "minutes")]);
    doc.meta();
    doc.preface();
    doc.debate_body();
    doc.x.close("debate");
    doc.x.close("akomaNtoso");
    doc.x.out
}

/// The document being written and the ids it hands out.
struct Doc<'a> {
    meeting: &'a Meeting,
    publisher: Publisher<'a>,
    /// (eId, role as written) for every role in the meeting.
    roles: Vec<(String, String)>,
    /// Material id as printed → eId (「資料1」 → `material-1`).
    materials: HashMap<&'a str, String>,
    date: String,
    x: Xml,
}

impl Doc<'_> {
    fn role_ref(&self, role: &str) -> String {
        self.roles
            .iter()
            .find(|(_, r)| r == role)
            .map(|(slug, _)| format!("#{slug}"))
            .unwrap_or_default()
    }

    fn person(id: &str) -> String {
        format!("#person-{id}")
    }

    /// `2021-03-22T14:00:00+09:00` from `14:00`; `None` for a time that is not `HH:MM`.
    fn date_time(&self, time: &str) -> Option<String> {
        chrono::NaiveTime::parse_from_str(time, "%H:%M")
            .ok()
            .map(|t| format!("{}T{}{JST}", self.date, t.format("%H:%M:%S")))
    }

    fn frbr(&mut self, level: &str, this: &str, uri: &str, author: &str) {
        self.x.open(level, &[]);
        self.x.empty("FRBRthis", &[("value", this)]);
        self.x.empty("FRBRuri", &[("value", uri)]);
        self.x
            .empty("FRBRdate", &[("date", &self.date), ("name", "meeting")]);
        self.x.empty("FRBRauthor", &[("href", author)]);
    }

    /// FRBR identification and the `TLC` references every speech points at.
    ///
    /// The URIs follow the Akoma Ntoso naming convention `/akn/{country}/{type}/{actor}/
    /// {date}/{number}`: the committee is the actor, the meeting date the date and 第N回 the
    /// number (`nn` when the meeting has none), so the meeting id is not repeated in them.
    fn meta(&mut self) {
        let meeting = self.meeting;
        let number = meeting
            .number
            .map_or_else(|| "nn".to_string(), |n| n.to_string());
        let work = format!(
            "/akn/jp/debate/{}/{}/{number}",
            uri_part(&meeting.committee),
            self.date
        );
        let committee_ref = format!("#org-{}", meeting.committee);
        let source = if self.publisher.organisation.is_some() {
            "#city".to_string()
        } else {
            committee_ref.clone()
        };
        self.x.open("meta", &[]);
        self.x.open("identification", &[("source", &source)]);
        self.frbr("FRBRWork", &format!("{work}/!main"), &work, &committee_ref);
        self.x.empty("FRBRcountry", &[("value", "jp")]);
        if let Some(number) = meeting.number {
            self.x
                .empty("FRBRnumber", &[("value", &number.to_string())]);
        }
        self.x.close("FRBRWork");
        let expression = format!("{work}/jpn@");
        self.frbr(
            "FRBRExpression",
            &format!("{expression}/!main"),
            &expression,
            &committee_ref,
        );
        self.x.empty("FRBRlanguage", &[("language", "jpn")]);
        self.x.close("FRBRExpression");
        self.frbr(
            "FRBRManifestation",
            &format!("{expression}/!main.xml"),
            &format!("{expression}.akn"),
            &source,
        );
        self.x.close("FRBRManifestation");
        self.x.close("identification");

        let committee_name = self.publisher.committee.unwrap_or(&meeting.committee);
        let x = &mut self.x;
        x.open("references", &[("source", &source)]);
        if let Some(city) = self.publisher.organisation {
            x.empty(
                "TLCOrganization",
                &[
                    ("eId", "city"),
                    ("href", "/ontology/organization/jp/city"),
                    ("showAs", city),
                ],
            );
        }
        x.empty(
            "TLCOrganization",
            &[
                ("eId", &format!("org-{}", meeting.committee)),
                (
                    "href",
                    &format!("/ontology/organization/jp/{}", uri_part(&meeting.committee)),
                ),
                ("showAs", committee_name),
            ],
        );
        for attendee in &meeting.attendees {
            x.empty(
                "TLCPerson",
                &[
                    ("eId", &format!("person-{}", attendee.id)),
                    (
                        "href",
                        &format!("/ontology/person/jp/{}", uri_part(&attendee.id)),
                    ),
                    ("showAs", &attendee.name),
                ],
            );
        }
        for (slug, role) in &self.roles {
            x.empty(
                "TLCRole",
                &[
                    ("eId", slug),
                    ("href", &format!("/ontology/role/jp/{slug}")),
                    ("showAs", role),
                ],
            );
        }
        x.close("references");
        x.close("meta");
    }

    /// Title, date and times, place, roll call, materials, agenda and notes.
    fn preface(&mut self) {
        let meeting = self.meeting;
        let attendance: Vec<(String, String)> = meeting
            .attendees
            .iter()
            .map(|attendee| {
                let status = match attendee.attendance {
                    Attendance::Present => "present",
                    Attendance::Absent => "absent",
                    Attendance::Online => "online",
                    Attendance::Proxy(_) => "proxy",
                };
                let kind = if is_member(attendee) {
                    "member"
                } else {
                    "staff"
                };
                let mut markup = format!(
                    "<person refersTo=\"{}\"",
                    escape(&Self::person(&attendee.id))
                );
                let role = self.role_ref(&attendee.role);
                if !role.is_empty() {
                    markup.push_str(&format!(" as=\"{}\"", escape(&role)));
                }
                markup.push_str(&format!(">{}</person>", escape(&attendee.name)));
                (format!("{kind} {status}"), markup)
            })
            .collect();
        let title = format!(
            "{} {DOCUMENT_SUFFIX}",
            published_title(meeting, self.publisher.committee).trim()
        );
        let when = self.when();
        let x = &mut self.x;
        x.open("preface", &[]);
        x.open("longTitle", &[]);
        x.raw(
            "p",
            &[],
            &format!("<docTitle>{}</docTitle>", escape(title.trim())),
        );
        x.close("longTitle");
        x.open("container", &[("name", "date")]);
        x.raw("p", &[], &when);
        x.close("container");
        if !meeting.place.is_empty() {
            x.open("container", &[("name", "place")]);
            for line in meeting.place.lines().filter(|l| !l.trim().is_empty()) {
                x.text("p", &[], line);
            }
            x.close("container");
        }
        x.open("container", &[("name", "attendance")]);
        for (class, markup) in &attendance {
            x.raw("p", &[("class", class)], markup);
        }
        x.close("container");
        if !meeting.materials.is_empty() {
            x.open("container", &[("name", "materials")]);
            for material in &meeting.materials {
                let markup = format!(
                    "<docNumber>{}</docNumber> {}",
                    escape(&material.id),
                    escape(&material.title)
                );
                let eid = &self.materials[material.id.as_str()];
                x.raw("p", &[("eId", eid)], &markup);
            }
            x.close("container");
        }
        if !meeting.agenda.is_empty() {
            x.open("container", &[("name", "agenda")]);
            agenda(x, &meeting.agenda, "agenda");
            x.close("container");
        }
        if !meeting.notes.is_empty() {
            x.open("container", &[("name", "notes")]);
            for note in &meeting.notes {
                x.text("p", &[], note);
            }
            x.close("container");
        }
        x.close("preface");
    }

    /// 「令和3年（2021年）3月22日（月） 午後2時00分から午後3時30分まで」 with the date as
    /// `docDate` and the times as `recordedTime` start and end events.
    fn when(&self) -> String {
        let meeting = self.meeting;
        let mut markup = format!(
            "<docDate date=\"{}\">{}</docDate>",
            self.date,
            escape(&wareki_date(meeting.date))
        );
        let time = |time: &str, kind: &str| match self.date_time(time) {
            Some(at) => format!(
                "<recordedTime type=\"{kind}\" time=\"{at}\">{}</recordedTime>",
                escape(&japanese_time(time))
            ),
            None => escape(time),
        };
        let start = meeting.start.as_deref();
        let end = end_time(meeting);
        if let Some(start) = start {
            markup.push(' ');
            markup.push_str(&time(start, "startEvent"));
            markup.push_str("から");
        }
        if let Some(end) = end {
            if start.is_none() {
                markup.push(' ');
            }
            markup.push_str(&time(end, "endEvent"));
            markup.push_str("まで");
        }
        markup
    }

    /// The statements in order, one `debateSection` for each run of statements under one
    /// agenda item (the minutes' order is the record, so an item the discussion returns to
    /// gets a second section rather than statements moved out of order); statements before
    /// any item go into an opening section.
    fn debate_body(&mut self) {
        let meeting = self.meeting;
        let items = meeting.agenda_items();
        self.x.open("debateBody", &[]);
        let mut current: Option<Option<&str>> = None;
        let mut sections = 0;
        for statement in &meeting.statements {
            let item = statement.agenda.as_deref();
            if current != Some(item) {
                if current.is_some() {
                    self.x.close("debateSection");
                }
                sections += 1;
                let eid = format!("dbsect_{sections}");
                let found = item.and_then(|id| items.iter().find(|i| i.id == id));
                let name = if found.is_some() {
                    "agendaItem"
                } else {
                    "proceedings"
                };
                self.x
                    .open("debateSection", &[("eId", &eid), ("name", name)]);
                match found {
                    Some(found) => {
                        if !found.number.is_empty() {
                            self.x.text("num", &[], &found.number);
                        }
                        self.x.text("heading", &[], &found.title);
                    }
                    None => self.x.text("heading", &[], SECTION_STATEMENTS),
                }
                current = Some(item);
            }
            self.statement(statement);
        }
        if current.is_some() {
            self.x.close("debateSection");
        } else {
            // The schema wants at least one section; minutes with no statement yet say so.
            self.x.open(
                "debateSection",
                &[("eId", "dbsect_1"), ("name", "proceedings")],
            );
            self.x.text("heading", &[], SECTION_STATEMENTS);
            self.x.open("narrative", &[]);
            self.x.close("narrative");
            self.x.close("debateSection");
        }
        self.x.close("debateBody");
    }

    /// One statement as `<speech>`, `<question>` or `<answer>`, a heading before it as
    /// `<narrative>`.
    fn statement(&mut self, statement: &crate::model::meeting::Statement) {
        let meeting = self.meeting;
        if let Some(heading) = &statement.heading {
            for line in heading.lines().filter(|l| !l.trim().is_empty()) {
                self.x.text("narrative", &[], line);
            }
        }
        let element = match statement.kind {
            StatementKind::Question => "question",
            StatementKind::Answer => "answer",
            _ => "speech",
        };
        let speaker = meeting.attendee(&statement.speaker);
        let mut class = statement.kind.as_str().to_string();
        if statement.needs_response {
            class.push_str(" needs-response");
        }
        let eid = format!("speech-{}", uri_part(&statement.id));
        let by = Self::person(&statement.speaker);
        let role = speaker.map(|a| self.role_ref(&a.role)).unwrap_or_default();
        let to = statement
            .reply_to
            .as_deref()
            .and_then(|id| meeting.statement(id))
            .map(|q| Self::person(&q.speaker));
        let start = statement.time.as_deref().and_then(|t| self.date_time(t));
        let mut attrs: Vec<(&str, &str)> = vec![("eId", &eid), ("by", &by)];
        if !role.is_empty() {
            attrs.push(("as", &role));
        }
        if let Some(to) = &to {
            attrs.push(("to", to));
        }
        if let Some(start) = &start {
            attrs.push(("startTime", start));
        }
        attrs.push(("class", &class));
        self.x.open(element, &attrs);
        let from = speaker.map_or(statement.speaker.as_str(), attendee_label);
        let printed = speaker_label(meeting, statement);
        if printed == from {
            self.x.text("from", &[], from);
        } else {
            self.x.text("from", &[("title", from)], printed);
        }
        for reference in statement.materials.iter().filter(|r| !r.inline) {
            let line = reference_line(reference);
            let bracket = format!("【{}】", reference.material);
            let rest = line.strip_prefix(&bracket).unwrap_or(&line);
            let markup = format!("{}{}", self.material_ref(&reference.material), escape(rest));
            self.x.raw("p", &[("class", "material-reference")], &markup);
        }
        let mut lines = 0;
        for line in statement.text.lines().filter(|l| !l.trim().is_empty()) {
            let markup = self.linked(line);
            self.x.raw("p", &[], &markup);
            lines += 1;
        }
        if lines == 0 {
            // A speech needs a block; an empty statement is an empty paragraph.
            self.x.raw("p", &[], "");
        }
        self.x.close(element);
    }

    /// 「【資料1】」 as a `<ref>` to the material's entry in the preface; a material the
    /// meeting does not list stays plain text, since a dangling reference is worse than none.
    fn material_ref(&self, material: &str) -> String {
        let bracket = format!("【{material}】");
        match self.materials.get(material) {
            Some(id) => format!("<ref href=\"#{}\">{}</ref>", escape(id), escape(&bracket)),
            None => escape(&bracket),
        }
    }

    /// A line of statement text, escaped, with every 「【資料N】」 that names a listed
    /// material wrapped in a `<ref>` (references written inside the text, 「【資料1】に基づいて
    /// 説明」, point at the material too).
    fn linked(&self, line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(open) = rest.find('【') {
            let after = &rest[open + '【'.len_utf8()..];
            let Some(close) = after.find('】') else {
                break;
            };
            let name = &after[..close];
            out.push_str(&escape(&rest[..open]));
            if self.materials.contains_key(name) {
                out.push_str(&self.material_ref(name));
            } else {
                out.push_str(&escape(&format!("【{name}】")));
            }
            rest = &after[close + '】'.len_utf8()..];
        }
        out.push_str(&escape(rest));
        out
    }
}

/// A string made safe for a URI path segment or an `eId`: letters, digits, `-`, `_` and `.`
/// stay (Japanese letters too, as IRIs allow), anything else becomes `_`.
fn uri_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The agenda as nested `blockList`s: each item an `<item>` with its printed `<num>`.
fn agenda(x: &mut Xml, items: &[AgendaItem], list_id: &str) {
    x.open("blockList", &[("eId", list_id)]);
    for item in items {
        let eid = format!("agenda-{}", uri_part(&item.id));
        x.open("item", &[("eId", &eid)]);
        if !item.number.is_empty() {
            x.text("num", &[], &item.number);
        }
        x.text("p", &[], &item.title);
        if !item.children.is_empty() {
            agenda(x, &item.children, &format!("{eid}-list"));
        }
        x.close("item");
    }
    x.close("blockList");
}

#[cfg(test)]
pub(crate) mod tests {
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::{Reader, XmlVersion};

    use super::super::fixtures::sample;
    use super::*;
    use crate::model::meeting::{Attendee, Statement};

    /// A parsed element: name, attributes and direct text content, all unescaped.
    #[derive(Debug, Default)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub text: String,
    }

    impl Element {
        pub fn attr(&self, key: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }
    }

    fn element(start: &BytesStart<'_>) -> Element {
        let name = start.name().as_ref().to_string();
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.expect("well-formed attribute");
            let key = attr.key.as_ref().to_string();
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .expect("legal escapes in attribute");
            attrs.push((key, value.into_owned()));
        }
        Element {
            name,
            attrs,
            text: String::new(),
        }
    }

    /// Checks that `xml` is well-formed — an XML declaration, one root element, end tags
    /// matching start tags, only the five predefined entities, no character XML 1.0
    /// forbids — and returns every element in document order.
    pub fn parse(xml: &str) -> Vec<Element> {
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        if let Some(bad) = xml
            .chars()
            .find(|&c| !is_xml_char(c) && !matches!(c, '\t' | '\n' | '\r'))
        {
            panic!("character {bad:?} is not allowed in XML 1.0");
        }
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut roots = 0;
        loop {
            let event = reader.read_event().unwrap_or_else(|e| {
                panic!("not well-formed at byte {}: {e}", reader.buffer_position())
            });
            match event {
                Event::Start(start) => {
                    roots += usize::from(open.is_empty());
                    elements.push(element(&start));
                    open.push(elements.len() - 1);
                }
                Event::Empty(start) => {
                    roots += usize::from(open.is_empty());
                    elements.push(element(&start));
                }
                Event::End(_) => {
                    open.pop().expect("an end tag closes an open element");
                }
                Event::Text(text) => {
                    let text = text.xml10_content();
                    match open.last() {
                        Some(&at) => elements[at].text.push_str(&text),
                        None => assert!(text.trim().is_empty(), "text outside the root: {text:?}"),
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = if reference.is_char_ref() {
                        let c = reference
                            .resolve_char_ref()
                            .expect("valid character reference");
                        c.map(String::from).unwrap_or_default()
                    } else {
                        let name = reference.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("undefined entity &{name};"))
                            .to_string()
                    };
                    let at = *open.last().expect("a reference inside an element");
                    elements[at].text.push_str(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "{} elements left open", open.len());
        assert_eq!(roots, 1, "exactly one root element");
        elements
    }

    #[test]
    fn the_sample_is_a_well_formed_debate() {
        let meeting = sample();
        let xml = to_akn(&meeting, "熊本市市役所改革推進委員会");
        let elements = parse(&xml);
        assert_eq!(elements[0].name, "akomaNtoso");
        assert_eq!(elements[0].attr("xmlns"), Some(NAMESPACE));
        assert_eq!(elements[1].name, "debate");
        // FRBR: /akn/jp/debate/{committee}/{date}/{number}, the meeting id not repeated.
        let this = elements
            .iter()
            .find(|e| e.name == "FRBRthis")
            .and_then(|e| e.attr("value"))
            .expect("FRBRthis");
        assert_eq!(this, "/akn/jp/debate/kaikaku-suishin/2021-03-22/1/!main");
        // Machine-readable times: the meeting's start and end, each speech's start.
        let times: Vec<(&str, &str)> = elements
            .iter()
            .filter(|e| e.name == "recordedTime")
            .filter_map(|e| Some((e.attr("type")?, e.attr("time")?)))
            .collect();
        assert_eq!(
            times,
            [
                ("startEvent", "2021-03-22T14:00:00+09:00"),
                ("endEvent", "2021-03-22T15:30:00+09:00")
            ]
        );
        // One section per run of statements under one agenda item, headed by the item.
        let sections: Vec<&Element> = elements
            .iter()
            .filter(|e| e.name == "debateSection")
            .collect();
        assert_eq!(sections.len(), 4);
        let headings: Vec<&str> = elements
            .iter()
            .filter(|e| e.name == "heading")
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(headings[0], "市役所改革の方向性と取組について");
        let persons: Vec<&Element> = elements.iter().filter(|e| e.name == "TLCPerson").collect();
        assert_eq!(persons.len(), meeting.attendees.len());
        let roles: Vec<&str> = elements
            .iter()
            .filter(|e| e.name == "TLCRole")
            .filter_map(|e| e.attr("eId"))
            .collect();
        assert_eq!(
            roles,
            [
                "role-chair",
                "role-member",
                "role-secretariat",
                "role-official"
            ]
        );
        let speeches: Vec<&Element> = elements
            .iter()
            .filter(|e| matches!(e.name.as_str(), "speech" | "question" | "answer"))
            .collect();
        assert_eq!(speeches.len(), meeting.statements.len());
        // Every by/as/to points at a declared person or role.
        let declared: Vec<String> = elements
            .iter()
            .filter(|e| e.name.starts_with("TLC"))
            .filter_map(|e| e.attr("eId").map(|id| format!("#{id}")))
            .collect();
        for speech in &speeches {
            for key in ["by", "as", "to"] {
                if let Some(target) = speech.attr(key) {
                    assert!(declared.iter().any(|d| d == target), "{key}={target}");
                }
            }
        }
        let kato = &speeches[2];
        assert_eq!(kato.name, "speech");
        assert_eq!(kato.attr("by"), Some("#person-kato"));
        assert_eq!(kato.attr("as"), Some("#role-member"));
        assert_eq!(kato.attr("class"), Some("request needs-response"));
        let question = &speeches[4];
        assert_eq!(question.name, "question");
        assert_eq!(question.attr("as"), Some("#role-chair"));
        let answer = &speeches[5];
        assert_eq!(answer.name, "answer");
        assert_eq!(answer.attr("to"), Some("#person-sawada"));
        // Every material reference is a <ref>, those written inside the text too.
        let refs: Vec<&Element> = elements.iter().filter(|e| e.name == "ref").collect();
        assert_eq!(refs[0].attr("href"), Some("#material-1"));
        assert_eq!(refs[0].text, "【資料1】");
        assert_eq!(refs[1].attr("href"), Some("#material-2"));
        let listed = meeting.statements.iter().flat_map(|s| &s.materials).count();
        assert_eq!(refs.len(), listed);
        // The chair printed as [澤田委員] keeps that label, with the usual one as title.
        let from: Vec<&Element> = elements.iter().filter(|e| e.name == "from").collect();
        assert_eq!(from[18].text, "澤田委員");
        assert_eq!(from[18].attr("title"), Some("澤田会長"));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut meeting = sample();
        let nasty = "a<b>&c\"d'e]]>\u{1b}[31m\u{0}\u{fffe}</speech><x>";
        meeting.title = nasty.to_string();
        meeting.attendees.push(Attendee {
            id: "x".into(),
            name: nasty.into(),
            role: nasty.into(),
            member: None,
            label: None,
            department: None,
            attendance: Attendance::Present,
        });
        meeting.statements.push(Statement {
            heading: Some(nasty.into()),
            label: Some(nasty.into()),
            time: Some("14:05".into()),
            ..Statement::new(
                "s99",
                "x",
                StatementKind::Opinion,
                format!("{nasty}\n{nasty}"),
            )
        });
        let elements = parse(&to_akn(&meeting, nasty));
        let last = elements
            .iter()
            .rfind(|e| e.name == "p")
            .expect("a paragraph");
        assert_eq!(
            last.text,
            "a<b>&c\"d'e]]>\u{fffd}[31m\u{fffd}\u{fffd}</speech><x>"
        );
        let speech = elements
            .iter()
            .rfind(|e| e.name == "speech")
            .expect("speech");
        assert_eq!(speech.attr("startTime"), Some("2021-03-22T14:05:00+09:00"));
        assert!(
            elements
                .iter()
                .any(|e| e.name == "TLCRole" && e.attr("showAs") == Some(&last.text))
        );
    }
}
