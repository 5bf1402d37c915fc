//! What every screen shares: the workspace, the language, the chosen fiscal year, today's
//! date, the status bar (save state, message, uncommitted count) and the load state. Screens
//! take `&mut Core` and their own state, never the whole app, so they cannot reach into each
//! other. Imports only the core crate modules.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::fiscal_year::{MAX_YEAR, MIN_YEAR};
use crate::model::{FiscalYear, Language, Period, Plan, Settings};
use crate::store::{Diagnostic, Progress, Workspace};

/// Whether everything reached the disk: the summary of [`Core::pending_writes`] the status
/// bar shows (保存済 / 未保存).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Some data is in memory only; the message says why (of the first pending write).
    NotSaved(String),
}

/// A write that failed, its data held in memory until a retry succeeds. NOT SAVED belongs
/// to each of these, not to the last save: a successful save of another file leaves it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PendingWrite {
    /// A plan file (the edits are in memory).
    Plan(String),
    /// A meeting file (the statements are in memory and in the journal).
    Meeting(String),
    /// A meeting's journal: records that may not be durable.
    Journal(String),
}

/// How far the start-up load has come. A staged start draws the first screen from a preview
/// (the settings and one plan) and loads the rest on a background thread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LoadState {
    /// Everything is loaded: the normal state.
    #[default]
    Complete,
    /// The workspace is a read-only preview; the rest is being loaded (files parsed so far;
    /// a total of 0 while the files are still being listed and read).
    Loading(Progress),
    /// The background load failed: the preview stays, read-only, with the reason in both
    /// languages.
    Failed(crate::i18n::Text),
}

impl LoadState {
    pub fn is_loading(&self) -> bool {
        matches!(self, LoadState::Loading(_))
    }

    pub fn is_complete(&self) -> bool {
        *self == LoadState::Complete
    }
}

/// The state every screen shares.
#[derive(Debug)]
pub struct Core {
    pub workspace: Workspace,
    pub lang: Language,
    /// The fiscal year the screens show and edit: always inside the shown plan's period
    /// (see [`Core::show_plan`], [`Core::step_year`]).
    pub year: FiscalYear,
    /// The year last chosen on each plan (by plan id), so `Tab` back returns to it.
    pub plan_years: BTreeMap<String, FiscalYear>,
    /// Today, as of the last update: views and the review queue read it instead of the
    /// clock, so a frame is a function of the state.
    pub today: NaiveDate,
    /// The plan the tree, KPI and dashboard screens show.
    pub plan_index: usize,
    pub save_state: SaveState,
    /// Every write that failed and waits for a retry, with the reason; `save_state` is its
    /// summary. Change it only through [`Core::write_failed`] and [`Core::write_done`].
    pub pending_writes: BTreeMap<PendingWrite, String>,
    /// The status line.
    pub message: Option<String>,
    /// Files changed since the last commit, when the workspace is a git repository.
    pub uncommitted: Option<usize>,
    /// Whether the whole workspace is loaded yet; writes wait for it.
    pub load: LoadState,
    /// What `kaikaku check` reports for the workspace, once a background load has checked it.
    pub problems: Option<Vec<Diagnostic>>,
    /// Background work that rewrites the working files is running (a sync): what the status
    /// bar shows meanwhile. Writes wait for it ([`Core::write_refusal`]).
    pub busy: Option<String>,
}

impl Core {
    /// What a feature that needs the whole workspace says while there is only the preview;
    /// `None` once everything is loaded.
    pub fn incomplete(&self) -> Option<String> {
        let lang = self.lang;
        match &self.load {
            LoadState::Complete => None,
            LoadState::Loading(progress) => Some(format!(
                "{} — {}",
                progress_text(lang, *progress),
                lang.pick("読み込みが終わると使えます", "available once loaded")
            )),
            LoadState::Failed(reason) => Some(format!(
                "{}: {}",
                lang.pick("読み込みに失敗しました", "Loading failed"),
                reason.get(lang)
            )),
        }
    }

    /// Why nothing may be written now, as the status line should say it: the workspace is
    /// still loading, failed to load, or is read-only.
    pub fn write_refusal(&self) -> Option<String> {
        let lang = self.lang;
        match &self.load {
            LoadState::Loading(progress) => Some(format!(
                "{} — {}",
                progress_text(lang, *progress),
                lang.pick(
                    "編集は読み込みが終わるとできます",
                    "editing opens when it is done"
                ),
            )),
            LoadState::Failed(reason) => Some(format!(
                "{}: {}",
                lang.pick(
                    "読み込みに失敗したため読み取り専用です",
                    "Read-only: loading failed"
                ),
                reason.get(lang)
            )),
            LoadState::Complete if self.busy.is_some() => self.busy.as_ref().map(|busy| {
                format!(
                    "{busy} — {}",
                    lang.pick("終わるまで編集できません", "editing waits until it is done")
                )
            }),
            LoadState::Complete => self.workspace.is_read_only().then(|| {
                format!(
                    "{}: {}",
                    lang.pick("読み取り専用です", "Read-only"),
                    self.workspace
                        .read_only_reason()
                        .map_or("", |reason| reason.get(lang))
                )
            }),
        }
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.workspace.settings()
    }

