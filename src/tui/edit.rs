//! A change the tree and KPI screens make to the data, as a value: a [`PlanEdit`] of one plan
//! (with the reason a revision carries) or a change to the workspace's departments and
//! committee rosters. Both go through the store — `Workspace::prepare_plan_edit` for plans,
//! `Workspace::{add,edit}_{department,member}` for the settings — so the TUI and the CLI
//! share one definition of every edit and one write path; the screens only undo them.

use crate::model::plan_edit::PlanEdit;
use crate::model::settings::{Department, Member};
use crate::store::settings_edit::{DepartmentEdit, MemberEdit};

/// A change to the data, applied through the store and undoable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// One edit of one plan: a Do-phase record (actual, status, title, description) or a
    /// Plan-and-Act revision, which the store refuses without a reason while the plan is in
    /// force and records with its reason in `revisions`.
    Plan {
        plan: String,
        /// Applied together, all or nothing (a target with its yearly planned path).
        edits: Vec<PlanEdit>,
        reason: Option<String>,
    },
    /// Departments and committee members in `kaikaku.ron` (references follow in the store).
    Settings(SettingsEdit),
}

/// A change to the workspace settings the TUI can make and undo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsEdit {
    AddDepartment(Department),
    /// Rename (name, English name) or re-id a department; plans and responses follow an id.
    EditDepartment {
        id: String,
        edit: DepartmentEdit,
    },
    /// Only as the undo of an added department (which nothing names yet).
    RemoveDepartment(String),
    AddMember {
        committee: String,
        member: Member,
    },
    /// A member's name, role, affiliation or printed label; draft meetings follow.
    EditMember {
        committee: String,
        id: String,
        edit: MemberEdit,
    },
    /// Only as the undo of an added member (whom no meeting lists yet).
    RemoveMember {
        committee: String,
        id: String,
    },
}

impl Edit {
    /// An edit of `plan` without a reason (a Do-phase record, or a revision of a plan that
    /// is still being drawn up).
    pub fn plan_edit(plan: impl Into<String>, edit: PlanEdit) -> Self {
        Edit::plan_edits(plan, vec![edit])
    }

    /// Edits of `plan` applied together, without a reason.
    pub fn plan_edits(plan: impl Into<String>, edits: Vec<PlanEdit>) -> Self {
        Edit::Plan {
            plan: plan.into(),
            edits,
            reason: None,
        }
    }

    /// The plan the edit changes; `None` for the settings.
    pub fn plan(&self) -> Option<&str> {
        match self {
            Edit::Plan { plan, .. } => Some(plan),
            Edit::Settings(_) => None,
        }
    }
}
