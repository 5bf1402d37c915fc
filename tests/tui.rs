//! Whole-app snapshots of every TUI screen through ratatui's `TestBackend`, driven by the same
//! `Command`s and `Msg`s the keys produce, on a copy of the sample workspace; plus edge sizes and the
//! sanitiser (no control or bidi character from the data may reach a buffer cell).

use std::path::Path;

use kaikaku::model::{Language, sanitize::is_unsafe_char};
use kaikaku::store::Workspace;
use kaikaku::tui::app::Screen;
use kaikaku::tui::dialog::{Choice, Dialog, InputPurpose, LineInput};
use kaikaku::tui::view::view;
use kaikaku::tui::{App, Command, Msg, Options, dispatch};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::common::{copy_dir, sample_workspace};

pub(crate) const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
pub(crate) const LANGS: [Language; 2] = [Language::Ja, Language::En];

pub(crate) fn lang_name(lang: Language) -> &'static str {
    match lang {
        Language::Ja => "ja",
        Language::En => "en",
    }
}

/// A fresh copy of the sample workspace, loaded into an app. The origin (a temp path) is
/// replaced so that the status bar is the same on every machine.
pub(crate) fn app_on(template: &Path, lang: Language, presenter: bool) -> (tempfile::TempDir, App) {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("ws");
    copy_dir(template, &dir);
    let mut workspace = Workspace::load(&dir).expect("sample workspace loads");
    assert!(
        workspace.load_errors.is_empty(),
        "{:?}",
        workspace.load_errors
    );
    workspace.origin = "sample".into();
    let options = Options {
        lang: Some(lang),
        presenter,
        no_color: true,
        ..Options::default()
    };
    (temp, App::new(workspace, options))
}

pub(crate) fn run<M: Into<Msg>>(app: &mut App, msgs: impl IntoIterator<Item = M>) {
    for msg in msgs {
        dispatch(app, msg);
    }
}

pub(crate) fn type_text(app: &mut App, text: &str) {
    run(app, text.chars().map(Msg::Type));
}

/// Draws one frame and returns what the view drew. That must also be what reached the
/// terminal: the diff skips the cell under a wide character's second half, so anything drawn
/// there (a dialog border next to CJK text) would silently be lost.
pub(crate) fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    dispatch(app, Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let drawn = terminal
        .draw(|frame| view(app, frame))
        .expect("draw")
        .buffer
        .clone();
    let shown = terminal.backend().buffer();
    for (index, (a, b)) in drawn.content.iter().zip(&shown.content).enumerate() {
        assert_eq!(
            a.symbol(),
            b.symbol(),
            "cell {index} was drawn but not sent to the terminal\n{}",
            text_of(&drawn)
        );
    }
    drawn
}

/// The buffer as text, one line per row, wide characters once (their continuation cell is
/// skipped). A continuation cell that holds anything but a blank means something was drawn
/// over half of a wide character: that is reported in the text, so a snapshot shows it.
/// Colours are off (`no_color`), so the selection is reverse video: rows holding it end with
/// `  ◀ reversed a..b` (the columns), so snapshots show where the cursor is.
pub(crate) fn text_of(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let mut out = String::new();
    if width == 0 {
        return out;
    }
    for (y, cells) in buffer.content.chunks(width).enumerate() {
        let mut line = String::new();
        let mut hidden = Vec::new();
        let mut skip = 0usize;
        for (x, cell) in cells.iter().enumerate() {
            let symbol = cell.symbol();
            if skip == 0 {
                line.push_str(symbol);
            } else if !symbol.trim().is_empty() {
                hidden.push((x, symbol.to_string()));
            }
            skip = skip.max(unicode_width(symbol)).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        let reversed: Vec<usize> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.modifier.contains(Modifier::REVERSED))
            .map(|(x, _)| x)
            .collect();
        if let (Some(first), Some(last)) = (reversed.first(), reversed.last()) {
            out.push_str(&format!("  ◀ reversed {first}..{last}"));
        }
        if !hidden.is_empty() {
            out.push_str(&format!("  <<row {y}: hidden by wide chars: {hidden:?}>>"));
        }
        out.push('\n');
    }
    out
}

