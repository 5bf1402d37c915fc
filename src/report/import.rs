//! Importing KPI tables as secretariats have them: TSV pasted from Excel or CSV, in the wide
//! shape (one indicator per row, one column per year) or the long shape (several rows per
//! indicator labelled 基準値/目標値/実績値).
//!
//! Reading ([`read_indicators`]) is separate from applying ([`apply`]) so that a bad cell is
//! reported with its row and column before anything changes, and so that `--dry-run`, the
//! CLI and the TUI's paste dialog share one path. Applying updates indicators of the same
//! name: new values are added, equal values left alone, and differing values reported as
//! conflicts, replaced only when asked to overwrite.

use std::fmt;

use super::cells::{Cell, CellValue, convert, parse_cell};
use crate::model::fiscal_year::normalize_width;
use crate::model::{
    BoundWord, Direction, Figure, FiscalYear, Indicator, Plan, Target, TargetValue, YearValue,
    sanitize_inline,
};

/// A problem in the table, at a 1-based row (line of the file) and column.
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
    /// Replace stored values that differ from the table.
    pub overwrite: bool,
}

/// One indicator as read from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableIndicator {
    /// 1-based row where it starts.
    pub row: usize,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub bound: Option<BoundWord>,
    pub baseline: Option<YearValue>,
    pub target: Option<Target>,
    pub actuals: Vec<YearValue>,
    pub parts: Vec<TableIndicator>,
}

/// What a column (wide) or a row label (long) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Number,
    Name,
    Baseline(Option<FiscalYear>),
    Target(Option<FiscalYear>),
    Actual(FiscalYear),
    Other,
}

/// Finds the first fiscal year written anywhere in a text: `令和6年度決算`, `基準値(R5)`,
/// `FY2023`, `2023年度`.
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
            if let Ok(year) = format!("{prefix}{digits}").parse::<FiscalYear>() {
                return Some(year);
            }
        }
        previous = Some(c);
    }
    None
}

fn squash(text: &str) -> String {
    normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn classify(header: &str) -> Role {
    let h = squash(header);
    let year = find_year(&h);
    if h.contains("基準") {
        Role::Baseline(year)
    } else if h.contains("目標") || h.contains("検証値") {
        Role::Target(year)
    } else if h.contains("実績") {
        year.map_or(Role::Other, Role::Actual)
    } else if let Some(year) = year {
        Role::Actual(year)
    } else if matches!(h.as_str(), "番号" | "No" | "No." | "#" | "NO" | "no") {
        Role::Number
    } else if h.contains("項目") || h.contains("指標") || h.contains("名称") || h == "KPI" {
        Role::Name
    } else {
        Role::Other
    }
}

fn is_value_role(role: Role) -> bool {
    matches!(role, Role::Baseline(_) | Role::Target(_) | Role::Actual(_))
}

/// Rows of a TSV (any tab in the text) or CSV table, with their 1-based line numbers; quoted
/// cells (Excel quotes cells holding line breaks) are understood.
pub fn read_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = if text.contains('\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError {
            row: e.position().map_or(index + 1, |p| {
                usize::try_from(p.line()).unwrap_or(index + 1)
            }),
            column: 1,
            message: format!("cannot read the table: {e}"),
        })?;
        let line = record.position().map_or(index + 1, |p| {
            usize::try_from(p.line()).unwrap_or(index + 1)
        });
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    Ok(rows)
}

/// Strips a printed item number: `1 市役所の…`, `３　各種…`, `(2) …`; keeps `3つの…`.
fn strip_number(name: &str) -> String {
    let normal = normalize_width(name);
    let trimmed = normal.trim();
    let digits = trimmed
        .trim_start_matches('(')
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    if digits > 0 {
        let skip = trimmed.len() - trimmed.trim_start_matches('(').len() + digits;
        let rest = &trimmed[skip..];
        if let Some(after) =
            rest.strip_prefix(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | '、'))
        {
            return after.trim().to_string();
        }
    }
    name.trim().to_string()
}

