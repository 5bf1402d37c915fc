//! `kaikaku report progress|kpi`: status counts and KPI progress as text, Markdown, CSV, JSON
//! or one self-contained HTML file.

use std::path::PathBuf;

use super::{CliError, CliResult, Context, print};
use crate::model::{FiscalYear, Plan, sanitize_inline};
use crate::report::html::HtmlReport;
use crate::report::kpi_report::{kpi_csv, kpi_json, kpi_md, kpi_rows, kpi_text};
use crate::report::progress::{ProgressReport, default_year, progress_report};
use crate::store::Workspace;

/// Output formats of the reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Text,
    Md,
    Csv,
    Json,
    Html,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Item counts by status per level and per parent (計画通り進捗 / 一部変更・遅れ / 合計).
    ///
    /// Example: kaikaku report progress --plan kumamoto-reform-plan-2023 --year R4
    Progress(Args),
    /// One row per indicator: baseline, latest actual, target, progress and status.
    ///
    /// Example: kaikaku report kpi --format html --output report.html
    Kpi(Args),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this plan (default: every plan).
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
    /// Fiscal year in any notation: 2023, FY2023, R5, 令和5年度, H29 (default: the newest
    /// year with data).
    #[arg(long, value_name = "FY", value_parser = parse_year)]
    pub year: Option<FiscalYear>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// clap value parser for fiscal years in any notation.
pub fn parse_year(text: &str) -> Result<FiscalYear, String> {
    text.parse::<FiscalYear>().map_err(|e| e.to_string())
}

/// The plan with this id, or a usage error listing the plans there are.
pub fn find_plan<'a>(workspace: &'a Workspace, id: &str) -> Result<&'a Plan, CliError> {
    workspace.plan(id).ok_or_else(|| {
        let known: Vec<&str> = workspace
            .plans
            .iter()
            .map(|p| p.value.id.as_str())
            .collect();
        CliError::usage(
            format!("no plan \"{}\"", sanitize_inline(id)),
            Some(&format!("plans: {}", known.join(", "))),
        )
    })
}

fn selected<'a>(workspace: &'a Workspace, plan: Option<&str>) -> Result<Vec<&'a Plan>, CliError> {
    match plan {
        Some(id) => Ok(vec![find_plan(workspace, id)?]),
        None => Ok(workspace.plans.iter().map(|p| &p.value).collect()),
    }
}

fn json_text(value: &serde_json::Value) -> Result<String, CliError> {
    super::json(value)
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let workspace = context.open()?;
    let lang = context.language(&workspace);
    let settings = workspace.settings();
    let (args, is_kpi) = match what {
        What::Progress(args) => (args, false),
        What::Kpi(args) => (args, true),
    };
    let plans = selected(&workspace, args.plan.as_deref())?;
    let progress: Vec<ProgressReport> = plans
        .iter()
        .map(|plan| {
            progress_report(
                plan,
                settings,
                args.year.unwrap_or_else(|| default_year(plan)),
            )
        })
        .collect();
    let html_title = |plans: &[&Plan]| {
        if let [plan] = plans {
            (plan.title.clone(), plan.organisation.clone())
        } else {
            let organisation = settings.map_or_else(String::new, |s| s.organisation.clone());
            (organisation.clone(), organisation)
        }
    };
    let output = match args.format {
        // One page for both reports: the progress tables, and the KPI section when asked.
        ReportFormat::Html => {
            let (title, organisation) = html_title(&plans);
            HtmlReport {
                title,
                organisation,
                lang,
                settings,
                year: args.year,
                progress,
                kpis: if is_kpi {
                    kpi_rows(&plans, args.year)
                } else {
                    Vec::new()
                },
            }
            .render()
        }
        ReportFormat::Text if is_kpi => {
            kpi_text(&kpi_rows(&plans, args.year), lang, settings, args.year)
        }
        ReportFormat::Md if is_kpi => {
            kpi_md(&kpi_rows(&plans, args.year), lang, settings, args.year)
        }
        ReportFormat::Csv if is_kpi => kpi_csv(&kpi_rows(&plans, args.year))?,
        ReportFormat::Json if is_kpi => json_text(&kpi_json(&kpi_rows(&plans, args.year)))?,
        ReportFormat::Text => progress
            .iter()
            .map(|r| r.to_text(lang))
            .collect::<Vec<_>>()
            .join("\n"),
        ReportFormat::Md => progress
            .iter()
            .map(|r| r.to_markdown(lang))
            .collect::<Vec<_>>()
            .join("\n"),
        ReportFormat::Csv => {
            // One header, rows of every plan.
            let mut out = String::new();
            for (index, report) in progress.iter().enumerate() {
                let csv = report.to_csv()?;
                let body = if index == 0 {
                    csv.as_str()
                } else {
                    csv.split_once('\n').map_or("", |(_, rest)| rest)
                };
                out.push_str(body);
            }
            out
        }
        ReportFormat::Json => json_text(&serde_json::Value::Array(
            progress.iter().map(ProgressReport::to_json).collect(),
        ))?,
    };
    if let Some(path) = &args.output {
        // A report file is read in terminals and editors too: the same sanitiser as stdout.
        let output = crate::model::sanitize_output(&output);
        crate::store::atomic::write_atomic(path, output.as_bytes()).map_err(CliError::from)
    } else {
        print(&output);
        Ok(())
    }
}
