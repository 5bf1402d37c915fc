//! From a file's bytes to a grid of cell texts: CSV or TSV in UTF-8 (with or without a BOM),
//! UTF-16 with a BOM, or CP932 (Shift JIS, what Japanese Excel saves as "CSV"), and Excel
//! workbooks read directly.
//!
//! Every row keeps its 1-based row number in the source (the line where a CSV record starts,
//! the sheet row of a workbook), and column `c` of the grid is column `c + 1` of the source,
//! so an error can point at the cell the user sees. The CSV reader is our own small state
//! machine rather than the `csv` crate because it must refuse an unterminated quote (the
//! crate silently reads to the end of the file, turning the rest into one cell) and it runs in
//! one pass.

use crate::i18n::Text;
use std::io::Cursor;

use super::ImportError;

/// One row of the grid: its 1-based row number and its cells, trimmed.
pub type Row = (usize, Vec<String>);

/// How the bytes were decoded, for `--dry-run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    ShiftJis,
    Workbook,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16 => "UTF-16",
            Encoding::ShiftJis => "CP932 (Shift_JIS)",
            Encoding::Workbook => "Excel",
        }
    }
}

/// Decodes the text of a table file. UTF-8 is taken when the bytes are valid UTF-8; otherwise
/// CP932 when they decode without a single error (a Latin-1 or broken file does not); else
/// the file is refused rather than read with replacement characters.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), Text> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return std::str::from_utf8(rest)
            .map(|text| (text.to_string(), Encoding::Utf8Bom))
            .map_err(|e| {
                crate::text!(
                    "UTF-8 の BOM で始まっていますが、UTF-8 ではありません（詳細: {e}）",
                    "the file starts with a UTF-8 BOM but is not UTF-8 ({e})"
                )
            });
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            let name = encoding.name();
            return Err(crate::text!(
                "ファイルが正しい {name} ではありません",
                "the file is not valid {name}"
            ));
        }
        return Ok((text.into_owned(), Encoding::Utf16));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors {
        return Err((
            "ファイルが UTF-8 でも CP932（Shift_JIS）でもありません",
            "the file is neither UTF-8 nor CP932 (Shift_JIS)",
        )
            .into());
    }
    Ok((text.into_owned(), Encoding::ShiftJis))
}

/// Whether the bytes are an Excel workbook (a zip, as .xlsx, or an OLE file, as .xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Rows of a TSV (a tab in one of the first lines) or CSV table. Quoted cells (Excel quotes cells
/// holding line breaks, quotes or delimiters) are understood; `""` is a quote inside one.
/// An unterminated quote or text after a closing quote is an error at its row and column.
pub fn read_rows(text: &str) -> Result<Vec<Row>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A tab in any of the first lines makes it TSV (a title line above the table has none).
    let tabbed = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .any(|l| l.contains('\t'));
    let delimiter = if tabbed { '\t' } else { ',' };
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    // Where the open quote started, while inside one.
    let mut quote_at: Option<(usize, usize)> = None;
    let mut after_quote = false;
    let mut chars = text.chars().peekable();
    let end_record = |rows: &mut Vec<Row>, cells: &mut Vec<String>, record_line: usize| {
        let done = std::mem::take(cells);
        if done.iter().any(|c| !c.is_empty()) {
            rows.push((record_line, done));
        }
    };
    while let Some(c) = chars.next() {
        if quote_at.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quote_at = None;
                    after_quote = true;
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !after_quote => {
                field.clear();
                quote_at = Some((record_line, cells.len() + 1));
            }
            c if c == delimiter => {
                cells.push(field.trim().to_string());
                field.clear();
                after_quote = false;
            }
            '\n' | '\r' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cells.push(field.trim().to_string());
                field.clear();
                after_quote = false;
                end_record(&mut rows, &mut cells, record_line);
                line += 1;
                record_line = line;
            }
            c if after_quote && !c.is_whitespace() => {
                return Err(ImportError::new(
                    record_line,
                    cells.len() + 1,
                    "引用符で囲んだセルの閉じ引用符の後に文字があります（セル内の引用符は \"\" と書きます）",
                    "text after the closing quote of a quoted cell \
                     (write \"\" for a quote inside the cell)",
                ));
            }
            _ if after_quote => {}
            other => field.push(other),
        }
    }
    if let Some((row, column)) = quote_at {
        return Err(ImportError::new(
            row,
            column,
            "このセルを開く引用符が閉じられていません（閉じるか、セル内の引用符は \"\" と書きます）",
            "the quote that opens this cell is never closed \
             (close it, or write \"\" for a quote inside the cell)",
        ));
    }
    if !field.is_empty() || !cells.is_empty() {
        cells.push(field.trim().to_string());
        end_record(&mut rows, &mut cells, record_line);
    }
    Ok(rows)
}

/// The sheets of a workbook, by name.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, Text> {
    use calamine::Reader;
    let workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| cannot_open(&e))?;
    Ok(workbook.sheet_names().clone())
}

