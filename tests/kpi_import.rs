//! `import kpi` on tables as cities print them: the layouts, the real published tables in
//! `../shared/realworld/kpi/` (skipped with a notice where that folder is absent), Excel
//! workbooks built here, CP932 CSV, malformed cells, linear time, and the real binary.

use std::path::{Path, PathBuf};

use kaikaku::model::{Direction, FiscalYear, Period, TargetValue};
use kaikaku::report::import::{ImportOptions, Table, TableIndicator, read_rows, read_table};

use crate::common::{in_workspace, repo_root, sample_workspace};

fn period(from: u16, to: u16) -> Period {
    Period {
        from: FiscalYear(from),
        to: FiscalYear(to),
    }
}

fn table(text: &str, options: &ImportOptions, p: Period) -> Table {
    let rows = read_rows(text).unwrap_or_else(|e| panic!("{e}"));
    read_table(&rows, options, p).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The notes in English.
fn notes(t: &Table) -> Vec<String> {
    t.notes
        .iter()
        .map(|n| n.text(kaikaku::model::Language::En))
        .collect()
}

/// `year=value` pairs, values as printed (exact digits).
fn pairs(values: &[kaikaku::model::YearValue]) -> Vec<String> {
    values
        .iter()
        .map(|v| format!("{}={}", v.year.0, v.value))
        .collect()
}

fn baseline(item: &TableIndicator) -> Option<String> {
    item.baseline
        .as_ref()
        .map(|b| format!("{}={}", b.year.0, b.value))
}

fn target(item: &TableIndicator) -> Option<String> {
    item.target.as_ref().map(|t| match &t.value {
        TargetValue::Value(f) => format!("{}={f}", t.year.0),
        other => format!("{}={other:?}", t.year.0),
    })
}

/// `../shared/realworld/kpi` beside the repository (or beside the worktree folder).
fn realworld() -> Option<PathBuf> {
    let root = repo_root();
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .map(|p| p.join("realworld/kpi"))
        .find(|p| p.is_dir())
}

/// The text of a real table, or `None` (with a notice) where `../shared` is absent.
fn realworld_text(name: &str) -> Option<String> {
    let Some(dir) = realworld() else {
        eprintln!("notice: ../shared/realworld/kpi is absent; real-table conformance skipped");
        return None;
    };
    Some(std::fs::read_to_string(dir.join(name)).expect("table"))
}

const SEKI: Period = Period {
    from: FiscalYear(2011),
    to: FiscalYear(2014),
};

#[test]
fn realworld_financial_indicators_with_a_judgement_column() {
    let Some(text) = realworld_text("seki-2014-gyokaku-taiko5-zaisei-shihyo.tsv") else {
        return;
    };
    let plan = SEKI;
    // 主な財政指標の推移: four indicators, H23–H26, ― for no value, a 判定 column left out.
    let t = table(&text, &ImportOptions::default(), plan);
    let names: Vec<&str> = t.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["財政力指数", "経常収支比率", "実質公債比率", "将来負担比率"]
    );
    assert_eq!(
        pairs(&t.indicators[1].actuals),
        ["2011=88.8", "2012=91.3", "2013=89.2", "2014=89.2"]
    );
    assert_eq!(t.indicators[1].unit, "%");
    assert_eq!(pairs(&t.indicators[3].actuals), ["2011=10.2"]);
    assert_eq!(t.indicators[0].unit, "");
    assert!(
        t.indicators
            .iter()
            .all(|i| i.direction == Direction::Unstated)
    );
    assert!(
        notes(&t).iter().any(|n| n.contains("判定")),
        "{:?}",
        t.notes
    );
}

#[test]
fn realworld_targets_without_a_year_are_refused_then_read_with_target_year() {
    let Some(text) = realworld_text("seki-2014-gyokaku-taiko5-zaisei-shihyo.with-targets.tsv")
    else {
        return;
    };
    let plan = SEKI;
    let rows = read_rows(&text).expect("rows");
    let error = read_table(&rows, &ImportOptions::default(), plan).expect_err("no year");
    assert_eq!((error.row, error.column), (2, 2));
    assert!(error.message.contains("--target-year"), "{error}");
    let with_year = ImportOptions {
        target_year: Some(FiscalYear(2014)),
        ..ImportOptions::default()
    };
    let t = table(&text, &with_year, plan);
    let targets: Vec<Option<String>> = t.indicators.iter().map(target).collect();
    assert_eq!(
        targets,
        [
            Some("2014=0.670".into()),
            Some("2014=90.0".into()),
            Some("2014=11.0".into()),
            Some("2014=46.0".into())
        ]
    );
    assert!(
        t.indicators
            .iter()
            .all(|i| i.direction == Direction::AtMost)
    );
    assert_eq!(
        pairs(&t.indicators[2].actuals),
        ["2011=12.2", "2012=10.9", "2013=8.9", "2014=8.9"]
    );
}

