//! Every message in both languages: the one mechanism the core, the CLI and the TUI share.
//!
//! The codebase writes its labels inline as `lang.pick(ja, en)` beside their use, so both
//! languages are reviewed where they are used. Messages the core raises before anyone knows
//! the reader's language follow the same idea in two shapes:
//! - a typed value (an error enum, a refusal) renders itself with [`Localize::message`],
//!   one exhaustive `match` with both forms per variant, so a new variant cannot be added
//!   without its Japanese;
//! - a free-form message made where it is raised (a validation problem, an import
//!   warning) is a [`Text`]: both forms at once, written with the [`text!`](crate::text)
//!   macro, picked by the edge with [`Text::get`].
//!
//! `Display` stays English (logs, `{:?}`-style test messages, JSON `message` fields); what
//! a user reads goes through a language. Low-level causes that libraries phrase (libgit2,
//! the operating system, the RON parser) are quoted as they are, after [`DETAIL`], so a
//! support request can still quote them; what the user must understand comes before it.
//!
//! [`english_words`] is the catalogue test's judge: the English words a Japanese message
//! still carries.

use std::fmt;

use crate::model::Language;

/// A message in Japanese and English, made where it is raised.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages: ids, paths, a message a library wrote.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Text {
            ja: text.clone(),
            en: text,
        }
    }

    /// Both renderings of a typed value (an error kept for later, when the reader's
    /// language is not known where it is raised).
    pub fn of(value: &impl Localize) -> Self {
        Text {
            ja: value.message(Language::Ja),
            en: value.message(Language::En),
        }
    }

    /// The form for `lang`.
    pub fn get(&self, lang: Language) -> &str {
        lang.pick(&self.ja, &self.en)
    }

    /// The message with its hint in brackets (`…（hint）` / `… (hint)`), for a refusal that
    /// must carry both in one line.
    #[must_use]
    pub fn with_hint(&self, hint: Option<&Text>) -> Self {
        match hint {
            Some(hint) => Text {
                ja: format!("{}（{}）", self.ja, hint.ja),
                en: format!("{} ({})", self.en, hint.en),
            },
            None => self.clone(),
        }
    }

    /// Both forms with `suffix` appended (a hint, a list of ids).
    #[must_use]
    pub fn append(mut self, suffix: &Text) -> Self {
        self.ja.push_str(&suffix.ja);
        self.en.push_str(&suffix.en);
        self
    }

    /// Both forms mapped by the same function (sanitising, quoting).
    #[must_use]
    pub fn map(self, f: impl Fn(&str) -> String) -> Self {
        Text {
            ja: f(&self.ja),
            en: f(&self.en),
        }
    }
}

/// English: the `Display` of errors that carry a [`Text`].
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A [`Text`] can be an error's cause: a clap value parser returns one, so the usage error
/// says the reason in the reader's language (`cli::usage`).
impl std::error::Error for Text {}

impl From<(&str, &str)> for Text {
    fn from((ja, en): (&str, &str)) -> Self {
        Text::new(ja, en)
    }
}

/// A [`Text`] from two format strings, Japanese first, with the usual `format!` arguments
/// (inline `{name}` captures included).
///
/// ```
/// let id = "k1";
/// let text = kaikaku::text!("指標 \"{id}\" はありません", "no indicator \"{id}\"");
/// assert_eq!(text.get(kaikaku::model::Language::Ja), "指標 \"k1\" はありません");
/// ```
#[macro_export]
macro_rules! text {
    ($ja:literal, $en:literal $(,)?) => {
        $crate::i18n::Text::new(format!($ja), format!($en))
    };
    ($ja:literal, $en:literal, $($arg:tt)*) => {
        $crate::i18n::Text::new(format!($ja, $($arg)*), format!($en, $($arg)*))
    };
}

/// A value that can say itself in the user's language: errors, refusals, warnings.
pub trait Localize {
    /// The message in `lang`, unsanitised (the edge sanitises what it prints).
    fn message(&self, lang: Language) -> String;
}

