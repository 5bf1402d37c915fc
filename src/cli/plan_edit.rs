//! `kaikaku plan target|add|retire|move|indicator|next-stage`: Plan-and-Act revisions from
//! the command line. Each command takes the writer lock, builds [`PlanEdit`]s and leaves the
//! rest to the store (reason rule, revision record, validation, atomic save); it prints what
//! changed in the words of the semantic diff, reason included.

use super::plan::parse_period;
use super::{CliError, CliResult, Context, print};
use crate::error::Error;
use crate::history::diff::diff_plans;
use crate::i18n::Text;
use crate::model::plan_edit::{EditError, PlanEdit, next_indicator_id, next_node_id};
use crate::model::validate::check_id;
use crate::model::{
    Direction, FiscalYear, Indicator, Language, Node, Period, Target, sanitize_inline,
};
use crate::store::Workspace;
use crate::store::plan_edit::{
    NextStageRequest, PlanEditRequest, parse_planned, parse_target, parse_year_value, set_target,
};

/// `--reason`, shared by every revision.
#[derive(Debug, clap::Args)]
pub struct Reason {
    /// Why the plan is revised (理由). Required once the plan is in force; written in the
    /// plan's revisions and shown in `show plan`, `diff`, `log` and the Act commit.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    pub plan: String,
    /// Indicator id (see `kaikaku show kpi --plan PLAN`).
    pub kpi: String,
    /// The target as printed: 90, 90%, 90%以上, 95.6%以下, 19,000時間以内, 収支均衡.
    #[arg(
        long,
        value_name = "V",
        conflicts_with = "tbd",
        required_unless_present_any = ["tbd", "planned"]
    )]
    pub value: Option<String>,
    /// 調整中: the target is still to be decided.
    #[arg(long)]
    pub tbd: bool,
    /// Target year (default: the current target's year, else the plan's last year).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<FiscalYear>,
    /// The yearly planned values (計画値), replacing the path: "10@R6,12@R7"; "" removes it.
    #[arg(long, value_name = "V@Y,…")]
    pub planned: Option<String>,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub plan: String,
    /// The node to add under (default: the top level).
    #[arg(long, value_name = "NODE")]
    pub parent: Option<String>,
    #[arg(long)]
    pub title: String,
    /// Node id (default: the next id after its siblings', e.g. p1-m4).
    #[arg(long)]
    pub id: Option<String>,
    /// Place among its siblings, 1 = first (default: last).
    #[arg(long, value_name = "N")]
    pub position: Option<usize>,
    /// Lead department id (所管局), repeatable.
    #[arg(long, value_name = "DEPT")]
    pub lead: Vec<String>,
    /// Related department id (関係局), repeatable.
    #[arg(long, value_name = "DEPT")]
    pub related: Vec<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct RetireArgs {
    pub plan: String,
    pub node: String,
    /// The last fiscal year the item is part of the plan (default: the current cycle).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<FiscalYear>,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct ReinstateArgs {
    pub plan: String,
    pub node: String,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    pub plan: String,
    pub node: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// Lead department id (所管局), repeatable; replaces the list.
    #[arg(long, value_name = "DEPT")]
    pub lead: Vec<String>,
    /// Related department id (関係局), repeatable; replaces the list.
    #[arg(long, value_name = "DEPT")]
    pub related: Vec<String>,
    /// Empty the related departments.
    #[arg(long, conflicts_with = "related")]
    pub no_related: bool,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    pub plan: String,
    pub node: String,
    /// The new parent node.
    #[arg(
        long,
        value_name = "NODE",
        required_unless_present = "top",
        conflicts_with = "top"
    )]
    pub parent: Option<String>,
    /// Move to the top level of the plan.
    #[arg(long)]
    pub top: bool,
    /// Place among its new siblings, 1 = first (default: last).
    #[arg(long, value_name = "N")]
    pub position: Option<usize>,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct IndicatorArgs {
    pub plan: String,
    /// Edit this indicator instead of adding one.
    #[arg(long, value_name = "KPI", conflicts_with_all = ["node", "id", "target"])]
    pub edit: Option<String>,
    /// The node the new indicator belongs to (default: the plan itself, a 数値目標).
    #[arg(long, value_name = "NODE")]
    pub node: Option<String>,
    /// Id of the new indicator (default: k-NODE-N).
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// Unit as printed: %, 倍, 件, 億円 … (empty for a plain score).
    #[arg(long)]
    pub unit: Option<String>,
    /// increase (増加), decrease (減少), at-least (以上), at-most (以下), balance (収支均衡),
    /// qualitative (定性).
    #[arg(long, value_parser = parse_direction)]
    pub direction: Option<Direction>,
    /// Baseline as VALUE@YEAR: 5.3@R5, 44.1%@2022, 49%(R4).
    #[arg(long, value_name = "V@Y")]
    pub baseline: Option<String>,
    /// Target as VALUE@YEAR (90%以上@R9) or 調整中; without a year, the plan's last year.
    #[arg(long, value_name = "V@Y")]
    pub target: Option<String>,
    #[command(flatten)]
    pub reason: Reason,
}

