//! Stage 2, model: the intermediate representation of an API.
//!
//! It knows nothing of YAML or of tokens. Every Rust name is decided here, once and
//! collision-free; emitters never invent names. Lowering collects warnings (things ignored or
//! approximated) and stops at the first error, which carries the JSON pointer of its node.

mod all_of;
pub mod batch;
mod cycles;
mod dedup;
mod modules;
pub mod names;
mod operation;
mod paging;
mod plan;
mod schema;
mod shape;
mod waiters;

use crate::error::{Error, Warning};
use crate::load::Document;
use std::collections::BTreeMap;

pub use waiters::{StatusEnum, StatusStep, Waiter};

/// Knobs that change how a document is lowered.
#[derive(Debug, Clone)]
pub struct ModelOptions {
    /// Path parameters filled from the client's configuration unless a call overrides them
    /// (for Huawei Cloud: `project_id`).
    pub config_path_params: Vec<ConfigPathParam>,
    /// Whether the spec's JSON examples become `tests/spec_examples.rs` (each decodes into its
    /// type and encodes back). Off by default: for a large public spec it is the biggest file
    /// of the crate (81,000 lines for GitHub's) and tests the spec more than the SDK; the
    /// project's own crate turns it on.
    pub example_tests: bool,
    /// Whether each tag's operations (and the types only they reach) sit behind a cargo
    /// feature.
    pub tag_features: TagFeatures,
    /// Whether the types go into a crate of their own beside the client's.
    pub types_crate: TypesCrate,
}

/// Whether the named types go into a second crate (`<name>-types`, in the folder `types/` of
/// the generated crate), which the client crate depends on and re-exports as `types`.
///
/// rustc holds a crate's checked bodies in memory until it is done with the crate, so a crate
/// with thousands of types and thousands of operations peaks at the sum of both; as two crates,
/// cargo checks the types first, then the operations, and the peak is the larger of the two.
/// Paths, features and the API stay the same: `<name>::types::Repository`, `features =
/// ["repos"]`.
///
/// When the crate is split per tag and has types no operation uses (`extra_types`), those go
/// into a third crate (`<name>-extra-types`, in `extra_types/`) and the operations into a
/// fourth (`<name>-client`, in `client/`); both depend on the types crate alone, so cargo
/// checks them side by side, and `<name>` re-exports them (see [`Api::extra_types_crate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypesCrate {
    /// One crate.
    Off,
    /// A types crate beside the client crate; an error for a bulk operation whose body has
    /// required fields besides its items (its builder writes each chunk's body as a struct
    /// expression, which a `#[non_exhaustive]` struct of another crate does not allow).
    On,
    /// [`TypesCrate::On`] when the crate is split per tag (see [`TagFeatures`]) and no bulk
    /// operation's body stands in the way (see [`TypesCrate::On`]), [`TypesCrate::Off`]
    /// otherwise.
    #[default]
    Auto,
}

/// Whether the crate gets one cargo feature per tag, so that a user compiles only the groups of
/// operations they call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TagFeatures {
    /// Everything is always compiled.
    Off,
    /// One feature per tag; no feature is on by default, `full` turns every one on, and
    /// `extra_types` compiles the types no operation uses.
    On,
    /// [`TagFeatures::On`] for specs with at least [`TagFeatures::AUTO_OPERATIONS`] operations
    /// in two tags or more, [`TagFeatures::Off`] below.
    #[default]
    Auto,
}

impl TagFeatures {
    /// Operations from which [`TagFeatures::Auto`] splits a crate: GitHub's spec (about 1,100)
    /// and Stripe's (about 580) are split, services such as ModelArts (79) are not.
    pub const AUTO_OPERATIONS: usize = 300;
}

/// The cargo features of a crate split per tag (see [`TagFeatures`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// The feature of each group, by module name.
    pub by_module: BTreeMap<String, String>,
    /// For each named type, the features any of which compiles it, sorted; empty for a type no
    /// operation reaches (compiled with [`Features::EXTRA_TYPES`] only).
    pub by_type: BTreeMap<String, Vec<String>>,
}

impl Features {
    /// The feature that turns every group's feature on: every operation, and every type one
    /// of them uses.
    pub const ALL: &'static str = "full";

