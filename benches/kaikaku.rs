//! Criterion benchmarks on generated workspaces (`kaikaku dev generate`).
//!
//! Small and medium run by default; `KAIKAKU_BENCH_LARGE=1` adds large. Workspaces are
//! generated once into `target/kaikaku-bench/<scale>` and reused (delete them to regenerate);
//! the phase-commit benchmark works on a copy so the reference workspace stays untouched.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kaikaku::dev::{Scale, generate};
use kaikaku::history::commit::{PhaseRequest, commit_phase};
use kaikaku::history::diff::diff;
use kaikaku::history::git_source::{load_changed, resolve_commit};
use kaikaku::history::log::{Item, item_history, item_history_indexed, timeline};
use kaikaku::history::{audit::audit, repo};
use kaikaku::model::Language;
use kaikaku::search::SearchIndex;
use kaikaku::store::Workspace;
use kaikaku::tui::loading::{self, Start};
use kaikaku::tui::{App, Command, Msg, Options, dispatch, palette, view::view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn bench_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("kaikaku-bench")
}

/// The workspace of a scale, generated on first use.
fn workspace(name: &str) -> PathBuf {
    let dir = bench_root().join(name);
    if !dir.join("kaikaku.ron").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        generate(&dir, Scale::named(name).unwrap(), 1).unwrap();
    }
    dir
}

fn scales() -> Vec<&'static str> {
    let mut out = vec!["small", "medium"];
    if std::env::var_os("KAIKAKU_BENCH_LARGE").is_some_and(|v| v == "1") {
        out.push("large");
    }
    out
}

fn app(dir: &Path) -> App {
    let mut app = App::new(Workspace::load(dir).unwrap(), Options::default());
    app.size = (160, 48);
    app
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| view(app, f)).unwrap();
}

/// The TUI's first frame as it starts now: the preview (settings and one plan), drawn.
fn preview_app(dir: &Path) -> App {
    let mut app = App::loading(loading::preview(dir).unwrap(), Options::default());
    app.size = (160, 48);
    app
}

fn core(c: &mut Criterion) {
    for name in scales() {
        let dir = workspace(name);
        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
        group.bench_function("load+validate", |b| {
            b.iter(|| {
                let workspace = Workspace::load(&dir).unwrap();
                assert!(workspace.check().is_empty());
            });
        });
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
        let mut tui = app(&dir);
        for (label, screen) in [
            ("key→frame tree", Command::ShowTree),
            ("key→frame kpi", Command::ShowKpi),
        ] {
            dispatch(&mut tui, screen);
            group.bench_function(label, |b| {
                b.iter(|| {
                    dispatch(&mut tui, Command::Down);
                    draw(&tui, &mut terminal);
                });
            });
        }
        dispatch(&mut tui, Command::ShowMeeting);
        group.bench_function("key→frame meeting typing", |b| {
            b.iter(|| {
                dispatch(
                    &mut tui,
                    Msg::EditorKey(KeyEvent::new(KeyCode::Char('改'), KeyModifiers::NONE)),
                );
                draw(&tui, &mut terminal);
            });
        });
        group.bench_function("palette query", |b| {
            b.iter(|| palette::search(&tui, "窓口 推進"));
        });
        let workspace = Workspace::load(&dir).unwrap();
        group.bench_function("report kpi", |b| {
            let plans: Vec<_> = workspace.plans.iter().map(|p| &p.value).collect();
            b.iter(|| {
                let rows = kaikaku::report::kpi_report::kpi_rows(&plans, None);
                kaikaku::report::kpi_report::kpi_text(
                    &rows,
                    kaikaku::model::Language::Ja,
                    workspace.settings(),
                    None,
                )
            });
        });
        let git = repo::open(&dir).unwrap();
        group.bench_function("log (timeline)", |b| {
            b.iter(|| timeline(&git, None, None).unwrap().len());
        });
        // As `kaikaku log` and `kaikaku audit` run: without libgit2's per-read hashing (the
        // audit hashes each object itself, once).
        git2::opts::strict_hash_verification(false);
        group.bench_function("log --kpi", |b| {
            b.iter(|| {
                item_history(&git, &Item::Kpi("k-01-0001".into()), None)
                    .unwrap()
                    .len()
            });
        });
        // As `kaikaku log --kpi|--node|--meeting` runs: with the mention index in the bench
        // workspace's `.kaikaku/cache` (built by the first iteration, then read).
        for (name, item) in [
            ("log --kpi (mention index)", Item::Kpi("k-01-0001".into())),
            ("log --node (mention index)", Item::Node("p01-1".into())),
            (
                "log --meeting (mention index)",
                Item::Meeting("fy2016-01".into()),
            ),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| item_history_indexed(&git, &item, None, &dir).unwrap().len());
            });
        }
        group.bench_function("diff cycle tags", |b| {
            b.iter(|| {
                let tree = |rev: &str| resolve_commit(&git, rev).unwrap().tree().unwrap();
                let (old, new) = load_changed(
                    &git,
                    Some(&tree("cycle/FY2023")),
                    &tree("cycle/FY2024"),
                    None,
                )
                .unwrap();
                diff(&old, &new).changes.len()
            });
        });
        // One pass over the history (issue 18): large too, behind KAIKAKU_BENCH_LARGE=1.
        group.bench_function("audit", |b| b.iter(|| audit(&dir, None).unwrap()));
        git2::opts::strict_hash_verification(true);
        group.finish();
    }
}

