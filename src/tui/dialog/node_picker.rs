//! The node picker of meeting mode: every plan item (node) by printed number and title,
//! filtered as the typist types, to link a statement to the item it is about — without
//! leaving the meeting screen.
//!
//! Matching folds both sides with [`crate::search::fold`] (full-width digits, kana, case),
//! so 「１－２」, 「1-2」 and 「てれわーく」 find what they mean. Every word of the query must
//! occur in the item's number and title; an item whose number starts with the query comes
//! first, then items whose title contains it, then the rest in plan order. The first row is
//! always "no link", so a link can be taken away with the same dialog.

use super::Step;
use super::line_input::edit_line;
use crate::model::meeting::NodeLink;
use crate::search::fold::fold;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// What the chosen node links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// The next statement recorded (the link choice next to the editor).
    Next,
    /// An existing statement, by id: a relink, undoable.
    Statement(String),
}

/// One item that can be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeOption {
    pub link: NodeLink,
    /// Printed number (「1」, 「(2)」, 「ア」).
    pub number: String,
    pub title: String,
    /// Depth in the plan tree, for indenting.
    pub depth: usize,
    /// Folded `number title`, matched against the folded query.
    folded: String,
}

impl NodeOption {
    pub fn new(link: NodeLink, number: &str, title: &str, depth: usize) -> Self {
        NodeOption {
            folded: fold(&format!("{number} {title}")),
            link,
            number: number.to_string(),
            title: title.to_string(),
            depth,
        }
    }
}

/// The picker: the query, the options and the selected row among those shown (row 0 is
/// "no link").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePicker {
    pub target: LinkTarget,
    pub query: String,
    pub cursor: usize,
    pub selected: usize,
    pub options: Vec<NodeOption>,
    /// The link in force when the picker opened, marked in the list.
    pub current: Option<NodeLink>,
}

impl NodePicker {
    /// A picker over `options`, the current link selected when there is one.
    pub fn new(target: LinkTarget, options: Vec<NodeOption>, current: Option<NodeLink>) -> Self {
        let selected = current
            .as_ref()
            .and_then(|link| options.iter().position(|o| &o.link == link))
            .map_or(0, |i| i + 1);
        NodePicker {
            target,
            query: String::new(),
            cursor: 0,
            selected,
            options,
            current,
        }
    }

    /// The options the query lets through, best first (indices into `options`).
    pub fn shown(&self) -> Vec<usize> {
        let query = fold(self.query.trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            return (0..self.options.len()).collect();
        }
        let mut hits: Vec<(u8, usize)> = self
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| words.iter().all(|w| o.folded.contains(w)))
            .map(|(i, o)| {
                let number = fold(&o.number);
                let rank = if number == query {
                    0
                } else if number.starts_with(&query) {
                    1
                } else if fold(&o.title).contains(&query) {
                    2
                } else {
                    3
                };
                (rank, i)
            })
            .collect();
        hits.sort_unstable();
        hits.into_iter().map(|(_, i)| i).collect()
    }

    /// Rows on screen: "no link" and then the shown options.
    pub fn rows(&self) -> usize {
        self.shown().len() + 1
    }

    /// Edits the query (the selection goes to the best hit) or moves; `Done` carries the
    /// chosen link, `None` for "no link".
    pub fn handle(&mut self, msg: &Msg) -> Step<Option<NodeLink>> {
        if edit_line(&mut self.query, &mut self.cursor, msg) {
            // The best hit, not "no link", once something is typed.
            self.selected = usize::from(!self.query.trim().is_empty() && self.rows() > 1);
            return Step::Stay;
        }
        match msg.command() {
            Some(Command::Cancel | Command::ForceQuit) => Step::Cancel,
            Some(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Some(Command::Down) => {
                self.selected = (self.selected + 1).min(self.rows() - 1);
                Step::Stay
            }
            Some(Command::Submit) => match self.selected.checked_sub(1) {
                None => Step::Done(None),
                Some(row) => self.shown().get(row).map_or(Step::Stay, |&i| {
                    Step::Done(Some(self.options[i].link.clone()))
                }),
            },
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> NodePicker {
        let option = |node: &str, number: &str, title: &str| {
            NodeOption::new(
                NodeLink {
                    plan: "p".into(),
                    node: node.into(),
                },
                number,
                title,
                1,
            )
        };
        NodePicker::new(
            LinkTarget::Next,
            vec![
                option("n1", "1", "市民サービスの向上"),
                option("n1-2", "1-2", "窓口改革（書かない窓口）"),
                option("n2", "2", "テレワークの推進"),
                option("n12", "12", "行政のDX"),
            ],
            None,
        )
    }

    fn typed(picker: &mut NodePicker, text: &str) {
        for c in text.chars() {
            assert_eq!(picker.handle(&Msg::Type(c)), Step::Stay);
        }
    }

    fn chosen(step: Step<Option<NodeLink>>) -> Option<String> {
        match step {
            Step::Done(link) => link.map(|l| l.node),
            other => panic!("not done: {other:?}"),
        }
    }

    #[test]
    fn a_number_finds_its_item_first_also_typed_full_width() {
        let mut p = picker();
        typed(&mut p, "１２");
        assert_eq!(p.shown(), [3], "12, not 1-2 nor 1 or 2");
        assert_eq!(
            chosen(p.handle(&Msg::Command(Command::Submit))).as_deref(),
            Some("n12")
        );
        let mut p = picker();
        typed(&mut p, "1");
        assert_eq!(
            p.shown(),
            [0, 1, 3],
            "the number itself first, then by number"
        );
    }

    #[test]
    fn a_title_word_in_hiragana_finds_the_katakana_title() {
        let mut p = picker();
        typed(&mut p, "てれわーく");
        assert_eq!(p.shown(), [2]);
        assert_eq!(
            chosen(p.handle(&Msg::Command(Command::Submit))).as_deref(),
            Some("n2")
        );
        let mut p = picker();
        typed(&mut p, "1 窓口");
        assert_eq!(p.shown(), [1], "every word must match");
    }

    #[test]
    fn the_first_row_takes_the_link_away_and_moves_are_bounded() {
        let mut p = NodePicker::new(
            LinkTarget::Statement("s1".into()),
            picker().options,
            Some(NodeLink {
                plan: "p".into(),
                node: "n2".into(),
            }),
        );
        assert_eq!(p.selected, 3, "the current link is selected");
        for _ in 0..9 {
            p.handle(&Msg::Command(Command::Up));
        }
        assert_eq!(chosen(p.handle(&Msg::Command(Command::Submit))), None);
        for _ in 0..9 {
            p.handle(&Msg::Command(Command::Down));
        }
        assert_eq!(p.selected, 4);
        typed(&mut p, "存在しない");
        assert_eq!(p.rows(), 1);
        assert_eq!(p.selected, 0, "nothing found: only 'no link' is left");
        assert_eq!(p.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
    }
}
