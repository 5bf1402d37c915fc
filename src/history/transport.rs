//! Reaching a git remote for `kaikaku sync`: which remote, and how its bytes travel.
//!
//! The remote is one the repository has (`origin`, or the name given), never a URL read
//! from committed data: a colleague's `kaikaku.ron` cannot make every clone contact a
//! server. Local paths and `file://` URLs are fetched and pushed with libgit2 in process;
//! network URLs (ssh, https, scp-style `host:path`) go through the system `git fetch` /
//! `git push`, as jj and many git front-ends do, so the user's ssh config and agent,
//! `GIT_SSH_COMMAND` / `core.sshCommand`, credential helpers, proxies and `insteadOf`
//! rewrites all apply. Only the transfer is delegated: merging stays kaikaku's.
//!
//! The system git runs without hooks (`core.hooksPath=/dev/null`, `--no-verify`), without
//! automatic maintenance or submodule recursion, and with `GIT_DIR` and friends removed
//! from its environment, so it touches exactly the refs named here and runs no program
//! besides the transport the user configured.

use std::process::{Command, Stdio};

use git2::{FetchOptions, PushOptions, RemoteCallbacks, Repository};

use crate::error::{Error, Result};
use crate::model::sanitize_inline;

/// Where remote cycle tags are fetched to before they are compared with local ones.
pub const REMOTE_TAGS_NS: &str = "refs/kaikaku/remote-tags";

/// A remote of the repository, resolved for one sync.
#[derive(Clone, Debug)]
pub struct Remote {
    /// The remote's name in git config (`origin`).
    pub name: String,
    /// Its fetch URL (after `insteadOf`, as git config has it).
    pub url: String,
    /// Its push URL (`pushurl`, else the fetch URL).
    pub push_url: String,
}

impl Remote {
    /// The ref the remote branch is fetched to: git's own remote-tracking ref.
    pub fn tracking_ref(&self, branch: &str) -> String {
        format!("refs/remotes/{}/{branch}", self.name)
    }
}

/// Whether a URL is a path on this machine (libgit2 handles it) rather than a network
/// address (the system git handles it). Follows git's rule: `scheme://` is a URL, `host:path`
/// with no slash before the colon is scp-style ssh, anything else is a path.
pub fn is_local(url: &str) -> bool {
    if let Some(rest) = url.strip_prefix("file://") {
        return !rest.is_empty();
    }
    if url.contains("://") {
        return false;
    }
    match url.find(':') {
        Some(colon) => url[..colon].contains('/'),
        None => true,
    }
}

/// The remote named `name` (default `origin`) in the repository's git config.
pub fn find(repo: &Repository, name: Option<&str>, suggested: Option<&str>) -> Result<Remote> {
    let name = name.unwrap_or("origin");
    let missing = || Error::RemoteMissing {
        name: sanitize_inline(name),
        suggested: suggested.map(sanitize_inline),
    };
    let remote = repo.find_remote(name).map_err(|_| missing())?;
    let url = remote.url().map(str::to_string).map_err(|_| missing())?;
    let push_url = remote
        .pushurl()
        .ok()
        .flatten()
        .map_or_else(|| url.clone(), str::to_string);
    Ok(Remote {
        name: name.to_string(),
        url,
        push_url,
    })
}

/// How a network transfer may interact with the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Prompts {
    /// A terminal is there: ssh and credential helpers may ask for a passphrase.
    Allowed,
    /// No terminal to ask on (the TUI, scripts): fail instead of waiting for input.
    #[default]
    Refused,
}

