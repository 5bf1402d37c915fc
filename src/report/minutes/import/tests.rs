//! The importer end to end on whole documents: the seed, a second city, and the folder of
//! layout fixtures (each paired with its expected meeting).

use super::super::fixtures::{OTHER_TEXT, SEED_TEXT, sample, settings};
use super::super::{ExportOptions, Format, export, speaker_label, to_plain_text};
use super::*;
use crate::model::Language;
use crate::model::meeting::{Attendance, MaterialRef, StatementKind};
use crate::model::validate::validate;
use crate::store::canonical::options;
use StatementKind::{Answer, Explanation, Procedural, Proposal, Question, Request};

/// A roster for the second fixture: another city, another committee, names written
/// differently from the minutes (half-width J, no space in 田村誠).
fn minato() -> Settings {
    options()
        .from_str(
            r#"(
organisation: "みなと市",
statuses: [(id: "on_plan", label: "計画通り", category: on_track)],
committees: [(
    id: "gyokaku",
    name: "みなと市行政改革推進懇話会",
    members: [
        (id: "yamamoto", name: "山本一郎", role: "会長"),
        (id: "sasaki", name: "佐々木花子", role: "委員"),
        (id: "smith", name: "J・スミス", role: "委員"),
        (id: "tamura", name: "田村誠", role: "委員"),
        (id: "nakagawa", name: "中川美穂", role: "委員"),
    ],
)],
)"#,
        )
        .expect("roster parses")
}

fn import_ok(text: &str, settings: Option<&Settings>) -> Meeting {
    import(text, settings).expect("imports").meeting
}

#[test]
fn the_seed_imports_as_the_transcribed_sample() {
    let imported = import(SEED_TEXT, Some(&settings())).expect("imports");
    assert_eq!(imported.warnings, Vec::<Warning>::new());
    let got = imported.meeting;
    let want = sample();
    assert_eq!(got.id, want.id);
    assert_eq!(got.committee, want.committee);
    assert_eq!(got.fiscal_year, want.fiscal_year);
    assert_eq!(got.number, want.number);
    assert_eq!(got.title, want.title);
    assert_eq!(
        (got.date, &got.start, &got.end),
        (want.date, &want.start, &want.end)
    );
    assert_eq!(got.place, want.place);
    assert_eq!(got.chair, want.chair);
    assert_eq!(got.secretariat, want.secretariat);
    assert_eq!(got.status, MeetingStatus::Draft);
    let people = |m: &Meeting| -> Vec<(String, String, Option<String>, Option<String>)> {
        m.attendees
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.name.clone(),
                    a.member.clone(),
                    a.label.clone(),
                )
            })
            .collect()
    };
    assert_eq!(people(&got), people(&want));
    let present = got
        .attendees
        .iter()
        .filter(|a| a.member.is_some() && a.attendance == Attendance::Present)
        .count();
    assert_eq!(present, 7);
    assert_eq!(got.materials, want.materials);
    assert_eq!(got.agenda, want.agenda);
    assert!(got.notes.is_empty(), "{:?}", got.notes);
    assert_eq!(got.statements.len(), 47);
    for (g, w) in got.statements.iter().zip(&want.statements) {
        assert_eq!(g.id, w.id);
        assert_eq!(g.speaker, w.speaker, "{}", g.id);
        assert_eq!(speaker_label(&got, g), speaker_label(&want, w), "{}", g.id);
        assert_eq!(g.heading, w.heading, "{}", g.id);
        assert_eq!(g.text, w.text, "{}", g.id);
        assert_eq!(g.materials, w.materials, "{}", g.id);
    }
    // Threading is recovered exactly: every official's reply and the member who answers
    // the chair's question to him.
    let replies = |m: &Meeting| -> Vec<Option<String>> {
        m.statements.iter().map(|s| s.reply_to.clone()).collect()
    };
    assert_eq!(replies(&got), replies(&want));
    // Kinds are a heuristic; the transcription differs on three judgement calls
    // (s19 「説明いただきたい」, s28 and s44 which mix an opinion with a question).
    let differing: Vec<&str> = got
        .statements
        .iter()
        .zip(&want.statements)
        .filter(|(g, w)| g.kind != w.kind)
        .map(|(g, _)| g.id.as_str())
        .collect();
    assert_eq!(differing, ["s19", "s28", "s44"]);
    assert!(validate(Some(&settings()), &[], &[&got]).is_empty());
}

