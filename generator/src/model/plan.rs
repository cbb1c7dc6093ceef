//! The wire plan of each operation, decided once every type is known: how each parameter's
//! value becomes text. Emitters print these decisions; they never look through aliases.

use super::{
    Operation, ParamEncoding, ParamLocation, ParamStyle, TypeDef, TypeKind, TypeRef, WireText,
};
use std::collections::BTreeMap;

/// Lookups over the finished named types.
struct Types<'a> {
    by_name: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Types<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Types {
            by_name: types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    fn kind(&self, name: &str) -> Option<&'a TypeKind> {
        self.by_name.get(name).map(|d| &d.kind)
    }

    /// Follows aliases to the type a name finally stands for (alias loops were refused or
    /// turned into newtypes before this runs; the bound is a second guard).
    fn resolve<'t>(&self, ty: &'t TypeRef) -> &'t TypeRef
    where
        'a: 't,
    {
        let mut current = ty;
        for _ in 0..64 {
            match current {
                TypeRef::Named(n) => match self.kind(n) {
                    Some(TypeKind::Alias(inner)) => current = inner,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Whether the type prints as its wire value with `Display`.
    fn has_display(&self, ty: &TypeRef) -> bool {
        match self.resolve(ty) {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::String => true,
            TypeRef::Named(n) => matches!(self.kind(n), Some(TypeKind::Enum(_))),
            _ => false,
        }
    }

    /// Whether the type is an object on the wire (a struct, a map, or a newtype around one).
    fn is_object(&self, ty: &TypeRef) -> bool {
        match self.resolve(ty) {
            TypeRef::Map(_) => true,
            TypeRef::Named(n) => match self.kind(n) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Newtype(inner)) => matches!(inner, TypeRef::Map(_)),
                _ => false,
            },
            _ => false,
        }
    }

    /// How one value of `ty` is spelled; lists are joined with `separator`.
    fn text(&self, ty: &TypeRef, separator: &'static str) -> WireText {
        match self.resolve(ty) {
            TypeRef::String => WireText::Str,
            resolved if self.has_display(resolved) => WireText::Display,
            TypeRef::Array(inner) => WireText::Join {
                item: Box::new(self.text(inner, separator)),
                separator,
            },
            _ => WireText::Json,
        }
    }
}

/// Decides every parameter's [`ParamEncoding`].
pub fn plan_operations(types: &[TypeDef], operations: &mut [Operation]) {
    let types = Types::new(types);
    for op in operations {
        for p in &mut op.params {
            let separator = match p.style {
                ParamStyle::SpaceDelimited => " ",
                ParamStyle::PipeDelimited => "|",
                ParamStyle::Form | ParamStyle::DeepObject => ",",
            };
            let query = p.location == ParamLocation::Query;
            p.encoding = match types.resolve(&p.ty) {
                TypeRef::Array(inner) if query && p.explode => {
                    ParamEncoding::EachItem(types.text(inner, separator))
                }
                _ if query && types.is_object(&p.ty) => match p.style {
                    ParamStyle::DeepObject => ParamEncoding::DeepObject,
                    _ if p.explode => ParamEncoding::ObjectExploded,
                    _ => ParamEncoding::ObjectFlat,
                },
                _ if p.location == ParamLocation::Path => {
                    ParamEncoding::Text(types.text(&p.ty, ","))
                }
                _ => ParamEncoding::Text(types.text(&p.ty, separator)),
            };
        }
    }
}
