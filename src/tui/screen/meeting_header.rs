//! The meeting header form of meeting mode (Alt-Shift-H): opening it on the open meeting,
//! and saving what it hands back as one undoable operation.
//!
//! A save goes the way of every statement operation: the header before and after is
//! journalled as an [`Entry::Edit`](crate::store::journal::Entry::Edit) and fsynced before
//! the minutes in memory change, then the meeting file is saved atomically and the journal
//! compacted (the undo stack kept). A `kill -9` at any point leaves either the old header or
//! the new one, never half of it; `Ctrl-Z` puts the old header back, refused when a statement
//! recorded since needs what it lacked. Confirmed and published minutes, a past revision and
//! a read-only workspace refuse the form with the session's reason, as every edit there.

use crate::model::lifecycle;
use crate::model::meeting_edit::{self, HeaderFields, HeaderOp};
use crate::model::statement_ops::Edit;
use crate::tui::core::Core;
use crate::tui::dialog::Dialog;
use crate::tui::dialog::header_form::HeaderForm;
use crate::tui::msg::Msg;
use crate::tui::outcome::Outcome;

use super::meeting::Session;

/// Alt-Shift-H: the form on the open meeting, or why it cannot be edited.
pub fn open(core: &Core, session: Option<&Session>) -> Outcome {
    let lang = core.lang;
    let Some(session) = session else {
        return Outcome::Notify(
            lang.pick("会議が開かれていません", "No meeting is open")
                .into(),
        );
    };
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    match core.workspace.meeting(&session.meeting_id) {
        Some(meeting) => {
            Outcome::Open(Dialog::HeaderForm(Box::new(HeaderForm::new(meeting, lang))))
        }
        None => Outcome::Done,
    }
}

/// "Save" in the form: the operations applied to the minutes as one undoable edit.
pub fn save(
    core: &mut Core,
    slot: &mut Option<Session>,
    meeting_id: &str,
    ops: &[HeaderOp],
) -> Option<Msg> {
    let lang = core.lang;
    let notify = |text: &str| Some(Msg::Notify(text.to_string()));
    let Some(session) = slot.as_mut().filter(|s| s.meeting_id == meeting_id) else {
        return notify(lang.pick(
            "別の会議が開かれたため、何も保存していません",
            "Another meeting was opened; nothing was saved",
        ));
    };
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let stored = core.workspace.meeting(meeting_id)?.clone();
    let mut edited = stored.clone();
    if let Err(error) = meeting_edit::apply(&mut edited, ops) {
        let message = crate::i18n::Localize::message(&error, lang);
        return Some(Msg::Notify(format!(
            "{}: {}",
            lang.pick("保存していません", "NOT SAVED"),
            crate::model::sanitize_inline(&message)
        )));
    }
    if let Err(error) = lifecycle::check_save(&stored, &edited) {
        let error: crate::error::Error = error.into();
        return Some(Msg::Notify(error.localized(lang)));
    }
    if edited == stored {
        return notify(lang.pick("変更はありません", "Nothing changed"));
    }
    // What `kaikaku check` would find in the edited minutes refuses the edit, as the CLI does.
    match core.workspace.problems_before_saving_meeting(&edited) {
        Ok(problems) if !problems.is_empty() => {
            return Some(Msg::Notify(crate::model::sanitize_inline(&format!(
                "{}: {}",
                lang.pick(
                    &format!("問題が {} 件あるため保存していません", problems.len()),
                    &format!("{} problem(s), nothing saved", problems.len()),
                ),
                problems[0].render(lang)
            ))));
        }
        Ok(_) => {}
        Err(error) => return Some(Msg::Notify(error.with_hint(lang))),
    }
    let edit = Edit::header(HeaderFields::of(&stored), HeaderFields::of(&edited));
    if let Some(failure) = session.record(core, edit) {
        return Some(failure);
    }
    session.since_save += 1;
    *core.workspace.meeting_mut(meeting_id)? = edited;
    let saved = session.save(core);
    saved.or_else(|| {
        notify(lang.pick(
            "会議情報を保存しました（Ctrl-Z で元に戻す）",
            "Meeting header saved (Ctrl-Z undoes)",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::model::meeting::MeetingStatus;
    use crate::model::meeting_edit::How;
    use crate::tui::screen::{draft_session, sample_core};

    fn notice(msg: Option<Msg>) -> String {
        match msg {
            Some(Msg::Notify(text)) => text,
            other => panic!("expected a notice, got {other:?}"),
        }
    }

    #[test]
    fn a_saved_header_is_on_disk_and_undone_with_ctrl_z() {
        let (temp, mut core, mut session) = draft_session(Language::En);
        let id = session.as_ref().expect("session").meeting_id.clone();
        let file = temp.path().join(format!("minutes/{id}.ron"));
        let member = core.workspace.meeting(&id).expect("meeting").attendees[1]
            .id
            .clone();
        let ops = [
            HeaderOp::Place("本庁舎14階会議室".into()),
            HeaderOp::Attendance {
                attendee: member.clone(),
                how: How::Absent,
            },
        ];
        let done = notice(save(&mut core, &mut session, &id, &ops));
        assert!(done.contains("saved"), "{done}");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains("本庁舎14階会議室"), "{text}");
        let live = session.as_mut().expect("session");
        let undone = notice(live.undo(&mut core, false));
        assert!(undone.contains("header edit undone"), "{undone}");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(!text.contains("本庁舎14階会議室"));
        assert_eq!(
            core.workspace
                .meeting(&id)
                .and_then(|m| m.attendee(&member))
                .map(|a| a.attendance.clone()),
            Some(crate::model::meeting::Attendance::Present)
        );
        // Saving nothing says so and writes nothing.
        let nothing = notice(save(&mut core, &mut session, &id, &[]));
        assert!(nothing.contains("Nothing changed"), "{nothing}");
    }

    #[test]
    fn confirmed_minutes_refuse_the_form_with_the_lifecycle_reason() {
        let (_temp, core) = sample_core(Language::Ja);
        let meeting = core.workspace.meetings[0].value.clone();
        assert_ne!(meeting.status, MeetingStatus::Draft);
        let mut slot = None;
        let mut core = core;
        super::super::meeting::open(&mut core, &mut slot, &meeting.id);
        match open(&core, slot.as_ref()) {
            Outcome::Notify(reason) => assert!(reason.contains("議事録"), "{reason}"),
            _ => panic!("the form must be refused"),
        }
        let refused = notice(save(
            &mut core,
            &mut slot,
            &meeting.id,
            &[HeaderOp::Place("x".into())],
        ));
        assert!(refused.contains("議事録"), "{refused}");
    }

    #[test]
    fn a_wrong_operation_is_refused_in_the_users_language() {
        let (temp, mut core, mut session) = draft_session(Language::Ja);
        let id = session.as_ref().expect("session").meeting_id.clone();
        let before =
            std::fs::read_to_string(temp.path().join(format!("minutes/{id}.ron"))).expect("read");
        let refused = notice(save(
            &mut core,
            &mut session,
            &id,
            &[HeaderOp::End(Some("25:00".into()))],
        ));
        assert!(refused.contains("時刻"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(temp.path().join(format!("minutes/{id}.ron"))).expect("read"),
            before
        );
    }
}
