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
//! Anything the scan does not fully understand — a file that does not start with an
//! unnamed struct, attributes (`#![enable(…)]`), a `children` or `nodes` field given twice
//! or not as a list, nesting deep enough to approach the parser's recursion limit, a part
//! that does not parse — returns `None`, and the caller parses the whole text as before,
//! with the same diagnostics at the same `line:column`.

use std::collections::{HashMap, HashSet};

use crate::model::{Indicator, Node, Plan};
use crate::store::canonical::{MAX_DEPTH, options};

/// Node subtrees nested deeper than this are parsed whole (a guard for this module's
/// recursion; the parser's own limit is checked by the bracket depth below).
const MAX_NODE_DEPTH: usize = 32;

/// Parsed node and plan texts, and the step each was last used in.
#[derive(Default)]
pub struct PlanMemo {
    nodes: HashMap<String, (Node, u64), Fast>,
    plans: HashMap<String, (Plan, u64), Fast>,
}

/// The memo's hasher: its keys are whole node texts, hashed on every version.
type Fast = foldhash::fast::RandomState;

/// A plan's text split at its nodes: the plan's own text and each node's, in document
/// order (pre-order), every one of them parsed into the memo.
pub struct Scanned {
    plan: String,
    nodes: Vec<NodeText>,
    /// Node ids are plain strings (no escapes) and, like indicator ids, unique in the plan:
    /// the condition for [`reduced_pair`].
    unique: bool,
}

/// One node of a [`Scanned`] plan.
struct NodeText {
    depth: usize,
    /// The id as written, quotes included.
    id: String,
    /// The node's text with its `children` list emptied.
    own: String,
}

impl PlanMemo {
    /// The plan in `text`, or `None` when it must be parsed whole (see the module).
    pub fn parse(&mut self, text: &str, step: u64) -> Option<Plan> {
        let scanned = self.scan(text, step)?;
        self.assemble(&scanned, None, step)
    }

    /// Splits and parses `text` (see [`Scanned`]); `None` when it must be parsed whole.
    pub fn scan(&mut self, text: &str, step: u64) -> Option<Scanned> {
        let bytes = text.as_bytes();
        let start = skip_blank(bytes, 0)?;
        let mut deepest = 0;
        let root = scan_struct(bytes, start, b"nodes", 1, &mut deepest)?;
        // Nothing but blanks after the plan; and well inside the parser's recursion limit,
        // which counts from the top of the file and parts would not reach.
        if skip_blank(bytes, root.to)? != bytes.len() || deepest >= MAX_DEPTH / 2 {
            return None;
        }
        let (open, close) = root.list?;
        let mut scanned = Scanned {
            plan: own_text(text, 0, text.len(), Some((open, close))),
            nodes: Vec::new(),
            unique: true,
        };
        flatten_spans(text, &root.children, 0, &mut scanned.nodes);
        // Parse every part once (memo hits for what an earlier version had), checking
        // that ids are unique as [`reduced_pair`] needs.
        let plan_part = self.plan_part(&scanned.plan, step)?;
        let mut indicator_ids: HashSet<String> = HashSet::new();
        let mut unique = true;
        for indicator in plan_part.indicators.iter().flat_map(Indicator::walk) {
            unique &= indicator_ids.insert(indicator.id.clone());
        }
        let mut node_ids: HashSet<&str> = HashSet::new();
        for node in &scanned.nodes {
            let plain_id = node.id.len() >= 2
                && node.id.starts_with('"')
                && node.id.ends_with('"')
                && !node.id.contains('\\');
            unique &= plain_id && node_ids.insert(node.id.as_str());
            let parsed = self.node_part(&node.own, step)?;
            for indicator in parsed.indicators.iter().flat_map(Indicator::walk) {
                unique &= indicator_ids.insert(indicator.id.clone());
            }
        }
        scanned.unique = unique;
        Some(scanned)
    }

