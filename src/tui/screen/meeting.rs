//! Meeting mode: recording the minutes live. Every keystroke batch is journalled before it is
//! shown as saved; a committed statement is fsynced at once; the meeting file is rewritten at
//! safe points (every few statements and on quit) and the journal compacted.

use ratatui_textarea::{CursorMove, TextArea};

use crate::model::meeting::{MAX_STATEMENT_BYTES, MaterialRef, MeetingStatus, NodeLink};
use crate::model::{Meeting, Statement, StatementKind, sanitize};
use crate::store::journal::{Draft, Entry, Journal, replay};
use crate::tui::app::PendingWrite;
use crate::tui::app::{App, EditorPurpose, LoadState, Pending, Screen};
use crate::tui::command::Command;
use crate::tui::core::Core;
pub use crate::tui::dialog::ListChange;
use crate::tui::dialog::{Confirm, Dialog, Editor};
use crate::tui::msg::Msg;

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
    pub material: Option<usize>,
    pub page: Option<u32>,
    pub agenda: Option<usize>,
    /// The draft changed since it was last journalled.
    pub draft_dirty: bool,
    pub since_save: usize,
    /// Why recording is refused, when it is.
    pub read_only: Option<String>,
    /// The live draft (and its needs-response flag) set aside while a statement is being
    /// corrected: it comes back when the correction is committed, split or cancelled, so the
    /// live pane continues with the speaker and kind it had. Not journalled: after a crash
    /// mid-correction the correction itself comes back, the set-aside draft does not.
    pub before_correction: Option<(Draft, bool)>,
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
pub fn default_meeting(app: &App) -> Option<String> {
    let meetings = &app.core.workspace.meetings;
    meetings
        .iter()
        .filter(|m| m.value.status == MeetingStatus::Draft)
        .max_by_key(|m| m.value.date)
        .or_else(|| meetings.iter().max_by_key(|m| m.value.date))
        .map(|m| m.value.id.clone())
}

/// Opens a meeting for recording, replaying its journal (crash recovery).
pub fn open(app: &mut App, meeting_id: &str) -> Option<Msg> {
    let meeting = app.core.workspace.meeting(meeting_id)?.clone();
    let lang = app.core.lang;
    let mut read_only = app
        .core
        .workspace
        .read_only_reason()
        .map(|reason| reason.get(lang).to_string());
    if read_only.is_none() && meeting.status != MeetingStatus::Draft {
        read_only = Some(
            app.core
                .lang
                .pick(
                    "確定済みの議事録は編集できません",
                    "confirmed minutes cannot be edited",
                )
                .to_string(),
        );
    }
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
        material: None,
        page: None,
        agenda: None,
        draft_dirty: false,
        since_save: 0,
        read_only,
        before_correction: None,
    };
    let mut notice = None;
    if let (None, Some(root)) = (&session.read_only, app.core.workspace.root.clone()) {
        match Journal::open_with(app.core.workspace.fs_layer(), &root, meeting_id) {
            Ok((journal, recovery)) => {
                let mut recovered = meeting.clone();
                let draft = replay(&mut recovered, &recovery.entries);
                let gained = recovered
                    .statements
                    .len()
                    .saturating_sub(meeting.statements.len());
                if recovered != meeting || !draft.text.is_empty() {
                    notice = Some(format!(
                        "{}: {gained} {}{}",
                        app.core
                            .lang
                            .pick("ジャーナルから復元", "Recovered from the journal"),
                        app.core.lang.pick("件の発言", "statement(s)"),
                        if recovery.cut_bytes > 0 {
                            app.core
                                .lang
                                .pick("（破損した末尾を切除）", " (torn tail cut)")
                        } else {
                            ""
                        }
                    ));
                }
                if let Some(slot) = app.core.workspace.meeting_mut(meeting_id) {
                    *slot = recovered;
                }
                session.editor = editor_with(&draft.text, draft.cursor);
                session.speaker = draft.speaker;
                session.kind = draft.kind.unwrap_or(StatementKind::Opinion);
                session.editing = draft.editing;
                session.selected = app
                    .core
                    .workspace
                    .meeting(meeting_id)
                    .map_or(0, |m| m.statements.len().saturating_sub(1));
                session.journal = Some(journal);
            }
            Err(error) => {
                session.read_only = Some(error.localized(app.core.lang));
            }
        }
    }
    app.session = Some(session);
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