fn unicode_width(symbol: &str) -> usize {
    kaikaku::text::width(symbol)
}

/// Every buffer row must occupy exactly the terminal width: a CJK character pushed past the
/// edge or split in two would change it.
pub(crate) fn assert_rows_fit(buffer: &Buffer, name: &str) {
    let width = usize::from(buffer.area.width);
    if width == 0 {
        return;
    }
    for (y, cells) in buffer.content.chunks(width).enumerate() {
        let mut columns = 0;
        let mut skip = 0usize;
        for cell in cells {
            if skip == 0 {
                columns += unicode_width(cell.symbol()).max(1);
            }
            skip = skip.max(unicode_width(cell.symbol())).saturating_sub(1);
        }
        assert_eq!(columns, width, "{name}: row {y} is {columns} columns wide");
    }
}

/// Renders the app at every size and snapshots the text as `{name}_{lang}_{w}x{h}`.
pub(crate) fn snapshot_each_size(app: &mut App, name: &str) {
    for (width, height) in SIZES {
        let buffer = draw(app, width, height);
        let snapshot = format!("{name}_{}_{width}x{height}", lang_name(app.core.lang));
        assert_rows_fit(&buffer, &snapshot);
        insta::assert_snapshot!(snapshot, text_of(&buffer));
    }
}

/// For each language: a fresh app, `setup`, then snapshots at both sizes.
pub(crate) fn snapshot_screen(name: &str, presenter: bool, setup: impl Fn(&mut App)) {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, presenter);
        setup(&mut app);
        snapshot_each_size(&mut app, name);
    }
}

/// Walks down the tree with the expand key (expand, then step into the first child) until a
/// leaf: the first node of the deepest level, four levels down in the sample.
fn select_deepest_node(app: &mut App) {
    for _ in 0..20 {
        let row = app.tree_rows()[app.tree.cursor].clone();
        if !row.has_children {
            assert!(row.depth >= 3, "the sample tree has four levels");
            return;
        }
        dispatch(app, Command::Expand);
    }
    panic!("no leaf reached");
}

/// Enters an actual for FY2024 on the first indicator of the current plan, as the keys do.
fn enter_actual(app: &mut App, value: &str) {
    run(app, [Command::ShowKpi, Command::Top, Command::EditActual]);
    type_text(app, value);
    dispatch(app, Command::Submit);
}

#[test]
fn dashboard() {
    snapshot_screen("dashboard", false, |_| {});
}

#[test]
fn plan_tree() {
    snapshot_screen("tree", false, |app| dispatch(app, Command::ShowTree));
}

#[test]
fn plan_tree_detail_of_a_deep_node() {
    snapshot_screen("tree_deep_detail", false, |app| {
        dispatch(app, Command::ShowTree);
        select_deepest_node(app);
    });
}

#[test]
fn plan_tree_filtered_by_department() {
    snapshot_screen("tree_filter_department", false, |app| {
        // The choice lists the departments in settings order: 総務局, 政策局, ...
        run(
            app,
            [
                Command::ShowTree,
                Command::FilterDepartment,
                Command::Down,
                Command::Submit,
            ],
        );
        let rows = app.tree_rows();
        assert!(!rows.is_empty() && rows.len() < 50, "{} rows", rows.len());
    });
}

#[test]
fn kpi_view_with_an_actual() {
    snapshot_screen("kpi_actual", false, |app| {
        assert_eq!(app.core.year.0, 2024, "the sample cycle is FY2024");
        assert_eq!(
            app.plan().expect("plan").id,
            "kumamoto-reform-plan-2027",
            "the start plan is the one whose period holds FY2024"
        );
        enter_actual(app, "5.1");
        let indicator = app.selected_indicator().expect("selected");
        let actual = indicator
            .actual(kaikaku::model::FiscalYear(2024))
            .expect("actual saved");
        assert_eq!(actual.value.to_string(), "5.1");
    });
}

