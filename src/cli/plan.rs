//! `kaikaku plan new|target|add|retire|move|indicator|next-stage`: create plans and revise
//! them (the revisions live in `plan_edit`).

use super::plan_edit::{
    AddArgs, EditArgs, IndicatorArgs, MoveArgs, NextStageArgs, ReinstateArgs, RetireArgs,
    TargetArgs,
};
use super::{CliError, CliResult, Context};
use crate::model::validate::check_id;
use crate::model::{FiscalYear, Level, Numbering, Period, Plan, sanitize_inline};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Create an empty plan.
    ///
    /// Example: kaikaku plan new gyokaku-2026 --title 行政改革大綱 --period R8-R11 --levels 重点項目,施策,実施項目
    New(NewArgs),
    /// Set or revise an indicator's target (value and kind as typed, or 調整中).
    ///
    /// Example: kaikaku plan target kumamoto-reform-plan-2027 k-p1-1 --value 6倍以上 --reason 委員会意見を踏まえ設定
    Target(TargetArgs),
    /// Add an item (node) to the plan tree; its number follows the level's numbering.
    ///
    /// Example: kaikaku plan add kumamoto-reform-plan-2027 --parent p1 --title 新たな施策 --lead somu --reason …
    Add(AddArgs),
    /// Retire an item: it stays in the tree, shown as retired, with its history and links.
    Retire(RetireArgs),
    /// Take a retired item back into the plan.
    Reinstate(ReinstateArgs),
    /// Change an item's title, description or departments (所管局・関係局).
    Edit(EditArgs),
    /// Move an item (with its sub-items) under another parent or to another position.
    Move(MoveArgs),
    /// Add an indicator, or with --edit KPI change its name, unit, direction or baseline.
    ///
    /// Example: kaikaku plan indicator PLAN --node p1 --name 女性管理職割合 --unit % --direction increase --baseline 13.1@R5 --target 15@R9 --reason …
    Indicator(IndicatorArgs),
    /// Draw up the next stage's plan: the tree and indicators carried over, baselines from
    /// the latest actuals, targets 調整中, linked back to this plan.
    ///
    /// Example: kaikaku plan next-stage kumamoto-reform-plan-2023 kumamoto-reform-plan-2027b --title 市役所改革プラン2027 --period R6-R9
    NextStage(NextStageArgs),
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
/// A refusal is a `Text`: the usage error says it in the reader's language.
pub fn parse_period(text: &str) -> Result<Period, crate::i18n::Text> {
    let (from, to) = text
        .split_once(['-', '~', '～', '〜', '–', '－'])
        .ok_or_else(|| {
            crate::i18n::Text::new(
                "期間は「開始-終了」の形で書いてください（例: R8-R11）",
                "write the period as FROM-TO, e.g. R8-R11",
            )
        })?;
    let from: FiscalYear = super::report::parse_year(from.trim())?;
    let to: FiscalYear = super::report::parse_year(to.trim())?;
    if to < from {
        let (to_ja, from_ja) = (
            crate::model::Language::Ja.year(to),
            crate::model::Language::Ja.year(from),
        );
        return Err(crate::text!(
            "期間の終わり（{to_ja}）が始まり（{from_ja}）より前です",
            "the period ends ({to}) before it starts ({from})"
        ));
    }
    Ok(Period { from, to })
}

pub fn run(context: &Context, what: &What) -> CliResult {
    match what {
        What::New(args) => new(context, args),
        What::Target(args) => super::plan_edit::target(context, args),
        What::Add(args) => super::plan_edit::add(context, args),
        What::Retire(args) => super::plan_edit::retire(context, args),
        What::Move(args) => super::plan_edit::move_node(context, args),
        What::Reinstate(args) => super::plan_edit::reinstate(context, args),
        What::Edit(args) => super::plan_edit::edit(context, args),
        What::Indicator(args) => super::plan_edit::indicator(context, args),
        What::NextStage(args) => super::plan_edit::next_stage(context, args),
    }
}

/// What ids may contain, the hint of every refused id.
pub const ID_CHARACTERS: (&str, &str) = (
    "id に使えるのは英数字と '-'、'_'、'.' だけです",
    "ids use letters, digits, '-', '_' and '.'",
);

fn new(context: &Context, args: &NewArgs) -> CliResult {
    context.writable("plan new")?;
    check_id(&args.id).map_err(|e| CliError::text(&e, Some(&ID_CHARACTERS.into())))?;
    let (mut workspace, _lock) = context.open_for_write()?;
    if workspace.plan(&args.id).is_some() {
        let id = sanitize_inline(&args.id);
        return Err(CliError::text(
            &crate::text!(
                "プラン「{id}」はすでにあります",
                "plan \"{id}\" already exists"
            ),
            Some(&("別の id を指定してください", "choose another id").into()),
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
        return Err(CliError::text(
            &("--levels に階層がありません", "--levels names no level").into(),
            Some(
                &(
                    "例: --levels 重点項目,施策,実施項目",
                    "e.g. --levels 重点項目,施策,実施項目",
                )
                    .into(),
            ),
        ));
    }
    let organisation = args
        .organisation
        .clone()
        .or_else(|| workspace.settings().map(|s| s.organisation.clone()))
        .unwrap_or_default();
    let plan = Plan {
        levels,
        ..Plan::new(
            args.id.clone(),
            args.title.clone(),
            organisation,
            args.period,
        )
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
