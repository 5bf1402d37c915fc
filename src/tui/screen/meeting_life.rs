//! Confirming (確定) and publishing (公開) the minutes from meeting mode, as
//! `kaikaku meeting confirm|publish` do: a question naming the meeting first, the live
//! journal and the meeting file saved before the step, every refusal with its reason, and
//! afterwards a read-only session that says why, exactly as when confirmed minutes are opened.
//!
//! The rules are the model's ([`crate::model::lifecycle`]) and the store's (which refuses the
//! step when `kaikaku check` finds problems or the journal holds unsaved words); this module
//! only asks, saves first and reports. It sees the core and the session, never the app.

use crate::model::Meeting;
use crate::model::lifecycle;
use crate::model::meeting::MeetingStatus;
use crate::store::lifecycle::NotReady;
use crate::tui::app::{Pending, PendingWrite};
use crate::tui::core::Core;
use crate::tui::dialog::Confirm;
use crate::tui::msg::Msg;

use super::meeting::Session;

/// A step along the minutes' lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Confirm,
    Publish,
}

/// The meeting as a question names it: `第N回 title (date, id)`, terminal-safe.
fn describe(meeting: &Meeting, lang: crate::model::Language) -> String {
    let number = meeting.number.map_or(String::new(), |n| {
        lang.pick(&format!("第{n}回 "), &format!("No. {n} "))
            .to_string()
    });
    format!(
        "{number}{} ({}, {})",
        crate::model::sanitize_inline(&meeting.title),
        meeting.date,
        crate::model::sanitize_inline(&meeting.id)
    )
}

/// Why the step cannot be taken on this session now, before asking; `None` when it may.
fn refusal(core: &Core, session: &Session, step: Step) -> Option<String> {
    let lang = core.lang;
    if let Some(reason) = core.write_refusal() {
        return Some(reason);
    }
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Some(
            lang.pick("会議が見つかりません", "The meeting is not found")
                .to_string(),
        );
    };
    // The lifecycle first: "already confirmed" says more than "read-only".
    let mut stepped = meeting.clone();
    let allowed = match step {
        Step::Confirm => lifecycle::confirm(&mut stepped),
        Step::Publish => lifecycle::publish(&mut stepped),
    };
    if let Err(error) = allowed {
        // The open meeting is the subject: no id first, so the reason fits the status line.
        let reason = match &error {
            lifecycle::LifecycleError::Already { status, .. } => {
                let status = lifecycle::status_label(*status, lang);
                lang.pick(
                    &format!("この議事録はすでに{status}です"),
                    &format!("these minutes are already {status}"),
                )
                .to_string()
            }
            lifecycle::LifecycleError::NotConfirmed { .. } => lang
                .pick(
                    "この議事録は草案です。公開の前に確定してください（Alt-Shift-C）",
                    "these minutes are a draft: confirm them before publishing (Alt-Shift-C)",
                )
                .to_string(),
            other @ lifecycle::LifecycleError::Immutable { .. } => {
                format!("{} — {}", other.localized(lang), other.hint(lang))
            }
        };
        return Some(reason);
    }
    // A workspace that cannot be written (a past revision, a read-only directory): the
    // reason meeting mode gives for a draft there.
    let mut as_draft = meeting.clone();
    as_draft.status = MeetingStatus::Draft;
    if let Some(reason) = super::meeting_pick::read_only_reason(core, &as_draft) {
        return Some(reason);
    }
    if step == Step::Confirm {
        if session.editing.is_some() {
            return Some(
                lang.pick(
                    "発言の修正中は確定できません。修正を確定（Enter）するか取り消して（Esc）から確定してください",
                    "A statement is being corrected: finish it (Enter) or cancel it (Esc) before confirming",
                )
                .to_string(),
            );
        }
        if session
            .editor
            .lines()
            .iter()
            .any(|line| !line.trim().is_empty())
        {
            return Some(
                lang.pick(
                    "入力中の発言があるため確定できません。記録する（Enter）か消してから確定してください",
                    "A statement is half-typed: record it (Enter) or clear it before confirming",
                )
                .to_string(),
            );
        }
    }
    None
}

/// The key: the question naming the meeting, or the reason the step is refused (and then
/// nothing is asked).
pub fn ask(core: &Core, session: Option<&Session>, step: Step) -> Result<Confirm, Msg> {
    let lang = core.lang;
    let Some(session) = session else {
        return Err(Msg::Notify(
            lang.pick("会議が開かれていません", "No meeting is open")
                .into(),
        ));
    };
    if let Some(reason) = refusal(core, session, step) {
        return Err(Msg::Notify(reason));
    }
    let meeting = core
        .workspace
        .meeting(&session.meeting_id)
        .map(|m| describe(m, lang))
        .unwrap_or_default();
    let (question, pending) = match step {
        Step::Confirm => (
            lang.pick(
                "議事録を確定しますか（以後は変更できません）",
                "Confirm the minutes (they can no longer change afterwards)",
            ),
            Pending::ConfirmMeeting(session.meeting_id.clone()),
        ),
        Step::Publish => (
            lang.pick(
                "議事録を公開済みにしますか",
                "Mark the minutes as published",
            ),
            Pending::PublishMeeting(session.meeting_id.clone()),
        ),
    };
    Ok(Confirm::new(
        format!("{question}: {meeting} (y/n)"),
        pending,
    ))
}

