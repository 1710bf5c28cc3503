//! The `include_spec!` proc-macro of errspec.
//!
//! A thin shell over `errspec_codegen::macro_support`: it reads its input (a
//! string literal, then options) straight from the compiler's tokens, resolves
//! the spec path against the calling crate's manifest directory and expands to
//! the generated code, or to a `compile_error!` carrying the located
//! diagnostic. Use it through the `errspec` crate (feature `macros`).
//!
//! The input is two kinds of token, so it is read by hand rather than with
//! `syn`: every crate that uses the macro compiles this crate and its
//! dependencies, and a parser library would cost more to build than the rest.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// Generates the error-contract code of a spec in place.
///
/// ```ignore
/// mod fivetran {
///     errspec::include_spec!("spec/fivetran.yaml", serde);
/// }
/// ```
///
/// The path is relative to the calling crate's `Cargo.toml` directory. Options
/// after the path: `serde` (implement serde for `Code` through the serde that
/// `errspec` re-exports; no feature to turn on). Editing the spec recompiles the caller. The output
/// is the same code the build-script `Builder` and the CLI write for the same
/// spec and options.
#[proc_macro]
pub fn include_spec(input: TokenStream) -> TokenStream {
    let (path, span, options) = match parse(input) {
        Ok(parsed) => parsed,
        Err((message, span)) => return compile_error(&message, span),
    };
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    match errspec_codegen::macro_support::expansion(&path, &options, &manifest_dir) {
        Ok(text) => text.parse().unwrap_or_else(|error| {
            compile_error(
                &format!("errspec: the generated code does not lex: {error}"),
                span,
            )
        }),
        Err(message) => compile_error(&message, span),
    }
}

type Parsed = (String, Span, errspec_codegen::Options);

/// `"path"`, then `, option` any number of times, with an optional trailing comma.
fn parse(input: TokenStream) -> Result<Parsed, (String, Span)> {
    let mut tokens = input.into_iter();
    let (path, span) = match tokens.next() {
        Some(token) => string_literal(token)?,
        None => {
            return Err((
                "unexpected end of input, expected string literal".to_owned(),
                Span::call_site(),
            ))
        }
    };
    let mut options = errspec_codegen::Options::default();
    loop {
        match tokens.next() {
            None => break,
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {}
            Some(other) => return Err(("unexpected token".to_owned(), other.span())),
        }
        match tokens.next() {
            None => break,
            Some(TokenTree::Ident(flag)) => {
                errspec_codegen::macro_support::option(&flag.to_string(), &mut options)
                    .map_err(|message| (message, flag.span()))?;
            }
            Some(other) => return Err(("expected identifier".to_owned(), other.span())),
        }
    }
    Ok((path, span, options))
}

/// The value of a string literal token (a macro_rules `$path:literal` arrives
/// wrapped in an invisible group).
fn string_literal(token: TokenTree) -> Result<(String, Span), (String, Span)> {
    let expected = |span| Err(("expected string literal".to_owned(), span));
    match token {
        TokenTree::Literal(literal) => match unescape(&literal.to_string()) {
            Some(value) => Ok((value, literal.span())),
            None => expected(literal.span()),
        },
        TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
            let mut inner = group.stream().into_iter();
            match (inner.next(), inner.next()) {
                (Some(token), None) => string_literal(token),
                _ => expected(group.span()),
            }
        }
        other => expected(other.span()),
    }
}

/// The value of a string literal as written: `"..."` with Rust's escapes, or
/// raw `r"..."` / `r#"..."#`. `None` for any other literal (numbers, byte and C
/// strings, suffixed strings).
fn unescape(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let fence = "#".repeat(hashes);
        let body = raw[hashes..].strip_prefix('"')?;
        let body = body.strip_suffix(fence.as_str())?.strip_suffix('"')?;
        return Some(body.to_owned());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '0' => out.push('\0'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let digits: String = [chars.next()?, chars.next()?].iter().collect();
                let byte = u8::from_str_radix(&digits, 16).ok().filter(u8::is_ascii)?;
                out.push(char::from(byte));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut digits = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '_' => {}
                        digit => digits.push(digit),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?);
            }
            // A line continuation: the newline and the whitespace after it go.
            '\n' | '\r' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// `::core::compile_error!("message");`, every token at `span`.
fn compile_error(message: &str, span: Span) -> TokenStream {
    let punct = |c, spacing| {
        let mut punct = Punct::new(c, spacing);
        punct.set_span(span);
        TokenTree::Punct(punct)
    };
    let ident = |name| TokenTree::Ident(Ident::new(name, span));
    let mut literal = Literal::string(message);
    literal.set_span(span);
    let mut group = Group::new(Delimiter::Parenthesis, TokenTree::Literal(literal).into());
    group.set_span(span);
    [
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        ident("core"),
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        ident("compile_error"),
        punct('!', Spacing::Alone),
        TokenTree::Group(group),
        punct(';', Spacing::Alone),
    ]
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn plain_string_literals_are_unescaped() {
        for (literal, value) in [
            (r#""spec/fivetran.yaml""#, "spec/fivetran.yaml"),
            (r#""a\"b\\c""#, "a\"b\\c"),
            (r#""tab\tnl\ncr\r nul\0 q\'""#, "tab\tnl\ncr\r nul\0 q'"),
            (r#""\x41\u{e9}\u{1F680}\u{00_41}""#, "A\u{e9}\u{1F680}A"),
            ("\"spec/\\\n     fivetran.yaml\"", "spec/fivetran.yaml"),
            ("\"caf\u{e9}\"", "caf\u{e9}"),
            (r#""""#, ""),
        ] {
            assert_eq!(unescape(literal).as_deref(), Some(value), "{literal}");
        }
    }

    #[test]
    fn raw_string_literals_are_taken_as_written() {
        assert_eq!(
            unescape(r#"r"C:\specs\a.yaml""#).as_deref(),
            Some(r"C:\specs\a.yaml")
        );
        assert_eq!(
            unescape(r###"r##"a "# b"##"###).as_deref(),
            Some(r##"a "# b"##)
        );
        assert_eq!(unescape(r#"r"""#).as_deref(), Some(""));
    }

    #[test]
    fn other_literals_are_not_strings() {
        for literal in [
            "1",
            "'c'",
            r#"b"bytes""#,
            r#"br"raw""#,
            r#"c"cstr""#,
            r#""suffixed"x"#,
            r#""\x80""#,
            r#""\q""#,
            r#""\u{110000}""#,
            r##"r#"unclosed""##,
        ] {
            assert_eq!(unescape(literal), None, "{literal}");
        }
    }
}
