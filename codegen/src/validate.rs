//! Checking a raw spec and building the [`Spec`] model.
//!
//! The validator reports every problem it finds, each located at the offending
//! value, rather than stopping at the first.

mod envelope;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Api, Category, CategoryId, Code, Condition, Confirm, Defer, Endpoint, Family, FieldPath,
    ItemVerdict, ItemsRule, Note, PathTemplate, PollRule, Reschedule, RetryPolicy, Scalar, Spec,
    Status, StatusClass,
};
use crate::naming::{closest, type_name};
use crate::raw::{
    RawCode, RawEndpoint, RawItems, RawPoll, RawRetry, RawScalar, RawSpec, RawVerdict, Spanned,
};

/// The only spec format version this errspec reads.
pub const SPEC_VERSION: i64 = 1;

/// At most this many diagnostics are kept; a spec with thousands of the same
/// mistake gets a readable report (and the count of the rest).
pub const MAX_DIAGNOSTICS: usize = 50;

/// Variant names the generator itself uses in `Code`.
const RESERVED_CODE_NAMES: &[&str] = &["Other"];

/// Checks a raw spec against the rules of the format. On failure, the first
/// [`MAX_DIAGNOSTICS`] problems and the number of further ones.
pub fn validate(raw: RawSpec) -> Result<Spec, (Vec<Diagnostic>, usize)> {
    let mut v = Validator {
        diagnostics: Vec::new(),
        suppressed: 0,
        declared_statuses: std::collections::HashSet::new(),
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
    let envelope = v.envelope(raw.envelope.as_ref());
    let endpoints = v.endpoints(&raw);
    if !v.diagnostics.is_empty() {
        return Err((v.diagnostics, v.suppressed));
    }
    Ok(Spec {
        api: Api {
            name: raw.api.name,
            description: prose(&raw.api.description),
        },
        categories,
        statuses,
        status_classes,
        codes,
        families,
        envelope,
        endpoints,
    })
}

/// HTTP methods an endpoint may use.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

struct Validator {
    diagnostics: Vec<Diagnostic>,
    suppressed: usize,
    /// Status numbers under `statuses:`, valid or not in other respects.
    declared_statuses: std::collections::HashSet<u16>,
    category_ids: HashMap<String, CategoryId>,
    category_keys: Vec<String>,
}

impl Validator {
    fn error(&mut self, diagnostic: Diagnostic) {
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        } else {
            self.suppressed += 1;
        }
    }

    fn span<T>(&self, value: &Spanned<T>) -> Range<usize> {
        value.span.clone()
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
                description: prose(&category.description),
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
            if let Some(code) = code {
                // Declared even if its category is wrong, so codes listing it
                // are not also reported.
                self.declared_statuses.insert(code);
            }
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
                description: prose(&status.description),
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
        // Categories a success response can have: those of documented 2xx statuses
        // and of the 2xx class fallback.
        let success: Vec<CategoryId> = statuses
            .iter()
            .filter(|s| is_success(s.code))
            .map(|s| s.category)
            .chain(raw_success_class(raw, &self.category_ids))
            .collect();
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
                } else if !self.declared_statuses.contains(&number) {
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
                // With errors inside 2xx responses (`envelope.error_when`), an
                // error code may come with a 2xx status: that is how it arrives.
                let errors_in_success = raw
                    .envelope
                    .as_ref()
                    .is_some_and(|envelope| !envelope.error_when.is_empty());
                if !errors_in_success || success.contains(&category) {
                    self.check_success_agrees(&value.value, code, &numbers, category, &success);
                }
                codes.push(Code {
                    value: value.value.clone(),
                    ident,
                    statuses: numbers,
                    category,
                    description: prose(&code.description),
                });
            }
        }
        codes
    }

    /// A code that comes with 2xx statuses is a success code and must have a
    /// success category; any other code is an error code and must not. Mixing
    /// the two would make `ApiError` and `Outcome` disagree about the same body.
    /// (Not checked for error codes of a spec whose envelope finds errors
    /// inside 2xx responses.)
    fn check_success_agrees(
        &mut self,
        value: &str,
        code: &RawCode,
        numbers: &[u16],
        category: CategoryId,
        success: &[CategoryId],
    ) {
        let located = |number: u16| code.statuses.iter().find(|s| s.value == i64::from(number));
        let first_success = numbers.iter().copied().find(|&n| is_success(n));
        let first_error = numbers.iter().copied().find(|&n| !is_success(n));
        let category_key = &self.category_keys[category.0];
        let problem = match (first_success, first_error) {
            (Some(ok), Some(error)) => Some((
                error,
                format!("code `{value}` comes with both {ok} and {error}"),
                "list only success (2xx) statuses or only error statuses for one code".to_owned(),
            )),
            (Some(ok), None) if !success.contains(&category) => Some((
                ok,
                format!("error code `{value}` (category `{category_key}`) is listed on success status {ok}"),
                "give it a category that 2xx statuses use, or list it on its error status".to_owned(),
            )),
            (None, Some(error)) if success.contains(&category) => Some((
                error,
                format!("success code `{value}` (category `{category_key}`) is listed on error status {error}"),
                "give it an error category, or list it on a 2xx status".to_owned(),
            )),
            _ => None,
        };
        if let Some((number, message, help)) = problem {
            let span = located(number).map_or(0..0, |s| self.span(s));
            self.error(Diagnostic::new(message, span).with_help(help));
        }
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
                    description: prose(&family.description),
                },
                span,
            ));
        }
        families.into_iter().map(|(family, _)| family).collect()
    }

    fn endpoints(&mut self, raw: &RawSpec) -> Vec<Endpoint> {
        let keys: Vec<&str> = raw
            .endpoints
            .0
            .iter()
            .map(|(k, _)| k.value.as_str())
            .collect();
        let mut names = NameSet::default();
        let mut routes: HashMap<(String, String), (String, Range<usize>)> = HashMap::new();
        let mut endpoints = Vec::with_capacity(keys.len());
        for (key, endpoint) in &raw.endpoints.0 {
            let key_span = self.span(key);
            let ident = type_name(&key.value);
            if let Err(d) = names.claim(&ident, &key.value, key_span.clone()) {
                self.error(d);
            }
            let method = endpoint.method.value.clone();
            if !METHODS.contains(&method.as_str()) {
                let span = self.span(&endpoint.method);
                self.error(
                    Diagnostic::new(
                        format!("`{method}` is not an HTTP method errspec knows"),
                        span,
                    )
                    .with_help(format!("use one of {}", METHODS.join(", "))),
                );
            }
            let template = &endpoint.path.value;
            let (params, shape) = match PathTemplate::parse(template) {
                Ok(parsed) => (parsed.params().map(str::to_owned).collect(), parsed.shape()),
                Err(problem) => {
                    let span = self.span(&endpoint.path);
                    let message = format!("path `{template}` {problem}");
                    self.error(Diagnostic::new(message, span).with_label("path template"));
                    (Vec::new(), template.clone())
                }
            };
            let route = (method.clone(), shape);
            if let Some((first, first_span)) = routes.get(&route) {
                let (first, first_span) = (first.clone(), first_span.clone());
                let span = self.span(&endpoint.path);
                self.error(
                    Diagnostic::new(
                        format!("`{}` has the same method and path as `{first}`", key.value),
                        span,
                    )
                    .with_related(first_span, format!("`{first}` is here")),
                );
            } else {
                routes.insert(route, (key.value.clone(), self.span(&endpoint.path)));
            }
            let success = self.success_statuses(&key.value, key_span.clone(), endpoint);
            let confirm = self.confirm(raw, &keys, &key.value, key_span, endpoint);
            endpoints.push(Endpoint {
                key: key.value.clone(),
                ident,
                method,
                path: endpoint.path.value.clone(),
                params,
                success,
                description: prose(&endpoint.description),
                confirm,
            });
        }
        endpoints
    }

    fn success_statuses(
        &mut self,
        key: &str,
        key_span: Range<usize>,
        endpoint: &RawEndpoint,
    ) -> Vec<u16> {
        if endpoint.success.is_empty() {
            self.error(
                Diagnostic::new(
                    format!("endpoint `{key}` lists no success status"),
                    key_span,
                )
                .with_help("list the statuses that count as success, e.g. `success: [200]`"),
            );
        }
        let mut success = Vec::new();
        for status in &endpoint.success {
            let Some(number) = self.status_number(status) else {
                continue;
            };
            if !(200..300).contains(&number) {
                let span = self.span(status);
                self.error(
                    Diagnostic::new(format!("success status {number} is not a 2xx status"), span)
                        .with_help(
                        "other statuses are errors, classified by the codes and statuses sections",
                    ),
                );
            } else if !success.contains(&number) {
                success.push(number);
            }
        }
        success
    }

    fn confirm(
        &mut self,
        raw: &RawSpec,
        keys: &[&str],
        key: &str,
        key_span: Range<usize>,
        endpoint: &RawEndpoint,
    ) -> Confirm {
        let ways = usize::from(endpoint.items.is_some())
            + usize::from(endpoint.poll.is_some())
            + usize::from(endpoint.deferred_effect.is_some());
        if ways > 1 {
            self.error(
                Diagnostic::new(
                    format!("endpoint `{key}` confirms its outcome in more than one way"),
                    key_span.clone(),
                )
                .with_help("keep one of `items`, `poll` and `deferred_effect`"),
            );
        }
        if let Some(items) = &endpoint.items {
            if let Some(rule) = self.items_rule(items) {
                return Confirm::Items(rule);
            }
        } else if let Some(poll) = &endpoint.poll {
            if let Some(rule) = self.poll_rule(raw, keys, key, poll) {
                return Confirm::Poll(rule);
            }
        } else if let Some(effect) = &endpoint.deferred_effect {
            return Confirm::DeferredEffect {
                reason: prose(&effect.reason),
                until: prose(&effect.until),
                verify: prose(&effect.verify),
            };
        }
        Confirm::Done
    }

    /// A field path (of a body, or of a request), or `None` with a diagnostic
    /// at the value.
    fn field_path(&mut self, text: &Spanned<String>) -> Option<FieldPath> {
        match parse_field_path(&text.value) {
            Ok(path) => Some(path),
            Err(problem) => {
                let span = self.span(text);
                self.error(
                    Diagnostic::new(problem, span)
                        .with_label("field path")
                        .with_help(
                            "write keys separated by dots (`data.status.sync_state`); `key[0]` \
                             or `key[field=value]` picks an array element, `key*` follows a \
                             member as deep as it goes",
                        ),
                );
                None
            }
        }
    }

    fn items_rule(&mut self, items: &RawItems) -> Option<ItemsRule> {
        let each = match items.each.value.split_once("[].") {
            Some((array, field)) if !field.contains("[]") => {
                let array = parse_field_path(array);
                let field = parse_field_path(field);
                array.and_then(|a| field.map(|f| (a, f)))
            }
            _ => Err(format!(
                "`{}` does not name one array and a field inside its items",
                items.each.value
            )),
        };
        let (array, field) = match each {
            Ok(pair) => pair,
            Err(problem) => {
                let span = self.span(&items.each);
                self.error(
                    Diagnostic::new(problem, span)
                        .with_label("item path")
                        .with_help(
                        "write the array, `[]`, then the field, e.g. `data.setup_tests[].status`",
                    ),
                );
                return None;
            }
        };
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (list, name) in [
            (&items.fail, "fail"),
            (&items.degrade, "degrade"),
            (&items.pass, "pass"),
        ] {
            for value in list {
                if let Some(first) = seen.insert(value.value.as_str(), name) {
                    let span = self.span(value);
                    self.error(Diagnostic::new(
                        format!(
                            "`{}` is listed under both `{first}` and `{name}`",
                            value.value
                        ),
                        span,
                    ));
                }
            }
        }
        let when_request = match &items.when_request {
            Some(text) => Some(self.field_path(text)?),
            None => None,
        };
        let strings = |list: &[Spanned<String>]| list.iter().map(|v| v.value.clone()).collect();
        Some(ItemsRule {
            text: items.each.value.clone(),
            items: array,
            field,
            fail: strings(&items.fail),
            degrade: strings(&items.degrade),
            pass: strings(&items.pass),
            other: match items.other.unwrap_or(RawVerdict::Degrade) {
                RawVerdict::Pass => ItemVerdict::Pass,
                RawVerdict::Degrade => ItemVerdict::Degrade,
                RawVerdict::Fail => ItemVerdict::Fail,
            },
            when_request,
        })
    }

    fn poll_rule(
        &mut self,
        raw: &RawSpec,
        keys: &[&str],
        key: &str,
        poll: &RawPoll,
    ) -> Option<PollRule> {
        let target = &poll.endpoint;
        let span = self.span(target);
        let index = keys.iter().position(|k| *k == target.value);
        let index = match index {
            None => {
                let mut d = Diagnostic::new(format!("undefined endpoint `{}`", target.value), span)
                    .with_label("not a key under `endpoints:`");
                if let Some(best) = closest(&target.value, keys.iter().copied()) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                }
                self.error(d);
                None
            }
            Some(_) if target.value == key => {
                self.error(
                    Diagnostic::new(format!("endpoint `{key}` polls itself"), span)
                        .with_help("poll the endpoint that reads the operation's state"),
                );
                None
            }
            Some(index) if raw.endpoints.0[index].1.poll.is_some() => {
                self.error(
                    Diagnostic::new(
                        format!(
                            "`{}` is itself polled, so it cannot be a poll target",
                            target.value
                        ),
                        span,
                    )
                    .with_help(
                        "poll an endpoint whose success response is final; chains could loop",
                    ),
                );
                None
            }
            Some(index) => Some(index),
        };
        let succeeded_at = self.field_path(&poll.succeeded_at);
        let failed_at = self.field_path(&poll.failed_at);
        let state = poll.state.as_ref().map(|text| self.field_path(text));
        let mut defer = Vec::new();
        for condition in &poll.defer {
            if let Some(field) = self.field_path(&condition.field) {
                defer.push(Defer {
                    field,
                    equals: scalar(&condition.equals),
                    reason: prose(&condition.reason),
                    until: condition.until.as_deref().map(prose),
                });
            }
        }
        let mut notes = Vec::new();
        for note in &poll.notes {
            let field = self.field_path(&note.field);
            let detail = note.detail.as_ref().map(|text| self.field_path(text));
            if let (Some(field), Some(detail)) = (field, detail.map_or(Some(None), |d| d.map(Some)))
            {
                notes.push(Note {
                    field,
                    equals: scalar(&note.equals),
                    note: prose(&note.note),
                    detail,
                });
            }
        }
        // Each field path is checked (and reported) even when another is bad.
        let reschedule = match &poll.reschedule {
            None => Some(None),
            Some(raw) => {
                let field = self.field_path(&raw.field);
                let until = self.field_path(&raw.until);
                let trigger_again = match &raw.trigger_again {
                    None => Some(None),
                    Some(condition) => self.field_path(&condition.field).map(|field| {
                        Some(Condition {
                            field,
                            equals: scalar(&condition.equals),
                        })
                    }),
                };
                match (field, until, trigger_again) {
                    (Some(field), Some(until), Some(trigger_again)) => Some(Some(Reschedule {
                        when: Condition {
                            field,
                            equals: scalar(&raw.equals),
                        },
                        until,
                        trigger_again,
                    })),
                    _ => None,
                }
            }
        };
        Some(PollRule {
            endpoint: index?,
            succeeded_at: succeeded_at?,
            failed_at: failed_at?,
            state: state.map_or(Some(None), |s| s.map(Some))?,
            defer,
            notes,
            reschedule: reschedule?,
        })
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

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The category of the `2xx` status class, if the spec declares one.
fn raw_success_class(raw: &RawSpec, ids: &HashMap<String, CategoryId>) -> Option<CategoryId> {
    raw.status_classes
        .0
        .iter()
        .find(|(class, _)| class.value == "2xx")
        .and_then(|(_, category)| ids.get(&category.value).copied())
}

