//! Recognising the layout of a KPI table as cities print it.
//!
//! - **Wide**: one header row with a column per year (`H23`, `平成16年`, `18年度`, `20` under
//!   a `平成(年度)` corner, `令和3年度（基準値）`) and columns for 基準値 / 目標 / 計画; title
//!   rows above the header are skipped (an era cell there applies to the columns under it).
//! - **Series as rows**: several rows per indicator labelled 計画/実績, 目標/実績, 計画額/実績額,
//!   目標数 … 職員数, the label in the name column or a 区分 column, the name on the first row
//!   or in a merged cell above (which reaches us as a row holding only the name). A 目標 or
//!   計画 row before the indicator's own row belongs to the indicator that follows.
//! - **Long**: no year columns; each row's label carries its year (`基準値(令和6年度決算)`).
//! - **kaikaku's own CSV** (`report kpi --format csv`), read back by its column names.
//!
//! Derived rows and columns (達成率, 増減数, 増減率), judgement columns (判定, 備考) and total
//! columns (合計) are recognised and not imported; each is reported as a note. A marker cell
//! such as `(基準)` makes its column's year the baseline. Units come from the cells, from the
//! name (`実質公債費比率(%)`) or from a 単位 column. The direction is taken only from what the
//! table says (bound words, 収支均衡, 削減/抑制/向上 … in the name or header, a 方向 column);
//! otherwise it is [`Direction::Unstated`].

use std::collections::BTreeMap;

use super::years::{self, Era, HeaderYear};
use super::{ImportError, ImportOptions, Left, Note, Table, TableIndicator, find_year, squash};
use crate::model::fiscal_year::normalize_width;
use crate::model::{Direction, Figure, FiscalYear, Period, Target, TargetValue, YearValue};
use crate::report::cells::{Cell, CellValue, parse_cell};

/// Which figure of an indicator a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Baseline,
    Target,
    Planned,
    Actual,
}

/// What a header column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Number,
    Name,
    Label,
    Unit,
    Direction,
    /// A figure column: its kind when the header says, and its year when it has one.
    Value(Option<Kind>, Option<FiscalYear>),
    /// Recognised and not imported, with the reason.
    Ignored(Left),
    Other,
}

const TOTALS: [&str; 6] = ["合計", "計", "累計", "総計", "合計値", "平均"];
const DERIVED: [&str; 16] = [
    "達成率",
    "進捗率",
    "達成度",
    "増減",
    "増減数",
    "増減率",
    "増減額",
    "前年比",
    "前年度比",
    "対前年比",
    "対前年度比",
    "対前年度増減",
    "差",
    "差引",
    "差額",
    "比較",
];
const NOT_FIGURES: [&str; 12] = [
    "判定",
    "評価",
    "達成状況",
    "備考",
    "摘要",
    "出典",
    "所管",
    "所管課",
    "担当",
    "担当課",
    "進捗状況",
    "説明",
];

/// Drops bracketed parts: `項目(決算値)(※注3)` → `項目`.
fn without_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in normalize_width(text).chars() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '〕' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
}

fn kind_of_words(h: &str) -> Option<Kind> {
    if h.contains("基準") {
        Some(Kind::Baseline)
    } else if h.contains("目標") || h.contains("検証値") {
        Some(Kind::Target)
    } else if h.contains("計画") || h.contains("見込") {
        Some(Kind::Planned)
    } else if h.contains("実績") || h.contains("決算") {
        Some(Kind::Actual)
    } else {
        None
    }
}

/// The role of a header cell, before its year is read.
fn header_role(text: &str) -> Role {
    let core = without_brackets(text);
    let full = squash(text);
    if TOTALS.contains(&core.as_str()) {
        return Role::Ignored(Left::Total);
    }
    if DERIVED.iter().any(|d| core.contains(d)) {
        return Role::Ignored(Left::Derived);
    }
    if NOT_FIGURES.iter().any(|d| core.contains(d)) {
        return Role::Ignored(Left::NotFigure);
    }
    if core.starts_with("単位") {
        return Role::Unit;
    }
    if core.contains("方向") {
        return Role::Direction;
    }
    if matches!(
        core.as_str(),
        "区分" | "種別" | "内訳" | "計画・実績" | "項目区分"
    ) {
        return Role::Label;
    }
    if matches!(
        core.as_str(),
        "番号" | "No" | "No." | "#" | "NO" | "no" | "№"
    ) {
        return Role::Number;
    }
    let name_words = ["項目", "指標", "名称", "KPI", "事業", "取組"];
    if let Some(kind) = kind_of_words(&core) {
        return Role::Value(Some(kind), None);
    }
    if name_words.iter().any(|w| core.contains(w)) {
        return Role::Name;
    }
    if let Some(kind) = kind_of_words(&full) {
        return Role::Value(Some(kind), None);
    }
    Role::Other
}

/// What a row label says: a series of figures, or derived figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Series {
    Figure(Kind),
    Derived,
}

