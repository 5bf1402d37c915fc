//! The TUI's Plan-and-Act dialogs through the real binary in a pty: a target revised (with
//! its year and planned path) with a reason, items retired, reinstated, added and moved,
//! indicators added and edited, a department renamed and a member added — each undone to
//! the byte.

use kaikaku::store::Workspace;

use crate::common::sample_workspace;
use crate::e2e::{Tui, check_passes};

/// `t` on the KPI screen, the target typed as printed (full-width), the reason the store asks
/// for (the 2027 plan is in force in FY2024), shown in the detail; `u` restores the plan file
/// byte for byte.
#[test]
fn set_a_target_with_a_reason_see_it_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("3");
    tui.wait_for("検証指標 — 令和6年度");
    tui.press("t");
    tui.wait_for("目標値 — 職員採用（選考）試験競争倍率（全職種）");
    // Prefilled with the target as printed: 調整中.
    tui.wait_for("調整中▏");
    tui.press("\u{7f}\u{7f}\u{7f}６倍以上");
    tui.wait_for("６倍以上");
    tui.press("\r");
    // The target year (kept: R9), then the yearly planned values (none).
    tui.wait_for("目標年度 — 職員採用");
    tui.wait_for("R9▏");
    tui.press("\r");
    tui.wait_for("年度別計画値 — 職員採用");
    tui.press("５@R7、5.5@R8\r");
    tui.wait_for("改定理由 — 職員採用");
    tui.press("\r");
    // An empty reason is not accepted: the input stays.
    tui.wait_for("改定理由 — 職員採用");
    tui.press("委員会意見で決定");
    tui.wait_for("委員会意見で決定");
    tui.press("\r");
    tui.wait_for("保存しました");
    tui.wait_for("6倍以上 (R9)");
    tui.wait_for("改定 R6: 委員会意見で決定");

    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved.plan("kumamoto-reform-plan-2027").expect("plan");
    let indicator = plan.indicator("k-p1-1").expect("k-p1-1");
    assert_eq!(indicator.target_label(), "6倍以上");
    let planned: Vec<(u16, String)> = indicator
        .planned
        .iter()
        .map(|p| (p.year.0, p.value.to_string()))
        .collect();
    assert_eq!(planned, vec![(2025, "5".into()), (2026, "5.5".into())]);
    assert!(
        plan.revisions
            .iter()
            .any(|r| r.item == "k-p1-1" && r.reason == "委員会意見で決定"),
        "{:?}",
        plan.revisions
    );
    check_passes(temp.path(), &workspace);

    tui.press("u");
    tui.wait_gone("6倍以上 (R9)");
    tui.wait_gone("委員会意見で決定");
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    tui.assert_restored();
    assert_eq!(
        std::fs::read(&file).expect("the plan file"),
        before,
        "undo restores the plan file byte for byte"
    );
}

/// `R` on the plan tree: the reason input is the confirmation; the item stays, marked
/// retired, with its reason in the detail; `u` restores the file byte for byte.
#[test]
fn retire_a_node_with_a_reason_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("jR");
    tui.wait_for("廃止の理由（Enter で廃止） — 人材確保");
    tui.press("施策2へ統合\r");
    tui.wait_for("保存しました");
    tui.wait_for("廃止: 最終年度 令和6年度");
    tui.wait_for("改定 R6: 施策2へ統合");
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_gone("施策2へ統合");
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        std::fs::read(&file).expect("the plan file"),
        before,
        "undo restores the plan file byte for byte"
    );
}

/// `A` on the plan tree: the new item's title, then the reason; it appears in the tree, and
/// `u` removes it, the file byte-identical again.
#[test]
fn add_an_item_with_a_reason_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("A");
    tui.wait_for("下位項目の追加（名称） — 組織・人づくり改革");
    tui.press("デジタル人材の確保\r");
    tui.wait_for("改定理由 — デジタル人材の確保");
    tui.press("委員の提案\r");
    tui.wait_for("保存しました");
    tui.wait_for("施策4 デジタル人材の確保");
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_gone("デジタル人材の確保");
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        std::fs::read(&file).expect("the plan file"),
        before,
        "undo restores the plan file byte for byte"
    );
}

