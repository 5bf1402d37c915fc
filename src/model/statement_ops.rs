//! Statement operations (correct, split, merge, delete, move, relink) as values that carry
//! their inverse, for undo and redo through the journal.
//!
//! An operation is recorded as the affected statements before and after. Undo does not put
//! the whole old list back — statements recorded since would be lost — but carries the
//! change back onto the list as it is now ([`carry`]): statements the operation created go,
//! those it removed return after their old predecessor, changed ones get their old text and
//! links, moved ones their old order. Redo is the same with the roles swapped.

use serde::{Deserialize, Serialize};

use super::meeting::Statement;

/// Which operation, for the message after an undo (「結合を元に戻しました」).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Correct,
    Split,
    Merge,
    Delete,
    Move,
    Relink,
    /// The meeting's header (times, place, attendance, officials, materials, agenda).
    Header,
}

impl Operation {
    pub fn label(self, lang: super::Language) -> &'static str {
        match self {
            Operation::Correct => lang.pick("訂正", "correction"),
            Operation::Split => lang.pick("分割", "split"),
            Operation::Merge => lang.pick("結合", "merge"),
            Operation::Delete => lang.pick("削除", "deletion"),
            Operation::Move => lang.pick("移動", "move"),
            Operation::Relink => lang.pick("リンク変更", "relink"),
            Operation::Header => lang.pick("会議情報の変更", "header edit"),
        }
    }
}

/// One operation: the statement list before and after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub operation: Operation,
    pub before: Vec<Statement>,
    pub after: Vec<Statement>,
    /// A header edit's fields before and after (its statement lists are empty). Journals
    /// written before header edits existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Box<super::meeting_edit::HeaderChange>>,
}

impl Edit {
    /// A header edit: `before` and `after` as the meeting's header fields.
    pub fn header(
        before: super::meeting_edit::HeaderFields,
        after: super::meeting_edit::HeaderFields,
    ) -> Edit {
        Edit {
            operation: Operation::Header,
            before: Vec::new(),
            after: Vec::new(),
            header: Some(Box::new(super::meeting_edit::HeaderChange {
                before,
                after,
            })),
        }
    }

    /// Carries the edit onto `meeting`, forwards (`true`: as done or redone) or back (undone).
    pub fn carry_onto(&self, meeting: &mut super::Meeting, forwards: bool) {
        let (from, to) = if forwards {
            (&self.before, &self.after)
        } else {
            (&self.after, &self.before)
        };
        meeting.statements = carry(&meeting.statements, from, to);
        if let Some(change) = &self.header {
            if forwards {
                change.after.put(meeting);
            } else {
                change.before.put(meeting);
            }
        }
    }
}

/// The undo and redo stacks, newest last.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct History {
    #[serde(default)]
    pub undo: Vec<Edit>,
    #[serde(default)]
    pub redo: Vec<Edit>,
}

impl History {
    /// Records an operation just applied; a new operation ends what could be redone.
    pub fn record(&mut self, edit: Edit) {
        self.undo.push(edit);
        self.redo.clear();
    }

    /// Moves the newest operation to the redo stack without touching statements (the
    /// journal's own copy of the stacks, for compaction).
    pub fn shift_undo(&mut self) {
        if let Some(edit) = self.undo.pop() {
            self.redo.push(edit);
        }
    }

