//! Which workspace to open: `--workspace DIR`, else the current directory when it is one,
//! else the default workspace in the user's data directory (created from the sample).

use std::path::{Path, PathBuf};

use super::SETTINGS_FILE;

/// Environment variable that overrides the data directory; tests set it so they never touch
/// the real home directory.
pub const DATA_DIR_ENV: &str = "KAIKAKU_DATA_DIR";

/// The directory of the default workspace: `$KAIKAKU_DATA_DIR/workspace`, else the platform
/// data directory (`~/.local/share/kaikaku/workspace` on Linux).
pub fn default_workspace_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("workspace"));
    }
    directories::ProjectDirs::from("", "", "kaikaku").map(|dirs| dirs.data_dir().join("workspace"))
}

/// Whether a directory holds a workspace.
pub fn is_workspace(dir: &Path) -> bool {
    dir.join(SETTINGS_FILE).is_file()
}

/// How the workspace was chosen; the UI mentions a freshly created default workspace once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Explicit(PathBuf),
    CurrentDir(PathBuf),
    Default { dir: PathBuf, exists: bool },
}

impl Choice {
    pub fn dir(&self) -> &Path {
        match self {
            Choice::Explicit(dir) | Choice::CurrentDir(dir) | Choice::Default { dir, .. } => dir,
        }
    }
}

/// Picks the workspace directory without creating anything.
pub fn choose(explicit: Option<&Path>) -> Option<Choice> {
    if let Some(dir) = explicit {
        return Some(Choice::Explicit(dir.to_path_buf()));
    }
    if let Ok(cwd) = std::env::current_dir()
        && is_workspace(&cwd)
    {
        return Some(Choice::CurrentDir(cwd));
    }
    let dir = default_workspace_dir()?;
    let exists = is_workspace(&dir);
    Some(Choice::Default { dir, exists })
}
