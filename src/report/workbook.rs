//! The reports as spreadsheet sheets (see [`super::sheet`]): KPI and progress tables, one
//! sheet per plan, and the comment–response table; plus the Japanese KPI CSV that
//! `kaikaku import kpi` reads back.

use super::kpi::KpiStatus;
use super::kpi_report::KpiRow;
use super::progress::ProgressReport;
use super::responses::{ResponseRow, headers as response_headers, status_label};
use super::sheet::{Sheet, Value};
use crate::model::{FiscalYear, Indicator, Language, Plan, TargetValue, YearValue};

/// A KPI status as the language prints it.
pub fn kpi_status_label(status: KpiStatus, lang: Language) -> &'static str {
    let (ja, en) = status.labels();
    lang.pick(ja, en)
}

/// Every year with an actual in the rows, oldest first: the actual columns.
fn actual_years(rows: &[&KpiRow<'_>]) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = rows
        .iter()
        .flat_map(|r| r.indicator.actuals.iter().map(|a| a.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

fn number(value: &YearValue, unit: &str) -> Value {
    Value::Number {
        value: value.value,
        unit: unit.to_string(),
    }
}

fn target_value(indicator: &Indicator, lang: Language) -> Value {
    match indicator.target.as_ref().map(|t| &t.value) {
        Some(TargetValue::Value(figure)) => Value::Number {
            value: *figure,
            unit: format!(
                "{}{}",
                indicator.unit,
                indicator.bound.map_or("", crate::model::BoundWord::label)
            ),
        },
        Some(TargetValue::Tbd) => Value::text(lang.pick("調整中", "TBD")),
        Some(TargetValue::Text(text)) => Value::text(text.clone()),
        None => Value::Empty,
    }
}

#[allow(clippy::cast_possible_truncation)]
fn progress_value(row: &KpiRow<'_>) -> Value {
    row.result.progress.map_or(Value::Empty, |p| {
        let rounded = super::kpi::round_progress(p);
        Value::Percent(rounded.to_string().parse().unwrap_or_default())
    })
}

/// One KPI sheet per plan: name, unit, baseline (year, value), target (year, value), one
/// column per year of actuals with 和暦 headers under `ja`, progress and status.
pub fn kpi_sheets(rows: &[KpiRow<'_>], plans: &[&Plan], lang: Language) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    for plan in plans {
        let rows: Vec<&KpiRow<'_>> = rows
            .iter()
            .filter(|r| r.plan.id == plan.id && !r.container)
            .collect();
        let years = actual_years(&rows);
        let mut headers: Vec<String> = [
            lang.pick("ID", "ID"),
            lang.pick("指標名", "Indicator"),
            lang.pick("単位", "Unit"),
            lang.pick("基準年度", "Baseline year"),
            lang.pick("基準値", "Baseline"),
            lang.pick("目標年度", "Target year"),
            lang.pick("目標値", "Target"),
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        headers.extend(years.iter().map(|y| {
            lang.pick(
                &format!("{}実績", y.wareki()),
                &format!("{} actual", y.western()),
            )
            .to_string()
        }));
        headers.push(lang.pick("進捗率", "Progress").into());
        headers.push(lang.pick("状況", "Status").into());
        let body = rows
            .iter()
            .map(|row| {
                let indicator = row.indicator;
                let mut cells = vec![
                    Value::text(indicator.id.clone()),
                    Value::text(format!("{}{}", "　".repeat(row.depth), indicator.name)),
                    Value::text(indicator.unit.clone()),
                    indicator
                        .baseline
                        .as_ref()
                        .map(|b| b.year)
                        .or(indicator.baseline_tbd)
                        .map_or(Value::Empty, |year| Value::text(lang.year_short(year))),
                    match (&indicator.baseline, indicator.baseline_tbd) {
                        (Some(b), _) => number(b, &indicator.unit),
                        // Still to be decided: 調整中, as a TBD target is written.
                        (None, Some(_)) => Value::text(lang.pick("調整中", "TBD")),
                        (None, None) => Value::Empty,
                    },
                    indicator
                        .target
                        .as_ref()
                        .map_or(Value::Empty, |t| Value::text(lang.year_short(t.year))),
                    target_value(indicator, lang),
                ];
                cells.extend(years.iter().map(|year| {
                    indicator
                        .actual(*year)
                        .map_or(Value::Empty, |a| number(a, &indicator.unit))
                }));
                cells.push(progress_value(row));
                cells.push(Value::text(kpi_status_label(row.result.status, lang)));
                cells
            })
            .collect();
        sheets.push(Sheet {
            name: plan.title.clone(),
            title: format!(
                "{} {}",
                plan.title,
                lang.pick("検証指標の進捗", "KPI progress")
            ),
            headers,
            rows: body,
        });
    }
    sheets
}

/// The KPI table as Japanese CSV in the shape `kaikaku import kpi` reads: 指標名, 基準値 and
/// 目標値 with their year in the cell (「5.3(R5)」, as plan documents print 「49%(R4)」), one
/// 「R6実績」 column per year. Written only for `--lang ja`; the English CSV keeps the fixed
/// header that scripts depend on.
pub fn kpi_csv_ja(rows: &[KpiRow<'_>]) -> Vec<Sheet> {
    let rows: Vec<&KpiRow<'_>> = rows.iter().filter(|r| !r.container).collect();
    let years = actual_years(&rows);
    let mut headers: Vec<String> = ["計画", "ID", "指標名", "単位", "基準値", "目標値"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    headers.extend(years.iter().map(|y| format!("{}実績", y.wareki_short())));
    headers.push("進捗率".into());
    headers.push("状況".into());
    let with_year = |value: String, year: FiscalYear| format!("{value}({})", year.wareki_short());
    let body = rows
        .iter()
        .map(|row| {
            let indicator = row.indicator;
            let bound = indicator.bound.map_or("", crate::model::BoundWord::label);
            let mut cells = vec![
                Value::text(row.plan.id.clone()),
                Value::text(indicator.id.clone()),
                Value::text(indicator.name.clone()),
                Value::text(indicator.unit.clone()),
                indicator.baseline.as_ref().map_or(Value::Empty, |b| {
                    Value::text(with_year(b.value.to_string(), b.year))
                }),
                indicator
                    .target
                    .as_ref()
                    .map_or(Value::Empty, |t| match &t.value {
                        TargetValue::Value(f) => {
                            Value::text(with_year(format!("{f}{bound}"), t.year))
                        }
                        TargetValue::Tbd => Value::text("調整中"),
                        TargetValue::Text(text) => Value::text(text.clone()),
                    }),
            ];
            cells.extend(years.iter().map(|year| {
                indicator
                    .actual(*year)
                    .map_or(Value::Empty, |a| Value::text(a.value.to_string()))
            }));
            cells.push(progress_value(row));
            cells.push(Value::text(kpi_status_label(
                row.result.status,
                Language::Ja,
            )));
            cells
        })
        .collect();
    vec![Sheet {
        name: "KPI".into(),
        title: String::new(),
        headers,
        rows: body,
    }]
}

/// One progress sheet per plan: the whole-plan rows per level, then the per-parent rows.
pub fn progress_sheets(reports: &[ProgressReport], lang: Language) -> Vec<Sheet> {
    reports
        .iter()
        .map(|report| {
            let mut headers: Vec<String> = vec![
                lang.pick("親項目", "Parent").into(),
                lang.pick("階層", "Level").into(),
            ];
            headers.extend(report.columns.iter().map(|c| c.label(lang).to_string()));
            headers.push(lang.pick("未設定", "No status").into());
            headers.push(lang.pick("合計", "Total").into());
            let rows = report
                .levels
                .iter()
                .chain(&report.parents)
                .map(|row| {
                    let mut cells = vec![
                        Value::text(
                            row.parent_label
                                .clone()
                                .unwrap_or_else(|| lang.pick("全体", "Whole plan").into()),
                        ),
                        Value::text(row.level(lang).to_string()),
                    ];
                    cells.extend(row.counts.iter().map(|n| Value::Count(*n)));
                    cells.push(Value::Count(row.no_status));
                    cells.push(Value::Count(row.total));
                    cells
                })
                .collect();
            Sheet {
                name: report.title.clone(),
                title: format!(
                    "{} {} {}",
                    report.title,
                    lang.year(report.year),
                    lang.pick("進捗状況", "progress")
                ),
                headers,
                rows,
            }
        })
        .collect()
}

/// The comment–response table as one sheet.
pub fn responses_sheet(rows: &[ResponseRow], title: &str, lang: Language) -> Sheet {
    let body = rows
        .iter()
        .map(|row| {
            vec![
                Value::text(row.meeting_title.clone()),
                Value::text(row.meeting_date.to_string()),
                Value::text(row.speaker.clone()),
                Value::text(row.comment.clone()),
                Value::text(status_label(row.status, lang)),
                Value::text(row.response.clone()),
                Value::text(row.department.clone()),
                row.cycle
                    .map_or(Value::Empty, |y| Value::text(lang.year(y))),
            ]
        })
        .collect();
    Sheet {
        name: lang.pick("対応状況", "Responses").into(),
        title: title.to_string(),
        headers: response_headers(lang)
            .iter()
            .map(|h| (*h).to_string())
            .collect(),
        rows: body,
    }
}

/// The progress counts as Japanese CSV: 計画, 年度 (和暦), 親項目, 階層, one column per status
/// label, 未設定, 合計 — the rows of every plan under one header (the status vocabulary is the
/// workspace's, so every plan has the same columns).
pub fn progress_csv_ja(reports: &[ProgressReport]) -> Vec<Sheet> {
    let Some(first) = reports.first() else {
        return Vec::new();
    };
    let mut headers: Vec<String> = ["計画", "年度", "親項目", "階層"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    headers.extend(
        first
            .columns
            .iter()
            .map(|c| c.label(Language::Ja).to_string()),
    );
    headers.push("未設定".into());
    headers.push("合計".into());
    let rows = reports
        .iter()
        .flat_map(|report| {
            report.levels.iter().chain(&report.parents).map(|row| {
                let mut cells = vec![
                    Value::text(report.title.clone()),
                    Value::text(report.year.wareki()),
                    Value::text(row.parent_label.clone().unwrap_or_else(|| "全体".into())),
                    Value::text(row.level_name.clone()),
                ];
                cells.extend(row.counts.iter().map(|n| Value::Count(*n)));
                cells.push(Value::Count(row.no_status));
                cells.push(Value::Count(row.total));
                cells
            })
        })
        .collect();
    vec![Sheet {
        name: "進捗状況".into(),
        title: String::new(),
        headers,
        rows,
    }]
}
