//! Meeting mode's lists (issue 12, items 3, 4 and 8) on the real binary in a pseudo-terminal:
//! the speaker picker reaches every one of 12 members and 3 officials; the meeting list
//! opens an older draft to correct it, confirmed minutes read-only with the reason, a past
//! revision under `--at`; the palette opens a meeting; the projector window shows the
//! statements and none of the operator's controls. Snapshots of the two pickers and of the
//! projector's meeting screen through `dispatch` and `TestBackend`.

use std::path::{Path, PathBuf};

use kaikaku::model::meeting::MeetingStatus;
use kaikaku::model::{Language, Statement, StatementKind};
use kaikaku::store::Workspace;
use kaikaku::store::journal::journal_path;
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::common::{git_in, kaikaku_ok, repo_root};
use crate::meeting_e2e::{
    MEETING, editor_text, open_meeting, quit_from_meeting, statement_count,
    workspace_with_draft_meeting,
};
use crate::pty_driver::{Tui, check_passes};
use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, text_of, type_text};

/// An older draft meeting, made beside [`MEETING`] (which stays the newest).
const OLDER: &str = "2024-05-20-kaikaku-suishin-1";
/// Its one statement.
const OLDER_TEXT: &str = "準備会での発言です。";

/// The five members added to the sample's seven: id, name, role, printed label, reading.
const ADDED: [(&str, &str, &str, &str, &str); 5] = [
    ("ishii", "石井浩", "委員", "石井委員", "いしい ひろし"),
    ("ueda", "上田恵", "委員", "上田委員", ""),
    ("nakamura", "中村誠", "副会長", "中村副会長", ""),
    ("fujii", "藤井玲子", "委員", "藤井委員", ""),
    ("ogata", "緒方健", "委員", "緒方委員", ""),
];

/// Officials (説明員) of the meeting: name, department.
const OFFICIALS: [(&str, &str); 3] = [
    ("田中一郎", "総務局"),
    ("佐藤次郎", "政策局"),
    ("鈴木三郎", "財政局"),
];

/// A workspace whose draft meeting has 12 members (the roster grown to 12 before the
/// meeting is prepared), the secretariat and three officials: 16 possible speakers.
fn workspace_with_many_speakers() -> (tempfile::TempDir, PathBuf) {
    let (temp, workspace) = crate::common::sample_workspace();
    for (id, name, role, label, reading) in ADDED {
        let mut args = vec![
            "settings", "member", "add", id, "--name", name, "--role", role, "--label", label,
        ];
        if !reading.is_empty() {
            args.extend(["--reading", reading]);
        }
        kaikaku_ok(&workspace, &args);
    }
    kaikaku_ok(
        &workspace,
        &[
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
        ],
    );
    let officials: Vec<String> = OFFICIALS
        .iter()
        .map(|(name, department)| format!("{name}:説明員:{department}"))
        .collect();
    let mut args = vec!["meeting", "edit", MEETING];
    for official in &officials {
        args.extend(["--official", official.as_str()]);
    }
    kaikaku_ok(&workspace, &args);
    (temp, workspace)
}

/// Adds the older draft meeting with one statement (as recorded at that meeting).
fn add_older_meeting(workspace: &Path) {
    kaikaku_ok(
        workspace,
        &[
            "meeting",
            "new",
            "--date",
            "2024-05-20",
            "--title",
            "市役所改革推進委員会準備会",
            "--number",
            "1",
            "--secretariat",
            "改革推進課長",
        ],
    );
    set_statements(workspace, OLDER, &[("sawada", OLDER_TEXT)]);
}

/// Replaces the statements of a meeting through the store, as a recording would leave them.
fn set_statements(workspace: &Path, id: &str, statements: &[(&str, &str)]) {
    let mut loaded = Workspace::load(workspace).expect("workspace loads");
    let mut meeting = loaded.meeting(id).expect("meeting").clone();
    meeting.statements = statements
        .iter()
        .enumerate()
        .map(|(n, (speaker, text))| {
            Statement::new(
                format!("s{}", n + 1),
                *speaker,
                StatementKind::Opinion,
                *text,
            )
        })
        .collect();
    loaded.save_meeting(meeting).expect("meeting saved");
}

