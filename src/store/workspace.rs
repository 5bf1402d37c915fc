//! Loading a whole workspace, checking it, and saving its files canonically and atomically.

use crate::i18n::Text;
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
use crate::model::{FiscalYear, Meeting, Period, Plan, Settings};

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
    read_only: Option<Text>,
    /// Every write into the workspace goes through this layer: the real file system, or in
    /// tests a simulated disk that cuts power or fails an fsync.
    fs: Arc<dyn FsLayer>,
}

/// Parses one file strictly into `T`, pinning any error to `path:line:column`.
#[allow(clippy::result_large_err)] // a diagnostic is the rare path, in both languages
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
                message: ("UTF-8 ではありません", "invalid UTF-8").into(),
                hint: Some(
                    (
                        "ファイルを UTF-8 で保存してください（Shift_JIS ではなく）",
                        "save the file as UTF-8 (not Shift_JIS)",
                    )
                        .into(),
                ),
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
            message: super::ron_text::message(&error.code),
            hint: super::ron_text::hint(&error.code),
        }),
    }
}

/// The `period` of a plan file, read from its head: the parser stops as soon as that field
/// is read, so a 1.3 MB plan costs a few hundred bytes of parsing. `None` when the file does
/// not parse as far as a top-level `period`.
pub fn peek_period(bytes: &[u8]) -> Option<Period> {
    use serde::de::{self, IgnoredAny, MapAccess, Visitor};

    /// Stops the parse by failing on purpose once the period is found; the value was
    /// already stored.
    const FOUND: &str = "period found";

    struct Head<'a>(&'a mut Option<Period>);

    impl<'de> Visitor<'de> for Head<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a plan")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "period" {
                    *self.0 = Some(map.next_value()?);
                    return Err(de::Error::custom(FOUND));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    let mut found = None;
    let mut deserializer = ron::Deserializer::from_bytes_with_options(bytes, &options()).ok()?;
    let _ = de::Deserializer::deserialize_struct(&mut deserializer, "Plan", &[], Head(&mut found));
    found
}

fn read_problem(path: &str, problem: ReadProblem) -> Diagnostic {
    let limit = super::source::MAX_FILE_BYTES;
    let (message, hint) = match problem {
        ReadProblem::TooLarge(size) => (
            crate::text!(
                "ファイルが {size} バイトあり、上限の {limit} バイトを超えています",
                "file is {size} bytes, over the {limit} byte limit"
            ),
            (
                "ワークスペースのファイルは小さいものです。これは kaikaku のファイルではないでしょう",
                "workspace files are small; this one is probably not a kaikaku file",
            ),
        ),
        ReadProblem::OutsideWorkspace(target) => {
            let target = target.display();
            (
                crate::text!(
                    "シンボリックリンクがワークスペースの外を指しています（{target}）",
                    "symbolic link points outside the workspace ({target})"
                ),
                (
                    "リンクをファイルそのものに置き換えてください",
                    "replace the link with the file itself",
                ),
            )
        }
        ReadProblem::NotAFile => (
            ("通常のファイルではありません", "not a regular file").into(),
            (
                "削除するか、ワークスペースの外に移してください",
                "remove it or move it out of the workspace",
            ),
        ),
        ReadProblem::Io(error) => (
            Text::new(
                format!(
                    "読めません（{}）",
                    crate::i18n::io_reason(&error, crate::model::Language::Ja)
                ),
                format!("cannot read: {error}"),
            ),
            (
                "ファイルの権限を確認してください",
                "check the file's permissions",
            ),
        ),
    };
    Diagnostic::at_start(path, message, Some(hint.into()))
}

impl Workspace {
    /// Loads the workspace in `root`. Only an unreadable directory or a missing `kaikaku.ron`
    /// is an error; broken files become diagnostics and the rest loads.
    pub fn load(root: &Path) -> Result<Workspace> {
        let source = DirSource::new(root)?;
        source.require_settings()?;
        Self::load_from(&source)
    }

    /// Loads from any source; sources without a root are read-only.
    ///
    /// The files are read in order, then parsed on all cores: the parse is nearly all of the
    /// time on a large workspace. The result (plans, meetings, diagnostics and their order)
    /// is the same as a one-by-one load, whatever the thread count.
    pub fn load_from(source: &dyn Source) -> Result<Workspace> {
        Self::load_from_with_progress(source, &|_| {})
    }

