//! Snapshots of the plan screens' Plan-and-Act dialogs and markers at 80×24 in both
//! languages, driven by the commands the keys produce on a copy of the sample workspace:
//! a retired item in the tree list, reinstating it, the indicator and settings dialogs.

use kaikaku::tui::dialog::{Dialog, InputPurpose, LineInput};
use kaikaku::tui::{App, Command, dispatch};

use crate::common::sample_workspace;
use crate::tui::{LANGS, app_on, assert_rows_fit, draw, lang_name, run, text_of, type_text};

/// For each language: a fresh app, `setup`, then a snapshot at 80×24 named
/// `{name}_{lang}_80x24`.
fn snapshot_80x24(name: &str, setup: impl Fn(&mut App)) {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        setup(&mut app);
        let buffer = draw(&mut app, 80, 24);
        let snapshot = format!("{name}_{}_80x24", lang_name(lang));
        assert_rows_fit(&buffer, &snapshot);
        insta::assert_snapshot!(snapshot, text_of(&buffer));
    }
}

/// The second top-level item of the sample retired with a reason, as `R` does.
pub(crate) fn retire_second_item(app: &mut App) {
    run(app, [Command::ShowTree, Command::Top, Command::Down]);
    // The first policy is open: step past its measures to the second policy.
    let second = app
        .tree_rows()
        .iter()
        .position(|r| r.depth == 0 && r.node.id != app.tree_rows()[0].node.id)
        .expect("a second policy");
    run(app, [Command::Top]);
    for _ in 0..second {
        dispatch(app, Command::Down);
    }
    dispatch(app, Command::RetireNode);
    type_text(app, "方針1へ統合");
    dispatch(app, Command::Submit);
    let row = &app.tree_rows()[app.tree.cursor];
    assert!(row.retired.is_some(), "retired: {:?}", app.core.message);
}

#[test]
fn a_retired_item_is_marked_in_the_list_in_and_after_its_last_year() {
    snapshot_80x24("tree_retired_last_year", |app| {
        retire_second_item(app);
        let text = text_of(&draw(app, 80, 24));
        assert!(
            text.contains("〔R6まで〕") || text.contains("[until FY2024]"),
            "{text}"
        );
    });
    snapshot_80x24("tree_retired_after", |app| {
        retire_second_item(app);
        dispatch(app, Command::NextYear);
        let text = text_of(&draw(app, 80, 24));
        assert!(
            text.contains("〔廃止〕") || text.contains("[retired]"),
            "{text}"
        );
    });
}

#[test]
fn reinstating_asks_the_reason() {
    snapshot_80x24("reinstate_reason", |app| {
        retire_second_item(app);
        dispatch(app, Command::RetireNode);
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput {
                purpose: InputPurpose::Reason { .. },
                ..
            }))
        ));
        type_text(app, "統合を取りやめ");
    });
}

/// The dialog open is a step of a plan form (its purpose `Plan`).
pub(crate) fn at_form_step(app: &App) -> bool {
    matches!(
        app.dialog,
        Some(
            Dialog::Input(LineInput {
                purpose: InputPurpose::Plan(_),
                ..
            }) | Dialog::Choice(kaikaku::tui::dialog::Choice {
                purpose: kaikaku::tui::dialog::ChoicePurpose::Plan(_),
                ..
            })
        )
    )
}

#[test]
fn the_indicator_form_steps() {
    snapshot_80x24("indicator_name", |app| {
        run(app, [Command::ShowTree, Command::AddIndicator]);
        assert!(at_form_step(app));
        type_text(app, "電子申請の利用率");
    });
    snapshot_80x24("indicator_direction", |app| {
        run(app, [Command::ShowTree, Command::AddIndicator]);
        type_text(app, "電子申請の利用率");
        dispatch(app, Command::Submit);
        type_text(app, "%");
        dispatch(app, Command::Submit);
        assert!(at_form_step(app));
    });
    snapshot_80x24("indicator_baseline", |app| {
        run(app, [Command::ShowTree, Command::AddIndicator]);
        type_text(app, "電子申請の利用率");
        dispatch(app, Command::Submit);
        type_text(app, "%");
        run(app, [Command::Submit, Command::Submit]);
        assert!(at_form_step(app));
        type_text(app, "12.5");
        // Without its year: refused, the text kept, the reason shown.
        dispatch(app, Command::Submit);
        assert!(at_form_step(app));
    });
}

