//! Meeting mode's two pickers: the speaker (every present member and official of the
//! meeting, beyond the ten Alt+digit keys) and the meeting list (open any meeting: a draft
//! to record or correct, confirmed or published minutes to read). Both are a
//! [`Picker`] filtered by typing; this module builds their entries and carries out the
//! choice. Kept apart from `meeting.rs`, whose statement operations change on their own.

use crate::model::meeting::{Attendance, Attendee, MeetingStatus};
use crate::model::settings::Member;
use crate::model::{Language, Meeting};
use crate::store::Workspace;
use crate::tui::core::Core;
use crate::tui::core::LoadState;
use crate::tui::dialog::{Dialog, PickEntry, Picker, PickerPurpose};
use crate::tui::msg::Msg;
use crate::tui::outcome::Outcome;
use crate::tui::screen::Screen;

use super::meeting::{self, Session, speaker_keys};

/// Why the meeting cannot be recorded into, in the UI language, if it cannot: the
/// workspace is read-only (a past revision under `--at`, another instance holds the lock,
/// the projector window), or the minutes are confirmed or published (immutable).
pub fn read_only_reason(core: &Core, meeting: &Meeting) -> Option<String> {
    let lang = core.lang;
    if let Some(reason) = core.workspace.read_only_reason() {
        // A workspace read from git objects has no directory: it is a past revision.
        if core.workspace.root.is_none() {
            return Some(
                lang.pick(
                    "過去の時点の表示（--at）は読み取り専用です",
                    "a past revision (--at) is read-only",
                )
                .to_string(),
            );
        }
        return Some(match lang {
            Language::Ja => format!("読み取り専用のため記録できません（{}）", reason.get(lang)),
            Language::En => format!("read-only, nothing is recorded ({})", reason.get(lang)),
        });
    }
    match meeting.status {
        MeetingStatus::Draft => None,
        MeetingStatus::Confirmed => Some(
            lang.pick(
                "確定済みの議事録は編集できません",
                "confirmed minutes cannot be edited",
            )
            .to_string(),
        ),
        MeetingStatus::Published => Some(
            lang.pick(
                "公開済みの議事録は編集できません",
                "published minutes cannot be edited",
            )
            .to_string(),
        ),
    }
}

/// How someone attends, when it is not plainly in the room.
fn attendance_note(lang: Language, attendance: &Attendance) -> Option<&'static str> {
    match attendance {
        Attendance::Present | Attendance::Absent => None,
        Attendance::Online => Some(lang.pick("オンライン", "online")),
        Attendance::Proxy(_) => Some(lang.pick("代理出席", "proxy")),
    }
}

/// The speaker picker's entries: every attendee who is not absent — members (a proxy in
/// the member's seat included) and officials (説明員) alike — in attendee order, the first
/// ten with their Alt+digit key. Found by the printed label, the name, the role, the
/// department, the reading where the roster records one, the labels the meeting's
/// statements print them with, and the ids (romaji in the sample).
pub fn speaker_entries(
    meeting: &Meeting,
    roster: &[Member],
    lang: Language,
    current: Option<&str>,
) -> Vec<PickEntry> {
    let keys: Vec<(char, String)> = speaker_keys(meeting)
        .into_iter()
        .map(|(key, attendee)| (key, attendee.id.clone()))
        .collect();
    meeting
        .attendees
        .iter()
        .filter(|a| a.attendance != Attendance::Absent)
        .map(|attendee| {
            let reading = attendee
                .member
                .as_deref()
                .and_then(|id| roster.iter().find(|m| m.id == id))
                .and_then(|m| m.reading.as_deref());
            // Imported minutes print some speakers differently per statement
            // (「事務局(長妻行政改革推進課副参事)」): those labels find them too.
            let mut printed: Vec<&str> = meeting
                .statements
                .iter()
                .filter(|s| s.speaker == attendee.id)
                .filter_map(|s| s.label.as_deref())
                .collect();
            printed.sort_unstable();
            printed.dedup();
            let entry = speaker_entry(attendee, reading, &printed, lang)
                .marked(current == Some(attendee.id.as_str()));
            match keys.iter().find(|(_, id)| *id == attendee.id) {
                Some((key, _)) => entry.with_key(format!("Alt-{key}")),
                None => entry,
            }
        })
        .collect()
}

