//! The city's responses to committee comments (対応方針 / 対応状況), followed across cycles.
//!
//! A statement flagged `needs_response` in the minutes is a tracked comment. Its response
//! lives in `responses/<meeting-id>.ron`, not in the minutes, because confirmed minutes are
//! immutable while the response keeps changing for years: 未対応 after the meeting, 検討中
//! during the Act phase, 対応済 once a plan revision lands. Each change is a new step in the
//! response's history, tagged with the fiscal-year cycle it was made in, so the file only
//! ever grows at the end and every step shows up in `git log` as one added block.

use crate::i18n::Text;
use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal_year::FiscalYear;
use super::meeting::Meeting;
use super::settings::Settings;
use super::validate::Locator;

/// Where a response stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// 未対応: nobody has looked at it yet.
    #[default]
    Open,
    /// 検討中: being worked on.
    Considering,
    /// 対応済: done; the policy says what was done.
    Done,
    /// 対応不要: no action, with the reason in the policy.
    NotNeeded,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 4] = [
        ResponseStatus::Open,
        ResponseStatus::Considering,
        ResponseStatus::Done,
        ResponseStatus::NotNeeded,
    ];

    pub fn label_ja(self) -> &'static str {
        match self {
            ResponseStatus::Open => "未対応",
            ResponseStatus::Considering => "検討中",
            ResponseStatus::Done => "対応済",
            ResponseStatus::NotNeeded => "対応不要",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Open => "open",
            ResponseStatus::Considering => "considering",
            ResponseStatus::Done => "done",
            ResponseStatus::NotNeeded => "not_needed",
        }
    }

    /// Whether the comment still needs work before the next meeting.
    pub fn is_outstanding(self) -> bool {
        matches!(self, ResponseStatus::Open | ResponseStatus::Considering)
    }
}

/// One change to a response: its status and policy as of a cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseStep {
    /// The PDCA cycle (fiscal year) the step was taken in.
    pub cycle: FiscalYear,
    pub status: ResponseStatus,
    /// 対応方針: what the city will do or did, or why nothing is needed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Where the step comes from when it is not the city's own written response, e.g. "the
    /// secretariat's answer in the minutes (s4)". Readers must be able to tell a quoted
    /// answer given in the room from a decided 対応方針.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The response to one tracked comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The statement id in the meeting's minutes.
    pub statement: String,
    /// Responsible department (id from kaikaku.ron).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The cycle by which the response is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<FiscalYear>,
    /// Every step, oldest first; the last one is the current state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ResponseStep>,
}

impl Response {
    /// The current status: the last step's, or 未対応 before any step.
    pub fn status(&self) -> ResponseStatus {
        self.history
            .last()
            .map_or(ResponseStatus::Open, |s| s.status)
    }

    /// The current policy text, empty before any step.
    pub fn policy(&self) -> &str {
        self.history.last().map_or("", |s| s.policy.as_str())
    }

    /// Records a new step. Steps are appended, never rewritten, so the history stays an
    /// audit trail.
    pub fn record(&mut self, step: ResponseStep) {
        self.history.push(step);
    }
}

/// `responses/<meeting-id>.ron`: the responses to one meeting's comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseFile {
    /// The meeting whose comments these are; also the file name.
    pub meeting: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
}

impl ResponseFile {
    /// A file with an empty response (未対応) for every statement of the meeting flagged as
    /// needing one, in minutes order.
    pub fn for_meeting(meeting: &Meeting) -> Self {
        let mut file = ResponseFile {
            meeting: meeting.id.clone(),
            responses: Vec::new(),
        };
        file.add_missing(meeting);
        file
    }

    /// Adds an empty response for each flagged statement that has none yet (statements
    /// flagged after the file was made); returns how many were added.
    pub fn add_missing(&mut self, meeting: &Meeting) -> usize {
        let mut added = 0;
        for statement in meeting.statements.iter().filter(|s| s.needs_response) {
            if self.response(&statement.id).is_none() {
                self.responses.push(Response {
                    statement: statement.id.clone(),
                    department: None,
                    target: None,
                    history: Vec::new(),
                });
                added += 1;
            }
        }
        added
    }

