//! Invariants across the whole workspace: unique ids, resolvable references, sane years.
//!
//! Validation is pure: it reports each problem with the file it belongs to and a *locator*
//! (a `key: "value"` pair as it appears in canonical RON). The store turns the locator into a
//! `line:column` by finding it in the file's text, so the model never needs source spans.

use crate::i18n::Text;
use std::collections::{HashMap, HashSet};

use super::indicator::{Direction, Indicator, Target, TargetValue};
use super::meeting::Meeting;
use super::plan::{Node, Plan};
use super::settings::Settings;

/// Which file of the workspace a problem belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileRef {
    Settings,
    Plan(String),
    Meeting(String),
    /// `responses/<meeting-id>.ron`, by meeting id.
    Responses(String),
}

/// Where in a file a problem sits: the text `key: "value"` (or the bare key) to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locator {
    /// Locators before this one narrow the search: the problem is at the first match of the
    /// last locator found after the matches of the earlier ones.
    pub steps: Vec<(String, Option<String>)>,
}

impl Locator {
    pub fn file() -> Self {
        Locator { steps: Vec::new() }
    }

    /// The place where `key: "value"` is written.
    pub fn field(key: &str, value: &str) -> Self {
        Locator {
            steps: vec![(key.to_string(), Some(value.to_string()))],
        }
    }

    /// Narrows further to `key: "value"` after the current place.
    #[must_use]
    pub fn then(mut self, key: &str, value: Option<&str>) -> Self {
        self.steps
            .push((key.to_string(), value.map(str::to_string)));
        self
    }
}

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: FileRef,
    pub at: Locator,
    /// What is wrong, in both languages (the edge picks one).
    pub message: Text,
    pub hint: Option<Text>,
}

/// How years are written in files.
const WESTERN_YEARS: (&str, &str) = (
    "年度は 2024 のような西暦の年度で書きます",
    "years are western fiscal years such as 2024",
);