    /// Moves the newest undone operation back to the undo stack.
    pub fn shift_redo(&mut self) {
        if let Some(edit) = self.redo.pop() {
            self.undo.push(edit);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.undo.is_empty() && self.redo.is_empty()
    }

    /// Undoes the newest operation on the whole meeting (statements and, for a header edit,
    /// the header); which one, or `None` when there is none.
    pub fn undo_meeting(&mut self, meeting: &mut super::Meeting) -> Option<Operation> {
        let edit = self.undo.pop()?;
        edit.carry_onto(meeting, false);
        let operation = edit.operation;
        self.redo.push(edit);
        Some(operation)
    }

    /// Redoes the newest undone operation on the whole meeting.
    pub fn redo_meeting(&mut self, meeting: &mut super::Meeting) -> Option<Operation> {
        let edit = self.redo.pop()?;
        edit.carry_onto(meeting, true);
        let operation = edit.operation;
        self.undo.push(edit);
        Some(operation)
    }

    /// Undoes the newest operation on `statements`; which one, or `None` when there is none.
    pub fn undo(&mut self, statements: &mut Vec<Statement>) -> Option<Operation> {
        let edit = self.undo.pop()?;
        *statements = carry(statements, &edit.after, &edit.before);
        let operation = edit.operation;
        self.redo.push(edit);
        Some(operation)
    }

    /// Redoes the newest undone operation.
    pub fn redo(&mut self, statements: &mut Vec<Statement>) -> Option<Operation> {
        let edit = self.redo.pop()?;
        *statements = carry(statements, &edit.before, &edit.after);
        let operation = edit.operation;
        self.undo.push(edit);
        Some(operation)
    }
}

/// `current` with the change from `from` to `to` applied to the statements `from` names,
/// the rest left where they are. With `current == from` the result is exactly `to`, and
/// applying it twice changes nothing more (so replaying a journal twice is harmless).
pub fn carry(current: &[Statement], from: &[Statement], to: &[Statement]) -> Vec<Statement> {
    let in_from = |id: &str| from.iter().any(|s| s.id == id);
    let in_to = |id: &str| to.iter().find(|s| s.id == id);
    // Statements the change removes go; those it changes take their new form.
    let mut out: Vec<Statement> = current
        .iter()
        .filter(|s| !(in_from(&s.id) && in_to(&s.id).is_none()))
        .map(|s| in_to(&s.id).cloned().unwrap_or_else(|| s.clone()))
        .collect();
    // The slots held by statements of `to` are refilled in `to`'s order.
    let slots: Vec<usize> = (0..out.len())
        .filter(|&i| to.iter().any(|s| s.id == out[i].id))
        .collect();
    let ordered: Vec<Statement> = to
        .iter()
        .filter(|s| slots.iter().any(|&i| out[i].id == s.id))
        .cloned()
        .collect();
    for (&slot, statement) in slots.iter().zip(ordered) {
        out[slot] = statement;
    }
    // Statements of `to` missing now come back after their predecessor in `to`.
    for (index, statement) in to.iter().enumerate() {
        if out.iter().any(|s| s.id == statement.id) {
            continue;
        }
        let at = index
            .checked_sub(1)
            .and_then(|p| out.iter().position(|s| s.id == to[p].id))
            .map_or(0, |p| p + 1);
        out.insert(at, statement.clone());
    }
    out
}

/// The operation that turns `old` into `new`, holding only what it touches: statements
/// changed, added or removed, those whose order changed, and the neighbour before each added
/// or removed one (so undo and redo put it back in its place). Keeping the record small
/// keeps the journal and its compacted history small on a long meeting; [`carry`] of it
/// gives `new` from `old` and `old` from `new` exactly.
pub fn edit_between(operation: Operation, old: &[Statement], new: &[Statement]) -> Edit {
    use std::collections::BTreeSet;
    let find = |list: &[Statement], id: &str| list.iter().position(|s| s.id == id);
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (list, other) in [(old, new), (new, old)] {
        for (index, statement) in list.iter().enumerate() {
            match find(other, &statement.id) {
                Some(at) if other[at] == *statement => {}
                Some(_) => {
                    touched.insert(statement.id.clone());
                }
                None => {
                    touched.insert(statement.id.clone());
                    if let Some(previous) = index.checked_sub(1) {
                        touched.insert(list[previous].id.clone());
                    }
                }
            }
        }
    }
    // Statements in both lists whose order changed (a move).
    let common = |list: &[Statement], other: &[Statement]| -> Vec<String> {
        list.iter()
            .filter(|s| find(other, &s.id).is_some())
            .map(|s| s.id.clone())
            .collect()
    };
    for (a, b) in common(old, new).into_iter().zip(common(new, old)) {
        if a != b {
            touched.insert(a);
            touched.insert(b);
        }
    }
    let pick = |list: &[Statement]| -> Vec<Statement> {
        list.iter()
            .filter(|s| touched.contains(&s.id))
            .cloned()
            .collect()
    };
    Edit {
        operation,
        before: pick(old),
        after: pick(new),
        header: None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::StatementKind;

    fn s(id: &str, text: &str) -> Statement {
        Statement::new(id, "a", StatementKind::Opinion, text)
    }

    fn texts(list: &[Statement]) -> Vec<String> {
        list.iter()
            .map(|s| format!("{}:{}", s.id, s.text))
            .collect()
    }

    /// A merge undone after a new statement was recorded: the merged statement returns to
    /// its place, the new statement stays; redo merges again.
    #[test]
    fn undo_of_a_merge_keeps_statements_recorded_since() {
        let before = vec![s("s1", "一"), s("s2", "二"), s("s3", "三")];
        let after = vec![s("s1", "一二"), s("s3", "三")];
        let mut history = History::default();
        history.record(Edit {
            operation: Operation::Merge,
            before,
            after: after.clone(),
            header: None,
        });
        let mut now = after;
        now.push(s("s4", "四"));
        assert_eq!(history.undo(&mut now), Some(Operation::Merge));
        assert_eq!(texts(&now), ["s1:一", "s2:二", "s3:三", "s4:四"]);
        assert_eq!(history.undo(&mut now), None);
        assert_eq!(history.redo(&mut now), Some(Operation::Merge));
        assert_eq!(texts(&now), ["s1:一二", "s3:三", "s4:四"]);
    }

    #[test]
    fn split_delete_and_move_are_undone() {
        let start = vec![s("s1", "一"), s("s2", "二"), s("s3", "三")];
        for (operation, after) in [
            (
                Operation::Split,
                vec![
                    s("s1", "一の前"),
                    s("s9", "の後"),
                    s("s2", "二"),
                    s("s3", "三"),
                ],
            ),
            (Operation::Delete, vec![s("s1", "一"), s("s3", "三")]),
            (
                Operation::Move,
                vec![s("s2", "二"), s("s1", "一"), s("s3", "三")],
            ),
        ] {
            let mut history = History::default();
            history.record(Edit {
                operation,
                before: start.clone(),
                after: after.clone(),
                header: None,
            });
            let mut now = after.clone();
            history.undo(&mut now);
            assert_eq!(now, start, "{operation:?}");
            history.redo(&mut now);
            assert_eq!(now, after, "{operation:?}");
        }
    }

    fn list() -> impl Strategy<Value = Vec<Statement>> {
        prop::collection::vec((0u8..12, "[一二三]{0,2}"), 0..8).prop_map(|items| {
            let mut seen = std::collections::HashSet::new();
            items
                .into_iter()
                .filter(|(id, _)| seen.insert(*id))
                .map(|(id, text)| s(&format!("s{id}"), &text))
                .collect()
        })
    }

    proptest! {
        /// The small record of any change carries one list into the other, both ways, also
        /// with statements recorded after it.
        #[test]
        fn edit_between_is_exact_both_ways(old in list(), new in list()) {
            let edit = edit_between(Operation::Move, &old, &new);
            prop_assert_eq!(carry(&old, &edit.before, &edit.after), new.clone());
            prop_assert_eq!(carry(&new, &edit.after, &edit.before), old.clone());
        }
    }

    proptest! {
        /// Undo right after an operation gives the list before it, redo the list after, and
        /// carrying a change twice is the same as once.
        #[test]
        fn undo_and_redo_are_exact_inverses(before in list(), after in list()) {
            prop_assert_eq!(carry(&after, &after, &before), before.clone());
            prop_assert_eq!(carry(&before, &before, &after), after.clone());
            let once = carry(&before, &before, &after);
            prop_assert_eq!(carry(&once, &before, &after), once);
        }
    }
}
