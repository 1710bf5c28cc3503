//! Turning a validated [`Spec`] into Rust tokens and formatted source.
//!
//! The emitter is generic: everything API-specific comes from the spec as data.
//! Spec text only ever enters the output as string literals (quote escapes them),
//! never as tokens, and items follow spec order.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::listing::{string, Expr, Lists, Rows};
use crate::model::{
    Category, CategoryId, Confirm, Endpoint, FieldPath, RetryPolicy, Scalar, Spec, Verdict,
};
use crate::Options;

/// The generated items for a spec, formatted (without the header).
///
/// Lists that grow with the spec are written as text (see [`crate::listing`]);
/// the rest goes through tokens and `prettyplease`.
pub fn file(spec: &Spec, options: &Options) -> String {
    let mut marker = "__errspec_list".to_owned();
    let mut lists = Lists::new(marker.clone());
    let mut formatted = render(emit(spec, options, &mut lists), "");
    if !lists.is_clean(&formatted) {
        // The spec's text quotes the marker: take one the skeleton does not
        // contain. Spec text is the same whatever the marker, so this one is clean.
        let mut n = 1u32;
        while formatted.contains(&marker) {
            marker = format!("__errspec_list{n}x");
            n += 1;
        }
        lists = Lists::new(marker);
        formatted = render(emit(spec, options, &mut lists), "");
        assert!(
            lists.is_clean(&formatted),
            "errspec bug: every list placeholder must appear once in the skeleton"
        );
    }
    lists.splice(&formatted)
}

/// The token skeleton of the generated items: `lists` receives the lists that
/// grow with the spec, and the skeleton holds a placeholder for each.
fn emit(spec: &Spec, options: &Options, lists: &mut Lists) -> TokenStream {
    let category = emit_category(spec);
    let status = emit_status(spec);
    let code = emit_code(spec, lists);
    let contract = emit_contract(spec);
    let endpoint = emit_endpoint(spec, lists);
    let serde = if options.serde {
        emit_serde()
    } else {
        TokenStream::new()
    };
    quote! {
        #category
        #status
        #code
        #serde
        #contract
        #endpoint
    }
}

/// Formats generated tokens as a Rust source file, below a header.
pub fn render(tokens: TokenStream, header: &str) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the emitter produces a valid Rust file");
    let mut out = String::from(header);
    out.push_str(&prettyplease::unparse(&file));
    out
}

/// An unsuffixed integer literal (`200`, not `200u16`).
fn int(n: impl Into<u32>) -> Literal {
    Literal::u32_unsuffixed(n.into())
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes for a text, one per line, as `///` comments would give.
fn doc(text: &str) -> TokenStream {
    doc_lines(text)
        .into_iter()
        .map(|line| quote!(#[doc = #line]))
        .collect()
}

/// The lines of a doc text, each as a `///` comment holds it (a leading space).
fn doc_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {}", doc_safe(line, false))
            }
        })
        .collect()
}

