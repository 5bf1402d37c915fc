//! A change to a plan, applied to the workspace by the tree and KPI screens and undoable.
//! (Plan edits are on their way into the store, beside `record_response`.)

use crate::model::plan_edit::PlanEdit;
use crate::model::{Figure, FiscalYear};

/// A change to the data, applied through the store and undoable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    SetActual {
        plan: String,
        indicator: String,
        year: FiscalYear,
        value: Option<Figure>,
    },
    SetStatus {
        plan: String,
        node: String,
        year: FiscalYear,
        status: Option<String>,
        note: Option<String>,
    },
    SetTitle {
        plan: String,
        node: String,
        title: String,
    },
    SetDescription {
        plan: String,
        node: String,
        text: String,
    },
    /// A Plan-and-Act revision (target, retirement …) made through the store, which refuses
    /// it without a reason while the plan is in force and records the reason in `revisions`.
    Revise {
        plan: String,
        /// Boxed: a plan edit (a whole node) is large beside the other variants.
        edit: Box<PlanEdit>,
        reason: Option<String>,
    },
}

impl Edit {
    pub fn plan(&self) -> &str {
        match self {
            Edit::SetActual { plan, .. }
            | Edit::SetStatus { plan, .. }
            | Edit::SetTitle { plan, .. }
            | Edit::SetDescription { plan, .. }
            | Edit::Revise { plan, .. } => plan,
        }
    }
}
