//! Semantic diff of two workspaces: what changed in domain terms, not in lines.
//!
//! A pure function over two loaded [`Workspace`]s (from the working tree, a commit or a tag),
//! so it is tested without git and used alike by `kaikaku diff`, the phase-commit summary,
//! `kaikaku log` (semantic blame), the audit's figure table and sync's conflict report.
//! Every field of the model ends up in exactly one kind of change: the ones reviewers care
//! about get their own variant (figures, targets, statuses, nodes, statements); anything
//! else is reported as an "edited" change naming the fields, so no change goes unreported
//! when the model grows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::model::response::{Response, ResponseFile, ResponseStatus};
use crate::model::{
    CycleState, Figure, FiscalYear, Indicator, Language, Meeting, Node, Plan, Settings,
    StatementKind, YearValue, sanitize_inline,
};
use crate::store::Workspace;

/// Which figure of an indicator changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureField {
    /// 基準値
    Baseline,
    /// 実績値
    Actual,
    /// 計画値: a value of the yearly planned path.
    Planned,
}

impl FigureField {
    fn label(self, lang: Language) -> &'static str {
        match self {
            FigureField::Baseline => lang.pick("基準値", "baseline"),
            FigureField::Actual => lang.pick("実績", "actual"),
            FigureField::Planned => lang.pick("計画値", "planned"),
        }
    }
}

/// What a [`Change`] is about: the ids of the items it concerns, by kind. A node's change
/// names its plan and node; an indicator added under a node names both; a response names
/// its meeting and statement; the cycle state and other settings name nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    pub plan: Option<&'a str>,
    pub indicator: Option<&'a str>,
    pub node: Option<&'a str>,
    pub meeting: Option<&'a str>,
    pub statement: Option<&'a str>,
}

/// One change between two workspaces, in domain terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A baseline or a yearly actual was entered, corrected or removed.
    Figure {
        plan: String,
        indicator: String,
        name: String,
        unit: String,
        field: FigureField,
        year: FiscalYear,
        old: Option<Figure>,
        new: Option<Figure>,
    },
    /// The target of an indicator was set or revised (value, year or 調整中).
    Target {
        plan: String,
        indicator: String,
        name: String,
        old: Option<String>,
        new: Option<String>,
        reason: Option<String>,
    },
    IndicatorAdded {
        plan: String,
        indicator: String,
        name: String,
        node: Option<String>,
        reason: Option<String>,
    },
    IndicatorRemoved {
        plan: String,
        indicator: String,
        name: String,
        reason: Option<String>,
    },
    /// Other fields of an indicator (name, unit, notes …).
    IndicatorEdited {
        plan: String,
        indicator: String,
        name: String,
        fields: Vec<String>,
        reason: Option<String>,
    },
    /// The status (進捗状況) of a node for a fiscal year, by status id.
    Status {
        plan: String,
        node: String,
        title: String,
        year: FiscalYear,
        old: Option<String>,
        new: Option<String>,
        note: Option<String>,
    },
    NodeAdded {
        plan: String,
        node: String,
        title: String,
        parent: Option<String>,
        reason: Option<String>,
    },
    NodeRemoved {
        plan: String,
        node: String,
        title: String,
        reason: Option<String>,
    },
    /// The node was retired (廃止・統合) after a fiscal year, or reinstated (`year: None`). It
    /// stays in the tree, so this is not a removal.
    NodeRetired {
        plan: String,
        node: String,
        title: String,
        year: Option<FiscalYear>,
        reason: Option<String>,
    },
    /// The node now hangs under another parent.
    NodeMoved {
        plan: String,
        node: String,
        title: String,
        old_parent: Option<String>,
        new_parent: Option<String>,
        reason: Option<String>,
    },
    NodeRetitled {
        plan: String,
        node: String,
        old: String,
        new: String,
        reason: Option<String>,
    },
    /// Other fields of a node (description, departments, number …).
    NodeEdited {
        plan: String,
        node: String,
        title: String,
        fields: Vec<String>,
        reason: Option<String>,
    },
    PlanAdded {
        plan: String,
        title: String,
    },
    PlanRemoved {
        plan: String,
        title: String,
    },
    /// Plan-level fields (title, period, levels, tallies, revisions …).
    PlanEdited {
        plan: String,
        fields: Vec<String>,
    },
    MeetingAdded {
        meeting: String,
        title: String,
        date: String,
    },
    MeetingRemoved {
        meeting: String,
        title: String,
    },
    MeetingStatus {
        meeting: String,
        title: String,
        old: String,
        new: String,
    },
    /// Other fields of a meeting (attendees, agenda, responses …).
    MeetingEdited {
        meeting: String,
        title: String,
        fields: Vec<String>,
    },
    StatementAdded {
        meeting: String,
        statement: String,
        speaker: String,
        kind: StatementKind,
        text: String,
    },
    StatementRemoved {
        meeting: String,
        statement: String,
        speaker: String,
        text: String,
    },
    StatementEdited {
        meeting: String,
        statement: String,
        fields: Vec<String>,
    },
    /// A comment started being tracked (its response record appeared), with its state then.
    ResponseAdded {
        meeting: String,
        statement: String,
        status: ResponseStatus,
        policy: String,
    },
    ResponseRemoved {
        meeting: String,
        statement: String,
    },
    /// The response's status moved (未対応 → 検討中 …); the policy is the one now in force.
    ResponseStatusChanged {
        meeting: String,
        statement: String,
        old: ResponseStatus,
        new: ResponseStatus,
        policy: String,
    },
    /// The 対応方針 text changed while the status stayed.
    ResponsePolicyChanged {
        meeting: String,
        statement: String,
        status: ResponseStatus,
        old: String,
        new: String,
    },
    /// Other fields of a response (department, target cycle, the history itself).
    ResponseEdited {
        meeting: String,
        statement: String,
        fields: Vec<String>,
    },
    /// The PDCA state in the settings moved (bookkeeping; not counted as a data change).
    Cycle {
        old: Option<CycleState>,
        new: Option<CycleState>,
    },
    SettingsEdited {
        fields: Vec<String>,
    },
}

/// The category a change is counted under in summaries and trailers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Figures,
    Targets,
    Statuses,
    Nodes,
    Indicators,
    Statements,
    Meetings,
    Responses,
    Plans,
    Settings,
    Cycle,
}

impl Category {
    /// Singular and plural English nouns, for subjects like `3 figures, 1 status`.
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Category::Figures => ("figure", "figures"),
            Category::Targets => ("target", "targets"),
            Category::Statuses => ("status", "statuses"),
            Category::Nodes => ("node", "nodes"),
            Category::Indicators => ("indicator", "indicators"),
            Category::Statements => ("statement", "statements"),
            Category::Meetings => ("meeting", "meetings"),
            Category::Responses => ("response", "responses"),
            Category::Plans => ("plan", "plans"),
            Category::Settings => ("setting", "settings"),
            Category::Cycle => ("cycle", "cycle"),
        }
    }

    /// The Japanese noun, for counts said to a Japanese reader (`数値 3件`).
    pub fn label_ja(self) -> &'static str {
        match self {
            Category::Figures => "数値",
            Category::Targets => "目標値",
            Category::Statuses => "進捗状況",
            Category::Nodes => "取組",
            Category::Indicators => "指標",
            Category::Statements => "発言",
            Category::Meetings => "会議",
            Category::Responses => "対応",
            Category::Plans => "プラン",
            Category::Settings => "設定",
            Category::Cycle => "サイクル",
        }
    }

    /// The category of a `Kaikaku-Changed:` trailer key.
    pub fn from_key(key: &str) -> Option<Category> {
        [
            Category::Figures,
            Category::Targets,
            Category::Statuses,
            Category::Nodes,
            Category::Indicators,
            Category::Statements,
            Category::Meetings,
            Category::Responses,
            Category::Plans,
            Category::Settings,
            Category::Cycle,
        ]
        .into_iter()
        .find(|c| c.key() == key)
    }

    /// The key used in the `Kaikaku-Changed:` trailer.
    pub fn key(self) -> &'static str {
        match self {
            Category::Figures => "figures",
            Category::Targets => "targets",
            Category::Statuses => "statuses",
            Category::Nodes => "nodes",
            Category::Indicators => "indicators",
            Category::Statements => "statements",
            Category::Meetings => "meetings",
            Category::Responses => "responses",
            Category::Plans => "plans",
            Category::Settings => "settings",
            Category::Cycle => "cycle",
        }
    }
}

