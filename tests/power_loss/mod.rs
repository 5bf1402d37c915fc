//! Suite 2 of the reliability issue: simulated power loss.
//!
//! A scripted meeting session (statements with speaker switches, a correction, a reorder, a
//! half-typed draft, idle journal syncs, meeting saves with journal compaction, a plan figure)
//! runs once on a simulated disk ([`disk`]) that records the state after every operation. At
//! each of those crash points the suite builds post-crash disks — all pending writes kept, all
//! lost, every in-order prefix kept, each one alone lost, zeroed or torn with garbage while
//! the rest lands (reordering), and seeded random mixes — and
//! "reboots" every one of them through the real loader and journal recovery ([`reboot`]):
//! everything reported saved is there, every RON file is an old or a new text and parses,
//! a torn journal tail is cut and the next append is read back.
//!
//! `KAIKAKU_LONG=1` runs 64 random mixes per crash point instead of 4, and tears each pending
//! write at more places (first byte, a quarter, last byte; cut, zeros or garbage after);
//! `KAIKAKU_POWER_SEEDS=N` sets the number of random mixes.

mod disk;
mod fsync_error;
mod reboot;
mod session;

use std::collections::{HashMap, HashSet};

use crate::common::{Rng, long_run};
use std::hash::{Hash, Hasher};

use disk::{Fate, Image, Kind, Model, Tail};

/// The fate of one pending write at a power cut, drawn at random (entries of a directory are
/// kept or lost; file data can also be zeroed or torn).
fn random_fate(rng: &mut Rng, kind: Kind) -> Fate {
    if kind == Kind::Entry {
        return if rng.below(2) == 0 {
            Fate::Kept
        } else {
            Fate::Lost
        };
    }
    match rng.below(6) {
        0 | 1 => Fate::Kept,
        2 => Fate::Lost,
        3 => Fate::Zeroed,
        _ => Fate::Torn {
            keep: u16::try_from(rng.below(1000)).unwrap_or(500),
            tail: match rng.below(3) {
                0 => Tail::Cut,
                1 => Tail::Zeros,
                _ => Tail::Garbage(u8::try_from(rng.below(256)).unwrap_or(1)),
            },
        },
    }
}

/// The post-crash disks checked at one crash point, described for failure messages.
fn crash_images(model: &Model, seed: u64, random: usize) -> Vec<(String, Image)> {
    let mut out = vec![
        (
            "every pending write kept".to_string(),
            model.crash(&mut |_, _| Fate::Kept),
        ),
        (
            "every pending write lost".to_string(),
            model.crash(&mut |_, _| Fate::Lost),
        ),
    ];
    let mut single = vec![
        Fate::Lost,
        Fate::Zeroed,
        Fate::Torn {
            keep: 500,
            tail: Tail::Garbage(3),
        },
    ];
    if long_run() {
        for keep in [1, 250, 999] {
            for tail in [Tail::Cut, Tail::Zeros, Tail::Garbage(9)] {
                single.push(Fate::Torn { keep, tail });
            }
        }
    }
    // The disk wrote in order and stopped: the first items landed, none after.
    for landed in 1..model.pending() {
        out.push((
            format!("the first {landed} pending items kept, the rest lost"),
            model.crash(&mut |i, _| if i < landed { Fate::Kept } else { Fate::Lost }),
        ));
    }
    // One item alone goes wrong while everything after it lands: reordering.
    for item in 0..model.pending() {
        for fate in &single {
            let image = model.crash(&mut |i, kind| match (i == item, kind) {
                (true, Kind::Entry) => Fate::Lost,
                (true, Kind::Write) => *fate,
                (false, _) => Fate::Kept,
            });
            out.push((
                format!("pending item {item} {fate:?}, the rest kept"),
                image,
            ));
        }
    }
    for n in 0..random {
        let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        out.push((
            format!("random mix {n} (seed {seed})"),
            model.crash(&mut |_, kind| random_fate(&mut rng, kind)),
        ));
    }
    out
}

