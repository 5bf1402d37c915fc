//! The History screen of the real binary under `--at REV`: the history up to the revision.

use crate::common::{kaikaku, run, sample_workspace, stderr};

#[test]
fn the_history_screen_of_the_real_binary_works_under_at() {
    let (home, ws) = sample_workspace();
    let out = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["commit", "--phase", "do", "-m", "R6実績"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut tui =
        crate::pty_driver::Tui::start_with_args(home.path(), &ws, &[], &["--at", "HEAD~1"]);
    tui.wait_for("ダッシュボード");
    tui.step("5", "履歴 (1)");
    // kaikaku's own commit subjects are said in the UI's language, from their trailers.
    tui.wait_for("からワークスペースを作成");
    assert!(!tui.screen().contains("令和6年度 Do"), "{}", tui.screen());
    tui.quit();
}
