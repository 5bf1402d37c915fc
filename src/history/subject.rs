//! What a commit is about, said in the reader's language. kaikaku writes its commit
//! subjects in English (`FY2024 Do: 3 figures`, `Create the workspace …`): git records are
//! shared and parsed, so their wording never depends on who made them. Its trailers say the
//! same thing as data (cycle, phase, counts, event), so a Japanese screen or `kaikaku log`
//! renders the subject from them; commits kaikaku did not make keep their own subject.

use super::diff::{Category, Counts};
use super::log::CommitInfo;
use crate::model::{FiscalYear, Language, Phase, sanitize_inline};

/// The subject of `commit` in `lang`, sanitised.
pub fn subject(commit: &CommitInfo, lang: Language) -> String {
    let own = sanitize_inline(&commit.subject);
    if lang == Language::En {
        return own;
    }
    match (commit.event.as_deref(), phase_of(commit)) {
        (_, Some((year, phase))) => {
            // A meeting's title and date follow the colon as the meeting prints them.
            let what = match (&commit.meetings.is_empty(), own.split_once(": ")) {
                (false, Some((_, meeting))) => meeting.to_string(),
                _ => counts(commit.changed.as_deref()).describe(lang),
            };
            format!(
                "{} {}（{}）: {what}",
                lang.year(year),
                phase.title(),
                phase.label_ja()
            )
        }
        (Some("init"), None) if own.starts_with("Baseline") => {
            "基準値: 最初のサイクルより前のワークスペースのデータ".into()
        }
        (Some("init"), None) if own.contains("kaikaku sample") => {
            "kaikaku のサンプル（熊本市）からワークスペースを作成".into()
        }
        (Some("init"), None) if own.starts_with("Create the workspace") => {
            "ワークスペースを作成".into()
        }
        (Some("sync"), None) => match own.strip_prefix("Sync: merge ") {
            Some(rest) => format!("同期: {rest} をマージ"),
            None => "同期".into(),
        },
        _ => own,
    }
}

/// The subject of a phase commit not yet made (the close-phase dialog), in `lang`: the
/// same words [`subject`] gives the commit once it exists.
pub fn of_phase_plan(plan: &super::commit::PhasePlan, lang: Language) -> String {
    if lang == Language::En {
        return sanitize_inline(&plan.subject);
    }
    format!(
        "{} {}（{}）: {}",
        lang.year(plan.cycle),
        plan.phase.title(),
        plan.phase.label_ja(),
        plan.diff.counts().describe(lang)
    )
}

pub(crate) fn phase_of(commit: &CommitInfo) -> Option<(FiscalYear, Phase)> {
    let year = commit.cycle.as_deref()?.parse::<FiscalYear>().ok()?;
    let phase = Phase::ALL
        .into_iter()
        .find(|p| Some(p.as_str()) == commit.phase.as_deref())?;
    Some((year, phase))
}

/// The counts of a `Kaikaku-Changed:` trailer.
fn counts(trailer: Option<&str>) -> Counts {
    Counts(
        Counts::from_trailer(trailer.unwrap_or(""))
            .into_iter()
            .filter_map(|(key, n)| Category::from_key(&key).map(|c| (c, n)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(subject: &str) -> CommitInfo {
        CommitInfo {
            id: "0".repeat(40),
            short: "0".repeat(10),
            subject: subject.into(),
            author: "a".into(),
            email: "a@example.jp".into(),
            date: "2024-07-30T10:00:00+09:00".into(),
            cycle: None,
            phase: None,
            meetings: Vec::new(),
            changed: None,
            event: None,
            parents: 1,
            message: String::new(),
        }
    }

    #[test]
    fn kaikaku_subjects_are_said_from_their_trailers() {
        let mut phase = info("FY2024 Do: 3 figures, 1 status");
        phase.cycle = Some("FY2024".into());
        phase.phase = Some("do".into());
        phase.changed = Some("figures=3 statuses=1".into());
        assert_eq!(
            subject(&phase, Language::Ja),
            "令和6年度 Do（実行）: 数値 3件、進捗状況 1件"
        );
        assert_eq!(
            subject(&phase, Language::En),
            "FY2024 Do: 3 figures, 1 status"
        );
        let mut meeting = info("FY2024 Check: 第1回市役所改革推進委員会 (2024-07-30)");
        meeting.cycle = Some("FY2024".into());
        meeting.phase = Some("check".into());
        meeting.meetings = vec!["2024-07-30-kaikaku-suishin-1".into()];
        assert_eq!(
            subject(&meeting, Language::Ja),
            "令和6年度 Check（評価）: 第1回市役所改革推進委員会 (2024-07-30)"
        );
        let mut init = info("Create the workspace from the kaikaku sample (Kumamoto City)");
        init.event = Some("init".into());
        assert!(crate::i18n::english_words(&subject(&init, Language::Ja)).is_empty());
        // A commit someone made with git keeps its words.
        assert_eq!(subject(&info("Fix typo"), Language::Ja), "Fix typo");
    }
}
