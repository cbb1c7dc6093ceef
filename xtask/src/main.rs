//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask bench`, `cargo xtask corpus`,
//! `cargo xtask fuzz`.

mod bench;
mod codegen;

// The same allocator as the `openapi-rust-gen` binary, so that `xtask codegen` and the bench's
// end-to-end runs time what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod corpus;
mod fuzz;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("codegen") => codegen::main(&args[1..]),
        Some("bench") => bench::main(&args[1..]),
        Some("corpus") => corpus::main(&args[1..]),
        Some("fuzz") => fuzz::main(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check] [--spec FILE --out DIR [--name CRATE]]\n       cargo xtask bench [--runs N] [--timings] [--peers DIR] [--specs DIR] [--compile LABELS] [--client] [--report FILE] [SPEC|DIR ...]\n       cargo xtask corpus DIR [--sample N] [--seed S] [--jobs J] [--report FILE] [--work DIR]\n       cargo xtask fuzz [--minutes N]"
            );
            2
        }
    };
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::codegen;

    /// Fails when committed generated code differs from what the specs produce.
    #[test]
    fn committed_generated_code_is_fresh() {
        let root = codegen::project_root();
        for target in codegen::TARGETS {
            let outcome = codegen::run_target(&root, target, true).expect("generation succeeds");
            let stale: Vec<String> = outcome.differences.iter().map(|d| d.to_string()).collect();
            assert!(
                stale.is_empty(),
                "stale generated files; run `cargo xtask codegen`:\n{}",
                stale.join("\n")
            );
        }
    }

    /// Generated crates ask for the runtime by version: that version must be the runtime's.
    #[test]
    fn generated_crates_require_this_runtime_version() {
        let manifest = std::fs::read_to_string(codegen::project_root().join("runtime/Cargo.toml"))
            .expect("runtime manifest");
        let version = manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .expect("a version line");
        let required = generator::emit::RUNTIME_VERSION;
        assert!(
            version == required || version.starts_with(&format!("{required}.")),
            "runtime {version} does not satisfy the generated requirement {required}"
        );
    }
}
