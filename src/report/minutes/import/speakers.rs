//! Stage 2: how this document marks who speaks.
//!
//! Minutes mark speakers in one of a handful of conventions; each is a recogniser here, and
//! [`detect`] picks the one that explains the most lines. A legend that codes speakers by a
//! marker (「(●…委員の意見 ⇒…事務局の回答)」) is read first and wins when its markers are
//! used. `--speaker-pattern` replaces detection with the user's regular expression.

use regex::Regex;

use super::lines::Line;
use super::vocab::{MEMBER_ROLES, OFFICIAL_SUFFIXES, STAFF_ROLES};
use crate::model::meeting::StatementKind;
use crate::report::minutes::ROLE_WORDS;

/// The speaker conventions, in the order that breaks ties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    /// `--speaker-pattern`.
    Pattern,
    /// A legend's markers: 「●本文」 is a member, 「⇒本文」 the secretariat.
    Legend,
    /// 「`[加藤委員]`」 on its own line (the published layout kaikaku exports).
    Bracketed,
    /// 「○委員長　本文」, 「◎事務局長」.
    Marker,
    /// 「山田会長：本文」, 「事務局(長妻副参事):本文」.
    Colon,
    /// 「<委員>本文」, 「〈委員〉」.
    Angle,
    /// 「(会長)」 on its own line or 「(事務局)本文」.
    Paren,
    /// 「委員」, 「事務局」, 「- 委員」 on their own line.
    Bare,
    /// 「山田会長　本文」: the label, a space, the words (assembly minutes without ○).
    Spaced,
    /// 「Q：本文」 / 「A：本文」, 「問」 / 「答」, 「（質問）」 / 「（回答）」: questions from the
    /// committee and answers from the city.
    QuestionAnswer,
    /// 「・…を検討してほしい。（A委員）」: summaries that name the speaker after the words.
    Trailing,
}

impl Convention {
    const DETECTED: [Convention; 10] = [
        Convention::Bracketed,
        Convention::Marker,
        Convention::Colon,
        Convention::Angle,
        Convention::Paren,
        Convention::Bare,
        Convention::Spaced,
        Convention::QuestionAnswer,
        Convention::Trailing,
        Convention::Legend,
    ];

    /// How the convention is named in the dry run.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Convention::Pattern => ("--speaker-pattern", "--speaker-pattern"),
            Convention::Legend => ("凡例の記号（●… ⇒…）", "legend markers (●… ⇒…)"),
            Convention::Bracketed => ("[発言者] の行", "[speaker] lines"),
            Convention::Marker => ("○発言者 本文", "○speaker text"),
            Convention::Colon => ("発言者：本文", "speaker: text"),
            Convention::Angle => ("<発言者>本文", "<speaker>text"),
            Convention::Paren => ("(発言者) 本文", "(speaker) text"),
            Convention::Bare => (
                "発言者だけの行（委員、事務局）",
                "speaker-only lines (委員, 事務局)",
            ),
            Convention::Spaced => ("発言者 本文（記号なし）", "speaker text (no marker)"),
            Convention::QuestionAnswer => ("Q/A・問/答", "Q/A, 問/答"),
            Convention::Trailing => ("本文（発言者）", "text (speaker)"),
        }
    }
}

/// A speaker mark found on a line: who, and what follows on the same line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub label: String,
    pub rest: String,
    /// The kind the legend gives this marker (「⇒…事務局の回答」).
    pub kind: Option<StatementKind>,
}

/// One legend entry: marker character, role, kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    pub marker: char,
    pub role: String,
    pub kind: Option<StatementKind>,
}

/// The convention chosen for a document.
#[derive(Clone, Debug)]
pub struct Speakers {
    pub convention: Option<Convention>,
    pub legend: Vec<LegendEntry>,
    pattern: Option<Regex>,
    /// Marks found per convention, for the dry run.
    pub votes: Vec<(Convention, usize)>,
}

