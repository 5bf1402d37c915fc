//! Search over everything a workspace holds: plans, their items (nodes) and KPIs,
//! departments, meetings and every statement of every meeting.
//!
//! Japanese first: a query is folded like the text (see [`fold`]: width, kana and case) and
//! its words must all occur, as substrings, in an entry — Japanese has no spaces between
//! words, so a word index would not find 「商業施設」 inside 「大型商業施設での出張受付」. Short
//! names (items, KPIs, departments, meetings) also match fuzzily, after every substring hit,
//! so 「窓改」 still finds 「窓口改革」. English queries match what the data has in English:
//! plan `title_en`, department and committee `name_en`, level `name_en`, status `label_en`
//! and the statement kinds.
//!
//! The index is built once per workspace load as one folded buffer per file (segment) and
//! kept current by [`SearchIndex::sync`], which rebuilds only the files whose content
//! changed. A query is a SIMD substring scan ([`memchr::memmem`]) over the buffers, so a
//! keystroke over 50,000 statements stays within a frame (see `benches/kaikaku.rs`).

mod build;
pub mod cache;
pub mod fold;

use std::collections::HashMap;

use chrono::NaiveDate;
use memchr::memmem::Finder;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use serde::Serialize;

use crate::model::Language;
use crate::store::Workspace;

pub use fold::fold;

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Plan,
    Node,
    Kpi,
    Department,
    Meeting,
    Statement,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Plan,
        Kind::Node,
        Kind::Kpi,
        Kind::Department,
        Kind::Meeting,
        Kind::Statement,
    ];

    /// The short label results are printed with.
    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Kind::Plan => lang.pick("プラン", "plan"),
            Kind::Node => lang.pick("項目", "item"),
            Kind::Kpi => lang.pick("指標", "KPI"),
            Kind::Department => lang.pick("所管", "dept"),
            Kind::Meeting => lang.pick("会議", "meeting"),
            Kind::Statement => lang.pick("発言", "said"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Node => "node",
            Kind::Kpi => "kpi",
            Kind::Department => "department",
            Kind::Meeting => "meeting",
            Kind::Statement => "statement",
        }
    }
}

/// Where a hit leads, by ids (stable across reloads, unlike positions).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Target {
    Plan { plan: String },
    Node { plan: String, node: String },
    Kpi { plan: String, indicator: String },
    Department { department: String },
    Meeting { meeting: String },
    Statement { meeting: String, statement: String },
}

/// How a hit matched, best first; results are ordered by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// The name is the query.
    Exact,
    /// The name starts with the query.
    Prefix,
    /// Every word is in the name.
    Name,
    /// The words are in the text (a statement, a description, labels).
    Text,
    /// The name holds the query's characters in order (short names only).
    Fuzzy,
}

/// Part of the searched text around the first match, to show why it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub text: String,
    /// Byte range of the match within `text` (empty when the match is not in it).
    pub start: usize,
    pub end: usize,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub kind: Kind,
    pub target: Target,
    /// What it is called: an item's number and title, a KPI's name, a statement's speaker.
    pub label: String,
    /// Where it sits: plan › 施策 › item for nodes and KPIs; meeting › agenda for statements.
    pub context: Vec<String>,
    /// The speaker as the minutes print them (「加藤委員」), for statements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The meeting's date and title, for meetings and statements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Excerpt>,
    #[serde(rename = "match")]
    pub how: Match,
}

/// The hits of one query.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Results {
    pub query: String,
    /// Every hit, also those beyond the limit.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// `total` is only a lower bound: a capped search ([`SearchIndex::search_capped`])
    /// stopped looking at statements once the shown hits were known.
    #[serde(skip)]
    pub capped: bool,
}

/// One searchable thing; its folded text is `buffer[start..end]` of its segment: the name,
/// `\0`, the body, `\0`, the other labels, `\0`. Queries never contain `\0`, so a match
/// never spans two entries. Only what a scan needs (kind and offsets, a few bytes): what a
/// hit shows is its [`Meta`], kept apart so that a stored index reads it only for the hits
/// shown (see [`cache`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    start: usize,
    name_end: usize,
    body_start: usize,
    body_end: usize,
    end: usize,
}

