//! The settings a reorganisation changes: departments (add, rename, re-id — references
//! follow in the store) and committee members (add, edit, with the printed label).

use super::{NEW, choice, no_change, open, refused_with};
use crate::model::Language;
use crate::model::settings::{Department, Member};
use crate::model::validate::check_id;
use crate::store::settings_edit::{DepartmentEdit, MemberEdit};
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{
    DepartmentForm, DepartmentStep, MemberForm, MemberStep, PlanChoice, PlanInput,
};
use crate::tui::dialog::{InputPurpose, LineInput};
use crate::tui::edit::{Edit, SettingsEdit};
use crate::tui::outcome::Outcome;

/// `D`: the departments, to rename one or add one (first option).
pub fn open_departments(core: &Core) -> Outcome {
    if let Some(refusal) = core.write_refusal() {
        return Outcome::Notify(refusal);
    }
    let Some(settings) = core.settings() else {
        return Outcome::Done;
    };
    let options = std::iter::once((
        NEW.to_string(),
        core.lang
            .pick("＋ 新しい所管局", "+ New department")
            .to_string(),
    ))
    .chain(settings.departments.iter().map(|d| {
        (
            d.id.clone(),
            format!("{} ({})", core.department_label(&d.id), d.id),
        )
    }))
    .collect();
    choice(PlanChoice::Department, options, 0)
}

pub(super) fn open_department(core: &Core, id: &str) -> Outcome {
    let existing = core.settings().and_then(|s| s.department(id)).cloned();
    let form = DepartmentForm {
        editing: existing.as_ref().map(|d| d.id.clone()),
        step: DepartmentStep::Name,
        draft: existing.unwrap_or(Department {
            id: String::new(),
            name: String::new(),
            name_en: None,
        }),
    };
    let name = form.draft.name.clone();
    open(PlanInput::Department(form), name, true)
}

pub(super) fn submit_department(
    core: &Core,
    input: LineInput<InputPurpose>,
    mut form: DepartmentForm,
    text: &str,
) -> Outcome {
    let text = text.trim();
    match form.step {
        DepartmentStep::Name => {
            form.draft.name = text.to_string();
            form.step = DepartmentStep::NameEn;
            let name_en = form.draft.name_en.clone().unwrap_or_default();
            open(PlanInput::Department(form), name_en, false)
        }
        DepartmentStep::NameEn => {
            form.draft.name_en = (!text.is_empty()).then(|| text.to_string());
            form.step = DepartmentStep::Id;
            let id = if form.draft.id.is_empty() {
                next_department_id(core)
            } else {
                form.draft.id.clone()
            };
            open(PlanInput::Department(form), id, true)
        }
        DepartmentStep::Id => {
            if let Err(message) = check_id(text) {
                return refused_with(core, input, &message);
            }
            form.draft.id = text.to_string();
            let Some(old_id) = form.editing else {
                return Outcome::Apply(Edit::Settings(SettingsEdit::AddDepartment(form.draft)));
            };
            let Some(old) = core.settings().and_then(|s| s.department(&old_id)) else {
                return Outcome::Done;
            };
            let edit = DepartmentEdit {
                id: (form.draft.id != old.id).then(|| form.draft.id.clone()),
                name: (form.draft.name != old.name).then(|| form.draft.name.clone()),
                name_en: (form.draft.name_en != old.name_en).then(|| form.draft.name_en.clone()),
            };
            if edit == DepartmentEdit::default() {
                return no_change(core);
            }
            Outcome::Apply(Edit::Settings(SettingsEdit::EditDepartment {
                id: old_id,
                edit,
            }))
        }
    }
}

/// `dept-N`, the first that is free: a suggestion the secretariat usually overwrites with
/// the bureau's romanised name (`somu`).
pub(super) fn next_department_id(core: &Core) -> String {
    let count = core.settings().map_or(0, |s| s.departments.len());
    // One more than there are: one of them is free.
    (1..=count + 1)
        .map(|n| format!("dept-{n}"))
        .find(|id| core.settings().is_none_or(|s| s.department(id).is_none()))
        .unwrap_or_default()
}