/// `①実質公債比率` → `Some("実質公債比率")`.
fn strip_circled(name: &str) -> Option<String> {
    let first = name.chars().next()?;
    let circled = matches!(first, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}');
    circled.then(|| name[first.len_utf8()..].trim().to_string())
}

/// Values of one indicator collected cell by cell.
struct Builder {
    item: TableIndicator,
    cells: Vec<(usize, usize, Role, Cell)>,
}

impl Builder {
    fn new(row: usize, name: String) -> Self {
        Builder {
            item: TableIndicator {
                row,
                name,
                unit: String::new(),
                direction: Direction::Increase,
                bound: None,
                baseline: None,
                target: None,
                actuals: Vec::new(),
                parts: Vec::new(),
            },
            cells: Vec::new(),
        }
    }

    /// Turns the collected cells into values, in the unit of the first cell that has one.
    fn finish(
        mut self,
        options: &ImportOptions,
        last_year: FiscalYear,
    ) -> Result<TableIndicator, ImportError> {
        let unit = options.unit.clone().unwrap_or_else(|| {
            self.cells
                .iter()
                .find(|(_, _, _, cell)| !cell.unit.is_empty())
                .map(|(_, _, _, cell)| cell.unit.clone())
                .unwrap_or_default()
        });
        let mut balance = false;
        for (row, column, role, cell) in &self.cells {
            let at = |message: String| ImportError {
                row: *row,
                column: *column,
                message,
            };
            let figure = cell.figure_in(&unit).map_err(|e| at(e.to_string()))?;
            if let Some(bound) = cell.bound {
                self.item.bound = Some(bound);
            }
            match role {
                Role::Baseline(year) => {
                    if let Some(value) = figure {
                        let year = cell.year.or(*year).ok_or_else(|| {
                            at(
                                "the baseline has no year (write e.g. 基準値(R5) or 49%(R4))"
                                    .into(),
                            )
                        })?;
                        self.item.baseline = Some(YearValue {
                            year,
                            value,
                            note: cell.note.clone(),
                        });
                    } else if cell.value == CellValue::Balance {
                        return Err(at("収支均衡 is a target, not a baseline".into()));
                    }
                }
                Role::Target(year) => {
                    let year = cell.year.or(*year).unwrap_or(last_year);
                    let value = match (&cell.value, figure) {
                        (_, Some(value)) => TargetValue::Value(value),
                        (CellValue::Tbd, _) => TargetValue::Tbd,
                        (CellValue::Balance, _) => {
                            balance = true;
                            TargetValue::Value(Figure::ZERO)
                        }
                        _ => continue,
                    };
                    self.item.target = Some(Target {
                        year,
                        value,
                        note: cell.note.clone(),
                    });
                }
                Role::Actual(year) => {
                    if let Some(value) = figure {
                        let year = cell.year.unwrap_or(*year);
                        if self.item.actuals.iter().any(|a| a.year == year) {
                            return Err(at(format!("a second actual for {year}")));
                        }
                        self.item.actuals.push(YearValue {
                            year,
                            value,
                            note: cell.note.clone(),
                        });
                    } else if cell.value == CellValue::Balance {
                        return Err(at("収支均衡 is a target, not an actual".into()));
                    }
                }
                Role::Number | Role::Name | Role::Other => {}
            }
        }
        self.item.actuals.sort_by_key(|a| a.year);
        self.item.unit = unit;
        self.item.direction = options.direction.unwrap_or_else(|| {
            if let Some(bound) = self.item.bound {
                bound.direction()
            } else if balance {
                Direction::Balance
            } else {
                match (
                    self.item.baseline.as_ref(),
                    self.item.target.as_ref().and_then(Target::figure),
                ) {
                    (Some(b), Some(t)) if t < b.value => Direction::Decrease,
                    _ => Direction::Increase,
                }
            }
        });
        if self
            .item
            .bound
            .is_some_and(|b| b.direction() != self.item.direction)
        {
            // A direction given on the command line wins over the printed word.
            self.item.bound = None;
        }
        Ok(self.item)
    }
}

