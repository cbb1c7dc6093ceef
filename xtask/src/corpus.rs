//! `cargo xtask corpus DIR`: generate every spec under a folder and compile-check a sample.
//!
//! Generation runs in this process on `--jobs` threads. The compile check writes each sampled
//! crate into one throw-away cargo workspace (outside the project, under `--work`) and runs a
//! single `cargo check --keep-going` over it with one shared target dir, so dependencies are
//! built once and every crate's errors are attributed from cargo's JSON messages. The report (CSV)
//! has one row per spec; the last line printed is `corpus: N specs, G generated, C compiled`.
//!
//! This is a measurement, not a test: the collection is large and lives outside the repository
//! (see the README for how to install it).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask corpus DIR [--sample N] [--seed S] [--jobs J] [--check-minutes M] [--report FILE] [--work DIR]
  generates every spec (*.json, *.yaml, *.yml) under DIR, then compile-checks a seeded random
  sample of N specs (default 50; 0 skips the check) plus one spec for each generator warning class
  the sample does not already cover.
  --jobs J      generator threads and cargo jobs (default: available cores)
  --check-minutes M  stop the compile check after M minutes (after the crate in progress);
                the crates it did not reach are reported as not checked (default: no limit)
  --report FILE CSV report, one row per spec (default: WORK/report.csv)
  --work DIR    scratch folder for the check workspace and its target dir
                (default: $TMPDIR/openapi-rust-gen-corpus)";

/// Parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// Folder of specs.
    pub dir: PathBuf,
    /// How many specs to compile-check.
    pub sample: usize,
    /// Seed of the sample.
    pub seed: u64,
    /// Threads and cargo jobs.
    pub jobs: usize,
    /// Time budget of the compile check.
    pub check_budget: Option<Duration>,
    /// Where the CSV goes.
    pub report: Option<PathBuf>,
    /// Scratch folder.
    pub work: PathBuf,
}

/// Reads the command line; `Err` carries the message to print.
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut dir = None;
    let mut parsed = Args {
        dir: PathBuf::new(),
        sample: 50,
        seed: 1,
        jobs: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        check_budget: None,
        report: None,
        work: std::env::temp_dir().join("openapi-rust-gen-corpus"),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |name: &str, v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number, not `{v}`"))
        };
        match arg.as_str() {
            "--sample" => parsed.sample = number("--sample", value("--sample")?)? as usize,
            "--seed" => parsed.seed = number("--seed", value("--seed")?)?,
            "--jobs" => parsed.jobs = (number("--jobs", value("--jobs")?)? as usize).max(1),
            "--check-minutes" => {
                let minutes = number("--check-minutes", value("--check-minutes")?)?;
                parsed.check_budget = Some(Duration::from_secs(minutes * 60));
            }
            "--report" => parsed.report = Some(PathBuf::from(value("--report")?)),
            "--work" => parsed.work = PathBuf::from(value("--work")?),
            other if other.starts_with('-') => return Err(format!("unknown argument `{other}`")),
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(format!("only one DIR, not also `{other}`")),
        }
    }
    parsed.dir = dir.ok_or("the folder of specs (DIR) is missing")?;
    Ok(parsed)
}

/// What happened to one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Generated; not compile-checked.
    Generated,
    /// The generator refused the spec (its diagnostic).
    Failed(String),
    /// The generator panicked: always a bug.
    Panicked(String),
    /// Generated and `cargo check` passed.
    Compiled,
    /// Generated and `cargo check` failed (the first error).
    CompileFailed(String),
}

impl Outcome {
    fn name(&self) -> &'static str {
        match self {
            Outcome::Generated => "generated",
            Outcome::Failed(_) => "failed",
            Outcome::Panicked(_) => "panicked",
            Outcome::Compiled => "compiled",
            Outcome::CompileFailed(_) => "compile_failed",
        }
    }

    fn diagnostic(&self) -> &str {
        match self {
            Outcome::Generated | Outcome::Compiled => "",
            Outcome::Failed(d) | Outcome::Panicked(d) | Outcome::CompileFailed(d) => d,
        }
    }

    fn generated(&self) -> bool {
        matches!(
            self,
            Outcome::Generated | Outcome::Compiled | Outcome::CompileFailed(_)
        )
    }
}

