//! Errors and diagnostics: every problem names the place in the spec it comes from.

use std::fmt;

/// Where in the input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The spec file, as given to the generator.
    pub file: String,
    /// JSON pointer inside the document (`/paths/~1pets/get/responses/200`), when known.
    pub pointer: String,
    /// 1-based line and column, when the loader knows them.
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        Ok(())
    }
}

/// A generator failure: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, in words a spec author can act on.
    pub message: String,
    /// Where it went wrong.
    pub location: Location,
}

impl Error {
    /// An error at a JSON pointer of `file`.
    pub fn at(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            location: Location {
                file: file.to_owned(),
                pointer: pointer.into(),
                line_col: None,
            },
        }
    }

    /// An error about a file as a whole (I/O, size limits).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self::at(file, "", message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Error {}

/// A problem that does not stop generation (an unsupported keyword that was ignored, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What was ignored or approximated.
    pub message: String,
    /// Where.
    pub location: Location,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.location, self.message)
    }
}

/// Escapes one JSON pointer token (`~` -> `~0`, `/` -> `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends tokens to a JSON pointer.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&pointer_token(token));
    }
    out
}