/// A row label such as 計画, 実績値, 目標数, 計画額(千円), 達成率, 増減数; exact words only, so
/// an indicator named 「目標達成に向けた…」 is not mistaken for one.
fn series_of(label: &str) -> Option<Series> {
    let core = without_brackets(label);
    if DERIVED.contains(&core.as_str()) {
        return Some(Series::Derived);
    }
    let kind = match core.as_str() {
        "基準" | "基準値" => Kind::Baseline,
        "計画" | "計画値" | "計画額" | "計画数" | "目標" | "目標値" | "目標数" | "目標額"
        | "見込" | "見込み" => Kind::Planned,
        "実績" | "実績値" | "実績額" | "実績数" | "決算" | "決算額" => Kind::Actual,
        _ => return None,
    };
    Some(Series::Figure(kind))
}

/// `(基準)`, `基準`, `基準年`, `(基準年度)`: the column's year is the baseline.
fn is_marker(text: &str) -> bool {
    matches!(
        without_brackets(text).as_str(),
        "" | "基準" | "基準年" | "基準年度" | "基準値"
    ) && squash(text).contains("基準")
}

/// Units a name may carry in brackets: `実質公債費比率(%)`, `職員数(人)`, `(単位:千円)`.
const UNITS: [&str; 28] = [
    "%",
    "％",
    "人",
    "件",
    "円",
    "倍",
    "日",
    "時間",
    "分",
    "回",
    "点",
    "台",
    "箇所",
    "か所",
    "施設",
    "団体",
    "社",
    "校",
    "冊",
    "世帯",
    "㎡",
    "t",
    "トン",
    "kWh",
    "歳",
    "ポイント",
    "人日",
    "本",
];

fn as_unit(inner: &str) -> Option<String> {
    let inner = squash(inner);
    let inner = inner
        .strip_prefix("単位:")
        .or_else(|| inner.strip_prefix("単位："))
        .unwrap_or(&inner)
        .to_string();
    let base = ["千万", "百万", "兆", "億", "万", "千", "百"]
        .iter()
        .find_map(|m| inner.strip_prefix(m))
        .unwrap_or(&inner);
    UNITS.contains(&base).then(|| inner.replace('％', "%"))
}

/// Splits a unit off the end of a name: `実質公債費比率(%)` → (`実質公債費比率`, `%`).
fn name_and_unit(name: &str) -> (String, Option<String>) {
    let trimmed = name.trim();
    let normal = normalize_width(trimmed);
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let Some(body) = normal.strip_suffix(close)
            && let Some(start) = body.rfind(open)
            && let Some(unit) = as_unit(&body[start + open.len_utf8()..])
        {
            return (body[..start].trim().to_string(), Some(unit));
        }
    }
    (trimmed.to_string(), None)
}

