//! The search index kept on disk, so that `kaikaku search` answers without loading the
//! workspace.
//!
//! Building the index needs the whole workspace parsed (53 MB of RON on the large generated
//! workspace: ≈ 1.4 s), while `git grep` answers from the raw bytes in tens of milliseconds.
//! A raw prefilter over the files cannot give the same answers: entries are also found by
//! text that is not in their file (department, status and committee names from the
//! settings, item numbers computed from the tree, fiscal years printed in wareki), the
//! query is folded (width, kana, case) while the files are not, RON strings may hold
//! escapes, and the fuzzy pass scores every name. So the index itself is stored, in
//! `.kaikaku/cache/search.bin` (git-ignored with the rest of `.kaikaku/`), after a search
//! that had to build it.
//!
//! The file is trusted only for the very files it was built from: it lists the settings,
//! `plans/*.ron` and `minutes/*.ron` with their size, modification and change times and
//! inode, taken *before* the load that built it, and a search uses it only when a fresh
//! listing is identical. A file changed while it was being read therefore no longer
//! matches. A file modified less than [`RACY`] before that listing is not trusted either
//! (a change within the file system's timestamp granularity would be invisible, git's
//! "racily clean" case): no cache is written then, and the next search builds again. It is
//! also tied to the build (`KAIKAKU_RULES_DIGEST`, as the validation cache) and to the
//! language of labels.
//!
//! Layout: a magic line, the header (JSON, with its CRC-32), then per segment its folded
//! buffer, its entries (kind and offsets) and a table locating each entry's [`Meta`]
//! (label, context, original text) in the last part of the file; one CRC-32 per segment
//! and per meta. A search reads the header and the buffers (the scanned bytes) and reads
//! back only the metas of the hits it shows. Anything unexpected (no file, another build,
//! a truncated or corrupt file, a changed workspace) means no cache: the search loads the
//! workspace as before and writes a new one. The cache can be deleted at any time.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Entry, Kind, Meta, Metas, SearchIndex, Segment, Source};
use crate::model::Language;
use crate::store::source::{DirSource, Source as _};
use crate::store::{MINUTES_DIR, PLANS_DIR, SETTINGS_FILE};

/// The cache file, relative to the workspace root.
pub const CACHE_PATH: &str = ".kaikaku/cache/search.bin";

const MAGIC: &[u8] = b"kaikaku-search-cache-1\n";

/// The build the index was made by: its sources and locked dependencies.
const RULES: &str = env!("KAIKAKU_RULES_DIGEST");

/// Files modified this shortly before the listing are not trusted (see the module doc).
const RACY: Duration = Duration::from_secs(2);

/// The header is small (one line per file and segment); anything larger is not ours.
const HEADER_LIMIT: u64 = 64 * 1024 * 1024;

/// Bytes per entry on disk: the kind and five `u32` offsets.
const ENTRY_BYTES: usize = 1 + 5 * 4;
/// Bytes per meta location: offset `u64`, length `u32`, CRC-32 `u32`.
const META_BYTES: usize = 8 + 4 + 4;

/// What identifies one version of a file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    len: u64,
    modified: (u64, u32),
    changed: (i64, i64),
    inode: u64,
}

impl Stat {
    fn of(path: &Path) -> Option<Stat> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            ((meta.ctime(), meta.ctime_nsec()), meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = ((0, 0), 0);
        Some(Stat {
            len: meta.len(),
            modified: (modified.as_secs(), modified.subsec_nanos()),
            changed,
            inode,
        })
    }

    fn modified(&self) -> SystemTime {
        UNIX_EPOCH + Duration::new(self.modified.0, self.modified.1)
    }
}

/// The files a search index is built from, as listed at one moment (see the module doc).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    files: Vec<(String, Stat)>,
    /// Whether every file is older than the listing by [`RACY`].
    #[serde(skip)]
    settled: bool,
}