/// Characters that may appear in ids; ids of plans and meetings become file names.
pub fn check_id(id: &str) -> Result<(), Text> {
    if id.is_empty() {
        return Err(("id が空です", "id is empty").into());
    }
    if id.len() > 128 {
        let start = crate::model::sanitize_inline(&id.chars().take(16).collect::<String>());
        return Err(crate::text!(
            "id「{start}…」が 128 バイトを超えています",
            "id \"{start}…\" is longer than 128 bytes"
        ));
    }
    let shown = crate::model::sanitize_inline(id);
    if id == "." || id == ".." || id.contains("..") {
        return Err(crate::text!(
            "id「{shown}」に「..」が含まれています",
            "id \"{shown}\" contains \"..\""
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(crate::text!(
            "id「{shown}」に使えない文字 {bad:?} があります。id に使えるのは英数字と '-'、'_'、'.' だけです",
            "id \"{shown}\" contains {bad:?}; ids use letters, digits, '-', '_' and '.' only"
        ));
    }
    if id.starts_with('.') || id.starts_with('-') {
        return Err(crate::text!(
            "id「{shown}」は '.' や '-' で始められません",
            "id \"{shown}\" must not start with '.' or '-'"
        ));
    }
    Ok(())
}

/// Which plans and nodes exist, as far as the node links of meetings need to know.
///
/// Whole-workspace validation answers from the parsed plans; the incremental check of phase
/// commits (`history::check_cache`) answers from the node ids it recorded for plans it did not
/// parse again. Link checks are the only use, so a meeting checked against an index that
/// resolves everything has exactly the problems of a full check minus its link problems.
pub trait PlanNodes {
    /// `None` when no plan has the id `plan`, else whether that plan has a node `node`.
    fn has_node(&self, plan: &str, node: &str) -> Option<bool>;
}

/// Parsed plans as a [`PlanNodes`].
pub struct ParsedPlans<'a>(pub &'a [&'a Plan]);

impl PlanNodes for ParsedPlans<'_> {
    fn has_node(&self, plan: &str, node: &str) -> Option<bool> {
        // The first plan of that id, like every other lookup by id.
        self.0
            .iter()
            .find(|p| p.id == plan)
            .map(|p| p.node(node).is_some())
    }
}

/// Every node id of a plan, at any depth: the ids `Plan::node` finds.
pub fn node_ids(plan: &Plan) -> Vec<&str> {
    fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
        for node in nodes {
            out.push(&node.id);
            walk(&node.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&plan.nodes, &mut out);
    out
}

struct Checker<'a> {
    settings: Option<&'a Settings>,
    nodes: &'a dyn PlanNodes,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, file: &FileRef, at: Locator, message: Text, hint: Option<Text>) {
        self.problems.push(Problem {
            file: file.clone(),
            at,
            message,
            hint,
        });
    }
}

/// Checks every invariant of a loaded workspace. Files that failed to parse are simply not
/// passed in; references into them are then reported as unresolved only if the settings
/// themselves are missing.
pub fn validate(
    settings: Option<&Settings>,
    plans: &[&Plan],
    meetings: &[&Meeting],
) -> Vec<Problem> {
    let parsed = ParsedPlans(plans);
    let mut checker = Checker {
        settings,
        nodes: &parsed,
        problems: Vec::new(),
    };
    if let Some(settings) = settings {
        check_settings(&mut checker, settings);
    }
    let mut plan_ids = HashSet::new();
    for plan in plans {
        if !plan_ids.insert(plan.id.as_str()) {
            let file = FileRef::Plan(plan.id.clone());
            checker.push(
                &file,
                Locator::field("id", &plan.id),
                crate::text!(
                    "プランの id「{}」が重複しています",
                    "duplicate plan id \"{}\"",
                    plan.id
                ),
                Some(
                    (
                        "プランごとに別の id が必要です",
                        "every plan needs its own id",
                    )
                        .into(),
                ),
            );
        }
        check_plan(&mut checker, plan);
    }
    let mut meeting_ids = HashSet::new();
    for meeting in meetings {
        if !meeting_ids.insert(meeting.id.as_str()) {
            let file = FileRef::Meeting(meeting.id.clone());
            checker.push(
                &file,
                Locator::field("id", &meeting.id),
                crate::text!(
                    "会議の id「{}」が重複しています",
                    "duplicate meeting id \"{}\"",
                    meeting.id
                ),
                None,
            );
        }
        check_meeting(&mut checker, meeting);
    }
    checker.problems
}

/// The problems of the settings file on its own (the part of [`validate`] about it).
pub fn validate_settings(settings: &Settings) -> Vec<Problem> {
    let mut checker = Checker {
        settings: Some(settings),
        nodes: &ParsedPlans(&[]),
        problems: Vec::new(),
    };
    check_settings(&mut checker, settings);
    checker.problems
}

/// The problems of one plan that [`validate`] reports, except a duplicate plan id (which
/// needs the other plans).
pub fn validate_plan(settings: Option<&Settings>, plan: &Plan) -> Vec<Problem> {
    let mut checker = Checker {
        settings,
        nodes: &ParsedPlans(&[]),
        problems: Vec::new(),
    };
    check_plan(&mut checker, plan);
    checker.problems
}

/// The problems [`validate_plan`] reports of the given nodes of plan `plan_id`, each with
/// the retirement year it inherits, and of their indicators: all it checks of a node on its
/// own. The rules over the whole plan (its own fields, repeated ids) are not run: a phase
/// commit uses this for the nodes that differ from a version that passed them all, in a
/// plan of the same shape and ids (`history::plan_memo::PlanMemo::changed_since_clean`).
pub fn validate_plan_nodes(
    settings: Option<&Settings>,
    plan_id: &str,
    nodes: &[(Node, Option<crate::model::FiscalYear>)],
) -> Vec<Problem> {
    let mut checker = Checker {
        settings,
        nodes: &ParsedPlans(&[]),
        problems: Vec::new(),
    };
    let file = FileRef::Plan(plan_id.to_string());
    for (node, retired) in nodes {
        check_node(&mut checker, &file, node, *retired);
        for indicator in node.indicators.iter().flat_map(Indicator::walk) {
            check_indicator(&mut checker, &file, indicator);
        }
    }
    checker.problems
}

/// The problems of one meeting that [`validate`] reports, except a duplicate meeting id,
/// with node links resolved by `nodes`.
pub fn validate_meeting(
    settings: Option<&Settings>,
    meeting: &Meeting,
    nodes: &dyn PlanNodes,
) -> Vec<Problem> {
    let mut checker = Checker {
        settings,
        nodes,
        problems: Vec::new(),
    };
    check_meeting(&mut checker, meeting);
    checker.problems
}

fn duplicates<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    let mut dups = Vec::new();
    for id in ids {
        if !seen.insert(id) && !dups.contains(&id) {
            dups.push(id);
        }
    }
    dups
}

