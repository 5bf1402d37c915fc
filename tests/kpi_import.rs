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
