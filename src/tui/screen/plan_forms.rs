//! The plan screens' multi-step forms and what each step means: a target's year and its
//! yearly planned path, a move's position, an indicator added (name, unit, direction,
//! baseline, target) or edited (name, unit, direction), and the settings a reorganisation
//! changes — departments (add, rename; a new id carries the references along) and committee
//! members (add, edit, with the printed label). Every form ends in one [`Edit`] through the
//! store, with the reason input first while the plan is in force ([`edits::revise_all`]), so
//! it is undoable like the others; nothing is written before the last step, and Esc at any
//! step leaves everything as it was.
//!
//! Titles and hints for the dialogs are here too, so the overlay only frames them.

use crate::model::fiscal_year::normalize_width;
use crate::model::plan_edit::{PlanEdit, next_indicator_id};
use crate::model::settings::{Department, Member};
use crate::model::validate::check_id;
use crate::model::{Direction, sanitize_inline};
use crate::model::{FiscalYear, Indicator, Language, Target, TargetValue, YearValue};
use crate::store::plan_edit::{parse_planned, parse_target, parse_year_value};
use crate::store::settings_edit::{DepartmentEdit, MemberEdit};
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{
    DepartmentForm, DepartmentStep, IndicatorForm, IndicatorStep, MemberForm, MemberStep,
    PlanChoice, PlanInput,
};
use crate::tui::dialog::{Choice, ChoicePurpose, Dialog, InputPurpose, LineInput};
use crate::tui::edit::{Edit, SettingsEdit};
use crate::tui::outcome::Outcome;
use crate::tui::screen::edits;

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
        PlanInput::Member(form) => submit_member(form, text),
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

// ---- the target's year and planned path ------------------------------------------------

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

fn submit_target_year(
    core: &Core,
    input: LineInput<InputPurpose>,
    plan: String,
    mut edit: PlanEdit,
    text: &str,
) -> Outcome {
    let year = match text.trim().parse::<FiscalYear>() {
        Ok(year) => year,
        Err(error) => return refused(input, error.to_string()),
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

fn submit_target_planned(
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
        Err(message) => return refused(input, message),
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

// ---- the move's position ---------------------------------------------------------------

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

// ---- indicators ------------------------------------------------------------------------

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

fn submit_indicator(
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
                    Err(message) => return refused(input, message),
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
            } else {
                let (value, year) = match text.rsplit_once(['@', '＠']) {
                    Some((value, year)) => match year.trim().parse::<FiscalYear>() {
                        Ok(year) => (value, Some(year)),
                        Err(error) => return refused(input, error.to_string()),
                    },
                    None => (text, None),
                };
                let typed = match parse_target(value, &form.draft) {
                    Ok(typed) => typed,
                    Err(message) => return refused(input, message),
                };
                form.draft.bound = typed.bound;
                if let Some(direction) = typed.direction {
                    form.draft.direction = direction;
                }
                form.draft.target = Some(Target {
                    year: year.or(typed.year).unwrap_or(last),
                    value: typed.value,
                    note: None,
                });
            }
            finish_indicator(core, form)
        }
    }
}