fn recorded(workspace: &Path, id: &str) -> Vec<(String, String)> {
    let loaded = Workspace::load(workspace).expect("workspace loads");
    loaded
        .meeting(id)
        .expect("meeting")
        .statements
        .iter()
        .map(|s| (s.speaker.clone(), s.text.clone()))
        .collect()
}

/// The status bar: the screen's last row.
fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_string()
}

/// Ctrl-C: quits from anywhere (here: a read-only statement list, where a key right after
/// an Esc would read as an Alt-chord), saving what is open; the terminal is restored.
fn quit_now(tui: &mut Tui) {
    tui.quit_with("\x03");
}

/// Ctrl-O, a filter, Enter: opens the one meeting the filter leaves of `total`.
fn open_from_list(tui: &mut Tui, filter: &str, total: usize) {
    tui.step("\x0f", "会議を開く");
    tui.step(filter, &format!("1/{total} 件"));
    tui.press("\r");
    tui.wait_gone("会議を開く");
}

// ---------------------------------------------------------------------------------------
// The speaker picker
// ---------------------------------------------------------------------------------------

/// Each of the 16 speakers is chosen through the picker (Alt-s, a filter that leaves only
/// them: label, romaji id, reading in kana, full-width letters, role, department), and each
/// statement is recorded with that speaker — members 11 and 12, the secretariat and the
/// officials included, whom no Alt+digit reaches.
#[test]
fn twelve_members_and_three_officials_are_all_chosen_through_the_picker() {
    let (temp, workspace) = workspace_with_many_speakers();
    let loaded = Workspace::load(&workspace).expect("workspace loads");
    let attendees = &loaded.meeting(MEETING).expect("meeting").attendees;
    assert_eq!(
        attendees.len(),
        16,
        "12 members, the secretariat, 3 officials"
    );
    let official = |department: &str| {
        attendees
            .iter()
            .find(|a| a.department.as_deref() == Some(department))
            .map(|a| a.id.clone())
            .expect("official")
    };
    let picks: Vec<(&str, String)> = vec![
        ("澤田", "sawada".into()),
        ("yahata", "yahata".into()),
        ("久間委員", "kyuma".into()),
        ("濱田", "hamada".into()),
        ("森田", "morita".into()),
        ("加藤", "kato".into()),
        ("奥沢", "okuzawa".into()),
        ("いしい", "ishii".into()),
        ("上田", "ueda".into()),
        ("副会長", "nakamura".into()),
        ("藤井", "fujii".into()),
        ("ＯＧＡＴＡ", "ogata".into()),
        ("事務局", "secretariat".into()),
        ("総務局", official("総務局")),
        ("政策局", official("政策局")),
        ("財政 説明員", official("財政局")),
    ];
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    for (n, (filter, _)) in picks.iter().enumerate() {
        tui.step("\x1bs", "発言者を選ぶ");
        tui.step(filter, "1/16 件");
        tui.press("\r");
        tui.wait_gone("発言者を選ぶ");
        tui.press(&format!("発言{}です。\r", n + 1));
        tui.wait_until("the committed statement", |s| {
            statement_count(s) == Some(n + 1)
        });
    }
    quit_from_meeting(&mut tui);
    let speakers: Vec<String> = recorded(&workspace, MEETING)
        .into_iter()
        .map(|(speaker, _)| speaker)
        .collect();
    let expected: Vec<String> = picks.into_iter().map(|(_, id)| id).collect();
    assert_eq!(speakers, expected);
    check_passes(temp.path(), &workspace);
}

// ---------------------------------------------------------------------------------------
// The meeting list
// ---------------------------------------------------------------------------------------

