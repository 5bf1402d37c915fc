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
fn retire_second_item(app: &mut App) {
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
