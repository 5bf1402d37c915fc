//! Anonymised minutes: member names replaced by stable labels everywhere.
//!
//! Cities publish minutes with 委員A, 委員B … instead of names when members speak as private
//! citizens. The chair stays 「会長」; the other members get letters in attendee order,
//! which is roster order for meetings prepared from the roster, so a member keeps the same
//! letter in every meeting. Names are replaced in every string of the meeting — statement
//! text too, where 「奥沢委員から提案いただいた」 or 「八幡委員がおっしゃるように」 are common —
//! and member ids (romanised names such as `sawada`) are replaced as well, since the XML
//! and JSON exports print them.

use std::collections::HashMap;

use super::{ROLE_WORDS, attendee_label, is_member, split_label};
use crate::model::Meeting;
use crate::model::meeting::Attendance;

/// What the chair is called in anonymised minutes.
pub const CHAIR_LABEL: &str = "会長";
/// Honorifics that may follow a family name inside statement text.
const HONORIFICS: [&str; 4] = ["さん", "氏", "様", "先生"];

/// The label of the n-th (0-based) non-chair member: 委員A … 委員Z, 委員AA …
pub fn member_label(index: usize) -> String {
    format!("委員{}", letters(index))
}

/// Bijective base-26 letters: 0 → A, 25 → Z, 26 → AA.
fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        let digit = u8::try_from(index % 26).unwrap_or(0);
        out.push(char::from(b'A' + digit));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A copy of the meeting with every member name, family name and member id replaced.
pub fn anonymize(meeting: &Meeting) -> Meeting {
    let chair = meeting.chair.clone().or_else(|| {
        meeting
            .attendees
            .iter()
            .find(|a| is_member(a) && a.role == CHAIR_LABEL)
            .map(|a| a.id.clone())
    });
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut next = 0;
    for attendee in meeting.attendees.iter().filter(|a| is_member(a)) {
        let (id, label) = if chair.as_deref() == Some(attendee.id.as_str()) {
            ("chair".to_string(), CHAIR_LABEL.to_string())
        } else {
            next += 1;
            (
                format!("member-{}", letters(next - 1).to_ascii_lowercase()),
                member_label(next - 1),
            )
        };
        ids.insert(attendee.id.clone(), id);
        labels.insert(attendee.id.clone(), label);
    }
    let replacer = Replacer::for_meeting(meeting, &labels);

    let mut out = meeting.clone();
    out.title = replacer.apply(&out.title);
    out.place = replacer.apply(&out.place);
    for note in &mut out.notes {
        *note = replacer.apply(note);
    }
    for material in &mut out.materials {
        material.title = replacer.apply(&material.title);
    }
    anonymize_agenda(&mut out.agenda, &replacer);
    for attendee in &mut out.attendees {
        if let Some(label) = labels.get(&attendee.id) {
            attendee.name.clone_from(label);
            attendee.label = None;
            attendee.member = ids.get(&attendee.id).cloned();
        } else {
            attendee.name = replacer.apply(&attendee.name);
            attendee.label = attendee.label.as_deref().map(|l| replacer.apply(l));
        }
        if let Attendance::Proxy(other) = &mut attendee.attendance
            && let Some(id) = ids.get(other.as_str())
        {
            other.clone_from(id);
        }
        if let Some(id) = ids.get(&attendee.id) {
            attendee.id.clone_from(id);
        }
    }
    for id in [&mut out.chair, &mut out.secretariat].into_iter().flatten() {
        if let Some(new) = ids.get(id.as_str()) {
            id.clone_from(new);
        }
    }
    for statement in &mut out.statements {
        statement.text = replacer.apply(&statement.text);
        statement.heading = statement.heading.as_deref().map(|h| replacer.apply(h));
        for reference in &mut statement.materials {
            reference.topic = reference.topic.as_deref().map(|t| replacer.apply(t));
        }
        if let Some(id) = ids.get(&statement.speaker) {
            statement.speaker.clone_from(id);
        }
        // A label that now reads like the attendee's own (「澤田委員」 → 「会長」) is dropped.
        statement.label = statement
            .label
            .as_deref()
            .map(|l| replacer.apply(l))
            .filter(|l| {
                out.attendees
                    .iter()
                    .all(|a| a.id != statement.speaker || attendee_label(a) != l)
            });
    }
    out
}

fn anonymize_agenda(items: &mut [crate::model::meeting::AgendaItem], replacer: &Replacer) {
    for item in items {
        item.title = replacer.apply(&item.title);
        anonymize_agenda(&mut item.children, replacer);
    }
}

/// Longest-first, single-pass text replacement: a replacement is never scanned again, so
/// 「委員A」 cannot be rewritten by a later pattern.
struct Replacer {
    pairs: Vec<(String, String)>,
}

