//! Lowering of paths and operations.

use super::batch::Batch;
use super::names::{self, snake_ident, type_ident, Namespace};
use super::schema::{rust_name_ext, Lowerer};
use super::{
    Body, BodyEncoding, ConfigFill, ErrorEnum, ErrorSharing, ErrorStatus, ErrorVariant, Example,
    FormPart, Group, HeaderField, HeaderStruct, ModelOptions, MultipartForm, Operation, Output,
    OutputVariant, Paging, Param, ParamEncoding, ParamLocation, ParamStyle, PartKind, PathPart,
    ResponseBody, TypeRef, WireText,
};
use crate::error::{pointer, Error};
use indexmap::IndexMap;
use openapiv3::{
    Header, MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// A documented status code and its description.
type StatusDoc = (String, Option<String>);

/// Module of operations without a tag.
const UNTAGGED_MODULE: &str = "default";

/// The names operations claim, shared by every operation of the spec.
struct OperationNames {
    fn_names: Namespace,
    builder_names: Namespace,
    module_names: Namespace,
    tag_modules: BTreeMap<String, String>,
    tag_docs: BTreeMap<String, Option<String>>,
    groups: BTreeMap<String, Group>,
    seen_ids: BTreeSet<String>,
}

impl OperationNames {
    fn new(doc: &openapiv3::OpenAPI) -> Self {
        let mut module_names = Namespace::default();
        for reserved in names::reserved::ROOT_MODULES {
            module_names.reserve(reserved);
        }
        OperationNames {
            fn_names: names::client_methods(),
            builder_names: Namespace::for_types(),
            module_names,
            tag_modules: BTreeMap::new(),
            tag_docs: doc
                .tags
                .iter()
                .map(|t| (t.name.clone(), t.description.clone()))
                .collect(),
            groups: BTreeMap::new(),
            seen_ids: BTreeSet::new(),
        }
    }

    /// The module of an operation's first tag (claimed, with its group, on first use).
    fn module(&mut self, tag: Option<&String>) -> String {
        let module = match tag {
            None => UNTAGGED_MODULE.to_owned(),
            Some(tag) => self
                .tag_modules
                .entry(tag.clone())
                .or_insert_with(|| self.module_names.claim(&snake_ident(tag)))
                .clone(),
        };
        let docs = tag.and_then(|t| self.tag_docs.get(t).cloned().flatten());
        self.groups.entry(module.clone()).or_insert_with(|| Group {
            module: module.clone(),
            tag: tag.cloned().unwrap_or_else(|| UNTAGGED_MODULE.to_owned()),
            docs,
        });
        module
    }
}

pub fn lower_operations(
    lw: &mut Lowerer<'_>,
    options: &ModelOptions,
) -> Result<(Vec<Operation>, Vec<Group>), Error> {
    let doc = lw.doc;
    let mut names = OperationNames::new(&doc.openapi);
    let mut operations = Vec::new();
    for (path, item) in &doc.openapi.paths.paths {
        let path_at = pointer("/paths", &[path]);
        let Some(item) = path_item(lw, item, &path_at) else {
            continue;
        };
        for (method, op) in methods(&item) {
            let site = Site {
                path,
                item: &item,
                method,
                at: pointer(&path_at, &[method]),
            };
            operations.push(lower_operation(lw, options, &mut names, &site, op)?);
        }
    }
    super::batch::name_bulk_helpers(
        &mut operations,
        &mut names.fn_names,
        &mut names.builder_names,
    );
    Ok((operations, names.groups.into_values().collect()))
}

/// A path item, following a `$ref` to another one (`#/paths/~1other`,
/// `#/components/pathItems/X`, a chain of them); one that cannot be followed is left out with
/// a warning. An item in place is borrowed (cloning every path item cost GitHub's spec 12 ms).
fn path_item<'d>(
    lw: &mut Lowerer<'_>,
    item: &'d ReferenceOr<PathItem>,
    at: &str,
) -> Option<std::borrow::Cow<'d, PathItem>> {
    let mut current = match item {
        ReferenceOr::Item(item) => return Some(std::borrow::Cow::Borrowed(item)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    };
    for _ in 0..16 {
        let reference = match current {
            ReferenceOr::Item(item) => return Some(std::borrow::Cow::Owned(item)),
            ReferenceOr::Reference { reference } => reference,
        };
        current = match lw.resolve_pointer::<ReferenceOr<PathItem>>(&reference, at) {
            Ok(next) => next,
            Err(e) => {
                lw.warn(
                    at,
                    format!("{}; the path's operations are left out", e.message),
                );
                return None;
            }
        };
    }
    lw.warn(
        at,
        "a chain of path item $refs is too long or loops; the path's operations are left out",
    );
    None
}