/// Strips a printed item number: `1 市役所の…`, `３　各種…`, `(2) …`; keeps `3つの…`.
pub(super) fn strip_number(name: &str) -> String {
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

/// Words that say which way an indicator should move.
fn direction_words(text: &str) -> Option<(Direction, &'static str)> {
    let h = squash(text);
    for word in [
        "削減", "縮減", "減少", "抑制", "低減", "以下", "以内", "未満",
    ] {
        if h.contains(word) {
            return Some((Direction::Decrease, word));
        }
    }
    for word in ["向上", "増加", "拡大", "増進", "以上"] {
        if h.contains(word) {
            return Some((Direction::Increase, word));
        }
    }
    None
}

/// A 方向 column's cell: `増加`, `↑`, `以下`, or a kaikaku direction name.
fn direction_cell(text: &str) -> Option<Direction> {
    let h = squash(text);
    if let Some(d) = Direction::ALL.into_iter().find(|d| d.as_str() == h) {
        return Some(d);
    }
    match h.as_str() {
        "↑" | "上昇" | "増" | "高" => return Some(Direction::Increase),
        "↓" | "下降" | "減" | "低" => return Some(Direction::Decrease),
        _ => {}
    }
    if h.contains("以上") || h.contains("超") {
        return Some(Direction::AtLeast);
    }
    if h.contains("以下") || h.contains("以内") || h.contains("未満") {
        return Some(Direction::AtMost);
    }
    direction_words(&h).map(|(d, _)| d)
}

fn cell_at(row: usize, column: usize, text: &str) -> Result<Cell, ImportError> {
    parse_cell(text).map_err(|e| ImportError {
        row,
        column: column + 1,
        message: e.to_string(),
    })
}

/// A `(基準)` marker: row, 1-based column, and the year it makes the baseline.
type Marker = (usize, usize, FiscalYear);

/// One figure cell of an indicator.
#[derive(Clone, Debug)]
struct Figured {
    row: usize,
    /// 1-based.
    column: usize,
    kind: Kind,
    year: Option<FiscalYear>,
    cell: Cell,
}

/// Values of one indicator collected row by row.
#[derive(Clone, Debug, Default)]
struct Builder {
    row: usize,
    name: String,
    circled: bool,
    unit: Option<String>,
    /// What the table says about the direction, and where.
    said: Option<(Direction, String)>,
    cells: Vec<Figured>,
    /// `(基準)` markers: (row, 1-based column, year).
    markers: Vec<Marker>,
    /// Kinds given by row labels, to tell when a label row starts the next indicator.
    labelled: Vec<Kind>,
    id: Option<String>,
}

impl Builder {
    fn named(row: usize, name: &str, circled: bool) -> Self {
        let (name, unit) = name_and_unit(name);
        let said = direction_words(&name).map(|(d, w)| (d, format!("「{w}」 in the name")));
        Builder {
            row,
            name,
            circled,
            unit,
            said,
            ..Builder::default()
        }
    }

    /// Takes over what a pending label block (rows before the name) collected.
    fn absorb(&mut self, pending: Builder) {
        self.cells.extend(pending.cells);
        self.markers.extend(pending.markers);
        self.labelled.extend(pending.labelled);
        if self.unit.is_none() {
            self.unit = pending.unit;
        }
        if self.said.is_none() {
            self.said = pending.said;
        }
    }

    /// Turns the collected cells into values, in the unit of the first cell that has one.
    fn finish(self, options: &ImportOptions) -> Result<TableIndicator, ImportError> {
        let unit = options
            .unit
            .clone()
            .or_else(|| self.unit.clone())
            .unwrap_or_else(|| {
                self.cells
                    .iter()
                    .find(|f| !f.cell.unit.is_empty())
                    .map(|f| f.cell.unit.clone())
                    .unwrap_or_default()
            });
        let mut item = TableIndicator {
            row: self.row,
            id: self.id.clone(),
            name: self.name.clone(),
            unit: unit.clone(),
            direction: Direction::Unstated,
            direction_said: None,
            bound: None,
            baseline: None,
            target: None,
            planned: Vec::new(),
            actuals: Vec::new(),
            parts: Vec::new(),
        };
        let (balance, baseline_from_marker) = self.read_cells(&unit, options, &mut item)?;
        item.actuals.sort_by_key(|a| a.year);
        item.planned.sort_by_key(|a| a.year);
        if let Some(marker) = self.markers.last().copied().or(baseline_from_marker)
            && item.baseline.is_none()
        {
            baseline_from(&mut item, marker)?;
        }
        self.decide_direction(&mut item, balance, options);
        Ok(item)
    }

    /// Reads every collected cell into the item's baseline, target, planned path and actuals.
    /// Returns whether a 収支均衡 target was seen and a `(基準)` note's position, if any.
    fn read_cells(
        &self,
        unit: &str,
        options: &ImportOptions,
        item: &mut TableIndicator,
    ) -> Result<(bool, Option<Marker>), ImportError> {
        let mut balance = false;
        let mut baseline_from_marker = None;
        for f in &self.cells {
            let at = |message: String| ImportError {
                row: f.row,
                column: f.column,
                message,
            };
            let cell = &f.cell;
            let figure = cell.figure_in(unit).map_err(|e| at(e.to_string()))?;
            if let Some(bound) = cell.bound {
                item.bound = Some(bound);
            }
            if cell.note.as_deref().is_some_and(is_marker)
                && let Some(year) = cell.year.or(f.year)
            {
                baseline_from_marker = Some((f.row, f.column, year));
            }
            match f.kind {
                Kind::Baseline => {
                    if let Some(value) = figure {
                        let year = cell.year.or(f.year).ok_or_else(|| {
                            at(
                                "the baseline has no year (write e.g. 基準値(R5) or 49%(R4))"
                                    .into(),
                            )
                        })?;
                        item.baseline = Some(YearValue {
                            year,
                            value,
                            note: cell.note.clone().filter(|n| !is_marker(n)),
                        });
                    } else if cell.value == CellValue::Balance {
                        return Err(at("収支均衡 is a target, not a baseline".into()));
                    }
                }
                Kind::Target => {
                    let value = match (&cell.value, figure) {
                        (_, Some(value)) => TargetValue::Value(value),
                        (CellValue::Tbd, _) => TargetValue::Tbd,
                        (CellValue::Balance, _) => {
                            balance = true;
                            TargetValue::Value(Figure::ZERO)
                        }
                        _ => continue,
                    };
                    let year = cell
                        .year
                        .or(f.year)
                        .or(options.target_year)
                        .ok_or_else(|| {
                            at(format!(
                                "the target 「{}」 has no year, and kaikaku does not assume one \
                             (pass --target-year, e.g. --target-year R9, or print the year \
                             in the header: 目標(R9))",
                                crate::model::sanitize_inline(&cell_text(cell))
                            ))
                        })?;
                    item.target = Some(Target {
                        year,
                        value,
                        note: cell.note.clone(),
                    });
                }
                Kind::Planned | Kind::Actual => {
                    let list = if f.kind == Kind::Planned {
                        &mut item.planned
                    } else {
                        &mut item.actuals
                    };
                    if let Some(value) = figure {
                        let year = cell.year.or(f.year).ok_or_else(|| {
                            at("the value has no year (its column has none)".into())
                        })?;
                        if list.iter().any(|a| a.year == year) {
                            let what = if f.kind == Kind::Planned {
                                "planned value"
                            } else {
                                "actual"
                            };
                            return Err(at(format!("a second {what} for {year}")));
                        }
                        list.push(YearValue {
                            year,
                            value,
                            note: cell.note.clone().filter(|n| !is_marker(n)),
                        });
                    } else if cell.value == CellValue::Balance {
                        return Err(at("収支均衡 is a target, not a yearly value".into()));
                    }
                }
            }
        }
        Ok((balance, baseline_from_marker))
    }

    /// The direction from what the table says, in order of strength: `--direction`, a bound
    /// word in a cell, 収支均衡, words in the name, label, header or a 方向 column.
    fn decide_direction(&self, item: &mut TableIndicator, balance: bool, options: &ImportOptions) {
        let (direction, said) = if let Some(direction) = options.direction {
            (direction, Some("--direction".to_string()))
        } else if let Some(bound) = item.bound {
            (
                bound.direction(),
                Some(format!("「{}」 in a cell", bound.label())),
            )
        } else if balance {
            (Direction::Balance, Some("「収支均衡」".to_string()))
        } else if let Some((direction, said)) = self.said.clone() {
            (direction, Some(said))
        } else {
            (Direction::Unstated, None)
        };
        item.direction = direction;
        item.direction_said = said;
        if item.bound.is_some_and(|b| b.direction() != item.direction) {
            // A direction given on the command line wins over the printed word.
            item.bound = None;
        }
    }
}

/// Makes the figure of the year a `(基準)` marker points at the baseline. The baseline year's
/// actual becomes the baseline (not also an actual); with no actual, the planned value.
fn baseline_from(
    item: &mut TableIndicator,
    (row, column, year): Marker,
) -> Result<(), ImportError> {
    let value = match item.actuals.iter().position(|a| a.year == year) {
        Some(index) => Some(item.actuals.remove(index)),
        None => item.planned.iter().find(|p| p.year == year).cloned(),
    };
    let Some(value) = value else {
        return Err(ImportError {
            row,
            column,
            message: format!(
                "「(基準)」 marks {year} as the baseline, but the indicator has no figure for \
                 that year"
            ),
        });
    };
    item.baseline = Some(value);
    Ok(())
}

fn cell_text(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Number(f) => format!(
            "{}{}{}",
            f.grouped(),
            cell.unit,
            cell.bound.map_or("", crate::model::BoundWord::label)
        ),
        CellValue::Tbd => "調整中".into(),
        CellValue::Balance => "収支均衡".into(),
        CellValue::Empty => String::new(),
    }
}

