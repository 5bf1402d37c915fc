//! Issue 15 items 3, 4 and 6 on the meeting editor: large input never becomes a torn tail
//! or an unsaveable statement, NOT SAVED belongs to each pending write and quitting keeps
//! them, and a typed burst of more than 1 KiB is handled whole without waiting for a key.

use kaikaku::model::meeting::MAX_STATEMENT_BYTES;
use kaikaku::model::{Language, StatementKind};
use kaikaku::store::journal::{Entry, decode, journal_path};
use kaikaku::tui::{Command, Msg, dispatch};

use crate::meeting_e2e::{MEETING, open_meeting, workspace_with_draft_meeting};
use crate::pty_driver::{Tui, patiently};
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
    tui.step("\x1b2", "[八幡委員]");
    let text: String = "窓口の待ち時間について".chars().cycle().take(600).collect();
    assert!(text.len() > 1024 + 512, "{}", text.len());
    tui.press(&format!("{text}\r"));
    let statements = patiently("the burst's Enter handled without a further key", || {
        let statements = journalled_statements(&workspace);
        if statements.is_empty() {
            Err(format!("the screen shows:\n{}", tui.screen()))
        } else {
            Ok(statements)
        }
    });
    assert_eq!(statements[0].text, text);
    assert_eq!(statements.len(), 1);
    tui.quit_with("\x03");
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

/// Makes every save of `file` fail (the atomic rename cannot replace a non-empty
/// directory); the returned closure puts the file back.
fn break_file(file: &std::path::Path) -> impl FnOnce() + use<> {
    let aside = file.with_extension("aside");
    std::fs::rename(file, &aside).expect("move aside");
    std::fs::create_dir(file).expect("mkdir");
    std::fs::write(file.join("blocker"), b"x").expect("blocker");
    let file = file.to_path_buf();
    move || {
        std::fs::remove_dir_all(&file).expect("rm");
        std::fs::rename(&aside, &file).expect("move back");
    }
}

/// The relative path of the plan the app shows.
fn open_plan_file(app: &kaikaku::tui::App) -> String {
    let id = app.plan().expect("a plan is open").id.clone();
    app.core
        .workspace
        .plans
        .iter()
        .find(|p| p.value.id == id)
        .expect("loaded")
        .path
        .clone()
}

fn enter_actual(app: &mut kaikaku::tui::App, value: &str) {
    for action in [Command::ShowKpi, Command::Top, Command::EditActual] {
        dispatch(app, action);
    }
    for _ in 0..16 {
        dispatch(app, Msg::Backspace);
    }
    for c in value.chars() {
        dispatch(app, Msg::Type(c));
    }
    dispatch(app, Command::Submit);
}

/// Item 4: the NOT SAVED mark of a failed plan save survives a successful save of another
/// plan; `q` retries it and, while it still fails, stays and names the file; once the cause
/// is gone, `q` writes it and quits. Ctrl-C asks the same, and a second Ctrl-C quits anyway,
/// leaving the summary for stderr.
#[test]
fn not_saved_belongs_to_each_pending_write_and_quit_retries_it() {
    use kaikaku::tui::app::{PendingWrite, SaveState};
    use kaikaku::tui::dialog::{Confirm, Dialog};
    let (_temp, template) = crate::common::sample_workspace();
    for lang in [Language::Ja, Language::En] {
        let (copy, mut app) = app_on(&template, lang, false);
        let root = copy.path().join("ws");
        let rel = open_plan_file(&app);
        let first = app.plan().expect("plan").id.clone();
        let restore = break_file(&root.join(&rel));
        enter_actual(&mut app, "12.5");
        assert!(matches!(app.core.save_state, SaveState::NotSaved(_)));
        // Another plan saves fine: the first one's mark stays.
        dispatch(&mut app, Command::NextPlan);
        assert_ne!(app.plan().expect("plan").id, first);
        enter_actual(&mut app, "7");
        assert!(
            matches!(app.core.save_state, SaveState::NotSaved(_)),
            "a save of another file cleared NOT SAVED"
        );
        assert_eq!(
            app.core.pending_writes.keys().collect::<Vec<_>>(),
            [&PendingWrite::Plan(first.clone())]
        );
        // q: the retry still fails, so the app stays and names the file.
        dispatch(&mut app, Command::Quit);
        assert!(!app.should_quit, "quit dropping the unsaved figure");
        let Some(Dialog::Confirm(Confirm { message, .. })) = &app.dialog else {
            panic!("no question: {:?}", app.dialog);
        };
        assert!(message.contains(&rel), "{message}");
        dispatch(&mut app, Command::Cancel);
        assert!(app.dialog.is_none());
        assert!(!app.should_quit);
        // The cause is gone: q writes the figure and quits.
        restore();
        dispatch(&mut app, Command::Quit);
        assert!(app.should_quit);
        assert_eq!(app.core.save_state, SaveState::Saved);
        let text = std::fs::read_to_string(root.join(&rel)).expect("plan file");
        assert!(text.contains("\"12.5\""), "the figure was not written");
        assert!(kaikaku::tui::quit::unsaved_summary(&app).is_none());

        // Ctrl-C asks too; a second Ctrl-C quits anyway and the loss is reported.
        let (copy, mut app) = app_on(&template, lang, false);
        let root = copy.path().join("ws");
        let _restore = break_file(&root.join(&rel));
        enter_actual(&mut app, "12.5");
        dispatch(&mut app, Command::ForceQuit);
        assert!(!app.should_quit);
        assert!(matches!(app.dialog, Some(Dialog::Confirm(_))));
        dispatch(&mut app, Command::ForceQuit);
        assert!(app.should_quit);
        let summary = kaikaku::tui::quit::unsaved_summary(&app).expect("summary");
        assert!(summary.contains(&rel), "{summary}");
    }
}

