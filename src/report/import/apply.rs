//! Applying a table to a plan: matching indicators by id or name, adding new values, leaving
//! equal ones alone and reporting differing ones as conflicts (replaced only with
//! `--overwrite`). Linear in the size of the table and the plan: one index of names and ids,
//! one pass over the plan's indicators.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{ImportOptions, TableIndicator, squash};
use crate::model::{
    Direction, Indicator, Node, Plan, Target, TargetValue, YearValue, sanitize_inline,
};
use crate::report::cells::convert;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new indicator.
    Create,
    /// A value the plan did not have.
    Add,
    /// A stored value that differs from the table, kept (no `--overwrite`).
    Conflict,
    /// A stored value replaced by the table's (`--overwrite`).
    Overwrite,
}

/// One line of the import summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub indicator: String,
    pub what: String,
    pub old: Option<String>,
    pub new: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = sanitize_inline(&self.indicator);
        let new = sanitize_inline(&self.new);
        match self.kind {
            ChangeKind::Create => write!(f, "+ new indicator {name} ({})", self.what),
            ChangeKind::Add => write!(f, "+ {name}: {} = {new}", self.what),
            ChangeKind::Conflict => write!(
                f,
                "! conflict {name}: {} is {} in the plan, {new} in the table",
                self.what,
                sanitize_inline(self.old.as_deref().unwrap_or_default())
            ),
            ChangeKind::Overwrite => write!(
                f,
                "~ {name}: {} {} → {new}",
                self.what,
                sanitize_inline(self.old.as_deref().unwrap_or_default())
            ),
        }
    }
}

/// Names match when equal after width normalisation and without whitespace, so
/// 「試験 競争倍率」 and 「試験競争倍率」 are one indicator.
pub fn same_name(a: &str, b: &str) -> bool {
    squash(a) == squash(b)
}

fn value_text(value: &YearValue, unit: &str) -> String {
    format!("{}{unit} ({})", value.value.grouped(), value.year.western())
}

fn target_text(target: &Target, unit: &str) -> String {
    let value = match &target.value {
        TargetValue::Tbd => "調整中".to_string(),
        TargetValue::Text(text) => text.clone(),
        TargetValue::Value(figure) => format!("{}{unit}", figure.grouped()),
    };
    format!("{value} ({})", target.year.western())
}

/// Compares exact values numerically (5.3 equals 5.30) so re-importing never rewrites digits.
fn same_year_value(a: &YearValue, b: &YearValue) -> bool {
    a.year == b.year && a.value.0 == b.value.0
}

fn same_target(a: &Target, b: &Target) -> bool {
    a.year == b.year
        && match (&a.value, &b.value) {
            (TargetValue::Value(x), TargetValue::Value(y)) => x.0 == y.0,
            (x, y) => x == y,
        }
}

/// Converts the table's values into the stored unit (億円 → 百万円); `None` if the units
/// differ in kind.
fn in_unit(item: &TableIndicator, unit: &str) -> Option<TableIndicator> {
    if item.unit == unit || item.unit.is_empty() || unit.is_empty() {
        return Some(item.clone());
    }
    let conv = |v: &YearValue| {
        convert(v.value, &item.unit, unit).map(|value| YearValue { value, ..v.clone() })
    };
    let mut out = item.clone();
    out.unit = unit.to_string();
    out.baseline = match &item.baseline {
        Some(b) => Some(conv(b)?),
        None => None,
    };
    out.actuals = item.actuals.iter().map(conv).collect::<Option<_>>()?;
    out.planned = item.planned.iter().map(conv).collect::<Option<_>>()?;
    if let Some(target) = &mut out.target
        && let TargetValue::Value(figure) = target.value
    {
        target.value = TargetValue::Value(convert(figure, &item.unit, unit)?);
    }
    Some(out)
}

