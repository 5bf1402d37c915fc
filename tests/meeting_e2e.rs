//! Meeting mode: the promise that no typed word is lost, proven on the real binary in a
//! pseudo-terminal (reusing the harness of `e2e`), plus whole-screen snapshots and threading
//! rules through `dispatch` (reusing the `TestBackend` helpers of `tui`).
//!
//! The kill -9 suite types 30 statements with statement operations (move, delete, merge,
//! split, undo, redo) and a header edit between them, and runs 5 deterministic seeds by
//! default. The long run (issue 7, suite 1)
//! takes more: `KAIKAKU_LONG=1 cargo test meeting_e2e` runs 50 seeds, and
//! `KAIKAKU_SEEDS=N` runs any number (`KAIKAKU_SEED_START=S` shifts the first seed, to
//! replay one failing seed: `KAIKAKU_SEED_START=17 KAIKAKU_SEEDS=1`).

use std::ops::Not;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};
use kaikaku::model::meeting::MeetingStatus;
use kaikaku::model::{Language, StatementKind};
use kaikaku::store::Workspace;
use kaikaku::store::journal::{Draft, decode, journal_path, replay};
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::common::{Rng, kaikaku, long_run, run, sample_workspace, stderr, stdout};
use crate::e2e::{PATIENCE, Tui, check_passes};
use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, text_of};

/// The id `kaikaku meeting new --date 2024-07-30 --number 1` gives the draft meeting.
pub(crate) const MEETING: &str = "2024-07-30-kaikaku-suishin-1";

/// Speaker keys of that meeting: the roster in order, then the secretariat (Alt-8), with the
/// label the screen shows them by (the roster's printed label, else the name).
const SPEAKERS: [(char, &str, &str); 8] = [
    ('1', "sawada", "澤田会長"),
    ('2', "yahata", "八幡委員"),
    ('3', "kyuma", "久間委員"),
    ('4', "hamada", "濱田委員"),
    ('5', "morita", "森田委員"),
    ('6', "kato", "加藤委員"),
    ('7', "okuzawa", "奥沢委員"),
    ('8', "secretariat", "改革推進課長"),
];

/// A sample workspace with a draft meeting made by the CLI, as the secretariat would.
pub(crate) fn workspace_with_draft_meeting() -> (tempfile::TempDir, PathBuf) {
    let (temp, workspace) = sample_workspace();
    let output = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&workspace)
        .args([
            "meeting",
            "new",
            "--date",
            "2024-07-30",
            "--title",
            "第1回市役所改革推進委員会",
            "--number",
            "1",
            "--secretariat",
            "改革推進課長",
            "--material",
            "資料1=市役所改革の取組状況",
            "--agenda",
            "市役所改革プランの進捗について",
        ]));
    assert!(
        output.status.success(),
        "meeting new failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    (temp, workspace)
}

// ---------------------------------------------------------------------------------------
// Reading the meeting screen of the pty
// ---------------------------------------------------------------------------------------

