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