    /// The plan of `scanned`, with all its nodes, or (`include`) only the nodes flagged.
    pub fn assemble(
        &mut self,
        scanned: &Scanned,
        include: Option<&[bool]>,
        step: u64,
    ) -> Option<Plan> {
        let mut plan = self.plan_part(&scanned.plan, step)?.clone();
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
            let parsed = self.node_part(&node.own, step)?.clone();
            close(&mut stack, &mut plan, node.depth);
            stack.push((node.depth, parsed));
        }
        close(&mut stack, &mut plan, 0);
        Some(plan)
    }

    /// The parsed plan part of `own` (its nodes list empty).
    fn plan_part(&mut self, own: &str, step: u64) -> Option<&Plan> {
        if !self.plans.contains_key(own) {
            let plan: Plan = options().from_str(own).ok()?;
            if !plan.nodes.is_empty() {
                return None;
            }
            self.plans.insert(own.to_string(), (plan, step));
        }
        let (plan, used) = self.plans.get_mut(own)?;
        *used = step;
        Some(plan)
    }

    /// The parsed node of `own` (its children list empty).
    fn node_part(&mut self, own: &str, step: u64) -> Option<&Node> {
        if !self.nodes.contains_key(own) {
            let node: Node = options().from_str(own).ok()?;
            if !node.children.is_empty() {
                return None;
            }
            self.nodes.insert(own.to_string(), (node, step));
        }
        let (node, used) = self.nodes.get_mut(own)?;
        *used = step;
        Some(node)
    }

    /// Drops what was not used since step `keep_from`.
    pub fn evict(&mut self, keep_from: u64) {
        self.nodes.retain(|_, (_, used)| *used >= keep_from);
        self.plans.retain(|_, (_, used)| *used >= keep_from);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.nodes.len()
    }
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

/// The nodes under `spans` in pre-order, with their depth.
fn flatten_spans(text: &str, spans: &[Span], depth: usize, out: &mut Vec<NodeText>) {
    for span in spans {
        out.push(NodeText {
            depth,
            id: span
                .id
                .map_or_else(String::new, |(a, b)| text[a..b].to_string()),
            own: own_text(text, span.from, span.to, span.list),
        });
        flatten_spans(text, &span.children, depth + 1, out);
    }
}

/// `text[from..to]` with the list between `open` (its `[`) and `close` (its `]`) emptied.
fn own_text(text: &str, from: usize, to: usize, list: Option<(usize, usize)>) -> String {
    match list {
        Some((open, close)) => {
            let mut own = String::with_capacity(to - from - (close - open - 1));
            own.push_str(&text[from..=open]);
            own.push_str(&text[close..to]);
            own
        }
        None => text[from..to].to_string(),
    }
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
}

/// The struct whose `(` is at `open`: every byte is looked at once; the value of the field
/// `list_field` (a list of node structs, each with a `children` list) is scanned into
/// spans, other values are skipped. `depth` is the bracket depth of the struct, `deepest`
/// the deepest seen. `None` when the text is anything but plain fields.
fn scan_struct(
    bytes: &[u8],
    open: usize,
    list_field: &[u8],
    depth: usize,
    deepest: &mut usize,
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
            let mut j = from + 1;
            loop {
                j = skip_blank(bytes, j)?;
                if bytes.get(j)? == &b']' {
                    break;
                }
                let child = scan_struct(bytes, j, b"children", depth + 2, deepest)?;
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

    /// Replaces the `n`th (from 0) occurrence of `from`.
    fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
        let at = text.match_indices(from).nth(n).expect("occurrence").0;
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    }

    /// Two versions of a generated plan (nested nodes, indicators in nodes) diff the same
    /// reduced to what differs as whole, and the reduction keeps few nodes; a renamed node
    /// (another shape) is not reduced.
    #[test]
    fn reduced_pairs_diff_like_whole_plans() {
        use crate::history::diff::diff_plans;
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().join("ws");
        crate::dev::generate(&dir, crate::dev::Scale::named("small").expect("scale"), 1)
            .expect("generate");
        let text = std::fs::read_to_string(dir.join("plans/plan-01.ron")).expect("plan");
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
}
