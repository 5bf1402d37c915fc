//! The one integration-test binary: every suite is a module here, so the test build links
//! once.

mod common;
mod foundation;
mod history;
