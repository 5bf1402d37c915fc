//! Plan edits through the store, beside `record_response`: one [`PlanEdit`] applied to a copy
//! of the plan, refused without a reason while the plan is in force, recorded in the plan's
//! `revisions` with that reason, validated, then written atomically. A refused edit writes
//! nothing. The CLI (`kaikaku plan …`) and the TUI call the same functions.

use super::workspace::Workspace;
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::model::plan_edit::PlanEdit;
use crate::model::validate::{check_id, validate_plan};
use crate::model::{
    BoundWord, Direction, FiscalYear, Indicator, Period, Plan, Revision, Target, TargetValue,
    YearValue, sanitize_inline,
};
use crate::report::cells::{CellValue, parse_cell};

/// Edits of one plan, applied together (one save, all or nothing), as the CLI and the TUI
/// ask for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanEditRequest {
    pub plan: String,
    pub edits: Vec<PlanEdit>,
    /// Why the plan is revised; required for revisions once the plan is in force (see
    /// [`Plan::is_being_drawn_up`]), recorded whenever given.
    pub reason: Option<String>,
}

/// A new plan drawn up from the last stage's (`kaikaku plan next-stage`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStageRequest {
    /// The predecessor plan's id.
    pub from: String,
    pub id: String,
    pub title: String,
    pub period: Period,
    /// Level names of the new plan; `None` keeps the predecessor's levels.
    pub levels: Option<Vec<String>>,
    /// Nodes to carry with their subtrees; empty: all.
    pub nodes: Vec<String>,
    /// Indicators to carry; empty: all.
    pub indicators: Vec<String>,
}

impl Workspace {
    /// The fiscal year revisions are recorded in: the workspace's current cycle, else the
    /// fiscal year of today.
    pub fn revision_year(&self) -> FiscalYear {
        self.settings()
            .and_then(|s| s.cycle)
            .map_or_else(today, |c| c.year)
    }

    /// Whether a revision of `plan` needs a reason now (it is in force, not being drawn up).
    pub fn revision_needs_reason(&self, plan: &Plan) -> bool {
        !plan.is_being_drawn_up(self.settings().and_then(|s| s.cycle), today())
    }