/// The TUI opens the newest draft; the list opens the older one in the editor, a statement
/// there is corrected, and the correction is in its file after quitting; the newest draft,
/// left for it, was kept as it was.
#[test]
fn an_older_draft_opens_from_the_list_and_a_correction_is_saved() {
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b1新しい会議での発言。\r");
    tui.wait_until("the statement in the newest draft", |s| {
        statement_count(s) == Some(1)
    });
    open_from_list(&mut tui, "05-20", 3);
    let screen = tui.wait_until("the older meeting in the editor", |s| {
        s.contains("2024-05-20 市役所改革推進委員会準備会") && editor_text(s).is_some()
    });
    assert!(screen.contains(OLDER_TEXT), "{screen}");
    assert_eq!(statement_count(&screen), Some(1), "{screen}");
    tui.step("\x1b", "Enter 入力");
    tui.press("\x05"); // Ctrl-E: correct the selected (last) statement
    tui.wait_until("the statement in the corrector", |s| {
        editor_text(s).as_deref() == Some(OLDER_TEXT)
    });
    tui.press("（訂正）\r");
    tui.wait_until("the corrected statement", |s| {
        s.contains("準備会での発言です。（訂正）") && editor_text(s).as_deref() == Some("")
    });
    quit_from_meeting(&mut tui);
    assert_eq!(
        recorded(&workspace, OLDER),
        [("sawada".to_string(), format!("{OLDER_TEXT}（訂正）"))]
    );
    assert_eq!(
        recorded(&workspace, MEETING),
        [("sawada".to_string(), "新しい会議での発言。".to_string())],
        "the meeting left for the older one was saved"
    );
    check_passes(temp.path(), &workspace);
}

/// Recording into an older draft opened from the list is as crash-safe as the newest: after
/// `kill -9` the start opens the newest draft as always, and the older one, opened from the
/// list again, gives back its committed statement and the half-typed one.
#[test]
fn an_older_draft_recorded_from_the_list_survives_kill_9() {
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    open_from_list(&mut tui, "05-20", 3);
    tui.wait_until("the older meeting in the editor", |s| {
        s.contains("市役所改革推進委員会準備会 (草案, 1)") && editor_text(s).is_some()
    });
    tui.press("\x1b3準備会への追加発言。\r");
    tui.wait_until("the committed statement", |s| {
        s.contains("(草案, 2)") && editor_text(s).as_deref() == Some("")
    });
    tui.press("途中まで");
    tui.wait_until("the half-typed statement", |s| {
        editor_text(s).as_deref() == Some("途中まで")
    });
    tui.signal("KILL");
    assert!(tui.wait_exit().signal().is_some(), "killed");
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    let screen = tui.screen();
    assert!(
        screen.contains("2024-07-30 第1回"),
        "the newest draft first:\n{screen}"
    );
    open_from_list(&mut tui, "05-20", 3);
    let screen = tui.wait_until("the older meeting recovered", |s| {
        s.contains("市役所改革推進委員会準備会 (草案, 2)")
            && editor_text(s).as_deref() == Some("途中まで")
    });
    assert!(screen.contains("準備会への追加発言。"), "{screen}");
    assert!(
        status_line(&screen).contains("ジャーナルから復元"),
        "{screen}"
    );
    // The recovered draft kept its speaker: finished and committed, it is recorded as theirs.
    tui.press("の続き。\r");
    tui.wait_until("the finished statement", |s| s.contains("(草案, 3)"));
    quit_from_meeting(&mut tui);
    assert_eq!(
        recorded(&workspace, OLDER),
        [
            ("sawada".to_string(), OLDER_TEXT.to_string()),
            ("kyuma".to_string(), "準備会への追加発言。".to_string()),
            ("kyuma".to_string(), "途中までの続き。".to_string()),
        ]
    );
    check_passes(temp.path(), &workspace);
}

/// Confirmed minutes open from the list on their statement list, read-only: the reason is
/// on the status line, a typed letter and Ctrl-E are refused with it, and neither the file
/// nor a journal is written.
#[test]
fn confirmed_minutes_open_read_only_and_refuse_an_edit_with_the_reason() {
    const REASON: &str = "確定済みの議事録は編集できません";
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    kaikaku_ok(&workspace, &["meeting", "confirm", OLDER]);
    let file = workspace.join("minutes").join(format!("{OLDER}.ron"));
    let before = std::fs::read(&file).expect("minutes file");
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    open_from_list(&mut tui, "準備会", 3);
    // The header and the status line are drawn in one frame, but the pty may be read
    // between its rows: wait for both.
    let screen = tui.wait_until("the confirmed meeting with its reason", |s| {
        s.contains("(確定, 1)") && status_line(s).contains(REASON)
    });
    assert!(
        editor_text(&screen).is_none(),
        "not in the editor:\n{screen}"
    );
    tui.press("j");
    tui.wait_until("the status line cleared", |s| {
        !status_line(s).contains(REASON)
    });
    tui.press("x");
    let screen = tui.wait_until("the refusal", |s| status_line(s).contains(REASON));
    assert!(screen.contains(OLDER_TEXT), "{screen}");
    tui.press("j");
    tui.wait_until("the status line cleared", |s| {
        !status_line(s).contains(REASON)
    });
    tui.press("\x05");
    tui.wait_until("Ctrl-E refused", |s| status_line(s).contains(REASON));
    quit_now(&mut tui);
    assert_eq!(std::fs::read(&file).expect("minutes file"), before);
    assert!(!journal_path(&workspace, OLDER).exists(), "no journal");
    assert_eq!(recorded(&workspace, OLDER).len(), 1);
}

