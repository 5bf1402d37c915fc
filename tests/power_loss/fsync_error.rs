//! Suite 4, the fsync half: an fsync that fails is never reported as saved. The simulated disk
//! fails file or directory syncs with EIO the way Linux does — the unwritten pages are dropped
//! and a later fsync reports success without them — or runs out of space mid-write.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaikaku::model::meeting::MeetingStatus;
use kaikaku::store::Workspace;
use kaikaku::store::atomic::{TEMP_PREFIX, write_atomic_with};
use kaikaku::store::journal::{Draft, Entry, Journal};
use kaikaku::tui::app::SaveState;
use kaikaku::tui::{App, Command, Msg, Options, dispatch};

use super::disk::{Fate, Faults, SimDisk};
use super::session::{MEETING, sample_into};
use crate::common::file_names;

fn draft(text: &str) -> Entry {
    Entry::Draft(Draft {
        text: text.into(),
        ..Draft::default()
    })
}

/// The disk after a power cut that keeps only what was durable, written to `into`.
fn after_power_cut(disk: &SimDisk, into: &Path) {
    disk.model().crash(&mut |_, _| Fate::Lost).materialise(into);
}

#[test]
fn a_failed_fsync_fails_the_save_and_keeps_the_old_file() {
    let temp = tempfile::tempdir().expect("tempdir");
    let target = temp.path().join("a.ron");
    std::fs::write(&target, b"(old: 1)").expect("write");
    let disk = SimDisk::over(temp.path());

    disk.set_faults(Faults {
        file_sync: true,
        ..Faults::default()
    });
    let error = write_atomic_with(&disk, &target, b"(new: 2)").expect_err("must not be saved");
    assert!(error.to_string().contains(TEMP_PREFIX), "{error}");
    assert_eq!(std::fs::read(&target).expect("read"), b"(old: 1)");
    assert_eq!(file_names(temp.path()), ["a.ron"], "temp file left behind");

    // A failing directory sync comes after the rename: the new text is visible, but it is
    // still not reported saved, and no temp file stays.
    disk.set_faults(Faults {
        dir_sync: true,
        ..Faults::default()
    });
    assert!(write_atomic_with(&disk, &target, b"(new: 2)").is_err());
    assert_eq!(file_names(temp.path()), ["a.ron"], "temp file left behind");

    disk.set_faults(Faults::default());
    write_atomic_with(&disk, &target, b"(new: 3)").expect("saves once the disk is well");
    let cut = tempfile::tempdir().expect("tempdir");
    after_power_cut(&disk, cut.path());
    assert_eq!(
        std::fs::read(cut.path().join("a.ron")).expect("read"),
        b"(new: 3)"
    );
    disk.check_live();
}

/// After a failed fsync Linux may drop the journal's unwritten pages and let the next fsync
/// succeed: appending behind them would put every later record behind a hole that replay
/// stops at. The journal rewrites itself whole instead, so what a later sync reports saved is.
#[test]
fn a_failed_journal_fsync_is_never_trusted_again() {
    let temp = tempfile::tempdir().expect("tempdir");
    let disk = SimDisk::over(temp.path());
    let (mut journal, _) =
        Journal::open_with(Arc::new(disk.clone()), temp.path(), MEETING).expect("open");
    journal.append(&draft("一")).expect("append");
    journal.sync().expect("sync");
    journal.append(&draft("二")).expect("append");
    disk.set_faults(Faults {
        file_sync: true,
        ..Faults::default()
    });
    assert!(journal.sync().is_err(), "a failed fsync reported as saved");
    assert!(journal.needs_sync(), "the failure was forgotten");
    disk.set_faults(Faults::default());
    journal.append(&draft("三")).expect("append");
    journal.sync().expect("sync");

    let cut = tempfile::tempdir().expect("tempdir");
    after_power_cut(&disk, cut.path());
    let (_, recovery) = Journal::open(cut.path(), MEETING).expect("reopen");
    assert_eq!(
        recovery.entries,
        [draft("一"), draft("二"), draft("三")],
        "records reported saved are gone"
    );
    disk.check_live();
}

