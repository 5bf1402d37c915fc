//! The edits of the tree and KPI screens (actuals, statuses, titles, descriptions, the
//! Plan-and-Act revisions, departments and committee members), applied through the store —
//! the one write path the CLI uses too — and undoable. A plan edit is prepared by the store
//! (`Workspace::prepare_plan_edit`: the reason rule, the revision record, validation) and the
//! revised plan kept in memory before it is written, so on a failed save the data stays and
//! the status bar says NOT SAVED until a later save succeeds. Undo restores a plan as it was
//! (byte for byte), and a settings change by its inverse (references follow back).

use crate::error::Error;
use crate::model::Plan;
use crate::model::plan_edit::PlanEdit;
use crate::store::plan_edit::PlanEditRequest;
use crate::store::settings_edit::{DepartmentEdit, MemberEdit};
use crate::tui::core::{Core, PendingWrite};
use crate::tui::dialog::{Dialog, InputPurpose, LineInput};
use crate::tui::edit::{Edit, SettingsEdit};
use crate::tui::outcome::Outcome;

/// Applies an edit, remembers how to undo it, and saves; returns the status line (`None`
/// when the edit changes nothing).
pub fn apply(core: &mut Core, undo: &mut UndoStack, edit: &Edit) -> Option<String> {
    if let Some(refusal) = core.write_refusal() {
        return Some(refusal);
    }
    match edit {
        Edit::Plan {
            plan,
            edits,
            reason,
        } => {
            let Some(before) = core.workspace.plan(plan).cloned() else {
                return Some(format!(
                    "{}: {plan}",
                    core.lang.pick("計画がありません", "No plan")
                ));
            };
            let request = PlanEditRequest {
                plan: plan.clone(),
                edits: edits.clone(),
                reason: reason.clone(),
            };
            let after = match core.workspace.prepare_plan_edit(&request) {
                Ok(Some(after)) => after,
                Ok(None) => return None,
                Err(error) => return Some(error.with_hint(core.lang)),
            };
            undo.undo.push(Undo::Plan(plan.clone(), before));
            undo.redo.clear();
            Some(save(core, after))
        }
        Edit::Settings(change) => match settle(core, change) {
            Ok(Some(inverse)) => {
                undo.undo.push(Undo::Settings(inverse));
                undo.redo.clear();
                Some(core.lang.pick("保存しました", "Saved").into())
            }
            Ok(None) => None,
            Err(error) => Some(not_saved(core, &error)),
        },
    }
}

/// A revision of the plan as the screens start it: applied at once while the plan is being
/// drawn up, else the reason input opens first (the store would refuse it without one).
pub fn revise(core: &Core, plan: &str, edit: PlanEdit) -> Outcome {
    revise_all(core, plan, vec![edit])
}

