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
}