/// What a hit shows of an entry, apart from its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
struct Meta {
    target: Target,
    label: String,
    context: Vec<String>,
    speaker: Option<String>,
    meeting: Option<String>,
    date: Option<NaiveDate>,
    /// The original body (statement text, description) for excerpts.
    body: String,
    /// A statement's body is always worth showing; a description only where it matched.
    show_body: bool,
}

/// The metas of a segment: in memory when built, or read from the cache file on demand.
#[derive(Debug)]
enum Metas {
    Built(Vec<Meta>),
    Stored(cache::StoredMetas),
}

/// Which file a segment indexes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
enum Source {
    Settings,
    Plan(String),
    Meeting(String),
}

/// The entries of one file.
#[derive(Debug)]
struct Segment {
    source: Source,
    fingerprint: u64,
    buffer: Vec<u8>,
    entries: Vec<Entry>,
    metas: Metas,
    /// The folded names for fuzzy matching (`None` for statements), one per entry; empty
    /// for a stored segment, whose names are converted when a fuzzy pass needs them.
    fuzzy: Vec<Option<Utf32String>>,
}

impl Segment {
    /// What entry `e` shows; `None` only for a stored one that cannot be read back.
    fn meta(&self, e: usize) -> Option<std::borrow::Cow<'_, Meta>> {
        match &self.metas {
            Metas::Built(metas) => metas.get(e).map(std::borrow::Cow::Borrowed),
            Metas::Stored(stored) => stored.read(e).map(std::borrow::Cow::Owned),
        }
    }

    /// The folded name of entry `e` for fuzzy matching, converted on the spot for a stored
    /// segment.
    fn fuzzy_name(&self, e: usize) -> Option<std::borrow::Cow<'_, Utf32String>> {
        if let Some(name) = self.fuzzy.get(e) {
            return name.as_ref().map(std::borrow::Cow::Borrowed);
        }
        let entry = self.entries.get(e)?;
        if entry.kind == Kind::Statement {
            return None;
        }
        let name = std::str::from_utf8(self.buffer.get(entry.start..entry.name_end)?).ok()?;
        Some(std::borrow::Cow::Owned(Utf32String::from(
            name.replace(build::NAME_SEPARATOR, " "),
        )))
    }

    /// The entry whose text holds byte `at` of the buffer.
    fn entry_at(&self, at: usize) -> usize {
        self.entries
            .partition_point(|e| e.start <= at)
            .saturating_sub(1)
    }
}

/// The search index of a workspace (see the module documentation).
#[derive(Debug)]
pub struct SearchIndex {
    lang: Language,
    settings_fingerprint: u64,
    segments: Vec<Segment>,
    /// The last query's hits (cleared whenever the segments change).
    narrowing: std::sync::Mutex<Narrowing>,
}

/// Queries longer than this (in characters) are not matched fuzzily: a long query scattered
/// over a name is noise.
const FUZZY_MAX_CHARS: usize = 16;

impl SearchIndex {
    /// Indexes every file of `workspace`; labels and context are in `lang`.
    pub fn build(workspace: &Workspace, lang: Language) -> Self {
        let mut index = SearchIndex {
            lang,
            settings_fingerprint: 0,
            segments: Vec::new(),
            narrowing: std::sync::Mutex::default(),
        };
        index.sync(workspace);
        index
    }

