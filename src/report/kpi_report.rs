//! The KPI report: one row per indicator (parts of a group as their own rows), with progress
//! by [`super::kpi::evaluate`], rendered as text, Markdown, CSV or JSON.

use serde_json::json;

use super::csv_out::CsvOut;
use super::escape::{csv_text, md_cell};
use super::kpi::{KpiProgress, KpiStatus, evaluate, format_progress};
use crate::error::Result;
use crate::model::{
    Figure, FiscalYear, Indicator, Language, Node, Plan, Settings, TargetValue, YearValue,
    sanitize_inline,
};
use crate::text;

/// The CSV header, fixed by issue 6: scripts and spreadsheets depend on it.
pub const CSV_HEADER: [&str; 13] = [
    "plan",
    "indicator",
    "name",
    "unit",
    "direction",
    "baseline_year",
    "baseline",
    "target_year",
    "target",
    "latest_year",
    "latest",
    "progress",
    "status",
];

/// Widest indicator name in the text table, in terminal columns.
const NAME_COLUMNS: usize = 44;

/// One indicator of the report with its evaluation.
#[derive(Clone, Debug)]
pub struct KpiRow<'a> {
    pub plan: &'a Plan,
    /// The node the indicator hangs on (`None`: plan level).
    pub node: Option<&'a Node>,
    pub indicator: &'a Indicator,
    /// 0 for a top-level indicator, 1 for a part of a group, …
    pub depth: usize,
    /// A group heading with no figures of its own (shown in text/Markdown/HTML only).
    pub container: bool,
    pub result: KpiProgress<'a>,
}

impl KpiRow<'_> {
    /// The node's status label for the year, which is what a qualitative indicator reports.
    pub fn node_status(&self, settings: Option<&Settings>, year: FiscalYear) -> Option<String> {
        let entry = self.node?.status(year)?;
        Some(
            settings
                .and_then(|s| s.status(&entry.status))
                .map_or_else(|| entry.status.clone(), |def| def.label.clone()),
        )
    }
}

fn has_figures(indicator: &Indicator) -> bool {
    indicator.baseline.is_some() || indicator.target.is_some() || !indicator.actuals.is_empty()
}

/// Every indicator of the plans in document order, evaluated as of `as_of`. As of a year,
/// the indicators of items retired before it are left out: they are no longer measured.
pub fn kpi_rows<'a>(plans: &[&'a Plan], as_of: Option<FiscalYear>) -> Vec<KpiRow<'a>> {
    fn push<'a>(
        out: &mut Vec<KpiRow<'a>>,
        plan: &'a Plan,
        node: Option<&'a Node>,
        indicator: &'a Indicator,
        depth: usize,
        as_of: Option<FiscalYear>,
    ) {
        out.push(KpiRow {
            plan,
            node,
            indicator,
            depth,
            container: !indicator.parts.is_empty() && !has_figures(indicator),
            result: evaluate(indicator, as_of),
        });
        for part in &indicator.parts {
            push(out, plan, node, part, depth + 1, as_of);
        }
    }
    let mut out = Vec::new();
    for plan in plans {
        let flat = plan.flatten();
        let retired: std::collections::HashMap<&str, Option<FiscalYear>> = flat
            .iter()
            .map(|f| f.node.id.as_str())
            .zip(crate::model::plan::retirements(&flat))
            .collect();
        let gone = |node: Option<&Node>| {
            let last = node.and_then(|n| retired.get(n.id.as_str()).copied().flatten());
            matches!((last, as_of), (Some(last), Some(year)) if last < year)
        };
        for (node, indicator) in plan.top_indicators() {
            if !gone(node) {
                push(&mut out, plan, node, indicator, 0, as_of);
            }
        }
    }
    out
}

/// The figure of a target, `0` for balance, nothing for TBD or text.
fn target_figure(indicator: &Indicator) -> Option<Figure> {
    match indicator.target.as_ref().map(|t| &t.value) {
        Some(TargetValue::Value(figure)) => Some(*figure),
        _ => None,
    }
}

fn year_text(value: Option<FiscalYear>) -> String {
    value.map_or_else(String::new, |y| y.0.to_string())
}

