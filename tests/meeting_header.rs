//! The meeting header form of meeting mode (issue 12, item 3: "editable in a header form
//! after creation"). On the real binary in a pseudo-terminal: the form opens with
//! Alt-Shift-H, sets the end time (typed in full-width digits), the place, one member absent
//! and one represented by a proxy, adds an official and a material with its pages and an
//! agenda item, saves; the minutes file and `kaikaku meeting export` have all of it. Through
//! `dispatch`: Esc writes nothing, confirmed minutes refuse the form with the reason, and
//! snapshots of the form (ja and en, 80×24 and 160×48).

use std::path::Path;

use kaikaku::model::meeting::Attendance;
use kaikaku::model::{Language, Meeting};
use kaikaku::store::Workspace;
use kaikaku::store::journal::{Entry, decode, journal_path};
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::common::kaikaku_ok;
use crate::e2e::{Tui, check_passes};
use crate::meeting_e2e::{MEETING, open_meeting, quit_from_meeting, workspace_with_draft_meeting};
use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, text_of, type_text};

fn meeting(workspace: &Path) -> Meeting {
    let loaded = Workspace::load(workspace).expect("workspace loads");
    loaded.meeting(MEETING).expect("meeting").clone()
}

/// Down `n` times, as the pty sends the arrow key.
fn down(tui: &mut Tui, n: usize) {
    tui.press(&"\x1b[B".repeat(n));
}

/// The form's count of changes not yet saved, as its title shows it.
fn changes(n: usize) -> String {
    format!("未保存の変更 {n} 件")
}

#[test]
fn the_header_form_sets_times_place_attendance_officials_materials_and_agenda() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let before = meeting(&workspace);
    let secretariat_row = before
        .attendees
        .iter()
        .filter(|a| a.member.is_none())
        .count();
    assert_eq!(secretariat_row, 1, "the secretariat is the one official");
    let members = before.attendees.len() - 1;
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1bH");
    tui.wait_for(&changes(0));
    // Rows: title, start, end, place, the members, the officials, "add", the materials,
    // "add", the agenda, "add", save.
    down(&mut tui, 2);
    tui.press("\r");
    tui.wait_for("終了 — HH:MM");
    tui.press("１５：３０\r");
    tui.wait_for(&changes(1));
    down(&mut tui, 1);
    tui.press("\r");
    tui.wait_for("Enter 反映");
    tui.press("本庁舎14階会議室\r");
    tui.wait_for(&changes(2));
    // The second member absent; the third online, then represented by a proxy.
    down(&mut tui, 2);
    tui.press("\r");
    tui.wait_for(&changes(3));
    down(&mut tui, 1);
    tui.press("\r\r\r");
    tui.wait_for("の代理出席者の氏名");
    tui.press("山田花子\r");
    tui.wait_for(&changes(6));
    // From the third member (row 6) to "add an official".
    let add_official = 4 + members + secretariat_row;
    down(&mut tui, add_official - 6);
    tui.press("\r");
    tui.wait_for("氏名:役職:所属");
    tui.press("田中一郎：説明員：総務局\r");
    tui.wait_for(&changes(7));
    // The cursor stays on "add"; "add a material" is after the one material.
    down(&mut tui, 2);
    tui.press("\r");
    tui.wait_for("資料2=題名:ページ数");
    tui.press("資料2=DX推進計画:12\r");
    tui.wait_for(&changes(8));
    // Past the one agenda item: "add an agenda item" (the cursor stayed on "add").
    down(&mut tui, 2);
    tui.press("\r");
    tui.wait_for("次第の項目");
    tui.press("その他の報告\r");
    tui.wait_for(&changes(9));
    down(&mut tui, 1);
    tui.press("\r");
    tui.wait_for("会議情報を保存しました");
    quit_from_meeting(&mut tui);
    assert_header_saved(&workspace, &before);
    check_passes(temp.path(), &workspace);
}

