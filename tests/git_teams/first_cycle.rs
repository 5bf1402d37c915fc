//! An honest first cycle: the commit that created the workspace is the baseline, and the
//! first cycle tag counts only what the cycle changed after it.

use kaikaku::model::FiscalYear;
use kaikaku::store::Workspace;

use crate::common::{kaikaku, run, sample_workspace, seal, stderr, stdout};

#[test]
fn the_first_tag_counts_only_the_cycles_change_and_names_the_baseline() {
    let (home, ws) = sample_workspace();
    let kaikaku_ok = |args: &[&str]| {
        let out = run(kaikaku(home.path()).arg("--workspace").arg(&ws).args(args));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    // The sample stands in FY2024 Do: one actual entered, then Do, Check, Act closed.
    let mut workspace = Workspace::load(&ws).expect("load");
    let mut plan = workspace
        .plan("kumamoto-reform-plan-2023")
        .expect("stage-3 plan")
        .clone();
    plan.indicator_mut("k1").expect("k1").set_actual(
        FiscalYear(2024),
        "50.5".parse().expect("figure"),
        None,
    );
    workspace.save_plan(plan).expect("save");
    for phase in ["do", "check", "act"] {
        kaikaku_ok(&["commit", "--phase", phase]);
    }
    kaikaku_ok(&["close-cycle", "FY2024"]);
    let mut git = std::process::Command::new("git");
    seal(&mut git, home.path());
    let out = run(git
        .current_dir(&ws)
        .args(["cat-file", "tag", "cycle/FY2024"]));
    let tag = stdout(&out);
    assert!(tag.contains("Kaikaku-Changed: figures=1\n"), "{tag}");
    assert!(tag.contains("FY2024 cycle closed: 1 figure"), "{tag}");
    let mut git = std::process::Command::new("git");
    seal(&mut git, home.path());
    let root = stdout(&run(git.current_dir(&ws).args([
        "rev-list",
        "--max-parents=0",
        "HEAD",
    ])));
    assert!(
        tag.contains(&format!("Kaikaku-Baseline: {}", root.trim())),
        "{tag}"
    );
    assert!(
        tag.contains("Counted from the baseline") && tag.contains("Create the workspace"),
        "{tag}"
    );
}

const IMPORTED: &str = r#"(
    id: "imported",
    title: "行財政改革プラン",
    organisation: "某市",
    period: (from: 2024, to: 2027),
    levels: [(name: "重点項目")],
    nodes: [
        (
            id: "n1",
            title: "窓口改革",
            indicators: [(id: "i1", name: "窓口満足度", unit: "%", direction: increase)],
        ),
    ],
)"#;

#[test]
fn an_imported_plan_recorded_as_the_baseline_is_not_the_cycles_work() {
    let home = tempfile::tempdir().expect("tempdir");
    let ws = home.path().join("ws");
    let out = run(kaikaku(home.path()).arg("init").arg(&ws));
    assert!(out.status.success(), "{}", stderr(&out));
    let kaikaku_ok = |args: &[&str]| {
        let out = run(kaikaku(home.path()).arg("--workspace").arg(&ws).args(args));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    // An existing plan is brought in, then recorded as the baseline.
    let mut workspace = Workspace::load(&ws).expect("load");
    workspace
        .save_plan(ron::from_str(IMPORTED).expect("plan"))
        .expect("save");
    let out = kaikaku_ok(&["commit", "--baseline", "-m", "R6年度当初のプランを取り込み"]);
    assert!(out.contains("Baseline"), "{out}");
    kaikaku_ok(&["commit", "--phase", "plan", "--cycle", "FY2024"]);
    let mut workspace = Workspace::load(&ws).expect("load");
    let mut plan = workspace.plan("imported").expect("plan").clone();
    plan.indicator_mut("i1").expect("i1").set_actual(
        FiscalYear(2024),
        "61.0".parse().expect("figure"),
        None,
    );
    workspace.save_plan(plan).expect("save");
    for phase in ["do", "check", "act"] {
        kaikaku_ok(&["commit", "--phase", phase]);
    }
    kaikaku_ok(&["close-cycle", "FY2024"]);
    let mut git = std::process::Command::new("git");
    seal(&mut git, home.path());
    let tag = stdout(&run(git.current_dir(&ws).args([
        "cat-file",
        "tag",
        "cycle/FY2024",
    ])));
    assert!(tag.contains("Kaikaku-Changed: figures=1\n"), "{tag}");
    assert!(
        tag.contains("Counted from the baseline") && tag.contains("Baseline: the workspace data"),
        "{tag}"
    );

    // After the first tag, a baseline is refused.
    let out = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["commit", "--baseline"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("before the first cycle"),
        "{}",
        stderr(&out)
    );
}
