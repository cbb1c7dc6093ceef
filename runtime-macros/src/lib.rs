//! Derive macros for the SDK crates that `openapi-rust-gen` generates. Use them through
//! `sdk-runtime`, which re-exports them (`sdk_runtime::Setters`).
//!
//! Generated structs have one chaining setter per field that starts empty, hundreds per crate,
//! all alike. Writing them here instead of into every generated file keeps the generated code
//! about what differs between types (names, fields, docs), and the generator fast.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{
    Data, DeriveInput, Error, Fields, GenericArgument, Ident, PathArguments, Type, TypePath,
};

/// Writes a `with_<field>` setter for each `Option` field of a struct with named fields: it
/// takes anything that converts into the field's value (`impl Into<T>`; a list takes any
/// iterable of such items), stores it as `Some(..)` (boxed when the field is an
/// `Option<Box<T>>`) and returns the struct, for chaining:
///
/// ```ignore
/// #[derive(Default, sdk_runtime::Setters)]
/// pub struct Dataset {
///     pub name: Option<String>,
///     pub tags: Option<Vec<String>>,
///     #[setter(with_kind)]
///     pub kind_: Option<i32>,
///     pub id: String,
/// }
///
/// let d = Dataset::default().with_name("a").with_tags(["x", "y"]).with_kind(3);
/// ```
///
/// Fields of other types get no setter. `#[setter(NAME)]` on a field names its setter;
/// `#[setter(skip)]` writes none for it.
#[proc_macro_derive(Setters, attributes(setter))]
pub fn derive_setters(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    setters(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

fn setters(input: &DeriveInput) -> Result<Tokens, Error> {
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(Error::new(Span::call_site(), UNSUPPORTED)),
        },
        _ => return Err(Error::new(Span::call_site(), UNSUPPORTED)),
    };
    let mut methods = Vec::new();
    for field in fields {
        let Some(name) = &field.ident else { continue };
        let Some(setter) = setter_name(field, name)? else {
            continue;
        };
        let Some(value) = generic_arg(&field.ty, "Option") else {
            continue;
        };
        let (value, boxed) = match generic_arg(value, "Box") {
            Some(inner) => (inner, true),
            None => (value, false),
        };
        let (arg, mut expr) = match generic_arg(value, "Vec") {
            Some(item) => (
                quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>),
                quote!(value.into_iter().map(::core::convert::Into::into).collect()),
            ),
            None => (
                quote!(impl ::core::convert::Into<#value>),
                quote!(value.into()),
            ),
        };
        if boxed {
            expr = quote!(::std::boxed::Box::new(#expr));
        }
        let field_name = name.to_string();
        let field_name = field_name.strip_prefix("r#").unwrap_or(&field_name);
        let doc = format!(
            " Sets [`{field_name}`](Self::{field_name}) and returns the value, for chaining."
        );
        methods.push(quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#name = ::core::option::Option::Some(#expr);
                self
            }
        });
    }
    if methods.is_empty() {
        return Ok(Tokens::new());
    }
    let ty = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics #ty #ty_generics #where_clause {
            #(#methods)*
        }
    })
}

const UNSUPPORTED: &str = "`Setters` derives setters for structs with named fields only";

/// The setter of `field`: `with_<field>`, the name its `#[setter(NAME)]` gives, or none with
/// `#[setter(skip)]`.
fn setter_name(field: &syn::Field, name: &Ident) -> Result<Option<Ident>, Error> {
    let mut chosen = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("setter")) {
        if chosen.is_some() {
            return Err(Error::new_spanned(
                attr,
                "a field takes one `#[setter(..)]`",
            ));
        }
        let given: Ident = attr.parse_args()?;
        chosen = Some(if given == "skip" { None } else { Some(given) });
    }
    Ok(match chosen {
        Some(choice) => choice,
        None => {
            let plain = name.to_string();
            let plain = plain.strip_prefix("r#").unwrap_or(&plain).to_owned();
            Some(format_ident!("with_{}", plain))
        }
    })
}

/// `T` when `ty` is `wrapper<T>` (the last segment of its path, so `std::option::Option<T>` too).
fn generic_arg<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(TypePath {
        qself: None, path, ..
    }) = ty
    else {
        return None;
    };
    let last = path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// Implements `serde::Deserialize` for a struct with named fields, reading a JSON object field
