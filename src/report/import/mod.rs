//! Importing KPI tables as secretariats have them: CSV or TSV (UTF-8 or CP932), pasted from
//! Excel, or Excel workbooks read directly, in the layouts cities print (see [`layout`]).
//!
//! Reading ([`read_table`]) is separate from applying ([`apply`]) so that a bad cell is
//! reported with its row and column before anything changes, and so that `--dry-run`, the
//! CLI and the TUI's paste dialog share one path. Applying updates indicators of the same
//! id or name: new values are added, equal values left alone, and differing values reported
//! as conflicts, replaced only when asked to overwrite. Applying is linear in the size of the
//! table and the plan (one index of names and ids, one pass over the plan's indicators).

pub mod layout;
pub mod source;
pub mod years;

use std::collections::{HashMap, HashSet};
use std::fmt;

pub use layout::read_table;
pub use source::read_rows;

use super::cells::convert;
use crate::model::fiscal_year::normalize_width;
use crate::model::{
    BoundWord, Direction, FiscalYear, Indicator, Language, Node, Period, Plan, Target, TargetValue,
    YearValue, sanitize_inline,
};

/// A problem in the table, at a 1-based row (line of the file, or sheet row) and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("row {row}, column {column}: {message}")]
pub struct ImportError {
    pub row: usize,
    pub column: usize,
    pub message: String,
}

/// What the command line says about every row, overriding the cells.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Attach new indicators to this node (default: the plan itself).
    pub node: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    /// The year of a target printed without one (`--target-year`); never assumed.
    pub target_year: Option<FiscalYear>,
    /// The era of header years printed without one (`--era 平成`).
    pub era: Option<years::Era>,
    /// Replace stored values that differ from the table.
    pub overwrite: bool,
}

/// One indicator as read from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableIndicator {
    /// 1-based row where it starts.
    pub row: usize,
    /// The indicator id, when the table has one (kaikaku's own CSV).
    pub id: Option<String>,
    pub name: String,
    pub unit: String,
    /// [`Direction::Unstated`] unless the table (or `--direction`) says it.
    pub direction: Direction,
    /// Where the direction was read, for `--dry-run`: 「以下」 in a cell, 「削減」 in the name …
    pub direction_said: Option<String>,
    pub bound: Option<BoundWord>,
    pub baseline: Option<YearValue>,
    pub target: Option<Target>,
    /// The yearly planned path (計画 / 目標 rows), oldest first.
    pub planned: Vec<YearValue>,
    pub actuals: Vec<YearValue>,
    pub parts: Vec<TableIndicator>,
}

/// A table as read: its indicators, and what was recognised but not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// 1-based row of the header.
    pub header_row: usize,
    /// The header as printed (cells joined by ` | `, shortened).
    pub header: String,
    /// The years of the year columns, in order.
    pub years: Vec<FiscalYear>,
    pub indicators: Vec<TableIndicator>,
    /// Columns and rows recognised and left out (totals, derived figures, notes).
    pub notes: Vec<Note>,
}

/// Why a column was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    /// 合計, 累計, 平均.
    Total,
    /// 達成率, 増減, 前年比: computed from other figures.
    Derived,
    /// 判定, 備考, 所管: words, not figures.
    NotFigure,
}

/// Something the table holds that was recognised and deliberately not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    Column {
        /// 1-based.
        column: usize,
        header: String,
        why: Left,
    },
    /// Rows of derived figures (達成率, 増減数 …) under one label.
    DerivedRows { rows: Vec<usize>, label: String },
    /// A remark row (※…, 注…).
    Remark { row: usize },
    /// kaikaku's own CSV: its progress and status columns.
    OwnCsv,
}

