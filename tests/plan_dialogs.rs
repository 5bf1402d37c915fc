//! The TUI's Plan-and-Act dialogs through the real binary in a pty: a target revised (with
//! its year and planned path) with a reason, items retired, reinstated, added and moved,
//! indicators added and edited, a department renamed and a member added — each undone to
//! the byte.

use std::path::PathBuf;

use kaikaku::model::Plan;
use kaikaku::store::Workspace;

use crate::pty_driver::{Tui, check_passes, on_sample};

/// The 2027 plan's file, which most of the dialogs change.
const PLAN_2027: &str = "plans/kumamoto-reform-plan-2027.ron";

/// A session on a fresh sample, on the screen `key` opens (2 the plan tree, 3 the KPIs) once
/// it shows `title`, with the bytes of `files` (in the workspace) kept for after the undos.
struct Dialogs {
    temp: tempfile::TempDir,
    workspace: PathBuf,
    tui: Tui,
    kept: Vec<(PathBuf, Vec<u8>)>,
}

impl Dialogs {
    fn on(key: &str, title: &str, files: &[&str]) -> Dialogs {
        let (temp, workspace, mut tui) = on_sample("市役所改革プラン2027");
        let kept = files
            .iter()
            .map(|file| {
                let path = workspace.join(file);
                let bytes = std::fs::read(&path).expect("file");
                (path, bytes)
            })
            .collect();
        tui.step(key, title);
        Dialogs {
            temp,
            workspace,
            tui,
            kept,
        }
    }

    fn on_tree(files: &[&str]) -> Dialogs {
        Dialogs::on("2", "プラン体系", files)
    }

    fn on_kpis(files: &[&str]) -> Dialogs {
        Dialogs::on("3", "検証指標 — 令和6年度", files)
    }

    /// The 2027 plan as saved.
    fn saved_plan(&self) -> Plan {
        Workspace::load(&self.workspace)
            .expect("workspace loads")
            .plan("kumamoto-reform-plan-2027")
            .expect("plan")
            .clone()
    }

    /// `kaikaku check` passes on the files as the dialog left them.
    fn check(&self) {
        check_passes(self.temp.path(), &self.workspace);
    }

    /// Quits and checks the files are back to the bytes they had.
    fn quit_restored(mut self) {
        self.tui.quit();
        for (path, bytes) in &self.kept {
            assert_eq!(
                &std::fs::read(path).expect("file"),
                bytes,
                "undo restores {} byte for byte",
                path.display()
            );
        }
    }
}

/// The session is driven as the pty it wraps: `tui.step(…)` reads as in every pty test.
impl std::ops::Deref for Dialogs {
    type Target = Tui;
    fn deref(&self) -> &Tui {
        &self.tui
    }
}

impl std::ops::DerefMut for Dialogs {
    fn deref_mut(&mut self) -> &mut Tui {
        &mut self.tui
    }
}

/// `t` on the KPI screen, the target typed as printed (full-width), the reason the store asks
/// for (the 2027 plan is in force in FY2024), shown in the detail; `u` restores the plan file
/// byte for byte.
#[test]
fn set_a_target_with_a_reason_see_it_and_undo_it() {
    let mut tui = Dialogs::on_kpis(&[PLAN_2027]);
    tui.step("t", "目標値 — 職員採用（選考）試験競争倍率（全職種）");
    // Prefilled with the target as printed: 調整中.
    tui.wait_for("調整中▏");
    tui.step("\u{7f}\u{7f}\u{7f}６倍以上", "６倍以上");
    // The target year (kept: R9), then the yearly planned values (none).
    tui.step("\r", "目標年度 — 職員採用");
    tui.wait_for("R9▏");
    tui.step("\r", "年度別計画値 — 職員採用");
    tui.step("５@R7、5.5@R8\r", "改定理由 — 職員採用");
    // An empty reason is not accepted: the input stays.
    tui.step("\r", "改定理由 — 職員採用");
    tui.step("委員会意見で決定", "委員会意見で決定");
    tui.step("\r", "保存しました");
    tui.wait_for("6倍以上 (R9)");
    tui.wait_for("改定 R6: 委員会意見で決定");

    let plan = tui.saved_plan();
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
    tui.check();

    tui.press("u");
    tui.wait_gone("6倍以上 (R9)");
    tui.wait_gone("委員会意見で決定");
    tui.quit_restored();
}

