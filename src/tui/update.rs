//! `update()`: the only place the TUI state changes, as a router. System messages (quit,
//! resize, ticks, the load) first; then the focus, decided once, picks the one handler: the
//! open dialog, meeting mode, or the current screen. Screens answer with an [`Outcome`],
//! carried out in one place ([`carry_out`]).

use super::app::{App, Focus, Screen};
use super::command::Command;
use super::dialog::{
    self, ChoicePurpose, Confirm, Dialog, EditorPurpose, InputPurpose, Palette, Pending, Step,
};
use super::edit::Edit;
use super::loading::{self, Held};
use super::msg::Msg;
use super::outcome::Outcome;
use super::palette::{self, Target};
use super::screen::kpi::KpiState;
use super::screen::tree::{Filter, TreeState};
use super::screen::{
    edits, history, meeting, meeting_header, meeting_life, meeting_pick, plan_forms, review,
};
use super::task::TaskDone;
use crate::history::resolve::Choice;

pub use super::screen::kpi::parse_actual;

/// Applies one message; may return a follow-up message (e.g. a notification). What a
/// message means depends on the focus, decided once ([`App::focus`]).
pub fn update(app: &mut App, msg: Msg) -> Option<Msg> {
    let msg = match update_load(app, msg) {
        Ok(follow) => return follow,
        Err(msg) => msg,
    };
    match msg {
        Msg::Command(Command::ForceQuit) => return super::quit::force(app),
        Msg::Resize(width, height) => {
            app.size = (width, height);
            return None;
        }
        Msg::Notify(message) => {
            app.core.message = Some(message);
            return None;
        }
        Msg::FlushDraft => return meeting::flush_draft(&mut app.core, &mut app.session),
        // Whatever has the focus: background work reports back to the screen that asked.
        Msg::TaskDone(done) => {
            let outcome = match *done {
                TaskDone::Sync(result) => {
                    // Undo would write back whole plans as they were before the files moved,
                    // undoing what the sync brought in: the stack ends here.
                    if history::moved_files(&result) {
                        app.undo = edits::UndoStack::default();
                    }
                    history::sync_done(&mut app.core, &mut app.history, result)
                }
                TaskDone::ItemHistory { request, result } => {
                    app.item_history.done(&app.core, request, result)
                }
            };
            return carry_out(app, outcome);
        }
        Msg::Tick => {
            app.core.tick(chrono::Local::now().date_naive());
            return meeting::idle_sync(&mut app.core, &mut app.session);
        }
        _ => {}
    }
    match app.focus() {
        Focus::Dialog(_) => update_dialog(app, &msg),
        Focus::ItemHistory => {
            app.core.message = None;
            match msg {
                Msg::Command(command) => item_history_command(app, command),
                _ => None,
            }
        }
        Focus::MeetingTyping | Focus::MeetingList => {
            app.core.message = None;
            match meeting::update(&mut app.core, &mut app.session, msg) {
                Ok(outcome) => carry_out(app, outcome),
                Err(command) => common_command(app, command),
            }
        }
        Focus::Screen(screen) => {
            app.core.message = None;
            match msg {
                Msg::Command(command) => screen_command(app, screen, command),
                Msg::ClickRow(row) => {
                    click(app, screen, row);
                    None
                }
                _ => None,
            }
        }
    }
}

