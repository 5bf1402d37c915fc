//! `kaikaku meeting new`: prepare a draft meeting (header, the committee's roster as
//! attendees, the secretariat, materials, agenda) ready for live recording in the TUI;
//! `confirm` and `publish` move the minutes along their lifecycle; `export`, `import`.

use chrono::NaiveDate;

use super::{CliError, CliResult, Context};
use crate::model::sanitize_inline;

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Create a draft meeting with the committee's members as attendees.
    New(NewArgs),
    /// The minutes as published: 議事録（要旨） text (md), HTML, Word (docx), Akoma Ntoso XML
    /// or Popolo JSON.
    ///
    /// Example: kaikaku meeting export 2021-03-22-kaikaku-suishin-1 --format docx --output 議事録.docx
    Export {
        /// Meeting id (file name under minutes/ without .ron).
        id: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// Replace member names by 委員A, 委員B … (the chair stays 会長), in the text too.
        #[arg(long)]
        anonymize: bool,
        /// Write to FILE (atomically) instead of standard output; required for docx.
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Change a draft meeting's header after creation: times, place, attendance, officials,
    /// materials, agenda. Everything is applied and checked together; on any error nothing
    /// is written.
    ///
    /// Example: kaikaku meeting edit 2024-07-30-kaikaku-suishin-1 --end 15:30
    /// --attendance kato=proxy:山田花子 --official 田中一郎:説明員:総務局 --material 資料2=DX計画:12
    Edit(EditArgs),
    /// Confirm draft minutes (確定): from then on they cannot change.
    ///
    /// Refused while `kaikaku check` finds problems in them or a crashed meeting screen left
    /// statements in the live journal. Commit afterwards so `audit` guards the confirmed text.
    Confirm {
        /// Meeting id (file name under minutes/ without .ron).
        id: String,
    },
    /// Mark confirmed minutes as published (公開) on the city's site.
    Publish {
        /// Meeting id (file name under minutes/ without .ron).
        id: String,
    },
    /// Read published minutes (text in any common layout, Word .docx, PDF via pdftotext)
    /// into a new draft meeting.
    Import(super::meeting_import::ImportArgs),
}

/// `--format` of `minutes export`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Docx,
    Akn,
    Popolo,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Committee id from kaikaku.ron (default: the only committee).
    #[arg(long)]
    pub committee: Option<String>,
    /// Date of the meeting, YYYY-MM-DD.
    #[arg(long)]
    pub date: NaiveDate,
    /// Title, e.g. 第1回市役所改革推進委員会.
    #[arg(long)]
    pub title: String,
    /// 第N回 within the fiscal year.
    #[arg(long)]
    pub number: Option<u32>,
    #[arg(long, default_value = "")]
    pub place: String,
    /// Start time, HH:MM.
    #[arg(long)]
    pub start: Option<String>,
    /// A distributed material as ID=TITLE (repeatable), e.g. 資料1=市役所改革の取組状況.
    #[arg(long = "material", value_name = "ID=TITLE")]
    pub materials: Vec<String>,
    /// An agenda item (repeatable), in order.
    #[arg(long = "agenda", value_name = "TITLE")]
    pub agenda: Vec<String>,
    /// Who speaks for the secretariat (an ad-hoc attendee), e.g. 改革推進課長.
    #[arg(long, default_value = "事務局")]
    pub secretariat: String,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// Meeting id (file name under minutes/ without .ron).
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    /// Place; an empty value clears it.
    #[arg(long)]
    pub place: Option<String>,
    /// Start time HH:MM; an empty value clears it.
    #[arg(long, value_name = "HH:MM")]
    pub start: Option<String>,
    /// End time HH:MM; an empty value clears it.
    #[arg(long, value_name = "HH:MM")]
    pub end: Option<String>,
    /// How an attendee took part (repeatable): ID=present, absent, online or proxy:NAME
    /// (represented by NAME, 代理出席). IDs are the attendee ids in the minutes file.
    #[arg(long = "attendance", value_name = "ID=HOW")]
    pub attendance: Vec<String>,
    /// An official (説明員) as NAME:ROLE[:DEPARTMENT] (repeatable); the same name again
    /// updates the role and department. ROLE may be empty (説明員).
    #[arg(long = "official", value_name = "NAME:ROLE[:DEPT]")]
    pub officials: Vec<String>,
    /// A material as ID=TITLE[:PAGES] (repeatable); an existing ID is retitled.
    #[arg(long = "material", value_name = "ID=TITLE[:PAGES]")]
    pub materials: Vec<String>,
    /// Append an agenda item (repeatable), in order.
    #[arg(long = "agenda", value_name = "TITLE")]
    pub agenda: Vec<String>,
    /// Remove an attendee, material or agenda item by id (repeatable); refused while a
    /// statement refers to it.
    #[arg(long = "remove", value_name = "ID")]
    pub remove: Vec<String>,
}