#[test]
fn kpi_view_of_a_group_indicator_in_stage_3() {
    snapshot_screen("kpi_group_stage3", false, |app| {
        run(app, [Command::NextPlan, Command::ShowKpi]);
        assert_eq!(app.plan().expect("plan").id, "kumamoto-reform-plan-2023");
        let group = app
            .kpi_rows()
            .iter()
            .position(|(_, i)| !i.parts.is_empty())
            .expect("stage 3 has a group indicator");
        for _ in 0..group {
            dispatch(app, Command::Down);
        }
        assert!(!app.selected_indicator().expect("selected").parts.is_empty());
    });
}

#[test]
fn help_overlay() {
    snapshot_screen("help", false, |app| dispatch(app, Command::ToggleHelp));
}

#[test]
fn palette_with_a_japanese_query() {
    snapshot_screen("palette_ja_query", false, |app| {
        dispatch(app, Command::OpenPalette);
        type_text(app, "窓口");
    });
}

#[test]
fn palette_with_an_english_query() {
    snapshot_screen("palette_en_query", false, |app| {
        dispatch(app, Command::OpenPalette);
        type_text(app, "welfare");
    });
}

#[test]
fn input_dialog_with_an_error() {
    snapshot_screen("input_error", false, |app| {
        enter_actual(app, "abc");
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput { error: Some(_), .. }))
        ));
    });
}

#[test]
fn target_dialog_then_its_reason() {
    snapshot_screen("target_input", false, |app| {
        run(app, [Command::ShowKpi, Command::SetTarget]);
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput {
                purpose: InputPurpose::Target { .. },
                ..
            }))
        ));
    });
    snapshot_screen("target_reason", false, |app| {
        run(app, [Command::ShowKpi, Command::SetTarget]);
        if let Some(Dialog::Input(input)) = app.dialog.as_mut() {
            input.text.clear();
            input.cursor = 0;
        }
        type_text(app, "調整中");
        // The target year and the planned values keep what they are.
        run(app, [Command::Submit, Command::Submit, Command::Submit]);
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput {
                purpose: InputPurpose::Reason { .. },
                ..
            }))
        ));
        type_text(app, "委員会の意見を踏まえ再検討");
    });
}

#[test]
fn retire_dialog_asks_the_reason() {
    snapshot_screen("retire_reason", false, |app| {
        run(app, [Command::ShowTree, Command::Down, Command::RetireNode]);
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput {
                purpose: InputPurpose::Reason { .. },
                ..
            }))
        ));
        type_text(app, "他の取組に統合");
    });
}

#[test]
fn add_item_dialog() {
    snapshot_screen("add_node_title", false, |app| {
        run(app, [Command::ShowTree, Command::AddNode]);
        assert!(matches!(
            app.dialog,
            Some(Dialog::Input(LineInput {
                purpose: InputPurpose::NewNode { .. },
                ..
            }))
        ));
        type_text(app, "デジタル人材の確保");
    });
}

#[test]
fn move_parent_choice() {
    snapshot_screen("move_parent_choice", false, |app| {
        run(app, [Command::ShowTree, Command::Down, Command::MoveNode]);
        assert!(matches!(app.dialog, Some(Dialog::Choice(_))));
    });
}

#[test]
fn status_choice() {
    snapshot_screen("status_choice", false, |app| {
        run(app, [Command::ShowTree, Command::Down, Command::SetStatus]);
        assert!(matches!(app.dialog, Some(Dialog::Choice(_))));
    });
}

#[test]
fn confirm_dialog() {
    snapshot_screen("confirm_delete_actual", false, |app| {
        enter_actual(app, "5.1");
        dispatch(app, Command::DeleteActual);
        assert!(matches!(app.dialog, Some(Dialog::Confirm(_))));
    });
}

