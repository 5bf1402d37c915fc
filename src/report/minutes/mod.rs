//! Minutes (議事録（要旨）) in and out of the model: the published plain-text layout, Akoma
//! Ntoso XML, Popolo JSON, and anonymisation.
//!
//! The published layout is the one Japanese cities print — a title line, numbered header
//! sections (1 日時, 2 場所, 3 出席委員, 4 配付資料, 5 次第) and then `[speaker]` blocks with
//! `【資料1】P3 topic` reference lines. [`export`] writes it and [`import`] reads it back, so a
//! meeting survives the trip through a word processor. Nothing here prints or touches files:
//! the CLI and the TUI decide where the text goes.

pub mod akn;
pub mod anonymize;
pub mod docx;
pub mod export;
pub mod html;
pub mod import;
pub mod popolo;

pub use anonymize::anonymize;
pub use export::{
    ExportError, ExportOptions, Format, export, export_docx, export_for, published_title,
    to_plain_text, to_published_text,
};
pub use import::{ImportError, Imported, import};

use crate::model::Meeting;
use crate::model::meeting::{Attendee, Statement};

/// Role words that follow a family name in a speaker label (「澤田会長」, 「八幡委員」),
/// longest first so that 「委員長」 wins over 「委員」 at the same position.
pub const ROLE_WORDS: [&str; 7] = [
    "副委員長",
    "委員長",
    "副会長",
    "会長",
    "副議長",
    "議長",
    "委員",
];

/// The label an attendee is announced by: the printed label when known, else the name.
pub fn attendee_label(attendee: &Attendee) -> &str {
    attendee.label.as_deref().unwrap_or(&attendee.name)
}

/// The speaker label printed for a statement (without the brackets): the statement's own
/// label when the minutes named the speaker differently, else the attendee's label. An
/// unknown speaker id is printed as is rather than hidden, so the mistake stays visible.
pub fn speaker_label<'a>(meeting: &'a Meeting, statement: &'a Statement) -> &'a str {
    if let Some(label) = &statement.label {
        return label;
    }
    meeting
        .attendee(&statement.speaker)
        .map_or(statement.speaker.as_str(), attendee_label)
}

/// Splits a speaker label into family name, role word and whatever follows
/// (「奥沢委員から提案」 → 奥沢, 委員, から提案). `None` when no role word follows a name.
pub fn split_label(label: &str) -> Option<(&str, &str, &str)> {
    let mut best: Option<(usize, &str)> = None;
    for role in ROLE_WORDS {
        if let Some(at) = label.find(role)
            && at > 0
            && best.is_none_or(|(b, r)| at < b || (at == b && role.len() > r.len()))
        {
            best = Some((at, role));
        }
    }
    let (at, role) = best?;
    Some((&label[..at], role, &label[at + role.len()..]))
}

