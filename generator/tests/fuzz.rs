//! A mutation fuzzer for the generator: real specs (the ModelArts spec and the fixtures) and
//! random YAML/JSON, mutated structurally (dropped and retyped fields, dangling and cyclic
//! `$ref`s, deep nesting, huge arrays, odd unicode names, `x-` extensions of the wrong type)
//! and textually (YAML alias bombs, truncation, stray bytes). Every case must end in `Ok` or
//! in an error that names its place, within a bounded time, without a panic.
//!
//! It runs for about two seconds in the test suite. `GEN_FUZZ_SECS=600` (or
//! `cargo xtask fuzz --minutes 10`) runs it longer and prints executions per second and the
//! corpus size; `GEN_FUZZ_SEED` picks another sequence. Failing inputs are written under
//! `target/fuzz-failures/`.

use generator::{generate_document, load, ManifestOptions, Options};
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest a single case may take before it counts as a hang.
const CASE_LIMIT: Duration = Duration::from_secs(60);
/// Accepted mutants kept for further mutation.
const POOL_MAX: usize = 64;

/// A small deterministic generator (xorshift*), so that a seed replays a run.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "r#type",
    "type",
    "self",
    "Self",
    "Unknown",
    "config_param",
    "send",
    "clone",
    "additional_properties",
    "extra_properties",
    "0",
    "-1",
    "+1",
    "a-b",
    "a/b",
    "~0~1",
    "{id}",
    "}{",
    "\u{202e}evil",
    "zero\u{200b}width",
    "🦀",
    "e\u{301}",
    "日本語",
    "\u{0}",
    "\u{7f}",
    "```rust",
    "~~~",
    "<script>",
    "[link](x)",
    "a\nb",
    "\"quoted\"",
    "'",
    "\\",
    "Option",
    "String",
    "Vec",
    "Client",
    "Error",
    "mod",
    "types",
    "operations",
];

const EXTENSIONS: &[&str] = &[
    "x-rust-name",
    "x-pagination",
    "x-retry-safe",
    "x-enum-varnames",
    "x-enumNames",
    "x-enum-descriptions",
    "x-region-endpoints",
];

fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::Number((rng.below(1000) as i64 - 500).into()),
        3 => Value::Number(serde_yaml::Number::from(1e300)),
        4 => Value::String((*rng.pick(ODD_NAMES)).to_owned()),
        5 => Value::Sequence(vec![]),
        6 => Value::Mapping(Mapping::new()),
        7 => Value::Sequence(vec![Value::String("a".into()), Value::Number(1.into())]),
        8 => ref_to(rng, "#/components/schemas/Nope"),
        _ => Value::String("#/components/schemas/".into()),
    }
}

fn ref_to(_rng: &mut Rng, target: &str) -> Value {
    let mut m = Mapping::new();
    m.insert("$ref".into(), target.into());
    Value::Mapping(m)
}

/// Counts the nodes of a tree.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Mapping(m) => m.values().map(count).sum(),
        Value::Sequence(s) => s.iter().map(count).sum(),
        Value::Tagged(t) => count(&t.value),
        _ => 0,
    }
}