/// Where an operation is: its path, the path item, the method and its pointer.
struct Site<'d> {
    path: &'d String,
    item: &'d PathItem,
    method: &'static str,
    at: String,
}

fn lower_operation(
    lw: &mut Lowerer<'_>,
    options: &ModelOptions,
    names: &mut OperationNames,
    site: &Site<'_>,
    op: &openapiv3::Operation,
) -> Result<Operation, Error> {
    let (path, method, at) = (site.path, site.method, site.at.as_str());
    let path_at = pointer("/paths", &[path]);
    let OperationIdents {
        id,
        fn_name,
        camel,
        builder_name,
    } = claim_operation_names(lw, names, site, op)?;
    let module = names.module(op.tags.first());
    let route = route_and_query(lw, path, &path_at);
    let params = lower_params(
        lw,
        options,
        &route,
        (&site.item.parameters, &op.parameters),
        &camel,
        at,
    )?;
    let path_parts = split_path(lw, route.route, &params, &path_at)?;
    let mut examples = Vec::new();
    let body = match &op.request_body {
        Some(body) => lower_body(
            lw,
            body,
            &camel,
            &pointer(at, &["requestBody"]),
            &mut names.builder_names,
            &mut examples,
        )?,
        None => None,
    };
    let Responses {
        output,
        statuses,
        errors,
        headers,
    } = lower_responses(
        lw,
        &op.responses,
        &camel,
        at,
        &mut names.builder_names,
        &mut examples,
    )?;
    let Behaviour {
        paging,
        batch,
        retry_safe,
    } = lower_behaviour(lw, site, op, &params, body.as_ref(), &output)?;
    Ok(Operation {
        id,
        fn_name,
        builder_name,
        module,
        method: method.to_ascii_uppercase(),
        path: path.clone(),
        path_parts,
        params,
        body,
        output,
        statuses,
        errors,
        headers,
        retry_safe,
        fixed_query: route.fixed,
        deprecated: op.deprecated,
        docs: join_docs(op.summary.as_deref(), op.description.as_deref()),
        origin: at.to_owned(),
        examples,
        paging,
        batch,
    })
}

/// An operation's id and the Rust names it claimed.
struct OperationIdents {
    /// `operationId`, or `"<method> <path>"` without one.
    id: String,
    /// The client method.
    fn_name: String,
    /// The method's name in `UpperCamelCase`, the stem of the operation's type names.
    camel: String,
    /// The request builder.
    builder_name: String,
}

/// Claims the operation's method and builder names (`x-rust-name` first, else the id), and
/// warns about an `operationId` used twice.
fn claim_operation_names(
    lw: &mut Lowerer<'_>,
    names: &mut OperationNames,
    site: &Site<'_>,
    op: &openapiv3::Operation,
) -> Result<OperationIdents, Error> {
    let at = site.at.as_str();
    let id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", site.method, site.path));
    if op.operation_id.is_some() && !names.seen_ids.insert(id.clone()) {
        lw.warn(
            at,
            format!("operationId `{id}` is used twice; this operation gets a numbered method name"),
        );
    }
    let wanted_fn = rust_name_ext(lw, &op.extensions, at)?
        .map(|n| snake_ident(&n))
        .unwrap_or_else(|| snake_ident(&id));
    let fn_name = names.fn_names.claim(&wanted_fn);
    let camel = type_ident(&fn_name);
    let builder_name = names.builder_names.claim(&format!("{camel}Builder"));
    Ok(OperationIdents {
        id,
        fn_name,
        camel,
        builder_name,
    })
}

/// What the vendor extensions add to an operation.
struct Behaviour {
    /// `x-pagination`: how to walk its pages.
    paging: Option<Paging>,
    /// `x-batch`: how its items pair with per-item results.
    batch: Option<Batch>,
    /// `x-retry-safe: true`: a POST that may be retried like an idempotent call.
    retry_safe: bool,
}

fn lower_behaviour(
    lw: &mut Lowerer<'_>,
    site: &Site<'_>,
    op: &openapiv3::Operation,
    params: &[Param],
    body: Option<&Body>,
    output: &Output,
) -> Result<Behaviour, Error> {
    let at = site.at.as_str();
    let paging = match op.extensions.get("x-pagination") {
        Some(ext) => super::paging::lower_paging(
            lw,
            ext,
            params,
            [&site.item.parameters, &op.parameters],
            output,
            &pointer(at, &["x-pagination"]),
        ),
        None => None,
    };
    let batch = match op.extensions.get("x-batch") {
        Some(ext) => Some(super::batch::lower_batch(
            lw,
            ext,
            body,
            output,
            &pointer(at, &["x-batch"]),
        )?),
        None => None,
    };
    let retry_safe = op
        .extensions
        .get("x-retry-safe")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    Ok(Behaviour {
        paging,
        batch,
        retry_safe,
    })
}

