//! `cargo xtask codegen`: the project's generation targets and the standalone mode.

use generator::model::{TagFeatures, TypesCrate};
use generator::{ManifestOptions, Options};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The workspace root (the parent of `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// One spec -> crate pair that the project commits.
pub struct Target {
    /// Spec path, relative to the project root.
    pub spec: &'static str,
    /// Crate directory, relative to the project root.
    pub out: &'static str,
    /// Package name.
    pub crate_name: &'static str,
    /// Runtime path as written in the generated manifest.
    pub runtime_path: &'static str,
    /// Extra manifest text for the crate's hand-written tests.
    pub extra_manifest: &'static str,
    /// Whether the spec's examples become `tests/spec_examples.rs`.
    pub example_tests: bool,
    /// Whether each tag's operations sit behind a cargo feature.
    pub tag_features: TagFeatures,
    /// Whether the types go into a crate of their own.
    pub types_crate: TypesCrate,
}

const SDK_DEV_DEPENDENCIES: &str = r#"[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6""#;

/// Everything `cargo xtask codegen` regenerates.
pub const TARGETS: &[Target] = &[
    Target {
        spec: "spec/modelarts-data.yaml",
        out: "generated",
        crate_name: "modelarts-data",
        runtime_path: "../runtime",
        extra_manifest: SDK_DEV_DEPENDENCIES,
        // Ours: the spec's examples are checked against the SDK on every test run.
        example_tests: true,
        // One service, and its users expect every operation: no features.
        tag_features: TagFeatures::Off,
        types_crate: TypesCrate::Auto,
    },
    Target {
        spec: "generator/tests/fixtures/petstore.yaml",
        out: "examples/petstore",
        crate_name: "petstore-sdk",
        runtime_path: "../../runtime",
        extra_manifest: "",
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::Auto,
    },
    Target {
        spec: "generator/tests/fixtures/bodies.yaml",
        out: "examples/bodies",
        crate_name: "bodies-sdk",
        runtime_path: "../../runtime",
        extra_manifest: SDK_DEV_DEPENDENCIES,
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::Auto,
    },
    Target {
        spec: "generator/tests/fixtures/degrade.yaml",
        out: "examples/degrade",
        crate_name: "degrade-sdk",
        runtime_path: "../../runtime",
        extra_manifest: SDK_DEV_DEPENDENCIES,
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::Auto,
    },
    Target {
        spec: "generator/tests/fixtures/stress.yaml",
        out: "examples/stress",
        crate_name: "stress-sdk",
        runtime_path: "../../runtime",
        extra_manifest: SDK_DEV_DEPENDENCIES,
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::Auto,
    },
    // Split per tag: checked with no feature, one and all (see the README).
    Target {
        spec: "generator/tests/fixtures/tags.yaml",
        out: "examples/tags",
        crate_name: "tags-sdk",
        runtime_path: "../../runtime",
        extra_manifest: "",
        example_tests: false,
        tag_features: TagFeatures::On,
        types_crate: TypesCrate::Auto,
    },
    // The types in a crate of their own (`examples/petstore-types/types`), with waiters, whose
    // status predicates go into that crate.
    Target {
        spec: "generator/tests/fixtures/petstore.yaml",
        out: "examples/petstore-types",
        crate_name: "petstore-types-sdk",
        runtime_path: "../../runtime",
        extra_manifest: "",
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::On,
    },
    // Bulk builders with the types in a crate of their own: each chunk's body is built from
    // `default()` or `new(items)` and field assignments.
    Target {
        spec: "generator/tests/fixtures/batch.yaml",
        out: "examples/batch-types",
        crate_name: "batch-types-sdk",
        runtime_path: "../../runtime",
        extra_manifest: "",
        example_tests: false,
        tag_features: TagFeatures::Auto,
        types_crate: TypesCrate::On,
    },
];

/// The outcome of one target.
pub struct Outcome {
    /// What differed (check) or changed (write).
    pub differences: Vec<generator::write::Difference>,
    /// Files generated.
    pub files: usize,
    /// Lines generated.
    pub lines: usize,
    /// Warnings from the generator.
    pub warnings: Vec<generator::Warning>,
}

pub fn options(
    spec_display: &str,
    crate_name: &str,
    runtime_path: String,
    extra: &str,
    standalone: bool,
) -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: crate_name.to_owned(),
            crate_version: "0.1.0".to_owned(),
            runtime_path,
            standalone,
            extra: extra.to_owned(),
        },
        service_name: String::new(),
        command: "cargo xtask codegen".to_owned(),
        spec_display: spec_display.to_owned(),
        model: Default::default(),
    }
}

/// Generates one committed target; with `check`, only compares.
pub fn run_target(root: &Path, target: &Target, check: bool) -> Result<Outcome, generator::Error> {
    let mut opts = options(
        target.spec,
        target.crate_name,
        target.runtime_path.to_owned(),
        target.extra_manifest,
        false,
    );
    opts.model.example_tests = target.example_tests;
    opts.model.tag_features = target.tag_features;
    opts.model.types_crate = target.types_crate;
    let generated = generator::generate(&root.join(target.spec), &opts)?;
    let differences = generator::check_or_write(&root.join(target.out), &generated.files, check)?;
    Ok(outcome(generated, differences))
}

/// Generates a standalone crate for any spec into `out`.
pub fn run_standalone(
    spec: &Path,
    out: &Path,
    crate_name: &str,
    example_tests: bool,
    check: bool,
) -> Result<Outcome, generator::Error> {
    let runtime = project_root().join("runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let spec_display = spec.display().to_string();
    let mut opts = options(
        &spec_display,
        crate_name,
        runtime.display().to_string(),
        "",
        true,
    );
    opts.model.example_tests = example_tests;
    // `cargo xtask` is a dev build: unoptimized, GitHub's spec takes 5.3 s instead of 0.8 s.
    // Optimizing the generator and its parsers in dev builds took it to 2.2 s but doubled a
    // clean `cargo test` build (82 -> 179 s), so a large spec gets a pointer instead.
    let large = std::fs::metadata(spec).is_ok_and(|m| m.len() >= 1_000_000);
    if cfg!(debug_assertions) && large {
        eprintln!(
            "note: `cargo xtask` runs an unoptimized build of the generator, several times slower \
             on a spec this size; `cargo run --release -p xtask -- codegen --spec ..` (or the \
             `openapi-rust-gen` binary) is faster"
        );
    }
    // Any spec can be large: stderr shows where generation is (nothing for a short run).
    let (generated, differences) =
        generator::generate_and_write(spec, &opts, out, check, "cargo xtask codegen")?;
    Ok(outcome(generated, differences?))
}

/// What a command reports. `generated` is not freed: this is the end of a command, the process
/// exits soon after and the OS takes the memory back at once, while freeing the document, the
/// model and the files one allocation at a time costs 20-30 ms on GitHub's spec.
fn outcome(
    mut generated: generator::Generated,
    differences: Vec<generator::write::Difference>,
) -> Outcome {
    let outcome = Outcome {
        files: generated.files.len(),
        lines: generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum(),
        warnings: std::mem::take(&mut generated.warnings),
        differences,
    };
    std::mem::forget(generated);
    outcome
}

/// Command-line entry: returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let mut check = false;
    let mut example_tests = false;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--example-tests" => example_tests = true,
            "--spec" => spec = it.next().cloned(),
            "--out" => out = it.next().cloned(),
            "--name" => name = it.next().cloned(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            other => {
                eprintln!("error: unknown argument `{other}`\n\n{USAGE}");
                return 2;
            }
        }
    }
    let started = Instant::now();
    match (spec, out) {
        (Some(spec), Some(out)) => {
            let out = PathBuf::from(out);
            let name = name.unwrap_or_else(|| {
                out.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "api-sdk".to_owned())
            });
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                eprintln!("error: `{name}` is not a valid crate name (letters, digits, `-`, `_`; starting with a letter); pass --name");
                return 2;
            }
            report(
                &out.display().to_string(),
                run_standalone(Path::new(&spec), &out, &name, example_tests, check),
                check,
                started,
            )
        }
        (None, None) if name.is_none() => {
            let root = project_root();
            let mut code = 0;
            for target in TARGETS {
                let c = report(target.out, run_target(&root, target, check), check, started);
                code = code.max(c);
            }
            code
        }
        _ => {
            eprintln!("error: --spec and --out go together (and --name needs them)\n\n{USAGE}");
            2
        }
    }
}

fn report(
    what: &str,
    result: Result<Outcome, generator::Error>,
    check: bool,
    started: Instant,
) -> i32 {
    match result {
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
        Ok(outcome) => {
            generator::error::print_warnings(&outcome.warnings);
            let ms = started.elapsed().as_millis();
            if check {
                if outcome.differences.is_empty() {
                    println!(
                        "{what}: up to date ({} files, {} lines, {ms} ms)",
                        outcome.files, outcome.lines
                    );
                    0
                } else {
                    for d in &outcome.differences {
                        eprintln!("{d}");
                    }
                    eprintln!("{what}: generated code is stale; run `cargo xtask codegen`");
                    1
                }
            } else {
                for d in &outcome.differences {
                    println!("updated {d}");
                }
                println!(
                    "{what}: {} files, {} lines, {} changed ({ms} ms)",
                    outcome.files,
                    outcome.lines,
                    outcome.differences.len()
                );
                0
            }
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
      regenerate every committed crate (generated/, examples/*) from its spec;
      --check changes nothing and exits 1 naming each stale file
  cargo xtask codegen --spec FILE --out DIR [--name CRATE] [--example-tests] [--check]
      generate a standalone crate for any OpenAPI 3.0 or 3.1 spec (YAML or JSON);
      --example-tests also writes tests/spec_examples.rs (the spec's JSON examples round-trip)";
