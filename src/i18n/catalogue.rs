//! The catalogue test: every error the core can raise, with sample values, rendered in
//! Japanese must carry no English word (outside identifiers, paths, commands and the
//! allow-list of [`super::english_words`]), and must differ from its English form. Each
//! sample list is built by an exhaustive `match` (no `_` arm), so a new variant does not
//! compile until it has a sample here, and so a Japanese form is checked.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Localize, english_words};
use crate::error::{Error, IO_ACTIONS, THINGS};
use crate::model::Language;
use crate::model::plan_edit::EditError;

fn io(kind: std::io::ErrorKind) -> std::io::Error {
    std::io::Error::from(kind)
}

fn git2_error() -> git2::Error {
    git2::Error::from_str("object not found - no match for id")
}

/// One sample per variant (more where a payload changes the wording).
#[allow(clippy::too_many_lines)] // a list of samples
fn errors() -> Vec<Error> {
    use crate::model::lifecycle::LifecycleError;
    use crate::model::meeting::MeetingStatus;
    let mut all = vec![
        Error::NotAWorkspace(PathBuf::from("/tmp/ws")),
        Error::Unreadable {
            path: PathBuf::from("/tmp/ws"),
            source: io(std::io::ErrorKind::PermissionDenied),
        },
        Error::ReadOnly(("投影用ウィンドウ", "presenter window").into()),
        Error::UnsafeId(crate::model::validate::check_id("../x").expect_err("unsafe")),
        Error::Broken {
            path: "plans/a.ron".into(),
        },
        Error::Serialize {
            what: "plans/a.ron".into(),
            source: ron::Error::Message("sequence too deep".into()),
        },
        Error::Invalid(("所管局には名称が必要です", "a department needs a name").into()),
        Error::ResponseRefused {
            statement: "s4".into(),
            reason: crate::text!("発言「s4」は対象外です", "statement \"s4\" is not flagged"),
        },
        Error::ChangedDuringCommit("plans/a.ron".into()),
        Error::OutsideWorkspace("plans".into()),
        Error::NotARepository(PathBuf::from("/tmp/ws")),
        Error::UnknownRevision {
            rev: "cycle/FY2099".into(),
            source: git2_error(),
        },
        Error::IndexLocked(PathBuf::from(".git/index.lock")),
        Error::DetachedHead,
        Error::MissingIdentity,
        Error::BadGitDate {
            variable: "GIT_AUTHOR_DATE".into(),
            value: "yesterday".into(),
        },
        Error::CheckFailed(3),
        Error::UnrelatedChanges(vec!["notes.txt".into()]),
        Error::UncommittedData(vec!["plans/a.ron".into()]),
        Error::PhaseOrder(("リポジトリにはまだコミットがありません", "no commits yet").into()),
        Error::MissingReasons(vec!["k1: 目標値 90% → 95%".into()]),
        Error::ReasonRequired(crate::text!(
            "目標値の変更: 指標「k1」",
            "the target of \"k1\""
        )),
        Error::Signing(("署名のツールが失敗しました（詳細: bad key）", "bad key").into()),
        Error::TagExists("cycle/FY2024".into()),
        Error::NoRemote,
        Error::RemoteMissing {
            name: "origin".into(),
            suggested: Some("https://git.example.jp/reform.git".into()),
        },
        Error::RemoteMissing {
            name: "origin".into(),
            suggested: None,
        },
        Error::Transport {
            what: crate::text!(
                "/srv/a.git から取得できません",
                "cannot fetch from /srv/a.git"
            ),
            detail: "fatal: repository not found".into(),
        },
        Error::Conflict(vec!["plans/a.ron: k1".into()]),
        Error::PushRejected("refs/heads/main".into()),
        Error::ChangedOnDisk {
            path: "plans/a.ron".into(),
        },
        Error::WouldNotLoad {
            path: "plans/a.ron".into(),
            reason: "3:5: Expected string".into(),
        },
        Error::Git {
            message: "cannot read HEAD".into(),
            source: Some(git2_error()),
        },
        Error::Git {
            message: "cannot read HEAD".into(),
            source: None,
        },
    ];
    for (action, _) in IO_ACTIONS {
        for kind in [
            std::io::ErrorKind::StorageFull,
            std::io::ErrorKind::NotFound,
        ] {
            all.push(Error::io(action, "plans/a.ron", io(kind)));
        }
    }
    for (what, _) in THINGS {
        all.push(Error::NotFound {
            what,
            id: "k1".into(),
        });
    }
    for why in [
        crate::store::runtime::Unsafe::Link,
        crate::store::runtime::Unsafe::NotADirectory,
        crate::store::runtime::Unsafe::NotAFile,
        crate::store::runtime::Unsafe::HardLinked,
        crate::store::runtime::Unsafe::Tracked,
    ] {
        all.push(Error::UnsafeRuntime {
            path: PathBuf::from(".kaikaku/journal"),
            why,
        });
    }
    all.extend(edit_errors().into_iter().map(Error::PlanEdit));
    for status in [MeetingStatus::Confirmed, MeetingStatus::Published] {
        all.push(Error::Lifecycle(LifecycleError::Immutable {
            id: "2021-03-22-a".into(),
            status,
        }));
        all.push(Error::Lifecycle(LifecycleError::Already {
            id: "2021-03-22-a".into(),
            status,
        }));
    }
    all.push(Error::Lifecycle(LifecycleError::NotConfirmed {
        id: "2021-03-22-a".into(),
    }));
    all
}