impl Snapshot {
    /// Lists and stats the settings and every plan and minutes file of the workspace in
    /// `root`, as a load would list them; `None` without settings or when a file cannot be
    /// inspected.
    pub fn take(root: &Path) -> Option<Snapshot> {
        let now = SystemTime::now();
        let source = DirSource::new(root).ok()?;
        let mut files = vec![(
            SETTINGS_FILE.to_string(),
            Stat::of(&root.join(SETTINGS_FILE))?,
        )];
        for dir in [PLANS_DIR, MINUTES_DIR] {
            for name in source.list(dir).ok()? {
                let path = format!("{dir}/{name}");
                let stat = Stat::of(&root.join(&path))?;
                files.push((path, stat));
            }
        }
        // As git's racy check, by modification time: a change time cannot be set back, so
        // tests could not make a file settled without waiting.
        let settled = files.iter().all(|(_, stat)| stat.modified() + RACY < now);
        Some(Snapshot { files, settled })
    }
}

/// The header of the cache file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    rules: String,
    /// The language labels and context were built in.
    lang: Language,
    /// The language the settings ask for (what `--lang` defaults to).
    settings_language: Option<Language>,
    settings_fingerprint: u64,
    snapshot: Snapshot,
    segments: Vec<SegmentHeader>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentHeader {
    source: Source,
    fingerprint: u64,
    buffer: u64,
    entries: u64,
    /// CRC-32 of the buffer, the entries and the meta table.
    crc: u32,
}

/// The metas of a stored segment: where each one is in the cache file.
#[derive(Debug)]
pub(super) struct StoredMetas {
    file: std::sync::Arc<Mutex<File>>,
    /// Offset, length and CRC-32 of each entry's meta.
    table: Vec<(u64, u32, u32)>,
}

impl StoredMetas {
    /// Reads entry `e`'s meta back; `None` when the file no longer holds it intact.
    pub(super) fn read(&self, e: usize) -> Option<Meta> {
        let &(offset, len, crc) = self.table.get(e)?;
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        {
            let mut file = self.file.lock().ok()?;
            file.seek(SeekFrom::Start(offset)).ok()?;
            file.read_exact(&mut bytes).ok()?;
        }
        if crc32fast::hash(&bytes) != crc {
            return None;
        }
        serde_json::from_slice(&bytes).ok()
    }
}

fn kind_byte(kind: Kind) -> u8 {
    Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .and_then(|at| u8::try_from(at).ok())
        .unwrap_or(u8::MAX)
}