/// Messages of the staged start (see [`loading`]): progress, the finished load, held input.
/// Any other message is handed back.
fn update_load(app: &mut App, msg: Msg) -> Result<Option<Msg>, Msg> {
    match msg {
        // Ctrl-C while typed minutes wait for the load: quit once they are journalled; a
        // second Ctrl-C quits at once.
        Msg::Command(Command::ForceQuit)
            if app.core.load.is_loading()
                && loading::holds_typing(app)
                && !app.held.contains(&Held::Command(Command::ForceQuit)) =>
        {
            loading::hold_command(app, Command::ForceQuit);
            Ok(Some(Msg::Notify(
                app.core
                    .lang
                    .pick(
                        "入力を保存してから終了します（もう一度 Ctrl-C で直ちに終了）",
                        "Quitting once the typed text is saved (Ctrl-C again quits now)",
                    )
                    .into(),
            )))
        }
        Msg::LoadProgress(progress) => {
            if let super::core::LoadState::Loading(current) = &mut app.core.load {
                *current = progress;
            }
            Ok(None)
        }
        // The held input is replayed by `dispatch`, after this message's follow-ups.
        Msg::Loaded(finished) => Ok(loading::finish(app, *finished)),
        Msg::Hold(event) => {
            app.held.push(Held::Event(event));
            Ok(None)
        }
        other => Err(other),
    }
}

/// A command on one of the screens (not meeting mode, no dialog): the global ones here, the
/// rest to the screen that owns it.
/// Cursor and page keys: `Break(follow-up)` when `command` was one of them. The commit list
/// moves by line; the pages scroll what the commit changed, which is the part that runs past
/// the screen.
fn cursor_command(
    app: &mut App,
    screen: Screen,
    command: Command,
) -> std::ops::ControlFlow<Option<Msg>> {
    let page = isize::try_from(app.page()).unwrap_or(10);
    let delta = match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -page,
        Command::PageDown => page,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => return std::ops::ControlFlow::Continue(()),
    };
    if screen == Screen::History && matches!(command, Command::PageUp | Command::PageDown) {
        if let Some(view) = app.history.as_mut() {
            view.scroll_detail(delta);
        }
        return std::ops::ControlFlow::Break(None);
    }
    std::ops::ControlFlow::Break(move_cursor(app, screen, delta))
}