/// Item 4: a statement held in the meeting editor is journalled by every quit, also from
/// another screen, before the app ends.
#[test]
fn quitting_from_another_screen_journals_the_meeting_draft() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (copy, mut app) = app_on(&template, Language::Ja, false);
    let root = copy.path().join("ws");
    dispatch(&mut app, Command::ShowMeeting);
    dispatch(&mut app, Msg::Speaker('2'));
    dispatch(&mut app, Msg::Paste("途中まで入力した発言".into()));
    dispatch(&mut app, Command::ShowDashboard);
    dispatch(&mut app, Command::Quit);
    assert!(app.should_quit);
    let bytes = std::fs::read(journal_path(&root, MEETING)).expect("journal");
    let (entries, _) = decode(&bytes);
    let draft = entries.iter().rev().find_map(|e| match e {
        Entry::Draft(d) => Some(d.text.clone()),
        _ => None,
    });
    assert_eq!(draft.as_deref(), Some("途中まで入力した発言"));
}

/// The real binary on a fresh sample, with the file (relative to the workspace) of the plan
/// it opens on, as an app of the same start finds it.
fn tui_with_its_plan_file() -> (tempfile::TempDir, std::path::PathBuf, Tui, String) {
    let (temp, workspace) = crate::common::sample_workspace();
    let app = kaikaku::tui::App::new(
        kaikaku::store::Workspace::load(&workspace).expect("load"),
        kaikaku::tui::app::Options::default(),
    );
    let rel = open_plan_file(&app);
    drop(app);
    let tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("計画通り進捗");
    (temp, workspace, tui, rel)
}

/// Item 4 on the real binary: a failed figure stays NOT SAVED through a successful save of
/// another plan, `q` stays and names the file, and once the file can be written `q` saves
/// the figure and exits 0.
#[test]
fn quit_keeps_a_pending_write_in_the_real_binary() {
    let (_temp, workspace, mut tui, rel) = tui_with_its_plan_file();
    let restore = break_file(&workspace.join(&rel));
    tui.step("3", "基準値");
    tui.step("a", "実績値");
    tui.press(&"\x7f".repeat(16));
    tui.step("12.5\r", "未保存");
    tui.step("\t3a", "実績値");
    tui.press(&"\x7f".repeat(16));
    tui.step("7\r", "保存しました");
    assert!(tui.screen().contains("未保存"), "{}", tui.screen());
    tui.step("q", "終了すると失われます");
    assert!(tui.screen().contains(&rel), "{}", tui.screen());
    assert!(tui.child.try_wait().expect("try_wait").is_none(), "it quit");
    restore();
    tui.step("n", "終了を取り消しました");
    tui.quit();
    let text = std::fs::read_to_string(workspace.join(&rel)).expect("plan file");
    assert!(text.contains("\"12.5\""), "the figure was not written");
}

/// Item 4, the signal path: SIGTERM retries the pending write too; when it still fails
/// there is no one to ask, so the exit is non-zero and stderr names what was not saved.
#[test]
fn sigterm_with_a_failing_write_says_what_was_not_saved() {
    let (_temp, workspace, mut tui, rel) = tui_with_its_plan_file();
    let _restore = break_file(&workspace.join(&rel));
    tui.step("3a", "実績値");
    tui.press(&"\x7f".repeat(16));
    tui.step("12.5\r", "未保存");
    tui.signal("TERM");
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 2, "{status:?}");
    let output = String::from_utf8_lossy(&tui.bytes()).into_owned();
    let tail = output.rsplit("\u{1b}[?1049l").next().unwrap_or_default();
    assert!(tail.contains("保存されずに終了しました"), "{tail:?}");
    assert!(tail.contains(&rel), "{tail:?}");
}
