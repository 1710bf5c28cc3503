//! Writing the spec skeleton: YAML text that `errspec generate` accepts as it is.
//!
//! Every operation becomes an endpoint, every status the document uses is listed
//! with its standard reason phrase and a category from a fixed vocabulary, and
//! every `code` value found in response examples and enums becomes a code. Keys
//! are written in canonical order (so `errspec fmt --check` passes), in document
//! order of paths, methods and responses. Text taken from the document is
//! prefixed with `TODO(import):` for the user to rewrite, collapsed to one line
//! and quoted for YAML; comments never carry a raw line break.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use errspec_codegen::naming::type_name;
use heck::ToSnakeCase;

use super::document::{Imported, StatusKey};

/// Marks text the user should rewrite.
pub const TODO: &str = "TODO(import):";

/// Longest text carried over from the document, in characters.
const MAX_TEXT: usize = 240;

/// A category of the importer's fixed vocabulary.
struct CategoryDef {
    key: &'static str,
    name: &'static str,
    description: &'static str,
    retry: &'static str,
}

/// The vocabulary, in the order a skeleton lists what it uses.
const CATEGORIES: &[CategoryDef] = &[
    CategoryDef {
        key: "success",
        name: "Success",
        description: "The API accepted the request and answered it.",
        retry: "never",
    },
    CategoryDef {
        key: "validation",
        name: "Validation",
        description: "The request is wrong as sent; sending it again unchanged fails again.",
        retry: "never",
    },
    CategoryDef {
        key: "authentication",
        name: "Authentication",
        description: "The API could not tell who is calling; check the credentials.",
        retry: "never",
    },
    CategoryDef {
        key: "authorization",
        name: "Authorization",
        description: "The caller is known but may not do this.",
        retry: "never",
    },
    CategoryDef {
        key: "not_found",
        name: "Not found",
        description: "The resource the request names does not exist.",
        retry: "never",
    },
    CategoryDef {
        key: "conflict",
        name: "Conflict",
        description: "The request clashes with the current state of the resource.",
        retry: "never",
    },
    CategoryDef {
        key: "rate_limiting",
        name: "Rate limiting",
        description: "Too many requests; wait as long as the Retry-After header says, then retry.",
        retry: "retry_after",
    },
    CategoryDef {
        key: "server_error",
        name: "Server error",
        description: "Something failed on the API's side; retry with backoff.",
        retry: "backoff",
    },
    CategoryDef {
        key: "unavailable",
        name: "Unavailable",
        description:
            "The service cannot answer for now; retry once the Retry-After delay has passed.",
        retry: "retry_after",
    },
    CategoryDef {
        key: "payment_failed",
        name: "Payment failed",
        description: "The request needs a payment or a plan the account does not have.",
        retry: "never",
    },
    CategoryDef {
        key: "precondition_failed",
        name: "Precondition failed",
        description: "A condition the request set does not hold; read the resource again first.",
        retry: "never",
    },
    CategoryDef {
        key: "too_large",
        name: "Too large",
        description: "The request is larger than the API accepts.",
        retry: "never",
    },
    CategoryDef {
        key: "gone",
        name: "Gone",
        description: "The resource existed and has been removed for good.",
        retry: "never",
    },
];

/// The category of a status: 1xx to 3xx are `success` (errspec has no category
/// for redirects; the skeleton says so), then by number, then by class.
pub fn category_for(status: u16) -> &'static str {
    match status {
        100..=399 => "success",
        400 | 422 => "validation",
        401 => "authentication",
        402 => "payment_failed",
        403 => "authorization",
        404 => "not_found",
        409 => "conflict",
        410 => "gone",
        412 => "precondition_failed",
        413 => "too_large",
        429 => "rate_limiting",
        503 => "unavailable",
        500..=599 => "server_error",
        _ => "validation",
    }
}

/// The standard reason phrase of a status (RFC 9110 and the IANA registry).
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// A status of the skeleton.
struct StatusEntry {
    description: Option<String>,
}

