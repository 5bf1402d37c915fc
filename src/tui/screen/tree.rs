//! The plan tree screen: its state (cursor, expanded nodes, filter), its moves, and what its
//! dialogs mean — the status of a node (with a note; a downgrade asks first), its title and
//! description, the department and status filters.

use std::collections::HashSet;

use crate::model::plan_edit::{PlanEdit, next_node_id};
use crate::model::{FiscalYear, Node, Plan, sanitize};
use crate::tui::core::Core;
use crate::tui::dialog::{
    Choice, ChoicePurpose, Confirm, Dialog, Editor, EditorPurpose, InputPurpose, LineInput, Pending,
};
use crate::tui::edit::Edit;
use crate::tui::outcome::Outcome;
use crate::tui::screen::{Screen, edits, plan_forms};

/// Tree filter: only nodes matching it (and their ancestors) are shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Department(String),
    Status(String),
    /// 未設定: nodes with no status for the chosen year — what is still to be entered
    /// between meetings. Every level counts, as in the dashboard's 未設定 column.
    NoStatus,
}

/// The id of the 未設定 option in the status filter's choice: empty, which no real status
/// id is (status ids are written in plan files as `status: "on_plan"`; an empty one could not
/// be chosen in any dialog either).
const NO_STATUS: &str = "";

/// One visible row of the plan tree.
#[derive(Clone, Debug)]
pub struct TreeRow<'a> {
    pub node: &'a Node,
    pub depth: usize,
    pub number: String,
    pub has_children: bool,
    pub expanded: bool,
    /// The last year the item is in the plan: its own retirement or the earliest of the
    /// items above it (which retire everything under them).
    pub retired: Option<FiscalYear>,
}

/// A visible row as [`TreeState::refresh`] keeps it: where its node is in the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shown {
    /// Child indices from the plan's top level down to the node.
    path: Vec<usize>,
    depth: usize,
    number: String,
    has_children: bool,
    expanded: bool,
    retired: Option<FiscalYear>,
}

/// The tree screen's own state.
#[derive(Clone, Debug, Default)]
pub struct TreeState {
    pub cursor: usize,
    /// Ids of the expanded nodes (of every plan).
    pub expanded: HashSet<String>,
    pub filter: Option<Filter>,
    /// The visible rows as of the last update, for the views: computed once per update
    /// ([`TreeState::refresh`]) instead of twice per frame.
    shown: Vec<Shown>,
}

