//! What the importer was unsure about, as values: tests assert the kind, the CLI prints
//! them in the user's language, and a long list of names becomes one line, not thousands.

use crate::model::Language;

/// How many names a warning quotes before it says 「ほか N 名」.
const QUOTED: usize = 5;

/// One guess or gap worth a look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The committee in the title is not in kaikaku.ron.
    UnknownCommittee { name: String },
    /// People in the attendee list who are not on the committee roster.
    NotOnRoster { names: Vec<String> },
    /// Speakers who are not in the attendee list, added as attendees; `from_roster` of them
    /// were found on the committee roster.
    UnlistedSpeakers {
        labels: Vec<String>,
        from_roster: usize,
    },
    /// No speaker convention explains the statements: each paragraph became a statement
    /// with no named speaker.
    NoSpeakers { statements: usize },
    /// Lines the converter or web page added, removed or joined.
    Cleaned {
        page_numbers: usize,
        navigation: usize,
        running_headers: usize,
        joined: usize,
    },
    /// No date in the header; the date was taken from elsewhere in the text.
    DateFromText { line: usize },
}

impl Warning {
    /// The warning as one line in `lang`.
    pub fn describe(&self, lang: Language) -> String {
        match self {
            Warning::UnknownCommittee { name } => format!(
                "{} 「{name}」 {}",
                lang.pick("委員会", "committee"),
                lang.pick(
                    "は kaikaku.ron にありません（--committee で選ぶか、--new-committee で追加）",
                    "is not in kaikaku.ron (choose one with --committee or add it with --new-committee)"
                )
            ),
            Warning::NotOnRoster { names } => format!(
                "{} {}: {}",
                names.len(),
                lang.pick("名が委員名簿にありません", "attendees are not on the committee roster"),
                quote(names, lang)
            ),
            Warning::UnlistedSpeakers {
                labels,
                from_roster,
            } => format!(
                "{} {}{}: {}",
                labels.len(),
                lang.pick(
                    "名の発言者が出席者一覧になく、出席者として追加しました",
                    "speakers are not in the attendee list and were added as attendees"
                ),
                if *from_roster > 0 {
                    format!(
                        " ({from_roster} {})",
                        lang.pick("名は委員名簿から", "from the roster")
                    )
                } else {
                    String::new()
                },
                quote(labels, lang)
            ),
            Warning::NoSpeakers { statements } => format!(
                "{} {statements} {}",
                lang.pick(
                    "発言者の表記が見つからないため、段落ごとに発言者なしの要旨として",
                    "no speaker convention found: each paragraph became a summary with no named speaker,"
                ),
                lang.pick("件を取り込みました（--speaker-pattern で指定できます）", "statements (set one with --speaker-pattern)")
            ),
            Warning::Cleaned {
                page_numbers,
                navigation,
                running_headers,
                joined,
            } => format!(
                "{}: {page_numbers} {}, {navigation} {}, {running_headers} {}, {joined} {}",
                lang.pick("整形", "cleaned"),
                lang.pick("ページ番号", "page numbers"),
                lang.pick("サイトの案内行", "site navigation lines"),
                lang.pick("繰り返しの見出し", "running headers"),
                lang.pick("行の折り返しを結合", "hard wraps joined"),
            ),
            Warning::DateFromText { line } => format!(
                "{} {line} {}",
                lang.pick("日時の欄がないため、", "no date section; the date was read from line"),
                lang.pick("行目の日付を使いました", "")
            )
            .trim_end()
            .to_string(),
        }
    }
}

fn quote(names: &[String], lang: Language) -> String {
    let mut text = names
        .iter()
        .take(QUOTED)
        .map(|n| format!("「{}」", crate::model::sanitize_inline(n)))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    if names.len() > QUOTED {
        text.push_str(&format!(
            "{}{}{}",
            lang.pick(" ほか ", " and "),
            names.len() - QUOTED,
            lang.pick(" 名", " more")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_names_make_one_short_line() {
        let names: Vec<String> = (0..20_000).map(|n| format!("委員{n}")).collect();
        let warning = Warning::UnlistedSpeakers {
            labels: names,
            from_roster: 0,
        };
        let en = warning.describe(Language::En);
        assert!(
            en.starts_with("20000 speakers are not in the attendee list"),
            "{en}"
        );
        assert!(en.ends_with("and 19995 more"), "{en}");
        assert!(en.len() < 300);
        let ja = warning.describe(Language::Ja);
        assert!(ja.contains("ほか 19995 名"), "{ja}");
    }
}
