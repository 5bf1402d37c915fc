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
    /// A command run from the palette (the git operations a secretariat looks for by name:
    /// sync, close the phase, the history).
    Command(super::command::Command),
}

/// The commands the palette offers by name, with extra words they are found by.
const COMMANDS: &[(super::command::Command, &[&str])] = &[
    (
        super::command::Command::Sync,
        &[
            "sync",
            "同期",
            "git",
            "push",
            "pull",
            "fetch",
            "remote",
            "リモート",
        ],
    ),
    (
        super::command::Command::ClosePhase,
        &["commit", "コミット", "phase", "フェーズ"],
    ),
    (
        super::command::Command::ShowHistory,
        &["history", "履歴", "log", "git"],
    ),
    (
        super::command::Command::ItemHistory,
        &["history", "履歴", "変更履歴", "log", "blame"],
    ),
    (
        super::command::Command::SinceLastMeeting,
        &["since", "前回", "diff", "差分"],
    ),
    (
        super::command::Command::EditMeetingHeader,
        &[
            "header",
            "会議情報",
            "出欠",
            "出席",
            "欠席",
            "代理",
            "説明員",
            "資料",
            "次第",
            "終了",
            "場所",
            "attendance",
            "official",
            "agenda",
        ],
    ),
];

/// The palette's commands whose label (either language) or words contain the query.
fn command_items(lang: Language, query: &str) -> Vec<Item> {
    let query = query.trim().to_lowercase();
    // One letter would offer every command on the way to any word.
    if query.chars().count() < 2 {
        return Vec::new();
    }
    COMMANDS
        .iter()
        .filter(|(command, words)| {
            let (ja, en) = command.describe();
            ja.contains(&query)
                || en.to_lowercase().contains(&query)
                || words.iter().any(|w| w.starts_with(&query))
        })
        .map(|(command, _)| {
            let (ja, en) = command.describe();
            Item {
                kind: lang.pick("操作", "Command"),
                label: lang.pick(ja, en).to_string(),
                detail: String::new(),
                target: Target::Command(*command),
            }
        })
        .collect()
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

/// Hits for a query, best first, how many there are in all, and whether that count is
/// only a lower bound (the search stopped at the statements it could show).
pub fn search(app: &App, query: &str) -> (Vec<Item>, usize, bool) {
    let (mut items, total, more) = search_in(
        app.search.as_ref(),
        &app.core.workspace,
        app.core.lang,
        query,
    );
    // A command shows the keys it is bound to, so the palette also teaches them.
    let rows = app.keymap.help_rows();
    for item in &mut items {
        if let Target::Command(command) = item.target {
            item.detail = rows
                .iter()
                .find(|(_, bound)| *bound == command)
                .map(|(keys, _)| keys.clone())
                .unwrap_or_default();
        }
    }
    (items, total, more)
}

/// Hits for a query over `index` (built on the spot when the palette has none yet).
pub fn search_in(
    index: Option<&SearchIndex>,
    workspace: &Workspace,
    lang: Language,
    query: &str,
) -> (Vec<Item>, usize, bool) {
    let built;
    let index = if let Some(index) = index {
        index
    } else {
        built = SearchIndex::build(workspace, lang);
        &built
    };
    // A keystroke only needs the hits it lists: a word found in most statements would
    // otherwise be counted through all of them before the frame.
    let results = index.search_capped(query, &[], LIMIT);
    let mut items = command_items(lang, query);
    let commands = items.len();
    items.extend(
        results
            .hits
            .into_iter()
            .filter_map(|hit| item(workspace, lang, hit)),
    );
    (items, results.total + commands, results.capped)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::command::Command;

    fn commands(lang: Language, query: &str) -> Vec<Command> {
        command_items(lang, query)
            .into_iter()
            .filter_map(|item| match item.target {
                Target::Command(command) => Some(command),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn git_operations_are_found_by_name_in_either_language() {
        assert_eq!(commands(Language::Ja, "同期"), vec![Command::Sync]);
        assert_eq!(commands(Language::En, "Sync"), vec![Command::Sync]);
        assert_eq!(commands(Language::Ja, "push"), vec![Command::Sync]);
        assert_eq!(
            commands(Language::En, "git"),
            vec![Command::Sync, Command::ShowHistory]
        );
        assert_eq!(
            commands(Language::Ja, "コミット"),
            vec![Command::ClosePhase]
        );
        let item = &command_items(Language::Ja, "同期")[0];
        assert_eq!(
            (item.kind, item.label.as_str()),
            ("操作", "リモートと同期（git）")
        );
    }

    #[test]
    fn one_letter_and_other_words_offer_no_command() {
        assert!(commands(Language::En, "s").is_empty());
        assert!(commands(Language::Ja, "窓口改革").is_empty());
        assert!(commands(Language::En, "catalog").is_empty());
    }
}
