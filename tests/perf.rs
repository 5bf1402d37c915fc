//! The benchmark workspace generator: a small workspace is valid and its history readable.

use kaikaku::dev::{Scale, generate};
use kaikaku::history::log::{Item, item_history, timeline};
use kaikaku::history::repo;
use kaikaku::store::Workspace;

#[test]
fn generated_small_workspace_passes_check_and_has_a_history() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("ws");
    let generated = generate(&dir, Scale::SMALL, 1).expect("generate");
    let workspace = Workspace::load(&dir).expect("load");
    assert_eq!(workspace.check(), Vec::new());
    assert_eq!(workspace.plans.len(), 1);
    assert_eq!(workspace.meetings.len(), 5);
    assert!(
        workspace
            .meetings
            .iter()
            .all(|m| m.value.statements.len() == 100)
    );
    assert_eq!(workspace.non_canonical().expect("canonical"), Vec::new());
    let git = repo::open(&dir).expect("repo");
    assert_eq!(
        timeline(&git, None, None).expect("log").len(),
        generated.commits
    );
    assert_eq!(generated.tags.len(), 10);
    // The busy indicator got a baseline, ten actuals and target revisions.
    let history = item_history(&git, &Item::Kpi(generated.busy_indicator.clone()), None)
        .expect("item history");
    assert!(history.len() >= 10, "{}", history.len());
    // Same seed, same history.
    let again = temp.path().join("again");
    generate(&again, Scale::SMALL, 1).expect("generate again");
    let head = |d: &std::path::Path| {
        repo::open(d)
            .and_then(|r| repo::head_commit(&r).map(|c| c.map(|c| c.id())))
            .expect("head")
    };
    assert_eq!(head(&dir), head(&again));
}

/// The one-pass history walk (blob-keyed parses, runs on all cores) reports, for every
/// commit of a generated history, exactly what diffing that commit alone reports: with and
/// without a mention filter, for a run split across threads and for one commit at a time.
#[test]
fn the_history_walk_equals_diffing_each_commit_alone() {
    use kaikaku::history::log::WorkspaceCache;
    use kaikaku::history::walk::{ChangeWalker, changes_of_commits};

    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("ws");
    let generated = generate(&dir, Scale::SMALL, 1).expect("generate");
    let git = repo::open(&dir).expect("repo");
    let ids: Vec<git2::Oid> = timeline(&git, None, None)
        .expect("log")
        .iter()
        .map(|c| git2::Oid::from_str(&c.id).expect("id"))
        .collect();
    assert!(
        ids.len() >= 32,
        "enough commits for two runs: {}",
        ids.len()
    );
    for mention in [None, Some(generated.busy_indicator.as_str())] {
        let mut alone = WorkspaceCache::new(&git);
        let expected: Vec<Vec<kaikaku::history::Change>> = ids
            .iter()
            .map(|id| {
                let commit = git.find_commit(*id).expect("commit");
                alone.changes_mentioning(&commit, mention).expect("changes")
            })
            .collect();
        assert!(expected.iter().filter(|c| !c.is_empty()).count() >= 10);
        // Newest first (log) and oldest first (audit): both walk directions share blobs.
        assert_eq!(
            changes_of_commits(&git, &ids, mention).expect("walk"),
            expected
        );
        let oldest_first: Vec<git2::Oid> = ids.iter().rev().copied().collect();
        let mut reversed = expected.clone();
        reversed.reverse();
        assert_eq!(
            changes_of_commits(&git, &oldest_first, mention).expect("walk"),
            reversed
        );
        let mut walker = ChangeWalker::new(&git);
        for (id, expected) in ids.iter().zip(&expected) {
            let commit = git.find_commit(*id).expect("commit");
            assert_eq!(&walker.changes(&commit, mention).expect("walk"), expected);
        }
    }
}

