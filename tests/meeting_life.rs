//! Confirming and publishing minutes from meeting mode (issue 12, item 5) on the real binary
//! in a pseudo-terminal: a statement recorded in a new draft, Alt-Shift-C asks naming the
//! meeting, "y" saves and confirms (the file says so), a typed letter is then refused with the
//! reason, and Alt-Shift-U publishes.

use std::path::Path;

use crate::meeting_e2e::{MEETING, open_meeting, statement_count, workspace_with_draft_meeting};
use crate::pty_driver::Tui;

fn minutes_file(workspace: &Path) -> String {
    std::fs::read_to_string(workspace.join(format!("minutes/{MEETING}.ron"))).expect("minutes")
}

#[test]
fn a_draft_is_confirmed_then_refuses_typing_then_is_published() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b2確定前の発言です。\r");
    tui.wait_until("the committed statement", |s| statement_count(s) == Some(1));
    tui.step("\x1b", "Enter 入力");
    // Publishing a draft is refused with the reason, and nothing is asked.
    tui.step("\x1bU", "この議事録は草案です");
    tui.press("\x1bC");
    let question = tui.wait_until("the question", |s| s.contains("(y/n)"));
    assert!(question.contains("議事録を確定しますか"), "{question}");
    assert!(
        question.contains("第1回市役所改革推進委員会"),
        "names the meeting:\n{question}"
    );
    assert!(!minutes_file(&workspace).contains("status: confirmed"));
    tui.step("y", "確定済みにしました");
    let confirmed = minutes_file(&workspace);
    assert!(confirmed.contains("status: confirmed"), "{confirmed}");
    assert!(
        confirmed.contains("確定前の発言です。"),
        "saved first:\n{confirmed}"
    );
    tui.step("x", "確定済みの議事録は編集できません");
    assert_eq!(
        minutes_file(&workspace),
        confirmed,
        "the typed letter changed nothing"
    );
    tui.step("\x1bC", "この議事録はすでに確定済みです");
    tui.step("\x1bU", "(y/n)");
    tui.step("y", "公開済みにしました");
    assert!(minutes_file(&workspace).contains("status: published"));
    // Already in the list: Ctrl-Q alone (behind an Esc it would read as an Alt-chord).
    tui.quit_with("\x11");
}
