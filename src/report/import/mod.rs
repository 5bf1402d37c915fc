//! Importing KPI tables as secretariats have them: CSV or TSV (UTF-8 or CP932), pasted from
//! Excel, or Excel workbooks read directly, in the layouts cities print (see [`layout`]).
//!
//! Reading ([`read_table`]) is separate from applying ([`apply`]) so that a bad cell is
//! reported with its row and column before anything changes, and so that `--dry-run`, the
//! CLI and the TUI's paste dialog share one path. Applying updates indicators of the same
//! id or name: new values are added, equal values left alone, and differing values reported
//! as conflicts, replaced only when asked to overwrite. Applying is linear in the size of the
//! table and the plan (one index of names and ids, one pass over the plan's indicators).

mod apply;
mod builder;
mod header;
pub mod layout;
mod own_csv;
pub mod source;
mod words;
pub mod years;

pub use apply::{Change, ChangeKind, apply, same_name};
pub use layout::read_table;
pub use source::read_rows;

use crate::model::fiscal_year::normalize_width;
use crate::model::{
    BoundWord, Direction, FiscalYear, Language, Period, Target, TargetValue, YearValue,
    sanitize_inline,
};

/// A problem in the table, at a 1-based row (line of the file, or sheet row) and column.
/// `message` is English (also the `Display`), `message_ja` Japanese; [`ImportError::text`]
/// picks by language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("row {row}, column {column}: {message}")]
pub struct ImportError {
    pub row: usize,
    pub column: usize,
    pub message: String,
    pub message_ja: String,
}

impl ImportError {
    pub fn new(row: usize, column: usize, ja: impl Into<String>, en: impl Into<String>) -> Self {
        ImportError {
            row,
            column,
            message: en.into(),
            message_ja: ja.into(),
        }
    }

    /// The message in the user's language.
    pub fn text(&self, lang: Language) -> &str {
        lang.pick(&self.message_ja, &self.message)
    }
}

/// `行 3、列 2: …` / `row 3, column 2: …`.
impl crate::i18n::Localize for ImportError {
    fn message(&self, lang: Language) -> String {
        match lang {
            Language::En => self.to_string(),
            Language::Ja => format!("{}行目 {}列目: {}", self.row, self.column, self.message_ja),
        }
    }
}

/// What the command line says about every row, overriding the cells.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Attach new indicators to this node (default: the plan itself).
    pub node: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    /// The year of a target printed without one (`--target-year`); never assumed.
    pub target_year: Option<FiscalYear>,
    /// The era of header years printed without one (`--era 平成`).
    pub era: Option<years::Era>,
    /// Replace stored values that differ from the table.
    pub overwrite: bool,
}

/// One indicator as read from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableIndicator {
    /// 1-based row where it starts.
    pub row: usize,
    /// The indicator id, when the table has one (kaikaku's own CSV).
    pub id: Option<String>,
    pub name: String,
    pub unit: String,
    /// [`Direction::Unstated`] unless the table (or `--direction`) says it.
    pub direction: Direction,
    /// Where the direction was read, for `--dry-run`: 「以下」 in a cell, 「削減」 in the name …
    pub direction_said: Option<Said>,
    pub bound: Option<BoundWord>,
    pub baseline: Option<YearValue>,
    pub target: Option<Target>,
    /// The yearly planned path (計画 / 目標 rows), oldest first.
    pub planned: Vec<YearValue>,
    pub actuals: Vec<YearValue>,
    pub parts: Vec<TableIndicator>,
}

/// A table as read: its indicators, and what was recognised but not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// 1-based row of the header.
    pub header_row: usize,
    /// The header as printed (cells joined by ` | `, shortened).
    pub header: String,
    /// The years of the year columns, in order.
    pub years: Vec<FiscalYear>,
    pub indicators: Vec<TableIndicator>,
    /// Columns and rows recognised and left out (totals, derived figures, notes).
    pub notes: Vec<Note>,
}

