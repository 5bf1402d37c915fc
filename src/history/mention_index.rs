//! Which blobs mention which ids: the per-item history's prefilter without inflating blobs.
//!
//! `log --kpi|--node|--meeting ID` keeps, of each commit's changed files, those whose old
//! or new blob contains the id (a byte search, [`super::walk::ChangeWalker`]). On the large
//! workspace that inflated every version of every plan any of the 2,000 commits changed
//! (≈ 2.6 GB of zlib) where `git log -p -- FILE` reads one path's versions. A path filter
//! would not be sound: ids move between files (`plan move` takes a node and its indicators
//! to another plan, a meeting links nodes of any plan). What is sound is the blob: its
//! content never changes for its id, so what it mentions can be kept.
//!
//! The index keeps, per blob, the set of its *tokens*: maximal runs of the bytes
//! `[A-Za-z0-9._-]`. An id made only of those bytes occurs in a blob exactly when it occurs
//! inside one of the blob's tokens (an occurrence cannot straddle a byte outside the
//! class), so the answer is the byte search's, for any such id, without the blob. Other ids
//! (empty, or with other characters) are searched in the blobs as before. A blob that is
//! not UTF-8 is not indexed (the search keeps it without looking).
//!
//! Versions of one file share nearly all their tokens, so an entry is stored as the tokens
//! added to and removed from an earlier entry (its base), and a query walks the entries in
//! order, counting the matching tokens of each: one pass, proportional to the changes. The
//! token strings are stored once, in a table.
//!
//! The file (`.kaikaku/cache/mentions.json`, git-ignored) is written atomically with a
//! CRC-32, and is only a convenience: missing, unreadable, from another version or
//! inconsistent, it is ignored and rebuilt from the blobs, which the first run reads anyway.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The index file, relative to the workspace root (in the git-ignored runtime directory).
pub const INDEX_PATH: &str = ".kaikaku/cache/mentions.json";

/// First line of the file, followed by the CRC-32 of the JSON after it. The version names
/// the token rule ([`is_token_byte`]): a new rule needs a new version.
const MAGIC: &str = "kaikaku-mention-index-1";

/// No index is near this; a bigger file is not read.
const MAX_INDEX_BYTES: u64 = 512 * 1024 * 1024;

/// The bytes tokens are made of: those of ids (`k-01-0001`, `p01-1-1`, `fy2025-01`).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
}

/// Whether the index can answer for `text`: not empty, and only token bytes.
pub fn searchable(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_token_byte)
}

/// The distinct tokens of a text.
pub fn tokens(text: &str) -> HashSet<&str, Fast> {
    let mut out = HashSet::with_hasher(Fast::default());
    let bytes = text.as_bytes();
    let mut start = None;
    for (at, &byte) in bytes.iter().enumerate() {
        match (is_token_byte(byte), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.insert(&text[from..at]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.insert(&text[from..]);
    }
    out
}

/// The hasher of token sets: short keys, hashed by the tens of thousands per version.
pub type Fast = foldhash::fast::RandomState;

/// A blob's tokens, owned: what a walk keeps of a path's last version to learn the next
/// against.
pub type TokenSet = HashSet<Box<str>, Fast>;

/// The owned copy of a blob's tokens.
pub fn owned(tokens: &HashSet<&str, Fast>) -> TokenSet {
    tokens.iter().map(|t| Box::from(*t)).collect()
}

/// A blob's tokens as a walk found them: relative to `base` (a blob learned before it, or
/// in the index), or whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learned {
    pub blob: Oid,
    pub base: Option<Oid>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Learned {
    /// The entry of `blob` with tokens `now`, against `before` (the tokens of `base`).
    pub fn between(blob: Oid, now: &HashSet<&str, Fast>, base: Option<(Oid, &TokenSet)>) -> Self {
        let mut added: Vec<String>;
        let mut removed = Vec::new();
        match base {
            Some((_, before)) => {
                added = now
                    .iter()
                    .filter(|t| !before.contains(**t))
                    .map(|t| (*t).to_string())
                    .collect();
                removed = before
                    .iter()
                    .filter(|t| !now.contains(&***t))
                    .map(std::string::ToString::to_string)
                    .collect();
            }
            None => added = now.iter().map(|t| (*t).to_string()).collect(),
        }
        // Sorted: the file does not depend on the hasher's seed.
        added.sort_unstable();
        removed.sort_unstable();
        Learned {
            blob,
            base: base.map(|(id, _)| id),
            added,
            removed,
        }
    }
}

/// One blob's entry: token numbers added to and removed from the entry `base` (an earlier
/// position), or the whole set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    blob: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base: Option<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    add: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    del: Vec<u32>,
}

/// What the file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    tokens: Vec<String>,
    entries: Vec<Entry>,
}

/// The index in memory (see the module).
#[derive(Default)]
pub struct MentionIndex {
    stored: Stored,
    /// Blob → position in `stored.entries`.
    positions: HashMap<Oid, usize>,
    /// Token → number, built when learning.
    numbers: HashMap<String, u32>,
    /// Whether entries were added since it was read.
    changed: bool,
}

