//! The staged start: the app opens on a preview (settings and one plan), the rest loads in
//! the background and arrives as `Msg::Loaded`. Until then nothing is written, keys typed
//! into meeting mode are held and replayed, and screens that need the minutes say they are
//! loading. Driven through `dispatch` and the event mapping, as the terminal loop does.

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kaikaku::model::{FiscalYear, Language};
use kaikaku::store::{Progress, Workspace};
use kaikaku::tui::app::{Edit, LoadState, Screen};
use kaikaku::tui::events::msg_for;
use kaikaku::tui::loading::{self, Finished, Start};
use kaikaku::tui::{App, Command, Msg, Options, dispatch};

use crate::common::{copy_dir, sample_workspace};
use crate::meeting_e2e::{MEETING, workspace_with_draft_meeting};
use crate::tui::{LANGS, assert_rows_fit, draw, lang_name, text_of};

/// A copy of `template` opened the way the TUI starts: a preview, the load still running.
pub(crate) fn staged(template: &Path, lang: Language) -> (tempfile::TempDir, PathBuf, App) {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("ws");
    copy_dir(template, &dir);
    let mut preview = loading::preview(&dir).expect("preview");
    preview.origin = "sample".into();
    let options = Options {
        lang: Some(lang),
        no_color: true,
        ..Options::default()
    };
    (temp, dir.clone(), App::loading(preview, options))
}

/// Runs the background load here and hands it to the app as the terminal loop would.
fn finish_loading(app: &mut App, dir: &Path) {
    let finished = loading::load(
        &Start {
            root: dir.to_path_buf(),
            read_only: None,
        },
        &|_| {},
    );
    dispatch(app, Msg::Loaded(Box::new(finished)));
}

/// A terminal event through the same mapping the terminal loop uses.
fn press(app: &mut App, event: Event) {
    if let Some(action) = msg_for(app, event) {
        dispatch(app, action);
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn alt(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// Every file of the workspace (the journal included), to prove nothing was written.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("read dir").flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_preview_shows_the_plan_a_full_start_shows() {
    let (_temp, template) = sample_workspace();
    let (_copy, dir, mut app) = staged(&template, Language::Ja);
    let full = App::new(Workspace::load(&dir).expect("load"), Options::default());
    assert_eq!(
        app.core.workspace.plans.len(),
        1,
        "the preview parses one plan"
    );
    assert!(app.core.workspace.meetings.is_empty());
    assert_eq!(
        app.plan().map(|p| p.id.clone()),
        full.plan().map(|p| p.id.clone())
    );
    assert_eq!(app.core.year, full.core.year);
    assert!(app.core.load.is_loading());
    // Walk the preview's tree meanwhile; the view stays there once everything is in.
    dispatch(&mut app, Command::ShowTree);
    dispatch(&mut app, Command::Down);
    dispatch(&mut app, Command::Collapse);
    let node = app.selected_node().map(|n| n.id.clone());
    finish_loading(&mut app, &dir);
    assert_eq!(app.core.load, LoadState::Complete);
    assert_eq!(
        app.core.workspace.plans.len(),
        full.core.workspace.plans.len()
    );
    assert_eq!(
        app.core.workspace.meetings.len(),
        full.core.workspace.meetings.len()
    );
    assert_eq!(app.core.plan_index, full.core.plan_index);
    assert_eq!(app.selected_node().map(|n| n.id.clone()), node);
    assert_eq!(
        app.core.problems,
        Some(Vec::new()),
        "the sample checks clean"
    );
    assert_eq!(app.core.uncommitted, full.core.uncommitted);
    assert_eq!(app.core.workspace.origin, "sample");
    // Switching plans works once the others are there.
    dispatch(&mut app, Command::NextPlan);
    assert_ne!(app.core.plan_index, full.core.plan_index);
}

#[test]
fn writes_before_the_load_completes_are_refused_and_nothing_is_lost() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, dir, mut app) = staged(&template, Language::En);
    let before = files(&dir);
    // The keys a secretariat would press: an actual, a status, a title, a new meeting,
    // undo, closing the phase, a response on the review screen.
    let attempts = [
        vec![Command::ShowKpi, Command::Top, Command::EditActual],
        vec![Command::ShowKpi, Command::DeleteActual],
        vec![Command::ShowTree, Command::SetStatus],
        vec![Command::ShowTree, Command::EditTitle],
        vec![Command::NewMeeting],
        vec![Command::Undo],
        vec![Command::ClosePhase],
        vec![Command::ShowReview, Command::ToggleExpand],
    ];
    for attempt in attempts {
        for action in attempt.clone() {
            dispatch(&mut app, action);
        }
        assert!(
            app.dialog.is_none(),
            "{attempt:?} opened a dialog while loading"
        );
        let message = app.core.message.clone().unwrap_or_default();
        assert!(
            message.contains("editing opens when it is done"),
            "{attempt:?}: {message}"
        );
    }
    // An edit that reaches apply() directly is refused too, and the store would refuse it
    // as well: the preview is read-only.
    let plan = app.plan().expect("plan").clone();
    let indicator = plan
        .top_indicators()
        .first()
        .expect("indicator")
        .1
        .id
        .clone();
    let edit = Edit::plan_edit(
        &plan.id,
        kaikaku::model::plan_edit::PlanEdit::SetActual {
            indicator: indicator.clone(),
            year: FiscalYear(2024),
            value: Some("12.5".parse().expect("figure")),
        },
    );
    let refusal = kaikaku::tui::update::apply(&mut app, edit.clone());
    assert!(matches!(refusal, Some(Msg::Notify(_))));
    assert!(app.core.workspace.save_plan(plan.clone()).is_err());
    assert!(app.undo.is_empty());
    assert_eq!(files(&dir), before, "nothing was written while loading");

    finish_loading(&mut app, &dir);
    // Now the same edit goes through and reaches the disk.
    assert_eq!(
        kaikaku::tui::update::apply(&mut app, edit)
            .as_ref()
            .and_then(Msg::notice),
        Some("Saved")
    );
    let saved = Workspace::load(&dir).expect("load");
    let value = saved
        .plan(&plan.id)
        .and_then(|p| p.indicator(&indicator))
        .and_then(|i| i.actual(FiscalYear(2024)))
        .map(|a| a.value.to_string());
    assert_eq!(value.as_deref(), Some("12.5"));
}

