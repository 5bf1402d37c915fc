//! `kaikaku report progress|kpi|responses`: status counts, KPI progress and the committee's
//! comments with the city's responses, as text, Markdown, CSV, JSON, an Excel workbook or one
//! self-contained HTML file.

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
    /// An Excel workbook (needs --output): numeric cells, one sheet per plan.
    Xlsx,
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
    /// The committee's comments that need a response, with the city's response, its status,
    /// the department and the cycle (委員意見への対応状況).
    ///
    /// Example: kaikaku report responses --meeting 2021-03-22-kaikaku-suishin-1 --format xlsx -o 対応状況.xlsx
    Responses(ResponsesArgs),
}

#[derive(Debug, clap::Args)]
pub struct ResponsesArgs {
    /// Only the comments of this meeting (default: every meeting).
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// md, csv, xlsx or html (text is md).
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV with a UTF-8 byte order mark and CRLF line ends, as Excel's 「CSV UTF-8」.
    #[arg(long)]
    pub bom: bool,
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
    /// CSV with a UTF-8 byte order mark and CRLF line ends, as Excel's 「CSV UTF-8」 (what
    /// Japanese Excel needs to open UTF-8 without mojibake).
    #[arg(long)]
    pub bom: bool,
}

/// clap value parser for fiscal years in any notation.
pub fn parse_year(text: &str) -> Result<FiscalYear, crate::i18n::Text> {
    text.parse::<FiscalYear>()
        .map_err(|e| crate::i18n::Text::of(&e))
}

/// The plan with this id, or a usage error listing the plans there are.
pub fn find_plan<'a>(workspace: &'a Workspace, id: &str) -> Result<&'a Plan, CliError> {
    workspace.plan(id).ok_or_else(|| {
        let known: Vec<&str> = workspace
            .plans
            .iter()
            .map(|p| p.value.id.as_str())
            .collect();
        let (id, known) = (sanitize_inline(id), sanitize_inline(&known.join(", ")));
        CliError::text(
            &crate::text!("プラン「{id}」はありません", "no plan \"{id}\""),
            Some(&crate::text!("プラン: {known}", "plans: {known}")),
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

/// Writes bytes to `--output` atomically, or text to standard output; a workbook has no
/// terminal form.
fn emit(
    output: Option<&std::path::Path>,
    text: Option<&str>,
    bytes: Option<Vec<u8>>,
    lang: crate::model::Language,
) -> CliResult {
    match (output, bytes) {
        (Some(path), Some(bytes)) => {
            crate::store::atomic::write_atomic(path, &bytes).map_err(CliError::from)
        }
        (Some(path), None) => {
            crate::store::atomic::write_atomic(path, text.unwrap_or_default().as_bytes())
                .map_err(CliError::from)
        }
        (None, Some(_)) => Err(CliError::usage(
            lang.pick(
                "Excel 形式は端末に出力できません",
                "an Excel workbook cannot be printed to the terminal",
            ),
            Some(lang.pick(
                "--output 報告.xlsx を付けてください",
                "pass --output report.xlsx",
            )),
        )),
        (None, None) => {
            print(text.unwrap_or_default());
            Ok(())
        }
    }
}

fn xlsx(sheets: &[crate::report::sheet::Sheet]) -> Result<Vec<u8>, CliError> {
    crate::report::sheet::to_xlsx(sheets).map_err(|e| {
        CliError::text(
            &crate::text!(
                "Excel のブックを書き出せません（詳細: {e}）",
                "cannot write the workbook: {e}"
            ),
            None,
        )
    })
}

/// `report responses`.
fn responses(context: &Context, args: &ResponsesArgs) -> CliResult {
    use crate::report::responses::{response_rows, title, to_csv, to_html, to_markdown};
    let workspace = context.open()?;
    let lang = context.language(&workspace);
    if let Some(id) = &args.meeting
        && workspace.meeting(id).is_none()
    {
        let known: Vec<&str> = workspace
            .meetings
            .iter()
            .map(|m| m.value.id.as_str())
            .collect();
        return Err(super::meeting::no_meeting(id, &known));
    }
    let rows = response_rows(&workspace, args.meeting.as_deref());
    let meeting = args.meeting.as_deref();
    let organisation = workspace
        .settings()
        .map_or_else(String::new, |s| s.organisation.clone());
    let csv_options = crate::report::sheet::CsvOptions { bom: args.bom };
    match args.format {
        ReportFormat::Xlsx => {
            let sheet = crate::report::workbook::responses_sheet(
                &rows,
                &format!("{organisation} {}", title(&rows, meeting, lang)),
                lang,
            );
            emit(args.output.as_deref(), None, Some(xlsx(&[sheet])?), lang)
        }
        ReportFormat::Csv => {
            let text = crate::report::sheet::finish_csv(&to_csv(&rows, lang)?, csv_options);
            emit(args.output.as_deref(), Some(&text), None, lang)
        }
        ReportFormat::Html => {
            let text = to_html(&rows, meeting, lang, &organisation);
            emit(args.output.as_deref(), Some(&text), None, lang)
        }
        ReportFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "meeting": r.meeting,
                        "date": r.meeting_date.to_string(),
                        "statement": r.statement,
                        "speaker": crate::model::sanitize(&r.speaker),
                        "comment": crate::model::sanitize(&r.comment),
                        "status": r.status.as_str(),
                        "response": crate::model::sanitize(&r.response),
                        "department": crate::model::sanitize(&r.department),
                        "cycle": r.cycle.map(|y| y.0),
                        "target": r.target.map(|y| y.0),
                    })
                })
                .collect();
            let text = json_text(&serde_json::Value::Array(list))?;
            emit(args.output.as_deref(), Some(&text), None, lang)
        }
        ReportFormat::Text | ReportFormat::Md => {
            let text = to_markdown(&rows, meeting, lang);
            emit(args.output.as_deref(), Some(&text), None, lang)
        }
    }
}

