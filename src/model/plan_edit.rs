//! Changes to a plan as values: the Plan-and-Act revisions (set a target or baseline, add,
//! retire or move a node, add or edit an indicator) and the Do-phase edits the TUI makes
//! (actuals, statuses, titles, descriptions).
//!
//! Pure: an edit is applied to a [`Plan`] in memory and either changes it or says why not.
//! The store (`store::plan_edit`) adds the reason rule, the revision record, validation and
//! the atomic save, so the CLI and the TUI share one definition of every edit.

use super::figure::Figure;
use super::fiscal_year::FiscalYear;
use super::indicator::{BoundWord, Direction, Indicator, Target, TargetValue, YearValue};
use super::plan::{Level, Node, Period, Plan, StatusEntry};
use super::settings::{CycleState, Language, Phase};

/// One change to one plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanEdit {
    /// Enter (or with `None` delete) the actual of a fiscal year; an existing note stays.
    SetActual {
        indicator: String,
        year: FiscalYear,
        value: Option<Figure>,
    },
    /// Set (or with `None` clear) the note of a year's actual: where the figure comes from
    /// (出典) or why it is provisional. The actual must exist; its value stays.
    SetActualNote {
        indicator: String,
        year: FiscalYear,
        note: Option<String>,
    },
    /// Set (or with `None` clear) a node's status for a fiscal year.
    SetStatus {
        node: String,
        year: FiscalYear,
        status: Option<String>,
        note: Option<String>,
    },
    SetTitle {
        node: String,
        title: String,
    },
    SetDescription {
        node: String,
        text: String,
    },
    /// Set, revise or (with `None`) remove a target. `bound` is the word as typed (以上 …);
    /// `direction` replaces the indicator's when the typed kind implies another one
    /// (「90%以上」 makes it `at_least`, 「収支均衡」 `balance`).
    SetTarget {
        indicator: String,
        target: Option<Target>,
        bound: Option<BoundWord>,
        direction: Option<Direction>,
    },
    SetBaseline {
        indicator: String,
        baseline: Option<YearValue>,
    },
    /// Replace the yearly planned path (計画値 per year); an empty path removes it. One
    /// value per year; the path is kept in year order.
    SetPlanned {
        indicator: String,
        planned: Vec<YearValue>,
    },
    /// Insert a node under `parent` (`None`: the top level) as its `position`-th child
    /// (1-based; `None`: last).
    AddNode {
        parent: Option<String>,
        position: Option<usize>,
        node: Node,
    },
    /// Retire a node and everything under it after `year`; nothing is deleted.
    RetireNode {
        node: String,
        year: FiscalYear,
    },
    /// Take a retired node back into the plan.
    ReinstateNode {
        node: String,
    },
    /// Replace a node's lead (所管局) or related (関係局) departments (`None` keeps a list).
    SetDepartments {
        node: String,
        lead: Option<Vec<String>>,
        related: Option<Vec<String>>,
    },
    /// Hang a node (with its subtree) under another parent, at a position (1-based).
    MoveNode {
        node: String,
        parent: Option<String>,
        position: Option<usize>,
    },
    /// Attach a new indicator to a node, or to the plan itself (`None`).
    AddIndicator {
        node: Option<String>,
        indicator: Indicator,
    },
    /// Change an indicator's name, unit or direction (`None` keeps a field).
    EditIndicator {
        indicator: String,
        name: Option<String>,
        unit: Option<String>,
        direction: Option<Direction>,
    },
}

/// Why an edit cannot be applied to the plan.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no node \"{0}\" in the plan")]
    NoNode(String),
    #[error("no indicator \"{0}\" in the plan")]
    NoIndicator(String),
    #[error("the plan already has a node \"{0}\"")]
    DuplicateNode(String),
    #[error("the plan already has an indicator \"{0}\"")]
    DuplicateIndicator(String),
    #[error("node \"{0}\" is retired; nothing new goes under it")]
    RetiredParent(String),
    #[error("node \"{node}\" cannot move under itself or its own item \"{parent}\"")]
    MoveIntoItself { node: String, parent: String },
    #[error("position {position} is out of range: the place has {count} item(s)")]
    Position { position: usize, count: usize },
    #[error("node \"{node}\" is already retired after {}", year.western())]
    AlreadyRetired { node: String, year: FiscalYear },
    #[error("node \"{node}\" has a status for {}, after {}", later.western(), year.western())]
    StatusAfterRetirement {
        node: String,
        year: FiscalYear,
        later: FiscalYear,
    },
    #[error("node \"{node}\" was retired after {}; it takes no status for {}", retired.western(), year.western())]
    Retired {
        node: String,
        retired: FiscalYear,
        year: FiscalYear,
    },
    /// What is empty, in Japanese and English.
    #[error("{1} cannot be empty")]
    Empty(&'static str, &'static str),
    #[error("node \"{0}\" is not retired")]
    NotRetired(String),
    #[error("node \"{node}\" is retired with \"{above}\"; reinstate that item instead")]
    RetiredAbove { node: String, above: String },
    #[error("the planned path gives {} twice", year.western())]
    PlannedTwice { year: FiscalYear },
    #[error("indicator \"{indicator}\" has no actual for {}; enter the value first", year.western())]
    NoActual { indicator: String, year: FiscalYear },
}

