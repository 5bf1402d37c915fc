//! `kaikaku search TEXT [--format text|json] [--kind K] [--limit N]`: everything the
//! workspace holds that matches, statements with speaker and meeting, items with their
//! place in the plan.

use std::fmt::Write as _;

use clap::ValueEnum;

use super::{CliResult, Context, Format, print};
use crate::model::{Language, sanitize_inline};
use crate::search::{Kind, Results, SearchIndex, cache};
use crate::store::Workspace;

/// `--kind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Statement,
    Node,
    Kpi,
    Meeting,
    Department,
    Plan,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Statement => Kind::Statement,
            KindArg::Node => Kind::Node,
            KindArg::Kpi => Kind::Kpi,
            KindArg::Meeting => Kind::Meeting,
            KindArg::Department => Kind::Department,
            KindArg::Plan => Kind::Plan,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to find (all of them; width, kana and case do not matter).
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Only these kinds (repeat or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<KindArg>,
    /// At most this many results (the total is still counted).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// Answers from the stored index when it is current (see [`crate::search::cache`]): no
/// workspace load, the same results. Otherwise loads and builds as before, and stores the
/// index for the next search.
pub fn run(context: &Context, args: &Args) -> CliResult {
    let kinds: Vec<Kind> = args.kind.iter().copied().map(Kind::from).collect();
    let query = args.text.join(" ");
    if context.at.is_some() {
        let workspace = context.open()?;
        let lang = context.language(&workspace);
        let index = SearchIndex::build(&workspace, lang);
        return show(&index.search(&query, &kinds, args.limit), lang, args.format);
    }
    let (dir, notice) = context.dir_with_notice()?;
    if notice.is_none()
        && let Some((index, lang)) = cache::open(&dir, context.lang)
        && let Some(results) = index.try_search(&query, &kinds, args.limit)
    {
        super::set_edge_language(lang);
        return show(&results, lang, args.format);
    }
    // Listed before the load: a file changed while it is read no longer matches the cache.
    let snapshot = cache::Snapshot::take(&dir);
    let workspace = Workspace::load(&dir)?;
    let lang = context.language(&workspace);
    if let Some(notice) = notice {
        super::eprint_line(&format!("kaikaku: {}", notice.get(lang)));
    }
    let index = SearchIndex::build(&workspace, lang);
    show(&index.search(&query, &kinds, args.limit), lang, args.format)?;
    if let Some(snapshot) = snapshot {
        // Only a convenience: a workspace where it cannot be written still answers.
        let _ = cache::write(
            &dir,
            &snapshot,
            &index,
            workspace.settings().map(|s| s.language),
        );
    }
    Ok(())
}

fn show(results: &Results, lang: Language, format: Format) -> CliResult {
    match format {
        Format::Json => print(&super::json(results)?),
        Format::Text => print(&to_text(results, lang)),
    }
    Ok(())
}

/// Results as text: a count line, then per hit the kind, label and where it sits, with the
/// excerpt on the next line, the match in `[ ]` (seen without colour, and copied with it).
pub fn to_text(results: &Results, lang: Language) -> String {
    let mut out = String::new();
    let shown = results.hits.len();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Language::Ja if shown < results.total => format!(
                "「{}」 {}件中 {}件",
                sanitize_inline(&results.query),
                results.total,
                shown
            ),
            Language::Ja => format!(
                "「{}」 {}件",
                sanitize_inline(&results.query),
                results.total
            ),
            Language::En if shown < results.total => format!(
                "\"{}\": {shown} of {} results",
                sanitize_inline(&results.query),
                results.total
            ),
            Language::En => format!(
                "\"{}\": {} result{}",
                sanitize_inline(&results.query),
                results.total,
                if results.total == 1 { "" } else { "s" }
            ),
        }
    );
    for hit in &results.hits {
        let place = hit
            .context
            .iter()
            .map(|c| sanitize_inline(c))
            .collect::<Vec<_>>()
            .join(" › ");
        let label = sanitize_inline(&hit.label);
        let line = if place.is_empty() {
            label
        } else {
            format!("{place} › {label}")
        };
        let _ = writeln!(out, "{}  {line}", crate::text::pad(hit.kind.label(lang), 6));
        if let Some(excerpt) = &hit.excerpt {
            let text = &excerpt.text;
            let marked = if excerpt.start < excerpt.end && excerpt.end <= text.len() {
                format!(
                    "{}[{}]{}",
                    &text[..excerpt.start],
                    &text[excerpt.start..excerpt.end],
                    &text[excerpt.end..]
                )
            } else {
                text.clone()
            };
            let _ = writeln!(out, "        {}", sanitize_inline(&marked));
        }
    }
    if results.total == 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "  ヒント: 語を減らすか、--kind を外してください（全角・半角、カタカナ・ひらがなは区別しません）",
                "  hint: use fewer words or drop --kind (width, kana and case are ignored)"
            )
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Excerpt, Hit, Match, Target};

    fn statement() -> Hit {
        Hit {
            kind: Kind::Statement,
            target: Target::Statement {
                meeting: "m".into(),
                statement: "s1".into(),
            },
            label: "加藤委員 (意見)".into(),
            context: vec!["2021-03-22 第1回委員会".into()],
            speaker: Some("加藤委員".into()),
            meeting: Some("2021-03-22 第1回委員会".into()),
            date: None,
            excerpt: Some(Excerpt {
                text: "大型商業施設で\u{1b}[2J".into(),
                start: "大型".len(),
                end: "大型商業施設".len(),
            }),
            how: Match::Text,
        }
    }

    #[test]
    fn text_marks_the_match_and_never_passes_controls() {
        let results = Results {
            query: "商業施設".into(),
            total: 3,
            hits: vec![statement()],
            capped: false,
        };
        let ja = to_text(&results, Language::Ja);
        assert!(ja.starts_with("「商業施設」 3件中 1件\n"), "{ja}");
        assert!(
            ja.contains("発言    2021-03-22 第1回委員会 › 加藤委員 (意見)"),
            "{ja}"
        );
        assert!(ja.contains("大型[商業施設]で"), "{ja}");
        assert!(!ja.contains('\u{1b}'));
        let en = to_text(&results, Language::En);
        assert!(en.starts_with("\"商業施設\": 1 of 3 results"), "{en}");
    }

    #[test]
    fn no_results_give_a_hint_in_both_languages() {
        let empty = Results {
            query: "x".into(),
            total: 0,
            hits: Vec::new(),
            capped: false,
        };
        assert!(to_text(&empty, Language::Ja).contains("ヒント"));
        assert!(to_text(&empty, Language::En).contains("hint"));
    }
}
