//! The terminal UI: state ([`app`]), intents ([`action`]), the one state writer
//! ([`update`]), and views that only borrow ([`view`]). Terminal set-up and restore live in
//! [`terminal`]; everything else is testable with ratatui's `TestBackend`. A large workspace
//! starts in stages ([`loading`]): the first screen from a preview, the rest in the background.

pub mod action;
pub mod app;
pub mod events;
pub mod history;
pub mod keymap;
pub mod loading;
pub mod meeting;
pub mod palette;
pub mod present;
pub mod progress;
pub mod quit;
pub mod review;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

pub use action::Action;
pub use app::{App, Options};
pub use update::update;

/// Applies an action and every follow-up it produces.
pub fn dispatch(app: &mut App, action: Action) {
    let mut next = Some(action);
    while let Some(action) = next {
        next = update(app, action);
    }
}
