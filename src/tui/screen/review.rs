//! The review screen's dialog: Enter on a comment asks for the new status (a choice), then
//! the 対応方針 text (a one-line input prefilled with the current one), then the responsible
//! department (a choice that starts on "keep the current one", so Enter passes it), and
//! saves the step at once through the store. The step is recorded in the workspace's current
//! cycle; `kaikaku respond --cycle` records one for another.

use crate::model::response::ResponseStatus;
use crate::model::sanitize;
use crate::report::review::CommentItem;
use crate::store::responses::ResponseRequest;
use crate::tui::core::Core;
use crate::tui::dialog::{Choice, ChoicePurpose, Dialog, InputPurpose, LineInput};
use crate::tui::outcome::Outcome;

/// The review screen's own state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// Selected comment: awaiting ones first, then answered ones.
    pub cursor: usize,
    /// The queue as of the last update, for the view: it walks every meeting and response,
    /// so it is computed once per update ([`ReviewState::refresh`]), not per frame, and as
    /// of the core's `today`, never the clock.
    pub queue: Option<crate::report::review::ReviewQueue>,
}

impl ReviewState {
    /// Recomputes the queue the view reads, only while it is `shown` and can be (the whole
    /// workspace is loaded); otherwise drops it, so a stale queue is never drawn. Switching
    /// to the review screen is an update too, so the queue is fresh when it appears.
    pub fn refresh(&mut self, core: &Core, shown: bool) {
        self.queue = (shown && core.load.is_complete()).then(|| core.review_queue());
    }

    /// The comment under the cursor.
    pub fn selected(&self, core: &Core) -> Option<CommentItem> {
        let queue = core.review_queue();
        queue
            .awaiting
            .into_iter()
            .chain(queue.answered)
            .nth(self.cursor)
    }

    pub fn move_by(&mut self, core: &Core, delta: isize) {
        let queue = core.review_queue();
        let len = queue.awaiting.len() + queue.answered.len();
        self.cursor = self
            .cursor
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }

    /// Enter on a comment: the status choice.
    pub fn open_response(&self, core: &Core) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        self.selected(core)
            .map_or(Outcome::Done, |comment| open_response(core, comment))
    }
}

/// Opens the status choice for a comment.
fn open_response(core: &Core, comment: CommentItem) -> Outcome {
    let options: Vec<(String, String)> = ResponseStatus::ALL
        .iter()
        .map(|s| {
            let label = match core.lang {
                crate::model::Language::Ja => s.label_ja().to_string(),
                crate::model::Language::En => format!("{} ({})", s.label_ja(), s.as_str()),
            };
            (s.as_str().to_string(), label)
        })
        .collect();
    let selected = ResponseStatus::ALL
        .iter()
        .position(|s| *s == comment.status)
        .unwrap_or(0);
    let purpose = ChoicePurpose::ResponseStatus {
        meeting: comment.meeting,
        statement: comment.statement,
    };
    Outcome::Open(Dialog::Choice(Choice::new(purpose, options, selected)))
}

/// After the status was chosen: the policy input, prefilled with the text in force.
pub fn choose_status(core: &Core, meeting: String, statement: String, status: &str) -> Outcome {
    let Some(status) = ResponseStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == status)
    else {
        return Outcome::Done;
    };
    let text = core
        .workspace
        .responses(&meeting)
        .and_then(|f| f.response(&statement))
        .map(|r| sanitize(r.policy()).replace('\n', " "))
        .unwrap_or_default();
    let purpose = InputPurpose::ResponsePolicy {
        meeting,
        statement,
        status,
    };
    Outcome::Open(Dialog::Input(LineInput::new(purpose, text)))
}