/// The minutes file, the model and the export after the form's edits of the pty test.
fn assert_header_saved(workspace: &Path, before: &Meeting) {
    let after = meeting(workspace);
    assert_eq!(after.end.as_deref(), Some("15:30"));
    assert_eq!(after.place, "本庁舎14階会議室");
    let absent = &before.attendees[1].id;
    let proxied = &before.attendees[2].id;
    assert_eq!(
        after.attendee(absent).map(|a| &a.attendance),
        Some(&Attendance::Absent)
    );
    assert!(
        after
            .attendees
            .iter()
            .any(|a| a.name == "山田花子" && a.attendance == Attendance::Proxy(proxied.clone())),
        "{:?}",
        after.attendees
    );
    let official = after
        .attendees
        .iter()
        .find(|a| a.name == "田中一郎")
        .expect("the official");
    assert_eq!(
        (official.role.as_str(), official.department.as_deref()),
        ("説明員", Some("総務局"))
    );
    let material = after
        .materials
        .iter()
        .find(|m| m.id == "資料2")
        .expect("the material");
    assert_eq!(
        (material.title.as_str(), material.pages),
        ("DX推進計画", Some(12))
    );
    assert_eq!(
        after.agenda.last().map(|a| a.title.as_str()),
        Some("その他の報告")
    );
    let file = std::fs::read_to_string(workspace.join(format!("minutes/{MEETING}.ron")))
        .expect("minutes file");
    for text in [
        "15:30",
        "本庁舎14階会議室",
        "山田花子",
        "田中一郎",
        "DX推進計画",
        "その他の報告",
    ] {
        assert!(
            file.contains(text),
            "{text} not in the minutes file:\n{file}"
        );
    }
    let export = kaikaku_ok(workspace, &["meeting", "export", MEETING]);
    // The export prints the time as the minutes do (午後3時30分) and the proxy as such.
    for text in [
        "午後3時30分まで",
        "本庁舎14階会議室",
        "山田花子（代理出席）",
        "欠席：八幡彩子",
        "説明員：総務局 田中一郎",
        "資料2 DX推進計画",
        "その他の報告",
    ] {
        assert!(export.contains(text), "{text} not in the export:\n{export}");
    }
}

/// The form opened on the sample's draft meeting.
fn open_form(app: &mut App) {
    dispatch(app, Command::ShowMeeting);
    dispatch(app, Command::EditMeetingHeader);
    assert!(
        matches!(
            app.dialog,
            Some(kaikaku::tui::dialog::Dialog::HeaderForm(_))
        ),
        "the form is open: {:?}",
        app.core.message
    );
}

fn press(app: &mut App, command: Command, times: usize) {
    for _ in 0..times {
        dispatch(app, command);
    }
}

/// Esc leaves the minutes as they were: several fields changed in the form, then Esc; no
/// byte of the minutes file changes and the journal holds no edit.
#[test]
fn esc_closes_the_form_and_writes_nothing() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    let root = app.core.workspace.root.clone().expect("a directory");
    let file = root.join(format!("minutes/{MEETING}.ron"));
    let before = std::fs::read(&file).expect("minutes file");
    open_form(&mut app);
    press(&mut app, Command::Down, 2);
    dispatch(&mut app, Command::Submit);
    type_text(&mut app, "16:00");
    dispatch(&mut app, Command::Submit);
    press(&mut app, Command::Down, 3);
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Cancel);
    assert!(app.dialog.is_none(), "Esc closed the form");
    dispatch(&mut app, Command::Quit);
    assert_eq!(std::fs::read(&file).expect("minutes file"), before);
    assert_eq!(
        Workspace::load(&root)
            .expect("loads")
            .meeting(MEETING)
            .and_then(|m| m.end.clone()),
        None
    );
    let journal = std::fs::read(journal_path(&root, MEETING)).unwrap_or_default();
    let (entries, _) = decode(&journal);
    assert!(
        !entries.iter().any(|e| matches!(e, Entry::Edit(_))),
        "{entries:?}"
    );
}

