//! The history of one item (Shift-H): through `TestBackend` on a repository whose commits
//! changed one indicator's actual (snapshots of the list, the empty list and the read in
//! progress, in both languages at both sizes), and end to end in a pseudo-terminal: the
//! real binary, the KPI screen, `H`, the commits and the new figure, Esc back.

use std::path::{Path, PathBuf};

use kaikaku::model::{FiscalYear, Language};
use kaikaku::store::Workspace;
use kaikaku::tui::app::Screen;
use kaikaku::tui::screen::item_history::Reading;
use kaikaku::tui::{App, Command, Options, dispatch, run_tasks};

use crate::common::{kaikaku, run, sample_workspace, stderr};
use crate::pty_driver::Tui;
use crate::tui::{LANGS, SIZES, assert_rows_fit, draw, lang_name, text_of};
use crate::tui_history::masked;

const PLAN: &str = "kumamoto-reform-plan-2027";
const KPI: &str = "k-p1-1";

/// Sets `KPI`'s FY2024 actual in the working files.
fn set_actual(dir: &Path, figure: &str) {
    let mut workspace = Workspace::load(dir).expect("load");
    let mut plan = workspace.plan(PLAN).expect("plan").clone();
    plan.indicator_mut(KPI).expect("indicator").set_actual(
        FiscalYear(2024),
        figure.parse().expect("figure"),
        None,
    );
    workspace.save_plan(plan).expect("save");
}

