//! The importer end to end on whole documents: the seed, a second city, and the folder of
//! layout fixtures (each paired with its expected meeting).

use super::super::fixtures::{OTHER_TEXT, SEED_TEXT, sample, settings};
use super::super::{ExportOptions, Format, export, speaker_label, to_plain_text};
use super::*;
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
