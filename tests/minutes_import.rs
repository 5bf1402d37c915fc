//! `meeting import` through the real binary, and the conformance check on real published
//! minutes of other cities (`../shared/realworld/minutes/`, skipped with a notice where that
//! folder is absent). The real texts are read at test time and never copied here; what is
//! asserted (dates, counts, the role of each speaker) was counted by hand.

use std::path::{Path, PathBuf};

use kaikaku::model::Meeting;
use kaikaku::model::meeting::Attendance;
use kaikaku::report::minutes::import::{Convention, import};
use kaikaku::report::minutes::{is_member, speaker_label};

use crate::common::{file_names, kaikaku, repo_root, run, sample_workspace, stderr, stdout};

/// `shared/realworld/minutes` in the nearest ancestor of the repository that has it (the
/// main checkout and worktrees sit at different depths), or `KAIKAKU_SHARED`.
fn realworld() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KAIKAKU_SHARED") {
        return Some(PathBuf::from(dir).join("realworld/minutes")).filter(|d| d.is_dir());
    }
    repo_root()
        .ancestors()
        .map(|a| a.join("shared/realworld/minutes"))
        .find(|d| d.is_dir())
}

/// What a real file must give, counted by hand: date, members present and absent, and the
/// role word each turn's speaker carries (the last turn of each file is cut mid-sentence).
struct Expected {
    file: &'static str,
    date: &'static str,
    present: usize,
    absent: usize,
    convention: Convention,
    roles: &'static [&'static str],
}

const REAL: [Expected; 5] = [
    Expected {
        file: "gifu-2020-02-21-gyozaisei-suishin.txt",
        date: "2020-02-21",
        present: 10,
        absent: 0,
        convention: Convention::Legend,
        roles: &["委員", "事務局", "委員", "事務局"],
    },
    Expected {
        file: "kashiwa-2008-05-21-gyokaku-suishin.txt",
        date: "2008-05-21",
        present: 11,
        absent: 0,
        convention: Convention::Colon,
        roles: &[
            "副会長",
            "副会長",
            "事務局",
            "副会長",
            "委員",
            "委員",
            "委員",
        ],
    },
    Expected {
        file: "nagareyama-2007-11-21-gyozaisei-shingikai.txt",
        date: "2007-11-21",
        present: 10,
        absent: 4,
        convention: Convention::Paren,
        roles: &[
            "会長", "会長", "市長", "会長", "委員", "市長", "委員", "委員",
        ],
    },
    Expected {
        file: "nantan-2017-02-07-gyokaku-suishin.txt",
        date: "2017-02-07",
        present: 6,
        absent: 1,
        convention: Convention::Paren,
        roles: &["事務局", "会長"],
    },
    Expected {
        file: "sado-2013-03-28-gyokaku-suishin.txt",
        date: "2013-03-28",
        present: 6,
        absent: 0,
        convention: Convention::Bare,
        roles: &["委員", "事務局", "委員", "委員", "事務局", "委員", "委員"],
    },
];

/// The role word a turn's speaker label or attendee carries.
fn role_of(meeting: &Meeting, index: usize) -> String {
    let statement = &meeting.statements[index];
    let label = speaker_label(meeting, statement);
    for role in ["副会長", "会長", "委員", "事務局", "副市長", "市長"] {
        if label.ends_with(role) || label.starts_with(role) {
            return role.to_string();
        }
    }
    meeting
        .attendee(&statement.speaker)
        .map_or_else(String::new, |a| a.role.clone())
}