/// Text with full-width ASCII made half-width and every space removed, for comparing names
/// and ids written 「田村　誠」 in one place and 「田村誠」 in another.
pub fn compact(text: &str) -> String {
    crate::model::fiscal_year::normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The id of a material printed without one: its title with everything an id may not hold
/// removed. The exporter prints such materials by title alone, which reads back the same.
pub fn derived_material_id(title: &str) -> String {
    compact(title)
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

/// Whether an attendee is a committee member (as opposed to secretariat or officials): a
/// roster link, or a member role when the meeting was imported without a roster.
pub fn is_member(attendee: &Attendee) -> bool {
    attendee.member.is_some() || ROLE_WORDS.contains(&attendee.role.as_str())
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The sample meeting, the seed text and the roster, shared by the tests of this module.

    use crate::model::{Meeting, Settings};
    use crate::store::canonical::options;

    pub const SAMPLE_RON: &str = include_str!("../../../minutes/2021-03-22-kaikaku-suishin-1.ron");
    pub const SEED_TEXT: &str =
        include_str!("../../../tests/fixtures/minutes/kumamoto-committee-minutes-2021-03-22.txt");
    pub const OTHER_TEXT: &str =
        include_str!("../../../tests/fixtures/minutes/minato-gyokaku-2024-02-05.txt");
    pub const SETTINGS_RON: &str = include_str!("../../../kaikaku.ron");

    pub fn sample() -> Meeting {
        options()
            .from_str(SAMPLE_RON)
            .expect("the sample meeting parses")
    }

    pub fn settings() -> Settings {
        options()
            .from_str(SETTINGS_RON)
            .expect("kaikaku.ron parses")
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{SAMPLE_RON, SEED_TEXT, sample, settings};
    use super::*;
    use crate::model::meeting::{Attendance, MeetingStatus, StatementKind};
    use crate::model::validate::validate;
    use crate::store::canonical::to_canonical;

    #[test]
    fn sample_meeting_is_canonical_and_valid() {
        let meeting = sample();
        assert_eq!(to_canonical(&meeting).expect("serialises"), SAMPLE_RON);
        let settings = settings();
        let problems = validate(Some(&settings), &[], &[&meeting]);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(meeting.status, MeetingStatus::Published);
    }

    #[test]
    fn sample_meeting_is_complete() {
        let meeting = sample();
        let present_members = meeting
            .attendees
            .iter()
            .filter(|a| a.member.is_some() && a.attendance == Attendance::Present)
            .count();
        assert_eq!(present_members, 7);
        let materials: Vec<&str> = meeting.materials.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            materials.iter().filter(|m| m.starts_with("資料")).count(),
            2
        );
        assert_eq!(
            materials
                .iter()
                .filter(|m| m.starts_with("参考資料"))
                .count(),
            3
        );
        assert_eq!(meeting.agenda_items().len(), 7);
        // Every [speaker] block of the seed, in order, under the label it was printed with.
        let printed: Vec<&str> = SEED_TEXT
            .lines()
            .filter_map(|l| l.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
            .collect();
        let labels: Vec<&str> = meeting
            .statements
            .iter()
            .map(|s| speaker_label(&meeting, s))
            .collect();
        assert_eq!(labels, printed);
        assert_eq!(meeting.statements.len(), 47);
    }

    #[test]
    fn sample_answers_thread_to_questions() {
        let meeting = sample();
        for statement in &meeting.statements {
            let speaker = meeting
                .attendee(&statement.speaker)
                .expect("speaker exists");
            if statement.kind == StatementKind::Answer {
                let question = statement
                    .reply_to
                    .as_deref()
                    .and_then(|id| meeting.statement(id));
                let question =
                    question.unwrap_or_else(|| panic!("{} answers nothing", statement.id));
                assert_ne!(question.speaker, statement.speaker, "{}", statement.id);
            }
            if statement.needs_response {
                assert!(
                    is_member(speaker),
                    "{} is flagged but not by a member",
                    statement.id
                );
            }
        }
        let questions = meeting
            .statements
            .iter()
            .filter(|s| s.kind == StatementKind::Question)
            .count();
        let answered = meeting
            .statements
            .iter()
            .filter(|s| s.kind == StatementKind::Question)
            .filter(|q| {
                meeting
                    .statements
                    .iter()
                    .any(|s| s.reply_to.as_deref() == Some(&q.id))
            })
            .count();
        assert_eq!(
            questions, answered,
            "every question in the seed got an answer"
        );
    }

    #[test]
    fn splits_labels() {
        assert_eq!(split_label("澤田会長"), Some(("澤田", "会長", "")));
        assert_eq!(
            split_label("奥沢委員から提案"),
            Some(("奥沢", "委員", "から提案"))
        );
        assert_eq!(split_label("山田委員長"), Some(("山田", "委員長", "")));
        assert_eq!(split_label("田中副会長"), Some(("田中", "副会長", "")));
        assert_eq!(split_label("委員A"), None);
        assert_eq!(split_label("情報政策課長"), None);
    }
}
