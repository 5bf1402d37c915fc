//! Parsing many versions of one plan, each node's text parsed once.
//!
//! A history walk (`audit`'s figure table, `log --kpi`) parses every version of every plan
//! a commit changed: on the large workspace 2,000 parses of a 1.3 MB plan, of which a
//! commit changes one figure. Parsing is most of that work, and most of each version is
//! text the previous version already had.
//!
//! [`PlanMemo`] splits a plan's text at its nodes (a structural scan that knows RON's
//! strings, comments and brackets, nothing of the model) and parses each node's own text —
//! the node with its `children` list emptied — once: a node whose own text was seen before
//! is cloned from the memo. The parts are then put together. Parsing is context-free (the
//! same options, no field depends on another), so the result equals a parse of the whole
//! text; the tests check it on every plan version of a generated history and on the
//! sample plan.
//!
//! The next version of a plan is scanned from the last one: where a node's bytes are
//! those of the node at the same place in the last version (a `memcmp`, stopping at the
//! first byte that differs), its whole subtree is taken from there, shifted; only the nodes
//! a commit changed, their ancestors' own fields and the plan's are scanned, hashed and, if
//! new, parsed. The memo is keyed by a SHA-256 of each part's own text, so equal digests
//! are equal texts even in a history crafted to fool the audit.
//!
//! Anything the scan does not fully understand — a file that does not start with an
//! unnamed struct, attributes (`#![enable(…)]`), a `children` or `nodes` field given twice
//! or not as a list, nesting deep enough to approach the parser's recursion limit, a part
//! that does not parse — returns `None`, and the caller parses the whole text as before,
//! with the same diagnostics at the same `line:column`.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use sha2::{Digest as _, Sha256};

use crate::model::{Indicator, Node, Plan};
use crate::store::canonical::{MAX_DEPTH, options};

/// Node subtrees nested deeper than this are parsed whole (a guard for this module's
/// recursion; the parser's own limit is checked by the bracket depth below).
const MAX_NODE_DEPTH: usize = 32;

/// The SHA-256 of a part's own text: the memo's key.
type Digest = [u8; 32];

/// Parsed node and plan texts by digest, and the step each was last used in.
#[derive(Default)]
pub struct PlanMemo {
    nodes: HashMap<Digest, (Node, u64), Fast>,
    plans: HashMap<Digest, (Plan, u64), Fast>,
    /// The last version scanned, its bytes and split: the base of the next scan.
    last: Option<(Vec<u8>, Scanned)>,
    /// Threads a whole scan parses its node parts on (0 or 1: the scanning thread alone).
    threads: usize,
    /// During a whole scan on several threads: the node parts to parse once the scan is
    /// done, with their own texts.
    deferred: Option<Vec<(Digest, String)>>,
    /// A lazy memo ([`Self::lazy`]) keeps the node parts it scanned here, parsed only when
    /// something reads them, with the step each was last used in.
    unparsed: Option<HashMap<Digest, (String, u64), Fast>>,
    /// Set while [`Self::scan`] scans a `str`: its bytes need no UTF-8 check.
    utf8_known: bool,
    /// Texts scanned whole, for the tests to see the rescans happen.
    #[cfg(test)]
    full_scans: usize,
}

/// The memo's hasher: its keys are digests already.
type Fast = foldhash::fast::RandomState;

/// A plan's text split at its nodes: the plan's own text and each node's, in document
/// order (pre-order), every one of them parsed into the memo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    plan: Digest,
    nodes: Vec<NodeText>,
    /// Node ids are plain strings (no escapes) and, like indicator ids, unique in the plan:
    /// the condition for [`reduced_pair`].
    unique: bool,
    /// The deepest bracket nesting of the text (at most: a rescan keeps the larger of the
    /// old text's and the rescanned node's).
    deepest: usize,
}

/// One node of a [`Scanned`] plan.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NodeText {
    depth: usize,
    /// The id as written, quotes included.
    id: Rc<str>,
    /// The digest of the node's text with its `children` list emptied.
    own: Digest,
    /// Where the node is in the text: its `(` and the byte after its `)`.
    from: usize,
    to: usize,
    /// The index in [`Scanned::nodes`] after the node's subtree.
    end: usize,
}

/// Fewer new node parts than this are parsed by the scanning thread alone: a thread costs
/// more than it saves.
const MIN_PARALLEL_PARTS: usize = 64;

/// Stack of a parsing thread: RON's parser recurses (as the load's parse threads).
const PARSE_STACK: usize = 8 * 1024 * 1024;

impl PlanMemo {
    /// A memo whose whole scans parse the node parts on `threads` threads.
    ///
    /// A phase commit parses its one changed plan whole, and that parse was the largest
    /// part of a one-figure commit (20 of 50 ms on the medium workspace); split at the
    /// nodes, the parts are independent, so both cores share it. The parts are parsed after
    /// the structural scan, each with the same options as on one thread, and put into the
    /// memo before anything reads them: the result is the same plan.
    pub fn with_threads(threads: usize) -> Self {
        PlanMemo {
            threads,
            ..PlanMemo::default()
        }
    }

    /// A memo that parses a node part only when it is read: a phase commit compares the
    /// changed plan with HEAD's version, which passed validation, and needs the parsed
    /// nodes of the parts that differ only (see [`Self::changed_since_clean`]). Whole scans
    /// do not tell whether ids are unique then (that would parse every part).
    pub fn lazy() -> Self {
        PlanMemo {
            unparsed: Some(HashMap::default()),
            ..PlanMemo::default()
        }
    }

    /// The plan in `text`, or `None` when it must be parsed whole (see the module).
    pub fn parse(&mut self, text: &str, step: u64) -> Option<Plan> {
        self.parse_bytes(text.as_bytes(), step)
    }

    /// [`Self::parse`] of a blob's bytes; `None` also when they are not UTF-8.
    pub fn parse_bytes(&mut self, bytes: &[u8], step: u64) -> Option<Plan> {
        let scanned = self.scan_bytes(bytes, step)?;
        self.assemble(&scanned, None, step)
    }

