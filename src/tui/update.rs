//! `update()`: the only place the TUI state changes. Each action either changes view state
//! or becomes an [`Edit`] that is applied to the workspace and saved through the store.

// Actions are values handed over to update; helpers take them by value like update does.
#![allow(clippy::needless_pass_by_value)]

use super::app::{
    App, ChoicePurpose, Edit, EditorPurpose, Filter, Focus, InputPurpose, LoadState, Pending,
    SaveState, Screen,
};
use super::command::Command;
use super::dialog::{self, Choice, Confirm, Dialog, Editor, LineInput, ListChange, Palette, Step};
use super::loading::{self, Held};
use super::meeting;
use super::msg::Msg;
use super::palette::{self, Target};
use crate::model::fiscal_year::{MAX_YEAR, MIN_YEAR, normalize_width};
use crate::model::{Figure, FiscalYear, StatusEntry, sanitize};

/// Applies one message; may return a follow-up message (e.g. a notification). What a
/// message means depends on the focus, decided once ([`App::focus`]).
pub fn update(app: &mut App, msg: Msg) -> Option<Msg> {
    let msg = match update_load(app, msg) {
        Ok(follow) => return follow,
        Err(msg) => msg,
    };
    match msg {
        Msg::Command(Command::ForceQuit) => {
            // Ctrl-C still leaves the meeting file caught up with the journal.
            let _ = meeting::flush_draft(app);
            let follow = meeting::save(app);
            app.should_quit = true;
            return follow;
        }
        Msg::Resize(width, height) => {
            app.size = (width, height);
            return None;
        }
        Msg::Notify(message) => {
            app.message = Some(message);
            return None;
        }
        Msg::FlushDraft => return meeting::flush_draft(app),
        Msg::Tick => return meeting::idle_sync(app),
        _ => {}
    }
    match app.focus() {
        Focus::Dialog(_) => return update_dialog(app, &msg),
        Focus::MeetingTyping | Focus::MeetingList => {
            app.message = None;
            return update_meeting(app, msg);
        }
        Focus::Screen(_) => app.message = None,
    }
    let command = match msg {
        Msg::Command(command) => command,
        Msg::ClickRow(row) => {
            click(app, row);
            return None;
        }
        _ => return None,
    };
    let moves = matches!(
        command,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
    );
    if matches!(
        command,
        Command::ShowHistory | Command::SinceLastMeeting | Command::ClosePhase
    ) || (moves && app.screen == Screen::History)
    {
        return update_history(app, command);
    }
    screen_command(app, command)
}

/// A command on one of the screens (not meeting mode, no dialog).
fn screen_command(app: &mut App, command: Command) -> Option<Msg> {
    match command {
        Command::Quit => app.should_quit = true,
        Command::ShowMeeting => return show_meeting(app),
        Command::NewMeeting => return open_meeting_form(app),
        Command::ShowDashboard => app.screen = Screen::Dashboard,
        Command::ShowTree => app.screen = Screen::Tree,
        Command::ShowKpi => app.screen = Screen::Kpi,
        Command::ShowReview => app.screen = Screen::Review,
        Command::ToggleHelp => app.dialog = Some(Dialog::Help),
        Command::OpenPalette => app.dialog = Some(Dialog::Palette(Palette::default())),
        Command::TogglePresenter => app.presenter = !app.presenter,
        Command::Up => move_cursor(app, -1),
        Command::Down => move_cursor(app, 1),
        Command::PageUp => move_cursor(app, -page(app)),
        Command::PageDown => move_cursor(app, page(app)),
        Command::Top => move_cursor(app, isize::MIN / 2),
        Command::Bottom => move_cursor(app, isize::MAX / 2),
        Command::Collapse => collapse(app),
        Command::Expand => expand(app),
        // Enter on a comment of the review queue opens its response dialog.
        Command::ToggleExpand if app.screen == Screen::Review => {
            return super::review::open_response(app);
        }
        Command::ToggleExpand => toggle(app),
        Command::NextPlan | Command::PrevPlan => {
            return switch_plan(app, command == Command::NextPlan);
        }
        Command::NextYear => app.year = FiscalYear((app.year.0 + 1).min(MAX_YEAR)),
        Command::PrevYear => app.year = FiscalYear((app.year.0 - 1).max(MIN_YEAR)),
        Command::EditActual => return open_actual(app),
        Command::DeleteActual => return delete_actual(app),
        Command::SetStatus => return open_status(app),
        Command::EditTitle | Command::EditDescription => {
            return open_editor(app, command == Command::EditTitle);
        }
        Command::Undo => return undo(app, true),
        Command::Redo => return undo(app, false),
        Command::FilterDepartment => open_filter(app, true),
        Command::FilterStatus => open_filter(app, false),
        Command::ClearFilter => {
            app.filter = None;
            app.tree_cursor = 0;
        }
        _ => {}
    }
    None
}