/// After the 対応方針: the department choice, when the workspace defines departments; the
/// first option keeps the one in force. Without departments the step is saved at once.
pub fn choose_department(
    core: &mut Core,
    meeting: &str,
    statement: &str,
    status: ResponseStatus,
    policy: String,
) -> Outcome {
    let departments: Vec<(String, String)> = core
        .workspace
        .settings()
        .map(|s| {
            s.departments
                .iter()
                .map(|d| {
                    let name = match (core.lang, &d.name_en) {
                        (crate::model::Language::En, Some(en)) => en.clone(),
                        _ => d.name.clone(),
                    };
                    (d.id.clone(), name)
                })
                .collect()
        })
        .unwrap_or_default();
    if departments.is_empty() {
        return save_response(core, meeting, statement, status, &policy, None);
    }
    let current = core
        .workspace
        .responses(meeting)
        .and_then(|f| f.response(statement))
        .and_then(|r| r.department.clone());
    let current_name = current.as_ref().map_or_else(
        || core.lang.pick("未設定", "none").to_string(),
        |id| {
            departments
                .iter()
                .find(|(d, _)| d == id)
                .map_or_else(|| id.clone(), |(_, name)| name.clone())
        },
    );
    let keep = format!("{} ({current_name})", core.lang.pick("変更しない", "Keep"));
    let mut options = vec![(String::new(), keep)];
    options.extend(departments);
    let purpose = ChoicePurpose::ResponseDepartment {
        meeting: meeting.to_string(),
        statement: statement.to_string(),
        status,
        policy,
    };
    Outcome::Open(Dialog::Choice(Choice::new(purpose, options, 0)))
}

/// Records the step and saves the responses file; a refused step reopens the 対応方針 input
/// with the reason, so nothing typed is lost.
pub fn save_response(
    core: &mut Core,
    meeting: &str,
    statement: &str,
    status: ResponseStatus,
    text: &str,
    department: Option<String>,
) -> Outcome {
    let request = ResponseRequest {
        meeting: meeting.to_string(),
        statement: statement.to_string(),
        status,
        policy: Some(sanitize(text).trim().to_string()),
        department,
        cycle: None,
        date: core.today,
    };
    match core.workspace.record_response(request) {
        Ok(true) => {
            core.saved();
            Outcome::Notify(core.lang.pick("保存しました", "Saved").into())
        }
        Ok(false) => Outcome::Notify(core.lang.pick("変更はありません", "No change").into()),
        Err(error) => {
            let purpose = InputPurpose::ResponsePolicy {
                meeting: meeting.to_string(),
                statement: statement.to_string(),
                status,
            };
            let input = LineInput::new(purpose, text).with_error(error.localized(core.lang));
            Outcome::Open(Dialog::Input(input))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::tui::screen::sample_core;

    #[test]
    fn enter_asks_the_status_then_the_policy_prefilled() {
        let (_temp, core) = sample_core(Language::En);
        let review = ReviewState::default();
        let comment = review.selected(&core).expect("the sample has comments");
        let Outcome::Open(Dialog::Choice(choice)) = review.open_response(&core) else {
            panic!("a status choice");
        };
        assert_eq!(choice.options.len(), ResponseStatus::ALL.len());
        assert_eq!(choice.options[choice.selected].0, comment.status.as_str());
        let ChoicePurpose::ResponseStatus { meeting, statement } = choice.purpose else {
            panic!("for the selected comment");
        };
        assert_eq!(statement, comment.statement);
        let Outcome::Open(Dialog::Input(input)) = choose_status(
            &core,
            meeting,
            statement,
            ResponseStatus::Considering.as_str(),
        ) else {
            panic!("the 対応方針 input");
        };
        assert!(matches!(
            input.purpose,
            InputPurpose::ResponsePolicy {
                status: ResponseStatus::Considering,
                ..
            }
        ));
        assert!(matches!(
            choose_status(&core, "m".into(), "s".into(), "no-such-status"),
            Outcome::Done
        ));
    }

    #[test]
    fn the_cursor_stays_in_the_queue_and_writes_wait_for_the_load() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut review = ReviewState::default();
        review.move_by(&core, 10_000);
        let queue = core.review_queue();
        assert_eq!(
            review.cursor,
            queue.awaiting.len() + queue.answered.len() - 1
        );
        core.load = crate::tui::core::LoadState::Loading(crate::store::Progress::default());
        assert!(matches!(review.open_response(&core), Outcome::Notify(_)));
    }
}
