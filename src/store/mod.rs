//! The workspace on disk.
pub mod canonical;
