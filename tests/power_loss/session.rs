//! The scripted session run once on the simulated disk, and the oracle it leaves behind: what
//! the program had in memory after every step, and which of it had been reported durable.
//!
//! The steps make the same store calls, in the same order, as the TUI's meeting mode and KPI
//! editor: a draft journalled per keystroke batch and fsynced when idle, a statement appended
//! and fsynced on Enter, a statement operation (correct, move) and its undo and redo appended
//! and fsynced, the live draft set aside for a correction, the link choice, the meeting file
//! saved atomically followed by journal compaction, a plan figure saved atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaikaku::model::meeting::{MeetingStatus, NodeLink};
use kaikaku::model::statement_ops::{History, Operation, edit_between};
use kaikaku::model::{FiscalYear, Meeting, Statement, StatementKind};
use kaikaku::store::Workspace;
use kaikaku::store::journal::{Draft, Entry, Journal, LinkChoice, journal_path};

use super::disk::SimDisk;
use crate::common::{copy_dir, repo_root};

/// The meeting recorded in the session (a new draft beside the sample's published minutes).
pub const MEETING: &str = "2024-07-30-power-loss";
const PLAN: &str = "kumamoto-reform-plan-2023";

/// What the program held for the meeting after one step: its statements and the editor's
/// draft, as a restart should bring them back. `None` before the meeting file exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub statements: Vec<Statement>,
    pub draft: Draft,
}

/// One step: the operations it spanned and whether it returned "saved".
#[derive(Clone, Debug)]
pub struct Step<T> {
    pub label: String,
    /// Operations done before the step began; its first one is number `begin + 1`.
    pub begin: usize,
    /// Operations done when it returned.
    pub end: usize,
    /// It returned Ok from a call that promises durability.
    pub acked: bool,
    pub value: T,
}

impl<T> Step<T> {
    /// Whether a crash after `op` operations may show this step's result: the step began.
    fn may_show(&self, op: usize) -> bool {
        self.begin < op || self.end == 0
    }

    /// Whether, after `op` operations, this step's result had been reported durable.
    fn promised(&self, op: usize) -> bool {
        self.acked && self.end <= op
    }
}

/// The session's record, to judge every post-crash state against.
#[derive(Debug, Default)]
pub struct Oracle {
    /// The meeting as held after each step (the first entry: before it existed).
    pub meeting: Vec<Step<Option<Held>>>,
    /// Every text each RON file had or was given, by relative path; the first entry is the
    /// file before the session (`None`: absent).
    pub files: BTreeMap<PathBuf, Vec<Step<Option<Vec<u8>>>>>,
}

/// The entries of `steps` a crash after `op` operations may show: from the last one reported
/// durable to the last one begun.
pub fn allowed<T>(steps: &[Step<T>], op: usize) -> &[Step<T>] {
    let low = steps.iter().rposition(|s| s.promised(op)).unwrap_or(0);
    let high = steps.iter().rposition(|s| s.may_show(op)).unwrap_or(0);
    &steps[low..=high.max(low)]
}

/// The session under way.
pub struct Session {
    pub disk: SimDisk,
    pub root: PathBuf,
    pub oracle: Oracle,
    workspace: Workspace,
    journal: Option<Journal>,
    meeting: Meeting,
    draft: Draft,
    held: Option<Held>,
    speakers: Vec<String>,
    clock: u32,
    /// The live draft set aside while a statement is corrected.
    aside: Option<Draft>,
    history: History,
}

/// Copies the sample workspace (settings, plans, minutes, responses) into `root`.
pub fn sample_into(root: &Path) {
    std::fs::create_dir_all(root).expect("mkdir");
    std::fs::copy(repo_root().join("kaikaku.ron"), root.join("kaikaku.ron")).expect("copy");
    for dir in ["plans", "minutes", "responses"] {
        copy_dir(&repo_root().join(dir), &root.join(dir));
    }
}

