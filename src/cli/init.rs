//! `kaikaku init DIR [--sample]`: a new workspace, git-initialised with a first commit.

use std::path::{Path, PathBuf};

use super::{CliError, CliResult};
use crate::model::{Settings, StatusCategory, StatusDef};
use crate::store::{atomic, canonical, location, sample};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to create the workspace in (created if missing; must not be a workspace).
    pub dir: PathBuf,
    /// Fill it with the bundled sample (Kumamoto's plans and committee minutes).
    #[arg(long)]
    pub sample: bool,
    /// Organisation name for an empty workspace.
    #[arg(long, default_value = "未設定")]
    pub organisation: String,
}

pub fn run(args: &Args) -> CliResult {
    if location::is_workspace(&args.dir) {
        return Err(already_a_workspace(&args.dir));
    }
    // The first commit is the workspace's baseline and names who made it: without a git
    // identity nothing is written (git would guess one from the host; kaikaku does not).
    crate::history::repo::identity_for_new_repository()?;
    if args.sample {
        create_workspace(&args.dir, true)?;
    } else {
        create_empty(&args.dir, &args.organisation)?;
    }
    super::print(&format!(
        "kaikaku: workspace created at {}\n",
        args.dir.display()
    ));
    Ok(())
}

/// The status vocabulary of a new empty workspace: the words the seeds use.
fn default_statuses() -> Vec<StatusDef> {
    let status = |id: &str, label: &str, en: &str, category| StatusDef {
        id: id.into(),
        label: label.into(),
        label_en: Some(en.into()),
        category,
    };
    vec![
        status(
            "on_plan",
            "計画通り進捗",
            "On plan",
            StatusCategory::OnTrack,
        ),
        status(
            "changed",
            "一部変更・遅れ",
            "Changed or delayed",
            StatusCategory::Delayed,
        ),
        status("completed", "完了", "Completed", StatusCategory::Completed),
        status(
            "not_started",
            "未着手",
            "Not started",
            StatusCategory::NotStarted,
        ),
        status("stopped", "中止", "Stopped", StatusCategory::Stopped),
    ]
}

fn create_empty(dir: &Path, organisation: &str) -> Result<(), CliError> {
    let _lock = prepare_dir(dir)?;
    let settings = Settings {
        organisation: organisation.to_string(),
        organisation_en: None,
        language: crate::model::Language::Ja,
        departments: Vec::new(),
        statuses: default_statuses(),
        committees: Vec::new(),
        cycle: None,
        remote: None,
        signing: None,
    };
    let text = canonical::to_canonical(&settings).map_err(|e| {
        CliError::text(
            &crate::text!(
                "設定を書き出せません（詳細: {e}）",
                "cannot write settings: {e}"
            ),
            None,
        )
    })?;
    atomic::write_atomic(&dir.join(crate::store::SETTINGS_FILE), text.as_bytes())?;
    finish(dir, "Create the workspace")
}

/// The refusal of `init` into an existing workspace.
fn already_a_workspace(dir: &Path) -> CliError {
    let dir = dir.display();
    CliError::text(
        &crate::text!(
            "{dir} はすでにワークスペースです",
            "{dir} is already a workspace"
        ),
        Some(
            &(
                "別のディレクトリを指定してください",
                "choose another directory",
            )
                .into(),
        ),
    )
}

/// Creates the directories of a new workspace under the single-writer lock, which the caller
/// holds until the first commit is made: two `init`s (or two first starts creating the
/// default workspace) must not write one over the other. Whether `dir` is already a
/// workspace is decided again under the lock.
fn prepare_dir(dir: &Path) -> Result<crate::store::lock::WriterLock, CliError> {
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io("create", dir, e))?;
    let lock = super::lock_dir(dir)?;
    if location::is_workspace(dir) {
        return Err(already_a_workspace(dir));
    }
    for sub in [crate::store::PLANS_DIR, crate::store::MINUTES_DIR] {
        let path = dir.join(sub);
        std::fs::create_dir_all(&path).map_err(|e| crate::error::Error::io("create", &path, e))?;
    }
    Ok(lock)
}

fn write_ignore(dir: &Path) -> Result<(), CliError> {
    // The journal and lock live beside the data; git must never show them. An existing
    // .gitignore keeps its lines and gains the missing ones.
    let ignore = dir.join(".gitignore");
    let old = match std::fs::read_to_string(&ignore) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(crate::error::Error::io("read", &ignore, e).into()),
    };
    let mut text = old.clone();
    for line in IGNORED {
        if !old.lines().any(|l| l.trim() == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(line);
            text.push('\n');
        }
    }
    if text != old || !ignore.exists() {
        atomic::write_atomic(&ignore, text.as_bytes())?;
    }
    Ok(())
}

fn finish(dir: &Path, message: &str) -> Result<(), CliError> {
    write_ignore(dir)?;
    crate::history::repo::init_repository(dir, message)?;
    Ok(())
}

/// What a workspace's .gitignore must list: kaikaku's runtime directory and the temp files
/// of saves.
const IGNORED: [&str; 2] = ["/.kaikaku/", ".kaikaku-tmp-*"];

/// Whether [`create_workspace`] made the baseline commit or, with no git identity, left
/// the new repository without commits (the first phase commit is then its root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Created {
    Committed,
    NoIdentity,
}

/// Creates a workspace in `dir`; with `sample`, from the embedded sample files. This is
/// the first run's default workspace, which must open even before the user has a git
/// identity: then the repository is initialised without a commit instead of under a
/// made-up name.
pub fn create_workspace(dir: &Path, sample: bool) -> Result<Created, CliError> {
    let identity = crate::history::repo::identity_for_new_repository();
    if !sample {
        create_empty(dir, "未設定")?;
        return Ok(Created::Committed);
    }
    let _lock = prepare_dir(dir)?;
    sample::write_sample(dir)?;
    if identity.is_err() {
        write_ignore(dir)?;
        crate::history::repo::init_without_commit(dir)?;
        return Ok(Created::NoIdentity);
    }
    finish(
        dir,
        "Create the workspace from the kaikaku sample (Kumamoto City)",
    )?;
    Ok(Created::Committed)
}
