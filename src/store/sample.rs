//! The sample workspace (Kumamoto's reform plans and committee minutes), embedded at build
//! time from the repository's own `kaikaku.ron`, `plans/` and `minutes/`.

use std::path::Path;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// Writes the sample files into `dir` (atomically each), refusing to overwrite existing ones.
pub fn write_sample(dir: &Path) -> Result<()> {
    for (rel, text) in SAMPLE_FILES {
        let target = dir.join(rel);
        if target.exists() {
            return Err(Error::Invalid(format!(
                "{} already exists; not overwriting it",
                target.display()
            )));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("create directory", parent, e))?;
        }
        super::atomic::write_atomic(&target, text.as_bytes())?;
    }
    Ok(())
}
