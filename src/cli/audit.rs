//! `kaikaku audit [--since REV]`: findings (exit 1 if any) and every change to every figure.

use super::{CliError, CliResult, Context, Format, print};
use crate::history::audit::audit;
use crate::model::sanitize_inline;

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
    match args.format {
        Format::Json => {
            print(&super::json(&report)?);
        }
        Format::Text => {
            let mut out = String::new();
            for finding in &report.findings {
                out.push_str(&format!(
                    "{}: {:?}: {}\n",
                    sanitize_inline(&finding.at),
                    finding.kind,
                    sanitize_inline(&finding.message)
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
                        r.field.clone(),
                        r.year.clone().unwrap_or_default(),
                        sanitize_inline(r.old.as_deref().unwrap_or("—")),
                        sanitize_inline(r.new.as_deref().unwrap_or("—")),
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
                    "indicator",
                    "field",
                    "year",
                    "old",
                    "new",
                    "commit",
                    "author",
                    "date",
                    "phase",
                    "reason",
                ],
                &rows,
                &[3, 4],
            ));
            out.push_str(&format!(
                "\n{} commits, {} objects, {} cycle tags checked; {} finding(s)\n",
                report.commits_checked,
                report.objects_checked,
                report.tags_checked,
                report.findings.len()
            ));
            out.push_str(&verify_with_git(&dir));
            print(&out);
        }
    }
    if report.findings.is_empty() {
        Ok(())
    } else {
        Err(CliError::problems(format!(
            "audit found {} problem(s)",
            report.findings.len()
        )))
    }
}

/// How an auditor checks the signatures with plain git, for a workspace that signs: git
/// verifies ssh signatures only against an allowed-signers file it is told about, and the
/// workspace keeps that file; gpg signatures need the signers' public keys in the keyring.
fn verify_with_git(dir: &std::path::Path) -> String {
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
        crate::model::SignatureFormat::Gpg => {
            "  gpg --import SIGNERS.asc   (the signers' public keys)\n".to_string()
        }
    };
    format!(
        "\nTo verify the signatures with git itself, once per clone:\n{setup}then: git verify-commit HEAD, git verify-tag cycle/FY…, git log --show-signature\n"
    )
}