/// The verdicts of one id on every indexed blob.
#[derive(Default)]
pub struct Verdicts(HashMap<Oid, bool>);

impl Verdicts {
    /// Whether `blob` mentions the id; `None` when the index does not know the blob.
    pub fn get(&self, blob: Oid) -> Option<bool> {
        self.0.get(&blob).copied()
    }
}

impl MentionIndex {
    /// The index of the workspace at `root`: empty when there is none or it cannot be used.
    pub fn read(root: &Path) -> Self {
        Self::read_file(root).unwrap_or_default()
    }

    fn read_file(root: &Path) -> Option<Self> {
        let bytes = crate::store::runtime::read_small(&root.join(INDEX_PATH), MAX_INDEX_BYTES)?;
        Self::parse(&bytes)
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (header, body) = text.split_once('\n')?;
        let (magic, crc) = header.split_once(' ')?;
        if magic != MAGIC || crc != format!("{:08x}", crc32fast::hash(body.as_bytes())) {
            return None;
        }
        let stored: Stored = serde_json::from_str(body).ok()?;
        let mut positions = HashMap::with_capacity(stored.entries.len());
        for (at, entry) in stored.entries.iter().enumerate() {
            let blob = Oid::from_str(&entry.blob).ok()?;
            let tokens_known = entry
                .add
                .iter()
                .chain(&entry.del)
                .all(|&n| (n as usize) < stored.tokens.len());
            // A base is an earlier entry: no cycles, one pass answers a query.
            if entry.base.is_some_and(|base| base >= at)
                || !tokens_known
                || positions.insert(blob, at).is_some()
            {
                return None;
            }
        }
        if stored.tokens.iter().any(|t| !searchable(t)) {
            return None;
        }
        Some(MentionIndex {
            stored,
            positions,
            numbers: HashMap::new(),
            changed: false,
        })
    }

    /// Whether the index has an entry for `blob`.
    pub fn knows(&self, blob: Oid) -> bool {
        self.positions.contains_key(&blob)
    }

    /// Whether entries were learned since the index was read.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The verdicts on `text` for every indexed blob; `None` when the index cannot answer
    /// for it ([`searchable`]) or is inconsistent (then it must not be used, nor grown).
    pub fn verdicts(&self, text: &str) -> Option<Verdicts> {
        if !searchable(text) {
            return None;
        }
        let matching: Vec<bool> = self
            .stored
            .tokens
            .iter()
            .map(|token| token.contains(text))
            .collect();
        let hits = |numbers: &[u32]| -> i64 {
            let count = numbers.iter().filter(|&&n| matching[n as usize]).count();
            i64::try_from(count).unwrap_or(i64::MAX)
        };
        let mut counts: Vec<i64> = Vec::with_capacity(self.stored.entries.len());
        let mut out = HashMap::with_capacity(self.stored.entries.len());
        for (at, entry) in self.stored.entries.iter().enumerate() {
            let base = entry.base.map_or(0, |base| counts[base]);
            let count = base + hits(&entry.add) - hits(&entry.del);
            // A token removed that the base did not have: the file is not what was written.
            if count < 0 {
                return None;
            }
            counts.push(count);
            out.insert(self.blob_at(at)?, count > 0);
        }
        Some(Verdicts(out))
    }

    fn blob_at(&self, at: usize) -> Option<Oid> {
        // Checked when read; learned entries are added with their id.
        Oid::from_str(&self.stored.entries.get(at)?.blob).ok()
    }

    /// The tokens of an indexed blob (its base chain applied), to learn a next version
    /// against. `None` when the index does not know it or is inconsistent.
    pub fn tokens_of(&self, blob: Oid) -> Option<TokenSet> {
        let mut chain = Vec::new();
        let mut at = Some(*self.positions.get(&blob)?);
        while let Some(position) = at {
            chain.push(position);
            at = self.stored.entries.get(position)?.base;
        }
        let mut set = HashSet::with_hasher(Fast::default());
        for &position in chain.iter().rev() {
            let entry = self.stored.entries.get(position)?;
            for &n in &entry.del {
                if !set.remove(self.stored.tokens.get(n as usize)?.as_str()) {
                    return None;
                }
            }
            for &n in &entry.add {
                set.insert(self.stored.tokens.get(n as usize)?.clone().into_boxed_str());
            }
        }
        Some(set)
    }

    /// Adds what walks learned, in their order: an entry whose base is unknown (or a blob
    /// already indexed) is left out.
    pub fn learn(&mut self, learned: impl IntoIterator<Item = Learned>) {
        if self.numbers.is_empty() {
            self.numbers = self
                .stored
                .tokens
                .iter()
                .enumerate()
                .filter_map(|(n, t)| Some((t.clone(), u32::try_from(n).ok()?)))
                .collect();
        }
        for entry in learned {
            if self.knows(entry.blob) {
                continue;
            }
            let base = match entry.base {
                Some(base) => match self.positions.get(&base) {
                    Some(&at) => Some(at),
                    None => continue,
                },
                None => None,
            };
            let (Some(add), Some(del)) = (self.number(entry.added), self.number(entry.removed))
            else {
                continue;
            };
            let at = self.stored.entries.len();
            self.stored.entries.push(Entry {
                blob: entry.blob.to_string(),
                base,
                add,
                del,
            });
            self.positions.insert(entry.blob, at);
            self.changed = true;
        }
    }

