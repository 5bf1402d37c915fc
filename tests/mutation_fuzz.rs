//! Seeded mutation fuzzing of the loader, the validator, the reports and the commands over
//! the sample files (issue 15, "keep them closed"). Each case mutates one or more sample
//! files (bytes flipped, spans deleted or doubled, tokens and hostile characters inserted,
//! numbers replaced, lines swapped, files truncated) and checks that
//!
//! - nothing panics and nothing hangs,
//! - every diagnostic is positioned (`path:line:column` inside the file it names),
//! - no output holds a raw control, bidi or invisible character,
//! - the real binary exits 0, 1 or 2 only.
//!
//! By default a few thousand in-process cases and a few dozen binary runs (seconds);
//! `KAIKAKU_LONG=1` runs ten times more, and `KAIKAKU_FUZZ_SEED=S` starts at another seed.
//! A failure names its seed; the case replays exactly with `KAIKAKU_FUZZ_SEED=S` and
//! `KAIKAKU_FUZZ_CASES=1`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use kaikaku::model::FiscalYear;
use kaikaku::model::sanitize::is_unsafe_char;
use kaikaku::store::source::{ReadProblem, Source};
use kaikaku::store::{Diagnostic, Workspace};

use crate::common::{Rng, kaikaku, long_run, repo_root};

/// The sample files, by workspace path.
fn sample_files() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let root = repo_root();
    files.insert(
        "kaikaku.ron".to_string(),
        std::fs::read(root.join("kaikaku.ron")).expect("settings"),
    );
    for dir in ["plans", "minutes", "responses"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("ls").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if Path::new(&name).extension().is_some_and(|e| e == "ron") {
                files.insert(
                    format!("{dir}/{name}"),
                    std::fs::read(entry.path()).expect("read sample"),
                );
            }
        }
    }
    files
}

/// Files held in memory: the in-process cases load from here, with no disk in between.
struct MemSource(BTreeMap<String, Vec<u8>>);

impl Source for MemSource {
    fn describe(&self) -> String {
        "memory".into()
    }

    fn has_settings(&self) -> bool {
        self.0.contains_key("kaikaku.ron")
    }

    fn list(&self, dir: &str) -> kaikaku::error::Result<Vec<String>> {
        let prefix = format!("{dir}/");
        Ok(self
            .0
            .keys()
            .filter_map(|path| path.strip_prefix(&prefix))
            .map(str::to_string)
            .collect())
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ReadProblem> {
        self.0
            .get(rel)
            .cloned()
            .ok_or_else(|| ReadProblem::Io(std::io::Error::new(std::io::ErrorKind::NotFound, rel)))
    }

    fn root(&self) -> Option<&Path> {
        None
    }
}

/// Tokens a mutation inserts: RON syntax, numbers out of range, hostile characters.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    "\"",
    "\\",
    ":",
    "Some(",
    "None",
    "-1",
    "99999999999999999999999",
    "1e400",
    "\"\u{1b}[31m\u{9b}2J\"",
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{9b}",
    "\u{7f}",
    "\u{202e}",
    "\u{200b}",
    "\u{e0041}",
    "\u{2028}",
    "\0",
    "r#\"",
    "/*",
    "//",
    "\n",
    "令和",
    "０１２",
    "unknown_field: 1,",
    "id: \"../x\",",
    "year: 65535,",
    "status: \"no_such\",",
];

fn span(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = (start + 1 + rng.below(max)).min(len);
    (start, end)
}

