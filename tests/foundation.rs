//! The foundation: broken-file fixtures with their exact messages, the sample workspace, and
//! the CLI conventions (exit codes, init, check, fmt, show).

use std::fs;

use kaikaku::store::Workspace;

use crate::common::{copy_dir, kaikaku, repo_root, run, sample_workspace, stderr, stdout};

fn broken_cases() -> Vec<std::path::PathBuf> {
    let mut cases: Vec<_> = fs::read_dir(repo_root().join("tests/fixtures/broken"))
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Each fixture workspace holds one broken file and `expected.txt`, the exact output of
/// `kaikaku check` (path:line:column: message, then the hint).
#[test]
fn broken_files_give_exact_positions_and_hints() {
    let cases = broken_cases();
    assert!(cases.len() >= 6, "fixtures missing: {cases:?}");
    for case in cases {
        let expected = fs::read_to_string(case.join("expected.txt")).expect("expected.txt");
        let workspace = Workspace::load(&case).expect("workspace loads despite the broken file");
        let actual: String = workspace.check().iter().fold(String::new(), |mut out, d| {
            out.push_str(&d.to_string());
            out.push('\n');
            out
        });
        assert_eq!(actual, expected, "case {}", case.display());
        assert!(
            !expected.is_empty(),
            "case {} must report something",
            case.display()
        );
    }
}

/// The same through the binary: exit code 1 and the same text on stdout.
#[test]
fn check_binary_exits_1_with_the_messages() {
    let home = tempfile::tempdir().expect("home");
    for case in broken_cases() {
        let output = run(kaikaku(home.path())
            .arg("--workspace")
            .arg(&case)
            .args(["--lang", "en", "check"]));
        assert_eq!(output.status.code(), Some(1), "{}", case.display());
        let expected = fs::read_to_string(case.join("expected.txt")).expect("expected.txt");
        assert_eq!(stdout(&output), expected);
    }
}

/// `fmt` never writes over a file that failed to load, and says so with exit 1.
#[test]
fn fmt_leaves_broken_files_untouched() {
    let temp = tempfile::tempdir().expect("tempdir");
    for case in broken_cases() {
        let name = case.file_name().expect("name").to_owned();
        let copy = temp.path().join(&name);
        copy_dir(&case, &copy);
        let before = fs::read(copy.join("plans/t.ron")).expect("read");
        let output = run(kaikaku(temp.path())
            .arg("--workspace")
            .arg(&copy)
            .arg("fmt"));
        let after = fs::read(copy.join("plans/t.ron")).expect("read");
        let loads = Workspace::load(&copy)
            .expect("loads")
            .load_errors
            .is_empty();
        if !loads {
            assert_eq!(before, after, "{name:?} was rewritten");
            assert_eq!(output.status.code(), Some(1), "{name:?}");
        }
    }
}

/// A broken plan never stops the other files from loading.
#[test]
fn one_broken_file_does_not_block_the_others() {
    let (_temp, dir) = sample_workspace();
    let before = Workspace::load(&dir).expect("load").plans.len();
    fs::write(
        dir.join("plans/zz-broken.ron"),
        "(id: \"zz-broken\", title: ",
    )
    .expect("write");
    let workspace = Workspace::load(&dir).expect("load");
    assert_eq!(workspace.plans.len(), before);
    assert_eq!(workspace.load_errors.len(), 1);
    assert!(workspace.load_errors[0].path.ends_with("zz-broken.ron"));
}

#[test]
fn symlinks_out_of_the_workspace_are_refused() {
    let (temp, dir) = sample_workspace();
    let outside = temp.path().join("secret.ron");
    fs::write(&outside, "(id: \"secret\")").expect("write");
    std::os::unix::fs::symlink(&outside, dir.join("plans/secret.ron")).expect("symlink");
    let workspace = Workspace::load(&dir).expect("load");
    let problem = workspace
        .load_errors
        .iter()
        .find(|d| d.path == "plans/secret.ron")
        .expect("reported");
    assert!(
        problem.message.en.contains("outside the workspace"),
        "{problem}"
    );
}

#[test]
fn init_sample_checks_clean_and_is_canonical() {
    let (temp, dir) = sample_workspace();
    let check = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&dir)
        .arg("check"));
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert_eq!(stdout(&check), "");
    let fmt = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&dir)
        .arg("fmt")
        .arg("--check"));
    assert!(fmt.status.success(), "{}", stdout(&fmt));
    let repo = git2::Repository::open(&dir).expect("git repo");
    let head = repo.head().expect("head").peel_to_commit().expect("commit");
    assert_eq!(head.parent_count(), 0);
    let statuses = repo.statuses(None).expect("status");
    // init holds the single-writer lock while it fills the directory, so `.kaikaku/` (git-
    // ignored, kaikaku's runtime directory) exists; nothing else may be left over.
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|e| !(e.status() == git2::Status::IGNORED && e.path().ok() == Some(".kaikaku/")))
        .map(|e| format!("{:?} {:?}", e.status(), e.path()))
        .collect();
    assert!(dirty.is_empty(), "init leaves a clean work tree: {dirty:?}");
}