impl TreeState {
    /// Every plan opens with its top level expanded.
    pub fn new<'a>(plans: impl IntoIterator<Item = &'a Plan>) -> Self {
        let mut state = TreeState::default();
        state.expand_top(plans);
        state
    }

    /// Expands the top level of these plans.
    pub fn expand_top<'a>(&mut self, plans: impl IntoIterator<Item = &'a Plan>) {
        for plan in plans {
            for node in &plan.nodes {
                self.expanded.insert(node.id.clone());
            }
        }
    }

    /// Visible rows: expanded branches only, narrowed by the filter (for `year`'s statuses).
    pub fn rows<'a>(&self, plan: Option<&'a Plan>, year: FiscalYear) -> Vec<TreeRow<'a>> {
        let Some(plan) = plan else {
            return Vec::new();
        };
        let flat = plan.flatten();
        let keep: Option<HashSet<usize>> = self.filter.as_ref().map(|filter| {
            let mut keep = HashSet::new();
            for (index, item) in flat.iter().enumerate() {
                let hit = match filter {
                    Filter::Department(d) => {
                        item.node.lead.contains(d) || item.node.related.contains(d)
                    }
                    Filter::Status(s) => item.node.status(year).is_some_and(|e| &e.status == s),
                    Filter::NoStatus => item.node.status(year).is_none(),
                };
                if hit {
                    let mut at = Some(index);
                    while let Some(i) = at {
                        keep.insert(i);
                        at = flat[i].parent;
                    }
                }
            }
            keep
        });
        // Parents come before their items in the flattened order.
        let mut retired: Vec<Option<FiscalYear>> = Vec::with_capacity(flat.len());
        for item in &flat {
            let above = item.parent.and_then(|p| retired[p]);
            retired.push(match (item.node.retired, above) {
                (Some(own), Some(above)) => Some(own.min(above)),
                (own, above) => own.or(above),
            });
        }
        let mut rows = Vec::new();
        for (index, item) in flat.iter().enumerate() {
            if keep.as_ref().is_some_and(|k| !k.contains(&index)) {
                continue;
            }
            let mut parent = item.parent;
            let mut visible = true;
            while let Some(p) = parent {
                // A filter shows matches whatever is collapsed.
                if keep.is_none() && !self.expanded.contains(&flat[p].node.id) {
                    visible = false;
                    break;
                }
                parent = flat[p].parent;
            }
            if visible {
                rows.push(TreeRow {
                    node: item.node,
                    depth: item.depth,
                    number: item.number.clone(),
                    has_children: !item.node.children.is_empty(),
                    expanded: self.expanded.contains(&item.node.id) || keep.is_some(),
                    retired: retired[index],
                });
            }
        }
        rows
    }

    /// Recomputes the rows the views read; `dispatch` calls it once per update. A filter on
    /// a department that is no longer defined (re-id'd in a reorganisation, or its addition
    /// undone) is dropped rather than showing an empty tree.
    pub fn refresh(&mut self, core: &Core) {
        if let Some(Filter::Department(id)) = &self.filter
            && core.settings().is_some_and(|s| s.department(id).is_none())
        {
            self.set_filter(None);
        }
        let plan = core.plan();
        let flat = plan.map(Plan::flatten).unwrap_or_default();
        self.shown = self
            .rows(plan, core.year)
            .iter()
            .filter_map(|row| {
                let path = flat
                    .iter()
                    .find(|f| std::ptr::eq(f.node, row.node))?
                    .path
                    .clone();
                Some(Shown {
                    path,
                    depth: row.depth,
                    number: row.number.clone(),
                    has_children: row.has_children,
                    expanded: row.expanded,
                    retired: row.retired,
                })
            })
            .collect();
    }

    /// The rows as of the last [`TreeState::refresh`], on `plan` (the core's current plan).
    pub fn shown_rows<'a>(&self, plan: Option<&'a Plan>) -> Vec<TreeRow<'a>> {
        let Some(plan) = plan else {
            return Vec::new();
        };
        self.shown
            .iter()
            .filter_map(|shown| {
                Some(TreeRow {
                    node: node_at(plan, &shown.path)?,
                    depth: shown.depth,
                    number: shown.number.clone(),
                    has_children: shown.has_children,
                    expanded: shown.expanded,
                    retired: shown.retired,
                })
            })
            .collect()
    }

    /// The node under the cursor.
    pub fn selected<'a>(&self, core: &'a Core) -> Option<&'a Node> {
        self.rows(core.plan(), core.year)
            .get(self.cursor)
            .map(|row| row.node)
    }

    /// Moves the cursor by `delta` rows, inside the list.
    pub fn move_by(&mut self, core: &Core, delta: isize) {
        let len = self.rows(core.plan(), core.year).len();
        self.cursor = self
            .cursor
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }

    /// A click on a body row.
    pub fn click(&mut self, core: &Core, index: usize) {
        if index < self.rows(core.plan(), core.year).len() {
            self.cursor = index;
        }
    }

    /// Collapses the node, or goes to its parent.
    pub fn collapse(&mut self, core: &Core) {
        let rows = self.rows(core.plan(), core.year);
        let Some(row) = rows.get(self.cursor) else {
            return;
        };
        if row.has_children && row.expanded && self.filter.is_none() {
            let id = row.node.id.clone();
            self.expanded.remove(&id);
            return;
        }
        // Go to the parent: the nearest row above with a smaller depth.
        let depth = row.depth;
        if let Some(parent) = rows[..self.cursor].iter().rposition(|r| r.depth < depth) {
            self.cursor = parent;
        }
    }

    /// Expands the node, or goes to its first child.
    pub fn expand(&mut self, core: &Core) {
        let rows = self.rows(core.plan(), core.year);
        let Some(row) = rows.get(self.cursor) else {
            return;
        };
        if !row.has_children {
            return;
        }
        if row.expanded {
            self.cursor = (self.cursor + 1).min(rows.len().saturating_sub(1));
        } else {
            let id = row.node.id.clone();
            self.expanded.insert(id);
        }
    }

    pub fn toggle(&mut self, core: &Core) {
        let Some(id) = self
            .selected(core)
            .filter(|n| !n.children.is_empty())
            .map(|n| n.id.clone())
        else {
            return;
        };
        if !self.expanded.remove(&id) {
            self.expanded.insert(id);
        }
    }

    /// Shows a node: no filter, every ancestor expanded, the cursor on it.
    pub fn reveal(&mut self, core: &Core, node: &str) {
        self.filter = None;
        if let Some(plan) = core.plan() {
            self.expanded.extend(ancestors_of(plan, node));
        }
        self.cursor = self
            .rows(core.plan(), core.year)
            .iter()
            .position(|r| r.node.id == node)
            .unwrap_or(0);
    }

    pub fn set_filter(&mut self, filter: Option<Filter>) {
        self.filter = filter;
        self.cursor = 0;
    }

    /// `s`: the status choice for the selected node; from another screen, go to the tree and
    /// say what to pick.
    pub fn open_status(&self, core: &Core, screen: Screen) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Tree {
            return go_here(
                core,
                (
                    "項目を選んで s で進捗状況を設定します",
                    "Pick a node, then press s",
                ),
            );
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        let current = node.status(core.year).map(|e| e.status.clone());
        let options: Vec<(String, String)> = core
            .settings()
            .map(|s| {
                s.statuses
                    .iter()
                    .map(|d| (d.id.clone(), core.status_label(&d.id).to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let selected = current
            .and_then(|c| options.iter().position(|(id, _)| *id == c))
            .unwrap_or(0);
        let purpose = ChoicePurpose::Status {
            plan: plan.id.clone(),
            node: node.id.clone(),
            year: core.year,
        };
        Outcome::Open(Dialog::Choice(Choice::new(purpose, options, selected)))
    }

    /// `R`: retiring the selected node after the current cycle's year, on the tree only.
    /// While the plan is in force the reason input is the confirmation (Esc keeps the node);
    /// while it is drawn up a yes/no confirmation. On a retired node `R` takes it back into
    /// the plan the same way; an item retired with the one above it says to reinstate that.
    pub fn open_retire(&self, core: &Core, screen: Screen) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Tree {
            return go_here(
                core,
                (
                    "項目を選んで R で廃止（廃止済みなら復活）します",
                    "Pick a node, then press R to retire (or reinstate) it",
                ),
            );
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        let lang = core.lang;
        let title = crate::model::sanitize_inline(&node.title);
        if node.retired.is_some() {
            let edit = PlanEdit::ReinstateNode {
                node: node.id.clone(),
            };
            if core.workspace.revision_needs_reason(plan) {
                return edits::revise(core, &plan.id, edit);
            }
            let message = format!(
                "{} 「{title}」? (y/n)",
                lang.pick("廃止した項目を復活しますか", "Reinstate"),
            );
            let edit = Edit::plan_edit(&plan.id, edit);
            return Outcome::Open(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))));
        }
        if let Some(last) = plan.retired_after(&node.id) {
            return Outcome::Notify(format!(
                "{} {}",
                lang.pick(
                    "上位項目とともに廃止済みです（上位項目で R を押すと復活します）: 最終年度",
                    "Retired with the item above (press R there to reinstate it) after",
                ),
                lang.year(last)
            ));
        }
        let year = core.workspace.revision_year();
        let edit = PlanEdit::RetireNode {
            node: node.id.clone(),
            year,
        };
        if core.workspace.revision_needs_reason(plan) {
            return edits::revise(core, &plan.id, edit);
        }
        let message = format!(
            "{} 「{title}」 ({} {})? (y/n)",
            lang.pick("項目を廃止しますか", "Retire"),
            lang.pick("最終年度", "last year"),
            lang.year(year)
        );
        let edit = Edit::plan_edit(&plan.id, edit);
        Outcome::Open(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))))
    }

    /// `A`: the title input of a new item under the selected node, on the tree only.
    pub fn open_add(&self, core: &Core, screen: Screen) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Tree {
            return go_here(
                core,
                (
                    "項目を選んで A で下位項目を追加します",
                    "Pick a node, then press A to add an item under it",
                ),
            );
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        if let Some(refusal) = retired_refusal(core, plan, &node.id) {
            return refusal;
        }
        let purpose = InputPurpose::NewNode {
            plan: plan.id.clone(),
            parent: node.id.clone(),
        };
        Outcome::Open(Dialog::Input(LineInput::new(purpose, "").required()))
    }

    /// Enter in the new item's title: the item, last under its parent, with the id its
    /// siblings' numbering gives and the parent's lead department (the secretariat changes it
    /// with `kaikaku plan edit` when another department takes it); then the reason, if needed.
    pub fn submit_add(core: &Core, plan_id: &str, parent_id: &str, title: &str) -> Outcome {
        let Some(plan) = core.workspace.plan(plan_id) else {
            return Outcome::Done;
        };
        let mut node = Node::new(next_node_id(plan, Some(parent_id)), title.trim());
        if let Some(parent) = plan.node(parent_id) {
            node.lead.clone_from(&parent.lead);
        }
        let edit = PlanEdit::AddNode {
            parent: Some(parent_id.to_string()),
            position: None,
            node,
        };
        edits::revise(core, plan_id, edit)
    }

    /// `I` on the tree: a new indicator of the selected node.
    pub fn open_add_indicator(&self, core: &Core) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        if let Some(refusal) = retired_refusal(core, plan, &node.id) {
            return refusal;
        }
        plan_forms::open_indicator_add(core, &plan.id, Some(node.id.clone()))
    }

    /// `M`: the choice of a new parent for the selected item, among the items of its
    /// parent's level (so the plan's levels stay as they are); it goes last there. A top-level
    /// item has no parent to change.
    pub fn open_move(&self, core: &Core, screen: Screen) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Tree {
            return go_here(
                core,
                (
                    "項目を選んで M で移動します",
                    "Pick a node, then press M to move it",
                ),
            );
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        let flat = plan.flatten();
        let Some(item) = flat.iter().find(|f| f.node.id == node.id) else {
            return Outcome::Done;
        };
        let current = item
            .parent
            .and_then(|p| flat.get(p))
            .map(|f| f.node.id.as_str());
        let options: Vec<(String, String)> = flat
            .iter()
            .filter(|f| item.depth > 0 && f.depth + 1 == item.depth)
            .filter(|f| f.node.retired.is_none() && Some(f.node.id.as_str()) != current)
            .map(|f| (f.node.id.clone(), format!("{} {}", f.number, f.node.title)))
            .collect();
        if options.is_empty() {
            return Outcome::Notify(
                core.lang
                    .pick(
                        "移動先になる上位項目がありません",
                        "There is no other parent to move this item under",
                    )
                    .into(),
            );
        }
        let purpose = ChoicePurpose::MoveParent {
            plan: plan.id.clone(),
            node: node.id.clone(),
        };
        Outcome::Open(Dialog::Choice(Choice::new(purpose, options, 0)))
    }

    /// `e` / `E`: the title or description editor, on the tree only.
    pub fn open_editor(&self, core: &Core, screen: Screen, title: bool) -> Outcome {
        if let Some(refusal) = core.write_refusal() {
            return Outcome::Notify(refusal);
        }
        if screen != Screen::Tree {
            return Outcome::Done;
        }
        let (Some(plan), Some(node)) = (core.plan(), self.selected(core)) else {
            return Outcome::Done;
        };
        let (plan, id) = (plan.id.clone(), node.id.clone());
        let (purpose, text) = if title {
            (EditorPurpose::Title { plan, node: id }, &node.title)
        } else {
            (
                EditorPurpose::Description { plan, node: id },
                &node.description,
            )
        };
        Outcome::Open(Dialog::Editor(Editor::new(
            purpose,
            &sanitize(text),
            title,
            None,
        )))
    }

    /// `d` / `f`: the department or status filter choice (from anywhere: it shows the tree).
    pub fn open_filter(core: &Core, department: bool) -> Option<Dialog> {
        let settings = core.settings()?;
        let options: Vec<(String, String)> = if department {
            settings
                .departments
                .iter()
                .map(|d| (d.id.clone(), core.department_label(&d.id).to_string()))
                .collect()
        } else {
            // 未設定 first: the question asked most between meetings.
            std::iter::once((
                NO_STATUS.to_string(),
                core.lang.pick("未設定", "No status").to_string(),
            ))
            .chain(
                settings
                    .statuses
                    .iter()
                    .map(|s| (s.id.clone(), core.status_label(&s.id).to_string())),
            )
            .collect()
        };
        let purpose = if department {
            ChoicePurpose::DepartmentFilter
        } else {
            ChoicePurpose::StatusFilter
        };
        Some(Dialog::Choice(Choice::new(purpose, options, 0)))
    }

    /// Enter in one of the tree's choice lists; `None` for a purpose that is not the tree's.
    pub fn choose(&mut self, core: &Core, purpose: ChoicePurpose, id: String) -> Option<Outcome> {
        Some(match purpose {
            ChoicePurpose::Status { plan, node, year } => {
                let note = core
                    .workspace
                    .plan(&plan)
                    .and_then(|p| p.node(&node))
                    .and_then(|n| n.status(year))
                    .and_then(|e| e.note.clone())
                    .unwrap_or_default();
                let purpose = InputPurpose::StatusNote {
                    plan,
                    node,
                    year,
                    status: id,
                };
                Outcome::Open(Dialog::Input(LineInput::new(purpose, note)))
            }
            ChoicePurpose::MoveParent { plan, node } => {
                plan_forms::open_move_position(core, &plan, node, id)
            }
            ChoicePurpose::DepartmentFilter => {
                self.set_filter(Some(Filter::Department(id)));
                Outcome::Done
            }
            ChoicePurpose::StatusFilter if id == NO_STATUS => {
                self.set_filter(Some(Filter::NoStatus));
                Outcome::Done
            }
            ChoicePurpose::StatusFilter => {
                self.set_filter(Some(Filter::Status(id)));
                Outcome::Done
            }
            ChoicePurpose::ResponseStatus { .. }
            | ChoicePurpose::ResponseDepartment { .. }
            | ChoicePurpose::Plan(_) => {
                return None;
            }
        })
    }

    /// Enter in the status note: the status is set, after a confirmation if it goes down.
    pub fn submit_note(
        core: &Core,
        plan: String,
        node: String,
        year: FiscalYear,
        status: String,
        text: &str,
    ) -> Outcome {
        let typed = text.trim();
        let remark = (!typed.is_empty()).then(|| typed.to_string());
        confirm_if_downgrade(
            core,
            plan,
            PlanEdit::SetStatus {
                node,
                year,
                status: Some(status),
                note: remark,
            },
        )
    }

    /// Ctrl-S (or Enter) in the title or description editor.
    pub fn submit_editor(core: &Core, purpose: EditorPurpose, text: &str) -> Outcome {
        match purpose {
            EditorPurpose::Title { plan, node } => {
                let title = text.replace('\n', " ").trim().to_string();
                if title.is_empty() {
                    return Outcome::Notify(
                        core.lang
                            .pick("名称は空にできません", "A title cannot be empty")
                            .into(),
                    );
                }
                Outcome::Apply(Edit::plan_edit(plan, PlanEdit::SetTitle { node, title }))
            }
            EditorPurpose::Description { plan, node } => Outcome::Apply(Edit::plan_edit(
                plan,
                PlanEdit::SetDescription {
                    node,
                    text: text.trim_end().to_string(),
                },
            )),
            // The meeting form is the meeting screen's.
            EditorPurpose::NewMeeting => Outcome::Done,
        }
    }
}