fn methods(item: &PathItem) -> Vec<(&'static str, &openapiv3::Operation)> {
    let all = [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("options", &item.options),
        ("head", &item.head),
        ("patch", &item.patch),
        ("trace", &item.trace),
    ];
    all.into_iter()
        .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
        .collect()
}

fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [a, b] if a == b => Some((*a).to_owned()),
        many => Some(many.join("\n\n")),
    }
}

/// Follows `$ref`s (to `#/components/<kind>/<name>` or to any local pointer) until an item.
fn resolve_item<T: Clone + serde::de::DeserializeOwned>(
    lw: &mut Lowerer<'_>,
    item: &ReferenceOr<T>,
    kind: &str,
    lookup: impl Fn(&openapiv3::Components, &str) -> Option<ReferenceOr<T>>,
    at: &str,
) -> Result<T, Error> {
    let prefix = format!("#/components/{kind}/");
    let mut current = item.clone();
    for _ in 0..16 {
        let reference = match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => reference,
        };
        current = match reference
            .strip_prefix(&prefix)
            .filter(|key| !key.contains('/'))
        {
            Some(key) => {
                let key = key.replace("~1", "/").replace("~0", "~");
                let found = lw
                    .doc
                    .openapi
                    .components
                    .as_ref()
                    .and_then(|c| lookup(c, &key));
                found.ok_or_else(|| {
                    lw.error(
                        at,
                        format!("$ref `{reference}` points to a component that does not exist"),
                    )
                })?
            }
            None => lw.resolve_pointer::<ReferenceOr<T>>(&reference, at)?,
        };
    }
    Err(lw.error(at, "a chain of $refs is too long or loops"))
}

pub(super) fn resolve_param(
    lw: &mut Lowerer<'_>,
    p: &ReferenceOr<Parameter>,
    at: &str,
) -> Result<Parameter, Error> {
    resolve_item(lw, p, "parameters", |c, k| c.parameters.get(k).cloned(), at)
}

/// A parameter whose `$ref` cannot be followed is left out with a warning.
fn param_or_warn(lw: &mut Lowerer<'_>, p: &ReferenceOr<Parameter>, at: &str) -> Option<Parameter> {
    match resolve_param(lw, p, at) {
        Ok(p) => Some(p),
        Err(e) => {
            lw.warn(at, format!("{}; this parameter is left out", e.message));
            None
        }
    }
}

/// A JSON body of any shape: what a response or request body whose `$ref` cannot be followed
/// is read as.
fn any_json_content() -> IndexMap<String, openapiv3::MediaType> {
    IndexMap::from([("application/json".to_owned(), Default::default())])
}

/// A response whose `$ref` cannot be followed is read as any JSON value, with a warning.
fn resolve_response(
    lw: &mut Lowerer<'_>,
    r: &ReferenceOr<Response>,
    at: &str,
) -> Result<Response, Error> {
    match resolve_item(lw, r, "responses", |c, k| c.responses.get(k).cloned(), at) {
        Ok(response) => Ok(response),
        Err(e) => {
            lw.warn(
                at,
                format!("{}; the response is read as any JSON value", e.message),
            );
            Ok(Response {
                content: any_json_content(),
                ..Default::default()
            })
        }
    }
}

/// A request body whose `$ref` cannot be followed takes any JSON value, with a warning.
fn resolve_body(lw: &mut Lowerer<'_>, body: &ReferenceOr<RequestBody>, at: &str) -> RequestBody {
    match resolve_item(
        lw,
        body,
        "requestBodies",
        |c, k| c.request_bodies.get(k).cloned(),
        at,
    ) {
        Ok(body) => body,
        Err(e) => {
            lw.warn(at, format!("{}; the body takes any JSON value", e.message));
            RequestBody {
                content: any_json_content(),
                ..Default::default()
            }
        }
    }
}

/// The parameter names a path template uses (`/a/{id}` -> `id`).
fn path_template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Path-level parameters, overridden by operation-level ones with the same name and location;
/// each with its pointer.
fn merge_params(
    lw: &mut Lowerer<'_>,
    shared: &[ReferenceOr<Parameter>],
    own: &[ReferenceOr<Parameter>],
    at: &str,
) -> Result<Vec<(Parameter, String)>, Error> {
    let mut merged: Vec<(Parameter, String)> = Vec::new();
    for (i, p) in shared.iter().enumerate() {
        let p_at = format!(
            "{}/parameters/{i}",
            at.rsplit_once('/').map(|(a, _)| a).unwrap_or(at)
        );
        if let Some(p) = param_or_warn(lw, p, &p_at) {
            merged.push((p, p_at));
        }
    }
    for (i, p) in own.iter().enumerate() {
        let p_at = pointer(at, &["parameters", &i.to_string()]);
        let Some(p) = param_or_warn(lw, p, &p_at) else {
            continue;
        };
        let key = (location_name(&p), p.parameter_data_ref().name.clone());
        merged.retain(|(q, _)| (location_name(q), q.parameter_data_ref().name.clone()) != key);
        merged.push((p, p_at));
    }
    Ok(merged)
}