impl Localize for Text {
    fn message(&self, lang: Language) -> String {
        self.get(lang).to_string()
    }
}

/// What introduces a low-level cause quoted as a library wrote it (`（詳細: …）`).
pub const DETAIL: &str = "詳細: ";

/// The operating system's reason for an I/O failure in `lang`: the common kinds in
/// Japanese, the rest as the OS says it, after [`DETAIL`].
pub fn io_reason(error: &std::io::Error, lang: Language) -> String {
    use std::io::ErrorKind;
    if lang == Language::En {
        return error.to_string();
    }
    let known = match error.kind() {
        ErrorKind::NotFound => Some("ファイルまたはディレクトリがありません"),
        ErrorKind::PermissionDenied => Some("権限がありません"),
        ErrorKind::AlreadyExists => Some("すでに存在します"),
        ErrorKind::StorageFull => Some("ディスクの空きがありません"),
        ErrorKind::ReadOnlyFilesystem => Some("読み取り専用のファイルシステムです"),
        ErrorKind::IsADirectory => Some("ディレクトリです"),
        ErrorKind::NotADirectory => Some("ディレクトリではありません"),
        ErrorKind::DirectoryNotEmpty => Some("ディレクトリが空ではありません"),
        ErrorKind::InvalidData => Some("内容が正しくありません（UTF-8 ではない など）"),
        ErrorKind::UnexpectedEof => Some("途中で終わっています"),
        ErrorKind::Interrupted => Some("中断されました"),
        ErrorKind::WouldBlock | ErrorKind::TimedOut => Some("応答がありません"),
        ErrorKind::FileTooLarge => Some("ファイルが大きすぎます"),
        ErrorKind::CrossesDevices => Some("別のデバイスをまたいでいます"),
        _ => None,
    };
    match known {
        Some(reason) => reason.to_string(),
        None => format!("入出力エラー（{DETAIL}{error}）"),
    }
}

/// Words that may stand in a Japanese message as they are: product and command names,
/// file formats, git's own words the user types, PDCA phase names, units.
const ALLOWED: &[&str] = &[
    // product, tools and commands the user runs
    "kaikaku",
    "git",
    "ssh",
    "gpg",
    "xmllint",
    "init",
    "check",
    "fmt",
    "show",
    "commit",
    "sync",
    "audit",
    "diff",
    "log",
    "review",
    "respond",
    "search",
    "report",
    "import",
    "export",
    "meeting",
    "plan",
    "settings",
    "confirm",
    "publish",
    "edit",
    "new",
    "add",
    "remove",
    "list",
    "target",
    "retire",
    "reinstate",
    "move",
    "indicator",
    "next",
    "stage",
    "close",
    "cycle",
    "present",
    "fetch",
    "push",
    "pull",
    "merge",
    "stash",
    "switch",
    "tag",
    "remote",
    "origin",
    "config",
    "clone",
    "main",
    "HEAD",
    "index",
    "user",
    "name",
    "email",
    "signingKey",
    "cached",
    "progress",
    "kpi",
    "responses",
    "department",
    "member",
    "completions",
    "sample",
    "baseline",
    "phase",
    "theirs",
    "ours",
    "rev",
    "plans",
    "minutes",
    // formats and standards
    "RON",
    "JSON",
    "CSV",
    "TSV",
    "HTML",
    "PDF",
    "URL",
    "UTF",
    "BOM",
    "CP932",
    "Excel",
    "Word",
    "docx",
    "xlsx",
    "xls",
    "txt",
    "Akoma",
    "Ntoso",
    "Popolo",
    "MiB",
    "KiB",
    "GiB",
    "ron",
    "json",
    "csv",
    "tsv",
    "html",
    "md",
    "akn",
    "popolo",
    "text",
    // PDCA and domain words the Japanese UI shows as they are
    "PDCA",
    "Plan",
    "Do",
    "Check",
    "Act",
    "KPI",
    "LGWAN",
    "ICT",
    "DX",
    "AI",
    "RPA",
    "NPO",
    "FY",
    "TBD",
    "OK",
    // key names, as keyboards and the keymap file write them
    "Enter",
    "Esc",
    "Del",
    "Tab",
    "Space",
    "Home",
    "End",
    "PgUp",
    "PgDn",
    "Ctrl",
    "Alt",
    "Shift",
    "enter",
    "esc",
    "delete",
    "backspace",
    "tab",
    "space",
    "home",
    "end",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "insert",
    "ctrl",
    "alt",
    "shift",
];