/// Where a table said which way an indicator should move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// `--direction` on the command line.
    Option,
    /// A bound word in a cell: 以上, 以下 ….
    Bound(&'static str),
    /// 収支均衡.
    Balance,
    /// A word in the indicator's name, its row label, or the target column's header.
    Name(&'static str),
    Label(&'static str),
    Header(&'static str),
    /// A 方向 column, or the direction column of kaikaku's own CSV.
    Column,
}

impl Said {
    pub fn text(&self, lang: Language) -> String {
        match self {
            Said::Option => "--direction".to_string(),
            Said::Bound(word) => format!("「{word}」{}", lang.pick("（セル）", " in a cell")),
            Said::Balance => "「収支均衡」".to_string(),
            Said::Name(word) => format!("「{word}」{}", lang.pick("（指標名）", " in the name")),
            Said::Label(word) => format!("「{word}」{}", lang.pick("（区分）", " in the label")),
            Said::Header(word) => {
                format!("「{word}」{}", lang.pick("（見出し）", " in the header"))
            }
            Said::Column => lang.pick("方向の列", "the direction column").to_string(),
        }
    }
}

/// Why a column was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    /// 合計, 累計, 平均.
    Total,
    /// 達成率, 増減, 前年比: computed from other figures.
    Derived,
    /// 判定, 備考, 所管: words, not figures.
    NotFigure,
}

/// Something the table holds that was recognised and deliberately not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    Column {
        /// 1-based.
        column: usize,
        header: String,
        why: Left,
    },
    /// Rows of derived figures (達成率, 増減数 …) under one label.
    DerivedRows { rows: Vec<usize>, label: String },
    /// A remark row (※…, 注…).
    Remark { row: usize },
    /// kaikaku's own CSV: its progress and status columns.
    OwnCsv,
}

impl Note {
    /// The note in the user's language.
    pub fn text(&self, lang: Language) -> String {
        match self {
            Note::Column {
                column,
                header,
                why,
            } => {
                let why = match why {
                    Left::Total => lang.pick("合計の列", "a total"),
                    Left::Derived => {
                        lang.pick("他の数値から計算した列", "derived from other figures")
                    }
                    Left::NotFigure => lang.pick("数値ではない列", "not a figure"),
                };
                format!(
                    "{} {column} 「{}」: {why}{}",
                    lang.pick("列", "column"),
                    sanitize_inline(header),
                    lang.pick("のため取り込みません", ", not imported")
                )
            }
            Note::DerivedRows { rows, label } => {
                let rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
                format!(
                    "{} {} 「{}」: {}",
                    lang.pick("行", "row"),
                    rows.join(", "),
                    sanitize_inline(label),
                    lang.pick(
                        "他の数値から計算した行のため取り込みません",
                        "derived from other figures, not imported"
                    )
                )
            }
            Note::Remark { row } => format!(
                "{} {row}: {}",
                lang.pick("行", "row"),
                lang.pick("注記のため取り込みません", "a remark, not imported")
            ),
            Note::OwnCsv => lang
                .pick(
                    "kaikaku の KPI CSV: 進捗と状況は計算値のため取り込みません",
                    "kaikaku's own KPI CSV: progress and status are derived, not imported",
                )
                .to_string(),
        }
    }
}

/// Finds the first fiscal year written anywhere in a text: `令和6年度決算`, `基準値(R5)`,
/// `FY2023`, `2023年度`, `H23`, `平成16年`.
pub fn find_year(text: &str) -> Option<FiscalYear> {
    let text = normalize_width(text);
    let mut previous: Option<char> = None;
    for (index, c) in text.char_indices() {
        let rest = &text[index..];
        let after_letter = previous.is_some_and(|p| p.is_ascii_alphanumeric());
        for prefix in ["令和", "平成", "昭和", "FY", "R", "H", ""] {
            if after_letter && !prefix.starts_with(['令', '平', '昭']) {
                continue;
            }
            let Some(after) = rest.strip_prefix(prefix) else {
                continue;
            };
            let digits: String = after
                .chars()
                .take_while(|d| d.is_ascii_digit() || (*d == '元' && !prefix.is_empty()))
                .collect();
            if digits.is_empty() || (prefix.is_empty() && digits.chars().count() != 4) {
                continue;
            }
            if prefix.is_empty() && after[digits.len()..].starts_with(|d: char| d.is_ascii_digit())
            {
                continue;
            }
            if let Ok(year) = format!("{prefix}{digits}").parse::<FiscalYear>() {
                return Some(year);
            }
        }
        previous = Some(c);
    }
    None
}