    /// Applies the edits and saves the plan once. Returns false when they change nothing
    /// (nothing is written). Refused, with nothing written, when a revision comes without
    /// a reason while the plan is in force, when an edit does not fit the plan, or when they
    /// would add a problem `kaikaku check` reports. Each revised item gets one revision
    /// entry with the reason.
    pub fn edit_plan(&mut self, request: &PlanEditRequest) -> Result<bool> {
        match self.prepare_plan_edit(request)? {
            Some(plan) => {
                self.save_plan(plan)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// What [`Workspace::edit_plan`] would save, without saving: the revised plan (reason
    /// recorded, validated), or `None` when the edits change nothing. For a UI that keeps
    /// the plan in memory and shows NOT SAVED when the write then fails.
    pub fn prepare_plan_edit(&self, request: &PlanEditRequest) -> Result<Option<Plan>> {
        let before = self
            .plan(&request.plan)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                what: "plan",
                id: request.plan.clone(),
            })?;
        let reason = request
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let needs_reason = reason.is_none() && self.revision_needs_reason(&before);
        if let Some(edit) = request
            .edits
            .iter()
            .find(|e| e.is_revision() && needs_reason)
        {
            let (ja, en) = revision_kind(edit);
            let item = sanitize_inline(edit.item());
            return Err(Error::ReasonRequired(crate::text!(
                "{ja}「{item}」",
                "{en} \"{item}\""
            )));
        }
        let mut after = before.clone();
        for edit in &request.edits {
            edit.apply(&mut after)?;
        }
        if after == before {
            return Ok(None);
        }
        if let Some(reason) = reason {
            let year = self.revision_year();
            let mut items: Vec<&str> = Vec::new();
            // Recorded for every item the edits touch: a title changed with a reason keeps it
            // too, though only revisions require one.
            for edit in &request.edits {
                if !items.contains(&edit.item()) {
                    items.push(edit.item());
                    after.revisions.push(Revision {
                        year,
                        item: edit.item().to_string(),
                        reason: reason.clone(),
                    });
                }
            }
        }
        self.refuse_new_problems(&before, &after)?;
        Ok(Some(after))
    }

    /// Problems already in the plan are `kaikaku check`'s business; only a new one, made by
    /// this edit, refuses it.
    fn refuse_new_problems(&self, before: &Plan, after: &Plan) -> Result<()> {
        let known: Vec<Text> = validate_plan(self.settings(), before)
            .into_iter()
            .map(|p| p.message)
            .collect();
        let problems = validate_plan(self.settings(), after);
        if let Some(problem) = problems.iter().find(|p| !known.contains(&p.message)) {
            return Err(Error::Invalid(
                problem.message.with_hint(problem.hint.as_ref()),
            ));
        }
        Ok(())
    }

    /// Draws up the next stage's plan from `request.from` (see [`Plan::next_stage`]) and
    /// saves it as a new file. Returns the new plan.
    pub fn next_stage(&mut self, request: &NextStageRequest) -> Result<Plan> {
        check_id(&request.id).map_err(Error::UnsafeId)?;
        if self.plan(&request.id).is_some() {
            let id = sanitize_inline(&request.id);
            return Err(Error::Invalid(crate::text!(
                "プラン「{id}」はすでにあります",
                "plan \"{id}\" already exists"
            )));
        }
        let from = self.plan(&request.from).ok_or_else(|| Error::NotFound {
            what: "plan",
            id: request.from.clone(),
        })?;
        for node in &request.nodes {
            if from.node(node).is_none() {
                return Err(Error::NotFound {
                    what: "node",
                    id: node.clone(),
                });
            }
        }
        for indicator in &request.indicators {
            if from.indicator(indicator).is_none() {
                return Err(Error::NotFound {
                    what: "indicator",
                    id: indicator.clone(),
                });
            }
        }
        let levels = request.levels.as_ref().map(|names| {
            names
                .iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
        });
        let plan = from.next_stage(
            &request.id,
            request.title.trim(),
            request.period,
            levels.as_deref(),
            &|id| request.nodes.is_empty() || request.nodes.iter().any(|n| n == id),
            &|id| request.indicators.is_empty() || request.indicators.iter().any(|k| k == id),
        );
        if let Some(problem) = validate_plan(self.settings(), &plan).first() {
            return Err(Error::Invalid(problem.message.clone()));
        }
        self.save_plan(plan.clone())?;
        Ok(plan)
    }
}

fn today() -> FiscalYear {
    FiscalYear::containing(chrono::Local::now().date_naive())
}

/// What kind of revision an edit is, for the refusal message.
/// What a revision does, (Japanese, English), before the item's id.
fn revision_kind(edit: &PlanEdit) -> (&'static str, &'static str) {
    match edit {
        PlanEdit::SetTarget { .. } => ("目標値の変更: 指標", "the target of"),
        PlanEdit::SetBaseline { .. } => ("基準値の変更: 指標", "the baseline of"),
        PlanEdit::SetPlanned { .. } => ("予定値の変更: 指標", "the planned values of"),
        PlanEdit::AddNode { .. } => ("取組の追加:", "adding item"),
        PlanEdit::RetireNode { .. } => ("取組の廃止:", "retiring item"),
        PlanEdit::ReinstateNode { .. } => ("取組の再開:", "reinstating item"),
        PlanEdit::SetDepartments { .. } => ("所管局の変更: 取組", "the departments of item"),
        PlanEdit::MoveNode { .. } => ("取組の移動:", "moving item"),
        PlanEdit::AddIndicator { .. } => ("指標の追加:", "adding indicator"),
        PlanEdit::EditIndicator { .. } => ("指標の変更:", "editing indicator"),
        PlanEdit::SetActual { .. }
        | PlanEdit::SetActualNote { .. }
        | PlanEdit::SetStatus { .. }
        | PlanEdit::SetTitle { .. }
        | PlanEdit::SetDescription { .. } => ("編集:", "the edit of"),
    }
}

/// A target as typed, read for one indicator: its value, the bound word and the direction
/// the typed kind implies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetInput {
    pub value: TargetValue,
    pub bound: Option<BoundWord>,
    /// `Some` when the typed kind changes the indicator's direction.
    pub direction: Option<Direction>,
    /// A year printed with the value (`90%(R9)`).
    pub year: Option<FiscalYear>,
}