#[test]
fn keys_typed_into_meeting_mode_while_loading_are_replayed_and_journalled() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, dir, mut app) = staged(&template, Language::Ja);
    dispatch(&mut app, Command::ShowMeeting);
    assert_eq!(app.screen, Screen::Meeting);
    assert!(app.session.is_none(), "no meeting opens on a preview");
    // Speaker, kind, text and a paste, typed before the meeting could open.
    press(&mut app, alt('2'));
    press(&mut app, alt('q'));
    for c in "待ち時間は".chars() {
        press(&mut app, key(c));
    }
    press(&mut app, Event::Paste("どのくらいですか".into()));
    assert_eq!(
        app.held.len(),
        1 + 2 + 5 + 1,
        "the action and the input are held"
    );
    let screen = text_of(&draw(&mut app, 80, 24));
    assert!(screen.contains("入力 8 件を保持しています"), "{screen}");
    assert!(!screen.contains("会議がありません"), "{screen}");

    finish_loading(&mut app, &dir);
    let session = app.session.as_ref().expect("the meeting opened");
    assert_eq!(session.meeting_id, MEETING);
    assert_eq!(
        session.editor.lines().join("\n"),
        "待ち時間はどのくらいですか"
    );
    assert_eq!(session.speaker.as_deref(), Some("yahata"));
    assert_eq!(session.kind, kaikaku::model::StatementKind::Question);
    assert!(app.held.is_empty());
    // The replayed draft is in the journal already: a crash now would keep it.
    let bytes =
        std::fs::read(kaikaku::store::journal::journal_path(&dir, MEETING)).expect("journal");
    let (entries, _) = kaikaku::store::journal::decode(&bytes);
    let mut meeting = app
        .core
        .workspace
        .meeting(MEETING)
        .expect("meeting")
        .clone();
    let draft = kaikaku::store::journal::replay(&mut meeting, &entries);
    assert_eq!(draft.text, "待ち時間はどのくらいですか");
    // Enter commits it like any statement.
    press(&mut app, Event::Key(KeyEvent::from(KeyCode::Enter)));
    let meeting = app.core.workspace.meeting(MEETING).expect("meeting");
    assert_eq!(
        meeting.statements.last().map(|s| s.text.as_str()),
        Some("待ち時間はどのくらいですか")
    );
}

#[test]
fn a_crashed_meeting_is_recovered_after_a_staged_start() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, dir, mut first) = staged(&template, Language::Ja);
    finish_loading(&mut first, &dir);
    dispatch(&mut first, Command::ShowMeeting);
    dispatch(&mut first, Msg::Speaker('1'));
    dispatch(&mut first, Msg::Paste("開会します。".into()));
    dispatch(&mut first, Command::CommitStatement);
    dispatch(&mut first, Msg::Paste("書きかけ".into()));
    dispatch(&mut first, Msg::FlushDraft);
    // A crash: the meeting file was not rewritten, the journal holds both.
    drop(first);
    let on_disk = Workspace::load(&dir).expect("load");
    assert!(
        on_disk
            .meeting(MEETING)
            .expect("meeting")
            .statements
            .is_empty()
    );

    let mut preview = loading::preview(&dir).expect("preview");
    preview.origin = "sample".into();
    let mut app = App::loading(preview, Options::default());
    dispatch(&mut app, Command::ShowMeeting);
    finish_loading(&mut app, &dir);
    let meeting = app.core.workspace.meeting(MEETING).expect("meeting");
    assert_eq!(meeting.statements.len(), 1);
    assert_eq!(meeting.statements[0].text, "開会します。");
    let session = app.session.as_ref().expect("session");
    assert_eq!(session.editor.lines().join("\n"), "書きかけ");
    let message = app.core.message.clone().unwrap_or_default();
    assert!(message.contains("ジャーナルから復元"), "{message}");
}

