//! `kaikaku import kpi FILE`: KPI tables pasted from Excel (TSV), saved as CSV (UTF-8 or
//! CP932), or Excel workbooks read directly.

use std::io::Read;
use std::path::PathBuf;

use super::report::find_plan;
use super::{CliError, CliResult, Context, print};
use crate::model::validate::validate;
use crate::model::{Direction, FiscalYear, Language, sanitize_inline};
use crate::report::import::source::{self, Row};
use crate::report::import::years::{self, Era};
use crate::report::import::{ChangeKind, ImportError, ImportOptions, apply, describe, read_table};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Import indicators from a KPI table: TSV/CSV (UTF-8 or CP932) or an Excel workbook.
    ///
    /// Layouts as cities print them: one row per indicator with year columns (H23, 平成16年,
    /// 18年度, a bare 20 under a 平成(年度) corner), several rows per indicator (計画/実績,
    /// 目標数 … 職員数), or labels with their own years (基準値(R5)). Derived rows (達成率,
    /// 増減数), judgement and total columns are left out with a note. Indicators are matched
    /// by name: new values are added, equal ones left alone, and differing ones reported as
    /// conflicts (nothing is written while conflicts remain, unless --overwrite). A cell that
    /// cannot be read is reported with its row and column, and nothing is written.
    ///
    /// Example: kaikaku import kpi kpi.xlsx --sheet 指標 --plan my-plan --dry-run
    Kpi(Args),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table file (.tsv, .csv, .xlsx, .xls); `-` reads standard input.
    pub file: PathBuf,
    /// Plan to import into (default: the only plan of the workspace).
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
    /// Attach new indicators to this node (default: the plan itself).
    #[arg(long, value_name = "ID")]
    pub node: Option<String>,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Unit of every row, overriding the cells (e.g. %, 億円).
    #[arg(long)]
    pub unit: Option<String>,
    /// Direction of every row: `increase`, `decrease`, `at_least`, `at_most`, `balance`, `qualitative`.
    #[arg(long, value_parser = parse_direction)]
    pub direction: Option<Direction>,
    /// The year of targets printed without one (e.g. R9, 2027); never assumed.
    #[arg(long, value_name = "YEAR", value_parser = parse_year)]
    pub target_year: Option<FiscalYear>,
    /// The era of header years printed without one (平成, 令和, H, R).
    #[arg(long, value_parser = parse_era)]
    pub era: Option<Era>,
    /// Print what was read and what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace stored values that differ from the table.
    #[arg(long)]
    pub overwrite: bool,
}

// Value parsers answer with a `Text`: the usage error says it in the reader's language.
fn parse_direction(text: &str) -> Result<Direction, crate::i18n::Text> {
    Direction::ALL
        .into_iter()
        .find(|d| d.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = Direction::ALL.iter().map(|d| d.as_str()).collect();
            let names = names.join("`, `");
            crate::text!(
                "`{names}` のどれかを指定してください",
                "expected one of `{names}`"
            )
        })
}

fn parse_year(text: &str) -> Result<FiscalYear, crate::i18n::Text> {
    super::report::parse_year(text)
}

fn parse_era(text: &str) -> Result<Era, crate::i18n::Text> {
    years::parse_era(text).ok_or_else(|| {
        crate::i18n::Text::new(
            "令和、平成、昭和（または R、H、S）を指定してください",
            "expected 令和, 平成, 昭和 (or R, H, S)",
        )
    })
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|e| {
        let shown = path.display();
        let why = crate::i18n::io_reason(&e, Language::Ja);
        CliError::text(
            &crate::text!("{shown} を読めません（{why}）", "cannot read {shown}: {e}"),
            None,
        )
    })?;
    Ok(bytes)
}

