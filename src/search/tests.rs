use super::*;
use crate::model::{Statement, StatementKind};

fn sample() -> Workspace {
    Workspace::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).expect("as set up")
}

const MINUTES: &str = "2021-03-22-kaikaku-suishin-1";

fn say(workspace: &mut Workspace, id: &str, speaker: &str, text: &str) {
    let meeting = workspace.meeting_mut(MINUTES).expect("as set up");
    meeting
        .statements
        .push(Statement::new(id, speaker, StatementKind::Opinion, text));
}

fn kinds(results: &Results) -> Vec<Kind> {
    results.hits.iter().map(|h| h.kind).collect()
}

#[test]
fn a_statement_is_found_by_words_inside_it_with_speaker_and_meeting() {
    let mut workspace = sample();
    say(
        &mut workspace,
        "x1",
        "kato",
        "土日も申請ができるよう、大型商業施設での出張受付を広げてはどうか。",
    );
    let index = SearchIndex::build(&workspace, Language::Ja);
    let results = index.search("商業施設", &[], 20);
    let hit = results
        .hits
        .iter()
        .find(|h| h.kind == Kind::Statement)
        .expect("the statement");
    assert_eq!(
        hit.target,
        Target::Statement {
            meeting: MINUTES.into(),
            statement: "x1".into()
        }
    );
    assert_eq!(hit.speaker.as_deref(), Some("加藤委員"));
    assert!(
        hit.meeting
            .as_deref()
            .expect("as set up")
            .contains("第1回熊本市市役所改革推進委員会")
    );
    let excerpt = hit.excerpt.as_ref().expect("as set up");
    assert_eq!(&excerpt.text[excerpt.start..excerpt.end], "商業施設");
    assert_eq!(hit.how, Match::Text);
}

#[test]
fn width_and_kana_variants_find_the_same_text() {
    let mut workspace = sample();
    say(
        &mut workspace,
        "x1",
        "kato",
        "ﾃﾚﾜｰｸの環境をＤＸで整えてほしい。",
    );
    let index = SearchIndex::build(&workspace, Language::Ja);
    for query in ["テレワーク", "てれわーく", "ﾃﾚﾜｰｸ", "ｄｘ", "DX"] {
        let results = index.search(query, &[Kind::Statement], 20);
        assert!(
            results.hits.iter().any(|h| h.target
                == Target::Statement {
                    meeting: MINUTES.into(),
                    statement: "x1".into()
                }),
            "{query}: {results:?}"
        );
    }
    // The half-width original is what the excerpt shows.
    let results = index.search("テレワーク", &[Kind::Statement], 20);
    let excerpt = results.hits[0].excerpt.as_ref().expect("as set up");
    assert_eq!(&excerpt.text[excerpt.start..excerpt.end], "ﾃﾚﾜｰｸ");
}

#[test]
fn every_word_must_occur_and_the_speaker_is_searchable() {
    let mut workspace = sample();
    say(&mut workspace, "x1", "kato", "テレワークの推進を");
    say(&mut workspace, "x2", "yahata", "テレワークの検証を");
    let index = SearchIndex::build(&workspace, Language::Ja);
    let results = index.search("加藤 テレワーク", &[Kind::Statement], 20);
    assert_eq!(results.total, 1, "{results:?}");
    assert_eq!(results.hits[0].speaker.as_deref(), Some("加藤委員"));
    assert_eq!(index.search("八幡委員　テレワーク", &[], 20).total, 1);
}

#[test]
fn kpis_and_items_carry_their_context() {
    let index = SearchIndex::build(&sample(), Language::Ja);
    let results = index.search("テレワーク", &[], 50);
    let kpi = results
        .hits
        .iter()
        .find(|h| h.kind == Kind::Kpi)
        .expect("the KPI");
    assert_eq!(kpi.label, "テレワークを実施しやすいと感じる職員");
    assert!(
        kpi.context[0].starts_with("市役所改革プラン2023"),
        "{kpi:?}"
    );
    // Names come before text: the KPI (by name) ranks above items found by description.
    let first_text = results.hits.iter().position(|h| h.how == Match::Text);
    let kpi_at = results.hits.iter().position(|h| h.kind == Kind::Kpi);
    assert!(kpi_at < first_text, "{results:?}");
    let node = results
        .hits
        .iter()
        .find(|h| h.kind == Kind::Node)
        .expect("an item described with テレワーク");
    // plan › ancestors: the item sits under a 基本方針 and a 施策 in the 2027 plan.
    assert!(node.context.len() >= 2, "{node:?}");
    assert!(node.context[0].contains("2027"), "{node:?}");
    assert!(
        node.excerpt
            .as_ref()
            .expect("as set up")
            .text
            .contains("テレワーク")
    );
}