/// Merges the table's values into a stored indicator, recording every change.
fn merge(stored: &mut Indicator, item: &TableIndicator, overwrite: bool, out: &mut Vec<Change>) {
    let name = stored.name.clone();
    let change = |kind, what: &str, old: Option<String>, new: String| Change {
        kind,
        indicator: name.clone(),
        what: what.to_string(),
        old,
        new,
    };
    if stored.unit.is_empty() && !item.unit.is_empty() {
        out.push(change(ChangeKind::Add, "unit", None, item.unit.clone()));
        stored.unit.clone_from(&item.unit);
    }
    let Some(item) = in_unit(item, &stored.unit) else {
        out.push(change(
            ChangeKind::Conflict,
            "unit",
            Some(stored.unit.clone()),
            item.unit.clone(),
        ));
        return;
    };
    let unit = stored.unit.clone();
    let kind = if overwrite {
        ChangeKind::Overwrite
    } else {
        ChangeKind::Conflict
    };
    if let Some(new) = &item.baseline {
        match &stored.baseline {
            None => {
                out.push(change(
                    ChangeKind::Add,
                    "baseline",
                    None,
                    value_text(new, &unit),
                ));
                stored.baseline = Some(new.clone());
            }
            Some(old) if same_year_value(old, new) => {}
            Some(old) => {
                out.push(change(
                    kind.clone(),
                    "baseline",
                    Some(value_text(old, &unit)),
                    value_text(new, &unit),
                ));
                if overwrite {
                    stored.baseline = Some(new.clone());
                }
            }
        }
    }
    if let Some(new) = &item.target {
        match &stored.target {
            None => {
                out.push(change(
                    ChangeKind::Add,
                    "target",
                    None,
                    target_text(new, &unit),
                ));
                stored.target = Some(new.clone());
            }
            Some(old) if same_target(old, new) => {}
            Some(old) => {
                out.push(change(
                    kind.clone(),
                    "target",
                    Some(target_text(old, &unit)),
                    target_text(new, &unit),
                ));
                if overwrite {
                    stored.target = Some(new.clone());
                }
            }
        }
    }
    if stored.direction == Direction::Unstated && item.direction != Direction::Unstated {
        out.push(change(
            ChangeKind::Add,
            "direction",
            None,
            item.direction.as_str().to_string(),
        ));
        stored.direction = item.direction;
        if stored.bound.is_none() {
            stored.bound = item.bound;
        }
    }
    let series = [
        ("planned", &item.planned, &mut stored.planned),
        ("actual", &item.actuals, &mut stored.actuals),
    ];
    for (label, values, list) in series {
        merge_series(&name, label, values, list, &unit, overwrite, out);
    }
}

/// Merges yearly values (actuals or the planned path) into a stored list kept sorted by year.
fn merge_series(
    name: &str,
    label: &str,
    values: &[YearValue],
    list: &mut Vec<YearValue>,
    unit: &str,
    overwrite: bool,
    out: &mut Vec<Change>,
) {
    for new in values {
        let what = format!("{label} {}", new.year.western());
        let change = |kind, old: Option<String>| Change {
            kind,
            indicator: name.to_string(),
            what: what.clone(),
            old,
            new: value_text(new, unit),
        };
        match list.binary_search_by_key(&new.year, |v| v.year) {
            Err(index) => {
                out.push(change(ChangeKind::Add, None));
                list.insert(index, new.clone());
            }
            Ok(index) if same_year_value(&list[index], new) => {}
            Ok(index) => {
                let kind = if overwrite {
                    ChangeKind::Overwrite
                } else {
                    ChangeKind::Conflict
                };
                out.push(change(kind, Some(value_text(&list[index], unit))));
                if overwrite {
                    list[index] = new.clone();
                }
            }
        }
    }
}

