//! Resolving sync conflicts by choice: `kaikaku sync --theirs` / `--ours` for every
//! conflict, or `--theirs ID` / `--ours ID` for the items named.
//!
//! A conflicted file is line-merged with conflict markers, split into common text and
//! conflict hunks, and each hunk is tried both ways: the semantic diff between "every hunk
//! ours" and "this hunk theirs" names the items the hunk is about (an indicator's figure, a
//! node's status …). A hunk is resolved when the user's choice covers all of its items with
//! one side; otherwise it stays a conflict and nothing is written. Canonical RON puts one
//! value on one line, so hunks are small and each way of resolving one parses.

use super::diff::{Change, diff_meetings, diff_plans, diff_responses, diff_settings_values};
use crate::model::response::ResponseFile;
use crate::model::{Meeting, Plan, Settings};
use crate::store::SETTINGS_FILE;

/// One side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// This workspace's version (`--ours`).
    Ours,
    /// The remote's version (`--theirs`).
    Theirs,
}

/// What the user chose for conflicting items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    /// One side for every conflict (`--theirs` / `--ours` without an id).
    pub all: Option<Side>,
    /// One side per item (`--theirs tk1`): an indicator, node, meeting, statement or plan
    /// id, or the `plan/id` shown in the conflict report.
    pub items: Vec<(String, Side)>,
}

impl Choice {
    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.items.is_empty()
    }

    /// The side chosen for a hunk about `changes`: the one side every change was given,
    /// else the side for all conflicts.
    fn side_for(&self, changes: &[Change]) -> Option<Side> {
        let mut found: Option<Side> = None;
        for change in changes {
            let side = self
                .items
                .iter()
                .find(|(id, _)| change.is_about(id))
                .map(|(_, side)| *side)
                .or(self.all)?;
            if found.is_some_and(|f| f != side) {
                return self.all;
            }
            found = Some(side);
        }
        found.or(self.all)
    }
}

/// A line-merged file: common text and conflict hunks.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Common(String),
    Conflict { ours: String, theirs: String },
}

/// Splits text with standard conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`; a diff3
/// `|||||||` base section is dropped). `None` when the markers do not nest as git writes
/// them.
fn split(merged: &str) -> Option<Vec<Segment>> {
    #[derive(PartialEq)]
    enum State {
        Common,
        Ours,
        Base,
        Theirs,
    }
    let marker = |line: &str, mark: &str| {
        line.strip_prefix(mark)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\n', '\r']))
    };
    let mut out = Vec::new();
    let (mut common, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    let mut state = State::Common;
    for line in merged.split_inclusive('\n') {
        match state {
            State::Common if marker(line, "<<<<<<<") => {
                out.push(Segment::Common(std::mem::take(&mut common)));
                state = State::Ours;
            }
            State::Common => common.push_str(line),
            State::Ours | State::Base if marker(line, "=======") => state = State::Theirs,
            State::Ours if marker(line, "|||||||") => state = State::Base,
            State::Ours => ours.push_str(line),
            State::Base => {}
            State::Theirs if marker(line, ">>>>>>>") => {
                out.push(Segment::Conflict {
                    ours: std::mem::take(&mut ours),
                    theirs: std::mem::take(&mut theirs),
                });
                state = State::Common;
            }
            State::Theirs => theirs.push_str(line),
        }
    }
    if state != State::Common {
        return None;
    }
    out.push(Segment::Common(common));
    Some(out)
}

fn compose(segments: &[Segment], side_of: impl Fn(usize) -> Side) -> String {
    let mut text = String::new();
    let mut hunk = 0;
    for segment in segments {
        match segment {
            Segment::Common(common) => text.push_str(common),
            Segment::Conflict { ours, theirs } => {
                text.push_str(match side_of(hunk) {
                    Side::Ours => ours,
                    Side::Theirs => theirs,
                });
                hunk += 1;
            }
        }
    }
    text
}

fn parse<T: serde::de::DeserializeOwned>(text: &[u8]) -> Option<T> {
    crate::store::canonical::options().from_bytes(text).ok()
}

/// The changes from `old` to `new`, two versions of the workspace file at `path`, in
/// domain terms; `None` when either does not parse or the path holds no workspace data.
pub fn file_changes(path: &str, old: &[u8], new: &[u8]) -> Option<Vec<Change>> {
    if path == SETTINGS_FILE {
        Some(diff_settings_values(
            &parse::<Settings>(old)?,
            &parse::<Settings>(new)?,
        ))
    } else if path.starts_with("plans/") {
        Some(diff_plans(&parse::<Plan>(old)?, &parse::<Plan>(new)?))
    } else if path.starts_with("minutes/") {
        Some(diff_meetings(
            &parse::<Meeting>(old)?,
            &parse::<Meeting>(new)?,
        ))
    } else if path.starts_with("responses/") {
        Some(diff_responses(
            &parse::<ResponseFile>(old)?,
            &parse::<ResponseFile>(new)?,
        ))
    } else {
        None
    }
}

/// A conflicted file resolved as chosen.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub content: String,
    /// Per hunk: what taking the remote's side changes here (ours → theirs), and the side
    /// taken; for the merge commit's record.
    pub taken: Vec<(Vec<Change>, Side)>,
}

