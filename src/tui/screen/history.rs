//! The history screen's state: the timeline of commits, what the selected commit changed in
//! domain terms, "what changed since the last committee meeting", and closing a phase.
//! Everything is read through `crate::history`; this module only keeps what the view shows.
//! Like the tree, KPI and review screens it takes the shared [`Core`] and its own state (the
//! app's `Option<HistoryView>`: `None` until first shown) and answers with a notice or an
//! [`Outcome`], so it never reaches the rest of the app.

use crate::history::resolve::Choice;
use crate::history::sync::{SyncAction, SyncOptions, SyncReport, Synced};
use crate::history::transport::Prompts;
use crate::history::{commit, log, repo};
use crate::model::{Language, sanitize_inline};
use crate::tui::core::Core;
use crate::tui::dialog::{Confirm, Conflicts, Dialog, Pending};
use crate::tui::outcome::Outcome;
use crate::tui::task::Task;

/// What the history screen shows.
#[derive(Debug, Default)]
pub struct HistoryView {
    pub commits: Vec<log::CommitInfo>,
    pub selected: usize,
    /// A heading for `changes` (the commit, or "since the meeting of …").
    pub heading: String,
    /// The described changes, one line each (already sanitised).
    pub changes: Vec<String>,
    /// The first line of `changes` shown: PageUp/PageDown scroll the detail pane.
    pub detail_scroll: usize,
    /// Where the history is read from when the workspace is a revision (`--at REV`), which
    /// has no working tree of its own.
    pub at: Option<HistoryAt>,
}

/// The repository and revision of a `--at` view: its history ends at the revision.
#[derive(Clone, Debug)]
pub struct HistoryAt {
    pub dir: std::path::PathBuf,
    pub rev: String,
}

impl HistoryView {
    /// A history screen for the workspace as it was at `rev` in the repository at `dir`.
    pub fn at(dir: std::path::PathBuf, rev: String) -> Self {
        HistoryView {
            at: Some(HistoryAt { dir, rev }),
            ..HistoryView::default()
        }
    }

    /// Scrolls the detail pane by `delta` lines, within the list.
    pub fn scroll_detail(&mut self, delta: isize) {
        let last = self.changes.len().saturating_sub(1);
        self.detail_scroll = self.detail_scroll.saturating_add_signed(delta).min(last);
    }
}

/// The repository the history is read from and the revision it ends at (`None`: HEAD).
fn source(
    core: &Core,
    history: Option<&HistoryView>,
) -> Option<(std::path::PathBuf, Option<String>)> {
    match (&core.workspace.root, history.and_then(|h| h.at.as_ref())) {
        (Some(root), _) => Some((root.clone(), None)),
        (None, Some(at)) => Some((at.dir.clone(), Some(at.rev.clone()))),
        (None, None) => None,
    }
}

/// `what: message — hint`: the status line says what failed and what fixes it.
pub(crate) fn error_line(core: &Core, what: (&str, &str), error: &crate::error::Error) -> String {
    let message = error.with_hint(core.lang);
    format!("{}: {}", core.lang.pick(what.0, what.1), message)
}

/// Reads the timeline (newest first) and the changes of the newest commit into `history`;
/// the status line's notice when it cannot.
pub fn load(core: &Core, history: &mut Option<HistoryView>) -> Option<String> {
    let Some((root, to)) = source(core, history.as_ref()) else {
        return Some(
            core.lang
                .pick(
                    "履歴は作業ディレクトリでのみ表示できます",
                    "History needs a working tree",
                )
                .into(),
        );
    };
    let commits = match repo::open(&root).and_then(|r| log::timeline(&r, None, to.as_deref())) {
        Ok(commits) => commits,
        Err(error) => {
            return Some(error_line(
                core,
                ("履歴を読めません", "Cannot read the history"),
                &error,
            ));
        }
    };
    let at = history.take().and_then(|h| h.at);
    *history = Some(HistoryView {
        commits,
        at,
        ..HistoryView::default()
    });
    select(core, history, 0)
}