/// The last step: the indicator added, or the fields that changed edited.
fn finish_indicator(core: &Core, form: IndicatorForm) -> Outcome {
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

// ---- departments -----------------------------------------------------------------------

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

fn open_department(core: &Core, id: &str) -> Outcome {
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

fn submit_department(
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
                return refused(input, message);
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
fn next_department_id(core: &Core) -> String {
    let count = core.settings().map_or(0, |s| s.departments.len());
    // One more than there are: one of them is free.
    (1..=count + 1)
        .map(|n| format!("dept-{n}"))
        .find(|id| core.settings().is_none_or(|s| s.department(id).is_none()))
        .unwrap_or_default()
}

// ---- committee members -----------------------------------------------------------------

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

fn open_roster(core: &Core, committee: &str) -> Outcome {
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

fn open_member(core: &Core, committee: &str, id: &str) -> Outcome {
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

fn submit_member(mut form: MemberForm, text: &str) -> Outcome {
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
            // Unchanged fields are given as they are; the store then changes nothing there.
            Outcome::Apply(Edit::Settings(SettingsEdit::EditMember {
                committee,
                id,
                edit: MemberEdit {
                    name: Some(draft.name),
                    role: Some(draft.role),
                    affiliation: None,
                    label: Some(draft.label),
                    // The kana reading is edited with `settings member edit --reading`.
                    reading: None,
                },
            }))
        }
    }
}

// ---- titles and hints ------------------------------------------------------------------

/// The title of a form's input: which form, which field, and of what.
pub fn input_title(core: &Core, form: &PlanInput) -> String {
    let lang = core.lang;
    let indicator_name = |plan: &str, id: &str| {
        core.workspace
            .plan(plan)
            .and_then(|p| p.indicator(id))
            .map(|i| (sanitize_inline(&i.name), sanitize_inline(&i.unit)))
            .unwrap_or_default()
    };
    match form {
        PlanInput::TargetYear { plan, edit } => {
            let (name, _) = indicator_name(plan, edit.item());
            format!("{} — {name}", lang.pick("目標年度", "Target year"))
        }
        PlanInput::TargetPlanned { plan, edit } => {
            let (name, unit) = indicator_name(plan, edit.item());
            format!(
                "{} — {name} [{unit}]",
                lang.pick("年度別計画値", "Planned values by year")
            )
        }
        PlanInput::Indicator(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "指標の追加",
                (true, Language::Ja) => "指標の編集",
                (false, Language::En) => "New indicator",
                (true, Language::En) => "Edit indicator",
            };
            let field = match form.step {
                IndicatorStep::Name => lang.pick("名称", "name"),
                IndicatorStep::Unit => lang.pick("単位", "unit"),
                IndicatorStep::Direction => lang.pick("方向", "direction"),
                IndicatorStep::Baseline => lang.pick("基準値", "baseline"),
                IndicatorStep::Target => lang.pick("目標値", "target"),
            };
            let of = match (&form.editing, &form.node) {
                (Some(_), _) => sanitize_inline(&form.draft.name),
                (None, Some(node)) => core
                    .workspace
                    .plan(&form.plan)
                    .and_then(|p| p.node(node))
                    .map_or_else(|| node.clone(), |n| sanitize_inline(&n.title)),
                (None, None) => lang.pick("計画全体", "the whole plan").into(),
            };
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
        PlanInput::Department(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "所管局の追加",
                (true, Language::Ja) => "所管局の変更",
                (false, Language::En) => "New department",
                (true, Language::En) => "Edit department",
            };
            let field = match form.step {
                DepartmentStep::Name => lang.pick("名称", "name"),
                DepartmentStep::NameEn => lang.pick("英語名", "English name"),
                DepartmentStep::Id => "ID",
            };
            let of = sanitize_inline(&form.draft.name);
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
        PlanInput::Member(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "委員の追加",
                (true, Language::Ja) => "委員の編集",
                (false, Language::En) => "New member",
                (true, Language::En) => "Edit member",
            };
            let field = match form.step {
                MemberStep::Name => lang.pick("氏名", "name"),
                MemberStep::Role => lang.pick("役職", "role"),
                MemberStep::Label => lang.pick("発言者表記", "printed label"),
            };
            let of = sanitize_inline(&form.draft.name);
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
    }
}

/// The hint under a form's input: what to type, with an example.
pub fn input_hint(lang: Language, form: &PlanInput) -> &'static str {
    match form {
        PlanInput::TargetYear { .. } => lang.pick(
            "Enter 次へ / Esc 取消（例: R9・2027・令和9年度）",
            "Enter next / Esc cancel (e.g. R9, 2027, FY2027)",
        ),
        PlanInput::TargetPlanned { .. } => lang.pick(
            "値@年度をカンマ区切りで（例: 10@R6, 12@R7）。空欄で計画値なし。Enter 次へ",
            "VALUE@YEAR, comma-separated (e.g. 10@R6, 12@R7); empty: none. Enter next",
        ),
        PlanInput::Indicator(form) => match form.step {
            IndicatorStep::Name | IndicatorStep::Direction => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            IndicatorStep::Unit => lang.pick(
                "例: %・件・倍・億円（空欄可）。Enter 次へ",
                "e.g. %, 件, 倍, 億円 (may be empty). Enter next",
            ),
            IndicatorStep::Baseline => lang.pick(
                "値@年度（例: 5.3@R5・49%(R4)）。空欄で基準値なし。Enter 次へ",
                "VALUE@YEAR (e.g. 5.3@R5, 49%(R4)); empty: none. Enter next",
            ),
            IndicatorStep::Target => lang.pick(
                "例: 90%以上@R9・収支均衡。空欄で調整中（最終年度）。Enter 次へ",
                "e.g. 90%以上@R9, 収支均衡; empty: 調整中 (last year). Enter next",
            ),
        },
        PlanInput::Department(form) => match form.step {
            DepartmentStep::Name | DepartmentStep::NameEn => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            DepartmentStep::Id => lang.pick(
                "文字・数字と - _ . のID。変えると計画・対応の参照も変わります。Enter 保存",
                "letters, digits, - _ . ; a new id renames it in plans and responses. Enter save",
            ),
        },
        PlanInput::Member(form) => match form.step {
            MemberStep::Name | MemberStep::Role => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            MemberStep::Label => lang.pick(
                "議事録の発言者表記（例: 澤田会長）。空欄で氏名のまま。Enter 保存",
                "how the minutes name the speaker (e.g. 澤田会長); empty: the name. Enter save",
            ),
        },
    }
}

/// The title of a form's choice.
pub fn choice_title(core: &Core, form: &PlanChoice) -> String {
    let lang = core.lang;
    match form {
        PlanChoice::MovePosition { plan, node, .. } => {
            let title = core
                .workspace
                .plan(plan)
                .and_then(|p| p.node(node))
                .map_or_else(|| node.clone(), |n| sanitize_inline(&n.title));
            format!(
                "{} — {title}",
                lang.pick("移動先での位置", "Position there")
            )
        }
        PlanChoice::IndicatorDirection(form) => format!(
            "{} — {}",
            lang.pick("指標の方向", "Direction"),
            sanitize_inline(&form.draft.name)
        ),
        PlanChoice::Department => lang
            .pick("所管局（追加・名称変更）", "Departments (add / rename)")
            .into(),
        PlanChoice::Committee => lang.pick("委員会", "Committee").into(),
        PlanChoice::Member { committee } => {
            let name = core
                .settings()
                .and_then(|s| s.committees.iter().find(|c| c.id == *committee))
                .map_or_else(|| committee.clone(), |c| sanitize_inline(&c.name));
            format!(
                "{} — {name}",
                lang.pick("委員（追加・編集）", "Members (add / edit)")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screen::edits::{UndoStack, apply, undo};
    use crate::tui::screen::sample_core;

    /// Answers the open step of a form: types `text` into its input, or picks the option
    /// with id `text` in its choice.
    fn answer(core: &Core, outcome: Outcome, text: &str) -> Outcome {
        match outcome {
            Outcome::Open(Dialog::Input(input)) => match input.purpose.clone() {
                InputPurpose::Plan(form) => submit(core, input, form, text),
                other => panic!("not a form step: {other:?}"),
            },
            Outcome::Open(Dialog::Choice(choice)) => match choice.purpose {
                ChoicePurpose::Plan(form) => {
                    assert!(
                        choice.options.iter().any(|(id, _)| id == text),
                        "{text} in {:?}",
                        choice.options
                    );
                    choose(core, form, text)
                }
                other => panic!("not a form step: {other:?}"),
            },
            other => panic!("no step open: {other:?}"),
        }
    }

    /// The reason input at the end of a revision, answered: the edit to apply.
    fn with_reason(outcome: Outcome, reason: &str) -> Edit {
        match outcome {
            Outcome::Open(Dialog::Input(LineInput {
                purpose: InputPurpose::Reason { plan, edits },
                ..
            })) => Edit::Plan {
                plan,
                edits,
                reason: Some(reason.into()),
            },
            other => panic!("a reason input: {other:?}"),
        }
    }

    fn file(temp: &tempfile::TempDir, name: &str) -> Vec<u8> {
        std::fs::read(temp.path().join(name)).expect("file")
    }

    #[test]
    fn an_indicator_is_added_field_by_field_with_a_reason_and_undone() {
        let (temp, mut core) = sample_core(Language::Ja);
        let plan = core.plan().expect("plan").clone();
        let node = plan.nodes[0].id.clone();
        let path = format!("plans/{}.ron", plan.id);
        let bytes = file(&temp, &path);
        let mut outcome = open_indicator_add(&core, &plan.id, Some(node.clone()));
        let Outcome::Open(Dialog::Input(first)) = &outcome else {
            panic!("the name input");
        };
        assert!(first.required, "an indicator needs a name");
        assert!(input_title(&core, &unwrap_form(first)).contains("指標の追加（名称）"));
        for text in ["電子申請の利用率", "％", "at_least"] {
            outcome = answer(&core, outcome, text);
        }
        // A baseline without its year is refused, what was typed kept.
        let refused = answer(&core, outcome, "12.5");
        let Outcome::Open(Dialog::Input(again)) = &refused else {
            panic!("stays open");
        };
        assert!(again.error.is_some());
        outcome = answer(&core, refused, "１２．５@R5");
        outcome = answer(&core, outcome, "60%以上@R9");
        let edit = with_reason(outcome, "委員会の提案で追加");
        let mut stack = UndoStack::default();
        assert_eq!(
            apply(&mut core, &mut stack, &edit).as_deref(),
            Some("保存しました")
        );
        let after = core.workspace.plan(&plan.id).expect("plan");
        let added = after
            .node(&node)
            .and_then(|n| n.indicators.last())
            .expect("added to the node");
        assert_eq!(added.name, "電子申請の利用率");
        assert_eq!(added.unit, "%", "full-width unit normalised");
        assert_eq!(added.direction, Direction::AtLeast);
        assert_eq!(
            added
                .baseline
                .as_ref()
                .map(|b| (b.year, b.value.to_string())),
            Some((FiscalYear(2023), "12.5".into()))
        );
        assert_eq!(added.target_label(), "60%以上");
        assert!(after.revisions.iter().any(|r| r.item == added.id));
        undo(&mut core, &mut stack, true);
        assert_eq!(file(&temp, &path), bytes, "undone to the byte");
    }

    fn unwrap_form(input: &LineInput<InputPurpose>) -> PlanInput {
        match &input.purpose {
            InputPurpose::Plan(form) => form.clone(),
            other => panic!("not a form: {other:?}"),
        }
    }

    #[test]
    fn editing_an_indicator_changes_only_what_was_changed() {
        let (_temp, core) = sample_core(Language::En);
        let plan = core.plan().expect("plan").clone();
        let indicator = plan.top_indicators()[0].1.clone();
        let mut outcome = open_indicator_edit(&plan.id, &indicator);
        let Outcome::Open(Dialog::Input(name)) = &outcome else {
            panic!("the name input");
        };
        assert_eq!(name.text, indicator.name, "prefilled");
        let unchanged = [
            indicator.name.as_str(),
            indicator.unit.as_str(),
            indicator.direction.as_str(),
        ];
        for text in unchanged {
            outcome = answer(&core, outcome, text);
        }
        assert!(matches!(outcome, Outcome::Notify(ref m) if m.contains("Nothing changed")));
        let mut outcome = open_indicator_edit(&plan.id, &indicator);
        for text in ["改名した指標", indicator.unit.as_str(), "decrease"] {
            outcome = answer(&core, outcome, text);
        }
        let Edit::Plan { edits, .. } = with_reason(outcome, "r") else {
            panic!("a plan edit");
        };
        assert_eq!(
            edits,
            vec![PlanEdit::EditIndicator {
                indicator: indicator.id.clone(),
                name: Some("改名した指標".into()),
                unit: None,
                direction: Some(Direction::Decrease),
            }]
        );
    }

    #[test]
    fn a_department_renamed_with_a_new_id_takes_the_plans_along_and_undoes() {
        let (temp, mut core) = sample_core(Language::Ja);
        let plan = core.plan().expect("plan").clone();
        let path = format!("plans/{}.ron", plan.id);
        let (settings, plan_bytes) = (file(&temp, "kaikaku.ron"), file(&temp, &path));
        let named = |core: &Core, id: &str| core.workspace.department_references(id).len();
        let before = named(&core, "somu");
        assert!(before > 0, "the sample names 総務局");
        let mut outcome = open_departments(&core);
        for text in ["somu", "総務部", "General Affairs Department"] {
            outcome = answer(&core, outcome, text);
        }
        let Outcome::Open(Dialog::Input(id)) = &outcome else {
            panic!("the id input");
        };
        assert_eq!(id.text, "somu", "prefilled with the id in force");
        let refused = answer(&core, outcome, "総務 局");
        assert!(matches!(refused, Outcome::Open(Dialog::Input(ref i)) if i.error.is_some()));
        let Outcome::Apply(edit) = answer(&core, refused, "somu-bu") else {
            panic!("applied at once: settings take no reason");
        };
        let mut stack = UndoStack::default();
        assert_eq!(
            apply(&mut core, &mut stack, &edit).as_deref(),
            Some("保存しました")
        );
        assert_eq!(named(&core, "somu"), 0);
        assert_eq!(named(&core, "somu-bu"), before, "references follow");
        assert_eq!(core.department_label("somu-bu"), "総務部");
        // A new department, then both undone.
        let mut outcome = open_departments(&core);
        for text in [NEW, "デジタル戦略局", ""] {
            outcome = answer(&core, outcome, text);
        }
        let Outcome::Open(Dialog::Input(id)) = &outcome else {
            panic!("the id input");
        };
        assert!(id.text.starts_with("dept-"), "a suggested id: {}", id.text);
        let Outcome::Apply(add) = answer(&core, outcome, "digital") else {
            panic!("applied");
        };
        apply(&mut core, &mut stack, &add);
        assert_eq!(core.department_label("digital"), "デジタル戦略局");
        undo(&mut core, &mut stack, true);
        undo(&mut core, &mut stack, true);
        assert_eq!(file(&temp, "kaikaku.ron"), settings);
        assert_eq!(file(&temp, &path), plan_bytes);
        undo(&mut core, &mut stack, false);
        assert_eq!(named(&core, "somu-bu"), before, "redo");
    }

    #[test]
    fn a_member_is_added_with_the_printed_label_edited_and_undone() {
        let (temp, mut core) = sample_core(Language::Ja);
        let settings = file(&temp, "kaikaku.ron");
        let roster = |core: &Core| {
            core.settings().expect("settings").committees[0]
                .members
                .clone()
        };
        let count = roster(&core).len();
        let mut outcome = open_members(&core);
        for text in [NEW, "山田花子", "委員"] {
            outcome = answer(&core, outcome, text);
        }
        let Outcome::Apply(add) = answer(&core, outcome, "山田委員") else {
            panic!("applied");
        };
        let mut stack = UndoStack::default();
        apply(&mut core, &mut stack, &add);
        let added = roster(&core).last().cloned().expect("added");
        assert_eq!(roster(&core).len(), count + 1);
        assert_eq!(
            (added.name.as_str(), added.label.as_deref()),
            ("山田花子", Some("山田委員"))
        );
        assert!(added.id.starts_with("member-"), "{}", added.id);
        // The chair's printed label changed; name and role kept.
        let chair = roster(&core)[0].clone();
        let mut outcome = open_members(&core);
        for text in [chair.id.as_str(), chair.name.as_str(), chair.role.as_str()] {
            outcome = answer(&core, outcome, text);
        }
        let Outcome::Apply(edit) = answer(&core, outcome, "澤田委員長") else {
            panic!("applied");
        };
        apply(&mut core, &mut stack, &edit);
        assert_eq!(roster(&core)[0].label.as_deref(), Some("澤田委員長"));
        assert_eq!(roster(&core)[0].name, chair.name);
        undo(&mut core, &mut stack, true);
        undo(&mut core, &mut stack, true);
        assert_eq!(file(&temp, "kaikaku.ron"), settings, "undone to the byte");
    }

    /// The planned path as typed, without a workspace: any separator, full-width digits, the
    /// unit after a value, in year order; a value without its year is refused.
    #[test]
    fn planned_values_are_read_as_typed() {
        let mut indicator = Indicator::new("k", "割合", Direction::Increase);
        indicator.unit = "%".into();
        let path = parse_planned("６０%@R8、 50@R7,", &indicator).expect("path");
        assert_eq!(planned_text(Language::Ja, &path), "50@R7, 60@R8");
        assert_eq!(planned_text(Language::En, &path), "50@FY2025, 60@FY2026");
        assert_eq!(parse_planned("  ", &indicator), Ok(Vec::new()));
        assert!(parse_planned("50", &indicator).is_err());
        assert!(
            parse_planned("50件@R7", &indicator).is_err(),
            "another unit"
        );
    }
}