impl Session {
    /// Opens the sample copied into `root` on a simulated disk that records every operation.
    pub fn start(root: &Path) -> Session {
        sample_into(root);
        let disk = SimDisk::over(root);
        disk.record();
        let mut workspace = Workspace::load(root).expect("load the sample");
        assert!(
            workspace.load_errors.is_empty(),
            "{:?}",
            workspace.load_errors
        );
        workspace.set_fs_layer(Arc::new(disk.clone()));
        let mut files = BTreeMap::new();
        for rel in ron_files(root) {
            let text = std::fs::read(root.join(&rel)).expect("read");
            files.insert(rel, vec![initial(Some(text))]);
        }
        let mut meeting = workspace.meetings[0].value.clone();
        meeting.id = MEETING.into();
        meeting.status = MeetingStatus::Draft;
        meeting.statements.clear();
        let speakers = meeting.attendees.iter().map(|a| a.id.clone()).collect();
        Session {
            disk,
            root: root.to_path_buf(),
            oracle: Oracle {
                meeting: vec![initial(None)],
                files,
            },
            workspace,
            journal: None,
            meeting,
            draft: Draft::default(),
            held: None,
            speakers,
            clock: 0,
            aside: None,
            history: History::default(),
        }
    }

    /// Runs `action` as one step and records what it left in memory.
    fn step(&mut self, label: &str, action: impl FnOnce(&mut Session) -> bool) {
        let begin = self.disk.ops();
        let acked = action(self);
        self.oracle.meeting.push(Step {
            label: label.into(),
            begin,
            end: self.disk.ops(),
            acked,
            value: self.held.clone(),
        });
    }

    fn hold(&mut self) {
        self.held = Some(Held {
            statements: self.meeting.statements.clone(),
            draft: self.draft.clone(),
        });
    }

    /// Saves the meeting file the way the TUI does, recording the version written.
    fn save_meeting(&mut self) -> bool {
        let rel = PathBuf::from(format!("minutes/{MEETING}.ron"));
        let begin = self.disk.ops();
        let result = self.workspace.save_meeting(self.meeting.clone());
        let text = std::fs::read(self.root.join(&rel)).ok();
        self.record_file(rel, begin, result.is_ok(), text);
        result.is_ok()
    }

    fn record_file(&mut self, rel: PathBuf, begin: usize, acked: bool, text: Option<Vec<u8>>) {
        let step = Step {
            label: format!("save {}", rel.display()),
            begin,
            end: self.disk.ops(),
            acked,
            value: text,
        };
        self.oracle
            .files
            .entry(rel)
            .or_insert_with(|| vec![initial(None)])
            .push(step);
    }

    fn journal(&mut self) -> &mut Journal {
        self.journal.as_mut().expect("journal open")
    }

    /// Creates the meeting: its file, then its journal.
    pub fn create_meeting(&mut self) {
        self.step("create the meeting file", |s| {
            let saved = s.save_meeting();
            s.hold();
            saved
        });
        let root = self.root.clone();
        let layer = self.workspace.fs_layer();
        self.step("open the journal", |s| {
            let (journal, recovery) =
                Journal::open_with(layer, &root, MEETING).expect("open the journal");
            assert!(recovery.entries.is_empty());
            s.journal = Some(journal);
            false
        });
    }

    /// A batch of keys: the draft grows (or a speaker is chosen) and is journalled, unsynced.
    pub fn type_text(&mut self, text: &str) {
        self.step(&format!("type {text:?}"), |s| {
            s.draft.text.push_str(text);
            s.draft.cursor = (0, s.draft.text.chars().count());
            s.flush()
        });
    }

    /// Alt+digit: the speaker changes, and with the secretariat the kind becomes an answer.
    pub fn speaker(&mut self, index: usize, kind: StatementKind) {
        self.step(&format!("speaker {index}"), |s| {
            s.draft.speaker = Some(s.speakers[index].clone());
            s.draft.kind = Some(kind);
            s.flush()
        });
    }

    fn flush(&mut self) -> bool {
        let draft = self.draft.clone();
        self.journal()
            .append(&Entry::Draft(draft))
            .expect("append the draft");
        self.hold();
        false
    }

    /// A second of idle typing: the journal is fsynced.
    pub fn idle(&mut self) {
        self.step("idle sync", |s| {
            s.journal().sync().expect("sync");
            true
        });
    }

