//! The commit identity comes from where git takes it (environment, config with includes),
//! and is never made up.

use std::path::Path;
use std::process::Command;

use crate::common::{kaikaku, run, seal, stderr, stdout};

/// `git` in the same sealed environment as the binary.
fn git(home: &Path, dir: &Path, args: &[&str]) -> String {
    let mut command = Command::new("git");
    seal(&mut command, home);
    let output = run(command.current_dir(dir).args(args));
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output)
}

const IDENTITY_VARS: [&str; 4] = [
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
];

#[test]
fn author_and_committer_come_from_the_environment_alone() {
    let home = tempfile::tempdir().expect("tempdir");
    let ws = home.path().join("ws");
    let with_env = |command: &mut Command| {
        command
            .env("GIT_AUTHOR_NAME", "山田 花子")
            .env("GIT_AUTHOR_EMAIL", "hanako@city.example.jp")
            .env("GIT_COMMITTER_NAME", "Batch Runner")
            .env("GIT_COMMITTER_EMAIL", "batch@city.example.jp");
    };
    let mut init = kaikaku(home.path());
    with_env(&mut init);
    let out = run(init.args(["init", "--sample"]).arg(&ws));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut commit = kaikaku(home.path());
    with_env(&mut commit);
    let out = run(commit
        .arg("--workspace")
        .arg(&ws)
        .args(["commit", "--phase", "do"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let log = git(
        home.path(),
        &ws,
        &["log", "--format=%an <%ae> / %cn <%ce>", "-2"],
    );
    assert_eq!(
        log,
        "山田 花子 <hanako@city.example.jp> / Batch Runner <batch@city.example.jp>\n".repeat(2),
        "both the baseline and the phase commit"
    );
}

#[test]
fn email_from_the_environment_and_name_from_an_included_config() {
    let home = tempfile::tempdir().expect("tempdir");
    let ws = home.path().join("ws");
    let global = home.path().join("gitconfig");
    std::fs::write(
        home.path().join("people.inc"),
        "[user]\n\tname = 佐藤 一郎\n",
    )
    .expect("inc");
    std::fs::write(&global, "[include]\n\tpath = people.inc\n").expect("global config");
    let sealed = |command: &mut Command| {
        for var in IDENTITY_VARS {
            command.env_remove(var);
        }
        command
            .env("GIT_CONFIG_GLOBAL", &global)
            .env("EMAIL", "ichiro@city.example.jp");
    };
    let mut init = kaikaku(home.path());
    sealed(&mut init);
    let out = run(init.args(["init", "--sample"]).arg(&ws));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut command = Command::new("git");
    seal(&mut command, home.path());
    sealed(&mut command);
    let out = run(command
        .current_dir(&ws)
        .args(["log", "--format=%an <%ae>|%B", "-1"]));
    let text = stdout(&out);
    assert!(
        text.starts_with("佐藤 一郎 <ichiro@city.example.jp>|"),
        "{text}"
    );
    assert!(text.contains("Kaikaku-Event: init"), "{text}");
}

#[test]
fn without_an_identity_init_writes_nothing_and_the_first_run_makes_no_commit() {
    let home = tempfile::tempdir().expect("tempdir");
    let ws = home.path().join("ws");
    let mut init = kaikaku(home.path());
    for var in IDENTITY_VARS {
        init.env_remove(var);
    }
    let out = run(init.args(["init", "--sample"]).arg(&ws));
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("no git identity") && stderr(&out).contains("user.email"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.exists(), "nothing written");

    // The first run still opens the sample, with no commit under a made-up name.
    let mut show = kaikaku(home.path());
    for var in IDENTITY_VARS {
        show.env_remove(var);
    }
    let out = run(show.current_dir(home.path()).args(["show", "plans"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("git の名前とメールが未設定のため"),
        "{}",
        stderr(&out)
    );
    let default = home.path().join("data/workspace");
    let mut count = Command::new("git");
    seal(&mut count, home.path());
    let out = run(count.current_dir(&default).args(["rev-list", "--all"]));
    assert_eq!(stdout(&out), "", "no commit");
    assert!(default.join(".git").is_dir());
}

#[test]
fn the_tui_shows_the_identity_fix_in_the_ui_language() {
    let (home, ws) = crate::common::sample_workspace();
    // Empty values are no identity, for git and for kaikaku alike.
    let none: Vec<(&str, &str)> = IDENTITY_VARS.iter().map(|v| (*v, "")).collect();
    let mut tui = crate::pty_driver::Tui::start_with(home.path(), &ws, &none);
    tui.wait_for("ダッシュボード");
    tui.step("c", "git の名前とメールが未設定です");
    tui.wait_for("user.email \"you@example.jp\"");
    tui.step("y", "コミットできません: git の名前とメール");
    tui.quit();
}
