//! Turns an OpenAPI 3.0 or 3.1 document into a Rust SDK crate.
//!
//! The pipeline has one module per stage:
//! [`load`] (YAML/JSON -> document) -> [`model`] (document -> intermediate representation) ->
//! [`emit`] (model -> token streams) -> [`format`](mod@format) (prettyplease + header) -> [`write`](mod@write)
//! (check against disk, or write atomically).
//!
//! Every failure is an [`Error`] naming the spec file and the JSON pointer of the node at fault;
//! nothing reachable from input panics.

pub mod bundle;
pub mod emit;
pub mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod progress;
mod repair;
pub mod source_map;
pub mod write;

pub use emit::ManifestOptions;
pub use error::{Error, Warning};
pub use format::FormattedFile;
pub use progress::Progress;

use std::path::Path;
use std::time::{Duration, Instant};

/// What to generate and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Manifest settings (crate name, runtime path, ...).
    pub manifest: ManifestOptions,
    /// Service name for endpoint overrides and the User-Agent; derived from the server host
    /// when empty.
    pub service_name: String,
    /// The command written in file headers.
    pub command: String,
    /// The spec path as written in headers and diagnostics.
    pub spec_display: String,
    /// Model settings.
    pub model: model::ModelOptions,
}

/// A generated crate in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files in path order.
    pub files: Vec<FormattedFile>,
    /// Warnings from lowering.
    pub warnings: Vec<Warning>,
    /// The lowered API (for reports and tests).
    pub api: model::Api,
    /// How long each stage took (`load` is zero when the caller loaded the document).
    pub timings: Timings,
    /// The document [`generate`] loaded (`None` from [`generate_document`], whose caller holds
    /// it). Kept, not freed inside generation: a caller that is about to exit can skip freeing
    /// it, which is tens of milliseconds for a large spec.
    pub spec: Option<load::Document>,
}

/// Wall time spent in each pipeline stage, for `cargo xtask bench --timings`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Reading and parsing the spec (YAML/JSON -> document).
    pub load: Duration,
    /// Lowering the document to the model.
    pub lower: Duration,
    /// Turning the model into token streams and text files. Emit and format run together on
    /// worker threads; each is its share of that phase's wall time, in proportion to the time
    /// the workers spent in it.
    pub emit: Duration,
    /// prettyplease and headers (see `emit`).
    pub format: Duration,
}

impl Timings {
    /// The sum of every stage.
    pub fn total(&self) -> Duration {
        self.load + self.lower + self.emit + self.format
    }
}

/// Threads that emit and format files: one per core, at most 16 (the output does not depend
/// on it).
fn worker_threads() -> usize {
    cores().min(16)
}