/// Spells out what may not stand in a doc comment: control characters (rustc
/// rejects a bare carriage return; clippy flags tabs) and bidirectional controls (rustc denies them
/// in comments, since they can make code read differently from how it runs).
/// With `inline`, newlines are spelled out too, for values quoted inside a line.
/// String literals need none of this: they hold the text exactly.
fn doc_safe(text: &str, inline: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let spell = match c {
            '\n' => inline,
            '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => true,
            c => c.is_control(),
        };
        if spell {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A spec value quoted inside one doc line.
fn inline(text: &str) -> String {
    doc_safe(text, true)
}

fn category_variant(spec: &Spec, id: CategoryId) -> TokenStream {
    let variant = ident(&spec.category(id).ident);
    quote!(Category::#variant)
}

fn emit_category(spec: &Spec) -> TokenStream {
    let api = inline(&spec.api.name);
    let intro = doc(&format!(
        "A category of outcome in the {api} error contract.\n\n\
         Every code and every status belongs to one. Each category has a description \
         and a retry policy."
    ));
    let variants: Vec<Ident> = spec.categories.iter().map(|c| ident(&c.ident)).collect();
    let docs = spec.categories.iter().map(category_doc);
    let keys = spec.categories.iter().map(|c| c.key.as_str());
    let keys_again = keys.clone();
    let names = spec.categories.iter().map(|c| c.name.as_str());
    let descriptions = spec.categories.iter().map(|c| c.description.trim());
    let policies = spec.categories.iter().map(|c| match c.retry {
        RetryPolicy::Never => quote!(::errspec::RetryPolicy::Never),
        RetryPolicy::RetryAfter => quote!(::errspec::RetryPolicy::AfterRetryAfter),
        RetryPolicy::Backoff => quote!(::errspec::RetryPolicy::Backoff),
    });
    quote! {
        #intro
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Category {
            #( #docs #variants, )*
        }

        impl Category {
            /// Every category, in spec order.
            pub const ALL: &'static [Category] = &[ #( Category::#variants ),* ];

            /// The key that names this category in the spec, such as `not_found`.
            pub const fn key(self) -> &'static str {
                match self { #( Category::#variants => #keys, )* }
            }

            /// The category's display name.
            pub const fn name(self) -> &'static str {
                match self { #( Category::#variants => #names, )* }
            }

            /// What responses in this category mean.
            pub const fn description(self) -> &'static str {
                match self { #( Category::#variants => #descriptions, )* }
            }

            /// How a caller should retry a request that failed in this category.
            pub const fn retry_policy(self) -> ::errspec::RetryPolicy {
                match self { #( Category::#variants => #policies, )* }
            }

            /// Whether a request that failed in this category may be retried.
            pub const fn is_retryable(self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// The category a spec key names, if any.
            pub fn from_key(key: &str) -> ::core::option::Option<Category> {
                match key {
                    #( #keys_again => ::core::option::Option::Some(Category::#variants), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::fmt::Display for Category {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.name())
            }
        }
    }
}

fn category_doc(category: &Category) -> TokenStream {
    let policy = match category.retry {
        RetryPolicy::Never => "never retry",
        RetryPolicy::RetryAfter => "retry after the `Retry-After` delay",
        RetryPolicy::Backoff => "retry with backoff",
    };
    doc(&format!(
        "{}\n\nName \"{}\"; spec key `{}`; {policy}.",
        category.description.trim(),
        inline(&category.name),
        inline(&category.key)
    ))
}

fn emit_status(spec: &Spec) -> TokenStream {
    let api = inline(&spec.api.name);
    let intro = doc(&format!(
        "An HTTP status documented by the {api} error contract."
    ));
    let infos = spec.statuses.iter().map(|s| {
        let status = int(s.code);
        let reason = s.reason.as_str();
        let description = s.description.trim();
        let category = category_variant(spec, s.category);
        quote! {
            StatusInfo { status: #status, reason: #reason, description: #description, category: #category }
        }
    });
    let lookups = spec.statuses.iter().enumerate().map(|(index, s)| {
        let status = int(s.code);
        let index = Literal::usize_unsuffixed(index);
        quote!(#status => ::core::option::Option::Some(&StatusInfo::ALL[#index]),)
    });
    let classes = spec.status_classes.iter().map(|c| {
        let class = int(c.class);
        let category = category_variant(spec, c.category);
        quote!(#class => ::core::option::Option::Some(#category),)
    });
    let class_doc = doc(&class_fallback_doc(spec));
    // Without class rules a `match` would only have its wildcard arm.
    let class_fallback = if spec.status_classes.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        quote! {
            match status / 100 {
                #( #classes )*
                _ => ::core::option::Option::None,
            }
        }
    };
    quote! {
        #intro
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub struct StatusInfo {
            /// The status number.
            pub status: u16,
            /// The reason phrase.
            pub reason: &'static str,
            /// What the status means for this API.
            pub description: &'static str,
            /// The category of a response with this status that carries no recognised code.
            pub category: Category,
        }

        impl StatusInfo {
            /// Every documented status, in spec order.
            pub const ALL: &'static [StatusInfo] = &[ #( #infos ),* ];

            /// The documented status with this number, if the spec has it.
            pub const fn lookup(status: u16) -> ::core::option::Option<&'static StatusInfo> {
                match status {
                    #( #lookups )*
                    _ => ::core::option::Option::None,
                }
            }

            /// The category of a response with this status and no recognised code.
            ///
            /// A documented status gives its own category.
            #class_doc
            pub const fn category_of(status: u16) -> ::core::option::Option<Category> {
                if let ::core::option::Option::Some(info) = StatusInfo::lookup(status) {
                    return ::core::option::Option::Some(info.category);
                }
                #class_fallback
            }
        }
    }
}

fn class_fallback_doc(spec: &Spec) -> String {
    if spec.status_classes.is_empty() {
        return "Any other status has no category.".to_owned();
    }
    let rules: Vec<String> = spec
        .status_classes
        .iter()
        .map(|c| format!("{}xx: {}", c.class, inline(&spec.category(c.category).name)))
        .collect();
    format!(
        "Any other status falls back to its class ({}), or has no category.",
        rules.join("; ")
    )
}

/// Specs with at least this many codes look codes up in a hash table; smaller
/// ones use a `match`, which is as fast for a handful of strings.
pub const CODE_TABLE_MIN: usize = 32;

fn emit_code(spec: &Spec, lists: &mut Lists) -> TokenStream {
    let api = inline(&spec.api.name);
    let intro = doc(&format!(
        "A `code` value of the {api} error contract.\n\n\
         Branch on the code, not on the message. Listed codes have a variant; any other \
         value is kept verbatim in [`Code::Other`], so parsing never fails and never loses text."
    ));
    let mut rows = Rows::new();
    for c in &spec.codes {
        rows.doc(&doc_lines(&format!(
            "{}\n\nValue `{}`; {} {}; category {}.",
            c.description.trim(),
            inline(&c.value),
            if c.statuses.len() == 1 {
                "status"
            } else {
                "statuses"
            },
            number_list(&c.statuses),
            inline(&spec.category(c.category).name)
        )))
        .entry(&c.ident);
    }
    let variants = lists.stash(rows.finish());
    let all = lists.stash(rows_of(&spec.codes, |c| format!("Code::{}", c.ident)));
    // One short line per code, so a reviewer sees the code's value next to a
    // changed status or category. Descriptions live in their own table, so
    // that entries stay short.
    let entries = lists.stash(rows_of(&spec.codes, |c| {
        format!(
            "({}, Category::{}, &[{}])",
            string(&c.value),
            spec.category(c.category).ident,
            number_list(&c.statuses)
        )
    }));
    let descriptions = lists.stash(rows_of(&spec.codes, |c| string(c.description.trim())));
    let positions = lists.stash(rows_of(&spec.codes, |c| {
        format!("Code::{0} => CodePosition::{0}", c.ident)
    }));
    let parse = emit_code_parse(spec, lists);
    // Without codes nothing would name a position (a dead-code warning).
    let code_position = if spec.codes.is_empty() {
        TokenStream::new()
    } else {
        let names = lists.stash(rows_of(&spec.codes, |c| c.ident.clone()));
        quote! {
            /// The position of each listed code in [`Code::ALL`], named rather than
            /// numbered so that adding a code adds lines without renumbering others.
            #[derive(Clone, Copy)]
            enum CodePosition {
                #names,
            }
        }
    };

    // Longest prefix first, so the most specific family wins.
    let mut families: Vec<_> = spec.families.iter().collect();
    families.sort_by_key(|f| std::cmp::Reverse(f.prefix.len()));
    let families = families.iter().map(|f| {
        let prefix = f.prefix.as_str();
        let category = category_variant(spec, f.category);
        let description = f.description.trim();
        quote!((#prefix, #category, #description))
    });

    quote! {
        #intro
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            #variants,
            /// A code this spec does not list, kept verbatim.
            Other(UnknownCode),
        }

        #code_position

        /// A code value the spec does not list, kept exactly as received.
        ///
        /// Only [`Code::parse`] makes one, so it never holds a listed value: two codes are
        /// equal exactly when their strings are.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct UnknownCode(::std::boxed::Box<str>);

        impl UnknownCode {
            /// Families as (prefix, category, description), longest prefix first.
            const FAMILIES: &'static [(&'static str, Category, &'static str)] = &[ #( #families ),* ];

            /// The code as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The prefix of the spec family this code belongs to, if any.
            pub fn family(&self) -> ::core::option::Option<&'static str> {
                self.family_entry().map(|entry| entry.0)
            }

            fn family_entry(&self) -> ::core::option::Option<&'static (&'static str, Category, &'static str)> {
                UnknownCode::FAMILIES.iter().find(|entry| self.0.starts_with(entry.0))
            }
        }

        impl Code {
            /// Every listed code, in spec order.
            pub const ALL: &'static [Code] = &[#all];

            /// Each listed code's value, category and statuses, in spec order (the
            /// order of [`Code::ALL`]).
            const ENTRIES: &'static [(&'static str, Category, &'static [u16])] = &[#entries];

            /// Each listed code's description, in the same order.
            const DESCRIPTIONS: &'static [&'static str] = &[#descriptions];

            /// A listed code's position in [`Code::ALL`], or the unlisted code.
            fn position(&self) -> ::core::result::Result<usize, &UnknownCode> {
                let position = match self {
                    #positions => {}
                    Code::Other(unknown) => return ::core::result::Result::Err(unknown),
                };
                ::core::result::Result::Ok(position as usize)
            }

            #parse

            /// The code value exactly as it appears in response bodies.
            pub fn as_str(&self) -> &str {
                match self.position() {
                    ::core::result::Result::Ok(position) => Code::ENTRIES[position].0,
                    ::core::result::Result::Err(unknown) => unknown.as_str(),
                }
            }

            /// Whether the spec lists this code.
            pub fn is_known(&self) -> bool {
                !matches!(self, Code::Other(_))
            }

            /// The code's category: a listed code's own, else that of the family its
            /// prefix matches, else `None`.
            pub fn category(&self) -> ::core::option::Option<Category> {
                match self.position() {
                    ::core::result::Result::Ok(position) => ::core::option::Option::Some(Code::ENTRIES[position].1),
                    ::core::result::Result::Err(unknown) => unknown.family_entry().map(|entry| entry.1),
                }
            }

            /// The statuses the spec documents this code with; empty for unlisted codes.
            pub fn statuses(&self) -> &'static [u16] {
                match self.position() {
                    ::core::result::Result::Ok(position) => Code::ENTRIES[position].2,
                    ::core::result::Result::Err(_) => &[],
                }
            }

            /// What the code means: a listed code's description, else its family's.
            pub fn description(&self) -> ::core::option::Option<&'static str> {
                match self.position() {
                    ::core::result::Result::Ok(position) => ::core::option::Option::Some(Code::DESCRIPTIONS[position]),
                    ::core::result::Result::Err(unknown) => unknown.family_entry().map(|entry| entry.2),
                }
            }

            /// Whether a request that failed with this code may be retried, by its
            /// category's retry policy. Codes without a category are not retryable.
            pub fn is_retryable(&self) -> bool {
                self.category().is_some_and(Category::is_retryable)
            }
        }

        impl ::core::fmt::Display for Code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::core::str::FromStr for Code {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Code, Self::Err> {
                ::core::result::Result::Ok(Code::parse(value))
            }
        }

        impl ::core::convert::From<&str> for Code {
            fn from(value: &str) -> Code {
                Code::parse(value)
            }
        }
    }
}

/// `Code::parse`: a `match` on the values for small specs; for large ones, a
/// hash table built now, at generation time, gives the code's position.
fn emit_code_parse(spec: &Spec, lists: &mut Lists) -> TokenStream {
    let doc = quote! {
        /// Reads a code value. Never fails: unlisted values become [`Code::Other`],
        /// and `Code::parse(s).as_str() == s` for every string.
    };
    let other = quote!(Code::Other(UnknownCode(::std::boxed::Box::from(value))));
    let values: Vec<&str> = spec.codes.iter().map(|c| c.value.as_str()).collect();
    if values.len() < CODE_TABLE_MIN {
        let variants = spec.codes.iter().map(|c| ident(&c.ident));
        return quote! {
            #doc
            pub fn parse(value: &str) -> Code {
                match value {
                    #( #values => Code::#variants, )*
                    _ => #other,
                }
            }
        };
    }
    let slots = Rows::new()
        .numbers(&errspec_table::build_slots(&values), SLOTS_PER_LINE)
        .finish();
    let slots = lists.stash(slots);
    let values = lists.stash(rows_of(&values, |value| string(value)));
    let version = Literal::u32_unsuffixed(errspec_table::LAYOUT_VERSION);
    let stale = format!(
        "this file's code table was generated for another errspec version \
         (table layout {}): regenerate it",
        errspec_table::LAYOUT_VERSION
    );
    quote! {
        /// The listed values, in spec order, for the hash table.
        const VALUES: &'static [&'static str] = &[#values];

        /// Hash-table slots over [`Code::VALUES`], built by the generator.
        const SLOTS: &'static [u32] = &[#slots];

        #doc
        pub fn parse(value: &str) -> Code {
            // The slots below were built with this version of the table layout.
            const _: () = ::core::assert!(::errspec::table::LAYOUT_VERSION == #version, #stale);
            match ::errspec::table::find(Code::SLOTS, Code::VALUES, value) {
                ::core::option::Option::Some(position) => Code::ALL[position].clone(),
                ::core::option::Option::None => #other,
            }
        }
    }
}

/// Hash-table slots per line: short lines of small numbers.
const SLOTS_PER_LINE: usize = 16;

/// One entry per item.
fn rows_of<T>(items: &[T], entry: impl Fn(&T) -> String) -> String {
    let mut rows = Rows::new();
    for item in items {
        rows.entry(&entry(item));
    }
    rows.finish()
}

/// Statuses as `200, 201`.
fn number_list(numbers: &[u16]) -> String {
    let numbers: Vec<String> = numbers.iter().map(u16::to_string).collect();
    numbers.join(", ")
}

fn emit_serde() -> TokenStream {
    quote! {
        impl ::errspec::__private::serde::Serialize for Code {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::errspec::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::errspec::__private::serde::Deserialize<'de> for Code {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Code, D::Error>
            where
                D: ::errspec::__private::serde::Deserializer<'de>,
            {
                struct CodeVisitor;

                impl ::errspec::__private::serde::de::Visitor<'_> for CodeVisitor {
                    type Value = Code;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a code string")
                    }

                    fn visit_str<E>(self, value: &str) -> ::core::result::Result<Code, E> {
                        ::core::result::Result::Ok(Code::parse(value))
                    }
                }

                deserializer.deserialize_str(CodeVisitor)
            }
        }
    }
}

fn emit_contract(spec: &Spec) -> TokenStream {
    let api = inline(&spec.api.name);
    let intro = doc(&format!(
        "The {api} contract, for the errspec runtime.\n\n\
         Ties [`Code`], [`Category`], [`StatusInfo`] and [`Endpoint`] together; the \
         aliases below name the runtime's types for this contract."
    ));
    quote! {
        #intro
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Api {}

        impl ::errspec::Contract for Api {
            type Code = Code;
            type Category = Category;
            type Endpoint = Endpoint;

            fn parse_code(value: &str) -> Code {
                Code::parse(value)
            }

            fn code_str(code: &Code) -> &str {
                code.as_str()
            }

            fn code_is_known(code: &Code) -> bool {
                code.is_known()
            }

            fn code_category(code: &Code) -> ::core::option::Option<Category> {
                code.category()
            }

            fn code_statuses(code: &Code) -> &'static [u16] {
                code.statuses()
            }

            fn status_category(status: u16) -> ::core::option::Option<Category> {
                StatusInfo::category_of(status)
            }

            fn category_key(category: Category) -> &'static str {
                category.key()
            }

            fn category_retry_policy(category: Category) -> ::errspec::RetryPolicy {
                category.retry_policy()
            }

            fn endpoints() -> &'static [Endpoint] {
                Endpoint::ALL
            }

            fn endpoint_rules(endpoint: Endpoint) -> &'static ::errspec::EndpointRules<Endpoint> {
                endpoint.rules()
            }

            fn routes() -> &'static [::errspec::RouteNode<Endpoint>] {
                Endpoint::ROUTES
            }
        }

        /// An error response of this API, classified by the spec: status, [`Code`]
        /// (kept verbatim), message, [`Category`], `Retry-After`, raw body and headers.
        pub type ApiError = ::errspec::ApiError<Api>;
        /// What a success response of an [`Endpoint`] really means.
        pub type Outcome = ::errspec::Outcome<Api>;
        /// Which endpoint to poll, and which fields to read, for a triggered operation.
        pub type PollPlan = ::errspec::PollPlan<Api>;
        /// The poll loop of a triggered operation, as a transport-agnostic state machine.
        pub type Poller = ::errspec::Poller<Api>;
        /// What a [`Poller`] says after one poll response.
        pub type PollStep = ::errspec::PollStep<Api>;
        /// How a polled operation ended.
        pub type PollVerdict = ::errspec::PollVerdict<Api>;
    }
}

fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

fn field_path(path: &FieldPath) -> Expr {
    Expr::Struct(
        "::errspec::FieldPath",
        vec![
            ("text", Expr::str(&path.text)),
            ("keys", Expr::strs(path.keys.iter().map(String::as_str))),
        ],
    )
}

fn scalar(value: &Scalar) -> Expr {
    match value {
        Scalar::Null => atom("::errspec::Scalar::Null"),
        Scalar::Bool(b) => atom(format!("::errspec::Scalar::Bool({b})")),
        Scalar::Int(i) => atom(format!("::errspec::Scalar::Int({i})")),
        Scalar::Str(s) => Expr::Call("::errspec::Scalar::Str", Box::new(Expr::str(s))),
    }
}

/// `::errspec::Confirm::<variant>(&rule)`.
fn confirm_rule(
    variant: &'static str,
    rule: &'static str,
    fields: Vec<(&'static str, Expr)>,
) -> Expr {
    Expr::Call(
        variant,
        Box::new(Expr::Ref(Box::new(Expr::Struct(rule, fields)))),
    )
}

fn confirm(spec: &Spec, endpoint: &Endpoint) -> Expr {
    match &endpoint.confirm {
        Confirm::Done => atom("::errspec::Confirm::Done"),
        Confirm::Items(rule) => {
            let other = match rule.other {
                Verdict::Pass => "::errspec::ItemVerdict::Pass",
                Verdict::Degrade => "::errspec::ItemVerdict::Degrade",
                Verdict::Fail => "::errspec::ItemVerdict::Fail",
            };
            let strs = |values: &[String]| Expr::strs(values.iter().map(String::as_str));
            confirm_rule(
                "::errspec::Confirm::Items",
                "::errspec::ItemsRule",
                vec![
                    ("text", Expr::str(&rule.text)),
                    ("items", field_path(&rule.items)),
                    ("field", field_path(&rule.field)),
                    ("fail", strs(&rule.fail)),
                    ("degrade", strs(&rule.degrade)),
                    ("pass", strs(&rule.pass)),
                    ("other", atom(other)),
                    (
                        "when_request",
                        Expr::option(rule.when_request.as_ref().map(field_path)),
                    ),
                ],
            )
        }
        Confirm::Poll(rule) => {
            let defer = rule.defer.iter().map(|d| {
                Expr::Struct(
                    "::errspec::Condition",
                    vec![
                        ("field", field_path(&d.field)),
                        ("equals", scalar(&d.equals)),
                        ("reason", Expr::str(d.reason.trim())),
                        ("until", Expr::option(d.until.as_deref().map(Expr::str))),
                    ],
                )
            });
            let notes = rule.notes.iter().map(|n| {
                Expr::Struct(
                    "::errspec::Note",
                    vec![
                        ("field", field_path(&n.field)),
                        ("equals", scalar(&n.equals)),
                        ("note", Expr::str(n.note.trim())),
                        ("detail", Expr::option(n.detail.as_ref().map(field_path))),
                    ],
                )
            });
            let target = &spec.endpoints[rule.endpoint].ident;
            confirm_rule(
                "::errspec::Confirm::Poll",
                "::errspec::PollRule",
                vec![
                    ("endpoint", atom(format!("Endpoint::{target}"))),
                    ("succeeded_at", field_path(&rule.succeeded_at)),
                    ("failed_at", field_path(&rule.failed_at)),
                    ("state", Expr::option(rule.state.as_ref().map(field_path))),
                    ("defer", Expr::Slice(defer.collect())),
                    ("notes", Expr::Slice(notes.collect())),
                ],
            )
        }
        Confirm::DeferredEffect {
            reason,
            until,
            verify,
        } => confirm_rule(
            "::errspec::Confirm::DeferredEffect",
            "::errspec::DeferredEffect",
            vec![
                ("reason", Expr::str(reason.trim())),
                ("until", Expr::str(until.trim())),
                ("verify", Expr::str(verify.trim())),
            ],
        ),
    }
}

/// Rows of a table of constant expressions, laid out for the 8 columns of
/// indentation of an associated constant's entries.
fn expr_rows(exprs: impl Iterator<Item = Expr>) -> String {
    let mut out = String::new();
    for expr in exprs {
        expr.write(&mut out, 8);
        out.push_str(",\n");
    }
    out
}

fn endpoint_doc(spec: &Spec, endpoint: &Endpoint) -> Vec<String> {
    let then = match &endpoint.confirm {
        Confirm::Done => "a success status means done".to_owned(),
        Confirm::Items(rule) => format!("checks `{}` of each item", inline(&rule.text)),
        Confirm::Poll(rule) => format!(
            "triggers only: poll `{}` until `{}` or `{}` moves",
            inline(&spec.endpoints[rule.endpoint].key),
            inline(&rule.succeeded_at.text),
            inline(&rule.failed_at.text)
        ),
        Confirm::DeferredEffect { until, .. } => {
            format!("takes effect later ({})", inline(until.trim()))
        }
    };
    doc_lines(&format!(
        "{}\n\n`{} {}`; success {}; {then}.",
        endpoint.description.trim(),
        endpoint.method,
        inline(&endpoint.path),
        number_list(&endpoint.success)
    ))
}

fn emit_endpoint(spec: &Spec, lists: &mut Lists) -> TokenStream {
    let api = inline(&spec.api.name);
    let intro = doc(&format!(
        "An endpoint of the {api} whose success semantics the spec describes.\n\n\
         [`Endpoint::classify`] turns a response into an [`Outcome`] (what a success \
         status really meant) or an [`ApiError`]."
    ));
    let mut rows = Rows::new();
    for e in &spec.endpoints {
        rows.doc(&endpoint_doc(spec, e)).entry(&e.ident);
    }
    // An enum or `match` without endpoints stays `{}` rather than an empty list.
    let some = |lists: &mut Lists, rows: String, tokens: TokenStream| {
        if spec.endpoints.is_empty() {
            TokenStream::new()
        } else {
            let placeholder = lists.stash(rows);
            quote!(#placeholder #tokens)
        }
    };
    let variant_rows = some(lists, rows.finish(), quote!(,));
    let all = lists.stash(rows_of(&spec.endpoints, |e| {
        format!("Endpoint::{}", e.ident)
    }));
    let rules = expr_rows(spec.endpoints.iter().map(|e| {
        let success = e.success.iter().map(|n| atom(n.to_string()));
        Expr::Struct(
            "::errspec::EndpointRules",
            vec![
                ("key", Expr::str(&e.key)),
                ("method", Expr::str(&e.method)),
                ("path", Expr::str(&e.path)),
                ("success", Expr::Slice(success.collect())),
                ("confirm", confirm(spec, e)),
            ],
        )
    }));
    let mut rule_arms = Rows::new();
    for (index, e) in spec.endpoints.iter().enumerate() {
        rule_arms.entry(&format!(
            "Endpoint::{} => &Endpoint::RULES[{index}]",
            e.ident
        ));
    }
    let rule_arms = some(lists, rule_arms.finish(), quote!(=> {}));
    // Without endpoints nothing would read the table (a dead-code warning).
    let rules_table = if spec.endpoints.is_empty() {
        TokenStream::new()
    } else {
        let rules = lists.stash(rules);
        quote! {
            /// The spec's rules for each endpoint, in spec order.
            const RULES: &'static [::errspec::EndpointRules<Endpoint>] = &[#rules];
        }
    };
    let description_arms = rows_of(&spec.endpoints, |e| {
        format!("Endpoint::{} => {}", e.ident, string(e.description.trim()))
    });
    let description_arms = some(lists, description_arms, quote!(=> {}));
    let routes = expr_rows(
        crate::routes::build(&spec.endpoints)
            .into_iter()
            .map(|node| {
                let literals = node
                    .literals
                    .iter()
                    .map(|(text, next)| Expr::Tuple(vec![Expr::str(text), atom(next.to_string())]));
                let endpoints = node.endpoints.iter().map(|(method, index)| {
                    let variant = &spec.endpoints[*index].ident;
                    Expr::Tuple(vec![
                        Expr::str(method),
                        atom(format!("Endpoint::{variant}")),
                    ])
                });
                Expr::Struct(
                    "::errspec::RouteNode",
                    vec![
                        ("literals", Expr::Slice(literals.collect())),
                        (
                            "param",
                            Expr::option(node.param.map(|next| atom(next.to_string()))),
                        ),
                        ("endpoints", Expr::Slice(endpoints.collect())),
                    ],
                )
            }),
    );
    let routes = lists.stash(routes);
    quote! {
        #intro
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Endpoint {
            #variant_rows
        }

        impl Endpoint {
            /// Every endpoint, in spec order.
            pub const ALL: &'static [Endpoint] = &[#all];

            #rules_table

            /// The spec's rules for this endpoint: method, path, success statuses and
            /// how to confirm the outcome.
            pub const fn rules(self) -> &'static ::errspec::EndpointRules<Endpoint> {
                match self {
                    #rule_arms
                }
            }

            /// The key naming this endpoint in the spec.
            pub const fn key(self) -> &'static str {
                self.rules().key
            }

            /// The HTTP method.
            pub const fn method(self) -> &'static str {
                self.rules().method
            }

            /// The path template, with `{name}` parameters.
            pub const fn path_template(self) -> &'static str {
                self.rules().path
            }

            /// The statuses that count as success.
            pub const fn success_statuses(self) -> &'static [u16] {
                self.rules().success
            }

            /// What the endpoint does.
            pub const fn description(self) -> &'static str {
                match self {
                    #description_arms
                }
            }

            /// The endpoint a spec key names, if any.
            pub fn from_key(key: &str) -> ::core::option::Option<Endpoint> {
                Endpoint::ALL.iter().copied().find(|endpoint| endpoint.key() == key)
            }

            /// The concrete path, each parameter percent-encoded as one segment.
            pub fn path(self, params: &[(&str, &str)]) -> ::core::result::Result<::std::string::String, ::errspec::PathError> {
                ::errspec::render_path(self.path_template(), params)
            }

            /// The route tree of the endpoints, root first, built by the generator.
            const ROUTES: &'static [::errspec::RouteNode<Endpoint>] = &[#routes];

            /// The endpoint a request goes to, from its method and concrete path
            /// (`POST`, `/v1/connections/abc123/sync`); a template also matches itself.
            /// Literal segments win over parameters.
            pub fn match_request(method: &str, path: &str) -> ::core::option::Option<Endpoint> {
                ::errspec::route(Endpoint::ROUTES, method, path)
            }

            /// The endpoint to poll after a success response, for triggered operations.
            pub fn poll_target(self) -> ::core::option::Option<Endpoint> {
                match self.rules().confirm {
                    ::errspec::Confirm::Poll(rule) => ::core::option::Option::Some(rule.endpoint),
                    _ => ::core::option::Option::None,
                }
            }

            /// Classifies a response of this endpoint: a success status gives the real
            /// [`Outcome`], any other an [`ApiError`]. Never panics.
            pub fn classify(
                self,
                status: u16,
                headers: ::errspec::Headers,
                body: impl ::core::convert::Into<::std::vec::Vec<u8>>,
            ) -> ::core::result::Result<Outcome, ApiError> {
                ::errspec::classify::<Api>(self, status, headers, body, ::core::option::Option::None)
            }

            /// Like [`Endpoint::classify`], honouring checks the spec ties to a request
            /// flag (they apply only when the JSON request set it to `true`).
            pub fn classify_with_request(
                self,
                request_body: &[u8],
                status: u16,
                headers: ::errspec::Headers,
                body: impl ::core::convert::Into<::std::vec::Vec<u8>>,
            ) -> ::core::result::Result<Outcome, ApiError> {
                ::errspec::classify::<Api>(self, status, headers, body, ::core::option::Option::Some(request_body))
            }
        }
    }
}
