//! Stage 3: the lines cut into the title, header sections and the statements body.
//!
//! Header labels are recognised in every common form (「1 日 時」, 「日時」, 「- 日時」,
//! 「1.開催日時:令和…」, 「【日時】」), with the value on the same line or below. The body
//! starts at a statements heading (議事録, 議事要旨, 主な内容 …), or — when the document has
//! none — at the first line the detected speaker convention marks, at the first sentence in
//! a list, or where the agenda's titles are repeated as the body's headings. Every line ends
//! up somewhere: a section, the body, or the preamble that becomes notes.

use super::lines::Line;
use super::speakers::Speakers;
use super::vocab::{
    ABSENT_LABELS, AGENDA_LABELS, ATTENDEE_LABELS, DATE_LABELS, MATERIAL_LABELS, NAME_LABELS,
    NOTE_LABELS, OTHER_LABELS, PLACE_LABELS, STAFF_LABELS, STATEMENT_LABELS,
};

/// What a header section holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Before the first label: the title and page furniture.
    Preamble,
    Date,
    Place,
    Attendees,
    Absent,
    /// A group of officials listed as its own section (関係部署, 事務局).
    Staff,
    Materials,
    Agenda,
    /// The exporter's 「備考」: notes, verbatim.
    Notes,
    /// The body's name (会議名), when the title does not give it.
    Name,
    /// A section kept as notes (傍聴者, 会議の公開, or a numbered title nobody knows).
    Other,
    Statements,
}

/// A recognised header label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub section: Section,
    /// The label word as matched (「開催日時」).
    pub word: String,
    /// The value printed on the same line (「日 時 平成29年2月7日…」).
    pub value: Option<String>,
    /// The section number when the label is numbered with plain digits.
    pub number: Option<u32>,
    /// A word that is also a common agenda item (議事, 議題, 内容 …), or a numbered title
    /// that matched no word: inside a list it is an item, not a new section.
    pub weak: bool,
    /// A numbered title that matched no word of the vocabulary.
    pub generic: bool,
}

/// Words that are also agenda or list items.
const WEAK: &[&str] = &[
    "議事",
    "議題",
    "内容",
    "資料",
    "出席",
    "欠席",
    "事務局",
    "意見交換",
];

/// The header label a line is, if any.
pub fn label_of(line: &Line) -> Option<Label> {
    let (number, rest) = strip_numbering(&line.norm);
    let bullet = rest.len() != line.norm.trim().len() && number.is_none();
    let rest = rest.trim();
    let (bracketed, rest) = match rest.strip_prefix('【').and_then(|r| r.split_once('】')) {
        Some((inner, after)) => (true, format!("{inner}{after}")),
        None => (false, rest.to_string()),
    };
    let tables: [(&[&str], Section); 11] = [
        (DATE_LABELS, Section::Date),
        (NAME_LABELS, Section::Name),
        (PLACE_LABELS, Section::Place),
        (ABSENT_LABELS, Section::Absent),
        (ATTENDEE_LABELS, Section::Attendees),
        (STAFF_LABELS, Section::Staff),
        (MATERIAL_LABELS, Section::Materials),
        (AGENDA_LABELS, Section::Agenda),
        (NOTE_LABELS, Section::Notes),
        (OTHER_LABELS, Section::Other),
        (STATEMENT_LABELS, Section::Statements),
    ];
    let mut best: Option<(usize, &str, Section, String)> = None;
    for (words, section) in tables {
        for word in words {
            if let Some((used, value)) = match_label(&rest, word)
                && best.as_ref().is_none_or(|(b, ..)| used > *b)
            {
                best = Some((used, word, section, value));
            }
        }
    }
    if let Some((_, word, section, value)) = best {
        // A bare 「事務局」 line is a speaker in many layouts: as a section label it needs a
        // number, a bullet or brackets.
        let listed_value = !value.is_empty() && !value.contains(['。', '？']);
        if word == "事務局" && number.is_none() && !bullet && !bracketed && !listed_value {
            return None;
        }
        let value = Some(value).filter(|v| !v.is_empty());
        return Some(Label {
            section,
            word: word.to_string(),
            value,
            number: number.filter(|_| starts_with_digit(&line.norm)),
            weak: WEAK.contains(&word),
            generic: false,
        });
    }
    // A numbered short title the vocabulary does not know: a section of its own (kept as
    // notes), unless it sits inside a list.
    let number = number.filter(|_| starts_with_digit(&line.norm))?;
    let title = rest.trim();
    if title.is_empty() || title.chars().count() > 30 || title.ends_with('。') {
        return None;
    }
    Some(Label {
        section: Section::Other,
        word: title.to_string(),
        value: None,
        number: Some(number),
        weak: true,
        generic: true,
    })
}