fn speaker_entry(
    attendee: &Attendee,
    reading: Option<&str>,
    printed: &[&str],
    lang: Language,
) -> PickEntry {
    let label = attendee
        .label
        .clone()
        .unwrap_or_else(|| attendee.name.clone());
    let mut detail: Vec<&str> = Vec::new();
    if attendee.label.is_some() {
        detail.push(&attendee.name);
    }
    detail.push(&attendee.role);
    if let Some(department) = &attendee.department {
        detail.push(department);
    }
    if let Some(note) = attendance_note(lang, &attendee.attendance) {
        detail.push(note);
    }
    let mut extra = vec![attendee.name.as_str(), attendee.role.as_str()];
    extra.extend(attendee.member.as_deref());
    extra.extend(reading);
    extra.extend(printed);
    PickEntry::new(attendee.id.clone(), label, detail.join(" "), &extra)
}

/// The meeting list's entries: every meeting, newest first (a draft before confirmed
/// minutes of the same day), with its status and statement count.
pub fn meeting_entries(
    workspace: &Workspace,
    lang: Language,
    current: Option<&str>,
) -> Vec<PickEntry> {
    let mut meetings: Vec<&Meeting> = workspace.meetings.iter().map(|m| &m.value).collect();
    meetings.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| {
                (a.status != MeetingStatus::Draft).cmp(&(b.status != MeetingStatus::Draft))
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    meetings
        .into_iter()
        .map(|m| {
            let status = match m.status {
                MeetingStatus::Draft => lang.pick("草案", "draft"),
                MeetingStatus::Confirmed => lang.pick("確定", "confirmed"),
                MeetingStatus::Published => lang.pick("公開", "published"),
            };
            let count = match lang {
                Language::Ja => format!("{}件", m.statements.len()),
                Language::En => format!("{} statement(s)", m.statements.len()),
            };
            let date = m.date.to_string();
            PickEntry::new(
                m.id.clone(),
                format!("{date} {}", m.title),
                format!("{status} {count}"),
                &[&lang.year(crate::model::FiscalYear::containing(m.date))],
            )
            .marked(current == Some(m.id.as_str()))
        })
        .collect()
}

/// Alt-s: the speaker picker over the open meeting (refused with the reason on minutes
/// that cannot be recorded into).
pub fn open_speaker_picker(core: &Core, session: &Session) -> Outcome {
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Outcome::Done;
    };
    let roster = core
        .settings()
        .and_then(|s| s.committee(&meeting.committee))
        .map_or(&[][..], |c| c.members.as_slice());
    let entries = speaker_entries(meeting, roster, core.lang, session.speaker.as_deref());
    Outcome::Open(Dialog::Picker(Picker::new(
        PickerPurpose::Speaker {
            meeting: meeting.id.clone(),
        },
        entries,
    )))
}

/// Ctrl-O (and from the screens' keys when bound): the list of every meeting, the one
/// being recorded (if any) marked. It waits for the minutes while the workspace loads.
pub fn open_meeting_list(core: &Core, session: Option<&Session>) -> Outcome {
    if !core.load.is_complete() {
        return Outcome::notice(core.incomplete());
    }
    if core.workspace.meetings.is_empty() {
        return Outcome::Notify(
            core.lang
                .pick("会議がありません", "No meetings in this workspace")
                .into(),
        );
    }
    let current = session.map(|s| s.meeting_id.as_str());
    let entries = meeting_entries(&core.workspace, core.lang, current);
    Outcome::Open(Dialog::Picker(Picker::new(PickerPurpose::Meeting, entries)))
}

