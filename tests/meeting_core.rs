//! Meeting minutes outside the TUI, end to end with the real binary on a copy of the
//! sample: the lifecycle draft → confirmed → published (confirmed minutes refuse every
//! write, `check` and `audit` name a change with `path:line:column`), and `meeting edit`
//! of the header after creation.

use std::path::Path;

use crate::common::{sample_workspace, stderr, stdout};

const ID: &str = "2024-07-30-kaikaku-suishin-1";
const FILE: &str = "minutes/2024-07-30-kaikaku-suishin-1.ron";

use crate::common::{git_in as git, kaikaku_in as k, kaikaku_ok as ok};

/// The sample with a draft meeting of 2024-07-30, committed.
fn with_draft() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, ws) = sample_workspace();
    git(&ws, &["config", "user.name", "事務局"]);
    git(&ws, &["config", "user.email", "secretariat@example.jp"]);
    ok(
        &ws,
        &[
            "meeting",
            "new",
            "--date",
            "2024-07-30",
            "--title",
            "第1回市役所改革推進委員会",
            "--number",
            "1",
            "--start",
            "14:00",
            "--material",
            "資料1=取組状況",
            "--agenda",
            "取組状況について",
        ],
    );
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-q", "-m", "draft"]);
    (temp, ws)
}

fn minutes(ws: &Path) -> String {
    std::fs::read_to_string(ws.join(FILE)).expect("minutes")
}