/// Groups: a named row with no values opens a group; following rows named ①②③… are its
/// parts.
fn push_item(out: &mut Vec<TableIndicator>, item: TableIndicator, circled: bool, open: &mut bool) {
    if circled
        && *open
        && let Some(group) = out.last_mut()
    {
        group.parts.push(item);
        return;
    }
    let empty = item.baseline.is_none()
        && item.target.is_none()
        && item.actuals.is_empty()
        && item.planned.is_empty();
    *open = empty;
    out.push(item);
}

/// The header row of a table: its roles, per column.
struct Header {
    row: usize,
    roles: Vec<Role>,
    cells: Vec<String>,
    text: String,
}

fn header_text(cells: &[String]) -> String {
    let text = cells
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" | ");
    let short: String = text.chars().take(120).collect();
    crate::model::sanitize_inline(&short)
}

/// Reads a header row's roles and years. `above` holds the era printed above each column.
fn read_header(
    row: usize,
    cells: &[String],
    above: &[Option<Era>],
    options: &ImportOptions,
    period: Period,
) -> Result<Vec<Role>, ImportError> {
    let mut roles = Vec::with_capacity(cells.len());
    let mut corner: Option<Era> = None;
    let mut previous: Option<FiscalYear> = None;
    let mut advanced: Option<Era> = None;
    for (column, text) in cells.iter().enumerate() {
        if let Some(era) = years::era_cell(text) {
            corner = Some(era);
            advanced = None;
            roles.push(Role::Other);
            continue;
        }
        let role = header_role(text);
        let era = advanced
            .or(corner)
            .or(above.get(column).copied().flatten())
            .or(options.era);
        let year = match role {
            Role::Value(_, _) | Role::Other => {
                let at = |message| ImportError {
                    row,
                    column: column + 1,
                    message,
                };
                let bare = years::bare_number(text);
                match (bare, era) {
                    (Some(n), Some(era)) => {
                        let (era, year) = years::advance_era(era, previous, n);
                        if Some(era) != corner.or(above.get(column).copied().flatten()) {
                            advanced = Some(era);
                        }
                        Some(year)
                    }
                    _ => match years::header_year(text, era, period).map_err(at)? {
                        HeaderYear::Year(year) => Some(year),
                        HeaderYear::None => None,
                    },
                }
            }
            _ => None,
        };
        if year.is_some() {
            previous = year;
        }
        roles.push(match (role, year) {
            (Role::Value(kind, _), year) => Role::Value(kind, year),
            (Role::Other, Some(year)) => Role::Value(None, Some(year)),
            (role, _) => role,
        });
    }
    Ok(roles)
}

fn is_value(role: Role) -> bool {
    match role {
        Role::Value(Some(Kind::Actual | Kind::Planned) | None, None) => false,
        Role::Value(_, _) => true,
        _ => false,
    }
}