fn commit(home: &Path, dir: &Path, phase: &str, message: &str) {
    let output = run(kaikaku(home)
        .arg("--workspace")
        .arg(dir)
        .args(["commit", "--phase", phase, "-m", message]));
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The sample (`init --sample`: the first commit) and two phase commits that changed the
/// FY2024 actual of `KPI`: entered (5.1), then corrected (5.4).
fn two_figure_commits() -> (tempfile::TempDir, PathBuf) {
    let (temp, dir) = sample_workspace();
    // The identity lives in the repository's own config: the user's is kept out of tests.
    crate::common::set_repo_identity(&dir);
    set_actual(&dir, "5.1");
    commit(temp.path(), &dir, "do", "R6実績を入力");
    set_actual(&dir, "5.4");
    commit(temp.path(), &dir, "check", "R6実績を訂正");
    (temp, dir)
}

/// An app on `dir` in `lang`, on the KPI screen with `indicator` selected.
fn on_indicator(dir: &Path, lang: Language, indicator: &str) -> App {
    let mut workspace = Workspace::load(dir).expect("load");
    workspace.origin = "sample".into();
    let plan = workspace
        .plans
        .iter()
        .position(|p| p.value.id == PLAN)
        .expect("plan");
    let mut app = App::new(
        workspace,
        Options {
            lang: Some(lang),
            no_color: true,
            ..Options::default()
        },
    );
    app.core.show_plan(plan);
    dispatch(&mut app, Command::ShowKpi);
    app.kpi.select(&app.core, indicator);
    assert_eq!(
        app.selected_indicator().map(|i| i.id.as_str()),
        Some(indicator)
    );
    app
}

/// Snapshots `app` at both sizes as `{name}_{lang}_{w}x{h}`, commit ids and dates masked.
fn shoot(app: &mut App, name: &str) {
    for (width, height) in SIZES {
        let buffer = draw(app, width, height);
        let snapshot = format!("{name}_{}_{width}x{height}", lang_name(app.core.lang));
        assert_rows_fit(&buffer, &snapshot);
        insta::assert_snapshot!(snapshot, masked(&text_of(&buffer)));
    }
}

#[test]
fn shift_h_on_an_indicator_lists_its_commits_newest_first_with_the_figures() {
    let (_temp, dir) = two_figure_commits();
    for lang in LANGS {
        let mut app = on_indicator(&dir, lang, KPI);
        dispatch(&mut app, Command::ItemHistory);
        assert_eq!(app.tasks.len(), 1, "the read waits for the event loop");
        shoot(&mut app, "item_history_reading");
        run_tasks(&mut app);
        let view = app.item_history.shown.as_ref().expect("shown");
        assert_eq!(view.reading, Reading::Done);
        let subjects: Vec<&str> = view.entries.iter().map(|e| e.subject.as_str()).collect();
        assert_eq!(subjects.len(), 3, "{subjects:?}");
        // The subjects are said from the commits' trailers, in the reader's language.
        assert!(subjects[0].contains("Check"), "{subjects:?}");
        assert!(subjects[1].contains("Do"), "{subjects:?}");
        assert!(
            view.entries[0]
                .changes
                .iter()
                .any(|c| c.contains("5.1") && c.contains("5.4")),
            "{:?}",
            view.entries[0].changes
        );
        shoot(&mut app, "item_history_entries");
        // The list moves, the pane follows the selection; Esc is back on the KPI screen.
        dispatch(&mut app, Command::Down);
        let view = app.item_history.shown.as_ref().expect("shown");
        assert_eq!(view.selected, 1);
        let text = text_of(&draw(&mut app, 120, 30));
        assert!(text.contains("5.1"), "{text}");
        dispatch(&mut app, Command::Cancel);
        assert!(app.item_history.shown.is_none());
        assert_eq!(app.screen, Screen::Kpi);
    }
}

#[test]
fn an_item_no_commit_changed_says_so() {
    let (_temp, dir) = two_figure_commits();
    // An indicator added in the working files (a copy of one under another id, so that its
    // name is the sample's) and not committed yet.
    let mut workspace = Workspace::load(&dir).expect("load");
    let mut plan = workspace.plan(PLAN).expect("plan").clone();
    let mut fresh = plan.indicator_mut(KPI).expect("indicator").clone();
    fresh.id = "k-p1-new".into();
    let owner = owner_of(&plan.nodes, KPI).expect("the node holding it");
    plan.node_mut(&owner).expect("node").indicators.push(fresh);
    workspace.save_plan(plan).expect("save");
    for lang in LANGS {
        let mut app = on_indicator(&dir, lang, "k-p1-new");
        dispatch(&mut app, Command::ItemHistory);
        run_tasks(&mut app);
        let view = app.item_history.shown.as_ref().expect("shown");
        assert_eq!(
            (view.reading.clone(), view.entries.len()),
            (Reading::Done, 0)
        );
        shoot(&mut app, "item_history_empty");
    }
}

/// The id of the node whose indicators include `indicator`.
fn owner_of(nodes: &[kaikaku::model::Node], indicator: &str) -> Option<String> {
    nodes.iter().find_map(|node| {
        if node.indicators.iter().any(|i| i.id == indicator) {
            Some(node.id.clone())
        } else {
            owner_of(&node.children, indicator)
        }
    })
}

#[test]
fn a_second_request_supersedes_the_first_and_other_screens_ask_for_a_selection() {
    let (_temp, dir) = two_figure_commits();
    let mut app = on_indicator(&dir, Language::En, KPI);
    dispatch(&mut app, Command::ItemHistory);
    // Back to the tree before the answer, and the history of its first node instead.
    dispatch(&mut app, Command::ShowTree);
    assert!(app.item_history.shown.is_none(), "a screen key leaves it");
    assert_eq!(app.screen, Screen::Tree);
    dispatch(&mut app, Command::ItemHistory);
    let node = app.selected_node().map(|n| n.id.clone()).expect("a node");
    run_tasks(&mut app);
    let view = app.item_history.shown.as_ref().expect("shown");
    assert_eq!(
        view.item.id(),
        Some(node.as_str()),
        "the newer request's item"
    );
    assert_eq!(view.reading, Reading::Done);
    dispatch(&mut app, Command::Cancel);
    dispatch(&mut app, Command::ShowDashboard);
    dispatch(&mut app, Command::ItemHistory);
    assert!(app.item_history.shown.is_none());
    assert!(
        app.core
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Select an item first")),
        "{:?}",
        app.core.message
    );
}

#[test]
fn under_at_only_the_commits_up_to_the_revision_are_listed() {
    let (_temp, dir) = two_figure_commits();
    let repo = git2::Repository::open(&dir).expect("repo");
    let mut workspace = kaikaku::history::load_at(&repo, "HEAD~1").expect("load at");
    workspace.origin = "sample".into();
    let mut app = App::new(
        workspace,
        Options {
            lang: Some(Language::En),
            no_color: true,
            ..Options::default()
        },
    );
    app.history = Some(kaikaku::tui::screen::history::HistoryView::at(
        dir.clone(),
        "HEAD~1".into(),
    ));
    let plan = app
        .core
        .workspace
        .plans
        .iter()
        .position(|p| p.value.id == PLAN)
        .expect("plan");
    app.core.show_plan(plan);
    dispatch(&mut app, Command::ShowKpi);
    app.kpi.select(&app.core, KPI);
    dispatch(&mut app, Command::ItemHistory);
    run_tasks(&mut app);
    let view = app.item_history.shown.as_ref().expect("shown");
    assert_eq!(view.entries.len(), 2, "the correction came after HEAD~1");
    assert!(
        view.entries[0].changes.iter().any(|c| c.contains("5.1")),
        "{:?}",
        view.entries[0].changes
    );
}

/// The real binary in a pseudo-terminal: the KPI screen, the indicator, `H`, its commits
/// and the corrected figure, then Esc back to the KPI screen.
#[test]
fn e2e_shift_h_shows_an_indicators_history_and_esc_leaves_it() {
    let (temp, dir) = two_figure_commits();
    let mut tui = Tui::start(temp.path(), &dir);
    tui.wait_for("ダッシュボード");
    tui.step("3", "検証指標");
    // The KPI screen starts on the plan's first indicator: the one the commits changed.
    tui.wait_for("職員採用（選考）試験競争倍率");
    tui.step("H", "の履歴");
    let screen = tui.wait_until("the commits and the corrected figure", |screen| {
        screen.contains("Check（評価）: 数値 1件") && screen.contains("実績 5.1倍 → 5.4倍")
    });
    assert!(
        screen.contains(&format!("指標 {KPI} の履歴 (3)")),
        "{screen}"
    );
    assert!(screen.contains("Do（実行）: 数値 1件"), "{screen}");
    tui.press("\x1b");
    tui.wait_gone("の履歴");
    tui.wait_for("検証指標");
    tui.quit();
}
