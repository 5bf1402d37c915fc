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
    let mut read_only = app.core.workspace.read_only_reason().map(str::to_string);
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

/// Journals the draft if it changed (called once per batch of keys).
pub fn flush_draft(app: &mut App) -> Option<Msg> {
    let lang = app.core.lang;
    let session = app.session.as_mut()?;
    if !session.draft_dirty {
        return None;
    }
    session.draft_dirty = false;
    let draft = draft_of(session);
    let journal = session.journal.as_mut()?;
    let written = journal.append(&Entry::Draft(draft));
    journaled(app, lang, written, false)
}

/// Reports a journal write: a failure marks the journal NOT SAVED (nothing written since
/// the last good fsync may survive a power cut) and says why; a `durable` success (an fsync
/// or a rewrite) takes back the journal's mark, and only it.
fn journaled(
    app: &mut App,
    lang: crate::model::Language,
    result: crate::error::Result<()>,
    durable: bool,
) -> Option<Msg> {
    match result {
        Ok(()) => {
            if durable {
                mark_saved(app);
            }
            None
        }
        Err(error) => {
            let message = error.localized(lang);
            mark(app, PendingWrite::Journal, Some(&message));
            Some(Msg::Notify(format!(
                "{}: {}",
                lang.pick("ジャーナルに書けません", "JOURNAL NOT SAVED"),
                error.with_hint(lang)
            )))
        }
    }
}

/// Sets (`Some(reason)`) or clears the NOT SAVED mark of this session's journal or file.
fn mark(app: &mut App, write: fn(String) -> PendingWrite, failed: Option<&str>) {
    let Some(id) = app.session.as_ref().map(|s| s.meeting_id.clone()) else {
        return;
    };
    match failed {
        Some(message) => app.write_failed(write(id), message),
        None => app.write_done(&write(id)),
    }
}

fn mark_saved(app: &mut App) {
    mark(app, PendingWrite::Journal, None);
}

/// After ~1 s of idle typing: make the journal durable.
pub fn idle_sync(app: &mut App) -> Option<Msg> {
    let lang = app.core.lang;
    let journal = app.session.as_mut()?.journal.as_mut()?;
    if journal.needs_sync() {
        let synced = journal.sync();
        journaled(app, lang, synced, true)
    } else {
        None
    }
}

/// The size of the text in the editor, in UTF-8 bytes with its line breaks.
fn editor_bytes(session: &Session) -> usize {
    let lines = session.editor.lines();
    lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
}

/// Whether `added` more bytes would take the statement over [`MAX_STATEMENT_BYTES`]; if so,
/// the message that refuses them (nothing is inserted, so nothing unsaveable is ever shown).
fn over_limit(app: &App, added: usize) -> Option<Msg> {
    let session = app.session.as_ref()?;
    let total = editor_bytes(session).saturating_add(added);
    (total > MAX_STATEMENT_BYTES).then(|| {
        let kib = |bytes: usize| bytes.div_ceil(1024);
        Msg::Notify(format!(
            "{} ({} KiB > {} KiB)",
            app.core.lang.pick(
                "発言が長すぎるため入力できません。分けて記録してください",
                "Statement too long, input refused: record it in parts",
            ),
            kib(total),
            kib(MAX_STATEMENT_BYTES)
        ))
    })
}

/// A key typed into the statement editor.
pub fn editor_key(app: &mut App, key: crossterm::event::KeyEvent) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if session.read_only.is_some() {
        return None;
    }
    if let crossterm::event::KeyCode::Char(c) = key.code {
        if crate::model::sanitize::is_unsafe_char(c) {
            return None;
        }
        if let Some(refusal) = over_limit(app, c.len_utf8()) {
            return Some(refusal);
        }
    }
    let session = app.session.as_mut()?;
    session.editor.input(key);
    session.draft_dirty = true;
    None
}

/// Pasted text into the statement editor (line ends already normalised, sanitised here).
/// A paste that would take the statement over [`MAX_STATEMENT_BYTES`] is refused whole.
pub fn paste(app: &mut App, text: &str) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if session.read_only.is_some() {
        return None;
    }
    let clean = sanitize(text);
    if let Some(refusal) = over_limit(app, clean.len()) {
        return Some(refusal);
    }
    let session = app.session.as_mut()?;
    session.editor.insert_str(clean);
    session.draft_dirty = true;
    None
}

pub fn newline(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = over_limit(app, 1) {
        return Some(refusal);
    }
    let session = app.session.as_mut()?;
    if session.read_only.is_none() {
        session.editor.insert_newline();
        session.draft_dirty = true;
    }
    None
}