/// A code of the skeleton, while it is gathered.
struct CodeEntry {
    /// How often it was seen with each status.
    seen: BTreeMap<u16, usize>,
    /// Under ranges or `default` only.
    unnumbered: bool,
    message: Option<String>,
    /// `404 on GET /v1/x`, where it was first seen.
    first: Option<String>,
}

/// An endpoint of the skeleton.
struct EndpointEntry {
    key: String,
    method: String,
    path: String,
    success: Vec<u16>,
    description: String,
}

/// Writes the skeleton of an imported document. `origin` names the document in
/// the header comment.
pub fn write(imported: &Imported, origin: &str) -> String {
    let mut notes: Vec<String> = imported.notes.clone();
    let endpoints = endpoints(imported, &mut notes);

    // Statuses: every exact status of every response, plus assumed successes.
    let mut statuses: BTreeMap<u16, StatusEntry> = BTreeMap::new();
    for operation in &imported.operations {
        for response in &operation.responses {
            if let StatusKey::Exact(n) = response.status {
                let entry = statuses
                    .entry(n)
                    .or_insert(StatusEntry { description: None });
                if entry.description.is_none() {
                    entry.description = response.description.clone();
                }
            }
        }
    }
    for endpoint in &endpoints {
        for &n in &endpoint.success {
            statuses
                .entry(n)
                .or_insert(StatusEntry { description: None });
        }
    }
    for &n in statuses.keys() {
        if (100..200).contains(&n) || (300..400).contains(&n) {
            notes.push(format!(
                "status {n} is neither a success nor an error to errspec; it is categorised `success`: check that this is what a {n} means here"
            ));
        }
        if reason_phrase(n).is_none() {
            notes.push(format!("status {n} has no standard reason phrase; name it"));
        }
    }

    let codes = codes(imported, &mut notes);

    // The categories used: by statuses, by codes, and by the class fallbacks.
    let mut used: Vec<&str> = vec!["validation", "server_error"];
    used.extend(statuses.keys().map(|&n| category_for(n)));
    used.extend(codes.iter().map(|(_, _, category, _)| *category));

    let mut out = String::new();
    header(&mut out, imported, origin, &notes);
    out.push_str("version: 1\n\napi:\n");
    let name = imported
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("{TODO} name the API"));
    let _ = writeln!(out, "  name: {}", scalar(&name));
    let description = match imported.description.as_deref().map(one_line) {
        Some(text) if !text.is_empty() => format!("{TODO} {text}"),
        _ => format!("{TODO} describe what the contract covers"),
    };
    let _ = writeln!(out, "  description: {}", quoted(&description));

    out.push_str("\ncategories:\n");
    for category in CATEGORIES.iter().filter(|c| used.contains(&c.key)) {
        let _ = writeln!(out, "  {}:", category.key);
        let _ = writeln!(out, "    name: {}", scalar(category.name));
        let _ = writeln!(out, "    description: {}", quoted(category.description));
        let _ = writeln!(out, "    retry: {}", category.retry);
    }

    out.push_str("\nstatuses:");
    if statuses.is_empty() {
        out.push_str(" {}");
    }
    out.push('\n');
    for (&n, status) in &statuses {
        let reason = reason_phrase(n).unwrap_or("Unassigned");
        let description = match status.description.as_deref().map(one_line) {
            Some(text) if !text.is_empty() => format!("{TODO} {text}"),
            _ => format!("{TODO} describe what {n} {reason} means for this API"),
        };
        let _ = writeln!(out, "  {n}:");
        let _ = writeln!(out, "    reason: {}", scalar(reason));
        let _ = writeln!(out, "    description: {}", quoted(&description));
        let _ = writeln!(out, "    category: {}", category_for(n));
    }

    out.push_str("\n# Statuses the document does not list fall back by class.\n");
    out.push_str("status_classes:\n  4xx: validation\n  5xx: server_error\n");

    out.push_str(
        "\n# The `code` values found in the document's response examples and enums.\ncodes:",
    );
    if codes.is_empty() {
        out.push_str(" {}");
    }
    out.push('\n');
    for (value, statuses, category, description) in &codes {
        let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
        let _ = writeln!(out, "  {}:", scalar(value));
        let _ = writeln!(out, "    statuses: [{}]", list.join(", "));
        let _ = writeln!(out, "    category: {category}");
        let _ = writeln!(out, "    description: {}", quoted(description));
    }

    out.push_str("\n# One endpoint per operation, in document order.\nendpoints:");
    if endpoints.is_empty() {
        out.push_str(" {}");
    }
    out.push('\n');
    for endpoint in &endpoints {
        let list: Vec<String> = endpoint.success.iter().map(u16::to_string).collect();
        let _ = writeln!(out, "  {}:", scalar(&endpoint.key));
        let _ = writeln!(out, "    method: {}", endpoint.method);
        let _ = writeln!(out, "    path: {}", scalar(&endpoint.path));
        let _ = writeln!(out, "    success: [{}]", list.join(", "));
        let _ = writeln!(out, "    description: {}", quoted(&endpoint.description));
    }
    out
}

