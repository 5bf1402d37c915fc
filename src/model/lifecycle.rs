//! The life of minutes: draft → confirmed → published.
//!
//! A committee approves its minutes (確定) at or after the next meeting; from then on the
//! text is the record and never changes. Publishing (公開) only says the approved text is
//! on the city's site. The rules live here, free of I/O, so the store refuses every write
//! that breaks them (whoever asks: CLI, TUI, settings edits) and `check`/`audit` judge
//! history by the same definition.

use super::meeting::{Meeting, MeetingStatus};
use super::settings::Language;

/// A lifecycle step or write the rules refuse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// A change to minutes that are confirmed or published.
    #[error("minutes {id} are {} and cannot change; nothing was written", english(*.status))]
    Immutable { id: String, status: MeetingStatus },
    /// `confirm` of minutes that are past draft, or `publish` of published ones.
    #[error("minutes {id} are already {}", english(*.status))]
    Already { id: String, status: MeetingStatus },
    /// `publish` of a draft.
    #[error("minutes {id} are a draft: confirm them before publishing")]
    NotConfirmed { id: String },
}

fn english(status: MeetingStatus) -> &'static str {
    status_label(status, Language::En)
}

/// How a status is named to users.
pub fn status_label(status: MeetingStatus, lang: Language) -> &'static str {
    match status {
        MeetingStatus::Draft => lang.pick("草案", "draft"),
        MeetingStatus::Confirmed => lang.pick("確定済み", "confirmed"),
        MeetingStatus::Published => lang.pick("公開済み", "published"),
    }
}

impl crate::i18n::Localize for LifecycleError {
    fn message(&self, lang: Language) -> String {
        self.localized(lang)
    }
}

impl LifecycleError {
    /// The message in the user's language.
    pub fn localized(&self, lang: Language) -> String {
        match (self, lang) {
            (_, Language::En) => self.to_string(),
            (LifecycleError::Immutable { id, status }, Language::Ja) => format!(
                "議事録 {id} は{}のため変更できません。何も書き込んでいません",
                status_label(*status, lang)
            ),
            (LifecycleError::Already { id, status }, Language::Ja) => {
                format!("議事録 {id} はすでに{}です", status_label(*status, lang))
            }
            (LifecycleError::NotConfirmed { id }, Language::Ja) => {
                format!("議事録 {id} は草案です。公開の前に確定してください")
            }
        }
    }

    /// What to do instead.
    pub fn hint(&self, lang: Language) -> &'static str {
        match self {
            LifecycleError::Immutable { .. } => lang.pick(
                "確定した議事録の訂正は、委員会の承認を得て新しい版として記録してください（git の履歴が元の確定版を保ちます）",
                "confirmed minutes are the record: a correction approved by the committee goes into a new record (git keeps the confirmed text)",
            ),
            LifecycleError::Already { .. } => lang.pick(
                "状態は `kaikaku show` や TUI の会議画面で確認できます",
                "see the status with `kaikaku show` or on the TUI's meeting screen",
            ),
            LifecycleError::NotConfirmed { .. } => {
                lang.pick("kaikaku meeting confirm ID", "run kaikaku meeting confirm ID")
            }
        }
    }
}

/// Whether saving `new` over the stored `old` keeps the rules: drafts change freely (and
/// may become confirmed); confirmed minutes may only become published, unchanged otherwise;
/// published minutes stay as they are. Saving identical minutes is always allowed.
pub fn check_save(old: &Meeting, new: &Meeting) -> Result<(), LifecycleError> {
    if old == new {
        return Ok(());
    }
    match (old.status, new.status) {
        (MeetingStatus::Draft, MeetingStatus::Draft | MeetingStatus::Confirmed) => Ok(()),
        (MeetingStatus::Draft, MeetingStatus::Published) => {
            Err(LifecycleError::NotConfirmed { id: old.id.clone() })
        }
        (MeetingStatus::Confirmed, MeetingStatus::Published)
            if same_but_status(old, new, MeetingStatus::Confirmed) =>
        {
            Ok(())
        }
        (status, _) => Err(LifecycleError::Immutable {
            id: old.id.clone(),
            status,
        }),
    }
}

