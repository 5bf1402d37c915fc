//! `kaikaku audit`: is the history whole, chained, signed and honest?
//!
//! Checks, each reported as a [`Finding`] naming the commit or tag:
//! - object integrity: every object reachable from a ref reads back with a matching hash
//!   (libgit2 verifies hashes on read), like `git fsck`;
//! - the cycle tag chain: annotated, sequence 1, 2, 3 … without gaps, each naming the
//!   previous tag object, each on its cycle's Act commit inside the current history (an
//!   amend or rebase after tagging leaves the tag outside);
//! - signatures against the allowed-signers file, for commits whose workspace has signing on;
//! - confirmed minutes never changed afterwards (only confirmed → published);
//! - trailers on every commit that touches workspace data.
//!
//! It also tabulates every change to every figure with commit, author, date and phase.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use serde::Serialize;

use super::commit::{TAG_PREFIX, TRAILER_CYCLE, TRAILER_EVENT, TRAILER_PHASE, cycle_tags};
use super::diff::{Change, FigureField};
use super::log::CommitInfo;
use super::repo::{self, trailer, trailers};
use super::sign;
use super::walk::{Verified, read_verified};
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::model::meeting::MeetingStatus;
use crate::model::{Meeting, Settings, SigningSettings, sanitize_inline};
use crate::store::{MINUTES_DIR, SETTINGS_FILE};

/// What kind of problem a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Integrity,
    TagChain,
    Signature,
    ConfirmedMinutes,
    Trailers,
}

/// One problem found by the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The commit or tag concerned (short id or tag name).
    pub at: String,
    /// What is wrong, in both languages; JSON carries the English (a stable field for
    /// scripts), the text report the reader's.
    #[serde(serialize_with = "english")]
    pub message: Text,
}

fn english<S: serde::Serializer>(
    text: &Text,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&text.en)
}

fn unsigned() -> Text {
    Text::new(
        "署名がありませんが、ワークスペースは署名を必須としています",
        "is not signed, but the workspace requires signatures",
    )
}

fn bad_signature(reason: &impl std::fmt::Display) -> Text {
    crate::text!(
        "署名が正しくありません: {reason}",
        "bad signature: {reason}"
    )
}

/// One change to one figure (or target), for the audit table.
#[derive(Clone, Debug, Serialize)]
pub struct FigureRow {
    pub plan: String,
    pub indicator: String,
    pub name: String,
    /// `baseline`, `actual` or `target`.
    pub field: String,
    pub year: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub commit: String,
    pub author: String,
    pub date: String,
    pub cycle: Option<String>,
    pub phase: Option<String>,
    /// The recorded revision reason, else the user's text of the commit.
    pub reason: Option<String>,
}

/// The audit's result.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AuditReport {
    pub commits_checked: usize,
    pub objects_checked: usize,
    pub tags_checked: usize,
    pub findings: Vec<Finding>,
    pub figures: Vec<FigureRow>,
}

fn short(id: Oid) -> String {
    id.to_string()[..10].to_string()
}

/// Runs every check on the repository of the workspace in `dir`.
///
/// Each object is inflated and hashed once: the history walk of the figure table reads the
/// changed blobs and records what it found ([`Verified`]); the object check reads the
/// commits and trees meanwhile, on a thread of its own beside the walk's two, and then
/// only the blobs the walk did not read. The hashes are computed here, whatever libgit2's
/// per-read verification is set to; `kaikaku audit` turns that off for its process so
/// nothing is hashed twice. The checks that need no figure table (tags, signatures,
/// trailers, confirmed minutes) run on that thread too; findings keep their order.
pub fn audit(dir: &Path, since: Option<&str>) -> Result<AuditReport> {
    let repo = repo::open(dir)?;
    let verified = Verified::default();
    let head = repo::head_commit(&repo)?.map(|c| c.id());
    let (list, ids) = match head {
        Some(_) => {
            let mut list = super::log::timeline(&repo, since, None)?;
            list.reverse();
            let ids = list
                .iter()
                .map(|info| Oid::from_str(&info.id).map_err(|e| Error::git("bad commit id", e)))
                .collect::<Result<Vec<Oid>>>()?;
            (list, ids)
        }
        None => (Vec::new(), Vec::new()),
    };
    let git_dir = repo.path().to_path_buf();
    let checks = || -> Result<Checks> {
        let repo = Repository::open(&git_dir)
            .map_err(|e| Error::git("cannot open the repository again", e))?;
        side_checks(&repo, dir, head, &list, &ids)
    };
    let (changes, checks) = std::thread::scope(|scope| {
        let side = std::thread::Builder::new()
            .name("kaikaku-audit".into())
            .stack_size(CHECK_STACK)
            .spawn_scoped(scope, checks);
        let changes = match head {
            Some(_) => {
                super::walk::changes_of_commits_verifying(&repo, &ids, None, Some(&verified))
            }
            None => Ok(Vec::new()),
        };
        let checks = match side {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread: the checks run here instead.
            Err(_) => checks(),
        };
        (changes, checks)
    });
    let (changes, checks) = (changes?, checks?);
    let mut report = AuditReport {
        commits_checked: list.len(),
        tags_checked: checks.tags_checked,
        ..AuditReport::default()
    };
    let odb = repo
        .odb()
        .map_err(|e| Error::git("cannot open the object database", e))?;
    checks.objects.resolve(&odb, &verified, &mut report);
    report.findings.extend(checks.findings);
    figure_table(&list, changes, &mut report);
    Ok(report)
}

