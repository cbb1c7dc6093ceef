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

fn deserialize(input: &DeriveInput) -> Result<Tokens, Error> {
    const WHAT: &str = "`sdk_runtime::Deserialize` supports structs with named fields only; \
                        use `serde::Deserialize` for others";
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(Error::new(Span::call_site(), WHAT)),
        },
        _ => return Err(Error::new(Span::call_site(), WHAT)),
    };
    if let Some(attr) = input.attrs.iter().find(|a| a.path().is_ident("serde")) {
        return Err(Error::new_spanned(
            attr,
            "`sdk_runtime::Deserialize` takes no container attributes; use `serde::Deserialize`",
        ));
    }
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "`sdk_runtime::Deserialize` does not support generic structs",
        ));
    }
    let name = &input.ident;
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let mut wire_names = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let Some(ident) = &field.ident else { continue };
        let (wire, default) = field_serde(field)?;
        let wire = wire.unwrap_or_else(|| {
            let plain = ident.to_string();
            plain.strip_prefix("r#").unwrap_or(&plain).to_owned()
        });
        let local = format_ident!("__field{}", index);
        let ty = &field.ty;
        locals.push(
            quote!(let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None;),
        );
        arms.push(quote!(#wire => ::sdk_runtime::de::next_field(&mut map, &mut #local, #wire)?,));
        // As with serde's derive, a missing `Option` is `None` even without `default`.
        let optional = generic_arg(&field.ty, "Option").is_some();
        inits.push(if default || optional {
            quote!(#ident: #local.unwrap_or_default(),)
        } else {
            quote!(#ident: ::sdk_runtime::de::required(#local, #wire)?,)
        });
        wire_names.push(wire);
    }
    let expecting = format!("struct {name}");
    let type_name = name.to_string();
    // Names the derive declares start with `__`, which generated type names never do: a
    // struct named `D` or `Visitor` must not be shadowed inside its own impl.
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
                        #(#locals)*
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<::sdk_runtime::de::FieldName<'de>>()?
                        {
                            match key.as_str() {
                                #(#arms)*
                                _ => ::sdk_runtime::de::skip_value(&mut map)?,
                            }
                        }
                        ::core::result::Result::Ok(#name { #(#inits)* })
                    }
                }
                deserializer.deserialize_struct(#type_name, &[#(#wire_names),*], __Visitor)
            }
        }
    })
}

/// A field's `#[serde(..)]`: its wire name when renamed, and whether it has `default`.
fn field_serde(field: &syn::Field) -> Result<(Option<String>, bool), Error> {
    let mut rename = None;
    let mut default = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.path.is_ident("default") {
                if meta.input.peek(syn::Token![=]) {
                    return Err(
                        meta.error("`default = ..` is not supported; use `serde::Deserialize`")
                    );
                }
                default = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                let _: syn::LitStr = meta.value()?.parse()?;
            } else {
                return Err(meta.error(
                    "not supported by `sdk_runtime::Deserialize`; use `serde::Deserialize`",
                ));
            }
            Ok(())
        })?;
    }
    Ok((rename, default))
}
