//! What the RON parser says about a broken file, in both languages: its own English (kept
//! as the English form, so `check` reads as it always did) and a Japanese form for the
//! errors a hand-edited file meets; anything rarer quotes the parser after 「詳細:」.

use crate::i18n::{DETAIL, Text};

/// The parser's message for `code`, in both languages.
pub fn message(code: &ron::Error) -> Text {
    use ron::Error as E;
    let en = code.to_string();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map_or_else(String::new, |o| format!("`{o}` の"))
    };
    let ja = match code {
        E::Eof => "ファイルが途中で終わっています".to_string(),
        E::ExpectedArray => "ここに `[` が必要です".into(),
        E::ExpectedArrayEnd => "ここに閉じる `]` が必要です".into(),
        E::ExpectedComma => "ここにカンマ `,` が必要です".into(),
        E::ExpectedMapColon => "ここにコロン `:` が必要です".into(),
        E::ExpectedMap => "ここに `{` が必要です".into(),
        E::ExpectedMapEnd => "ここに閉じる `}` が必要です".into(),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => "ここに閉じる `)` が必要です".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "ここに `(` が必要です".into(),
        E::ExpectedString => "ここに文字列（\"…\"）が必要です".into(),
        E::ExpectedStringEnd => "文字列を閉じる `\"` がありません".into(),
        E::ExpectedInteger => "ここに整数が必要です".into(),
        E::IntegerOutOfBounds => "整数が範囲外です".into(),
        E::ExpectedBoolean => "ここに `true` か `false` が必要です".into(),
        E::ExpectedOption => "ここに `Some(…)` か `None` が必要です".into(),
        E::ExpectedIdentifier => "ここに名前（フィールド名や値の名前）が必要です".into(),
        E::UnexpectedChar(c) => format!("ここに文字 {c:?} は置けません"),
        E::TrailingCharacters => "ファイルの終わりの後に余分な文字があります".into(),
        E::ExceededRecursionLimit => "入れ子が深すぎます".into(),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "{}フィールド `{found}` はありません。使えるのは {} です",
            within(outer),
            list(expected)
        ),
        E::MissingStructField { field, outer } => {
            format!("{}フィールド `{field}` がありません", within(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("{}フィールド `{field}` が重複しています", within(outer))
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "`{found}` は使えない値です。使えるのは {} です",
            list(expected)
        ),
        E::Message(text) => custom(text).unwrap_or_else(|| format!("{DETAIL}{text}")),
        _ => format!("RON として読めません（{DETAIL}{en}）"),
    };
    Text::new(ja, en)
}

/// The messages kaikaku's own deserialisers raise (figures).
fn custom(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix('「')
        && let Some((input, _)) = rest.split_once("」 is not a number")
    {
        return Some(format!(
            "「{input}」は数値ではありません（\"48.9\"、\"107087\"、\"-4.4\" のように書きます）"
        ));
    }
    let rest = text.strip_prefix("figure \"")?;
    let (input, rest) = rest.split_once("\" is not in plain form (write it as \"")?;
    let plain = rest.strip_suffix("\")")?;
    Some(format!(
        "数値「{input}」が正規の形ではありません（\"{plain}\" と書いてください）"
    ))
}

/// What to do about `code`, in both languages.
pub fn hint(code: &ron::Error) -> Option<Text> {
    use ron::Error as E;
    let (ja, en) = match code {
        E::NoSuchStructField { .. } => (
            "フィールドを削除するか、綴りを直してください（フィールドの一覧は README のファイル形式の節にあります）",
            "remove the field or fix its spelling (fields are listed in the README's file format section)",
        ),
        E::MissingStructField { .. } => {
            ("そのフィールドを追加してください", "add the missing field")
        }
        E::DuplicateStructField { .. } => {
            ("フィールドは一度だけ書いてください", "keep the field once")
        }
        E::NoSuchEnumVariant { .. } => (
            "一覧にある値を使ってください",
            "use one of the values listed",
        ),
        E::Eof | E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedOptionEnd => (
            "ファイルが途中で切れているか、括弧の数が合っていません",
            "the file ends early or a bracket is unbalanced; it may have been cut off",
        ),
        E::ExpectedComma | E::ExpectedMapColon | E::UnexpectedChar(_) | E::TrailingCharacters => (
            "この行と前の行で、カンマ・コロン・括弧が抜けていないか確認してください",
            "check this line and the one before for a missing comma, colon or bracket",
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "文字列は二重引用符で囲みます。数値も同じです（例: \"48.9\"）",
            "strings are written in double quotes; figures too, e.g. \"48.9\"",
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds => (
            "年度や件数は引用符のない整数です（例: 2024）",
            "years and counts are plain integers, e.g. 2024",
        ),
        E::ExceededRecursionLimit => (
            "どのプランよりも深い入れ子です。ファイルが壊れている可能性があります",
            "the file nests far deeper than any plan; it is probably corrupt",
        ),
        E::Message(message)
            if message.contains("is not a number") || message.contains("plain form") =>
        {
            (
                "数値は引用符の中に数字だけで書きます: \"48.9\"、\"107087\"、\"-4.4\"",
                "figures are plain digits in quotes: \"48.9\", \"107087\", \"-4.4\"",
            )
        }
        E::Message(_) | E::InvalidValueForType { .. } => return None,
        _ => (
            "`kaikaku fmt` が書いたファイルと見比べてください",
            "compare with a file written by `kaikaku fmt`",
        ),
    };
    Some(Text::new(ja, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::english_words;
    use crate::model::Language;

    #[test]
    fn parser_errors_a_file_meets_are_japanese() {
        let samples = [
            ron::Error::Eof,
            ron::Error::ExpectedComma,
            ron::Error::ExpectedString,
            ron::Error::UnexpectedChar('}'),
            ron::Error::NoSuchStructField {
                expected: &["id", "title"],
                found: "owner".into(),
                outer: Some("Node".into()),
            },
            ron::Error::MissingStructField {
                field: "id",
                outer: Some("Node".into()),
            },
            ron::Error::NoSuchEnumVariant {
                expected: &["increase", "decrease"],
                found: "up".into(),
                outer: None,
            },
            ron::Error::Message(
                "「ごじゅう」 is not a number (expected digits such as 48.9)".into(),
            ),
            ron::Error::Message(
                "figure \"1.50\" is not in plain form (write it as \"1.5\")".into(),
            ),
            ron::Error::ExpectedUnit,
        ];
        for code in &samples {
            let text = message(code);
            assert_eq!(text.get(Language::En), code.to_string());
            let ja = text.get(Language::Ja);
            assert!(english_words(ja).is_empty(), "{ja}");
            if let Some(hint) = hint(code) {
                assert!(english_words(hint.get(Language::Ja)).is_empty(), "{hint:?}");
            }
        }
        let field = message(&samples[4]);
        assert!(
            field.ja.contains("`owner`") && field.ja.contains("`title`"),
            "{field:?}"
        );
    }
}
