//! The minutes as one printable HTML page, in the published layout: the title, the numbered
//! header sections (日時, 場所, 出席委員, 配付資料, 次第), then the 議事録（要旨） with one heading
//! per speaker turn. Self-contained (inline CSS, no scripts, no network references), so the
//! city can post it as it is or print it to PDF.

use super::export::{
    DOCUMENT_SUFFIX, SECTION_AGENDA, SECTION_STATEMENTS, agenda_entries, blocks, header_sections,
    published_title, reference_line,
};
use crate::model::Meeting;
use crate::report::escape::html;

const STYLE: &str = r#"
body { font-family: "Noto Serif CJK JP", "Yu Mincho", "Hiragino Mincho ProN", serif;
  color: #1b1b1b; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; line-height: 1.8; }
h1 { font-size: 1.3rem; text-align: center; margin-bottom: 2rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .2rem; }
p { margin: .2rem 0 .2rem 1em; }
p.sub { margin-left: 2.5em; }
.turn { margin: 1.2rem 0 .2rem; font-weight: bold; }
.reference { color: #333; }
footer { margin-top: 2rem; color: #666; font-size: .8rem; border-top: 1px solid #ccc; padding-top: .5rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  p { orphans: 2; widows: 2; }
}
@page { size: A4; margin: 20mm; }
"#;

/// The page; every text goes through [`html`] (escaped and sanitised).
pub fn to_html(meeting: &Meeting, committee: Option<&str>, organisation: Option<&str>) -> String {
    let title = format!(
        "{} {DOCUMENT_SUFFIX}",
        published_title(meeting, committee).trim()
    );
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", html(title.trim())));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", html(title.trim())));
    let sections = header_sections(meeting);
    let count = sections.len();
    for (number, (section, lines)) in sections.into_iter().enumerate() {
        out.push_str(&format!("<h2>{} {}</h2>\n", number + 1, html(section)));
        if section == SECTION_AGENDA {
            // Sub-items indented under their item (「①…」 under 「(4) 議事」).
            for (depth, line) in agenda_entries(&meeting.agenda) {
                let class = if depth > 0 { " class=\"sub\"" } else { "" };
                out.push_str(&format!("<p{class}>{}</p>\n", html(&line)));
            }
            continue;
        }
        for line in lines {
            out.push_str(&format!("<p>{}</p>\n", html(&line)));
        }
    }
    out.push_str(&format!(
        "<h2>{} {}</h2>\n",
        count + 1,
        html(SECTION_STATEMENTS)
    ));
    for block in blocks(meeting) {
        if let Some(heading) = block.heading {
            for line in heading.lines().filter(|l| !l.trim().is_empty()) {
                out.push_str(&format!("<p class=\"turn\">{}</p>\n", html(line)));
            }
        }
        out.push_str(&format!("<h3>[{}]</h3>\n", html(block.label)));
        for reference in &block.references {
            out.push_str(&format!(
                "<p class=\"reference\">{}</p>\n",
                html(&reference_line(reference))
            ));
        }
        for statement in &block.statements {
            for line in statement.text.lines().filter(|l| !l.trim().is_empty()) {
                out.push_str(&format!("<p>{}</p>\n", html(line)));
            }
        }
    }
    if let Some(organisation) = organisation {
        out.push_str(&format!("<footer>{}</footer>\n", html(organisation)));
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::sample;
    use super::*;

    #[test]
    fn the_sample_page_has_the_published_layout() {
        let page = to_html(&sample(), None, Some("熊本市"));
        assert!(page.contains(
            "<title>令和2年度（2020年度）第1回熊本市市役所改革推進委員会 議事録（要旨）</title>"
        ));
        let headings: Vec<&str> = page
            .lines()
            .filter_map(|l| l.strip_prefix("<h2>")?.strip_suffix("</h2>"))
            .collect();
        assert_eq!(
            headings,
            [
                "1 日 時",
                "2 場 所",
                "3 出席委員（敬称略、順不同）",
                "4 配付資料",
                "5 次 第",
                "6 議事録（要旨）"
            ]
        );
        assert_eq!(page.matches("<h3>[").count(), 47);
        assert!(page.contains("<h3>[澤田会長]</h3>"));
        assert!(page.contains("<footer>熊本市</footer>"));
        assert!(page.contains("<p class=\"sub\">①市役所改革の方向性と取組について</p>"));
        assert!(page.contains("<p>(4) 議事</p>"));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut meeting = sample();
        meeting.statements[0].text = "<script>alert(1)</script>\u{1b}[2J".into();
        let page = to_html(&meeting, None, None);
        assert!(!page.contains("<script>"));
        assert!(!page.contains('\u{1b}'));
        assert!(page.contains("&lt;script&gt;"));
    }
}
