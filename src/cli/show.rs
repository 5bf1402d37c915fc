//! `kaikaku show plan|kpi`: the plan tree or the indicator table, as text or JSON.

use super::report::find_plan;
use super::{CliResult, Context, Format, json, print};
use crate::model::{Indicator, Language, Plan, Settings, sanitize_inline};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// The plan tree with numbering, departments, statuses and indicators.
    Plan {
        /// Plan id (see `kaikaku show plans`).
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The plans of the workspace.
    Plans {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The indicators with baseline, latest actual and target.
    Kpi {
        /// Only this plan.
        #[arg(long)]
        plan: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(context: &Context, what: &What) -> CliResult {
    let workspace = context.open()?;
    let lang = context.language(&workspace);
    match what {
        What::Plan { id, format } => {
            let plan = find_plan(&workspace, id)?;
            match format {
                Format::Json => print(&json(plan)?),
                Format::Text => print(&plan_text(plan, workspace.settings(), lang)),
            }
        }
        What::Plans { format } => {
            let plans: Vec<&Plan> = workspace.plans.iter().map(|p| &p.value).collect();
            match format {
                Format::Json => {
                    let list: Vec<serde_json::Value> = plans
                        .iter()
                        .map(|p| serde_json::json!({"id": p.id, "title": p.title, "from": p.period.from.0, "to": p.period.to.0}))
                        .collect();
                    print(&json(&list)?);
                }
                Format::Text => {
                    let rows: Vec<Vec<String>> = plans
                        .iter()
                        .map(|p| {
                            vec![
                                p.id.clone(),
                                sanitize_inline(&p.title),
                                format!(
                                    "{}–{}",
                                    lang.year_short(p.period.from),
                                    lang.year_short(p.period.to)
                                ),
                            ]
                        })
                        .collect();
                    print(&text::table(
                        &[
                            lang.pick("ID", "ID"),
                            lang.pick("名称", "Title"),
                            lang.pick("期間", "Period"),
                        ],
                        &rows,
                        &[],
                    ));
                }
            }
        }
        What::Kpi { plan, format } => {
            let plans: Vec<&Plan> = match plan {
                Some(id) => vec![find_plan(&workspace, id)?],
                None => workspace.plans.iter().map(|p| &p.value).collect(),
            };
            match format {
                Format::Json => {
                    let list: Vec<serde_json::Value> = plans
                        .iter()
                        .flat_map(|plan| {
                            plan.all_indicators().into_iter().map(|(node, indicator)| {
                                serde_json::json!({"plan": plan.id, "node": node.map(|n| n.id.as_str()), "indicator": indicator})
                            })
                        })
                        .collect();
                    print(&json(&list)?);
                }
                Format::Text => print(&kpi_text(&plans, lang)),
            }
        }
    }
    Ok(())
}

/// The departments' names in `lang` (`name_en` in English where the settings have one).
fn department_names(settings: Option<&Settings>, ids: &[String], lang: Language) -> String {
    ids.iter()
        .map(|id| {
            settings
                .and_then(|s| s.department(id))
                .map_or(id.as_str(), |d| match (lang, &d.name_en) {
                    (Language::En, Some(en)) => en.as_str(),
                    _ => d.name.as_str(),
                })
        })
        .collect::<Vec<_>>()
        .join(lang.pick("・", ", "))
}

fn plan_text(plan: &Plan, settings: Option<&Settings>, lang: Language) -> String {
    let mut out = format!(
        "{} ({})  {}  {}–{}\n",
        sanitize_inline(&plan.title),
        plan.id,
        sanitize_inline(&plan.organisation),
        lang.year(plan.period.from),
        lang.year(plan.period.to)
    );
    let levels: Vec<String> = plan
        .levels
        .iter()
        .map(|l| sanitize_inline(l.label(lang)))
        .collect();
    out.push_str(&format!(
        "{}: {}\n",
        lang.pick("階層", "Levels"),
        levels.join(" > ")
    ));
    if let Some(predecessor) = &plan.predecessor {
        out.push_str(&format!(
            "{}: {}\n",
            lang.pick("前期計画", "Previous stage"),
            sanitize_inline(predecessor)
        ));
    }
    let flat = plan.flatten();
    let retired = crate::model::plan::retirements(&flat);
    for indicator in &plan.indicators {
        push_indicator(&mut out, indicator, 1, lang);
    }
    for (flat, retired) in flat.iter().zip(&retired) {
        let indent = "  ".repeat(flat.depth + 1);
        let node = flat.node;
        let mut line = format!(
            "{indent}{} {}",
            sanitize_inline(&flat.number),
            sanitize_inline(&node.title)
        );
        if !node.lead.is_empty() {
            line.push_str(&format!(
                "  [{}: {}]",
                lang.pick("所管", "lead"),
                sanitize_inline(&department_names(settings, &node.lead, lang))
            ));
        }
        if !node.related.is_empty() {
            line.push_str(&format!(
                "  [{}: {}]",
                lang.pick("関係", "related"),
                sanitize_inline(&department_names(settings, &node.related, lang))
            ));
        }
        if let Some(status) = node.statuses.last() {
            let label = settings.and_then(|s| s.status(&status.status)).map_or(
                status.status.as_str(),
                |def| {
                    if lang == Language::En {
                        def.label_en.as_deref().unwrap_or(&def.label)
                    } else {
                        &def.label
                    }
                },
            );
            line.push_str(&format!(
                "  {}: {}",
                lang.year_short(status.year),
                sanitize_inline(label)
            ));
        }
        if let Some(year) = retired {
            line.push_str(&retired_tag(*year, lang));
        }
        out.push_str(&line);
        out.push('\n');
        for indicator in &node.indicators {
            push_indicator(&mut out, indicator, flat.depth + 2, lang);
        }
    }
    for tally in &plan.tallies {
        let level = plan.level(tally.level).map_or("", |l| l.name.as_str());
        let label = settings
            .and_then(|s| s.status(&tally.status))
            .map_or(tally.status.as_str(), |d| d.label.as_str());
        out.push_str(&format!(
            "  {} {} {}: {}\n",
            lang.year_short(tally.year),
            sanitize_inline(level),
            sanitize_inline(label),
            tally.count
        ));
    }
    push_revisions(&mut out, plan, lang);
    out
}

/// `  [廃止: 令和6年度末]` / `  [retired after FY2024]`.
fn retired_tag(year: crate::model::FiscalYear, lang: Language) -> String {
    match lang {
        Language::Ja => format!("  [廃止: {}末]", lang.year(year)),
        Language::En => format!("  [retired after {}]", lang.year(year)),
    }
}

/// Why the plan was revised, oldest first: the reasons `revisions` keeps.
fn push_revisions(out: &mut String, plan: &Plan, lang: Language) {
    if plan.revisions.is_empty() {
        return;
    }
    out.push_str(&format!("{}:\n", lang.pick("改訂の理由", "Revisions")));
    for revision in &plan.revisions {
        out.push_str(&format!(
            "  {} {}: {}\n",
            lang.year_short(revision.year),
            sanitize_inline(&revision.item),
            sanitize_inline(&revision.reason)
        ));
    }
}

fn push_indicator(out: &mut String, indicator: &Indicator, depth: usize, lang: Language) {
    out.push_str(&format!(
        "{}◆ {}\n",
        "  ".repeat(depth),
        crate::report::kpi::indicator_line(indicator, lang)
    ));
    for part in &indicator.parts {
        push_indicator(out, part, depth + 1, lang);
    }
}

fn kpi_text(plans: &[&Plan], lang: Language) -> String {
    let mut rows = Vec::new();
    for plan in plans {
        for (_, indicator) in plan.all_indicators() {
            let year_value = |v: Option<&crate::model::YearValue>| {
                v.map_or(String::new(), |v| {
                    format!(
                        "{}{} ({})",
                        v.value.grouped(),
                        indicator.unit,
                        lang.year_short(v.year)
                    )
                })
            };
            rows.push(vec![
                plan.id.clone(),
                indicator.id.clone(),
                sanitize_inline(&indicator.name),
                year_value(indicator.baseline.as_ref()),
                year_value(indicator.latest_actual(None)),
                indicator.target.as_ref().map_or(String::new(), |t| {
                    format!(
                        "{} ({})",
                        indicator.target_label_in(lang),
                        lang.year_short(t.year)
                    )
                }),
            ]);
        }
    }
    let header = [
        lang.pick("計画", "Plan"),
        "ID",
        lang.pick("指標", "Indicator"),
        lang.pick("基準値", "Baseline"),
        lang.pick("最新実績", "Latest"),
        lang.pick("目標値", "Target"),
    ];
    text::table(&header, &rows, &[3, 4, 5])
}
