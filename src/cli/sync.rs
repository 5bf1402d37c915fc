//! `kaikaku sync`: fetch, merge and push with the configured remote.

use super::{CliError, CliResult, Context, print};
use crate::error::Error;
use crate::history::sync::{SyncAction, sync};
use crate::model::sanitize_inline;

pub fn run(context: &Context) -> CliResult {
    context.writable("sync")?;
    // Hold the single-writer lock: sync may rewrite working files.
    let (workspace, _lock) = context.open_for_write()?;
    let dir = workspace.root.clone().unwrap_or_default();
    match sync(&dir) {
        Ok(report) => {
            let mut out = match report.action {
                SyncAction::UpToDate => "up to date with the remote".to_string(),
                SyncAction::FastForward { to, .. } => {
                    format!("fast-forwarded to {}", &to.to_string()[..10])
                }
                SyncAction::Merged { commit, changes } => format!(
                    "merged ({changes} change(s) brought in) as {}",
                    &commit.to_string()[..10]
                ),
            };
            if !report.tags_fetched.is_empty() {
                out.push_str(&format!(
                    "; new cycle tags: {}",
                    report.tags_fetched.join(", ")
                ));
            }
            if report.pushed {
                out.push_str("; pushed");
            }
            print(&format!("{out}\n"));
            Ok(())
        }
        Err(Error::Conflict(items)) => {
            let mut out = String::from("sync stopped: both sides changed the same items\n");
            for item in &items {
                out.push_str(&format!("  {}\n", sanitize_inline(item)));
            }
            print(&out);
            Err(CliError {
                message: format!(
                    "{} conflicting item(s); nothing was changed here",
                    items.len()
                ),
                hint: Some(
                    "agree on each value, enter it in one workspace, commit, and sync again".into(),
                ),
                code: 1,
            })
        }
        Err(other) => Err(other.into()),
    }
}
