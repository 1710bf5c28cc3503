//! Checking a raw spec and building the [`Spec`] model.
//!
//! The validator reports every problem it finds, each located at the offending
//! value, rather than stopping at the first.

use std::collections::HashMap;
use std::ops::Range;

use serde_saphyr::Spanned;

use crate::diagnostic::Diagnostic;
use crate::load::span_of;
use crate::model::{
    Api, Category, CategoryId, Code, Family, RetryPolicy, Spec, Status, StatusClass,
};
use crate::naming::{closest, type_name};
use crate::raw::{RawRetry, RawSpec};

/// The only spec format version this errspec reads.
pub const SPEC_VERSION: i64 = 1;

/// Variant names the generator itself uses in `Code`.
const RESERVED_CODE_NAMES: &[&str] = &["Other"];

/// Checks a raw spec against the rules of the format.
pub fn validate(source: &str, raw: RawSpec) -> Result<Spec, Vec<Diagnostic>> {
    let mut v = Validator {
        source,
        diagnostics: Vec::new(),
        category_ids: HashMap::new(),
        category_keys: Vec::new(),
    };
    if raw.version.value != SPEC_VERSION {
        let span = v.span(&raw.version);
        v.error(
            Diagnostic::new(
                format!("unsupported spec version {}", raw.version.value),
                span,
            )
            .with_label("this errspec reads version 1")
            .with_help("set `version: 1`"),
        );
    }
    let categories = v.categories(&raw);
    let statuses = v.statuses(&raw);
    let status_classes = v.status_classes(&raw);
    let codes = v.codes(&raw, &statuses);
    let families = v.families(&raw);
    if !v.diagnostics.is_empty() {
        return Err(v.diagnostics);
    }
    Ok(Spec {
        api: Api {
            name: raw.api.name,
            description: raw.api.description,
        },
        categories,
        statuses,
        status_classes,
        codes,
        families,
    })
}

struct Validator<'s> {
    source: &'s str,
    diagnostics: Vec<Diagnostic>,
    category_ids: HashMap<String, CategoryId>,
    category_keys: Vec<String>,
}

