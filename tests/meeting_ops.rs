//! Meeting mode's statement operations and link choice (issue 12, items 1–4) on the real
//! binary in a pseudo-terminal: merge, delete, move and split are undone and redone back to
//! the identical list, also across kill -9; a statement recorded with no link chosen has no
//! node link (whatever the plan tree shows), the node picker links one; the material and
//! page chosen, pinned, come back after kill -9 as they were; `q` in the statement list
//! types. Esc is always sent alone and waited for: a key right behind it would read as an
//! Alt-chord.

use std::path::Path;

use kaikaku::model::Statement;
use kaikaku::store::Workspace;

use crate::e2e::{Tui, check_passes};
use crate::meeting_e2e::{
    MEETING, editor_text, open_meeting, quit_from_meeting, signal, statement_count, wait_until,
    workspace_with_draft_meeting,
};

/// The statement list's key line (the list is on screen, the editor is not).
const LIST: &str = "Enter 入力";

fn statements(workspace: &Path) -> Vec<Statement> {
    let loaded = Workspace::load(workspace).expect("workspace loads");
    loaded.meeting(MEETING).expect("meeting").statements.clone()
}

/// Alt+`speaker`, the text, Enter; waits until the list counts `count` statements.
fn say(tui: &mut Tui, speaker: char, text: &str, count: usize) {
    tui.press(&format!("\x1b{speaker}{text}\r"));
    wait_until(tui, "the committed statement", |s| {
        statement_count(s) == Some(count) && editor_text(s).as_deref() == Some("")
    });
}

/// Esc alone, then waits for the statement list.
fn to_list(tui: &mut Tui) {
    tui.press("\x1b");
    tui.wait_for(LIST);
}

/// Presses `keys` and waits for the notice and the statement count they lead to.
fn expect(tui: &mut Tui, keys: &str, notice: &str, count: usize) {
    tui.press(keys);
    wait_until(tui, &format!("{notice:?} and {count} statements"), |s| {
        s.contains(notice) && statement_count(s) == Some(count)
    });
}

fn kill_9(tui: &mut Tui) {
    signal(tui, "KILL");
    let status = tui.wait_exit();
    assert!(
        !status.success() && status.signal().is_some(),
        "killed, not {status:?}"
    );
}

#[test]
fn merge_delete_move_and_split_are_undone_and_redone_also_after_kill_9() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    let texts = [
        "一つ目の発言です。",
        "二つ目の発言です。",
        "三つ目の発言です。",
        "四つ目の発言です。",
    ];
    for (i, text) in texts.iter().enumerate() {
        let speaker = char::from(b'1' + u8::try_from(i).expect("small"));
        say(&mut tui, speaker, text, i + 1);
    }
    to_list(&mut tui);
    tui.press("kk"); // s2
    // Merge (asked first), undo, redo, undo again.
    tui.press("\x07");
    tui.wait_for("発言を結合しますか");
    tui.press("y");
    wait_until(&tui, "the merge", |s| statement_count(s) == Some(3));
    expect(&mut tui, "\x1a", "結合を元に戻しました", 4);
    expect(&mut tui, "\x19", "結合をやり直しました", 3);
    expect(&mut tui, "\x1a", "結合を元に戻しました", 4);
    // Delete (asked first) and its undo.
    tui.press("\x1b[3~");
    tui.wait_for("発言を削除しますか");
    tui.press("y");
    wait_until(&tui, "the deletion", |s| statement_count(s) == Some(3));
    expect(&mut tui, "\x1a", "削除を元に戻しました", 4);
    // Move (Shift-Up) and its undo.
    tui.press("\x1b[1;2A");
    tui.wait_gone("削除を元に戻しました");
    expect(&mut tui, "\x1a", "移動を元に戻しました", 4);
    // Split a correction at the third character, then undo it from the list.
    tui.press("\x05");
    tui.wait_for("修正中");
    tui.press("\x1b[H\x1b[C\x1b[C\x14");
    wait_until(&tui, "the split", |s| {
        statement_count(s) == Some(5) && !s.contains("修正中")
    });
    to_list(&mut tui);
    expect(&mut tui, "\x1a", "分割を元に戻しました", 4);
    kill_9(&mut tui);
    drop(tui);

    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    wait_until(&tui, "the recovered list", |s| {
        statement_count(s) == Some(4)
    });
    to_list(&mut tui);
    // The redo stack came back with the minutes: the split is redone, then undone again.
    expect(&mut tui, "\x19", "分割をやり直しました", 5);
    expect(&mut tui, "\x1a", "分割を元に戻しました", 4);
    tui.press("\r");
    tui.wait_for("Alt-Enter 改行");
    quit_from_meeting(&mut tui);
    let recorded: Vec<(String, String)> = statements(&workspace)
        .into_iter()
        .map(|s| (s.id, s.text))
        .collect();
    let expected: Vec<(String, String)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("s{}", i + 1), (*t).to_string()))
        .collect();
    assert_eq!(recorded, expected, "back to the identical list");
    check_passes(temp.path(), &workspace);
}