    /// The feature that compiles the types no operation uses (in GitHub's spec, 895 of 2,770,
    /// most of them webhook payloads). They are not part of [`Features::ALL`]: they made
    /// checking every operation of GitHub's crate take 1.6 times as long, for types a client
    /// never sends or receives.
    pub const EXTRA_TYPES: &'static str = "extra_types";

    /// The feature of the group `module`.
    pub fn of_module(&self, module: &str) -> &str {
        self.by_module.get(module).map_or(Self::ALL, String::as_str)
    }

    /// The features that compile the type `name` (any of them).
    pub fn of_type(&self, name: &str) -> &[String] {
        self.by_type.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether no operation reaches the type `name` (only [`Features::EXTRA_TYPES`] compiles
    /// it).
    pub fn reaches_no_operation(&self, name: &str) -> bool {
        self.of_type(name).is_empty()
    }
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            config_path_params: vec![ConfigPathParam {
                wire_name: "project_id".to_owned(),
                value: ConfigValue::ProjectId,
            }],
            example_tests: false,
            tag_features: TagFeatures::Auto,
            types_crate: TypesCrate::Auto,
        }
    }
}

/// A path parameter that the client's configuration fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPathParam {
    /// The parameter's name in the spec.
    pub wire_name: String,
    /// The configuration value that fills it.
    pub value: ConfigValue,
}

/// A value of the runtime's configuration that can fill a path parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigValue {
    /// `Config::project_id` (checked with `sdk_runtime::check_project_id`; the request is also
    /// scoped to that project with the `X-Project-Id` header).
    ProjectId,
}

/// How a parameter is filled from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFill {
    /// The configuration value.
    pub value: ConfigValue,
    /// The local the resolved value is bound to while sending.
    pub binding: String,
}

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.license.name` when it is an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`),
    /// for the generated crate's manifest.
    pub license: Option<String>,
    /// The first server, if any.
    pub server: Option<Server>,
    /// Operation groups, one per tag in use, sorted by module name.
    pub groups: Vec<Group>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by module then method name.
    pub operations: Vec<Operation>,
    /// Waiters declared with `x-waiter`, sorted by name.
    pub waiters: Vec<Waiter>,
    /// The enums those waiters read, sorted by name.
    pub status_enums: Vec<StatusEnum>,
    /// Things that were ignored or approximated.
    pub warnings: Vec<Warning>,
    /// The cargo features when the crate is split per tag.
    pub features: Option<Features>,
    /// Whether the types go into a crate of their own (see [`TypesCrate`]).
    pub types_crate: bool,
    /// Whether, beside the types crate, the types no operation uses get a crate of their own
    /// and the operations another, which `<name>` re-exports: with a types crate, when the
    /// crate is split per tag and has such types. Neither crate refers to the other, so cargo
    /// checks them at once on two cores: a build of every feature then takes the types crate's
    /// time plus the larger of the two, not all three in a row.
    pub extra_types_crate: bool,
}

/// The base URL of the service.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template; `{region}` is the only variable kept, others take their defaults.
    pub url_template: String,
    /// Default value of the `region` variable, if the template has one.
    pub default_region: Option<String>,
    /// Regions whose endpoint does not follow the template (from `x-region-endpoints`).
    pub region_endpoints: Vec<(String, String)>,
}

/// A group of operations sharing a tag; it becomes one module.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Rust module name.
    pub module: String,
    /// The tag as written in the spec.
    pub tag: String,
    /// The tag's description.
    pub docs: Option<String>,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier, unique in the crate.
    pub name: String,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// The component's key (`#/components/schemas/<key>`) when the type is a component.
    pub spec_name: Option<String>,
    /// The `types` submodule that holds it (a group's module, or `common`).
    pub module: String,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A closed list of values that still accepts unknown ones.
    Enum(Enum),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(Union),
    /// Another name for a type expression.
    Alias(TypeRef),
    /// A one-field wrapper (`struct X(Vec<X>)`): an alias that refers to itself through a
    /// list or map cannot be a `type`, so it becomes a transparent struct.
    Newtype(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// Undeclared properties, when the schema keeps them (`additionalProperties`).
    pub additional: Option<Additional>,
    /// Whether no field is a constructor argument (see [`Field::setter`]), so the type derives
    /// `Default` instead of having a `new` constructor.
    pub defaultable: bool,
}

