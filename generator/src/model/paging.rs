//! Lowering of the `x-pagination` extension: which parameters page a list operation, where its
//! items are, and the bounds the spec sets on the page size.

use super::operation::resolve_param;
use super::schema::Lowerer;
use super::{BodyEncoding, Output, Paging, Param, ParamLocation, ResponseBody, TypeKind, TypeRef};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

/// Checks `x-pagination` against the operation; anything that does not fit is a warning and the
/// extension is ignored (the operation itself is still generated). `raw` holds the path item's
/// and the operation's parameters as written, for the page size's `minimum`/`maximum`.
pub(super) fn lower_paging(
    lw: &mut Lowerer<'_>,
    ext: &serde_json::Value,
    params: &[Param],
    raw: [&[ReferenceOr<Parameter>]; 2],
    output: &Output,
    at: &str,
) -> Option<Paging> {
    let field = |key: &str| ext.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let page_index = field("page").is_some();
    let (Some(offset), Some(limit), Some(items)) = (
        field("page").or(field("offset")),
        field("limit"),
        field("items"),
    ) else {
        lw.warn(
            at,
            "x-pagination needs `offset` (or `page`), `limit` and `items`; it is ignored",
        );
        return None;
    };
    let query_int = |wire: &str| {
        params.iter().find(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == wire
                && !p.required
                && matches!(p.ty, TypeRef::I32 | TypeRef::I64)
        })
    };
    let (Some(offset_param), Some(limit_param)) = (query_int(&offset), query_int(&limit)) else {
        lw.warn(at, "x-pagination: `offset`/`page` and `limit` must name optional integer query parameters; it is ignored");
        return None;
    };
    let page = page_fields(lw, output, &items, field("total"), at)?;
    let paging = Paging {
        offset: offset_param.name.clone(),
        page_index,
        offset_ty: offset_param.ty.clone(),
        limit: limit_param.name.clone(),
        limit_ty: limit_param.ty.clone(),
        items: page.items,
        items_required: page.items_required,
        item_ty: page.item_ty,
        total: page.total,
        total_required: page.total_required,
        total_ty: page.total_ty,
        min_limit: None,
        max_limit: None,
    };
    let (min_limit, max_limit) = limit_bounds(lw, raw, &limit, at);
    if let (Some(min), Some(max)) = (min_limit, max_limit) {
        if min > max || max < 1 {
            lw.warn(
                at,
                format!("x-pagination: `{limit}` allows no page size (minimum {min}, maximum {max}); its bounds are ignored"),
            );
            return Some(paging);
        }
    }
    Some(Paging {
        min_limit,
        max_limit,
        ..paging
    })
}

/// Where a page's items and its total are in the success response.
struct PageFields {
    /// The Rust field holding the items.
    items: String,
    items_required: bool,
    item_ty: TypeRef,
    /// The Rust field holding the total count, when `x-pagination` names one.
    total: Option<String>,
    total_required: bool,
    total_ty: TypeRef,
}

/// Finds the array `items` (and the integer `total`, when named) among the properties of the
/// operation's JSON response object; a warning and `None` when something is missing.
fn page_fields(
    lw: &mut Lowerer<'_>,
    output: &Output,
    items: &str,
    total: Option<String>,
    at: &str,
) -> Option<PageFields> {
    let response = match output {
        Output::Single(ResponseBody {
            encoding: BodyEncoding::Json,
            ty: TypeRef::Named(name),
        }) => lw.find_def(name),
        _ => None,
    };
    let Some(TypeKind::Struct(response)) = response.map(|d| &d.kind) else {
        lw.warn(
            at,
            "x-pagination: the success response must be one JSON object type; it is ignored",
        );
        return None;
    };
    let items_field = response.fields.iter().find(|f| f.wire_name == items);
    let Some((items_field, item_ty)) = items_field.and_then(|f| match &f.ty {
        TypeRef::Array(item) => Some((f, (**item).clone())),
        _ => None,
    }) else {
        lw.warn(
            at,
            format!("x-pagination: the response has no array property `{items}`; it is ignored"),
        );
        return None;
    };
    let total = match total {
        None => None,
        Some(total) => match response
            .fields
            .iter()
            .find(|f| f.wire_name == total && matches!(f.ty, TypeRef::I32 | TypeRef::I64))
        {
            Some(f) => Some(f),
            None => {
                lw.warn(at, format!("x-pagination: the response has no integer property `{total}`; it is ignored"));
                return None;
            }
        },
    };
    Some(PageFields {
        items: items_field.name.clone(),
        items_required: items_field.required,
        item_ty,
        total: total.map(|f| f.name.clone()),
        total_required: total.is_some_and(|f| f.required),
        total_ty: total.map(|f| f.ty.clone()).unwrap_or(TypeRef::I64),
    })
}

/// `minimum` and `maximum` of the query parameter `wire` (the operation's own declaration wins
/// over the path item's), when its schema is an inline integer.
fn limit_bounds(
    lw: &mut Lowerer<'_>,
    raw: [&[ReferenceOr<Parameter>]; 2],
    wire: &str,
    at: &str,
) -> (Option<i64>, Option<i64>) {
    let mut bounds = (None, None);
    for list in raw {
        for p in list {
            let Ok(p) = resolve_param(lw, p, at) else {
                continue;
            };
            let Parameter::Query { parameter_data, .. } = &p else {
                continue;
            };
            if parameter_data.name != wire {
                continue;
            }
            if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
                &parameter_data.format
            {
                if let SchemaKind::Type(Type::Integer(int)) = &schema.schema_kind {
                    let exclusive = |v: Option<i64>, ex: bool, step: i64| {
                        v.map(|v| if ex { v.saturating_add(step) } else { v })
                    };
                    bounds = (
                        exclusive(int.minimum, int.exclusive_minimum, 1),
                        exclusive(int.maximum, int.exclusive_maximum, -1),
                    );
                }
            }
        }
    }
    bounds
}