impl crate::i18n::Localize for EditError {
    /// Japanese per variant (English is the `Display`); years as the language prints them.
    fn message(&self, lang: Language) -> String {
        if lang == Language::En {
            return self.to_string();
        }
        let year = |y: &FiscalYear| lang.year(*y);
        match self {
            EditError::NoNode(id) => format!("プランに取組「{id}」はありません"),
            EditError::NoIndicator(id) => format!("プランに指標「{id}」はありません"),
            EditError::DuplicateNode(id) => format!("プランにはすでに取組「{id}」があります"),
            EditError::DuplicateIndicator(id) => {
                format!("プランにはすでに指標「{id}」があります")
            }
            EditError::RetiredParent(id) => {
                format!("取組「{id}」は廃止済みです。その下には追加できません")
            }
            EditError::MoveIntoItself { node, parent } => {
                format!("取組「{node}」を、それ自身またはその下の「{parent}」の下には移せません")
            }
            EditError::Position { position, count } => {
                format!("位置 {position} は範囲外です（そこには {count} 件あります）")
            }
            EditError::AlreadyRetired { node, year: y } => {
                format!("取組「{node}」はすでに{}限りで廃止されています", year(y))
            }
            EditError::StatusAfterRetirement {
                node,
                year: y,
                later,
            } => format!(
                "取組「{node}」には{}より後の{}の進捗状況があります",
                year(y),
                year(later)
            ),
            EditError::Retired {
                node,
                retired,
                year: y,
            } => format!(
                "取組「{node}」は{}限りで廃止されたため、{}の進捗状況は付けられません",
                year(retired),
                year(y)
            ),
            EditError::Empty(what, _) => format!("{what}を空にはできません"),
            EditError::NotRetired(id) => format!("取組「{id}」は廃止されていません"),
            EditError::RetiredAbove { node, above } => format!(
                "取組「{node}」は上位の「{above}」とともに廃止されています。そちらを再開してください"
            ),
            EditError::PlannedTwice { year: y } => {
                format!("予定値に{}が二度あります", year(y))
            }
            EditError::NoActual { indicator, year: y } => format!(
                "指標「{indicator}」には{}の実績値がありません。先に値を入力してください",
                year(y)
            ),
        }
    }
}

impl PlanEdit {
    /// The id of the node or indicator the edit is about: the `item` of its revision.
    pub fn item(&self) -> &str {
        match self {
            PlanEdit::SetActual { indicator, .. }
            | PlanEdit::SetActualNote { indicator, .. }
            | PlanEdit::SetTarget { indicator, .. }
            | PlanEdit::SetBaseline { indicator, .. }
            | PlanEdit::SetPlanned { indicator, .. }
            | PlanEdit::EditIndicator { indicator, .. } => indicator,
            PlanEdit::AddIndicator { indicator, .. } => &indicator.id,
            PlanEdit::SetStatus { node, .. }
            | PlanEdit::SetTitle { node, .. }
            | PlanEdit::SetDescription { node, .. }
            | PlanEdit::RetireNode { node, .. }
            | PlanEdit::ReinstateNode { node }
            | PlanEdit::SetDepartments { node, .. }
            | PlanEdit::MoveNode { node, .. } => node,
            PlanEdit::AddNode { node, .. } => &node.id,
        }
    }

    /// Whether the edit revises the plan itself (Plan and Act) rather than recording how it
    /// went (Do): revisions need a reason once a plan is in force.
    pub fn is_revision(&self) -> bool {
        match self {
            PlanEdit::SetActual { .. }
            | PlanEdit::SetActualNote { .. }
            | PlanEdit::SetStatus { .. }
            | PlanEdit::SetTitle { .. }
            | PlanEdit::SetDescription { .. } => false,
            PlanEdit::SetTarget { .. }
            | PlanEdit::SetBaseline { .. }
            | PlanEdit::SetPlanned { .. }
            | PlanEdit::AddNode { .. }
            | PlanEdit::RetireNode { .. }
            | PlanEdit::ReinstateNode { .. }
            | PlanEdit::SetDepartments { .. }
            | PlanEdit::MoveNode { .. }
            | PlanEdit::AddIndicator { .. }
            | PlanEdit::EditIndicator { .. } => true,
        }
    }