    /// Splits and parses `text` (see [`Scanned`]); `None` when it must be parsed whole.
    pub fn scan(&mut self, text: &str, step: u64) -> Option<Scanned> {
        self.utf8_known = true;
        let scanned = self.scan_bytes(text.as_bytes(), step);
        self.utf8_known = false;
        scanned
    }

    /// [`Self::scan`] of a blob's bytes; `None` also when they are not UTF-8 (the whole
    /// parse says so). Scanned from the last version (see the module): what it shares is
    /// compared, not scanned, validated or hashed again.
    pub fn scan_bytes(&mut self, bytes: &[u8], step: u64) -> Option<Scanned> {
        let base = self.last.take();
        let scanned = match &base {
            Some((old, scanned)) if old.as_slice() == bytes => self.touch(scanned, step),
            Some((old, scanned)) => self.scan_from(bytes, Some((old, scanned)), step),
            None => None,
        }
        .or_else(|| self.scan_from(bytes, None, step))?;
        let mut buffer = base.map(|(old, _)| old).unwrap_or_default();
        buffer.clear();
        buffer.extend_from_slice(bytes);
        self.last = Some((buffer, scanned.clone()));
        Some(scanned)
    }

    /// The same text scanned again: its parts marked used.
    fn touch(&mut self, scanned: &Scanned, step: u64) -> Option<Scanned> {
        self.plans.get_mut(&scanned.plan)?.1 = step;
        for node in &scanned.nodes {
            self.mark_used(&node.own, step)?;
        }
        Some(scanned.clone())
    }

    /// Marks a node part used in `step`, parsed or not yet.
    fn mark_used(&mut self, own: &Digest, step: u64) -> Option<()> {
        if let Some((_, used)) = self.nodes.get_mut(own) {
            *used = step;
            return Some(());
        }
        self.unparsed.as_mut()?.get_mut(own)?.1 = step;
        Some(())
    }

    /// The parsed node of a part the memo holds, parsing it now in a lazy memo.
    fn node(&mut self, own: &Digest) -> Option<&mut (Node, u64)> {
        if !self.nodes.contains_key(own) {
            let (text, used) = self.unparsed.as_mut()?.remove(own)?;
            self.nodes.insert(*own, (parse_node_part(&text)?, used));
        }
        self.nodes.get_mut(own)
    }

    /// Scans `bytes`, whole or (`base`: the last version's bytes and scan) taking the
    /// nodes it shares from there.
    fn scan_from(
        &mut self,
        bytes: &[u8],
        base: Option<(&[u8], &Scanned)>,
        step: u64,
    ) -> Option<Scanned> {
        #[cfg(test)]
        {
            self.full_scans += usize::from(base.is_none());
        }
        if base.is_none() && !self.utf8_known {
            std::str::from_utf8(bytes).ok()?;
        }
        let guide = base.map(|(old, scanned)| Guide {
            old,
            nodes: &scanned.nodes,
        });
        let start = skip_blank(bytes, 0)?;
        let mut deepest = base.map_or(0, |(_, scanned)| scanned.deepest);
        let root = scan_struct(
            bytes,
            start,
            b"nodes",
            1,
            &mut deepest,
            guide.as_ref().map(|g| (g, None)),
        )?;
        // Nothing but blanks after the plan; and well inside the parser's recursion limit,
        // which counts from the top of the file and parts would not reach.
        if skip_blank(bytes, root.to)? != bytes.len() || deepest >= MAX_DEPTH / 2 {
            return None;
        }
        let (open, close) = root.list?;
        let mut reused = Vec::new();
        let mut nodes = Vec::new();
        if self.threads > 1 && base.is_none() {
            self.deferred = Some(Vec::new());
        }
        let flattened = self.flatten(
            bytes,
            &root.children,
            0,
            guide.as_ref(),
            &mut nodes,
            &mut reused,
            step,
        );
        let deferred = self.deferred.take();
        flattened?;
        if let Some(deferred) = deferred {
            self.parse_deferred(deferred, step)?;
        }
        // The bytes outside the nodes taken from the last version (UTF-8 there, cut at
        // ASCII brackets) decide whether the text is UTF-8.
        if base.is_some() {
            let mut at = 0;
            for (from, to) in reused.iter().copied().chain([(bytes.len(), bytes.len())]) {
                std::str::from_utf8(bytes.get(at..from)?).ok()?;
                at = to;
            }
        }
        let plan_pieces = own_pieces(bytes, 0, bytes.len(), Some((open, close)));
        let plan = digest_of(&plan_pieces);
        self.plan_part_of(&plan, &plan_pieces, step)?;
        let mut scanned = Scanned {
            plan,
            nodes,
            unique: false,
            deepest,
        };
        scanned.unique = match base {
            Some((_, old)) if self.same_ids(old, &scanned) => old.unique,
            _ if self.unparsed.is_some() => false,
            _ => self.ids_unique(&scanned)?,
        };
        Some(scanned)
    }

    /// Whether `new` has the node and indicator ids of `old`, in the same order: then it
    /// has unique ids exactly when `old` has (the parts that differ are compared).
    fn same_ids(&mut self, old: &Scanned, new: &Scanned) -> bool {
        let plan_ids = |digest: &Digest| {
            self.plans.get(digest).map(|(plan, _)| {
                plan.indicators
                    .iter()
                    .flat_map(Indicator::walk)
                    .map(|i| i.id.clone())
                    .collect::<Vec<_>>()
            })
        };
        old.nodes.len() == new.nodes.len()
            && (old.plan == new.plan
                || plan_ids(&old.plan).is_some_and(|ids| Some(ids) == plan_ids(&new.plan)))
            && old.nodes.iter().zip(&new.nodes).all(|(a, b)| {
                a.own == b.own || (a.id == b.id && self.same_indicator_ids(&a.own, &b.own))
            })
    }

