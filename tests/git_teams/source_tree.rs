//! kaikaku's own source tree is not a workspace to commit into: run inside a clone, the app
//! works on the default workspace in the data directory (the same sample), and writes aimed
//! at the clone itself are refused with the way out named.

use std::path::Path;
use std::process::Command;

use crate::common::{copy_dir, kaikaku, repo_root, run, seal, stderr, stdout};

/// A stand-in for a fresh clone: the package manifest, a main.rs, the sample at the root,
/// one commit of code.
fn fake_clone(home: &Path) -> std::path::PathBuf {
    let clone = home.join("kaikaku-src");
    std::fs::create_dir_all(clone.join("src")).expect("src");
    std::fs::write(
        clone.join("Cargo.toml"),
        "[package]\nname = \"kaikaku\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    std::fs::write(clone.join("src/main.rs"), "fn main() {}\n").expect("main.rs");
    std::fs::copy(repo_root().join("kaikaku.ron"), clone.join("kaikaku.ron")).expect("settings");
    copy_dir(&repo_root().join("plans"), &clone.join("plans"));
    copy_dir(&repo_root().join("minutes"), &clone.join("minutes"));
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "code"],
    ] {
        let mut git = Command::new("git");
        seal(&mut git, home);
        let out = run(git.current_dir(&clone).args(args));
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    }
    clone
}

fn commits(home: &Path, dir: &Path) -> String {
    let mut git = Command::new("git");
    seal(&mut git, home);
    stdout(&run(git.current_dir(dir).args(["log", "--format=%s"])))
}

#[test]
fn a_phase_commit_in_the_source_tree_lands_in_the_default_workspace() {
    let home = tempfile::tempdir().expect("tempdir");
    let clone = fake_clone(home.path());
    let out = run(kaikaku(home.path())
        .current_dir(&clone)
        .args(["commit", "--phase", "do"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("source tree") && stderr(&out).contains("data/workspace"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        commits(home.path(), &clone),
        "code\n",
        "the source history is untouched"
    );
    let default = home.path().join("data/workspace");
    let log = commits(home.path(), &default);
    assert!(
        log.starts_with("FY2024 Do") && log.contains("Create the workspace"),
        "{log}"
    );

    // Reading the clone's sample explicitly works; writing into it is refused.
    let out = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&clone)
        .args(["show", "plans"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&clone)
        .args(["commit", "--phase", "check"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("kaikaku's source tree")
            && stderr(&out).contains("kaikaku init DIR --sample"),
        "{}",
        stderr(&out)
    );
    assert_eq!(commits(home.path(), &clone), "code\n");
}
