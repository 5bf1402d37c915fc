//! The snapshot matrix (issue 17, Done-when): every screen and every dialog of the TUI as
//! an insta snapshot at 80×24 and 160×48, in Japanese and in English, driven through the
//! real `App`/`update` path on `TestBackend`. Most surfaces were snapshotted where they were
//! built; this module adds the variants and the surfaces that were missing, and
//! [`every_snapshot_has_all_four_variants`] keeps the matrix whole from now on.
//!
//! Inventory (`✓` had all four before this module, `+` completed here, `=` completed here
//! from scratch; the module that holds the first snapshots in brackets):
//!
//! | surface | how it is reached | snapshot(s) | state |
//! |---|---|---|---|
//! | dashboard | start | `dashboard`, `presenter_dashboard` (tui) | ✓ |
//! | dashboard while loading | `App::loading` | `loading_dashboard` (loading) | + 160×48 |
//! | plan tree | `2` | `tree`, `tree_deep_detail`, `presenter_tree` (tui) | ✓ |
//! | tree, filtered | `d` / `f` | `tree_filter_department` (tui), `tree_filter_empty`, `tree_filter_no_status` (`tui_years`) | ✓ |
//! | tree, retired item | `R` + reason | `tree_retired_last_year`, `tree_retired_after` (`plan_screens`) | + 160×48 |
//! | KPI screen | `3` | `kpi_actual`, `kpi_group_stage3`, `kpi_last_row`, `presenter_kpi` (tui) | ✓ |
//! | meeting screen | `4` | `meeting_typing`, `meeting_command`, `meeting_empty`, `meeting_presenter` (`meeting_e2e`), `meeting_long_statement` (tui) | ✓ |
//! | meeting screen while loading | `App::loading` | `loading_meeting` (loading) | + 160×48 |
//! | meeting screen, confirmed minutes | `Alt-Shift-C`, `y` | `meeting_confirmed` | = |
//! | projector window | `--projector` | `projector_meeting` (`meeting_lists`) | ✓ |
//! | history | `5` | `history` (`tui_history`) | ✓ |
//! | history since the last meeting | `w` (history) | `history_since_meeting` | = |
//! | one item's history: commits, none, being read | `H` (KPI) | `item_history_entries`, `item_history_empty`, `item_history_reading` (`tui_item_history`) | ✓ |
//! | review queue | `6` | `review` (tui) | ✓ |
//! | review queue while loading | `App::loading` | `loading_review` (loading) | + 160×48 |
//! | terminal too small | 20×5 | `too_small` (tui) | by design 20×5 only |
//! | help | `?` | `help`, `help_end` (tui) | ✓ |
//! | help on the meeting screen | `?` in meeting mode | `meeting_help` (`meeting_keys`) | + 160×48 |
//! | palette | `/` | `palette_ja_query`, `palette_en_query` (tui) | ✓ |
//! | palette, nothing typed yet | `/` | `palette_empty` | = |
//! | palette, a statement found | `/` + words said | `palette_statement` (search) | + 3 variants |
//! | line input: actual | `a` (KPI) | `input_error` (tui) | ✓ |
//! | line input: note of an actual | `n` (KPI) | `actual_note` | = |
//! | line input: status note | `s` then Enter | `status_note` (tui) | ✓ |
//! | line input: target | `t` (KPI) | `target_input` (tui) | ✓ |
//! | line input: new item title | `A` (tree) | `add_node_title` (tui) | ✓ |
//! | line input: revision reason | `t`/`R`/… in force | `target_reason`, `retire_reason` (tui), `reinstate_reason` (`plan_screens`) | + 160×48 |
//! | line input: commit message | `c` (history) | `commit_message` (layout) | ✓ |
//! | line input: 対応方針 | review dialog | `review_policy_input` (tui) | ✓ |
//! | line input: material, page, agenda item | `Alt-Shift-M` / `P` / `A` (meeting) | `meeting_link_material`, `meeting_link_page`, `meeting_link_agenda` | = |
//! | plan form: target year, planned path | `t` → Enter | `target_year`, `target_planned` (`plan_screens`) | + 160×48 |
//! | plan form: indicator | `I` (tree) | `indicator_name`, `indicator_direction`, `indicator_baseline` (`plan_screens`); `indicator_unit`, `indicator_target` | + 160×48; = |
//! | plan form: move position | `m` → parent | `move_position` (`plan_screens`) | + 160×48 |
//! | plan form: departments | `D` (tree) | `departments_choice`, `department_id` (`plan_screens`); `department_name` | + 160×48; = |
//! | plan form: members | `M` (tree) | `members_choice`, `member_label` (`plan_screens`); `member_name` | + 160×48; = |
//! | choice: status | `s` | `status_choice` (tui) | ✓ |
//! | choice: department / status filter | `d` / `f` (tree) | `filter_department_choice`, `filter_status_choice` | = |
//! | choice: move parent | `m` (tree) | `move_parent_choice` (tui) | ✓ |
//! | choice: response status, department | review dialog | `review_status_choice`, `review_department_choice` (tui) | ✓ |
//! | editor: description | `E` (tree) | `editor_description` (tui) | ✓ |
//! | editor: title | `e` (tree) | `editor_title` | = |
//! | editor: prepare a meeting | `Shift-N` | `meeting_new_form` | = |
//! | confirm: status downgrade | `s` to a lower status | `confirm_downgrade` | = |
//! | confirm: quit with unsaved data | `q` while a write fails | `confirm_quit_unsaved` | = |
//! | confirm: retry a failed sync | `Shift-S` without a remote | `confirm_sync_retry` | = |
//! | confirm: delete a statement | `Del` (meeting list) | `meeting_delete_confirm` | = |
//! | confirm: confirm the minutes | `Alt-Shift-C` (meeting) | `meeting_confirm_minutes` | = |
//! | confirm: delete an actual | `x` (KPI) | `confirm_delete_actual` (tui) | ✓ |
//! | conflicts of a stopped sync | sync with conflicts | `sync_conflicts` (`tui_history`) | + 160×48 |
//! | meeting node picker | `Ctrl-L` | `meeting_node_picker` (`meeting_ops`) | ✓ |
//! | meeting speaker picker, meeting list | `Ctrl-G`, `Alt-Shift-M` | `picker_speaker`, `picker_speaker_filtered`, `picker_meetings` (`meeting_lists`) | ✓ |
//!
//! Not snapshotted: the committee choice of the member form (offered only when the
//! workspace has more than one committee; the sample has one); the publish question
//! (`Alt-Shift-U`: the same confirmation as `meeting_confirm_minutes`, another sentence);
//! the missing-git-identity question of `c` (it depends on the git configuration of the
//! machine, which the in-process tests do not control); the reinstate, retire and move
//! confirmations of a plan not in force (the sample's plans in force ask a reason instead,
//! snapshotted as `reinstate_reason`, `retire_reason`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kaikaku::model::Language;
use kaikaku::tui::dialog::{ChoicePurpose, Dialog, EditorPurpose, InputPurpose, Pending};
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::common::sample_workspace;
use crate::plan_screens::{at_form_step, retire_second_item};
use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, run, text_of, type_text};

