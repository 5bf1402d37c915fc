//! Tables for spreadsheets: one model of a sheet (title, headers, typed cells) written as an
//! Excel workbook or as CSV.
//!
//! Excel is what secretariats publish 進捗状況 and 対応状況 in, so the workbook is built to be
//! worked on: numbers are numeric cells (the unit goes into the number format, `#,##0.0"%"`,
//! so the cell still sums), the header row is frozen, column widths fit CJK text (a full-width
//! character counts two), and each plan gets its own sheet. CSV can carry a UTF-8 byte order
//! mark and CRLF line ends, which is what Excel's own 「CSV UTF-8」 writes and what Japanese
//! Excel needs to open UTF-8 without mojibake.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::csv_out::CsvOut;
use super::escape::csv_text;
use crate::error::Result;
use crate::model::{Figure, sanitize};

/// A cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// An exact figure with its unit (printed in the number format, not in the cell).
    Number {
        value: Figure,
        unit: String,
    },
    /// A percentage computed by kaikaku (progress), rounded to one decimal when shown.
    Percent(f64),
    /// A count (items by status).
    Count(u32),
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        let text = text.into();
        if text.is_empty() {
            Value::Empty
        } else {
            Value::Text(text)
        }
    }

    /// The cell as CSV text: figures with their exact digits, no unit (the unit has a column
    /// or a header of its own).
    fn csv(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => csv_text(text),
            Value::Number { value, .. } => value.to_string(),
            Value::Percent(p) => format!("{p:.1}"),
            Value::Count(n) => n.to_string(),
        }
    }

    /// Display width in Excel's column units (about one per half-width character).
    fn width(&self) -> usize {
        match self {
            Value::Empty => 0,
            Value::Text(text) => text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
            Value::Number { value, unit } => {
                value.grouped().len() + UnicodeWidthStr::width(unit.as_str())
            }
            Value::Percent(_) => 6,
            Value::Count(n) => n.to_string().len(),
        }
    }
}

/// One sheet: a title line above the table, one header row, rows of cells.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sheet {
    /// The tab name (Excel allows 31 characters and no `[]:*?/\`; cut and replaced here).
    pub name: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// How CSV is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// UTF-8 byte order mark and CRLF line ends (Excel's 「CSV UTF-8」).
    pub bom: bool,
}

/// Text as CSV with the options applied: the BOM in front and every line ending in CRLF
/// (quoted cells keep their inner line breaks as LF, as Excel writes them).
pub fn finish_csv(text: &str, options: CsvOptions) -> String {
    if !options.bom {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    let mut ok = true;
    for record in reader.records() {
        match record {
            Ok(record) => ok &= writer.write_record(&record).is_ok(),
            Err(_) => ok = false,
        }
    }
    match (ok, writer.into_inner()) {
        (true, Ok(bytes)) => out.push_str(&String::from_utf8_lossy(&bytes)),
        // Not CSV we can re-read: convert the line ends alone.
        _ => out.push_str(&text.replace("\r\n", "\n").replace('\n', "\r\n")),
    }
    out
}

/// Sheets as one CSV: the header of the first sheet, then the rows of all.
pub fn to_csv(sheets: &[Sheet], options: CsvOptions) -> Result<String> {
    let mut writer = CsvOut::new();
    if let Some(first) = sheets.first() {
        let header: Vec<String> = first.headers.iter().map(|h| csv_text(h)).collect();
        writer.record(&header)?;
    }
    for sheet in sheets {
        for row in &sheet.rows {
            let record: Vec<String> = row.iter().map(Value::csv).collect();
            writer.record(&record)?;
        }
    }
    let text = writer.finish()?;
    Ok(finish_csv(&text, options))
}

/// The Excel number format for a figure: grouped thousands, as many decimals as the figure
/// was typed with, the unit as a quoted literal (「件」, 「%」 — a literal, so 48.9 stays 48.9).
pub fn number_format(value: Figure, unit: &str) -> String {
    let decimals = value.decimal().scale();
    let mut format = String::from("#,##0");
    if decimals > 0 {
        format.push('.');
        for _ in 0..decimals {
            format.push('0');
        }
    }
    let unit: String = sanitize(unit).chars().filter(|c| *c != '"').collect();
    if !unit.is_empty() {
        format.push_str(&format!("\"{unit}\""));
    }
    // Negative figures the way Japanese tables print them (△4.4).
    format!("{format};\"△\"{format}")
}

/// A sheet name Excel accepts, unique among `taken`.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = sanitize(name)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean.chars().take(28).collect()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{base}({n})");
        n += 1;
    }
    candidate
}

