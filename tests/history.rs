//! PDCA history in git, end to end on temp repositories with the real binary: phase commits,
//! cycle tags, diff, log, time travel, audit (clean and tampered), signing, sync, SIGKILL.
//!
//! The user's git configuration is kept out (no system or global config, HOME in a temp
//! dir, identity set in each repository), as gitui's git2-testing does.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kaikaku::model::{FiscalYear, Meeting, Plan, Revision, StatusEntry};
use kaikaku::store::Workspace;

const PLAN_ID: &str = "pdca-test";

/// A sandbox: a temp HOME and data dir, and the environment that keeps user config out.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        // The sandbox's own "global" config: the identity `init` needs for the baseline
        // commit; each repository then sets its own.
        fs::write(
            dir.path().join("gitconfig"),
            "[user]\n\tname = setup\n\temail = setup@example.jp\n",
        )
        .expect("write gitconfig");
        Sandbox { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn env(&self, command: &mut Command) {
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("KAIKAKU_DATA_DIR", self.dir.path().join("data"))
            .env("LANG", "C");
    }

    fn kaikaku(&self, ws: &Path, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kaikaku"));
        self.env(&mut command);
        command.arg("--workspace").arg(ws).args(args);
        command.output().expect("run kaikaku")
    }

    fn ok(&self, ws: &Path, args: &[&str]) -> String {
        let out = self.kaikaku(ws, args);
        assert!(
            out.status.success(),
            "kaikaku {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let mut command = Command::new("git");
        self.env(&mut command);
        command.current_dir(dir).args(args);
        command.output().expect("run git")
    }

    fn git_ok(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git(dir, args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn identity(&self, dir: &Path, name: &str) {
        self.git_ok(dir, &["config", "user.name", name]);
        self.git_ok(
            dir,
            &["config", "user.email", &format!("{name}@example.jp")],
        );
    }

    /// A workspace from the bundled sample plus a small plan of our own, cycle at FY2024 Plan.
    fn workspace(&self, name: &str) -> PathBuf {
        let ws = self.path(name);
        self.ok(&ws, &["init", ws.to_str().expect("utf-8 path"), "--sample"]);
        self.identity(&ws, "secretariat");
        edit(&ws, |workspace| {
            if let Some(settings) = &mut workspace.settings {
                settings.value.cycle = Some(kaikaku::model::CycleState {
                    year: FiscalYear(2024),
                    phase: kaikaku::model::Phase::Plan,
                });
            }
            workspace.save_settings().expect("save settings");
        });
        ws
    }
}

const TEST_PLAN: &str = r#"(
    id: "pdca-test",
    title: "テスト改革プラン",
    organisation: "熊本市",
    period: (from: 2024, to: 2027),
    levels: [(name: "方針"), (name: "施策")],
    nodes: [
        (
            id: "t1",
            title: "窓口改革",
            indicators: [
                (
                    id: "tk1",
                    name: "窓口満足度",
                    unit: "%",
                    direction: increase,
                    baseline: Some((year: 2023, value: "48.9")),
                    target: Some((year: 2027, value: figure("60.0"))),
                ),
            ],
            children: [
                (
                    id: "t1-1",
                    title: "オンライン申請",
                    indicators: [
                        (id: "tk2", name: "オンライン申請件数", unit: "件", direction: increase),
                    ],
                ),
            ],
        ),
    ],
)"#;

fn meeting(year: u16, date: &str) -> Meeting {
    let text = format!(
        r#"(
    id: "m-fy{year}-1",
    committee: "kaikaku-suishin",
    fiscal_year: {year},
    number: Some(1),
    title: "第1回市役所改革推進委員会",
    date: "{date}",
    status: confirmed,
    attendees: [(id: "sawada", name: "澤田道夫", role: "会長", member: Some("sawada"))],
    statements: [
        (id: "s1", speaker: "sawada", kind: opinion, text: "窓口の待ち時間を{year}年度も測ってほしい。", needs_response: true),
    ],
)"#
    );
    ron::from_str(&text).expect("meeting fixture")
}

/// Loads, edits and saves the workspace through the library, as the TUI would.
fn edit(ws: &Path, change: impl FnOnce(&mut Workspace)) {
    let mut workspace = Workspace::load(ws).expect("load");
    change(&mut workspace);
}

fn edit_plan(ws: &Path, change: impl FnOnce(&mut Plan)) {
    edit(ws, |workspace| {
        let mut plan = workspace.plan(PLAN_ID).expect("test plan").clone();
        change(&mut plan);
        workspace.save_plan(plan).expect("save plan");
    });
}

fn set_actual(plan: &mut Plan, id: &str, year: u16, value: &str) {
    plan.indicator_mut(id).expect("indicator").set_actual(
        FiscalYear(year),
        value.parse().expect("figure"),
        None,
    );
}

fn set_status(plan: &mut Plan, node: &str, year: u16, status: &str) {
    plan.node_mut(node).expect("node").set_status(StatusEntry {
        year: FiscalYear(year),
        status: status.into(),
        note: None,
    });
}

/// Runs one full cycle of the year on `ws`: Plan, Do, Check, Act, close-cycle.
fn full_cycle(sandbox: &Sandbox, ws: &Path, year: u16) {
    match year {
        2024 => edit(ws, |w| {
            let plan: Plan = ron::from_str(TEST_PLAN).expect("plan fixture");
            w.save_plan(plan).expect("save");
        }),
        2025 => edit_plan(ws, |p| {
            p.description = "2025年度の重点: オンライン化".into();
        }),
        _ => {}
    }
    sandbox.ok(ws, &["commit", "--phase", "plan", "-m", "計画を確認"]);
    edit_plan(ws, |p| match year {
        2024 => {
            set_actual(p, "tk1", 2024, "52.1");
            set_actual(p, "tk2", 2024, "1200");
            set_status(p, "t1", 2024, "on_plan");
        }
        2025 => {
            set_actual(p, "tk1", 2025, "55.0");
            set_status(p, "t1", 2025, "changed");
        }
        _ => {
            set_actual(p, "tk1", 2025, "55.2");
            set_actual(p, "tk1", 2026, "58.3");
            set_actual(p, "tk2", 2026, "2400");
        }
    });
    sandbox.ok(ws, &["commit", "--phase", "do"]);
    let date = format!("{year}-07-30");
    edit(ws, |w| {
        w.save_meeting(meeting(year, &date)).expect("save meeting");
    });
    sandbox.ok(ws, &["commit", "--phase", "check"]);
    edit_plan(ws, |p| match year {
        2024 => {
            let target = p.indicator_mut("tk1").expect("tk1");
            if let Some(t) = &mut target.target {
                t.value = kaikaku::model::TargetValue::Value("65.0".parse().expect("figure"));
            }
            p.revisions.push(Revision {
                year: FiscalYear(2024),
                item: "tk1".into(),
                reason: "委員会の意見を受け目標を引き上げ".into(),
            });
        }
        2025 => {
            let child = kaikaku::model::Node::new("t1-2", "窓口キャッシュレス化");
            p.node_mut("t1").expect("t1").children.push(child);
            p.revisions.push(Revision {
                year: FiscalYear(2025),
                item: "t1-2".into(),
                reason: "委員提案による追加".into(),
            });
        }
        _ => {}
    });
    sandbox.ok(ws, &["commit", "--phase", "act", "-m", "対応方針を決定"]);
    sandbox.ok(ws, &["close-cycle", &format!("FY{year}")]);
}

/// Three full cycles on a fresh workspace (built once per test that needs it).
fn three_cycles(sandbox: &Sandbox, name: &str) -> PathBuf {
    let ws = sandbox.workspace(name);
    for year in [2024, 2025, 2026] {
        full_cycle(sandbox, &ws, year);
    }
    ws
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn three_cycles_make_commits_tags_and_a_readable_log() {
    let sandbox = Sandbox::new();
    let ws = three_cycles(&sandbox, "ws");

    // 12 phase commits with trailers (plus the first commit that created the workspace).
    let bodies = sandbox.git_ok(&ws, &["log", "--format=%B%x00"]);
    let phase_commits = bodies
        .split('\0')
        .filter(|b| b.contains("Kaikaku-Cycle: FY") && b.contains("Kaikaku-Phase: "))
        .count();
    assert_eq!(phase_commits, 12, "{bodies}");
    assert_eq!(
        bodies.matches("Kaikaku-Changed: ").count(),
        12,
        "every phase commit counts its changes"
    );
    assert_eq!(bodies.matches("Kaikaku-Meeting: m-fy").count(), 3);

    // Three chained tags.
    let tags = sandbox.git_ok(&ws, &["tag", "-l", "cycle/*"]);
    assert_eq!(
        tags.lines().collect::<Vec<_>>(),
        ["cycle/FY2024", "cycle/FY2025", "cycle/FY2026"]
    );
    let mut previous = "none".to_string();
    for (n, tag) in tags.lines().enumerate() {
        let message = sandbox.git_ok(&ws, &["cat-file", "tag", tag]);
        assert!(
            message.contains(&format!("Kaikaku-Sequence: {}", n + 1)),
            "{message}"
        );
        assert!(
            message.contains(&format!("Kaikaku-Previous-Tag: {previous}")),
            "{message}"
        );
        previous = sandbox.git_ok(&ws, &["rev-parse", tag]).trim().to_string();
        let target = sandbox.git_ok(
            &ws,
            &["log", "-1", "--format=%B", &format!("{tag}^{{commit}}")],
        );
        assert!(target.contains("Kaikaku-Phase: act"), "{target}");
    }

    // The repository is sound.
    let fsck = sandbox.git(&ws, &["fsck", "--full", "--strict"]);
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );

    // The working tree is clean and the cycle moved on.
    assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");
    let settings = fs::read_to_string(ws.join("kaikaku.ron")).expect("settings");
    assert!(
        settings.contains("year: 2027") && settings.contains("phase: plan"),
        "{settings}"
    );

    // git log reads well.
    let log = sandbox.git_ok(&ws, &["log", "--reverse", "--format=%s%n%n%b%n----"]);
    insta::assert_snapshot!("history_git_log", log);

    // Refusals: a closed phase, a tag twice.
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "do", "--cycle", "FY2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is closed"));
    let out = sandbox.kaikaku(&ws, &["close-cycle", "FY2026"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));

    // diff between two cycle tags reports exactly the FY2025 changes.
    let json = sandbox.ok(
        &ws,
        &["diff", "cycle/FY2024", "cycle/FY2025", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let mut changes: Vec<String> = value["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let kind = c["change"].as_str().unwrap_or("");
            let what = ["plan", "meeting", "node", "indicator", "statement"]
                .iter()
                .filter_map(|k| c[*k].as_str())
                .collect::<Vec<_>>()
                .join("/");
            let values = format!(
                "{}→{}",
                c["old"]
                    .as_str()
                    .map_or(c["old"].to_string(), str::to_string),
                c["new"]
                    .as_str()
                    .map_or(c["new"].to_string(), str::to_string)
            );
            format!("{kind} {what} {values}")
        })
        .collect();
    changes.sort();
    let expected = [
        "cycle  {\"phase\":\"plan\",\"year\":2025}→{\"phase\":\"plan\",\"year\":2026}",
        "figure pdca-test/tk1 null→55.0",
        "meeting_added m-fy2025-1 null→null",
        "node_added pdca-test/t1-2 null→null",
        "plan_edited pdca-test null→null",
        "statement_added m-fy2025-1/s1 null→null",
        "status pdca-test/t1 null→changed",
    ];
    assert_eq!(changes, expected, "{json}");
    assert!(
        json.contains("委員提案による追加"),
        "the node's reason is shown: {json}"
    );

    // log --kpi lists each value change with its commit.
    let log = sandbox.ok(&ws, &["--lang", "en", "log", "--kpi", "tk1"]);
    for expected in [
        "FY2026 Do",
        "FY2025 actual 55.0% → 55.2%",
        "FY2026 actual — → 58.3%",
        "FY2025 Do",
        "FY2025 actual — → 55.0%",
        "FY2024 Act",
        "60.0% (FY2027) → 65.0% (FY2027)",
        "FY2024 Do",
        "FY2024 actual — → 52.1%",
        "FY2024 Plan",
        "baseline — → 48.9%",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in\n{log}");
    }
    let json = sandbox.ok(&ws, &["log", "--kpi", "tk1", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(entries.as_array().map(Vec::len), Some(5), "{json}");

    // Time travel: cycle/FY2024 shows old values while the files hold new ones.
    let at = sandbox.ok(
        &ws,
        &["--at", "cycle/FY2024", "show", "kpi", "--format", "json"],
    );
    assert!(
        at.contains("52.1") && !at.contains("55.2") && !at.contains("58.3"),
        "{at}"
    );
    let now = sandbox.ok(&ws, &["show", "kpi", "--format", "json"]);
    assert!(now.contains("55.2") && now.contains("58.3"), "{now}");
    let out = sandbox.kaikaku(&ws, &["--at", "cycle/FY2024", "commit"]);
    assert_eq!(out.status.code(), Some(2), "no writes in the past");

    // Audit passes on the clean history.
    let audit = sandbox.ok(&ws, &["--lang", "en", "audit"]);
    assert!(audit.contains("0 finding(s)"), "{audit}");
    assert!(
        audit.contains("58.3") && audit.contains("tk2"),
        "figure table: {audit}"
    );

    tampering(&sandbox, &ws);
}

/// Each tampering in its own copy of the repository, each named by the audit.
fn tampering(sandbox: &Sandbox, ws: &Path) {
    let audit_fails = |dir: &Path, expected: &[&str]| {
        let out = sandbox.kaikaku(dir, &["--lang", "en", "audit"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "audit must fail: {text}");
        for e in expected {
            assert!(text.contains(e), "missing {e:?} in\n{text}");
        }
    };

    // An amended commit after tagging.
    let dir = sandbox.path("amended");
    copy_dir(ws, &dir);
    sandbox.git_ok(&dir, &["commit", "--amend", "-m", "FY2026 Act: rewritten"]);
    audit_fails(&dir, &["cycle/FY2026", "not in the current history"]);

    // A moved tag.
    let dir = sandbox.path("moved");
    copy_dir(ws, &dir);
    sandbox.git_ok(
        &dir,
        &["tag", "-f", "-a", "cycle/FY2024", "-m", "moved", "HEAD~2"],
    );
    audit_fails(&dir, &["cycle/FY2024", "cycle/FY2025", "moved"]);

    // Confirmed minutes changed (with forged trailers, so only that is wrong).
    let dir = sandbox.path("minutes");
    copy_dir(ws, &dir);
    let path = dir.join("minutes/m-fy2024-1.ron");
    let text = fs::read_to_string(&path).expect("minutes");
    fs::write(&path, text.replace("測ってほしい", "測らなくてよい")).expect("write");
    assert_eq!(
        sandbox.kaikaku(&dir, &["check"]).status.code(),
        Some(1),
        "check sees it too"
    );
    sandbox.git_ok(
        &dir,
        &[
            "commit",
            "-am",
            "typo\n\nKaikaku-Cycle: FY2027\nKaikaku-Phase: plan",
        ],
    );
    audit_fails(
        &dir,
        &[
            "ConfirmedMinutes",
            "minutes/m-fy2024-1.ron",
            "after the minutes were confirmed",
        ],
    );

    // A data commit without trailers.
    let dir = sandbox.path("trailers");
    copy_dir(ws, &dir);
    edit_plan(&dir, |p| set_actual(p, "tk2", 2026, "2500"));
    sandbox.git_ok(&dir, &["commit", "-am", "quick fix"]);
    audit_fails(&dir, &["Trailers", "without Kaikaku trailers", "quick fix"]);
}

#[test]
fn commit_refusals_explain_the_fix() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    let stderr = |out: &Output| String::from_utf8_lossy(&out.stderr).into_owned();

    // Unrelated dirty files.
    fs::write(ws.join("notes.txt"), "memo").expect("write");
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("notes.txt") && stderr(&out).contains(".gitignore"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(ws.join("notes.txt")).expect("rm");

    // A locked index.
    let lock = ws.join(".git/index.lock");
    fs::write(&lock, "").expect("lock");
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "plan"]);
    assert!(
        stderr(&out).contains("index.lock") && stderr(&out).contains("delete that file"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(&lock).expect("unlock");

    // A failing check.
    let broken = ws.join("plans/broken.ron");
    fs::write(&broken, "(id: ").expect("write");
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "plan"]);
    assert!(stderr(&out).contains("kaikaku check"), "{}", stderr(&out));
    fs::remove_file(&broken).expect("rm");

    // A detached HEAD.
    sandbox.git_ok(&ws, &["checkout", "-q", "--detach"]);
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "plan"]);
    assert!(
        stderr(&out).contains("detached") && stderr(&out).contains("git switch"),
        "{}",
        stderr(&out)
    );
    sandbox.git_ok(&ws, &["checkout", "-q", "-"]);

    // A missing identity (none in the repository, none global).
    sandbox.git_ok(&ws, &["config", "--unset", "user.name"]);
    sandbox.git_ok(&ws, &["config", "--unset", "user.email"]);
    fs::write(sandbox.path("gitconfig"), "").expect("empty global config");
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "plan"]);
    assert!(stderr(&out).contains("user.name"), "{}", stderr(&out));
    sandbox.identity(&ws, "secretariat");

    // Act revisions need a reason.
    edit(&ws, |w| {
        let plan: Plan = ron::from_str(TEST_PLAN).expect("plan");
        w.save_plan(plan).expect("save");
    });
    for phase in ["plan", "do", "check"] {
        sandbox.ok(&ws, &["commit", "--phase", phase]);
    }
    edit_plan(&ws, |p| p.node_mut("t1").expect("t1").children.clear());
    let out = sandbox.kaikaku(&ws, &["commit", "--phase", "act"]);
    assert!(
        stderr(&out).contains("need a reason") && stderr(&out).contains("t1-1"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        sandbox.git_ok(&ws, &["rev-list", "--count", "HEAD"]).trim(),
        "4"
    );
}

