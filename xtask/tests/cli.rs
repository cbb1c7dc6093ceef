//! The `cargo xtask codegen` command line: exit codes, stale-file reports, and output left intact
//! on errors.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generator/tests/fixtures/petstore.yaml")
        .display()
        .to_string()
}

#[test]
fn standalone_generation_check_and_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("pet");
    let out_s = out.display().to_string();
    let spec = fixture();

    let first = xtask(&[
        "codegen", "--spec", &spec, "--out", &out_s, "--name", "pet-sdk",
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.join("src/lib.rs").exists() && out.join("Cargo.toml").exists());

    let fresh = xtask(&[
        "codegen", "--spec", &spec, "--out", &out_s, "--name", "pet-sdk", "--check",
    ]);
    assert_eq!(fresh.status.code(), Some(0));

    // An edited file is stale: --check names it, exits 1 and changes nothing.
    let lib = out.join("src/lib.rs");
    std::fs::write(&lib, "// edited\n").expect("edit");
    let stale = xtask(&[
        "codegen", "--spec", &spec, "--out", &out_s, "--name", "pet-sdk", "--check",
    ]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(
        stderr.contains("stale:") && stderr.contains("lib.rs"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&lib).expect("read"), "// edited\n");

    // A bad spec is an error (exit 2) that names the place, and the output stays as it was.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, x-rust-name: 'r#type'}\n").expect("write");
    let failed = xtask(&[
        "codegen",
        "--spec",
        &bad.display().to_string(),
        "--out",
        &out_s,
        "--name",
        "pet-sdk",
    ]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("bad.yaml:6:") && stderr.contains("x-rust-name `r#type`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&lib).expect("read"), "// edited\n");

    // Usage errors exit 2 with the usage text.
    let usage = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage:"));
    let half = xtask(&["codegen", "--spec", &spec]);
    assert_eq!(half.status.code(), Some(2));
}
