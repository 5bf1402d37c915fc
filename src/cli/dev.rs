//! `kaikaku dev …`: developer tools, hidden from help (the benchmark workspace generator).

use std::path::PathBuf;

use super::{CliError, CliResult, print};
use crate::dev::{Scale, generate};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Write a synthetic workspace with a git history into DIR (which must be new or empty).
    Generate(GenerateArgs),
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    pub dir: PathBuf,
    /// small (≈1/100 of large), medium (≈1/10) or large (20 plans, 20,000 nodes, 5,000
    /// indicators, 500 meetings × 100 statements, 2,000 phase commits).
    #[arg(long, default_value = "small", value_parser = ["small", "medium", "large"])]
    pub scale: String,
    /// Seed of the generator; the same seed gives the same files and commits.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(what: &What) -> CliResult {
    match what {
        What::Generate(args) => {
            let scale = Scale::named(&args.scale)
                .ok_or_else(|| CliError::usage("unknown scale", Some("small, medium or large")))?;
            let generated = generate(&args.dir, scale, args.seed)?;
            print(&format!(
                "generated {} plans, {} nodes, {} indicators, {} statements, {} commits, {} cycle tags in {}\ndraft meeting: {}\nbusy indicator: {}\n",
                generated.plans.len(),
                generated.nodes,
                generated.indicators,
                generated.statements,
                generated.commits,
                generated.tags.len(),
                args.dir.display(),
                generated.draft_meeting,
                generated.busy_indicator,
            ));
            Ok(())
        }
    }
}