/// `what` names the kind of thing, (Japanese, English).
fn check_ids<'a>(
    checker: &mut Checker,
    file: &FileRef,
    what: (&str, &str),
    ids: impl IntoIterator<Item = &'a str> + Clone,
) {
    let (what_ja, what_en) = what;
    for id in ids.clone() {
        if let Err(message) = check_id(id) {
            checker.push(
                file,
                Locator::field("id", id),
                Text::new(format!("{what_ja}: "), format!("{what_en}: ")).append(&message),
                Some(RENAME_ID.into()),
            );
        }
    }
    for dup in duplicates(ids) {
        // Point at the second occurrence: the first is the legitimate one.
        let at = Locator::field("id", dup).then("id", Some(dup));
        checker.push(
            file,
            at,
            crate::text!(
                "{what_ja}の id「{dup}」が重複しています",
                "duplicate {what_en} id \"{dup}\""
            ),
            Some(
                (
                    "id は重複できません。どちらかの名前を変えてください",
                    "ids must be unique; rename one of them",
                )
                    .into(),
            ),
        );
    }
}

const RENAME_ID: (&str, &str) = (
    "英数字と '-'、'_'、'.' で名前を付け直してください",
    "rename it with letters, digits, '-', '_' or '.'",
);

fn check_settings(checker: &mut Checker, settings: &Settings) {
    let file = FileRef::Settings;
    check_ids(
        checker,
        &file,
        ("所管局", "department"),
        settings.departments.iter().map(|d| d.id.as_str()),
    );
    check_ids(
        checker,
        &file,
        ("進捗状況", "status"),
        settings.statuses.iter().map(|s| s.id.as_str()),
    );
    check_ids(
        checker,
        &file,
        ("委員会", "committee"),
        settings.committees.iter().map(|c| c.id.as_str()),
    );
    for committee in &settings.committees {
        check_ids(
            checker,
            &file,
            ("委員", "member"),
            committee.members.iter().map(|m| m.id.as_str()),
        );
    }
    if settings.statuses.is_empty() {
        checker.push(
            &file,
            Locator::file().then("statuses", None),
            (
                "進捗状況の区分が定義されていません",
                "the status vocabulary is empty",
            )
                .into(),
            Some(
                (
                    "区分を一つ以上定義してください（例: 計画通り進捗）",
                    "define at least one status, e.g. 計画通り進捗",
                )
                    .into(),
            ),
        );
    }
    if let Some(cycle) = settings.cycle
        && !cycle.year.is_plausible()
    {
        checker.push(
            &file,
            Locator::file().then("cycle", None),
            crate::text!(
                "サイクルの年度 {} が範囲外です",
                "cycle year {} is out of range",
                cycle.year.0
            ),
            None,
        );
    }
}

