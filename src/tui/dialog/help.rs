//! The help overlay's state: how far it is scrolled. What it lists and how tall that is
//! come from `tui::help`, so the router passes the largest offset in.

use super::Step;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// The key list, scrolled by `scroll` lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

impl Help {
    /// Scrolls (`j`/`k`, arrows, the wheel, PageUp/PageDown, Home/End) within
    /// `0..=max_scroll`, `page` lines a page; closes on the keys that open or leave it.
    pub fn handle(&mut self, msg: &Msg, max_scroll: usize, page: usize) -> Step<()> {
        let page = page.max(1);
        self.scroll = match msg.command() {
            Some(Command::ToggleHelp | Command::Cancel | Command::Quit | Command::Submit) => {
                return Step::Cancel;
            }
            Some(Command::Down) => self.scroll + 1,
            Some(Command::Up) => self.scroll.saturating_sub(1),
            Some(Command::PageDown) => self.scroll + page,
            Some(Command::PageUp) => self.scroll.saturating_sub(page),
            Some(Command::Top) => 0,
            Some(Command::Bottom) => max_scroll,
            _ => self.scroll,
        }
        .min(max_scroll);
        Step::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_within_its_lines_and_closes_on_esc() {
        let mut help = Help::default();
        assert_eq!(help.handle(&Command::Up.into(), 30, 10), Step::Stay);
        assert_eq!(help.scroll, 0);
        help.handle(&Command::Down.into(), 30, 10);
        assert_eq!(help.scroll, 1);
        help.handle(&Command::PageDown.into(), 30, 10);
        assert_eq!(help.scroll, 11);
        help.handle(&Command::Bottom.into(), 30, 10);
        assert_eq!(help.scroll, 30);
        help.handle(&Command::PageDown.into(), 30, 10);
        assert_eq!(help.scroll, 30, "never past the last line");
        help.handle(&Command::PageUp.into(), 30, 10);
        assert_eq!(help.scroll, 20);
        help.handle(&Command::Top.into(), 30, 10);
        assert_eq!(help.scroll, 0);
        assert_eq!(help.handle(&Command::Cancel.into(), 30, 10), Step::Cancel);
        assert_eq!(
            help.handle(&Command::ToggleHelp.into(), 30, 10),
            Step::Cancel
        );
    }

    #[test]
    fn a_help_that_fits_does_not_scroll() {
        let mut help = Help::default();
        help.handle(&Command::Bottom.into(), 0, 10);
        help.handle(&Command::Down.into(), 0, 10);
        assert_eq!(help.scroll, 0);
    }
}