/// One row of the report.
#[derive(Debug, Clone)]
struct Row {
    spec: String,
    version: String,
    outcome: Outcome,
    gen_ms: u128,
    lines: usize,
    files: usize,
    warnings: Vec<generator::Warning>,
    rustc_warnings: usize,
    /// SHA-256 over every generated file's path and bytes: equal across runs when the output is.
    output_sha256: String,
    /// The first error's message without its location (for grouping).
    message: String,
}

/// Command-line entry: returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return 2;
        }
    };
    match run(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let specs = find_specs(&args.dir)?;
    if specs.is_empty() {
        return Err(format!(
            "no *.json, *.yaml or *.yml file under {}",
            args.dir.display()
        ));
    }
    let mut rows = generate_all(&args.dir, &specs, args.jobs);
    let gen_time = started.elapsed();
    eprintln!(
        "generated {} specs in {:.1} s",
        specs.len(),
        gen_time.as_secs_f64()
    );

    let sample = choose_sample(&rows, args.sample, args.seed);
    if !sample.is_empty() {
        let check_started = Instant::now();
        compile_check(args, &specs, &mut rows, &sample)?;
        eprintln!(
            "compile-checked {} crates in {:.1} s",
            sample.len(),
            check_started.elapsed().as_secs_f64()
        );
    }

    let report = args
        .report
        .clone()
        .unwrap_or_else(|| args.work.join("report.csv"));
    write_report(&report, &rows)?;
    summarise(&rows, started.elapsed());
    eprintln!("report: {}", report.display());
    let generated = rows.iter().filter(|r| r.outcome.generated()).count();
    let compiled = rows
        .iter()
        .filter(|r| r.outcome == Outcome::Compiled)
        .count();
    println!(
        "corpus: {} specs, {generated} generated, {compiled} compiled",
        rows.len()
    );
    Ok(())
}

/// Every spec file under `dir`, sorted, as paths relative to `dir`.
fn find_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// The crate name a spec gets in the check workspace.
fn crate_name(index: usize) -> String {
    format!("corpus-{index:04}")
}

fn options(spec_display: &str, index: usize, runtime: &Path) -> generator::Options {
    crate::codegen::options(
        spec_display,
        &crate_name(index),
        runtime.display().to_string(),
        "",
        false,
    )
}

fn runtime_dir() -> PathBuf {
    let runtime = crate::codegen::project_root().join("runtime");
    runtime.canonicalize().unwrap_or(runtime)
}

/// Generates every spec on `jobs` threads; rows come back in spec order.
fn generate_all(dir: &Path, specs: &[PathBuf], jobs: usize) -> Vec<Row> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(vec![None; specs.len()]);
    let runtime = runtime_dir();
    let progress = Progress::new("generate", specs.len());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            // Deeply nested specs recurse deeply: give workers the main thread's headroom.
            let worker = std::thread::Builder::new().stack_size(64 << 20);
            let spawned = worker.spawn_scoped(scope, || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(spec) = specs.get(i) else { break };
                let row = generate_one(dir, spec, i, &runtime, None);
                if !row.outcome.generated() {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                if let Ok(mut rows) = rows.lock() {
                    rows[i] = Some(row);
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress.update(n, failed.load(Ordering::Relaxed));
            });
            if let Err(e) = spawned {
                eprintln!("warning: cannot start a worker thread: {e}");
            }
        }
    });
    progress.finish();
    let rows = rows.into_inner().unwrap_or_default();
    rows.into_iter()
        .zip(specs)
        .enumerate()
        .map(|(i, (row, spec))| {
            // A worker that never started leaves its specs to this thread.
            row.unwrap_or_else(|| generate_one(dir, spec, i, &runtime, None))
        })
        .collect()
}

