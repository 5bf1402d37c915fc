//! What the plan screens' multi-step forms are for: a target's year and planned path, a
//! move's position, an indicator added or edited, a department or a committee member added or
//! edited. Each step is a one-line input or a choice; the value being built travels from one
//! step to the next in these purposes, so a form is a chain of plain dialogs (rendered and
//! unit-tested like the others) and nothing is written before its last step. A leaf, like
//! [`super::purpose`]: it imports the model and the store's edit values, no screen.

use crate::model::plan_edit::PlanEdit;
use crate::model::settings::{Department, Member};
use crate::model::{Direction, Indicator};

/// A one-line input of a plan form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanInput {
    /// The target year (目標年度), after the target value; the target travels with it.
    TargetYear {
        plan: String,
        /// The `SetTarget` being built.
        edit: Box<PlanEdit>,
    },
    /// The yearly planned values (年度別計画値) as `V@Y, V@Y`, after the target year.
    TargetPlanned { plan: String, edit: Box<PlanEdit> },
    /// A field of the indicator form.
    Indicator(IndicatorForm),
    /// A field of the department form.
    Department(DepartmentForm),
    /// A field of the member form.
    Member(MemberForm),
}

/// A choice of a plan form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanChoice {
    /// Where among its new siblings a moved item goes (1-based; the last option: last).
    MovePosition {
        plan: String,
        node: String,
        parent: String,
    },
    /// The direction (増加・減少・以上 …) of the indicator form.
    IndicatorDirection(IndicatorForm),
    /// Which department to edit, or a new one (the empty id).
    Department,
    /// Which member of `committee` to edit, or a new one (the empty id).
    Member { committee: String },
    /// Which committee's roster, when the workspace has more than one.
    Committee,
}

/// Adding or editing an indicator: name → unit → direction → (new only) baseline → target →
/// the reason while the plan is in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorForm {
    pub plan: String,
    /// The indicator edited; `None` adds `draft`.
    pub editing: Option<String>,
    /// The node a new indicator is attached to (`None`: the plan's own 数値目標).
    pub node: Option<String>,
    pub step: IndicatorStep,
    /// What has been typed so far (for an edit: the indicator as it is, then as changed).
    pub draft: Box<Indicator>,
}

/// The field an indicator form is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorStep {
    Name,
    Unit,
    Direction,
    Baseline,
    Target,
}

impl IndicatorForm {
    /// The same form at the next step.
    #[must_use]
    pub fn at(mut self, step: IndicatorStep) -> Self {
        self.step = step;
        self
    }

    /// The directions in the order offered, with their words.
    pub const DIRECTIONS: [(Direction, &'static str, &'static str); 6] = [
        (
            Direction::Increase,
            "増加（高いほど良い）",
            "increase (higher is better)",
        ),
        (
            Direction::Decrease,
            "減少（低いほど良い）",
            "decrease (lower is better)",
        ),
        (
            Direction::AtLeast,
            "以上（目標以上）",
            "at least (target or more)",
        ),
        (
            Direction::AtMost,
            "以下・以内（目標以下）",
            "at most (target or less)",
        ),
        (Direction::Balance, "収支均衡", "balance (収支均衡)"),
        (
            Direction::Qualitative,
            "定性（文章の目標）",
            "qualitative (a written target)",
        ),
    ];
}

/// Adding or editing a department: name → English name → id (a new id re-ids it; the plans
/// and responses that name it follow).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentForm {
    /// The department edited (its id as it is); `None` adds one.
    pub editing: Option<String>,
    pub step: DepartmentStep,
    pub draft: Department,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepartmentStep {
    Name,
    NameEn,
    Id,
}

/// Adding or editing a committee member: name → role → affiliation (所属・役職, printed in
/// the attendee list) → printed label (澤田会長).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberForm {
    pub committee: String,
    /// The member edited; `None` adds `draft` (its id given from the roster's).
    pub editing: Option<String>,
    pub step: MemberStep,
    pub draft: Member,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberStep {
    Name,
    Role,
    Affiliation,
    Label,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direction choice offers every direction the model knows, once, with both words.
    #[test]
    fn every_direction_is_offered_once() {
        let offered: Vec<Direction> = IndicatorForm::DIRECTIONS.iter().map(|d| d.0).collect();
        for direction in Direction::ALL {
            assert_eq!(
                offered.iter().filter(|d| **d == direction).count(),
                1,
                "{direction:?}"
            );
        }
        assert!(
            IndicatorForm::DIRECTIONS
                .iter()
                .all(|(_, ja, en)| !ja.is_empty()
                    && en.starts_with(|c: char| c.is_ascii_lowercase()))
        );
    }

    #[test]
    fn a_form_moves_on_keeping_what_was_typed() {
        let form = IndicatorForm {
            plan: "p".into(),
            editing: None,
            node: Some("p1".into()),
            step: IndicatorStep::Name,
            draft: Box::new(Indicator::new("k-p1-1", "満足度", Direction::Increase)),
        };
        let next = form.clone().at(IndicatorStep::Unit);
        assert_eq!(next.step, IndicatorStep::Unit);
        assert_eq!((next.draft, next.node), (form.draft, form.node));
    }
}