#[test]
fn sync_merges_different_indicators_and_stops_on_the_same_value() {
    let sandbox = Sandbox::new();
    let bare = sandbox.path("shared.git");
    sandbox.git_ok(
        sandbox.dir.path(),
        &["init", "-q", "--bare", bare.to_str().expect("utf-8")],
    );
    let url = format!("file://{}", bare.display());
    let a = sandbox.workspace("a");
    edit(&a, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    sandbox.git_ok(&a, &["remote", "add", "origin", &url]);
    sandbox.ok(&a, &["commit", "--phase", "plan"]);
    sandbox.ok(&a, &["--lang", "en", "sync"]);
    let b = sandbox.path("b");
    sandbox.git_ok(
        sandbox.dir.path(),
        &["clone", "-q", &url, b.to_str().expect("utf-8")],
    );
    sandbox.identity(&b, "reviewer");

    // Different indicators: merged.
    edit_plan(&a, |p| set_actual(p, "tk1", 2024, "52.1"));
    sandbox.ok(&a, &["commit", "--phase", "do"]);
    edit_plan(&b, |p| set_actual(p, "tk2", 2024, "1200"));
    sandbox.ok(&b, &["commit", "--phase", "do"]);
    sandbox.ok(&a, &["--lang", "en", "sync"]);
    let out = sandbox.ok(&b, &["--lang", "en", "sync"]);
    assert!(out.contains("merged"), "{out}");
    let plan = fs::read_to_string(b.join("plans/pdca-test.ron")).expect("plan");
    assert!(plan.contains("52.1") && plan.contains("1200"), "{plan}");
    let out = sandbox.ok(&a, &["--lang", "en", "sync"]);
    assert!(out.contains("fast-forwarded"), "{out}");
    let plan = fs::read_to_string(a.join("plans/pdca-test.ron")).expect("plan");
    assert!(plan.contains("52.1") && plan.contains("1200"), "{plan}");

    // The same value: a clear conflict, nothing lost.
    edit_plan(&a, |p| set_actual(p, "tk1", 2025, "60.1"));
    sandbox.ok(&a, &["commit", "--phase", "check"]);
    sandbox.ok(&a, &["--lang", "en", "sync"]);
    edit_plan(&b, |p| set_actual(p, "tk1", 2025, "61.7"));
    sandbox.ok(&b, &["commit", "--phase", "check"]);
    let head = sandbox.git_ok(&b, &["rev-parse", "HEAD"]);
    let out = sandbox.kaikaku(&b, &["--lang", "en", "sync"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("tk1") && text.contains("60.1") && text.contains("61.7"),
        "{text}"
    );
    assert_eq!(sandbox.git_ok(&b, &["rev-parse", "HEAD"]), head);
    assert_eq!(sandbox.git_ok(&b, &["status", "--porcelain"]), "");
    let plan = fs::read_to_string(b.join("plans/pdca-test.ron")).expect("plan");
    assert!(plan.contains("61.7") && !plan.contains("<<<<"), "{plan}");
    let fsck = sandbox.git(&b, &["fsck", "--full", "--strict"]);
    assert!(fsck.status.success());
}

#[test]
fn signed_commits_and_tags_verify_and_bad_signatures_are_found() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        eprintln!("ssh-keygen not found: signing test skipped");
        return;
    }
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    let key = sandbox.path("key");
    let other = sandbox.path("other");
    for k in [&key, &other] {
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
            .arg(k)
            .output()
            .expect("ssh-keygen");
        assert!(out.status.success());
    }
    let public = fs::read_to_string(key.with_extension("pub")).expect("pub");
    fs::write(
        ws.join("allowed_signers"),
        format!("secretariat@example.jp {public}"),
    )
    .expect("write");
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
        if let Some(settings) = &mut w.settings {
            settings.value.signing = Some(kaikaku::model::SigningSettings {
                format: kaikaku::model::SignatureFormat::Ssh,
                allowed_signers: "allowed_signers".into(),
            });
        }
        w.save_settings().expect("save");
    });
    sandbox.git_ok(
        &ws,
        &["config", "user.signingKey", key.to_str().expect("utf-8")],
    );
    sandbox.git_ok(&ws, &["config", "gpg.format", "ssh"]);
    sandbox.git_ok(
        &ws,
        &["config", "gpg.ssh.allowedSignersFile", "allowed_signers"],
    );
    for phase in ["plan", "do", "check", "act"] {
        let out = sandbox.ok(&ws, &["commit", "--phase", phase]);
        assert!(out.contains("(signed)"), "{out}");
    }
    sandbox.ok(&ws, &["close-cycle", "FY2024"]);
    sandbox.git_ok(&ws, &["verify-commit", "HEAD"]);
    sandbox.git_ok(&ws, &["verify-tag", "cycle/FY2024"]);
    let audit = sandbox.ok(&ws, &["--lang", "en", "audit"]);
    assert!(audit.contains("0 finding(s)"), "{audit}");
    // The audit tells an auditor what git needs; in a fresh clone that is enough.
    let signers = ws.join("allowed_signers").display().to_string();
    assert!(
        audit.contains(&format!(
            "git config gpg.ssh.allowedSignersFile \"{signers}\""
        )),
        "{audit}"
    );
    let clone = sandbox.path("auditor");
    sandbox.git_ok(
        sandbox.dir.path(),
        &[
            "clone",
            "-q",
            ws.to_str().expect("utf-8"),
            clone.to_str().expect("utf-8"),
        ],
    );
    assert!(
        !sandbox
            .git(&clone, &["verify-commit", "HEAD"])
            .status
            .success()
    );
    let clone_signers = clone.join("allowed_signers");
    sandbox.git_ok(
        &clone,
        &[
            "config",
            "gpg.ssh.allowedSignersFile",
            clone_signers.to_str().expect("utf-8"),
        ],
    );
    sandbox.git_ok(&clone, &["verify-commit", "HEAD"]);
    sandbox.git_ok(&clone, &["verify-tag", "cycle/FY2024"]);

    // A commit signed with a key that is not allowed.
    sandbox.git_ok(
        &ws,
        &["config", "user.signingKey", other.to_str().expect("utf-8")],
    );
    edit_plan(&ws, |p| set_actual(p, "tk1", 2025, "1"));
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);
    let out = sandbox.kaikaku(&ws, &["--lang", "en", "audit"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Signature") && text.contains("bad signature"),
        "{text}"
    );
}

