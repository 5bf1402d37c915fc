//! Opening and initialising workspace repositories with durable writes.

use std::path::Path;

use git2::{IndexAddOption, Repository, Signature};

use crate::error::{Error, Result};

/// The paths that hold workspace data; phase commits and change counts look only here.
pub const DATA_PATHS: &[&str] = &["kaikaku.ron", "plans", "minutes"];

/// `git init` in `dir` without a commit (no identity to make one with yet).
pub fn init_without_commit(dir: &Path) -> Result<()> {
    super::fsync::enable_fsync();
    Repository::init(dir)
        .map(drop)
        .map_err(|e| Error::git("cannot initialise the repository", e))
}

/// `git init` in `dir` and commit every workspace file as the first commit: the baseline
/// of the first cycle (marked `Kaikaku-Event: init`), which cycle summaries count from.
pub fn init_repository(dir: &Path, message: &str) -> Result<git2::Oid> {
    super::fsync::enable_fsync();
    let who = identity_for_new_repository()?;
    let repo =
        Repository::init(dir).map_err(|e| Error::git("cannot initialise the repository", e))?;
    let mut index = repo
        .index()
        .map_err(|e| Error::git("cannot open the index", e))?;
    index
        .add_all(
            ["kaikaku.ron", "plans", "minutes", "responses", ".gitignore"],
            IndexAddOption::DEFAULT,
            None,
        )
        .map_err(|e| Error::git("cannot stage the workspace files", e))?;
    index
        .write()
        .map_err(|e| Error::git("cannot write the index", e))?;
    let tree_id = index
        .write_tree()
        .map_err(|e| Error::git("cannot write the tree", e))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| Error::git("cannot read the tree", e))?;
    let message = format!(
        "{message}\n\n{}: {}\n",
        super::commit::TRAILER_EVENT,
        super::commit::EVENT_INIT
    );
    repo.commit(
        Some("HEAD"),
        &who.author,
        &who.committer,
        &message,
        &tree,
        &[],
    )
    .map_err(|e| Error::git("cannot create the first commit", e))
}

/// Opens the repository whose working tree is the workspace `dir`. The workspace must be the
/// repository root: data paths in commits are relative to it.
///
/// Opened as git would, from the environment: `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM` and
/// `GIT_CONFIG_NOSYSTEM` decide which config files count (identity, signing key, remotes),
/// while the directory itself is given, so `GIT_DIR` cannot point elsewhere.
pub fn open(dir: &Path) -> Result<Repository> {
    let flags = git2::RepositoryOpenFlags::FROM_ENV | git2::RepositoryOpenFlags::NO_SEARCH;
    Repository::open_ext(dir, flags, std::iter::empty::<&std::ffi::OsStr>())
        .and_then(|repo| {
            // `open_ext` finds the repository *containing* `dir` when `dir` is a
            // subdirectory in some layouts; the workspace must be the root itself.
            let same = repo
                .workdir()
                .and_then(|w| w.canonicalize().ok())
                .zip(dir.canonicalize().ok())
                .is_some_and(|(a, b)| a == b);
            if same {
                Ok(repo)
            } else {
                Err(git2::Error::from_str("not the repository root"))
            }
        })
        .or_else(|_| Repository::open(dir))
        .map_err(|_| Error::NotARepository(dir.to_path_buf()))
}

/// Whether `dir` lies in kaikaku's own source tree (a clone of this project: `Cargo.toml`
/// of package `kaikaku` and `src/main.rs` at the root of its git repository, or at `dir`).
/// Its sample workspace is for trying the app, not a workspace to commit PDCA data into.
pub fn is_source_tree(dir: &Path) -> bool {
    let is_source = |root: &Path| {
        root.join("src/main.rs").is_file()
            && std::fs::read_to_string(root.join("Cargo.toml")).is_ok_and(|text| {
                text.lines()
                    .map(str::trim)
                    .any(|line| line.replace(' ', "") == "name=\"kaikaku\"")
            })
    };
    if is_source(dir) {
        return true;
    }
    Repository::discover(dir)
        .ok()
        .and_then(|repo| repo.workdir().map(Path::to_path_buf))
        .is_some_and(|root| is_source(&root))
}