fn edit_errors() -> Vec<EditError> {
    use crate::model::FiscalYear;
    vec![
        EditError::NoNode("p1".into()),
        EditError::NoIndicator("k1".into()),
        EditError::DuplicateNode("p1".into()),
        EditError::DuplicateIndicator("k1".into()),
        EditError::RetiredParent("p1".into()),
        EditError::MoveIntoItself {
            node: "p1".into(),
            parent: "p1-1".into(),
        },
        EditError::Position {
            position: 9,
            count: 3,
        },
        EditError::AlreadyRetired {
            node: "p1".into(),
            year: FiscalYear(2024),
        },
        EditError::StatusAfterRetirement {
            node: "p1".into(),
            year: FiscalYear(2024),
            later: FiscalYear(2025),
        },
        EditError::Retired {
            node: "p1".into(),
            retired: FiscalYear(2024),
            year: FiscalYear(2025),
        },
        EditError::Empty("題名", "a title"),
        EditError::NotRetired("p1".into()),
        EditError::RetiredAbove {
            node: "p1-1".into(),
            above: "p1".into(),
        },
        EditError::PlannedTwice {
            year: crate::model::FiscalYear(2025),
        },
    ]
}

/// The variant's name, by an exhaustive match: a new variant is a compile error here.
fn variant(error: &Error) -> &'static str {
    match error {
        Error::Io { .. } => "Io",
        Error::NotAWorkspace(_) => "NotAWorkspace",
        Error::Unreadable { .. } => "Unreadable",
        Error::ReadOnly(_) => "ReadOnly",
        Error::UnsafeId(_) => "UnsafeId",
        Error::Broken { .. } => "Broken",
        Error::Serialize { .. } => "Serialize",
        Error::NotFound { .. } => "NotFound",
        Error::Invalid(_) => "Invalid",
        Error::ResponseRefused { .. } => "ResponseRefused",
        Error::ChangedDuringCommit(_) => "ChangedDuringCommit",
        Error::OutsideWorkspace(_) => "OutsideWorkspace",
        Error::NotARepository(_) => "NotARepository",
        Error::UnknownRevision { .. } => "UnknownRevision",
        Error::IndexLocked(_) => "IndexLocked",
        Error::DetachedHead => "DetachedHead",
        Error::MissingIdentity => "MissingIdentity",
        Error::BadGitDate { .. } => "BadGitDate",
        Error::CheckFailed(_) => "CheckFailed",
        Error::UnrelatedChanges(_) => "UnrelatedChanges",
        Error::UncommittedData(_) => "UncommittedData",
        Error::PhaseOrder(_) => "PhaseOrder",
        Error::MissingReasons(_) => "MissingReasons",
        Error::ReasonRequired(_) => "ReasonRequired",
        Error::PlanEdit(_) => "PlanEdit",
        Error::Signing(_) => "Signing",
        Error::TagExists(_) => "TagExists",
        Error::NoRemote => "NoRemote",
        Error::RemoteMissing { .. } => "RemoteMissing",
        Error::Transport { .. } => "Transport",
        Error::Conflict(_) => "Conflict",
        Error::PushRejected(_) => "PushRejected",
        Error::UnsafeRuntime { .. } => "UnsafeRuntime",
        Error::ChangedOnDisk { .. } => "ChangedOnDisk",
        Error::WouldNotLoad { .. } => "WouldNotLoad",
        Error::Lifecycle(_) => "Lifecycle",
        Error::Git { .. } => "Git",
    }
}

