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
    /// Rust tokens, to be formatted, in pieces: the first holds the file's inner attributes and
    /// `use` lines, each other one or a few whole items. Pieces are parsed and printed one at a
    /// time, so a large file never has all its syntax trees in memory at once; the text is the
    /// same as if the file were one piece.
    Rust(Vec<TokenStream>),
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
    let mut files = Vec::new();
    emit_share(api, options, &Share::default(), |file| {
        files.push(file);
        Ok(())
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Hands files out to workers that all walk the same sequence of files: the first worker to
/// reach a file takes it, the others skip it. Every worker calls [`emit_share`] with the same
/// `Share`, so each file is emitted exactly once, by whichever worker was free first.
#[derive(Debug, Default)]
pub struct Share {
    /// How many files of the sequence have been taken.
    taken: std::sync::atomic::AtomicUsize,
}

/// One worker's place in the sequence of files.
struct Turn<'a> {
    share: &'a Share,
    next: std::cell::Cell<usize>,
}

impl Turn<'_> {
    /// Whether this worker emits the next file of the sequence.
    fn take(&self) -> bool {
        use std::sync::atomic::Ordering;
        let mine = self.next.get();
        self.next.set(mine + 1);
        let mut taken = self.share.taken.load(Ordering::Acquire);
        // `taken` never falls behind `mine`: a worker moves past a file only once it is taken.
        while taken == mine {
            match self.share.taken.compare_exchange(
                mine,
                mine + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return true,
                Err(now) => taken = now,
            }
        }
        false
    }
}

/// Emits this worker's share of the crate's files, handing each to `sink` as soon as it is
/// built (token streams cannot leave their thread, so each worker formats its own files).
pub fn emit_share(
    api: &Api,
    options: &EmitOptions,
    share: &Share,
    mut sink: impl FnMut(EmittedFile) -> Result<(), Error>,
) -> Result<(), Error> {
    let ctx = Ctx::new(api, options, share);
    // Workers take files in this order, so the largest come first (example tests, then the
    // operations, then the types) and the small ones fill the gaps at the end: a big file
    // taken last would keep one worker busy while the others idle.
    if ctx.take() {
        if let Some(file) = examples::examples_file(api, &options.manifest.crate_name)? {
            sink(file)?;
        }
    }
    operations::operation_files(&ctx, &mut sink)?;
    types::type_files(&ctx, &mut sink)?;
    if ctx.take() {
        for file in waiters::waiters_files(&ctx)? {
            sink(file)?;
        }
    }
    if ctx.take() {
        sink(EmittedFile {
            path: format!("{}src/lib.rs", ctx.client_dir),
            content: EmittedContent::Rust(vec![root::lib_rs(api, options)?]),
        })?;
    }
    if ctx.take() {
        sink(EmittedFile {
            path: "Cargo.toml".into(),
            content: EmittedContent::Text(manifest::manifest(api, &options.manifest)),
        })?;
    }
    if ctx.take() {
        sink(EmittedFile {
            path: "README.md".into(),
            content: EmittedContent::Text(manifest::readme(api, &options.manifest)),
        })?;
    }
    if api.types_crate && ctx.take() {
        let files = crate_files(
            TYPES_CRATE_DIR,
            root::types_lib_rs(api, options),
            manifest::types_manifest(api, &options.manifest),
            manifest::types_readme(&options.manifest),
        );
        for file in files {
            sink(file)?;
        }
    }
    if api.extra_types_crate && ctx.take() {
        sink(EmittedFile {
            path: "src/lib.rs".into(),
            content: EmittedContent::Rust(vec![root::facade_lib_rs(api, options)?]),
        })?;
        sink(EmittedFile {
            path: format!("{CLIENT_CRATE_DIR}Cargo.toml"),
            content: EmittedContent::Text(manifest::client_manifest(api, &options.manifest)),
        })?;
        sink(EmittedFile {
            path: format!("{CLIENT_CRATE_DIR}README.md"),
            content: EmittedContent::Text(manifest::client_readme(&options.manifest)),
        })?;
        let files = crate_files(
            EXTRA_TYPES_CRATE_DIR,
            root::extra_types_lib_rs(api, options),
            manifest::extra_types_manifest(api, &options.manifest),
            manifest::extra_types_readme(&options.manifest),
        );
        for file in files {
            sink(file)?;
        }
    }
    Ok(())
}

/// The root, manifest and README of a crate generated in the folder `dir` beside the root.
fn crate_files(dir: &str, lib: TokenStream, manifest: String, readme: String) -> [EmittedFile; 3] {
    [
        EmittedFile {
            path: format!("{dir}src/lib.rs"),
            content: EmittedContent::Rust(vec![lib]),
        },
        EmittedFile {
            path: format!("{dir}Cargo.toml"),
            content: EmittedContent::Text(manifest),
        },
        EmittedFile {
            path: format!("{dir}README.md"),
            content: EmittedContent::Text(readme),
        },
    ]
}

