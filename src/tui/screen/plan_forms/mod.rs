//! The plan screens' multi-step forms and what each step means: a target's year and its
//! yearly planned path, a move's position, an indicator added (name, unit, direction,
//! baseline, target) or edited (name, unit, direction), and the settings a reorganisation
//! changes — departments (add, rename; a new id carries the references along) and committee
//! members (add, edit, with the printed label). Every form ends in one
//! [`Edit`](crate::tui::edit::Edit) through the store, with the reason input first while the
//! plan is in force ([`edits::revise_all`]), so it is undoable like the others; nothing is
//! written before the last step, and Esc at any step leaves everything as it was.
//!
//! One module per form (`target`, `indicator`, `settings`); their dialogs' titles and hints
//! are in `labels`, so the overlay only frames them.

use crate::model::plan_edit::PlanEdit;
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{IndicatorForm, IndicatorStep, PlanChoice, PlanInput};
use crate::tui::dialog::{Choice, ChoicePurpose, Dialog, InputPurpose, LineInput};
use crate::tui::outcome::Outcome;
use crate::tui::screen::edits;

mod indicator;
mod labels;
mod settings;
mod target;
#[cfg(test)]
mod tests;

pub use indicator::{open_indicator_add, open_indicator_edit};
pub use labels::{choice_title, input_hint, input_title};
pub use settings::{open_departments, open_members};
pub use target::{open_move_position, open_target_year, planned_text};

use indicator::{finish_indicator, submit_indicator};
use settings::{open_department, open_member, open_roster, submit_department, submit_member};
use target::{submit_target_planned, submit_target_year};

/// The id of the "new …" option in the department and member choices: empty, which no
/// real id is (`check_id` refuses it).
pub const NEW: &str = "";

fn open(form: PlanInput, text: impl Into<String>, required: bool) -> Outcome {
    let input = LineInput::new(InputPurpose::Plan(form), text);
    Outcome::Open(Dialog::Input(if required {
        input.required()
    } else {
        input
    }))
}

fn choice(form: PlanChoice, options: Vec<(String, String)>, selected: usize) -> Outcome {
    Outcome::Open(Dialog::Choice(Choice::new(
        ChoicePurpose::Plan(form),
        options,
        selected,
    )))
}

/// The input again, what was typed kept, with why it was refused.
fn refused(input: LineInput<InputPurpose>, message: impl Into<String>) -> Outcome {
    Outcome::Open(Dialog::Input(input.with_error(message)))
}

/// [`refused`] with a message from the core, said in the UI language.
fn refused_with(
    core: &Core,
    input: LineInput<InputPurpose>,
    message: &impl crate::i18n::Localize,
) -> Outcome {
    refused(input, message.message(core.lang))
}

fn no_change(core: &Core) -> Outcome {
    Outcome::Notify(core.lang.pick("変更はありません", "Nothing changed").into())
}

/// Enter in one of the forms' inputs.
pub fn submit(core: &Core, input: LineInput<InputPurpose>, form: PlanInput, text: &str) -> Outcome {
    match form {
        PlanInput::TargetYear { plan, edit } => submit_target_year(core, input, plan, *edit, text),
        PlanInput::TargetPlanned { plan, edit } => {
            submit_target_planned(core, input, &plan, *edit, text)
        }
        PlanInput::Indicator(form) => submit_indicator(core, input, form, text),
        PlanInput::Department(form) => submit_department(core, input, form, text),
        PlanInput::Member(form) => submit_member(core, form, text),
    }
}

/// Enter in one of the forms' choices.
pub fn choose(core: &Core, form: PlanChoice, id: &str) -> Outcome {
    match form {
        PlanChoice::MovePosition { plan, node, parent } => {
            let count = core
                .workspace
                .plan(&plan)
                .and_then(|p| p.node(&parent))
                .map_or(0, |p| p.children.len());
            // The last option is "last": the same edit as a move without a position.
            let position = id.parse::<usize>().ok().filter(|p| *p <= count);
            let edit = PlanEdit::MoveNode {
                node,
                parent: Some(parent),
                position,
            };
            edits::revise(core, &plan, edit)
        }
        PlanChoice::IndicatorDirection(mut form) => {
            let Some((direction, _, _)) = IndicatorForm::DIRECTIONS
                .iter()
                .find(|(d, _, _)| d.as_str() == id)
            else {
                return Outcome::Done;
            };
            form.draft.direction = *direction;
            if form.editing.is_some() {
                finish_indicator(core, form)
            } else {
                open(
                    PlanInput::Indicator(form.at(IndicatorStep::Baseline)),
                    "",
                    false,
                )
            }
        }
        PlanChoice::Department => open_department(core, id),
        PlanChoice::Committee => open_roster(core, id),
        PlanChoice::Member { committee } => open_member(core, &committee, id),
    }
}