impl Speakers {
    /// The speaker mark on `line` under the chosen convention.
    pub fn mark(&self, line: &Line) -> Option<Mark> {
        let convention = self.convention?;
        self.mark_as(convention, line)
    }

    fn mark_as(&self, convention: Convention, line: &Line) -> Option<Mark> {
        let norm = line.norm.as_str();
        let (label, rest) = match convention {
            Convention::Pattern => return pattern_mark(self.pattern.as_ref()?, &line.text),
            Convention::Legend => return legend_mark(&self.legend, line),
            Convention::Bracketed => {
                let inner = norm
                    .strip_prefix('[')
                    .and_then(|l| l.strip_suffix(']'))?
                    .trim();
                let ok =
                    !inner.is_empty() && !inner.contains(['[', ']']) && inner.chars().count() <= 40;
                return ok.then(|| Mark {
                    label: original(line, inner),
                    rest: String::new(),
                    kind: None,
                });
            }
            Convention::Marker => {
                let first = norm.chars().next()?;
                if !matches!(
                    first,
                    '○' | '〇'
                        | '◎'
                        | '◯'
                        | '●'
                        | '■'
                        | '□'
                        | '◆'
                        | '◇'
                        | '▲'
                        | '△'
                        | '★'
                        | '☆'
                ) {
                    return None;
                }
                split_label_text(&norm[first.len_utf8()..])?
            }
            Convention::Colon => {
                let (label, rest) = norm.split_once([':', '：'])?;
                // 「・委員：…」 in a bulleted summary: the bullet is not the speaker's.
                let label = label
                    .trim()
                    .trim_start_matches(['・', '-', '•', '○', '●'])
                    .trim();
                if label.chars().count() > 30 || label.contains(['、', '。', ',']) {
                    return None;
                }
                (label.to_string(), rest.trim().to_string())
            }
            Convention::Angle => {
                let (open, close) = [
                    ('<', '>'),
                    ('〈', '〉'),
                    ('《', '》'),
                    ('≪', '≫'),
                    ('【', '】'),
                ]
                .into_iter()
                .find(|(o, _)| norm.starts_with(*o))?;
                let (inner, rest) = norm[open.len_utf8()..].split_once(close)?;
                (inner.trim().to_string(), rest.trim().to_string())
            }
            Convention::Paren => {
                let inner_rest = norm.strip_prefix('(')?;
                let (inner, rest) = inner_rest.split_once(')')?;
                (inner.trim().to_string(), rest.trim().to_string())
            }
            Convention::Spaced => {
                let (label, rest) = norm.split_once(' ')?;
                if !is_bare_label(label)
                    || rest.trim().is_empty()
                    || super::segment::label_of(line).is_some()
                {
                    return None;
                }
                (label.to_string(), rest.trim().to_string())
            }
            Convention::QuestionAnswer => return question_answer(line),
            Convention::Trailing => trailing(norm)?,
            Convention::Bare => {
                let text = norm.strip_prefix(['-', '・', '•']).unwrap_or(norm).trim();
                if !is_bare_label(text) {
                    return None;
                }
                (text.to_string(), String::new())
            }
        };
        if !is_speaker_label(&label) {
            return None;
        }
        Some(Mark {
            label: original(line, &label),
            rest: original(line, &rest),
            kind: None,
        })
    }
}

