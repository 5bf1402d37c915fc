//! Editing the workspace's departments and committee rosters (`kaikaku settings …`), with
//! references following: a department whose id changes in a reorganisation is renamed in
//! every plan and response that names it; a member's new name or role reaches the draft
//! meetings that list them (confirmed minutes are never touched). Removing something still
//! referenced is refused, naming where.
//!
//! Every step leaves a workspace that passes `kaikaku check`: a renamed department is first
//! added under its new id, then the references move, then the old id goes. A crash between
//! two files leaves both ids defined, never a dangling reference.

use super::workspace::Workspace;
use crate::error::{Error, Result};
use crate::model::meeting::MeetingStatus;
use crate::model::settings::{Department, Member};
use crate::model::validate::check_id;
use crate::model::{Settings, sanitize_inline};

/// A change to a department; `None` keeps a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepartmentEdit {
    /// A new id (a reorganisation): plans and responses follow.
    pub id: Option<String>,
    pub name: Option<String>,
    /// `Some(None)` removes the English name.
    pub name_en: Option<Option<String>>,
}

/// A change to a roster member; `None` keeps a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberEdit {
    pub name: Option<String>,
    pub role: Option<String>,
    /// `Some(None)` removes the affiliation.
    pub affiliation: Option<Option<String>>,
    /// The printed speaker label (澤田会長); `Some(None)` removes it.
    pub label: Option<Option<String>>,
    /// The reading in kana (さわだ みちお); `Some(None)` removes it.
    pub reading: Option<Option<String>>,
}

impl Workspace {
    fn settings_value(&self) -> Result<Settings> {
        self.settings().cloned().ok_or_else(|| Error::Broken {
            path: super::SETTINGS_FILE.into(),
        })
    }

    fn put_settings(&mut self, settings: Settings) -> Result<()> {
        if let Some(loaded) = &mut self.settings {
            loaded.value = settings;
        }
        self.save_settings()
    }

    /// Adds a department to `kaikaku.ron`.
    pub fn add_department(&mut self, department: Department) -> Result<()> {
        check_id(&department.id).map_err(Error::UnsafeId)?;
        if department.name.trim().is_empty() {
            return Err(Error::Invalid(
                ("所管局には名称が必要です", "a department needs a name").into(),
            ));
        }
        let mut settings = self.settings_value()?;
        if settings.department(&department.id).is_some() {
            let id = sanitize_inline(&department.id);
            return Err(Error::Invalid(crate::text!(
                "所管局「{id}」はすでにあります",
                "department \"{id}\" already exists"
            )));
        }
        settings.departments.push(department);
        self.put_settings(settings)
    }