/// Where a parameter travels and its style; `None` (with a warning where it matters) for
/// parameters the SDK leaves out.
fn param_location(
    lw: &mut Lowerer<'_>,
    p: &Parameter,
    template: &[String],
    p_at: &str,
) -> Option<(ParamLocation, ParamStyle)> {
    let data = p.parameter_data_ref();
    match p {
        Parameter::Path { .. } => {
            if !template.contains(&data.name) {
                lw.warn(
                    p_at,
                    format!(
                        "path parameter `{}` is not in the path template; it is left out",
                        data.name
                    ),
                );
                return None;
            }
            Some((ParamLocation::Path, ParamStyle::Form))
        }
        Parameter::Query {
            style: query_style, ..
        } => {
            let style = match query_style {
                openapiv3::QueryStyle::Form => ParamStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            Some((ParamLocation::Query, style))
        }
        Parameter::Header { .. } => {
            let lower = data.name.to_ascii_lowercase();
            if ["accept", "content-type", "authorization"].contains(&lower.as_str()) {
                return None;
            }
            Some((ParamLocation::Header, ParamStyle::Form))
        }
        Parameter::Cookie { .. } => {
            lw.warn(
                p_at,
                "cookie parameters are not supported; this one is left out",
            );
            None
        }
    }
}

/// The parameters of an operation: `(path-level, operation-level)` lists.
/// A path key that carries a query string (`/search?q={term}&comp=list`, which OpenAPI does not
/// allow but real specs write, Azure's among them): the route before the `?`, the query's
/// `(key, name)` pairs for each `{name}` in it, and its fixed `(key, value)` pairs, which are
/// sent as written with every call (they often tell apart operations that share a route).
struct RouteQuery<'p> {
    route: &'p str,
    params: Vec<(String, String)>,
    fixed: Vec<(String, String)>,
}

fn route_and_query<'p>(lw: &mut Lowerer<'_>, path: &'p str, at: &str) -> RouteQuery<'p> {
    let Some((route, query)) = path.split_once('?') else {
        return RouteQuery {
            route: path,
            params: Vec::new(),
            fixed: Vec::new(),
        };
    };
    let mut params = Vec::new();
    let mut fixed = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            Some(name) => params.push((key.to_owned(), name.to_owned())),
            // `?{name}`: the parameter under its own name.
            None if value.is_empty() && key.starts_with('{') && key.ends_with('}') => {
                let name = &key[1..key.len() - 1];
                params.push((name.to_owned(), name.to_owned()));
            }
            None => fixed.push((key.to_owned(), value.to_owned())),
        }
    }
    let mut note = String::from("the path key holds a query string; ");
    match (params.is_empty(), fixed.is_empty()) {
        (false, true) => note.push_str("its `{name}` parts are sent as query parameters"),
        (true, false) => note.push_str("its pairs are sent as written with every call"),
        _ => note.push_str(
            "its `{name}` parts are sent as query parameters and its fixed pairs as written \
             with every call",
        ),
    }
    lw.warn(at, note);
    RouteQuery {
        route,
        params,
        fixed,
    }
}