/// Finds the header: the first row (of the first 30) with a year or figure column.
/// Whether a row reads as a header: several cells, no figure outside the year columns (a
/// long-shape row such as 「市税収納率 | 基準値(R6) | 98.9%」 is data), and a figure column.
fn is_header(cells: &[String], roles: &[Role]) -> bool {
    let has_figure = cells.iter().zip(roles).any(|(cell, role)| {
        !is_value(*role)
            && matches!(
                parse_cell(cell),
                Ok(Cell {
                    value: CellValue::Number(_),
                    ..
                })
            )
    });
    // A title above the table (「…の数値目標」) is one cell; a header has several.
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    !has_figure && filled >= 2 && roles.iter().any(|r| is_value(*r))
}

/// A row of year cells only (the lower row of a two-row header).
fn is_year_row(cells: &[String], roles: &[Role]) -> bool {
    let years = roles
        .iter()
        .filter(|r| matches!(r, Role::Value(_, Some(_))))
        .count();
    years > 0
        && cells.iter().zip(roles).all(|(cell, role)| {
            cell.is_empty()
                || matches!(role, Role::Value(_, Some(_)))
                || years::era_cell(cell).is_some()
        })
}

/// A cell that is only a kind word: 基準値, 実績, 計画値, 目標値 … (a title such as
/// 「…の数値目標」 is not).
fn exact_kind(text: &str) -> Option<Kind> {
    match without_brackets(text).as_str() {
        "基準" | "基準値" | "基準年度" => Some(Kind::Baseline),
        "目標" | "目標値" | "検証値" => Some(Kind::Target),
        "計画" | "計画値" | "見込" | "見込み" => Some(Kind::Planned),
        "実績" | "実績値" | "決算" | "決算値" => Some(Kind::Actual),
        _ => None,
    }
}

/// Gives year columns the kind printed above them: a merged 実績値 or 目標値 over several
/// years reaches us in the first cell of its span, so a kind runs right until the next
/// non-empty cell.
fn kinds_from(above: &[String], roles: &mut [Role]) -> bool {
    let mut current = None;
    let mut any = false;
    for (column, role) in roles.iter_mut().enumerate() {
        let text = above.get(column).map_or("", String::as_str);
        if !text.is_empty() {
            current = exact_kind(text);
        }
        if let (Role::Value(None, Some(year)), Some(kind)) = (*role, current) {
            *role = Role::Value(Some(kind), Some(year));
            any = true;
        }
    }
    any
}

/// Finds the header: the first row (of the first 30) with a year or figure column. A
/// two-row header (基準値 | 実績値 | 目標値 over R5 | R6 | R9) is read as one.
fn find_header(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
    period: Period,
) -> Result<Option<(usize, Header)>, ImportError> {
    let mut above: Vec<Option<Era>> = Vec::new();
    for (index, (row, cells)) in rows.iter().enumerate().take(30) {
        let mut roles = read_header(*row, cells, &above, options, period)?;
        if is_header(cells, &roles) {
            let header = |index: usize, row: usize, roles: Vec<Role>, cells: &[String], text| {
                Some((
                    index,
                    Header {
                        row,
                        roles,
                        cells: cells.to_vec(),
                        text,
                    },
                ))
            };
            let has_years = roles.iter().any(|r| matches!(r, Role::Value(_, Some(_))));
            if !has_years && let Some((next_row, next_cells)) = rows.get(index + 1) {
                let mut next = read_header(*next_row, next_cells, &above, options, period)?;
                let next_has_years = next.iter().any(|r| matches!(r, Role::Value(_, Some(_))));
                if is_year_row(next_cells, &next)
                    || (next_has_years && is_header(next_cells, &next))
                {
                    kinds_from(cells, &mut next);
                    // Columns without a year keep the upper row's role (the name, 判定 …).
                    let width = next.len().max(roles.len());
                    let mut merged = Vec::with_capacity(width);
                    let mut names = Vec::with_capacity(width);
                    for column in 0..width {
                        let lower = next.get(column).copied().unwrap_or(Role::Other);
                        let upper = roles.get(column).copied().unwrap_or(Role::Other);
                        merged.push(match lower {
                            Role::Value(_, Some(_)) => lower,
                            Role::Other => upper,
                            _ if next_cells.get(column).is_some_and(|t| !t.is_empty()) => lower,
                            _ => upper,
                        });
                        let text = cells.get(column).filter(|t| !t.is_empty());
                        names.push(text.or(next_cells.get(column)).cloned().unwrap_or_default());
                    }
                    let text = format!("{} / {}", header_text(cells), header_text(next_cells));
                    return Ok(header(index + 1, *next_row, merged, &names, text));
                }
            }
            if index > 0 {
                kinds_from(&rows[index - 1].1, &mut roles);
            }
            return Ok(header(index, *row, roles, cells, header_text(cells)));
        }
        // Eras printed in this row apply to the columns under them (merged header cells).
        let mut current = None;
        for (column, text) in cells.iter().enumerate() {
            if let Some(era) = years::era_cell(text) {
                current = Some(era);
            } else if !text.is_empty() {
                current = None;
            }
            if above.len() <= column {
                above.resize(column + 1, None);
            }
            if current.is_some() {
                above[column] = current;
            }
        }
    }
    Ok(None)
}