/// Stack of the checking thread: it parses RON (minutes, settings), which recurses.
const CHECK_STACK: usize = 8 * 1024 * 1024;

/// What the checks beside the walk found: object integrity (blobs left to resolve), then
/// the tag, signature, trailer and minutes findings in report order.
struct Checks {
    objects: ObjectCheck,
    tags_checked: usize,
    findings: Vec<Finding>,
}

/// Every check but the figure table and the blobs' hashes, on its own repository handle.
fn side_checks(
    repo: &Repository,
    dir: &Path,
    head: Option<Oid>,
    list: &[CommitInfo],
    ids: &[Oid],
) -> Result<Checks> {
    let objects = check_objects(repo)?;
    let mut report = AuditReport::default();
    if let Some(head) = head {
        check_tags(repo, dir, head, &mut report)?;
        check_commits(repo, dir, list, ids, &mut report)?;
        for finding in working_minutes(repo, dir)? {
            report.findings.push(finding);
        }
    }
    Ok(Checks {
        objects,
        tags_checked: report.tags_checked,
        findings: report.findings,
    })
}

/// The object check so far: objects read and hashed, and integrity findings in order with
/// the blobs still to check in their places.
#[derive(Default)]
struct ObjectCheck {
    checked: usize,
    entries: Vec<Integrity>,
}

/// One place in the integrity findings.
enum Integrity {
    Found(Finding),
    /// A blob of `commit`'s tree, named `name` there: the walk's verdict, else read now.
    Blob {
        commit: Oid,
        name: String,
        id: Oid,
    },
}

impl ObjectCheck {
    /// Checks the blobs left (the walk's verdicts, else reading them) into `report`.
    fn resolve(self, odb: &git2::Odb<'_>, verified: &Verified, report: &mut AuditReport) {
        report.objects_checked += self.checked;
        for entry in self.entries {
            match entry {
                Integrity::Found(finding) => report.findings.push(finding),
                Integrity::Blob { commit, name, id } => {
                    let verdict = verified
                        .get(id)
                        .unwrap_or_else(|| read_verified(odb, id).err());
                    match verdict {
                        None => report.objects_checked += 1,
                        Some(message) => report.findings.push(Finding {
                            kind: FindingKind::Integrity,
                            at: short(commit),
                            message: crate::text!(
                                "{name} {id} が壊れています: {message}",
                                "{name} {id} is damaged: {message}"
                            )
                            .map(sanitize_inline),
                        }),
                    }
                }
            }
        }
    }

    fn push(&mut self, finding: Finding) {
        self.entries.push(Integrity::Found(finding));
    }
}

