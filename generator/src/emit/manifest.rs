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

/// The package name of the types crate (see [`TypesCrate`](crate::model::TypesCrate)).
pub fn types_crate_name(options: &ManifestOptions) -> String {
    format!("{}-types", options.crate_name)
}

/// `[features]`: one per tag, none by default, `full` for all of them, `extra_types` for the
/// types no operation uses; docs.rs documents everything. With `forward_to` (the types crate's
/// name), each feature also turns on the types crate's feature of the same name; `for_types`
/// writes the types crate's own table.
fn features_table(features: &Features, forward_to: Option<&str>, for_types: bool) -> String {
    let mut names: Vec<&str> = features.by_module.values().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let quoted: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
    let mut out = String::from("\n[features]\n");
    out.push_str(if for_types {
        "# The client crate's features of the same names turn these on.\n"
    } else {
        "# One feature per tag of the spec: enable the groups of operations you call.\n"
    });
    out.push_str("default = []\n");
    let forwarded = |name: &str| match forward_to {
        Some(types) => toml_string(&format!("{types}/{name}")),
        None => String::new(),
    };
    let mut full = quoted.clone();
    if forward_to.is_some() {
        full.push(forwarded(Features::ALL));
    }
    out.push_str(&format!("{} = [{}]\n", Features::ALL, full.join(", ")));
    out.push_str(
        "# The types no operation uses (webhook payloads, for example); not part of `full`.\n",
    );
    out.push_str(&format!(
        "{} = [{}]\n",
        Features::EXTRA_TYPES,
        forwarded(Features::EXTRA_TYPES)
    ));
    for name in &names {
        out.push_str(&format!("{name} = [{}]\n", forwarded(name)));
    }
    out.push_str("\n[package.metadata.docs.rs]\nall-features = true\n");
    out
}

pub fn manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Rust client for the {} API (generated from its OpenAPI spec)",
        api.title
    );
    let types = api.types_crate.then(|| types_crate_name(options));
    let mut out = package(&options.crate_name, &description, api, options);
    out.push_str("[dependencies]\n");
    if let Some(types) = &types {
        // Pinned: the two crates are generated together and go together.
        out.push_str(&format!(
            "{types} = {{ version = \"={}\", path = \"types\" }}\n",
            options.crate_version
        ));
    }
    out.push_str(&runtime_dependency(&options.runtime_path));
    out.push_str("http = \"1\"\n");
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    out.push_str("serde_json = \"1\"\n");
    if let Some(features) = &api.features {
        out.push_str(&features_table(features, types.as_deref(), false));
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

/// `types/Cargo.toml`, the manifest of the types crate: the client's features (without
/// forwarding), and the runtime at the same place (one folder further down when it is a
/// relative path).
pub fn types_manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Types of the {} API for the `{}` crate (generated from its OpenAPI spec)",
        api.title, options.crate_name
    );
    let mut out = package(&types_crate_name(options), &description, api, options);
    out.push_str("[dependencies]\n");
    let runtime_path = match options.runtime_path.as_str() {
        "" => String::new(),
        path if std::path::Path::new(path).is_absolute() => path.to_owned(),
        path => format!("../{path}"),
    };
    out.push_str(&runtime_dependency(&runtime_path));
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    out.push_str("serde_json = \"1\"\n");
    if let Some(features) = &api.features {
        out.push_str(&features_table(features, None, true));
    }
    out
}

/// `[package]`, through `publish`, and the blank line after it.
fn package(name: &str, description: &str, api: &Api, options: &ManifestOptions) -> String {
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(name)));
    out.push_str(&format!(
        "version = {}\n",
        toml_string(&options.crate_version)
    ));
    out.push_str("edition = \"2021\"\n");
    out.push_str(&format!("description = {}\n", toml_string(description)));
    if let Some(license) = &api.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    out.push_str("readme = \"README.md\"\n");
    out.push_str("publish = false\n\n");
    out
}

/// The `sdk-runtime` dependency line: by version, and from `path` when there is one.
fn runtime_dependency(path: &str) -> String {
    if path.is_empty() {
        format!("sdk-runtime = \"{RUNTIME_VERSION}\"\n")
    } else {
        format!(
            "sdk-runtime = {{ version = \"{RUNTIME_VERSION}\", path = {} }}\n",
            toml_string(path)
        )
    }
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

/// `types/README.md`: what the types crate is for.
pub fn types_readme(options: &ManifestOptions) -> String {
    let name = types_crate_name(options);
    let client = &options.crate_name;
    format!(
        "# {name}\n\n\
         The request and response bodies and the other named types of `{client}`, generated with\n\
         it by `openapi-rust-gen`. Depend on `{client}` and use them as `{lib}::types`: they are\n\
         a crate of their own only so that cargo compiles them apart from the operations, which\n\
         keeps the peak memory of a build lower. `{client}`'s features turn on the same features\n\
         here.\n",
        lib = client.replace('-', "_"),
    )
}
