//! The presenter window: `kaikaku present` in a second terminal (the projector) follows what
//! the secretariat's instance shows — plan, screen, node, indicator, meeting — in the
//! presenter theme, without the typing pane or private notes.
//!
//! The writing instance publishes its view to `.kaikaku/present.json` (atomically, only when
//! it changed); the presenter polls that file and the workspace files. No sockets: the two
//! processes share nothing but the workspace directory, which works on any machine.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::app::{App, Screen};

/// What the audience should see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub screen: String,
    pub plan: Option<String>,
    pub node: Option<String>,
    pub indicator: Option<String>,
    pub meeting: Option<String>,
    pub year: u16,
}

pub fn state_path(root: &Path) -> PathBuf {
    root.join(crate::store::lock::RUNTIME_DIR)
        .join("present.json")
}

/// What the app shows now.
pub fn shown(app: &App) -> Shown {
    Shown {
        screen: match app.screen {
            Screen::Dashboard => "dashboard",
            Screen::Tree => "tree",
            Screen::Kpi => "kpi",
            Screen::Meeting => "meeting",
            Screen::History => "history",
            Screen::Review => "review",
        }
        .to_string(),
        plan: app.plan().map(|p| p.id.clone()),
        node: app.selected_node().map(|n| n.id.clone()),
        indicator: app.selected_indicator().map(|i| i.id.clone()),
        meeting: app.session.as_ref().map(|s| s.meeting_id.clone()),
        year: app.core.year.0,
    }
}

/// Publishes the view when it changed; failures are ignored (the projector is a courtesy,
/// never a reason to disturb the secretariat).
pub fn publish(app: &App, last: &mut Option<Shown>) {
    let Some(root) = app.core.workspace.root.as_deref() else {
        return;
    };
    if app.core.workspace.is_read_only() {
        return;
    }
    let now = shown(app);
    if last.as_ref() == Some(&now) {
        return;
    }
    if let Ok(text) = serde_json::to_vec(&now) {
        let path = state_path(root);
        let fs = crate::store::fs_layer::StdFs;
        if crate::store::runtime::ensure_dir(&fs, root, "").is_ok()
            && crate::store::atomic::write_atomic(&path, &text).is_ok()
        {
            *last = Some(now);
        }
    }
}

/// Reads the published view, if any.
pub fn read(root: &Path) -> Option<Shown> {
    let bytes = crate::store::runtime::read_small(&state_path(root), 64 * 1024)?;
    serde_json::from_slice(&bytes).ok()
}

/// Points an audience app at what the secretariat shows.
pub fn follow(app: &mut App, shown: &Shown) {
    app.core.year = crate::model::FiscalYear(shown.year);
    if let Some(index) = shown.plan.as_ref().and_then(|id| {
        app.core
            .workspace
            .plans
            .iter()
            .position(|p| &p.value.id == id)
    }) {
        app.core.plan_index = index;
    }
    app.screen = match shown.screen.as_str() {
        "tree" => Screen::Tree,
        "kpi" => Screen::Kpi,
        "meeting" => Screen::Meeting,
        "history" => Screen::History,
        "review" => Screen::Review,
        _ => Screen::Dashboard,
    };
    // The history is read from git when the screen is shown, as in the writing instance.
    if app.screen == Screen::History && app.history.is_none() {
        let _ = super::screen::history::load(&app.core, &mut app.history);
    }
    if let Some(node) = &shown.node {
        let ancestors: Vec<String> = app
            .plan()
            .map(|p| {
                let flat = p.flatten();
                let mut out = Vec::new();
                let mut at = flat.iter().position(|f| &f.node.id == node);
                while let Some(i) = at.and_then(|i| flat[i].parent) {
                    out.push(flat[i].node.id.clone());
                    at = Some(i);
                }
                out
            })
            .unwrap_or_default();
        app.tree.expanded.extend(ancestors);
        app.tree.cursor = app
            .tree
            .rows(app.core.plan(), app.core.year)
            .iter()
            .position(|r| &r.node.id == node)
            .unwrap_or(0);
    }
    if let Some(indicator) = &shown.indicator {
        app.kpi.cursor = app
            .kpi_rows()
            .iter()
            .position(|(_, i)| &i.id == indicator)
            .unwrap_or(0);
    }
    if let Some(meeting) = &shown.meeting
        && app
            .session
            .as_ref()
            .is_none_or(|s| &s.meeting_id != meeting)
    {
        let _ = super::screen::meeting::open(&mut app.core, &mut app.session, meeting);
    }
    if let Some(session) = app.session.as_mut() {
        let count = app
            .core
            .workspace
            .meeting(&session.meeting_id)
            .map_or(0, |m| m.statements.len());
        session.selected = count.saturating_sub(1);
        session.typing = false;
    }
    app.refresh();
}

