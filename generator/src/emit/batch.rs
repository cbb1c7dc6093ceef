//! Batch operations (`x-batch`): `send_with_metadata`/`send` that fail unless every item
//! succeeded, `send_outcome` with one outcome per item, and the `<operation>_bulk` helper that
//! sends any number of items in chunks.
//!
//! The generic parts (pairing rules, the error, chunking and concurrency) live in the runtime's
//! `sdk_runtime::batch`; this printer only writes the glue that knows the operation's types.

use super::docs::doc_raw;
use super::{ident, type_tokens};
use crate::error::Error;
use crate::model::batch::{Batch, BatchKey, Bulk, BulkField, FieldAccess};
use crate::model::{Operation, Param, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

fn types_path() -> TokenStream {
    quote!(types::)
}

/// The name the operation's own sending function has: batch operations keep it private and
/// wrap it with the checked public methods.
pub fn core_send_name(op: &Operation) -> (TokenStream, TokenStream) {
    if op.batch.is_some() {
        (quote!(send_unchecked), quote!())
    } else {
        (quote!(send_with_metadata), quote!(pub))
    }
}

/// Methods added to the request builder of a batch operation.
pub fn builder_methods(op: &Operation) -> Result<TokenStream, Error> {
    let Some(batch) = &op.batch else {
        return Ok(quote!());
    };
    let response = ident(&batch.response_ty)?;
    let op_id = op.id.as_str();
    let items_wire = batch.items.wire_name.as_str();
    let items_field = ident(&batch.items.name)?;
    let item_ty = type_tokens(&batch.item_ty, &types_path())?;
    let items_of_body = if batch.items.optional {
        quote!(body.#items_field.as_deref().unwrap_or_default())
    } else {
        quote!(body.#items_field.as_slice())
    };
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let items_expr = if body_required {
        quote!({ let body = &self.body; #items_of_body })
    } else {
        quote!(match &self.body { Some(body) => #items_of_body, None => &[] })
    };
    let keys = keys_expr(batch)?;
    let report = report_expr(batch)?;
    let empty_msg = format!(
        "{op_id}: `{items_wire}` is empty; a batch call needs at least one item (nothing was sent)"
    );
    let check_doc = doc_raw(&format!(
        "Sends the request and succeeds only if the service reports that the batch and every item \
         of `{items_wire}` succeeded.\n\n\
         A 200 answer that reports a failed item, a batch flag that is not `true`, a missing flag \
         or results that cannot be paired with the items is [`sdk_runtime::Error::Batch`]: its \
         message names the failed and unknown items, and \
         [`BatchError::outcome`](sdk_runtime::BatchError::outcome) gives back the full outcome \
         (see `send_outcome`). An empty `{items_wire}` is refused before sending."
    ));
    let outcome_doc = doc_raw(&format!(
        "Sends the request and pairs every item of `{items_wire}` with its outcome (succeeded, \
         failed with the service's `error_code`/`error_msg`, or unknown), without treating a \
         partial failure as an error; the decoded response (with status, request id and \
         headers) stays reachable through [`BatchOutcome::response`](sdk_runtime::BatchOutcome::response).\n\n\
         Fails only as `send_with_metadata` does when no usable answer arrives (service error, \
         timeout, transport, decoding), or with [`sdk_runtime::Error::Config`] when \
         `{items_wire}` is empty (nothing is sent)."
    ));
    Ok(quote! {
        #check_doc
        pub async fn send_with_metadata(self) -> Result<sdk_runtime::Reply<types::#response>, sdk_runtime::Error> {
            self.send_outcome().await?.into_result()
        }

        #outcome_doc
        pub async fn send_outcome(
            self,
        ) -> Result<sdk_runtime::BatchOutcome<String, sdk_runtime::Reply<types::#response>>, sdk_runtime::Error> {
            let keys = self.batch_keys()?;
            let reply = self.send_unchecked().await?;
            let body = reply.value();
            let report = #report;
            let request_id = reply.request_id().map(str::to_owned);
            Ok(sdk_runtime::BatchOutcome::new(#op_id, keys, report, request_id, reply))
        }

        /// The name of every item sent (in order); an empty list is refused.
        fn batch_keys(&self) -> Result<Vec<String>, sdk_runtime::Error> {
            let items: &[#item_ty] = #items_expr;
            if items.is_empty() {
                return Err(sdk_runtime::Error::config(#empty_msg));
            }
            Ok(#keys)
        }
    })
}

/// `Vec<String>` of keys from `items: &[T]`.
fn keys_expr(batch: &Batch) -> Result<TokenStream, Error> {
    Ok(match &batch.key {
        BatchKey::Itself => quote!(items.to_vec()),
        BatchKey::Position => quote!((0..items.len()).map(|i| format!("#{i}")).collect()),
        // A required key field needs no position: `map` alone (an unused `i` would warn).
        BatchKey::Field(field) if !field.optional => {
            let key = key_of_item(field, quote!(item), quote!(i))?;
            quote!(items.iter().map(|item| #key).collect())
        }
        BatchKey::Field(field) => {
            let key = key_of_item(field, quote!(item), quote!(i))?;
            quote!(items.iter().enumerate().map(|(i, item)| #key).collect())
        }
    })
}

/// The key of one item object (`item`, at position `index`).
fn key_of_item(
    field: &FieldAccess,
    item: TokenStream,
    index: TokenStream,
) -> Result<TokenStream, Error> {
    let name = ident(&field.name)?;
    Ok(if field.optional {
        quote!(#item.#name.clone().unwrap_or_else(|| format!("#{}", #index)))
    } else {
        quote!(#item.#name.clone())
    })
}

/// `Option<T>` from a field of `owner` that may or may not be an `Option`.
fn optional_value(
    owner: &TokenStream,
    field: Option<&FieldAccess>,
    copy: bool,
) -> Result<TokenStream, Error> {
    let Some(field) = field else {
        return Ok(quote!(None));
    };
    let name = ident(&field.name)?;
    let read = if copy {
        quote!(#owner.#name)
    } else {
        quote!(#owner.#name.clone())
    };
    Ok(if field.optional {
        read
    } else {
        quote!(Some(#read))
    })
}

/// `sdk_runtime::BatchReport` read from `body` (the decoded response).
fn report_expr(batch: &Batch) -> Result<TokenStream, Error> {
    let body = quote!(body);
    let result = quote!(result);
    let success = optional_value(&body, Some(&batch.success), true)?;
    let error_code = optional_value(&body, batch.error_code.as_ref(), false)?;
    let error_msg = optional_value(&body, batch.error_msg.as_ref(), false)?;
    let item_success = optional_value(&result, Some(&batch.item_success), true)?;
    let item_code = optional_value(&result, batch.item_error_code.as_ref(), false)?;
    let item_msg = optional_value(&result, batch.item_error_msg.as_ref(), false)?;
    let results_field = ident(&batch.results.name)?;
    let map = quote! {
        .iter()
        .map(|result| sdk_runtime::ItemReport {
            success: #item_success,
            error_code: #item_code,
            error_msg: #item_msg,
        })
        .collect()
    };
    let results = if batch.results.optional {
        quote!(body.#results_field.as_ref().map(|results| results #map))
    } else {
        quote!(Some(body.#results_field #map))
    };
    Ok(quote! {
        sdk_runtime::BatchReport {
            success: #success,
            error_code: #error_code,
            error_msg: #error_msg,
            results: #results,
        }
    })
}

/// `(argument type, conversion)` of a required parameter of the bulk helper.
fn arg_type(p: &Param) -> Result<(TokenStream, TokenStream, TokenStream), Error> {
    let name = ident(&p.name)?;
    Ok(match &p.ty {
        TypeRef::String => (
            quote!(impl Into<String>),
            quote!(#name.into()),
            quote!(String),
        ),
        other => {
            let ty = type_tokens(other, &types_path())?;
            (ty.clone(), quote!(#name), ty)
        }
    })
}

/// The `<operation>_bulk` client method and its builder.
pub fn bulk_items(ctx: &super::Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let Some((batch, bulk)) = op
        .batch
        .as_ref()
        .and_then(|b| b.bulk.as_ref().map(|bulk| (b, bulk)))
    else {
        return Ok(quote!());
    };
    let builder = ident(&bulk.builder_name)?;
    let item_ty = type_tokens(&batch.item_ty, &types_path())?;
    let members = BulkMembers::collect(op, batch, bulk)?;
    let (method_doc, builder_doc) = bulk_docs(op, batch, bulk);
    let method = bulk_method(batch, bulk, &builder, &item_ty, &members, method_doc)?;
    let builder_struct = bulk_builder_struct(bulk, &builder, &item_ty, &members, builder_doc);
    let options = bulk_option_setters();
    let setters = &members.setters;
    let send = bulk_send(
        op,
        batch,
        &builder,
        &item_ty,
        &members,
        ctx.types_crate.is_some(),
    )?;
    Ok(quote! {
        #method

        #builder_struct

        impl #builder {
            #options

            #(#setters)*

            #send
        }
    })
}

/// `impl Client { fn <operation>_bulk(..) }`: takes the arguments and the items, and starts
/// the builder with default options.
fn bulk_method(
    batch: &Batch,
    bulk: &Bulk,
    builder: &Ident,
    item_ty: &TokenStream,
    members: &BulkMembers,
    method_doc: TokenStream,
) -> Result<TokenStream, Error> {
    let fn_name = ident(&bulk.fn_name)?;
    let (_, items_param, collect_items) = bulk_item_tokens(batch, item_ty)?;
    let BulkMembers { args, inits, .. } = members;
    Ok(quote! {
        impl Client {
            #method_doc
            pub fn #fn_name(&self, #(#args)* #items_param) -> #builder {
                #builder {
                    client: self.clone(),
                    items: #collect_items,
                    options: sdk_runtime::BulkOptions::default(),
                    progress: None,
                    #(#inits)*
                }
            }
        }
    })
}

/// The builder's struct and its `Debug` (which shows the item count, not the items).
fn bulk_builder_struct(
    bulk: &Bulk,
    builder: &Ident,
    item_ty: &TokenStream,
    members: &BulkMembers,
    builder_doc: TokenStream,
) -> TokenStream {
    let fields = &members.fields;
    let debug_name = bulk.builder_name.as_str();
    quote! {
        #builder_doc
        #[must_use = "nothing is sent until `send` or `send_report` is awaited"]
        pub struct #builder {
            client: Client,
            items: Vec<#item_ty>,
            options: sdk_runtime::BulkOptions,
            progress: Option<sdk_runtime::batch::ProgressFn>,
            #(#fields)*
        }

        impl std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#debug_name)
                    .field("items", &self.items.len())
                    .field("options", &self.options)
                    .finish_non_exhaustive()
            }
        }
    }
}

/// The setters every bulk builder has: chunk size, concurrency and the progress callback.
fn bulk_option_setters() -> TokenStream {
    quote! {
        /// Items per request (default [`sdk_runtime::batch::DEFAULT_CHUNK_SIZE`]; 0 counts as 1).
        pub fn chunk_size(mut self, size: usize) -> Self {
            self.options.chunk_size = size.max(1);
            self
        }

        /// Requests in flight at once (default [`sdk_runtime::batch::DEFAULT_CONCURRENCY`]; 0 counts as 1).
        pub fn concurrency(mut self, requests: usize) -> Self {
            self.options.concurrency = requests.max(1);
            self
        }

        /// Called after each chunk with the counts so far.
        pub fn on_progress(mut self, callback: impl FnMut(&sdk_runtime::Progress) + Send + 'static) -> Self {
            self.progress = Some(Box::new(callback));
            self
        }
    }
}

/// `send` and `send_report`: each chunk becomes one call of the operation, whose per-item
/// outcomes the runtime lays back over the items.
///
/// Each chunk's body is a struct expression, unless the types are in a crate of their own
/// (`in_types_crate`): a `#[non_exhaustive]` struct of another crate cannot be written as one,
/// so the body starts from `default()` (or from `new(items)` when the items are its only
/// required field; the model keeps one crate for any other shape) and its other fields are
/// assigned.
fn bulk_send(
    op: &Operation,
    batch: &Batch,
    builder: &Ident,
    item_ty: &TokenStream,
    members: &BulkMembers,
    in_types_crate: bool,
) -> Result<TokenStream, Error> {
    let op_fn = ident(&op.fn_name)?;
    let op_id = op.id.as_str();
    let body_ty = ident(&batch.body_ty)?;
    let items_field = ident(&batch.items.name)?;
    let (key, _, _) = bulk_item_tokens(batch, item_ty)?;
    let BulkMembers {
        call_args,
        unpack,
        per_call,
        body_fields,
        body_assigns,
        ..
    } = members;
    let chunk_value = if batch.items.optional {
        quote!(Some(chunk))
    } else {
        quote!(chunk)
    };
    let make_body = match (in_types_crate, batch.items.optional) {
        (false, _) => quote! {
            let body = types::#body_ty {
                #items_field: #chunk_value,
                #(#body_fields)*
            };
        },
        (true, true) => quote! {
            let mut body = types::#body_ty::default();
            body.#items_field = Some(chunk);
            #(#body_assigns)*
        },
        (true, false) => {
            let mutable = (!body_assigns.is_empty()).then(|| quote!(mut));
            quote! {
                let #mutable body = types::#body_ty::new(chunk);
                #(#body_assigns)*
            }
        }
    };
    let mutable = (!per_call.is_empty()).then(|| quote!(mut));
    let make_call = if op.body.as_ref().is_some_and(|b| b.required) {
        quote!(let #mutable call = client.#op_fn(#(#call_args,)* body);)
    } else {
        quote!(let #mutable call = client.#op_fn(#(#call_args,)*).body(body);)
    };
    Ok(quote! {
        /// Sends every chunk and returns the report if every item succeeded; otherwise
        /// [`sdk_runtime::Error::Batch`] naming the failed and unknown items, which keeps the
        /// full report ([`BatchError::outcome`](sdk_runtime::BatchError::outcome) with
        /// `BulkReport<String>`).
        pub async fn send(self) -> Result<sdk_runtime::BulkReport<String>, sdk_runtime::Error> {
            self.send_report().await.into_result()
        }

        /// Sends every chunk and returns one outcome per item, whatever happened.
        pub async fn send_report(self) -> sdk_runtime::BulkReport<String> {
            let #builder { client, items, options, progress, #(#unpack,)* } = self;
            sdk_runtime::batch::run_bulk(#op_id, items, #key, options, progress, move |chunk| {
                #make_body
                #make_call
                #(#per_call)*
                async move {
                    let outcome = call.send_outcome().await?;
                    Ok(outcome.into_items().into_iter().map(|item| item.outcome).collect())
                }
            })
            .await
        }
    })
}

/// What the bulk builder holds and passes on, per parameter and per copied body property.
#[derive(Default)]
struct BulkMembers {
    /// The method's arguments (path parameters and a required body's parts), in order.
    args: Vec<TokenStream>,
    /// The builder's fields as the method starts them.
    inits: Vec<TokenStream>,
    /// The builder's fields.
    fields: Vec<TokenStream>,
    /// What each chunk's call gets as arguments.
    call_args: Vec<TokenStream>,
    /// The fields `send_report` takes out of the builder.
    unpack: Vec<TokenStream>,
    /// Setters of the builder beyond the options.
    setters: Vec<TokenStream>,
    /// Statements that set optional parameters on each chunk's call.
    per_call: Vec<TokenStream>,
    /// The request body's fields other than the items, as struct-expression fields.
    body_fields: Vec<TokenStream>,
    /// The same, as assignments to `body` (for a body type from the types crate).
    body_assigns: Vec<TokenStream>,
}

impl BulkMembers {
    fn collect(op: &Operation, batch: &Batch, bulk: &Bulk) -> Result<Self, Error> {
        let mut members = BulkMembers::default();
        let ordered = op
            .arguments()
            .into_iter()
            .chain(op.params.iter().filter(|p| !p.argument));
        for p in ordered {
            if p.from_config.is_some() {
                members.config_override(p)?;
            } else if p.argument {
                members.argument(p)?;
            } else if p.required {
                members.required_setter(p)?;
            }
        }
        for other in &bulk.other_fields {
            members.body_property(other, &batch.body_ty)?;
        }
        Ok(members)
    }

    /// A parameter filled from the configuration: a setter can override it for every request.
    fn config_override(&mut self, p: &Param) -> Result<(), Error> {
        let name = ident(&p.name)?;
        let wire = p.wire_name.as_str();
        self.fields.push(quote! { #name: Option<String>, });
        self.inits.push(quote! { #name: None, });
        self.unpack.push(quote!(#name));
        let doc = doc_raw(&format!(
            "Sets `{wire}` for every request instead of the value from the client configuration."
        ));
        self.setters.push(quote! {
            #doc
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        });
        self.forward_per_call(&name);
        Ok(())
    }

    /// An argument of the operation's method: the bulk method takes it too.
    fn argument(&mut self, p: &Param) -> Result<(), Error> {
        let name = ident(&p.name)?;
        let (arg_ty, convert, stored) = arg_type(p)?;
        self.args.push(quote! { #name: #arg_ty, });
        self.inits.push(quote! { #name: #convert, });
        self.fields.push(quote! { #name: #stored, });
        self.unpack.push(quote!(#name));
        self.call_args.push(quote!(#name.clone()));
        Ok(())
    }

    /// A required parameter set by name, as on the operation's builder; each chunk's `send`
    /// checks it.
    fn required_setter(&mut self, p: &Param) -> Result<(), Error> {
        let name = ident(&p.name)?;
        let (arg_ty, convert, stored) = arg_type(p)?;
        self.fields.push(quote! { #name: Option<#stored>, });
        self.inits.push(quote! { #name: None, });
        self.unpack.push(quote!(#name));
        let doc = doc_raw(&format!(
            "Sets the required `{}` parameter of every request (each request fails, unsent, \
             without it).",
            p.wire_name
        ));
        self.setters.push(quote! {
            #doc
            pub fn #name(mut self, #name: #arg_ty) -> Self {
                self.#name = Some(#convert);
                self
            }
        });
        self.forward_per_call(&name);
        Ok(())
    }

    /// Passes a builder value, when set, to each chunk's call.
    fn forward_per_call(&mut self, name: &Ident) {
        self.per_call.push(quote! {
            if let Some(value) = &#name {
                call = call.#name(value.clone());
            }
        });
    }

    /// A property of the request body besides the items, copied into every chunk's body.
    fn body_property(&mut self, other: &BulkField, body_ty: &str) -> Result<(), Error> {
        let field = ident(&other.field)?;
        let setter_ident = ident(&other.setter)?;
        let ty = type_tokens(&other.ty, &types_path())?;
        self.fields.push(quote! { #field: Option<#ty>, });
        self.inits.push(quote! { #field: None, });
        self.unpack.push(quote!(#field));
        if other.copy {
            self.body_fields.push(quote! { #field, });
            self.body_assigns.push(quote! { body.#field = #field; });
        } else {
            self.body_fields.push(quote! { #field: #field.clone(), });
            self.body_assigns
                .push(quote! { body.#field = #field.clone(); });
        }
        let doc = doc_raw(&format!(
            "Sets the request body's `{field}` for every chunk (see [`types::{body_ty}`])."
        ));
        self.setters.push(quote! {
            #doc
            pub fn #setter_ident(mut self, value: #ty) -> Self {
                self.#field = Some(value);
                self
            }
        });
        Ok(())
    }
}

/// How an item is named in the report, the method's `items` parameter, and its collection.
fn bulk_item_tokens(
    batch: &Batch,
    item_ty: &TokenStream,
) -> Result<(TokenStream, TokenStream, TokenStream), Error> {
    let key = match &batch.key {
        BatchKey::Itself => quote!(|_, item: &#item_ty| item.clone()),
        BatchKey::Position => quote!(|index, _: &#item_ty| format!("#{index}")),
        BatchKey::Field(field) => {
            let key = key_of_item(field, quote!(item), quote!(index))?;
            // The position names an item only when its key field may be missing.
            let index = if field.optional {
                quote!(index)
            } else {
                quote!(_)
            };
            quote!(|#index, item: &#item_ty| #key)
        }
    };
    let items_param = match &batch.item_ty {
        TypeRef::String => quote!(items: impl IntoIterator<Item = impl Into<String>>),
        _ => quote!(items: impl IntoIterator<Item = #item_ty>),
    };
    let collect_items = match &batch.item_ty {
        TypeRef::String => quote!(items.into_iter().map(Into::into).collect()),
        _ => quote!(items.into_iter().collect()),
    };
    Ok((key, items_param, collect_items))
}

/// The rustdoc of the bulk method and of its builder.
fn bulk_docs(op: &Operation, batch: &Batch, bulk: &Bulk) -> (TokenStream, TokenStream) {
    let items_wire = batch.items.wire_name.as_str();
    let method_doc = doc_raw(&format!(
        "Runs [`Client::{op}`] for any number of items: `items` are sent as `{items_wire}` in \
         chunks of [`sdk_runtime::batch::DEFAULT_CHUNK_SIZE`] (see `chunk_size`), at most \
         [`sdk_runtime::batch::DEFAULT_CONCURRENCY`] requests at a time (see `concurrency`).\n\n\
         The report has exactly one outcome per item, in the order given. A chunk whose request \
         failed after it may have reached the service (a reset, a timeout, a 5xx) marks its items \
         unknown and is never sent again; a chunk the service refused (4xx) or that could not be \
         sent marks them failed. No items: nothing is sent.",
        op = op.fn_name
    ));
    let builder_doc = doc_raw(&format!(
        "Bulk runner for [`Client::{}`]: set options, then `send` or `send_report`.",
        bulk.fn_name
    ));
    (method_doc, builder_doc)
}
