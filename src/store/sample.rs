//! The sample workspace (Kumamoto's reform plans and committee minutes), embedded at build
//! time from the repository's own `kaikaku.ron`, `plans/`, `minutes/` and `responses/`.

use std::path::Path;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// Writes the sample files into `dir` (atomically each), refusing to overwrite existing ones.
pub fn write_sample(dir: &Path) -> Result<()> {
    for (rel, text) in SAMPLE_FILES {
        let target = dir.join(rel);
        if target.exists() {
            let target = target.display();
            return Err(Error::Invalid(crate::text!(
                "{target} はすでにあります。上書きしません",
                "{target} already exists; not overwriting it"
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meeting, Plan, Settings};
    use crate::store::canonical::to_canonical;
    use crate::store::workspace::parse_text;

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(path: &str, text: &str) {
        let loaded =
            parse_text::<T>(path, text.as_bytes().to_vec()).unwrap_or_else(|d| panic!("{d}"));
        let again = to_canonical(&loaded.value).expect("serialise");
        assert!(
            again == text,
            "{path} is not byte-identical after load → save"
        );
    }

    /// Every sample file is canonical: load → save gives the same bytes.
    #[test]
    fn every_sample_file_round_trips_byte_identical() {
        assert!(SAMPLE_FILES.iter().any(|(path, _)| *path == "kaikaku.ron"));
        assert!(
            SAMPLE_FILES
                .iter()
                .any(|(path, _)| path.starts_with("responses/")),
            "the sample ships the responses to its meeting"
        );
        for (path, text) in SAMPLE_FILES {
            if path.starts_with("plans/") {
                round_trip::<Plan>(path, text);
            } else if path.starts_with("minutes/") {
                round_trip::<Meeting>(path, text);
            } else if path.starts_with("responses/") {
                round_trip::<crate::model::response::ResponseFile>(path, text);
            } else {
                round_trip::<Settings>(path, text);
            }
        }
    }

    #[test]
    fn refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_sample(dir.path()).expect("first write");
        assert!(write_sample(dir.path()).is_err());
    }
}