    /// Renames or edits a department. Returns the files whose references were rewritten.
    pub fn edit_department(&mut self, id: &str, edit: &DepartmentEdit) -> Result<Vec<String>> {
        let mut settings = self.settings_value()?;
        let Some(index) = settings.departments.iter().position(|d| d.id == id) else {
            return Err(Error::NotFound {
                what: "department",
                id: id.into(),
            });
        };
        let mut department = settings.departments[index].clone();
        if let Some(name) = &edit.name {
            if name.trim().is_empty() {
                return Err(Error::Invalid(
                    ("所管局には名称が必要です", "a department needs a name").into(),
                ));
            }
            department.name = name.trim().to_string();
        }
        if let Some(name_en) = &edit.name_en {
            department.name_en.clone_from(name_en);
        }
        let new_id = edit.id.as_deref().filter(|new| *new != id);
        let Some(new_id) = new_id else {
            settings.departments[index] = department;
            self.put_settings(settings)?;
            return Ok(Vec::new());
        };
        check_id(new_id).map_err(Error::UnsafeId)?;
        if settings.department(new_id).is_some() {
            let id = sanitize_inline(new_id);
            return Err(Error::Invalid(crate::text!(
                "所管局「{id}」はすでにあります",
                "department \"{id}\" already exists"
            )));
        }
        // A broken plan or responses file might name the department; it cannot be rewritten,
        // so nothing is.
        if let Some(broken) = self.load_errors.iter().find(|d| {
            d.path.starts_with(super::PLANS_DIR) || d.path.starts_with(super::RESPONSES_DIR)
        }) {
            return Err(Error::Broken {
                path: broken.path.clone(),
            });
        }
        department.id = new_id.to_string();
        // 1. Both ids defined.
        settings.departments.insert(index + 1, department);
        self.put_settings(settings.clone())?;
        // 2. The references move.
        let mut rewritten = Vec::new();
        let plans: Vec<_> = self.plans.iter().map(|p| p.value.clone()).collect();
        for mut plan in plans {
            let mut changed = false;
            rename_in_nodes(&mut plan.nodes, id, new_id, &mut changed);
            if changed {
                rewritten.push(format!("{}/{}.ron", super::PLANS_DIR, plan.id));
                self.save_plan(plan)?;
            }
        }
        let files: Vec<_> = self.responses.iter().map(|r| r.value.clone()).collect();
        for mut file in files {
            let mut changed = false;
            for response in &mut file.responses {
                if response.department.as_deref() == Some(id) {
                    response.department = Some(new_id.to_string());
                    changed = true;
                }
            }
            if changed {
                rewritten.push(format!("{}/{}.ron", super::RESPONSES_DIR, file.meeting));
                self.save_responses(file)?;
            }
        }
        // 3. The old id goes.
        settings.departments.remove(index);
        self.put_settings(settings)?;
        Ok(rewritten)
    }

    /// Where a department is still named: `plan/node` and `responses/meeting/statement`.
    pub fn department_references(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        for plan in &self.plans {
            for flat in plan.value.flatten() {
                if flat
                    .node
                    .lead
                    .iter()
                    .chain(&flat.node.related)
                    .any(|d| d == id)
                {
                    out.push(format!("{}/{}", plan.value.id, flat.node.id));
                }
            }
        }
        for file in &self.responses {
            for response in &file.value.responses {
                if response.department.as_deref() == Some(id) {
                    out.push(format!(
                        "responses/{}/{}",
                        file.value.meeting, response.statement
                    ));
                }
            }
        }
        out
    }

    /// Removes a department no plan or response names any more.
    pub fn remove_department(&mut self, id: &str) -> Result<()> {
        let mut settings = self.settings_value()?;
        let Some(index) = settings.departments.iter().position(|d| d.id == id) else {
            return Err(Error::NotFound {
                what: "department",
                id: id.into(),
            });
        };
        let references = self.department_references(id);
        if !references.is_empty() {
            let (id, by) = (sanitize_inline(id), sanitize_inline(&references.join(", ")));
            return Err(Error::Invalid(crate::text!(
                "所管局「{id}」はまだ {by} で使われています",
                "department \"{id}\" is still named by {by}"
            )));
        }
        settings.departments.remove(index);
        self.put_settings(settings)
    }

    /// Adds a member to a committee's roster.
    pub fn add_member(&mut self, committee: &str, member: Member) -> Result<()> {
        check_id(&member.id).map_err(Error::UnsafeId)?;
        if member.name.trim().is_empty() {
            return Err(Error::Invalid(
                ("委員には氏名が必要です", "a member needs a name").into(),
            ));
        }
        let mut settings = self.settings_value()?;
        let roster = roster_mut(&mut settings, committee)?;
        if roster.iter().any(|m| m.id == member.id) {
            let id = sanitize_inline(&member.id);
            return Err(Error::Invalid(crate::text!(
                "委員「{id}」はすでに名簿にあります",
                "member \"{id}\" is already on the roster"
            )));
        }
        roster.push(member);
        self.put_settings(settings)
    }

