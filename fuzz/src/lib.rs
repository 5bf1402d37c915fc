//! Shared checks of the fuzz targets; see `checks.rs`.

pub mod checks;
