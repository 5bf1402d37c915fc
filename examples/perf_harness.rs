//! Measurement harness for `scripts/bench-compare` and docs/performance.md.
//!
//! `perf_harness floor DIR`  read every workspace file and parse it into `ron::Value` (the
//!                            floor any RON reader pays)
//! `perf_harness load DIR`   `Workspace::load` + `check()` (what kaikaku does)
//! `perf_harness rss DIR`    load, build the TUI, render one 160×48 frame, print `VmHWM` (KiB)
//! `perf_harness keys DIR N` N keystrokes per screen, print p50/p99 keystroke → frame (µs)
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::type_complexity
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kaikaku::store::Workspace;
use kaikaku::tui::{Action, App, Options, dispatch, view::view};
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

fn keys(dir: &Path, n: usize) {
    let workspace = Workspace::load(dir).unwrap();
    let mut app = App::new(workspace, Options::default());
    app.size = (160, 48);
    let mut term = terminal();
    let start = Instant::now();
    frame(&app, &mut term);
    println!("first frame: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    let screens: [(&str, Action, fn(usize) -> Action); 3] = [
        ("plan tree (Down)", Action::ShowTree, |_| Action::Down),
        ("KPI view (Down)", Action::ShowKpi, |_| Action::Down),
        ("meeting typing", Action::ShowMeeting, |i| {
            Action::EditorKey(KeyEvent::new(
                KeyCode::Char(['改', '革', 'の', '推', '進', 'a', ' '][i % 7]),
                KeyModifiers::NONE,
            ))
        }),
    ];
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
            let workspace = Workspace::load(&dir).unwrap();
            let problems = workspace.check();
            assert!(problems.is_empty(), "{problems:?}");
            println!(
                "{} plans, {} meetings",
                workspace.plans.len(),
                workspace.meetings.len()
            );
        }
        "rss" => {
            let workspace = Workspace::load(&dir).unwrap();
            let app = App::new(workspace, Options::default());
            frame(&app, &mut terminal());
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let hwm = status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("0");
            println!("{hwm}");
        }
        "keys" => keys(&dir, args.get(3).map_or(500, |n| n.parse().unwrap())),
        other => panic!("unknown mode {other}"),
    }
}
