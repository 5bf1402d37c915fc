//! The one integration-test binary: every suite is a module here, so the test build links
//! once.

mod common;
mod concurrency;
mod disk_full;
mod e2e;
mod foundation;
mod fuzz_corpus;
mod history;
mod hostile;
mod loading;
mod meeting_e2e;
mod minutes_import;
mod perf;
mod power_loss;
mod report;
mod review;
mod tui;
mod tui_history;