#[test]
fn english_queries_match_english_names_and_labels() {
    let mut workspace = sample();
    let plan = workspace.plans[0].value.id.clone();
    let node = workspace.plans[0].value.flatten()[3].node.id.clone();
    workspace
        .plan_mut(&plan)
        .and_then(|p| p.node_mut(&node))
        .expect("as set up")
        .set_status(crate::model::StatusEntry {
            year: crate::model::FiscalYear(2024),
            status: "on_plan".into(),
            note: None,
        });
    let settings = workspace.settings().expect("as set up");
    let department = settings
        .departments
        .iter()
        .find(|d| d.name_en.is_some())
        .expect("as set up");
    let en = department
        .name_en
        .clone()
        .expect("as set up")
        .to_uppercase();
    let index = SearchIndex::build(&workspace, Language::En);
    let results = index.search(&en, &[Kind::Department], 5);
    assert_eq!(
        results.hits[0].target,
        Target::Department {
            department: department.id.clone()
        }
    );
    // Status labels in English: "on plan" finds items whose latest status is 計画通り進捗.
    let on_plan = index.search("On Plan", &[Kind::Node], 500);
    assert_eq!(on_plan.total, 1, "{on_plan:?}");
    assert_eq!(on_plan.hits[0].target, Target::Node { plan, node });
    assert_eq!(index.search("計画通り進捗", &[Kind::Node], 5).total, 1);
    // Plan titles in English, where the plan has one.
    let plan = workspace
        .plans
        .iter()
        .find_map(|p| p.value.title_en.clone());
    if let Some(title) = plan {
        let results = index.search(&title.to_lowercase(), &[Kind::Plan], 5);
        assert_eq!(results.hits[0].label, title);
        assert_eq!(results.hits[0].how, Match::Exact);
    }
}

#[test]
fn short_names_match_fuzzily_after_substrings() {
    let index = SearchIndex::build(&sample(), Language::Ja);
    let exact = index.search("窓口改革", &[], 100);
    assert!(exact.hits.iter().all(|h| h.how != Match::Fuzzy) || exact.total >= 1);
    let fuzzy = index.search("窓推", &[Kind::Node], 10);
    assert!(!fuzzy.hits.is_empty());
    assert!(
        fuzzy.hits.iter().all(|h| h.how == Match::Fuzzy),
        "{fuzzy:?}"
    );
    assert!(
        fuzzy.hits.iter().any(|h| h.label.contains("窓口")),
        "{fuzzy:?}"
    );
    // Statements never match fuzzily: a scatter of characters over a speech is noise.
    assert!(index.search("窓推", &[Kind::Statement], 10).hits.is_empty());
}

#[test]
fn limits_kinds_and_totals() {
    let index = SearchIndex::build(&sample(), Language::Ja);
    let all = index.search("の", &[], 1000);
    let some = index.search("の", &[], 3);
    assert_eq!(some.hits.len(), 3);
    assert_eq!(some.total, all.total);
    assert_eq!(some.hits[..], all.hits[..3]);
    assert!(
        kinds(&index.search("の", &[Kind::Meeting], 10))
            .iter()
            .all(|k| *k == Kind::Meeting)
    );
    // An empty query lists names, no statements.
    let listed = index.search("  ", &[], 10_000);
    assert!(listed.total > 100);
    assert!(!kinds(&listed).contains(&Kind::Statement));
    // A query with a NUL never matches across entries.
    assert_eq!(index.search("\0", &[], 10).total, listed.total);
}