/// Waits (polling every 2 ms, as typing waits on it) until `done` holds for the screen.
pub(crate) fn wait_until(tui: &Tui, what: &str, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = tui.screen();
        if done(&screen) {
            return screen;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "waited {PATIENCE:?} for {what}; the screen shows:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The screen once two reads 100 ms apart agree, starting from `screen`: a frame written in
/// several chunks is complete by then.
fn settled(tui: &Tui, mut screen: String) -> String {
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let again = tui.screen();
        if again == screen {
            return again;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the screen never settled; it last showed:\n{again}"
        );
        screen = again;
    }
}

/// The statement editor's title row with its mode line, and its text (rows joined by `\n`,
/// trailing blanks and blank rows dropped), in typing mode; `None` when the editor is not on the screen.
fn editor(screen: &str) -> Option<(String, String)> {
    let rows: Vec<&str> = screen.split('\n').collect();
    let title = rows.iter().position(|r| r.contains("Alt-Enter 改行"))?;
    // The mode line (speaker, kind, links) under the title belongs with it.
    let mode = rows.get(title + 1)?;
    let mut lines = Vec::new();
    for row in rows.get(title + 2..)? {
        let row = row.trim_end();
        if row.starts_with('└') {
            break;
        }
        let inner = row.strip_prefix('│').unwrap_or(row);
        let inner = inner.strip_suffix('│').unwrap_or(inner);
        lines.push(inner.trim_end().to_string());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    Some((format!("{}\n{mode}", rows[title]), lines.join("\n")))
}

pub(crate) fn editor_text(screen: &str) -> Option<String> {
    editor(screen).map(|(_, text)| text)
}

/// The statement count in the list title: `2024-07-30 第1回… (草案, N)`.
pub(crate) fn statement_count(screen: &str) -> Option<usize> {
    let at = screen.find("(草案, ")? + "(草案, ".len();
    let rest = &screen[at..];
    rest[..rest.find(')')?].parse().ok()
}

// ---------------------------------------------------------------------------------------
// The typing script
// ---------------------------------------------------------------------------------------

/// A statement as the test expects to find it in the minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expected {
    id: String,
    speaker: &'static str,
    kind: StatementKind,
    text: String,
    reply_to: Option<String>,
    needs_response: bool,
}

/// One statement of the script: speaker key, optional kind key, text (`\n` = Alt-Enter).
struct Planned {
    speaker: char,
    kind: Option<char>,
    text: String,
}

/// Thirty statements with speaker switches, the kinds a meeting has, two member questions
/// each answered by the secretariat (its kind and `reply_to` come by default), a proposal
/// and a request (flagged for a response), a two-line statement, then one partial statement.
fn script() -> (Vec<Planned>, Planned) {
    let mut planned = Vec::new();
    for n in 1..=30usize {
        let (speaker, kind, text) = match n {
            1 => (
                '1',
                Some('g'),
                "ただいまから第1回委員会を開会します".to_string(),
            ),
            2 => (
                '8',
                Some('e'),
                "【資料1】P3 窓口改革について説明します".to_string(),
            ),
            _ if n % 7 == 3 => (
                char::from(b'2' + u8::try_from(n % 6).expect("small")),
                Some('q'),
                format!("質問{n}：待ち時間は何分短縮？"),
            ),
            _ if n % 7 == 4 => ('8', None, format!("回答{n}：平均12分、3分短縮です")),
            9 => ('7', Some('p'), "提案9：オンライン申請を拡大".to_string()),
            13 => ('4', Some('r'), "要望13：進捗を年2回報告して".to_string()),
            20 => ('5', Some('o'), "意見20：一行目\n二行目もある".to_string()),
            _ => {
                let member = b'1' + u8::try_from(n % 7).expect("small");
                (
                    char::from(member),
                    Some(['o', 'o', 'p', 'e'][n % 4]),
                    format!("発言{n} DX推進と業務改革ＡＢＣ"),
                )
            }
        };
        planned.push(Planned {
            speaker,
            kind,
            text,
        });
    }
    let partial = Planned {
        speaker: '3',
        kind: Some('o'),
        text: "途中の発言：まだ確定していない文".to_string(),
    };
    (planned, partial)
}

/// What the app should record for the script, following the product's rules: choosing the
/// secretariat makes the kind an answer, choosing a member after an answer makes it an
/// opinion; an answer of the secretariat replies to the newest unanswered question.
fn expectations(planned: &[Planned]) -> Vec<Expected> {
    let mut out: Vec<Expected> = Vec::new();
    let mut kind = StatementKind::Opinion;
    for (i, statement) in planned.iter().enumerate() {
        let speaker = SPEAKERS
            .iter()
            .find(|(key, _, _)| *key == statement.speaker)
            .expect("speaker key");
        let secretariat = speaker.1 == "secretariat";
        if secretariat {
            kind = StatementKind::Answer;
        } else if kind == StatementKind::Answer {
            kind = StatementKind::Opinion;
        }
        if let Some(key) = statement.kind {
            kind = kind_of(key);
        }
        let reply_to = (secretariat && kind == StatementKind::Answer)
            .then(|| {
                out.iter()
                    .rev()
                    .find(|q| {
                        q.kind == StatementKind::Question
                            && !out.iter().any(|s| s.reply_to.as_ref() == Some(&q.id))
                    })
                    .map(|q| q.id.clone())
            })
            .flatten();
        out.push(Expected {
            id: format!("s{}", i + 1),
            speaker: speaker.1,
            kind,
            text: statement.text.clone(),
            reply_to,
            needs_response: matches!(kind, StatementKind::Proposal | StatementKind::Request),
        });
    }
    out
}

fn kind_of(key: char) -> StatementKind {
    match key {
        'q' => StatementKind::Question,
        'o' => StatementKind::Opinion,
        'p' => StatementKind::Proposal,
        'r' => StatementKind::Request,
        'a' => StatementKind::Answer,
        'e' => StatementKind::Explanation,
        'g' => StatementKind::Procedural,
        other => panic!("no kind key {other}"),
    }
}

/// The minutes as the test expects them: the statements and the place (the one header
/// field the script edits).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Model {
    statements: Vec<Expected>,
    place: String,
}

/// What the screen shows once an operation's keys are handled.
#[derive(Clone, Debug)]
enum Wait {
    /// This text is on the screen.
    Text(&'static str),
    /// This text, and the list counts that many statements.
    TextAndCount(&'static str, usize),
    /// The list counts that many statements and no correction is open.
    Count(usize),
    /// The first text is shown above the second.
    Above(String, String),
}

impl Wait {
    fn holds(&self, screen: &str) -> bool {
        match self {
            Wait::Text(text) => screen.contains(text),
            Wait::TextAndCount(text, count) => {
                screen.contains(text) && statement_count(screen) == Some(*count)
            }
            Wait::Count(count) => {
                statement_count(screen) == Some(*count) && !screen.contains("修正中")
            }
            Wait::Above(first, second) => match (screen.find(first), screen.find(second)) {
                (Some(a), Some(b)) => a < b,
                _ => false,
            },
        }
    }
}

/// A statement operation or a step of a header edit, through the real keys, with the
/// minutes it leaves.
#[derive(Clone)]
struct Op {
    keys: String,
    wait: Wait,
    after: Model,
}

/// The keys and the wait only: a failing seed's context stays one line.
impl std::fmt::Debug for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} then {:?}", self.keys, self.wait)
    }
}

