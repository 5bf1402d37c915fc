//! Developer tools that are not part of the product: the generator of large synthetic
//! workspaces used by the benchmarks (`kaikaku dev generate`, hidden from help).
//!
//! Kept in the core (no UI code) so benchmarks and tests can call it as a library.

pub mod generate;

pub use generate::{Generated, Scale, generate};
