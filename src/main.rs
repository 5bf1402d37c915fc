//! The `kaikaku` binary: parse arguments, run a command (or the TUI), map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use kaikaku::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => cli::tui::run(&cli),
    };
    cli::report(result)
}
