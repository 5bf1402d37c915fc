//! Sync from the TUI, end to end in a pseudo-terminal: two clones of one bare remote change
//! the same figure; `Shift-S` syncs in the background, the conflict dialog names the item
//! with both values, `t` takes the remote's and Enter completes the sync; both clones end on
//! one commit, `git fsck --full --strict` clean. And a quit while a sync runs waits for it.

use std::path::Path;

use kaikaku::model::{FiscalYear, Language};
use kaikaku::store::Workspace;
use kaikaku::tui::{App, Options};

use super::sync::{Team, plan_text, set_actual};
use crate::pty_driver::Tui;

/// The app on `ws` in English without colour, as the in-process tests drive it.
fn english_app(ws: &Path) -> App {
    // The app's merge commit is made in this process, which must not borrow the identity of
    // whoever runs the tests (their global git config): the clone gets its own.
    crate::common::set_repo_identity(ws);
    App::new(
        Workspace::load(ws).expect("load"),
        Options {
            lang: Some(Language::En),
            no_color: true,
            ..Options::default()
        },
    )
}

/// The FY2024 actual of the team plan's indicator `id` as the app holds it.
fn actual_2024(app: &App, id: &str) -> Option<String> {
    app.core
        .workspace
        .plan("team-test")
        .expect("plan")
        .indicator(id)
        .and_then(|k| k.actual(FiscalYear(2024)))
        .map(|v| v.value.to_string())
}

#[test]
fn a_conflict_is_resolved_in_the_tui_by_taking_the_remotes_value() {
    let team = Team::new();
    let bare = team.bare("shared.git");
    let url = bare.to_str().expect("utf-8");
    let a = team.first(url);
    let b = team.clone(url);
    set_actual(&a, "tk1", 2024, "60.1");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);
    set_actual(&b, "tk1", 2024, "61.7");
    team.ok(&b, &["commit", "--phase", "do"]);
    let before = team.head(&b);

    let mut tui = Tui::start(team.home.path(), &b);
    tui.wait_for("ダッシュボード");
    tui.step("5", "履歴 (");
    tui.step("S", "同期の競合 — origin");
    let screen = tui.screen();
    assert!(
        screen.contains("team-test/tk1") && screen.contains("60.1") && screen.contains("61.7"),
        "the item and both values are named:\n{screen}"
    );
    assert!(screen.contains("[未選択]"), "{screen}");
    assert_eq!(team.head(&b), before, "nothing moved before the choice");
    // Enter before a choice does not sync; it says what is missing.
    tui.step("\r", "未選択が 1 件あります");
    tui.step("t", "[相手側を採用]");
    tui.step("\r", "同期しました: マージ");
    tui.wait_for("同期: origin");
    tui.quit();

    assert!(plan_text(&b).contains("60.1") && !plan_text(&b).contains("61.7"));
    let message = team.git_ok(&b, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Conflicts resolved") && message.contains("tk1"),
        "{message}"
    );
    let out = team.ok(&a, &["sync"]);
    assert!(out.contains("fast-forwarded"), "{out}");
    assert_eq!(team.head(&a), team.head(&b));
    for ws in [&a, &b] {
        team.fsck(ws);
        assert_eq!(team.git_ok(ws, &["status", "--porcelain"]), "");
    }
}

/// Quitting while a sync runs waits for it: the fast-forward it started is finished, not cut
/// off with the working files half moved. The remote is reached through a slow stand-in for
/// ssh (a script that waits a second per connection, then runs git's server program here).
#[test]
fn quitting_during_a_sync_waits_for_it_to_finish() {
    let team = Team::new();
    let bare = team.bare("shared.git");
    let path_url = bare.to_str().expect("utf-8");
    let a = team.first(path_url);
    let b = team.clone(path_url);
    let slow_ssh = team.path("slow-ssh");
    std::fs::write(&slow_ssh, "#!/bin/sh\nsleep 1\nshift\nexec sh -c \"$*\"\n").expect("script");
    let mut permissions = std::fs::metadata(&slow_ssh).expect("script").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&slow_ssh, permissions).expect("chmod");
    let slow_url = format!("ssh://slow{}", bare.display());
    for (key, value) in [
        ("remote.origin.url", slow_url.as_str()),
        ("core.sshCommand", slow_ssh.to_str().expect("utf-8")),
        ("ssh.variant", "simple"),
    ] {
        team.git_ok(&b, &["config", key, value]);
    }
    set_actual(&a, "tk2", 2024, "1200");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);

    let mut tui = Tui::start(team.home.path(), &b);
    tui.wait_for("ダッシュボード");
    tui.step("S", "origin と同期中");
    tui.quit();
    assert_eq!(
        team.head(&b),
        team.head(&a),
        "the fast-forward was finished"
    );
    assert!(plan_text(&b).contains("1200"));
    assert_eq!(team.git_ok(&b, &["status", "--porcelain"]), "");
    team.fsck(&b);
}

