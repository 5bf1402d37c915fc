//! The command line: argument types (clap), the shared context, and one module per
//! subcommand. Modules here print; the work is done by the core.

pub mod audit;
pub mod check;
pub mod close_cycle;
pub mod commit;
pub mod dev;
pub mod diff;
pub mod fmt;
pub mod import;
pub mod init;
pub mod log;
pub mod meeting;
pub mod meeting_edit;
pub mod meeting_import;
pub mod plan;
pub mod plan_edit;
pub mod present;
pub mod report;
pub mod respond;
pub mod review;
pub mod search;
pub mod settings;
pub mod show;
pub mod sync;
pub mod tui;
pub mod usage;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::i18n::Text;
use crate::model::Language;
use crate::store::Workspace;
use crate::store::location::{self, Choice};

const EXAMPLES: &str = "\
Examples:
  kaikaku                                  open the TUI on the workspace
  kaikaku init ~/reform --sample           new workspace with the Kumamoto sample
  kaikaku --workspace ~/reform check       validate every file
  kaikaku fmt --check                      are all files canonical?
  kaikaku show plan kumamoto-reform-plan-2027
  kaikaku show kpi --format json
  kaikaku commit --phase do -m 'FY2024 actuals entered'
  kaikaku close-cycle FY2024
  kaikaku --at cycle/FY2024 show kpi      the indicators as the cycle closed
  kaikaku diff cycle/FY2024 cycle/FY2025
  kaikaku log --kpi k-p1-1
  kaikaku audit
  kaikaku sync
  kaikaku review                           what to do before the next meeting
  kaikaku search 商業施設                   what was said, and where it is in the plan
  kaikaku respond MEETING s3 --status 検討中 --text '全区での展開を検討'
  kaikaku plan target PLAN k-p1-1 --value 90%以上 --reason '委員会意見を踏まえ設定'
  kaikaku plan next-stage PLAN NEW_ID --title 'プラン2031' --period R10-R13

Workspace: --workspace DIR, else the current directory if it holds kaikaku.ron,
else the default workspace in the data directory (created from the sample).

Exit codes: 0 ok, 1 problems found, 2 usage or environment error.";

