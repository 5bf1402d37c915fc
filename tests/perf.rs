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
