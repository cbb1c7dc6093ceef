//! Hand-written runtime for the generated Huawei Cloud SDK crates.
#![warn(missing_docs)]

pub mod secret;
pub mod sign;

pub use secret::SecretString;
