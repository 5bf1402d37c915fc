//! Meeting mode: recording the minutes live. Every keystroke batch is journalled before it is
//! shown as saved; a committed statement is fsynced at once; the meeting file is rewritten at
//! safe points (every few statements and on quit) and the journal compacted.

use ratatui_textarea::{CursorMove, TextArea};

use crate::model::meeting::{MAX_STATEMENT_BYTES, MaterialRef, MeetingStatus, NodeLink};
use crate::model::statement_ops::{self, History, Operation};
use crate::model::{Meeting, Statement, StatementKind, sanitize};
use crate::store::journal::{
    Draft, Entry, Journal, LinkChoice, replay_history, replay_links, replay_with_aside,
};
use crate::tui::command::Command;
use crate::tui::core::Core;
use crate::tui::core::{LoadState, PendingWrite};
pub use crate::tui::dialog::ListChange;
use crate::tui::dialog::purpose::{EditorPurpose, Pending};
use crate::tui::dialog::{Confirm, Dialog, Editor};
use crate::tui::msg::Msg;
use crate::tui::outcome::Outcome;
use crate::tui::screen::Screen;

/// Statements committed between two saves of the meeting file.
const SAVE_EVERY: usize = 5;

/// The live recording state of one meeting.
#[derive(Debug)]
pub struct Session {
    pub meeting_id: String,
    /// `None` when the meeting cannot be written (read-only workspace or confirmed minutes).
    pub journal: Option<Journal>,
    pub editor: TextArea<'static>,
    pub speaker: Option<String>,
    pub kind: StatementKind,
    pub needs_response: bool,
    /// Id of the statement being corrected, when not typing a new one.
    pub editing: Option<String>,
    /// Cursor in the statement list (command mode).
    pub selected: usize,
    /// Typing (true) or command mode (false).
    pub typing: bool,
    /// What the next statement is linked to (node, material, page, agenda item): nothing
    /// unless the typist chose it; journalled, so it comes back after a crash as it was.
    pub links: LinkChoice,
    /// Undo and redo of statement operations, as the journal holds them.
    pub history: History,
    /// The draft changed since it was last journalled.
    pub draft_dirty: bool,
    pub since_save: usize,
    /// Why recording is refused, when it is.
    pub read_only: Option<String>,
    /// The live draft (and its needs-response flag) set aside while a statement is being
    /// corrected: it comes back when the correction is committed, split or cancelled, so the
    /// live pane continues with the speaker and kind it had. Journalled
    /// ([`Entry::SetAside`]): after a crash mid-correction both come back.
    pub before_correction: Option<(Draft, bool)>,
    /// The set-aside draft changed and is to be journalled with the next draft flush:
    /// `Some(Some(_))` before the correction's draft, `Some(None)` after the live one is back,
    /// so a crash in between never loses either.
    pub aside_dirty: Option<Option<Draft>>,
}

/// Speaker keys: Alt-1 … Alt-9 then Alt-0, in attendee order of those present.
pub fn speaker_keys(meeting: &Meeting) -> Vec<(char, &crate::model::meeting::Attendee)> {
    let keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
    meeting
        .attendees
        .iter()
        .filter(|a| !matches!(a.attendance, crate::model::meeting::Attendance::Absent))
        .zip(keys)
        .map(|(attendee, key)| (key, attendee))
        .collect()
}

/// Kind keys (with Alt): q question, o opinion, p proposal, r request, a answer,
/// e explanation, g procedural.
pub const KIND_KEYS: [(char, StatementKind); 7] = [
    ('q', StatementKind::Question),
    ('o', StatementKind::Opinion),
    ('p', StatementKind::Proposal),
    ('r', StatementKind::Request),
    ('a', StatementKind::Answer),
    ('e', StatementKind::Explanation),
    ('g', StatementKind::Procedural),
];

fn is_secretariat(meeting: &Meeting, speaker: &str) -> bool {
    meeting
        .attendee(speaker)
        .is_some_and(|a| !crate::report::minutes::is_member(a))
}

fn editor_with(text: &str, cursor: (usize, usize)) -> TextArea<'static> {
    let mut editor = TextArea::new(text.split('\n').map(str::to_string).collect());
    let row = u16::try_from(cursor.0).unwrap_or(u16::MAX);
    let col = u16::try_from(cursor.1).unwrap_or(u16::MAX);
    editor.move_cursor(CursorMove::Jump(row, col));
    editor
}

/// The meeting to open: the newest draft, else the newest meeting.
pub fn default_meeting(core: &Core) -> Option<String> {
    let meetings = &core.workspace.meetings;
    meetings
        .iter()
        .filter(|m| m.value.status == MeetingStatus::Draft)
        .max_by_key(|m| m.value.date)
        .or_else(|| meetings.iter().max_by_key(|m| m.value.date))
        .map(|m| m.value.id.clone())
}

/// Opens a meeting for recording into `slot`, replaying its journal (crash recovery).
pub fn open(core: &mut Core, slot: &mut Option<Session>, meeting_id: &str) -> Option<Msg> {
    let meeting = core.workspace.meeting(meeting_id)?.clone();
    let read_only = super::meeting_pick::read_only_reason(core, &meeting);
    let mut session = Session {
        meeting_id: meeting_id.to_string(),
        journal: None,
        editor: TextArea::default(),
        speaker: None,
        kind: StatementKind::Opinion,
        needs_response: false,
        editing: None,
        selected: meeting.statements.len().saturating_sub(1),
        typing: read_only.is_none(),
        links: LinkChoice::default(),
        history: History::default(),
        draft_dirty: false,
        since_save: 0,
        read_only,
        before_correction: None,
        aside_dirty: None,
    };
    let mut notice = None;
    if let (None, Some(root)) = (&session.read_only, core.workspace.root.clone()) {
        match Journal::open_with(core.workspace.fs_layer(), &root, meeting_id) {
            Ok((journal, recovery)) => {
                let mut recovered = meeting.clone();
                let (draft, aside) = replay_with_aside(&mut recovered, &recovery.entries);
                session.links = replay_links(&recovery.entries);
                session.history = replay_history(&recovery.entries);
                session.before_correction = aside.map(|d| (d, false));
                let gained = recovered
                    .statements
                    .len()
                    .saturating_sub(meeting.statements.len());
                if recovered != meeting || !draft.text.is_empty() {
                    notice = Some(format!(
                        "{}: {gained} {}{}",
                        core.lang
                            .pick("ジャーナルから復元", "Recovered from the journal"),
                        core.lang.pick("件の発言", "statement(s)"),
                        if recovery.cut_bytes > 0 {
                            core.lang.pick("（破損した末尾を切除）", " (torn tail cut)")
                        } else {
                            ""
                        }
                    ));
                }
                if let Some(slot) = core.workspace.meeting_mut(meeting_id) {
                    *slot = recovered;
                }
                session.editor = editor_with(&draft.text, draft.cursor);
                session.speaker = draft.speaker;
                session.kind = draft.kind.unwrap_or(StatementKind::Opinion);
                session.editing = draft.editing;
                session.selected = core
                    .workspace
                    .meeting(meeting_id)
                    .map_or(0, |m| m.statements.len().saturating_sub(1));
                session.journal = Some(journal);
            }
            Err(error) => {
                session.read_only = Some(error.localized(core.lang));
            }
        }
    }
    *slot = Some(session);
    notice.map(Msg::Notify)
}

fn draft_of(session: &Session) -> Draft {
    let ratatui_textarea::DataCursor(row, col) = session.editor.cursor();
    Draft {
        text: session.editor.lines().join("\n"),
        cursor: (row, col),
        speaker: session.speaker.clone(),
        kind: Some(session.kind),
        editing: session.editing.clone(),
    }
}

/// Runs a session operation on the open session (nothing when none is open) and the core:
/// the operations see only the two, never the app (and are tested so).
fn with_session(
    core: &mut Core,
    session: &mut Option<Session>,
    op: impl FnOnce(&mut Session, &mut Core) -> Option<Msg>,
) -> Option<Msg> {
    op(session.as_mut()?, core)
}

