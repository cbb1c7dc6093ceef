//! `Cargo.toml` of the generated crate.

use crate::model::{Api, Features};

/// How the generated crate's manifest is written.
#[derive(Debug, Clone)]
pub struct ManifestOptions {
    /// Package name.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// `path` of the runtime crate dependency, relative to the generated crate or absolute; empty
    /// for a crate that takes the runtime from the registry by version alone. Either way the
    /// dependency names [`RUNTIME_VERSION`], so `cargo package` and `cargo publish` work.
    pub runtime_path: String,
    /// Add an empty `[workspace]` table, so the crate builds on its own anywhere.
    pub standalone: bool,
    /// Extra TOML appended verbatim (dev-dependencies of hand-written tests, say).
    pub extra: String,
}

/// The `sdk-runtime` version generated crates require.
pub const RUNTIME_VERSION: &str = "0.1.6";

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[features]`: one per tag, none by default, `full` for all of them, `extra_types` for the
/// types no operation uses; docs.rs documents everything.
fn features_table(features: &Features) -> String {
    let mut names: Vec<&str> = features.by_module.values().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let quoted: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
    let mut out = String::from("\n[features]\n");
    out.push_str("# One feature per tag of the spec: enable the groups of operations you call.\n");
    out.push_str("default = []\n");
    out.push_str(&format!("{} = [{}]\n", Features::ALL, quoted.join(", ")));
    out.push_str(
        "# The types no operation uses (webhook payloads, for example); not part of `full`.\n",
    );
    out.push_str(&format!("{} = []\n", Features::EXTRA_TYPES));
    for name in &names {
        out.push_str(&format!("{name} = []\n"));
    }
    out.push_str("\n[package.metadata.docs.rs]\nall-features = true\n");
    out
}

pub fn manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Rust client for the {} API (generated from its OpenAPI spec)",
        api.title
    );
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&options.crate_name)));
    out.push_str(&format!(
        "version = {}\n",
        toml_string(&options.crate_version)
    ));
    out.push_str("edition = \"2021\"\n");
    out.push_str(&format!("description = {}\n", toml_string(&description)));
    if let Some(license) = &api.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    out.push_str("readme = \"README.md\"\n");
    out.push_str("publish = false\n\n");
    out.push_str("[dependencies]\n");
    if options.runtime_path.is_empty() {
        out.push_str(&format!("sdk-runtime = \"{RUNTIME_VERSION}\"\n"));
    } else {
        out.push_str(&format!(
            "sdk-runtime = {{ version = \"{RUNTIME_VERSION}\", path = {} }}\n",
            toml_string(&options.runtime_path)
        ));
    }
    out.push_str("http = \"1\"\n");
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    out.push_str("serde_json = \"1\"\n");
    if let Some(features) = &api.features {
        out.push_str(&features_table(features));
    }
    if !options.extra.trim().is_empty() {
        out.push('\n');
        out.push_str(options.extra.trim());
        out.push('\n');
    }
    if options.standalone {
        out.push_str("\n[workspace]\n");
    }
    out
}

/// The generated crate's `README.md`: what it is and how to start.
pub fn readme(api: &Api, options: &ManifestOptions) -> String {
    let name = &options.crate_name;
    let lib = name.replace('-', "_");
    // The title is the spec's words: kept on one line, and out of Markdown's way.
    let title: String = api
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['`', '<', '>', '[', ']', '*', '_'], "");
    format!(
        "# {name}\n\n\
         Rust client for the {title} API (version {version}), generated from its OpenAPI spec by\n\
         `openapi-rust-gen`. It depends on `sdk-runtime` (transport, credentials, retries, errors).\n\n\
         ```rust,ignore\n\
         let client = {lib}::Client::from_env()?; // or Client::new(config)\n\
         ```\n\n\
         Operations are methods on `Client`, grouped by tag under `operations`; each returns a\n\
         request builder whose `send().await` yields the decoded response or an `Error`. Bodies\n\
         and other schemas are in `types`. `cargo doc --open` shows the whole API.\n",
        version = api.version.split_whitespace().collect::<Vec<_>>().join(" ").replace('`', ""),
    )
}