#[test]
fn no_link_unless_chosen_and_the_node_picker_links_one() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    tui.wait_for("計画通り進捗");
    // A node selected in the plan tree is not a link.
    tui.press("2");
    tui.press("jj");
    open_meeting(&mut tui);
    say(&mut tui, '1', "ただいまから開会します。", 1);
    tui.press("\x0c");
    tui.wait_for("次の発言の項目");
    tui.press("1\r");
    tui.wait_gone("次の発言の項目");
    wait_until(&tui, "the chosen node", |s| {
        s.contains("項目 ^L: ") && !s.contains("項目 ^L: —")
    });
    say(&mut tui, '2', "この項目について伺います。", 2);
    tui.wait_for("項目 ^L: —");
    quit_from_meeting(&mut tui);

    let loaded = Workspace::load(&workspace).expect("loads");
    let recorded = &loaded.meeting(MEETING).expect("meeting").statements;
    assert!(recorded[0].nodes.is_empty(), "{:?}", recorded[0].nodes);
    let [link] = recorded[1].nodes.as_slice() else {
        panic!("one node link: {:?}", recorded[1].nodes);
    };
    let plan = loaded.plan(&link.plan).expect("the linked plan");
    let number = plan
        .flatten()
        .into_iter()
        .find(|f| f.node.id == link.node)
        .map(|f| f.number);
    // 「1」 typed finds the item printed 1 (or ①: full-width and circled digits fold).
    assert_eq!(
        number
            .as_deref()
            .map(kaikaku::search::fold::fold)
            .as_deref(),
        Some("1"),
        "the item typed by number"
    );
    check_passes(temp.path(), &workspace);
}

#[test]
fn material_and_page_chosen_and_pinned_come_back_after_kill_9() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    tui.press("\x1bM");
    tui.wait_for("次の発言の資料");
    tui.press("１\r");
    tui.wait_for("【資料1】");
    tui.press("\x1bP");
    tui.wait_for("資料のページ");
    tui.press("3\r");
    tui.wait_for("【資料1】 P3");
    tui.press("\x1bL");
    tui.wait_for("リンク［固定］");
    kill_9(&mut tui);
    drop(tui);

    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    let screen = wait_until(&tui, "the choice as it was", |s| {
        s.contains("【資料1】 P3") && s.contains("リンク［固定］")
    });
    assert!(screen.contains("項目 ^L: —"), "{screen}");
    assert!(
        screen.contains("→ 【資料1】P3 固定"),
        "beside the editor too:\n{screen}"
    );
    say(&mut tui, '8', "資料1の3ページを説明します。", 1);
    say(&mut tui, '2', "同じページについて伺います。", 2);
    tui.wait_for("【資料1】 P3");
    quit_from_meeting(&mut tui);
    for statement in statements(&workspace) {
        let refs: Vec<(String, Option<String>)> = statement
            .materials
            .into_iter()
            .map(|m| (m.material, m.page))
            .collect();
        assert_eq!(
            refs,
            [("資料1".to_string(), Some("3".to_string()))],
            "pinned: every statement"
        );
    }
    check_passes(temp.path(), &workspace);
}

