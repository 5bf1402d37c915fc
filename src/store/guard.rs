//! The last checks of every save, made on the exact bytes about to replace a workspace file:
//! kaikaku's own loader must accept them, and the file on disk must still be the one the
//! workspace read (or last wrote).
//!
//! The first keeps kaikaku from writing a file it would then refuse (and stop every commit
//! on): the text is parsed back with the loader's own rules — size limit, strict parse, the
//! id matching the file name — before the rename. The second keeps an open TUI from saving
//! over a change made on disk meanwhile (an editor, a `git checkout`, a command that ran
//! without the lock): the file is compared with the text the workspace holds for it, byte for
//! byte, and a file that differs is left alone with [`Error::ChangedOnDisk`], the edit kept in
//! memory for the caller to report NOT SAVED. When the save would write exactly what was read
//! (nothing was edited in this file), the workspace takes the file from disk instead.
//!
//! The comparison and the rename are not one atomic step: a program writing in the
//! millisecond between them is not caught. Every kaikaku writer holds the single-writer lock,
//! so only other programs can fall into that window.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, locate};
use super::fs_layer::FsLayer;
use super::source::MAX_FILE_BYTES;
use super::workspace::{Loaded, parse_text};
use super::{MINUTES_DIR, PLANS_DIR, RESPONSES_DIR, SETTINGS_FILE, Workspace};
use crate::error::{Error, Result};
use crate::model::response::ResponseFile;
use crate::model::validate::{FileRef, Problem, check_id, validate, validate_plan};
use crate::model::{Meeting, Plan, Settings, sanitize_inline};

/// What a workspace path holds, by where it lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Settings,
    Plan,
    Meeting,
    Responses,
}

fn kind_of(rel: &str) -> Option<Kind> {
    if rel == SETTINGS_FILE {
        return Some(Kind::Settings);
    }
    let (dir, name) = rel.split_once('/')?;
    // The loader lists exactly `*.ron` (case included).
    if name.contains('/') || Path::new(name).extension().is_none_or(|e| e != "ron") {
        return None;
    }
    match dir {
        PLANS_DIR => Some(Kind::Plan),
        MINUTES_DIR => Some(Kind::Meeting),
        RESPONSES_DIR => Some(Kind::Responses),
        _ => None,
    }
}

fn would_not_load(rel: &str, reason: impl Into<String>) -> Error {
    Error::WouldNotLoad {
        path: rel.to_string(),
        reason: sanitize_inline(&reason.into()),
    }
}

/// Parses `text` as the loader would parse the file `rel` and checks the id names the file.
fn parse_back<T: DeserializeOwned>(rel: &str, text: &str, id: impl Fn(&T) -> &str) -> Result<()> {
    let loaded: Loaded<T> = parse_text(rel, text.as_bytes().to_vec())
        .map_err(|d| would_not_load(rel, format!("{}:{}: {}", d.line, d.column, d.message)))?;
    let stem = rel
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".ron"))
        .unwrap_or("");
    if rel != SETTINGS_FILE && id(&loaded.value) != stem {
        return Err(would_not_load(
            rel,
            format!(
                "its id \"{}\" does not match the file name",
                id(&loaded.value)
            ),
        ));
    }
    Ok(())
}

/// Refuses bytes the loader would refuse for `rel`: over the size limit, not parsing as the
/// file's kind, or naming another id than the file. Paths that are no workspace data file
/// are not checked (nothing loads them).
pub fn verify_loadable(rel: &str, text: &str) -> Result<()> {
    let Some(kind) = kind_of(rel) else {
        return Ok(());
    };
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(would_not_load(
            rel,
            format!(
                "it would be {} bytes, over the loader's {MAX_FILE_BYTES} byte limit",
                text.len()
            ),
        ));
    }
    match kind {
        Kind::Settings => parse_back::<Settings>(rel, text, |_| ""),
        Kind::Plan => parse_back::<Plan>(rel, text, |p| p.id.as_str()),
        Kind::Meeting => parse_back::<Meeting>(rel, text, |m| m.id.as_str()),
        Kind::Responses => parse_back::<ResponseFile>(rel, text, |r| r.meeting.as_str()),
    }
}

