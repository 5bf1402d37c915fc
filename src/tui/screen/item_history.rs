//! The history of one item (Shift-H): every commit that changed the selected plan node, the
//! selected indicator or the open meeting's minutes, newest first, with what each changed
//! in domain terms — `kaikaku log --node|--kpi|--meeting ID` as a full-size overlay over
//! the screen it was asked from, as gitui's file history is.
//!
//! The read runs as a background task ([`Task::ItemHistory`]): on a large workspace it takes
//! a while, and keys stay live meanwhile (Esc leaves). Every request gets a number; an
//! answer for another number than the shown one's is dropped, so a history asked for and
//! left, or superseded by another item's, never shows up over the wrong item. A superseded
//! read is not stopped (the history walk has no cancel point); it runs to its end on its
//! own thread and its answer is dropped.
//!
//! Like the other screens, this takes the shared [`Core`] and its own state and answers
//! with an [`Outcome`]; what the view shows is prepared here, sanitised.

use crate::history::log::{Entry, Item};
use crate::model::{Language, sanitize_inline};
use crate::tui::core::Core;
use crate::tui::outcome::Outcome;
use crate::tui::screen::Screen;
use crate::tui::screen::history::{HistoryAt, error_line};
use crate::tui::task::Task;

/// The overlay's state: the history shown, if any, and the requests made so far.
#[derive(Debug, Default)]
pub struct ItemHistories {
    /// The history on screen (`None`: the overlay is closed).
    pub shown: Option<ItemHistoryView>,
    /// How many histories were asked for: the newest request's number.
    issued: u64,
}

/// One item's history as the overlay shows it.
#[derive(Debug)]
pub struct ItemHistoryView {
    pub item: Item,
    /// The item's title or name as the data has it (sanitised).
    pub title: String,
    /// The request whose answer this view waits for or shows.
    pub request: u64,
    pub reading: Reading,
    /// The commits that changed the item, newest first.
    pub entries: Vec<EntryRow>,
    pub selected: usize,
    /// The first line of the selected commit's changes shown (PageUp/PageDown).
    pub detail_scroll: usize,
}

/// Where the read stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// In the background; the status bar says so.
    Running,
    Done,
    /// Why it could not be read, with the fix (the History screen's words).
    Failed(String),
}

/// One commit of the list with its changes to the item, every text already sanitised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRow {
    pub short: String,
    /// `YYYY-MM-DD` in the author's time zone.
    pub date: String,
    pub author: String,
    /// The subject in the reader's language (`history::subject`).
    pub subject: String,
    /// `Change::describe`, one line each.
    pub changes: Vec<String>,
}

impl ItemHistoryView {
    /// The selected commit, if the list has any.
    pub fn current(&self) -> Option<&EntryRow> {
        self.entries.get(self.selected)
    }

    /// What the item is, for the heading: 「指標 k-01」 / "indicator k-01".
    pub fn kind(&self, lang: Language) -> &'static str {
        match self.item {
            Item::Kpi(_) => lang.pick("指標", "indicator"),
            Item::Node(_) => lang.pick("項目", "item"),
            Item::Meeting(_) => lang.pick("会議", "meeting"),
            Item::All => "",
        }
    }
}

/// What Shift-H is about on `screen`: the plan tree's node, the KPI screen's indicator, or
/// the meeting open in meeting mode; `None` elsewhere. (The dashboard's gauges share the
/// KPI cursor but show no selection, so it asks for a screen that does.)
pub fn item_on(
    screen: Screen,
    node: Option<&crate::model::Node>,
    indicator: Option<&crate::model::Indicator>,
    meeting: Option<&crate::model::meeting::Meeting>,
) -> Option<(Item, String)> {
    match screen {
        Screen::Tree => node.map(|n| (Item::Node(n.id.clone()), n.title.clone())),
        Screen::Kpi => indicator.map(|i| (Item::Kpi(i.id.clone()), i.name.clone())),
        Screen::Meeting => meeting.map(|m| (Item::Meeting(m.id.clone()), m.title.clone())),
        Screen::Dashboard | Screen::History | Screen::Review => None,
    }
}

