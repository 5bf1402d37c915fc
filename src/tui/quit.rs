//! Quitting without losing data. Every way out (`q`, Ctrl-C, SIGTERM/SIGHUP, a vanished
//! terminal) first keeps the meeting being recorded (its draft journalled, the journal
//! durable, the file saved) and retries every pending write. If one still fails, `q` and
//! Ctrl-C stay and ask, naming what would be lost; a second Ctrl-C (or `y`) quits anyway,
//! and the exit then says on stderr what was not saved (see [`unsaved_summary`]).

use super::app::{App, Pending, PendingWrite};
use super::dialog::{Confirm, Dialog};
use super::msg::Msg;
use super::screen::meeting;

/// `q`: keep everything, then quit, or stay and ask when something cannot be written.
pub fn request(app: &mut App) -> Option<Msg> {
    keep_everything(app);
    if app.core.pending_writes.is_empty() {
        app.should_quit = true;
        return None;
    }
    let follow = Some(Msg::Notify(reasons(app)));
    app.dialog = Some(Dialog::Confirm(Confirm::new(
        lost_question(app),
        Pending::QuitUnsaved,
    )));
    follow
}

/// Ctrl-C: like `q`, except that on the question about unsaved data it quits at once.
pub fn force(app: &mut App) -> Option<Msg> {
    if matches!(
        &app.dialog,
        Some(Dialog::Confirm(Confirm {
            pending: Pending::QuitUnsaved,
            ..
        }))
    ) {
        app.should_quit = true;
        return None;
    }
    request(app)
}

/// The message after "no" on the question: nothing was dropped.
pub fn stayed(app: &App) -> String {
    app.core
        .lang
        .pick(
            "終了を取り消しました。未保存のデータは保持しています",
            "Quit cancelled; the unsaved data is kept",
        )
        .to_string()
}

/// Journals the meeting editor's draft, saves the meeting file (which compacts the journal)
/// or at least makes the journal durable, then retries every other pending write.
pub fn keep_everything(app: &mut App) {
    let _ = meeting::flush_draft(&mut app.core, &mut app.session);
    let _ = meeting::save(&mut app.core, &mut app.session);
    let _ = meeting::idle_sync(&mut app.core, &mut app.session);
    retry_pending(app);
}

/// Writes again everything that failed before; each success clears its own mark.
pub fn retry_pending(app: &mut App) {
    let writes: Vec<PendingWrite> = app.core.pending_writes.keys().cloned().collect();
    for write in writes {
        match &write {
            PendingWrite::Plan(id) => match app.core.workspace.plan(id).cloned() {
                Some(plan) => match app.core.workspace.save_plan(plan) {
                    Ok(()) => app.write_done(&write),
                    Err(error) => app.write_failed(write, &error.message(app.core.lang)),
                },
                // The plan is gone from memory: nothing is left to write.
                None => app.write_done(&write),
            },
            PendingWrite::Meeting(id) | PendingWrite::Journal(id) => {
                let recording = app.session.as_ref().is_some_and(|s| &s.meeting_id == id);
                if recording {
                    let _ = meeting::save(&mut app.core, &mut app.session);
                    let _ = meeting::idle_sync(&mut app.core, &mut app.session);
                } else if let Some(minutes) = app.core.workspace.meeting(id).cloned() {
                    match app.core.workspace.save_meeting(minutes) {
                        Ok(()) => app.write_done(&write),
                        Err(error) => app.write_failed(write, &error.message(app.core.lang)),
                    }
                }
            }
        }
    }
}

/// The files still not saved, by name: two at most, so the question fits its dialog (the
/// status line lists them all with their reasons).
fn names(app: &App) -> String {
    let mut shown: Vec<String> = app
        .core
        .pending_writes
        .keys()
        .take(2)
        .map(|write| app.pending_label(write))
        .collect();
    let more = app.core.pending_writes.len().saturating_sub(shown.len());
    if more > 0 {
        shown.push(match app.core.lang {
            crate::model::Language::Ja => format!("他{more}件"),
            crate::model::Language::En => format!("{more} more"),
        });
    }
    shown.join(", ")
}

fn lost_question(app: &App) -> String {
    format!(
        "{}: {}. {} (y/n)",
        app.core.lang.pick("保存できません", "NOT SAVED"),
        names(app),
        app.core.lang.pick(
            "終了すると失われます。終了しますか？",
            "Quitting loses it. Quit anyway?"
        )
    )
}

fn reasons(app: &App) -> String {
    app.core
        .pending_writes
        .iter()
        .map(|(write, reason)| format!("{}: {reason}", app.pending_label(write)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the app leaves unsaved as it exits, for stderr (`None` when everything is saved).
pub fn unsaved_summary(app: &App) -> Option<String> {
    if app.core.pending_writes.is_empty() {
        return None;
    }
    Some(format!(
        "{}: {}",
        app.core
            .lang
            .pick("保存されずに終了しました", "quit with data NOT SAVED"),
        reasons(app)
    ))
}
