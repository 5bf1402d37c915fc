//! Developer tools that are not part of the product: the generator of large synthetic
//! workspaces used by the benchmarks (`kaikaku dev generate`, hidden from help).
//!
//! Kept in the core (no UI code) so benchmarks and tests can call it as a library.

pub mod cpu_time;
pub mod generate;

pub use cpu_time::thread_cpu_time;
pub use generate::{Generated, Scale, generate};