fn new_indicator(item: &TableIndicator, id: &str) -> Indicator {
    let mut indicator = Indicator::new(id, item.name.clone(), item.direction);
    indicator.unit.clone_from(&item.unit);
    indicator.bound = item.bound;
    indicator.baseline.clone_from(&item.baseline);
    indicator.target.clone_from(&item.target);
    indicator.planned.clone_from(&item.planned);
    indicator.actuals.clone_from(&item.actuals);
    indicator.parts = item
        .parts
        .iter()
        .enumerate()
        .map(|(index, part)| new_indicator(part, &format!("{id}-{}", index + 1)))
        .collect();
    if !indicator.parts.is_empty() {
        // A group takes the direction its parts share, if they share one.
        let first = indicator.parts[0].direction;
        if indicator.parts.iter().all(|p| p.direction == first) {
            indicator.direction = first;
        }
    }
    indicator
}

/// Where a table indicator goes.
enum Op<'a> {
    /// Merge into the stored indicator with this id.
    Merge(String, &'a TableIndicator),
    /// A new indicator (already built), under the plan/node, or as a part of a stored group.
    Create(Option<String>, Box<Indicator>),
}

/// The names and ids of a plan, indexed once so that applying a table is linear.
struct Index {
    by_name: HashMap<String, String>,
    ids: HashSet<String>,
    /// The next number to try per id prefix.
    next: HashMap<String, usize>,
    /// Ids created by this table (and their parts'), with the index of their operation.
    created: HashMap<String, usize>,
    /// Changes from rows that repeat a name created earlier in the same table.
    repeats: Vec<(usize, Change)>,
}

impl Index {
    fn new(plan: &Plan) -> Self {
        let mut by_name = HashMap::new();
        let mut ids = HashSet::new();
        for (_, indicator) in plan.all_indicators() {
            by_name
                .entry(squash(&indicator.name))
                .or_insert_with(|| indicator.id.clone());
            ids.insert(indicator.id.clone());
        }
        Index {
            by_name,
            ids,
            next: HashMap::new(),
            created: HashMap::new(),
            repeats: Vec::new(),
        }
    }

    /// A free id `{prefix}{n}`: not taken, and no taken id starts with `{prefix}{n}-` (the
    /// ids of a group's parts).
    fn free_id(&mut self, prefix: &str) -> String {
        let start = self.next.get(prefix).copied().unwrap_or(1);
        let mut n = start;
        loop {
            let id = format!("{prefix}{n}");
            if !self.ids.contains(&id) && !self.ids.contains(&format!("{id}-1")) {
                self.next.insert(prefix.to_string(), n + 1);
                return id;
            }
            n += 1;
        }
    }

    fn register(&mut self, indicator: &Indicator, op: usize) {
        for i in indicator.walk() {
            self.created.insert(i.id.clone(), op);
            self.by_name
                .entry(squash(&i.name))
                .or_insert_with(|| i.id.clone());
            self.ids.insert(i.id.clone());
        }
    }
}

/// Applies the table to a plan in memory. Returns every change; conflicts are applied only
/// with `overwrite`. The caller decides whether to save (see the CLI: nothing is written
/// while conflicts remain unless `--overwrite`).
pub fn apply(
    plan: &mut Plan,
    items: &[TableIndicator],
    options: &ImportOptions,
) -> Result<Vec<Change>, String> {
    if let Some(node) = &options.node
        && plan.node(node).is_none()
    {
        return Err(format!(
            "no node \"{}\" in plan {}",
            sanitize_inline(node),
            plan.id
        ));
    }
    let mut index = Index::new(plan);
    let mut ops = Vec::new();
    for item in items {
        plan_ops(&mut index, item, None, options, &mut ops);
    }
    // Merges, by stored id, in table order; new parts of stored groups, by group id.
    let mut merges: HashMap<String, Vec<(usize, &TableIndicator)>> = HashMap::new();
    let mut new_parts: HashMap<String, Vec<(usize, Indicator)>> = HashMap::new();
    let mut created: Vec<(usize, Indicator)> = Vec::new();
    for (n, op) in ops.into_iter().enumerate() {
        match op {
            Op::Merge(id, item) => merges.entry(id).or_default().push((n, item)),
            Op::Create(Some(group), indicator) => {
                new_parts.entry(group).or_default().push((n, *indicator));
            }
            Op::Create(None, indicator) => created.push((n, *indicator)),
        }
    }
    let mut changes: Vec<(usize, Change)> = std::mem::take(&mut index.repeats);
    let mut visit = |indicator: &mut Indicator| {
        if let Some(list) = merges.remove(&indicator.id) {
            for (n, item) in list {
                let mut out = Vec::new();
                merge(indicator, item, options.overwrite, &mut out);
                changes.extend(out.into_iter().map(|c| (n, c)));
            }
        }
        if let Some(parts) = new_parts.remove(&indicator.id) {
            for (n, part) in parts {
                creation_changes(&part, n, &mut changes);
                indicator.parts.push(part);
            }
        }
    };
    walk_mut(&mut plan.indicators, &mut visit);
    walk_nodes(&mut plan.nodes, &mut visit);
    let list = match &options.node {
        Some(node) => plan.node_mut(node).map(|n| &mut n.indicators),
        None => Some(&mut plan.indicators),
    };
    if let Some(list) = list {
        for (n, indicator) in created {
            creation_changes(&indicator, n, &mut changes);
            list.push(indicator);
        }
    }
    changes.sort_by_key(|(n, _)| *n);
    Ok(changes.into_iter().map(|(_, c)| c).collect())
}