#[test]
fn sigkill_during_phase_commits_never_corrupts_the_repository() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    let mut value = 0u32;
    for seed in 0u64..10 {
        value += 1;
        edit_plan(&ws, |p| set_actual(p, "tk2", 2024, &value.to_string()));
        let before = sandbox.git_ok(&ws, &["rev-parse", "HEAD"]);
        let mut command = Command::new(env!("CARGO_BIN_EXE_kaikaku"));
        sandbox.env(&mut command);
        let mut child = command
            .arg("--workspace")
            .arg(&ws)
            .arg("commit")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // A different moment each round: from at once to after the commit.
        std::thread::sleep(std::time::Duration::from_millis((seed * 7919) % 60));
        let _ = child.kill();
        let _ = child.wait();
        let fsck = sandbox.git(&ws, &["fsck", "--full", "--strict"]);
        assert!(
            fsck.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&fsck.stderr)
        );
        let after = sandbox.git_ok(&ws, &["rev-parse", "HEAD"]);
        let parent = sandbox.git(&ws, &["rev-parse", "HEAD~1"]);
        assert!(
            after == before || String::from_utf8_lossy(&parent.stdout) == before,
            "seed {seed}: HEAD is neither the old nor a new commit"
        );
        // Locks left by the kill are removed as the error's hint says.
        let _ = fs::remove_file(ws.join(".git/index.lock"));
        for entry in fs::read_dir(ws.join(".git/refs/heads"))
            .expect("refs")
            .flatten()
        {
            if entry.file_name().to_string_lossy().ends_with(".lock") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    // The next phase commit goes through and leaves a clean tree.
    value += 1;
    edit_plan(&ws, |p| set_actual(p, "tk2", 2024, &value.to_string()));
    sandbox.ok(&ws, &["commit"]);
    assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");
    let fsck = sandbox.git(&ws, &["fsck", "--full", "--strict"]);
    assert!(fsck.status.success());
}

