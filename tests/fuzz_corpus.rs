//! The committed fuzz corpus (`fuzz/corpus/<target>/`) replayed as ordinary tests: every file
//! goes through the very checks the cargo-fuzz targets run (the file is included from
//! `fuzz/src/checks.rs`), so an input that once crashed stays fixed without nightly.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::fs;

use crate::common::repo_root;

fn corpus(target: &str) -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str) {
    let files = corpus(target);
    assert!(
        files.len() >= 3,
        "corpus of {target} is too small: {files:?}"
    );
    for file in files {
        let data = fs::read(&file).expect("read corpus file");
        let outcome = std::panic::catch_unwind(|| checks::run(target, &data));
        assert!(outcome.is_ok(), "{target}: {} panicked", file.display());
    }
}

#[test]
fn every_target_has_a_corpus() {
    for target in checks::TARGETS {
        assert!(!corpus(target).is_empty(), "{target}");
    }
}

#[test]
fn ron_workspace_corpus() {
    replay("ron_workspace");
}

#[test]
fn journal_corpus() {
    replay("journal");
}

#[test]
fn table_import_corpus() {
    replay("table_import");
}

#[test]
fn fiscal_year_corpus() {
    replay("fiscal_year");
}

#[test]
fn minutes_import_corpus() {
    replay("minutes_import");
}

/// The seeds must exercise the success paths too, or the round-trip assertions never run.
#[test]
fn seeds_reach_the_success_paths() {
    use kaikaku::model::{Meeting, Plan, Settings};
    use kaikaku::store::workspace::parse_text;
    let dir = repo_root().join("fuzz/corpus/ron_workspace");
    let read = |name: &str| fs::read(dir.join(name)).expect("seed");
    assert!(parse_text::<Settings>("s", read("settings.ron")).is_ok());
    assert!(parse_text::<Plan>("p", read("plan-2023.ron")).is_ok());
    assert!(parse_text::<Meeting>("m", read("meeting.ron")).is_ok());
    let session = fs::read(repo_root().join("fuzz/corpus/journal/session.log")).expect("seed");
    let (entries, intact) = kaikaku::store::journal::decode(&session);
    assert_eq!((entries.len(), intact), (4, session.len()));
    let table =
        fs::read_to_string(repo_root().join("fuzz/corpus/table_import/cells.tsv")).expect("seed");
    let items = kaikaku::report::import::read_indicators(
        &table,
        &kaikaku::report::import::ImportOptions::default(),
        kaikaku::model::FiscalYear(2027),
    )
    .expect("cells.tsv reads");
    assert_eq!(items.len(), 3);
}
