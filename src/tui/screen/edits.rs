//! The plan edits of the tree and KPI screens (actuals, statuses, titles, descriptions, and
//! the Plan-and-Act revisions, which the store checks and records with their reason):
//! applied to the in-memory plan, saved through the store, undoable. On a failed save the
//! data stays in memory and the status bar says NOT SAVED until a later save succeeds.
//! (The store is growing its own plan edits, beside `record_response`; these move there.)

use crate::model::plan_edit::PlanEdit;
use crate::model::{Plan, StatusEntry};
use crate::store::plan_edit::PlanEditRequest;
use crate::tui::core::{Core, PendingWrite};
use crate::tui::dialog::{Dialog, InputPurpose, LineInput};
use crate::tui::edit::Edit;
use crate::tui::outcome::Outcome;

/// Applies an edit, remembers the old plan for undo, and saves; returns the status line.
pub fn apply(core: &mut Core, undo: &mut UndoStack, edit: &Edit) -> Option<String> {
    if let Some(refusal) = core.write_refusal() {
        return Some(refusal);
    }
    let plan_id = edit.plan().to_string();
    let Some(before) = core.workspace.plan(&plan_id).cloned() else {
        return Some(format!("no plan {plan_id}"));
    };
    // A revision goes through the store's own rules: the reason, the record, validation.
    let after = if let Edit::Revise { edit, reason, .. } = edit {
        let request = PlanEditRequest {
            plan: plan_id.clone(),
            edits: vec![(**edit).clone()],
            reason: reason.clone(),
        };
        match core.workspace.prepare_plan_edit(&request) {
            Ok(Some(after)) => after,
            Ok(None) => return None,
            Err(error) => return Some(error.with_hint(core.lang)),
        }
    } else {
        let mut after = before.clone();
        if let Err(message) = apply_to_plan(&mut after, edit) {
            return Some(message);
        }
        after
    };
    if after == before {
        return None;
    }
    undo.undo.push((plan_id, before));
    undo.redo.clear();
    Some(save(core, after))
}

/// A revision of the plan as the screens start it: applied at once while the plan is being
/// drawn up, else the reason input opens first (the store would refuse it without one).
pub fn revise(core: &Core, plan: &str, edit: PlanEdit) -> Outcome {
    let needs_reason = core
        .workspace
        .plan(plan)
        .is_some_and(|p| core.workspace.revision_needs_reason(p));
    if needs_reason {
        let purpose = InputPurpose::Reason {
            plan: plan.to_string(),
            edit: Box::new(edit),
        };
        Outcome::Open(Dialog::Input(LineInput::new(purpose, "").required()))
    } else {
        Outcome::Apply(Edit::Revise {
            plan: plan.to_string(),
            edit: Box::new(edit),
            reason: None,
        })
    }
}

/// Undoes (or, with `is_undo` false, redoes) the last edit.
pub fn undo(core: &mut Core, stack: &mut UndoStack, is_undo: bool) -> String {
    if let Some(refusal) = core.write_refusal() {
        return refusal;
    }
    let (from, to) = if is_undo {
        (&mut stack.undo, &mut stack.redo)
    } else {
        (&mut stack.redo, &mut stack.undo)
    };
    let Some((plan_id, plan)) = from.pop() else {
        return core
            .lang
            .pick("これ以上ありません", "Nothing to undo")
            .into();
    };
    if let Some(current) = core.workspace.plan(&plan_id).cloned() {
        to.push((plan_id, current));
    }
    save(core, plan)
}

fn apply_to_plan(plan: &mut Plan, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::SetActual {
            indicator,
            year,
            value,
            ..
        } => {
            let indicator = plan
                .indicator_mut(indicator)
                .ok_or_else(|| format!("no indicator {indicator}"))?;
            match value {
                Some(value) => {
                    let note = indicator.actual(*year).and_then(|a| a.note.clone());
                    indicator.set_actual(*year, *value, note);
                }
                None => {
                    indicator.remove_actual(*year);
                }
            }
        }
        Edit::SetStatus {
            node,
            year,
            status,
            note,
            ..
        } => {
            let node = plan
                .node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?;
            match status {
                Some(status) => {
                    node.set_status(StatusEntry {
                        year: *year,
                        status: status.clone(),
                        note: note.clone(),
                    });
                }
                None => {
                    node.remove_status(*year);
                }
            }
        }
        Edit::SetTitle { node, title, .. } => {
            plan.node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?
                .title
                .clone_from(title);
        }
        Edit::SetDescription { node, text, .. } => {
            plan.node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?
                .description
                .clone_from(text);
        }
        // Handled through the store in `apply`.
        Edit::Revise { .. } => {}
    }
    Ok(())
}

/// Writes the plan through the store; returns the status line.
fn save(core: &mut Core, plan: Plan) -> String {
    let id = plan.id.clone();
    if let Some(slot) = core.workspace.plan_mut(&id) {
        *slot = plan.clone();
    }
    let write = PendingWrite::Plan(id);
    match core.workspace.save_plan(plan) {
        Ok(()) => {
            core.write_done(&write);
            core.saved();
            core.lang.pick("保存しました", "Saved").into()
        }
        Err(error) => {
            core.write_failed(write, &error.localized(core.lang));
            format!(
                "{}: {}",
                core.lang.pick("保存できません", "NOT SAVED"),
                error.with_hint(core.lang)
            )
        }
    }
}

/// The plans as they were before each edit, to undo and redo.
#[derive(Clone, Debug, Default)]
pub struct UndoStack {
    pub undo: Vec<(String, Plan)>,
    pub redo: Vec<(String, Plan)>,
}

impl UndoStack {
    /// Nothing to undo.
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }
}