/// Choosing a meeting in the palette opens it (it only printed its title before); the
/// meeting being recorded is saved first.
#[test]
fn choosing_a_meeting_in_the_palette_opens_it() {
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1b2パレットの前の発言。\r");
    tui.wait_until("the statement", |s| statement_count(s) == Some(1));
    tui.step("\x1b", "Enter 入力");
    tui.step("/", "検索（");
    tui.step("準備会", "市役所改革推進委員会準備会");
    tui.press("\r");
    // The whole frame, editor included: the list's key line of the meeting left must not be
    // read as the list again by the quit (its Esc and Ctrl-Q would then arrive as one chord).
    let screen = tui.wait_until("the older meeting", |s| {
        s.contains("2024-05-20 市役所改革推進委員会準備会 (草案, 1)") && editor_text(s).is_some()
    });
    assert!(screen.contains(OLDER_TEXT), "{screen}");
    assert_eq!(
        recorded(&workspace, MEETING),
        [("yahata".to_string(), "パレットの前の発言。".to_string())],
        "the meeting left was saved when the other opened"
    );
    quit_from_meeting(&mut tui);
    check_passes(temp.path(), &workspace);
}

/// Under `--at` the meeting list holds the meetings of that revision, and the one chosen
/// shows its statements as they were then, read-only with the reason.
#[test]
fn at_a_past_revision_a_meeting_opens_read_only_as_it_was() {
    // The start of the reason: the status line of 120 columns cuts the rest.
    const REASON: &str = "過去の時点の表示（--at）";
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    git_in(&workspace, &["add", "-A"]);
    git_in(&workspace, &["commit", "-q", "-m", "two meetings"]);
    git_in(&workspace, &["tag", "before"]);
    set_statements(&workspace, OLDER, &[("sawada", "後で書き換えた発言。")]);
    git_in(&workspace, &["commit", "-q", "-am", "rewritten"]);
    let mut tui = Tui::start_with_args(temp.path(), &workspace, &[], &["--at", "before"]);
    tui.wait_for("計画通り進捗");
    tui.step("4", "(草案, 0)");
    open_from_list(&mut tui, "準備会", 3);
    let screen = tui.wait_until("the older meeting as it was", |s| {
        s.contains("市役所改革推進委員会準備会 (草案, 1)")
    });
    assert!(screen.contains(OLDER_TEXT), "{screen}");
    assert!(!screen.contains("後で書き換えた"), "{screen}");
    assert!(status_line(&screen).contains(REASON), "{screen}");
    tui.press("j");
    tui.wait_until("the status line cleared", |s| {
        !status_line(s).contains(REASON)
    });
    tui.press("x");
    tui.wait_until("the refusal", |s| status_line(s).contains(REASON));
    quit_now(&mut tui);
    assert_eq!(
        recorded(&workspace, OLDER),
        [("sawada".to_string(), "後で書き換えた発言。".to_string())],
        "the working tree is untouched"
    );
}

// ---------------------------------------------------------------------------------------
// The projector window
// ---------------------------------------------------------------------------------------

/// What belongs to the operator and must never reach the projector: key hints and
/// Alt-key lists, the save state and uncommitted counts, read-only reasons, the help key.
const OPERATOR: &[&str] = &[
    "Alt",
    "Enter",
    "Esc",
    "Ctrl",
    "^E",
    "入力",
    "削除",
    "( )",
    "[ ]",
    "ヘルプ",
    "保存済",
    "未保存",
    "読取専用",
    "読み取り専用",
    "未コミット",
    "presenter",
    "window",
];

fn assert_audience_only(screen: &str, workspace: &Path) {
    for text in OPERATOR {
        assert!(
            !screen.contains(text),
            "the projector shows {text:?}:\n{screen}"
        );
    }
    let path = workspace.display().to_string();
    assert!(
        !screen.contains(&path),
        "the projector shows the workspace path:\n{screen}"
    );
}