impl Change {
    pub fn category(&self) -> Category {
        match self {
            Change::Figure { .. } => Category::Figures,
            Change::Target { .. } => Category::Targets,
            Change::IndicatorAdded { .. }
            | Change::IndicatorRemoved { .. }
            | Change::IndicatorEdited { .. } => Category::Indicators,
            Change::Status { .. } => Category::Statuses,
            Change::NodeAdded { .. }
            | Change::NodeRemoved { .. }
            | Change::NodeRetired { .. }
            | Change::NodeMoved { .. }
            | Change::NodeRetitled { .. }
            | Change::NodeEdited { .. } => Category::Nodes,
            Change::PlanAdded { .. } | Change::PlanRemoved { .. } | Change::PlanEdited { .. } => {
                Category::Plans
            }
            Change::MeetingAdded { .. }
            | Change::MeetingRemoved { .. }
            | Change::MeetingStatus { .. }
            | Change::MeetingEdited { .. } => Category::Meetings,
            Change::StatementAdded { .. }
            | Change::StatementRemoved { .. }
            | Change::StatementEdited { .. } => Category::Statements,
            Change::ResponseAdded { .. }
            | Change::ResponseRemoved { .. }
            | Change::ResponseStatusChanged { .. }
            | Change::ResponsePolicyChanged { .. }
            | Change::ResponseEdited { .. } => Category::Responses,
            Change::Cycle { .. } => Category::Cycle,
            Change::SettingsEdited { .. } => Category::Settings,
        }
    }