/// The operations between statements: after statement 10 a move, undo, redo, undo, a
/// delete and its undo, a merge and its undo; after statement 20 a header edit (the place,
/// through the header form); after statement 30 a split of a correction and its undo. Each
/// block ends where it started, so the statements after it keep their ids; a kill inside a
/// block leaves its intermediate minutes.
fn operations(expected: &[Expected], after_statement: usize) -> Vec<Op> {
    const LIST: &str = "Enter 入力";
    const TYPING: &str = "Alt-Enter 改行";
    const PLACE: &str = "本庁舎14階";
    let base = |n: usize, place: &str| Model {
        statements: expected[..n].to_vec(),
        place: place.to_string(),
    };
    let op = |keys: &str, wait: Wait, after: Model| Op {
        keys: keys.to_string(),
        wait,
        after,
    };
    match after_statement {
        10 => {
            let list = base(10, "");
            let mut moved = list.clone();
            moved.statements.swap(8, 9);
            let mut deleted = list.clone();
            deleted.statements.pop();
            let mut merged = deleted.clone();
            merged.statements[8].text = format!("{}\n{}", expected[8].text, expected[9].text);
            let (ninth, tenth) = (expected[8].text.clone(), expected[9].text.clone());
            vec![
                op("\x1b", Wait::Text(LIST), list.clone()),
                op("\x1b[1;2A", Wait::Above(tenth, ninth), moved.clone()),
                op("\x1a", Wait::Text("移動を元に戻しました"), list.clone()),
                op("\x19", Wait::Text("移動をやり直しました"), moved),
                op("\x1a", Wait::Text("移動を元に戻しました"), list.clone()),
                // The undo left the cursor on s9: G selects the last statement.
                op("G\x1b[3~", Wait::Text("発言を削除しますか"), list.clone()),
                op("y", Wait::Count(9), deleted),
                op(
                    "\x1a",
                    Wait::TextAndCount("削除を元に戻しました", 10),
                    list.clone(),
                ),
                op("k\x07", Wait::Text("発言を結合しますか"), list.clone()),
                op("y", Wait::Count(9), merged),
                op(
                    "\x1a",
                    Wait::TextAndCount("結合を元に戻しました", 10),
                    list.clone(),
                ),
                op("\r", Wait::Text(TYPING), list),
            ]
        }
        20 => {
            let before = base(20, "");
            vec![
                op("\x1bH", Wait::Text("未保存の変更 0 件"), before.clone()),
                op(
                    "\x1b[B\x1b[B\x1b[B\r",
                    Wait::Text("Enter 反映"),
                    before.clone(),
                ),
                op(
                    &format!("{PLACE}\r"),
                    Wait::Text("未保存の変更 1 件"),
                    before,
                ),
                op(
                    "\x13",
                    Wait::Text("会議情報を保存しました"),
                    base(20, PLACE),
                ),
            ]
        }
        30 => {
            let list = base(30, PLACE);
            let mut split = list.clone();
            let thirtieth = expected[29].clone();
            let text = thirtieth.text.clone();
            let (first, rest) = text.split_at(text.char_indices().nth(2).map_or(0, |(i, _)| i));
            split.statements[29].text = first.to_string();
            split.statements.push(Expected {
                id: "s31".into(),
                text: rest.trim().to_string(),
                ..thirtieth
            });
            vec![
                op("\x1b", Wait::Text(LIST), list.clone()),
                op("\x05", Wait::Text("修正中"), list.clone()),
                op("\x1b[H\x1b[C\x1b[C\x14", Wait::Count(31), split.clone()),
                op("\x1b", Wait::Text(LIST), split),
                op(
                    "\x1a",
                    Wait::TextAndCount("分割を元に戻しました", 30),
                    list.clone(),
                ),
                op("\r", Wait::Text(TYPING), list),
            ]
        }
        _ => Vec::new(),
    }
}

/// One keystroke as bytes for the pty.
#[derive(Clone, Debug)]
enum Key {
    /// Alt-digit (ESC-prefixed), for statement `index`.
    Speaker(usize, char),
    /// Alt-letter.
    Kind(usize, char),
    /// A character of the text (`\n` is sent as Alt-Enter).
    Char(usize, char),
    /// Enter: commit statement `index`.
    Enter(usize),
    /// An operation between statements.
    Op(Box<Op>),
}

impl Key {
    fn bytes(&self) -> String {
        match self {
            Key::Speaker(_, c) | Key::Kind(_, c) => format!("\x1b{c}"),
            Key::Char(_, '\n') => "\x1b\r".into(),
            Key::Char(_, c) => c.to_string(),
            Key::Enter(_) => "\r".into(),
            Key::Op(op) => op.keys.clone(),
        }
    }
}

fn keystrokes(planned: &[Planned], partial: &Planned, expected: &[Expected]) -> Vec<Key> {
    let mut keys = Vec::new();
    for (index, statement) in planned.iter().chain([partial]).enumerate() {
        keys.push(Key::Speaker(index, statement.speaker));
        if let Some(kind) = statement.kind {
            keys.push(Key::Kind(index, kind));
        }
        keys.extend(statement.text.chars().map(|c| Key::Char(index, c)));
        if index < planned.len() {
            keys.push(Key::Enter(index));
            keys.extend(
                operations(expected, index + 1)
                    .into_iter()
                    .map(|op| Key::Op(Box::new(op))),
            );
        }
    }
    keys
}

fn seeds() -> std::ops::Range<u64> {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let count = env("KAIKAKU_SEEDS").unwrap_or(if long_run() { 50 } else { 5 });
    let start = env("KAIKAKU_SEED_START").unwrap_or(0);
    start..start + count
}

pub(crate) fn signal(tui: &Tui, name: &str) {
    let pid = tui.child.process_id().expect("pid");
    let kill = run(std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string()));
    assert!(kill.status.success(), "kill: {}", stderr(&kill));
}

