//! Reading published minutes (議事録) back into a draft meeting, whatever their layout.
//!
//! Cities publish minutes as web pages, PDF or Word; the secretariat pastes or converts the
//! text and this module recovers the structure as a staged pipeline, each stage plain data
//! in and out, with one place per way layouts differ:
//!
//! 1. [`lines`]: BOM, line ends and width once; page numbers, site navigation, running
//!    headers and PDF hard wraps cleaned;
//! 2. [`speakers`]: the speaker convention that explains the most lines (`[名前]`, `(会長)`,
//!    `山田会長：`, `○委員長`, a marker legend …), or the user's `--speaker-pattern`;
//! 3. [`segment`]: title, header sections and the statements body, every line kept;
//! 4. [`header`], [`people`], [`agenda`], [`materials`]: date and times, attendees (groups,
//!    roles, roster), the nested agenda, the materials;
//! 5. [`statements`]: one statement per turn, or per paragraph when nobody is named;
//! 6. [`kind`]: the kind of each statement and what it answers.
//!
//! Word lists live in [`vocab`]; what the importer was unsure about is a typed
//! [`Warning`]. What the text does not say is guessed and flagged as a draft for the
//! secretariat to confirm. No line is ever dropped: whatever fits no section lands in
//! [`Meeting::notes`], and unknown lines inside a statement stay in its text.

pub mod agenda;
pub mod docx;
pub mod header;
pub mod kind;
pub mod lines;
pub mod materials;
pub mod people;
pub mod segment;
pub mod speakers;
pub mod statements;
pub mod vocab;
pub mod warning;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use speakers::Convention;
pub use warning::Warning;

use super::compact;
use crate::model::meeting::{MeetingStatus, Statement};
use crate::model::settings::{Committee, Settings};
use crate::model::{FiscalYear, Language, Meeting};
use people::{Group, People};
use segment::{Document, Section};

/// A draft meeting and what the importer was unsure about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub meeting: Meeting,
    pub warnings: Vec<Warning>,
    /// How speakers were recognised; `None` when the statements are summaries.
    pub convention: Option<Convention>,
}

/// What detection may get wrong, set by the user.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A regular expression whose named group `speaker` (and optionally `text`) marks a
    /// speaker turn; replaces detection.
    pub speaker_pattern: Option<regex::Regex>,
    /// The meeting date, when the text has none or the wrong one.
    pub date: Option<NaiveDate>,
    /// The committee id from kaikaku.ron, when the title does not name it.
    pub committee: Option<String>,
}

/// Why a text could not be read as minutes at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("no meeting date found (expected a line such as 令和3年（2021年）3月22日 under 日時)")]
    NoDate,
    #[error("no statements found: neither speaker turns nor paragraphs after the header")]
    NoStatements,
    #[error("no committee \"{0}\" in kaikaku.ron")]
    UnknownCommittee(String),
}

impl crate::i18n::Localize for ImportError {
    fn message(&self, lang: Language) -> String {
        self.describe(lang)
    }
}

impl ImportError {
    /// The error in `lang` (the `Display` text is the English one).
    pub fn describe(&self, lang: Language) -> String {
        match (self, lang) {
            (ImportError::NoDate, Language::Ja) => {
                "会議の日付が見つかりません（日時の欄に 令和3年3月22日 のような行が必要です）"
                    .into()
            }
            (ImportError::NoStatements, Language::Ja) => {
                "発言が見つかりません（見出しの後に発言者の表記も段落もありません）".into()
            }
            (ImportError::UnknownCommittee(id), Language::Ja) => {
                format!("kaikaku.ron に委員会 \"{id}\" はありません")
            }
            (error, Language::En) => error.to_string(),
        }
    }