/// `M` on the plan tree: the new parent chosen, then the reason; the item is numbered under
/// its new parent, and `u` moves it back, the file byte-identical again.
#[test]
fn move_an_item_with_a_reason_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("jM");
    tui.wait_for("移動先（上位項目） — 人材確保");
    tui.press("\r");
    // The place among the new parent's items: last, as offered.
    tui.wait_for("移動先での位置 — 人材確保");
    tui.press("\r");
    tui.wait_for("改定理由 — 人材確保");
    tui.press("方針の再編\r");
    tui.wait_for("保存しました");
    // Last under the first other parent, 方針2, numbered there.
    tui.wait_for("施策4 人材確保");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved.plan("kumamoto-reform-plan-2027").expect("plan");
    assert!(
        !plan.nodes[0].children.iter().any(|n| n.title == "人材確保"),
        "moved away from 方針1"
    );
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_gone("施策4 人材確保");
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        std::fs::read(&file).expect("the plan file"),
        before,
        "undo restores the plan file byte for byte"
    );
}

/// `R` on a retired item takes it back: the reason asked again, the 〔R6まで〕 marker gone from
/// the list; two undos restore the file byte for byte.
#[test]
fn reinstate_a_retired_node_with_a_reason_and_undo_both() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("jR");
    tui.wait_for("廃止の理由（Enter で廃止） — 人材確保");
    tui.press("施策2へ統合\r");
    tui.wait_for("施策1 〔R6まで〕人材確保");
    tui.press("R");
    tui.wait_for("復活の理由（Enter で復活） — 人材確保");
    tui.press("統合を見送り\r");
    tui.wait_for("改定 R6: 統合を見送り");
    tui.wait_gone("〔R6まで〕");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved.plan("kumamoto-reform-plan-2027").expect("plan");
    assert!(
        plan.flatten().iter().all(|f| f.node.retired.is_none()),
        "reinstated"
    );
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_for("施策1 〔R6まで〕人材確保");
    tui.press("u");
    tui.wait_gone("〔R6まで〕");
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        std::fs::read(&file).expect("the plan file"),
        before,
        "undo restores the plan file byte for byte"
    );
}

/// Quits and checks the files are back to the bytes they had.
fn quit_restored(mut tui: Tui, files: &[(std::path::PathBuf, Vec<u8>)]) {
    tui.press("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    for (path, bytes) in files {
        assert_eq!(
            &std::fs::read(path).expect("file"),
            bytes,
            "undo restores {} byte for byte",
            path.display()
        );
    }
}

fn snapshot(paths: &[std::path::PathBuf]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    paths
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("file")))
        .collect()
}

/// `I` on the tree: a new indicator of the selected policy, field by field (the unit typed
/// full-width, the direction chosen, a baseline, 調整中 for the target), then the reason.
#[test]
fn add_an_indicator_field_by_field_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let files = snapshot(&[workspace.join("plans/kumamoto-reform-plan-2027.ron")]);
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("I");
    tui.wait_for("指標の追加（名称） — 組織・人づくり改革");
    tui.press("電子申請の利用率\r");
    tui.wait_for("指標の追加（単位） — 組織・人づくり改革");
    tui.press("％\r");
    tui.wait_for("指標の方向 — 電子申請の利用率");
    tui.press("jj\r");
    tui.wait_for("指標の追加（基準値）");
    tui.press("12.5@R5\r");
    tui.wait_for("指標の追加（目標値）");
    tui.press("\r");
    tui.wait_for("改定理由 — 電子申請の利用率");
    tui.press("委員の提案\r");
    tui.wait_for("保存しました");
    tui.wait_for("電子申請の利用率");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved.plan("kumamoto-reform-plan-2027").expect("plan");
    let added = plan.nodes[0]
        .indicators
        .iter()
        .find(|i| i.name == "電子申請の利用率")
        .expect("added to the policy");
    assert_eq!(added.unit, "%");
    assert_eq!(added.direction.as_str(), "at_least");
    assert_eq!(added.target_label(), "調整中");
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_gone("電子申請の利用率");
    quit_restored(tui, &files);
}

/// `e` on the KPI screen: the selected indicator renamed (unit and direction kept), with a
/// reason; `u` restores it.
#[test]
fn edit_an_indicator_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let files = snapshot(&[workspace.join("plans/kumamoto-reform-plan-2027.ron")]);
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("3");
    tui.wait_for("検証指標 — 令和6年度");
    tui.press("e");
    tui.wait_for("指標の編集（名称） — 職員採用（選考）試験競争倍率（全職種）");
    tui.press("\u{15}採用試験の競争倍率\r");
    tui.wait_for("指標の編集（単位） — 採用試験の競争倍率");
    tui.press("\r");
    tui.wait_for("指標の方向 — 採用試験の競争倍率");
    tui.press("\r");
    tui.wait_for("改定理由 — 採用試験の競争倍率");
    tui.press("名称の整理\r");
    tui.wait_for("保存しました");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let plan = saved.plan("kumamoto-reform-plan-2027").expect("plan");
    assert_eq!(
        plan.indicator("k-p1-1").map(|i| i.name.as_str()),
        Some("採用試験の競争倍率")
    );
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_for("職員採用（選考）試験競争倍率");
    quit_restored(tui, &files);
}

