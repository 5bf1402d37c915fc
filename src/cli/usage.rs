//! clap's own usage errors in the reader's language (issue 17): an unknown command, a
//! missing argument, a bad value. clap writes them in English; here each [`ErrorKind`] is
//! said again from its context (`err.context()`: the argument, the value, the valid
//! values, the suggestion, the usage line), in Japanese or English, with the same exit
//! code (2). `--help` and `--version` are clap's, unchanged.
//!
//! The language is found before any parsing succeeded, from the raw arguments: `--lang`,
//! else the environment, else the workspace's `language` setting (the workspace `--workspace`
//! or the current directory names, read without creating anything), else English.
//!
//! A kind this module does not know (clap's `ErrorKind` is non-exhaustive), or a known kind
//! without the context it needs, is said with a generic line and clap's own text after
//! [`DETAIL`](crate::i18n::DETAIL), so a Japanese reader never gets a bare English line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{DETAIL, Text};
use crate::model::Language;
use crate::text;

/// Prints a parse failure as the reader's language says it and returns clap's exit code:
/// help and version as clap prints them, every error through [`render`].
pub fn report(error: &clap::Error, args: &[OsString]) -> ExitCode {
    let code = ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return code;
    }
    let mut text = render(error, language(args));
    // Without a usage line the help named is the top-level one; the subcommands the
    // arguments name give a closer one (`kaikaku show plan --help`).
    if usage_lines(error).is_empty() {
        text = text.replace("`kaikaku --help`", &format!("`{} --help`", args_path(args)));
    }
    super::eprint_line(text.trim_end());
    code
}

/// The subcommands the raw arguments name, in order (`kaikaku show plan`): each argument
/// that is a subcommand (or alias) of the one before it.
fn args_path(args: &[OsString]) -> String {
    use clap::CommandFactory;
    let mut command = super::Cli::command();
    let mut path = vec!["kaikaku".to_string()];
    for arg in args.iter().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let Some(sub) = command
            .get_subcommands()
            .find(|sub| sub.get_name() == arg || sub.get_all_aliases().any(|a| a == arg))
            .cloned()
        else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path.join(" ")
}

/// The language of a command line that did not parse: `--lang`, the environment, the
/// workspace setting, else English (as [`super::edge_language`] before anything is known).
pub fn language(args: &[OsString]) -> Language {
    lang_arg(args)
        .or_else(super::env_language)
        .or_else(|| workspace_language(workspace_arg(args).as_deref()))
        .unwrap_or(Language::En)
}

/// The value of a global option (`--name VALUE` or `--name=VALUE`) among raw arguments, up
/// to a `--`.
fn option_value(args: &[OsString], name: &str) -> Option<OsString> {
    let long = format!("--{name}");
    let with_equals = format!("--{name}=");
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            break;
        }
        if text == long {
            return iter.next().cloned();
        }
        if let Some(value) = text.strip_prefix(&with_equals) {
            return Some(value.into());
        }
    }
    None
}

fn lang_arg(args: &[OsString]) -> Option<Language> {
    match option_value(args, "lang")?.to_str()? {
        "ja" => Some(Language::Ja),
        "en" => Some(Language::En),
        _ => None,
    }
}

fn workspace_arg(args: &[OsString]) -> Option<PathBuf> {
    option_value(args, "workspace")
        .or_else(|| std::env::var_os("KAIKAKU_WORKSPACE").filter(|v| !v.is_empty()))
        .map(PathBuf::from)
}

/// The `language` setting of the workspace that would be opened, if it exists and its
/// settings parse; nothing is created.
fn workspace_language(explicit: Option<&Path>) -> Option<Language> {
    let choice = crate::store::location::choose(explicit)?;
    let file = choice.dir().join(crate::store::SETTINGS_FILE);
    let bytes = std::fs::read(&file).ok()?;
    crate::store::workspace::parse_text::<crate::model::Settings>("kaikaku.ron", bytes)
        .ok()
        .map(|settings| settings.value.language)
}