/// The larger size only: for surfaces whose 80×24 snapshots live in their own module.
const LARGE: [(u16, u16); 1] = [(160, 48)];

/// For each language: a fresh app on the sample, `setup`, then a snapshot at each of `sizes`
/// named `{name}_{lang}_{w}x{h}`.
fn snapshot(name: &str, sizes: &[(u16, u16)], setup: impl Fn(&mut App)) {
    let (_temp, template) = sample_workspace();
    snapshot_on(&template, name, &LANGS, sizes, setup);
}

/// For each of `langs`: a fresh app on a copy of `template`, `setup`, then a snapshot at
/// each of `sizes` named `{name}_{lang}_{w}x{h}`.
fn snapshot_on(
    template: &Path,
    name: &str,
    langs: &[Language],
    sizes: &[(u16, u16)],
    setup: impl Fn(&mut App),
) {
    for &lang in langs {
        let (_copy, mut app) = app_on(template, lang, false);
        setup(&mut app);
        shoot(&mut app, name, sizes);
    }
}

/// Snapshots the app as it is at each of `sizes`.
fn shoot(app: &mut App, name: &str, sizes: &[(u16, u16)]) {
    for &(width, height) in sizes {
        let buffer = draw(app, width, height);
        let snapshot = format!("{name}_{}_{width}x{height}", lang_name(app.core.lang));
        assert_rows_fit(&buffer, &snapshot);
        insta::assert_snapshot!(snapshot, text_of(&buffer));
    }
}