/// Chooses the speaker; the secretariat answers the last open question by default.
pub fn choose_speaker(app: &mut App, key: char) -> Option<Msg> {
    let meeting = app
        .core
        .workspace
        .meeting(&app.session.as_ref()?.meeting_id)?;
    let attendee = speaker_keys(meeting)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, a)| a.id.clone())?;
    let secretariat = is_secretariat(meeting, &attendee);
    let session = app.session.as_mut()?;
    session.speaker = Some(attendee);
    session.kind = if secretariat {
        StatementKind::Answer
    } else if session.kind == StatementKind::Answer {
        StatementKind::Opinion
    } else {
        session.kind
    };
    session.draft_dirty = true;
    None
}

pub fn choose_kind(app: &mut App, key: char) -> Option<Msg> {
    let kind = KIND_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, kind)| *kind)?;
    let session = app.session.as_mut()?;
    session.kind = kind;
    session.needs_response = matches!(kind, StatementKind::Proposal | StatementKind::Request);
    session.draft_dirty = true;
    None
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

/// Enter: the typed statement becomes part of the minutes (journalled and fsynced first).
// A correction and a new statement read better side by side, in the order they happen.
#[allow(clippy::single_match_else, clippy::too_many_lines)]
pub fn commit(app: &mut App) -> Option<Msg> {
    let lang = app.core.lang;
    let linked_node = app
        .plan()
        .zip(app.selected_node())
        .map(|(plan, node)| NodeLink {
            plan: plan.id.clone(),
            node: node.id.clone(),
        });
    let session = app.session.as_ref()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let text = sanitize(session.editor.lines().join("\n").trim());
    if text.is_empty() {
        return None;
    }
    let Some(speaker) = session.speaker.clone() else {
        return Some(Msg::Notify(
            lang.pick(
                "発言者を選んでください（Alt+数字）",
                "Choose the speaker first (Alt+digit)",
            )
            .into(),
        ));
    };
    let meeting = app.core.workspace.meeting(&session.meeting_id)?;
    let statement = match session
        .editing
        .as_ref()
        .and_then(|id| meeting.statement(id))
    {
        Some(existing) => Statement {
            text,
            speaker,
            kind: session.kind,
            needs_response: session.needs_response,
            ..existing.clone()
        },
        None => {
            let material = session
                .material
                .and_then(|i| meeting.materials.get(i))
                .map(|m| MaterialRef {
                    material: m.id.clone(),
                    page: session.page.map(|p| p.to_string()),
                    topic: None,
                    inline: false,
                });
            let reply_to = (session.kind == StatementKind::Answer
                && is_secretariat(meeting, &speaker))
            .then(|| last_open_question(meeting))
            .flatten();
            Statement {
                id: next_statement_id(meeting),
                heading: None,
                speaker,
                label: None,
                kind: session.kind,
                text,
                materials: material.into_iter().collect(),
                nodes: linked_node.into_iter().collect(),
                reply_to,
                agenda: session
                    .agenda
                    .and_then(|i| meeting.agenda_items().get(i).map(|a| a.id.clone())),
                time: Some(chrono::Local::now().format("%H:%M").to_string()),
                needs_response: session.needs_response,
            }
        }
    };
    let session = app.session.as_mut()?;
    if let Some(journal) = session.journal.as_mut() {
        let written = journal
            .append(&Entry::Statement(statement.clone()))
            .and_then(|()| journal.sync());
        if let Some(failure) = journaled(app, lang, written, true) {
            // Not durable: keep the text in the editor and say so.
            return Some(failure);
        }
    }
    let session = app.session.as_mut()?;
    session.editor = TextArea::default();
    session.editing = None;
    session.needs_response = false;
    session.draft_dirty = true;
    session.since_save += 1;
    let meeting_id = session.meeting_id.clone();
    let meeting = app.core.workspace.meeting_mut(&meeting_id)?;
    match meeting.statements.iter_mut().find(|s| s.id == statement.id) {
        Some(existing) => *existing = statement,
        None => meeting.statements.push(statement),
    }
    let count = meeting.statements.len();
    if let Some(session) = app.session.as_mut() {
        session.selected = count.saturating_sub(1);
    }
    flush_draft(app);
    if app
        .session
        .as_ref()
        .is_some_and(|s| s.since_save >= SAVE_EVERY)
    {
        return save(app);
    }
    None
}

/// Saves the meeting file atomically, then compacts the journal to the draft.
pub fn save(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if session.read_only.is_some() || session.journal.is_none() {
        return None;
    }
    let id = session.meeting_id.clone();
    let meeting = app.core.workspace.meeting(&id)?.clone();
    match app.core.workspace.save_meeting(meeting) {
        Ok(()) => {
            mark(app, PendingWrite::Meeting, None);
            let session = app.session.as_mut()?;
            session.since_save = 0;
            let draft = draft_of(session);
            let journal = session.journal.as_mut()?;
            let compacted = journal.compact(&draft);
            let lang = app.core.lang;
            journaled(app, lang, compacted, true)
        }
        Err(error) => {
            let message = error.localized(app.core.lang);
            mark(app, PendingWrite::Meeting, Some(&message));
            Some(Msg::Notify(format!(
                "{}: {}",
                app.core.lang.pick("保存できません", "NOT SAVED"),
                error.with_hint(app.core.lang)
            )))
        }
    }
}