#[test]
fn realworld_units_inside_the_cells() {
    // 職員数と人件費: units inside the cells; reduction goals said only in prose.
    let Some(text) = realworld_text("seki-2014-gyokaku-taiko5-shokuinsu.tsv") else {
        return;
    };
    let t = table(&text, &ImportOptions::default(), SEKI);
    assert_eq!(t.indicators.len(), 2);
    assert_eq!(
        (t.indicators[0].name.as_str(), t.indicators[0].unit.as_str()),
        ("職員数", "人")
    );
    assert_eq!(
        pairs(&t.indicators[0].actuals),
        ["2011=770", "2012=761", "2013=734", "2014=723"]
    );
    assert_eq!(t.indicators[1].unit, "億円");
    assert_eq!(
        pairs(&t.indicators[1].actuals),
        ["2011=46.03", "2012=46.14", "2013=42.91", "2014=42.91"]
    );
    assert!(
        t.indicators
            .iter()
            .all(|i| i.direction == Direction::Unstated)
    );
}

#[test]
fn realworld_series_as_rows_with_a_baseline_marker() {
    // 定員適正化計画: series as rows; 目標数 is the planned path of 職員数, 増減 rows are
    // derived, (基準) marks H16 as the baseline.
    let Some(text) = realworld_text("tateyama-2010-teiin-tekiseika.tsv") else {
        return;
    };
    let t = table(&text, &ImportOptions::default(), period(2005, 2010));
    assert_eq!(t.indicators.len(), 1, "{:?}", t.indicators);
    let staff = &t.indicators[0];
    assert_eq!((staff.name.as_str(), staff.unit.as_str()), ("職員数", "人"));
    assert_eq!(baseline(staff), Some("2004=309".into()));
    assert_eq!(
        pairs(&staff.planned),
        [
            "2004=309", "2005=305", "2006=300", "2007=295", "2008=290", "2009=285", "2010=275"
        ]
    );
    assert_eq!(
        pairs(&staff.actuals),
        [
            "2005=295", "2006=294", "2007=295", "2008=280", "2009=270", "2010=267"
        ]
    );
    assert_eq!(staff.direction, Direction::Unstated);
    assert!(
        notes(&t)
            .iter()
            .any(|n| n.contains("増減数") && n.contains("derived")),
        "{:?}",
        t.notes
    );
}

// ---------------------------------------------------------------------------------------
// The project's own fixtures, one per layout, in its own words.

#[test]
fn wide_table_under_a_title_with_an_era_corner_and_a_total_column() {
    let t = table(
        "○○町 行政改革の数値目標\n\
         \n\
         平成(年度)\t18\t19\t20\t合計\t判定\n\
         ごみ処理経費の抑制(百万円)\t412\t398\t385\t1,195\t達成\n\
         窓口アンケート満足度(%)\t71.5\t73.0\t―\t\t\n",
        &ImportOptions::default(),
        period(2024, 2027),
    );
    assert_eq!(t.header_row, 3);
    assert_eq!(
        t.years,
        [FiscalYear(2006), FiscalYear(2007), FiscalYear(2008)]
    );
    let cost = &t.indicators[0];
    assert_eq!(
        (cost.name.as_str(), cost.unit.as_str()),
        ("ごみ処理経費の抑制", "百万円")
    );
    assert_eq!(pairs(&cost.actuals), ["2006=412", "2007=398", "2008=385"]);
    // 抑制 in the name says lower is better; the survey says nothing.
    assert_eq!(cost.direction, Direction::Decrease);
    assert_eq!(t.indicators[1].direction, Direction::Unstated);
    assert_eq!(t.indicators[1].unit, "%");
    assert_eq!(pairs(&t.indicators[1].actuals), ["2006=71.5", "2007=73.0"]);
    assert!(
        notes(&t)
            .iter()
            .any(|n| n.contains("合計") && n.contains("a total")),
        "{:?}",
        t.notes
    );
    assert!(
        notes(&t).iter().any(|n| n.contains("判定")),
        "{:?}",
        t.notes
    );
}

#[test]
fn an_era_above_the_year_columns_applies_to_them_and_moves_on_at_a_new_era() {
    // A merged 平成 cell over the year columns reaches us in the first cell of its span.
    let t = table(
        "\t平成\t\t\n\
         指標\t29年度\t30年度\t元年度\t2年度\n\
         公共施設の延床面積(㎡)\t10,500\t10,320\t10,110\t9,980\n",
        &ImportOptions::default(),
        period(2030, 2034),
    );
    assert_eq!(
        pairs(&t.indicators[0].actuals),
        ["2017=10500", "2018=10320", "2019=10110", "2020=9980"]
    );
}