    /// Enter: the statement is appended and fsynced, then the emptied draft journalled; a
    /// correction is an undoable operation instead, and the live draft set aside comes back.
    pub fn commit(&mut self) {
        if self.draft.editing.is_some() {
            self.commit_correction();
            return;
        }
        self.step("commit a statement", |s| {
            let id = s
                .draft
                .editing
                .clone()
                .unwrap_or_else(|| format!("s{}", s.meeting.statements.len() + 1));
            s.clock += 1;
            let statement = Statement {
                time: Some(format!("10:{:02}", s.clock)),
                ..Statement::new(
                    id.clone(),
                    s.draft.speaker.clone().expect("a speaker"),
                    s.draft.kind.unwrap_or(StatementKind::Opinion),
                    s.draft.text.clone(),
                )
            };
            let journal = s.journal();
            journal
                .append(&Entry::Statement(statement.clone()))
                .expect("append the statement");
            journal.sync().expect("sync the statement");
            match s.meeting.statements.iter_mut().find(|x| x.id == id) {
                Some(existing) => *existing = statement,
                None => s.meeting.statements.push(statement),
            }
            s.draft.text.clear();
            s.draft.cursor = (0, 0);
            s.draft.editing = None;
            s.hold();
            true
        });
        self.step("journal the emptied draft", Session::flush);
    }

    fn commit_correction(&mut self) {
        self.step("commit a correction", |s| {
            let id = s.draft.editing.clone().expect("a correction");
            let old = s.meeting.statements.clone();
            let mut new = old.clone();
            let statement = new.iter_mut().find(|x| x.id == id).expect("corrected");
            statement.text.clone_from(&s.draft.text);
            let edit = edit_between(Operation::Correct, &old, &new);
            let journal = s.journal();
            journal
                .append(&Entry::Edit(edit.clone()))
                .expect("append the correction");
            journal.sync().expect("sync the correction");
            s.history.record(edit);
            s.meeting.statements = new;
            s.draft = s.aside.take().expect("a draft set aside");
            s.hold();
            true
        });
        self.step("journal the live draft, given back", |s| {
            let draft = s.draft.clone();
            let journal = s.journal();
            journal.append(&Entry::Draft(draft)).expect("append");
            journal.append(&Entry::SetAside(None)).expect("append");
            s.hold();
            false
        });
    }

    /// Loads a committed statement back into the editor to correct it; the live draft is
    /// set aside (journalled first).
    pub fn correct(&mut self, index: usize, text: &str) {
        self.step("set the live draft aside", |s| {
            s.aside = Some(s.draft.clone());
            let aside = s.aside.clone();
            s.journal()
                .append(&Entry::SetAside(aside))
                .expect("append the set-aside draft");
            s.hold();
            false
        });
        self.step("correct a statement", |s| {
            let statement = s.meeting.statements[index].clone();
            s.draft = Draft {
                text: format!("{}{text}", statement.text),
                cursor: (0, 0),
                speaker: Some(statement.speaker),
                kind: Some(statement.kind),
                editing: Some(statement.id),
            };
            s.flush()
        });
    }

    /// Moves the last statement up: an undoable operation, journalled and fsynced.
    pub fn move_last_up(&mut self) {
        self.step("move a statement up", |s| {
            let old = s.meeting.statements.clone();
            let n = s.meeting.statements.len();
            s.meeting.statements.swap(n - 1, n - 2);
            let edit = edit_between(Operation::Move, &old, &s.meeting.statements);
            let journal = s.journal();
            journal
                .append(&Entry::Edit(edit.clone()))
                .expect("append the move");
            journal.sync().expect("sync the move");
            s.history.record(edit);
            s.hold();
            true
        });
    }

    /// Ctrl-Z (or Ctrl-Y): the newest operation undone (redone), journalled and fsynced.
    pub fn undo(&mut self, redo: bool) {
        self.step(if redo { "redo" } else { "undo" }, |s| {
            let mut statements = s.meeting.statements.clone();
            let done = if redo {
                s.history.redo(&mut statements)
            } else {
                s.history.undo(&mut statements)
            };
            assert!(done.is_some(), "something to undo or redo");
            let entry = if redo { Entry::Redo } else { Entry::Undo };
            let journal = s.journal();
            journal.append(&entry).expect("append");
            journal.sync().expect("sync");
            s.meeting.statements = statements;
            s.hold();
            true
        });
    }