    /// Brings the index up to date with `workspace`, rebuilding only the files whose content
    /// changed (every plan when the settings changed: department and status names are
    /// indexed with the items). Returns how many files were re-indexed.
    pub fn sync(&mut self, workspace: &Workspace) -> usize {
        let settings = workspace.settings();
        let settings_fingerprint = build::fingerprint_settings(workspace);
        let settings_changed = settings_fingerprint != self.settings_fingerprint;
        self.settings_fingerprint = settings_fingerprint;
        let mut old: HashMap<Source, Segment> = self
            .segments
            .drain(..)
            .map(|segment| (segment.source.clone(), segment))
            .collect();
        let mut rebuilt = 0;
        let mut take = |source: Source, fingerprint: u64, reuse: bool| {
            old.remove(&source)
                .filter(|segment| reuse && segment.fingerprint == fingerprint)
                .ok_or((source, fingerprint))
        };
        let lang = self.lang;
        let mut segments = Vec::new();
        match take(Source::Settings, settings_fingerprint, true) {
            Ok(segment) => segments.push(segment),
            Err((source, fingerprint)) => {
                rebuilt += 1;
                segments.push(build::settings_segment(source, fingerprint, settings, lang));
            }
        }
        for plan in &workspace.plans {
            let fingerprint = build::fingerprint_text(&plan.text);
            match take(
                Source::Plan(plan.path.clone()),
                fingerprint,
                !settings_changed,
            ) {
                Ok(segment) => segments.push(segment),
                Err((source, fingerprint)) => {
                    rebuilt += 1;
                    segments.push(build::plan_segment(
                        source,
                        fingerprint,
                        &plan.value,
                        settings,
                        lang,
                    ));
                }
            }
        }
        // Newest meeting first: what was said lately is what is looked up most.
        let mut meetings: Vec<_> = workspace.meetings.iter().collect();
        meetings.sort_by(|a, b| {
            b.value
                .date
                .cmp(&a.value.date)
                .then_with(|| a.value.id.cmp(&b.value.id))
        });
        for meeting in meetings {
            let fingerprint = build::fingerprint_meeting(meeting);
            match take(
                Source::Meeting(meeting.path.clone()),
                fingerprint,
                !settings_changed,
            ) {
                Ok(segment) => segments.push(segment),
                Err((source, fingerprint)) => {
                    rebuilt += 1;
                    segments.push(build::meeting_segment(
                        source,
                        fingerprint,
                        &meeting.value,
                        settings,
                        lang,
                    ));
                }
            }
        }
        self.segments = segments;
        if let Ok(narrowing) = self.narrowing.get_mut() {
            *narrowing = Narrowing::default();
        }
        rebuilt
    }

    /// How many things are indexed.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.entries.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hits for `query`, best first, at most `limit` of them (`total` counts all).
    /// `kinds` restricts the kinds searched; empty means all. An empty query lists every
    /// name (not the statements) in document order.
    pub fn search(&self, query: &str, kinds: &[Kind], limit: usize) -> Results {
        // A built index holds every meta in memory: nothing can fail to be read.
        self.search_with(query, kinds, limit, false)
            .unwrap_or_else(|| Results {
                query: query.to_string(),
                ..Results::default()
            })
    }

    /// The same hits as [`SearchIndex::search`], found with less work: statements sort
    /// after every other kind and among themselves in scan order, so once `limit` of them
    /// are found no later one can be shown, and the scan looks only at the other kinds from
    /// there. `total` is then a lower bound (`capped`). For the palette, whose first
    /// keystroke of a word (「の」: 75,000 statements) would otherwise scan everything.
    pub fn search_capped(&self, query: &str, kinds: &[Kind], limit: usize) -> Results {
        self.search_with(query, kinds, limit, true)
            .unwrap_or_else(|| Results {
                query: query.to_string(),
                ..Results::default()
            })
    }

    /// [`SearchIndex::search`], or `None` when a stored index (see [`cache`]) cannot read
    /// back what a hit shows: the caller then builds the index from the workspace.
    pub fn try_search(&self, query: &str, kinds: &[Kind], limit: usize) -> Option<Results> {
        self.search_with(query, kinds, limit, false)
    }

