//! Enums that keep unknown values behave as their wire values do: decoding any value, encoding
//! it back unchanged, and comparing, sorting and hashing by the value on the wire, so that a
//! value the SDK learns later keeps its place and an `Unknown` holding a known value is that
//! value.

use std::collections::HashSet;

use modelarts_data::types::{AnalysisStatus, AnnotatedBy};

#[test]
fn string_values_decode_encode_and_compare_by_wire_value() {
    let known: AnnotatedBy = serde_json::from_str("\"human\"").unwrap();
    assert!(matches!(known, AnnotatedBy::Human));
    let unknown: AnnotatedBy = serde_json::from_str("\"robot\"").unwrap();
    assert!(matches!(&unknown, AnnotatedBy::Unknown(v) if v == "robot"));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"robot\"");
    assert_eq!(unknown.to_string(), "robot");

    // An `Unknown` a caller builds with a known value is that value.
    assert_eq!(AnnotatedBy::Unknown("human".into()), AnnotatedBy::Human);
    assert_ne!(AnnotatedBy::Unknown("Human".into()), AnnotatedBy::Human);
    let set: HashSet<AnnotatedBy> = [AnnotatedBy::Human, AnnotatedBy::Unknown("human".into())]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 1);

    // Sorted by wire string, wherever `Unknown` sits among the variants.
    let mut values = [
        AnnotatedBy::Unknown("zeta".into()),
        AnnotatedBy::Human,
        AnnotatedBy::Unknown("alpha".into()),
    ];
    values.sort();
    let wire: Vec<&str> = values.iter().map(AnnotatedBy::as_str).collect();
    assert_eq!(wire, ["alpha", "human", "zeta"]);

    // Anything but a string is refused.
    assert!(serde_json::from_str::<AnnotatedBy>("3").is_err());
}

#[test]
fn integer_codes_decode_encode_and_compare_by_code() {
    let known: AnalysisStatus = serde_json::from_str("0").unwrap();
    assert_eq!(known.code(), 0);
    assert!(!matches!(known, AnalysisStatus::Unknown(_)));
    let unknown: AnalysisStatus = serde_json::from_str("77").unwrap();
    assert!(matches!(unknown, AnalysisStatus::Unknown(77)));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "77");
    assert_eq!(unknown.to_string(), "77");

    assert_eq!(AnalysisStatus::Unknown(0), known);
    let mut codes = [unknown, AnalysisStatus::Unknown(-1), known];
    codes.sort();
    let sorted: Vec<i64> = codes.iter().map(AnalysisStatus::code).collect();
    assert_eq!(sorted, [-1, 0, 77]);

    assert!(serde_json::from_str::<AnalysisStatus>("\"0\"").is_err());
}
