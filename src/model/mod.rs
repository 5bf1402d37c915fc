//! The domain model: plain data and its invariants, no I/O.
//!
//! Everything here serialises to the canonical RON the store writes; field order in the
//! structs *is* the order in the files, so reordering fields changes every file.

pub mod figure;
pub mod fiscal_year;
pub mod indicator;
pub mod meeting;
pub mod meeting_draft;
pub mod plan;
pub mod plan_edit;
pub mod response;
pub mod sanitize;
pub mod settings;
pub mod validate;

pub use figure::Figure;
pub use fiscal_year::FiscalYear;
pub use indicator::{BoundWord, Direction, Indicator, Target, TargetValue, YearValue};
pub use meeting::{Meeting, Statement, StatementKind};
pub use plan::{Level, Node, Numbering, Period, Plan, Revision, StatusEntry, Tally};
pub use sanitize::{escape_json, sanitize, sanitize_inline, sanitize_output};
pub use settings::{
    CycleState, Language, Phase, RemoteSettings, Settings, SignatureFormat, SigningSettings,
    StatusCategory, StatusDef,
};
