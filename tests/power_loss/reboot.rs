//! "Reboot" after a power cut: the post-crash image is written to a fresh directory, loaded by
//! the real loader and its journal replayed by the real recovery code, and the result judged
//! against the session's oracle.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaikaku::store::Workspace;
use kaikaku::store::atomic::TEMP_PREFIX;
use kaikaku::store::journal::{Draft, Entry, Journal, decode, replay};

use super::disk::{Fate, Image, SimDisk};
use super::session::{Held, MEETING, Oracle, Session, allowed, ron_files};

/// What a restart on one post-crash disk found, whenever the cut came.
#[derive(Debug)]
pub struct Restart {
    /// What no crash point excuses: leftovers, unreadable files, a journal tail not cut.
    problems: Vec<String>,
    /// The RON files the loader sees, with their texts.
    files: BTreeMap<PathBuf, Vec<u8>>,
    /// The meeting as the TUI restores it (`None`: no meeting file), or why it could not be.
    held: Result<Option<Held>, String>,
    /// Bytes of a torn journal tail that recovery cut.
    pub cut_bytes: u64,
}

/// Writes the image to a fresh directory and starts on it as the program does: takes the
/// writer lock, loads every file with the real loader, opens and replays the journal with
/// the real recovery code.
pub fn restart(image: &Image) -> Restart {
    let temp = scratch();
    let root = temp.path().join("ws");
    image.materialise(&root);
    let mut problems = Vec::new();
    // Temp files a cut left are the new writer's to remove, before git or a user sees them.
    let _lock = kaikaku::store::lock::acquire(&root)
        .expect("lock")
        .expect("the only writer");
    for leftover in temp_files(&root) {
        let rel = leftover
            .strip_prefix(&root)
            .unwrap_or(&leftover)
            .to_path_buf();
        problems.push(format!("{} left behind after the restart", rel.display()));
    }
    let files = ron_files(&root)
        .into_iter()
        .map(|rel| {
            let text = std::fs::read(root.join(&rel)).expect("read");
            (rel, text)
        })
        .collect();
    let workspace = match Workspace::load(&root) {
        Ok(workspace) => workspace,
        Err(error) => {
            return Restart {
                problems,
                files,
                held: Err(format!("the workspace does not load: {error}")),
                cut_bytes: 0,
            };
        }
    };
    for diagnostic in &workspace.load_errors {
        problems.push(format!("unreadable after the reboot: {diagnostic:?}"));
    }
    let mut cut_bytes = 0;
    let held = match workspace.meeting(MEETING) {
        None => Ok(None),
        Some(meeting) => recover(&root, meeting.clone(), &mut cut_bytes).map(Some),
    };
    Restart {
        problems,
        files,
        held,
        cut_bytes,
    }
}

/// Every way a restart differs from what the session was promised by a cut after `op`
/// operations; empty when nothing reported saved was lost and nothing is unreadable.
pub fn judge(oracle: &Oracle, op: usize, restart: &Restart) -> Vec<String> {
    let mut out = restart.problems.clone();
    // Every RON file is one text the program wrote or found, never a mix, never one older
    // than the last reported saved.
    for rel in restart.files.keys() {
        if !oracle.files.contains_key(rel) {
            out.push(format!("{} appeared from nowhere", rel.display()));
        }
    }
    for (rel, versions) in &oracle.files {
        let now = restart.files.get(rel);
        let allowed = allowed(versions, op);
        if !allowed.iter().any(|v| v.value.as_ref() == now) {
            let labels: Vec<&str> = allowed.iter().map(|v| v.label.as_str()).collect();
            out.push(format!(
                "{} is {}, none of the texts allowed ({labels:?})",
                rel.display(),
                describe(now.map(Vec::as_slice)),
            ));
        }
    }
    match &restart.held {
        Err(problem) => out.push(problem.clone()),
        Ok(held) => {
            let allowed = allowed(&oracle.meeting, op);
            if !allowed.iter().any(|s| &s.value == held) {
                let labels: Vec<&str> = allowed.iter().map(|s| s.label.as_str()).collect();
                out.push(format!(
                    "the meeting came back as {held:#?}, not as after any of {labels:?}"
                ));
            }
        }
    }
    out
}

/// [`restart`] and [`judge`] in one.
pub fn violations(oracle: &Oracle, op: usize, image: &Image) -> Vec<String> {
    judge(oracle, op, &restart(image))
}

/// A scratch directory for one restart: in memory (`/dev/shm`) where there is one, since
/// hundreds of restarts write and delete a workspace each and a busy disk makes that slow;
/// the durability being judged is the simulated disk's, not this directory's.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::Builder::new()
            .prefix("kaikaku-power-")
            .tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().expect("tempdir")
}

/// Files named like the store's temp files, anywhere under `root`.
fn temp_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("ls").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                out.push(path);
            }
        }
    }
    out
}

fn describe(bytes: Option<&[u8]>) -> String {
    match bytes {
        None => "absent".into(),
        Some(bytes) => format!("{} bytes", bytes.len()),
    }
}

/// Opens the journal like the TUI, checks that a torn tail was cut and that an append
/// afterwards is durable and read back, and returns the meeting as restored.
fn recover(
    root: &Path,
    mut meeting: kaikaku::model::Meeting,
    cut_bytes: &mut u64,
) -> Result<Held, String> {
    let path = root.join(Session::journal_rel());
    let before = std::fs::read(&path).unwrap_or_default();
    let (_, intact) = decode(&before);
    // The real recovery code on a fresh simulated disk: no real fsync slows the suite, and
    // the model tells whether recovery left anything undurable.
    let disk = SimDisk::over(root);
    let (mut journal, recovery) = Journal::open_with(Arc::new(disk.clone()), root, MEETING)
        .map_err(|e| format!("the journal does not open: {e}"))?;
    if disk.model().pending() > 0 {
        return Err("opening the journal left its cut or its creation undurable".into());
    }
    let after = std::fs::read(&path).map_err(|e| format!("journal unreadable: {e}"))?;
    if after != before[..intact] || recovery.cut_bytes != (before.len() - intact) as u64 {
        return Err(format!(
            "the torn tail was not cut: {} bytes, {intact} intact, {} after opening, {} reported cut",
            before.len(),
            after.len(),
            recovery.cut_bytes
        ));
    }
    *cut_bytes = recovery.cut_bytes;
    let draft = replay(&mut meeting, &recovery.entries);
    // The next append lands behind the last intact record and is read back.
    let next = Entry::Draft(Draft {
        text: "再起動後".into(),
        ..Draft::default()
    });
    journal
        .append(&next)
        .and_then(|()| journal.sync())
        .map_err(|e| format!("appending after the reboot failed: {e}"))?;
    drop(journal);
    let mut expected = recovery.entries.clone();
    expected.push(next);
    let (_, again) = Journal::open_with(Arc::new(disk.clone()), root, MEETING)
        .map_err(|e| format!("the journal does not reopen: {e}"))?;
    if again.entries != expected || again.cut_bytes != 0 {
        return Err(format!(
            "after the reboot an appended record was not read back ({} of {} entries, {} cut)",
            again.entries.len(),
            expected.len(),
            again.cut_bytes
        ));
    }
    // And it survives another power cut straight after its sync.
    let durable = disk.model().crash(&mut |_, _| Fate::Lost);
    let bytes = durable
        .files
        .get(&Session::journal_rel())
        .cloned()
        .unwrap_or_default();
    if decode(&bytes) != (expected, bytes.len()) {
        return Err("a record appended and synced after the reboot is not durable".into());
    }
    Ok(Held {
        statements: meeting.statements,
        draft,
    })
}