fn scalar(raw: &RawScalar) -> Scalar {
    match raw {
        RawScalar::Null => Scalar::Null,
        RawScalar::Bool(b) => Scalar::Bool(*b),
        RawScalar::Int(i) => Scalar::Int(*i),
        RawScalar::Str(s) => Scalar::Str(s.clone()),
    }
}

/// Checks a field path against the one grammar ([`errspec_table::FieldPath`]);
/// keys may not start or end with whitespace either.
pub(crate) fn parse_field_path(text: &str) -> Result<FieldPath, String> {
    if let Err(error) = errspec_table::FieldPath::parse(text) {
        return Err(if text.is_empty() {
            "a field path is empty".to_owned()
        } else {
            format!(
                "field path `{text}`: {} at byte {}",
                error.problem.trim_start_matches("the path "),
                error.at
            )
        });
    }
    if let Some(bad) = text.split('.').find(|key| key.trim() != *key) {
        return Err(format!("field path `{text}` has a malformed key `{bad}`"));
    }
    Ok(FieldPath {
        text: text.to_owned(),
    })
}

/// Spec prose as every consumer sees it: without surrounding whitespace, so
/// that an edit of whitespace alone changes neither the generated code nor a diff.
fn prose(text: &str) -> String {
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_split_on_dots() {
        assert_eq!(parse_field_path("data.status").unwrap().text, "data.status");
        assert!(parse_field_path("error.details[@type=x.y].reason").is_ok());
        for bad in ["", ".a", "a.", "a..b", "a[].b", " a", "a[x]"] {
            assert!(parse_field_path(bad).is_err(), "{bad:?}");
        }
    }
}