fn starts_with_digit(norm: &str) -> bool {
    norm.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// Removes 「1 」, 「1.」, 「１、」, 「(1)」, 「第1」, 「- 」, 「・」, 「■」 from the front; the number
/// is returned when there was one.
fn strip_numbering(norm: &str) -> (Option<u32>, &str) {
    let text = norm.trim_start();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let rest = &text[digits.len()..];
        let after = rest.trim_start_matches(['.', '、', ' ', ')', '．']);
        if after.len() != rest.len() {
            return (digits.parse().ok(), after);
        }
        return (None, text);
    }
    if let Some(inner) = text.strip_prefix('(')
        && let Some((n, after)) = inner.split_once(')')
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        return (n.parse().ok(), after.trim_start());
    }
    // 「一 日時」, 「第二 場所」, 「① 日時」, 「Ⅲ 出席者」: kanji, circled and roman numbers.
    let unnumbered = text.strip_prefix('第').unwrap_or(text);
    let kanji: String = unnumbered
        .chars()
        .take_while(|c| kanji_digit(*c).is_some())
        .collect();
    if (1..=3).contains(&kanji.chars().count()) {
        let rest = &unnumbered[kanji.len()..];
        let after = rest.trim_start_matches(['.', '、', ' ']);
        if after.len() != rest.len() {
            return (kanji_number(&kanji), after);
        }
    }
    if let Some(first) = text.chars().next() {
        let value = crate::report::minutes::export::circled_value(first).or_else(|| {
            ('Ⅰ'..='Ⅻ')
                .contains(&first)
                .then(|| first as u32 - 'Ⅰ' as u32 + 1)
        });
        if let Some(value) = value {
            let rest = text[first.len_utf8()..].trim_start_matches(['.', '、', ' ']);
            return (Some(value), rest);
        }
    }
    if let Some(first) = text.chars().next()
        && matches!(
            first,
            '-' | '・'
                | '■'
                | '□'
                | '◆'
                | '◇'
                | '●'
                | '○'
                | '◎'
                | '〇'
                | '•'
                | '▪'
                | '◯'
                | '▼'
                | '▶'
        )
    {
        return (None, text[first.len_utf8()..].trim_start());
    }
    (None, text)
}

fn kanji_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九十"
        .chars()
        .position(|k| k == c)
        .and_then(|n| u32::try_from(n).ok())
}

/// 「三」 → 3, 「十二」 → 12, 「二十」 → 20.
fn kanji_number(text: &str) -> Option<u32> {
    let digits: Vec<u32> = text.chars().filter_map(kanji_digit).collect();
    match digits[..] {
        [d] => Some(d),
        [10, d] => Some(10 + d),
        [d, 10] => Some(d * 10),
        [d, 10, e] => Some(d * 10 + e),
        _ => None,
    }
}

/// Matches `word` at the start of `text`, allowing spaces between its characters
/// (「日 時」). Returns the bytes used and the value after it, or `None` when the word is
/// followed by text that makes it a sentence rather than a label.
fn match_label(text: &str, word: &str) -> Option<(usize, String)> {
    let mut chars = text.char_indices().peekable();
    let mut end = 0;
    for want in word.chars() {
        loop {
            let (at, c) = chars.next()?;
            if c == ' ' && end > 0 {
                continue;
            }
            if c != want {
                return None;
            }
            end = at + c.len_utf8();
            break;
        }
    }
    let rest = &text[end..];
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return Some((end, String::new()));
    }
    // 「議事録（要旨）」, 「出席委員（敬称略、順不同）」: an annotation, not a value.
    if (trimmed.starts_with('(') && trimmed.ends_with(')') && !trimmed[1..].contains('('))
        || (trimmed.starts_with('<') && trimmed.ends_with('>'))
    {
        return Some((end, String::new()));
    }
    // 「会議の内容は下記のとおりです。」
    if ["は下記のとおり", "は以下のとおり", "は次のとおり"]
        .iter()
        .any(|p| trimmed.starts_with(p))
    {
        return Some((end, String::new()));
    }
    if let Some(value) = trimmed.strip_prefix([':', '：']) {
        return Some((end, value.trim().to_string()));
    }
    if rest.starts_with(' ') {
        return Some((end, trimmed.to_string()));
    }
    None
}

/// One header section as printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    pub section: Option<Section>,
    /// The label line, when the section had one (the preamble has none).
    pub heading: Option<Line>,
    pub label: Option<Label>,
    /// The section's lines; a value printed on the label line comes first.
    pub lines: Vec<Line>,
}

