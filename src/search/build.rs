//! Building segments: what of each file is searched, and how hits are labelled.

use std::hash::{Hash, Hasher};

use nucleo_matcher::Utf32String;

use super::fold::fold_into;
use super::{Entry, Kind, Meta, Metas, Segment, Source, Target};
use crate::model::{Language, Meeting, Node, Plan, Settings};
use crate::store::Workspace;
use crate::store::workspace::Loaded;

/// A hash of a file's text: a segment is rebuilt when it changes.
pub(super) fn fingerprint_text(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

pub(super) fn fingerprint_settings(workspace: &Workspace) -> u64 {
    workspace
        .settings
        .as_ref()
        .map_or(0, |settings| fingerprint_text(&settings.text))
}

/// A meeting's text and its statements: the meeting editor changes statements in memory
/// (journalled) before the file text is written, and search must see what was typed.
pub(super) fn fingerprint_meeting(meeting: &Loaded<Meeting>) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    meeting.text.hash(&mut hasher);
    meeting.value.title.hash(&mut hasher);
    for statement in &meeting.value.statements {
        statement.id.hash(&mut hasher);
        statement.speaker.hash(&mut hasher);
        statement.label.hash(&mut hasher);
        statement.heading.hash(&mut hasher);
        statement.text.hash(&mut hasher);
    }
    hasher.finish()
}

/// Between the names of one entry (a title and its English title): a control character, so
/// no query matches across two names.
pub(super) const NAME_SEPARATOR: char = '\u{1}';

/// Adds entries to a segment's buffer.
struct Builder {
    source: Source,
    fingerprint: u64,
    buffer: String,
    entries: Vec<Entry>,
    metas: Vec<Meta>,
    fuzzy: Vec<Option<Utf32String>>,
}

/// The searchable parts of one entry, before folding.
struct Parts<'a> {
    name: &'a [&'a str],
    body: &'a str,
    extra: &'a [&'a str],
}

/// What a hit shows, apart from its text.
struct Shown {
    kind: Kind,
    target: Target,
    label: String,
    context: Vec<String>,
    speaker: Option<String>,
    meeting: Option<String>,
    date: Option<chrono::NaiveDate>,
    show_body: bool,
}

impl Shown {
    fn new(kind: Kind, target: Target, label: String, context: Vec<String>) -> Self {
        Shown {
            kind,
            target,
            label,
            context,
            speaker: None,
            meeting: None,
            date: None,
            show_body: false,
        }
    }
}

impl Builder {
    fn new(source: Source, fingerprint: u64) -> Self {
        Builder {
            source,
            fingerprint,
            buffer: String::new(),
            entries: Vec::new(),
            metas: Vec::new(),
            fuzzy: Vec::new(),
        }
    }

    fn push(&mut self, shown: Shown, parts: &Parts<'_>) {
        let buffer = &mut self.buffer;
        let offset = |buffer: &String| buffer.len();
        let start = offset(buffer);
        for (i, name) in parts.name.iter().enumerate() {
            if i > 0 {
                buffer.push(NAME_SEPARATOR);
            }
            fold_into(name, buffer);
        }
        let name_end = offset(buffer);
        let fuzzy = (shown.kind != Kind::Statement)
            .then(|| Utf32String::from(buffer[start..name_end].replace(NAME_SEPARATOR, " ")));
        buffer.push('\0');
        let body_start = offset(buffer);
        fold_into(parts.body, buffer);
        let body_end = offset(buffer);
        buffer.push('\0');
        for extra in parts.extra {
            fold_into(extra, buffer);
            buffer.push('\n');
        }
        buffer.push('\0');
        let end = offset(buffer);
        self.entries.push(Entry {
            kind: shown.kind,
            start,
            name_end,
            body_start,
            body_end,
            end,
        });
        self.metas.push(Meta {
            target: shown.target,
            label: shown.label,
            context: shown.context,
            speaker: shown.speaker,
            meeting: shown.meeting,
            date: shown.date,
            body: parts.body.to_string(),
            show_body: shown.show_body,
        });
        self.fuzzy.push(fuzzy);
    }

    fn finish(self) -> Segment {
        Segment {
            source: self.source,
            fingerprint: self.fingerprint,
            buffer: self.buffer.into_bytes(),
            entries: self.entries,
            metas: Metas::Built(self.metas),
            fuzzy: self.fuzzy,
        }
    }
}

