pub mod kpi;