/// The TUI's staged start: the first frame (from the preview), and the whole of it.
fn startup(c: &mut Criterion) {
    for name in scales() {
        let dir = workspace(name);
        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
        group.bench_function("tui first frame", |b| {
            b.iter(|| {
                let app = preview_app(&dir);
                draw(&app, &mut Terminal::new(TestBackend::new(160, 48)).unwrap());
            });
        });
        // The rest of the staged start (on the loading thread in the TUI, here inline): the
        // whole load, the check, the merge and the frame after it.
        group.bench_function("tui fully loaded", |b| {
            b.iter(|| {
                let mut app = preview_app(&dir);
                let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
                draw(&app, &mut terminal);
                let start = Start {
                    root: dir.clone(),
                    read_only: None,
                };
                let finished = loading::load(&start, &|_| {});
                dispatch(&mut app, Msg::Loaded(Box::new(finished)));
                assert!(app.core.load.is_complete());
                draw(&app, &mut terminal);
            });
        });
        group.finish();
    }
}

/// A phase commit of one changed figure, on a copy of the workspace.
fn phase_commit(c: &mut Criterion) {
    for name in scales() {
        let source = workspace(name);
        let dir = bench_root().join(format!("{name}-commit"));
        if !dir.join("kaikaku.ron").exists() {
            let status = std::process::Command::new("cp")
                .arg("-a")
                .arg(&source)
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success());
        }
        let git = repo::open(&dir).unwrap();
        let mut config = git.config().unwrap();
        config.set_str("user.name", "Bench").unwrap();
        config.set_str("user.email", "bench@example.jp").unwrap();
        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
        let mut n = 0u64;
        group.bench_function("phase commit (one figure)", |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let mut workspace = Workspace::load(&dir).unwrap();
                    let plan = workspace.plans[0].value.id.clone();
                    let year = kaikaku::model::FiscalYear(2016);
                    let value: kaikaku::model::Figure = format!("{}.5", 100 + n).parse().unwrap();
                    let edited = workspace.plan_mut(&plan).unwrap();
                    let indicator = edited.indicator_mut("k-01-0001").unwrap();
                    indicator.set_actual(year, value, None);
                    workspace.save_plan_by_id(&plan).unwrap();
                },
                |()| commit_phase(&dir, &PhaseRequest::default()).unwrap(),
                BatchSize::PerIteration,
            );
        });
        group.finish();
    }
}

/// `import kpi` on a generated wide table: reading the grid, recognising the layout and
/// applying it to an empty plan, at 5,000 and 50,000 rows (issue 15: it must stay linear).
fn import_kpi(c: &mut Criterion) {
    use kaikaku::report::import::{ImportOptions, apply, read_rows, read_table};
    let mut group = c.benchmark_group("import kpi");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for rows in [5_000usize, 50_000] {
        let mut text = String::from("指標\t基準値(R5)\tR6\tR7\t目標値(R9)\n");
        for i in 0..rows {
            text.push_str(&format!(
                "指標{i:06}\t{}\t{}.5\t{}\t100以上\n",
                i % 90,
                i % 80,
                i % 70
            ));
        }
        let period = kaikaku::model::Period {
            from: kaikaku::model::FiscalYear(2023),
            to: kaikaku::model::FiscalYear(2027),
        };
        group.bench_function(format!("{rows} rows"), |b| {
            b.iter(|| {
                let grid = read_rows(&text).unwrap();
                let table = read_table(&grid, &ImportOptions::default(), period).unwrap();
                let mut plan = kaikaku::model::Plan::new("p", "p", "市", period);
                apply(&mut plan, &table.indicators, &ImportOptions::default()).unwrap()
            });
        });
    }
    group.finish();
}

/// Search: building the index, syncing it, and one keystroke's query (budget: 16 ms p99 on
/// large, issue 18).
fn search(c: &mut Criterion) {
    for name in scales() {
        let dir = workspace(name);
        let mut group = c.benchmark_group(name);
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(5));
        let workspace = Workspace::load(&dir).unwrap();
        group.bench_function("search index build", |b| {
            b.iter(|| SearchIndex::build(&workspace, Language::Ja));
        });
        let mut index = SearchIndex::build(&workspace, Language::Ja);
        group.bench_function("search index sync (nothing changed)", |b| {
            b.iter(|| index.sync(&workspace));
        });
        // A keystroke: the query as it grows while typed (the budget is per keystroke), and
        // a common word found in thousands of statements.
        let typed: Vec<String> = [
            "テ",
            "テレ",
            "テレワ",
            "テレワー",
            "テレワーク",
            "窓口 推進",
            "の",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        let mut next = 0;
        group.bench_function("search keystroke", |b| {
            b.iter(|| {
                next = (next + 1) % typed.len();
                index.search(&typed[next], &[], 50)
            });
        });
        // The first keystroke of a word: nothing to narrow from (the last query was another
        // word), so the whole index is scanned.
        let mut next = 0;
        group.bench_function("search first keystroke", |b| {
            b.iter(|| {
                next = (next + 1) % 3;
                index.search(["テ", "の", "商"][next], &[], 200)
            });
        });
        // `kaikaku search` from the stored index (`.kaikaku/cache/search.bin`): open,
        // validate against the files, query. Written here first when the files are settled.
        let snapshot = kaikaku::search::cache::Snapshot::take(&dir).unwrap();
        let written = kaikaku::search::cache::write(&dir, &snapshot, &index, Some(Language::Ja));
        if written.unwrap() {
            group.bench_function("search from the stored index", |b| {
                b.iter(|| {
                    let (stored, _) =
                        kaikaku::search::cache::open(&dir, Some(Language::Ja)).unwrap();
                    stored.try_search("窓口", &[], 50).unwrap()
                });
            });
        }
    }
}

criterion_group!(benches, startup, core, search, phase_commit, import_kpi);
criterion_main!(benches);