/// `R` on the plan tree: the reason input is the confirmation; the item stays, marked
/// retired, with its reason in the detail; `u` restores the file byte for byte.
#[test]
fn retire_a_node_with_a_reason_and_undo_it() {
    let mut tui = Dialogs::on_tree(&[PLAN_2027]);
    tui.step("jR", "廃止の理由（Enter で廃止） — 人材確保");
    tui.step("施策2へ統合\r", "保存しました");
    tui.wait_for("廃止: 最終年度 令和6年度");
    tui.wait_for("改定 R6: 施策2へ統合");
    tui.check();
    tui.press("u");
    tui.wait_gone("施策2へ統合");
    tui.quit_restored();
}

/// `A` on the plan tree: the new item's title, then the reason; it appears in the tree, and
/// `u` removes it, the file byte-identical again.
#[test]
fn add_an_item_with_a_reason_and_undo_it() {
    let mut tui = Dialogs::on_tree(&[PLAN_2027]);
    tui.step("A", "下位項目の追加（名称） — 組織・人づくり改革");
    tui.step("デジタル人材の確保\r", "改定理由 — デジタル人材の確保");
    tui.step("委員の提案\r", "保存しました");
    tui.wait_for("施策4 デジタル人材の確保");
    tui.check();
    tui.press("u");
    tui.wait_gone("デジタル人材の確保");
    tui.quit_restored();
}

/// `M` on the plan tree: the new parent chosen, then the reason; the item is numbered under
/// its new parent, and `u` moves it back, the file byte-identical again.
#[test]
fn move_an_item_with_a_reason_and_undo_it() {
    let mut tui = Dialogs::on_tree(&[PLAN_2027]);
    tui.step("jM", "移動先（上位項目） — 人材確保");
    // The place among the new parent's items: last, as offered.
    tui.step("\r", "移動先での位置 — 人材確保");
    tui.step("\r", "改定理由 — 人材確保");
    tui.step("方針の再編\r", "保存しました");
    // Last under the first other parent, 方針2, numbered there.
    tui.wait_for("施策4 人材確保");
    assert!(
        !tui.saved_plan().nodes[0]
            .children
            .iter()
            .any(|n| n.title == "人材確保"),
        "moved away from 方針1"
    );
    tui.check();
    tui.press("u");
    tui.wait_gone("施策4 人材確保");
    tui.quit_restored();
}

/// `R` on a retired item takes it back: the reason asked again, the 〔R6まで〕 marker gone from
/// the list; two undos restore the file byte for byte.
#[test]
fn reinstate_a_retired_node_with_a_reason_and_undo_both() {
    let mut tui = Dialogs::on_tree(&[PLAN_2027]);
    tui.step("jR", "廃止の理由（Enter で廃止） — 人材確保");
    tui.step("施策2へ統合\r", "施策1 〔R6まで〕人材確保");
    tui.step("R", "復活の理由（Enter で復活） — 人材確保");
    tui.step("統合を見送り\r", "改定 R6: 統合を見送り");
    tui.wait_gone("〔R6まで〕");
    assert!(
        tui.saved_plan()
            .flatten()
            .iter()
            .all(|f| f.node.retired.is_none()),
        "reinstated"
    );
    tui.check();
    tui.step("u", "施策1 〔R6まで〕人材確保");
    tui.press("u");
    tui.wait_gone("〔R6まで〕");
    tui.quit_restored();
}

/// `I` on the tree: a new indicator of the selected policy, field by field (the unit typed
/// full-width, the direction chosen, a baseline, 調整中 for the target), then the reason.
#[test]
fn add_an_indicator_field_by_field_and_undo_it() {
    let mut tui = Dialogs::on_tree(&[PLAN_2027]);
    tui.step("I", "指標の追加（名称） — 組織・人づくり改革");
    tui.step(
        "電子申請の利用率\r",
        "指標の追加（単位） — 組織・人づくり改革",
    );
    tui.step("％\r", "指標の方向 — 電子申請の利用率");
    tui.step("jj\r", "指標の追加（基準値）");
    tui.step("12.5@R5\r", "指標の追加（目標値）");
    tui.step("\r", "改定理由 — 電子申請の利用率");
    tui.step("委員の提案\r", "保存しました");
    tui.wait_for("電子申請の利用率");
    let plan = tui.saved_plan();
    let added = plan.nodes[0]
        .indicators
        .iter()
        .find(|i| i.name == "電子申請の利用率")
        .expect("added to the policy");
    assert_eq!(added.unit, "%");
    assert_eq!(added.direction.as_str(), "at_least");
    assert_eq!(added.target_label(), "調整中");
    tui.check();
    tui.press("u");
    tui.wait_gone("電子申請の利用率");
    tui.quit_restored();
}