    /// Applies the edit to `plan`. On an error the plan may be partly changed: callers
    /// apply to a copy (as the store does).
    #[allow(clippy::too_many_lines)] // one short arm per kind of edit
    pub fn apply(&self, plan: &mut Plan) -> Result<(), EditError> {
        match self {
            PlanEdit::SetActual {
                indicator,
                year,
                value,
            } => {
                let indicator = indicator_mut(plan, indicator)?;
                match value {
                    Some(value) => {
                        let note = indicator.actual(*year).and_then(|a| a.note.clone());
                        indicator.set_actual(*year, *value, note);
                    }
                    None => {
                        indicator.remove_actual(*year);
                    }
                }
            }
            PlanEdit::SetActualNote {
                indicator: id,
                year,
                note,
            } => {
                let indicator = indicator_mut(plan, id)?;
                let Some(value) = indicator.actual(*year).map(|a| a.value) else {
                    return Err(EditError::NoActual {
                        indicator: id.clone(),
                        year: *year,
                    });
                };
                let note = note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string);
                indicator.set_actual(*year, value, note);
            }
            PlanEdit::SetStatus {
                node,
                year,
                status,
                note,
            } => {
                let retired = plan.retired_after(node);
                let node = node_mut(plan, node)?;
                match status {
                    Some(status) => {
                        if let Some(retired) = retired
                            && *year > retired
                        {
                            return Err(EditError::Retired {
                                node: node.id.clone(),
                                retired,
                                year: *year,
                            });
                        }
                        node.set_status(StatusEntry {
                            year: *year,
                            status: status.clone(),
                            note: note.clone(),
                        });
                    }
                    None => {
                        node.remove_status(*year);
                    }
                }
            }
            PlanEdit::SetTitle { node, title } => {
                let title = title.trim();
                if title.is_empty() {
                    return Err(EditError::Empty("題名", "a title"));
                }
                node_mut(plan, node)?.title = title.to_string();
            }
            PlanEdit::SetDescription { node, text } => {
                node_mut(plan, node)?.description.clone_from(text);
            }
            PlanEdit::SetTarget {
                indicator,
                target,
                bound,
                direction,
            } => {
                let indicator = indicator_mut(plan, indicator)?;
                indicator.target.clone_from(target);
                indicator.bound = *bound;
                if let Some(direction) = direction {
                    indicator.direction = *direction;
                }
            }
            PlanEdit::SetBaseline {
                indicator,
                baseline,
            } => {
                indicator_mut(plan, indicator)?
                    .baseline
                    .clone_from(baseline);
            }
            PlanEdit::SetPlanned { indicator, planned } => {
                let mut path = planned.clone();
                path.sort_by_key(|p| p.year);
                if let Some(twice) = path.windows(2).find(|w| w[0].year == w[1].year) {
                    return Err(EditError::PlannedTwice {
                        year: twice[0].year,
                    });
                }
                indicator_mut(plan, indicator)?.planned = path;
            }
            PlanEdit::AddNode {
                parent,
                position,
                node,
            } => {
                if node.title.trim().is_empty() {
                    return Err(EditError::Empty("題名", "a title"));
                }
                if plan.node(&node.id).is_some() {
                    return Err(EditError::DuplicateNode(node.id.clone()));
                }
                let siblings = children_mut(plan, parent.as_deref())?;
                insert_at(siblings, *position, node.clone())?;
            }
            PlanEdit::RetireNode { node, year } => {
                if let Some(retired) = plan.retired_after(node) {
                    return Err(EditError::AlreadyRetired {
                        node: node.clone(),
                        year: retired,
                    });
                }
                let node = node_mut(plan, node)?;
                if let Some((id, later)) = status_after(node, *year) {
                    return Err(EditError::StatusAfterRetirement {
                        node: id,
                        year: *year,
                        later,
                    });
                }
                node.retired = Some(*year);
            }
            PlanEdit::ReinstateNode { node } => {
                let target = plan
                    .node(node)
                    .ok_or_else(|| EditError::NoNode(node.clone()))?;
                if target.retired.is_none() {
                    return Err(match plan.retired_after(node) {
                        Some(_) => EditError::RetiredAbove {
                            node: node.clone(),
                            above: retired_ancestor(plan, node).unwrap_or_default(),
                        },
                        None => EditError::NotRetired(node.clone()),
                    });
                }
                node_mut(plan, node)?.retired = None;
            }
            PlanEdit::SetDepartments {
                node,
                lead,
                related,
            } => {
                let node = node_mut(plan, node)?;
                if let Some(lead) = lead {
                    node.lead.clone_from(lead);
                }
                if let Some(related) = related {
                    node.related.clone_from(related);
                }
            }
            PlanEdit::MoveNode {
                node,
                parent,
                position,
            } => {
                if let Some(parent) = parent {
                    let moving = plan
                        .node(node)
                        .ok_or_else(|| EditError::NoNode(node.clone()))?;
                    if parent == node || find(&moving.children, parent).is_some() {
                        return Err(EditError::MoveIntoItself {
                            node: node.clone(),
                            parent: parent.clone(),
                        });
                    }
                }
                // Checked before taking the node out, so a refused move changes nothing.
                children_mut(plan, parent.as_deref())?;
                let taken =
                    take(&mut plan.nodes, node).ok_or_else(|| EditError::NoNode(node.clone()))?;
                let siblings = children_mut(plan, parent.as_deref())?;
                insert_at(siblings, *position, taken)?;
            }
            PlanEdit::AddIndicator { node, indicator } => {
                if indicator.name.trim().is_empty() {
                    return Err(EditError::Empty("指標名", "an indicator name"));
                }
                if plan.indicator(&indicator.id).is_some() {
                    return Err(EditError::DuplicateIndicator(indicator.id.clone()));
                }
                match node {
                    Some(id) => {
                        if plan.retired_after(id).is_some() {
                            return Err(EditError::RetiredParent(id.clone()));
                        }
                        node_mut(plan, id)?.indicators.push(indicator.clone());
                    }
                    None => plan.indicators.push(indicator.clone()),
                }
            }
            PlanEdit::EditIndicator {
                indicator,
                name,
                unit,
                direction,
            } => {
                let indicator = indicator_mut(plan, indicator)?;
                if let Some(name) = name {
                    let name = name.trim();
                    if name.is_empty() {
                        return Err(EditError::Empty("指標名", "an indicator name"));
                    }
                    indicator.name = name.to_string();
                }
                if let Some(unit) = unit {
                    indicator.unit = unit.trim().to_string();
                }
                if let Some(direction) = direction {
                    indicator.direction = *direction;
                    // A bound word that no longer fits the direction would be a lie.
                    if indicator.bound.is_some_and(|b| b.direction() != *direction) {
                        indicator.bound = None;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The id of the retired item above `id` that retires it.
fn retired_ancestor(plan: &Plan, id: &str) -> Option<String> {
    let flat = plan.flatten();
    let mut at = flat.iter().position(|f| f.node.id == id)?;
    while let Some(parent) = flat[at].parent {
        if flat[parent].node.retired.is_some() {
            return Some(flat[parent].node.id.clone());
        }
        at = parent;
    }
    None
}

fn node_mut<'a>(plan: &'a mut Plan, id: &str) -> Result<&'a mut Node, EditError> {
    plan.node_mut(id)
        .ok_or_else(|| EditError::NoNode(id.to_string()))
}

fn indicator_mut<'a>(plan: &'a mut Plan, id: &str) -> Result<&'a mut Indicator, EditError> {
    plan.indicator_mut(id)
        .ok_or_else(|| EditError::NoIndicator(id.to_string()))
}

fn find<'a>(nodes: &'a [Node], id: &str) -> Option<&'a Node> {
    nodes.iter().find_map(|node| {
        if node.id == id {
            Some(node)
        } else {
            find(&node.children, id)
        }
    })
}