/// After a sync that brought changes in, the app shows the merged files and undo cannot
/// write back a plan from before them.
#[test]
fn after_a_sync_the_app_shows_the_merged_plan_and_undo_cannot_revert_it() {
    use kaikaku::tui::{Command, dispatch};

    let team = Team::new();
    let bare = team.bare("shared.git");
    let url = bare.to_str().expect("utf-8");
    let a = team.first(url);
    let b = team.clone(url);
    let mut app = english_app(&b);
    let _ = kaikaku::tui::update::apply(
        &mut app,
        kaikaku::tui::app::Edit::Plan {
            plan: "team-test".into(),
            edits: vec![kaikaku::model::plan_edit::PlanEdit::SetActual {
                indicator: "tk1".into(),
                year: FiscalYear(2024),
                value: Some("52.1".parse().expect("figure")),
            }],
            reason: None,
        },
    );
    assert!(!app.undo.is_empty());
    team.ok(&b, &["commit", "--phase", "do"]);
    set_actual(&a, "tk2", 2024, "1200");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);

    dispatch(&mut app, Command::Sync);
    kaikaku::tui::run_tasks(&mut app);
    let message = app.core.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Synced: merged") && message.ends_with("; pushed"),
        "{message}"
    );
    let actual = |id: &str| actual_2024(&app, id);
    assert_eq!(
        actual("tk2").as_deref(),
        Some("1200"),
        "the remote's figure"
    );
    assert_eq!(actual("tk1").as_deref(), Some("52.1"), "and this side's");
    assert!(app.undo.is_empty());
    dispatch(&mut app, Command::Undo);
    assert_eq!(app.core.message.as_deref(), Some("Nothing to undo"));
    assert_eq!(team.git_ok(&b, &["status", "--porcelain"]), "");
    team.ok(&a, &["sync"]);
    assert_eq!(team.head(&a), team.head(&b));
}

/// Per item: the remote's value for one indicator, this side's for another, in one run.
#[test]
fn the_dialog_takes_a_side_per_item_and_the_merge_records_each() {
    use kaikaku::tui::dialog::Dialog;
    use kaikaku::tui::{Command, Msg, dispatch};

    let team = Team::new();
    let bare = team.bare("shared.git");
    let url = bare.to_str().expect("utf-8");
    let a = team.first(url);
    let b = team.clone(url);
    set_actual(&a, "tk1", 2024, "60.1");
    set_actual(&a, "tk2", 2024, "1300");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);
    set_actual(&b, "tk1", 2024, "61.7");
    set_actual(&b, "tk2", 2024, "1200");
    team.ok(&b, &["commit", "--phase", "do"]);
    let mut app = english_app(&b);
    dispatch(&mut app, Command::Sync);
    kaikaku::tui::run_tasks(&mut app);
    let Some(Dialog::Conflicts(conflicts)) = &app.dialog else {
        panic!("the conflict dialog: {:?}", app.core.message);
    };
    let ids: Vec<Option<&str>> = conflicts.items.iter().map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, [Some("team-test/tk1"), Some("team-test/tk2")]);
    let first = &conflicts.items[0];
    assert!(
        first.here.starts_with("KPI tk1") && first.here.ends_with("61.7%"),
        "described in the UI's language (the workspace's is Japanese): {first:?}"
    );
    assert!(first.remote.ends_with("60.1%"), "{first:?}");
    dispatch(&mut app, Msg::Type('t'));
    dispatch(&mut app, Msg::Type('o'));
    dispatch(&mut app, Command::Submit);
    assert!(app.dialog.is_none());
    kaikaku::tui::run_tasks(&mut app);
    let message = app.core.message.clone().unwrap_or_default();
    assert!(message.starts_with("Synced: merged"), "{message}");
    let actual = |id: &str| actual_2024(&app, id);
    assert_eq!(actual("tk1").as_deref(), Some("60.1"), "the remote's");
    assert_eq!(actual("tk2").as_deref(), Some("1200"), "this side's");
    let record = team.git_ok(&b, &["log", "-1", "--format=%B"]);
    assert!(
        record.contains("tk1") && record.contains("took the remote's (--theirs)"),
        "{record}"
    );
    assert!(
        record.contains("tk2") && record.contains("kept here (--ours)"),
        "{record}"
    );
    team.ok(&a, &["sync"]);
    assert_eq!(team.head(&a), team.head(&b));
    team.fsck(&a);
    team.fsck(&b);
}

/// ssh asks about an unknown host key on /dev/tty, which in the TUI is the screen: the sync
/// must fail with ssh's reason instead of writing over the UI and waiting for an answer.
#[test]
fn ssh_never_prompts_over_the_tui() {
    use super::servers::Sshd;
    let mut team = Team::new();
    let server = match Sshd::start(&team.path("")) {
        Ok(server) => server,
        Err(why) => {
            eprintln!("SKIPPED ssh prompts in the TUI: {why}");
            return;
        }
    };
    team.env
        .push(("GIT_SSH_COMMAND".into(), server.ssh_command()));
    let bare = team.bare("shared.git");
    let url = server.url(&bare);
    let a = team.first(&url);
    set_actual(&a, "tk1", 2024, "60.1");
    team.ok(&a, &["commit", "--phase", "do"]);
    // The same ssh, but as a user has it: host keys checked against an empty known_hosts,
    // so ssh wants to ask whether to trust the server.
    let known_hosts = team.path("known_hosts");
    std::fs::write(&known_hosts, "").expect("known_hosts");
    let asking = server
        .ssh_command()
        .replace(
            "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null",
            &format!("-o UserKnownHostsFile={}", known_hosts.display()),
        )
        .replace("-o BatchMode=yes ", "");
    assert_ne!(asking, server.ssh_command());
    let mut tui = Tui::start_with(
        team.home.path(),
        &a,
        &[("GIT_SSH_COMMAND", asking.as_str())],
    );
    tui.wait_for("ダッシュボード");
    tui.step("S", "同期できません");
    let screen = tui.screen();
    assert!(
        !screen.contains("continue connecting") && !screen.contains("yes/no"),
        "ssh asked on the screen:\n{screen}"
    );
    assert!(
        screen.contains("から取得できません"),
        "ssh's failure is said:\n{screen}"
    );
    assert!(screen.contains("git fetch"), "and the fix:\n{screen}");
    tui.press("n");
    tui.wait_gone("同期できません");
    tui.quit();
}
