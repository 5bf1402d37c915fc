//! Errors of the core. Short messages, causes kept in `#[source]`, and what to do about
//! each ([`Error::hint`], in both languages): one table of fixes serves the CLI and the TUI
//! alike. The CLI adds exit codes at the edge.

use std::path::PathBuf;

use crate::i18n::{DETAIL, Localize, Text, io_reason};
use crate::model::Language;

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
    ReadOnly(Text),
    #[error("unsafe id: {0}")]
    UnsafeId(Text),
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
    /// Anything else the user cannot act on by kind; an edge that must tell a case apart
    /// gets its own variant instead of matching this text.
    #[error("{0}")]
    Invalid(Text),
    /// A response step was refused: the statement is not in the minutes, or not flagged as
    /// needing a response.
    #[error("{reason}")]
    ResponseRefused { statement: String, reason: Text },
    /// A file changed between the commit's validation and its tree; nothing was committed.
    #[error("{0} changed while the commit was being made; nothing was committed, run it again")]
    ChangedDuringCommit(String),
    /// A data directory is a link that leads out of the workspace; nothing was written.
    #[error("{0} leads outside the workspace; refusing to write there")]
    OutsideWorkspace(String),
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
    /// `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` holds no date git's formats describe.
    #[error("{variable} is not a date git reads: \"{value}\"")]
    BadGitDate { variable: String, value: String },
    #[error("the workspace has {0} problem(s); phase commits need a clean `kaikaku check`")]
    CheckFailed(usize),
    #[error("files outside the workspace data are changed: {}", .0.join(", "))]
    UnrelatedChanges(Vec<String>),
    #[error("uncommitted changes in workspace data: {}", .0.join(", "))]
    UncommittedData(Vec<String>),
    #[error("{0}")]
    PhaseOrder(Text),
    #[error("plan revisions need a reason: {}", .0.join("; "))]
    MissingReasons(Vec<String>),
    /// A plan revision (target, node added, retired or moved, indicator) asked for without
    /// a reason while the plan is in force.
    #[error("{0} needs a reason: the plan is in force, so the revision is recorded with why")]
    ReasonRequired(Text),
    #[error(transparent)]
    PlanEdit(#[from] crate::model::plan_edit::EditError),
    #[error("signing failed: {0}")]
    Signing(Text),
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
    Transport { what: Text, detail: String },
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
    /// What the user can do about the error, in `lang`; `None` when there is nothing better
    /// to say than the message. Shown by the CLI (`hint:`) and the TUI's status line.
    pub fn hint(&self, lang: Language) -> Option<&'static str> {
        let (ja, en) = match self {
            Error::NotAWorkspace(_) => (
                "`kaikaku init DIR --sample` で作成するか、--workspace DIR を指定してください",
                "run `kaikaku init DIR --sample`, or pass --workspace DIR",
            ),
            Error::ReadOnly(_) => (
                "もう一つの kaikaku を閉じるか、--at を付けずに開いてください",
                "close the other kaikaku instance, or leave --at to edit",
            ),
            Error::Broken { .. } => (
                "先に `kaikaku check` を実行してファイルを直してください",
                "run `kaikaku check` and fix the file first",
            ),
            Error::UnsafeId(_) => (
                "id に使えるのは英数字と '-'、'_'、'.' だけです",
                "ids use letters, digits, '-', '_' and '.' only",
            ),
            Error::Io { .. } => (
                "権限とディスクの空き容量を確認してください",
                "check permissions and free disk space",
            ),
            Error::NotARepository(_) => (
                "ワークスペースで `git init` を実行するか、`kaikaku init` で作成してください",
                "run `git init` in the workspace, or create it with `kaikaku init`",
            ),
            Error::UnknownRevision { .. } => (
                "リビジョンは `kaikaku log`、サイクルのタグは `git tag -l 'cycle/*'` で一覧できます",
                "list revisions with `kaikaku log` and cycle tags with `git tag -l 'cycle/*'`",
            ),
            Error::IndexLocked(_) => (
                "別の git が作業中です。動いていなければクラッシュの残りなので、そのファイルを削除してやり直してください",
                "another git process is working on this repository; if none is running, the lock is left from a crash: delete that file and retry",
            ),
            Error::DetachedHead => (
                "先にブランチに切り替えてください: `git switch main`（ここでのコミットを残すなら `git switch -c NAME`）",
                "switch to a branch first: `git switch main` (or `git switch -c NAME` to keep commits made here)",
            ),
            // Written beside the identity rules, which know the environment variables too.
            Error::MissingIdentity => {
                return Some(crate::history::repo::missing_identity_fix(lang));
            }
            Error::BadGitDate { .. } => (
                "git の形式で指定するか（`@1700000000 +0900`、`2025-04-01T09:00:00+09:00`、`Tue, 1 Apr 2025 09:00:00 +0900`）、変数を外して現在時刻にしてください",
                "use one of git's formats (`@1700000000 +0900`, `2025-04-01T09:00:00+09:00`, `Tue, 1 Apr 2025 09:00:00 +0900`), or unset it for the current time",
            ),
            Error::CheckFailed(_) => (
                "`kaikaku check` を実行し、表示された問題を直してください",
                "run `kaikaku check` and fix the problems it lists",
            ),
            Error::UnrelatedChanges(_) => (
                "それらのファイルを git でコミットまたは stash するか、.gitignore に載せてください。フェーズのコミットはワークスペースのデータだけを含みます",
                "commit or stash those files with git, or list them in .gitignore; phase commits take workspace data only",
            ),
            Error::UncommittedData(_) => (
                "先にフェーズを閉じて（`kaikaku commit`）から同期してください",
                "close the phase first (`kaikaku commit`), then sync",
            ),
            Error::PhaseOrder(_) => (
                "サイクルの状態は kaikaku.ron の `cycle:` です。今のフェーズをコミットするか、--cycle を指定してください",
                "the cycle state is `cycle:` in kaikaku.ron; commit the current phase, or pass --cycle",
            ),
            Error::MissingReasons(_) => (
                "プランに追記します: revisions: [(year: 2024, item: \"ID\", reason: \"…\")]",
                "add to the plan: revisions: [(year: 2024, item: \"ID\", reason: \"…\")]",
            ),
            Error::Signing(_) => (
                "`git config user.signingKey` と、ssh-keygen（または gpg）がその鍵を使えるかを確認してください",
                "check `git config user.signingKey` and that ssh-keygen (or gpg) can use that key",
            ),
            Error::TagExists(_) => (
                "サイクルを閉じるのは一度だけです。タグの内容は `git show` で確認できます",
                "a cycle is closed once; see it with `git show` on the tag",
            ),
            Error::NoRemote => (
                "git のリモートを追加してください: git remote add origin URL",
                "add a git remote: git remote add origin URL",
            ),
            Error::RemoteMissing { .. } => (
                "共有リポジトリを git のリモートとして追加するか（git remote add origin URL。パス・ssh://…・https://… のいずれか）、--remote NAME を指定してください",
                "add the shared repository as a git remote: git remote add origin URL (a path, ssh://… or https://…), or pass --remote NAME",
            ),
            Error::Transport { .. } => (
                "ワークスペースで `git fetch` を試してください。kaikaku は同じ git・ssh・認証の設定を使います",
                "try `git fetch` in the workspace: kaikaku uses the same git, ssh and credential settings",
            ),
            Error::Unreadable { .. } => (
                "そのディレクトリを読む・開く権限がありません。権限を確認するか（`ls -ld DIR`）、所有者に相談してください",
                "you may not read or enter that directory: check its permissions (`ls -ld DIR`) or ask who owns it",
            ),
            Error::WouldNotLoad { .. } => (
                "kaikaku の不具合か、ファイルに収まらないほどの入力です。ディスク上のファイルは変わっていません",
                "this is a bug in kaikaku or an input far outside what a file can hold; the file on disk is unchanged",
            ),
            Error::PushRejected(_) => (
                "その間に誰かが push しました。もう一度 `kaikaku sync` を実行してください",
                "someone pushed meanwhile: run `kaikaku sync` again",
            ),
            Error::ResponseRefused { .. } => (
                "対応が必要な発言は `kaikaku review` で一覧できます",
                "statements needing a response are listed by `kaikaku review`",
            ),
            Error::ChangedDuringCommit(_) => (
                "ほかのプログラムがファイルを書き終えるのを待って、もう一度コミットしてください",
                "let the other program finish writing, then commit again",
            ),
            Error::OutsideWorkspace(_) => (
                "plans/・minutes/・responses/ をワークスペース内の普通のディレクトリにしてください",
                "make plans/, minutes/ and responses/ plain directories inside the workspace",
            ),
            Error::UnsafeRuntime { .. } => (
                "kaikaku はロック・ジャーナル・キャッシュを .kaikaku/ に置き、そこではリンクをたどりません。削除してください（`rm -r .kaikaku`。git が追跡していれば `git rm -r --cached .kaikaku` でコミットし、.gitignore に /.kaikaku/ を追加）",
                "kaikaku keeps its lock, journal and cache in .kaikaku/ and never follows links there: remove it (`rm -r .kaikaku`; if git tracks it, `git rm -r --cached .kaikaku`, commit, and list /.kaikaku/ in .gitignore)",
            ),
            Error::ChangedOnDisk { .. } => (
                "別のプログラムがファイルを変更しました。もう一度実行するか（kaikaku は新しい内容を読みます）、`git diff` で確認してください",
                "another program changed the file: run the command again (kaikaku reads the new text), or look at `git diff`",
            ),
            Error::Lifecycle(refused) => return Some(refused.hint(lang)),
            // Listed one by one, so a new variant has to decide whether it has a hint.
            Error::Serialize { .. }
            | Error::NotFound { .. }
            | Error::Invalid(_)
            | Error::ReasonRequired(_)
            | Error::PlanEdit(_)
            | Error::Conflict(_)
            | Error::Git { .. } => return None,
        };
        Some(lang.pick(ja, en))
    }

    /// The message in `lang` ([`Error::message`]) and, after a dash, the hint: one status
    /// line for the TUI.
    pub fn with_hint(&self, lang: Language) -> String {
        let message = self.message(lang);
        match self.hint(lang) {
            // Some localized messages carry their fix already (a missing git identity).
            Some(hint) if !message.contains(hint) => format!("{message} — {hint}"),
            _ => message,
        }
    }

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
    /// The message in `lang`, sanitised, with its causes: what users read, in the CLI and
    /// the TUI alike. English is [`Error::chain`] (the `Display` with every cause), except
    /// where a localized form says more; Japanese is written per variant below.
    pub fn message(&self, lang: Language) -> String {
        crate::model::sanitize_inline(&match lang {
            Language::En => self.english(),
            Language::Ja => self.japanese(),
        })
    }

    /// The same as [`Error::message`]: the name the TUI's screens use.
    pub fn localized(&self, lang: Language) -> String {
        self.message(lang)
    }

    fn english(&self) -> String {
        match self {
            Error::Lifecycle(refused) => refused.message(Language::En),
            _ => self.chain(),
        }
    }

    /// Every variant in Japanese, listed one by one (no `_` arm): a new variant does not
    /// compile until it has its Japanese form. Library causes (libgit2, RON, a tool's
    /// output) follow after [`DETAIL`], as they were written.
    #[allow(clippy::too_many_lines)] // one short arm per variant
    fn japanese(&self) -> String {
        let ja = Language::Ja;
        match self {
            Error::Io {
                action,
                path,
                source,
            } => format!(
                "{} の{}に失敗しました（{}）",
                path.display(),
                io_action(action),
                io_reason(source, ja)
            ),
            Error::NotAWorkspace(path) => format!(
                "{} は kaikaku のワークスペースではありません（kaikaku.ron がありません）",
                path.display()
            ),
            Error::Unreadable { path, source } => format!(
                "ワークスペースのディレクトリ {} を読めません（{}）",
                path.display(),
                io_reason(source, ja)
            ),
            Error::ReadOnly(reason) => {
                format!(
                    "ワークスペースは読み取り専用で開いています（{}）",
                    reason.get(ja)
                )
            }
            Error::UnsafeId(why) => format!("使えない id です: {}", why.ja),
            Error::Broken { path } => format!("{path} にエラーがあるため、変更しません"),
            Error::Serialize { what, source } => {
                format!("{what} を書き出せません（{DETAIL}{source}）")
            }
            Error::NotFound { what, id } => format!("{}「{id}」はありません", thing(what)),
            Error::Invalid(text)
            | Error::PhaseOrder(text)
            | Error::ResponseRefused { reason: text, .. } => text.ja.clone(),
            Error::ChangedDuringCommit(path) => format!(
                "コミットの作成中に {path} が変更されました。何もコミットしていません。もう一度実行してください"
            ),
            Error::OutsideWorkspace(path) => {
                format!("{path} はワークスペースの外を指しています。そこには書き込みません")
            }
            Error::NotARepository(path) => {
                format!("{} は git リポジトリの中にありません", path.display())
            }
            Error::UnknownRevision { rev, .. } => {
                format!("リポジトリにリビジョン「{rev}」はありません")
            }
            Error::IndexLocked(path) => format!(
                "git のインデックスがロックされています（{} があります）",
                path.display()
            ),
            Error::DetachedHead => "HEAD がどのブランチも指していません".into(),
            Error::MissingIdentity => {
                "git の名前とメール（user.name と user.email）が未設定です".into()
            }
            Error::BadGitDate { variable, value } => {
                format!("{variable} は git が読める日時ではありません:「{value}」")
            }
            Error::CheckFailed(count) => format!(
                "ワークスペースに問題が {count} 件あります。フェーズのコミットには `kaikaku check` が通ることが必要です"
            ),
            Error::UnrelatedChanges(files) => format!(
                "ワークスペースのデータ以外のファイルが変更されています: {}",
                files.join(", ")
            ),
            Error::UncommittedData(files) => format!(
                "ワークスペースのデータにコミットしていない変更があります: {}",
                files.join(", ")
            ),
            Error::MissingReasons(items) => {
                format!("プランの改定には理由が必要です: {}", items.join("; "))
            }
            Error::ReasonRequired(what) => format!(
                "{} には理由が必要です。プランの実施期間中なので、改定は理由とともに記録されます",
                what.get(ja)
            ),
            Error::PlanEdit(refused) => refused.message(ja),
            Error::Signing(why) => format!("署名に失敗しました: {}", why.get(ja)),
            Error::TagExists(tag) => format!("タグ {tag} はすでにあります"),
            Error::NoRemote => "同期先のリモートが設定されていません".into(),
            Error::RemoteMissing { name, suggested } => {
                let mut text = format!("リポジトリに git のリモート「{name}」はありません");
                if let Some(url) = suggested {
                    text.push_str(&format!(
                        "（kaikaku.ron には {url} とありますが、追加するまで接続しません）"
                    ));
                }
                text
            }
            Error::Transport { what, detail } => {
                format!("{}（{DETAIL}{detail}）", what.get(ja))
            }
            Error::Conflict(items) => format!(
                "同期を中止しました: 両方で変更された項目が {} 件あります",
                items.len()
            ),
            Error::PushRejected(refs) => {
                format!("同期の間にリモートのブランチが進みました（{refs}）")
            }
            Error::UnsafeRuntime { path, why } => {
                format!("{} を使いません: {}", path.display(), why.describe(ja))
            }
            Error::ChangedOnDisk { path } => format!(
                "{path} は読み込んだ後に他で変更されたため、上書きしませんでした（この変更は未保存のままです）"
            ),
            Error::WouldNotLoad { path, reason } => format!(
                "{path} は書き込むと読み込めない内容になるため、書き込みませんでした（{DETAIL}{reason}）"
            ),
            Error::Lifecycle(refused) => refused.message(ja),
            Error::Git { message, source } => {
                let mut text = format!("git の処理に失敗しました（{DETAIL}{message}");
                if let Some(source) = source {
                    text.push_str(&format!(": {source}"));
                }
                text.push('）');
                text
            }
        }
    }
}