/// Runs a session operation on the app's session and core: the operations themselves see
/// only the two, never the app (and are tested so).
fn with_session(
    app: &mut App,
    op: impl FnOnce(&mut Session, &mut Core) -> Option<Msg>,
) -> Option<Msg> {
    let App { session, core, .. } = app;
    op(session.as_mut()?, core)
}

/// Journals the draft if it changed (called once per batch of keys).
pub fn flush_draft(app: &mut App) -> Option<Msg> {
    with_session(app, Session::flush_draft)
}

/// After ~1 s of idle typing: make the journal durable.
pub fn idle_sync(app: &mut App) -> Option<Msg> {
    with_session(app, Session::idle_sync)
}

/// A key typed into the statement editor.
pub fn editor_key(app: &mut App, key: crossterm::event::KeyEvent) -> Option<Msg> {
    with_session(app, |session, core| session.editor_key(core, key))
}

/// Pasted text into the statement editor.
pub fn paste(app: &mut App, text: &str) -> Option<Msg> {
    with_session(app, |session, core| session.paste(core, text))
}

pub fn newline(app: &mut App) -> Option<Msg> {
    with_session(app, Session::newline)
}

pub fn choose_speaker(app: &mut App, key: char) -> Option<Msg> {
    with_session(app, |session, core| session.choose_speaker(core, key))
}

pub fn choose_kind(app: &mut App, key: char) -> Option<Msg> {
    with_session(app, |session, _| session.choose_kind(key))
}

/// Enter: the typed statement becomes part of the minutes, linked to the tree's selected
/// node.
pub fn commit(app: &mut App) -> Option<Msg> {
    let linked = app
        .plan()
        .zip(app.selected_node())
        .map(|(plan, node)| NodeLink {
            plan: plan.id.clone(),
            node: node.id.clone(),
        });
    with_session(app, |session, core| session.commit(core, linked))
}

/// Saves the meeting file atomically, then compacts the journal to the draft.
pub fn save(app: &mut App) -> Option<Msg> {
    with_session(app, Session::save)
}

/// Statement list edits in command mode: delete, move, merge.
pub fn restructure(app: &mut App, change: ListChange) -> Option<Msg> {
    with_session(app, |session, core| session.restructure(core, change))
}

/// Loads the selected statement into the editor for correction.
pub fn edit_selected(app: &mut App) -> Option<Msg> {
    with_session(app, |session, core| session.edit_selected(core))
}

