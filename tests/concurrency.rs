//! Many starts on one workspace: exactly one writer at a time, every other writer refused with
//! the holder named, and a writer killed with SIGKILL never blocks the next one (the lock is
//! an OS file lock, released by the kernel with the process).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use kaikaku::store::lock::acquire;

use crate::common::kaikaku;
use crate::pty_driver::on_sample;

const STARTS: usize = 20;

/// Threads racing for the lock (each its own open file description, as separate processes
/// would have): never two holders at once, and each refusal names the holder.
#[test]
fn one_holder_at_a_time_among_twenty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let barrier = Arc::new(Barrier::new(STARTS));
    let active = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..STARTS)
        .map(|_| {
            let (barrier, active, most) = (barrier.clone(), active.clone(), most.clone());
            let root = dir.path().to_path_buf();
            std::thread::spawn(move || {
                barrier.wait();
                match acquire(&root).expect("lock file opens") {
                    Ok(lock) => {
                        let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        active.fetch_sub(1, Ordering::SeqCst);
                        drop(lock);
                        None
                    }
                    Err(holder) => Some(holder.0),
                }
            })
        })
        .collect();
    let refusals: Vec<String> = handles
        .into_iter()
        .filter_map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(
        most.load(Ordering::SeqCst),
        1,
        "two writers held the lock at once"
    );
    assert!(refusals.len() < STARTS, "nobody got the lock");
    for holder in &refusals {
        assert!(
            holder.starts_with(&format!("{}@", std::process::id())),
            "refusal does not name the holder: {holder:?}"
        );
    }
}

fn spawn_fmt(home: &Path, workspace: &Path) -> Child {
    kaikaku(home)
        .arg("--workspace")
        .arg(workspace)
        .arg("fmt")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kaikaku fmt starts")
}

/// Starts `fmt` STARTS times at once and returns each child's pid with its output.
fn twenty_fmt(home: &Path, workspace: &Path) -> Vec<(u32, Output)> {
    let children: Vec<Child> = (0..STARTS).map(|_| spawn_fmt(home, workspace)).collect();
    children
        .into_iter()
        .map(|child| {
            let pid = child.id();
            (pid, child.wait_with_output().expect("fmt finishes"))
        })
        .collect()
}

/// The pid in "the workspace is being edited by PID@host since …", if the run was refused.
fn refused_by(output: &Output) -> Option<u32> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rest = stderr.split("being edited by ").nth(1)?;
    rest.split('@').next()?.trim().parse().ok()
}

fn no_temp_files(workspace: &Path) {
    for dir in ["", "plans", "minutes"] {
        for entry in std::fs::read_dir(workspace.join(dir))
            .expect("ls")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !name.starts_with(kaikaku::store::atomic::TEMP_PREFIX),
                "temp file left: {dir}/{name}"
            );
        }
    }
}

/// The real binary: 20 `fmt` runs while the TUI is the writer are all refused naming it; once
/// the TUI is killed with SIGKILL, 20 more race and each either writes or is refused naming a
/// sibling that did; the file ends canonical with no temp files left.
#[test]
fn twenty_writer_starts_beside_a_tui_that_is_then_killed() {
    let (temp, workspace, mut tui) = on_sample("計画通り進捗");
    let tui_pid = tui.child.process_id().expect("pid");

    for (pid, output) in twenty_fmt(temp.path(), &workspace) {
        assert_eq!(
            output.status.code(),
            Some(2),
            "fmt {pid} was not refused: {output:?}"
        );
        assert_eq!(refused_by(&output), Some(tui_pid), "{output:?}");
    }

    tui.signal("KILL");
    tui.wait_exit();
    drop(tui);

    // Something for fmt to do, so that a winner really writes while the others race.
    let plan = workspace.join("plans/kumamoto-reform-plan-2027.ron");
    let canonical = std::fs::read_to_string(&plan).expect("read");
    std::fs::write(&plan, canonical.replacen("(\n", "(\n\n", 1)).expect("write");

    let runs = twenty_fmt(temp.path(), &workspace);
    let pids: BTreeSet<u32> = runs.iter().map(|(pid, _)| *pid).collect();
    let winners: BTreeSet<u32> = runs
        .iter()
        .filter(|(_, o)| o.status.success())
        .map(|(pid, _)| *pid)
        .collect();
    assert!(
        !winners.is_empty(),
        "the killed writer's lock blocked every start"
    );
    for (pid, output) in &runs {
        if output.status.success() {
            continue;
        }
        let holder = refused_by(output).unwrap_or_else(|| panic!("fmt {pid} failed: {output:?}"));
        assert!(
            winners.contains(&holder) && pids.contains(&holder),
            "fmt {pid} was refused by {holder}, which is not a sibling that wrote"
        );
    }
    assert_eq!(std::fs::read_to_string(&plan).expect("read"), canonical);
    no_temp_files(&workspace);
}