/// The grid of the file and where an error in it points: `file` or `file[sheet]`.
fn read_grid(args: &Args, bytes: &[u8], lang: Language) -> Result<(String, Vec<Row>), CliError> {
    let file = sanitize_inline(&args.file.display().to_string());
    if source::is_workbook(bytes) {
        let (sheet, rows) = source::workbook_rows(bytes, args.sheet.as_deref()).map_err(|e| {
            CliError::usage(
                format!("{file}: {}", e.get(lang)),
                Some(lang.pick(
                    "--sheet でシートを指定するか、そのシートを CSV で保存してください",
                    "name a sheet with --sheet, or save the sheet as CSV",
                )),
            )
        })?;
        return Ok((format!("{file}[{}]", sanitize_inline(&sheet)), rows));
    }
    if args.sheet.is_some() {
        return Err(CliError::usage(
            lang.pick(
                &format!(
                    "{file} は Excel のブックではありません。--sheet は .xlsx/.xls のためのものです"
                ),
                &format!("{file} is not a workbook; --sheet is for .xlsx/.xls files"),
            ),
            None,
        ));
    }
    let (text, _) = source::decode(bytes).map_err(|e| {
        CliError::usage(
            format!("{file}: {}", e.get(lang)),
            Some(lang.pick(
                "表を CSV UTF-8 か CSV（Shift_JIS）で保存するか、TSV として貼り付けてください",
                "save the table as CSV UTF-8 or CSV (Shift_JIS), or paste it as TSV",
            )),
        )
    })?;
    let rows = source::read_rows(&text).map_err(|e| table_error(&file, &e, lang))?;
    Ok((file, rows))
}

/// `FILE:ROW:COLUMN: message`, in the user's language, and that nothing was written.
fn table_error(file: &str, e: &ImportError, lang: Language) -> CliError {
    CliError::problems(format!(
        "{file}:{}:{}: {}{}",
        e.row,
        e.column,
        sanitize_inline(e.text(lang)),
        lang.pick("。何も書き込んでいません", "; nothing was written")
    ))
}

/// The refusal of an import that names no plan in a workspace of several.
fn which_plan(lang: Language) -> CliError {
    CliError::usage(
        lang.pick(
            "どのプランに取り込みますか。ワークスペースにはプランが複数あります",
            "which plan? the workspace has several",
        ),
        Some(lang.pick(
            "--plan ID を指定してください（`kaikaku show plans` で一覧できます）",
            "pass --plan ID (see `kaikaku show plans`)",
        )),
    )
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
    let lang = context.language(&workspace);
    let plan_id = match &args.plan {
        Some(id) => find_plan(&workspace, id)?.id.clone(),
        None => match workspace.plans.as_slice() {
            [only] => only.value.id.clone(),
            _ => return Err(which_plan(lang)),
        },
    };
    let bytes = read_input(&args.file)?;
    let options = ImportOptions {
        node: args.node.clone(),
        unit: args.unit.clone(),
        direction: args.direction,
        target_year: args.target_year,
        era: args.era,
        overwrite: args.overwrite,
    };
    let mut plan = find_plan(&workspace, &plan_id)?.clone();
    let (file, rows) = read_grid(args, &bytes, lang)?;
    let table =
        read_table(&rows, &options, plan.period).map_err(|e| table_error(&file, &e, lang))?;
    let changes =
        apply(&mut plan, &table.indicators, &options).map_err(|e| CliError::usage(e, None))?;
    let mut out = String::new();
    if args.dry_run {
        out.push_str(&describe(&table, lang));
        out.push('\n');
    }
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
    let unstated = table
        .indicators
        .iter()
        .flat_map(|i| std::iter::once(i).chain(&i.parts))
        .filter(|i| i.direction == Direction::Unstated)
        .count();
    if unstated > 0 && !args.dry_run {
        eprintln!(
            "kaikaku: {}",
            lang.pick(
                &format!(
                    "{unstated} 件の指標は表に方向（増加・削減など）が書かれていません。取り込み時の --direction か、プランの direction で設定してください（check が警告します）"
                ),
                &format!(
                    "{unstated} indicator(s) have no direction in the table; set it with --direction when importing, or the plan's direction field (check warns)"
                )
            )
        );
    }
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
        let why = sanitize_inline(problem.message.get(lang));
        return Err(CliError::problems(lang.pick(
            &format!(
                "取り込んだプランは `kaikaku check` を通りません（{why}）。何も書き込んでいません"
            ),
            &format!(
                "the imported plan would not pass `kaikaku check` ({why}); nothing was written"
            ),
        )));
    }
    workspace.save_plan(plan)?;
    Ok(())
}
