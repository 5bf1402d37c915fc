//! Reports and data exchange: KPI progress (the one definition), progress and KPI reports,
//! table-cell parsing and KPI imports, minutes export and import,
//! the review queue, the comment–response table.

pub mod cells;
pub mod chart;
mod csv_out;
pub mod escape;
pub mod html;
pub mod import;
pub mod kpi;
pub mod kpi_report;
pub mod minutes;
pub mod progress;
pub mod responses;
pub mod review;
pub mod sheet;
pub mod workbook;