/// by field (see `sdk_runtime::de`). It understands the field attributes generated code uses:
/// `#[serde(rename = "..")]`, `#[serde(default)]` and `#[serde(skip_serializing_if = "..")]`
/// (which concerns `Serialize` only); any other `serde` attribute is a compile error, so that
/// nothing is silently read differently from serde's own derive.
#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    deserialize(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// The visitor reads every key into one tuple of slots (`Optional<T>` for an `Option` field,
/// `Option<T>` for the others), then moves the slots into the struct with one `match` whose
/// patterns require the required fields; a missing one is named only on the error path.
///
/// One tuple instead of one local per field, and slots an `Option` field is moved out of as it
/// is (no `unwrap_or_default` call per field), leave rustc fewer locals to drop and fewer paths
/// out of the body: on a crate of 1,500 16-field structs this cut the check's peak memory by
/// 48 MB of the 680 MB the derive cost. A `match` on the key's index in a table of names instead
/// of on the key cost more (the tables), so the keys stay a string `match`.
fn deserialize(input: &DeriveInput) -> Result<Tokens, Error> {
    let fields = plain_struct_fields(input, "Deserialize")?;
    let name = &input.ident;
    let mut types = Vec::new();
    let mut arms = Vec::new();
    let mut patterns = Vec::new();
    let mut inits = Vec::new();
    let mut missing = Vec::new();
    let mut nones = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let Some(ident) = &field.ident else { continue };
        let serde = field_serde(field)?;
        let default = serde.default;
        let wire = serde.rename.unwrap_or_else(|| plain_name(ident));
        let local = format_ident!("__field{}", index);
        let slot = syn::Index::from(index);
        let ty = &field.ty;
        if let Some(inner) = generic_arg(&field.ty, "Option") {
            types.push(quote!(::sdk_runtime::de::Optional<#inner>));
            nones.push(quote!(::sdk_runtime::de::Optional::EMPTY));
            arms.push(quote!(#wire => ::sdk_runtime::de::next_optional(&mut map, &mut __slots.#slot, #wire),));
            patterns.push(quote!(#local));
            inits.push(quote!(#ident: #local.value,));
            continue;
        }
        types.push(quote!(::core::option::Option<#ty>));
        nones.push(quote!(::core::option::Option::None));
        arms.push(
            quote!(#wire => ::sdk_runtime::de::next_field(&mut map, &mut __slots.#slot, #wire),),
        );
        if default {
            patterns.push(quote!(#local));
            inits.push(quote!(#ident: #local.unwrap_or_default(),));
        } else {
            patterns.push(quote!(::core::option::Option::Some(#local)));
            inits.push(quote!(#ident: #local,));
            missing.push(quote!((&__slots.#slot, #wire)));
        }
    }
    // Without required fields every slot pattern binds: a second arm would be unreachable.
    let finish = if missing.is_empty() {
        quote! {
            let (#(#patterns,)*) = __slots;
            ::core::result::Result::Ok(#name { #(#inits)* })
        }
    } else {
        quote! {
            match __slots {
                (#(#patterns,)*) => ::core::result::Result::Ok(#name { #(#inits)* }),
                __slots => ::core::result::Result::Err(::sdk_runtime::de::Error::missing_field(
                    ::sdk_runtime::de::first_absent(&[#(#missing),*]),
                )),
            }
        }
    };
    let expecting = format!("struct {name}");
    Ok(quote! {
        impl<'de> ::sdk_runtime::de::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::sdk_runtime::de::Deserializer<'de>,
            {
                struct __Visitor;
                impl<'de> ::sdk_runtime::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A>(self, mut map: __A) -> ::core::result::Result<#name, __A::Error>
                    where
                        __A: ::sdk_runtime::de::MapAccess<'de>,
                    {
                        let mut __slots: (#(#types,)*) = (#(#nones,)*);
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<::sdk_runtime::de::FieldName<'de>>()?
                        {
                            match key.as_str() {
                                #(#arms)*
                                _ => ::sdk_runtime::de::skip_value(&mut map),
                            }?;
                        }
                        #finish
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    })
}

/// The fields of a struct with named fields, no generics and no container `serde` attribute:
/// what the serde derives of this crate support (`what` names the derive in errors).
fn plain_struct_fields<'a>(
    input: &'a DeriveInput,
    what: &str,
) -> Result<&'a syn::punctuated::Punctuated<syn::Field, syn::Token![,]>, Error> {
    let unsupported = |detail: &str| format!("`sdk_runtime::{what}` {detail}; use `serde::{what}`");
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => {
                return Err(Error::new(
                    Span::call_site(),
                    unsupported("supports structs with named fields only"),
                ))
            }
        },
        _ => {
            return Err(Error::new(
                Span::call_site(),
                unsupported("supports structs with named fields only"),
            ))
        }
    };
    if let Some(attr) = input.attrs.iter().find(|a| a.path().is_ident("serde")) {
        return Err(Error::new_spanned(
            attr,
            unsupported("takes no container attributes"),
        ));
    }
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            unsupported("does not support generic structs"),
        ));
    }
    Ok(fields)
}

/// A field's name on the wire when no `rename` says otherwise.
fn plain_name(ident: &Ident) -> String {
    let plain = ident.to_string();
    plain.strip_prefix("r#").unwrap_or(&plain).to_owned()
}

/// What a field's `#[serde(..)]` attributes say.
#[derive(Default)]
struct FieldSerde {
    /// `rename = ".."`: the name on the wire.
    rename: Option<String>,
    /// `default`: missing is the type's default.
    default: bool,
    /// `skip_serializing_if = "Option::is_none"`.
    skip_if_none: bool,
}

/// Reads a field's `#[serde(..)]`; anything these derives do not do as serde's do is an error.
fn field_serde(field: &syn::Field) -> Result<FieldSerde, Error> {
    let mut found = FieldSerde::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found.rename = Some(value.value());
            } else if meta.path.is_ident("default") {
                if meta.input.peek(syn::Token![=]) {
                    return Err(meta.error("`default = ..` is not supported; use serde's derives"));
                }
                found.default = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                let value: syn::LitStr = meta.value()?.parse()?;
                if value.value() != "Option::is_none" {
                    return Err(meta.error(
                        "only `skip_serializing_if = \"Option::is_none\"` is supported; use serde's derives",
                    ));
                }
                found.skip_if_none = true;
            } else {
                return Err(meta.error("not supported by `sdk_runtime`'s derives; use serde's"));
            }
            Ok(())
        })?;
    }
    Ok(found)
}

/// Implements `serde::Serialize` for a struct with named fields, in field order, through
/// `sdk_runtime::ser`: the same output as serde's derive for the field attributes generated
/// code uses, `#[serde(rename = "..")]` and `#[serde(skip_serializing_if = "Option::is_none")]`
/// (`default` concerns reading only). Any other `serde` attribute is a compile error.
#[proc_macro_derive(Serialize, attributes(serde))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    serialize(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

fn serialize(input: &DeriveInput) -> Result<Tokens, Error> {
    let fields = plain_struct_fields(input, "Serialize")?;
    let name = &input.ident;
    let mut required = 0usize;
    let mut optional = Vec::new();
    let mut writes = Vec::new();
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let serde = field_serde(field)?;
        let wire = serde.rename.unwrap_or_else(|| plain_name(ident));
        if serde.skip_if_none {
            optional.push(quote!(&self.#ident));
            writes.push(quote!(__fields.optional(#wire, &self.#ident);));
        } else {
            required += 1;
            writes.push(quote!(__fields.field(#wire, &self.#ident);));
        }
    }
    let type_name = name.to_string();
    // One call per field and no `?`: each early return (a branch, a conversion of the error
    // and a path out) cost more to check than the call itself; `Fields` keeps the first
    // error instead. The optional fields are counted by `Fields::new` from references, which
    // are neither calls nor branches.
    Ok(quote! {
        impl ::sdk_runtime::ser::Serialize for #name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::sdk_runtime::ser::Serializer,
            {
                let mut __fields = ::sdk_runtime::ser::Fields::new(
                    serializer,
                    #type_name,
                    #required,
                    &[#(#optional),*],
                );
                #(#writes)*
                __fields.end()
            }
        }
    })
}