/// The field that keeps an object's undeclared properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Additional {
    /// Rust field name (free among the declared properties' names).
    pub field: String,
    /// Type of each undeclared property's value.
    pub ty: TypeRef,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust field name.
    pub name: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// Its type, without the `Option` that `required` implies.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// Needs a `Box` to break a cycle of directly nested types.
    pub boxed: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// The `with_` setter of a field that starts empty (`None`): an optional or nullable one.
    /// `None` for a required, non-nullable field: it is an argument of the struct's `new`
    /// constructor instead, in spec order, so a value without it cannot be built.
    pub setter: Option<String>,
}

impl Field {
    /// Whether the field is an argument of the struct's constructor (required and not
    /// nullable, so it has no empty value that could be sent).
    pub fn is_constructor_arg(&self) -> bool {
        self.setter.is_none()
    }
}

/// An enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    /// Wire representation.
    pub repr: EnumRepr,
    /// Known values.
    pub variants: Vec<EnumVariant>,
}

/// How enum values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire (a string, or an integer in decimal).
    pub value: String,
    /// Documentation.
    pub docs: Option<String>,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    /// Alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// Property whose value selects the alternative, if the schema has a discriminator.
    pub discriminator: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Discriminator values that select it.
    pub tags: Vec<String>,
    /// Needs a `Box` to break a cycle.
    pub boxed: bool,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// Any JSON value.
    Any,
    /// Raw bytes (non-JSON bodies).
    Bytes,
    /// A list.
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A value that may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// A named type from [`Api::types`].
    Named(String),
}

impl TypeRef {
    /// Named types this expression mentions.
    pub fn named(&self, out: &mut Vec<String>) {
        out.extend(self.name().map(str::to_owned));
    }

    /// The named type this expression mentions, if any (an expression holds at most one: lists,
    /// maps and `Nullable` wrap a single type).
    pub fn name(&self) -> Option<&str> {
        match self {
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.name(),
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }
}

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` (or one made from method and path).
    pub id: String,
    /// Client method name.
    pub fn_name: String,
    /// Request builder type name.
    pub builder_name: String,
    /// The module of its group.
    pub module: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template as written.
    pub path: String,
    /// The template split into literal text and parameter references.
    pub path_parts: Vec<PathPart>,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub output: Output,
    /// Every documented status with its description (errors included).
    pub statuses: Vec<(String, Option<String>)>,
    /// The typed error, when some error response documents a body.
    pub errors: Option<ErrorEnum>,
    /// The response headers the success responses document.
    pub headers: Option<HeaderStruct>,
    /// A POST marked safe to retry (`x-retry-safe: true`).
    pub retry_safe: bool,
    /// Query pairs sent as written with every call (a query string in the path key).
    pub fixed_query: Vec<(String, String)>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Summary and description.
    pub docs: Option<String>,
    /// JSON pointer of the operation.
    pub origin: String,
    /// Example JSON bodies from the spec, with the type each should decode into.
    pub examples: Vec<Example>,
    /// Offset/limit paging, from the `x-pagination` extension.
    pub paging: Option<Paging>,
    /// Per-item outcomes of a batch call, from the `x-batch` extension.
    pub batch: Option<batch::Batch>,
}

impl Operation {
    /// The parameters that are arguments of the client method, in the order they appear in the
    /// URL (then any others, in spec order).
    pub fn arguments(&self) -> Vec<&Param> {
        let mut order: Vec<usize> = Vec::new();
        for part in &self.path_parts {
            if let PathPart::Param(index) = part {
                if !order.contains(index) {
                    order.push(*index);
                }
            }
        }
        for index in 0..self.params.len() {
            if !order.contains(&index) {
                order.push(index);
            }
        }
        order
            .into_iter()
            .filter_map(|index| self.params.get(index))
            .filter(|p| p.argument)
            .collect()
    }

    /// Required parameters set with a builder setter, which `send` checks before sending.
    pub fn required_setters(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.required && !p.argument && p.from_config.is_none())
    }
}

/// How an operation pages through a list: `x-pagination: {offset | page, limit, items, total}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Rust name of the optional integer query parameter that selects the page.
    pub offset: String,
    /// `true` when that parameter is a zero-based page index (`page:`), `false` when it counts
    /// items (`offset:`).
    pub page_index: bool,
    /// Its type (`I32` or `I64`).
    pub offset_ty: TypeRef,
    /// Rust name of the optional integer query parameter holding the page size.
    pub limit: String,
    /// Its type (`I32` or `I64`).
    pub limit_ty: TypeRef,
    /// Rust name of the response field holding the page's items.
    pub items: String,
    /// Whether that field is required (not an `Option`).
    pub items_required: bool,
    /// The items' type.
    pub item_ty: TypeRef,
    /// Rust name of the response field with the total count, if any.
    pub total: Option<String>,
    /// Whether the total field is required.
    pub total_required: bool,
    /// The total field's type (`I32` or `I64`).
    pub total_ty: TypeRef,
    /// The spec's `minimum` for the page size, if any.
    pub min_limit: Option<i64>,
    /// The spec's `maximum` for the page size, if any.
    pub max_limit: Option<i64>,
}

