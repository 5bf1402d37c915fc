//! Hostile files in a workspace: deep nesting, huge strings, ids that climb out, NUL bytes,
//! invalid UTF-8, symlinks and special files, truncation at every point, wrong types. For
//! each, loading must not panic or hang, must name `path:line:column`, must leave the file
//! byte-for-byte untouched (also through `fmt` and saves), and the rest of the workspace must
//! still load.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kaikaku::store::{Diagnostic, Workspace};

use crate::common::repo_root;

/// Far above what a load of the sample takes even in a debug build on a loaded CI machine.
const LOAD_LIMIT: Duration = Duration::from_secs(20);

/// A copy of the sample workspace (settings, plans, minutes) without git, which is not needed
/// to load and would only slow every case down.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("ws");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::copy(repo_root().join("kaikaku.ron"), dir.join("kaikaku.ron")).expect("settings");
    crate::common::copy_dir(&repo_root().join("plans"), &dir.join("plans"));
    crate::common::copy_dir(&repo_root().join("minutes"), &dir.join("minutes"));
    (temp, dir)
}

/// Loads `dir` on another thread so that a hang fails the test instead of stalling CI.
fn load_bounded(dir: &Path) -> Workspace {
    let (send, receive) = mpsc::channel();
    let owned = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = send.send(Workspace::load(&owned));
    });
    let started = Instant::now();
    let result = receive
        .recv_timeout(LOAD_LIMIT)
        .unwrap_or_else(|_| panic!("Workspace::load hung (or panicked) on {}", dir.display()));
    assert!(started.elapsed() < LOAD_LIMIT);
    result.expect("the workspace itself loads")
}

/// Every regular file under `dir` (symlinks not followed) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("ls").flatten() {
            let kind = entry.file_type().expect("type");
            if kind.is_dir() {
                if entry.file_name() != ".kaikaku" {
                    stack.push(entry.path());
                }
            } else if kind.is_file() {
                out.push((entry.path(), fs::read(entry.path()).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// The plan and meeting ids of the untouched sample, which must load whatever sits beside.
fn sample_ids() -> (Vec<String>, Vec<String>) {
    let (_temp, dir) = sample_copy();
    let workspace = Workspace::load(&dir).expect("sample loads");
    assert!(
        workspace.load_errors.is_empty(),
        "{:?}",
        workspace.load_errors
    );
    (
        workspace.plans.iter().map(|p| p.value.id.clone()).collect(),
        workspace
            .meetings
            .iter()
            .map(|m| m.value.id.clone())
            .collect(),
    )
}

/// The diagnostic about `rel`, checked to be a well-formed `path:line:column: message`.
fn diagnostic_for<'a>(
    problems: &'a [Diagnostic],
    rel: &str,
    text: Option<&[u8]>,
) -> &'a Diagnostic {
    let found = problems
        .iter()
        .find(|d| d.path == rel)
        .unwrap_or_else(|| panic!("no diagnostic for {rel}: {problems:?}"));
    assert!(found.line >= 1 && found.column >= 1, "{found:?}");
    if let Some(text) = text {
        let lines = text.split(|b| *b == b'\n').count();
        assert!(
            found.line <= lines,
            "{found:?} is past the end ({lines} lines)"
        );
    }
    let shown = found.to_string();
    let prefix = format!("{rel}:{}:{}: ", found.line, found.column);
    assert!(shown.starts_with(&prefix), "{shown}");
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters in {shown:?}"
    );
    found
}

/// Puts a hostile file in place with `setup`, then checks the whole contract: bounded load,
/// a positioned diagnostic for `rel`, the sample still there, the file untouched by load,
/// `fmt` and saves.
fn assert_hostile(rel: &str, setup: impl FnOnce(&Path)) -> Diagnostic {
    let (plans, meetings) = sample_ids();
    let (_temp, dir) = sample_copy();
    setup(&dir);
    let before = snapshot(&dir);
    // Only regular files are read here: opening a named pipe would block the test itself.
    let bytes = fs::symlink_metadata(dir.join(rel))
        .is_ok_and(|m| m.is_file())
        .then(|| fs::read(dir.join(rel)).expect("read"));
    let mut workspace = load_bounded(&dir);
    let problems = workspace.check();
    let diagnostic = diagnostic_for(&problems, rel, bytes.as_deref()).clone();
    for id in &plans {
        assert!(
            workspace.plan(id).is_some(),
            "{rel}: plan {id} did not load"
        );
    }
    for id in &meetings {
        assert!(
            workspace.meeting(id).is_some(),
            "{rel}: meeting {id} did not load"
        );
    }
    // Neither formatting nor saving the good files may write to the hostile one.
    let _ = workspace.format_all();
    for id in &plans {
        workspace
            .save_plan_by_id(id)
            .expect("a good plan still saves");
    }
    let loaded = workspace.plans.iter().any(|p| p.path == rel)
        || workspace.meetings.iter().any(|m| m.path == rel)
        || (rel == "kaikaku.ron" && workspace.settings.is_some());
    if !loaded {
        assert!(
            workspace.write_file(rel, "(overwritten)").is_err(),
            "{rel}: a file that did not load was overwritten"
        );
    }
    assert_eq!(snapshot(&dir), before, "{rel}: files changed");
    diagnostic
}