/// What a session operation's follow-up asks of the router: they only ever answer with a
/// status line ([`Msg::Notify`]), so anything else is nothing to carry out.
pub fn said(follow: Option<Msg>) -> Outcome {
    match follow {
        Some(Msg::Notify(message)) => Outcome::Notify(message),
        _ => Outcome::Done,
    }
}

/// The status line a follow-up carries, if any.
fn notice_of(follow: Option<Msg>) -> Option<String> {
    match follow {
        Some(Msg::Notify(message)) => Some(message),
        _ => None,
    }
}

/// Journals the draft if it changed (called once per batch of keys).
pub fn flush_draft(core: &mut Core, session: &mut Option<Session>) -> Option<Msg> {
    with_session(core, session, Session::flush_draft)
}

/// After ~1 s of idle typing: make the journal durable.
pub fn idle_sync(core: &mut Core, session: &mut Option<Session>) -> Option<Msg> {
    with_session(core, session, Session::idle_sync)
}

/// Saves the meeting file atomically, then compacts the journal to the draft.
pub fn save(core: &mut Core, session: &mut Option<Session>) -> Option<Msg> {
    with_session(core, session, Session::save)
}

/// Statement list edits in command mode: delete, move, merge.
pub fn restructure(
    core: &mut Core,
    session: &mut Option<Session>,
    change: ListChange,
) -> Option<Msg> {
    with_session(core, session, |session, core| {
        session.restructure(core, change)
    })
}

/// Reports a journal write: a failure marks the journal NOT SAVED (nothing written since
/// the last good fsync may survive a power cut) and says why; a `durable` success (an fsync
/// or a rewrite) takes back the journal's mark, and only it.
fn journaled(
    meeting_id: &str,
    core: &mut Core,
    result: crate::error::Result<()>,
    durable: bool,
) -> Option<Msg> {
    let lang = core.lang;
    match result {
        Ok(()) => {
            if durable {
                mark(meeting_id, core, PendingWrite::Journal, None);
            }
            None
        }
        Err(error) => {
            let message = error.localized(lang);
            mark(meeting_id, core, PendingWrite::Journal, Some(&message));
            Some(Msg::Notify(format!(
                "{}: {}",
                lang.pick("ジャーナルに書けません", "JOURNAL NOT SAVED"),
                error.with_hint(lang)
            )))
        }
    }
}

/// Sets (`Some(reason)`) or clears the NOT SAVED mark of this session's journal or file.
fn mark(
    meeting_id: &str,
    core: &mut Core,
    write: fn(String) -> PendingWrite,
    failed: Option<&str>,
) {
    let write = write(meeting_id.to_string());
    match failed {
        Some(message) => core.write_failed(write, message),
        None => core.write_done(&write),
    }
}

/// Whether `added` more bytes would take the statement over [`MAX_STATEMENT_BYTES`]; if so,
/// the message that refuses them (nothing is inserted, so nothing unsaveable is ever shown).
fn over_limit(session: &Session, lang: crate::model::Language, added: usize) -> Option<Msg> {
    let total = editor_bytes(session).saturating_add(added);
    (total > MAX_STATEMENT_BYTES).then(|| {
        let kib = |bytes: usize| bytes.div_ceil(1024);
        Msg::Notify(format!(
            "{} ({} KiB > {} KiB)",
            lang.pick(
                "発言が長すぎるため入力できません。分けて記録してください",
                "Statement too long, input refused: record it in parts",
            ),
            kib(total),
            kib(MAX_STATEMENT_BYTES)
        ))
    })
}

impl Session {
    /// Journals the draft if it changed.
    pub fn flush_draft(&mut self, core: &mut Core) -> Option<Msg> {
        if !self.draft_dirty && self.aside_dirty.is_none() {
            return None;
        }
        self.draft_dirty = false;
        let draft = draft_of(self);
        let aside = self.aside_dirty.take();
        let journal = self.journal.as_mut()?;
        // Set aside before the correction's draft; given back after the live draft.
        let (first, last) = match aside {
            Some(Some(live)) => (Some(Entry::SetAside(Some(live))), None),
            Some(None) => (None, Some(Entry::SetAside(None))),
            None => (None, None),
        };
        let written = first
            .map_or(Ok(()), |entry| journal.append(&entry))
            .and_then(|()| journal.append(&Entry::Draft(draft)))
            .and_then(|()| last.map_or(Ok(()), |entry| journal.append(&entry)));
        journaled(&self.meeting_id, core, written, false)
    }

    /// Makes the journal durable, if anything is waiting for it.
    pub fn idle_sync(&mut self, core: &mut Core) -> Option<Msg> {
        let journal = self.journal.as_mut()?;
        if journal.needs_sync() {
            let synced = journal.sync();
            journaled(&self.meeting_id, core, synced, true)
        } else {
            None
        }
    }

    /// A key typed into the statement editor.
    pub fn editor_key(&mut self, core: &Core, key: crossterm::event::KeyEvent) -> Option<Msg> {
        if self.read_only.is_some() {
            return None;
        }
        if let crossterm::event::KeyCode::Char(c) = key.code {
            if crate::model::sanitize::is_unsafe_char(c) {
                return None;
            }
            if let Some(refusal) = over_limit(self, core.lang, c.len_utf8()) {
                return Some(refusal);
            }
        }
        self.editor.input(key);
        self.draft_dirty = true;
        None
    }

    /// Pasted text (line ends already normalised, sanitised here). A paste that would take
    /// the statement over [`MAX_STATEMENT_BYTES`] is refused whole.
    pub fn paste(&mut self, core: &Core, text: &str) -> Option<Msg> {
        if self.read_only.is_some() {
            return None;
        }
        let clean = sanitize(text);
        if let Some(refusal) = over_limit(self, core.lang, clean.len()) {
            return Some(refusal);
        }
        self.editor.insert_str(clean);
        self.draft_dirty = true;
        None
    }

    pub fn newline(&mut self, core: &mut Core) -> Option<Msg> {
        if let Some(refusal) = over_limit(self, core.lang, 1) {
            return Some(refusal);
        }
        if self.read_only.is_none() {
            self.editor.insert_newline();
            self.draft_dirty = true;
        }
        None
    }

