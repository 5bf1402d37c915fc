//! A deterministic generator of large, valid workspaces with a realistic git history.
//!
//! Benchmarks need the shape of a prefecture or a national programme review (thousands of
//! nodes, indicators and statements, thousands of phase commits), not Kumamoto's 21 items.
//! Everything is derived from one seed with a small xorshift generator, so two runs give the
//! same files and the same commit ids (author dates are fixed too).
//!
//! The history is written with git2 object by object: re-running `commit_phase` 2,000 times
//! would load, validate and diff the whole workspace per commit. Each commit still carries
//! the trailers, subject and change counts a phase commit has (computed with the same
//! semantic diff), and every cycle ends with an annotated, chained `cycle/FY…` tag, so
//! `log`, `diff` and `audit` see a history indistinguishable from one made by kaikaku.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use git2::{ObjectType, Oid, Repository, Signature, Time};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::history::commit::{
    TAG_PREFIX, TRAILER_CHANGED, TRAILER_CYCLE, TRAILER_EVENT, TRAILER_MEETING, TRAILER_PHASE,
    TRAILER_PREVIOUS_TAG, TRAILER_SEQUENCE, next_state,
};
use crate::history::diff::{Change, WorkspaceDiff, diff_meetings, diff_plans};
use crate::model::meeting::{
    AgendaItem, Attendance, Attendee, Material, MaterialRef, MeetingStatus, NodeLink,
};
use crate::model::plan::{NumberScope, NumberStyle};
use crate::model::settings::{Committee, Department, Member, StatusCategory};
use crate::model::{
    CycleState, Direction, Figure, FiscalYear, Indicator, Language, Level, Meeting, Node,
    Numbering, Period, Phase, Plan, Revision, Settings, Statement, StatementKind, StatusDef,
    StatusEntry, Target, TargetValue, YearValue,
};
use crate::store::canonical::to_canonical;

/// How big a generated workspace is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub plans: usize,
    pub nodes: usize,
    pub indicators: usize,
    pub meetings: usize,
    pub statements: usize,
    pub commits: usize,
    pub cycles: usize,
}

impl Scale {
    /// 20 plans, 20,000 nodes, 5,000 indicators, 500 meetings × 100 statements, 2,000
    /// phase commits over 10 cycles: a national programme review.
    pub const LARGE: Scale = Scale {
        plans: 20,
        nodes: 20_000,
        indicators: 5_000,
        meetings: 500,
        statements: 100,
        commits: 2_000,
        cycles: 10,
    };
    /// About a tenth of large: a prefecture reviewing its municipalities.
    pub const MEDIUM: Scale = Scale {
        plans: 2,
        nodes: 2_000,
        indicators: 500,
        meetings: 50,
        statements: 100,
        commits: 200,
        cycles: 10,
    };
    /// About a hundredth of large (meetings keep 100 statements, cycles keep 4 phases).
    pub const SMALL: Scale = Scale {
        plans: 1,
        nodes: 200,
        indicators: 50,
        meetings: 5,
        statements: 100,
        commits: 40,
        cycles: 10,
    };

    /// `small`, `medium` or `large`.
    pub fn named(name: &str) -> Option<Scale> {
        match name {
            "small" => Some(Scale::SMALL),
            "medium" => Some(Scale::MEDIUM),
            "large" => Some(Scale::LARGE),
            _ => None,
        }
    }
}

/// What was generated, for the command's summary and for benchmarks.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub plans: Vec<String>,
    /// The draft meeting with the full number of statements (the meeting-mode benchmark's).
    pub draft_meeting: String,
    /// An indicator that changes in many commits (for `log --kpi`).
    pub busy_indicator: String,
    pub commits: usize,
    /// Cycle tags, oldest first.
    pub tags: Vec<String>,
    pub nodes: usize,
    pub indicators: usize,
    pub statements: usize,
}

/// The first fiscal year of generated plans; cycles run from here.
const FIRST_YEAR: u16 = 2016;
const COMMITTEE: &str = "gyokaku-shingikai";
const SECRETARIAT: &str = "jimukyoku";

