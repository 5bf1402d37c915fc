//! Publishing: the minutes exported from the real binary read like the published minutes
//! (text, HTML, Word), and the Akoma Ntoso and Popolo exports are valid against the official
//! schemas in `../shared/standards/` (the tests that need them, or `xmllint`, say SKIPPED
//! when they are absent).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use kaikaku::store::Workspace;
use kaikaku::tui::{App, Command, Msg, dispatch};

use crate::common::{kaikaku, repo_root, run, sample_workspace, stderr, stdout};
use crate::tui::app_on;

const SAMPLE: &str = "2021-03-22-kaikaku-suishin-1";
const LIVE: &str = "2024-07-30-kaikaku-suishin-1";
const SEED: &str = "tests/fixtures/minutes/kumamoto-committee-minutes-2021-03-22.txt";
const OTHER: &str = "tests/fixtures/minutes/minato-gyokaku-2024-02-05.txt";

/// `../shared` beside the repository (CI's layout), or two levels up for a worktree.
fn shared() -> Option<PathBuf> {
    let root = repo_root();
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|dir| dir.join("standards").is_dir())
}

fn skip(what: &str) {
    eprintln!("SKIPPED: {what}");
}

/// Runs `kaikaku --workspace WS ARGS…`, asserting success; returns stdout.
fn ok(home: &Path, workspace: &Path, args: &[&str]) -> String {
    let output = run(kaikaku(home).arg("--workspace").arg(workspace).args(args));
    assert!(
        output.status.success(),
        "kaikaku {args:?} failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// Records a statement as the typist does: speaker key, kind key, pasted text, Enter.
fn say(app: &mut App, speaker: char, kind: char, text: &str) {
    dispatch(app, Msg::Speaker(speaker));
    dispatch(app, Msg::Kind(kind));
    dispatch(app, Msg::Paste(text.into()));
    dispatch(app, Command::CommitStatement);
}

/// A sample workspace with a meeting prepared by `meeting new` and recorded live through
/// the TUI's own update path: an opening, the secretariat explaining in two statements on
/// one material page (chosen once), a question and its answer, a proposal.
fn live_meeting() -> (tempfile::TempDir, PathBuf) {
    let (temp, template) = sample_workspace();
    ok(
        temp.path(),
        &template,
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
            "--place",
            "本庁舎14階大ホール",
            "--secretariat",
            "改革推進課長",
            "--material",
            "資料1=市役所改革の取組状況",
            "--agenda",
            "市役所改革プランの進捗について",
        ],
    );
    let (copy, mut app) = app_on(&template, kaikaku::model::Language::Ja, false);
    dispatch(&mut app, Command::ShowMeeting);
    say(
        &mut app,
        '1',
        'g',
        "ただいまから第1回市役所改革推進委員会を開会します。",
    );
    dispatch(&mut app, Command::NextMaterial);
    dispatch(&mut app, Command::NextPage);
    dispatch(&mut app, Command::NextPage);
    say(
        &mut app,
        '8',
        'e',
        "資料1に沿って、窓口改革の取組状況を説明します。",
    );
    say(
        &mut app,
        '8',
        'e',
        "来年度はオンライン申請の対象を広げます。",
    );
    // The material page chosen applied to the next statement only: nothing to clear here.
    say(
        &mut app,
        '2',
        'q',
        "窓口の待ち時間は、どのくらい短くなりましたか。",
    );
    say(
        &mut app,
        '8',
        'a',
        "令和5年度は平均12分で、前年度より3分短縮しました。",
    );
    say(
        &mut app,
        '7',
        'p',
        "来庁しなくてよい市役所を目指してはどうか。",
    );
    // Leaving the screen writes the meeting file.
    dispatch(&mut app, Command::ShowDashboard);
    drop(app);
    drop(temp);
    let workspace = copy.path().join("ws");
    let loaded = Workspace::load(&workspace).expect("loads");
    let meeting = loaded.meeting(LIVE).expect("the live meeting was saved");
    assert_eq!(meeting.statements.len(), 6, "{:#?}", meeting.statements);
    (copy, workspace)
}

/// What a paragraph of the published layout is, by its shape alone.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Shape {
    Title,
    Section,
    DateLine,
    Speaker,
    Reference,
    Text,
}