/// The cores this process may use, asked once: on Linux each question reads the cgroup's CPU
/// quota from three files, and parsing, formatting and writing all ask.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// Stack for the pipeline's thread. Parsing and lowering recurse once per nesting level of the
/// spec; the depth limits keep that bounded, and this keeps the bound far from the stack's end
/// on any caller's thread (test threads have 2 MiB). Only touched pages are ever committed.
pub(crate) const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with a [`STACK_BYTES`] stack.
pub(crate) fn on_big_stack<T: Send>(
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("openapi-rust-gen".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| {
                Error::file(
                    "<generator>",
                    format!("cannot start the generator's thread: {e}"),
                )
            })?;
        match handle.join() {
            Ok(result) => result,
            // A panic is a generator bug; it stays a panic for the caller (and the tests) to see.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Runs `first`, then `work`, on the caller's thread, and `work` on up to `threads - 1` helper
/// threads named `name-N` (with a [`STACK_BYTES`] stack when `big_stack`). Returns what `first`
/// gave and every `work`'s outcome, the caller's first. A helper that cannot start leaves its
/// share to the others; a helper's panic reaches the caller. Parsing, reading JSON, emitting
/// and writing share their work this way.
pub(crate) fn on_threads<F, T: Send>(
    threads: usize,
    name: &str,
    big_stack: bool,
    first: impl FnOnce() -> F,
    work: impl Fn() -> T + Sync,
) -> (F, Vec<T>) {
    std::thread::scope(|scope| {
        let work = &work;
        let helpers: Vec<_> = (1..threads.max(1))
            .filter_map(|i| {
                let builder = std::thread::Builder::new().name(format!("{name}-{i}"));
                let builder = if big_stack {
                    builder.stack_size(STACK_BYTES)
                } else {
                    builder
                };
                builder.spawn_scoped(scope, work).ok()
            })
            .collect();
        let first = first();
        let mut outcomes = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(outcome) => outcomes.push(outcome),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (first, outcomes)
    })
}

/// Runs load -> model -> emit -> format on the spec at `spec_path`.
pub fn generate(spec_path: &Path, options: &Options) -> Result<Generated, Error> {
    generate_with_progress(spec_path, options, &|_| {})
}

/// [`generate`], telling `progress` where it is as it goes: once the spec is loaded, once the
/// model is built, and after each file is formatted (from the worker threads, so `progress`
/// must be cheap and thread-safe). The output does not depend on it.
pub fn generate_with_progress(
    spec_path: &Path,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Error> {
    on_big_stack(|| generate_here(spec_path, options, progress))
}

fn generate_here(
    spec_path: &Path,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Error> {
    let started = Instant::now();
    let doc = load::load_file(spec_path, &options.spec_display)?;
    let load = started.elapsed();
    progress(Progress::Loaded {
        bytes: doc.text.len(),
    });
    let mut generated = generate_document_here(&doc, options, progress).map_err(|mut e| {
        if e.location.line_col.is_none() && !e.location.pointer.is_empty() {
            e.location.line_col = source_map::locate(&doc.text, &e.location.pointer);
        }
        e
    })?;
    generated.timings.load = load;
    generated.spec = Some(doc);
    Ok(generated)
}

/// Runs model -> emit -> format on a loaded document.
pub fn generate_document(doc: &load::Document, options: &Options) -> Result<Generated, Error> {
    on_big_stack(|| generate_document_here(doc, options, &|_| {}))
}

fn generate_document_here(
    doc: &load::Document,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Error> {
    let started = Instant::now();
    let api = model::lower(doc, &options.model)?;
    let lowered = Instant::now();
    progress(Progress::Lowered {
        operations: api.operations.len(),
        types: api.types.len(),
    });
    let service_name = if options.service_name.is_empty() {
        derive_service_name(&api, &options.manifest.crate_name)
    } else {
        options.service_name.clone()
    };
    let header = format::Header {
        command: options.command.clone(),
        spec_file: options.spec_display.clone(),
        spec_sha256: doc.sha256.clone(),
    };
    let emit_options = emit::EmitOptions {
        manifest: options.manifest.clone(),
        service_name,
    };
    let (files, worker_times) = format::emit_and_format_reporting(
        &api,
        &emit_options,
        &header,
        worker_threads(),
        progress,
    )?;
    // The same note at the same place (one per method of a path, say) is said once.
    let mut said = std::collections::HashSet::new();
    let warnings = doc
        .warnings
        .iter()
        .chain(&api.warnings)
        .filter(|w| said.insert((&w.location.pointer, &w.message)))
        .cloned()
        .collect();
    // Emit and format run together on the workers: each gets its share of the wall time.
    let both = lowered.elapsed();
    let busy = (worker_times.emit + worker_times.format).as_secs_f64();
    let emit_share = if busy > 0.0 {
        worker_times.emit.as_secs_f64() / busy
    } else {
        0.0
    };
    let emit = both.mul_f64(emit_share);
    let timings = Timings {
        load: Duration::ZERO,
        lower: lowered - started,
        emit,
        format: both.saturating_sub(emit),
    };
    Ok(Generated {
        files,
        warnings,
        api,
        timings,
        spec: None,
    })
}

/// What writing (or comparing) a generated crate gave: the files that differed, or why it
/// could not finish.
pub type WriteOutcome = Result<Vec<write::Difference>, Error>;

/// What the command-line tools do: generates the crate for `spec_path`, then writes it into
/// `out_dir` (with `check`, only compares), showing progress on stderr, named `label`, when the
/// run is long ([`progress::Reporter`]). The warnings are left in [`Generated`] for the caller
/// to print once the progress line is gone, also when writing failed (the inner `Result`).
pub fn generate_and_write(
    spec_path: &Path,
    options: &Options,
    out_dir: &Path,
    check: bool,
    label: &str,
) -> Result<(Generated, WriteOutcome), Error> {
    let reporter = progress::Reporter::stderr(label);
    let generated = generate_with_progress(spec_path, options, &|p| reporter.report(p))?;
    let files = generated.files.len();
    reporter.report(if check {
        Progress::Comparing { files }
    } else {
        Progress::Writing { files }
    });
    let differences = check_or_write(out_dir, &generated.files, check);
    reporter.finish();
    Ok((generated, differences))
}

/// Compares the generated files with the crate at `out_dir`, or writes them.
pub fn check_or_write(
    out_dir: &Path,
    files: &[FormattedFile],
    check: bool,
) -> Result<Vec<write::Difference>, Error> {
    if check {
        write::check(out_dir, files)
    } else {
        write::write(out_dir, files)
    }
}

/// `modelarts` from `https://modelarts.{region}.myhuaweicloud.com`; else the crate name.
fn derive_service_name(api: &model::Api, fallback: &str) -> String {
    api.server
        .as_ref()
        .and_then(|s| s.url_template.split("://").nth(1))
        .and_then(|rest| rest.split(['.', '/', ':']).next())
        .filter(|label| !label.is_empty() && !label.contains('{'))
        .map(str::to_owned)
        .unwrap_or_else(|| fallback.to_owned())
}
