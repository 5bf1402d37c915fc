//! Popolo JSON export: the meeting as an Event with sub-events per agenda item, the people
//! as Persons, committee seats as Memberships and every statement as a Speech.
//!
//! Popolo (popoloproject.com) is what civic-tech tools for councils read, so an exported
//! meeting can be loaded next to other cities' data. Field names and types follow the Popolo
//! schemas: the Event lists its `attendees` (absent members are not), agenda numbers are
//! `identifiers`, a printed speaker label is one of the person's `other_names`, and every id
//! one object gives another (`parent_id`, `event_id`, `creator_id`, `reply_to`) resolves
//! inside the document. Speeches carry Popolo's own fields (`creator_id`, `role`,
//! `attribution_text`, `type`, `position`, `event_id`); what Popolo has no field for
//! (statement kind, the speech an answer replies to, whether the city owes a response,
//! material references) is added under extra keys, which the schemas permit. The minutes'
//! draft/confirmed status is not the Event's status and is left out.
//! Times are written with the +09:00 offset: Japanese committees meet in Japan Standard Time.

use serde::Serialize;

use super::export::{DOCUMENT_SUFFIX, published_title};
use super::{is_member, speaker_label};
use crate::model::Meeting;
use crate::model::meeting::{AgendaItem, Attendance, MaterialRef, StatementKind};

/// The offset of Japan Standard Time, appended to every date-time.
const JST: &str = "+09:00";

#[derive(Serialize)]
struct Popolo<'a> {
    events: Vec<Event<'a>>,
    organizations: Vec<Organization<'a>>,
    persons: Vec<Person<'a>>,
    memberships: Vec<Membership<'a>>,
    speeches: Vec<Speech<'a>>,
}

#[derive(Serialize)]
struct Event<'a> {
    id: String,
    name: String,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    organization_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<String>,
    /// The agenda number as printed (「(1)」), under Popolo's `identifiers`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    identifiers: Vec<Identifier<'a>>,
    /// Who attended (present, online or by proxy), as Popolo persons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attendees: Vec<Attendee<'a>>,
}

#[derive(Serialize)]
struct Identifier<'a> {
    identifier: &'a str,
    scheme: &'static str,
}

/// An attendee as Popolo's Event `attendees` holds them: a Person, by id and name.
#[derive(Serialize)]
struct Attendee<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct OtherName<'a> {
    name: &'a str,
    note: &'static str,
}

#[derive(Serialize)]
struct Organization<'a> {
    id: &'a str,
    name: &'a str,
    classification: &'static str,
}

#[derive(Serialize)]
struct Person<'a> {
    id: &'a str,
    name: &'a str,
    /// The printed speaker label (「澤田会長」): another name the minutes use for the person.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_names: Vec<OtherName<'a>>,
}

#[derive(Serialize)]
struct Membership<'a> {
    id: String,
    person_id: &'a str,
    organization_id: &'a str,
    role: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct Speech<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution_text: Option<&'a str>,
    text: &'a str,
    #[serde(rename = "type")]
    kind_type: &'static str,
    position: usize,
    event_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// The id of the speech this one answers (a speech of this document).
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    needs_response: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    materials: Vec<&'a MaterialRef>,
}

/// Popolo's speech types for each statement kind.
fn speech_type(kind: StatementKind) -> &'static str {
    match kind {
        StatementKind::Question => "question",
        StatementKind::Answer => "answer",
        _ => "speech",
    }
}

fn date_time(meeting: &Meeting, time: Option<&str>) -> Option<String> {
    time.map(|t| format!("{}T{t}:00{JST}", meeting.date))
}

/// The meeting as pretty-printed Popolo JSON, ending with a newline.
pub fn to_popolo(meeting: &Meeting, committee_name: &str) -> Result<String, serde_json::Error> {
    let mut events = vec![Event {
        id: meeting.id.clone(),
        name: format!(
            "{} {DOCUMENT_SUFFIX}",
            published_title(meeting, Some(committee_name)).trim()
        )
        .trim()
        .to_string(),
        classification: "meeting",
        start_date: date_time(meeting, meeting.start.as_deref())
            .or_else(|| Some(meeting.date.to_string())),
        end_date: date_time(meeting, meeting.end.as_deref()),
        location: Some(meeting.place.as_str()).filter(|p| !p.is_empty()),
        organization_id: &meeting.committee,
        parent_id: None,
        identifiers: Vec::new(),
        attendees: meeting
            .attendees
            .iter()
            .filter(|a| a.attendance != Attendance::Absent)
            .map(|a| Attendee {
                id: &a.id,
                name: &a.name,
            })
            .collect(),
    }];
    agenda_events(meeting, &meeting.agenda, &meeting.id, &mut events);

    let organizations = vec![Organization {
        id: &meeting.committee,
        name: committee_name,
        classification: "committee",
    }];
    let persons = meeting
        .attendees
        .iter()
        .map(|a| Person {
            id: &a.id,
            name: &a.name,
            other_names: a
                .label
                .as_deref()
                .filter(|l| *l != a.name)
                .map(|name| OtherName {
                    name,
                    note: "speaker label in the minutes",
                })
                .into_iter()
                .collect(),
        })
        .collect();
    let memberships = meeting
        .attendees
        .iter()
        .filter(|a| is_member(a))
        .map(|a| Membership {
            id: format!("{}-{}", meeting.committee, a.id),
            person_id: &a.id,
            organization_id: &meeting.committee,
            role: &a.role,
            label: &a.role,
        })
        .collect();

    let speeches = speeches(meeting);
    let popolo = Popolo {
        events,
        organizations,
        persons,
        memberships,
        speeches,
    };
    let mut text = serde_json::to_string_pretty(&popolo)?;
    text.push('\n');
    Ok(text)
}