impl Speakers {
    /// Splits a line where a PDF lost the line break before a speaker: under the colon
    /// convention, 「…と考える。2.田中委員:次に…」 is two turns. Other lines come back whole.
    pub fn split_glued(&self, line: &Line) -> Vec<Line> {
        if self.convention != Some(Convention::Colon) {
            return vec![line.clone()];
        }
        let chars: Vec<char> = line.norm.chars().collect();
        let mut cuts = Vec::new();
        let mut start = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '。' {
                start = i + 1;
                continue;
            }
            if *c != ':' || start == 0 || cuts.last() == Some(&start) {
                continue;
            }
            // 「2.」 left over from a numbered list goes with the cut.
            let mut label_start = start;
            while label_start < i && chars[label_start].is_ascii_digit() {
                label_start += 1;
            }
            if label_start < i && label_start > start && chars[label_start] == '.' {
                label_start += 1;
            } else {
                label_start = start;
            }
            let label: String = chars[label_start..i].iter().collect();
            if is_speaker_label(&label) && label.chars().count() <= 20 {
                cuts.push(start);
            }
        }
        if cuts.is_empty() {
            return vec![line.clone()];
        }
        let text: Vec<char> = line.text.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
            let piece: String = text[from..cut].iter().collect();
            let piece = piece.trim();
            // The number of the lost list item is dropped with the break.
            let piece = piece
                .trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                .trim_start_matches(['.', '．']);
            if !piece.is_empty() {
                out.push(Line::new(
                    piece,
                    line.number,
                    out.is_empty() && line.paragraph,
                ));
            }
            from = cut;
        }
        out
    }
}

/// Picks the convention that marks the most lines (the legend's, when it has one that is
/// used), or the user's pattern.
pub fn detect(lines: &[Line], pattern: Option<Regex>) -> Speakers {
    let legend = lines
        .iter()
        .take(400)
        .find_map(|l| read_legend(&l.norm))
        .unwrap_or_default();
    let mut speakers = Speakers {
        convention: None,
        legend,
        pattern,
        votes: Vec::new(),
    };
    if speakers.pattern.is_some() {
        speakers.convention = Some(Convention::Pattern);
        return speakers;
    }
    let mut best: Option<(Convention, usize)> = None;
    for convention in Convention::DETECTED {
        if convention == Convention::Legend && speakers.legend.is_empty() {
            continue;
        }
        // A mark counts when someone says something after it: 【委員】 above a list of names
        // in the attendee section is a group heading, not a speaker.
        let says = |text: &str| text.contains(['。', '？', '?']) || text.chars().count() > 30;
        let count = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                speakers.mark_as(convention, l).is_some_and(|m| {
                    says(&m.rest)
                        || (m.rest.is_empty() && lines.get(i + 1).is_some_and(|n| says(&n.norm)))
                })
            })
            .count();
        speakers.votes.push((convention, count));
        let enough = match convention {
            Convention::Bracketed | Convention::Legend => count >= 1,
            _ => count >= 2,
        };
        // The legend is the document's own statement of its convention: it wins ties and
        // is only beaten by a convention that marks clearly more lines.
        let better = match best {
            None => true,
            Some((Convention::Legend, n)) => count > n * 2,
            Some((_, n)) if convention == Convention::Legend => count * 2 >= n,
            Some((_, n)) => count > n,
        };
        if enough && better {
            best = Some((convention, count));
        }
    }
    speakers.convention = best.map(|(c, _)| c);
    speakers
}

/// The same span of the printed line as `norm_part` of its normalised form: width
/// normalisation maps one character to one, so character offsets carry over.
fn original(line: &Line, norm_part: &str) -> String {
    if norm_part.is_empty() {
        return String::new();
    }
    let Some(byte) = line.norm.find(norm_part) else {
        return norm_part.to_string();
    };
    let start = line.norm[..byte].chars().count();
    let len = norm_part.chars().count();
    line.text.chars().skip(start).take(len).collect()
}

/// Whether `label` reads as who is speaking: a role, a member's name with a role, an
/// official's title, or the secretariat with the official in parentheses.
pub fn is_speaker_label(label: &str) -> bool {
    let label = label.trim();
    let count = label.chars().count();
    if count == 0 || count > 30 || label.contains(['。', '、', ',', '「', '」']) {
        return false;
    }
    if label
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace())
    {
        return false;
    }
    let label = strip_anonymous(label);
    let outer = label.split(['(', '（']).next().unwrap_or(label).trim();
    let names_role = |text: &str| {
        ROLE_WORDS.iter().any(|r| text.ends_with(r))
            || MEMBER_ROLES.iter().any(|r| text.ends_with(r))
            || STAFF_ROLES
                .iter()
                .any(|r| text == *r || text.starts_with("事務局"))
            || OFFICIAL_SUFFIXES.iter().any(|r| text.ends_with(r))
    };
    names_role(outer) || names_role(label.trim_end_matches([')', '）']))
}

