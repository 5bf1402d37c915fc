//! `kaikaku sync [--remote NAME] [--theirs [ID…]] [--ours [ID…]]`: fetch, merge and push
//! with the repository's git remote; on a conflict, name the items and offer the choice.

use super::{CliError, CliResult, Context, print};
use crate::error::Error;
use crate::history::resolve::{Choice, Side};
use crate::history::sync::{SyncAction, SyncOptions, sync};
use crate::history::transport::Prompts;
use crate::model::sanitize_inline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The git remote to sync with (default: origin).
    #[arg(long, value_name = "NAME")]
    pub remote: Option<String>,
    /// On a conflict, take the remote's version: of everything, or of the items named
    /// (indicator, node, meeting or statement ids, comma-separated or repeated).
    #[arg(long, value_name = "ID", num_args = 0.., value_delimiter = ',')]
    pub theirs: Option<Vec<String>>,
    /// On a conflict, keep this workspace's version: of everything, or of the items named.
    #[arg(long, value_name = "ID", num_args = 0.., value_delimiter = ',')]
    pub ours: Option<Vec<String>>,
}

impl Args {
    fn choice(&self) -> Result<Choice, CliError> {
        let mut choice = Choice::default();
        for (ids, side) in [(&self.theirs, Side::Theirs), (&self.ours, Side::Ours)] {
            match ids {
                Some(ids) if ids.is_empty() => {
                    if choice.all.is_some() {
                        return Err(CliError::text(
                            &(
                                "--theirs と --ours の両方をすべてに適用することはできません",
                                "--theirs and --ours cannot both apply to everything",
                            )
                                .into(),
                            Some(
                                &(
                                    "片方には項目を指定してください: --theirs --ours ID",
                                    "name the items for one side: --theirs --ours ID",
                                )
                                    .into(),
                            ),
                        ));
                    }
                    choice.all = Some(side);
                }
                Some(ids) => choice
                    .items
                    .extend(ids.iter().map(|id| (id.trim().to_string(), side))),
                None => {}
            }
        }
        Ok(choice)
    }
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    context.writable("sync")?;
    let choice = args.choice()?;
    // Hold the single-writer lock: sync may rewrite working files.
    let (workspace, _lock) = context.open_for_write()?;
    let dir = workspace.root.clone().unwrap_or_default();
    let lang = context.language(&workspace);
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdin());
    let options = SyncOptions {
        remote: args.remote.clone(),
        choice,
        lang: Some(lang),
        prompts: if interactive {
            Prompts::Allowed
        } else {
            Prompts::Refused
        },
    };
    match sync(&dir, &options) {
        Ok(report) => {
            let mut out = match report.action {
                SyncAction::UpToDate => lang
                    .pick("リモートと同じです", "up to date with the remote")
                    .to_string(),
                SyncAction::FastForward { to, .. } => format!(
                    "{} {}",
                    lang.pick("早送りしました:", "fast-forwarded to"),
                    &to.to_string()[..10]
                ),
                SyncAction::Merged { commit, changes } => format!(
                    "{} ({changes} {}) {}",
                    lang.pick("マージしました", "merged"),
                    lang.pick("件の変更を取り込み", "change(s) brought in"),
                    &commit.to_string()[..10]
                ),
            };
            if !report.tags_fetched.is_empty() {
                out.push_str(&format!(
                    "; {}: {}",
                    lang.pick("新しいサイクルタグ", "new cycle tags"),
                    report.tags_fetched.join(", ")
                ));
            }
            if report.pushed {
                out.push_str(lang.pick("; プッシュしました", "; pushed"));
            }
            print(&format!("{out}\n"));
            Ok(())
        }
        Err(Error::Conflict(items)) => {
            let mut out = String::from(lang.pick(
                "同期を中止しました: 両方で同じ項目が変更されています\n",
                "sync stopped: both sides changed the same items\n",
            ));
            for item in &items {
                out.push_str(&format!("  {}\n", sanitize_inline(item)));
            }
            print(&out);
            let count = items.len();
            Err(CliError {
                message: lang
                    .pick(
                        &format!("衝突している項目が {count} 件あります。ここでは何も変更していません"),
                        &format!("{count} conflicting item(s); nothing was changed here"),
                    )
                    .to_string(),
                hint: Some(lang.pick(
                    "どちらかを選べば同期は完了します: `kaikaku sync --theirs`（リモートの値）か `--ours`（こちらの値）。すべてにも項目ごと（`--theirs ID`）にも使えます。または値を話し合って決め、ここで入力してコミットし、もう一度同期してください",
                    "choose a side and sync completes: `kaikaku sync --theirs` (the remote's values) or `--ours` (these), for everything or per item (`--theirs ID`); or agree on each value, enter it here, commit, and sync again",
                ).to_string()),
                code: 1,
            })
        }
        Err(Error::RemoteMissing { name, suggested }) => {
            let message = Error::RemoteMissing {
                name: name.clone(),
                suggested: suggested.clone(),
            }
            .message(lang);
            let url = suggested.unwrap_or_else(|| "URL".to_string());
            Err(CliError::usage(
                message,
                Some(lang.pick(
                    &format!(
                        "共有リポジトリを一度 git のリモートとして追加してください: `git remote add {name} {url}`（パス・ssh://…・https://… のいずれか）。または --remote NAME を指定してください"
                    ),
                    &format!(
                        "add the shared repository as a git remote once: git remote add {name} {url} (a path, ssh://… or https://…); or pass --remote NAME"
                    ),
                )),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