#[test]
fn real_published_minutes_import_with_the_right_structure() {
    let Some(dir) = realworld() else {
        eprintln!("notice: ../shared/realworld/minutes is absent; conformance test skipped");
        return;
    };
    for expected in REAL {
        let path = dir.join(expected.file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("notice: {} is absent; skipped", path.display());
            continue;
        };
        let imported = import(&text, None).unwrap_or_else(|e| panic!("{}: {e}", expected.file));
        let m = &imported.meeting;
        let file = expected.file;
        assert_eq!(m.date.to_string(), expected.date, "{file}");
        assert_eq!(imported.convention, Some(expected.convention), "{file}");
        // The place is the value printed under the place label, taken from the file itself.
        assert!(!m.place.is_empty(), "{file}: no place");
        assert!(
            !m.place.contains("場所") && !m.place.contains("場 所"),
            "{file}: {}",
            m.place
        );
        assert!(
            text.contains(&m.place),
            "{file}: place not as printed: {}",
            m.place
        );
        let members = |attendance: Attendance| {
            m.attendees
                .iter()
                .filter(|a| is_member(a) && a.name != a.role && a.attendance == attendance)
                .count()
        };
        assert_eq!(
            (members(Attendance::Present), members(Attendance::Absent)),
            (expected.present, expected.absent),
            "{file}: members present/absent"
        );
        let roles: Vec<String> = (0..m.statements.len()).map(|i| role_of(m, i)).collect();
        assert_eq!(roles, expected.roles, "{file}: speaker turns");
        // Every line of the file is somewhere in the meeting, or was cleaning's to remove.
        assert!(m.title.chars().count() >= 6, "{file}: title {}", m.title);
        assert!(
            kaikaku::model::validate::validate(None, &[], &[m]).is_empty(),
            "{file}"
        );
    }
}

fn fixture(name: &str) -> PathBuf {
    repo_root()
        .join("tests/fixtures/minutes/layouts")
        .join(name)
}

fn minutes_files(ws: &Path) -> Vec<String> {
    file_names(&ws.join("minutes"))
}