    /// Appends `step` to the response of `statement`, adding the response when the
    /// statement was flagged after the file was made. Returns false (and records nothing)
    /// when the step would change neither status nor policy: a repeated save is not news.
    pub fn record_step(
        &mut self,
        meeting: &Meeting,
        statement: &str,
        step: ResponseStep,
    ) -> Result<bool, crate::i18n::Text> {
        let id = &meeting.id;
        match meeting.statement(statement) {
            None => {
                return Err(crate::text!(
                    "会議「{id}」に発言「{statement}」はありません",
                    "no statement \"{statement}\" in meeting \"{id}\""
                ));
            }
            Some(s) if !s.needs_response => {
                return Err(crate::text!(
                    "発言「{statement}」は対応を要する発言として記録されていません",
                    "statement \"{statement}\" is not flagged as needing a response"
                ));
            }
            Some(_) => {}
        }
        self.add_missing(meeting);
        let response = self.response_mut(statement).ok_or_else(|| {
            crate::text!(
                "発言「{statement}」の対応がありません",
                "no response for \"{statement}\""
            )
        })?;
        if !response.history.is_empty()
            && response.status() == step.status
            && response.policy() == step.policy
        {
            return Ok(false);
        }
        response.record(step);
        Ok(true)
    }

    pub fn response(&self, statement: &str) -> Option<&Response> {
        self.responses.iter().find(|r| r.statement == statement)
    }

    pub fn response_mut(&mut self, statement: &str) -> Option<&mut Response> {
        self.responses.iter_mut().find(|r| r.statement == statement)
    }

    /// Responses still needing work (未対応 or 検討中), for the review queue.
    pub fn outstanding(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(|r| r.status().is_outstanding())
    }

    /// Responses with a step taken in `cycle` — "answered since the last meeting".
    pub fn changed_in(&self, cycle: FiscalYear) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(move |r| r.history.iter().any(|s| s.cycle == cycle))
    }
}

/// A broken invariant in a responses file, located like the workspace's other problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseProblem {
    pub at: Locator,
    pub message: Text,
    pub hint: Option<Text>,
}

/// Checks a responses file against its meeting (when loaded) and the settings: the meeting
/// matches, every statement exists and is flagged, no statement is answered twice, every
/// department is known, steps run forward in time, and a closed response says why.
pub fn validate_responses(
    file: &ResponseFile,
    meeting: Option<&Meeting>,
    settings: Option<&Settings>,
) -> Vec<ResponseProblem> {
    let mut problems = Vec::new();
    let mut push = |at: Locator, message: Text, hint: Option<(&str, &str)>| {
        problems.push(ResponseProblem {
            at,
            message,
            hint: hint.map(Text::from),
        });
    };
    if let Some(meeting) = meeting
        && meeting.id != file.meeting
    {
        push(
            Locator::field("meeting", &file.meeting),
            crate::text!(
                "対応のファイルが会議「{}」を指していますが、属するのは「{}」です",
                "responses name meeting \"{}\" but belong to \"{}\"",
                file.meeting,
                meeting.id
            ),
            Some((
                "ファイル名は responses/<meeting-id>.ron です。ファイル名か項目を直してください",
                "the file is responses/<meeting-id>.ron; rename it or fix the field",
            )),
        );
    }
    let mut seen = HashSet::new();
    for response in &file.responses {
        let here = Locator::field("statement", &response.statement);
        if !seen.insert(response.statement.as_str()) {
            push(
                here.clone().then("statement", Some(&response.statement)),
                crate::text!(
                    "発言「{}」に対応が二つあります",
                    "statement \"{}\" has two responses",
                    response.statement
                ),
                Some((
                    "対応は発言ごとに一つにし、経過は history に追記してください",
                    "keep one response per statement; add steps to its history instead",
                )),
            );
        }
        if let Some(meeting) = meeting {
            match meeting.statement(&response.statement) {
                None => push(
                    here.clone(),
                    crate::text!(
                        "会議「{1}」に発言「{0}」はありません",
                        "no statement \"{0}\" in meeting \"{1}\"",
                        response.statement,
                        meeting.id
                    ),
                    Some((
                        "発言の id は議事録の s1、s2 … です",
                        "statement ids are the s1, s2 … of the minutes",
                    )),
                ),
                Some(statement) if !statement.needs_response => push(
                    here.clone(),
                    crate::text!(
                        "発言「{}」は対応を要する発言として記録されていません",
                        "statement \"{}\" is not flagged as needing a response",
                        response.statement
                    ),
                    Some((
                        "議事録で needs_response を付けるか、この対応を削除してください",
                        "flag it in the minutes (needs_response) or remove this response",
                    )),
                ),
                Some(_) => {}
            }
        }
        if let (Some(settings), Some(department)) = (settings, &response.department)
            && settings.department(department).is_none()
        {
            push(
                here.clone().then("department", Some(department)),
                crate::text!(
                    "所管局「{department}」は定義されていません",
                    "unknown department \"{department}\""
                ),
                Some((
                    "所管局は kaikaku.ron で定義します",
                    "departments are defined in kaikaku.ron",
                )),
            );
        }
        check_history(response, &here, &mut push);
    }
    problems
}

