//! `kaikaku meeting import FILE`: published minutes (text, Word, PDF) into a draft meeting.
//!
//! The file is read as UTF-8 text, as `.docx` directly, or — for `.pdf` — through the
//! system's `pdftotext -layout` (poppler-utils), whose artefacts the importer cleans. The
//! meeting is checked before anything is written: it must pass the validator and load back
//! through the store's own reader (which refuses files over 8 MiB), or nothing is written.
//! `--dry-run` shows what was read instead of saving it.

use std::path::Path;

use super::{CliError, CliResult, Context};
use crate::model::meeting::Attendance;
use crate::model::settings::Committee;
use crate::model::{Language, Meeting, Settings, sanitize_inline};
use crate::report::minutes::import::{self, Convention, ImportError, Imported, Options};

/// Larger inputs are refused before they are read: published minutes are a few hundred KiB.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The city's published minutes: a text file, a Word .docx, or a .pdf (read with
    /// pdftotext -layout).
    pub file: std::path::PathBuf,
    /// Show what would be imported (header, attendees, each turn, unassigned lines) and
    /// write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print the meeting as canonical RON instead of the summary.
    #[arg(long, requires = "dry_run")]
    pub ron: bool,
    /// A regular expression that marks a speaker turn, with the named group `speaker` (and
    /// optionally `text`), e.g. '^(?P<speaker>\S+?)：(?P<text>.*)$'. Replaces detection.
    #[arg(long, value_name = "REGEX")]
    pub speaker_pattern: Option<String>,
    /// The meeting date, YYYY-MM-DD, when the text has none or detection got it wrong.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Committee id from kaikaku.ron, when the title does not name it.
    #[arg(long, value_name = "ID")]
    pub committee: Option<String>,
    /// Add the committee named in the title to kaikaku.ron under this id.
    #[arg(long, value_name = "ID", conflicts_with = "committee")]
    pub new_committee: Option<String>,
}

pub fn run(context: &Context, args: &ImportArgs) -> CliResult {
    // A dry run only reads: it needs no writer lock, so it works beside an open TUI.
    let (mut workspace, _lock) = if args.dry_run {
        (context.open()?, None)
    } else {
        let (workspace, lock) = context.open_for_write()?;
        (workspace, Some(lock))
    };
    let lang = context.language(&workspace);
    let text = read_text(&args.file, lang)?;
    let speaker_pattern = match &args.speaker_pattern {
        Some(pattern) => Some(compile(pattern, lang)?),
        None => None,
    };
    let mut settings: Option<Settings> = workspace.settings().cloned();
    let file = sanitize_inline(&args.file.display().to_string());
    let mut options = Options {
        speaker_pattern,
        date: args.date,
        committee: args.committee.clone(),
    };
    let mut imported = import::import_with(&text, settings.as_ref(), &options)
        .map_err(|e| import_error(&file, &e, lang))?;
    let mut created = None;
    if let (Some(id), Some(settings)) = (&args.new_committee, settings.as_mut()) {
        if let Some(known) = settings.committee(&imported.meeting.committee) {
            return Err(CliError::usage(
                format!(
                    "--new-committee: 「{}」 {} {}",
                    sanitize_inline(&known.name),
                    lang.pick(
                        "は既に kaikaku.ron にあります:",
                        "is in kaikaku.ron already as"
                    ),
                    known.id
                ),
                Some(lang.pick("--new-committee を外してください", "drop --new-committee")),
            ));
        }
        created = Some(new_committee(
            settings,
            id,
            &imported.meeting.committee,
            lang,
        )?);
        options.committee = Some(id.clone());
        imported = import::import_with(&text, Some(settings), &options)
            .map_err(|e| import_error(&file, &e, lang))?;
    }
    for warning in &imported.warnings {
        eprintln!("kaikaku: {}", sanitize_inline(&warning.describe(lang)));
    }
    if args.dry_run {
        if args.ron {
            let text = crate::store::canonical::to_canonical(&imported.meeting)
                .map_err(|e| CliError::usage(e.to_string(), None))?;
            super::print(&crate::model::sanitize(&text));
        } else {
            super::print(&summary(&imported, lang));
        }
        return Ok(());
    }
    require_committee(settings.as_ref(), &imported.meeting, lang)?;
    if workspace.meeting(&imported.meeting.id).is_some() {
        return Err(CliError::usage(
            format!(
                "{} {} {}",
                lang.pick("会議", "meeting"),
                imported.meeting.id,
                lang.pick("は既にあります", "already exists")
            ),
            Some(lang.pick(
                "先に削除するか名前を変えてください。何も書き込んでいません",
                "remove or rename it first; nothing was written",
            )),
        ));
    }
    check_before_writing(settings.as_ref(), &imported.meeting, lang)?;
    if let (Some(committee), Some(loaded)) = (created, workspace.settings.as_mut()) {
        loaded.value.committees.push(committee);
        workspace.save_settings()?;
    }
    let id = imported.meeting.id.clone();
    workspace.save_meeting(imported.meeting)?;
    println!(
        "kaikaku: {} {id}",
        lang.pick(
            "下書きの会議として取り込みました:",
            "imported as draft meeting"
        )
    );
    Ok(())
}

