//! The forms' dialog titles and hints, so the overlay only frames them.

use crate::model::Language;
use crate::model::sanitize_inline;
use crate::tui::core::Core;
use crate::tui::dialog::plan_purpose::{
    DepartmentStep, IndicatorStep, MemberStep, PlanChoice, PlanInput,
};

/// The title of a form's input: which form, which field, and of what.
pub fn input_title(core: &Core, form: &PlanInput) -> String {
    let lang = core.lang;
    let indicator_name = |plan: &str, id: &str| {
        core.workspace
            .plan(plan)
            .and_then(|p| p.indicator(id))
            .map(|i| (sanitize_inline(&i.name), sanitize_inline(&i.unit)))
            .unwrap_or_default()
    };
    match form {
        PlanInput::TargetYear { plan, edit } => {
            let (name, _) = indicator_name(plan, edit.item());
            format!("{} — {name}", lang.pick("目標年度", "Target year"))
        }
        PlanInput::TargetPlanned { plan, edit } => {
            let (name, unit) = indicator_name(plan, edit.item());
            format!(
                "{} — {name} [{unit}]",
                lang.pick("年度別計画値", "Planned values by year")
            )
        }
        PlanInput::Indicator(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "指標の追加",
                (true, Language::Ja) => "指標の編集",
                (false, Language::En) => "New indicator",
                (true, Language::En) => "Edit indicator",
            };
            let field = match form.step {
                IndicatorStep::Name => lang.pick("名称", "name"),
                IndicatorStep::Unit => lang.pick("単位", "unit"),
                IndicatorStep::Direction => lang.pick("方向", "direction"),
                IndicatorStep::Baseline => lang.pick("基準値", "baseline"),
                IndicatorStep::Target => lang.pick("目標値", "target"),
            };
            let of = match (&form.editing, &form.node) {
                (Some(_), _) => sanitize_inline(&form.draft.name),
                (None, Some(node)) => core
                    .workspace
                    .plan(&form.plan)
                    .and_then(|p| p.node(node))
                    .map_or_else(|| node.clone(), |n| sanitize_inline(&n.title)),
                (None, None) => lang.pick("計画全体", "the whole plan").into(),
            };
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
        PlanInput::Department(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "所管局の追加",
                (true, Language::Ja) => "所管局の変更",
                (false, Language::En) => "New department",
                (true, Language::En) => "Edit department",
            };
            let field = match form.step {
                DepartmentStep::Name => lang.pick("名称", "name"),
                DepartmentStep::NameEn => lang.pick("英語名", "English name"),
                DepartmentStep::Id => "ID",
            };
            let of = sanitize_inline(&form.draft.name);
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
        PlanInput::Member(form) => {
            let what = match (form.editing.is_some(), lang) {
                (false, Language::Ja) => "委員の追加",
                (true, Language::Ja) => "委員の編集",
                (false, Language::En) => "New member",
                (true, Language::En) => "Edit member",
            };
            let field = match form.step {
                MemberStep::Name => lang.pick("氏名", "name"),
                MemberStep::Role => lang.pick("役職", "role"),
                MemberStep::Affiliation => lang.pick("所属", "affiliation"),
                MemberStep::Label => lang.pick("発言者表記", "printed label"),
            };
            let of = sanitize_inline(&form.draft.name);
            match lang {
                Language::Ja => format!("{what}（{field}） — {of}"),
                Language::En => format!("{what} ({field}) — {of}"),
            }
        }
    }
}

/// The hint under a form's input: what to type, with an example.
pub fn input_hint(lang: Language, form: &PlanInput) -> &'static str {
    match form {
        PlanInput::TargetYear { .. } => lang.pick(
            "Enter 次へ / Esc 取消（例: R9・2027・令和9年度）",
            "Enter next / Esc cancel (e.g. R9, 2027, FY2027)",
        ),
        PlanInput::TargetPlanned { .. } => lang.pick(
            "値@年度をカンマ区切りで（例: 10@R6, 12@R7）。空欄で計画値なし。Enter 次へ",
            "VALUE@YEAR, comma-separated (e.g. 10@R6, 12@R7); empty: none. Enter next",
        ),
        PlanInput::Indicator(form) => match form.step {
            IndicatorStep::Name | IndicatorStep::Direction => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            IndicatorStep::Unit => lang.pick(
                "例: %・件・倍・億円（空欄可）。Enter 次へ",
                "e.g. %, 件, 倍, 億円 (may be empty). Enter next",
            ),
            IndicatorStep::Baseline => lang.pick(
                "値@年度（例: 5.3@R5・49%(R4)）。空欄で基準値なし。Enter 次へ",
                "VALUE@YEAR (e.g. 5.3@R5, 49%(R4)); empty: none. Enter next",
            ),
            IndicatorStep::Target => lang.pick(
                "例: 90%以上@R9・収支均衡。空欄で調整中（最終年度）。Enter 次へ",
                "e.g. 90%以上@R9, 収支均衡; empty: 調整中 (last year). Enter next",
            ),
        },
        PlanInput::Department(form) => match form.step {
            DepartmentStep::Name | DepartmentStep::NameEn => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            DepartmentStep::Id => lang.pick(
                "文字・数字と - _ . のID。変えると計画・対応の参照も変わります。Enter 保存",
                "letters, digits, - _ . ; a new id renames it in plans and responses. Enter save",
            ),
        },
        PlanInput::Member(form) => match form.step {
            MemberStep::Name | MemberStep::Role => {
                lang.pick("Enter 次へ / Esc 取消", "Enter next / Esc cancel")
            }
            MemberStep::Affiliation => lang.pick(
                "例: 熊本大学大学院教授（出席委員の一覧に載ります。空欄可）。Enter 次へ",
                "e.g. 熊本大学大学院教授 (printed in the attendee list; may be empty). Enter next",
            ),
            MemberStep::Label => lang.pick(
                "議事録の発言者表記（例: 澤田会長）。空欄で氏名のまま。Enter 保存",
                "how the minutes name the speaker (e.g. 澤田会長); empty: the name. Enter save",
            ),
        },
    }
}

/// The title of a form's choice.
pub fn choice_title(core: &Core, form: &PlanChoice) -> String {
    let lang = core.lang;
    match form {
        PlanChoice::MovePosition { plan, node, .. } => {
            let title = core
                .workspace
                .plan(plan)
                .and_then(|p| p.node(node))
                .map_or_else(|| node.clone(), |n| sanitize_inline(&n.title));
            format!(
                "{} — {title}",
                lang.pick("移動先での位置", "Position there")
            )
        }
        PlanChoice::IndicatorDirection(form) => format!(
            "{} — {}",
            lang.pick("指標の方向", "Direction"),
            sanitize_inline(&form.draft.name)
        ),
        PlanChoice::Department => lang
            .pick("所管局（追加・名称変更）", "Departments (add / rename)")
            .into(),
        PlanChoice::Committee => lang.pick("委員会", "Committee").into(),
        PlanChoice::Member { committee } => {
            let name = core
                .settings()
                .and_then(|s| s.committees.iter().find(|c| c.id == *committee))
                .map_or_else(|| committee.clone(), |c| sanitize_inline(&c.name));
            format!(
                "{} — {name}",
                lang.pick("委員（追加・編集）", "Members (add / edit)")
            )
        }
    }
}