    pub fn plan(&self) -> Option<&Plan> {
        self.workspace.plans.get(self.plan_index).map(|p| &p.value)
    }

    /// The shown plan's period; without a plan, every year kaikaku accepts.
    pub fn period(&self) -> Period {
        self.plan().map_or(
            Period {
                from: FiscalYear(MIN_YEAR),
                to: FiscalYear(MAX_YEAR),
            },
            |p| p.period,
        )
    }

    /// Shows plan `index` (`Tab`, a palette hit): the year chosen on the plan before is
    /// remembered for it, and the new plan gets the year last chosen there, else the
    /// current year clamped to its period ([`Core::clamp_year`]).
    pub fn show_plan(&mut self, index: usize) {
        self.remember_year();
        self.plan_index = index;
        let remembered = self
            .plan()
            .and_then(|p| self.plan_years.get(&p.id).copied());
        match remembered {
            Some(year) => self.year = year,
            None => self.clamp_year(),
        }
    }

    /// Keeps the year inside the shown plan's period. A year outside it goes to the latest
    /// year of the period with progress data (a status or a tally: what the dashboard
    /// counts), else to the nearer end — so the stage-3 plan (R4–R5, its 137 取組項目
    /// counted in R4) opens on R4 from R6, not on an empty R5.
    pub fn clamp_year(&mut self) {
        let period = self.period();
        if period.contains(self.year) {
            return;
        }
        let with_data = self.plan().and_then(|plan| {
            period
                .years()
                .filter(|year| has_progress(plan, *year))
                .last()
        });
        self.year = with_data.unwrap_or(self.year.clamp(period.from, period.to));
    }

    /// `]` / `[`: the next or previous year inside the plan's period. At the edge the year
    /// stays and the status line says why (`Err` with the message).
    pub fn step_year(&mut self, forward: bool) -> Result<(), String> {
        let period = self.period();
        let next = if forward {
            self.year.0.checked_add(1)
        } else {
            self.year.0.checked_sub(1)
        }
        .map(FiscalYear)
        .filter(|year| period.contains(*year));
        let Some(next) = next else {
            let lang = self.lang;
            let (edge, ja, en) = if forward {
                (period.to, "が最後の年度です", "is the last year of")
            } else {
                (period.from, "が最初の年度です", "is the first year of")
            };
            return Err(match lang {
                Language::Ja => format!(
                    "{}{ja}（この計画の期間: {}–{}）",
                    lang.year(edge),
                    lang.year(period.from),
                    lang.year(period.to)
                ),
                Language::En => format!(
                    "{} {en} this plan ({}–{})",
                    lang.year(edge),
                    lang.year(period.from),
                    lang.year(period.to)
                ),
            });
        };
        self.year = next;
        self.remember_year();
        Ok(())
    }

    fn remember_year(&mut self) {
        if let Some(id) = self.plan().map(|p| p.id.clone()) {
            self.plan_years.insert(id, self.year);
        }
    }

    /// Label of a status id in the current language.
    pub fn status_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.settings()
            .and_then(|s| s.status(id))
            .map_or(id, |def| match self.lang {
                Language::Ja => def.label.as_str(),
                Language::En => def.label_en.as_deref().unwrap_or(&def.label),
            })
    }

    pub fn department_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.settings()
            .and_then(|s| s.department(id))
            .map_or(id, |d| match self.lang {
                Language::Ja => d.name.as_str(),
                Language::En => d.name_en.as_deref().unwrap_or(&d.name),
            })
    }

    /// The review queue for the chosen year, as of `today`.
    pub fn review_queue(&self) -> crate::report::review::ReviewQueue {
        crate::report::review::review_queue(&self.workspace, self.year, self.today)
    }

    /// Moves `today` on when the date changed (a meeting past midnight).
    pub fn tick(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
        }
    }

    /// After a successful write: the uncommitted count is fresh. (Other files' NOT SAVED
    /// marks stay: see [`Core::write_done`].)
    pub fn saved(&mut self) {
        if let Some(root) = self.workspace.root.as_deref() {
            self.uncommitted = crate::history::repo::uncommitted_count(root);
        }
    }

    /// A write failed: it is NOT SAVED until a later write of the same data succeeds.
    pub fn write_failed(&mut self, write: PendingWrite, message: &str) {
        self.pending_writes.insert(write, message.to_string());
        self.refresh_save_state();
    }

    /// A write succeeded: its NOT SAVED mark (and only its) goes.
    pub fn write_done(&mut self, write: &PendingWrite) {
        self.pending_writes.remove(write);
        self.refresh_save_state();
    }

    fn refresh_save_state(&mut self) {
        self.save_state = match self.pending_writes.values().next() {
            None => SaveState::Saved,
            Some(message) => SaveState::NotSaved(message.clone()),
        };
    }

    /// What a pending write is, for the user: the file it goes to.
    pub fn pending_label(&self, write: &PendingWrite) -> String {
        let file = |dir: &str, id: &str, known: Option<&str>| {
            known.map_or_else(|| format!("{dir}/{id}.ron"), str::to_string)
        };
        match write {
            PendingWrite::Plan(id) => {
                let known = self.workspace.plans.iter().find(|p| &p.value.id == id);
                file("plans", id, known.map(|p| p.path.as_str()))
            }
            PendingWrite::Meeting(id) => {
                let known = self.workspace.meetings.iter().find(|m| &m.value.id == id);
                file("minutes", id, known.map(|m| m.path.as_str()))
            }
            PendingWrite::Journal(id) => format!(
                "{} ({id})",
                self.lang.pick("議事録のジャーナル", "the minutes journal")
            ),
        }
    }
}

