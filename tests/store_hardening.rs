//! Issue 15 (items 1, 2, 5, 9): writes never leave the workspace through links, every writer
//! takes the single-writer lock, a save never overwrites a file changed on disk, a failing
//! command writes nothing, and `check` positions every finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use kaikaku::store::Workspace;
use kaikaku::store::lock::acquire;

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};

const PLAN: &str = "kumamoto-reform-plan-2027";

/// Every file under `dir` with its bytes, `.kaikaku/` left out (the lock's holder text lives
/// there): what "nothing was written" is checked against.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("ls").flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("inside").to_path_buf();
            if rel.starts_with(".kaikaku") {
                continue;
            }
            let kind = entry.file_type().expect("type");
            if kind.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn in_workspace(home: &Path, dir: &Path, args: &[&str]) -> Output {
    run(kaikaku(home).arg("--workspace").arg(dir).args(args))
}

fn kpi_table(home: &Path) -> String {
    let table = home.join("kpi.tsv");
    std::fs::write(
        &table,
        "項目\t基準値 (R5)\t検証値 (R9)\n新しい指標（取込）\t1\t2\n",
    )
    .expect("table");
    table.display().to_string()
}

/// The lost update the probe reproduced: `import kpi` wrote while a TUI held the workspace,
/// and the TUI's next save put the old plan back. Now every writing command is refused while
/// another instance holds the lock, names the holder, and writes nothing; once the holder has
/// saved and gone, the import goes through and both changes are on disk.
#[test]
fn every_writer_is_refused_while_another_holds_the_workspace() {
    let (temp, dir) = sample_workspace();
    let home = temp.path();
    let table = kpi_table(home);
    // The TUI-equivalent: holds the lock and has the workspace loaded.
    let holder = acquire(&dir).expect("io").expect("lock");
    let mut tui = Workspace::load(&dir).expect("load");
    let before = snapshot(&dir);
    let writers: &[&[&str]] = &[
        &["import", "kpi", &table, "--plan", PLAN],
        &[
            "plan",
            "new",
            "x-2030",
            "--title",
            "新計画",
            "--period",
            "R12-R15",
            "--levels",
            "施策",
        ],
        &["close-cycle", "FY2024"],
        &["commit", "--phase", "do"],
        &["fmt"],
        &[
            "respond",
            "2021-03-22-kaikaku-suishin-1",
            "s7",
            "--status",
            "検討中",
        ],
        &[
            "meeting",
            "new",
            "--date",
            "2024-07-30",
            "--title",
            "第1回",
            "--number",
            "1",
        ],
        &["sync"],
    ];
    let holder_text = format!("being edited by {}@", std::process::id());
    for args in writers {
        let output = in_workspace(home, &dir, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(&holder_text),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            snapshot(&dir) == before,
            "{args:?} wrote while another instance held the workspace"
        );
    }
    // A dry run writes nothing and may run beside the holder.
    let output = in_workspace(
        home,
        &dir,
        &["import", "kpi", &table, "--plan", PLAN, "--dry-run"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // The holder saves its own edit, then goes; the import then keeps it.
    let mut plan = tui.plan(PLAN).expect("plan").clone();
    plan.description = "TUI で編集した説明".into();
    tui.save_plan(plan).expect("the holder saves");
    drop(holder);
    let output = in_workspace(home, &dir, &["import", "kpi", &table, "--plan", PLAN]);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let text = std::fs::read_to_string(dir.join(format!("plans/{PLAN}.ron"))).expect("plan");
    assert!(text.contains("TUI で編集した説明") && text.contains("新しい指標（取込）"));
}

/// `init` takes the lock of the directory it fills: a second `init` (or a first start
/// creating the default workspace) cannot write a workspace over one being created.
#[test]
fn init_is_refused_while_the_directory_is_held() {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("fresh");
    std::fs::create_dir(&dir).expect("mkdir");
    let holder = acquire(&dir).expect("io").expect("lock");
    let output = run(kaikaku(temp.path()).arg("init").arg(&dir).arg("--sample"));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("being edited by"),
        "{}",
        stderr(&output)
    );
    assert!(snapshot(&dir).is_empty(), "{:?}", snapshot(&dir).keys());
    drop(holder);
    let output = run(kaikaku(temp.path()).arg("init").arg(&dir).arg("--sample"));
    assert!(output.status.success(), "{}", stderr(&output));
}

// ---------------------------------------------------------------------------------------
// Item 1: kaikaku's own files under .kaikaku/ never lead outside the workspace.

/// Sets the repository's own identity (the sealed environment has none) through git2.
fn identity(dir: &Path) {
    let repo = git2::Repository::open(dir).expect("repo");
    let mut config = repo.config().expect("config");
    config
        .set_str("user.name", "Test Secretariat")
        .expect("name");
    config
        .set_str("user.email", "secretariat@example.jp")
        .expect("email");
}

/// Commits the given paths as they are on disk (`force`: even if ignored).
fn git_commit(dir: &Path, paths: &[&str], message: &str) {
    let repo = git2::Repository::open(dir).expect("repo");
    let mut index = repo.index().expect("index");
    for path in paths {
        index.add_path(Path::new(path)).expect("add");
    }
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let signature = git2::Signature::now("t", "t@example.jp").expect("signature");
    let parent = repo.head().expect("head").peel_to_commit().expect("commit");
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &[&parent],
    )
    .expect("commit");
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

/// A clone that holds `.kaikaku/lock` as a link: `kaikaku fmt` used to truncate the link's
/// target and write `pid@host since …` into it. Now it refuses, says why, and the target
/// keeps every byte; the same for a linked `.kaikaku` directory.
#[cfg(unix)]
#[test]
fn a_linked_lock_or_runtime_directory_is_refused_and_its_target_untouched() {
    let (temp, dir) = sample_workspace();
    let home = temp.path();
    let victim = home.join("victim.txt");
    std::fs::write(&victim, "大切なファイル\n").expect("victim");
    std::fs::remove_dir_all(dir.join(".kaikaku")).ok();
    std::fs::create_dir(dir.join(".kaikaku")).expect("mkdir");
    link(&victim, &dir.join(".kaikaku/lock"));
    let before = snapshot(&dir);
    for args in [
        &["fmt"][..],
        &[
            "respond",
            "2021-03-22-kaikaku-suishin-1",
            "s7",
            "--status",
            "検討中",
        ],
    ] {
        let output = in_workspace(home, &dir, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(
            err.contains("symbolic link") && err.contains(".kaikaku/lock"),
            "{err}"
        );
        assert!(err.contains("hint:"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "大切なファイル\n"
        );
        assert!(snapshot(&dir) == before, "{args:?} wrote");
    }
    // The whole directory a link to elsewhere: nothing is created there.
    let elsewhere = home.join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::remove_dir_all(dir.join(".kaikaku")).expect("rm");
    link(&elsewhere, &dir.join(".kaikaku"));
    let output = in_workspace(home, &dir, &["fmt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert!(std::fs::read_dir(&elsewhere).expect("ls").next().is_none());
}

/// A linked meeting journal used to be cut at open (its text read as a torn tail) and then
/// received the minutes. Now opening the journal refuses it; a linked journal directory too.
#[cfg(unix)]
#[test]
fn a_linked_journal_is_refused_and_its_target_untouched() {
    use kaikaku::store::journal::Journal;
    let (temp, dir) = sample_workspace();
    let victim = temp.path().join("victim.txt");
    std::fs::write(&victim, "garbage that is no journal").expect("victim");
    let journal = dir.join(".kaikaku/journal");
    std::fs::create_dir_all(&journal).expect("mkdir");
    link(&victim, &journal.join("m1.log"));
    let error = Journal::open(&dir, "m1").expect_err("a linked log is refused");
    assert!(error.to_string().contains("symbolic link"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "garbage that is no journal"
    );
    let elsewhere = temp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::remove_dir_all(&journal).expect("rm");
    link(&elsewhere, &journal);
    assert!(Journal::open(&dir, "m2").is_err());
    assert!(std::fs::read_dir(&elsewhere).expect("ls").next().is_none());
}

/// The check cache a phase commit writes goes to `.kaikaku/cache/` only when that is a real
/// directory; a link there leaves its target empty, and the commit itself still succeeds
/// (the cache only saves time).
#[cfg(unix)]
#[test]
fn the_check_cache_is_not_written_through_a_link() {
    let (temp, dir) = sample_workspace();
    identity(&dir);
    let elsewhere = temp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::create_dir_all(dir.join(".kaikaku")).expect("mkdir");
    link(&elsewhere, &dir.join(".kaikaku/cache"));
    let output = in_workspace(temp.path(), &dir, &["commit", "--phase", "do"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_dir(&elsewhere).expect("ls").next().is_none());
}

/// `.kaikaku/` never comes from git: a clone whose index tracks it is refused with the fix;
/// a phase commit never stages it, even where the clone's .gitignore does not list it; and
/// `init` adds the entry to an existing .gitignore.
#[test]
fn the_runtime_directory_never_comes_from_git() {
    let (temp, dir) = sample_workspace();
    let home = temp.path();
    identity(&dir);
    // A .gitignore without the entry, committed: .kaikaku/ is now plain untracked.
    std::fs::write(dir.join(".gitignore"), "*.bak\n").expect("ignore");
    git_commit(&dir, &[".gitignore"], "own ignore file");
    let output = in_workspace(home, &dir, &["commit", "--phase", "do"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let repo = git2::Repository::open(&dir).expect("repo");
    let tree = repo.head().expect("head").peel_to_tree().expect("tree");
    assert!(
        tree.get_name(".kaikaku").is_none(),
        "a commit staged .kaikaku"
    );
    // Tracked: refused, naming the fix.
    std::fs::write(dir.join(".kaikaku/journal.txt"), "shared").expect("write");
    git_commit(
        &dir,
        &[".kaikaku/journal.txt"],
        "hostile: tracked runtime files",
    );
    let before = snapshot(&dir);
    let output = in_workspace(home, &dir, &["fmt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("tracked by git") && err.contains("git rm -r --cached"),
        "{err}"
    );
    assert!(snapshot(&dir) == before);
    // init keeps an existing .gitignore's lines and adds the missing ones.
    let fresh = home.join("fresh");
    std::fs::create_dir(&fresh).expect("mkdir");
    std::fs::write(fresh.join(".gitignore"), "*.bak").expect("ignore");
    let output = run(kaikaku(home).arg("init").arg(&fresh));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(fresh.join(".gitignore")).expect("ignore"),
        "*.bak\n/.kaikaku/\n.kaikaku-tmp-*\n"
    );
}
