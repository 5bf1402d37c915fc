//! kaikaku's own `report kpi --format csv`, read back by its column names.

use super::header::header_text;
use super::{ImportError, ImportOptions, Note, Said, Table, TableIndicator};
use crate::model::{Direction, Figure, FiscalYear, Target, TargetValue, YearValue};

/// kaikaku's own `report kpi --format csv`, read back by its column names; the plan and
/// indicator ids match first, then the name. Progress and status are derived and ignored.
pub(super) fn read_own_csv(
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
pub(super) fn own_csv_row(
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
    let at = |name: &str, ja: String, en: String| {
        ImportError::new(line, column(name).map_or(1, |c| c + 1), ja, en)
    };
    let year = |name: &str| -> Result<Option<FiscalYear>, ImportError> {
        let text = get(cells, name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<FiscalYear>().map(Some).map_err(|e| {
            at(
                name,
                format!("「{text}」 は年度として読めません"),
                e.to_string(),
            )
        })
    };
    let figure = |name: &str| -> Result<Option<Figure>, ImportError> {
        let text = get(cells, name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<Figure>().map(Some).map_err(|e| {
            at(
                name,
                format!("「{text}」 は数値として読めません"),
                e.to_string(),
            )
        })
    };
    let name = get(cells, "name");
    if name.is_empty() {
        return Err(at(
            "name",
            "指標名がありません".into(),
            "the indicator has no name".into(),
        ));
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
        let shown = crate::model::sanitize_inline(&direction_text);
        return Err(at(
            "direction",
            format!(
                "「{shown}」 は方向として読めません（increase, decrease, at_least, at_most, balance, qualitative）"
            ),
            format!(
                "「{shown}」 is not a direction (increase, decrease, at_least, at_most, balance, qualitative)"
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
        direction_said: Some(Said::Column),
        bound: None,
        baseline,
        target,
        planned: Vec::new(),
        actuals: latest.into_iter().collect(),
        parts: Vec::new(),
    })
}