/// `e` on the KPI screen: the selected indicator renamed (unit and direction kept), with a
/// reason; `u` restores it.
#[test]
fn edit_an_indicator_and_undo_it() {
    let mut tui = Dialogs::on_kpis(&[PLAN_2027]);
    tui.step(
        "e",
        "指標の編集（名称） — 職員採用（選考）試験競争倍率（全職種）",
    );
    tui.step(
        "\u{15}採用試験の競争倍率\r",
        "指標の編集（単位） — 採用試験の競争倍率",
    );
    tui.step("\r", "指標の方向 — 採用試験の競争倍率");
    tui.step("\r", "改定理由 — 採用試験の競争倍率");
    tui.step("名称の整理\r", "保存しました");
    assert_eq!(
        tui.saved_plan().indicator("k-p1-1").map(|i| i.name.clone()),
        Some("採用試験の競争倍率".to_string())
    );
    tui.check();
    tui.step("u", "職員採用（選考）試験競争倍率");
    tui.quit_restored();
}

/// `D`: 総務局 renamed 総務部 with a new id in a reorganisation; the plans that name it
/// follow, `check` passes, and `u` puts every file back.
#[test]
fn rename_a_department_with_its_references_and_undo_it() {
    let mut tui = Dialogs::on_tree(&[
        "kaikaku.ron",
        PLAN_2027,
        "plans/kumamoto-reform-plan-2023.ron",
    ]);
    tui.step("D", "所管局（追加・名称変更）");
    tui.step("j\r", "所管局の変更（名称） — 総務局");
    tui.step("\u{15}総務部\r", "所管局の変更（英語名） — 総務部");
    tui.step("\r", "所管局の変更（ID） — 総務部");
    tui.wait_for("somu▏");
    tui.step("\u{15}somu-bu\r", "保存しました");
    let saved = Workspace::load(&tui.workspace).expect("workspace loads");
    assert!(saved.department_references("somu").is_empty());
    assert!(!saved.department_references("somu-bu").is_empty());
    tui.check();
    tui.press("u");
    tui.quit_restored();
}

/// `C`: a new committee member with an affiliation and the label the minutes print; `u`
/// removes them.
#[test]
fn add_a_committee_member_with_a_label_and_undo_it() {
    let mut tui = Dialogs::on_tree(&["kaikaku.ron"]);
    tui.step("C", "委員（追加・編集） — 熊本市");
    tui.step("\r", "委員の追加（氏名）");
    tui.step("山田花子\r", "委員の追加（役職） — 山田花子");
    tui.step("\r", "委員の追加（所属） — 山田花子");
    tui.step("熊本県立大学教授\r", "委員の追加（発言者表記） — 山田花子");
    tui.step("山田委員\r", "保存しました");
    let saved = Workspace::load(&tui.workspace).expect("workspace loads");
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
    tui.check();
    tui.press("u");
    tui.quit_restored();
}

/// `n` on the KPI screen: the note (出典) of the chosen year's actual, shown in the detail and
/// written beside the figure; `u` takes it away again, then the figure, to the byte.
#[test]
fn note_the_source_of_an_actual_and_undo_it() {
    let mut tui = Dialogs::on_kpis(&[PLAN_2027]);
    tui.step("a", "実績値");
    tui.step("\u{15}５\r", "保存しました");
    tui.step("n", "実績値の備考・出典 — 令和6年度");
    tui.step(
        "出典 職員アンケート（速報値）\r",
        "出典 職員アンケート（速報値）",
    );
    let plan = tui.saved_plan();
    let actual = plan
        .indicator("k-p1-1")
        .and_then(|i| i.actual(kaikaku::model::FiscalYear(2024)))
        .expect("the actual");
    assert_eq!(actual.value.to_string(), "5");
    assert_eq!(
        actual.note.as_deref(),
        Some("出典 職員アンケート（速報値）")
    );
    tui.check();
    tui.press("u");
    tui.wait_gone("出典 職員アンケート（速報値）");
    tui.press("u");
    tui.quit_restored();
}