/// The English words of 3 or more letters in `text` that a Japanese screen should not show:
/// runs of ASCII letters, not all capitals (placeholders such as DIR, acronyms), not in the
/// allow-list above. Identifiers and paths (a run joined to
/// digits, `-`, `_`, `.`, `/`, `@`, `:`, `=`, `~`), options (`--lang`), text in backticks
/// (`kaikaku check`), what was typed or read quoted in 「」, and what follows [`DETAIL`] up
/// to its closing bracket are left alone.
pub fn english_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = text;
    // Drop quoted commands and low-level details first.
    let mut plain = String::with_capacity(text.len());
    let mut quoted = 0_usize;
    while !rest.is_empty() {
        if let Some(stripped) = rest.strip_prefix('「') {
            quoted += 1;
            rest = stripped;
            plain.push(' ');
        } else if let Some(stripped) = rest.strip_prefix('」') {
            quoted = quoted.saturating_sub(1);
            rest = stripped;
            plain.push(' ');
        } else if quoted > 0 {
            let c = rest.chars().next().unwrap_or(' ');
            rest = &rest[c.len_utf8()..];
        } else if let Some(stripped) = rest.strip_prefix('`') {
            match stripped.find('`') {
                Some(end) => rest = &stripped[end + 1..],
                None => rest = "",
            }
            plain.push(' ');
        } else if let Some(stripped) = rest.strip_prefix(DETAIL) {
            let end = stripped.find('）').unwrap_or(stripped.len());
            rest = &stripped[end..];
            plain.push(' ');
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    let is_token = |c: char| c.is_ascii_alphanumeric() || "-_./@:=~+*\\".contains(c);
    for token in plain.split(|c: char| !is_token(c)) {
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // All capitals: a placeholder (DIR, NAME) or an acronym (URL, SSH).
        let placeholder = token.chars().all(|c| c.is_ascii_uppercase());
        if token.len() >= 3 && !placeholder && !ALLOWED.contains(&token) {
            words.push(token.to_string());
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_judge_finds_english_and_spares_identifiers() {
        assert_eq!(
            english_words("「ごじゅう」 is not a number"),
            vec!["not".to_string(), "number".to_string()]
        );
        assert!(english_words("`kaikaku check` を実行してください").is_empty());
        assert!(english_words("plans/a.ron:3:5: 指標 k-p1-1 の --reason を指定").is_empty());
        assert!(english_words("git の処理に失敗しました（詳細: object not found）").is_empty());
        assert_eq!(
            english_words("Check（評価） closed"),
            vec!["closed".to_string()]
        );
    }

    #[test]
    fn texts_pick_their_language_and_display_english() {
        let n = 3;
        let text = crate::text!("{n} 件", "{n} item(s)");
        assert_eq!(text.get(Language::Ja), "3 件");
        assert_eq!(text.to_string(), "3 item(s)");
        let with = text.append(&Text::new("。", "."));
        assert_eq!(with.message(Language::En), "3 item(s).");
    }

    #[test]
    fn io_reasons_are_japanese_for_common_kinds() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(io_reason(&full, Language::Ja), "ディスクの空きがありません");
        let odd = std::io::Error::other("weird device");
        let ja = io_reason(&odd, Language::Ja);
        assert!(
            ja.contains("weird device") && english_words(&ja).is_empty(),
            "{ja}"
        );
    }
}

#[cfg(test)]
mod catalogue;