/// A valid plan file (the fixture's) with another id.
fn plan_with_id(id: &str) -> String {
    let template =
        fs::read_to_string(repo_root().join("tests/fixtures/broken/dotdot-id/plans/t.ron"))
            .expect("template");
    template.replace("\"../evil\"", &format!("{id:?}"))
}

#[test]
fn ten_thousand_deep_nesting() {
    // Typed parsing stops at the first bracket it does not expect, so depth never builds up;
    // the recursion limit guards the paths that do nest (options, lists).
    assert_hostile("plans/deep.ron", |dir| {
        let text = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
        fs::write(dir.join("plans/deep.ron"), text).expect("write");
    });
    // Arrays and options nest too.
    assert_hostile("plans/deep-list.ron", |dir| {
        let text = format!(
            "(id: \"deep-list\", title: {}{})",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        fs::write(dir.join("plans/deep-list.ron"), text).expect("write");
    });
    assert_hostile("kaikaku.ron", |dir| {
        fs::write(dir.join("kaikaku.ron"), "Some(".repeat(10_000)).expect("write");
    });
    let d = assert_hostile("plans/deep-option.ron", |dir| {
        let text = format!(
            "(id: \"deep-option\", title_en: {}\"x\"{})",
            "Some(".repeat(10_000),
            ")".repeat(10_000)
        );
        fs::write(dir.join("plans/deep-option.ron"), text).expect("write");
    });
    assert_eq!(d.line, 1, "{d}");
}

#[test]
fn fifty_megabyte_string() {
    let d = assert_hostile("minutes/huge.ron", |dir| {
        let mut text = b"(id: \"huge\", title: \"".to_vec();
        text.resize(text.len() + 50 * 1024 * 1024, b'A');
        text.extend_from_slice(b"\")\n");
        fs::write(dir.join("minutes/huge.ron"), text).expect("write");
    });
    assert!(d.message.en.contains("limit"), "{d}");
}

/// Just under the size limit, a file is read and parsed: it must still be quick and pinned.
#[test]
fn seven_megabyte_single_line() {
    let started = Instant::now();
    let d = assert_hostile("plans/long.ron", |dir| {
        let mut text = b"(id: \"long\", title: \"".to_vec();
        text.resize(text.len() + 7 * 1024 * 1024, 0xE6);
        fs::write(dir.join("plans/long.ron"), text).expect("write");
    });
    assert_eq!(d.line, 1, "{d}");
    assert!(started.elapsed() < LOAD_LIMIT);
}

#[test]
fn ids_that_climb_out_or_are_absolute() {
    for (name, id) in [
        ("dotdot", "../../outside"),
        ("absolute", "/etc/passwd"),
        ("backslash", "..\\..\\x"),
        ("nul", "a\0b"),
        ("newline", "a\nb"),
    ] {
        let rel = format!("plans/{name}.ron");
        let d = assert_hostile(&rel, |dir| {
            fs::write(dir.join(&rel), plan_with_id(id)).expect("write");
        });
        assert_eq!((d.line, d.column), (2, 5), "{name}: {d}");
        assert!(d.message.en.contains("plan id"), "{name}: {d}");
    }
    // Saving a plan with such an id is refused before any path is built.
    let (temp, dir) = sample_copy();
    let mut workspace = Workspace::load(&dir).expect("load");
    let mut plan = workspace.plans[0].value.clone();
    for id in ["../../escaped", "/tmp/escaped", "a/b"] {
        plan.id = id.into();
        assert!(workspace.save_plan(plan.clone()).is_err(), "{id} was saved");
    }
    assert!(!temp.path().join("escaped.ron").exists());
    assert!(!Path::new("/tmp/escaped.ron").exists());
}

#[test]
fn nul_bytes_in_and_out_of_strings() {
    assert_hostile("plans/nul-raw.ron", |dir| {
        fs::write(dir.join("plans/nul-raw.ron"), b"(\n    id: \"x\",\0\n)").expect("write");
    });
    assert_hostile("plans/nul-only.ron", |dir| {
        fs::write(dir.join("plans/nul-only.ron"), vec![0u8; 4096]).expect("write");
    });
}

#[test]
fn invalid_utf8_mid_file() {
    let d = assert_hostile("minutes/sjis.ron", |dir| {
        let mut text = b"(\n    id: \"sjis\",\n    title: \"".to_vec();
        // 改革 in Shift_JIS.
        text.extend_from_slice(&[0x89, 0xFC, 0x8A, 0x76]);
        text.extend_from_slice(b"\",\n)\n");
        fs::write(dir.join("minutes/sjis.ron"), text).expect("write");
    });
    assert_eq!((d.line, d.column), (3, 13), "{d}");
}

#[test]
fn symlinks_and_special_files() {
    use std::os::unix::fs::symlink;
    // A link to a file outside, to a device, dangling, and looping.
    for (name, target) in [
        ("passwd", PathBuf::from("/etc/passwd")),
        ("zero", PathBuf::from("/dev/zero")),
        ("dangling", PathBuf::from("/nonexistent/kaikaku")),
    ] {
        let rel = format!("plans/{name}.ron");
        assert_hostile(&rel, |dir| {
            symlink(&target, dir.join(&rel)).expect("symlink");
        });
    }
    assert_hostile("plans/loop.ron", |dir| {
        symlink("loop.ron", dir.join("plans/loop.ron")).expect("symlink");
    });
    assert_hostile("plans/dir.ron", |dir| {
        fs::create_dir(dir.join("plans/dir.ron")).expect("mkdir");
    });
    // A named pipe would block a plain open() forever.
    assert_hostile("plans/fifo.ron", |dir| {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("plans/fifo.ron"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    });
}

/// A whole directory linked outside: the files in it look like plain files, but reading them
/// (and, worse, saving) would reach outside the workspace.
#[test]
fn a_linked_directory_pointing_outside() {
    let (plans, _) = sample_ids();
    let (temp, dir) = sample_copy();
    let outside = temp.path().join("outside");
    fs::create_dir(&outside).expect("mkdir");
    fs::write(outside.join("secret.ron"), plan_with_id("secret")).expect("write");
    fs::remove_dir_all(dir.join("minutes")).expect("rm");
    std::os::unix::fs::symlink(&outside, dir.join("minutes")).expect("symlink");
    let mut workspace = load_bounded(&dir);
    let problems = workspace.check();
    let d = diagnostic_for(&problems, "minutes/secret.ron", None);
    assert!(d.message.en.contains("outside the workspace"), "{d}");
    assert_eq!(workspace.plans.len(), plans.len());
    // Saving into the linked directory is refused too.
    let mut meeting: kaikaku::model::Meeting = kaikaku::store::canonical::options()
        .from_str(include_str!("../minutes/2021-03-22-kaikaku-suishin-1.ron"))
        .expect("sample meeting");
    meeting.id = "planted".into();
    assert!(workspace.save_meeting(meeting).is_err());
    assert!(!outside.join("planted.ron").exists());
}

/// The sample meeting cut at many points: each prefix is reported at a position inside it.
#[test]
fn truncated_at_every_point() {
    let (_temp, dir) = sample_copy();
    let full =
        fs::read(repo_root().join("minutes/2021-03-22-kaikaku-suishin-1.ron")).expect("read");
    let rel = "minutes/cut.ron";
    let step = (full.len() / 150).max(1);
    for cut in (0..full.len() - 2).step_by(step) {
        fs::write(dir.join(rel), &full[..cut]).expect("write");
        let workspace = load_bounded(&dir);
        let problems = workspace.check();
        diagnostic_for(&problems, rel, Some(&full[..cut]));
        assert_eq!(workspace.meetings.len(), 1, "cut at {cut}");
        assert_eq!(fs::read(dir.join(rel)).expect("read"), &full[..cut]);
    }
}

#[test]
fn wrong_types() {
    let plan = plan_with_id("typed");
    for (name, from, to) in [
        ("string-year", "from: 2024", "from: \"2024\""),
        ("negative-year", "from: 2024", "from: -2024"),
        ("huge-year", "from: 2024", "from: 99999999999999999999"),
        ("list-title", "title: \"テストプラン\"", "title: [\"a\"]"),
        ("unit-period", "period: (", "period: (), x: ("),
        ("bool-levels", "levels: [", "levels: true, x: ["),
    ] {
        let rel = format!("plans/{name}.ron");
        let text = plan.replacen(from, to, 1);
        assert_ne!(text, plan, "{name}: the replacement matched nothing");
        let d = assert_hostile(&rel, |dir| fs::write(dir.join(&rel), &text).expect("write"));
        assert!(d.line > 1, "{name}: {d}");
    }
}
