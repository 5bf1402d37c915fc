//! A choice list: (id, label) options and the selected one.

use super::Step;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// A list to choose one option from, for `purpose`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice<P> {
    pub purpose: P,
    /// (id, label) pairs; `Done` carries the id.
    pub options: Vec<(String, String)>,
    pub selected: usize,
}

impl<P> Choice<P> {
    pub fn new(purpose: P, options: Vec<(String, String)>, selected: usize) -> Self {
        Choice {
            purpose,
            options,
            selected,
        }
    }

    /// Moves in place; Enter (or the expand key) picks the selected option's id. A list with
    /// nothing to choose closes on Enter.
    pub fn handle(&mut self, msg: &Msg) -> Step<String> {
        match msg.command() {
            Some(Command::Cancel | Command::Quit) => Step::Cancel,
            Some(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Some(Command::Down) => {
                self.selected = (self.selected + 1).min(self.options.len().saturating_sub(1));
                Step::Stay
            }
            Some(Command::Submit | Command::ToggleExpand) => self
                .options
                .get(self.selected)
                .map_or(Step::Cancel, |(id, _)| Step::Done(id.clone())),
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(ids: &[&str]) -> Vec<(String, String)> {
        ids.iter()
            .map(|id| ((*id).to_string(), id.to_uppercase()))
            .collect()
    }

    #[test]
    fn moves_stay_inside_the_list_and_enter_picks_the_id() {
        let mut choice = Choice::new((), options(&["a", "b", "c"]), 1);
        choice.handle(&Msg::Command(Command::Up));
        choice.handle(&Msg::Command(Command::Up));
        assert_eq!(choice.selected, 0);
        for _ in 0..5 {
            choice.handle(&Msg::Command(Command::Down));
        }
        assert_eq!(choice.selected, 2);
        assert_eq!(
            choice.handle(&Msg::Command(Command::Submit)),
            Step::Done("c".into())
        );
        assert_eq!(
            choice.handle(&Msg::Command(Command::ToggleExpand)),
            Step::Done("c".into())
        );
    }

    #[test]
    fn escape_quit_and_an_empty_list_close_it() {
        let mut choice = Choice::new((), options(&["a"]), 0);
        assert_eq!(choice.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
        assert_eq!(choice.handle(&Msg::Command(Command::Quit)), Step::Cancel);
        assert_eq!(choice.handle(&Msg::Type('a')), Step::Stay);
        let mut empty = Choice::new((), Vec::new(), 0);
        assert_eq!(empty.handle(&Msg::Command(Command::Down)), Step::Stay);
        assert_eq!(empty.selected, 0);
        assert_eq!(empty.handle(&Msg::Command(Command::Submit)), Step::Cancel);
    }
}