/// Selects a commit and describes what it changed against its parent.
pub fn select(core: &Core, history: &mut Option<HistoryView>, index: usize) -> Option<String> {
    let (root, _) = source(core, history.as_ref())?;
    let lang = core.lang;
    let view = history.as_mut()?;
    if view.commits.is_empty() {
        return None;
    }
    view.selected = index.min(view.commits.len() - 1);
    let info = view.commits[view.selected].clone();
    let described = repo::open(&root).and_then(|repository| {
        let oid = git2::Oid::from_str(&info.id)
            .map_err(|e| crate::error::Error::git("bad commit id", e))?;
        let found = repository
            .find_commit(oid)
            .map_err(|e| crate::error::Error::git("cannot read a commit", e))?;
        let mut cache = log::WorkspaceCache::new(&repository);
        cache.changes_of(&found)
    });
    let settings = core.workspace.settings();
    view.heading = format!(
        "{} {}",
        info.short,
        crate::history::subject::subject(&info, core.lang)
    );
    view.detail_scroll = 0;
    match described {
        Ok(changes) => {
            view.changes = changes
                .iter()
                .map(|c| sanitize_inline(&c.describe(lang, settings)))
                .collect();
            None
        }
        Err(error) => {
            view.changes.clear();
            Some(error_line(
                core,
                ("変更を読めません", "Cannot read the changes"),
                &error,
            ))
        }
    }
}

/// Moves the selection by `delta` commits.
pub fn move_by(core: &Core, history: &mut Option<HistoryView>, delta: isize) -> Option<String> {
    let current = history.as_ref().map_or(0, |h| h.selected);
    select(core, history, current.saturating_add_signed(delta))
}

/// The semantic diff from the last committee meeting's commit to the working files.
pub fn since_last_meeting(core: &Core, history: &mut Option<HistoryView>) -> Option<String> {
    let root = core.workspace.root.clone()?;
    let lang = core.lang;
    let base = match log::last_meeting_commit(&root) {
        Ok(Some(base)) => base,
        Ok(None) => {
            return Some(
                lang.pick(
                    "会議の記録がまだありません",
                    "No committee meeting in the history yet",
                )
                .into(),
            );
        }
        Err(error) => {
            return Some(error_line(
                core,
                ("履歴を読めません", "Cannot read the history"),
                &error,
            ));
        }
    };
    let old =
        match repo::open(&root).and_then(|r| crate::history::git_source::load_at(&r, &base.id)) {
            Ok(old) => old,
            Err(error) => {
                return Some(error_line(
                    core,
                    ("履歴を読めません", "Cannot read the history"),
                    &error,
                ));
            }
        };
    let changes = crate::history::diff::diff(&old, &core.workspace);
    let settings = core.workspace.settings();
    let lines: Vec<String> = changes
        .changes
        .iter()
        .map(|c| sanitize_inline(&c.describe(lang, settings)))
        .collect();
    let view = history.get_or_insert_with(HistoryView::default);
    view.heading = format!(
        "{} {} ({})",
        lang.pick("前回会議以降の変更", "Changes since the last meeting"),
        base.short,
        crate::history::subject::subject(&base, lang)
    );
    view.changes = if lines.is_empty() {
        vec![lang.pick("変更はありません", "No changes").to_string()]
    } else {
        lines
    };
    view.detail_scroll = 0;
    None
}

/// Asks to close the current phase, showing the commit subject and what it will record.
/// (The router saves an open meeting first: the meeting file must be caught up with its
/// journal before it is committed.)
pub fn ask_close_phase(core: &Core) -> Outcome {
    if let Some(refusal) = core.write_refusal() {
        return Outcome::Notify(refusal);
    }
    let Some(root) = core.workspace.root.clone() else {
        return Outcome::Done;
    };
    // Without a git identity the commit cannot be made: say so where the user looks, with
    // the fix in full (the status bar would cut it off); "yes" tries again once it is set.
    if let Err(crate::error::Error::MissingIdentity) =
        repo::open(&root).and_then(|r| repo::identity(&r).map(drop))
    {
        return Outcome::Open(Dialog::Confirm(Confirm::new(
            format!(
                "{}  ({})",
                repo::missing_identity_hint(core.lang),
                core.lang.pick(
                    "設定後 y でもう一度 / n で閉じる",
                    "y: try again once set / n: close"
                )
            ),
            Pending::ClosePhase,
        )));
    }
    match commit::preview_phase(&root, &commit::PhaseRequest::default()) {
        Ok(plan) => {
            // The whole summary (subject, then what each category of change counts) above
            // a one-line input for the user's own message (the commit body, like `-m`).
            let lang = core.lang;
            let settings = core.settings();
            let summary = std::iter::once(crate::history::subject::of_phase_plan(&plan, lang))
                .chain(
                    plan.diff
                        .changes
                        .iter()
                        .map(|c| format!("• {}", c.describe(lang, settings))),
                )
                .collect();
            Outcome::Open(Dialog::Input(crate::tui::dialog::LineInput::new(
                crate::tui::dialog::InputPurpose::CommitMessage { summary },
                "",
            )))
        }
        Err(error) => Outcome::Notify(error_line(
            core,
            ("コミットできません", "Cannot commit"),
            &error,
        )),
    }
}

