//! `kaikaku diff REV1 [REV2]`: what changed, in domain terms.

use super::{CliResult, Context, Format, print};
use crate::history::diff::diff;
use crate::history::git_source::{load_changed, resolve_commit};
use crate::history::{load_at, repo};
use crate::store::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older revision (tag, commit, HEAD~1 …).
    pub from: String,
    /// The newer revision (default: the working files).
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    let dir = context.dir()?;
    let git = repo::open(&dir)?;
    let (old, new) = match &args.to {
        // Two revisions: parse only the files whose blobs differ (the rest cannot differ).
        Some(rev) => {
            // Like `git diff`, do not re-hash every object read: verifying SHA-1 (with
            // collision detection) took a fifth of the time between two cycle tags. zlib
            // still checks each object's checksum, and `kaikaku audit` (its own process,
            // verification on) is the integrity check. The switch is process-wide and this
            // process only reads.
            git2::opts::strict_hash_verification(false);
            let tree = |rev: &str| {
                resolve_commit(&git, rev).and_then(|c| {
                    c.tree()
                        .map_err(|e| crate::error::Error::git("cannot read a commit tree", e))
                })
            };
            let (from, to) = (tree(&args.from)?, tree(rev)?);
            load_changed(&git, Some(&from), &to, None)?
        }
        None => (load_at(&git, &args.from)?, Workspace::load(&dir)?),
    };
    let changes = diff(&old, &new);
    let lang = context.language(&new);
    match args.format {
        Format::Json => {
            let value = serde_json::json!({
                "from": args.from,
                "to": args.to.as_deref().unwrap_or("working tree"),
                "counts": changes.counts().0.iter().map(|(k, v)| (k.key(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
                "changes": changes.changes,
            });
            print(&super::json(&value)?);
        }
        Format::Text => {
            if changes.is_empty() {
                print(&format!("{}\n", lang.pick("変更なし", "no changes")));
            } else {
                print(&format!(
                    "{} ({})\n{}",
                    crate::model::sanitize_inline(&format!(
                        "{} → {}",
                        args.from,
                        args.to
                            .as_deref()
                            .unwrap_or(lang.pick("作業中のファイル", "working tree"))
                    )),
                    changes.counts().describe(lang),
                    changes.to_text(lang, new.settings())
                ));
            }
        }
    }
    Ok(())
}