#[test]
fn q_and_a_u_with_nothing_to_undo_type_in_the_list_and_ctrl_q_quits() {
    let (temp, workspace) = workspace_with_draft_meeting();
    let mut tui = Tui::start(temp.path(), &workspace);
    open_meeting(&mut tui);
    say(&mut tui, '1', "開会します。", 1);
    to_list(&mut tui);
    tui.press("q");
    wait_until(&tui, "q in the editor", |s| {
        editor_text(s).as_deref() == Some("q")
    });
    tui.press("uit");
    wait_until(&tui, "the word in the editor", |s| {
        editor_text(s).as_deref() == Some("quit")
    });
    // `u` in the list is typed like any letter (a word typed there never undoes).
    to_list(&mut tui);
    tui.press("u");
    wait_until(&tui, "u in the editor", |s| {
        editor_text(s).as_deref() == Some("quitu")
    });
    quit_from_meeting(&mut tui);
    assert_eq!(statements(&workspace).len(), 1);
    check_passes(temp.path(), &workspace);
}

/// The kill -9 suite for statement operations: the process is killed right after the key of
/// an operation (a merge confirmed, its undo, its redo), at a seeded moment; after the
/// restart the minutes are exactly the list before or exactly the list after, never a mix,
/// and what the screen showed done is never lost.
#[test]
fn kill_9_right_after_an_operation_leaves_one_whole_list() {
    let texts = ["開会します。", "第一の意見。", "第二の意見。"];
    let minutes = |merged: bool| -> Vec<String> {
        if merged {
            vec![texts[0].to_string(), format!("{}\n{}", texts[1], texts[2])]
        } else {
            texts.iter().map(|t| (*t).to_string()).collect()
        }
    };
    for seed in 0..3u64 {
        let mut rng = crate::common::Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x6f70);
        let (temp, workspace) = workspace_with_draft_meeting();
        let mut tui = Tui::start(temp.path(), &workspace);
        open_meeting(&mut tui);
        for (i, text) in texts.iter().enumerate() {
            say(&mut tui, '2', text, i + 1);
        }
        to_list(&mut tui);
        tui.press("k"); // s2, merged with s3
        tui.press("\x07");
        tui.wait_for("発言を結合しますか");
        // Seed 0 kills after the confirmation, 1 after its undo, 2 after the redo.
        let (last, before, after) = match seed % 3 {
            0 => ("y", minutes(false), minutes(true)),
            1 => {
                tui.press("y");
                wait_until(&tui, "the merge", |s| statement_count(s) == Some(2));
                ("\x1a", minutes(true), minutes(false))
            }
            _ => {
                tui.press("y");
                wait_until(&tui, "the merge", |s| statement_count(s) == Some(2));
                expect(&mut tui, "\x1a", "結合を元に戻しました", 3);
                ("\x19", minutes(false), minutes(true))
            }
        };
        tui.press(last);
        let pause = rng.below(6);
        std::thread::sleep(std::time::Duration::from_millis(
            u64::try_from(pause * 2).expect("ms"),
        ));
        let shown_done = statement_count(&tui.screen()) == Some(after.len());
        kill_9(&mut tui);
        drop(tui);

        let mut tui = Tui::start(temp.path(), &workspace);
        open_meeting(&mut tui);
        quit_from_meeting(&mut tui);
        let recorded: Vec<String> = statements(&workspace).into_iter().map(|s| s.text).collect();
        let context = format!("seed {seed}: killed {pause} ms after {last:?}");
        assert!(
            recorded == before || recorded == after,
            "{context}: {recorded:?} is neither {before:?} nor {after:?}"
        );
        if shown_done {
            assert_eq!(recorded, after, "{context}: shown done, then lost");
        }
        check_passes(temp.path(), &workspace);
    }
}

