//! `kaikaku check`: every problem as `path:line:column: message`, exit 1 if any.

use super::{CliError, CliResult, Context, print};

pub fn run(context: &Context) -> CliResult {
    let workspace = context.open()?;
    let problems = workspace.check();
    if problems.is_empty() {
        return Ok(());
    }
    let mut out = String::new();
    for problem in &problems {
        out.push_str(&problem.to_string());
        out.push('\n');
    }
    print(&out);
    Err(CliError::problems(format!(
        "{} problem(s) found",
        problems.len()
    )))
}