/// Reads every commit, tree and tag reachable from every ref and checks its hash, like
/// `git fsck`; the blobs are left to [`ObjectCheck::resolve`].
fn check_objects(repo: &Repository) -> Result<ObjectCheck> {
    let mut check = ObjectCheck::default();
    let odb = repo
        .odb()
        .map_err(|e| Error::git("cannot open the object database", e))?;
    let mut seen: HashSet<Oid> = HashSet::new();
    let mut walk = repo
        .revwalk()
        .map_err(|e| Error::git("cannot walk the history", e))?;
    let references = repo
        .references()
        .map_err(|e| Error::git("cannot list refs", e))?;
    for reference in references.flatten() {
        let Some(target) = reference.target() else {
            continue;
        };
        let name = String::from_utf8_lossy(reference.name_bytes()).into_owned();
        let unreadable = |message: &str| Finding {
            kind: FindingKind::Integrity,
            at: sanitize_inline(&name),
            message: crate::text!(
                "参照先のオブジェクト {target} を読めません: {message}",
                "points to an unreadable object {target}: {message}"
            ),
        };
        let mut object = match repo.find_object(target, None) {
            Ok(object) => object,
            Err(e) => {
                check.push(unreadable(e.message()));
                continue;
            }
        };
        // Peel tag chains down to the commit, reading each tag object on the way.
        while object.kind() == Some(ObjectType::Tag) {
            if seen.insert(object.id())
                && let Err(message) = read_verified(&odb, object.id())
            {
                check.push(unreadable(&message));
                break;
            }
            check.checked += 1;
            match object.as_tag().and_then(|t| t.target().ok()) {
                Some(next) => object = next,
                None => break,
            }
        }
        if object.kind() == Some(ObjectType::Commit) {
            let _ = walk.push(object.id());
        }
    }
    for id in walk {
        let Ok(id) = id else {
            check.push(Finding {
                kind: FindingKind::Integrity,
                at: "history".into(),
                message: Text::new(
                    "履歴の中のコミットを読めません",
                    "a commit in the history cannot be read",
                ),
            });
            continue;
        };
        let tree_id = match read_verified(&odb, id) {
            Ok(object) => commit_tree(object.data()),
            Err(message) => {
                check.push(Finding {
                    kind: FindingKind::Integrity,
                    at: short(id),
                    message: crate::text!(
                        "コミットオブジェクトが壊れています: {message}",
                        "commit object is damaged: {message}"
                    ),
                });
                continue;
            }
        };
        check.checked += 1;
        let Some(tree_id) = tree_id.or_else(|| repo.find_commit(id).ok().map(|c| c.tree_id()))
        else {
            continue;
        };
        if seen.insert(tree_id) {
            check_tree(&odb, tree_id, id, &mut seen, &mut check);
        }
    }
    Ok(check)
}

/// The tree a raw commit object names on its first line.
fn commit_tree(data: &[u8]) -> Option<Oid> {
    let hex = data.strip_prefix(b"tree ")?.get(..40)?;
    Oid::from_str(std::str::from_utf8(hex).ok()?).ok()
}

/// The entries of a raw tree object: `<octal mode> <name>\0<20-byte id>` each.
fn tree_entries(data: &[u8]) -> Option<Vec<(u32, String, Oid)>> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let space = rest.iter().position(|b| *b == b' ')?;
        let mode = u32::from_str_radix(std::str::from_utf8(&rest[..space]).ok()?, 8).ok()?;
        let nul = space + 1 + rest[space + 1..].iter().position(|b| *b == 0)?;
        let name = String::from_utf8_lossy(&rest[space + 1..nul]).into_owned();
        let id = Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
        out.push((mode, name, id));
        rest = &rest[nul + 21..];
    }
    Some(out)
}

/// Checks a tree and everything under it not seen before, each object read once.
fn check_tree(
    odb: &git2::Odb<'_>,
    tree_id: Oid,
    commit: Oid,
    seen: &mut HashSet<Oid>,
    check: &mut ObjectCheck,
) {
    let entries = match read_verified(odb, tree_id).and_then(|object| {
        tree_entries(object.data()).ok_or_else(|| "the tree cannot be parsed".to_string())
    }) {
        Ok(entries) => entries,
        Err(message) => {
            check.push(Finding {
                kind: FindingKind::Integrity,
                at: short(commit),
                message: crate::text!(
                    "ツリー {tree_id} が壊れています: {message}",
                    "tree {tree_id} is damaged: {message}"
                ),
            });
            return;
        }
    };
    check.checked += 1;
    let mut damaged = Vec::new();
    check_entries(odb, commit, &entries, seen, check, &mut damaged);
    check.entries.extend(damaged);
}

/// The entries of one tree in order, each subtree's entries right after it (the order
/// of a pre-order tree walk); blobs are left in `damaged` to resolve in their place.
fn check_entries(
    odb: &git2::Odb<'_>,
    commit: Oid,
    entries: &[(u32, String, Oid)],
    seen: &mut HashSet<Oid>,
    check: &mut ObjectCheck,
    damaged: &mut Vec<Integrity>,
) {
    const TREE_MODE: u32 = 0o040_000;
    for (mode, name, id) in entries {
        if !seen.insert(*id) {
            continue;
        }
        let found = |message: Text| {
            Integrity::Found(Finding {
                kind: FindingKind::Integrity,
                at: short(commit),
                message: message.map(sanitize_inline),
            })
        };
        if *mode != TREE_MODE {
            damaged.push(Integrity::Blob {
                commit,
                name: name.clone(),
                id: *id,
            });
            continue;
        }
        match read_verified(odb, *id) {
            Ok(object) => {
                check.checked += 1;
                match tree_entries(object.data()) {
                    Some(children) => {
                        check_entries(odb, commit, &children, seen, check, damaged);
                    }
                    None => damaged.push(found(crate::text!(
                        "{name} {id} が壊れています: ツリーを解析できません",
                        "{name} {id} is damaged: the tree cannot be parsed"
                    ))),
                }
            }
            Err(message) => damaged.push(found(crate::text!(
                "{name} {id} が壊れています: {message}",
                "{name} {id} is damaged: {message}"
            ))),
        }
    }
}

