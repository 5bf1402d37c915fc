//! The diff of a phase commit, HEAD's side against the working tree's, at the cost of the
//! change.
//!
//! A one-figure commit used to parse the changed 1.3 MB plan twice, once per side, and diff
//! the two whole plans: two thirds of its time on the medium workspace. Now the working
//! version is parsed through a node memo ([`PlanMemo`], in `check_cache`), and HEAD's
//! version is scanned from it: only the nodes the commit changed are parsed again, and the
//! two sides are reduced to those nodes ([`reduced_pair`]) before the semantic diff, which
//! then gives the same changes in the same order as the whole plans would (the walk of
//! `log` and `audit` diffs the same way). A plan the memo does not take on either side is
//! loaded and diffed whole, as before.
//!
//! The working side of every plan with a memo is put together from the memo, reduced or
//! whole: a plan the validation compared node by node was loaded with its own fields only,
//! and its memo parses a node when the diff first reads it.

use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Repository, Tree};

use super::check_cache::HeadPlan;
use super::diff::{WorkspaceDiff, diff};
use super::git_source::{load_empty, load_narrowed};
use super::plan_memo::{PlanMemo, Scanned, reduced_pair};
use crate::error::{Error, Result};
use crate::model::Plan;
use crate::store::source::MAX_FILE_BYTES;
use crate::store::{Loaded, PLANS_DIR, Workspace};

/// The step HEAD's versions are scanned at in a memo that scanned the working one at 0.
const HEAD_STEP: u64 = 1;

/// HEAD's side of a commit: the kept files but the plans, loaded, and the bytes of the kept
/// plans, to scan from the working versions.
pub(super) struct HeadSide {
    workspace: Workspace,
    plans: Vec<(String, Vec<u8>)>,
}

/// Where [`head_side`] sends the kept plans as soon as they are read, with the blobs the
/// validation cache vouches for by path (`check_cache::Pending::vouched_plans`).
pub(super) type PlanSender<'s> = (
    &'s std::sync::mpsc::Sender<Vec<HeadPlan>>,
    &'s HashMap<String, git2::Oid>,
);

/// Reads HEAD's side for the paths in `keep` (`tree`: `None` before the first commit).
/// With `send_plans`, HEAD's versions of the kept plans are also sent as soon as they are
/// read, with the version the cache vouches for where that is another blob (a commit made
/// without kaikaku since): the working side's validation compares the changed plans with
/// the vouched versions (`check_cache::Pending::finish`) while this side loads the rest.
pub(super) fn head_side(
    repo: &Repository,
    tree: Option<&Tree<'_>>,
    keep: &HashSet<String>,
    send_plans: Option<PlanSender<'_>>,
) -> Result<HeadSide> {
    let Some(tree) = tree else {
        return Ok(HeadSide {
            workspace: load_empty(repo)?,
            plans: Vec::new(),
        });
    };
    let mut plans = Vec::new();
    let mut rest = keep.clone();
    let mut sent = Vec::new();
    for path in keep {
        if let Some((blob, bytes)) = plan_blob(repo, tree, path) {
            rest.remove(path);
            if let Some((_, vouched)) = send_plans {
                sent.push(HeadPlan {
                    path: path.clone(),
                    blob,
                    bytes: bytes.clone(),
                });
                if let Some(base) = vouched.get(path).filter(|base| **base != blob)
                    && let Ok(found) = repo.find_blob(*base)
                    && found.size() as u64 <= MAX_FILE_BYTES
                {
                    sent.push(HeadPlan {
                        path: path.clone(),
                        blob: *base,
                        bytes: found.content().to_vec(),
                    });
                }
            }
            plans.push((path.clone(), bytes));
        }
    }
    if let Some((sender, _)) = send_plans {
        // The receiver may have decided without them: nothing to do then.
        let _ = sender.send(sent);
    }
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(HeadSide {
        workspace: load_narrowed(repo, tree, &rest)?,
        plans,
    })
}

/// The bytes of `path` in `tree` when a load would read it as a plan file and could: a
/// `plans/<name>.ron` regular blob within the size limit. Anything else is left to the load,
/// which reports it as before.
fn plan_blob(repo: &Repository, tree: &Tree<'_>, path: &str) -> Option<(git2::Oid, Vec<u8>)> {
    let name = path.strip_prefix(PLANS_DIR)?.strip_prefix('/')?;
    let listed = !name.contains('/')
        && !name.starts_with('.')
        && std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e == "ron");
    if !listed {
        return None;
    }
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let regular = entry.filemode() == 0o100_644 || entry.filemode() == 0o100_755;
    if entry.kind() != Some(ObjectType::Blob) || !regular {
        return None;
    }
    let blob = repo.find_blob(entry.id()).ok()?;
    (blob.size() as u64 <= MAX_FILE_BYTES).then(|| (entry.id(), blob.content().to_vec()))
}

