//! What users compile: `cargo check` of each generated crate with its dependencies prebuilt,
//! and the client's per-request overhead (the `sdk-bench` program).

use super::peers::Peer;
use std::path::Path;
use std::process::{Command, Stdio};

/// Time and peak memory of one `cargo check` of a generated crate alone.
#[derive(Debug, Clone, Copy)]
pub struct CheckCost {
    /// Wall seconds.
    pub seconds: f64,
    /// Peak resident memory of the largest process (rustc), KiB.
    pub peak_kib: u64,
}

fn package_name(dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("name") {
                let value = rest.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

fn generate(exe: &Path, who: Option<&Peer>, spec: &Path, out: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    match who {
        None => super::generate_as_process(exe, spec, out),
        Some(peer) => peer.run_keep(spec, out),
    }
}

/// Features of a generated manifest (`[features]` keys other than `default`).
fn features_of(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    let mut in_features = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features {
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if key != "default" && !key.starts_with('#') {
                    out.push(key.to_owned());
                }
            }
        }
    }
    out
}

/// The feature sets measured for a crate split per tag: every feature, and a typical use
/// (GitHub's `repos` and `issues`, else the first two tags).
fn feature_sets(dir: &Path) -> Vec<(String, Vec<String>)> {
    let features = features_of(dir);
    // Only our split crates (`full` and one feature per tag); peers' crates are checked as is.
    if !features.iter().any(|f| f == "full") {
        return vec![(String::new(), Vec::new())];
    }
    let tags: Vec<&String> = features.iter().filter(|f| *f != "full").collect();
    let typical: Vec<String> = if ["repos", "issues"]
        .iter()
        .all(|t| tags.iter().any(|f| f == t))
    {
        vec!["repos".into(), "issues".into()]
    } else {
        tags.iter().take(2).map(|f| (*f).clone()).collect()
    };
    vec![
        (
            " (all features)".to_owned(),
            vec!["--all-features".to_owned()],
        ),
        (
            format!(" (features {})", typical.join(", ")),
            vec!["--features".to_owned(), typical.join(",")],
        ),
    ]
}

/// Builds the dependencies (with no feature of a split crate), then measures one
/// `cargo check` per entry of `sets` with the crate itself cleaned before each.
fn cargo_check(
    dir: &Path,
    target: &Path,
    sets: &[(String, Vec<String>)],
) -> Result<Vec<(String, CheckCost)>, String> {
    let name = package_name(dir).ok_or("no package name in the generated Cargo.toml")?;
    let split = sets.iter().any(|(_, flags)| !flags.is_empty());
    let warm = Command::new("cargo")
        .arg("check")
        .args(split.then_some("--no-default-features"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    if !warm.status.success() {
        let text = String::from_utf8_lossy(&warm.stderr);
        let first = text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("cargo check failed");
        return Err(first.chars().take(160).collect());
    }
    let mut costs = Vec::new();
    for (label, flags) in sets {
        let _ = Command::new("cargo")
            .args(["clean", "-p", &name])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let timed = Command::new("/usr/bin/time")
            .args(["-f", "BENCH %e %M", "cargo", "check"])
            .args(flags)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("/usr/bin/time: {e}"))?;
        let text = String::from_utf8_lossy(&timed.stderr);
        if !timed.status.success() {
            let first = text
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("cargo check failed");
            return Err(first.chars().take(160).collect());
        }
        let line = text
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("BENCH "))
            .ok_or("no timing from /usr/bin/time")?;
        let mut parts = line.split_whitespace();
        let seconds = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let peak_kib = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        costs.push((label.clone(), CheckCost { seconds, peak_kib }));
    }
    Ok(costs)
}

/// Generates the crate with us and with each peer, then checks each one.
pub fn check_all(
    spec: &Path,
    scratch: &Path,
    peers: &[Peer],
) -> Vec<(String, Result<CheckCost, String>)> {
    let target = scratch.join("check-target");
    let mut results = Vec::new();
    let Ok(exe) = std::env::current_exe() else {
        return results;
    };
    let mut who: Vec<(String, Option<&Peer>)> = vec![("ours".to_owned(), None)];
    who.extend(peers.iter().map(|p| (p.name.to_owned(), Some(p))));
    for (name, peer) in who {
        eprintln!("  cargo check ({name}) ...");
        let out = scratch.join(format!("check-{name}"));
        let costs = generate(&exe, peer, spec, &out)
            .and_then(|()| cargo_check(&out, &target, &feature_sets(&out)));
        let _ = std::fs::remove_dir_all(&out);
        match costs {
            Ok(costs) => results.extend(
                costs
                    .into_iter()
                    .map(|(label, cost)| (format!("{name}{label}"), Ok(cost))),
            ),
            Err(e) => results.push((name, Err(e))),
        }
    }
    results
}

/// Runs the client-overhead program and returns its Markdown section.
pub fn client_overhead(root: &Path) -> Option<String> {
    eprintln!("client overhead (cargo run --release -p sdk-bench) ...");
    let output = Command::new("cargo")
        .args(["run", "--release", "-q", "-p", "sdk-bench"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("sdk-bench failed: {}", output.status);
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}