/// The signing policy and allowed-signers file of the working tree, when signing is on.
fn signing_policy(dir: &Path) -> Option<(SigningSettings, std::path::PathBuf)> {
    let text = std::fs::read(dir.join(SETTINGS_FILE)).ok()?;
    let settings: Settings = crate::store::canonical::options().from_bytes(&text).ok()?;
    let signing = settings.signing?;
    let path = dir.join(&signing.allowed_signers);
    Some((signing, path))
}

fn check_tags(repo: &Repository, dir: &Path, head: Oid, report: &mut AuditReport) -> Result<()> {
    let tags = cycle_tags(repo)?;
    let policy = signing_policy(dir);
    let mut expected_sequence = 1;
    let mut previous: Option<&super::commit::CycleTag> = None;
    for tag in &tags {
        report.tags_checked += 1;
        let name = sanitize_inline(&tag.name);
        let mut finding = |message: Text| {
            report.findings.push(Finding {
                kind: FindingKind::TagChain,
                at: name.clone(),
                message,
            });
        };
        let Some(tag_id) = tag.tag_id else {
            finding(Text::new(
                "kaikaku が作る注釈付きのサイクルタグではなく軽量タグです。置き換えられたか移動されています",
                "is a lightweight tag, not the annotated cycle tag kaikaku made: it was replaced or moved",
            ));
            continue;
        };
        let Some(sequence) = tag.sequence else {
            finding(Text::new(
                "Kaikaku-Sequence トレーラーがありません。`kaikaku close-cycle` で作られたものではありません（置き換え・移動？）",
                "has no Kaikaku-Sequence trailer: it was not made by `kaikaku close-cycle` (replaced or moved?)",
            ));
            continue;
        };
        if trailer(&trailers(&tag.message), TRAILER_CYCLE) != tag.name.strip_prefix(TAG_PREFIX) {
            finding(Text::new(
                "メッセージが別のサイクルを指しています。タグの名前が変えられたかコピーされています",
                "its message names another cycle: the tag was renamed or copied",
            ));
        }
        if sequence != expected_sequence {
            finding(crate::text!(
                "通し番号が {expected_sequence} のはずが {sequence} です。サイクルタグが欠けているか重複しています",
                "sequence {sequence} where {expected_sequence} was expected: a cycle tag is missing or duplicated"
            ));
        }
        expected_sequence = sequence + 1;
        let recorded = tag.previous.as_deref().unwrap_or("none");
        let actual = previous
            .and_then(|p| p.tag_id)
            .map_or_else(|| "none".to_string(), |id| id.to_string());
        if recorded != actual {
            let was = previous.map_or(String::new(), |p| {
                format!(" ({})", sanitize_inline(&p.name))
            });
            finding(crate::text!(
                "前のサイクルタグを {recorded} と記録していますが、現在は {actual}{was} です。タグが移動・削除・再作成されています",
                "records the previous cycle tag as {recorded}, but it is now {actual}{was}: a tag was moved, deleted or re-created"
            ));
        }
        let reachable =
            tag.commit == head || repo.graph_descendant_of(head, tag.commit).unwrap_or(false);
        if !reachable {
            let commit = short(tag.commit);
            finding(crate::text!(
                "現在の履歴にないコミット {commit} を指しています。サイクルを閉じた後にコミットが修正されたか履歴が書き換えられています",
                "points to commit {commit} which is not in the current history: a commit was amended or the history rewritten after the cycle was closed"
            ));
        }
        if let Ok(commit) = repo.find_commit(tag.commit) {
            let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            let found = trailers(&message);
            if trailer(&found, TRAILER_PHASE) != Some("act")
                || trailer(&found, TRAILER_CYCLE) != tag.name.strip_prefix(TAG_PREFIX)
            {
                let commit = short(tag.commit);
                finding(crate::text!(
                    "サイクルの Act コミットではない {commit} を指しています。タグが移動されています",
                    "points to {commit} which is not the cycle's Act commit: the tag was moved"
                ));
            }
        }
        if let Some((signing, allowed)) = &policy {
            let content = repo
                .odb()
                .and_then(|odb| odb.read(tag_id).map(|o| o.data().to_vec()));
            if let Ok(content) = content {
                match sign::split_tag_signature(&content) {
                    None => finding(unsigned()),
                    Some((data, signature)) => {
                        if let Err(reason) = sign::verify(signing.format, allowed, signature, data)
                        {
                            finding(bad_signature(&reason));
                        }
                    }
                }
            }
        }
        previous = Some(tag);
    }
    Ok(())
}

