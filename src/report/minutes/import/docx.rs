//! Word files (`.docx`) as text: the paragraphs and tables of `word/document.xml`, in order.
//!
//! A `.docx` is a zip of XML parts; the body is `word/document.xml`. Paragraphs (`w:p`)
//! become lines separated by a blank line; a table row becomes one line with its cells
//! separated by an ideographic space, so a header table (「日時 | 令和6年…」) reads like the
//! printed 「日時　令和6年…」 and the importer's label rules apply unchanged. zip and
//! quick-xml are small, well-kept crates (the same ones calamine uses for Excel), so no
//! document-model crate is needed for reading text.

use std::io::Read;

use quick_xml::events::Event;

/// The most `word/document.xml` may expand to: far above any minutes, far below a zip bomb.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read as Word.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("not a Word .docx file (not a zip archive)")]
    NotZip(#[source] zip::result::ZipError),
    #[error("no word/document.xml inside; not a Word .docx file")]
    NoDocument,
    #[error("word/document.xml is larger than 64 MiB")]
    TooLarge,
    #[error("word/document.xml cannot be read: {0}")]
    Xml(String),
}

impl crate::i18n::Localize for DocxError {
    fn message(&self, lang: crate::model::Language) -> String {
        use crate::i18n::DETAIL;
        if lang == crate::model::Language::En {
            return match self {
                DocxError::NotZip(e) => format!("{self}: {e}"),
                _ => self.to_string(),
            };
        }
        match self {
            DocxError::NotZip(e) => {
                format!(
                    "Word の .docx ファイルではありません（ZIP 形式ではありません。{DETAIL}{e}）"
                )
            }
            DocxError::NoDocument => {
                "word/document.xml がありません。Word の .docx ファイルではありません".into()
            }
            DocxError::TooLarge => "word/document.xml が 64 MiB を超えています".into(),
            DocxError::Xml(why) => format!("word/document.xml を読めません（{DETAIL}{why}）"),
        }
    }
}

/// The text of a `.docx` file.
pub fn text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(DocxError::NotZip)?;
    let file = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    let mut xml = String::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocxError::Xml(e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(DocxError::TooLarge);
    }
    document_text(&xml)
}

/// The text of a `WordprocessingML` body.
pub fn document_text(xml: &str) -> Result<String, DocxError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    // Open tables, rows and cells, outermost first; nested tables join their cell.
    let mut tables = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| DocxError::Xml(e.to_string()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" => paragraph.clear(),
                "tbl" => tables += 1,
                "tr" if tables == 1 => row.clear(),
                "tc" if tables == 1 => cell.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => paragraph.push(' '),
                "br" | "cr" => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    paragraph.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    paragraph.push_str(s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = paragraph.trim().to_string();
                    paragraph.clear();
                    if text.is_empty() {
                        continue;
                    }
                    if tables > 0 {
                        cell.push(text.replace('\n', " "));
                    } else {
                        out.push(text);
                    }
                }
                "tc" if tables == 1 => {
                    row.push(cell.join("\u{3000}"));
                    cell.clear();
                }
                "tr" if tables == 1 => {
                    let cells: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
                    if !cells.is_empty() {
                        out.push(
                            cells
                                .iter()
                                .map(|c| c.as_str())
                                .collect::<Vec<_>>()
                                .join("\u{3000}"),
                        );
                    }
                    row.clear();
                }
                "tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.join("\n\n"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx holding `body` (`WordprocessingML` inside `w:body`).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("[Content_Types].xml", options).expect("zip");
            zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).expect("zip");
            zip.start_file("word/document.xml", options).expect("zip");
            let xml = format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            );
            zip.write_all(xml.as_bytes()).expect("zip");
            zip.finish().expect("zip");
        }
        buffer.into_inner()
    }

    /// A paragraph of runs.
    pub(crate) fn p(runs: &[&str]) -> String {
        let runs = runs
            .iter()
            .map(|r| format!(r#"<w:r><w:t xml:space="preserve">{r}</w:t></w:r>"#))
            .collect::<Vec<_>>()
            .concat();
        format!("<w:p><w:pPr/>{runs}</w:p>")
    }

    #[test]
    fn paragraphs_and_tables_in_order() {
        let table = format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            p(&["日時"]),
            p(&["令和6年4月1日"]),
            p(&["出席者"]),
            p(&["甲委員、"]),
            p(&["乙委員"])
        );
        let body = format!(
            "{}{table}{}<w:p/>",
            p(&["第1回", "テスト会議 議事録"]),
            p(&["A &amp; B &#x3042;"]),
        );
        let text = text(&docx(&body)).expect("reads");
        assert_eq!(
            text,
            "第1回テスト会議 議事録\n\n日時\u{3000}令和6年4月1日\n\n出席者\u{3000}甲委員、\u{3000}乙委員\n\nA & B あ"
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(matches!(text(b"plain text"), Err(DocxError::NotZip(_))));
    }
}
