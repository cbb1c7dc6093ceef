//! Spec prose -> rustdoc that renders cleanly and never becomes a doctest or a broken link.

use proc_macro2::TokenStream;
use quote::quote;

/// The text of one `///` line: a space after the slashes, unless the line is empty.
pub fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

fn outer_docs<'a>(lines: impl Iterator<Item = &'a str>) -> TokenStream {
    let attrs = lines.map(|line| {
        let line = doc_literal(&doc_line(line));
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// The string literal of a doc line, raw (`r"…"`) where it can be: a plain literal escapes
/// every character and the formatter's parser unescapes it again, which was a twelfth of the
/// work on a spec with much prose. The formatter prints either as the same `///` line (it
/// prints the literal's value), so the output does not change. A line with a line break, or
/// one that starts with `/`, is not printed as a `///` line; it keeps the plain literal.
pub fn doc_literal(line: &str) -> proc_macro2::Literal {
    let plain = || proc_macro2::Literal::string(line);
    if line.starts_with('/') || line.contains(['\n', '\r']) {
        return plain();
    }
    // Enough `#`s that the text cannot close the literal early.
    let mut hashes = String::new();
    while line.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| plain())
}

/// `#[doc]` attributes for spec prose, one per line, made safe by [`sanitize`].
pub fn doc_attrs(text: &str) -> TokenStream {
    outer_docs(sanitize(text).iter().map(String::as_str))
}

/// `#[doc]` attributes for text the generator wrote itself (links kept, nothing escaped).
pub fn doc_raw(text: &str) -> TokenStream {
    outer_docs(text.lines())
}

/// `#[doc]` attributes for optional spec docs, with a fallback (also for docs that say nothing
/// once cleaned, such as `<br />`).
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.filter(|t| has_text(t)) {
        Some(t) => doc_attrs(t),
        None => doc_attrs(fallback),
    }
}

/// Whether spec docs still say something once cleaned (`<br />` alone does not).
pub fn has_text(text: &str) -> bool {
    sanitize(text).iter().any(|line| !line.trim().is_empty())
}

/// Spec text (an id, a path, a name, a value) as one inline code span: line breaks become
/// spaces, and the fence of backticks is longer than any run inside, so the text can neither
/// end the span nor start a block.
pub fn code(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{flat}{fence}")
    } else {
        format!("{fence} {flat} {fence}")
    }
}