    /// Chooses the speaker; the secretariat answers the last open question by default.
    pub fn choose_speaker(&mut self, core: &Core, key: char) -> Option<Msg> {
        let meeting = core.workspace.meeting(&self.meeting_id)?;
        let attendee = speaker_keys(meeting)
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| a.id.clone())?;
        self.choose_speaker_id(core, &attendee)
    }

    /// Chooses the speaker by attendee id (the speaker picker); as [`Session::choose_speaker`].
    pub fn choose_speaker_id(&mut self, core: &Core, attendee: &str) -> Option<Msg> {
        let meeting = core.workspace.meeting(&self.meeting_id)?;
        meeting.attendee(attendee)?;
        let secretariat = is_secretariat(meeting, attendee);
        self.speaker = Some(attendee.to_string());
        self.kind = if secretariat {
            StatementKind::Answer
        } else if self.kind == StatementKind::Answer {
            StatementKind::Opinion
        } else {
            self.kind
        };
        self.draft_dirty = true;
        None
    }

    pub fn choose_kind(&mut self, key: char) -> Option<Msg> {
        let kind = KIND_KEYS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, kind)| *kind)?;
        self.kind = kind;
        self.needs_response = matches!(kind, StatementKind::Proposal | StatementKind::Request);
        self.draft_dirty = true;
        None
    }

    /// Enter: the typed statement becomes part of the minutes (journalled and fsynced
    /// first). A new one is linked to the link choice, which is then cleared unless pinned;
    /// a correction keeps the statement's links and is an undoable operation.
    // A correction and a new statement read better side by side, in the order they happen.
    #[allow(clippy::single_match_else, clippy::too_many_lines)]
    pub fn commit(&mut self, core: &mut Core) -> Option<Msg> {
        let lang = core.lang;
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        let text = sanitize(self.editor.lines().join("\n").trim());
        if text.is_empty() {
            return None;
        }
        let Some(speaker) = self.speaker.clone() else {
            return Some(Msg::Notify(
                lang.pick(
                    "発言者を選んでください（Alt+数字）",
                    "Choose the speaker first (Alt+digit)",
                )
                .into(),
            ));
        };
        let meeting = core.workspace.meeting(&self.meeting_id)?;
        if let Some(existing) = self.editing.as_ref().and_then(|id| meeting.statement(id)) {
            let corrected = Statement {
                text,
                speaker,
                kind: self.kind,
                needs_response: self.needs_response,
                ..existing.clone()
            };
            let old = meeting.statements.clone();
            let mut new = old.clone();
            if let Some(slot) = new.iter_mut().find(|s| s.id == corrected.id) {
                *slot = corrected;
            }
            // A correction that changed nothing is no operation to undo.
            if new != old {
                let edit = statement_ops::edit_between(Operation::Correct, &old, &new);
                if let Some(failure) = self.record(core, edit) {
                    return Some(failure);
                }
            }
            self.editor = TextArea::default();
            self.needs_response = false;
            self.end_correction();
            self.since_save += 1;
            core.workspace.meeting_mut(&self.meeting_id)?.statements = new;
            self.flush_draft(core);
            return self.save(core);
        }
        let statement = {
            let material = self
                .links
                .material
                .as_ref()
                .filter(|id| meeting.materials.iter().any(|m| &m.id == *id))
                .map(|id| MaterialRef {
                    material: id.clone(),
                    page: self.links.page.clone(),
                    topic: None,
                    inline: false,
                });
            let reply_to = (self.kind == StatementKind::Answer
                && is_secretariat(meeting, &speaker))
            .then(|| last_open_question(meeting))
            .flatten();
            Statement {
                id: next_statement_id(meeting, &self.history),
                heading: None,
                speaker,
                label: None,
                kind: self.kind,
                text,
                materials: material.into_iter().collect(),
                nodes: self.links.node.clone().into_iter().collect(),
                reply_to,
                agenda: self
                    .links
                    .agenda
                    .clone()
                    .filter(|id| meeting.agenda_items().iter().any(|a| &a.id == id)),
                time: Some(chrono::Local::now().format("%H:%M").to_string()),
                needs_response: self.needs_response,
            }
        };
        if let Some(journal) = self.journal.as_mut() {
            let written = journal
                .append(&Entry::Statement(statement.clone()))
                .and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                // Not durable: keep the text in the editor and say so.
                return Some(failure);
            }
        }
        self.editor = TextArea::default();
        self.needs_response = false;
        self.draft_dirty = true;
        self.since_save += 1;
        let meeting = core.workspace.meeting_mut(&self.meeting_id)?;
        meeting.statements.push(statement);
        self.selected = meeting.statements.len().saturating_sub(1);
        self.flush_draft(core);
        if !self.links.pinned && self.links != LinkChoice::default() {
            // The choice applied to this statement only (replay clears it the same way
            // should this record be lost).
            if let Some(failure) = self.set_links(core, LinkChoice::default()) {
                return Some(failure);
            }
        }
        if self.since_save >= SAVE_EVERY {
            return self.save(core);
        }
        None
    }

    /// Saves the meeting file atomically, then compacts the journal to the draft.
    pub fn save(&mut self, core: &mut Core) -> Option<Msg> {
        if self.read_only.is_some() || self.journal.is_none() {
            return None;
        }
        let meeting = core.workspace.meeting(&self.meeting_id)?.clone();
        match core.workspace.save_meeting(meeting) {
            Ok(()) => {
                mark(&self.meeting_id, core, PendingWrite::Meeting, None);
                self.since_save = 0;
                let draft = draft_of(self);
                let journal = self.journal.as_mut()?;
                let compacted = journal.compact(&draft);
                journaled(&self.meeting_id, core, compacted, true)
            }
            Err(error) => {
                let message = error.localized(core.lang);
                mark(
                    &self.meeting_id,
                    core,
                    PendingWrite::Meeting,
                    Some(&message),
                );
                Some(Msg::Notify(format!(
                    "{}: {}",
                    core.lang.pick("保存できません", "NOT SAVED"),
                    error.with_hint(core.lang)
                )))
            }
        }
    }

    /// Journals a statement operation (fsynced: it changes the minutes) and puts it on the
    /// undo stack; the failure to report when it could not be made durable, and then
    /// nothing changed.
    pub(super) fn record(&mut self, core: &mut Core, edit: statement_ops::Edit) -> Option<Msg> {
        if let Some(journal) = self.journal.as_mut() {
            let written = journal
                .append(&Entry::Edit(edit.clone()))
                .and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                return Some(failure);
            }
        }
        self.history.record(edit);
        None
    }

    /// Sets the link choice and journals it (fsynced, so it comes back after a crash
    /// exactly as it was).
    pub fn set_links(&mut self, core: &mut Core, links: LinkChoice) -> Option<Msg> {
        if let Some(journal) = self.journal.as_mut() {
            let written = journal
                .append(&Entry::Links(links.clone()))
                .and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                return Some(failure);
            }
        }
        self.links = links;
        None
    }

    /// Undoes (or redoes) the newest statement operation, carried onto the list as it is
    /// now: statements recorded since stay. Refused while a correction is open (its
    /// statement could be the one the undo takes away).
    pub fn undo(&mut self, core: &mut Core, redo: bool) -> Option<Msg> {
        let lang = core.lang;
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        if self.editing.is_some() {
            return Some(Msg::Notify(
                lang.pick(
                    "修正中は元に戻せません（Esc で修正を取消）",
                    "Finish or cancel the correction first (Esc)",
                )
                .into(),
            ));
        }
        let mut meeting = core.workspace.meeting(&self.meeting_id)?.clone();
        let mut history = self.history.clone();
        // A header edit undone or redone must leave every statement recorded since with its
        // speaker, material and agenda item.
        let next = if redo {
            history.redo.last()
        } else {
            history.undo.last()
        };
        if let Some(change) = next.and_then(|e| e.header.as_deref()) {
            let fields = if redo { &change.after } else { &change.before };
            if let Some(error) = crate::model::meeting_edit::missing_reference(&meeting, fields) {
                return Some(Msg::Notify(format!(
                    "{}: {}",
                    if redo {
                        lang.pick("やり直せません", "Cannot redo")
                    } else {
                        lang.pick("元に戻せません", "Cannot undo")
                    },
                    crate::model::sanitize_inline(&crate::i18n::Localize::message(&error, lang))
                )));
            }
        }
        let done = if redo {
            history.redo_meeting(&mut meeting)
        } else {
            history.undo_meeting(&mut meeting)
        };
        let Some(operation) = done else {
            return Some(Msg::Notify(
                if redo {
                    lang.pick("やり直す操作がありません", "Nothing to redo")
                } else {
                    lang.pick("元に戻す操作がありません", "Nothing to undo")
                }
                .into(),
            ));
        };
        if let Some(journal) = self.journal.as_mut() {
            let entry = if redo { Entry::Redo } else { Entry::Undo };
            let written = journal.append(&entry).and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                return Some(failure);
            }
        }
        // The cursor goes to the statement the operation brought back or changed (the
        // first it touched when only the order changed).
        let edit = if redo {
            history.undo.last()
        } else {
            history.redo.last()
        };
        let target = edit.and_then(|e| {
            let (now, other) = if redo {
                (&e.after, &e.before)
            } else {
                (&e.before, &e.after)
            };
            now.iter()
                .find(|s| !other.contains(s))
                .or_else(|| now.first())
        });
        let statements = &meeting.statements;
        if let Some(at) = target.and_then(|t| statements.iter().position(|s| s.id == t.id)) {
            self.selected = at;
        }
        self.selected = self.selected.min(statements.len().saturating_sub(1));
        self.history = history;
        self.since_save += 1;
        *core.workspace.meeting_mut(&self.meeting_id)? = meeting;
        let message = format!(
            "{}{}",
            operation.label(lang),
            if redo {
                lang.pick(
                    "をやり直しました（Ctrl-Z で元に戻す）",
                    " redone (Ctrl-Z undoes)",
                )
            } else {
                lang.pick(
                    "を元に戻しました（Ctrl-Y でやり直し）",
                    " undone (Ctrl-Y redoes)",
                )
            }
        );
        Some(self.save(core).unwrap_or(Msg::Notify(message)))
    }

    /// Relinks a recorded statement to a plan node (or to none): an undoable operation.
    pub fn relink(&mut self, core: &mut Core, id: &str, link: Option<NodeLink>) -> Option<Msg> {
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        let old = core.workspace.meeting(&self.meeting_id)?.statements.clone();
        let mut new = old.clone();
        let statement = new.iter_mut().find(|s| s.id == id)?;
        let nodes: Vec<NodeLink> = link.into_iter().collect();
        if statement.nodes == nodes {
            return None;
        }
        statement.nodes = nodes;
        let edit = statement_ops::edit_between(Operation::Relink, &old, &new);
        if let Some(failure) = self.record(core, edit) {
            return Some(failure);
        }
        self.since_save += 1;
        core.workspace.meeting_mut(&self.meeting_id)?.statements = new;
        self.save(core)
    }

    /// Statement list edits in command mode: delete, move, merge; each an undoable
    /// operation in the journal.
    pub fn restructure(&mut self, core: &mut Core, change: ListChange) -> Option<Msg> {
        let lang = core.lang;
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        let selected = self.selected;
        let old = core.workspace.meeting(&self.meeting_id)?.statements.clone();
        let mut statements = old.clone();
        if selected >= statements.len() {
            return None;
        }
        let operation = match change {
            ListChange::Delete => Operation::Delete,
            ListChange::MoveUp | ListChange::MoveDown => Operation::Move,
            ListChange::MergeNext => Operation::Merge,
        };
        let new_selected = match change {
            ListChange::Delete => {
                let removed = statements.remove(selected);
                for s in &mut statements {
                    if s.reply_to.as_deref() == Some(&removed.id) {
                        s.reply_to = None;
                    }
                }
                selected.min(statements.len().saturating_sub(1))
            }
            ListChange::MoveUp if selected > 0 => {
                statements.swap(selected, selected - 1);
                selected - 1
            }
            ListChange::MoveDown if selected + 1 < statements.len() => {
                statements.swap(selected, selected + 1);
                selected + 1
            }
            ListChange::MergeNext if selected + 1 < statements.len() => {
                let merged =
                    statements[selected].text.len() + 1 + statements[selected + 1].text.len();
                if merged > MAX_STATEMENT_BYTES {
                    return Some(Msg::Notify(
                        lang.pick(
                            "結合すると発言が長すぎます",
                            "The merged statement would be too long",
                        )
                        .into(),
                    ));
                }
                let next = statements.remove(selected + 1);
                let kept = statements[selected].id.clone();
                statements[selected].text = format!("{}\n{}", statements[selected].text, next.text);
                statements[selected].materials.extend(next.materials);
                for s in &mut statements {
                    if s.reply_to.as_deref() == Some(&next.id) {
                        s.reply_to = Some(kept.clone());
                    }
                }
                selected
            }
            _ => return None,
        };
        let edit = statement_ops::edit_between(operation, &old, &statements);
        if let Some(failure) = self.record(core, edit) {
            return Some(failure);
        }
        self.selected = new_selected;
        self.since_save += 1;
        core.workspace.meeting_mut(&self.meeting_id)?.statements = statements;
        self.save(core)
    }

    /// Loads the selected statement into the editor for correction.
    pub fn edit_selected(&mut self, core: &Core) -> Option<Msg> {
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        let statement = core
            .workspace
            .meeting(&self.meeting_id)?
            .statements
            .get(self.selected)?
            .clone();
        if self.editing.is_none() {
            let live = draft_of(self);
            self.aside_dirty = Some(Some(live.clone()));
            self.before_correction = Some((live, self.needs_response));
        }
        let lines: Vec<&str> = statement.text.split('\n').collect();
        let last_row = lines.len().saturating_sub(1);
        let last_col = lines.last().map_or(0, |l| l.chars().count());
        self.editor = editor_with(&statement.text, (last_row, last_col));
        self.speaker = Some(statement.speaker);
        self.kind = statement.kind;
        self.needs_response = statement.needs_response;
        self.editing = Some(statement.id);
        self.typing = true;
        self.draft_dirty = true;
        None
    }

    /// Ends a correction (committed, split or cancelled): the live draft set aside by
    /// [`Session::edit_selected`] comes back with its speaker, kind and flag. A correction
    /// recovered from the journal has none set aside; the editor is then left empty.
    fn end_correction(&mut self) {
        if self.editing.take().is_none() {
            return;
        }
        // Journalled after the live draft that comes back (see `flush_draft`).
        self.aside_dirty = Some(None);
        if let Some((draft, needs_response)) = self.before_correction.take() {
            self.editor = editor_with(&draft.text, draft.cursor);
            self.speaker = draft.speaker;
            self.kind = draft.kind.unwrap_or(StatementKind::Opinion);
            self.needs_response = needs_response;
        } else {
            self.editor = TextArea::default();
            self.needs_response = false;
        }
        self.draft_dirty = true;
    }

    /// Esc while correcting: the statement stays as recorded, the live draft comes back.
    /// Whether there was a correction to cancel.
    pub fn cancel_correction(&mut self) -> bool {
        let correcting = self.editing.is_some();
        self.end_correction();
        correcting
    }

    /// Splits the statement being corrected at the editor's cursor: the text before stays,
    /// the rest becomes a new statement right after it.
    pub fn split_at_cursor(&mut self, core: &mut Core) -> Option<Msg> {
        let editing = self.editing.clone()?;
        let ratatui_textarea::DataCursor(row, col) = self.editor.cursor();
        let lines = self.editor.lines().to_vec();
        let mut before: Vec<String> = lines[..row].to_vec();
        let current = lines.get(row).cloned().unwrap_or_default();
        let split = current
            .char_indices()
            .nth(col)
            .map_or(current.len(), |(i, _)| i);
        before.push(current[..split].to_string());
        let mut after = vec![current[split..].to_string()];
        after.extend(lines[row + 1..].iter().cloned());
        let (first, second) = (
            sanitize(before.join("\n").trim()),
            sanitize(after.join("\n").trim()),
        );
        if first.is_empty() || second.is_empty() {
            return None;
        }
        let meeting = core.workspace.meeting(&self.meeting_id)?;
        let index = meeting.statements.iter().position(|s| s.id == editing)?;
        let old = meeting.statements.clone();
        let mut statements = old.clone();
        let new_id = next_statement_id(meeting, &self.history);
        statements[index].text = first;
        let mut rest = statements[index].clone();
        rest.id = new_id;
        rest.text = second;
        rest.heading = None;
        statements.insert(index + 1, rest);
        // One record: replay ends the correction with it, so the split statement can never
        // come back as a correction to be recorded twice.
        let edit = statement_ops::edit_between(Operation::Split, &old, &statements);
        if let Some(failure) = self.record(core, edit) {
            return Some(failure);
        }
        self.editor = TextArea::default();
        self.end_correction();
        self.selected = index;
        self.since_save += 1;
        core.workspace.meeting_mut(&self.meeting_id)?.statements = statements;
        self.flush_draft(core);
        self.save(core)
    }
}