#[test]
fn dry_run_shows_header_attendees_turns_and_leftovers_and_writes_nothing() {
    let (home, ws) = sample_workspace();
    let before = minutes_files(&ws);
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "en", "meeting", "import"])
        .arg(fixture("01-bullet-header-paren-speakers.txt"))
        .arg("--dry-run"));
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    for expected in [
        "dry run (nothing written)",
        "2022-08-30",
        "14:00–16:00",
        "市役所5階第1会議室",
        "(speaker) text",
        "青木",
        "absent",
        "s3     委員               question     窓口の混雑は昨年と比べて改善したのか。",
        "■ Unassigned lines (kept as notes) (4)",
        "別添議事録のとおり",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // The committee is not named: the warning says how to choose or create one.
    assert!(
        stderr(&output).contains("--new-committee"),
        "{}",
        stderr(&output)
    );
    assert_eq!(minutes_files(&ws), before, "a dry run writes nothing");
    // In Japanese too.
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "ja", "meeting", "import"])
        .arg(fixture("02-legend-markers.txt"))
        .arg("--dry-run"));
    assert!(
        stdout(&output).contains("■ 発言 (4)"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("凡例の記号"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn import_writes_a_valid_draft_only_when_everything_is_settled() {
    let (home, ws) = sample_workspace();
    let before = minutes_files(&ws);
    let import = |extra: &[&str], file: &Path| {
        run(kaikaku(home.path())
            .arg("--workspace")
            .arg(&ws)
            .args(["--lang", "en", "meeting", "import"])
            .arg(file)
            .args(extra))
    };
    // An unknown committee: refused with the way out, nothing written.
    let output = import(&[], &fixture("04-colon-inline-groups.txt"));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("nothing was written"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("kaikaku-suishin"),
        "{}",
        stderr(&output)
    );
    assert_eq!(minutes_files(&ws), before);
    // A committee id that does not exist.
    let output = import(
        &["--committee", "nope"],
        &fixture("04-colon-inline-groups.txt"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(minutes_files(&ws), before);
    // Chosen with --committee: written, and the workspace still checks clean.
    let output = import(
        &["--committee", "kaikaku-suishin"],
        &fixture("04-colon-inline-groups.txt"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        ws.join("minutes/2023-06-12-kaikaku-suishin-1.ron")
            .is_file()
    );
    // Created with --new-committee: kaikaku.ron gains the committee named in the title.
    let output = import(
        &["--new-committee", "takahashi"],
        &fixture("05-pdf-layout-paren-inline.txt"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let settings = std::fs::read_to_string(ws.join("kaikaku.ron")).expect("settings");
    assert!(settings.contains("id: \"takahashi\""), "{settings}");
    assert!(
        settings.contains("たかはし市行政改革推進委員会"),
        "{settings}"
    );
    assert!(ws.join("minutes/2024-02-19-takahashi-2.ron").is_file());
    // Asking to create a committee the title already names is refused.
    let output = import(
        &["--new-committee", "again"],
        &fixture("05-pdf-layout-paren-inline.txt"),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("already as takahashi"),
        "{}",
        stderr(&output)
    );
    let check = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .arg("check"));
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    // The same meeting again: refused, nothing overwritten.
    let written = std::fs::read(ws.join("minutes/2024-02-19-takahashi-2.ron")).expect("file");
    let output = import(
        &["--committee", "takahashi"],
        &fixture("05-pdf-layout-paren-inline.txt"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read(ws.join("minutes/2024-02-19-takahashi-2.ron")).expect("file"),
        written
    );
}

#[test]
fn no_date_no_statements_and_overrides() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let before = minutes_files(&ws);
    let undated = dir.path().join("undated.txt");
    std::fs::write(
        &undated,
        "第9回熊本市市役所改革推進委員会 会議録\n\n議事録\n\n山田会長「始めます。」\n\n川口委員「質問です。」\n",
    )
    .expect("write");
    let import = |extra: &[&str], file: &Path| {
        run(kaikaku(home.path())
            .arg("--workspace")
            .arg(&ws)
            .args(["--lang", "en", "meeting", "import"])
            .arg(file)
            .args(extra))
    };
    let output = import(&[], &undated);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no meeting date"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--date"), "{}", stderr(&output));
    assert_eq!(minutes_files(&ws), before);
    let output = import(
        &[
            "--date",
            "2024-01-10",
            "--speaker-pattern",
            "^(?P<speaker>\\S+?)「(?P<text>.*)」$",
            "--dry-run",
            "--ron",
        ],
        &undated,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let ron = stdout(&output);
    assert!(ron.contains("date: \"2024-01-10\""), "{ron}");
    assert!(ron.contains("text: \"質問です。\""), "{ron}");
    assert!(ron.contains("committee: \"kaikaku-suishin\""), "{ron}");
    // A pattern without a group is refused before anything is read.
    let output = import(&["--speaker-pattern", "^x$"], &undated);
    assert_eq!(output.status.code(), Some(2));
    // Header only: no statements is an error, not an empty success.
    let empty = dir.path().join("empty.txt");
    std::fs::write(
        &empty,
        "第1回委員会 会議録\n\n日時\n\n令和6年4月1日\n\n場所\n\n本庁舎\n",
    )
    .expect("write");
    let output = import(&[], &empty);
    assert_ne!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("no statements"),
        "{}",
        stderr(&output)
    );
    assert_eq!(minutes_files(&ws), before);
}

#[test]
fn a_word_file_imports_directly() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("minutes.docx");
    std::fs::write(
        &path,
        docx(&[
            "令和6年度第1回熊本市市役所改革推進委員会 会議録",
            "日時　令和6年6月3日（月）午後2時から午後3時まで",
            "出席者　澤田会長、八幡委員",
            "議事要旨",
            "澤田会長：開会する。",
            "八幡委員：窓口の待ち時間はどうか。",
            "事務局：半分になった。",
        ]),
    )
    .expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "en", "meeting", "import"])
        .arg(&path));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(ws.join("minutes/2024-06-03-kaikaku-suishin-1.ron"))
        .expect("written");
    assert!(text.contains("member: Some(\"sawada\")"), "{text}");
    assert!(text.contains("窓口の待ち時間はどうか。"), "{text}");
    // A file that only claims to be Word is refused with the reason.
    let fake = dir.path().join("fake.docx");
    std::fs::write(&fake, "not a zip").expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["meeting", "import"])
        .arg(&fake));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a Word .docx"),
        "{}",
        stderr(&output)
    );
}