/// Makes the phase commit, then reloads the settings (the cycle moved on) and the timeline.
pub fn close_phase(core: &mut Core, history: &mut Option<HistoryView>) -> Outcome {
    close_phase_with(core, history, None)
}

/// [`close_phase`] with the user's own text for the commit body (`None` or empty: none).
pub fn close_phase_with(
    core: &mut Core,
    history: &mut Option<HistoryView>,
    message: Option<String>,
) -> Outcome {
    let Some(root) = core.workspace.root.clone() else {
        return Outcome::Done;
    };
    let request = commit::PhaseRequest {
        message: message.filter(|m| !m.trim().is_empty()),
        ..commit::PhaseRequest::default()
    };
    match commit::commit_phase(&root, &request) {
        Ok(done) => {
            if let Ok(fresh) = crate::store::Workspace::load(&root)
                && let Some(settings) = fresh.settings
            {
                core.workspace.settings = Some(settings);
            }
            // The next cycle's year may lie past the plan: the screens stay on a year of it.
            core.clamp_year();
            core.uncommitted = repo::uncommitted_count(&root);
            let follow = load(core, history);
            Outcome::Notify(follow.unwrap_or_else(|| {
                format!(
                    "{}: {} {}",
                    core.lang.pick("コミットしました", "Committed"),
                    &done.id.to_string()[..10],
                    sanitize_inline(&done.plan.subject)
                )
            }))
        }
        Err(error) => Outcome::Notify(error_line(
            core,
            ("コミットできません", "Cannot commit"),
            &error,
        )),
    }
}

/// The remote a sync from the TUI uses: git's `origin` (as `kaikaku sync` without
/// `--remote`); another remote is the CLI's `--remote NAME`.
const SYNC_REMOTE: &str = "origin";

/// Starts a sync in the background (`Shift-S`, or the conflict dialog's choice): the status
/// bar says it runs, and writes wait until it is done, since it may rewrite the working
/// files. git may not prompt: the terminal belongs to the UI, so a passphrase it would ask
/// for fails with the fix instead (an ssh agent or a credential helper works).
pub fn start_sync(core: &mut Core, choice: Choice) -> Outcome {
    let lang = core.lang;
    if core.busy.is_some() {
        return Outcome::Notify(
            lang.pick("同期はすでに実行中です", "A sync is already running")
                .into(),
        );
    }
    if let Some(refusal) = core.write_refusal() {
        return Outcome::Notify(refusal);
    }
    let Some(dir) = core.workspace.root.clone() else {
        return Outcome::Notify(
            lang.pick(
                "同期は作業ディレクトリでのみできます",
                "Sync needs a working tree",
            )
            .into(),
        );
    };
    core.busy = Some(match lang {
        Language::Ja => format!("{SYNC_REMOTE} と同期中…（git fetch / push）"),
        Language::En => format!("syncing with {SYNC_REMOTE}… (git fetch / push)"),
    });
    Outcome::Run(Task::Sync {
        dir,
        options: SyncOptions {
            remote: None,
            choice,
            prompts: Prompts::Refused,
            lang: Some(lang),
        },
    })
}

