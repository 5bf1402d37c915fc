//! The review screen's dialog: Enter on a comment asks for the new status (a choice), then
//! the 対応方針 text (a one-line input prefilled with the current one), and saves the step
//! at once through the store. Called from `update()` only.

use super::action::Action;
use super::app::{App, ChoicePurpose, InputPurpose, Overlay, SaveState};
use crate::model::response::ResponseStatus;
use crate::model::sanitize;
use crate::store::responses::ResponseRequest;

/// Opens the status choice for the selected comment.
pub fn open_response(app: &mut App) -> Option<Action> {
    if let Some(refusal) = app.write_refusal() {
        return Some(Action::Notify(refusal));
    }
    let comment = app.selected_comment()?;
    let options: Vec<(String, String)> = ResponseStatus::ALL
        .iter()
        .map(|s| {
            let label = match app.lang {
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
    app.overlay = Overlay::Choice {
        purpose: ChoicePurpose::ResponseStatus {
            meeting: comment.meeting,
            statement: comment.statement,
        },
        options,
        selected,
    };
    None
}

/// After the status was chosen: the policy input, prefilled with the text in force.
pub fn choose_status(app: &mut App, meeting: String, statement: String, status: &str) {
    let Some(status) = ResponseStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == status)
    else {
        return;
    };
    let text = app
        .workspace
        .responses(&meeting)
        .and_then(|f| f.response(&statement))
        .map(|r| sanitize(r.policy()).replace('\n', " "))
        .unwrap_or_default();
    let cursor = text.chars().count();
    app.overlay = Overlay::Input {
        purpose: InputPurpose::ResponsePolicy {
            meeting,
            statement,
            status,
        },
        text,
        cursor,
        error: None,
    };
}

/// Records the step and saves the responses file; a refused step keeps the dialog open
/// with the reason, so nothing typed is lost.
pub fn save_response(
    app: &mut App,
    meeting: &str,
    statement: &str,
    status: ResponseStatus,
    text: &str,
) -> Option<Action> {
    let request = ResponseRequest {
        meeting: meeting.to_string(),
        statement: statement.to_string(),
        status,
        policy: Some(sanitize(text).trim().to_string()),
        department: None,
        cycle: None,
        date: chrono::Local::now().date_naive(),
    };
    match app.workspace.record_response(request) {
        Ok(true) => {
            app.save_state = SaveState::Saved;
            if let Some(root) = app.workspace.root.as_deref() {
                app.uncommitted = crate::history::repo::uncommitted_count(root);
            }
            Some(Action::Notify(
                app.lang.pick("保存しました", "Saved").into(),
            ))
        }
        Ok(false) => Some(Action::Notify(
            app.lang.pick("変更はありません", "No change").into(),
        )),
        Err(error) => {
            let message = error.chain();
            let cursor = text.chars().count();
            app.overlay = Overlay::Input {
                purpose: InputPurpose::ResponsePolicy {
                    meeting: meeting.to_string(),
                    statement: statement.to_string(),
                    status,
                },
                text: text.to_string(),
                cursor,
                error: Some(message),
            };
            None
        }
    }
}