pub fn run(context: &Context, what: &What) -> CliResult {
    match what {
        What::New(args) => new(context, args),
        What::Export {
            id,
            format,
            anonymize,
            output,
        } => export(context, id, *format, *anonymize, output.as_deref()),
        What::Import(args) => super::meeting_import::run(context, args),
        What::Edit(args) => super::meeting_edit::edit(context, args),
        What::Confirm { id } => confirm(context, id),
        What::Publish { id } => publish(context, id),
    }
}

fn new(context: &Context, args: &NewArgs) -> CliResult {
    let (mut workspace, _lock) = context.open_for_write()?;
    let settings = workspace.settings().ok_or_else(|| {
        CliError::text(
            &("kaikaku.ron を読み込めません", "kaikaku.ron does not load").into(),
            Some(&("`kaikaku check` を実行してください", "run `kaikaku check`").into()),
        )
    })?;
    let committee = match &args.committee {
        Some(id) => settings.committee(id).ok_or_else(|| {
            let id = sanitize_inline(id);
            CliError::text(
                &crate::text!("委員会「{id}」はありません", "no committee \"{id}\""),
                Some(&COMMITTEES_LISTED.into()),
            )
        })?,
        None => match settings.committees.as_slice() {
            [only] => only,
            _ => {
                return Err(CliError::text(
                    &(
                        "委員会が複数あります。どの委員会ですか",
                        "several committees: which one?",
                    )
                        .into(),
                    Some(&("--committee ID を指定してください", "pass --committee ID").into()),
                ));
            }
        },
    };
    let id = crate::model::meeting_draft::meeting_id(args.date, &committee.id, args.number);
    if workspace.meeting(&id).is_some() {
        return Err(CliError::text(
            &crate::text!("会議 {id} はすでにあります", "meeting {id} already exists"),
            Some(
                &(
                    "同じ日の会議は --number で区別してください",
                    "pass --number to tell meetings of one day apart",
                )
                    .into(),
            ),
        ));
    }
    let materials = args
        .materials
        .iter()
        .map(|spec| {
            let (id, title) = spec.split_once('=').ok_or_else(|| {
                let spec = sanitize_inline(spec);
                CliError::text(
                    &crate::text!(
                        "--material {spec} が ID=題名 の形ではありません",
                        "--material {spec} is not ID=TITLE"
                    ),
                    Some(
                        &(
                            "例: --material 資料1=取組状況",
                            "e.g. --material 資料1=取組状況",
                        )
                            .into(),
                    ),
                )
            })?;
            Ok((id.trim().to_string(), title.trim().to_string()))
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    let header = crate::model::meeting_draft::Header {
        date: Some(args.date),
        title: args.title.clone(),
        number: args.number,
        place: args.place.clone(),
        start: args.start.clone(),
        materials,
        agenda: args.agenda.clone(),
        secretariat: args.secretariat.clone(),
    };
    let meeting = crate::model::meeting_draft::draft(committee, &header, args.date);
    // Checked whole before anything is written: a draft `kaikaku check` would refuse is
    // not created at all.
    let problems = workspace.problems_before_saving_meeting(&meeting)?;
    if !problems.is_empty() {
        for problem in &problems {
            super::eprint_line(&problem.to_string());
        }
        return Err(CliError::problems(format!(
            "{} problem(s) in the meeting; nothing was written",
            problems.len()
        )));
    }
    workspace.save_meeting(meeting)?;
    super::print(&format!(
        "kaikaku: draft meeting {id} created (open it with `kaikaku`, key 4)\n"
    ));
    Ok(())
}

/// A refusal in the user's language, with the hint for it.
pub(super) fn localized(lang: crate::model::Language, error: crate::error::Error) -> CliError {
    match &error {
        crate::error::Error::Lifecycle(refused) => {
            CliError::usage(refused.localized(lang), Some(refused.hint(lang)))
        }
        _ => error.into(),
    }
}

/// The meeting, or a usage error listing the meetings there are.
pub(super) fn known_meeting<'a>(
    workspace: &'a crate::store::Workspace,
    id: &str,
) -> Result<&'a crate::model::Meeting, CliError> {
    workspace.meeting(id).ok_or_else(|| {
        let known: Vec<&str> = workspace
            .meetings
            .iter()
            .map(|m| m.value.id.as_str())
            .collect();
        no_meeting(id, &known)
    })
}