#[test]
fn description_editor() {
    snapshot_screen("editor_description", false, |app| {
        run(
            app,
            [Command::ShowTree, Command::Down, Command::EditDescription],
        );
        assert!(matches!(app.dialog, Some(Dialog::Editor(_))));
    });
}

#[test]
fn review_queue() {
    snapshot_screen("review", false, |app| {
        run(app, [Command::ShowReview, Command::Down]);
        assert_eq!(app.screen, Screen::Review);
        assert_eq!(
            app.selected_comment().map(|c| c.statement),
            Some("s7".to_string())
        );
    });
}

#[test]
fn review_response_dialog() {
    snapshot_screen("review_status_choice", false, |app| {
        run(app, [Command::ShowReview, Command::ToggleExpand]);
        assert!(matches!(app.dialog, Some(Dialog::Choice(_))));
    });
    snapshot_screen("review_policy_input", false, |app| {
        // s3 is 検討中 in the sample: the choice starts there, the input holds its policy.
        run(
            app,
            [
                Command::ShowReview,
                Command::ToggleExpand,
                Command::Down,
                Command::Submit,
            ],
        );
        assert!(matches!(app.dialog, Some(Dialog::Input(LineInput { .. }))));
    });
    snapshot_screen("review_department_choice", false, |app| {
        run(
            app,
            [
                Command::ShowReview,
                Command::ToggleExpand,
                Command::Down,
                Command::Submit,
                Command::Submit,
            ],
        );
        assert!(matches!(app.dialog, Some(Dialog::Choice(_))));
    });
}

/// Enter → status → text → Enter saves at once: the file on disk has the step and the
/// comment moves to "answered since the last meeting".
#[test]
fn review_dialog_saves_a_response() {
    let (_temp, template) = sample_workspace();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    let root = app.core.workspace.root.clone().expect("writable");
    run(
        &mut app,
        [
            Command::ShowReview,
            Command::Down,
            Command::ToggleExpand,
            Command::Down,
        ],
    );
    dispatch(&mut app, Command::Submit);
    type_text(&mut app, "窓口応対の研修を実施する");
    dispatch(&mut app, Command::Submit);
    // The department comes last: the list starts on "keep"; the first department is below.
    let Some(Dialog::Choice(Choice { options, .. })) = &app.dialog else {
        panic!("a department choice, not {:?}", app.dialog);
    };
    assert_eq!(options[0].0, "", "the first option keeps the department");
    assert_eq!(options[1].0, "somu");
    run(&mut app, [Command::Down]);
    dispatch(&mut app, Command::Submit);
    assert!(app.dialog.is_none());
    let reloaded = Workspace::load(&root).expect("reloads");
    let response = reloaded
        .responses("2021-03-22-kaikaku-suishin-1")
        .and_then(|f| f.response("s7"))
        .expect("s7 response");
    assert_eq!(
        response.status(),
        kaikaku::model::response::ResponseStatus::Considering
    );
    assert_eq!(response.policy(), "窓口応対の研修を実施する");
    assert_eq!(response.department.as_deref(), Some("somu"));
    // A new step that keeps the department (Enter on the first option) keeps "somu".
    run(&mut app, [Command::Top]);
    for _ in 0..20 {
        if app.selected_comment().is_some_and(|c| c.statement == "s7") {
            break;
        }
        run(&mut app, [Command::Down]);
    }
    assert_eq!(
        app.selected_comment().map(|c| c.statement).as_deref(),
        Some("s7")
    );
    run(&mut app, [Command::ToggleExpand, Command::Down]);
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Submit);
    assert!(app.dialog.is_none());
    let reloaded = Workspace::load(&root).expect("reloads");
    let response = reloaded
        .responses("2021-03-22-kaikaku-suishin-1")
        .and_then(|f| f.response("s7"))
        .expect("s7 response");
    assert_eq!(
        response.status(),
        kaikaku::model::response::ResponseStatus::Done
    );
    assert_eq!(response.department.as_deref(), Some("somu"));
    let queue = app.review_queue();
    assert!(queue.answered.iter().any(|c| c.statement == "s7"));

    // 対応済 with an empty text is refused and the dialog returns to the text with the reason.
    run(&mut app, [Command::Top, Command::Down, Command::Down]);
    let statement = app.selected_comment().expect("selected").statement;
    run(
        &mut app,
        [Command::ToggleExpand, Command::Down, Command::Down],
    );
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Submit);
    dispatch(&mut app, Command::Submit);
    assert!(
        matches!(
            &app.dialog,
            Some(Dialog::Input(LineInput { error: Some(e), .. })) if e.contains("対応方針がありません")
        ),
        "{statement}: {:?}",
        app.dialog
    );
}

