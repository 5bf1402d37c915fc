//! `kaikaku fmt [--check]`: canonical layout for every file that loads.

use super::{CliError, CliResult, Context, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only report non-canonical files; exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    let (mut workspace, _lock) = if args.check {
        (context.open()?, None)
    } else {
        let (workspace, lock) = context.open_for_write()?;
        (workspace, Some(lock))
    };
    let lang = context.language(&workspace);
    let broken: Vec<String> = workspace
        .load_errors
        .iter()
        .map(|d| d.render(lang))
        .collect();
    let changed = if args.check {
        workspace
            .non_canonical()?
            .into_iter()
            .map(|(path, _)| path)
            .collect()
    } else {
        workspace.format_all()?
    };
    let mut out = String::new();
    for path in &changed {
        let verb = if args.check {
            lang.pick("正規の形ではありません", "not canonical")
        } else {
            lang.pick("整形しました", "formatted")
        };
        out.push_str(&format!(
            "{}: {verb}\n",
            crate::model::sanitize_inline(path)
        ));
    }
    print(&out);
    for line in &broken {
        super::eprint_line(line);
    }
    if !broken.is_empty() {
        let count = broken.len();
        return Err(CliError::problems(lang.pick(
            &format!("{count} 個のファイルが読めないため、そのままにしました"),
            &format!("{count} file(s) could not be read and were left untouched"),
        )));
    }
    if args.check && !changed.is_empty() {
        return Err(CliError {
            message: String::new(),
            hint: Some(
                lang.pick(
                    "`kaikaku fmt` を実行すると書き直します",
                    "run `kaikaku fmt` to rewrite them",
                )
                .into(),
            ),
            code: 1,
        });
    }
    Ok(())
}
