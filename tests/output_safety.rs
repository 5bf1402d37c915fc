//! One sanitiser for every output (issue 15 item 7): hostile text in every kind of file
//! (plan and node titles, indicator names and units, statements, responses) never reaches
//! stdout or stderr raw, whatever the command and format. Text shows stand-ins; JSON escapes
//! the characters as `\uXXXX`, so it still decodes to exactly what the files hold.

use std::path::Path;

use kaikaku::model::sanitize::is_unsafe_char;
use kaikaku::model::{Indicator, Node};
use kaikaku::store::Workspace;
use kaikaku::store::canonical::to_canonical;

use crate::common::{kaikaku, run, sample_workspace};

/// CSI and OSC 52 with ESC, C1 CSI, DEL, bidi override and isolate, zero-width space, BOM,
/// a tag character and the line and paragraph separators.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{7f}\u{202e}evil\u{2066}\u{200b}\u{feff}\u{e0041}\u{2028}\u{2029}";

fn taint_indicator(indicator: &mut Indicator) {
    indicator.name.push_str(HOSTILE);
    indicator.unit.push_str(HOSTILE);
}

fn taint_node(node: &mut Node) {
    node.title.push_str(HOSTILE);
    node.indicators.iter_mut().for_each(taint_indicator);
    node.children.iter_mut().for_each(taint_node);
}

/// Writes hostile text into every plan, meeting and response file of the workspace, after
/// its first commit (so `diff HEAD` shows it too).
fn taint(dir: &Path) {
    let workspace = Workspace::load(dir).expect("load");
    for loaded in &workspace.plans {
        let mut plan = loaded.value.clone();
        plan.title.push_str(HOSTILE);
        plan.indicators.iter_mut().for_each(taint_indicator);
        plan.nodes.iter_mut().for_each(taint_node);
        write(dir, &loaded.path, &to_canonical(&plan).expect("ron"));
    }
    for loaded in &workspace.meetings {
        let mut meeting = loaded.value.clone();
        meeting.title.push_str(HOSTILE);
        for statement in &mut meeting.statements {
            statement.text.push_str(HOSTILE);
        }
        write(dir, &loaded.path, &to_canonical(&meeting).expect("ron"));
    }
    for loaded in &workspace.responses {
        let mut file = loaded.value.clone();
        for response in &mut file.responses {
            for step in &mut response.history {
                step.policy.push_str(HOSTILE);
            }
        }
        write(dir, &loaded.path, &to_canonical(&file).expect("ron"));
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).expect("write tainted file");
}

/// The unsafe characters in a stream, named for the failure message.
fn raw_unsafe(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| is_unsafe_char(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// Whether some string in the JSON document carries the hostile text intact.
fn holds_hostile(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains(HOSTILE),
        serde_json::Value::Array(items) => items.iter().any(holds_hostile),
        serde_json::Value::Object(map) => map.values().any(holds_hostile),
        _ => false,
    }
}

#[test]
fn no_command_prints_hostile_text_raw() {
    let (temp, ws) = sample_workspace();
    taint(&ws);
    let plan = "kumamoto-reform-plan-2027";
    let meeting = "2021-03-22-kaikaku-suishin-1";
    let mut cases: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["fmt", "--check"],
        vec!["show", "plans"],
        vec!["show", "plan", plan],
        vec!["show", "kpi"],
        vec!["diff", "HEAD"],
        vec!["review"],
        vec!["log"],
        vec!["audit"],
    ];
    for format in ["md", "akn", "popolo"] {
        cases.push(vec!["meeting", "export", meeting, "--format", format]);
    }
    for report in ["progress", "kpi"] {
        for format in ["text", "md", "csv", "json", "html"] {
            cases.push(vec!["report", report, "--format", format]);
        }
    }
    // JSON outputs, and whether each must carry the hostile text (decoded unchanged).
    let json_cases: Vec<(Vec<&str>, bool)> = vec![
        (vec!["show", "plan", plan, "--format", "json"], true),
        (vec!["show", "plans", "--format", "json"], true),
        (vec!["show", "kpi", "--format", "json"], true),
        (vec!["diff", "HEAD", "--format", "json"], true),
        (vec!["review", "--format", "json"], true),
        (vec!["report", "kpi", "--format", "json"], true),
        (vec!["report", "progress", "--format", "json"], true),
        (vec!["log", "--format", "json"], false),
        (vec!["audit", "--format", "json"], false),
    ];
    let all = cases
        .iter()
        .map(|c| (c.clone(), None))
        .chain(json_cases.iter().map(|(c, must)| (c.clone(), Some(*must))));
    for (args, json) in all {
        let output = run(kaikaku(temp.path()).arg("--workspace").arg(&ws).args(&args));
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{args:?}: exit {code:?}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let raw = raw_unsafe(bytes);
            assert!(raw.is_empty(), "{args:?} {stream}: raw {raw:?}");
        }
        if let Some(must_hold) = json {
            let value: serde_json::Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"));
            if must_hold {
                assert!(holds_hostile(&value), "{args:?}: hostile text not kept");
            }
        }
    }
    // Text shows stand-ins where the characters were.
    let output = run(kaikaku(temp.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["show", "plan", plan]));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("␛[2J"), "{text}");
}

#[test]
fn report_files_are_sanitised_like_stdout() {
    let (temp, ws) = sample_workspace();
    taint(&ws);
    for format in ["text", "csv", "json"] {
        let file = temp.path().join(format!("report.{format}"));
        let output = run(kaikaku(temp.path())
            .arg("--workspace")
            .arg(&ws)
            .args(["report", "kpi", "--format", format, "--output"])
            .arg(&file));
        assert!(output.status.success(), "{format}");
        let bytes = std::fs::read(&file).expect("report file");
        let raw = raw_unsafe(&bytes);
        assert!(raw.is_empty(), "{format}: raw {raw:?}");
    }
}
