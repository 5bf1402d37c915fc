//! Two clones of one shared repository, reached over a path, ssh (a real sshd on loopback)
//! and http and https with TLS (`git http-backend`): different indicators merge, the same figure
//! stops naming the indicator and resolves with `--theirs` in one more run, both sides end
//! on one commit with `git fsck --full --strict` clean; a URL in committed data is never
//! contacted; differing PDCA phases merge by rule.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kaikaku::model::{FiscalYear, Plan};
use kaikaku::store::Workspace;

use super::servers::{HttpGit, HttpsGit, Sshd, exec_path};
use crate::common::{kaikaku, run, seal, stderr, stdout};

const PLAN: &str = r#"(
    id: "team-test",
    title: "テスト改革プラン",
    organisation: "熊本市",
    period: (from: 2024, to: 2027),
    levels: [(name: "方針")],
    nodes: [
        (
            id: "t1",
            title: "窓口改革",
            indicators: [
                (id: "tk1", name: "窓口満足度", unit: "%", direction: increase),
                (id: "tk2", name: "オンライン申請件数", unit: "件", direction: increase),
            ],
        ),
    ],
)"#;

/// A sealed home and the extra environment a transport needs (`GIT_SSH_COMMAND`).
pub(super) struct Team {
    pub(super) home: tempfile::TempDir,
    pub(super) env: Vec<(String, String)>,
    /// git config every workspace of the team gets in its own `.git/config` (a CA to trust).
    pub(super) repo_config: Vec<(String, String)>,
}

impl Team {
    pub(super) fn new() -> Team {
        Team {
            home: tempfile::tempdir().expect("tempdir"),
            env: Vec::new(),
            repo_config: Vec::new(),
        }
    }

    pub(super) fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    pub(super) fn kaikaku(&self, ws: &Path, args: &[&str]) -> Output {
        let mut command = kaikaku(self.home.path());
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        run(command
            .arg("--workspace")
            .arg(ws)
            .args(["--lang", "en"])
            .args(args))
    }

    pub(super) fn ok(&self, ws: &Path, args: &[&str]) -> String {
        let out = self.kaikaku(ws, args);
        assert!(
            out.status.success(),
            "kaikaku {args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        stdout(&out)
    }

    pub(super) fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let mut command = Command::new("git");
        seal(&mut command, self.home.path());
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        run(command.current_dir(dir).args(args))
    }

