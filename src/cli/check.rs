//! `kaikaku check`: every problem as `path:line:column: message`, exit 1 if any.

use super::{CliError, CliResult, Context, print};

pub fn run(context: &Context) -> CliResult {
    let workspace = context.open()?;
    let lang = context.language(&workspace);
    let mut out = String::new();
    let mut count = 0;
    for problem in &workspace.check() {
        out.push_str(&problem.render(lang));
        out.push('\n');
        count += 1;
    }
    // Confirmed minutes are immutable: compare with the committed version (one blob each).
    if let Some(root) = workspace
        .root
        .as_deref()
        .filter(|_| !workspace.is_read_only())
    {
        for finding in crate::history::audit::confirmed_minutes_diagnostics(root) {
            out.push_str(&format!("{}\n", finding.render(lang)));
            count += 1;
        }
    }
    // Warnings (an indicator without a direction) are printed but do not fail the check.
    for warning in &workspace.warnings() {
        out.push_str(&format!(
            "{}: {}\n",
            lang.pick("警告", "warning"),
            warning.render(lang)
        ));
    }
    if count == 0 {
        print(&out);
        return Ok(());
    }
    print(&out);
    Err(CliError::problems(lang.pick(
        &format!("問題が {count} 件あります"),
        &format!("{count} problem(s) found"),
    )))
}
