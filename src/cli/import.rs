//! `kaikaku import kpi FILE`: KPI tables pasted from Excel (TSV) or saved as CSV.

use std::io::Read;
use std::path::PathBuf;

use super::report::find_plan;
use super::{CliError, CliResult, Context, print};
use crate::model::Direction;
use crate::model::validate::validate;
use crate::report::import::{ChangeKind, ImportOptions, apply, read_indicators};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Import indicators from a TSV/CSV table, wide or long shape.
    ///
    /// Indicators are matched by name: new values are added, equal ones left alone, and
    /// differing ones reported as conflicts (nothing is written while conflicts remain,
    /// unless --overwrite). A cell that cannot be read is reported with its row and column.
    ///
    /// Example: kaikaku import kpi kpi.tsv --plan my-plan --dry-run
    Kpi(Args),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table file; `-` reads standard input.
    pub file: PathBuf,
    /// Plan to import into (default: the only plan of the workspace).
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
    /// Attach new indicators to this node (default: the plan itself).
    #[arg(long, value_name = "ID")]
    pub node: Option<String>,
    /// Unit of every row, overriding the cells (e.g. %, 億円).
    #[arg(long)]
    pub unit: Option<String>,
    /// Direction of every row: `increase`, `decrease`, `at_least`, `at_most`, `balance`, `qualitative`.
    #[arg(long, value_parser = parse_direction)]
    pub direction: Option<Direction>,
    /// Print what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace stored values that differ from the table.
    #[arg(long)]
    pub overwrite: bool,
}

fn parse_direction(text: &str) -> Result<Direction, String> {
    Direction::ALL
        .into_iter()
        .find(|d| d.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = Direction::ALL.iter().map(|d| d.as_str()).collect();
            format!("expected one of {}", names.join(", "))
        })
}

fn read_input(path: &PathBuf) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display()), None))?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::usage(
            format!("{} is not UTF-8", path.display()),
            Some("save the table as UTF-8 (Excel: CSV UTF-8), or paste it as TSV"),
        )
    })
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let What::Kpi(args) = what;
    // A dry run writes nothing and may run beside an open TUI; an import holds the lock
    // from before it reads the plan until the plan is saved.
    let (mut workspace, _lock) = if args.dry_run {
        (context.open()?, None)
    } else {
        context.writable("import kpi")?;
        let (workspace, lock) = context.open_for_write()?;
        (workspace, Some(lock))
    };
    let plan_id = match &args.plan {
        Some(id) => find_plan(&workspace, id)?.id.clone(),
        None => match workspace.plans.as_slice() {
            [only] => only.value.id.clone(),
            _ => {
                return Err(CliError::usage(
                    "which plan? the workspace has several",
                    Some("pass --plan ID (see `kaikaku show plans`)"),
                ));
            }
        },
    };
    let text = read_input(&args.file)?;
    let options = ImportOptions {
        node: args.node.clone(),
        unit: args.unit.clone(),
        direction: args.direction,
        overwrite: args.overwrite,
    };
    let mut plan = find_plan(&workspace, &plan_id)?.clone();
    let items = read_indicators(&text, &options, plan.period.to).map_err(|e| {
        CliError::problems(format!(
            "{}: {}; nothing was written",
            args.file.display(),
            crate::model::sanitize_inline(&e.to_string())
        ))
    })?;
    let changes = apply(&mut plan, &items, &options).map_err(|e| CliError::usage(e, None))?;
    let mut out = String::new();
    for change in &changes {
        out.push_str(&change.to_string());
        out.push('\n');
    }
    let conflicts = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Conflict)
        .count();
    let real = changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Conflict)
        .count();
    if changes.is_empty() {
        out.push_str("nothing to change\n");
    }
    print(&out);
    if conflicts > 0 {
        return Err(CliError {
            message: format!("{conflicts} conflict(s); nothing was written"),
            hint: Some(
                "check the table, or rerun with --overwrite to replace the stored values".into(),
            ),
            code: 1,
        });
    }
    if args.dry_run || real == 0 {
        return Ok(());
    }
    let problems = validate(workspace.settings(), &[&plan], &[]);
    if let Some(problem) = problems.first() {
        return Err(CliError::problems(format!(
            "the imported plan would not pass `kaikaku check` ({}); nothing was written",
            crate::model::sanitize_inline(&problem.message)
        )));
    }
    workspace.save_plan(plan)?;
    Ok(())
}