/// An example body from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Unique (per operation) label: `request`, `response_200`, plus the example's name.
    pub label: String,
    /// The type the example must decode into.
    pub ty: TypeRef,
    /// Name of the test that checks it (unique in the crate; set once operations are sorted).
    pub test_name: String,
    /// The example itself.
    pub value: serde_json::Value,
}

/// Part of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name (argument or builder setter).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Mandatory.
    pub required: bool,
    /// An argument of the client method: a path parameter not filled from configuration (see
    /// [`Operation::arguments`] for their order). Every other parameter has a builder setter
    /// named after it; `send` fails before sending, naming each required one left unset.
    pub argument: bool,
    /// Filled from the client configuration unless set on the call.
    pub from_config: Option<ConfigFill>,
    /// How the value travels (decided once the types are known).
    pub encoding: ParamEncoding,
    /// How a list or object value is spelled (query parameters).
    pub style: ParamStyle,
    /// `explode` (true: one `name=value` per item or property).
    pub explode: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// How a parameter's value becomes text on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamEncoding {
    /// One value: a path segment, a header, or one query pair.
    Text(WireText),
    /// A list in the query, exploded: one pair per item.
    EachItem(WireText),
    /// An object in the query, `deepObject`: `name[key]=value` per property.
    DeepObject,
    /// An object in the query, exploded: `key=value` per property.
    ObjectExploded,
    /// An object in the query, not exploded: `name=key,value,key,value`.
    ObjectFlat,
}

/// How one value is spelled as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireText {
    /// A `String`, sent as is.
    Str,
    /// A number, boolean or enum, through its `Display`.
    Display,
    /// A list: each item spelled by `item`, joined with `separator`.
    Join {
        /// How each item is spelled.
        item: Box<WireText>,
        /// `,`, ` ` or `|`.
        separator: &'static str,
    },
    /// Anything else, as JSON text (`sdk_runtime::param_string`).
    Json,
}

/// Serialization style of a query parameter holding a list or an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (the default): `a=1&a=2`, or `a=1,2` when not exploded.
    Form,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyEncoding {
    /// serde_json.
    Json,
    /// UTF-8 text.
    Text,
    /// Bytes as given.
    Binary,
    /// `application/x-www-form-urlencoded`: the properties of a JSON-typed object as pairs.
    Form,
    /// `multipart/form-data`: text, JSON and file parts.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Media type sent as `Content-Type`.
    pub media_type: String,
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Type for JSON and form bodies (`String` for text, bytes otherwise).
    pub ty: TypeRef,
    /// Mandatory.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// The fields of a multipart body whose schema is an object with properties; `None` for a
    /// multipart body the caller assembles (`sdk_runtime::Multipart`).
    pub form: Option<MultipartForm>,
}

/// A `multipart/form-data` body with known fields: a struct the caller fills.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartForm {
    /// Rust name of the struct (unique among builder-level names).
    pub name: String,
    /// Fields in spec order.
    pub parts: Vec<FormPart>,
}

/// One field of a [`MultipartForm`].
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// Rust field name.
    pub name: String,
    /// Part name on the wire.
    pub wire_name: String,
    /// What the part holds.
    pub kind: PartKind,
    /// Listed in `required`.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// What a multipart field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// One file (`format: binary`): `sdk_runtime::FilePart`.
    File,
    /// A list of files: one part each.
    Files,
    /// A typed value: text for scalars, one part per item for lists, JSON for objects.
    Value(TypeRef),
}

/// The typed error of an operation: one variant per documented non-2xx response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    /// Rust name of the enum.
    pub name: String,
    /// Documented statuses: exact codes first, then ranges, then `default`.
    pub variants: Vec<ErrorVariant>,
    /// Name of the variant for anything else.
    pub unknown: String,
    /// How the enum is shared among the operations of one module with the same error responses
    /// (the first one defines it; the others are aliases).
    pub sharing: ErrorSharing,
}