/// `D`: 総務局 renamed 総務部 with a new id in a reorganisation; the plans that name it
/// follow, `check` passes, and `u` puts every file back.
#[test]
fn rename_a_department_with_its_references_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let files = snapshot(&[
        workspace.join("kaikaku.ron"),
        workspace.join("plans/kumamoto-reform-plan-2027.ron"),
        workspace.join("plans/kumamoto-reform-plan-2023.ron"),
    ]);
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("D");
    tui.wait_for("所管局（追加・名称変更）");
    tui.press("j\r");
    tui.wait_for("所管局の変更（名称） — 総務局");
    tui.press("\u{15}総務部\r");
    tui.wait_for("所管局の変更（英語名） — 総務部");
    tui.press("\r");
    tui.wait_for("所管局の変更（ID） — 総務部");
    tui.wait_for("somu▏");
    tui.press("\u{15}somu-bu\r");
    tui.wait_for("保存しました");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    assert!(saved.department_references("somu").is_empty());
    assert!(!saved.department_references("somu-bu").is_empty());
    check_passes(temp.path(), &workspace);
    tui.press("u");
    quit_restored(tui, &files);
}

/// `C`: a new committee member with an affiliation and the label the minutes print; `u`
/// removes them.
#[test]
fn add_a_committee_member_with_a_label_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let files = snapshot(&[workspace.join("kaikaku.ron")]);
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("2");
    tui.wait_for("プラン体系");
    tui.press("C");
    tui.wait_for("委員（追加・編集） — 熊本市");
    tui.press("\r");
    tui.wait_for("委員の追加（氏名）");
    tui.press("山田花子\r");
    tui.wait_for("委員の追加（役職） — 山田花子");
    tui.press("\r");
    tui.wait_for("委員の追加（所属） — 山田花子");
    tui.press("熊本県立大学教授\r");
    tui.wait_for("委員の追加（発言者表記） — 山田花子");
    tui.press("山田委員\r");
    tui.wait_for("保存しました");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let roster = &saved.settings().expect("settings").committees[0].members;
    let added = roster.last().expect("a member");
    assert_eq!(
        (
            added.name.as_str(),
            added.role.as_str(),
            added.affiliation.as_deref(),
            added.label.as_deref()
        ),
        (
            "山田花子",
            "委員",
            Some("熊本県立大学教授"),
            Some("山田委員")
        )
    );
    check_passes(temp.path(), &workspace);
    tui.press("u");
    quit_restored(tui, &files);
}

/// `n` on the KPI screen: the note (出典) of the chosen year's actual, shown in the detail and
/// written beside the figure; `u` takes it away again, then the figure, to the byte.
#[test]
fn note_the_source_of_an_actual_and_undo_it() {
    let (temp, workspace) = sample_workspace();
    let file = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let before = std::fs::read(&file).expect("the plan file");
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("市役所改革プラン2027");
    tui.press("3");
    tui.wait_for("検証指標 — 令和6年度");
    tui.press("a");
    tui.wait_for("実績値");
    tui.press("\u{15}５\r");
    tui.wait_for("保存しました");
    tui.press("n");
    tui.wait_for("実績値の備考・出典 — 令和6年度");
    tui.press("出典 職員アンケート（速報値）\r");
    tui.wait_for("出典 職員アンケート（速報値）");
    let saved = Workspace::load(&workspace).expect("workspace loads");
    let indicator = saved
        .plan("kumamoto-reform-plan-2027")
        .and_then(|p| p.indicator("k-p1-1"))
        .expect("k-p1-1");
    let actual = indicator
        .actual(kaikaku::model::FiscalYear(2024))
        .expect("the actual");
    assert_eq!(actual.value.to_string(), "5");
    assert_eq!(
        actual.note.as_deref(),
        Some("出典 職員アンケート（速報値）")
    );
    check_passes(temp.path(), &workspace);
    tui.press("u");
    tui.wait_gone("出典 職員アンケート（速報値）");
    tui.press("u");
    quit_restored(tui, &[(file, before)]);
}