/// Reads a target as the secretariat types it: `90`, `90%`, `９０％以上`, `95.6%以下`,
/// `19,000時間以内`, `収支均衡`, `調整中`; for a qualitative indicator, any text. The unit,
/// when typed, must be the indicator's (or convert exactly: 億円 ↔ 百万円).
pub fn parse_target(text: &str, indicator: &Indicator) -> Result<TargetInput, Text> {
    let text = text.trim();
    if indicator.direction == Direction::Qualitative {
        if text.is_empty() {
            return Err((
                "定性的な目標は文章で書きます（例: 全庁で実施）",
                "a qualitative target is written out, e.g. 全庁で実施",
            )
                .into());
        }
        return Ok(TargetInput {
            value: TargetValue::Text(text.to_string()),
            bound: None,
            direction: None,
            year: None,
        });
    }
    let cell = parse_cell(text).map_err(|e| Text::of(&e))?;
    let keep = |direction: Direction| (direction != indicator.direction).then_some(direction);
    let (value, direction) = match &cell.value {
        CellValue::Tbd => (TargetValue::Tbd, None),
        CellValue::Empty => {
            return Err((
                "目標値がありません。調整中なら --tbd を指定してください",
                "no target given; use --tbd for 調整中",
            )
                .into());
        }
        CellValue::Balance => (
            TargetValue::Value(crate::model::Figure::ZERO),
            keep(Direction::Balance),
        ),
        CellValue::Number(_) => {
            let figure = cell
                .figure_in(&indicator.unit)
                .map_err(|e| Text::of(&e))?
                .ok_or_else(|| Text::new("目標に数値がありません", "no number in the target"))?;
            let direction = match cell.bound {
                Some(bound) => keep(bound.direction()),
                None if indicator.direction == Direction::Balance && !figure.0.is_zero() => {
                    return Err((
                        "収支均衡の指標の目標は 0 です。先に方向を変えてください（plan indicator --edit KPI --direction increase）",
                        "a balance (収支均衡) indicator's target is 0; change its direction first (plan indicator --edit KPI --direction increase)",
                    )
                        .into());
                }
                None => None,
            };
            (TargetValue::Value(figure), direction)
        }
    };
    Ok(TargetInput {
        value,
        bound: cell.bound,
        direction,
        year: cell.year,
    })
}