/// The newest question no statement replies to yet.
fn last_open_question(meeting: &Meeting) -> Option<String> {
    meeting
        .statements
        .iter()
        .rev()
        .find(|q| {
            q.kind == StatementKind::Question
                && !meeting
                    .statements
                    .iter()
                    .any(|s| s.reply_to.as_deref() == Some(&q.id))
        })
        .map(|q| q.id.clone())
}

/// A statement id never used in the minutes nor in an operation that undo or redo can bring
/// back: a new statement recorded after a deletion (or an undone split) must not share the
/// id of the statement the redo or undo would restore — carrying the change would replace it.
fn next_statement_id(meeting: &Meeting, history: &History) -> String {
    let edits = history.undo.iter().chain(&history.redo);
    let max = meeting
        .statements
        .iter()
        .chain(edits.flat_map(|e| e.before.iter().chain(&e.after)))
        .filter_map(|s| s.id.strip_prefix('s').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("s{}", max + 1)
}

/// The size of the text in the editor, in UTF-8 bytes with its line breaks.
fn editor_bytes(session: &Session) -> usize {
    let lines = session.editor.lines();
    lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
}

/// Opens meeting mode on the current (or default) meeting.
pub fn show(core: &mut Core, session: &mut Option<Session>) -> Outcome {
    // Arriving always lands in the editor: a typist who looked at a KPI and comes back
    // types the next sentence into the minutes, never into the list.
    if let Some(session) = session.as_mut() {
        if session.read_only.is_none() {
            session.typing = true;
        }
        return Outcome::Go(Screen::Meeting, None);
    }
    match &core.load {
        // The meeting (and its journal, for crash recovery) opens once the minutes are
        // loaded; until then the screen says so and typed keys are held.
        LoadState::Loading(_) => return Outcome::Hold(Screen::Meeting, Command::ShowMeeting),
        LoadState::Failed(_) => return Outcome::Go(Screen::Meeting, core.incomplete()),
        LoadState::Complete => {}
    }
    let notice = match default_meeting(core) {
        Some(id) => notice_of(open(core, session, &id)),
        None => Some(
            core.lang
                .pick("会議がありません", "No meetings in this workspace")
                .into(),
        ),
    };
    Outcome::Go(Screen::Meeting, notice)
}

/// Leaving the screen is a safe point: the meeting file catches up before the other
/// screen shows.
fn leave_for(core: &mut Core, session: &mut Option<Session>, command: Command) -> Outcome {
    let follow = save(core, session);
    let screen = match command {
        Command::ShowDashboard => Screen::Dashboard,
        Command::ShowTree => Screen::Tree,
        Command::ShowHistory => Screen::History,
        Command::ShowReview => Screen::Review,
        _ => Screen::Kpi,
    };
    Outcome::Go(screen, notice_of(follow))
}

/// A message in meeting mode; a command it does not handle is handed back (help, the
/// palette, the presenter theme and the plan keys work as anywhere).
pub fn update(core: &mut Core, slot: &mut Option<Session>, msg: Msg) -> Result<Outcome, Command> {
    let statement_count = slot
        .as_ref()
        .and_then(|s| core.workspace.meeting(&s.meeting_id))
        .map_or(0, |m| m.statements.len());
    let command = match msg {
        Msg::Command(command) => command,
        Msg::Speaker(key) => {
            return Ok(said(with_session(core, slot, |session, core| {
                session.choose_speaker(core, key)
            })));
        }
        Msg::Kind(key) => {
            return Ok(said(with_session(core, slot, |session, _| {
                session.choose_kind(key)
            })));
        }
        Msg::EditorKey(key) => {
            return Ok(said(to_editor(slot).or_else(|| {
                with_session(core, slot, |session, core| session.editor_key(core, key))
            })));
        }
        Msg::Paste(text) => {
            return Ok(said(to_editor(slot).or_else(|| {
                with_session(core, slot, |session, core| session.paste(core, &text))
            })));
        }
        _ => return Ok(Outcome::Done),
    };
    let Some(session) = slot.as_mut() else {
        return Ok(Outcome::Done);
    };
    let follow = match command {
        Command::Quit => {
            let follow = save(core, slot);
            return Ok(Outcome::Quit(notice_of(follow)));
        }
        Command::ShowDashboard
        | Command::ShowTree
        | Command::ShowKpi
        | Command::ShowHistory
        | Command::ShowReview => return Ok(leave_for(core, slot, command)),
        Command::CommitStatement => session.commit(core),
        Command::StatementNewline => session.newline(core),
        Command::SplitStatement => session.split_at_cursor(core),
        Command::EditStatement => session.edit_selected(core),
        Command::MoveStatementUp => session.restructure(core, ListChange::MoveUp),
        Command::MoveStatementDown => session.restructure(core, ListChange::MoveDown),
        Command::MergeStatement => return Ok(ask_merge(core, session)),
        Command::ToggleNeedsResponse => {
            session.needs_response = !session.needs_response;
            session.draft_dirty = true;
            None
        }
        Command::CommandMode | Command::Cancel => command_mode(core, session),
        Command::TypingMode => {
            if session.read_only.is_none() {
                session.typing = true;
            }
            None
        }
        Command::Up | Command::Down | Command::Top | Command::Bottom => {
            session.selected = list_move(session.selected, statement_count, command);
            None
        }
        Command::NextAgendaItem
        | Command::PrevAgendaItem
        | Command::NextMaterial
        | Command::PrevMaterial
        | Command::NextPage
        | Command::PrevPage => navigate_context(core, session, command),
        Command::Undo | Command::Redo => session.undo(core, command == Command::Redo),
        Command::LinkNode
        | Command::RelinkStatement
        | Command::ChooseMaterial
        | Command::ChoosePage
        | Command::ChooseAgenda
        | Command::PinLinks => return Ok(super::meeting_links::command(core, session, command)),
        Command::DeleteStatement => return Ok(ask_delete(core, session)),
        Command::NewMeeting => return Ok(open_form(core)),
        Command::PickSpeaker => {
            return Ok(super::meeting_pick::open_speaker_picker(core, session));
        }
        Command::OpenMeetingList => {
            return Ok(super::meeting_pick::open_meeting_list(core, slot.as_ref()));
        }
        Command::EditMeetingHeader => {
            return Ok(super::meeting_header::open(core, slot.as_ref()));
        }
        Command::ConfirmMeeting | Command::PublishMeeting => {
            return Ok(ask_step(core, slot.as_ref(), command));
        }
        // Everything else (help, palette, presenter, screen keys) works as anywhere.
        other => return Err(other),
    };
    Ok(said(follow))
}

/// Esc: the statement list. A correction in progress is cancelled (the statement stays as
/// recorded, the live draft comes back); the draft is journalled either way.
fn command_mode(core: &mut Core, session: &mut Session) -> Option<Msg> {
    session.typing = false;
    if !session.cancel_correction() {
        return session.flush_draft(core);
    }
    session.flush_draft(core).or_else(|| {
        Some(Msg::Notify(
            core.lang
                .pick(
                    "修正を取り消しました（発言は記録のまま）",
                    "Correction cancelled (the statement stays as recorded)",
                )
                .into(),
        ))
    })
}

/// Alt-Shift-C / Alt-Shift-U: the question naming the meeting, or why the step is refused
/// ([`super::meeting_life`] decides).
fn ask_step(core: &Core, session: Option<&Session>, command: Command) -> Outcome {
    let step = if command == Command::ConfirmMeeting {
        super::meeting_life::Step::Confirm
    } else {
        super::meeting_life::Step::Publish
    };
    match super::meeting_life::ask(core, session, step) {
        Ok(confirm) => Outcome::Open(Dialog::Confirm(confirm)),
        Err(refused) => said(Some(refused)),
    }
}

/// A printable key or a paste in the statement list: back to the editor, where it is typed
/// (nothing typed on the meeting screen is lost or taken as a command). On minutes that
/// cannot be written, the reason instead, so no key is dropped without a word.
fn to_editor(session: &mut Option<Session>) -> Option<Msg> {
    let session = session.as_mut()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    session.typing = true;
    None
}

/// `[speaker] first words…` of a statement, for a confirmation (terminal-safe).
fn describe_statement(meeting: &Meeting, statement: &Statement) -> String {
    let speaker = meeting
        .attendee(&statement.speaker)
        .map_or(statement.speaker.as_str(), |a| a.name.as_str());
    let preview = crate::text::truncate(&crate::model::sanitize_inline(&statement.text), 24);
    format!(
        "{} [{}] {preview}",
        statement.id,
        crate::model::sanitize_inline(speaker)
    )
}

/// Delete on the statement list: asks before deleting the selected statement.
fn ask_delete(core: &Core, session: &Session) -> Outcome {
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Outcome::Done;
    };
    let Some(statement) = meeting.statements.get(session.selected) else {
        return Outcome::Done;
    };
    let message = format!(
        "{} {} (y/n)",
        core.lang.pick("発言を削除しますか", "Delete the statement"),
        describe_statement(meeting, statement)
    );
    Outcome::Open(Dialog::Confirm(Confirm::new(
        message,
        Pending::Statements(ListChange::Delete),
    )))
}