/// The child list of `parent` (the top level for `None`), refusing retired parents.
fn children_mut<'a>(
    plan: &'a mut Plan,
    parent: Option<&str>,
) -> Result<&'a mut Vec<Node>, EditError> {
    match parent {
        None => Ok(&mut plan.nodes),
        Some(id) => {
            if plan.retired_after(id).is_some() {
                return Err(EditError::RetiredParent(id.to_string()));
            }
            Ok(&mut node_mut(plan, id)?.children)
        }
    }
}

fn insert_at(list: &mut Vec<Node>, position: Option<usize>, node: Node) -> Result<(), EditError> {
    let count = list.len();
    let index = match position {
        None => count,
        Some(position) if (1..=count + 1).contains(&position) => position - 1,
        Some(position) => return Err(EditError::Position { position, count }),
    };
    list.insert(index, node);
    Ok(())
}

/// Removes the node with `id` from wherever it hangs and returns it.
fn take(nodes: &mut Vec<Node>, id: &str) -> Option<Node> {
    if let Some(index) = nodes.iter().position(|n| n.id == id) {
        return Some(nodes.remove(index));
    }
    nodes.iter_mut().find_map(|n| take(&mut n.children, id))
}

/// A status recorded in the subtree for a year after `year`, which retiring the node after
/// `year` would contradict: the node's id and that year.
fn status_after(node: &Node, year: FiscalYear) -> Option<(String, FiscalYear)> {
    node.statuses
        .iter()
        .map(|s| s.year)
        .find(|y| *y > year)
        .map(|later| (node.id.clone(), later))
        .or_else(|| node.children.iter().find_map(|c| status_after(c, year)))
}