#[test]
fn ctrl_c_with_held_typing_quits_once_it_is_journalled() {
    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, dir, mut app) = staged(&template, Language::En);
    dispatch(&mut app, Command::ShowMeeting);
    press(&mut app, alt('1'));
    press(&mut app, key('x'));
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    press(&mut app, ctrl_c.clone());
    assert!(!app.should_quit, "the first Ctrl-C waits for the held keys");
    finish_loading(&mut app, &dir);
    assert!(app.should_quit);
    let bytes =
        std::fs::read(kaikaku::store::journal::journal_path(&dir, MEETING)).expect("journal");
    let (entries, _) = kaikaku::store::journal::decode(&bytes);
    let mut meeting = Workspace::load(&dir)
        .expect("load")
        .meeting(MEETING)
        .expect("meeting")
        .clone();
    assert_eq!(
        kaikaku::store::journal::replay(&mut meeting, &entries).text,
        "x"
    );

    // A second Ctrl-C quits at once.
    let (_copy, _dir, mut app) = staged(&template, Language::En);
    dispatch(&mut app, Command::ShowMeeting);
    press(&mut app, key('y'));
    press(&mut app, ctrl_c.clone());
    press(&mut app, ctrl_c.clone());
    assert!(app.should_quit);
}

#[test]
fn a_failed_load_keeps_the_preview_read_only() {
    let (_temp, template) = sample_workspace();
    let (_copy, _dir, mut app) = staged(&template, Language::En);
    let finished = Finished {
        workspace: Err(kaikaku::i18n::Text::new(
            "議事録を一覧できません",
            "cannot list minutes",
        )),
        problems: Vec::new(),
        uncommitted: None,
    };
    dispatch(&mut app, Msg::Loaded(Box::new(finished)));
    assert!(
        matches!(&app.core.load, LoadState::Failed(reason) if reason.en == "cannot list minutes")
    );
    assert!(
        app.core
            .message
            .clone()
            .unwrap_or_default()
            .contains("cannot list minutes")
    );
    // (A finished load moves into `update`: it cannot arrive twice.)
    dispatch(&mut app, Command::ShowKpi);
    dispatch(&mut app, Command::EditActual);
    assert!(app.dialog.is_none());
    let message = app.core.message.clone().unwrap_or_default();
    assert!(message.contains("Read-only: loading failed"), "{message}");
}

/// The screens that need the whole workspace while it loads: the status bar counts files;
/// the dashboard shows the plan, with what comes from the minutes still pending.
#[test]
fn loading_screens() {
    let (_temp, template) = workspace_with_draft_meeting();
    for lang in LANGS {
        let (_copy, _dir, mut app) = staged(&template, lang);
        dispatch(
            &mut app,
            Msg::LoadProgress(Progress {
                done: 120,
                total: 541,
            }),
        );
        for (name, action) in [
            ("loading_dashboard", Command::ShowDashboard),
            ("loading_review", Command::ShowReview),
            ("loading_meeting", Command::ShowMeeting),
        ] {
            dispatch(&mut app, action);
            if app.screen == Screen::Meeting {
                press(&mut app, key('a'));
            }
            let buffer = draw(&mut app, 80, 24);
            let snapshot = format!("{name}_{}_80x24", lang_name(lang));
            assert_rows_fit(&buffer, &snapshot);
            insta::assert_snapshot!(snapshot, text_of(&buffer));
        }
    }
}

/// A background load that fails (issue 17 item 2: `minutes` is a file, so it cannot be
/// listed) is said in the reader's language, with its fix, on the status line and on the
/// screens that wait for it: the core's error renders itself, no English chain.
#[test]
fn a_failed_load_is_said_in_the_readers_language() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, dir, mut app) = staged(&template, lang);
        std::fs::remove_dir_all(dir.join("minutes")).expect("remove minutes");
        std::fs::write(dir.join("minutes"), "not a directory").expect("write");
        finish_loading(&mut app, &dir);
        assert!(matches!(app.core.load, LoadState::Failed(_)));
        let message = app.core.message.clone().unwrap_or_default();
        dispatch(&mut app, Command::ShowMeeting);
        let screen = text_of(&draw(&mut app, 160, 48));
        let (failed, fix) = match lang {
            Language::Ja => ("読み込みに失敗しました", "権限とディスクの空き容量"),
            Language::En => ("Loading failed", "check permissions"),
        };
        assert!(message.starts_with(failed), "{message}");
        assert!(message.contains(fix), "{message}");
        assert!(screen.contains(fix), "{screen}");
        match lang {
            Language::Ja => {
                let path = dir.display().to_string();
                let english: Vec<String> = screen
                    .replace(&path, "")
                    .lines()
                    // The reverse-video notes of `text_of` are not on screen.
                    .map(|line| line.split("  ◀ ").next().unwrap_or(line))
                    .chain(std::iter::once(message.replace(&path, "").as_str()))
                    .flat_map(kaikaku::i18n::english_words)
                    .collect();
                assert!(english.is_empty(), "{english:?} in\n{message}\n{screen}");
            }
            Language::En => assert!(message.contains("minutes"), "{message}"),
        }
    }
}