/// A background sync finished: done (the workspace is re-read from the files it moved, the
/// timeline too), stopped on conflicts (the dialog offers the choice; nothing moved yet), or
/// failed (a question shows why and the fix in full, which the status bar would cut off,
/// and `y` tries again).
pub fn sync_done(
    core: &mut Core,
    history: &mut Option<HistoryView>,
    result: crate::error::Result<Synced>,
) -> Outcome {
    core.busy = None;
    let lang = core.lang;
    match result {
        Ok(Synced::Done(report)) => {
            let mut notice = synced_text(lang, &report);
            if report.action != SyncAction::UpToDate
                && let Some(root) = core.workspace.root.clone()
            {
                match crate::store::Workspace::load(&root) {
                    Ok(fresh) => {
                        core.workspace = fresh;
                        core.plan_index = core
                            .plan_index
                            .min(core.workspace.plans.len().saturating_sub(1));
                        core.clamp_year();
                    }
                    Err(error) => {
                        notice = error_line(
                            core,
                            (
                                "同期しましたが、読み直せません",
                                "Synced, but cannot re-read the workspace",
                            ),
                            &error,
                        );
                    }
                }
                core.uncommitted = repo::uncommitted_count(&root);
            }
            if history.is_some()
                && let Some(failed) = load(core, history)
            {
                notice = failed;
            }
            Outcome::Notify(notice)
        }
        Ok(Synced::Conflicts(items)) => Outcome::Open(Dialog::Conflicts(Conflicts::new(
            items,
            SYNC_REMOTE.into(),
            lang,
        ))),
        // Conflicts no side can decide (a cycle closed twice, a merge that would not pass
        // check): named, as the CLI names them.
        Err(crate::error::Error::Conflict(items)) => retry(
            lang,
            &format!(
                "{}: {}",
                lang.pick("同期を中止しました", "Sync stopped"),
                items
                    .iter()
                    .map(|i| sanitize_inline(i))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ),
        Err(error) => retry(
            lang,
            &error_line(core, ("同期できません", "Cannot sync"), &error),
        ),
    }
}

/// Why the sync failed, as a question: `y` tries again (once fixed), `n` closes.
fn retry(lang: Language, why: &str) -> Outcome {
    Outcome::Open(Dialog::Confirm(Confirm::new(
        format!(
            "{why}  ({})",
            lang.pick(
                "直したら y でもう一度 / n で閉じる",
                "y: try again once fixed / n: close"
            )
        ),
        Pending::Sync,
    )))
}

/// Whether a finished sync rewrote the working files (a fast-forward or a merge).
pub fn moved_files(result: &crate::error::Result<Synced>) -> bool {
    matches!(result, Ok(Synced::Done(report)) if report.action != SyncAction::UpToDate)
}

/// What a finished sync did, for the status line.
fn synced_text(lang: Language, report: &SyncReport) -> String {
    let short = |id: &git2::Oid| id.to_string()[..10].to_string();
    let mut text = match (&report.action, lang) {
        (SyncAction::UpToDate, Language::Ja) => format!("{SYNC_REMOTE} と同じです"),
        (SyncAction::UpToDate, Language::En) => format!("Up to date with {SYNC_REMOTE}"),
        (SyncAction::FastForward { to, .. }, Language::Ja) => {
            format!("同期しました: 早送り {}", short(to))
        }
        (SyncAction::FastForward { to, .. }, Language::En) => {
            format!("Synced: fast-forwarded to {}", short(to))
        }
        (SyncAction::Merged { commit, changes }, Language::Ja) => {
            format!(
                "同期しました: マージ {}（{changes} 件の変更を取り込み）",
                short(commit)
            )
        }
        (SyncAction::Merged { commit, changes }, Language::En) => format!(
            "Synced: merged {} ({changes} change(s) brought in)",
            short(commit)
        ),
    };
    if !report.tags_fetched.is_empty() {
        text.push_str(&format!(
            "; {}: {}",
            lang.pick("新しいサイクルタグ", "new cycle tags"),
            sanitize_inline(&report.tags_fetched.join(", "))
        ));
    }
    if report.pushed {
        text.push_str(lang.pick("; プッシュしました", "; pushed"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, Phase};
    use crate::tui::screen::sample_core;

    /// A sample core whose workspace is a git repository with one baseline commit, and an
    /// identity in the repository's own config (the user's is never read by tests).
    fn committed_core() -> (tempfile::TempDir, Core) {
        let (temp, core) = sample_core(Language::En);
        let repository = git2::Repository::init(temp.path()).expect("init");
        let mut config = repository.config().expect("config");
        config.set_str("user.name", "Tester").expect("name");
        config.set_str("user.email", "t@example.jp").expect("email");
        let mut index = repository.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        let tree = repository
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let who = git2::Signature::now("Tester", "t@example.jp").expect("signature");
        repository
            .commit(Some("HEAD"), &who, &who, "Create the workspace", &tree, &[])
            .expect("commit");
        (temp, core)
    }

    #[test]
    fn without_a_repository_the_status_line_says_why_and_how_to_fix_it() {
        let (_temp, core) = sample_core(Language::En);
        let mut history = None;
        let notice = load(&core, &mut history).expect("a notice");
        assert!(notice.starts_with("Cannot read the history: "), "{notice}");
        assert!(notice.contains("run `git init`"), "{notice}");
        assert!(history.is_none(), "nothing to show");
    }

    #[test]
    fn closing_a_phase_commits_and_the_timeline_grows_without_an_app() {
        let (_temp, mut core) = committed_core();
        let mut history = None;
        assert_eq!(load(&core, &mut history), None);
        assert_eq!(history.as_ref().map(|h| h.commits.len()), Some(1));
        let Outcome::Open(Dialog::Input(input)) = ask_close_phase(&core) else {
            panic!("the message input");
        };
        let crate::tui::dialog::InputPurpose::CommitMessage { summary } = &input.purpose else {
            panic!("{:?}", input.purpose);
        };
        assert!(summary[0].starts_with("FY2024 Do"), "{summary:?}");
        let Outcome::Notify(done) = close_phase(&mut core, &mut history) else {
            panic!("a notice");
        };
        assert!(done.starts_with("Committed: "), "{done}");
        let view = history.as_ref().expect("shown");
        assert_eq!(view.commits.len(), 2);
        assert_eq!(view.selected, 0, "the new commit, newest first");
        assert_eq!(
            core.settings().and_then(|s| s.cycle).map(|c| c.phase),
            Some(Phase::Check),
            "the cycle moved on in the core"
        );
        assert_eq!(move_by(&core, &mut history, 5), None);
        assert_eq!(history.as_ref().map(|h| h.selected), Some(1), "kept inside");
    }

    #[test]
    fn a_sync_runs_in_the_background_and_its_error_comes_back_with_the_fix() {
        let (_temp, mut core) = committed_core();
        let Outcome::Run(task) = start_sync(&mut core, Choice::default()) else {
            panic!("background work");
        };
        assert_eq!(
            core.busy.as_deref(),
            Some("syncing with origin… (git fetch / push)")
        );
        let refusal = core.write_refusal().expect("writes wait");
        assert!(
            refusal.ends_with("editing waits until it is done"),
            "{refusal}"
        );
        let Outcome::Notify(again) = start_sync(&mut core, Choice::default()) else {
            panic!("refused");
        };
        assert_eq!(again, "A sync is already running");
        let crate::tui::task::TaskDone::Sync(result) = task.run() else {
            panic!("a sync");
        };
        let mut history = None;
        let Outcome::Open(Dialog::Confirm(question)) = sync_done(&mut core, &mut history, result)
        else {
            panic!("a question");
        };
        assert_eq!(question.pending, Pending::Sync, "y tries again");
        let failed = question.message;
        assert!(
            failed.starts_with("Cannot sync: the repository has no git remote \"origin\""),
            "{failed}"
        );
        assert!(
            failed.contains(" — add the shared repository as a git remote"),
            "{failed}"
        );
        assert_eq!(core.busy, None);
        assert_eq!(core.write_refusal(), None, "editing is open again");
    }

    #[test]
    fn a_read_only_core_is_refused_before_git_is_asked() {
        let (_temp, mut core) = committed_core();
        core.workspace
            .set_read_only(("投影用ウィンドウ", "presenter window"));
        let Outcome::Notify(refusal) = ask_close_phase(&core) else {
            panic!("a refusal");
        };
        assert!(refusal.starts_with("Read-only"), "{refusal}");
    }
}