    /// What the change is about, from one exhaustive match: every history filter
    /// (`log --kpi/--node/--meeting`, the TUI's item history) reads this, so a new change
    /// kind must say here what it is about or the crate does not compile, and it cannot
    /// silently drop out of an item's history.
    pub fn subject(&self) -> Subject<'_> {
        fn plan_item(plan: &str) -> Subject<'_> {
            Subject {
                plan: Some(plan),
                ..Subject::default()
            }
        }
        match self {
            Change::Figure {
                plan, indicator, ..
            }
            | Change::Target {
                plan, indicator, ..
            }
            | Change::IndicatorRemoved {
                plan, indicator, ..
            }
            | Change::IndicatorEdited {
                plan, indicator, ..
            } => Subject {
                indicator: Some(indicator),
                ..plan_item(plan)
            },
            Change::IndicatorAdded {
                plan,
                indicator,
                node,
                ..
            } => Subject {
                indicator: Some(indicator),
                node: node.as_deref(),
                ..plan_item(plan)
            },
            Change::Status { plan, node, .. }
            | Change::NodeAdded { plan, node, .. }
            | Change::NodeRemoved { plan, node, .. }
            | Change::NodeRetired { plan, node, .. }
            | Change::NodeMoved { plan, node, .. }
            | Change::NodeRetitled { plan, node, .. }
            | Change::NodeEdited { plan, node, .. } => Subject {
                node: Some(node),
                ..plan_item(plan)
            },
            Change::PlanAdded { plan, .. }
            | Change::PlanRemoved { plan, .. }
            | Change::PlanEdited { plan, .. } => plan_item(plan),
            Change::MeetingAdded { meeting, .. }
            | Change::MeetingRemoved { meeting, .. }
            | Change::MeetingStatus { meeting, .. }
            | Change::MeetingEdited { meeting, .. } => Subject {
                meeting: Some(meeting),
                ..Subject::default()
            },
            Change::StatementAdded {
                meeting, statement, ..
            }
            | Change::StatementRemoved {
                meeting, statement, ..
            }
            | Change::StatementEdited {
                meeting, statement, ..
            }
            | Change::ResponseAdded {
                meeting, statement, ..
            }
            | Change::ResponseRemoved {
                meeting, statement, ..
            }
            | Change::ResponseStatusChanged {
                meeting, statement, ..
            }
            | Change::ResponsePolicyChanged {
                meeting, statement, ..
            }
            | Change::ResponseEdited {
                meeting, statement, ..
            } => Subject {
                meeting: Some(meeting),
                statement: Some(statement),
                ..Subject::default()
            },
            Change::Cycle { .. } | Change::SettingsEdited { .. } => Subject::default(),
        }
    }

    /// Whether the change concerns this indicator (or part of a group).
    pub fn is_about_indicator(&self, id: &str) -> bool {
        self.subject().indicator == Some(id)
    }

    /// Whether the change concerns this node of a plan tree.
    pub fn is_about_node(&self, id: &str) -> bool {
        self.subject().node == Some(id)
    }

    /// Whether the change concerns this meeting (its minutes, statements or responses).
    pub fn is_about_meeting(&self, id: &str) -> bool {
        self.subject().meeting == Some(id)
    }

    /// Whether `id` names what the change is about: its indicator, node, meeting,
    /// statement or plan, or the whole item (`plan/indicator`, `meeting/statement`).
    pub fn is_about(&self, id: &str) -> bool {
        let subject = self.subject();
        [
            subject.indicator,
            subject.node,
            subject.meeting,
            subject.statement,
            subject.plan,
        ]
        .contains(&Some(id))
            || self.item() == id
    }

    /// A revision that needs a recorded reason (Act phase) but has none.
    pub fn missing_reason(&self) -> bool {
        match self {
            Change::Target { old, reason, .. } => old.is_some() && reason.is_none(),
            Change::NodeAdded { reason, .. }
            | Change::NodeRemoved { reason, .. }
            | Change::NodeRetired { reason, .. }
            | Change::NodeMoved { reason, .. }
            | Change::IndicatorRemoved { reason, .. } => reason.is_none(),
            _ => false,
        }
    }

    /// The item the change is about, as `plan/id` or `meeting/id`, for messages. Read from
    /// [`Change::subject`], so it names what every history filter names.
    pub fn item(&self) -> String {
        let subject = self.subject();
        match subject {
            Subject {
                plan: Some(plan),
                indicator: Some(id),
                ..
            }
            | Subject {
                plan: Some(plan),
                node: Some(id),
                ..
            } => format!("{plan}/{id}"),
            Subject {
                plan: Some(plan), ..
            } => plan.to_string(),
            Subject {
                meeting: Some(meeting),
                statement: Some(statement),
                ..
            } => format!("{meeting}/{statement}"),
            Subject {
                meeting: Some(meeting),
                ..
            } => meeting.to_string(),
            _ => "kaikaku.ron".into(),
        }
    }

    /// One line describing the change; file text is sanitised, statuses shown by label.
    #[allow(clippy::too_many_lines)] // one arm per kind of change, each a short format
    pub fn describe(&self, lang: Language, settings: Option<&Settings>) -> String {
        let s = |text: &str| sanitize_inline(text);
        let status_label = |id: &Option<String>| match id {
            None => "—".to_string(),
            Some(id) => settings.and_then(|st| st.status(id)).map_or_else(
                || s(id),
                |def| match (lang, &def.label_en) {
                    (Language::En, Some(en)) => s(en),
                    _ => s(&def.label),
                },
            ),
        };
        let reason = |r: &Option<String>| {
            r.as_deref().map_or_else(String::new, |r| {
                format!(" ({}{})", lang.pick("理由: ", "reason: "), s(r))
            })
        };
        let fields = |f: &[String]| {
            f.iter()
                .map(|name| field_label(name, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("・", ", "))
        };
        let target = |t: &Option<String>| {
            t.as_deref()
                .map_or_else(|| "—".to_string(), |t| s(&shown_target(t, lang)))
        };
        match self {
            Change::Figure {
                indicator,
                name,
                unit,
                field,
                year,
                old,
                new,
                ..
            } => {
                // As every other screen prints a figure: grouped, the unit attached
                // (`107,087件`, not `107087 件`).
                let with_unit = |f: &Option<Figure>| {
                    f.map_or_else(
                        || "—".to_string(),
                        |f| format!("{}{}", f.grouped(), s(unit)),
                    )
                };
                format!(
                    "{} {indicator} {}: {} {} {} → {}",
                    lang.pick("指標", "KPI"),
                    s(name),
                    lang.year_short(*year),
                    field.label(lang),
                    with_unit(old),
                    with_unit(new),
                )
            }
            Change::Target {
                indicator,
                name,
                old,
                new,
                reason: r,
                ..
            } => format!(
                "{} {indicator} {}: {} {} → {}{}",
                lang.pick("指標", "KPI"),
                s(name),
                lang.pick("目標", "target"),
                target(old),
                target(new),
                reason(r)
            ),
            Change::IndicatorAdded {
                indicator,
                name,
                reason: r,
                ..
            } => format!(
                "{} {indicator} {}{}",
                lang.pick("指標追加", "KPI added"),
                s(name),
                reason(r)
            ),
            Change::IndicatorRemoved {
                indicator,
                name,
                reason: r,
                ..
            } => format!(
                "{} {indicator} {}{}",
                lang.pick("指標削除", "KPI removed"),
                s(name),
                reason(r)
            ),
            Change::IndicatorEdited {
                indicator,
                name,
                fields: f,
                reason: r,
                ..
            } => format!(
                "{} {indicator} {}: {}{}",
                lang.pick("指標変更", "KPI edited"),
                s(name),
                fields(f),
                reason(r)
            ),
            Change::Status {
                node,
                title,
                year,
                old,
                new,
                note,
                ..
            } => format!(
                "{} {node} {}: {} {} → {}{}",
                lang.pick("進捗", "status"),
                s(title),
                lang.year_short(*year),
                status_label(old),
                status_label(new),
                note.as_deref()
                    .map_or_else(String::new, |n| format!(" ({})", s(n)))
            ),
            Change::NodeAdded {
                node,
                title,
                parent,
                reason: r,
                ..
            } => format!(
                "{} {node} {} ← {}{}",
                lang.pick("項目追加", "item added"),
                s(title),
                parent.as_deref().map_or("—", |p| p),
                reason(r)
            ),
            Change::NodeRemoved {
                node,
                title,
                reason: r,
                ..
            } => format!(
                "{} {node} {}{}",
                lang.pick("項目削除", "item removed"),
                s(title),
                reason(r)
            ),
            Change::NodeRetired {
                node,
                title,
                year,
                reason: r,
                ..
            } => match year {
                Some(year) => format!(
                    "{} {node} {}: {}{}",
                    lang.pick("項目廃止", "item retired"),
                    s(title),
                    lang.pick(
                        &format!("{}末で廃止", lang.year(*year)),
                        &format!("after {}", lang.year(*year))
                    ),
                    reason(r)
                ),
                None => format!(
                    "{} {node} {}{}",
                    lang.pick("項目復活", "item reinstated"),
                    s(title),
                    reason(r)
                ),
            },
            Change::NodeMoved {
                node,
                title,
                old_parent,
                new_parent,
                reason: r,
                ..
            } => format!(
                "{} {node} {}: {} → {}{}",
                lang.pick("項目移動", "item moved"),
                s(title),
                old_parent.as_deref().map_or("—", |p| p),
                new_parent.as_deref().map_or("—", |p| p),
                reason(r)
            ),
            Change::NodeRetitled {
                node,
                old,
                new,
                reason: r,
                ..
            } => format!(
                "{} {node}: {} → {}{}",
                lang.pick("項目名変更", "item retitled"),
                s(old),
                s(new),
                reason(r)
            ),
            Change::NodeEdited {
                node,
                title,
                fields: f,
                reason: r,
                ..
            } => format!(
                "{} {node} {}: {}{}",
                lang.pick("項目変更", "item edited"),
                s(title),
                fields(f),
                reason(r)
            ),
            Change::PlanAdded { plan, title } => {
                format!(
                    "{} {plan} {}",
                    lang.pick("計画追加", "plan added"),
                    s(title)
                )
            }
            Change::PlanRemoved { plan, title } => format!(
                "{} {plan} {}",
                lang.pick("計画削除", "plan removed"),
                s(title)
            ),
            Change::PlanEdited { plan, fields: f } => format!(
                "{} {plan}: {}",
                lang.pick("計画変更", "plan edited"),
                fields(f)
            ),
            Change::MeetingAdded {
                meeting,
                title,
                date,
            } => format!(
                "{} {meeting} {} ({date})",
                lang.pick("会議追加", "meeting added"),
                s(title)
            ),
            Change::MeetingRemoved { meeting, title } => format!(
                "{} {meeting} {}",
                lang.pick("会議削除", "meeting removed"),
                s(title)
            ),
            Change::MeetingStatus {
                meeting,
                title,
                old,
                new,
            } => format!(
                "{} {meeting} {}: {old} → {new}",
                lang.pick("議事録", "minutes"),
                s(title)
            ),
            Change::MeetingEdited {
                meeting,
                title,
                fields: f,
            } => format!(
                "{} {meeting} {}: {}",
                lang.pick("会議変更", "meeting edited"),
                s(title),
                fields(f)
            ),
            Change::StatementAdded {
                meeting,
                statement,
                speaker,
                kind,
                text,
            } => format!(
                "{} {meeting}/{statement} [{}] {}: {}",
                lang.pick("発言追加", "statement added"),
                s(speaker),
                lang.pick(kind.label_ja(), kind.as_str()),
                crate::text::truncate(&s(text), 60)
            ),
            Change::StatementRemoved {
                meeting,
                statement,
                speaker,
                text,
            } => format!(
                "{} {meeting}/{statement} [{}]: {}",
                lang.pick("発言削除", "statement removed"),
                s(speaker),
                crate::text::truncate(&s(text), 60)
            ),
            Change::StatementEdited {
                meeting,
                statement,
                fields: f,
            } => format!(
                "{} {meeting}/{statement}: {}",
                lang.pick("発言修正", "statement edited"),
                fields(f)
            ),
            Change::ResponseAdded {
                meeting,
                statement,
                status,
                policy,
            } => format!(
                "{} {meeting}/{statement}: {}{}",
                lang.pick("対応追加", "response added"),
                response_status(*status, lang),
                policy_suffix(policy)
            ),
            Change::ResponseRemoved { meeting, statement } => format!(
                "{} {meeting}/{statement}",
                lang.pick("対応削除", "response removed")
            ),
            Change::ResponseStatusChanged {
                meeting,
                statement,
                old,
                new,
                policy,
            } => format!(
                "{} {meeting}/{statement}: {} → {}{}",
                lang.pick("対応状況", "response"),
                response_status(*old, lang),
                response_status(*new, lang),
                policy_suffix(policy)
            ),
            Change::ResponsePolicyChanged {
                meeting,
                statement,
                status,
                old,
                new,
            } => format!(
                "{} {meeting}/{statement} ({}): {} → {}",
                lang.pick("対応方針", "response text"),
                response_status(*status, lang),
                crate::text::truncate(&s(old), 30),
                crate::text::truncate(&s(new), 30)
            ),
            Change::ResponseEdited {
                meeting,
                statement,
                fields: f,
            } => format!(
                "{} {meeting}/{statement}: {}",
                lang.pick("対応変更", "response edited"),
                fields(f)
            ),
            Change::Cycle { old, new } => {
                let state = |c: &Option<CycleState>| {
                    c.map_or_else(
                        || "—".to_string(),
                        |c| format!("{} {}", c.year.western(), c.phase.title()),
                    )
                };
                format!(
                    "{}: {} → {}",
                    lang.pick("サイクル", "cycle"),
                    state(old),
                    state(new)
                )
            }
            Change::SettingsEdited { fields: f } => format!(
                "{}: {}",
                lang.pick("設定変更", "settings edited"),
                fields(f)
            ),
        }
    }
}