/// Splits the statement being corrected at the editor's cursor.
pub fn split_at_cursor(app: &mut App) -> Option<Msg> {
    with_session(app, Session::split_at_cursor)
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
        if !self.draft_dirty {
            return None;
        }
        self.draft_dirty = false;
        let draft = draft_of(self);
        let journal = self.journal.as_mut()?;
        let written = journal.append(&Entry::Draft(draft));
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
        let secretariat = is_secretariat(meeting, &attendee);
        self.speaker = Some(attendee);
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
    /// first), linked to `linked` (the tree's selected node) when it is new.
    // A correction and a new statement read better side by side, in the order they happen.
    #[allow(clippy::single_match_else, clippy::too_many_lines)]
    pub fn commit(&mut self, core: &mut Core, linked: Option<NodeLink>) -> Option<Msg> {
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
        let statement = match self.editing.as_ref().and_then(|id| meeting.statement(id)) {
            Some(existing) => Statement {
                text,
                speaker,
                kind: self.kind,
                needs_response: self.needs_response,
                ..existing.clone()
            },
            None => {
                let material = self
                    .material
                    .and_then(|i| meeting.materials.get(i))
                    .map(|m| MaterialRef {
                        material: m.id.clone(),
                        page: self.page.map(|p| p.to_string()),
                        topic: None,
                        inline: false,
                    });
                let reply_to = (self.kind == StatementKind::Answer
                    && is_secretariat(meeting, &speaker))
                .then(|| last_open_question(meeting))
                .flatten();
                Statement {
                    id: next_statement_id(meeting),
                    heading: None,
                    speaker,
                    label: None,
                    kind: self.kind,
                    text,
                    materials: material.into_iter().collect(),
                    nodes: linked.into_iter().collect(),
                    reply_to,
                    agenda: self
                        .agenda
                        .and_then(|i| meeting.agenda_items().get(i).map(|a| a.id.clone())),
                    time: Some(chrono::Local::now().format("%H:%M").to_string()),
                    needs_response: self.needs_response,
                }
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
        self.end_correction();
        self.draft_dirty = true;
        self.since_save += 1;
        let meeting = core.workspace.meeting_mut(&self.meeting_id)?;
        match meeting.statements.iter_mut().find(|s| s.id == statement.id) {
            Some(existing) => *existing = statement,
            None => meeting.statements.push(statement),
        }
        self.selected = meeting.statements.len().saturating_sub(1);
        self.flush_draft(core);
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

    /// Statement list edits in command mode: delete, move, merge; all journalled as a
    /// whole list.
    pub fn restructure(&mut self, core: &mut Core, change: ListChange) -> Option<Msg> {
        let lang = core.lang;
        if let Some(reason) = &self.read_only {
            return Some(Msg::Notify(reason.clone()));
        }
        let selected = self.selected;
        let mut statements = core.workspace.meeting(&self.meeting_id)?.statements.clone();
        if selected >= statements.len() {
            return None;
        }
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
        if let Some(journal) = self.journal.as_mut() {
            let written = journal
                .append(&Entry::Statements(statements.clone()))
                .and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                return Some(failure);
            }
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
            self.before_correction = Some((draft_of(self), self.needs_response));
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
        let mut statements = meeting.statements.clone();
        let new_id = next_statement_id(meeting);
        statements[index].text = first;
        let mut rest = statements[index].clone();
        rest.id = new_id;
        rest.text = second;
        rest.heading = None;
        statements.insert(index + 1, rest);
        self.editor = TextArea::default();
        self.end_correction();
        self.selected = index;
        let draft = draft_of(self);
        if let Some(journal) = self.journal.as_mut() {
            let written = journal
                .append(&Entry::Split {
                    statements: statements.clone(),
                    draft,
                })
                .and_then(|()| journal.sync());
            if let Some(failure) = journaled(&self.meeting_id, core, written, true) {
                return Some(failure);
            }
        }
        core.workspace.meeting_mut(&self.meeting_id)?.statements = statements;
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

fn next_statement_id(meeting: &Meeting) -> String {
    let max = meeting
        .statements
        .iter()
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
pub fn show(app: &mut App) -> Option<Msg> {
    app.screen = Screen::Meeting;
    // Arriving always lands in the editor: a typist who looked at a KPI and comes back
    // types the next sentence into the minutes, never into the list.
    if let Some(session) = app.session.as_mut() {
        if session.read_only.is_none() {
            session.typing = true;
        }
        return None;
    }
    match &app.core.load {
        // The meeting (and its journal, for crash recovery) opens once the minutes are
        // loaded; until then the screen says so and typed keys are held.
        LoadState::Loading(_) => {
            crate::tui::loading::hold_command(app, Command::ShowMeeting);
            return None;
        }
        LoadState::Failed(_) => return app.incomplete().map(Msg::Notify),
        LoadState::Complete => {}
    }
    match default_meeting(app) {
        Some(id) => open(app, &id),
        None => Some(Msg::Notify(
            app.core
                .lang
                .pick("会議がありません", "No meetings in this workspace")
                .into(),
        )),
    }
}

/// A message in meeting mode; a command it does not handle is handed back (help, the
/// palette, the presenter theme and the plan keys work as anywhere).
pub fn update(app: &mut App, msg: Msg) -> Result<Option<Msg>, Command> {
    let statement_count = app
        .session
        .as_ref()
        .and_then(|s| app.core.workspace.meeting(&s.meeting_id))
        .map_or(0, |m| m.statements.len());
    let command = match msg {
        Msg::Command(command) => command,
        Msg::Speaker(key) => return Ok(choose_speaker(app, key)),
        Msg::Kind(key) => return Ok(choose_kind(app, key)),
        Msg::EditorKey(key) => {
            return Ok(to_editor(app).or_else(|| editor_key(app, key)));
        }
        Msg::Paste(text) => return Ok(to_editor(app).or_else(|| paste(app, &text))),
        _ => return Ok(None),
    };
    let Some(session) = app.session.as_mut() else {
        return Ok(None);
    };
    match command {
        Command::Quit => {
            let follow = save(app);
            app.should_quit = true;
            return Ok(follow);
        }
        Command::ShowDashboard
        | Command::ShowTree
        | Command::ShowKpi
        | Command::ShowHistory
        | Command::ShowReview => {
            // Leaving the screen is a safe point: the meeting file catches up.
            let follow = save(app);
            app.screen = match command {
                Command::ShowDashboard => Screen::Dashboard,
                Command::ShowTree => Screen::Tree,
                Command::ShowHistory => Screen::History,
                Command::ShowReview => Screen::Review,
                _ => Screen::Kpi,
            };
            if app.screen == Screen::History {
                return Ok(crate::tui::screen::history::load(app).or(follow));
            }
            return Ok(follow);
        }
        Command::CommitStatement => return Ok(commit(app)),
        Command::StatementNewline => return Ok(newline(app)),
        Command::SplitStatement => return Ok(split_at_cursor(app)),
        Command::EditStatement => return Ok(edit_selected(app)),
        Command::MoveStatementUp => return Ok(restructure(app, ListChange::MoveUp)),
        Command::MoveStatementDown => {
            return Ok(restructure(app, ListChange::MoveDown));
        }
        Command::MergeStatement => return Ok(ask_merge(app)),
        Command::ToggleNeedsResponse => {
            session.needs_response = !session.needs_response;
            session.draft_dirty = true;
        }
        Command::CommandMode | Command::Cancel => {
            session.typing = false;
            if session.cancel_correction() {
                let follow = flush_draft(app);
                return Ok(follow.or_else(|| {
                    Some(Msg::Notify(
                        app.core
                            .lang
                            .pick(
                                "修正を取り消しました（発言は記録のまま）",
                                "Correction cancelled (the statement stays as recorded)",
                            )
                            .into(),
                    ))
                }));
            }
            return Ok(flush_draft(app));
        }
        Command::TypingMode => {
            if session.read_only.is_none() {
                session.typing = true;
            }
        }
        Command::Up | Command::Down | Command::Top | Command::Bottom => {
            session.selected = list_move(session.selected, statement_count, command);
        }
        Command::NextAgendaItem
        | Command::PrevAgendaItem
        | Command::NextMaterial
        | Command::PrevMaterial
        | Command::NextPage
        | Command::PrevPage => navigate_context(app, command),
        Command::DeleteStatement => return Ok(ask_delete(app)),
        Command::NewMeeting => return Ok(open_form(app)),
        // Everything else (help, palette, presenter, screen keys) works as anywhere.
        other => return Err(other),
    }
    Ok(None)
}

/// A printable key or a paste in the statement list: back to the editor, where it is typed
/// (nothing typed on the meeting screen is lost or taken as a command). On minutes that
/// cannot be written, the reason instead, so no key is dropped without a word.
fn to_editor(app: &mut App) -> Option<Msg> {
    let session = app.session.as_mut()?;
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
fn ask_delete(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let meeting = app.core.workspace.meeting(&session.meeting_id)?;
    let statement = meeting.statements.get(session.selected)?;
    let message = format!(
        "{} {} (y/n)",
        app.core
            .lang
            .pick("発言を削除しますか", "Delete the statement"),
        describe_statement(meeting, statement)
    );
    app.dialog = Some(Dialog::Confirm(Confirm::new(
        message,
        Pending::Statements(ListChange::Delete),
    )));
    None
}

/// Ctrl-G on the statement list: asks before merging the selected statement with the next,
/// naming both.
fn ask_merge(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let meeting = app.core.workspace.meeting(&session.meeting_id)?;
    let first = meeting.statements.get(session.selected)?;
    let Some(second) = meeting.statements.get(session.selected + 1) else {
        return Some(Msg::Notify(
            app.core
                .lang
                .pick("次の発言がありません", "There is no next statement")
                .into(),
        ));
    };
    let message = format!(
        "{} {} ＋ {} (y/n)",
        app.core
            .lang
            .pick("発言を結合しますか", "Merge the statements"),
        describe_statement(meeting, first),
        describe_statement(meeting, second)
    );
    app.dialog = Some(Dialog::Confirm(Confirm::new(
        message,
        Pending::Statements(ListChange::MergeNext),
    )));
    None
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

/// Moves the meeting context: agenda item, material and page a new statement refers to.
fn navigate_context(app: &mut App, command: Command) {
    let Some(meeting_id) = app.session.as_ref().map(|s| s.meeting_id.clone()) else {
        return;
    };
    let (agenda_count, material_count) = app
        .core
        .workspace
        .meeting(&meeting_id)
        .map_or((0, 0), |m| (m.agenda_items().len(), m.materials.len()));
    let Some(session) = app.session.as_mut() else {
        return;
    };
    match command {
        Command::NextAgendaItem | Command::PrevAgendaItem => {
            session.agenda = step(
                session.agenda,
                agenda_count,
                command == Command::NextAgendaItem,
            );
        }
        Command::NextMaterial | Command::PrevMaterial => {
            session.material = step(
                session.material,
                material_count,
                command == Command::NextMaterial,
            );
            session.page = session.material.map(|_| 1);
        }
        Command::NextPage => session.page = session.material.map(|_| session.page.unwrap_or(0) + 1),
        Command::PrevPage => session.page = session.page.map(|p| p.saturating_sub(1).max(1)),
        _ => {}
    }
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
pub fn open_form(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = app.write_refusal() {
        return Some(Msg::Notify(refusal));
    }
    let today = app.core.today;
    let text = crate::model::meeting_draft::form_template(today);
    app.dialog = Some(Dialog::Editor(Editor::from_lines(
        EditorPurpose::NewMeeting,
        text.lines().map(str::to_string).collect(),
        false,
        Some((1, 4)),
    )));
    None
}

/// Creates the draft meeting from the form and opens it for recording; a mistake keeps the
/// form open and says which line is wrong.
pub fn create(app: &mut App, form: Editor<EditorPurpose>) -> Option<Msg> {
    let text = form.text();
    let header = match crate::model::meeting_draft::parse_form(&text) {
        Ok(header) => header,
        Err(message) => {
            app.dialog = Some(Dialog::Editor(form));
            return Some(Msg::Notify(message.get(app.core.lang).to_string()));
        }
    };
    let date = header.date?;
    let Some(committee) = app.settings().and_then(|s| s.committees.first()).cloned() else {
        return Some(Msg::Notify(
            app.core
                .lang
                .pick(
                    "kaikaku.ron に委員会がありません",
                    "No committee in kaikaku.ron",
                )
                .into(),
        ));
    };
    let meeting = crate::model::meeting_draft::draft(&committee, &header, date);
    if app.core.workspace.meeting(&meeting.id).is_some() {
        app.dialog = Some(Dialog::Editor(form));
        return Some(Msg::Notify(format!(
            "{} {}",
            meeting.id,
            app.core.lang.pick(
                "は既にあります（回を変えてください）",
                "already exists (change 回)"
            )
        )));
    }
    let id = meeting.id.clone();
    if let Err(error) = app.core.workspace.save_meeting(meeting) {
        app.dialog = Some(Dialog::Editor(form));
        return Some(Msg::Notify(error.with_hint(app.core.lang)));
    }
    let _ = save(app);
    app.session = None;
    app.screen = Screen::Meeting;
    open(app, &id)
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
            material: None,
            page: None,
            agenda: None,
            draft_dirty: false,
            since_save: 0,
            read_only: None,
            before_correction: None,
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
        let refusal = session.commit(&mut core, None);
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
        assert!(session.commit(&mut core, Some(link.clone())).is_none());
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
        let _ = session.commit(&mut core, None);
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
        let _ = session.commit(&mut core, None);
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
        let refusal = session.commit(&mut core, None);
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
        assert!(session.commit(&mut core, None).is_none());
        assert_eq!(recorded(&core)[1].text, format!("{}追記", before[1].text));
        assert_eq!(recorded(&core)[1].speaker, before[1].speaker);
        assert_eq!(session.editor.lines().join("\n"), "途中まで");
        assert_eq!((session.speaker.clone(), session.kind), live);
        assert!(session.editing.is_none());
    }
}
