//! Writing a meeting out: the published 議事録（要旨） text, Akoma Ntoso or Popolo.
//!
//! The text layout copies the minutes Japanese cities publish, down to the spaced section
//! titles (「1 日 時」) and the blank line between every paragraph, because the secretariat
//! pastes it straight into the city's template; the importer reads the same layout, so
//! export → import → export gives the same text.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use super::{
    akn, anonymize, attendee_label, derived_material_id, is_member, popolo, speaker_label,
};
use crate::model::Meeting;
use crate::model::meeting::{AgendaItem, Attendance, MaterialRef, Statement};

/// What the title line ends with: the document is the summary minutes of the meeting.
pub const DOCUMENT_SUFFIX: &str = "議事録（要旨）";
/// Section titles as the seed prints them (the spaces inside 「日 時」 are part of the layout).
pub const SECTION_DATE: &str = "日 時";
pub const SECTION_PLACE: &str = "場 所";
pub const SECTION_ATTENDEES: &str = "出席委員（敬称略、順不同）";
pub const SECTION_MATERIALS: &str = "配付資料";
pub const SECTION_AGENDA: &str = "次 第";
/// Only printed when the meeting carries notes an import could not place.
pub const SECTION_NOTES: &str = "備考";
pub const SECTION_STATEMENTS: &str = "議事録（要旨）";

/// The export formats `kaikaku minutes export --format` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The published plain-text layout (`md`: it reads as Markdown too).
    Md,
    /// Akoma Ntoso 3.0 `debateReport` XML.
    Akn,
    /// Popolo JSON (events, persons, memberships, speeches).
    Popolo,
    /// One printable HTML page in the published layout.
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Akn, Format::Popolo, Format::Html];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Akn => "akn",
            Format::Popolo => "popolo",
            Format::Html => "html",
        }
    }

    /// The usual file extension, for callers that write the export to a file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Akn => "xml",
            Format::Popolo => "json",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown `--format` value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown minutes format \"{0}\" (expected md, akn, popolo or html)")]
pub struct UnknownFormat(pub String);

impl crate::i18n::Localize for UnknownFormat {
    fn message(&self, lang: crate::model::Language) -> String {
        match lang {
            crate::model::Language::En => self.to_string(),
            crate::model::Language::Ja => format!(
                "議事録の形式「{}」は使えません（md、akn、popolo、html のいずれか）",
                self.0
            ),
        }
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" | "text" | "txt" => Ok(Format::Md),
            "akn" | "akoma-ntoso" | "xml" => Ok(Format::Akn),
            "popolo" | "json" => Ok(Format::Popolo),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(UnknownFormat(text.to_string())),
        }
    }
}

