//! Reports and imports through the real binary, on the repository's own sample workspace.

use crate::common::{kaikaku, repo_root, run};

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
    let csv = report(&[
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