/// The folder of the types crate inside the generated crate, with its trailing `/` (see
/// [`TypesCrate`](crate::model::TypesCrate)).
pub const TYPES_CRATE_DIR: &str = "types/";

/// The folder of the operations' crate when the types no operation uses have a crate of their
/// own (see [`Api::extra_types_crate`]); the generated crate's root then only re-exports.
pub const CLIENT_CRATE_DIR: &str = "client/";

/// The folder of the crate of the types no operation uses (see [`Api::extra_types_crate`]).
pub const EXTRA_TYPES_CRATE_DIR: &str = "extra_types/";

/// Shared lookups for the emitters, and this worker's turn in the sequence of files.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    /// The library name of the types crate, when there is one (see
    /// [`TypesCrate`](crate::model::TypesCrate)).
    pub types_crate: Option<String>,
    /// The folder of the crate that holds the operations and the `Client`:
    /// [`CLIENT_CRATE_DIR`] when the generated crate's root only re-exports, else the root.
    pub client_dir: &'static str,
    by_name: BTreeMap<&'a str, &'a TypeDef>,
    turn: Turn<'a>,
}

impl<'a> Ctx<'a> {
    fn new(api: &'a Api, options: &EmitOptions, share: &'a Share) -> Self {
        Ctx {
            api,
            types_crate: api
                .types_crate
                .then(|| manifest::types_crate_name(&options.manifest).replace('-', "_")),
            client_dir: if api.extra_types_crate {
                CLIENT_CRATE_DIR
            } else {
                ""
            },
            by_name: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            turn: Turn {
                share,
                next: std::cell::Cell::new(0),
            },
        }
    }

    /// Whether this worker emits the next file (see [`Share`]); every emitter calls it once per
    /// file it may produce, in the same order on every worker.
    pub fn take(&self) -> bool {
        self.turn.take()
    }

    /// `#[cfg(..)]` for the operations of the group `module`: nothing unless the crate is split
    /// per tag.
    pub fn module_cfg(&self, module: &str) -> TokenStream {
        match &self.api.features {
            Some(features) => features_cfg(&[features.of_module(module)], false),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(..)]` for the named type `name` (compiled by any feature whose operations reach
    /// it, or by `extra_types` when none does): nothing unless the crate is split per tag.
    pub fn type_cfg(&self, name: &str) -> TokenStream {
        match &self.api.features {
            Some(features) => features_cfg(&type_features(features, name), false),
            None => TokenStream::new(),
        }
    }

    /// The features any of which compiles the named type `name`; none unless the crate is
    /// split per tag.
    pub fn type_features(&self, name: &str) -> Vec<&'a str> {
        match &self.api.features {
            Some(features) => type_features(features, name),
            None => Vec::new(),
        }
    }

    /// `#[cfg(..)]` that compiles a module holding the types `names`: any feature that compiles
    /// one of them (so that an empty module is never compiled, nor its glob re-export).
    pub fn any_type_cfg<'n>(&self, names: impl Iterator<Item = &'n str>) -> TokenStream {
        let Some(features) = &self.api.features else {
            return TokenStream::new();
        };
        let mut any: Vec<&str> = Vec::new();
        for name in names {
            any.extend(type_features(features, name));
        }
        features_cfg(&any, false)
    }

    /// The named type `name`.
    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_name.get(name).copied()
    }
}

/// The features any of which compiles the type `name`: those of the groups whose operations
/// reach it, or [`Features::EXTRA_TYPES`](crate::model::Features::EXTRA_TYPES) alone.
fn type_features<'f>(features: &'f crate::model::Features, name: &str) -> Vec<&'f str> {
    match features.of_type(name) {
        [] => vec![crate::model::Features::EXTRA_TYPES],
        some => some.iter().map(String::as_str).collect(),
    }
}

/// `#[cfg(feature = ..)]` that compiles an item when any of `features` is on (`all` of them with
/// `all`); with none, only [`Features::ALL`](crate::model::Features::ALL) compiles it.
pub(crate) fn features_cfg(features: &[&str], all: bool) -> TokenStream {
    let mut names: Vec<&str> = features.to_vec();
    names.sort_unstable();
    names.dedup();
    match names.as_slice() {
        [] => {
            let full = crate::model::Features::ALL;
            quote!(#[cfg(feature = #full)])
        }
        [one] => quote!(#[cfg(feature = #one)]),
        many if all => quote!(#[cfg(all(#(feature = #many),*))]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
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