#[test]
fn presenter_theme() {
    snapshot_screen("presenter_dashboard", true, |_| {});
    snapshot_screen("presenter_tree", true, |app| {
        dispatch(app, Command::ShowTree);
    });
    snapshot_screen("presenter_kpi", true, |app| enter_actual(app, "5.1"));
}

#[test]
fn presenter_theme_toggles_by_action() {
    let (_temp, template) = sample_workspace();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    dispatch(&mut app, Command::TogglePresenter);
    assert!(app.presenter);
    let toggled = text_of(&draw(&mut app, 80, 24));
    let (_copy, mut started) = app_on(&template, Language::Ja, true);
    assert_eq!(toggled, text_of(&draw(&mut started, 80, 24)));
}

#[test]
fn terminal_too_small() {
    let (_temp, template) = sample_workspace();
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        let text = text_of(&draw(&mut app, 20, 5));
        insta::assert_snapshot!(format!("too_small_{}_20x5", lang_name(lang)), text);
    }
}

/// Zero and tiny areas, on every screen and overlay, must never panic.
#[test]
fn zero_and_tiny_areas_do_not_panic() {
    let (_temp, template) = sample_workspace();
    let (_copy, mut app) = app_on(&template, Language::Ja, false);
    let setups: Vec<Vec<Msg>> = vec![
        vec![],
        vec![Msg::Command(Command::ShowTree)],
        vec![Msg::Command(Command::ShowKpi)],
        vec![Msg::Command(Command::ToggleHelp)],
        vec![Msg::Command(Command::OpenPalette), Msg::Type('窓')],
        vec![
            Msg::Command(Command::ShowKpi),
            Msg::Command(Command::EditActual),
            Msg::Type('x'),
            Msg::Command(Command::Submit),
        ],
        vec![
            Msg::Command(Command::ShowTree),
            Msg::Command(Command::SetStatus),
        ],
        vec![
            Msg::Command(Command::ShowTree),
            Msg::Command(Command::EditTitle),
        ],
    ];
    for setup in setups {
        dispatch(&mut app, Msg::Command(Command::Cancel));
        run(&mut app, setup);
        for presenter in [false, true] {
            app.presenter = presenter;
            for (width, height) in [
                (0, 0),
                (1, 1),
                (0, 24),
                (80, 0),
                (20, 5),
                (39, 9),
                (40, 10),
                (41, 11),
                (200, 3),
            ] {
                draw(&mut app, width, height);
            }
        }
    }
    let buffer = draw(&mut app, 0, 0);
    assert_eq!(text_of(&buffer), "");
}

/// Characters a hostile or broken file could carry, each of which must never be emitted.
pub const HOSTILE: &str = "悪意\u{1b}[31m赤\u{1b}]52;c;ZXZpbA==\u{7}クリップ\u{9b}2J\u{7f}削除\u{202e}逆\u{2066}隔離\u{2069}\u{200b}幅\u{feff}終\u{e0041}タグ\u{2028}行\u{0}";

