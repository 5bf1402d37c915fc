//! Making untrusted text safe to show: no control or bidi-override character ever reaches a
//! terminal, a commit message, an error line or a JSON document raw.
//!
//! This is the one sanitiser of kaikaku. One predicate ([`is_unsafe_char`]) decides what is
//! unsafe, and the functions below apply it for each kind of output:
//!
//! - [`sanitize`] / [`sanitize_inline`]: text inside the TUI and in text fields of reports,
//!   with visible stand-ins;
//! - [`sanitize_output`]: a whole text document about to be written (CLI stdout and stderr,
//!   report files), stand-ins but tabs kept;
//! - [`escape_json`]: a serialised JSON document, the unsafe characters written as `\uXXXX`
//!   escapes so the data survives exactly while no raw byte reaches a terminal (`serde_json`
//!   escapes only C0 controls by itself).

use std::borrow::Cow;

/// Whether a character must never be written to a terminal as is: C0 and C1 controls, DEL,
/// bidi embeddings/overrides/isolates and marks, zero-width characters that can hide text,
/// the line and paragraph separators (U+2028/U+2029: line breaks to some readers, and invalid
/// raw in JavaScript strings) and the tag characters (U+E0000–U+E007F, invisible text that
/// can smuggle instructions past a reader).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{feff}' | '\u{061c}' | '\u{e0000}'..='\u{e007f}')
}

/// The visible stand-in for an unsafe character: Control Pictures for C0 (␛ for ESC), ␡ for
/// DEL, and `�` for the rest.
fn placeholder(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Replaces unsafe characters with visible placeholders; tabs become a space and line breaks
/// are kept (multi-line text stays multi-line).
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\n' => '\n',
            c if is_unsafe_char(c) => placeholder(c),
            c => c,
        })
        .collect()
}

/// Like [`sanitize`] but for one-line contexts: line breaks become `⏎`.
pub fn sanitize_inline(text: &str) -> String {
    sanitize(text).replace('\n', "⏎")
}

/// A whole text document made safe to write to a terminal: unsafe characters become
/// stand-ins, line breaks and tabs stay (tables and TSV keep their shape). Borrowed when the
/// text is already clean, which it nearly always is.
///
/// A byte-order mark that opens the document is kept: it is what `--bom` asks for (Excel's
/// 「CSV UTF-8」), the document's own prefix, not text from a file. Anywhere else it is
/// replaced like every other invisible character.
pub fn sanitize_output(text: &str) -> Cow<'_, str> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    // CRLF line ends (what `--bom` writes for Excel) stay; a lone carriage return, which
    // moves the cursor back over what was printed, does not.
    let lone_cr = |i: usize, c: char| c == '\r' && !body[i + 1..].starts_with('\n');
    let unsafe_at = |i: usize, c: char| {
        if c == '\r' {
            lone_cr(i, c)
        } else {
            is_unsafe_char(c)
        }
    };
    if !body.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    out.extend(
        body.char_indices()
            .map(|(i, c)| if unsafe_at(i, c) { placeholder(c) } else { c }),
    );
    Cow::Owned(out)
}

/// A serialised JSON document with every unsafe character escaped as `\uXXXX` (a UTF-16
/// surrogate pair above U+FFFF). Valid JSON holds such characters only inside strings, where
/// the escape decodes to the very same character, so the data is unchanged.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut units = [0u16; 2];
    for c in json.chars() {
        if is_unsafe_char(c) {
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_leading_bom_is_kept_and_any_other_replaced() {
        assert_eq!(super::sanitize_output("\u{feff}a,b\r\n"), "\u{feff}a,b\r\n");
        let inner = super::sanitize_output("\u{feff}a\u{feff}b");
        assert!(inner.starts_with('\u{feff}'));
        assert!(!inner[3..].contains('\u{feff}'), "{inner:?}");
    }

    #[test]
    fn crlf_stays_and_a_lone_carriage_return_does_not() {
        assert_eq!(super::sanitize_output("a\r\nb\r\n"), "a\r\nb\r\n");
        let lone = super::sanitize_output("secret\rshown\r\n");
        assert!(
            !lone.contains("\r\r") && lone.matches('\r').count() == 1,
            "{lone:?}"
        );
    }

    use super::*;

    #[test]
    fn replaces_escape_sequences_and_bidi() {
        let hostile = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{9b}31m\u{202e}c\u{2066}d\u{7f}";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(is_unsafe_char), "{clean:?}");
        assert!(clean.starts_with("a␛]52;c;ZXZpbA==␇b"));
    }

    #[test]
    fn keeps_japanese_and_newlines() {
        assert_eq!(sanitize("窓口改革\n待ち時間"), "窓口改革\n待ち時間");
        assert_eq!(sanitize_inline("a\nb"), "a⏎b");
    }

    #[test]
    fn tag_characters_and_line_separators_are_unsafe() {
        for c in [
            '\u{e0000}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{2028}',
            '\u{2029}',
        ] {
            assert!(is_unsafe_char(c), "{:04x}", c as u32);
            assert_eq!(sanitize(&c.to_string()), "\u{fffd}");
        }
        assert!(!is_unsafe_char('\u{e0080}'));
        assert!(!is_unsafe_char('\u{2030}'));
    }

    #[test]
    fn output_keeps_tabs_and_lines_and_borrows_clean_text() {
        assert!(matches!(sanitize_output("a\tb\n令和"), Cow::Borrowed(_)));
        assert_eq!(sanitize_output("a\tb\u{9b}\r\n"), "a\tb\u{fffd}\r\n");
        assert_eq!(sanitize_output("a\rb"), "a␍b");
    }

    #[test]
    fn json_escapes_decode_to_the_same_text() {
        let hostile = "x\u{9b}31m\u{7f}\u{202e}\u{200b}\u{2028}\u{2029}\u{e0041}\u{feff}窓口";
        let json = serde_json::to_string(&hostile).expect("json");
        let escaped = escape_json(&json);
        assert!(!escaped.chars().any(is_unsafe_char), "{escaped}");
        assert!(escaped.contains("\\u009b"), "{escaped}");
        assert!(escaped.contains("\\udb40\\udc41"), "{escaped}");
        let back: String = serde_json::from_str(&escaped).expect("valid json");
        assert_eq!(back, hostile);
        assert!(matches!(escape_json("{\"a\": \"窓口\"}"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// For any text, escaped JSON holds no unsafe character and decodes to the text, and
        /// the output form holds none either.
        #[test]
        fn escaped_json_round_trips_any_text(text in proptest::prelude::any::<String>()) {
            let json = serde_json::to_string_pretty(&serde_json::json!({ "t": text })).expect("json");
            let escaped = escape_json(&json);
            proptest::prop_assert!(!escaped.chars().any(is_unsafe_char));
            let back: serde_json::Value = serde_json::from_str(&escaped).expect("valid json");
            proptest::prop_assert_eq!(back["t"].as_str(), Some(text.as_str()));
            proptest::prop_assert!(!sanitize_output(&text).chars().any(is_unsafe_char));
        }
    }
}
