//! The one canonical RON layout every workspace file is written in.
//!
//! One field per line, four-space indent, struct fields in declaration order, no struct
//! names, strings escaped (control characters never appear raw in a file). Loading and
//! saving a canonical file is byte-identical, and changing one value changes one line.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;

/// Nesting deeper than this is refused on read: no real plan comes close, and unbounded
/// recursion is a stack overflow waiting for a hostile file.
pub const MAX_DEPTH: usize = 96;

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n".to_string())
        .indentor("    ".to_string())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .escape_strings(true)
        .extensions(Extensions::empty())
}

/// Serialises a value to canonical RON, ending with a newline.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let mut text = ron::ser::to_string_pretty(value, pretty())?;
    text.push('\n');
    Ok(text)
}

/// The parser options used for every workspace file.
pub fn options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_DEPTH)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{
        Direction, Figure, FiscalYear, Indicator, Level, Node, Numbering, Period, Plan,
        StatusEntry, Target, TargetValue, YearValue,
    };

    fn figure() -> impl Strategy<Value = Figure> {
        (any::<i64>(), 0u32..6)
            .prop_map(|(mantissa, scale)| Figure(rust_decimal::Decimal::new(mantissa, scale)))
    }

    fn year() -> impl Strategy<Value = FiscalYear> {
        (1990u16..2100).prop_map(FiscalYear)
    }

    /// Any text, including control characters, quotes, backslashes, bidi and CJK.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9 ]{0,12}",
            "[\\PC]{0,12}",
            any::<String>(),
            Just("\"\\\u{1b}]52;c;\u{7}\u{202e}改革\n".to_string()),
        ]
    }

    fn indicator() -> impl Strategy<Value = Indicator> {
        (
            text(),
            text(),
            prop::sample::select(Direction::ALL.to_vec()),
            proptest::option::of((year(), figure())),
            proptest::option::of((
                year(),
                prop_oneof![
                    Just(TargetValue::Tbd),
                    figure().prop_map(TargetValue::Value),
                    text().prop_map(TargetValue::Text)
                ],
            )),
            prop::collection::btree_map(year(), (figure(), proptest::option::of(text())), 0..4),
        )
            .prop_map(|(name, unit, direction, baseline, target, actuals)| {
                let mut indicator = Indicator::new("k", name, direction);
                indicator.unit = unit;
                indicator.baseline = baseline.map(|(year, value)| YearValue {
                    year,
                    value,
                    note: None,
                });
                indicator.target = target.map(|(year, value)| Target {
                    year,
                    value,
                    note: None,
                });
                indicator.actuals = actuals
                    .into_iter()
                    .map(|(year, (value, note))| YearValue { year, value, note })
                    .collect();
                indicator
            })
    }

    fn node() -> impl Strategy<Value = Node> {
        let leaf = (
            text(),
            text(),
            prop::collection::vec(indicator(), 0..2),
            proptest::option::of((year(), text())),
        )
            .prop_map(|(title, description, indicators, status)| {
                let mut node = Node::new("n", title);
                node.description = description;
                node.indicators = indicators;
                node.statuses = status
                    .into_iter()
                    .map(|(year, note)| StatusEntry {
                        year,
                        status: "on_plan".into(),
                        note: Some(note),
                    })
                    .collect();
                node
            });
        leaf.prop_recursive(3, 12, 3, |inner| {
            (text(), prop::collection::vec(inner, 0..3)).prop_map(|(title, children)| {
                let mut node = Node::new("n", title);
                node.children = children;
                node
            })
        })
    }

    fn plan() -> impl Strategy<Value = Plan> {
        (text(), text(), year(), prop::collection::vec(node(), 0..4)).prop_map(
            |(title, organisation, from, nodes)| Plan {
                levels: vec![Level {
                    name: "施策".into(),
                    name_en: None,
                    numbering: Numbering::default(),
                }],
                nodes,
                ..Plan::new(
                    "plan",
                    title,
                    organisation,
                    Period {
                        from,
                        to: FiscalYear(from.0 + 3),
                    },
                )
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// model → RON → model is the identity, and saving again gives the same bytes.
        #[test]
        fn plans_round_trip_canonically(plan in plan()) {
            let text = to_canonical(&plan).expect("serialise");
            let back: Plan = options().from_str(&text).expect("parse");
            prop_assert_eq!(&back, &plan);
            prop_assert_eq!(to_canonical(&back).expect("serialise"), text.clone());
            // Control characters never appear raw in a file.
            prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        }
    }

    #[test]
    fn one_value_change_is_one_line_of_diff() {
        let mut indicator = Indicator::new("k", "満足度", Direction::Increase);
        indicator.set_actual(FiscalYear(2023), "44.1".parse().expect("figure"), None);
        indicator.set_actual(FiscalYear(2024), "50.2".parse().expect("figure"), None);
        let before = to_canonical(&indicator).expect("ser");
        indicator.set_actual(FiscalYear(2024), "50.3".parse().expect("figure"), None);
        let after = to_canonical(&indicator).expect("ser");
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(before.lines().count(), after.lines().count());
        assert_eq!(changed, 1);
    }
}