/// Puts hostile text into every field the screens show: plan title, a node's title and
/// description (deep in the tree), an indicator's name, unit and note, a department name.
pub fn poison(dir: &Path) {
    let mut workspace = Workspace::load(dir).expect("load");
    let plan_id = "kumamoto-reform-plan-2027";
    let mut plan = workspace.plan(plan_id).expect("plan").clone();
    plan.title = format!("プラン{HOSTILE}");
    let first = plan.nodes[0].id.clone();
    let node = plan.node_mut(&first).expect("node");
    node.title = format!("方針{HOSTILE}");
    node.description = format!("説明{HOSTILE}\n二行目{HOSTILE}");
    // The node the tree test selects: the first leaf under the first node.
    let deep_id = {
        let mut node = &plan.nodes[0];
        while let Some(child) = node.children.first() {
            node = child;
        }
        node.id.clone()
    };
    let deep = plan.node_mut(&deep_id).expect("deep node");
    deep.title = format!("取組{HOSTILE}");
    deep.description = format!("詳細{HOSTILE}");
    deep.set_status(kaikaku::model::StatusEntry {
        year: kaikaku::model::FiscalYear(2024),
        status: "on_plan".into(),
        note: Some(format!("備考{HOSTILE}")),
    });
    let indicator_id = plan
        .top_indicators()
        .first()
        .map(|(_, i)| i.id.clone())
        .expect("indicator");
    let indicator = plan.indicator_mut(&indicator_id).expect("indicator");
    indicator.name = format!("指標{HOSTILE}");
    indicator.unit = format!("倍{}", '\u{202e}');
    indicator.note = Some(format!("注{HOSTILE}"));
    workspace.save_plan(plan).expect("save poisoned plan");
    let settings = &mut workspace.settings.as_mut().expect("settings").value;
    settings.departments[1].name = format!("政策局{HOSTILE}");
    settings.departments[1].name_en = Some(format!("Policy{HOSTILE}"));
    workspace.save_settings().expect("save poisoned settings");
    // A response policy and a comment from the minutes, for the review screen.
    let meeting_id = "2021-03-22-kaikaku-suishin-1";
    let mut meeting = workspace.meeting(meeting_id).expect("meeting").clone();
    if let Some(statement) = meeting.statements.iter_mut().find(|s| s.id == "s3") {
        statement.text = format!("意見{HOSTILE}");
    }
    // Written by hand: the sample minutes are published, and the store refuses to change them.
    let text = kaikaku::store::canonical::to_canonical(&meeting).expect("poisoned meeting");
    std::fs::write(dir.join(format!("minutes/{meeting_id}.ron")), text)
        .expect("save poisoned meeting");
    let mut responses = workspace.responses(meeting_id).expect("responses").clone();
    if let Some(response) = responses.response_mut("s3") {
        response.history[0].policy = format!("方針{HOSTILE}");
    }
    workspace
        .save_responses(responses)
        .expect("save poisoned responses");
}

fn assert_clean(buffer: &Buffer, name: &str) {
    for (index, cell) in buffer.content.iter().enumerate() {
        let bad: Vec<char> = cell
            .symbol()
            .chars()
            .filter(|&c| is_unsafe_char(c))
            .collect();
        assert!(
            bad.is_empty(),
            "{name}: cell {index} holds {bad:?}\n{}",
            text_of(buffer)
        );
    }
}

/// Messages that set a screen up, made afresh for each round (messages are not `Clone`).
type Setup = fn() -> Vec<Msg>;

