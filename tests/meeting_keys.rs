//! Meeting mode's keys (issue 12, item 1) on the real binary in a pseudo-terminal: coming
//! back to the meeting screen always lands in the editor, a word typed in the statement list
//! changes no recorded statement, and a cancelled correction gives back the text, the speaker
//! and the kind. Esc is always sent alone and waited for: a key right behind it would read as
//! an Alt-chord.

use std::path::Path;

use kaikaku::model::{Language, Statement};
use kaikaku::store::Workspace;
use kaikaku::store::journal::{Draft, decode, journal_path, replay};
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::meeting_e2e::{
    MEETING, editor_text, open_meeting, quit_from_meeting, statement_count,
    workspace_with_draft_meeting,
};
use crate::pty_driver::{Tui, check_passes};
use crate::tui::{LANGS, app_on, assert_rows_fit, draw, lang_name, text_of};

/// The statement list's key line (the list is on screen, the editor is not).
const LIST: &str = "Enter 入力";
/// The editor's title while typing.
const TYPING: &str = "Alt-Enter 改行";

fn statements(workspace: &Path) -> Vec<Statement> {
    let loaded = Workspace::load(workspace).expect("workspace loads");
    loaded.meeting(MEETING).expect("meeting").statements.clone()
}

/// The draft a restart would put back into the editor.
fn journal_draft(workspace: &Path) -> Draft {
    let bytes = std::fs::read(journal_path(workspace, MEETING)).expect("journal exists");
    let (entries, _) = decode(&bytes);
    let loaded = Workspace::load(workspace).expect("workspace loads");
    let mut meeting = loaded.meeting(MEETING).expect("meeting").clone();
    replay(&mut meeting, &entries)
}

/// Alt+`speaker`, the text, Enter; waits until the list counts `count` statements.
fn say(tui: &mut Tui, speaker: char, text: &str, count: usize) {
    tui.press(&format!("\x1b{speaker}{text}\r"));
    tui.wait_until("the committed statement", |s| {
        statement_count(s) == Some(count)
    });
}

/// Esc alone, then waits for the statement list.
fn to_list(tui: &mut Tui) {
    tui.step("\x1b", LIST);
}

#[test]
fn esc_1_4_then_typing_lands_in_the_editor_and_the_journal() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    say(&mut tui, '2', "一つ目の発言です。", 1);
    to_list(&mut tui);
    tui.press("1");
    tui.wait_gone(LIST);
    tui.press("4");
    tui.press("戻って続ける");
    let screen = tui.wait_until("the typed text in the editor", |s| {
        editor_text(s).as_deref() == Some("戻って続ける")
    });
    assert!(screen.contains(TYPING), "typing mode:\n{screen}");
    quit_from_meeting(&mut tui);
    assert_eq!(journal_draft(&workspace).text, "戻って続ける");
    assert_eq!(statements(&workspace).len(), 1);
    check_passes(temp.path(), &workspace);
}

#[test]
fn a_word_typed_in_the_statement_list_changes_no_statement() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    say(&mut tui, '1', "ただいまから開会します。", 1);
    say(&mut tui, '2', "窓口の意見です。", 2);
    say(&mut tui, '3', "別の意見です。", 3);
    to_list(&mut tui);
    // `k` moves up (a navigation key); the letters of `more` were merge, correct … once.
    tui.press("k");
    tui.press("more");
    let screen = tui.wait_until("the word in the editor", |s| {
        editor_text(s).as_deref() == Some("more")
    });
    assert_eq!(statement_count(&screen), Some(3), "{screen}");
    quit_from_meeting(&mut tui);
    let recorded: Vec<(String, String)> = statements(&workspace)
        .into_iter()
        .map(|s| (s.speaker, s.text))
        .collect();
    let expected = [
        ("sawada", "ただいまから開会します。"),
        ("yahata", "窓口の意見です。"),
        ("kyuma", "別の意見です。"),
    ]
    .map(|(speaker, text)| (speaker.to_string(), text.to_string()));
    assert_eq!(recorded, expected, "no recorded statement changed");
    assert_eq!(journal_draft(&workspace).text, "more", "the word was typed");
    check_passes(temp.path(), &workspace);
}

#[test]
fn a_cancelled_correction_restores_the_text_speaker_and_kind() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    say(&mut tui, '1', "原文のままの発言。", 1);
    // The live draft: 八幡委員, a question, half typed.
    tui.press("\x1b2\x1bq途中まで");
    tui.wait_until("the live draft", |s| {
        editor_text(s).as_deref() == Some("途中まで")
    });
    to_list(&mut tui);
    tui.press("\x05"); // Ctrl-E: correct the selected statement
    let screen = tui.wait_until("the statement in the corrector", |s| {
        editor_text(s).as_deref() == Some("原文のままの発言。")
    });
    assert!(screen.contains("修正中"), "{screen}");
    assert!(screen.contains("[澤田会長]"), "{screen}");
    tui.press("間違い");
    tui.wait_until("the edit", |s| {
        editor_text(s).as_deref() == Some("原文のままの発言。間違い")
    });
    to_list(&mut tui);
    tui.wait_for("修正を取り消しました");
    tui.press("\r");
    let screen = tui.wait_until("the live draft back", |s| {
        editor_text(s).as_deref() == Some("途中まで")
    });
    assert!(screen.contains("[八幡委員] 質問"), "{screen}");
    assert!(!screen.contains("修正中"), "{screen}");
    quit_from_meeting(&mut tui);
    let recorded = statements(&workspace);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].text, "原文のままの発言。");
    assert_eq!(recorded[0].speaker, "sawada");
    let draft = journal_draft(&workspace);
    assert_eq!(draft.text, "途中まで");
    assert_eq!(draft.speaker.as_deref(), Some("yahata"));
    assert!(draft.editing.is_none());
    check_passes(temp.path(), &workspace);
}

