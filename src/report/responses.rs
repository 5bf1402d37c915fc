//! `kaikaku report responses`: the table cities publish after a meeting — each committee
//! comment that needs a response, with the city's response, its status, the responsible
//! department and the cycle (委員意見への対応状況, like the national 行政事業レビュー's
//! 過去の指摘事項 / 対応状況). One row per comment, in meeting and minutes order.

use chrono::NaiveDate;

use super::csv_out::CsvOut;
use super::escape::{csv_text, html, md_cell};
use crate::error::Result;
use crate::model::response::{Response, ResponseStatus};
use crate::model::{FiscalYear, Language, Meeting, Settings};
use crate::report::minutes::speaker_label;
use crate::store::Workspace;

/// One comment and the response to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRow {
    pub meeting: String,
    pub meeting_title: String,
    pub meeting_date: NaiveDate,
    pub statement: String,
    /// The speaker as the minutes print them (「加藤委員」).
    pub speaker: String,
    pub comment: String,
    pub status: ResponseStatus,
    /// 対応方針 now in force; empty before any step.
    pub response: String,
    /// The responsible department's name (the id when the settings do not know it).
    pub department: String,
    /// The cycle of the newest step, when there is one.
    pub cycle: Option<FiscalYear>,
    /// The cycle the response is due by.
    pub target: Option<FiscalYear>,
}

/// Every flagged comment of the workspace's meetings, or of one meeting.
pub fn response_rows(workspace: &Workspace, meeting: Option<&str>) -> Vec<ResponseRow> {
    let settings = workspace.settings();
    let mut meetings: Vec<&Meeting> = workspace
        .meetings
        .iter()
        .map(|m| &m.value)
        .filter(|m| meeting.is_none_or(|id| m.id == id))
        .collect();
    meetings.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut rows = Vec::new();
    for meeting in meetings {
        let file = workspace.responses(&meeting.id);
        for statement in meeting.statements.iter().filter(|s| s.needs_response) {
            let response = file.and_then(|f| f.response(&statement.id));
            let department = response
                .and_then(|r| r.department.as_deref())
                .map(|id| department_name(settings, id))
                .unwrap_or_default();
            rows.push(ResponseRow {
                meeting: meeting.id.clone(),
                meeting_title: meeting.title.clone(),
                meeting_date: meeting.date,
                statement: statement.id.clone(),
                speaker: speaker_label(meeting, statement).to_string(),
                comment: statement.text.clone(),
                status: response.map_or(ResponseStatus::Open, Response::status),
                response: response.map(Response::policy).unwrap_or_default().into(),
                department,
                cycle: response.and_then(|r| r.history.last()).map(|s| s.cycle),
                target: response.and_then(|r| r.target),
            });
        }
    }
    rows
}

fn department_name(settings: Option<&Settings>, id: &str) -> String {
    settings
        .and_then(|s| s.department(id))
        .map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// A status as the language prints it.
pub fn status_label(status: ResponseStatus, lang: Language) -> &'static str {
    match status {
        ResponseStatus::Open => lang.pick("未対応", "Open"),
        ResponseStatus::Considering => lang.pick("検討中", "Under consideration"),
        ResponseStatus::Done => lang.pick("対応済", "Done"),
        ResponseStatus::NotNeeded => lang.pick("対応不要", "No action needed"),
    }
}

/// Column headers, in order, in the language.
pub fn headers(lang: Language) -> [&'static str; 8] {
    [
        lang.pick("会議", "Meeting"),
        lang.pick("開催日", "Date"),
        lang.pick("発言者", "Speaker"),
        lang.pick("委員意見", "Comment"),
        lang.pick("対応状況", "Status"),
        lang.pick("対応方針", "Response"),
        lang.pick("担当部局", "Department"),
        lang.pick("年度", "Cycle"),
    ]
}

/// The cells of a row as text, in header order.
pub fn cells(row: &ResponseRow, lang: Language) -> [String; 8] {
    [
        row.meeting_title.clone(),
        row.meeting_date.to_string(),
        row.speaker.clone(),
        row.comment.clone(),
        status_label(row.status, lang).to_string(),
        row.response.clone(),
        row.department.clone(),
        row.cycle.map(|y| lang.year(y)).unwrap_or_default(),
    ]
}

/// The title of the table: 「委員意見への対応状況」 plus the meeting when there is one.
pub fn title(rows: &[ResponseRow], meeting: Option<&str>, lang: Language) -> String {
    let base = lang.pick("委員意見への対応状況", "Responses to committee comments");
    match (meeting, rows.first()) {
        (Some(_), Some(row)) => format!("{base} — {}", row.meeting_title),
        _ => base.to_string(),
    }
}

