//! Recording the city's responses to committee comments: one step appended to
//! `responses/<meeting-id>.ron`, checked before it is written.

use crate::i18n::Text;
use chrono::NaiveDate;

use super::workspace::Workspace;
use crate::error::{Error, Result};
use crate::model::FiscalYear;
use crate::model::response::{ResponseFile, ResponseStatus, ResponseStep, validate_responses};

/// One change to a response, as the CLI and the TUI ask for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRequest {
    pub meeting: String,
    pub statement: String,
    pub status: ResponseStatus,
    /// 対応方針; `None` keeps the policy now in force (a status change alone).
    pub policy: Option<String>,
    /// Responsible department id; `None` keeps the current one.
    pub department: Option<String>,
    /// The cycle the step is taken in; default: the workspace's current cycle, else the
    /// fiscal year of `date`.
    pub cycle: Option<FiscalYear>,
    pub date: NaiveDate,
}

impl Workspace {
    /// Appends a response step and saves the file, creating it (with an empty response for
    /// each flagged statement of the meeting) when missing. The result is validated first,
    /// so a 対応済 without a policy or an unknown department never reaches the disk. Returns
    /// false when nothing changed and nothing was written.
    pub fn record_response(&mut self, request: ResponseRequest) -> Result<bool> {
        let meeting = self
            .meeting(&request.meeting)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                what: "meeting",
                id: request.meeting.clone(),
            })?;
        let mut file = self
            .responses(&request.meeting)
            .cloned()
            .unwrap_or_else(|| ResponseFile::for_meeting(&meeting));
        let policy = request.policy.unwrap_or_else(|| {
            file.response(&request.statement)
                .map(|r| r.policy().to_string())
                .unwrap_or_default()
        });
        let cycle = request
            .cycle
            .or_else(|| self.settings().and_then(|s| s.cycle).map(|c| c.year))
            .unwrap_or_else(|| FiscalYear::containing(request.date));
        let step = ResponseStep {
            cycle,
            status: request.status,
            policy: policy.trim().to_string(),
            date: Some(request.date),
            note: None,
        };
        // Problems already in the file are `kaikaku check`'s business; only new ones, made
        // by this step, refuse it.
        let before: Vec<Text> = validate_responses(&file, Some(&meeting), self.settings())
            .into_iter()
            .map(|p| p.message)
            .collect();
        let mut changed = file
            .record_step(&meeting, &request.statement, step)
            .map_err(|reason| Error::ResponseRefused {
                statement: request.statement.clone(),
                reason,
            })?;
        if let Some(department) = request.department
            && let Some(response) = file.response_mut(&request.statement)
            && response.department.as_deref() != Some(department.as_str())
        {
            response.department = Some(department);
            changed = true;
        }
        if !changed {
            return Ok(false);
        }
        let problems = validate_responses(&file, Some(&meeting), self.settings());
        if let Some(problem) = problems.iter().find(|p| !before.contains(&p.message)) {
            return Err(Error::Invalid(
                problem.message.with_hint(problem.hint.as_ref()),
            ));
        }
        self.save_responses(file)?;
        Ok(true)
    }
}
