//! The append-only, checksummed journal that makes live typing crash-proof.
//!
//! Every keystroke batch and every committed statement is appended here *before* the UI
//! shows it as saved. A record is `length (u32 LE) | CRC-32 (u32 LE) | JSON payload`; replay
//! reads records until the first one that is short or fails its checksum — a torn tail from
//! a crash or power cut — and cuts the file there, never trusting it. A record's size alone
//! never makes it torn (see [`MAX_RECORD`]). At safe points the
//! journal is compacted: the meeting is saved to its RON file atomically, then the journal is
//! restarted with only the unfinished draft.
//!
//! Files live in `.kaikaku/journal/` (git-ignored), one per meeting.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::atomic::{sync_dir_with, write_atomic_with};
use super::fs_layer::{FsFile, FsLayer, std_fs};
use crate::error::{Error, Result};
use crate::model::{Meeting, Statement, StatementKind};

/// The largest record [`Journal::append`] writes. It is far above anything the meeting
/// editor produces (a statement or draft holds at most
/// [`MAX_STATEMENT_BYTES`](crate::model::meeting::MAX_STATEMENT_BYTES), a whole statement list
/// at most a meeting file, JSON-escaped), so a record the editor made is never refused; a
/// bigger one is refused *before* anything is shown as saved.
///
/// Replay has no size limit of its own: a record is torn only when it runs past the end of
/// the file or fails its checksum, never for its length. (Replay once cut records over 4 MiB as
/// corrupt — and every record after them — although append had written them whole.)
pub const MAX_RECORD: usize = 64 * 1024 * 1024;

/// The statement being typed, with everything needed to restore the editor exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Draft {
    pub text: String,
    /// Cursor as (row, column) in characters.
    pub cursor: (usize, usize),
    pub speaker: Option<String>,
    pub kind: Option<StatementKind>,
    /// When editing an existing statement, its id.
    pub editing: Option<String>,
}

/// One journal record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// The draft as it stands now (replaces the previous draft).
    Draft(Draft),
    /// A statement committed (appended, or replacing the one with the same id).
    Statement(Statement),
    /// The whole statement list after a structural change (delete, reorder, merge).
    Statements(Vec<Statement>),
    /// A split of the statement being corrected: the new list and the emptied draft in one
    /// record, so a crash can never bring the correction back to be recorded twice.
    Split {
        statements: Vec<Statement>,
        draft: Draft,
    },
    /// The link choice shown next to the editor changed (replaces the previous one). Kept
    /// across compaction, so after a crash it comes back exactly as it was. Journals written
    /// before this record existed simply have none.
    Links(LinkChoice),
    /// A statement operation (correct, split, merge, delete, move, relink) with the
    /// statements before and after, or a header edit with the header before and after, so
    /// it can be undone and redone after a crash.
    Edit(crate::model::statement_ops::Edit),
    /// The newest operation undone.
    Undo,
    /// The newest undone operation redone.
    Redo,
    /// The undo and redo stacks as they were when the journal was compacted.
    History(crate::model::statement_ops::History),
    /// The live draft set aside while a statement is corrected (`None`: given back). Kept
    /// across compaction, so a crash during a correction loses neither the correction (the
    /// [`Entry::Draft`]) nor the live text that comes back when it ends.
    SetAside(Option<Draft>),
}

/// What the next statement will be linked to, as the typist chose it: a plan node, a
/// material page, an agenda item — nothing unless chosen. `pinned` keeps the choice for
/// every following statement (shown as pinned); otherwise it applies to the next statement
/// only and is cleared when that one is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<crate::model::meeting::NodeLink>,
    /// Material id as printed (資料1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// Page as printed (「3」, 「3-4」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Agenda item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
}

/// The undo and redo stacks the entries leave behind (replay applies the statements).
pub fn replay_history(entries: &[Entry]) -> crate::model::statement_ops::History {
    let mut history = crate::model::statement_ops::History::default();
    for entry in entries {
        track_history(&mut history, entry);
    }
    history
}

fn track_history(history: &mut crate::model::statement_ops::History, entry: &Entry) {
    match entry {
        Entry::Edit(edit) => history.record(edit.clone()),
        Entry::Undo => history.shift_undo(),
        Entry::Redo => history.shift_redo(),
        Entry::History(stacks) => history.clone_from(stacks),
        _ => {}
    }
}

