//! Shared helpers: run the real binary in a sealed environment (no real home, no user git
//! config), and copy workspaces into temp directories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the sample workspace lives there).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `kaikaku` command whose environment cannot reach the user's home or git config.
pub fn kaikaku(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kaikaku"));
    seal(&mut command, home);
    command
}

/// Removes everything from the environment that could leak the user's settings in.
pub fn seal(command: &mut Command, home: &Path) {
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("KAIKAKU_DATA_DIR", home.join("data"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test Secretariat")
        .env("GIT_AUTHOR_EMAIL", "secretariat@example.jp")
        .env("GIT_COMMITTER_NAME", "Test Secretariat")
        .env("GIT_COMMITTER_EMAIL", "secretariat@example.jp")
        .env("LANG", "C.UTF-8");
}

/// Runs a command and returns its output, panicking with context if it cannot start.
pub fn run(command: &mut Command) -> Output {
    command.output().expect("the kaikaku binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a directory tree (files and directories only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create target dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A fresh workspace made by `kaikaku init --sample` in a temp dir; returns (tempdir, path).
pub fn sample_workspace() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("ws");
    let output = run(kaikaku(temp.path()).arg("init").arg(&dir).arg("--sample"));
    assert!(output.status.success(), "init failed: {}", stderr(&output));
    (temp, dir)
}

/// Whether the long versions of the reliability suites run (`KAIKAKU_LONG=1`).
pub fn long_run() -> bool {
    std::env::var_os("KAIKAKU_LONG").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The names in a directory, sorted: for asserting that no temp file was left behind.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// A tiny deterministic generator (splitmix64): a failing seed must replay exactly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).expect("n fits u64")).expect("fits")
    }
}

/// Runs `kaikaku --workspace WS ARGS…` with a fresh empty home (for a workspace that is not
/// in a temp dir of its own, such as a fixture); returns (exit code, stdout, stderr).
pub fn in_workspace(workspace: &Path, args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("temp home");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(workspace)
        .args(args));
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

/// Runs `kaikaku --workspace WS ARGS…` with the temp dir holding `ws` as its home.
pub fn kaikaku_in(ws: &Path, args: &[&str]) -> Output {
    let home = ws.parent().expect("temp dir");
    run(kaikaku(home).arg("--workspace").arg(ws).args(args))
}

/// [`kaikaku_in`], asserting success; returns stdout.
pub fn kaikaku_ok(ws: &Path, args: &[&str]) -> String {
    let out = kaikaku_in(ws, args);
    assert!(
        out.status.success(),
        "kaikaku {args:?} failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Sets the repository's own identity through git2: the sealed environment has none, and
/// the user's is kept out of tests, so a commit from the app needs one in `.git/config`.
pub fn set_repo_identity(dir: &Path) {
    let repo = git2::Repository::open(dir).expect("repo");
    let mut config = repo.config().expect("config");
    config
        .set_str("user.name", "Test Secretariat")
        .expect("name");
    config
        .set_str("user.email", "secretariat@example.jp")
        .expect("email");
}

/// Runs git in `ws` with the user's config kept out, asserting success; returns stdout.
pub fn git_in(ws: &Path, args: &[&str]) -> String {
    let mut command = Command::new("git");
    seal(&mut command, ws.parent().expect("temp dir"));
    let out = run(command.current_dir(ws).args(args));
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out)
}
