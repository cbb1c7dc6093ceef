//! `cargo xtask bench [DIR...]`: how long generation takes, per spec (median of 5 runs).
//!
//! With no argument it measures the project's own specs; give folders of public specs (YAML or
//! JSON) to measure those. Run it in release mode for figures worth comparing:
//! `cargo run --release -p xtask -- bench DIR`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn specs_in(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    found.sort();
    for path in found {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "yaml" | "yml" | "json") {
            out.push(path);
        }
    }
}

/// Command-line entry: returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let root = crate::codegen::project_root();
    let mut specs = Vec::new();
    if args.is_empty() {
        specs_in(&root.join("spec"), &mut specs);
        specs_in(&root.join("generator/tests/fixtures"), &mut specs);
        specs.retain(|p| !p.ends_with("fidelity-allow.yaml"));
    } else {
        for arg in args {
            specs_in(Path::new(arg), &mut specs);
        }
    }
    println!(
        "{:<48} {:>10} {:>9} {:>7} {:>9}",
        "spec", "median", "lines", "files", "warnings"
    );
    let mut failures = 0;
    for spec in &specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let options = crate::codegen::options(&name, "bench-sdk", "../runtime".into(), "", true);
        let mut times: Vec<Duration> = Vec::new();
        let mut last = None;
        for _ in 0..RUNS {
            let started = Instant::now();
            let result = generator::generate(spec, &options);
            times.push(started.elapsed());
            last = Some(result);
        }
        times.sort();
        let median = times[RUNS / 2];
        match last {
            Some(Ok(generated)) => {
                let lines: usize = generated
                    .files
                    .iter()
                    .map(|f| f.contents.lines().count())
                    .sum();
                println!(
                    "{name:<48} {:>8.1}ms {lines:>9} {:>7} {:>9}",
                    median.as_secs_f64() * 1000.0,
                    generated.files.len(),
                    generated.warnings.len()
                );
            }
            Some(Err(e)) => {
                failures += 1;
                println!(
                    "{name:<48} {:>8.1}ms  error: {e}",
                    median.as_secs_f64() * 1000.0
                );
            }
            None => {}
        }
    }
    i32::from(failures > 0)
}