/// The CSV: the fixed header, UTF-8 without BOM, `.` decimals, group containers left out.
///
/// Formula injection: text cells (plan, indicator, name, unit) that start with `=`, `+`, `-`,
/// `@`, tab or carriage return get a leading `'` so spreadsheets show them as text. Numeric
/// cells are written by us from exact decimals and can only be plain numbers such as `-4.4`,
/// so they stay numbers.
pub fn kpi_csv(rows: &[KpiRow]) -> Result<String> {
    let mut writer = CsvOut::new();
    writer.record(CSV_HEADER)?;
    for row in rows.iter().filter(|r| !r.container) {
        let indicator = row.indicator;
        let baseline = indicator.baseline.as_ref();
        let latest = row.result.latest;
        let record = [
            csv_text(&row.plan.id),
            csv_text(&indicator.id),
            csv_text(&indicator.name),
            csv_text(&indicator.unit),
            indicator.direction.as_str().to_string(),
            year_text(baseline.map(|b| b.year).or(indicator.baseline_tbd)),
            baseline.map_or_else(String::new, |b| b.value.to_string()),
            year_text(indicator.target.as_ref().map(|t| t.year)),
            target_figure(indicator).map_or_else(String::new, |f| f.to_string()),
            year_text(latest.map(|l| l.year)),
            latest.map_or_else(String::new, |l| l.value.to_string()),
            format_progress(row.result.progress),
            row.result.status.as_str().to_string(),
        ];
        writer.record(&record)?;
    }
    writer.finish()
}

fn value_json(value: Option<&YearValue>) -> serde_json::Value {
    value.map_or(
        serde_json::Value::Null,
        |v| json!({"year": v.year.0, "value": v.value.to_string()}),
    )
}

