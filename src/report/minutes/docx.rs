//! The minutes as a Word document (`.docx`, Office Open XML), in the published layout.
//!
//! Written by hand over the `zip` crate: a document is five small XML parts, and writing
//! them directly keeps every paragraph on a named style — `Title`, `Heading1` for the
//! numbered sections, `Heading2` for each speaker, `Normal` for the text — so the
//! secretariat restyles the whole document from Word's style gallery instead of paragraph
//! by paragraph. Text is escaped as XML and stripped of characters XML 1.0 forbids.

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;

use super::akn::escape;
use super::export::{
    DOCUMENT_SUFFIX, SECTION_STATEMENTS, blocks, header_sections, published_title, reference_line,
};
use crate::model::Meeting;

/// Style ids as Word names them; `Heading1`/`Heading2` are Word's built-in headings, so the
/// navigation pane and a table of contents pick them up.
pub const STYLE_TITLE: &str = "Title";
pub const STYLE_SECTION: &str = "Heading1";
pub const STYLE_SPEAKER: &str = "Heading2";
pub const STYLE_NORMAL: &str = "Normal";
/// The 【資料1】P3 line under a speaker: Normal, indented less, so it can be restyled apart.
pub const STYLE_REFERENCE: &str = "MaterialReference";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"#;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The style sheet: Japanese fonts (游明朝 for text, 游ゴシック for headings), 10.5pt body.
fn styles() -> String {
    let style = |id: &str, name: &str, based: Option<&str>, ppr: &str, rpr: &str| {
        let based = based.map_or(String::new(), |b| format!("<w:basedOn w:val=\"{b}\"/>"));
        let default = if id == STYLE_NORMAL {
            " w:default=\"1\""
        } else {
            ""
        };
        format!(
            "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let gothic =
        r#"<w:rFonts w:ascii="Yu Gothic" w:hAnsi="Yu Gothic" w:eastAsia="游ゴシック"/><w:b/>"#;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Yu Mincho" w:hAnsi="Yu Mincho" w:eastAsia="游明朝"/><w:sz w:val="21"/><w:lang w:val="ja-JP" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60"/></w:pPr></w:pPrDefault></w:docDefaults>
{}
{}
{}
{}
{}
</w:styles>
"#,
        style(
            STYLE_NORMAL,
            "Normal",
            None,
            r#"<w:ind w:firstLineChars="100" w:firstLine="210"/>"#,
            ""
        ),
        style(
            STYLE_TITLE,
            "Title",
            Some(STYLE_NORMAL),
            r#"<w:jc w:val="center"/><w:spacing w:after="240"/><w:ind w:firstLine="0"/>"#,
            &format!("{gothic}<w:sz w:val=\"28\"/>")
        ),
        style(
            STYLE_SECTION,
            "heading 1",
            Some(STYLE_NORMAL),
            r#"<w:keepNext/><w:spacing w:before="240" w:after="60"/><w:ind w:firstLine="0"/><w:outlineLvl w:val="0"/>"#,
            &format!("{gothic}<w:sz w:val=\"22\"/>")
        ),
        style(
            STYLE_SPEAKER,
            "heading 2",
            Some(STYLE_NORMAL),
            r#"<w:keepNext/><w:spacing w:before="180" w:after="0"/><w:ind w:firstLine="0"/><w:outlineLvl w:val="1"/>"#,
            gothic
        ),
        style(
            STYLE_REFERENCE,
            "Material Reference",
            Some(STYLE_NORMAL),
            r#"<w:keepNext/><w:ind w:firstLine="0"/>"#,
            ""
        ),
    )
}

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>ja-JP</dc:language></cp:coreProperties>
"#,
        escape(title)
    )
}

/// One paragraph on a style; line breaks inside `text` become `<w:br/>`, so a multi-line
/// item keeps its lines. Text is sanitised (no control or bidi characters) and escaped.
fn paragraph(out: &mut String, style: &str, text: &str) {
    out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"
    ));
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push_str("<w:r><w:br/></w:r>");
        }
        out.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(&crate::model::sanitize(line))
        ));
    }
    out.push_str("</w:p>\n");
}

/// `word/document.xml`: the title, the header sections and the statements.
pub fn document_xml(meeting: &Meeting, committee: Option<&str>) -> String {
    let title = title(meeting, committee);
    let mut body = String::new();
    paragraph(&mut body, STYLE_TITLE, &title);
    let sections = header_sections(meeting);
    let count = sections.len();
    for (number, (section, lines)) in sections.into_iter().enumerate() {
        paragraph(
            &mut body,
            STYLE_SECTION,
            &format!("{} {section}", number + 1),
        );
        for line in lines {
            paragraph(&mut body, STYLE_NORMAL, &line);
        }
    }
    paragraph(
        &mut body,
        STYLE_SECTION,
        &format!("{} {SECTION_STATEMENTS}", count + 1),
    );
    for block in blocks(meeting) {
        if let Some(heading) = block.heading {
            paragraph(&mut body, STYLE_REFERENCE, heading);
        }
        paragraph(&mut body, STYLE_SPEAKER, &format!("[{}]", block.label));
        for reference in &block.references {
            paragraph(&mut body, STYLE_REFERENCE, &reference_line(reference));
        }
        for statement in &block.statements {
            for line in statement.text.lines().filter(|l| !l.trim().is_empty()) {
                paragraph(&mut body, STYLE_NORMAL, line);
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>\n{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n"
    )
}

fn title(meeting: &Meeting, committee: Option<&str>) -> String {
    format!(
        "{} {DOCUMENT_SUFFIX}",
        published_title(meeting, committee).trim()
    )
    .trim()
    .to_string()
}

/// The whole `.docx` file.
pub fn to_docx(meeting: &Meeting, committee: Option<&str>) -> Result<Vec<u8>, ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document_xml(meeting, committee)),
        ("word/styles.xml", styles()),
        ("docProps/core.xml", core(&title(meeting, committee))),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::sample;
    use super::*;

    #[test]
    fn paragraphs_are_styled_and_hostile_text_escaped() {
        let mut meeting = sample();
        meeting.statements[0].text = "<w:p>&\u{1}\u{202e}x</w:p>".into();
        let xml = document_xml(&meeting, None);
        assert!(xml.contains("&lt;w:p&gt;&amp;"), "escaped");
        assert!(!xml.contains('\u{1}') && !xml.contains('\u{202e}'));
        assert_eq!(xml.matches("<w:pStyle w:val=\"Heading2\"/>").count(), 47);
        assert_eq!(xml.matches("<w:pStyle w:val=\"Title\"/>").count(), 1);
        let styles = styles();
        for id in [
            STYLE_TITLE,
            STYLE_SECTION,
            STYLE_SPEAKER,
            STYLE_NORMAL,
            STYLE_REFERENCE,
        ] {
            assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
        }
        let bytes = to_docx(&meeting, None).expect("zip");
        assert!(bytes.starts_with(b"PK"));
    }
}