/// A .docx whose body is one paragraph per line.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect::<Vec<_>>()
        .concat();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options).expect("zip");
        zip.write_all(xml.as_bytes()).expect("zip");
        zip.finish().expect("zip");
    }
    buffer.into_inner()
}

#[test]
fn minutes_too_large_for_the_loader_are_refused_and_nothing_is_written() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("huge.txt");
    let mut text = String::from(
        "第1回熊本市市役所改革推進委員会 議事録\n\n1 日時\n\n令和6年4月1日\n\n2 議事録\n\n",
    );
    // 20,000 distinct speakers, each with a statement: the meeting file would pass 8 MiB.
    let words = "行政改革の取組について意見を述べる。".repeat(12);
    for n in 0..20_000 {
        text.push_str(&format!("[山田{n}委員]\n\n{words}\n\n"));
    }
    std::fs::write(&path, &text).expect("write");
    let before = minutes_files(&ws);
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "en", "meeting", "import"])
        .arg(&path));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("> 8 MiB"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("nothing was written"),
        "{}",
        stderr(&output)
    );
    // One summary line for 20,000 unlisted speakers, not 20,000 lines.
    assert!(stderr(&output).lines().count() < 10, "{}", stderr(&output));
    assert_eq!(minutes_files(&ws), before);
}

#[test]
fn file_text_reaches_the_terminal_sanitised() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("hostile.txt");
    std::fs::write(
        &path,
        "第1回委員会 会議録\n\n日時\n\n令和6年4月1日\n\n出席者\n\n悪\u{1b}[31m意委員\n\n議事録\n\n[悪\u{1b}[31m意委員]\n\n\u{202e}発言する。\n",
    )
    .expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["meeting", "import", "--dry-run"])
        .arg(&path));
    assert!(output.status.success(), "{}", stderr(&output));
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains('\u{1b}'), "raw ESC in {text}");
        assert!(!text.contains('\u{202e}'), "raw bidi override in {text}");
    }
}

#[test]
fn a_pdf_goes_through_pdftotext_or_says_what_is_missing() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("minutes.pdf");
    std::fs::write(&path, "%PDF-1.4 not really").expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["meeting", "import"])
        .arg(&path));
    // Without poppler-utils the hint says to install it; with it, the broken PDF fails in
    // pdftotext. Either way nothing is imported.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("pdftotext"), "{}", stderr(&output));
}

#[test]
fn a_dry_run_works_beside_an_open_editor_and_an_import_waits_for_it() {
    let (home, ws) = sample_workspace();
    let lock = kaikaku::store::lock::acquire(&ws)
        .expect("lock io")
        .unwrap_or_else(|_| panic!("the workspace is free"));
    let import = |extra: &[&str]| {
        run(kaikaku(home.path())
            .arg("--workspace")
            .arg(&ws)
            .args(["--lang", "en", "meeting", "import"])
            .arg(fixture("04-colon-inline-groups.txt"))
            .args(["--committee", "kaikaku-suishin"])
            .args(extra))
    };
    let output = import(&["--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = import(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("being edited"),
        "{}",
        stderr(&output)
    );
    drop(lock);
    assert!(import(&[]).status.success());
}

#[test]
fn shift_jis_minutes_are_read_after_detection() {
    let (home, ws) = sample_workspace();
    let dir = tempfile::tempdir().expect("temp");
    let text = std::fs::read_to_string(fixture("09-bullet-role-speakers.txt")).expect("fixture");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert!(
        String::from_utf8(bytes.to_vec()).is_err(),
        "really not UTF-8"
    );
    let path = dir.path().join("sjis.txt");
    std::fs::write(&path, &bytes).expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "en", "meeting", "import", "--dry-run"])
        .arg(&path));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("業務改善の提案制度"),
        "{}",
        stdout(&output)
    );
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, [0x82, 0xff, 0x00, 0x81]).expect("write");
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&ws)
        .args(["--lang", "en", "meeting", "import"])
        .arg(&garbage));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("neither UTF-8 nor Shift_JIS"),
        "{}",
        stderr(&output)
    );
}
