//! The catalogue test at the edge (issue 17 item 4): a set of CLI commands, successes and
//! refusals alike, run on the sample under `--lang ja`, must print no English word on
//! stdout or stderr (the judge is `kaikaku::i18n::english_words`: identifiers, paths,
//! commands, quoted input and an allow-list are spared); the same commands under
//! `--lang en` print no Japanese of kaikaku's own beyond the data.

use std::path::Path;

use kaikaku::i18n::english_words;

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};

/// Every command a secretariat meets, with the refusals they run into.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let tsv = dir.parent().expect("temp").join("kpi.tsv");
    std::fs::write(
        &tsv,
        "指標\t単位\t基準値\t目標値\n証明書コンビニ発行件数\t件\t107,087(R3)\t500,000(R5)\nごじゅう\t件\tごじゅう\t\n",
    )
    .expect("tsv");
    let tsv = tsv.display().to_string();
    let meeting = "2021-03-22-kaikaku-suishin-1";
    let plan = "kumamoto-reform-plan-2027";
    [
        vec!["check"],
        vec!["fmt", "--check"],
        vec!["show", "plans"],
        vec!["show", "plan", plan],
        vec!["show", "plan", "no-such-plan"],
        vec!["show", "kpi"],
        vec!["report", "progress"],
        vec!["report", "kpi"],
        vec!["report", "responses"],
        vec!["review"],
        vec!["search", "商業施設"],
        vec!["search", "存在しない語句"],
        vec!["log"],
        vec!["log", "--kpi", "k3"],
        vec!["diff", "HEAD"],
        vec!["diff", "no-such-rev"],
        vec!["audit"],
        vec!["settings", "department", "list"],
        vec!["settings", "member", "list"],
        vec!["import", "kpi", &tsv, "--plan", plan, "--dry-run"],
        vec!["import", "kpi", &tsv, "--dry-run"],
        vec![
            "plan",
            "target",
            plan,
            "k-p1-2",
            "--value",
            "ごじゅう",
            "--reason",
            "見直し",
        ],
        vec!["plan", "target", plan, "no-such-kpi", "--value", "90%"],
        vec![
            "respond",
            meeting,
            "s4",
            "--status",
            "対応済",
            "--text",
            "対応した",
        ],
        vec!["respond", meeting, "s999", "--status", "対応済"],
        vec![
            "meeting",
            "new",
            "--date",
            "2024-07-30",
            "--title",
            "第1回",
            "--material",
            "資料1",
        ],
        vec!["meeting", "import", &tsv, "--dry-run"],
        vec!["meeting", "confirm", meeting],
        vec!["meeting", "edit", meeting, "--place", "別室"],
        vec!["settings", "department", "add", "somu", "--name", "総務局"],
        vec![
            "plan",
            "new",
            "kumamoto-reform-plan-2027",
            "--title",
            "題",
            "--period",
            "R6-R9",
            "--levels",
            "施策",
        ],
        vec!["meeting", "edit", meeting, "--start", "25:00"],
        vec!["close-cycle", "FY2099"],
        vec!["sync"],
        vec!["commit", "--phase", "plan"],
        vec![
            "--at",
            "HEAD",
            "respond",
            meeting,
            "s3",
            "--status",
            "対応済",
        ],
        vec!["--at", "HEAD", "show", "plans"],
    ]
    .iter()
    .map(|args| args.iter().map(|a| (*a).to_string()).collect())
    .collect()
}

/// The words the workspace's own data holds (every quoted string of its files, and the
/// git identity of the tests): English there is the city's, not kaikaku's.
fn data_words(dir: &Path) -> std::collections::BTreeSet<String> {
    let mut words: std::collections::BTreeSet<String> = ["Test", "Secretariat"]
        .iter()
        .map(|w| (*w).to_string())
        .collect();
    let mut files = vec![dir.join("kaikaku.ron")];
    for sub in ["plans", "minutes", "responses"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
            files.extend(entries.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        // The contents of RON strings (escapes honoured), never the field names, cut
        // into words as the judge cuts them (`not_started` is an id, not "not").
        let (mut inside, mut escaped, mut content) = (false, false, String::new());
        for c in text.chars() {
            match (inside, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, true, _) => escaped = false,
                (_, false, '"') => {
                    if inside {
                        words.extend(english_words(&std::mem::take(&mut content)));
                    }
                    inside = !inside;
                }
                (true, false, c) => content.push(c),
                _ => {}
            }
        }
    }
    words
}

#[test]
fn no_english_reaches_a_japanese_terminal() {
    let (temp, dir) = sample_workspace();
    let data = data_words(&dir);
    let mut failures = Vec::new();
    for args in commands(&dir) {
        let output = run(kaikaku(temp.path())
            .arg("--workspace")
            .arg(&dir)
            .args(["--lang", "ja"])
            .args(&args));
        for (stream, text) in [("stdout", stdout(&output)), ("stderr", stderr(&output))] {
            for line in text.lines() {
                let words: Vec<String> = english_words(line)
                    .into_iter()
                    .filter(|w| !data.contains(w))
                    .collect();
                if !words.is_empty() {
                    failures.push(format!("{args:?} {stream}: {words:?} in 「{line}」"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} line(s) in English:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