/// The meetings in a tree whose minutes are confirmed (or published), by path.
fn confirmed_meeting(repo: &Repository, tree: &git2::Tree<'_>, path: &str) -> Option<Meeting> {
    let entry = tree.get_path(Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    let meeting: Meeting = crate::store::canonical::options()
        .from_bytes(blob.content())
        .ok()?;
    (meeting.status != MeetingStatus::Draft).then_some(meeting)
}

/// Whether `new` changes confirmed minutes `old` beyond confirmed → published.
fn minutes_changed(old: &Meeting, new: Option<&Meeting>) -> bool {
    let Some(new) = new else {
        return true;
    };
    let mut normalised = new.clone();
    if old.status == MeetingStatus::Confirmed && new.status == MeetingStatus::Published {
        normalised.status = MeetingStatus::Confirmed;
    }
    *old != normalised
}

fn minutes_paths(repo: &Repository, tree: &git2::Tree<'_>) -> Vec<String> {
    let Ok(entry) = tree.get_path(Path::new(MINUTES_DIR)) else {
        return Vec::new();
    };
    let Ok(dir) = repo.find_tree(entry.id()) else {
        return Vec::new();
    };
    dir.iter()
        .filter_map(|e| e.name().ok().map(|n| format!("{MINUTES_DIR}/{n}")))
        .filter(|p| {
            Path::new(p)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        })
        .collect()
}

/// One change between two trees: the old path and the new path (absent when added/removed).
type PathChange = (Option<String>, Option<String>);

/// The paths a commit changed against one parent; `None` when the trees cannot be compared.
fn changed_paths(
    repo: &Repository,
    parent: &git2::Commit<'_>,
    tree: &git2::Tree<'_>,
) -> Option<Vec<PathChange>> {
    let old = parent.tree().ok()?;
    let changes = repo.diff_tree_to_tree(Some(&old), Some(tree), None).ok()?;
    let path = |p: Option<&Path>| p.map(|p| p.to_string_lossy().replace('\\', "/"));
    Some(
        changes
            .deltas()
            .map(|delta| (path(delta.old_file().path()), path(delta.new_file().path())))
            .collect(),
    )
}

/// Whether a path is a minutes file as [`minutes_paths`] lists them.
fn is_minutes_path(path: &str) -> bool {
    path.strip_prefix(MINUTES_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| {
            !name.contains('/')
                && Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        })
}

/// Whether the settings blob of a tree turns signing on; parsed once per blob, as the
/// settings change a few times in a history of thousands of commits.
fn signing_required(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    seen: &mut HashMap<Oid, bool>,
) -> bool {
    let Ok(entry) = tree.get_path(Path::new(SETTINGS_FILE)) else {
        return false;
    };
    *seen.entry(entry.id()).or_insert_with(|| {
        repo.find_blob(entry.id())
            .ok()
            .and_then(|b| {
                crate::store::canonical::options()
                    .from_bytes::<Settings>(b.content())
                    .ok()
            })
            .is_some_and(|s| s.signing.is_some())
    })
}

#[allow(clippy::too_many_lines)] // the per-commit checks read best side by side
fn check_commits(
    repo: &Repository,
    dir: &Path,
    list: &[CommitInfo],
    ids: &[Oid],
    report: &mut AuditReport,
) -> Result<()> {
    let policy = signing_policy(dir);
    let mut signing_seen = HashMap::new();
    for (info, &id) in list.iter().zip(ids) {
        let commit = repo
            .find_commit(id)
            .map_err(|e| Error::git("cannot read a commit", e))?;
        let at = info.short.clone();
        let tree = commit
            .tree()
            .map_err(|e| Error::git("cannot read a commit tree", e))?;
        let parents: Vec<git2::Commit<'_>> = commit.parents().collect();
        // What each parent changed, compared once for the trailer and the minutes checks.
        let per_parent: Vec<Option<Vec<PathChange>>> = parents
            .iter()
            .map(|p| changed_paths(repo, p, &tree))
            .collect();
        // Trailers on every commit that touches data (the first commit creates the
        // workspace and is exempt).
        let touches_data = !parents.is_empty()
            && per_parent.iter().all(|changed| {
                changed.as_ref().is_none_or(|changed| {
                    changed
                        .iter()
                        .flat_map(|(a, b)| [a, b])
                        .flatten()
                        .any(|p| repo::is_data_path(p, &[]))
                })
            });
        let found = trailers(&info.message);
        let has_trailers = (trailer(&found, TRAILER_CYCLE).is_some()
            && trailer(&found, TRAILER_PHASE).is_some())
            || trailer(&found, TRAILER_EVENT).is_some();
        if touches_data && !has_trailers {
            report.findings.push(Finding {
                kind: FindingKind::Trailers,
                at: at.clone(),
                message: {
                    let subject = sanitize_inline(&info.subject);
                    crate::text!(
                        "Kaikaku のトレーラーなしでワークスペースのデータを変更しています（kaikaku の外で作成？）: {subject}",
                        "changes workspace data without Kaikaku trailers (made outside kaikaku?): {subject}"
                    )
                },
            });
        }
        // Signatures, where the commit's own workspace requires them.
        if let (true, Some((signing, allowed))) =
            (signing_required(repo, &tree, &mut signing_seen), &policy)
        {
            match repo.extract_signature(&id, None) {
                Err(_) => report.findings.push(Finding {
                    kind: FindingKind::Signature,
                    at: at.clone(),
                    message: unsigned(),
                }),
                Ok((signature, data)) => {
                    if let Err(reason) = sign::verify(signing.format, allowed, &signature, &data) {
                        report.findings.push(Finding {
                            kind: FindingKind::Signature,
                            at: at.clone(),
                            message: bad_signature(&reason),
                        });
                    }
                }
            }
        }
        // Confirmed minutes stay as confirmed. Only minutes whose blob the commit changed
        // can have changed (parsing every meeting of every commit made the audit quadratic
        // in the history's size); a tree that cannot be compared has all its minutes read.
        for (parent, changed) in parents.iter().zip(&per_parent) {
            let Ok(parent_tree) = parent.tree() else {
                continue;
            };
            let paths: Vec<String> = match changed {
                Some(changed) => changed
                    .iter()
                    .filter_map(|(old, _)| old.clone())
                    .filter(|p| is_minutes_path(p))
                    .collect(),
                None => minutes_paths(repo, &parent_tree),
            };
            for path in paths {
                let blob =
                    |tree: &git2::Tree<'_>| tree.get_path(Path::new(&path)).ok().map(|e| e.id());
                if blob(&parent_tree).is_some() && blob(&parent_tree) == blob(&tree) {
                    continue;
                }
                let Some(old) = confirmed_meeting(repo, &parent_tree, &path) else {
                    continue;
                };
                let new_text = tree
                    .get_path(Path::new(&path))
                    .ok()
                    .and_then(|e| repo.find_blob(e.id()).ok())
                    .and_then(|b| String::from_utf8(b.content().to_vec()).ok());
                let new = new_text.as_deref().and_then(|text| {
                    crate::store::canonical::options()
                        .from_str::<Meeting>(text)
                        .ok()
                });
                let same_as_other_parent = parents.iter().any(|p| {
                    p.tree()
                        .ok()
                        .and_then(|t| t.get_path(Path::new(&path)).ok().map(|e| e.id()))
                        == tree.get_path(Path::new(&path)).ok().map(|e| e.id())
                });
                if minutes_changed(&old, new.as_ref()) && !same_as_other_parent {
                    // Named as `path:line:column` of the first change in the committed
                    // text, like `kaikaku check` does for the working tree.
                    let (line, column) = match (new_text.as_deref(), new.as_ref()) {
                        (Some(text), Some(new)) => first_difference(&old, new, text),
                        _ => (1, 1),
                    };
                    report.findings.push(Finding {
                        kind: FindingKind::ConfirmedMinutes,
                        at: at.clone(),
                        message: {
                            let path = sanitize_inline(&path);
                            crate::text!(
                                "確定後の議事録 {path}:{line}:{column} を変更しています",
                                "changes {path}:{line}:{column} after the minutes were confirmed"
                            )
                        },
                    });
                }
            }
        }
    }
    Ok(())
}

/// Every change to every figure, commit by commit (`changes` in the order of `list`).
fn figure_table(list: &[CommitInfo], changes: Vec<Vec<Change>>, report: &mut AuditReport) {
    for (info, changes) in list.iter().zip(changes) {
        // The reason is the body's first paragraph, found once per commit: a commit of a
        // thousand figures has a message of as many lines.
        let reason = first_paragraph(&info.body());
        for change in changes {
            if let Some(row) = figure_row(&change, info, reason.as_deref()) {
                report.figures.push(row);
            }
        }
    }
}

/// The user's first paragraph of a commit body, unless it is kaikaku's generated summary.
fn first_paragraph(user_text: &str) -> Option<String> {
    user_text
        .split("\n\n")
        .next()
        .filter(|p| !p.starts_with("Changes (") && !p.starts_with("No data changes"))
        .map(str::to_string)
}

fn figure_row(change: &Change, info: &CommitInfo, reason: Option<&str>) -> Option<FigureRow> {
    let base = |plan: &str, indicator: &str, name: &str| FigureRow {
        plan: plan.to_string(),
        indicator: indicator.to_string(),
        name: name.to_string(),
        field: String::new(),
        year: None,
        old: None,
        new: None,
        commit: info.short.clone(),
        author: info.author.clone(),
        date: info.date.clone(),
        cycle: info.cycle.clone(),
        phase: info.phase.clone(),
        reason: None,
    };
    let first_paragraph = reason.map(str::to_string);
    match change {
        Change::Figure {
            plan,
            indicator,
            name,
            field,
            year,
            old,
            new,
            ..
        } => Some(FigureRow {
            field: match field {
                FigureField::Baseline => "baseline".into(),
                FigureField::Actual => "actual".into(),
                FigureField::Planned => "planned".into(),
            },
            year: Some(year.western()),
            old: old.map(|f| f.to_string()),
            new: new.map(|f| f.to_string()),
            reason: first_paragraph,
            ..base(plan, indicator, name)
        }),
        Change::Target {
            plan,
            indicator,
            name,
            old,
            new,
            reason,
        } => Some(FigureRow {
            field: "target".into(),
            old: old.clone(),
            new: new.clone(),
            reason: reason.clone().or(first_paragraph),
            ..base(plan, indicator, name)
        }),
        _ => None,
    }
}

/// Whether the blob at `path` in `tree` holds exactly `bytes`.
fn committed_bytes_are(repo: &Repository, tree: &git2::Tree<'_>, path: &str, bytes: &[u8]) -> bool {
    tree.get_path(Path::new(path))
        .ok()
        .and_then(|entry| repo.find_blob(entry.id()).ok())
        .is_some_and(|blob| blob.content() == bytes)
}

/// Confirmed minutes changed in the working tree since HEAD: cheap enough for `kaikaku check`
/// (one blob per meeting file).
pub fn working_minutes(repo: &Repository, dir: &Path) -> Result<Vec<Finding>> {
    let Some(head) = repo::head_commit(repo)? else {
        return Ok(Vec::new());
    };
    let tree = head
        .tree()
        .map_err(|e| Error::git("cannot read the HEAD tree", e))?;
    let mut out = Vec::new();
    for path in minutes_paths(repo, &tree) {
        let working = std::fs::read(dir.join(&path)).ok();
        // The committed bytes, unchanged: they parse to the committed meeting, which is
        // not a change (on large, 500 files of minutes parsed twice for nothing).
        if working
            .as_deref()
            .is_some_and(|bytes| committed_bytes_are(repo, &tree, &path, bytes))
        {
            continue;
        }
        let Some(old) = confirmed_meeting(repo, &tree, &path) else {
            continue;
        };
        let new = working.and_then(|bytes| {
            crate::store::canonical::options()
                .from_bytes::<Meeting>(&bytes)
                .ok()
        });
        if minutes_changed(&old, new.as_ref()) {
            out.push(Finding {
                kind: FindingKind::ConfirmedMinutes,
                at: "working tree".into(),
                message: {
                    let (path, at) = (sanitize_inline(&path), short(head.id()));
                    crate::text!(
                        "{path} は議事録の確定後に変更されています（{at} でコミット）",
                        "{path} was changed after the minutes were confirmed (committed at {at})"
                    )
                },
            });
        }
    }
    Ok(out)
}

/// Confirmed minutes changed in the working tree since HEAD, each as a diagnostic at the
/// first place the working file differs from the confirmed text (`kaikaku check`); none
/// when `dir` is not a git repository.
pub fn confirmed_minutes_diagnostics(dir: &Path) -> Vec<crate::store::Diagnostic> {
    let Ok(repo) = repo::open(dir) else {
        return Vec::new();
    };
    let Ok(Some(head)) = repo::head_commit(&repo) else {
        return Vec::new();
    };
    let Ok(tree) = head.tree() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in minutes_paths(&repo, &tree) {
        let Some(old) = confirmed_meeting(&repo, &tree, &path) else {
            continue;
        };
        let text = std::fs::read(dir.join(&path))
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let new = text.as_deref().and_then(|text| {
            crate::store::canonical::options()
                .from_str::<Meeting>(text)
                .ok()
        });
        if !minutes_changed(&old, new.as_ref()) {
            continue;
        }
        let (line, column) = match (text.as_deref(), new.as_ref()) {
            (Some(text), Some(new)) => first_difference(&old, new, text),
            _ => (1, 1),
        };
        out.push(crate::store::Diagnostic {
            path: path.clone(),
            line,
            column,
            message: {
                let at = short(head.id());
                crate::text!(
                    "議事録の確定後に変更されています（確定のコミット {at}）",
                    "changed after the minutes were confirmed (committed at {at})"
                )
            },
            hint: Some(
                (
                    "確定した議事録は変わりません。`git checkout -- minutes/` で戻してください",
                    "confirmed minutes do not change; restore with `git checkout -- minutes/`",
                )
                    .into(),
            ),
        });
    }
    out
}

/// Where the working text of changed minutes first departs from the confirmed meeting: the
/// first line where the canonical forms differ, found in the working text (exactly, when it
/// is canonical, as kaikaku writes it; else by that line's content), or the file's start.
fn first_difference(old: &Meeting, new: &Meeting, text: &str) -> (usize, usize) {
    let mut normalised = new.clone();
    if old.status == MeetingStatus::Confirmed && new.status == MeetingStatus::Published {
        normalised.status = MeetingStatus::Confirmed;
    }
    let (Ok(old_text), Ok(new_text)) = (
        crate::store::canonical::to_canonical(old),
        crate::store::canonical::to_canonical(&normalised),
    ) else {
        return (1, 1);
    };
    let Some((index, (old_line, new_line))) = old_text
        .lines()
        .zip(new_text.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .or_else(|| {
            // One is a prefix of the other: the first line only one of them has.
            let shorter = old_text.lines().count().min(new_text.lines().count());
            new_text
                .lines()
                .nth(shorter)
                .or_else(|| new_text.lines().last())
                .map(|line| (shorter, ("", line)))
        })
    else {
        return (1, 1);
    };
    if text == new_text {
        let column = old_line
            .chars()
            .zip(new_line.chars())
            .take_while(|(a, b)| a == b)
            .count()
            + 1;
        return (index + 1, column);
    }
    let wanted = new_line.trim();
    text.lines()
        .enumerate()
        .find(|(_, line)| !wanted.is_empty() && line.trim() == wanted)
        .map_or((1, 1), |(i, line)| {
            (
                i + 1,
                line.chars().take_while(|c| c.is_whitespace()).count() + 1,
            )
        })
}

/// Confirmed-minutes findings for the workspace in `dir`, or none when it is not a git
/// repository (for `kaikaku check`).
pub fn check_confirmed_minutes(dir: &Path) -> Vec<Finding> {
    repo::open(dir)
        .ok()
        .and_then(|repo| working_minutes(&repo, dir).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../minutes/2021-03-22-kaikaku-suishin-1.ron");

    fn parse(text: &str) -> Meeting {
        crate::store::canonical::options()
            .from_str(text)
            .expect("minutes parse")
    }

    /// The position of a change to confirmed minutes: exact in a canonical file, found by
    /// the changed line's content in a hand-formatted one, the start when nothing matches.
    #[test]
    fn the_first_difference_is_found_in_canonical_and_hand_formatted_text() {
        let old = parse(SAMPLE);
        let at = SAMPLE.find("text: \"議題②").expect("statement") + "text: \"".len();
        let mut changed = SAMPLE.to_string();
        changed.insert(at, '改');
        let new = parse(&changed);
        let line = SAMPLE[..at].matches('\n').count() + 1;
        let column = SAMPLE[SAMPLE[..at].rfind('\n').map_or(0, |i| i + 1)..at]
            .chars()
            .count()
            + 1;
        assert_eq!(first_difference(&old, &new, &changed), (line, column));
        // Two blank lines on top and no indentation: the same statement line, moved.
        let hand: String = format!(
            "\n\n{}",
            changed
                .lines()
                .map(str::trim_start)
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert_eq!(first_difference(&old, &parse(&hand), &hand), (line + 2, 1));
    }
}