fn header(out: &mut String, imported: &Imported, origin: &str, notes: &[String]) {
    let _ = writeln!(
        out,
        "# errspec spec skeleton, imported from {} by `errspec import openapi`",
        comment(origin)
    );
    let mut about = format!("# (OpenAPI {}", comment(&imported.openapi));
    if let Some(title) = &imported.title {
        let _ = write!(about, "; {}", comment(&one_line(title)));
    }
    if let Some(version) = &imported.version {
        let _ = write!(about, " version {}", comment(&one_line(version)));
    }
    about.push_str(").");
    out.push_str(&about);
    out.push_str(
        "\n#\n\
         # Review it before use. Text marked TODO(import) was taken from the document\n\
         # or is a placeholder: rewrite it in your own words. Categories come from a\n\
         # fixed vocabulary, mapped from status numbers. An endpoint here is done when\n\
         # it answers with a success status; add `items`, `poll` or `deferred_effect`\n\
         # where a 2xx means less than that. Check the spec against a newer document\n\
         # with `errspec import openapi --check <this spec> <document>`.\n",
    );
    if !notes.is_empty() {
        out.push_str("#\n# Import notes:\n");
        for note in notes {
            let _ = writeln!(out, "# - {}", comment(note));
        }
    }
}

/// The endpoints: one per supported operation, keys unique as Rust names.
fn endpoints(imported: &Imported, notes: &mut Vec<String>) -> Vec<EndpointEntry> {
    let mut taken: Vec<String> = Vec::new();
    let mut endpoints = Vec::new();
    for operation in &imported.operations {
        let route = operation.route();
        let template = match &operation.template {
            Ok(template) => template,
            Err(reason) => {
                notes.push(format!("{route} was left out: {reason}"));
                continue;
            }
        };
        if template != &operation.path {
            notes.push(format!(
                "{route} is written `{template}`: errspec parameter names are letters, digits and `_`"
            ));
        }
        let base = operation
            .operation_id
            .as_deref()
            .map(snake_key)
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| {
                snake_key(&format!(
                    "{} {}",
                    operation.method.to_lowercase(),
                    operation.path
                ))
            });
        let mut key = base.clone();
        let mut n = 2;
        while taken.contains(&type_name(&key)) {
            key = format!("{base}_{n}");
            n += 1;
        }
        if key != base {
            notes.push(format!(
                "{route} is keyed `{key}`: `{base}` was taken (or names the same Rust variant)"
            ));
        }
        taken.push(type_name(&key));
        let (success, listed) = operation.success();
        if !listed {
            notes.push(format!(
                "{route} lists no 2xx response; its success is assumed to be [200]"
            ));
        }
        let mut summary = operation
            .summary
            .as_deref()
            .map(one_line)
            .unwrap_or_default();
        if operation.deprecated {
            summary = format!("(deprecated) {summary}").trim_end().to_owned();
        }
        let description = if summary.is_empty() {
            format!("{TODO} describe {route}")
        } else {
            format!("{TODO} {summary}")
        };
        endpoints.push(EndpointEntry {
            key,
            method: operation.method.clone(),
            path: template.clone(),
            success,
            description,
        });
    }
    endpoints
}

