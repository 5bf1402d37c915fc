//! Stage 5: the body as statements — one per speaker turn under the detected convention,
//! or, when the document names no speakers, one per paragraph or bullet (a summary).
//!
//! Lines between turns that read as topic headings (「【議題（２）…】」, 「「2-3:補助金」について」,
//! an agenda title repeated) become the next statement's heading and set its agenda item;
//! leading 「【資料1】P3 topic」 lines become material references. No line is dropped: a line
//! that is neither stays in the text of the statement it follows.

use super::agenda::{self, Agenda};
use super::kind::{self, Context};
use super::lines::{Line, opens_something};
use super::materials::Materials;
use super::people::People;
use super::speakers::Speakers;
use super::vocab::{CHAIR_ROLES, SENTENCE_ENDS};
use crate::model::meeting::{Attendee, MaterialRef, Statement, StatementKind};
use crate::report::minutes::{is_member, split_label};

/// The attendee id and name of the speaker of summaries with no named speaker.
pub const SUMMARY_ID: &str = "summary";
pub const SUMMARY_NAME: &str = "要旨";

/// One speaker turn as printed.
struct Block {
    /// `None` for a summary paragraph.
    label: Option<String>,
    hint: Option<StatementKind>,
    heading: Vec<String>,
    lines: Vec<String>,
}

/// The statements, and whether they are summaries with no named speaker.
pub struct Built {
    pub statements: Vec<Statement>,
    pub summary: bool,
}

/// Builds the statements of `body`.
pub fn build(
    body: &[Line],
    speakers: &Speakers,
    people: &mut People,
    materials: &Materials,
    agenda: &Agenda,
) -> Built {
    let mut blocks = turns(body, speakers);
    let summary = blocks.is_empty();
    if summary {
        blocks = paragraphs(body);
    }
    hand_over_headings(&mut blocks, materials, agenda);
    // The chair as listed (a 副会長 standing in counts); labels read later may add one.
    let listed_chair = people.chair();
    let mut statements: Vec<Statement> = Vec::with_capacity(blocks.len());
    let mut previous_member = false;
    // A heading that names an agenda item sets the item for the statements after it; a
    // statement naming an item itself applies to itself only.
    let mut current_agenda: Option<String> = None;
    for (index, block) in blocks.into_iter().enumerate() {
        let heading = block.heading.join("\n");
        if let Some(item) = agenda
            .mention(&heading)
            .or_else(|| block.heading.iter().rev().find_map(|h| agenda.titled(h)))
        {
            current_agenda = Some(item);
        }
        let (speaker, label, label_hint) = match &block.label {
            Some(label) => people.speaker(label),
            None => (summary_speaker(people), None, None),
        };
        let mut lines = block.lines;
        let mut refs = Vec::new();
        while lines.len() > 1 {
            let Some(reference) = materials.reference(&lines[0]) else {
                break;
            };
            let rest = lines[0][reference.end..].trim();
            if rest.ends_with('。') {
                break;
            }
            refs.push(MaterialRef {
                material: reference.material,
                page: reference.page,
                topic: Some(rest.to_string()).filter(|t| !t.is_empty()),
                inline: false,
            });
            lines.remove(0);
        }
        let text = lines.join("\n");
        refs.extend(materials.inline_references(&text));
        let attendee: &Attendee = &people.attendees[speaker];
        let member = block.label.is_some() && is_member(attendee);
        let family = attendee
            .label
            .as_deref()
            .and_then(split_label)
            .map(|(f, _, _)| f.to_string());
        let context = Context {
            member: member || block.label.is_none(),
            chair: CHAIR_ROLES.contains(&attendee.role.as_str())
                || listed_chair.as_deref() == Some(attendee.id.as_str()),
            hint: block.hint.or(label_hint),
            previous: statements
                .last()
                .filter(|_| block.label.is_some())
                .map(|p| (p, previous_member)),
            family: family.as_deref(),
        };
        let (kind, reply_to) = kind::guess(&text, &context);
        previous_member = member;
        let agenda = agenda.mention(&text).or_else(|| current_agenda.clone());
        statements.push(Statement {
            id: format!("s{}", index + 1),
            heading: Some(heading).filter(|h| !h.is_empty()),
            speaker: attendee.id.clone(),
            label,
            kind,
            text,
            materials: refs,
            nodes: Vec::new(),
            reply_to,
            agenda,
            time: None,
            needs_response: member
                && matches!(kind, StatementKind::Request | StatementKind::Proposal),
        });
    }
    Built {
        statements,
        summary,
    }
}