impl Replacer {
    fn for_meeting(meeting: &Meeting, labels: &HashMap<String, String>) -> Self {
        let texts: Vec<&str> = meeting
            .statements
            .iter()
            .map(|s| s.text.as_str())
            .chain(meeting.notes.iter().map(String::as_str))
            .collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for attendee in meeting.attendees.iter().filter(|a| is_member(a)) {
            let Some(label) = labels.get(&attendee.id) else {
                continue;
            };
            if attendee.name == *label {
                // Already anonymous (minutes imported from an anonymised export): the name
                // is a label such as 「会長」, and replacing it would rewrite 「会長選出」.
                continue;
            }
            let compact: String = attendee
                .name
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            pairs.push((attendee.name.clone(), label.clone()));
            pairs.push((compact.clone(), label.clone()));
            for family in family_names(meeting, &attendee.id, &compact, &texts) {
                for suffix in ROLE_WORDS.iter().chain(HONORIFICS.iter()) {
                    pairs.push((format!("{family}{suffix}"), label.clone()));
                }
                pairs.push((family, label.clone()));
            }
        }
        pairs.retain(|(from, _)| !from.is_empty());
        pairs.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
        pairs.dedup_by(|a, b| a.0 == b.0);
        Replacer { pairs }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        'scan: while let Some(c) = rest.chars().next() {
            for (from, to) in &self.pairs {
                if let Some(after) = rest.strip_prefix(from.as_str()) {
                    out.push_str(to);
                    rest = after;
                    continue 'scan;
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

/// The family names a member goes by: whatever precedes the role word in the labels they
/// were announced with, plus any two-or-more-character prefix of their name that the text
/// uses with a role word or honorific. A bare prefix is not enough (「中央」 of a 中央太郎
/// would eat 「中央区役所」), and one-character names are never replaced bare.
fn family_names(meeting: &Meeting, id: &str, name: &str, texts: &[&str]) -> Vec<String> {
    let mut families: Vec<String> = Vec::new();
    let labels = meeting
        .attendees
        .iter()
        .filter(|a| a.id == id)
        .filter_map(|a| a.label.as_deref())
        .chain(
            meeting
                .statements
                .iter()
                .filter(|s| s.speaker == id)
                .filter_map(|s| s.label.as_deref()),
        );
    for label in labels {
        if let Some((family, _, _)) = split_label(label)
            && !families.iter().any(|f| f == family)
        {
            families.push(family.to_string());
        }
    }
    let chars: Vec<char> = name.chars().collect();
    for end in 2..chars.len() {
        let prefix: String = chars[..end].iter().collect();
        let used = texts.iter().any(|t| {
            ROLE_WORDS
                .iter()
                .chain(HONORIFICS.iter())
                .any(|s| t.contains(&format!("{prefix}{s}")))
        });
        if used && !families.contains(&prefix) {
            families.push(prefix);
        }
    }
    families.retain(|f| f.chars().count() >= 2);
    families
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{sample, settings};
    use super::super::{ExportOptions, Format, export, speaker_label};
    use super::*;

    /// Every way the sample's members can be named: full names, family names, roster ids.
    fn member_names() -> Vec<String> {
        let settings = settings();
        let committee = settings.committee("kaikaku-suishin").expect("committee");
        let mut names = Vec::new();
        for member in &committee.members {
            names.push(member.name.clone());
            names.push(member.name.chars().take(2).collect());
            names.push(member.id.clone());
        }
        names
    }

    #[test]
    fn no_member_name_is_left_in_any_format() {
        let meeting = sample();
        let options = ExportOptions {
            anonymize: true,
            committee_name: None,
        };
        for format in Format::ALL {
            let text = export(&meeting, format, &options).expect("exports");
            for name in member_names() {
                assert!(
                    !text.contains(&name),
                    "{format} export still contains {name}"
                );
            }
            // The secretariat and the mayor are not members and stay named.
            assert!(text.contains("改革プロジェクト推進課長"), "{format}");
            assert!(text.contains("大西市長"), "{format}");
        }
    }

    #[test]
    fn the_control_test_finds_names_without_anonymisation() {
        // Guards the test above: the plain exports do contain every name it looks for.
        let meeting = sample();
        for format in Format::ALL {
            let text = export(&meeting, format, &ExportOptions::default()).expect("exports");
            for name in member_names() {
                // The published text and page name people, never their ids.
                let is_id = name.is_ascii();
                if !(is_id && matches!(format, Format::Md | Format::Html)) {
                    assert!(text.contains(&name), "{format} export lacks {name}");
                }
            }
        }
    }

    #[test]
    fn labels_are_stable_and_the_chair_stays_chair() {
        let meeting = anonymize(&sample());
        let labels: Vec<&str> = meeting
            .statements
            .iter()
            .map(|s| speaker_label(&meeting, s))
            .collect();
        assert_eq!(labels[2], "委員E"); // 加藤: sixth on the roster, fifth after the chair
        assert_eq!(labels[4], "会長"); // [澤田会長]
        assert_eq!(labels[18], "会長"); // [澤田委員] is the chair too
        assert_eq!(labels[21], "委員Fから提案"); // [奥沢委員から提案]
        let names: Vec<&str> = meeting.attendees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names[..7],
            ["会長", "委員A", "委員B", "委員C", "委員D", "委員E", "委員F"]
        );
        let s23 = meeting.statement("s23").expect("s23");
        assert!(
            s23.text.starts_with("委員Fから提案いただいた3つのテーマ"),
            "{}",
            s23.text
        );
        let s29 = meeting.statement("s29").expect("s29");
        assert!(
            s29.text.contains("ただ、委員Aがおっしゃるように"),
            "{}",
            s29.text
        );
        // Anonymising twice changes nothing more: the labels are fixed points.
        assert_eq!(anonymize(&meeting), meeting);
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(member_label(0), "委員A");
        assert_eq!(member_label(25), "委員Z");
        assert_eq!(member_label(26), "委員AA");
        assert_eq!(member_label(27), "委員AB");
    }

    #[test]
    fn a_bare_prefix_is_not_a_family_name() {
        let mut meeting = sample();
        meeting.attendees[1].name = "中央太郎".into();
        meeting.attendees[1].label = None;
        meeting.statements.retain(|s| s.speaker != "yahata");
        let out = anonymize(&meeting);
        assert!(out.statements.iter().any(|s| s.text.contains("中央区役所")));
        assert!(!out.attendees.iter().any(|a| a.name.contains("中央太郎")));
    }
}