#[test]
fn minutes_go_from_draft_to_confirmed_to_published_and_then_never_change() {
    let (_temp, ws) = with_draft();
    let draft = minutes(&ws);
    assert!(draft.contains("status: draft"), "{draft}");

    // Publishing skips nothing: a draft is confirmed first; nothing is written.
    let out = k(&ws, &["--lang", "en", "meeting", "publish", ID]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("confirm them before publishing"),
        "{}",
        stderr(&out)
    );
    assert_eq!(minutes(&ws), draft);

    let said = ok(&ws, &["--lang", "ja", "meeting", "confirm", ID]);
    assert!(said.contains("確定しました"), "{said}");
    let confirmed = minutes(&ws);
    assert_eq!(
        confirmed,
        draft.replace("status: draft", "status: confirmed"),
        "confirming changes the status and nothing else"
    );

    // Twice is refused, in the user's language.
    let out = k(&ws, &["--lang", "ja", "meeting", "confirm", ID]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("すでに確定済み"), "{}", stderr(&out));

    // Any store write to confirmed minutes is refused with the reason; the file stays.
    let out = k(
        &ws,
        &["--lang", "en", "meeting", "edit", ID, "--place", "別室"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("are confirmed and cannot change"),
        "{}",
        stderr(&out)
    );
    let out = k(
        &ws,
        &["--lang", "ja", "meeting", "edit", ID, "--place", "別室"],
    );
    assert!(
        stderr(&out).contains("確定済みのため変更できません"),
        "{}",
        stderr(&out)
    );
    assert_eq!(minutes(&ws), confirmed);

    let said = ok(&ws, &["--lang", "en", "meeting", "publish", ID]);
    assert!(said.contains("published"), "{said}");
    assert_eq!(
        minutes(&ws),
        draft.replace("status: draft", "status: published")
    );
    let out = k(&ws, &["--lang", "en", "meeting", "publish", ID]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already published"),
        "{}",
        stderr(&out)
    );
    ok(&ws, &["check"]);
}

/// A confirmed meeting changed by hand: `check` names the working file's position, and
/// once committed `audit` names the commit's file position, both `path:line:column`.
#[test]
fn check_and_audit_name_a_change_to_confirmed_minutes_by_position() {
    let (_temp, ws) = with_draft();
    ok(&ws, &["meeting", "confirm", ID]);
    git(&ws, &["commit", "-q", "-am", "confirmed"]);
    let text = minutes(&ws);
    let at = text.find("title: \"").expect("title") + "title: \"".len();
    let mut changed = text.clone();
    changed.insert(at, '改');
    std::fs::write(ws.join(FILE), &changed).expect("write");
    let line = changed[..at].matches('\n').count() + 1;
    let column = changed[changed[..at].rfind('\n').map_or(0, |i| i + 1)..at]
        .chars()
        .count()
        + 1;
    let position = format!("{FILE}:{line}:{column}");

    let out = k(&ws, &["--lang", "en", "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!(
            "{position}: changed after the minutes were confirmed"
        )),
        "{position} expected in\n{}",
        stdout(&out)
    );

    git(&ws, &["commit", "-q", "-am", "quiet fix"]);
    let out = k(&ws, &["audit"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // The sample workspace is Japanese: the finding is said in Japanese, with the position.
    assert!(
        stdout(&out).contains(&format!("確定後の議事録 {position} を変更しています")),
        "{position} expected in\n{}",
        stdout(&out)
    );
    let out = k(&ws, &["--lang", "en", "audit"]);
    assert!(
        stdout(&out).contains(&format!(
            "changes {position} after the minutes were confirmed"
        )),
        "{position} expected in\n{}",
        stdout(&out)
    );
}

/// A crashed meeting screen leaves statements in the live journal: confirming then would
/// freeze minutes without them, so it is refused until the meeting is reopened.
#[test]
fn confirm_waits_for_a_live_journal_to_be_saved() {
    let (_temp, ws) = with_draft();
    let journal = ws.join(".kaikaku/journal");
    std::fs::create_dir_all(&journal).expect("journal dir");
    let payload = br#"{"draft":{"text":"\u9014\u4e2d","cursor":[0,2],"speaker":null,"kind":null,"editing":null}}"#;
    let mut record = Vec::new();
    record.extend_from_slice(&u32::try_from(payload.len()).expect("len").to_le_bytes());
    record.extend_from_slice(&crc32(payload).to_le_bytes());
    record.extend_from_slice(payload);
    std::fs::write(journal.join(format!("{ID}.log")), record).expect("journal");
    let before = minutes(&ws);
    let out = k(&ws, &["--lang", "en", "meeting", "confirm", ID]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("live journal"), "{}", stderr(&out));
    assert_eq!(minutes(&ws), before);
}

/// CRC-32 (IEEE), as the journal's records carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The header is editable after creation: end time, place, attendance with a proxy and an
/// online member, three officials with departments, a material with pages, a second agenda
/// item. The file stays canonical and `check`-clean, the export prints it, and Akoma Ntoso
/// and Popolo exports still come out.
#[test]
fn meeting_edit_changes_the_header_after_creation() {
    let (_temp, ws) = with_draft();
    let said = ok(
        &ws,
        &[
            "--lang",
            "en",
            "meeting",
            "edit",
            ID,
            "--end",
            "15:30",
            "--place",
            "熊本市役所 本庁舎14階",
            "--attendance",
            "kato=proxy:山田花子",
            "--attendance",
            "yahata=online",
            "--attendance",
            "morita＝欠席",
            "--official",
            "田中一郎:説明員:総務局",
            "--official",
            "佐藤次郎:説明員:政策局",
            "--official",
            "鈴木三郎::財政局",
            "--material",
            "資料2=DX推進計画:12",
            "--agenda",
            "その他",
        ],
    );
    assert!(said.contains("updated"), "{said}");
    let text = minutes(&ws);
    for expected in [
        "end: Some(\"15:30\")",
        "place: \"熊本市役所 本庁舎14階\"",
        "attendance: proxy(\"kato\")",
        "attendance: online",
        "department: Some(\"総務局\")",
        "pages: Some(12)",
        "title: \"その他\"",
    ] {
        assert!(text.contains(expected), "{expected} missing in\n{text}");
    }
    ok(&ws, &["check"]);
    ok(&ws, &["fmt", "--check"]);

    let export = ok(&ws, &["meeting", "export", ID]);
    for expected in [
        "午後2時00分から午後3時30分まで",
        "熊本市役所 本庁舎14階",
        "山田花子（代理出席）",
        "八幡彩子（オンライン）",
        "（欠席：森田操、加藤貴司）",
        "総務局 田中一郎",
        "財政局 鈴木三郎",
        "資料2 DX推進計画",
        "(2) その他",
    ] {
        assert!(export.contains(expected), "{expected} missing in\n{export}");
    }
    for format in ["akn", "popolo"] {
        ok(&ws, &["meeting", "export", ID, "--format", format]);
    }

    // A wrong value anywhere writes nothing, with what was expected.
    let before = minutes(&ws);
    for args in [
        vec!["--end", "25:00"],
        vec!["--end", "13:00"],
        vec!["--attendance", "nobody=absent"],
        vec!["--attendance", "kato=late"],
        vec!["--official", "名前だけ"],
        vec!["--remove", "資料9"],
    ] {
        let mut all = vec!["--lang", "en", "meeting", "edit", ID, "--place", "別室"];
        all.extend(args.iter().copied());
        let out = k(&ws, &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} says why");
        assert_eq!(minutes(&ws), before, "{args:?} wrote something");
    }

    // Attendance back to present removes the proxy again.
    ok(
        &ws,
        &["meeting", "edit", ID, "--attendance", "kato=present"],
    );
    assert!(!minutes(&ws).contains("proxy"), "{}", minutes(&ws));
}