/// Reads `V@Y, V@Y …` (commas or 、 between, the indicator's unit allowed after a value);
/// empty: no planned path. A year's note is kept when its value is typed again.
pub fn parse_planned(text: &str, indicator: &Indicator) -> Result<Vec<YearValue>, Text> {
    let mut path = Vec::new();
    for item in text
        .split([',', '、', '，', ';', '；'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let mut value = parse_year_value(item, &indicator.unit)?;
        if value.note.is_none() {
            value.note = indicator
                .planned_for(value.year)
                .and_then(|p| p.note.clone());
        }
        path.push(value);
    }
    path.sort_by_key(|p| p.year);
    Ok(path)
}

/// A target as typed, with an optional `@YEAR` (`６倍以上@R9`, `収支均衡`), set on
/// `indicator`: its value and bound, and its direction when the text implies one (`以下`);
/// the year is the one after `@`, else one the text names, else `last` (the plan's final
/// year). The CLI's `plan add-kpi --target` and the TUI's indicator form both read it here,
/// so they accept the same texts. On an error the indicator is left as it was.
pub fn set_target(indicator: &mut Indicator, text: &str, last: FiscalYear) -> Result<(), Text> {
    let (value, year) = split_year(text)?;
    let input = parse_target(value, indicator)?;
    indicator.bound = input.bound;
    if let Some(direction) = input.direction {
        indicator.direction = direction;
    }
    indicator.target = Some(Target {
        year: year.or(input.year).unwrap_or(last),
        value: input.value,
        note: None,
    });
    Ok(())
}

/// `VALUE@YEAR` (either at sign, half- or full-width) as the value and the year; without
/// one, the whole text and no year.
fn split_year(text: &str) -> Result<(&str, Option<FiscalYear>), Text> {
    match text.rsplit_once(['@', '＠']) {
        Some((value, year)) => {
            let year = year
                .trim()
                .parse::<FiscalYear>()
                .map_err(|e| Text::of(&e))?;
            Ok((value, Some(year)))
        }
        None => Ok((text, None)),
    }
}

/// Reads `VALUE@YEAR` (`5.3@R5`, `44.1%@2022`) or a value with its year in brackets
/// (`49%(R4)`), in the indicator's unit.
pub fn parse_year_value(text: &str, unit: &str) -> Result<YearValue, Text> {
    let (value, year) = split_year(text)?;
    let cell = parse_cell(value.trim()).map_err(|e| Text::of(&e))?;
    let figure = cell
        .figure_in(unit)
        .map_err(|e| Text::of(&e))?
        .ok_or_else(|| {
            let value = sanitize_inline(value.trim());
            crate::text!(
                "「{value}」は数値ではありません",
                "「{value}」 is not a figure"
            )
        })?;
    let year = year.or(cell.year).ok_or_else(|| {
        Text::new(
            "値とともに年度を指定してください（例: 5.3@R5）",
            "give the year with the value, e.g. 5.3@R5",
        )
    })?;
    Ok(YearValue {
        year,
        value: figure,
        note: cell.note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan_edit::EditError;
    use crate::model::{CycleState, Node, Phase};

    fn workspace(phase: Phase) -> (tempfile::TempDir, Workspace) {
        let temp = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(temp.path()).expect("sample");
        let mut workspace = Workspace::load(temp.path()).expect("load");
        if let Some(settings) = &mut workspace.settings {
            settings.value.cycle = Some(CycleState {
                year: FiscalYear(2024),
                phase,
            });
        }
        (temp, workspace)
    }

    const PLAN: &str = "kumamoto-reform-plan-2027";

    fn file(temp: &tempfile::TempDir) -> String {
        std::fs::read_to_string(temp.path().join(format!("plans/{PLAN}.ron"))).expect("read")
    }

    fn target(text: &str) -> PlanEdit {
        PlanEdit::SetTarget {
            indicator: "k-p1-1".into(),
            target: Some(crate::model::Target {
                year: FiscalYear(2027),
                value: TargetValue::Value(text.parse().expect("figure")),
                note: None,
            }),
            bound: None,
            direction: None,
        }
    }

    #[test]
    fn a_revision_in_force_needs_a_reason_and_records_it() {
        let (temp, mut workspace) = workspace(Phase::Act);
        let before = file(&temp);
        let refused = workspace.edit_plan(&PlanEditRequest {
            plan: PLAN.into(),
            edits: vec![target("6")],
            reason: Some("  ".into()),
        });
        assert!(
            matches!(refused, Err(Error::ReasonRequired(_))),
            "{refused:?}"
        );
        assert_eq!(file(&temp), before, "nothing written");
        let done = workspace.edit_plan(&PlanEditRequest {
            plan: PLAN.into(),
            edits: vec![target("6")],
            reason: Some("委員会の意見を踏まえ設定".into()),
        });
        assert_eq!(done.ok(), Some(true));
        let plan = workspace.plan(PLAN).expect("plan");
        assert_eq!(
            plan.revisions.last(),
            Some(&Revision {
                year: FiscalYear(2024),
                item: "k-p1-1".into(),
                reason: "委員会の意見を踏まえ設定".into()
            })
        );
        assert!(file(&temp).contains("委員会の意見を踏まえ設定"));
        // The same edit again changes nothing and writes nothing.
        let again = workspace.edit_plan(&PlanEditRequest {
            plan: PLAN.into(),
            edits: vec![target("6")],
            reason: Some("再度".into()),
        });
        assert_eq!(again.ok(), Some(false));
        assert!(!file(&temp).contains("再度"));
    }

    #[test]
    fn do_phase_edits_and_drafts_need_no_reason() {
        let (_temp, mut doing) = workspace(Phase::Do);
        let actual = PlanEdit::SetActual {
            indicator: "k-p1-1".into(),
            year: FiscalYear(2024),
            value: Some("5.1".parse().expect("figure")),
        };
        assert_eq!(
            doing
                .edit_plan(&PlanEditRequest {
                    plan: PLAN.into(),
                    edits: vec![actual],
                    reason: None
                })
                .ok(),
            Some(true)
        );
        // The TUI's other edits, through the same door: a status (note kept with it), a
        // title, a description; none needs a reason.
        let edits = vec![
            PlanEdit::SetStatus {
                node: "p1".into(),
                year: FiscalYear(2024),
                status: Some("changed".into()),
                note: Some("一部遅れ".into()),
            },
            PlanEdit::SetTitle {
                node: "p1".into(),
                title: " 組織・人づくり改革（改） ".into(),
            },
            PlanEdit::SetDescription {
                node: "p1".into(),
                text: "説明".into(),
            },
        ];
        assert_eq!(
            doing
                .edit_plan(&PlanEditRequest {
                    plan: PLAN.into(),
                    edits,
                    reason: None
                })
                .ok(),
            Some(true)
        );
        let node = doing.plan(PLAN).and_then(|p| p.node("p1")).expect("p1");
        assert_eq!(node.title, "組織・人づくり改革（改）");
        assert_eq!(node.description, "説明");
        assert_eq!(
            node.status(FiscalYear(2024))
                .and_then(|s| s.note.as_deref()),
            Some("一部遅れ")
        );
        let (_temp, mut drafting) = workspace(Phase::Plan);
        assert_eq!(
            drafting
                .edit_plan(&PlanEditRequest {
                    plan: PLAN.into(),
                    edits: vec![target("6")],
                    reason: None
                })
                .ok(),
            Some(true)
        );
        assert!(drafting.plan(PLAN).expect("plan").revisions.is_empty());
    }

    #[test]
    fn an_edit_that_breaks_the_plan_writes_nothing() {
        let (temp, mut workspace) = workspace(Phase::Act);
        let before = file(&temp);
        let mut node = Node::new("p1-m9", "新しい施策");
        node.lead = vec!["no-such-department".into()];
        let refused = workspace.edit_plan(&PlanEditRequest {
            plan: PLAN.into(),
            edits: vec![PlanEdit::AddNode {
                parent: Some("p1".into()),
                position: None,
                node,
            }],
            reason: Some("追加".into()),
        });
        assert!(
            matches!(&refused, Err(Error::Invalid(m)) if m.en.contains("no-such-department")),
            "{refused:?}"
        );
        let unknown = workspace.edit_plan(&PlanEditRequest {
            plan: PLAN.into(),
            edits: vec![PlanEdit::RetireNode {
                node: "nope".into(),
                year: FiscalYear(2024),
            }],
            reason: Some("廃止".into()),
        });
        assert!(matches!(
            unknown,
            Err(Error::PlanEdit(EditError::NoNode(_)))
        ));
        assert_eq!(file(&temp), before);
    }

    #[test]
    fn targets_are_read_as_typed() {
        let mut indicator = Indicator::new("k", "割合", Direction::Increase);
        indicator.unit = "%".into();
        let input = parse_target("９０％以上", &indicator).expect("target");
        assert_eq!(
            input.value,
            TargetValue::Value("90".parse().expect("figure"))
        );
        assert_eq!(input.bound, Some(BoundWord::Ijo));
        assert_eq!(input.direction, Some(Direction::AtLeast));
        let plain = parse_target("90", &indicator).expect("target");
        assert_eq!((plain.bound, plain.direction), (None, None));
        assert_eq!(
            parse_target("調整中", &indicator).expect("tbd").value,
            TargetValue::Tbd
        );
        let balance = parse_target("収支均衡", &indicator).expect("balance");
        assert_eq!(balance.direction, Some(Direction::Balance));
        assert!(parse_target("90件", &indicator).is_err(), "wrong unit");
        let value = parse_year_value("44.1%@R4", "%").expect("value");
        assert_eq!(
            (value.year, value.value.to_string()),
            (FiscalYear(2022), "44.1".into())
        );
        let bracket = parse_year_value("49%(R4)", "%").expect("value");
        assert_eq!(bracket.year, FiscalYear(2022));
        assert!(parse_year_value("49%", "%").is_err(), "a year is required");
    }

    /// The year after `@` (full-width too) wins, else the plan's last; a bad year or value
    /// leaves the indicator as it was.
    #[test]
    fn a_target_is_set_with_its_year_or_the_plans_last() {
        let mut indicator = Indicator::new("k", "割合", Direction::Increase);
        indicator.unit = "%".into();
        set_target(&mut indicator, "９０％以上＠R8", FiscalYear(2027)).expect("target");
        let target = indicator.target.clone().expect("set");
        assert_eq!(target.year, FiscalYear(2026));
        assert_eq!(
            target.value,
            TargetValue::Value("90".parse().expect("figure"))
        );
        assert_eq!(
            (indicator.bound, indicator.direction),
            (Some(BoundWord::Ijo), Direction::AtLeast)
        );
        set_target(&mut indicator, "95%", FiscalYear(2027)).expect("target");
        assert_eq!(
            indicator.target.as_ref().map(|t| t.year),
            Some(FiscalYear(2027))
        );
        let before = indicator.clone();
        assert!(set_target(&mut indicator, "80%@R99X", FiscalYear(2027)).is_err());
        assert!(set_target(&mut indicator, "80件@R8", FiscalYear(2027)).is_err());
        assert_eq!(indicator, before);
    }
}