#[allow(clippy::too_many_lines)] // one short check per rule, each said in two languages
fn check_plan(checker: &mut Checker, plan: &Plan) {
    let file = FileRef::Plan(plan.id.clone());
    if let Err(message) = check_id(&plan.id) {
        checker.push(
            &file,
            Locator::field("id", &plan.id),
            Text::new("プランの ", "plan ").append(&message),
            Some(
                (
                    "プランの id はファイル名になります。英数字と '-'、'_'、'.' を使ってください",
                    "plan ids become file names; use letters, digits, '-', '_' or '.'",
                )
                    .into(),
            ),
        );
    }
    let period = plan.period;
    if !period.from.is_plausible() || !period.to.is_plausible() {
        checker.push(
            &file,
            Locator::file().then("period", None),
            crate::text!(
                "期間 {}–{} が範囲外です",
                "period {}–{} is out of range",
                period.from.0,
                period.to.0
            ),
            Some(WESTERN_YEARS.into()),
        );
    } else if period.from > period.to {
        checker.push(
            &file,
            Locator::file().then("period", None),
            crate::text!(
                "期間の始まり（{}）が終わり（{}）より後です",
                "period starts ({}) after it ends ({})",
                period.from.0,
                period.to.0
            ),
            Some(("from と to を入れ替えてください", "swap from and to").into()),
        );
    }
    if plan.levels.is_empty() {
        checker.push(
            &file,
            Locator::file().then("levels", None),
            ("プランに階層の名前がありません", "the plan names no levels").into(),
            Some(
                (
                    "基本方針・施策・取組項目 のような階層を追加してください",
                    "add levels such as 基本方針, 施策, 取組項目",
                )
                    .into(),
            ),
        );
    }
    let flat = plan.flatten();
    check_ids(
        checker,
        &file,
        ("取組", "node"),
        flat.iter().map(|f| f.node.id.as_str()),
    );
    let indicators = plan.all_indicators();
    check_ids(
        checker,
        &file,
        ("指標", "indicator"),
        indicators.iter().map(|(_, i)| i.id.as_str()),
    );
    // Retirement passes down the tree: an item under a retired one is retired too.
    let retired = super::plan::retirements(&flat);
    for (item, retired) in flat.iter().zip(retired) {
        check_node(checker, &file, item.node, retired);
    }
    for (_, indicator) in &indicators {
        check_indicator(checker, &file, indicator);
    }
    for tally in &plan.tallies {
        let at = Locator::file()
            .then("tallies", None)
            .then("status", Some(&tally.status));
        check_status_ref(checker, &file, at.clone(), &tally.status);
        if tally.level >= plan.levels.len().max(1) {
            checker.push(
                &file,
                at.clone(),
                crate::text!(
                    "集計が階層 {} を数えていますが、プランの階層は {} つです",
                    "tally counts level {} but the plan has {} levels",
                    tally.level,
                    plan.levels.len()
                ),
                None,
            );
        }
        if !tally.year.is_plausible() {
            checker.push(
                &file,
                at,
                crate::text!(
                    "集計の年度 {} が範囲外です",
                    "tally year {} is out of range",
                    tally.year.0
                ),
                None,
            );
        }
    }
}

fn check_status_ref(checker: &mut Checker, file: &FileRef, at: Locator, status: &str) {
    if let Some(settings) = checker.settings
        && settings.status(status).is_none()
    {
        let known: Vec<&str> = settings.statuses.iter().map(|s| s.id.as_str()).collect();
        checker.push(
            file,
            at,
            crate::text!(
                "進捗状況「{status}」は定義されていません",
                "unknown status \"{status}\""
            ),
            Some(crate::text!(
                "進捗状況は kaikaku.ron で定義します: {}",
                "statuses are defined in kaikaku.ron: {}",
                known.join(", ")
            )),
        );
    }
}