/// Writes `index`, built from the files of `snapshot` (taken before the load), as the cache
/// of the workspace in `root`. Nothing is written when the snapshot is not settled (see
/// the module doc). Errors only matter to tests: a search that cannot write its cache still
/// answers.
pub fn write(
    root: &Path,
    snapshot: &Snapshot,
    index: &SearchIndex,
    settings_language: Option<Language>,
) -> crate::error::Result<bool> {
    if !snapshot.settled {
        return Ok(false);
    }
    let too_large = || {
        crate::error::Error::Invalid(crate::text!(
            "検索キャッシュが大きすぎます",
            "the search cache is too large"
        ))
    };
    let mut blocks: Vec<u8> = Vec::new();
    let mut metas: Vec<u8> = Vec::new();
    let mut headers = Vec::new();
    // Meta offsets are relative to the meta part here and made absolute on reading.
    for segment in &index.segments {
        let Metas::Built(built) = &segment.metas else {
            return Ok(false);
        };
        let start = blocks.len();
        blocks.extend_from_slice(&segment.buffer);
        for entry in &segment.entries {
            blocks.push(kind_byte(entry.kind));
            for offset in [
                entry.start,
                entry.name_end,
                entry.body_start,
                entry.body_end,
                entry.end,
            ] {
                let offset = u32::try_from(offset).map_err(|_| too_large())?;
                blocks.extend_from_slice(&offset.to_le_bytes());
            }
        }
        for meta in built {
            let json = serde_json::to_vec(meta).map_err(|_| too_large())?;
            let len = u32::try_from(json.len()).map_err(|_| too_large())?;
            blocks.extend_from_slice(&(metas.len() as u64).to_le_bytes());
            blocks.extend_from_slice(&len.to_le_bytes());
            blocks.extend_from_slice(&crc32fast::hash(&json).to_le_bytes());
            metas.extend_from_slice(&json);
        }
        headers.push(SegmentHeader {
            source: segment.source.clone(),
            fingerprint: segment.fingerprint,
            buffer: segment.buffer.len() as u64,
            entries: segment.entries.len() as u64,
            crc: crc32fast::hash(&blocks[start..]),
        });
    }
    let header = Header {
        rules: RULES.to_string(),
        lang: index.lang,
        settings_language,
        settings_fingerprint: index.settings_fingerprint,
        snapshot: snapshot.clone(),
        segments: headers,
    };
    let header = serde_json::to_vec(&header).map_err(|_| too_large())?;
    let mut bytes =
        Vec::with_capacity(MAGIC.len() + 12 + header.len() + blocks.len() + metas.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(header.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&header).to_le_bytes());
    bytes.extend_from_slice(&header);
    bytes.extend_from_slice(&blocks);
    bytes.extend_from_slice(&metas);
    crate::store::runtime::ensure_dir(&crate::store::fs_layer::StdFs, root, "cache")?;
    crate::store::atomic::write_atomic(&root.join(CACHE_PATH), &bytes)?;
    Ok(true)
}

/// The stored index of the workspace in `root`, with the language its labels are in, when
/// it is current: built by this build, in `lang` (or, without one, the settings'
/// language), from exactly the files there now. `None` otherwise (see the module doc).
pub fn open(root: &Path, lang: Option<Language>) -> Option<(SearchIndex, Language)> {
    let path = root.join(CACHE_PATH);
    let file = crate::store::runtime::open(&path, OpenOptions::new().read(true)).ok()?;
    let file_len = file.metadata().ok()?.len();
    let mut reader = BufReader::with_capacity(64 * 1024, &file);
    let mut magic = vec![0; MAGIC.len()];
    reader.read_exact(&mut magic).ok()?;
    if magic != MAGIC {
        return None;
    }
    let header_len = read_u64(&mut reader)?;
    let header_crc = read_u32(&mut reader)?;
    if header_len > HEADER_LIMIT {
        return None;
    }
    let mut header = vec![0; usize::try_from(header_len).ok()?];
    reader.read_exact(&mut header).ok()?;
    if crc32fast::hash(&header) != header_crc {
        return None;
    }
    let header: Header = serde_json::from_slice(&header).ok()?;
    let lang = lang.or(header.settings_language).unwrap_or_default();
    if header.rules != RULES || header.lang != lang {
        return None;
    }
    let now = Snapshot::take(root)?;
    if now.files != header.snapshot.files {
        return None;
    }
    let mut segments = Vec::with_capacity(header.segments.len());
    let mut tables = Vec::with_capacity(header.segments.len());
    let mut position = MAGIC.len() as u64 + 12 + header_len;
    for stored in header.segments {
        let buffer_len = usize::try_from(stored.buffer).ok()?;
        let count = usize::try_from(stored.entries).ok()?;
        let block_len = count
            .checked_mul(ENTRY_BYTES + META_BYTES)?
            .checked_add(buffer_len)?;
        if position + block_len as u64 > file_len {
            return None;
        }
        let mut block = vec![0; block_len];
        reader.read_exact(&mut block).ok()?;
        position += block_len as u64;
        if crc32fast::hash(&block) != stored.crc {
            return None;
        }
        let entries_at = buffer_len;
        let metas_at = entries_at + count * ENTRY_BYTES;
        let entries = decode_entries(&block[entries_at..metas_at], buffer_len)?;
        let table: Vec<(u64, u32, u32)> = block[metas_at..]
            .chunks_exact(META_BYTES)
            .map(|chunk| (u64_at(chunk, 0), u32_at(chunk, 8), u32_at(chunk, 12)))
            .collect();
        block.truncate(buffer_len);
        tables.push(table);
        segments.push(Segment {
            source: stored.source,
            fingerprint: stored.fingerprint,
            buffer: block,
            entries,
            metas: Metas::Built(Vec::new()),
            fuzzy: Vec::new(),
        });
    }
    // The metas follow the segments; each one must lie inside the file.
    let base = position;
    drop(reader);
    let file = std::sync::Arc::new(Mutex::new(file));
    for (segment, table) in segments.iter_mut().zip(tables) {
        let table: Vec<(u64, u32, u32)> = table
            .into_iter()
            .map(|(offset, len, crc)| {
                let at = base.checked_add(offset)?;
                (at.checked_add(u64::from(len))? <= file_len).then_some((at, len, crc))
            })
            .collect::<Option<_>>()?;
        segment.metas = Metas::Stored(StoredMetas {
            file: std::sync::Arc::clone(&file),
            table,
        });
    }
    let index = SearchIndex {
        lang,
        settings_fingerprint: header.settings_fingerprint,
        segments,
        narrowing: std::sync::Mutex::default(),
    };
    Some((index, lang))
}