/// The link choice the entries leave behind: the last [`Entry::Links`], else none chosen.
/// A choice for the next statement only is used up by the statement recorded after it,
/// even when the record that cleared it was lost in a crash.
pub fn replay_links(entries: &[Entry]) -> LinkChoice {
    let mut links = LinkChoice::default();
    for entry in entries {
        track_links(&mut links, entry);
    }
    links
}

fn track_links(links: &mut LinkChoice, entry: &Entry) {
    match entry {
        Entry::Links(chosen) => links.clone_from(chosen),
        Entry::Statement(_) if !links.pinned => *links = LinkChoice::default(),
        _ => {}
    }
}

/// What replay recovered.
#[derive(Debug, Default)]
pub struct Recovery {
    pub entries: Vec<Entry>,
    /// Bytes cut from a torn or corrupt tail.
    pub cut_bytes: u64,
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    fs: Arc<dyn FsLayer>,
    path: PathBuf,
    file: Box<dyn FsFile>,
    /// The intact records as they should be on disk: what a rewrite puts back.
    records: Vec<u8>,
    /// Appended since the last fsync.
    unsynced: bool,
    /// A write or an fsync failed, so the file's content is unknown: a failed write may have
    /// left half a record (later records would sit behind it, never read), and after a failed
    /// fsync the kernel may drop the unwritten pages and report the next fsync as fine. The
    /// next append or sync therefore rewrites the file whole from `records` first.
    damaged: bool,
    /// The last link choice appended or recovered: compaction writes it again, so it
    /// survives every restart of the journal.
    links: Option<LinkChoice>,
    /// The undo and redo stacks as the records stand: compaction writes them again.
    history: crate::model::statement_ops::History,
    /// The live draft set aside for a correction, as the records stand: compaction writes
    /// it again.
    set_aside: Option<Draft>,
}

/// Where the journal of a meeting lives.
pub fn journal_path(root: &Path, meeting_id: &str) -> PathBuf {
    root.join(super::lock::RUNTIME_DIR)
        .join("journal")
        .join(format!("{meeting_id}.log"))
}

