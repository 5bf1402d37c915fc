//! Text folding for search: the forms a secretariat types and the forms the files hold are
//! made equal before comparing.
//!
//! One character at a time, close to NFKC plus case and kana folding: full-width ASCII
//! (`ＤＸ１２`) becomes ASCII, half-width katakana (`ﾃﾚﾜｰｸ`, with its separate voicing marks)
//! becomes full-width, katakana becomes hiragana (so 「てれわーく」 finds 「テレワーク」), circled
//! numbers (①) become digits, the ideographic space a space, and letters lower case. A
//! hand-written fold rather than full NFKC keeps the mapping from folded offsets back to the
//! original text simple (see [`original_range`]), which excerpts need.

/// Folds `text` for comparison (see the module documentation).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        push_folded(c, out);
    }
}

/// Folds one character onto `out`. Voicing marks (゛ ゜, half-width or combining) merge with
/// the kana before them when that kana has a voiced form.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = u32::from(c);
    match code {
        // Full-width ASCII.
        0xFF01..=0xFF5E => {
            if let Some(ascii) = char::from_u32(code - 0xFEE0) {
                out.push(ascii.to_ascii_lowercase());
            }
        }
        0x3000 => out.push(' '),
        // Minus sign, hyphens and dashes used for numbers such as 1−2.
        0x2010..=0x2013 | 0x2212 => out.push('-'),
        // Voicing marks: half-width, combining and spacing.
        0xFF9E | 0x3099 | 0x309B => voice(out, 1, '゛'),
        0xFF9F | 0x309A | 0x309C => voice(out, 2, '゜'),
        0xFF66..=0xFF9D => {
            let kana = HALF_WIDTH[(code - 0xFF66) as usize];
            out.push(to_hiragana(kana));
        }
        0xFF61 => out.push('。'),
        0xFF62 => out.push('「'),
        0xFF63 => out.push('」'),
        0xFF64 => out.push('、'),
        0xFF65 => out.push('・'),
        // ①–⑳
        0x2460..=0x2473 => {
            let n = code - 0x2460 + 1;
            out.push_str(&n.to_string());
        }
        _ => {
            let kana = to_hiragana(c);
            if kana == c && c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(kana);
            }
        }
    }
}

/// Katakana (ァ–ヶ) to hiragana; anything else unchanged.
fn to_hiragana(c: char) -> char {
    let code = u32::from(c);
    if (0x30A1..=0x30F6).contains(&code) {
        char::from_u32(code - 0x60).unwrap_or(c)
    } else {
        c
    }
}

/// Merges a voicing mark into the kana before it (か+゛ → が, は+゜ → ぱ, う+゛ → ゔ), or
/// keeps the mark as a spacing character.
fn voice(out: &mut String, step: u32, mark: char) {
    if let Some(previous) = out.chars().next_back() {
        let code = u32::from(previous);
        let voiced = match (code, step) {
            (0x3046, 1) => Some(0x3094),
            // か–と: voiced forms follow their plain ones (unvoiced ones at odd offsets).
            (0x304B..=0x3062, 1) if (code - 0x304B).is_multiple_of(2) => Some(code + 1),
            (0x3064..=0x3068, 1) if (code - 0x3064).is_multiple_of(2) => Some(code + 1),
            (0x306F..=0x307B, _) if (code - 0x306F).is_multiple_of(3) => Some(code + step),
            _ => None,
        };
        if let Some(voiced) = voiced.and_then(char::from_u32) {
            out.pop();
            out.push(voiced);
            return;
        }
    }
    out.push(mark);
}

/// Half-width katakana U+FF66–U+FF9D as full-width katakana.
const HALF_WIDTH: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// The byte range of `text` whose folded form covers folded bytes `start..end`: how an
/// excerpt finds the words a folded match stands for.
pub fn original_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut folded = String::new();
    let mut from = None;
    for (offset, c) in text.char_indices() {
        // A voicing mark belongs to the kana before it: ranges never start or end before one.
        let mark = matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}');
        if !mark {
            if from.is_none() && folded.len() >= start {
                from = Some(offset);
            }
            if folded.len() >= end {
                return (from.unwrap_or(offset), offset);
            }
        }
        push_folded(c, &mut folded);
    }
    (from.unwrap_or(text.len()), text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_and_kana_fold_together() {
        assert_eq!(fold("ＤＸアクション"), "dxあくしょん");
        assert_eq!(fold("ﾃﾚﾜｰｸ"), fold("テレワーク"));
        assert_eq!(fold("ｶﾞｲﾄﾞ"), fold("ガイド"));
        assert_eq!(fold("ﾊﾟﾌﾞﾘｯｸ"), fold("パブリック"));
        assert_eq!(fold("１－２"), "1-2");
        assert_eq!(fold("１−２"), "1-2");
        assert_eq!(fold("Ｒ５　年度"), "r5 年度");
        assert_eq!(fold("①"), "1");
        assert_eq!(fold("Telework"), "telework");
        // Kanji, and characters with no folded form, stay as they are.
        assert_eq!(fold("商業施設"), "商業施設");
        assert_eq!(fold("ヴ"), "ゔ");
        assert_eq!(fold("ｳﾞ"), "ゔ");
    }

    #[test]
    fn combining_marks_merge() {
        assert_eq!(fold("か\u{3099}"), "が");
        assert_eq!(fold("ﾎﾟ"), "ぽ");
        // A mark after a kana with no voiced form stays a mark.
        assert_eq!(fold("ﾝﾞ"), "ん゛");
    }

    #[test]
    fn original_ranges_cover_the_match() {
        let text = "市役所のﾃﾚﾜｰｸ推進";
        let folded = fold(text);
        let start = folded.find("てれわーく").expect("folded");
        let end = start + "てれわーく".len();
        let (a, b) = original_range(text, start, end);
        assert_eq!(&text[a..b], "ﾃﾚﾜｰｸ");
        let text = "ﾊﾟｿｺﾝ";
        let (a, b) = original_range(text, 0, "ぱ".len());
        assert_eq!(&text[a..b], "ﾊﾟ");
        let text = "ＤＸの推進";
        let (a, b) = original_range(text, 0, 2);
        assert_eq!(&text[a..b], "ＤＸ");
    }
}
