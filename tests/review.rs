//! Responses to committee comments: the store (strict loading, located problems, canonical
//! saves that never overwrite a broken file), `kaikaku respond` and `kaikaku review`.

use std::fs;

use kaikaku::model::FiscalYear;
use kaikaku::model::response::ResponseStatus;
use kaikaku::store::Workspace;
use kaikaku::store::responses::ResponseRequest;

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};

const MEETING: &str = "2021-03-22-kaikaku-suishin-1";

fn responses_path(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(format!("responses/{MEETING}.ron"))
}

fn request(statement: &str, status: ResponseStatus, policy: &str) -> ResponseRequest {
    ResponseRequest {
        meeting: MEETING.into(),
        statement: statement.into(),
        status,
        policy: Some(policy.into()),
        department: None,
        cycle: Some(FiscalYear(2024)),
        date: chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date"),
    }
}

#[test]
fn the_sample_responses_load_clean_and_canonical() {
    let (_temp, dir) = sample_workspace();
    let workspace = Workspace::load(&dir).expect("loads");
    assert!(
        workspace.load_errors.is_empty(),
        "{:?}",
        workspace.load_errors
    );
    assert!(workspace.check().is_empty(), "{:?}", workspace.check());
    assert!(workspace.non_canonical().expect("serialises").is_empty());
    let file = workspace.responses(MEETING).expect("sample responses");
    let meeting = workspace.meeting(MEETING).expect("sample meeting");
    let flagged = meeting
        .statements
        .iter()
        .filter(|s| s.needs_response)
        .count();
    assert_eq!(file.responses.len(), flagged);
    // Only the comments the minutes themselves answer carry a step, marked as quoted.
    let answered: Vec<&str> = file
        .responses
        .iter()
        .filter(|r| !r.history.is_empty())
        .map(|r| r.statement.as_str())
        .collect();
    assert_eq!(answered, ["s3", "s28", "s44"]);
    for response in file.responses.iter().filter(|r| !r.history.is_empty()) {
        let step = &response.history[0];
        assert!(step.note.as_deref().is_some_and(|n| n.contains("議事録")));
        assert!(meeting.statements.iter().any(|s| s.text == step.policy));
    }
}

#[test]
fn record_response_saves_canonically_and_refuses_bad_steps() {
    let (_temp, dir) = sample_workspace();
    fs::remove_file(responses_path(&dir)).expect("start without the file");
    let mut workspace = Workspace::load(&dir).expect("loads");
    let changed = workspace
        .record_response(request(
            "s7",
            ResponseStatus::Considering,
            "窓口応対研修を検討",
        ))
        .expect("saved");
    assert!(changed);
    let text = fs::read_to_string(responses_path(&dir)).expect("file created");
    let again = Workspace::load(&dir).expect("reloads");
    assert!(again.check().is_empty(), "{:?}", again.check());
    assert!(again.non_canonical().expect("serialises").is_empty());
    let file = again.responses(MEETING).expect("loaded");
    assert_eq!(
        file.responses.len(),
        10,
        "one response per flagged statement"
    );
    assert_eq!(
        file.response("s7")
            .map(kaikaku::model::response::Response::status),
        Some(ResponseStatus::Considering)
    );
    // The same step again changes nothing and writes nothing.
    assert!(
        !workspace
            .record_response(request(
                "s7",
                ResponseStatus::Considering,
                "窓口応対研修を検討"
            ))
            .expect("no-op")
    );
    // 対応済 without a policy, and an unflagged statement, are refused before any write.
    let error = workspace
        .record_response(request("s7", ResponseStatus::Done, " "))
        .expect_err("needs a policy");
    assert!(error.to_string().contains("without a policy"), "{error}");
    let error = workspace
        .record_response(request("s4", ResponseStatus::Considering, "x"))
        .expect_err("s4 is an answer");
    assert!(error.to_string().contains("not flagged"), "{error}");
    // The edges tell a refused statement apart by its kind, not by its English text.
    assert!(
        matches!(&error, kaikaku::error::Error::ResponseRefused { statement, .. } if statement == "s4"),
        "{error:?}"
    );
    assert_eq!(
        fs::read_to_string(responses_path(&dir)).expect("file"),
        text,
        "refused steps leave the file as it was"
    );
}