/// Ctrl-G on the statement list: asks before merging the selected statement with the next,
/// naming both.
fn ask_merge(core: &Core, session: &Session) -> Outcome {
    if let Some(reason) = &session.read_only {
        return Outcome::Notify(reason.clone());
    }
    let Some(meeting) = core.workspace.meeting(&session.meeting_id) else {
        return Outcome::Done;
    };
    let Some(first) = meeting.statements.get(session.selected) else {
        return Outcome::Done;
    };
    let Some(second) = meeting.statements.get(session.selected + 1) else {
        return Outcome::Notify(
            core.lang
                .pick("次の発言がありません", "There is no next statement")
                .into(),
        );
    };
    let message = format!(
        "{} {} ＋ {} (y/n)",
        core.lang.pick("発言を結合しますか", "Merge the statements"),
        describe_statement(meeting, first),
        describe_statement(meeting, second)
    );
    Outcome::Open(Dialog::Confirm(Confirm::new(
        message,
        Pending::Statements(ListChange::MergeNext),
    )))
}

/// The statement list's cursor after a move among `count` statements.
fn list_move(selected: usize, count: usize, command: Command) -> usize {
    let last = count.saturating_sub(1);
    match command {
        Command::Up => selected.saturating_sub(1),
        Command::Down => (selected + 1).min(last),
        Command::Top => 0,
        _ => last,
    }
}

