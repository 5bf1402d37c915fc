//! Fitting table columns to the width there is: a narrow terminal drops whole columns, least
//! important first, and never cuts a figure; the one flexible column (a name) takes the
//! space that is left. Widths are display columns (`crate::text::width`), so CJK text
//! measures as it draws.

/// One column of a table, as far as fitting it is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The width that shows every cell whole: the widest cell, header included.
    pub natural: usize,
    /// Which column goes first when the width runs out: the highest number is dropped
    /// first; `0` is never dropped.
    pub drop_order: u8,
    /// The flexible column: it is never dropped, needs at least `natural.min(min_flex)`
    /// and takes whatever the others leave.
    pub flex: bool,
}

impl Column {
    /// A column whose cells must be shown whole or not at all.
    pub fn fixed(natural: usize, drop_order: u8) -> Self {
        Column {
            natural,
            drop_order,
            flex: false,
        }
    }

    /// The flexible column (a name): cut with `…` when it must be, never dropped.
    pub fn flex(natural: usize) -> Self {
        Column {
            natural,
            drop_order: 0,
            flex: true,
        }
    }

    /// The widest of the cells (display columns).
    pub fn natural_of<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
        cells.into_iter().map(crate::text::width).max().unwrap_or(0)
    }
}

/// The width of each column, `None` for a dropped one, in `available` display columns
/// with `spacing` columns between two shown ones. Columns are dropped by `drop_order`
/// until the fixed ones fit whole beside `min_flex` columns of the flexible one; the
/// flexible column then gets everything left over (so the name, not empty space, grows).
pub fn fit(
    columns: &[Column],
    available: usize,
    spacing: usize,
    min_flex: usize,
) -> Vec<Option<usize>> {
    let mut shown: Vec<bool> = columns.iter().map(|c| c.natural > 0 || c.flex).collect();
    let needed = |shown: &[bool]| {
        let count = shown.iter().filter(|s| **s).count();
        let widths: usize = columns
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| {
                if c.flex {
                    c.natural.min(min_flex)
                } else {
                    c.natural
                }
            })
            .sum();
        widths + spacing * count.saturating_sub(1)
    };
    while needed(&shown) > available {
        let victim = columns
            .iter()
            .enumerate()
            .filter(|(index, c)| shown[*index] && !c.flex && c.drop_order > 0)
            .max_by_key(|(index, c)| (c.drop_order, *index))
            .map(|(index, _)| index);
        match victim {
            Some(index) => shown[index] = false,
            None => break,
        }
    }
    let fixed = needed(&shown)
        - columns
            .iter()
            .zip(&shown)
            .filter(|(c, s)| **s && c.flex)
            .map(|(c, _)| c.natural.min(min_flex))
            .sum::<usize>();
    let left = available.saturating_sub(fixed);
    columns
        .iter()
        .zip(&shown)
        .map(|(c, s)| match (*s, c.flex) {
            (false, _) => None,
            (true, true) => Some(left),
            (true, false) => Some(c.natural),
        })
        .collect()
}

/// Rows of a table as list items: each shown cell padded to its width from [`fit`], one
/// space between two shown cells, a dropped column (`None`) left out.
pub fn list_rows<S: AsRef<str>, const N: usize>(
    cells: &[[S; N]],
    widths: &[Option<usize>],
    styles: [ratatui::style::Style; N],
) -> Vec<ratatui::widgets::ListItem<'static>> {
    use ratatui::text::{Line, Span};
    cells
        .iter()
        .map(|row| {
            let mut spans = Vec::new();
            for ((cell, width), style) in row.iter().zip(widths).zip(styles) {
                let Some(width) = *width else { continue };
                if !spans.is_empty() {
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::styled(crate::text::pad(cell.as_ref(), width), style));
            }
            ratatui::widgets::ListItem::new(Line::from(spans))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi_columns() -> Vec<Column> {
        vec![
            Column::flex(40),     // name
            Column::fixed(4, 6),  // unit
            Column::fixed(14, 4), // baseline
            Column::fixed(14, 0), // latest
            Column::fixed(17, 2), // target
            Column::fixed(6, 5),  // progress
            Column::fixed(10, 3), // status
        ]
    }

    #[test]
    fn everything_fits_when_wide_and_the_name_takes_the_rest() {
        let widths = fit(&kpi_columns(), 156, 1, 16);
        assert_eq!(
            widths,
            vec![
                Some(156 - (4 + 14 + 14 + 17 + 6 + 10) - 6),
                Some(4),
                Some(14),
                Some(14),
                Some(17),
                Some(6),
                Some(10)
            ]
        );
    }

    #[test]
    fn narrow_drops_whole_columns_by_order_never_cuts_figures() {
        let widths = fit(&kpi_columns(), 78, 1, 16);
        // unit (6) and progress (5) go; every shown figure column keeps its natural width.
        assert_eq!(widths[1], None);
        assert_eq!(widths[5], None);
        for index in [2, 3, 4, 6] {
            assert_eq!(widths[index], Some(kpi_columns()[index].natural));
        }
        let total: usize = widths.iter().flatten().sum::<usize>() + 4;
        assert_eq!(total, 78, "the name takes the rest: {widths:?}");
        assert!(widths[0].is_some_and(|w| w >= 16));
    }

    #[test]
    fn very_narrow_keeps_the_name_and_the_latest_figure() {
        let widths = fit(&kpi_columns(), 34, 1, 16);
        assert_eq!(
            widths,
            vec![Some(34 - 14 - 1), None, None, Some(14), None, None, None]
        );
    }

    #[test]
    fn a_column_with_nothing_in_it_takes_no_space() {
        let columns = [Column::flex(10), Column::fixed(0, 1), Column::fixed(3, 0)];
        assert_eq!(fit(&columns, 20, 1, 5), vec![Some(16), None, Some(3)]);
    }
}