/// The `n`th node in pre-order, with its pointer.
fn nth<'a>(v: &'a mut Value, n: &mut usize, path: &mut Vec<String>) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(v);
    }
    *n -= 1;
    match v {
        Value::Mapping(m) => {
            for (k, child) in m.iter_mut() {
                path.push(k.as_str().unwrap_or("?").to_owned());
                if let Some(found) = nth(child, n, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        Value::Sequence(s) => {
            for (i, child) in s.iter_mut().enumerate() {
                path.push(i.to_string());
                if let Some(found) = nth(child, n, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        _ => None,
    }
}

fn component_names(doc: &Value) -> Vec<String> {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// One structural mutation somewhere in `doc`.
fn mutate(rng: &mut Rng, doc: &mut Value) {
    let names = component_names(doc);
    let total = count(doc);
    let mut index = rng.below(total);
    let mut path = Vec::new();
    let Some(node) = nth(doc, &mut index, &mut path) else {
        return;
    };
    match rng.below(11) {
        // Drop a field.
        0 | 1 => {
            if let Value::Mapping(m) = node {
                if !m.is_empty() {
                    let i = rng.below(m.len());
                    let key = m.keys().nth(i).cloned();
                    if let Some(key) = key {
                        m.remove(&key);
                    }
                }
            } else if let Value::Sequence(s) = node {
                if !s.is_empty() {
                    s.remove(rng.below(s.len()));
                }
            }
        }
        // Retype a value.
        2 | 3 => *node = odd_value(rng),
        // A dangling or cyclic $ref.
        4 => {
            *node = match names.is_empty() || rng.chance(3) {
                true => {
                    let target = rng_pick_ref(rng);
                    ref_to(rng, target)
                }
                false => {
                    let name = rng.pick(&names).clone();
                    ref_to(rng, &format!("#/components/schemas/{name}"))
                }
            }
        }
        5 => {
            // A component that refers to itself, directly or through allOf.
            if !names.is_empty() {
                let name = rng.pick(&names).clone();
                let target = format!("#/components/schemas/{name}");
                if let Some(schema) = doc
                    .get_mut("components")
                    .and_then(|c| c.get_mut("schemas"))
                    .and_then(|s| s.get_mut(name.as_str()))
                {
                    *schema = if rng.chance(2) {
                        ref_to(rng, &target)
                    } else {
                        let mut m = Mapping::new();
                        m.insert("allOf".into(), Value::Sequence(vec![ref_to(rng, &target)]));
                        m.insert("properties".into(), Value::Mapping(Mapping::new()));
                        Value::Mapping(m)
                    };
                }
            }
        }
        // Deep nesting.
        6 => {
            let depth = 1 + rng.below(150);
            let mut v = Value::Mapping(Mapping::new());
            for _ in 0..depth {
                let mut m = Mapping::new();
                if rng.chance(2) {
                    m.insert("type".into(), "array".into());
                    m.insert("items".into(), v);
                } else {
                    m.insert("allOf".into(), Value::Sequence(vec![v]));
                }
                v = Value::Mapping(m);
            }
            *node = v;
        }
        // A huge array.
        7 => {
            let len = 1 + rng.below(20_000);
            let item = odd_value(rng);
            let seq = Value::Sequence(vec![item; len]);
            if let Value::Mapping(m) = node {
                let key = *rng.pick(&["enum", "required", "allOf", "oneOf", "parameters", "tags"]);
                m.insert(key.into(), seq);
            } else {
                *node = seq;
            }
        }
        // An odd name for a key.
        8 => {
            if let Value::Mapping(m) = node {
                if !m.is_empty() {
                    let i = rng.below(m.len());
                    if let Some(key) = m.keys().nth(i).cloned() {
                        let value = m.remove(&key).unwrap_or(Value::Null);
                        m.insert((*rng.pick(ODD_NAMES)).into(), value);
                    }
                }
            }
        }
        // An extension of the wrong type (or a right one in an odd place).
        9 => {
            if let Value::Mapping(m) = node {
                let key = *rng.pick(EXTENSIONS);
                m.insert(key.into(), odd_value(rng));
            }
        }
        // Copy another subtree here.
        _ => {
            let mut other_index = rng.below(total);
            let mut scratch = doc.clone();
            let copy = nth(&mut scratch, &mut other_index, &mut Vec::new()).cloned();
            let mut index = rng.below(total);
            if let (Some(copy), Some(node)) = (copy, nth(doc, &mut index, &mut Vec::new())) {
                if count(&copy) < 50_000 {
                    *node = copy;
                }
            }
        }
    }
}

fn rng_pick_ref(rng: &mut Rng) -> &'static str {
    const REFS: &[&str] = &[
        "#/components/schemas/Nope",
        "#/paths",
        "#/",
        "#",
        "other.yaml#/x",
        "#/components/parameters/Nope",
        "#/paths/~1nope/get",
        "#/components/schemas/%7B",
        "#/info/title",
    ];
    REFS[rng.below(REFS.len())]
}

/// A random document from scratch.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.chance(3) {
        return odd_value(rng);
    }
    if rng.chance(2) {
        let mut m = Mapping::new();
        for _ in 0..rng.below(5) {
            let key: Value = if rng.chance(2) {
                (*rng.pick(&[
                    "openapi",
                    "info",
                    "paths",
                    "components",
                    "schemas",
                    "type",
                    "properties",
                    "items",
                    "allOf",
                    "oneOf",
                    "$ref",
                    "get",
                    "responses",
                    "content",
                    "application/json",
                    "schema",
                    "parameters",
                    "name",
                    "in",
                    "required",
                ]))
                .into()
            } else {
                (*rng.pick(ODD_NAMES)).into()
            };
            m.insert(key, random_value(rng, depth - 1));
        }
        if depth >= 5 && rng.chance(2) {
            m.insert("openapi".into(), "3.0.3".into());
        }
        Value::Mapping(m)
    } else {
        Value::Sequence(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        )
    }
}

/// Text-level cases: alias bombs, truncation, stray bytes.
fn text_case(rng: &mut Rng, seed_text: &str) -> Vec<u8> {
    match rng.below(4) {
        0 => {
            let width = 2 + rng.below(12);
            let levels = 2 + rng.below(12);
            let mut bomb = String::from(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\na0: &a0 [x]\n",
            );
            for i in 1..levels {
                let refs = vec![format!("*a{}", i - 1); width].join(",");
                bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
            }
            bomb.into_bytes()
        }
        1 => {
            // Any byte, so a cut may split a character too.
            let end = rng.below(seed_text.len() + 1).min(seed_text.len());
            seed_text.as_bytes()[..end].to_vec()
        }
        2 => {
            let mut bytes = seed_text.as_bytes().to_vec();
            for _ in 0..1 + rng.below(8) {
                if bytes.is_empty() {
                    break;
                }
                let i = rng.below(bytes.len());
                bytes[i] = *rng.pick(b"{}[]:&*!|>-#'\"\n\t \x00\xff%@`");
            }
            bytes
        }
        _ => {
            let v = random_value(rng, 8);
            if rng.chance(2) {
                serde_json::to_vec(&v).unwrap_or_default()
            } else {
                serde_yaml::to_string(&v).unwrap_or_default().into_bytes()
            }
        }
    }
}

fn options() -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "fuzzed".into(),
            crate_version: "0.1.0".into(),
            // Absolute, so that sampled outputs build wherever they are written.
            runtime_path: project_root().join("runtime").display().to_string(),
            standalone: true,
            extra: String::new(),
        },
        service_name: String::new(),
        command: "fuzz".into(),
        spec_display: "fuzzed.yaml".into(),
        model: Default::default(),
    }
}