    /// Edits a member; a new name or role reaches the draft meetings that list them with the
    /// old one. Returns the meeting files rewritten.
    pub fn edit_member(
        &mut self,
        committee: &str,
        id: &str,
        edit: &MemberEdit,
    ) -> Result<Vec<String>> {
        let mut settings = self.settings_value()?;
        let roster = roster_mut(&mut settings, committee)?;
        let member = roster
            .iter_mut()
            .find(|m| m.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "member",
                id: id.into(),
            })?;
        let old = member.clone();
        if let Some(name) = &edit.name {
            if name.trim().is_empty() {
                return Err(Error::Invalid(
                    ("委員には氏名が必要です", "a member needs a name").into(),
                ));
            }
            member.name = name.trim().to_string();
        }
        if let Some(role) = &edit.role {
            member.role = role.trim().to_string();
        }
        if let Some(affiliation) = &edit.affiliation {
            member.affiliation.clone_from(affiliation);
        }
        if let Some(label) = &edit.label {
            member.label.clone_from(label);
        }
        if let Some(reading) = &edit.reading {
            member.reading.clone_from(reading);
        }
        let new = member.clone();
        self.put_settings(settings)?;
        let mut rewritten = Vec::new();
        let drafts: Vec<_> = self
            .meetings
            .iter()
            .map(|m| m.value.clone())
            .filter(|m| m.committee == committee && m.status == MeetingStatus::Draft)
            .collect();
        for mut meeting in drafts {
            let mut changed = false;
            for attendee in &mut meeting.attendees {
                if attendee.member.as_deref() != Some(id) {
                    continue;
                }
                if attendee.name == old.name && attendee.name != new.name {
                    attendee.name.clone_from(&new.name);
                    changed = true;
                }
                if attendee.role == old.role && attendee.role != new.role {
                    attendee.role.clone_from(&new.role);
                    changed = true;
                }
                if attendee.label == old.label && attendee.label != new.label {
                    attendee.label.clone_from(&new.label);
                    changed = true;
                }
            }
            if changed {
                rewritten.push(format!("{}/{}.ron", super::MINUTES_DIR, meeting.id));
                self.save_meeting(meeting)?;
            }
        }
        Ok(rewritten)
    }

    /// Removes a member no meeting lists.
    pub fn remove_member(&mut self, committee: &str, id: &str) -> Result<()> {
        let mut settings = self.settings_value()?;
        let roster = roster_mut(&mut settings, committee)?;
        let Some(index) = roster.iter().position(|m| m.id == id) else {
            return Err(Error::NotFound {
                what: "member",
                id: id.into(),
            });
        };
        let meetings: Vec<&str> = self
            .meetings
            .iter()
            .filter(|m| {
                m.value
                    .attendees
                    .iter()
                    .any(|a| a.member.as_deref() == Some(id))
            })
            .map(|m| m.value.id.as_str())
            .collect();
        if !meetings.is_empty() {
            let (id, at) = (sanitize_inline(id), sanitize_inline(&meetings.join(", ")));
            return Err(Error::Invalid(crate::text!(
                "委員「{id}」は {at} に出席しています。議事録が名簿の記載を使い続けます",
                "member \"{id}\" attends {at}; the minutes keep the roster entry"
            )));
        }
        roster.remove(index);
        self.put_settings(settings)
    }
}

/// Renames a department in the lead and related lists of a subtree.
fn rename_in_nodes(nodes: &mut [crate::model::Node], from: &str, to: &str, changed: &mut bool) {
    for node in nodes {
        for list in [&mut node.lead, &mut node.related] {
            for department in list.iter_mut() {
                if department == from {
                    to.clone_into(department);
                    *changed = true;
                }
            }
        }
        rename_in_nodes(&mut node.children, from, to, changed);
    }
}