/// 「・…を検討してほしい。（Ａ委員）」: the words, then the speaker in parentheses.
fn trailing(norm: &str) -> Option<(String, String)> {
    let body = norm.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let label = body[open + 1..].trim();
    let rest = body[..open]
        .trim()
        .trim_start_matches(['・', '-', '•', '○', '●'])
        .trim();
    if rest.is_empty() || !rest.ends_with(['。', '？', '?', '」']) {
        return None;
    }
    Some((label.to_string(), rest.to_string()))
}

/// 「Q：」, 「Ａ．」, 「問」, 「答」, 「（質問）」, 「【回答】」 at the start of a line: a question (or
/// opinion) from the committee, an answer from the city.
fn question_answer(line: &Line) -> Option<Mark> {
    const MARKS: [(&str, &str, StatementKind); 10] = [
        ("質問", "委員", StatementKind::Question),
        ("意見", "委員", StatementKind::Opinion),
        ("回答", "事務局", StatementKind::Answer),
        ("Q", "委員", StatementKind::Question),
        ("A", "事務局", StatementKind::Answer),
        ("問", "委員", StatementKind::Question),
        ("答", "事務局", StatementKind::Answer),
        ("質", "委員", StatementKind::Question),
        ("委", "委員", StatementKind::Question),
        ("事", "事務局", StatementKind::Answer),
    ];
    let norm = line.norm.as_str();
    let inner = norm.trim_start_matches(['(', '[', '【', '<']);
    let bracketed = inner.len() != norm.len();
    for (mark, role, kind) in MARKS {
        let Some(rest) = inner.strip_prefix(mark) else {
            continue;
        };
        // 「Q1：」, 「A1．」: numbered pairs.
        let rest = if mark.is_ascii() {
            rest.trim_start_matches(|c: char| c.is_ascii_digit())
        } else {
            rest
        };
        // The one-character marks need a separator, so 「委員会」 or 「Aさん」 is no mark.
        let rest = if bracketed {
            rest.strip_prefix([')', ']', '】', '>'])?
        } else if mark.chars().count() == 1 || mark.is_ascii() {
            let after = rest.strip_prefix([':', '.', ' ', ')', '、'])?;
            if mark.is_ascii() || matches!(mark, "問" | "答") {
                after
            } else {
                return None;
            }
        } else {
            rest.strip_prefix([':', ' ', ')'])?
        };
        let rest = rest.trim();
        if rest.is_empty() {
            return None;
        }
        let skip = line.norm.chars().count() - rest.chars().count();
        return Some(Mark {
            label: role.to_string(),
            rest: line
                .text
                .chars()
                .skip(skip)
                .collect::<String>()
                .trim()
                .to_string(),
            kind: Some(kind),
        });
    }
    None
}

/// A line that is only a speaker: a role word, or a short name followed by one.
fn is_bare_label(text: &str) -> bool {
    let count = text.chars().count();
    if count == 0 || count > 15 || text.contains([' ', '　', ':', '：']) {
        return false;
    }
    let text = strip_anonymous(text);
    if STAFF_ROLES.contains(&text) || ROLE_WORDS.contains(&text) || MEMBER_ROLES.contains(&text) {
        return true;
    }
    let family_and_role = ROLE_WORDS
        .iter()
        .any(|r| text.ends_with(r) && text.chars().count() - r.chars().count() <= 6);
    let official = OFFICIAL_SUFFIXES
        .iter()
        .any(|r| text.ends_with(r) && r.chars().count() >= 2);
    (family_and_role || official) && !text.ends_with("意見")
}

