//! The review screen's dialog: Enter on a comment asks for the new status (a choice), then
//! the 対応方針 text (a one-line input prefilled with the current one), then the responsible
//! department (a choice that starts on "keep the current one", so Enter passes it), and
//! saves the step at once through the store. The step is recorded in the workspace's current
//! cycle; `kaikaku respond --cycle` records one for another. Called from `update()` only.

use super::app::{App, ChoicePurpose, InputPurpose, SaveState};
use super::dialog::{Choice, Dialog, LineInput};
use super::msg::Msg;
use crate::model::response::ResponseStatus;
use crate::model::sanitize;
use crate::store::responses::ResponseRequest;

/// Opens the status choice for the selected comment.
pub fn open_response(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = app.write_refusal() {
        return Some(Msg::Notify(refusal));
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
    let purpose = ChoicePurpose::ResponseStatus {
        meeting: comment.meeting,
        statement: comment.statement,
    };
    app.dialog = Some(Dialog::Choice(Choice::new(purpose, options, selected)));
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
    let purpose = InputPurpose::ResponsePolicy {
        meeting,
        statement,
        status,
    };
    app.dialog = Some(Dialog::Input(LineInput::new(purpose, text)));
}

/// After the 対応方針: the department choice, when the workspace defines departments; the
/// first option keeps the one in force. Without departments the step is saved at once.
pub fn choose_department(
    app: &mut App,
    meeting: &str,
    statement: &str,
    status: ResponseStatus,
    policy: String,
) -> Option<Msg> {
    let departments: Vec<(String, String)> = app
        .workspace
        .settings()
        .map(|s| {
            s.departments
                .iter()
                .map(|d| {
                    let name = match (app.lang, &d.name_en) {
                        (crate::model::Language::En, Some(en)) => en.clone(),
                        _ => d.name.clone(),
                    };
                    (d.id.clone(), name)
                })
                .collect()
        })
        .unwrap_or_default();
    if departments.is_empty() {
        return save_response(app, meeting, statement, status, &policy, None);
    }
    let current = app
        .workspace
        .responses(meeting)
        .and_then(|f| f.response(statement))
        .and_then(|r| r.department.clone());
    let current_name = current.as_ref().map_or_else(
        || app.lang.pick("未設定", "none").to_string(),
        |id| {
            departments
                .iter()
                .find(|(d, _)| d == id)
                .map_or_else(|| id.clone(), |(_, name)| name.clone())
        },
    );
    let keep = format!("{} ({current_name})", app.lang.pick("変更しない", "Keep"));
    let mut options = vec![(String::new(), keep)];
    options.extend(departments);
    let purpose = ChoicePurpose::ResponseDepartment {
        meeting: meeting.to_string(),
        statement: statement.to_string(),
        status,
        policy,
    };
    app.dialog = Some(Dialog::Choice(Choice::new(purpose, options, 0)));
    None
}

/// Records the step and saves the responses file; a refused step reopens the 対応方針 input
/// with the reason, so nothing typed is lost.
pub fn save_response(
    app: &mut App,
    meeting: &str,
    statement: &str,
    status: ResponseStatus,
    text: &str,
    department: Option<String>,
) -> Option<Msg> {
    let request = ResponseRequest {
        meeting: meeting.to_string(),
        statement: statement.to_string(),
        status,
        policy: Some(sanitize(text).trim().to_string()),
        department,
        cycle: None,
        date: chrono::Local::now().date_naive(),
    };
    match app.workspace.record_response(request) {
        Ok(true) => {
            app.save_state = SaveState::Saved;
            if let Some(root) = app.workspace.root.as_deref() {
                app.uncommitted = crate::history::repo::uncommitted_count(root);
            }
            Some(Msg::Notify(app.lang.pick("保存しました", "Saved").into()))
        }
        Ok(false) => Some(Msg::Notify(
            app.lang.pick("変更はありません", "No change").into(),
        )),
        Err(error) => {
            let purpose = InputPurpose::ResponsePolicy {
                meeting: meeting.to_string(),
                statement: statement.to_string(),
                status,
            };
            let input = LineInput::new(purpose, text).with_error(error.localized(app.lang));
            app.dialog = Some(Dialog::Input(input));
            None
        }
    }
}