/// Whether the file at `target` is still what the workspace expects: `known` (the text read
/// or last written; `None` when the workspace holds no such file, so none may exist), or
/// already `new` (a previous save put it there but could not confirm it durable).
/// Paths that are no workspace data file are not compared: the workspace reads none.
pub fn unchanged_on_disk(
    fs: &dyn FsLayer,
    target: &Path,
    rel: &str,
    known: Option<&str>,
    new: &str,
) -> Result<bool> {
    if kind_of(rel).is_none() {
        return Ok(true);
    }
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(known.is_none()),
        Err(e) => return Err(Error::io("inspect", target, e)),
    };
    // A pipe is never read (it would block), and nothing the workspace read is one.
    let regular = meta.is_file()
        || (meta.file_type().is_symlink() && std::fs::metadata(target).is_ok_and(|m| m.is_file()));
    let Some(known) = known.filter(|_| regular) else {
        return Ok(false);
    };
    if meta.len() != known.len() as u64 && meta.len() != new.len() as u64 {
        return Ok(false);
    }
    let bytes = fs.read(target).map_err(|e| Error::io("read", target, e))?;
    Ok(bytes == known.as_bytes() || bytes == new.as_bytes())
}

/// Whether saving `text` to `rel` changes nothing in substance against `known`: the same
/// bytes, or the canonical form of the same value (a hand-formatted file saved unedited).
pub fn unedited(rel: &str, known: &str, text: &str) -> bool {
    fn same<T: DeserializeOwned + Serialize>(rel: &str, known: &str, text: &str) -> bool {
        parse_text::<T>(rel, known.as_bytes().to_vec())
            .ok()
            .and_then(|loaded| super::canonical::to_canonical(&loaded.value).ok())
            .is_some_and(|canonical| canonical == text)
    }
    known == text
        || match kind_of(rel) {
            Some(Kind::Settings) => same::<Settings>(rel, known, text),
            Some(Kind::Plan) => same::<Plan>(rel, known, text),
            Some(Kind::Meeting) => same::<Meeting>(rel, known, text),
            Some(Kind::Responses) => same::<ResponseFile>(rel, known, text),
            None => false,
        }
}

