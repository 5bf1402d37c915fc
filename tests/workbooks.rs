//! Reports for spreadsheets, read back with readers other than the writer: the Excel
//! workbooks with calamine, the CSV with `kaikaku import kpi` and the csv crate; and the
//! comment–response report in every format.

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{kaikaku, repo_root, run, stderr, stdout};

/// Runs kaikaku on the repository's sample workspace; returns (code, stdout, stderr).
fn sample(home: &Path, args: &[&str]) -> (i32, String, String) {
    let output = run(kaikaku(home).arg("--workspace").arg(repo_root()).args(args));
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

fn ok(home: &Path, args: &[&str]) -> String {
    let (code, out, err) = sample(home, args);
    assert_eq!(code, 0, "kaikaku {args:?}: {err}");
    out
}

/// Every sheet of a workbook as rows of cells.
fn sheets(file: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut workbook: Xlsx<_> = open_workbook(file).expect("an xlsx calamine reads");
    let names = workbook.sheet_names().clone();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The header row (the one naming `first`) and the rows below it.
fn table<'a>(rows: &'a [Vec<Data>], first: &str) -> (Vec<String>, &'a [Vec<Data>]) {
    let at = rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == first))
        .unwrap_or_else(|| panic!("no header row with {first}"));
    (rows[at].iter().map(text).collect(), &rows[at + 1..])
}

fn zip_part(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("xlsx")).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