/// Reform plans, KPIs and committee minutes, kept in git.
#[derive(Debug, Parser)]
#[command(name = "kaikaku", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Workspace directory (default: current directory if it is one, else the default
    /// workspace).
    #[arg(long, global = true, value_name = "DIR", env = "KAIKAKU_WORKSPACE")]
    pub workspace: Option<PathBuf>,
    /// Language of labels and years: ja or en (default: LANG, then the workspace setting).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Open the workspace as it was at REV (a tag such as cycle/FY2024, a commit, HEAD~2),
    /// read straight from git, read-only.
    #[arg(long, global = true, value_name = "REV")]
    pub at: Option<String>,
    /// Start the TUI in the presenter theme (high contrast, for projectors).
    #[arg(long)]
    pub presenter: bool,
    /// Keymap override file (RON; default: the config directory's keymap.ron).
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--lang` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

/// Output formats shared by read-only commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace in DIR, git-initialised with a first commit.
    Init(init::Args),
    /// Validate every file; print each problem as path:line:column and exit 1 if any.
    Check,
    /// Rewrite files in canonical form (or, with --check, only report).
    Fmt(fmt::Args),
    /// Show a plan or the indicators.
    #[command(subcommand)]
    Show(show::What),
    /// Close a PDCA phase: one commit of the workspace data with a structured message.
    Commit(commit::Args),
    /// Close a cycle: the annotated, chained tag cycle/FY…, on the cycle's Act commit.
    CloseCycle(close_cycle::Args),
    /// History of the workspace, or of one indicator, node or meeting (newest first, as git).
    Log(log::Args),
    /// What changed between two revisions (or a revision and the working files).
    Diff(diff::Args),
    /// Verify integrity, the cycle tag chain, signatures, confirmed minutes and trailers.
    Audit(audit::Args),
    /// Fetch, merge and push with the repository's git remote (origin, or --remote NAME).
    Sync(sync::Args),
    /// Meetings and their minutes: prepare, export, import.
    #[command(subcommand, alias = "minutes")]
    Meeting(meeting::What),
    /// Progress and KPI reports: text, md, csv, json or a self-contained html file.
    #[command(subcommand)]
    Report(report::What),
    /// Import KPI tables (TSV pasted from Excel, or CSV).
    #[command(subcommand)]
    Import(import::What),
    /// Create plans and revise them (targets, items, indicators, the next stage).
    #[command(subcommand)]
    Plan(plan::What),
    /// The projector window: follows what the secretariat's kaikaku shows, presenter theme.
    Present,
    /// Record the city's response to a committee comment (a step appended to its history).
    Respond(respond::Args),
    /// What to do before the next meeting: open comments, new answers, missing actuals.
    Review(review::Args),
    /// Find items, KPIs, departments, meetings and what was said (every statement).
    Search(search::Args),
    /// Departments and committee members in kaikaku.ron; renames follow into plans,
    /// responses and draft minutes.
    #[command(subcommand)]
    Settings(settings::What),
    /// Developer tools (benchmark workspaces); not part of the product.
    #[command(subcommand, hide = true)]
    Dev(dev::What),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// An error at the edge: what happened, what to do, and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl CliError {
    /// A usage or environment error (exit 2).
    pub fn usage(message: impl Into<String>, hint: Option<&str>) -> Self {
        CliError {
            message: message.into(),
            hint: hint.map(str::to_string),
            code: 2,
        }
    }

    /// Problems were found (exit 1) and have already been printed.
    pub fn problems(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            code: 1,
        }
    }
}

impl CliError {
    /// A core error with its message and hint in `lang` (exit 2).
    pub fn localized(error: &crate::error::Error, lang: Language) -> Self {
        CliError {
            message: error.message(lang),
            hint: error.hint(lang).map(str::to_string),
            code: 2,
        }
    }

    /// A usage or environment error (exit 2) said in the effective language
    /// ([`edge_language`]).
    pub fn text(message: &crate::i18n::Text, hint: Option<&crate::i18n::Text>) -> Self {
        let lang = edge_language();
        CliError {
            message: message.get(lang).to_string(),
            hint: hint.map(|h| h.get(lang).to_string()),
            code: 2,
        }
    }
}

/// Message and hint in the effective language ([`edge_language`]): `--lang`, the
/// environment, or the workspace setting once the workspace is open.
impl From<crate::error::Error> for CliError {
    fn from(error: crate::error::Error) -> Self {
        CliError::localized(&error, edge_language())
    }
}

/// The language the command prints in, as far as it is known yet: 0 unknown, 1 ja, 2 en.
/// Set by [`Context::new`] (`--lang`, `LANG`) and when the workspace is opened (its
/// `language` setting); errors converted with `?` read it, so a failure deep in a command
/// is said in the language of everything else it printed.
static EDGE_LANGUAGE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Records the effective language of this command (see [`edge_language`]).
pub fn set_edge_language(lang: Language) {
    let value = match lang {
        Language::Ja => 1,
        Language::En => 2,
    };
    EDGE_LANGUAGE.store(value, std::sync::atomic::Ordering::Relaxed);
}

/// The effective language of this command: `--lang`, else `LC_ALL`/`LC_MESSAGES`/`LANG`,
/// else the workspace setting once known; English before anything says otherwise (a
/// `LANG=C` shell with no workspace yet).
pub fn edge_language() -> Language {
    match EDGE_LANGUAGE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Language::Ja,
        2 => Language::En,
        _ => env_language().unwrap_or(Language::En),
    }
}

/// Result of a subcommand.
pub type CliResult = Result<(), CliError>;

/// What every subcommand needs: where the workspace is and which language to print in.
pub struct Context {
    pub workspace: Option<PathBuf>,
    pub lang: Option<Language>,
    /// `--at REV`: open the workspace read-only as it was at this revision.
    pub at: Option<String>,
}

impl Context {
    pub fn new(cli: &Cli) -> Self {
        let lang = cli
            .lang
            .map(|lang| match lang {
                LangArg::Ja => Language::Ja,
                LangArg::En => Language::En,
            })
            .or_else(env_language);
        if let Some(lang) = lang {
            set_edge_language(lang);
        }
        Context {
            workspace: cli.workspace.clone(),
            lang,
            at: cli.at.clone(),
        }
    }

    /// Opens the workspace, creating the default one from the sample on first use (with a
    /// one-line notice on stderr).
    pub fn open(&self) -> Result<Workspace, CliError> {
        let (workspace, notice) = self.open_with_notice()?;
        let lang = self.language(&workspace);
        if let Some(notice) = notice {
            eprint_line(&format!("kaikaku: {}", notice.get(lang)));
        }
        Ok(workspace)
    }

    /// Refuses commands that write when `--at` asked for a read-only view of history.
    pub fn writable(&self, what: &str) -> Result<(), CliError> {
        match &self.at {
            Some(rev) => {
                let rev = crate::model::sanitize_inline(rev);
                Err(CliError::text(
                    &crate::text!(
                        "`{what}` はワークスペースを変更します。--at {rev} は履歴を読み取り専用で開きます",
                        "`{what}` changes the workspace; --at {rev} opens history read-only"
                    ),
                    Some(&AT_HINT.into()),
                ))
            }
            None => Ok(()),
        }
    }

    /// Opens the workspace for writing: takes the single-writer lock (held until the returned
    /// lock is dropped) or fails naming the holder, then loads. The lock comes first: a load
    /// made before it could miss a save another writer made just before releasing, and this
    /// command would then write over it.
    pub fn open_for_write(&self) -> Result<(Workspace, crate::store::lock::WriterLock), CliError> {
        if self.at.is_some() {
            return Err(CliError::text(
                &(
                    "このコマンドはワークスペースを変更します。--at は履歴を読み取り専用で開きます",
                    "this command changes the workspace; --at opens history read-only",
                )
                    .into(),
                Some(&AT_HINT.into()),
            ));
        }
        let (dir, lock) = self.lock_for_write()?;
        let workspace = Workspace::load(&dir)?;
        self.language(&workspace);
        Ok((workspace, lock))
    }

    /// Takes the single-writer lock of the workspace directory without loading the
    /// workspace: for commands that load what they need themselves (`commit` validates
    /// incrementally; loading all of a large workspace first took seconds).
    pub fn lock_for_write(&self) -> Result<(PathBuf, crate::store::lock::WriterLock), CliError> {
        let dir = self.dir()?;
        refuse_source_tree(&dir)?;
        // The same refusals as a load: a directory that cannot be opened, then one without
        // settings.
        crate::store::source::DirSource::new(&dir)?.require_settings()?;
        Ok((dir.clone(), lock_dir(&dir)?))
    }

    /// Opens the workspace (at `--at REV` when given, read-only) and returns the first-run
    /// notice instead of printing it.
    pub fn open_with_notice(&self) -> Result<(Workspace, Option<Text>), CliError> {
        let (dir, notice) = self.dir_with_notice()?;
        let workspace = if let Some(rev) = &self.at {
            let repo = crate::history::repo::open(&dir)?;
            crate::history::load_at(&repo, rev)?
        } else {
            Workspace::load(&dir)?
        };
        // From here on, errors speak the workspace's language unless told otherwise.
        set_edge_language(self.language(&workspace));
        Ok((workspace, notice))
    }

    /// The workspace directory, creating the default one from the sample on first use (with
    /// a one-line notice on stderr).
    pub fn dir(&self) -> Result<PathBuf, CliError> {
        let (dir, notice) = self.dir_with_notice()?;
        if let Some(notice) = notice {
            eprint_line(&format!("kaikaku: {}", notice.get(edge_language())));
        }
        Ok(dir)
    }

    /// The workspace directory and the notice about its creation, if it was just created.
    ///
    /// Run inside kaikaku's own source tree (`cargo run` in a clone), the current directory
    /// is not taken as the workspace: PDCA commits would land in the project's source
    /// history. The default workspace in the data directory, created from the same
    /// embedded sample, is used instead, so every feature can be tried from the clone.
    pub fn dir_with_notice(&self) -> Result<(PathBuf, Option<Text>), CliError> {
        let no_place = || {
            CliError::text(
                &(
                    "ワークスペースがなく、作成するデータディレクトリもありません",
                    "no workspace and no data directory to create one in",
                )
                    .into(),
                Some(&("--workspace DIR を指定してください", "pass --workspace DIR").into()),
            )
        };
        let mut choice = location::choose(self.workspace.as_deref()).ok_or_else(no_place)?;
        let mut redirected = None;
        if let Choice::CurrentDir(cwd) = &choice
            && crate::history::repo::is_source_tree(cwd)
        {
            let dir = location::default_workspace_dir().ok_or_else(no_place)?;
            redirected = Some(dir.clone());
            let exists = location::is_workspace(&dir);
            choice = Choice::Default { dir, exists };
        }
        let mut notice = redirected.map(|dir| {
            let dir = dir.display();
            crate::text!(
                "ここは kaikaku のソースツリーで、コミットするワークスペースではありません。既定のワークスペース {dir}（同じサンプル）を使います",
                "this is kaikaku's source tree, not a workspace to commit into: using the default workspace at {dir} (the same sample)"
            )
        });
        if let Choice::Default { dir, exists: false } = &choice {
            match init::create_workspace(dir, true) {
                Ok(created) => {
                    let shown = dir.display();
                    let mut text = crate::text!(
                        "サンプルから既定のワークスペースを {shown} に作成しました",
                        "created the default workspace from the sample at {shown}"
                    );
                    if created == init::Created::NoIdentity {
                        text = text.append(&Text::new(
                            "（git の名前とメールが未設定のため、最初のコミットはありません。フェーズを閉じる前に user.name と user.email を設定してください）",
                            " (no git identity yet, so no first commit: set user.name and user.email before closing a phase)",
                        ));
                    }
                    notice = Some(match notice {
                        Some(first) => first.append(&Text::new("。", "; ")).append(&text),
                        None => text,
                    });
                }
                // Another first start created it meanwhile (decided under the lock): use
                // theirs. Any other failure is reported.
                Err(_) if location::is_workspace(dir) => {}
                Err(error) => return Err(error),
            }
        }
        Ok((choice.dir().to_path_buf(), notice))
    }

    /// The language to print in: `--lang`, then `LANG`, then the workspace setting. See
    /// also [`edge_language`], which errors use.
    pub fn language(&self, workspace: &Workspace) -> Language {
        let lang = self
            .lang
            .or_else(|| workspace.settings().map(|s| s.language))
            .unwrap_or_default();
        set_edge_language(lang);
        lang
    }
}

/// Takes the single-writer lock of `dir`, or fails naming the holder: every command that
/// writes goes through here (or through [`Context::open_for_write`]), `init` included.
pub fn lock_dir(dir: &std::path::Path) -> Result<crate::store::lock::WriterLock, CliError> {
    match crate::store::lock::acquire(dir)? {
        Ok(lock) => Ok(lock),
        Err(holder) => {
            let holder = holder.0;
            Err(CliError::text(
                &crate::text!(
                    "ワークスペースは {holder} が編集中です。何も書き込んでいません",
                    "the workspace is being edited by {holder}; nothing was written"
                ),
                Some(&(
                    "もう一つの kaikaku を閉じるか（またはコマンドが終わるのを待って）、もう一度実行してください",
                    "close the other kaikaku instance (or wait for the command to finish) and try again",
                ).into()),
            ))
        }
    }
}

/// Refuses writes to a workspace inside kaikaku's source tree (see [`Context::dir_with_notice`]).
pub fn refuse_source_tree(dir: &std::path::Path) -> Result<(), CliError> {
    match source_tree_refusal(dir) {
        Some(why) => Err(CliError::text(
            &why,
            Some(&(
                "--workspace を付けずに実行するか（データディレクトリの既定のワークスペースに同じサンプルがあります）、作成してください: kaikaku init DIR --sample",
                "run without --workspace (the default workspace in the data directory holds the same sample), or create one: kaikaku init DIR --sample",
            ).into()),
        )),
        None => Ok(()),
    }
}

/// Why `dir` refuses writes, when it is kaikaku's source tree.
pub fn source_tree_refusal(dir: &std::path::Path) -> Option<Text> {
    crate::history::repo::is_source_tree(dir).then(|| {
        let dir = dir.display();
        crate::text!(
            "{dir} は kaikaku のソースツリーです。ここのサンプルは読み取り専用で、PDCA のデータがプロジェクトの履歴に入ることはありません",
            "{dir} is kaikaku's source tree: its sample is read-only here, so PDCA data never lands in the project's history"
        )
    })
}

/// The fix for a write asked for under `--at`.
const AT_HINT: (&str, &str) = ("--at を付けずに実行してください", "run it without --at");

/// `ja` or `en` from `LC_ALL`, `LC_MESSAGES` or `LANG`; `C`/`POSIX` and others say nothing.
pub fn env_language() -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.is_empty())
        .and_then(|value| {
            let lower = value.to_ascii_lowercase();
            if lower.starts_with("ja") {
                Some(Language::Ja)
            } else if lower.starts_with("en") {
                Some(Language::En)
            } else {
                None
            }
        })
}

/// Runs a parsed command line (the TUI case is handled by the caller).
pub fn run(cli: &Cli, command: &Command) -> CliResult {
    let context = Context::new(cli);
    match command {
        Command::Init(args) => init::run(args),
        Command::Present => present::run(cli),
        Command::Check => check::run(&context),
        Command::Fmt(args) => fmt::run(&context, args),
        Command::Show(what) => show::run(&context, what),
        Command::Commit(args) => commit::run(&context, args),
        Command::CloseCycle(args) => close_cycle::run(&context, args),
        Command::Log(args) => log::run(&context, args),
        Command::Diff(args) => diff::run(&context, args),
        Command::Audit(args) => audit::run(&context, args),
        Command::Sync(args) => sync::run(&context, args),
        Command::Meeting(what) => meeting::run(&context, what),
        Command::Report(what) => report::run(&context, what),
        Command::Import(what) => import::run(&context, what),
        Command::Plan(what) => plan::run(&context, what),
        Command::Respond(args) => respond::run(&context, args),
        Command::Review(args) => review::run(&context, args),
        Command::Search(args) => search::run(&context, args),
        Command::Settings(what) => settings::run(&context, what),
        Command::Dev(what) => dev::run(what),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "kaikaku", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// Prints an edge error and turns it into the process exit code.
pub fn report(result: CliResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut stderr = std::io::stderr().lock();
            let clean = crate::model::sanitize_output;
            if !error.message.is_empty() {
                let _ = writeln!(stderr, "kaikaku: {}", clean(&error.message));
            }
            if let Some(hint) = &error.hint {
                let label = edge_language().pick("ヒント", "hint");
                let _ = writeln!(stderr, "  {label}: {}", clean(hint));
            }
            ExitCode::from(error.code)
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`kaikaku show … | head`). Every byte goes
/// through the sanitiser first: whatever a file holds, no control, bidi or invisible
/// character reaches the terminal (JSON from [`json`] is already escaped and passes as is).
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(crate::model::sanitize_output(text).as_bytes());
    let _ = stdout.flush();
}

/// Writes a line to stderr through the sanitiser (errors quote file text, ids and paths).
pub fn eprint_line(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", crate::model::sanitize_output(text));
}

/// Pretty JSON for output, newline-terminated, with every character the sanitiser finds
/// unsafe written as a `\uXXXX` escape (`serde_json` leaves C1 controls, DEL, bidi overrides,
/// zero-width, tag characters and U+2028/U+2029 raw): the data decodes unchanged, the
/// terminal never sees them.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| {
        CliError::text(
            &crate::text!(
                "JSON を書き出せません（詳細: {e}）",
                "cannot write JSON: {e}"
            ),
            None,
        )
    })?;
    let mut text = crate::model::escape_json(&text).into_owned();
    text.push('\n');
    Ok(text)
}