/// How to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Replace member names by 会長 / 委員A, 委員B … everywhere (see [`anonymize`]).
    pub anonymize: bool,
    /// The committee's name from the settings, for the formats that name the organisation
    /// (the meeting itself only stores the committee id); the id is used when absent.
    pub committee_name: Option<String>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write Popolo JSON")]
    Json(#[source] serde_json::Error),
    #[error("cannot write the Word document")]
    Docx(#[source] zip::result::ZipError),
}

impl crate::i18n::Localize for ExportError {
    fn message(&self, lang: crate::model::Language) -> String {
        use crate::i18n::DETAIL;
        match (self, lang) {
            (ExportError::Json(e), crate::model::Language::Ja) => {
                format!("Popolo JSON を書き出せません（{DETAIL}{e}）")
            }
            (ExportError::Docx(e), crate::model::Language::Ja) => {
                format!("Word 文書を書き出せません（{DETAIL}{e}）")
            }
            (ExportError::Json(e), crate::model::Language::En) => format!("{self}: {e}"),
            (ExportError::Docx(e), crate::model::Language::En) => format!("{self}: {e}"),
        }
    }
}

/// Exports a meeting in the given format; the text ends with a newline.
pub fn export(
    meeting: &Meeting,
    format: Format,
    options: &ExportOptions,
) -> Result<String, ExportError> {
    export_for(meeting, format, options, None)
}

/// [`export`] for a known city: Akoma Ntoso names it as the document's source, HTML in its
/// page header.
pub fn export_for(
    meeting: &Meeting,
    format: Format,
    options: &ExportOptions,
    organisation: Option<&str>,
) -> Result<String, ExportError> {
    let anonymized;
    let meeting = if options.anonymize {
        anonymized = anonymize(meeting);
        &anonymized
    } else {
        meeting
    };
    let committee = options.committee_name.as_deref();
    match format {
        Format::Md => Ok(to_published_text(meeting, committee)),
        Format::Akn => Ok(akn::to_akn_for(
            meeting,
            akn::Publisher {
                organisation,
                committee,
            },
        )),
        Format::Popolo => popolo::to_popolo(meeting, committee.unwrap_or(&meeting.committee))
            .map_err(ExportError::Json),
        Format::Html => Ok(super::html::to_html(meeting, committee, organisation)),
    }
}

/// The minutes as a Word document (`.docx`), anonymised when asked; see [`super::docx`].
pub fn export_docx(meeting: &Meeting, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let anonymized;
    let meeting = if options.anonymize {
        anonymized = anonymize(meeting);
        &anonymized
    } else {
        meeting
    };
    super::docx::to_docx(meeting, options.committee_name.as_deref()).map_err(ExportError::Docx)
}

/// The minutes in the published plain-text layout: every paragraph separated by a blank
/// line, as in the seed, so that a reader of either cannot tell them apart. The title is
/// the meeting's own; [`to_published_text`] completes it with 年度 and committee.
pub fn to_plain_text(meeting: &Meeting) -> String {
    to_published_text(meeting, None)
}

/// The published layout with the title as the city prints it (see [`published_title`]).
pub fn to_published_text(meeting: &Meeting, committee: Option<&str>) -> String {
    let mut out: Vec<String> = Vec::new();
    let title = format!(
        "{} {DOCUMENT_SUFFIX}",
        published_title(meeting, committee).trim()
    );
    out.push(title.trim().to_string());
    let mut number = 0;
    let mut section = |out: &mut Vec<String>, title: &str| {
        number += 1;
        out.push(format!("{number} {title}"));
    };

    for (title, lines) in header_sections(meeting) {
        section(&mut out, title);
        out.extend(lines);
    }
    section(&mut out, SECTION_STATEMENTS);
    for block in blocks(meeting) {
        if let Some(heading) = block.heading {
            out.extend(paragraphs(heading));
        }
        out.push(format!("[{}]", block.label));
        for reference in &block.references {
            out.push(reference_line(reference));
        }
        for statement in &block.statements {
            push_text(&mut out, &statement.text);
        }
    }
    let mut text = out.join("\n\n");
    text.push('\n');
    text
}

/// The numbered header sections before the statements, each with its printed lines:
/// 日時, 場所, 出席委員, 配付資料, 次第 and, for imported minutes that had them, 備考. Shared by
/// the text, HTML and Word exports so the three print the same document.
pub fn header_sections(meeting: &Meeting) -> Vec<(&'static str, Vec<String>)> {
    let mut sections = vec![
        (SECTION_DATE, vec![date_line(meeting)]),
        (SECTION_PLACE, paragraphs(&meeting.place).collect()),
        (SECTION_ATTENDEES, attendee_lines(meeting)),
    ];
    let materials = meeting
        .materials
        .iter()
        .map(|material| {
            // A material printed without an id got one derived from its title on import;
            // printing it again would make the text grow on every round trip.
            let line = if !material.title.is_empty()
                && material.id == derived_material_id(&material.title)
            {
                material.title.clone()
            } else {
                format!("{} {}", material.id, material.title)
            };
            line.trim_end().to_string()
        })
        .collect();
    sections.push((SECTION_MATERIALS, materials));
    let mut agenda = Vec::new();
    agenda_lines(&meeting.agenda, &mut agenda);
    sections.push((SECTION_AGENDA, agenda));
    if !meeting.notes.is_empty() {
        let notes = meeting.notes.iter().flat_map(|n| paragraphs(n)).collect();
        sections.push((SECTION_NOTES, notes));
    }
    sections
}

/// The title the city prints: 「令和6年度（2024年度）第1回熊本市市役所改革推進委員会」.
///
/// A title that already names its 年度 (imported or transcribed minutes) is printed as it
/// is. Otherwise the fiscal year goes in front, and a short title such as
/// 「第1回市役所改革推進委員会」 is replaced by 第N回 plus the committee's full name when that
/// name contains it, because the typist writes the short form and the city prints the long.
pub fn published_title(meeting: &Meeting, committee: Option<&str>) -> String {
    let title = meeting.title.trim();
    if title.contains("年度") {
        return title.to_string();
    }
    let (ordinal, rest) = match split_ordinal(title) {
        Some((ordinal, rest)) => (ordinal.to_string(), rest.trim()),
        None => (
            meeting
                .number
                .map(|n| format!("第{n}回"))
                .unwrap_or_default(),
            title,
        ),
    };
    let rest = match committee.map(str::trim).filter(|c| !c.is_empty()) {
        Some(name) if rest.is_empty() || name.contains(rest) => name,
        _ => rest,
    };
    let year = meeting.fiscal_year;
    format!("{}（{}年度）{ordinal}{rest}", year.wareki(), year.year())
}

/// 「第1回」 at the start of a title and what follows it.
fn split_ordinal(title: &str) -> Option<(&str, &str)> {
    let after = title.strip_prefix('第')?;
    let end = after.find('回')?;
    let digits = &after[..end];
    let is_number = !digits.is_empty()
        && digits.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
        });
    is_number.then(|| title.split_at('第'.len_utf8() + end + '回'.len_utf8()))
}

