//! The search box of the palette: the query and the selected hit. The hits themselves are
//! searched by [`crate::tui::palette`] over the workspace.

use super::Step;
use super::line_input::edit_line;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// The palette's query and selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
}

impl Palette {
    /// Edits the query (the selection goes back to the best hit) or moves among the hits;
    /// `hits` counts them for a query, asked only when a move needs the bound. `Done`
    /// carries the index of the chosen hit.
    pub fn handle(&mut self, msg: &Msg, hits: impl FnOnce(&str) -> usize) -> Step<usize> {
        // The query is edited at its end: the palette has no cursor of its own.
        let mut cursor = self.query.chars().count();
        if edit_line(&mut self.query, &mut cursor, msg) {
            self.selected = 0;
            return Step::Stay;
        }
        match msg.command() {
            Some(Command::Cancel | Command::ForceQuit) => Step::Cancel,
            Some(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Some(Command::Down) => {
                let count = hits(&self.query);
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
                Step::Stay
            }
            Some(Command::Submit) => Step::Done(self.selected),
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_resets_the_selection_and_moves_are_bounded() {
        let mut palette = Palette::default();
        palette.handle(&Msg::Command(Command::Down), |_| 3);
        palette.handle(&Msg::Command(Command::Down), |_| 3);
        palette.handle(&Msg::Command(Command::Down), |_| 3);
        assert_eq!(palette.selected, 2);
        palette.handle(&Msg::Type('窓'), |_| {
            unreachable!("typing does not search")
        });
        assert_eq!((palette.query.as_str(), palette.selected), ("窓", 0));
        palette.handle(&Msg::Command(Command::Down), |query| {
            assert_eq!(query, "窓");
            0
        });
        assert_eq!(palette.selected, 0, "no hits: nowhere to go");
        palette.handle(&Msg::Backspace, |_| 0);
        assert_eq!(palette.query, "");
        assert_eq!(
            palette.handle(&Msg::Command(Command::Submit), |_| 0),
            Step::Done(0)
        );
        assert_eq!(
            palette.handle(&Msg::Command(Command::Cancel), |_| 0),
            Step::Cancel
        );
    }
}