    /// What to do about it, in `lang`.
    pub fn hint(&self, lang: Language) -> &'static str {
        match self {
            ImportError::NoDate => lang.pick(
                "--date YYYY-MM-DD で日付を指定してください",
                "pass the date with --date YYYY-MM-DD",
            ),
            ImportError::NoStatements => lang.pick(
                "議事の部分があるか確認し、発言者の表記を --speaker-pattern で指定してください",
                "check that the text holds the minutes proper, or mark speakers with --speaker-pattern",
            ),
            ImportError::UnknownCommittee(_) => lang.pick(
                "委員会は kaikaku.ron の `committees` にあります",
                "committees are listed in kaikaku.ron",
            ),
        }
    }
}

/// Reads minutes with detection only (no overrides).
pub fn import(text: &str, settings: Option<&Settings>) -> Result<Imported, ImportError> {
    import_with(text, settings, &Options::default())
}

/// Reads minutes in any layout. `settings` supplies the committee roster: the committee is
/// matched by name (or chosen by `options.committee`), members by name (spaces and
/// full-width letters ignored); without it, everyone listed becomes an ad-hoc attendee.
pub fn import_with(
    text: &str,
    settings: Option<&Settings>,
    options: &Options,
) -> Result<Imported, ImportError> {
    let (lines, cleaned) = lines::prepare(text);
    let speakers = speakers::detect(&lines, options.speaker_pattern.clone());
    let doc = segment::segment(&lines, &speakers);
    let mut warnings = Vec::new();

    let title = title_of(&doc);
    let mut header = header::parse_title(title.map_or("", |l| l.text.as_str()));
    if let Some(name) = named_body(&doc)
        && !vocab::BODY_WORDS
            .iter()
            .any(|w| header.committee.contains(w))
    {
        if header.title.is_empty()
            || vocab::DOCUMENT_WORDS.contains(&compact(&header.title).as_str())
        {
            header.title.clone_from(&name);
        }
        let named = header::parse_title(&name);
        header.committee = named.committee;
        header.number = header.number.or(named.number);
        header.fiscal_year = header.fiscal_year.or(named.fiscal_year);
    }
    let committee = match (&options.committee, settings) {
        (Some(id), Some(s)) => Some(
            s.committee(id)
                .ok_or_else(|| ImportError::UnknownCommittee(id.clone()))?,
        ),
        (Some(id), None) => return Err(ImportError::UnknownCommittee(id.clone())),
        (None, Some(s)) => find_committee(s, &header.committee),
        (None, None) => None,
    };
    if settings.is_some() && committee.is_none() {
        warnings.push(Warning::UnknownCommittee {
            name: header.committee.clone(),
        });
    }

    let mut people = People::new(settings, committee);
    let Fields {
        date,
        times,
        place,
        materials,
        agenda,
        notes,
        running,
    } = read_fields(&doc, title, &mut people);
    let date = match (options.date, date) {
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => {
            let (d, line) = date_elsewhere(&doc, title).ok_or(ImportError::NoDate)?;
            warnings.push(Warning::DateFromText { line });
            d
        }
    };

    let built = statements::build(&doc.body, &speakers, &mut people, &materials, &agenda);
    if built.statements.is_empty() {
        return Err(ImportError::NoStatements);
    }
    let cleaned = lines::Cleaned {
        running_headers: cleaned.running_headers + running,
        ..cleaned
    };
    warnings.extend(review_warnings(&mut people, &built, cleaned));

    let chair = people.chair();
    let secretariat = secretariat(&people, &built.statements);
    let committee_id = committee.map_or_else(|| header.committee.clone(), |c| c.id.clone());
    let id_part = committee.map_or("meeting", |c| c.id.as_str());
    let id = match header.number {
        Some(n) => format!("{date}-{id_part}-{n}"),
        None => format!("{date}-{id_part}"),
    };
    let fiscal_year = header
        .fiscal_year
        .unwrap_or_else(|| FiscalYear::containing(date));
    let mut times = times.into_iter();
    let meeting = Meeting {
        id,
        committee: committee_id,
        fiscal_year,
        number: header.number,
        title: header.title,
        date,
        start: times.next(),
        end: times.next(),
        place: place.join("\n"),
        status: MeetingStatus::Draft,
        chair,
        secretariat,
        attendees: people.attendees,
        materials: materials.items,
        agenda: agenda.items,
        notes,
        statements: built.statements,
    };
    Ok(Imported {
        meeting,
        warnings,
        convention: speakers.convention.filter(|_| !built.summary),
    })
}