fn fingerprint(image: &Image) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    image.files.hash(&mut hasher);
    image.dirs.hash(&mut hasher);
    hasher.finish()
}

/// Runs the session and reboots every post-crash state of every crash point; returns the
/// violations found (each naming the crash point and the state) and how many were checked.
/// The same disk often follows several crash points (all pending writes lost, say): it is
/// restarted once and judged against each.
fn check_session(random: usize) -> (Vec<String>, usize) {
    let temp = tempfile::tempdir().expect("tempdir");
    let session = session::run(&temp.path().join("ws"));
    session.disk.check_live();
    let mut restarts: HashMap<u64, reboot::Restart> = HashMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for snapshot in session.disk.snapshots() {
        let mut seen = HashSet::new();
        for (what, image) in crash_images(&snapshot.model, snapshot.op as u64, random) {
            let key = fingerprint(&image);
            if !seen.insert(key) {
                continue;
            }
            checked += 1;
            let restart = restarts
                .entry(key)
                .or_insert_with(|| reboot::restart(&image));
            for problem in reboot::judge(&session.oracle, snapshot.op, restart) {
                problems.push(format!(
                    "power cut after op {} ({}), {what}: {problem}",
                    snapshot.op, snapshot.label
                ));
            }
        }
    }
    let torn = restarts.values().filter(|r| r.cut_bytes > 0).count();
    eprintln!(
        "power loss: {} crash points, {checked} post-crash states, {} distinct disks \
         restarted, {torn} with a torn journal tail cut",
        session.disk.snapshots().len(),
        restarts.len()
    );
    // The tail-cutting path must be exercised, or the suite proves less than it says.
    assert!(torn > 20, "only {torn} restarts found a torn journal tail");
    (problems, checked)
}

#[test]
fn a_power_cut_at_any_step_loses_nothing_reported_saved() {
    let random = std::env::var("KAIKAKU_POWER_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if long_run() { 64 } else { 4 });
    let (problems, checked) = check_session(random);
    assert!(checked > 300, "only {checked} states checked");
    assert!(
        problems.is_empty(),
        "{} violations, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// The checker is not blind: a save that writes in place without fsync (what an editor does
/// naively) is caught losing and tearing the file.
#[test]
fn the_checker_catches_a_naive_save() {
    use kaikaku::store::fs_layer::FsLayer;

    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("ws");
    let mut session = session::Session::start(&root);
    let rel = std::path::PathBuf::from("plans/kumamoto-reform-plan-2023.ron");
    let old = std::fs::read(root.join(&rel)).expect("read");
    let new = String::from_utf8(old.clone())
        .expect("utf-8")
        .replace("kumamoto", "KUMAMOTO")
        .into_bytes();
    let begin = session.disk.ops();
    // Naive: a new file written under a temp name, renamed, never fsynced.
    let temp_file = root.join("plans/.naive");
    let mut file = session.disk.create_new(&temp_file).expect("create");
    file.write_all(&new).expect("write");
    drop(file);
    session
        .disk
        .rename(&temp_file, &root.join(&rel))
        .expect("rename");
    let versions = session.oracle.files.get_mut(&rel).expect("plan versions");
    versions.push(session::Step {
        label: "naive save".into(),
        begin,
        end: session.disk.ops(),
        acked: true,
        value: Some(new),
    });
    let model = session.disk.model();
    let op = session.disk.ops();
    let found: Vec<String> = crash_images(&model, 1, 0)
        .into_iter()
        .flat_map(|(_, image)| reboot::violations(&session.oracle, op, &image))
        .collect();
    assert!(
        found
            .iter()
            .any(|p| p.contains("none of the texts allowed")),
        "a lost rename went unnoticed: {found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("unreadable")),
        "a torn RON file went unnoticed: {found:?}"
    );
    session.disk.check_live();
}
