//! Committee meetings and their minutes (議事録): header, attendees, materials, agenda and
//! the ordered statements recorded live.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fiscal_year::FiscalYear;

/// Where the minutes stand; confirmed minutes are immutable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    #[default]
    Draft,
    Confirmed,
    Published,
}

/// How someone took part in the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    Present,
    Absent,
    Online,
    /// Attending on behalf of the attendee with this id (代理出席).
    Proxy(String),
}

/// A person at the meeting: a roster member or someone ad hoc (総務局長, 情報政策課長 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    /// Unique in the meeting; statements name their speaker by it.
    pub id: String,
    /// The name as printed: 「澤田道夫」, or a title such as 「改革プロジェクト推進課長」.
    pub name: String,
    /// Role in this meeting: 会長, 委員, 事務局, 説明員 …
    pub role: String,
    /// The committee roster member this attendee is, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// How the minutes name this speaker (「加藤委員」, 「澤田会長」). Published minutes use the
    /// family name plus the role, which cannot be derived from an unsplit Japanese name, so
    /// it is kept as printed; absent for people who never speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The department an official (説明員) comes from (「総務局」), printed before the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default)]
    pub attendance: Attendance,
}

/// A distributed material (配付資料) as printed: 資料1, 参考資料2 …
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

/// A link from meeting content to a plan node.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeLink {
    pub plan: String,
    pub node: String,
}

/// An agenda item (次第), nested as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub id: String,
    /// The number as printed: 「(4)」, 「①」; empty for items such as 開会.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<AgendaItem>,
}

/// What kind of statement was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// 説明
    Explanation,
    /// 質問
    Question,
    /// 意見
    Opinion,
    /// 提案
    Proposal,
    /// 要望
    Request,
    /// 回答
    Answer,
    /// 議事進行
    Procedural,
}

impl StatementKind {
    pub const ALL: [StatementKind; 7] = [
        StatementKind::Explanation,
        StatementKind::Question,
        StatementKind::Opinion,
        StatementKind::Proposal,
        StatementKind::Request,
        StatementKind::Answer,
        StatementKind::Procedural,
    ];

    pub fn label_ja(self) -> &'static str {
        match self {
            StatementKind::Explanation => "説明",
            StatementKind::Question => "質問",
            StatementKind::Opinion => "意見",
            StatementKind::Proposal => "提案",
            StatementKind::Request => "要望",
            StatementKind::Answer => "回答",
            StatementKind::Procedural => "議事進行",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Explanation => "explanation",
            StatementKind::Question => "question",
            StatementKind::Opinion => "opinion",
            StatementKind::Proposal => "proposal",
            StatementKind::Request => "request",
            StatementKind::Answer => "answer",
            StatementKind::Procedural => "procedural",
        }
    }
}

/// A reference to a material page as printed: 【資料1】P3 窓口改革について.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialRef {
    pub material: String,
    /// Page as printed (「3」, 「3-4」); absent when the whole material is meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The topic printed after the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The reference is written inside the statement text (「【資料1】に基づいて説明」) rather
    /// than on a line of its own, so an export must not print it a second time.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
}

/// The most text one statement holds, in UTF-8 bytes (1 MiB: some 350,000 Japanese
/// characters, hours of speech). The meeting editor refuses typing, pastes and merges beyond
/// it with a message, before anything is shown as saved, so every statement fits a journal
/// record and many fit one meeting file.
pub const MAX_STATEMENT_BYTES: usize = 1024 * 1024;

/// One statement in the minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable id within the meeting (s1, s2 …), kept when statements are reordered.
    pub id: String,
    /// A line printed before the speaker, marking a turn in the discussion
    /// (「【DX アクションプランへの質疑へ】」); kept so the published layout survives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Attendee id of the speaker.
    pub speaker: String,
    /// The speaker label as printed when it differs from the attendee's usual one: minutes
    /// call the chair both 「澤田会長」 and 「澤田委員」, and write 「奥沢委員から提案」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub kind: StatementKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<MaterialRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeLink>,
    /// The statement this one answers or follows up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Agenda item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    /// Time of day as `HH:MM`, when recorded live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The city owes a response (対応方針) to this statement.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_response: bool,
}

impl Statement {
    /// A statement as first recorded: who said what, and of which kind, with nothing else
    /// yet (no heading or printed label, no material, node, reply or agenda link, no time,
    /// no response owed). Builders and tests start from this and set what they know, so a
    /// new field needs its default written once, here.
    pub fn new(
        id: impl Into<String>,
        speaker: impl Into<String>,
        kind: StatementKind,
        text: impl Into<String>,
    ) -> Statement {
        Statement {
            id: id.into(),
            heading: None,
            speaker: speaker.into(),
            label: None,
            kind,
            text: text.into(),
            materials: Vec::new(),
            nodes: Vec::new(),
            reply_to: None,
            agenda: None,
            time: None,
            needs_response: false,
        }
    }
}

/// A committee meeting and its minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    /// Committee id from the settings.
    pub committee: String,
    pub fiscal_year: FiscalYear,
    /// 第N回 within the fiscal year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub title: String,
    pub date: NaiveDate,
    /// `HH:MM`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// `HH:MM`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default)]
    pub status: MeetingStatus,
    /// Attendee id of the chair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    /// Attendee id speaking for the secretariat (事務局).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretariat: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Material>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<AgendaItem>,
    /// Lines of imported minutes that fit no known part of the layout (an extra section such
    /// as 「7 傍聴者」), kept verbatim because an import must never drop text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Statement>,
}

impl Meeting {
    pub fn attendee(&self, id: &str) -> Option<&Attendee> {
        self.attendees.iter().find(|a| a.id == id)
    }

    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// Every agenda item, depth first.
    pub fn agenda_items(&self) -> Vec<&AgendaItem> {
        fn walk<'a>(items: &'a [AgendaItem], out: &mut Vec<&'a AgendaItem>) {
            for item in items {
                out.push(item);
                walk(&item.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.agenda, &mut out);
        out
    }
}
