//! Reform plans (改革プラン / 行政改革大綱) as a generic tree whose levels the plan names.

use serde::{Deserialize, Serialize};

use super::fiscal_year::FiscalYear;
use super::indicator::Indicator;

/// The fiscal years a plan covers, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: FiscalYear,
    pub to: FiscalYear,
}

impl Period {
    pub fn contains(self, year: FiscalYear) -> bool {
        (self.from..=self.to).contains(&year)
    }

    pub fn years(self) -> impl Iterator<Item = FiscalYear> {
        (self.from.0..=self.to.0).map(FiscalYear)
    }
}

/// How the digits of a number are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    /// 1, 2, 3
    #[default]
    Arabic,
    /// １, ２, ３
    FullWidth,
    /// ①, ②, ③ (up to 50, then plain digits in parentheses)
    Circled,
    /// 一, 二, 三
    Kanji,
    /// I, II, III
    Roman,
}

/// Whether numbers restart under each parent or run on through the whole level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberScope {
    #[default]
    PerParent,
    Continuous,
}

/// How a level numbers its nodes: 方針1, 施策2, (3), ④ …
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default)]
    pub style: NumberStyle,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    #[serde(default, skip_serializing_if = "is_default_scope")]
    pub scope: NumberScope,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_default_scope(scope: &NumberScope) -> bool {
    *scope == NumberScope::PerParent
}

impl Numbering {
    /// The printed number of the `n`-th node (1-based).
    pub fn format(&self, n: usize) -> String {
        format!(
            "{}{}{}",
            self.prefix,
            style_number(self.style, n),
            self.suffix
        )
    }
}

fn style_number(style: NumberStyle, n: usize) -> String {
    match style {
        NumberStyle::Arabic => n.to_string(),
        NumberStyle::FullWidth => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect(),
        NumberStyle::Circled => circled(n),
        NumberStyle::Kanji => kanji_number(n),
        NumberStyle::Roman => roman(n),
    }
}

fn circled(n: usize) -> String {
    let Ok(small) = u32::try_from(n) else {
        return format!("({n})");
    };
    let code = match small {
        1..=20 => 0x2460 + small - 1,
        21..=35 => 0x3251 + small - 21,
        36..=50 => 0x32B1 + small - 36,
        _ => return format!("({n})"),
    };
    char::from_u32(code).map_or_else(|| format!("({n})"), String::from)
}

fn kanji_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 100 {
        return n.to_string();
    }
    let (tens, ones) = (n / 10, n % 10);
    let mut out = String::new();
    if tens > 1 {
        out.push_str(DIGITS[tens]);
    }
    if tens > 0 {
        out.push('十');
    }
    if ones > 0 {
        out.push_str(DIGITS[ones]);
    }
    out
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 {
        return "0".into();
    }
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// One level of the plan's tree, named by the plan itself (基本方針, 施策, 取組項目 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default)]
    pub numbering: Numbering,
}

/// The status (進捗状況) of a node in one fiscal year, from the workspace vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub year: FiscalYear,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A node of the plan tree: a policy, measure, initiative item or action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    pub title: String,
    /// The printed number when it does not follow the level's numbering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Lead departments (所管局), by department id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<String>,
    /// Related departments (関係局), by department id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// The last fiscal year the node was part of the plan (廃止・統合 in that year's Act
    /// phase). A retired node is never deleted: it keeps its place, number, statuses,
    /// indicators and the links minutes and responses hold to it, and is shown as retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<FiscalYear>,
    /// Status per fiscal year, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<StatusEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            title: title.into(),
            number: None,
            description: String::new(),
            lead: Vec::new(),
            related: Vec::new(),
            retired: None,
            statuses: Vec::new(),
            indicators: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Whether the node is still part of the plan in `year` (not retired before it).
    pub fn is_active_in(&self, year: FiscalYear) -> bool {
        self.retired.is_none_or(|last| year <= last)
    }

    /// The status entry of a fiscal year, if one was recorded.
    pub fn status(&self, year: FiscalYear) -> Option<&StatusEntry> {
        self.statuses.iter().find(|entry| entry.year == year)
    }

    /// Sets (or replaces) the status of a year, keeping entries sorted; returns the old one.
    pub fn set_status(&mut self, entry: StatusEntry) -> Option<StatusEntry> {
        match self.statuses.binary_search_by_key(&entry.year, |e| e.year) {
            Ok(index) => Some(std::mem::replace(&mut self.statuses[index], entry)),
            Err(index) => {
                self.statuses.insert(index, entry);
                None
            }
        }
    }

    /// Removes the status of a year, returning it.
    pub fn remove_status(&mut self, year: FiscalYear) -> Option<StatusEntry> {
        let index = self.statuses.iter().position(|entry| entry.year == year)?;
        Some(self.statuses.remove(index))
    }
}

