//! `kaikaku search` from its stored index (`.kaikaku/cache/search.bin`): the real binary
//! answers the same from the cache as from a load, and never from a stale one.

use crate::common::{kaikaku, run, sample_workspace, stderr, stdout};
use std::path::Path;
use std::time::{Duration, SystemTime};

const MINUTES: &str = "minutes/2021-03-22-kaikaku-suishin-1.ron";

/// Sets the workspace files' modification times an hour back: files written within two
/// seconds of a search are never cached (a change in the same clock tick would not show).
fn settle(dir: &Path) {
    let past = SystemTime::now() - Duration::from_hours(1);
    let mut paths = vec![dir.join("kaikaku.ron")];
    for sub in ["plans", "minutes"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("listed") {
            paths.push(entry.expect("entry").path());
        }
    }
    for path in paths {
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("opened");
        file.set_modified(past).expect("backdated");
    }
}

fn search(home: &Path, dir: &Path, args: &[&str]) -> String {
    let output = run(kaikaku(home)
        .arg("--workspace")
        .arg(dir)
        .arg("search")
        .args(args));
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_cached_answer_is_the_loaded_one_and_an_edit_is_seen_at_once() {
    let (temp, dir) = sample_workspace();
    settle(&dir);
    let cache = dir.join(".kaikaku/cache/search.bin");
    let queries: [&[&str]; 4] = [
        &["窓口"],
        &["てれわーく", "--format", "json"],
        &["市役所", "改革", "--kind", "node", "--limit", "3"],
        &["zzzz存在しない"],
    ];
    let loaded: Vec<String> = queries
        .iter()
        .map(|q| search(temp.path(), &dir, q))
        .collect();
    assert!(cache.exists(), "the first search stored its index");
    for (query, expected) in queries.iter().zip(&loaded) {
        assert_eq!(&search(temp.path(), &dir, query), expected, "{query:?}");
    }
    // The minutes edited by hand (same workspace, no kaikaku involved): the next search
    // finds the new words, and the cache is not believed for the old ones either.
    let path = dir.join(MINUTES);
    let text = std::fs::read_to_string(&path).expect("read");
    let first = text.find("text: \"").expect("a statement") + "text: \"".len();
    let edited = format!("{}駐輪場の増設を{}", &text[..first], &text[first..]);
    std::fs::write(&path, edited).expect("edited");
    assert!(search(temp.path(), &dir, &["駐輪場の増設"]).starts_with("「駐輪場の増設」 1件"));
    assert!(search(temp.path(), &dir, &["zzzz存在しない"]).contains(" 0件"));
    // A damaged cache is no cache.
    settle(&dir);
    search(temp.path(), &dir, &["窓口"]);
    let mut bytes = std::fs::read(&cache).expect("cache");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&cache, bytes).expect("damaged");
    assert_eq!(search(temp.path(), &dir, &["窓口"]), loaded[0]);
}