/// A response status as the reader's language names it.
fn response_status(status: ResponseStatus, lang: Language) -> &'static str {
    lang.pick(status.label_ja(), status.as_str())
}

/// ` — 対応方針` for a describe line, sanitised and cut; empty without a policy.
fn policy_suffix(policy: &str) -> String {
    if policy.trim().is_empty() {
        String::new()
    } else {
        format!(" — {}", crate::text::truncate(&sanitize_inline(policy), 40))
    }
}

/// Counts of changes per category, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts(pub BTreeMap<Category, usize>);

impl Counts {
    /// Data changes only: the cycle bookkeeping is not counted.
    pub fn total(&self) -> usize {
        self.0
            .iter()
            .filter(|(c, _)| **c != Category::Cycle)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn get(&self, category: Category) -> usize {
        self.0.get(&category).copied().unwrap_or(0)
    }

    /// `figures=3 statuses=2` for the `Kaikaku-Changed:` trailer; `none` when empty.
    pub fn trailer(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .filter(|(c, n)| **c != Category::Cycle && **n > 0)
            .map(|(c, n)| format!("{}={n}", c.key()))
            .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(" ")
        }
    }

    /// Parses the trailer form back.
    pub fn from_trailer(text: &str) -> BTreeMap<String, usize> {
        text.split_whitespace()
            .filter_map(|part| {
                let (key, n) = part.split_once('=')?;
                Some((key.to_string(), n.parse().ok()?))
            })
            .collect()
    }
}

impl Counts {
    /// `数値 3件、進捗状況 1件` / `3 figures, 1 status`: the counts in `lang` (the `Display`
    /// is the English, for commit subjects).
    pub fn describe(&self, lang: Language) -> String {
        if lang == Language::En {
            return self.to_string();
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .filter(|(c, n)| **c != Category::Cycle && **n > 0)
            .map(|(c, n)| format!("{} {n}件", c.label_ja()))
            .collect();
        if parts.is_empty() {
            "データの変更なし".into()
        } else {
            parts.join("、")
        }
    }
}

impl fmt::Display for Counts {
    /// `3 figures, 1 status` — English, because it goes into commit subjects.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .filter(|(c, n)| **c != Category::Cycle && **n > 0)
            .map(|(c, n)| {
                let (one, many) = c.nouns();
                format!("{n} {}", if *n == 1 { one } else { many })
            })
            .collect();
        if parts.is_empty() {
            f.write_str("no data changes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// Everything that changed from one workspace to another.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkspaceDiff {
    pub changes: Vec<Change>,
}

impl WorkspaceDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether anything beyond the cycle bookkeeping changed.
    pub fn has_data_changes(&self) -> bool {
        self.changes.iter().any(|c| c.category() != Category::Cycle)
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            *counts.0.entry(change.category()).or_default() += 1;
        }
        counts
    }

    /// Revisions that need a reason and have none (refused in the Act phase).
    pub fn missing_reasons(&self) -> Vec<&Change> {
        self.changes.iter().filter(|c| c.missing_reason()).collect()
    }

    /// Only the changes for which `keep` holds.
    #[must_use]
    pub fn filter(&self, keep: impl Fn(&Change) -> bool) -> WorkspaceDiff {
        WorkspaceDiff {
            changes: self.changes.iter().filter(|c| keep(c)).cloned().collect(),
        }
    }

