//! Named types: structs, enums that keep unknown values, unions and aliases.

use super::docs::{code, doc_attrs, doc_or, doc_raw};
use super::{ident, type_tokens, Ctx, EmittedContent, EmittedFile};
use crate::error::Error;
use crate::model::{Enum, EnumRepr, Field, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Types per file before a group is split.
const MAX_TYPES_PER_FILE: usize = 200;

/// `src/types/mod.rs` plus one file per module (or per part of a very large module).
/// Each file goes to `sink` when this worker takes it (see [`Ctx::take`]).
///
/// With a types crate (see [`TypesCrate`](crate::model::TypesCrate)), the files go to
/// `types/src/types/` and the client crate's `types` re-exports them, except those of the
/// types no operation uses (`extra_types`) when there are any: nothing else refers to them, so
/// they go to a crate of their own (`extra_types/src/types/`, see
/// [`Api::extra_types_crate`](crate::model::Api::extra_types_crate)), whose `types` re-exports
/// the types crate's and adds them.
pub fn type_files(
    ctx: &Ctx<'_>,
    sink: &mut impl FnMut(EmittedFile) -> Result<(), Error>,
) -> Result<(), Error> {
    let (mut types_mods, mut unused_mods) = (Vec::new(), Vec::new());
    let by_module = group_types(ctx);
    for chunk in &chunks(&by_module) {
        let (module_decl, file) = chunk_file(ctx, chunk)?;
        if chunk.unused {
            unused_mods.push(module_decl);
        } else {
            types_mods.push(module_decl);
        }
        if let Some(file) = file {
            sink(file)?;
        }
    }
    if !ctx.take() {
        return Ok(());
    }
    let Some(types_lib) = &ctx.types_crate else {
        return sink(EmittedFile {
            path: "src/types/mod.rs".into(),
            content: EmittedContent::Rust(vec![quote! {
                //! Request and response bodies and the other named types of the API.
                //!
                //! Every type is re-exported here, whichever submodule defines it.
                #(#types_mods)*
            }]),
        });
    };
    let types_lib = ident(types_lib)?;
    let types_docs = if ctx.api.extra_types_crate {
        quote! {
            //! Request and response bodies and the other named types of the API, but for
            //! those no operation uses, which a crate of their own defines.
        }
    } else {
        quote! {
            //! Request and response bodies and the other named types of the API.
        }
    };
    sink(EmittedFile {
        path: format!("{}src/types/mod.rs", super::TYPES_CRATE_DIR),
        content: EmittedContent::Rust(vec![quote! {
            #types_docs
            //!
            //! Every type is re-exported here, whichever submodule defines it.
            #(#types_mods)*
        }]),
    })?;
    // The client crate's `types` re-exports the types crate's; the crate of the types no
    // operation uses re-exports them too and adds its own.
    let re_export = quote! {
        // Nothing to re-export when no feature is on.
        #[allow(unused_imports)]
        #[doc(inline)]
        pub use #types_lib::types::*;
    };
    let client_docs = if ctx.api.extra_types_crate {
        quote! {
            //! Request and response bodies and the other named types the operations use.
            //!
            //! Every type is re-exported here from the types crate.
        }
    } else {
        quote! {
            //! Request and response bodies and the other named types of the API.
            //!
            //! Every type is re-exported here, whichever submodule or crate defines it.
        }
    };
    sink(EmittedFile {
        path: format!("{}src/types/mod.rs", ctx.client_dir),
        content: EmittedContent::Rust(vec![quote! {
            #client_docs
            #re_export
        }]),
    })?;
    if !ctx.api.extra_types_crate {
        return Ok(());
    }
    sink(EmittedFile {
        path: format!("{}src/types/mod.rs", super::EXTRA_TYPES_CRATE_DIR),
        content: EmittedContent::Rust(vec![quote! {
            //! The types no operation uses, with the types crate's, which they refer to.
            //!
            //! Every type is re-exported here, whichever submodule or crate defines it.
            #re_export
            #(#unused_mods)*
        }]),
    })
}

/// One file of types: its module, its doc, the types it holds, and whether it holds types no
/// operation uses that go into a crate of their own.
struct Chunk<'a> {
    unused: bool,
    module: String,
    doc: String,
    defs: &'a [&'a TypeDef],
}