/// The whole message in `lang`: what was wrong, the valid values or a suggestion, the usage
/// line and where the help is; one line each, newline-terminated.
pub fn render(error: &clap::Error, lang: Language) -> String {
    let (headline, mut details) = match said(error) {
        Some(said) => said,
        None => (fallback(error), Vec::new()),
    };
    details.extend(suggestions(error));
    let usage = usage_lines(error);
    let mut out = format!("kaikaku: {}\n", headline.get(lang));
    for detail in &details {
        out.push_str(&format!("  {}\n", detail.get(lang)));
    }
    if let Some((first, rest)) = usage.split_first() {
        let label = lang.pick("使い方", "usage");
        out.push_str(&format!("  {label}: `{first}`\n"));
        // Under the first one: `  使い方: ` is 10 columns wide, `  usage: ` 9.
        let indent = " ".repeat(match lang {
            Language::Ja => 10,
            Language::En => 9,
        });
        for line in rest {
            out.push_str(&format!("{indent}`{line}`\n"));
        }
    }
    let help = format!("{} --help", command_path(&usage));
    let hint = text!(
        "`{help}` で使い方とオプションを表示します",
        "see `{help}` for the usage and options"
    );
    out.push_str(&format!(
        "  {}: {}\n",
        lang.pick("ヒント", "hint"),
        hint.get(lang)
    ));
    out
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind)? {
        ContextValue::String(value) => Some(value),
        _ => None,
    }
}

fn strings(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(value)) => vec![value.clone()],
        Some(ContextValue::Strings(values)) => values.clone(),
        _ => Vec::new(),
    }
}

fn number(error: &clap::Error, kind: ContextKind) -> Option<isize> {
    match error.get(kind)? {
        ContextValue::Number(n) => Some(*n),
        _ => None,
    }
}

/// Values as both languages list them: 「a」「b」 / 'a', 'b'.
fn listed(values: &[String]) -> Text {
    Text::new(
        values
            .iter()
            .fold(String::new(), |list, v| list + "「" + v + "」"),
        values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The headline and detail lines of a kind this module knows, from its context; `None`
/// when the kind is unknown or its context is missing (then [`fallback`]).
#[allow(clippy::too_many_lines)] // one arm per kind, both languages side by side
fn said(error: &clap::Error) -> Option<(Text, Vec<Text>)> {
    let arg = string(error, ContextKind::InvalidArg);
    let value = string(error, ContextKind::InvalidValue);
    let said = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand)?;
            (
                text!(
                    "「{sub}」 というコマンドはありません",
                    "unrecognized subcommand '{sub}'"
                ),
                Vec::new(),
            )
        }
        ErrorKind::UnknownArgument => {
            let arg = arg?;
            (
                text!(
                    "「{arg}」 はここでは使えない引数です",
                    "unexpected argument '{arg}' found"
                ),
                Vec::new(),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(error, ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            let Text { ja, en } = listed(&missing);
            (
                text!(
                    "必要な引数が指定されていません: {ja}",
                    "the following required arguments were not provided: {en}"
                ),
                Vec::new(),
            )
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let headline = if value.is_empty() {
                text!(
                    "「{arg}」 に値が指定されていません",
                    "a value is required for '{arg}' but none was supplied"
                )
            } else {
                text!(
                    "「{value}」 は 「{arg}」 に使えない値です",
                    "invalid value '{value}' for '{arg}'"
                )
            };
            let valid = strings(error, ContextKind::ValidValue);
            let mut details = Vec::new();
            if !valid.is_empty() {
                let ja: Vec<String> = valid.iter().map(|v| format!("`{v}`")).collect();
                let (ja, en) = (ja.join(", "), valid.join(", "));
                details.push(text!("使える値: {ja}", "possible values: {en}"));
            }
            (headline, details)
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            let Text { ja, en } = reason(error);
            (
                text!(
                    "「{value}」 は 「{arg}」 に使えない値です: {ja}",
                    "invalid value '{value}' for '{arg}': {en}"
                ),
                Vec::new(),
            )
        }
        ErrorKind::ArgumentConflict => {
            let first = arg
                .or_else(|| string(error, ContextKind::InvalidSubcommand))?
                .to_string();
            let prior = strings(error, ContextKind::PriorArg);
            if prior.len() == 1 && prior[0] == first {
                (
                    text!(
                        "「{first}」 は一度しか指定できません",
                        "the argument '{first}' cannot be used multiple times"
                    ),
                    Vec::new(),
                )
            } else if prior.is_empty() {
                (
                    text!(
                        "「{first}」 はほかに指定した引数と一緒には使えません",
                        "the argument '{first}' cannot be used with one or more of the other specified arguments"
                    ),
                    Vec::new(),
                )
            } else {
                let Text { ja, en } = listed(&prior);
                (
                    text!(
                        "「{first}」 と {ja} は一緒に使えません",
                        "the argument '{first}' cannot be used with {en}"
                    ),
                    Vec::new(),
                )
            }
        }
        ErrorKind::TooManyValues => {
            let (arg, value) = (arg?, value?);
            (
                text!(
                    "「{value}」 は余分です（「{arg}」 の値はもう指定されています）",
                    "unexpected value '{value}' for '{arg}' found; no more were expected"
                ),
                Vec::new(),
            )
        }
        ErrorKind::TooFewValues => {
            let arg = arg?;
            let actual = number(error, ContextKind::ActualNumValues)?;
            let min = number(error, ContextKind::MinValues)?;
            (
                text!(
                    "「{arg}」 には値が {min} 個以上必要です（指定は {actual} 個）",
                    "{min} values required by '{arg}'; only {actual} provided"
                ),
                Vec::new(),
            )
        }
        ErrorKind::WrongNumberOfValues => {
            let arg = arg?;
            let actual = number(error, ContextKind::ActualNumValues)?;
            let expected = number(error, ContextKind::ExpectedNumValues)?;
            (
                text!(
                    "「{arg}」 には値が {expected} 個必要です（指定は {actual} 個）",
                    "{expected} values required for '{arg}' but {actual} provided"
                ),
                Vec::new(),
            )
        }
        ErrorKind::NoEquals => {
            let arg = arg?;
            (
                text!(
                    "「{arg}」 の値は = でつないで指定してください（{arg}=…）",
                    "equal sign is needed when assigning values to '{arg}'"
                ),
                Vec::new(),
            )
        }
        ErrorKind::MissingSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand)?;
            let valid = strings(error, ContextKind::ValidSubcommand);
            let mut details = Vec::new();
            if !valid.is_empty() {
                let ja: Vec<String> = valid.iter().map(|v| format!("`{v}`")).collect();
                let (ja, en) = (ja.join(", "), valid.join(", "));
                details.push(text!("サブコマンド: {ja}", "subcommands: {en}"));
            }
            (
                text!(
                    "「{sub}」 にはサブコマンドが必要です",
                    "'{sub}' requires a subcommand but one was not provided"
                ),
                details,
            )
        }
        ErrorKind::InvalidUtf8 => (
            Text::new(
                "引数に UTF-8 ではない文字があります",
                "invalid UTF-8 was detected in one or more arguments",
            ),
            Vec::new(),
        ),
        _ => return None,
    };
    Some(said)
}