impl Localize for Error {
    fn message(&self, lang: Language) -> String {
        Error::message(self, lang)
    }
}

/// The verbs of [`Error::Io`] (`Error::io("write", …)`), as Japanese nouns.
pub const IO_ACTIONS: &[(&str, &str)] = &[
    ("append to", "追記"),
    ("create directory", "ディレクトリの作成"),
    ("create", "作成"),
    ("inspect", "確認"),
    ("list", "一覧の取得"),
    ("lock", "ロック"),
    ("open", "オープン"),
    ("read", "読み込み"),
    ("replace", "置き換え"),
    ("resolve", "パスの解決"),
    ("sync", "ディスクへの書き出し"),
    ("truncate", "切り詰め"),
    ("use", "使用"),
    ("write", "書き込み"),
];

fn io_action(action: &str) -> &str {
    IO_ACTIONS
        .iter()
        .find(|(en, _)| *en == action)
        .map_or("操作", |(_, ja)| ja)
}

/// The kinds of [`Error::NotFound`], as Japanese nouns.
pub const THINGS: &[(&str, &str)] = &[
    ("plan", "プラン"),
    ("meeting", "会議"),
    ("department", "所管局"),
    ("member", "委員"),
    ("committee", "委員会"),
    ("node", "取組"),
    ("indicator", "指標"),
    ("statement", "発言"),
];