fn lower_params(
    lw: &mut Lowerer<'_>,
    options: &ModelOptions,
    RouteQuery {
        route,
        params: query,
        ..
    }: &RouteQuery<'_>,
    (shared, own): (&[ReferenceOr<Parameter>], &[ReferenceOr<Parameter>]),
    camel: &str,
    at: &str,
) -> Result<Vec<Param>, Error> {
    let merged = merge_params(lw, shared, own, at)?;
    let mut names = names::builder_members();
    let mut locals = Namespace::default();
    for reserved in names::reserved::SEND_LOCALS {
        locals.reserve(reserved);
    }
    let template = path_template_names(route);
    let mut params = Vec::new();
    for (p, p_at) in merged {
        let data = p.parameter_data_ref();
        // A "path" parameter that the path key's query string names travels in the query.
        let query_key = query
            .iter()
            .find(|(_, name)| *name == data.name && matches!(p, Parameter::Path { .. }))
            .filter(|_| !template.contains(&data.name))
            .map(|(key, _)| key.clone());
        let moved = query_key.is_some();
        let placed = match &query_key {
            Some(_) => Some((ParamLocation::Query, ParamStyle::Form)),
            None => param_location(lw, &p, &template, &p_at),
        };
        let Some((location, style)) = placed else {
            continue;
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => lw.lower_inline(
                schema,
                &format!("{camel}{}", type_ident(&data.name)),
                &pointer(&p_at, &["schema"]),
            )?,
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let name = names.claim(&snake_ident(&data.name));
        let from_config = options
            .config_path_params
            .iter()
            .find(|c| location == ParamLocation::Path && c.wire_name == data.name)
            .map(|c| ConfigFill {
                value: c.value,
                binding: locals.claim(&name),
            });
        // Path parameters are the client method's arguments, in URL order; every other
        // parameter is a named builder setter, so two required values of one type (a start
        // and an end time) can never be swapped. A required one is checked by `send`.
        let argument = location == ParamLocation::Path && from_config.is_none();
        params.push(Param {
            name,
            wire_name: query_key.unwrap_or_else(|| data.name.clone()),
            location,
            ty,
            required: data.required || location == ParamLocation::Path || moved,
            argument,
            from_config,
            // Decided by `plan` once every type is known.
            encoding: ParamEncoding::Text(WireText::Json),
            style,
            explode: data.explode.unwrap_or(true),
            docs: data
                .description
                .clone()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
        });
    }
    declare_missing_path_params(lw, &template, &mut params, &mut names, at);
    Ok(params)
}

/// A `{name}` in the path with no declared parameter becomes a required string path parameter,
/// with a warning at the path.
fn declare_missing_path_params(
    lw: &mut Lowerer<'_>,
    template: &[String],
    params: &mut Vec<Param>,
    names: &mut Namespace,
    at: &str,
) {
    let path_at = at.rsplit_once('/').map_or(at, |(path, _)| path);
    for wire in template {
        let declared = params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire_name == *wire);
        if declared {
            continue;
        }
        lw.warn(
            path_at,
            format!(
                "the path uses `{{{wire}}}` but no path parameter `{wire}` is declared; it is \
                 taken as a string"
            ),
        );
        params.push(Param {
            name: names.claim(&snake_ident(wire)),
            wire_name: wire.clone(),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            argument: true,
            from_config: None,
            encoding: ParamEncoding::Text(WireText::Json),
            style: ParamStyle::Form,
            explode: true,
            docs: None,
        });
    }
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn split_path(
    lw: &Lowerer<'_>,
    path: &str,
    params: &[Param],
    at: &str,
) -> Result<Vec<PathPart>, Error> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| lw.error(at, "unbalanced `{` in the path template"))?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            .ok_or_else(|| {
                lw.error(
                    at,
                    format!(
                        "the path uses `{{{name}}}` but no path parameter `{name}` is declared"
                    ),
                )
            })?;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// The media type without parameters, lower-cased (`Application/JSON; charset=utf-8` -> `application/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// How a request body of this media type travels.