fn check_node(
    checker: &mut Checker,
    file: &FileRef,
    node: &Node,
    retired: Option<crate::model::FiscalYear>,
) {
    let here = Locator::field("id", &node.id);
    if let Some(settings) = checker.settings {
        for department in node.lead.iter().chain(&node.related) {
            if settings.department(department).is_none() {
                checker.push(
                    file,
                    here.clone().then("", Some(department)),
                    crate::text!(
                        "取組「{}」の所管局「{department}」は定義されていません",
                        "node \"{}\" names unknown department \"{department}\"",
                        node.id
                    ),
                    Some(
                        (
                            "所管局を kaikaku.ron に追加するか、id を直してください",
                            "add the department to kaikaku.ron or fix the id",
                        )
                            .into(),
                    ),
                );
            }
        }
    }
    let mut years = HashSet::new();
    for entry in &node.statuses {
        let at = here.clone().then("status", Some(&entry.status));
        check_status_ref(checker, file, at.clone(), &entry.status);
        if !years.insert(entry.year) {
            checker.push(
                file,
                at.clone(),
                crate::text!(
                    "取組「{}」に{}の進捗状況が二つあります",
                    "node \"{}\" has two statuses for {}",
                    node.id,
                    entry.year
                ),
                Some(
                    (
                        "進捗状況は年度ごとに一つにしてください",
                        "keep one status per fiscal year",
                    )
                        .into(),
                ),
            );
        }
        if !entry.year.is_plausible() {
            checker.push(
                file,
                at.clone(),
                crate::text!(
                    "進捗状況の年度 {} が範囲外です",
                    "status year {} is out of range",
                    entry.year.0
                ),
                None,
            );
        }
        if let Some(retired) = retired
            && entry.year > retired
        {
            checker.push(
                file,
                at,
                crate::text!(
                    "取組「{}」は{}限りで廃止されていますが、{}の進捗状況があります",
                    "node \"{}\" was retired after {} but has a status for {}",
                    node.id,
                    retired,
                    entry.year
                ),
                Some(
                    (
                        "その進捗状況を削除するか、廃止の年度を変えてください",
                        "remove the status, or change the node's retired year",
                    )
                        .into(),
                ),
            );
        }
    }
}

/// The planned path (計画値): one value per fiscal year, oldest first.
fn check_planned(checker: &mut Checker, file: &FileRef, indicator: &Indicator) {
    if !indicator.planned.windows(2).all(|w| w[0].year < w[1].year) {
        checker.push(
            file,
            Locator::field("id", &indicator.id).then("planned", None),
            crate::text!(
                "指標「{}」の計画値が、年度ごとに一つ・年度順になっていません",
                "the planned path of \"{}\" is not one value per year in year order",
                indicator.id
            ),
            Some(
                (
                    "計画値は年度ごとに一つ、古い年度から並べてください",
                    "keep one planned value per fiscal year, oldest first",
                )
                    .into(),
            ),
        );
    }
}

