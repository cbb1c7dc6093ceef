//! Repository hygiene that a reviewer would otherwise have to remember: nothing committed depends
//! on the machine it was written on.

use std::path::{Path, PathBuf};

/// Directory prefixes that only exist on some developer's or CI machine. Built from parts so this
/// file does not match itself.
fn machine_prefixes() -> Vec<String> {
    ["work", "home", "root", "Users", "tmp"]
        .iter()
        .map(|dir| format!("{}{dir}/", '/'))
        .collect()
}

/// Absolute paths that are facts of the API, not of a machine: the reference's example of a
/// training job checkpoint (a path inside ModelArts' own containers), copied exactly into the
/// spec's example and from there into the generated example tests.
const API_FACTS: &[&str] = &["/home/work/user-job-dir/"];

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == "target" || name.starts_with('.') && name != ".ci" {
            continue;
        }
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// True when `text` holds `prefix` as the start of an absolute path (not as the tail of a longer
/// path segment such as `/v2/x/workforces/`).
fn holds_absolute_path(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        !matches!(before, Some(c) if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '}')
    })
}

#[test]
fn no_absolute_machine_paths_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(files.len() > 50, "walked only {} files", files.len());
    let prefixes = machine_prefixes();
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue; // binary files
        };
        for (number, line) in text.lines().enumerate() {
            let mut line_without_facts = line.to_owned();
            for fact in API_FACTS {
                line_without_facts = line_without_facts.replace(fact, "");
            }
            if prefixes
                .iter()
                .any(|p| holds_absolute_path(&line_without_facts, p))
            {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "absolute machine paths committed:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_detector_sees_paths_and_ignores_path_segments() {
    let work = format!("{}work/", '/');
    assert!(holds_absolute_path(&format!("see {work}shared/x"), &work));
    assert!(holds_absolute_path(&format!("\"{work}a\""), &work));
    assert!(!holds_absolute_path(
        &format!("/v2/{{project_id}}{work}x"),
        &work
    ));
    assert!(!holds_absolute_path(&format!("/v2/abc{work}x"), &work));
}
