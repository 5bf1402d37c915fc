//! CSV written in memory, for every report that exports CSV: one place that turns the csv
//! crate's errors into the bilingual [`Error`] the edges show, and the bytes into text.
//!
//! Cells are passed as they are: text cells go through [`super::escape::csv_text`] first at
//! the call site, because only the caller knows which columns are text.

use crate::error::{Error, Result};

/// A CSV document being written to memory.
pub(crate) struct CsvOut(csv::Writer<Vec<u8>>);

impl CsvOut {
    pub(crate) fn new() -> CsvOut {
        CsvOut(csv::Writer::from_writer(Vec::new()))
    }

    /// Writes one record (header or row).
    pub(crate) fn record<I, T>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.0.write_record(cells).map_err(|e| {
            Error::Invalid(crate::text!(
                "CSV を書き出せません（詳細: {e}）",
                "cannot write CSV: {e}"
            ))
        })
    }

    /// The document as text (UTF-8 without BOM).
    pub(crate) fn finish(self) -> Result<String> {
        let bytes = self.0.into_inner().map_err(|e| {
            Error::Invalid(crate::text!(
                "CSV を書き出せません（詳細: {e}）",
                "cannot write CSV: {e}"
            ))
        })?;
        String::from_utf8(bytes).map_err(|e| {
            Error::Invalid(crate::text!(
                "CSV が UTF-8 ではありません（詳細: {e}）",
                "CSV is not UTF-8: {e}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Quoting is the csv crate's (a comma or quote in a cell is quoted), records end in
    /// `\n`, and a cell is written as given: formula guarding is the caller's.
    #[test]
    fn records_are_quoted_and_joined_as_given() {
        let mut out = CsvOut::new();
        out.record(["a", "b,c"]).expect("header");
        out.record(["\"x\"", "=1"]).expect("row");
        assert_eq!(out.finish().expect("text"), "a,\"b,c\"\n\"\"\"x\"\"\",=1\n");
    }

    /// Records of different lengths are the csv crate's error, said in both languages.
    #[test]
    fn an_uneven_record_is_an_error() {
        let mut out = CsvOut::new();
        out.record(["a", "b"]).expect("header");
        let error = out.record(["only one"]).expect_err("uneven");
        let text = error.to_string();
        assert!(text.starts_with("cannot write CSV: "), "{text}");
    }
}