/// Moves the link choice with the list's keys: agenda item `[` `]`, material `(` `)` and
/// page `+` `-`; journalled like every change of the choice.
fn navigate_context(core: &mut Core, session: &mut Session, command: Command) -> Option<Msg> {
    let meeting = core.workspace.meeting(&session.meeting_id)?;
    let mut links = session.links.clone();
    let index_of = |ids: &[&str], current: &Option<String>| {
        current
            .as_deref()
            .and_then(|c| ids.iter().position(|id| *id == c))
    };
    match command {
        Command::NextAgendaItem | Command::PrevAgendaItem => {
            let items = meeting.agenda_items();
            let ids: Vec<&str> = items.iter().map(|a| a.id.as_str()).collect();
            let at = step(
                index_of(&ids, &links.agenda),
                ids.len(),
                command == Command::NextAgendaItem,
            );
            links.agenda = at.map(|i| ids[i].to_string());
        }
        Command::NextMaterial | Command::PrevMaterial => {
            let ids: Vec<&str> = meeting.materials.iter().map(|m| m.id.as_str()).collect();
            let at = step(
                index_of(&ids, &links.material),
                ids.len(),
                command == Command::NextMaterial,
            );
            links.material = at.map(|i| ids[i].to_string());
            links.page = links.material.as_ref().map(|_| "1".to_string());
        }
        Command::NextPage | Command::PrevPage => {
            links.material.as_ref()?;
            let page = links
                .page
                .as_deref()
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0);
            let page = if command == Command::NextPage {
                page + 1
            } else {
                page.saturating_sub(1).max(1)
            };
            links.page = Some(page.to_string());
        }
        _ => return None,
    }
    session.set_links(core, links)
}

/// Cycles an optional index through `count` items; `None` is "not chosen".
fn step(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match (current, forward) {
        (None, true) => Some(0),
        (None, false) => Some(count - 1),
        (Some(i), true) => (i + 1 < count).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
    }
}

/// Opens the form that prepares a draft meeting.
pub fn open_form(core: &Core) -> Outcome {
    if let Some(refusal) = core.write_refusal() {
        return Outcome::Notify(refusal);
    }
    let today = core.today;
    let text = crate::model::meeting_draft::form_template(today, core.lang);
    Outcome::Open(Dialog::Editor(Editor::from_lines(
        EditorPurpose::NewMeeting,
        text.lines().map(str::to_string).collect(),
        false,
        Some((1, 4)),
    )))
}