/// 「委員A」, 「委員Ｂ」, 「委員1」 (anonymised minutes): the role without the letter.
pub fn strip_anonymous(label: &str) -> &str {
    let trimmed = label.trim_end_matches(|c: char| {
        c.is_ascii_alphanumeric() || ('Ａ'..='Ｚ').contains(&c) || ('０'..='９').contains(&c)
    });
    if trimmed.len() != label.len()
        && label.chars().count() - trimmed.chars().count() <= 2
        && ROLE_WORDS.iter().any(|r| trimmed.ends_with(r))
    {
        trimmed
    } else {
        label
    }
}

/// 「委員長　本文」 after a ○ marker: the label up to the first space, or the longest prefix
/// ending in a role word.
fn split_label_text(text: &str) -> Option<(String, String)> {
    let text = text.trim_start();
    if let Some((label, rest)) = text.split_once(' ')
        && label.chars().count() <= 20
    {
        return Some((label.to_string(), rest.trim().to_string()));
    }
    let head: String = text.chars().take(20).collect();
    let mut best = None;
    for role in ROLE_WORDS
        .iter()
        .chain(STAFF_ROLES)
        .chain(OFFICIAL_SUFFIXES)
    {
        if let Some(at) = head.find(role) {
            let end = at + role.len();
            if best.is_none_or(|b| end > b) {
                best = Some(end);
            }
        }
    }
    let end = best?;
    Some((text[..end].to_string(), text[end..].trim().to_string()))
}

/// Reads a legend such as 「(●…委員の意見 ⇒…事務局の回答)」 or 「○：委員　●：事務局」.
pub fn read_legend(norm: &str) -> Option<Vec<LegendEntry>> {
    const MARKERS: &[char] = &[
        '●', '○', '◎', '◆', '◇', '■', '□', '▲', '△', '▼', '▽', '★', '☆', '⇒', '→', '⇨', '➡', '◯',
        '〇',
    ];
    let inner = norm.trim().trim_start_matches('(').trim_end_matches(')');
    if inner.chars().count() > 80 {
        return None;
    }
    let mut entries = Vec::new();
    let mut current: Option<(char, String)> = None;
    for c in inner.chars() {
        if MARKERS.contains(&c) {
            if let Some((m, text)) = current.take() {
                entries.push((m, text));
            }
            current = Some((c, String::new()));
        } else if let Some((_, text)) = &mut current {
            text.push(c);
        } else if !c.is_whitespace() {
            return None;
        }
    }
    if let Some(entry) = current {
        entries.push(entry);
    }
    let entries: Vec<LegendEntry> = entries
        .into_iter()
        .filter_map(|(marker, text)| {
            let text = text
                .trim()
                .trim_start_matches(['…', '.', ':', '=', '・', '･', '‥'])
                .trim()
                .trim_end_matches([',', '、', ' '])
                .trim();
            let (role, what) = text.split_once('の').unwrap_or((text, ""));
            let kind = match what.trim() {
                w if w.starts_with("意見") => Some(StatementKind::Opinion),
                w if w.starts_with("質問") || w.starts_with("質疑") => {
                    Some(StatementKind::Question)
                }
                w if w.starts_with("回答") || w.starts_with("答") => Some(StatementKind::Answer),
                w if w.starts_with("説明") => Some(StatementKind::Explanation),
                w if w.starts_with("要望") => Some(StatementKind::Request),
                w if w.starts_with("提案") => Some(StatementKind::Proposal),
                _ => None,
            };
            let role = role.trim().to_string();
            is_speaker_label(&role).then_some(LegendEntry { marker, role, kind })
        })
        .collect();
    (entries.len() >= 2).then_some(entries)
}