fn screen_command(app: &mut App, screen: Screen, command: Command) -> Option<Msg> {
    if let std::ops::ControlFlow::Break(follow) = cursor_command(app, screen, command) {
        return follow;
    }
    let outcome = match command {
        Command::Quit => return super::quit::request(app),
        Command::ShowHistory => Outcome::Go(Screen::History, None),
        // Comparing a preview (one plan, no minutes) with the history would list everything
        // else as removed.
        Command::SinceLastMeeting if !app.core.load.is_complete() => {
            Outcome::notice(app.incomplete())
        }
        Command::SinceLastMeeting => {
            app.screen = Screen::History;
            if app.history.is_none() {
                let _ = history::load(&app.core, &mut app.history);
            }
            Outcome::notice(history::since_last_meeting(&app.core, &mut app.history))
        }
        Command::ClosePhase => {
            // The meeting file must be caught up with the journal before it is committed.
            if app.core.write_refusal().is_none() {
                let _ = meeting::save(&mut app.core, &mut app.session);
            }
            history::ask_close_phase(&app.core)
        }
        Command::Sync => history::start_sync(&mut app.core, Choice::default()),
        Command::ShowMeeting => meeting::show(&mut app.core, &mut app.session),
        Command::NewMeeting => meeting::open_form(&app.core),
        // From the palette on another screen: meeting mode, then the form on its meeting.
        Command::EditMeetingHeader => match meeting::show(&mut app.core, &mut app.session) {
            Outcome::Go(screen, notice) => {
                app.screen = screen;
                match meeting_header::open(&app.core, app.session.as_ref()) {
                    Outcome::Notify(reason) => Outcome::Notify(reason),
                    opened @ Outcome::Open(_) => opened,
                    _ => Outcome::notice(notice),
                }
            }
            other => other,
        },
        // Bindable on the screens too (no default key there): the list opens any meeting.
        Command::OpenMeetingList => {
            meeting_pick::open_meeting_list(&app.core, app.session.as_ref())
        }
        Command::ShowDashboard => Outcome::Go(Screen::Dashboard, None),
        Command::ShowTree => Outcome::Go(Screen::Tree, None),
        Command::ShowKpi => Outcome::Go(Screen::Kpi, None),
        Command::ShowReview => Outcome::Go(Screen::Review, None),
        Command::Collapse if screen == Screen::Tree => {
            app.tree.collapse(&app.core);
            Outcome::Done
        }
        Command::Expand if screen == Screen::Tree => {
            app.tree.expand(&app.core);
            Outcome::Done
        }
        // Enter on a comment of the review queue opens its response dialog.
        Command::ToggleExpand => match screen {
            Screen::Review => app.review.open_response(&app.core),
            Screen::Tree => {
                app.tree.toggle(&app.core);
                Outcome::Done
            }
            Screen::Dashboard => Outcome::Go(Screen::Kpi, None),
            Screen::Kpi | Screen::Meeting | Screen::History => Outcome::Done,
        },
        // Inside the shown plan's period; at its edge the status line says so.
        Command::NextYear | Command::PrevYear => app
            .core
            .step_year(command == Command::NextYear)
            .map_or_else(Outcome::Notify, |()| Outcome::Done),
        Command::EditActual => app.kpi.open_actual(&app.core, screen),
        Command::EditActualNote => app.kpi.open_actual_note(&app.core, screen),
        Command::DeleteActual => app.kpi.delete_actual(&app.core, screen),
        Command::SetTarget => app.kpi.open_target(&app.core, screen),
        Command::RetireNode => app.tree.open_retire(&app.core, screen),
        Command::AddNode => app.tree.open_add(&app.core, screen),
        Command::MoveNode => app.tree.open_move(&app.core, screen),
        Command::AddIndicator => match screen {
            Screen::Tree => app.tree.open_add_indicator(&app.core),
            _ => app.kpi.open_add_indicator(&app.core, screen),
        },
        Command::EditDepartments => plan_forms::open_departments(&app.core),
        Command::EditMembers => plan_forms::open_members(&app.core),
        Command::EditTitle if screen == Screen::Kpi => app.kpi.open_edit_indicator(&app.core),
        Command::SetStatus => app.tree.open_status(&app.core, screen),
        Command::EditTitle | Command::EditDescription => {
            app.tree
                .open_editor(&app.core, screen, command == Command::EditTitle)
        }
        Command::Undo | Command::Redo => Outcome::Notify(edits::undo(
            &mut app.core,
            &mut app.undo,
            command == Command::Undo,
        )),
        Command::FilterDepartment | Command::FilterStatus => {
            app.screen = Screen::Tree;
            TreeState::open_filter(&app.core, command == Command::FilterDepartment)
                .map_or(Outcome::Done, Outcome::Open)
        }
        Command::ClearFilter => {
            app.tree.set_filter(None);
            Outcome::Done
        }
        other => return common_command(app, other),
    };
    carry_out(app, outcome)
}

/// Up, down, page and ends: the screen's own cursor (the dashboard shares the KPI one).
fn move_cursor(app: &mut App, screen: Screen, delta: isize) -> Option<Msg> {
    match screen {
        Screen::History => {
            return history::move_by(&app.core, &mut app.history, delta).map(Msg::Notify);
        }
        Screen::Tree => app.tree.move_by(&app.core, delta),
        Screen::Review => app.review.move_by(&app.core, delta),
        Screen::Kpi | Screen::Dashboard | Screen::Meeting => app.kpi.move_by(&app.core, delta),
    }
    None
}