/// What the status line says when there is nothing to show the history of.
pub fn nothing_selected(lang: Language) -> String {
    lang.pick(
        "履歴を見る項目を選んでください（プラン体系・検証指標・会議の画面で Shift-H）",
        "Select an item first (Shift-H on the plan tree, the KPI screen or a meeting)",
    )
    .into()
}

impl ItemHistories {
    /// Asks for the history of `item` (titled `title`) and shows the overlay, reading:
    /// from the workspace's repository, or with `--at REV` (`at`) from the repository the
    /// revision is in, up to it. Supersedes any earlier request.
    pub fn open(
        &mut self,
        core: &Core,
        item: Item,
        title: &str,
        at: Option<&HistoryAt>,
    ) -> Outcome {
        let (dir, to) = match (&core.workspace.root, at) {
            (Some(root), _) => (root.clone(), None),
            (None, Some(at)) => (at.dir.clone(), Some(at.rev.clone())),
            (None, None) => {
                return Outcome::Notify(
                    core.lang
                        .pick(
                            "履歴は作業ディレクトリでのみ表示できます",
                            "History needs a working tree",
                        )
                        .into(),
                );
            }
        };
        self.issued += 1;
        self.shown = Some(ItemHistoryView {
            item: item.clone(),
            title: sanitize_inline(title),
            request: self.issued,
            reading: Reading::Running,
            entries: Vec::new(),
            selected: 0,
            detail_scroll: 0,
        });
        Outcome::Run(Task::ItemHistory {
            dir,
            item,
            to,
            request: self.issued,
        })
    }

    /// A read finished: shown if it answers the request on screen, dropped otherwise (the
    /// overlay was left, or another item was asked for since). A failure is said in the
    /// overlay in full and on the status line, as the History screen says it.
    pub fn done(
        &mut self,
        core: &Core,
        request: u64,
        result: crate::error::Result<Vec<Entry>>,
    ) -> Outcome {
        let Some(view) = self.shown.as_mut().filter(|v| v.request == request) else {
            return Outcome::Done;
        };
        match result {
            Ok(entries) => {
                let settings = core.workspace.settings();
                view.entries = entries
                    .iter()
                    .map(|entry| row(core.lang, settings, entry))
                    .collect();
                view.selected = 0;
                view.detail_scroll = 0;
                view.reading = Reading::Done;
                Outcome::Done
            }
            Err(error) => {
                let line = error_line(
                    core,
                    ("履歴を読めません", "Cannot read the history"),
                    &error,
                );
                view.reading = Reading::Failed(sanitize_inline(&line));
                Outcome::Notify(line)
            }
        }
    }

    /// Leaves the overlay; a read still running is dropped when it answers.
    pub fn close(&mut self) {
        self.shown = None;
    }

    /// Whether a read is running for the overlay on screen.
    pub fn reading(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|v| v.reading == Reading::Running)
    }

    /// What the status bar says while the history is read.
    pub fn status_text(&self, lang: Language) -> Option<String> {
        let view = self.shown.as_ref().filter(|_| self.reading())?;
        let id = view.item.id().map(sanitize_inline).unwrap_or_default();
        Some(match lang {
            Language::Ja => format!("{id} の履歴を読み込み中…"),
            Language::En => format!("reading the history of {id}…"),
        })
    }

    /// Moves the commit selection by `delta`, inside the list; the changes pane starts at
    /// its top again.
    pub fn move_by(&mut self, delta: isize) {
        let Some(view) = self.shown.as_mut() else {
            return;
        };
        let last = view.entries.len().saturating_sub(1);
        let selected = view.selected.saturating_add_signed(delta).min(last);
        if selected != view.selected {
            view.selected = selected;
            view.detail_scroll = 0;
        }
    }

    /// Scrolls the selected commit's changes by `delta` lines, within them.
    pub fn scroll_detail(&mut self, delta: isize) {
        let Some(view) = self.shown.as_mut() else {
            return;
        };
        let last = view
            .current()
            .map_or(0, |row| row.changes.len().saturating_sub(1));
        view.detail_scroll = view.detail_scroll.saturating_add_signed(delta).min(last);
    }
}