    /// One line per change, indented, for terminals and commit bodies.
    pub fn to_text(&self, lang: Language, settings: Option<&Settings>) -> String {
        let mut out = String::new();
        for change in &self.changes {
            out.push_str("- ");
            out.push_str(&change.describe(lang, settings));
            out.push('\n');
        }
        out
    }
}

/// Compares two workspaces. Files that failed to load on either side are skipped (their
/// content is unknown), so a diff never invents removals.
pub fn diff(old: &Workspace, new: &Workspace) -> WorkspaceDiff {
    let mut changes = Vec::new();
    diff_settings(old.settings(), new.settings(), &mut changes);
    let old_plans: BTreeMap<&str, &Plan> = old
        .plans
        .iter()
        .map(|p| (p.value.id.as_str(), &p.value))
        .collect();
    let new_plans: BTreeMap<&str, &Plan> = new
        .plans
        .iter()
        .map(|p| (p.value.id.as_str(), &p.value))
        .collect();
    let broken = |ws: &Workspace, dir: &str, id: &str| {
        ws.load_errors
            .iter()
            .any(|d| d.path == format!("{dir}/{id}.ron"))
    };
    for (id, plan) in &old_plans {
        if !new_plans.contains_key(id) && !broken(new, crate::store::PLANS_DIR, id) {
            changes.push(Change::PlanRemoved {
                plan: (*id).to_string(),
                title: plan.title.clone(),
            });
        }
    }
    for (id, plan) in &new_plans {
        match old_plans.get(id) {
            Some(old_plan) => diff_plan(old_plan, plan, &mut changes),
            None if broken(old, crate::store::PLANS_DIR, id) => {}
            None => {
                changes.push(Change::PlanAdded {
                    plan: (*id).to_string(),
                    title: plan.title.clone(),
                });
                let empty = Plan {
                    nodes: Vec::new(),
                    indicators: Vec::new(),
                    ..(*plan).clone()
                };
                diff_plan_content(&empty, plan, &mut changes);
            }
        }
    }
    let old_meetings: BTreeMap<&str, &Meeting> = old
        .meetings
        .iter()
        .map(|m| (m.value.id.as_str(), &m.value))
        .collect();
    let new_meetings: BTreeMap<&str, &Meeting> = new
        .meetings
        .iter()
        .map(|m| (m.value.id.as_str(), &m.value))
        .collect();
    for (id, meeting) in &old_meetings {
        if !new_meetings.contains_key(id) && !broken(new, crate::store::MINUTES_DIR, id) {
            changes.push(Change::MeetingRemoved {
                meeting: (*id).to_string(),
                title: meeting.title.clone(),
            });
        }
    }
    for (id, meeting) in &new_meetings {
        match old_meetings.get(id) {
            Some(old_meeting) => diff_meeting(old_meeting, meeting, &mut changes),
            None if broken(old, crate::store::MINUTES_DIR, id) => {}
            None => {
                changes.push(Change::MeetingAdded {
                    meeting: (*id).to_string(),
                    title: meeting.title.clone(),
                    date: meeting.date.to_string(),
                });
                let empty = Meeting {
                    statements: Vec::new(),
                    ..(*meeting).clone()
                };
                diff_statements(&empty, meeting, &mut changes);
            }
        }
    }
    diff_response_files(old, new, &mut changes);
    WorkspaceDiff { changes }
}

/// Response changes between the two workspaces, file by file. A file that failed to load on
/// either side is skipped like broken plans and minutes.
fn diff_response_files(old: &Workspace, new: &Workspace, out: &mut Vec<Change>) {
    let dir = crate::store::RESPONSES_DIR;
    let broken = |ws: &Workspace, id: &str| {
        ws.load_errors
            .iter()
            .any(|d| d.path == format!("{dir}/{id}.ron"))
    };
    let empty = |meeting: &str| ResponseFile {
        meeting: meeting.to_string(),
        responses: Vec::new(),
    };
    for loaded in &new.responses {
        let file = &loaded.value;
        match old.responses(&file.meeting) {
            Some(before) => diff_response_lists(before, file, out),
            None if broken(old, &file.meeting) => {}
            None => diff_response_lists(&empty(&file.meeting), file, out),
        }
    }
    for loaded in &old.responses {
        let file = &loaded.value;
        if new.responses(&file.meeting).is_none() && !broken(new, &file.meeting) {
            diff_response_lists(file, &empty(&file.meeting), out);
        }
    }
}

/// The changes between two versions of one meeting's responses.
pub fn diff_responses(old: &ResponseFile, new: &ResponseFile) -> Vec<Change> {
    let mut out = Vec::new();
    diff_response_lists(old, new, &mut out);
    out
}

fn diff_response_lists(old: &ResponseFile, new: &ResponseFile, out: &mut Vec<Change>) {
    let meeting = new.meeting.as_str();
    for response in &new.responses {
        let statement = response.statement.clone();
        let Some(before) = old.response(&response.statement) else {
            out.push(Change::ResponseAdded {
                meeting: meeting.into(),
                statement,
                status: response.status(),
                policy: response.policy().to_string(),
            });
            continue;
        };
        diff_response(meeting, before, response, out);
    }
    for response in &old.responses {
        if new.response(&response.statement).is_none() {
            out.push(Change::ResponseRemoved {
                meeting: meeting.into(),
                statement: response.statement.clone(),
            });
        }
    }
}

fn diff_response(meeting: &str, old: &Response, new: &Response, out: &mut Vec<Change>) {
    let statement = new.statement.clone();
    let (status_changed, policy_changed) =
        (old.status() != new.status(), old.policy() != new.policy());
    if status_changed {
        out.push(Change::ResponseStatusChanged {
            meeting: meeting.into(),
            statement: statement.clone(),
            old: old.status(),
            new: new.status(),
            policy: new.policy().to_string(),
        });
    } else if policy_changed {
        out.push(Change::ResponsePolicyChanged {
            meeting: meeting.into(),
            statement: statement.clone(),
            status: new.status(),
            old: old.policy().to_string(),
            new: new.policy().to_string(),
        });
    }
    // A new step is what the two changes above describe; the history is named only when it
    // changed in some other way (a step with the same state, or an earlier step rewritten).
    let appended_only =
        new.history.len() == old.history.len() + 1 && new.history.starts_with(&old.history);
    let history_told = (status_changed || policy_changed) && appended_only;
    let mut skip = vec!["statement"];
    if history_told || old.history == new.history {
        skip.push("history");
    }
    let fields = changed_fields(old, new, &skip);
    if !fields.is_empty() {
        out.push(Change::ResponseEdited {
            meeting: meeting.into(),
            statement,
            fields,
        });
    }
}

/// Names of the top-level fields that differ between two values, ignoring `skip`.
fn changed_fields<T: Serialize>(old: &T, new: &T, skip: &[&str]) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out: Vec<(usize, String)> = keys
        .into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            // Keep declaration order (the order in the files), not alphabetical order.
            let position = a
                .keys()
                .position(|x| x == k)
                .or_else(|| b.keys().position(|x| x == k))
                .unwrap_or(usize::MAX);
            (position, k.clone())
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, k)| k).collect()
}

fn diff_settings(old: Option<&Settings>, new: Option<&Settings>, out: &mut Vec<Change>) {
    let (Some(old), Some(new)) = (old, new) else {
        return;
    };
    if old.cycle != new.cycle {
        out.push(Change::Cycle {
            old: old.cycle,
            new: new.cycle,
        });
    }
    let fields = changed_fields(old, new, &["cycle"]);
    if !fields.is_empty() {
        out.push(Change::SettingsEdited { fields });
    }
}

/// The reason recorded for a revision of `item`: the newest revision in `new` that `old`
/// does not have yet, else the newest one at all.
fn reason(old: &Plan, new: &Plan, item: &str) -> Option<String> {
    let fresh = new
        .revisions
        .iter()
        .rev()
        .find(|r| r.item == item && !old.revisions.contains(r));
    fresh.map(|r| r.reason.clone())
}

fn diff_plan(old: &Plan, new: &Plan, out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    // Revisions are the reasons of other changes and are shown with them, not as edits.
    let fields = if plan_own_fields_equal(old, new) {
        Vec::new()
    } else {
        changed_fields(old, new, &["id", "indicators", "nodes", "revisions"])
    };
    if !fields.is_empty() {
        out.push(Change::PlanEdited {
            plan: new.id.clone(),
            fields,
        });
    }
    diff_plan_content(old, new, out);
}

// The `*_own_fields_equal` functions below answer, without serialising, whether
// `changed_fields` would find nothing: they compare exactly the fields it would compare
// (all but the skipped ones). `changed_fields` serialises both values to JSON, children and
// indicators included, which dominated `diff` between two cycle tags; it now runs only
// when some field really differs. The destructuring names every field, so a field added to
// the model does not compile until it is compared here too.

/// The fields of a plan reported as `PlanEdited` (all but id, indicators, nodes, revisions).
fn plan_own_fields_equal(a: &Plan, b: &Plan) -> bool {
    let Plan {
        id: _,
        title,
        title_en,
        organisation,
        period,
        predecessor,
        description,
        levels,
        indicators: _,
        nodes: _,
        tallies,
        revisions: _,
    } = a;
    *title == b.title
        && *title_en == b.title_en
        && *organisation == b.organisation
        && *period == b.period
        && *predecessor == b.predecessor
        && *description == b.description
        && *levels == b.levels
        && *tallies == b.tallies
}

/// The fields of a node reported as `NodeEdited` (all but id, title, statuses, indicators,
/// children, which have their own changes).
fn node_own_fields_equal(a: &Node, b: &Node) -> bool {
    let Node {
        id: _,
        title: _,
        number,
        description,
        lead,
        related,
        retired: _,
        statuses: _,
        indicators: _,
        children: _,
    } = a;
    *number == b.number && *description == b.description && *lead == b.lead && *related == b.related
}

/// The fields of an indicator reported as `IndicatorEdited` (all but id, baseline, target,
/// actuals, parts).
fn indicator_own_fields_equal(a: &Indicator, b: &Indicator) -> bool {
    let Indicator {
        id: _,
        name,
        unit,
        direction,
        bound,
        baseline: _,
        baseline_tbd,
        target: _,
        planned: _,
        actuals: _,
        note,
        parts: _,
    } = a;
    *name == b.name
        && *unit == b.unit
        && *direction == b.direction
        && *bound == b.bound
        && *baseline_tbd == b.baseline_tbd
        && *note == b.note
}