/// Confirmed minutes: Alt-Shift-H opens no form and says why, as every edit there does.
#[test]
fn confirmed_minutes_refuse_the_header_form() {
    let (_temp, template) = workspace_with_draft_meeting();
    kaikaku_ok(&template, &["meeting", "confirm", MEETING]);
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    dispatch(&mut app, Command::ShowMeeting);
    dispatch(&mut app, Command::EditMeetingHeader);
    assert!(app.dialog.is_none(), "{:?}", app.dialog);
    assert_eq!(
        app.core.message.as_deref(),
        Some("確定済みの議事録は編集できません")
    );
}

/// Saved through the app (Ctrl-S), the header is what the projector window shows, and the
/// edit is undone by Ctrl-Z and redone like a statement operation.
#[test]
fn a_header_edit_is_undone_and_redone_in_meeting_mode() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_on(&template, Language::En, false);
    let root = app.core.workspace.root.clone().expect("a directory");
    open_form(&mut app);
    press(&mut app, Command::Down, 3);
    dispatch(&mut app, Command::Submit);
    type_text(&mut app, "Room 14");
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Up);
    dispatch(&mut app, Command::Submit);
    type_text(&mut app, "16:45");
    dispatch(&mut app, Command::Submit);
    dispatch(
        &mut app,
        Msg::EditorKey(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('s'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert!(app.dialog.is_none());
    assert_eq!(meeting(&root).place, "Room 14");
    // The projector window, reading the same workspace, shows the new place and end time.
    let mut projector = App::new(
        Workspace::load(&root).expect("loads"),
        kaikaku::tui::Options {
            lang: Some(Language::En),
            no_color: true,
            ..Default::default()
        },
    );
    projector.audience = true;
    let shown = kaikaku::tui::present::Shown {
        screen: "meeting".into(),
        meeting: Some(MEETING.into()),
        year: projector.core.year.0,
        ..Default::default()
    };
    kaikaku::tui::present::follow(&mut projector, &shown);
    let projected = text_of(&draw(&mut projector, 160, 48));
    assert!(
        projected.contains("Room 14") && projected.contains("〜16:45"),
        "{projected}"
    );
    dispatch(&mut app, Command::Undo);
    assert_eq!(
        app.core.message.as_deref(),
        Some("header edit undone (Ctrl-Y redoes)")
    );
    assert_eq!(meeting(&root).place, "");
    dispatch(&mut app, Command::Redo);
    assert_eq!(meeting(&root).place, "Room 14");
}

fn snapshot(template: &Path, name: &str, setup: impl Fn(&mut App)) {
    for lang in LANGS {
        let (_copy, mut app) = app_on(template, lang, false);
        setup(&mut app);
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let snapshot = format!("{name}_{}_{width}x{height}", lang_name(lang));
            assert_rows_fit(&buffer, &snapshot);
            insta::assert_snapshot!(snapshot, text_of(&buffer));
        }
    }
}

/// The form after an end time, a place and an absence, the cursor on the next member.
#[test]
fn header_form_snapshots() {
    let (_temp, template) = workspace_with_draft_meeting();
    snapshot(&template, "header_form", |app| {
        open_form(app);
        press(app, Command::Down, 2);
        dispatch(app, Command::Submit);
        type_text(app, "15:30");
        dispatch(app, Command::Submit);
        press(app, Command::Down, 1);
        dispatch(app, Command::Submit);
        type_text(app, "本庁舎14階会議室");
        dispatch(app, Command::Submit);
        press(app, Command::Down, 2);
        dispatch(app, Command::Submit);
        press(app, Command::Down, 1);
    });
}

/// A material typed without its id: the input stays with the expected form.
#[test]
fn header_form_input_snapshots() {
    let (_temp, template) = workspace_with_draft_meeting();
    snapshot(&template, "header_form_input", |app| {
        open_form(app);
        let rows = match &app.dialog {
            Some(kaikaku::tui::dialog::Dialog::HeaderForm(form)) => form.rows(),
            _ => Vec::new(),
        };
        let add = rows
            .iter()
            .position(|r| *r == kaikaku::tui::dialog::header_form::Row::AddMaterial)
            .expect("the add-material row");
        press(app, Command::Down, add);
        dispatch(app, Command::Submit);
        type_text(app, "DX推進計画");
        dispatch(app, Command::Submit);
    });
}