impl Note {
    /// The note in the user's language.
    pub fn text(&self, lang: Language) -> String {
        match self {
            Note::Column {
                column,
                header,
                why,
            } => {
                let why = match why {
                    Left::Total => lang.pick("合計の列", "a total"),
                    Left::Derived => {
                        lang.pick("他の数値から計算した列", "derived from other figures")
                    }
                    Left::NotFigure => lang.pick("数値ではない列", "not a figure"),
                };
                format!(
                    "{} {column} 「{}」: {why}{}",
                    lang.pick("列", "column"),
                    sanitize_inline(header),
                    lang.pick("のため取り込みません", ", not imported")
                )
            }
            Note::DerivedRows { rows, label } => {
                let rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
                format!(
                    "{} {} 「{}」: {}",
                    lang.pick("行", "row"),
                    rows.join(", "),
                    sanitize_inline(label),
                    lang.pick(
                        "他の数値から計算した行のため取り込みません",
                        "derived from other figures, not imported"
                    )
                )
            }
            Note::Remark { row } => format!(
                "{} {row}: {}",
                lang.pick("行", "row"),
                lang.pick("注記のため取り込みません", "a remark, not imported")
            ),
            Note::OwnCsv => lang
                .pick(
                    "kaikaku の KPI CSV: 進捗と状況は計算値のため取り込みません",
                    "kaikaku's own KPI CSV: progress and status are derived, not imported",
                )
                .to_string(),
        }
    }
}

/// Finds the first fiscal year written anywhere in a text: `令和6年度決算`, `基準値(R5)`,
/// `FY2023`, `2023年度`, `H23`, `平成16年`.
pub fn find_year(text: &str) -> Option<FiscalYear> {
    let text = normalize_width(text);
    let mut previous: Option<char> = None;
    for (index, c) in text.char_indices() {
        let rest = &text[index..];
        let after_letter = previous.is_some_and(|p| p.is_ascii_alphanumeric());
        for prefix in ["令和", "平成", "昭和", "FY", "R", "H", ""] {
            if after_letter && !prefix.starts_with(['令', '平', '昭']) {
                continue;
            }
            let Some(after) = rest.strip_prefix(prefix) else {
                continue;
            };
            let digits: String = after
                .chars()
                .take_while(|d| d.is_ascii_digit() || (*d == '元' && !prefix.is_empty()))
                .collect();
            if digits.is_empty() || (prefix.is_empty() && digits.chars().count() != 4) {
                continue;
            }
            if prefix.is_empty() && after[digits.len()..].starts_with(|d: char| d.is_ascii_digit())
            {
                continue;
            }
            if let Ok(year) = format!("{prefix}{digits}").parse::<FiscalYear>() {
                return Some(year);
            }
        }
        previous = Some(c);
    }
    None
}

