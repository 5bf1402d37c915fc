//! Errors of the core. Short messages, causes kept in `#[source]`; the CLI adds hints and
//! exit codes at the edge.

use std::path::PathBuf;

/// Everything the core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {action} {path}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is not a kaikaku workspace (no kaikaku.ron)")]
    NotAWorkspace(PathBuf),
    #[error("cannot read the workspace directory {}", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the workspace is open read-only ({0})")]
    ReadOnly(String),
    #[error("unsafe id: {0}")]
    UnsafeId(String),
    #[error("{path} has errors and is left untouched")]
    Broken { path: String },
    #[error("cannot serialise {what}")]
    Serialize {
        what: String,
        #[source]
        source: ron::Error,
    },
    #[error("no {what} \"{id}\"")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{0} is not inside a git repository")]
    NotARepository(PathBuf),
    #[error("no revision \"{rev}\" in the repository")]
    UnknownRevision {
        rev: String,
        #[source]
        source: git2::Error,
    },
    #[error("the git index is locked ({0} exists)")]
    IndexLocked(PathBuf),
    #[error("HEAD is detached (not on a branch)")]
    DetachedHead,
    #[error("no git identity (user.name and user.email) is configured")]
    MissingIdentity,
    #[error("the workspace has {0} problem(s); phase commits need a clean `kaikaku check`")]
    CheckFailed(usize),
    #[error("files outside the workspace data are changed: {}", .0.join(", "))]
    UnrelatedChanges(Vec<String>),
    #[error("uncommitted changes in workspace data: {}", .0.join(", "))]
    UncommittedData(Vec<String>),
    #[error("{0}")]
    PhaseOrder(String),
    #[error("plan revisions need a reason: {}", .0.join("; "))]
    MissingReasons(Vec<String>),
    /// A plan revision (target, node added, retired or moved, indicator) asked for without
    /// a reason while the plan is in force.
    #[error("{0} needs a reason: the plan is in force, so the revision is recorded with why")]
    ReasonRequired(String),
    #[error(transparent)]
    PlanEdit(#[from] crate::model::plan_edit::EditError),
    #[error("signing failed: {0}")]
    Signing(String),
    #[error("tag {0} already exists")]
    TagExists(String),
    #[error("no remote configured for sync")]
    NoRemote,
    /// The repository has no git remote of that name; `suggested` is a URL that committed
    /// data names, which is never contacted until the user adds it.
    #[error("the repository has no git remote \"{name}\"{}", suggested.as_ref().map(|u| format!(" (kaikaku.ron names {u}, which is not contacted unless you add it)")).unwrap_or_default())]
    RemoteMissing {
        name: String,
        suggested: Option<String>,
    },
    /// The system git could not fetch or push (network, authentication, server).
    #[error("{what}: {detail}")]
    Transport { what: String, detail: String },
    #[error("sync stopped on {} conflicting item(s)", .0.len())]
    Conflict(Vec<String>),
    #[error("the remote branch moved on while syncing ({0})")]
    PushRejected(String),
    #[error("refusing to use {}: {why}", .path.display())]
    UnsafeRuntime {
        path: PathBuf,
        why: crate::store::runtime::Unsafe,
    },
    #[error(
        "{path} changed on disk since kaikaku read it; not overwritten (the change made here is kept, unsaved)"
    )]
    ChangedOnDisk { path: String },
    #[error("{path} would not load as written ({reason}); nothing was written")]
    WouldNotLoad { path: String, reason: String },
    /// A write the minutes' lifecycle refuses (confirmed minutes are immutable).
    #[error(transparent)]
    Lifecycle(#[from] crate::model::lifecycle::LifecycleError),
    #[error("git: {message}")]
    Git {
        message: String,
        #[source]
        source: Option<git2::Error>,
    },
}

impl Error {
    /// The message with every cause after it (`cannot write x: No space left on device`),
    /// sanitised: what users read at the edge, in the CLI and the TUI alike.
    pub fn chain(&self) -> String {
        let mut message = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        crate::model::sanitize_inline(&message)
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub fn git(message: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            message: message.into(),
            source: Some(source),
        }
    }
}

impl Error {
    /// The message in the user's language, sanitised: the errors a secretariat meets while
    /// working (a file changed under it, a refused runtime path) in Japanese too; the rest as
    /// [`Error::chain`].
    pub fn localized(&self, lang: crate::model::Language) -> String {
        use crate::model::{Language, sanitize_inline};
        let message = match (self, lang) {
            (Error::UnsafeRuntime { path, why }, Language::Ja) => {
                format!("{} を使いません: {}", path.display(), why.describe(lang))
            }
            (Error::WouldNotLoad { path, reason }, Language::Ja) => {
                format!(
                    "{path} は書き込むと読み込めない内容になるため、書き込みませんでした（{reason}）"
                )
            }
            (Error::ChangedOnDisk { path }, Language::Ja) => format!(
                "{path} は読み込んだ後に他で変更されたため、上書きしませんでした（この変更は未保存のままです）"
            ),
            // The one refusal a first-time user meets: the fix in the UI language, from
            // beside the identity rules.
            (Error::Lifecycle(refused), _) => refused.localized(lang),
            (Error::MissingIdentity, _) => crate::history::repo::missing_identity_hint(lang),
            _ => return self.chain(),
        };
        sanitize_inline(&message)
    }
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