    fn search_with(&self, query: &str, kinds: &[Kind], limit: usize, cap: bool) -> Option<Results> {
        let wanted = |kind: Kind| kinds.is_empty() || kinds.contains(&kind);
        let folded: String = fold(query).chars().filter(|c| !c.is_control()).collect();
        let mut terms: Vec<&str> = folded.split_whitespace().collect();
        terms.sort_unstable();
        terms.dedup();
        // The longest word is the most selective: scan for it, check the others per entry.
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let mut found: Vec<Found> = Vec::new();
        let mut capped = false;
        if terms.is_empty() {
            for (s, segment) in self.segments.iter().enumerate() {
                for (e, entry) in segment.entries.iter().enumerate() {
                    let listed = if kinds.is_empty() {
                        entry.kind != Kind::Statement
                    } else {
                        wanted(entry.kind)
                    };
                    if listed {
                        found.push(Found::new(Match::Name, entry.kind, s, e, 0));
                    }
                }
            }
        } else {
            let finders: Vec<Finder<'_>> = terms.iter().map(Finder::new).collect();
            let whole = terms_in_order(&folded);
            // The lock is never contended (one searcher at a time); a poisoned one only
            // loses the shortcut.
            let mut narrowing = self.narrowing.lock().ok();
            let within = narrowing
                .as_ref()
                .filter(|n| n.narrows(&terms, kinds))
                .map(|n| n.hits.as_slice());
            let cap = (cap && limit > 0).then_some(limit);
            capped = self.scan(&finders, &whole, &wanted, within, cap, &mut found);
            if let Some(narrowing) = narrowing.as_mut() {
                // Only a complete list of hits can be narrowed from.
                **narrowing = if capped {
                    Narrowing::default()
                } else {
                    Narrowing {
                        terms: terms.iter().map(ToString::to_string).collect(),
                        kinds: kinds.to_vec(),
                        hits: found.iter().map(|f| (f.segment, f.entry)).collect(),
                    }
                };
            }
            drop(narrowing);
            if found.len() < limit && folded.chars().count() <= FUZZY_MAX_CHARS {
                self.fuzzy(&folded, &wanted, &mut found);
            }
        }
        let total = found.len();
        if found.len() > limit && limit > 0 {
            found.select_nth_unstable(limit - 1);
        }
        found.truncate(limit);
        found.sort_unstable();
        let primary = terms.first().map(|t| Finder::new(*t));
        let hits = found
            .iter()
            .map(|f| self.hit(f, primary.as_ref()))
            .collect::<Option<Vec<Hit>>>()?;
        Some(Results {
            query: query.to_string(),
            total,
            hits,
            capped,
        })
    }

