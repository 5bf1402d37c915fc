//! Confirming and publishing minutes in the workspace: the step is checked against the
//! lifecycle rules ([`crate::model::lifecycle`]), against `kaikaku check`, and against the
//! live journal, then written atomically like any other save.

use crate::error::{Error, Result};
use crate::model::lifecycle;

use super::Diagnostic;
use super::workspace::Workspace;

/// Why a confirmation cannot happen yet, besides the lifecycle itself.
#[derive(Debug)]
pub enum NotReady {
    /// `kaikaku check` finds problems in the minutes; confirmed minutes could never be fixed.
    Problems(Vec<Diagnostic>),
    /// The live journal holds statements or a half-typed one not yet in the minutes file
    /// (a meeting screen that crashed and was not reopened): confirming now would freeze
    /// minutes without them.
    UnsavedJournal,
}

impl Workspace {
    /// Confirms the draft minutes `id`: afterwards every change to them is refused.
    /// `Ok(Err(..))` when the minutes are not ready; nothing is written then.
    pub fn confirm_meeting(&mut self, id: &str) -> Result<std::result::Result<(), NotReady>> {
        let mut meeting = self.meeting(id).cloned().ok_or_else(|| Error::NotFound {
            what: "meeting",
            id: id.into(),
        })?;
        lifecycle::confirm(&mut meeting)?;
        if self.journal_has_unsaved(id) {
            return Ok(Err(NotReady::UnsavedJournal));
        }
        let problems = self.problems_before_saving_meeting(&meeting)?;
        if !problems.is_empty() {
            return Ok(Err(NotReady::Problems(problems)));
        }
        self.save_meeting(meeting)?;
        Ok(Ok(()))
    }

    /// Marks the confirmed minutes `id` as published.
    pub fn publish_meeting(&mut self, id: &str) -> Result<()> {
        let mut meeting = self.meeting(id).cloned().ok_or_else(|| Error::NotFound {
            what: "meeting",
            id: id.into(),
        })?;
        lifecycle::publish(&mut meeting)?;
        self.save_meeting(meeting)
    }

    /// Whether the meeting's live journal would change its minutes when replayed, or holds
    /// typed text. Read only: the journal is neither created nor cut here. An unreadable
    /// journal counts as unsaved (better to refuse than to freeze minutes missing words).
    pub fn journal_has_unsaved(&self, id: &str) -> bool {
        let Some(root) = &self.root else {
            return false;
        };
        let Some(meeting) = self.meeting(id) else {
            return false;
        };
        let path = super::journal::journal_path(root, id);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
            Err(_) => return true,
        };
        let (entries, _) = super::journal::decode(&bytes);
        let mut replayed = meeting.clone();
        let draft = super::journal::replay(&mut replayed, &entries);
        replayed != *meeting || !draft.text.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meeting::MeetingStatus;

    const ID: &str = "2021-03-22-kaikaku-suishin-1";

    fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(dir.path()).expect("sample");
        let mut workspace = Workspace::load(dir.path()).expect("load");
        // The sample minutes are published; start them over as a draft.
        let mut meeting = workspace.meeting(ID).cloned().expect("sample minutes");
        meeting.status = MeetingStatus::Draft;
        let path = format!("minutes/{ID}.ron");
        let text = crate::store::canonical::to_canonical(&meeting).expect("ron");
        std::fs::write(dir.path().join(&path), text).expect("write");
        workspace = Workspace::load(dir.path()).expect("reload");
        (dir, workspace)
    }

    #[test]
    fn confirmed_minutes_refuse_a_save_and_keep_the_file() {
        let (dir, mut workspace) = workspace();
        workspace.confirm_meeting(ID).expect("io").expect("ready");
        let path = dir.path().join(format!("minutes/{ID}.ron"));
        let confirmed = std::fs::read_to_string(&path).expect("read");
        assert!(confirmed.contains("status: confirmed"));
        let mut edited = workspace.meeting(ID).cloned().expect("meeting");
        edited.statements[0].text.push_str("（追記）");
        let refused = workspace.save_meeting(edited).expect_err("refused");
        assert!(matches!(refused, Error::Lifecycle(_)), "{refused:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), confirmed);
        workspace.publish_meeting(ID).expect("publish");
        assert!(
            std::fs::read_to_string(&path)
                .expect("read")
                .contains("status: published")
        );
        assert!(workspace.publish_meeting(ID).is_err());
    }

    #[test]
    fn an_unsaved_journal_blocks_confirmation() {
        let (dir, mut workspace) = workspace();
        let (mut journal, _) = super::super::journal::Journal::open(dir.path(), ID).expect("open");
        journal
            .append(&super::super::journal::Entry::Draft(
                super::super::journal::Draft {
                    text: "途中の発言".into(),
                    ..Default::default()
                },
            ))
            .expect("append");
        assert!(matches!(
            workspace.confirm_meeting(ID).expect("io"),
            Err(NotReady::UnsavedJournal)
        ));
        assert_eq!(
            workspace.meeting(ID).map(|m| m.status),
            Some(MeetingStatus::Draft)
        );
    }
}