/// Whether the validation cache alone proves the working tree of `ws` clean (the fast path
/// of a phase commit), without the full load and check.
fn cache_proves_clean(ws: &Path) -> bool {
    kaikaku::history::commit::cache_verdict(ws)
        .expect("verdict")
        .is_some()
}

/// Whether the validation cache proves `ws` clean with the test plan checked node by node
/// against the version it vouches for.
fn plan_compared_node_by_node(ws: &Path) -> bool {
    kaikaku::history::commit::cache_verdict(ws)
        .expect("verdict")
        .is_some_and(|compared| compared.contains(&format!("plans/{PLAN_ID}.ron")))
}

fn commit_count(sandbox: &Sandbox, ws: &Path) -> String {
    sandbox
        .git_ok(ws, &["rev-list", "--count", "HEAD"])
        .trim()
        .to_string()
}

/// Asserts that a phase commit is refused because `check` fails, and that nothing was
/// committed.
fn assert_commit_refused(sandbox: &Sandbox, ws: &Path, phase: &str) {
    let before = commit_count(sandbox, ws);
    let out = sandbox.kaikaku(ws, &["commit", "--phase", phase]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("kaikaku check"), "{stderr}");
    assert_eq!(commit_count(sandbox, ws), before, "nothing committed");
    assert!(
        !sandbox.kaikaku(ws, &["check"]).status.success(),
        "check agrees the workspace is broken"
    );
}

