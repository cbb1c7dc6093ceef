//! What `#[derive(sdk_runtime::Deserialize)]` expands to calls: reading a JSON object into a
//! generated struct field by field.
//!
//! The derive writes, per struct, one visitor with a `match` on the key and one tuple of slots
//! ([`Optional`] for an `Option` field, `Option<T>` for the others); everything shared
//! (reading a key, refusing a repeated field, reporting a missing one) is here, once. serde's
//! own derive also writes a field enum with three visitors and a positional (`visit_seq`)
//! reader per struct, none of which a JSON API needs, and that code is most of what compiling a
//! large generated crate costs.
//!
//! Behaviour matches serde's derive for the attributes generated code uses (`rename`, `default`):
//! unknown keys are skipped, a repeated key is an error (`duplicate field`), a missing field
//! without a default is an error (`missing field`) and a missing `Option` is `None`. A JSON array
//! is not accepted in place of an object.

use std::borrow::Cow;
use std::fmt;

#[doc(hidden)]
pub use serde::de::{Deserializer, Error, IgnoredAny, MapAccess, Visitor};
#[doc(hidden)]
pub use serde::Deserialize;

/// An object key, borrowed from the input when it can be.
#[derive(Debug)]
pub struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl<'de> Visitor<'de> for Key {
            type Value = FieldName<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(v)))
            }

            fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v)))
            }

            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Self::Value, E> {
                // A key that is not UTF-8 matches no field; it is skipped like any unknown key.
                Ok(FieldName(String::from_utf8_lossy(v).into_owned().into()))
            }
        }
        deserializer.deserialize_identifier(Key)
    }
}

/// Reads the value of the field `name` into `slot`; a second value for it is an error.
pub fn next_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The wire name of the first required field whose slot holds no value, given `(slot, wire
/// name)` for each required field in declaration order. The derive calls it once a required
/// field is known to be missing; the slots are references, so building the list costs no call
/// per field.
pub fn first_absent(fields: &[(&dyn crate::ser::Present, &'static str)]) -> &'static str {
    fields
        .iter()
        .find(|(slot, _)| !slot.present())
        .map_or("", |(_, name)| name)
}

/// The slot of an `Option` field while its struct is read: the value (`None` for `null` or a
/// missing key) and whether the key was seen, so that a repeated key is refused even when the
/// first value was `null`.
pub struct Optional<T> {
    /// The value read, if any.
    pub value: Option<T>,
    /// Whether the key was seen.
    pub seen: bool,
}

impl<T> Optional<T> {
    /// A slot whose key has not been seen.
    pub const EMPTY: Self = Optional {
        value: None,
        seen: false,
    };
}

/// Reads the value of the optional field `name` into `slot`; a second value for it is an error.
pub fn next_optional<'de, A, T>(
    map: &mut A,
    slot: &mut Optional<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.seen {
        return Err(A::Error::duplicate_field(name));
    }
    slot.seen = true;
    slot.value = map.next_value()?;
    Ok(())
}

/// Skips the value of a key no field takes.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a field that has no default; missing is an error. (The derive no longer calls
/// it, see [`first_absent`]; it stays for code written against earlier versions.)
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The wire name of the first field flagged missing, given `(missing, wire name)` for each
/// required field in declaration order. (The derive of 0.2.0 called it; since 0.2.1 it calls
/// [`first_absent`]. It stays for code written against earlier versions.)
pub fn first_missing(fields: &[(bool, &'static str)]) -> &'static str {
    fields
        .iter()
        .find(|(missing, _)| *missing)
        .map_or("", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair {
        id: String,
        label: Option<String>,
    }

    // What the derive writes for `Pair` (`label` has `#[serde(default)]`).
    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Pair;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("struct Pair")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pair, A::Error> {
                    let mut slots: (Option<String>, Optional<String>) = (None, Optional::EMPTY);
                    while let Some(key) = map.next_key::<FieldName<'de>>()? {
                        match key.as_str() {
                            "id" => next_field(&mut map, &mut slots.0, "id"),
                            "label" => next_optional(&mut map, &mut slots.1, "label"),
                            _ => skip_value(&mut map),
                        }?;
                    }
                    match slots {
                        (Some(id), label) => Ok(Pair {
                            id,
                            label: label.value,
                        }),
                        slots => Err(A::Error::missing_field(first_absent(&[(&slots.0, "id")]))),
                    }
                }
            }
            deserializer.deserialize_struct("Pair", &["id", "label"], V)
        }
    }

    #[test]
    fn fields_are_read_by_name_and_checked() {
        let p: Pair = serde_json::from_str(r#"{"x":[1,{"y":2}],"id":"a","label":null}"#).unwrap();
        assert_eq!(
            p,
            Pair {
                id: "a".into(),
                label: None
            }
        );
        // An escaped key is owned, and still matches.
        let p: Pair = serde_json::from_str(r#"{"\u0069d":"b","label":"l"}"#).unwrap();
        assert_eq!(p.id, "b");
        assert_eq!(p.label.as_deref(), Some("l"));

        let err = serde_json::from_str::<Pair>(r#"{"label":"l"}"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `id`"), "{err}");
        let err = serde_json::from_str::<Pair>(r#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(err.to_string().starts_with("duplicate field `id`"), "{err}");
        let err =
            serde_json::from_str::<Pair>(r#"{"id":"a","label":null,"label":"l"}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("duplicate field `label`"),
            "{err}"
        );
        let err = serde_json::from_str::<Pair>(r#"["a", null]"#).unwrap_err();
        assert!(err.to_string().contains("expected struct Pair"), "{err}");
        let err = serde_json::from_str::<Pair>(r#"{"id":5}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid type: integer `5`"),
            "{err}"
        );
    }
}
