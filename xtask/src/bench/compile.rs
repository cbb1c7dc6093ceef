//! What users compile: `cargo check` and `cargo build` of each generated crate with its
//! dependencies prebuilt, and the client's per-request overhead (the `sdk-bench` program).

use super::peers::Peer;
use generator::model::Features;
use std::path::Path;
use std::process::{Command, Stdio};

/// What is measured of a generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cargo {
    /// `cargo check`: what an editor and every edit-compile round wait for.
    Check,
    /// `cargo build` (dev profile): what running the tests or the program waits for.
    Build,
}

impl Cargo {
    /// The cargo subcommand.
    pub fn command(self) -> &'static str {
        match self {
            Cargo::Check => "check",
            Cargo::Build => "build",
        }
    }
}

/// Time and peak memory of one `cargo check` or `cargo build` of a generated crate alone.
#[derive(Debug, Clone, Copy)]
pub struct CheckCost {
    /// Wall seconds.
    pub seconds: f64,
    /// Peak resident memory of the largest process (rustc), KiB.
    pub peak_kib: u64,
    /// Peak of the resident memory of every rustc running at once, KiB: what the machine needs
    /// when cargo checks crates side by side (sampled, see [`RustcMemory`]).
    pub together_kib: u64,
}

/// Samples the resident memory of every running rustc, summed, every 50 ms, and keeps the
/// largest sum. It reads `/proc`, so it counts every rustc on the machine: the bench runs
/// alone. A process shorter than a sample may be missed; the largest ones run for seconds.
struct RustcMemory {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: std::thread::JoinHandle<u64>,
}

impl RustcMemory {
    fn start() -> Self {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let sampler = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rustc_resident_kib());
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            peak
        });
        RustcMemory { stop, sampler }
    }

    /// Stops sampling; the largest sum seen, KiB.
    fn finish(self) -> u64 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.sampler.join().unwrap_or(0)
    }
}

/// The resident memory of every process named `rustc` (clippy's driver included), summed, KiB.
fn rustc_resident_kib() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut total = 0;
    for entry in entries.filter_map(Result::ok) {
        let dir = entry.path();
        let is_pid = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if !is_pid {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(dir.join("status")) else {
            continue;
        };
        let name = status.lines().find_map(|l| l.strip_prefix("Name:"));
        if !name.is_some_and(|n| matches!(n.trim(), "rustc" | "clippy-driver")) {
            continue;
        }
        total += status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
    }
    total
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
        Some(peer) => {
            peer.run_keep(spec, out)?;
            if out.join("Cargo.toml").exists() {
                Ok(())
            } else {
                mount_module_tree(out)
            }
        }
    }
}

/// Package name of a peer's module tree once it is mounted in a crate of its own.
const MOUNTED_PACKAGE: &str = "bench-peer-module-tree";

/// openapi-to-rust writes no crate: a module tree (`mod.rs`, `client.rs`, `types.rs`) to mount
/// in the user's crate, and the dependencies it needs as a `[dependencies]` fragment
/// (`REQUIRED_DEPS.toml`) to append to the user's `Cargo.toml`. It is checked the way its users
/// compile it: the tree moves to `src/api/`, `src/lib.rs` declares `pub mod api;`, and the
/// manifest is a `[package]` followed by that fragment as written. Edition 2024: its code uses
/// `let` chains, which earlier editions reject.
fn mount_module_tree(out: &Path) -> Result<(), String> {
    let fragment = std::fs::read_to_string(out.join("REQUIRED_DEPS.toml"))
        .map_err(|_| "no Cargo.toml, and no REQUIRED_DEPS.toml to make one from".to_owned())?;
    if !out.join("mod.rs").is_file() {
        return Err("no Cargo.toml, and no mod.rs to mount".into());
    }
    let io = |what: &str, e: std::io::Error| format!("mounting the module tree: {what}: {e}");
    let api = out.join("src").join("api");
    std::fs::create_dir_all(&api).map_err(|e| io("src/api", e))?;
    let entries = std::fs::read_dir(out).map_err(|e| io("listing", e))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|x| x == "rs") {
            std::fs::rename(&path, api.join(entry.file_name())).map_err(|e| io("moving", e))?;
        }
    }
    std::fs::write(out.join("src").join("lib.rs"), "pub mod api;\n")
        .map_err(|e| io("src/lib.rs", e))?;
    let manifest = format!(
        "[package]\nname = \"{MOUNTED_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n{fragment}"
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| io("Cargo.toml", e))
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