/// The fields of a meeting reported as `MeetingEdited` (all but id, status, statements).
fn meeting_own_fields_equal(a: &Meeting, b: &Meeting) -> bool {
    let Meeting {
        id: _,
        committee,
        fiscal_year,
        number,
        title,
        date,
        start,
        end,
        place,
        status: _,
        chair,
        secretariat,
        attendees,
        materials,
        agenda,
        notes,
        statements: _,
    } = a;
    *committee == b.committee
        && *fiscal_year == b.fiscal_year
        && *number == b.number
        && *title == b.title
        && *date == b.date
        && *start == b.start
        && *end == b.end
        && *place == b.place
        && *chair == b.chair
        && *secretariat == b.secretariat
        && *attendees == b.attendees
        && *materials == b.materials
        && *agenda == b.agenda
        && *notes == b.notes
}

struct NodeInfo<'a> {
    node: &'a Node,
    parent: Option<&'a str>,
}

fn node_map(plan: &Plan) -> BTreeMap<&str, NodeInfo<'_>> {
    let flat = plan.flatten();
    let mut map = BTreeMap::new();
    for item in &flat {
        let parent = item.parent.map(|i| flat[i].node.id.as_str());
        map.insert(
            item.node.id.as_str(),
            NodeInfo {
                node: item.node,
                parent,
            },
        );
    }
    map
}

fn diff_plan_content(old: &Plan, new: &Plan, out: &mut Vec<Change>) {
    let plan = new.id.as_str();
    let old_nodes = node_map(old);
    let new_nodes = node_map(new);
    // Nodes in document order of the new plan, removed ones after.
    for flat in new.flatten() {
        let id = flat.node.id.as_str();
        let info = &new_nodes[id];
        match old_nodes.get(id) {
            None => {
                out.push(Change::NodeAdded {
                    plan: plan.into(),
                    node: id.into(),
                    title: flat.node.title.clone(),
                    parent: info.parent.map(str::to_string),
                    reason: reason(old, new, id),
                });
                let empty = Node::new(id, &flat.node.title);
                diff_node(plan, &empty, flat.node, reason(old, new, id), out);
            }
            Some(before) => {
                if before.parent != info.parent {
                    out.push(Change::NodeMoved {
                        plan: plan.into(),
                        node: id.into(),
                        title: flat.node.title.clone(),
                        old_parent: before.parent.map(str::to_string),
                        new_parent: info.parent.map(str::to_string),
                        reason: reason(old, new, id),
                    });
                }
                out.extend(retirement(old, new, before.node, flat.node));
                if before.node.title != flat.node.title {
                    out.push(Change::NodeRetitled {
                        plan: plan.into(),
                        node: id.into(),
                        old: before.node.title.clone(),
                        new: flat.node.title.clone(),
                        reason: reason(old, new, id),
                    });
                }
                diff_node(plan, before.node, flat.node, reason(old, new, id), out);
            }
        }
    }
    for flat in old.flatten() {
        let id = flat.node.id.as_str();
        if !new_nodes.contains_key(id) {
            out.push(Change::NodeRemoved {
                plan: plan.into(),
                node: id.into(),
                title: flat.node.title.clone(),
                reason: reason(old, new, id),
            });
        }
    }
    // Indicators, parts included, keyed by id within the plan.
    let old_indicators: BTreeMap<&str, &Indicator> = old
        .all_indicators()
        .into_iter()
        .map(|(_, i)| (i.id.as_str(), i))
        .collect();
    for (node, indicator) in new.all_indicators() {
        if let Some(before) = old_indicators.get(indicator.id.as_str()) {
            // Parts are compared as indicators of their own, so equal ones say nothing.
            if *before != indicator {
                diff_indicator(old, new, before, indicator, out);
            }
        } else {
            {
                out.push(Change::IndicatorAdded {
                    plan: plan.into(),
                    indicator: indicator.id.clone(),
                    name: indicator.name.clone(),
                    node: node.map(|n| n.id.clone()),
                    reason: reason(old, new, &indicator.id),
                });
                let empty = Indicator {
                    baseline: None,
                    target: None,
                    planned: Vec::new(),
                    actuals: Vec::new(),
                    ..indicator.clone()
                };
                diff_indicator(old, new, &empty, indicator, out);
            }
        }
    }
    let new_ids: BTreeSet<String> = new
        .all_indicators()
        .into_iter()
        .map(|(_, i)| i.id.clone())
        .collect();
    for (_, indicator) in old.all_indicators() {
        if !new_ids.contains(&indicator.id) {
            out.push(Change::IndicatorRemoved {
                plan: plan.into(),
                indicator: indicator.id.clone(),
                name: indicator.name.clone(),
                reason: reason(old, new, &indicator.id),
            });
        }
    }
}

/// The node's retirement, when it changed between the two versions of the plan.
fn retirement(old_plan: &Plan, new_plan: &Plan, old: &Node, new: &Node) -> Option<Change> {
    (old.retired != new.retired).then(|| Change::NodeRetired {
        plan: new_plan.id.clone(),
        node: new.id.clone(),
        title: new.title.clone(),
        year: new.retired,
        reason: reason(old_plan, new_plan, &new.id),
    })
}

/// Statuses and other fields of one node; `reason` is the revision recorded for it.
fn diff_node(plan: &str, old: &Node, new: &Node, reason: Option<String>, out: &mut Vec<Change>) {
    let years: BTreeSet<FiscalYear> = old
        .statuses
        .iter()
        .chain(&new.statuses)
        .map(|s| s.year)
        .collect();
    for year in years {
        let (a, b) = (old.status(year), new.status(year));
        if a != b {
            out.push(Change::Status {
                plan: plan.into(),
                node: new.id.clone(),
                title: new.title.clone(),
                year,
                old: a.map(|s| s.status.clone()),
                new: b.map(|s| s.status.clone()),
                note: b.and_then(|s| s.note.clone()),
            });
        }
    }
    if node_own_fields_equal(old, new) {
        return;
    }
    let fields = changed_fields(
        old,
        new,
        &[
            "id",
            "title",
            "retired",
            "statuses",
            "indicators",
            "children",
        ],
    );
    if !fields.is_empty() {
        out.push(Change::NodeEdited {
            plan: plan.into(),
            node: new.id.clone(),
            title: new.title.clone(),
            fields,
            reason,
        });
    }
}

/// A field of the file format as `lang` names it; a field not listed is shown by its name.
fn field_label(field: &str, lang: Language) -> &str {
    if lang == Language::En {
        return field;
    }
    match field {
        "title" => "題名",
        "title_en" => "英語の題名",
        "name" => "名称",
        "name_en" => "英語の名称",
        "description" => "説明",
        "number" => "番号",
        "lead" | "departments" => "所管局",
        "related" => "関係局",
        "department" => "担当部局",
        "unit" => "単位",
        "bound" => "上限・下限",
        "direction" => "方向",
        "notes" | "note" => "備考",
        "source" => "出典",
        "baseline" => "基準値",
        "target" => "目標",
        "planned" => "計画値",
        "actuals" => "実績値",
        "parts" => "内訳",
        "period" => "期間",
        "levels" => "階層",
        "tallies" => "集計",
        "revisions" => "改定",
        "organisation" => "団体",
        "attendees" => "出席者",
        "agenda" => "次第",
        "materials" => "資料",
        "place" => "場所",
        "start" => "開始",
        "end" => "終了",
        "date" => "日付",
        "chair" => "会長",
        "secretariat" => "事務局",
        "status" => "状態",
        "history" => "経過",
        "committees" => "委員会",
        "statuses" => "進捗状況",
        "language" => "言語",
        "remote" => "リモート",
        "signing" => "署名",
        "speaker" => "発言者",
        "kind" => "種別",
        "text" => "本文",
        other => other,
    }
}