enum Outcome {
    Accepted(Vec<generator::FormattedFile>),
    Refused(generator::Error),
    Panicked(String),
}

/// Runs one case on its own thread, bounded by [`CASE_LIMIT`].
fn run_case(bytes: Vec<u8>) -> Option<Outcome> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("fuzz-case".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let doc = load::load_bytes(&bytes, "fuzzed.yaml")?;
                generate_document(&doc, &options())
            });
            let outcome = match result {
                Ok(Ok(generated)) => Outcome::Accepted(generated.files),
                Ok(Err(e)) => Outcome::Refused(e),
                Err(panic) => Outcome::Panicked(
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default(),
                ),
            };
            let _ = tx.send(outcome);
        })
        .ok()?;
    rx.recv_timeout(CASE_LIMIT).ok()
}

/// Whether an error says where: a pointer or a line, or it is about the file as a whole.
fn located(e: &generator::Error) -> bool {
    const WHOLE_FILE: &[&str] = &[
        "the spec is not valid UTF-8",
        "the top level must be a mapping",
        "not a valid OpenAPI 3.0 document: a schema or $ref has an unexpected shape",
        "cannot apply a YAML merge key",
        load::ALIAS_BOMB,
    ];
    e.location.file == "fuzzed.yaml"
        && (!e.location.pointer.is_empty()
            || e.location.line_col.is_some()
            || WHOLE_FILE.iter().any(|m| e.message.starts_with(m)))
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn save_failure(kind: &str, bytes: &[u8]) -> PathBuf {
    let dir = project_root().join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{kind}-{}.yaml", std::process::id()));
    let _ = std::fs::write(&path, bytes);
    path
}

#[test]
fn fuzzed_specs_never_panic_hang_or_fail_unlocated() {
    let secs: f64 = std::env::var("GEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let seed: u64 = std::env::var("GEN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_f00d);
    let root = project_root();
    let seeds: Vec<(String, String)> = [
        "spec/modelarts-data.yaml",
        "generator/tests/fixtures/petstore.yaml",
        "generator/tests/fixtures/stress.yaml",
    ]
    .iter()
    .map(|p| {
        let text = std::fs::read_to_string(root.join(p)).expect("seed spec");
        ((*p).to_owned(), text)
    })
    .collect();
    let parsed: Vec<Value> = seeds
        .iter()
        .map(|(_, text)| {
            let mut v: Value = serde_yaml::from_str(text).expect("seed parses");
            v.apply_merge().expect("merge keys");
            v
        })
        .collect();
    let mut pool: Vec<Value> = Vec::new();
    let mut rng = Rng(seed | 1);
    let (mut cases, mut accepted, mut refused) = (0usize, 0usize, 0usize);
    let mut samples: Vec<Vec<generator::FormattedFile>> = Vec::new();
    let started = Instant::now();
    let budget = Duration::from_secs_f64(secs);
    while started.elapsed() < budget || cases < 20 {
        // The big ModelArts spec is slow to generate: mutate it one time in eight.
        let source = match rng.below(16) {
            0 | 1 => 0,
            2..=6 => 1,
            7..=11 => 2,
            _ => usize::MAX,
        };
        let (bytes, tree) = if rng.chance(6) {
            let seed_text = &seeds[rng.below(seeds.len())].1;
            (text_case(&mut rng, seed_text), None)
        } else {
            let mut doc = if source == usize::MAX && !pool.is_empty() {
                pool[rng.below(pool.len())].clone()
            } else {
                parsed[source.min(parsed.len() - 1)].clone()
            };
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut doc);
            }
            let bytes = if rng.chance(4) {
                serde_json::to_vec_pretty(&doc).unwrap_or_default()
            } else {
                serde_yaml::to_string(&doc).unwrap_or_default().into_bytes()
            };
            (bytes, Some(doc))
        };
        cases += 1;
        match run_case(bytes.clone()) {
            None => panic!(
                "case {cases} ran longer than {CASE_LIMIT:?} (input: {})",
                save_failure("hang", &bytes).display()
            ),
            Some(Outcome::Panicked(message)) => panic!(
                "case {cases} panicked: {message} (input: {})",
                save_failure("panic", &bytes).display()
            ),
            Some(Outcome::Refused(e)) => {
                assert!(
                    located(&e),
                    "case {cases}: unlocated error `{e}` (input: {})",
                    save_failure("unlocated", &bytes).display()
                );
                refused += 1;
            }
            Some(Outcome::Accepted(files)) => {
                accepted += 1;
                if let Some(doc) = tree {
                    if pool.len() < POOL_MAX {
                        pool.push(doc);
                    } else {
                        let i = rng.below(POOL_MAX);
                        pool[i] = doc;
                    }
                }
                if samples.len() < 3 && rng.chance(8) {
                    samples.push(files);
                }
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {cases} cases in {elapsed:.1} s ({:.1}/s), {accepted} accepted, {refused} refused, \
         corpus {} seeds + {} accepted mutants",
        cases as f64 / elapsed,
        seeds.len(),
        pool.len()
    );
    if let Ok(dir) = std::env::var("GEN_FUZZ_SAMPLES_DIR") {
        // Accepted outputs for `cargo xtask fuzz` to compile.
        for (i, files) in samples.iter().enumerate() {
            let out = Path::new(&dir).join(format!("sample{i}"));
            let _ = generator::check_or_write(&out, files, false);
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "accepted {accepted}, refused {refused}"
    );
}