/// Nothing new goes under a retired item (the store would refuse it after the typing): said
/// before the first field opens.
fn retired_refusal(core: &Core, plan: &Plan, node: &str) -> Option<Outcome> {
    let last = plan.retired_after(node)?;
    Some(Outcome::Notify(format!(
        "{} {}",
        core.lang.pick(
            "廃止済みの項目には追加できません（R で復活できます）: 最終年度",
            "Nothing can be added to a retired item (R reinstates it); retired after",
        ),
        core.lang.year(last)
    )))
}

/// Edits act on what a screen selects; from elsewhere, go to the tree and say what to pick.
fn go_here(core: &Core, hint: (&str, &str)) -> Outcome {
    Outcome::Go(Screen::Tree, Some(core.lang.pick(hint.0, hint.1).into()))
}

/// Status downgrades (to a lower category) ask first; everything else applies at once.
fn confirm_if_downgrade(core: &Core, plan: String, edit: PlanEdit) -> Outcome {
    if let PlanEdit::SetStatus {
        node,
        year,
        status: Some(new),
        ..
    } = &edit
    {
        let settings = core.settings();
        let old = core
            .workspace
            .plan(&plan)
            .and_then(|p| p.node(node))
            .and_then(|n| n.status(*year))
            .map(|e| e.status.clone());
        let rank = |id: &str| settings.and_then(|s| s.status(id)).map(|d| d.category);
        if let (Some(old), Some(old_rank), Some(new_rank)) =
            (old.as_deref(), old.as_deref().and_then(rank), rank(new))
            && new_rank < old_rank
        {
            let message = format!(
                "{}: {} → {} (y/n)",
                core.lang
                    .pick("進捗状況を下げますか", "Downgrade the status"),
                core.status_label(old),
                core.status_label(new)
            );
            let edit = Edit::plan_edit(plan, edit);
            return Outcome::Open(Dialog::Confirm(Confirm::new(message, Pending::Edit(edit))));
        }
    }
    Outcome::Apply(Edit::plan_edit(plan, edit))
}