/// The codes: value, statuses, category and description, in order of first
/// appearance. A code seen with a 2xx status is a success code and keeps only
/// its 2xx statuses (errspec codes are either success or error codes); an
/// error code keeps its 4xx and 5xx statuses and takes the category of the
/// status it was seen with most (the lowest of a tie).
fn codes(
    imported: &Imported,
    notes: &mut Vec<String>,
) -> Vec<(String, Vec<u16>, &'static str, String)> {
    let mut gathered: Vec<(String, CodeEntry)> = Vec::new();
    for operation in &imported.operations {
        for response in &operation.responses {
            for code in &response.codes {
                let index = match gathered.iter().position(|(v, _)| *v == code.value) {
                    Some(index) => index,
                    None => {
                        gathered.push((
                            code.value.clone(),
                            CodeEntry {
                                seen: BTreeMap::new(),
                                unnumbered: false,
                                message: None,
                                first: None,
                            },
                        ));
                        gathered.len() - 1
                    }
                };
                let entry = &mut gathered[index].1;
                match response.status {
                    StatusKey::Exact(n) => {
                        *entry.seen.entry(n).or_default() += 1;
                        if entry.first.is_none() {
                            entry.first = Some(format!("{n} on {}", operation.route()));
                        }
                    }
                    StatusKey::Class(_) | StatusKey::Default => entry.unnumbered = true,
                }
                if entry.message.is_none() {
                    entry.message.clone_from(&code.message);
                }
            }
        }
    }
    let mut names: Vec<(String, String)> = vec![("Other".to_owned(), "the catch-all".to_owned())];
    let mut codes = Vec::new();
    for (value, entry) in gathered {
        let success: Vec<u16> = entry
            .seen
            .keys()
            .copied()
            .filter(|n| (200..300).contains(n))
            .collect();
        let errors: Vec<u16> = entry.seen.keys().copied().filter(|&n| n >= 400).collect();
        let (statuses, category) = if !success.is_empty() {
            if !errors.is_empty() {
                notes.push(format!(
                    "code `{value}` also appears with {}; it is listed with its 2xx statuses only (a code is a success or an error code)",
                    numbers(&errors)
                ));
            }
            (success, "success")
        } else if !errors.is_empty() {
            let most = entry
                .seen
                .iter()
                .filter(|(n, _)| **n >= 400)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(errors[0], |(n, _)| *n);
            (errors, category_for(most))
        } else {
            let place = if entry.unnumbered {
                "only under status ranges or `default`"
            } else {
                "only with 1xx or 3xx statuses"
            };
            notes.push(format!(
                "code `{value}` appears {place}; list it by hand with its statuses"
            ));
            continue;
        };
        let name = type_name(&value);
        if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
            notes.push(format!(
                "code `{value}` was left out: its Rust name `{name}` is already {other}"
            ));
            continue;
        }
        names.push((name, format!("that of `{value}`")));
        // The example's message is one operation's wording, so it is quoted
        // as an example, never offered as the code's meaning.
        let mut description = format!("{TODO} describe `{value}`");
        if let Some(first) = &entry.first {
            let _ = write!(description, "; seen with {first}");
        }
        if let Some(message) = entry.message.as_deref().map(one_line) {
            if !message.is_empty() {
                let _ = write!(description, ", e.g. \"{message}\"");
            }
        }
        let description = one_line(&description);
        codes.push((value, statuses, category, description));
    }
    codes
}

