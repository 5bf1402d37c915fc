//! `kaikaku meeting new`: prepare a draft meeting (header, the committee's roster as
//! attendees, the secretariat, materials, agenda) ready for live recording in the TUI.

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
    }
}

fn new(context: &Context, args: &NewArgs) -> CliResult {
    let (mut workspace, _lock) = context.open_for_write()?;
    let settings = workspace
        .settings()
        .ok_or_else(|| CliError::usage("kaikaku.ron does not load", Some("run `kaikaku check`")))?;
    let committee = match &args.committee {
        Some(id) => settings.committee(id).ok_or_else(|| {
            CliError::usage(
                format!("no committee \"{}\"", sanitize_inline(id)),
                Some("committees are listed in kaikaku.ron"),
            )
        })?,
        None => match settings.committees.as_slice() {
            [only] => only,
            _ => {
                return Err(CliError::usage(
                    "several committees: which one?",
                    Some("pass --committee ID"),
                ));
            }
        },
    };
    let id = crate::model::meeting_draft::meeting_id(args.date, &committee.id, args.number);
    if workspace.meeting(&id).is_some() {
        return Err(CliError::usage(
            format!("meeting {id} already exists"),
            Some("pass --number to tell meetings of one day apart"),
        ));
    }
    let materials = args
        .materials
        .iter()
        .map(|spec| {
            let (id, title) = spec.split_once('=').ok_or_else(|| {
                CliError::usage(
                    format!("--material {} is not ID=TITLE", sanitize_inline(spec)),
                    Some("e.g. --material 資料1=取組状況"),
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

fn export(
    context: &Context,
    id: &str,
    format: ExportFormat,
    anonymize: bool,
    output: Option<&std::path::Path>,
) -> CliResult {
    use crate::report::minutes::{ExportOptions, Format};
    let workspace = context.open()?;
    let meeting = workspace.meeting(id).ok_or_else(|| {
        let known: Vec<&str> = workspace
            .meetings
            .iter()
            .map(|m| m.value.id.as_str())
            .collect();
        CliError::usage(
            format!("no meeting \"{}\"", sanitize_inline(id)),
            Some(&format!("meetings: {}", known.join(", "))),
        )
    })?;
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