/// Opens meeting mode and waits for the editor.
pub(crate) fn open_meeting(tui: &mut Tui) {
    tui.wait_for("計画通り進捗");
    tui.press("4");
    wait_until(tui, "the meeting editor", |s| {
        editor(s).is_some() && statement_count(s).is_some()
    });
}

/// Leaves the editor (Esc alone: a key right behind it would read as Alt-key), quits with
/// Ctrl-Q (a plain `q` types there), and checks the exit and the terminal.
pub(crate) fn quit_from_meeting(tui: &mut Tui) {
    tui.press("\x1b");
    tui.wait_for("Enter 入力");
    tui.press("\x11");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    tui.assert_restored();
}

/// The draft the journal holds now (what a restart would put back into the editor).
fn journal_draft(workspace: &Path) -> Draft {
    let bytes = std::fs::read(journal_path(workspace, MEETING)).expect("journal exists");
    let (entries, intact) = decode(&bytes);
    assert_eq!(
        intact,
        bytes.len(),
        "the journal after a clean quit is intact"
    );
    let loaded = Workspace::load(workspace).expect("workspace loads");
    let mut meeting = loaded.meeting(MEETING).expect("meeting").clone();
    replay(&mut meeting, &entries)
}

/// What the screen confirmed when the kill was sent.
#[derive(Debug, Default)]
struct AtKill {
    /// Statements whose Enter was sent and whose commit the screen showed.
    committed: usize,
    /// The Enter of this statement was the last key, its effect not yet seen.
    enter_in_flight: Option<usize>,
    /// Statement being typed, its text sent so far, and the part the screen showed.
    current: Option<usize>,
    sent: String,
    confirmed: String,
    /// The minutes the screen confirmed last.
    model: Model,
    /// The last key was an operation whose effect was not seen: the minutes it leaves.
    op_in_flight: Option<Model>,
}

/// Types the script up to keystroke `kill_after` (inclusive), waiting for the screen at
/// seeded points, and SIGKILLs the process right after that keystroke.
fn type_and_kill(
    tui: &mut Tui,
    keys: &[Key],
    expected: &[Expected],
    kill_after: usize,
    rng: &mut Rng,
) -> AtKill {
    let mut at = AtKill::default();
    let confirm_every = 1 + rng.below(4);
    for (i, key) in keys.iter().enumerate().take(kill_after + 1) {
        tui.press(&key.bytes());
        let last = i == kill_after;
        match key {
            Key::Speaker(index, _) | Key::Kind(index, _) => {
                if at.current != Some(*index) {
                    at.current = Some(*index);
                    at.sent.clear();
                    at.confirmed.clear();
                }
            }
            Key::Char(index, c) => {
                at.current = Some(*index);
                at.sent.push(*c);
                let statement_done = matches!(keys.get(i + 1), Some(Key::Enter(_)));
                // The screen cannot show a trailing blank or line break: confirm elsewhere.
                let visible = !at.sent.ends_with(char::is_whitespace);
                if !last
                    && visible
                    && (statement_done || at.sent.chars().count() % confirm_every == 0)
                {
                    let sent = at.sent.clone();
                    wait_until(tui, &format!("the editor to show {sent:?}"), |s| {
                        editor_text(s).as_deref() == Some(sent.as_str())
                    });
                    at.confirmed = sent;
                }
            }
            Key::Op(op) => {
                if last {
                    at.op_in_flight = Some(op.after.clone());
                } else {
                    wait_until(tui, &format!("the operation {:?}", op.keys), |s| {
                        op.wait.holds(s)
                    });
                    at.model = op.after.clone();
                }
            }
            Key::Enter(index) => {
                if last {
                    at.enter_in_flight = Some(*index);
                } else {
                    at.model.statements.push(expected[*index].clone());
                    let count = index + 1;
                    wait_until(tui, &format!("statement {count} to be committed"), |s| {
                        statement_count(s) == Some(count) && editor_text(s).as_deref() == Some("")
                    });
                    at.committed = count;
                    at.current = None;
                    at.sent.clear();
                    at.confirmed.clear();
                }
            }
        }
    }
    // Sometimes the last key is handled before the kill, sometimes not.
    let pause = rng.below(4);
    if pause > 0 {
        std::thread::sleep(Duration::from_millis(u64::try_from(pause * 3).expect("ms")));
    }
    signal(tui, "KILL");
    let status = tui.wait_exit();
    assert!(status.signal().is_some(), "killed, not {status:?}");
    at
}

/// The minutes on disk are one of `candidates` (statements and place).
fn assert_minutes(workspace: &Path, candidates: &[Model], context: &str) {
    let loaded = Workspace::load(workspace).expect("workspace loads");
    assert!(loaded.load_errors.is_empty(), "{:?}", loaded.load_errors);
    let meeting = loaded.meeting(MEETING).expect("the meeting");
    let found = Model {
        statements: meeting
            .statements
            .iter()
            .map(|s| Expected {
                id: s.id.clone(),
                speaker: SPEAKERS
                    .iter()
                    .find(|(_, id, _)| *id == s.speaker)
                    .map_or("?", |(_, id, _)| id),
                kind: s.kind,
                text: s.text.clone(),
                reply_to: s.reply_to.clone(),
                needs_response: s.needs_response,
            })
            .collect(),
        place: meeting.place.clone(),
    };
    assert!(
        candidates.contains(&found),
        "{context}: the minutes are\n{found:#?}\nnot one of\n{candidates:#?}"
    );
}