    /// The numbers of tokens, added to the table when new; `None` past `u32::MAX` tokens.
    fn number(&mut self, tokens: Vec<String>) -> Option<Vec<u32>> {
        let mut out = Vec::with_capacity(tokens.len());
        for token in tokens {
            let n = if let Some(&n) = self.numbers.get(&token) {
                n
            } else {
                let n = u32::try_from(self.stored.tokens.len()).ok()?;
                self.stored.tokens.push(token.clone());
                self.numbers.insert(token, n);
                n
            };
            out.push(n);
        }
        Some(out)
    }

    /// Writes the index atomically into the workspace at `root`. The caller may ignore a
    /// failure: the index only saves time.
    pub fn write(&self, root: &Path) -> Result<()> {
        crate::store::runtime::check_untracked(root)?;
        crate::store::runtime::ensure_dir(&crate::store::fs_layer::StdFs, root, "cache")?;
        let body = serde_json::to_string(&self.stored).map_err(|e| {
            Error::Invalid(crate::text!(
                "キャッシュを書き出せません（詳細: {e}）",
                "cannot write the cache: {e}"
            ))
        })?;
        let text = format!("{MAGIC} {:08x}\n{body}", crc32fast::hash(body.as_bytes()));
        let path = root.join(INDEX_PATH);
        crate::store::runtime::check_file(&path)?;
        crate::store::atomic::write_atomic(&path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("oid")
    }

    /// The index answers exactly as the byte search for every searchable substring of the
    /// texts' ids, whole entries and deltas alike, and after a write and a read.
    #[test]
    fn verdicts_equal_the_byte_search() {
        let versions = [
            "(id: \"k-01-0001\", v: 1.5, t: \"目標k-02\")",
            "(id: \"k-01-00010\", v: 1.5, t: \"目標k-02\")",
            "(id: \"k-01-0002\", v: 2.5)\n// k-03_x.y",
            "",
        ];
        let mut index = MentionIndex::default();
        let mut before: Option<(Oid, TokenSet)> = None;
        for (n, text) in versions.iter().enumerate() {
            let blob = id(u8::try_from(n).expect("small"));
            let now = tokens(text);
            let learned = Learned::between(blob, &now, before.as_ref().map(|(b, s)| (*b, s)));
            index.learn([learned]);
            before = Some((blob, owned(&now)));
        }
        let dir = tempfile::tempdir().expect("temp");
        index.write(dir.path()).expect("write");
        let read = MentionIndex::read(dir.path());
        assert_eq!(read.stored, index.stored);
        for query in [
            "k-01-0001",
            "k-01-000",
            "0001",
            "k-02",
            "k-03_x.y",
            "x.y",
            "1.5",
            "k",
            "k-04",
            "v",
        ] {
            let verdicts = read.verdicts(query).expect("searchable");
            for (n, text) in versions.iter().enumerate() {
                let blob = id(u8::try_from(n).expect("small"));
                assert_eq!(
                    verdicts.get(blob),
                    Some(text.contains(query)),
                    "{query:?} in {text:?}"
                );
            }
        }
        assert!(read.verdicts("目標").is_none(), "not made of token bytes");
        assert!(read.verdicts("k-01 0001").is_none());
        assert!(read.verdicts("").is_none());
        assert_eq!(
            read.tokens_of(id(2)).expect("known"),
            owned(&tokens(versions[2]))
        );
    }

    /// A damaged or foreign file is no index, and an entry removing a token its base does
    /// not have makes the index refuse to answer.
    #[test]
    fn damaged_files_are_ignored() {
        let mut index = MentionIndex::default();
        index.learn([Learned::between(id(1), &tokens("a b"), None)]);
        let dir = tempfile::tempdir().expect("temp");
        index.write(dir.path()).expect("write");
        let path = dir.path().join(INDEX_PATH);
        let good = std::fs::read_to_string(&path).expect("read");
        assert!(MentionIndex::read(dir.path()).knows(id(1)));
        for bad in [
            good.replace("\"a\"", "\"c\""),
            good.replacen(MAGIC, "kaikaku-mention-index-0", 1),
            good[..good.len() - 3].to_string(),
        ] {
            std::fs::write(&path, bad).expect("write");
            assert!(!MentionIndex::read(dir.path()).knows(id(1)));
        }
        let body = r#"{"tokens":["a"],"entries":[{"blob":"0101010101010101010101010101010101010101","del":[0]}]}"#;
        let text = format!("{MAGIC} {:08x}\n{body}", crc32fast::hash(body.as_bytes()));
        let inconsistent = MentionIndex::parse(text.as_bytes()).expect("well-formed");
        assert!(inconsistent.verdicts("a").is_none());
        assert!(inconsistent.tokens_of(id(1)).is_none());
    }
}