/// Each object is hashed once in an audit: the history walk hashes the blobs it reads and
/// the object check trusts those verdicts. A blob whose content no longer hashes to its id
/// (the loose object of another blob copied over it) is still reported, by the library
/// (libgit2's own check on) and by `kaikaku audit` (its process turns that check off).
#[test]
fn audit_reports_a_damaged_blob_the_history_walk_read() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("ws");
    generate(&dir, Scale::SMALL, 1).expect("generate");
    let clean = kaikaku::history::audit::audit(&dir, None).expect("audit");
    assert_eq!(clean.findings, Vec::new());
    let changed = crate::common::git_in(
        &dir,
        &["diff-tree", "--no-commit-id", "-r", "--name-only", "HEAD"],
    );
    let path = changed
        .lines()
        .next()
        .expect("HEAD changes a file")
        .to_string();
    let blob = crate::common::git_in(&dir, &["rev-parse", &format!("HEAD:{path}")]);
    let blob = blob.trim();
    let other = std::fs::read_to_string(dir.join(&path)).expect("file") + "\n// changed\n";
    std::fs::write(temp.path().join("other"), other).expect("other");
    let forged = crate::common::git_in(&dir, &["hash-object", "-w", "../other"]);
    let object = |id: &str| dir.join(".git/objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(object(blob)).expect("remove");
    std::fs::copy(object(forged.trim()), object(blob)).expect("copy");

    let report = kaikaku::history::audit::audit(&dir, None).expect("audit");
    let damaged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == kaikaku::history::audit::FindingKind::Integrity)
        .collect();
    assert_eq!(damaged.len(), 1, "{:?}", report.findings);
    assert!(
        damaged[0].message.en.contains(blob),
        "{}",
        damaged[0].message
    );
    assert_eq!(report.objects_checked, clean.objects_checked - 1);

    let out = crate::common::kaikaku_in(&dir, &["audit"]);
    assert!(!out.status.success(), "a damaged object fails the audit");
    let text = crate::common::stdout(&out);
    assert!(
        text.contains(blob) && text.contains("hash mismatch"),
        "{text}"
    );
}

/// The mention index (issue 18) changes nothing but the time: item histories with it equal
/// those without, on the first run (no index, which builds it), the next (which reads no
/// blob the index clears), after a new commit (which adds to it), and with a damaged index.
#[test]
fn item_histories_with_the_mention_index_equal_those_without() {
    use kaikaku::history::log::item_history_indexed;
    use kaikaku::history::mention_index::INDEX_PATH;

    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("ws");
    let generated = generate(&dir, Scale::SMALL, 1).expect("generate");
    let workspace = Workspace::load(&dir).expect("load");
    let first_plan = &workspace.plans[0].value;
    let node = first_plan.nodes[0].children[0].id.clone();
    let items = [
        Item::Kpi(generated.busy_indicator.clone()),
        Item::Node(first_plan.nodes[0].id.clone()),
        Item::Node(node),
        Item::Meeting(workspace.meetings[0].value.id.clone()),
        // Not made of token bytes: searched in the blobs, as without the index.
        Item::Meeting("第1回".into()),
        Item::Kpi("no-such-indicator".into()),
    ];
    let git = repo::open(&dir).expect("repo");
    let json =
        |entries: &[kaikaku::history::log::Entry]| serde_json::to_string(entries).expect("json");
    let compare = |what: &str| {
        for item in &items {
            let plain = item_history(&git, item, None).expect("plain");
            let indexed = item_history_indexed(&git, item, None, &dir).expect("indexed");
            assert_eq!(json(&indexed), json(&plain), "{what}: {item:?}");
        }
    };
    assert!(
        !item_history(&git, &items[0], None)
            .expect("history")
            .is_empty()
    );
    compare("no index");
    let index = dir.join(INDEX_PATH);
    let built = std::fs::read(&index).expect("the first run writes the index");
    compare("with the index");
    assert_eq!(
        std::fs::read(&index).expect("index"),
        built,
        "nothing new to learn"
    );
    // A new commit: one status changed in the plan.
    let path = dir.join(&workspace.plans[0].path);
    let text = std::fs::read_to_string(&path).expect("plan");
    let changed = text.replacen("status: \"on_plan\"", "status: \"delayed\"", 1);
    assert_ne!(changed, text);
    std::fs::write(&path, changed).expect("write");
    crate::common::git_in(&dir, &["commit", "-qam", "one status"]);
    compare("after a new commit");
    assert!(std::fs::read(&index).expect("index").len() > built.len());
    // Damaged: ignored and rebuilt.
    std::fs::write(&index, &built[..built.len() / 2]).expect("damage");
    compare("damaged index");
    assert!(std::fs::read(&index).expect("index").len() > built.len() / 2);
}
