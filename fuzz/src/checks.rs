//! What each fuzz target does with one input, shared by the cargo-fuzz targets and by the
//! corpus replay in the ordinary test suite (`tests/fuzz_corpus.rs` includes this file), so a
//! crash found by the fuzzer and its committed input are checked by exactly the same code.
//!
//! Every function must not panic on any input; the `assert!`s state invariants that hold
//! whenever parsing succeeds (a panic there is a bug the fuzzer reports).

use std::str::FromStr;
use std::sync::LazyLock;

use kaikaku::model::response::ResponseFile;
use kaikaku::model::{FiscalYear, Meeting, Plan, Settings};
use kaikaku::store::canonical::{options, to_canonical};
use kaikaku::store::journal;
use kaikaku::store::workspace::parse_text;

/// The fuzz targets, by the name of their corpus directory (`fuzz/corpus/<name>/`).
pub const TARGETS: [&str; 5] = [
    "ron_workspace",
    "journal",
    "table_import",
    "fiscal_year",
    "minutes_import",
];

const SETTINGS_RON: &str = include_str!("../../kaikaku.ron");
const SAMPLE_MEETING_RON: &str = include_str!("../../minutes/2021-03-22-kaikaku-suishin-1.ron");
const SAMPLE_PLAN_RON: &str = include_str!("../../plans/kumamoto-reform-plan-2027.ron");

/// The samples are parsed once, not per input: fuzzing time goes to the input, not to them.
static SAMPLE_MEETING: LazyLock<Meeting> = LazyLock::new(|| {
    options()
        .from_str(SAMPLE_MEETING_RON)
        .expect("the sample meeting parses")
});
static SAMPLE_PLAN: LazyLock<Plan> = LazyLock::new(|| {
    options()
        .from_str(SAMPLE_PLAN_RON)
        .expect("the sample plan parses")
});
static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    options()
        .from_str(SETTINGS_RON)
        .expect("kaikaku.ron parses")
});

/// Runs the check of the target `name` on one input; unknown names are a caller's mistake.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "ron_workspace" => ron_workspace(data),
        "journal" => journal(data),
        "table_import" => table_import(data),
        "fiscal_year" => fiscal_year(data),
        "minutes_import" => minutes_import(data),
        other => panic!("no fuzz target named {other}"),
    }
}

/// Parses `data` as a file of type `T`; when it parses, the canonical form must parse back to
/// the same value and be a fixed point (load → save is byte-identical on canonical files).
fn round_trip<T>(path: &str, data: &[u8])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let Ok(loaded) = parse_text::<T>(path, data.to_vec()) else {
        return;
    };
    let canonical = to_canonical(&loaded.value).expect("a parsed value serialises");
    let again = parse_text::<T>(path, canonical.clone().into_bytes())
        .unwrap_or_else(|d| panic!("canonical form does not parse back: {d}\n{canonical}"));
    assert_eq!(
        again.value, loaded.value,
        "value changed through the canonical form"
    );
    let twice = to_canonical(&again.value).expect("serialises");
    assert_eq!(twice, canonical, "canonical form is not a fixed point");
}

/// The RON workspace loader: the same bytes as settings, a plan, a meeting and a responses
/// file (every file type the workspace loader reads).
pub fn ron_workspace(data: &[u8]) {
    round_trip::<Settings>("kaikaku.ron", data);
    round_trip::<Plan>("plans/fuzz.ron", data);
    round_trip::<Meeting>("minutes/fuzz.ron", data);
    round_trip::<ResponseFile>("responses/fuzz.ron", data);
}

/// Journal replay: decoding stops at the first bad record, the intact prefix re-encodes to
/// itself, and replaying onto the sample meeting never panics.
pub fn journal(data: &[u8]) {
    let (entries, intact) = journal::decode(data);
    assert!(intact <= data.len());
    let reencoded: Vec<u8> = entries.iter().flat_map(journal::encode).collect();
    let (again, again_intact) = journal::decode(&reencoded);
    assert_eq!(again, entries, "re-encoded records decode differently");
    assert_eq!(again_intact, reencoded.len());
    let mut meeting = SAMPLE_MEETING.clone();
    let _draft = journal::replay(&mut meeting, &entries);
    // Whatever was replayed must still save canonically.
    let _ = to_canonical(&meeting).expect("a replayed meeting serialises");
    // Torn tails: every prefix decodes to a prefix of the records.
    if data.len() <= 4096 {
        for cut in [intact / 2, intact.saturating_sub(1)] {
            let (some, _) = journal::decode(&data[..cut]);
            assert!(some.len() <= entries.len());
            assert_eq!(some[..], entries[..some.len()]);
        }
    }
}

/// Table cells and TSV/CSV import: each line as a cell, the whole text as a table, and the
/// table applied to the sample plan.
pub fn table_import(data: &[u8]) {
    use kaikaku::report::cells::parse_cell;
    use kaikaku::report::import::{ImportOptions, apply, find_year, read_indicators, read_rows};

    let text = String::from_utf8_lossy(data);
    for line in text.lines().take(64) {
        for cell in line.split(['\t', ',']).take(16) {
            if let Ok(parsed) = parse_cell(cell) {
                for unit in ["%", "億円", "百万円", "件", ""] {
                    let _ = parsed.figure_in(unit);
                }
            }
        }
        let _ = find_year(line);
    }
    let _ = read_rows(&text);
    let options = ImportOptions::default();
    if let Ok(items) = read_indicators(&text, &options, FiscalYear(2027)) {
        let mut plan = SAMPLE_PLAN.clone();
        let _ = apply(&mut plan, &items, &options);
        let overwrite = ImportOptions {
            overwrite: true,
            ..ImportOptions::default()
        };
        if apply(&mut plan, &items, &overwrite).is_ok() {
            let canonical = to_canonical(&plan).expect("an imported plan serialises");
            parse_text::<Plan>("plans/fuzz.ron", canonical.into_bytes())
                .unwrap_or_else(|d| panic!("an imported plan does not parse back: {d}"));
        }
    }
}

/// Fiscal years: a parsed year prints in forms that parse back to the same year.
pub fn fiscal_year(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(year) = FiscalYear::from_str(&text) {
        assert!(year.is_plausible(), "{year:?} accepted from {text:?}");
        for form in [
            year.western(),
            year.wareki(),
            year.wareki_short(),
            year.year().to_string(),
        ] {
            assert_eq!(
                FiscalYear::from_str(&form).ok(),
                Some(year),
                "{form} (from {text:?}) does not parse back"
            );
        }
    }
    let _ = kaikaku::report::import::find_year(&text);
}

/// The minutes text importer, with and without the sample roster; an imported meeting must
/// save canonically and load back.
pub fn minutes_import(data: &[u8]) {
    use kaikaku::report::minutes::import::import;

    let text = String::from_utf8_lossy(data);
    let settings: &Settings = &SETTINGS;
    for roster in [None, Some(settings)] {
        if let Ok(imported) = import(&text, roster) {
            let canonical =
                to_canonical(&imported.meeting).expect("an imported meeting serialises");
            parse_text::<Meeting>("minutes/fuzz.ron", canonical.into_bytes())
                .unwrap_or_else(|d| panic!("an imported meeting does not parse back: {d}"));
            let _ = kaikaku::report::minutes::export::to_plain_text(&imported.meeting);
        }
    }
}