pub(crate) fn squash(text: &str) -> String {
    normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Reads the indicators of a TSV/CSV text for a plan whose period ends in `last_year` (the
/// period is taken as that one year; [`read_table`] takes the whole period).
pub fn read_indicators(
    text: &str,
    options: &ImportOptions,
    last_year: FiscalYear,
) -> Result<Vec<TableIndicator>, ImportError> {
    let rows = read_rows(text)?;
    let period = Period {
        from: last_year,
        to: last_year,
    };
    read_table(&rows, options, period).map(|table| table.indicators)
}

fn values_line(values: &[YearValue], unit: &str, lang: Language) -> String {
    values
        .iter()
        .map(|v| {
            format!(
                "{} {}{}",
                lang.year_short(v.year),
                v.value.grouped(),
                sanitize_inline(unit)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_one(out: &mut String, item: &TableIndicator, depth: usize, lang: Language) {
    let pad = "  ".repeat(depth);
    let unit = &sanitize_inline(&item.unit);
    out.push_str(&format!(
        "{pad}{} ({} {})\n",
        sanitize_inline(&item.name),
        lang.pick("行", "row"),
        item.row
    ));
    let none = lang.pick("なし", "none");
    let direction = match (&item.direction, &item.direction_said) {
        (Direction::Unstated, _) => lang
            .pick(
                "未設定 — 表に書かれていません (--direction で指定、check が警告します)",
                "not stated — the table does not say (set it with --direction; check warns)",
            )
            .to_string(),
        (d, Some(said)) => format!("{} ({said})", d.as_str()),
        (d, None) => d.as_str().to_string(),
    };
    out.push_str(&format!(
        "{pad}  {} {} · {} {direction}\n",
        lang.pick("単位", "unit"),
        if unit.is_empty() { none } else { unit },
        lang.pick("方向", "direction"),
    ));
    if let Some(b) = &item.baseline {
        out.push_str(&format!(
            "{pad}  {} {}{unit} ({})\n",
            lang.pick("基準値", "baseline"),
            b.value.grouped(),
            lang.year_short(b.year)
        ));
    }
    if let Some(t) = &item.target {
        let value = match &t.value {
            TargetValue::Tbd => "調整中".to_string(),
            TargetValue::Text(text) => sanitize_inline(text),
            TargetValue::Value(f) => format!(
                "{}{unit}{}",
                f.grouped(),
                item.bound.map_or("", BoundWord::label)
            ),
        };
        out.push_str(&format!(
            "{pad}  {} {value} ({})\n",
            lang.pick("目標", "target"),
            lang.year_short(t.year)
        ));
    }
    if !item.planned.is_empty() {
        out.push_str(&format!(
            "{pad}  {} {}\n",
            lang.pick("計画値", "planned"),
            values_line(&item.planned, unit, lang)
        ));
    }
    if !item.actuals.is_empty() {
        out.push_str(&format!(
            "{pad}  {} {}\n",
            lang.pick("実績", "actuals"),
            values_line(&item.actuals, unit, lang)
        ));
    }
    for part in &item.parts {
        describe_one(out, part, depth + 1, lang);
    }
}

/// What `--dry-run` prints about a table: the header read, then per indicator its unit,
/// direction (and where it was read), baseline, target, planned path and actuals, then the
/// notes on what was left out.
pub fn describe(table: &Table, lang: Language) -> String {
    let mut out = format!(
        "{} ({} {}): 「{}」\n",
        lang.pick("見出し", "header"),
        lang.pick("行", "row"),
        table.header_row,
        table.header
    );
    if let (Some(first), Some(last)) = (table.years.first(), table.years.last()) {
        out.push_str(&format!(
            "{} {}–{}\n",
            lang.pick("年度", "years"),
            lang.year_short(*first),
            lang.year_short(*last)
        ));
    }
    for item in &table.indicators {
        describe_one(&mut out, item, 0, lang);
    }
    for note in &table.notes {
        out.push_str(&format!(
            "{}: {}\n",
            lang.pick("注", "note"),
            note.text(lang)
        ));
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::Figure;

    fn fig(text: &str) -> Figure {
        text.parse().expect(text)
    }

    fn read(text: &str) -> Vec<TableIndicator> {
        read_indicators(text, &ImportOptions::default(), FiscalYear(2027))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn finds_years_inside_labels() {
        let year = |t: &str| find_year(t).map(|y| y.0);
        assert_eq!(year("基準値(令和6年度決算)"), Some(2024));
        assert_eq!(year("基準値(R5)"), Some(2023));
        assert_eq!(year("令和3年度（基準値）"), Some(2021));
        assert_eq!(year("目標値（Ｒ１１）"), Some(2029));
        assert_eq!(year("FY2023 実績"), Some(2023));
        assert_eq!(year("2023年度"), Some(2023));
        assert_eq!(year("令和元年度"), Some(2019));
        assert_eq!(year("検証値"), None);
        assert_eq!(year("107087"), None);
        assert_eq!(year("KPI"), None);
    }

    #[test]
    fn wide_table_with_years_in_the_header() {
        let items = read(
            "項目\t基準値(R5)\t検証値(R9)\n\
             職員採用（選考）試験競争倍率（全職種）\t5.3倍\t調整中\n\
             男性職員育児休業取得割合\t49%(R4)\t90%\n\
             窓口滞在時間\t調整中\t調整中\n\
             経常収支比率\t97.0%\t95.6%以下\n\
             実質収支\t△12.8億円\t収支均衡\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].unit, "倍");
        assert_eq!(
            items[0].baseline.as_ref().map(|b| (b.year.0, b.value)),
            Some((2023, fig("5.3")))
        );
        assert_eq!(
            items[0].target.as_ref().map(|t| &t.value),
            Some(&TargetValue::Tbd)
        );
        assert_eq!(items[1].baseline.as_ref().map(|b| b.year.0), Some(2022));
        assert_eq!(items[1].target.as_ref().map(|t| t.year.0), Some(2027));
        assert!(items[2].baseline.is_none());
        assert_eq!(items[3].direction, Direction::AtMost);
        assert_eq!(items[3].bound, Some(BoundWord::Ika));
        assert_eq!(items[4].direction, Direction::Balance);
        assert_eq!(
            items[4].baseline.as_ref().map(|b| b.value),
            Some(fig("-12.8"))
        );
    }

    #[test]
    fn long_table_with_continuation_rows() {
        let table = "番号\t指標\t区分\t値\n\
             1\t市税収納率\t基準値(令和6年度決算)\t98.9%\n\
             \t\t目標値(令和11年度決算)\t99.2%以上\n\
             \t\t実績値(令和8年度)\t99.0%\n\
             2\t将来負担比率\t基準値(令和6年度決算)\t17億5千万円\n\
             \t\t目標値\t1億2千万円\n";
        // The second target prints no year: refused, not set to the plan's last year.
        let error = read_indicators(table, &ImportOptions::default(), FiscalYear(2027))
            .expect_err("a target with no year");
        assert_eq!((error.row, error.column), (6, 4));
        assert!(error.message.contains("--target-year"), "{error}");
        let options = ImportOptions {
            target_year: Some(FiscalYear(2029)),
            ..ImportOptions::default()
        };
        let items = read_indicators(table, &options, FiscalYear(2027)).expect("reads");
        assert_eq!(items.len(), 2);
        let first = &items[0];
        assert_eq!(first.name, "市税収納率");
        assert_eq!(first.baseline.as_ref().map(|b| b.year.0), Some(2024));
        assert_eq!(first.target.as_ref().map(|t| t.year.0), Some(2029));
        assert_eq!(first.direction, Direction::AtLeast);
        assert_eq!(
            first.actuals.iter().map(|a| a.year.0).collect::<Vec<_>>(),
            [2026]
        );
        assert_eq!(items[1].unit, "億円");
        assert_eq!(
            items[1].baseline.as_ref().map(|b| b.value),
            Some(fig("17.5"))
        );
        assert_eq!(
            items[1].target.as_ref().and_then(Target::figure),
            Some(fig("1.2"))
        );
        assert_eq!(items[1].target.as_ref().map(|t| t.year.0), Some(2029));
        // A lower target than the baseline is not a direction the table states.
        assert_eq!(items[1].direction, Direction::Unstated);
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let error = read_indicators(
            "項目\t基準値(R5)\t検証値(R9)\nA\t5.3倍\t9..0%\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("bad cell");
        assert_eq!((error.row, error.column), (2, 3));
        assert!(
            error.to_string().starts_with("row 2, column 3: 「9..0%」"),
            "{error}"
        );
        let error = read_indicators(
            "項目,基準値,目標値\nA,5%,6%\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("baseline year");
        assert_eq!((error.row, error.column), (2, 2));
        let error = read_indicators(
            "項目\t基準値(R5)\t検証値(R9)\nA\t5%\t6倍\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("unit");
        assert_eq!((error.row, error.column), (2, 3));
    }

    fn empty_plan() -> Plan {
        Plan {
            id: "p".into(),
            title: "p".into(),
            title_en: None,
            organisation: "市".into(),
            period: crate::model::Period {
                from: FiscalYear(2024),
                to: FiscalYear(2027),
            },
            description: String::new(),
            levels: Vec::new(),
            indicators: Vec::new(),
            nodes: Vec::new(),
            tallies: Vec::new(),
            revisions: Vec::new(),
        }
    }

    #[test]
    fn reimport_adds_new_years_and_reports_conflicts() {
        let mut plan = empty_plan();
        let options = ImportOptions::default();
        let first = read("項目\t基準値(R5)\t検証値(R9)\n満足度\t3.56\t3.70\n");
        let changes = apply(&mut plan, &first, &options).expect("apply");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Create);
        assert_eq!(plan.indicators[0].id, "k1");
        // Same values (digits written differently) plus a new actual.
        let second = read("項目\t基準値(R5)\tR6\t検証値(R9)\n満 足 度\t3.560\t3.60\t3.7\n");
        let changes = apply(&mut plan, &second, &options).expect("apply");
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Add);
        assert_eq!(
            plan.indicators[0]
                .baseline
                .as_ref()
                .map(|b| b.value.to_string()),
            Some("3.56".into())
        );
        // A different value is a conflict, kept unless overwriting.
        let third = read("項目\tR6\n満足度\t3.65\n");
        let changes = apply(&mut plan, &third, &options).expect("apply");
        assert_eq!(changes[0].kind, ChangeKind::Conflict);
        assert!(
            changes[0]
                .to_string()
                .contains("3.60 (FY2024) in the plan, 3.65 (FY2024)"),
            "{}",
            changes[0]
        );
        assert_eq!(plan.indicators[0].actuals[0].value, fig("3.60"));
        let overwrite = ImportOptions {
            overwrite: true,
            ..ImportOptions::default()
        };
        let changes = apply(&mut plan, &third, &overwrite).expect("apply");
        assert_eq!(changes[0].kind, ChangeKind::Overwrite);
        assert_eq!(plan.indicators[0].actuals[0].value, fig("3.65"));
    }

    #[test]
    fn a_repeated_name_with_other_values_is_a_conflict() {
        let mut plan = empty_plan();
        let items = read("項目\tR6\n満足度\t3.5\n満足度\t3.6\n");
        let changes = apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        assert_eq!(plan.indicators.len(), 1);
        assert!(
            changes.iter().any(|c| c.kind == ChangeKind::Conflict),
            "{changes:?}"
        );
        // The same value twice is no conflict.
        let mut plan = empty_plan();
        let items = read("項目\tR6\n満足度\t3.5\n満足度\t3.50\n");
        let changes = apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        assert_eq!(changes.len(), 1, "{changes:?}");
    }

    #[test]
    fn a_marker_inside_a_value_cell_makes_the_baseline() {
        let items = read("指標\tR4\tR5\tR6\n職員数\t900人(基準)\t880人\t870人\n");
        assert_eq!(
            items[0]
                .baseline
                .as_ref()
                .map(|b| (b.year.0, b.value.to_string())),
            Some((2022, "900".into()))
        );
        let years: Vec<u16> = items[0].actuals.iter().map(|a| a.year.0).collect();
        assert_eq!(years, [2023, 2024]);
    }

    #[test]
    fn groups_become_parts() {
        let mut plan = empty_plan();
        let items = read(
            "検証項目\t令和3年度（基準値）\t令和4年度\t令和5年度（検証値）\n\
             3 各種財政指標\t\t\t\n\
             ①実質公債比率\t5.4％\t5.3％\t5.2％\n\
             ③市債残高\t2,248億円\t2,359億円\t2,430億円\n\
             年休取得日数\t14日\t15日\t16日\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].parts.len(), 2);
        apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        let ids: Vec<&str> = plan
            .all_indicators()
            .iter()
            .map(|(_, i)| i.id.as_str())
            .collect();
        assert_eq!(ids, ["k1", "k1-1", "k1-2", "k2"]);
        assert_eq!(plan.indicators[0].name, "各種財政指標");
    }
}