/// Whether a plan has progress for a year: a node's status or a tally.
fn has_progress(plan: &Plan, year: FiscalYear) -> bool {
    plan.tallies.iter().any(|t| t.year == year)
        || plan
            .flatten()
            .iter()
            .any(|f| f.node.statuses.iter().any(|s| s.year == year))
}

/// `読み込み中… 120/541 ファイル` / `loading 120 of 541 files…`: files parsed of all (just
/// "loading…" while the files are still being listed and read).
pub fn progress_text(lang: Language, progress: Progress) -> String {
    let Progress { done, total } = progress;
    match (lang, total) {
        (Language::Ja, 0) => "読み込み中…".into(),
        (Language::Ja, _) => format!("読み込み中… {done}/{total} ファイル"),
        (Language::En, 0) => "loading…".into(),
        (Language::En, _) => format!("loading {done} of {total} files…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screen::sample_core;

    /// The sample: the stage-3 plan (R4–R5, statuses and tallies in R4) and the 2027 plan
    /// (R6–R9), the cycle in R6.
    fn index_of(core: &Core, id: &str) -> usize {
        core.workspace
            .plans
            .iter()
            .position(|p| p.value.id == id)
            .expect("sample plan")
    }

    #[test]
    fn a_plan_opens_on_a_year_of_its_period_with_data_and_tab_back_returns() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let stage3 = index_of(&core, "kumamoto-reform-plan-2023");
        let current = core.plan_index;
        assert_ne!(stage3, current, "the sample opens on the current plan");
        assert_eq!(core.year, FiscalYear(2024));
        core.step_year(true).expect("R7 is inside 2024–2027");
        assert_eq!(core.year, FiscalYear(2025));

        core.show_plan(stage3);
        assert_eq!(
            core.year,
            FiscalYear(2022),
            "R5 has no progress; R4 holds the 137 取組項目"
        );
        core.step_year(true).expect("R5 is inside R4–R5");
        assert_eq!(core.year, FiscalYear(2023));

        core.show_plan(current);
        assert_eq!(core.year, FiscalYear(2025), "the year chosen there");
        core.show_plan(stage3);
        assert_eq!(core.year, FiscalYear(2023), "and the one chosen here");
    }

    #[test]
    fn the_edges_of_the_period_are_said_not_passed() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let stage3 = index_of(&core, "kumamoto-reform-plan-2023");
        core.show_plan(stage3);
        let said = core.step_year(false).expect_err("R4 is the first year");
        assert_eq!(core.year, FiscalYear(2022));
        assert!(said.contains("令和4年度が最初の年度です"), "{said}");
        assert!(said.contains("令和4年度–令和5年度"), "{said}");
        core.step_year(true).expect("R5");
        core.lang = Language::En;
        let said = core.step_year(true).expect_err("R5 is the last year");
        assert_eq!(core.year, FiscalYear(2023));
        assert_eq!(said, "FY2023 is the last year of this plan (FY2022–FY2023)");
    }

    #[test]
    fn a_year_outside_the_plan_is_clamped_to_it() {
        let (_temp, mut core) = sample_core(Language::En);
        // The 2027 plan (R6–R9) has no status or tally yet: the nearer end of its period.
        core.year = FiscalYear(2030);
        core.clamp_year();
        assert_eq!(core.year, FiscalYear(2027));
        core.year = FiscalYear(2000);
        core.clamp_year();
        assert_eq!(core.year, FiscalYear(2024));
        core.year = FiscalYear(2026);
        core.clamp_year();
        assert_eq!(core.year, FiscalYear(2026), "a year inside stays");
        // The stage-3 plan: its year with progress, from either side.
        core.plan_index = index_of(&core, "kumamoto-reform-plan-2023");
        for outside in [2000, 2030] {
            core.year = FiscalYear(outside);
            core.clamp_year();
            assert_eq!(core.year, FiscalYear(2022), "from {outside}");
        }
    }
}