/// xorshift64*: small, fast, and good enough to vary synthetic text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const AREAS: &[&str] = &[
    "窓口",
    "デジタル",
    "人材育成",
    "行政手続",
    "公共施設",
    "財政運営",
    "業務プロセス",
    "組織体制",
    "職員の働き方",
    "市民サービス",
    "情報システム",
    "地域コミュニティ",
    "子育て支援",
    "防災",
    "環境施策",
    "広報・広聴",
    "契約事務",
    "税務",
    "健康づくり",
    "外郭団体",
    "公民連携",
    "データ活用",
];
const ACTIONS: &[&str] = &[
    "推進",
    "改革",
    "最適化",
    "見直し",
    "効率化",
    "強化",
    "充実",
    "適正化",
    "高度化",
    "標準化",
    "再構築",
];
const MODIFIERS: &[&str] = &[
    "オンライン化による",
    "全庁的な",
    "市民目線での",
    "持続可能な",
    "データに基づく",
    "職員参加型の",
    "区役所と連携した",
    "",
];
const METRICS: &[(&str, &str, Direction)] = &[
    ("満足度", "%", Direction::Increase),
    ("オンライン申請率", "%", Direction::Increase),
    ("研修受講者数", "人", Direction::Increase),
    ("処理件数", "件", Direction::Increase),
    ("平均待ち時間", "分", Direction::Decrease),
    ("時間外勤務時間", "時間", Direction::Decrease),
    ("経費削減額", "百万円", Direction::Increase),
    ("手続の所要日数", "日", Direction::Decrease),
];
const DEPARTMENTS: &[&str] = &[
    "総務局",
    "政策局",
    "財政局",
    "文化市民局",
    "健康福祉局",
    "こども局",
    "環境局",
    "経済観光局",
    "農水局",
    "都市建設局",
    "会計室",
    "教育委員会事務局",
    "消防局",
    "上下水道局",
    "議会局",
    "中央区",
    "東区",
    "西区",
    "南区",
    "北区",
];
const MEMBERS: &[(&str, &str)] = &[
    ("yamada", "山田"),
    ("suzuki", "鈴木"),
    ("takahashi", "高橋"),
    ("tanaka", "田中"),
    ("watanabe", "渡辺"),
    ("ito", "伊藤"),
    ("nakamura", "中村"),
];
const GIVEN: &[&str] = &["一郎", "花子", "健", "美咲", "誠", "由美", "聡"];
const STATUSES: &[&str] = &["on_plan", "on_plan", "on_plan", "changed", "completed"];

fn title(rng: &mut Rng) -> String {
    format!(
        "{}{}の{}",
        rng.pick(MODIFIERS),
        rng.pick(AREAS),
        rng.pick(ACTIONS)
    )
}

fn figure(tenths: i64) -> Figure {
    Figure(Decimal::new(tenths, 1))
}

fn settings() -> Settings {
    let departments = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, name)| Department {
            id: format!("dept{:02}", i + 1),
            name: (*name).to_string(),
            name_en: None,
        })
        .collect();
    let status = |id: &str, label: &str, category| StatusDef {
        id: id.into(),
        label: label.into(),
        label_en: None,
        category,
    };
    let members = MEMBERS
        .iter()
        .zip(GIVEN)
        .enumerate()
        .map(|(i, ((id, family), given))| Member {
            id: (*id).to_string(),
            name: format!("{family}{given}"),
            role: if i == 0 { "会長" } else { "委員" }.into(),
            affiliation: None,
            label: None,
            reading: None,
        })
        .collect();
    Settings {
        organisation: "架空県".into(),
        organisation_en: Some("Synthetic Prefecture".into()),
        language: Language::Ja,
        departments,
        statuses: vec![
            status("on_plan", "計画通り進捗", StatusCategory::OnTrack),
            status("changed", "一部変更・遅れ", StatusCategory::Delayed),
            status("completed", "完了", StatusCategory::Completed),
            status("not_started", "未着手", StatusCategory::NotStarted),
            status("stopped", "中止", StatusCategory::Stopped),
        ],
        committees: vec![Committee {
            id: COMMITTEE.into(),
            name: "架空県行政改革推進審議会".into(),
            name_en: None,
            members,
        }],
        cycle: Some(CycleState {
            year: FiscalYear(FIRST_YEAR),
            phase: Phase::Plan,
        }),
        remote: None,
        signing: None,
    }
}