impl Validator<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn span<T>(&self, value: &Spanned<T>) -> Range<usize> {
        span_of(self.source, &value.referenced)
    }

    fn categories(&mut self, raw: &RawSpec) -> Vec<Category> {
        let mut names = NameSet::default();
        let mut categories = Vec::with_capacity(raw.categories.0.len());
        for (key, category) in &raw.categories.0 {
            let span = self.span(key);
            let ident = type_name(&key.value);
            if let Err(d) = names.claim(&ident, &key.value, span) {
                self.error(d);
            }
            self.category_ids
                .insert(key.value.clone(), CategoryId(categories.len()));
            self.category_keys.push(key.value.clone());
            categories.push(Category {
                key: key.value.clone(),
                ident,
                name: category.name.clone(),
                description: category.description.clone(),
                retry: match category.retry {
                    RawRetry::Never => RetryPolicy::Never,
                    RawRetry::RetryAfter => RetryPolicy::RetryAfter,
                    RawRetry::Backoff => RetryPolicy::Backoff,
                },
            });
        }
        categories
    }

    /// Resolves a category reference; `None` (with a diagnostic) when undefined.
    fn category_ref(&mut self, reference: &Spanned<String>) -> Option<CategoryId> {
        if let Some(id) = self.category_ids.get(&reference.value) {
            return Some(*id);
        }
        let mut d = Diagnostic::new(
            format!("undefined category `{}`", reference.value),
            self.span(reference),
        )
        .with_label("not a key under `categories:`");
        let keys = self.category_keys.iter().map(String::as_str);
        d = match closest(&reference.value, keys) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None => d.with_help(format!(
                "defined categories: {}",
                self.category_keys.join(", ")
            )),
        };
        self.error(d);
        None
    }

    /// Checks a status number is within 100–599.
    fn status_number(&mut self, value: &Spanned<i64>) -> Option<u16> {
        match u16::try_from(value.value) {
            Ok(n) if (100..=599).contains(&n) => Some(n),
            _ => {
                let span = self.span(value);
                self.error(
                    Diagnostic::new(format!("status {} is outside 100–599", value.value), span)
                        .with_label("not an HTTP status"),
                );
                None
            }
        }
    }

    fn statuses(&mut self, raw: &RawSpec) -> Vec<Status> {
        let mut seen: HashMap<u16, Range<usize>> = HashMap::new();
        let mut statuses = Vec::with_capacity(raw.statuses.0.len());
        for (number, status) in &raw.statuses.0 {
            let code = self.status_number(number);
            let category = self.category_ref(&status.category);
            let span = self.span(number);
            let (Some(code), Some(category)) = (code, category) else {
                continue;
            };
            if let Some(first) = seen.get(&code) {
                let first = first.clone();
                self.error(
                    Diagnostic::new(format!("status {code} is listed twice"), span)
                        .with_related(first, "first listed here"),
                );
                continue;
            }
            seen.insert(code, span);
            statuses.push(Status {
                code,
                reason: status.reason.clone(),
                description: status.description.clone(),
                category,
            });
        }
        statuses
    }

    fn status_classes(&mut self, raw: &RawSpec) -> Vec<StatusClass> {
        let mut classes: Vec<StatusClass> = Vec::new();
        for (key, category) in &raw.status_classes.0 {
            let category = self.category_ref(category);
            let class = match key.value.as_bytes() {
                [digit @ b'1'..=b'5', b'x', b'x'] => Some(u16::from(digit - b'0')),
                _ => {
                    let span = self.span(key);
                    self.error(
                        Diagnostic::new(format!("`{}` is not a status class", key.value), span)
                            .with_help("status classes are written `1xx` to `5xx`"),
                    );
                    None
                }
            };
            if let (Some(class), Some(category)) = (class, category) {
                classes.push(StatusClass { class, category });
            }
        }
        classes
    }

    fn codes(&mut self, raw: &RawSpec, statuses: &[Status]) -> Vec<Code> {
        let mut names = NameSet::default();
        for reserved in RESERVED_CODE_NAMES {
            names.reserve(reserved);
        }
        let mut codes = Vec::with_capacity(raw.codes.0.len());
        for (value, code) in &raw.codes.0 {
            let span = self.span(value);
            let ident = type_name(&value.value);
            if let Err(d) = names.claim(&ident, &value.value, span.clone()) {
                self.error(d);
            }
            if code.statuses.is_empty() {
                self.error(
                    Diagnostic::new(format!("code `{}` lists no status", value.value), span)
                        .with_help("list the statuses it comes with, e.g. `statuses: [404]`"),
                );
            }
            let mut numbers = Vec::with_capacity(code.statuses.len());
            for status in &code.statuses {
                let Some(number) = self.status_number(status) else {
                    continue;
                };
                let status_span = self.span(status);
                if numbers.contains(&number) {
                    self.error(Diagnostic::new(
                        format!("status {number} is listed twice for code `{}`", value.value),
                        status_span,
                    ));
                } else if !statuses.iter().any(|s| s.code == number) {
                    self.error(
                        Diagnostic::new(format!("undefined status {number}"), status_span)
                            .with_label("not a key under `statuses:`")
                            .with_help(format!("document {number} under `statuses:` first")),
                    );
                } else {
                    numbers.push(number);
                }
            }
            let category = self.category_ref(&code.category);
            if let Some(category) = category {
                codes.push(Code {
                    value: value.value.clone(),
                    ident,
                    statuses: numbers,
                    category,
                    description: code.description.clone(),
                });
            }
        }
        codes
    }

    fn families(&mut self, raw: &RawSpec) -> Vec<Family> {
        let mut families: Vec<(Family, Range<usize>)> = Vec::new();
        for family in &raw.families {
            let span = self.span(&family.prefix);
            let category = self.category_ref(&family.category);
            if family.prefix.value.is_empty() {
                self.error(
                    Diagnostic::new("a family prefix is empty", span)
                        .with_help("an empty prefix would claim every code"),
                );
                continue;
            }
            let Some(category) = category else { continue };
            let prefix = &family.prefix.value;
            // Nested prefixes are allowed when they agree: otherwise the category
            // of a code such as `NotFound_X` would depend on which rule wins.
            let clash = families.iter().find(|(other, _)| {
                (prefix.starts_with(&other.prefix) || other.prefix.starts_with(prefix.as_str()))
                    && (other.category != category || &other.prefix == prefix)
            });
            if let Some((other, other_span)) = clash {
                let message = if &other.prefix == prefix {
                    format!("family prefix `{prefix}` is listed twice")
                } else {
                    format!(
                        "families `{}` and `{prefix}` overlap with different categories",
                        other.prefix
                    )
                };
                let other_span = other_span.clone();
                self.error(
                    Diagnostic::new(message, span)
                        .with_related(other_span, "the other family")
                        .with_help("give overlapping families the same category, or merge them"),
                );
                continue;
            }
            families.push((
                Family {
                    prefix: prefix.clone(),
                    category,
                    description: family.description.clone(),
                },
                span,
            ));
        }
        families.into_iter().map(|(family, _)| family).collect()
    }
}

/// Generated identifiers already taken in one namespace, for collision errors.
#[derive(Default)]
struct NameSet {
    taken: HashMap<String, (String, Option<Range<usize>>)>,
}

impl NameSet {
    fn reserve(&mut self, ident: &str) {
        self.taken
            .insert(ident.to_owned(), (ident.to_owned(), None));
    }

    fn claim(&mut self, ident: &str, value: &str, span: Range<usize>) -> Result<(), Diagnostic> {
        match self.taken.get(ident) {
            None => {
                self.taken
                    .insert(ident.to_owned(), (value.to_owned(), Some(span)));
                Ok(())
            }
            Some((_, None)) => Err(Diagnostic::new(
                format!("`{value}` would be named `{ident}`, which errspec reserves"),
                span,
            )
            .with_help("rename the entry; the generator uses this name itself")),
            Some((first, Some(first_span))) => Err(Diagnostic::new(
                format!("`{value}` and `{first}` would both be named `{ident}` in Rust"),
                span,
            )
            .with_related(first_span.clone(), format!("`{first}` is here"))
            .with_help("rename one of them; errspec never renames silently")),
        }
    }
}
