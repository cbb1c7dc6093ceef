//! Page streams of list operations (`x-pagination`): `pages()`, `items()`, `starting_at(..)`
//! and `send_all()` on the request builder, built on `sdk_runtime::paging`.

use super::docs::doc_raw;
use super::{ident, type_tokens};
use crate::error::Error;
use crate::model::{Operation, Paging, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// An `impl` block with the paging methods of `op`'s builder (nothing if it does not page).
pub(super) fn paging_impl(op: &Operation) -> Result<TokenStream, Error> {
    let Some(paging) = &op.paging else {
        return Ok(quote!());
    };
    let builder = ident(&op.builder_name)?;
    let types = quote!(types::);
    let item_ty = type_tokens(&paging.item_ty, &types)?;
    let page_ty = match &op.output {
        crate::model::Output::Single(body) => type_tokens(&body.ty, &types)?,
        _ => {
            return Err(Error::file(
                "<generator>",
                format!(
                    "internal error: {} pages but has no single response type",
                    op.id
                ),
            ))
        }
    };
    let PagingDocs {
        pages_doc,
        items_doc,
        starting_at_doc,
        send_all_doc,
    } = paging_docs(paging);
    let pages = pages_fn(op, paging, &page_ty, &item_ty)?;
    let starting_at = starting_at_fn(paging)?;
    Ok(quote! {
        impl #builder {
            #pages_doc
            #pages

            #items_doc
            pub fn items(self) -> sdk_runtime::paging::Items<#page_ty, #item_ty> {
                self.pages().items()
            }

            #starting_at_doc
            #starting_at

            #send_all_doc
            pub async fn send_all(self) -> Result<Vec<#item_ty>, sdk_runtime::Error> {
                self.items().try_collect().await
            }
        }
    })
}

