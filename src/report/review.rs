//! The review queue: what the secretariat must do before the next committee meeting.
//!
//! Three lists, computed from a loaded workspace and shared by `kaikaku review` and the TUI's
//! review screen: comments still awaiting a response (未対応 / 検討中), comments whose response
//! moved since the last meeting (to report at the next one), and indicators still missing
//! the fiscal year's actual. Pure: the caller passes the year and today's date, so the result
//! does not depend on the clock.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::response::{Response, ResponseStatus};
use crate::model::{Direction, Figure, FiscalYear, Meeting, StatementKind};
use crate::store::Workspace;

/// A tracked comment (a statement flagged as needing a response) and where its response
/// stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommentItem {
    pub meeting: String,
    pub meeting_title: String,
    pub meeting_date: NaiveDate,
    pub statement: String,
    /// The speaker's name as the minutes print it (attendee name, else the id).
    pub speaker: String,
    pub kind: StatementKind,
    pub text: String,
    pub status: ResponseStatus,
    /// 対応方針 now in force; empty before any step.
    pub policy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<FiscalYear>,
    /// The date of the newest step that changed the status, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<NaiveDate>,
}

/// An indicator without an actual for the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingActual {
    pub plan: String,
    pub indicator: String,
    pub name: String,
    pub unit: String,
    /// The newest actual before the year, to help the person entering it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<(FiscalYear, Figure)>,
}

/// The newest meeting held on or before today: "since the last meeting" starts there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LastMeeting {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
}

/// Everything the secretariat must look at before the next meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewQueue {
    pub year: FiscalYear,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_meeting: Option<LastMeeting>,
    /// 未対応 and 検討中, oldest meeting first, in minutes order.
    pub awaiting: Vec<CommentItem>,
    /// Status changed after the last meeting's date, whatever the status now is.
    pub answered: Vec<CommentItem>,
    /// Indicators of the plans running in `year` with no actual for it.
    pub missing_actuals: Vec<MissingActual>,
}

impl ReviewQueue {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.awaiting.is_empty() && self.answered.is_empty() && self.missing_actuals.is_empty()
    }
}

/// The date of the newest step that changed the status (a first step counts when it left
/// 未対応). Steps without a date cannot be placed in time and are passed over.
fn status_changed(response: &Response) -> Option<NaiveDate> {
    let mut previous = ResponseStatus::Open;
    let mut changed = None;
    for step in &response.history {
        if step.status != previous {
            changed = step.date.or(changed);
        }
        previous = step.status;
    }
    changed
}

fn comments(workspace: &Workspace) -> Vec<CommentItem> {
    let mut meetings: Vec<&Meeting> = workspace.meetings.iter().map(|m| &m.value).collect();
    meetings.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut out = Vec::new();
    for meeting in meetings {
        let file = workspace.responses(&meeting.id);
        for statement in meeting.statements.iter().filter(|s| s.needs_response) {
            let response = file.and_then(|f| f.response(&statement.id));
            out.push(CommentItem {
                meeting: meeting.id.clone(),
                meeting_title: meeting.title.clone(),
                meeting_date: meeting.date,
                statement: statement.id.clone(),
                speaker: meeting
                    .attendee(&statement.speaker)
                    .map_or_else(|| statement.speaker.clone(), |a| a.name.clone()),
                kind: statement.kind,
                text: statement.text.clone(),
                status: response.map_or(ResponseStatus::Open, Response::status),
                policy: response.map(Response::policy).unwrap_or_default().into(),
                department: response.and_then(|r| r.department.clone()),
                target: response.and_then(|r| r.target),
                status_changed: response.and_then(status_changed),
            });
        }
    }
    out
}

fn missing_actuals(workspace: &Workspace, year: FiscalYear) -> Vec<MissingActual> {
    let before = FiscalYear(year.0.saturating_sub(1));
    let mut out = Vec::new();
    for plan in workspace.plans.iter().map(|p| &p.value) {
        if !plan.period.contains(year) {
            continue;
        }
        // Indicators of items retired before the year are no longer measured.
        let flat = plan.flatten();
        let retired: std::collections::HashMap<&str, Option<FiscalYear>> = flat
            .iter()
            .map(|f| f.node.id.as_str())
            .zip(crate::model::plan::retirements(&flat))
            .collect();
        // `all_indicators` lists a group's parts after it; the parts carry the actuals, the
        // group none of its own, and qualitative indicators have no figure to enter.
        for (node, indicator) in plan.all_indicators() {
            let gone = node
                .and_then(|n| retired.get(n.id.as_str()).copied().flatten())
                .is_some_and(|last| last < year);
            if gone
                || !indicator.parts.is_empty()
                || indicator.direction == Direction::Qualitative
                || indicator.actual(year).is_some()
            {
                continue;
            }
            out.push(MissingActual {
                plan: plan.id.clone(),
                indicator: indicator.id.clone(),
                name: indicator.name.clone(),
                unit: indicator.unit.clone(),
                latest: indicator
                    .latest_actual(Some(before))
                    .map(|a| (a.year, a.value)),
            });
        }
    }
    out
}

/// Builds the queue for fiscal year `year`, as of `today`.
pub fn review_queue(workspace: &Workspace, year: FiscalYear, today: NaiveDate) -> ReviewQueue {
    let last_meeting = workspace
        .meetings
        .iter()
        .map(|m| &m.value)
        .filter(|m| m.date <= today)
        .max_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)))
        .map(|m| LastMeeting {
            id: m.id.clone(),
            title: m.title.clone(),
            date: m.date,
        });
    let all = comments(workspace);
    let answered = all
        .iter()
        .filter(|c| match (&last_meeting, c.status_changed) {
            (Some(last), Some(changed)) => changed > last.date,
            // Before any meeting was held, every change is news.
            (None, changed) => changed.is_some(),
            (Some(_), None) => false,
        })
        .cloned()
        .collect();
    let awaiting = all
        .into_iter()
        .filter(|c| c.status.is_outstanding())
        .collect();
    ReviewQueue {
        year,
        last_meeting,
        awaiting,
        answered,
        missing_actuals: missing_actuals(workspace, year),
    }
}