    /// Which nodes of `new` differ from `old`, a version of the same plan that passed
    /// validation under the settings `new` is checked with: `Some` only when `new` has
    /// `old`'s shape — the same plan part, the same nodes (ids, nesting, order), and each
    /// differing node the same indicator ids and retirement year. Then every other node
    /// is, with the retirement it inherits, exactly as it was validated, the ids are unique
    /// as `old`'s are (validation refuses malformed and repeated ids), and only the nodes
    /// listed can hold a problem. Both scans, and the memo's last one, are marked unique.
    pub fn changed_since_clean(
        &mut self,
        old: &mut Scanned,
        new: &mut Scanned,
    ) -> Option<Vec<usize>> {
        let same_shape = old.plan == new.plan
            && old.nodes.len() == new.nodes.len()
            && old
                .nodes
                .iter()
                .zip(&new.nodes)
                .all(|(a, b)| a.depth == b.depth && a.end == b.end && a.id == b.id);
        if !same_shape {
            return None;
        }
        let differing: Vec<usize> = (0..new.nodes.len())
            .filter(|&i| old.nodes[i].own != new.nodes[i].own)
            .collect();
        for &index in &differing {
            let (a, b) = (old.nodes[index].own, new.nodes[index].own);
            let retired = self.node(&a)?.0.retired;
            if self.node(&b)?.0.retired != retired || !self.same_indicator_ids(&a, &b) {
                return None;
            }
        }
        for scanned in [&mut *old, &mut *new] {
            scanned.unique = true;
        }
        if let Some((_, last)) = self.last.as_mut()
            && (last.nodes == old.nodes || last.nodes == new.nodes)
        {
            last.unique = true;
        }
        Some(differing)
    }

    /// Node `index` of `scanned`, parsed, with the retirement year it inherits (the
    /// earliest of its own and its ancestors', as `Plan`'s retirements pass down).
    pub fn node_with_retirement(
        &mut self,
        scanned: &Scanned,
        index: usize,
    ) -> Option<(Node, Option<crate::model::FiscalYear>)> {
        let mut retired = None;
        for ancestor in (0..index).filter(|&j| scanned.nodes[j].end > index) {
            let own = self.node(&scanned.nodes[ancestor].own)?.0.retired;
            retired = crate::model::plan::earlier(retired, own);
        }
        let node = self.node(&scanned.nodes.get(index)?.own)?.0.clone();
        let retired = crate::model::plan::earlier(retired, node.retired);
        Some((node, retired))
    }

    /// Whether two parsed nodes hold the same indicator ids in the same order.
    fn same_indicator_ids(&mut self, a: &Digest, b: &Digest) -> bool {
        let ids = |node: &Node| -> Vec<String> {
            node.indicators
                .iter()
                .flat_map(Indicator::walk)
                .map(|i| i.id.clone())
                .collect()
        };
        let Some(a) = self.node(a).map(|(node, _)| ids(node)) else {
            return false;
        };
        self.node(b).is_some_and(|(node, _)| ids(node) == a)
    }

    /// Whether node ids are plain and unique and indicator ids unique (every part parsed).
    fn ids_unique(&self, scanned: &Scanned) -> Option<bool> {
        let (plan, _) = self.plans.get(&scanned.plan)?;
        let mut indicator_ids: HashSet<&str> = HashSet::new();
        let mut unique = true;
        for indicator in plan.indicators.iter().flat_map(Indicator::walk) {
            unique &= indicator_ids.insert(indicator.id.as_str());
        }
        let mut node_ids: HashSet<&str> = HashSet::new();
        for node in &scanned.nodes {
            let id: &str = &node.id;
            let plain_id =
                id.len() >= 2 && id.starts_with('"') && id.ends_with('"') && !id.contains('\\');
            unique &= plain_id && node_ids.insert(id);
            let (parsed, _) = self.nodes.get(&node.own)?;
            for indicator in parsed.indicators.iter().flat_map(Indicator::walk) {
                unique &= indicator_ids.insert(indicator.id.as_str());
            }
        }
        Some(unique)
    }

    /// The nodes under `spans` in pre-order, with their depth, each parsed into the memo;
    /// a span taken from the last version ([`Span::reused`]) brings its subtree from
    /// `guide`, its place recorded in `reused`.
    #[allow(clippy::too_many_arguments)] // one recursion's state
    fn flatten(
        &mut self,
        text: &[u8],
        spans: &[Span],
        depth: usize,
        guide: Option<&Guide<'_>>,
        out: &mut Vec<NodeText>,
        reused: &mut Vec<(usize, usize)>,
        step: u64,
    ) -> Option<()> {
        for span in spans {
            let index = out.len();
            if let (Some(old), Some(guide)) = (span.reused, guide) {
                let first = guide.nodes.get(old)?;
                for node in guide.nodes.get(old..first.end)? {
                    self.mark_used(&node.own, step)?;
                    out.push(NodeText {
                        depth: node.depth - first.depth + depth,
                        from: node.from - first.from + span.from,
                        to: node.to - first.from + span.from,
                        end: node.end - old + index,
                        ..node.clone()
                    });
                }
                reused.push((span.from, span.to));
                continue;
            }
            let pieces = own_pieces(text, span.from, span.to, span.list);
            let own = digest_of(&pieces);
            self.node_part_of(&own, &pieces, step)?;
            let id = match span.id {
                Some((a, b)) => Rc::from(std::str::from_utf8(text.get(a..b)?).ok()?),
                None => Rc::from(""),
            };
            out.push(NodeText {
                depth,
                id,
                own,
                from: span.from,
                to: span.to,
                end: index + 1,
            });
            self.flatten(text, &span.children, depth + 1, guide, out, reused, step)?;
            out[index].end = out.len();
        }
        Some(())
    }