/// Edits revising one plan together, started as [`revise`] starts one.
pub fn revise_all(core: &Core, plan: &str, edits: Vec<PlanEdit>) -> Outcome {
    let needs_reason = core
        .workspace
        .plan(plan)
        .is_some_and(|p| core.workspace.revision_needs_reason(p));
    if needs_reason {
        let purpose = InputPurpose::Reason {
            plan: plan.to_string(),
            edits,
        };
        Outcome::Open(Dialog::Input(LineInput::new(purpose, "").required()))
    } else {
        Outcome::Apply(Edit::plan_edits(plan, edits))
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
    let Some(entry) = from.pop() else {
        return core
            .lang
            .pick("これ以上ありません", "Nothing to undo")
            .into();
    };
    match entry {
        Undo::Plan(plan_id, plan) => {
            if let Some(current) = core.workspace.plan(&plan_id).cloned() {
                to.push(Undo::Plan(plan_id, current));
            }
            save(core, plan)
        }
        Undo::Settings(change) => match settle(core, &change) {
            Ok(inverse) => {
                to.extend(inverse.map(Undo::Settings));
                core.lang.pick("保存しました", "Saved").into()
            }
            Err(error) => {
                // Still undoable once the cause is fixed.
                from.push(Undo::Settings(change));
                not_saved(core, &error)
            }
        },
    }
}

/// [`apply_settings`], keeping memory true to the disk when a write fails: the store sets the
/// settings in memory before it writes them, so if `kaikaku.ron` was not written (its text
/// as last written is unchanged) the settings go back to what the file holds. (A failure in
/// a later file of a rename leaves `kaikaku.ron` written and both ids defined, which memory
/// then shows as it is.)
fn settle(core: &mut Core, change: &SettingsEdit) -> Result<Option<SettingsEdit>, Error> {
    let before = core
        .workspace
        .settings
        .as_ref()
        .map(|s| (s.text.clone(), s.value.clone()));
    let result = apply_settings(core, change);
    if result.is_err()
        && let (Some((text, value)), Some(loaded)) = (before, core.workspace.settings.as_mut())
        && loaded.text == text
    {
        loaded.value = value;
    }
    result
}

/// Applies a settings change through the store; returns its inverse (`None` when it changes
/// nothing). The inverse is worked out before, from the settings as they are.
fn apply_settings(core: &mut Core, change: &SettingsEdit) -> Result<Option<SettingsEdit>, Error> {
    let workspace = &mut core.workspace;
    let before = workspace.settings().cloned();
    let missing = |what: &'static str, id: &str| Error::NotFound {
        what,
        id: id.to_string(),
    };
    let settings = before
        .as_ref()
        .ok_or_else(|| missing("settings", "kaikaku.ron"))?;
    let member = |committee: &str, id: &str| {
        settings
            .committees
            .iter()
            .find(|c| c.id == committee)
            .and_then(|c| c.members.iter().find(|m| m.id == id))
            .cloned()
            .ok_or_else(|| missing("member", id))
    };
    let inverse = match change {
        SettingsEdit::AddDepartment(department) => {
            workspace.add_department(department.clone())?;
            SettingsEdit::RemoveDepartment(department.id.clone())
        }
        SettingsEdit::EditDepartment { id, edit } => {
            let old = settings
                .department(id)
                .cloned()
                .ok_or_else(|| missing("department", id))?;
            let new_id = edit.id.clone().filter(|new| new != id);
            workspace.edit_department(id, edit)?;
            SettingsEdit::EditDepartment {
                id: new_id.clone().unwrap_or_else(|| id.clone()),
                edit: DepartmentEdit {
                    id: new_id.map(|_| old.id),
                    name: Some(old.name),
                    name_en: Some(old.name_en),
                },
            }
        }
        SettingsEdit::RemoveDepartment(id) => {
            let old = settings
                .department(id)
                .cloned()
                .ok_or_else(|| missing("department", id))?;
            workspace.remove_department(id)?;
            SettingsEdit::AddDepartment(old)
        }
        SettingsEdit::AddMember { committee, member } => {
            workspace.add_member(committee, member.clone())?;
            SettingsEdit::RemoveMember {
                committee: committee.clone(),
                id: member.id.clone(),
            }
        }
        SettingsEdit::EditMember {
            committee,
            id,
            edit,
        } => {
            let old = member(committee, id)?;
            workspace.edit_member(committee, id, edit)?;
            SettingsEdit::EditMember {
                committee: committee.clone(),
                id: id.clone(),
                edit: MemberEdit {
                    name: Some(old.name),
                    role: Some(old.role),
                    affiliation: Some(old.affiliation),
                    label: Some(old.label),
                    reading: Some(old.reading),
                },
            }
        }
        SettingsEdit::RemoveMember { committee, id } => {
            let old = member(committee, id)?;
            workspace.remove_member(committee, id)?;
            SettingsEdit::AddMember {
                committee: committee.clone(),
                member: old,
            }
        }
    };
    if core.workspace.settings() == before.as_ref() {
        return Ok(None);
    }
    core.saved();
    Ok(Some(inverse))
}