#[test]
fn broken_responses_are_diagnosed_and_never_overwritten() {
    let (_temp, dir) = sample_workspace();
    let path = responses_path(&dir);
    let text = fs::read_to_string(&path).expect("sample file");
    let broken = text.replacen(
        "statement: \"s7\",",
        "statement: \"s7\",\n            colour: \"red\",",
        1,
    );
    fs::write(&path, &broken).expect("write");
    let mut workspace = Workspace::load(&dir).expect("loads despite the broken file");
    let problems = workspace.check();
    let first = problems.first().expect("a diagnostic").to_string();
    let line = broken
        .lines()
        .position(|l| l.contains("colour"))
        .expect("line")
        + 1;
    assert!(
        first.starts_with(&format!("responses/{MEETING}.ron:{line}:13: ")),
        "{first}"
    );
    assert!(workspace.responses(MEETING).is_none());
    assert!(
        workspace
            .record_response(request("s7", ResponseStatus::Considering, "x"))
            .is_err()
    );
    assert_eq!(fs::read_to_string(&path).expect("file"), broken);
    let output = run(kaikaku(dir.parent().expect("temp"))
        .arg("--workspace")
        .arg(&dir)
        .arg("fmt"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&path).expect("file"), broken);
}

#[test]
fn validation_problems_point_at_the_response() {
    let (_temp, dir) = sample_workspace();
    let path = responses_path(&dir);
    let text = fs::read_to_string(&path).expect("sample file");
    let bad = text.replacen("statement: \"s46\",", "statement: \"s999\",", 1);
    fs::write(&path, &bad).expect("write");
    // A responses file for minutes that do not exist is reported too.
    fs::write(
        dir.join("responses/no-such-meeting.ron"),
        "(\n    meeting: \"no-such-meeting\",\n)\n",
    )
    .expect("write");
    let workspace = Workspace::load(&dir).expect("loads");
    let lines: Vec<String> = workspace.check().iter().map(ToString::to_string).collect();
    let line = bad.lines().position(|l| l.contains("s999")).expect("line") + 1;
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "responses/{MEETING}.ron:{line}:13: no statement \"s999\" in meeting"
        ))),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "responses/no-such-meeting.ron:2:5: responses for meeting \"no-such-meeting\", which has no minutes"
        )),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 2, "{lines:#?}");
}

#[test]
fn respond_and_review_through_the_binary() {
    let (temp, dir) = sample_workspace();
    let cli = || {
        let mut command = kaikaku(temp.path());
        command.arg("--workspace").arg(&dir);
        command
    };
    let output = run(cli().args([
        "respond",
        MEETING,
        "s7",
        "--status",
        "検討中",
        "--text",
        "窓口応対研修を検討",
        "--date",
        "2024-06-01",
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("responses/{MEETING}.ron: s7 → 検討中\n")
    );
    let output = run(cli().args(["respond", MEETING, "s18", "--status", "done"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("対応方針がありません"),
        "{}",
        stderr(&output)
    );
    // An unflagged statement is refused with the core's hint.
    let output = run(cli().args(["respond", MEETING, "s4", "--status", "検討中"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("ヒント: 対応が必要な発言は `kaikaku review` で一覧できます"),
        "{}",
        stderr(&output)
    );

    let output = run(cli().args(["--lang", "en", "review"]));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Comments awaiting a response (10)"), "{text}");
    // The step is dated after the sample meeting, the last one held.
    assert!(
        text.contains("Answered since the last meeting (1)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{MEETING}/s7  2021-03-22  [considering]")),
        "{text}"
    );

    let output = run(cli().args(["review", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["awaiting"].as_array().map(Vec::len), Some(10));
    assert_eq!(json["answered"][0]["statement"], "s7");
    assert_eq!(json["answered"][0]["status"], "considering");
    assert_eq!(json["year"], 2024);
    assert!(
        json["missing_actuals"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}