/// The meeting of FY2024 with its statement linked to node `t1-1` of the test plan.
fn linked_meeting() -> Meeting {
    let mut meeting = meeting(2024, "2024-07-30");
    meeting.statements[0]
        .nodes
        .push(kaikaku::model::meeting::NodeLink {
            plan: PLAN_ID.into(),
            node: "t1-1".into(),
        });
    meeting
}

#[test]
fn the_validation_cache_speeds_commits_but_never_lets_a_cross_file_break_through() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    let cache_file = ws.join(kaikaku::history::check_cache::CACHE_PATH);
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    assert!(
        !cache_proves_clean(&ws),
        "no cache yet: the full check runs"
    );
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);
    assert!(cache_file.is_file(), "the first commit writes the cache");

    // A changed figure: the cache vouches for every other file.
    edit_plan(&ws, |p| set_actual(p, "tk1", 2024, "52.1"));
    assert!(cache_proves_clean(&ws));
    sandbox.ok(&ws, &["commit", "--phase", "do"]);

    // Minutes linking a node, and the responses to them.
    edit(&ws, |w| {
        w.save_meeting(linked_meeting()).expect("save meeting");
        let meeting = w.meeting("m-fy2024-1").expect("meeting").clone();
        w.save_responses(kaikaku::model::response::ResponseFile::for_meeting(
            &meeting,
        ))
        .expect("save responses");
    });
    assert!(cache_proves_clean(&ws));
    sandbox.ok(&ws, &["commit", "--phase", "check"]);
    assert!(cache_proves_clean(&ws), "a clean tree after the commit");

    // The plan drops the node the (unchanged, cached) minutes link to.
    edit_plan(&ws, |p| p.node_mut("t1").expect("t1").children.clear());
    assert!(
        !cache_proves_clean(&ws),
        "the link into the changed plan is checked"
    );
    assert_commit_refused(&sandbox, &ws, "act");
    sandbox.git_ok(&ws, &["checkout", "--", "plans"]);

    // The minutes stop asking for a response the (unchanged, cached) responses still give.
    // Written by hand: the store refuses every change to confirmed minutes.
    edit(&ws, |w| {
        let mut meeting = w.meeting("m-fy2024-1").expect("meeting").clone();
        meeting.statements[0].needs_response = false;
        let text = kaikaku::store::canonical::to_canonical(&meeting).expect("ron");
        fs::write(ws.join("minutes/m-fy2024-1.ron"), text).expect("write minutes");
    });
    assert!(
        !cache_proves_clean(&ws),
        "responses are checked against changed minutes"
    );
    assert_commit_refused(&sandbox, &ws, "act");
    sandbox.git_ok(&ws, &["checkout", "--", "minutes"]);

    // A meeting added in the same commit that links a node removed in that commit.
    edit(&ws, |w| {
        let mut meeting = linked_meeting();
        meeting.id = "m-fy2024-2".into();
        w.save_meeting(meeting).expect("save meeting");
    });
    edit_plan(&ws, |p| p.node_mut("t1").expect("t1").children.clear());
    assert!(!cache_proves_clean(&ws));
    assert_commit_refused(&sandbox, &ws, "act");
    sandbox.git_ok(&ws, &["checkout", "--", "plans"]);
    fs::remove_file(ws.join("minutes/m-fy2024-2.ron")).expect("rm");

    assert!(cache_proves_clean(&ws));
    sandbox.ok(&ws, &["commit", "--phase", "act"]);
}

