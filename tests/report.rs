//! Reports and imports through the real binary, on the repository's own sample workspace.

use crate::common::{in_workspace, kaikaku, repo_root, run};

fn report(args: &[&str]) -> String {
    let home = tempfile::tempdir().expect("temp home");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(repo_root())
        .args(args));
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn stage3_progress_counts_are_108_29_137() {
    let text = report(&[
        "report",
        "progress",
        "--plan",
        "kumamoto-reform-plan-2023",
        "--year",
        "FY2022",
    ]);
    let items = text
        .lines()
        .find(|line| line.starts_with("取組項目"))
        .unwrap_or_else(|| panic!("no 取組項目 row in\n{text}"));
    let numbers: Vec<&str> = items.split_whitespace().skip(1).collect();
    // 計画通り進捗, 一部変更・遅れ, 完了, 未着手, 中止, 未設定, 合計
    assert_eq!(numbers, ["108", "29", "0", "0", "0", "0", "137"], "{text}");
    // Any notation of the year gives the same report.
    for year in ["R4", "令和4年度", "２０２２"] {
        let again = report(&[
            "report",
            "progress",
            "--plan",
            "kumamoto-reform-plan-2023",
            "--year",
            year,
        ]);
        assert_eq!(again, text, "{year}");
    }
    // The fixed English header (issue 6) is the `--lang en` CSV; Japanese gets its own.
    let csv = report(&[
        "--lang",
        "en",
        "report",
        "progress",
        "--plan",
        "kumamoto-reform-plan-2023",
        "--year",
        "R4",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines()
            .any(|l| l == "kumamoto-reform-plan-2023,2022,,2,取組項目,108,29,0,0,0,0,137"),
        "{csv}"
    );
}

#[test]
fn stage3_kpi_csv_reproduces_the_table() {
    let csv = report(&[
        "--lang",
        "en",
        "report",
        "kpi",
        "--plan",
        "kumamoto-reform-plan-2023",
        "--format",
        "csv",
    ]);
    let expected = std::fs::read_to_string(
        repo_root().join("tests/fixtures/report/kumamoto-reform-plan-2023-kpi.csv"),
    )
    .expect("fixture");
    assert_eq!(csv, expected);
    // The figures computed by hand in report::kpi's unit tests.
    assert!(csv.contains(",44.1,-29.8,worsened\n"));
    assert!(
        csv.contains(",k7-3,市債残高,億円,at_most,2021,2248,2023,2430,2022,2359,100.0,achieved\n")
    );
}

#[test]
fn every_format_renders_the_sample() {
    for format in ["text", "md", "json", "html", "csv"] {
        for what in ["progress", "kpi"] {
            let out = report(&["report", what, "--format", format]);
            assert!(!out.is_empty(), "{what} {format}");
            if format == "json" {
                serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
            }
            if format == "html" {
                assert!(out.starts_with("<!DOCTYPE html>"));
                let local = out.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
                assert!(!local.contains("http"), "network reference in {what} html");
            }
        }
    }
}

fn fixture(name: &str) -> String {
    repo_root()
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

/// The parts of an indicator that an import must reproduce: name (whitespace aside), unit,
/// baseline, target and actuals, compared as exact numbers.
fn essentials(plan: &kaikaku::model::Plan) -> Vec<String> {
    use kaikaku::model::TargetValue;
    let mut out: Vec<String> = plan
        .all_indicators()
        .into_iter()
        .map(|(_, i)| {
            let name: String = i.name.chars().filter(|c| !c.is_whitespace()).collect();
            let baseline = i
                .baseline
                .as_ref()
                .map(|b| format!("{}@{}", b.value.0.normalize(), b.year.0));
            let target = i.target.as_ref().map(|t| match &t.value {
                TargetValue::Value(f) => format!("{}@{}", f.0.normalize(), t.year.0),
                other => format!("{other:?}@{}", t.year.0),
            });
            let actuals: Vec<String> = i
                .actuals
                .iter()
                .map(|a| format!("{}@{}", a.value.0.normalize(), a.year.0))
                .collect();
            format!(
                "{name} [{}] {baseline:?} {target:?} {actuals:?} parts={}",
                i.unit,
                i.parts.len()
            )
        })
        .collect();
    out.sort();
    out
}

fn load_plan(dir: &std::path::Path, id: &str) -> kaikaku::model::Plan {
    let workspace = kaikaku::store::Workspace::load(dir).expect("workspace loads");
    workspace.plan(id).cloned().expect("plan exists")
}

#[test]
fn seed_tables_import_into_empty_plans_like_the_sample() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = dir.path().join("ws");
    let ws_text = ws.display().to_string();
    let home = tempfile::tempdir().expect("home");
    let init = run(kaikaku(home.path()).args(["init", &ws_text, "--sample"]));
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    for (id, period) in [("imported-2027", "R6-R9"), ("imported-2023", "R4-R5")] {
        let (code, _, err) = in_workspace(
            &ws,
            &[
                "plan",
                "new",
                id,
                "--title",
                "取込テスト",
                "--period",
                period,
                "--levels",
                "基本方針,施策,取組項目",
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    for file in [
        "plan2027-policy1.tsv",
        "plan2027-policy2.tsv",
        "plan2027-policy3.tsv",
    ] {
        let (code, out, err) = in_workspace(
            &ws,
            &["import", "kpi", &fixture(file), "--plan", "imported-2027"],
        );
        assert_eq!(code, 0, "{file}: {out}{err}");
        assert!(out.contains("+ new indicator"), "{out}");
    }
    let (code, out, err) = in_workspace(
        &ws,
        &[
            "import",
            "kpi",
            &fixture("stage3.tsv"),
            "--plan",
            "imported-2023",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = in_workspace(&ws, &["check"]);
    assert_eq!(code, 0, "check after import: {out}");
    let (code, out, _) = in_workspace(&ws, &["fmt", "--check"]);
    assert_eq!(code, 0, "canonical after import: {out}");
    assert_eq!(
        essentials(&load_plan(&ws, "imported-2027")),
        essentials(&load_plan(&repo_root(), "kumamoto-reform-plan-2027"))
    );
    assert_eq!(
        essentials(&load_plan(&ws, "imported-2023")),
        essentials(&load_plan(&repo_root(), "kumamoto-reform-plan-2023"))
    );
    // Importing the same table again changes nothing.
    let before = std::fs::read(ws.join("plans/imported-2023.ron")).expect("file");
    let (code, out, _) = in_workspace(
        &ws,
        &[
            "import",
            "kpi",
            &fixture("stage3.tsv"),
            "--plan",
            "imported-2023",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "nothing to change\n"));
    assert_eq!(
        std::fs::read(ws.join("plans/imported-2023.ron")).expect("file"),
        before
    );
}

#[test]
fn import_reports_conflicts_bad_cells_and_dry_runs_without_writing() {
    let dir = tempfile::tempdir().expect("temp");
    let ws = dir.path().join("ws");
    let home = tempfile::tempdir().expect("home");
    let init = run(kaikaku(home.path()).args(["init", &ws.display().to_string(), "--sample"]));
    assert!(init.status.success());
    let plan_file = ws.join("plans/kumamoto-reform-plan-2023.ron");
    let before = std::fs::read(&plan_file).expect("plan");
    let table = dir.path().join("t.tsv");
    let table_text = table.display().to_string();
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "kpi",
            table_text.as_str(),
            "--plan",
            "kumamoto-reform-plan-2023",
        ];
        args.extend_from_slice(extra);
        in_workspace(&ws, &args)
    };
    // A new year's actual, and a changed R4 figure: a conflict, so nothing is written.
    std::fs::write(
        &table,
        "検証項目\t令和4年度\t令和5年度\n年休取得日数\t15.5日\t16日\n",
    )
    .expect("write");
    let (code, out, err) = import(&[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("! conflict 年休取得日数: actual FY2022 is 15日 (FY2022) in the plan, 15.5日 (FY2022) in the table"), "{out}");
    assert!(
        out.contains("+ 年休取得日数: actual FY2023 = 16日 (FY2023)"),
        "{out}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&plan_file).expect("plan"), before);
    // --dry-run with --overwrite prints and writes nothing.
    let (code, out, _) = import(&["--overwrite", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("~ 年休取得日数: actual FY2022 15日 (FY2022) → 15.5日 (FY2022)"),
        "{out}"
    );
    assert_eq!(std::fs::read(&plan_file).expect("plan"), before);
    // --overwrite writes, and the workspace still checks clean.
    let (code, _, err) = import(&["--overwrite"]);
    assert_eq!(code, 0, "{err}");
    let plan = load_plan(&ws, "kumamoto-reform-plan-2023");
    let days = plan.indicator("k5").expect("k5");
    assert_eq!(days.actuals.len(), 2);
    assert_eq!(in_workspace(&ws, &["check"]).0, 0);
    // A bad cell: row and column, nothing written.
    let after = std::fs::read(&plan_file).expect("plan");
    std::fs::write(
        &table,
        "検証項目\t令和6年度\n年休取得日数\t17日\n働きがいを感じる職員の割合\t8,1％\n",
    )
    .expect("write");
    let (code, _, err) = import(&[]);
    assert_eq!(code, 1);
    assert!(err.contains("t.tsv:3:2: 「8,1％」"), "{err}");
    assert!(err.contains("何も書き込んでいません"), "{err}");
    assert_eq!(std::fs::read(&plan_file).expect("plan"), after);
}
