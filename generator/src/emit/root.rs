//! `src/lib.rs`: crate docs, module tree, re-exports of the runtime and the `Client`.

use super::{manifest, EmitOptions};
use crate::error::Error;
use crate::model::{Api, ConfigValue};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/lib.rs` of the crate that holds the operations and the `Client`: the generated crate
/// itself, or, when the types no operation uses have a crate of their own (see
/// [`Api::extra_types_crate`]), `client/src/lib.rs`, with short docs that send readers to the
/// crate that re-exports it.
pub fn lib_rs(api: &Api, options: &EmitOptions) -> Result<TokenStream, Error> {
    let lines = if api.extra_types_crate {
        let name = &options.manifest.crate_name;
        vec![
            format!(
                "The operations and the [`Client`] of the {} API for the `{name}` crate.",
                super::docs::inline(&api.title)
            ),
            String::new(),
            format!(
                "Use them through `{name}`, which re-exports everything here and adds the types \
                 no operation uses. The two are crates of their own so that cargo checks them \
                 side by side. `{name}` turns on the features here that match its own."
            ),
        ]
    } else {
        crate_doc_lines(api)
    };
    let crate_docs = inner_docs(&lines);
    let service = service_static(api, options);
    let config_param = config_param_fn(api);
    let waiters = (!api.waiters.is_empty()).then(|| {
        let cfg = features_of(api, api.waiters.iter().map(|w| w.operation.as_str()), true);
        quote! {
            #cfg
            pub mod waiters;
        }
    });
    let attributes = crate_attributes();
    Ok(quote! {
        #(#crate_docs)*
        #attributes

        pub mod operations;
        pub mod types;
        #waiters

        pub use sdk_runtime::{Config, ConfigBuilder, Credentials, Error, RetryPolicy};
        /// The hand-written runtime: configuration, signing, transport, retries and errors.
        pub use sdk_runtime as runtime;

        #service

        /// A client for the API. Cheap to clone: clones share the configuration and connections.
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: sdk_runtime::Client,
        }

        impl Client {
            /// Creates a client from a configuration.
            pub fn new(config: Config) -> Result<Self, Error> {
                Ok(Client { runtime: sdk_runtime::Client::new(config, &SERVICE)? })
            }

            /// Creates a client configured from `HUAWEICLOUD_SDK_*` environment variables.
            pub fn from_env() -> Result<Self, Error> {
                Self::new(Config::from_env()?.build()?)
            }

            /// The runtime client that sends the requests.
            pub fn runtime(&self) -> &sdk_runtime::Client {
                &self.runtime
            }

            #config_param

        }
    })
}

/// `src/lib.rs` of the types crate (see [`TypesCrate`](crate::model::TypesCrate)): its docs,
/// the same lints as the client crate's, and the module `types`, which keeps the paths the
/// type files use (`crate::types::..`).
pub fn types_lib_rs(api: &Api, options: &EmitOptions) -> TokenStream {
    let client = &options.manifest.crate_name;
    let lib = client.replace('-', "_");
    let lines = [
        format!(
            "The types of the {} API for the `{client}` crate: request and response bodies and \
             the other named types of the spec.",
            super::docs::inline(&api.title)
        ),
        String::new(),
        format!(
            "Use them through `{lib}::types`, which re-exports [`types`] and adds the types no \
             operation uses. They are a crate of their own so that cargo compiles them apart \
             from the operations: a build's peak memory is then the larger of the two crates, \
             not their sum. `{client}` turns on the features here that match its own."
        ),
    ];
    let docs = inner_docs(&lines);
    // The status enums' predicates (`is_terminal`, ..), which the client crate's waiters call.
    let waiters = (!api.waiters.is_empty()).then(|| {
        quote!(
            mod waiters;
        )
    });
    let attributes = crate_attributes();
    quote! {
        #(#docs)*
        #attributes

        pub mod types;
        #waiters
    }
}

/// `src/lib.rs` of the generated crate when the operations and the types no operation uses
/// are crates of their own (see [`Api::extra_types_crate`]): the crate docs, and re-exports of
/// both, so that paths stay `<name>::Client`, `<name>::operations::..`, `<name>::types::..`.
pub fn facade_lib_rs(api: &Api, options: &EmitOptions) -> Result<TokenStream, Error> {
    let client = super::ident(&manifest::client_crate_name(&options.manifest).replace('-', "_"))?;
    let extra =
        super::ident(&manifest::extra_types_crate_name(&options.manifest).replace('-', "_"))?;
    let crate_docs = inner_docs(&crate_doc_lines(api));
    let attributes = crate_attributes();
    let extra_types = crate::model::Features::EXTRA_TYPES;
    Ok(quote! {
        #(#crate_docs)*
        #attributes

        #[doc(inline)]
        pub use #client::*;

        /// Request and response bodies and the other named types of the API.
        ///
        /// Every type is re-exported here, whichever crate defines it.
        pub mod types {
            // Nothing to re-export when no feature is on.
            #[allow(unused_imports)]
            #[doc(inline)]
            pub use #client::types::*;
            #[cfg(feature = #extra_types)]
            #[doc(inline)]
            pub use #extra::types::*;
        }
    })
}

/// `extra_types/src/lib.rs`, the crate of the types no operation uses (see
/// [`Api::extra_types_crate`]): its docs and the module `types`, which keeps the paths the type
/// files use.
pub fn extra_types_lib_rs(api: &Api, options: &EmitOptions) -> TokenStream {
    let name = &options.manifest.crate_name;
    let lines = [
        format!(
            "The types of the {} API that no operation uses (webhook payloads, for example), \
             for the `{name}` crate.",
            super::docs::inline(&api.title)
        ),
        String::new(),
        format!(
            "Use them through `{}::types` with the feature `{}`. They are a crate of their own \
             so that cargo checks them side by side with the operations.",
            name.replace('-', "_"),
            crate::model::Features::EXTRA_TYPES
        ),
    ];
    let docs = inner_docs(&lines);
    let attributes = crate_attributes();
    quote! {
        #(#docs)*
        #attributes

        pub mod types;
    }
}

/// One inner doc attribute per line.
fn inner_docs(lines: &[String]) -> Vec<TokenStream> {
    lines
        .iter()
        .map(|line| {
            let line = super::docs::doc_line(line);
            quote!(#![doc = #line])
        })
        .collect()
}

/// The inner attributes every crate's root carries: no `unsafe`, docs required, and the lints
/// that the spec, not the generator, decides.
fn crate_attributes() -> TokenStream {
    quote! {
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // Deeply nested bodies (AWS Cost Explorer's expression types) take rustc's layout of a
        // `send()` future past its default query depth of 128.
        #![recursion_limit = "256"]
        // What the spec says decides these: many parameters, large response variants, names
        // such as `foo` or `default`, prose that is not quite Markdown.
        #![allow(
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::type_complexity,
            clippy::enum_variant_names,
            clippy::disallowed_names,
            clippy::should_implement_trait,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items
        )]
    }
}

/// The crate-level docs, one line each: title and version, the spec's description, how to use
/// the client and, for a crate split per tag, its features.
fn crate_doc_lines(api: &Api) -> Vec<String> {
    let mut lines = vec![format!(
        "Rust client for the {} API (version {}).",
        super::docs::inline(&api.title),
        super::docs::inline(&api.version)
    )];
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(super::docs::sanitize(d));
    }
    lines.push(String::new());
    lines.push(
        "Build a [`Client`] from a [`Config`], then call one method per operation; each returns a \
         request builder whose `send().await` yields the decoded response or an [`Error`]. \
         Operations are grouped in [`operations`] by tag; bodies and other schemas are in [`types`]."
            .to_owned(),
    );
    if let Some(features) = &api.features {
        let mut names: Vec<&str> = features.by_module.values().map(String::as_str).collect();
        names.sort_unstable();
        let example: Vec<String> = names.iter().take(2).map(|n| format!("\"{n}\"")).collect();
        lines.push(String::new());
        lines.push("# Features".to_owned());
        lines.push(String::new());
        lines.push(format!(
            "Each tag's operations, and the types only they use, sit behind a cargo feature \
             named after the tag's module ({}). None is on by default, so a crate that uses a \
             few groups compiles only those: enable the groups you call (`features = [{}]`), or \
             `{}` for every one. The types the spec defines but no operation uses (webhook \
             payloads, for example) compile only with `{}`, which `{}` leaves off.",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            example.join(", "),
            crate::model::Features::ALL,
            crate::model::Features::EXTRA_TYPES,
            crate::model::Features::ALL,
        ));
    }
    lines
}

/// `pub static SERVICE`: the endpoint template, the regions whose endpoint differs and the SDK's
/// name and version, with its docs.
fn service_static(api: &Api, options: &EmitOptions) -> TokenStream {
    let (template, regions) = match &api.server {
        Some(s) => (s.url_template.clone(), s.region_endpoints.clone()),
        None => (String::new(), Vec::new()),
    };
    let region_pairs = regions.iter().map(|(r, e)| quote!((#r, #e)));
    let service_name = options.service_name.as_str();
    let sdk_name = options.manifest.crate_name.as_str();
    let sdk_version = options.manifest.crate_version.as_str();
    let default_region_doc = match api.server.as_ref().and_then(|s| s.default_region.as_ref()) {
        Some(r) => format!(" The spec's default region is {}.", super::docs::code(r)),
        None => String::new(),
    };
    let service_doc = super::docs::doc_raw(&format!(
        "How to reach the service: endpoint template {} (its `{{region}}` comes from the \
         configuration) and regions whose endpoint differs.{default_region_doc}",
        super::docs::code(&template)
    ));
    quote! {
        #service_doc
        pub static SERVICE: sdk_runtime::ServiceInfo = sdk_runtime::ServiceInfo {
            name: #service_name,
            endpoint_template: #template,
            region_endpoints: &[#(#region_pairs),*],
            sdk_name: #sdk_name,
            sdk_version: #sdk_version,
        };
    }
}

/// `#[cfg(..)]` for code that the operations named `fn_names` use (all of them with `all`, any
/// with not); nothing unless the crate is split per tag.
fn features_of<'a>(api: &Api, fn_names: impl Iterator<Item = &'a str>, all: bool) -> TokenStream {
    let Some(features) = &api.features else {
        return TokenStream::new();
    };
    let names: Vec<&str> = fn_names
        .filter_map(|name| api.operations.iter().find(|op| op.fn_name == name))
        .map(|op| features.of_module(&op.module))
        .collect();
    super::features_cfg(&names, all)
}

