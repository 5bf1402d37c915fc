//! Measurement harness for `scripts/bench-compare` and docs/performance.md.
//!
//! `perf_harness floor DIR`  read every workspace file and parse it into `ron::Value` (the
//!                            floor any RON reader pays)
//! `perf_harness load DIR`   `Workspace::load` + `check()` (what kaikaku does)
//! `perf_harness rss DIR`    start the TUI as `kaikaku` does (preview, background load, merge),
//!                            render a 160×48 frame, print `VmHWM` (KiB)
//! `perf_harness start DIR`  the staged start, timed from the first read: first frame (preview,
//!                            plus the grace the TUI waits for a small load), keystroke → frame
//!                            while the rest loads, fully loaded (merged and drawn), peak RSS
//! `perf_harness keys DIR N` N keystrokes per screen, print p50/p99 keystroke → frame (µs)
//! `perf_harness item-history DIR KPI_ID [N]`  the TUI's per-item history of an indicator,
//!                            N times (default 1): from Shift-H on the KPI screen to the frame
//!                            that shows the finished history, with the read on its own
//!                            thread as the event loop runs it (the workspace load is not
//!                            timed); prints one line per run, in ms
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::type_complexity
)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kaikaku::store::Workspace;
use kaikaku::tui::loading::{self, LoadUpdate, Start};
use kaikaku::tui::{App, Command, Msg, Options, dispatch, view::view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.join("kaikaku.ron")];
    for sub in ["plans", "minutes"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        names.sort();
        out.extend(names);
    }
    out
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(160, 48)).unwrap()
}

fn frame(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| view(app, f)).unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn peak_rss_kib() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0")
        .to_string()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// What a staged start measured.
struct Staged {
    app: App,
    first_frame: Duration,
    loaded: Duration,
    /// Keystroke → frame on the plan tree while the background load ran.
    keys: Vec<Duration>,
}

/// The TUI's start without a terminal: preview, first frame (after waiting up to the grace
/// for a small load, as the TUI does), then one Down key every 10 ms (a key held down) drawn
/// while the rest loads, then the merge and its frame.
fn staged_start(dir: &Path) -> Staged {
    let start = Instant::now();
    let preview = loading::preview(dir).unwrap();
    let mut app = App::loading(preview, Options::default());
    app.size = (160, 48);
    let (sender, updates) = mpsc::channel();
    loading::spawn(
        Start {
            root: dir.to_path_buf(),
            read_only: None,
        },
        move |update| {
            let _ = sender.send(update);
        },
    )
    .unwrap();
    let mut finished = None;
    let grace = start.elapsed() + loading::FIRST_FRAME_GRACE;
    while finished.is_none() {
        let Some(left) = grace.checked_sub(start.elapsed()) else {
            break;
        };
        match updates.recv_timeout(left) {
            Ok(LoadUpdate::Progress(p)) => dispatch(&mut app, Msg::LoadProgress(p)),
            Ok(LoadUpdate::Finished(f)) => finished = Some(f),
            Err(_) => break,
        }
    }
    if let Some(f) = finished.take() {
        dispatch(&mut app, Msg::Loaded(f));
    }
    let mut term = terminal();
    frame(&app, &mut term);
    let first_frame = start.elapsed();
    dispatch(&mut app, Command::ShowTree);
    let mut keys = Vec::new();
    while app.core.load.is_loading() {
        match updates.recv_timeout(Duration::from_millis(10)) {
            Ok(LoadUpdate::Progress(p)) => {
                dispatch(&mut app, Msg::LoadProgress(p));
                frame(&app, &mut term);
            }
            Ok(LoadUpdate::Finished(f)) => {
                dispatch(&mut app, Msg::Loaded(f));
                frame(&app, &mut term);
            }
            Err(RecvTimeoutError::Timeout) => {
                let key = Instant::now();
                dispatch(&mut app, Command::Down);
                frame(&app, &mut term);
                keys.push(key.elapsed());
            }
            Err(RecvTimeoutError::Disconnected) => panic!("the loader stopped"),
        }
    }
    let loaded = start.elapsed();
    keys.sort();
    Staged {
        app,
        first_frame,
        loaded,
        keys,
    }
}

fn start(dir: &Path) {
    let staged = staged_start(dir);
    assert_eq!(
        staged.app.core.problems.as_ref().map(Vec::len),
        Some(0),
        "the workspace checks clean"
    );
    println!("first frame: {:.1} ms", ms(staged.first_frame));
    if let (Some(last), false) = (staged.keys.last(), staged.keys.is_empty()) {
        println!(
            "keys while loading (tree, Down): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (n={})",
            ms(percentile(&staged.keys, 0.5)),
            ms(percentile(&staged.keys, 0.99)),
            ms(*last),
            staged.keys.len()
        );
    }
    println!("fully loaded: {:.1} ms", ms(staged.loaded));
    println!(
        "{} plans, {} meetings, peak RSS {} KiB",
        staged.app.core.workspace.plans.len(),
        staged.app.core.workspace.meetings.len(),
        peak_rss_kib()
    );
}