/// `{name}_{lang}_{w}x{h}` split into the surface and its variant.
fn variant(stem: &str) -> Option<(&str, &str)> {
    let (rest, _size) = stem.rsplit_once('_')?;
    let (surface, lang) = rest.rsplit_once('_')?;
    matches!(lang, "ja" | "en").then(|| (surface, &stem[surface.len() + 1..]))
}

/// Every surface snapshotted in one variant is snapshotted in all four, whichever module
/// holds them; the 20×5 "too small" screen exists at that size only, on purpose.
#[test]
fn every_snapshot_has_all_four_variants() {
    let dir = crate::common::repo_root().join("tests/snapshots");
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots") {
        let path = entry.expect("entry").path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        // `main__{module}__{surface}_{lang}_{size}`.
        let Some(name) = stem.rsplit("__").next() else {
            continue;
        };
        if let Some((surface, which)) = variant(name) {
            seen.entry(surface.to_string())
                .or_default()
                .insert(which.to_string());
        }
    }
    let all: BTreeSet<String> = ["ja_80x24", "ja_160x48", "en_80x24", "en_160x48"]
        .map(str::to_string)
        .into();
    let missing: Vec<String> = seen
        .iter()
        .filter(|(surface, _)| surface.as_str() != "too_small")
        .filter(|(_, variants)| **variants != all)
        .map(|(surface, variants)| {
            let lacking: Vec<&String> = all.difference(variants).collect();
            format!("{surface}: {lacking:?}")
        })
        .collect();
    assert!(
        seen.len() > 60,
        "only {} surfaces in {}",
        seen.len(),
        dir.display()
    );
    assert!(missing.is_empty(), "incomplete:\n{}", missing.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The plan screens' forms and markers at 160×48 (their 80×24 snapshots: plan_screens)
// ---------------------------------------------------------------------------------------

#[test]
fn retired_items_at_160x48() {
    snapshot("tree_retired_last_year", &LARGE, retire_second_item);
    snapshot("tree_retired_after", &LARGE, |app| {
        retire_second_item(app);
        dispatch(app, Command::NextYear);
    });
    snapshot("reinstate_reason", &LARGE, |app| {
        retire_second_item(app);
        dispatch(app, Command::RetireNode);
        type_text(app, "統合を取りやめ");
        assert!(matches!(
            &app.dialog,
            Some(Dialog::Input(input)) if matches!(input.purpose, InputPurpose::Reason { .. })
        ));
    });
}

/// The indicator form up to `steps` fields filled (name, unit, direction, baseline).
fn indicator_form(app: &mut App, steps: usize) {
    run(app, [Command::ShowTree, Command::AddIndicator]);
    let fields = ["電子申請の利用率", "%", "", "12.5@R5"];
    for field in fields.iter().take(steps) {
        type_text(app, field);
        dispatch(app, Command::Submit);
    }
    assert!(at_form_step(app), "{:?}", app.core.message);
}

#[test]
fn the_indicator_form_at_every_step() {
    snapshot("indicator_name", &LARGE, |app| {
        indicator_form(app, 0);
        type_text(app, "電子申請の利用率");
    });
    snapshot("indicator_unit", &SIZES, |app| {
        indicator_form(app, 1);
        type_text(app, "%");
    });
    snapshot("indicator_direction", &LARGE, |app| indicator_form(app, 2));
    snapshot("indicator_baseline", &LARGE, |app| {
        indicator_form(app, 3);
        type_text(app, "12.5");
        // Without its year: refused, the text kept, the reason shown.
        dispatch(app, Command::Submit);
        assert!(at_form_step(app));
    });
    snapshot("indicator_target", &SIZES, |app| {
        indicator_form(app, 4);
        type_text(app, "50%以上");
    });
}

/// The target dialog with a new value, at the target year step.
fn target_form(app: &mut App) {
    run(app, [Command::ShowKpi, Command::SetTarget]);
    if let Some(Dialog::Input(input)) = app.dialog.as_mut() {
        input.text.clear();
        input.cursor = 0;
    }
    type_text(app, "６倍以上");
    dispatch(app, Command::Submit);
    assert!(at_form_step(app));
}

#[test]
fn the_target_form_and_the_move_position_at_160x48() {
    snapshot("target_year", &LARGE, target_form);
    snapshot("target_planned", &LARGE, |app| {
        target_form(app);
        dispatch(app, Command::Submit);
        type_text(app, "5@R7, 5.5@R8");
        assert!(at_form_step(app));
    });
    snapshot("move_position", &LARGE, |app| {
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
fn the_settings_forms_at_every_step() {
    snapshot("departments_choice", &LARGE, |app| {
        run(app, [Command::ShowTree, Command::EditDepartments]);
        assert!(at_form_step(app));
    });
    let department = |app: &mut App, steps: usize| {
        run(
            app,
            [Command::ShowTree, Command::EditDepartments, Command::Down],
        );
        run(app, vec![Command::Submit; steps]);
        assert!(at_form_step(app));
    };
    snapshot("department_name", &SIZES, |app| department(app, 1));
    snapshot("department_id", &LARGE, |app| department(app, 3));
    snapshot("members_choice", &LARGE, |app| {
        run(app, [Command::ShowTree, Command::EditMembers]);
        assert!(at_form_step(app));
    });
    let member = |app: &mut App, steps: usize| {
        run(
            app,
            [Command::ShowTree, Command::EditMembers, Command::Down],
        );
        run(app, vec![Command::Submit; steps]);
        assert!(at_form_step(app));
    };
    snapshot("member_name", &SIZES, |app| member(app, 1));
    snapshot("member_label", &LARGE, |app| member(app, 4));
}

// ---------------------------------------------------------------------------------------
// Dialogs of the tree and KPI screens that had no snapshot
// ---------------------------------------------------------------------------------------

#[test]
fn the_note_of_an_actual() {
    snapshot("actual_note", &SIZES, |app| {
        run(app, [Command::ShowKpi, Command::Top, Command::EditActual]);
        type_text(app, "5.1");
        run(app, [Command::Submit, Command::EditActualNote]);
        assert!(matches!(
            &app.dialog,
            Some(Dialog::Input(input)) if matches!(input.purpose, InputPurpose::ActualNote { .. })
        ));
        type_text(app, "人事課調べ");
    });
}

#[test]
fn the_title_editor() {
    snapshot("editor_title", &SIZES, |app| {
        run(app, [Command::ShowTree, Command::Down, Command::EditTitle]);
        assert!(matches!(
            &app.dialog,
            Some(Dialog::Editor(editor)) if matches!(editor.purpose, EditorPurpose::Title { .. })
        ));
    });
}

#[test]
fn the_filter_choices() {
    snapshot("filter_department_choice", &SIZES, |app| {
        run(app, [Command::ShowTree, Command::FilterDepartment]);
        assert!(matches!(
            &app.dialog,
            Some(Dialog::Choice(choice)) if choice.purpose == ChoicePurpose::DepartmentFilter
        ));
    });
    snapshot("filter_status_choice", &SIZES, |app| {
        run(app, [Command::ShowTree, Command::FilterStatus]);
        assert!(matches!(
            &app.dialog,
            Some(Dialog::Choice(choice)) if choice.purpose == ChoicePurpose::StatusFilter
        ));
    });
}

/// Lowering a status (完了 → 未着手) is asked first.
#[test]
fn a_status_downgrade_is_confirmed() {
    snapshot("confirm_downgrade", &SIZES, |app| {
        run(app, [Command::ShowTree, Command::Down, Command::SetStatus]);
        // 完了, with no note.
        run(
            app,
            [
                Command::Down,
                Command::Down,
                Command::Submit,
                Command::Submit,
            ],
        );
        // 未着手, with no note: the question comes before anything is written.
        run(
            app,
            [
                Command::SetStatus,
                Command::Down,
                Command::Submit,
                Command::Submit,
            ],
        );
        assert!(
            matches!(&app.dialog, Some(Dialog::Confirm(_))),
            "{:?} {:?}",
            app.dialog,
            app.core.message
        );
    });
}

/// `q` while a write still fails: the question names what would be lost.
#[test]
fn quitting_with_unsaved_data_asks() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (copy, mut app) = app_on(&template, lang, false);
        // The open plan's file swapped for a non-empty directory: the atomic rename fails.
        let file = copy.path().join("ws/plans/kumamoto-reform-plan-2027.ron");
        std::fs::remove_file(&file).expect("remove");
        std::fs::create_dir(&file).expect("mkdir");
        std::fs::write(file.join("blocker"), b"x").expect("blocker");
        run(
            &mut app,
            [Command::ShowKpi, Command::Top, Command::EditActual],
        );
        type_text(&mut app, "5.1");
        run(&mut app, [Command::Submit, Command::Quit]);
        assert!(
            matches!(
                &app.dialog,
                Some(Dialog::Confirm(confirm)) if confirm.pending == Pending::QuitUnsaved
            ),
            "{:?}",
            app.dialog
        );
        shoot(&mut app, "confirm_quit_unsaved", &SIZES);
    }
}

/// A failed sync (no remote) asks whether to try again, with the fix.
#[test]
fn a_failed_sync_asks_to_retry() {
    snapshot("confirm_sync_retry", &SIZES, |app| {
        dispatch(app, Command::Sync);
        kaikaku::tui::run_tasks(app);
        assert!(
            matches!(
                &app.dialog,
                Some(Dialog::Confirm(confirm)) if confirm.pending == Pending::Sync
            ),
            "{:?} {:?}",
            app.dialog,
            app.core.message
        );
    });
}

// ---------------------------------------------------------------------------------------
// The palette, help, conflicts and loading screens at the sizes they lacked
// ---------------------------------------------------------------------------------------

#[test]
fn the_palette_with_a_statement_found() {
    let (_temp, template) = crate::search::workspace();
    let setup = |app: &mut App| {
        dispatch(app, Command::OpenPalette);
        type_text(app, "商業施設");
    };
    snapshot_on(
        &template,
        "palette_statement",
        &[Language::Ja],
        &LARGE,
        setup,
    );
    snapshot_on(
        &template,
        "palette_statement",
        &[Language::En],
        &SIZES,
        setup,
    );
}

/// Three statements recorded on the draft meeting, as the operator types them.
fn three_statements(app: &mut App) {
    dispatch(app, Command::ShowMeeting);
    for (speaker, text) in [
        ('1', "開会します。"),
        ('2', "第一の意見。"),
        ('3', "第二の意見。"),
    ] {
        dispatch(app, Msg::Speaker(speaker));
        dispatch(app, Msg::Paste(text.into()));
        dispatch(app, Command::CommitStatement);
    }
}

#[test]
fn the_meeting_help_at_160x48() {
    let (_temp, template) = crate::meeting_e2e::workspace_with_draft_meeting();
    snapshot_on(&template, "meeting_help", &LANGS, &LARGE, |app| {
        three_statements(app);
        dispatch(app, Command::ToggleHelp);
    });
}

#[test]
fn the_conflicts_of_a_sync_at_160x48() {
    use kaikaku::history::sync::ConflictItem;
    use kaikaku::tui::dialog::Conflicts;
    let item = |id: &str, here: &str, remote: &str| ConflictItem {
        id: Some(format!("team-test/{id}")),
        item: format!("team-test/{id}"),
        here: format!("指標 {id} 窓口満足度: R6 実績 — → {here} %"),
        remote: format!("指標 {id} 窓口満足度: R6 実績 — → {remote} %"),
    };
    snapshot("sync_conflicts", &LARGE, |app| {
        let mut dialog = Conflicts::new(
            vec![item("tk1", "61.7", "60.1"), item("tk2", "1200", "1300")],
            "origin".into(),
            app.core.lang,
        );
        dialog.handle(&Msg::Type('t'));
        if app.core.lang == Language::Ja {
            // Enter with an item still undecided: the note says so.
            dialog.handle(&Msg::Command(Command::Submit));
        }
        app.dialog = Some(Dialog::Conflicts(dialog));
    });
}

#[test]
fn the_loading_screens_at_160x48() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use kaikaku::store::Progress;
    let (_temp, template) = crate::meeting_e2e::workspace_with_draft_meeting();
    for lang in LANGS {
        let (_copy, _dir, mut app) = crate::loading::staged(&template, lang);
        dispatch(
            &mut app,
            Msg::LoadProgress(Progress {
                done: 120,
                total: 541,
            }),
        );
        for (name, action) in [
            ("loading_dashboard", Command::ShowDashboard),
            ("loading_review", Command::ShowReview),
            ("loading_meeting", Command::ShowMeeting),
        ] {
            dispatch(&mut app, action);
            if name == "loading_meeting" {
                let key = Event::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
                if let Some(msg) = kaikaku::tui::events::msg_for(&app, key) {
                    dispatch(&mut app, msg);
                }
            }
            shoot(&mut app, name, &LARGE);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Meeting mode's dialogs that had no snapshot
// ---------------------------------------------------------------------------------------

#[test]
fn the_meeting_confirmations() {
    let (_temp, template) = crate::meeting_e2e::workspace_with_draft_meeting();
    snapshot_on(&template, "meeting_delete_confirm", &LANGS, &SIZES, |app| {
        three_statements(app);
        run(app, [Command::CommandMode, Command::DeleteStatement]);
        assert!(
            matches!(&app.dialog, Some(Dialog::Confirm(confirm))
                if matches!(confirm.pending, Pending::Statements(_))),
            "{:?}",
            app.dialog
        );
    });
    snapshot_on(
        &template,
        "meeting_confirm_minutes",
        &LANGS,
        &SIZES,
        |app| {
            three_statements(app);
            dispatch(app, Command::ConfirmMeeting);
            assert!(
                matches!(&app.dialog, Some(Dialog::Confirm(confirm))
                if matches!(confirm.pending, Pending::ConfirmMeeting(_))),
                "{:?} {:?}",
                app.dialog,
                app.core.message
            );
        },
    );
    snapshot_on(&template, "meeting_confirmed", &LANGS, &SIZES, |app| {
        three_statements(app);
        run(app, [Command::ConfirmMeeting, Command::Confirm]);
        assert!(app.dialog.is_none(), "{:?}", app.core.message);
    });
}

#[test]
fn the_meeting_link_inputs_and_the_new_meeting_form() {
    let (_temp, template) = crate::meeting_e2e::workspace_with_draft_meeting();
    for (name, command, typed) in [
        ("meeting_link_material", Command::ChooseMaterial, "資料1"),
        ("meeting_link_page", Command::ChoosePage, "3"),
        ("meeting_link_agenda", Command::ChooseAgenda, "(1)"),
    ] {
        snapshot_on(&template, name, &LANGS, &SIZES, |app| {
            dispatch(app, Command::ShowMeeting);
            if command == Command::ChoosePage {
                // A page belongs to a material: that is chosen first.
                dispatch(app, Command::ChooseMaterial);
                type_text(app, "資料1");
                dispatch(app, Command::Submit);
            }
            dispatch(app, command);
            assert!(
                matches!(&app.dialog, Some(Dialog::Input(input))
                    if matches!(input.purpose, InputPurpose::MeetingLink(_))),
                "{:?}",
                app.dialog
            );
            type_text(app, typed);
        });
    }
    snapshot_on(&template, "meeting_new_form", &LANGS, &SIZES, |app| {
        // The form is dated today: a fixed day keeps the snapshot the same every day.
        app.core.today = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("date");
        run(app, [Command::ShowMeeting, Command::NewMeeting]);
        assert!(
            matches!(&app.dialog, Some(Dialog::Editor(editor))
                if editor.purpose == EditorPurpose::NewMeeting),
            "{:?}",
            app.dialog
        );
    });
}

// ---------------------------------------------------------------------------------------
// The palette without a query, the history since the last meeting
// ---------------------------------------------------------------------------------------

#[test]
fn the_palette_before_anything_is_typed() {
    snapshot("palette_empty", &SIZES, |app| {
        dispatch(app, Command::OpenPalette);
        assert!(matches!(&app.dialog, Some(Dialog::Palette(_))));
    });
}

/// `w` on the history screen: what changed since the last meeting. Commit ids and dates
/// are masked (they differ on every run).
#[test]
fn the_history_since_the_last_meeting() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        run(&mut app, [Command::ShowHistory, Command::SinceLastMeeting]);
        assert!(app.history.is_some(), "{:?}", app.core.message);
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let name = format!("history_since_meeting_{}_{width}x{height}", lang_name(lang));
            assert_rows_fit(&buffer, &name);
            insta::assert_snapshot!(name, crate::tui_history::masked(&text_of(&buffer)));
        }
    }
}