/// Generates one spec; with `write_to`, also writes the crate there.
fn generate_one(
    dir: &Path,
    spec: &Path,
    index: usize,
    runtime: &Path,
    write_to: Option<&Path>,
) -> Row {
    let display = spec.display().to_string();
    let path = dir.join(spec);
    let version = spec_version(&path);
    let options = options(&display, index, runtime);
    let started = Instant::now();
    let result = std::panic::catch_unwind(|| generator::generate(&path, &options));
    let gen_ms = started.elapsed().as_millis();
    let mut row = Row {
        spec: display,
        version,
        outcome: Outcome::Generated,
        gen_ms,
        lines: 0,
        files: 0,
        warnings: Vec::new(),
        rustc_warnings: 0,
        output_sha256: String::new(),
        message: String::new(),
    };
    match result {
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".to_owned());
            row.message = format!("panic: {text}");
            row.outcome = Outcome::Panicked(row.message.clone());
        }
        Ok(Err(e)) => {
            row.message = e.message.clone();
            row.outcome = Outcome::Failed(e.to_string());
        }
        Ok(Ok(generated)) => {
            row.files = generated.files.len();
            row.lines = generated
                .files
                .iter()
                .map(|f| f.contents.lines().count())
                .sum();
            row.output_sha256 = output_hash(&generated.files);
            row.warnings = generated.warnings;
            if let Some(out) = write_to {
                if let Err(e) = generator::check_or_write(out, &generated.files, false) {
                    row.outcome = Outcome::Failed(format!("cannot write the crate: {e}"));
                    row.message = "cannot write the crate".to_owned();
                }
            }
        }
    }
    row
}

fn output_hash(files: &[generator::FormattedFile]) -> String {
    use sha2::{Digest as _, Sha256};
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update(file.contents.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// `3.0.3`, `3.1.0`, `2.0`... from the file's `openapi` (or `swagger`) field; empty if unreadable.
fn spec_version(path: &Path) -> String {
    #[derive(serde::Deserialize)]
    struct Head {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return String::new();
    };
    let head: Option<Head> = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).ok()
    } else {
        serde_yaml::from_str(&text).ok()
    };
    let plain = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    head.and_then(|h| h.openapi.or(h.swagger))
        .map(plain)
        .unwrap_or_default()
}

/// A small deterministic generator (the same sample for the same seed, everywhere).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Indices to compile-check: `n` specs drawn with `seed` from the whole list (so the sample does
/// not move when the generator changes), keeping those that generated, then one spec for every
/// generator warning class that the sample does not cover yet.
fn choose_sample(rows: &[Row], n: usize, seed: u64) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = SplitMix(seed);
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut chosen: BTreeSet<usize> = order
        .into_iter()
        .take(n)
        .filter(|&i| rows[i].outcome.generated())
        .collect();
    let mut covered: BTreeSet<String> = chosen
        .iter()
        .flat_map(|&i| rows[i].warnings.iter().map(|w| class_of(&w.message)))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        if !row.outcome.generated() {
            continue;
        }
        let classes: BTreeSet<String> = row.warnings.iter().map(|w| class_of(&w.message)).collect();
        if classes.iter().any(|c| !covered.contains(c)) {
            chosen.insert(i);
            covered.extend(classes);
        }
    }
    chosen.into_iter().collect()
}

/// A message with its specifics (quoted names, numbers) blanked, for grouping.
pub fn class_of(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None if matches!(c, '`' | '"' | '\'') => {
                quote = Some(c);
                out.push(c);
                out.push('…');
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            None => out.push(c),
        }
    }
    // The first line is the class; long tails (type lists, snippets) are examples, not classes.
    let first = out.lines().next().unwrap_or("").trim();
    first.chars().take(140).collect()
}

