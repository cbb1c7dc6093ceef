//! Client methods and request builders, one module per operation group.
//!
//! [`method`] prints the calling side (the `Client` method, the builder and its setters),
//! [`send`] the sending side (`send`, `send_with_metadata`, the output enum); both print the
//! model's decisions and invent no names. Page streams (`pages`, `items`, `send_all`) come from
//! [`super::paging`], `into_waiter` from [`super::waiters`].

pub(super) mod method;
mod send;
mod shapes;

use super::docs::doc_attrs;
use super::{ident, type_tokens, Ctx, EmittedContent, EmittedFile};
use crate::error::Error;
use crate::model::{Body, BodyEncoding, Operation, Output, ParamLocation, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/operations/mod.rs` plus one file per group.
/// Each file goes to `sink` when this worker takes it (see [`Ctx::take`]).
pub fn operation_files(
    ctx: &Ctx<'_>,
    sink: &mut impl FnMut(EmittedFile) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut mods = Vec::new();
    for group in &ctx.api.groups {
        let module = ident(&group.module)?;
        let about = match &group.docs {
            Some(d) => format!("`{}` operations: {}", group.tag, d.trim()),
            None => format!("Operations tagged `{}`.", group.tag),
        };
        let module_doc = doc_attrs(&about);
        let cfg = ctx.module_cfg(&group.module);
        mods.push(quote! { #module_doc #cfg pub mod #module; });
        if !ctx.take() {
            continue;
        }
        let inner_doc = format!(" {}", super::docs::sanitize(&about).join(" "));
        let mut pieces = vec![quote! {
            #![doc = #inner_doc]
            #[allow(unused_imports)]
            use crate::types;
            use crate::Client;
        }];
        for op in ctx
            .api
            .operations
            .iter()
            .filter(|o| o.module == group.module)
        {
            pieces.push(operation(ctx, op)?);
        }
        sink(EmittedFile {
            path: format!("{}src/operations/{}.rs", ctx.client_dir, group.module),
            content: EmittedContent::Rust(pieces),
        })?;
    }
    if !ctx.take() {
        return Ok(());
    }
    let root = quote! {
        //! Client methods and request builders, one module per group of operations.
        //!
        //! Each operation is a method on [`crate::Client`] that takes the path parameters (in URL
        //! order) and a required body, and returns a builder with one setter per query or header
        //! parameter; `send().await` performs the call, after checking that every required
        //! parameter was set.
        #(#mods)*
    };
    sink(EmittedFile {
        path: format!("{}src/operations/mod.rs", ctx.client_dir),
        content: EmittedContent::Rust(vec![root]),
    })
}

/// One operation: the client method and builder, then the builder's setters and senders, and
/// its per-call overrides (written by the runtime's `call_option_setters!`).
fn operation(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let members = method::members(op)?;
    let client_method = method::client_method(op, &members)?;
    let setters = method::setters(&members);
    let builder = ident(&op.builder_name)?;
    let send = send::send_fns(op)?;
    let paging = super::paging::paging_impl(op)?;
    let waiter = super::waiters::builder_waiter(ctx, op)?;
    let output_enum = send::output_enum(op)?;
    let form = shapes::form_struct(op)?;
    let errors = shapes::error_enum(op)?;
    let headers = shapes::headers_struct(op)?;
    let batch_methods = super::batch::builder_methods(op)?;
    let bulk = super::batch::bulk_items(ctx, op)?;
    Ok(quote! {
        #client_method

        impl #builder {
            #setters
            #send
            #batch_methods
        }

        sdk_runtime::call_option_setters!(#builder);

        #bulk
        #paging
        #waiter
        #output_enum
        #form
        #errors
        #headers
    })
}

fn types_path() -> TokenStream {
    quote!(types::)
}

/// The Rust type of a response body with this encoding.
fn payload_type(encoding: BodyEncoding, ty: &TypeRef) -> Result<TokenStream, Error> {
    match encoding {
        BodyEncoding::Json | BodyEncoding::Form => type_tokens(ty, &types_path()),
        BodyEncoding::Text => Ok(quote!(String)),
        BodyEncoding::Binary => Ok(quote!(sdk_runtime::Bytes)),
        BodyEncoding::Multipart => Ok(quote!(sdk_runtime::Multipart)),
    }
}

/// The Rust type of a request body: as a response body, except that a multipart body with known
/// fields is its generated struct.
fn body_type(body: &Body) -> Result<TokenStream, Error> {
    match &body.form {
        Some(form) => {
            let name = ident(&form.name)?;
            Ok(quote!(#name))
        }
        None => payload_type(body.encoding, &body.ty),
    }
}

/// What `send` returns.
fn output_type(op: &Operation) -> Result<TokenStream, Error> {
    Ok(match &op.output {
        Output::Empty => quote!(()),
        Output::Single(body) => payload_type(body.encoding, &body.ty)?,
        Output::Multi { name, .. } => {
            let name = ident(name)?;
            quote!(#name)
        }
    })
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The first line of spec prose, made safe for rustdoc.
fn first_line(text: &str) -> String {
    super::docs::sanitize(text)
        .into_iter()
        .next()
        .unwrap_or_default()
}