/// Messages of the staged start (see [`loading`]): progress, the finished load, held input.
/// Any other message is handed back.
fn update_load(app: &mut App, msg: Msg) -> Result<Option<Msg>, Msg> {
    match msg {
        // Ctrl-C while typed minutes wait for the load: quit once they are journalled; a
        // second Ctrl-C quits at once.
        Msg::Command(Command::ForceQuit)
            if app.load.is_loading()
                && loading::holds_typing(app)
                && !app.held.contains(&Held::Command(Command::ForceQuit)) =>
        {
            loading::hold_command(app, Command::ForceQuit);
            Ok(Some(Msg::Notify(
                app.lang
                    .pick(
                        "入力を保存してから終了します（もう一度 Ctrl-C で直ちに終了）",
                        "Quitting once the typed text is saved (Ctrl-C again quits now)",
                    )
                    .into(),
            )))
        }
        Msg::LoadProgress(progress) => {
            if let LoadState::Loading(current) = &mut app.load {
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

fn page(app: &App) -> isize {
    isize::try_from(app.page()).unwrap_or(10)
}

/// Every write starts here: nothing is written while the workspace is a preview (still
/// loading, or failed to load) or read-only.
fn refuse_read_only(app: &App) -> Option<Msg> {
    app.write_refusal().map(Msg::Notify)
}

fn move_cursor(app: &mut App, delta: isize) {
    let (cursor, len) = match app.screen {
        Screen::Tree => (app.tree_cursor, app.tree_rows().len()),
        Screen::Review => {
            let queue = app.review_queue();
            (
                app.review_cursor,
                queue.awaiting.len() + queue.answered.len(),
            )
        }
        Screen::Kpi | Screen::Dashboard | Screen::Meeting | Screen::History => {
            (app.kpi_cursor, app.kpi_rows().len())
        }
    };
    let next = cursor
        .saturating_add_signed(delta)
        .min(len.saturating_sub(1));
    match app.screen {
        Screen::Tree => app.tree_cursor = next,
        Screen::Review => app.review_cursor = next,
        Screen::Kpi | Screen::Dashboard | Screen::Meeting | Screen::History => {
            app.kpi_cursor = next;
        }
    }
}

fn collapse(app: &mut App) {
    if app.screen != Screen::Tree {
        return;
    }
    let rows = app.tree_rows();
    let Some(row) = rows.get(app.tree_cursor) else {
        return;
    };
    if row.has_children && row.expanded && app.filter.is_none() {
        let id = row.node.id.clone();
        app.expanded.remove(&id);
        return;
    }
    // Go to the parent: the nearest row above with a smaller depth.
    let depth = row.depth;
    if let Some(parent) = rows[..app.tree_cursor]
        .iter()
        .rposition(|r| r.depth < depth)
    {
        app.tree_cursor = parent;
    }
}

fn expand(app: &mut App) {
    if app.screen != Screen::Tree {
        return;
    }
    let rows = app.tree_rows();
    let Some(row) = rows.get(app.tree_cursor) else {
        return;
    };
    if !row.has_children {
        return;
    }
    if row.expanded {
        app.tree_cursor = (app.tree_cursor + 1).min(rows.len().saturating_sub(1));
    } else {
        let id = row.node.id.clone();
        app.expanded.insert(id);
    }
}

fn toggle(app: &mut App) {
    match app.screen {
        Screen::Tree => {
            let Some(id) = app
                .selected_node()
                .filter(|n| !n.children.is_empty())
                .map(|n| n.id.clone())
            else {
                return;
            };
            if !app.expanded.remove(&id) {
                app.expanded.insert(id);
            }
        }
        Screen::Dashboard => app.screen = Screen::Kpi,
        Screen::Kpi | Screen::Meeting | Screen::History | Screen::Review => {}
    }
}

fn switch_plan(app: &mut App, forward: bool) -> Option<Msg> {
    if let Some(wait) = app.incomplete() {
        // The preview holds one plan; the others are not loaded (yet).
        return Some(Msg::Notify(wait));
    }
    let count = app.workspace.plans.len();
    if count == 0 {
        return None;
    }
    app.plan_index = if forward {
        (app.plan_index + 1) % count
    } else {
        (app.plan_index + count - 1) % count
    };
    app.tree_cursor = 0;
    app.kpi_cursor = 0;
    app.filter = None;
    None
}

fn click(app: &mut App, row: u16) {
    // Body rows start below the tab bar (1) and the block border/header (2).
    let Some(index) = usize::from(row).checked_sub(3) else {
        return;
    };
    match app.screen {
        Screen::Tree if index < app.tree_rows().len() => app.tree_cursor = index,
        Screen::Kpi if index < app.kpi_rows().len() => app.kpi_cursor = index,
        _ => {}
    }
}

/// Edits act on what a screen selects; from elsewhere, go there and say what to pick.
fn go_to(app: &mut App, screen: Screen, hint: (&str, &str)) -> Option<Msg> {
    if app.screen == screen {
        return None;
    }
    app.screen = screen;
    Some(Msg::Notify(app.lang.pick(hint.0, hint.1).into()))
}

fn current_plan_id(app: &App) -> Option<String> {
    app.plan().map(|p| p.id.clone())
}

fn open_actual(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    if let Some(hint) = go_to(
        app,
        Screen::Kpi,
        (
            "指標を選んで a で実績値を入力します",
            "Pick an indicator, then press a",
        ),
    ) {
        return Some(hint);
    }
    let plan = current_plan_id(app)?;
    let indicator = app.selected_indicator()?;
    let text = indicator
        .actual(app.year)
        .map(|a| a.value.to_string())
        .unwrap_or_default();
    let purpose = InputPurpose::Actual {
        plan,
        indicator: indicator.id.clone(),
        year: app.year,
    };
    app.dialog = Some(Dialog::Input(LineInput::new(purpose, text).required()));
    None
}

fn delete_actual(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    if app.screen != Screen::Kpi {
        return None;
    }
    let plan = current_plan_id(app)?;
    let indicator = app.selected_indicator()?;
    let actual = indicator.actual(app.year)?;
    let message = format!(
        "{} {} {}{}? (y/n)",
        app.lang.pick("実績値を削除しますか", "Delete the actual"),
        app.lang.year(app.year),
        actual.value.grouped(),
        indicator.unit
    );
    let edit = Edit::SetActual {
        plan,
        indicator: indicator.id.clone(),
        year: app.year,
        value: None,
    };
    app.dialog = Some(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))));
    None
}

fn open_status(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    if let Some(hint) = go_to(
        app,
        Screen::Tree,
        (
            "項目を選んで s で進捗状況を設定します",
            "Pick a node, then press s",
        ),
    ) {
        return Some(hint);
    }
    let plan = current_plan_id(app)?;
    let node = app.selected_node()?;
    let current = node.status(app.year).map(|e| e.status.clone());
    let node = node.id.clone();
    let options: Vec<(String, String)> = app
        .settings()
        .map(|s| {
            s.statuses
                .iter()
                .map(|d| (d.id.clone(), app.status_label(&d.id).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let selected = current
        .and_then(|c| options.iter().position(|(id, _)| *id == c))
        .unwrap_or(0);
    let purpose = ChoicePurpose::Status {
        plan,
        node,
        year: app.year,
    };
    app.dialog = Some(Dialog::Choice(Choice::new(purpose, options, selected)));
    None
}

fn open_editor(app: &mut App, title: bool) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    if app.screen != Screen::Tree {
        return None;
    }
    let plan = current_plan_id(app)?;
    let node = app.selected_node()?;
    let (purpose, text) = if title {
        (
            EditorPurpose::Title {
                plan,
                node: node.id.clone(),
            },
            node.title.clone(),
        )
    } else {
        (
            EditorPurpose::Description {
                plan,
                node: node.id.clone(),
            },
            node.description.clone(),
        )
    };
    app.dialog = Some(Dialog::Editor(Editor::new(
        purpose,
        &sanitize(&text),
        title,
        None,
    )));
    None
}

fn open_filter(app: &mut App, department: bool) {
    if app.screen != Screen::Tree {
        app.screen = Screen::Tree;
    }
    let Some(settings) = app.settings() else {
        return;
    };
    let options: Vec<(String, String)> = if department {
        settings
            .departments
            .iter()
            .map(|d| (d.id.clone(), app.department_label(&d.id).to_string()))
            .collect()
    } else {
        settings
            .statuses
            .iter()
            .map(|s| (s.id.clone(), app.status_label(&s.id).to_string()))
            .collect()
    };
    let purpose = if department {
        ChoicePurpose::DepartmentFilter
    } else {
        ChoicePurpose::StatusFilter
    };
    app.dialog = Some(Dialog::Choice(Choice::new(purpose, options, 0)));
}

/// Reads what was typed for an actual: full-width digits, `△`/`-` negatives, thousands
/// separators, and the indicator's unit typed after the number.
pub fn parse_actual(text: &str, unit: &str) -> Result<Figure, String> {
    let normalized = normalize_width(text.trim());
    let without_unit = if unit.is_empty() {
        normalized.as_str()
    } else {
        let unit = normalize_width(unit);
        normalized
            .trim_end()
            .strip_suffix(unit.as_str())
            .unwrap_or(&normalized)
    };
    without_unit
        .trim()
        .parse::<Figure>()
        .map_err(|e| e.to_string())
}

/// A message for the open dialog: it changes in place; only when it is done or cancelled is
/// it taken out, and its value handed to what opened it ([`finish`]).
fn update_dialog(app: &mut App, msg: &Msg) -> Option<Msg> {
    let App {
        dialog,
        workspace,
        lang,
        ..
    } = app;
    let step = match dialog.as_mut()? {
        Dialog::Help => dialog::help_step(msg).map(|()| Finish::Help),
        Dialog::Palette(box_) => box_
            .handle(msg, |query| {
                palette::search_in(workspace, *lang, query).len()
            })
            .map(Finish::Palette),
        Dialog::Input(input) => input.handle(msg).map(Finish::Text),
        Dialog::Choice(choice) => choice.handle(msg).map(Finish::Choice),
        Dialog::Editor(editor) => editor.handle(msg).map(Finish::Text),
        Dialog::Confirm(confirm) => confirm.handle(msg).map(|()| Finish::Confirm),
    };
    match step {
        Step::Stay => None,
        Step::Cancel => match app.dialog.take() {
            Some(Dialog::Confirm(_)) => Some(Msg::Notify(
                app.lang.pick("取り消しました", "Cancelled").into(),
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
}

/// What submitting a dialog means, by its purpose.
fn finish(app: &mut App, dialog: Dialog, value: Finish) -> Option<Msg> {
    match (dialog, value) {
        (Dialog::Palette(palette), Finish::Palette(index)) => {
            let target = palette::search(app, &palette.query)
                .into_iter()
                .nth(index)
                .map(|item| item.target)?;
            jump(app, target)
        }
        (Dialog::Input(input), Finish::Text(text)) => submit_input(app, input, text),
        (Dialog::Choice(choice), Finish::Choice(id)) => submit_choice(app, choice.purpose, id),
        (Dialog::Editor(editor), Finish::Text(text)) => match &editor.purpose {
            EditorPurpose::NewMeeting => create_meeting(app, editor),
            _ => finish_editor(app, editor.purpose, &text),
        },
        (Dialog::Confirm(confirm), Finish::Confirm) => match confirm.pending {
            Pending::Edit(edit) => apply(app, edit),
            Pending::Statements(change) => meeting::restructure(app, change),
            Pending::ClosePhase => super::history::close_phase(app),
        },
        _ => None,
    }
}

/// Enter in a one-line input.
fn submit_input(app: &mut App, input: LineInput<InputPurpose>, text: String) -> Option<Msg> {
    match input.purpose {
        InputPurpose::Actual {
            ref plan,
            ref indicator,
            year,
        } => {
            let unit = app
                .workspace
                .plan(plan)
                .and_then(|p| p.indicator(indicator))
                .map(|i| i.unit.clone())
                .unwrap_or_default();
            match parse_actual(&text, &unit) {
                Ok(value) => {
                    let edit = Edit::SetActual {
                        plan: plan.clone(),
                        indicator: indicator.clone(),
                        year,
                        value: Some(value),
                    };
                    apply(app, edit)
                }
                Err(message) => {
                    // Stays open with the reason, and with what was typed.
                    app.dialog = Some(Dialog::Input(input.with_error(message)));
                    None
                }
            }
        }
        InputPurpose::StatusNote {
            plan,
            node,
            year,
            status,
        } => {
            let note = text.trim();
            let note = (!note.is_empty()).then(|| note.to_string());
            let edit = Edit::SetStatus {
                plan,
                node,
                year,
                status: Some(status),
                note,
            };
            confirm_if_downgrade(app, edit)
        }
        InputPurpose::ResponsePolicy {
            meeting,
            statement,
            status,
        } => super::review::choose_department(app, &meeting, &statement, status, text),
    }
}

/// Enter in a choice list.
fn submit_choice(app: &mut App, purpose: ChoicePurpose, id: String) -> Option<Msg> {
    match purpose {
        ChoicePurpose::Status { plan, node, year } => {
            let note = app
                .workspace
                .plan(&plan)
                .and_then(|p| p.node(&node))
                .and_then(|n| n.status(year))
                .and_then(|e| e.note.clone())
                .unwrap_or_default();
            let purpose = InputPurpose::StatusNote {
                plan,
                node,
                year,
                status: id,
            };
            app.dialog = Some(Dialog::Input(LineInput::new(purpose, note)));
        }
        ChoicePurpose::DepartmentFilter => {
            app.filter = Some(Filter::Department(id));
            app.tree_cursor = 0;
        }
        ChoicePurpose::StatusFilter => {
            app.filter = Some(Filter::Status(id));
            app.tree_cursor = 0;
        }
        ChoicePurpose::ResponseStatus { meeting, statement } => {
            super::review::choose_status(app, meeting, statement, &id);
        }
        ChoicePurpose::ResponseDepartment {
            meeting,
            statement,
            status,
            policy,
        } => {
            // The first option keeps the department in force (its id is empty).
            let department = Some(id).filter(|id| !id.is_empty());
            return super::review::save_response(
                app, &meeting, &statement, status, &policy, department,
            );
        }
    }
    None
}

/// Moves the view to a palette hit.
fn jump(app: &mut App, target: Target) -> Option<Msg> {
    match target {
        Target::Node { plan, node } => {
            app.plan_index = plan;
            app.screen = Screen::Tree;
            app.filter = None;
            // Expand every ancestor so the node is visible, then select it.
            let ancestors: Vec<String> = app
                .plan()
                .map(|p| ancestors_of(p, &node))
                .unwrap_or_default();
            app.expanded.extend(ancestors);
            app.tree_cursor = app
                .tree_rows()
                .iter()
                .position(|r| r.node.id == node)
                .unwrap_or(0);
        }
        Target::Indicator { plan, indicator } => {
            app.plan_index = plan;
            app.screen = Screen::Kpi;
            app.kpi_cursor = app
                .kpi_rows()
                .iter()
                .position(|(_, i)| i.id == indicator)
                .unwrap_or(0);
        }
        Target::Department(id) => {
            app.screen = Screen::Tree;
            app.filter = Some(Filter::Department(id));
            app.tree_cursor = 0;
        }
        Target::Meeting(id) => {
            let title = app
                .workspace
                .meeting(&id)
                .map(|m| sanitize(&m.title))
                .unwrap_or(id);
            return Some(Msg::Notify(format!(
                "{}: {title}",
                app.lang.pick("会議", "Meeting")
            )));
        }
    }
    None
}

fn ancestors_of(plan: &crate::model::Plan, id: &str) -> Vec<String> {
    let flat = plan.flatten();
    let Some(mut at) = flat.iter().position(|f| f.node.id == id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Some(parent) = flat[at].parent {
        out.push(flat[parent].node.id.clone());
        at = parent;
    }
    out
}

/// Status downgrades (to a lower category) ask first; everything else applies at once.
fn confirm_if_downgrade(app: &mut App, edit: Edit) -> Option<Msg> {
    if let Edit::SetStatus {
        plan,
        node,
        year,
        status: Some(new),
        ..
    } = &edit
    {
        let settings = app.settings();
        let old = app
            .workspace
            .plan(plan)
            .and_then(|p| p.node(node))
            .and_then(|n| n.status(*year))
            .map(|e| e.status.clone());
        let rank = |id: &str| settings.and_then(|s| s.status(id)).map(|d| d.category);
        if let (Some(old), Some(old_rank), Some(new_rank)) =
            (old.as_deref(), old.as_deref().and_then(rank), rank(new))
            && new_rank < old_rank
        {
            let message = format!(
                "{}: {} → {} (y/n)",
                app.lang
                    .pick("進捗状況を下げますか", "Downgrade the status"),
                app.status_label(old),
                app.status_label(new)
            );
            app.dialog = Some(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))));
            return None;
        }
    }
    apply(app, edit)
}

/// Opens the form that prepares a draft meeting.
fn open_meeting_form(app: &mut App) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    let today = chrono::Local::now().date_naive();
    let text = crate::model::meeting_draft::form_template(today);
    app.dialog = Some(Dialog::Editor(Editor::from_lines(
        EditorPurpose::NewMeeting,
        text.lines().map(str::to_string).collect(),
        false,
        Some((1, 4)),
    )));
    None
}

/// Creates the draft meeting from the form and opens it for recording; a mistake keeps the
/// form open and says which line is wrong.
fn create_meeting(app: &mut App, form: Editor<EditorPurpose>) -> Option<Msg> {
    let text = form.text();
    let header = match crate::model::meeting_draft::parse_form(&text) {
        Ok(header) => header,
        Err(message) => {
            app.dialog = Some(Dialog::Editor(form));
            return Some(Msg::Notify(message));
        }
    };
    let date = header.date?;
    let Some(committee) = app.settings().and_then(|s| s.committees.first()).cloned() else {
        return Some(Msg::Notify(
            app.lang
                .pick(
                    "kaikaku.ron に委員会がありません",
                    "No committee in kaikaku.ron",
                )
                .into(),
        ));
    };
    let meeting = crate::model::meeting_draft::draft(&committee, &header, date);
    if app.workspace.meeting(&meeting.id).is_some() {
        app.dialog = Some(Dialog::Editor(form));
        return Some(Msg::Notify(format!(
            "{} {}",
            meeting.id,
            app.lang.pick(
                "は既にあります（回を変えてください）",
                "already exists (change 回)"
            )
        )));
    }
    let id = meeting.id.clone();
    if let Err(error) = app.workspace.save_meeting(meeting) {
        app.dialog = Some(Dialog::Editor(form));
        return Some(Msg::Notify(error.with_hint(app.lang)));
    }
    let _ = meeting::save(app);
    app.session = None;
    app.screen = Screen::Meeting;
    meeting::open(app, &id)
}

fn finish_editor(app: &mut App, purpose: EditorPurpose, text: &str) -> Option<Msg> {
    match purpose {
        EditorPurpose::Title { plan, node } => {
            let title = text.replace('\n', " ").trim().to_string();
            if title.is_empty() {
                return Some(Msg::Notify(
                    app.lang
                        .pick("名称は空にできません", "A title cannot be empty")
                        .into(),
                ));
            }
            apply(app, Edit::SetTitle { plan, node, title })
        }
        // The meeting form is finished by create_meeting (Ctrl-S), never here.
        EditorPurpose::NewMeeting => None,
        EditorPurpose::Description { plan, node } => apply(
            app,
            Edit::SetDescription {
                plan,
                node,
                text: text.trim_end().to_string(),
            },
        ),
    }
}

/// Applies an edit to the in-memory plan, remembers the old plan for undo, and saves.
pub fn apply(app: &mut App, edit: Edit) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    let plan_id = edit.plan().to_string();
    let Some(before) = app.workspace.plan(&plan_id).cloned() else {
        return Some(Msg::Notify(format!("no plan {plan_id}")));
    };
    let mut after = before.clone();
    if let Err(message) = apply_to_plan(&mut after, &edit) {
        return Some(Msg::Notify(message));
    }
    if after == before {
        return None;
    }
    app.undo.push((plan_id.clone(), before));
    app.redo.clear();
    save(app, after)
}

fn apply_to_plan(plan: &mut crate::model::Plan, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::SetActual {
            indicator,
            year,
            value,
            ..
        } => {
            let indicator = plan
                .indicator_mut(indicator)
                .ok_or_else(|| format!("no indicator {indicator}"))?;
            match value {
                Some(value) => {
                    let note = indicator.actual(*year).and_then(|a| a.note.clone());
                    indicator.set_actual(*year, *value, note);
                }
                None => {
                    indicator.remove_actual(*year);
                }
            }
        }
        Edit::SetStatus {
            node,
            year,
            status,
            note,
            ..
        } => {
            let node = plan
                .node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?;
            match status {
                Some(status) => {
                    node.set_status(StatusEntry {
                        year: *year,
                        status: status.clone(),
                        note: note.clone(),
                    });
                }
                None => {
                    node.remove_status(*year);
                }
            }
        }
        Edit::SetTitle { node, title, .. } => {
            plan.node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?
                .title
                .clone_from(title);
        }
        Edit::SetDescription { node, text, .. } => {
            plan.node_mut(node)
                .ok_or_else(|| format!("no node {node}"))?
                .description
                .clone_from(text);
        }
    }
    Ok(())
}

/// Writes the plan through the store; on failure the data stays in memory and the status
/// bar says NOT SAVED until a later save succeeds.
#[allow(clippy::unnecessary_wraps)] // the follow-up of update(), like every other path
fn save(app: &mut App, plan: crate::model::Plan) -> Option<Msg> {
    let id = plan.id.clone();
    if let Some(slot) = app.workspace.plan_mut(&id) {
        *slot = plan.clone();
    }
    match app.workspace.save_plan(plan) {
        Ok(()) => {
            app.save_state = SaveState::Saved;
            if let Some(root) = app.workspace.root.as_deref() {
                app.uncommitted = crate::history::repo::uncommitted_count(root);
            }
            Some(Msg::Notify(app.lang.pick("保存しました", "Saved").into()))
        }
        Err(error) => {
            app.save_state = SaveState::NotSaved(error.localized(app.lang));
            Some(Msg::Notify(format!(
                "{}: {}",
                app.lang.pick("保存できません", "NOT SAVED"),
                error.with_hint(app.lang)
            )))
        }
    }
}

fn undo(app: &mut App, is_undo: bool) -> Option<Msg> {
    if let Some(refusal) = refuse_read_only(app) {
        return Some(refusal);
    }
    let (from, to) = if is_undo {
        (&mut app.undo, &mut app.redo)
    } else {
        (&mut app.redo, &mut app.undo)
    };
    let Some((plan_id, plan)) = from.pop() else {
        return Some(Msg::Notify(
            app.lang
                .pick("これ以上ありません", "Nothing to undo")
                .into(),
        ));
    };
    if let Some(current) = app.workspace.plan(&plan_id).cloned() {
        to.push((plan_id, current));
    }
    save(app, plan)
}

/// Actions of the history screen, and the history actions reachable from anywhere.
fn update_history(app: &mut App, command: Command) -> Option<Msg> {
    match command {
        Command::ShowHistory => {
            app.screen = Screen::History;
            super::history::load(app)
        }
        // Comparing a preview (one plan, no minutes) with the history would list everything
        // else as removed.
        Command::SinceLastMeeting if !app.load.is_complete() => app.incomplete().map(Msg::Notify),
        Command::SinceLastMeeting => {
            app.screen = Screen::History;
            if app.history.is_none() {
                let _ = super::history::load(app);
            }
            super::history::since_last_meeting(app)
        }
        Command::ClosePhase => super::history::ask_close_phase(app),
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Top
        | Command::Bottom => {
            let delta = match command {
                Command::Up => -1,
                Command::Down => 1,
                Command::PageUp => -page(app),
                Command::PageDown => page(app),
                Command::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            let current = app.history.as_ref().map_or(0, |h| h.selected);
            super::history::select(app, current.saturating_add_signed(delta))
        }
        _ => None,
    }
}

/// Opens meeting mode on the current (or default) meeting.
fn show_meeting(app: &mut App) -> Option<Msg> {
    app.screen = Screen::Meeting;
    if app.session.is_some() {
        return None;
    }
    match &app.load {
        // The meeting (and its journal, for crash recovery) opens once the minutes are
        // loaded; until then the screen says so and typed keys are held.
        LoadState::Loading(_) => {
            loading::hold_command(app, Command::ShowMeeting);
            return None;
        }
        LoadState::Failed(_) => return app.incomplete().map(Msg::Notify),
        LoadState::Complete => {}
    }
    match meeting::default_meeting(app) {
        Some(id) => meeting::open(app, &id),
        None => Some(Msg::Notify(
            app.lang
                .pick("会議がありません", "No meetings in this workspace")
                .into(),
        )),
    }
}

/// Actions on the meeting screen.
fn update_meeting(app: &mut App, msg: Msg) -> Option<Msg> {
    let statement_count = app
        .session
        .as_ref()
        .and_then(|s| app.workspace.meeting(&s.meeting_id))
        .map_or(0, |m| m.statements.len());
    let command = match msg {
        Msg::Command(command) => command,
        Msg::Speaker(key) => return meeting::choose_speaker(app, key),
        Msg::Kind(key) => return meeting::choose_kind(app, key),
        Msg::EditorKey(key) => return meeting::editor_key(app, key),
        Msg::Paste(text) => return meeting::paste(app, &text),
        _ => return None,
    };
    let session = app.session.as_mut()?;
    match command {
        Command::Quit => {
            let follow = meeting::save(app);
            app.should_quit = true;
            return follow;
        }
        Command::ShowDashboard
        | Command::ShowTree
        | Command::ShowKpi
        | Command::ShowHistory
        | Command::ShowReview => {
            // Leaving the screen is a safe point: the meeting file catches up.
            let follow = meeting::save(app);
            app.screen = match command {
                Command::ShowDashboard => Screen::Dashboard,
                Command::ShowTree => Screen::Tree,
                Command::ShowHistory => Screen::History,
                Command::ShowReview => Screen::Review,
                _ => Screen::Kpi,
            };
            if app.screen == Screen::History {
                return super::history::load(app).or(follow);
            }
            return follow;
        }
        Command::CommitStatement => return meeting::commit(app),
        Command::StatementNewline => return meeting::newline(app),
        Command::SplitStatement => return meeting::split_at_cursor(app),
        Command::EditStatement => return meeting::edit_selected(app),
        Command::MoveStatementUp => return meeting::restructure(app, ListChange::MoveUp),
        Command::MoveStatementDown => {
            return meeting::restructure(app, ListChange::MoveDown);
        }
        Command::MergeStatement => {
            return meeting::restructure(app, ListChange::MergeNext);
        }
        Command::ToggleNeedsResponse => {
            session.needs_response = !session.needs_response;
            session.draft_dirty = true;
        }
        Command::CommandMode | Command::Cancel => {
            session.typing = false;
            return meeting::flush_draft(app);
        }
        Command::TypingMode => {
            if session.read_only.is_none() {
                session.typing = true;
            }
        }
        Command::Up => session.selected = session.selected.saturating_sub(1),
        Command::Down => {
            session.selected = (session.selected + 1).min(statement_count.saturating_sub(1));
        }
        Command::Top => session.selected = 0,
        Command::Bottom => session.selected = statement_count.saturating_sub(1),
        Command::NextAgendaItem
        | Command::PrevAgendaItem
        | Command::NextMaterial
        | Command::PrevMaterial
        | Command::NextPage
        | Command::PrevPage => navigate_context(app, command),
        Command::DeleteStatement => {
            let meeting = app.workspace.meeting(&session.meeting_id)?;
            let statement = meeting.statements.get(session.selected)?;
            let speaker = meeting
                .attendee(&statement.speaker)
                .map_or(statement.speaker.as_str(), |a| a.name.as_str());
            let preview =
                crate::text::truncate(&crate::model::sanitize_inline(&statement.text), 30);
            let message = format!(
                "{} [{}] {preview} (y/n)",
                app.lang.pick("発言を削除しますか", "Delete the statement"),
                crate::model::sanitize_inline(speaker)
            );
            app.dialog = Some(Dialog::Confirm(Confirm::new(
                message,
                Pending::Statements(ListChange::Delete),
            )));
        }
        Command::NewMeeting => return open_meeting_form(app),
        other => {
            // Everything else (help, palette, presenter, screen keys) works as anywhere.
            return update_common(app, other);
        }
    }
    None
}

/// Moves the meeting context: agenda item, material and page a new statement refers to.
fn navigate_context(app: &mut App, command: Command) {
    let Some(meeting_id) = app.session.as_ref().map(|s| s.meeting_id.clone()) else {
        return;
    };
    let (agenda_count, material_count) = app
        .workspace
        .meeting(&meeting_id)
        .map_or((0, 0), |m| (m.agenda_items().len(), m.materials.len()));
    let Some(session) = app.session.as_mut() else {
        return;
    };
    match command {
        Command::NextAgendaItem | Command::PrevAgendaItem => {
            session.agenda = step(
                session.agenda,
                agenda_count,
                command == Command::NextAgendaItem,
            );
        }
        Command::NextMaterial | Command::PrevMaterial => {
            session.material = step(
                session.material,
                material_count,
                command == Command::NextMaterial,
            );
            session.page = session.material.map(|_| 1);
        }
        Command::NextPage => session.page = session.material.map(|_| session.page.unwrap_or(0) + 1),
        Command::PrevPage => session.page = session.page.map(|p| p.saturating_sub(1).max(1)),
        _ => {}
    }
}

/// Cycles an optional index through `count` items; `None` is "not chosen".
fn step(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match (current, forward) {
        (None, true) => Some(0),
        (None, false) => Some(count - 1),
        (Some(i), true) => (i + 1 < count).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
    }
}

/// Screen-independent actions available in meeting mode too.
fn update_common(app: &mut App, command: Command) -> Option<Msg> {
    match command {
        Command::ToggleHelp => app.dialog = Some(Dialog::Help),
        Command::OpenPalette => app.dialog = Some(Dialog::Palette(Palette::default())),
        Command::TogglePresenter => app.presenter = !app.presenter,
        Command::NextPlan | Command::PrevPlan => {
            return switch_plan(app, command == Command::NextPlan);
        }
        _ => {}
    }
    None
}
