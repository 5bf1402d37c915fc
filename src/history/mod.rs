//! git as the audit trail: repository set-up, phase commits, tags, history, audit, sync.

pub mod fsync;
pub mod repo;