/// One plan: three levels (基本方針 → 施策 → 取組項目), `nodes` nodes, `indicators`
/// indicators on the items, with baselines and targets but no actuals yet.
fn plan(rng: &mut Rng, index: usize, nodes: usize, indicators: usize, years: u16) -> Plan {
    let id = format!("plan-{:02}", index + 1);
    let tops = nodes.div_ceil(100).max(1);
    let mids = (tops * 9).min(nodes.saturating_sub(tops));
    let leaves = nodes.saturating_sub(tops + mids);
    let mut top_nodes: Vec<Node> = (0..tops)
        .map(|t| Node::new(format!("p{:02}-{}", index + 1, t + 1), title(rng)))
        .collect();
    let mut mid_nodes: Vec<Node> = (0..mids)
        .map(|m| {
            let mut node = Node::new(
                format!("p{:02}-{}-{}", index + 1, m % tops + 1, m / tops + 1),
                title(rng),
            );
            node.lead = vec![format!("dept{:02}", rng.below(DEPARTMENTS.len()) + 1)];
            node
        })
        .collect();
    let mut leaf_nodes: Vec<Vec<Node>> = vec![Vec::new(); mids.max(1)];
    let mut indicator_count = 0;
    let per_leaf = if leaves == 0 {
        0
    } else {
        indicators.div_ceil(leaves)
    };
    for l in 0..leaves {
        let mid = l % mids.max(1);
        let mut node = Node::new(
            format!("{}-{}", mid_id(&mid_nodes, mid), l / mids.max(1) + 1),
            title(rng),
        );
        node.lead = vec![format!("dept{:02}", rng.below(DEPARTMENTS.len()) + 1)];
        if rng.below(3) == 0 {
            node.related = vec![format!("dept{:02}", rng.below(DEPARTMENTS.len()) + 1)];
        }
        node.description = format!(
            "{}を{}し、{}の{}を図る。",
            rng.pick(AREAS),
            rng.pick(ACTIONS),
            rng.pick(AREAS),
            rng.pick(ACTIONS)
        );
        for _ in 0..per_leaf {
            if indicator_count < indicators {
                node.indicators
                    .push(indicator(rng, &id, indicator_count, years));
                indicator_count += 1;
            }
        }
        leaf_nodes[mid].push(node);
    }
    for (mid, children) in leaf_nodes.into_iter().enumerate() {
        if let Some(node) = mid_nodes.get_mut(mid) {
            node.children = children;
        }
    }
    for (m, node) in mid_nodes.into_iter().enumerate() {
        top_nodes[m % tops].children.push(node);
    }
    Plan {
        id,
        title: format!("第{}次行政改革推進計画（{}）", index + 1, rng.pick(AREAS)),
        title_en: None,
        organisation: "架空県".into(),
        period: Period {
            from: FiscalYear(FIRST_YEAR),
            to: FiscalYear(FIRST_YEAR + years - 1),
        },
        predecessor: None,
        description: "生成されたベンチマーク用の計画".into(),
        levels: vec![
            level(
                "基本方針",
                "方針",
                NumberStyle::Arabic,
                NumberScope::PerParent,
            ),
            level("施策", "", NumberStyle::Circled, NumberScope::PerParent),
            level("取組項目", "", NumberStyle::Arabic, NumberScope::Continuous),
        ],
        indicators: Vec::new(),
        nodes: top_nodes,
        tallies: Vec::new(),
        revisions: Vec::new(),
    }
}

fn mid_id(mids: &[Node], index: usize) -> &str {
    mids.get(index).map_or("", |n| n.id.as_str())
}

fn level(name: &str, prefix: &str, style: NumberStyle, scope: NumberScope) -> Level {
    Level {
        name: name.into(),
        name_en: None,
        numbering: Numbering {
            prefix: prefix.into(),
            style,
            suffix: String::new(),
            scope,
        },
    }
}

fn indicator(rng: &mut Rng, plan: &str, index: usize, years: u16) -> Indicator {
    let (metric, unit, direction) = METRICS[rng.below(METRICS.len())];
    let mut indicator = Indicator::new(
        format!("k-{}-{:04}", plan.trim_start_matches("plan-"), index + 1),
        format!("{}の{metric}", rng.pick(AREAS)),
        direction,
    );
    indicator.unit = unit.into();
    let base = i64::try_from(rng.below(9_000) + 100).unwrap_or(100);
    indicator.baseline = Some(YearValue {
        year: FiscalYear(FIRST_YEAR - 1),
        value: figure(base),
        note: None,
    });
    let step = base / 20;
    let target = if direction == Direction::Decrease {
        base - step * i64::from(years)
    } else {
        base + step * i64::from(years)
    };
    indicator.target = Some(Target {
        year: FiscalYear(FIRST_YEAR + years - 1),
        value: TargetValue::Value(figure(target)),
        note: None,
    });
    indicator
}

