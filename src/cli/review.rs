//! `kaikaku review [--format text|json]`: the review queue — comments awaiting a response,
//! comments answered since the last meeting, indicators missing this year's actual.

use std::fmt::Write as _;

use super::{CliResult, Context, Format, print};
use crate::model::{FiscalYear, Language, sanitize_inline};
use crate::report::review::{CommentItem, ReviewQueue, review_queue};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The fiscal year whose actuals are due (FY2024, R6, 2024); default: the current cycle.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<FiscalYear>,
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    let workspace = context.open()?;
    let today = chrono::Local::now().date_naive();
    let year = args
        .year
        .or_else(|| workspace.settings().and_then(|s| s.cycle).map(|c| c.year))
        .unwrap_or_else(|| FiscalYear::containing(today));
    let queue = review_queue(&workspace, year, today);
    match args.format {
        Format::Json => {
            print(&super::json(&queue)?);
        }
        Format::Text => print(&to_text(&queue, context.language(&workspace))),
    }
    Ok(())
}

fn comment_line(out: &mut String, comment: &CommentItem, lang: Language) {
    let _ = writeln!(
        out,
        "  {}/{}  {}  [{}] {}: {}",
        sanitize_inline(&comment.meeting),
        sanitize_inline(&comment.statement),
        comment.meeting_date,
        lang.pick(comment.status.label_ja(), comment.status.as_str()),
        sanitize_inline(&comment.speaker),
        crate::text::truncate(&sanitize_inline(&comment.text), 50)
    );
    if !comment.policy.is_empty() {
        let _ = writeln!(
            out,
            "      {}: {}",
            lang.pick("対応方針", "response"),
            crate::text::truncate(&sanitize_inline(&comment.policy), 60)
        );
    }
}

/// The queue as plain text: three headed sections, `—` for an empty one.
pub fn to_text(queue: &ReviewQueue, lang: Language) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{} {}",
        lang.pick("次回会議までの確認事項", "Review queue for"),
        lang.year(queue.year)
    );
    match &queue.last_meeting {
        Some(last) => {
            let _ = writeln!(
                out,
                " ({} {} {})",
                lang.pick("前回会議", "last meeting"),
                last.date,
                sanitize_inline(&last.title)
            );
        }
        None => out.push('\n'),
    }
    let _ = writeln!(
        out,
        "\n{} ({})",
        lang.pick("対応待ちの意見", "Comments awaiting a response"),
        queue.awaiting.len()
    );
    for comment in &queue.awaiting {
        comment_line(&mut out, comment, lang);
    }
    if queue.awaiting.is_empty() {
        out.push_str("  —\n");
    }
    let _ = writeln!(
        out,
        "\n{} ({})",
        lang.pick(
            "前回会議以降に対応した意見",
            "Answered since the last meeting"
        ),
        queue.answered.len()
    );
    for comment in &queue.answered {
        comment_line(&mut out, comment, lang);
    }
    if queue.answered.is_empty() {
        out.push_str("  —\n");
    }
    let _ = writeln!(
        out,
        "\n{} ({})",
        match lang {
            Language::Ja => format!("{}の実績値が未入力の指標", lang.year(queue.year)),
            Language::En => format!("Indicators missing the {} actual", lang.year(queue.year)),
        },
        queue.missing_actuals.len()
    );
    for missing in &queue.missing_actuals {
        let latest = missing.latest.map_or_else(String::new, |(year, value)| {
            format!(
                "  ({} {} {}{})",
                lang.pick("直近", "latest"),
                lang.year_short(year),
                value.grouped(),
                sanitize_inline(&missing.unit)
            )
        });
        let _ = writeln!(
            out,
            "  {}/{}  {}{latest}",
            sanitize_inline(&missing.plan),
            sanitize_inline(&missing.indicator),
            sanitize_inline(&missing.name)
        );
    }
    if queue.missing_actuals.is_empty() {
        out.push_str("  —\n");
    }
    out
}