/// Departments (with their English names).
pub(super) fn settings_segment(
    source: Source,
    fingerprint: u64,
    settings: Option<&Settings>,
    lang: Language,
) -> Segment {
    let mut builder = Builder::new(source, fingerprint);
    for department in settings
        .map(|s| s.departments.as_slice())
        .unwrap_or_default()
    {
        let en = department.name_en.as_deref().unwrap_or_default();
        let label = match (lang, &department.name_en) {
            (Language::En, Some(en)) => format!("{en} ({})", department.name),
            _ => department.name.clone(),
        };
        builder.push(
            Shown::new(
                Kind::Department,
                Target::Department {
                    department: department.id.clone(),
                },
                label,
                Vec::new(),
            ),
            &Parts {
                name: &[&department.name, en],
                body: "",
                extra: &[&department.id],
            },
        );
    }
    builder.finish()
}

fn plan_title(plan: &Plan, lang: Language) -> String {
    match (lang, &plan.title_en) {
        (Language::En, Some(en)) => en.clone(),
        _ => plan.title.clone(),
    }
}

/// The plan itself: its titles, description and organisation.
fn push_plan(builder: &mut Builder, plan: &Plan, title: &str, lang: Language) {
    let period = format!(
        "{}–{}",
        lang.year(plan.period.from),
        lang.year(plan.period.to)
    );
    builder.push(
        Shown::new(
            Kind::Plan,
            Target::Plan {
                plan: plan.id.clone(),
            },
            title.to_string(),
            vec![period],
        ),
        &Parts {
            name: &[&plan.title, plan.title_en.as_deref().unwrap_or_default()],
            body: &plan.description,
            extra: &[&plan.organisation, &plan.id],
        },
    );
}

/// The plan, its items (with level, departments and latest status as labels) and its KPIs.
pub(super) fn plan_segment(
    source: Source,
    fingerprint: u64,
    plan: &Plan,
    settings: Option<&Settings>,
    lang: Language,
) -> Segment {
    let mut builder = Builder::new(source, fingerprint);
    let title = plan_title(plan, lang);
    push_plan(&mut builder, plan, &title, lang);
    let flat = plan.flatten();
    // Each node's printed "number title", and its chain of ancestors for the context.
    let names: Vec<String> = flat
        .iter()
        .map(|f| format!("{} {}", f.number, f.node.title))
        .collect();
    let chain = |mut at: Option<usize>| {
        let mut out = Vec::new();
        while let Some(i) = at {
            out.push(names[i].clone());
            at = flat[i].parent;
        }
        out.push(title.clone());
        out.reverse();
        out
    };
    let department = |id: &str| -> Vec<String> {
        settings
            .and_then(|s| s.departments.iter().find(|d| d.id == id))
            .map_or_else(
                || vec![id.to_string()],
                |d| {
                    let mut v = vec![d.name.clone()];
                    v.extend(d.name_en.clone());
                    v
                },
            )
    };
    let mut position: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, f) in flat.iter().enumerate() {
        position.insert(f.node.id.as_str(), i);
        let mut extra: Vec<String> = Vec::new();
        if let Some(level) = plan.level(f.depth) {
            extra.push(level.name.clone());
            extra.extend(level.name_en.clone());
        }
        for id in f.node.lead.iter().chain(&f.node.related) {
            extra.extend(department(id));
        }
        extra.extend(status_labels(f.node, settings));
        extra.push(f.node.id.clone());
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        builder.push(
            Shown::new(
                Kind::Node,
                Target::Node {
                    plan: plan.id.clone(),
                    node: f.node.id.clone(),
                },
                names[i].clone(),
                chain(f.parent),
            ),
            &Parts {
                name: &[&names[i]],
                body: &f.node.description,
                extra: &extra,
            },
        );
    }
    for (node, indicator) in plan.all_indicators() {
        let at = node.and_then(|n| position.get(n.id.as_str()).copied());
        let note = indicator.note.as_deref().unwrap_or_default();
        builder.push(
            Shown::new(
                Kind::Kpi,
                Target::Kpi {
                    plan: plan.id.clone(),
                    indicator: indicator.id.clone(),
                },
                indicator.name.clone(),
                chain(at),
            ),
            &Parts {
                name: &[&indicator.name],
                body: note,
                extra: &[&indicator.unit, &indicator.id],
            },
        );
    }
    builder.finish()
}

