//! The `openapi-rust-gen` binary as a user runs it: bad input is a clear error and a non-zero
//! exit, good input writes the crate (and leaves hand-written files and no temporary files),
//! `--check` changes nothing and names what differs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("under root");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn bad_arguments_and_bad_specs_fail_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("sdk");
    let out_arg = out.to_str().expect("utf-8 path");

    let missing_out = run(&["--spec", "api.yaml"]);
    assert_eq!(missing_out.status.code(), Some(2));
    assert!(text(&missing_out.stderr).starts_with("error: --spec and --out are required"));

    let unknown = run(&["--spec", "a.yaml", "--out", out_arg, "--frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown argument `--frobnicate`"));

    let absent = dir.path().join("absent.yaml");
    let no_file = run(&["--spec", absent.to_str().expect("utf-8"), "--out", out_arg]);
    assert_eq!(no_file.status.code(), Some(2));
    assert!(
        text(&no_file.stderr).starts_with("error: absent.yaml: cannot read the spec: "),
        "{}",
        text(&no_file.stderr)
    );

    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: '1'\n").expect("write");
    let syntax = run(&["--spec", bad.to_str().expect("utf-8"), "--out", out_arg]);
    assert_eq!(syntax.status.code(), Some(2));
    let stderr = text(&syntax.stderr);
    assert!(stderr.starts_with("error: bad.yaml:"), "{stderr}");

    let swagger = dir.path().join("old.yaml");
    std::fs::write(&swagger, "swagger: '2.0'\ninfo: {title: t, version: '1'}\n").expect("write");
    let old = run(&["--spec", swagger.to_str().expect("utf-8"), "--out", out_arg]);
    assert_eq!(old.status.code(), Some(2));
    assert!(text(&old.stderr).contains("Swagger 2.0 documents are not supported"));

    // Nothing was written for any of them.
    assert!(!out.exists());
}

