//! A string that never reveals itself in `Debug` or `Display` output.

use std::fmt;

/// A secret value (secret key, token, security token, access key).
///
/// `Debug` and `Display` print the placeholder [`SecretString::REDACTED`] instead of the value,
/// so secrets cannot leak through logs, `{:?}` output or error messages by accident. Call
/// [`SecretString::expose_secret`] when the real value is needed (for example to sign a request).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// The placeholder printed instead of the secret.
    pub const REDACTED: &'static str = "<redacted>";

    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// Returns the secret value. Do not log what this returns.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretString({})", Self::REDACTED)
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::REDACTED)
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_owned())
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        // Best-effort scrubbing of the heap buffer before it is freed.
        // SAFETY: writing zero bytes keeps the buffer valid UTF-8.
        unsafe {
            for b in self.0.as_bytes_mut() {
                std::ptr::write_volatile(b, 0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_value() {
        let s = SecretString::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert_eq!(s.expose_secret(), "hunter2");
    }
}