impl Field {
    pub fn section(&self) -> Section {
        self.section.unwrap_or(Section::Preamble)
    }
}

/// The document cut into its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The preamble first, then each header section in order.
    pub fields: Vec<Field>,
    /// The statements heading, when the body had one.
    pub body_heading: Option<Line>,
    /// The statements section.
    pub body: Vec<Line>,
}

/// Cuts `lines` into sections and the body.
pub fn segment(lines: &[Line], speakers: &Speakers) -> Document {
    let mut doc = Document {
        fields: vec![Field::default()],
        ..Document::default()
    };
    let mut tentative: Option<(Line, Vec<Line>)> = None;
    let mut in_body = false;
    for (index, line) in lines.iter().enumerate() {
        if in_body {
            doc.body.push(line.clone());
            continue;
        }
        if let Some((heading, mut collected)) = tentative.take() {
            if speakers.mark(line).is_some() {
                doc.body_heading = Some(heading);
                doc.body.append(&mut collected);
                doc.body.push(line.clone());
                in_body = true;
                continue;
            }
            // A header label after a statements heading and before anyone speaks: that
            // heading named a section (「議事内容 別添議事録のとおり」), not the body.
            let backs_off =
                label_of(line).is_some_and(|l| l.section != Section::Statements && !l.generic);
            if !backs_off {
                collected.push(line.clone());
                tentative = Some((heading, collected));
                continue;
            }
            doc.fields.push(Field {
                section: Some(Section::Other),
                heading: Some(heading),
                label: None,
                lines: collected,
            });
        }
        let current = doc.fields.last().map_or(Section::Preamble, Field::section);
        // A first line such as 「会議録」 is the title, not the start of the body.
        let title_line = doc.fields.len() == 1 && doc.fields[0].lines.is_empty();
        if let Some(label) = label_of(line)
            && !(title_line && label.section == Section::Statements && label.number.is_none())
            && starts_section(doc.fields.last(), &label)
        {
            let value = label
                .value
                .as_ref()
                .map(|v| Line::new(v, line.number, false));
            if label.section == Section::Statements {
                tentative = Some((line.clone(), value.into_iter().collect()));
            } else {
                doc.fields.push(Field {
                    section: Some(label.section),
                    heading: Some(line.clone()),
                    label: Some(label),
                    lines: value.into_iter().collect(),
                });
            }
            continue;
        }
        if body_starts(current, doc.fields.last(), lines, index, speakers) {
            in_body = true;
            doc.body.push(line.clone());
            continue;
        }
        if let Some(field) = doc.fields.last_mut() {
            field.lines.push(line.clone());
        }
    }
    if let Some((heading, collected)) = tentative {
        doc.body_heading = Some(heading);
        doc.body = collected;
    }
    doc
}

/// Whether `label` opens a new section here. Inside the agenda and the materials, a
/// numbered line is an item unless it names another section or continues the section
/// numbering rather than the list's own (「5 次第」 … 「4 閉会」, then 「6 議事録」).
fn starts_section(field: Option<&Field>, label: &Label) -> bool {
    let Some(field) = field else {
        return true;
    };
    let section = field.section();
    // Before the first known label, a numbered line is part of the title block (a PDF's
    // 「1 第4回…会議録」 running header), not a section.
    if section == Section::Preamble && label.generic {
        return false;
    }
    if !matches!(section, Section::Agenda | Section::Materials) {
        return true;
    }
    if label.section != section && !label.weak {
        return true;
    }
    let (Some(number), Some(own)) = (label.number, field.label.as_ref().and_then(|l| l.number))
    else {
        return false;
    };
    let last_item = field
        .lines
        .iter()
        .rev()
        .find_map(|l| match super::agenda::number(&l.norm) {
            Some((_, super::agenda::Style::Digits(_), value, _)) => Some(value),
            _ => None,
        });
    number == own + 1 && last_item != Some(number - 1)
}