/// A phase commit through the validation cache stages the text it validated, with the
/// file's own stat data: git sees an index that matches the file without hashing it again
/// (`diff-files` compares stat data only), the committed blob is the file, and the cache
/// records that blob. With an attribute that makes git filter the file, the commit stages
/// the file as git would and checks it against the validated text: the same result.
#[test]
fn a_cached_commit_stages_the_validated_text_with_the_files_stat() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    let plan_path = format!("plans/{PLAN_ID}.ron");
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);
    let stages = [("do", None), ("check", Some("*.ron ident\n"))];
    for (round, (phase, attributes)) in stages.into_iter().enumerate() {
        if let Some(attributes) = attributes {
            fs::write(ws.join(".gitattributes"), attributes).expect("attributes");
            sandbox.git_ok(&ws, &["add", ".gitattributes"]);
            sandbox.git_ok(&ws, &["commit", "-q", "-m", "attributes"]);
        }
        edit_plan(&ws, |p| set_actual(p, "tk1", 2024, &format!("5{round}.5")));
        assert!(cache_proves_clean(&ws));
        sandbox.ok(&ws, &["commit", "--phase", phase]);
        assert_eq!(
            sandbox.git_ok(&ws, &["diff-files", "--name-only"]),
            "",
            "the index holds the file's stat data ({phase})"
        );
        assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");
        let committed = sandbox.git_ok(&ws, &["show", &format!("HEAD:{plan_path}")]);
        assert_eq!(
            committed,
            fs::read_to_string(ws.join(&plan_path)).expect("plan")
        );
        let blob = sandbox.git_ok(&ws, &["rev-parse", &format!("HEAD:{plan_path}")]);
        let cache =
            fs::read_to_string(ws.join(kaikaku::history::check_cache::CACHE_PATH)).expect("cache");
        assert!(
            cache.contains(blob.trim()),
            "the cache vouches for the committed blob ({phase})"
        );
    }
    let fsck = sandbox.git(&ws, &["fsck", "--full", "--strict"]);
    assert!(fsck.status.success());
}

