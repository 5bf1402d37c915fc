//! Making untrusted text safe to show: no control or bidi-override character ever reaches a
//! terminal, a commit message or an error line raw.

/// Whether a character must never be written to a terminal as is: C0 and C1 controls, DEL,
/// bidi embeddings/overrides/isolates, and zero-width characters that can hide text.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{feff}' | '\u{061c}')
}

/// The visible stand-in for an unsafe character: Control Pictures for C0 (␛ for ESC), and
/// `�` for the rest.
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

#[cfg(test)]
mod tests {
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
}