#[test]
fn years_without_an_era_follow_the_plan_or_are_refused_with_the_reason() {
    let text = "指標\t17年度\t18年度\t19年度\n人口千人あたり職員数\t7.9\t7.7\t7.6\n";
    let t = table(text, &ImportOptions::default(), period(2005, 2009));
    assert_eq!(
        pairs(&t.indicators[0].actuals),
        ["2005=7.9", "2006=7.7", "2007=7.6"]
    );
    // Far from the plan's period: refused at the header cell, both readings named.
    let rows = read_rows(text).expect("rows");
    let error =
        read_table(&rows, &ImportOptions::default(), period(2024, 2027)).expect_err("no era fits");
    assert_eq!((error.row, error.column), (1, 2));
    assert!(error.message.contains("平成17年度 = FY2005"), "{error}");
    // --era settles it.
    let options = ImportOptions {
        era: kaikaku::report::import::years::parse_era("平成"),
        ..ImportOptions::default()
    };
    let t = table(text, &options, period(2024, 2027));
    assert_eq!(t.indicators[0].actuals[0].year, FiscalYear(2005));
}

#[test]
fn plan_and_actual_rows_with_a_label_column_and_a_unit_column() {
    let t = table(
        "指標\t区分\t単位\tR5\tR6\tR7\n\
         電子申請の件数\t計画\t件\t1,200\t1,500\t1,800\n\
         \t実績\t件\t1,180\t1,620\t\n\
         \t達成率\t%\t98.3\t108.0\t\n\
         ペーパーレス会議の割合\t目標\t%\t40\t60\t80\n\
         \t実績\t%\t35\t\t\n",
        &ImportOptions::default(),
        period(2024, 2027),
    );
    assert_eq!(t.indicators.len(), 2);
    let filings = &t.indicators[0];
    assert_eq!(filings.unit, "件");
    assert_eq!(
        pairs(&filings.planned),
        ["2023=1200", "2024=1500", "2025=1800"]
    );
    assert_eq!(pairs(&filings.actuals), ["2023=1180", "2024=1620"]);
    let meetings = &t.indicators[1];
    assert_eq!(pairs(&meetings.planned), ["2023=40", "2024=60", "2025=80"]);
    assert_eq!(pairs(&meetings.actuals), ["2023=35"]);
    assert!(
        notes(&t).iter().any(|n| n.contains("達成率")),
        "{:?}",
        t.notes
    );
}

#[test]
fn the_name_in_a_merged_cell_above_its_amount_rows() {
    let t = table(
        "区分,令和4年度,令和5年度,令和6年度\n\
         使用料の見直しによる増収\n\
         計画額(千円),\"3,000\",\"4,500\",\"6,000\"\n\
         実績額(千円),\"2,800\",\"4,720\",\n\
         達成率,93.3%,104.9%,\n\
         未利用地の売却\n\
         計画額(千円),\"10,000\",,\n\
         実績額(千円),\"12,400\",,\n",
        &ImportOptions::default(),
        period(2022, 2025),
    );
    let names: Vec<&str> = t.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["使用料の見直しによる増収", "未利用地の売却"]);
    let first = &t.indicators[0];
    assert_eq!(first.unit, "千円");
    assert_eq!(
        pairs(&first.planned),
        ["2022=3000", "2023=4500", "2024=6000"]
    );
    assert_eq!(pairs(&first.actuals), ["2022=2800", "2023=4720"]);
    assert_eq!(pairs(&t.indicators[1].actuals), ["2022=12400"]);
}

#[test]
fn a_target_row_before_its_indicator_and_a_baseline_marker() {
    let t = table(
        "\t令和2年\t令和3年\t令和4年\t令和5年\n\
         目標数\t820人\t810人\t800人\t790人\n\
         増減数\t\t△10人\t△20人\t△30人\n\
         正規職員数\t820人\t815人\t798人\t\n\
         増減数\t(基準)\t△5人\t△22人\t\n",
        &ImportOptions::default(),
        period(2021, 2024),
    );
    assert_eq!(t.indicators.len(), 1);
    let staff = &t.indicators[0];
    assert_eq!(staff.name, "正規職員数");
    assert_eq!(baseline(staff), Some("2020=820".into()));
    assert_eq!(
        pairs(&staff.planned),
        ["2020=820", "2021=810", "2022=800", "2023=790"]
    );
    assert_eq!(pairs(&staff.actuals), ["2021=815", "2022=798"]);
    assert_eq!(staff.direction, Direction::Unstated);
}