#[test]
fn another_city_in_another_shape() {
    let roster = minato();
    let imported = import(OTHER_TEXT, Some(&roster)).expect("imports");
    assert_eq!(imported.warnings, Vec::<Warning>::new());
    let m = &imported.meeting;
    assert_eq!(m.id, "2024-02-05-gyokaku-3");
    assert_eq!(m.committee, "gyokaku");
    assert_eq!(m.fiscal_year, FiscalYear(2023));
    assert_eq!(m.number, Some(3));
    assert_eq!(m.title, "令和５年度　第３回みなと市行政改革推進懇話会");
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 2, 5).expect("date"));
    assert_eq!(
        (m.start.as_deref(), m.end.as_deref()),
        (Some("10:00"), Some("11:45"))
    );
    assert_eq!(m.place, "みなと市役所　本館３階　第２会議室");
    let people: Vec<(&str, &str, &Attendance)> = m
        .attendees
        .iter()
        .map(|a| (a.id.as_str(), a.role.as_str(), &a.attendance))
        .collect();
    assert_eq!(
        people,
        [
            ("yamamoto", "会長", &Attendance::Present),
            ("sasaki", "委員", &Attendance::Present),
            ("smith", "委員", &Attendance::Present),
            ("tamura", "委員", &Attendance::Online),
            ("nakagawa", "委員", &Attendance::Absent),
            ("staff1", "事務局", &Attendance::Present),
            ("staff2", "事務局", &Attendance::Present),
            ("staff3", "事務局", &Attendance::Present),
        ]
    );
    assert_eq!(m.chair.as_deref(), Some("yamamoto"));
    assert_eq!(m.secretariat.as_deref(), Some("staff1"));
    let materials: Vec<&str> = m.materials.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(materials, ["資料1", "資料2", "参考資料1", "参考資料2"]);
    let agenda: Vec<(&str, &str, &str)> = m
        .agenda_items()
        .iter()
        .map(|a| (a.id.as_str(), a.number.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(
        agenda,
        [
            ("a1", "１", "開会"),
            ("a2", "２", "議題"),
            ("a2-1", "（１）", "令和４年度取組実績について"),
            ("a2-2", "（２）", "財政指標について"),
            ("a3", "３", "その他"),
            ("a4", "４", "閉会"),
        ]
    );
    // The section the layout does not know is kept, heading and all.
    assert_eq!(m.notes, ["６　傍聴者", "２名"]);

    let s: Vec<(&str, StatementKind, Option<&str>, Option<&str>)> = m
        .statements
        .iter()
        .map(|x| {
            (
                x.speaker.as_str(),
                x.kind,
                x.reply_to.as_deref(),
                x.agenda.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        s,
        [
            ("yamamoto", Procedural, None, None),
            ("staff1", Explanation, None, Some("a2-1")),
            ("sasaki", Question, None, Some("a2-1")),
            ("staff1", Answer, Some("s3"), Some("a2-1")),
            ("tamura", Request, None, Some("a2-2")),
            ("smith", Proposal, None, Some("a2-2")),
            ("yamamoto", Question, None, Some("a2-2")),
            ("staff2", Answer, Some("s7"), Some("a2-2")),
            ("yamamoto", Request, None, Some("a2-2")),
        ]
    );
    let tamura = &m.statements[4];
    assert_eq!(
        tamura.heading.as_deref(),
        Some("【議題（２）財政指標について】")
    );
    assert_eq!(
        tamura.materials,
        [MaterialRef {
            material: "参考資料2".into(),
            page: Some("10-12".into()),
            topic: Some("経常収支比率の推移について".into()),
            inline: false,
        }]
    );
    assert_eq!(tamura.text.lines().count(), 3, "three paragraphs");
    assert!(tamura.needs_response);
    // The closing 「以上」 is not dropped: it stays with the last speaker.
    assert!(m.statements[8].text.ends_with("\n以上"));
    assert!(validate(Some(&roster), &[], &[m]).is_empty());
}

#[test]
fn without_a_roster_everyone_is_ad_hoc() {
    let imported = import(OTHER_TEXT, None).expect("imports");
    let m = &imported.meeting;
    assert_eq!(m.id, "2024-02-05-meeting-3");
    assert_eq!(m.committee, "みなと市行政改革推進懇話会");
    assert!(m.attendees.iter().all(|a| a.member.is_none()));
    assert_eq!(m.attendees[0].id, "member1");
    assert_eq!(m.chair.as_deref(), Some("member1"));
    let with_roster = import(OTHER_TEXT, Some(&settings())).expect("imports");
    assert!(
        with_roster.warnings.iter().any(|w| matches!(
            w,
            Warning::UnknownCommittee { name } if name == "みなと市行政改革推進懇話会"
        )),
        "{:?}",
        with_roster.warnings
    );
}

#[test]
fn export_import_export_is_stable() {
    let texts = [
        ("seed", SEED_TEXT, Some(settings())),
        ("seed without roster", SEED_TEXT, None),
        ("minato", OTHER_TEXT, Some(minato())),
        ("minato without roster", OTHER_TEXT, None),
    ];
    for (name, text, roster) in texts {
        let first = to_plain_text(&import_ok(text, roster.as_ref()));
        let second = to_plain_text(&import_ok(&first, roster.as_ref()));
        assert_eq!(first, second, "{name}");
        // Anonymised minutes read back too, and stay anonymous and stable.
        let meeting = import_ok(text, roster.as_ref());
        let options = ExportOptions {
            anonymize: true,
            committee_name: None,
        };
        let anonymous = export(&meeting, Format::Md, &options).expect("exports");
        let again = export(&import_ok(&anonymous, None), Format::Md, &options).expect("exports");
        assert_eq!(anonymous, again, "{name} anonymised");
    }
    // The seed itself is already in the exported layout.
    assert_eq!(
        to_plain_text(&import_ok(SEED_TEXT, None)),
        format!("{}\n", SEED_TEXT.trim())
    );
}

#[test]
fn anonymised_second_text_names_nobody() {
    let meeting = import_ok(OTHER_TEXT, Some(&minato()));
    let options = ExportOptions {
        anonymize: true,
        committee_name: Some("みなと市行政改革推進懇話会".into()),
    };
    for format in Format::ALL {
        let text = export(&meeting, format, &options).expect("exports");
        for name in [
            "山本",
            "一郎",
            "佐々木",
            "スミス",
            "田村",
            "中川",
            "yamamoto",
            "sasaki",
            "smith",
            "tamura",
            "nakagawa",
        ] {
            assert!(!text.contains(name), "{format} still names {name}");
        }
        assert!(text.contains("行政経営課長"));
    }
    let md = export(&meeting, Format::Md, &options).expect("exports");
    assert!(
        md.contains("\n\n会長、委員A、委員B、委員C（オンライン）\n\n（欠席：委員D）\n\n"),
        "{md}"
    );
    assert!(md.contains("委員A、委員Cからの意見も踏まえ"), "{md}");
}

#[test]
fn unknown_lines_are_never_dropped() {
    let junk = [
        "（速報版）",
        "※本要旨は委員の確認を経ていない",
        "（途中休憩あり）",
        "会場の都合により開始が遅れた",
        "7 その他の事項",
        "次回は6月に開催予定",
    ];
    let text = SEED_TEXT
        .replacen("1 日 時", &format!("{}\n\n1 日 時", junk[0]), 1)
        .replacen("2 場 所", &format!("{}\n\n2 場 所", junk[1]), 1)
        .replacen(
            "[情報政策課長]",
            &format!("{}\n\n[情報政策課長]", junk[2]),
            1,
        )
        .replacen("3 出席委員", &format!("{}\n\n3 出席委員", junk[3]), 1)
        .replacen(
            "6 議事録（要旨）",
            &format!("{}\n\n{}\n\n6 議事録（要旨）", junk[4], junk[5]),
            1,
        );
    let imported = import(&text, Some(&settings())).expect("imports");
    let exported = to_plain_text(&imported.meeting);
    for line in junk {
        assert!(exported.contains(line), "lost 「{line}」");
    }
    // …and where they went is stable from then on.
    let again = to_plain_text(&import_ok(&exported, Some(&settings())));
    assert_eq!(exported, again);
    assert_eq!(imported.meeting.statements.len(), 47);
}

#[test]
fn a_text_without_a_date_is_refused() {
    assert_eq!(
        import("議事録\n\n1 場所\n\n本庁舎\n\n[委員]\n\n質問。", None),
        Err(ImportError::NoDate)
    );
}

/// The speaker label and kind of each turn.
type Turns = &'static [(&'static str, StatementKind)];

/// One fixture: name, date, convention, members (present, absent), turns.
type Expected = (
    &'static str,
    &'static str,
    Option<Convention>,
    (usize, usize),
    Turns,
);

#[allow(clippy::too_many_lines)] // a table, one entry per fixture
fn layout_expectations() -> [Expected; 14] {
    use Convention::{Angle, Bare, Colon, Legend, Marker, Paren, QuestionAnswer, Spaced, Trailing};
    use StatementKind::Opinion;
    [
        (
            "01-bullet-header-paren-speakers",
            "2022-08-30",
            Some(Paren),
            (4, 1),
            &[
                ("会長", Procedural),
                ("市長", Explanation),
                ("委員", Question),
                ("市長", Answer),
                ("委員", Request),
            ],
        ),
        (
            "02-legend-markers",
            "2023-11-06",
            Some(Legend),
            (3, 0),
            &[
                ("委員", Opinion),
                ("事務局", Answer),
                ("委員", Opinion),
                ("事務局", Answer),
            ],
        ),
        (
            "03-bare-roles-no-heading",
            "2022-01-25",
            Some(Bare),
            (5, 0),
            &[
                ("委員", Question),
                ("事務局", Answer),
                ("委員", Opinion),
                ("委員", Question),
                ("事務局", Answer),
            ],
        ),
        (
            "04-colon-inline-groups",
            "2023-06-12",
            Some(Colon),
            (4, 0),
            &[
                ("木村会長", Procedural),
                ("木村会長", Procedural),
                ("事務局(田口行政改革課主幹)", Explanation),
                ("小島委員", Question),
                ("杉山副市長", Answer),
                ("斉藤委員", Request),
                ("久保副会長", Request),
                ("木村会長", Procedural),
            ],
        ),
        (
            "05-pdf-layout-paren-inline",
            "2024-02-19",
            Some(Paren),
            (3, 1),
            &[
                ("事務局", Explanation),
                ("会長", Opinion),
                ("委員", Question),
                ("事務局", Answer),
            ],
        ),
        (
            "06-angle-brackets",
            "2024-03-04",
            Some(Angle),
            (3, 0),
            &[
                ("事務局", Explanation),
                ("栗田委員", Question),
                ("事務局", Answer),
                ("桑原委員", Request),
                ("菊池会長", Request),
            ],
        ),
        (
            "07-circle-markers-spelled-labels",
            "2024-07-10",
            Some(Marker),
            (3, 0),
            &[
                ("松本委員長", Procedural),
                ("行政経営課長", Explanation),
                ("村上委員", Question),
                ("行政経営課長", Answer),
                ("三浦副委員長", Request),
                ("財政課長", Answer),
            ],
        ),
        (
            "08-summary-without-speakers",
            "2023-10-23",
            None,
            (4, 1),
            &[
                ("要旨", Request),
                ("要旨", Opinion),
                ("要旨", Opinion),
                ("要旨", Opinion),
            ],
        ),
        (
            "09-bullet-role-speakers",
            "2024-05-20",
            Some(Bare),
            (3, 0),
            &[
                ("委員", Question),
                ("事務局", Answer),
                ("委員", Request),
                ("会長", Procedural),
            ],
        ),
        (
            "10-question-answer",
            "2024-09-02",
            Some(QuestionAnswer),
            (0, 0),
            &[
                ("委員", Question),
                ("事務局", Answer),
                ("委員", Question),
                ("事務局", Answer),
                ("委員", Opinion),
            ],
        ),
        (
            "11-lenticular-brackets",
            "2024-10-15",
            Some(Angle),
            (3, 1),
            &[
                ("森本委員長", Procedural),
                ("企画課長", Explanation),
                ("吉岡委員", Opinion),
                ("企画課長", Answer),
                ("和田委員", Request),
                ("森本委員長", Opinion),
            ],
        ),
        (
            "12-spaced-labels",
            "2024-12-09",
            Some(Spaced),
            (3, 0),
            &[
                ("野口会長", Procedural),
                ("総務課長", Explanation),
                ("服部委員", Question),
                ("総務課長", Answer),
                ("平田委員", Request),
                ("野口会長", Procedural),
            ],
        ),
        (
            "13-template-table-rows",
            "2024-11-18",
            Some(Spaced),
            (3, 1),
            &[
                ("杉本会長", Procedural),
                ("行政改革課長", Explanation),
                ("田島委員", Question),
                ("行政改革課長", Answer),
                ("土屋委員", Request),
                ("杉本会長", Procedural),
            ],
        ),
        (
            "14-trailing-attribution",
            "2024-08-05",
            Some(Trailing),
            (2, 0),
            &[
                ("Ａ委員", Request),
                ("事務局", Answer),
                ("Ｂ委員", Request),
                ("会長", Request),
            ],
        ),
    ]
}

/// Each layout fixture (own words, one per layout family) with what it must give: date,
/// the convention, present/absent attendees, and each turn's speaker label and kind. The
/// whole meeting is pinned by the snapshot beside it.
#[test]
fn every_layout_fixture_imports_as_expected() {
    let expected = layout_expectations();
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes/layouts");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        })
        .collect();
    files.sort();
    let names: Vec<String> = expected.iter().map(|e| format!("{}.txt", e.0)).collect();
    assert_eq!(files, names, "every fixture has its expectations");
    for (name, date, convention, (present, absent), turns) in expected {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("fixture");
        let imported = import(&text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let m = &imported.meeting;
        assert_eq!(m.date.to_string(), date, "{name}");
        assert_eq!(imported.convention, convention, "{name}");
        let members = |attendance: Attendance| {
            m.attendees
                .iter()
                .filter(|a| a.attendance == attendance && a.name != a.role)
                .filter(|a| crate::report::minutes::is_member(a))
                .count()
        };
        assert_eq!(
            (
                members(Attendance::Present) + members(Attendance::Online),
                members(Attendance::Absent)
            ),
            (present, absent),
            "{name}: members present/absent"
        );
        let got: Vec<(&str, StatementKind)> = m
            .statements
            .iter()
            .map(|s| (speaker_label(m, s), s.kind))
            .collect();
        assert_eq!(got, turns, "{name}");
        assert!(
            validate(None, &[], &[m]).is_empty(),
            "{name}: {:?}",
            validate(None, &[], &[m])
        );
        let warnings: Vec<String> = imported
            .warnings
            .iter()
            .map(|w| w.describe(Language::En))
            .collect();
        insta::assert_snapshot!(
            format!("layout-{name}"),
            format!(
                "{}\n{}",
                crate::store::canonical::to_canonical(m).expect("serialises"),
                warnings.join("\n")
            )
        );
    }
}

/// Nothing in a layout fixture is lost: every line of the input reaches the meeting (as
/// header, attendee, statement, heading or note) except what cleaning removes.
#[test]
fn no_fixture_line_is_lost() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes/layouts");
    for entry in std::fs::read_dir(&dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("fixture");
        let (lines, _) = lines::prepare(&text);
        let speakers = speakers::detect(&lines, None);
        let doc = segment::segment(&lines, &speakers);
        // A value printed on its label's line is counted once, with the label.
        let same_line = |heading: &lines::Line| {
            usize::from(segment::label_of(heading).is_some_and(|l| l.value.is_some()))
        };
        let placed: usize = doc
            .fields
            .iter()
            .map(|f| f.lines.len() + f.heading.as_ref().map_or(0, |h| 1 - same_line(h)))
            .sum::<usize>()
            + doc.body.len()
            + doc.body_heading.as_ref().map_or(0, |h| 1 - same_line(h));
        assert_eq!(placed, lines.len(), "{}", path.display());
    }
}

/// 20,000 distinct speakers import in linear time (the old importer did not finish).
/// Imports `n` distinct speakers (a role-only answer every tenth turn) and returns the
/// thread's CPU time for it.
fn import_speakers(n: usize) -> std::time::Duration {
    let mut text =
        String::from("第1回大規模委員会 議事録\n\n1 日時\n\n令和6年4月1日\n\n2 議事録\n\n");
    for i in 0..n {
        text.push_str(&format!("[山田{i}委員]\n\n発言{i}です。\n\n"));
        // Role-only answers among them are resolved once, not by a scan per turn.
        if i % 10 == 0 {
            text.push_str("[事務局]\n\n回答です。\n\n");
        }
    }
    let started = crate::dev::thread_cpu_time();
    let imported = import(&text, None).expect("imports");
    let elapsed = crate::dev::thread_cpu_time().saturating_sub(started);
    assert_eq!(imported.meeting.statements.len(), n + n / 10);
    assert!(imported.meeting.attendees.len() >= n);
    assert_eq!(
        imported
            .warnings
            .iter()
            .filter(|w| matches!(w, Warning::UnlistedSpeakers { .. }))
            .count(),
        1,
        "one summary warning, not {n}"
    );
    elapsed
}

#[test]
fn twenty_thousand_speakers_are_linear() {
    let small = import_speakers(2_000);
    let large = import_speakers(20_000);
    // Ten times the speakers: linear work is ~10× (CPU time, so a loaded machine does not
    // count), a scan per turn ~100×. The real timing is the criterion bench.
    assert!(
        large < small * 40 + std::time::Duration::from_secs(2),
        "2,000 speakers {small:?}, 20,000 speakers {large:?}"
    );
}

#[test]
fn overrides_win_over_detection() {
    let text = "会議メモ\n\n日時：令和6年1月9日\n\n議事\n\n山田さん「始めます。」\n\n川口さん「質問です。」\n";
    let pattern = regex::Regex::new(r"^(?P<speaker>\S+?)さん「(?P<text>.*)」$").expect("regex");
    let options = Options {
        speaker_pattern: Some(pattern),
        date: Some(NaiveDate::from_ymd_opt(2024, 1, 10).expect("date")),
        committee: None,
    };
    let imported = import_with(text, None, &options).expect("imports");
    let m = &imported.meeting;
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 1, 10).expect("date"));
    let turns: Vec<(&str, &str)> = m
        .statements
        .iter()
        .map(|s| (speaker_label(m, s), s.text.as_str()))
        .collect();
    assert_eq!(turns, [("山田", "始めます。"), ("川口", "質問です。")]);
    assert_eq!(imported.convention, Some(Convention::Pattern));
    let unknown = Options {
        committee: Some("nope".into()),
        ..Options::default()
    };
    assert_eq!(
        import_with(text, Some(&settings()), &unknown),
        Err(ImportError::UnknownCommittee("nope".into()))
    );
}

