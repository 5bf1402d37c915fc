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
