//! Embeds the sample workspace (kaikaku.ron, plans/, minutes/, responses/) into the binary,
//! so the first run without a workspace opens a real plan and `kaikaku init --sample` needs
//! no files.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut files = vec!["kaikaku.ron".to_string()];
    for dir in ["plans", "minutes", "responses"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "ron") && !n.starts_with('.'))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    println!("cargo:rerun-if-changed=kaikaku.ron");
    let mut out = String::from(
        "/// The sample workspace files: (relative path, content).\npub const SAMPLE_FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={file}");
        let full = root.join(file);
        writeln!(
            out,
            "    ({file:?}, include_str!({:?})),",
            full.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sample_files.rs");
    fs::write(dest, out).expect("write sample_files.rs");
    rules_digest(root);
}

/// A digest of every source file and the locked dependency versions, as
/// `KAIKAKU_RULES_DIGEST`. The validation cache of phase commits (`history::check_cache`)
/// trusts a verdict only from a build with the same digest: any change to the rules, the
/// model or the RON parser makes the next commit validate everything again.
fn rules_digest(root: &Path) {
    use std::hash::{DefaultHasher, Hasher};
    fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = vec![root.join("Cargo.lock")];
    collect(&root.join("src"), &mut files);
    files.sort();
    // SipHash with fixed keys: the same sources give the same digest on every build.
    let mut hasher = DefaultHasher::new();
    for file in &files {
        hasher.write(
            file.strip_prefix(root)
                .unwrap_or(file)
                .to_string_lossy()
                .as_bytes(),
        );
        let bytes = fs::read(file).unwrap_or_default();
        hasher.write_usize(bytes.len());
        hasher.write(&bytes);
    }
    println!(
        "cargo:rustc-env=KAIKAKU_RULES_DIGEST={}-{:016x}",
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hasher.finish()
    );
}