/// Creates the draft meeting from the form and opens it for recording on the meeting
/// screen (the meeting being recorded is saved first); a mistake keeps the form open
/// (reopened by the outcome) and says which line is wrong.
pub fn create(core: &mut Core, slot: &mut Option<Session>, form: Editor<EditorPurpose>) -> Outcome {
    let text = form.text();
    let lang = core.lang;
    let header = match crate::model::meeting_draft::parse_form(&text) {
        Ok(header) => header,
        Err(message) => {
            return Outcome::Reopen(Dialog::Editor(form), message.get(lang).to_string());
        }
    };
    let Some(date) = header.date else {
        return Outcome::Done;
    };
    let Some(committee) = core.settings().and_then(|s| s.committees.first()).cloned() else {
        return Outcome::Notify(
            lang.pick(
                "kaikaku.ron に委員会がありません",
                "No committee in kaikaku.ron",
            )
            .into(),
        );
    };
    let meeting = crate::model::meeting_draft::draft(&committee, &header, date);
    if core.workspace.meeting(&meeting.id).is_some() {
        let message = format!(
            "{} {}",
            meeting.id,
            lang.pick(
                "は既にあります（回を変えてください）",
                "already exists (change 回)"
            )
        );
        return Outcome::Reopen(Dialog::Editor(form), message);
    }
    let id = meeting.id.clone();
    if let Err(error) = core.workspace.save_meeting(meeting) {
        return Outcome::Reopen(Dialog::Editor(form), error.with_hint(lang));
    }
    let _ = save(core, slot);
    *slot = None;
    Outcome::Go(Screen::Meeting, notice_of(open(core, slot, &id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::tui::screen::sample_core;

    /// A session on the sample's meeting, journalled in the temp workspace; no app.
    fn session(core: &Core) -> Session {
        let meeting_id = core.workspace.meetings[0].value.id.clone();
        let root = core.workspace.root.clone().expect("a directory");
        let (journal, _) = Journal::open_with(core.workspace.fs_layer(), &root, &meeting_id)
            .expect("journal opens");
        Session {
            meeting_id,
            journal: Some(journal),
            editor: TextArea::default(),
            speaker: None,
            kind: StatementKind::Opinion,
            needs_response: false,
            editing: None,
            selected: 0,
            typing: true,
            links: LinkChoice::default(),
            history: History::default(),
            draft_dirty: false,
            since_save: 0,
            read_only: None,
            before_correction: None,
            aside_dirty: None,
        }
    }

    fn count(core: &Core, session: &Session) -> usize {
        core.workspace
            .meeting(&session.meeting_id)
            .map_or(0, |m| m.statements.len())
    }

    #[test]
    fn a_statement_needs_a_speaker_then_is_journalled_and_linked() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let before = count(&core, &session);
        session.paste(&core, "窓口の待ち時間について伺います。");
        let refusal = session.commit(&mut core);
        assert!(
            refusal
                .as_ref()
                .and_then(Msg::notice)
                .is_some_and(|m| m.contains("speaker"))
        );
        assert_eq!(
            count(&core, &session),
            before,
            "nothing recorded without a speaker"
        );
        session.choose_speaker(&core, '1');
        session.choose_kind('q');
        let link = NodeLink {
            plan: "p".into(),
            node: "n".into(),
        };
        let chosen = LinkChoice {
            node: Some(link.clone()),
            ..LinkChoice::default()
        };
        assert!(session.set_links(&mut core, chosen).is_none());
        assert!(session.commit(&mut core).is_none());
        assert_eq!(count(&core, &session), before + 1);
        let meeting = core
            .workspace
            .meeting(&session.meeting_id)
            .expect("meeting");
        let added = meeting.statements.last().expect("added");
        assert_eq!(added.kind, StatementKind::Question);
        assert_eq!(added.nodes, vec![link]);
        assert!(
            session.editor.lines().concat().is_empty(),
            "the editor is cleared"
        );
        assert_eq!(session.selected, meeting.statements.len() - 1);
        assert_eq!(
            session.links,
            LinkChoice::default(),
            "the choice applied to that statement only"
        );
        let root = core.workspace.root.clone().expect("root");
        let journal = std::fs::read(crate::store::journal::journal_path(
            &root,
            &session.meeting_id,
        ))
        .expect("journal written");
        assert!(!journal.is_empty());
    }

    #[test]
    fn the_secretariat_answers_the_last_open_question() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let mut session = session(&core);
        let meeting = core
            .workspace
            .meeting(&session.meeting_id)
            .expect("meeting");
        let (member, staff) = {
            let keys = speaker_keys(meeting);
            let member = keys
                .iter()
                .find(|(_, a)| !is_secretariat(meeting, &a.id))
                .map(|(k, _)| *k);
            let staff = keys
                .iter()
                .find(|(_, a)| is_secretariat(meeting, &a.id))
                .map(|(k, _)| *k);
            (
                member.expect("a member key"),
                staff.expect("a secretariat key"),
            )
        };
        session.choose_speaker(&core, member);
        session.choose_kind('q');
        session.paste(&core, "質問です。");
        let _ = session.commit(&mut core);
        let question = core
            .workspace
            .meeting(&session.meeting_id)
            .and_then(|m| m.statements.last())
            .map(|s| s.id.clone());
        session.choose_speaker(&core, staff);
        assert_eq!(
            session.kind,
            StatementKind::Answer,
            "the secretariat answers by default"
        );
        session.paste(&core, "お答えします。");
        let _ = session.commit(&mut core);
        let answer = core
            .workspace
            .meeting(&session.meeting_id)
            .and_then(|m| m.statements.last())
            .cloned()
            .expect("answer");
        assert_eq!(answer.reply_to, question);
    }

    #[test]
    fn refusals_keep_the_text_and_record_nothing() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        session.editor_key(
            &core,
            crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('\u{202e}')),
        );
        assert!(
            session.editor.lines().concat().is_empty(),
            "a bidi override is not typed"
        );
        let huge = "あ".repeat(MAX_STATEMENT_BYTES / 3 + 1);
        let refused = session.paste(&core, &huge);
        assert!(
            refused
                .as_ref()
                .and_then(Msg::notice)
                .is_some_and(|m| m.contains("too long"))
        );
        assert!(session.editor.lines().concat().is_empty(), "refused whole");
        session.paste(&core, "残る文");
        session.read_only = Some("confirmed minutes cannot be edited".into());
        let before = count(&core, &session);
        let refusal = session.commit(&mut core);
        assert_eq!(
            refusal.as_ref().and_then(Msg::notice),
            Some("confirmed minutes cannot be edited")
        );
        assert_eq!(count(&core, &session), before);
        assert_eq!(session.editor.lines().concat(), "残る文");
    }

    #[test]
    fn list_changes_move_delete_and_keep_replies_consistent() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let ids = |core: &Core| {
            core.workspace.meetings[0]
                .value
                .statements
                .iter()
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
        };
        let start = ids(&core);
        session.selected = 1;
        let _ = session.restructure(&mut core, ListChange::MoveUp);
        assert_eq!(session.selected, 0);
        assert_eq!(ids(&core)[0], start[1]);
        assert_eq!(ids(&core)[1], start[0]);
        let _ = session.restructure(&mut core, ListChange::Delete);
        assert_eq!(ids(&core).len(), start.len() - 1);
        assert!(!ids(&core).contains(&start[1]));
        let dangling = core.workspace.meetings[0]
            .value
            .statements
            .iter()
            .any(|s| s.reply_to.as_deref() == Some(start[1].as_str()));
        assert!(!dangling, "no reply points at the deleted statement");
    }

    #[test]
    fn a_correction_sets_the_live_draft_aside_and_gives_it_back() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let recorded = |core: &Core| core.workspace.meetings[0].value.statements.clone();
        let before = recorded(&core);
        assert!(before.len() >= 2, "the sample meeting has statements");
        session.choose_speaker(&core, '2');
        session.choose_kind('q');
        session.paste(&core, "途中まで");
        let live = (session.speaker.clone(), session.kind);
        session.selected = 0;
        session.edit_selected(&core);
        assert_eq!(session.editing.as_deref(), Some(before[0].id.as_str()));
        assert_eq!(session.editor.lines().join("\n"), before[0].text);
        session.paste(&core, "（誤って追加）");
        assert!(session.cancel_correction(), "there was a correction");
        assert_eq!(recorded(&core), before, "nothing recorded changed");
        assert_eq!(session.editor.lines().join("\n"), "途中まで");
        assert_eq!((session.speaker.clone(), session.kind), live);
        assert!(!session.cancel_correction(), "nothing more to cancel");
        assert_eq!(
            session.editor.lines().join("\n"),
            "途中まで",
            "the draft stays"
        );

        // A committed correction gives the live draft back too.
        session.selected = 1;
        session.edit_selected(&core);
        session.paste(&core, "追記");
        assert!(session.commit(&mut core).is_none());
        assert_eq!(recorded(&core)[1].text, format!("{}追記", before[1].text));
        assert_eq!(recorded(&core)[1].speaker, before[1].speaker);
        assert_eq!(session.editor.lines().join("\n"), "途中まで");
        assert_eq!((session.speaker.clone(), session.kind), live);
        assert!(session.editing.is_none());
    }

    /// Reopens the session's meeting from its journal, as a restart after kill -9 does
    /// (the meeting as last saved, then the journal replayed).
    fn reopen(core: &Core, session: Session) -> (Session, Vec<Statement>) {
        let meeting_id = session.meeting_id.clone();
        drop(session);
        let root = core.workspace.root.clone().expect("root");
        let mut saved = crate::store::Workspace::load(&root)
            .expect("loads")
            .meeting(&meeting_id)
            .expect("meeting")
            .clone();
        let (journal, recovery) =
            Journal::open_with(core.workspace.fs_layer(), &root, &meeting_id).expect("journal");
        let (draft, aside) = replay_with_aside(&mut saved, &recovery.entries);
        let mut session = session_of(core, &meeting_id, journal);
        session.links = replay_links(&recovery.entries);
        session.history = replay_history(&recovery.entries);
        session.editing = draft.editing.clone();
        session.speaker = draft.speaker.clone();
        session.kind = draft.kind.unwrap_or(StatementKind::Opinion);
        session.editor = editor_with(&draft.text, draft.cursor);
        session.before_correction = aside.map(|d| (d, false));
        (session, saved.statements)
    }

    fn session_of(core: &Core, meeting_id: &str, journal: Journal) -> Session {
        let mut session = session(core);
        session.meeting_id = meeting_id.to_string();
        session.journal = Some(journal);
        session
    }

    fn statements(core: &Core, session: &Session) -> Vec<Statement> {
        core.workspace
            .meeting(&session.meeting_id)
            .expect("meeting")
            .statements
            .clone()
    }

    /// Issue 12 item 1: merge, delete, move and split are undone and redone back to the
    /// identical list, a statement recorded since stays, and the stacks survive a restart.
    #[test]
    fn every_statement_operation_is_undone_and_redone_also_after_a_restart() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let start = statements(&core, &session);
        assert!(start.len() >= 3, "the sample meeting has statements");
        session.selected = 0;
        assert!(
            session
                .restructure(&mut core, ListChange::MergeNext)
                .is_none()
        );
        let merged = statements(&core, &session);
        assert_eq!(merged.len(), start.len() - 1);
        // A statement recorded after the merge.
        session.choose_speaker(&core, '1');
        session.paste(&core, "後から記録した発言");
        assert!(session.commit(&mut core).is_none());
        let undone = session.undo(&mut core, false);
        assert_eq!(
            undone.as_ref().and_then(Msg::notice),
            Some("merge undone (Ctrl-Y redoes)")
        );
        let now = statements(&core, &session);
        assert_eq!(
            &now[..start.len()],
            &start[..],
            "back to the identical list"
        );
        assert_eq!(now[start.len()].text, "後から記録した発言", "kept");
        // Redo, then a restart brings the same list and the same stacks back.
        session.undo(&mut core, true);
        let redone = statements(&core, &session);
        assert_eq!(redone.len(), merged.len() + 1);
        let (mut session, saved) = reopen(&core, session);
        assert_eq!(saved, redone, "the minutes after the restart");
        assert_eq!(
            (session.history.undo.len(), session.history.redo.len()),
            (1, 0)
        );
        session.undo(&mut core, false);
        assert_eq!(statements(&core, &session)[..start.len()], start[..]);

        for change in [ListChange::Delete, ListChange::MoveDown] {
            let before = statements(&core, &session);
            session.selected = 1;
            assert!(session.restructure(&mut core, change).is_none());
            assert_ne!(statements(&core, &session), before, "{change:?}");
            session.undo(&mut core, false);
            assert_eq!(statements(&core, &session), before, "{change:?} undone");
            session.undo(&mut core, true);
            session.undo(&mut core, false);
            assert_eq!(statements(&core, &session), before, "{change:?} again");
        }
        // A split of a correction.
        let before = statements(&core, &session);
        session.selected = 0;
        session.edit_selected(&core);
        session
            .editor
            .move_cursor(ratatui_textarea::CursorMove::Jump(0, 2));
        assert!(session.split_at_cursor(&mut core).is_none());
        assert_eq!(statements(&core, &session).len(), before.len() + 1);
        let refused = session.undo(&mut core, true);
        assert_eq!(
            refused.as_ref().and_then(Msg::notice),
            Some("Nothing to redo")
        );
        session.undo(&mut core, false);
        assert_eq!(statements(&core, &session), before, "split undone");
        let (_, saved) = reopen(&core, session);
        assert_eq!(saved, before, "and so after a restart");
    }

    /// Issue 12 item 2: nothing is linked unless chosen; a choice for the next statement
    /// is used once, a pinned one stays; the choice comes back after a restart.
    #[test]
    fn links_apply_only_when_chosen_and_survive_a_restart() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let mut session = session(&core);
        let say = |session: &mut Session, core: &mut Core, text: &str| {
            session.choose_speaker(core, '1');
            session.paste(core, text);
            assert!(session.commit(core).is_none());
            statements(core, session).last().cloned().expect("recorded")
        };
        let plain = say(&mut session, &mut core, "開会します。");
        assert!(plain.nodes.is_empty() && plain.materials.is_empty() && plain.agenda.is_none());
        let meeting = core
            .workspace
            .meeting(&session.meeting_id)
            .expect("meeting");
        let material = meeting.materials.first().map(|m| m.id.clone());
        let node = NodeLink {
            plan: core.workspace.plans[0].value.id.clone(),
            node: core.workspace.plans[0].value.nodes[0].id.clone(),
        };
        let chosen = LinkChoice {
            node: Some(node.clone()),
            material: material.clone(),
            page: Some("3".into()),
            agenda: None,
            pinned: false,
        };
        session.set_links(&mut core, chosen.clone());
        let (mut session, _) = reopen(&core, session);
        assert_eq!(session.links, chosen, "the choice came back as it was");
        let linked = say(&mut session, &mut core, "資料について伺います。");
        assert_eq!(linked.nodes, vec![node.clone()]);
        assert_eq!(
            linked
                .materials
                .first()
                .map(|m| (m.material.clone(), m.page.clone())),
            material.clone().map(|m| (m, Some("3".to_string())))
        );
        let after = say(&mut session, &mut core, "次の発言。");
        assert!(after.nodes.is_empty(), "the next statement only");
        session.set_links(
            &mut core,
            LinkChoice {
                pinned: true,
                ..chosen
            },
        );
        say(&mut session, &mut core, "一つ目");
        let second = say(&mut session, &mut core, "二つ目");
        assert_eq!(
            second.nodes,
            vec![node],
            "pinned: every following statement"
        );
        let (session, _) = reopen(&core, session);
        assert!(session.links.pinned);
    }

    /// Issue 12 item 3: a crash during a correction brings back the correction and the
    /// live draft set aside for it; committing it then gives the live draft back.
    #[test]
    fn a_crash_during_a_correction_keeps_the_set_aside_draft() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        session.choose_speaker(&core, '2');
        session.choose_kind('q');
        session.paste(&core, "途中まで");
        session.flush_draft(&mut core);
        session.selected = 0;
        session.edit_selected(&core);
        session.paste(&core, "（訂正）");
        session.flush_draft(&mut core);
        let corrected = session.editor.lines().join("\n");
        let (mut session, _) = reopen(&core, session);
        assert_eq!(session.editor.lines().join("\n"), corrected);
        assert!(session.editing.is_some(), "the correction came back");
        let aside = session
            .before_correction
            .as_ref()
            .map(|(d, _)| d.text.clone());
        assert_eq!(aside.as_deref(), Some("途中まで"), "and the live draft");
        assert!(session.commit(&mut core).is_none());
        assert_eq!(session.editor.lines().join("\n"), "途中まで");
        assert_eq!(statements(&core, &session)[0].text, corrected);
        let (session, _) = reopen(&core, session);
        assert!(session.editing.is_none());
        assert!(
            session.before_correction.is_none(),
            "given back, not set aside"
        );
    }

    /// A relink (the node picker in the list) changes only the statement's node link and
    /// is undone like every operation.
    #[test]
    fn a_relink_is_an_undoable_operation() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let before = statements(&core, &session);
        let id = before[0].id.clone();
        let link = NodeLink {
            plan: "p".into(),
            node: "n".into(),
        };
        assert!(session.relink(&mut core, &id, Some(link.clone())).is_none());
        let after = statements(&core, &session);
        assert_eq!(after[0].nodes, vec![link]);
        assert_eq!(after[1..], before[1..], "nothing else changed");
        let undone = session.undo(&mut core, false);
        assert_eq!(
            undone.as_ref().and_then(Msg::notice),
            Some("relink undone (Ctrl-Y redoes)")
        );
        assert_eq!(statements(&core, &session), before);
    }

    /// A statement recorded after the last one was deleted gets a new id: the undo of the
    /// deletion brings the old one back beside it instead of overwriting it.
    #[test]
    fn an_id_that_undo_can_bring_back_is_never_reused() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let before = statements(&core, &session);
        session.selected = before.len() - 1;
        assert!(session.restructure(&mut core, ListChange::Delete).is_none());
        session.choose_speaker(&core, '1');
        session.paste(&core, "削除の後の発言");
        assert!(session.commit(&mut core).is_none());
        let added = statements(&core, &session).last().cloned().expect("added");
        assert_ne!(added.id, before[before.len() - 1].id);
        session.undo(&mut core, false);
        let now = statements(&core, &session);
        assert_eq!(
            now[..before.len()],
            before[..],
            "the deleted statement is back"
        );
        assert_eq!(now.last(), Some(&added), "and the new one stays");
    }

    /// A correction committed unchanged is no operation: nothing to undo afterwards.
    #[test]
    fn an_unchanged_correction_is_nothing_to_undo() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut session = session(&core);
        let before = statements(&core, &session);
        session.selected = 0;
        session.edit_selected(&core);
        assert!(session.commit(&mut core).is_none());
        assert!(session.editing.is_none());
        assert!(session.history.is_empty());
        assert_eq!(statements(&core, &session), before);
        session.edit_selected(&core);
        session.paste(&core, "追記");
        assert!(session.commit(&mut core).is_none());
        assert_eq!(session.history.undo.len(), 1, "a real correction is");
    }
}