#[test]
fn directions_only_from_what_the_table_says() {
    let t = table(
        "指標\t方向\t基準値(R5)\t目標値(R9)\n\
         時間外勤務時間\t減少\t19,000時間\t15,000時間\n\
         市税収納率\t\t98.2%\t99.0%以上\n\
         経常収支比率\t\t97.0%\t95.6%以下\n\
         実質収支\t\t△12.8億円\t収支均衡\n\
         市民満足度\t\t3.2\t3.5\n\
         公用車の台数\t\t120台\t100台\n",
        &ImportOptions::default(),
        period(2024, 2027),
    );
    let got: Vec<(&str, Direction)> = t
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.direction))
        .collect();
    assert_eq!(
        got,
        [
            ("時間外勤務時間", Direction::Decrease),
            ("市税収納率", Direction::AtLeast),
            ("経常収支比率", Direction::AtMost),
            ("実質収支", Direction::Balance),
            ("市民満足度", Direction::Unstated),
            // A lower target is not a stated direction.
            ("公用車の台数", Direction::Unstated),
        ]
    );
    assert_eq!(
        t.indicators[0].direction_said,
        Some(kaikaku::report::import::Said::Column)
    );
    assert_eq!(
        t.indicators[2]
            .direction_said
            .as_ref()
            .map(|s| s.text(kaikaku::model::Language::Ja)),
        Some("「以下」（セル）".to_string())
    );
}

#[test]
fn a_table_with_nothing_recognisable_quotes_its_header() {
    let rows = read_rows("担当課\t取組内容\t進み具合\n総務課\t研修の充実\t順調\n").expect("rows");
    let error = read_table(&rows, &ImportOptions::default(), period(2024, 2027))
        .expect_err("nothing recognised");
    assert!(error.message.contains("no indicator recognised"), "{error}");
    assert!(
        error.message.contains("担当課 | 取組内容 | 進み具合"),
        "{error}"
    );
}

#[test]
fn malformed_cells_are_errors_with_row_and_column() {
    let error = read_rows("指標,R5,R6\n\"unterminated,1,2\n").expect_err("quote");
    assert_eq!((error.row, error.column), (2, 1));
    let rows = read_rows("指標\tR5\tR6\n職員数\t 1 2 \t3\n").expect("rows");
    let error = read_table(&rows, &ImportOptions::default(), period(2024, 2027))
        .expect_err("space in digits");
    assert_eq!((error.row, error.column), (2, 2));
    assert!(error.message.contains("space inside the number"), "{error}");
}

// ---------------------------------------------------------------------------------------
// Linear time.

fn wide_rows(n: usize) -> String {
    let mut text = String::from("指標\t基準値(R5)\tR6\tR7\t目標値(R9)\n");
    for i in 0..n {
        text.push_str(&format!(
            "指標{i:06}\t{}\t{}.5\t{}\t{}以上\n",
            i % 90,
            i % 80,
            i % 70,
            100
        ));
    }
    text
}

use kaikaku::dev::thread_cpu_time;

fn import_rows(n: usize) -> std::time::Duration {
    let text = wide_rows(n);
    let mut plan = kaikaku::model::Plan::new("p", "p", "市", period(2023, 2027));
    let start = thread_cpu_time();
    let rows = read_rows(&text).expect("rows");
    let t = read_table(&rows, &ImportOptions::default(), plan.period).expect("table");
    let changes =
        kaikaku::report::import::apply(&mut plan, &t.indicators, &ImportOptions::default())
            .expect("apply");
    // Importing the same table again matches every row by name: nothing changes.
    let again = kaikaku::report::import::apply(&mut plan, &t.indicators, &ImportOptions::default())
        .expect("apply again");
    let elapsed = thread_cpu_time().saturating_sub(start);
    assert_eq!(plan.indicators.len(), n);
    assert_eq!(changes.len(), n);
    assert!(again.is_empty());
    assert_eq!(plan.indicators[n - 1].id, format!("k{n}"));
    elapsed
}

#[test]
fn fifty_thousand_rows_import_in_linear_time() {
    let small = import_rows(5_000);
    let large = import_rows(50_000);
    // Ten times the rows: linear is ~10×, the old quadratic importer ~100×. The bound is
    // generous for a shared machine; the real timing is the criterion bench.
    assert!(
        large < small * 40 + std::time::Duration::from_secs(2),
        "5,000 rows {small:?}, 50,000 rows {large:?}"
    );
}

// ---------------------------------------------------------------------------------------
// The real binary.

/// A sample workspace with an empty plan `t` for the period given (e.g. `R4-R8`).
fn workspace_with_plan(period: &str) -> (tempfile::TempDir, PathBuf) {
    let (temp, ws) = sample_workspace();
    let (code, _, err) = in_workspace(
        &ws,
        &[
            "plan", "new", "t", "--title", "取込", "--period", period, "--levels", "施策",
        ],
    );
    assert_eq!(code, 0, "{err}");
    (temp, ws)
}

fn plan_t(ws: &Path) -> kaikaku::model::Plan {
    let workspace = kaikaku::store::Workspace::load(ws).expect("loads");
    workspace.plan("t").cloned().expect("plan t")
}