/// A plausible actual for `year`: the trend from the baseline plus noise.
fn actual(rng: &mut Rng, indicator: &Indicator, year: FiscalYear) -> Figure {
    let base = indicator
        .baseline
        .as_ref()
        .and_then(|b| i64::try_from(b.value.0.mantissa()).ok())
        .unwrap_or(1000);
    let elapsed = i64::from(year.0.saturating_sub(FIRST_YEAR - 1));
    let step = base / 25 * elapsed;
    let noise = i64::try_from(rng.below(40)).unwrap_or(0) - 20;
    let value = if indicator.direction == Direction::Decrease {
        base - step
    } else {
        base + step
    };
    figure((value + noise).max(1))
}

#[allow(clippy::too_many_lines)] // one record, field by field
/// A meeting with `statements` statements: questions and opinions from members, answers
/// from the secretariat, references to materials and links to plan nodes.
fn meeting(
    rng: &mut Rng,
    year: FiscalYear,
    number: usize,
    statements: usize,
    links: &[(String, String)],
    draft: bool,
) -> Meeting {
    let id = format!("fy{}-{:02}", year.0, number);
    let mut attendees: Vec<Attendee> = MEMBERS
        .iter()
        .zip(GIVEN)
        .enumerate()
        .map(|(i, ((member, family), given))| Attendee {
            id: (*member).to_string(),
            name: format!("{family}{given}"),
            role: if i == 0 { "会長" } else { "委員" }.into(),
            member: Some((*member).to_string()),
            label: Some(format!("{family}{}", if i == 0 { "会長" } else { "委員" })),
            department: None,
            attendance: if i == 6 && number.is_multiple_of(3) {
                Attendance::Absent
            } else {
                Attendance::Present
            },
        })
        .collect();
    attendees.push(Attendee {
        id: SECRETARIAT.into(),
        name: "行政改革推進課長".into(),
        role: "事務局".into(),
        member: None,
        label: Some("事務局".into()),
        department: None,
        attendance: Attendance::Present,
    });
    let materials: Vec<Material> = (1..=3)
        .map(|i| Material {
            id: format!("資料{i}"),
            title: format!("{}の進捗状況について", rng.pick(AREAS)),
            pages: Some(u32::try_from(rng.below(20) + 4).unwrap_or(8)),
        })
        .collect();
    let link = |rng: &mut Rng| {
        let (plan, node) = &links[rng.below(links.len())];
        NodeLink {
            plan: plan.clone(),
            node: node.clone(),
        }
    };
    let agenda: Vec<AgendaItem> = (1..=3)
        .map(|i| AgendaItem {
            id: format!("a{i}"),
            number: format!("({i})"),
            title: format!("{}について", title(rng)),
            nodes: if links.is_empty() {
                Vec::new()
            } else {
                vec![link(rng)]
            },
            children: Vec::new(),
        })
        .collect();
    let mut list = Vec::with_capacity(statements);
    let mut minutes = 0;
    for s in 0..statements {
        let member = s % 2 == 0;
        let (speaker, kind) = if member {
            let who = MEMBERS[rng.below(MEMBERS.len() - 1)].0;
            let kinds = [
                StatementKind::Question,
                StatementKind::Opinion,
                StatementKind::Request,
                StatementKind::Proposal,
            ];
            (who.to_string(), kinds[rng.below(kinds.len())])
        } else {
            (SECRETARIAT.to_string(), StatementKind::Answer)
        };
        let area = rng.pick(AREAS);
        let text = if member {
            format!(
                "{}の{}について、{}年度の実績を見ると目標に対して遅れが見られる。{}との連携を含め、今後どのように{}を進めていくのか伺いたい。",
                area,
                rng.pick(ACTIONS),
                year.wareki(),
                rng.pick(DEPARTMENTS),
                rng.pick(ACTIONS)
            )
        } else {
            format!(
                "{}については、{}と連携し{}に取り組んでいる。{}の{}は前年度から改善しており、引き続き{}を図ってまいりたい。",
                area,
                rng.pick(DEPARTMENTS),
                title(rng),
                rng.pick(AREAS),
                METRICS[rng.below(METRICS.len())].0,
                rng.pick(ACTIONS)
            )
        };
        minutes += 1 + rng.below(2);
        list.push(Statement {
            id: format!("s{}", s + 1),
            heading: None,
            speaker,
            label: None,
            kind,
            text,
            materials: if s % 7 == 0 {
                vec![MaterialRef {
                    material: format!("資料{}", rng.below(3) + 1),
                    page: Some((rng.below(12) + 1).to_string()),
                    topic: Some(format!("{}について", rng.pick(AREAS))),
                    inline: false,
                }]
            } else {
                Vec::new()
            },
            nodes: if s % 5 == 0 && !links.is_empty() {
                vec![link(rng)]
            } else {
                Vec::new()
            },
            reply_to: (!member && s > 0).then(|| format!("s{s}")),
            agenda: Some(format!("a{}", s * 3 / statements.max(1) + 1)),
            time: Some(format!("{:02}:{:02}", 14 + minutes / 60, minutes % 60)),
            needs_response: member && s % 10 == 0,
        });
    }
    let day = u32::try_from(number).unwrap_or(0) * 2;
    let date = NaiveDate::from_ymd_opt(i32::from(year.0), 6, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day))))
        .unwrap_or_default();
    Meeting {
        id,
        committee: COMMITTEE.into(),
        fiscal_year: year,
        number: Some(u32::try_from(number).unwrap_or(1)),
        title: format!("{} 第{number}回 行政改革推進審議会", year.wareki()),
        date,
        start: Some("14:00".into()),
        end: Some("16:00".into()),
        place: "県庁本館 大会議室".into(),
        status: if draft {
            MeetingStatus::Draft
        } else {
            MeetingStatus::Confirmed
        },
        chair: Some(MEMBERS[0].0.into()),
        secretariat: Some(SECRETARIAT.into()),
        attendees,
        materials,
        agenda,
        notes: Vec::new(),
        statements: list,
    }
}