/// Directories of workspace data beside `kaikaku.ron`. Phase commits take exactly these
/// (and the allowed-signers file); anything else changed in the repository is "unrelated".
pub const DATA_DIRS: &[&str] = &["plans", "minutes", "responses", "cycles"];

/// Whether a repository path (with `/`) is workspace data.
pub fn is_data_path(path: &str, extra: &[&str]) -> bool {
    path == crate::store::SETTINGS_FILE
        || extra.contains(&path)
        || DATA_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// The trailers (`Key: value` lines of the last paragraph) of a commit or tag message.
pub fn trailers(message: &str) -> Vec<(String, String)> {
    let trimmed = message.trim_end();
    let last = trimmed.rsplit("\n\n").next().unwrap_or("");
    let lines: Vec<&str> = last.lines().collect();
    let parsed: Vec<(String, String)> = lines
        .iter()
        .filter_map(|line| {
            let (key, value) = line.split_once(": ")?;
            let ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            ok.then(|| (key.to_string(), value.trim().to_string()))
        })
        .collect();
    // Only a paragraph made entirely of trailers counts, as git interprets it.
    if parsed.len() == lines.len() && trimmed.contains("\n\n") {
        parsed
    } else {
        Vec::new()
    }
}

/// The first value of a trailer.
pub fn trailer<'a>(trailers: &'a [(String, String)], key: &str) -> Option<&'a str> {
    trailers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// The name of the branch HEAD points to (`refs/heads/main`), refusing a detached HEAD.
pub fn head_branch(repo: &Repository) -> Result<String> {
    if repo.head_detached().unwrap_or(false) {
        return Err(Error::DetachedHead);
    }
    let head = repo
        .find_reference("HEAD")
        .map_err(|e| Error::git("cannot read HEAD", e))?;
    head.symbolic_target()
        .ok()
        .flatten()
        .map(str::to_string)
        .ok_or(Error::DetachedHead)
}

/// The commit HEAD points to, `None` on an unborn branch.
pub fn head_commit(repo: &Repository) -> Result<Option<git2::Commit<'_>>> {
    match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map(Some)
            .map_err(|e| Error::git("cannot read the HEAD commit", e)),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            Ok(None)
        }
        Err(e) => Err(Error::git("cannot read HEAD", e)),
    }
}

/// Refuses to start a write while another git process holds the index.
pub fn check_index_lock(repo: &Repository) -> Result<()> {
    let lock = repo.path().join("index.lock");
    if lock.exists() {
        return Err(Error::IndexLocked(lock));
    }
    Ok(())
}

/// Who makes a commit, as git itself would resolve it: author and committer apart.
#[derive(Clone)]
pub struct Identity {
    pub author: Signature<'static>,
    pub committer: Signature<'static>,
}