/// The kill point of a seed: even seeds kill while the partial statement is typed (all 30
/// committed); seeds 1, 5, 9 … right after an operation's keys (merge, split, delete,
/// move, undo, redo, a header edit); the others anywhere in the session.
fn kill_point(seed: u64, keys: &[Key], statements: usize, rng: &mut Rng) -> usize {
    let first_partial = keys
        .iter()
        .position(|k| matches!(k, Key::Speaker(i, _) if *i == statements))
        .expect("partial keys");
    let ops: Vec<usize> = (0..keys.len())
        .filter(|&i| matches!(keys[i], Key::Op(_)))
        .collect();
    if seed.is_multiple_of(2) {
        first_partial + rng.below(keys.len() - first_partial)
    } else if seed % 4 == 1 {
        ops[rng.below(ops.len())]
    } else {
        rng.below(keys.len())
    }
}

/// After the restart of a kill while typing: the editor shows the draft the journal kept,
/// within what the screen had confirmed and what was sent, under the right speaker and kind.
/// Returns what the draft must be, at least and at most.
fn check_recovered_editor(
    screen: &str,
    at: &AtKill,
    expected: &[Expected],
    partial_expected: &Expected,
    context: &str,
) -> (String, String, String) {
    let count = statement_count(screen).expect("count");
    let (title, text) = editor(screen).expect("editor");
    if !text.is_empty() {
        assert!(
            screen.contains("ジャーナルから復元"),
            "{context}: the recovery is announced\n{screen}"
        );
    }
    // The statement being typed at the kill, and what the editor must show of it.
    let (current, sent, confirmed) = if count > at.committed {
        // The in-flight Enter reached the journal: the editor starts empty.
        (None, String::new(), String::new())
    } else if let Some(index) = at.enter_in_flight {
        let full = expected[index].text.clone();
        (Some(index), full.clone(), full)
    } else {
        (at.current, at.sent.clone(), at.confirmed.clone())
    };
    // The screen shows the draft up to trailing blanks; the journal has it exactly (checked
    // against the bounds after the quit).
    assert!(
        text.starts_with(&confirmed) && sent.starts_with(&text),
        "{context}: the editor shows {text:?}; it must hold at least {confirmed:?} and at \
         most {sent:?}\n{screen}"
    );
    if !confirmed.is_empty() {
        let index = current.expect("a statement was being typed");
        let statement = expected.get(index).unwrap_or(partial_expected);
        let name = SPEAKERS
            .iter()
            .find(|(_, id, _)| *id == statement.speaker)
            .expect("speaker")
            .2;
        let shown = format!("[{name}] {}", statement.kind.label_ja());
        assert!(
            title.contains(&shown),
            "{context}: the editor title should show {shown:?}: {title}"
        );
    }
    (text, sent, confirmed)
}

/// One seed: type (with the operations between statements), kill -9, restart, check the
/// screen, quit, check the files against the expected minutes.
fn kill_while_typing(seed: u64) {
    let (planned, partial) = script();
    let expected = expectations(&planned);
    let partial_expected = {
        let mut all: Vec<Planned> = script().0;
        all.push(script().1);
        expectations(&all).pop().expect("partial")
    };
    let keys = keystrokes(&planned, &partial, &expected);
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x006b_6169_6b61_6b75);
    let kill_after = kill_point(seed, &keys, planned.len(), &mut rng);
    let context = format!(
        "seed {seed}: killed after keystroke {kill_after} of {} ({:?})",
        keys.len(),
        keys[kill_after]
    );

    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    let at = type_and_kill(&mut tui, &keys, &expected, kill_after, &mut rng);
    drop(tui);

    // The minutes the kill may leave: those confirmed, or those of the key in flight.
    let mut candidates = vec![at.model.clone()];
    if let Some(index) = at.enter_in_flight {
        let mut committed = at.model.clone();
        committed.statements.push(expected[index].clone());
        candidates.push(committed);
    }
    candidates.extend(at.op_in_flight.clone());
    let mut tui = Tui::start(temp.path(), &workspace);
    // A correction open at the kill comes back as one: the editor shows it.
    tui.wait_for("計画通り進捗");
    tui.press("4");
    let screen = wait_until(&tui, "the recovered statements", |s| {
        editor(s).is_some()
            && statement_count(s)
                .is_some_and(|n| candidates.iter().any(|c| c.statements.len() == n))
    });
    // The count can be read while the rest of the frame is still on its way through the pty
    // (ratatui writes a frame in several chunks); judge the editor on a settled screen.
    let screen = settled(&tui, screen);
    let bounds = matches!(keys[kill_after], Key::Op(_))
        .not()
        .then(|| check_recovered_editor(&screen, &at, &expected, &partial_expected, &context));
    quit_from_meeting(&mut tui);

    assert_minutes(&workspace, &candidates, &context);
    let draft = journal_draft(&workspace).text;
    match bounds {
        Some((text, sent, confirmed)) => {
            assert!(
                draft.starts_with(&confirmed) && sent.starts_with(&draft),
                "{context}: the journal's draft is {draft:?}; it must hold at least \
                 {confirmed:?} and at most {sent:?}"
            );
            assert_eq!(
                draft.trim_end(),
                text,
                "{context}: the editor showed the journal's draft"
            );
        }
        // Between statements the live draft is empty (a correction open at the kill is
        // cancelled by the Esc of the quit, and the empty live draft comes back).
        None => assert_eq!(draft, "", "{context}: no draft between statements"),
    }
    check_passes(temp.path(), &workspace);
    if std::env::var_os("KAIKAKU_VERBOSE").is_some() {
        eprintln!("{context}: draft {draft:?}");
    }
}

