//! An indicator added field by field (name, unit, direction, baseline, target) or edited
//! (name, unit, direction; only what changed is revised).

use super::{choice, no_change, open, refused_with};
use crate::model::Direction;
use crate::model::fiscal_year::normalize_width;
use crate::model::plan_edit::{PlanEdit, next_indicator_id};
use crate::model::{FiscalYear, Indicator, Target, TargetValue};
use crate::store::plan_edit::{parse_year_value, set_target};
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{IndicatorForm, IndicatorStep, PlanChoice, PlanInput};
use crate::tui::dialog::{InputPurpose, LineInput};
use crate::tui::outcome::Outcome;
use crate::tui::screen::edits;

/// `I`: a new indicator for `node` (or the plan itself), its id the next of the node's.
pub fn open_indicator_add(core: &Core, plan: &str, node: Option<String>) -> Outcome {
    let Some(found) = core.workspace.plan(plan) else {
        return Outcome::Done;
    };
    let id = next_indicator_id(found, node.as_deref());
    let form = IndicatorForm {
        plan: plan.to_string(),
        editing: None,
        node,
        step: IndicatorStep::Name,
        draft: Box::new(Indicator::new(id, "", Direction::Increase)),
    };
    open(PlanInput::Indicator(form), "", true)
}

/// `e` on the KPI screen: the indicator's name, unit and direction, each prefilled.
pub fn open_indicator_edit(plan: &str, indicator: &Indicator) -> Outcome {
    let form = IndicatorForm {
        plan: plan.to_string(),
        editing: Some(indicator.id.clone()),
        node: None,
        step: IndicatorStep::Name,
        draft: Box::new(indicator.clone()),
    };
    open(PlanInput::Indicator(form), indicator.name.clone(), true)
}

pub(super) fn submit_indicator(
    core: &Core,
    input: LineInput<InputPurpose>,
    mut form: IndicatorForm,
    text: &str,
) -> Outcome {
    let text = text.trim();
    match form.step {
        IndicatorStep::Name => {
            form.draft.name = text.to_string();
            let unit = form.draft.unit.clone();
            open(
                PlanInput::Indicator(form.at(IndicatorStep::Unit)),
                unit,
                false,
            )
        }
        IndicatorStep::Unit => {
            // ％ and % are one unit: the figures typed later are read the same way.
            form.draft.unit = normalize_width(text);
            let lang = core.lang;
            let options = IndicatorForm::DIRECTIONS
                .iter()
                .map(|(d, ja, en)| (d.as_str().to_string(), lang.pick(ja, en).to_string()))
                .collect();
            let selected = IndicatorForm::DIRECTIONS
                .iter()
                .position(|(d, _, _)| *d == form.draft.direction)
                .unwrap_or(0);
            let form = form.at(IndicatorStep::Direction);
            choice(PlanChoice::IndicatorDirection(form), options, selected)
        }
        // The direction is a choice, not an input.
        IndicatorStep::Direction => Outcome::Done,
        IndicatorStep::Baseline => {
            form.draft.baseline = if text.is_empty() {
                None
            } else {
                match parse_year_value(text, &form.draft.unit) {
                    Ok(value) => Some(value),
                    Err(message) => return refused_with(core, input, &message),
                }
            };
            open(
                PlanInput::Indicator(form.at(IndicatorStep::Target)),
                "",
                false,
            )
        }
        IndicatorStep::Target => {
            let last = core
                .workspace
                .plan(&form.plan)
                .map_or(FiscalYear(0), |p| p.period.to);
            if text.is_empty() {
                form.draft.target = Some(Target {
                    year: last,
                    value: TargetValue::Tbd,
                    note: None,
                });
            } else if let Err(message) = set_target(&mut form.draft, text, last) {
                return refused_with(core, input, &message);
            }
            finish_indicator(core, form)
        }
    }
}

/// The last step: the indicator added, or the fields that changed edited.
pub(super) fn finish_indicator(core: &Core, form: IndicatorForm) -> Outcome {
    let IndicatorForm {
        plan,
        editing,
        node,
        draft,
        ..
    } = form;
    let Some(id) = editing else {
        let edit = PlanEdit::AddIndicator {
            node,
            indicator: *draft,
        };
        return edits::revise(core, &plan, edit);
    };
    let Some(old) = core.workspace.plan(&plan).and_then(|p| p.indicator(&id)) else {
        return Outcome::Done;
    };
    let changed = |new: &str, old: &str| (new != old).then(|| new.to_string());
    let edit = PlanEdit::EditIndicator {
        indicator: id,
        name: changed(&draft.name, &old.name),
        unit: changed(&draft.unit, &old.unit),
        direction: (draft.direction != old.direction).then_some(draft.direction),
    };
    if matches!(
        edit,
        PlanEdit::EditIndicator {
            name: None,
            unit: None,
            direction: None,
            ..
        }
    ) {
        return no_change(core);
    }
    edits::revise(core, &plan, edit)
}
