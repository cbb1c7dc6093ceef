//! The other OpenAPI-to-Rust generators, run as a user runs them, on the same specs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A peer generator and how to invoke it.
#[derive(Debug, Clone)]
pub struct Peer {
    /// Name in reports.
    pub name: &'static str,
    /// The executable found for it.
    pub program: PathBuf,
    /// Arguments before the spec/output arguments (e.g. `progenitor` for `cargo-progenitor`).
    kind: PeerKind,
}

#[derive(Debug, Clone, Copy)]
enum PeerKind {
    Progenitor,
    OpenapiToRust,
    OpenapiGenerator,
}

/// What one run of a peer produced.
#[derive(Debug, Clone)]
pub struct PeerRun {
    /// Wall time of the whole command (process start to exit), median over the runs made.
    pub time: Duration,
    /// Lines of Rust the peer wrote (0 when it failed).
    pub lines: usize,
    /// `None` when the peer succeeded; else the last line of its error output.
    pub failure: Option<String>,
}

/// Finds each peer under `dir` (as installed by `bench/setup-peers.sh`) or on `PATH`.
pub fn discover(dir: Option<&Path>) -> Vec<Peer> {
    let candidates: [(&'static str, &str, PeerKind); 3] = [
        ("progenitor", "cargo-progenitor", PeerKind::Progenitor),
        (
            "openapi-to-rust",
            "openapi-to-rust",
            PeerKind::OpenapiToRust,
        ),
        (
            "openapi-generator",
            "openapi-generator-cli",
            PeerKind::OpenapiGenerator,
        ),
    ];
    let mut found = Vec::new();
    for (name, exe, kind) in candidates {
        let mut places: Vec<PathBuf> = Vec::new();
        if let Some(dir) = dir {
            places.push(dir.join("bin").join(exe));
            places.push(dir.join("venv/bin").join(exe));
        }
        if let Some(path) = std::env::var_os("PATH") {
            places.extend(std::env::split_paths(&path).map(|p| p.join(exe)));
        }
        if let Some(program) = places.into_iter().find(|p| p.is_file()) {
            found.push(Peer {
                name,
                program,
                kind,
            });
        }
    }
    found
}

impl Peer {
    fn command(&self, spec: &Path, out: &Path) -> Command {
        let mut cmd = Command::new(&self.program);
        match self.kind {
            PeerKind::Progenitor => {
                cmd.arg("progenitor")
                    .arg("-i")
                    .arg(spec)
                    .arg("-o")
                    .arg(out)
                    .args(["-n", "bench-peer", "-v", "0.1.0"]);
            }
            PeerKind::OpenapiToRust => {
                cmd.arg("generate")
                    .arg(spec)
                    .arg("--output-dir")
                    .arg(out)
                    .arg("--quiet");
            }
            PeerKind::OpenapiGenerator => {
                cmd.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                    .arg(spec)
                    .arg("-o")
                    .arg(out)
                    .args(["--additional-properties", "packageName=bench_peer"]);
            }
        }
        cmd
    }

    /// One timed run into a fresh folder, removed afterwards: the wall time and the lines of
    /// Rust written, or the time and the last line of the error output.
    pub fn run_once(
        &self,
        spec: &Path,
        scratch: &Path,
        run: usize,
    ) -> Result<(Duration, usize), (Duration, String)> {
        let out = scratch.join(format!("{}-{run}", self.name));
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        let result = self.run_keep(spec, &out);
        let elapsed = started.elapsed();
        let lines = if result.is_ok() { rust_lines(&out) } else { 0 };
        let _ = std::fs::remove_dir_all(&out);
        result.map(|()| (elapsed, lines)).map_err(|f| (elapsed, f))
    }
}

/// A peer's runs on one spec so far.
#[derive(Debug, Default)]
pub struct Tally {
    times: Vec<Duration>,
    lines: usize,
    failure: Option<(Duration, String)>,
}

impl Tally {
    /// Whether the peer runs again: as often as ours (`runs`) while a run takes under a second
    /// (short runs are the noisy ones, and the ratio to ours on small specs depends on them);
    /// 3 times when runs take longer; once when a run takes over 20 s; never after a failure.
    pub fn wants_another(&self, runs: usize) -> bool {
        if self.failure.is_some() {
            return false;
        }
        match self.times.last() {
            None => true,
            Some(last) => {
                self.times.len() < runs.max(1)
                    && *last <= Duration::from_secs(20)
                    && !(self.times.len() >= 3 && *last > Duration::from_secs(1))
            }
        }
    }

    /// Adds one run's outcome.
    pub fn add(&mut self, outcome: Result<(Duration, usize), (Duration, String)>) {
        match outcome {
            Ok((time, lines)) => {
                self.times.push(time);
                self.lines = lines;
            }
            Err(failure) => self.failure = Some(failure),
        }
    }

    /// The median run, or the failure.
    pub fn finish(mut self) -> PeerRun {
        if let Some((time, failure)) = self.failure {
            return PeerRun {
                time,
                lines: 0,
                failure: Some(failure),
            };
        }
        self.times.sort();
        PeerRun {
            time: self
                .times
                .get(self.times.len() / 2)
                .copied()
                .unwrap_or_default(),
            lines: self.lines,
            failure: None,
        }
    }
}

impl Peer {
    /// Runs the peer once into `out` and leaves the output there.
    pub fn run_keep(&self, spec: &Path, out: &Path) -> Result<(), String> {
        let output = self
            .command(spec, out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("could not start: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(last_line(&output.stderr))
        }
    }
}

fn last_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A panic says what went wrong on the line after "panicked at"; an error on its own line;
    // only then is the last line (often a backtrace hint) worth showing.
    let line = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .map(|at| format!("panic: {}", lines.get(at + 1).copied().unwrap_or(lines[at])))
        .or_else(|| {
            lines
                .iter()
                .find(|l| {
                    l.starts_with("error") || l.starts_with("Error") || l.contains("Exception")
                })
                .map(|l| (*l).to_owned())
        })
        .or_else(|| lines.last().map(|l| (*l).to_owned()))
        .unwrap_or_else(|| "failed without a message".to_owned());
    line.chars().take(160).collect()
}

/// Lines in every `.rs` file under `dir`.
pub fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += rust_lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    total
}