/// Writes the sampled crates into one workspace and runs `cargo check` over all of them.
fn compile_check(
    args: &Args,
    specs: &[PathBuf],
    rows: &mut [Row],
    sample: &[usize],
) -> Result<(), String> {
    let ws = args.work.join("ws");
    let members = write_sample_workspace(args, specs, rows, sample, &ws)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut child = std::process::Command::new(cargo)
        .args([
            "check",
            "--workspace",
            // Large specs are split per tag with no feature on by default: check everything.
            "--all-features",
            "--keep-going",
            "--message-format=json",
        ])
        .arg(format!("-j{}", args.jobs))
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", args.work.join("target"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = child.stderr.take();
    let stderr_tail = std::thread::spawn(move || {
        let mut tail = std::collections::VecDeque::new();
        if let Some(stderr) = stderr {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                tail.push_back(line);
                if tail.len() > 40 {
                    tail.pop_front();
                }
            }
        }
        Vec::from(tail)
    });
    let deadline = args.check_budget.map(|budget| Instant::now() + budget);
    let mut state = match child.stdout.take() {
        Some(stdout) => read_check_events(stdout, &members, deadline),
        None => BTreeMap::new(),
    };
    if deadline.is_some_and(|d| Instant::now() >= d) {
        eprintln!("check: the time budget is spent; cargo is stopped");
        // It may have finished on its own meanwhile.
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| format!("cargo did not finish: {e}"))?;
    let tail = stderr_tail.join().unwrap_or_default();
    for &i in &members {
        record_check(&mut rows[i], state.remove(&i).unwrap_or_default());
    }
    if !status.success() && rows.iter().all(|r| r.outcome != Outcome::Compiled) {
        return Err(format!(
            "cargo check failed before checking any crate:\n{}",
            tail.join("\n")
        ));
    }
    Ok(())
}

/// Generates the sampled specs as members of one workspace at `ws`; returns the indices of
/// the specs that generated (the others keep their failure in `rows`).
fn write_sample_workspace(
    args: &Args,
    specs: &[PathBuf],
    rows: &mut [Row],
    sample: &[usize],
    ws: &Path,
) -> Result<Vec<usize>, String> {
    prepare_workspace(ws)?;
    let runtime = runtime_dir();
    let mut members = Vec::new();
    for &i in sample {
        let out = ws.join(crate_name(i));
        let row = generate_one(&args.dir, &specs[i], i, &runtime, Some(&out));
        if row.outcome.generated() {
            members.push(i);
        } else {
            rows[i] = row;
        }
    }
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for &i in &members {
        manifest.push_str(&format!("    \"{}\",\n", crate_name(i)));
    }
    manifest.push_str("]\n");
    write_file(&ws.join("Cargo.toml"), &manifest)?;
    // Start from the project's lock file: the same dependency versions, no registry lookups.
    let lock = crate::codegen::project_root().join("Cargo.lock");
    if let Ok(bytes) = std::fs::read(&lock) {
        write_file(&ws.join("Cargo.lock"), &String::from_utf8_lossy(&bytes))?;
    }
    Ok(members)
}

/// Reads cargo's JSON messages and attributes errors, warnings and artifacts to each crate,
/// with a progress line.
/// Stops reading (the caller stops cargo) once `deadline` has passed.
fn read_check_events(
    stdout: impl std::io::Read,
    members: &[usize],
    deadline: Option<Instant>,
) -> BTreeMap<usize, CrateState> {
    // Each crate's own lib target, and those of the crates generated beside it (`-types`,
    // `-client`, `-extra-types`), whose errors and warnings are the crate's too; only the
    // crate's own artifact marks it done.
    let mut index_of: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for &i in members {
        let lib = crate_name(i).replace('-', "_");
        for sibling in ["_types", "_client", "_extra_types"] {
            index_of.insert(format!("{lib}{sibling}"), (i, false));
        }
        index_of.insert(lib, (i, true));
    }
    let mut state: BTreeMap<usize, CrateState> = BTreeMap::new();
    let progress = Progress::new("check", members.len());
    let (mut finished, mut broken) = (0, 0);
    for line in std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
    {
        let Some(event) = CargoEvent::parse(&line) else {
            continue;
        };
        let Some(&(i, own)) = index_of.get(&event.target) else {
            continue;
        };
        let entry = state.entry(i).or_default();
        match event.kind {
            EventKind::Error(text) => {
                if entry.first_error.is_none() {
                    entry.first_error = Some(text);
                    broken += 1;
                }
            }
            EventKind::Warning => entry.warnings += 1,
            EventKind::Artifact if own => {
                entry.done = true;
                finished += 1;
            }
            EventKind::Artifact => {}
        }
        progress.update(finished + broken, broken);
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }
    progress.finish();
    state
}

