//! What each dialog is for: plain values that carry a multi-step dialog's state from one
//! step to the next (the status chosen travels on to the 対応方針 input, and so on). A leaf:
//! the dialogs import it, it imports no screen.

use crate::model::FiscalYear;
use crate::model::plan_edit::PlanEdit;
use crate::model::response::ResponseStatus;
use crate::tui::dialog::plan_purpose::{PlanChoice, PlanInput};
use crate::tui::edit::Edit;

/// What a single-line input is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputPurpose {
    Actual {
        plan: String,
        indicator: String,
        year: FiscalYear,
    },
    /// The note (備考・出典) of a year's actual; empty clears it.
    ActualNote {
        plan: String,
        indicator: String,
        year: FiscalYear,
    },
    StatusNote {
        plan: String,
        node: String,
        year: FiscalYear,
        status: String,
    },
    /// The target (目標値) of an indicator, typed as printed: `90%以上`, `収支均衡`, `調整中`.
    Target { plan: String, indicator: String },
    /// The title of a new item under `parent` (the selected node).
    NewNode { plan: String, parent: String },
    /// Why the plan is revised: the last step of a revision while the plan is in force; the
    /// revision travels with it and is applied with the reason.
    Reason {
        plan: String,
        /// The edits of one revision (a target with its planned path), applied together;
        /// the first names what is revised.
        edits: Vec<PlanEdit>,
    },
    /// The user's own text for a phase commit (optional), with what the commit will record
    /// shown in full above it; Enter commits, Esc keeps the phase open.
    CommitMessage {
        /// The commit's subject and the counts of what it records.
        summary: Vec<String>,
    },
    /// 対応方針 for a comment, after its new status was chosen.
    ResponsePolicy {
        meeting: String,
        statement: String,
        status: ResponseStatus,
    },
    /// A step of a plan form (target year and planned path, indicator, settings).
    Plan(PlanInput),
    /// Meeting mode: the material, page or agenda item of the link choice.
    MeetingLink(LinkField),
}

/// Which part of meeting mode's link choice a line input sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkField {
    Material,
    Page,
    Agenda,
}

/// What a choice list is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoicePurpose {
    Status {
        plan: String,
        node: String,
        year: FiscalYear,
    },
    DepartmentFilter,
    StatusFilter,
    /// The new parent of `node` (same level as its parent now), to move it there.
    MoveParent {
        plan: String,
        node: String,
    },
    /// The new status of a comment's response (review queue).
    ResponseStatus {
        meeting: String,
        statement: String,
    },
    /// The department responsible for the response, last step of the review dialog; the
    /// status and 対応方針 chosen before travel with it.
    ResponseDepartment {
        meeting: String,
        statement: String,
        status: ResponseStatus,
        policy: String,
    },
    /// A step of a plan form (move position, indicator direction, settings lists).
    Plan(PlanChoice),
}

/// What the multi-line editor edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorPurpose {
    Title {
        plan: String,
        node: String,
    },
    Description {
        plan: String,
        node: String,
    },
    /// The form that prepares a new draft meeting.
    NewMeeting,
}

/// What a confirmation will do on "yes".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    Edit(Edit),
    Statements(ListChange),
    /// Close the current PDCA phase with a commit.
    ClosePhase,
    /// Try the sync again (after it failed; the question shows why and the fix).
    Sync,
    /// Quit although some writes still fail (their data is lost).
    QuitUnsaved,
    /// Confirm (確定) the minutes of this meeting id.
    ConfirmMeeting(String),
    /// Mark the minutes of this meeting id as published (公開).
    PublishMeeting(String),
}

/// A change to meeting mode's statement list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListChange {
    Delete,
    MoveUp,
    MoveDown,
    MergeNext,
}