/// Positions problems of one file in the text it would be saved as.
fn positioned(path: &str, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|problem| {
            let (line, column) = locate(text, &problem.at);
            Diagnostic {
                path: path.to_string(),
                line,
                column,
                message: problem.message,
                hint: problem.hint,
            }
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out.dedup();
    out
}

impl Workspace {
    /// What `kaikaku check` would report about a new meeting once saved, positioned in the
    /// text it would be saved as: a command that creates it refuses before writing anything.
    pub fn problems_before_saving_meeting(&self, meeting: &Meeting) -> Result<Vec<Diagnostic>> {
        check_id(&meeting.id).map_err(Error::UnsafeId)?;
        let path = format!("{MINUTES_DIR}/{}.ron", meeting.id);
        let text = super::canonical::to_canonical(meeting).map_err(|source| Error::Serialize {
            what: path.clone(),
            source,
        })?;
        let plans: Vec<&Plan> = self.plans.iter().map(|p| &p.value).collect();
        let problems = validate(self.settings(), &plans, &[meeting])
            .into_iter()
            .filter(|p| p.file == FileRef::Meeting(meeting.id.clone()))
            .collect();
        Ok(positioned(&path, &text, problems))
    }

    /// [`Workspace::problems_before_saving_meeting`] for a new plan.
    pub fn problems_before_saving_plan(&self, plan: &Plan) -> Result<Vec<Diagnostic>> {
        check_id(&plan.id).map_err(Error::UnsafeId)?;
        let path = format!("{PLANS_DIR}/{}.ron", plan.id);
        let text = super::canonical::to_canonical(plan).map_err(|source| Error::Serialize {
            what: path.clone(),
            source,
        })?;
        Ok(positioned(
            &path,
            &text,
            validate_plan(self.settings(), plan),
        ))
    }

    /// The text the workspace holds for a file: as read, or as last written by it.
    pub fn known_text(&self, rel: &str) -> Option<&str> {
        fn find<'a, T>(files: &'a [Loaded<T>], rel: &str) -> Option<&'a str> {
            files
                .iter()
                .find(|f| f.path == rel)
                .map(|f| f.text.as_str())
        }
        match kind_of(rel)? {
            Kind::Settings => self.settings.as_ref().map(|s| s.text.as_str()),
            Kind::Plan => find(&self.plans, rel),
            Kind::Meeting => find(&self.meetings, rel),
            Kind::Responses => find(&self.responses, rel),
        }
    }

    /// Takes the file `rel` from disk into the workspace, replacing what it held: after a
    /// save found it changed there while nothing was edited here. A file that no longer loads
    /// keeps the old value and the refusal stands.
    pub(super) fn adopt_from_disk(&mut self, rel: &str) -> Result<()> {
        fn replace<T: DeserializeOwned>(
            files: &mut Vec<Loaded<T>>,
            rel: &str,
            bytes: Vec<u8>,
        ) -> Option<()> {
            let fresh = parse_text::<T>(rel, bytes).ok()?;
            match files.iter_mut().find(|f| f.path == rel) {
                Some(slot) => *slot = fresh,
                None => files.push(fresh),
            }
            Some(())
        }
        let changed = || Error::ChangedOnDisk {
            path: rel.to_string(),
        };
        let root = self.root.clone().ok_or_else(changed)?;
        let source = super::source::DirSource::new(&root)?;
        let bytes = super::source::Source::read(&source, rel).map_err(|_| changed())?;
        let adopted = match kind_of(rel) {
            Some(Kind::Settings) => parse_text::<Settings>(rel, bytes)
                .ok()
                .map(|fresh| self.settings = Some(fresh)),
            Some(Kind::Plan) => replace(&mut self.plans, rel, bytes),
            Some(Kind::Meeting) => replace(&mut self.meetings, rel, bytes),
            Some(Kind::Responses) => replace(&mut self.responses, rel, bytes),
            None => None,
        };
        adopted.ok_or_else(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_path() {
        assert_eq!(kind_of("kaikaku.ron"), Some(Kind::Settings));
        assert_eq!(kind_of("plans/a.ron"), Some(Kind::Plan));
        assert_eq!(kind_of("minutes/a.ron"), Some(Kind::Meeting));
        assert_eq!(kind_of("responses/a.ron"), Some(Kind::Responses));
        assert_eq!(kind_of("plans/sub/a.ron"), None);
        assert_eq!(kind_of(".gitignore"), None);
    }

    #[test]
    fn bytes_the_loader_refuses_are_refused() {
        let plan = "(id: \"a\", title: \"t\", organisation: \"o\", period: (from: 2024, to: 2025), levels: [])\n";
        assert!(
            verify_loadable("plans/a.ron", plan).is_ok(),
            "{:?}",
            verify_loadable("plans/a.ron", plan)
        );
        let error = verify_loadable("plans/b.ron", plan).expect_err("wrong name");
        assert!(error.to_string().contains("does not match"), "{error}");
        assert!(verify_loadable("plans/a.ron", "(id: \"a\"").is_err());
        assert!(verify_loadable("plans/a.ron", "(id: \"a\", owner: 1)").is_err());
        let huge = format!(
            "{}{}",
            plan,
            " ".repeat(usize::try_from(MAX_FILE_BYTES).expect("fits"))
        );
        let error = verify_loadable("plans/a.ron", &huge).expect_err("too large");
        assert!(error.to_string().contains("byte limit"), "{error}");
        assert!(verify_loadable(".gitignore", "anything").is_ok());
    }
}