/// The system `git` in the repository, made safe as the module doc says.
fn system_git(repo: &Repository, prompts: Prompts) -> Command {
    let dir = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
    let mut command = Command::new("git");
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
    ] {
        command.env_remove(var);
    }
    if prompts == Prompts::Refused {
        // ssh asks for a passphrase or about an unknown host key on /dev/tty, not stdin: in
        // the TUI it would write over the screen and wait for keys the UI reads. It is made
        // to ask an askpass program instead: the user's own (`SSH_ASKPASS`, a desktop
        // dialog), else `false`, which answers no, so ssh fails with its reason at once.
        let askpass = std::env::var_os("SSH_ASKPASS")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "false".into());
        command
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_ASKPASS", "")
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env("SSH_ASKPASS", askpass)
            .stdin(Stdio::null());
    }
    command
        .arg("-C")
        .arg(&dir)
        .args([
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "maintenance.auto=false",
            "-c",
            "gc.auto=0",
            "-c",
            "fetch.recurseSubmodules=false",
            "-c",
            "push.recurseSubmodules=no",
            "-c",
            "push.gpgSign=false",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// What git said when it failed: the last lines of its error output, sanitised.
fn git_said(output: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let tail = &lines[lines.len().saturating_sub(4)..];
    sanitize_inline(&tail.join(" / "))
}

fn run_system(mut command: Command, what: &str, url: &str) -> Result<std::process::Output> {
    let output = command.output().map_err(|e| Error::Transport {
        what: crate::i18n::Text::same(format!("{what} {}", sanitize_inline(url))),
        detail: format!("cannot run the system git ({e}); network remotes need git installed"),
    })?;
    Ok(output)
}

/// Fetches the remote branch to its tracking ref and the remote's cycle tags to
/// [`REMOTE_TAGS_NS`].
pub fn fetch(repo: &Repository, remote: &Remote, branch: &str, prompts: Prompts) -> Result<()> {
    let tag_prefix = super::commit::TAG_PREFIX;
    let specs = [
        format!("+refs/heads/{branch}:{}", remote.tracking_ref(branch)),
        format!("+refs/tags/{tag_prefix}*:{REMOTE_TAGS_NS}/{tag_prefix}*"),
    ];
    // Stale remote tags from an earlier fetch must not be compared again.
    if let Ok(references) = repo.references_glob(&format!("{REMOTE_TAGS_NS}/*")) {
        for mut reference in references.flatten() {
            let _ = reference.delete();
        }
    }
    if is_local(&remote.url) {
        let mut anonymous = repo.remote_anonymous(&remote.url).map_err(|e| {
            Error::git(
                format!("cannot use the remote {}", sanitize_inline(&remote.url)),
                e,
            )
        })?;
        let mut options = FetchOptions::new();
        options.download_tags(git2::AutotagOption::None);
        return anonymous
            .fetch(&specs, Some(&mut options), None)
            .map_err(|e| {
                Error::git(
                    format!("cannot fetch from {}", sanitize_inline(&remote.url)),
                    e,
                )
            });
    }
    let fetch_specs = |specs: &[String]| -> Result<std::process::Output> {
        let mut command = system_git(repo, prompts);
        command
            .args([
                "fetch",
                "--quiet",
                "--no-tags",
                "--no-write-fetch-head",
                "--no-recurse-submodules",
                &remote.name,
            ])
            .args(specs);
        run_system(command, "fetch from", &remote.url)
    };
    let mut output = fetch_specs(&specs)?;
    // A remote without the branch yet (the first push to an empty repository): git refuses
    // a refspec that matches nothing, libgit2 does not; fetch the tags alone then.
    let absent = format!("couldn't find remote ref refs/heads/{branch}");
    if !output.status.success() && String::from_utf8_lossy(&output.stderr).contains(&absent) {
        output = fetch_specs(&specs[1..])?;
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Transport {
            what: {
                let url = sanitize_inline(&remote.url);
                crate::text!("{url} から取得できません", "cannot fetch from {url}")
            },
            detail: git_said(&output),
        })
    }
}

/// Pushes `refspecs` (`src:dst`, never forced); a ref the remote refuses (it moved on) is
/// [`Error::PushRejected`].
pub fn push(repo: &Repository, remote: &Remote, specs: &[String], prompts: Prompts) -> Result<()> {
    if is_local(&remote.push_url) {
        return push_local(repo, &remote.push_url, specs);
    }
    let mut command = system_git(repo, prompts);
    command
        .args([
            "push",
            "--porcelain",
            "--no-verify",
            "--no-signed",
            &remote.name,
        ])
        .args(specs);
    let output = run_system(command, "push to", &remote.push_url)?;
    // `--porcelain` prints one line per ref: flag, tab, from:to, tab, summary; `!` is a
    // rejected ref.
    let text = String::from_utf8_lossy(&output.stdout);
    let rejected: Vec<String> = text
        .lines()
        .filter(|line| line.starts_with('!'))
        .map(|line| line.split('\t').skip(1).collect::<Vec<_>>().join(" "))
        .collect();
    if !rejected.is_empty() {
        return Err(Error::PushRejected(sanitize_inline(&rejected.join(", "))));
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Transport {
            what: {
                let url = sanitize_inline(&remote.push_url);
                crate::text!("{url} へ送信できません", "cannot push to {url}")
            },
            detail: git_said(&output),
        })
    }
}

fn push_local(repo: &Repository, url: &str, specs: &[String]) -> Result<()> {
    let mut anonymous = repo
        .remote_anonymous(url)
        .map_err(|e| Error::git("cannot use the remote", e))?;
    let rejected = std::cell::RefCell::new(Vec::new());
    let mut callbacks = RemoteCallbacks::new();
    callbacks.push_update_reference(|name, status| {
        if let Some(status) = status {
            rejected.borrow_mut().push(format!("{name}: {status}"));
        }
        Ok(())
    });
    let mut options = PushOptions::new();
    options.remote_callbacks(callbacks);
    anonymous
        .push(specs, Some(&mut options))
        .map_err(|e| Error::git(format!("cannot push to {}", sanitize_inline(url)), e))?;
    drop(options);
    let rejected = rejected.into_inner();
    if rejected.is_empty() {
        Ok(())
    } else {
        Err(Error::PushRejected(sanitize_inline(&rejected.join(", "))))
    }
}

/// The branch of the remote that `branch` (`refs/heads/main`) syncs with: its configured
/// upstream on that remote, else `fallback`, else the same name.
pub fn remote_branch(
    repo: &Repository,
    branch: &str,
    remote: &Remote,
    fallback: Option<&str>,
) -> String {
    let short = branch.trim_start_matches("refs/heads/");
    let upstream_remote = repo
        .branch_upstream_remote(branch)
        .ok()
        .and_then(|b| b.as_str().ok().map(str::to_string));
    if upstream_remote.as_deref() == Some(remote.name.as_str())
        && let Ok(config) = repo.config()
        && let Ok(merge) = config.get_string(&format!("branch.{short}.merge"))
        && let Some(name) = merge.strip_prefix("refs/heads/")
    {
        return name.to_string();
    }
    fallback.map_or_else(|| short.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_local_and_network_addresses_are_not() {
        for local in [
            "/srv/kaikaku.git",
            "../shared.git",
            "file:///srv/x.git",
            "./a:b",
        ] {
            assert!(is_local(local), "{local}");
        }
        for network in [
            "ssh://git@host:2222/x.git",
            "https://git.city.example.jp/kaikaku.git",
            "git@host:reform/plan.git",
            "host:plan.git",
        ] {
            assert!(!is_local(network), "{network}");
        }
    }
}