/// Rows of one sheet of a workbook (the first when `sheet` is `None`). Merged cells come as
/// Excel stores them: the value in the top-left cell, the others empty, which is how the
/// table reader expects merged cells anyway. Numbers are written back in the shortest form
/// that reads as the same binary value (`88.8`, not `88.799999…`), percent-formatted cells
/// as percents (`0.888` shown as `88.8%` becomes `88.8%`), and a unit in the number format
/// (`0"人"`) is kept.
pub fn workbook_rows(bytes: &[u8], sheet: Option<&str>) -> Result<(String, Vec<Row>), Text> {
    use calamine::Reader;
    let names = sheet_names(bytes)?;
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                let wanted = crate::model::sanitize_inline(wanted);
                let names = crate::model::sanitize_inline(&names.join(", "));
                crate::text!(
                    "ブックにシート「{wanted}」はありません（シート: {names}）",
                    "no sheet \"{wanted}\" in the workbook (sheets: {names})"
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Text::new("ブックにシートがありません", "the workbook has no sheet"))?,
    };
    let mut formats: Option<calamine::StyleRange> = None;
    let range = if bytes.starts_with(b"PK\x03\x04") {
        let mut xlsx =
            calamine::Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| cannot_open(&e))?;
        formats = xlsx.worksheet_style(&name).ok();
        xlsx.worksheet_range(&name)
            .map_err(|e| cannot_read(&name, &e))?
    } else {
        let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| cannot_open(&e))?;
        workbook
            .worksheet_range(&name)
            .map_err(|e| cannot_read(&name, &e))?
    };
    let Some((first_row, first_column)) = range.start() else {
        return Ok((name, Vec::new()));
    };
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let row = first_row as usize + offset;
        let mut texts = vec![String::new(); first_column as usize];
        for (index, data) in cells.iter().enumerate() {
            let column = first_column as usize + index;
            let format = formats
                .as_ref()
                .and_then(|f| {
                    let at = (u32::try_from(row).ok()?, u32::try_from(column).ok()?);
                    f.get(at)
                })
                .and_then(|style| style.number_format.as_ref())
                .map(|f| f.format_code.as_str());
            texts.push(cell_text(data, format).trim().to_string());
        }
        if texts.iter().any(|t| !t.is_empty()) {
            rows.push((row + 1, texts));
        }
    }
    Ok((name, rows))
}

/// The text of a workbook cell as it reads on screen, for the cell parser.
fn cell_text(data: &calamine::Data, format: Option<&str>) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => number_text(&n.to_string(), format),
        Data::Float(f) => number_text(&float_text(*f), format),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The shortest decimal that reads back as the same double: what Excel shows for a typed
/// number (Rust's `Display` for `f64` is exactly that).
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// Applies the visible parts of a number format: a percent multiplies by 100 (exactly, on
/// the decimal text) and a quoted unit is appended.
fn number_text(digits: &str, format: Option<&str>) -> String {
    let Some(format) = format else {
        return digits.to_string();
    };
    // The first section of the format (positive numbers), without quoted literals.
    let section = format.split(';').next().unwrap_or("");
    let mut literal = String::new();
    let mut outside = String::new();
    let mut quoted = false;
    for c in section.chars() {
        match c {
            '"' => quoted = !quoted,
            c if quoted => literal.push(c),
            c => outside.push(c),
        }
    }
    if outside.contains('%')
        && let Ok(value) = digits.parse::<rust_decimal::Decimal>()
    {
        let percent = (value * rust_decimal::Decimal::ONE_HUNDRED).normalize();
        return format!("{percent}%{literal}");
    }
    format!("{digits}{literal}")
}

fn cannot_open(e: &dyn std::fmt::Display) -> Text {
    crate::text!(
        "ブックを開けません（詳細: {e}）",
        "cannot open the workbook: {e}"
    )
}

fn cannot_read(name: &str, e: &dyn std::fmt::Display) -> Text {
    crate::text!(
        "シート {name} を読めません（詳細: {e}）",
        "cannot read sheet {name}: {e}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Row> {
        read_rows(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn csv_and_tsv_with_quotes_and_line_numbers() {
        let got = rows("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\r\nc,\"two\nlines\",3\n");
        assert_eq!(
            got,
            vec![
                (1, vec!["a".into(), "b,1".into(), "say \"hi\"".into()]),
                (3, vec!["c".into(), "two\nlines".into(), "3".into()]),
            ]
        );
        let tsv = rows("\tH23\tH24\n職員数\t770 人\t761 人");
        assert_eq!(tsv[0].1, ["", "H23", "H24"]);
        assert_eq!(
            tsv[1],
            (2, vec!["職員数".into(), "770 人".into(), "761 人".into()])
        );
    }

    #[test]
    fn an_unterminated_quote_is_an_error_where_it_opens() {
        let error = read_rows("項目,R5\n\"unterminated,1,2\n").expect_err("unterminated");
        assert_eq!((error.row, error.column), (2, 1));
        assert!(error.message.contains("never closed"), "{error}");
        let error = read_rows("項目,R5\nA,\"5\"x\n").expect_err("after quote");
        assert_eq!((error.row, error.column), (2, 2));
    }

    #[test]
    fn decoding_detects_cp932_and_boms() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("指標,令和5年度\n職員数,770人\n");
        let (text, encoding) = decode(&sjis).expect("cp932");
        assert_eq!(encoding, Encoding::ShiftJis);
        assert!(text.starts_with("指標,令和5年度"));
        let (text, encoding) = decode("\u{feff}a,b".as_bytes()).expect("bom");
        assert_eq!((text.as_str(), encoding), ("a,b", Encoding::Utf8Bom));
        assert!(decode(&[0x82, 0xa0, 0xff, 0xff]).is_err());
    }

    #[test]
    fn workbook_numbers_read_as_shown() {
        assert_eq!(float_text(88.8), "88.8");
        assert_eq!(float_text(770.0), "770");
        assert_eq!(number_text("0.888", Some("0.0%")), "88.8%");
        assert_eq!(number_text("770", Some("#,##0\"人\"")), "770人");
        assert_eq!(number_text("0.63", Some("General")), "0.63");
    }
}