/// The commit's message and diff, from the cache (`cached`) or, with the cache removed for
/// the preview and put back after, from the full load and check.
fn preview(ws: &Path, cached: bool) -> (String, Vec<String>) {
    let cache_file = ws.join(kaikaku::history::check_cache::CACHE_PATH);
    let saved = fs::read(&cache_file).ok();
    if !cached {
        let _ = fs::remove_file(&cache_file);
    }
    let request = kaikaku::history::commit::PhaseRequest::default();
    let plan = kaikaku::history::commit::preview_phase(ws, &request).expect("preview");
    if let Some(saved) = saved {
        fs::write(&cache_file, saved).expect("cache back");
    }
    let changes = plan
        .diff
        .changes
        .iter()
        .map(|change| format!("{change:?}"))
        .collect();
    (plan.message, changes)
}

/// A changed plan whose last validated version the cache vouches for is checked node by
/// node: the nodes that differ are parsed and checked, the rest are known clean. It gives
/// the message and diff of the full check, refuses what the full check refuses (a bad
/// status in a changed node, a retirement that a child's later status contradicts), takes
/// leaves a changed shape (a node added) to the whole validation, and takes a commit made
/// with git alone in between (the vouched version is then not HEAD's).
#[test]
fn a_changed_plan_is_checked_node_by_node_against_the_version_the_cache_vouches_for() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);

    // One figure and one status: node by node, as the full check says.
    edit_plan(&ws, |p| {
        set_actual(p, "tk2", 2024, "120");
        set_status(p, "t1-1", 2024, "on_plan");
    });
    assert!(plan_compared_node_by_node(&ws));
    let cached = preview(&ws, true);
    assert_eq!(cached, preview(&ws, false));
    assert!(cached.0.contains("tk2"), "{}", cached.0);
    sandbox.ok(&ws, &["commit", "--phase", "do"]);
    assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");

    // A status the settings do not define, in the one changed node: refused.
    edit_plan(&ws, |p| set_status(p, "t1-1", 2025, "no-such-status"));
    assert!(!cache_proves_clean(&ws));
    assert_commit_refused(&sandbox, &ws, "check");
    sandbox.git_ok(&ws, &["checkout", "--", "plans"]);

    // Retiring the parent after 2023 while the child has a status for 2024: the child's
    // own text is unchanged, but what it inherits is not. The whole plan is validated.
    edit_plan(&ws, |p| {
        p.node_mut("t1").expect("t1").retired = Some(FiscalYear(2023));
    });
    assert!(!plan_compared_node_by_node(&ws));
    assert_commit_refused(&sandbox, &ws, "check");
    sandbox.git_ok(&ws, &["checkout", "--", "plans"]);

    // A node added: another shape, validated whole, still clean.
    edit_plan(&ws, |p| {
        let mut child = p.node_mut("t1-1").expect("t1-1").clone();
        child.id = "t1-2".into();
        child.indicators.clear();
        p.node_mut("t1").expect("t1").children.push(child);
    });
    assert!(cache_proves_clean(&ws));
    assert!(!plan_compared_node_by_node(&ws));
    assert_eq!(preview(&ws, true), preview(&ws, false));
    sandbox.ok(&ws, &["commit", "--phase", "check"]);
    // A figure committed with git alone: the cache still vouches for kaikaku's last
    // version, which the next change is compared with; the diff is still against HEAD.
    edit_plan(&ws, |p| set_actual(p, "tk1", 2024, "50.5"));
    sandbox.git_ok(&ws, &["commit", "-q", "-am", "figure by hand"]);
    edit_plan(&ws, |p| set_actual(p, "tk1", 2025, "51.5"));
    assert!(plan_compared_node_by_node(&ws));
    let cached = preview(&ws, true);
    assert_eq!(cached, preview(&ws, false));
    assert!(
        !cached.0.contains("50.5"),
        "only what HEAD lacks: {}",
        cached.0
    );
    sandbox.ok(&ws, &["commit", "--phase", "act"]);

    let fsck = sandbox.git(&ws, &["fsck", "--full", "--strict"]);
    assert!(fsck.status.success());
}

/// A plan whose stat data changed is taken as changed without status hashing it; the rest
/// of the tree is still asked of status: with a figure edited (same size), a stray file
/// outside the data, deep or not, refuses the commit, and a new minutes file and a touched
/// but unchanged second plan are committed with the edit, leaving a clean tree.
#[test]
fn a_plan_changed_by_stat_leaves_the_rest_of_the_tree_to_status() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);
    let plan_path = ws.join(format!("plans/{PLAN_ID}.ron"));
    let text = fs::read_to_string(&plan_path).expect("plan");
    let edited = text.replacen("48.9", "49.9", 1);
    assert_ne!(edited, text);
    for stray in ["stray.txt", "deep/er/stray.txt"] {
        fs::write(&plan_path, &edited).expect("edit");
        let file = ws.join(stray);
        fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        fs::write(&file, "x").expect("stray");
        let out = sandbox.kaikaku(&ws, &["commit", "--phase", "do"]);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(stray),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fs::remove_file(&file).expect("rm");
    }
    fs::remove_dir_all(ws.join("deep")).expect("rm");
    edit(&ws, |w| {
        w.save_meeting(meeting(2024, "2024-07-30"))
            .expect("meeting");
    });
    sandbox.ok(&ws, &["commit", "--phase", "do"]);
    assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");
    let committed = sandbox.git_ok(&ws, &["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(committed.contains("minutes/m-fy2024-1.ron"), "{committed}");
    assert!(
        sandbox
            .git_ok(&ws, &["show", &format!("HEAD:plans/{PLAN_ID}.ron")])
            .contains("49.9")
    );
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&plan_path)
        .and_then(|f| f.set_modified(later))
        .expect("touch");
    let head = sandbox.git_ok(&ws, &["rev-parse", "HEAD:plans"]);
    sandbox.ok(&ws, &["commit", "--phase", "check"]);
    assert_eq!(sandbox.git_ok(&ws, &["rev-parse", "HEAD:plans"]), head);
    assert_eq!(sandbox.git_ok(&ws, &["status", "--porcelain"]), "");
    assert_eq!(sandbox.git_ok(&ws, &["diff-files", "--name-only"]), "");
}

