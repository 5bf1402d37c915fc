//! The forms driven step by step on the sample, and their parsing without a workspace.

use super::*;
use crate::model::plan_edit::PlanEdit;
use crate::model::{Direction, FiscalYear, Indicator, Language};
use crate::store::plan_edit::parse_planned;
use crate::tui::dialog::{ChoicePurpose, Dialog, InputPurpose, LineInput};
use crate::tui::edit::Edit;
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

/// The same open step, to answer it twice.
fn again(outcome: &Outcome) -> Outcome {
    match outcome {
        Outcome::Open(Dialog::Input(input)) => Outcome::Open(Dialog::Input(input.clone())),
        Outcome::Open(Dialog::Choice(choice)) => Outcome::Open(Dialog::Choice(choice.clone())),
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
    for text in [NEW, "山田花子", "委員", "熊本県立大学教授"] {
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
        (
            added.name.as_str(),
            added.affiliation.as_deref(),
            added.label.as_deref()
        ),
        ("山田花子", Some("熊本県立大学教授"), Some("山田委員"))
    );
    assert!(added.id.starts_with("member-"), "{}", added.id);
    // The chair's printed label changed; name, role and affiliation kept.
    let chair = roster(&core)[0].clone();
    let affiliation = chair.affiliation.clone().unwrap_or_default();
    let kept = [
        chair.id.as_str(),
        chair.name.as_str(),
        chair.role.as_str(),
        affiliation.as_str(),
    ];
    let mut outcome = open_members(&core);
    for text in kept {
        outcome = answer(&core, outcome, text);
    }
    let same = answer(&core, again(&outcome), chair.label.as_deref().unwrap_or(""));
    assert!(
        matches!(same, Outcome::Notify(_)),
        "nothing changed: {same:?}"
    );
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