fn shapes(text: &str) -> Vec<(Shape, String)> {
    let mut out = Vec::new();
    for (index, paragraph) in text.trim().split("\n\n").enumerate() {
        let p = paragraph.trim();
        let shape = if index == 0 {
            Shape::Title
        } else if p.starts_with('[') && p.ends_with(']') {
            Shape::Speaker
        } else if p.starts_with('【') && p.contains('】') && !p.ends_with('】') {
            Shape::Reference
        } else if p
            .split_once(' ')
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            && p.len() < 60
        {
            Shape::Section
        } else if p.contains("年（") && p.contains("日（") {
            Shape::DateLine
        } else {
            Shape::Text
        };
        out.push((shape, p.to_string()));
    }
    out
}

#[test]
fn a_live_meeting_exports_in_the_layout_of_the_seed_minutes() {
    let (home, workspace) = live_meeting();
    let text = ok(home.path(), &workspace, &["meeting", "export", LIVE]);
    let seed = std::fs::read_to_string(repo_root().join(SEED)).expect("seed");
    let ours = shapes(&text);
    let theirs = shapes(&seed);

    // Title: 年度 and the city, as the city prints it.
    assert_eq!(
        ours[0].1,
        "令和6年度（2024年度）第1回熊本市市役所改革推進委員会 議事録（要旨）"
    );
    assert!(theirs[0].1.starts_with("令和2年度（2020年度）第1回熊本市"));
    // The same numbered sections in the same order.
    let sections = |s: &[(Shape, String)]| -> Vec<String> {
        s.iter()
            .filter(|(k, _)| *k == Shape::Section)
            .map(|(_, t)| t.clone())
            .collect()
    };
    assert_eq!(sections(&ours), sections(&theirs));
    // The time line: start and end, as in 「…（月） 午後2時00分から午後3時30分まで」.
    let date = |s: &[(Shape, String)]| {
        s.iter()
            .find(|(k, _)| *k == Shape::DateLine)
            .map(|(_, t)| t.clone())
            .expect("a date line")
    };
    let ours_date = date(&ours);
    assert!(date(&theirs).ends_with("まで"));
    assert!(
        ours_date.starts_with("令和6年（2024年）7月30日（火） 午後2時00分から"),
        "{ours_date}"
    );
    assert!(ours_date.ends_with("まで"), "{ours_date}");

    // The statements: printed labels, never full names, one heading per speaker turn.
    let speakers: Vec<&str> = ours
        .iter()
        .filter(|(k, _)| *k == Shape::Speaker)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        speakers,
        [
            "[澤田会長]",
            "[改革推進課長]",
            "[八幡委員]",
            "[改革推進課長]",
            "[奥沢委員]"
        ]
    );
    // A material line only where one was chosen, once for the topic.
    let references: Vec<&str> = ours
        .iter()
        .filter(|(k, _)| *k == Shape::Reference)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(references, ["【資料1】P3"]);
    // Every block reads as in the seed: label, then its reference lines, then text.
    let statements = |s: &[(Shape, String)]| -> Vec<Shape> {
        let start = s
            .iter()
            .position(|(k, t)| *k == Shape::Section && t.ends_with("議事録（要旨）"))
            .expect("the statements section");
        s[start + 1..].iter().map(|(k, _)| *k).collect()
    };
    for sequence in [statements(&ours), statements(&theirs)] {
        assert_eq!(sequence.first(), Some(&Shape::Speaker));
        for pair in sequence.windows(2) {
            assert!(
                !(pair[0] == Shape::Text && pair[1] == Shape::Reference),
                "a reference line always follows its speaker label: {sequence:?}"
            );
        }
    }
    let explained = text
        .split("[改革推進課長]\n\n【資料1】P3\n\n")
        .nth(1)
        .expect("the secretariat's turn");
    assert!(explained.starts_with(
        "資料1に沿って、窓口改革の取組状況を説明します。\n\n来年度はオンライン申請の対象を広げます。\n\n[八幡委員]"
    ));

    // --output writes the same text to a file, and the file reads back as minutes.
    let file = home.path().join("議事録.txt");
    ok(
        home.path(),
        &workspace,
        &[
            "meeting",
            "export",
            LIVE,
            "--output",
            file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(std::fs::read_to_string(&file).expect("written"), text);
    let imported = ok(
        home.path(),
        &workspace,
        &[
            "meeting",
            "import",
            file.to_str().expect("utf-8"),
            "--dry-run",
            "--ron",
        ],
    );
    assert_eq!(imported.matches("speaker:").count(), 5, "{imported}");
}

/// Imports published minutes through the CLI into a workspace without the sample meeting
/// (the seed is the sample's source and would collide with it); returns the new id.
fn import(home: &Path, workspace: &Path, fixture: &str) -> String {
    for dir in ["minutes", "responses"] {
        let file = workspace.join(dir).join(format!("{SAMPLE}.ron"));
        if file.exists() && fixture == SEED {
            std::fs::remove_file(file).expect("remove the sample meeting");
        }
    }
    let path = repo_root().join(fixture);
    let said = ok(
        home,
        workspace,
        // Fixtures of other cities' committees are read into the sample's committee: what
        // is checked here is the export, not the committee matching (tests/minutes_import.rs).
        &[
            "meeting",
            "import",
            path.to_str().expect("utf-8"),
            "--committee",
            "kaikaku-suishin",
        ],
    );
    said.split_whitespace()
        .last()
        .expect("the importer names the meeting")
        .to_string()
}

/// Every Akoma Ntoso export the brief names: the sample, anonymised, an imported meeting
/// (two layouts), a meeting recorded live, and an empty draft.
fn akn_exports() -> Vec<(String, String)> {
    let (home, workspace) = live_meeting();
    // A draft prepared but not yet recorded: no statement, still a valid document.
    ok(
        home.path(),
        &workspace,
        &[
            "meeting",
            "new",
            "--date",
            "2024-10-01",
            "--title",
            "第2回市役所改革推進委員会",
            "--number",
            "2",
        ],
    );
    let mut exports = vec![(
        "empty draft".to_string(),
        ok(
            home.path(),
            &workspace,
            &[
                "meeting",
                "export",
                "2024-10-01-kaikaku-suishin-2",
                "--format",
                "akn",
            ],
        ),
    )];
    for (name, id, extra) in [
        ("sample", SAMPLE, None),
        ("sample anonymised", SAMPLE, Some("--anonymize")),
        ("live", LIVE, None),
        ("live anonymised", LIVE, Some("--anonymize")),
    ] {
        let mut args = vec!["meeting", "export", id, "--format", "akn"];
        args.extend(extra);
        exports.push((name.to_string(), ok(home.path(), &workspace, &args)));
    }
    for fixture in [SEED, OTHER] {
        let id = import(home.path(), &workspace, fixture);
        for extra in [None, Some("--anonymize")] {
            let mut args = vec!["meeting", "export", id.as_str(), "--format", "akn"];
            args.extend(extra);
            exports.push((
                format!("imported {fixture} {extra:?}"),
                ok(home.path(), &workspace, &args),
            ));
        }
    }
    exports
}

#[test]
fn akoma_ntoso_is_valid_against_the_oasis_schema() {
    let Some(shared) = shared() else {
        return skip("../shared/standards is absent: Akoma Ntoso schema validation");
    };
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        return skip("xmllint is not installed (apt-get install libxml2-utils)");
    }
    let schema = shared.join("standards/akn/akomantoso30.xsd");
    let dir = tempfile::tempdir().expect("tempdir");
    // The control: the layout kaikaku wrote before (a debateReport with a mainBody) fails.
    let old = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<akomaNtoso xmlns=\"{}\"><debateReport name=\"minutes\"><mainBody><speech by=\"#a\"><p>x</p></speech></mainBody></debateReport></akomaNtoso>\n",
        kaikaku::report::minutes::akn::NAMESPACE
    );
    let mut exports = vec![("the old layout (must fail)".to_string(), old)];
    exports.extend(akn_exports());
    for (index, (name, xml)) in exports.into_iter().enumerate() {
        let file = dir.path().join("minutes.xml");
        std::fs::write(&file, &xml).expect("write");
        let output = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
            .expect("xmllint runs");
        if index == 0 {
            assert!(!output.status.success(), "the schema check cannot fail");
            continue;
        }
        assert!(xml.contains("<debate name=\"minutes\">"), "{name}");
        // The city is the source of the document.
        assert!(xml.contains("<identification source=\"#city\">"), "{name}");
        assert!(
            xml.contains("<TLCOrganization eId=\"city\" href=\"/ontology/organization/jp/city\" showAs=\"熊本市\"/>"),
            "{name}"
        );
        assert!(
            output.status.success(),
            "{name} is not valid Akoma Ntoso:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The Popolo schemas are JSON Schema draft 03, which no maintained Rust validator reads;
/// each is rewritten to draft 04 (the only differences they use: `required: true` on a
/// property becomes the parent's `required` list, and `$schema` changes), then validated
/// with the `jsonschema` crate, every `$ref` resolving to the sibling schema by its id.
///
/// One change is stricter than the schemas: a property that embeds another top-level entity
/// (`organization`, `memberships`, `parent`, `creator` …) must be absent. The export links
/// entities by id and never embeds them, and compiling the schemas' cyclic embeddings costs
/// the validator seconds per schema; the embedded Persons of an Event's `attendees` and the
/// small value objects (identifiers, other names, links) are checked in full.
fn popolo_validators(dir: &Path) -> std::collections::HashMap<String, jsonschema::Validator> {
    const EMBEDDED: [&str; 11] = [
        "organization",
        "membership",
        "post",
        "event",
        "speech",
        "motion",
        "vote_event",
        "vote",
        "count",
        "group_result",
        "area",
    ];
    fn to_draft4(value: &mut serde_json::Value) {
        use serde_json::Value;
        if let Value::Object(map) = value
            && let Some(Value::String(target)) = map.get("$ref")
            && EMBEDDED
                .iter()
                .any(|e| target.ends_with(&format!("/{e}.json#")))
        {
            *value = serde_json::json!({"not": {}});
            return;
        }
        if let Value::Object(map) = value {
            if map.get("$schema").is_some() {
                map.insert(
                    "$schema".into(),
                    Value::String("http://json-schema.org/draft-04/schema#".into()),
                );
            }
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                let mut required = Vec::new();
                for (name, property) in properties.iter_mut() {
                    if let Value::Object(p) = property
                        && p.remove("required") == Some(Value::Bool(true))
                    {
                        required.push(Value::String(name.clone()));
                    }
                }
                if !required.is_empty() {
                    map.insert("required".into(), Value::Array(required));
                }
            }
            for child in map.values_mut() {
                to_draft4(child);
            }
        } else if let Value::Array(items) = value {
            items.iter_mut().for_each(to_draft4);
        }
    }
    let mut schemas = Vec::new();
    for entry in std::fs::read_dir(dir).expect("popolo schemas") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("schema");
        let mut value: serde_json::Value = serde_json::from_str(&text).expect("schema JSON");
        to_draft4(&mut value);
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        schemas.push((name, value));
    }
    let mut builder = jsonschema::Registry::new();
    for (_, schema) in &schemas {
        let id = schema["id"].as_str().expect("id").to_string();
        builder = builder.add(id, schema.clone()).expect("schema id is a URI");
    }
    let registry = builder.prepare().expect("the schemas resolve");
    schemas
        .iter()
        .filter(|(name, _)| {
            ["event", "organization", "person", "membership", "speech"].contains(&name.as_str())
        })
        .map(|(name, schema)| {
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(true)
                .with_registry(&registry)
                .build(schema)
                .unwrap_or_else(|e| panic!("schema {name}: {e}"));
            (name.clone(), validator)
        })
        .collect()
}

