//! The one integration-test binary: every suite is a module here, so the test build links
//! once.

mod common;
mod concurrency;
mod disk_full;
mod e2e;
mod foundation;
mod fuzz_corpus;
mod git_teams;
mod harden_io;
mod history;
mod hostile;
mod kpi_import;
mod loading;
mod meeting_e2e;
mod mutation_fuzz;
mod output_safety;
mod perf;
mod plan_act;
mod power_loss;
mod publish;
mod report;
mod review;
mod store_hardening;
mod tui;
mod tui_history;
mod workbooks;
