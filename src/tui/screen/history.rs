//! The history screen's state: the timeline of commits, what the selected commit changed in
//! domain terms, "what changed since the last committee meeting", and closing a phase.
//! Everything is read through `crate::history`; this module only keeps what the view shows.

use crate::history::{commit, log, repo};
use crate::model::sanitize_inline;
use crate::tui::app::{App, Pending};
use crate::tui::dialog::{Confirm, Dialog};
use crate::tui::msg::Msg;

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
fn source(app: &App) -> Option<(std::path::PathBuf, Option<String>)> {
    match (
        &app.core.workspace.root,
        app.history.as_ref().and_then(|h| h.at.as_ref()),
    ) {
        (Some(root), _) => Some((root.clone(), None)),
        (None, Some(at)) => Some((at.dir.clone(), Some(at.rev.clone()))),
        (None, None) => None,
    }
}

/// `what: message — hint`: the status line says what failed and what fixes it.
fn notify_error(app: &App, what: (&str, &str), error: &crate::error::Error) -> Msg {
    let message = error.with_hint(app.core.lang);
    Msg::Notify(format!(
        "{}: {}",
        app.core.lang.pick(what.0, what.1),
        message
    ))
}

/// Reads the timeline (newest first) and the changes of the newest commit.
pub fn load(app: &mut App) -> Option<Msg> {
    let Some((root, to)) = source(app) else {
        return Some(Msg::Notify(
            app.core
                .lang
                .pick(
                    "履歴は作業ディレクトリでのみ表示できます",
                    "History needs a working tree",
                )
                .into(),
        ));
    };
    let commits = match repo::open(&root).and_then(|r| log::timeline(&r, None, to.as_deref())) {
        Ok(commits) => commits,
        Err(error) => {
            return Some(notify_error(
                app,
                ("履歴を読めません", "Cannot read the history"),
                &error,
            ));
        }
    };
    let at = app.history.take().and_then(|h| h.at);
    app.history = Some(HistoryView {
        commits,
        at,
        ..HistoryView::default()
    });
    select(app, 0)
}

/// Selects a commit and describes what it changed against its parent.
pub fn select(app: &mut App, index: usize) -> Option<Msg> {
    let (root, _) = source(app)?;
    let lang = app.core.lang;
    let view = app.history.as_mut()?;
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
    let settings = app.core.workspace.settings().cloned();
    let view = app.history.as_mut()?;
    view.heading = format!("{} {}", info.short, sanitize_inline(&info.subject));
    view.detail_scroll = 0;
    match described {
        Ok(changes) => {
            view.changes = changes
                .iter()
                .map(|c| sanitize_inline(&c.describe(lang, settings.as_ref())))
                .collect();
            None
        }
        Err(error) => {
            view.changes.clear();
            Some(notify_error(
                app,
                ("変更を読めません", "Cannot read the changes"),
                &error,
            ))
        }
    }
}

/// The semantic diff from the last committee meeting's commit to the working files.
pub fn since_last_meeting(app: &mut App) -> Option<Msg> {
    let root = app.core.workspace.root.clone()?;
    let lang = app.core.lang;
    let base = match log::last_meeting_commit(&root) {
        Ok(Some(base)) => base,
        Ok(None) => {
            return Some(Msg::Notify(
                lang.pick(
                    "会議の記録がまだありません",
                    "No committee meeting in the history yet",
                )
                .into(),
            ));
        }
        Err(error) => {
            return Some(notify_error(
                app,
                ("履歴を読めません", "Cannot read the history"),
                &error,
            ));
        }
    };
    let old =
        match repo::open(&root).and_then(|r| crate::history::git_source::load_at(&r, &base.id)) {
            Ok(old) => old,
            Err(error) => {
                return Some(notify_error(
                    app,
                    ("履歴を読めません", "Cannot read the history"),
                    &error,
                ));
            }
        };
    let changes = crate::history::diff::diff(&old, &app.core.workspace);
    let settings = app.core.workspace.settings().cloned();
    let lines: Vec<String> = changes
        .changes
        .iter()
        .map(|c| sanitize_inline(&c.describe(lang, settings.as_ref())))
        .collect();
    let view = app.history.get_or_insert_with(HistoryView::default);
    view.heading = format!(
        "{} {} ({})",
        lang.pick("前回会議以降の変更", "Changes since the last meeting"),
        base.short,
        sanitize_inline(&base.subject)
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
pub fn ask_close_phase(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = app.write_refusal() {
        return Some(Msg::Notify(refusal));
    }
    let root = app.core.workspace.root.clone()?;
    // Without a git identity the commit cannot be made: say so where the user looks, with
    // the fix in full (the status bar would cut it off); "yes" tries again once it is set.
    if let Err(crate::error::Error::MissingIdentity) =
        repo::open(&root).and_then(|r| repo::identity(&r).map(drop))
    {
        app.dialog = Some(Dialog::Confirm(Confirm::new(
            format!(
                "{}  ({})",
                repo::missing_identity_hint(app.core.lang),
                app.core.lang.pick(
                    "設定後 y でもう一度 / n で閉じる",
                    "y: try again once set / n: close"
                )
            ),
            Pending::ClosePhase,
        )));
        return None;
    }
    // The meeting file must be caught up with the journal before it is committed.
    let _ = crate::tui::screen::meeting::save(app);
    match commit::preview_phase(&root, &commit::PhaseRequest::default()) {
        Ok(plan) => {
            // The whole summary (subject, then what each category of change counts) above
            // a one-line input for the user's own message (the commit body, like `-m`).
            let lang = app.core.lang;
            let settings = app.core.settings();
            let summary = std::iter::once(sanitize_inline(&plan.subject))
                .chain(
                    plan.diff
                        .changes
                        .iter()
                        .map(|c| format!("• {}", c.describe(lang, settings))),
                )
                .collect();
            app.dialog = Some(Dialog::Input(crate::tui::dialog::LineInput::new(
                crate::tui::dialog::InputPurpose::CommitMessage { summary },
                "",
            )));
            None
        }
        Err(error) => Some(notify_error(
            app,
            ("コミットできません", "Cannot commit"),
            &error,
        )),
    }
}

/// Makes the phase commit, then reloads the settings (the cycle moved on) and the timeline.
pub fn close_phase(app: &mut App) -> Option<Msg> {
    close_phase_with(app, None)
}

/// [`close_phase`] with the user's own text for the commit body (`None` or empty: none).
pub fn close_phase_with(app: &mut App, message: Option<String>) -> Option<Msg> {
    let root = app.core.workspace.root.clone()?;
    let request = commit::PhaseRequest {
        message: message.filter(|m| !m.trim().is_empty()),
        ..commit::PhaseRequest::default()
    };
    match commit::commit_phase(&root, &request) {
        Ok(done) => {
            if let Ok(fresh) = crate::store::Workspace::load(&root)
                && let Some(settings) = fresh.settings
            {
                app.core.workspace.settings = Some(settings);
            }
            // The next cycle's year may lie past the plan: the screens stay on a year of it.
            app.core.clamp_year();
            app.core.uncommitted = repo::uncommitted_count(&root);
            let follow = load(app);
            follow.or_else(|| {
                Some(Msg::Notify(format!(
                    "{}: {} {}",
                    app.core.lang.pick("コミットしました", "Committed"),
                    &done.id.to_string()[..10],
                    sanitize_inline(&done.plan.subject)
                )))
            })
        }
        Err(error) => Some(notify_error(
            app,
            ("コミットできません", "Cannot commit"),
            &error,
        )),
    }
}