fn encoding_of(media: &str) -> BodyEncoding {
    let essence = essence(media);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == FORM {
        BodyEncoding::Form
    } else if essence == MULTIPART {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// How a response body of this media type is read: JSON, text, or bytes.
fn response_encoding(media: &str) -> BodyEncoding {
    match encoding_of(media) {
        BodyEncoding::Form | BodyEncoding::Multipart => BodyEncoding::Binary,
        other => other,
    }
}

/// Picks the media type to use when a body offers several: `application/json`, then a merge
/// patch, then any other JSON type, then a form (`application/x-www-form-urlencoded`, then
/// `multipart/form-data`), then `text/plain`, else the first one listed.
fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let exact = |wanted: &str| content.iter().find(|(m, _)| essence(m) == wanted);
    exact("application/json")
        .or_else(|| exact("application/merge-patch+json"))
        .or_else(|| content.iter().find(|(m, _)| is_json(m)))
        .or_else(|| exact(FORM))
        .or_else(|| exact(MULTIPART))
        .or_else(|| exact("text/plain"))
        .or_else(|| content.iter().next())
}

/// The `Content-Type` sent for a body of `media`: the media type as written, except that a
/// wildcard (`*/*`, `image/*`) cannot be sent and becomes `application/octet-stream`
/// (`text/plain` for `text/*`).
fn sent_media_type(media: &str, encoding: BodyEncoding) -> String {
    if !media.contains('*') {
        return media.trim().to_owned();
    }
    match encoding {
        BodyEncoding::Text => "text/plain".to_owned(),
        _ => "application/octet-stream".to_owned(),
    }
}

fn resolve_schema(
    lw: &mut Lowerer<'_>,
    schema: &ReferenceOr<Schema>,
    at: &str,
) -> Result<Schema, Error> {
    resolve_item(lw, schema, "schemas", |c, k| c.schemas.get(k).cloned(), at)
}

/// Whether a schema is a file (`type: string, format: binary`; a 3.1 `contentMediaType` was
/// normalised to that).
fn is_file(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// The fields of a multipart body whose schema is an object with properties; `None` (the caller
/// assembles the parts) for any other schema.
fn lower_form(
    lw: &mut Lowerer<'_>,
    schema: &ReferenceOr<Schema>,
    camel: &str,
    at: &str,
    names: &mut Namespace,
) -> Result<Option<MultipartForm>, Error> {
    let resolved = resolve_schema(lw, schema, at)?;
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema_kind else {
        return Ok(None);
    };
    if object.properties.is_empty() {
        return Ok(None);
    }
    let mut fields = Namespace::default();
    let mut parts = Vec::new();
    for (wire, property) in &object.properties {
        let p_at = pointer(at, &["properties", wire]);
        let property: ReferenceOr<Schema> = match property {
            ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
            ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                reference: reference.clone(),
            },
        };
        let resolved = resolve_schema(lw, &property, &p_at)?;
        let files = match &resolved.schema_kind {
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let items: ReferenceOr<Schema> = match items {
                        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
                        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                            reference: reference.clone(),
                        },
                    };
                    is_file(&resolve_schema(lw, &items, &pointer(&p_at, &["items"]))?)
                }
                None => false,
            },
            _ => false,
        };
        let kind = if is_file(&resolved) {
            PartKind::File
        } else if files {
            PartKind::Files
        } else {
            let ty = lw.lower_inline(&property, &format!("{camel}{}", type_ident(wire)), &p_at)?;
            PartKind::Value(match ty {
                TypeRef::Nullable(inner) => *inner,
                other => other,
            })
        };
        parts.push(FormPart {
            name: fields.claim(&snake_ident(wire)),
            wire_name: wire.clone(),
            kind,
            required: object.required.contains(wire),
            docs: resolved
                .schema_data
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
        });
    }
    Ok(Some(MultipartForm {
        name: names.claim(&format!("{camel}Form")),
        parts,
    }))
}

fn lower_body(
    lw: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    camel: &str,
    at: &str,
    names: &mut Namespace,
    examples: &mut Vec<Example>,
) -> Result<Option<Body>, Error> {
    let body = resolve_body(lw, body, at);
    let Some((media, mt)) = pick_media(&body.content) else {
        lw.warn(at, "the request body has no content; it is left out");
        return Ok(None);
    };
    if body.content.len() > 1 {
        lw.warn(
            at,
            format!("the request body offers several media types; `{media}` is used"),
        );
    }
    let encoding = encoding_of(media);
    let schema_at = pointer(at, &["content", media, "schema"]);
    let mut form = None;
    let ty = match (encoding, &mt.schema) {
        (BodyEncoding::Json | BodyEncoding::Form, Some(schema)) => {
            lw.lower_inline(schema, &format!("{camel}Body"), &schema_at)?
        }
        (BodyEncoding::Json, None) => TypeRef::Any,
        (BodyEncoding::Form, None) => TypeRef::Map(Box::new(TypeRef::String)),
        (BodyEncoding::Multipart, schema) => {
            if let Some(schema) = schema {
                // A form the model cannot express is still sendable: the caller builds it.
                form = lower_form(lw, schema, camel, &schema_at, names).unwrap_or_else(|e| {
                    lw.warn(
                        &schema_at,
                        format!("this form takes an `sdk_runtime::Multipart`: {}", e.message),
                    );
                    None
                });
            }
            TypeRef::Any
        }
        (BodyEncoding::Text, _) => TypeRef::String,
        (BodyEncoding::Binary, _) => TypeRef::Bytes,
    };
    if encoding == BodyEncoding::Json {
        collect_examples(lw, mt, "request", &ty, examples);
    }
    Ok(Some(Body {
        media_type: sent_media_type(media, encoding),
        encoding,
        form,
        ty,
        required: body.required,
        docs: body
            .description
            .clone()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
    }))
}

/// What an operation's responses say: the success value, every documented status, the typed
/// error and the documented headers.
struct Responses {
    output: Output,
    statuses: Vec<StatusDoc>,
    errors: Option<ErrorEnum>,
    headers: Option<HeaderStruct>,
}