/// Refuses to write a meeting whose committee is not in kaikaku.ron, naming the way out.
fn require_committee(
    settings: Option<&Settings>,
    meeting: &Meeting,
    lang: Language,
) -> Result<(), CliError> {
    if let Some(settings) = settings
        && settings.committee(&meeting.committee).is_none()
    {
        let known: Vec<&str> = settings.committees.iter().map(|c| c.id.as_str()).collect();
        return Err(CliError::usage(
            format!(
                "{} 「{}」 {}",
                lang.pick("委員会", "committee"),
                sanitize_inline(&meeting.committee),
                lang.pick(
                    "が kaikaku.ron にありません。何も書き込んでいません",
                    "is not in kaikaku.ron; nothing was written"
                )
            ),
            Some(&format!(
                "{} {} {}",
                lang.pick("--committee ID で選ぶ:", "choose one with --committee ID:"),
                known.join(", "),
                lang.pick(
                    "／ --new-committee ID で追加する",
                    "— or add it with --new-committee ID"
                )
            )),
        ));
    }
    Ok(())
}

/// The text of the input: UTF-8 text, a .docx read directly, or a .pdf through pdftotext.
fn read_text(path: &Path, lang: Language) -> Result<String, CliError> {
    let shown = sanitize_inline(&path.display().to_string());
    let unreadable = |e: std::io::Error| {
        CliError::usage(
            format!("{} {shown}: {e}", lang.pick("読めません:", "cannot read")),
            None,
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(CliError::usage(
            format!(
                "{shown} {}",
                lang.pick("は 64 MiB を超えています", "is larger than 64 MiB")
            ),
            Some(lang.pick(
                "議事録を会議ごとのファイルに分けてください",
                "split the minutes into one file per meeting",
            )),
        ));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() == Some("pdf") {
        return pdftotext(path, &shown, lang);
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    if extension.as_deref() == Some("docx") || bytes.starts_with(b"PK\x03\x04") {
        return import::docx::text(&bytes).map_err(|e| {
            CliError::usage(
                format!("{shown}: {e}"),
                Some(lang.pick(
                    "Word で .docx として保存し直すか、テキストとして保存してください",
                    "save it as .docx or as text",
                )),
            )
        });
    }
    decode(bytes).ok_or_else(|| {
        CliError::usage(
            format!(
                "{shown} {}",
                lang.pick(
                    "は UTF-8 でも Shift_JIS でもありません",
                    "is neither UTF-8 nor Shift_JIS"
                )
            ),
            Some(lang.pick(
                "先に UTF-8 に変換してください（例: iconv -f EUC-JP -t UTF-8）",
                "convert it to UTF-8 first, e.g. iconv -f EUC-JP -t UTF-8",
            )),
        )
    })
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, or `Shift_JIS` as Japanese Windows saves
/// it (CP932); `None` when the bytes are none of these.
fn decode(bytes: Vec<u8>) -> Option<String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, _, errors) = encoding.decode(&bytes);
        return (!errors).then(|| text.into_owned());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(error.as_bytes())
            .map(std::borrow::Cow::into_owned),
    }
}

/// Runs `pdftotext -layout FILE -` (poppler-utils) and returns its output.
fn pdftotext(path: &Path, shown: &str, lang: Language) -> Result<String, CliError> {
    let output = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|_| {
            CliError::usage(
                format!(
                    "{shown}: {}",
                    lang.pick(
                        "PDF を読むには pdftotext が必要ですが、インストールされていません",
                        "reading PDF needs pdftotext, which is not installed"
                    )
                ),
                Some(lang.pick(
                    "poppler-utils をインストールするか、別の環境で pdftotext -layout FILE.pdf FILE.txt を実行して .txt を取り込んでください",
                    "install poppler-utils, or run `pdftotext -layout FILE.pdf FILE.txt` elsewhere and import the .txt",
                )),
            )
        })?;
    if !output.status.success() {
        return Err(CliError::usage(
            format!(
                "{shown}: {} {}",
                lang.pick("pdftotext が失敗しました:", "pdftotext failed:"),
                sanitize_inline(String::from_utf8_lossy(&output.stderr).trim())
            ),
            None,
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn compile(pattern: &str, lang: Language) -> Result<regex::Regex, CliError> {
    let regex = regex::Regex::new(pattern).map_err(|e| {
        CliError::usage(
            format!("--speaker-pattern: {}", sanitize_inline(&e.to_string())),
            None,
        )
    })?;
    if regex.captures_len() < 2 {
        return Err(CliError::usage(
            format!(
                "--speaker-pattern: {}",
                lang.pick(
                    "発言者のグループがありません",
                    "has no group for the speaker"
                )
            ),
            Some(lang.pick(
                "(?P<speaker>…) と名前を付け、発言は (?P<text>…) で示せます",
                "name it: (?P<speaker>…), optionally (?P<text>…) for the words",
            )),
        ));
    }
    Ok(regex)
}

fn import_error(file: &str, error: &ImportError, lang: Language) -> CliError {
    CliError::usage(
        format!("{file}: {}", sanitize_inline(&error.describe(lang))),
        Some(error.hint(lang)),
    )
}

/// The committee to add for `--new-committee ID`, named as the minutes' title names it.
fn new_committee(
    settings: &mut Settings,
    id: &str,
    name: &str,
    lang: Language,
) -> Result<Committee, CliError> {
    crate::model::validate::check_id(id).map_err(|m| {
        CliError::usage(
            format!("--new-committee: {}", sanitize_inline(m.get(lang))),
            None,
        )
    })?;
    if settings.committee(id).is_some() {
        return Err(CliError::usage(
            format!(
                "--new-committee: {id} {}",
                lang.pick("は既にあります", "already exists")
            ),
            Some(lang.pick("--committee ID を使ってください", "use --committee ID")),
        ));
    }
    if name.trim().is_empty() {
        return Err(CliError::usage(
            lang.pick(
                "タイトルに委員会の名前がありません",
                "the title names no committee",
            ),
            Some(lang.pick(
                "kaikaku.ron に委員会を追加してから、--committee ID を使ってください",
                "add the committee to kaikaku.ron by hand, then use --committee ID",
            )),
        ));
    }
    let committee = Committee {
        id: id.to_string(),
        name: name.to_string(),
        name_en: None,
        members: Vec::new(),
    };
    settings.committees.push(committee.clone());
    Ok(committee)
}

/// Refuses a meeting the workspace would not accept: validator problems, or a file the
/// store's reader would refuse (over its size limit, or not parsing back).
fn check_before_writing(
    settings: Option<&Settings>,
    meeting: &Meeting,
    lang: Language,
) -> Result<(), CliError> {
    let problems = crate::model::validate::validate_meeting(
        settings,
        meeting,
        &crate::model::validate::ParsedPlans(&[]),
    );
    if let Some(problem) = problems.first() {
        return Err(CliError::problems(format!(
            "{}: {}",
            lang.pick(
                "取り込んだ会議に問題があるため、何も書き込んでいません",
                "the imported meeting has problems; nothing was written"
            ),
            sanitize_inline(problem.message.get(lang))
        )));
    }
    let path = format!("minutes/{}.ron", meeting.id);
    let text = crate::store::canonical::to_canonical(meeting)
        .map_err(|e| CliError::usage(e.to_string(), None))?;
    if text.len() as u64 > crate::store::source::MAX_FILE_BYTES {
        return Err(CliError::problems(format!(
            "{} ({} MiB > 8 MiB); {}",
            lang.pick(
                "取り込んだ会議のファイルが大きすぎます",
                "the imported meeting would be too large a file"
            ),
            text.len() / (1024 * 1024),
            lang.pick(
                "何も書き込んでいません。議事録を会議ごとに分けてください",
                "nothing was written; split the minutes into one file per meeting"
            )
        )));
    }
    crate::store::workspace::parse_text::<Meeting>(&path, text.into_bytes()).map_err(|d| {
        CliError::problems(format!(
            "{}: {d}",
            lang.pick(
                "取り込んだ会議を読み戻せないため、何も書き込んでいません",
                "the imported meeting does not load back; nothing was written"
            )
        ))
    })?;
    Ok(())
}

/// What `--dry-run` prints: the header read, the attendees, each turn (speaker, kind, first
/// characters) and the lines assigned nowhere. All file text is sanitised.
pub fn summary(imported: &Imported, lang: Language) -> String {
    let m = &imported.meeting;
    let clean = |s: &str| sanitize_inline(s);
    let mut out = String::new();
    out.push_str(&format!(
        "{}\n",
        lang.pick(
            "試行（何も書き込んでいません）",
            "dry run (nothing written)"
        )
    ));
    out.push_str(&format!("\n{}\n", lang.pick("■ 見出し", "■ Header")));
    let row = |out: &mut String, label: (&str, &str), value: &str| {
        out.push_str(&format!(
            "  {} {}\n",
            crate::text::pad(lang.pick(label.0, label.1), 12),
            value
        ));
    };
    row(&mut out, ("会議 id", "meeting id"), &clean(&m.id));
    row(&mut out, ("タイトル", "title"), &clean(&m.title));
    row(&mut out, ("委員会", "committee"), &clean(&m.committee));
    row(&mut out, ("年度", "fiscal year"), &lang.year(m.fiscal_year));
    row(&mut out, ("日付", "date"), &m.date.to_string());
    let times = match (&m.start, &m.end) {
        (Some(s), Some(e)) => format!("{s}–{e}"),
        (Some(s), None) => s.clone(),
        _ => "—".into(),
    };
    row(&mut out, ("時刻", "time"), &clean(&times));
    row(
        &mut out,
        ("場所", "place"),
        &clean(&m.place.replace('\n', " / ")),
    );
    let convention = imported.convention.map_or(
        lang.pick("なし（段落ごとの要旨）", "none (a summary per paragraph)"),
        |c: Convention| {
            let (ja, en) = c.describe();
            lang.pick(ja, en)
        },
    );
    row(&mut out, ("発言者の表記", "speakers"), convention);
    row(
        &mut out,
        ("資料・次第", "materials"),
        &format!(
            "{} / {} {}",
            m.materials.len(),
            m.agenda_items().len(),
            lang.pick("件", "agenda items")
        ),
    );

    attendees(&mut out, m, lang);
    turns(&mut out, m, lang);
    out.push_str(&format!(
        "\n{} ({})\n",
        lang.pick(
            "■ 割り当てられなかった行（備考へ）",
            "■ Unassigned lines (kept as notes)"
        ),
        m.notes.len()
    ));
    for note in &m.notes {
        out.push_str(&format!("  {}\n", crate::text::truncate(&clean(note), 72)));
    }
    out
}

/// The attendee table of the dry run, with each one's number of turns.
fn attendees(out: &mut String, m: &Meeting, lang: Language) {
    let clean = |s: &str| sanitize_inline(s);
    out.push_str(&format!(
        "\n{} ({})\n",
        lang.pick("■ 出席者", "■ Attendees"),
        m.attendees.len()
    ));
    let spoke: std::collections::HashMap<&str, usize> =
        m.statements
            .iter()
            .fold(std::collections::HashMap::new(), |mut counts, s| {
                *counts.entry(s.speaker.as_str()).or_insert(0) += 1;
                counts
            });
    for a in &m.attendees {
        let attendance = match a.attendance {
            Attendance::Present => lang.pick("出席", "present"),
            Attendance::Absent => lang.pick("欠席", "absent"),
            Attendance::Online => lang.pick("オンライン", "online"),
            Attendance::Proxy(_) => lang.pick("代理", "proxy"),
        };
        let roster = if a.member.is_some() {
            lang.pick("名簿", "roster")
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} {} {} {} {} {}\n",
            crate::text::pad(&clean(&a.id), 10),
            crate::text::pad(&clean(&a.name), 20),
            crate::text::pad(&clean(&a.role), 10),
            crate::text::pad(attendance, 10),
            crate::text::pad(roster, 6),
            match spoke.get(a.id.as_str()) {
                Some(n) => format!("{n} {}", lang.pick("回発言", "turns")),
                None => String::new(),
            }
        ));
    }
}

/// Each turn of the dry run: id, speaker, kind, first characters.
fn turns(out: &mut String, m: &Meeting, lang: Language) {
    let clean = |s: &str| sanitize_inline(s);
    out.push_str(&format!(
        "\n{} ({})\n",
        lang.pick("■ 発言", "■ Turns"),
        m.statements.len()
    ));
    let names: std::collections::HashMap<&str, &str> = m
        .attendees
        .iter()
        .map(|a| (a.id.as_str(), crate::report::minutes::attendee_label(a)))
        .collect();
    for s in &m.statements {
        let speaker = s
            .label
            .as_deref()
            .or_else(|| names.get(s.speaker.as_str()).copied())
            .unwrap_or(&s.speaker);
        let kind = match lang {
            Language::Ja => s.kind.label_ja(),
            Language::En => s.kind.as_str(),
        };
        let first: String = s.text.replace('\n', " ");
        out.push_str(&format!(
            "  {} {} {} {}\n",
            crate::text::pad(&s.id, 6),
            crate::text::pad(&clean(speaker), 18),
            crate::text::pad(kind, 12),
            crate::text::truncate(&clean(&first), 48)
        ));
    }
}