/// `kaikaku present` beside the secretariat's instance: each committed statement appears,
/// the half-typed one does not, the meeting chosen from the list is followed, and no
/// operator text is ever on its screen.
#[test]
fn the_projector_shows_the_statements_and_nothing_of_the_operator() {
    let (temp, workspace) = workspace_with_draft_meeting();
    add_older_meeting(&workspace);
    let mut writer = Tui::start(temp.path(), &workspace);
    writer.wait_for("計画通り進捗");
    let mut projector = Tui::start_with_args(temp.path(), &workspace, &[], &["present"]);
    // The dashboard first: the secretariat's uncommitted count is not the room's business.
    let screen = projector.wait_until("the dashboard on the projector", |s| {
        s.contains("計画通り進捗")
    });
    assert_audience_only(&screen, &workspace);
    open_meeting(&mut writer);
    writer.press("\x1b1プロジェクターに映る発言。\r");
    writer.wait_until("the statement", |s| statement_count(s) == Some(1));
    writer.press("まだ確定していない下書き");
    writer.wait_until("the draft", |s| {
        editor_text(s).as_deref() == Some("まだ確定していない下書き")
    });
    let screen = projector.wait_until("the statement on the projector", |s| {
        s.contains("プロジェクターに映る発言。")
    });
    assert!(screen.contains("澤田会長"), "{screen}");
    assert_audience_only(&screen, &workspace);
    // Two polls later the draft is still the secretariat's own.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let screen = projector.screen();
    assert!(!screen.contains("まだ確定していない"), "{screen}");
    assert_audience_only(&screen, &workspace);
    open_from_list(&mut writer, "05-20", 3);
    let screen = projector.wait_until("the older meeting on the projector", |s| {
        s.contains(OLDER_TEXT)
    });
    assert_audience_only(&screen, &workspace);
    projector.quit();
    quit_from_meeting(&mut writer);
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

/// For each language and size: an app on `template`, `setup`, then the snapshot
/// `{name}_{lang}_{w}x{h}`.
fn snapshot(template: &Path, name: &str, setup: impl Fn(&mut App)) {
    for lang in LANGS {
        let (_copy, mut app) = app_on(template, lang, false);
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
fn speaker_picker_snapshots() {
    let (_temp, template) = workspace_with_many_speakers();
    snapshot(&template, "picker_speaker", |app| {
        dispatch(app, Command::ShowMeeting);
        dispatch(app, Msg::Speaker('3'));
        dispatch(app, Command::PickSpeaker);
    });
}

#[test]
fn speaker_picker_filtered_snapshots() {
    let (_temp, template) = workspace_with_many_speakers();
    snapshot(&template, "picker_speaker_filtered", |app| {
        dispatch(app, Command::ShowMeeting);
        dispatch(app, Command::PickSpeaker);
        type_text(app, "局");
    });
}

#[test]
fn meeting_list_snapshots() {
    let (_temp, template) = workspace_with_draft_meeting();
    add_older_meeting(&template);
    let mut loaded = Workspace::load(&template).expect("workspace loads");
    let mut confirmed = loaded.meeting(OLDER).expect("older").clone();
    confirmed.status = MeetingStatus::Confirmed;
    loaded.save_meeting(confirmed).expect("saved");
    snapshot(&template, "picker_meetings", |app| {
        dispatch(app, Command::ShowMeeting);
        dispatch(app, Command::OpenMeetingList);
    });
}

/// The projector's meeting screen: statements and attendees, no operator controls.
#[test]
fn projector_meeting_snapshots() {
    let (_temp, template) = workspace_with_draft_meeting();
    set_statements(
        &template,
        MEETING,
        &[
            ("sawada", "ただいまから会議を開会します。"),
            ("yahata", "窓口のオンライン化について質問します。"),
        ],
    );
    // The second statement is linked to a plan item and an agenda item: the room sees both.
    let mut loaded = Workspace::load(&template).expect("workspace loads");
    let plan = loaded.plan("kumamoto-reform-plan-2027").expect("plan");
    let node = plan.flatten()[2].node.id.clone();
    let mut meeting = loaded.meeting(MEETING).expect("meeting").clone();
    let agenda = meeting.agenda_items()[0].id.clone();
    meeting.statements[1].nodes = vec![kaikaku::model::meeting::NodeLink {
        plan: "kumamoto-reform-plan-2027".into(),
        node,
    }];
    meeting.statements[1].agenda = Some(agenda);
    loaded.save_meeting(meeting).expect("saved");
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, true);
        app.audience = true;
        let shown = kaikaku::tui::present::Shown {
            screen: "meeting".into(),
            meeting: Some(MEETING.into()),
            year: app.core.year.0,
            ..Default::default()
        };
        kaikaku::tui::present::follow(&mut app, &shown);
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let snapshot = format!("projector_meeting_{}_{width}x{height}", lang_name(lang));
            assert_rows_fit(&buffer, &snapshot);
            let text = text_of(&buffer);
            for operator in [
                "Alt",
                "Enter",
                "保存済",
                "saved",
                "help",
                "ヘルプ",
                "sample",
            ] {
                assert!(!text.contains(operator), "{operator:?} in\n{text}");
            }
            insta::assert_snapshot!(snapshot, text);
        }
    }
}