/// The entries of one segment, checked to lie in order inside its buffer of `len` bytes
/// (the scan and the excerpts slice the buffer with them).
fn decode_entries(bytes: &[u8], len: usize) -> Option<Vec<Entry>> {
    let mut entries = Vec::with_capacity(bytes.len() / ENTRY_BYTES);
    let mut previous = 0;
    for chunk in bytes.chunks_exact(ENTRY_BYTES) {
        let kind = *Kind::ALL.get(usize::from(chunk[0]))?;
        let offset = |i: usize| usize::try_from(u32_at(chunk, 1 + 4 * i)).ok();
        let entry = Entry {
            kind,
            start: offset(0)?,
            name_end: offset(1)?,
            body_start: offset(2)?,
            body_end: offset(3)?,
            end: offset(4)?,
        };
        let ordered = previous <= entry.start
            && entry.start <= entry.name_end
            && entry.name_end <= entry.body_start
            && entry.body_start <= entry.body_end
            && entry.body_end <= entry.end
            && entry.end <= len;
        if !ordered {
            return None;
        }
        previous = entry.end;
        entries.push(entry);
    }
    Some(entries)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

fn read_u32(reader: &mut impl Read) -> Option<u32> {
    let mut word = [0; 4];
    reader.read_exact(&mut word).ok()?;
    Some(u32::from_le_bytes(word))
}

fn read_u64(reader: &mut impl Read) -> Option<u64> {
    let mut word = [0; 8];
    reader.read_exact(&mut word).ok()?;
    Some(u64::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Statement, StatementKind};
    use crate::store::Workspace;

    const MINUTES: &str = "2021-03-22-kaikaku-suishin-1";

    /// Sets every workspace file's modification time an hour back: files just written are
    /// "racily clean" and never cached (see the module doc).
    fn settle(root: &Path) {
        let past = SystemTime::now() - Duration::from_hours(1);
        let mut paths = vec![root.join(SETTINGS_FILE)];
        for dir in [PLANS_DIR, MINUTES_DIR] {
            for entry in std::fs::read_dir(root.join(dir)).expect("listed") {
                paths.push(entry.expect("entry").path());
            }
        }
        for path in paths {
            let file = File::options().write(true).open(&path).expect("opened");
            file.set_modified(past).expect("backdated");
        }
    }

    /// The sample with statements in folded forms and one written with RON escapes.
    fn workspace() -> tempfile::TempDir {
        let temp = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(temp.path()).expect("sample");
        let loaded = Workspace::load(temp.path()).expect("sample loads");
        let mut meeting = loaded.meeting(MINUTES).expect("sample minutes").clone();
        for (id, text) in [
            ("x1", "ﾃﾚﾜｰｸを実施しやすい環境を、ＤＸで整えてほしい。"),
            ("x2", "「窓口」で\"待たない\"改革を、\\の記号も含めて。"),
        ] {
            meeting
                .statements
                .push(Statement::new(id, "kato", StatementKind::Opinion, text));
        }
        let text = crate::store::canonical::to_canonical(&meeting).expect("canonical");
        assert!(
            text.contains(r#"\"待たない\""#),
            "the quotes are escaped in RON"
        );
        // A hand-edited file may spell any character as an escape: 改 as \u{6539}.
        let text = text.replace("\"待たない\\\"改革", "\"待たない\\\"\\u{6539}革");
        assert!(text.contains(r"\u{6539}"));
        let path = temp.path().join(MINUTES_DIR).join(format!("{MINUTES}.ron"));
        std::fs::write(path, text).expect("saved");
        settle(temp.path());
        temp
    }

    const QUERIES: &[&str] = &[
        "窓口",
        "テレワーク",
        "てれわーく",
        "dx",
        "ＤＸ",
        "\"待たない\"改革",
        "改革",
        "加藤",
        "telework",
        "窓改",
        "zzzz存在しない",
        "",
    ];

    /// Builds, stores and reopens the index of `root` in `lang`.
    fn stored(root: &Path, lang: Language) -> (SearchIndex, SearchIndex) {
        let snapshot = Snapshot::take(root).expect("listed");
        let loaded = Workspace::load(root).expect("loads");
        let built = SearchIndex::build(&loaded, lang);
        let written = write(
            root,
            &snapshot,
            &built,
            loaded.settings().map(|s| s.language),
        );
        assert!(written.expect("written"), "a settled workspace is cached");
        let (reopened, reopened_lang) = open(root, Some(lang)).expect("the cache is current");
        assert_eq!(reopened_lang, lang);
        (built, reopened)
    }

    fn json(results: &super::super::Results) -> String {
        serde_json::to_string(results).expect("json")
    }

    #[test]
    fn the_stored_index_answers_exactly_as_the_built_one() {
        let temp = workspace();
        for lang in [Language::Ja, Language::En] {
            let (built, reopened) = stored(temp.path(), lang);
            for query in QUERIES {
                for kinds in [&[][..], &[Kind::Statement], &[Kind::Node, Kind::Kpi]] {
                    for limit in [3, 50] {
                        let expected = built.search(query, kinds, limit);
                        let got = reopened.try_search(query, kinds, limit).expect("readable");
                        assert_eq!(json(&got), json(&expected), "{query:?} {kinds:?} {limit}");
                    }
                }
            }
        }
    }

    #[test]
    fn folded_forms_and_escaped_text_are_found_through_the_cache() {
        let temp = workspace();
        let (_, reopened) = stored(temp.path(), Language::Ja);
        let said = |query: &str| {
            reopened
                .try_search(query, &[Kind::Statement], 50)
                .expect("readable")
                .hits
                .into_iter()
                .filter_map(|hit| match hit.target {
                    super::super::Target::Statement { statement, .. } => Some(statement),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        // Only the half-width form is in the file; the full-width ＤＸ only as ＤＸ.
        for query in ["テレワーク", "てれわーく", "ﾃﾚﾜｰｸ", "dx", "DX"] {
            assert!(said(query).contains(&"x1".to_string()), "{query}");
        }
        // 改 is written as \u{6539} and the quotes as \" in the file.
        for query in ["\"待たない\"改革", "ない\"改", "\\の記号"] {
            assert_eq!(said(query), vec!["x2".to_string()], "{query}");
        }
    }

    #[test]
    fn a_changed_added_or_removed_file_makes_the_cache_stale() {
        let temp = workspace();
        let root = temp.path();
        let minutes = root.join(MINUTES_DIR).join(format!("{MINUTES}.ron"));
        let original = std::fs::read_to_string(&minutes).expect("read");
        let (built, _) = stored(root, Language::Ja);
        // Same size, one character changed: the times and the change time tell.
        std::fs::write(&minutes, original.replace("待たない", "待たせぬ")).expect("edited");
        assert!(open(root, Some(Language::Ja)).is_none(), "an edited file");
        // A stale cache is rebuilt with the new text.
        settle(root);
        let (rebuilt, reopened) = stored(root, Language::Ja);
        let hits = reopened.try_search("待たせぬ", &[], 50).expect("readable");
        assert_eq!(hits.total, 1);
        assert_eq!(json(&hits), json(&rebuilt.search("待たせぬ", &[], 50)));
        assert_eq!(built.search("待たせぬ", &[], 50).total, 0);
        let extra = root.join(MINUTES_DIR).join("extra.ron");
        std::fs::copy(&minutes, &extra).expect("copied");
        assert!(open(root, Some(Language::Ja)).is_none(), "an added file");
        std::fs::remove_file(&extra).expect("removed");
        std::fs::remove_file(
            root.join(PLANS_DIR).join(
                std::fs::read_dir(root.join(PLANS_DIR))
                    .expect("listed")
                    .next()
                    .expect("a plan")
                    .expect("entry")
                    .file_name(),
            ),
        )
        .expect("removed");
        assert!(open(root, Some(Language::Ja)).is_none(), "a removed file");
        // Another language is another index.
        settle(root);
        stored(root, Language::Ja);
        assert!(open(root, Some(Language::En)).is_none());
        assert!(open(root, None).is_some(), "the settings' language");
    }

    #[test]
    fn files_changed_just_before_the_listing_are_not_cached() {
        let temp = workspace();
        let root = temp.path();
        std::fs::write(
            root.join(SETTINGS_FILE),
            std::fs::read(root.join(SETTINGS_FILE)).expect("read"),
        )
        .expect("rewritten");
        let snapshot = Snapshot::take(root).expect("listed");
        let loaded = Workspace::load(root).expect("loads");
        let built = SearchIndex::build(&loaded, Language::Ja);
        assert!(!write(root, &snapshot, &built, None).expect("no error"));
        assert!(!root.join(CACHE_PATH).exists());
    }

    #[test]
    fn a_corrupt_or_truncated_cache_is_never_believed() {
        let temp = workspace();
        let root = temp.path();
        let (built, _) = stored(root, Language::Ja);
        let path = root.join(CACHE_PATH);
        let good = std::fs::read(&path).expect("read");
        let expected: Vec<String> = QUERIES
            .iter()
            .map(|q| json(&built.search(q, &[], 500)))
            .collect();
        // Forty bytes spread over the file flipped in turn (the header, the buffers, the
        // entries, the metas), and cuts at the same places: either no cache or the same
        // answers, never different ones.
        let mut refused = 0;
        for at in (0..good.len()).step_by((good.len() / 40).max(1)) {
            for bytes in [
                {
                    let mut bad = good.clone();
                    bad[at] ^= 0x20;
                    bad
                },
                good[..at].to_vec(),
            ] {
                std::fs::write(&path, &bytes).expect("written");
                let answers = open(root, Some(Language::Ja)).and_then(|(index, _)| {
                    QUERIES
                        .iter()
                        .map(|q| index.try_search(q, &[], 500).map(|r| json(&r)))
                        .collect::<Option<Vec<_>>>()
                });
                match answers {
                    None => refused += 1,
                    Some(answers) => assert_eq!(answers, expected, "byte {at}"),
                }
            }
        }
        assert!(refused > 0);
    }
}
