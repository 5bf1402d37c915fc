//! Workspace settings (`kaikaku.ron`): organisation, vocabulary, committees, cycle.

use serde::{Deserialize, Serialize};

use super::fiscal_year::FiscalYear;

/// Language of labels and of how fiscal years are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Ja,
    En,
}

impl Language {
    /// Reads `ja`, `en`, or a POSIX locale such as `ja_JP.UTF-8` / `en_US.UTF-8`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("ja") {
            Some(Language::Ja)
        } else if lower.starts_with("en")
            || lower == "c"
            || lower == "posix"
            || lower.starts_with("c.")
        {
            Some(Language::En)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ja => "ja",
            Language::En => "en",
        }
    }
}

/// A department (局・区・課) that leads or joins plan items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

/// What a status means, whatever the workspace calls it; reports and colours use it, and a
/// change to a lower rank is a downgrade that the UI confirms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    Stopped,
    NotStarted,
    Delayed,
    OnTrack,
    Completed,
}

/// One word of the workspace's status vocabulary (計画通り進捗, 一部変更・遅れ …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDef {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub category: StatusCategory,
}

/// A member of a committee roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// 会長, 副会長, 委員 …
    pub role: String,
    /// 所属・役職, e.g. 「熊本大学大学院教授」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// How the published minutes name this member as a speaker (「澤田会長」, 「加藤委員」):
    /// family name plus role, which cannot be derived from an unsplit Japanese name. Copied
    /// into every meeting prepared from the roster, so an export prints `[澤田会長]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The reading of the name in kana (「さわだ みちお」), where the secretariat knows it:
    /// the speaker picker finds the member by it, as typed with the IME on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// A committee (委員会 / 審議会) that reviews plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

/// A phase of the PDCA cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Plan,
    Do,
    Check,
    Act,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Plan, Phase::Do, Phase::Check, Phase::Act];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Plan => "plan",
            Phase::Do => "do",
            Phase::Check => "check",
            Phase::Act => "act",
        }
    }

    /// `Plan`, `Do`, `Check`, `Act` as written in commit subjects.
    pub fn title(self) -> &'static str {
        match self {
            Phase::Plan => "Plan",
            Phase::Do => "Do",
            Phase::Check => "Check",
            Phase::Act => "Act",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Phase::Plan => "計画",
            Phase::Do => "実行",
            Phase::Check => "評価",
            Phase::Act => "改善",
        }
    }
}

/// Where the workspace stands in its PDCA cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleState {
    pub year: FiscalYear,
    pub phase: Phase,
}

/// The settings file at the workspace root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_en: Option<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Department>,
    pub statuses: Vec<StatusDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub committees: Vec<Committee>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<CycleState>,
    /// Where `kaikaku sync` fetches from and pushes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<RemoteSettings>,
    /// Phase commits and cycle tags must be signed; audit checks them against the
    /// allowed-signers file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<SigningSettings>,
}

/// The shared repository this workspace syncs with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteSettings {
    /// A path, a `file://` URL, or (when built with ssh) an ssh URL.
    pub url: String,
    /// The branch to sync; the current branch when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
}

/// How commits and tags are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureFormat {
    /// `ssh-keygen -Y sign -n git`, verified against an allowed-signers file.
    #[default]
    Ssh,
    /// PGP signatures via `gpg`; the allowed-signers file lists key fingerprints.
    Gpg,
}

/// Signing policy of the workspace. The key itself is personal and comes from each user's
/// git configuration (`user.signingKey`), never from the shared workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningSettings {
    #[serde(default)]
    pub format: SignatureFormat,
    /// Path inside the workspace of the allowed-signers file (ssh format: `principal key`).
    pub allowed_signers: String,
}

impl Settings {
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    pub fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }

    pub fn committee(&self, id: &str) -> Option<&Committee> {
        self.committees.iter().find(|c| c.id == id)
    }
}

impl Language {
    /// Picks the label of this language; labels live beside their use as `(ja, en)` pairs.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Ja => ja,
            Language::En => en,
        }
    }

    /// A fiscal year as this language prints it in running text: 令和5年度 / FY2023.
    pub fn year(self, year: FiscalYear) -> String {
        match self {
            Language::Ja => year.wareki(),
            Language::En => year.western(),
        }
    }

    /// A fiscal year in table columns: R5 / FY2023.
    pub fn year_short(self, year: FiscalYear) -> String {
        match self {
            Language::Ja => year.wareki_short(),
            Language::En => year.western(),
        }
    }
}