    /// The plan of `scanned`, with all its nodes, or (`include`) only the nodes flagged.
    pub fn assemble(
        &mut self,
        scanned: &Scanned,
        include: Option<&[bool]>,
        step: u64,
    ) -> Option<Plan> {
        let mut plan = {
            let (plan, used) = self.plans.get_mut(&scanned.plan)?;
            *used = step;
            plan.clone()
        };
        // Pre-order nodes back into a tree: a stack of the open ancestors.
        let mut stack: Vec<(usize, Node)> = Vec::new();
        let close = |stack: &mut Vec<(usize, Node)>, plan: &mut Plan, depth: usize| {
            while stack.last().is_some_and(|(d, _)| *d >= depth) {
                if let Some((_, node)) = stack.pop() {
                    match stack.last_mut() {
                        Some((_, parent)) => parent.children.push(node),
                        None => plan.nodes.push(node),
                    }
                }
            }
        };
        for (index, node) in scanned.nodes.iter().enumerate() {
            if include.is_some_and(|flags| !flags.get(index).copied().unwrap_or(false)) {
                continue;
            }
            let parsed = {
                let (parsed, used) = self.node(&node.own)?;
                *used = step;
                parsed.clone()
            };
            close(&mut stack, &mut plan, node.depth);
            stack.push((node.depth, parsed));
        }
        close(&mut stack, &mut plan, 0);
        Some(plan)
    }

    /// Parses the plan part (its nodes list empty) into the memo, unless it is there.
    fn plan_part_of(&mut self, own: &Digest, pieces: &[&[u8]; 2], step: u64) -> Option<()> {
        if let Some((_, used)) = self.plans.get_mut(own) {
            *used = step;
            return Some(());
        }
        let plan: Plan = options().from_str(&own_text(pieces)?).ok()?;
        if !plan.nodes.is_empty() {
            return None;
        }
        self.plans.insert(*own, (plan, step));
        Some(())
    }

    /// Parses a node's own text (its children list empty) into the memo, unless it is there;
    /// during a scan on several threads, sets it aside for [`Self::parse_deferred`].
    fn node_part_of(&mut self, own: &Digest, pieces: &[&[u8]; 2], step: u64) -> Option<()> {
        if self.mark_used(own, step).is_some() {
            return Some(());
        }
        let text = own_text(pieces)?;
        if let Some(unparsed) = &mut self.unparsed {
            unparsed.insert(*own, (text, step));
            return Some(());
        }
        if let Some(deferred) = &mut self.deferred {
            deferred.push((*own, text));
            return Some(());
        }
        self.nodes.insert(*own, (parse_node_part(&text)?, step));
        Some(())
    }

    /// Parses the node parts a scan set aside, on the memo's threads, each thread a
    /// contiguous share of about equal bytes; `None` when one does not parse (the caller
    /// then parses the whole text, as on one thread).
    fn parse_deferred(&mut self, deferred: Vec<(Digest, String)>, step: u64) -> Option<()> {
        let mut seen = HashSet::new();
        let parts: Vec<(Digest, String)> = deferred
            .into_iter()
            .filter(|(digest, _)| seen.insert(*digest))
            .collect();
        let parse_all = |parts: &[(Digest, String)]| -> Option<Vec<(Digest, Node)>> {
            parts
                .iter()
                .map(|(digest, text)| Some((*digest, parse_node_part(text)?)))
                .collect()
        };
        let parsed: Vec<(Digest, Node)> = if parts.len() < MIN_PARALLEL_PARTS {
            parse_all(&parts)?
        } else {
            let shares = share_by_bytes(&parts, self.threads);
            std::thread::scope(|scope| {
                let handles: Vec<_> = shares
                    .iter()
                    .skip(1)
                    .map(|share| {
                        std::thread::Builder::new()
                            .name("kaikaku-parse".into())
                            .stack_size(PARSE_STACK)
                            .spawn_scoped(scope, move || parse_all(share))
                    })
                    .collect();
                let mut out = parse_all(shares.first().copied().unwrap_or_default())?;
                for (handle, share) in handles.into_iter().zip(shares.iter().skip(1)) {
                    // A thread that could not start leaves its share to this one.
                    let part = match handle {
                        Ok(handle) => handle
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                        Err(_) => parse_all(share),
                    };
                    out.extend(part?);
                }
                Some(out)
            })?
        };
        for (digest, node) in parsed {
            self.nodes.insert(digest, (node, step));
        }
        Some(())
    }

