//! Stage 6: what kind each statement is, and which statement it answers.
//!
//! The minutes rarely say; the roles and words do. Officials speaking right after a member's
//! question, request or opinion answer it; members ask (「…か。」, 「教えてほしい」), request
//! (「…してほしい」), propose (「…してはどうか」) or give opinions; the chair's 「開会」「…に移る」
//! are procedure. A legend (「⇒…事務局の回答」) or a label (「奥沢委員から提案」) that states the
//! kind wins. The result is a draft for the secretariat to confirm.

use super::vocab::{ASKING, PROCEDURAL, PROPOSING, REQUESTING};
use crate::model::meeting::{Statement, StatementKind};

/// What the guess looks at besides the text.
pub struct Context<'a> {
    /// The speaker is a committee member (or a member role such as 委員).
    pub member: bool,
    /// The speaker chairs the meeting.
    pub chair: bool,
    /// A kind the document states for this statement.
    pub hint: Option<StatementKind>,
    /// The statement before, and whether a member made it.
    pub previous: Option<(&'a Statement, bool)>,
    /// The speaker's family name, when known (a member answering 「…八幡委員はどうか」).
    pub family: Option<&'a str>,
}

/// Whether a sentence is a question: it ends in 「か」 or 「？」, but not in the rhetorical
/// 「ではないか」 that Japanese opinions end with.
fn is_question_sentence(sentence: &str) -> bool {
    let s = sentence.trim().trim_end_matches(['。', '．']);
    if s.ends_with(['？', '?']) {
        return true;
    }
    s.ends_with('か') && !s.ends_with("ではないか")
}

/// Guesses a statement's kind and the statement it answers.
pub fn guess(text: &str, context: &Context) -> (StatementKind, Option<String>) {
    let previous = context.previous.map(|(p, _)| p);
    let previous_by_member = context.previous.is_some_and(|(_, member)| member);
    if let Some(hint) = context.hint {
        let reply = match (hint, previous) {
            (StatementKind::Answer, Some(p)) if previous_by_member => Some(p.id.clone()),
            _ => None,
        };
        return (hint, reply);
    }
    if !context.member {
        return match previous {
            Some(p)
                if previous_by_member
                    && !matches!(p.kind, StatementKind::Procedural | StatementKind::Answer) =>
            {
                (StatementKind::Answer, Some(p.id.clone()))
            }
            _ => (StatementKind::Explanation, None),
        };
    }
    if let (Some(p), Some(family)) = (previous, context.family)
        && p.kind == StatementKind::Question
        && previous_by_member
        && p.text.contains(&format!("{family}委員"))
    {
        return (StatementKind::Answer, Some(p.id.clone()));
    }
    let chair = context.chair;
    let sentences: Vec<&str> = text
        .split_inclusive(['。', '？', '?', '\n'])
        .filter(|s| !s.trim().is_empty())
        .collect();
    let last_is_question = sentences.last().is_some_and(|s| is_question_sentence(s));
    let asking = ASKING.iter().any(|p| text.contains(p));
    let mut plain = text.to_string();
    for phrase in ASKING {
        plain = plain.replace(phrase, "");
    }
    let kind = if PROPOSING.iter().any(|p| text.contains(p)) {
        StatementKind::Proposal
    } else if last_is_question || asking {
        StatementKind::Question
    } else if REQUESTING.iter().any(|p| plain.contains(p)) {
        StatementKind::Request
    } else if chair && PROCEDURAL.iter().any(|p| text.contains(p)) {
        StatementKind::Procedural
    } else if sentences.iter().any(|s| is_question_sentence(s)) {
        StatementKind::Question
    } else {
        StatementKind::Opinion
    };
    (kind, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(text: &str) -> StatementKind {
        let context = Context {
            member: true,
            chair: false,
            hint: None,
            previous: None,
            family: None,
        };
        guess(text, &context).0
    }

    #[test]
    fn kinds_by_words() {
        assert_eq!(
            member("利用者の年齢層は把握しているか。"),
            StatementKind::Question
        );
        assert_eq!(member("見通しを示してほしい。"), StatementKind::Request);
        assert_eq!(member("案内を整備してはどうか。"), StatementKind::Proposal);
        assert_eq!(member("良い取組ではないか。"), StatementKind::Opinion);
        let question = Statement::new("s1", "m1", StatementKind::Question, "どうか。");
        let official = Context {
            member: false,
            chair: false,
            hint: None,
            previous: Some((&question, true)),
            family: None,
        };
        assert_eq!(
            guess("検討する。", &official),
            (StatementKind::Answer, Some("s1".into()))
        );
    }
}
