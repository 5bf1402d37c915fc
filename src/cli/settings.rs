//! `kaikaku settings department|member …`: departments and committee rosters in
//! `kaikaku.ron`, edited with references following (see `store::settings_edit`).

use super::{CliError, CliResult, Context, print};
use crate::model::settings::{Department, Member};
use crate::model::{Language, Settings, sanitize_inline};
use crate::store::Workspace;
use crate::store::settings_edit::{DepartmentEdit, MemberEdit};

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// List, add, rename or remove departments (局・区・課).
    #[command(subcommand)]
    Department(DepartmentCommand),
    /// List, add, edit or remove members of a committee's roster.
    #[command(subcommand)]
    Member(MemberCommand),
}

#[derive(Debug, clap::Subcommand)]
pub enum DepartmentCommand {
    /// The departments with their ids.
    List,
    /// Add a department.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        name_en: Option<String>,
    },
    /// Rename a department (a reorganisation); with --id, every plan and response follows.
    ///
    /// Example: kaikaku settings department edit somu --id somu-gyosei --name 総務行政局
    Edit {
        id: String,
        /// The new id; plans and responses naming the old one are rewritten.
        #[arg(long = "id", value_name = "NEW_ID")]
        new_id: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        name_en: Option<String>,
    },
    /// Remove a department no plan or response names.
    Remove { id: String },
}

#[derive(Debug, clap::Subcommand)]
pub enum MemberCommand {
    /// The roster of a committee.
    List {
        #[arg(long)]
        committee: Option<String>,
    },
    /// Add a member to a committee's roster.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        /// 会長, 副会長, 委員 …
        #[arg(long)]
        role: String,
        /// 所属・役職.
        #[arg(long)]
        affiliation: Option<String>,
        /// The label printed as the speaker in the minutes (澤田会長, 加藤委員).
        #[arg(long)]
        label: Option<String>,
        /// The reading of the name in kana (さわだ みちお): the TUI's speaker picker finds
        /// the member by it.
        #[arg(long)]
        reading: Option<String>,
        /// Committee id (default: the workspace's only committee).
        #[arg(long)]
        committee: Option<String>,
    },
    /// Change a member's name, role, affiliation or printed label; draft meetings follow.
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        affiliation: Option<String>,
        /// The label printed as the speaker in the minutes (澤田会長); empty removes it.
        #[arg(long)]
        label: Option<String>,
        /// The reading of the name in kana (さわだ みちお); empty removes it.
        #[arg(long)]
        reading: Option<String>,
        #[arg(long)]
        committee: Option<String>,
    },
    /// Remove a member no meeting lists.
    Remove {
        id: String,
        #[arg(long)]
        committee: Option<String>,
    },
}

/// The committee meant: the one named, else the workspace's only one.
fn committee(
    settings: Option<&Settings>,
    lang: Language,
    named: Option<&String>,
) -> Result<String, CliError> {
    if let Some(id) = named {
        return Ok(id.clone());
    }
    match settings
        .map(|s| s.committees.as_slice())
        .unwrap_or_default()
    {
        [only] => Ok(only.id.clone()),
        _ => Err(CliError::usage(
            lang.pick(
                "委員会を --committee で指定してください",
                "name the committee with --committee",
            ),
            Some(lang.pick(
                super::meeting::COMMITTEES_LISTED.0,
                super::meeting::COMMITTEES_LISTED.1,
            )),
        )),
    }
}

fn saved(lang: Language, what: &str, rewritten: &[String]) -> String {
    let mut out = format!("{}: {what}\n", crate::store::SETTINGS_FILE);
    for path in rewritten {
        out.push_str(&format!(
            "{}: {}\n",
            sanitize_inline(path),
            lang.pick("参照を更新", "references updated")
        ));
    }
    out
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let listing = matches!(
        what,
        What::Department(DepartmentCommand::List) | What::Member(MemberCommand::List { .. })
    );
    if listing {
        let workspace = context.open()?;
        print(&list(&workspace, context.language(&workspace), what)?);
        return Ok(());
    }
    context.writable("settings")?;
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    let out = match what {
        What::Department(command) => department(&mut workspace, lang, command)?,
        What::Member(command) => member(&mut workspace, lang, command)?,
    };
    print(&out);
    Ok(())
}