/// The size and modification time of each file, in a fixed order: `None` for a file that
/// is missing. Two equal fingerprints mean nothing was saved in between (every save is an
/// atomic rename, so it changes the time; the journal only grows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Fingerprint(Vec<(PathBuf, Option<Stat>)>);

/// A file's size and modification time (when the platform has one).
type Stat = (u64, Option<std::time::SystemTime>);

impl Fingerprint {
    fn of(paths: impl IntoIterator<Item = PathBuf>) -> Fingerprint {
        let mut entries: Vec<_> = paths
            .into_iter()
            .map(|path| {
                let stat = std::fs::metadata(&path)
                    .ok()
                    .map(|m| (m.len(), m.modified().ok()));
                (path, stat)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Fingerprint(entries)
    }

    /// The workspace's data files: settings and every file in the data directories.
    fn of_data(root: &Path) -> Fingerprint {
        let mut paths = vec![root.join(crate::store::SETTINGS_FILE)];
        for dir in [
            crate::store::PLANS_DIR,
            crate::store::MINUTES_DIR,
            crate::store::RESPONSES_DIR,
        ] {
            // The directory itself too: a file added or removed changes its time.
            paths.push(root.join(dir));
            if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
                paths.extend(entries.flatten().map(|e| e.path()));
            }
        }
        Fingerprint::of(paths)
    }
}

/// What the presenter window last read, so a poll re-reads only what changed: on a large
/// workspace a full reload costs about a second of CPU, a stat of each file microseconds.
#[derive(Debug, Default)]
pub struct Watch {
    data: Option<Fingerprint>,
    journal: Option<(String, Fingerprint)>,
}

impl Watch {
    /// Taken just before the first load: a save between this and the load only causes one
    /// extra reload, never a missed one.
    pub fn before_load(root: &Path) -> Watch {
        Watch {
            data: Some(Fingerprint::of_data(root)),
            journal: None,
        }
    }
}

/// Brings the presenter up to date with the disk: re-reads the workspace when a data file
/// changed, and replays the live journal of the shown meeting when it grew (read-only:
/// nothing is truncated or written), so the room sees each statement as soon as it is
/// committed, not only when the meeting file is next saved. Nothing is read when nothing
/// changed.
pub fn reload(app: &mut App, root: &Path, watch: &mut Watch) {
    let data = Fingerprint::of_data(root);
    let meeting_id = app.session.as_ref().map(|s| s.meeting_id.clone());
    let journal = meeting_id.map(|id| {
        let print = Fingerprint::of([crate::store::journal::journal_path(root, &id)]);
        (id, print)
    });
    let data_changed = watch.data.as_ref() != Some(&data);
    if !data_changed && watch.journal == journal {
        return;
    }
    if data_changed {
        let Ok(mut fresh) = crate::store::Workspace::load(root) else {
            return;
        };
        fresh.set_read_only(("投影用ウィンドウ", "presenter window"));
        app.core.workspace = fresh;
        // A phase commit rewrites the settings: the history shown may have grown.
        if app.history.take().is_some() && app.screen == Screen::History {
            let _ = super::screen::history::load(&app.core, &mut app.history);
        }
    } else if let Some((id, _)) = &journal {
        // Only the journal grew: the saved minutes are re-read so the replay starts from them.
        let path = format!("{}/{id}.ron", crate::store::MINUTES_DIR);
        let Some(saved) = std::fs::read(root.join(&path))
            .ok()
            .and_then(|bytes| crate::store::workspace::parse_text(&path, bytes).ok())
        else {
            return;
        };
        if let Some(meeting) = app.core.workspace.meeting_mut(id) {
            *meeting = saved.value;
        }
    }
    if let Some((id, _)) = &journal
        && let Ok(bytes) = std::fs::read(crate::store::journal::journal_path(root, id))
        && let Some(meeting) = app.core.workspace.meeting_mut(id)
    {
        let (entries, _) = crate::store::journal::decode(&bytes);
        crate::store::journal::replay(meeting, &entries);
    }
    watch.data = Some(data);
    watch.journal = journal;
    app.refresh();
}
