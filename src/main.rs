//! The `kaikaku` binary: parse arguments, run a command (or the TUI), map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use kaikaku::cli::{self, Cli};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's own errors are said in the reader's language (`cli::usage`).
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return cli::usage::report(&error, &args),
    };
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => cli::tui::run(&cli),
    };
    cli::report(result)
}