#[derive(Debug, clap::Args)]
pub struct NextStageArgs {
    /// The plan of the stage now ending.
    pub plan: String,
    /// Id of the new plan, also its file name under plans/.
    pub new_id: String,
    #[arg(long)]
    pub title: String,
    /// Fiscal years from–to in any notation: R6-R9, 2024-2027.
    #[arg(long, value_parser = parse_period)]
    pub period: Period,
    /// Level names of the new plan, comma-separated (default: the old plan's).
    #[arg(long, value_delimiter = ',')]
    pub levels: Option<Vec<String>>,
    /// Carry only this node and its items (repeatable; default: the whole tree).
    #[arg(long, value_name = "NODE")]
    pub node: Vec<String>,
    /// Carry only this indicator (repeatable; default: all).
    #[arg(long, value_name = "KPI")]
    pub kpi: Vec<String>,
}

/// Reads a direction by its file name or its Japanese word.
pub fn parse_direction(text: &str) -> Result<Direction, crate::i18n::Text> {
    let text = text.trim();
    let japanese = [
        ("増加", Direction::Increase),
        ("減少", Direction::Decrease),
        ("以上", Direction::AtLeast),
        ("以下", Direction::AtMost),
        ("収支均衡", Direction::Balance),
        ("定性", Direction::Qualitative),
    ];
    Direction::ALL
        .into_iter()
        .find(|d| d.as_str() == text || d.as_str().replace('_', "-") == text)
        .or_else(|| japanese.iter().find(|(word, _)| *word == text).map(|(_, d)| *d))
        .ok_or_else(|| {
            crate::i18n::Text::new(
                "増加、減少、以上、以下、収支均衡、定性（または `increase`, `decrease`, `at_least`, `at_most`, `balance`, `qualitative`）を指定してください",
                "use increase, decrease, at_least, at_most, balance or qualitative (増加, 減少, 以上, 以下, 収支均衡, 定性)",
            )
        })
}

/// The hint for an error of a plan edit: what to do next, in the reader's language.
fn hint(error: &Error, lang: Language) -> Option<&'static str> {
    let (ja, en) = match error {
        Error::ReasonRequired(_) => (
            "--reason \"…\" で理由を付けてください。理由は計画の revisions に残り、Act のコミットに載ります",
            "add --reason \"…\" (理由); it is kept in the plan's revisions and shown in the Act commit",
        ),
        Error::NotFound { what: "plan", .. } => (
            "計画の一覧は `kaikaku show plans` で確認できます",
            "list the plans with `kaikaku show plans`",
        ),
        Error::NotFound { .. }
        | Error::PlanEdit(EditError::NoNode(_) | EditError::NoIndicator(_)) => (
            "ID は `kaikaku show plan PLAN` または `kaikaku show kpi --plan PLAN` で確認できます",
            "see the ids with `kaikaku show plan PLAN` or `kaikaku show kpi --plan PLAN`",
        ),
        Error::PlanEdit(EditError::DuplicateNode(_) | EditError::DuplicateIndicator(_)) => (
            "別の --id を指定するか、省略して次の空き ID を使ってください",
            "choose another --id, or leave it out to get the next free one",
        ),
        Error::PlanEdit(EditError::RetiredParent(_)) => (
            "廃止済みの項目はそのまま残ります。計画に残っている項目の下に追加してください",
            "retired items stay as they were; add under an item still in the plan",
        ),
        Error::PlanEdit(EditError::Position { .. }) => (
            "--position は新しい兄弟項目の中での順番（1 から）です",
            "--position counts from 1 among the new siblings",
        ),
        Error::PlanEdit(EditError::RetiredAbove { .. } | EditError::NotRetired(_)) => (
            "復活できるのは、それ自体が廃止された項目だけです（`kaikaku show plan PLAN`）",
            "only an item retired itself can be reinstated; see `kaikaku show plan PLAN`",
        ),
        Error::PlanEdit(EditError::StatusAfterRetirement { .. }) => (
            "進捗状況が記録されている最後の年度より後に廃止してください（--year）",
            "retire it after the last year it has a status for (--year)",
        ),
        _ => return None,
    };
    Some(lang.pick(ja, en))
}

fn cli_error(error: Error, lang: Language) -> CliError {
    let hint = hint(&error, lang);
    let mut cli = CliError::from(error);
    if let Some(hint) = hint {
        cli.hint = Some(hint.into());
    }
    cli
}