/// The attendee that speaks summaries, added once.
fn summary_speaker(people: &mut People) -> usize {
    if let Some(at) = people.attendees.iter().position(|a| a.id == SUMMARY_ID) {
        return at;
    }
    people.attendees.push(Attendee {
        id: SUMMARY_ID.into(),
        name: SUMMARY_NAME.into(),
        role: SUMMARY_NAME.into(),
        member: None,
        label: None,
        attendance: crate::model::meeting::Attendance::Present,
    });
    people.attendees.len() - 1
}

/// Speaker turns under the detected convention; lines before the first turn are its
/// heading.
fn turns(body: &[Line], speakers: &Speakers) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for line in body.iter().flat_map(|l| speakers.split_glued(l)) {
        let line = &line;
        if let Some(mark) = speakers.mark(line) {
            blocks.push(Block {
                label: Some(mark.label),
                hint: mark.kind,
                heading: std::mem::take(&mut pending),
                lines: Some(mark.rest)
                    .filter(|r| !r.is_empty())
                    .into_iter()
                    .collect(),
            });
        } else if let Some(block) = blocks.last_mut() {
            block.lines.push(line.text.clone());
        } else {
            pending.push(line.text.clone());
        }
    }
    if let (Some(first), false) = (blocks.first_mut(), pending.is_empty()) {
        first.heading.append(&mut pending);
    }
    blocks
}

/// Summary statements: a paragraph (after a blank line), a bullet or a numbered point each;
/// a short line that ends no sentence heads the paragraph after it.
fn paragraphs(body: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut heading: Vec<String> = Vec::new();
    for (index, line) in body.iter().enumerate() {
        let ends = |l: &str| l.trim_end().ends_with(SENTENCE_ENDS);
        let next_is_content = body.get(index + 1).is_some_and(|n| ends(&n.norm));
        if !ends(&line.norm) && line.norm.chars().count() <= 40 && next_is_content {
            heading.push(line.text.clone());
            continue;
        }
        let continues = blocks.last().is_some_and(|b| {
            heading.is_empty()
                && !line.paragraph
                && !opens_something(&line.norm)
                && b.lines.last().is_some_and(|l| !ends(l))
        });
        if continues && let Some(block) = blocks.last_mut() {
            block.lines.push(line.text.clone());
            continue;
        }
        blocks.push(Block {
            label: None,
            hint: None,
            heading: std::mem::take(&mut heading),
            lines: vec![line.text.clone()],
        });
    }
    if let (Some(last), false) = (blocks.last_mut(), heading.is_empty()) {
        last.lines.append(&mut heading);
    }
    blocks
}

/// Trailing lines of a turn that head the next one: bracketed headings
/// (「【DX …への質疑へ】」), and runs of short lines that end no sentence when one of them
/// reads as a topic (an agenda title, 「…について」, a numbered point, 「委員意見」).
fn hand_over_headings(blocks: &mut [Block], materials: &Materials, agenda: &Agenda) {
    let bracketed = |line: &str| {
        let line = line.trim();
        line.starts_with('【') && line.ends_with('】') && materials.reference(line).is_none()
    };
    let short = |line: &str| {
        let line = line.trim();
        !line.ends_with(['。', '？', '?', '！']) && line.chars().count() <= 40
    };
    let topic = |line: &str| {
        let norm = crate::model::fiscal_year::normalize_width(line.trim());
        agenda.titled(&norm).is_some()
            || norm.ends_with("について")
            || norm.ends_with("意見")
            || norm.ends_with("質疑")
            || (norm.starts_with("- ") && norm.contains(" -"))
            || agenda::number(&norm).is_some()
    };
    for index in 0..blocks.len().saturating_sub(1) {
        let lines = &blocks[index].lines;
        // Keep the turn's first line: it is what the speaker said.
        let mut cut = lines.len();
        while cut > 1 && bracketed(&lines[cut - 1]) {
            cut -= 1;
        }
        if blocks[index].label.is_some() {
            let mut run = cut;
            while run > 1 && short(&lines[run - 1]) && !bracketed(&lines[run - 1]) {
                run -= 1;
            }
            if lines[run..cut].iter().any(|l| topic(l)) {
                cut = run;
            }
        }
        if cut < lines.len() {
            let moved: Vec<String> = blocks[index].lines.drain(cut..).collect();
            let next = &mut blocks[index + 1].heading;
            next.splice(0..0, moved);
        }
    }
}