/// A disk that fills mid-append leaves half a record; the next append must not land behind
/// it (replay would stop at the half record and never read it).
#[test]
fn a_partial_journal_append_is_cut_before_the_next() {
    let temp = tempfile::tempdir().expect("tempdir");
    let disk = SimDisk::over(temp.path());
    let (mut journal, _) =
        Journal::open_with(Arc::new(disk.clone()), temp.path(), MEETING).expect("open");
    journal.append(&draft("一")).expect("append");
    disk.set_faults(Faults {
        space: Some(5),
        ..Faults::default()
    });
    assert!(
        journal.append(&draft("二")).is_err(),
        "a short write succeeded"
    );
    assert!(journal.sync().is_err(), "synced onto a full disk");
    disk.set_faults(Faults::default());
    journal
        .append(&draft("三"))
        .expect("append once space returns");
    journal.sync().expect("sync");

    let cut = tempfile::tempdir().expect("tempdir");
    after_power_cut(&disk, cut.path());
    let (_, recovery) = Journal::open(cut.path(), MEETING).expect("reopen");
    assert_eq!(recovery.entries, [draft("一"), draft("三")]);
    assert_eq!(recovery.cut_bytes, 0);
}

/// A sample workspace with a new draft meeting, on a simulated disk.
fn draft_meeting(root: &Path) -> (SimDisk, App) {
    sample_into(root);
    let mut workspace = Workspace::load(root).expect("load");
    let mut meeting = workspace.meetings[0].value.clone();
    meeting.id = MEETING.into();
    meeting.status = MeetingStatus::Draft;
    meeting.statements.clear();
    workspace.save_meeting(meeting).expect("save");
    let disk = SimDisk::over(root);
    let mut workspace = Workspace::load(root).expect("load");
    workspace.set_fs_layer(Arc::new(disk.clone()));
    let options = Options {
        no_color: true,
        lang: Some(kaikaku::model::Language::En),
        ..Options::default()
    };
    (disk, App::new(workspace, options))
}

fn status_line(app: &mut App) -> String {
    let screen = crate::tui::draw(app, 160, 40);
    screen
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect()
}

/// Meeting mode on a disk whose fsync fails: Enter does not take the statement (it stays in
/// the editor, the status bar says NOT SAVED); once the disk recovers, Enter records it, the
/// mark goes, and a power cut right after keeps it.
#[test]
fn meeting_mode_says_not_saved_when_the_journal_cannot_sync() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("ws");
    let (disk, mut app) = draft_meeting(&root);
    dispatch(&mut app, Command::ShowMeeting);
    assert!(
        app.session.as_ref().is_some_and(|s| s.journal.is_some()),
        "meeting mode did not open the journal"
    );
    dispatch(&mut app, Msg::Speaker('2'));
    dispatch(&mut app, Msg::Paste("停電でも消えない発言".into()));
    disk.set_faults(Faults {
        file_sync: true,
        ..Faults::default()
    });
    dispatch(&mut app, Command::CommitStatement);
    assert!(
        matches!(app.core.save_state, SaveState::NotSaved(_)),
        "{:?}",
        app.core.save_state
    );
    assert!(status_line(&mut app).contains("NOT SAVED"));
    let meeting = app.core.workspace.meeting(MEETING).expect("meeting");
    assert!(meeting.statements.is_empty(), "taken while not durable");
    let session = app.session.as_ref().expect("session");
    assert_eq!(session.editor.lines().join("\n"), "停電でも消えない発言");

    disk.set_faults(Faults::default());
    dispatch(&mut app, Command::CommitStatement);
    assert_eq!(app.core.save_state, SaveState::Saved);
    assert!(!status_line(&mut app).contains("NOT SAVED"));
    let statements = app
        .core
        .workspace
        .meeting(MEETING)
        .expect("meeting")
        .statements
        .clone();
    assert_eq!(statements.len(), 1);

    let cut = tempfile::tempdir().expect("tempdir");
    after_power_cut(&disk, cut.path());
    let (_, recovery) = Journal::open(cut.path(), MEETING).expect("reopen");
    let mut meeting = Workspace::load(cut.path())
        .expect("load")
        .meeting(MEETING)
        .expect("meeting")
        .clone();
    kaikaku::store::journal::replay(&mut meeting, &recovery.entries);
    assert_eq!(meeting.statements, statements, "the statement was lost");
}

/// The KPI editor on a disk whose fsync fails: NOT SAVED, the figure kept in memory, the file
/// unchanged; the next save after the disk recovers writes it (via `tests/disk_full.rs`).
#[test]
fn a_figure_saved_onto_a_failing_fsync_says_not_saved() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("ws");
    sample_into(&root);
    let disk = SimDisk::over(&root);
    let mut app = crate::disk_full::app_on(&root);
    app.core.workspace.set_fs_layer(Arc::new(disk.clone()));
    let plans: PathBuf = root.join("plans");
    let listing = file_names(&plans);
    crate::disk_full::not_saved_then_saved(
        app,
        &root,
        || {
            disk.set_faults(Faults {
                file_sync: true,
                ..Faults::default()
            });
        },
        || disk.set_faults(Faults::default()),
    );
    assert_eq!(file_names(&plans), listing, "temp file left behind");
}
