//! Signing and verifying commits and tags with the tools git itself uses: `ssh-keygen -Y`
//! (ssh signatures, namespace `git`) and `gpg`. Signatures are produced exactly as git
//! produces them, so `git verify-commit` / `git verify-tag` accept what kaikaku writes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::model::SignatureFormat;

fn run_with_input(mut command: Command, input: &[u8]) -> std::io::Result<std::process::Output> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input)?;
    }
    child.wait_with_output()
}

/// The personal signing key from git config (`user.signingKey`).
pub fn signing_key(repo: &git2::Repository) -> Result<String> {
    repo.config()
        .and_then(|config| config.get_string("user.signingkey"))
        .map_err(|_| {
            Error::Signing(
                (
                    "このワークスペースは署名付きのコミットが必要ですが、git に user.signingKey が設定されていません",
                    "this workspace requires signed commits but git has no user.signingKey",
                )
                    .into(),
            )
        })
}

/// Signs `data`, returning the armored signature (ending with a newline).
pub fn sign(format: SignatureFormat, key: &str, data: &[u8]) -> Result<String> {
    let output = match format {
        SignatureFormat::Ssh => {
            let mut command = Command::new("ssh-keygen");
            command.args(["-Y", "sign", "-n", "git", "-q", "-f", key]);
            run_with_input(command, data)
        }
        SignatureFormat::Gpg => {
            let mut command = Command::new("gpg");
            command.args(["--batch", "--status-fd=2", "-bsau", key]);
            run_with_input(command, data)
        }
    }
    .map_err(|e| {
        Error::Signing(crate::text!(
            "署名のツールを実行できません（詳細: {e}）",
            "cannot run the signing tool: {e}"
        ))
    })?;
    let signature = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() || !signature.contains("-----BEGIN") {
        let said = crate::model::sanitize_inline(String::from_utf8_lossy(&output.stderr).trim());
        return Err(Error::Signing(crate::text!(
            "署名のツールが失敗しました（詳細: {said}）",
            "{said}"
        )));
    }
    Ok(if signature.ends_with('\n') {
        signature
    } else {
        signature + "\n"
    })
}

/// Verifies a signature over `data` against an allowed-signers file; returns the signer
/// (ssh principal or gpg fingerprint) or why it was refused.
pub fn verify(
    format: SignatureFormat,
    allowed_signers: &Path,
    signature: &[u8],
    data: &[u8],
) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let sig_path = dir.path().join("signature");
    std::fs::write(&sig_path, signature).map_err(|e| format!("cannot write a temp file: {e}"))?;
    match format {
        SignatureFormat::Ssh => {
            let found = Command::new("ssh-keygen")
                .args(["-Y", "find-principals", "-s"])
                .arg(&sig_path)
                .arg("-f")
                .arg(allowed_signers)
                .output()
                .map_err(|e| format!("cannot run ssh-keygen: {e}"))?;
            let principal = String::from_utf8_lossy(&found.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if !found.status.success() || principal.is_empty() {
                return Err("signed by a key that is not in the allowed-signers file".into());
            }
            let mut command = Command::new("ssh-keygen");
            command
                .args(["-Y", "verify", "-n", "git", "-f"])
                .arg(allowed_signers)
                .args(["-I", &principal, "-s"])
                .arg(&sig_path);
            let output =
                run_with_input(command, data).map_err(|e| format!("cannot run ssh-keygen: {e}"))?;
            if output.status.success() {
                Ok(principal)
            } else {
                Err("the signature does not match the signed content".into())
            }
        }
        SignatureFormat::Gpg => {
            let mut command = Command::new("gpg");
            command
                .args(["--batch", "--status-fd=1", "--verify"])
                .arg(&sig_path)
                .arg("-");
            let output =
                run_with_input(command, data).map_err(|e| format!("cannot run gpg: {e}"))?;
            let status = String::from_utf8_lossy(&output.stdout);
            let fingerprint = status
                .lines()
                .find_map(|l| l.strip_prefix("[GNUPG:] VALIDSIG "))
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_string);
            let Some(fingerprint) = fingerprint.filter(|_| output.status.success()) else {
                return Err("gpg did not accept the signature".into());
            };
            let allowed = std::fs::read_to_string(allowed_signers).unwrap_or_default();
            if allowed.lines().any(|l| {
                l.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(&fingerprint))
            }) {
                Ok(fingerprint)
            } else {
                Err(format!(
                    "key {fingerprint} is not in the allowed-signers file"
                ))
            }
        }
    }
}

/// Splits a signed tag object's content into the signed part and the signature appended to
/// its message (git's format for signed tags).
pub fn split_tag_signature(content: &[u8]) -> Option<(&[u8], &[u8])> {
    for marker in [
        &b"-----BEGIN SSH SIGNATURE-----"[..],
        &b"-----BEGIN PGP SIGNATURE-----"[..],
    ] {
        if let Some(at) = find(content, marker) {
            return Some((&content[..at], &content[at..]));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