    /// Like [`Workspace::load`], reporting each file parsed (from the parsing threads, so
    /// `progress` must be cheap and thread-safe). A UI shows it while loading in the
    /// background.
    pub fn load_with_progress(
        root: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Workspace> {
        let source = DirSource::new(root)?;
        source.require_settings()?;
        Self::load_from_with_progress(&source, progress)
    }

    /// [`Workspace::load_from`], reporting each file parsed.
    pub fn load_from_with_progress(
        source: &dyn Source,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Workspace> {
        Self::load_parallel(source, parse_threads(), progress)
    }

    fn load_parallel(
        source: &dyn Source,
        threads: usize,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Workspace> {
        let mut workspace = Workspace::empty(source);
        let mut jobs = Vec::new();
        if source.has_settings() {
            jobs.push(Job::read(source, Kind::Settings, SETTINGS_FILE.to_string()));
        } else {
            workspace.load_errors.push(Diagnostic::at_start(
                SETTINGS_FILE,
                ("設定ファイルがありません", "missing settings file").into(),
                Some(
                    (
                        "`kaikaku init` でワークスペースを作成してください",
                        "run `kaikaku init` to create a workspace",
                    )
                        .into(),
                ),
            ));
        }
        for (kind, dir) in [
            (Kind::Plan, PLANS_DIR),
            (Kind::Meeting, MINUTES_DIR),
            (Kind::Responses, RESPONSES_DIR),
        ] {
            for name in source.list(dir)? {
                jobs.push(Job::read(source, kind, format!("{dir}/{name}")));
            }
        }
        // Results are merged in reading order, one at a time, exactly as a sequential load
        // would: only the parsing runs out of order.
        for parsed in parse_jobs(jobs, threads, progress) {
            match parsed {
                Ok(Parsed::Settings(settings)) => workspace.settings = Some(settings),
                Ok(Parsed::Plan(plan)) => {
                    workspace.check_file_name(&plan, &plan.value.id);
                    workspace.plans.push(plan);
                }
                Ok(Parsed::Meeting(meeting)) => {
                    workspace.check_file_name(&meeting, &meeting.value.id);
                    workspace.meetings.push(meeting);
                }
                Ok(Parsed::Responses(file)) => {
                    workspace.check_file_name_field(&file, "meeting", &file.value.meeting);
                    workspace.responses.push(file);
                }
                Err(diagnostic) => {
                    workspace.broken.insert(diagnostic.path.clone());
                    workspace.load_errors.push(diagnostic);
                }
            }
        }
        Ok(workspace)
    }

    /// A first look at the workspace in `root` for a fast start: the settings, and of the
    /// plans only the one [`Workspace::start_plan`] would pick for `year` (given the
    /// settings), found from each plan file's `period` without parsing the rest. No minutes,
    /// no responses. Costs one plan's parse whatever the workspace's size.
    ///
    /// The result is read-only with `reason`: it is incomplete, and nothing may be written
    /// against it. A full [`Workspace::load`] replaces it.
    pub fn load_preview(
        root: &Path,
        year: impl FnOnce(Option<&Settings>) -> FiscalYear,
        reason: Text,
    ) -> Result<Workspace> {
        let source = DirSource::new(root)?;
        source.require_settings()?;
        let mut workspace = Workspace::empty(&source);
        match Job::read(&source, Kind::Settings, SETTINGS_FILE.to_string()).parse() {
            Ok(Parsed::Settings(settings)) => workspace.settings = Some(settings),
            Ok(_) => {}
            Err(diagnostic) => {
                workspace.broken.insert(diagnostic.path.clone());
                workspace.load_errors.push(diagnostic);
            }
        }
        let year = year(workspace.settings());
        let paths: Vec<String> = source
            .list(PLANS_DIR)?
            .into_iter()
            .map(|name| format!("{PLANS_DIR}/{name}"))
            .collect();
        // `start_plan`'s rule: the last plan that covers the year, else the first plan; a
        // file that fails to parse is not a plan, so the next candidate is tried. Walking
        // backwards, the first covering plan that parses is the one: each file is read at
        // most once, and files before it are not read at all.
        let mut chosen = None;
        for path in paths.iter().rev() {
            let job = Job::read(&source, Kind::Plan, path.clone());
            let covers = job
                .read
                .as_deref()
                .ok()
                .and_then(peek_period)
                .is_some_and(|period| period.contains(year));
            if covers && let Ok(Parsed::Plan(plan)) = job.parse() {
                chosen = Some(plan);
                break;
            }
        }
        if chosen.is_none() {
            chosen = paths.iter().find_map(|path| {
                match Job::read(&source, Kind::Plan, path.clone()).parse() {
                    Ok(Parsed::Plan(plan)) => Some(plan),
                    _ => None,
                }
            });
        }
        if let Some(plan) = chosen {
            workspace.check_file_name(&plan, &plan.value.id);
            workspace.plans.push(plan);
        }
        workspace.set_read_only(reason);
        Ok(workspace)
    }

    /// The plan a screen opens on for `year`: the last plan (in file order) whose period
    /// covers the year, else the first one. An index into `plans`.
    pub fn start_plan(&self, year: FiscalYear) -> usize {
        self.plans
            .iter()
            .rposition(|p| p.value.period.contains(year))
            .unwrap_or(0)
    }

    /// A workspace with nothing loaded yet, read-only when the source has no root.
    fn empty(source: &dyn Source) -> Workspace {
        Workspace {
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
                Some(Text::same(source.describe()))
            },
            fs: std_fs(),
        }
    }

    /// Adds a plan parsed elsewhere (a history walk's memoised parse) as a load would: the
    /// file-name check, then the plan.
    pub fn add_parsed_plan(&mut self, plan: Loaded<Plan>) {
        self.check_file_name(&plan, &plan.value.id);
        self.plans.push(plan);
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
                message: {
                    let id = crate::model::sanitize_inline(id);
                    crate::text!(
                        "{field}「{id}」がファイル名「{stem}.ron」と一致しません",
                        "{field} \"{id}\" does not match the file name \"{stem}.ron\""
                    )
                },
                hint: Some({
                    let id = crate::model::sanitize_inline(id);
                    crate::text!(
                        "ファイル名を {id}.ron にするか、{field} を変えてください",
                        "rename the file to {id}.ron or change the {field}"
                    )
                }),
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
    pub fn set_read_only(&mut self, reason: impl Into<Text>) {
        self.read_only = Some(reason.into());
    }

    /// Why the workspace is read-only, in both languages.
    pub fn read_only_reason(&self) -> Option<&Text> {
        self.read_only.as_ref()
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
    /// What `kaikaku check` warns about without failing ([`crate::model::validate::warnings`]),
    /// positioned like the problems.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let plans: Vec<&Plan> = self.plans.iter().map(|p| &p.value).collect();
        let mut out = Vec::new();
        for problem in crate::model::validate::warnings(&plans) {
            let FileRef::Plan(id) = &problem.file else {
                continue;
            };
            let Some(file) = self.plans.iter().find(|p| &p.value.id == id) else {
                continue;
            };
            let (line, column) = locate(&file.text, &problem.at);
            out.push(Diagnostic {
                path: file.path.clone(),
                line,
                column,
                message: problem.message,
                hint: problem.hint,
            });
        }
        out
    }

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
                    message: crate::text!(
                        "議事録のない会議「{}」への対応があります",
                        "responses for meeting \"{}\", which has no minutes",
                        file.meeting
                    ),
                    hint: Some(crate::text!(
                        "議事録は {MINUTES_DIR}/<meeting-id>.ron にあります。会議の id を直すか、議事録を戻してください",
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
            return Err(Error::ReadOnly(Text::same(self.origin.clone())));
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
                return Err(Error::OutsideWorkspace(crate::model::sanitize_inline(rel)));
            }
        }
        // The exact bytes must load back, and the file must still be the one read here.
        super::guard::verify_loadable(rel, text)?;
        if !super::guard::unchanged_on_disk(&*self.fs, &target, rel, self.known_text(rel), text)? {
            return Err(Error::ChangedOnDisk {
                path: crate::model::sanitize_inline(rel),
            });
        }
        write_atomic_with(&*self.fs, &target, text.as_bytes())
    }

    /// [`Workspace::write_file`] for a save of one file: a file changed on disk while the
    /// save would write exactly what was read is taken from disk instead (nothing was
    /// edited here, so nothing is lost). `Ok(false)` then: the caller keeps the value loaded.
    fn save_file(&mut self, rel: &str, text: &str) -> Result<bool> {
        match self.write_file(rel, text) {
            Err(Error::ChangedOnDisk { .. })
                if self
                    .known_text(rel)
                    .is_some_and(|known| super::guard::unedited(rel, known, text)) =>
            {
                self.adopt_from_disk(rel)?;
                Ok(false)
            }
            other => other.map(|()| true),
        }
    }

    /// Saves the settings file canonically.
    pub fn save_settings(&mut self) -> Result<()> {
        let Some(settings) = &self.settings else {
            return Err(Error::Broken {
                path: SETTINGS_FILE.into(),
            });
        };
        let text = serialize(&settings.value, SETTINGS_FILE)?;
        if !self.save_file(SETTINGS_FILE, &text)? {
            return Ok(());
        }
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
        if !self.save_file(&path, &text)? {
            return Ok(());
        }
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
        // Confirmed minutes are the record: every writer (CLI, TUI, settings edits) is
        // refused here, before anything touches the disk.
        if let Some(stored) = self.meeting(&meeting.id) {
            crate::model::lifecycle::check_save(stored, &meeting)?;
        }
        let text = serialize(&meeting, &path)?;
        if !self.save_file(&path, &text)? {
            return Ok(());
        }
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
        if !self.save_file(&path, &text)? {
            return Ok(());
        }
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

/// How far a load has come, in files: `done` of `total` parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Threads stack size for parsing: deep (hostile) nesting recurses up to the parser's depth
/// limit, and a debug build's frames are large; the main thread's 8 MiB is what the limit was
/// checked against.
const PARSE_STACK: usize = 8 * 1024 * 1024;

/// One thread per core. The machine is shared with nothing else while a user waits for the
/// first screen, and the parse is pure CPU.
///
/// Asked once per process: the standard library reads the cgroup files under /proc and
/// /sys on every call, and a history walk loads a few files thousands of times (2 % of an
/// audit's CPU on the large workspace).
fn parse_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// What a workspace file holds, by where it lives.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Settings,
    Plan,
    Meeting,
    Responses,
}

/// A file read and waiting to be parsed.
struct Job {
    kind: Kind,
    path: String,
    read: Result<Vec<u8>, Diagnostic>,
}

impl Job {
    /// Reads on the calling thread: a `Source` (a git tree among them) need not be shared
    /// across threads, and reading is a small part of the time next to parsing.
    fn read(source: &dyn Source, kind: Kind, path: String) -> Job {
        let read = source
            .read(&path)
            .map_err(|problem| read_problem(&path, problem));
        Job { kind, path, read }
    }

    fn size(&self) -> usize {
        self.read.as_ref().map_or(0, Vec::len)
    }

    /// Parses the file; a failure is a diagnostic on this file's path.
    #[allow(clippy::result_large_err)] // a diagnostic is the rare path, in both languages
    fn parse(self) -> Result<Parsed, Diagnostic> {
        let bytes = self.read?;
        let path = self.path.as_str();
        Ok(match self.kind {
            Kind::Settings => Parsed::Settings(parse_text(path, bytes)?),
            Kind::Plan => Parsed::Plan(parse_text(path, bytes)?),
            Kind::Meeting => Parsed::Meeting(parse_text(path, bytes)?),
            Kind::Responses => Parsed::Responses(parse_text(path, bytes)?),
        })
    }
}

/// A parsed file of any kind.
enum Parsed {
    Settings(Loaded<Settings>),
    Plan(Loaded<Plan>),
    Meeting(Loaded<Meeting>),
    Responses(Loaded<ResponseFile>),
}

/// A job's place in the output: waiting, taken by a thread, or parsed.
// One slot per file, a few hundred at most: boxing the large variant would only add
// allocations.
#[allow(clippy::large_enum_variant)]
enum Slot {
    Waiting(Job),
    Taken(String),
    Done(Result<Parsed, Diagnostic>),
}

/// Parses every job on up to `threads` threads and returns the results in job order.
///
/// Threads take the next job from a shared counter, largest files first, so a 1.3 MB plan
/// never starts last while the other threads sit idle. Each result goes to its job's slot;
/// the order of the output never depends on timing.
#[allow(clippy::result_large_err)] // a diagnostic is the rare path, in both languages
fn parse_jobs(
    jobs: Vec<Job>,
    threads: usize,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<Result<Parsed, Diagnostic>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let total = jobs.len();
    progress(Progress { done: 0, total });
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].size()));
    let slots: Vec<Mutex<Slot>> = jobs
        .into_iter()
        .map(|job| Mutex::new(Slot::Waiting(job)))
        .collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let work = || {
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            // The counter hands out every index once, so no two threads share a slot; the
            // lock is held only to move the job in and the result out, never while parsing.
            let Ok(mut slot) = slots[index].lock() else {
                continue;
            };
            let Slot::Waiting(job) = std::mem::replace(&mut *slot, Slot::Taken(String::new()))
            else {
                continue;
            };
            *slot = Slot::Taken(job.path.clone());
            drop(slot);
            let parsed = job.parse();
            if let Ok(mut slot) = slots[index].lock() {
                *slot = Slot::Done(parsed);
            }
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done, total });
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.clamp(1, total.max(1)) {
            let builder = std::thread::Builder::new()
                .name("kaikaku-parse".into())
                .stack_size(PARSE_STACK);
            // A thread that cannot start only means fewer helpers: the calling thread works
            // through whatever is left. A panic in a helper resumes here when the scope ends.
            let _ = builder.spawn_scoped(scope, work);
        }
        work();
    });
    slots
        .into_iter()
        .map(|slot| {
            match slot
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
            {
                Slot::Done(result) => result,
                // Unreachable once the scope has joined every thread without a panic; should
                // it ever happen, the file is reported rather than silently left out.
                Slot::Waiting(Job { path, .. }) | Slot::Taken(path) => Err(Diagnostic::at_start(
                    &path,
                    ("ファイルが解析されませんでした", "the file was not parsed").into(),
                    Some(
                        (
                            "ワークスペースをもう一度読み込んでください",
                            "load the workspace again",
                        )
                            .into(),
                    ),
                )),
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FiscalYear;

    /// The sample workspace plus files broken in every way the fixtures know, under names that
    /// interleave with the good ones, and meetings and responses that fail or mismatch.
    fn mixed_workspace() -> tempfile::TempDir {
        let temp = tempfile::tempdir().expect("tempdir");
        let root = temp.path();
        crate::store::sample::write_sample(root).expect("sample");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
        let mut names: Vec<_> = std::fs::read_dir(&fixtures)
            .expect("fixtures")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in &names {
            let from = fixtures.join(name).join("plans/t.ron");
            std::fs::copy(&from, root.join(format!("plans/k-{name}.ron"))).expect("copy plan");
        }
        let meeting =
            std::fs::read_to_string(root.join("minutes/2021-03-22-kaikaku-suishin-1.ron"))
                .expect("sample meeting");
        for n in 0..12 {
            std::fs::write(root.join(format!("minutes/2022-{n:02}-copy.ron")), &meeting)
                .expect("copy meeting");
        }
        std::fs::write(
            root.join("minutes/2020-cut.ron"),
            &meeting.as_bytes()[..meeting.len() / 2],
        )
        .expect("cut meeting");
        std::fs::write(
            root.join("responses/no-such-meeting.ron"),
            "(meeting: \"x\")",
        )
        .expect("orphan responses");
        temp
    }

    fn summary(workspace: &Workspace) -> (Vec<String>, Vec<String>, Vec<String>, Vec<Diagnostic>) {
        (
            workspace.plans.iter().map(|p| p.path.clone()).collect(),
            workspace.meetings.iter().map(|m| m.path.clone()).collect(),
            workspace.responses.iter().map(|r| r.path.clone()).collect(),
            workspace.load_errors.clone(),
        )
    }

    #[test]
    fn parallel_load_gives_the_sequential_result() {
        let temp = mixed_workspace();
        let source = DirSource::new(temp.path()).expect("source");
        let sequential = Workspace::load_parallel(&source, 1, &|_| {}).expect("load");
        let (plans, meetings, _, errors) = summary(&sequential);
        // The mix really is mixed: good and broken files of every kind.
        assert_eq!(plans.len(), 2 + 5, "{plans:?}");
        assert_eq!(meetings.len(), 13, "{meetings:?}");
        assert!(errors.len() >= 10, "{errors:#?}");
        assert!(errors.iter().any(|d| d.path == "minutes/2020-cut.ron"));
        assert!(
            errors
                .iter()
                .any(|d| d.message.en.contains("does not match the file name"))
        );
        let expected_check = sequential.check();
        for threads in [2, 3, 8, 64] {
            for _ in 0..3 {
                let parallel = Workspace::load_parallel(&source, threads, &|_| {}).expect("load");
                assert_eq!(
                    summary(&parallel),
                    summary(&sequential),
                    "{threads} threads"
                );
                assert_eq!(parallel.broken, sequential.broken);
                assert_eq!(parallel.check(), expected_check, "{threads} threads");
            }
        }
    }

    #[test]
    fn progress_counts_every_file_once() {
        let temp = mixed_workspace();
        let seen = std::sync::Mutex::new(Vec::new());
        let workspace = Workspace::load_with_progress(temp.path(), &|p| {
            seen.lock().expect("lock").push(p);
        })
        .expect("load");
        let seen = seen.into_inner().expect("lock");
        let total = 1 + 2 + 11 + 14 + 2;
        assert_eq!(seen.first(), Some(&Progress { done: 0, total }));
        let mut done: Vec<usize> = seen.iter().map(|p| p.done).collect();
        done.sort_unstable();
        assert_eq!(done, (0..=total).collect::<Vec<_>>());
        assert_eq!(workspace.meetings.len(), 13);
    }

    #[test]
    fn peeks_the_period_without_the_rest() {
        let temp = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(temp.path()).expect("sample");
        let path = temp.path().join("plans/kumamoto-reform-plan-2027.ron");
        let bytes = std::fs::read(&path).expect("plan");
        let full: Plan = options().from_bytes(&bytes).expect("parse");
        assert_eq!(peek_period(&bytes), Some(full.period));
        // Only the head matters: a file cut right after the period still answers.
        let text = String::from_utf8(bytes).expect("utf-8");
        let end = text.find("description").expect("description");
        assert_eq!(peek_period(&text.as_bytes()[..end]), Some(full.period));
        // A period after everything else is found too (hand-edited files are not canonical).
        let moved =
            "(id: \"x\", nodes: [(id: \"a\", title: \"t\")], period: (from: 2001, to: 2002))";
        let period = peek_period(moved.as_bytes()).expect("period");
        assert_eq!(
            (period.from, period.to),
            (FiscalYear(2001), FiscalYear(2002))
        );
        assert_eq!(peek_period(b"(id: \"x\", nodes: [(id: "), None);
        assert_eq!(peek_period(b"\xff\xfe"), None);
        assert_eq!(peek_period(b"(id: \"x\", period: (from: \"soon\"))"), None);
    }

    /// The preview shows the plan a full load would open on, for every year around the
    /// plans' periods, with broken files in the way.
    #[test]
    fn preview_picks_the_plan_a_full_load_starts_on() {
        let temp = mixed_workspace();
        let full = Workspace::load(temp.path()).expect("load");
        for year in 2018..=2030 {
            let year = FiscalYear(year);
            let preview = Workspace::load_preview(temp.path(), |_| year, Text::same("loading"))
                .expect("preview");
            assert_eq!(preview.plans.len(), 1);
            assert_eq!(
                preview.plans[0].path,
                full.plans[full.start_plan(year)].path,
                "{year:?}"
            );
            assert!(preview.meetings.is_empty() && preview.responses.is_empty());
            assert!(preview.settings.is_some());
            assert_eq!(
                preview.read_only_reason().map(|r| r.en.as_str()),
                Some("loading")
            );
        }
    }

    #[test]
    fn a_preview_refuses_every_write() {
        let temp = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(temp.path()).expect("sample");
        let mut preview =
            Workspace::load_preview(temp.path(), |_| FiscalYear(2025), Text::same("loading"))
                .expect("preview");
        let plan = preview.plans[0].value.clone();
        let before = std::fs::read(temp.path().join(&preview.plans[0].path)).expect("read");
        assert!(matches!(preview.save_plan(plan), Err(Error::ReadOnly(_))));
        assert!(matches!(preview.save_settings(), Err(Error::ReadOnly(_))));
        let after = std::fs::read(temp.path().join(&preview.plans[0].path)).expect("read");
        assert_eq!(before, after);
    }
}
