pub mod cells;
pub mod chart;
pub mod escape;
pub mod html;
pub mod import;
pub mod kpi;
pub mod kpi_report;
pub mod progress;