/// Reads a table whose rows are already split into cells.
pub fn read_table(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
    period: Period,
) -> Result<Table, ImportError> {
    let Some((_, first)) = rows.first() else {
        return Err(ImportError {
            row: 1,
            column: 1,
            message: "the table is empty".into(),
        });
    };
    if first.iter().any(|c| c == "baseline_year") && first.iter().any(|c| c == "name") {
        return read_own_csv(rows, options);
    }
    let table = match find_header(rows, options, period)? {
        Some((index, header)) => read_wide(&rows[index + 1..], &header, options)?,
        None => read_long(rows, options, period)?,
    };
    if table.indicators.is_empty() {
        return Err(ImportError {
            row: rows.first().map_or(1, |r| r.0),
            column: 1,
            message: format!(
                "no indicator recognised: the header 「{}」 has no year column (H23, 平成16年, \
                 令和5年度, 2023) and no 基準値 / 目標値 / 実績値 column or label",
                header_text(first)
            ),
        });
    }
    Ok(table)
}

#[allow(clippy::too_many_lines)]
fn read_wide(
    rows: &[(usize, Vec<String>)],
    header: &Header,
    options: &ImportOptions,
) -> Result<Table, ImportError> {
    // Targets for several years (目標値 over R7 | R8 | R9) are a yearly planned path.
    let yearly_targets = header
        .roles
        .iter()
        .filter(|r| matches!(r, Role::Value(Some(Kind::Target), Some(_))))
        .count();
    let roles: Vec<Role> = header
        .roles
        .iter()
        .map(|r| match *r {
            Role::Value(Some(Kind::Target), Some(year)) if yearly_targets > 1 => {
                Role::Value(Some(Kind::Planned), Some(year))
            }
            other => other,
        })
        .collect();
    let roles = &roles;
    let first_value = roles.iter().position(|r| is_value(*r)).unwrap_or(0);
    let name_column = roles
        .iter()
        .position(|r| *r == Role::Name)
        .or_else(|| roles[..first_value].iter().position(|r| *r == Role::Other))
        .unwrap_or(0);
    let unit_column = roles.iter().position(|r| *r == Role::Unit);
    let direction_column = roles.iter().position(|r| *r == Role::Direction);
    let label_column = roles
        .iter()
        .position(|r| *r == Role::Label)
        .filter(|c| *c != name_column)
        .or_else(|| {
            // A column left of the figures whose cells are mostly series labels (計画/実績).
            (0..first_value)
                .filter(|c| *c != name_column && matches!(roles[*c], Role::Other))
                .find(|c| {
                    let (labels, others) =
                        rows.iter().fold((0, 0), |(l, o), (_, cells)| {
                            match cells.get(*c).map(String::as_str) {
                                Some("") | None => (l, o),
                                Some(text) if series_of(text).is_some() => (l + 1, o),
                                Some(_) => (l, o + 1),
                            }
                        });
                    labels > 0 && labels >= others
                })
        });
    let mut notes = Vec::new();
    for (column, role) in roles.iter().enumerate() {
        if let Role::Ignored(why) = role {
            notes.push(Note::Column {
                column: column + 1,
                header: header_cell(header, column),
                why: *why,
            });
        }
    }
    let years: Vec<FiscalYear> = roles
        .iter()
        .filter_map(|r| match r {
            Role::Value(_, year) => *year,
            _ => None,
        })
        .collect();
    let mut derived: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut out = Vec::new();
    let mut open_group = false;
    let mut current: Option<Builder> = None;
    let mut pending: Option<Builder> = None;
    let finish = |builder: Builder,
                  out: &mut Vec<TableIndicator>,
                  open: &mut bool|
     -> Result<(), ImportError> {
        let circled = builder.circled;
        let item = builder.finish(options)?;
        push_item(out, item, circled, open);
        Ok(())
    };
    for (line, cells) in rows {
        let text = |c: usize| cells.get(c).map_or("", String::as_str);
        let raw_name = strip_number(text(name_column));
        let (mut name, circled) = match strip_circled(&raw_name) {
            Some(part) => (part, true),
            None => (raw_name, false),
        };
        let mut label = label_column
            .map(|c| text(c).to_string())
            .unwrap_or_default();
        if label.is_empty() && series_of(&name).is_some() {
            label = std::mem::take(&mut name);
        }
        let series = series_of(&label);
        // Figures and markers of this row.
        let mut figures = Vec::new();
        let mut markers = Vec::new();
        for (column, role) in roles.iter().enumerate() {
            let Role::Value(kind, year) = *role else {
                continue;
            };
            let cell_text = text(column);
            if is_marker(cell_text) {
                if let Some(year) = year {
                    markers.push((*line, column + 1, year));
                }
                continue;
            }
            if series == Some(Series::Derived) {
                continue;
            }
            let cell = cell_at(*line, column, cell_text)?;
            if cell.value == CellValue::Empty {
                continue;
            }
            let kind = match (kind, series) {
                (Some(kind), _) | (None, Some(Series::Figure(kind))) => kind,
                (None, _) => Kind::Actual,
            };
            figures.push(Figured {
                row: *line,
                column: column + 1,
                kind,
                year,
                cell,
            });
        }
        if name.is_empty() && label.is_empty() {
            if figures.is_empty() && markers.is_empty() {
                continue;
            }
            return Err(ImportError {
                row: *line,
                column: name_column + 1,
                message: "a row of figures with no indicator name and no label (計画/実績 …)"
                    .into(),
            });
        }
        if (name.starts_with('※') || name.starts_with('注') || name.starts_with("(注"))
            && figures.is_empty()
        {
            notes.push(Note::Remark { row: *line });
            continue;
        }
        if series == Some(Series::Derived) {
            derived.entry(label.clone()).or_default().push(*line);
            let block = current.as_mut().or(pending.as_mut());
            if let Some(block) = block {
                block.markers.extend(markers);
            }
            continue;
        }
        let unit_text = unit_column
            .map(|c| text(c).to_string())
            .filter(|u| !u.is_empty());
        let direction_text = direction_column.map(|c| text(c).to_string());
        if !name.is_empty() {
            if let Some(done) = current.take() {
                finish(done, &mut out, &mut open_group)?;
            }
            let mut builder = Builder::named(*line, &name, circled);
            if let Some(waiting) = pending.take() {
                builder.absorb(waiting);
            }
            current = Some(builder);
        } else if let Some(Series::Figure(kind)) = series {
            // A label row: the current indicator's, unless it already has that series, or
            // there is none yet (then it waits for the indicator that follows).
            let taken = current.as_ref().is_some_and(|c| c.labelled.contains(&kind));
            if taken || current.is_none() {
                if let Some(done) = current.take() {
                    finish(done, &mut out, &mut open_group)?;
                }
                if pending.is_none() {
                    let mut waiting = Builder {
                        row: *line,
                        ..Builder::default()
                    };
                    waiting.name.clone_from(&label);
                    pending = Some(waiting);
                }
            }
        }
        let Some(block) = current.as_mut().or(pending.as_mut()) else {
            continue;
        };
        if let Some(Series::Figure(kind)) = series {
            block.labelled.push(kind);
            let (_, unit) = name_and_unit(&label);
            if block.unit.is_none() {
                block.unit = unit;
            }
        }
        if block.unit.is_none() {
            block.unit = unit_text;
        }
        if let Some(text) = direction_text.filter(|t| !t.is_empty()) {
            let direction = direction_cell(&text).ok_or_else(|| ImportError {
                row: *line,
                column: direction_column.map_or(1, |c| c + 1),
                message: format!(
                    "「{}」 is not a direction (expected e.g. 増加, 減少, ↑, ↓, 以上, 以下)",
                    crate::model::sanitize_inline(&text)
                ),
            })?;
            block.said = Some((direction, "the 方向 column".into()));
        }
        if block.said.is_none() {
            block.said = direction_words(&label)
                .map(|(d, w)| (d, format!("「{w}」 in the label")))
                .or_else(|| {
                    roles.iter().enumerate().find_map(|(c, r)| {
                        matches!(r, Role::Value(Some(Kind::Target), _))
                            .then(|| header_cell(header, c))
                            .and_then(|h| direction_words(&h))
                            .map(|(d, w)| (d, format!("「{w}」 in the header")))
                    })
                });
        }
        block.cells.extend(figures);
        block.markers.extend(markers);
    }
    if let Some(done) = current.take() {
        finish(done, &mut out, &mut open_group)?;
    }
    if let Some(waiting) = pending {
        return Err(ImportError {
            row: waiting.row,
            column: name_column + 1,
            message: format!(
                "the 「{}」 row belongs to no indicator (put the indicator's name on a row \
                 of its own above, or in the name column)",
                crate::model::sanitize_inline(&waiting.name)
            ),
        });
    }
    for (label, lines) in derived {
        notes.push(Note::DerivedRows { rows: lines, label });
    }
    Ok(Table {
        header_row: header.row,
        header: header.text.clone(),
        years,
        indicators: out,
        notes,
    })
}