#[allow(clippy::too_many_lines)] // one short check per rule, each said in two languages
fn check_indicator(checker: &mut Checker, file: &FileRef, indicator: &Indicator) {
    let here = Locator::field("id", &indicator.id);
    let mut years = HashSet::new();
    for actual in &indicator.actuals {
        if !years.insert(actual.year) {
            checker.push(
                file,
                here.clone().then("year", Some(&actual.year.0.to_string())),
                crate::text!(
                    "指標「{}」に{}の実績値が二つあります",
                    "indicator \"{}\" has two actuals for {}",
                    indicator.id,
                    actual.year
                ),
                Some(
                    (
                        "実績値は年度ごとに一つにしてください",
                        "keep one actual per fiscal year",
                    )
                        .into(),
                ),
            );
        }
    }
    check_planned(checker, file, indicator);
    if !indicator.actuals.windows(2).all(|w| w[0].year < w[1].year)
        && years.len() == indicator.actuals.len()
    {
        checker.push(
            file,
            here.clone().then("actuals", None),
            crate::text!(
                "指標「{}」の実績値が年度順になっていません",
                "actuals of \"{}\" are not in year order",
                indicator.id
            ),
            Some(
                (
                    "`kaikaku fmt` を実行すると並べ替えます",
                    "run `kaikaku fmt` to sort them",
                )
                    .into(),
            ),
        );
    }
    let all_years = indicator
        .baseline
        .iter()
        .map(|b| b.year)
        .chain(indicator.target.iter().map(|t| t.year))
        .chain(indicator.actuals.iter().map(|a| a.year));
    for year in all_years {
        if !year.is_plausible() {
            checker.push(
                file,
                here.clone(),
                crate::text!(
                    "指標「{}」の年度 {} が範囲外です",
                    "indicator \"{}\" uses year {} which is out of range",
                    indicator.id,
                    year.0
                ),
                Some(WESTERN_YEARS.into()),
            );
        }
    }
    if let (Some(baseline), Some(target)) = (&indicator.baseline, &indicator.target)
        && target.year < baseline.year
    {
        checker.push(
            file,
            here.clone().then("target", None),
            crate::text!(
                "指標「{1}」の目標年度 {0} が基準年度 {2} より前です",
                "target year {0} of \"{1}\" is before its baseline year {2}",
                target.year.0,
                indicator.id,
                baseline.year.0
            ),
            Some(
                (
                    "目標年度は基準年度より前にできません",
                    "the target year must not precede the baseline year",
                )
                    .into(),
            ),
        );
    }
    if let Some(bound) = indicator.bound
        && bound.direction() != indicator.direction
    {
        checker.push(
            file,
            here.clone().then("bound", None),
            crate::text!(
                "目標の「{}」が方向 {} と合いません",
                "bound {} does not fit direction {}",
                bound.label(),
                indicator.direction.as_str()
            ),
            Some(
                (
                    "以上・超 は at_least、以下・以内・未満 は at_most と組み合わせます",
                    "以上/超 go with at_least, 以下/以内/未満 with at_most",
                )
                    .into(),
            ),
        );
    }
    if indicator.direction == Direction::Balance
        && let Some(figure) = indicator.target.as_ref().and_then(Target::figure)
        && !figure.0.is_zero()
    {
        checker.push(
            file,
            here.clone().then("target", None),
            crate::text!(
                "収支均衡の指標「{}」の目標が 0 ではありません（{figure}）",
                "balance indicator \"{}\" has a non-zero target {figure}",
                indicator.id
            ),
            Some(("収支均衡の目標は 0 です", "收支均衡 means a target of 0").into()),
        );
    }
    if indicator.direction == Direction::Qualitative
        && let Some(TargetValue::Value(_)) = indicator.target.as_ref().map(|t| &t.value)
    {
        checker.push(
            file,
            here.then("target", None),
            crate::text!(
                "定性的な指標「{}」に数値の目標があります",
                "qualitative indicator \"{}\" has a numeric target",
                indicator.id
            ),
            Some(
                (
                    "方向を increase などにするか、目標を Text(...) にしてください",
                    "use a direction such as increase, or a Text(...) target",
                )
                    .into(),
            ),
        );
    }
}

#[allow(clippy::too_many_lines)] // one short check per rule, each said in two languages
fn check_meeting(checker: &mut Checker, meeting: &Meeting) {
    let file = FileRef::Meeting(meeting.id.clone());
    if let Err(message) = check_id(&meeting.id) {
        checker.push(
            &file,
            Locator::field("id", &meeting.id),
            Text::new("会議の ", "meeting ").append(&message),
            Some(
                (
                    "会議の id はファイル名になります。英数字と '-'、'_'、'.' を使ってください",
                    "meeting ids become file names; use letters, digits, '-', '_' or '.'",
                )
                    .into(),
            ),
        );
    }
    if let Some(settings) = checker.settings
        && settings.committee(&meeting.committee).is_none()
    {
        checker.push(
            &file,
            Locator::field("committee", &meeting.committee),
            crate::text!(
                "委員会「{}」は定義されていません",
                "unknown committee \"{}\"",
                meeting.committee
            ),
            Some(
                (
                    "委員会は kaikaku.ron で定義します",
                    "committees are defined in kaikaku.ron",
                )
                    .into(),
            ),
        );
    }
    if !meeting.fiscal_year.is_plausible() {
        checker.push(
            &file,
            Locator::file().then("fiscal_year", None),
            crate::text!(
                "年度 {} が範囲外です",
                "fiscal year {} is out of range",
                meeting.fiscal_year.0
            ),
            None,
        );
    }
    check_ids(
        checker,
        &file,
        ("出席者", "attendee"),
        meeting.attendees.iter().map(|a| a.id.as_str()),
    );
    check_ids(
        checker,
        &file,
        ("資料", "material"),
        meeting.materials.iter().map(|m| m.id.as_str()),
    );
    let agenda: Vec<&str> = meeting
        .agenda_items()
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    check_ids(
        checker,
        &file,
        ("次第の項目", "agenda item"),
        agenda.iter().copied(),
    );
    check_ids(
        checker,
        &file,
        ("発言", "statement"),
        meeting.statements.iter().map(|s| s.id.as_str()),
    );
    check_attendees(checker, &file, meeting);
    check_statements(checker, &file, meeting, &agenda);
    for item in meeting.agenda_items() {
        for link in &item.nodes {
            check_node_link(
                checker,
                &file,
                Locator::field("id", &item.id).then("node", Some(&link.node)),
                link,
            );
        }
    }
    for (key, time) in [("start", &meeting.start), ("end", &meeting.end)] {
        if let Some(time) = time
            && !is_hhmm(time)
        {
            checker.push(
                &file,
                Locator::field(key, time),
                crate::text!(
                    "{key} の時刻「{time}」が HH:MM ではありません",
                    "{key} time \"{time}\" is not HH:MM"
                ),
                None,
            );
        }
    }
}

