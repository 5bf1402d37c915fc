//! `kaikaku plan new`: an empty plan to fill by hand or by `kaikaku import kpi`.

use super::{CliError, CliResult, Context};
use crate::model::validate::check_id;
use crate::model::{FiscalYear, Level, Numbering, Period, Plan, sanitize_inline};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Create an empty plan.
    ///
    /// Example: kaikaku plan new gyokaku-2026 --title 行政改革大綱 --period R8-R11 --levels 重点項目,施策,実施項目
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Plan id, also the file name plans/ID.ron.
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// Fiscal years from–to in any notation: R8-R11, 2026-2029, 令和8年度～令和11年度.
    #[arg(long, value_parser = parse_period)]
    pub period: Period,
    /// Level names from the top down, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub levels: Vec<String>,
    /// Organisation (default: the workspace's).
    #[arg(long)]
    pub organisation: Option<String>,
}

/// `R8-R11`, `2026-2029`, `令和8年度～令和11年度`.
pub fn parse_period(text: &str) -> Result<Period, String> {
    let (from, to) = text
        .split_once(['-', '~', '～', '〜', '–', '－'])
        .ok_or_else(|| "write the period as FROM-TO, e.g. R8-R11".to_string())?;
    let from: FiscalYear = from.trim().parse().map_err(|e| format!("{e}"))?;
    let to: FiscalYear = to.trim().parse().map_err(|e| format!("{e}"))?;
    if to < from {
        return Err(format!("the period ends ({to}) before it starts ({from})"));
    }
    Ok(Period { from, to })
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let What::New(args) = what;
    check_id(&args.id)
        .map_err(|e| CliError::usage(e, Some("ids use letters, digits, '-', '_' and '.'")))?;
    context.writable("plan new")?;
    let (mut workspace, _lock) = context.open_for_write()?;
    if workspace.plan(&args.id).is_some() {
        return Err(CliError::usage(
            format!("plan \"{}\" already exists", sanitize_inline(&args.id)),
            Some("choose another id"),
        ));
    }
    let levels: Vec<Level> = args
        .levels
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(|name| Level {
            name: name.to_string(),
            name_en: None,
            numbering: Numbering::default(),
        })
        .collect();
    if levels.is_empty() {
        return Err(CliError::usage(
            "--levels names no level",
            Some("e.g. --levels 重点項目,施策,実施項目"),
        ));
    }
    let organisation = args
        .organisation
        .clone()
        .or_else(|| workspace.settings().map(|s| s.organisation.clone()))
        .unwrap_or_default();
    let plan = Plan {
        id: args.id.clone(),
        title: args.title.clone(),
        title_en: None,
        organisation,
        period: args.period,
        description: String::new(),
        levels,
        indicators: Vec::new(),
        nodes: Vec::new(),
        tallies: Vec::new(),
        revisions: Vec::new(),
    };
    let problems = workspace.problems_before_saving_plan(&plan)?;
    if !problems.is_empty() {
        let mut out = String::new();
        for problem in &problems {
            out.push_str(&format!("{problem}\n"));
        }
        eprint!("{out}");
        return Err(CliError::problems(format!(
            "{} problem(s) in the plan; nothing was written",
            problems.len()
        )));
    }
    workspace.save_plan(plan)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_any_notation() {
        let p = |t: &str| parse_period(t).map(|p| (p.from.0, p.to.0));
        assert_eq!(p("R8-R11"), Ok((2026, 2029)));
        assert_eq!(p("2026-2029"), Ok((2026, 2029)));
        assert_eq!(p("令和8年度～令和11年度"), Ok((2026, 2029)));
        assert!(p("R11-R8").is_err());
        assert!(p("R8").is_err());
    }
}
