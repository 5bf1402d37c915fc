//! Plan and Act from the command line, end to end with the real binary on a copy of the
//! sample: each revision changes the plan file by exactly the lines expected (canonical,
//! `check` clean), a revision without a reason is refused and writes nothing, the Act commit
//! names every change with its reason, `next-stage` starts from the latest actuals, and
//! renamed departments are followed.

use std::path::Path;

use crate::common::{sample_workspace, stderr, stdout};

const PLAN: &str = "kumamoto-reform-plan-2027";
const PLAN_FILE: &str = "plans/kumamoto-reform-plan-2027.ron";

use crate::common::{git_in as git, kaikaku_in as k, kaikaku_ok as ok};

/// A sample workspace whose repository has an identity for phase commits.
fn workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, ws) = sample_workspace();
    git(&ws, &["config", "user.name", "事務局"]);
    git(&ws, &["config", "user.email", "secretariat@example.jp"]);
    (temp, ws)
}

/// The lines removed and added in `path` since the last commit.
fn changed_lines(ws: &Path, path: &str) -> (Vec<String>, Vec<String>) {
    let diff = git(ws, &["diff", "-U0", "--", path]);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for line in diff.lines() {
        if line.starts_with("---") || line.starts_with("+++") {
            continue;
        }
        if let Some(rest) = line.strip_prefix('-') {
            removed.push(rest.to_string());
        } else if let Some(rest) = line.strip_prefix('+') {
            added.push(rest.to_string());
        }
    }
    (removed, added)
}