/// The feature sets measured for a crate split per tag: every feature, every operation
/// (`full`, without the types no operation uses), and a typical use (GitHub's `repos` and
/// `issues`, else the first two tags).
fn feature_sets(dir: &Path) -> Vec<(String, Vec<String>)> {
    let features = features_of(dir);
    // Only our split crates (`full` and one feature per tag); peers' crates are checked as is.
    let (full, extra) = (Features::ALL, Features::EXTRA_TYPES);
    if !features.iter().any(|f| f == full) {
        return vec![(String::new(), Vec::new())];
    }
    let tags: Vec<&String> = features
        .iter()
        .filter(|f| *f != full && *f != extra)
        .collect();
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
            format!(" (every operation: {full})"),
            vec!["--features".to_owned(), full.to_owned()],
        ),
        (
            format!(" (features {})", typical.join(", ")),
            vec!["--features".to_owned(), typical.join(",")],
        ),
    ]
}

/// Builds (or checks) the dependencies (with no feature of a split crate), then measures one
/// `cargo check` or `cargo build` per entry of `sets` with the crate itself (and its types
/// crate, when it has one) cleaned before each.
fn cargo_measure(
    dir: &Path,
    target: &Path,
    sets: &[(String, Vec<String>)],
    what: Cargo,
) -> Result<Vec<(String, CheckCost)>, String> {
    let name = package_name(dir).ok_or("no package name in the generated Cargo.toml")?;
    // Our crate with crates beside it (`types/`, `client/`, `extra_types/`): all are the
    // generated code, measured together.
    let mut packages = vec![name];
    for sibling in ["types", "client", "extra_types"] {
        packages.extend(package_name(&dir.join(sibling)));
    }
    let split = sets.iter().any(|(_, flags)| !flags.is_empty());
    // Dependencies only: a split crate with no feature on is its small core; any other crate's
    // library is swapped for an empty one meanwhile, so that a large crate is not checked twice.
    let lib = dir.join("src").join("lib.rs");
    let aside = dir.join("src").join("lib.rs.bench-aside");
    let swapped = !split && std::fs::rename(&lib, &aside).is_ok();
    if swapped {
        std::fs::write(&lib, "").map_err(|e| format!("empty src/lib.rs: {e}"))?;
    }
    let warm = Command::new("cargo")
        .arg(what.command())
        .args(split.then_some("--no-default-features"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    if swapped {
        std::fs::rename(&aside, &lib).map_err(|e| format!("restoring src/lib.rs: {e}"))?;
    }
    let warm = warm.map_err(|e| e.to_string())?;
    if !warm.status.success() {
        let text = String::from_utf8_lossy(&warm.stderr);
        let first = text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("cargo failed on the dependencies");
        return Err(first.chars().take(160).collect());
    }
    let mut costs = Vec::new();
    for (label, flags) in sets {
        let _ = Command::new("cargo")
            .arg("clean")
            .args(packages.iter().flat_map(|p| ["-p", p.as_str()]))
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let memory = RustcMemory::start();
        let timed = Command::new("/usr/bin/time")
            .args(["-f", "BENCH %e %M", "cargo", what.command()])
            .args(flags)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("/usr/bin/time: {e}"));
        let together_kib = memory.finish();
        let timed = timed?;
        let text = String::from_utf8_lossy(&timed.stderr);
        if !timed.status.success() {
            let first = text
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("cargo failed");
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
        costs.push((
            label.clone(),
            CheckCost {
                seconds,
                peak_kib,
                // The sampler may miss a short process that `time` saw.
                together_kib: together_kib.max(peak_kib),
            },
        ));
    }
    Ok(costs)
}

/// Generates the crate with us and with each peer, then checks (or builds) each one.
pub fn measure_all(
    spec: &Path,
    scratch: &Path,
    peers: &[Peer],
    what: Cargo,
) -> Vec<(String, Result<CheckCost, String>)> {
    // Checked and built dependencies are different artifacts: one target folder each.
    let target = scratch.join(format!("{}-target", what.command()));
    let mut results = Vec::new();
    let Ok(exe) = std::env::current_exe() else {
        return results;
    };
    let mut who: Vec<(String, Option<&Peer>)> = vec![("ours".to_owned(), None)];
    who.extend(peers.iter().map(|p| (p.name.to_owned(), Some(p))));
    for (name, peer) in who {
        eprintln!("  cargo {} ({name}) ...", what.command());
        let out = scratch.join(format!("{}-{name}", what.command()));
        let costs = generate(&exe, peer, spec, &out)
            .and_then(|()| cargo_measure(&out, &target, &feature_sets(&out), what));
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
///
/// The benchmark is built with cargo's default release settings, not this workspace's (fat
/// LTO, one codegen unit, which are for the generator): an application that depends on a
/// generated SDK builds it with its own profile, most often the default. It gets a target
/// folder of its own, so that switching settings does not rebuild the workspace's.
pub fn client_overhead(root: &Path) -> Option<String> {
    eprintln!("client overhead (cargo run --release -p sdk-bench, default release settings) ...");
    let output = Command::new("cargo")
        .args(["run", "--release", "-q", "-p", "sdk-bench"])
        .current_dir(root)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_TARGET_DIR", root.join("target").join("client-bench"))
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("sdk-bench failed: {}", output.status);
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_tree_is_mounted_in_a_crate_with_its_dependency_fragment() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("mod.rs"), "pub mod client;\n").unwrap();
        std::fs::write(out.join("client.rs"), "pub struct Client;\n").unwrap();
        let fragment = "# what the tree needs\n[dependencies]\nserde = \"1\"\n";
        std::fs::write(out.join("REQUIRED_DEPS.toml"), fragment).unwrap();
        mount_module_tree(out).unwrap();
        assert_eq!(package_name(out).as_deref(), Some(MOUNTED_PACKAGE));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.ends_with(fragment), "{manifest}");
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "pub mod api;\n"
        );
        assert!(out.join("src/api/mod.rs").is_file());
        assert!(out.join("src/api/client.rs").is_file());
        assert!(!out.join("mod.rs").exists());
    }

    /// A crate split per tag is measured whole, with every operation (`full`, which leaves
    /// the types no operation uses off), and with two groups; `extra_types` is no group.
    #[test]
    fn a_split_crate_is_measured_whole_with_every_operation_and_with_two_groups() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"x\"\n\n[features]\ndefault = []\nfull = [\"alpha\", \"beta\", \"gamma\"]\nextra_types = []\nalpha = []\nbeta = []\ngamma = []\n",
        )
        .unwrap();
        let sets = feature_sets(dir.path());
        let flags: Vec<(&str, Vec<&str>)> = sets
            .iter()
            .map(|(label, flags)| (label.as_str(), flags.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            flags,
            [
                (" (all features)", vec!["--all-features"]),
                (" (every operation: full)", vec!["--features", "full"]),
                (" (features alpha, beta)", vec!["--features", "alpha,beta"]),
            ]
        );
    }

    #[test]
    fn output_that_is_neither_a_crate_nor_a_module_tree_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = mount_module_tree(dir.path()).unwrap_err();
        assert!(err.contains("REQUIRED_DEPS.toml"), "{err}");
        std::fs::write(dir.path().join("REQUIRED_DEPS.toml"), "[dependencies]\n").unwrap();
        let err = mount_module_tree(dir.path()).unwrap_err();
        assert!(err.contains("mod.rs"), "{err}");
    }
}
