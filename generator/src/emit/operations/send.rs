//! The sending side of an operation: `send`, `send_with_metadata`, and the enum of
//! a call with several success statuses. Every wire decision comes from the model's plan.

use super::{output_type, payload_type};
use crate::emit::docs::{code, doc_or, doc_raw};
use crate::emit::ident;
use crate::error::Error;
use crate::model::{
    BodyEncoding, ConfigValue, Operation, Output, Param, ParamEncoding, PathPart, ResponseBody,
    WireText,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Tokens that turn `value` (of type `&T` when `is_ref`, else a place of type `T`) into the
/// string sent on the wire.
fn wire_string(text: &WireText, value: TokenStream, is_ref: bool) -> TokenStream {
    match text {
        WireText::Str => quote!(#value.as_str()),
        WireText::Display => quote!(#value.to_string()),
        WireText::Join { item, separator } if **item == WireText::Str => {
            quote!(#value.join(#separator))
        }
        WireText::Join { item, separator } => {
            let item = wire_string(item, quote!(item), true);
            quote!(#value.iter().map(|item| #item).collect::<Vec<String>>().join(#separator))
        }
        WireText::Json if is_ref => quote!(sdk_runtime::param_string(#value)),
        WireText::Json => quote!(sdk_runtime::param_string(&#value)),
    }
}

/// Decodes `response` into the body type, failing with `?`.
fn decode_value(body: &ResponseBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => quote!(response.json()?),
        BodyEncoding::Text => quote!(response.text()?),
        BodyEncoding::Binary | BodyEncoding::Multipart => quote!(response.bytes()),
    }
}

/// Statements binding the parameters filled from configuration, and the path expression.
fn path_expr(op: &Operation) -> Result<(Vec<TokenStream>, TokenStream), Error> {
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
                match (&p.from_config, &p.encoding) {
                    (Some(fill), _) => {
                        let binding = ident(&fill.binding)?;
                        prelude.push(quote! {
                            let #binding = self.client.config_param(#wire, self.#name.as_deref())?;
                        });
                        pieces.push(quote!(&sdk_runtime::path_param(#wire, &#binding)?));
                    }
                    (None, ParamEncoding::Text(WireText::Str)) => {
                        pieces.push(quote!(&sdk_runtime::path_param(#wire, &self.#name)?));
                    }
                    (None, ParamEncoding::Text(text)) => {
                        let value = wire_string(text, quote!(self.#name), false);
                        pieces.push(quote!(&sdk_runtime::path_param(#wire, &#value)?));
                    }
                    (None, other) => {
                        return Err(Error::file(
                            "<generator>",
                            format!("internal error: path parameter encoded as {other:?}"),
                        ))
                    }
                }
            }
        }
    }
    let path = match pieces.as_slice() {
        [only] => quote!(let path = String::from(#only);),
        _ => quote!(let path = [#(#pieces),*].concat();),
    };
    Ok((prelude, path))
}

/// The statement adding one query or header parameter to `request`.
fn param_step(p: &Param) -> Result<TokenStream, Error> {
    let name = ident(&p.name)?;
    let wire = p.wire_name.as_str();
    let call = match p.location {
        crate::model::ParamLocation::Header => quote!(header),
        _ => quote!(query),
    };
    let push = match &p.encoding {
        ParamEncoding::EachItem(item) => {
            let item = wire_string(item, quote!(item), true);
            quote! {
                for item in value {
                    request = request.#call(#wire, #item);
                }
            }
        }
        ParamEncoding::DeepObject => {
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
        ParamEncoding::ObjectExploded => quote! {
            for (key, item) in sdk_runtime::object_params(value) {
                request = request.query(&key, item);
            }
        },
        ParamEncoding::ObjectFlat => quote! {
            let flat: Vec<String> = sdk_runtime::object_params(value)
                .into_iter()
                .flat_map(|(key, item)| [key, item])
                .collect();
            request = request.query(#wire, flat.join(","));
        },
        ParamEncoding::Text(text) => {
            let v = wire_string(text, quote!(value), true);
            quote! { request = request.#call(#wire, #v); }
        }
    };
    Ok(if p.argument {
        quote! { let value = &self.#name; #push }
    } else {
        quote! { if let Some(value) = &self.#name { #push } }
    })
}

/// Statements that scope the request, add parameters and attach the body.
fn request_steps(op: &Operation) -> Result<Vec<TokenStream>, Error> {
    let mut steps = Vec::new();
    for p in &op.params {
        if let Some(fill) = &p.from_config {
            let binding = ident(&fill.binding)?;
            match fill.value {
                // The `X-Project-Id` header follows the project the path names.
                ConfigValue::ProjectId => {
                    steps.push(quote! { request = request.project_id(#binding.as_str()); })
                }
            }
        }
    }
    for (key, value) in &op.fixed_query {
        steps.push(quote! { request = request.query(#key, #value); });
    }
    for p in op
        .params
        .iter()
        .filter(|p| p.location != crate::model::ParamLocation::Path)
    {
        steps.push(param_step(p)?);
    }
    if let Some(body) = &op.body {
        let media = body.media_type.as_str();
        let attach = match body.encoding {
            BodyEncoding::Json => quote! { request = request.json(body)?; },
            BodyEncoding::Binary | BodyEncoding::Text => {
                quote! { request = request.body(#media, body.clone()); }
            }
            BodyEncoding::Form => quote! { request = request.form(body)?; },
            BodyEncoding::Multipart if body.form.is_some() => {
                quote! { request = request.multipart(&body.to_multipart()); }
            }
            BodyEncoding::Multipart => quote! { request = request.multipart(body); },
        };
        steps.push(if body.required {
            quote! { let body = &self.body; #attach }
        } else {
            quote! { if let Some(body) = &self.body { #attach } }
        });
    }
    if op.retry_safe {
        steps.push(quote! { request = request.retry_safe(true); });
    }
    Ok(steps)
}

/// The closure that turns a 2xx response into the output value (given to
/// `sdk_runtime::Client::call`).
fn decode(op: &Operation) -> Result<TokenStream, Error> {
    Ok(match &op.output {
        Output::Empty => quote!(|_| Ok(())),
        Output::Single(body) => match body.encoding {
            BodyEncoding::Json | BodyEncoding::Form => quote!(|response| response.json()),
            BodyEncoding::Text => quote!(|response| response.text()),
            BodyEncoding::Binary | BodyEncoding::Multipart => {
                quote!(|response| Ok(response.bytes()))
            }
        },
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
                |response| {
                    let value = match response.status() {
                        #(#arms)*
                        // A 2xx the spec does not list: report it with its body rather than guess.
                        status => {
                            return Err(sdk_runtime::ApiError::from_parts(
                                status,
                                response.headers().clone(),
                                response.bytes(),
                            )
                            .into())
                        }
                    };
                    Ok(value)
                }
            }
        }
    })
}

/// The statements that refuse to send while a required parameter set by name is unset,
/// naming every one that is missing.
fn required_check(op: &Operation) -> Result<TokenStream, Error> {
    let mut pairs = Vec::new();
    for p in op.required_setters() {
        let name = ident(&p.name)?;
        let shown = if p.name == p.wire_name {
            format!("`{}` (`.{}(..)`)", p.wire_name, p.name)
        } else {
            format!(
                "`{}` (`.{}(..)`, sent as `{}`)",
                p.name, p.name, p.wire_name
            )
        };
        pairs.push(quote!((self.#name.is_none(), #shown)));
    }
    if pairs.is_empty() {
        return Ok(quote!());
    }
    let op_id = op.id.as_str();
    Ok(quote! {
        let missing: Vec<&str> = [#(#pairs),*]
            .into_iter()
            .filter_map(|(unset, shown)| unset.then_some(shown))
            .collect();
        if !missing.is_empty() {
            return Err(sdk_runtime::Error::config(format!(
                "{}: required parameter not set: {}; nothing was sent",
                #op_id,
                missing.join(", ")
            )));
        }
    })
}

/// `send` and `send_with_metadata`.
pub(super) fn send_fns(op: &Operation) -> Result<TokenStream, Error> {
    let check = required_check(op)?;
    let (prelude, path_expr) = path_expr(op)?;
    let method = ident(&op.method)?;
    let op_id = op.id.as_str();
    let steps = request_steps(op)?;
    let output = output_type(op)?;
    let decode = decode(op)?;
    let mutable = if steps.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    // A batch operation (`x-batch`) keeps this function private and wraps it with checked
    // `send_with_metadata` and `send_outcome` (see `emit::batch`).
    let (core_name, core_vis) = crate::emit::batch::core_send_name(op);
    let (core_doc, batch_send_doc) = if op.batch.is_some() {
        (
            quote! {
                /// Sends the request and decodes the response, without reading per-item outcomes.
            },
            quote! {
                ///
                /// A batch call also fails with [`sdk_runtime::Error::Batch`] unless the service
                /// reports that every item succeeded (see `send_with_metadata` and `send_outcome`).
            },
        )
    } else {
        (
            quote! {
                /// Like `send`, and also returns the status, the request id and the headers of the
                /// response (quote the request id when asking support about a call).
            },
            quote!(),
        )
    };
    Ok(quote! {
        /// Sends the request and decodes the response.
        ///
        /// Fails with [`sdk_runtime::Error`]: the service's error (status, `error_code`,
        /// `error_msg`, request id), a timeout, a transport failure, or a body that does not decode.
        #batch_send_doc
        pub fn send(self) -> sdk_runtime::CallFuture<#output> {
            sdk_runtime::into_inner(self.send_with_metadata())
        }

        #core_doc
        #core_vis fn #core_name(self) -> sdk_runtime::CallFuture<sdk_runtime::Reply<#output>> {
            self.client.runtime().call(self.request(), #decode)
        }

        /// The request this builder describes, or why it cannot be sent.
        fn request(&self) -> Result<sdk_runtime::Request, sdk_runtime::Error> {
            #check
            #(#prelude)*
            #path_expr
            let #mutable request = self.call.apply(sdk_runtime::Request::new(#op_id, http::Method::#method, path));
            #(#steps)*
            Ok(request)
        }
    })
}

/// The enum of a call whose success statuses carry different bodies.
pub(super) fn output_enum(op: &Operation) -> Result<TokenStream, Error> {
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
                let ty = payload_type(b.encoding, &b.ty)?;
                quote!((#ty))
            }
            None => quote!(),
        };
        items.push(quote! { #doc #variant #payload, });
    }
    let doc = doc_raw(&format!(
        "What a successful {} call returns, by status.",
        code(&op.id)
    ));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#items)*
        }
    })
}
