//! What `#[derive(sdk_runtime::Serialize)]` expands to calls: writing a generated struct as a
//! JSON object, field by field in declaration order, leaving out optional fields that are
//! `None` (`#[serde(skip_serializing_if = "Option::is_none")]`).
//!
//! The output is the same as serde's derive for the attributes generated code uses. The
//! expansion is one call per field and no early return: [`Fields`] keeps the first error and
//! skips the fields after it, and the optional fields are counted here, from a list of
//! references. A `?` and a counting term per field were most of what compiling a large crate's
//! `Serialize` impls cost (see `BENCHMARKS.md`).

#[doc(hidden)]
pub use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Whether a field's slot holds a value. [`Fields::new`] takes the optional fields as
/// `&dyn Present`, so the derive counts them without a call or a branch per field; the
/// `Deserialize` derive names a missing field the same way (`de::first_absent`).
pub trait Present {
    /// `true` when the field will be written.
    fn present(&self) -> bool;
}

impl<T> Present for Option<T> {
    fn present(&self) -> bool {
        self.is_some()
    }
}

/// A struct being written field by field, in declaration order.
///
/// The first error a field's serializer returns is kept, the fields after it are skipped, and
/// [`Fields::end`] returns it: the same outcome as stopping at the error, with no early return
/// in the code that calls it.
pub struct Fields<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Fields<S> {
    /// Starts the struct `name`, which writes its `required` fields and those of `optional`
    /// that hold a value.
    pub fn new(
        serializer: S,
        name: &'static str,
        required: usize,
        optional: &[&dyn Present],
    ) -> Self {
        let len = required + optional.iter().filter(|field| field.present()).count();
        Fields {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes the field `name`.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(state) = &mut self.state {
            if let Err(error) = state.serialize_field(name, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes the optional field `name` when it holds a value, and skips it otherwise.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Ok(state) = &mut self.state {
            if let Err(error) = optional_field(state, name, value) {
                self.state = Err(error);
            }
        }
    }

    /// Ends the struct, or returns the first error met.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// Writes the optional field `name` when it holds a value, and skips it otherwise.
pub fn optional_field<S, T>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error>
where
    S: SerializeStruct,
    T: Serialize,
{
    match value {
        // The `Option` itself, as serde's derive writes it (for JSON, the same as the value).
        Some(_) => state.serialize_field(name, value),
        None => state.skip_field(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A value that counts its writes and fails when asked to.
    struct Probe<'a> {
        fail: bool,
        writes: &'a Cell<u32>,
    }

    impl Serialize for Probe<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.writes.set(self.writes.get() + 1);
            if self.fail {
                return Err(serde::ser::Error::custom("probe failed"));
            }
            serializer.serialize_u32(7)
        }
    }

    #[test]
    fn fields_are_written_in_order_and_absent_options_left_out() {
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::new(&mut out);
        let mut fields = Fields::new(&mut json, "T", 1, &[&Some(1), &None::<u8>]);
        fields.field("a", &"x");
        fields.optional("b", &Some(1));
        fields.optional("c", &None::<u8>);
        fields.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":"x","b":1}"#);
        assert!(Some(()).present());
        assert!(!None::<()>.present());
    }

    #[test]
    fn the_first_error_is_returned_and_later_fields_are_not_written() {
        let writes = Cell::new(0);
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::new(&mut out);
        let mut fields = Fields::new(&mut json, "T", 3, &[]);
        fields.field(
            "a",
            &Probe {
                fail: false,
                writes: &writes,
            },
        );
        fields.field(
            "b",
            &Probe {
                fail: true,
                writes: &writes,
            },
        );
        fields.optional(
            "c",
            &Some(Probe {
                fail: false,
                writes: &writes,
            }),
        );
        let err = fields.end().unwrap_err();
        assert!(err.to_string().contains("probe failed"), "{err}");
        assert_eq!(writes.get(), 2, "nothing is written after the error");
    }
}
