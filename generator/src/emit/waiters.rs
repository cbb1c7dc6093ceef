//! Waiters (`x-waiter`): `Client::wait_<name>(..)`, `into_waiter()` on the status operation's
//! builder, and `is_terminal()` / `is_failed()` on the status enums, built on
//! `sdk_runtime::waiter`.

use super::docs::doc_raw;
use super::operations::method::arg_type;
use super::{ident, type_tokens, Ctx, EmittedContent, EmittedFile};
use crate::error::Error;
use crate::model::{Operation, Output, StatusEnum, Waiter};
use proc_macro2::TokenStream;
use quote::quote;

/// Values for prose: in code spans, without backticks of their own.
fn listed(values: &[String]) -> String {
    if values.is_empty() {
        return "none".to_owned();
    }
    values
        .iter()
        .map(|v| format!("`{}`", v.replace('`', "")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `into_waiter()` on the builder of an operation that a waiter polls (nothing otherwise).
pub(super) fn builder_waiter(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let Some(waiter) = ctx.api.waiters.iter().find(|w| w.operation == op.fn_name) else {
        return Ok(quote!());
    };
    let Output::Single(body) = &op.output else {
        return Err(Error::file(
            "<generator>",
            format!(
                "internal error: waiter {} has no single response",
                waiter.name
            ),
        ));
    };
    let response = type_tokens(&body.ty, &quote!(types::))?;
    let builder = ident(&op.builder_name)?;
    let status_enum = ident(&waiter.status_enum)?;
    let status = status_access(waiter)?;
    let name = waiter.name.as_str();
    let op_id = op.id.as_str();
    let doc = doc_raw(&format!(
        "A waiter (`{name}`) that sends this request until `{path}` reaches a terminal value: \
         success {success}, failure {failure}. Await it (or call `wait()`) for the final response; \
         set `.poll_interval(..)` and `.timeout(..)` first. A failure state is \
         [`sdk_runtime::Error::Wait`] holding the last response, as is a timeout; each poll is \
         retried on transient failures with this request's retry policy.",
        path = waiter.status_path,
        success = listed(&waiter.success),
        failure = listed(&waiter.failure),
    ));
    Ok(quote! {
        impl #builder {
            #doc
            pub fn into_waiter(self) -> sdk_runtime::waiter::Waiter<#response> {
                sdk_runtime::waiter::Waiter::new(
                    #name,
                    #op_id,
                    move || self.clone().send(),
                    |response: &#response| {
                        let status = #status;
                        sdk_runtime::waiter::Observation::new(
                            status.map(ToString::to_string),
                            status.is_some_and(types::#status_enum::is_terminal),
                            status.is_some_and(types::#status_enum::is_failed),
                        )
                    },
                )
            }
        }
    })
}

/// An expression of type `Option<&StatusEnum>` reading the status from `response`.
fn status_access(waiter: &Waiter) -> Result<TokenStream, Error> {
    let mut expr: Option<TokenStream> = None;
    for step in &waiter.steps {
        let field = ident(&step.field)?;
        expr = Some(match (expr, step.optional, step.boxed) {
            (None, true, true) => quote!(response.#field.as_deref()),
            (None, true, false) => quote!(response.#field.as_ref()),
            (None, false, true) => quote!(Some(&*response.#field)),
            (None, false, false) => quote!(Some(&response.#field)),
            (Some(e), true, true) => quote!(#e.and_then(|v| v.#field.as_deref())),
            (Some(e), true, false) => quote!(#e.and_then(|v| v.#field.as_ref())),
            (Some(e), false, true) => quote!(#e.map(|v| &*v.#field)),
            (Some(e), false, false) => quote!(#e.map(|v| &v.#field)),
        });
    }
    expr.ok_or_else(|| {
        Error::file(
            "<generator>",
            format!(
                "internal error: waiter {} has an empty status path",
                waiter.name
            ),
        )
    })
}

/// `src/waiters.rs`: the `wait_*` client methods and the status enums' predicates (nothing when
/// the spec declares no waiter). With a types crate the predicates, inherent methods of its
/// enums, go into that crate's `src/waiters.rs` instead, each under its enum's `cfg`.
pub fn waiters_files(ctx: &Ctx<'_>) -> Result<Vec<EmittedFile>, Error> {
    if ctx.api.waiters.is_empty() {
        return Ok(Vec::new());
    }
    let mut methods = Vec::new();
    for waiter in &ctx.api.waiters {
        methods.push(client_method(ctx, waiter)?);
    }
    let mut predicates = Vec::new();
    for status in &ctx.api.status_enums {
        let cfg = if ctx.types_crate.is_some() {
            ctx.type_cfg(&status.name)
        } else {
            TokenStream::new()
        };
        let impls = enum_predicates(status)?;
        predicates.push(quote!(#cfg #impls));
    }
    let (client_predicates, types_file) = if ctx.types_crate.is_some() {
        let tokens = quote! {
            //! What the client crate's waiters read of a job's status: whether it has ended, and how.
            use crate::types;

            #(#predicates)*
        };
        let file = EmittedFile {
            path: format!("{}src/waiters.rs", super::TYPES_CRATE_DIR),
            content: EmittedContent::Rust(vec![tokens]),
        };
        (Vec::new(), Some(file))
    } else {
        (predicates, None)
    };
    let tokens = quote! {
        //! Waiters for asynchronous jobs, declared in the spec with `x-waiter`: each polls a status
        //! operation until the job ends (see [`sdk_runtime::waiter`]).
        use crate::types;
        use crate::Client;

        impl Client {
            #(#methods)*
        }

        #(#client_predicates)*
    };
    let mut files = vec![EmittedFile {
        path: format!("{}src/waiters.rs", ctx.client_dir),
        content: EmittedContent::Rust(vec![tokens]),
    }];
    files.extend(types_file);
    Ok(files)
}

fn client_method(ctx: &Ctx<'_>, waiter: &Waiter) -> Result<TokenStream, Error> {
    let op = ctx
        .api
        .operations
        .iter()
        .find(|o| o.fn_name == waiter.operation)
        .ok_or_else(|| {
            Error::file(
                "<generator>",
                format!("internal error: waiter {} lost its operation", waiter.name),
            )
        })?;
    let Output::Single(body) = &op.output else {
        return Err(Error::file(
            "<generator>",
            format!(
                "internal error: waiter {} has no single response",
                waiter.name
            ),
        ));
    };
    let response = type_tokens(&body.ty, &quote!(types::))?;
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in op.arguments() {
        let name = ident(&p.name)?;
        let (ty, _) = arg_type(p, &name)?;
        args.push(quote!(#name: #ty));
        names.push(name);
    }
    let fn_name = ident(&waiter.fn_name)?;
    let op_fn = ident(&op.fn_name)?;
    let doc = doc_raw(&format!(
        "Waits for a job by polling [`Client::{op}`] (same arguments) until `{path}` is \
         terminal: success {success} returns the last response; failure {failure} is \
         [`sdk_runtime::Error::Wait`] with it. Set `.poll_interval(..)` (default 5 s) and \
         `.timeout(..)` (default 30 min), then `.await`. To change the project or the retry \
         policy of each poll, use `into_waiter()` on the request builder instead.",
        op = op.fn_name,
        path = waiter.status_path,
        success = listed(&waiter.success),
        failure = listed(&waiter.failure),
    ));
    Ok(quote! {
        #doc
        pub fn #fn_name(&self, #(#args),*) -> sdk_runtime::waiter::Waiter<#response> {
            self.#op_fn(#(#names),*).into_waiter()
        }
    })
}

fn enum_predicates(status: &StatusEnum) -> Result<TokenStream, Error> {
    let name = ident(&status.name)?;
    let pattern = |variants: &[String]| -> Result<TokenStream, Error> {
        if variants.is_empty() {
            return Ok(quote!(false));
        }
        let variants = variants
            .iter()
            .map(|v| ident(v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(quote!(matches!(self, #(Self::#variants)|*)))
    };
    let terminal: Vec<String> = status
        .success
        .iter()
        .chain(&status.failure)
        .cloned()
        .collect();
    let terminal_values: Vec<String> = status
        .success_values
        .iter()
        .chain(&status.failure_values)
        .cloned()
        .collect();
    let is_terminal = pattern(&terminal)?;
    let is_failed = pattern(&status.failure)?;
    let is_succeeded = pattern(&status.success)?;
    let terminal_doc = doc_raw(&format!(
        "Whether a job in this state has ended ({}), as the spec's waiters read it. Values this \
         SDK does not know are not terminal.",
        listed(&terminal_values)
    ));
    let failed_doc = doc_raw(&format!(
        "Whether a job in this state has ended without success ({}).",
        listed(&status.failure_values)
    ));
    let succeeded_doc = doc_raw(&format!(
        "Whether a job in this state has ended successfully ({}).",
        listed(&status.success_values)
    ));
    Ok(quote! {
        impl types::#name {
            #terminal_doc
            pub fn is_terminal(&self) -> bool {
                #is_terminal
            }

            #failed_doc
            pub fn is_failed(&self) -> bool {
                #is_failed
            }

            #succeeded_doc
            pub fn is_succeeded(&self) -> bool {
                #is_succeeded
            }
        }
    })
}
