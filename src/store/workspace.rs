//! Loading a whole workspace, checking it, and saving its files canonically and atomically.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::write_atomic_with;
use super::canonical::{options, to_canonical};
use super::diagnostic::{Diagnostic, line_column, locate};
use super::fs_layer::{FsLayer, create_dir_durable, std_fs};
use super::source::{DirSource, ReadProblem, Source};
use super::{MINUTES_DIR, PLANS_DIR, RESPONSES_DIR, SETTINGS_FILE};
use crate::error::{Error, Result};
use crate::model::response::{ResponseFile, validate_responses};
use crate::model::validate::{FileRef, Locator, Problem, check_id, validate};
use crate::model::{Meeting, Plan, Settings};

/// A parsed file together with the text it was read from.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    /// Path relative to the workspace root (`plans/x.ron`).
    pub path: String,
    /// The text as last read or written; compared with the canonical form by `fmt`.
    pub text: String,
    pub value: T,
}

/// Everything in a workspace that could be read, and what could not.
#[derive(Debug)]
pub struct Workspace {
    /// Where saves go; `None` for a read-only view (a git revision).
    pub root: Option<PathBuf>,
    /// A directory or a revision, for titles and messages.
    pub origin: String,
    pub settings: Option<Loaded<Settings>>,
    pub plans: Vec<Loaded<Plan>>,
    pub meetings: Vec<Loaded<Meeting>>,
    /// `responses/<meeting-id>.ron`: the city's responses to each meeting's comments.
    pub responses: Vec<Loaded<ResponseFile>>,
    /// Files that failed to load, with the reason; they are never overwritten.
    pub load_errors: Vec<Diagnostic>,
    broken: BTreeSet<String>,
    read_only: Option<String>,
    /// Every write into the workspace goes through this layer: the real file system, or in
    /// tests a simulated disk that cuts power or fails an fsync.
    fs: Arc<dyn FsLayer>,
}

fn hint_for(code: &ron::Error) -> Option<&'static str> {
    use ron::Error as E;
    Some(match code {
        E::NoSuchStructField { .. } => {
            "remove the field or fix its spelling (fields are listed in the README's file format section)"
        }
        E::MissingStructField { .. } => "add the missing field",
        E::DuplicateStructField { .. } => "keep the field once",
        E::NoSuchEnumVariant { .. } => "use one of the values listed",
        E::Eof | E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedOptionEnd => {
            "the file ends early or a bracket is unbalanced; it may have been cut off"
        }
        E::ExpectedComma | E::ExpectedMapColon | E::UnexpectedChar(_) | E::TrailingCharacters => {
            "check this line and the one before for a missing comma, colon or bracket"
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            "strings are written in double quotes; figures too, e.g. \"48.9\""
        }
        E::ExpectedInteger | E::IntegerOutOfBounds => {
            "years and counts are plain integers, e.g. 2024"
        }
        E::ExceededRecursionLimit => {
            "the file nests far deeper than any plan; it is probably corrupt"
        }
        E::Message(message)
            if message.contains("is not a number") || message.contains("plain form") =>
        {
            "figures are plain digits in quotes: \"48.9\", \"107087\", \"-4.4\""
        }
        E::Message(_) | E::InvalidValueForType { .. } => return None,
        _ => "compare with a file written by `kaikaku fmt`",
    })
}

/// Parses one file strictly into `T`, pinning any error to `path:line:column`.
pub fn parse_text<T: DeserializeOwned>(
    path: &str,
    bytes: Vec<u8>,
) -> Result<Loaded<T>, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_column(&prefix, prefix.len());
            return Err(Diagnostic {
                path: path.to_string(),
                line,
                column,
                message: "invalid UTF-8".into(),
                hint: Some("save the file as UTF-8 (not Shift_JIS)".into()),
            });
        }
    };
    match options().from_str::<T>(&text) {
        Ok(value) => Ok(Loaded {
            path: path.to_string(),
            text,
            value,
        }),
        Err(error) => Err(Diagnostic {
            path: path.to_string(),
            line: error.span.start.line.max(1),
            column: error.span.start.col.max(1),
            message: error.code.to_string(),
            hint: hint_for(&error.code).map(str::to_string),
        }),
    }
}