/// Issue 4 "Done when" and issue 7 suite 1: kill -9 at a seeded keystroke while typing the
/// minutes; after a restart every committed statement is identical and the partial one is
/// intact up to the last keystroke the screen confirmed.
#[test]
fn kill_9_while_typing_loses_nothing() {
    for seed in seeds() {
        let start = Instant::now();
        kill_while_typing(seed);
        if std::env::var_os("KAIKAKU_VERBOSE").is_some() {
            eprintln!("seed {seed}: {:?}", start.elapsed());
        }
    }
}

/// Issue 7 suite 5 (in part): a second TUI opens read-only and names the holder; once the
/// holder is killed with SIGKILL, the next start is the writer (the OS lock went with it).
#[test]
fn lock_is_taken_over_after_kill_9() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut first = Tui::start(temp.path(), &workspace);
    first.wait_for("計画通り進捗");
    let holder = format!("{}@", first.child.process_id().expect("pid"));

    let mut second = Tui::start(temp.path(), &workspace);
    second.wait_for("読取専用");
    second.wait_for(&holder);
    // Meeting mode in the read-only instance refuses to record.
    second.press("4");
    second.wait_for("(草案, 0)");

    signal(&first, "KILL");
    let status = first.wait_exit();
    assert!(status.signal().is_some(), "killed, not {status:?}");
    drop(first);

    // The read-only instance is still open; the next start becomes the writer.
    let mut third = Tui::start(temp.path(), &workspace);
    third.wait_for("計画通り進捗");
    third.wait_for("保存済");
    assert!(!third.screen().contains("読取専用"), "{}", third.screen());
    assert!(!third.screen().contains("が編集中"), "{}", third.screen());
    // It records: a committed statement reaches the meeting file.
    open_meeting(&mut third);
    third.press("\x1b8引継ぎ後の発言");
    wait_until(&third, "the typed text", |s| {
        editor_text(s).as_deref() == Some("引継ぎ後の発言")
    });
    third.press("\r");
    third.wait_for("(草案, 1)");
    quit_from_meeting(&mut third);

    second.press("\x03");
    let status = second.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    second.assert_restored();

    let loaded = Workspace::load(&workspace).expect("load");
    let meeting = loaded.meeting(MEETING).expect("meeting");
    assert_eq!(meeting.statements.len(), 1);
    assert_eq!(meeting.statements[0].text, "引継ぎ後の発言");
    check_passes(temp.path(), &workspace);
}

/// Issue 7 suite 8: SIGHUP (the terminal window closed) in meeting mode with a half-typed
/// statement: a clean exit, the terminal restored, the draft in the journal and back in the
/// editor on the next start.
#[test]
fn sighup_while_typing_restores_the_terminal_and_keeps_the_draft() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b2\x1bq窓口の待ち時間は");
    tui.press("\x1b\r短くなりましたか");
    let draft = "窓口の待ち時間は\n短くなりましたか";
    wait_until(&tui, "the draft", |s| {
        editor_text(s).as_deref() == Some(draft)
    });
    signal(&tui, "HUP");
    let status = tui.wait_exit();
    assert!(status.signal().is_none(), "killed by {:?}", status.signal());
    assert!(status.success(), "exit status {status:?}");
    tui.assert_restored();

    let saved = journal_draft(&workspace);
    assert_eq!(saved.text, draft);
    assert_eq!(saved.speaker.as_deref(), Some("yahata"));
    assert_eq!(saved.kind, Some(StatementKind::Question));
    check_passes(temp.path(), &workspace);

    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    let screen = wait_until(&tui, "the restored draft", |s| {
        editor_text(s).as_deref() == Some(draft)
    });
    let (title, _) = editor(&screen).expect("editor");
    assert!(title.contains("[八幡委員] 質問"), "{title}");
    quit_from_meeting(&mut tui);
}

/// A crash between the journal record of a committed statement and the (empty) draft that
/// follows it must not bring the statement's text back into the editor: committing it again
/// would record it twice.
#[test]
fn a_committed_statement_clears_the_draft_on_replay() {
    let (_temp, workspace) = workspace_with_draft_meeting();
    let loaded = Workspace::load(&workspace).expect("load");
    let mut meeting = loaded.meeting(MEETING).expect("meeting").clone();
    let statement = kaikaku::model::Statement {
        id: "s1".into(),
        heading: None,
        speaker: "yahata".into(),
        label: None,
        kind: StatementKind::Question,
        text: "確定した発言".into(),
        materials: vec![],
        nodes: vec![],
        reply_to: None,
        agenda: None,
        time: None,
        needs_response: false,
    };
    let typed = Draft {
        text: "確定した発言".into(),
        cursor: (0, 6),
        speaker: Some("yahata".into()),
        kind: Some(StatementKind::Question),
        editing: None,
    };
    let entries = [
        kaikaku::store::journal::Entry::Draft(typed),
        kaikaku::store::journal::Entry::Statement(statement),
    ];
    let draft = replay(&mut meeting, &entries);
    assert_eq!(meeting.statements.len(), 1);
    assert_eq!(draft.text, "", "the committed text is not a draft any more");
    assert_eq!(draft.cursor, (0, 0));
    assert_eq!(
        draft.speaker.as_deref(),
        Some("yahata"),
        "the speaker stays"
    );
}