    /// Substring hits: every entry holding every term. With `within` (the hits of a query
    /// this one narrows, see [`Narrowing`]), only those entries are looked at. With `cap`,
    /// statements are no longer looked at once that many were found (see
    /// [`SearchIndex::search_capped`]); returns whether that happened.
    fn scan(
        &self,
        finders: &[Finder<'_>],
        whole: &str,
        wanted: &dyn Fn(Kind) -> bool,
        within: Option<&[(usize, usize)]>,
        cap: Option<usize>,
        found: &mut Vec<Found>,
    ) -> bool {
        let Some((primary, others)) = finders.split_first() else {
            return false;
        };
        let mut statements = 0;
        let full = |kind: Kind, statements: &mut usize| {
            if kind == Kind::Statement {
                *statements += 1;
            }
            cap.is_some_and(|cap| *statements >= cap)
        };
        let mut capped = false;
        if let Some(within) = within {
            for &(s, e) in within {
                let Some(segment) = self.segments.get(s) else {
                    continue;
                };
                let Some(entry) = segment.entries.get(e) else {
                    continue;
                };
                if !wanted(entry.kind) || (capped && entry.kind == Kind::Statement) {
                    continue;
                }
                let text = &segment.buffer[entry.start..entry.end];
                if finders.iter().all(|f| f.find(text).is_some()) {
                    let how = classify(segment, entry, finders, whole);
                    found.push(Found::new(how, entry.kind, s, e, 0));
                    capped |= full(entry.kind, &mut statements);
                }
            }
            return capped;
        }
        for (s, segment) in self.segments.iter().enumerate() {
            if capped && matches!(segment.source, Source::Meeting(_)) {
                // Only the meeting itself is left to look at in minutes.
                for (e, entry) in segment.entries.iter().enumerate() {
                    if entry.kind == Kind::Statement || !wanted(entry.kind) {
                        continue;
                    }
                    let text = &segment.buffer[entry.start..entry.end];
                    if finders.iter().all(|f| f.find(text).is_some()) {
                        let how = classify(segment, entry, finders, whole);
                        found.push(Found::new(how, entry.kind, s, e, 0));
                    }
                }
                continue;
            }
            let bytes = segment.buffer.as_slice();
            let mut position = 0;
            while let Some(offset) = primary.find(&bytes[position..]) {
                let at = position + offset;
                let e = segment.entry_at(at);
                let entry = &segment.entries[e];
                position = (entry.end).max(at + 1);
                if !wanted(entry.kind) || (capped && entry.kind == Kind::Statement) {
                    continue;
                }
                let text = &bytes[entry.start..entry.end];
                if !others.iter().all(|f| f.find(text).is_some()) {
                    continue;
                }
                let how = classify(segment, entry, finders, whole);
                found.push(Found::new(how, entry.kind, s, e, 0));
                capped |= full(entry.kind, &mut statements);
            }
        }
        capped
    }

    /// Fuzzy hits over the names not found as substrings, best score first.
    fn fuzzy(&self, folded: &str, wanted: &dyn Fn(Kind) -> bool, found: &mut Vec<Found>) {
        let pattern = Pattern::parse(folded, CaseMatching::Ignore, Normalization::Smart);
        // Scoring every name took most of a keystroke that found nothing; a name without
        // the query's characters in order cannot match, and is skipped where that check
        // is exact (see `plain_for_fuzzy`).
        let words: Vec<&str> = folded.split_whitespace().collect();
        let plain = plain_for_fuzzy(folded.as_bytes());
        let mut matcher = Matcher::new(Config::DEFAULT);
        let already: std::collections::HashSet<(usize, usize)> =
            found.iter().map(|f| (f.segment, f.entry)).collect();
        for (s, segment) in self.segments.iter().enumerate() {
            for (e, entry) in segment.entries.iter().enumerate() {
                if entry.kind == Kind::Statement || !wanted(entry.kind) || already.contains(&(s, e))
                {
                    continue;
                }
                let bytes = &segment.buffer[entry.start..entry.name_end];
                if plain && plain_for_fuzzy(bytes) && !words.iter().all(|w| in_order(bytes, w)) {
                    continue;
                }
                let Some(name) = segment.fuzzy_name(e) else {
                    continue;
                };
                if let Some(score) = pattern.score(name.slice(..), &mut matcher) {
                    found.push(Found::new(Match::Fuzzy, entry.kind, s, e, score));
                }
            }
        }
    }

    fn hit(&self, found: &Found, primary: Option<&Finder<'_>>) -> Option<Hit> {
        let segment = &self.segments[found.segment];
        let entry = &segment.entries[found.entry];
        let meta = segment.meta(found.entry)?;
        let body_range = entry.body_start..entry.body_end;
        // A name match needs no excerpt; text matches and statements show their words.
        let wants_excerpt = found.how == Match::Text || meta.show_body;
        let at = primary.filter(|_| wants_excerpt).and_then(|finder| {
            let start = finder.find(segment.buffer.get(body_range.clone())?)?;
            Some((start, start + finder.needle().len()))
        });
        let excerpt = match at {
            Some((start, end)) => Some(excerpt(&meta.body, start, end)),
            None if meta.show_body && !meta.body.is_empty() => Some(excerpt(&meta.body, 0, 0)),
            None => None,
        };
        let meta = meta.into_owned();
        Some(Hit {
            kind: entry.kind,
            target: meta.target,
            label: meta.label,
            context: meta.context,
            speaker: meta.speaker,
            meeting: meta.meeting,
            date: meta.date,
            excerpt,
            how: found.how,
        })
    }

    /// The language labels and context were built in.
    pub fn language(&self) -> Language {
        self.lang
    }
}

/// How an entry holding every term matched: in its name (exactly, as a prefix, or
/// anywhere) or only in its text.
fn classify(segment: &Segment, entry: &Entry, finders: &[Finder<'_>], whole: &str) -> Match {
    let name = &segment.buffer[entry.start..entry.name_end];
    let in_name = finders.iter().all(|f| f.find(name).is_some());
    let mut names = name.split(|&b| b == build::NAME_SEPARATOR as u8);
    if !in_name {
        Match::Text
    } else if names.clone().any(|n| n == whole.as_bytes()) {
        Match::Exact
    } else if names.any(|n| n.starts_with(whole.as_bytes())) {
        Match::Prefix
    } else {
        Match::Name
    }
}

/// The substring hits of the last query, so that the next one, typed on from it, only
/// looks at those: when every word of the last query is part of a word of the new one,
/// whatever holds the new words held the old ones. Exact by that rule, so results are the
/// same as a full scan; a keystroke after the first costs the hits, not the workspace.
#[derive(Debug, Default)]
struct Narrowing {
    /// The folded words of the last query (never empty: an empty query lists names).
    terms: Vec<String>,
    kinds: Vec<Kind>,
    /// Every entry that held them all, as (segment, entry).
    hits: Vec<(usize, usize)>,
}

impl Narrowing {
    /// Whether a query of `terms` over `kinds` may scan only the last query's hits.
    fn narrows(&self, terms: &[&str], kinds: &[Kind]) -> bool {
        !self.terms.is_empty()
            && self.kinds == kinds
            && self
                .terms
                .iter()
                .all(|old| terms.iter().any(|new| new.contains(old.as_str())))
    }
}

/// Whether a folded name or query word holds only characters the fuzzy matcher compares
/// as they are: ASCII other than upper case letters and the pattern syntax, and characters
/// from U+3000 up to U+FFFF (kana, kanji, CJK punctuation: no case, no diacritics). Only
/// for those is "every character in order" an exact pre-check of a fuzzy match.
fn plain_for_fuzzy(text: &[u8]) -> bool {
    text.iter().all(|&b| {
        !(0xC2..=0xE2).contains(&b)
            && b < 0xF0
            && !b.is_ascii_uppercase()
            && !matches!(b, b'^' | b'$' | b'!' | b'\'' | b'\\')
    })
}

/// Whether `name` holds the characters of `word` in order (a fuzzy match needs that).
fn in_order(name: &[u8], word: &str) -> bool {
    let mut at = 0;
    let mut buf = [0; 4];
    for c in word.chars() {
        let needle = c.encode_utf8(&mut buf).as_bytes();
        match memchr::memmem::find(&name[at..], needle) {
            Some(offset) => at += offset + needle.len(),
            None => return false,
        }
    }
    true
}

/// The query's words in the order typed, one space apart: what an exact or prefix match of
/// a name compares with.
fn terms_in_order(folded: &str) -> String {
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hit before it is materialised; ordered as results are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    how: Match,
    /// Fuzzy hits: the better score first.
    rank: std::cmp::Reverse<u32>,
    kind: Kind,
    segment: usize,
    entry: usize,
}

impl Found {
    fn new(how: Match, kind: Kind, segment: usize, entry: usize, score: u32) -> Self {
        Found {
            how,
            rank: std::cmp::Reverse(score),
            kind,
            segment,
            entry,
        }
    }
}

/// Characters of context shown before and after a match.
const BEFORE: usize = 20;
const AFTER: usize = 40;

/// The text around folded bytes `start..end` of `body`'s folded form, on one line.
fn excerpt(body: &str, start: usize, end: usize) -> Excerpt {
    let (from, to) = fold::original_range(body, start, end);
    let head: String = {
        let before: Vec<char> = body[..from].chars().rev().take(BEFORE + 1).collect();
        let cut = before.len() > BEFORE;
        let mut head: String = before.into_iter().take(BEFORE).rev().collect();
        if cut {
            head.insert(0, '…');
        }
        head
    };
    let middle = &body[from..to];
    let mut tail: String = body[to..].chars().take(AFTER).collect();
    if body[to..].chars().nth(AFTER).is_some() {
        tail.push('…');
    }
    let one_line = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let head = one_line(&head);
    let middle = one_line(middle);
    let text = format!("{head}{middle}{}", one_line(&tail));
    Excerpt {
        start: head.len(),
        end: head.len() + middle.len(),
        text,
    }
}

#[cfg(test)]
mod tests;