/// A target as stored in a change (`調整中 (FY2027)`, `95.6%以下 (FY2023)`) as `lang`
/// prints targets: the year as the language writes it (R9 / FY2027) and, in English, TBD,
/// balanced budget and the bound in words.
pub fn shown_target(text: &str, lang: Language) -> String {
    let (value, year) = match text.rsplit_once(" (") {
        Some((value, rest)) => match rest
            .strip_suffix(')')
            .and_then(|y| y.parse::<FiscalYear>().ok())
        {
            Some(year) => (value, Some(year)),
            None => (text, None),
        },
        None => (text, None),
    };
    let value = match lang {
        Language::Ja => value.to_string(),
        Language::En => english_target(value),
    };
    match year {
        Some(year) => format!("{value} ({})", lang.year_short(year)),
        None => value,
    }
}

/// The English of a target printed the Japanese way.
fn english_target(value: &str) -> String {
    use crate::model::BoundWord;
    match value {
        "調整中" => return "TBD".into(),
        "収支均衡" => return "balanced budget".into(),
        _ => {}
    }
    for (word, bound) in [
        ("以上", BoundWord::Ijo),
        ("以下", BoundWord::Ika),
        ("以内", BoundWord::Inai),
        ("未満", BoundWord::Miman),
        ("超", BoundWord::Cho),
    ] {
        if let Some(figure) = value.strip_suffix(word) {
            return bound.english(figure);
        }
    }
    value.to_string()
}

fn target_text(indicator: &Indicator) -> Option<String> {
    indicator
        .target
        .as_ref()
        .map(|t| format!("{} ({})", indicator.target_label(), t.year.western()))
}

fn diff_indicator(
    old_plan: &Plan,
    new_plan: &Plan,
    old: &Indicator,
    new: &Indicator,
    out: &mut Vec<Change>,
) {
    let plan = new_plan.id.as_str();
    let mut figure = |field, year, a: Option<&YearValue>, b: Option<&YearValue>| {
        let (va, vb) = (a.map(|v| v.value), b.map(|v| v.value));
        if va == vb {
            a.map(|v| &v.note) != b.map(|v| &v.note)
        } else {
            out.push(Change::Figure {
                plan: plan.into(),
                indicator: new.id.clone(),
                name: new.name.clone(),
                unit: new.unit.clone(),
                field,
                year,
                old: va,
                new: vb,
            });
            true
        }
    };
    let mut notes = Vec::new();
    let baseline_year = new
        .baseline
        .as_ref()
        .or(old.baseline.as_ref())
        .map(|b| b.year);
    if let Some(year) = baseline_year
        && figure(
            FigureField::Baseline,
            year,
            old.baseline.as_ref(),
            new.baseline.as_ref(),
        )
        && old.baseline.as_ref().map(|b| b.value) == new.baseline.as_ref().map(|b| b.value)
    {
        notes.push("baseline".to_string());
    }
    let years: BTreeSet<FiscalYear> = old
        .actuals
        .iter()
        .chain(&new.actuals)
        .map(|a| a.year)
        .collect();
    for year in years {
        let (a, b) = (old.actual(year), new.actual(year));
        if figure(FigureField::Actual, year, a, b) && a.map(|v| v.value) == b.map(|v| v.value) {
            notes.push(format!("actuals[{}].note", year.0));
        }
    }
    let planned_years: BTreeSet<FiscalYear> = old
        .planned
        .iter()
        .chain(&new.planned)
        .map(|p| p.year)
        .collect();
    for year in planned_years {
        let (a, b) = (old.planned_for(year), new.planned_for(year));
        if figure(FigureField::Planned, year, a, b) && a.map(|v| v.value) == b.map(|v| v.value) {
            notes.push(format!("planned[{}].note", year.0));
        }
    }
    if old.target != new.target {
        out.push(Change::Target {
            plan: plan.into(),
            indicator: new.id.clone(),
            name: new.name.clone(),
            old: target_text(old),
            new: target_text(new),
            reason: reason(old_plan, new_plan, &new.id),
        });
    }
    let mut fields = if indicator_own_fields_equal(old, new) {
        Vec::new()
    } else {
        changed_fields(
            old,
            new,
            &["id", "baseline", "target", "planned", "actuals", "parts"],
        )
    };
    fields.extend(notes);
    if !fields.is_empty() {
        out.push(Change::IndicatorEdited {
            plan: plan.into(),
            indicator: new.id.clone(),
            name: new.name.clone(),
            fields,
            reason: reason(old_plan, new_plan, &new.id),
        });
    }
}