/// An id for a node added under `parent` that follows the ids of its siblings: after
/// `p1-m1`, `p1-m2` comes `p1-m3`; the first child of `p1-m1` becomes `p1-m1-1`; at the top
/// of a plan numbered `s1` … `s6` comes `s7`. Never an id the plan already has.
pub fn next_node_id(plan: &Plan, parent: Option<&str>) -> String {
    let siblings: &[Node] = match parent {
        None => &plan.nodes,
        Some(id) => plan.node(id).map_or(&[], |n| n.children.as_slice()),
    };
    let numbered: Vec<(&str, u64)> = siblings
        .iter()
        .filter_map(|n| {
            let digits = n.id.len() - n.id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (stem, number) = n.id.split_at(n.id.len() - digits);
            number.parse().ok().map(|number| (stem, number))
        })
        .collect();
    // The stem the last numbered sibling uses, and the highest number with that stem.
    let (stem, mut next) = match numbered.last() {
        Some((stem, _)) => {
            let max = numbered
                .iter()
                .filter(|(s, _)| s == stem)
                .map(|(_, n)| *n)
                .max()
                .unwrap_or(0);
            ((*stem).to_string(), max + 1)
        }
        None => (
            parent.map_or_else(|| "n".to_string(), |p| format!("{p}-")),
            1,
        ),
    };
    loop {
        let id = format!("{stem}{next}");
        if plan.node(&id).is_none() {
            return id;
        }
        next += 1;
    }
}

/// An id for a new indicator of the plan: `k-<node>-<n>` when the node's indicators are
/// named that way (as in the sample), else the next of the plan's own `k1`, `k2` … series.
pub fn next_indicator_id(plan: &Plan, node: Option<&str>) -> String {
    let stem = match node {
        Some(node) => format!("k-{node}-"),
        None => "k".to_string(),
    };
    let mut next = 1;
    loop {
        let id = format!("{stem}{next}");
        if plan.indicator(&id).is_none() {
            return id;
        }
        next += 1;
    }
}

impl Plan {
    /// How a link to one of the plan's items reads where minutes or responses show it: the
    /// printed number and title, and, for a retired item (or one under a retired item), that
    /// it is retired and after which year — 「施策1 人材確保〔廃止: R6まで〕」. The link itself
    /// is never dropped: minutes keep pointing at a retired item. `None` for an id the plan
    /// does not have.
    pub fn link_label(&self, node: &str, lang: Language) -> Option<String> {
        let (item, number, retired) = self.numbered(node)?;
        let label = format!("{number} {}", item.title);
        Some(match retired {
            None => label,
            Some(last) => match lang {
                Language::Ja => format!("{label}〔廃止: {}まで〕", lang.year_short(last)),
                Language::En => format!("{label} [retired after {}]", lang.year_short(last)),
            },
        })
    }

    /// Whether the plan is still being drawn up: the workspace's cycle has not reached the
    /// plan's first year, or is in that year's Plan phase. Until then a plan is edited
    /// freely; afterwards every revision needs a reason. Without a cycle state, the fiscal
    /// year `today` stands in and only a plan that has not started counts.
    pub fn is_being_drawn_up(&self, cycle: Option<CycleState>, today: FiscalYear) -> bool {
        match cycle {
            Some(cycle) => {
                cycle.year < self.period.from
                    || (cycle.year == self.period.from && cycle.phase == Phase::Plan)
            }
            None => today < self.period.from,
        }
    }

    /// The plan of the next stage drawn up from this one: the tree (retired items left
    /// behind, statuses cleared) and its indicators, each with its latest actual as the new
    /// baseline (with that year; an indicator without actuals keeps its baseline), the
    /// target 調整中 for the new period's last year, and no actuals yet. Ids are kept, and
    /// `predecessor` links back, so an indicator can be followed across stages.
    ///
    /// `carry_node` picks the nodes to carry (with their subtrees; the items above a chosen
    /// one come along, without their indicators, to keep its place); `carry_kpi` picks the
    /// indicators. `levels` replaces the level names (numbering kept by depth).
    #[must_use]
    pub fn next_stage(
        &self,
        id: &str,
        title: &str,
        period: Period,
        levels: Option<&[String]>,
        carry_node: &dyn Fn(&str) -> bool,
        carry_kpi: &dyn Fn(&str) -> bool,
    ) -> Plan {
        let levels = match levels {
            None => self.levels.clone(),
            Some(names) => names
                .iter()
                .enumerate()
                .map(|(depth, name)| Level {
                    name: name.clone(),
                    name_en: None,
                    numbering: self
                        .levels
                        .get(depth)
                        .map(|l| l.numbering.clone())
                        .unwrap_or_default(),
                })
                .collect(),
        };
        let carry_list = |list: &[Indicator]| -> Vec<Indicator> {
            list.iter()
                .filter(|i| carry_kpi(&i.id))
                .map(|i| carry_indicator(i, period))
                .collect()
        };
        Plan {
            predecessor: Some(self.id.clone()),
            levels,
            indicators: carry_list(&self.indicators),
            nodes: carry_nodes(&self.nodes, false, carry_node, &carry_list),
            ..Plan::new(
                id.to_string(),
                title.to_string(),
                self.organisation.clone(),
                period,
            )
        }
    }
}