fn header_cell(header: &Header, column: usize) -> String {
    header.cells.get(column).cloned().unwrap_or_default()
}

/// The role of a label in the long shape: 基準値(令和6年度決算), 目標値, 実績値(R8), 計画(R7).
fn long_label(
    text: &str,
    options: &ImportOptions,
    period: Period,
) -> Option<(Kind, Option<FiscalYear>)> {
    let kind = kind_of_words(&squash(text))?;
    let year = find_year(text).or_else(|| match years::header_year(text, options.era, period) {
        Ok(HeaderYear::Year(year)) => Some(year),
        _ => None,
    });
    Some((kind, year))
}

fn read_long(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
    period: Period,
) -> Result<Table, ImportError> {
    let mut out = Vec::new();
    let mut open_group = false;
    let mut current: Option<Builder> = None;
    let mut years = Vec::new();
    for (line, cells) in rows {
        let label = cells.iter().position(|c| {
            !c.is_empty() && series_label_long(c) && long_label(c, options, period).is_some()
        });
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
            if let Some(done) = current.take() {
                let circled = done.circled;
                push_item(&mut out, done.finish(options)?, circled, &mut open_group);
            }
            let (name, circled) = match strip_circled(&name) {
                Some(part) => (part, true),
                None => (name, false),
            };
            current = Some(Builder::named(*line, &name, circled));
        }
        let Some(builder) = current.as_mut() else {
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
        let Some((kind, year)) = long_label(&cells[label], options, period) else {
            continue;
        };
        if let Some(year) = year {
            years.push(year);
        }
        if builder.said.is_none() {
            builder.said =
                direction_words(&cells[label]).map(|(d, w)| (d, format!("「{w}」 in the label")));
        }
        builder.cells.push(Figured {
            row: *line,
            column: value_column + 1,
            kind,
            year,
            cell,
        });
    }
    if let Some(done) = current {
        let circled = done.circled;
        push_item(&mut out, done.finish(options)?, circled, &mut open_group);
    }
    years.sort();
    years.dedup();
    Ok(Table {
        header_row: rows.first().map_or(1, |r| r.0),
        header: rows.first().map(|r| header_text(&r.1)).unwrap_or_default(),
        years,
        indicators: out,
        notes: Vec::new(),
    })
}