/// Applies edits to one plan under the writer lock and prints what changed.
fn apply(
    context: &Context,
    plan: &str,
    reason: &Reason,
    edits: impl FnOnce(&Workspace) -> Result<Vec<PlanEdit>, CliError>,
) -> CliResult {
    context.writable("plan")?;
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    let before = workspace.plan(plan).cloned().ok_or_else(|| {
        cli_error(
            Error::NotFound {
                what: "plan",
                id: plan.to_string(),
            },
            lang,
        )
    })?;
    let edits = edits(&workspace)?;
    let changed = workspace
        .edit_plan(&PlanEditRequest {
            plan: plan.to_string(),
            edits,
            reason: reason.reason.clone(),
        })
        .map_err(|e| cli_error(e, lang))?;
    let path = format!("{}/{}.ron", crate::store::PLANS_DIR, sanitize_inline(plan));
    if !changed {
        print(&format!("{path}: {}\n", lang.pick("変更なし", "no change")));
        return Ok(());
    }
    let mut out = String::new();
    if let Some(after) = workspace.plan(plan) {
        for change in diff_plans(&before, after) {
            out.push_str(&format!(
                "{path}: {}\n",
                change.describe(lang, workspace.settings())
            ));
        }
    }
    print(&out);
    Ok(())
}

fn usage(lang: Language, ja: &str, en: &str, hint: Option<&str>) -> CliError {
    CliError::usage(lang.pick(ja, en), hint)
}

pub fn target(context: &Context, args: &TargetArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |workspace| {
        let lang = context.language(workspace);
        let plan = workspace
            .plan(&args.plan)
            .ok_or_else(|| usage(lang, "計画がありません", "no such plan", None))?;
        let indicator = plan.indicator(&args.kpi).ok_or_else(|| {
            cli_error(
                Error::PlanEdit(EditError::NoIndicator(args.kpi.clone())),
                lang,
            )
        })?;
        let mut edits = Vec::new();
        if let Some(text) = &args.planned {
            let planned = parse_planned(text, indicator).map_err(|m| {
                CliError::text(
                    &m,
                    Some(&Text::new(
                        "例: --planned 10@R6,12@R7",
                        "e.g. --planned 10@R6,12@R7",
                    )),
                )
            })?;
            edits.push(PlanEdit::SetPlanned {
                indicator: args.kpi.clone(),
                planned,
            });
            if args.value.is_none() && !args.tbd {
                return Ok(edits);
            }
        }
        let input = match &args.value {
            Some(text) => parse_target(text, indicator).map_err(|m| {
                CliError::text(
                    &m,
                    Some(&Text::new(
                        "例: --value 90%以上、--value 収支均衡、または --tbd",
                        "e.g. --value 90%以上, --value 収支均衡, or --tbd",
                    )),
                )
            })?,
            None => parse_target("調整中", indicator).map_err(|m| CliError::text(&m, None))?,
        };
        let year = args
            .year
            .or(input.year)
            .or(indicator.target.as_ref().map(|t| t.year))
            .unwrap_or(plan.period.to);
        let note = indicator.target.as_ref().and_then(|t| t.note.clone());
        edits.insert(
            0,
            PlanEdit::SetTarget {
                indicator: args.kpi.clone(),
                target: Some(Target {
                    year,
                    value: input.value,
                    note,
                }),
                bound: input.bound,
                direction: input.direction,
            },
        );
        Ok(edits)
    })
}

pub fn add(context: &Context, args: &AddArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |workspace| {
        let plan = workspace.plan(&args.plan).ok_or_else(|| {
            CliError::text(&("そのプランはありません", "no such plan").into(), None)
        })?;
        let id = match &args.id {
            Some(id) => {
                check_id(id)
                    .map_err(|e| CliError::text(&e, Some(&super::plan::ID_CHARACTERS.into())))?;
                id.clone()
            }
            None => next_node_id(plan, args.parent.as_deref()),
        };
        let mut node = Node::new(id, args.title.trim());
        node.lead.clone_from(&args.lead);
        node.related.clone_from(&args.related);
        node.description = args.description.clone().unwrap_or_default();
        Ok(vec![PlanEdit::AddNode {
            parent: args.parent.clone(),
            position: args.position,
            node,
        }])
    })
}

pub fn retire(context: &Context, args: &RetireArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |workspace| {
        Ok(vec![PlanEdit::RetireNode {
            node: args.node.clone(),
            year: args.year.unwrap_or_else(|| workspace.revision_year()),
        }])
    })
}

pub fn reinstate(context: &Context, args: &ReinstateArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |_| {
        Ok(vec![PlanEdit::ReinstateNode {
            node: args.node.clone(),
        }])
    })
}