/// Statement list edits in command mode: delete, move, merge; all journalled as a whole list.
pub fn restructure(app: &mut App, change: ListChange) -> Option<Msg> {
    let lang = app.core.lang;
    let session = app.session.as_ref()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let selected = session.selected;
    let id = session.meeting_id.clone();
    let mut statements = app.core.workspace.meeting(&id)?.statements.clone();
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
            let merged = statements[selected].text.len() + 1 + statements[selected + 1].text.len();
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
    let session = app.session.as_mut()?;
    if let Some(journal) = session.journal.as_mut() {
        let written = journal
            .append(&Entry::Statements(statements.clone()))
            .and_then(|()| journal.sync());
        if let Some(failure) = journaled(app, lang, written, true) {
            return Some(failure);
        }
    }
    let session = app.session.as_mut()?;
    session.selected = new_selected;
    session.since_save += 1;
    app.core.workspace.meeting_mut(&id)?.statements = statements;
    save(app)
}

/// Loads the selected statement into the editor for correction.
pub fn edit_selected(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    if let Some(reason) = &session.read_only {
        return Some(Msg::Notify(reason.clone()));
    }
    let statement = app
        .core
        .workspace
        .meeting(&session.meeting_id)?
        .statements
        .get(session.selected)?
        .clone();
    let session = app.session.as_mut()?;
    let lines: Vec<&str> = statement.text.split('\n').collect();
    let last_row = lines.len().saturating_sub(1);
    let last_col = lines.last().map_or(0, |l| l.chars().count());
    session.editor = editor_with(&statement.text, (last_row, last_col));
    session.speaker = Some(statement.speaker);
    session.kind = statement.kind;
    session.needs_response = statement.needs_response;
    session.editing = Some(statement.id);
    session.typing = true;
    session.draft_dirty = true;
    None
}

/// Splits the statement being corrected at the editor's cursor: the text before stays, the
/// rest becomes a new statement right after it.
pub fn split_at_cursor(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    let editing = session.editing.clone()?;
    let ratatui_textarea::DataCursor(row, col) = session.editor.cursor();
    let lines = session.editor.lines().to_vec();
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
    let id = session.meeting_id.clone();
    let meeting = app.core.workspace.meeting(&id)?;
    let index = meeting.statements.iter().position(|s| s.id == editing)?;
    let mut statements = meeting.statements.clone();
    let new_id = next_statement_id(meeting);
    statements[index].text = first;
    let mut rest = statements[index].clone();
    rest.id = new_id;
    rest.text = second;
    rest.heading = None;
    statements.insert(index + 1, rest);
    let session = app.session.as_mut()?;
    session.editor = TextArea::default();
    session.editing = None;
    session.selected = index;
    let draft = draft_of(session);
    if let Some(journal) = session.journal.as_mut() {
        let written = journal
            .append(&Entry::Split {
                statements: statements.clone(),
                draft,
            })
            .and_then(|()| journal.sync());
        let lang = app.core.lang;
        if let Some(failure) = journaled(app, lang, written, true) {
            return Some(failure);
        }
    }
    app.core.workspace.meeting_mut(&id)?.statements = statements;
    save(app)
}

/// Opens meeting mode on the current (or default) meeting.
pub fn show(app: &mut App) -> Option<Msg> {
    app.screen = Screen::Meeting;
    if app.session.is_some() {
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
        Msg::EditorKey(key) => return Ok(editor_key(app, key)),
        Msg::Paste(text) => return Ok(paste(app, &text)),
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
                return Ok(crate::tui::history::load(app).or(follow));
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
        Command::MergeStatement => {
            return Ok(restructure(app, ListChange::MergeNext));
        }
        Command::ToggleNeedsResponse => {
            session.needs_response = !session.needs_response;
            session.draft_dirty = true;
        }
        Command::CommandMode | Command::Cancel => {
            session.typing = false;
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

/// `d` on the statement list: asks before deleting the selected statement.
fn ask_delete(app: &mut App) -> Option<Msg> {
    let session = app.session.as_ref()?;
    let meeting = app.core.workspace.meeting(&session.meeting_id)?;
    let statement = meeting.statements.get(session.selected)?;
    let speaker = meeting
        .attendee(&statement.speaker)
        .map_or(statement.speaker.as_str(), |a| a.name.as_str());
    let preview = crate::text::truncate(&crate::model::sanitize_inline(&statement.text), 30);
    let message = format!(
        "{} [{}] {preview} (y/n)",
        app.core
            .lang
            .pick("発言を削除しますか", "Delete the statement"),
        crate::model::sanitize_inline(speaker)
    );
    app.dialog = Some(Dialog::Confirm(Confirm::new(
        message,
        Pending::Statements(ListChange::Delete),
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
            return Some(Msg::Notify(message));
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