/// Whether an operation's error enum is defined here or is another's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorSharing {
    /// Defined here, used by this operation alone.
    Own,
    /// Defined here, and later operations of the module alias it.
    Shared,
    /// An alias of the enum with this name, defined by an earlier operation of the module.
    AliasOf(String),
}

/// One documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// Rust variant name.
    pub name: String,
    /// The status (or statuses) it covers.
    pub status: ErrorStatus,
    /// The body it decodes, if the spec gives a JSON schema or text.
    pub body: Option<ResponseBody>,
    /// Description.
    pub docs: Option<String>,
}

/// The statuses an error variant covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorStatus {
    /// One status code.
    Code(u16),
    /// A range: `4` for `4XX`, `5` for `5XX`.
    Range(u16),
    /// `default`: every non-2xx status not listed.
    Default,
}

/// The response headers an operation documents: a struct of optional fields.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderStruct {
    /// Rust name of the struct.
    pub name: String,
    /// One field per header, in spec order.
    pub fields: Vec<HeaderField>,
}

/// One documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// Rust field name.
    pub name: String,
    /// Header name as the spec writes it.
    pub wire_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Option<String>,
}

/// The value of a successful call.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// No body: `()`.
    Empty,
    /// Every 2xx carries the same body.
    Single(ResponseBody),
    /// Different 2xx statuses carry different bodies: an enum named `name`.
    Multi {
        /// Rust name of the enum.
        name: String,
        /// One variant per status.
        variants: Vec<OutputVariant>,
    },
}

/// A decoded response body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseBody {
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Type (for JSON).
    pub ty: TypeRef,
}

/// One status of a [`Output::Multi`].
#[derive(Debug, Clone, PartialEq)]
pub struct OutputVariant {
    /// Rust variant name.
    pub name: String,
    /// Status code (`2XX` ranges are stored as their first code, with `range` set).
    pub status: u16,
    /// Whether this covers a `2XX` range.
    pub range: bool,
    /// Body, if any.
    pub body: Option<ResponseBody>,
    /// Description.
    pub docs: Option<String>,
}

/// Lowers a loaded document into the model.
pub fn lower(doc: &Document, options: &ModelOptions) -> Result<Api, Error> {
    let mut lowerer = schema::Lowerer::new(doc);
    lowerer.lower_components()?;
    let (mut operations, groups) = operation::lower_operations(&mut lowerer, options)?;
    operations.sort_by(|a, b| (&a.module, &a.fn_name).cmp(&(&b.module, &b.fn_name)));
    if !options.example_tests {
        operations.iter_mut().for_each(|op| op.examples.clear());
    }
    let mut test_names = names::Namespace::default();
    for op in &mut operations {
        for example in &mut op.examples {
            example.test_name = test_names.claim(&names::snake_ident(&format!(
                "{}_{}",
                op.fn_name, example.label
            )));
        }
    }
    let (mut types, warnings) = lowerer.finish();
    cycles::fix_alias_cycles(&mut types).map_err(|origin| {
        Error::at(
            &doc.file,
            origin,
            "these $refs form a loop that names no type",
        )
    })?;
    cycles::mark_boxes(&mut types);
    share_error_enums(&mut operations);
    plan::plan_operations(&types, &mut operations);
    // Waiters are read before repeats are merged: each status enum keeps its own type, so that
    // two waiters whose enums look alike can still end on different values.
    let (waiters, status_enums) = waiters::lower_waiters(doc, &types, &operations)?;
    let apart = status_enums.iter().map(|e| e.name.clone()).collect();
    dedup::alias_repeats(&mut types, &apart);
    let users = modules::assign(&mut types, &operations);
    let split = match options.tag_features {
        TagFeatures::Off => false,
        TagFeatures::On => true,
        TagFeatures::Auto => operations.len() >= TagFeatures::AUTO_OPERATIONS && groups.len() >= 2,
    };
    let features = split.then(|| modules::features(&groups, &types, &users));
    // With a types crate, a bulk builder starts each chunk's body from `default()`, or from
    // `new(items)` when the items are its only required field; a body of another shape keeps
    // the types in the client crate. (Bulk helpers are already skipped for bodies with other
    // required fields, so this guards the shapes that rule lets through, should it change.)
    let bulk = operations.iter().find(|op| {
        op.batch
            .as_ref()
            .is_some_and(|b| b.bulk.is_some() && !bulk_body_fits(&types, b))
    });
    let types_crate = match (options.types_crate, bulk) {
        (TypesCrate::Off, _) => false,
        (TypesCrate::Auto, Some(_)) => false,
        (TypesCrate::On, Some(op)) => {
            return Err(Error::at(
                &doc.file,
                op.origin.clone(),
                format!(
                    "a types crate is not supported for this bulk operation (`{}`): its body \
                     can be built only as a struct expression, which a `#[non_exhaustive]` \
                     struct of another crate does not allow; use `--types-crate off` or `auto`",
                    op.id
                ),
            ))
        }
        (TypesCrate::On, None) => true,
        (TypesCrate::Auto, None) => split,
    };
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let extra_types_crate = types_crate
        && features
            .as_ref()
            .is_some_and(|f| types.iter().any(|t| f.reaches_no_operation(&t.name)));
    let info = &doc.openapi.info;
    Ok(Api {
        license: info
            .license
            .as_ref()
            .map(|l| l.name.trim().to_owned())
            .filter(|name| is_spdx_expression(name)),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        server: server(doc),
        groups,
        types,
        operations,
        waiters,
        status_enums,
        warnings,
        features,
        types_crate,
        extra_types_crate,
    })
}

