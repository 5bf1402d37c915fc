//! `kaikaku log [--kpi ID | --node ID | --meeting ID]`: the timeline, or every commit that
//! changed one item with its old and new values (semantic blame).

use super::{CliResult, Context, Format, json, print};
use crate::history::log::{Item, item_history_upto, timeline};
use crate::history::repo;
use crate::model::sanitize_inline;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("item").args(["kpi", "node", "meeting"])))]
pub struct Args {
    /// Only changes to this indicator (or part of a group).
    #[arg(long, value_name = "ID")]
    pub kpi: Option<String>,
    /// Only changes to this plan node.
    #[arg(long, value_name = "ID")]
    pub node: Option<String>,
    /// Only changes to this meeting's minutes.
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// Only commits after this revision.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The settings alone: the log needs labels and the language, not the plans and minutes,
/// whose parsing was most of `kaikaku log`'s time on large workspaces.
fn settings_only(dir: &std::path::Path) -> Option<crate::model::Settings> {
    let bytes = std::fs::read(dir.join(crate::store::SETTINGS_FILE)).ok()?;
    crate::store::canonical::options().from_bytes(&bytes).ok()
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    let dir = context.dir()?;
    let git = repo::open(&dir)?;
    let settings = settings_only(&dir);
    let lang = context
        .lang
        .or(settings.as_ref().map(|s| s.language))
        .unwrap_or_default();
    let item = match (&args.kpi, &args.node, &args.meeting) {
        (Some(id), _, _) => Item::Kpi(id.clone()),
        (_, Some(id), _) => Item::Node(id.clone()),
        (_, _, Some(id)) => Item::Meeting(id.clone()),
        _ => Item::All,
    };
    let to = context.at.as_deref();
    if item == Item::All {
        let commits = timeline(&git, args.since.as_deref(), to)?;
        match args.format {
            Format::Json => print(&json(&commits)?),
            Format::Text => {
                let rows: Vec<Vec<String>> = commits
                    .iter()
                    .map(|c| {
                        vec![
                            c.short.clone(),
                            c.date.get(..10).unwrap_or("").to_string(),
                            sanitize_inline(&c.author),
                            c.cycle.clone().unwrap_or_default(),
                            c.phase
                                .clone()
                                .or_else(|| c.event.clone())
                                .unwrap_or_default(),
                            crate::history::subject::subject(c, lang),
                        ]
                    })
                    .collect();
                print(&crate::text::table(
                    &[
                        lang.pick("コミット", "commit"),
                        lang.pick("日付", "date"),
                        lang.pick("作成者", "author"),
                        lang.pick("サイクル", "cycle"),
                        lang.pick("フェーズ", "phase"),
                        lang.pick("概要", "summary"),
                    ],
                    &rows,
                    &[],
                ));
            }
        }
        return Ok(());
    }
    // Like `git log -p` (and `kaikaku diff`), do not re-hash every blob read: SHA-1 with
    // collision detection was a quarter of an item history's time. zlib still checks each
    // object, `kaikaku audit` is the integrity check, and this process only reads.
    git2::opts::strict_hash_verification(false);
    // The mention index in `.kaikaku/cache` spares reading the blobs that cannot be about
    // the item (issue 18); it lives in the workspace the history is read from.
    // With --at, only what happened up to that revision.
    let entries = item_history_upto(&git, &item, args.since.as_deref(), &dir, to)?;
    match args.format {
        Format::Json => print(&json(&entries)?),
        Format::Text => {
            let mut out = String::new();
            for entry in &entries {
                let c = &entry.commit;
                out.push_str(&format!(
                    "{} {} {} {}\n",
                    c.short,
                    c.date.get(..10).unwrap_or(""),
                    sanitize_inline(&c.author),
                    crate::history::subject::subject(c, lang)
                ));
                for change in &entry.changes {
                    out.push_str(&format!(
                        "    {}\n",
                        change.describe(lang, settings.as_ref())
                    ));
                }
            }
            if entries.is_empty() {
                out.push_str(lang.pick("該当する変更はありません\n", "no changes to that item\n"));
            }
            print(&out);
        }
    }
    Ok(())
}