/// JSON for scripts: figures as strings (exact digits), progress rounded to one decimal as
/// printed plus the exact value, years western. Texts are exact; whoever prints the JSON
/// escapes unsafe characters with `model::escape_json`.
pub fn kpi_json(rows: &[KpiRow]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .filter(|r| !r.container)
        .map(|row| {
            let indicator = row.indicator;
            json!({
                "plan": row.plan.id,
                "node": row.node.map(|n| n.id.as_str()),
                "indicator": indicator.id,
                // Exact: JSON output escapes unsafe characters (`cli::json`), keeping the data.
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction.as_str(),
                "bound": indicator.bound.map(crate::model::BoundWord::label),
                "baseline": value_json(indicator.baseline.as_ref()),
                "target": indicator.target.as_ref().map(|t| json!({
                    "year": t.year.0,
                    "value": target_figure(indicator).map(|f| f.to_string()),
                    "tbd": t.value == TargetValue::Tbd,
                })),
                "latest": value_json(row.result.latest),
                "planned": indicator
                    .planned
                    .iter()
                    .map(|p| json!({"year": p.year.0, "value": p.value.to_string()}))
                    .collect::<Vec<_>>(),
                "progress": row.result.progress.map(|p| super::kpi::round_progress(p).to_string()),
                "progress_exact": row.result.progress.map(|p| p.normalize().to_string()),
                "expected": row.result.expected.map(|p| super::kpi::round_progress(p).to_string()),
                "met": row.result.met,
                "status": row.result.status.as_str(),
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// `48.9%`, `2,248億円`: a figure with its unit for people.
pub fn with_unit(figure: Figure, unit: &str) -> String {
    format!("{}{}", figure.grouped(), sanitize_inline(unit))
}

/// The cells people read: name, baseline, latest, target, progress, status.
pub fn display_cells(
    row: &KpiRow,
    lang: Language,
    settings: Option<&Settings>,
    year: Option<FiscalYear>,
) -> [String; 6] {
    let indicator = row.indicator;
    let indent = "  ".repeat(row.depth);
    let name = format!("{indent}{}", sanitize_inline(&indicator.name));
    if row.container {
        return [
            name,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    }
    let dated = |value: Option<&YearValue>| {
        value.map_or_else(String::new, |v| {
            format!(
                "{} ({})",
                with_unit(v.value, &indicator.unit),
                lang.year_short(v.year)
            )
        })
    };
    // With no target of its own, the planned path's last value is the target (as progress
    // measures it), marked as planned.
    let path_end = indicator
        .planned
        .last()
        .filter(|_| indicator.target.is_none());
    let target = match (&indicator.target, path_end) {
        (Some(t), _) => format!(
            "{} ({})",
            sanitize_inline(&indicator.target_label_in(lang)),
            lang.year_short(t.year)
        ),
        (None, Some(p)) => format!(
            "{} ({}, {})",
            with_unit(p.value, &indicator.unit),
            lang.year_short(p.year),
            lang.pick("計画", "planned")
        ),
        (None, None) => String::new(),
    };
    // The latest actual with the planned value of its year beside it.
    let latest = match row.result.latest {
        Some(actual) => match indicator.planned_for(actual.year) {
            Some(p) => format!(
                "{} / {} {}",
                dated(Some(actual)),
                lang.pick("計画", "plan"),
                with_unit(p.value, &indicator.unit)
            ),
            None => dated(Some(actual)),
        },
        None => String::new(),
    };
    let progress = row
        .result
        .progress
        .map_or_else(String::new, |p| format!("{}%", format_progress(Some(p))));
    let (ja, en) = row.result.status.labels();
    let mut status = lang.pick(ja, en).to_string();
    if row.result.status == KpiStatus::Qualitative
        && let Some(node_status) = row.node_status(
            settings,
            year.unwrap_or_else(|| super::progress::default_year(row.plan)),
        )
    {
        status = format!("{status}: {}", sanitize_inline(&node_status));
    }
    // A baseline still to be decided reads 調整中, as a TBD target does.
    let baseline = match (&indicator.baseline, indicator.baseline_tbd) {
        (None, Some(year)) => format!("調整中 ({})", lang.year_short(year)),
        (baseline, _) => dated(baseline.as_ref()),
    };
    [name, baseline, latest, target, progress, status]
}

/// The column labels of every rendering of the KPI table (text, Markdown, HTML).
pub fn display_header(lang: Language) -> [&'static str; 6] {
    [
        lang.pick("指標", "Indicator"),
        lang.pick("基準値", "Baseline"),
        lang.pick("最新実績", "Latest"),
        lang.pick("目標値", "Target"),
        lang.pick("進捗率", "Progress"),
        lang.pick("状況", "Status"),
    ]
}

/// Aligned text (CJK-aware), one block per plan.
pub fn kpi_text(
    rows: &[KpiRow],
    lang: Language,
    settings: Option<&Settings>,
    year: Option<FiscalYear>,
) -> String {
    let mut out = String::new();
    for (plan, group) in by_plan(rows) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("{} ({})\n", sanitize_inline(&plan.title), plan.id));
        let cells: Vec<Vec<String>> = group
            .iter()
            .map(|row| {
                let mut cells = display_cells(row, lang, settings, year).to_vec();
                // Long official names would push the figures off a terminal.
                cells[0] = text::truncate(&cells[0], NAME_COLUMNS);
                cells
            })
            .collect();
        out.push_str(&text::table(&display_header(lang), &cells, &[1, 2, 3, 4]));
    }
    out
}

/// A Markdown table per plan, ready to paste into a report.
pub fn kpi_md(
    rows: &[KpiRow],
    lang: Language,
    settings: Option<&Settings>,
    year: Option<FiscalYear>,
) -> String {
    let mut out = String::new();
    for (plan, group) in by_plan(rows) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("## {}\n\n", md_cell(&plan.title)));
        let header = display_header(lang);
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str("|---|---:|---:|---:|---:|---|\n");
        for row in &group {
            let cells = display_cells(row, lang, settings, year);
            let cells: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        // Markdown collapses leading spaces; mark parts explicitly.
                        let trimmed = c.trim_start();
                        let depth = (c.len() - trimmed.len()) / 2;
                        format!("{}{}", "└ ".repeat(depth), md_cell(trimmed))
                    } else {
                        md_cell(c)
                    }
                })
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

/// Rows grouped by plan, keeping order.
pub fn by_plan<'r, 'a>(rows: &'r [KpiRow<'a>]) -> Vec<(&'a Plan, Vec<&'r KpiRow<'a>>)> {
    let mut out: Vec<(&Plan, Vec<&KpiRow>)> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some((plan, group)) if plan.id == row.plan.id => group.push(row),
            _ => out.push((row.plan, vec![row])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BoundWord, Direction, Period, Target};

    fn fig(text: &str) -> Figure {
        text.parse().expect(text)
    }

    fn yv(year: u16, value: &str) -> YearValue {
        YearValue {
            year: FiscalYear(year),
            value: fig(value),
            note: None,
        }
    }

    fn sample_plan() -> Plan {
        let mut k1 = Indicator::new(
            "k1",
            "市役所のサービスに満足している市民の割合",
            Direction::Increase,
        );
        k1.unit = "%".into();
        k1.baseline = Some(yv(2021, "48.9"));
        k1.target = Some(Target {
            year: FiscalYear(2023),
            value: TargetValue::Value(fig("65")),
            note: None,
        });
        k1.actuals = vec![yv(2022, "44.1")];
        let mut evil = Indicator::new("k2", "=HYPERLINK(\"x\")", Direction::Increase);
        evil.unit = "-件".into();
        evil.baseline = Some(yv(2021, "-4.4"));
        evil.target = Some(Target {
            year: FiscalYear(2023),
            value: TargetValue::Tbd,
            note: None,
        });
        let mut group = Indicator::new("k7", "各種財政指標", Direction::AtMost);
        let mut part = Indicator::new("k7-1", "実質公債比率", Direction::AtMost);
        part.unit = "%".into();
        part.bound = Some(BoundWord::Ika);
        part.baseline = Some(yv(2021, "5.4"));
        part.target = Some(Target {
            year: FiscalYear(2023),
            value: TargetValue::Value(fig("5.2")),
            note: None,
        });
        part.actuals = vec![yv(2022, "5.3")];
        group.parts = vec![part];
        Plan {
            indicators: vec![k1, evil, group],
            ..Plan::new(
                "p",
                "プラン",
                "市",
                Period {
                    from: FiscalYear(2022),
                    to: FiscalYear(2023),
                },
            )
        }
    }

    #[test]
    fn csv_has_the_exact_header_and_parts_as_rows() {
        let plan = sample_plan();
        let csv = kpi_csv(&kpi_rows(&[&plan], None)).expect("csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "plan,indicator,name,unit,direction,baseline_year,baseline,target_year,target,latest_year,latest,progress,status"
        );
        assert_eq!(
            lines[1],
            "p,k1,市役所のサービスに満足している市民の割合,%,increase,2021,48.9,2023,65,2022,44.1,-29.8,worsened"
        );
        // Formula-looking text is neutralised; the negative baseline stays a number.
        assert_eq!(
            lines[2],
            "p,k2,\"'=HYPERLINK(\"\"x\"\")\",'-件,increase,2021,-4.4,2023,,,,,tbd"
        );
        // The group container has no row; its part does, with its own id.
        assert_eq!(
            lines[3],
            "p,k7-1,実質公債比率,%,at_most,2021,5.4,2023,5.2,2022,5.3,50.0,on_track"
        );
        assert_eq!(lines.len(), 4);
        assert!(!csv.starts_with('\u{feff}'));
    }

    /// Counted up to its last year, left out after it; without a year everything shows.
    #[test]
    fn indicators_of_a_retired_item_leave_later_years() {
        let mut plan = sample_plan();
        let mut node = Node::new("n1", "施策");
        node.indicators = std::mem::take(&mut plan.indicators);
        node.retired = Some(FiscalYear(2022));
        plan.nodes.push(node);
        assert_eq!(kpi_rows(&[&plan], Some(FiscalYear(2022))).len(), 4);
        assert!(kpi_rows(&[&plan], Some(FiscalYear(2023))).is_empty());
        assert_eq!(kpi_rows(&[&plan], None).len(), 4);
    }

    #[test]
    fn json_keeps_exact_digits() {
        let plan = sample_plan();
        let value = kpi_json(&kpi_rows(&[&plan], None));
        assert_eq!(value[0]["progress"], "-29.8");
        assert_eq!(value[0]["baseline"]["value"], "48.9");
        assert!(
            value[0]["progress_exact"]
                .as_str()
                .is_some_and(|p| p.starts_with("-29.813664"))
        );
        assert_eq!(value[1]["target"]["tbd"], true);
        assert_eq!(value[2]["indicator"], "k7-1");
        assert_eq!(value[2]["met"], false);
    }

    #[test]
    fn text_and_markdown_show_groups_and_units() {
        let plan = sample_plan();
        let rows = kpi_rows(&[&plan], None);
        let text = kpi_text(&rows, Language::Ja, None, None);
        assert!(text.contains("48.9% (R3)"), "{text}");
        assert!(text.contains("-29.8%"), "{text}");
        assert!(text.contains("  実質公債比率"), "{text}");
        assert!(text.contains("5.2%以下 (R5)"), "{text}");
        let md = kpi_md(&rows, Language::En, None, None);
        assert!(md.contains("| └ 実質公債比率 |"), "{md}");
        assert!(md.contains("worsened"), "{md}");
    }

    #[test]
    fn reports_show_the_planned_path() {
        let mut plan = sample_plan();
        let staff = &mut plan.indicators[0];
        staff.target = None;
        staff.set_planned(FiscalYear(2022), "46".parse().expect("fig"), None);
        staff.set_planned(FiscalYear(2023), "60".parse().expect("fig"), None);
        let rows = kpi_rows(&[&plan], None);
        let text = kpi_text(&rows, Language::Ja, None, None);
        // The latest actual (R4) beside its planned value, the path's end as the target.
        assert!(text.contains("44.1% (R4) / 計画 46%"), "{text}");
        assert!(text.contains("60% (R5, 計画)"), "{text}");
        let md = kpi_md(&rows, Language::En, None, None);
        assert!(md.contains("44.1% (FY2022) / plan 46%"), "{md}");
        let json = kpi_json(&rows);
        assert_eq!(json[0]["planned"][1]["value"], "60");
        assert_eq!(json[0]["planned"][0]["year"], 2022);
        // The CSV keeps its fixed header.
        let csv = kpi_csv(&rows).expect("csv");
        assert_eq!(csv.lines().next(), Some(CSV_HEADER.join(",").as_str()));
    }
}