/// The types by module, and whether the module goes into the crate of the types no operation
/// uses (see [`Api::extra_types_crate`](crate::model::Api::extra_types_crate)): the types only
/// `extra_types` compiles go into a module of their own there.
fn group_types<'a>(ctx: &Ctx<'a>) -> BTreeMap<(bool, &'a str), Vec<&'a TypeDef>> {
    // Only with a crate for them: then the crate is split per tag, so there are features.
    let apart_from_operations = |name: &str| {
        ctx.api.extra_types_crate
            && ctx
                .api
                .features
                .as_ref()
                .is_some_and(|f| f.reaches_no_operation(name))
    };
    let mut by_module: BTreeMap<(bool, &str), Vec<&TypeDef>> = BTreeMap::new();
    for def in &ctx.api.types {
        let apart = apart_from_operations(&def.name);
        let key = if apart {
            (true, EXTRA_MODULE)
        } else {
            (false, def.module.as_str())
        };
        by_module.entry(key).or_default().push(def);
    }
    by_module
}

/// The files of the types: one per module, very large ones in parts.
fn chunks<'a>(by_module: &'a BTreeMap<(bool, &str), Vec<&'a TypeDef>>) -> Vec<Chunk<'a>> {
    let mut chunks = Vec::new();
    for (&(unused, module), defs) in by_module {
        let doc = if unused {
            format!(
                "Types no operation uses (webhook payloads, for example), compiled with `{}`.",
                crate::model::Features::EXTRA_TYPES
            )
        } else if module == "common" {
            "Types used by operations of several groups.".to_owned()
        } else {
            format!("Types used only by the `{module}` operations.")
        };
        // Very large groups are split so that no file is huge (the modules are private and
        // everything is re-exported, so the split does not show in paths).
        if defs.len() <= MAX_TYPES_PER_FILE {
            chunks.push(Chunk {
                unused,
                module: module.to_owned(),
                doc,
                defs,
            });
            continue;
        }
        for (i, part) in defs.chunks(MAX_TYPES_PER_FILE).enumerate() {
            let (first, last) = (&part[0].name, &part[part.len() - 1].name);
            chunks.push(Chunk {
                unused,
                module: format!("{module}_part{}", i + 1),
                doc: format!("{doc} Part {} (`{first}` to `{last}`).", i + 1),
                defs: part,
            });
        }
    }
    chunks
}

/// The module declaration of a chunk (for its crate's `types/mod.rs`), and its file when this
/// worker takes it (see [`Ctx::take`]).
fn chunk_file(
    ctx: &Ctx<'_>,
    chunk: &Chunk<'_>,
) -> Result<(TokenStream, Option<EmittedFile>), Error> {
    let Chunk {
        unused,
        module,
        doc,
        defs,
    } = chunk;
    let module_ident = ident(module)?;
    let module_doc = doc_raw(doc);
    // Split per tag: a group's own types go with its feature; shared ones each carry
    // the features of the groups that reach them.
    let shared = defs.first().is_none_or(|d| d.module == "common");
    // A group's module holds the types only its operations use, but `extra_types` also
    // compiles those a type no operation uses refers to: then the module is on with either
    // feature, and each of its types carries its own.
    let mixed = !shared
        && defs.iter().any(|d| {
            ctx.type_features(&d.name)
                .contains(&crate::model::Features::EXTRA_TYPES)
        });
    let module_cfg = match defs.first() {
        Some(first) if !shared && !mixed => ctx.module_cfg(&first.module),
        _ => ctx.any_type_cfg(defs.iter().map(|d| d.name.as_str())),
    };
    let module_decl = quote! {
        #module_doc
        #module_cfg
        mod #module_ident;
        #module_cfg
        pub use #module_ident::*;
    };
    if !ctx.take() {
        return Ok((module_decl, None));
    }
    let inner_doc = format!(" {doc}");
    let mut pieces = vec![quote! {
        #![doc = #inner_doc]
        #[allow(unused_imports)]
        use super::*;
    }];
    for def in defs.iter() {
        let cfg = if shared || mixed {
            ctx.type_cfg(&def.name)
        } else {
            TokenStream::new()
        };
        pieces.push(type_def(ctx, def, &cfg)?);
    }
    let file = EmittedFile {
        path: format!("{}src/types/{module}.rs", crate_dir(ctx, *unused)),
        content: EmittedContent::Rust(pieces),
    };
    Ok((module_decl, Some(file)))
}

/// The module of the types no operation uses, in their own crate.
const EXTRA_MODULE: &str = "extra";

/// Where a file of the types goes: the generated crate's root (one crate), the types crate's
/// folder, or the folder of the crate of the types no operation uses.
fn crate_dir(ctx: &Ctx<'_>, unused: bool) -> &'static str {
    match (ctx.types_crate.is_some(), unused) {
        (false, _) => "",
        (true, false) => super::TYPES_CRATE_DIR,
        (true, true) => super::EXTRA_TYPES_CRATE_DIR,
    }
}

/// The items of one named type; `cfg` (empty unless the type is shared by feature-gated groups)
/// goes on each of them.
fn type_def(ctx: &Ctx<'_>, def: &TypeDef, cfg: &TokenStream) -> Result<TokenStream, Error> {
    let name = ident(&def.name)?;
    // Undocumented: name the schema as the spec does (the Rust name may differ).
    let fallback = match &def.spec_name {
        Some(key) => format!("The {} schema.", code(key)),
        None => format!("The `{}` type.", def.name),
    };
    let docs = doc_or(def.docs.as_deref(), &fallback);
    // The cfg goes before the docs: the first item of every kind starts with them.
    let docs = quote!(#cfg #docs);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(ctx, &name, docs, s, cfg),
        TypeKind::Enum(e) => enum_def(&name, docs, e, cfg),
        TypeKind::Union(u) => union_def(&name, docs, u, cfg),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new())?;
            Ok(quote! { #docs pub type #name = #ty; })
        }
        TypeKind::Newtype(ty) => {
            let inner = type_tokens(ty, &TokenStream::new())?;
            let default =
                matches!(ty, TypeRef::Array(_) | TypeRef::Map(_)).then(|| quote!(Default,));
            Ok(quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            })
        }
    }
}

fn field_type(field: &Field) -> Result<TokenStream, Error> {
    let (inner, nullable) = match &field.ty {
        TypeRef::Nullable(inner) => (inner.as_ref(), true),
        other => (other, false),
    };
    let mut ty = type_tokens(inner, &TokenStream::new())?;
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    Ok(if nullable || !field.required {
        quote!(Option<#ty>)
    } else {
        ty
    })
}

fn struct_def(
    ctx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
    cfg: &TokenStream,
) -> Result<TokenStream, Error> {
    let mut fields = Vec::new();
    for field in &s.fields {
        let field_name = ident(&field.name)?;
        let ty = field_type(field)?;
        let doc = match field.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => doc_attrs(d),
            None => field_fallback_doc(ctx, field),
        };
        let mut parts = Vec::new();
        if field.name != field.wire_name {
            let wire = &field.wire_name;
            parts.push(quote!(rename = #wire));
        }
        if !field.required {
            parts.push(quote!(default));
            parts.push(quote!(skip_serializing_if = "Option::is_none"));
        } else if matches!(field.ty, TypeRef::Nullable(_)) {
            parts.push(quote!(default));
        }
        let attr = if parts.is_empty() {
            quote!()
        } else {
            quote! { #[serde(#(#parts),*)] }
        };
        let setter = setter_attr(field)?;
        fields.push(quote! { #doc #attr #setter pub #field_name: #ty, });
    }
    if let Some(additional) = &s.additional {
        let ty = type_tokens(&additional.ty, &TokenStream::new())?;
        let field_name = ident(&additional.field)?;
        fields.push(quote! {
            /// Properties the schema does not name, kept as received.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #ty>,
        });
    }
    let default = s.defaultable.then(|| quote!(, Default));
    // The runtime's derives read and write objects as serde's do and compile to far less; they
    // do not do `flatten`, which keeps undeclared properties.
    let flatten = s.additional.is_some();
    let serde_derives = flatten.then(|| quote!(, serde::Serialize, serde::Deserialize));
    let mut runtime_derives = Vec::new();
    if !flatten {
        runtime_derives.push(quote!(sdk_runtime::Serialize));
        runtime_derives.push(quote!(sdk_runtime::Deserialize));
    }
    if s.fields.iter().any(|f| f.setter.is_some()) {
        runtime_derives.push(quote!(sdk_runtime::Setters));
    }
    let runtime_derives =
        (!runtime_derives.is_empty()).then(|| quote!(#[derive(#(#runtime_derives),*)]));
    let methods = struct_constructor(name, s, cfg)?;
    let construction = if s.defaultable {
        "Build one with `default()` and the `with_` setters; the fields are public."
    } else {
        "Build one with `new` (its required fields) and the `with_` setters; the fields are public."
    };
    let non_exhaustive_doc = doc_raw(&format!(
        "{construction}\n`#[non_exhaustive]`: a field the API adds later is not a breaking change."
    ));
    Ok(quote! {
        #docs
        ///
        #non_exhaustive_doc
        #[derive(Debug, Clone, PartialEq #default #serde_derives)]
        #runtime_derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #methods
    })
}

/// What a constructor argument or setter takes for a value of type `ty` (not `Option`), and
/// the expression that turns the argument `value` into the field's type: a list takes any
/// iterable of anything that converts into its items, everything else anything that converts
/// into it.
fn value_input(
    ty: &TypeRef,
    boxed: bool,
    value: &proc_macro2::Ident,
) -> Result<(TokenStream, TokenStream), Error> {
    let (arg, mut expr) = match ty {
        TypeRef::Array(item) => {
            let item = type_tokens(item, &TokenStream::new())?;
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#value.into_iter().map(Into::into).collect()),
            )
        }
        other => {
            let ty = type_tokens(other, &TokenStream::new())?;
            (quote!(impl Into<#ty>), quote!(#value.into()))
        }
    };
    if boxed {
        expr = quote!(Box::new(#expr));
    }
    Ok((arg, expr))
}

/// `#[setter(..)]` on a field whose `with_` setter ([`sdk_runtime::Setters`] writes one for
/// every `Option` field) is not `with_<field>`, or which has none.
fn setter_attr(field: &Field) -> Result<TokenStream, Error> {
    let optional = !field.required || matches!(field.ty, TypeRef::Nullable(_));
    Ok(match &field.setter {
        Some(setter) if *setter == format!("with_{}", field.name) => quote!(),
        Some(setter) => {
            let setter = ident(setter)?;
            quote!(#[setter(#setter)])
        }
        None if optional => quote!(#[setter(skip)]),
        None => quote!(),
    })
}

/// `new`, when the struct has required fields (its other fields get `with_` setters from
/// `sdk_runtime::Setters`).
fn struct_constructor(
    name: &proc_macro2::Ident,
    s: &Struct,
    cfg: &TokenStream,
) -> Result<TokenStream, Error> {
    if s.defaultable {
        return Ok(quote!());
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_names = Vec::new();
    for field in &s.fields {
        let field_name = ident(&field.name)?;
        if field.setter.is_some() {
            inits.push(quote!(#field_name: None,));
            continue;
        }
        let ty = match &field.ty {
            TypeRef::Nullable(inner) => inner.as_ref(),
            other => other,
        };
        let (arg, expr) = value_input(ty, field.boxed, &field_name)?;
        args.push(quote!(#field_name: #arg));
        inits.push(quote!(#field_name: #expr,));
        arg_names.push(format!("`{}`", field.name));
    }
    if let Some(additional) = &s.additional {
        let field_name = ident(&additional.field)?;
        inits.push(quote!(#field_name: std::collections::BTreeMap::new(),));
    }
    let doc = doc_raw(&format!(
        "A value with its required fields, in the order the spec lists them ({}); every \
         other field starts as `None`.",
        arg_names.join(", ")
    ));
    // The spec decides how many fields are required; a long list is still clearer as
    // arguments checked by the compiler than as a builder that fails at run time (the
    // crate allows `clippy::too_many_arguments`).
    let new = ident(crate::model::names::reserved::STRUCT_CONSTRUCTOR)?;
    Ok(quote! {
        #cfg
        impl #name {
            #doc
            pub fn #new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    })
}

fn enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    e: &Enum,
    cfg: &TokenStream,
) -> Result<TokenStream, Error> {
    let mut variants = Vec::new();
    let mut to_wire = Vec::new();
    let mut from_wire = Vec::new();
    for v in &e.variants {
        let variant = ident(&v.name)?;
        let shown = match e.repr {
            EnumRepr::String => code(&format!("\"{}\"", v.value)),
            EnumRepr::Integer => code(&v.value),
        };
        let text = match &v.docs {
            Some(d) => format!("{shown}: {d}"),
            None => format!("The value {shown}."),
        };
        let doc = doc_attrs(&text);
        variants.push(quote! { #doc #variant, });
        match e.repr {
            EnumRepr::String => {
                let value = v.value.as_str();
                to_wire.push(quote! { Self::#variant => #value, });
                from_wire.push(quote! { #value => Self::#variant, });
            }
            EnumRepr::Integer => {
                let number: i64 = v.value.parse().map_err(|_| {
                    Error::file(
                        "<generator>",
                        format!("internal error: enum value `{}` is not an integer", v.value),
                    )
                })?;
                let value = Literal::i64_unsuffixed(number);
                to_wire.push(quote! { Self::#variant => #value, });
                from_wire.push(quote! { #value => Self::#variant, });
            }
        }
    }
    let parts = EnumParts {
        variants,
        to_wire,
        from_wire,
    };
    Ok(match e.repr {
        EnumRepr::String => string_enum(name, docs, &parts, cfg),
        EnumRepr::Integer => integer_enum(name, docs, &parts, cfg),
    })
}

/// The generated pieces of an enum: variants, and the arms to and from the wire.
struct EnumParts {
    variants: Vec<TokenStream>,
    to_wire: Vec<TokenStream>,
    from_wire: Vec<TokenStream>,
}

/// A string enum that keeps unknown values.
fn string_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    parts: &EnumParts,
    cfg: &TokenStream,
) -> TokenStream {
    let EnumParts {
        variants,
        to_wire,
        from_wire,
    } = parts;
    quote! {
            #docs
            ///
            /// Values this SDK does not know yet are kept in [`Self::Unknown`], so a new value sent by
            /// the service never breaks decoding; the enum is `#[non_exhaustive]`, so a value the API
            /// adds later is not a breaking change. Values compare, sort and hash by their wire
            /// string, so an `Unknown` holding a known value equals its variant.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value this version of the SDK does not know, kept as received.
                Unknown(String),
            }

            #cfg
            impl #name {
                /// The value as it travels on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to_wire)*
                        Self::Unknown(value) => value,
                    }
                }
            }

            #cfg
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#from_wire)*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            // Display, serde, and comparison, order and hash by wire value.
            #cfg
            sdk_runtime::string_enum_impls!(#name);
    }
}

/// An integer enum that keeps unknown codes.
fn integer_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    parts: &EnumParts,
    cfg: &TokenStream,
) -> TokenStream {
    let EnumParts {
        variants,
        to_wire,
        from_wire,
    } = parts;
    quote! {
            #docs
            ///
            /// Values this SDK does not know yet are kept in [`Self::Unknown`], so a new code sent by
            /// the service never breaks decoding; the enum is `#[non_exhaustive]`, so a code the API
            /// adds later is not a breaking change. Values compare, sort and hash by their code,
            /// so an `Unknown` holding a known code equals its variant.
            #[derive(Debug, Clone, Copy)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A code this version of the SDK does not know, kept as received.
                Unknown(i64),
            }

            #cfg
            impl #name {
                /// The code as it travels on the wire.
                pub fn code(&self) -> i64 {
                    match self {
                        #(#to_wire)*
                        Self::Unknown(value) => *value,
                    }
                }
            }

            #cfg
            impl From<i64> for #name {
                fn from(value: i64) -> Self {
                    match value {
                        #(#from_wire)*
                        other => Self::Unknown(other),
                    }
                }
            }

            // Display, serde, and comparison, order and hash by code.
            #cfg
            sdk_runtime::integer_enum_impls!(#name);
    }
}

fn union_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    u: &Union,
    cfg: &TokenStream,
) -> Result<TokenStream, Error> {
    let mut variants = Vec::new();
    for v in &u.variants {
        let variant = ident(&v.name)?;
        let mut ty = type_tokens(&v.ty, &TokenStream::new())?;
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = match &v.ty {
            TypeRef::Named(n) => doc_raw(&format!("The value is a [`{n}`].")),
            other => doc_raw(&format!(
                "The value is a `{}`.",
                type_tokens(other, &TokenStream::new())?
                    .to_string()
                    .replace(' ', "")
            )),
        };
        variants.push(quote! { #doc #variant(#ty), });
    }
    let Some(property) = &u.discriminator else {
        return Ok(quote! {
            #docs
            ///
            /// Decoding tries the alternatives in order and keeps the first that fits.
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
        });
    };
    let mut arms = Vec::new();
    for v in &u.variants {
        let variant = ident(&v.name)?;
        let tags = &v.tags;
        let wrap = if v.boxed {
            quote!(|v| Self::#variant(Box::new(v)))
        } else {
            quote!(Self::#variant)
        };
        arms.push(quote! {
            #(Some(#tags))|* => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        });
    }
    let tag_doc = doc_raw(&format!(
        "The {} property tells which alternative a value is.",
        code(property)
    ));
    Ok(quote! {
        #docs
        ///
        #tag_doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value whose discriminator this version of the SDK does not know, kept as received.
            Unknown(serde_json::Value),
        }

        #cfg

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(|t| t.as_str()).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    })
}

/// Docs for a property the spec leaves undescribed (a bare `$ref` cannot carry a description in
/// OpenAPI 3.0): the first line of the referenced type's docs and a link to it.
fn field_fallback_doc(ctx: &Ctx<'_>, field: &Field) -> TokenStream {
    let mut named = Vec::new();
    field.ty.named(&mut named);
    let target = named.first().and_then(|n| ctx.type_def(n));
    match target {
        Some(def) => {
            let summary = def
                .docs
                .as_deref()
                .and_then(|d| super::docs::sanitize(d).into_iter().next())
                .filter(|line| !line.is_empty());
            let link = format!("[`{}`]", def.name);
            match summary {
                Some(line) => {
                    let stop = if line.ends_with(['.', '!', '?']) {
                        ""
                    } else {
                        "."
                    };
                    doc_raw(&format!("{line}{stop} See {link}."))
                }
                None => doc_raw(&format!(
                    "The {} property: a {link}.",
                    code(&field.wire_name)
                )),
            }
        }
        None => doc_raw(&format!("The {} property.", code(&field.wire_name))),
    }
}