/// The status line of a refused or failed settings write.
fn not_saved(core: &Core, error: &Error) -> String {
    format!(
        "{}: {}",
        core.lang.pick("保存できません", "NOT SAVED"),
        error.with_hint(core.lang)
    )
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

/// How to take an edit back: the plan as it was before, or the inverse settings change.
#[derive(Clone, Debug)]
pub enum Undo {
    Plan(String, Plan),
    Settings(SettingsEdit),
}

/// The edits to undo and redo, newest last.
#[derive(Clone, Debug, Default)]
pub struct UndoStack {
    pub undo: Vec<Undo>,
    pub redo: Vec<Undo>,
}

impl UndoStack {
    /// Nothing to undo.
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FiscalYear, Language};
    use crate::tui::screen::sample_core;

    /// A disk that takes no new file: every save fails before anything is renamed.
    #[derive(Debug)]
    struct Full;

    impl crate::store::fs_layer::FsLayer for Full {
        fn create_new(
            &self,
            _: &std::path::Path,
        ) -> std::io::Result<Box<dyn crate::store::fs_layer::FsFile>> {
            Err(std::io::Error::other("no space left on device"))
        }
        fn open_append(
            &self,
            _: &std::path::Path,
        ) -> std::io::Result<Box<dyn crate::store::fs_layer::FsFile>> {
            Err(std::io::Error::other("no space left on device"))
        }
        fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
            std::fs::read(path)
        }
        fn rename(&self, from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
            std::fs::rename(from, to)
        }
        fn remove_file(&self, path: &std::path::Path) -> std::io::Result<()> {
            std::fs::remove_file(path)
        }
        fn create_dir(&self, path: &std::path::Path) -> std::io::Result<()> {
            std::fs::create_dir(path)
        }
        fn sync_dir(&self, _: &std::path::Path) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A settings change that cannot be written leaves memory as the file is: NOT SAVED,
    /// nothing to undo, the department not shown as if it existed.
    #[test]
    fn a_settings_change_that_is_not_written_is_not_kept_in_memory() {
        let (temp, mut core) = sample_core(Language::En);
        let bytes = std::fs::read(temp.path().join("kaikaku.ron")).expect("settings");
        let before = core.settings().cloned();
        core.workspace.set_fs_layer(std::sync::Arc::new(Full));
        let add = Edit::Settings(SettingsEdit::AddDepartment(
            crate::model::settings::Department {
                id: "digital".into(),
                name: "デジタル戦略局".into(),
                name_en: None,
            },
        ));
        let mut stack = UndoStack::default();
        let message = apply(&mut core, &mut stack, &add).expect("a message");
        assert!(message.starts_with("NOT SAVED"), "{message}");
        assert!(stack.is_empty());
        assert_eq!(
            core.settings().cloned(),
            before,
            "memory is what the file holds"
        );
        assert_eq!(
            std::fs::read(temp.path().join("kaikaku.ron")).expect("settings"),
            bytes
        );
    }

    /// The Do-phase edits take the store's door too: the store's rules apply (no status
    /// after an item's retirement), and undo gives back the plan as it was.
    #[test]
    fn actuals_and_statuses_go_through_the_store_and_undo() {
        let (temp, mut core) = sample_core(Language::En);
        let plan = core.plan().expect("plan").clone();
        let file = temp.path().join(format!("plans/{}.ron", plan.id));
        let bytes = std::fs::read(&file).expect("plan file");
        let node = plan.nodes[0].id.clone();
        let indicator = plan.top_indicators()[0].1.id.clone();
        let year = core.workspace.revision_year();
        let mut stack = UndoStack::default();
        let retire = Edit::Plan {
            plan: plan.id.clone(),
            edits: vec![PlanEdit::RetireNode {
                node: node.clone(),
                year,
            }],
            reason: Some("統合".into()),
        };
        assert_eq!(
            apply(&mut core, &mut stack, &retire).as_deref(),
            Some("Saved")
        );
        let late = Edit::plan_edit(
            &plan.id,
            PlanEdit::SetStatus {
                node: node.clone(),
                year: FiscalYear(year.0 + 1),
                status: Some("on_plan".into()),
                note: None,
            },
        );
        let refusal = apply(&mut core, &mut stack, &late).expect("refused");
        assert!(refusal.contains("retired"), "{refusal}");
        assert_eq!(stack.undo.len(), 1, "a refused edit is not undoable");
        let actual = Edit::plan_edit(
            &plan.id,
            PlanEdit::SetActual {
                indicator: indicator.clone(),
                year,
                value: Some("12.5".parse().expect("figure")),
            },
        );
        assert_eq!(
            apply(&mut core, &mut stack, &actual).as_deref(),
            Some("Saved")
        );
        assert_eq!(
            apply(&mut core, &mut stack, &actual),
            None,
            "the same figure again changes nothing"
        );
        assert_eq!(stack.undo.len(), 2);
        undo(&mut core, &mut stack, true);
        undo(&mut core, &mut stack, true);
        assert_eq!(core.workspace.plan(&plan.id), Some(&plan));
        assert_eq!(std::fs::read(&file).expect("plan file"), bytes);
        undo(&mut core, &mut stack, false);
        assert!(
            core.workspace
                .plan(&plan.id)
                .and_then(|p| p.node(&node))
                .is_some_and(|n| n.retired == Some(year)),
            "redo"
        );
    }
}