/// Markdown: a heading and one table.
pub fn to_markdown(rows: &[ResponseRow], meeting: Option<&str>, lang: Language) -> String {
    let mut out = format!("# {}\n\n", md_cell(&title(rows, meeting, lang)));
    let headers = headers(lang);
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for row in rows {
        let cells: Vec<String> = cells(row, lang)
            .iter()
            .map(|c| md_cell(&c.replace('\n', " ")))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if rows.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            lang.pick(
                "対応を要する意見はありません。",
                "No comment needs a response."
            )
        ));
    }
    out
}

/// CSV: headers in the language, every text cell guarded against formulas.
pub fn to_csv(rows: &[ResponseRow], lang: Language) -> Result<String> {
    let mut writer = CsvOut::new();
    writer.record(headers(lang))?;
    for row in rows {
        let record: Vec<String> = cells(row, lang).iter().map(|c| csv_text(c)).collect();
        writer.record(&record)?;
    }
    writer.finish()
}

/// One printable HTML page with the table (header repeated on every printed page).
pub fn to_html(
    rows: &[ResponseRow],
    meeting: Option<&str>,
    lang: Language,
    organisation: &str,
) -> String {
    let title = title(rows, meeting, lang);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.as_str(),
        html(format!("{organisation} {title}").trim()),
        html(&title)
    );
    if !organisation.is_empty() {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", html(organisation)));
    }
    out.push_str("<table>\n<thead><tr>");
    for header in headers(lang) {
        out.push_str(&format!("<th>{}</th>", html(header)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (index, cell) in cells(row, lang).iter().enumerate() {
            let class = match index {
                1 | 4 | 7 => " class=\"nowrap\"",
                _ => "",
            };
            let text = html(cell).replace('\n', "<br>");
            out.push_str(&format!("<td{class}>{text}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  color: #1b1b1b; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.4rem; border-bottom: 3px solid #1f5fa8; padding-bottom: .3rem; }
.meta { color: #666; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; vertical-align: top; }
th { background: #eef3f9; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
@page { size: A4 landscape; margin: 12mm; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Workspace {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Workspace::load(root).expect("the repository's sample workspace loads")
    }

    #[test]
    fn the_sample_comments_with_their_responses() {
        let workspace = sample();
        let rows = response_rows(&workspace, Some("2021-03-22-kaikaku-suishin-1"));
        let flagged = workspace
            .meeting("2021-03-22-kaikaku-suishin-1")
            .expect("sample")
            .statements
            .iter()
            .filter(|s| s.needs_response)
            .count();
        assert_eq!(rows.len(), flagged);
        assert!(rows.len() >= 5);
        let first = &rows[0];
        assert_eq!(first.statement, "s3");
        assert_eq!(first.speaker, "加藤委員");
        assert_eq!(first.status, ResponseStatus::Considering);
        assert!(first.response.starts_with("窓口改革について"));
        assert_eq!(first.cycle, Some(FiscalYear(2020)));
        let md = to_markdown(&rows, None, Language::Ja);
        assert!(md.contains("| 会議 | 開催日 | 発言者 | 委員意見 | 対応状況 |"));
        assert!(md.contains("| 加藤委員 |"));
        assert!(md.contains("| 検討中 |"));
        let csv = to_csv(&rows, Language::En).expect("csv");
        assert!(csv.starts_with("Meeting,Date,Speaker,Comment,Status,Response,Department,Cycle\n"));
        assert!(csv.contains(",Under consideration,"));
        let page = to_html(&rows, None, Language::Ja, "熊本市");
        assert!(page.contains("<thead><tr><th>会議</th>"));
        assert!(page.contains("thead { display: table-header-group; }"));
        assert_eq!(page.matches("<tr>").count(), rows.len() + 1);
    }

    #[test]
    fn hostile_text_is_escaped_in_every_format() {
        let nasty = "=HYPERLINK(\"x\")<script>|\u{1b}[2J\u{202e}";
        let row = ResponseRow {
            meeting: "m".into(),
            meeting_title: nasty.into(),
            meeting_date: NaiveDate::from_ymd_opt(2024, 7, 30).expect("date"),
            statement: "s1".into(),
            speaker: nasty.into(),
            comment: nasty.into(),
            status: ResponseStatus::Open,
            response: nasty.into(),
            department: nasty.into(),
            cycle: None,
            target: None,
        };
        let rows = [row];
        let page = to_html(&rows, None, Language::Ja, nasty);
        assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"));
        let csv = to_csv(&rows, Language::Ja).expect("csv");
        assert!(csv.contains("\"'=HYPERLINK"), "{csv}");
        let md = to_markdown(&rows, None, Language::Ja);
        assert!(md.contains("\\|") && !md.contains("<script>"));
        for text in [&page, &csv, &md] {
            assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
        }
    }

    #[test]
    fn unknown_meeting_gives_no_rows() {
        assert!(response_rows(&sample(), Some("nope")).is_empty());
    }
}