/// One speaker heading of the published minutes and what is printed under it.
pub struct Block<'a> {
    /// A turn in the discussion printed before the speaker (「【DX アクションプランへの質疑へ】」).
    pub heading: Option<&'a str>,
    /// The printed label, without brackets.
    pub label: &'a str,
    /// Material lines printed under the label: only where the typist chose a material, and
    /// not again while the discussion stays on the same one.
    pub references: Vec<&'a MaterialRef>,
    pub statements: Vec<&'a Statement>,
}

/// The statements grouped as the city prints them: consecutive statements of one speaker
/// under one `[label]` (live recording makes one statement per Enter, the minutes one block
/// per turn). A material line is printed where a statement has one, except when the same
/// speaker goes on about the same material: the seed minutes repeat 「【資料1】P3 窓口改革に
/// ついて」 for each speaker on the topic, never within one speaker's turn. A heading, a
/// new speaker or a new material line starts a new block.
pub fn blocks(meeting: &Meeting) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    let mut last_references: Vec<&MaterialRef> = Vec::new();
    for statement in &meeting.statements {
        let label = speaker_label(meeting, statement);
        let references: Vec<&MaterialRef> =
            statement.materials.iter().filter(|r| !r.inline).collect();
        let same_speaker =
            statement.heading.is_none() && blocks.last().is_some_and(|block| block.label == label);
        let printed = if same_speaker && same_references(&references, &last_references) {
            Vec::new()
        } else {
            references.clone()
        };
        match blocks.last_mut() {
            Some(block) if same_speaker && printed.is_empty() => block.statements.push(statement),
            _ => blocks.push(Block {
                heading: statement.heading.as_deref(),
                label,
                references: printed,
                statements: vec![statement],
            }),
        }
        last_references = references;
    }
    blocks
}

/// Whether two statements point at the same material pages and topics.
fn same_references(a: &[&MaterialRef], b: &[&MaterialRef]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.material == y.material && x.page == y.page && x.topic == y.topic)
}

/// The non-blank lines of a multi-line field; blank lines carry no meaning in the layout
/// (every paragraph is separated by one already) and would not survive an import.
fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
}

/// Statement text, one paragraph per line, except that consecutive Markdown list items
/// (「- ・ …」) stay on adjacent lines as the published minutes print them.
fn push_text(out: &mut Vec<String>, text: &str) {
    let mut previous_is_item = false;
    for line in paragraphs(text) {
        let is_item = line.starts_with("- ");
        match out.last_mut() {
            Some(last) if is_item && previous_is_item => {
                last.push('\n');
                last.push_str(&line);
            }
            _ => out.push(line),
        }
        previous_is_item = is_item;
    }
}

