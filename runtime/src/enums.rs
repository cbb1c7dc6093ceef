//! What generated enums that keep unknown values are built from: the trait impls every such
//! enum has, written once here as macros instead of into every generated file.
//!
//! Comparison, ordering and hashing go by the value on the wire (`as_str()` / `code()`), not by
//! the variant: `Unknown("closed".into())` (which a caller can build) equals `Closed`, and the
//! order of two values does not change when a later version of the SDK learns one of them as a
//! variant of its own. The derives would order by variant position, and `Unknown` last.

/// Implements, for a generated string enum with `as_str(&self) -> &str` and
/// `From<&str>`: `Display` (the wire value), serde's `Serialize` and `Deserialize` (as a JSON
/// string, any string accepted), and `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord` by wire
/// value.
///
/// ```
/// #[derive(Debug, Clone)]
/// pub enum State {
///     Open,
///     Closed,
///     Unknown(String),
/// }
/// impl State {
///     pub fn as_str(&self) -> &str {
///         match self {
///             Self::Open => "open",
///             Self::Closed => "closed",
///             Self::Unknown(value) => value,
///         }
///     }
/// }
/// impl From<&str> for State {
///     fn from(value: &str) -> Self {
///         match value {
///             "open" => Self::Open,
///             "closed" => Self::Closed,
///             other => Self::Unknown(other.to_owned()),
///         }
///     }
/// }
/// sdk_runtime::string_enum_impls!(State);
///
/// let state: State = serde_json::from_str("\"closed\"").unwrap();
/// assert_eq!(state, State::Closed);
/// assert_eq!(State::Unknown("closed".into()), State::Closed);
/// let mut states = vec![State::Open, State::Unknown("archived".into()), State::Closed];
/// states.sort();
/// assert_eq!(
///     states.iter().map(State::as_str).collect::<Vec<_>>(),
///     ["archived", "closed", "open"]
/// );
/// assert_eq!(serde_json::to_string(&states[0]).unwrap(), "\"archived\"");
/// assert_eq!(states[1].to_string(), "closed");
/// ```
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::ser::Serialize for $name {
            fn serialize<S: $crate::ser::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::de::Deserialize<'de> for $name {
            fn deserialize<D: $crate::de::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as $crate::de::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::from(value.as_str()))
            }
        }

        $crate::__by_wire_value!($name, as_str);
    };
}

/// Implements, for a generated integer enum with `code(&self) -> i64` and `From<i64>`:
/// `Display` (the code), serde's `Serialize` and `Deserialize` (as a JSON integer, any `i64`
/// accepted), and `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord` by code.
///
/// ```
/// #[derive(Debug, Clone, Copy)]
/// pub enum Level {
///     Low,
///     High,
///     Unknown(i64),
/// }
/// impl Level {
///     pub fn code(&self) -> i64 {
///         match self {
///             Self::Low => 1,
///             Self::High => 5,
///             Self::Unknown(value) => *value,
///         }
///     }
/// }
/// impl From<i64> for Level {
///     fn from(value: i64) -> Self {
///         match value {
///             1 => Self::Low,
///             5 => Self::High,
///             other => Self::Unknown(other),
///         }
///     }
/// }
/// sdk_runtime::integer_enum_impls!(Level);
///
/// assert_eq!(serde_json::from_str::<Level>("5").unwrap(), Level::High);
/// assert_eq!(Level::Unknown(1), Level::Low);
/// assert!(Level::Unknown(3) < Level::High && Level::Low < Level::Unknown(3));
/// assert_eq!(serde_json::to_string(&Level::Unknown(3)).unwrap(), "3");
/// assert_eq!(Level::High.to_string(), "5");
/// ```
#[macro_export]
macro_rules! integer_enum_impls {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.code(), f)
            }
        }

        impl $crate::ser::Serialize for $name {
            fn serialize<S: $crate::ser::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> $crate::de::Deserialize<'de> for $name {
            fn deserialize<D: $crate::de::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <i64 as $crate::de::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        $crate::__by_wire_value!($name, code);
    };
}

/// `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` for `$name` by what its method `$key`
/// returns (the wire value): shared by the two macros above.
#[doc(hidden)]
#[macro_export]
macro_rules! __by_wire_value {
    ($name:ident, $key:ident) => {
        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.$key() == other.$key()
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                ::core::hash::Hash::hash(&self.$key(), state);
            }
        }

        impl ::core::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(self.cmp(other))
            }
        }

        impl ::core::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                self.$key().cmp(&other.$key())
            }
        }
    };
}
