//! The history screen through `TestBackend`: a phase commit made by the real binary shows in
//! the timeline with its semantic changes, and "since the last meeting" compares with the
//! working files. Commit ids and dates differ per run, so they are masked in the snapshots.

use kaikaku::model::{FiscalYear, Language};
use kaikaku::store::Workspace;
use kaikaku::tui::app::Screen;
use kaikaku::tui::{App, Command, Options, dispatch};

use crate::common::{kaikaku, run, sample_workspace, stderr};
use crate::tui::{draw, text_of};

/// A sample workspace with one Do commit that entered an actual.
fn workspace_with_a_phase_commit() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, dir) = sample_workspace();
    let mut workspace = Workspace::load(&dir).expect("load");
    let mut plan = workspace
        .plan("kumamoto-reform-plan-2027")
        .expect("plan")
        .clone();
    plan.indicator_mut("k-p1-1").expect("indicator").set_actual(
        FiscalYear(2024),
        "5.1".parse().expect("figure"),
        None,
    );
    workspace.save_plan(plan).expect("save");
    // The identity lives in the repository's own config: the user's is kept out of tests.
    crate::common::set_repo_identity(&dir);
    let output = run(kaikaku(temp.path()).arg("--workspace").arg(&dir).args([
        "commit",
        "--phase",
        "do",
        "-m",
        "R6実績を入力",
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    (temp, dir)
}

/// Masks what changes from run to run: commit ids (runs of 7+ hex digits) and dates.
pub(crate) fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let hex_run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .count();
        let is_date = chars.len() >= i + 10
            && chars[i..i + 10].iter().enumerate().all(|(k, c)| {
                if k == 4 || k == 7 {
                    *c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if is_date {
            out.push_str("YYYY-MM-DD");
            i += 10;
        } else if hex_run >= 7 {
            out.extend(std::iter::repeat_n('#', hex_run));
            i += hex_run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn history_screen_shows_the_phase_commit_and_its_changes() {
    let (_temp, dir) = workspace_with_a_phase_commit();
    for lang in [Language::Ja, Language::En] {
        let workspace = Workspace::load(&dir).expect("load");
        let mut app = App::new(
            workspace,
            Options {
                lang: Some(lang),
                no_color: true,
                ..Options::default()
            },
        );
        app.core.workspace.origin = "sample".into();
        dispatch(&mut app, Command::ShowHistory);
        assert_eq!(app.screen, Screen::History);
        let view = app.history.as_ref().expect("history loaded");
        assert_eq!(view.commits.len(), 2, "init + the Do commit");
        assert_eq!(view.commits[0].phase.as_deref(), Some("do"));
        assert!(
            view.changes
                .iter()
                .any(|c| c.contains("k-p1-1") && c.contains("5.1")),
            "{:?}",
            view.changes
        );
        for (width, height) in [(80, 24), (160, 48)] {
            let text = masked(&text_of(&draw(&mut app, width, height)));
            let name = format!(
                "history_{}_{width}x{height}",
                if lang == Language::Ja { "ja" } else { "en" }
            );
            insta::assert_snapshot!(name, text);
        }
    }
}

#[test]
fn since_last_meeting_compares_with_the_working_files() {
    let (_temp, dir) = workspace_with_a_phase_commit();
    let workspace = Workspace::load(&dir).expect("load");
    let mut app = App::new(
        workspace,
        Options {
            lang: Some(Language::En),
            no_color: true,
            ..Options::default()
        },
    );
    // No Check commit yet: the app says so instead of inventing a base.
    dispatch(&mut app, Command::SinceLastMeeting);
    assert!(
        app.core
            .message
            .as_deref()
            .is_some_and(|m| m.contains("No committee meeting")),
        "{:?}",
        app.core.message
    );
}

fn english(workspace: Workspace) -> App {
    App::new(
        workspace,
        Options {
            lang: Some(Language::En),
            no_color: true,
            ..Options::default()
        },
    )
}

#[test]
fn history_screen_works_under_at_and_ends_at_the_revision() {
    let (_temp, dir) = workspace_with_a_phase_commit();
    let repo = git2::Repository::open(&dir).expect("repo");
    let workspace = kaikaku::history::load_at(&repo, "HEAD~1").expect("load at");
    assert!(workspace.root.is_none(), "a revision has no working tree");
    let mut app = english(workspace);
    app.history = Some(kaikaku::tui::screen::history::HistoryView::at(
        dir.clone(),
        "HEAD~1".into(),
    ));
    dispatch(&mut app, Command::ShowHistory);
    let view = app.history.as_ref().expect("history");
    assert_eq!(
        view.commits.len(),
        1,
        "only the init commit is before HEAD~1"
    );
    assert!(view.commits[0].subject.starts_with("Create the workspace"));
    assert!(
        !view.changes.is_empty(),
        "the selected commit's changes are shown"
    );
    let text = text_of(&draw(&mut app, 100, 30));
    assert!(!text.contains("No history"), "{text}");
}

#[test]
fn history_detail_pane_scrolls_past_the_visible_lines() {
    let (_temp, dir) = workspace_with_a_phase_commit();
    let mut app = english(Workspace::load(&dir).expect("load"));
    dispatch(&mut app, Command::ShowHistory);
    // The init commit brings in the whole sample: far more lines than the pane holds.
    dispatch(&mut app, Command::Bottom);
    let view = app.history.as_ref().expect("history");
    assert!(view.changes.len() > 40, "{}", view.changes.len());
    let last = view.changes.last().expect("a change").clone();
    let tail: String = last.chars().take(30).collect();
    let before = text_of(&draw(&mut app, 100, 30));
    assert!(!before.contains(&tail), "the last change is below the pane");
    for _ in 0..200 {
        dispatch(&mut app, Command::PageDown);
    }
    let view = app.history.as_ref().expect("history");
    assert_eq!(view.detail_scroll, view.changes.len() - 1);
    assert_eq!(view.selected, 1, "paging scrolls the detail, not the list");
    let after = text_of(&draw(&mut app, 100, 30));
    assert!(after.contains(&tail), "{after}");
    dispatch(&mut app, Command::Up);
    assert_eq!(app.history.as_ref().map(|v| v.detail_scroll), Some(0));
}

#[test]
fn the_presenter_window_shows_the_history_too() {
    let (temp, dir) = workspace_with_a_phase_commit();
    let mut watch = kaikaku::tui::present::Watch::before_load(&dir);
    let mut workspace = Workspace::load(&dir).expect("load");
    workspace.set_read_only(("投影用ウィンドウ", "presenter window"));
    let mut app = english(workspace);
    app.audience = true;
    let shown = kaikaku::tui::present::Shown {
        screen: "history".into(),
        year: 2024,
        ..Default::default()
    };
    kaikaku::tui::present::follow(&mut app, &shown);
    assert_eq!(app.screen, Screen::History);
    let view = app
        .history
        .as_ref()
        .expect("the presenter loaded the history");
    assert_eq!(view.commits.len(), 2);
    // The secretariat closes the next phase: the projector's history follows.
    let output = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&dir)
        .args(["commit", "--phase", "check"]));
    assert!(output.status.success(), "{}", stderr(&output));
    kaikaku::tui::present::reload(&mut app, &dir, &mut watch);
    let view = app.history.as_ref().expect("history reloaded");
    assert_eq!(view.commits.len(), 3);
    assert_eq!(view.commits[0].phase.as_deref(), Some("check"));
}

#[test]
fn sync_from_the_palette_runs_as_background_work_and_says_the_fix() {
    let (_temp, dir) = workspace_with_a_phase_commit();
    let workspace = Workspace::load(&dir).expect("load");
    let mut app = App::new(
        workspace,
        Options {
            lang: Some(Language::Ja),
            no_color: true,
            ..Options::default()
        },
    );
    dispatch(&mut app, Command::OpenPalette);
    crate::tui::type_text(&mut app, "同期");
    let shown = text_of(&draw(&mut app, 100, 30));
    assert!(
        shown.contains("リモートと同期（git）") && shown.contains("shift-s"),
        "the palette offers the command with its key:\n{shown}"
    );
    dispatch(&mut app, Command::Submit);
    assert_eq!(app.tasks.len(), 1, "the sync waits for the event loop");
    let status = text_of(&draw(&mut app, 120, 30));
    assert!(status.contains("origin と同期中…"), "{status}");
    kaikaku::tui::run_tasks(&mut app);
    assert!(app.tasks.is_empty() && app.core.busy.is_none());
    let Some(kaikaku::tui::dialog::Dialog::Confirm(question)) = &app.dialog else {
        panic!("the failure is asked about: {:?}", app.core.message);
    };
    let message = question.message.clone();
    assert!(message.starts_with("同期できません: "), "{message}");
    assert!(
        message.contains("共有リポジトリを git のリモートとして追加")
            && message.ends_with("(直したら y でもう一度 / n で閉じる)"),
        "the hint in full, in the UI language: {message}"
    );
    let shown = text_of(&draw(&mut app, 100, 30));
    assert!(
        shown.contains("--remote NAME を指定してください"),
        "{shown}"
    );
    // y tries again: the sync is asked for once more.
    dispatch(&mut app, Command::Confirm);
    assert_eq!(app.tasks.len(), 1);
}

#[test]
fn the_conflict_dialog_shows_both_values_and_the_sides_chosen() {
    use kaikaku::history::sync::ConflictItem;
    use kaikaku::tui::dialog::{Conflicts, Dialog};
    let (_temp, dir) = workspace_with_a_phase_commit();
    let mut app = english(Workspace::load(&dir).expect("load"));
    app.core.workspace.origin = "sample".into();
    let item = |id: &str, here: &str, remote: &str| ConflictItem {
        id: Some(format!("team-test/{id}")),
        item: format!("team-test/{id}"),
        here: format!("指標 {id} 窓口満足度: R6 実績 — → {here} %"),
        remote: format!("指標 {id} 窓口満足度: R6 実績 — → {remote} %"),
    };
    let mut dialog = Conflicts::new(
        vec![item("tk1", "61.7", "60.1"), item("tk2", "1200", "1300")],
        "origin".into(),
        Language::En,
    );
    dialog.handle(&kaikaku::tui::Msg::Type('t'));
    app.dialog = Some(Dialog::Conflicts(dialog));
    let text = text_of(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("sync_conflicts_en_80x24", text);
    for small in [(20, 6), (1, 1)] {
        draw(&mut app, small.0, small.1);
    }
    // In Japanese, after Enter with an item still undecided: the note says so.
    app.core.lang = Language::Ja;
    let mut dialog = Conflicts::new(
        vec![item("tk1", "61.7", "60.1"), item("tk2", "1200", "1300")],
        "origin".into(),
        Language::Ja,
    );
    dialog.handle(&kaikaku::tui::Msg::Type('t'));
    dialog.handle(&kaikaku::tui::Msg::Command(Command::Submit));
    app.dialog = Some(Dialog::Conflicts(dialog));
    let text = text_of(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("sync_conflicts_ja_80x24", text);
}