fn read_problem(path: &str, problem: ReadProblem) -> Diagnostic {
    let (message, hint) = match problem {
        ReadProblem::TooLarge(size) => (
            format!(
                "file is {size} bytes, over the {} byte limit",
                super::source::MAX_FILE_BYTES
            ),
            "workspace files are small; this one is probably not a kaikaku file",
        ),
        ReadProblem::OutsideWorkspace(target) => (
            format!(
                "symbolic link points outside the workspace ({})",
                target.display()
            ),
            "replace the link with the file itself",
        ),
        ReadProblem::NotAFile => (
            "not a regular file".into(),
            "remove it or move it out of the workspace",
        ),
        ReadProblem::Io(error) => (
            format!("cannot read: {error}"),
            "check the file's permissions",
        ),
    };
    Diagnostic::at_start(path, message, Some(hint))
}

impl Workspace {
    /// Loads the workspace in `root`. Only an unreadable directory or a missing `kaikaku.ron`
    /// is an error; broken files become diagnostics and the rest loads.
    pub fn load(root: &Path) -> Result<Workspace> {
        let source = DirSource::new(root)?;
        if !source.has_settings() {
            return Err(Error::NotAWorkspace(root.to_path_buf()));
        }
        Self::load_from(&source)
    }

    /// Loads from any source; sources without a root are read-only.
    pub fn load_from(source: &dyn Source) -> Result<Workspace> {
        let mut workspace = Workspace {
            root: source.root().map(Path::to_path_buf),
            origin: source.describe(),
            settings: None,
            plans: Vec::new(),
            meetings: Vec::new(),
            responses: Vec::new(),
            load_errors: Vec::new(),
            broken: BTreeSet::new(),
            read_only: if source.root().is_some() {
                None
            } else {
                Some(source.describe())
            },
            fs: std_fs(),
        };
        if source.has_settings() {
            workspace.settings = workspace.load_one::<Settings>(source, SETTINGS_FILE);
        } else {
            workspace.load_errors.push(Diagnostic::at_start(
                SETTINGS_FILE,
                "missing settings file",
                Some("run `kaikaku init` to create a workspace"),
            ));
        }
        for name in source.list(PLANS_DIR)? {
            let path = format!("{PLANS_DIR}/{name}");
            if let Some(plan) = workspace.load_one::<Plan>(source, &path) {
                workspace.check_file_name(&plan, &plan.value.id);
                workspace.plans.push(plan);
            }
        }
        for name in source.list(MINUTES_DIR)? {
            let path = format!("{MINUTES_DIR}/{name}");
            if let Some(meeting) = workspace.load_one::<Meeting>(source, &path) {
                workspace.check_file_name(&meeting, &meeting.value.id);
                workspace.meetings.push(meeting);
            }
        }
        for name in source.list(RESPONSES_DIR)? {
            let path = format!("{RESPONSES_DIR}/{name}");
            if let Some(file) = workspace.load_one::<ResponseFile>(source, &path) {
                workspace.check_file_name_field(&file, "meeting", &file.value.meeting);
                workspace.responses.push(file);
            }
        }
        Ok(workspace)
    }

    fn load_one<T: DeserializeOwned>(
        &mut self,
        source: &dyn Source,
        path: &str,
    ) -> Option<Loaded<T>> {
        let result = source
            .read(path)
            .map_err(|problem| read_problem(path, problem))
            .and_then(|bytes| parse_text::<T>(path, bytes));
        match result {
            Ok(loaded) => Some(loaded),
            Err(diagnostic) => {
                self.broken.insert(path.to_string());
                self.load_errors.push(diagnostic);
                None
            }
        }
    }

