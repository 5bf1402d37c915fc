//! Node progress counts: how many items of each level stand at each status in a fiscal year
//! (the seeds' 「計画通り進捗 108 / 一部変更・遅れ 29 / 合計 137」 table), for the whole plan and
//! per parent node.
//!
//! Counts come from the nodes' statuses of that year plus the plan's tallies (items counted
//! but not listed one by one). Nodes without a status for the year are counted as "no status"
//! so that 合計 always equals the number of items.

use serde::Serialize;

use super::csv_out::CsvOut;
use super::escape::{csv_text, md_cell};
use crate::error::Result;
use crate::model::{FiscalYear, Language, Plan, Settings, sanitize_inline};
use crate::text;

/// One status column of the table, in vocabulary order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusColumn {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
}

impl StatusColumn {
    pub fn label(&self, lang: Language) -> &str {
        match lang {
            Language::Ja => &self.label,
            Language::En => self.label_en.as_deref().unwrap_or(&self.label),
        }
    }
}

/// Counts for one level, either across the plan or under one parent node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The parent node's id; `None` for the whole plan.
    pub parent: Option<String>,
    /// The parent's printed number and title (`推進項目1 デジタル市役所…`).
    pub parent_label: Option<String>,
    /// 0-based level of the counted items.
    pub level: usize,
    pub level_name: String,
    /// The level's English name (its `name_en`, else the glossary's), for English output.
    #[serde(skip)]
    pub level_name_en: Option<String>,
    /// One count per status column, same order as `ProgressReport::columns`.
    pub counts: Vec<u32>,
    /// Items without a status for the year.
    pub no_status: u32,
    pub total: u32,
}

/// The status counts of one plan in one fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgressReport {
    pub plan: String,
    pub title: String,
    pub year: FiscalYear,
    pub columns: Vec<StatusColumn>,
    /// Whole-plan counts per level that has items (listed or tallied).
    pub levels: Vec<CountRow>,
    /// Counts of the direct children of every node that has children.
    pub parents: Vec<CountRow>,
}

/// The year a report shows when none is asked for: the newest year with a status or tally in
/// the plan, else the end of the plan period.
pub fn default_year(plan: &Plan) -> FiscalYear {
    let statuses = plan
        .flatten()
        .into_iter()
        .flat_map(|flat| flat.node.statuses.iter().map(|s| s.year))
        .collect::<Vec<_>>();
    statuses
        .into_iter()
        .chain(plan.tallies.iter().map(|t| t.year))
        .max()
        .unwrap_or(plan.period.to)
}

