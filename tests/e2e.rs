//! End to end: the real binary in a pseudo-terminal, driven through [`crate::pty_driver`]:
//! the TUI's acceptance path, SIGTERM, and hostile text kept off the terminal.

use kaikaku::model::FiscalYear;
use kaikaku::store::Workspace;

use crate::common::sample_workspace;
/// The driver's names where `meeting_e2e` and `meeting_ops` (written before it, and being
/// changed on another branch) still import them.
pub(crate) use crate::pty_driver::{PATIENCE, Tui, check_passes};
use crate::pty_driver::{contains, on_sample, termios};

/// The acceptance path of the TUI issue: open the KPI view, enter an actual for FY2024 on an
/// indicator of the 2027 plan (typed in full-width digits), quit with `q`.
#[test]
fn enter_an_actual_in_the_kpi_view_and_quit() {
    let (temp, workspace, mut tui) = on_sample("計画通り進捗");
    tui.wait_for("市役所改革プラン2027");
    if let Some(before) = &tui.termios_before {
        assert_ne!(
            termios(tui.master.as_ref()).as_ref(),
            Some(before),
            "the TUI runs in raw mode"
        );
    }

    tui.step("3", "検証指標 — 令和6年度");
    // The plan shown first is the one whose period holds FY2024: the 2027 plan (Tab would
    // switch plans). Its first indicator is selected.
    assert!(tui.screen().contains("市役所改革プラン2027（素案）"));
    tui.step(
        "a",
        "実績値 令和6年度 — 職員採用（選考）試験競争倍率（全職種）",
    );
    tui.step("５．１", "５．１");
    tui.step("\r", "保存しました");
    tui.wait_for("5.1倍 (R6)");
    tui.quit();

    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved
        .plan("kumamoto-reform-plan-2027")
        .expect("the 2027 plan");
    let indicator = plan.indicator("k-p1-1").expect("indicator k-p1-1");
    assert_eq!(indicator.actuals.len(), 1, "{:?}", indicator.actuals);
    let actual = indicator
        .actual(FiscalYear(2024))
        .expect("an actual for FY2024");
    assert_eq!(actual.value.to_string(), "5.1");
    check_passes(temp.path(), &workspace);
}

/// SIGTERM ends the TUI through the normal path: exit 0 (not killed by the signal) and the
/// terminal restored.
#[test]
fn sigterm_restores_the_terminal() {
    let (temp, workspace, mut tui) = on_sample("計画通り進捗");
    tui.signal("TERM");

    let status = tui.wait_exit();
    assert!(status.signal().is_none(), "killed by {:?}", status.signal());
    assert!(status.success(), "exit status {status:?}");
    tui.assert_restored();
    check_passes(temp.path(), &workspace);
}

/// Hostile text in the files (escape sequences, OSC 52, C1, DEL, bidi overrides, zero-width
/// characters) is shown with placeholders; none of it reaches the terminal as bytes.
#[test]
fn hostile_text_is_not_written_to_the_terminal() {
    let (temp, workspace) = sample_workspace();
    crate::tui::poison(&workspace);
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("計画通り進捗");
    tui.step("2", "方針悪意␛[31m赤");
    // The deepest node of the first branch: expand and step in until the leaf.
    tui.step("llllll", "詳細悪意␛[31m赤");
    tui.step("3", "指標悪意␛[31m赤");
    tui.step("/悪意", "> 悪意");
    // Esc alone (a key right behind it would read as Alt-key).
    tui.press("\x1b");
    tui.wait_gone("> 悪意");
    tui.quit();

    let bytes = tui.bytes();
    let forbidden: [(&str, &[u8]); 9] = [
        ("OSC 52", b"\x1b]52"),
        ("the data's SGR", "\x1b[31m赤".as_bytes()),
        ("BEL", b"\x07"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("DEL", b"\x7f"),
        ("RLO", "\u{202e}".as_bytes()),
        ("LRI", "\u{2066}".as_bytes()),
        ("ZWSP", "\u{200b}".as_bytes()),
        ("BOM", "\u{feff}".as_bytes()),
    ];
    for (name, needle) in forbidden {
        assert!(!contains(&bytes, needle), "{name} reached the terminal");
    }
    assert!(!contains(&bytes, b"\x00"), "NUL reached the terminal");
}