fn carry_nodes(
    nodes: &[Node],
    chosen_above: bool,
    carry_node: &dyn Fn(&str) -> bool,
    carry_list: &dyn Fn(&[Indicator]) -> Vec<Indicator>,
) -> Vec<Node> {
    nodes
        .iter()
        .filter(|node| node.retired.is_none())
        .filter_map(|node| {
            let chosen = chosen_above || carry_node(&node.id);
            let children = carry_nodes(&node.children, chosen, carry_node, carry_list);
            (chosen || !children.is_empty()).then(|| Node {
                id: node.id.clone(),
                title: node.title.clone(),
                number: node.number.clone(),
                description: node.description.clone(),
                lead: node.lead.clone(),
                related: node.related.clone(),
                retired: None,
                statuses: Vec::new(),
                indicators: if chosen {
                    carry_list(&node.indicators)
                } else {
                    Vec::new()
                },
                children,
            })
        })
        .collect()
}

/// One indicator carried into the next stage (see [`Plan::next_stage`]).
fn carry_indicator(indicator: &Indicator, period: Period) -> Indicator {
    let baseline = indicator
        .latest_actual(None)
        .cloned()
        .or_else(|| indicator.baseline.clone());
    // A group without figures of its own stays without: its parts carry theirs.
    let target = (baseline.is_some() || indicator.target.is_some()).then_some(Target {
        year: period.to,
        value: TargetValue::Tbd,
        note: None,
    });
    Indicator {
        id: indicator.id.clone(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        direction: indicator.direction,
        bound: indicator.bound,
        // Still to be decided in the old stage, carried the same way as its figure would be.
        baseline_tbd: indicator.baseline_tbd.filter(|_| baseline.is_none()),
        baseline,
        target,
        actuals: Vec::new(),
        // The old stage's yearly path lies outside the new period; the new stage plans its own.
        planned: Vec::new(),
        note: indicator.note.clone(),
        parts: indicator
            .parts
            .iter()
            .map(|part| carry_indicator(part, period))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::Numbering;

    fn plan() -> Plan {
        let mut plan = Plan {
            levels: vec![Level {
                name: "方針".into(),
                name_en: None,
                numbering: Numbering::default(),
            }],
            nodes: vec![Node::new("p1", "A"), Node::new("p2", "B")],
            ..Plan::new(
                "p",
                "t",
                "o",
                Period {
                    from: FiscalYear(2024),
                    to: FiscalYear(2027),
                },
            )
        };
        plan.nodes[0].children = vec![Node::new("p1-m1", "A1"), Node::new("p1-m2", "A2")];
        plan.nodes[0].children[0].children = vec![Node::new("p1-m1-i1", "A11")];
        plan
    }

    fn ids(nodes: &[Node]) -> Vec<&str> {
        nodes.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn new_ids_follow_the_siblings() {
        let plan = plan();
        assert_eq!(next_node_id(&plan, None), "p3");
        assert_eq!(next_node_id(&plan, Some("p1")), "p1-m3");
        assert_eq!(next_node_id(&plan, Some("p1-m1")), "p1-m1-i2");
        assert_eq!(next_node_id(&plan, Some("p2")), "p2-1");
        assert_eq!(next_indicator_id(&plan, Some("p1")), "k-p1-1");
    }

    #[test]
    fn move_and_add_keep_the_tree_sound() {
        let mut plan = plan();
        PlanEdit::MoveNode {
            node: "p1-m2".into(),
            parent: Some("p2".into()),
            position: Some(1),
        }
        .apply(&mut plan)
        .expect("move");
        assert_eq!(ids(&plan.nodes[0].children), vec!["p1-m1"]);
        assert_eq!(ids(&plan.nodes[1].children), vec!["p1-m2"]);
        let into_itself = PlanEdit::MoveNode {
            node: "p1".into(),
            parent: Some("p1-m1-i1".into()),
            position: None,
        };
        let before = plan.clone();
        assert!(matches!(
            into_itself.apply(&mut plan),
            Err(EditError::MoveIntoItself { .. })
        ));
        assert_eq!(plan, before, "a refused move changes nothing");
        let far = PlanEdit::AddNode {
            parent: None,
            position: Some(5),
            node: Node::new("p9", "X"),
        };
        assert_eq!(
            far.apply(&mut plan),
            Err(EditError::Position {
                position: 5,
                count: 2
            })
        );
        PlanEdit::AddNode {
            parent: None,
            position: Some(2),
            node: Node::new("p9", "X"),
        }
        .apply(&mut plan)
        .expect("add");
        assert_eq!(ids(&plan.nodes), vec!["p1", "p9", "p2"]);
        let twice = PlanEdit::AddNode {
            parent: None,
            position: None,
            node: Node::new("p1-m1-i1", "dup"),
        };
        assert_eq!(
            twice.apply(&mut plan),
            Err(EditError::DuplicateNode("p1-m1-i1".into()))
        );
    }

    #[test]
    fn retiring_keeps_the_node_and_closes_its_subtree() {
        let mut plan = plan();
        let retire = PlanEdit::RetireNode {
            node: "p1-m1".into(),
            year: FiscalYear(2024),
        };
        retire.apply(&mut plan).expect("retire");
        let node = plan.node("p1-m1").expect("still there");
        assert_eq!(node.retired, Some(FiscalYear(2024)));
        assert!(node.is_active_in(FiscalYear(2024)) && !node.is_active_in(FiscalYear(2025)));
        assert_eq!(
            node.children[0].retired, None,
            "only the item itself is marked"
        );
        assert_eq!(
            plan.retired_after("p1-m1-i1"),
            Some(FiscalYear(2024)),
            "its items go with it"
        );
        assert_eq!(plan.retired_after("p1"), None);
        assert!(matches!(
            retire.apply(&mut plan),
            Err(EditError::AlreadyRetired { .. })
        ));
        let status = PlanEdit::SetStatus {
            node: "p1-m1".into(),
            year: FiscalYear(2025),
            status: Some("on_plan".into()),
            note: None,
        };
        assert!(matches!(
            status.apply(&mut plan),
            Err(EditError::Retired { .. })
        ));
        let child_status = PlanEdit::SetStatus {
            node: "p1-m1-i1".into(),
            year: FiscalYear(2025),
            status: Some("on_plan".into()),
            note: None,
        };
        assert!(matches!(
            child_status.apply(&mut plan),
            Err(EditError::Retired { .. })
        ));
        let mut other = super::tests::plan();
        other
            .node_mut("p1-m1-i1")
            .expect("node")
            .set_status(StatusEntry {
                year: FiscalYear(2025),
                status: "on_plan".into(),
                note: None,
            });
        assert!(matches!(
            retire.apply(&mut other),
            Err(EditError::StatusAfterRetirement { ref node, .. }) if node == "p1-m1-i1"
        ));
        let child_back = PlanEdit::ReinstateNode {
            node: "p1-m1-i1".into(),
        };
        assert!(matches!(
            child_back.apply(&mut plan.clone()),
            Err(EditError::RetiredAbove { ref above, .. }) if above == "p1-m1"
        ));
        let mut back = plan.clone();
        PlanEdit::ReinstateNode {
            node: "p1-m1".into(),
        }
        .apply(&mut back)
        .expect("reinstate");
        assert_eq!(back.retired_after("p1-m1-i1"), None);
        let under = PlanEdit::AddNode {
            parent: Some("p1-m1".into()),
            position: None,
            node: Node::new("x", "X"),
        };
        assert_eq!(
            under.apply(&mut plan),
            Err(EditError::RetiredParent("p1-m1".into()))
        );
    }

    #[test]
    fn the_planned_path_is_replaced_in_year_order_one_value_a_year() {
        let mut plan = plan();
        let mut k = Indicator::new("k1", "件数", Direction::Increase);
        k.set_planned(FiscalYear(2024), "1".parse().expect("figure"), None);
        plan.indicators.push(k);
        let value = |year, text: &str| YearValue {
            year: FiscalYear(year),
            value: text.parse().expect("figure"),
            note: None,
        };
        PlanEdit::SetPlanned {
            indicator: "k1".into(),
            planned: vec![value(2026, "30"), value(2025, "20")],
        }
        .apply(&mut plan)
        .expect("planned");
        let years: Vec<u16> = plan.indicators[0]
            .planned
            .iter()
            .map(|p| p.year.0)
            .collect();
        assert_eq!(years, vec![2025, 2026], "replaced, in year order");
        let twice = PlanEdit::SetPlanned {
            indicator: "k1".into(),
            planned: vec![value(2025, "20"), value(2025, "21")],
        };
        assert_eq!(
            twice.apply(&mut plan),
            Err(EditError::PlannedTwice {
                year: FiscalYear(2025)
            })
        );
        assert!(twice.is_revision());
    }

    #[test]
    fn a_link_to_a_retired_item_says_so() {
        let mut plan = plan();
        assert_eq!(plan.link_label("nope", Language::Ja), None);
        let active = plan.link_label("p1-m1-i1", Language::Ja).expect("label");
        assert!(
            active.ends_with("A11") && !active.contains('〔'),
            "{active}"
        );
        PlanEdit::RetireNode {
            node: "p1-m1".into(),
            year: FiscalYear(2024),
        }
        .apply(&mut plan)
        .expect("retire");
        let under = plan.link_label("p1-m1-i1", Language::Ja).expect("label");
        assert!(under.ends_with("A11〔廃止: R6まで〕"), "{under}");
        let en = plan.link_label("p1-m1", Language::En).expect("label");
        assert!(en.ends_with("A1 [retired after FY2024]"), "{en}");
    }

    /// `check` catches what a hand edit could do: a status after the item (or the item
    /// above it) was retired.
    #[test]
    fn check_refuses_a_status_after_retirement() {
        let mut plan = plan();
        plan.node_mut("p1").expect("p1").retired = Some(FiscalYear(2024));
        plan.node_mut("p1-m1-i1")
            .expect("node")
            .set_status(StatusEntry {
                year: FiscalYear(2025),
                status: "on_plan".into(),
                note: None,
            });
        let problems = crate::model::validate::validate_plan(None, &plan);
        assert!(
            problems.iter().any(|p| p
                .message
                .en
                .contains("\"p1-m1-i1\" was retired after FY2024")),
            "{problems:?}"
        );
        plan.node_mut("p1-m1-i1").expect("node").statuses[0].year = FiscalYear(2024);
        assert!(crate::model::validate::validate_plan(None, &plan).is_empty());
    }

    #[test]
    fn drawn_up_until_the_first_plan_phase_ends() {
        let plan = plan();
        let at = |year, phase| {
            Some(CycleState {
                year: FiscalYear(year),
                phase,
            })
        };
        let today = FiscalYear(2030);
        assert!(plan.is_being_drawn_up(at(2023, Phase::Act), today));
        assert!(plan.is_being_drawn_up(at(2024, Phase::Plan), today));
        assert!(!plan.is_being_drawn_up(at(2024, Phase::Do), today));
        assert!(!plan.is_being_drawn_up(at(2025, Phase::Plan), today));
        assert!(plan.is_being_drawn_up(None, FiscalYear(2023)));
        assert!(!plan.is_being_drawn_up(None, FiscalYear(2024)));
    }

    #[test]
    fn the_next_stage_starts_from_the_latest_actuals() {
        let mut old = plan();
        let mut k = Indicator::new("k1", "満足度", Direction::Increase);
        k.unit = "%".into();
        k.baseline = Some(YearValue {
            year: FiscalYear(2021),
            value: "48.9".parse().expect("figure"),
            note: None,
        });
        k.set_actual(FiscalYear(2022), "44.1".parse().expect("figure"), None);
        old.nodes[1].indicators.push(k);
        old.nodes[1].set_status(StatusEntry {
            year: FiscalYear(2024),
            status: "on_plan".into(),
            note: None,
        });
        old.node_mut("p1-m2").expect("node").retired = Some(FiscalYear(2024));
        let period = Period {
            from: FiscalYear(2028),
            to: FiscalYear(2031),
        };
        let new = old.next_stage("q", "次期", period, None, &|_| true, &|_| true);
        assert_eq!(new.predecessor.as_deref(), Some("p"));
        assert_eq!(
            ids(&new.nodes[0].children),
            vec!["p1-m1"],
            "retired items stay behind"
        );
        assert!(new.nodes[1].statuses.is_empty());
        let k = new.indicator("k1").expect("carried");
        let baseline = k.baseline.as_ref().expect("baseline");
        assert_eq!(
            (baseline.year, baseline.value.to_string()),
            (FiscalYear(2022), "44.1".into())
        );
        assert_eq!(
            k.target.as_ref().map(|t| (&t.value, t.year)),
            Some((&TargetValue::Tbd, FiscalYear(2031)))
        );
        assert!(k.actuals.is_empty());
        // Only one subtree: its ancestors come along, without their indicators.
        let only = old.next_stage("q", "次期", period, None, &|id| id == "p1-m1-i1", &|_| {
            true
        });
        assert_eq!(ids(&only.nodes), vec!["p1"]);
        assert_eq!(ids(&only.nodes[0].children[0].children), vec!["p1-m1-i1"]);
        let none = old.next_stage("q", "次期", period, None, &|_| true, &|_| false);
        assert!(none.indicator("k1").is_none());
    }
}