#[test]
fn the_target_year_and_planned_steps() {
    let open_target = |app: &mut App| {
        run(app, [Command::ShowKpi, Command::SetTarget]);
        if let Some(Dialog::Input(input)) = app.dialog.as_mut() {
            input.text.clear();
            input.cursor = 0;
        }
        type_text(app, "６倍以上");
        dispatch(app, Command::Submit);
        assert!(at_form_step(app));
    };
    snapshot_80x24("target_year", open_target);
    snapshot_80x24("target_planned", |app| {
        open_target(app);
        dispatch(app, Command::Submit);
        assert!(at_form_step(app));
        type_text(app, "5@R7, 5.5@R8");
    });
}

#[test]
fn the_move_position_choice() {
    snapshot_80x24("move_position", |app| {
        run(
            app,
            [
                Command::ShowTree,
                Command::Down,
                Command::MoveNode,
                Command::Submit,
            ],
        );
        assert!(at_form_step(app));
    });
}

#[test]
fn the_settings_forms() {
    snapshot_80x24("departments_choice", |app| {
        run(app, [Command::ShowTree, Command::EditDepartments]);
        assert!(at_form_step(app));
    });
    snapshot_80x24("department_id", |app| {
        run(
            app,
            [
                Command::ShowTree,
                Command::EditDepartments,
                Command::Down,
                Command::Submit,
                Command::Submit,
                Command::Submit,
            ],
        );
        assert!(at_form_step(app));
    });
    snapshot_80x24("members_choice", |app| {
        run(app, [Command::ShowTree, Command::EditMembers]);
        assert!(at_form_step(app));
    });
    snapshot_80x24("member_label", |app| {
        run(
            app,
            [Command::ShowTree, Command::EditMembers, Command::Down],
        );
        run(app, [Command::Submit; 4]);
        assert!(at_form_step(app));
    });
}

/// An item under a retired one says in the detail that it went with the item above.
#[test]
fn the_detail_of_an_item_under_a_retired_one_says_so() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        retire_second_item(&mut app);
        dispatch(&mut app, Command::Down);
        let text = text_of(&draw(&mut app, 160, 48));
        assert!(
            text.contains("上位項目とともに廃止: 最終年度 令和6年度")
                || text.contains("Retired with the item above after FY2024"),
            "{text}"
        );
    }
}

/// Minutes keep their link to an item retired later, and the meeting screen says it is
/// retired (the plan's revision never rewrites the record of what was discussed).
#[test]
fn minutes_show_a_link_to_a_retired_item_as_retired() {
    let (_temp, template) = sample_workspace();
    let workspace = kaikaku::store::Workspace::load(&template).expect("load");
    let plan = workspace
        .plan("kumamoto-reform-plan-2027")
        .expect("the 2027 plan");
    let second = plan.nodes[1].id.clone();
    let mut meeting = workspace.meetings[0].value.clone();
    meeting.statements[0].nodes = vec![kaikaku::model::meeting::NodeLink {
        plan: plan.id.clone(),
        node: second,
    }];
    // Written by hand: the sample minutes are published and the store refuses to change them.
    let file = template.join("minutes/2021-03-22-kaikaku-suishin-1.ron");
    let text = kaikaku::store::canonical::to_canonical(&meeting).expect("minutes");
    std::fs::write(&file, text).expect("save");
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        retire_second_item(&mut app);
        run(
            &mut app,
            [Command::ShowMeeting, Command::CommandMode, Command::Top],
        );
        let text = text_of(&draw(&mut app, 160, 48));
        let marker = lang.pick("〔廃止: R6まで〕", "[retired after FY2024]");
        assert!(text.contains(marker), "{text}");
    }
}