/// A name and e-mail before they become a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// Resolves one side of the identity as git's `ident.c` does: the side's environment
/// variable (`GIT_AUTHOR_NAME` …), the side's config key (`author.name` …), `user.name`;
/// for the e-mail also `EMAIL`. git would go on to guess from the passwd entry and the host
/// name; kaikaku stops there instead, since an audit trail needs a person, not a guess
/// (which is also what git does with `user.useConfigOnly`).
pub fn resolve_person(
    side: &str,
    config: &dyn Fn(&str) -> Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Person> {
    let upper = side.to_ascii_uppercase();
    let present = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let name = present(env(&format!("GIT_{upper}_NAME")))
        .or_else(|| present(config(&format!("{side}.name"))))
        .or_else(|| present(config("user.name")))?;
    let email = present(env(&format!("GIT_{upper}_EMAIL")))
        .or_else(|| present(config(&format!("{side}.email"))))
        .or_else(|| present(config("user.email")))
        .or_else(|| present(env("EMAIL")))?;
    Some(Person { name, email })
}

fn config_lookup(config: Option<git2::Config>) -> impl Fn(&str) -> Option<String> {
    // A snapshot reads every level (repository, global, XDG, system) with `include.path`
    // and `includeIf` resolved by libgit2, consistently for all keys.
    let snapshot = config.and_then(|mut c| c.snapshot().ok());
    move |key: &str| snapshot.as_ref().and_then(|c| c.get_string(key).ok())
}

fn env_lookup(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// The date of one side's signature: `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` in one of
/// git's formats ([`super::git_date`]), else now. A value git would refuse is refused too,
/// before anything is written.
pub fn side_date(
    side: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<super::git_date::GitDate>> {
    let variable = format!("GIT_{}_DATE", side.to_ascii_uppercase());
    match env(&variable).filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(value) => super::git_date::parse(&value)
            .map(Some)
            .ok_or(Error::BadGitDate { variable, value }),
    }
}

fn identity_from(config: Option<git2::Config>) -> Result<Identity> {
    let lookup = config_lookup(config);
    let sign = |side: &str| -> Result<Signature<'static>> {
        let person = resolve_person(side, &lookup, &env_lookup).ok_or(Error::MissingIdentity)?;
        match side_date(side, &env_lookup)? {
            Some(date) => Signature::new(&person.name, &person.email, &date.to_git()),
            None => Signature::now(&person.name, &person.email),
        }
        .map_err(|e| Error::git("cannot build a signature from the git identity", e))
    };
    Ok(Identity {
        author: sign("author")?,
        committer: sign("committer")?,
    })
}

/// The identity for commits and tags in `repo`: git config (repository, global, system,
/// includes), `GIT_AUTHOR_*`/`GIT_COMMITTER_*` and `EMAIL`; no made-up fallback.
pub fn identity(repo: &Repository) -> Result<Identity> {
    identity_from(repo.config().ok())
}

/// The identity a new repository would get (global and system config and the
/// environment): checked by `init` before anything is written.
pub fn identity_for_new_repository() -> Result<Identity> {
    identity_from(default_config())
}

/// The config a repository would see before it has its own: system (unless
/// `GIT_CONFIG_NOSYSTEM`; `GIT_CONFIG_SYSTEM` names it), then global (`GIT_CONFIG_GLOBAL`,
/// else `~/.gitconfig` and the XDG file), each with its includes, as git reads them.
fn default_config() -> Option<git2::Config> {
    let env_path = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty());
    let no_system = std::env::var("GIT_CONFIG_NOSYSTEM")
        .is_ok_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"));
    let mut config = git2::Config::new().ok()?;
    let mut add = |path: Option<std::path::PathBuf>, level| {
        if let Some(path) = path.filter(|p| p.is_file()) {
            let _ = config.add_file(&path, level, false);
        }
    };
    if !no_system {
        add(
            env_path("GIT_CONFIG_SYSTEM")
                .map(Into::into)
                .or_else(|| git2::Config::find_system().ok()),
            git2::ConfigLevel::System,
        );
    }
    if let Some(path) = env_path("GIT_CONFIG_GLOBAL") {
        add(Some(path.into()), git2::ConfigLevel::Global);
    } else {
        add(git2::Config::find_xdg().ok(), git2::ConfigLevel::XDG);
        add(git2::Config::find_global().ok(), git2::ConfigLevel::Global);
    }
    Some(config)
}

/// How to fix [`Error::MissingIdentity`], in the UI language (the CLI's hint).
pub fn missing_identity_fix(lang: crate::model::Language) -> &'static str {
    lang.pick(
        "一度設定してください: git config --global user.name \"名前\" && git config --global user.email \"you@example.jp\"（環境変数 GIT_AUTHOR_NAME・GIT_AUTHOR_EMAIL・EMAIL でも可）",
        "set it once: git config --global user.name \"Name\" && git config --global user.email \"you@example.jp\" (or GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL / EMAIL in the environment)",
    )
}