/// 「【資料1】P3 窓口改革について」; without a page the topic follows the bracket directly.
pub fn reference_line(reference: &MaterialRef) -> String {
    let mut line = format!("【{}】", reference.material);
    if let Some(page) = &reference.page {
        line.push('P');
        line.push_str(page);
        if reference.topic.is_some() {
            line.push(' ');
        }
    }
    if let Some(topic) = &reference.topic {
        line.push_str(topic);
    }
    line
}

/// 「令和3年（2021年）3月22日（月） 午後2時00分から午後3時30分まで」.
pub fn date_line(meeting: &Meeting) -> String {
    let mut line = wareki_date(meeting.date);
    let start = meeting.start.as_deref().map(japanese_time);
    let end = end_time(meeting).map(japanese_time);
    match (start, end) {
        (Some(start), Some(end)) => line.push_str(&format!(" {start}から{end}まで")),
        (Some(start), None) => line.push_str(&format!(" {start}から")),
        (None, Some(end)) => line.push_str(&format!(" {end}まで")),
        (None, None) => {}
    }
    line
}

/// When the meeting ended: the recorded end, else the time of the last statement recorded
/// live (a typist closing the meeting rarely fills the end in; the minutes still need one,
/// and the meeting did not end before its last statement).
pub fn end_time(meeting: &Meeting) -> Option<&str> {
    meeting.end.as_deref().or_else(|| {
        meeting
            .statements
            .iter()
            .rev()
            .find_map(|s| s.time.as_deref())
    })
}

/// Calendar eras by their first day, newest first (a date, unlike a fiscal year, changes
/// era on the day: 2019-04-30 is 平成31年, 2019-05-01 令和元年).
const CALENDAR_ERAS: [(&str, i32, u32, u32); 3] = [
    ("令和", 2019, 5, 1),
    ("平成", 1989, 1, 8),
    ("昭和", 1926, 12, 25),
];

/// 「令和3年（2021年）3月22日（月）」: the era year with the western year beside it.
pub fn wareki_date(date: NaiveDate) -> String {
    let era = CALENDAR_ERAS.iter().find(|(_, y, m, d)| {
        NaiveDate::from_ymd_opt(*y, *m, *d).is_some_and(|first| date >= first)
    });
    let year = match era {
        Some((name, first, _, _)) => {
            let n = date.year() - first + 1;
            let n = if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            };
            format!("{name}{n}年（{}年）", date.year())
        }
        None => format!("{}年", date.year()),
    };
    let weekday = match date.weekday() {
        Weekday::Mon => '月',
        Weekday::Tue => '火',
        Weekday::Wed => '水',
        Weekday::Thu => '木',
        Weekday::Fri => '金',
        Weekday::Sat => '土',
        Weekday::Sun => '日',
    };
    format!("{year}{}月{}日（{weekday}）", date.month(), date.day())
}

/// 「午後2時00分」 from `14:00`; text that is not `HH:MM` is printed as it is.
pub fn japanese_time(time: &str) -> String {
    let Ok(parsed) = NaiveTime::parse_from_str(time, "%H:%M") else {
        return time.to_string();
    };
    let (half, hour) = if parsed.hour() < 12 {
        ("午前", parsed.hour())
    } else {
        ("午後", parsed.hour() - 12)
    };
    format!("{half}{hour}時{:02}分", parsed.minute())
}

