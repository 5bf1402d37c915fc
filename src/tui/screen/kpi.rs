//! The indicator (KPI) screen: its cursor, and its actuals — entering one (typed as the
//! secretariat types it: full-width digits, △ negatives, the unit after the number) and
//! deleting one (confirmed first).

use crate::model::fiscal_year::normalize_width;
use crate::model::plan_edit::PlanEdit;
use crate::model::{Figure, FiscalYear, Indicator, Plan, Target};
use crate::store::plan_edit::parse_target;
use crate::tui::core::Core;
use crate::tui::dialog::{Confirm, Dialog, InputPurpose, LineInput, Pending};
use crate::tui::edit::Edit;
use crate::tui::outcome::Outcome;
use crate::tui::screen::{Screen, plan_forms};

/// The KPI screen's own state (the dashboard shares its cursor).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KpiState {
    pub cursor: usize,
}

/// Indicators of a plan in document order, with their depth (parts are 1).
pub fn rows(plan: Option<&Plan>) -> Vec<(usize, &Indicator)> {
    let Some(plan) = plan else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (_, indicator) in plan.top_indicators() {
        rows.push((0, indicator));
        for part in &indicator.parts {
            rows.push((1, part));
        }
    }
    rows
}

impl KpiState {
    pub fn selected<'a>(&self, core: &'a Core) -> Option<&'a Indicator> {
        rows(core.plan())
            .get(self.cursor)
            .map(|(_, indicator)| *indicator)
    }

    pub fn move_by(&mut self, core: &Core, delta: isize) {
        let len = rows(core.plan()).len();
        self.cursor = self
            .cursor
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }

    pub fn click(&mut self, core: &Core, index: usize) {
        if index < rows(core.plan()).len() {
            self.cursor = index;
        }
    }

    /// Puts the cursor on an indicator (the first row if it is not in the plan).
    pub fn select(&mut self, core: &Core, indicator: &str) {
        self.cursor = rows(core.plan())
            .iter()
            .position(|(_, i)| i.id == indicator)
            .unwrap_or(0);
    }

    /// The checks every KPI input opens with: the workspace is writable, the KPI screen is
    /// shown (from another screen, go there and say `hint`), an indicator is selected.
    fn writable_selection<'a>(
        &self,
        core: &'a Core,
        screen: Screen,
        hint: Option<(&str, &str)>,
    ) -> Result<(&'a crate::model::Plan, &'a Indicator), Box<Outcome>> {
        if let Some(refusal) = core.write_refusal() {
            return Err(Box::new(Outcome::Notify(refusal)));
        }
        if screen != Screen::Kpi {
            return Err(Box::new(match hint {
                Some((ja, en)) => Outcome::Go(Screen::Kpi, Some(core.lang.pick(ja, en).into())),
                None => Outcome::Done,
            }));
        }
        match (core.plan(), self.selected(core)) {
            (Some(plan), Some(indicator)) => Ok((plan, indicator)),
            _ => Err(Box::new(Outcome::Done)),
        }
    }

    /// `a`: the actual input for the selected indicator; from another screen, go to the KPI
    /// screen and say what to pick.
    pub fn open_actual(&self, core: &Core, screen: Screen) -> Outcome {
        let (plan, indicator) = match self.writable_selection(
            core,
            screen,
            Some((
                "指標を選んで a で実績値を入力します",
                "Pick an indicator, then press a",
            )),
        ) {
            Ok(found) => found,
            Err(outcome) => return *outcome,
        };
        let text = indicator
            .actual(core.year)
            .map(|a| a.value.to_string())
            .unwrap_or_default();
        let purpose = InputPurpose::Actual {
            plan: plan.id.clone(),
            indicator: indicator.id.clone(),
            year: core.year,
        };
        Outcome::Open(Dialog::Input(LineInput::new(purpose, text).required()))
    }

    /// `n`: the note of the chosen year's actual (出典, or why it is provisional), prefilled
    /// with the note it has; on the KPI screen only, and only where there is an actual.
    pub fn open_actual_note(&self, core: &Core, screen: Screen) -> Outcome {
        let (plan, indicator) = match self.writable_selection(core, screen, None) {
            Ok(found) => found,
            Err(outcome) => return *outcome,
        };
        let Some(actual) = indicator.actual(core.year) else {
            return Outcome::Notify(match core.lang {
                crate::model::Language::Ja => format!(
                    "{}の実績値がありません。a で値を入力してから備考を付けます",
                    core.lang.year(core.year)
                ),
                crate::model::Language::En => format!(
                    "No actual for {}: enter it with a, then its note",
                    core.lang.year(core.year)
                ),
            });
        };
        let purpose = InputPurpose::ActualNote {
            plan: plan.id.clone(),
            indicator: indicator.id.clone(),
            year: core.year,
        };
        let note = actual.note.clone().unwrap_or_default();
        Outcome::Open(Dialog::Input(LineInput::new(purpose, note)))
    }

    /// `x`: deleting the actual of the chosen year, confirmed first; on the KPI screen only.
    pub fn delete_actual(&self, core: &Core, screen: Screen) -> Outcome {
        let (plan, indicator) = match self.writable_selection(core, screen, None) {
            Ok(found) => found,
            Err(outcome) => return *outcome,
        };
        let Some(actual) = indicator.actual(core.year) else {
            return Outcome::Done;
        };
        let lang = core.lang;
        let message = format!(
            "{} {} {}{}? (y/n)",
            lang.pick("実績値を削除しますか", "Delete the actual"),
            lang.year(core.year),
            actual.value.grouped(),
            indicator.unit
        );
        let edit = Edit::plan_edit(
            &plan.id,
            PlanEdit::SetActual {
                indicator: indicator.id.clone(),
                year: core.year,
                value: None,
            },
        );
        Outcome::Open(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))))
    }

    /// `I`: a new indicator beside the selected one (on the same node, or the plan's own);
    /// from another screen, go to the KPI screen and say what to pick.
    pub fn open_add_indicator(&self, core: &Core, screen: Screen) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Kpi {
            return Outcome::Go(
                Screen::Kpi,
                Some(
                    core.lang
                        .pick(
                            "指標を選んで I で同じ項目に指標を追加します（体系画面では選んだ項目に）",
                            "Pick an indicator, then press I to add one beside it (on the tree: to the node)",
                        )
                        .into(),
                ),
            );
        }
        let Some(plan) = core.plan() else {
            return Outcome::Done;
        };
        let node = self.selected(core).and_then(|selected| {
            plan.top_indicators()
                .into_iter()
                .find(|(_, i)| i.id == selected.id || i.parts.iter().any(|p| p.id == selected.id))
                .and_then(|(node, _)| node.map(|n| n.id.clone()))
        });
        plan_forms::open_indicator_add(core, &plan.id, node)
    }

    /// `e` on the KPI screen: the selected indicator's name, unit and direction.
    pub fn open_edit_indicator(&self, core: &Core) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        let (Some(plan), Some(indicator)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        plan_forms::open_indicator_edit(&plan.id, indicator)
    }

    /// `t`: the target input for the selected indicator, prefilled with the target as printed;
    /// from another screen, go to the KPI screen and say what to pick.
    pub fn open_target(&self, core: &Core, screen: Screen) -> Outcome {
        let (plan, indicator) = match self.writable_selection(
            core,
            screen,
            Some((
                "指標を選んで t で目標値を設定します",
                "Pick an indicator, then press t",
            )),
        ) {
            Ok(found) => found,
            Err(outcome) => return *outcome,
        };
        let purpose = InputPurpose::Target {
            plan: plan.id.clone(),
            indicator: indicator.id.clone(),
        };
        Outcome::Open(Dialog::Input(
            LineInput::new(purpose, indicator.target_label()).required(),
        ))
    }

    /// Enter in the target input: the revision goes on to the reason input (or is applied
    /// while the plan is drawn up), or the input stays open with why the text is not a target.
    /// The target year stays the one in force unless a year is typed with the value
    /// (`90%(R9)`); a new target is for the plan's last year, as in `kaikaku plan target`.
    pub fn submit_target(
        core: &Core,
        input: LineInput<InputPurpose>,
        plan_id: &str,
        indicator_id: &str,
    ) -> Outcome {
        let Some(plan) = core.workspace.plan(plan_id) else {
            return Outcome::Done;
        };
        let Some(indicator) = plan.indicator(indicator_id) else {
            return Outcome::Done;
        };
        match parse_target(&input.text, indicator) {
            Ok(typed) => {
                let year = typed
                    .year
                    .or(indicator.target.as_ref().map(|t| t.year))
                    .unwrap_or(plan.period.to);
                let note = indicator.target.as_ref().and_then(|t| t.note.clone());
                let edit = PlanEdit::SetTarget {
                    indicator: indicator_id.to_string(),
                    target: Some(Target {
                        year,
                        value: typed.value,
                        note,
                    }),
                    bound: typed.bound,
                    direction: typed.direction,
                };
                plan_forms::open_target_year(core, plan_id, edit)
            }
            Err(message) => Outcome::Open(Dialog::Input(
                input.with_error(message.get(core.lang).to_string()),
            )),
        }
    }

    /// Enter in the actual input: the figure is set, or the input stays open with why not.
    pub fn submit_actual(
        core: &Core,
        input: LineInput<InputPurpose>,
        plan: &str,
        indicator: &str,
        year: FiscalYear,
    ) -> Outcome {
        let unit = core
            .workspace
            .plan(plan)
            .and_then(|p| p.indicator(indicator))
            .map(|i| i.unit.clone())
            .unwrap_or_default();
        match parse_actual(&input.text, &unit) {
            Ok(value) => Outcome::Apply(Edit::plan_edit(
                plan,
                PlanEdit::SetActual {
                    indicator: indicator.to_string(),
                    year,
                    value: Some(value),
                },
            )),
            // Stays open with the reason, and with what was typed.
            Err(message) => Outcome::Open(Dialog::Input(
                input.with_error(message.get(core.lang).to_string()),
            )),
        }
    }
}

