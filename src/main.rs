//! The `kaikaku` binary: parse arguments, run a command (or the TUI), map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use kaikaku::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => cli::report(cli::run(&cli, command)),
        None => cli::report(Err(cli::CliError::usage(
            "the TUI is not built yet",
            Some("see `kaikaku --help`"),
        ))),
    }
}
