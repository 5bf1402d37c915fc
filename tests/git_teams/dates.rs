//! `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` date kaikaku's commits and tags as they date
//! git's: each documented format gives the same raw date `git var` resolves from it.

use std::path::Path;
use std::process::Command;

use crate::common::{kaikaku, run, sample_workspace, seal, stderr, stdout};

fn git(home: &Path, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = Command::new("git");
    seal(&mut command, home);
    command.env("TZ", "Asia/Tokyo").envs(env.iter().copied());
    let output = run(command.current_dir(dir).args(args));
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output)
}

/// `1112879593 +0900`: the date at the end of a `git var` ident.
fn raw_date(ident: &str) -> String {
    let mut parts: Vec<&str> = ident.trim().rsplitn(3, ' ').collect();
    parts.truncate(2);
    parts.reverse();
    parts.join(" ")
}

#[test]
fn commits_and_tags_take_the_dates_git_would() {
    let (home, ws) = sample_workspace();
    let formats = [
        ("@1700000000 +0900", "Thu, 07 Apr 2005 22:13:13 +0200"),
        ("2005-04-07T22:13:13", "2005-04-07 22:13:13.5 -05:30"),
        ("@1700000000", "2025-04-01T09:00:00Z"),
    ];
    for (phase, (author, committer)) in ["do", "check", "act"].into_iter().zip(formats) {
        let env = [
            ("GIT_AUTHOR_DATE", author),
            ("GIT_COMMITTER_DATE", committer),
        ];
        let out = run(kaikaku(home.path())
            .env("TZ", "Asia/Tokyo")
            .envs(env)
            .arg("--workspace")
            .arg(&ws)
            .args(["commit", "--phase", phase]));
        assert!(out.status.success(), "{phase}: {}", stderr(&out));
        let dates = git(
            home.path(),
            &ws,
            &[],
            &["log", "-1", "--format=%ad|%cd", "--date=raw"],
        );
        let expected = format!(
            "{}|{}\n",
            raw_date(&git(home.path(), &ws, &env, &["var", "GIT_AUTHOR_IDENT"])),
            raw_date(&git(
                home.path(),
                &ws,
                &env,
                &["var", "GIT_COMMITTER_IDENT"]
            ))
        );
        assert_eq!(dates, expected, "{phase}: {author} / {committer}");
    }
    // A tag is dated by the committer's date, as `git tag -a` does.
    let out = run(kaikaku(home.path())
        .env("TZ", "Asia/Tokyo")
        .env("GIT_COMMITTER_DATE", "2025-05-31T17:00:00+09:00")
        .arg("--workspace")
        .arg(&ws)
        .args(["close-cycle", "FY2024"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let tagger = git(
        home.path(),
        &ws,
        &[],
        &[
            "for-each-ref",
            "--format=%(taggerdate:raw)",
            "refs/tags/cycle/FY2024",
        ],
    );
    assert_eq!(tagger, "1748678400 +0900\n");
}

#[test]
fn a_date_git_would_refuse_is_refused_before_anything_is_written() {
    let (home, ws) = sample_workspace();
    let head = git(home.path(), &ws, &[], &["rev-parse", "HEAD"]);
    let out = run(kaikaku(home.path())
        .env("GIT_AUTHOR_DATE", "last tuesday")
        .arg("--workspace")
        .arg(&ws)
        .args(["commit", "--phase", "do"]));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("GIT_AUTHOR_DATE is not a date git reads: \"last tuesday\""),
        "{err}"
    );
    assert!(
        err.contains("@1700000000 +0900"),
        "the formats are named: {err}"
    );
    assert_eq!(git(home.path(), &ws, &[], &["rev-parse", "HEAD"]), head);
}