/// One crate's outcome from what cargo said about it.
fn record_check(row: &mut Row, s: CrateState) {
    row.rustc_warnings = s.warnings;
    row.outcome = match (s.first_error, s.done) {
        (None, true) => Outcome::Compiled,
        (Some(error), _) => {
            row.message = error.lines().next().unwrap_or("").to_owned();
            Outcome::CompileFailed(error)
        }
        // Cargo stopped (the time budget, or an error elsewhere) before this crate: it is
        // not counted as checked either way.
        (None, false) => {
            row.message = "not compile-checked: cargo stopped before this crate".to_owned();
            Outcome::Generated
        }
    };
}

#[derive(Default)]
struct CrateState {
    first_error: Option<String>,
    warnings: usize,
    done: bool,
}

enum EventKind {
    Error(String),
    Warning,
    Artifact,
}

/// The parts of one `cargo --message-format=json` line the runner uses.
struct CargoEvent {
    /// The lib target's name (the crate name with `_`).
    target: String,
    kind: EventKind,
}

impl CargoEvent {
    fn parse(line: &str) -> Option<CargoEvent> {
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        let target = value.pointer("/target/name")?.as_str()?.to_owned();
        let kind = match value.get("reason")?.as_str()? {
            "compiler-artifact" => EventKind::Artifact,
            "compiler-message" => {
                let message = value.get("message")?;
                match message.get("level")?.as_str()? {
                    "error" => {
                        let text = message
                            .get("rendered")
                            .and_then(|r| r.as_str())
                            .or_else(|| message.get("message").and_then(|m| m.as_str()))
                            .unwrap_or("error");
                        EventKind::Error(text.trim_end().to_owned())
                    }
                    "warning" => {
                        let summary = message.get("message").and_then(|m| m.as_str());
                        // "N warnings emitted" is a count, not a warning of its own.
                        if summary.is_some_and(|m| m.ends_with("warnings emitted")) {
                            return None;
                        }
                        EventKind::Warning
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(CargoEvent { target, kind })
    }
}

/// Empties the check workspace (only a folder this runner made, recognised by its marker).
fn prepare_workspace(ws: &Path) -> Result<(), String> {
    const MARKER: &str = ".openapi-rust-gen-corpus";
    if ws.exists() {
        if !ws.join(MARKER).exists() {
            return Err(format!(
                "{} exists and was not made by this runner; choose another --work",
                ws.display()
            ));
        }
        std::fs::remove_dir_all(ws).map_err(|e| format!("cannot empty {}: {e}", ws.display()))?;
    }
    std::fs::create_dir_all(ws).map_err(|e| format!("cannot create {}: {e}", ws.display()))?;
    write_file(&ws.join(MARKER), "made by `cargo xtask corpus`\n")
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    generator::write::write_atomic(path, contents.as_bytes()).map_err(|e| e.to_string())
}

/// One CSV field, quoted when it needs to be.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn write_report(path: &Path, rows: &[Row]) -> Result<(), String> {
    let mut out = String::from(
        "spec,version,outcome,gen_ms,files,lines,warnings,rustc_warnings,output_sha256,first_warning,diagnostic\n",
    );
    for row in rows {
        let fields = [
            row.spec.clone(),
            row.version.clone(),
            row.outcome.name().to_owned(),
            row.gen_ms.to_string(),
            row.files.to_string(),
            row.lines.to_string(),
            row.warnings.len().to_string(),
            row.rustc_warnings.to_string(),
            row.output_sha256.clone(),
            row.warnings
                .first()
                .map(|w| w.to_string())
                .unwrap_or_default(),
            row.outcome.diagnostic().to_owned(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    write_file(path, &out)
}

/// Per-version rates and the most common failure and warning classes, each with an example.
fn summarise(rows: &[Row], elapsed: Duration) {
    let mut by_version: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for row in rows {
        let key: String = row.version.chars().take(3).collect();
        let entry = by_version.entry(key).or_default();
        entry.0 += 1;
        entry.1 += usize::from(row.outcome.generated());
    }
    for (version, (total, ok)) in &by_version {
        let version = if version.is_empty() { "?" } else { version };
        println!(
            "OpenAPI {version}: {ok}/{total} generated ({:.1}%)",
            percent(*ok, *total)
        );
    }
    let checked: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Compiled | Outcome::CompileFailed(_)))
        .collect();
    if !checked.is_empty() {
        let ok = checked
            .iter()
            .filter(|r| r.outcome == Outcome::Compiled)
            .count();
        let clean = checked
            .iter()
            .filter(|r| r.outcome == Outcome::Compiled && r.rustc_warnings == 0)
            .count();
        println!(
            "sample: {ok}/{} compiled ({:.1}%), {clean} without rustc warnings",
            checked.len(),
            percent(ok, checked.len())
        );
    }
    let failures = rows
        .iter()
        .filter(|r| !r.outcome.generated() || matches!(r.outcome, Outcome::CompileFailed(_)))
        .map(|r| (format!("{}: {}", r.outcome.name(), class_of(&r.message)), r));
    print_classes("failure classes", failures);
    let warnings = rows
        .iter()
        .flat_map(|r| r.warnings.iter().map(move |w| (class_of(&w.message), r)));
    print_classes("generator warning classes", warnings);
    let slowest = rows.iter().max_by_key(|r| r.gen_ms);
    if let Some(slow) = slowest {
        println!(
            "slowest generation: {} ms ({}); wall time {:.1} s",
            slow.gen_ms,
            slow.spec,
            elapsed.as_secs_f64()
        );
    }
}

fn print_classes<'a>(title: &str, items: impl Iterator<Item = (String, &'a Row)>) {
    let mut classes: BTreeMap<String, (usize, &Row)> = BTreeMap::new();
    for (class, row) in items {
        classes.entry(class).or_insert((0, row)).0 += 1;
    }
    if classes.is_empty() {
        return;
    }
    let mut sorted: Vec<_> = classes.into_iter().collect();
    sorted.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    println!("top {title}:");
    for (class, (count, example)) in sorted.into_iter().take(12) {
        println!("  {count:>5}  {class}\n         e.g. {}", example.spec);
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A one-line progress display on a terminal, a line per tenth otherwise.
struct Progress {
    what: &'static str,
    total: usize,
    tty: bool,
    started: Instant,
    last: Mutex<(Instant, usize)>,
}

impl Progress {
    fn new(what: &'static str, total: usize) -> Self {
        Progress {
            what,
            total,
            tty: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: Mutex::new((Instant::now(), 0)),
        }
    }

    fn update(&self, done: usize, failed: usize) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let tenth = (self.total / 10).max(1);
        let due = if self.tty {
            last.0.elapsed() >= Duration::from_millis(200) || done == self.total
        } else {
            done / tenth > last.1 / tenth || done == self.total
        };
        if !due {
            return;
        }
        *last = (Instant::now(), done);
        let line = format!(
            "{}: {done}/{} ({failed} failed, {:.0} s)",
            self.what,
            self.total,
            self.started.elapsed().as_secs_f64()
        );
        let mut err = std::io::stderr().lock();
        let _ = if self.tty {
            write!(err, "\r{line}\x1b[K")
        } else {
            writeln!(err, "{line}")
        };
    }

    fn finish(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_and_refused_clearly() {
        let args: Vec<String> = ["specs", "--sample", "7", "--seed", "3", "--jobs", "2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let parsed = parse_args(&args).expect("valid");
        assert_eq!(parsed.dir, PathBuf::from("specs"));
        assert_eq!((parsed.sample, parsed.seed, parsed.jobs), (7, 3, 2));
        assert_eq!(parsed.check_budget, None);
        let budget = parse_args(&["d".into(), "--check-minutes".into(), "5".into()])
            .expect("valid")
            .check_budget;
        assert_eq!(budget, Some(Duration::from_secs(300)));
        assert!(parse_args(&["--sample".into()]).is_err());
        assert!(parse_args(&["d".into(), "--sample".into(), "x".into()])
            .unwrap_err()
            .contains("`x`"));
        assert!(parse_args(&[]).unwrap_err().contains("DIR"));
        assert!(parse_args(&["d".into(), "--bogus".into()]).is_err());
    }

    #[test]
    fn classes_blank_out_names_and_numbers() {
        assert_eq!(
            class_of("`Pet` has 3 fields named 'x' at \"y\"\nsecond line"),
            "`…` has N fields named '…' at \"…\""
        );
    }

    #[test]
    fn cargo_messages_are_attributed_to_their_crate() {
        let error = r#"{"reason":"compiler-message","target":{"name":"corpus_0003"},"message":{"level":"error","message":"bad","rendered":"error[E0412]: cannot find type\n"}}"#;
        let event = CargoEvent::parse(error).expect("parsed");
        assert_eq!(event.target, "corpus_0003");
        assert!(
            matches!(event.kind, EventKind::Error(ref t) if t == "error[E0412]: cannot find type")
        );
        let count = r#"{"reason":"compiler-message","target":{"name":"c"},"message":{"level":"warning","message":"2 warnings emitted"}}"#;
        assert!(CargoEvent::parse(count).is_none());
        let done = r#"{"reason":"compiler-artifact","target":{"name":"c"}}"#;
        assert!(matches!(
            CargoEvent::parse(done).map(|e| e.kind),
            Some(EventKind::Artifact)
        ));
    }

    #[test]
    fn the_crates_generated_beside_a_crate_count_as_that_crate() {
        let lines = [
            // Crate 3: its types crate compiles, its extra types fail, so it never compiles.
            r#"{"reason":"compiler-artifact","target":{"name":"corpus_0003_types"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"corpus_0003_extra_types"},"message":{"level":"warning","message":"unused"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"corpus_0003_extra_types"},"message":{"level":"error","message":"bad","rendered":"error: bad"}}"#,
            // Crate 5: a warning in its client crate, then its own artifact.
            r#"{"reason":"compiler-message","target":{"name":"corpus_0005_client"},"message":{"level":"warning","message":"unused"}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"corpus_0005_client"}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"corpus_0005"}}"#,
            // Not a crate of the sample.
            r#"{"reason":"compiler-artifact","target":{"name":"serde"}}"#,
        ]
        .join("\n");
        let state = read_check_events(lines.as_bytes(), &[3, 5], None);
        let three = &state[&3];
        assert_eq!(three.first_error.as_deref(), Some("error: bad"));
        assert_eq!((three.warnings, three.done), (1, false));
        let five = &state[&5];
        assert_eq!(five.first_error, None);
        assert_eq!((five.warnings, five.done), (1, true));
        assert_eq!(state.len(), 2);
    }

    #[test]
    fn a_crate_cargo_did_not_reach_is_not_counted_as_checked() {
        let mut row = Row {
            spec: "a.json".into(),
            version: "3.0.3".into(),
            outcome: Outcome::Generated,
            gen_ms: 1,
            lines: 1,
            files: 1,
            warnings: Vec::new(),
            rustc_warnings: 0,
            output_sha256: String::new(),
            message: String::new(),
        };
        record_check(&mut row, CrateState::default());
        assert_eq!(row.outcome, Outcome::Generated);
        assert!(row.message.starts_with("not compile-checked"));
        record_check(
            &mut row,
            CrateState {
                done: true,
                ..CrateState::default()
            },
        );
        assert_eq!(row.outcome, Outcome::Compiled);
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
    }
}