    /// Drops what was not used since step `keep_from`.
    pub fn evict(&mut self, keep_from: u64) {
        self.nodes.retain(|_, (_, used)| *used >= keep_from);
        self.plans.retain(|_, (_, used)| *used >= keep_from);
        if let Some(unparsed) = &mut self.unparsed {
            unparsed.retain(|_, (_, used)| *used >= keep_from);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.nodes.len()
    }
}

/// A node's own text parsed; `None` when it does not parse, or holds children after all.
fn parse_node_part(text: &str) -> Option<Node> {
    let node: Node = options().from_str(text).ok()?;
    node.children.is_empty().then_some(node)
}

/// `parts` cut into at most `threads` contiguous shares of about equal text size.
fn share_by_bytes<T>(parts: &[(T, String)], threads: usize) -> Vec<&[(T, String)]> {
    let total: usize = parts.iter().map(|(_, text)| text.len()).sum();
    let per_share = total.div_ceil(threads.max(1)).max(1);
    let mut shares = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (index, (_, text)) in parts.iter().enumerate() {
        size += text.len();
        if size >= per_share && shares.len() + 1 < threads {
            shares.push(&parts[start..=index]);
            (start, size) = (index + 1, 0);
        }
    }
    shares.push(&parts[start..]);
    shares
}

/// Two versions of a plan reduced to what differs between them, for the semantic diff.
///
/// When both have the same nodes (same ids, same nesting, same order) and unique node and
/// indicator ids, a node whose own text is unchanged — at the same place, under the same
/// parent — yields no change in [`super::diff::diff`]: its fields, statuses and indicators
/// are equal, and each of its indicators is matched with itself (ids are unique). The pair
/// then keeps only the nodes whose own text differs, with their ancestors (so every kept
/// node has its parent), and the plans' own fields: diffing it gives the same changes in
/// the same order as diffing the whole plans, at the cost of the change, not of the plan.
/// `None` (diff the whole plans) when the nodes were added, removed or moved.
pub fn reduced_pair(old: &Scanned, new: &Scanned) -> Option<Vec<bool>> {
    if !old.unique || !new.unique || old.nodes.len() != new.nodes.len() {
        return None;
    }
    let same_shape = old
        .nodes
        .iter()
        .zip(&new.nodes)
        .all(|(a, b)| a.depth == b.depth && a.id == b.id);
    if !same_shape {
        return None;
    }
    let mut include: Vec<bool> = old
        .nodes
        .iter()
        .zip(&new.nodes)
        .map(|(a, b)| a.own != b.own)
        .collect();
    // Ancestors of kept nodes are kept: walking backwards, a node's descendants come
    // before it, and the innermost open ancestor at each depth is the parent.
    let mut kept_below: Vec<bool> = Vec::new();
    for index in (0..new.nodes.len()).rev() {
        let depth = new.nodes[index].depth;
        kept_below.resize(depth + 2, false);
        if kept_below[depth + 1] {
            include[index] = true;
        }
        kept_below[depth + 1] = false;
        kept_below[depth] |= include[index];
    }
    Some(include)
}

/// The SHA-256 of a part's own text, given in pieces.
fn digest_of(pieces: &[&[u8]; 2]) -> Digest {
    let mut hasher = Sha256::new();
    for piece in pieces {
        hasher.update(piece);
    }
    hasher.finalize().into()
}

/// `text[from..to]` with the list between `open` (its `[`) and `close` (its `]`) emptied,
/// as the two pieces around the list's content.
fn own_pieces(text: &[u8], from: usize, to: usize, list: Option<(usize, usize)>) -> [&[u8]; 2] {
    match list {
        Some((open, close)) => [&text[from..=open], &text[close..to]],
        None => [&text[from..to], &[]],
    }
}

/// The own text of a part from its pieces (cut at ASCII brackets of UTF-8 text).
fn own_text(pieces: &[&[u8]; 2]) -> Option<String> {
    String::from_utf8(pieces.concat()).ok()
}

/// Where a struct is in the text, where its list of nodes is, and the nodes in it.
struct Span {
    from: usize,
    to: usize,
    /// The `[` and `]` of the list field.
    list: Option<(usize, usize)>,
    /// The value of the `id` field, as written.
    id: Option<(usize, usize)>,
    children: Vec<Span>,
    /// The index of the last version's node whose bytes these are (then nothing else is
    /// filled in): its subtree is taken from there.
    reused: Option<usize>,
}

/// The last version a scan takes unchanged nodes from.
struct Guide<'g> {
    old: &'g [u8],
    nodes: &'g [NodeText],
}

impl Guide<'_> {
    /// The indices of the children of node `parent`, or of the plan's nodes (`None`).
    fn children(&self, parent: Option<usize>) -> Vec<usize> {
        let (mut at, end) = match parent {
            Some(i) => (i + 1, self.nodes.get(i).map_or(i + 1, |n| n.end)),
            None => (0, self.nodes.len()),
        };
        let mut out = Vec::new();
        while at < end {
            out.push(at);
            at = self.nodes.get(at).map_or(end, |n| n.end.max(at + 1));
        }
        out
    }

    /// Whether the node at `at` of the new text has the bytes of old node `index`.
    fn same_at(&self, bytes: &[u8], at: usize, index: usize) -> Option<usize> {
        let node = self.nodes.get(index)?;
        let old = self.old.get(node.from..node.to)?;
        (bytes.get(at..at + old.len()) == Some(old)).then_some(at + old.len())
    }
}

/// The struct whose `(` is at `open`: every byte is looked at once; the value of the field
/// `list_field` (a list of node structs, each with a `children` list) is scanned into
/// spans, other values are skipped. `depth` is the bracket depth of the struct, `deepest`
/// the deepest seen. `None` when the text is anything but plain fields.
///
/// With a `guide` (the last version, and the index of the node at this place in it, `None`
/// for the plan), each child whose bytes are those of the old child at its place is
/// taken whole ([`Span::reused`]): scanning is context-free, so it would scan the same.
fn scan_struct(
    bytes: &[u8],
    open: usize,
    list_field: &[u8],
    depth: usize,
    deepest: &mut usize,
    guide: Option<(&Guide<'_>, Option<usize>)>,
) -> Option<Span> {
    if bytes.get(open) != Some(&b'(') || depth > MAX_NODE_DEPTH * 2 {
        return None;
    }
    *deepest = (*deepest).max(depth);
    let mut span = Span {
        from: open,
        to: open,
        list: None,
        id: None,
        children: Vec::new(),
        reused: None,
    };
    let mut i = open + 1;
    loop {
        i = skip_blank(bytes, i)?;
        match bytes.get(i)? {
            b')' => {
                span.to = i + 1;
                return Some(span);
            }
            c if c.is_ascii_alphabetic() || *c == b'_' => {}
            _ => return None,
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            i += 1;
        }
        let name = &bytes[name_start..i];
        i = skip_blank(bytes, i)?;
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let from = skip_blank(bytes, i + 1)?;
        let to = if name == list_field {
            // Given twice, or not as a list: the whole parse says what that means.
            if span.list.is_some() || bytes.get(from) != Some(&b'[') {
                return None;
            }
            *deepest = (*deepest).max(depth + 1);
            let old_children = guide.map_or_else(Vec::new, |(g, parent)| g.children(parent));
            let mut j = from + 1;
            loop {
                j = skip_blank(bytes, j)?;
                if bytes.get(j)? == &b']' {
                    break;
                }
                let old = old_children.get(span.children.len()).copied();
                let child = match (guide, old) {
                    (Some((g, _)), Some(old)) => match g.same_at(bytes, j, old) {
                        Some(to) => Span {
                            from: j,
                            to,
                            list: None,
                            id: None,
                            children: Vec::new(),
                            reused: Some(old),
                        },
                        None => scan_struct(
                            bytes,
                            j,
                            b"children",
                            depth + 2,
                            deepest,
                            Some((g, Some(old))),
                        )?,
                    },
                    _ => scan_struct(bytes, j, b"children", depth + 2, deepest, None)?,
                };
                j = skip_blank(bytes, child.to)?;
                span.children.push(child);
                match bytes.get(j)? {
                    b',' => j += 1,
                    b']' => {}
                    _ => return None,
                }
            }
            span.list = Some((from, j));
            j + 1
        } else {
            let to = skip_value(bytes, from, depth, deepest)?;
            if name == b"id" {
                span.id = Some((from, to));
            }
            to
        };
        if to == from {
            return None;
        }
        i = skip_blank(bytes, to)?;
        match bytes.get(i)? {
            b',' => i += 1,
            b')' => {}
            _ => return None,
        }
    }
}

/// Skips whitespace and comments (`//` to the line's end, nested `/* */`).
fn skip_blank(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        match bytes.get(i) {
            Some(c) if c.is_ascii_whitespace() => i += 1,
            Some(b'/') => match bytes.get(i + 1) {
                Some(b'/') => {
                    while bytes.get(i).is_some_and(|c| *c != b'\n') {
                        i += 1;
                    }
                }
                Some(b'*') => {
                    let mut depth = 1;
                    i += 2;
                    while depth > 0 {
                        match (bytes.get(i)?, bytes.get(i + 1)) {
                            (b'*', Some(b'/')) => {
                                depth -= 1;
                                i += 2;
                            }
                            (b'/', Some(b'*')) => {
                                depth += 1;
                                i += 2;
                            }
                            _ => i += 1,
                        }
                    }
                }
                _ => return Some(i),
            },
            _ => return Some(i),
        }
    }
}

