//! `kaikaku audit [--since REV]`: findings (exit 1 if any) and every change to every figure.

use super::{CliError, CliResult, Context, Format, print};
use crate::history::audit::{FindingKind, audit};
use crate::model::{Language, sanitize_inline};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only check commits after this revision (tags and integrity are always checked whole).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(context: &Context, args: &Args) -> CliResult {
    let dir = context.dir()?;
    // The audit hashes every object it reads itself, once (`history::audit::audit`);
    // libgit2's own per-read check would hash the same objects again.
    git2::opts::strict_hash_verification(false);
    let report = audit(&dir, args.since.as_deref())?;
    let lang = context.lang.unwrap_or_else(|| settings_language(&dir));
    match args.format {
        Format::Json => {
            print(&super::json(&report)?);
        }
        Format::Text => {
            let mut out = String::new();
            for finding in &report.findings {
                out.push_str(&format!(
                    "{}: {}: {}\n",
                    sanitize_inline(&finding.at),
                    kind_label(finding.kind, lang),
                    sanitize_inline(finding.message.get(lang))
                ));
            }
            if !report.findings.is_empty() {
                out.push('\n');
            }
            let rows: Vec<Vec<String>> = report
                .figures
                .iter()
                .map(|r| {
                    vec![
                        sanitize_inline(&r.indicator),
                        field_label(&r.field, lang).to_string(),
                        r.year
                            .as_deref()
                            .map(|y| {
                                y.parse::<crate::model::FiscalYear>()
                                    .map_or_else(|_| y.to_string(), |y| lang.year_short(y))
                            })
                            .unwrap_or_default(),
                        shown(r.old.as_deref(), &r.field, lang),
                        shown(r.new.as_deref(), &r.field, lang),
                        r.commit.clone(),
                        sanitize_inline(&r.author),
                        r.date.get(..10).unwrap_or("").to_string(),
                        r.phase.clone().unwrap_or_default(),
                        crate::text::truncate(
                            &sanitize_inline(r.reason.as_deref().unwrap_or("")),
                            40,
                        ),
                    ]
                })
                .collect();
            out.push_str(&crate::text::table(
                &[
                    lang.pick("指標", "indicator"),
                    lang.pick("項目", "field"),
                    lang.pick("年度", "year"),
                    lang.pick("変更前", "old"),
                    lang.pick("変更後", "new"),
                    lang.pick("コミット", "commit"),
                    lang.pick("作成者", "author"),
                    lang.pick("日付", "date"),
                    lang.pick("フェーズ", "phase"),
                    lang.pick("理由", "reason"),
                ],
                &rows,
                &[3, 4],
            ));
            let (commits, objects, tags, findings) = (
                report.commits_checked,
                report.objects_checked,
                report.tags_checked,
                report.findings.len(),
            );
            out.push_str(lang.pick(
                &format!(
                    "\nコミット {commits} 件、オブジェクト {objects} 個、サイクルのタグ {tags} 個を確認しました。指摘 {findings} 件\n"
                ),
                &format!(
                    "\n{commits} commits, {objects} objects, {tags} cycle tags checked; {findings} finding(s)\n"
                ),
            ));
            out.push_str(&verify_with_git(&dir, lang));
            print(&out);
        }
    }
    if report.findings.is_empty() {
        Ok(())
    } else {
        let count = report.findings.len();
        Err(CliError::problems(lang.pick(
            &format!("監査で問題が {count} 件見つかりました"),
            &format!("audit found {count} problem(s)"),
        )))
    }
}

/// How an auditor checks the signatures with plain git, for a workspace that signs: git
/// verifies ssh signatures only against an allowed-signers file it is told about, and the
/// workspace keeps that file; gpg signatures need the signers' public keys in the keyring.
fn verify_with_git(dir: &std::path::Path, lang: Language) -> String {
    let Some(signing) = std::fs::read(dir.join(crate::store::SETTINGS_FILE))
        .ok()
        .and_then(|bytes| {
            crate::store::canonical::options()
                .from_bytes::<crate::model::Settings>(&bytes)
                .ok()
        })
        .and_then(|settings| settings.signing)
    else {
        return String::new();
    };
    let setup = match signing.format {
        crate::model::SignatureFormat::Ssh => format!(
            "  git config gpg.format ssh\n  git config gpg.ssh.allowedSignersFile \"{}\"\n",
            sanitize_inline(&dir.join(&signing.allowed_signers).display().to_string())
        ),
        crate::model::SignatureFormat::Gpg => lang
            .pick(
                "  gpg --import SIGNERS.asc   （署名者の公開鍵）\n",
                "  gpg --import SIGNERS.asc   (the signers' public keys)\n",
            )
            .to_string(),
    };
    lang.pick(
        &format!(
            "\ngit 自身で署名を確かめるには、クローンごとに一度:\n{setup}その後: `git verify-commit HEAD`、`git verify-tag cycle/FY…`、`git log --show-signature`\n"
        ),
        &format!(
            "\nTo verify the signatures with git itself, once per clone:\n{setup}then: git verify-commit HEAD, git verify-tag cycle/FY…, git log --show-signature\n"
        ),
    )
    .to_string()
}

/// The workspace's language setting (audit reads git, not the loaded workspace).
fn settings_language(dir: &std::path::Path) -> Language {
    std::fs::read(dir.join(crate::store::SETTINGS_FILE))
        .ok()
        .and_then(|bytes| {
            crate::store::canonical::options()
                .from_bytes::<crate::model::Settings>(&bytes)
                .ok()
        })
        .map_or_else(super::edge_language, |settings| settings.language)
}

/// A figure or target of the table: targets are stored as printed (`調整中 (FY2027)`) and
/// are said as `lang` prints targets.
fn shown(value: Option<&str>, field: &str, lang: Language) -> String {
    match value {
        None => "—".into(),
        Some(text) if field == "target" => {
            sanitize_inline(&crate::history::diff::shown_target(text, lang))
        }
        Some(text) => sanitize_inline(text),
    }
}

/// How a finding's kind is named.
fn kind_label(kind: FindingKind, lang: Language) -> &'static str {
    match kind {
        FindingKind::Integrity => lang.pick("整合性", "Integrity"),
        FindingKind::TagChain => lang.pick("タグの連鎖", "TagChain"),
        FindingKind::Signature => lang.pick("署名", "Signature"),
        FindingKind::ConfirmedMinutes => lang.pick("確定した議事録", "ConfirmedMinutes"),
        FindingKind::Trailers => lang.pick("トレーラー", "Trailers"),
    }
}

/// How a figure row's field (`baseline`, `actual`, `planned`, `target` in JSON) is named.
fn field_label(field: &str, lang: Language) -> &str {
    match field {
        "baseline" => lang.pick("基準値", "baseline"),
        "actual" => lang.pick("実績値", "actual"),
        "planned" => lang.pick("計画値", "planned"),
        "target" => lang.pick("目標値", "target"),
        other => other,
    }
}
