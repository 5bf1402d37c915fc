//! Confirming and publishing minutes from meeting mode (issue 12, item 5) on the real binary
//! in a pseudo-terminal: a statement recorded in a new draft, Alt-Shift-C asks naming the
//! meeting, "y" saves and confirms (the file says so), a typed letter is then refused with the
//! reason, and Alt-Shift-U publishes.

use std::path::Path;

use crate::e2e::Tui;
use crate::meeting_e2e::{
    MEETING, open_meeting, statement_count, wait_until, workspace_with_draft_meeting,
};

fn minutes_file(workspace: &Path) -> String {
    std::fs::read_to_string(workspace.join(format!("minutes/{MEETING}.ron"))).expect("minutes")
}

#[test]
fn a_draft_is_confirmed_then_refuses_typing_then_is_published() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b2確定前の発言です。\r");
    wait_until(&tui, "the committed statement", |s| {
        statement_count(s) == Some(1)
    });
    tui.press("\x1b");
    tui.wait_for("Enter 入力");
    // Publishing a draft is refused with the reason, and nothing is asked.
    tui.press("\x1bU");
    tui.wait_for("この議事録は草案です");
    tui.press("\x1bC");
    let question = wait_until(&tui, "the question", |s| s.contains("(y/n)"));
    assert!(question.contains("議事録を確定しますか"), "{question}");
    assert!(
        question.contains("第1回市役所改革推進委員会"),
        "names the meeting:\n{question}"
    );
    assert!(!minutes_file(&workspace).contains("status: confirmed"));
    tui.press("y");
    tui.wait_for("確定済みにしました");
    let confirmed = minutes_file(&workspace);
    assert!(confirmed.contains("status: confirmed"), "{confirmed}");
    assert!(
        confirmed.contains("確定前の発言です。"),
        "saved first:\n{confirmed}"
    );
    tui.press("x");
    tui.wait_for("確定済みの議事録は編集できません");
    assert_eq!(
        minutes_file(&workspace),
        confirmed,
        "the typed letter changed nothing"
    );
    tui.press("\x1bC");
    tui.wait_for("この議事録はすでに確定済みです");
    tui.press("\x1bU");
    tui.wait_for("(y/n)");
    tui.press("y");
    tui.wait_for("公開済みにしました");
    assert!(minutes_file(&workspace).contains("status: published"));
    // Already in the list: Ctrl-Q alone (behind an Esc it would read as an Alt-chord).
    tui.press("\x11");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    tui.assert_restored();
}