pub fn edit(context: &Context, args: &EditArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |_| {
        let mut edits = Vec::new();
        if let Some(title) = &args.title {
            edits.push(PlanEdit::SetTitle {
                node: args.node.clone(),
                title: title.clone(),
            });
        }
        if let Some(text) = &args.description {
            edits.push(PlanEdit::SetDescription {
                node: args.node.clone(),
                text: text.clone(),
            });
        }
        let lead = (!args.lead.is_empty()).then(|| args.lead.clone());
        let related = if args.no_related {
            Some(Vec::new())
        } else {
            (!args.related.is_empty()).then(|| args.related.clone())
        };
        if lead.is_some() || related.is_some() {
            edits.push(PlanEdit::SetDepartments {
                node: args.node.clone(),
                lead,
                related,
            });
        }
        if edits.is_empty() {
            return Err(CliError::text(
                &("変更する内容がありません", "nothing to change").into(),
                Some(
                    &(
                        "--title、--description、--lead、--related のいずれかを指定してください",
                        "pass --title, --description, --lead or --related",
                    )
                        .into(),
                ),
            ));
        }
        Ok(edits)
    })
}

pub fn move_node(context: &Context, args: &MoveArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |_| {
        Ok(vec![PlanEdit::MoveNode {
            node: args.node.clone(),
            parent: if args.top { None } else { args.parent.clone() },
            position: args.position,
        }])
    })
}

pub fn indicator(context: &Context, args: &IndicatorArgs) -> CliResult {
    apply(context, &args.plan, &args.reason, |workspace| {
        let lang = context.language(workspace);
        let plan = workspace.plan(&args.plan).ok_or_else(|| {
            CliError::text(&("そのプランはありません", "no such plan").into(), None)
        })?;
        let value_error = |m: Text| {
            CliError::text(
                &m,
                Some(&Text::new(
                    "例: --baseline 5.3@R5、--target 90%以上@R9",
                    "e.g. --baseline 5.3@R5, --target 90%以上@R9",
                )),
            )
        };
        if let Some(id) = &args.edit {
            let current = plan.indicator(id).ok_or_else(|| {
                cli_error(Error::PlanEdit(EditError::NoIndicator(id.clone())), lang)
            })?;
            let mut edits = vec![PlanEdit::EditIndicator {
                indicator: id.clone(),
                name: args.name.clone(),
                unit: args.unit.clone(),
                direction: args.direction,
            }];
            if let Some(text) = &args.baseline {
                let unit = args.unit.as_deref().unwrap_or(&current.unit);
                edits.push(PlanEdit::SetBaseline {
                    indicator: id.clone(),
                    baseline: Some(parse_year_value(text, unit).map_err(value_error)?),
                });
            }
            return Ok(edits);
        }
        let (Some(name), Some(direction)) = (&args.name, args.direction) else {
            return Err(usage(
                lang,
                "新しい指標には --name と --direction が必要です",
                "a new indicator needs --name and --direction",
                Some("or pass --edit KPI to change an existing one"),
            ));
        };
        let id = match &args.id {
            Some(id) => {
                check_id(id)
                    .map_err(|e| CliError::text(&e, Some(&super::plan::ID_CHARACTERS.into())))?;
                id.clone()
            }
            None => next_indicator_id(plan, args.node.as_deref()),
        };
        let mut indicator = Indicator::new(id, name.trim(), direction);
        indicator.unit = args.unit.clone().unwrap_or_default().trim().to_string();
        if let Some(text) = &args.baseline {
            indicator.baseline =
                Some(parse_year_value(text, &indicator.unit).map_err(value_error)?);
        }
        if let Some(text) = &args.target {
            set_target(&mut indicator, text, plan.period.to).map_err(value_error)?;
        }
        Ok(vec![PlanEdit::AddIndicator {
            node: args.node.clone(),
            indicator,
        }])
    })
}

pub fn next_stage(context: &Context, args: &NextStageArgs) -> CliResult {
    context.writable("plan next-stage")?;
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    let plan = workspace
        .next_stage(&NextStageRequest {
            from: args.plan.clone(),
            id: args.new_id.clone(),
            title: args.title.clone(),
            period: args.period,
            levels: args.levels.clone(),
            nodes: args.node.clone(),
            indicators: args.kpi.clone(),
        })
        .map_err(|e| cli_error(e, lang))?;
    let indicators = plan.all_indicators().len();
    let nodes = plan.flatten().len();
    print(&format!(
        "{}/{}.ron: {}\n",
        crate::store::PLANS_DIR,
        sanitize_inline(&plan.id),
        match lang {
            Language::Ja => format!(
                "{} から {} 項目・{} 指標を引き継ぎ（基準値は最新の実績、目標は調整中）",
                sanitize_inline(&args.plan),
                nodes,
                indicators
            ),
            Language::En => format!(
                "carried {nodes} items and {indicators} indicators from {} (baselines from the latest actuals, targets 調整中)",
                sanitize_inline(&args.plan)
            ),
        }
    ));
    Ok(())
}