/// Status counts of items the plan tracks but does not list one by one.
///
/// The stage-3 progress report prints 「計画通り進捗 108 / 一部変更・遅れ 29 / 合計 137」 for
/// 137 取組項目 that are published only in an annex; a tally records such counts honestly
/// instead of inventing items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    pub year: FiscalYear,
    /// The level (0-based) whose items were counted.
    pub level: usize,
    pub status: String,
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A reform plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub organisation: String,
    pub period: Period,
    /// The plan of the previous stage this one was drawn up from (`plan next-stage`): its
    /// indicators keep their ids here, so reports and history can follow one across stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Level names and numbering, from the top level down.
    pub levels: Vec<Level>,
    /// Plan-level indicators (数値目標), beside those attached to nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<Node>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<Tally>,
    /// Why the plan was revised (Act phase): target changes, nodes added, retired or moved.
    /// Kept in the plan itself so the reason travels with the change and shows in history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// The reason for one revision of the plan, recorded in the cycle (fiscal year) it was made.
///
/// `item` is the id of the indicator or node that was revised; it may name a node that no
/// longer exists (a retired item keeps its reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub year: FiscalYear,
    pub item: String,
    pub reason: String,
}

/// For each node of a [`Plan::flatten`] list (same order), the year after which it is no
/// longer part of the plan: its own `retired`, or an earlier one of an item above it, since
/// retiring an item retires what hangs under it. `None` for items still in the plan.
pub fn retirements(flat: &[FlatNode<'_>]) -> Vec<Option<FiscalYear>> {
    let mut out: Vec<Option<FiscalYear>> = Vec::with_capacity(flat.len());
    for item in flat {
        let above = item.parent.and_then(|p| out.get(p).copied().flatten());
        out.push(earlier(above, item.node.retired));
    }
    out
}

/// The earlier of two optional years (either one when the other is absent).
pub(crate) fn earlier(a: Option<FiscalYear>, b: Option<FiscalYear>) -> Option<FiscalYear> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A flattened view of the tree, in document order, with printed numbers.
#[derive(Clone, Debug)]
pub struct FlatNode<'a> {
    pub node: &'a Node,
    pub depth: usize,
    pub path: Vec<usize>,
    pub number: String,
    pub parent: Option<usize>,
}

impl Level {
    /// The level's name in `lang`: its `name_en` in English, else the glossary's English
    /// for the common Japanese level names (design.md §2), else the name as the plan has it.
    pub fn label(&self, lang: super::settings::Language) -> &str {
        match lang {
            super::settings::Language::Ja => &self.name,
            super::settings::Language::En => self
                .name_en
                .as_deref()
                .or_else(|| level_name_en(&self.name))
                .unwrap_or(&self.name),
        }
    }
}