/// A key on the item history overlay: moving in its list and its changes, Esc back to the
/// screen under it. A screen key leaves it for that screen; help, the palette, the
/// presenter theme and quitting work as anywhere. Edits do not: their item is hidden.
fn item_history_command(app: &mut App, command: Command) -> Option<Msg> {
    let page = isize::try_from(app.page()).unwrap_or(10);
    match command {
        Command::Up => app.item_history.move_by(-1),
        Command::Down => app.item_history.move_by(1),
        Command::Top => app.item_history.move_by(isize::MIN / 2),
        Command::Bottom => app.item_history.move_by(isize::MAX / 2),
        Command::PageUp => app.item_history.scroll_detail(-page),
        Command::PageDown => app.item_history.scroll_detail(page),
        Command::Cancel => app.item_history.close(),
        Command::ShowDashboard
        | Command::ShowTree
        | Command::ShowKpi
        | Command::ShowMeeting
        | Command::ShowHistory
        | Command::ShowReview => {
            app.item_history.close();
            let screen = app.screen;
            return match app.focus() {
                Focus::Screen(_) => screen_command(app, screen, command),
                // Opened from meeting mode: leaving goes through it (it saves first).
                _ => {
                    match meeting::update(&mut app.core, &mut app.session, Msg::Command(command)) {
                        Ok(outcome) => carry_out(app, outcome),
                        Err(command) => common_command(app, command),
                    }
                }
            };
        }
        Command::Quit => return super::quit::request(app),
        other => return common_command(app, other),
    }
    None
}

/// Opens the history of what the current screen has selected (Shift-H), read in the
/// background; with `--at REV`, up to that revision.
fn open_item_history(app: &mut App) -> Option<Msg> {
    let meeting = app
        .session
        .as_ref()
        .and_then(|s| app.core.workspace.meeting(&s.meeting_id));
    let chosen = super::screen::item_history::item_on(
        app.screen,
        app.selected_node(),
        app.selected_indicator(),
        meeting,
    );
    let Some((item, title)) = chosen else {
        return Some(Msg::Notify(super::screen::item_history::nothing_selected(
            app.core.lang,
        )));
    };
    let at = app.history.as_ref().and_then(|h| h.at.as_ref());
    let outcome = app.item_history.open(&app.core, item, &title, at);
    carry_out(app, outcome)
}

/// Commands that work the same everywhere, meeting mode included.
fn common_command(app: &mut App, command: Command) -> Option<Msg> {
    match command {
        Command::ItemHistory => return open_item_history(app),
        Command::ToggleHelp => app.dialog = Some(Dialog::Help(dialog::Help::default())),
        Command::OpenPalette => {
            palette::prepare(app);
            app.dialog = Some(Dialog::Palette(Palette::default()));
        }
        Command::TogglePresenter => app.presenter = !app.presenter,
        Command::NextPlan | Command::PrevPlan => {
            return switch_plan(app, command == Command::NextPlan);
        }
        _ => {}
    }
    None
}

/// Carries out what a screen asked: the one place that opens dialogs, switches screens,
/// applies plan edits (undoable) and sets the status line.
pub fn carry_out(app: &mut App, outcome: Outcome) -> Option<Msg> {
    match outcome {
        Outcome::Done => None,
        Outcome::Notify(message) => Some(Msg::Notify(message)),
        Outcome::Open(dialog) => {
            app.dialog = Some(dialog);
            None
        }
        Outcome::Reopen(dialog, message) => {
            app.dialog = Some(dialog);
            Some(Msg::Notify(message))
        }
        Outcome::Go(screen, notice) => {
            app.screen = screen;
            if screen == Screen::History {
                let loaded = history::load(&app.core, &mut app.history);
                return loaded.or(notice).map(Msg::Notify);
            }
            notice.map(Msg::Notify)
        }
        Outcome::Hold(screen, command) => {
            app.screen = screen;
            loading::hold_command(app, command);
            None
        }
        Outcome::Quit(notice) => {
            app.should_quit = true;
            notice.map(Msg::Notify)
        }
        Outcome::Apply(edit) => apply(app, edit),
        Outcome::Run(task) => {
            app.tasks.push(task);
            None
        }
    }
}

/// Applies an edit to the in-memory plan, remembers the old plan for undo, and saves.
#[allow(clippy::needless_pass_by_value)] // the edit is handed over, as from a dialog
pub fn apply(app: &mut App, edit: Edit) -> Option<Msg> {
    edits::apply(&mut app.core, &mut app.undo, &edit).map(Msg::Notify)
}