/// Whether the body begins at `lines[index]` although no heading said so: a speaker marked
/// by the detected convention who says something, a sentence inside a list, or the first
/// agenda title repeated after the agenda (the body's own headings).
fn body_starts(
    section: Section,
    field: Option<&Field>,
    lines: &[Line],
    index: usize,
    speakers: &Speakers,
) -> bool {
    let line = &lines[index];
    let says = |text: &str| text.contains(['。', '？', '?']);
    if let Some(mark) = speakers.mark(line) {
        let next = lines.get(index + 1).map_or("", |l| l.norm.as_str());
        if says(&mark.rest) || (mark.rest.is_empty() && (says(next) || next.chars().count() > 30)) {
            return true;
        }
    }
    let listing = matches!(
        section,
        Section::Agenda
            | Section::Materials
            | Section::Attendees
            | Section::Absent
            | Section::Staff
    );
    if listing && says(&line.norm) && line.norm.chars().count() > 40 {
        return true;
    }
    if section == Section::Agenda
        && super::agenda::number(&line.norm).is_none()
        && let Some(field) = field
    {
        let key = super::super::compact(&line.norm);
        return field.lines.iter().any(|l| {
            super::agenda::number(&l.norm)
                .is_some_and(|(_, _, _, title)| super::super::compact(&title) == key)
        });
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::minutes::import::lines::prepare;

    fn label(text: &str) -> Option<(Section, Option<String>)> {
        label_of(&Line::new(text, 1, false)).map(|l| (l.section, l.value))
    }

    #[test]
    fn labels_in_every_printed_form() {
        for text in [
            "1 日 時",
            "日時",
            "- 日時",
            "１　開催日時",
            "【日時】",
            "開催日時:",
        ] {
            assert_eq!(label(text), Some((Section::Date, None)), "{text}");
        }
        assert_eq!(
            label("1.開催日時:令和6年5月1日"),
            Some((Section::Date, Some("令和6年5月1日".into())))
        );
        assert_eq!(
            label("日 時 平成29年2月7日(火)"),
            Some((Section::Date, Some("平成29年2月7日(火)".into())))
        );
        assert_eq!(
            label("3 出席委員（敬称略、順不同）"),
            Some((Section::Attendees, None))
        );
        assert_eq!(label("6 議事録（要旨）"), Some((Section::Statements, None)));
        assert_eq!(
            label("会議の内容は下記のとおりです。"),
            Some((Section::Statements, None))
        );
        assert_eq!(label("- 事務局"), Some((Section::Staff, None)));
        assert_eq!(label("事務局"), None, "a bare 事務局 is a speaker");
        assert_eq!(label("日程調整について"), None);
        assert_eq!(label("場所について説明があった。"), None);
        assert_eq!(label("６　傍聴者"), Some((Section::Other, None)));
        assert_eq!(label("7 その他の事項"), Some((Section::Other, None)));
        assert_eq!(label("２名"), None);
        assert_eq!(label("一 日時"), Some((Section::Date, None)));
        assert_eq!(
            label("第二 場所 市役所"),
            Some((Section::Place, Some("市役所".into())))
        );
        assert_eq!(label("③出席者"), Some((Section::Attendees, None)));
        assert_eq!(label("Ⅳ 議事録"), Some((Section::Statements, None)));
        assert_eq!(label("一般質問について"), None);
    }

    #[test]
    fn every_line_lands_somewhere() {
        let text = "第1回テスト会議 議事録\n速報\n日時\n令和6年4月1日\n場所\n本庁舎\n\
                    次第\n1 開会\n2 議題\n3 閉会\n開会\n委員\nひとつ質問がある。\n事務局\n答える。";
        let (lines, _) = prepare(text);
        let speakers = super::super::speakers::detect(&lines, None);
        let doc = segment(&lines, &speakers);
        let count: usize = doc
            .fields
            .iter()
            .map(|f| f.lines.len() + usize::from(f.heading.is_some()))
            .sum::<usize>()
            + doc.body.len()
            + usize::from(doc.body_heading.is_some());
        assert_eq!(count, lines.len());
        let sections: Vec<Section> = doc.fields.iter().map(Field::section).collect();
        assert_eq!(
            sections,
            [
                Section::Preamble,
                Section::Date,
                Section::Place,
                Section::Agenda
            ]
        );
        assert_eq!(
            doc.body[0].text, "開会",
            "the agenda title repeated opens the body"
        );
        assert_eq!(doc.body.len(), 5);
    }

    #[test]
    fn a_statements_heading_that_was_not_the_body() {
        let text = "会議録\n- 日時\n- 令和6年4月1日\n- 議事内容\n- 別添のとおり\n- 議題\n- 予算について\n\
                    議事録(概要)\n(会長)\n開会する。";
        let (lines, _) = prepare(text);
        let speakers = super::super::speakers::detect(&lines, None);
        let doc = segment(&lines, &speakers);
        let sections: Vec<Section> = doc.fields.iter().map(Field::section).collect();
        assert_eq!(
            sections,
            [
                Section::Preamble,
                Section::Date,
                Section::Other,
                Section::Agenda
            ]
        );
        assert_eq!(doc.fields[2].lines[0].text, "- 別添のとおり");
        assert_eq!(doc.body.len(), 2);
    }
}