/// `C`: a committee's roster (the committee chosen first when there are several), to edit a
/// member or add one (first option).
pub fn open_members(core: &Core) -> Outcome {
    if let Some(refusal) = core.write_refusal() {
        return Outcome::Notify(refusal);
    }
    let Some(settings) = core.settings() else {
        return Outcome::Done;
    };
    match settings.committees.as_slice() {
        [] => Outcome::Notify(
            core.lang
                .pick(
                    "委員会がありません（kaikaku.ron の committees）",
                    "No committee in kaikaku.ron (committees)",
                )
                .into(),
        ),
        [only] => open_roster(core, &only.id),
        several => {
            let options = several
                .iter()
                .map(|c| {
                    let name = match core.lang {
                        Language::Ja => &c.name,
                        Language::En => c.name_en.as_ref().unwrap_or(&c.name),
                    };
                    (c.id.clone(), name.clone())
                })
                .collect();
            choice(PlanChoice::Committee, options, 0)
        }
    }
}

pub(super) fn open_roster(core: &Core, committee: &str) -> Outcome {
    let Some(found) = core
        .settings()
        .and_then(|s| s.committees.iter().find(|c| c.id == committee))
    else {
        return Outcome::Done;
    };
    let options = std::iter::once((
        NEW.to_string(),
        core.lang.pick("＋ 新しい委員", "+ New member").to_string(),
    ))
    .chain(found.members.iter().map(|m| {
        let label = m
            .label
            .as_ref()
            .map_or_else(String::new, |l| format!(" 〔{l}〕"));
        (m.id.clone(), format!("{} {}{label}", m.name, m.role))
    }))
    .collect();
    let form = PlanChoice::Member {
        committee: committee.to_string(),
    };
    choice(form, options, 0)
}

pub(super) fn open_member(core: &Core, committee: &str, id: &str) -> Outcome {
    let roster = core
        .settings()
        .and_then(|s| s.committees.iter().find(|c| c.id == committee))
        .map(|c| c.members.as_slice())
        .unwrap_or_default();
    let existing = roster.iter().find(|m| m.id == id).cloned();
    let form = MemberForm {
        committee: committee.to_string(),
        editing: existing.as_ref().map(|m| m.id.clone()),
        step: MemberStep::Name,
        draft: existing.unwrap_or_else(|| Member {
            // Ids name the member in the minutes' attendee lists; never shown when printed.
            id: (1..=roster.len() + 1)
                .map(|n| format!("member-{n}"))
                .find(|id| roster.iter().all(|m| m.id != *id))
                .unwrap_or_default(),
            name: String::new(),
            role: "委員".into(),
            affiliation: None,
            label: None,
            reading: None,
        }),
    };
    let name = form.draft.name.clone();
    open(PlanInput::Member(form), name, true)
}

pub(super) fn submit_member(core: &Core, mut form: MemberForm, text: &str) -> Outcome {
    let text = text.trim();
    match form.step {
        MemberStep::Name => {
            form.draft.name = text.to_string();
            form.step = MemberStep::Role;
            let role = form.draft.role.clone();
            open(PlanInput::Member(form), role, true)
        }
        MemberStep::Role => {
            form.draft.role = text.to_string();
            form.step = MemberStep::Affiliation;
            let affiliation = form.draft.affiliation.clone().unwrap_or_default();
            open(PlanInput::Member(form), affiliation, false)
        }
        MemberStep::Affiliation => {
            form.draft.affiliation = (!text.is_empty()).then(|| text.to_string());
            form.step = MemberStep::Label;
            let label = form.draft.label.clone().unwrap_or_default();
            open(PlanInput::Member(form), label, false)
        }
        MemberStep::Label => {
            form.draft.label = (!text.is_empty()).then(|| text.to_string());
            let MemberForm {
                committee,
                editing,
                draft,
                ..
            } = form;
            let Some(id) = editing else {
                return Outcome::Apply(Edit::Settings(SettingsEdit::AddMember {
                    committee,
                    member: draft,
                }));
            };
            let unchanged = core
                .settings()
                .and_then(|s| s.committees.iter().find(|c| c.id == committee))
                .and_then(|c| c.members.iter().find(|m| m.id == id))
                .is_some_and(|old| *old == draft);
            if unchanged {
                return no_change(core);
            }
            // Unchanged fields are given as they are; the store then changes nothing there.
            Outcome::Apply(Edit::Settings(SettingsEdit::EditMember {
                committee,
                id,
                edit: MemberEdit {
                    name: Some(draft.name),
                    role: Some(draft.role),
                    affiliation: Some(draft.affiliation),
                    label: Some(draft.label),
                    // The kana reading is edited with `settings member edit --reading`.
                    reading: None,
                },
            }))
        }
    }
}
