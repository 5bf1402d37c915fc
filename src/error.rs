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
    #[error("git: {message}")]
    Git {
        message: String,
        #[source]
        source: Option<git2::Error>,
    },
}

impl Error {
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

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