#[test]
fn kpi_workbook_has_numbers_wareki_headers_and_a_sheet_per_plan() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("検証指標.xlsx");
    let path = file.to_str().expect("utf-8");
    ok(
        home.path(),
        &[
            "--lang", "ja", "report", "kpi", "--format", "xlsx", "--output", path,
        ],
    );
    let sheets = sheets(&file);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let (_, rows) = sheets
        .iter()
        .find(|(n, _)| n.starts_with("市役所改革プラン2023"))
        .expect("the stage-3 plan's sheet");
    assert!(text(&rows[0][0]).contains("検証指標の進捗"));
    let (headers, body) = table(rows, "指標名");
    assert!(
        headers.contains(&"令和4年度実績".to_string()),
        "{headers:?}"
    );
    for header in ["基準値", "目標値", "進捗率", "状況", "単位"] {
        assert!(
            headers.iter().any(|h| h == header),
            "{header} in {headers:?}"
        );
    }
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let satisfaction = body
        .iter()
        .find(|r| text(&r[column("指標名")]).contains("市役所のサービスに満足している市民の割合"))
        .expect("the satisfaction row");
    assert_eq!(satisfaction[column("基準値")], Data::Float(48.9));
    assert_eq!(satisfaction[column("令和4年度実績")], Data::Float(44.1));
    assert_eq!(satisfaction[column("進捗率")], Data::Float(-29.8));
    assert_eq!(text(&satisfaction[column("状況")]), "悪化");
    assert_eq!(text(&satisfaction[column("単位")]), "%");
    // The unit is in the number format, the header row frozen.
    let styles = zip_part(&file, "xl/styles.xml");
    assert!(
        styles.contains("&quot;件&quot;") || styles.contains("\"件\""),
        "件 format"
    );
    let sheet = zip_part(&file, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\""), "frozen header");

    // English: western years and English headers.
    ok(
        home.path(),
        &[
            "--lang", "en", "report", "kpi", "--format", "xlsx", "--output", path,
        ],
    );
    let sheets = self::sheets(&file);
    let (headers, _) = table(&sheets[0].1, "Indicator");
    assert!(
        headers
            .iter()
            .any(|h| h.starts_with("FY20") && h.ends_with("actual"))
    );

    // A workbook has no terminal form.
    let (code, _, err) = sample(home.path(), &["report", "kpi", "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn progress_workbook_counts_are_numbers() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("進捗.xlsx");
    ok(
        home.path(),
        &[
            "--lang",
            "ja",
            "report",
            "progress",
            "--plan",
            "kumamoto-reform-plan-2023",
            "--year",
            "R4",
            "--format",
            "xlsx",
            "-o",
            file.to_str().expect("utf-8"),
        ],
    );
    let sheets = sheets(&file);
    assert_eq!(sheets.len(), 1);
    let (headers, body) = table(&sheets[0].1, "階層");
    assert!(headers.contains(&"計画通り進捗".to_string()), "{headers:?}");
    let items = body
        .iter()
        .find(|r| r.iter().any(|c| text(c) == "取組項目"))
        .expect("the 取組項目 row");
    let numbers: Vec<f64> = items
        .iter()
        .filter_map(|c| match c {
            Data::Float(f) => Some(*f),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, [108.0, 29.0, 0.0, 0.0, 0.0, 0.0, 137.0]);

    // The same counts as Japanese CSV: labels from the workspace's vocabulary, 和暦 years.
    let csv = ok(
        home.path(),
        &[
            "--lang",
            "ja",
            "report",
            "progress",
            "--plan",
            "kumamoto-reform-plan-2023",
            "--year",
            "R4",
            "--format",
            "csv",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("計画,年度,親項目,階層,計画通り進捗,一部変更・遅れ,完了,未着手,中止,未設定,合計")
    );
    assert!(
        csv.contains(",令和4年度,全体,取組項目,108,29,0,0,0,0,137\n"),
        "{csv}"
    );
}

#[test]
fn kpi_csv_in_japanese_reads_back_with_import_kpi() {
    let home = tempfile::tempdir().expect("home");
    let csv = ok(
        home.path(),
        &[
            "--lang",
            "ja",
            "report",
            "kpi",
            "--plan",
            "kumamoto-reform-plan-2023",
            "--format",
            "csv",
            "--bom",
        ],
    );
    // What Excel's 「CSV UTF-8」 writes: a BOM, CRLF, Japanese headers and labels.
    assert!(csv.starts_with("\u{feff}計画,ID,指標名,単位,基準値,目標値,R4実績,進捗率,状況\r\n"));
    assert!(csv.contains(",悪化\r\n"), "{csv}");
    assert!(!csv.replace("\r\n", "").contains('\n') || csv.contains('"'));
    let file = home.path().join("kpi.csv");
    std::fs::write(&file, &csv).expect("write");
    let path = file.to_str().expect("utf-8");
    // The same workspace reads its own table back: every figure is already there.
    let workspace = tempfile::tempdir().expect("workspace");
    crate::common::copy_dir(&repo_root().join("plans"), &workspace.path().join("plans"));
    std::fs::copy(
        repo_root().join("kaikaku.ron"),
        workspace.path().join("kaikaku.ron"),
    )
    .expect("settings");
    let import = |table: &str| {
        let output = run(kaikaku(home.path())
            .arg("--workspace")
            .arg(workspace.path())
            .args([
                "import",
                "kpi",
                table,
                "--plan",
                "kumamoto-reform-plan-2023",
                "--dry-run",
            ]));
        (output.status.code(), stdout(&output), stderr(&output))
    };
    let (code, out, err) = import(path);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("nothing to change"), "{out}{err}");
    // The control: one changed figure is seen as a conflict.
    let changed = home.path().join("changed.csv");
    std::fs::write(&changed, csv.replace(",44.1,", ",45.1,")).expect("write");
    let (code, out, err) = import(changed.to_str().expect("utf-8"));
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains("conflict 市役所のサービスに満足している市民の割合"),
        "{out}"
    );
}

#[test]
fn responses_report_lists_the_sample_comments_in_every_format() {
    let home = tempfile::tempdir().expect("home");
    let meeting = "2021-03-22-kaikaku-suishin-1";
    let md = ok(
        home.path(),
        &["--lang", "ja", "report", "responses", "--meeting", meeting],
    );
    assert!(md.starts_with("# 委員意見への対応状況 — 令和2年度（2020年度）第1回"));
    assert!(md.contains("| 加藤委員 | 平成29年度から"), "{md}");
    assert!(md.contains("| 検討中 | 窓口改革について"), "{md}");
    let rows = md.lines().filter(|l| l.starts_with("| 令和2年度")).count();
    assert!(rows >= 5, "{md}");

    let csv = ok(
        home.path(),
        &[
            "--lang",
            "en",
            "report",
            "responses",
            "--format",
            "csv",
            "--bom",
        ],
    );
    assert!(
        csv.starts_with(
            "\u{feff}Meeting,Date,Speaker,Comment,Status,Response,Department,Cycle\r\n"
        )
    );
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), rows);
    assert_eq!(&records[0][2], "加藤委員");
    assert_eq!(&records[0][4], "Under consideration");
    assert_eq!(&records[0][7], "FY2020");

    let page = ok(home.path(), &["report", "responses", "--format", "html"]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<tr>").count(), rows + 1);
    assert!(page.contains("加藤委員"));

    let json = ok(home.path(), &["report", "responses", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json[0]["statement"], "s3");
    assert_eq!(json[0]["status"], "considering");

    let file = home.path().join("対応状況.xlsx");
    ok(
        home.path(),
        &[
            "--lang",
            "ja",
            "report",
            "responses",
            "--format",
            "xlsx",
            "--output",
            file.to_str().expect("utf-8"),
        ],
    );
    let sheets = sheets(&file);
    let (headers, body) = table(&sheets[0].1, "委員意見");
    assert_eq!(
        headers,
        [
            "会議",
            "開催日",
            "発言者",
            "委員意見",
            "対応状況",
            "対応方針",
            "担当部局",
            "年度"
        ]
    );
    assert_eq!(body.len(), rows);
    assert_eq!(text(&body[0][2]), "加藤委員");
    assert_eq!(text(&body[0][4]), "検討中");

    let (code, _, err) = sample(home.path(), &["report", "responses", "--meeting", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("会議「nope」はありません"), "{err}");
}

#[test]
fn html_report_is_dated_titled_and_fit_to_print() {
    let home = tempfile::tempdir().expect("home");
    let page = ok(
        home.path(),
        &["--lang", "ja", "report", "kpi", "--format", "html"],
    );
    // Title from the plans and the organisation; a creation date and the data's year.
    assert!(page.contains(
        "<title>熊本市 市役所改革プラン2023（市役所改革第3ステージ）・市役所改革プラン2027（素案） 進捗状況</title>"
    ));
    assert!(page.contains("データ: 令和4年度時点"), "as-of year");
    let today = chrono::Local::now().date_naive();
    assert!(
        page.contains(&format!("（{}年）", chrono::Datelike::year(&today)))
            && page.contains("作成日: "),
        "作成日"
    );
    // The 2027 plan has no data for its target year 令和9年度: no table, a note instead.
    assert!(
        !page.contains("取組の進捗状況 （令和9年度）"),
        "empty target-year table"
    );
    assert!(page.contains("令和9年度の進捗状況はまだありません"));
    // Printing: repeated table headers, headings kept with their tables, a page footer,
    // headers that never wrap one character per line.
    assert!(page.contains("thead { display: table-header-group; }"));
    assert!(page.contains("<thead><tr><th>指標</th>"));
    assert!(page.contains("h1, h2, h3 { break-after: avoid;"));
    assert!(page.contains("@bottom-right { content: \"ページ \" counter(page)"));
    assert!(page.contains("white-space: nowrap; word-break: keep-all;"));
    // Every chart says what it shows, and axis numbers are grouped.
    let charts = page.matches("<svg").count();
    assert!(charts > 5);
    assert_eq!(page.matches("<desc>").count(), charts);
    assert_eq!(page.matches("</title>").count(), charts + 1);
    for text in page.split('>').filter_map(|t| t.split('<').next()) {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        assert!(
            !(digits >= 4 && text[digits..].starts_with('件')),
            "ungrouped axis label {text}"
        );
    }
    // Asked for a year explicitly, the table is printed even when empty.
    let asked = ok(
        home.path(),
        &[
            "--lang",
            "ja",
            "report",
            "progress",
            "--plan",
            "kumamoto-reform-plan-2027",
            "--year",
            "R9",
            "--format",
            "html",
        ],
    );
    assert!(asked.contains("取組の進捗状況 （令和9年度）"));
}
