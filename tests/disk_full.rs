//! Disk full and I/O errors: a save that cannot complete fails loudly, leaves the existing
//! file as it was and no temp file behind, and succeeds once space returns; the TUI shows
//! NOT SAVED, keeps the data in memory, and clears the mark on the next good save.
//!
//! The real disk-full cases mount a tiny tmpfs (CI runs as root); where mounting is not
//! permitted they print why and return. The injected-error case (the plan file replaced by a
//! directory, so the final rename fails) runs everywhere, and so does an injected fsync
//! failure (EIO from the simulated disk, in `tests/power_loss/fsync_error.rs`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use kaikaku::model::Plan;
use kaikaku::store::Workspace;
use kaikaku::tui::app::SaveState;
use kaikaku::tui::dispatch;
use kaikaku::tui::{App, Options};

use crate::common::{copy_dir, file_names, repo_root};

/// A tmpfs of `size` mounted on a fresh temp dir, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("tempdir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(Tmpfs { dir }),
            other => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs here (needs root), disk-full case not run: {other:?}"
                );
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Fills the file system holding `dir` to the last page; returns the filler's path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join(".filler");
    let mut file = fs::File::create(&path).expect("filler");
    let page = [0u8; 4096];
    while file.write_all(&page).is_ok() {}
    let _ = file.sync_all();
    path
}

/// A plan made much bigger than the free space: every node gets a long description.
fn grown(plan: &Plan) -> Plan {
    let mut plan = plan.clone();
    plan.description = "改革".repeat(4_000);
    plan
}

#[test]
fn a_save_that_does_not_fit_changes_nothing() {
    let Some(tmpfs) = Tmpfs::mount("64k") else {
        return;
    };
    let root = tmpfs.path().join("ws");
    fs::create_dir_all(root.join("plans")).expect("mkdir");
    fs::copy(repo_root().join("kaikaku.ron"), root.join("kaikaku.ron")).expect("copy");
    let rel = "plans/kumamoto-reform-plan-2023.ron";
    fs::copy(repo_root().join(rel), root.join(rel)).expect("copy");
    let before = fs::read(root.join(rel)).expect("read");
    let listing = file_names(&root.join("plans"));

    let mut workspace = Workspace::load(&root).expect("load");
    let plan = workspace.plans[0].value.clone();
    let filler = fill(tmpfs.path());

    let error = workspace
        .save_plan(grown(&plan))
        .expect_err("a save onto a full disk must fail");
    assert!(
        error.to_string().contains("kumamoto-reform-plan-2023"),
        "{error}"
    );
    assert_eq!(
        fs::read(root.join(rel)).expect("read"),
        before,
        "file changed"
    );
    assert_eq!(
        file_names(&root.join("plans")),
        listing,
        "temp file left behind"
    );
    assert_eq!(
        workspace.plans[0].value, plan,
        "memory claims the failed save"
    );

    fs::remove_file(filler).expect("space returns");
    workspace
        .save_plan(grown(&plan))
        .expect("saves once space returns");
    let reloaded = Workspace::load(&root).expect("load");
    assert_eq!(reloaded.plans[0].value, grown(&plan));
    assert_eq!(file_names(&root.join("plans")), listing);
}

/// An app on `root` with its first plan's first indicator ready for an actual.
pub(crate) fn app_on(root: &Path) -> App {
    let workspace = Workspace::load(root).expect("load");
    let options = Options {
        no_color: true,
        ..Default::default()
    };
    App::new(workspace, options)
}

fn enter_actual(app: &mut App, value: &str) {
    for action in [
        kaikaku::tui::Command::ShowKpi,
        kaikaku::tui::Command::Top,
        kaikaku::tui::Command::EditActual,
    ] {
        dispatch(app, action);
    }
    // The field opens with the current value.
    for _ in 0..16 {
        dispatch(app, kaikaku::tui::Msg::Backspace);
    }
    for c in value.chars() {
        dispatch(app, kaikaku::tui::Msg::Type(c));
    }
    dispatch(app, kaikaku::tui::Command::Submit);
}