fn check_node_link(
    checker: &mut Checker,
    file: &FileRef,
    at: Locator,
    link: &super::meeting::NodeLink,
) {
    match checker.nodes.has_node(&link.plan, &link.node) {
        None => checker.push(
            file,
            at,
            crate::text!(
                "リンク先のプラン「{}」はありません",
                "link to unknown plan \"{}\"",
                link.plan
            ),
            None,
        ),
        Some(false) => {
            checker.push(
                file,
                at,
                crate::text!(
                    "リンク先の取組「{}」はプラン「{}」にありません",
                    "link to unknown node \"{}\" in plan \"{}\"",
                    link.node,
                    link.plan
                ),
                None,
            );
        }
        Some(true) => {}
    }
}

fn is_hhmm(text: &str) -> bool {
    chrono::NaiveTime::parse_from_str(text, "%H:%M").is_ok() && text.len() == 5
}

fn check_attendees(checker: &mut Checker, file: &FileRef, meeting: &Meeting) {
    let roster: HashSet<&str> = checker
        .settings
        .and_then(|s| s.committee(&meeting.committee))
        .map(|c| c.members.iter().map(|m| m.id.as_str()).collect())
        .unwrap_or_default();
    for attendee in &meeting.attendees {
        if let Some(member) = &attendee.member
            && checker.settings.is_some()
            && !roster.contains(member.as_str())
        {
            checker.push(
                file,
                Locator::field("member", member),
                crate::text!(
                    "出席者「{}」の委員「{member}」は名簿にありません",
                    "attendee \"{}\" names unknown roster member \"{member}\"",
                    attendee.id
                ),
                Some(
                    (
                        "委員は kaikaku.ron の委員会の下に載っています",
                        "members are listed under the committee in kaikaku.ron",
                    )
                        .into(),
                ),
            );
        }
        if let super::meeting::Attendance::Proxy(other) = &attendee.attendance
            && meeting.attendee(other).is_none()
        {
            checker.push(
                file,
                Locator::field("id", &attendee.id),
                crate::text!(
                    "出席者「{}」は、いない出席者「{other}」の代理になっています",
                    "attendee \"{}\" is a proxy for unknown attendee \"{other}\"",
                    attendee.id
                ),
                None,
            );
        }
    }
    for (role, role_ja, who) in [
        ("chair", "会長", &meeting.chair),
        ("secretariat", "事務局", &meeting.secretariat),
    ] {
        if let Some(who) = who
            && meeting.attendee(who).is_none()
        {
            checker.push(
                file,
                Locator::field(role, who),
                crate::text!(
                    "{role_ja}（{role}）の「{who}」が出席者にいません",
                    "{role} \"{who}\" is not an attendee"
                ),
                Some(
                    (
                        "その人を attendees に加えてください",
                        "add the person to attendees",
                    )
                        .into(),
                ),
            );
        }
    }
}