/// English for the level names plans commonly use, where the plan gives none.
pub fn level_name_en(name: &str) -> Option<&'static str> {
    Some(match name.trim() {
        "基本方針" => "Basic policy",
        "重点項目" => "Focus area",
        "推進項目" => "Promotion item",
        "施策" => "Measure",
        "取組項目" => "Initiative item",
        "実施項目" => "Implementation item",
        "取組" | "取り組み" => "Initiative",
        "具体的取組" => "Specific initiative",
        "主な取組" => "Main initiative",
        "アクション" | "行動" => "Action",
        "目標" => "Goal",
        "基本目標" => "Basic goal",
        "柱" => "Pillar",
        "事業" => "Project",
        _ => return None,
    })
}

impl Plan {
    /// An empty plan: no levels, indicators, items, tallies or revisions, no predecessor or
    /// description. `plan new`, the next stage, the generators and the tests start from it
    /// and set what they have, so a new field needs its default written once, here.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        organisation: impl Into<String>,
        period: Period,
    ) -> Plan {
        Plan {
            id: id.into(),
            title: title.into(),
            title_en: None,
            organisation: organisation.into(),
            period,
            predecessor: None,
            description: String::new(),
            levels: Vec::new(),
            indicators: Vec::new(),
            nodes: Vec::new(),
            tallies: Vec::new(),
            revisions: Vec::new(),
        }
    }

    /// The level definition for a depth; deeper than defined reuses the last level.
    pub fn level(&self, depth: usize) -> Option<&Level> {
        self.levels.get(depth).or_else(|| self.levels.last())
    }

    /// Every node in document order with its printed number.
    pub fn flatten(&self) -> Vec<FlatNode<'_>> {
        let mut out = Vec::new();
        let mut continuous = vec![0usize; self.levels.len().max(1)];
        self.flatten_into(
            &self.nodes,
            0,
            &mut Vec::new(),
            None,
            &mut continuous,
            &mut out,
        );
        out
    }

    fn flatten_into<'a>(
        &'a self,
        nodes: &'a [Node],
        depth: usize,
        path: &mut Vec<usize>,
        parent: Option<usize>,
        continuous: &mut Vec<usize>,
        out: &mut Vec<FlatNode<'a>>,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            if continuous.len() <= depth {
                continuous.resize(depth + 1, 0);
            }
            continuous[depth] += 1;
            let number = self.number(node, depth, index, continuous[depth]);
            path.push(index);
            let position = out.len();
            out.push(FlatNode {
                node,
                depth,
                path: path.clone(),
                number,
                parent,
            });
            self.flatten_into(
                &node.children,
                depth + 1,
                path,
                Some(position),
                continuous,
                out,
            );
            path.pop();
        }
    }

    /// The printed number of `node`, the `index`th of its siblings and the `nth` node (from
    /// 1) at its `depth` in document order.
    fn number(&self, node: &Node, depth: usize, index: usize, nth: usize) -> String {
        node.number.clone().unwrap_or_else(|| {
            self.level(depth).map_or_else(
                || (index + 1).to_string(),
                |level| {
                    let n = match level.numbering.scope {
                        NumberScope::PerParent => index + 1,
                        NumberScope::Continuous => nth,
                    };
                    level.numbering.format(n)
                },
            )
        })
    }

    /// Node `id` with its printed number (as [`Plan::flatten`] gives it) and the earliest
    /// `retired` year on its way up (as [`Plan::retired_after`]), found in one walk that
    /// formats no other number: the meeting view asks this for every link of every
    /// statement in each frame, and a flatten per link cost tens of ms on a large plan.
    pub fn numbered(&self, id: &str) -> Option<(&Node, String, Option<FiscalYear>)> {
        fn walk<'a>(
            nodes: &'a [Node],
            id: &str,
            depth: usize,
            chain: &mut Vec<&'a Node>,
            seen: &mut Vec<usize>,
        ) -> Option<usize> {
            for (index, node) in nodes.iter().enumerate() {
                if seen.len() <= depth {
                    seen.resize(depth + 1, 0);
                }
                seen[depth] += 1;
                chain.push(node);
                if node.id == id {
                    return Some(index);
                }
                if let Some(found) = walk(&node.children, id, depth + 1, chain, seen) {
                    return Some(found);
                }
                chain.pop();
            }
            None
        }
        let mut chain = Vec::new();
        let mut seen = Vec::new();
        let index = walk(&self.nodes, id, 0, &mut chain, &mut seen)?;
        let depth = chain.len() - 1;
        let node = *chain.last()?;
        let number = self.number(node, depth, index, seen[depth]);
        let retired = chain.iter().filter_map(|n| n.retired).min();
        Some((node, number, retired))
    }

    /// Finds a node by id anywhere in the tree.
    pub fn node(&self, id: &str) -> Option<&Node> {
        fn find<'a>(nodes: &'a [Node], id: &str) -> Option<&'a Node> {
            nodes.iter().find_map(|node| {
                if node.id == id {
                    Some(node)
                } else {
                    find(&node.children, id)
                }
            })
        }
        find(&self.nodes, id)
    }

    /// The year after which a node is no longer part of the plan: its own `retired`, or the
    /// earliest of the items above it (retiring an item retires what hangs under it).
    pub fn retired_after(&self, id: &str) -> Option<FiscalYear> {
        let flat = self.flatten();
        let mut at = flat.iter().position(|f| f.node.id == id);
        let mut earliest = None;
        while let Some(index) = at {
            if let Some(year) = flat[index].node.retired {
                earliest = Some(earliest.map_or(year, |e: FiscalYear| e.min(year)));
            }
            at = flat[index].parent;
        }
        earliest
    }

    /// Finds a node by id for editing.
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        fn find<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Node> {
            for node in nodes {
                if node.id == id {
                    return Some(node);
                }
                if let Some(found) = find(&mut node.children, id) {
                    return Some(found);
                }
            }
            None
        }
        find(&mut self.nodes, id)
    }

    /// Every indicator (plan-level and per node, parts included) with the id of the node
    /// it hangs on (`None` for plan-level ones), in document order.
    pub fn all_indicators(&self) -> Vec<(Option<&Node>, &Indicator)> {
        let mut out: Vec<(Option<&Node>, &Indicator)> = Vec::new();
        for indicator in &self.indicators {
            out.extend(indicator.walk().into_iter().map(|i| (None, i)));
        }
        for flat in self.flatten() {
            for indicator in &flat.node.indicators {
                out.extend(indicator.walk().into_iter().map(|i| (Some(flat.node), i)));
            }
        }
        out
    }

    /// Top-level indicators (not parts) with their node, in document order.
    pub fn top_indicators(&self) -> Vec<(Option<&Node>, &Indicator)> {
        let mut out: Vec<(Option<&Node>, &Indicator)> =
            self.indicators.iter().map(|i| (None, i)).collect();
        for flat in self.flatten() {
            out.extend(flat.node.indicators.iter().map(|i| (Some(flat.node), i)));
        }
        out
    }

    /// Finds an indicator (or a part of a group) by id for editing.
    pub fn indicator_mut(&mut self, id: &str) -> Option<&mut Indicator> {
        fn in_list<'a>(list: &'a mut [Indicator], id: &str) -> Option<&'a mut Indicator> {
            for indicator in list {
                if indicator.id == id {
                    return Some(indicator);
                }
                if let Some(found) = in_list(&mut indicator.parts, id) {
                    return Some(found);
                }
            }
            None
        }
        fn in_nodes<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Indicator> {
            for node in nodes {
                if let Some(found) = in_list(&mut node.indicators, id) {
                    return Some(found);
                }
                if let Some(found) = in_nodes(&mut node.children, id) {
                    return Some(found);
                }
            }
            None
        }
        if let Some(found) = in_list(&mut self.indicators, id) {
            return Some(found);
        }
        in_nodes(&mut self.nodes, id)
    }

    /// Finds an indicator (or part) by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.all_indicators()
            .into_iter()
            .map(|(_, indicator)| indicator)
            .find(|indicator| indicator.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_agrees_with_flatten_and_retired_after_for_every_node() {
        let workspace =
            crate::store::Workspace::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
                .expect("the sample loads");
        let mut retired_seen = false;
        for plan in &workspace.plans {
            let mut plan = plan.value.clone();
            // Retire one subtree, so the walk up is tested too.
            if let Some(first) = plan.nodes.first_mut() {
                first.retired = Some(FiscalYear(2024));
            }
            for flat in plan.flatten() {
                let (node, number, retired) = plan.numbered(&flat.node.id).expect("found");
                assert_eq!(node.id, flat.node.id);
                assert_eq!(number, flat.number, "{}", flat.node.id);
                assert_eq!(retired, plan.retired_after(&flat.node.id));
                retired_seen |= retired.is_some();
            }
            assert!(plan.numbered("no-such-node").is_none());
        }
        assert!(retired_seen);
    }

    #[test]
    fn level_names_have_english_from_the_plan_or_the_glossary() {
        use crate::model::Language;
        let level = |name: &str, name_en: Option<&str>| Level {
            name: name.into(),
            name_en: name_en.map(str::to_string),
            numbering: Numbering::default(),
        };
        assert_eq!(
            level("推進項目", None).label(Language::En),
            "Promotion item"
        );
        assert_eq!(level("推進項目", None).label(Language::Ja), "推進項目");
        assert_eq!(
            level("施策", Some("Policy measure")).label(Language::En),
            "Policy measure"
        );
        // A name the glossary does not know stays as the plan writes it.
        assert_eq!(level("部会", None).label(Language::En), "部会");
    }

    fn numbering(prefix: &str, style: NumberStyle, suffix: &str) -> Numbering {
        Numbering {
            prefix: prefix.into(),
            style,
            suffix: suffix.into(),
            scope: NumberScope::PerParent,
        }
    }

    #[test]
    fn numbers_in_every_style() {
        assert_eq!(
            numbering("方針", NumberStyle::Arabic, "").format(1),
            "方針1"
        );
        assert_eq!(numbering("(", NumberStyle::Arabic, ")").format(3), "(3)");
        assert_eq!(numbering("", NumberStyle::Circled, "").format(4), "④");
        assert_eq!(numbering("", NumberStyle::Circled, "").format(21), "㉑");
        assert_eq!(numbering("", NumberStyle::Circled, "").format(50), "㊿");
        assert_eq!(numbering("", NumberStyle::FullWidth, "").format(12), "１２");
        assert_eq!(
            numbering("第", NumberStyle::Kanji, "").format(21),
            "第二十一"
        );
        assert_eq!(numbering("", NumberStyle::Roman, "").format(14), "XIV");
    }

    #[test]
    fn flatten_numbers_per_parent_and_continuously() {
        let mut plan = Plan {
            levels: vec![
                Level {
                    name: "方針".into(),
                    name_en: None,
                    numbering: numbering("方針", NumberStyle::Arabic, ""),
                },
                Level {
                    name: "施策".into(),
                    name_en: None,
                    numbering: Numbering {
                        scope: NumberScope::Continuous,
                        ..numbering("施策", NumberStyle::Arabic, "")
                    },
                },
            ],
            nodes: vec![Node::new("a", "A"), Node::new("b", "B")],
            ..Plan::new(
                "p",
                "t",
                "o",
                Period {
                    from: FiscalYear(2024),
                    to: FiscalYear(2027),
                },
            )
        };
        plan.nodes[0].children = vec![Node::new("a1", "A1"), Node::new("a2", "A2")];
        plan.nodes[1].children = vec![Node::new("b1", "B1")];
        let numbers: Vec<String> = plan.flatten().into_iter().map(|f| f.number).collect();
        assert_eq!(numbers, vec!["方針1", "施策1", "施策2", "方針2", "施策3"]);
        assert_eq!(plan.node("b1").map(|n| n.title.as_str()), Some("B1"));
    }
}