/// Whether a bulk builder can make each chunk's body without a struct expression: from
/// `default()` when the items are optional and the body has no required field, or from
/// `new(items)` when the items are its only required field.
fn bulk_body_fits(types: &[TypeDef], batch: &batch::Batch) -> bool {
    let Some(TypeKind::Struct(body)) = types
        .iter()
        .find(|t| t.name == batch.body_ty)
        .map(|t| &t.kind)
    else {
        return false;
    };
    let required: Vec<&str> = body
        .fields
        .iter()
        .filter(|f| f.setter.is_none())
        .map(|f| f.name.as_str())
        .collect();
    if batch.items.optional {
        body.defaultable && required.is_empty()
    } else {
        !body.defaultable && required == [batch.items.name.as_str()]
    }
}

/// Operations of one module whose error responses are the same (statuses, variant names and
/// body types) share one enum: the first defines it, the others alias it, so a spec whose every
/// operation documents the same errors does not repeat the enum and its decoding.
fn share_error_enums(operations: &mut [Operation]) {
    /// A module and the variants of an enum in it.
    type Key = (String, Vec<(String, ErrorStatus, Option<ResponseBody>)>);
    let mut first: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    for i in 0..operations.len() {
        let Some(errors) = &operations[i].errors else {
            continue;
        };
        let key = (
            operations[i].module.clone(),
            errors
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.status, v.body.clone()))
                .collect(),
        );
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&owner) => {
                let name = operations[owner].errors.as_ref().map(|e| e.name.clone());
                if let (Some(name), Some(owner_errors)) = (name, operations[owner].errors.as_mut())
                {
                    owner_errors.sharing = ErrorSharing::Shared;
                    if let Some(errors) = operations[i].errors.as_mut() {
                        errors.sharing = ErrorSharing::AliasOf(name);
                    }
                }
            }
        }
    }
}

fn server(doc: &Document) -> Option<Server> {
    let server = doc.openapi.servers.first()?;
    let mut url = server.url.clone();
    let mut default_region = None;
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            if name == "region" {
                default_region = Some(var.default.clone());
            } else {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
        }
    }
    let region_endpoints = server
        .extensions
        .get("x-region-endpoints")
        .and_then(|v| v.as_object())
        .map(|m| {
            let mut list: Vec<(String, String)> = m
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect();
            list.sort();
            list
        })
        .unwrap_or_default();
    Some(Server {
        url_template: url,
        default_region,
        region_endpoints,
    })
}

/// `MIT`, `Apache-2.0`, `MIT OR Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`:
/// what Cargo's `license` field takes. (`Apache 2.0` or a sentence is not.)
fn is_spdx_expression(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() % 2 == 1
        && words.iter().enumerate().all(|(i, w)| {
            if i % 2 == 1 {
                matches!(*w, "OR" | "AND" | "WITH")
            } else {
                w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'))
                    && w.starts_with(|c: char| c.is_ascii_alphabetic())
            }
        })
}