/// The body of a response as the SDK reads it: JSON into the schema's type (lowered with
/// `hint`), text, or bytes.
fn response_body(
    lw: &mut Lowerer<'_>,
    response: &Response,
    hint: &str,
    r_at: &str,
    label: &str,
    examples: &mut Vec<Example>,
) -> Result<Option<ResponseBody>, Error> {
    let Some((media, mt)) = pick_media(&response.content) else {
        return Ok(None);
    };
    let encoding = response_encoding(media);
    let ty = match (encoding, &mt.schema) {
        (BodyEncoding::Json, Some(schema)) => {
            lw.lower_inline(schema, hint, &pointer(r_at, &["content", media, "schema"]))?
        }
        (BodyEncoding::Json, None) => TypeRef::Any,
        (BodyEncoding::Text, _) => TypeRef::String,
        _ => TypeRef::Bytes,
    };
    if encoding == BodyEncoding::Json {
        collect_examples(lw, mt, label, &ty, examples);
    }
    Ok(Some(ResponseBody { encoding, ty }))
}

fn lower_responses(
    lw: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    camel: &str,
    at: &str,
    names: &mut Namespace,
    examples: &mut Vec<Example>,
) -> Result<Responses, Error> {
    let mut statuses = Vec::new();
    let mut successes: Vec<(u16, bool, Option<ResponseBody>, Option<String>)> = Vec::new();
    let mut errors = ErrorsSeen::default();
    let mut headers = HeadersSeen::default();
    let success_count = responses
        .responses
        .keys()
        .filter(|s| match s {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .count();
    for (status, response) in &responses.responses {
        let key = status.to_string();
        let r_at = pointer(at, &["responses", &key]);
        let response = resolve_response(lw, response, &r_at)?;
        let description = Some(response.description.trim().to_owned()).filter(|d| !d.is_empty());
        statuses.push((key.clone(), description.clone()));
        let (code, range) = match status {
            StatusCode::Code(c) if (200..300).contains(c) => (*c, false),
            StatusCode::Range(2) => (200, true),
            StatusCode::Code(c) if (400..600).contains(c) => {
                errors.add(lw, ErrorStatus::Code(*c), &response, camel, &r_at)?;
                continue;
            }
            StatusCode::Range(r @ (4 | 5)) => {
                errors.add(lw, ErrorStatus::Range(*r), &response, camel, &r_at)?;
                continue;
            }
            _ => continue,
        };
        headers.add(lw, &response, camel, &r_at)?;
        let hint = if success_count == 1 {
            format!("{camel}Response")
        } else {
            format!("{camel}Response{key}")
        };
        let label = format!("response_{key}");
        let body = response_body(lw, &response, &hint, &r_at, &label, examples)?;
        successes.push((code, range, body, description));
    }
    if let Some(default) = &responses.default {
        let d_at = pointer(at, &["responses", "default"]);
        let response = resolve_response(lw, default, &d_at)?;
        statuses.push((
            "default".to_owned(),
            Some(response.description.trim().to_owned()),
        ));
        errors.add(lw, ErrorStatus::Default, &response, camel, &d_at)?;
    }

    let bodies: Vec<&ResponseBody> = successes.iter().filter_map(|s| s.2.as_ref()).collect();
    let output = if bodies.is_empty() {
        Output::Empty
    } else if bodies.len() == successes.len() && bodies.iter().all(|b| *b == bodies[0]) {
        Output::Single(bodies[0].clone())
    } else {
        let name = names.claim(&format!("{camel}Output"));
        let mut variant_names = Namespace::default();
        let variants = successes
            .into_iter()
            .map(|(status, range, body, docs)| OutputVariant {
                name: variant_names.claim(&status_variant(status, range)),
                status,
                range,
                body,
                docs,
            })
            .collect();
        Output::Multi { name, variants }
    };
    Ok(Responses {
        output,
        statuses,
        errors: errors.finish(camel, names),
        headers: headers.finish(camel, names),
    })
}

/// The error responses seen so far.
#[derive(Default)]
struct ErrorsSeen {
    variants: Vec<ErrorVariant>,
    names: Namespace,
}

impl ErrorsSeen {
    fn add(
        &mut self,
        lw: &mut Lowerer<'_>,
        status: ErrorStatus,
        response: &Response,
        camel: &str,
        r_at: &str,
    ) -> Result<(), Error> {
        if self.variants.is_empty() {
            self.names.reserve(names::reserved::UNKNOWN_VARIANT);
        }
        let wanted = error_variant(status);
        let hint = format!("{camel}{wanted}");
        let body = match pick_media(&response.content) {
            // Only a schema (or text) makes a typed body; anything else is a variant alone.
            Some((media, mt)) if mt.schema.is_some() || !is_json(media) => {
                let mut unused = Vec::new();
                // An error body the model cannot express costs its typed payload, not the spec.
                match response_body(lw, response, &hint, r_at, "", &mut unused) {
                    Ok(body) => body.filter(|b| b.encoding != BodyEncoding::Binary),
                    Err(e) => {
                        lw.warn(
                            r_at,
                            format!("this error body is left untyped: {}", e.message),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        self.variants.push(ErrorVariant {
            name: self.names.claim(&wanted),
            status,
            body,
            docs: Some(response.description.trim().to_owned()).filter(|d| !d.is_empty()),
        });
        Ok(())
    }

    /// The enum, when some documented error has a body to decode.
    fn finish(mut self, camel: &str, names: &mut Namespace) -> Option<ErrorEnum> {
        if self.variants.iter().all(|v| v.body.is_none()) {
            return None;
        }
        // Exact codes are matched before ranges, ranges before `default`.
        self.variants.sort_by_key(|v| v.status);
        Some(ErrorEnum {
            name: names.claim(&format!("{camel}Error")),
            variants: self.variants,
            unknown: names::reserved::UNKNOWN_VARIANT.to_owned(),
            sharing: ErrorSharing::Own,
        })
    }
}

/// The headers of the success responses seen so far (by lower-case name, first one wins).
#[derive(Default)]
struct HeadersSeen {
    fields: Vec<HeaderField>,
    seen: BTreeSet<String>,
    names: Namespace,
}

impl HeadersSeen {
    fn add(
        &mut self,
        lw: &mut Lowerer<'_>,
        response: &Response,
        camel: &str,
        r_at: &str,
    ) -> Result<(), Error> {
        for (wire, header) in &response.headers {
            let lower = wire.to_ascii_lowercase();
            // OpenAPI says a `Content-Type` header description is ignored.
            if lower == "content-type" || !self.seen.insert(lower) {
                continue;
            }
            let h_at = pointer(r_at, &["headers", wire]);
            let found = resolve_item(
                lw,
                header,
                "headers",
                |c, k| c.headers.get(k).cloned(),
                &h_at,
            );
            let header: Header = match found {
                Ok(header) => header,
                Err(e) => {
                    lw.warn(&h_at, format!("this header is left out: {}", e.message));
                    continue;
                }
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let lowered = lw.lower_inline(
                        schema,
                        &format!("{camel}{}Header", type_ident(wire)),
                        &pointer(&h_at, &["schema"]),
                    );
                    // A header the model cannot type is still readable as text.
                    lowered.unwrap_or_else(|e| {
                        lw.warn(&h_at, format!("this header is read as text: {}", e.message));
                        TypeRef::String
                    })
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let ty = match ty {
                TypeRef::Nullable(inner) => *inner,
                other => other,
            };
            self.fields.push(HeaderField {
                name: self.names.claim(&snake_ident(wire)),
                wire_name: wire.clone(),
                ty,
                docs: header
                    .description
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned),
            });
        }
        Ok(())
    }

    fn finish(self, camel: &str, names: &mut Namespace) -> Option<HeaderStruct> {
        (!self.fields.is_empty()).then(|| HeaderStruct {
            name: names.claim(&format!("{camel}Headers")),
            fields: self.fields,
        })
    }
}

/// The variant name of an error status.
fn error_variant(status: ErrorStatus) -> String {
    let name = match status {
        ErrorStatus::Default => "Default",
        ErrorStatus::Range(4) => "ClientError",
        ErrorStatus::Range(_) => "ServerError",
        ErrorStatus::Code(code) => match code {
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        },
    };
    name.to_owned()
}

fn status_variant(status: u16, range: bool) -> String {
    if range {
        return "Success".to_owned();
    }
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        205 => "ResetContent".to_owned(),
        206 => "PartialContent".to_owned(),
        other => format!("Status{other}"),
    }
}

/// Gathers a media type's `example` and `examples` (resolving `#/components/examples/...`).
fn collect_examples(
    lw: &Lowerer<'_>,
    mt: &MediaType,
    label: &str,
    ty: &TypeRef,
    out: &mut Vec<Example>,
) {
    if let Some(value) = &mt.example {
        out.push(Example {
            label: label.to_owned(),
            ty: ty.clone(),
            test_name: String::new(),
            value: value.clone(),
        });
    }
    for (name, example) in &mt.examples {
        let example = match example {
            ReferenceOr::Item(e) => Some(e),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/examples/")
                .and_then(|key| lw.doc.openapi.components.as_ref()?.examples.get(key))
                .and_then(|e| match e {
                    ReferenceOr::Item(e) => Some(e),
                    ReferenceOr::Reference { .. } => None,
                }),
        };
        if let Some(value) = example.and_then(|e| e.value.as_ref()) {
            out.push(Example {
                label: format!("{label}_{name}"),
                ty: ty.clone(),
                test_name: String::new(),
                value: value.clone(),
            });
        }
    }
}