/// The number of arms in [`variant`].
const VARIANTS: usize = 37;

/// Japanese without English words, and different from the English form; every failure is
/// listed at once.
fn assert_japanese(samples: &[(String, String, String)]) {
    let mut failures = Vec::new();
    for (what, ja, en) in samples {
        let words = english_words(ja);
        if !words.is_empty() {
            failures.push(format!("{what}: English words {words:?} in 「{ja}」"));
        }
        if ja == en || en.is_empty() {
            failures.push(format!(
                "{what}: no English form of its own: 「{ja}」 / 「{en}」"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_error_variant_speaks_japanese() {
    let errors = errors();
    let seen: BTreeSet<&str> = errors.iter().map(variant).collect();
    assert_eq!(seen.len(), VARIANTS, "a variant has no sample: {seen:?}");
    let mut samples = Vec::new();
    for error in &errors {
        let name = format!("{} ({error:?})", variant(error));
        samples.push((
            name.clone(),
            error.message(Language::Ja),
            error.message(Language::En),
        ));
        if let (Some(ja), Some(en)) = (error.hint(Language::Ja), error.hint(Language::En)) {
            samples.push((format!("hint of {name}"), ja.into(), en.into()));
        }
        // The status line of the TUI: message and hint together.
        samples.push((
            format!("status line of {name}"),
            error.with_hint(Language::Ja),
            error.with_hint(Language::En),
        ));
    }
    assert_japanese(&samples);
}

#[test]
fn model_and_report_errors_speak_japanese() {
    use crate::model::meeting_edit::HeaderError;
    use crate::report::minutes::import::ImportError as MinutesError;
    use crate::report::minutes::import::docx::DocxError;
    let mut samples: Vec<(String, String, String)> = Vec::new();
    let mut add = |name: &str, value: &dyn Fn(Language) -> String| {
        samples.push((name.to_string(), value(Language::Ja), value(Language::En)));
    };
    let figure = "ごじゅう"
        .parse::<crate::model::Figure>()
        .expect_err("not a number");
    add("FigureError", &|l| figure.message(l));
    let year = "来年"
        .parse::<crate::model::FiscalYear>()
        .expect_err("not a year");
    add("FiscalYearError", &|l| year.message(l));
    for header in [
        HeaderError::UnknownAttendee("m-1".into()),
        HeaderError::BadTime("25:00".into()),
        HeaderError::EndBeforeStart {
            start: "15:00".into(),
            end: "14:00".into(),
        },
        HeaderError::NothingToRemove("m9".into()),
        HeaderError::InUse {
            id: "m1".into(),
            statement: "s3".into(),
        },
        HeaderError::Empty("題名", "the title"),
    ] {
        add(&format!("{header:?}"), &|l| header.message(l));
    }
    let cell = crate::report::cells::parse_cell("abc").expect_err("not a cell");
    add("CellError", &|l| cell.message(l));
    let import = crate::report::import::ImportError::new(3, 2, "数値がありません", "no number");
    add("report::import::ImportError", &|l| import.message(l));
    for minutes in [
        MinutesError::NoDate,
        MinutesError::NoStatements,
        MinutesError::UnknownCommittee("c-1".into()),
    ] {
        add(&format!("{minutes:?}"), &|l| minutes.message(l));
        add(&format!("hint of {minutes:?}"), &|l| {
            minutes.hint(l).to_string()
        });
    }
    let format = "pdf"
        .parse::<crate::report::minutes::export::Format>()
        .expect_err("no pdf");
    add("UnknownFormat", &|l| format.message(l));
    for docx in [
        DocxError::NoDocument,
        DocxError::TooLarge,
        DocxError::Xml("unexpected end".into()),
    ] {
        add(&format!("{docx:?}"), &|l| docx.message(l));
    }
    let not_zip = crate::report::minutes::import::docx::text(b"plain text").expect_err("no zip");
    add("DocxError::NotZip", &|l| not_zip.message(l));
    assert_japanese(&samples);
}