#[test]
fn hostile_text_never_reaches_a_buffer_cell() {
    let (_temp, template) = sample_workspace();
    poison(&template);
    for lang in LANGS {
        let (_copy, mut app) = app_on(&template, lang, false);
        let setups: Vec<(&str, Setup)> = vec![
            ("dashboard", || vec![]),
            ("tree", || vec![Msg::Command(Command::ShowTree)]),
            ("tree_deep", || vec![Msg::Command(Command::ShowTree)]),
            ("kpi", || {
                vec![Msg::Command(Command::ShowKpi), Msg::Command(Command::Top)]
            }),
            ("help", || vec![Msg::Command(Command::ToggleHelp)]),
            ("review", || {
                vec![
                    Msg::Command(Command::ShowReview),
                    Msg::Command(Command::Top),
                ]
            }),
            ("review_input", || {
                vec![
                    Msg::Command(Command::ShowReview),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::ToggleExpand),
                    Msg::Command(Command::Submit),
                ]
            }),
            ("palette", || vec![Msg::Command(Command::OpenPalette)]),
            ("palette_query", || {
                vec![Msg::Command(Command::OpenPalette), Msg::Type('悪')]
            }),
            ("input", || {
                vec![
                    Msg::Command(Command::ShowKpi),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::EditActual),
                ]
            }),
            ("status", || {
                vec![
                    Msg::Command(Command::ShowTree),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::SetStatus),
                ]
            }),
            ("title_editor", || {
                vec![
                    Msg::Command(Command::ShowTree),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::EditTitle),
                ]
            }),
            ("description_editor", || {
                vec![
                    Msg::Command(Command::ShowTree),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::EditDescription),
                ]
            }),
            ("paste", || {
                vec![
                    Msg::Command(Command::ShowKpi),
                    Msg::Command(Command::Top),
                    Msg::Command(Command::EditActual),
                    Msg::Paste(HOSTILE.into()),
                ]
            }),
        ];
        for (name, setup) in setups {
            for presenter in [false, true] {
                dispatch(&mut app, Msg::Command(Command::Cancel));
                app.presenter = presenter;
                run(&mut app, setup());
                if name == "tree_deep" {
                    app.screen = Screen::Tree;
                    app.tree.cursor = 0;
                    select_deepest_node(&mut app);
                    let selected = app.selected_node().expect("node");
                    assert!(
                        selected.title.contains('\u{1b}'),
                        "the deep node is poisoned"
                    );
                }
                for (width, height) in SIZES {
                    let buffer = draw(&mut app, width, height);
                    assert_clean(&buffer, name);
                }
            }
        }
        // The poisoned text is shown, with visible placeholders.
        dispatch(&mut app, Command::Cancel);
        run(&mut app, [Command::ShowTree, Command::Top]);
        let text = text_of(&draw(&mut app, 160, 48));
        assert!(text.contains("方針悪意␛[31m赤"), "{text}");
    }
}

/// The presenter window re-reads only what changed: nothing when no file changed, the live
/// journal of the shown meeting when it grew, the whole workspace when a data file changed.
#[test]
fn presenter_reloads_only_what_changed() {
    use kaikaku::store::journal::{Entry, Journal};
    use kaikaku::tui::present::{Shown, Watch, follow, reload};

    let (_temp, template) = sample_workspace();
    let (copy, mut app) = app_on(&template, Language::Ja, true);
    let root = copy.path().join("ws");
    app.audience = true;
    let mut watch = Watch::before_load(&root);
    let meeting_id = app.core.workspace.meetings[0].value.id.clone();
    let saved_count = app.core.workspace.meetings[0].value.statements.len();

    // Nothing changed on disk: the in-memory state is not replaced (a marker survives).
    app.core.workspace.plans[0].value.title = "marker".into();
    reload(&mut app, &root, &mut watch);
    assert_eq!(app.core.workspace.plans[0].value.title, "marker");

    // The writer commits a statement to the journal: the presenter shows it.
    let shown = Shown {
        screen: "meeting".into(),
        meeting: Some(meeting_id.clone()),
        year: app.core.year.0,
        ..Shown::default()
    };
    follow(&mut app, &shown);
    let mut statement = app.core.workspace.meetings[0].value.statements[0].clone();
    statement.id = "s-live".into();
    statement.text = "会場からの新しい発言".into();
    let (mut journal, _) = Journal::open(&root, &meeting_id).expect("journal");
    journal
        .append(&Entry::Statement(statement))
        .expect("append");
    journal.sync().expect("sync");
    reload(&mut app, &root, &mut watch);
    let meeting = app.core.workspace.meeting(&meeting_id).expect("meeting");
    assert_eq!(meeting.statements.len(), saved_count + 1);
    assert_eq!(
        meeting.statements.last().map(|s| s.text.as_str()),
        Some("会場からの新しい発言")
    );
    // Only the meeting was re-read; the plan still carries the marker.
    assert_eq!(app.core.workspace.plans[0].value.title, "marker");
    // A second poll with nothing new replays nothing twice.
    reload(&mut app, &root, &mut watch);
    let meeting = app.core.workspace.meeting(&meeting_id).expect("meeting");
    assert_eq!(meeting.statements.len(), saved_count + 1);

    // A plan saved by the writer: the whole workspace is re-read, the journal replayed on it.
    let mut writer = Workspace::load(&root).expect("load");
    let mut plan = writer.plans[0].value.clone();
    plan.title = "改訂後の計画".into();
    writer.save_plan(plan).expect("save");
    reload(&mut app, &root, &mut watch);
    assert_eq!(app.core.workspace.plans[0].value.title, "改訂後の計画");
    let meeting = app.core.workspace.meeting(&meeting_id).expect("meeting");
    assert_eq!(meeting.statements.len(), saved_count + 1);
    assert!(app.core.workspace.is_read_only());
}

