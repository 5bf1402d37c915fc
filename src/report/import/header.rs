//! Finding and reading the header of a table: column roles, years with the era printed
//! for them, title rows above, and two-row headers (a kind over several years).

use super::words::{
    DERIVED, Kind, NOT_FIGURES, TOTALS, exact_kind, kind_of_words, without_brackets,
};
use super::years::{self, Era, HeaderYear};
use super::{ImportError, ImportOptions, Left, squash};
use crate::model::{FiscalYear, Period};
use crate::report::cells::{Cell, CellValue, parse_cell};

/// What a header column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
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

/// The role of a header cell, before its year is read.
pub(super) fn header_role(text: &str) -> Role {
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

/// The header row of a table: its roles, per column.
pub(super) struct Header {
    pub(super) row: usize,
    pub(super) roles: Vec<Role>,
    pub(super) cells: Vec<String>,
    pub(super) text: String,
}

pub(super) fn header_text(cells: &[String]) -> String {
    let text = cells
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" | ");
    let short: String = text.chars().take(120).collect();
    crate::model::sanitize_inline(&short)
}

/// Reads a header row's roles and years. `above` holds the era printed above each column.
pub(super) fn read_header(
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
    // A `年度` corner without an era: bare numbers beside it are fiscal years, placed
    // against the plan's period like `18年度`.
    let mut year_corner = false;
    for (column, text) in cells.iter().enumerate() {
        if matches!(
            squash(text).as_str(),
            "年度" | "(年度)" | "（年度）" | "年度別"
        ) {
            year_corner = true;
            roles.push(Role::Other);
            continue;
        }
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
                let at = |(ja, en): (String, String)| ImportError::new(row, column + 1, ja, en);
                let bare = years::bare_number(text);
                match (bare, era) {
                    (Some(n), Some(era)) => {
                        let (era, year) = years::advance_era(era, previous, n);
                        if Some(era) != corner.or(above.get(column).copied().flatten()) {
                            advanced = Some(era);
                        }
                        Some(year)
                    }
                    (Some(_), None) if year_corner => {
                        let written = format!("{}年度", squash(text));
                        match years::header_year(&written, None, period).map_err(at)? {
                            HeaderYear::Year(year) => Some(year),
                            HeaderYear::None => None,
                        }
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

pub(super) fn is_value(role: Role) -> bool {
    match role {
        Role::Value(Some(Kind::Actual | Kind::Planned) | None, None) => false,
        Role::Value(_, _) => true,
        _ => false,
    }
}

/// Finds the header: the first row (of the first 30) with a year or figure column.
/// Whether a row reads as a header: several cells, no figure outside the year columns (a
/// long-shape row such as 「市税収納率 | 基準値(R6) | 98.9%」 is data), and a figure column.
pub(super) fn is_header(cells: &[String], roles: &[Role]) -> bool {
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
pub(super) fn is_year_row(cells: &[String], roles: &[Role]) -> bool {
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

/// Gives year columns the kind printed above them: a merged 実績値 or 目標値 over several
/// years reaches us in the first cell of its span, so a kind runs right until the next
/// non-empty cell.
pub(super) fn kinds_from(above: &[String], roles: &mut [Role]) -> bool {
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
pub(super) fn find_header(
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

pub(super) fn header_cell(header: &Header, column: usize) -> String {
    header.cells.get(column).cloned().unwrap_or_default()
}
