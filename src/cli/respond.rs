//! `kaikaku respond MEETING STATEMENT --status …`: record the city's response to a
//! committee comment, one appended step at a time.

use chrono::NaiveDate;

use super::{CliError, CliResult, Context, print};
use crate::model::response::ResponseStatus;
use crate::model::{FiscalYear, sanitize_inline};
use crate::store::responses::ResponseRequest;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Meeting id (file name under minutes/ without .ron).
    pub meeting: String,
    /// Statement id in the minutes (s1, s2 …); it must be flagged as needing a response.
    pub statement: String,
    /// 未対応, 検討中, 対応済, 対応不要 (or open, considering, done, not-needed).
    #[arg(long, value_parser = parse_status)]
    pub status: ResponseStatus,
    /// 対応方針: what the city will do or did, or why nothing is needed (default: keep the
    /// current text).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Responsible department id from kaikaku.ron.
    #[arg(long, value_name = "ID")]
    pub department: Option<String>,
    /// The cycle the step belongs to (FY2025, R7, 2025); default: the current cycle.
    #[arg(long, value_name = "YEAR")]
    pub cycle: Option<FiscalYear>,
    /// Date of the step, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

/// Reads a status as the secretariat writes it: the Japanese label or the file's name.
pub fn parse_status(text: &str) -> Result<ResponseStatus, crate::i18n::Text> {
    let text = text.trim();
    ResponseStatus::ALL
        .into_iter()
        .find(|s| {
            s.label_ja() == text
                || s.as_str().eq_ignore_ascii_case(text)
                || s.as_str().replace('_', "-").eq_ignore_ascii_case(text)
        })
        .ok_or_else(|| {
            crate::i18n::Text::new(
                "未対応、検討中、対応済、対応不要（または `open`, `considering`, `done`, `not_needed`）を指定してください",
                "use 未対応, 検討中, 対応済 or 対応不要 (open, considering, done, not_needed)",
            )
        })
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    context.writable("respond")?;
    let (mut workspace, _lock) = context.open_for_write()?;
    let request = ResponseRequest {
        meeting: args.meeting.clone(),
        statement: args.statement.clone(),
        status: args.status,
        policy: args.text.clone(),
        department: args.department.clone(),
        cycle: args.cycle,
        date: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    // A refused statement gets the core's hint (`Error::ResponseRefused`); only a missing
    // meeting needs one that knows it came from this command.
    let changed = workspace.record_response(request).map_err(|error| {
        let missing_meeting = matches!(error, crate::error::Error::NotFound { .. });
        let mut cli = CliError::from(error);
        if missing_meeting {
            cli.hint =
                Some("meeting ids are the file names under minutes/; see `kaikaku review`".into());
        }
        cli
    })?;
    let path = format!(
        "{}/{}.ron",
        crate::store::RESPONSES_DIR,
        sanitize_inline(&args.meeting)
    );
    if changed {
        print(&format!(
            "{path}: {} → {}\n",
            sanitize_inline(&args.statement),
            args.status.label_ja()
        ));
    } else {
        print(&format!("{path}: no change\n"));
    }
    Ok(())
}
