//! `tests/spec_examples.rs`: every JSON example in the spec decodes into its generated type and
//! encodes back to the same JSON. A failure means the spec or the generator is wrong.

use super::{type_tokens, EmittedContent, EmittedFile};
use crate::error::Error;
use crate::model::Api;
use proc_macro2::Literal;
use quote::quote;
use std::str::FromStr;

/// A raw string literal holding `text`, with enough `#`s.
fn raw_literal(text: &str) -> Result<Literal, Error> {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    Literal::from_str(&format!("r{hashes}\"{text}\"{hashes}")).map_err(|e| {
        Error::file(
            "<generator>",
            format!("internal error: bad example literal: {e}"),
        )
    })
}

pub fn examples_file(api: &Api, crate_name: &str) -> Result<Option<EmittedFile>, Error> {
    if api.operations.iter().all(|op| op.examples.is_empty()) {
        return Ok(None);
    }
    let krate = super::ident(&crate_name.replace('-', "_"))?;
    let mut tests = Vec::new();
    for op in &api.operations {
        for example in &op.examples {
            let name = super::ident(&example.test_name)?;
            let ty = type_tokens(&example.ty, &quote!(#krate::types::))?;
            let json = serde_json::to_string_pretty(&example.value).map_err(|e| {
                Error::file(
                    "<generator>",
                    format!("internal error: example does not print: {e}"),
                )
            })?;
            let literal = raw_literal(&json)?;
            let about = format!(
                "{} {}: the spec's example.",
                super::docs::code(&op.id),
                example.label.replace('_', " ")
            );
            tests.push(quote! {
                #[doc = #about]
                #[test]
                fn #name() {
                    round_trip::<#ty>(#literal);
                }
            });
        }
    }
    // Examples may be of any type, those no operation uses too.
    let gate = api.features.as_ref().map(|_| {
        let full = crate::model::Features::ALL;
        let extra = crate::model::Features::EXTRA_TYPES;
        quote!(#![cfg(all(feature = #full, feature = #extra))])
    });
    let tokens = quote! {
        //! Every JSON example in the spec decodes into its generated type and encodes back to the
        //! same JSON (key order, and `null` for an absent optional field, aside).
        #gate

        /// Decodes `json` into `T`, encodes it again, and fails on the first difference.
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
            let original: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
            let decoded: T = match serde_json::from_value(original.clone()) {
                Ok(decoded) => decoded,
                Err(e) => panic!("the example does not decode: {e}"),
            };
            let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
            if let Some(difference) = difference(&original, &encoded, "") {
                panic!("the example does not survive a round trip: {difference}");
            }
        }

        /// The first place where two JSON values differ, ignoring key order, `null` members and
        /// the spelling of equal numbers (`1` and `1.0`).
        fn difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
            use serde_json::Value;
            match (a, b) {
                (Value::Object(x), Value::Object(y)) => {
                    let keys: std::collections::BTreeSet<&String> = x
                        .iter()
                        .chain(y.iter())
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, _)| k)
                        .collect();
                    keys.into_iter().find_map(|k| {
                        let here = format!("{at}/{k}");
                        match (x.get(k), y.get(k)) {
                            (Some(v), Some(w)) => difference(v, w, &here),
                            (Some(v), None) => Some(format!("{here}: {v} is lost")),
                            (None, Some(w)) => Some(format!("{here}: {w} appears")),
                            (None, None) => None,
                        }
                    })
                }
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                    .iter()
                    .zip(y)
                    .enumerate()
                    .find_map(|(i, (v, w))| difference(v, w, &format!("{at}/{i}"))),
                (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
                _ if a == b => None,
                _ => Some(format!("{at}: {a} became {b}")),
            }
        }

        #(#tests)*
    };
    Ok(Some(EmittedFile {
        path: "tests/spec_examples.rs".into(),
        content: EmittedContent::Rust(vec![tokens]),
    }))
}