fn confirm(context: &Context, id: &str) -> CliResult {
    use crate::store::lifecycle::NotReady;
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    known_meeting(&workspace, id)?;
    match workspace
        .confirm_meeting(id)
        .map_err(|e| localized(lang, e))?
    {
        Ok(()) => {
            super::print(&format!(
                "kaikaku: {}\n",
                lang.pick(
                    &format!(
                        "議事録 {id} を確定しました。以後は変更できません（`kaikaku commit` で記録してください）"
                    ),
                    &format!(
                        "minutes {id} confirmed; they can no longer change (record them with `kaikaku commit`)"
                    ),
                )
            ));
            Ok(())
        }
        Err(NotReady::Problems(problems)) => {
            for problem in &problems {
                super::eprint_line(&problem.to_string());
            }
            Err(CliError::problems(lang.pick(
                &format!(
                    "議事録に {} 件の問題があるため確定しませんでした。何も書き込んでいません",
                    problems.len()
                ),
                &format!(
                    "{} problem(s) in the minutes, so they were not confirmed; nothing was written",
                    problems.len()
                ),
            )))
        }
        Err(NotReady::UnsavedJournal) => Err(CliError::usage(
            lang.pick(
                "この会議の記録中の内容（ジャーナル）がまだ議事録ファイルに保存されていないため、確定しませんでした",
                "the meeting's live journal holds statements not yet saved in the minutes file, so they were not confirmed",
            ),
            Some(lang.pick(
                "kaikaku で会議画面（キー 4）を開いて復元し、画面を離れて保存してから確定してください",
                "open the meeting in kaikaku (key 4) to recover them, leave the screen to save, then confirm",
            )),
        )),
    }
}

fn publish(context: &Context, id: &str) -> CliResult {
    let (mut workspace, _lock) = context.open_for_write()?;
    let lang = context.language(&workspace);
    known_meeting(&workspace, id)?;
    workspace
        .publish_meeting(id)
        .map_err(|e| localized(lang, e))?;
    super::print(&format!(
        "kaikaku: {}\n",
        lang.pick(
            &format!("議事録 {id} を公開済みにしました"),
            &format!("minutes {id} marked as published"),
        )
    ));
    Ok(())
}

fn export(
    context: &Context,
    id: &str,
    format: ExportFormat,
    anonymize: bool,
    output: Option<&std::path::Path>,
) -> CliResult {
    use crate::report::minutes::{ExportOptions, Format};
    let workspace = context.open()?;
    let meeting = known_meeting(&workspace, id)?;
    let settings = workspace.settings();
    let organisation = settings.map(|s| s.organisation.as_str());
    let options = ExportOptions {
        anonymize,
        committee_name: settings
            .and_then(|s| s.committee(&meeting.committee))
            .map(|c| published_committee_name(&c.name, organisation)),
    };
    let failed = |e: crate::report::minutes::ExportError| {
        CliError::usage(sanitize_inline(&e.to_string()), None)
    };
    let format = match format {
        ExportFormat::Docx => {
            let lang = context.language(&workspace);
            let path = output.ok_or_else(|| {
                CliError::usage(
                    lang.pick(
                        "Word 形式は端末に出力できません",
                        "a Word document cannot be printed to the terminal",
                    ),
                    Some(lang.pick(
                        "--output 議事録.docx を付けてください",
                        "pass --output minutes.docx",
                    )),
                )
            })?;
            let bytes = crate::report::minutes::export_docx(meeting, &options).map_err(failed)?;
            return crate::store::atomic::write_atomic(path, &bytes).map_err(CliError::from);
        }
        ExportFormat::Md => Format::Md,
        ExportFormat::Html => Format::Html,
        ExportFormat::Akn => Format::Akn,
        ExportFormat::Popolo => Format::Popolo,
    };
    let text = crate::report::minutes::export_for(meeting, format, &options, organisation)
        .map_err(failed)?;
    // Exports go to files and other programs; control characters never leave raw: Popolo
    // JSON escapes them (the data survives), the other formats show stand-ins.
    let text = if matches!(format, Format::Popolo) {
        crate::model::escape_json(&text).into_owned()
    } else {
        crate::model::sanitize(&text)
    };
    if let Some(path) = output {
        crate::store::atomic::write_atomic(path, text.as_bytes()).map_err(CliError::from)
    } else {
        super::print(&text);
        Ok(())
    }
}

/// The committee as the city names it in print: the settings' name, with the organisation
/// in front when the name does not already say it (「市役所改革推進委員会」 of 熊本市 →
/// 「熊本市市役所改革推進委員会」).
fn published_committee_name(name: &str, organisation: Option<&str>) -> String {
    match organisation.map(str::trim).filter(|o| !o.is_empty()) {
        Some(organisation) if !name.contains(organisation) => format!("{organisation}{name}"),
        _ => name.to_string(),
    }
}

/// The refusal of an unknown meeting id, listing the known ones.
pub fn no_meeting(id: &str, known: &[&str]) -> CliError {
    let (id, known) = (sanitize_inline(id), sanitize_inline(&known.join(", ")));
    CliError::text(
        &crate::text!("会議「{id}」はありません", "no meeting \"{id}\""),
        Some(&crate::text!("会議: {known}", "meetings: {known}")),
    )
}

/// Where committees are defined.
pub const COMMITTEES_LISTED: (&str, &str) = (
    "委員会は kaikaku.ron にあります",
    "committees are listed in kaikaku.ron",
);