/// What the header sections hold, and the lines they could not place.
struct Fields {
    date: Option<NaiveDate>,
    times: Vec<String>,
    place: Vec<String>,
    materials: materials::Materials,
    agenda: agenda::Agenda,
    notes: Vec<String>,
    /// Preamble lines that only repeated the title.
    running: usize,
}

/// Reads every header section of `doc` in order; attendees go to `people`.
fn read_fields(doc: &Document, title: Option<&lines::Line>, people: &mut People) -> Fields {
    let mut notes = Vec::new();
    let mut running = 0;
    let mut date = None;
    let mut times = Vec::new();
    let mut place = Vec::new();
    let mut materials = materials::Materials::default();
    let mut agenda = agenda::Agenda::default();
    for (index, field) in doc.fields.iter().enumerate() {
        match field.section() {
            Section::Preamble => {
                for line in &field.lines {
                    if title.is_some_and(|t| std::ptr::eq(t, line)) {
                        continue;
                    }
                    if index == 0 && title.is_some_and(|t| repeats_title(t, line)) {
                        running += 1;
                        continue;
                    }
                    notes.push(line.text.clone());
                }
            }
            Section::Date => {
                for line in &field.lines {
                    let mut used = false;
                    if date.is_none()
                        && let Some(d) = header::parse_date(&line.norm)
                    {
                        date = Some(d);
                        used = true;
                    }
                    let found = header::parse_times(&line.norm);
                    if !found.is_empty() && times.is_empty() {
                        times = found;
                        used = true;
                    }
                    if !used {
                        notes.push(value_text(&line.text));
                    }
                }
            }
            Section::Place => place.extend(field.lines.iter().map(|l| value_text(&l.text))),
            Section::Attendees | Section::Absent | Section::Staff => {
                let mut group = match field.section() {
                    Section::Absent => Group::members(true),
                    Section::Staff => {
                        Group::staff(field.label.as_ref().map_or("事務局", |l| l.word.as_str()))
                    }
                    _ => Group::members(false),
                };
                for line in &field.lines {
                    let (next, unused) = people.list_line(&line.text, &group);
                    group = next;
                    if unused {
                        notes.push(line.text.clone());
                    }
                }
            }
            Section::Materials => field.lines.iter().for_each(|l| materials.line(&l.text)),
            Section::Agenda => field.lines.iter().for_each(|l| agenda.line(&l.text)),
            Section::Notes => notes.extend(field.lines.iter().map(|l| l.text.clone())),
            // Its first line is the body's name (see `named_body`).
            Section::Name => notes.extend(field.lines.iter().skip(1).map(|l| l.text.clone())),
            Section::Other | Section::Statements => {
                // A value printed on the heading's line is in the heading already.
                let same_line = field.label.as_ref().is_some_and(|l| l.value.is_some());
                notes.extend(field.heading.iter().map(|l| l.text.clone()));
                notes.extend(
                    field
                        .lines
                        .iter()
                        .skip(usize::from(same_line))
                        .map(|l| l.text.clone()),
                );
            }
        }
    }
    Fields {
        date,
        times,
        place,
        materials,
        agenda,
        notes,
        running,
    }
}

/// The name a 会議名 section gives (「会議名　第2回○○委員会」).
fn named_body(doc: &Document) -> Option<String> {
    doc.fields
        .iter()
        .find(|f| f.section() == Section::Name)
        .and_then(|f| f.lines.first())
        .map(|l| value_text(&l.text))
}

/// A header value without the list bullet it was printed with (「- 市役所3階」).
fn value_text(text: &str) -> String {
    text.trim()
        .strip_prefix(['-', '・', '•'])
        .map_or(text.trim(), str::trim_start)
        .to_string()
}