/// One random mutation of a file's bytes.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    match rng.below(9) {
        0 if len > 0 => {
            let at = rng.below(len);
            bytes[at] = u8::try_from(rng.below(256)).expect("byte");
        }
        1 => {
            let (start, end) = span(rng, len, 64);
            bytes.drain(start..end);
        }
        2 => {
            let (start, end) = span(rng, len, 256);
            let copy = bytes[start..end].to_vec();
            bytes.splice(start..start, copy);
        }
        3 | 4 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(len + 1);
            bytes.splice(at..at, token.iter().copied());
        }
        5 => {
            // A hostile character inside a string (after a quote), kept valid RON.
            let quotes: Vec<usize> = (0..len).filter(|&i| bytes[i] == b'"').collect();
            if !quotes.is_empty() {
                let at = quotes[rng.below(quotes.len())] + 1;
                let hostile = ["\u{9b}", "\u{202e}", "\u{e0041}", "\u{2029}", "\u{7f}"];
                let token = hostile[rng.below(hostile.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
        }
        6 => {
            let at = rng.below(len + 1);
            bytes.truncate(at);
        }
        7 => {
            // Swap two lines.
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text.split('\n').collect();
            if lines.len() > 2 {
                let a = rng.below(lines.len());
                let b = rng.below(lines.len());
                lines.swap(a, b);
                *bytes = lines.join("\n").into_bytes();
            }
        }
        _ => {
            // A number replaced by another (negative, huge, fractional, or a year).
            let digits: Vec<usize> = (0..len).filter(|&i| bytes[i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                let at = digits[rng.below(digits.len())];
                let end = (at..len)
                    .find(|&i| !bytes[i].is_ascii_digit())
                    .unwrap_or(len);
                let numbers = ["-5", "0", "4294967296", "1.5", "2150", "1899", "007"];
                let number = numbers[rng.below(numbers.len())].as_bytes();
                bytes.splice(at..end, number.iter().copied());
            }
        }
    }
}

/// The sample with 1–3 mutations in one or two of its files; the names of the files hit.
fn mutated(rng: &mut Rng, base: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut files = base.clone();
    let names: Vec<String> = files.keys().cloned().collect();
    for _ in 0..=rng.below(2) {
        let name = &names[rng.below(names.len())];
        let bytes = files.get_mut(name).expect("file");
        for _ in 0..=rng.below(3) {
            mutate(rng, bytes);
        }
    }
    files
}

fn unsafe_in(text: &str) -> Vec<String> {
    text.chars()
        .filter(|c| is_unsafe_char(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// A diagnostic names a file of the case and a line and column inside it, and prints clean.
fn assert_positioned(diagnostic: &Diagnostic, files: &BTreeMap<String, Vec<u8>>, seed: u64) {
    let Some(bytes) = files.get(&diagnostic.path) else {
        panic!("seed {seed}: diagnostic on an unknown file: {diagnostic}");
    };
    let lines = String::from_utf8_lossy(bytes).split('\n').count();
    assert!(
        diagnostic.line >= 1 && diagnostic.column >= 1 && diagnostic.line <= lines,
        "seed {seed}: not positioned inside {} ({lines} lines): {diagnostic}",
        diagnostic.path
    );
    let shown = diagnostic.to_string();
    let raw = unsafe_in(&shown);
    assert!(raw.is_empty(), "seed {seed}: raw {raw:?} in {shown:?}");
}

/// One in-process case: load, validate, and build the reports the commands print. Returns
/// whether the mutation was found (a diagnostic or a refused workspace).
fn in_process_case(seed: u64, base: &BTreeMap<String, Vec<u8>>) -> bool {
    let mut rng = Rng(seed);
    let files = mutated(&mut rng, base);
    let source = MemSource(files.clone());
    // Broken settings refuse the whole workspace with a typed error: fine.
    let Ok(workspace) = Workspace::load_from(&source) else {
        return true;
    };
    let problems = workspace.check();
    for diagnostic in workspace.load_errors.iter().chain(&problems) {
        assert_positioned(diagnostic, &files, seed);
    }
    let found = !workspace.load_errors.is_empty() || !problems.is_empty();
    let settings = workspace.settings();
    for loaded in &workspace.plans {
        let plan = &loaded.value;
        for year in [plan.period.from, plan.period.to, FiscalYear(2022)] {
            let report = kaikaku::report::progress::progress_report(plan, settings, year);
            let _ = report.to_text(kaikaku::model::Language::Ja);
            let _ = report.to_json();
        }
        let rows = kaikaku::report::kpi_report::kpi_rows(&[plan], None);
        let _ = kaikaku::report::kpi_report::kpi_text(
            &rows,
            kaikaku::model::Language::En,
            settings,
            None,
        );
        let _ = kaikaku::report::kpi_report::kpi_json(&rows);
    }
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).expect("date");
    let _ = kaikaku::report::review::review_queue(&workspace, FiscalYear(2024), today);
    found
}

fn cases(default: u64) -> u64 {
    std::env::var("KAIKAKU_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if long_run() { default * 10 } else { default })
}

fn first_seed(offset: u64) -> u64 {
    std::env::var("KAIKAKU_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(offset)
}

/// Runs `case` for each seed on a worker thread; a panic fails with its seed, and a case
/// that takes longer than `limit` fails as a hang, naming the seed it hung on.
/// Returns how many cases returned true.
fn run_cases(
    count: u64,
    first: u64,
    limit: Duration,
    case: fn(u64, &BTreeMap<String, Vec<u8>>) -> bool,
) -> u64 {
    let base = sample_files();
    let current = Arc::new(AtomicU64::new(first));
    let (done, finished) = mpsc::channel();
    let worker_current = Arc::clone(&current);
    std::thread::spawn(move || {
        for seed in first..first + count {
            worker_current.store(seed, Ordering::SeqCst);
            let outcome = std::panic::catch_unwind(|| case(seed, &base));
            if outcome.is_err() {
                let _ = done.send(Err(seed));
                return;
            }
            let _ = done.send(Ok(outcome.unwrap_or(false)));
        }
    });
    let mut hits = 0;
    for _ in 0..count {
        match finished.recv_timeout(limit) {
            Ok(Ok(hit)) => hits += u64::from(hit),
            Ok(Err(seed)) => panic!(
                "seed {seed} panicked (see above); replay with KAIKAKU_FUZZ_SEED={seed} KAIKAKU_FUZZ_CASES=1"
            ),
            Err(mpsc::RecvTimeoutError::Timeout | mpsc::RecvTimeoutError::Disconnected) => {
                panic!("seed {} hung for {limit:?}", current.load(Ordering::SeqCst))
            }
        }
    }
    hits
}

/// The mutations must be found often, or the cases test nothing. (Most break the RON
/// syntax of one file; the reports still run on the rest of the workspace.)
fn assert_mix(what: &str, hits: u64, count: u64) {
    eprintln!("mutation fuzz: {what}: {hits} of {count} cases found a problem");
    if count >= 20 {
        assert!(
            hits * 4 >= count,
            "{what}: only {hits} of {count} mutations found"
        );
    }
}

#[test]
fn mutated_samples_load_validate_and_report_without_panic_or_stray_diagnostics() {
    let started = Instant::now();
    let count = cases(2_000);
    let hits = run_cases(
        count,
        first_seed(1),
        Duration::from_secs(30),
        in_process_case,
    );
    assert_mix("in-process", hits, count);
    eprintln!(
        "mutation fuzz: {count} in-process cases in {:?}",
        started.elapsed()
    );
}

/// The commands a binary case runs on the mutated workspace.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["fmt", "--check"],
    &["show", "plans"],
    &["show", "kpi", "--format", "json"],
    &["show", "plan", "kumamoto-reform-plan-2027"],
    &["review", "--format", "json"],
    &["review"],
    &["report", "progress"],
    &["report", "kpi", "--format", "csv"],
    &[
        "meeting",
        "export",
        "2021-03-22-kaikaku-suishin-1",
        "--format",
        "popolo",
    ],
];

/// Runs one command with a deadline; returns (exit code, stdout, stderr).
fn run_bounded(home: &Path, dir: &Path, args: &[&str], seed: u64) -> (i32, Vec<u8>, Vec<u8>) {
    let mut child = kaikaku(home)
        .arg("--workspace")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kaikaku");
    // Read the pipes on threads, so a full pipe never looks like a hang.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut buffer);
        buffer
    });
    let err = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut buffer);
        buffer
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("seed {seed}: {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (
        status.code().unwrap_or(-1),
        out.join().expect("stdout reader"),
        err.join().expect("stderr reader"),
    )
}

/// No raw control byte (C0 but tab and newline, DEL) and no unsafe character.
fn assert_clean_output(bytes: &[u8], what: &str) {
    let control = bytes
        .iter()
        .position(|&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f);
    assert!(control.is_none(), "{what}: raw control byte at {control:?}");
    let raw = unsafe_in(&String::from_utf8_lossy(bytes));
    assert!(raw.is_empty(), "{what}: raw {raw:?}");
}

/// Every problem line of `check` is `path:line:column: …` (or its hint, or the summary).
fn assert_check_lines(stdout: &[u8], seed: u64) {
    for line in String::from_utf8_lossy(stdout).lines() {
        if line.starts_with("  hint: ") || line.starts_with("  ヒント: ") {
            continue;
        }
        let mut parts = line.splitn(4, ':');
        let (path, row, column) = (parts.next(), parts.next(), parts.next());
        let numeric =
            |part: Option<&str>| part.is_some_and(|p| p.parse::<usize>().is_ok_and(|n| n >= 1));
        assert!(
            path.is_some_and(|p| Path::new(p).extension().is_some_and(|e| e == "ron"))
                && numeric(row)
                && numeric(column),
            "seed {seed}: check printed an unpositioned line: {line:?}"
        );
    }
}

/// Returns whether `check` found a problem.
fn binary_case(seed: u64, base: &BTreeMap<String, Vec<u8>>) -> bool {
    let mut rng = Rng(seed);
    let files = mutated(&mut rng, base);
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path().join("ws");
    for (path, bytes) in &files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, bytes).expect("write");
    }
    let mut found = false;
    for args in COMMANDS {
        let (code, stdout, stderr) = run_bounded(temp.path(), &dir, args, seed);
        let what = format!("seed {seed}: {args:?}");
        assert!(
            matches!(code, 0..=2),
            "{what}: exit {code}\n{}",
            String::from_utf8_lossy(&stderr)
        );
        assert_clean_output(&stdout, &format!("{what} stdout"));
        assert_clean_output(&stderr, &format!("{what} stderr"));
        if args == &["check"] {
            assert_check_lines(&stdout, seed);
            found = code != 0;
        }
    }
    // Read-only commands and `check` leave every file as it was.
    for (path, bytes) in &files {
        let now = std::fs::read(dir.join(path)).expect("read back");
        assert!(&now == bytes, "seed {seed}: {path} changed");
    }
    // `fmt` writes: a broken file is never written over, and what it rewrites loads clean.
    let broken_paths = |dir: &Path| -> Option<Vec<String>> {
        Workspace::load(dir)
            .ok()
            .map(|w| w.load_errors.iter().map(|d| d.path.clone()).collect())
    };
    let broken_before = broken_paths(&dir);
    let (code, stdout, stderr) = run_bounded(temp.path(), &dir, &["fmt"], seed);
    assert!(matches!(code, 0..=2), "seed {seed}: fmt exit {code}");
    assert_clean_output(&stdout, &format!("seed {seed}: fmt stdout"));
    assert_clean_output(&stderr, &format!("seed {seed}: fmt stderr"));
    let broken_after = broken_paths(&dir);
    for (path, bytes) in &files {
        let now = std::fs::read(dir.join(path)).expect("read back");
        if &now == bytes {
            continue;
        }
        let was_broken = broken_before.as_ref().is_none_or(|b| b.contains(path));
        assert!(!was_broken, "seed {seed}: fmt wrote over the broken {path}");
        let is_broken = broken_after.as_ref().is_none_or(|b| b.contains(path));
        assert!(
            !is_broken,
            "seed {seed}: fmt wrote {path}, which then does not load"
        );
    }
    for sub in ["plans", "minutes", "responses", ""] {
        let names = crate::common::file_names(&dir.join(sub));
        assert!(
            names.iter().all(|n| !n.contains("tmp")),
            "seed {seed}: temp file left in {sub:?}: {names:?}"
        );
    }
    found
}

#[test]
fn mutated_workspaces_through_the_real_binary() {
    let started = Instant::now();
    let count = cases(24);
    let hits = run_cases(
        count,
        first_seed(1_000_000),
        Duration::from_mins(5),
        binary_case,
    );
    assert_mix("binary", hits, count);
    eprintln!(
        "mutation fuzz: {count} binary cases ({} commands each) in {:?}",
        COMMANDS.len(),
        started.elapsed()
    );
}