/// Why a value parser refused a value: its own two-language [`Text`] when it gave one,
/// else its English after [`DETAIL`].
fn reason(error: &clap::Error) -> Text {
    match std::error::Error::source(error) {
        Some(source) => match source.downcast_ref::<Text>() {
            Some(text) => text.clone(),
            None => Text::new(
                format!("値を解釈できません（{DETAIL}{source}）"),
                source.to_string(),
            ),
        },
        None => Text::new("値を解釈できません", "the value cannot be read"),
    }
}

/// A kind not said above: a generic line and clap's own first line after [`DETAIL`].
fn fallback(error: &clap::Error) -> Text {
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first).trim();
    Text::new(
        format!("コマンドラインを解釈できません（{DETAIL}{first}）"),
        first.to_string(),
    )
}

/// "Did you mean" lines: a similar command, argument or value, and clap's tips.
fn suggestions(error: &clap::Error) -> Vec<Text> {
    let mut lines = Vec::new();
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        let similar = strings(error, kind);
        if !similar.is_empty() {
            let Text { ja, en } = listed(&similar);
            lines.push(text!("もしかして: {ja}", "tip: a similar one exists: {en}"));
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        lines.extend(tips.iter().map(|tip| tip_text(&tip.to_string())));
    }
    lines
}

/// The text between the first two pairs of single quotes of one of clap's tips.
fn quoted(tip: &str) -> Vec<&str> {
    tip.split('\'').skip(1).step_by(2).collect()
}

/// clap's tips in both languages: the three it writes, else its English after [`DETAIL`].
fn tip_text(tip: &str) -> Text {
    let parts = quoted(tip);
    let en = format!("tip: {tip}");
    let ja = match parts.as_slice() {
        [value, with] if tip.starts_with("to pass ") => {
            format!("値として「{value}」を渡すときは「{with}」と書きます")
        }
        [sub, _dashes] if tip.starts_with("subcommand ") => {
            format!("サブコマンド「{sub}」があります。使うときは前の「--」を外します")
        }
        [exists] if tip.ends_with(" exists") => format!("「{exists}」 があります"),
        _ => format!("ヒント（{DETAIL}{tip}）"),
    };
    Text::new(ja, en)
}

