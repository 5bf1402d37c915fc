//! The palette: one search box over plans, items, KPIs, departments, meetings and every
//! statement, through the core's [`SearchIndex`] (width, kana and case folded; fuzzy for
//! short names). The index is built when the palette first opens and synced on each
//! opening, so a keystroke only scans it.

use super::app::App;
use crate::model::Language;
use crate::search::{Hit, Kind, SearchIndex};
use crate::store::Workspace;

/// The most hits the palette lists (the count shows the total).
const LIMIT: usize = 200;

/// Where a hit leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Node {
        plan: usize,
        node: String,
    },
    Indicator {
        plan: usize,
        indicator: String,
    },
    Department(String),
    Meeting(String),
    /// A statement: the Meeting screen opens at it.
    Statement {
        meeting: String,
        statement: String,
    },
    Plan(usize),
}

/// One hit as the palette lists it.
#[derive(Clone, Debug)]
pub struct Item {
    /// What kind of thing it is: 項目, 指標, 所管, 会議, 発言.
    pub kind: &'static str,
    pub label: String,
    /// Where it sits (plan › 施策 › item; meeting) and, for text matches, the excerpt.
    pub detail: String,
    pub target: Target,
}

/// Hits for a query, best first, and how many there are in all.
pub fn search(app: &App, query: &str) -> (Vec<Item>, usize) {
    search_in(
        app.search.as_ref(),
        &app.core.workspace,
        app.core.lang,
        query,
    )
}

/// Hits for a query over `index` (built on the spot when the palette has none yet).
pub fn search_in(
    index: Option<&SearchIndex>,
    workspace: &Workspace,
    lang: Language,
    query: &str,
) -> (Vec<Item>, usize) {
    let built;
    let index = if let Some(index) = index {
        index
    } else {
        built = SearchIndex::build(workspace, lang);
        &built
    };
    let results = index.search(query, &[], LIMIT);
    let items = results
        .hits
        .into_iter()
        .filter_map(|hit| item(workspace, lang, hit))
        .collect();
    (items, results.total)
}

/// Builds or refreshes the palette's index (only files that changed are re-read).
pub fn prepare(app: &mut App) {
    match &mut app.search {
        Some(index) if index.language() == app.core.lang => {
            index.sync(&app.core.workspace);
        }
        _ => app.search = Some(SearchIndex::build(&app.core.workspace, app.core.lang)),
    }
}

fn item(workspace: &Workspace, lang: Language, hit: Hit) -> Option<Item> {
    use crate::search::Target as T;
    let plan_index = |id: &str| workspace.plans.iter().position(|p| p.value.id == id);
    let target = match hit.target {
        T::Plan { plan } => Target::Plan(plan_index(&plan)?),
        T::Node { plan, node } => Target::Node {
            plan: plan_index(&plan)?,
            node,
        },
        T::Kpi { plan, indicator } => Target::Indicator {
            plan: plan_index(&plan)?,
            indicator,
        },
        T::Department { department } => Target::Department(department),
        T::Meeting { meeting } => Target::Meeting(meeting),
        T::Statement { meeting, statement } => Target::Statement { meeting, statement },
    };
    // A statement: speaker and meeting on the first line, its words on the second (the
    // words are why it was found; a long meeting title must not push them out of sight).
    let (label, mut detail) = match hit.kind {
        Kind::Statement => (
            format!("{}  {}", hit.label, hit.meeting.clone().unwrap_or_default()),
            String::new(),
        ),
        _ => (hit.label, hit.context.join(" › ")),
    };
    if let Some(excerpt) = &hit.excerpt {
        if !detail.is_empty() {
            detail.push_str(" — ");
        }
        detail.push_str(&excerpt.text);
    }
    Some(Item {
        kind: hit.kind.label(lang),
        label,
        detail,
        target,
    })
}
