//! The generator never panics: mutated and truncated specs give `Ok` or a located `Err`.

use generator::{generate_document, load, ManifestOptions, Options};

/// A small deterministic generator (no dependency, same cases on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const TOKENS: &[&str] = &[
    "",
    "{}",
    "[]",
    "null",
    "7",
    "-1",
    "true",
    "'x'",
    "$ref: '#/components/schemas/Pet'",
    "$ref: '#/nowhere'",
    "type: object",
    "type: array",
    "items: {}",
    "enum: []",
    "enum: [1, 'a', null]",
    "allOf: []",
    "oneOf: [{}]",
    "required: [zz]",
    "additionalProperties: false",
    "nullable: true",
    "in: cookie",
    "'{id}'",
    "/x/{y}",
    "&a [*a]",
];

fn options() -> Options {
    Options {
        manifest: ManifestOptions {
            crate_name: "fuzzed".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../runtime".into(),
            standalone: true,
            extra: String::new(),
        },
        service_name: String::new(),
        command: "test".into(),
        spec_display: "fuzzed.yaml".into(),
        model: Default::default(),
    }
}

#[test]
fn mutated_specs_never_panic() {
    let base = include_str!("fixtures/petstore.yaml");
    let lines: Vec<&str> = base.lines().collect();
    let mut rng = Lcg(0x5eed);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..400 {
        let mut mutated: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        for _ in 0..1 + rng.next(3) {
            let i = rng.next(mutated.len());
            match rng.next(4) {
                0 => {
                    mutated.remove(i);
                }
                1 => {
                    let j = rng.next(mutated.len());
                    mutated.swap(i, j);
                }
                2 => {
                    let indent = mutated[i].len() - mutated[i].trim_start().len();
                    let token = TOKENS[rng.next(TOKENS.len())];
                    mutated[i] = format!("{}{}", " ".repeat(indent), token);
                }
                _ => {
                    if let Some((key, _)) = mutated[i].clone().split_once(':') {
                        mutated[i] = format!("{key}: {}", TOKENS[rng.next(TOKENS.len())]);
                    }
                }
            }
        }
        let text = mutated.join("\n");
        let result = std::panic::catch_unwind(|| {
            let doc = load::load_bytes(text.as_bytes(), "fuzzed.yaml")?;
            generate_document(&doc, &options())
        });
        match result {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                assert!(
                    e.to_string().starts_with("fuzzed.yaml"),
                    "unlocated error: {e}"
                );
                err += 1;
            }
            Err(_) => panic!("the generator panicked on:\n{text}"),
        }
    }
    // Both outcomes occur, so the mutations exercise the model and emitters, not only the parser.
    assert!(ok > 20 && err > 20, "ok {ok}, err {err}");
}

#[test]
fn truncated_specs_never_panic() {
    let base = include_str!("fixtures/petstore.yaml");
    for end in (0..base.len()).step_by(97) {
        let text = &base[..end];
        let result = std::panic::catch_unwind(|| {
            load::load_bytes(text.as_bytes(), "t.yaml")
                .and_then(|doc| generate_document(&doc, &options()))
        });
        assert!(result.is_ok(), "panicked on the first {end} bytes");
    }
}