/// Commits whatever changed with plain git, so the next diff starts clean.
fn settle(ws: &Path) {
    git(ws, &["add", "-A"]);
    git(ws, &["commit", "-q", "-m", "settle"]);
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn revision(item: &str, reason: &str) -> String {
    format!(
        "    revisions: [\n        (\n            year: 2024,\n            item: \"{item}\",\n            reason: \"{reason}\",\n        ),\n    ],"
    )
}

/// The lines of one more revision appended to the plan's `revisions`.
fn appended(item: &str, reason: &str) -> Vec<String> {
    lines(&format!(
        "        (\n            year: 2024,\n            item: \"{item}\",\n            reason: \"{reason}\",\n        ),"
    ))
}

/// The workspace is canonical and passes every check.
fn assert_clean(ws: &Path) {
    ok(ws, &["fmt", "--check"]);
    ok(ws, &["check"]);
}

#[test]
fn a_target_and_an_item_change_the_plan_by_the_lines_expected() {
    let (_temp, ws) = workspace();

    // A 調整中 target decided, with the kind as typed: 以上 makes the indicator at_least.
    ok(
        &ws,
        &[
            "plan",
            "target",
            PLAN,
            "k-p1-1",
            "--value",
            "６倍以上",
            "--reason",
            "委員会意見を踏まえ設定",
        ],
    );
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(
        removed,
        lines("                    direction: increase,\n                        value: tbd,")
    );
    let mut expected = lines(
        "                    direction: at_least,\n                    bound: Some(ijo),\n                        value: figure(\"6\"),",
    );
    expected.extend(lines(&revision("k-p1-1", "委員会意見を踏まえ設定")));
    assert_eq!(added, expected);
    assert_clean(&ws);
    settle(&ws);

    // An item added under a measure: the next id after its siblings', numbered by the level.
    let out = ok(
        &ws,
        &[
            "plan",
            "add",
            PLAN,
            "--parent",
            "p1",
            "--title",
            "デジタル人材の確保",
            "--lead",
            "somu",
            "--reason",
            "委員の提案により追加",
        ],
    );
    assert!(out.contains("p1-m4"), "{out}");
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(removed, Vec::<String>::new());
    let mut expected = lines(
        "                (\n                    id: \"p1-m4\",\n                    title: \"デジタル人材の確保\",\n                    lead: [\n                        \"somu\",\n                    ],\n                ),",
    );
    expected.extend(appended("p1-m4", "委員の提案により追加"));
    assert_eq!(added, expected);
    let shown = ok(&ws, &["show", "plan", PLAN]);
    assert!(shown.contains("施策4 デジタル人材の確保"), "{shown}");
    assert_clean(&ws);
}

#[test]
fn a_retirement_and_a_unit_change_are_one_line_each() {
    let (_temp, ws) = workspace();
    // An item retired: one line, the item and its history stay.
    ok(
        &ws,
        &["plan", "retire", PLAN, "p1-m2", "--reason", "施策1へ統合"],
    );
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(removed, Vec::<String>::new());
    let mut expected = lines("                    retired: Some(2024),");
    expected.extend(lines(&revision("p1-m2", "施策1へ統合")));
    assert_eq!(added, expected);
    let shown = ok(&ws, &["show", "plan", PLAN]);
    assert!(
        shown.contains("施策2 人材育成  [廃止: 令和6年度末]"),
        "{shown}"
    );
    assert!(shown.contains("R6 p1-m2: 施策1へ統合"), "{shown}");
    assert_clean(&ws);
    settle(&ws);
    // An indicator's unit edited.
    ok(
        &ws,
        &[
            "plan",
            "indicator",
            PLAN,
            "--edit",
            "k-p1-2",
            "--unit",
            "点",
            "--reason",
            "単位を明記",
        ],
    );
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(removed, Vec::<String>::new());
    let mut expected = lines("                    unit: \"点\",");
    expected.extend(appended("k-p1-2", "単位を明記"));
    assert_eq!(added, expected);
    assert_clean(&ws);
    settle(&ws);
    assert_clean(&ws);
}

#[test]
fn a_moved_item_keeps_its_lines_and_a_new_indicator_reads_as_printed() {
    let (_temp, ws) = workspace();
    // A measure moved to another policy at the same depth: its lines move unchanged.
    ok(
        &ws,
        &[
            "plan",
            "move",
            PLAN,
            "p2-m1",
            "--parent",
            "p1",
            "--position",
            "1",
            "--reason",
            "方針1へ移管",
        ],
    );
    let (mut removed, mut added) = changed_lines(&ws, PLAN_FILE);
    let reason_lines = lines(&revision("p2-m1", "方針1へ移管"));
    assert!(added.ends_with(&reason_lines), "{added:#?}");
    added.truncate(added.len() - reason_lines.len());
    assert!(removed.len() > 20, "the whole measure moved: {removed:#?}");
    removed.sort();
    added.sort();
    assert_eq!(removed, added, "the same lines, elsewhere");
    let shown = ok(&ws, &["show", "plan", PLAN]);
    let first = shown
        .find("施策1 窓口DXの推進")
        .expect("moved to the front of 方針1");
    assert!(first < shown.find("方針2").expect("方針2"), "{shown}");
    assert_clean(&ws);
    settle(&ws);
    // A new indicator on a node, with baseline and target as printed.
    ok(
        &ws,
        &[
            "plan",
            "indicator",
            PLAN,
            "--node",
            "p1",
            "--name",
            "デジタル研修受講者数",
            "--unit",
            "人",
            "--direction",
            "増加",
            "--baseline",
            "120人@R5",
            "--target",
            "300人以上@R9",
            "--reason",
            "人材育成の成果を測る",
        ],
    );
    let shown = ok(&ws, &["show", "kpi", "--plan", PLAN]);
    assert!(shown.contains("k-p1-6"), "{shown}");
    assert!(shown.contains("300人以上 (R9)"), "{shown}");
    assert_clean(&ws);
}

#[test]
fn a_revision_without_a_reason_is_refused_and_nothing_is_written() {
    let (_temp, ws) = workspace();
    let before = std::fs::read(ws.join(PLAN_FILE)).expect("plan");
    let attempts: [&[&str]; 6] = [
        &["plan", "target", PLAN, "k-p1-1", "--value", "6"],
        &["plan", "target", PLAN, "k-p1-2", "--tbd", "--reason", "  "],
        &["plan", "add", PLAN, "--parent", "p1", "--title", "新施策"],
        &["plan", "retire", PLAN, "p1-m2"],
        &["plan", "move", PLAN, "p2-m1", "--parent", "p1"],
        &[
            "plan",
            "indicator",
            PLAN,
            "--node",
            "p1",
            "--name",
            "新指標",
            "--direction",
            "increase",
        ],
    ];
    for args in attempts {
        let out = k(&ws, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let message = stderr(&out);
        assert!(
            message.contains("には理由が必要です"),
            "{args:?}: {message}"
        );
        assert!(
            message.contains("ヒント: --reason \"…\" で理由を付けてください"),
            "the workspace speaks Japanese: {message}"
        );
        assert_eq!(
            git(&ws, &["status", "--porcelain"]),
            "",
            "{args:?} wrote something"
        );
    }
    let english = k(&ws, &["--lang", "en", "plan", "retire", PLAN, "p1-m2"]);
    assert!(
        stderr(&english).contains("hint: add --reason"),
        "{}",
        stderr(&english)
    );
    assert_eq!(std::fs::read(ws.join(PLAN_FILE)).expect("plan"), before);
    // Refusals for other reasons write nothing either.
    for args in [
        &[
            "plan", "add", PLAN, "--parent", "p1-m2", "--title", "x", "--lead", "no-such",
            "--reason", "r",
        ][..],
        &[
            "plan", "move", PLAN, "p1", "--parent", "p1-m1", "--reason", "r",
        ],
        &[
            "plan", "target", PLAN, "k-p1-1", "--value", "6件", "--reason", "r",
        ],
    ] {
        let out = k(&ws, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            git(&ws, &["status", "--porcelain"]),
            "",
            "{args:?} wrote something"
        );
    }
    // A plan still being drawn up (its period starts after the current cycle) needs none,
    // and records none.
    ok(
        &ws,
        &[
            "plan",
            "next-stage",
            PLAN,
            "next",
            "--title",
            "次期",
            "--period",
            "R7-R10",
        ],
    );
    ok(&ws, &["plan", "target", "next", "k-p1-1", "--value", "6"]);
    let next = std::fs::read_to_string(ws.join("plans/next.ron")).expect("plan");
    assert!(
        next.contains("figure(\"6\")") && !next.contains("revisions"),
        "{next}"
    );
}

#[test]
fn the_act_commit_names_each_change_with_its_reason() {
    let (_temp, ws) = workspace();
    ok(&ws, &["commit", "--phase", "do", "-m", "R6実績"]);
    ok(&ws, &["commit", "--phase", "check", "-m", "委員会"]);
    ok(
        &ws,
        &[
            "plan",
            "target",
            PLAN,
            "k-p1-1",
            "--value",
            "6倍以上",
            "--reason",
            "委員会意見を踏まえ設定",
        ],
    );
    ok(
        &ws,
        &[
            "plan",
            "add",
            PLAN,
            "--parent",
            "p1",
            "--title",
            "デジタル人材の確保",
            "--reason",
            "委員の提案",
        ],
    );
    ok(
        &ws,
        &["plan", "retire", PLAN, "p1-m2", "--reason", "施策1へ統合"],
    );
    ok(
        &ws,
        &[
            "plan",
            "move",
            PLAN,
            "p2-m1",
            "--parent",
            "p1",
            "--reason",
            "方針1へ移管",
        ],
    );
    ok(
        &ws,
        &[
            "plan",
            "indicator",
            PLAN,
            "--edit",
            "k-p1-2",
            "--unit",
            "点",
            "--reason",
            "単位を明記",
        ],
    );
    let diff = ok(&ws, &["diff", "HEAD"]);
    assert!(diff.contains("(理由: 施策1へ統合)"), "{diff}");
    ok(&ws, &["commit", "--phase", "act", "-m", "プランを改訂"]);
    let body = git(&ws, &["log", "-1", "--format=%B"]);
    for expected in [
        "指標 k-p1-1 職員採用（選考）試験競争倍率（全職種）: 目標 調整中 (R9) → 6倍以上 (R9) (理由: 委員会意見を踏まえ設定)",
        "項目追加 p1-m4 デジタル人材の確保 ← p1 (理由: 委員の提案)",
        "項目廃止 p1-m2 人材育成: 令和6年度末で廃止 (理由: 施策1へ統合)",
        "項目移動 p2-m1 窓口DXの推進: p2 → p1 (理由: 方針1へ移管)",
        "指標変更 k-p1-2 職員の市役所で働くことへの満足度スコア: 単位 (理由: 単位を明記)",
        "Kaikaku-Phase: act",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    let log = ok(&ws, &["log", "--kpi", "k-p1-1"]);
    assert!(log.contains("(理由: 委員会意見を踏まえ設定)"), "{log}");
    let log = ok(&ws, &["--lang", "en", "log", "--node", "p1-m2"]);
    assert!(log.contains("item retired p1-m2"), "{log}");
    assert!(log.contains("(reason: 施策1へ統合)"), "{log}");
}

#[test]
fn next_stage_starts_from_the_r4_actuals() {
    let (_temp, ws) = workspace();
    let out = ok(
        &ws,
        &[
            "plan",
            "next-stage",
            "kumamoto-reform-plan-2023",
            "kumamoto-reform-stage4",
            "--title",
            "市役所改革プラン（第4ステージ）",
            "--period",
            "R6-R9",
        ],
    );
    assert!(out.contains("plans/kumamoto-reform-stage4.ron"), "{out}");
    assert_clean(&ws);
    let json = ok(
        &ws,
        &[
            "show",
            "kpi",
            "--plan",
            "kumamoto-reform-stage4",
            "--format",
            "json",
        ],
    );
    let list: serde_json::Value = serde_json::from_str(&json).expect("json");
    let k1 = list
        .as_array()
        .expect("array")
        .iter()
        .map(|row| &row["indicator"])
        .find(|i| i["name"] == "市役所のサービスに満足している市民の割合")
        .expect("carried");
    assert_eq!(k1["baseline"]["year"], 2022);
    assert_eq!(k1["baseline"]["value"], "44.1");
    assert_eq!(k1["target"]["value"], "tbd");
    assert_eq!(k1["target"]["year"], 2027);
    assert!(
        k1.get("actuals")
            .is_none_or(|a| a.as_array().is_some_and(Vec::is_empty))
    );
    let text = ok(&ws, &["show", "kpi", "--plan", "kumamoto-reform-stage4"]);
    let row = text
        .lines()
        .find(|l| l.contains("市役所のサービスに満足している市民の割合"))
        .expect("row");
    assert!(
        row.contains("44.1% (R4)") && row.contains("調整中"),
        "{row}"
    );
    // The group's parts carry their own latest actuals.
    let part = text.lines().find(|l| l.contains("市債残高")).expect("part");
    assert!(part.contains("2,359億円 (R4)"), "{part}");
    let plan = std::fs::read_to_string(ws.join("plans/kumamoto-reform-stage4.ron")).expect("plan");
    assert!(
        plan.contains("predecessor: Some(\"kumamoto-reform-plan-2023\"),"),
        "{plan}"
    );
    assert!(plan.contains("\"s6\""), "the tree is carried");
    let shown = ok(&ws, &["show", "plan", "kumamoto-reform-stage4"]);
    assert!(
        shown.contains("前期計画: kumamoto-reform-plan-2023"),
        "{shown}"
    );
    // An existing id is refused and nothing is written.
    settle(&ws);
    let again = k(
        &ws,
        &[
            "plan",
            "next-stage",
            "kumamoto-reform-plan-2023",
            PLAN,
            "--title",
            "x",
            "--period",
            "R6-R9",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
}

#[test]
fn minutes_linking_a_retired_item_keep_their_link() {
    let (_temp, ws) = workspace();
    let meeting_file = ws.join("minutes/2021-03-22-kaikaku-suishin-1.ron");
    {
        let workspace = kaikaku::store::Workspace::load(&ws).expect("load");
        let mut meeting = workspace.meetings[0].value.clone();
        meeting.statements[0]
            .nodes
            .push(kaikaku::model::meeting::NodeLink {
                plan: "kumamoto-reform-plan-2023".into(),
                node: "s2".into(),
            });
        // Written by hand: the sample minutes are published, and the store refuses to
        // change them.
        let text = kaikaku::store::canonical::to_canonical(&meeting).expect("minutes");
        std::fs::write(&meeting_file, text).expect("save");
    }
    settle(&ws);
    let before = std::fs::read(&meeting_file).expect("minutes");
    ok(
        &ws,
        &[
            "plan",
            "retire",
            "kumamoto-reform-plan-2023",
            "s2",
            "--year",
            "R5",
            "--reason",
            "第4ステージで再編",
        ],
    );
    assert_eq!(std::fs::read(&meeting_file).expect("minutes"), before);
    assert_clean(&ws);
    let shown = ok(&ws, &["show", "plan", "kumamoto-reform-plan-2023"]);
    assert!(
        shown.contains("市民に寄り添うサービス改革  [廃止: 令和5年度末]"),
        "{shown}"
    );
    // The next stage leaves the retired item behind.
    ok(
        &ws,
        &[
            "plan",
            "next-stage",
            "kumamoto-reform-plan-2023",
            "stage4",
            "--title",
            "次期",
            "--period",
            "R6-R9",
        ],
    );
    let plan = std::fs::read_to_string(ws.join("plans/stage4.ron")).expect("plan");
    assert!(
        !plan.contains("\"s2\"") && plan.contains("\"s3\""),
        "{plan}"
    );
}

#[test]
fn a_renamed_department_is_followed_and_a_used_one_cannot_go() {
    let (_temp, ws) = workspace();
    let out = ok(
        &ws,
        &[
            "settings",
            "department",
            "edit",
            "somu",
            "--id",
            "somu-gyosei",
            "--name",
            "総務行政局",
        ],
    );
    assert!(out.contains("plans/kumamoto-reform-plan-2027.ron"), "{out}");
    assert_clean(&ws);
    let plan = std::fs::read_to_string(ws.join(PLAN_FILE)).expect("plan");
    assert!(!plan.contains("\"somu\""), "every reference follows");
    assert!(plan.contains("\"somu-gyosei\""));
    let shown = ok(&ws, &["show", "plan", PLAN]);
    assert!(shown.contains("所管: 総務行政局"), "{shown}");
    settle(&ws);
    let out = k(&ws, &["settings", "department", "remove", "somu-gyosei"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("はまだ"), "{}", stderr(&out));
    assert_eq!(git(&ws, &["status", "--porcelain"]), "");
    ok(
        &ws,
        &[
            "settings",
            "department",
            "add",
            "dx",
            "--name",
            "デジタル戦略局",
        ],
    );
    ok(
        &ws,
        &[
            "settings",
            "member",
            "add",
            "tanaka",
            "--name",
            "田中花子",
            "--role",
            "委員",
        ],
    );
    ok(
        &ws,
        &["settings", "member", "edit", "tanaka", "--role", "副会長"],
    );
    let roster = ok(&ws, &["settings", "member", "list"]);
    assert!(
        roster.contains("田中花子") && roster.contains("副会長"),
        "{roster}"
    );
    ok(&ws, &["settings", "department", "remove", "dx"]);
    assert_clean(&ws);
}

/// After its last year, a retired item is no longer counted in the progress report and its
/// indicators are no longer asked for; in its last year it still is.
#[test]
fn a_retired_item_leaves_later_reports() {
    let (_temp, ws) = workspace();
    let missing = |year: &str| -> Vec<String> {
        let json = ok(&ws, &["review", "--format", "json", "--year", year]);
        let queue: serde_json::Value = serde_json::from_str(&json).expect("json");
        queue["missing_actuals"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|m| m["indicator"].as_str().map(str::to_string))
            .collect()
    };
    assert!(missing("R7").contains(&"k-p1-1".to_string()));
    let total = |year: &str| -> u64 {
        let json = ok(
            &ws,
            &[
                "report", "progress", "--plan", PLAN, "--year", year, "--format", "json",
            ],
        );
        let report: serde_json::Value = serde_json::from_str(&json).expect("json");
        report[0]["levels"][0]["total"].as_u64().expect("total")
    };
    assert_eq!(total("R7"), 3, "three 基本方針");
    ok(
        &ws,
        &["plan", "retire", PLAN, "p1", "--reason", "方針2・3へ再編"],
    );
    assert!(
        missing("R6").contains(&"k-p1-1".to_string()),
        "still measured in its last year"
    );
    assert!(
        !missing("R7").iter().any(|k| k.starts_with("k-p1-")),
        "{:?}",
        missing("R7")
    );
    assert_eq!(total("R6"), 3);
    assert_eq!(total("R7"), 2);
}

#[test]
fn a_retired_item_can_come_back_and_an_item_can_change_hands() {
    let (_temp, ws) = workspace();
    ok(&ws, &["plan", "retire", PLAN, "p1-m2", "--reason", "統合"]);
    settle(&ws);
    let refused = k(
        &ws,
        &["plan", "reinstate", PLAN, "p1-m2-i1", "--reason", "x"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("そちらを再開してください"),
        "{}",
        stderr(&refused)
    );
    let out = ok(
        &ws,
        &[
            "plan",
            "reinstate",
            PLAN,
            "p1-m2",
            "--reason",
            "統合を見送り",
        ],
    );
    assert!(
        out.contains("項目復活 p1-m2 人材育成 (理由: 統合を見送り)"),
        "{out}"
    );
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(removed, lines("                    retired: Some(2024),"));
    assert_eq!(added, appended("p1-m2", "統合を見送り"));
    settle(&ws);
    // New lead departments are a revision and need a reason; a new title alone does not.
    let refused = k(&ws, &["plan", "edit", PLAN, "p1-m1", "--lead", "seisaku"]);
    assert_eq!(refused.status.code(), Some(2));
    let out = ok(
        &ws,
        &[
            "plan",
            "edit",
            PLAN,
            "p1-m1",
            "--lead",
            "seisaku",
            "--reason",
            "組織改正で所管が移った",
        ],
    );
    assert!(
        out.contains("所管局 (理由: 組織改正で所管が移った)"),
        "{out}"
    );
    ok(
        &ws,
        &["plan", "edit", PLAN, "p1-m1", "--title", "組織風土の改革"],
    );
    assert_clean(&ws);
}

/// Control and bidi characters typed into a reason or a title never reach a file raw, the
/// terminal, or a commit message.
#[test]
fn hostile_text_in_a_reason_is_escaped_and_never_printed_raw() {
    let (_temp, ws) = workspace();
    let hostile = "理由\u{1b}]52;c;AAAA\u{7}\u{202e}逆\u{200b}";
    let raw =
        |text: &str| text.contains('\u{1b}') || text.contains('\u{202e}') || text.contains('\u{7}');
    let out = ok(
        &ws,
        &[
            "plan", "add", PLAN, "--parent", "p1", "--title", hostile, "--reason", hostile,
        ],
    );
    assert!(!raw(&out), "{out:?}");
    let file = std::fs::read_to_string(ws.join(PLAN_FILE)).expect("plan");
    assert!(!raw(&file), "the file holds escapes only");
    assert_clean(&ws);
    let reloaded = kaikaku::store::Workspace::load(&ws).expect("load");
    let plan = reloaded.plan(PLAN).expect("plan");
    assert_eq!(
        plan.revisions.last().map(|r| r.reason.as_str()),
        Some(hostile),
        "read back identical"
    );
    let shown = ok(&ws, &["show", "plan", PLAN]);
    assert!(!raw(&shown), "{shown:?}");
    ok(&ws, &["commit", "--phase", "do"]);
    let body = git(&ws, &["log", "-1", "--format=%B"]);
    assert!(!raw(&body), "{body:?}");
}

/// `plan target --planned`: the yearly planned path replaced (alone or with the target), in
/// year order; a year given twice is refused and nothing is written.
#[test]
fn the_planned_path_is_set_with_a_reason() {
    let (_temp, ws) = workspace();
    let before = std::fs::read(ws.join(PLAN_FILE)).expect("plan");
    let twice = k(
        &ws,
        &[
            "plan",
            "target",
            PLAN,
            "k-p1-1",
            "--planned",
            "5@R7,6@R7",
            "--reason",
            "計画値",
        ],
    );
    assert!(!twice.status.success());
    assert!(stderr(&twice).contains("令和7年度"), "{}", stderr(&twice));
    assert_eq!(std::fs::read(ws.join(PLAN_FILE)).expect("plan"), before);
    ok(
        &ws,
        &[
            "plan",
            "target",
            PLAN,
            "k-p1-1",
            "--planned",
            "5.5@R8、５@R7",
            "--reason",
            "年度別の計画値を設定",
        ],
    );
    let (removed, added) = changed_lines(&ws, PLAN_FILE);
    assert_eq!(removed, Vec::<String>::new(), "only added lines");
    let text = added.join("\n");
    let (r7, r8) = (
        text.find("year: 2025").expect("R7"),
        text.find("year: 2026").expect("R8"),
    );
    assert!(text.contains("planned: [") && r7 < r8, "{text}");
    assert!(text.contains("年度別の計画値を設定"), "{text}");
    assert_clean(&ws);
    // With the target: both in one revision; "" removes the path again.
    ok(
        &ws,
        &[
            "plan",
            "target",
            PLAN,
            "k-p1-1",
            "--value",
            "6倍以上",
            "--planned",
            "",
            "--reason",
            "目標決定",
        ],
    );
    let saved = kaikaku::store::Workspace::load(&ws).expect("load");
    let indicator = saved
        .plan(PLAN)
        .and_then(|p| p.indicator("k-p1-1"))
        .expect("k-p1-1")
        .clone();
    assert!(indicator.planned.is_empty());
    assert_eq!(indicator.target_label(), "6倍以上");
    assert_clean(&ws);
}
