//! Issue 15 items 3, 4 and 6 on the meeting editor: large input never becomes a torn tail
//! or an unsaveable statement, NOT SAVED belongs to each pending write and quitting keeps
//! them, and a typed burst of more than 1 KiB is handled whole without waiting for a key.

use std::time::{Duration, Instant};

use kaikaku::model::meeting::MAX_STATEMENT_BYTES;
use kaikaku::model::{Language, StatementKind};
use kaikaku::store::journal::{Entry, decode, journal_path};
use kaikaku::tui::{Command, Msg, dispatch};

use crate::e2e::{PATIENCE, Tui};
use crate::meeting_e2e::{MEETING, open_meeting, workspace_with_draft_meeting};
use crate::tui::app_on;

/// The statements the journal of the draft meeting holds right now.
fn journalled_statements(workspace: &std::path::Path) -> Vec<kaikaku::model::Statement> {
    let Ok(bytes) = std::fs::read(journal_path(workspace, MEETING)) else {
        return Vec::new();
    };
    let (entries, _) = decode(&bytes);
    entries
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Statement(statement) => Some(statement),
            _ => None,
        })
        .collect()
}

/// Item 6: 1,800 bytes typed in one burst (no bracketed paste: an IME or a fast typist), the
/// Enter last, reach the journal as one statement with no further key.
#[test]
fn a_typed_burst_over_one_kibibyte_is_handled_whole() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b2");
    tui.wait_for("[八幡彩子]");
    let text: String = "窓口の待ち時間について".chars().cycle().take(600).collect();
    assert!(text.len() > 1024 + 512, "{}", text.len());
    tui.press(&format!("{text}\r"));
    let start = Instant::now();
    loop {
        let statements = journalled_statements(&workspace);
        if let Some(statement) = statements.first() {
            assert_eq!(statement.text, text);
            assert_eq!(statements.len(), 1);
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the burst's Enter was not handled without a further key; the screen shows:\n{}",
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.press("\x03");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// Item 3: a paste that would take a statement over the limit is refused whole, with a
/// message in both languages, and nothing is journalled; a large paste under the limit is
/// journalled whole and comes back after a crash (the app dropped without quitting).
#[test]
fn large_pastes_are_kept_or_refused_never_torn() {
    let (_temp, template) = workspace_with_draft_meeting();
    for lang in [Language::Ja, Language::En] {
        let (copy, mut app) = app_on(&template, lang, false);
        let root = copy.path().join("ws");
        dispatch(&mut app, Command::ShowMeeting);
        dispatch(&mut app, Msg::Speaker('2'));
        let big = "議".repeat(MAX_STATEMENT_BYTES / 3 - 10);
        dispatch(&mut app, Msg::Paste(big.clone()));
        dispatch(&mut app, Msg::FlushDraft);
        // Over the limit together with what the editor holds: refused, editor unchanged.
        dispatch(&mut app, Msg::Paste("あ".repeat(40)));
        let message = app.core.message.clone().unwrap_or_default();
        let expected = match lang {
            Language::Ja => "発言が長すぎるため入力できません",
            Language::En => "Statement too long, input refused",
        };
        assert!(message.contains(expected), "{message}");
        let session = app.session.as_ref().expect("session");
        assert_eq!(session.editor.lines().join("\n"), big);
        dispatch(&mut app, Command::CommitStatement);
        dispatch(&mut app, Msg::Paste("後の発言".into()));
        dispatch(&mut app, Command::CommitStatement);
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
        dispatch(&mut app, Command::ShowMeeting);
        let meeting = app.core.workspace.meeting(MEETING).expect("meeting");
        assert_eq!(meeting.statements.len(), 2);
        assert_eq!(meeting.statements[0].text, big);
        assert_eq!(meeting.statements[0].kind, StatementKind::Opinion);
    }
}