/// The node at a path of child indices.
fn node_at<'a>(plan: &'a Plan, path: &[usize]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut node = plan.nodes.get(*first)?;
    for index in rest {
        node = node.children.get(*index)?;
    }
    Some(node)
}

/// The ids of a node's ancestors, nearest first.
pub fn ancestors_of(plan: &Plan, id: &str) -> Vec<String> {
    let flat = plan.flatten();
    let Some(mut at) = flat.iter().position(|f| f.node.id == id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Some(parent) = flat[at].parent {
        out.push(flat[parent].node.id.clone());
        at = parent;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::tui::screen::sample_core;

    #[test]
    fn adding_an_item_under_the_selected_node() {
        let (_temp, mut core) = sample_core(Language::En);
        let tree = TreeState::default();
        let plan_id = core.plan().expect("plan").id.clone();
        let before = core.plan().expect("plan").clone();
        let parent = tree.selected(&core).expect("a node").clone();
        let Outcome::Open(Dialog::Input(input)) = tree.open_add(&core, Screen::Tree) else {
            panic!("a title input");
        };
        assert!(input.required, "an item needs a title");
        let Outcome::Open(Dialog::Input(reason)) =
            TreeState::submit_add(&core, &plan_id, &parent.id, " デジタル人材の確保 ")
        else {
            panic!("the plan is in force: a reason input");
        };
        let InputPurpose::Reason { edits, .. } = reason.purpose else {
            panic!("a reason");
        };
        let [PlanEdit::AddNode { node, .. }] = edits.as_slice() else {
            panic!("an added node: {edits:?}");
        };
        let id = node.id.clone();
        assert_eq!(node.title, "デジタル人材の確保");
        assert_eq!(node.lead, parent.lead, "the parent's lead department");
        assert!(before.node(&id).is_none(), "a new id: {id}");
        let mut undo = edits::UndoStack::default();
        let add = Edit::Plan {
            plan: plan_id.clone(),
            edits,
            reason: Some("委員の提案".into()),
        };
        edits::apply(&mut core, &mut undo, &add).expect("saved");
        let after = core.workspace.plan(&plan_id).expect("plan");
        let added = after.node(&parent.id).expect("parent").children.last();
        assert_eq!(
            added.map(|n| n.id.as_str()),
            Some(id.as_str()),
            "last under its parent"
        );
        edits::undo(&mut core, &mut undo, true);
        assert_eq!(core.workspace.plan(&plan_id), Some(&before));
    }

    #[test]
    fn moving_offers_the_parents_of_the_same_level() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let mut tree = TreeState::new(core.workspace.plans.iter().map(|p| &p.value));
        tree.refresh(&core);
        let plan_id = core.plan().expect("plan").id.clone();
        let before = core.plan().expect("plan").clone();
        assert!(
            matches!(tree.open_move(&core, Screen::Tree), Outcome::Notify(_)),
            "a top-level item has no other parent"
        );
        tree.move_by(&core, 1);
        let node = tree.selected(&core).expect("a measure").id.clone();
        let Outcome::Open(Dialog::Choice(choice)) = tree.open_move(&core, Screen::Tree) else {
            panic!("a choice of parents");
        };
        assert!(!choice.options.is_empty());
        assert!(
            choice.options.iter().all(|(id, _)| before
                .nodes
                .iter()
                .any(|top| top.id == *id && !top.children.iter().any(|c| c.id == node))),
            "top-level items other than the current parent: {:?}",
            choice.options
        );
        let target = choice.options[0].0.clone();
        // Then the place among the new parent's items: last unless another is chosen.
        let Some(Outcome::Open(Dialog::Choice(place))) =
            tree.choose(&core, choice.purpose, target.clone())
        else {
            panic!("a position choice");
        };
        let siblings = before.node(&target).expect("parent").children.len();
        assert_eq!(place.options.len(), siblings + 1);
        assert_eq!(place.selected, siblings, "last by default");
        let ChoicePurpose::Plan(form) = place.purpose else {
            panic!("a plan form");
        };
        let Outcome::Open(Dialog::Input(first)) = plan_forms::choose(&core, form.clone(), "1")
        else {
            panic!("a reason input");
        };
        let InputPurpose::Reason { edits, .. } = first.purpose else {
            panic!("a reason");
        };
        assert!(matches!(
            edits.as_slice(),
            [PlanEdit::MoveNode {
                position: Some(1),
                ..
            }]
        ));
        let last = place.options[siblings].0.clone();
        let Outcome::Open(Dialog::Input(reason)) = plan_forms::choose(&core, form, &last) else {
            panic!("a reason input");
        };
        let InputPurpose::Reason { edits, .. } = reason.purpose else {
            panic!("a reason");
        };
        let mut undo = edits::UndoStack::default();
        let moved = Edit::Plan {
            plan: plan_id.clone(),
            edits,
            reason: Some("方針の再編".into()),
        };
        edits::apply(&mut core, &mut undo, &moved).expect("saved");
        let after = core.workspace.plan(&plan_id).expect("plan");
        let parent = after.node(&target).expect("new parent");
        assert_eq!(
            parent.children.last().map(|n| n.id.as_str()),
            Some(node.as_str())
        );
        edits::undo(&mut core, &mut undo, true);
        assert_eq!(core.workspace.plan(&plan_id), Some(&before));
    }

    #[test]
    fn retiring_asks_a_reason_records_it_and_undoes() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let tree = TreeState::default();
        let plan_id = core.plan().expect("plan").id.clone();
        let before = core.plan().expect("plan").clone();
        let node = tree.selected(&core).expect("a node").id.clone();
        assert!(matches!(
            tree.open_retire(&core, Screen::Kpi),
            Outcome::Go(Screen::Tree, Some(_))
        ));
        // The sample's plan is in force: the reason input is the confirmation.
        let Outcome::Open(Dialog::Input(input)) = tree.open_retire(&core, Screen::Tree) else {
            panic!("a reason input");
        };
        assert!(input.required);
        let InputPurpose::Reason { edits, .. } = input.purpose else {
            panic!("a reason");
        };
        let year = core.workspace.revision_year();
        assert_eq!(
            edits,
            vec![PlanEdit::RetireNode {
                node: node.clone(),
                year
            }]
        );
        let mut undo = edits::UndoStack::default();
        let retire = Edit::Plan {
            plan: plan_id.clone(),
            edits,
            reason: Some("統合のため".into()),
        };
        edits::apply(&mut core, &mut undo, &retire).expect("saved");
        let after = core.workspace.plan(&plan_id).expect("plan");
        assert_eq!(after.node(&node).expect("kept").retired, Some(year));
        assert!(
            after
                .revisions
                .iter()
                .any(|r| r.item == node && r.reason == "統合のため")
        );
        assert!(
            matches!(tree.open_add(&core, Screen::Tree), Outcome::Notify(ref m) if m.contains("廃止済み")),
            "nothing is added under a retired item"
        );
        assert!(matches!(tree.open_add_indicator(&core), Outcome::Notify(_)));
        // R again on the retired node: its reinstatement, with a reason too.
        let Outcome::Open(Dialog::Input(input)) = tree.open_retire(&core, Screen::Tree) else {
            panic!("a reason input to reinstate");
        };
        let InputPurpose::Reason { edits, .. } = input.purpose else {
            panic!("a reason");
        };
        assert_eq!(edits, vec![PlanEdit::ReinstateNode { node: node.clone() }]);
        let mut open = tree.clone();
        open.expanded.insert(node.clone());
        let rows = open.rows(core.plan(), core.year);
        assert_eq!(rows[0].retired, Some(year), "the row knows it is retired");
        let under: Vec<_> = rows[1..].iter().take_while(|r| r.depth > 0).collect();
        assert!(!under.is_empty());
        assert!(
            under.iter().all(|r| r.retired == Some(year)),
            "its items are retired with it"
        );
        assert!(rows[1 + under.len()..].iter().all(|r| r.retired.is_none()));
        let reinstate = Edit::Plan {
            plan: plan_id.clone(),
            edits,
            reason: Some("再編を取りやめ".into()),
        };
        edits::apply(&mut core, &mut undo, &reinstate).expect("saved");
        let back = core.workspace.plan(&plan_id).expect("plan");
        assert_eq!(back.node(&node).expect("kept").retired, None);
        assert!(
            tree.rows(core.plan(), core.year)
                .iter()
                .all(|r| r.retired.is_none())
        );
        edits::undo(&mut core, &mut undo, true);
        edits::undo(&mut core, &mut undo, true);
        assert_eq!(core.workspace.plan(&plan_id), Some(&before));
    }

    fn state(core: &Core) -> TreeState {
        TreeState::new(core.workspace.plans.iter().map(|p| &p.value))
    }

    #[test]
    fn moves_collapse_and_expand_keep_the_cursor_on_a_row() {
        let (_temp, core) = sample_core(Language::En);
        let mut tree = state(&core);
        let open = tree.rows(core.plan(), core.year).len();
        assert!(open > 1, "the top level is expanded");
        tree.move_by(&core, 1_000);
        assert_eq!(tree.cursor, open - 1);
        tree.move_by(&core, -1_000);
        assert_eq!(tree.cursor, 0);
        tree.collapse(&core);
        let closed = tree.rows(core.plan(), core.year).len();
        assert!(closed < open, "{closed} < {open}");
        tree.expand(&core);
        assert_eq!(tree.rows(core.plan(), core.year).len(), open);
        tree.expand(&core);
        assert_eq!(
            tree.cursor, 1,
            "expanding an open node goes to its first child"
        );
        tree.collapse(&core);
        assert_eq!(tree.cursor, 0, "collapsing a leaf goes to its parent");
    }

    #[test]
    fn the_views_read_the_rows_of_the_last_refresh() {
        let (_temp, core) = sample_core(Language::En);
        let mut tree = state(&core);
        assert!(
            tree.shown_rows(core.plan()).is_empty(),
            "nothing before a refresh"
        );
        tree.refresh(&core);
        let ids =
            |rows: Vec<TreeRow<'_>>| rows.iter().map(|r| r.node.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(tree.shown_rows(core.plan())),
            ids(tree.rows(core.plan(), core.year))
        );
        tree.collapse(&core);
        assert_ne!(
            tree.shown_rows(core.plan()).len(),
            tree.rows(core.plan(), core.year).len(),
            "an update changes the rows; the views see it after the refresh"
        );
        tree.refresh(&core);
        assert_eq!(
            ids(tree.shown_rows(core.plan())),
            ids(tree.rows(core.plan(), core.year))
        );
    }

    #[test]
    fn a_department_filter_keeps_matches_and_their_ancestors() {
        let (_temp, core) = sample_core(Language::En);
        let mut tree = state(&core);
        tree.move_by(&core, 3);
        tree.set_filter(Some(Filter::Department("somu".into())));
        assert_eq!(tree.cursor, 0);
        let rows = tree.rows(core.plan(), core.year);
        assert!(!rows.is_empty());
        let hits = rows
            .iter()
            .filter(|r| {
                r.node
                    .lead
                    .iter()
                    .chain(&r.node.related)
                    .any(|d| d == "somu")
            })
            .count();
        assert!(hits > 0 && rows.iter().all(|r| r.expanded || !r.has_children));
        tree.set_filter(Some(Filter::Department("no-such".into())));
        assert!(tree.rows(core.plan(), core.year).is_empty());
    }

    #[test]
    fn a_filter_on_a_department_that_went_away_is_dropped() {
        let (_temp, mut core) = sample_core(Language::En);
        let mut tree = state(&core);
        tree.set_filter(Some(Filter::Department("somu".into())));
        tree.refresh(&core);
        assert!(tree.filter.is_some());
        let mut stack = edits::UndoStack::default();
        let rename = Edit::Settings(crate::tui::edit::SettingsEdit::EditDepartment {
            id: "somu".into(),
            edit: crate::store::settings_edit::DepartmentEdit {
                id: Some("somu-bu".into()),
                ..Default::default()
            },
        });
        edits::apply(&mut core, &mut stack, &rename).expect("saved");
        tree.refresh(&core);
        assert_eq!(tree.filter, None);
        assert!(!tree.shown_rows(core.plan()).is_empty());
    }

    #[test]
    fn the_no_status_filter_lists_the_nodes_still_without_a_status_for_the_year() {
        let (_temp, mut core) = sample_core(Language::Ja);
        let mut tree = state(&core);
        let Some(Dialog::Choice(choice)) = TreeState::open_filter(&core, false) else {
            panic!("a status filter choice");
        };
        assert_eq!(choice.options[0].1, "未設定", "未設定 comes first");
        let id = choice.options[0].0.clone();
        tree.choose(&core, choice.purpose, id);
        assert_eq!(tree.filter, Some(Filter::NoStatus));
        let all = core.plan().expect("plan").flatten().len();
        assert_eq!(
            tree.rows(core.plan(), core.year).len(),
            all,
            "the 2027 plan has no status yet: every node is still to be set"
        );
        // Give one leaf a status: it leaves the list, the rest stays.
        let plan = core.plan().expect("plan").clone();
        let leaf = plan
            .flatten()
            .iter()
            .rev()
            .find(|f| f.node.children.is_empty())
            .map(|f| f.node.id.clone())
            .expect("a leaf");
        let year = core.year;
        let status = core.settings().expect("settings").statuses[0].id.clone();
        core.workspace
            .plan_mut(&plan.id)
            .and_then(|p| p.node_mut(&leaf))
            .expect("leaf")
            .set_status(crate::model::StatusEntry {
                year,
                status,
                note: None,
            });
        let rows = tree.rows(core.plan(), core.year);
        assert_eq!(rows.len(), all - 1);
        assert!(rows.iter().all(|r| r.node.id != leaf));
        // Another year: nothing is set there, so the leaf is listed again.
        assert_eq!(tree.rows(core.plan(), FiscalYear(year.0 + 1)).len(), all);
    }

    #[test]
    fn status_goes_to_the_tree_first_then_chooses_then_asks_for_a_note() {
        let (_temp, core) = sample_core(Language::En);
        let mut tree = state(&core);
        let Outcome::Go(Screen::Tree, Some(hint)) = tree.open_status(&core, Screen::Kpi) else {
            panic!("from another screen, go to the tree");
        };
        assert!(hint.contains("press s"), "{hint}");
        let Outcome::Open(Dialog::Choice(choice)) = tree.open_status(&core, Screen::Tree) else {
            panic!("a status choice");
        };
        assert!(!choice.options.is_empty());
        let id = choice.options[0].0.clone();
        let Some(Outcome::Open(Dialog::Input(input))) = tree.choose(&core, choice.purpose, id)
        else {
            panic!("the note comes next");
        };
        assert!(matches!(input.purpose, InputPurpose::StatusNote { .. }));
    }

    #[test]
    fn a_downgrade_is_confirmed_and_an_empty_title_refused() {
        let (_temp, core) = sample_core(Language::Ja);
        let settings = core.settings().expect("settings");
        let mut ranked: Vec<_> = settings.statuses.iter().collect();
        ranked.sort_by_key(|s| s.category);
        let (low, high) = (ranked[0].id.clone(), ranked[ranked.len() - 1].id.clone());
        assert_ne!(
            ranked[0].category,
            ranked[ranked.len() - 1].category,
            "the sample ranks its statuses"
        );
        let plan = core.plan().expect("plan").clone();
        let node = plan.nodes[0].id.clone();
        // A node with the high status set, then the low one asked for.
        let mut core = core;
        if let Some(slot) = core.workspace.plan_mut(&plan.id) {
            slot.node_mut(&node)
                .expect("node")
                .set_status(crate::model::StatusEntry {
                    year: core.year,
                    status: high.clone(),
                    note: None,
                });
        }
        let down = TreeState::submit_note(&core, plan.id.clone(), node.clone(), core.year, low, "");
        assert!(
            matches!(down, Outcome::Open(Dialog::Confirm(_))),
            "{down:?}"
        );
        let same = TreeState::submit_note(
            &core,
            plan.id.clone(),
            node.clone(),
            core.year,
            high,
            " 順調 ",
        );
        let Outcome::Apply(Edit::Plan { edits, .. }) = same else {
            panic!("no downgrade applies at once: {same:?}");
        };
        let [PlanEdit::SetStatus { note, .. }] = edits.as_slice() else {
            panic!("a status: {edits:?}");
        };
        assert_eq!(note.as_deref(), Some("順調"));
        let empty = TreeState::submit_editor(
            &core,
            EditorPurpose::Title {
                plan: plan.id.clone(),
                node,
            },
            " \n ",
        );
        assert!(
            matches!(empty, Outcome::Notify(ref m) if m.contains("空")),
            "{empty:?}"
        );
    }

    #[test]
    fn writes_are_refused_on_a_read_only_workspace() {
        let (_temp, mut core) = sample_core(Language::En);
        core.workspace.set_read_only(("テスト", "a test"));
        let tree = state(&core);
        assert!(matches!(
            tree.open_status(&core, Screen::Tree),
            Outcome::Notify(ref m) if m.contains("Read-only")
        ));
        assert!(matches!(
            tree.open_editor(&core, Screen::Tree, true),
            Outcome::Notify(_)
        ));
    }
}