#[test]
fn repository_root_is_a_clean_canonical_workspace() {
    let workspace = Workspace::load(&repo_root()).expect("the repository root is a workspace");
    let problems: Vec<String> = workspace.check().iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(workspace.non_canonical().expect("serialise").is_empty());
}

#[test]
fn first_run_creates_the_default_workspace_in_the_data_dir() {
    let home = tempfile::tempdir().expect("home");
    let output = run(kaikaku(home.path())
        .current_dir(home.path())
        .args(["show", "plans"]));
    assert!(output.status.success(), "{}", stderr(&output));
    // Said in the workspace's language (the sample's is Japanese).
    assert!(
        stderr(&output).contains("サンプルから既定のワークスペースを"),
        "{}",
        stderr(&output)
    );
    assert!(home.path().join("data/workspace/kaikaku.ron").is_file());
    let again = run(kaikaku(home.path())
        .current_dir(home.path())
        .args(["show", "plans"]));
    assert!(!stderr(&again).contains("作成しました"), "only once");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let home = tempfile::tempdir().expect("home");
    let missing = home.path().join("nowhere");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&missing)
        .arg("check"));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("hint:"), "{}", stderr(&output));
    let bad = run(kaikaku(home.path()).arg("no-such-command"));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn completions_and_version() {
    let home = tempfile::tempdir().expect("home");
    let version = run(kaikaku(home.path()).arg("--version"));
    assert!(stdout(&version).starts_with("kaikaku "));
    for shell in ["bash", "zsh", "fish"] {
        let output = run(kaikaku(home.path()).args(["completions", shell]));
        assert!(output.status.success());
        assert!(stdout(&output).contains("kaikaku"));
    }
}

#[test]
fn json_plan_matches_the_model() {
    let (temp, dir) = sample_workspace();
    let workspace = Workspace::load(&dir).expect("load");
    for plan in workspace.plans.iter().map(|p| &p.value) {
        let output = run(kaikaku(temp.path())
            .arg("--workspace")
            .arg(&dir)
            .args(["show", "plan", &plan.id, "--format", "json"]));
        assert!(output.status.success());
        let parsed: kaikaku::model::Plan =
            serde_json::from_slice(&output.stdout).expect("json is the model");
        assert_eq!(&parsed, plan);
    }
}

fn count_at_depth(value: &serde_json::Value, depth: usize) -> usize {
    let nodes = value["nodes"].as_array().map_or(&[][..], Vec::as_slice);
    if depth == 0 {
        return nodes.len();
    }
    nodes
        .iter()
        .map(|n| count_at_depth(&serde_json::json!({"nodes": n["children"]}), depth - 1))
        .sum()
}

/// Issue 2: the 2027 plan has 3 / 9 / 21 nodes at its first levels, every action has a lead
/// department, and 11 indicators.
#[test]
fn kumamoto_2027_plan_is_complete() {
    let home = tempfile::tempdir().expect("home");
    let root = repo_root();
    assert!(
        root.join("plans/kumamoto-reform-plan-2027.ron").exists(),
        "the sample plan is missing"
    );
    let output = run(kaikaku(home.path()).arg("--workspace").arg(&root).args([
        "show",
        "plan",
        "kumamoto-reform-plan-2027",
        "--format",
        "json",
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(count_at_depth(&plan, 0), 3);
    assert_eq!(count_at_depth(&plan, 1), 9);
    assert_eq!(count_at_depth(&plan, 2), 21);
    let model: kaikaku::model::Plan = serde_json::from_value(plan).expect("model");
    let flat = model.flatten();
    let actions: Vec<_> = flat.iter().filter(|f| f.depth == 3).collect();
    assert!(!actions.is_empty());
    for action in actions {
        assert!(
            !action.node.lead.is_empty(),
            "action {} has no department",
            action.node.id
        );
    }
    assert_eq!(model.all_indicators().len(), 11);
}