/// Reads the indicators of a table. `last_year` is the plan's last fiscal year, the year of
/// a target printed without one.
pub fn read_indicators(
    text: &str,
    options: &ImportOptions,
    last_year: FiscalYear,
) -> Result<Vec<TableIndicator>, ImportError> {
    let rows = read_rows(text)?;
    let Some((_, header)) = rows.first() else {
        return Ok(Vec::new());
    };
    let roles: Vec<Role> = header.iter().map(|h| classify(h)).collect();
    if roles.iter().any(|r| is_value_role(*r)) {
        read_wide(&rows, &roles, options, last_year)
    } else {
        read_long(&rows, options, last_year)
    }
}

fn cell_at(row: usize, column: usize, text: &str) -> Result<Cell, ImportError> {
    parse_cell(text).map_err(|e| ImportError {
        row,
        column: column + 1,
        message: e.to_string(),
    })
}

/// Groups: a named row with no values opens a group; following rows named ①②③… are its
/// parts.
fn push_item(
    out: &mut Vec<TableIndicator>,
    item: TableIndicator,
    circled: bool,
    open_group: &mut bool,
) {
    if circled
        && *open_group
        && let Some(group) = out.last_mut()
    {
        group.parts.push(item);
        return;
    }
    let empty = item.baseline.is_none() && item.target.is_none() && item.actuals.is_empty();
    *open_group = empty;
    out.push(item);
}

fn read_wide(
    rows: &[(usize, Vec<String>)],
    roles: &[Role],
    options: &ImportOptions,
    last_year: FiscalYear,
) -> Result<Vec<TableIndicator>, ImportError> {
    let name_column = roles
        .iter()
        .position(|r| *r == Role::Name)
        .or_else(|| roles.iter().position(|r| *r == Role::Other))
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut open_group = false;
    for (line, cells) in rows.iter().skip(1) {
        let raw = cells.get(name_column).map_or("", String::as_str);
        let name = strip_number(raw);
        if name.is_empty() {
            return Err(ImportError {
                row: *line,
                column: name_column + 1,
                message: "the indicator has no name".into(),
            });
        }
        let (name, circled) = match strip_circled(&name) {
            Some(part) => (part, true),
            None => (name, false),
        };
        let mut builder = Builder::new(*line, name);
        for (column, role) in roles.iter().enumerate() {
            if !is_value_role(*role) {
                continue;
            }
            let text = cells.get(column).map_or("", String::as_str);
            let cell = cell_at(*line, column, text)?;
            builder.cells.push((*line, column + 1, *role, cell));
        }
        let item = builder.finish(options, last_year)?;
        push_item(&mut out, item, circled, &mut open_group);
    }
    Ok(out)
}

fn read_long(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
    last_year: FiscalYear,
) -> Result<Vec<TableIndicator>, ImportError> {
    let mut out = Vec::new();
    let mut open_group = false;
    let mut current: Option<(Builder, bool)> = None;
    for (line, cells) in rows {
        let label = cells
            .iter()
            .position(|c| is_value_role(classify(c)) && !c.is_empty());
        let Some(label) = label else {
            if current.is_none() && out.is_empty() {
                continue; // a header row such as 番号 | 指標 | 区分 | 値
            }
            return Err(ImportError {
                row: *line,
                column: 1,
                message: "no 基準値 / 目標値 / 実績値 label in this row".into(),
            });
        };
        let name = cells[..label]
            .iter()
            .rev()
            .map(|c| strip_number(c))
            .find(|c| !c.is_empty() && c.parse::<u32>().is_err());
        if let Some(name) = name {
            if let Some((builder, circled)) = current.take() {
                push_item(
                    &mut out,
                    builder.finish(options, last_year)?,
                    circled,
                    &mut open_group,
                );
            }
            let (name, circled) = match strip_circled(&name) {
                Some(part) => (part, true),
                None => (name, false),
            };
            current = Some((Builder::new(*line, name), circled));
        }
        let Some((builder, _)) = current.as_mut() else {
            return Err(ImportError {
                row: *line,
                column: 1,
                message: "a value row before any indicator name".into(),
            });
        };
        let value_column = (label + 1..cells.len())
            .find(|&c| !cells[c].is_empty())
            .unwrap_or(label + 1);
        let text = cells.get(value_column).map_or("", String::as_str);
        let cell = cell_at(*line, value_column, text)?;
        builder
            .cells
            .push((*line, value_column + 1, classify(&cells[label]), cell));
    }
    if let Some((builder, circled)) = current {
        push_item(
            &mut out,
            builder.finish(options, last_year)?,
            circled,
            &mut open_group,
        );
    }
    Ok(out)
}

