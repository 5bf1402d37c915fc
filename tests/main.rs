//! The one integration-test binary: every suite is a module here, so the test build links
//! once.

mod common;
mod e2e;
mod foundation;
mod history;
mod meeting_e2e;
mod perf;
mod report;
mod tui;
mod tui_history;