#[test]
fn a_crate_is_written_then_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("pet-sdk");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec = fixture("petstore.yaml");
    let spec_arg = spec.to_str().expect("utf-8 path");

    // A hand-written file already in the folder stays as it is.
    std::fs::create_dir_all(out.join("tests")).expect("mkdir");
    std::fs::write(out.join("tests/mine.rs"), "// hand-written\n").expect("write");

    let written = run(&["--spec", spec_arg, "--out", out_arg]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    let stdout = text(&written.stdout);
    assert!(stdout.contains(": written ("), "{stdout}");
    // Warnings reach the user, located.
    let stderr = text(&written.stderr);
    assert!(
        stderr.contains("warning: petstore.yaml at /components/schemas/IdOrName: "),
        "{stderr}"
    );
    let files = files_under(&out);
    assert!(files.contains(&"Cargo.toml".to_owned()), "{files:?}");
    assert!(files.contains(&"src/lib.rs".to_owned()), "{files:?}");
    assert_eq!(
        std::fs::read_to_string(out.join("tests/mine.rs")).expect("read"),
        "// hand-written\n"
    );
    // Written through temporary files that were all renamed into place.
    assert!(
        files
            .iter()
            .all(|f| !f.contains(".tmp") && !f.starts_with('.')),
        "{files:?}"
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"pet-sdk\""), "{manifest}");
    assert!(manifest.contains("sdk-runtime = \"0.1.6\""), "{manifest}");

    let check = run(&["--spec", spec_arg, "--out", out_arg, "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("up to date"));

    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").expect("write");
    let stale = run(&["--spec", spec_arg, "--out", out_arg, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = text(&stale.stderr);
    assert!(stderr.contains("src/lib.rs"), "{stderr}");
    assert!(stderr.contains("generated code is stale"), "{stderr}");
    // --check changed nothing.
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).expect("read"),
        "// edited by hand\n"
    );
}

#[test]
fn the_manifest_names_the_license_and_the_readme() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (license, expected) in [
        ("MIT OR Apache-2.0", Some("license = \"MIT OR Apache-2.0\"")),
        // Not an SPDX expression: Cargo would refuse it, so it is left out.
        ("Apache 2.0", None),
    ] {
        let spec = dir.path().join("api.yaml");
        std::fs::write(
            &spec,
            format!("openapi: 3.0.3\ninfo: {{title: Tiny, version: '1', license: {{name: '{license}'}}}}\npaths: {{}}\n"),
        )
        .expect("write");
        let out = dir.path().join("tiny-sdk");
        let done = run(&[
            "--spec",
            spec.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.contains("description = \"Rust client for the Tiny API"));
        assert!(manifest.contains("readme = \"README.md\""), "{manifest}");
        match expected {
            Some(line) => assert!(manifest.contains(line), "{manifest}"),
            None => assert!(!manifest.contains("license"), "{manifest}"),
        }
        let readme = std::fs::read_to_string(out.join("README.md")).expect("readme");
        assert!(
            readme.starts_with("<!-- @generated by `openapi-rust-gen`"),
            "{readme}"
        );
        assert!(readme.contains("# tiny-sdk\n"), "{readme}");
        assert!(readme.contains("tiny_sdk::Client::from_env()"), "{readme}");
    }
}

/// `--tag-features on|off|auto`: the tags fixture split into one cargo feature per tag, or not;
/// a value outside the three is refused before anything is written.
#[test]
fn tag_features_are_chosen_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = fixture("tags.yaml");
    let spec = spec.to_str().expect("utf-8 path");
    let manifest = |when: &str| {
        let out = dir.path().join(format!("sdk-{when}"));
        let done = run(&[
            "--spec",
            spec,
            "--out",
            out.to_str().expect("utf-8 path"),
            "--tag-features",
            when,
        ]);
        assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
        std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest written")
    };
    let on = manifest("on");
    assert!(on.contains("[features]") && on.contains("full = ["), "{on}");
    let off = manifest("off");
    assert!(!off.contains("[features]"), "{off}");
    // The fixture is small: `auto` leaves it whole.
    assert_eq!(manifest("auto").replace("sdk-auto", "sdk-off"), off);

    let out = dir.path().join("sdk-bad");
    let bad = run(&[
        "--spec",
        spec,
        "--out",
        out.to_str().expect("utf-8 path"),
        "--tag-features",
        "sometimes",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("--tag-features takes `auto`, `on` or `off`, not `sometimes`"),
        "{}",
        text(&bad.stderr)
    );
    assert!(!out.exists());
}

/// `--types-crate on|off|auto`: with `on` the types go into `OUT/types`, and turning it off
/// again brings them back into `src/types` and removes the types crate's generated files; a
/// value outside the three is refused before anything is written.
#[test]
fn types_crate_is_chosen_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = fixture("tags.yaml");
    let spec = spec.to_str().expect("utf-8 path");
    let generate = |when: &str| {
        let out = dir.path().join(format!("sdk-{when}"));
        let done = run(&[
            "--spec",
            spec,
            "--out",
            out.to_str().expect("utf-8 path"),
            "--types-crate",
            when,
        ]);
        assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
        out
    };
    let on = generate("on");
    let types = std::fs::read_to_string(on.join("types/Cargo.toml")).expect("types manifest");
    assert!(types.contains("name = \"sdk-on-types\""), "{types}");
    assert!(on.join("types/src/types/mod.rs").exists());
    assert!(
        on.join("src/types/mod.rs").exists(),
        "the client's re-exports"
    );
    // The fixture is small and not split per tag: `auto` and `off` keep one crate.
    for when in ["auto", "off"] {
        let out = generate(when);
        assert!(!out.join("types").exists(), "{when}");
        assert!(out.join("src/types/mod.rs").exists(), "{when}");
    }
    // Turning it off again removes the generated type files from `types/src`.
    let again = run(&[
        "--spec",
        spec,
        "--out",
        on.to_str().expect("utf-8 path"),
        "--types-crate",
        "off",
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(on.join("src/types/pets.rs").exists());
    assert!(!on.join("types/src/types/mod.rs").exists());
    assert!(!on.join("types/Cargo.toml").exists());
    assert!(!on.join("types/README.md").exists());
    // Split per tag, with a type no operation uses: the operations and that type get crates of
    // their own, which the root re-exports; turned off, they go, but for hand-written files.
    let split = dir.path().join("sdk-split");
    let split_with = |when: &str| {
        let done = run(&[
            "--spec",
            spec,
            "--out",
            split.to_str().expect("utf-8 path"),
            "--tag-features",
            "on",
            "--types-crate",
            when,
        ]);
        assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    };
    split_with("auto");
    for path in [
        "client/Cargo.toml",
        "client/src/operations/pets.rs",
        "extra_types/Cargo.toml",
        "extra_types/src/types/extra.rs",
        "types/src/types/pets.rs",
    ] {
        assert!(split.join(path).exists(), "{path}");
    }
    assert!(!split.join("src/operations").exists());
    let root = std::fs::read_to_string(split.join("src/lib.rs")).expect("root");
    assert!(root.contains("pub use sdk_split_client::*;"), "{root}");
    std::fs::write(split.join("client/src/mine.rs"), "// hand-written\n").expect("write");
    split_with("off");
    for gone in [
        "client/Cargo.toml",
        "client/README.md",
        "client/src/lib.rs",
        "client/src/operations/pets.rs",
        "extra_types/Cargo.toml",
        "extra_types/src/types/extra.rs",
        "types/Cargo.toml",
    ] {
        assert!(!split.join(gone).exists(), "{gone}");
    }
    assert!(split.join("client/src/mine.rs").exists(), "hand-written");
    assert!(split.join("src/operations/pets.rs").exists());
    let out = dir.path().join("sdk-bad");
    let bad = run(&[
        "--spec",
        spec,
        "--out",
        out.to_str().expect("utf-8 path"),
        "--types-crate",
        "maybe",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("--types-crate takes `auto`, `on` or `off`, not `maybe`"),
        "{}",
        text(&bad.stderr)
    );
    assert!(!out.exists());
}
