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

/// Prints each warning on a line of stderr through one buffer. stderr is unbuffered, so
/// printing line by line makes a system call of every piece of every line: Microsoft Graph's
/// beta spec has 7,246 warnings, which took about 50,000 writes.
pub fn print_warnings(warnings: &[Warning]) {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr().lock());
    for warning in warnings {
        // stderr gone (a closed pipe): nothing else to tell.
        if writeln!(out, "{warning}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}

/// Escapes one JSON pointer token (`~` -> `~0`, `/` -> `~1`).
pub fn pointer_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_token(&mut out, token);
    out
}

/// Appends one escaped token to `out`; a token with nothing to escape (most) is copied whole.
fn push_token(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Appends tokens to a JSON pointer.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let extra: usize = tokens.iter().map(|t| t.len() + 1).sum();
    let mut out = String::with_capacity(base.len() + extra);
    out.push_str(base);
    for token in tokens {
        out.push('/');
        push_token(&mut out, token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_token("plain"), "plain");
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_token("~1"), "~01");
        assert_eq!(
            pointer("/paths", &["/pets/{id}", "get", "é~"]),
            "/paths/~1pets~1{id}/get/é~0"
        );
        assert_eq!(pointer("", &[]), "");
    }
}