/// Reads what was typed for an actual: full-width digits, `△`/`-` negatives, thousands
/// separators, and the indicator's unit typed after the number.
pub fn parse_actual(text: &str, unit: &str) -> Result<Figure, crate::i18n::Text> {
    let normalized = normalize_width(text.trim());
    let without_unit = if unit.is_empty() {
        normalized.as_str()
    } else {
        let unit = normalize_width(unit);
        normalized
            .trim_end()
            .strip_suffix(unit.as_str())
            .unwrap_or(&normalized)
    };
    without_unit
        .trim()
        .parse::<Figure>()
        .map_err(|e| crate::i18n::Text::of(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::tui::command::Command;
    use crate::tui::dialog::Step;
    use crate::tui::msg::Msg;
    use crate::tui::screen::{edits, sample_core};

    #[test]
    fn an_actual_is_typed_as_the_secretariat_types_it() {
        let (_temp, core) = sample_core(Language::Ja);
        let kpi = KpiState::default();
        let Outcome::Go(Screen::Kpi, Some(_)) = kpi.open_actual(&core, Screen::Tree) else {
            panic!("from another screen, go to the KPI screen");
        };
        let Outcome::Open(Dialog::Input(mut input)) = kpi.open_actual(&core, Screen::Kpi) else {
            panic!("an input");
        };
        assert!(input.required);
        let InputPurpose::Actual {
            plan,
            indicator,
            year,
        } = input.purpose.clone()
        else {
            panic!("an actual");
        };
        while !input.text.is_empty() {
            input.handle(&Msg::Backspace);
            input.handle(&Msg::CursorRight);
        }
        assert_eq!(input.handle(&Msg::Command(Command::Submit)), Step::Stay);
        for c in "△１，２３４．５".chars() {
            input.handle(&Msg::Type(c));
        }
        let outcome = KpiState::submit_actual(&core, input.clone(), &plan, &indicator, year);
        let Outcome::Apply(Edit::Plan { edits, .. }) = outcome else {
            panic!("applied: {outcome:?}");
        };
        let [
            PlanEdit::SetActual {
                value: Some(value), ..
            },
        ] = edits.as_slice()
        else {
            panic!("an actual: {edits:?}");
        };
        assert_eq!(value.to_string(), "-1234.5");
        input.text = "abc".into();
        let Outcome::Open(Dialog::Input(refused)) =
            KpiState::submit_actual(&core, input, &plan, &indicator, year)
        else {
            panic!("the input stays open");
        };
        assert!(refused.error.is_some());
        assert_eq!(refused.text, "abc", "what was typed is kept");
    }

    #[test]
    fn a_target_is_revised_with_a_reason_and_undone() {
        let (_temp, mut core) = sample_core(Language::En);
        let kpi = KpiState::default();
        let plan_id = core.plan().expect("plan").id.clone();
        let before = core.plan().expect("plan").clone();
        let Outcome::Go(Screen::Kpi, Some(_)) = kpi.open_target(&core, Screen::Tree) else {
            panic!("from another screen, go to the KPI screen");
        };
        let Outcome::Open(Dialog::Input(mut input)) = kpi.open_target(&core, Screen::Kpi) else {
            panic!("a target input");
        };
        let indicator = kpi.selected(&core).expect("selected").clone();
        assert_eq!(input.text, indicator.target_label(), "prefilled as printed");
        input.text = "九十".into();
        let Outcome::Open(Dialog::Input(refused)) =
            KpiState::submit_target(&core, input.clone(), &plan_id, &indicator.id)
        else {
            panic!("the input stays open");
        };
        assert!(refused.error.is_some(), "not a target");
        input.text = format!("９．５{}以上", indicator.unit);
        // Then the target year, prefilled with the year in force; a year outside the plan's
        // period is refused.
        let Outcome::Open(Dialog::Input(year)) =
            KpiState::submit_target(&core, input, &plan_id, &indicator.id)
        else {
            panic!("the target year");
        };
        assert_eq!(year.text, "FY2027");
        let InputPurpose::Plan(form) = year.purpose.clone() else {
            panic!("a plan form: {:?}", year.purpose);
        };
        let Outcome::Open(Dialog::Input(outside)) =
            plan_forms::submit(&core, year.clone(), form.clone(), "FY2040")
        else {
            panic!("stays open");
        };
        assert!(outside.error.is_some());
        // Then the yearly planned values (none yet), typed as value@year.
        let Outcome::Open(Dialog::Input(planned)) = plan_forms::submit(&core, year, form, "R8")
        else {
            panic!("the planned values");
        };
        assert_eq!(planned.text, "", "the sample has no planned path yet");
        let InputPurpose::Plan(form) = planned.purpose.clone() else {
            panic!("a plan form");
        };
        let Outcome::Open(Dialog::Input(no_year)) =
            plan_forms::submit(&core, planned.clone(), form.clone(), "8@R7, 9")
        else {
            panic!("stays open");
        };
        assert!(no_year.error.is_some(), "each value needs its year");
        // The sample's plan is in force: the reason input comes next, the edits with it.
        let Outcome::Open(Dialog::Input(mut reason)) =
            plan_forms::submit(&core, planned, form, "９@R8、８@R7")
        else {
            panic!("a reason input");
        };
        assert!(reason.required, "an empty reason is not accepted");
        assert_eq!(reason.handle(&Msg::Command(Command::Submit)), Step::Stay);
        let InputPurpose::Reason { edits, .. } = reason.purpose.clone() else {
            panic!("a reason: {:?}", reason.purpose);
        };
        // Without a reason the store refuses it, and nothing changes.
        let mut undo = edits::UndoStack::default();
        let without = Edit::Plan {
            plan: plan_id.clone(),
            edits: edits.clone(),
            reason: None,
        };
        let refusal = edits::apply(&mut core, &mut undo, &without).expect("refused");
        assert!(refusal.contains("reason"), "{refusal}");
        assert!(undo.is_empty());
        assert_eq!(core.plan(), Some(&before));
        let with = Edit::Plan {
            plan: plan_id.clone(),
            edits,
            reason: Some("委員会の意見を踏まえ上方修正".into()),
        };
        edits::apply(&mut core, &mut undo, &with).expect("saved");
        let after = core.workspace.plan(&plan_id).expect("plan");
        let revised = after.indicator(&indicator.id).expect("indicator");
        assert_eq!(revised.target_label(), format!("9.5{}以上", revised.unit));
        assert_eq!(
            revised.target.as_ref().map(|t| t.year),
            Some(FiscalYear(2026))
        );
        assert_eq!(
            plan_forms::planned_text(Language::Ja, &revised.planned),
            "8@R7, 9@R8",
            "in year order"
        );
        assert!(
            after
                .revisions
                .iter()
                .any(|r| r.item == indicator.id && r.reason == "委員会の意見を踏まえ上方修正")
        );
        edits::undo(&mut core, &mut undo, true);
        assert_eq!(core.workspace.plan(&plan_id), Some(&before));
    }

    #[test]
    fn the_unit_may_follow_the_number() {
        assert_eq!(
            parse_actual("７４．６３％", "%").map(|f| f.to_string()),
            Ok("74.63".into())
        );
        assert_eq!(
            parse_actual("12 件", "件").map(|f| f.to_string()),
            Ok("12".into())
        );
        assert!(parse_actual("十二", "件").is_err());
    }

    #[test]
    fn moves_are_bounded_and_select_finds_an_indicator() {
        let (_temp, core) = sample_core(Language::En);
        let mut kpi = KpiState::default();
        let all = rows(core.plan());
        assert!(all.len() > 2);
        kpi.move_by(&core, 1_000);
        assert_eq!(kpi.cursor, all.len() - 1);
        kpi.select(&core, &all[1].1.id);
        assert_eq!(kpi.cursor, 1);
        kpi.select(&core, "no-such");
        assert_eq!(kpi.cursor, 0);
        kpi.click(&core, 1_000);
        assert_eq!(kpi.cursor, 0, "a click below the list changes nothing");
    }
}
