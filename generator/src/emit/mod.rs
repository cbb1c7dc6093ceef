//! Stage 3, emit: the model -> token streams (Rust files) and text (the manifest).
//!
//! One function per kind of output. Emitters use only the names the model decided.

mod batch;
pub mod docs;
mod examples;
mod manifest;
mod operations;
mod paging;
mod root;
mod types;
mod waiters;

use crate::error::Error;
use crate::model::{Api, TypeDef, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub use manifest::{ManifestOptions, RUNTIME_VERSION};

/// One output file before formatting.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Its content.
    pub content: EmittedContent,
}

/// The content of an emitted file.
#[derive(Debug, Clone)]
pub enum EmittedContent {
    /// Rust tokens, to be formatted.
    Rust(TokenStream),
    /// Text written as is (after its header).
    Text(String),
}

/// Everything the emitters need besides the model.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// How the manifest is written.
    pub manifest: ManifestOptions,
    /// Service name used for endpoint overrides from the environment and the User-Agent.
    pub service_name: String,
}

/// Emits every file of the crate, in a stable order.
pub fn emit(api: &Api, options: &EmitOptions) -> Result<Vec<EmittedFile>, Error> {
    let ctx = Ctx::new(api);
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            content: EmittedContent::Text(manifest::manifest(api, &options.manifest)),
        },
        EmittedFile {
            path: "README.md".into(),
            content: EmittedContent::Text(manifest::readme(api, &options.manifest)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            content: EmittedContent::Rust(root::lib_rs(api, options)?),
        },
    ];
    files.extend(types::type_files(&ctx)?);
    files.extend(operations::operation_files(&ctx)?);
    files.extend(waiters::waiters_file(&ctx)?);
    files.extend(examples::examples_file(api, &options.manifest.crate_name)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Shared lookups for the emitters.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    by_name: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Ctx<'a> {
    fn new(api: &'a Api) -> Self {
        Ctx {
            api,
            by_name: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The named type `name`.
    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_name.get(name).copied()
    }
}

/// A checked identifier: an error, never a panic, if the model produced something that is not
/// a plain identifier (`Ident::new` panics on `r#type`, say).
pub(crate) fn ident(name: &str) -> Result<Ident, Error> {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        Ok(Ident::new(name, Span::call_site()))
    } else {
        Err(Error::file(
            "<generator>",
            format!("internal error: `{name}` is not a valid Rust identifier"),
        ))
    }
}

/// Tokens for a type expression. `types_path` prefixes named types (empty inside `types`).
pub(crate) fn type_tokens(ty: &TypeRef, types_path: &TokenStream) -> Result<TokenStream, Error> {
    Ok(match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(sdk_runtime::Bytes),
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, types_path)?;
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, types_path)?;
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, types_path)?;
            quote!(Option<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name)?;
            quote!(#types_path #name)
        }
    })
}
