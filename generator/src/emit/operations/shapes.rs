//! The per-operation types beside a builder: the fields of a multipart body, the typed error,
//! and the documented response headers. Each prints only what differs between operations;
//! the shared logic (encoding parts, decoding bodies and headers) is in the runtime.

use super::{payload_type, types_path};
use crate::emit::docs::{code, doc_or, doc_raw};
use crate::emit::{ident, type_tokens};
use crate::error::Error;
use crate::model::{BodyEncoding, ErrorSharing, ErrorStatus, ErrorVariant, Operation, PartKind};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// The struct of a multipart body with known fields, and its conversion to parts.
pub(super) fn form_struct(op: &Operation) -> Result<TokenStream, Error> {
    let Some(form) = op.body.as_ref().and_then(|b| b.form.as_ref()) else {
        return Ok(quote!());
    };
    let name = ident(&form.name)?;
    let mut fields = Vec::new();
    let mut steps = Vec::new();
    let (mut args, mut inits) = (Vec::new(), Vec::new());
    for part in &form.parts {
        let field = ident(&part.name)?;
        let wire = part.wire_name.as_str();
        let ty = match &part.kind {
            PartKind::File => quote!(sdk_runtime::FilePart),
            PartKind::Files => quote!(Vec<sdk_runtime::FilePart>),
            PartKind::Value(ty) => type_tokens(ty, &types_path())?,
        };
        let (ty, fallback) = if part.required {
            (ty, format!("The {} part.", code(wire)))
        } else {
            (
                quote!(Option<#ty>),
                format!("The {} part (not sent when `None`).", code(wire)),
            )
        };
        if part.required {
            args.push(quote! { #field: #ty, });
            inits.push(quote! { #field, });
        } else {
            inits.push(quote! { #field: None, });
        }
        let doc = doc_or(part.docs.as_deref(), &fallback);
        fields.push(quote! { #doc pub #field: #ty, });
        steps.push(match (&part.kind, part.required) {
            (PartKind::File, true) => quote! { form = form.file(#wire, self.#field.clone()); },
            (PartKind::File, false) => quote! {
                if let Some(file) = &self.#field {
                    form = form.file(#wire, file.clone());
                }
            },
            (PartKind::Files, true) => quote! {
                for file in &self.#field {
                    form = form.file(#wire, file.clone());
                }
            },
            (PartKind::Files, false) => quote! {
                for file in self.#field.iter().flatten() {
                    form = form.file(#wire, file.clone());
                }
            },
            (PartKind::Value(_), _) => quote! { form = form.value(#wire, &self.#field); },
        });
    }
    let doc = doc_raw(&format!(
        "The `multipart/form-data` body of [`crate::Client::{}`]: one field per part.",
        op.fn_name
    ));
    let mutable = (!steps.is_empty()).then(|| quote!(mut));
    // With no required part the form is `Default` (and a `new()` would only repeat that).
    let (derive, new) = if args.is_empty() {
        (quote!(#[derive(Debug, Clone, Default)]), quote!())
    } else {
        (
            quote!(#[derive(Debug, Clone)]),
            quote! {
                /// A form with the required parts; the optional ones are unset.
                pub fn new(#(#args)*) -> Self {
                    #name { #(#inits)* }
                }
            },
        )
    };
    Ok(quote! {
        #doc
        #derive
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new

            /// The parts as sent: files as file parts, text for scalars, one part per list item,
            /// JSON for objects; unset fields are left out.
            pub fn to_multipart(&self) -> sdk_runtime::Multipart {
                let #mutable form = sdk_runtime::Multipart::new();
                #(#steps)*
                form
            }
        }
    })
}

/// The typed error enum and its decoding from a non-2xx answer.
pub(super) fn error_enum(op: &Operation) -> Result<TokenStream, Error> {
    let Some(errors) = &op.errors else {
        return Ok(quote!());
    };
    let name = ident(&errors.name)?;
    let reused = match &errors.sharing {
        ErrorSharing::AliasOf(owner) => {
            let owner_ident = ident(owner)?;
            let doc = doc_raw(&format!(
                "The errors {} documents: the same statuses and bodies as [`{owner}`].",
                code(&op.id)
            ));
            return Ok(quote! {
                #doc
                pub type #name = #owner_ident;
            });
        }
        ErrorSharing::Shared => {
            "\nOther operations of this module with the same error responses use it under their own name."
        }
        ErrorSharing::Own => "",
    };
    let unknown = ident(&errors.unknown)?;
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for v in &errors.variants {
        let (variant, arm) = error_variant(v)?;
        variants.push(variant);
        arms.push(arm);
    }
    let decoded = decode_by_status(&arms, &unknown);
    let doc = doc_raw(&format!(
        "The errors {} documents, decoded from a failed call with [`sdk_runtime::Error::typed`]\n\
         (`err.typed::<{}>()`): `None` unless the service answered with a non-2xx status.{reused}",
        code(&op.id),
        errors.name
    ));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document, or a body that does not match the documented
            /// schema; the [`sdk_runtime::Error`] keeps the status and the raw body.
            #unknown,
        }

        impl sdk_runtime::OperationError for #name {
            fn from_api(api: &sdk_runtime::ApiError) -> Self {
                let decoded: Result<Self, serde_json::Error> = #decoded;
                decoded.unwrap_or(Self::#unknown)
            }
        }
    })
}

/// How one documented error status decodes: the status pattern to match, the expression that
/// builds the variant, and whether it is the `default` response.
struct ErrorArm {
    pattern: TokenStream,
    decode: TokenStream,
    is_default: bool,
}

/// One variant of the error enum (with its rustdoc) and its decoding arm.
fn error_variant(v: &ErrorVariant) -> Result<(TokenStream, ErrorArm), Error> {
    let variant = ident(&v.name)?;
    let (label, pattern) = status_pattern(v.status);
    let doc = doc_or(
        v.docs
            .as_deref()
            .map(|d| format!("`{label}`: {d}"))
            .as_deref(),
        &format!("Status `{label}`."),
    );
    let (payload, decode) = match &v.body {
        Some(b) => {
            let ty = payload_type(b.encoding, &b.ty)?;
            let decode = match b.encoding {
                BodyEncoding::Text => {
                    quote!(Ok(Self::#variant(api.body_text().into_owned())))
                }
                _ => quote!(api.json().map(Self::#variant)),
            };
            (quote!((#ty)), decode)
        }
        None => (quote!(), quote!(Ok(Self::#variant))),
    };
    let arm = ErrorArm {
        pattern,
        decode,
        is_default: matches!(v.status, ErrorStatus::Default),
    };
    Ok((quote! { #doc #variant #payload, }, arm))
}

/// A status as the docs name it (`404`, `4XX`, `default`) and as a `match` pattern.
fn status_pattern(status: ErrorStatus) -> (String, TokenStream) {
    match status {
        ErrorStatus::Code(c) => {
            let lit = Literal::u16_unsuffixed(c);
            (c.to_string(), quote!(#lit))
        }
        ErrorStatus::Range(r) => {
            let (lo, hi) = (
                Literal::u16_unsuffixed(r * 100),
                Literal::u16_unsuffixed(r * 100 + 99),
            );
            (format!("{r}XX"), quote!(#lo..=#hi))
        }
        ErrorStatus::Default => ("default".to_owned(), quote!(_)),
    }
}

/// The expression that decodes an error answer: a `match` on its status, falling back to the
/// unknown variant unless a `default` response takes every other status.
fn decode_by_status(arms: &[ErrorArm], unknown: &Ident) -> TokenStream {
    let has_default = arms.iter().any(|a| a.is_default);
    match arms {
        // Only `default`: every status decodes the same way.
        [only] if only.is_default => only.decode.clone(),
        _ => {
            let arms = arms.iter().map(
                |ErrorArm {
                     pattern, decode, ..
                 }| {
                    quote! { #pattern => #decode, }
                },
            );
            let fallback = (!has_default).then(|| quote! { _ => Ok(Self::#unknown), });
            quote! {
                match api.status() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// The struct of documented response headers and its reading from a header map.
pub(super) fn headers_struct(op: &Operation) -> Result<TokenStream, Error> {
    let Some(headers) = &op.headers else {
        return Ok(quote!());
    };
    let name = ident(&headers.name)?;
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in &headers.fields {
        let field = ident(&h.name)?;
        let wire = h.wire_name.as_str();
        let ty = type_tokens(&h.ty, &types_path())?;
        let doc = doc_or(
            h.docs
                .as_deref()
                .map(|d| format!("{}: {d}", code(wire)))
                .as_deref(),
            &format!("The {} header.", code(wire)),
        );
        fields.push(quote! { #doc pub #field: Option<#ty>, });
        reads.push(quote! { #field: sdk_runtime::header_value(headers, #wire), });
    }
    let doc = doc_raw(&format!(
        "The response headers {} documents (`None` when absent or not of the documented type);\n\
         read them with `reply.typed_headers::<{}>()` on the reply of `send_with_metadata`.",
        code(&op.id),
        headers.name
    ));
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl sdk_runtime::ResponseHeaders for #name {
            fn from_headers(headers: &http::HeaderMap) -> Self {
                #name {
                    #(#reads)*
                }
            }
        }
    })
}