/// What choosing an entry of a picker means.
pub fn chosen(
    core: &mut Core,
    slot: &mut Option<Session>,
    purpose: PickerPurpose,
    id: &str,
) -> Outcome {
    match purpose {
        PickerPurpose::Speaker { meeting } => {
            let Some(session) = slot.as_mut() else {
                return Outcome::Done;
            };
            if session.meeting_id != meeting {
                return Outcome::Done;
            }
            let chosen = session.choose_speaker_id(core, id);
            // The picker was opened from the editor or the list: the next words are typed.
            if session.read_only.is_none() {
                session.typing = true;
            }
            meeting::said(chosen)
        }
        PickerPurpose::Meeting => switch_to(core, slot, id),
    }
}

/// Opens meeting `id` on the meeting screen. The meeting being left is kept first (its
/// draft journalled, its file saved; a failed save stays marked NOT SAVED and is retried
/// on quit, and its journal still holds every statement). A draft opens in the editor; a
/// meeting that cannot be recorded into opens on its statement list, the reason shown.
pub fn switch_to(core: &mut Core, slot: &mut Option<Session>, id: &str) -> Outcome {
    let Some(meeting) = core.workspace.meeting(id) else {
        return Outcome::Done;
    };
    let go = |notice: Option<String>| Outcome::Go(Screen::Meeting, notice);
    if let Some(session) = slot.as_mut()
        && session.meeting_id == id
    {
        if session.read_only.is_none() {
            session.typing = true;
        }
        return go(None);
    }
    if let LoadState::Loading(_) | LoadState::Failed(_) = core.load {
        return go(core.incomplete());
    }
    let opened_title = format!(
        "{}: {} {}",
        core.lang.pick("会議を開きました", "Opened"),
        meeting.date,
        crate::model::sanitize_inline(&meeting.title)
    );
    let _ = meeting::flush_draft(core, slot);
    let left = meeting::save(core, slot);
    let _ = meeting::idle_sync(core, slot);
    *slot = None;
    let opened = meeting::open(core, slot, id);
    let reason = slot.as_ref().and_then(|s| s.read_only.clone());
    // The status line: a failure to keep the meeting left first, then a recovery notice,
    // then why the opened one is read-only, else its title.
    let notice = match left.or(opened) {
        Some(Msg::Notify(message)) => Some(message),
        _ => reason.or(Some(opened_title)),
    };
    go(notice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meeting::Attendance;

    fn attendee(id: &str, name: &str, role: &str) -> Attendee {
        Attendee {
            id: id.into(),
            name: name.into(),
            role: role.into(),
            member: None,
            label: None,
            department: None,
            attendance: Attendance::Present,
        }
    }

    #[test]
    fn every_present_member_and_official_is_listed_the_first_ten_with_keys() {
        let (_temp, core) = super::super::sample_core(Language::Ja);
        let mut meeting = core.workspace.meetings[0].value.clone();
        meeting.attendees = (1..=12)
            .map(|n| {
                let mut a = attendee(&format!("m{n}"), &format!("委員{n}"), "委員");
                a.member = Some(format!("m{n}"));
                a.label = Some(format!("委員{n}委員"));
                a
            })
            .collect();
        meeting.attendees[4].attendance = Attendance::Absent;
        for (n, department) in [(1, "総務局"), (2, "政策局"), (3, "財政局")] {
            let mut official = attendee(&format!("o{n}"), &format!("説明員{n}"), "説明員");
            official.department = Some(department.into());
            meeting.attendees.push(official);
        }
        let roster = [Member {
            id: "m3".into(),
            name: "委員3".into(),
            role: "委員".into(),
            affiliation: None,
            label: None,
            reading: Some("さんばん いいん".into()),
        }];
        let entries = speaker_entries(&meeting, &roster, Language::Ja, Some("o2"));
        assert_eq!(entries.len(), 14, "11 present members and 3 officials");
        assert!(
            !entries.iter().any(|e| e.id == "m5"),
            "the absent member is not"
        );
        let keyed: Vec<(&str, &str)> = entries
            .iter()
            .filter_map(|e| e.key.as_deref().map(|k| (k, e.id.as_str())))
            .collect();
        assert_eq!(keyed.len(), 10);
        assert_eq!(keyed[0], ("Alt-1", "m1"));
        assert_eq!(keyed[9], ("Alt-0", "m11"));
        assert!(
            entries
                .iter()
                .find(|e| e.id == "o2")
                .is_some_and(|e| e.current)
        );
        let mut picker = Picker::new(PickerPurpose::Meeting, entries);
        for c in "政策".chars() {
            picker.handle(&Msg::Type(c));
        }
        let shown: Vec<&str> = picker.shown().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(shown, ["o2"], "found by department");
        picker.query = "サンバン".into();
        let shown: Vec<&str> = picker.shown().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            shown,
            ["m3"],
            "found by the roster's reading, in katakana too"
        );
    }

    #[test]
    fn meetings_newest_first_with_status_and_count() {
        let (_temp, core) = super::super::sample_core(Language::En);
        let mut workspace = core.workspace;
        let mut older = workspace.meetings[0].clone();
        older.value.id = "older".into();
        older.value.date = older.value.date.pred_opt().expect("date");
        older.value.status = MeetingStatus::Confirmed;
        older.value.statements.clear();
        workspace.meetings.push(older);
        let current = workspace.meetings[0].value.id.clone();
        let entries = meeting_entries(&workspace, Language::En, Some(&current));
        assert_eq!(entries[0].id, current);
        assert!(entries[0].current);
        assert_eq!(entries[1].id, "older");
        assert_eq!(entries[1].detail, "confirmed 0 statement(s)");
    }

    /// Meeting mode needs only the core and its session: switching says the screen and the
    /// status line for the router to carry out, and `show` during the load holds itself.
    #[test]
    fn switching_and_showing_answer_with_an_outcome_on_the_core_alone() {
        let (_temp, mut core) = super::super::sample_core(Language::En);
        let id = core.workspace.meetings[0].value.id.clone();
        let mut slot = None;
        let outcome = switch_to(&mut core, &mut slot, &id);
        assert!(
            matches!(&outcome, Outcome::Go(Screen::Meeting, Some(_))),
            "{outcome:?}"
        );
        assert_eq!(
            slot.as_ref().map(|s| s.meeting_id.as_str()),
            Some(id.as_str())
        );
        let again = switch_to(&mut core, &mut slot, &id);
        assert!(
            matches!(again, Outcome::Go(Screen::Meeting, None)),
            "{again:?}"
        );
        let unknown = switch_to(&mut core, &mut slot, "no-such-meeting");
        assert!(matches!(unknown, Outcome::Done), "{unknown:?}");
        let mut none = None;
        core.load = LoadState::Loading(crate::store::Progress::default());
        let shown = meeting::show(&mut core, &mut none);
        assert!(
            matches!(
                shown,
                Outcome::Hold(Screen::Meeting, crate::tui::command::Command::ShowMeeting)
            ),
            "{shown:?}"
        );
        assert!(
            none.is_none(),
            "nothing opens before the minutes are loaded"
        );
    }

    #[test]
    fn read_only_reasons_are_in_the_ui_language() {
        let (_temp, mut core) = super::super::sample_core(Language::Ja);
        let mut meeting = core.workspace.meetings[0].value.clone();
        meeting.status = MeetingStatus::Draft;
        assert_eq!(read_only_reason(&core, &meeting), None);
        meeting.status = MeetingStatus::Published;
        assert_eq!(
            read_only_reason(&core, &meeting).as_deref(),
            Some("公開済みの議事録は編集できません")
        );
        core.lang = Language::En;
        meeting.status = MeetingStatus::Confirmed;
        assert_eq!(
            read_only_reason(&core, &meeting).as_deref(),
            Some("confirmed minutes cannot be edited")
        );
        core.workspace
            .set_read_only(crate::i18n::Text::same("locked by 42@host"));
        assert_eq!(
            read_only_reason(&core, &meeting).as_deref(),
            Some("read-only, nothing is recorded (locked by 42@host)")
        );
        core.workspace.root = None;
        core.workspace
            .set_read_only(crate::i18n::Text::same("v1 (time travel)"));
        assert_eq!(
            read_only_reason(&core, &meeting).as_deref(),
            Some("a past revision (--at) is read-only")
        );
    }
}
