//! Turning a validated [`Spec`] into Rust tokens and formatted source.
//!
//! The emitter is generic: everything API-specific comes from the spec as data.
//! Spec text only ever enters the output as string literals (quote escapes them),
//! never as tokens, and items follow spec order.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::model::{Category, CategoryId, RetryPolicy, Spec};
use crate::Options;

/// The generated items for a spec, as tokens.
pub fn emit(spec: &Spec, options: &Options) -> TokenStream {
    let category = emit_category(spec);
    let status = emit_status(spec);
    let code = emit_code(spec);
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
    text.trim_end()
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        })
        .collect()
}

fn category_variant(spec: &Spec, id: CategoryId) -> TokenStream {
    let variant = ident(&spec.category(id).ident);
    quote!(Category::#variant)
}

fn emit_category(spec: &Spec) -> TokenStream {
    let api = &spec.api.name;
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
        category.name,
        category.key
    ))
}

fn emit_status(spec: &Spec) -> TokenStream {
    let api = &spec.api.name;
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
                match status / 100 {
                    #( #classes )*
                    _ => ::core::option::Option::None,
                }
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
        .map(|c| format!("{}xx: {}", c.class, spec.category(c.category).name))
        .collect();
    format!(
        "Any other status falls back to its class ({}), or has no category.",
        rules.join("; ")
    )
}

fn emit_code(spec: &Spec) -> TokenStream {
    let api = &spec.api.name;
    let intro = doc(&format!(
        "A `code` value of the {api} error contract.\n\n\
         Branch on the code, not on the message. Listed codes have a variant; any other \
         value is kept verbatim in [`Code::Other`], so parsing never fails and never loses text."
    ));
    let variants: Vec<Ident> = spec.codes.iter().map(|c| ident(&c.ident)).collect();
    let docs = spec.codes.iter().map(|c| {
        let statuses: Vec<String> = c.statuses.iter().map(u16::to_string).collect();
        doc(&format!(
            "{}\n\nValue `{}`; {} {}; category {}.",
            c.description.trim(),
            c.value,
            if statuses.len() == 1 {
                "status"
            } else {
                "statuses"
            },
            statuses.join(", "),
            spec.category(c.category).name
        ))
    });
    let values: Vec<&str> = spec.codes.iter().map(|c| c.value.as_str()).collect();
    let categories = spec
        .codes
        .iter()
        .map(|c| category_variant(spec, c.category));
    let statuses = spec.codes.iter().map(|c| {
        let numbers = c.statuses.iter().map(|&n| int(n));
        quote!(&[ #( #numbers ),* ])
    });
    let descriptions = spec.codes.iter().map(|c| c.description.trim());

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
            #( #docs #variants, )*
            /// A code this spec does not list, kept verbatim.
            Other(UnknownCode),
        }

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
            pub const ALL: &'static [Code] = &[ #( Code::#variants ),* ];

            /// Reads a code value. Never fails: unlisted values become [`Code::Other`],
            /// and `Code::parse(s).as_str() == s` for every string.
            pub fn parse(value: &str) -> Code {
                match value {
                    #( #values => Code::#variants, )*
                    _ => Code::Other(UnknownCode(::std::boxed::Box::from(value))),
                }
            }

            /// The code value exactly as it appears in response bodies.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Code::#variants => #values, )*
                    Code::Other(unknown) => unknown.as_str(),
                }
            }

            /// Whether the spec lists this code.
            pub fn is_known(&self) -> bool {
                !matches!(self, Code::Other(_))
            }

            /// The code's category: a listed code's own, else that of the family its
            /// prefix matches, else `None`.
            pub fn category(&self) -> ::core::option::Option<Category> {
                match self {
                    #( Code::#variants => ::core::option::Option::Some(#categories), )*
                    Code::Other(unknown) => unknown.family_entry().map(|entry| entry.1),
                }
            }

            /// The statuses the spec documents this code with; empty for unlisted codes.
            pub fn statuses(&self) -> &'static [u16] {
                match self {
                    #( Code::#variants => #statuses, )*
                    Code::Other(_) => &[],
                }
            }

            /// What the code means: a listed code's description, else its family's.
            pub fn description(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #( Code::#variants => ::core::option::Option::Some(#descriptions), )*
                    Code::Other(unknown) => unknown.family_entry().map(|entry| entry.2),
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
