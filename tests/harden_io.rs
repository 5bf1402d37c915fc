//! Issue 15 items 3, 4 and 6 on the meeting editor: large input never becomes a torn tail
//! or an unsaveable statement, NOT SAVED belongs to each pending write and quitting keeps
//! them, and a typed burst of more than 1 KiB is handled whole without waiting for a key.

use kaikaku::model::meeting::MAX_STATEMENT_BYTES;
use kaikaku::model::{Language, StatementKind};
use kaikaku::store::journal::{Entry, decode, journal_path};
use kaikaku::tui::{Action, dispatch};

use crate::meeting_e2e::{MEETING, workspace_with_draft_meeting};
use crate::tui::app_on;

/// Item 3: a paste that would take a statement over the limit is refused whole, with a
/// message in both languages, and nothing is journalled; a large paste under the limit is
/// journalled whole and comes back after a crash (the app dropped without quitting).
#[test]
fn large_pastes_are_kept_or_refused_never_torn() {
    let (_temp, template) = workspace_with_draft_meeting();
    for lang in [Language::Ja, Language::En] {
        let (copy, mut app) = app_on(&template, lang, false);
        let root = copy.path().join("ws");
        dispatch(&mut app, Action::ShowMeeting);
        dispatch(&mut app, Action::Speaker('2'));
        let big = "議".repeat(MAX_STATEMENT_BYTES / 3 - 10);
        dispatch(&mut app, Action::Paste(big.clone()));
        dispatch(&mut app, Action::FlushDraft);
        // Over the limit together with what the editor holds: refused, editor unchanged.
        dispatch(&mut app, Action::Paste("あ".repeat(40)));
        let message = app.message.clone().unwrap_or_default();
        let expected = match lang {
            Language::Ja => "発言が長すぎるため入力できません",
            Language::En => "Statement too long, input refused",
        };
        assert!(message.contains(expected), "{message}");
        let session = app.session.as_ref().expect("session");
        assert_eq!(session.editor.lines().join("\n"), big);
        dispatch(&mut app, Action::CommitStatement);
        dispatch(&mut app, Action::Paste("後の発言".into()));
        dispatch(&mut app, Action::CommitStatement);
        // A crash: no quit, no save of the meeting file.
        drop(app);
        let bytes = std::fs::read(journal_path(&root, MEETING)).expect("journal");
        let (entries, intact) = decode(&bytes);
        assert_eq!(intact, bytes.len(), "no torn tail");
        let texts: Vec<&str> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Statement(s) => Some(s.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, [big.as_str(), "後の発言"]);
        let (_second, mut app) = app_on(&root, lang, false);
        dispatch(&mut app, Action::ShowMeeting);
        let meeting = app.workspace.meeting(MEETING).expect("meeting");
        assert_eq!(meeting.statements.len(), 2);
        assert_eq!(meeting.statements[0].text, big);
        assert_eq!(meeting.statements[0].kind, StatementKind::Opinion);
    }
}
