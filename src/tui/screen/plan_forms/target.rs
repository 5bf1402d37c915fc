//! The target's year and yearly planned path after its value, and a moved item's place
//! among its new siblings.

use super::{choice, open, refused, refused_with};
use crate::model::plan_edit::PlanEdit;
use crate::model::sanitize_inline;
use crate::model::{FiscalYear, Language, YearValue};
use crate::store::plan_edit::parse_planned;
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{PlanChoice, PlanInput};
use crate::tui::dialog::{InputPurpose, LineInput};
use crate::tui::outcome::Outcome;
use crate::tui::screen::edits;

/// After the target value: its year, prefilled with the year in force (or typed with it).
pub fn open_target_year(core: &Core, plan: &str, edit: PlanEdit) -> Outcome {
    let year = match &edit {
        PlanEdit::SetTarget {
            target: Some(target),
            ..
        } => core.lang.year_short(target.year),
        _ => String::new(),
    };
    let form = PlanInput::TargetYear {
        plan: plan.to_string(),
        edit: Box::new(edit),
    };
    open(form, year, true)
}

pub(super) fn submit_target_year(
    core: &Core,
    input: LineInput<InputPurpose>,
    plan: String,
    mut edit: PlanEdit,
    text: &str,
) -> Outcome {
    let year = match text.trim().parse::<FiscalYear>() {
        Ok(year) => year,
        Err(error) => return refused_with(core, input, &error),
    };
    if let Some(period) = core.workspace.plan(&plan).map(|p| p.period)
        && !period.contains(year)
    {
        return refused(
            input,
            format!(
                "{} {}–{}",
                core.lang
                    .pick("計画期間外です:", "Outside the plan's period:"),
                core.lang.year_short(period.from),
                core.lang.year_short(period.to)
            ),
        );
    }
    let PlanEdit::SetTarget {
        indicator,
        target: Some(target),
        ..
    } = &mut edit
    else {
        return Outcome::Done;
    };
    target.year = year;
    let planned = core
        .workspace
        .plan(&plan)
        .and_then(|p| p.indicator(indicator))
        .map(|i| planned_text(core.lang, &i.planned))
        .unwrap_or_default();
    let form = PlanInput::TargetPlanned {
        plan,
        edit: Box::new(edit),
    };
    open(form, planned, false)
}

pub(super) fn submit_target_planned(
    core: &Core,
    input: LineInput<InputPurpose>,
    plan: &str,
    edit: PlanEdit,
    text: &str,
) -> Outcome {
    let Some(indicator) = core
        .workspace
        .plan(plan)
        .and_then(|p| p.indicator(edit.item()))
    else {
        return Outcome::Done;
    };
    let path = match parse_planned(text, indicator) {
        Ok(path) => path,
        Err(message) => return refused_with(core, input, &message),
    };
    let mut revision = vec![edit];
    if path != indicator.planned {
        revision.push(PlanEdit::SetPlanned {
            indicator: indicator.id.clone(),
            planned: path,
        });
    }
    edits::revise_all(core, plan, revision)
}

/// The planned path as the input shows it: `10@R6, 12@R7`.
pub fn planned_text(lang: Language, planned: &[YearValue]) -> String {
    planned
        .iter()
        .map(|p| format!("{}@{}", p.value, lang.year_short(p.year)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// After the new parent: where among its items the moved one goes (last by default). A
/// parent without items takes it at once.
pub fn open_move_position(core: &Core, plan: &str, node: String, parent: String) -> Outcome {
    let lang = core.lang;
    let children = core
        .workspace
        .plan(plan)
        .and_then(|p| p.node(&parent))
        .map(|p| p.children.as_slice())
        .unwrap_or_default();
    if children.is_empty() {
        let edit = PlanEdit::MoveNode {
            node,
            parent: Some(parent),
            position: None,
        };
        return edits::revise(core, plan, edit);
    }
    let mut options: Vec<(String, String)> = children
        .iter()
        .enumerate()
        .map(|(index, child)| {
            let title = sanitize_inline(&child.title);
            let label = match lang {
                Language::Ja => format!("{}. 「{title}」の前", index + 1),
                Language::En => format!("{}. before 「{title}」", index + 1),
            };
            ((index + 1).to_string(), label)
        })
        .collect();
    let last = children.len() + 1;
    options.push((
        last.to_string(),
        format!("{last}. {}", lang.pick("末尾", "last")),
    ));
    let selected = options.len() - 1;
    let form = PlanChoice::MovePosition {
        plan: plan.to_string(),
        node,
        parent,
    };
    choice(form, options, selected)
}