/// The HTML page, named after its plans (titles joined with 「・」) and the organisation.
fn html_page(
    plans: &[&Plan],
    progress: Vec<ProgressReport>,
    settings: Option<&crate::model::Settings>,
    lang: crate::model::Language,
    args: &Args,
    is_kpi: bool,
) -> String {
    let organisation = plans
        .first()
        .map(|p| p.organisation.clone())
        .filter(|o| !o.is_empty())
        .or_else(|| settings.map(|s| s.organisation.clone()))
        .unwrap_or_default();
    let titles: Vec<&str> = plans.iter().map(|p| p.title.as_str()).collect();
    let (progress, skipped) = if args.year.is_some() {
        (progress, Vec::new())
    } else {
        not_yet(progress, plans, settings)
    };
    HtmlReport {
        title: titles.join("・"),
        organisation,
        created: chrono::Local::now().date_naive(),
        skipped,
        lang,
        settings,
        year: args.year,
        progress,
        kpis: if is_kpi {
            kpi_rows(plans, args.year)
        } else {
            Vec::new()
        },
    }
    .render()
}

/// Splits off the progress reports of a year after both the plan's latest data (statuses,
/// tallies, actuals) and the current cycle: a plan not yet under way would otherwise print
/// an empty table for its target year. Only when no `--year` was asked for.
fn not_yet(
    progress: Vec<ProgressReport>,
    plans: &[&Plan],
    settings: Option<&crate::model::Settings>,
) -> (Vec<ProgressReport>, Vec<(String, FiscalYear)>) {
    let cycle = settings.and_then(|s| s.cycle).map(|c| c.year);
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for report in progress {
        let latest = plans.iter().find(|p| p.id == report.plan).and_then(|plan| {
            let statuses = plan
                .flatten()
                .into_iter()
                .flat_map(|f| f.node.statuses.iter().map(|s| s.year))
                .collect::<Vec<_>>();
            let actuals = plan
                .all_indicators()
                .into_iter()
                .flat_map(|(_, i)| i.actuals.iter().map(|a| a.year))
                .collect::<Vec<_>>();
            statuses
                .into_iter()
                .chain(actuals)
                .chain(plan.tallies.iter().map(|t| t.year))
                .max()
        });
        let after = |limit: Option<FiscalYear>| limit.is_none_or(|l| report.year > l);
        if after(latest) && after(cycle) {
            skipped.push((report.title.clone(), report.year));
        } else {
            kept.push(report);
        }
    }
    (kept, skipped)
}

/// The progress CSV with the fixed English header: one header, the rows of every plan.
fn progress_csv(
    progress: &[ProgressReport],
    options: crate::report::sheet::CsvOptions,
) -> Result<String, CliError> {
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
    Ok(crate::report::sheet::finish_csv(&out, options))
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let (args, is_kpi) = match what {
        What::Progress(args) => (args, false),
        What::Kpi(args) => (args, true),
        What::Responses(args) => return responses(context, args),
    };
    let workspace = context.open()?;
    let lang = context.language(&workspace);
    let settings = workspace.settings();
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
    let csv_options = crate::report::sheet::CsvOptions { bom: args.bom };
    if args.format == ReportFormat::Xlsx {
        let sheets = if is_kpi {
            crate::report::workbook::kpi_sheets(&kpi_rows(&plans, args.year), &plans, lang)
        } else {
            crate::report::workbook::progress_sheets(&progress, lang)
        };
        return emit(args.output.as_deref(), None, Some(xlsx(&sheets)?), lang);
    }
    let output = match args.format {
        // One page for both reports: the progress tables, and the KPI section when asked.
        ReportFormat::Html => html_page(&plans, progress, settings, lang, args, is_kpi),
        ReportFormat::Text if is_kpi => {
            kpi_text(&kpi_rows(&plans, args.year), lang, settings, args.year)
        }
        ReportFormat::Md if is_kpi => {
            kpi_md(&kpi_rows(&plans, args.year), lang, settings, args.year)
        }
        // Japanese headers and labels in the shape `import kpi` reads back; English keeps the
        // fixed header scripts depend on.
        ReportFormat::Csv if is_kpi && lang == crate::model::Language::Ja => {
            crate::report::sheet::to_csv(
                &crate::report::workbook::kpi_csv_ja(&kpi_rows(&plans, args.year)),
                csv_options,
            )?
        }
        ReportFormat::Csv if is_kpi => {
            crate::report::sheet::finish_csv(&kpi_csv(&kpi_rows(&plans, args.year))?, csv_options)
        }
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
        ReportFormat::Csv if lang == crate::model::Language::Ja => crate::report::sheet::to_csv(
            &crate::report::workbook::progress_csv_ja(&progress),
            csv_options,
        )?,
        ReportFormat::Csv => progress_csv(&progress, csv_options)?,
        ReportFormat::Json => json_text(&serde_json::Value::Array(
            progress.iter().map(ProgressReport::to_json).collect(),
        ))?,
        ReportFormat::Xlsx => String::new(),
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