fn thing(what: &str) -> &str {
    THINGS
        .iter()
        .find(|(en, _)| *en == what)
        .map_or("項目", |(_, ja)| ja)
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_speak_both_languages() {
        let error = Error::MissingIdentity;
        let ja = error.hint(Language::Ja).expect("a hint");
        let en = error.hint(Language::En).expect("a hint");
        assert!(ja.contains("git config --global user.name"), "{ja}");
        assert!(en.starts_with("set it once"), "{en}");
        // The status line (message — hint) names the fix once; the CLI prints it as the hint.
        assert_eq!(error.with_hint(Language::En).matches(en).count(), 1);
        assert_ne!(ja, en);
        assert!(Error::Invalid(Text::same("x")).hint(Language::Ja).is_none());
    }

    #[test]
    fn the_status_line_carries_the_fix() {
        let error = Error::IndexLocked(PathBuf::from(".git/index.lock"));
        let line = error.with_hint(Language::En);
        assert!(line.starts_with("the git index is locked"), "{line}");
        assert!(line.contains(" — another git process"), "{line}");
        assert_eq!(
            Error::NoRemote.with_hint(Language::Ja).split(" — ").count(),
            2
        );
        assert_eq!(
            Error::Invalid(Text::same("plain")).with_hint(Language::En),
            "plain"
        );
    }

    #[test]
    fn typed_refusals_keep_their_wording() {
        let refused = Error::ResponseRefused {
            statement: "s4".into(),
            reason: Text::same("statement \"s4\" is not flagged as needing a response"),
        };
        assert_eq!(
            refused.to_string(),
            "statement \"s4\" is not flagged as needing a response"
        );
        assert!(
            Error::ChangedDuringCommit("plans/a.ron".into())
                .to_string()
                .starts_with("plans/a.ron changed while the commit was being made")
        );
        assert!(
            Error::OutsideWorkspace("plans".into())
                .hint(Language::En)
                .is_some()
        );
    }
}
