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

/// The package name of the crate of the operations and the `Client`, when the types no
/// operation uses have a crate of their own (see [`Api::extra_types_crate`]).
pub fn client_crate_name(options: &ManifestOptions) -> String {
    format!("{}-client", options.crate_name)
}

/// The package name of the crate of the types no operation uses (see
/// [`Api::extra_types_crate`]).
pub fn extra_types_crate_name(options: &ManifestOptions) -> String {
    format!("{}-extra-types", options.crate_name)
}

/// The comment over the `[features]` table of the crate users depend on.
const USER_FEATURES: &str =
    "# One feature per tag of the spec: enable the groups of operations you call.\n";

/// What one crate's `[features]` table says and turns on.
struct FeatureTable<'a> {
    /// The comment line over the table.
    heading: &'a str,
    /// The crate whose feature of the same name each feature also turns on.
    forward_to: Option<&'a str>,
    /// What `extra_types` turns on, quoted; `None` leaves that feature out.
    extra_types: Option<Vec<String>>,
}

/// `[features]`: one per tag, none by default, `full` for all of them, `extra_types` for the
/// types no operation uses; docs.rs documents everything.
fn features_table(features: &Features, table: FeatureTable<'_>) -> String {
    let mut names: Vec<&str> = features.by_module.values().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let quoted: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
    let mut out = String::from("\n[features]\n");
    out.push_str(table.heading);
    out.push_str("default = []\n");
    let forwarded = |name: &str| match table.forward_to {
        Some(to) => toml_string(&format!("{to}/{name}")),
        None => String::new(),
    };
    let mut full = quoted.clone();
    if table.forward_to.is_some() {
        full.push(forwarded(Features::ALL));
    }
    out.push_str(&format!("{} = [{}]\n", Features::ALL, full.join(", ")));
    if let Some(extra_types) = &table.extra_types {
        out.push_str(
            "# The types no operation uses (webhook payloads, for example); not part of `full`.\n",
        );
        out.push_str(&format!(
            "{} = [{}]\n",
            Features::EXTRA_TYPES,
            extra_types.join(", ")
        ));
    }
    for name in &names {
        out.push_str(&format!("{name} = [{}]\n", forwarded(name)));
    }
    out.push_str("\n[package.metadata.docs.rs]\nall-features = true\n");
    out
}

/// A path dependency on a crate generated beside this one: pinned, as the crates are generated
/// together and go together.
fn sibling_dependency(name: &str, path: &str, options: &ManifestOptions, optional: bool) -> String {
    format!(
        "{name} = {{ version = \"={}\", path = {}{} }}\n",
        options.crate_version,
        toml_string(path),
        if optional { ", optional = true" } else { "" }
    )
}

/// The runtime's path from a crate one folder below the generated crate's root.
fn runtime_path_below(options: &ManifestOptions) -> String {
    match options.runtime_path.as_str() {
        "" => String::new(),
        path if std::path::Path::new(path).is_absolute() => path.to_owned(),
        path => format!("../{path}"),
    }
}

/// The dependencies every crate with code that sends requests or encodes bodies has.
fn common_dependencies(runtime_path: &str, http: bool) -> String {
    let mut out = runtime_dependency(runtime_path);
    if http {
        out.push_str("http = \"1\"\n");
    }
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    out.push_str("serde_json = \"1\"\n");
    out
}