fn legend_mark(legend: &[LegendEntry], line: &Line) -> Option<Mark> {
    let first = line.norm.chars().next()?;
    let entry = legend.iter().find(|e| e.marker == first)?;
    let rest: String = line.text.chars().skip(1).collect();
    Some(Mark {
        label: entry.role.clone(),
        rest: rest.trim().to_string(),
        kind: entry.kind,
    })
}

/// `--speaker-pattern`: the named group `speaker` (or the first group) is the label; the
/// text is the group `text`, or what follows the match.
fn pattern_mark(pattern: &Regex, text: &str) -> Option<Mark> {
    let captures = pattern.captures(text)?;
    let speaker = captures
        .name("speaker")
        .or_else(|| captures.get(1))?
        .as_str()
        .trim();
    if speaker.is_empty() {
        return None;
    }
    let rest = match captures.name("text") {
        Some(m) => m.as_str(),
        None => &text[captures.get(0).map_or(0, |m| m.end())..],
    };
    Some(Mark {
        label: speaker.to_string(),
        rest: rest.trim().to_string(),
        kind: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::minutes::import::lines::prepare;

    fn chosen(text: &str) -> Option<Convention> {
        let (lines, _) = prepare(text);
        detect(&lines, None).convention
    }

    fn mark(convention: Convention, text: &str) -> Option<(String, String)> {
        let speakers = Speakers {
            convention: Some(convention),
            legend: read_legend("(●…委員の意見 ⇒…事務局の回答)").unwrap_or_default(),
            pattern: None,
            votes: Vec::new(),
        };
        speakers
            .mark(&Line::new(text, 1, false))
            .map(|m| (m.label, m.rest))
    }

    #[allow(clippy::unnecessary_wraps)]
    fn some(label: &str, rest: &str) -> Option<(String, String)> {
        Some((label.to_string(), rest.to_string()))
    }

    #[test]
    fn each_recogniser() {
        use Convention::*;
        assert_eq!(mark(Bracketed, "[加藤委員]"), some("加藤委員", ""));
        assert_eq!(mark(Bracketed, "［山本会長］"), some("山本会長", ""));
        assert_eq!(mark(Paren, "（会長）"), some("会長", ""));
        assert_eq!(mark(Paren, "(事務局)皆様"), some("事務局", "皆様"));
        assert_eq!(mark(Paren, "(1) 委員"), None);
        assert_eq!(mark(Paren, "(敬称略)"), None);
        assert_eq!(mark(Bare, "委員"), some("委員", ""));
        assert_eq!(mark(Bare, "- 事務局"), some("事務局", ""));
        assert_eq!(mark(Bare, "委員意見"), None);
        assert_eq!(mark(Bare, "開会"), None);
        assert_eq!(mark(Angle, "<委員>質問です。"), some("委員", "質問です。"));
        assert_eq!(mark(Angle, "〈委員〉"), some("委員", ""));
        assert_eq!(mark(Angle, "<出席>"), None);
        assert_eq!(
            mark(Colon, "山田会長：はじめます。"),
            some("山田会長", "はじめます。")
        );
        assert_eq!(
            mark(Colon, "事務局(長妻副参事):説明する。"),
            some("事務局(長妻副参事)", "説明する。")
        );
        assert_eq!(mark(Colon, "日時:令和6年"), None);
        assert_eq!(
            mark(Marker, "○委員長　はじめます。"),
            some("委員長", "はじめます。")
        );
        assert_eq!(
            mark(Marker, "◎事務局長説明します。"),
            some("事務局長", "説明します。")
        );
        assert_eq!(mark(Legend, "●意見です。"), some("委員", "意見です。"));
        assert_eq!(
            mark(Angle, "【山田委員】意見です。"),
            some("山田委員", "意見です。")
        );
        assert_eq!(mark(Angle, "【資料1】P3"), None);
        assert_eq!(
            mark(Marker, "■委員A　意見です。"),
            some("委員A", "意見です。")
        );
        assert_eq!(mark(Bare, "委員Ｂ"), some("委員Ｂ", ""));
        assert_eq!(
            mark(Spaced, "山田会長　はじめます。"),
            some("山田会長", "はじめます。")
        );
        assert_eq!(mark(Spaced, "出席委員 山田、川口"), None);
        assert_eq!(
            mark(QuestionAnswer, "Q：財源は。"),
            some("委員", "財源は。")
        );
        assert_eq!(
            mark(QuestionAnswer, "（回答）検討する。"),
            some("事務局", "検討する。")
        );
        assert_eq!(
            mark(QuestionAnswer, "問 いつか。"),
            some("委員", "いつか。")
        );
        assert_eq!(mark(QuestionAnswer, "Aさんの件"), None);
        assert_eq!(mark(QuestionAnswer, "Q2．次は。"), some("委員", "次は。"));
        assert_eq!(
            mark(Colon, "・委員：意見です。"),
            some("委員", "意見です。")
        );
        assert_eq!(
            mark(Trailing, "・検討してほしい。（A委員）"),
            some("A委員", "検討してほしい。")
        );
        assert_eq!(mark(Trailing, "予算について（案）"), None);
        assert_eq!(mark(QuestionAnswer, "委員会の運営"), None);
        assert_eq!(mark(Legend, "⇒回答です。"), some("事務局", "回答です。"));
    }

    #[test]
    fn the_legend_is_read() {
        let legend = read_legend("(●…委員の意見 ⇒…事務局の回答)").expect("legend");
        assert_eq!(
            legend,
            [
                LegendEntry {
                    marker: '●',
                    role: "委員".into(),
                    kind: Some(StatementKind::Opinion)
                },
                LegendEntry {
                    marker: '⇒',
                    role: "事務局".into(),
                    kind: Some(StatementKind::Answer)
                },
            ]
        );
        assert!(read_legend("(非公開理由等)").is_none());
    }

    #[test]
    fn the_convention_explaining_most_lines_wins() {
        assert_eq!(
            chosen("[山田委員]\n質問。\n[事務局]\n回答。"),
            Some(Convention::Bracketed)
        );
        assert_eq!(
            chosen("(事務局)大内課長\n山田委員:質問。\n事務局:回答。\n山田委員:再質問。"),
            Some(Convention::Colon)
        );
        assert_eq!(
            chosen("委員\n質問。\n事務局\n回答。"),
            Some(Convention::Bare)
        );
        assert_eq!(chosen("ただの文章。\n別の文章。"), None);
    }

    #[test]
    fn turns_glued_by_a_lost_line_break() {
        let (lines, _) =
            prepare("山田会長:はじめる。\n田中委員:質問する。2.事務局:答える。佐藤委員：意見だ。");
        let speakers = detect(&lines, None);
        let pieces: Vec<String> = speakers
            .split_glued(&lines[1])
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            pieces,
            [
                "田中委員:質問する。",
                "事務局:答える。",
                "佐藤委員：意見だ。"
            ]
        );
        let whole = speakers.split_glued(&Line::new("比率は3:2である。", 1, false));
        assert_eq!(whole.len(), 1);
    }

    #[test]
    fn group_headings_in_the_attendee_list_cast_no_vote() {
        let text = "出席者\n【委員】\n山田会長、川口委員\n【事務局】\n甲野、乙野\n委員\n予算の執行状況はどうか。\n事務局\n九割を超えている。";
        assert_eq!(chosen(text), Some(Convention::Bare));
    }

    #[test]
    fn a_pattern_overrides() {
        let pattern = Regex::new(r"^(?P<speaker>\S+)さん「(?P<text>.*)」$").expect("regex");
        let (lines, _) = prepare("山田さん「よろしく」");
        let speakers = detect(&lines, Some(pattern));
        let mark = speakers.mark(&lines[0]).expect("mark");
        assert_eq!(
            (mark.label.as_str(), mark.rest.as_str()),
            ("山田", "よろしく")
        );
    }
}