/// The semantic diff of HEAD's side and the working tree's, with the changed plans scanned
/// through their memos (each working plan with a memo is taken from it, reduced or
/// whole). `working`'s plans are the same before and after.
pub(super) fn diff_sides(
    repo: &Repository,
    tree: Option<&Tree<'_>>,
    head: HeadSide,
    working: &mut Workspace,
    mut memos: HashMap<String, (PlanMemo, Scanned)>,
) -> Result<WorkspaceDiff> {
    let HeadSide {
        workspace: mut old,
        plans,
    } = head;
    let mut reduced_new: HashMap<String, Loaded<Plan>> = HashMap::new();
    let mut whole: HashSet<String> = HashSet::new();
    for (path, bytes) in plans {
        let Some((memo, new_scan)) = memos.get_mut(&path) else {
            whole.insert(path);
            continue;
        };
        let Some((old_plan, new_plan)) = scan_pair(memo, new_scan, &bytes) else {
            // The working side is put together whole from its memo: a plan proved clean
            // node by node is loaded without its nodes (`check_cache::Verified::working`).
            let new_plan = whole_working(memo, new_scan, working, &path)?;
            reduced_new.insert(
                path.clone(),
                Loaded {
                    path: path.clone(),
                    text: String::new(),
                    value: new_plan,
                },
            );
            whole.insert(path);
            continue;
        };
        let text = String::from_utf8(bytes).unwrap_or_default();
        old.add_parsed_plan(Loaded {
            path: path.clone(),
            text,
            value: old_plan,
        });
        reduced_new.insert(
            path.clone(),
            Loaded {
                path,
                text: String::new(),
                value: new_plan,
            },
        );
    }
    if !whole.is_empty() {
        let tree = tree.ok_or_else(|| {
            Error::Invalid(("内部エラー（コミットの差分）", "commit diff without HEAD").into())
        })?;
        let loaded = load_narrowed(repo, tree, &whole)?;
        old.plans.extend(loaded.plans);
        old.load_errors.extend(
            loaded
                .load_errors
                .into_iter()
                .filter(|d| whole.contains(&d.path)),
        );
    }
    // In the order a load lists them: by file name.
    old.plans.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(diff_reduced(&old, working, reduced_new))
}

/// HEAD's version of a plan from the memo of the working one, and both reduced to what
/// differs when they can be, else both whole.
fn scan_pair(memo: &mut PlanMemo, new_scan: &Scanned, head_bytes: &[u8]) -> Option<(Plan, Plan)> {
    let old_scan = memo.scan_bytes(head_bytes, HEAD_STEP)?;
    let include = reduced_pair(&old_scan, new_scan);
    Some((
        memo.assemble(&old_scan, include.as_deref(), HEAD_STEP)?,
        memo.assemble(new_scan, include.as_deref(), HEAD_STEP)?,
    ))
}

/// The whole working plan at `path`: from its memo, else parsed from the text validated.
fn whole_working(
    memo: &mut PlanMemo,
    scan: &Scanned,
    working: &Workspace,
    path: &str,
) -> Result<Plan> {
    if let Some(plan) = memo.assemble(scan, None, HEAD_STEP) {
        return Ok(plan);
    }
    let text = working
        .plans
        .iter()
        .find(|loaded| loaded.path == path)
        .map(|loaded| loaded.text.as_str())
        .ok_or_else(|| {
            Error::Invalid(("内部エラー（コミットの差分）", "commit diff without a plan").into())
        })?;
    crate::store::canonical::options()
        .from_str(text)
        .map_err(|_| Error::Invalid(("内部エラー（コミットの差分）", "commit diff: plan").into()))
}