// ---------------------------------------------------------------------------------------
// Through dispatch and TestBackend: the confirmations and the help overlay
// ---------------------------------------------------------------------------------------

/// An app in meeting mode on the draft meeting, with three statements recorded.
fn app_with_three(template: &Path, lang: Language) -> (tempfile::TempDir, App) {
    let (copy, mut app) = app_on(template, lang, false);
    dispatch(&mut app, Command::ShowMeeting);
    for (speaker, text) in [
        ('1', "開会します。"),
        ('2', "第一の意見。"),
        ('3', "第二の意見。"),
    ] {
        dispatch(&mut app, Msg::Speaker(speaker));
        dispatch(&mut app, Msg::Paste(text.into()));
        dispatch(&mut app, Command::CommitStatement);
    }
    (copy, app)
}

fn texts(app: &App) -> Vec<String> {
    app.core
        .workspace
        .meeting(MEETING)
        .expect("meeting")
        .statements
        .iter()
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn merge_and_delete_ask_first_naming_the_statements() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_with_three(&template, Language::En);
    let before = texts(&app);
    dispatch(&mut app, Command::CommandMode);
    dispatch(&mut app, Command::Up); // s2, 第一の意見
    dispatch(&mut app, Command::MergeStatement);
    let screen = text_of(&draw(&mut app, 160, 48));
    assert!(
        screen.contains("Merge the statements s2 [八幡彩子]") && screen.contains("[久間孝志]"),
        "the confirmation names both statements:\n{screen}"
    );
    assert_eq!(texts(&app), before, "nothing merged before the answer");
    dispatch(&mut app, Command::Cancel);
    assert_eq!(texts(&app), before, "no merges nothing");
    dispatch(&mut app, Command::DeleteStatement);
    let screen = text_of(&draw(&mut app, 160, 48));
    assert!(screen.contains("Delete the statement s2 ["), "{screen}");
    dispatch(&mut app, Command::Cancel);
    assert_eq!(texts(&app), before);
    dispatch(&mut app, Command::MergeStatement);
    dispatch(&mut app, Command::Confirm);
    assert_eq!(
        texts(&app),
        vec!["開会します。", "第一の意見。\n第二の意見。"],
        "yes merges"
    );
}

/// The help overlay on the meeting screen names every key in effect there and fits 80×24.
#[test]
fn meeting_help_lists_every_key_in_effect() {
    let (_temp, template) = workspace_with_draft_meeting();
    for lang in LANGS {
        let (_copy, mut app) = app_with_three(&template, lang);
        dispatch(&mut app, Command::ToggleHelp);
        let buffer = draw(&mut app, 80, 24);
        let name = format!("meeting_help_{}_80x24", lang_name(lang));
        assert_rows_fit(&buffer, &name);
        let screen = text_of(&buffer);
        // The help scrolls: every page of it, down to its last line.
        let mut pages = screen.clone();
        for _ in 0..10 {
            dispatch(&mut app, Command::PageDown);
            let page = draw(&mut app, 80, 24);
            assert_rows_fit(&page, &name);
            pages.push_str(&text_of(&page));
        }
        for key in [
            "enter",
            "esc",
            "alt-enter",
            "ctrl-t",
            "alt-1",
            "alt-q/o/p/r/a/e/g",
            "alt-n",
            "ctrl-e",
            "delete",
            "shift-up",
            "shift-down",
            "ctrl-g",
            "ctrl-l",
            "ctrl-z",
            "ctrl-y",
            "ctrl-shift-z",
            "alt-shift-m",
            "alt-shift-p",
            "alt-shift-a",
            "alt-shift-l",
            "ctrl-q",
            "k up",
            "?",
        ] {
            assert!(pages.contains(key), "{key} missing from the help:\n{pages}");
        }
        let rows: Vec<&str> = screen.lines().collect();
        let top = rows
            .iter()
            .find(|r| r.contains(lang.pick("キー一覧", "Keys")))
            .expect("the help box");
        let title = lang.pick("キー一覧", "Keys");
        let after = &top[top.find(title).expect("title")..];
        assert!(
            after.contains('┐'),
            "the box's right edge is on the screen:\n{screen}"
        );
        insta::assert_snapshot!(name, screen);
    }
}

/// On confirmed minutes a letter typed in the list types nothing and says why (no key is
/// dropped without a word).
#[test]
fn a_letter_on_confirmed_minutes_says_why_it_types_nothing() {
    let (_temp, template) = workspace_with_draft_meeting();
    let mut workspace = Workspace::load(&template).expect("load");
    let mut meeting = workspace.meeting(MEETING).expect("meeting").clone();
    meeting.status = kaikaku::model::meeting::MeetingStatus::Confirmed;
    workspace.save_meeting(meeting).expect("save");
    let (_copy, mut app) = app_on(&template, Language::En, false);
    dispatch(&mut app, Command::ShowMeeting);
    dispatch(
        &mut app,
        Msg::EditorKey(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char('m'),
        )),
    );
    assert_eq!(
        app.core.message.as_deref(),
        Some("confirmed minutes cannot be edited")
    );
    let session = app.session.as_ref().expect("session");
    assert!(!session.typing, "read-only minutes stay in the list");
    assert!(session.editor.lines().concat().is_empty());
}
