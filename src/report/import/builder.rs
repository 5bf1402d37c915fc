//! Collecting one indicator's cells row by row and turning them into values: units,
//! years, the `(基準)` marker, and the direction from what the table says.

use super::words::{Kind, direction_words, is_marker, name_and_unit};
use super::{ImportError, ImportOptions, TableIndicator};
use crate::model::{Direction, Figure, FiscalYear, Target, TargetValue, YearValue};
use crate::report::cells::{Cell, CellValue, parse_cell};

pub(super) fn cell_at(row: usize, column: usize, text: &str) -> Result<Cell, ImportError> {
    parse_cell(text).map_err(|e| ImportError {
        row,
        column: column + 1,
        message: e.to_string(),
    })
}

/// A `(基準)` marker: row, 1-based column, and the year it makes the baseline.
pub(super) type Marker = (usize, usize, FiscalYear);

/// One figure cell of an indicator.
#[derive(Clone, Debug)]
pub(super) struct Figured {
    pub(super) row: usize,
    /// 1-based.
    pub(super) column: usize,
    pub(super) kind: Kind,
    pub(super) year: Option<FiscalYear>,
    pub(super) cell: Cell,
}

/// Values of one indicator collected row by row.
#[derive(Clone, Debug, Default)]
pub(super) struct Builder {
    pub(super) row: usize,
    pub(super) name: String,
    pub(super) circled: bool,
    pub(super) unit: Option<String>,
    /// What the table says about the direction, and where.
    pub(super) said: Option<(Direction, String)>,
    pub(super) cells: Vec<Figured>,
    /// `(基準)` markers: (row, 1-based column, year).
    pub(super) markers: Vec<Marker>,
    /// Kinds given by row labels, to tell when a label row starts the next indicator.
    pub(super) labelled: Vec<Kind>,
    pub(super) id: Option<String>,
}

impl Builder {
    pub(super) fn named(row: usize, name: &str, circled: bool) -> Self {
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
    pub(super) fn absorb(&mut self, pending: Builder) {
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
    pub(super) fn finish(self, options: &ImportOptions) -> Result<TableIndicator, ImportError> {
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
    pub(super) fn read_cells(
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
    pub(super) fn decide_direction(
        &self,
        item: &mut TableIndicator,
        balance: bool,
        options: &ImportOptions,
    ) {
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
pub(super) fn baseline_from(
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

pub(super) fn cell_text(cell: &Cell) -> String {
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
pub(super) fn push_item(
    out: &mut Vec<TableIndicator>,
    item: TableIndicator,
    circled: bool,
    open: &mut bool,
) {
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