fn check_statements(checker: &mut Checker, file: &FileRef, meeting: &Meeting, agenda: &[&str]) {
    let mut earlier: HashMap<&str, usize> = HashMap::new();
    for (index, statement) in meeting.statements.iter().enumerate() {
        let here = Locator::field("id", &statement.id);
        if meeting.attendee(&statement.speaker).is_none() {
            checker.push(
                file,
                here.clone().then("speaker", Some(&statement.speaker)),
                crate::text!(
                    "発言「{}」の発言者「{}」は出席者にいません",
                    "statement \"{}\" names unknown speaker \"{}\"",
                    statement.id,
                    statement.speaker
                ),
                Some(("発言者は出席者の id です", "speakers are attendee ids").into()),
            );
        }
        if let Some(reply) = &statement.reply_to
            && !earlier.contains_key(reply.as_str())
        {
            checker.push(
                file,
                here.clone().then("reply_to", Some(reply)),
                crate::text!(
                    "発言「{}」の返答先「{reply}」は、それより前の発言ではありません",
                    "statement \"{}\" replies to \"{reply}\", which is not an earlier statement",
                    statement.id
                ),
                None,
            );
        }
        if let Some(item) = &statement.agenda
            && !agenda.contains(&item.as_str())
        {
            checker.push(
                file,
                here.clone().then("agenda", Some(item)),
                crate::text!(
                    "発言「{}」の次第「{item}」はありません",
                    "statement \"{}\" names unknown agenda item \"{item}\"",
                    statement.id
                ),
                None,
            );
        }
        for reference in &statement.materials {
            if !meeting.materials.iter().any(|m| m.id == reference.material) {
                checker.push(
                    file,
                    here.clone().then("material", Some(&reference.material)),
                    crate::text!(
                        "発言「{}」の資料「{}」はありません",
                        "statement \"{}\" refers to unknown material \"{}\"",
                        statement.id,
                        reference.material
                    ),
                    Some(
                        (
                            "資料は materials に載せます",
                            "materials are listed under materials",
                        )
                            .into(),
                    ),
                );
            }
        }
        for link in &statement.nodes {
            check_node_link(
                checker,
                file,
                here.clone().then("node", Some(&link.node)),
                link,
            );
        }
        if let Some(time) = &statement.time
            && !is_hhmm(time)
        {
            checker.push(
                file,
                here.then("time", Some(time)),
                crate::text!(
                    "時刻「{time}」が HH:MM ではありません",
                    "time \"{time}\" is not HH:MM"
                ),
                None,
            );
        }
        earlier.insert(statement.id.as_str(), index);
    }
}

/// Things `kaikaku check` reports without failing: indicators whose direction is not stated
/// yet (an imported table did not say which way is better). They do not block commits, but
/// their progress is not judged until the direction is set.
pub fn warnings(plans: &[&Plan]) -> Vec<Problem> {
    let mut out = Vec::new();
    for plan in plans {
        for (_, indicator) in plan.all_indicators() {
            if indicator.direction == Direction::Unstated {
                out.push(Problem {
                    file: FileRef::Plan(plan.id.clone()),
                    at: Locator::field("id", &indicator.id).then("direction", None),
                    message: crate::text!(
                        "指標「{}」（{}）には方向がありません。元の表がどちら向きが良いかを示していないため、進捗を判定しません",
                        "indicator \"{}\" ({}) has no direction: the table it came from did not \
                         say which way is better, so its progress is not judged",
                        indicator.id,
                        crate::model::sanitize_inline(&indicator.name)
                    ),
                    hint: Some(
                        (
                            "direction を increase・decrease・at_least・at_most・balance・qualitative のいずれかにしてください",
                            "set direction to increase, decrease, at_least, at_most, balance or \
                             qualitative",
                        )
                            .into(),
                    ),
                });
            }
        }
    }
    out
}