/// The usage lines clap gives, without their `Usage:` title.
fn usage_lines(error: &clap::Error) -> Vec<String> {
    let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) else {
        return Vec::new();
    };
    usage
        .to_string()
        .lines()
        .map(|line| {
            let line = line.trim();
            line.strip_prefix("Usage:")
                .unwrap_or(line)
                .trim()
                .to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// The command the usage line is about (`kaikaku meeting confirm`): its words before the
/// first option or placeholder; `kaikaku` without a usage line.
fn command_path(usage: &[String]) -> String {
    let words: Vec<&str> = usage
        .first()
        .map(|line| {
            line.split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect()
        })
        .unwrap_or_default();
    if words.is_empty() {
        "kaikaku".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::english_words;
    use clap::{Arg, ArgAction, Command, CommandFactory};

    /// The error kaikaku's own parser gives for these arguments.
    fn kaikaku_error(args: &[&str]) -> clap::Error {
        super::super::Cli::command()
            .try_get_matches_from(std::iter::once("kaikaku").chain(args.iter().copied()))
            .expect_err("the arguments are wrong")
    }

    /// A small command for the kinds kaikaku's own arguments cannot produce.
    fn toy_error(args: &[&str]) -> clap::Error {
        Command::new("kaikaku")
            .arg(Arg::new("pair").long("pair").num_args(2))
            .arg(Arg::new("many").long("many").num_args(2..))
            .arg(Arg::new("eq").long("eq").require_equals(true))
            .subcommand(
                Command::new("settings")
                    .subcommand_required(true)
                    .subcommand(Command::new("list")),
            )
            .arg(Arg::new("flag").long("flag").action(ArgAction::SetTrue))
            .try_get_matches_from(std::iter::once("kaikaku").chain(args.iter().copied()))
            .expect_err("the arguments are wrong")
    }

    /// Every kind kaikaku maps, with arguments that raise it, and what the message must name.
    fn cases() -> Vec<(ErrorKind, clap::Error, Vec<&'static str>)> {
        vec![
            (
                ErrorKind::InvalidSubcommand,
                kaikaku_error(&["frobnicate"]),
                vec!["frobnicate", "kaikaku --help"],
            ),
            (
                ErrorKind::InvalidSubcommand,
                kaikaku_error(&["chek"]),
                vec!["chek", "check"],
            ),
            (
                ErrorKind::UnknownArgument,
                kaikaku_error(&["check", "--format", "xml"]),
                vec![
                    "--format",
                    "kaikaku check [OPTIONS]",
                    "kaikaku check --help",
                ],
            ),
            (
                ErrorKind::UnknownArgument,
                kaikaku_error(&["--bogus"]),
                vec!["--bogus", "kaikaku --help"],
            ),
            (
                ErrorKind::MissingRequiredArgument,
                kaikaku_error(&["meeting", "confirm"]),
                vec![
                    "<ID>",
                    "kaikaku meeting confirm <ID>",
                    "kaikaku meeting confirm --help",
                ],
            ),
            (
                ErrorKind::InvalidValue,
                kaikaku_error(&["show", "plan", "p", "--format", "xml"]),
                vec!["xml", "--format", "text", "json"],
            ),
            (
                ErrorKind::InvalidValue,
                kaikaku_error(&["show", "plan", "p", "--format"]),
                vec!["--format", "text", "json"],
            ),
            (
                ErrorKind::ValueValidation,
                kaikaku_error(&["report", "progress", "--year", "zz"]),
                vec!["zz", "--year", "R5"],
            ),
            (
                ErrorKind::ValueValidation,
                kaikaku_error(&["search", "x", "--limit", "many"]),
                vec!["many", "--limit"],
            ),
            (
                ErrorKind::ArgumentConflict,
                kaikaku_error(&["commit", "--phase", "plan", "--baseline"]),
                vec!["--phase", "--baseline", "kaikaku commit --help"],
            ),
            (
                ErrorKind::ArgumentConflict,
                kaikaku_error(&["log", "--kpi", "a", "--kpi", "b"]),
                vec!["--kpi"],
            ),
            (
                ErrorKind::TooManyValues,
                kaikaku_error(&["--presenter=yes"]),
                vec!["--presenter", "yes"],
            ),
            (
                ErrorKind::WrongNumberOfValues,
                toy_error(&["--pair", "a"]),
                vec!["--pair", "2", "1"],
            ),
            (
                ErrorKind::TooFewValues,
                toy_error(&["--many", "a"]),
                vec!["--many", "2", "1"],
            ),
            (ErrorKind::NoEquals, toy_error(&["--eq", "a"]), vec!["--eq"]),
            (
                ErrorKind::MissingSubcommand,
                toy_error(&["settings"]),
                vec!["settings", "list"],
            ),
        ]
    }

    #[test]
    fn every_mapped_kind_is_said_in_both_languages_with_its_context() {
        for (kind, error, named) in cases() {
            assert_eq!(error.kind(), kind, "{error}");
            assert!(said(&error).is_some(), "{kind:?} fell back: {error}");
            let ja = render(&error, Language::Ja);
            let en = render(&error, Language::En);
            for text in [&ja, &en] {
                for word in &named {
                    assert!(text.contains(word), "{kind:?} lacks {word:?}:\n{text}");
                }
            }
            assert!(ja.contains("ヒント: `kaikaku"), "{ja}");
            assert!(en.contains("hint: see `kaikaku"), "{en}");
            let english: Vec<String> = ja.lines().flat_map(english_words).collect();
            assert!(english.is_empty(), "{kind:?} in English {english:?}:\n{ja}");
            assert!(
                !en.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{kind:?} has kana in English:\n{en}"
            );
        }
    }

    /// Every kind clap has: help and version aside, a kind the mapping does not know
    /// (clap adds kinds; `ErrorKind` is non-exhaustive) still reaches a Japanese reader in
    /// Japanese, with clap's own words after 詳細.
    #[test]
    fn an_unmapped_kind_falls_back_to_japanese_with_clap_detail() {
        let kinds = [
            ErrorKind::InvalidValue,
            ErrorKind::UnknownArgument,
            ErrorKind::InvalidSubcommand,
            ErrorKind::NoEquals,
            ErrorKind::ValueValidation,
            ErrorKind::TooManyValues,
            ErrorKind::TooFewValues,
            ErrorKind::WrongNumberOfValues,
            ErrorKind::ArgumentConflict,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::MissingSubcommand,
            ErrorKind::InvalidUtf8,
            ErrorKind::Io,
            ErrorKind::Format,
        ];
        for kind in kinds {
            // A bare error has no context: the mapped kinds cannot say their line either.
            let error = clap::Error::raw(kind, "something odd happened\n");
            let ja = render(&error, Language::Ja);
            let english: Vec<String> = ja.lines().flat_map(english_words).collect();
            assert!(english.is_empty(), "{kind:?} in English {english:?}:\n{ja}");
            if kind != ErrorKind::InvalidUtf8 {
                assert!(
                    ja.contains("（詳細: something odd happened）"),
                    "{kind:?}:\n{ja}"
                );
            }
            let en = render(&error, Language::En);
            assert!(en.starts_with("kaikaku: "), "{en}");
        }
    }

    #[test]
    fn clap_tips_are_translated_or_quoted() {
        let pass = tip_text("to pass '-x' as a value, use '-- -x'");
        assert_eq!(pass.ja, "値として「-x」を渡すときは「-- -x」と書きます");
        let odd = tip_text("something new");
        assert!(english_words(&odd.ja).is_empty(), "{}", odd.ja);
        assert!(odd.ja.contains("something new"));
    }

    #[test]
    fn the_language_comes_from_the_arguments_first() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_arg(&args(&["kaikaku", "--lang", "ja", "frobnicate"])),
            Some(Language::Ja)
        );
        assert_eq!(
            lang_arg(&args(&["kaikaku", "check", "--lang=en"])),
            Some(Language::En)
        );
        assert_eq!(lang_arg(&args(&["kaikaku", "--", "--lang", "ja"])), None);
        assert_eq!(
            args_path(&args(&["kaikaku", "--lang", "ja", "show", "plan", "p"])),
            "kaikaku show plan"
        );
        assert_eq!(
            args_path(&args(&["kaikaku", "minutes", "export"])),
            "kaikaku meeting export"
        );
    }

    #[test]
    fn the_help_names_the_command_of_the_usage_line() {
        assert_eq!(
            command_path(&["kaikaku meeting confirm <ID>".to_string()]),
            "kaikaku meeting confirm"
        );
        assert_eq!(command_path(&[]), "kaikaku");
    }
}