/// `pages()`: the paging rules (first position, page size and its bounds), the call that
/// fetches one page, and where the page's items and total are.
fn pages_fn(
    op: &Operation,
    paging: &Paging,
    page_ty: &TokenStream,
    item_ty: &TokenStream,
) -> Result<TokenStream, Error> {
    let offset = ident(&paging.offset)?;
    let limit = ident(&paging.limit)?;
    let op_id = op.id.as_str();
    let offset_wire = param_wire(op, &paging.offset);
    let limit_wire = param_wire(op, &paging.limit);
    let page_index = paging.page_index;
    let start = widen_option(&paging.offset_ty, quote!(self.#offset));
    let requested = match &paging.limit_ty {
        TypeRef::I32 => quote!(self.#limit.map(i64::from)),
        _ => quote!(self.#limit),
    };
    let bound = |b: Option<i64>| match b {
        Some(v) => {
            let v = proc_macro2::Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let (min_limit, max_limit) = (bound(paging.min_limit), bound(paging.max_limit));
    let shape = shape(paging, page_ty)?;
    let offset_narrow = narrow(&paging.offset_ty);
    let limit_narrow = narrow(&paging.limit_ty);
    Ok(quote! {
        pub fn pages(self) -> sdk_runtime::paging::Pages<#page_ty, #item_ty> {
            let spec = sdk_runtime::paging::PagingSpec {
                page_index: #page_index,
                start: #start,
                limit: #requested,
                min_limit: #min_limit,
                max_limit: #max_limit,
            };
            sdk_runtime::paging::Pages::new(
                #op_id,
                spec,
                move |at| {
                    let request = self.clone();
                    Box::pin(async move {
                        let mut request = request.#offset(
                            sdk_runtime::paging::page_param::<#offset_narrow>(#offset_wire, at.offset)?,
                        );
                        if let Some(limit) = at.limit {
                            request = request.#limit(
                                sdk_runtime::paging::page_param::<#limit_narrow>(#limit_wire, limit)?,
                            );
                        }
                        request.send().await
                    })
                },
                #shape,
            )
        }
    })
}

/// `starting_at(position)`: resumes from a position a page reported.
fn starting_at_fn(paging: &Paging) -> Result<TokenStream, Error> {
    let offset = ident(&paging.offset)?;
    let limit = ident(&paging.limit)?;
    let set_offset = saturate(&paging.offset_ty, quote!(position.offset));
    let set_limit = saturate(&paging.limit_ty, quote!(limit));
    Ok(quote! {
        pub fn starting_at(mut self, position: sdk_runtime::paging::PagePosition) -> Self {
            self.#offset = Some(#set_offset);
            if let Some(limit) = position.limit {
                self.#limit = Some(#set_limit);
            }
            self
        }
    })
}

/// The wire name of the parameter with Rust name `name`.
fn param_wire(op: &Operation, name: &str) -> String {
    op.params
        .iter()
        .find(|p| p.name == name)
        .map_or_else(|| name.to_owned(), |p| p.wire_name.clone())
}

/// The builder's integer type for a page parameter.
fn narrow(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::I32 => quote!(i32),
        _ => quote!(i64),
    }
}

/// An `i64` as the builder's integer type, saturating (an `i64` is taken as is).
fn saturate(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::I32 => {
            quote!(i32::try_from(#value).unwrap_or(if #value < 0 { i32::MIN } else { i32::MAX }))
        }
        _ => value,
    }
}

/// `value.map_or(0, i64::from)` for an optional integer field.
fn widen_option(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::I32 => quote!(#value.map_or(0, i64::from)),
        _ => quote!(#value.unwrap_or(0)),
    }
}

/// The `PageShape` literal: item count, announced total and items of a page.
fn shape(paging: &Paging, page_ty: &TokenStream) -> Result<TokenStream, Error> {
    let items = ident(&paging.items)?;
    let (len, into_items) = if paging.items_required {
        (quote!(page.#items.len()), quote!(page.#items))
    } else {
        (
            quote!(page.#items.as_ref().map_or(0, Vec::len)),
            quote!(page.#items.unwrap_or_default()),
        )
    };
    let total = match &paging.total {
        None => quote!(None),
        Some(total) => {
            let total = ident(total)?;
            match (paging.total_required, &paging.total_ty) {
                (true, TypeRef::I32) => quote!(Some(i64::from(page.#total))),
                (true, _) => quote!(Some(page.#total)),
                (false, TypeRef::I32) => quote!(page.#total.map(i64::from)),
                (false, _) => quote!(page.#total),
            }
        }
    };
    Ok(quote! {
        sdk_runtime::paging::PageShape {
            len: |page: &#page_ty| #len,
            total: |page: &#page_ty| #total,
            into_items: |page: #page_ty| #into_items,
        }
    })
}

/// The rustdoc of the four paging methods.
struct PagingDocs {
    pages_doc: TokenStream,
    items_doc: TokenStream,
    starting_at_doc: TokenStream,
    send_all_doc: TokenStream,
}

fn paging_docs(paging: &Paging) -> PagingDocs {
    let unit = if paging.page_index {
        "page index"
    } else {
        "item offset"
    };
    let size = match (paging.min_limit, paging.max_limit) {
        (Some(min), Some(max)) => format!(
            "`{l}` is kept within the spec's {min}..={max} and defaults to {max} (fewest calls)",
            l = paging.limit
        ),
        (None, Some(max)) => format!(
            "`{l}` is kept at most {max} and defaults to {max} (fewest calls)",
            l = paging.limit
        ),
        _ => format!(
            "`{l}` is sent as set (the spec gives no maximum)",
            l = paging.limit
        ),
    };
    let total = paging
        .total
        .as_ref()
        .map(|t| format!(", or once `{t}` items have arrived"))
        .unwrap_or_default();
    let pages_doc = doc_raw(&format!(
        "A lazy stream of the response pages, starting at `{o}` ({unit}, 0 when unset): each page \
         is fetched only when the stream is asked for it.\n\n\
         {size}. The stream ends at an empty page, a page shorter than the page size{total}. \
         Errors are [`sdk_runtime::Error::Paging`] with the page to resume from \
         ([`sdk_runtime::Error::page_position`], then [`Self::starting_at`]); a server that sends \
         the same page twice or passes the caps ([`sdk_runtime::paging::PagingLimits`]) is stopped \
         with one.",
        o = paging.offset,
    ));
    let items_doc = doc_raw(
        "A lazy stream of the items of every page, holding at most one page (see [`Self::pages`]).",
    );
    let starting_at_doc = doc_raw(&format!(
        "Starts at `position` (from [`sdk_runtime::Error::page_position`]): sets `{o}` and, when \
         the position has one, `{l}`, so a stream resumes where an earlier one failed.",
        o = paging.offset,
        l = paging.limit
    ));
    let send_all_doc = doc_raw(
        "Every item of every page in one `Vec` (see [`Self::pages`] for the rules and caps). \
         Prefer [`Self::items`] for long listings: it holds one page at a time.",
    );
    PagingDocs {
        pages_doc,
        items_doc,
        starting_at_doc,
        send_all_doc,
    }
}
