//! The calling side of an operation: the `Client` method, the request builder and its setters.

use super::{first_line, location_word, types_path};
use crate::emit::docs::{code, doc_or, doc_raw};
use crate::emit::{ident, type_tokens};
use crate::error::Error;
use crate::model::{BodyEncoding, Operation, Param, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The pieces of the client method and the builder that come from the parameters and body.
#[derive(Default)]
pub(super) struct Members {
    /// Arguments of the client method (required parameters, a required body).
    pub args: Vec<TokenStream>,
    /// Field initialisers in the client method.
    pub inits: Vec<TokenStream>,
    /// Builder fields.
    pub fields: Vec<TokenStream>,
    /// Builder setters.
    pub setters: Vec<TokenStream>,
    /// One doc line per argument.
    pub arg_docs: Vec<String>,
}

/// `(argument type, conversion)` for a value passed by the caller.
pub(in crate::emit) fn arg_type(
    p: &Param,
    value: &proc_macro2::Ident,
) -> Result<(TokenStream, TokenStream), Error> {
    Ok(match &p.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#value.into())),
        _ => (type_tokens(&p.ty, &types_path())?, quote!(#value)),
    })
}

fn param_members(p: &Param, m: &mut Members) -> Result<(), Error> {
    let name = ident(&p.name)?;
    let ty = type_tokens(&p.ty, &types_path())?;
    if p.from_config.is_some() {
        m.fields.push(quote! { #name: Option<String>, });
        m.inits.push(quote! { #name: None, });
        let doc = doc_raw(&format!(
            "Sets {} for this call instead of the value from the client configuration.",
            code(&p.wire_name)
        ));
        m.setters.push(quote! {
            #doc
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        });
    } else if p.argument {
        let (arg_ty, convert) = arg_type(p, &name)?;
        m.args.push(quote! { #name: #arg_ty, });
        if name == convert.to_string() {
            m.inits.push(quote! { #name, });
        } else {
            m.inits.push(quote! { #name: #convert, });
        }
        m.fields.push(quote! { #name: #ty, });
        m.arg_docs.push(format!(
            "- `{}`: {}",
            p.name,
            p.docs
                .as_deref()
                .map(first_line)
                .unwrap_or_else(|| "required parameter.".to_owned())
        ));
    } else {
        m.fields.push(quote! { #name: Option<#ty>, });
        m.inits.push(quote! { #name: None, });
        let (arg_ty, convert) = arg_type(p, &name)?;
        let mut docs = doc_or(
            p.docs.as_deref(),
            &format!(
                "The {} {} parameter.",
                code(&p.wire_name),
                location_word(p.location)
            ),
        );
        if p.required {
            let note = doc_raw(&format!(
                "\nRequired: `send` fails with [`sdk_runtime::Error::Config`] naming {}, and \
                 sends nothing, when it is not set.",
                code(&p.wire_name)
            ));
            docs.extend(note);
        }
        m.setters.push(quote! {
            #docs
            pub fn #name(mut self, #name: #arg_ty) -> Self {
                self.#name = Some(#convert);
                self
            }
        });
    }
    Ok(())
}

/// Arguments, fields and setters of an operation.
pub(super) fn members(op: &Operation) -> Result<Members, Error> {
    let mut m = Members::default();
    // Arguments first, in URL order; then every parameter that has a setter.
    for p in op.arguments() {
        param_members(p, &mut m)?;
    }
    for p in op.params.iter().filter(|p| !p.argument) {
        param_members(p, &mut m)?;
    }
    let Some(body) = &op.body else {
        return Ok(m);
    };
    let ty = super::body_type(body)?;
    // Bytes and text are taken in any form that converts (`Vec<u8>`, `&'static str`, ...).
    let (arg_ty, convert) = match body.encoding {
        BodyEncoding::Binary => (quote!(impl Into<sdk_runtime::Bytes>), quote!(body.into())),
        BodyEncoding::Text => (quote!(impl Into<String>), quote!(body.into())),
        _ => (ty.clone(), quote!(body)),
    };
    if body.required {
        m.args.push(quote! { body: #arg_ty, });
        if body.encoding == BodyEncoding::Binary || body.encoding == BodyEncoding::Text {
            m.inits.push(quote! { body: #convert, });
        } else {
            m.inits.push(quote! { body, });
        }
        m.fields.push(quote! { body: #ty, });
        m.arg_docs.push(format!(
            "- `body`: {}",
            body.docs
                .as_deref()
                .map(first_line)
                .unwrap_or_else(|| "the request body.".to_owned())
        ));
    } else {
        m.fields.push(quote! { body: Option<#ty>, });
        m.inits.push(quote! { body: None, });
        let doc = doc_or(body.docs.as_deref(), "Sets the request body.");
        m.setters.push(quote! {
            #doc
            pub fn body(mut self, body: #arg_ty) -> Self {
                self.body = Some(#convert);
                self
            }
        });
    }
    Ok(m)
}

/// The method's docs: the spec's words, the HTTP line, the arguments, the error statuses.
fn method_docs(op: &Operation, arg_docs: &[String]) -> TokenStream {
    let spec_docs = doc_or(op.docs.as_deref(), &format!("Calls {}.", code(&op.id)));
    let mut text = format!(
        "\n{} (operation {}).",
        code(&format!("{} {}", op.method, op.path)),
        code(&op.id)
    );
    if !arg_docs.is_empty() {
        text.push_str("\n\nArguments:\n");
        text.push_str(&arg_docs.join("\n"));
    }
    let required: Vec<String> = op
        .required_setters()
        .map(|p| format!("`.{}(..)`", p.name))
        .collect();
    if !required.is_empty() {
        text.push_str(&format!(
            "\n\nRequired, set on the builder by name: {} (`send` fails before sending, \
             naming any left unset).",
            required.join(", ")
        ));
    }
    // The error statuses the spec documents, so a caller knows what `Error::status()` can say.
    let errors: Vec<String> = op
        .statuses
        .iter()
        .filter(|(status, _)| !status.starts_with('2'))
        .map(|(status, docs)| match docs {
            Some(d) => format!("- {}: {}", code(status), first_line(d)),
            None => format!("- {}", code(status)),
        })
        .collect();
    if !errors.is_empty() {
        text.push_str("\n\nDocumented error statuses (as [`sdk_runtime::Error::Api`]):\n");
        text.push_str(&errors.join("\n"));
    }
    if let Some(typed) = &op.errors {
        text.push_str(&format!(
            "\n\nDecode the documented error bodies with `err.typed::<{0}>()` ([`{0}`]).",
            typed.name
        ));
    }
    if let Some(headers) = &op.headers {
        text.push_str(&format!(
            "\n\nDocumented response headers: [`{}`], from the reply of `send_with_metadata`.",
            headers.name
        ));
    }
    let method_docs = doc_raw(&text);
    quote!(#spec_docs #method_docs)
}

/// The `Client` method and the builder struct.
pub(super) fn client_method(op: &Operation, m: &Members) -> Result<TokenStream, Error> {
    let fn_name = ident(&op.fn_name)?;
    let builder = ident(&op.builder_name)?;
    let docs = method_docs(op, &m.arg_docs);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let what = if op.required_setters().next().is_some() {
        "set the required parameters by name and any optional ones"
    } else {
        "set optional parameters"
    };
    let builder_doc = doc_raw(&format!(
        "Request builder for [`Client::{}`]: {what}, then call `send`.",
        op.fn_name
    ));
    let (args, inits, fields) = (&m.args, &m.inits, &m.fields);
    Ok(quote! {
        impl Client {
            #docs
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
    })
}

/// The builder's parameter setters. Its per-call overrides (`attempt_timeout`,
/// `operation_timeout`, `retry_policy`) are the same for every operation and come from the
/// runtime's `call_option_setters!` (see `operation`).
pub(super) fn setters(m: &Members) -> TokenStream {
    let setters = &m.setters;
    quote! { #(#setters)* }
}