fn department(
    workspace: &mut Workspace,
    lang: Language,
    command: &DepartmentCommand,
) -> Result<String, CliError> {
    Ok(match command {
        DepartmentCommand::List => String::new(),
        DepartmentCommand::Add { id, name, name_en } => {
            workspace.add_department(Department {
                id: id.clone(),
                name: name.trim().to_string(),
                name_en: name_en.clone(),
            })?;
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("部局追加", "department added"),
                    sanitize_inline(id)
                ),
                &[],
            )
        }
        DepartmentCommand::Edit {
            id,
            new_id,
            name,
            name_en,
        } => {
            let rewritten = workspace.edit_department(
                id,
                &DepartmentEdit {
                    id: new_id.clone(),
                    name: name.clone(),
                    name_en: name_en
                        .clone()
                        .map(|n| Some(n).filter(|n| !n.trim().is_empty())),
                },
            )?;
            let shown = new_id.as_deref().unwrap_or(id);
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("部局変更", "department edited"),
                    sanitize_inline(shown)
                ),
                &rewritten,
            )
        }
        DepartmentCommand::Remove { id } => {
            workspace.remove_department(id)?;
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("部局削除", "department removed"),
                    sanitize_inline(id)
                ),
                &[],
            )
        }
    })
}

fn member(
    workspace: &mut Workspace,
    lang: Language,
    command: &MemberCommand,
) -> Result<String, CliError> {
    Ok(match command {
        MemberCommand::List { .. } => String::new(),
        MemberCommand::Add {
            id,
            name,
            role,
            affiliation,
            label,
            reading,
            committee: named,
        } => {
            let committee = committee(workspace.settings(), lang, named.as_ref())?;
            workspace.add_member(
                &committee,
                Member {
                    id: id.clone(),
                    name: name.trim().to_string(),
                    role: role.trim().to_string(),
                    affiliation: affiliation.clone(),
                    label: label.as_deref().map(str::trim).map(str::to_string),
                    reading: reading
                        .as_deref()
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_string),
                },
            )?;
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("委員追加", "member added"),
                    sanitize_inline(id)
                ),
                &[],
            )
        }
        MemberCommand::Edit {
            id,
            name,
            role,
            affiliation,
            label,
            reading,
            committee: named,
        } => {
            let committee = committee(workspace.settings(), lang, named.as_ref())?;
            let rewritten = workspace.edit_member(
                &committee,
                id,
                &MemberEdit {
                    name: name.clone(),
                    role: role.clone(),
                    affiliation: affiliation
                        .clone()
                        .map(|a| Some(a).filter(|a| !a.trim().is_empty())),
                    label: label
                        .as_deref()
                        .map(|l| Some(l.trim().to_string()).filter(|l| !l.is_empty())),
                    reading: reading
                        .as_deref()
                        .map(|r| Some(r.trim().to_string()).filter(|r| !r.is_empty())),
                },
            )?;
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("委員変更", "member edited"),
                    sanitize_inline(id)
                ),
                &rewritten,
            )
        }
        MemberCommand::Remove {
            id,
            committee: named,
        } => {
            let committee = committee(workspace.settings(), lang, named.as_ref())?;
            workspace.remove_member(&committee, id)?;
            saved(
                lang,
                &format!(
                    "{} {}",
                    lang.pick("委員削除", "member removed"),
                    sanitize_inline(id)
                ),
                &[],
            )
        }
    })
}

fn list(workspace: &Workspace, lang: Language, what: &What) -> Result<String, CliError> {
    let settings = workspace.settings();
    let rows: Vec<Vec<String>> = match what {
        What::Department(_) => settings
            .map(|s| s.departments.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|d| {
                vec![
                    d.id.clone(),
                    sanitize_inline(&d.name),
                    sanitize_inline(d.name_en.as_deref().unwrap_or("")),
                ]
            })
            .collect(),
        What::Member(MemberCommand::List { committee: named }) => {
            let id = committee(settings, lang, named.as_ref())?;
            settings
                .and_then(|s| s.committee(&id))
                .map(|c| c.members.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|m| {
                    vec![
                        m.id.clone(),
                        sanitize_inline(&m.name),
                        sanitize_inline(&m.role),
                        sanitize_inline(m.affiliation.as_deref().unwrap_or("")),
                    ]
                })
                .collect()
        }
        What::Member(_) => Vec::new(),
    };
    let header: &[&str] = match what {
        What::Department(_) => &[
            "ID",
            lang.pick("名称", "Name"),
            lang.pick("英語名", "English name"),
        ],
        What::Member(_) => &[
            "ID",
            lang.pick("氏名", "Name"),
            lang.pick("役職", "Role"),
            lang.pick("所属", "Affiliation"),
        ],
    };
    Ok(crate::text::table(header, &rows, &[]))
}