pub(crate) fn squash(text: &str) -> String {
    normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Reads the indicators of a TSV/CSV text for a plan whose period ends in `last_year` (the
/// period is taken as that one year; [`read_table`] takes the whole period).
pub fn read_indicators(
    text: &str,
    options: &ImportOptions,
    last_year: FiscalYear,
) -> Result<Vec<TableIndicator>, ImportError> {
    let rows = read_rows(text)?;
    let period = Period {
        from: last_year,
        to: last_year,
    };
    read_table(&rows, options, period).map(|table| table.indicators)
}

fn values_line(values: &[YearValue], unit: &str, lang: Language) -> String {
    values
        .iter()
        .map(|v| {
            format!(
                "{} {}{}",
                lang.year_short(v.year),
                v.value.grouped(),
                sanitize_inline(unit)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_one(out: &mut String, item: &TableIndicator, depth: usize, lang: Language) {
    let pad = "  ".repeat(depth);
    let unit = &sanitize_inline(&item.unit);
    out.push_str(&format!(
        "{pad}{} ({} {})\n",
        sanitize_inline(&item.name),
        lang.pick("行", "row"),
        item.row
    ));
    let none = lang.pick("なし", "none");
    let direction = match (&item.direction, &item.direction_said) {
        (Direction::Unstated, _) => lang
            .pick(
                "未設定 — 表に書かれていません (--direction で指定、check が警告します)",
                "not stated — the table does not say (set it with --direction; check warns)",
            )
            .to_string(),
        (d, Some(said)) => format!("{} ({})", d.as_str(), said.text(lang)),
        (d, None) => d.as_str().to_string(),
    };
    out.push_str(&format!(
        "{pad}  {} {} · {} {direction}\n",
        lang.pick("単位", "unit"),
        if unit.is_empty() { none } else { unit },
        lang.pick("方向", "direction"),
    ));
    if let Some(b) = &item.baseline {
        out.push_str(&format!(
            "{pad}  {} {}{unit} ({})\n",
            lang.pick("基準値", "baseline"),
            b.value.grouped(),
            lang.year_short(b.year)
        ));
    }
    if let Some(t) = &item.target {
        let value = match &t.value {
            TargetValue::Tbd => lang.pick("調整中", "TBD").to_string(),
            TargetValue::Text(text) => sanitize_inline(text),
            TargetValue::Value(f) => format!(
                "{}{unit}{}",
                f.grouped(),
                item.bound.map_or("", BoundWord::label)
            ),
        };
        out.push_str(&format!(
            "{pad}  {} {value} ({})\n",
            lang.pick("目標", "target"),
            lang.year_short(t.year)
        ));
    }
    if !item.planned.is_empty() {
        out.push_str(&format!(
            "{pad}  {} {}\n",
            lang.pick("計画値", "planned"),
            values_line(&item.planned, unit, lang)
        ));
    }
    if !item.actuals.is_empty() {
        out.push_str(&format!(
            "{pad}  {} {}\n",
            lang.pick("実績", "actuals"),
            values_line(&item.actuals, unit, lang)
        ));
    }
    for part in &item.parts {
        describe_one(out, part, depth + 1, lang);
    }
}

/// What `--dry-run` prints about a table: the header read, then per indicator its unit,
/// direction (and where it was read), baseline, target, planned path and actuals, then the
/// notes on what was left out.
pub fn describe(table: &Table, lang: Language) -> String {
    let mut out = format!(
        "{} ({} {}): 「{}」\n",
        lang.pick("見出し", "header"),
        lang.pick("行", "row"),
        table.header_row,
        table.header
    );
    if let (Some(first), Some(last)) = (table.years.first(), table.years.last()) {
        out.push_str(&format!(
            "{} {}–{}\n",
            lang.pick("年度", "years"),
            lang.year_short(*first),
            lang.year_short(*last)
        ));
    }
    for item in &table.indicators {
        describe_one(&mut out, item, 0, lang);
    }
    for note in &table.notes {
        out.push_str(&format!(
            "{}: {}\n",
            lang.pick("注", "note"),
            note.text(lang)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Figure, Plan};

    fn fig(text: &str) -> Figure {
        text.parse().expect(text)
    }

    fn read(text: &str) -> Vec<TableIndicator> {
        read_indicators(text, &ImportOptions::default(), FiscalYear(2027))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn finds_years_inside_labels() {
        let year = |t: &str| find_year(t).map(|y| y.0);
        assert_eq!(year("基準値(令和6年度決算)"), Some(2024));
        assert_eq!(year("基準値(R5)"), Some(2023));
        assert_eq!(year("令和3年度（基準値）"), Some(2021));
        assert_eq!(year("目標値（Ｒ１１）"), Some(2029));
        assert_eq!(year("FY2023 実績"), Some(2023));
        assert_eq!(year("2023年度"), Some(2023));
        assert_eq!(year("令和元年度"), Some(2019));
        assert_eq!(year("検証値"), None);
        assert_eq!(year("107087"), None);
        assert_eq!(year("KPI"), None);
    }

    #[test]
    fn wide_table_with_years_in_the_header() {
        let items = read(
            "項目\t基準値(R5)\t検証値(R9)\n\
             職員採用（選考）試験競争倍率（全職種）\t5.3倍\t調整中\n\
             男性職員育児休業取得割合\t49%(R4)\t90%\n\
             窓口滞在時間\t調整中\t調整中\n\
             経常収支比率\t97.0%\t95.6%以下\n\
             実質収支\t△12.8億円\t収支均衡\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].unit, "倍");
        assert_eq!(
            items[0].baseline.as_ref().map(|b| (b.year.0, b.value)),
            Some((2023, fig("5.3")))
        );
        assert_eq!(
            items[0].target.as_ref().map(|t| &t.value),
            Some(&TargetValue::Tbd)
        );
        assert_eq!(items[1].baseline.as_ref().map(|b| b.year.0), Some(2022));
        assert_eq!(items[1].target.as_ref().map(|t| t.year.0), Some(2027));
        assert!(items[2].baseline.is_none());
        assert_eq!(items[3].direction, Direction::AtMost);
        assert_eq!(items[3].bound, Some(BoundWord::Ika));
        assert_eq!(items[4].direction, Direction::Balance);
        assert_eq!(
            items[4].baseline.as_ref().map(|b| b.value),
            Some(fig("-12.8"))
        );
    }

    #[test]
    fn long_table_with_continuation_rows() {
        let table = "番号\t指標\t区分\t値\n\
             1\t市税収納率\t基準値(令和6年度決算)\t98.9%\n\
             \t\t目標値(令和11年度決算)\t99.2%以上\n\
             \t\t実績値(令和8年度)\t99.0%\n\
             2\t将来負担比率\t基準値(令和6年度決算)\t17億5千万円\n\
             \t\t目標値\t1億2千万円\n";
        // The second target prints no year: refused, not set to the plan's last year.
        let error = read_indicators(table, &ImportOptions::default(), FiscalYear(2027))
            .expect_err("a target with no year");
        assert_eq!((error.row, error.column), (6, 4));
        assert!(error.message.contains("--target-year"), "{error}");
        let options = ImportOptions {
            target_year: Some(FiscalYear(2029)),
            ..ImportOptions::default()
        };
        let items = read_indicators(table, &options, FiscalYear(2027)).expect("reads");
        assert_eq!(items.len(), 2);
        let first = &items[0];
        assert_eq!(first.name, "市税収納率");
        assert_eq!(first.baseline.as_ref().map(|b| b.year.0), Some(2024));
        assert_eq!(first.target.as_ref().map(|t| t.year.0), Some(2029));
        assert_eq!(first.direction, Direction::AtLeast);
        assert_eq!(
            first.actuals.iter().map(|a| a.year.0).collect::<Vec<_>>(),
            [2026]
        );
        assert_eq!(items[1].unit, "億円");
        assert_eq!(
            items[1].baseline.as_ref().map(|b| b.value),
            Some(fig("17.5"))
        );
        assert_eq!(
            items[1].target.as_ref().and_then(Target::figure),
            Some(fig("1.2"))
        );
        assert_eq!(items[1].target.as_ref().map(|t| t.year.0), Some(2029));
        // A lower target than the baseline is not a direction the table states.
        assert_eq!(items[1].direction, Direction::Unstated);
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let error = read_indicators(
            "項目\t基準値(R5)\t検証値(R9)\nA\t5.3倍\t9..0%\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("bad cell");
        assert_eq!((error.row, error.column), (2, 3));
        assert!(
            error.to_string().starts_with("row 2, column 3: 「9..0%」"),
            "{error}"
        );
        let error = read_indicators(
            "項目,基準値,目標値\nA,5%,6%\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("baseline year");
        assert_eq!((error.row, error.column), (2, 2));
        let error = read_indicators(
            "項目\t基準値(R5)\t検証値(R9)\nA\t5%\t6倍\n",
            &ImportOptions::default(),
            FiscalYear(2027),
        )
        .expect_err("unit");
        assert_eq!((error.row, error.column), (2, 3));
    }

    fn empty_plan() -> Plan {
        Plan::new(
            "p",
            "p",
            "市",
            crate::model::Period {
                from: FiscalYear(2024),
                to: FiscalYear(2027),
            },
        )
    }

    #[test]
    fn reimport_adds_new_years_and_reports_conflicts() {
        let mut plan = empty_plan();
        let options = ImportOptions::default();
        let first = read("項目\t基準値(R5)\t検証値(R9)\n満足度\t3.56\t3.70\n");
        let changes = apply(&mut plan, &first, &options).expect("apply");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Create);
        assert_eq!(plan.indicators[0].id, "k1");
        // Same values (digits written differently) plus a new actual.
        let second = read("項目\t基準値(R5)\tR6\t検証値(R9)\n満 足 度\t3.560\t3.60\t3.7\n");
        let changes = apply(&mut plan, &second, &options).expect("apply");
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Add);
        assert_eq!(
            plan.indicators[0]
                .baseline
                .as_ref()
                .map(|b| b.value.to_string()),
            Some("3.56".into())
        );
        // A different value is a conflict, kept unless overwriting.
        let third = read("項目\tR6\n満足度\t3.65\n");
        let changes = apply(&mut plan, &third, &options).expect("apply");
        assert_eq!(changes[0].kind, ChangeKind::Conflict);
        assert!(
            changes[0]
                .to_string()
                .contains("3.60 (FY2024) in the plan, 3.65 (FY2024)"),
            "{}",
            changes[0]
        );
        assert_eq!(plan.indicators[0].actuals[0].value, fig("3.60"));
        let overwrite = ImportOptions {
            overwrite: true,
            ..ImportOptions::default()
        };
        let changes = apply(&mut plan, &third, &overwrite).expect("apply");
        assert_eq!(changes[0].kind, ChangeKind::Overwrite);
        assert_eq!(plan.indicators[0].actuals[0].value, fig("3.65"));
    }

    #[test]
    fn a_repeated_name_with_other_values_is_a_conflict() {
        let mut plan = empty_plan();
        let items = read("項目\tR6\n満足度\t3.5\n満足度\t3.6\n");
        let changes = apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        assert_eq!(plan.indicators.len(), 1);
        assert!(
            changes.iter().any(|c| c.kind == ChangeKind::Conflict),
            "{changes:?}"
        );
        // The same value twice is no conflict.
        let mut plan = empty_plan();
        let items = read("項目\tR6\n満足度\t3.5\n満足度\t3.50\n");
        let changes = apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        assert_eq!(changes.len(), 1, "{changes:?}");
    }

    #[test]
    fn a_marker_inside_a_value_cell_makes_the_baseline() {
        let items = read("指標\tR4\tR5\tR6\n職員数\t900人(基準)\t880人\t870人\n");
        assert_eq!(
            items[0]
                .baseline
                .as_ref()
                .map(|b| (b.year.0, b.value.to_string())),
            Some((2022, "900".into()))
        );
        let years: Vec<u16> = items[0].actuals.iter().map(|a| a.year.0).collect();
        assert_eq!(years, [2023, 2024]);
    }

    #[test]
    fn groups_become_parts() {
        let mut plan = empty_plan();
        let items = read(
            "検証項目\t令和3年度（基準値）\t令和4年度\t令和5年度（検証値）\n\
             3 各種財政指標\t\t\t\n\
             ①実質公債比率\t5.4％\t5.3％\t5.2％\n\
             ③市債残高\t2,248億円\t2,359億円\t2,430億円\n\
             年休取得日数\t14日\t15日\t16日\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].parts.len(), 2);
        apply(&mut plan, &items, &ImportOptions::default()).expect("apply");
        let ids: Vec<&str> = plan
            .all_indicators()
            .iter()
            .map(|(_, i)| i.id.as_str())
            .collect();
        assert_eq!(ids, ["k1", "k1-1", "k1-2", "k2"]);
        assert_eq!(plan.indicators[0].name, "各種財政指標");
    }
}