/// A long-shape label names a figure kind and is short (not a sentence that mentions 目標).
fn series_label_long(text: &str) -> bool {
    let core = without_brackets(text);
    core.chars().count() <= 6
}

/// kaikaku's own `report kpi --format csv`, read back by its column names; the plan and
/// indicator ids match first, then the name. Progress and status are derived and ignored.
fn read_own_csv(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
) -> Result<Table, ImportError> {
    let (header_row, header) = &rows[0];
    let mut out = Vec::new();
    let mut years = Vec::new();
    for (line, cells) in &rows[1..] {
        let item = own_csv_row(*line, cells, header, options)?;
        years.extend(item.baseline.iter().chain(&item.actuals).map(|v| v.year));
        out.push(item);
    }
    years.sort();
    years.dedup();
    Ok(Table {
        header_row: *header_row,
        header: header_text(header),
        years,
        indicators: out,
        notes: vec![Note::OwnCsv],
    })
}

/// One row of kaikaku's own CSV.
fn own_csv_row(
    line: usize,
    cells: &[String],
    header: &[String],
    options: &ImportOptions,
) -> Result<TableIndicator, ImportError> {
    let column = |name: &str| header.iter().position(|h| h == name);
    let get = |cells: &[String], name: &str| -> String {
        let text = column(name)
            .and_then(|c| cells.get(c))
            .cloned()
            .unwrap_or_default();
        // Text cells that looked like formulas were written with a leading apostrophe.
        match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
            _ => text,
        }
    };
    let at = |name: &str, message: String| ImportError {
        row: line,
        column: column(name).map_or(1, |c| c + 1),
        message,
    };
    let year = |name: &str| -> Result<Option<FiscalYear>, ImportError> {
        let text = get(cells, name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<FiscalYear>()
            .map(Some)
            .map_err(|e| at(name, e.to_string()))
    };
    let figure = |name: &str| -> Result<Option<Figure>, ImportError> {
        let text = get(cells, name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<Figure>()
            .map(Some)
            .map_err(|e| at(name, e.to_string()))
    };
    let name = get(cells, "name");
    if name.is_empty() {
        return Err(at("name", "the indicator has no name".into()));
    }
    let direction_text = get(cells, "direction");
    let direction = if direction_text == Direction::Unstated.as_str() {
        Some(Direction::Unstated)
    } else {
        Direction::ALL
            .into_iter()
            .find(|d| d.as_str() == direction_text)
    };
    let Some(direction) = options.direction.or(direction) else {
        return Err(at(
            "direction",
            format!(
                "「{}」 is not a direction (increase, decrease, at_least, at_most, balance, qualitative)",
                crate::model::sanitize_inline(&direction_text)
            ),
        ));
    };
    let pair = |y: Option<FiscalYear>, v: Option<Figure>| {
        y.zip(v).map(|(year, value)| YearValue {
            year,
            value,
            note: None,
        })
    };
    let baseline = pair(year("baseline_year")?, figure("baseline")?);
    let latest = pair(year("latest_year")?, figure("latest")?);
    let target = match (year("target_year")?, figure("target")?) {
        (Some(year), Some(value)) => Some(Target {
            year,
            value: TargetValue::Value(value),
            note: None,
        }),
        _ => None,
    };
    let id = get(cells, "indicator");
    Ok(TableIndicator {
        row: line,
        id: (!id.is_empty()).then_some(id),
        name,
        unit: options.unit.clone().unwrap_or_else(|| get(cells, "unit")),
        direction,
        direction_said: Some("the direction column".into()),
        bound: None,
        baseline,
        target,
        planned: Vec::new(),
        actuals: latest.into_iter().collect(),
        parts: Vec::new(),
    })
}