/// `diff(old, working)` with the working plans in `reduced` swapped for their reduced
/// versions while it runs.
fn diff_reduced(
    old: &Workspace,
    working: &mut Workspace,
    mut reduced: HashMap<String, Loaded<Plan>>,
) -> WorkspaceDiff {
    if reduced.is_empty() {
        return diff(old, working);
    }
    let full = std::mem::take(&mut working.plans);
    let mut originals = Vec::with_capacity(full.len());
    for plan in full {
        if let Some(small) = reduced.remove(&plan.path) {
            working.plans.push(small);
            originals.push(Some(plan));
        } else {
            working.plans.push(plan);
            originals.push(None);
        }
    }
    let changes = diff(old, working);
    for (slot, original) in working.plans.iter_mut().zip(originals) {
        if let Some(original) = original {
            *slot = original;
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::source::{DirSource, Narrowed};

    const PLAN_PATH: &str = "plans/plan-01.ron";

    /// A generated small workspace committed as HEAD; its repository and plan text.
    fn committed() -> (tempfile::TempDir, Repository, String) {
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().join("ws");
        crate::dev::generate(&dir, crate::dev::Scale::named("small").expect("scale"), 1)
            .expect("generate");
        let repo = Repository::open(&dir).expect("repo");
        let text = std::fs::read_to_string(dir.join(PLAN_PATH)).expect("plan");
        (temp, repo, text)
    }

    fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
        let at = text.match_indices(from).nth(n).expect("occurrence").0;
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    }

    /// The diff through the memos equals the diff of the two whole sides, for each working
    /// version of the plan; `reduced` says whether the memo took HEAD's side.
    fn agrees(repo: &Repository, working_text: &str) {
        let dir = repo.workdir().expect("work dir");
        std::fs::write(dir.join(PLAN_PATH), working_text).expect("write");
        let keep: HashSet<String> = [PLAN_PATH.to_string()].into();
        let source = DirSource::new(dir).expect("source");
        let full_working = Workspace::load_from(&Narrowed {
            inner: &source,
            keep: &keep,
        })
        .expect("working");
        let head = repo.head().expect("head").peel_to_tree().expect("tree");
        let full_head = load_narrowed(repo, &head, &keep).expect("head");
        let expected = diff(&full_head, &full_working);

        let mut memos = HashMap::new();
        let mut memo = PlanMemo::with_threads(2);
        if let Some(scanned) = memo.scan(working_text, 0) {
            memos.insert(PLAN_PATH.to_string(), (memo, scanned));
        }
        let mut working = Workspace::load_from(&Narrowed {
            inner: &source,
            keep: &keep,
        })
        .expect("working");
        let side = head_side(repo, Some(&head), &keep, None).expect("side");
        let got = diff_sides(repo, Some(&head), side, &mut working, memos).expect("diff");
        assert_eq!(got.changes, expected.changes, "{working_text:.60}");
        assert_eq!(
            working.plans.iter().map(|p| &p.value).collect::<Vec<_>>(),
            full_working
                .plans
                .iter()
                .map(|p| &p.value)
                .collect::<Vec<_>>(),
            "the working plans are whole again after the diff"
        );
    }

    /// A figure, a status, titles, a renamed node (another shape: diffed whole from the
    /// memo), a removed node, the plan's own fields, and a working plan the memo declines:
    /// each diff is the whole sides' diff.
    #[test]
    fn diffs_through_the_memo_equal_whole_diffs() {
        let (_temp, repo, text) = committed();
        let child = text.find("children: [").expect("children");
        let removed = {
            // The first child node: from its `(` to the matching `)`.
            let open = child + text[child..].find('(').expect("open");
            let mut depth = 0;
            let mut close = open;
            for (i, c) in text[open..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let tail = text[close..].trim_start_matches([',', ' ', '\n']);
            format!("{}{}", &text[..open], tail)
        };
        for edited in [
            replace_nth(&text, "value: \"", "value: \"9", 7),
            replace_nth(&text, "status: \"on_plan\"", "status: \"changed\"", 11),
            replace_nth(&text, "title: \"", "title: \"改", 0),
            replace_nth(&text, "title: \"", "title: \"新", 25),
            replace_nth(&text, "id: \"p01-1-1\"", "id: \"p01-1-9\"", 0),
            removed,
            replace_nth(&text, "title: \"", "title: (\"", 3),
            text.clone(),
        ] {
            agrees(&repo, &edited);
        }
    }

    /// HEAD's plan the memo cannot take (broken there) is loaded whole, with its load
    /// error, and the diff is the whole sides' diff.
    #[test]
    fn a_broken_head_plan_is_loaded_whole() {
        let (_temp, repo, text) = committed();
        let dir = repo.workdir().expect("work dir").to_path_buf();
        let broken = replace_nth(&text, "title: \"", "title: (\"", 2);
        std::fs::write(dir.join(PLAN_PATH), &broken).expect("write");
        let mut index = repo.index().expect("index");
        index
            .add_path(std::path::Path::new(PLAN_PATH))
            .expect("add");
        index.write().expect("index");
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let who = git2::Signature::new("t", "t@example.jp", &git2::Time::new(0, 0)).expect("sig");
        let parent = repo.head().expect("head").peel_to_commit().expect("commit");
        repo.commit(Some("HEAD"), &who, &who, "broken", &tree, &[&parent])
            .expect("commit");
        agrees(&repo, &text);
        let keep: HashSet<String> = [PLAN_PATH.to_string()].into();
        let head = repo.head().expect("head").peel_to_tree().expect("tree");
        let side = head_side(&repo, Some(&head), &keep, None).expect("side");
        let mut memo = PlanMemo::with_threads(2);
        let scanned = memo.scan(&text, 0).expect("scan");
        let mut working = Workspace::load_from(&Narrowed {
            inner: &DirSource::new(&dir).expect("source"),
            keep: &keep,
        })
        .expect("working");
        let memos = [(PLAN_PATH.to_string(), (memo, scanned))].into();
        let got = diff_sides(&repo, Some(&head), side, &mut working, memos).expect("diff");
        assert!(
            got.changes.is_empty(),
            "a plan broken in HEAD is not reported added: {:?}",
            got.changes
        );
    }
}
