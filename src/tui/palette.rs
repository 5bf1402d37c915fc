//! The fuzzy palette: one search box over nodes, indicators, departments and meetings, in
//! Japanese and English alike (nucleo-matcher works on characters, so kanji match too).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::app::App;
use crate::model::Language;
use crate::store::Workspace;

/// Where a hit leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Node { plan: usize, node: String },
    Indicator { plan: usize, indicator: String },
    Department(String),
    Meeting(String),
}

/// One searchable entry.
#[derive(Clone, Debug)]
pub struct Item {
    /// What kind of thing it is: 項目, 指標, 所管, 会議.
    pub kind: &'static str,
    pub label: String,
    pub target: Target,
}

/// Everything the palette can find, in a stable order.
pub fn items(app: &App) -> Vec<Item> {
    items_in(&app.core.workspace, app.core.lang)
}

/// Everything the palette can find in a workspace.
pub fn items_in(workspace: &Workspace, lang: Language) -> Vec<Item> {
    let mut out = Vec::new();
    for (plan_index, plan) in workspace.plans.iter().enumerate() {
        let plan = &plan.value;
        for flat in plan.flatten() {
            out.push(Item {
                kind: lang.pick("項目", "node"),
                label: format!("{} {}", flat.number, flat.node.title),
                target: Target::Node {
                    plan: plan_index,
                    node: flat.node.id.clone(),
                },
            });
        }
        for (_, indicator) in plan.all_indicators() {
            out.push(Item {
                kind: lang.pick("指標", "KPI"),
                label: indicator.name.clone(),
                target: Target::Indicator {
                    plan: plan_index,
                    indicator: indicator.id.clone(),
                },
            });
        }
    }
    if let Some(settings) = workspace.settings() {
        for department in &settings.departments {
            let label = match &department.name_en {
                Some(en) => format!("{} {en}", department.name),
                None => department.name.clone(),
            };
            out.push(Item {
                kind: lang.pick("所管", "dept"),
                label,
                target: Target::Department(department.id.clone()),
            });
        }
    }
    for meeting in &workspace.meetings {
        out.push(Item {
            kind: lang.pick("会議", "meeting"),
            label: format!("{} {}", meeting.value.date, meeting.value.title),
            target: Target::Meeting(meeting.value.id.clone()),
        });
    }
    out
}

/// Hits for a query, best first; an empty query lists everything.
pub fn search(app: &App, query: &str) -> Vec<Item> {
    search_in(&app.core.workspace, app.core.lang, query)
}

/// Hits for a query in a workspace, best first.
pub fn search_in(workspace: &Workspace, lang: Language, query: &str) -> Vec<Item> {
    let all = items_in(workspace, lang);
    if query.trim().is_empty() {
        return all;
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize, Item)> = all
        .into_iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let score = pattern.score(Utf32Str::new(&item.label, &mut buffer), &mut matcher)?;
            Some((score, index, item))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, item)| item).collect()
}
