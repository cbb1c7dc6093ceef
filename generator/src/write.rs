//! Stage 5, write: compare with what is on disk, or replace files atomically.

use crate::error::Error;
use crate::format::FormattedFile;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Directories (relative to the crate root) whose `.rs` files all belong to the generator:
/// a file there that generation no longer produces is stale and gets removed.
const OWNED_DIRS: &[&str] = &["src", "src/types", "src/operations"];

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The file does not exist.
    Missing(PathBuf),
    /// The file exists with other contents.
    Changed(PathBuf),
    /// The file is no longer generated.
    Extra(PathBuf),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing(p) => write!(f, "missing: {}", p.display()),
            Difference::Changed(p) => write!(f, "stale: {}", p.display()),
            Difference::Extra(p) => write!(f, "no longer generated: {}", p.display()),
        }
    }
}

/// Lists every difference between `files` and the crate at `root`, changing nothing.
pub fn check(root: &Path, files: &[FormattedFile]) -> Result<Vec<Difference>, Error> {
    let mut differences = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => differences.push(Difference::Changed(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => differences.push(Difference::Missing(path)),
            Err(e) => return Err(Error::file(&path.display().to_string(), format!("cannot read: {e}"))),
        }
    }
    for extra in extra_files(root, files)? {
        differences.push(Difference::Extra(extra));
    }
    Ok(differences)
}

fn extra_files(root: &Path, files: &[FormattedFile]) -> Result<Vec<PathBuf>, Error> {
    let mut extra = Vec::new();
    for dir in OWNED_DIRS {
        let dir_path = root.join(dir);
        let entries = match std::fs::read_dir(&dir_path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::file(&dir_path.display().to_string(), format!("cannot list: {e}"))),
        };
        let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        found.sort();
        for path in found {
            if path.extension().is_some_and(|e| e == "rs") {
                let relative = format!("{dir}/{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
                if !files.iter().any(|f| f.path == relative) {
                    extra.push(path);
                }
            }
        }
    }
    Ok(extra)
}

/// Writes every changed file atomically (temp file + rename) and removes files no longer
/// generated. Returns what changed. Unchanged files are not touched.
pub fn write(root: &Path, files: &[FormattedFile]) -> Result<Vec<Difference>, Error> {
    let differences = check(root, files)?;
    for difference in &differences {
        match difference {
            Difference::Missing(path) | Difference::Changed(path) => {
                let relative = path.strip_prefix(root).unwrap_or(path);
                let contents = files
                    .iter()
                    .find(|f| Path::new(&f.path) == relative)
                    .map(|f| f.contents.as_bytes())
                    .unwrap_or_default();
                write_atomic(path, contents)?;
            }
            Difference::Extra(path) => std::fs::remove_file(path)
                .map_err(|e| Error::file(&path.display().to_string(), format!("cannot remove: {e}")))?,
        }
    }
    Ok(differences)
}

/// Writes `contents` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let shown = path.display().to_string();
    let dir = path.parent().ok_or_else(|| Error::file(&shown, "has no parent directory"))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::file(&shown, format!("cannot create the directory: {e}")))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::file(&shown, format!("cannot write: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> FormattedFile {
        FormattedFile { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn check_reports_then_write_fixes() {
        let dir = std::env::temp_dir().join(format!("gen-write-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = vec![file("src/lib.rs", "a"), file("Cargo.toml", "b")];
        assert_eq!(check(&dir, &files).unwrap().len(), 2);
        write(&dir, &files).unwrap();
        assert!(check(&dir, &files).unwrap().is_empty());
        std::fs::write(dir.join("src/old.rs"), "x").unwrap();
        std::fs::write(dir.join("src/lib.rs"), "edited").unwrap();
        let diffs = check(&dir, &files).unwrap();
        assert!(diffs.contains(&Difference::Changed(dir.join("src/lib.rs"))));
        assert!(diffs.contains(&Difference::Extra(dir.join("src/old.rs"))));
        write(&dir, &files).unwrap();
        assert!(check(&dir, &files).unwrap().is_empty());
        assert!(!dir.join("src/old.rs").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