// ---------------------------------------------------------------------------------------
// Screens through TestBackend, and the rules through dispatch
// ---------------------------------------------------------------------------------------

fn key(c: char) -> Msg {
    Msg::EditorKey(KeyEvent::from(KeyCode::Char(c)))
}

/// Records a statement as the keys do: speaker, kind (if any), pasted text, Enter.
fn say(app: &mut App, speaker: char, kind: Option<char>, text: &str) {
    dispatch(app, Msg::Speaker(speaker));
    if let Some(kind) = kind {
        dispatch(app, Msg::Kind(kind));
    }
    dispatch(app, Msg::Paste(text.into()));
    dispatch(app, Command::CommitStatement);
}

/// A short meeting: opening, explanation, a question and its answer, a proposal, and a
/// half-typed statement (typed key by key) in the editor.
fn record_a_few(app: &mut App) {
    dispatch(app, Command::ShowMeeting);
    say(
        app,
        '1',
        Some('g'),
        "ただいまから第1回市役所改革推進委員会を開会します。",
    );
    dispatch(app, Command::NextMaterial);
    dispatch(app, Command::NextPage);
    dispatch(app, Command::NextPage);
    say(
        app,
        '8',
        Some('e'),
        "資料1に沿って、窓口改革の取組状況を説明します。",
    );
    // The material page applied to that statement only: the next one has none.
    say(
        app,
        '2',
        Some('q'),
        "窓口の待ち時間は、どのくらい短くなりましたか。",
    );
    say(
        app,
        '8',
        None,
        "令和5年度は平均12分で、前年度より3分短縮しました。",
    );
    say(
        app,
        '7',
        Some('p'),
        "オンライン申請の対象手続を広げ、来庁しなくてよい市役所を目指してはどうか。",
    );
    dispatch(app, Msg::Speaker('3'));
    dispatch(app, Msg::Kind('o'));
    for c in "職員の働き方改革も".chars() {
        dispatch(app, key(c));
    }
    dispatch(app, Command::StatementNewline);
    for c in "あわせて".chars() {
        dispatch(app, key(c));
    }
}

/// For each language: a fresh app on a workspace with a draft meeting, `setup`, then
/// snapshots at both sizes as `{name}_{lang}_{w}x{h}`.
fn snapshot_meeting(name: &str, presenter: bool, setup: impl Fn(&mut App)) {
    let (_temp, template) = workspace_with_draft_meeting();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, presenter);
        setup(&mut app);
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let snapshot = format!("{name}_{}_{width}x{height}", lang_name(app.core.lang));
            assert_rows_fit(&buffer, &snapshot);
            insta::assert_snapshot!(snapshot, text_of(&buffer));
        }
    }
}

#[test]
fn meeting_screen_while_typing() {
    snapshot_meeting("meeting_typing", false, |app| {
        record_a_few(app);
        let meeting = app.core.workspace.meeting(MEETING).expect("meeting");
        assert_eq!(meeting.statements.len(), 5);
    });
}

#[test]
fn meeting_screen_in_command_mode() {
    snapshot_meeting("meeting_command", false, |app| {
        record_a_few(app);
        dispatch(app, Command::CommandMode);
        dispatch(app, Command::Up);
        dispatch(app, Command::Up);
        let session = app.session.as_ref().expect("session");
        assert!(!session.typing);
        assert_eq!(session.selected, 2, "the question is selected");
    });
}

#[test]
fn meeting_screen_in_the_presenter_theme() {
    snapshot_meeting("meeting_presenter", true, record_a_few);
}

#[test]
fn meeting_screen_on_an_empty_draft() {
    snapshot_meeting("meeting_empty", false, |app| {
        dispatch(app, Command::ShowMeeting);
    });
}

/// The secretariat's answer replies to the newest question nobody has answered; an
/// explanation by the secretariat replies to nothing; a member's answer key does not thread.
#[test]
fn secretariat_answers_thread_to_the_last_open_question() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    dispatch(&mut app, Command::ShowMeeting);
    say(&mut app, '2', Some('q'), "一つ目の質問");
    say(&mut app, '3', Some('q'), "二つ目の質問");
    say(&mut app, '8', None, "二つ目への回答");
    say(&mut app, '8', Some('e'), "補足の説明");
    say(&mut app, '8', Some('a'), "一つ目への回答");
    say(&mut app, '4', Some('o'), "意見");
    say(&mut app, '8', None, "開いた質問のない回答");
    let statements = &app
        .core
        .workspace
        .meeting(MEETING)
        .expect("meeting")
        .statements;
    let threading: Vec<(&str, StatementKind, Option<&str>)> = statements
        .iter()
        .map(|s| (s.id.as_str(), s.kind, s.reply_to.as_deref()))
        .collect();
    assert_eq!(
        threading,
        [
            ("s1", StatementKind::Question, None),
            ("s2", StatementKind::Question, None),
            ("s3", StatementKind::Answer, Some("s2")),
            ("s4", StatementKind::Explanation, None),
            ("s5", StatementKind::Answer, Some("s1")),
            ("s6", StatementKind::Opinion, None),
            ("s7", StatementKind::Answer, None),
        ]
    );
}

