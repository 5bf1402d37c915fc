//! Years per plan and the status filter's 未設定 (issue 17 items 2 and 3): snapshots of the
//! 未設定 filter and of a filter that matches nothing, in ja and en at both sizes; the edge of
//! a plan's period in the status bar; and the real binary in a pty, `Tab` to the stage-3 plan
//! (R4–R5) landing on 令和4年度 with its 137 取組項目, its 未設定 filter, and `Tab` back.

use kaikaku::model::Language;
use kaikaku::tui::{App, Command};

use crate::common::sample_workspace;
use crate::pty_driver::on_sample;
use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, run, text_of};

/// For each language: a fresh app on the sample, `setup`, then a snapshot at both sizes.
fn snapshots(name: &str, setup: impl Fn(&mut App)) {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        setup(&mut app);
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let snapshot = format!("{name}_{}_{width}x{height}", lang_name(lang));
            assert_rows_fit(&buffer, &snapshot);
            insta::assert_snapshot!(snapshot, text_of(&buffer));
        }
    }
}

#[test]
fn the_no_status_filter_lists_what_is_still_to_be_set() {
    snapshots("tree_filter_no_status", |app| {
        // 未設定 is the first option of the status filter.
        run(
            app,
            [Command::ShowTree, Command::FilterStatus, Command::Submit],
        );
        let all = app.plan().expect("plan").flatten().len();
        assert_eq!(
            app.tree_rows().len(),
            all,
            "the 2027 plan has no status for R6 yet: every node is listed"
        );
        let text = text_of(&draw(app, 160, 48));
        let label = app.core.lang.pick("状況: 未設定", "status: no status");
        assert!(text.contains(label), "{text}");
    });
}

#[test]
fn a_filter_matching_nothing_says_so_and_how_to_clear_it() {
    snapshots("tree_filter_empty", |app| {
        // The first real status (計画通り進捗): nothing has it in R6.
        run(
            app,
            [
                Command::ShowTree,
                Command::FilterStatus,
                Command::Down,
                Command::Submit,
            ],
        );
        assert!(app.tree_rows().is_empty());
        let text = text_of(&draw(app, 80, 24));
        let hint = match app.core.lang {
            Language::Ja => "F でフィルタを解除します",
            Language::En => "Press F to clear the filter,",
        };
        assert!(text.contains(hint), "{text}");
    });
}

#[test]
fn clearing_an_empty_filter_brings_the_tree_back() {
    let (_temp, template) = sample_workspace();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    run(&mut app, [Command::ShowTree]);
    let open = app.tree_rows().len();
    run(
        &mut app,
        [Command::FilterStatus, Command::Down, Command::Submit],
    );
    assert!(app.tree_rows().is_empty());
    run(&mut app, [Command::ClearFilter]);
    assert_eq!(app.tree_rows().len(), open, "F clears it");
}

#[test]
fn the_edge_of_a_plans_period_is_said_in_the_status_bar() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        // The 2027 plan starts in R6, the cycle's year.
        run(&mut app, [Command::ShowTree, Command::PrevYear]);
        assert_eq!(app.core.year.0, 2024, "the year stays");
        let text = text_of(&draw(&mut app, 160, 48));
        let said = match lang {
            Language::Ja => "令和6年度が最初の年度です（この計画の期間: 令和6年度–令和9年度）",
            Language::En => "FY2024 is the first year of this plan (FY2024–FY2027)",
        };
        assert!(text.contains(said), "{text}");
    }
}

/// The acceptance path: `Tab` to the stage-3 plan shows 令和4年度 and its 137 取組項目; `[`
/// stops at R4 and says so; `f` 未設定 lists its 推進項目; `Tab` back returns to 令和6年度.
#[test]
fn tab_to_the_stage_3_plan_shows_its_year_and_the_no_status_filter_lists_items() {
    let (_temp, _workspace, mut tui) = on_sample("計画通り進捗");
    tui.wait_for("進捗状況 — 令和6年度");
    tui.step("\t", "進捗状況 — 令和4年度");
    let screen = tui.screen();
    assert!(
        screen.contains("市役所改革プラン2023（市役所改革第3ステージ）"),
        "{screen}"
    );
    let counts = screen
        .lines()
        .find(|line| line.contains("取組項目"))
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(counts.contains("108 29 0 0 0 0 137"), "{counts}");

    tui.step("[", "令和4年度が最初の年度です");

    tui.press("2");
    tui.step("f", "未設定");
    tui.step("\r", "プラン体系 (6) — 状況: 未設定");
    tui.wait_for("デジタル市役所（DX）の推進");

    tui.step("\t", "令和6年度");
    tui.wait_for("市役所改革プラン2027");
    tui.step("\t", "令和4年度");
    tui.quit();
}
