//! `kaikaku close-cycle FY2024`: the annotated, chained cycle tag.

use super::{CliResult, Context, print};
use crate::history::close_cycle;
use crate::model::FiscalYear;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The cycle to close (FY2024, R6, 令和6年度, 2024).
    pub year: FiscalYear,
    /// Your own text for the tag message.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    context.writable("close-cycle")?;
    // The tag is made from HEAD while no other kaikaku may commit or save meanwhile.
    let (dir, _lock) = context.lock_for_write()?;
    super::refuse_source_tree(&dir)?;
    let closed = close_cycle(&dir, args.year, args.message.as_deref())?;
    let commit = closed.commit.to_string();
    print(&format!(
        "{} (#{}) on {}{}\n",
        closed.name,
        closed.sequence,
        &commit[..10],
        if closed.signed { ", signed" } else { "" }
    ));
    Ok(())
}