fn creation_changes(indicator: &Indicator, n: usize, out: &mut Vec<(usize, Change)>) {
    for created in indicator.walk() {
        out.push((
            n,
            Change {
                kind: ChangeKind::Create,
                indicator: created.name.clone(),
                what: created.id.clone(),
                old: None,
                new: String::new(),
            },
        ));
    }
}

fn walk_mut(list: &mut [Indicator], visit: &mut impl FnMut(&mut Indicator)) {
    for indicator in list {
        visit(indicator);
        walk_mut(&mut indicator.parts, visit);
    }
}

fn walk_nodes(nodes: &mut [Node], visit: &mut impl FnMut(&mut Indicator)) {
    for node in nodes {
        walk_mut(&mut node.indicators, visit);
        walk_nodes(&mut node.children, visit);
    }
}

/// Decides, for one table indicator and its parts, whether it merges or is created. A table
/// row with the same name as one created earlier in the same table merges into it.
fn plan_ops<'a>(
    index: &mut Index,
    item: &'a TableIndicator,
    group: Option<&str>,
    options: &ImportOptions,
    ops: &mut Vec<Op<'a>>,
) {
    let by_id = item
        .id
        .as_ref()
        .filter(|id| index.ids.contains(*id))
        .cloned();
    let found = by_id.or_else(|| index.by_name.get(&squash(&item.name)).cloned());
    if let Some(id) = found {
        if let Some(&at) = index.created.get(&id)
            && let Some(Op::Create(_, created)) = ops.get_mut(at)
        {
            // Created by this table a moment ago: merge into the new indicator itself.
            // A second row of the same name: its differing values are conflicts like any.
            if let Some(target) = find_mut(created, &id) {
                let mut out = Vec::new();
                merge(target, item, options.overwrite, &mut out);
                let n = ops.len();
                index.repeats.extend(out.into_iter().map(|c| (n, c)));
            }
            return;
        }
        ops.push(Op::Merge(id.clone(), item));
        for part in &item.parts {
            plan_ops(index, part, Some(&id), options, ops);
        }
        return;
    }
    let prefix = group.map_or_else(
        || {
            options
                .node
                .as_ref()
                .map_or("k".to_string(), |n| format!("{n}-k"))
        },
        |g| format!("{g}-"),
    );
    let id = index.free_id(&prefix);
    let indicator = new_indicator(item, &id);
    index.register(&indicator, ops.len());
    ops.push(Op::Create(group.map(str::to_string), Box::new(indicator)));
}

fn find_mut<'a>(indicator: &'a mut Indicator, id: &str) -> Option<&'a mut Indicator> {
    if indicator.id == id {
        return Some(indicator);
    }
    indicator.parts.iter_mut().find_map(|p| find_mut(p, id))
}