fn indicator<'a>(plan: &'a kaikaku::model::Plan, name: &str) -> &'a kaikaku::model::Indicator {
    plan.all_indicators()
        .into_iter()
        .map(|(_, i)| i)
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:#?}", plan.indicators))
}

// The parts of the zip are small XML strings built from lists; format-and-collect is clearest.
#[allow(clippy::format_collect)]
/// A minimal .xlsx written by hand, as Excel stores it: shared and inline strings, number
/// formats (a percent, a unit), merged cells holding their value in the top-left cell only.
fn xlsx(sheets: &[(&str, &str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    };
    let overrides: String = (1..=sheets.len())
        .map(|n| {
            format!(
                r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            )
        })
        .collect();
    put(
        "[Content_Types].xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>"#
        ),
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let sheet_list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| {
            format!(
                r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheet_list}</sheets></workbook>"#
        ),
    );
    let n = sheets.len();
    let mut rels: String = (1..=n)
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
            )
        })
        .collect();
    rels.push_str(&format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        n + 1,
        n + 2
    ));
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    put(
        "xl/sharedStrings.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>指標名</t></si><si><t>計画</t></si><si><t>実績</t></si></sst>"#,
    );
    put(
        "xl/styles.xml",
        r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="#,##0&quot;人&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"##,
    );
    for (i, (_, data, merges)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{merges}</worksheet>"#
            ),
        );
    }
    zip.finish().expect("finish").into_inner()
}