    pub(super) fn git_ok(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git(dir, args);
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    pub(super) fn bare(&self, name: &str) -> PathBuf {
        let bare = self.path(name);
        self.git_ok(
            self.home.path(),
            &["init", "-q", "--bare", bare.to_str().expect("utf-8")],
        );
        bare
    }

    /// The first workspace: the sample plus a small plan, pushed to `url`.
    pub(super) fn first(&self, url: &str) -> PathBuf {
        let a = self.path("a");
        let out = run(kaikaku(self.home.path()).args(["init", "--sample"]).arg(&a));
        assert!(out.status.success(), "{}", stderr(&out));
        let mut workspace = Workspace::load(&a).expect("load");
        workspace
            .save_plan(ron::from_str(PLAN).expect("plan"))
            .expect("save");
        if let Some(settings) = &mut workspace.settings {
            settings.value.cycle = Some(kaikaku::model::CycleState {
                year: FiscalYear(2024),
                phase: kaikaku::model::Phase::Plan,
            });
        }
        workspace.save_settings().expect("save settings");
        self.git_ok(&a, &["remote", "add", "origin", url]);
        self.configure(&a);
        self.server_side_programs(&a, url);
        self.ok(&a, &["commit", "--phase", "plan"]);
        self.ok(&a, &["sync"]);
        a
    }

    /// The second workspace: `git clone URL`, nothing else.
    pub(super) fn clone(&self, url: &str) -> PathBuf {
        let b = self.path("b");
        let mut args: Vec<String> = Vec::new();
        for (key, value) in &self.repo_config {
            args.extend(["-c".to_string(), format!("{key}={value}")]);
        }
        args.extend(["clone", "-q", url, b.to_str().expect("utf-8")].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.git_ok(self.home.path(), &args);
        self.configure(&b);
        self.server_side_programs(&b, url);
        b
    }

    /// Writes the team's git config into the workspace's own repository config.
    fn configure(&self, ws: &Path) {
        for (key, value) in &self.repo_config {
            self.git_ok(ws, &["config", key, value]);
        }
    }

    /// Names the server programs by absolute path, whatever PATH an ssh login gets.
    fn server_side_programs(&self, ws: &Path, url: &str) {
        if !url.starts_with("ssh://") {
            return;
        }
        if let Some(exec) = exec_path() {
            for (key, program) in [
                ("remote.origin.uploadpack", "git-upload-pack"),
                ("remote.origin.receivepack", "git-receive-pack"),
            ] {
                let path = exec.join(program);
                self.git_ok(ws, &["config", key, path.to_str().expect("utf-8")]);
            }
        }
    }

    pub(super) fn head(&self, ws: &Path) -> String {
        self.git_ok(ws, &["rev-parse", "HEAD"])
    }

    pub(super) fn fsck(&self, ws: &Path) {
        let out = self.git(ws, &["fsck", "--full", "--strict"]);
        assert!(out.status.success(), "fsck: {}", stderr(&out));
    }
}

pub(super) fn set_actual(ws: &Path, id: &str, year: u16, value: &str) {
    let mut workspace = Workspace::load(ws).expect("load");
    let mut plan: Plan = workspace.plan("team-test").expect("plan").clone();
    plan.indicator_mut(id).expect("indicator").set_actual(
        FiscalYear(year),
        value.parse().expect("figure"),
        None,
    );
    workspace.save_plan(plan).expect("save");
}

pub(super) fn plan_text(ws: &Path) -> String {
    std::fs::read_to_string(ws.join("plans/team-test.ron")).expect("plan file")
}

/// The whole story over one remote URL.
fn two_clones_edit_merge_conflict_and_resolve(team: &Team, url: &str) {
    let a = team.first(url);
    let b = team.clone(url);
    // Hooks in the clones never run: the system git gets core.hooksPath=/dev/null.
    let marker = team.path("hook-ran");
    for ws in [&a, &b] {
        for hook in ["pre-push", "reference-transaction", "post-merge"] {
            let path = ws.join(".git/hooks").join(hook);
            std::fs::write(
                &path,
                format!("#!/bin/sh\necho {hook} >> '{}'\n", marker.display()),
            )
            .expect("hook");
            let mut permissions = std::fs::metadata(&path).expect("hook").permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
            std::fs::set_permissions(&path, permissions).expect("chmod");
        }
    }

    // Different indicators: merged, then both on one commit.
    set_actual(&a, "tk1", 2024, "52.1");
    team.ok(&a, &["commit", "--phase", "do"]);
    set_actual(&b, "tk2", 2024, "1200");
    team.ok(&b, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);
    let out = team.ok(&b, &["sync"]);
    assert!(out.contains("merged"), "{out}");
    let out = team.ok(&a, &["sync"]);
    assert!(out.contains("fast-forwarded"), "{out}");
    assert_eq!(team.head(&a), team.head(&b));
    for ws in [&a, &b] {
        let plan = plan_text(ws);
        assert!(plan.contains("52.1") && plan.contains("1200"), "{plan}");
    }

    // The same figure on both sides: stopped, named, nothing moved.
    set_actual(&a, "tk1", 2025, "60.1");
    team.ok(&a, &["commit", "--phase", "check"]);
    team.ok(&a, &["sync"]);
    set_actual(&b, "tk1", 2025, "61.7");
    team.ok(&b, &["commit", "--phase", "check"]);
    let before = team.head(&b);
    let out = team.kaikaku(&b, &["sync"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains("tk1") && text.contains("60.1") && text.contains("61.7"),
        "{text}"
    );
    assert!(
        !text.contains("kaikaku.ron"),
        "both advanced the phase alike: no conflict there: {text}"
    );
    assert!(stderr(&out).contains("--theirs"), "{}", stderr(&out));
    assert_eq!(team.head(&b), before);
    assert_eq!(team.git_ok(&b, &["status", "--porcelain"]), "");

    // One more run with the choice completes the sync.
    let out = team.ok(&b, &["sync", "--theirs", "tk1"]);
    assert!(out.contains("merged") && out.contains("pushed"), "{out}");
    assert!(plan_text(&b).contains("60.1") && !plan_text(&b).contains("61.7"));
    let message = team.git_ok(&b, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Conflicts resolved") && message.contains("tk1"),
        "{message}"
    );
    team.ok(&a, &["sync"]);
    assert_eq!(team.head(&a), team.head(&b));
    assert!(
        !marker.exists(),
        "a hook ran: {:?}",
        std::fs::read_to_string(&marker)
    );
    for ws in [&a, &b] {
        team.fsck(ws);
        assert_eq!(team.git_ok(ws, &["status", "--porcelain"]), "");
        team.ok(ws, &["check"]);
    }
}

#[test]
fn sync_over_a_path_merges_stops_and_resolves_in_one_step() {
    let team = Team::new();
    let bare = team.bare("shared.git");
    two_clones_edit_merge_conflict_and_resolve(&team, bare.to_str().expect("utf-8"));
}

#[test]
fn sync_over_ssh_against_a_real_sshd() {
    let mut team = Team::new();
    let server = match Sshd::start(&team.path("")) {
        Ok(server) => server,
        Err(why) => {
            eprintln!("SKIPPED sync over ssh: {why}");
            return;
        }
    };
    team.env
        .push(("GIT_SSH_COMMAND".into(), server.ssh_command()));
    let bare = team.bare("shared.git");
    two_clones_edit_merge_conflict_and_resolve(&team, &server.url(&bare));
}

#[test]
fn sync_over_http_against_git_http_backend() {
    let team = Team::new();
    let root = team.path("srv");
    std::fs::create_dir_all(&root).expect("srv");
    let bare = root.join("shared.git");
    team.git_ok(
        &root,
        &["init", "-q", "--bare", bare.to_str().expect("utf-8")],
    );
    team.git_ok(&bare, &["config", "http.receivepack", "true"]);
    let server = match HttpGit::start(&root) {
        Ok(server) => server,
        Err(why) => {
            eprintln!("SKIPPED sync over http: {why}");
            return;
        }
    };
    two_clones_edit_merge_conflict_and_resolve(&team, &server.url("shared.git"));
}

#[test]
fn sync_over_https_with_tls_against_git_http_backend() {
    let mut team = Team::new();
    let root = team.path("srv");
    let certs = team.path("tls");
    for dir in [&root, &certs] {
        std::fs::create_dir_all(dir).expect("dir");
    }
    let bare = root.join("shared.git");
    team.git_ok(
        &root,
        &["init", "-q", "--bare", bare.to_str().expect("utf-8")],
    );
    team.git_ok(&bare, &["config", "http.receivepack", "true"]);
    let server = match HttpsGit::start(&root, &certs) {
        Ok(server) => server,
        Err(why) => {
            eprintln!("SKIPPED sync over https (TLS): {why}");
            return;
        }
    };
    let url = server.url("shared.git");
    // The certificate is really checked: without the CA, git refuses the server.
    let out = team.git(team.home.path(), &["ls-remote", &url]);
    assert!(
        !out.status.success(),
        "an untrusted certificate was accepted"
    );
    assert!(
        stderr(&out).to_lowercase().contains("certificate"),
        "{}",
        stderr(&out)
    );
    team.repo_config.push((
        "http.sslCAInfo".into(),
        server.ca.to_str().expect("utf-8").into(),
    ));
    two_clones_edit_merge_conflict_and_resolve(&team, &url);
}

#[test]
fn a_url_in_committed_data_is_never_contacted() {
    let team = Team::new();
    let shared = team.bare("shared.git");
    let trap = team.path("trap");
    std::fs::create_dir_all(&trap).expect("trap dir");
    team.git_ok(&trap, &["init", "-q", "--bare", "x.git"]);
    let server = HttpGit::start(&trap).ok();
    let trap_url = server.as_ref().map_or_else(
        || trap.join("x.git").display().to_string(),
        |s| s.url("x.git"),
    );
    let a = team.first(shared.to_str().expect("utf-8"));
    // A colleague writes a remote into the shared settings.
    let mut workspace = Workspace::load(&a).expect("load");
    if let Some(settings) = &mut workspace.settings {
        settings.value.remote = Some(kaikaku::model::RemoteSettings {
            url: trap_url.clone(),
            branch: None,
        });
    }
    workspace.save_settings().expect("save");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["sync"]);
    let b = team.clone(shared.to_str().expect("utf-8"));
    team.ok(&b, &["sync"]);

    // A workspace with no git remote refuses and names the URL it did not contact.
    team.git_ok(&b, &["remote", "remove", "origin"]);
    let out = team.kaikaku(&b, &["sync"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no git remote \"origin\"")
            && stderr(&out).contains(&trap_url)
            && stderr(&out).contains(&format!("git remote add origin {trap_url}")),
        "{}",
        stderr(&out)
    );
    let refs = team.git_ok(&trap.join("x.git"), &["for-each-ref"]);
    assert_eq!(refs, "", "the trap repository was never pushed to");
    if let Some(server) = server {
        assert_eq!(
            server.hits.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "the URL in kaikaku.ron was never contacted"
        );
    }
}

#[test]
fn differing_phases_merge_by_rule_and_the_merge_names_it() {
    let team = Team::new();
    let bare = team.bare("shared.git");
    let url = bare.to_str().expect("utf-8");
    let a = team.first(url);
    let b = team.clone(url);
    // a closes Do and Check; b only Do, with another figure.
    set_actual(&a, "tk1", 2024, "52.1");
    team.ok(&a, &["commit", "--phase", "do"]);
    team.ok(&a, &["commit", "--phase", "check"]);
    team.ok(&a, &["sync"]);
    set_actual(&b, "tk2", 2024, "1200");
    team.ok(&b, &["commit", "--phase", "do"]);
    let out = team.ok(&b, &["sync"]);
    assert!(out.contains("merged"), "{out}");
    let settings = std::fs::read_to_string(b.join("kaikaku.ron")).expect("settings");
    assert!(settings.contains("phase: act"), "{settings}");
    let message = team.git_ok(&b, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Cycle: here FY2024 Check, remote FY2024 Act → FY2024 Act"),
        "{message}"
    );
    team.fsck(&b);
}