/// The summary warnings about people, speakers and cleaning.
fn review_warnings(
    people: &mut People,
    built: &statements::Built,
    cleaned: lines::Cleaned,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if built.summary {
        warnings.push(Warning::NoSpeakers {
            statements: built.statements.len(),
        });
    }
    if !people.not_on_roster.is_empty() {
        warnings.push(Warning::NotOnRoster {
            names: std::mem::take(&mut people.not_on_roster),
        });
    }
    if !people.unlisted.is_empty() {
        warnings.push(Warning::UnlistedSpeakers {
            labels: std::mem::take(&mut people.unlisted),
            from_roster: people.from_roster,
        });
    }
    if !cleaned.is_empty() {
        warnings.push(Warning::Cleaned {
            page_numbers: cleaned.page_numbers,
            navigation: cleaned.navigation,
            running_headers: cleaned.running_headers,
            joined: cleaned.joined,
        });
    }
    warnings
}

/// The title among the preamble lines: the one that names a meeting (第N回, 委員会, 議事録),
/// not a share button or a site's running header.
fn title_of(doc: &Document) -> Option<&lines::Line> {
    let preamble = doc.fields.first().map_or(&[][..], |f| f.lines.as_slice());
    let score = |line: &lines::Line| -> i32 {
        let norm = &line.norm;
        let mut score = 0;
        if norm.contains('第') && norm.contains('回') {
            score += 3;
        }
        if vocab::DOCUMENT_WORDS.iter().any(|w| norm.contains(w)) {
            score += 2;
        }
        if vocab::BODY_WORDS.iter().any(|w| norm.contains(w)) {
            score += 2;
        }
        // Share-site furniture and breadcrumbs (「ホーム > 市政 > 審議会」) are not titles.
        if norm.contains(['·', '…', '>', '＞', '»'])
            || norm.contains("...")
            || norm.contains("http")
            || norm.starts_with("ホーム")
        {
            score -= 6;
        }
        if norm.starts_with(|c: char| c.is_ascii_digit()) && !norm.contains("年度") {
            score -= 2;
        }
        score
    };
    preamble
        .iter()
        .take(12)
        .enumerate()
        .max_by_key(|(i, l)| (score(l), std::cmp::Reverse(*i)))
        .filter(|(_, l)| score(l) > 0)
        .map(|(_, l)| l)
        .or_else(|| preamble.first())
}

/// A preamble line that only repeats the title with page furniture around it.
fn repeats_title(title: &lines::Line, line: &lines::Line) -> bool {
    let key = compact(&title.norm);
    key.chars().count() >= 6 && compact(&line.norm).contains(&key)
}

/// A date printed outside a date section: in the title, then the header, then the preamble.
fn date_elsewhere(doc: &Document, title: Option<&lines::Line>) -> Option<(NaiveDate, usize)> {
    let mut candidates: Vec<&lines::Line> = title.into_iter().collect();
    for field in doc.fields.iter().skip(1) {
        candidates.extend(field.heading.iter());
        candidates.extend(field.lines.iter());
    }
    candidates.extend(doc.fields.first().into_iter().flat_map(|f| f.lines.iter()));
    candidates
        .into_iter()
        .find_map(|l| header::parse_date(&l.norm).map(|d| (d, l.number)))
}

/// The official speaking for the secretariat: the first of role 事務局 who speaks.
fn secretariat(people: &People, statements: &[Statement]) -> Option<String> {
    let speaking: std::collections::HashSet<&str> =
        statements.iter().map(|s| s.speaker.as_str()).collect();
    people
        .attendees
        .iter()
        .find(|a| a.member.is_none() && a.role == "事務局" && speaking.contains(a.id.as_str()))
        .map(|a| a.id.clone())
}

fn find_committee<'a>(settings: &'a Settings, name: &str) -> Option<&'a Committee> {
    let key = compact(name);
    if key.is_empty() {
        return None;
    }
    settings.committees.iter().find(|c| {
        let candidate = compact(&c.name);
        candidate == key || key.ends_with(&candidate) || candidate.ends_with(&key)
    })
}