/// Through dispatch: the speaker picker sets the speaker (and the secretariat's kind, as
/// Alt+digit does), and Esc leaves the speaker as it was.
#[test]
fn the_picker_sets_the_speaker_as_alt_digit_does() {
    let (_temp, template) = workspace_with_many_speakers();
    let (_copy, mut app) = app_on(&template, Language::En, false);
    dispatch(&mut app, Command::ShowMeeting);
    let screen = text_of(&draw(&mut app, 160, 48));
    assert!(
        screen.contains("Alt-s 6 more: pick from all"),
        "the side pane points past the ten digit keys:\n{screen}"
    );
    dispatch(&mut app, Msg::Speaker('2'));
    dispatch(&mut app, Command::PickSpeaker);
    type_text(&mut app, "ogata");
    dispatch(&mut app, Command::Cancel);
    let session = app.session.as_ref().expect("session");
    assert_eq!(session.speaker.as_deref(), Some("yahata"), "Esc keeps it");
    dispatch(&mut app, Command::PickSpeaker);
    type_text(&mut app, "改革推進課長");
    dispatch(&mut app, Command::Submit);
    let session = app.session.as_ref().expect("session");
    assert_eq!(session.speaker.as_deref(), Some("secretariat"));
    assert_eq!(
        session.kind,
        StatementKind::Answer,
        "the secretariat answers"
    );
    assert!(session.typing, "back in the editor");
}

/// Real published minutes of other cities (`../shared/realworld/minutes`, skipped with a
/// notice where absent), imported: everyone who speaks in them is in the speaker picker,
/// and typing the label the minutes print finds them, whatever the number of speakers.
#[test]
fn everyone_who_speaks_in_real_minutes_is_found_by_the_printed_label() {
    use kaikaku::report::minutes::speaker_label;
    use kaikaku::tui::dialog::{Picker, PickerPurpose};
    use kaikaku::tui::screen::meeting_pick::speaker_entries;
    let Some(dir) = repo_root()
        .ancestors()
        .map(|a| a.join("shared/realworld/minutes"))
        .find(|d| d.is_dir())
    else {
        eprintln!(
            "notice: ../shared/realworld/minutes is absent; real-minutes picker test skipped"
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("realworld minutes")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut most = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("minutes text");
        let Ok(imported) = kaikaku::report::minutes::import::import(&text, None) else {
            eprintln!("notice: {} does not import; skipped", path.display());
            continue;
        };
        let meeting = &imported.meeting;
        let entries = speaker_entries(meeting, &[], Language::Ja, None);
        most = most.max(entries.len());
        for statement in &meeting.statements {
            let label = speaker_label(meeting, statement);
            let mut picker = Picker::new(
                PickerPurpose::Speaker {
                    meeting: meeting.id.clone(),
                },
                entries.clone(),
            );
            picker.query = label.to_string();
            let shown: Vec<&str> = picker.shown().iter().map(|e| e.id.as_str()).collect();
            assert!(
                shown.contains(&statement.speaker.as_str()),
                "{}: [{label}] ({}) is not found by its label; shown {shown:?}",
                path.display(),
                statement.speaker
            );
        }
    }
    eprintln!("real minutes: up to {most} speakers in one picker");
}