#[test]
fn a_stale_or_corrupt_validation_cache_cannot_make_a_broken_workspace_commit() {
    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("ws");
    let cache_file = ws.join(kaikaku::history::check_cache::CACHE_PATH);
    edit(&ws, |w| {
        w.save_plan(ron::from_str(TEST_PLAN).expect("plan"))
            .expect("save");
    });
    sandbox.ok(&ws, &["commit", "--phase", "plan"]);
    let clean_cache = fs::read(&cache_file).expect("cache written");

    // A broken plan committed behind kaikaku's back: git status is clean, so only the blob
    // ids can tell the cache's verdict is about another version of the file.
    edit_plan(&ws, |p| set_status(p, "t1", 2024, "no-such-status"));
    sandbox.git_ok(&ws, &["commit", "-q", "-am", "edited by hand"]);
    fs::write(&cache_file, &clean_cache).expect("stale cache back");
    assert!(!cache_proves_clean(&ws), "a stale verdict is not used");
    assert_commit_refused(&sandbox, &ws, "do");

    // Corrupt caches are ignored: flipped bytes, cut short, not JSON, from another build.
    let text = String::from_utf8(clean_cache.clone()).expect("utf-8");
    let flipped = text.replacen("pdca-test", "pdca-tesu", 1);
    let half = &text[..text.len() / 2];
    let (header, body) = text.split_once('\n').expect("header line");
    let other_build = {
        let body = body.replacen("\"rules\":\"", "\"rules\":\"x", 1);
        let crc = format!("{:08x}", crc32fast::hash(body.as_bytes()));
        format!("{} {crc}\n{body}", header.split(' ').next().expect("magic"))
    };
    for corrupt in [
        flipped.as_str(),
        half,
        "{not json",
        other_build.as_str(),
        "",
    ] {
        fs::write(&cache_file, corrupt).expect("corrupt cache");
        assert!(
            kaikaku::history::check_cache::read(&ws).is_none(),
            "ignored: {corrupt:.60}"
        );
        assert_commit_refused(&sandbox, &ws, "do");
    }

    // Fixed by hand: the commit goes through and writes a valid cache again.
    edit_plan(&ws, |p| set_status(p, "t1", 2024, "on_plan"));
    sandbox.ok(&ws, &["commit", "--phase", "do"]);
    assert!(kaikaku::history::check_cache::read(&ws).is_some());
    fs::remove_file(&cache_file).expect("a deleted cache is fine");
    edit_plan(&ws, |p| set_actual(p, "tk1", 2024, "52.1"));
    sandbox.ok(&ws, &["commit", "--phase", "check"]);
    assert!(cache_file.is_file());
}

/// Issue 7 suite 7: hostile text (CSI, OSC 52 clipboard, C1, DEL, a bidi override, a
/// zero-width space) in a plan title, a statement and the user's commit text is never
/// written raw: the RON files hold it escaped and read it back identical, and the commit
/// message carries it sanitised.
#[test]
fn hostile_text_is_escaped_in_ron_and_sanitised_in_commit_messages() {
    use kaikaku::model::sanitize::is_unsafe_char;
    const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{7f}\u{202e}evil\u{200b}";

    let sandbox = Sandbox::new();
    let ws = sandbox.workspace("hostile");
    edit(&ws, |w| {
        let plan: Plan = ron::from_str(TEST_PLAN).expect("plan fixture");
        w.save_plan(plan).expect("save");
    });
    edit_plan(&ws, |p| p.title = format!("改革計画{HOSTILE}"));
    edit(&ws, |w| {
        let mut minutes = meeting(2024, "2024-07-30");
        minutes.statements[0].text = format!("待ち時間{HOSTILE}");
        w.save_meeting(minutes).expect("save meeting");
    });

    for dir in ["plans", "minutes"] {
        for entry in fs::read_dir(ws.join(dir)).expect("ls").flatten() {
            let text = fs::read_to_string(entry.path()).expect("read");
            let raw: Vec<char> = text.chars().filter(|c| is_unsafe_char(*c)).collect();
            assert!(raw.is_empty(), "{}: raw {raw:?}", entry.path().display());
        }
    }
    let loaded = Workspace::load(&ws).expect("load");
    assert_eq!(
        loaded.plan(PLAN_ID).expect("plan").title,
        format!("改革計画{HOSTILE}")
    );
    assert_eq!(
        loaded.meeting("m-fy2024-1").expect("meeting").statements[0].text,
        format!("待ち時間{HOSTILE}")
    );

    sandbox.ok(
        &ws,
        &[
            "commit",
            "--phase",
            "plan",
            "-m",
            &format!("計画を確認{HOSTILE}"),
        ],
    );
    let message = sandbox.git_ok(&ws, &["log", "-1", "--format=%B"]);
    let raw: Vec<char> = message.chars().filter(|c| is_unsafe_char(*c)).collect();
    assert!(raw.is_empty(), "raw {raw:?} in {message:?}");
    assert!(message.contains("計画を確認"), "{message}");
    assert!(
        message.contains("改革計画"),
        "the plan's title is named: {message}"
    );
}