fn status_name<T: Serialize>(status: &T) -> String {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn diff_meeting(old: &Meeting, new: &Meeting, out: &mut Vec<Change>) {
    if old.status != new.status {
        out.push(Change::MeetingStatus {
            meeting: new.id.clone(),
            title: new.title.clone(),
            old: status_name(&old.status),
            new: status_name(&new.status),
        });
    }
    let fields = if meeting_own_fields_equal(old, new) {
        Vec::new()
    } else {
        changed_fields(old, new, &["id", "status", "statements"])
    };
    if !fields.is_empty() {
        out.push(Change::MeetingEdited {
            meeting: new.id.clone(),
            title: new.title.clone(),
            fields,
        });
    }
    diff_statements(old, new, out);
}

fn speaker_name(meeting: &Meeting, id: &str) -> String {
    meeting
        .attendee(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

fn diff_statements(old: &Meeting, new: &Meeting, out: &mut Vec<Change>) {
    for statement in &new.statements {
        match old.statement(&statement.id) {
            None => out.push(Change::StatementAdded {
                meeting: new.id.clone(),
                statement: statement.id.clone(),
                speaker: speaker_name(new, &statement.speaker),
                kind: statement.kind,
                text: statement.text.clone(),
            }),
            Some(before) if before != statement => {
                let fields = changed_fields(before, statement, &["id"]);
                out.push(Change::StatementEdited {
                    meeting: new.id.clone(),
                    statement: statement.id.clone(),
                    fields,
                });
            }
            Some(_) => {}
        }
    }
    for statement in &old.statements {
        if new.statement(&statement.id).is_none() {
            out.push(Change::StatementRemoved {
                meeting: new.id.clone(),
                statement: statement.id.clone(),
                speaker: speaker_name(old, &statement.speaker),
                text: statement.text.clone(),
            });
        }
    }
}

/// The changes between two versions of one plan.
pub fn diff_plans(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    diff_plan(old, new, &mut out);
    out
}

/// The changes between two versions of one meeting.
pub fn diff_meetings(old: &Meeting, new: &Meeting) -> Vec<Change> {
    let mut out = Vec::new();
    diff_meeting(old, new, &mut out);
    out
}

/// The changes between two versions of the settings.
pub fn diff_settings_values(old: &Settings, new: &Settings) -> Vec<Change> {
    let mut out = Vec::new();
    diff_settings(Some(old), Some(new), &mut out);
    out
}

impl Change {
    /// What the change is to, precisely enough that two changes with the same key on two
    /// sides of a merge are a real conflict: an indicator's figure of one year, a node's
    /// status of one year, a target, a statement …
    pub fn key(&self) -> String {
        match self {
            Change::Figure {
                plan,
                indicator,
                field,
                year,
                ..
            } => format!("{plan}/{indicator}/{field:?}/{}", year.0),
            Change::Status {
                plan, node, year, ..
            } => format!("{plan}/{node}/status/{}", year.0),
            Change::Target {
                plan, indicator, ..
            } => format!("{plan}/{indicator}/target"),
            other => format!("{:?}/{}", other.category(), other.item()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::response::ResponseStep;

    fn step(cycle: u16, status: ResponseStatus, policy: &str) -> ResponseStep {
        ResponseStep {
            cycle: FiscalYear(cycle),
            status,
            policy: policy.into(),
            date: None,
            note: None,
        }
    }

    fn response(statement: &str, history: Vec<ResponseStep>) -> Response {
        Response {
            statement: statement.into(),
            department: None,
            target: None,
            history,
        }
    }

    fn file(responses: Vec<Response>) -> ResponseFile {
        ResponseFile {
            meeting: "m1".into(),
            responses,
        }
    }

    #[test]
    fn response_changes_are_named_described_and_counted() {
        let considering = step(2024, ResponseStatus::Considering, "他区へ展開を検討");
        let old = file(vec![
            response("s1", Vec::new()),
            response("s2", vec![considering.clone()]),
            response("s3", vec![considering.clone()]),
            response("s9", Vec::new()),
        ]);
        let mut new = file(vec![
            response(
                "s1",
                vec![step(2024, ResponseStatus::Considering, "検討する")],
            ),
            response(
                "s2",
                vec![
                    considering.clone(),
                    step(2025, ResponseStatus::Considering, "全区で試行"),
                ],
            ),
            response("s3", vec![considering.clone()]),
            response("s4", Vec::new()),
        ]);
        new.responses[2].department = Some("somu".into());

        let changes = diff_responses(&old, &new);
        assert_eq!(
            changes,
            vec![
                Change::ResponseStatusChanged {
                    meeting: "m1".into(),
                    statement: "s1".into(),
                    old: ResponseStatus::Open,
                    new: ResponseStatus::Considering,
                    policy: "検討する".into(),
                },
                Change::ResponsePolicyChanged {
                    meeting: "m1".into(),
                    statement: "s2".into(),
                    status: ResponseStatus::Considering,
                    old: "他区へ展開を検討".into(),
                    new: "全区で試行".into(),
                },
                Change::ResponseEdited {
                    meeting: "m1".into(),
                    statement: "s3".into(),
                    fields: vec!["department".into()],
                },
                Change::ResponseAdded {
                    meeting: "m1".into(),
                    statement: "s4".into(),
                    status: ResponseStatus::Open,
                    policy: String::new(),
                },
                Change::ResponseRemoved {
                    meeting: "m1".into(),
                    statement: "s9".into(),
                },
            ]
        );
        let text = WorkspaceDiff {
            changes: changes.clone(),
        };
        assert_eq!(text.counts().get(Category::Responses), 5);
        assert_eq!(text.counts().trailer(), "responses=5");
        assert_eq!(text.counts().to_string(), "5 responses");
        assert_eq!(
            changes[0].describe(Language::Ja, None),
            "対応状況 m1/s1: 未対応 → 検討中 — 検討する"
        );
        assert_eq!(
            changes[0].describe(Language::En, None),
            "response m1/s1: open → considering — 検討する"
        );
        assert!(changes.iter().all(|c| c.is_about_meeting("m1")));
        assert_eq!(changes[1].item(), "m1/s2");

        // Rewriting an earlier step (not appending) is reported as an edit of the history.
        let mut rewritten = new.clone();
        rewritten.responses[1].history[0].policy = "書き換え".into();
        let changes = diff_responses(&new, &rewritten);
        assert_eq!(
            changes,
            vec![Change::ResponseEdited {
                meeting: "m1".into(),
                statement: "s2".into(),
                fields: vec!["history".into()],
            }]
        );
        assert!(diff_responses(&new, &new).is_empty());
    }

    fn sample_plan() -> Plan {
        crate::store::canonical::options()
            .from_str(include_str!("../../plans/kumamoto-reform-plan-2027.ron"))
            .expect("sample plan parses")
    }

    fn sample_meeting() -> Meeting {
        crate::store::canonical::options()
            .from_str(include_str!(
                "../../minutes/2021-03-22-kaikaku-suishin-1.ron"
            ))
            .expect("sample minutes parse")
    }

    /// The shortcuts that skip serialising equal parts must still name every edited field.
    #[test]
    fn edits_of_plain_fields_are_still_reported_beside_the_shortcuts() {
        let old = sample_plan();
        assert!(diff_plans(&old, &old).is_empty());
        let mut new = old.clone();
        new.description.push_str(" (改訂)");
        let node_id = new.nodes[0].children[0].id.clone();
        let node = new.node_mut(&node_id).expect("node");
        node.description = "説明を追加".into();
        let indicator_id = new.all_indicators()[0].1.id.clone();
        let indicator = new.indicator_mut(&indicator_id).expect("indicator");
        indicator.unit = "件数".into();
        let changes = diff_plans(&old, &new);
        let edits: Vec<(&str, Vec<String>)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::PlanEdited { fields, .. } => Some(("plan", fields.clone())),
                Change::NodeEdited { node, fields, .. } if *node == node_id => {
                    Some(("node", fields.clone()))
                }
                Change::IndicatorEdited {
                    indicator, fields, ..
                } if *indicator == indicator_id => Some(("indicator", fields.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            edits,
            vec![
                ("plan", vec!["description".to_string()]),
                ("node", vec!["description".to_string()]),
                ("indicator", vec!["unit".to_string()]),
            ],
            "{changes:?}"
        );
        assert_eq!(changes.len(), 3, "nothing else is reported: {changes:?}");

        let meeting = sample_meeting();
        assert!(diff_meetings(&meeting, &meeting).is_empty());
        let mut moved = meeting.clone();
        moved.place = "別館会議室".into();
        assert_eq!(
            diff_meetings(&meeting, &moved),
            vec![Change::MeetingEdited {
                meeting: meeting.id.clone(),
                title: meeting.title.clone(),
                fields: vec!["place".into()],
            }]
        );
    }
}

#[cfg(test)]
mod subject_tests {
    use super::*;

    fn s(text: &str) -> String {
        text.into()
    }

    #[test]
    fn every_kind_of_item_change_names_its_subject() {
        let added = Change::IndicatorAdded {
            plan: s("p"),
            indicator: s("k1"),
            name: s("満足度"),
            node: Some(s("n1")),
            reason: None,
        };
        assert!(added.is_about_indicator("k1") && added.is_about_node("n1"));
        assert!(!added.is_about_meeting("k1"));
        let moved = Change::NodeMoved {
            plan: s("p"),
            node: s("n2"),
            title: s("窓口"),
            old_parent: None,
            new_parent: Some(s("n1")),
            reason: None,
        };
        assert_eq!(
            moved.subject(),
            Subject {
                plan: Some("p"),
                node: Some("n2"),
                ..Subject::default()
            }
        );
        let response = Change::ResponseRemoved {
            meeting: s("m1"),
            statement: s("st3"),
        };
        assert!(response.is_about_meeting("m1") && !response.is_about_node("m1"));
        assert!(response.is_about("st3") && response.is_about("m1/st3"));
        let cycle = Change::Cycle {
            old: None,
            new: None,
        };
        assert_eq!(cycle.subject(), Subject::default());
        assert!(!cycle.is_about("kaikaku") && cycle.is_about("kaikaku.ron"));
    }
}