#[test]
fn popolo_is_valid_against_the_schemas_and_every_reference_resolves() {
    let Some(shared) = shared() else {
        return skip("../shared/standards is absent: Popolo schema validation");
    };
    let validators = popolo_validators(&shared.join("standards/popolo"));
    // The control: what kaikaku wrote before is caught (a string position, an identifier
    // object missing its required value).
    assert!(!validators["speech"].is_valid(&serde_json::json!({"id": "s1", "position": "3"})));
    assert!(!validators["event"].is_valid(&serde_json::json!({"identifiers": [{"scheme": "x"}]})));
    assert!(
        validators["event"].is_valid(&serde_json::json!({"identifiers": [{"identifier": "(1)"}]}))
    );
    let (home, workspace) = live_meeting();
    let (other_home, other) = sample_workspace();
    let imported = import(other_home.path(), &other, SEED);
    let workspaces = [
        (home.path(), &workspace, SAMPLE),
        (home.path(), &workspace, LIVE),
        (other_home.path(), &other, imported.as_str()),
    ];
    for (home, workspace, id) in workspaces {
        for extra in [None, Some("--anonymize")] {
            let mut args = vec!["meeting", "export", id, "--format", "popolo"];
            args.extend(extra);
            let text = ok(home, workspace, &args);
            let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let context = format!("{id} {extra:?}");
            for (key, schema) in [
                ("events", "event"),
                ("organizations", "organization"),
                ("persons", "person"),
                ("memberships", "membership"),
                ("speeches", "speech"),
            ] {
                let items = json[key].as_array().unwrap_or_else(|| panic!("{key}"));
                assert!(!items.is_empty() || key == "speeches", "{context} {key}");
                for item in items {
                    let errors: Vec<String> = validators[schema]
                        .iter_errors(item)
                        .map(|e| format!("{} at {}", e, e.instance_path()))
                        .collect();
                    assert!(errors.is_empty(), "{context} {key}: {errors:#?}\n{item}");
                }
            }
            // Every id that one object gives another resolves inside the document.
            let ids = |key: &str| -> Vec<String> {
                json[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|o| o["id"].as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (events, persons, organizations, speeches) = (
                ids("events"),
                ids("persons"),
                ids("organizations"),
                ids("speeches"),
            );
            let resolves = |list: &[String], value: &serde_json::Value, what: &str| {
                if let Some(target) = value.as_str() {
                    assert!(
                        list.iter().any(|i| i == target),
                        "{context}: {what} {target}"
                    );
                }
            };
            for event in json["events"].as_array().into_iter().flatten() {
                resolves(&events, &event["parent_id"], "parent_id");
                resolves(&organizations, &event["organization_id"], "organization_id");
                for attendee in event["attendees"].as_array().into_iter().flatten() {
                    resolves(&persons, &attendee["id"], "attendee");
                }
            }
            for membership in json["memberships"].as_array().into_iter().flatten() {
                resolves(&persons, &membership["person_id"], "person_id");
                resolves(
                    &organizations,
                    &membership["organization_id"],
                    "organization_id",
                );
            }
            for speech in json["speeches"].as_array().into_iter().flatten() {
                resolves(&persons, &speech["creator_id"], "creator_id");
                resolves(&events, &speech["event_id"], "event_id");
                resolves(&speeches, &speech["reply_to"], "reply_to");
            }
        }
    }
}

/// The paragraphs of `word/document.xml` as (style, text), read with quick-xml.
fn docx_paragraphs(file: &Path) -> (Vec<(String, String)>, String) {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let archive = std::fs::File::open(file).expect("docx");
    let mut zip = zip::ZipArchive::new(archive).expect("a zip file");
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut text)
            .expect("UTF-8 part");
        text
    };
    let document = read("word/document.xml");
    let styles = read("word/styles.xml");
    read("[Content_Types].xml");
    read("_rels/.rels");
    let mut reader = Reader::from_str(&document);
    let mut paragraphs = Vec::new();
    let mut style = String::new();
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed document.xml") {
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                style.clear();
                text.clear();
            }
            Event::Empty(e) if e.name().as_ref() == "w:pStyle" => {
                let value = e
                    .try_get_attribute("w:val")
                    .expect("attribute")
                    .expect("w:val");
                style = value.value.into_owned();
            }
            Event::Empty(e) if e.name().as_ref() == "w:br" => text.push('\n'),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                text.push_str(quick_xml::escape::resolve_predefined_entity(&name).expect("entity"));
            }
            Event::End(e) if e.name().as_ref() == "w:p" => {
                paragraphs.push((style.clone(), text.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (paragraphs, styles)
}

#[test]
fn word_and_html_minutes_in_the_published_layout() {
    let (home, workspace) = live_meeting();
    let file = home.path().join("議事録.docx");
    let path = file.to_str().expect("utf-8");
    ok(
        home.path(),
        &workspace,
        &[
            "meeting", "export", SAMPLE, "--format", "docx", "--output", path,
        ],
    );
    let (paragraphs, styles) = docx_paragraphs(&file);
    for id in ["Title", "Heading1", "Heading2", "Normal"] {
        assert!(
            styles.contains(&format!("w:styleId=\"{id}\"")),
            "style {id} in styles.xml"
        );
    }
    assert_eq!(
        paragraphs[0],
        (
            "Title".to_string(),
            "令和2年度（2020年度）第1回熊本市市役所改革推進委員会 議事録（要旨）".to_string()
        )
    );
    let with_style = |style: &str| -> Vec<&str> {
        paragraphs
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(
        with_style("Heading1"),
        [
            "1 日 時",
            "2 場 所",
            "3 出席委員（敬称略、順不同）",
            "4 配付資料",
            "5 次 第",
            "6 議事録（要旨）"
        ]
    );
    let speakers = with_style("Heading2");
    assert_eq!(speakers.len(), 47);
    assert_eq!(speakers[2], "[加藤委員]");
    assert_eq!(speakers[4], "[澤田会長]");
    assert!(
        with_style("Normal")
            .contains(&"令和3年（2021年）3月22日（月） 午後2時00分から午後3時30分まで")
    );

    // Without --output a Word file is refused, and says what to do.
    let output = run(kaikaku(home.path())
        .arg("--workspace")
        .arg(&workspace)
        .args(["meeting", "export", SAMPLE, "--format", "docx"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--output"), "{}", stderr(&output));

    // Anonymised: no member's name anywhere in the document.
    ok(
        home.path(),
        &workspace,
        &[
            "meeting",
            "export",
            LIVE,
            "--format",
            "docx",
            "--anonymize",
            "--output",
            path,
        ],
    );
    let (paragraphs, _) = docx_paragraphs(&file);
    let all: String = paragraphs.iter().map(|(_, t)| t.as_str()).collect();
    for name in ["澤田", "八幡", "奥沢", "加藤貴司"] {
        assert!(!all.contains(name), "{name} in the anonymised document");
    }
    assert!(all.contains("令和6年度（2024年度）第1回熊本市市役所改革推進委員会"));

    // HTML: the same document, one page.
    let page = home.path().join("議事録.html");
    ok(
        home.path(),
        &workspace,
        &[
            "meeting",
            "export",
            LIVE,
            "--format",
            "html",
            "--output",
            page.to_str().expect("utf-8"),
        ],
    );
    let html = std::fs::read_to_string(&page).expect("html");
    assert!(html.contains(
        "<title>令和6年度（2024年度）第1回熊本市市役所改革推進委員会 議事録（要旨）</title>"
    ));
    assert_eq!(html.matches("<h3>[改革推進課長]</h3>").count(), 2);
    assert_eq!(html.matches("【資料1】P3").count(), 1);
    assert!(html.contains("@media print"));
}

/// Optional: when `soffice` is installed, it opens the Word file with its styles as real
/// headings and prints it to PDF (CI has no `soffice` and says SKIPPED).
#[test]
fn libreoffice_reads_the_word_minutes_as_styled_headings() {
    let Ok(soffice) = which("soffice") else {
        return skip("LibreOffice (soffice) is not installed: the .docx is not opened by it");
    };
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("minutes.docx");
    ok(
        home.path(),
        &repo_root(),
        &[
            "meeting",
            "export",
            SAMPLE,
            "--format",
            "docx",
            "--output",
            file.to_str().expect("utf-8"),
        ],
    );
    for target in ["fodt", "pdf"] {
        let output = std::process::Command::new(&soffice)
            .env("HOME", home.path())
            .args(["--headless", "--convert-to", target, "--outdir"])
            .arg(home.path())
            .arg(&file)
            .output()
            .expect("soffice runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let flat = std::fs::read_to_string(home.path().join("minutes.fodt")).expect("fodt");
    // Every speaker is a level-2 heading on the Heading 2 style.
    let speakers = flat
        .matches("<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">")
        .count();
    assert_eq!(speakers, 47);
    assert!(flat.contains("outline-level=\"2\">[澤田会長]"));
    assert!(flat.contains("outline-level=\"1\">1 日 時"));
    let pdf = std::fs::read(home.path().join("minutes.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}

fn which(program: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}

/// The real published minutes of other cities in `../shared/realworld/minutes/`: each one
/// today's importer reads exports valid Akoma Ntoso and Popolo, plain and anonymised. Files
/// the importer refuses are named (the importer's own tests cover why) and at least one must
/// be read, so the test never passes on nothing.
#[test]
fn real_world_minutes_export_valid_akoma_ntoso_and_popolo() {
    let Some(shared) = shared() else {
        return skip("../shared is absent: real-world minutes");
    };
    let xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !xmllint {
        skip("xmllint is not installed: only Popolo is validated for the real-world minutes");
    }
    let validators = popolo_validators(&shared.join("standards/popolo"));
    let home = tempfile::tempdir().expect("home");
    let workspace = home.path().join("ws");
    let output = run(kaikaku(home.path()).arg("init").arg(&workspace));
    assert!(output.status.success(), "{}", stderr(&output));
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("realworld/minutes"))
        .expect("realworld minutes")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut validated = 0;
    for (index, file) in files.iter().enumerate() {
        // An empty workspace: each city's committee is added as it is met.
        let output = run(kaikaku(home.path())
            .arg("--workspace")
            .arg(&workspace)
            .args(["meeting", "import", "--new-committee"])
            .arg(format!("realworld-{index}"))
            .arg(file));
        if !output.status.success() {
            skip(&format!(
                "{}: not read by today's importer ({})",
                file.display(),
                stderr(&output).lines().next().unwrap_or_default()
            ));
            continue;
        }
        let id = stdout(&output)
            .split_whitespace()
            .last()
            .expect("the importer names the meeting")
            .to_string();
        for extra in [None, Some("--anonymize")] {
            let context = format!("{} {extra:?}", file.display());
            let mut args = vec!["meeting", "export", id.as_str(), "--format", "popolo"];
            args.extend(extra);
            let json: serde_json::Value =
                serde_json::from_str(&ok(home.path(), &workspace, &args)).expect("JSON");
            for (key, schema) in [
                ("events", "event"),
                ("persons", "person"),
                ("speeches", "speech"),
            ] {
                for item in json[key].as_array().into_iter().flatten() {
                    let errors: Vec<String> = validators[schema]
                        .iter_errors(item)
                        .map(|e| e.to_string())
                        .collect();
                    assert!(errors.is_empty(), "{context} {key}: {errors:#?}");
                }
            }
            if xmllint {
                args[4] = "akn";
                let xml = ok(home.path(), &workspace, &args);
                let path = home.path().join("minutes.xml");
                std::fs::write(&path, xml).expect("write");
                let output = std::process::Command::new("xmllint")
                    .arg("--noout")
                    .arg("--schema")
                    .arg(shared.join("standards/akn/akomantoso30.xsd"))
                    .arg(&path)
                    .output()
                    .expect("xmllint runs");
                assert!(
                    output.status.success(),
                    "{context}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
        validated += 1;
    }
    assert!(validated >= 1, "no real-world minutes could be read");
}