/// Spec text placed inside a sentence the generator writes (a title, a version): one line,
/// escaped like prose.
pub fn inline(text: &str) -> String {
    escape_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A fence opening or closing a code block (```` ``` ```` or `~~~`, three or more): its
/// character and length.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|x| *x == c).count();
    (len >= 3).then_some((c, len))
}

/// Makes spec prose safe for rustdoc: every code block becomes an inert ```` ```text ```` block
/// whatever its label or fence (so rustdoc never compiles or runs spec text), indentation that
/// would start a code block is dropped, `[`/`]`/`<`/`>` outside code spans are escaped, and bare
/// URLs are wrapped in `<...>`.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = if text.contains(['\t', '\r']) {
        std::borrow::Cow::Owned(text.replace('\t', "    ").replace('\r', ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let text = html_to_markdown(&text);
    let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let Some((c, len)) = fence_of(trimmed) else {
            out.push(escape_line(trimmed));
            i += 1;
            continue;
        };
        // The block runs to a closing fence of the same character, at least as long, with
        // nothing after it; or to the end of the text.
        let body_start = i + 1;
        let mut end = body_start;
        while end < lines.len() {
            let t = lines[end].trim_start();
            if fence_of(t).is_some_and(|(d, n)| d == c && n >= len)
                && t.trim_start_matches(c).trim().is_empty()
            {
                break;
            }
            end += 1;
        }
        let body = &lines[body_start..end];
        // Longer than any backtick run that starts a line inside, so nothing closes it early.
        let longest = body
            .iter()
            .filter_map(|l| fence_of(l.trim_start()))
            .filter(|(d, _)| *d == '`')
            .map(|(_, n)| n + 1)
            .max()
            .unwrap_or(3);
        let fence = "`".repeat(longest.max(3));
        out.push(format!("{fence}text"));
        out.extend(body.iter().map(|l| (*l).to_owned()));
        out.push(fence);
        i = end + 1;
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The HTML that API descriptions commonly hold, as Markdown: line and paragraph breaks, code,
/// bold and italics. Other tags are left for [`escape_line`] to show literally.
fn html_to_markdown(text: &str) -> String {
    let mut out = text.to_owned();
    // Most prose has no tag at all; each `replace` below would copy it again.
    if !text.contains('<') {
        return out;
    }
    for (tags, replacement) in [
        (&["<br>", "<br/>", "<br />", "<BR>"][..], "\n"),
        (&["<p>", "</p>", "<P>", "</P>"][..], "\n\n"),
        (&["<code>", "</code>"][..], "`"),
        (&["<b>", "</b>", "<strong>", "</strong>"][..], "**"),
        (&["<i>", "</i>", "<em>", "</em>"][..], "*"),
    ] {
        for tag in tags {
            if out.contains(tag) {
                out = out.replace(tag, replacement);
            }
        }
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            continue;
        }
        if in_code {
            out.push(c);
            continue;
        }
        match c {
            '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if line[i..].starts_with("http://") || line[i..].starts_with("https://") => {
                let end = line[i..]
                    .find(|ch: char| {
                        ch.is_whitespace() || ch == ')' || ch == '"' || ch == '\'' || ch == '`'
                    })
                    .map(|e| i + e)
                    .unwrap_or(line.len());
                let url = line[i..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                let consumed = i + url.len();
                while chars.peek().is_some_and(|(j, _)| *j < consumed) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the docs.
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_literals_are_raw_where_they_can_be_and_keep_their_value() {
        for (line, raw) in [
            (" plain text", true),
            (" quotes \" and \"# and \"## inside", true),
            (" a backslash \\n stays", true),
            ("/ starts with a slash", false),
            (" two\nlines", false),
            ("", true),
        ] {
            let literal = doc_literal(line);
            let text = literal.to_string();
            assert_eq!(text.starts_with('r'), raw, "{text}");
            let parsed: syn::LitStr = syn::parse_str(&text).expect("a string literal");
            assert_eq!(parsed.value(), line);
        }
    }

    #[test]
    fn prose_is_made_safe() {
        assert_eq!(
            sanitize("see [docs] <u>x</u>"),
            vec!["see \\[docs\\] &lt;u&gt;x&lt;/u&gt;"]
        );
        assert_eq!(
            sanitize("go to https://x.org/a. ok"),
            vec!["go to <https://x.org/a>. ok"]
        );
        assert_eq!(sanitize("`a[0]` and <x>"), vec!["`a[0]` and &lt;x&gt;"]);
        assert_eq!(sanitize("    indented code"), vec!["indented code"]);
        assert_eq!(
            sanitize("```\nfn x() {}\n```"),
            vec!["```text", "fn x() {}", "```"]
        );
        assert_eq!(sanitize("odd ` tick"), vec!["odd ` tick`"]);
        for label in [
            "",
            "rust",
            "no_run",
            "should_panic",
            "edition2021",
            "compile_fail",
        ] {
            assert_eq!(
                sanitize(&format!("a\n```{label}\npanic!()\n```\nb")),
                vec!["a", "```text", "panic!()", "```", "b"],
                "{label}"
            );
        }
        assert_eq!(
            sanitize("~~~rust\n```\nx\n~~~"),
            vec!["````text", "```", "x", "````"]
        );
        assert_eq!(sanitize("```\nopen"), vec!["```text", "open", "```"]);
        assert_eq!(code("a`b\nc"), "`` a`b c ``");
        assert_eq!(code("/pets/{id}"), "`/pets/{id}`");
        assert_eq!(sanitize("a<br>\n<b>b</b>\tc"), vec!["a", "", "**b**    c"]);
    }
}
