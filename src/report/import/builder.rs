//! Collecting one indicator's cells row by row and turning them into values: units,
//! years, the `(基準)` marker, and the direction from what the table says.

use super::words::{Kind, direction_words, is_marker, name_and_unit};
use super::{ImportError, ImportOptions, Said, TableIndicator};
use crate::model::{Direction, Figure, FiscalYear, Target, TargetValue, YearValue};
use crate::report::cells::{Cell, CellValue, parse_cell};

pub(super) fn cell_at(row: usize, column: usize, text: &str) -> Result<Cell, ImportError> {
    parse_cell(text).map_err(|e| cell_error(row, column + 1, &e))
}

/// A target printed without a year: refused, never set to some year of the plan.
fn no_target_year(f: &Figured) -> ImportError {
    let shown = crate::model::sanitize_inline(&cell_text(&f.cell));
    ImportError::new(
        f.row,
        f.column,
        format!(
            "目標 「{shown}」 に年度がありません。kaikaku は年度を推測しません\
             （--target-year R9 のように指定するか、見出しに 目標(R9) と書いてください）"
        ),
        format!(
            "the target 「{shown}」 has no year, and kaikaku does not assume one (pass \
             --target-year, e.g. --target-year R9, or print the year in the header: 目標(R9))"
        ),
    )
}

/// A cell that could not be read, at its row and 1-based column, in both languages.
pub(super) fn cell_error(
    row: usize,
    column: usize,
    e: &crate::report::cells::CellError,
) -> ImportError {
    ImportError::new(
        row,
        column,
        e.text(crate::model::Language::Ja),
        e.text(crate::model::Language::En),
    )
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
    pub(super) said: Option<(Direction, Said)>,
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
        let said = direction_words(&name).map(|(d, w)| (d, Said::Name(w)));
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
            let at = |ja: String, en: String| ImportError::new(f.row, f.column, ja, en);
            let cell = &f.cell;
            let figure = cell
                .figure_in(unit)
                .map_err(|e| cell_error(f.row, f.column, &e))?;
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
                                "基準値に年度がありません（例: 基準値(R5)、49%(R4)）".into(),
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
                        return Err(at(
                            "収支均衡は目標であり、基準値にはなりません".into(),
                            "収支均衡 is a target, not a baseline".into(),
                        ));
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
                        .ok_or_else(|| no_target_year(f))?;
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
                            at(
                                "値に年度がありません（列に年度がありません）".into(),
                                "the value has no year (its column has none)".into(),
                            )
                        })?;
                        if list.iter().any(|a| a.year == year) {
                            let (ja, en) = if f.kind == Kind::Planned {
                                ("計画値", "planned value")
                            } else {
                                ("実績値", "actual")
                            };
                            return Err(at(
                                format!("{} の{ja}が2つあります", year.wareki()),
                                format!("a second {en} for {year}"),
                            ));
                        }
                        list.push(YearValue {
                            year,
                            value,
                            note: cell.note.clone().filter(|n| !is_marker(n)),
                        });
                    } else if cell.value == CellValue::Balance {
                        return Err(at(
                            "収支均衡は目標であり、年度ごとの値にはなりません".into(),
                            "収支均衡 is a target, not a yearly value".into(),
                        ));
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
            (direction, Some(Said::Option))
        } else if let Some(bound) = item.bound {
            (bound.direction(), Some(Said::Bound(bound.label())))
        } else if balance {
            (Direction::Balance, Some(Said::Balance))
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
        return Err(ImportError::new(
            row,
            column,
            format!(
                "「(基準)」 が {} を基準年としていますが、その年度の値がありません",
                year.wareki()
            ),
            format!(
                "「(基準)」 marks {year} as the baseline, but the indicator has no figure for \
                 that year"
            ),
        ));
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