/// Builds the counts of `plan` for `year`.
pub fn progress_report(
    plan: &Plan,
    settings: Option<&Settings>,
    year: FiscalYear,
) -> ProgressReport {
    let mut columns: Vec<StatusColumn> = settings
        .map(|s| {
            s.statuses
                .iter()
                .map(|def| StatusColumn {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    label_en: def.label_en.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    // Status ids outside the vocabulary (`check` reports them) still get counted.
    let flat = plan.flatten();
    let used = flat
        .iter()
        .filter_map(|f| f.node.status(year).map(|s| s.status.clone()))
        .chain(
            plan.tallies
                .iter()
                .filter(|t| t.year == year)
                .map(|t| t.status.clone()),
        );
    for id in used {
        if !columns.iter().any(|c| c.id == id) {
            columns.push(StatusColumn {
                label: id.clone(),
                id,
                label_en: None,
            });
        }
    }
    let level_name = |level: usize| {
        plan.levels
            .get(level)
            .map_or_else(|| format!("{}", level + 1), |l| l.name.clone())
    };
    let level_name_en = |level: usize| {
        plan.levels
            .get(level)
            .map(|l| l.label(Language::En).to_string())
    };
    let empty_row = |parent: Option<(&str, String)>, level: usize| CountRow {
        parent: parent.as_ref().map(|(id, _)| (*id).to_string()),
        parent_label: parent.map(|(_, label)| label),
        level,
        level_name: level_name(level),
        level_name_en: level_name_en(level),
        counts: vec![0; columns.len()],
        no_status: 0,
        total: 0,
    };
    let add = |row: &mut CountRow, status: Option<&str>, count: u32| {
        match status.and_then(|id| columns.iter().position(|c| c.id == id)) {
            Some(index) => row.counts[index] += count,
            None => row.no_status += count,
        }
        row.total += count;
    };
    let depth = flat
        .iter()
        .map(|f| f.depth + 1)
        .chain(plan.tallies.iter().map(|t| t.level + 1))
        .max()
        .unwrap_or(0);
    let mut levels: Vec<CountRow> = (0..depth).map(|level| empty_row(None, level)).collect();
    // Items retired before the year are no longer part of the plan then: not counted.
    let retired = crate::model::plan::retirements(&flat);
    let counted = |retired: Option<FiscalYear>| retired.is_none_or(|last| year <= last);
    for (node, retired) in flat.iter().zip(&retired) {
        if !counted(*retired) {
            continue;
        }
        let status = node.node.status(year).map(|s| s.status.as_str());
        add(&mut levels[node.depth], status, 1);
    }
    for tally in plan.tallies.iter().filter(|t| t.year == year) {
        add(&mut levels[tally.level], Some(&tally.status), tally.count);
    }
    levels.retain(|row| row.total > 0);
    let mut parents = Vec::new();
    for (node, above) in flat.iter().zip(&retired) {
        if node.node.children.is_empty() {
            continue;
        }
        let label = format!("{} {}", node.number, node.node.title);
        let mut row = empty_row(Some((&node.node.id, label)), node.depth + 1);
        for child in &node.node.children {
            if counted(crate::model::plan::earlier(*above, child.retired)) {
                add(&mut row, child.status(year).map(|s| s.status.as_str()), 1);
            }
        }
        parents.push(row);
    }
    ProgressReport {
        plan: plan.id.clone(),
        title: plan.title.clone(),
        year,
        columns,
        levels,
        parents,
    }
}

impl CountRow {
    /// The level's name in `lang`.
    pub fn level(&self, lang: Language) -> &str {
        match (lang, &self.level_name_en) {
            (Language::En, Some(en)) => en,
            _ => &self.level_name,
        }
    }
}

impl ProgressReport {
    fn header(&self, lang: Language) -> Vec<String> {
        let mut header = vec![lang.pick("階層", "Level").to_string()];
        header.extend(self.columns.iter().map(|c| sanitize_inline(c.label(lang))));
        header.push(lang.pick("未設定", "No status").to_string());
        header.push(lang.pick("合計", "Total").to_string());
        header
    }

    fn cells(row: &CountRow, lang: Language) -> Vec<String> {
        let mut cells = vec![sanitize_inline(row.level(lang))];
        cells.extend(row.counts.iter().map(u32::to_string));
        cells.push(row.no_status.to_string());
        cells.push(row.total.to_string());
        cells
    }

    /// Per-parent rows grouped under their parent's label.
    fn parent_blocks(&self) -> Vec<(String, Vec<&CountRow>)> {
        self.parents
            .iter()
            .map(|row| {
                (
                    sanitize_inline(row.parent_label.as_deref().unwrap_or_default()),
                    vec![row],
                )
            })
            .collect()
    }

    /// Aligned text: the whole-plan table, then one line per parent node.
    pub fn to_text(&self, lang: Language) -> String {
        let header = self.header(lang);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let right: Vec<usize> = (1..header.len()).collect();
        let mut out = format!(
            "{} ({})  {}\n",
            sanitize_inline(&self.title),
            self.plan,
            lang.year(self.year)
        );
        let rows: Vec<Vec<String>> = self
            .levels
            .iter()
            .map(|row| Self::cells(row, lang))
            .collect();
        out.push_str(&text::table(&header, &rows, &right));
        if !self.parents.is_empty() {
            out.push_str(&format!("\n{}\n", lang.pick("親項目別", "Per parent")));
            let mut parent_header = vec![lang.pick("親項目", "Parent")];
            parent_header.extend(header.iter().copied());
            let rows: Vec<Vec<String>> = self
                .parent_blocks()
                .into_iter()
                .flat_map(|(label, rows)| {
                    rows.into_iter().map(move |row| {
                        let mut cells = vec![label.clone()];
                        cells.extend(Self::cells(row, lang));
                        cells
                    })
                })
                .collect();
            let right: Vec<usize> = (2..parent_header.len()).collect();
            out.push_str(&text::table(&parent_header, &rows, &right));
        }
        out
    }

    /// Markdown tables for a written report.
    pub fn to_markdown(&self, lang: Language) -> String {
        let header = self.header(lang);
        let mut out = format!("## {} {}\n\n", md_cell(&self.title), lang.year(self.year));
        let table = |out: &mut String, header: &[String], rows: Vec<Vec<String>>| {
            out.push_str(&format!(
                "| {} |\n",
                header
                    .iter()
                    .map(|h| md_cell(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
            out.push_str(&format!(
                "|{}\n",
                header
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                    .collect::<String>()
            ));
            for row in rows {
                out.push_str(&format!(
                    "| {} |\n",
                    row.iter()
                        .map(|c| md_cell(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
        };
        table(
            &mut out,
            &header,
            self.levels
                .iter()
                .map(|row| Self::cells(row, lang))
                .collect(),
        );
        if !self.parents.is_empty() {
            out.push_str(&format!(
                "\n### {}\n\n",
                lang.pick("親項目別", "Per parent")
            ));
            let mut parent_header = vec![lang.pick("親項目", "Parent").to_string()];
            parent_header.extend(header);
            // The first column is left-aligned text; shift the alignment row accordingly.
            let rows = self
                .parents
                .iter()
                .map(|row| {
                    let mut cells = vec![row.parent_label.clone().unwrap_or_default()];
                    cells.extend(Self::cells(row, lang));
                    cells
                })
                .collect();
            table(&mut out, &parent_header, rows);
        }
        out
    }

    /// CSV with one column per status id (stable for spreadsheets):
    /// `plan,year,parent,level,level_name,<status ids…>,no_status,total`; whole-plan rows
    /// have an empty parent.
    pub fn to_csv(&self) -> Result<String> {
        let mut writer = CsvOut::new();
        let mut header: Vec<String> = ["plan", "year", "parent", "level", "level_name"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        header.extend(self.columns.iter().map(|c| csv_text(&c.id)));
        header.push("no_status".into());
        header.push("total".into());
        writer.record(&header)?;
        for row in self.levels.iter().chain(&self.parents) {
            let mut record = vec![
                csv_text(&self.plan),
                self.year.0.to_string(),
                row.parent.as_deref().map(csv_text).unwrap_or_default(),
                row.level.to_string(),
                csv_text(&row.level_name),
            ];
            record.extend(row.counts.iter().map(u32::to_string));
            record.push(row.no_status.to_string());
            record.push(row.total.to_string());
            writer.record(&record)?;
        }
        writer.finish()
    }

    /// The report as JSON. Texts are exact; whoever prints the JSON escapes unsafe
    /// characters with `model::escape_json` (stand-ins would change the data).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Node, Numbering, Period, StatusDef, StatusEntry, Tally};

    fn settings() -> Settings {
        let def = |id: &str, label: &str| StatusDef {
            id: id.into(),
            label: label.into(),
            label_en: None,
            category: crate::model::StatusCategory::OnTrack,
        };
        Settings {
            organisation: "市".into(),
            organisation_en: None,
            language: Language::Ja,
            departments: Vec::new(),
            statuses: vec![
                def("on_plan", "計画通り進捗"),
                def("changed", "一部変更・遅れ"),
            ],
            committees: Vec::new(),
            cycle: None,
            remote: None,
            signing: None,
        }
    }

    fn level(name: &str) -> Level {
        Level {
            name: name.into(),
            name_en: None,
            numbering: Numbering::default(),
        }
    }

    fn with_status(mut node: Node, year: u16, status: &str) -> Node {
        node.set_status(StatusEntry {
            year: FiscalYear(year),
            status: status.into(),
            note: None,
        });
        node
    }

    fn plan() -> Plan {
        let mut a = Node::new("a", "方針A");
        a.children = vec![
            with_status(Node::new("a1", "施策1"), 2022, "on_plan"),
            with_status(Node::new("a2", "施策2"), 2022, "changed"),
            with_status(Node::new("a3", "施策3"), 2021, "changed"),
        ];
        let mut b = Node::new("b", "方針B");
        b.children = vec![with_status(Node::new("b1", "施策1"), 2022, "on_plan")];
        Plan {
            levels: vec![level("方針"), level("施策"), level("取組項目")],
            nodes: vec![a, b],
            tallies: vec![
                Tally {
                    year: FiscalYear(2022),
                    level: 2,
                    status: "on_plan".into(),
                    count: 108,
                    note: None,
                },
                Tally {
                    year: FiscalYear(2022),
                    level: 2,
                    status: "changed".into(),
                    count: 29,
                    note: None,
                },
                Tally {
                    year: FiscalYear(2021),
                    level: 2,
                    status: "changed".into(),
                    count: 5,
                    note: None,
                },
            ],
            ..Plan::new(
                "p",
                "プラン",
                "市",
                Period {
                    from: FiscalYear(2022),
                    to: FiscalYear(2023),
                },
            )
        }
    }

    #[test]
    fn counts_nodes_and_tallies_per_level() {
        let report = progress_report(&plan(), Some(&settings()), FiscalYear(2022));
        let ids: Vec<&str> = report.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["on_plan", "changed"]);
        let summary: Vec<(&str, Vec<u32>, u32, u32)> = report
            .levels
            .iter()
            .map(|r| {
                (
                    r.level_name.as_str(),
                    r.counts.clone(),
                    r.no_status,
                    r.total,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("方針", vec![0, 0], 2, 2),
                ("施策", vec![2, 1], 1, 4),
                ("取組項目", vec![108, 29], 0, 137),
            ]
        );
    }

    /// An item retired after a year is counted up to that year and no longer after it, in
    /// the level totals and under its parent alike.
    #[test]
    fn retired_items_leave_the_counts_after_their_last_year() {
        let mut plan = plan();
        plan.node_mut("a3").expect("a3").retired = Some(FiscalYear(2021));
        let report = progress_report(&plan, Some(&settings()), FiscalYear(2022));
        let measures = report.levels.iter().find(|r| r.level == 1).expect("施策");
        assert_eq!(
            (measures.counts.clone(), measures.no_status, measures.total),
            (vec![2, 1], 0, 3)
        );
        let a = report
            .parents
            .iter()
            .find(|r| r.parent.as_deref() == Some("a"))
            .expect("a");
        assert_eq!(a.total, 2);
        let before = progress_report(&plan, Some(&settings()), FiscalYear(2021));
        let measures = before.levels.iter().find(|r| r.level == 1).expect("施策");
        assert_eq!(measures.total, 4, "still counted in its last year");
        // Retiring the parent retires its items with it.
        plan.node_mut("a").expect("a").retired = Some(FiscalYear(2021));
        let report = progress_report(&plan, Some(&settings()), FiscalYear(2022));
        let measures = report.levels.iter().find(|r| r.level == 1).expect("施策");
        assert_eq!(measures.total, 1);
    }

    #[test]
    fn counts_children_per_parent() {
        let report = progress_report(&plan(), Some(&settings()), FiscalYear(2022));
        let per_parent: Vec<(Option<&str>, Vec<u32>, u32)> = report
            .parents
            .iter()
            .map(|r| (r.parent.as_deref(), r.counts.clone(), r.total))
            .collect();
        assert_eq!(
            per_parent,
            [(Some("a"), vec![1, 1], 3), (Some("b"), vec![1, 0], 1)]
        );
        assert_eq!(report.parents[0].parent_label.as_deref(), Some("1 方針A"));
    }

    #[test]
    fn renders_every_format() {
        let report = progress_report(&plan(), Some(&settings()), FiscalYear(2022));
        let text = report.to_text(Language::Ja);
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>()
                    == ["取組項目", "108", "29", "0", "137"]),
            "{text}"
        );
        let md = report.to_markdown(Language::Ja);
        assert!(md.contains("| 取組項目 | 108 | 29 | 0 | 137 |"), "{md}");
        assert!(md.contains("| 1 方針A | 施策 | 1 | 1 | 1 | 3 |"), "{md}");
        let csv = report.to_csv().expect("csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "plan,year,parent,level,level_name,on_plan,changed,no_status,total"
        );
        assert!(lines.contains(&"p,2022,,2,取組項目,108,29,0,137"), "{csv}");
        assert!(lines.contains(&"p,2022,a,1,施策,1,1,1,3"), "{csv}");
        let json = report.to_json();
        assert_eq!(json["levels"][2]["total"], 137);
        assert_eq!(json["year"], 2022);
    }

    #[test]
    fn unknown_statuses_get_a_column_and_years_are_separate() {
        let mut plan = plan();
        plan.nodes[1].children[0] = with_status(Node::new("b1", "施策1"), 2021, "odd");
        let report = progress_report(&plan, Some(&settings()), FiscalYear(2021));
        assert_eq!(report.columns.last().map(|c| c.id.as_str()), Some("odd"));
        let items = report
            .levels
            .iter()
            .find(|r| r.level == 2)
            .expect("level 2");
        assert_eq!((items.counts.clone(), items.total), (vec![0, 5, 0], 5));
        assert_eq!(default_year(&plan), FiscalYear(2022));
    }
}