/// What [`Error::MissingIdentity`] means and how to fix it, in the UI language (the TUI's
/// one-line message).
pub fn missing_identity_hint(lang: crate::model::Language) -> String {
    format!(
        "{} — {}",
        lang.pick("git の名前とメールが未設定です", "no git identity"),
        missing_identity_fix(lang)
    )
}

/// `Name <email> 1700000000 +0900`, as written in commit and tag headers.
pub fn format_signature(signature: &Signature<'_>) -> String {
    let when = signature.when();
    let offset = when.offset_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "{} <{}> {} {sign}{:02}{:02}",
        String::from_utf8_lossy(signature.name_bytes()),
        String::from_utf8_lossy(signature.email_bytes()),
        when.seconds(),
        offset / 60,
        offset % 60
    )
}

/// How many files differ from HEAD (changed, new or deleted, ignored files excluded); `None`
/// when the directory is not a git repository.
pub fn uncommitted_count(dir: &Path) -> Option<usize> {
    let repo = Repository::open(dir).ok()?;
    let mut options = git2::StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    // Only workspace data counts: a workspace that is also a source tree (like kaikaku's own
    // repository) must not report its code as uncommitted changes.
    for path in DATA_PATHS {
        options.pathspec(path);
    }
    let statuses = repo.statuses(Some(&mut options)).ok()?;
    Some(statuses.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn environment_wins_over_side_config_over_user_config_and_email_falls_back_to_email() {
        let config = lookup(&[
            ("user.name", "User"),
            ("user.email", "user@x.jp"),
            ("committer.name", "Committer"),
        ]);
        let env = lookup(&[("GIT_AUTHOR_NAME", "Env Author"), ("EMAIL", "mail@x.jp")]);
        let author = resolve_person("author", &config, &env).expect("author");
        assert_eq!(author.name, "Env Author");
        assert_eq!(author.email, "user@x.jp");
        let committer = resolve_person("committer", &config, &env).expect("committer");
        assert_eq!(committer.name, "Committer");
        let only_env_mail = lookup(&[("user.name", "User")]);
        let person = resolve_person("author", &only_env_mail, &env).expect("person");
        assert_eq!(person.email, "mail@x.jp");
    }

    #[test]
    fn this_repository_is_a_source_tree_and_a_workspace_elsewhere_is_not() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(is_source_tree(root));
        assert!(is_source_tree(&root.join("plans")));
        let temp = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            temp.path().join("Cargo.toml"),
            "[package]\nname = \"other\"\n",
        )
        .expect("write");
        assert!(!is_source_tree(temp.path()));
    }

    #[test]
    fn each_side_takes_its_own_date_variable_and_a_bad_one_is_named() {
        let env = lookup(&[
            ("GIT_AUTHOR_DATE", "@1700000000 +0900"),
            ("GIT_COMMITTER_DATE", "someday"),
        ]);
        let author = side_date("author", &env).expect("valid").expect("set");
        assert_eq!(
            (author.seconds, author.offset_minutes),
            (1_700_000_000, 540)
        );
        match side_date("committer", &env) {
            Err(Error::BadGitDate { variable, value }) => {
                assert_eq!(
                    (variable.as_str(), value.as_str()),
                    ("GIT_COMMITTER_DATE", "someday")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(side_date("author", &lookup(&[])).expect("unset").is_none());
    }

    #[test]
    fn no_name_or_no_email_is_no_identity() {
        let none = lookup(&[]);
        let mail_only = lookup(&[("EMAIL", "mail@x.jp"), ("GIT_AUTHOR_NAME", " ")]);
        assert_eq!(resolve_person("author", &none, &mail_only), None);
        let name_only = lookup(&[("user.name", "User")]);
        assert_eq!(resolve_person("committer", &name_only, &none), None);
    }
}