#[test]
fn sync_rebuilds_only_what_changed() {
    let mut workspace = sample();
    let mut index = SearchIndex::build(&workspace, Language::Ja);
    assert_eq!(index.sync(&workspace), 0);
    assert_eq!(index.search("商業施設", &[Kind::Statement], 5).total, 0);
    say(&mut workspace, "x1", "kato", "商業施設での出張受付");
    assert_eq!(index.sync(&workspace), 1);
    assert_eq!(index.search("商業施設", &[Kind::Statement], 5).total, 1);
    workspace
        .meeting_mut(MINUTES)
        .expect("as set up")
        .statements
        .pop();
    assert_eq!(index.sync(&workspace), 1);
    assert_eq!(index.search("商業施設", &[Kind::Statement], 5).total, 0);
}

#[test]
fn newest_meeting_first_among_statements() {
    let mut workspace = sample();
    let mut later = workspace.meetings[0].clone();
    later.value.id = "later".into();
    later.path = "minutes/later.ron".into();
    later.value.date = later.value.date.succ_opt().expect("as set up");
    workspace.meetings.push(later);
    let index = SearchIndex::build(&workspace, Language::Ja);
    let results = index.search("窓口", &[Kind::Statement], 1000);
    let first_old = results
        .hits
        .iter()
        .position(|h| matches!(&h.target, Target::Statement { meeting, .. } if meeting == MINUTES))
        .expect("as set up");
    assert!(
        results.hits[..first_old]
            .iter()
            .all(|h| matches!(&h.target, Target::Statement { meeting, .. } if meeting == "later"))
    );
    assert!(first_old > 0);
}

#[test]
fn typing_on_from_a_query_gives_the_results_of_a_fresh_search() {
    let mut workspace = sample();
    say(
        &mut workspace,
        "x1",
        "kato",
        "窓口の推進と、ﾃﾚﾜｰｸでのDX推進を両方進めてほしい。",
    );
    let typed = SearchIndex::build(&workspace, Language::Ja);
    let fresh = SearchIndex::build(&workspace, Language::Ja);
    // Each query is searched on the index that saw the one before it (narrowed from its
    // hits where the rule allows) and on one whose last query was unrelated.
    let sequence = [
        "窓",
        "窓口",
        "窓口 ",
        "窓口 推",
        "窓口 推進",
        "窓口",
        "窓",
        "",
        "ま",
        "まど",
        "て",
        "てれ",
        "テレワーク",
        "市",
        "市 dx",
        "dx",
        "d",
        "推進 窓口",
        "口 窓",
        "窓口推進",
        "zz",
        "zzz",
    ];
    for kinds in [&[][..], &[Kind::Statement], &[Kind::Node, Kind::Kpi]] {
        for query in sequence {
            let got = typed.search(query, kinds, 20);
            fresh.search("unrelated words", &[], 1);
            let expected = fresh.search(query, kinds, 20);
            assert_eq!(
                serde_json::to_string(&got).expect("json"),
                serde_json::to_string(&expected).expect("json"),
                "{query:?} {kinds:?}"
            );
        }
    }
}

#[test]
fn a_capped_search_shows_the_same_hits_and_counts_at_least_as_many() {
    let workspace = sample();
    let index = SearchIndex::build(&workspace, Language::Ja);
    let mut capped_seen = false;
    for query in ["の", "。", "市", "窓口", "委員", "改革 推進", "zz", "窓改"] {
        for kinds in [&[][..], &[Kind::Statement], &[Kind::Node, Kind::Meeting]] {
            for limit in [1, 3, 10, 200] {
                let full = SearchIndex::build(&workspace, Language::Ja).search(query, kinds, limit);
                let capped = index.search_capped(query, kinds, limit);
                assert_eq!(
                    serde_json::to_string(&capped.hits).expect("json"),
                    serde_json::to_string(&full.hits).expect("json"),
                    "{query:?} {kinds:?} {limit}"
                );
                assert!(!full.capped);
                if capped.capped {
                    capped_seen = true;
                    assert!(capped.total <= full.total && capped.total >= limit);
                } else {
                    assert_eq!(capped.total, full.total, "{query:?} {kinds:?} {limit}");
                }
                // And the next keystroke, which may not narrow from a capped list.
                let next = format!("{query}す");
                assert_eq!(
                    serde_json::to_string(&index.search(&next, kinds, limit)).expect("json"),
                    serde_json::to_string(
                        &SearchIndex::build(&workspace, Language::Ja).search(&next, kinds, limit)
                    )
                    .expect("json"),
                );
            }
        }
    }
    assert!(
        capped_seen,
        "the sample has words in more statements than the limit"
    );
}
