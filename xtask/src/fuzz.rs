//! `cargo xtask fuzz [--minutes N]`: runs the generator's fuzz harness (`generator/tests/fuzz.rs`)
//! in release mode for N minutes (default 10), then compiles the accepted outputs it sampled.

use std::path::Path;
use std::process::Command;

pub fn main(args: &[String]) -> i32 {
    let minutes: f64 = match args {
        [] => 10.0,
        [flag, n] if flag == "--minutes" => match n.parse() {
            Ok(n) if n > 0.0 => n,
            _ => {
                eprintln!("error: --minutes needs a positive number, not `{n}`");
                return 2;
            }
        },
        _ => {
            eprintln!("usage: cargo xtask fuzz [--minutes N]");
            return 2;
        }
    };
    let root = crate::codegen::project_root();
    let samples = root.join("target/fuzz/samples");
    let _ = std::fs::remove_dir_all(&samples);
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "test",
            "--release",
            "--locked",
            "-p",
            "openapi-rust-gen",
            "--test",
            "fuzz",
        ])
        .args(["--", "--nocapture"])
        .env("GEN_FUZZ_SECS", (minutes * 60.0).to_string())
        .env("GEN_FUZZ_SAMPLES_DIR", &samples)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(_) => {
            eprintln!("error: the fuzz run failed (inputs are under target/fuzz-failures/)");
            return 1;
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            return 1;
        }
    }
    compile_samples(&root, &samples)
}

/// `cargo check` on each sampled output, sharing one target directory.
fn compile_samples(root: &Path, samples: &Path) -> i32 {
    let Ok(entries) = std::fs::read_dir(samples) else {
        println!("fuzz: no accepted output was sampled");
        return 0;
    };
    let mut dirs: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    let mut failed = 0;
    for dir in &dirs {
        // Same dependency versions as the workspace, without the network.
        let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
        let status = Command::new(env!("CARGO"))
            .args(["check", "--offline", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/fuzz/target"))
            .status();
        let ok = matches!(status, Ok(s) if s.success());
        println!(
            "fuzz: sample {} {}",
            dir.display(),
            if ok { "compiles" } else { "does NOT compile" }
        );
        if !ok {
            failed += 1;
        }
    }
    println!(
        "fuzz: {} of {} sampled outputs compile",
        dirs.len() - failed,
        dirs.len()
    );
    i32::from(failed > 0)
}