/// Confirmed minutes are immutable: meeting mode opens read-only, typing and Enter change
/// nothing, no journal is written, and the file is untouched.
#[test]
fn confirmed_minutes_refuse_commits() {
    let (_temp, template) = workspace_with_draft_meeting();
    let mut workspace = Workspace::load(&template).expect("load");
    let mut meeting = workspace.meeting(MEETING).expect("meeting").clone();
    meeting.status = MeetingStatus::Confirmed;
    workspace.save_meeting(meeting).expect("save");
    for lang in LANGS {
        let (copy, mut app) = app_on(&template, lang, false);
        let root = copy.path().join("ws");
        let file = root.join("minutes").join(format!("{MEETING}.ron"));
        let before = std::fs::read(&file).expect("read");
        dispatch(&mut app, Command::ShowMeeting);
        let session = app.session.as_ref().expect("session");
        assert_eq!(session.meeting_id, MEETING);
        assert!(
            session.read_only.is_some(),
            "confirmed minutes are read-only"
        );
        dispatch(&mut app, Msg::Speaker('2'));
        dispatch(&mut app, key('あ'));
        dispatch(&mut app, Msg::Paste("貼り付け".into()));
        dispatch(&mut app, Command::CommitStatement);
        let message = app.core.message.clone().unwrap_or_default();
        let expected = match lang {
            Language::Ja => "確定済みの議事録は編集できません",
            Language::En => "confirmed minutes cannot be edited",
        };
        assert_eq!(message, expected);
        for action in [
            Command::CommandMode,
            Command::EditStatement,
            Command::MergeStatement,
            Command::DeleteStatement,
            Command::Undo,
            Command::Redo,
            Command::LinkNode,
            Command::RelinkStatement,
            Command::ChooseMaterial,
            Command::PinLinks,
            Command::TypingMode,
            Command::Quit,
        ] {
            dispatch(&mut app, action);
            assert!(
                app.dialog.is_none(),
                "{action:?} opens nothing on confirmed minutes"
            );
        }
        assert!(
            app.core
                .workspace
                .meeting(MEETING)
                .expect("meeting")
                .statements
                .is_empty()
        );
        assert_eq!(
            std::fs::read(&file).expect("read"),
            before,
            "file untouched"
        );
        assert!(
            !journal_path(&root, MEETING).exists(),
            "no journal for confirmed minutes"
        );
        let text = text_of(&draw(&mut app, 80, 24));
        assert!(text.contains(lang.pick("確定", "confirmed")), "{text}");
    }
}

/// The staged start on a workspace big enough to load for a while: the first screen appears
/// with the loading status, a statement typed into meeting mode before the minutes are loaded
/// is held, lands in the editor once the meeting opens, and is recorded like any other.
#[test]
fn a_statement_typed_while_the_workspace_loads_is_recorded() {
    let (temp, workspace) = workspace_with_draft_meeting();
    // 1,200 copies of the sample minutes (about 40 MB): a second or more of loading in a debug
    // build, so the keys below surely arrive before the minutes are loaded.
    let sample_id = "2021-03-22-kaikaku-suishin-1";
    let sample =
        std::fs::read_to_string(workspace.join("minutes").join(format!("{sample_id}.ron")))
            .expect("sample minutes");
    for i in 0..1200 {
        let id = format!("bulk-{i:04}");
        std::fs::write(
            workspace.join("minutes").join(format!("{id}.ron")),
            sample.replace(&format!("id: \"{sample_id}\""), &format!("id: \"{id}\"")),
        )
        .expect("write a copy");
    }
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("読み込み中");
    tui.press("4");
    tui.press("\x1b8開会直後に入力した発言");
    tui.press("\r");
    let shown = tui.screen();
    assert!(
        shown.contains("読み込み中"),
        "the keys were typed while loading:\n{shown}"
    );
    tui.wait_for("(草案, 1)");
    wait_until(&tui, "the loading status to go", |s| {
        !s.contains("読み込み中")
    });
    quit_from_meeting(&mut tui);

    let loaded = Workspace::load(&workspace).expect("load");
    let meeting = loaded.meeting(MEETING).expect("meeting");
    assert_eq!(meeting.statements.len(), 1);
    assert_eq!(meeting.statements[0].text, "開会直後に入力した発言");
    assert_eq!(loaded.meetings.len(), 1202);
}

/// Issue 7 suite 8: a panic and an error exit in meeting mode (injected by F12 in debug
/// builds, `KAIKAKU_TEST_FAULT`) with a half-typed statement: the process fails, the
/// terminal is restored, and the draft is in the journal for the next start.
#[test]
fn panic_and_error_exit_restore_the_terminal_and_keep_the_draft() {
    for fault in ["panic", "error"] {
        let (temp, workspace) = workspace_with_draft_meeting();
        let mut tui = Tui::start_with(temp.path(), &workspace, &[("KAIKAKU_TEST_FAULT", fault)]);
        open_meeting(&mut tui);
        tui.press("\x1b2途中まで入力した発言");
        wait_until(&tui, "the draft", |s| {
            editor_text(s).as_deref() == Some("途中まで入力した発言")
        });
        tui.press("\x1b[24~");
        let status = tui.wait_exit();
        assert!(!status.success(), "{fault}: exit status {status:?}");
        // The error is said in the user's language; its marker is the same in both.
        let printed = match fault {
            "panic" => "injected panic",
            _ => "KAIKAKU_TEST_FAULT=error",
        };
        tui.assert_restored_then(Some(printed));
        assert_eq!(
            journal_draft(&workspace).text,
            "途中まで入力した発言",
            "{fault}: the draft survives"
        );
    }
}