fn switch_plan(app: &mut App, forward: bool) -> Option<Msg> {
    if let Some(wait) = app.incomplete() {
        // The preview holds one plan; the others are not loaded (yet).
        return Some(Msg::Notify(wait));
    }
    let count = app.core.workspace.plans.len();
    if count == 0 {
        return None;
    }
    app.core.show_plan(if forward {
        (app.core.plan_index + 1) % count
    } else {
        (app.core.plan_index + count - 1) % count
    });
    app.tree.cursor = 0;
    app.kpi.cursor = 0;
    app.tree.filter = None;
    None
}

fn click(app: &mut App, screen: Screen, row: u16) {
    // Body rows start below the tab bar (1) and the block border/header (2).
    let Some(index) = usize::from(row).checked_sub(3) else {
        return;
    };
    match screen {
        Screen::Tree => app.tree.click(&app.core, index),
        Screen::Kpi => app.kpi.click(&app.core, index),
        _ => {}
    }
}

/// A message for the open dialog: it changes in place; only when it is done or cancelled is
/// it taken out, and its value handed to what opened it (`finish`).
fn update_dialog(app: &mut App, msg: &Msg) -> Option<Msg> {
    // How far the help can scroll depends on what it lists and the terminal's size.
    let help_lines = matches!(app.dialog, Some(Dialog::Help(_))).then(|| {
        let layout = super::help::layout(app, super::help::body_for(app.size));
        (layout.max_scroll(), layout.visible)
    });
    let App {
        dialog,
        core,
        search,
        ..
    } = app;
    let step = match dialog.as_mut()? {
        Dialog::Help(help) => {
            let (max, page) = help_lines.unwrap_or_default();
            help.handle(msg, max, page).map(|()| Finish::Help)
        }
        Dialog::Palette(input) => input
            .handle(msg, |query| {
                palette::search_in(search.as_ref(), &core.workspace, core.lang, query)
                    .0
                    .len()
            })
            .map(Finish::Palette),
        Dialog::Input(input) => input.handle(msg).map(Finish::Text),
        Dialog::Choice(choice) => choice.handle(msg).map(Finish::Choice),
        Dialog::Editor(editor) => editor.handle(msg).map(Finish::Text),
        Dialog::Confirm(confirm) => confirm.handle(msg).map(|()| Finish::Confirm),
        Dialog::Conflicts(conflicts) => conflicts.handle(msg).map(Finish::Conflicts),
        Dialog::NodePicker(picker) => picker.handle(msg).map(Finish::Node),
        Dialog::Picker(picker) => picker.handle(msg).map(Finish::Choice),
        Dialog::HeaderForm(form) => form.handle(msg).map(Finish::Header),
    };
    match step {
        Step::Stay => None,
        Step::Cancel => match app.dialog.take() {
            Some(Dialog::Confirm(Confirm {
                pending: Pending::QuitUnsaved,
                ..
            })) => Some(Msg::Notify(super::quit::stayed(app))),
            Some(Dialog::Confirm(_)) => Some(Msg::Notify(
                app.core.lang.pick("取り消しました", "Cancelled").into(),
            )),
            Some(Dialog::Conflicts(_)) => Some(Msg::Notify(
                app.core
                    .lang
                    .pick(
                        "同期を中止しました。ここでは何も変わっていません",
                        "Sync left as it was: nothing changed here",
                    )
                    .into(),
            )),
            _ => None,
        },
        Step::Done(value) => {
            let dialog = app.dialog.take()?;
            finish(app, dialog, value)
        }
    }
}