/// The index after the value starting at `i`: up to the `,` or closing bracket that ends
/// it at its own level, brackets, strings, characters and comments skipped whole.
fn skip_value(bytes: &[u8], mut i: usize, base: usize, deepest: &mut usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let c = *bytes.get(i)?;
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                *deepest = (*deepest).max(base + depth);
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b',' if depth == 0 => return Some(i),
            b'"' => i = skip_string(bytes, i + 1)?,
            b'\'' => i = skip_char(bytes, i + 1)?,
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = skip_blank(bytes, i)?,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    i += 1;
                }
                match (&bytes[start..i], bytes.get(i)) {
                    (b"r" | b"br", Some(b'"' | b'#')) => i = skip_raw_string(bytes, i)?,
                    (b"b", Some(b'"')) => i = skip_string(bytes, i + 1)?,
                    (b"b", Some(b'\'')) => i = skip_char(bytes, i + 1)?,
                    // A bare value (identifier, `Some`…) continues until its end.
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
}

/// After the opening `"`: the index after the closing one.
fn skip_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'\\', b'"', bytes.get(i..)?)?;
        match bytes[i] {
            b'\\' => i += 2,
            _ => return Some(i + 1),
        }
    }
}

/// After the opening `'`: the index after the closing one.
fn skip_char(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'\'' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
}

