//! A yes/no question and what "yes" will do.

use super::Step;
use super::purpose::Pending;
use crate::tui::command::Command;
use crate::tui::msg::Msg;

/// A confirmation: the question (already sanitised) and the pending change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub message: String,
    pub pending: Pending,
}

impl Confirm {
    pub fn new(message: impl Into<String>, pending: Pending) -> Self {
        Confirm {
            message: message.into(),
            pending,
        }
    }

    /// `y` or Enter says yes; `n`, Esc or `q` says no; anything else waits.
    pub fn handle(&self, msg: &Msg) -> Step<()> {
        match msg.command() {
            Some(Command::Confirm | Command::Submit) => Step::Done(()),
            Some(Command::Cancel | Command::Quit) => Step::Cancel,
            _ => Step::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_or_no_closes_it() {
        let confirm = Confirm::new("Close? (y/n)", Pending::ClosePhase);
        assert_eq!(confirm.handle(&Msg::Command(Command::Down)), Step::Stay);
        assert_eq!(confirm.handle(&Msg::Type('x')), Step::Stay);
        assert_eq!(
            confirm.handle(&Msg::Command(Command::Confirm)),
            Step::Done(())
        );
        assert_eq!(
            confirm.handle(&Msg::Command(Command::Submit)),
            Step::Done(())
        );
        assert_eq!(confirm.handle(&Msg::Command(Command::Cancel)), Step::Cancel);
        assert_eq!(confirm.handle(&Msg::Command(Command::Quit)), Step::Cancel);
    }
}