/// The attendee section: the members present, then (in parentheses) absent members and
/// anyone else who attended but never spoke — speakers come back from their statements.
fn attendee_lines(meeting: &Meeting) -> Vec<String> {
    let mut lines = Vec::new();
    let present: Vec<String> = meeting
        .attendees
        .iter()
        .filter(|a| is_member(a) && a.attendance != Attendance::Absent)
        .map(|a| match a.attendance {
            Attendance::Online => format!("{}（オンライン）", a.name),
            Attendance::Proxy(_) => format!("{}（代理出席）", a.name),
            _ => a.name.clone(),
        })
        .collect();
    if !present.is_empty() {
        lines.push(present.join("、"));
    }
    let absent: Vec<&str> = meeting
        .attendees
        .iter()
        .filter(|a| is_member(a) && a.attendance == Attendance::Absent)
        .map(|a| a.name.as_str())
        .collect();
    if !absent.is_empty() {
        lines.push(format!("（欠席：{}）", absent.join("、")));
    }
    let mut roles: Vec<(&str, Vec<String>)> = Vec::new();
    for attendee in &meeting.attendees {
        let speaks = meeting.statements.iter().any(|s| s.speaker == attendee.id);
        if is_member(attendee) || speaks {
            continue;
        }
        // An official is printed with the department, as minutes list 説明員.
        let name = match attendee.department.as_deref().filter(|d| !d.is_empty()) {
            Some(department) => format!("{department} {}", attendee_label(attendee)),
            None => attendee_label(attendee).to_string(),
        };
        match roles.iter_mut().find(|(r, _)| *r == attendee.role) {
            Some((_, names)) => names.push(name),
            None => roles.push((&attendee.role, vec![name])),
        }
    }
    for (role, names) in roles {
        lines.push(format!("（{role}：{}）", names.join("、")));
    }
    lines
}

/// Agenda items depth first, numbers as printed. A circled number sits right against its
/// title (「①市役所改革…」), any other number is followed by a space (「(1) 委嘱状交付」).
fn agenda_lines(items: &[AgendaItem], out: &mut Vec<String>) {
    out.extend(agenda_entries(items).into_iter().map(|(_, line)| line));
}

