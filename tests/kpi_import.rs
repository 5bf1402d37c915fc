//! `import kpi` on tables as cities print them: the layouts, the real published tables in
//! `../shared/realworld/kpi/` (skipped with a notice where that folder is absent), Excel
//! workbooks built here, CP932 CSV, malformed cells, linear time, and the real binary.

use std::path::PathBuf;

use kaikaku::model::{Direction, FiscalYear, Period, TargetValue};
use kaikaku::report::import::{ImportOptions, Table, TableIndicator, read_rows, read_table};

use crate::common::repo_root;

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
    assert!(t.notes.iter().any(|n| n.contains("判定")), "{:?}", t.notes);
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
        t.notes
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
        t.notes
            .iter()
            .any(|n| n.contains("合計") && n.contains("a total")),
        "{:?}",
        t.notes
    );
    assert!(t.notes.iter().any(|n| n.contains("判定")), "{:?}", t.notes);
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
        t.notes.iter().any(|n| n.contains("達成率")),
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
        t.indicators[0].direction_said.as_deref(),
        Some("the 方向 column")
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

fn import_rows(n: usize) -> std::time::Duration {
    let text = wide_rows(n);
    let mut plan = kaikaku::model::Plan {
        id: "p".into(),
        title: "p".into(),
        title_en: None,
        organisation: "市".into(),
        period: period(2023, 2027),
        description: String::new(),
        levels: Vec::new(),
        indicators: Vec::new(),
        nodes: Vec::new(),
        tallies: Vec::new(),
        revisions: Vec::new(),
    };
    let start = std::time::Instant::now();
    let rows = read_rows(&text).expect("rows");
    let t = read_table(&rows, &ImportOptions::default(), plan.period).expect("table");
    let changes =
        kaikaku::report::import::apply(&mut plan, &t.indicators, &ImportOptions::default())
            .expect("apply");
    // Importing the same table again matches every row by name: nothing changes.
    let again = kaikaku::report::import::apply(&mut plan, &t.indicators, &ImportOptions::default())
        .expect("apply again");
    let elapsed = start.elapsed();
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