/// Resolves the line-merged `merged` text of `path` by `choice`; `Err` names the hunks the
/// choice does not cover (by their changes, or the path when they cannot be read).
pub fn resolve_file(
    path: &str,
    merged: &str,
    choice: &Choice,
) -> Result<Resolved, Vec<Vec<Change>>> {
    let Some(segments) = split(merged) else {
        return Err(vec![Vec::new()]);
    };
    let hunks = segments
        .iter()
        .filter(|s| matches!(s, Segment::Conflict { .. }))
        .count();
    let all_ours = compose(&segments, |_| Side::Ours);
    let mut sides = Vec::with_capacity(hunks);
    let mut taken = Vec::with_capacity(hunks);
    let mut unresolved = Vec::new();
    for hunk in 0..hunks {
        let one_theirs = compose(
            &segments,
            |i| {
                if i == hunk { Side::Theirs } else { Side::Ours }
            },
        );
        let changes = file_changes(path, all_ours.as_bytes(), one_theirs.as_bytes());
        let side = match &changes {
            Some(changes) if !changes.is_empty() => choice.side_for(changes),
            // Unreadable, or no change in domain terms (layout only): only a choice for
            // everything decides it.
            _ => choice.all,
        };
        if let Some(side) = side {
            sides.push(side);
            taken.push((changes.unwrap_or_default(), side));
        } else {
            sides.push(Side::Ours);
            unresolved.push(changes.unwrap_or_default());
        }
    }
    if !unresolved.is_empty() {
        return Err(unresolved);
    }
    Ok(Resolved {
        content: compose(&segments, |i| sides[i]),
        taken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "(\n    a: 1,\n    b: 2,\n)\n";

    #[test]
    fn conflict_markers_split_into_hunks_and_compose_back() {
        let merged =
            "(\n<<<<<<< ours\n    a: 1,\n=======\n    a: 3,\n>>>>>>> theirs\n    b: 2,\n)\n";
        let segments = split(merged).expect("segments");
        assert_eq!(segments.len(), 3);
        assert_eq!(compose(&segments, |_| Side::Ours), BASE);
        assert_eq!(
            compose(&segments, |_| Side::Theirs),
            "(\n    a: 3,\n    b: 2,\n)\n"
        );
        let diff3 = "x\n<<<<<<< ours\no\n||||||| base\nb\n=======\nt\n>>>>>>> theirs\n";
        assert_eq!(
            compose(&split(diff3).expect("diff3"), |_| Side::Theirs),
            "x\nt\n"
        );
        assert_eq!(split("<<<<<<< ours\nunclosed\n"), None);
    }

    #[test]
    fn a_choice_covers_a_hunk_only_when_every_item_gets_one_side() {
        let figure = |indicator: &str| Change::IndicatorRemoved {
            plan: "p".into(),
            indicator: indicator.into(),
            name: "n".into(),
            reason: None,
        };
        let choice = Choice {
            all: None,
            items: vec![("k1".into(), Side::Theirs), ("k2".into(), Side::Ours)],
        };
        assert_eq!(choice.side_for(&[figure("k1")]), Some(Side::Theirs));
        assert_eq!(
            choice.side_for(&[figure("p/k2")]),
            None,
            "p/k2 is no subject"
        );
        assert_eq!(choice.side_for(&[figure("k2")]), Some(Side::Ours));
        assert_eq!(choice.side_for(&[figure("k1"), figure("k2")]), None);
        assert_eq!(choice.side_for(&[figure("k3")]), None);
        let all = Choice {
            all: Some(Side::Ours),
            items: vec![("k1".into(), Side::Theirs)],
        };
        assert_eq!(all.side_for(&[figure("k3")]), Some(Side::Ours));
        assert_eq!(all.side_for(&[figure("k1")]), Some(Side::Theirs));
    }
}