/// The command a key press produces in the app's current focus.
fn command_of(
    app: &App,
    code: crossterm::event::KeyCode,
    modifiers: crossterm::event::KeyModifiers,
) -> Option<Command> {
    let event = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(code, modifiers));
    kaikaku::tui::events::msg_for(app, event).and_then(|msg| msg.command())
}

#[test]
fn every_keymap_layer_is_overridable_and_focus_picks_the_layer() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use kaikaku::tui::app::Focus;
    let (_temp, template) = sample_workspace();
    let (_copy, mut app) = app_on(&template, Language::En, false);
    app.keymap = kaikaku::tui::keymap::Keymap::with_overrides(
        "{\"meeting.x\": delete_statement, \"typing.ctrl-s\": commit_statement}",
    )
    .expect("keymap");
    let x = KeyCode::Char('x');
    assert_eq!(app.focus(), Focus::Screen(Screen::Dashboard));
    assert_eq!(
        command_of(&app, x, KeyModifiers::NONE),
        Some(Command::DeleteActual)
    );
    dispatch(&mut app, Command::ShowMeeting);
    // The sample's minutes are confirmed: meeting mode opens on the statement list.
    assert_eq!(app.focus(), Focus::MeetingList);
    assert_eq!(
        command_of(&app, x, KeyModifiers::NONE),
        Some(Command::DeleteStatement)
    );
    // Typing (a draft would open so): an unbound printable key types; the overridden chord
    // commits.
    app.session.as_mut().expect("session").typing = true;
    assert_eq!(app.focus(), Focus::MeetingTyping);
    assert_eq!(command_of(&app, x, KeyModifiers::NONE), None);
    assert_eq!(
        command_of(&app, KeyCode::Char('s'), KeyModifiers::CONTROL),
        Some(Command::CommitStatement)
    );
    assert_eq!(
        command_of(&app, KeyCode::Enter, KeyModifiers::CONTROL),
        Some(Command::CommitStatement),
        "Enter with a stray Ctrl still commits"
    );
    app.session.as_mut().expect("session").typing = false;
    // Keys the meeting layer leaves alone keep their screen meaning there.
    assert_eq!(
        command_of(&app, KeyCode::Char('?'), KeyModifiers::NONE),
        Some(Command::ToggleHelp)
    );
    dispatch(&mut app, Command::ToggleHelp);
    assert_eq!(
        app.focus(),
        Focus::Dialog(kaikaku::tui::app::DialogKind::Help)
    );
}