/// The agenda lines with their depth (0 for top-level items), for the layouts that indent
/// sub-items (HTML, Word); the text layout prints them flush, as the seed does.
pub fn agenda_entries(items: &[AgendaItem]) -> Vec<(usize, String)> {
    fn walk(items: &[AgendaItem], depth: usize, out: &mut Vec<(usize, String)>) {
        for item in items {
            let glue = if item.number.is_empty() || is_circled(&item.number) {
                ""
            } else {
                " "
            };
            out.push((depth, format!("{}{glue}{}", item.number, item.title)));
            walk(&item.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(items, 0, &mut out);
    out
}

/// Whether a number is a single circled digit (① … ⑳, ㉑ … ㊿).
pub fn is_circled(number: &str) -> bool {
    let mut chars = number.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if circled_value(c).is_some())
}

/// The value of a circled digit: ① = 1 … ⑳ = 20, ㉑ = 21 … ㊿ = 50.
pub fn circled_value(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        '㉑'..='㉟' => Some(c as u32 - '㉑' as u32 + 21),
        '㊱'..='㊿' => Some(c as u32 - '㊱' as u32 + 36),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{SEED_TEXT, sample};
    use super::*;

    #[test]
    fn plain_text_of_the_sample_is_the_seed() {
        let text = to_plain_text(&sample());
        let seed = format!("{}\n", SEED_TEXT.trim());
        if text != seed {
            let diff = text
                .lines()
                .zip(seed.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b);
            panic!("first difference (line, export, seed): {diff:?}");
        }
    }

    #[test]
    fn dates_and_times_in_japanese() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        assert_eq!(
            wareki_date(date(2021, 3, 22)),
            "令和3年（2021年）3月22日（月）"
        );
        assert_eq!(
            wareki_date(date(2019, 5, 1)),
            "令和元年（2019年）5月1日（水）"
        );
        assert_eq!(
            wareki_date(date(2019, 4, 30)),
            "平成31年（2019年）4月30日（火）"
        );
        assert_eq!(japanese_time("14:00"), "午後2時00分");
        assert_eq!(japanese_time("09:05"), "午前9時05分");
        assert_eq!(japanese_time("12:30"), "午後0時30分");
        assert_eq!(japanese_time("夕方"), "夕方");
    }

    #[test]
    fn reference_lines() {
        let reference = |page: Option<&str>, topic: Option<&str>| MaterialRef {
            material: "参考資料2".into(),
            page: page.map(str::to_string),
            topic: topic.map(str::to_string),
            inline: false,
        };
        assert_eq!(
            reference_line(&reference(Some("10-12"), Some("財政指標"))),
            "【参考資料2】P10-12 財政指標"
        );
        assert_eq!(
            reference_line(&reference(None, Some("全体"))),
            "【参考資料2】全体"
        );
        assert_eq!(
            reference_line(&reference(Some("3"), None)),
            "【参考資料2】P3"
        );
    }

    #[test]
    fn absent_members_and_silent_officials_are_listed() {
        let mut meeting = sample();
        meeting.attendees[1].attendance = Attendance::Absent;
        meeting.attendees[2].attendance = Attendance::Online;
        meeting.statements.retain(|s| s.speaker != "staff3");
        let text = to_plain_text(&meeting);
        assert!(
            text.contains("\n\n澤田道夫、久間孝志（オンライン）、濱田麻里、"),
            "{text}"
        );
        assert!(text.contains("\n\n（欠席：八幡彩子）\n\n"));
        assert!(text.contains("\n\n（事務局：総務局長）\n\n"));
    }

    #[test]
    fn titles_get_the_fiscal_year_and_the_committee() {
        let mut meeting = sample();
        // Already published form: unchanged.
        assert_eq!(
            published_title(&meeting, Some("熊本市市役所改革推進委員会")),
            meeting.title
        );
        meeting.title = "第1回市役所改革推進委員会".into();
        meeting.fiscal_year = crate::model::FiscalYear(2024);
        assert_eq!(
            published_title(&meeting, Some("熊本市市役所改革推進委員会")),
            "令和6年度（2024年度）第1回熊本市市役所改革推進委員会"
        );
        // A committee name that does not contain the title leaves the title as typed.
        assert_eq!(
            published_title(&meeting, Some("行政改革懇話会")),
            "令和6年度（2024年度）第1回市役所改革推進委員会"
        );
        meeting.title = "市役所改革推進委員会".into();
        meeting.number = Some(2);
        assert_eq!(
            published_title(&meeting, None),
            "令和6年度（2024年度）第2回市役所改革推進委員会"
        );
    }

    #[test]
    fn one_heading_per_turn_and_a_material_line_once_per_turn() {
        let mut meeting = sample();
        let reference = MaterialRef {
            material: "資料1".into(),
            page: Some("3".into()),
            topic: None,
            inline: false,
        };
        meeting.statements.truncate(4);
        for statement in &mut meeting.statements {
            statement.speaker = "staff1".into();
            statement.heading = None;
            statement.label = None;
            statement.materials = vec![reference.clone()];
        }
        // The same speaker on the same page: one block, one material line.
        let grouped = blocks(&meeting);
        assert_eq!(grouped.len(), 1);
        assert_eq!(grouped[0].references.len(), 1);
        assert_eq!(grouped[0].statements.len(), 4);
        // A new page starts a new block under the same label; a new speaker repeats the line.
        meeting.statements[2].materials[0].page = Some("4".into());
        meeting.statements[3].speaker = "kato".into();
        meeting.statements[3].materials[0].page = Some("4".into());
        let grouped = blocks(&meeting);
        let shape: Vec<(&str, usize, usize)> = grouped
            .iter()
            .map(|b| (b.label, b.references.len(), b.statements.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("改革プロジェクト推進課長", 1, 2),
                ("改革プロジェクト推進課長", 1, 1),
                ("加藤委員", 1, 1)
            ]
        );
        let text = to_plain_text(&meeting);
        assert_eq!(text.matches("【資料1】P3").count(), 1);
        assert_eq!(text.matches("【資料1】P4").count(), 2);
    }

    #[test]
    fn the_end_time_falls_back_to_the_last_statement() {
        let mut meeting = sample();
        meeting.end = None;
        assert_eq!(end_time(&meeting), None);
        meeting.statements[3].time = Some("15:10".into());
        assert!(date_line(&meeting).ends_with("午後2時00分から午後3時10分まで"));
    }

    #[test]
    fn formats_parse_by_name() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        }
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn circled_numbers() {
        assert!(is_circled("①"));
        assert!(is_circled("㉑"));
        assert!(!is_circled("(1)"));
        assert!(!is_circled("①②"));
        assert_eq!(circled_value('⑳'), Some(20));
        assert_eq!(circled_value('㊿'), Some(50));
    }
}