/// Git plumbing for the generated history: blobs per file, one tree per commit.
struct Writer<'r> {
    repo: &'r Repository,
    plans: BTreeMap<String, Oid>,
    minutes: BTreeMap<String, Oid>,
    settings: Oid,
    ignore: Oid,
    head: Option<Oid>,
    time: i64,
}

fn git(message: &'static str) -> impl Fn(git2::Error) -> Error {
    move |e| Error::git(message, e)
}

impl Writer<'_> {
    fn blob(&self, text: &str) -> Result<Oid> {
        self.repo
            .blob(text.as_bytes())
            .map_err(git("cannot write a blob"))
    }

    fn subtree(&self, entries: &BTreeMap<String, Oid>) -> Result<Oid> {
        let mut builder = self
            .repo
            .treebuilder(None)
            .map_err(git("cannot build a tree"))?;
        for (name, id) in entries {
            builder
                .insert(name, *id, 0o100_644)
                .map_err(git("cannot build a tree"))?;
        }
        builder.write().map_err(git("cannot write a tree"))
    }

    fn tree(&self) -> Result<Oid> {
        let mut builder = self
            .repo
            .treebuilder(None)
            .map_err(git("cannot build a tree"))?;
        builder
            .insert(".gitignore", self.ignore, 0o100_644)
            .map_err(git("cannot build a tree"))?;
        builder
            .insert(crate::store::SETTINGS_FILE, self.settings, 0o100_644)
            .map_err(git("cannot build a tree"))?;
        if !self.plans.is_empty() {
            let id = self.subtree(&self.plans)?;
            builder
                .insert(crate::store::PLANS_DIR, id, 0o040_000)
                .map_err(git("cannot build a tree"))?;
        }
        if !self.minutes.is_empty() {
            let id = self.subtree(&self.minutes)?;
            builder
                .insert(crate::store::MINUTES_DIR, id, 0o040_000)
                .map_err(git("cannot build a tree"))?;
        }
        builder.write().map_err(git("cannot write a tree"))
    }

    fn signature(&self) -> Result<Signature<'static>> {
        Signature::new(
            "行政改革推進課",
            "gyokaku@example.jp",
            &Time::new(self.time, 540),
        )
        .map_err(git("cannot build a signature"))
    }

    fn commit(&mut self, message: &str) -> Result<Oid> {
        let tree_id = self.tree()?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(git("cannot read a tree"))?;
        let parent = match self.head {
            Some(id) => Some(
                self.repo
                    .find_commit(id)
                    .map_err(git("cannot read a commit"))?,
            ),
            None => None,
        };
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let signature = self.signature()?;
        let id = self
            .repo
            .commit(None, &signature, &signature, message, &tree, &parents)
            .map_err(git("cannot write a commit"))?;
        self.head = Some(id);
        self.time += 3_600 * 7;
        Ok(id)
    }
}