/// The latest status of a node, in both languages, so 「遅れ」 and "delayed" find it.
fn status_labels(node: &Node, settings: Option<&Settings>) -> Vec<String> {
    let Some(latest) = node.statuses.iter().max_by_key(|s| s.year) else {
        return Vec::new();
    };
    let mut out = vec![latest.status.clone()];
    if let Some(def) = settings.and_then(|s| s.status(&latest.status)) {
        out.push(def.label.clone());
        out.extend(def.label_en.clone());
    }
    out.extend(latest.note.clone());
    out
}

/// The meeting and every statement, labelled with speaker and meeting.
pub(super) fn meeting_segment(
    source: Source,
    fingerprint: u64,
    meeting: &Meeting,
    settings: Option<&Settings>,
    lang: Language,
) -> Segment {
    let mut builder = Builder::new(source, fingerprint);
    let shown_meeting = format!("{} {}", meeting.date, meeting.title);
    let committee = settings.and_then(|s| s.committee(&meeting.committee));
    let mut extra: Vec<String> = vec![
        meeting.date.to_string(),
        meeting.fiscal_year.wareki(),
        meeting.fiscal_year.western(),
        meeting.place.clone(),
        meeting.id.clone(),
    ];
    if let Some(committee) = committee {
        extra.push(committee.name.clone());
        extra.extend(committee.name_en.clone());
    }
    extra.extend(meeting.agenda_items().iter().map(|a| a.title.clone()));
    extra.extend(
        meeting
            .materials
            .iter()
            .map(|m| format!("{} {}", m.id, m.title)),
    );
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let mut shown = Shown::new(
        Kind::Meeting,
        Target::Meeting {
            meeting: meeting.id.clone(),
        },
        meeting.title.clone(),
        vec![meeting.date.to_string()],
    );
    shown.meeting = Some(shown_meeting.clone());
    shown.date = Some(meeting.date);
    builder.push(
        shown,
        &Parts {
            name: &[&meeting.title],
            body: "",
            extra: &extra,
        },
    );
    let agenda = meeting.agenda_items();
    for statement in &meeting.statements {
        let attendee = meeting.attendee(&statement.speaker);
        let speaker = speaker_label(meeting, statement);
        let mut context = vec![shown_meeting.clone()];
        if let Some(item) = statement
            .agenda
            .as_deref()
            .and_then(|id| agenda.iter().find(|a| a.id == id))
        {
            context.push(if item.number.is_empty() {
                item.title.clone()
            } else {
                format!("{} {}", item.number, item.title)
            });
        }
        let mut extra: Vec<&str> = vec![
            &speaker,
            statement.kind.label_ja(),
            statement.kind.as_str(),
            &statement.speaker,
        ];
        if let Some(attendee) = attendee {
            extra.extend([attendee.name.as_str(), attendee.role.as_str()]);
        }
        extra.extend(statement.heading.as_deref());
        extra.extend(
            statement
                .materials
                .iter()
                .filter_map(|m| m.topic.as_deref()),
        );
        let label = format!(
            "{speaker} ({})",
            lang.pick(statement.kind.label_ja(), statement.kind.as_str())
        );
        let mut shown = Shown::new(
            Kind::Statement,
            Target::Statement {
                meeting: meeting.id.clone(),
                statement: statement.id.clone(),
            },
            label,
            context,
        );
        shown.speaker = Some(speaker.clone());
        shown.meeting = Some(shown_meeting.clone());
        shown.date = Some(meeting.date);
        shown.show_body = true;
        builder.push(
            shown,
            &Parts {
                name: &[],
                body: &statement.text,
                extra: &extra,
            },
        );
    }
    builder.finish()
}

/// The speaker as the minutes print them: the statement's own label, else the attendee's
/// label, name, or id.
fn speaker_label(meeting: &Meeting, statement: &crate::model::Statement) -> String {
    let attendee = meeting.attendee(&statement.speaker);
    statement
        .label
        .clone()
        .or_else(|| attendee.and_then(|a| a.label.clone()))
        .or_else(|| attendee.map(|a| a.name.clone()))
        .unwrap_or_else(|| statement.speaker.clone())
}