fn s(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn shared(cell: &str, index: usize) -> String {
    format!(r#"<c r="{cell}" t="s"><v>{index}</v></c>"#)
}

fn n(cell: &str, value: &str, style: usize) -> String {
    format!(r#"<c r="{cell}" s="{style}"><v>{value}</v></c>"#)
}

fn row(r: usize, cells: &[String]) -> String {
    format!(r#"<row r="{r}">{}</row>"#, cells.concat())
}

// One story: the wrong sheet, a missing sheet, the dry run, the import, then check.
#[allow(clippy::too_many_lines)]
#[test]
fn an_excel_workbook_imports_directly_with_merged_cells_and_number_formats() {
    let (_temp, ws) = workspace_with_plan("R4-R8");
    let cover = row(1, &[s("A1", "表紙"), s("B1", "令和6年度 行政改革の進捗")]);
    let data = [
        row(1, &[s("A1", "市民サービス改革 成果指標一覧")]),
        row(
            3,
            &[
                shared("A3", 0),
                s("B3", "区分"),
                s("C3", "令和5年度"),
                s("D3", "令和6年度"),
                s("E3", "令和7年度"),
                s("F3", "備考"),
            ],
        ),
        row(
            4,
            &[
                s("A4", "オンライン申請の利用率"),
                shared("B4", 1),
                n("C4", "0.3", 1),
                n("D4", "0.4", 1),
                n("E4", "0.5", 1),
            ],
        ),
        row(
            5,
            &[
                shared("B5", 2),
                n("C5", "0.312", 1),
                n("D5", "0.387", 1),
                s("F5", "速報値を含む"),
            ],
        ),
        row(
            6,
            &[
                s("A6", "窓口の平均待ち時間を削減(分)"),
                shared("B6", 1),
                n("C6", "25", 0),
                n("D6", "20", 0),
                n("E6", "15", 0),
            ],
        ),
        row(7, &[shared("B7", 2), n("C7", "24", 0), n("D7", "21", 0)]),
        row(
            8,
            &[
                s("A8", "職員の研修受講者数"),
                shared("B8", 2),
                n("C8", "120", 2),
                n("D8", "135", 2),
            ],
        ),
    ]
    .concat();
    let merges = r#"<mergeCells count="3"><mergeCell ref="A1:F1"/><mergeCell ref="A4:A5"/><mergeCell ref="A6:A7"/></mergeCells>"#;
    let book = xlsx(&[("表紙", &cover, ""), ("指標", &data, merges)]);
    let file = ws.join("../kpi.xlsx");
    std::fs::write(&file, book).expect("write xlsx");
    let file = file.display().to_string();
    let plan_file = ws.join("plans/t.ron");
    let before = std::fs::read(&plan_file).expect("plan");
    // The first sheet is the cover: nothing recognised, nothing written, the header quoted.
    let (code, _, err) = in_workspace(&ws, &["import", "kpi", &file, "--plan", "t"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("kpi.xlsx[表紙]:1:1: 指標が見つかりません"),
        "{err}"
    );
    assert!(err.contains("表紙 | 令和6年度 行政改革の進捗"), "{err}");
    let (code, _, err) = in_workspace(
        &ws,
        &["import", "kpi", &file, "--plan", "t", "--sheet", "なし"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("ブックにシート「なし」はありません") && err.contains("表紙, 指標"),
        "{err}"
    );
    assert_eq!(std::fs::read(&plan_file).expect("plan"), before);
    // The dry run shows values, years, units, direction and where it was read.
    let (code, out, err) = in_workspace(
        &ws,
        &[
            "--lang",
            "en",
            "import",
            "kpi",
            &file,
            "--plan",
            "t",
            "--sheet",
            "指標",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "header (row 3): 「指標名 | 区分 | 令和5年度 | 令和6年度 | 令和7年度 | 備考」"
        ),
        "{out}"
    );
    assert!(out.contains("unit % · direction not stated"), "{out}");
    assert!(
        out.contains("planned FY2023 30%, FY2024 40%, FY2025 50%"),
        "{out}"
    );
    assert!(out.contains("actuals FY2023 31.2%, FY2024 38.7%"), "{out}");
    assert!(
        out.contains("unit 分 · direction decrease (「削減」 in the name)"),
        "{out}"
    );
    assert!(
        out.contains("note: column 6 「備考」: not a figure, not imported"),
        "{out}"
    );
    assert_eq!(std::fs::read(&plan_file).expect("plan"), before);
    let (code, _, err) = in_workspace(
        &ws,
        &["import", "kpi", &file, "--plan", "t", "--sheet", "指標"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 indicator(s) have no direction") || err.contains("件の指標"),
        "{err}"
    );
    let plan = plan_t(&ws);
    let online = indicator(&plan, "オンライン申請の利用率");
    assert_eq!(online.unit, "%");
    assert_eq!(pairs(&online.planned), ["2023=30", "2024=40", "2025=50"]);
    assert_eq!(pairs(&online.actuals), ["2023=31.2", "2024=38.7"]);
    assert_eq!(online.direction, Direction::Unstated);
    let wait = indicator(&plan, "窓口の平均待ち時間を削減");
    assert_eq!(
        (wait.unit.as_str(), wait.direction),
        ("分", Direction::Decrease)
    );
    assert_eq!(pairs(&wait.actuals), ["2023=24", "2024=21"]);
    let trained = indicator(&plan, "職員の研修受講者数");
    assert_eq!(trained.unit, "人");
    assert_eq!(pairs(&trained.actuals), ["2023=120", "2024=135"]);
    // check warns about the two indicators without a direction, and still passes.
    let (code, out, _) = in_workspace(&ws, &["--lang", "en", "check"]);
    assert_eq!(code, 0, "{out}");
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("warning: plans/t.ron:"))
        .collect();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(warnings[0].contains("has no direction"), "{out}");
    let (code, out, _) = in_workspace(&ws, &["fmt", "--check"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_cp932_csv_is_read_after_detection() {
    let (_temp, ws) = workspace_with_plan("R4-R8");
    let text = "指標,単位,令和5年度,令和6年度\r\n市民課の窓口待ち人数の削減,人,１２,９\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture really is CP932"
    );
    let file = ws.join("../sjis.csv");
    std::fs::write(&file, &bytes).expect("write");
    let (code, out, err) = in_workspace(
        &ws,
        &["import", "kpi", &file.display().to_string(), "--plan", "t"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let plan = plan_t(&ws);
    let queue = indicator(&plan, "市民課の窓口待ち人数の削減");
    assert_eq!(
        (queue.unit.as_str(), queue.direction),
        ("人", Direction::Decrease)
    );
    assert_eq!(pairs(&queue.actuals), ["2023=12", "2024=9"]);
}

#[test]
fn malformed_tables_write_nothing_and_say_where() {
    let (_temp, ws) = workspace_with_plan("R4-R8");
    let plan_file = ws.join("plans/t.ron");
    let before = std::fs::read(&plan_file).expect("plan");
    for (name, text, at) in [
        (
            "quote.csv",
            "指標,R5,R6\n\"unterminated,1,2\n",
            "quote.csv:2:1: このセルを開く引用符が閉じられていません",
        ),
        (
            "space.tsv",
            "指標\tR5\tR6\n職員数\t 1 2 \t3\n",
            "space.tsv:2:2: 「1 2」: 数字の中に空白があります",
        ),
        (
            "year.tsv",
            "指標\t基準値(R5)\t目標\n職員数\t800人\t750人\n",
            "year.tsv:2:3: 目標 「750人」 に年度がありません",
        ),
        (
            "era.tsv",
            "指標\t17年度\t18年度\n職員数\t800人\t790人\n",
            "era.tsv:1:2: 「17年度」 には元号がなく",
        ),
    ] {
        let file = ws.join("..").join(name);
        std::fs::write(&file, text).expect("write");
        let (code, out, err) = in_workspace(
            &ws,
            &["import", "kpi", &file.display().to_string(), "--plan", "t"],
        );
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(err.contains(at), "{name}: {err}");
        assert!(err.contains("何も書き込んでいません"), "{name}: {err}");
        assert_eq!(std::fs::read(&plan_file).expect("plan"), before, "{name}");
    }
    // The same in English.
    let file = ws.join("../quote.csv").display().to_string();
    let (code, _, err) = in_workspace(
        &ws,
        &["--lang", "en", "import", "kpi", &file, "--plan", "t"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("quote.csv:2:1: the quote that opens this cell is never closed")
            && err.contains("; nothing was written"),
        "{err}"
    );
    // What the table does not say, the command line can.
    for (name, extra) in [
        ("year.tsv", ["--target-year", "R9"]),
        ("era.tsv", ["--era", "平成"]),
    ] {
        let file = ws.join("..").join(name).display().to_string();
        let mut args = vec!["import", "kpi", file.as_str(), "--plan", "t"];
        args.extend(extra);
        let (code, out, err) = in_workspace(&ws, &args);
        assert_eq!(code, 0, "{name}: {out}{err}");
    }
    let plan = plan_t(&ws);
    let staff = indicator(&plan, "職員数");
    assert_eq!(
        staff.target.as_ref().map(|t| t.year.0),
        Some(2027),
        "{staff:?}"
    );
    assert_eq!(pairs(&staff.actuals), ["2005=800", "2006=790"]);
    // Only derived rows under a header: nothing recognised, said so.
    let file = ws.join("../derived.tsv");
    std::fs::write(&file, "指標\tR5\tR6\n達成率\t98%\t99%\n").expect("write");
    let (code, _, err) = in_workspace(
        &ws,
        &["import", "kpi", &file.display().to_string(), "--plan", "t"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "derived.tsv:1:1: 指標が見つかりません: 見出し 「指標 | R5 | R6」 は読めました"
        ),
        "{err}"
    );
}

#[test]
fn the_csv_of_report_kpi_imports_back_with_and_without_a_bom() {
    let (_temp, ws) = workspace_with_plan("R4-R8");
    // The English CSV is the lossless one (fixed header with ids and direction); the
    // Japanese one is read back in tests/workbooks.rs.
    let (code, csv, err) = in_workspace(
        &ws,
        &[
            "--lang",
            "en",
            "report",
            "kpi",
            "--plan",
            "kumamoto-reform-plan-2023",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let sample = kaikaku::store::Workspace::load(&ws).expect("loads");
    let source = sample
        .plan("kumamoto-reform-plan-2023")
        .cloned()
        .expect("plan");
    for (name, bytes) in [
        ("plain.csv", csv.clone().into_bytes()),
        ("bom.csv", format!("\u{feff}{csv}").into_bytes()),
    ] {
        let (_t, ws) = workspace_with_plan("R3-R5");
        let file = ws.join("..").join(name);
        std::fs::write(&file, bytes).expect("write");
        let (code, out, err) = in_workspace(
            &ws,
            &["import", "kpi", &file.display().to_string(), "--plan", "t"],
        );
        assert_eq!(code, 0, "{name}: {out}{err}");
        let plan = plan_t(&ws);
        // Every row of the report comes back with its name, unit, direction, baseline,
        // target and latest actual.
        for (_, original) in source.all_indicators() {
            if !original.parts.is_empty() && original.baseline.is_none() {
                continue; // group containers have no CSV row
            }
            let back = indicator(&plan, &original.name);
            assert_eq!(back.unit, original.unit, "{}", original.name);
            assert_eq!(back.direction, original.direction, "{}", original.name);
            assert_eq!(back.baseline, original.baseline, "{}", original.name);
            assert_eq!(
                back.target
                    .as_ref()
                    .and_then(kaikaku::model::Target::figure),
                original
                    .target
                    .as_ref()
                    .and_then(kaikaku::model::Target::figure),
                "{}",
                original.name
            );
            assert_eq!(
                back.actuals.last(),
                original.latest_actual(None),
                "{}",
                original.name
            );
        }
    }
}

#[test]
fn the_kpi_view_shows_the_planned_path_beside_the_actuals() {
    use kaikaku::tui::{Command, dispatch};
    let (_temp, ws) = sample_workspace();
    let file = ws.join("../path.tsv");
    std::fs::write(
        &file,
        "\t令和5年度\t令和6年度\t令和7年度\n目標数\t820人\t810人\t800人\n正規職員数\t820人\t806人\t\n増減数\t(基準)\t△14人\t\n",
    )
    .expect("write");
    let (code, out, err) = in_workspace(
        &ws,
        &[
            "import",
            "kpi",
            &file.display().to_string(),
            "--plan",
            "kumamoto-reform-plan-2027",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    for (lang, plan, actual, later, end) in [
        (
            kaikaku::model::Language::Ja,
            "計画 810人",
            "R6: 806人",
            "R7: —  計画 800人",
            "R7",
        ),
        (
            kaikaku::model::Language::En,
            "plan 810人",
            "FY2024: 806人",
            "FY2025: —  plan 800人",
            "FY2025",
        ),
    ] {
        let (_copy, mut app) = crate::tui::app_on(&ws, lang, false);
        dispatch(&mut app, Command::ShowKpi);
        let position = app
            .kpi_rows()
            .iter()
            .position(|(_, i)| i.name == "正規職員数")
            .expect("imported indicator listed");
        for _ in 0..position {
            dispatch(&mut app, Command::Down);
        }
        let text = crate::tui::text_of(&crate::tui::draw(&mut app, 160, 48));
        assert!(text.contains(&format!("{actual}  {plan}")), "{text}");
        assert!(text.contains(later), "{text}");
        // The path's end stands in the target column.
        let row = text
            .lines()
            .find(|l| l.contains("正規職員数") && l.contains("806"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains(&format!("800人 ({end})")), "{row}");
    }
}

#[test]
fn the_semantic_diff_reports_planned_values() {
    use kaikaku::history::diff::{Change, FigureField, diff_plans};
    let workspace = kaikaku::store::Workspace::load(&repo_root()).expect("sample");
    let old = workspace
        .plan("kumamoto-reform-plan-2023")
        .cloned()
        .expect("plan");
    let mut new = old.clone();
    let id = new.indicators[0].id.clone();
    let k = new.indicator_mut(&id).expect("indicator");
    k.set_planned(FiscalYear(2022), "50".parse().expect("fig"), None);
    let changes = diff_plans(&old, &new);
    assert!(
        changes.iter().any(|c| matches!(
            c,
            Change::Figure { field: FigureField::Planned, year, old: None, new: Some(v), .. }
                if year.0 == 2022 && v.to_string() == "50"
        )),
        "{changes:#?}"
    );
    // A planned value is a figure, not an edit of the indicator's own fields.
    assert!(
        !changes
            .iter()
            .any(|c| matches!(c, Change::IndicatorEdited { .. })),
        "{changes:#?}"
    );
}

#[test]
fn a_two_row_header_with_kinds_over_the_years() {
    let t = table(
        "指標\t基準値\t実績値\t\t目標値\n\
         \tR5\tR6\tR7\tR9\n\
         市税収納率\t98.0%\t98.2%\t98.5%\t99.0%以上\n",
        &ImportOptions::default(),
        period(2024, 2027),
    );
    let rate = &t.indicators[0];
    assert_eq!(baseline(rate), Some("2023=98.0".into()));
    assert_eq!(pairs(&rate.actuals), ["2024=98.2", "2025=98.5"]);
    assert_eq!(target(rate), Some("2027=99.0".into()));
    assert_eq!(rate.direction, Direction::AtLeast);
    // Kinds above a header of years, and 目標 over several years: a planned path.
    let t = table(
        "\t実績\t\t目標\t\n\
         指標\tR5\tR6\tR7\tR8\n\
         ごみ排出量の削減(t)\t5,200\t5,100\t5,000\t4,900\n",
        &ImportOptions::default(),
        period(2024, 2027),
    );
    let waste = &t.indicators[0];
    assert_eq!(pairs(&waste.actuals), ["2023=5200", "2024=5100"]);
    assert_eq!(pairs(&waste.planned), ["2025=5000", "2026=4900"]);
    assert_eq!(
        (waste.unit.as_str(), waste.direction),
        ("t", Direction::Decrease)
    );
}

#[test]
fn import_then_the_tui_shows_the_planned_path_in_a_pty() {
    let (temp, ws) = sample_workspace();
    let file = ws.join("../path.tsv");
    std::fs::write(
        &file,
        "\t令和5年度\t令和6年度\t令和7年度\n目標数\t820人\t810人\t800人\n正規職員数\t820人\t806人\t\n増減数\t(基準)\t△14人\t\n",
    )
    .expect("write");
    let (code, out, err) = in_workspace(
        &ws,
        &[
            "import",
            "kpi",
            &file.display().to_string(),
            "--plan",
            "kumamoto-reform-plan-2027",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut tui = crate::pty_driver::Tui::start(temp.path(), &ws);
    tui.wait_for("市役所改革プラン2027");
    tui.step("3", "検証指標 — 令和6年度");
    // The imported indicator comes first and is selected: its plan for R6 beside the actual,
    // the year still to come, and the status that asks for a direction.
    tui.wait_for("R6: 806人  計画 810人");
    tui.wait_for("R7: —  計画 800人");
    tui.wait_for("方向未設定");
    tui.quit();
}

#[test]
fn bare_numbers_under_a_fiscal_year_corner_follow_the_plan() {
    let t = table(
        "年度\t28\t29\t30\n窓口の電子化率(%)\t40\t45\t52\n",
        &ImportOptions::default(),
        period(2016, 2020),
    );
    assert_eq!(
        pairs(&t.indicators[0].actuals),
        ["2016=40", "2017=45", "2018=52"]
    );
}