fn numbers(list: &[u16]) -> String {
    list.iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An endpoint key: the snake_case words of `text`.
fn snake_key(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.to_snake_case()
}

/// Document text on one line, whitespace collapsed, at most [`MAX_TEXT`]
/// characters.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= MAX_TEXT {
        return line;
    }
    let cut: String = line.chars().take(MAX_TEXT - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Text for a comment: no character that could end the comment's line or
/// hide text (controls, line and paragraph separators, bidi controls).
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if needs_escape(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters that are written escaped: controls (C0, DEL, C1 including NEL),
/// line and paragraph separators, byte-order marks and non-characters, and
/// bidi controls.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{feff}'
                | '\u{fffe}'
                | '\u{ffff}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A YAML scalar: plain when that reads back as the same string, else quoted.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// Plain only for a conservative set: starts with a letter, `_` or `/`, then
/// letters, digits, inner spaces and `_-./{}()`, and is no YAML boolean or
/// null word.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_' || first == '/') || text.ends_with(' ') {
        return false;
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./{}() ".contains(c))
    {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
    )
}

/// A YAML double-quoted scalar holding exactly `text`.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let n = u32::from(c);
                let _ = if n <= 0xff {
                    write!(out, "\\x{n:02x}")
                } else if n <= 0xffff {
                    write!(out, "\\u{n:04x}")
                } else {
                    write!(out, "\\U{n:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(yaml: &str) -> String {
        serde_saphyr::from_str::<String>(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
    }

    #[test]
    fn quoted_and_plain_scalars_read_back_exactly() {
        let mut samples: Vec<String> = [
            "",
            "plain",
            "/v1/groups/{groupId}",
            "TODO(import): a: b # c",
            "\"quotes\" and \\backslashes\\",
            "true",
            "No",
            "null",
            "~",
            "404",
            "1e3",
            "0x1F",
            ".inf",
            "- item",
            "key: value",
            "&anchor *alias !tag %directive @reserved `tick`",
            "  leading and trailing  ",
            "inner spaces",
            "trailing ",
            "Not found",
            "tab\there, new\nline, return\r",
            "bidi \u{202e}reversed\u{202c} text",
            "nel \u{85} ls \u{2028} ps \u{2029} bom \u{feff}",
            "emoji 🦀 and accents é",
            "\u{7f}\u{80}\u{9f}\u{a0}",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        samples.push((0u32..0x300).filter_map(char::from_u32).collect());
        samples.push(('\u{fff0}'..='\u{ffff}').collect());
        for sample in &samples {
            assert_eq!(&read_back(&quoted(sample)), sample, "quoted {sample:?}");
            assert_eq!(&read_back(&scalar(sample)), sample, "scalar {sample:?}");
        }
        assert_eq!(scalar("/v1/groups/{groupId}"), "/v1/groups/{groupId}");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("404"), "\"404\"");
    }

    #[test]
    fn comments_cannot_break_their_line() {
        let text = comment("a\nb\r\u{2028}c\u{202e}");
        assert!(
            !text.contains(['\n', '\r', '\u{2028}', '\u{202e}']),
            "{text}"
        );
    }

    #[test]
    fn keys_are_snake_case_words() {
        assert_eq!(snake_key("connection_details"), "connection_details");
        assert_eq!(snake_key("getV1Groups"), "get_v1_groups");
        assert_eq!(
            snake_key("get /v1/groups/{groupId}"),
            "get_v1_groups_group_id"
        );
        assert_eq!(snake_key("list-users.all"), "list_users_all");
    }

    #[test]
    fn statuses_map_to_the_vocabulary() {
        let expect = [
            (200, "success"),
            (204, "success"),
            (304, "success"),
            (400, "validation"),
            (401, "authentication"),
            (402, "payment_failed"),
            (403, "authorization"),
            (404, "not_found"),
            (405, "validation"),
            (409, "conflict"),
            (410, "gone"),
            (412, "precondition_failed"),
            (413, "too_large"),
            (422, "validation"),
            (429, "rate_limiting"),
            (500, "server_error"),
            (502, "server_error"),
            (503, "unavailable"),
        ];
        for (status, category) in expect {
            assert_eq!(category_for(status), category, "{status}");
            assert!(CATEGORIES.iter().any(|c| c.key == category));
        }
    }

    #[test]
    fn long_text_is_cut_on_one_line() {
        let long = "word ".repeat(100);
        let line = one_line(&long);
        assert_eq!(line.chars().count(), MAX_TEXT);
        assert!(line.ends_with('…'));
        assert_eq!(one_line("a\n\n  b\tc"), "a b c");
    }
}
