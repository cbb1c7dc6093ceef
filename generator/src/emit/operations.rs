//! Client methods and request builders, one module per operation group.

use super::docs::{doc_attrs, doc_or, doc_raw};
use super::{ident, type_tokens, Ctx, EmittedContent, EmittedFile};
use crate::error::Error;
use crate::model::{
    BodyEncoding, Operation, Output, Param, ParamLocation, ParamStyle, PathPart, ResponseBody,
    TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `src/operations/mod.rs` plus one file per group.
pub fn operation_files(ctx: &Ctx<'_>) -> Result<Vec<EmittedFile>, Error> {
    let mut files = Vec::new();
    let mut mods = Vec::new();
    for group in &ctx.api.groups {
        let module = ident(&group.module)?;
        let about = match &group.docs {
            Some(d) => format!("`{}` operations: {}", group.tag, d.trim()),
            None => format!("Operations tagged `{}`.", group.tag),
        };
        let module_doc = doc_attrs(&about);
        mods.push(quote! { #module_doc pub mod #module; });
        let mut items = Vec::new();
        for op in ctx
            .api
            .operations
            .iter()
            .filter(|o| o.module == group.module)
        {
            items.push(operation(ctx, op)?);
        }
        let inner_doc = format!(" {}", super::docs::sanitize(&about).join(" "));
        let tokens = quote! {
            #![doc = #inner_doc]
            #[allow(unused_imports)]
            use crate::types;
            use crate::Client;
            #(#items)*
        };
        files.push(EmittedFile {
            path: format!("src/operations/{}.rs", group.module),
            content: EmittedContent::Rust(tokens),
        });
    }
    let root = quote! {
        //! Client methods and request builders, one module per group of operations.
        //!
        //! Each operation is a method on [`crate::Client`] that takes the required parameters and
        //! returns a builder for the optional ones; `send().await` performs the call.
        #(#mods)*
    };
    files.push(EmittedFile {
        path: "src/operations/mod.rs".into(),
        content: EmittedContent::Rust(root),
    });
    Ok(files)
}

fn types_path() -> TokenStream {
    quote!(types::)
}

/// The type a builder stores for a parameter.
fn param_type(p: &Param) -> Result<TokenStream, Error> {
    type_tokens(&p.ty, &types_path())
}

/// `(argument type, conversion)` for a value passed by the caller.
fn arg_type(p: &Param, value: &proc_macro2::Ident) -> Result<(TokenStream, TokenStream), Error> {
    Ok(match &p.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#value.into())),
        _ => (param_type(p)?, quote!(#value)),
    })
}

fn output_type(op: &Operation) -> Result<TokenStream, Error> {
    Ok(match &op.output {
        Output::Empty => quote!(()),
        Output::Single(body) => body_type(body)?,
        Output::Multi { name, .. } => {
            let name = ident(name)?;
            quote!(#name)
        }
    })
}

fn body_type(body: &ResponseBody) -> Result<TokenStream, Error> {
    match body.encoding {
        BodyEncoding::Json => type_tokens(&body.ty, &types_path()),
        BodyEncoding::Text => Ok(quote!(String)),
        BodyEncoding::Binary => Ok(quote!(Vec<u8>)),
    }
}

/// Decodes `response` into the body type, failing with `?`.
fn decode_value(body: &ResponseBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote!(response.json()?),
        BodyEncoding::Text => quote!(String::from_utf8_lossy(response.body()).into_owned()),
        BodyEncoding::Binary => quote!(response.body().to_vec()),
    }
}

fn operation(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let fn_name = ident(&op.fn_name)?;
    let builder = ident(&op.builder_name)?;
    // Client method: required parameters (and a required body) are arguments.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.params {
        let name = ident(&p.name)?;
        let ty = param_type(p)?;
        let docs = doc_or(
            p.docs.as_deref(),
            &format!(
                "The `{}` {} parameter.",
                p.wire_name,
                location_word(p.location)
            ),
        );
        if p.from_config {
            fields.push(quote! { #name: Option<String>, });
            inits.push(quote! { #name: None, });
            let text = format!(
                "Sets `{}` for this call instead of the value from the client configuration.",
                p.wire_name
            );
            let doc = doc_raw(&text);
            setters.push(quote! {
                #doc
                pub fn #name(mut self, value: impl Into<String>) -> Self {
                    self.#name = Some(value.into());
                    self
                }
            });
        } else if p.required {
            let (arg_ty, convert) = arg_type(p, &name)?;
            args.push(quote! { #name: #arg_ty, });
            if name == convert.to_string() {
                inits.push(quote! { #name, });
            } else {
                inits.push(quote! { #name: #convert, });
            }
            fields.push(quote! { #name: #ty, });
            arg_docs.push(format!(
                "- `{}`: {}",
                p.name,
                p.docs
                    .as_deref()
                    .map(first_line)
                    .unwrap_or_else(|| "required parameter.".to_owned())
            ));
        } else {
            fields.push(quote! { #name: Option<#ty>, });
            inits.push(quote! { #name: None, });
            let (arg_ty, convert) = arg_type(p, &name)?;
            setters.push(quote! {
                #docs
                pub fn #name(mut self, #name: #arg_ty) -> Self {
                    self.#name = Some(#convert);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = match body.encoding {
            BodyEncoding::Json => type_tokens(&body.ty, &types_path())?,
            BodyEncoding::Text => quote!(String),
            BodyEncoding::Binary => quote!(Vec<u8>),
        };
        if body.required {
            args.push(quote! { body: #ty, });
            inits.push(quote! { body, });
            fields.push(quote! { body: #ty, });
            arg_docs.push(format!(
                "- `body`: {}",
                body.docs
                    .as_deref()
                    .map(first_line)
                    .unwrap_or_else(|| "the request body.".to_owned())
            ));
        } else {
            fields.push(quote! { body: Option<#ty>, });
            inits.push(quote! { body: None, });
            let doc = doc_or(body.docs.as_deref(), "Sets the request body.");
            setters.push(quote! {
                #doc
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            });
        }
    }

    // Method docs: the spec's words, the HTTP line, the arguments.
    let spec_docs = doc_or(op.docs.as_deref(), &format!("Calls `{}`.", op.id));
    let mut text = format!("\n`{} {}` (operation `{}`).", op.method, op.path, op.id);
    if !arg_docs.is_empty() {
        text.push_str("\n\nArguments:\n");
        text.push_str(&arg_docs.join("\n"));
    }
    // The error statuses the spec documents, so a caller knows what `Error::status()` can say.
    let errors: Vec<String> = op
        .statuses
        .iter()
        .filter(|(status, _)| !status.starts_with('2'))
        .map(|(status, docs)| match docs {
            Some(d) => format!("- `{status}`: {}", first_line(d)),
            None => format!("- `{status}`"),
        })
        .collect();
    if !errors.is_empty() {
        text.push_str("\n\nDocumented error statuses (as [`sdk_runtime::Error::Api`]):\n");
        text.push_str(&errors.join("\n"));
    }
    let method_docs = doc_raw(&text);
    let method_docs = quote!(#spec_docs #method_docs);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let builder_doc = doc_raw(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call `send`.",
        op.fn_name
    ));

    let send = send_fn(ctx, op)?;
    let send_all = send_all_fn(op)?;
    let output_enum = output_enum(op)?;
    Ok(quote! {
        impl Client {
            #method_docs
            #deprecated
            pub fn #fn_name(&self, #(#args)*) -> #builder {
                #builder {
                    client: self.clone(),
                    call: sdk_runtime::CallOptions::default(),
                    #(#inits)*
                }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            client: Client,
            call: sdk_runtime::CallOptions,
            #(#fields)*
        }

        impl #builder {
            #(#setters)*

            /// Overrides the client's per-attempt timeout for this call.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call.attempt_timeout = Some(timeout);
                self
            }

            /// Overrides the client's deadline for the whole call (every attempt and wait).
            pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.call.operation_timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry policy for this call.
            pub fn retry_policy(mut self, policy: sdk_runtime::RetryPolicy) -> Self {
                self.call.retry = Some(policy);
                self
            }

            #send
            #send_all
        }

        #output_enum
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

/// Tokens that turn `value` (of type `&T` when `is_ref`, else a place of type `T`) into the
/// string sent on the wire; lists are joined with `separator`.
fn wire_string(
    ctx: &Ctx<'_>,
    ty: &TypeRef,
    value: TokenStream,
    is_ref: bool,
    separator: &str,
) -> TokenStream {
    match ctx.resolve(ty) {
        TypeRef::String => quote!(#value.as_str()),
        resolved if ctx.has_display(resolved) => quote!(#value.to_string()),
        TypeRef::Array(inner) if ctx.resolve(inner) == &TypeRef::String => {
            quote!(#value.join(#separator))
        }
        TypeRef::Array(inner) => {
            let item = wire_string(ctx, inner, quote!(item), true, separator);
            quote!(#value.iter().map(|item| #item).collect::<Vec<String>>().join(#separator))
        }
        _ if is_ref => quote!(sdk_runtime::param_string(#value)),
        _ => quote!(sdk_runtime::param_string(&#value)),
    }
}

/// Whether a resolved type is an object on the wire (struct, map or a union that may be one).
fn is_object(ctx: &Ctx<'_>, ty: &TypeRef) -> bool {
    match ctx.resolve(ty) {
        TypeRef::Map(_) => true,
        TypeRef::Named(n) => ctx.is_struct(n),
        _ => false,
    }
}

fn send_fn(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let mut prelude = Vec::new();
    let mut pieces = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => pieces.push(quote!(#text)),
            PathPart::Param(index) => {
                let p = op.params.get(*index).ok_or_else(|| {
                    Error::file(
                        "<generator>",
                        format!("internal error: bad path parameter index in {}", op.id),
                    )
                })?;
                let name = ident(&p.name)?;
                let wire = p.wire_name.as_str();
                if p.from_config {
                    prelude.push(quote! {
                        let #name = self.client.config_param(#wire, self.#name.as_deref())?;
                    });
                    pieces.push(quote!(&sdk_runtime::path_param(#wire, &#name)?));
                } else if ctx.resolve(&p.ty) == &TypeRef::String {
                    pieces.push(quote!(&sdk_runtime::path_param(#wire, &self.#name)?));
                } else {
                    let value = wire_string(ctx, &p.ty, quote!(self.#name), false, ",");
                    pieces.push(quote!(&sdk_runtime::path_param(#wire, &#value)?));
                }
            }
        }
    }
    let path_expr = match pieces.as_slice() {
        [only] => quote!(let path = String::from(#only);),
        _ => quote!(let path = [#(#pieces),*].concat();),
    };
    let method = ident(&op.method)?;
    let op_id = op.id.as_str();
    let mut steps = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let name = ident(&p.name)?;
        let wire = p.wire_name.as_str();
        let call = match p.location {
            ParamLocation::Header => quote!(header),
            _ => quote!(query),
        };
        let separator = match p.style {
            ParamStyle::SpaceDelimited => " ",
            ParamStyle::PipeDelimited => "|",
            ParamStyle::Form | ParamStyle::DeepObject => ",",
        };
        let push = match (ctx.resolve(&p.ty), p.location) {
            (TypeRef::Array(inner), ParamLocation::Query) if p.explode => {
                let item = wire_string(ctx, inner, quote!(item), true, separator);
                quote! {
                    for item in value {
                        request = request.#call(#wire, #item);
                    }
                }
            }
            (_, ParamLocation::Query)
                if is_object(ctx, &p.ty) && p.style == ParamStyle::DeepObject =>
            {
                let key_format = format!(
                    "{}[{{key}}]",
                    p.wire_name.replace('{', "{{").replace('}', "}}")
                );
                quote! {
                    for (key, item) in sdk_runtime::object_params(value) {
                        request = request.query(&format!(#key_format), item);
                    }
                }
            }
            (_, ParamLocation::Query) if is_object(ctx, &p.ty) && p.explode => quote! {
                for (key, item) in sdk_runtime::object_params(value) {
                    request = request.query(&key, item);
                }
            },
            (_, ParamLocation::Query) if is_object(ctx, &p.ty) => quote! {
                let flat: Vec<String> = sdk_runtime::object_params(value)
                    .into_iter()
                    .flat_map(|(key, item)| [key, item])
                    .collect();
                request = request.query(#wire, flat.join(","));
            },
            _ => {
                let v = wire_string(ctx, &p.ty, quote!(value), true, separator);
                quote! { request = request.#call(#wire, #v); }
            }
        };
        steps.push(if p.required {
            quote! { let value = &self.#name; #push }
        } else {
            quote! { if let Some(value) = &self.#name { #push } }
        });
    }
    if let Some(body) = &op.body {
        let media = body.media_type.as_str();
        let attach = match body.encoding {
            BodyEncoding::Json => quote! { request = request.json(body)?; },
            BodyEncoding::Text => {
                quote! { request = request.body(#media, body.as_bytes().to_vec()); }
            }
            BodyEncoding::Binary => quote! { request = request.body(#media, body.clone()); },
        };
        steps.push(if body.required {
            quote! { let body = &self.body; #attach }
        } else {
            quote! { if let Some(body) = &self.body { #attach } }
        });
    }
    if op
        .params
        .iter()
        .any(|p| p.from_config && p.wire_name == "project_id")
    {
        // The `X-Project-Id` header follows the project the path names.
        steps.insert(
            0,
            quote! { request = request.project_id(project_id.as_str()); },
        );
    }
    if op.retry_safe {
        steps.push(quote! { request = request.retry_safe(true); });
    }
    let output = output_type(op)?;
    let finish = match &op.output {
        Output::Empty => quote! {
            let response = self.client.runtime().send(request).await?;
            Ok(sdk_runtime::Reply::new((), &response))
        },
        Output::Single(body) => {
            let value = decode_value(body);
            quote! {
                let response = self.client.runtime().send(request).await?;
                let value = #value;
                Ok(sdk_runtime::Reply::new(value, &response))
            }
        }
        Output::Multi { name, variants } => {
            let name = ident(name)?;
            let mut arms = Vec::new();
            for v in variants {
                let variant = ident(&v.name)?;
                let value = v.body.as_ref().map(|b| {
                    let d = decode_value(b);
                    quote!((#d))
                });
                let pattern = if v.range {
                    quote!(status if (200..300).contains(&status))
                } else {
                    let code = Literal::u16_unsuffixed(v.status);
                    quote!(#code)
                };
                arms.push(quote! { #pattern => #name::#variant #value, });
            }
            quote! {
                let response = self.client.runtime().send(request).await?;
                let value = match response.status() {
                    #(#arms)*
                    // A 2xx the spec does not list: report it with its body rather than guess.
                    status => {
                        return Err(sdk_runtime::ApiError::from_parts(
                            status,
                            response.headers().clone(),
                            response.into_body(),
                        )
                        .into())
                    }
                };
                Ok(sdk_runtime::Reply::new(value, &response))
            }
        }
    };
    let mutable = if steps.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    Ok(quote! {
        /// Sends the request and decodes the response.
        ///
        /// Fails with [`sdk_runtime::Error`]: the service's error (status, `error_code`,
        /// `error_msg`, request id), a timeout, a transport failure, or a body that does not decode.
        pub async fn send(self) -> Result<#output, sdk_runtime::Error> {
            self.send_with_metadata().await.map(sdk_runtime::Reply::into_inner)
        }

        /// Like `send`, and also returns the status, the request id and the headers of the
        /// response (quote the request id when asking support about a call).
        pub async fn send_with_metadata(self) -> Result<sdk_runtime::Reply<#output>, sdk_runtime::Error> {
            #(#prelude)*
            #path_expr
            let #mutable request = self.call.apply(sdk_runtime::Request::new(#op_id, http::Method::#method, path));
            #(#steps)*
            #finish
        }
    })
}

fn output_enum(op: &Operation) -> Result<TokenStream, Error> {
    let Output::Multi { name, variants } = &op.output else {
        return Ok(quote!());
    };
    let name = ident(name)?;
    let mut items = Vec::new();
    for v in variants {
        let variant = ident(&v.name)?;
        let status = if v.range {
            "2XX".to_owned()
        } else {
            v.status.to_string()
        };
        let doc = doc_or(
            v.docs
                .as_deref()
                .map(|d| format!("`{status}`: {d}"))
                .as_deref(),
            &format!("Status `{status}`."),
        );
        let payload = match &v.body {
            Some(b) => {
                let ty = body_type(b)?;
                quote!((#ty))
            }
            None => quote!(),
        };
        items.push(quote! { #doc #variant #payload, });
    }
    let doc = doc_raw(&format!(
        "What a successful `{}` call returns, by status.",
        op.id
    ));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#items)*
        }
    })
}

/// `send_all`: follows `x-pagination` and collects every page's items.
fn send_all_fn(op: &Operation) -> Result<TokenStream, Error> {
    let Some(paging) = &op.paging else {
        return Ok(quote!());
    };
    let offset = ident(&paging.offset)?;
    let limit = ident(&paging.limit)?;
    let items = ident(&paging.items)?;
    let item_ty = type_tokens(&paging.item_ty, &types_path())?;
    let offset_ty = type_tokens(&paging.offset_ty, &types_path())?;
    let take_items = if paging.items_required {
        quote!(page.#items)
    } else {
        quote!(page.#items.unwrap_or_default())
    };
    // Widen an i32 to i64 for comparisons; an i64 is used as is.
    let widen = |ty: &TypeRef, value: TokenStream| match ty {
        TypeRef::I32 => quote!(i64::from(#value)),
        _ => value,
    };
    let done = match (&paging.total, paging.total_required) {
        (Some(total), true) => {
            let total = ident(total)?;
            let total = widen(&paging.total_ty, quote!(page.#total));
            quote!(skipped + all.len() as i64 >= #total)
        }
        (Some(total), false) => {
            let total = ident(total)?;
            let value = widen(&paging.total_ty, quote!(total));
            quote!(page.#total.is_some_and(|total| skipped + all.len() as i64 >= #value))
        }
        (None, _) => quote!(false),
    };
    // Items before the first page asked for: they count towards `total`.
    let start = widen(&paging.offset_ty, quote!(offset));
    let skipped = if paging.total.is_none() {
        quote!()
    } else if paging.page_index {
        let page_size = widen(&paging.limit_ty, quote!(limit));
        quote!(let skipped = self.#limit.map_or(0, |limit| #start.saturating_mul(#page_size));)
    } else {
        quote!(let skipped = #start;)
    };
    let limit_value = widen(&paging.limit_ty, quote!(limit));
    let advance = if paging.page_index {
        "moves on one page at a time"
    } else {
        "moves it on by the number of items each page holds"
    };
    let doc = super::docs::doc_raw(&format!(
        "Sends the request page by page and returns the items of every page.\n\n\
         Starts at `{o}` (0 when unset) and {advance}; \
         stops at an empty page, a page shorter than `{l}`{t}. Each page is one call with its own \
         retries; an error on any page is returned as is.",
        o = paging.offset,
        l = paging.limit,
        t = paging
            .total
            .as_ref()
            .map(|t| format!(", or once `{t}` items are collected"))
            .unwrap_or_default(),
    ));
    let step = if paging.page_index {
        quote!(1)
    } else {
        quote!(#offset_ty::try_from(received).unwrap_or(#offset_ty::MAX))
    };
    Ok(quote! {
        #doc
        pub async fn send_all(self) -> Result<Vec<#item_ty>, sdk_runtime::Error> {
            let mut all = Vec::new();
            let mut offset = self.#offset.unwrap_or(0);
            #skipped
            loop {
                let page = self.clone().#offset(offset).send().await?;
                let page_items = #take_items;
                let received = page_items.len();
                all.extend(page_items);
                let short = self.#limit.is_some_and(|limit| (received as i64) < #limit_value);
                if received == 0 || short || #done {
                    return Ok(all);
                }
                offset = offset.saturating_add(#step);
            }
        }
    })
}