/// At the `#`s or `"` after `r`: the index after the raw string.
fn skip_raw_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut hashes = 0;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    if bytes.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    loop {
        if bytes.get(i)? == &b'"'
            && bytes.len() >= i + 1 + hashes
            && bytes[i + 1..i + 1 + hashes].iter().all(|c| *c == b'#')
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = include_str!("../../plans/kumamoto-reform-plan-2023.ron");

    fn whole(text: &str) -> Option<Plan> {
        options().from_str(text).ok()
    }

    #[test]
    fn the_sample_plan_parses_as_a_whole_parse_does() {
        let mut memo = PlanMemo::default();
        let parsed = memo.parse(PLAN, 1).expect("memo parse");
        assert_eq!(Some(parsed), whole(PLAN));
        assert!(
            memo.len() > 3,
            "nodes were parsed one by one: {}",
            memo.len()
        );
        // A second version with one title changed: the same as a whole parse, and only
        // the changed node is new in the memo.
        let before = memo.len();
        let edited = PLAN.replacen("title: \"", "title: \"改", 3);
        assert_eq!(memo.parse(&edited, 2), whole(&edited));
        assert!(memo.len() <= before + 2, "{} → {}", before, memo.len());
        memo.evict(2);
        assert_eq!(memo.parse(&edited, 3), whole(&edited));
    }

    /// Texts the scan must not misread: strings holding brackets, quotes and comment
    /// markers, comments holding brackets, raw strings, and nodes written oddly. Either the
    /// memo gives the whole parse's plan, or it declines.
    #[test]
    fn odd_texts_parse_as_a_whole_parse_or_are_declined() {
        let at = PLAN.find("title: \"").expect("a title") + "title: \"".len();
        let insert = |s: &str| {
            let mut text = PLAN.to_string();
            text.insert_str(at, s);
            text
        };
        let mut texts = vec![
            insert(r#"括弧 ( [ { ) ] } \" // /* "#),
            insert(r"\\"),
            format!("// 先頭のコメント ( [\n/* 入れ子 /* ( */ ] */\n{PLAN}\n// 末尾\n"),
            format!("#![enable(implicit_some)]\n{PLAN}"),
            format!("{PLAN} trailing"),
            PLAN.replacen("children: [", "children: [],\n children: [", 1),
            PLAN.replacen("nodes: [", "nodes: [],\n nodes: [", 1),
            PLAN.replacen("children: [", "children: None, x: [", 1),
            PLAN.replacen("title: \"", "title: r#\"生の \"(\" 文字列\"#, x: \"", 1),
            PLAN.replacen("title: \"", "title: r#\"生の \"(\" 文字列\"#, t: \"", 1),
            PLAN.replacen("(\n", "Plan(\n", 1),
            PLAN[..PLAN.len() / 2].to_string(),
            PLAN.replace('\n', "\r\n"),
            PLAN.replacen("children: [", "children: [ /* ] */ ", 1),
        ];
        let deep = format!("{}{PLAN}{}", "[".repeat(60), "]".repeat(60));
        texts.push(deep);
        let mut agreed = 0;
        for text in &texts {
            let mut memo = PlanMemo::default();
            let parsed = memo.parse(text, 1);
            if parsed.is_some() {
                agreed += 1;
                assert_eq!(
                    parsed,
                    whole(text),
                    "memo and whole parse differ on {text:.80}"
                );
            }
        }
        assert!(
            agreed >= 4,
            "the harmless oddities are parsed by the memo: {agreed}"
        );
        // The ones a whole parse rejects are never accepted by the memo.
        for text in &texts {
            if whole(text).is_none() {
                assert_eq!(PlanMemo::default().parse(text, 1), None);
            }
        }
    }

    /// The first plan of a generated small workspace: nested nodes, indicators in nodes.
    fn generated_plan() -> String {
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().join("ws");
        crate::dev::generate(&dir, crate::dev::Scale::named("small").expect("scale"), 1)
            .expect("generate");
        std::fs::read_to_string(dir.join("plans/plan-01.ron")).expect("plan")
    }

    /// Replaces the `n`th (from 0) occurrence of `from`.
    fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
        let at = text.match_indices(from).nth(n).expect("occurrence").0;
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    }

    /// A lazy memo compared with a clean version parses only the nodes that differ: one
    /// changed figure lists its node, whose inherited retirement is its ancestors'; the
    /// pair reduces and diffs as whole plans do, and the whole plan put together from it is
    /// the whole parse. Another shape, a retirement, an indicator id or the plan's own
    /// fields changed: no answer (validate the whole plan).
    #[test]
    fn a_lazy_memo_compares_with_a_clean_version_node_by_node() {
        use crate::history::diff::diff_plans;
        let text = generated_plan();
        let edited = replace_nth(&text, "value: \"", "value: \"9", 7);
        let mut memo = PlanMemo::lazy();
        let mut new_scan = memo.scan(&edited, 0).expect("scan");
        assert!(
            !new_scan.unique,
            "a lazy whole scan does not parse every node"
        );
        assert_eq!(memo.len(), 0, "nothing parsed yet");
        let mut old_scan = memo.scan(&text, 0).expect("scan");
        let changed = memo
            .changed_since_clean(&mut old_scan, &mut new_scan)
            .expect("same shape");
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(
            memo.len() <= 2,
            "only the changed node, both sides: {}",
            memo.len()
        );
        let whole_new = whole(&edited).expect("whole");
        let (node, retired) = memo
            .node_with_retirement(&new_scan, changed[0])
            .expect("node");
        let flat = whole_new.flatten();
        let at = flat
            .iter()
            .position(|f| f.node.id == node.id)
            .expect("in the plan");
        assert_eq!(retired, crate::model::plan::retirements(&flat)[at]);
        assert_eq!(
            Some(&node.indicators),
            flat.get(at).map(|f| &f.node.indicators)
        );
        let include = reduced_pair(&old_scan, &new_scan).expect("marked unique");
        let old = memo.assemble(&old_scan, Some(&include), 1).expect("old");
        let new = memo.assemble(&new_scan, Some(&include), 1).expect("new");
        let expected = diff_plans(&whole(&text).expect("whole"), &whole_new);
        assert!(!expected.is_empty());
        assert_eq!(diff_plans(&old, &new), expected);
        assert_eq!(memo.assemble(&new_scan, None, 1), Some(whole_new));

        let retired = text.replacen("indicators: [", "retired: Some(2025),\n indicators: [", 1);
        let first_indicator = text
            .split("id: \"k-")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|id| format!("id: \"k-{id}\""))
            .expect("an indicator");
        let other_shapes = [
            replace_nth(&text, "id: \"p01-1-1\"", "id: \"p01-1-9\"", 0),
            retired,
            text.replacen(&first_indicator, "id: \"k-renamed\"", 1),
            text.replacen("title: \"", "title: \"改", 1),
        ];
        for other in &other_shapes {
            assert_ne!(other, &text);
            assert!(whole(other).is_some(), "a valid plan: {other:.80}");
            let mut memo = PlanMemo::lazy();
            let mut new_scan = memo.scan(other, 0).expect("scan");
            let mut old_scan = memo.scan(&text, 0).expect("scan");
            assert_eq!(
                memo.changed_since_clean(&mut old_scan, &mut new_scan),
                None,
                "{other:.80}"
            );
            assert_eq!(memo.assemble(&new_scan, None, 0), whole(other));
        }
    }

    /// Two versions of a generated plan (nested nodes, indicators in nodes) diff the same
    /// reduced to what differs as whole, and the reduction keeps few nodes; a renamed node
    /// (another shape) is not reduced.
    #[test]
    fn reduced_pairs_diff_like_whole_plans() {
        use crate::history::diff::diff_plans;
        let text = generated_plan();
        let edits = [
            replace_nth(&text, "value: \"", "value: \"9", 7),
            replace_nth(&text, "status: \"on_plan\"", "status: \"changed\"", 11),
            replace_nth(&text, "title: \"", "title: \"改", 0),
            replace_nth(
                &replace_nth(&text, "value: \"", "value: \"1", 40),
                "title: \"",
                "title: \"新",
                25,
            ),
        ];
        let mut memo = PlanMemo::default();
        let old_scan = memo.scan(&text, 1).expect("scan");
        let old_whole = whole(&text).expect("whole");
        assert!(
            old_scan.nodes.len() > 20,
            "a nested plan: {}",
            old_scan.nodes.len()
        );
        for edited in &edits {
            let new_scan = memo.scan(edited, 1).expect("scan");
            let include = reduced_pair(&old_scan, &new_scan).expect("same shape");
            let kept = include.iter().filter(|k| **k).count();
            assert!(
                kept < old_scan.nodes.len() / 4,
                "{kept} of {}",
                old_scan.nodes.len()
            );
            let old = memo.assemble(&old_scan, Some(&include), 1).expect("old");
            let new = memo.assemble(&new_scan, Some(&include), 1).expect("new");
            let expected = diff_plans(&old_whole, &whole(edited).expect("whole"));
            assert!(!expected.is_empty());
            assert_eq!(diff_plans(&old, &new), expected);
        }
        let renamed = replace_nth(&text, "id: \"p01-1-1\"", "id: \"p01-1-9\"", 0);
        let renamed_scan = memo.scan(&renamed, 1).expect("scan");
        assert_eq!(reduced_pair(&old_scan, &renamed_scan), None);
        assert_eq!(memo.assemble(&renamed_scan, None, 1), whole(&renamed));
    }

    /// Each version scanned from the one before is the scan of it alone, and most are
    /// rescans: edits in a leaf, in a node's own fields above its children, in the plan's
    /// own fields, in a children list, many nodes at once, a renamed node, a duplicated
    /// indicator id, a broken text, bytes that are not UTF-8, and the same text again.
    #[test]
    fn rescans_from_the_last_version_equal_whole_scans() {
        let text = generated_plan();
        let indicator = |n: usize| {
            let at = text.match_indices("id: \"k-").nth(n).expect("indicator").0 + 4;
            text[at..=at + text[at + 1..].find('"').expect("quote") + 1].to_string()
        };
        let (first, second) = (indicator(0), indicator(1));
        let mut not_utf8 = replace_nth(&text, "value: \"", "value: \"@", 3).into_bytes();
        let at = not_utf8.iter().position(|b| *b == b'@').expect("marker");
        not_utf8[at] = 0xff;
        let versions: Vec<Vec<u8>> = [
            text.clone(),
            replace_nth(&text, "value: \"", "value: \"9", 7),
            replace_nth(&text, "title: \"", "title: \"改", 1),
            replace_nth(&text, "title: \"", "title: \"計画", 0),
            replace_nth(&text, "children: [", "children: [ /* ( ] */", 2),
            text.replace("on_plan", "changed"),
            replace_nth(&text, "id: \"p01-1-1\"", "id: \"p01-1-9\"", 0),
            text.replacen(&format!("id: {second}"), &format!("id: {first}"), 1),
            replace_nth(&text, "title: \"", "title: (\"", 5),
            text.clone(),
            text.clone(),
        ]
        .into_iter()
        .map(String::into_bytes)
        .chain([not_utf8, text.clone().into_bytes()])
        .collect();
        let mut chained = PlanMemo::default();
        let mut declined = 0;
        for (i, version) in versions.iter().enumerate() {
            let step = i as u64 + 1;
            let alone = PlanMemo::default().scan_bytes(version, 1);
            let rescanned = chained.scan_bytes(version, step);
            declined += usize::from(alone.is_none());
            let key = |s: &Scanned| (s.plan, s.nodes.clone(), s.unique);
            assert_eq!(rescanned.as_ref().map(key), alone.as_ref().map(key), "{i}");
            if let Some(scanned) = &rescanned {
                let expected = std::str::from_utf8(version).ok().and_then(whole);
                assert_eq!(chained.assemble(scanned, None, step), expected, "{i}");
            }
            chained.evict(step);
        }
        assert_eq!(declined, 2, "the broken and the non-UTF-8 versions");
        assert!(
            !PlanMemo::default()
                .scan(&text, 1)
                .expect("scan")
                .nodes
                .is_empty()
        );
        let dup = versions[7].clone();
        assert!(
            !PlanMemo::default()
                .scan_bytes(&dup, 1)
                .expect("scan")
                .unique
        );
        // Whole scans: the first, the broken version (declined from the last version, then
        // whole), and the ones after a declined version; the other eight are from the last.
        assert!(
            chained.full_scans <= 5,
            "{} whole scans of {}",
            chained.full_scans,
            versions.len()
        );
    }

    /// Parsed on two threads, every version is what one thread makes of it (the same split,
    /// the same plan, the same declines), and the parallel path is the one taken: a
    /// generated plan has more node parts than the threshold. A node part that does not
    /// parse, on either thread's share, declines the whole text.
    #[test]
    fn threaded_scans_equal_one_thread() {
        let text = generated_plan();
        let parts = text.matches("id: \"p01-").count();
        assert!(parts >= MIN_PARALLEL_PARTS, "{parts} node parts");
        let last_title = text.match_indices("title: \"").count() - 1;
        let versions = [
            text.clone(),
            replace_nth(&text, "value: \"", "value: \"9", 7),
            replace_nth(&text, "title: \"", "title: (\"", 2),
            replace_nth(&text, "title: \"", "title: (\"", last_title),
            replace_nth(&text, "id: \"p01-1-1\"", "id: \"p01-1-9\"", 0),
            text[..text.len() - 3].to_string(),
        ];
        let key = |s: &Scanned| (s.plan, s.nodes.clone(), s.unique);
        for (i, version) in versions.iter().enumerate() {
            let mut alone = PlanMemo::default();
            let mut threaded = PlanMemo::with_threads(2);
            let one = alone.scan(version, 1);
            let two = threaded.scan(version, 1);
            assert_eq!(two.as_ref().map(key), one.as_ref().map(key), "{i}");
            if let Some(scanned) = &two {
                assert_eq!(threaded.assemble(scanned, None, 1), whole(version), "{i}");
            } else {
                assert!(i >= 2, "only the broken versions are declined: {i}");
            }
        }
        // A rescan from the last version (few parts) on the threaded memo is the same too.
        let mut threaded = PlanMemo::with_threads(2);
        threaded.scan(&text, 1).expect("scan");
        let edited = replace_nth(&text, "value: \"", "value: \"7", 3);
        let rescanned = threaded.scan(&edited, 2).expect("rescan");
        assert_eq!(threaded.assemble(&rescanned, None, 2), whole(&edited));
    }

    /// The shares cover every part once, in order, and are about equal in bytes.
    #[test]
    fn shares_split_by_bytes_in_order() {
        let parts: Vec<(usize, String)> = (0..10).map(|i| (i, "x".repeat(10 + i))).collect();
        let shares = share_by_bytes(&parts, 2);
        assert_eq!(shares.len(), 2);
        let flat: Vec<usize> = shares
            .iter()
            .flat_map(|s| s.iter().map(|(i, _)| *i))
            .collect();
        assert_eq!(flat, (0..10).collect::<Vec<_>>());
        let bytes = |share: &[(usize, String)]| share.iter().map(|(_, t)| t.len()).sum::<usize>();
        assert!(bytes(shares[0]).abs_diff(bytes(shares[1])) <= 20);
        assert_eq!(share_by_bytes(&parts, 1).len(), 1);
        assert_eq!(share_by_bytes::<usize>(&[], 2).len(), 1);
    }
}
