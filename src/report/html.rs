//! The HTML report: one self-contained, printable file (inline CSS, inline SVG charts, no
//! scripts, no network references) — what a city posts on its website as 進捗状況の公表.

use super::chart::indicator_svg;
use super::escape::html;
use super::kpi::KpiStatus;
use super::kpi_report::{KpiRow, by_plan, display_cells};
use super::progress::ProgressReport;
use crate::model::{FiscalYear, Language, Settings};

const STYLE: &str = r#"
:root { --ink: #1b1b1b; --muted: #666; --line: #d0d0d0; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  color: var(--ink); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.5rem; border-bottom: 3px solid var(--accent); padding-bottom: .3rem; }
h2 { font-size: 1.15rem; border-left: 6px solid var(--accent); padding-left: .5rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; }
th { background: #eef3f9; font-weight: 600; text-align: center; white-space: nowrap; word-break: keep-all; }
td { word-break: keep-all; overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
td.part { padding-left: 1.6rem; }
tr.group td { background: #f6f6f6; font-weight: 600; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; white-space: nowrap; }
.achieved { background: #d6f0dc; color: #17612c; }
.on_track { background: #dcebfa; color: #1f4f88; }
.behind { background: #fdf0cf; color: #7a5300; }
.worsened { background: #fadbd7; color: #8e2318; }
.tbd, .no_data, .qualitative { background: #ececec; color: #444; }
.charts { display: grid; grid-template-columns: repeat(2, 1fr); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: .5rem; break-inside: avoid; }
figcaption { font-size: .85rem; font-weight: 600; margin-bottom: .3rem; }
figure svg { width: 100%; height: auto; display: block; }
.legend { font-size: .75rem; color: var(--muted); }
.legend span { margin-right: .8rem; }
.swatch { display: inline-block; width: .9rem; height: .25rem; vertical-align: middle; margin-right: .2rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.note { color: var(--muted); font-size: .9rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: repeat(2, 1fr); }
  footer { border: 0; }
}
"#;

/// What goes into one HTML report.
pub struct HtmlReport<'a> {
    /// Heading of the page: the plan title, or the titles of the plans joined with 「・」.
    pub title: String,
    pub organisation: String,
    /// 作成日: the day the report was made (the caller passes it, so output is testable).
    pub created: chrono::NaiveDate,
    /// Progress sections left out because their year lies after the plan's latest data and
    /// the current cycle (a plan's target year has nothing to count yet): (plan title, year).
    pub skipped: Vec<(String, FiscalYear)>,
    pub lang: Language,
    pub settings: Option<&'a Settings>,
    /// The year actuals are limited to (`None`: latest).
    pub year: Option<FiscalYear>,
    pub progress: Vec<ProgressReport>,
    pub kpis: Vec<KpiRow<'a>>,
}

impl HtmlReport<'_> {
    /// The year the figures are as of: the year asked for, else the newest actual shown.
    fn as_of(&self) -> Option<FiscalYear> {
        self.year.or_else(|| {
            self.kpis
                .iter()
                .filter_map(|row| row.result.latest.map(|l| l.year))
                .chain(self.progress.iter().map(|p| p.year))
                .max()
        })
    }

    /// The whole document.
    pub fn render(&self) -> String {
        let lang = self.lang;
        let heading = format!(
            "{} {}",
            self.title,
            lang.pick("進捗状況", "progress report")
        );
        let full_title = format!("{} {heading}", self.organisation);
        let mut out = String::new();
        out.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n",
            lang.as_str(),
            html(full_title.trim()),
            page_css(full_title.trim(), lang)
        ));
        out.push_str(&format!("<h1>{}</h1>\n", html(&heading)));
        let as_of = self.as_of().map_or_else(
            || lang.pick("実績なし", "no data yet").to_string(),
            |y| format!("{}{}", lang.year(y), lang.pick("時点", "")),
        );
        out.push_str(&format!(
            "<p class=\"meta\">{} ・ {}: {} ・ {}: {}</p>\n",
            html(&self.organisation),
            lang.pick("データ", "Data as of"),
            html(as_of.trim()),
            lang.pick("作成日", "Created"),
            html(&created(self.created, lang)),
        ));
        for report in &self.progress {
            self.progress_section(&mut out, report);
        }
        for (title, year) in &self.skipped {
            out.push_str(&format!(
                "<p class=\"note\">{}</p>\n",
                html(&match lang {
                    Language::Ja => format!(
                        "{title}：{}の進捗状況はまだありません（最新のデータ・現在のサイクルより後の年度）。",
                        year.wareki()
                    ),
                    Language::En => format!(
                        "{title}: no progress for {} yet (after the latest data and the current cycle).",
                        year.western()
                    ),
                })
            ));
        }
        if !self.kpis.is_empty() {
            self.kpi_section(&mut out);
        }
        out.push_str(&format!(
            "<footer>{}</footer>\n</body>\n</html>\n",
            lang.pick(
                "進捗率 = (実績値 − 基準値) ÷ (目標値 − 基準値) × 100。小数第2位を四捨五入。kaikaku で作成。",
                "Progress = (actual − baseline) ÷ (target − baseline) × 100, rounded to one decimal. Made with kaikaku."
            )
        ));
        out
    }

    fn progress_section(&self, out: &mut String, report: &ProgressReport) {
        let lang = self.lang;
        if report.levels.is_empty() {
            return;
        }
        out.push_str(&format!(
            "<section>\n<div class=\"keep\">\n<h2>{} （{}）</h2>\n",
            lang.pick("取組の進捗状況", "Progress of the items"),
            html(&lang.year(report.year))
        ));
        if self.progress.len() > 1 {
            out.push_str(&format!("<h3>{}</h3>\n", html(&report.title)));
        }
        let mut header = format!("<thead><tr><th>{}</th>", lang.pick("階層", "Level"));
        for column in &report.columns {
            header.push_str(&format!("<th>{}</th>", html(column.label(lang))));
        }
        header.push_str(&format!(
            "<th>{}</th><th>{}</th></tr></thead>\n",
            lang.pick("未設定", "No status"),
            lang.pick("合計", "Total")
        ));
        let row_html = |first: &str, row: &super::progress::CountRow| {
            let mut cells = format!("<td>{first}</td>");
            for count in &row.counts {
                cells.push_str(&format!("<td class=\"num\">{count}</td>"));
            }
            cells.push_str(&format!(
                "<td class=\"num\">{}</td><td class=\"num\"><strong>{}</strong></td>",
                row.no_status, row.total
            ));
            format!("<tr>{cells}</tr>\n")
        };
        out.push_str("<table>\n");
        out.push_str(&header);
        for row in &report.levels {
            out.push_str(&row_html(&html(row.level(lang)), row));
        }
        out.push_str("</table>\n</div>\n");
        if !report.parents.is_empty() {
            out.push_str(&format!(
                "<h3>{}</h3>\n<table>\n",
                lang.pick("親項目別", "Per parent")
            ));
            out.push_str(&header.replacen(
                "<thead><tr>",
                &format!("<thead><tr><th>{}</th>", lang.pick("親項目", "Parent")),
                1,
            ));
            for row in &report.parents {
                let first = format!(
                    "{}</td><td>{}",
                    html(row.parent_label.as_deref().unwrap_or_default()),
                    html(row.level(lang))
                );
                out.push_str(&row_html(&first, row));
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }

    fn kpi_section(&self, out: &mut String) {
        let lang = self.lang;
        out.push_str(&format!(
            "<section>\n<h2>{}</h2>\n",
            lang.pick("検証指標", "Indicators")
        ));
        let groups = by_plan(&self.kpis);
        for (plan, rows) in &groups {
            if groups.len() > 1 {
                out.push_str(&format!("<h3>{}</h3>\n", html(&plan.title)));
            }
            out.push_str("<table>\n<thead><tr>");
            for label in super::kpi_report::display_header(lang) {
                out.push_str(&format!("<th>{label}</th>"));
            }
            out.push_str("</tr></thead>\n");
            for row in rows {
                let cells = display_cells(row, lang, self.settings, self.year);
                if row.container {
                    out.push_str(&format!(
                        "<tr class=\"group\"><td colspan=\"6\">{}</td></tr>\n",
                        html(cells[0].trim())
                    ));
                    continue;
                }
                let name_class = if row.depth > 0 { " class=\"part\"" } else { "" };
                out.push_str(&format!(
                    "<tr><td{name_class}>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                    html(cells[0].trim()),
                    html(&cells[1]),
                    html(&cells[2]),
                    html(&cells[3]),
                    html(&cells[4]),
                    badge(row.result.status, &cells[5]),
                ));
            }
            out.push_str("</table>\n");
            out.push_str(&format!(
                "<p class=\"legend\"><span><i class=\"swatch\" style=\"background:#1f5fa8\"></i>{}</span>\
                 <span><i class=\"swatch\" style=\"background:#999\"></i>{}</span>\
                 <span style=\"color:#c0392b\">▲ {}</span></p>\n<div class=\"charts\">\n",
                lang.pick("基準値・実績値", "baseline and actuals"),
                lang.pick("基準値から目標値への線", "baseline to target"),
                lang.pick("目標値", "target"),
            ));
            for row in rows.iter().filter(|r| !r.container) {
                let Some(svg) = indicator_svg(row.indicator, lang) else {
                    continue;
                };
                let cells = display_cells(row, lang, self.settings, self.year);
                out.push_str(&format!(
                    "<figure>\n<figcaption>{} {}</figcaption>\n{svg}\n</figure>\n",
                    html(cells[0].trim()),
                    badge(row.result.status, &cells[5])
                ));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
}

/// 「令和8年（2026年）4月1日」 / 「2026-04-01」.
fn created(date: chrono::NaiveDate, lang: Language) -> String {
    match lang {
        Language::Ja => {
            let text = super::minutes::export::wareki_date(date);
            // Drop the weekday: a document date is printed without it.
            text.split('（').take(2).collect::<Vec<_>>().join("（")
        }
        Language::En => date.to_string(),
    }
}

/// The printed page: A4, and a footer in the bottom margin of every page with the title
/// and 「3 / 7」 page numbers (CSS margin boxes, which Chromium prints).
fn page_css(title: &str, lang: Language) -> String {
    let title: String = crate::model::sanitize_inline(title)
        .chars()
        .map(|c| match c {
            '"' | '\\' | '<' | '>' => ' ',
            c => c,
        })
        .collect();
    let page = lang.pick("ページ", "page");
    format!(
        "@page {{ size: A4; margin: 15mm 15mm 18mm; \
         @bottom-left {{ content: \"{title}\"; font-size: 8pt; color: #666; }} \
         @bottom-right {{ content: \"{page} \" counter(page) \" / \" counter(pages); font-size: 8pt; color: #666; }} }}\n"
    )
}

fn badge(status: KpiStatus, label: &str) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        status.as_str(),
        html(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Indicator, Period, Plan, Target, TargetValue, YearValue};

    fn plan() -> Plan {
        let mut k = Indicator::new("k1", "<script>alert(1)</script>満足度", Direction::Increase);
        k.unit = "%".into();
        k.baseline = Some(YearValue {
            year: FiscalYear(2021),
            value: "48.9".parse().expect("fig"),
            note: None,
        });
        k.target = Some(Target {
            year: FiscalYear(2023),
            value: TargetValue::Value("65".parse().expect("fig")),
            note: None,
        });
        k.set_actual(FiscalYear(2022), "44.1".parse().expect("fig"), None);
        Plan {
            indicators: vec![k],
            ..Plan::new(
                "p",
                "改革プラン & 2023",
                "熊本市",
                Period {
                    from: FiscalYear(2022),
                    to: FiscalYear(2023),
                },
            )
        }
    }

    #[test]
    fn self_contained_and_escaped() {
        let plan = plan();
        let report = HtmlReport {
            title: plan.title.clone(),
            organisation: plan.organisation.clone(),
            created: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
            skipped: vec![("市役所改革プラン2027".into(), FiscalYear(2027))],
            lang: Language::Ja,
            settings: None,
            year: None,
            progress: Vec::new(),
            kpis: super::super::kpi_report::kpi_rows(&[&plan], None),
        };
        let page = report.render();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("改革プラン &amp; 2023"));
        assert!(!page.contains("<script"), "unescaped script");
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("<svg"));
        assert!(page.contains("-29.8%"));
        assert!(page.contains("badge worsened"));
        assert!(page.contains("<title>熊本市 改革プラン &amp; 2023 進捗状況</title>"));
        assert!(page.contains("作成日: 令和8年（2026年）4月1日"), "{page}");
        assert!(page.contains("データ: 令和4年度時点"), "{page}");
        assert!(page.contains("令和9年度の進捗状況はまだありません"));
        assert!(page.contains("<thead><tr><th>指標</th>"));
        assert!(page.contains("thead { display: table-header-group; }"));
        assert!(page.contains("counter(page)"));
        // No network references: the only URL is the SVG namespace.
        let without_ns = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!without_ns.contains("http"), "network reference");
        assert!(!without_ns.contains("src="));
        assert!(!without_ns.contains("@import"));
    }
}