/// One entry as the list shows it.
fn row(lang: Language, settings: Option<&crate::model::Settings>, entry: &Entry) -> EntryRow {
    let commit = &entry.commit;
    EntryRow {
        short: commit.short.get(..7).unwrap_or(&commit.short).to_string(),
        date: commit.date.get(..10).unwrap_or(&commit.date).to_string(),
        author: sanitize_inline(&commit.author),
        subject: sanitize_inline(&crate::history::subject::subject(commit, lang)),
        changes: entry
            .changes
            .iter()
            .map(|c| sanitize_inline(&c.describe(lang, settings)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FiscalYear, Language};
    use crate::tui::screen::sample_core;
    use crate::tui::task::TaskDone;

    /// A sample core in a git repository with a baseline commit and one commit that entered
    /// an actual of `k-p1-1` (the identity in the repository's own config).
    fn core_with_history() -> (tempfile::TempDir, Core) {
        let (temp, mut core) = sample_core(Language::En);
        let repository = git2::Repository::init(temp.path()).expect("init");
        let who = git2::Signature::now("Tester", "t@example.jp").expect("signature");
        let commit = |message: &str| {
            let mut index = repository.index().expect("index");
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .expect("add");
            index.write().expect("index written");
            let tree = repository
                .find_tree(index.write_tree().expect("tree"))
                .expect("tree");
            let parents: Vec<git2::Commit<'_>> = repository
                .head()
                .ok()
                .and_then(|h| h.peel_to_commit().ok())
                .into_iter()
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            repository
                .commit(Some("HEAD"), &who, &who, message, &tree, &parents)
                .expect("commit");
        };
        commit("Create the workspace");
        let mut plan = core
            .workspace
            .plan("kumamoto-reform-plan-2027")
            .expect("plan")
            .clone();
        plan.indicator_mut("k-p1-1").expect("indicator").set_actual(
            FiscalYear(2024),
            "5.1".parse().expect("figure"),
            None,
        );
        core.workspace.save_plan(plan).expect("saved");
        commit("Enter the actual");
        (temp, core)
    }

    fn run(outcome: Outcome) -> TaskDone {
        let Outcome::Run(task) = outcome else {
            panic!("background work, not {outcome:?}");
        };
        task.run()
    }

    /// The status line an outcome asks for.
    fn said(outcome: Outcome) -> Option<String> {
        match outcome {
            Outcome::Notify(text) => Some(text),
            Outcome::Done => None,
            other => panic!("{other:?}"),
        }
    }

    fn answer(done: TaskDone) -> (u64, crate::error::Result<Vec<Entry>>) {
        match done {
            TaskDone::ItemHistory { request, result } => (request, result),
            TaskDone::Sync(_) => panic!("not a sync"),
        }
    }

    #[test]
    fn opening_reads_in_the_background_and_the_answer_fills_the_list() {
        let (_temp, core) = core_with_history();
        let mut histories = ItemHistories::default();
        let outcome = histories.open(&core, Item::Kpi("k-p1-1".into()), "指標\u{1b}[31m", None);
        let view = histories.shown.as_ref().expect("shown at once");
        assert_eq!(view.reading, Reading::Running);
        assert_eq!(
            view.title, "指標␛[31m",
            "sanitised: no escape reaches the terminal"
        );
        assert_eq!(
            histories.status_text(Language::En).as_deref(),
            Some("reading the history of k-p1-1…")
        );
        let (request, result) = answer(run(outcome));
        assert_eq!(said(histories.done(&core, request, result)), None);
        let view = histories.shown.as_ref().expect("shown");
        assert_eq!(view.reading, Reading::Done);
        assert_eq!(histories.status_text(Language::En), None);
        // Newest first: the actual, then the first commit that added the indicator.
        assert_eq!(view.entries.len(), 2, "{:?}", view.entries);
        assert_eq!(view.entries[1].subject, "Create the workspace");
        let entry = &view.entries[0];
        assert_eq!(entry.subject, "Enter the actual");
        assert_eq!(entry.author, "Tester");
        assert!(
            entry.changes.iter().any(|c| c.contains("5.1")),
            "{:?}",
            entry.changes
        );
    }

    #[test]
    fn a_superseded_or_abandoned_answer_is_dropped() {
        let (_temp, core) = core_with_history();
        let mut histories = ItemHistories::default();
        let first = run(histories.open(&core, Item::Kpi("k-p1-1".into()), "first", None));
        let second = run(histories.open(&core, Item::Node("p1".into()), "second", None));
        let (old, result) = answer(first);
        assert_eq!(said(histories.done(&core, old, result)), None);
        let view = histories.shown.as_ref().expect("shown");
        assert_eq!(view.title, "second");
        assert_eq!(
            view.reading,
            Reading::Running,
            "the stale answer is not shown"
        );
        assert!(view.entries.is_empty());
        // Left before its answer came: nothing reopens.
        histories.close();
        let (request, result) = answer(second);
        let _ = histories.done(&core, request, result);
        assert!(histories.shown.is_none());
        assert!(!histories.reading());
    }

    #[test]
    fn an_item_never_changed_has_an_empty_list_and_without_git_the_fix_is_said() {
        let (_temp, core) = core_with_history();
        let mut histories = ItemHistories::default();
        let (request, result) = answer(run(histories.open(
            &core,
            Item::Kpi("nowhere".into()),
            "",
            None,
        )));
        let _ = histories.done(&core, request, result);
        let view = histories.shown.as_ref().expect("shown");
        assert_eq!(
            (view.reading.clone(), view.entries.len()),
            (Reading::Done, 0)
        );

        let (_plain, core) = sample_core(Language::En);
        let (request, result) = answer(run(histories.open(
            &core,
            Item::Kpi("k-p1-1".into()),
            "",
            None,
        )));
        let notice = said(histories.done(&core, request, result));
        let notice = notice.expect("said on the status line");
        assert!(notice.starts_with("Cannot read the history: "), "{notice}");
        assert!(notice.contains("run `git init`"), "{notice}");
        let Some(Reading::Failed(shown)) = histories.shown.as_ref().map(|v| v.reading.clone())
        else {
            panic!("the overlay says it too");
        };
        assert_eq!(shown, notice);
    }

    #[test]
    fn the_selection_and_the_changes_pane_stay_inside() {
        let mut histories = ItemHistories::default();
        let row = |n: usize| EntryRow {
            short: format!("{n:07}"),
            date: "2025-01-01".into(),
            author: "A".into(),
            subject: "S".into(),
            changes: (0..n).map(|k| k.to_string()).collect(),
        };
        histories.shown = Some(ItemHistoryView {
            item: Item::Node("p1".into()),
            title: String::new(),
            request: 1,
            reading: Reading::Done,
            entries: vec![row(5), row(2)],
            selected: 0,
            detail_scroll: 0,
        });
        let view = |h: &ItemHistories| {
            let v = h.shown.as_ref().expect("shown");
            (v.selected, v.detail_scroll)
        };
        histories.scroll_detail(3);
        assert_eq!(view(&histories), (0, 3));
        histories.scroll_detail(100);
        assert_eq!(view(&histories), (0, 4), "the last line stays shown");
        histories.move_by(1);
        assert_eq!(view(&histories), (1, 0), "another commit starts at its top");
        histories.move_by(10);
        histories.scroll_detail(-5);
        assert_eq!(view(&histories), (1, 0));
        histories.move_by(-10);
        assert_eq!(view(&histories), (0, 0));
        histories.close();
        histories.move_by(1);
        assert!(histories.shown.is_none());
    }

    #[test]
    fn the_item_is_what_the_screen_has_selected() {
        let (_temp, core) = sample_core(Language::Ja);
        let plan = core.plan().expect("plan");
        let node = &plan.nodes[0];
        assert_eq!(
            item_on(Screen::Tree, Some(node), None, None),
            Some((Item::Node(node.id.clone()), node.title.clone()))
        );
        assert_eq!(item_on(Screen::Dashboard, Some(node), None, None), None);
        assert_eq!(item_on(Screen::Kpi, Some(node), None, None), None);
        let meeting = &core.workspace.meetings[0].value;
        assert_eq!(
            item_on(Screen::Meeting, None, None, Some(meeting)).map(|(item, _)| item),
            Some(Item::Meeting(meeting.id.clone()))
        );
    }
}