/// The generated crate's `Cargo.toml`. With crates beside it, it depends on them and its
/// features turn on theirs.
pub fn manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Rust client for the {} API (generated from its OpenAPI spec)",
        api.title
    );
    let mut out = package(&options.crate_name, &description, api, options);
    out.push_str("[dependencies]\n");
    let (forward_to, extra_types) = if api.extra_types_crate {
        let client = client_crate_name(options);
        let extra = extra_types_crate_name(options);
        out.push_str(&sibling_dependency(&client, "client", options, false));
        out.push_str(&sibling_dependency(&extra, "extra_types", options, true));
        let turns_on = vec![
            toml_string(&format!("dep:{extra}")),
            toml_string(&format!("{extra}/{}", Features::EXTRA_TYPES)),
        ];
        (Some(client), turns_on)
    } else if api.types_crate {
        let types = types_crate_name(options);
        out.push_str(&sibling_dependency(&types, "types", options, false));
        let turns_on = vec![toml_string(&format!("{types}/{}", Features::EXTRA_TYPES))];
        (Some(types), turns_on)
    } else {
        (None, Vec::new())
    };
    // The crate's own tests (example tests, hand-written ones) may use these too.
    out.push_str(&common_dependencies(&options.runtime_path, true));
    if let Some(features) = &api.features {
        out.push_str(&features_table(
            features,
            FeatureTable {
                heading: USER_FEATURES,
                forward_to: forward_to.as_deref(),
                extra_types: Some(extra_types),
            },
        ));
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

/// `client/Cargo.toml`, the manifest of the crate of the operations and the `Client` (see
/// [`Api::extra_types_crate`]): the types crate, and features that turn on its own.
pub fn client_manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Operations of the {} API for the `{}` crate (generated from its OpenAPI spec)",
        api.title, options.crate_name
    );
    let mut out = package(&client_crate_name(options), &description, api, options);
    out.push_str("[dependencies]\n");
    let types = types_crate_name(options);
    out.push_str(&sibling_dependency(&types, "../types", options, false));
    out.push_str(&common_dependencies(&runtime_path_below(options), true));
    if let Some(features) = &api.features {
        out.push_str(&features_table(
            features,
            FeatureTable {
                heading: &sibling_features(options),
                forward_to: Some(&types),
                extra_types: None,
            },
        ));
    }
    out
}

/// `extra_types/Cargo.toml`, the manifest of the crate of the types no operation uses (see
/// [`Api::extra_types_crate`]): the types crate, whose `extra_types` it turns on with its own.
pub fn extra_types_manifest(api: &Api, options: &ManifestOptions) -> String {
    let description = format!(
        "Types no operation of the {} API uses, for the `{}` crate (generated from its OpenAPI \
         spec)",
        api.title, options.crate_name
    );
    let mut out = package(&extra_types_crate_name(options), &description, api, options);
    out.push_str("[dependencies]\n");
    let types = types_crate_name(options);
    out.push_str(&sibling_dependency(&types, "../types", options, false));
    out.push_str(&common_dependencies(&runtime_path_below(options), false));
    out.push_str("\n[features]\n");
    out.push_str(&sibling_features(options));
    out.push_str("default = []\n");
    out.push_str(&format!(
        "{} = [{}]\n",
        Features::EXTRA_TYPES,
        toml_string(&format!("{types}/{}", Features::EXTRA_TYPES))
    ));
    out.push_str("\n[package.metadata.docs.rs]\nall-features = true\n");
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
    out.push_str(&common_dependencies(&runtime_path_below(options), false));
    if let Some(features) = &api.features {
        out.push_str(&features_table(
            features,
            FeatureTable {
                heading: &sibling_features(options),
                forward_to: None,
                extra_types: Some(Vec::new()),
            },
        ));
    }
    out
}

/// The comment over the `[features]` table of a crate generated beside the one users depend on.
fn sibling_features(options: &ManifestOptions) -> String {
    format!(
        "# `{}`'s features of the same names turn these on.\n",
        options.crate_name
    )
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

/// `client/README.md`: what the crate of the operations is for.
pub fn client_readme(options: &ManifestOptions) -> String {
    sibling_readme(
        &client_crate_name(options),
        "The operations and the `Client`",
        options,
    )
}

/// `extra_types/README.md`: what the crate of the types no operation uses is for.
pub fn extra_types_readme(options: &ManifestOptions) -> String {
    sibling_readme(
        &extra_types_crate_name(options),
        "The types no operation uses (webhook payloads, for example)",
        options,
    )
}

/// The README of a crate generated beside the one users depend on, which re-exports it.
fn sibling_readme(name: &str, what: &str, options: &ManifestOptions) -> String {
    let client = &options.crate_name;
    format!(
        "# {name}\n\n\
         {what} of `{client}`, generated with it by `openapi-rust-gen`.\n\n\
         Depend on `{client}`, which re-exports them: they are a crate of their own only so that\n\
         cargo checks them side by side with the rest. `{client}`'s features turn on the same\n\
         features here.\n",
    )
}