    /// A link choice (node, material page, pinned): journalled and fsynced. Not part of the
    /// minutes; the journal's records around it must replay as before.
    pub fn choose_links(&mut self) {
        self.step("choose links", |s| {
            let links = LinkChoice {
                node: Some(NodeLink {
                    plan: PLAN.into(),
                    node: "n1".into(),
                }),
                material: s.meeting.materials.first().map(|m| m.id.clone()),
                page: Some("3".into()),
                agenda: None,
                pinned: true,
            };
            let journal = s.journal();
            journal.append(&Entry::Links(links)).expect("append");
            journal.sync().expect("sync");
            false
        });
    }

    /// A safe point: the meeting file saved atomically, then the journal compacted.
    pub fn save(&mut self) {
        self.step("save the meeting and compact", |s| {
            assert!(s.save_meeting(), "the meeting saves");
            let draft = s.draft.clone();
            s.journal().compact(&draft).expect("compact");
            true
        });
    }

    /// A figure typed in the KPI view: the plan file saved atomically.
    pub fn edit_figure(&mut self, value: &str) {
        let rel = PathBuf::from(format!("plans/{PLAN}.ron"));
        self.step(&format!("plan figure {value}"), |s| {
            let mut plan = s.workspace.plan(PLAN).expect("plan").clone();
            let id = plan.all_indicators()[0].1.id.clone();
            plan.indicator_mut(&id).expect("indicator").set_actual(
                FiscalYear(2024),
                value.parse().expect("figure"),
                None,
            );
            let begin = s.disk.ops();
            let saved = s.workspace.save_plan(plan).is_ok();
            let text = std::fs::read(s.root.join(&rel)).ok();
            s.record_file(rel, begin, saved, text);
            // Durable for the plan file (its versions record that), not for the meeting's
            // draft typed before it.
            false
        });
    }

    /// Where the journal is, relative to the root.
    pub fn journal_rel() -> PathBuf {
        journal_path(Path::new(""), MEETING)
    }
}

fn initial<T>(value: T) -> Step<T> {
    Step {
        label: "before the session".into(),
        begin: 0,
        end: 0,
        acked: true,
        value,
    }
}

/// The RON files of a workspace tree, relative, dot-files left out (as the loader does).
pub fn ron_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if root.join("kaikaku.ron").is_file() {
        out.push(PathBuf::from("kaikaku.ron"));
    }
    for dir in ["plans", "minutes", "responses"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ron = Path::new(&name).extension().is_some_and(|e| e == "ron");
            if ron && !name.starts_with('.') {
                out.push(Path::new(dir).join(name));
            }
        }
    }
    out.sort();
    out
}

/// The whole script: statements with speaker switches, a correction, a reorder, idle syncs,
/// two safe points with compaction, a plan figure, and a half-typed draft at the end.
pub fn run(root: &Path) -> Session {
    let mut s = Session::start(root);
    s.create_meeting();
    s.speaker(1, StatementKind::Question);
    s.type_text("窓口改革の");
    s.type_text("進捗について伺います。");
    s.idle();
    s.commit();
    s.speaker(0, StatementKind::Answer);
    s.type_text("書かない窓口は");
    s.idle();
    s.type_text("本年度中に全区で開始します。");
    s.commit();
    s.speaker(2, StatementKind::Opinion);
    s.type_text("評価指標の見直しを求めます。");
    s.commit();
    s.type_text("置いておく下書き");
    s.correct(0, "（補足あり）");
    s.commit();
    s.move_last_up();
    s.undo(false);
    s.choose_links();
    s.type_text("次の発言の途中");
    s.save();
    s.undo(true);
    s.undo(false);
    s.edit_figure("48.9");
    s.type_text("、続き");
    s.idle();
    s.commit();
    s.speaker(1, StatementKind::Request);
    s.type_text("書きかけの要望");
    s.edit_figure("51.2");
    s.save();
    s.type_text("最後の下書き");
    s
}