/// "Yes": saves the draft and the meeting file, takes the step through the store, and makes
/// the session read-only with the reason. Every refusal leaves the minutes as they were.
pub fn carry_out(
    core: &mut Core,
    session: &mut Option<Session>,
    meeting_id: &str,
    step: Step,
) -> Option<Msg> {
    let lang = core.lang;
    let Some(session) = session.as_mut().filter(|s| s.meeting_id == meeting_id) else {
        // The question outlived its session (another meeting was opened meanwhile).
        return Some(Msg::Notify(
            lang.pick(
                "別の会議が開かれたため、何もしていません",
                "Another meeting was opened; nothing was done",
            )
            .into(),
        ));
    };
    if let Some(reason) = refusal(core, session, step) {
        return Some(Msg::Notify(reason));
    }
    if step == Step::Confirm {
        // Everything recorded reaches the file first: the store refuses to freeze minutes
        // whose journal still holds words the file lacks.
        let flushed = session.flush_draft(core);
        let saved = session.save(core);
        let failed = [PendingWrite::Meeting, PendingWrite::Journal]
            .into_iter()
            .any(|write| {
                core.pending_writes
                    .contains_key(&write(meeting_id.to_string()))
            });
        if failed {
            return saved.or(flushed);
        }
    }
    let done = match step {
        Step::Confirm => match core.workspace.confirm_meeting(meeting_id) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(NotReady::Problems(problems))) => {
                let first = problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                return Some(Msg::Notify(crate::model::sanitize_inline(&format!(
                    "{}: {first}",
                    lang.pick(
                        &format!(
                            "議事録に {} 件の問題があるため確定しませんでした（kaikaku check）",
                            problems.len()
                        ),
                        &format!(
                            "{} problem(s) in the minutes, so they were not confirmed (kaikaku check)",
                            problems.len()
                        ),
                    )
                ))));
            }
            Ok(Err(NotReady::UnsavedJournal)) => {
                return Some(Msg::Notify(
                    lang.pick(
                        "ジャーナルの内容がまだ議事録ファイルに保存されていないため、確定しませんでした",
                        "The journal holds statements not yet saved in the minutes file, so they were not confirmed",
                    )
                    .into(),
                ));
            }
            Err(error) => Err(error),
        },
        Step::Publish => core.workspace.publish_meeting(meeting_id),
    };
    if let Err(error) = done {
        return Some(Msg::Notify(format!(
            "{}: {}",
            lang.pick("変更できません", "NOT CHANGED"),
            error.with_hint(lang)
        )));
    }
    let meeting = core.workspace.meeting(meeting_id)?.clone();
    session.read_only = super::meeting_pick::read_only_reason(core, &meeting);
    session.journal = None;
    session.typing = false;
    let status = lifecycle::status_label(meeting.status, lang);
    Some(Msg::Notify(format!(
        "{}: {} — {}",
        lang.pick(
            &format!("議事録を{status}にしました"),
            &format!("Minutes {status}")
        ),
        describe(&meeting, lang),
        lang.pick(
            "記録はフェーズを閉じる（コミット）で残してください",
            "record it with a phase commit",
        )
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::tui::screen::draft_session;
    use ratatui_textarea::TextArea;

    fn notice(msg: Option<Msg>) -> String {
        match msg {
            Some(Msg::Notify(text)) => text,
            other => panic!("expected a notice, got {other:?}"),
        }
    }

    fn refused(result: Result<Confirm, Msg>) -> String {
        notice(result.err())
    }

    #[test]
    fn confirm_then_publish_with_refusals_in_between() {
        let (temp, mut core, mut session) = draft_session(Language::En);
        let id = session.as_ref().expect("session").meeting_id.clone();
        let file = temp.path().join(format!("minutes/{id}.ron"));
        if let Some(s) = session.as_mut() {
            s.editor.insert_str("途中");
        }
        assert!(refused(ask(&core, session.as_ref(), Step::Confirm)).contains("half-typed"));
        if let Some(s) = session.as_mut() {
            s.editor = TextArea::default();
        }
        assert!(refused(ask(&core, session.as_ref(), Step::Publish)).contains("draft"));
        let question = ask(&core, session.as_ref(), Step::Confirm).expect("asks");
        assert!(question.message.contains(&id), "{}", question.message);
        assert_eq!(question.pending, Pending::ConfirmMeeting(id.clone()));

        let done = notice(carry_out(&mut core, &mut session, &id, Step::Confirm));
        assert!(done.contains("confirmed"), "{done}");
        assert!(
            std::fs::read_to_string(&file)
                .expect("read")
                .contains("status: confirmed")
        );
        let live = session.as_ref().expect("session");
        assert!(live.journal.is_none());
        assert_eq!(
            live.read_only.as_deref(),
            Some("confirmed minutes cannot be edited")
        );
        assert!(refused(ask(&core, session.as_ref(), Step::Confirm)).contains("already confirmed"));

        ask(&core, session.as_ref(), Step::Publish).expect("asks");
        notice(carry_out(&mut core, &mut session, &id, Step::Publish));
        assert!(
            std::fs::read_to_string(&file)
                .expect("read")
                .contains("status: published")
        );
        assert!(refused(ask(&core, session.as_ref(), Step::Publish)).contains("already published"));
    }

    #[test]
    fn a_stale_question_does_nothing_and_refusals_are_in_japanese() {
        let (temp, mut core, mut session) = draft_session(Language::Ja);
        let id = session.as_ref().expect("session").meeting_id.clone();
        let before =
            std::fs::read_to_string(temp.path().join(format!("minutes/{id}.ron"))).expect("read");
        let stale = notice(carry_out(&mut core, &mut session, "other", Step::Confirm));
        assert!(stale.contains("何もしていません"), "{stale}");
        assert!(refused(ask(&core, session.as_ref(), Step::Publish)).contains("草案"));
        assert_eq!(
            std::fs::read_to_string(temp.path().join(format!("minutes/{id}.ron"))).expect("read"),
            before
        );
        assert!(refused(ask(&core, None, Step::Confirm)).contains("会議"));
    }
}
