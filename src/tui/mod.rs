//! The terminal UI: state ([`app`]), bindable intents ([`command`]) and everything else
//! `update()` handles ([`msg`]), the one state writer ([`update`]), and views that only
//! borrow ([`view`]). Terminal set-up and restore live in [`terminal`]; everything else is
//! testable with ratatui's `TestBackend`. A large workspace starts in stages ([`loading`]):
//! the first screen from a preview, the rest in the background. Work that must not freeze
//! the UI (a sync) is a [`task`], run by the event loop on its own thread.

pub mod app;
pub mod command;
pub mod core;
pub mod dialog;
pub mod edit;
pub mod events;
pub mod help;
pub mod keymap;
pub mod loading;
pub mod msg;
pub mod outcome;
pub mod palette;
pub mod popup;
pub mod present;
pub mod progress;
pub mod quit;
pub mod screen;
pub mod task;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

pub use app::{App, Options};
pub use command::Command;
pub use msg::Msg;
pub use update::update;

use loading::Held;
use screen::meeting;

/// Applies a message and every follow-up it produces; once a background load has completed,
/// replays the input held meanwhile, in order.
pub fn dispatch(app: &mut App, msg: impl Into<Msg>) {
    run(app, msg.into());
    replay_held(app);
    // What the views read is derived once, here, from the state the update left.
    app.refresh();
}

/// Runs the background work updates asked for, here and now, and dispatches what each
/// hands back (and whatever that asks for next): what the event loop does on other threads,
/// for tests and replays.
pub fn run_tasks(app: &mut App) {
    while !app.tasks.is_empty() {
        for task in std::mem::take(&mut app.tasks) {
            dispatch(app, Msg::TaskDone(Box::new(task.run())));
        }
    }
}

fn replay_held(app: &mut App) {
    let held = loading::take_replay(app);
    if held.is_empty() {
        return;
    }
    let mut note = None;
    for held in held {
        let msg = match held {
            Held::Command(command) => Some(Msg::Command(command)),
            // Turned into a message only now: what a key means in meeting mode depends on the
            // meeting being open.
            Held::Event(event) => events::msg_for(app, event),
        };
        if let Some(msg) = msg {
            note = replay(app, msg).or(note);
        }
    }
    // Replayed typing reaches the journal now, not at the next key.
    if let Some(follow) = meeting::flush_draft(&mut app.core, &mut app.session).or(note) {
        run(app, follow);
    }
}

fn run(app: &mut App, msg: Msg) {
    let mut next = Some(msg);
    while let Some(msg) = next {
        next = update(app, msg);
    }
}

/// Runs one replayed message and its follow-ups; returns the last notification instead of
/// showing it, so the status line says what the replay as a whole did (a recovered draft, a
/// refusal).
fn replay(app: &mut App, msg: Msg) -> Option<Msg> {
    let mut next = Some(msg);
    while let Some(msg) = next {
        if matches!(msg, Msg::Notify(_)) {
            return Some(msg);
        }
        next = update(app, msg);
    }
    None
}