/// Years in range, steps forward in time, and a closed response that says why.
fn check_history(
    response: &Response,
    here: &Locator,
    push: &mut impl FnMut(Locator, Text, Option<(&str, &str)>),
) {
    for year in response
        .target
        .iter()
        .chain(response.history.iter().map(|s| &s.cycle))
    {
        if !year.is_plausible() {
            push(
                here.clone(),
                crate::text!("年度 {} が範囲外です", "year {} is out of range", year.0),
                Some((
                    "年度は 2024 のような西暦の年度で書きます",
                    "years are western fiscal years such as 2024",
                )),
            );
        }
    }
    for pair in response.history.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let backwards = after.cycle < before.cycle
            || matches!((before.date, after.date), (Some(a), Some(b)) if b < a);
        if backwards {
            push(
                here.clone().then("cycle", Some(&after.cycle.0.to_string())),
                crate::text!(
                    "発言「{}」の対応の経過が時間をさかのぼっています（{}の後に{}）",
                    "the history of \"{}\" goes back in time ({} after {})",
                    response.statement,
                    after.cycle,
                    before.cycle
                ),
                Some((
                    "経過は古い順に追記します。前の経過は書き換えないでください",
                    "steps are appended oldest first; never edit an earlier step",
                )),
            );
        }
    }
    if let Some(last) = response.history.last()
        && matches!(
            last.status,
            ResponseStatus::Done | ResponseStatus::NotNeeded
        )
        && last.policy.trim().is_empty()
    {
        push(
            here.clone().then("status", None),
            crate::text!(
                "発言「{}」への対応が{}ですが、対応方針がありません",
                "response to \"{}\" is {} without a policy",
                response.statement,
                last.status.label_ja()
            ),
            Some((
                "何をしたか、または対応が不要な理由を書いてください",
                "say what was done, or why no action is needed",
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::canonical::{options, to_canonical};

    fn sample() -> Meeting {
        options()
            .from_str(include_str!(
                "../../minutes/2021-03-22-kaikaku-suishin-1.ron"
            ))
            .expect("sample parses")
    }

    fn settings() -> Settings {
        options()
            .from_str(include_str!("../../kaikaku.ron"))
            .expect("settings parse")
    }

    fn step(cycle: u16, status: ResponseStatus, policy: &str) -> ResponseStep {
        ResponseStep {
            cycle: FiscalYear(cycle),
            status,
            policy: policy.to_string(),
            date: None,
            note: None,
        }
    }

    #[test]
    fn one_open_response_per_flagged_statement() {
        let meeting = sample();
        let file = ResponseFile::for_meeting(&meeting);
        let flagged: Vec<&str> = meeting
            .statements
            .iter()
            .filter(|s| s.needs_response)
            .map(|s| s.id.as_str())
            .collect();
        let tracked: Vec<&str> = file
            .responses
            .iter()
            .map(|r| r.statement.as_str())
            .collect();
        assert_eq!(tracked, flagged);
        assert!(!tracked.is_empty());
        assert!(
            file.responses
                .iter()
                .all(|r| r.status() == ResponseStatus::Open)
        );
        assert_eq!(file.outstanding().count(), flagged.len());
        assert!(validate_responses(&file, Some(&meeting), Some(&settings())).is_empty());
    }

    #[test]
    fn history_across_cycles_and_canonical_round_trip() {
        let meeting = sample();
        let mut file = ResponseFile::for_meeting(&meeting);
        let department = settings().departments.first().map(|d| d.id.clone());
        let response = file.response_mut("s3").expect("s3 is flagged");
        response.department.clone_from(&department);
        response.target = Some(FiscalYear(2022));
        response.record(step(
            2021,
            ResponseStatus::Considering,
            "他区への展開を検討",
        ));
        response.record(step(
            2022,
            ResponseStatus::Done,
            "全区役所で窓口レイアウトを改善",
        ));
        assert_eq!(response.status(), ResponseStatus::Done);
        assert_eq!(response.policy(), "全区役所で窓口レイアウトを改善");
        assert_eq!(file.changed_in(FiscalYear(2022)).count(), 1);
        assert_eq!(file.changed_in(FiscalYear(2023)).count(), 0);
        assert!(validate_responses(&file, Some(&meeting), Some(&settings())).is_empty());

        let text = to_canonical(&file).expect("serialises");
        let back: ResponseFile = options().from_str(&text).expect("parses");
        assert_eq!(back, file);
        assert_eq!(to_canonical(&back).expect("serialises"), text);
        // A new step is an appended block: the earlier text is a prefix of the new file up
        // to the end of the previous step.
        let mut later = back.clone();
        later.response_mut("s3").expect("s3").record(step(
            2023,
            ResponseStatus::Done,
            "効果を検証済み",
        ));
        let after = to_canonical(&later).expect("serialises");
        let cut = text
            .find("全区役所で窓口レイアウトを改善")
            .expect("policy in file");
        assert_eq!(after[..cut], text[..cut]);
    }

    #[test]
    fn every_invariant_is_checked() {
        let meeting = sample();
        let mut file = ResponseFile::for_meeting(&meeting);
        file.meeting = "other".into();
        let first = file.responses[0].clone();
        file.responses.push(first);
        file.responses.push(Response {
            statement: "s999".into(),
            department: Some("no-such-department".into()),
            target: Some(FiscalYear(3000)),
            history: vec![
                step(2022, ResponseStatus::Considering, ""),
                step(2021, ResponseStatus::NotNeeded, " "),
            ],
        });
        file.responses.push(Response {
            statement: "s4".into(),
            department: None,
            target: None,
            history: Vec::new(),
        });
        let problems = validate_responses(&file, Some(&meeting), Some(&settings()));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.en.as_str()).collect();
        let expect = [
            "responses name meeting \"other\"",
            "has two responses",
            "no statement \"s999\"",
            "unknown department \"no-such-department\"",
            "year 3000 is out of range",
            "goes back in time (FY2021 after FY2022)",
            "is 対応不要 without a policy",
            "statement \"s4\" is not flagged",
        ];
        for fragment in expect {
            assert!(
                messages.iter().any(|m| m.contains(fragment)),
                "missing 「{fragment}」 in {messages:#?}"
            );
        }
        assert_eq!(problems.len(), expect.len(), "{messages:#?}");
    }

    #[test]
    fn record_step_appends_once_and_refuses_unflagged_statements() {
        let meeting = sample();
        let mut file = ResponseFile::for_meeting(&meeting);
        let considering = step(2021, ResponseStatus::Considering, "検討する");
        assert_eq!(
            file.record_step(&meeting, "s3", considering.clone()),
            Ok(true)
        );
        assert_eq!(file.record_step(&meeting, "s3", considering), Ok(false));
        assert_eq!(file.response("s3").map(|r| r.history.len()), Some(1));
        assert!(
            file.record_step(&meeting, "s4", step(2021, ResponseStatus::Done, "x"))
                .expect_err("s4 is an answer, not a comment")
                .en
                .contains("not flagged")
        );
        assert!(
            file.record_step(&meeting, "s999", step(2021, ResponseStatus::Done, "x"))
                .expect_err("no such statement")
                .en
                .contains("no statement")
        );
    }

    #[test]
    fn statements_flagged_later_are_added_once() {
        let mut meeting = sample();
        let mut file = ResponseFile::for_meeting(&meeting);
        assert_eq!(file.add_missing(&meeting), 0);
        meeting.statements[4].needs_response = true;
        assert_eq!(file.add_missing(&meeting), 1);
        assert_eq!(file.add_missing(&meeting), 0);
        assert!(file.response("s5").is_some());
    }
}