fn plan_text(app: &App) -> String {
    let plan = app.plan().expect("a plan is open");
    kaikaku::store::canonical::to_canonical(plan).expect("serialises")
}

/// The TUI (an app on `root`) through a failing save and back: NOT SAVED shown, the value
/// kept in memory, the file untouched; after the cause is gone the next edit saves everything.
pub(crate) fn not_saved_then_saved(
    mut app: App,
    root: &Path,
    break_saves: impl FnOnce(),
    restore: impl FnOnce(),
) {
    let rel = app
        .core
        .workspace
        .plans
        .iter()
        .find(|p| Some(&p.value.id) == app.plan().map(|p| &p.id))
        .expect("open plan")
        .path
        .clone();
    let before = fs::read(root.join(&rel)).ok();
    break_saves();
    enter_actual(&mut app, "12.5");
    assert!(
        matches!(app.core.save_state, SaveState::NotSaved(_)),
        "{:?}",
        app.core.save_state
    );
    assert!(
        plan_text(&app).contains("\"12.5\""),
        "the typed value is gone"
    );
    let screen = crate::tui::draw(&mut app, 120, 40);
    // Wide characters are followed by a blank cell; drop blanks to read the words.
    let text: String = screen
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(
        text.contains("未保存") || text.contains("NOTSAVED"),
        "status bar does not say NOT SAVED:\n{text}"
    );
    // The status line says what fixes it too: the core's hint for the failed write, after
    // a dash (a full disk and a refused overwrite both have one).
    assert!(
        app.core
            .message
            .as_deref()
            .is_some_and(|m| m.split(" — ").nth(1).is_some_and(|hint| !hint.is_empty())),
        "{:?}",
        app.core.message
    );
    restore();
    assert_eq!(fs::read(root.join(&rel)).ok(), before, "file changed");
    enter_actual(&mut app, "13.5");
    assert_eq!(app.core.save_state, SaveState::Saved);
    let saved = fs::read_to_string(root.join(&rel)).expect("saved file");
    assert_eq!(
        saved,
        plan_text(&app),
        "memory and file differ after the save"
    );
    assert!(saved.contains("\"13.5\""));
}

fn sample_copy(root: &Path) {
    fs::create_dir_all(root).expect("mkdir");
    fs::copy(repo_root().join("kaikaku.ron"), root.join("kaikaku.ron")).expect("copy");
    copy_dir(&repo_root().join("plans"), &root.join("plans"));
    copy_dir(&repo_root().join("minutes"), &root.join("minutes"));
}

#[test]
fn tui_on_a_full_disk_says_not_saved() {
    let Some(tmpfs) = Tmpfs::mount("512k") else {
        return;
    };
    let root = tmpfs.path().join("ws");
    sample_copy(&root);
    let filler = tmpfs.path().join(".filler");
    not_saved_then_saved(
        app_on(&root),
        &root,
        || {
            fill(tmpfs.path());
        },
        || fs::remove_file(&filler).expect("space returns"),
    );
}

/// Runs everywhere: the open plan's file is swapped for a non-empty directory, which the
/// atomic rename cannot replace.
#[test]
fn tui_with_an_injected_write_error_says_not_saved() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("ws");
    sample_copy(&root);
    let app = app_on(&root);
    let rel = format!("plans/{}.ron", app.plan().expect("plan").id);
    let file = root.join(&rel);
    let aside = root.join("plans/.aside");
    not_saved_then_saved(
        app,
        &root,
        || {
            fs::rename(&file, &aside).expect("move aside");
            fs::create_dir(&file).expect("mkdir");
            fs::write(file.join("blocker"), b"x").expect("blocker");
        },
        || {
            fs::remove_dir_all(&file).expect("rm");
            fs::rename(&aside, &file).expect("move back");
        },
    );
}