/// Encodes one record.
pub fn encode(entry: &Entry) -> Vec<u8> {
    let payload = serde_json::to_vec(entry).unwrap_or_default();
    let length = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Decodes every intact record from the start of `bytes`; returns them and the length of the
/// intact prefix.
pub fn decode(bytes: &[u8]) -> (Vec<Entry>, usize) {
    let mut entries = Vec::new();
    let mut at = 0usize;
    while bytes.len() - at >= 8 {
        let length = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let crc = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        let Ok(length) = usize::try_from(length) else {
            break;
        };
        let Some(end) = (at + 8).checked_add(length) else {
            break;
        };
        let Some(payload) = bytes.get(at + 8..end) else {
            break;
        };
        if crc32fast::hash(payload) != crc {
            break;
        }
        let Ok(entry) = serde_json::from_slice::<Entry>(payload) else {
            break;
        };
        entries.push(entry);
        at += 8 + length;
    }
    (entries, at)
}

impl Journal {
    /// Opens (creating if needed) the journal of a meeting, replaying what it holds. A torn
    /// tail is cut off the file before anything new is appended.
    pub fn open(root: &Path, meeting_id: &str) -> Result<(Journal, Recovery)> {
        Self::open_with(std_fs(), root, meeting_id)
    }

    /// [`Journal::open`] on a given file layer (the workspace's, or a test's simulated disk).
    pub fn open_with(
        fs: Arc<dyn FsLayer>,
        root: &Path,
        meeting_id: &str,
    ) -> Result<(Journal, Recovery)> {
        let path = journal_path(root, meeting_id);
        // Refused before anything is created or cut: a linked `.kaikaku`, `journal` or log
        // file would receive the minutes (and lose its own text to the torn-tail cut).
        let dir = &super::runtime::ensure_dir(&*fs, root, "journal")?;
        super::runtime::check_file(&path)?;
        let mut file = match fs.open_append(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let file = fs
                    .create_new(&path)
                    .map_err(|e| Error::io("create", &path, e))?;
                // The new name must be durable before any record is reported saved in it.
                sync_dir_with(&*fs, dir)?;
                file
            }
            Err(e) => return Err(Error::io("open", &path, e)),
        };
        let mut bytes = fs.read(&path).map_err(|e| Error::io("read", &path, e))?;
        let (entries, intact) = decode(&bytes);
        let cut_bytes = (bytes.len() - intact) as u64;
        if cut_bytes > 0 {
            file.set_len(intact as u64)
                .map_err(|e| Error::io("truncate", &path, e))?;
            file.sync_all().map_err(|e| Error::io("sync", &path, e))?;
            bytes.truncate(intact);
        }
        let links = entries
            .iter()
            .any(|e| matches!(e, Entry::Links(_)))
            .then(|| replay_links(&entries));
        let set_aside = entries.iter().rev().find_map(|e| match e {
            Entry::SetAside(draft) => Some(draft.clone()),
            _ => None,
        });
        Ok((
            Journal {
                fs,
                path,
                file,
                records: bytes,
                unsynced: false,
                damaged: false,
                links,
                history: replay_history(&entries),
                set_aside: set_aside.flatten(),
            },
            Recovery { entries, cut_bytes },
        ))
    }

    /// Appends a record; the bytes reach the kernel at once (a killed process loses nothing),
    /// and disk with [`Journal::sync`].
    pub fn append(&mut self, entry: &Entry) -> Result<()> {
        if self.damaged {
            self.rewrite()?;
        }
        let record = encode(entry);
        if record.len() - 8 > MAX_RECORD {
            // Nothing written: the caller keeps the text and says NOT SAVED.
            let size = record.len() - 8;
            return Err(Error::Invalid(crate::text!(
                "ジャーナルの記録 {size} バイトが上限の {MAX_RECORD} バイトを超えています",
                "journal record of {size} bytes is over the {MAX_RECORD} byte limit"
            )));
        }
        if let Err(e) = self.file.write_all(&record) {
            self.damaged = true;
            return Err(Error::io("append to", &self.path, e));
        }
        self.records.extend_from_slice(&record);
        self.unsynced = true;
        if let Some(links) = &mut self.links {
            track_links(links, entry);
        } else if let Entry::Links(links) = entry {
            self.links = Some(links.clone());
        }
        track_history(&mut self.history, entry);
        if let Entry::SetAside(draft) = entry {
            self.set_aside.clone_from(draft);
        }
        Ok(())
    }

    /// Flushes appended records to disk (power-cut safe). After a failed write or sync the
    /// file is rewritten whole instead: a retried fsync can succeed without the lost pages.
    pub fn sync(&mut self) -> Result<()> {
        if self.damaged {
            return self.rewrite();
        }
        if self.unsynced {
            if let Err(e) = self.file.sync_data() {
                self.damaged = true;
                return Err(Error::io("sync", &self.path, e));
            }
            self.unsynced = false;
        }
        Ok(())
    }

    pub fn needs_sync(&self) -> bool {
        self.unsynced || self.damaged
    }

    /// Restarts the journal after the meeting was saved: only the draft survives. Written to a
    /// temp file and renamed, so a crash leaves the old journal (whose statements are then
    /// already in the RON file, and replaying them is idempotent) or the new one.
    pub fn compact(&mut self, draft: &Draft) -> Result<()> {
        let mut records = encode(&Entry::Draft(draft.clone()));
        if let Some(links) = &self.links {
            records.extend_from_slice(&encode(&Entry::Links(links.clone())));
        }
        if !self.history.is_empty() {
            records.extend_from_slice(&encode(&Entry::History(self.history.clone())));
        }
        // Only while the draft is a correction: a set-aside draft without one is stale.
        if let (Some(aside), Some(_)) = (&self.set_aside, &draft.editing) {
            records.extend_from_slice(&encode(&Entry::SetAside(Some(aside.clone()))));
        }
        self.replace(records)
    }

    /// Writes the file whole from the records held in memory, durably, and appends to it next.
    fn rewrite(&mut self) -> Result<()> {
        self.replace(self.records.clone())
    }

    fn replace(&mut self, records: Vec<u8>) -> Result<()> {
        // Once the rename may have happened the open handle is the replaced file, and
        // appending to it would be lost: until the new file is open, the journal is damaged
        // (the next append rewrites it from `records`, still the old ones if this failed).
        self.damaged = true;
        write_atomic_with(&*self.fs, &self.path, &records)?;
        self.records = records;
        self.file = self
            .fs
            .open_append(&self.path)
            .map_err(|e| Error::io("open", &self.path, e))?;
        self.damaged = false;
        self.unsynced = false;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Applies recovered entries to the meeting as loaded from its file; returns the draft.
pub fn replay(meeting: &mut Meeting, entries: &[Entry]) -> Draft {
    replay_with_aside(meeting, entries).0
}

/// [`replay`], also returning the live draft set aside for the correction the draft is
/// (`None` when the draft is no correction, or nothing was set aside).
pub fn replay_with_aside(meeting: &mut Meeting, entries: &[Entry]) -> (Draft, Option<Draft>) {
    let mut draft = Draft::default();
    let mut set_aside: Option<Draft> = None;
    let mut history = crate::model::statement_ops::History::default();
    for entry in entries {
        match entry {
            Entry::Draft(d) => draft = d.clone(),
            Entry::Statement(statement) => {
                match meeting.statements.iter_mut().find(|s| s.id == statement.id) {
                    Some(existing) => *existing = statement.clone(),
                    None => meeting.statements.push(statement.clone()),
                }
                // A statement is recorded from the draft, which the commit then empties (a
                // later record, lost if the process dies in between): empty it here too, so
                // the committed text never comes back as a draft to be recorded twice.
                if draft.editing.as_deref() == Some(&statement.id)
                    && let Some(aside) = set_aside.take()
                {
                    draft = aside;
                } else if draft.editing.is_none() || draft.editing.as_deref() == Some(&statement.id)
                {
                    draft.text.clear();
                    draft.cursor = (0, 0);
                    draft.editing = None;
                }
            }
            Entry::Statements(list) => meeting.statements.clone_from(list),
            Entry::Split {
                statements,
                draft: after,
            } => {
                meeting.statements.clone_from(statements);
                draft = after.clone();
            }
            // Not part of the minutes: see [`replay_links`].
            Entry::Links(_) => {}
            // Carried onto the list as it is, so a replay of a replayed journal (a crash
            // during compaction) changes nothing more.
            Entry::Edit(edit) => {
                edit.carry_onto(meeting, true);
                history.record(edit.clone());
                // A committed or split correction ends it (the record of the draft that
                // follows may be lost): the live draft set aside comes back, and the
                // correction can never be recorded twice.
                let ends_correction = matches!(
                    edit.operation,
                    crate::model::statement_ops::Operation::Correct
                        | crate::model::statement_ops::Operation::Split
                ) && draft
                    .editing
                    .as_ref()
                    .is_some_and(|id| edit.after.iter().any(|s| &s.id == id));
                if ends_correction {
                    draft = set_aside.take().unwrap_or_else(|| Draft {
                        speaker: draft.speaker.clone(),
                        kind: draft.kind,
                        ..Draft::default()
                    });
                }
            }
            Entry::SetAside(aside) => set_aside.clone_from(aside),
            Entry::Undo => {
                history.undo_meeting(meeting);
            }
            Entry::Redo => {
                history.redo_meeting(meeting);
            }
            Entry::History(stacks) => history.clone_from(stacks),
        }
    }
    let aside = set_aside.filter(|_| draft.editing.is_some());
    (draft, aside)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn statement(id: &str, text: &str) -> Statement {
        Statement::new(id, "a", StatementKind::Opinion, text)
    }

    /// The link choice comes back after a crash exactly as it was, also after the journal
    /// was compacted and reopened; a journal from before link records replays as before.
    #[test]
    fn the_link_choice_survives_a_crash_and_compaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let links = LinkChoice {
            node: Some(crate::model::meeting::NodeLink {
                plan: "p".into(),
                node: "1-2".into(),
            }),
            material: Some("資料1".into()),
            page: Some("3".into()),
            agenda: Some("a2".into()),
            pinned: true,
        };
        {
            let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
            journal
                .append(&Entry::Links(LinkChoice::default()))
                .expect("append");
            journal
                .append(&Entry::Links(links.clone()))
                .expect("append");
            journal
                .append(&Entry::Statement(statement("s1", "発言")))
                .expect("append");
            // Dropped without a sync or compaction: the kill -9 case.
        }
        let (mut journal, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        assert_eq!(replay_links(&recovery.entries), links);
        journal.compact(&Draft::default()).expect("compact");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        assert_eq!(replay_links(&recovery.entries), links);

        // A choice for the next statement only is used up by it, also when the record
        // clearing it was lost.
        let once = LinkChoice {
            pinned: false,
            ..links.clone()
        };
        let used = [
            Entry::Links(once.clone()),
            Entry::Statement(statement("s2", "次")),
        ];
        assert_eq!(replay_links(&used), LinkChoice::default());
        assert_eq!(replay_links(&used[..1]), once);

        // An old journal: no link record, nothing chosen, statements replay unchanged.
        let old = [Entry::Statement(statement("s1", "発言"))];
        assert_eq!(replay_links(&old), LinkChoice::default());
        let mut meeting = crate::model::meeting_draft::draft(
            &ron::from_str("(id: \"c\", name: \"委員会\")").expect("committee"),
            &crate::model::meeting_draft::Header::default(),
            chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
        );
        replay(&mut meeting, &old);
        assert_eq!(meeting.statements.len(), 1);
    }

    /// A merge, its undo and the redo stack come back after kill -9 and after compaction;
    /// the redo then applies to the minutes as saved.
    #[test]
    fn undo_and_redo_survive_a_crash_and_compaction() {
        use crate::model::statement_ops::{Edit, Operation};
        let dir = tempfile::tempdir().expect("tempdir");
        let before = vec![statement("s1", "一"), statement("s2", "二")];
        let merged = vec![statement("s1", "一二")];
        {
            let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
            for s in &before {
                journal
                    .append(&Entry::Statement(s.clone()))
                    .expect("append");
            }
            journal
                .append(&Entry::Edit(Edit {
                    operation: Operation::Merge,
                    before: before.clone(),
                    after: merged.clone(),
                    header: None,
                }))
                .expect("append");
            journal.append(&Entry::Undo).expect("append");
        }
        let empty = || {
            crate::model::meeting_draft::draft(
                &ron::from_str("(id: \"c\", name: \"委員会\")").expect("committee"),
                &crate::model::meeting_draft::Header::default(),
                chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
            )
        };
        let (mut journal, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut meeting = empty();
        replay(&mut meeting, &recovery.entries);
        assert_eq!(meeting.statements, before, "the undo came back");
        let history = replay_history(&recovery.entries);
        assert_eq!((history.undo.len(), history.redo.len()), (0, 1));
        // The minutes are saved and the journal compacted: the redo stack stays.
        journal.compact(&Draft::default()).expect("compact");
        journal.append(&Entry::Redo).expect("append");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut saved = empty();
        saved.statements.clone_from(&before);
        replay(&mut saved, &recovery.entries);
        assert_eq!(
            saved.statements, merged,
            "the redo applied to the saved minutes"
        );
        assert_eq!(replay_history(&recovery.entries).undo.len(), 1);
    }

    /// A header edit comes back after a crash, and so does its undo; replaying twice (a
    /// crash during compaction) changes nothing more.
    #[test]
    fn a_header_edit_and_its_undo_survive_a_crash() {
        use crate::model::meeting_edit::{self, HeaderFields, HeaderOp};
        use crate::model::statement_ops::Edit;
        let dir = tempfile::tempdir().expect("tempdir");
        let original = crate::model::meeting_draft::draft(
            &ron::from_str("(id: \"c\", name: \"委員会\")").expect("committee"),
            &crate::model::meeting_draft::Header::default(),
            chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
        );
        let mut edited = original.clone();
        meeting_edit::apply(
            &mut edited,
            &[
                HeaderOp::Place("本庁舎".into()),
                HeaderOp::End(Some("16:00".into())),
            ],
        )
        .expect("applies");
        let edit = Edit::header(HeaderFields::of(&original), HeaderFields::of(&edited));
        {
            let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
            journal.append(&Entry::Edit(edit)).expect("append");
        }
        let (mut journal, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut meeting = original.clone();
        replay(&mut meeting, &recovery.entries);
        replay(&mut meeting, &recovery.entries);
        assert_eq!(meeting, edited);
        journal.append(&Entry::Undo).expect("append");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut meeting = original.clone();
        replay(&mut meeting, &recovery.entries);
        assert_eq!(meeting, original, "the undo came back");
        assert_eq!(replay_history(&recovery.entries).redo.len(), 1);
    }

    /// Issue 12: a crash during a correction brings back the correction *and* the live
    /// draft set aside for it, also after compaction; once the correction is committed (its
    /// draft record lost in the crash) the live draft is the draft again, never the
    /// correction a second time.
    #[test]
    fn the_set_aside_draft_survives_a_crash_during_a_correction() {
        use crate::model::statement_ops::{Edit, Operation};
        let dir = tempfile::tempdir().expect("tempdir");
        let live = Draft {
            text: "途中の発言".into(),
            cursor: (0, 5),
            speaker: Some("yahata".into()),
            kind: Some(StatementKind::Question),
            editing: None,
        };
        let correction = Draft {
            text: "一（訂正）".into(),
            cursor: (0, 5),
            speaker: Some("a".into()),
            kind: Some(StatementKind::Opinion),
            editing: Some("s1".into()),
        };
        let empty = || {
            crate::model::meeting_draft::draft(
                &ron::from_str("(id: \"c\", name: \"委員会\")").expect("committee"),
                &crate::model::meeting_draft::Header::default(),
                chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
            )
        };
        {
            let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
            journal
                .append(&Entry::Statement(statement("s1", "一")))
                .expect("append");
            journal.append(&Entry::Draft(live.clone())).expect("append");
            journal
                .append(&Entry::SetAside(Some(live.clone())))
                .expect("append");
            journal
                .append(&Entry::Draft(correction.clone()))
                .expect("append");
        }
        let (mut journal, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut meeting = empty();
        let (draft, aside) = replay_with_aside(&mut meeting, &recovery.entries);
        assert_eq!((&draft, aside.as_ref()), (&correction, Some(&live)));
        // Saved and compacted: both stay.
        journal.compact(&draft).expect("compact");
        journal
            .append(&Entry::Edit(Edit {
                operation: Operation::Correct,
                before: vec![statement("s1", "一")],
                after: vec![statement("s1", "一（訂正）")],
                header: None,
            }))
            .expect("append");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        let mut saved = empty();
        saved.statements.push(statement("s1", "一"));
        let (draft, aside) = replay_with_aside(&mut saved, &recovery.entries);
        assert_eq!(saved.statements[0].text, "一（訂正）");
        assert_eq!(draft, live, "the live draft is back, the correction done");
        assert_eq!(aside, None);
    }

    #[test]
    fn torn_tail_is_cut_and_never_trusted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut journal, recovery) = Journal::open(dir.path(), "m").expect("open");
        assert!(recovery.entries.is_empty());
        journal
            .append(&Entry::Statement(statement("s1", "一つ目")))
            .expect("append");
        journal
            .append(&Entry::Draft(Draft {
                text: "途中".into(),
                ..Draft::default()
            }))
            .expect("append");
        journal.sync().expect("sync");
        let path = journal.path().to_path_buf();
        drop(journal);
        let full = std::fs::read(&path).expect("read");
        // Tear the last record at every possible byte.
        for cut in 1..full.len() {
            std::fs::write(&path, &full[..cut]).expect("write");
            let (_, recovery) = Journal::open(dir.path(), "m").expect("open");
            let (expected, intact) = decode(&full[..cut]);
            assert_eq!(recovery.entries, expected);
            assert_eq!(
                std::fs::metadata(&path).expect("meta").len(),
                intact as u64,
                "cut at {cut}"
            );
        }
        // A flipped bit in the payload is caught by the checksum.
        let mut flipped = full.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 0x20;
        std::fs::write(&path, &flipped).expect("write");
        let (_, recovery) = Journal::open(dir.path(), "m").expect("open");
        assert_eq!(recovery.entries.len(), 1);
        assert!(recovery.cut_bytes > 0);
    }

    /// Issue 15 item 3: a statement over the old 4 MiB record limit (a large paste) and every
    /// statement after it survive a reopen; nothing is cut as a torn tail.
    #[test]
    fn a_record_over_four_mebibytes_is_not_a_torn_tail() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
        let big = "議".repeat(2 * 1024 * 1024); // 6 MiB of UTF-8
        let entries = vec![
            Entry::Statement(statement("s1", "前")),
            Entry::Statement(statement("s2", &big)),
            Entry::Statement(statement("s3", "後")),
            Entry::Draft(Draft {
                text: "書きかけ".into(),
                ..Draft::default()
            }),
        ];
        for entry in &entries {
            journal.append(entry).expect("append");
        }
        journal.sync().expect("sync");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        assert_eq!(recovery.cut_bytes, 0);
        assert_eq!(recovery.entries, entries);
    }

    /// A record over [`MAX_RECORD`] is refused before a byte is written, so the journal stays
    /// intact and the caller can say NOT SAVED.
    #[test]
    fn an_over_limit_record_is_refused_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut journal, _) = Journal::open(dir.path(), "m").expect("open");
        journal
            .append(&Entry::Statement(statement("s1", "前")))
            .expect("append");
        let before = std::fs::read(journal.path()).expect("read");
        let huge = "a".repeat(MAX_RECORD + 1);
        let refused = journal.append(&Entry::Statement(statement("s2", &huge)));
        assert!(refused.is_err());
        assert_eq!(std::fs::read(journal.path()).expect("read"), before);
        journal
            .append(&Entry::Statement(statement("s3", "後")))
            .expect("append after a refusal");
        drop(journal);
        let (_, recovery) = Journal::open(dir.path(), "m").expect("reopen");
        assert_eq!(recovery.entries.len(), 2);
        assert_eq!(recovery.cut_bytes, 0);
    }

    /// A length field pointing past the end of the file (a torn length, or garbage) is a
    /// torn tail, whatever its value.
    #[test]
    fn a_length_past_the_end_is_torn() {
        let mut bytes = encode(&Entry::Statement(statement("s1", "a")));
        let intact = bytes.len();
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(&[0; 12]);
        let (entries, at) = decode(&bytes);
        assert_eq!(entries.len(), 1);
        assert_eq!(at, intact);
    }

    #[test]
    fn replay_is_idempotent_after_compaction_crash() {
        let mut meeting_entries = vec![
            Entry::Statement(statement("s1", "a")),
            Entry::Statement(statement("s2", "b")),
        ];
        meeting_entries.push(Entry::Statement(statement("s1", "a (corrected)")));
        let base = crate::model::Meeting {
            id: "m".into(),
            committee: "c".into(),
            fiscal_year: crate::model::FiscalYear(2024),
            number: None,
            title: "t".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
            start: None,
            end: None,
            place: String::new(),
            status: crate::model::meeting::MeetingStatus::Draft,
            chair: None,
            secretariat: None,
            attendees: vec![],
            materials: vec![],
            agenda: vec![],
            notes: vec![],
            statements: vec![],
        };
        let mut once = base.clone();
        replay(&mut once, &meeting_entries);
        let mut twice = once.clone();
        replay(&mut twice, &meeting_entries);
        assert_eq!(once, twice);
        assert_eq!(once.statements.len(), 2);
        assert_eq!(once.statements[0].text, "a (corrected)");
    }

    proptest! {
        /// Journal replay equals the applied edits, for any texts.
        #[test]
        fn replay_returns_what_was_appended(texts in prop::collection::vec(any::<String>(), 0..8)) {
            let entries: Vec<Entry> = texts.iter().enumerate().map(|(i, t)| if i % 2 == 0 {
                Entry::Statement(statement(&format!("s{i}"), t))
            } else {
                Entry::Draft(Draft { text: t.clone(), cursor: (0, i), ..Draft::default() })
            }).collect();
            let bytes: Vec<u8> = entries.iter().flat_map(encode).collect();
            let (decoded, intact) = decode(&bytes);
            prop_assert_eq!(decoded, entries);
            prop_assert_eq!(intact, bytes.len());
        }
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;

    /// A split record restores the list and the emptied draft together: the correction that
    /// was split can never come back as a draft to be recorded twice.
    #[test]
    fn split_replaces_list_and_draft_at_once() {
        let statement = |id: &str| Statement::new(id, "a", StatementKind::Opinion, id);
        let mut meeting: crate::model::Meeting = crate::store::canonical::options()
            .from_str("(id: \"m\", committee: \"c\", fiscal_year: 2024, title: \"t\", date: \"2024-07-30\")")
            .expect("meeting");
        let editing = Draft {
            text: "前半後半".into(),
            cursor: (0, 2),
            editing: Some("s1".into()),
            ..Draft::default()
        };
        let entries = vec![
            Entry::Statement(statement("s1")),
            Entry::Draft(editing),
            Entry::Split {
                statements: vec![statement("s1"), statement("s2")],
                draft: Draft::default(),
            },
        ];
        let draft = replay(&mut meeting, &entries);
        assert_eq!(meeting.statements.len(), 2);
        assert!(
            draft.text.is_empty() && draft.editing.is_none(),
            "{draft:?}"
        );
    }
}