/// The workbook as `.xlsx` bytes.
pub fn to_xlsx(sheets: &[Sheet]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title_format = Format::new().set_bold().set_font_size(14);
    let header_format = Format::new()
        .set_bold()
        .set_background_color("EEF3F9")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let text_format = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let percent_format = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_num_format("0.0\"%\";\"△\"0.0\"%\"");
    let count_format = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_num_format("#,##0");
    let mut names: Vec<String> = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &names);
        names.push(name.clone());
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name)?;
        worksheet.write_string_with_format(0, 0, sanitize(&sheet.title), &title_format)?;
        let header_row = 2;
        let mut widths: Vec<usize> = vec![0; sheet.headers.len()];
        for (column, header) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(column).unwrap_or(u16::MAX);
            worksheet.write_string_with_format(
                header_row,
                col,
                sanitize(header),
                &header_format,
            )?;
            widths[column] = UnicodeWidthStr::width(header.as_str());
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let r = header_row + 1 + u32::try_from(index).unwrap_or(u32::MAX - 4);
            for (column, value) in row.iter().enumerate() {
                let col = u16::try_from(column).unwrap_or(u16::MAX);
                match value {
                    Value::Empty => {
                        worksheet.write_blank(r, col, &text_format)?;
                    }
                    Value::Text(text) => {
                        worksheet.write_string_with_format(r, col, sanitize(text), &text_format)?;
                    }
                    Value::Number { value, unit } => {
                        let format = Format::new()
                            .set_border(FormatBorder::Thin)
                            .set_align(FormatAlign::Top)
                            .set_num_format(number_format(*value, unit));
                        worksheet.write_number_with_format(r, col, value.to_f64(), &format)?;
                    }
                    Value::Percent(p) => {
                        worksheet.write_number_with_format(r, col, *p, &percent_format)?;
                    }
                    Value::Count(n) => {
                        worksheet.write_number_with_format(r, col, f64::from(*n), &count_format)?;
                    }
                }
                if let Some(width) = widths.get_mut(column) {
                    *width = (*width).max(value.width());
                }
            }
        }
        for (column, width) in widths.iter().enumerate() {
            let col = u16::try_from(column).unwrap_or(u16::MAX);
            // Long texts wrap at 60 columns instead of making one endless column; no column
            // narrower than a four-character Japanese header.
            let fitted = (*width).clamp(8, 60) + 2;
            #[allow(clippy::cast_precision_loss)]
            worksheet.set_column_width(col, fitted as f64)?;
        }
        worksheet.set_freeze_panes(header_row + 1, 0)?;
    }
    if sheets.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(text: &str) -> Figure {
        text.parse().expect("figure")
    }

    #[test]
    fn number_formats_keep_the_typed_decimals_and_the_unit() {
        assert_eq!(
            number_format(figure("48.9"), "%"),
            "#,##0.0\"%\";\"△\"#,##0.0\"%\""
        );
        assert_eq!(
            number_format(figure("107087"), "件"),
            "#,##0\"件\";\"△\"#,##0\"件\""
        );
        assert_eq!(number_format(figure("5.30"), ""), "#,##0.00;\"△\"#,##0.00");
    }

    #[test]
    fn bom_and_crlf_like_excel_writes_them() {
        let text = "a,b\n\"x\ny\",2\n";
        let out = finish_csv(text, CsvOptions { bom: true });
        assert_eq!(out, "\u{feff}a,b\r\n\"x\ny\",2\r\n");
        assert_eq!(finish_csv(text, CsvOptions { bom: false }), text);
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let taken = vec!["計画".to_string()];
        assert_eq!(sheet_name("計画", &taken), "計画(2)");
        assert_eq!(sheet_name("a/b[c]", &[]), "a_b_c_");
        assert_eq!(sheet_name("", &[]), "Sheet");
        assert_eq!(sheet_name(&"長".repeat(40), &[]).chars().count(), 28);
    }
}