    /// A file must be named after the id inside it, or saves would go to another file.
    fn check_file_name<T>(&mut self, loaded: &Loaded<T>, id: &str) {
        self.check_file_name_field(loaded, "id", id);
    }

    /// Like `check_file_name`, for files keyed by another field (`meeting` in responses).
    fn check_file_name_field<T>(&mut self, loaded: &Loaded<T>, field: &str, id: &str) {
        let stem = loaded
            .path
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".ron"))
            .unwrap_or("");
        // An unsafe id is reported by validation; suggesting it as a file name would be wrong.
        if stem != id && check_id(id).is_ok() {
            let (line, column) = locate(
                &loaded.text,
                &crate::model::validate::Locator::field(field, id),
            );
            self.load_errors.push(Diagnostic {
                path: loaded.path.clone(),
                line,
                column,
                message: format!(
                    "{field} \"{}\" does not match the file name \"{stem}.ron\"",
                    crate::model::sanitize_inline(id)
                ),
                hint: Some(format!(
                    "rename the file to {}.ron or change the {field}",
                    crate::model::sanitize_inline(id)
                )),
            });
        }
    }

    /// The file layer saves and the meeting journal write through.
    pub fn fs_layer(&self) -> Arc<dyn FsLayer> {
        Arc::clone(&self.fs)
    }

    /// Swaps the file layer: for tests that put a simulated disk (power cuts, failing fsync)
    /// under the real save and journal code.
    pub fn set_fs_layer(&mut self, fs: Arc<dyn FsLayer>) {
        self.fs = fs;
    }

    /// Marks the workspace read-only (time travel, or another instance holds the lock).
    pub fn set_read_only(&mut self, reason: impl Into<String>) {
        self.read_only = Some(reason.into());
    }

    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some() || self.root.is_none()
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref().map(|s| &s.value)
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().map(|p| &p.value).find(|p| p.id == id)
    }

    pub fn plan_mut(&mut self, id: &str) -> Option<&mut Plan> {
        self.plans
            .iter_mut()
            .map(|p| &mut p.value)
            .find(|p| p.id == id)
    }

    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().map(|m| &m.value).find(|m| m.id == id)
    }

    pub fn meeting_mut(&mut self, id: &str) -> Option<&mut Meeting> {
        self.meetings
            .iter_mut()
            .map(|m| &mut m.value)
            .find(|m| m.id == id)
    }

    /// The responses to a meeting's comments, when its file exists.
    pub fn responses(&self, meeting: &str) -> Option<&ResponseFile> {
        self.responses
            .iter()
            .map(|r| &r.value)
            .find(|r| r.meeting == meeting)
    }

    /// Every problem: files that did not load, and broken invariants among those that did,
    /// sorted by path and position.
    pub fn check(&self) -> Vec<Diagnostic> {
        let plans: Vec<&Plan> = self.plans.iter().map(|p| &p.value).collect();
        let meetings: Vec<&Meeting> = self.meetings.iter().map(|m| &m.value).collect();
        let mut out = self.load_errors.clone();
        let mut problems = validate(self.settings(), &plans, &meetings);
        problems.extend(self.response_problems());
        for problem in problems {
            let file = match &problem.file {
                FileRef::Settings => self
                    .settings
                    .as_ref()
                    .map(|s| (s.path.as_str(), s.text.as_str())),
                FileRef::Plan(id) => self
                    .plans
                    .iter()
                    .find(|p| &p.value.id == id)
                    .map(|p| (p.path.as_str(), p.text.as_str())),
                FileRef::Meeting(id) => self
                    .meetings
                    .iter()
                    .find(|m| &m.value.id == id)
                    .map(|m| (m.path.as_str(), m.text.as_str())),
                FileRef::Responses(id) => self
                    .responses
                    .iter()
                    .find(|r| &r.value.meeting == id)
                    .map(|r| (r.path.as_str(), r.text.as_str())),
            };
            let Some((path, text)) = file else { continue };
            let (line, column) = locate(text, &problem.at);
            out.push(Diagnostic {
                path: path.to_string(),
                line,
                column,
                message: problem.message,
                hint: problem.hint,
            });
        }
        out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        out.dedup();
        out
    }

    /// Broken invariants of the responses files, as workspace problems. A responses file
    /// whose meeting is missing is reported only when the minutes did not fail to load:
    /// otherwise the broken minutes are the real problem and already reported.
    fn response_problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for loaded in &self.responses {
            let file = &loaded.value;
            let meeting = self.meeting(&file.meeting);
            let file_ref = FileRef::Responses(file.meeting.clone());
            let minutes_path = format!("{MINUTES_DIR}/{}.ron", file.meeting);
            if meeting.is_none() && !self.broken.contains(&minutes_path) {
                out.push(Problem {
                    file: file_ref.clone(),
                    at: Locator::field("meeting", &file.meeting),
                    message: format!(
                        "responses for meeting \"{}\", which has no minutes",
                        file.meeting
                    ),
                    hint: Some(format!(
                        "minutes live in {MINUTES_DIR}/<meeting-id>.ron; fix the meeting id or restore the minutes"
                    )),
                });
            }
            // Without the minutes, statement references cannot be checked; the rest can.
            for problem in validate_responses(file, meeting, self.settings()) {
                out.push(Problem {
                    file: file_ref.clone(),
                    at: problem.at,
                    message: problem.message,
                    hint: problem.hint,
                });
            }
        }
        out
    }

    /// Files whose text differs from their canonical form, with that form.
    pub fn non_canonical(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        if let Some(settings) = &self.settings {
            push_if_changed(&mut out, settings)?;
        }
        for plan in &self.plans {
            push_if_changed(&mut out, plan)?;
        }
        for meeting in &self.meetings {
            push_if_changed(&mut out, meeting)?;
        }
        for responses in &self.responses {
            push_if_changed(&mut out, responses)?;
        }
        Ok(out)
    }

    /// Writes a file of the workspace atomically, refusing read-only views, unsafe paths and
    /// files that failed to load (their content would be lost).
    pub fn write_file(&mut self, rel: &str, text: &str) -> Result<()> {
        if let Some(reason) = &self.read_only {
            return Err(Error::ReadOnly(reason.clone()));
        }
        let Some(root) = &self.root else {
            return Err(Error::ReadOnly(self.origin.clone()));
        };
        if self.broken.contains(rel) {
            return Err(Error::Broken {
                path: rel.to_string(),
            });
        }
        let target = root.join(rel);
        if let Some(dir) = target.parent() {
            create_dir_durable(&*self.fs, dir)
                .map_err(|e| Error::io("create directory", dir, e))?;
            // `plans/` or `minutes/` may be a link to elsewhere; a save must not follow it.
            let inside = std::fs::canonicalize(root)
                .and_then(|root| Ok(std::fs::canonicalize(dir)?.starts_with(root)))
                .map_err(|e| Error::io("resolve", dir, e))?;
            if !inside {
                return Err(Error::Invalid(format!(
                    "{} leads outside the workspace; refusing to write there",
                    crate::model::sanitize_inline(rel)
                )));
            }
        }
        write_atomic_with(&*self.fs, &target, text.as_bytes())
    }

    /// Saves the settings file canonically.
    pub fn save_settings(&mut self) -> Result<()> {
        let Some(settings) = &self.settings else {
            return Err(Error::Broken {
                path: SETTINGS_FILE.into(),
            });
        };
        let text = serialize(&settings.value, SETTINGS_FILE)?;
        self.write_file(SETTINGS_FILE, &text)?;
        if let Some(settings) = &mut self.settings {
            settings.text = text;
        }
        Ok(())
    }

    /// Saves one plan canonically to `plans/<id>.ron`; a plan not loaded yet is added.
    pub fn save_plan(&mut self, plan: Plan) -> Result<()> {
        check_id(&plan.id).map_err(Error::UnsafeId)?;
        let path = format!("{PLANS_DIR}/{}.ron", plan.id);
        let text = serialize(&plan, &path)?;
        self.write_file(&path, &text)?;
        match self.plans.iter_mut().find(|p| p.value.id == plan.id) {
            Some(loaded) => {
                loaded.text = text;
                loaded.value = plan;
            }
            None => self.plans.push(Loaded {
                path,
                text,
                value: plan,
            }),
        }
        Ok(())
    }

    /// Saves the loaded plan with this id as it is in memory.
    pub fn save_plan_by_id(&mut self, id: &str) -> Result<()> {
        let plan = self.plan(id).cloned().ok_or_else(|| Error::NotFound {
            what: "plan",
            id: id.into(),
        })?;
        self.save_plan(plan)
    }

    /// Saves one meeting canonically to `minutes/<id>.ron`.
    pub fn save_meeting(&mut self, meeting: Meeting) -> Result<()> {
        check_id(&meeting.id).map_err(Error::UnsafeId)?;
        let path = format!("{MINUTES_DIR}/{}.ron", meeting.id);
        let text = serialize(&meeting, &path)?;
        self.write_file(&path, &text)?;
        match self.meetings.iter_mut().find(|m| m.value.id == meeting.id) {
            Some(loaded) => {
                loaded.text = text;
                loaded.value = meeting;
            }
            None => self.meetings.push(Loaded {
                path,
                text,
                value: meeting,
            }),
        }
        Ok(())
    }

    /// Saves the responses to one meeting canonically to `responses/<meeting-id>.ron`; a file
    /// not loaded yet is added. A broken file of that name is refused by `write_file`.
    pub fn save_responses(&mut self, file: ResponseFile) -> Result<()> {
        check_id(&file.meeting).map_err(Error::UnsafeId)?;
        let path = format!("{RESPONSES_DIR}/{}.ron", file.meeting);
        let text = serialize(&file, &path)?;
        self.write_file(&path, &text)?;
        match self
            .responses
            .iter_mut()
            .find(|r| r.value.meeting == file.meeting)
        {
            Some(loaded) => {
                loaded.text = text;
                loaded.value = file;
            }
            None => self.responses.push(Loaded {
                path,
                text,
                value: file,
            }),
        }
        Ok(())
    }

    /// Rewrites every non-canonical file; returns the paths rewritten.
    pub fn format_all(&mut self) -> Result<Vec<String>> {
        let changes = self.non_canonical()?;
        for (path, text) in &changes {
            self.write_file(path, text)?;
        }
        let texts: std::collections::HashMap<&str, &str> = changes
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let update = |path: &str, text: &mut String| {
            if let Some(new) = texts.get(path) {
                *text = (*new).to_string();
            }
        };
        if let Some(settings) = &mut self.settings {
            update(&settings.path, &mut settings.text);
        }
        for plan in &mut self.plans {
            update(&plan.path, &mut plan.text);
        }
        for meeting in &mut self.meetings {
            update(&meeting.path, &mut meeting.text);
        }
        for responses in &mut self.responses {
            update(&responses.path, &mut responses.text);
        }
        Ok(changes.into_iter().map(|(path, _)| path).collect())
    }
}

fn serialize<T: Serialize>(value: &T, what: &str) -> Result<String> {
    to_canonical(value).map_err(|source| Error::Serialize {
        what: what.to_string(),
        source,
    })
}

fn push_if_changed<T: Serialize>(
    out: &mut Vec<(String, String)>,
    loaded: &Loaded<T>,
) -> Result<()> {
    let canonical = serialize(&loaded.value, &loaded.path)?;
    if canonical != loaded.text {
        out.push((loaded.path.clone(), canonical));
    }
    Ok(())
}