/// `Client::config_param`, when some path parameter is filled from configuration: one arm per
/// configuration value the operations use.
fn config_param_fn(api: &Api) -> Option<TokenStream> {
    let mut used: Vec<(&str, ConfigValue)> = api
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .filter_map(|p| Some((p.wire_name.as_str(), p.from_config.as_ref()?.value)))
        .collect();
    used.sort();
    used.dedup();
    if used.is_empty() {
        return None;
    }
    let users = api
        .operations
        .iter()
        .filter(|op| op.params.iter().any(|p| p.from_config.is_some()))
        .map(|op| op.fn_name.as_str());
    let cfg = features_of(api, users, false);
    let arms = used.iter().map(|(wire, value)| match value {
        ConfigValue::ProjectId => quote! {
            #wire => (self.runtime.project_id(), call.map(sdk_runtime::check_project_id).transpose()?),
        },
    });
    Some(quote! {
            /// A path parameter filled from configuration unless the call sets it.
            #cfg
            fn config_param(&self, name: &str, call: Option<&str>) -> Result<String, Error> {
                let (configured, call) = match name {
                    #(#arms)*
                    _ => (None, call),
                };
                call.or(configured).map(str::to_owned).ok_or_else(|| {
                    Error::config(format!(
                        "`{name}` is not set: configure it (for `project_id`, `ConfigBuilder::project_id` or \
                         HUAWEICLOUD_SDK_PROJECT_ID) or set it on the call"
                    ))
                })
            }
    })
}
