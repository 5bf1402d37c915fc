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
//! otherwise it is [`crate::model::Direction::Unstated`].

use std::collections::BTreeMap;

use super::builder::{Builder, Figured, cell_at, push_item};
use super::header::{Header, Role, find_header, header_cell, header_text, is_value};
use super::own_csv::read_own_csv;
use super::words::{
    Kind, Series, direction_cell, direction_words, is_marker, kind_of_words, name_and_unit,
    series_of, strip_circled, strip_number, without_brackets,
};
use super::years::{self, HeaderYear};
use super::{ImportError, ImportOptions, Note, Said, Table, TableIndicator, find_year, squash};
use crate::model::{FiscalYear, Period};
use crate::report::cells::CellValue;

/// Reads a table whose rows are already split into cells.
pub fn read_table(
    rows: &[(usize, Vec<String>)],
    options: &ImportOptions,
    period: Period,
) -> Result<Table, ImportError> {
    let Some((_, first)) = rows.first() else {
        return Err(ImportError::new(1, 1, "表が空です", "the table is empty"));
    };
    if first.iter().any(|c| c == "baseline_year") && first.iter().any(|c| c == "name") {
        return read_own_csv(rows, options);
    }
    // kaikaku's Japanese CSV (`report kpi --format csv --lang ja`) leads with the plan and
    // indicator ids, which are not figures of any year: read the table without them (the
    // indicators are then matched by name, as for any printed table).
    if first.len() > 2 && first[0] == "計画" && first[1] == "ID" && first[2] == "指標名" {
        let rest: Vec<(usize, Vec<String>)> = rows
            .iter()
            .map(|(line, cells)| (*line, cells.iter().skip(2).cloned().collect()))
            .collect();
        return read_table(&rest, options, period);
    }
    let (table, wide) = match find_header(rows, options, period)? {
        Some((index, header)) => (read_wide(&rows[index + 1..], &header, options)?, true),
        None => (read_long(rows, options, period)?, false),
    };
    if table.indicators.is_empty() && wide {
        return Err(ImportError::new(
            table.header_row,
            1,
            format!(
                "指標が見つかりません: 見出し 「{}」 は読めましたが、その下に数値のある指標の行がありません",
                table.header
            ),
            format!(
                "no indicator recognised: the header 「{}」 was read, but no row under it names \
                 an indicator with figures",
                table.header
            ),
        ));
    }
    if table.indicators.is_empty() {
        let header = header_text(first);
        return Err(ImportError::new(
            rows.first().map_or(1, |r| r.0),
            1,
            format!(
                "指標が見つかりません: 見出し 「{header}」 に年度の列（H23、平成16年、令和5年度、2023）も \
                 基準値・目標値・実績値の列や区分もありません"
            ),
            format!(
                "no indicator recognised: the header 「{header}」 has no year column (H23, \
                 平成16年, 令和5年度, 2023) and no 基準値 / 目標値 / 実績値 column or label"
            ),
        ));
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
            return Err(ImportError::new(
                *line,
                name_column + 1,
                "指標名も区分（計画・実績など）もない数値の行です",
                "a row of figures with no indicator name and no label (計画/実績 …)",
            ));
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
            let direction = direction_cell(&text).ok_or_else(|| {
                let shown = crate::model::sanitize_inline(&text);
                ImportError::new(
                    *line,
                    direction_column.map_or(1, |c| c + 1),
                    format!("「{shown}」 は方向として読めません（例: 増加、減少、↑、↓、以上、以下）"),
                    format!(
                        "「{shown}」 is not a direction (expected e.g. 増加, 減少, ↑, ↓, 以上, 以下)"
                    ),
                )
            })?;
            block.said = Some((direction, Said::Column));
        }
        if block.said.is_none() {
            block.said = direction_words(&label)
                .map(|(d, w)| (d, Said::Label(w)))
                .or_else(|| {
                    roles.iter().enumerate().find_map(|(c, r)| {
                        matches!(r, Role::Value(Some(Kind::Target), _))
                            .then(|| header_cell(header, c))
                            .and_then(|h| direction_words(&h))
                            .map(|(d, w)| (d, Said::Header(w)))
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
        let label = crate::model::sanitize_inline(&waiting.name);
        return Err(ImportError::new(
            waiting.row,
            name_column + 1,
            format!(
                "「{label}」 の行がどの指標のものか分かりません（指標名を上の行か名称の列に書いてください）"
            ),
            format!(
                "the 「{label}」 row belongs to no indicator (put the indicator's name on a row \
                 of its own above, or in the name column)"
            ),
        ));
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
            return Err(ImportError::new(
                *line,
                1,
                "この行に 基準値・目標値・実績値 の区分がありません",
                "no 基準値 / 目標値 / 実績値 label in this row",
            ));
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
            return Err(ImportError::new(
                *line,
                1,
                "指標名より前に値の行があります",
                "a value row before any indicator name",
            ));
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
            builder.said = direction_words(&cells[label]).map(|(d, w)| (d, Said::Label(w)));
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Cells tables are made of, and some that break them.
    const TOKENS: &[&str] = &[
        "",
        "",
        "指標",
        "区分",
        "単位",
        "方向",
        "合計",
        "判定",
        "計画",
        "実績",
        "目標数",
        "職員数",
        "達成率",
        "増減数",
        "(基準)",
        "基準値",
        "目標値",
        "H23",
        "平成16年",
        "18年度",
        "20",
        "元年度",
        "平成(年度)",
        "令和",
        "R5",
        "令和3年度（基準値）",
        "目標(R9)",
        "2023",
        "98.9%",
        "770 人",
        "△4人",
        "95.6%以下",
        "収支均衡",
        "調整中",
        "―",
        "1億2千万円",
        "①財政力指数",
        "※注",
        "減少",
        "R65000",
        "99999999999999999999999",
        "((",
        "49%(R4)(R5)",
        "\u{1b}[2J",
        "1 2",
    ];

    fn grid() -> impl Strategy<Value = Vec<(usize, Vec<String>)>> {
        let cell = prop::sample::select(TOKENS).prop_map(str::to_string);
        let row = prop::collection::vec(cell, 0..7);
        prop::collection::vec(row, 0..9).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, cells)| (i + 1, cells))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Any table is read or refused with a position, never a panic; what is read has
        /// one value per year in each series.
        #[test]
        fn any_table_reads_or_is_refused(rows in grid(), era in prop::option::of(0usize..3)) {
            let options = ImportOptions {
                era: era.map(|i| years::ERAS[i]),
                ..ImportOptions::default()
            };
            let period = Period { from: FiscalYear(2005), to: FiscalYear(2010) };
            match read_table(&rows, &options, period) {
                Ok(table) => {
                    for item in &table.indicators {
                        for series in [&item.actuals, &item.planned] {
                            prop_assert!(series.windows(2).all(|w| w[0].year < w[1].year));
                        }
                    }
                }
                Err(error) => prop_assert!(error.row >= 1 && error.column >= 1),
            }
        }
    }
}