fn keys(dir: &Path, n: usize) {
    let workspace = Workspace::load(dir).unwrap();
    let mut app = App::new(workspace, Options::default());
    app.size = (160, 48);
    let mut term = terminal();
    let start = Instant::now();
    frame(&app, &mut term);
    println!("first frame: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    let screens: [(&str, Command, fn(usize) -> Msg); 3] = [
        ("plan tree (Down)", Command::ShowTree, |_| {
            Command::Down.into()
        }),
        ("KPI view (Down)", Command::ShowKpi, |_| {
            Command::Down.into()
        }),
        ("meeting typing", Command::ShowMeeting, |i| {
            Msg::EditorKey(KeyEvent::new(
                KeyCode::Char(['改', '革', 'の', '推', '進', 'a', ' '][i % 7]),
                KeyModifiers::NONE,
            ))
        }),
    ];
    // The palette (statement search, issue 18): typing queries as a user does, each
    // keystroke a search over every statement and a frame; a cleared line after each word.
    let words: Vec<Vec<char>> = ["テレワーク", "窓口 推進", "の", "商業施設", "kaikaku"]
        .iter()
        .map(|w| w.chars().collect())
        .collect();
    dispatch(&mut app, Command::OpenPalette);
    frame(&app, &mut term);
    let mut palette = Vec::with_capacity(n);
    let (mut word, mut at) = (0, 0);
    for _ in 0..n {
        let msg = if at == words[word].len() {
            (word, at) = ((word + 1) % words.len(), 0);
            Msg::ClearLine
        } else {
            at += 1;
            Msg::Type(words[word][at - 1])
        };
        let start = Instant::now();
        dispatch(&mut app, msg);
        frame(&app, &mut term);
        palette.push(start.elapsed());
    }
    palette.sort();
    println!(
        "palette typing: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (n={n})",
        percentile(&palette, 0.5).as_secs_f64() * 1e3,
        percentile(&palette, 0.99).as_secs_f64() * 1e3,
        palette.last().unwrap().as_secs_f64() * 1e3,
    );
    dispatch(&mut app, Command::Cancel);
    for (name, open, key) in screens {
        dispatch(&mut app, open);
        frame(&app, &mut term);
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let start = Instant::now();
            dispatch(&mut app, key(i));
            frame(&app, &mut term);
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{name}: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (n={n})",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        );
    }
}

/// Shift-H on the indicator `kpi`, `runs` times: request → background read → its answer
/// dispatched → the frame showing the history, each timed.
fn item_history(dir: &Path, kpi: &str, runs: usize) {
    use kaikaku::tui::screen::item_history::Reading;
    let workspace = Workspace::load(dir).unwrap();
    let plan = workspace
        .plans
        .iter()
        .position(|p| p.value.indicator(kpi).is_some())
        .expect("a plan with that indicator");
    let mut app = App::new(workspace, Options::default());
    app.core.show_plan(plan);
    dispatch(&mut app, Command::ShowKpi);
    app.kpi.select(&app.core, kpi);
    assert_eq!(app.selected_indicator().map(|i| i.id.as_str()), Some(kpi));
    let mut terminal = terminal();
    for _ in 0..runs {
        let start = Instant::now();
        dispatch(&mut app, Command::ItemHistory);
        frame(&app, &mut terminal);
        let (sender, answers) = mpsc::channel();
        for task in std::mem::take(&mut app.tasks) {
            let sender = sender.clone();
            std::thread::spawn(move || sender.send(task.run()).unwrap());
        }
        let done = answers.recv().unwrap();
        dispatch(&mut app, Msg::TaskDone(Box::new(done)));
        frame(&app, &mut terminal);
        let elapsed = start.elapsed();
        let view = app.item_history.shown.as_ref().unwrap();
        assert_eq!(view.reading, Reading::Done, "{:?}", app.core.message);
        println!(
            "item-history {:.1} ms, {} commits",
            ms(elapsed),
            view.entries.len()
        );
        dispatch(&mut app, Command::Cancel);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(2).expect("usage: perf_harness MODE DIR [N]"));
    match args[1].as_str() {
        "floor" => {
            let mut count = 0;
            for path in files(&dir) {
                let text = std::fs::read_to_string(&path).unwrap();
                let value: ron::Value = ron::from_str(&text).unwrap();
                count += usize::from(value != ron::Value::Unit);
            }
            println!("{count} files parsed");
        }
        "load" => {
            let start = Instant::now();
            let workspace = Workspace::load(&dir).unwrap();
            let loaded = start.elapsed();
            let problems = workspace.check();
            eprintln!(
                "load {:.0} ms, check {:.0} ms",
                loaded.as_secs_f64() * 1e3,
                start.elapsed().saturating_sub(loaded).as_secs_f64() * 1e3
            );
            assert!(problems.is_empty(), "{problems:?}");
            println!(
                "{} plans, {} meetings",
                workspace.plans.len(),
                workspace.meetings.len()
            );
        }
        "rss" => {
            let staged = staged_start(&dir);
            frame(&staged.app, &mut terminal());
            println!("{}", peak_rss_kib());
        }
        "start" => start(&dir),
        "keys" => keys(&dir, args.get(3).map_or(500, |n| n.parse().unwrap())),
        "item-history" => item_history(
            &dir,
            args.get(3)
                .expect("usage: perf_harness item-history DIR KPI_ID [N]"),
            args.get(4).map_or(1, |n| n.parse().unwrap()),
        ),
        other => panic!("unknown mode {other}"),
    }
}
