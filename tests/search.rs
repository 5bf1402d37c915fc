//! `kaikaku search` end to end: the real binary on the sample workspace, with statements
//! about 商業施設 and テレワーク recorded at its meeting.

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};
use kaikaku::model::{Statement, StatementKind};
use kaikaku::store::Workspace;

const MINUTES: &str = "2021-03-22-kaikaku-suishin-1";

fn statement(id: &str, speaker: &str, text: &str) -> Statement {
    Statement::new(id, speaker, StatementKind::Opinion, text)
}

/// The sample with two more statements in its minutes. The sample minutes are published,
/// so the store refuses to change them: the file is written by hand, as a city importing
/// older minutes would have them.
pub(crate) fn workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, dir) = sample_workspace();
    let workspace = Workspace::load(&dir).expect("sample loads");
    let mut meeting = workspace.meeting(MINUTES).expect("sample minutes").clone();
    meeting.statements.push(statement(
        "x1",
        "kato",
        "土日も申請できるよう、大型商業施設での出張受付を広げてはどうか。",
    ));
    meeting.statements.push(statement(
        "x2",
        "yahata",
        "ﾃﾚﾜｰｸを実施しやすい環境づくりを、職員の声を聞きながら進めてほしい。",
    ));
    let text = kaikaku::store::canonical::to_canonical(&meeting).expect("canonical");
    std::fs::write(dir.join("minutes").join(format!("{MINUTES}.ron")), text).expect("saved");
    (temp, dir)
}

#[test]
fn a_statement_is_found_by_its_words_with_its_speaker() {
    let (temp, dir) = workspace();
    let output = run(kaikaku(temp.path()).arg("--workspace").arg(&dir).args([
        "--lang",
        "ja",
        "search",
        "商業施設",
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.starts_with("発言"))
        .unwrap_or_else(|| panic!("a statement line: {text}"));
    assert!(line.contains("加藤委員"), "{text}");
    assert!(line.contains("第1回熊本市市役所改革推進委員会"), "{text}");
    assert!(text.contains("大型[商業施設]での出張受付"), "{text}");

    let output = run(kaikaku(temp.path()).arg("--workspace").arg(&dir).args([
        "search",
        "商業施設",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let hit = &json["hits"][0];
    assert_eq!(hit["kind"], "statement");
    assert_eq!(hit["target"]["meeting"], MINUTES);
    assert_eq!(hit["target"]["statement"], "x1");
    assert_eq!(hit["speaker"], "加藤委員");
}

#[test]
fn telework_finds_the_statements_and_the_kpi() {
    let (temp, dir) = workspace();
    let output = run(kaikaku(temp.path()).arg("--workspace").arg(&dir).args([
        "search",
        "テレワーク",
        "--format",
        "json",
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let hits = json["hits"].as_array().expect("hits");
    let kinds: Vec<&str> = hits.iter().filter_map(|h| h["kind"].as_str()).collect();
    assert!(kinds.contains(&"kpi"), "{kinds:?}");
    assert!(kinds.contains(&"node"), "{kinds:?}");
    // Written in half-width katakana, found by the full-width query.
    let said = hits
        .iter()
        .find(|h| h["kind"] == "statement")
        .expect("the statement");
    assert_eq!(said["speaker"], "八幡委員");
    // --kind and --limit narrow it; the total still counts every hit.
    let output = run(kaikaku(temp.path()).arg("--workspace").arg(&dir).args([
        "--lang",
        "en",
        "search",
        "てれわーく",
        "--kind",
        "kpi",
        "--limit",
        "1",
    ]));
    let text = stdout(&output);
    assert!(text.starts_with("\"てれわーく\": 1 result\n"), "{text}");
    assert!(text.contains("KPI"), "{text}");
    assert!(
        text.contains("テレワークを実施しやすいと感じる職員"),
        "{text}"
    );
}

#[test]
fn nothing_found_says_so_and_succeeds() {
    let (temp, dir) = workspace();
    let output = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&dir)
        .args(["--lang", "en", "search", "zzzzqqq"]));
    assert!(output.status.success());
    assert!(stdout(&output).contains("0 results"));
    assert!(stdout(&output).contains("hint:"));
}

/// The palette finds a statement by its words and opens its meeting at it.
#[test]
fn the_palette_opens_a_statement_found_by_its_words() {
    use crate::tui::{app_on, draw, text_of, type_text};
    use kaikaku::model::Language;
    use kaikaku::tui::app::Screen;
    use kaikaku::tui::{Command, dispatch};

    let (_temp, dir) = workspace();
    let (_copy, mut app) = app_on(&dir, Language::Ja, false);
    dispatch(&mut app, Command::OpenPalette);
    type_text(&mut app, "商業施設");
    let buffer = draw(&mut app, 80, 24);
    let screen = text_of(&buffer);
    insta::assert_snapshot!("palette_statement_ja_80x24", screen);
    assert!(screen.contains("発言"), "{screen}");
    assert!(screen.contains("加藤委員"), "{screen}");
    assert!(screen.contains("商業施設"), "{screen}");
    dispatch(&mut app, Command::Submit);
    assert_eq!(app.screen, Screen::Meeting);
    let session = app.session.as_ref().expect("the meeting is open");
    assert_eq!(session.meeting_id, MINUTES);
    let meeting = app.core.workspace.meeting(MINUTES).expect("minutes");
    assert_eq!(meeting.statements[session.selected].id, "x1");
    assert!(
        !session.typing,
        "the found statement is shown, not the editor"
    );
}