/// Every statement as a Speech, in order; a heading printed before a statement becomes a
/// `narrative` speech of its own so that positions still count what the minutes show.
fn speeches(meeting: &Meeting) -> Vec<Speech<'_>> {
    let mut speeches = Vec::new();
    for statement in &meeting.statements {
        let event_id = statement
            .agenda
            .as_ref()
            .map_or_else(|| meeting.id.clone(), |a| format!("{}/{a}", meeting.id));
        if let Some(heading) = &statement.heading {
            speeches.push(Speech {
                id: format!("{}/{}/heading", meeting.id, statement.id),
                creator_id: None,
                role: None,
                attribution_text: None,
                text: heading,
                kind_type: "narrative",
                position: speeches.len() + 1,
                event_id: event_id.clone(),
                date: None,
                kind: None,
                reply_to: None,
                needs_response: false,
                materials: Vec::new(),
            });
        }
        let speaker = meeting.attendee(&statement.speaker);
        let label = speaker_label(meeting, statement);
        speeches.push(Speech {
            id: format!("{}/{}", meeting.id, statement.id),
            creator_id: Some(&statement.speaker),
            role: speaker.map(|a| a.role.as_str()),
            attribution_text: Some(label),
            text: &statement.text,
            kind_type: speech_type(statement.kind),
            position: speeches.len() + 1,
            event_id,
            date: date_time(meeting, statement.time.as_deref()),
            kind: Some(statement.kind.as_str()),
            reply_to: statement
                .reply_to
                .as_deref()
                .filter(|id| meeting.statement(id).is_some())
                .map(|id| format!("{}/{id}", meeting.id)),
            needs_response: statement.needs_response,
            materials: statement.materials.iter().collect(),
        });
    }
    speeches
}

/// Agenda items become sub-events of the meeting (Popolo's `parent_id`), so speeches can
/// point at the item they were made under.
fn agenda_events<'a>(
    meeting: &'a Meeting,
    items: &'a [AgendaItem],
    parent: &str,
    events: &mut Vec<Event<'a>>,
) {
    for item in items {
        let name = if item.number.is_empty() {
            item.title.clone()
        } else {
            format!("{} {}", item.number, item.title)
        };
        events.push(Event {
            id: format!("{}/{}", meeting.id, item.id),
            name,
            classification: "agenda_item",
            start_date: None,
            end_date: None,
            location: None,
            organization_id: &meeting.committee,
            parent_id: Some(parent.to_string()),
            identifiers: Some(item.number.as_str())
                .filter(|n| !n.is_empty())
                .map(|identifier| Identifier {
                    identifier,
                    scheme: "agenda-number",
                })
                .into_iter()
                .collect(),
            attendees: Vec::new(),
        });
        agenda_events(
            meeting,
            &item.children,
            &format!("{}/{}", meeting.id, item.id),
            events,
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::fixtures::sample;
    use super::*;

    fn json() -> Value {
        let text = to_popolo(&sample(), "熊本市市役所改革推進委員会").expect("serialises");
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn the_sample_is_popolo() {
        let popolo = json();
        let events = popolo["events"].as_array().expect("events");
        assert_eq!(events[0]["classification"], "meeting");
        assert_eq!(events[0]["start_date"], "2021-03-22T14:00:00+09:00");
        assert_eq!(events[0]["end_date"], "2021-03-22T15:30:00+09:00");
        assert_eq!(events.len(), 1 + 7, "the meeting and its 7 agenda items");
        let ids: Vec<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
        let persons = popolo["persons"].as_array().expect("persons");
        assert_eq!(persons.len(), 10);
        let memberships = popolo["memberships"].as_array().expect("memberships");
        assert_eq!(memberships.len(), 7);
        assert!(
            memberships
                .iter()
                .all(|m| m["organization_id"] == "kaikaku-suishin")
        );
        let speeches = popolo["speeches"].as_array().expect("speeches");
        // 47 statements plus the one heading, numbered 1.. in order.
        assert_eq!(speeches.len(), 48);
        for (index, speech) in speeches.iter().enumerate() {
            assert_eq!(speech["position"], index + 1);
            let event = speech["event_id"].as_str().expect("event id");
            assert!(ids.contains(&event), "{event}");
            if let Some(creator) = speech["creator_id"].as_str() {
                assert!(persons.iter().any(|p| p["id"] == creator), "{creator}");
            }
        }
        assert_eq!(speeches[4]["type"], "question");
        assert_eq!(speeches[5]["type"], "answer");
        assert_eq!(speeches[5]["reply_to"], "2021-03-22-kaikaku-suishin-1/s5");
        // Every reference resolves inside the document.
        let speech_ids: Vec<&str> = speeches.iter().filter_map(|s| s["id"].as_str()).collect();
        let mut replies = 0;
        for speech in speeches {
            if let Some(target) = speech["reply_to"].as_str() {
                assert!(speech_ids.contains(&target), "{target}");
                replies += 1;
            }
        }
        assert_eq!(replies, 16);
        let attendees = events[0]["attendees"].as_array().expect("attendees");
        assert_eq!(attendees.len(), 10);
        assert!(events[0].get("status").is_none());
        assert_eq!(persons[0]["other_names"][0]["name"], "澤田会長");
        assert_eq!(speeches[2]["needs_response"], true);
        assert_eq!(speeches[2]["materials"][0]["page"], "3");
        assert_eq!(speeches[21]["type"], "narrative");
        assert_eq!(speeches[22]["attribution_text"], "奥沢委員から提案");
    }
}