/// What importing does to one value.
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
    for new in &item.actuals {
        let what = format!("actual {}", new.year.western());
        match stored.actual(new.year) {
            None => {
                out.push(change(ChangeKind::Add, &what, None, value_text(new, &unit)));
                stored.set_actual(new.year, new.value, new.note.clone());
            }
            Some(old) if same_year_value(old, new) => {}
            Some(old) => {
                out.push(change(
                    kind.clone(),
                    &what,
                    Some(value_text(old, &unit)),
                    value_text(new, &unit),
                ));
                if overwrite {
                    stored.set_actual(new.year, new.value, new.note.clone());
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
    indicator.actuals.clone_from(&item.actuals);
    indicator.parts = item
        .parts
        .iter()
        .enumerate()
        .map(|(index, part)| new_indicator(part, &format!("{id}-{}", index + 1)))
        .collect();
    if !indicator.parts.is_empty() && !item.parts.is_empty() {
        // A group takes the direction its parts share, if they share one.
        let first = indicator.parts[0].direction;
        if indicator.parts.iter().all(|p| p.direction == first) {
            indicator.direction = first;
        }
    }
    indicator
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
    let mut changes = Vec::new();
    for item in items {
        apply_one(plan, item, None, options, &mut changes);
    }
    Ok(changes)
}

fn find_id(plan: &Plan, name: &str) -> Option<String> {
    plan.all_indicators()
        .into_iter()
        .find(|(_, i)| same_name(&i.name, name))
        .map(|(_, i)| i.id.clone())
}

fn free_id(plan: &Plan, prefix: &str) -> String {
    let taken: Vec<String> = plan
        .all_indicators()
        .into_iter()
        .map(|(_, i)| i.id.clone())
        .collect();
    (1..=taken.len() + 1)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(id) && !taken.iter().any(|t| t.starts_with(&format!("{id}-"))))
        .unwrap_or_else(|| prefix.to_string())
}

fn apply_one(
    plan: &mut Plan,
    item: &TableIndicator,
    group: Option<&str>,
    options: &ImportOptions,
    changes: &mut Vec<Change>,
) {
    if let Some(id) = find_id(plan, &item.name) {
        if let Some(stored) = plan.indicator_mut(&id) {
            merge(stored, item, options.overwrite, changes);
        }
        for part in &item.parts {
            apply_one(plan, part, Some(&id), options, changes);
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
    let id = free_id(plan, &prefix);
    let indicator = new_indicator(item, &id);
    for created in indicator.walk() {
        changes.push(Change {
            kind: ChangeKind::Create,
            indicator: created.name.clone(),
            what: created.id.clone(),
            old: None,
            new: String::new(),
        });
    }
    let list = match (group, &options.node) {
        (Some(group), _) => plan.indicator_mut(group).map(|g| &mut g.parts),
        (None, Some(node)) => plan.node_mut(node).map(|n| &mut n.indicators),
        (None, None) => Some(&mut plan.indicators),
    };
    if let Some(list) = list {
        list.push(indicator);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let items = read(
            "番号\t指標\t区分\t値\n\
             1\t市税収納率\t基準値(令和6年度決算)\t98.9%\n\
             \t\t目標値(令和11年度決算)\t99.2%以上\n\
             \t\t実績値(令和8年度)\t99.0%\n\
             2\t将来負担比率\t基準値(令和6年度決算)\t17億5千万円\n\
             \t\t目標値\t1億2千万円\n",
        );
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
        assert_eq!(items[1].target.as_ref().map(|t| t.year.0), Some(2027));
        assert_eq!(items[1].direction, Direction::Decrease);
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
            predecessor: None,
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