/// Which plans each Do (or Plan/Act) commit of a phase touches, and in which round: every
/// plan gets at least one commit per phase, and each indicator is handled in exactly one
/// round, so after each Do phase every indicator has that year's actual.
fn assignments(commits: usize, plans: usize) -> Vec<Vec<(usize, usize, usize)>> {
    let mut out = vec![Vec::new(); commits];
    if commits == 0 {
        return out;
    }
    for plan in 0..plans {
        let mine: Vec<usize> = if commits >= plans {
            (0..commits).filter(|k| k % plans == plan).collect()
        } else {
            vec![plan % commits]
        };
        let rounds = mine.len();
        for (round, k) in mine.into_iter().enumerate() {
            out[k].push((plan, round, rounds));
        }
    }
    out
}

fn message(
    year: FiscalYear,
    phase: Phase,
    subject_detail: &str,
    changes: &WorkspaceDiff,
    settings: &Settings,
    meetings: &[String],
) -> String {
    let counts = changes.counts();
    let detail = if subject_detail.is_empty() {
        counts.to_string()
    } else {
        subject_detail.to_string()
    };
    let mut out = format!("{} {}: {detail}\n\n", year.western(), phase.title());
    if changes.is_empty() {
        out.push_str("No data changes; the phase is closed as is.\n\n");
    } else {
        let _ = writeln!(out, "Changes ({counts}):");
        for change in changes.changes.iter().take(300) {
            let _ = writeln!(out, "- {}", change.describe(Language::Ja, Some(settings)));
        }
        if changes.changes.len() > 300 {
            let _ = writeln!(out, "- … and {} more", changes.changes.len() - 300);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{TRAILER_CYCLE}: {}", year.western());
    let _ = writeln!(out, "{TRAILER_PHASE}: {}", phase.as_str());
    for meeting in meetings {
        let _ = writeln!(out, "{TRAILER_MEETING}: {meeting}");
    }
    let _ = writeln!(out, "{TRAILER_CHANGED}: {}", counts.trailer());
    out
}

fn serialize<T: serde::Serialize>(value: &T, what: &str) -> Result<String> {
    to_canonical(value).map_err(|source| Error::Serialize {
        what: what.to_string(),
        source,
    })
}

/// Writes a workspace of `scale` into `dir` (which must not exist or be empty), with its
/// whole git history, and checks nothing: `kaikaku check` is the judge.
#[allow(clippy::too_many_lines)] // one story: data, then the history cycle by cycle
pub fn generate(dir: &Path, scale: Scale, seed: u64) -> Result<Generated> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io("read", dir, e))?
            .next()
            .is_some()
    {
        let dir = dir.display();
        return Err(Error::Invalid(crate::text!(
            "{dir} は空ではありません。新しいディレクトリに生成してください",
            "{dir} is not empty; generate into a new directory"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let years = u16::try_from(scale.cycles.max(1)).unwrap_or(10);
    let mut settings = settings();
    let plans_n = scale.plans.max(1);
    let mut plans: Vec<Plan> = (0..plans_n)
        .map(|p| {
            let nodes = scale.nodes / plans_n + usize::from(p < scale.nodes % plans_n);
            let indicators =
                scale.indicators / plans_n + usize::from(p < scale.indicators % plans_n);
            plan(&mut rng, p, nodes, indicators, years)
        })
        .collect();
    // Nodes that meetings link to: measures (施策) of every plan.
    let links: Vec<(String, String)> = plans
        .iter()
        .flat_map(|plan| {
            plan.nodes.iter().flat_map(move |top| {
                top.children
                    .iter()
                    .map(move |mid| (plan.id.clone(), mid.id.clone()))
            })
        })
        .collect();
    let repo = Repository::init(dir).map_err(git("cannot initialise the repository"))?;
    let ignore_text = "/.kaikaku/\n.kaikaku-tmp-*\n";
    let mut writer = Writer {
        repo: &repo,
        plans: BTreeMap::new(),
        minutes: BTreeMap::new(),
        settings: Oid::ZERO_SHA1,
        ignore: Oid::ZERO_SHA1,
        head: None,
        // 2016-04-01 09:00 JST
        time: 1_459_468_800,
    };
    writer.ignore = writer.blob(ignore_text)?;
    writer.settings = writer.blob(&serialize(&settings, "kaikaku.ron")?)?;
    for plan in &plans {
        let id = writer.blob(&serialize(plan, &plan.id)?)?;
        writer.plans.insert(format!("{}.ron", plan.id), id);
    }
    writer.commit(&format!(
        "Create the workspace (generated, {} plans)\n\n{TRAILER_EVENT}: init\n",
        plans.len()
    ))?;
    let mut generated = Generated {
        plans: plans.iter().map(|p| p.id.clone()).collect(),
        commits: 1,
        nodes: scale.nodes,
        indicators: scale.indicators,
        statements: scale.meetings * scale.statements,
        busy_indicator: plans
            .first()
            .and_then(|p| p.all_indicators().first().map(|(_, i)| i.id.clone()))
            .unwrap_or_default(),
        ..Generated::default()
    };
    let mut meetings: Vec<Meeting> = Vec::new();
    let per_cycle = (scale.commits / scale.cycles.max(1)).max(4);
    let mut previous_tag: Option<Oid> = None;
    let mut meeting_number = 0usize;
    for cycle in 0..scale.cycles {
        let year = FiscalYear(FIRST_YEAR + u16::try_from(cycle).unwrap_or(0));
        writer.time = chrono::NaiveDate::from_ymd_opt(i32::from(year.0), 4, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(writer.time, |t| t.and_utc().timestamp());
        // Meetings of this cycle.
        let first = cycle * scale.meetings / scale.cycles.max(1);
        let last = (cycle + 1) * scale.meetings / scale.cycles.max(1);
        let cycle_meetings = last - first;
        for (phase_index, phase) in Phase::ALL.iter().copied().enumerate() {
            let count = per_cycle / 4 + usize::from(phase_index < per_cycle % 4);
            let plan_work = assignments(count, plans.len());
            for (k, work) in plan_work.iter().enumerate() {
                let mut changes = WorkspaceDiff::default();
                let mut detail = String::new();
                let mut named = Vec::new();
                match phase {
                    Phase::Do | Phase::Plan | Phase::Act => {
                        for &(p, round, rounds) in work {
                            let before = plans[p].clone();
                            let plan = &mut plans[p];
                            if phase == Phase::Do {
                                let mut set: Vec<(String, Figure)> = Vec::new();
                                for (index, (_, indicator)) in
                                    plan.all_indicators().into_iter().enumerate()
                                {
                                    if index % rounds == round {
                                        set.push((
                                            indicator.id.clone(),
                                            actual(&mut rng, indicator, year),
                                        ));
                                    }
                                }
                                for (id, value) in set {
                                    if let Some(indicator) = plan.indicator_mut(&id) {
                                        indicator.set_actual(year, value, None);
                                    }
                                }
                                for (m, mid) in plan
                                    .nodes
                                    .iter_mut()
                                    .flat_map(|t| t.children.iter_mut())
                                    .enumerate()
                                {
                                    if m % rounds == round {
                                        mid.set_status(StatusEntry {
                                            year,
                                            status: STATUSES[rng.below(STATUSES.len())].into(),
                                            note: None,
                                        });
                                    }
                                }
                            } else {
                                // Plan and Act revise two targets, each with its reason.
                                let ids: Vec<String> = plan
                                    .all_indicators()
                                    .iter()
                                    .skip(round * 2 % 16)
                                    .take(2)
                                    .map(|(_, i)| i.id.clone())
                                    .collect();
                                for id in ids {
                                    if let Some(indicator) = plan.indicator_mut(&id)
                                        && let Some(target) = &mut indicator.target
                                        && let TargetValue::Value(value) = &mut target.value
                                    {
                                        let delta = if indicator.direction == Direction::Decrease {
                                            -5
                                        } else {
                                            5
                                        };
                                        *value = Figure(value.0 + Decimal::new(delta, 1));
                                        plan.revisions.push(Revision {
                                            year,
                                            item: id.clone(),
                                            reason: format!(
                                                "{}の実績を踏まえ、{}の目標値を見直した。",
                                                year.wareki(),
                                                rng.pick(AREAS)
                                            ),
                                        });
                                    }
                                }
                            }
                            changes.changes.extend(diff_plans(&before, plan));
                            let id = writer.blob(&serialize(&*plan, &plan.id)?)?;
                            writer.plans.insert(format!("{}.ron", plan.id), id);
                        }
                    }
                    Phase::Check => {
                        for i in (0..cycle_meetings).filter(|i| i % count == k) {
                            meeting_number += 1;
                            let draft = meeting_number == scale.meetings;
                            let m = meeting(&mut rng, year, i + 1, scale.statements, &links, draft);
                            changes.changes.push(Change::MeetingAdded {
                                meeting: m.id.clone(),
                                title: m.title.clone(),
                                date: m.date.to_string(),
                            });
                            let empty = Meeting {
                                statements: Vec::new(),
                                ..m.clone()
                            };
                            changes.changes.extend(diff_meetings(&empty, &m));
                            if named.is_empty() {
                                detail = format!("{} ({})", m.title, m.date);
                            }
                            named.push(m.id.clone());
                            if draft {
                                generated.draft_meeting.clone_from(&m.id);
                            }
                            let id = writer.blob(&serialize(&m, &m.id)?)?;
                            writer.minutes.insert(format!("{}.ron", m.id), id);
                            meetings.push(m);
                        }
                    }
                }
                // The last commit of a phase advances the cycle state, as commit_phase does.
                if k + 1 == count {
                    settings.cycle = Some(next_state(year, phase));
                    writer.settings = writer.blob(&serialize(&settings, "kaikaku.ron")?)?;
                }
                let text = message(year, phase, &detail, &changes, &settings, &named);
                writer.commit(&text)?;
                generated.commits += 1;
            }
        }
        // Close the cycle: an annotated tag on the Act commit, chained to the previous one.
        let act = writer.head.ok_or_else(|| {
            Error::Invalid(("タグを付けるコミットがありません", "no commit to tag").into())
        })?;
        let name = format!("{TAG_PREFIX}{}", year.western());
        let sequence = cycle + 1;
        let tag_message = format!(
            "{} cycle closed (generated)\n\n{TRAILER_CYCLE}: {}\n{TRAILER_SEQUENCE}: {sequence}\n{TRAILER_PREVIOUS_TAG}: {}\n{TRAILER_CHANGED}: none\n",
            year.western(),
            year.western(),
            previous_tag.map_or_else(|| "none".to_string(), |id| id.to_string())
        );
        let tagger = writer.signature()?;
        let content = format!(
            "object {act}\ntype commit\ntag {name}\ntagger {}\n\n{tag_message}",
            crate::history::repo::format_signature(&tagger)
        );
        let tag_id = repo
            .odb()
            .and_then(|odb| odb.write(ObjectType::Tag, content.as_bytes()))
            .map_err(git("cannot write a tag"))?;
        repo.reference(&format!("refs/tags/{name}"), tag_id, false, "generate")
            .map_err(git("cannot create a tag"))?;
        previous_tag = Some(tag_id);
        generated.tags.push(name);
    }
    let head = writer.head.ok_or_else(|| {
        Error::Invalid(("コミットが書き込まれていません", "no commit written").into())
    })?;
    repo.reference("refs/heads/main", head, true, "generate")
        .and_then(|_| repo.set_head("refs/heads/main"))
        .map_err(git("cannot set HEAD"))?;
    // The working tree and the index match HEAD.
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))
    };
    write(".gitignore", ignore_text)?;
    write(
        crate::store::SETTINGS_FILE,
        &serialize(&settings, "kaikaku.ron")?,
    )?;
    for plan in &plans {
        write(
            &format!("plans/{}.ron", plan.id),
            &serialize(plan, &plan.id)?,
        )?;
    }
    std::fs::create_dir_all(dir.join("minutes")).map_err(|e| Error::io("create", dir, e))?;
    for meeting in &meetings {
        write(
            &format!("minutes/{}.ron", meeting.id),
            &serialize(meeting, &meeting.id)?,
        )?;
    }
    let tree = repo
        .find_commit(head)
        .and_then(|c| c.tree())
        .map_err(git("cannot read HEAD"))?;
    let mut index = repo.index().map_err(git("cannot open the index"))?;
    index
        .read_tree(&tree)
        .map_err(git("cannot fill the index"))?;
    index.write().map_err(git("cannot write the index"))?;
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_is_deterministic() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
    }

    #[test]
    fn every_plan_gets_each_round_once() {
        for (commits, plans) in [(50, 20), (5, 2), (1, 1), (3, 7)] {
            let work = assignments(commits, plans);
            for plan in 0..plans {
                let mut rounds: Vec<(usize, usize)> = work
                    .iter()
                    .flatten()
                    .filter(|(p, _, _)| *p == plan)
                    .map(|(_, r, n)| (*r, *n))
                    .collect();
                rounds.sort_unstable();
                let n = rounds[0].1;
                assert_eq!(rounds, (0..n).map(|r| (r, n)).collect::<Vec<_>>());
            }
        }
    }
}