fn roster_mut<'a>(settings: &'a mut Settings, committee: &str) -> Result<&'a mut Vec<Member>> {
    settings
        .committees
        .iter_mut()
        .find(|c| c.id == committee)
        .map(|c| &mut c.members)
        .ok_or_else(|| Error::NotFound {
            what: "committee",
            id: committee.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (tempfile::TempDir, Workspace) {
        let temp = tempfile::tempdir().expect("tempdir");
        crate::store::sample::write_sample(temp.path()).expect("sample");
        let workspace = Workspace::load(temp.path()).expect("load");
        (temp, workspace)
    }

    #[test]
    fn a_renamed_department_is_followed_everywhere() {
        let (temp, mut workspace) = sample();
        assert!(!workspace.department_references("somu").is_empty());
        let rewritten = workspace
            .edit_department(
                "somu",
                &DepartmentEdit {
                    id: Some("somu-gyosei".into()),
                    name: Some("総務行政局".into()),
                    name_en: None,
                },
            )
            .expect("rename");
        assert!(
            rewritten.iter().any(|p| p.starts_with("plans/")),
            "{rewritten:?}"
        );
        let reloaded = Workspace::load(temp.path()).expect("load");
        assert!(reloaded.check().is_empty(), "{:?}", reloaded.check());
        assert!(reloaded.department_references("somu").is_empty());
        assert!(!reloaded.department_references("somu-gyosei").is_empty());
        let settings = reloaded.settings().expect("settings");
        assert!(settings.department("somu").is_none());
        assert_eq!(
            settings.department("somu-gyosei").map(|d| d.name.as_str()),
            Some("総務行政局")
        );
        let mut reloaded = reloaded;
        let refused = reloaded.remove_department("somu-gyosei");
        assert!(matches!(refused, Err(Error::Invalid(m)) if m.en.contains("still named")));
    }

    #[test]
    fn members_are_added_edited_and_kept_while_minutes_list_them() {
        let (_temp, mut workspace) = sample();
        let committee = "kaikaku-suishin";
        workspace
            .add_member(
                committee,
                Member {
                    id: "new".into(),
                    name: "新委員".into(),
                    role: "委員".into(),
                    affiliation: None,
                    label: None,
                    reading: None,
                },
            )
            .expect("add");
        workspace
            .edit_member(
                committee,
                "new",
                &MemberEdit {
                    role: Some("副会長".into()),
                    ..MemberEdit::default()
                },
            )
            .expect("edit");
        let roster = &workspace
            .settings()
            .expect("settings")
            .committee(committee)
            .expect("c")
            .members;
        assert_eq!(roster.last().map(|m| m.role.as_str()), Some("副会長"));
        let label_of = |workspace: &Workspace| {
            workspace
                .settings()
                .and_then(|s| s.committee(committee))
                .and_then(|c| c.members.last())
                .and_then(|m| m.label.clone())
        };
        let label = |label: Option<&str>| MemberEdit {
            label: Some(label.map(str::to_string)),
            ..MemberEdit::default()
        };
        workspace
            .edit_member(committee, "new", &label(Some("新副会長")))
            .expect("label");
        assert_eq!(label_of(&workspace).as_deref(), Some("新副会長"));
        let reading_of = |workspace: &Workspace| {
            workspace
                .settings()
                .and_then(|s| s.committee(committee))
                .and_then(|c| c.members.last())
                .and_then(|m| m.reading.clone())
        };
        let reading = |reading: Option<&str>| MemberEdit {
            reading: Some(reading.map(str::to_string)),
            ..MemberEdit::default()
        };
        workspace
            .edit_member(committee, "new", &reading(Some("しん いいん")))
            .expect("reading");
        assert_eq!(reading_of(&workspace).as_deref(), Some("しん いいん"));
        assert_eq!(
            label_of(&workspace).as_deref(),
            Some("新副会長"),
            "label kept"
        );
        workspace
            .edit_member(committee, "new", &reading(None))
            .expect("reading removed");
        assert_eq!(reading_of(&workspace), None);
        workspace
            .edit_member(committee, "new", &label(None))
            .expect("label removed");
        assert_eq!(label_of(&workspace), None);
        workspace.remove_member(committee, "new").expect("remove");
        let listed = workspace.remove_member(committee, "sawada");
        assert!(
            matches!(listed, Err(Error::Invalid(m)) if m.en.contains("2021-03-22")),
            "the sample minutes list the chair"
        );
    }
}