/// The link choice is the operator's: the room's window (`kaikaku present`) does not show it,
/// while the secretariat's screen does.
#[test]
fn the_audience_window_shows_no_link_choice() {
    use kaikaku::model::Language;
    use kaikaku::tui::{Command, Msg, dispatch};

    use crate::tui::{app_on, draw, text_of};

    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_on(&template, Language::Ja, true);
    dispatch(&mut app, Command::ShowMeeting);
    dispatch(&mut app, Command::ChooseMaterial);
    dispatch(&mut app, Msg::Paste("1".into()));
    dispatch(&mut app, Command::Submit);
    let operator = text_of(&draw(&mut app, 120, 40));
    assert!(operator.contains("【資料1】"), "{operator}");
    app.audience = true;
    let room = text_of(&draw(&mut app, 120, 40));
    assert!(
        !room.contains("【資料1】") && !room.contains("リンク"),
        "{room}"
    );
}

/// The node picker on the meeting screen: fits 80×24 and 160×48 in both languages, filters
/// as typed (「じんざい」 in hiragana finds 人材… titles), and Enter links the best hit.
#[test]
fn the_node_picker_fits_filters_and_links() {
    use kaikaku::tui::{Command, Msg, dispatch};

    use crate::tui::{LANGS, SIZES, app_on, assert_rows_fit, draw, lang_name, text_of};

    let (_temp, template) = workspace_with_draft_meeting();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        dispatch(&mut app, Command::ShowMeeting);
        dispatch(&mut app, Command::LinkNode);
        for c in "人材".chars() {
            dispatch(&mut app, Msg::Type(c));
        }
        for (width, height) in SIZES {
            let buffer = draw(&mut app, width, height);
            let name = format!("meeting_node_picker_{}_{width}x{height}", lang_name(lang));
            assert_rows_fit(&buffer, &name);
            let screen = text_of(&buffer);
            assert!(screen.contains("人材確保"), "{screen}");
            assert!(
                !screen.contains("組織・人づくり改革 "),
                "filtered:\n{screen}"
            );
            insta::assert_snapshot!(name, screen);
        }
        dispatch(&mut app, Command::Submit);
        assert!(app.dialog.is_none());
        let link = app
            .session
            .as_ref()
            .and_then(|s| s.links.node.clone())
            .expect("linked");
        let title = app
            .core
            .workspace
            .plan(&link.plan)
            .and_then(|p| p.node(&link.node))
            .map(|n| n.title.clone());
        assert_eq!(title.as_deref(), Some("人材確保"), "the best hit");
    }
}

/// Ctrl-L while a statement is corrected relinks that statement (not the next one), and
/// committing the correction keeps the new link.
#[test]
fn ctrl_l_during_a_correction_relinks_the_corrected_statement() {
    use kaikaku::model::Language;
    use kaikaku::tui::dialog::{Dialog, LinkTarget};
    use kaikaku::tui::{Command, Msg, dispatch};

    use crate::tui::app_on;

    let (_temp, template) = workspace_with_draft_meeting();
    let (_copy, mut app) = app_on(&template, Language::En, false);
    dispatch(&mut app, Command::ShowMeeting);
    dispatch(&mut app, Msg::Speaker('2'));
    dispatch(&mut app, Msg::Paste("人材確保について".into()));
    dispatch(&mut app, Command::CommitStatement);
    dispatch(&mut app, Command::CommandMode);
    dispatch(&mut app, Command::EditStatement);
    dispatch(&mut app, Command::LinkNode);
    let Some(Dialog::NodePicker(picker)) = &app.dialog else {
        panic!("the picker is open: {:?}", app.dialog);
    };
    assert_eq!(picker.target, LinkTarget::Statement("s1".into()));
    for c in "人材確保".chars() {
        dispatch(&mut app, Msg::Type(c));
    }
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Msg::Paste("（訂正）".into()));
    dispatch(&mut app, Command::CommitStatement);
    let recorded = &app
        .core
        .workspace
        .meeting(MEETING)
        .expect("meeting")
        .statements;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].text, "人材確保について（訂正）");
    assert_eq!(recorded[0].nodes.len(), 1, "{:?}", recorded[0].nodes);
    let session = app.session.as_ref().expect("session");
    assert!(
        session.links.node.is_none(),
        "the next statement's choice untouched"
    );
}