/// The value a finished dialog hands back.
enum Finish {
    Help,
    Palette(usize),
    Text(String),
    Choice(String),
    Confirm,
    Conflicts(crate::history::resolve::Choice),
    /// The node picker's link (`None`: no link).
    Node(Option<crate::model::meeting::NodeLink>),
    /// The header form's changes, in order.
    Header(Vec<crate::model::meeting_edit::HeaderOp>),
}

/// Enter in a one-line input: what it means is asked of the screen its purpose belongs to.
/// `Break` carries a follow-up message from a screen that finished the work itself.
fn submit_input(
    app: &mut App,
    input: super::dialog::LineInput<InputPurpose>,
    text: String,
) -> std::ops::ControlFlow<Option<Msg>, Outcome> {
    std::ops::ControlFlow::Continue(match input.purpose.clone() {
        InputPurpose::Actual {
            plan,
            indicator,
            year,
        } => KpiState::submit_actual(&app.core, input, &plan, &indicator, year),
        InputPurpose::Target { plan, indicator } => {
            KpiState::submit_target(&app.core, input, &plan, &indicator)
        }
        InputPurpose::NewNode { plan, parent } => {
            TreeState::submit_add(&app.core, &plan, &parent, &text)
        }
        InputPurpose::Reason { plan, edits } => Outcome::Apply(Edit::Plan {
            plan,
            edits,
            reason: Some(text),
        }),
        InputPurpose::StatusNote {
            plan,
            node,
            year,
            status,
        } => TreeState::submit_note(&app.core, plan, node, year, status, &text),
        InputPurpose::ActualNote {
            plan,
            indicator,
            year,
        } => Outcome::Apply(Edit::plan_edit(
            &plan,
            crate::model::plan_edit::PlanEdit::SetActualNote {
                indicator,
                year,
                note: Some(text),
            },
        )),
        InputPurpose::CommitMessage { .. } => {
            history::close_phase_with(&mut app.core, &mut app.history, Some(text))
        }
        InputPurpose::ResponsePolicy {
            meeting,
            statement,
            status,
        } => review::choose_department(&mut app.core, &meeting, &statement, status, text),
        InputPurpose::MeetingLink(field) => match app.session.as_mut() {
            Some(session) => super::screen::meeting_links::submit_input(
                &mut app.core,
                session,
                input,
                field,
                &text,
            ),
            None => Outcome::Done,
        },
        InputPurpose::Plan(form) => plan_forms::submit(&app.core, input, form, &text),
    })
}