#[test]
fn a_docx_reads_like_its_text() {
    use super::docx::tests::{docx, p};
    let body: String = [
        p(&["令和6年度第1回テスト委員会 会議録"]),
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p(&["日時"]),
            p(&["令和6年6月3日（月）午後2時から午後3時まで"]),
            p(&["出席者"]),
            p(&["高木会長、中野委員"])
        ),
        p(&["議事要旨"]),
        p(&["高木会長：", "開会する。"]),
        p(&["中野委員：予算の執行率は", "どうか。"]),
        p(&["事務局：9割を超えている。"]),
    ]
    .concat();
    let text = super::docx::text(&docx(&body)).expect("reads");
    let imported = import(&text, None).expect("imports");
    let m = &imported.meeting;
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2024, 6, 3).expect("date"));
    assert_eq!(
        (m.start.as_deref(), m.end.as_deref()),
        (Some("14:00"), Some("15:00"))
    );
    let turns: Vec<(&str, StatementKind)> = m
        .statements
        .iter()
        .map(|s| (speaker_label(m, s), s.kind))
        .collect();
    assert_eq!(
        turns,
        [
            ("高木会長", Procedural),
            ("中野委員", Question),
            ("事務局", Answer)
        ]
    );
    assert_eq!(m.chair.as_deref(), Some("member1"));
}

/// People the roster does not know are attendees all the same, with one warning for all.
#[test]
fn unknown_people_make_one_warning_not_one_each() {
    let imported = import(OTHER_TEXT, Some(&settings())).expect("imports");
    let not_on_roster: Vec<&Vec<String>> = imported
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::NotOnRoster { names } => Some(names),
            _ => None,
        })
        .collect();
    assert_eq!(not_on_roster.len(), 1, "{:?}", imported.warnings);
    assert_eq!(not_on_roster[0].len(), 5, "{:?}", not_on_roster[0]);
    let members = imported
        .meeting
        .attendees
        .iter()
        .filter(|a| crate::report::minutes::is_member(a))
        .count();
    assert_eq!(members, 5);
}