fn same_but_status(old: &Meeting, new: &Meeting, status: MeetingStatus) -> bool {
    let mut normalised = new.clone();
    normalised.status = status;
    &normalised == old
}

/// Confirms draft minutes.
pub fn confirm(meeting: &mut Meeting) -> Result<(), LifecycleError> {
    match meeting.status {
        MeetingStatus::Draft => {
            meeting.status = MeetingStatus::Confirmed;
            Ok(())
        }
        status => Err(LifecycleError::Already {
            id: meeting.id.clone(),
            status,
        }),
    }
}

/// Marks confirmed minutes as published.
pub fn publish(meeting: &mut Meeting) -> Result<(), LifecycleError> {
    match meeting.status {
        MeetingStatus::Confirmed => {
            meeting.status = MeetingStatus::Published;
            Ok(())
        }
        MeetingStatus::Draft => Err(LifecycleError::NotConfirmed {
            id: meeting.id.clone(),
        }),
        MeetingStatus::Published => Err(LifecycleError::Already {
            id: meeting.id.clone(),
            status: MeetingStatus::Published,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meeting_draft::{Header, draft};
    use crate::model::settings::Committee;

    fn meeting() -> Meeting {
        let committee: Committee =
            ron::from_str("(id: \"c\", name: \"委員会\", members: [])").expect("committee");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 7, 30).expect("date");
        draft(&committee, &Header::default(), date)
    }

    #[test]
    fn drafts_change_and_confirm_then_publish() {
        let mut m = meeting();
        let mut edited = m.clone();
        edited.place = "本庁舎".into();
        assert_eq!(check_save(&m, &edited), Ok(()));
        assert!(matches!(
            publish(&mut m.clone()),
            Err(LifecycleError::NotConfirmed { .. })
        ));
        let before = m.clone();
        confirm(&mut m).expect("confirm");
        assert_eq!(check_save(&before, &m), Ok(()));
        assert!(matches!(
            confirm(&mut m.clone()),
            Err(LifecycleError::Already { .. })
        ));
        let confirmed = m.clone();
        publish(&mut m).expect("publish");
        assert_eq!(check_save(&confirmed, &m), Ok(()));
        assert_eq!(check_save(&m, &m.clone()), Ok(()));
    }

    #[test]
    fn confirmed_and_published_minutes_refuse_every_change() {
        let mut confirmed = meeting();
        confirm(&mut confirmed).expect("confirm");
        let mut edited = confirmed.clone();
        edited.place = "別室".into();
        let refused = check_save(&confirmed, &edited).expect_err("refused");
        assert!(refused.localized(Language::Ja).contains("確定済み"));
        assert!(refused.to_string().contains("confirmed"));
        // Publishing while changing something else is still a change.
        edited.status = MeetingStatus::Published;
        assert!(check_save(&confirmed, &edited).is_err());
        // Back to draft is a change too.
        let mut reopened = confirmed.clone();
        reopened.status = MeetingStatus::Draft;
        assert!(check_save(&confirmed, &reopened).is_err());
        let mut published = confirmed.clone();
        publish(&mut published).expect("publish");
        let mut back = published.clone();
        back.status = MeetingStatus::Confirmed;
        assert!(matches!(
            check_save(&published, &back),
            Err(LifecycleError::Immutable {
                status: MeetingStatus::Published,
                ..
            })
        ));
    }

    #[test]
    fn a_draft_cannot_skip_confirmation() {
        let m = meeting();
        let mut published = m.clone();
        published.status = MeetingStatus::Published;
        assert!(matches!(
            check_save(&m, &published),
            Err(LifecycleError::NotConfirmed { .. })
        ));
    }
}
