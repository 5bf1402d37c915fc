//! `kaikaku commit --phase plan|do|check|act [-m TEXT]`: close a PDCA phase; `kaikaku commit
//! --baseline` records imported data as the first cycle's baseline instead.

use super::{CliResult, Context, print};
use crate::history::{PhaseRequest, commit_phase};
use crate::model::{FiscalYear, Phase};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The phase to close (default: the workspace's current phase).
    #[arg(long, value_enum, conflicts_with = "baseline")]
    pub phase: Option<PhaseArg>,
    /// Record the data as it stands as the baseline of the first cycle (e.g. after importing
    /// an existing plan), without closing a phase; only before the first cycle tag.
    #[arg(long, conflicts_with = "cycle")]
    pub baseline: bool,
    /// The cycle (fiscal year: FY2024, R6, 2024); default: the current cycle.
    #[arg(long, value_name = "YEAR")]
    pub cycle: Option<FiscalYear>,
    /// Your own text for the commit body (why, what was decided).
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
}

/// `--phase` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PhaseArg {
    Plan,
    Do,
    Check,
    Act,
}

impl From<PhaseArg> for Phase {
    fn from(phase: PhaseArg) -> Self {
        match phase {
            PhaseArg::Plan => Phase::Plan,
            PhaseArg::Do => Phase::Do,
            PhaseArg::Check => Phase::Check,
            PhaseArg::Act => Phase::Act,
        }
    }
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    context.writable("commit")?;
    // Hold the single-writer lock: no other instance may save while the phase is closed.
    let (dir, _lock) = context.lock_for_write()?;
    // HEAD's side of the commit's diff is read, not written: like `git commit` (and
    // `kaikaku diff`/`log`), without libgit2's per-read SHA-1 of each blob (zlib still
    // checks it; `kaikaku audit` is the integrity check). The objects the commit writes
    // are hashed as ever. On medium, that hash was a tenth of a one-figure commit.
    git2::opts::strict_hash_verification(false);
    if args.baseline {
        let id = crate::history::commit::commit_baseline(&dir, args.message.as_deref())?;
        print(&format!(
            "[{}] Baseline: the workspace data before the first cycle
",
            &id.to_string()[..10]
        ));
        return Ok(());
    }
    let request = PhaseRequest {
        phase: args.phase.map(Phase::from),
        cycle: args.cycle,
        message: args.message.clone(),
    };
    let done = commit_phase(&dir, &request)?;
    let id = done.id.to_string();
    print(&format!(
        "[{}] {}{}\nnow: {} {}\n",
        &id[..10],
        done.plan.subject,
        if done.signed { " (signed)" } else { "" },
        done.plan.next.year.western(),
        done.plan.next.phase.title()
    ));
    Ok(())
}