/// What submitting a dialog means: asked of the screen its purpose belongs to.
fn finish(app: &mut App, dialog: Dialog, value: Finish) -> Option<Msg> {
    let outcome = match (dialog, value) {
        (Dialog::Palette(palette), Finish::Palette(index)) => {
            let target = palette::search(app, &palette.query)
                .0
                .into_iter()
                .nth(index)
                .map(|item| item.target)?;
            return jump(app, target);
        }
        (Dialog::Input(input), Finish::Text(text)) => match submit_input(app, input, text) {
            std::ops::ControlFlow::Continue(outcome) => outcome,
            std::ops::ControlFlow::Break(follow) => return follow,
        },
        (Dialog::NodePicker(picker), Finish::Node(link)) => {
            let session = app.session.as_mut()?;
            return super::screen::meeting_links::chosen(
                &mut app.core,
                session,
                picker.target,
                link,
            );
        }
        (Dialog::Choice(choice), Finish::Choice(id)) => match choice.purpose {
            ChoicePurpose::ResponseStatus { meeting, statement } => {
                review::choose_status(&app.core, meeting, statement, &id)
            }
            ChoicePurpose::ResponseDepartment {
                meeting,
                statement,
                status,
                policy,
            } => {
                // The first option keeps the department in force (its id is empty).
                let department = Some(id).filter(|id| !id.is_empty());
                review::save_response(
                    &mut app.core,
                    &meeting,
                    &statement,
                    status,
                    &policy,
                    department,
                )
            }
            ChoicePurpose::Plan(form) => plan_forms::choose(&app.core, form, &id),
            purpose => app
                .tree
                .choose(&app.core, purpose, id)
                .unwrap_or(Outcome::Done),
        },
        (Dialog::HeaderForm(form), Finish::Header(ops)) => {
            return meeting_header::save(&mut app.core, &mut app.session, &form.meeting_id, &ops);
        }
        (Dialog::Picker(picker), Finish::Choice(id)) => {
            meeting_pick::chosen(&mut app.core, &mut app.session, picker.purpose, &id)
        }
        (Dialog::Editor(editor), Finish::Text(text)) => match &editor.purpose {
            EditorPurpose::NewMeeting => meeting::create(&mut app.core, &mut app.session, editor),
            _ => TreeState::submit_editor(&app.core, editor.purpose, &text),
        },
        (Dialog::Conflicts(_), Finish::Conflicts(choice)) => {
            history::start_sync(&mut app.core, choice)
        }
        (Dialog::Confirm(confirm), Finish::Confirm) => match confirm.pending {
            Pending::Edit(edit) => Outcome::Apply(edit),
            Pending::Statements(change) => {
                return meeting::restructure(&mut app.core, &mut app.session, change);
            }
            Pending::ClosePhase => history::close_phase(&mut app.core, &mut app.history),
            Pending::Sync => history::start_sync(&mut app.core, Choice::default()),
            Pending::QuitUnsaved => {
                app.should_quit = true;
                Outcome::Done
            }
            Pending::ConfirmMeeting(id) => {
                let step = meeting_life::Step::Confirm;
                return meeting_life::carry_out(&mut app.core, &mut app.session, &id, step);
            }
            Pending::PublishMeeting(id) => {
                let step = meeting_life::Step::Publish;
                return meeting_life::carry_out(&mut app.core, &mut app.session, &id, step);
            }
        },
        _ => Outcome::Done,
    };
    carry_out(app, outcome)
}

/// Opens the Meeting screen at a statement found by the palette, the statement selected (not
/// the editor: the user came to read it). The meeting being recorded is kept first, as when
/// a meeting is chosen from the list.
fn open_statement(app: &mut App, meeting: &str, statement: &str) -> Option<Msg> {
    let position = app
        .core
        .workspace
        .meeting(meeting)?
        .statements
        .iter()
        .position(|s| s.id == statement)?;
    let mut notice = None;
    if app.session.as_ref().is_none_or(|s| s.meeting_id != meeting) {
        let outcome = meeting_pick::switch_to(&mut app.core, &mut app.session, meeting);
        notice = carry_out(app, outcome);
    }
    app.screen = Screen::Meeting;
    if let Some(session) = app.session.as_mut() {
        session.selected = position;
        session.typing = false;
    }
    notice
}

/// Moves the view to a palette hit.
fn jump(app: &mut App, target: Target) -> Option<Msg> {
    match target {
        Target::Node { plan, node } => {
            app.core.show_plan(plan);
            app.screen = Screen::Tree;
            app.tree.reveal(&app.core, &node);
        }
        Target::Indicator { plan, indicator } => {
            app.core.show_plan(plan);
            app.screen = Screen::Kpi;
            app.kpi.select(&app.core, &indicator);
        }
        Target::Department(id) => {
            app.screen = Screen::Tree;
            app.tree.set_filter(Some(Filter::Department(id)));
        }
        Target::Plan(plan) => {
            app.core.plan_index = plan;
            app.screen = Screen::Dashboard;
        }
        Target::Statement { meeting, statement } => {
            return open_statement(app, &meeting, &statement);
        }
        Target::Command(command) => return Some(Msg::Command(command)),
        // Choosing a meeting opens it in meeting mode (read-only when it cannot be recorded
        // into), as the meeting list does.
        Target::Meeting(id) => {
            let outcome = meeting_pick::switch_to(&mut app.core, &mut app.session, &id);
            return carry_out(app, outcome);
        }
    }
    None
}
