//! Checking `envelope:`: sources, detail codes, errors inside 2xx, match
//! rules and delay sources, each problem located at its value.

use std::ops::Range;

use super::{scalar, Validator};
use crate::diagnostic::Diagnostic;
use crate::model::{DelaySource, DelayUnit, Detail, Envelope, ErrorWhen, MatchRule, Place, Source};
use crate::naming::closest;
use crate::raw::{RawDelaySource, RawEnvelope, RawErrorWhen, RawMatchRule, RawSource, Spanned};

impl Validator {
    /// The spec's envelope: [`Envelope::default`] without the section, and
    /// the default of each list the section leaves out.
    pub(super) fn envelope(&mut self, raw: Option<&RawEnvelope>) -> Envelope {
        let default = Envelope::default();
        let Some(raw) = raw else { return default };
        let code = match &raw.code {
            Some(sources) => self.sources(sources),
            None => default.code,
        };
        let message = match &raw.message {
            Some(sources) => self.sources(sources),
            None => default.message,
        };
        let details = self.details(raw);
        let error_when = raw
            .error_when
            .iter()
            .filter_map(|test| self.error_when(&test.span, &test.value))
            .collect();
        let rules = self.match_rules(&raw.rules);
        let retry_delay = match &raw.retry_delay {
            Some(sources) => sources
                .iter()
                .filter_map(|source| self.delay_source(&source.span, &source.value))
                .collect(),
            None => default.retry_delay,
        };
        let retry_advice = raw
            .retry_advice
            .as_ref()
            .and_then(|name| self.header_name(name));
        Envelope {
            code,
            message,
            details,
            error_when,
            rules,
            retry_delay,
            retry_advice,
        }
    }

    fn sources(&mut self, sources: &[Spanned<RawSource>]) -> Vec<Source> {
        sources
            .iter()
            .filter_map(|entry| {
                let source = &entry.value;
                let from = self.place(&entry.span, &source.header, &source.body, "source")?;
                let before = self.cut(&source.before, "before")?;
                let after = self.cut(&source.after, "after")?;
                Some(Source {
                    from,
                    before,
                    after,
                    trim: source.trim.unwrap_or(false),
                })
            })
            .collect()
    }

    /// A cleanup's text: `Some(None)` when absent, `None` (with a diagnostic)
    /// when empty.
    fn cut(&mut self, text: &Option<Spanned<String>>, key: &str) -> Option<Option<String>> {
        let Some(text) = text else { return Some(None) };
        if text.value.is_empty() {
            let span = self.span(text);
            self.error(
                Diagnostic::new(format!("`{key}:` is empty"), span)
                    .with_label("cuts at nothing")
                    .with_help(format!("name the text to cut at, or leave `{key}:` out")),
            );
            return None;
        }
        Some(Some(text.value.clone()))
    }

    /// Exactly one of `header:` and `body:`.
    fn place(
        &mut self,
        entry: &Range<usize>,
        header: &Option<Spanned<String>>,
        body: &Option<Spanned<String>>,
        what: &str,
    ) -> Option<Place> {
        match (header, body) {
            (Some(header), None) => self.header_name(header).map(Place::Header),
            (None, Some(body)) => self.field_path(body).map(Place::Body),
            (Some(header), Some(body)) => {
                let span = self.span(body);
                let other = self.span(header);
                self.error(
                    Diagnostic::new(
                        format!("a {what} names both a header and a body field"),
                        span,
                    )
                    .with_related(other, "the header")
                    .with_help("write one place per list entry; list both to try them in order"),
                );
                None
            }
            (None, None) => {
                self.error(
                    Diagnostic::new(format!("a {what} names no place"), entry.clone())
                        .with_help("give it `header: <name>` or `body: <field path>`"),
                );
                None
            }
        }
    }

    /// A header name: an HTTP token (RFC 9110), kept in lower case.
    pub(super) fn header_name(&mut self, name: &Spanned<String>) -> Option<String> {
        let is_tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if !name.value.is_empty() && name.value.chars().all(is_tchar) {
            return Some(name.value.to_ascii_lowercase());
        }
        let span = self.span(name);
        let problem = if name.value.is_empty() {
            "a header name is empty".to_owned()
        } else {
            format!("`{}` is not a header name", name.value)
        };
        self.error(
            Diagnostic::new(problem, span)
                .with_label("not an HTTP token")
                .with_help(
                    "header names are letters, digits and `!#$%&'*+-.^_`|~`, e.g. `retry-after`",
                ),
        );
        None
    }

    fn details(&mut self, raw: &RawEnvelope) -> Vec<Detail> {
        let mut details = Vec::new();
        for (name, sources) in &raw.details.0 {
            let ok = name.value.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                let span = self.span(name);
                self.error(
                    Diagnostic::new(
                        format!("detail code name `{}` is not snake_case", name.value),
                        span,
                    )
                    .with_label("names the detail in reports and in `ApiError::detail`")
                    .with_help("use lower-case letters, digits and `_`, e.g. `decline_code`"),
                );
                continue;
            }
            if sources.is_empty() {
                let span = self.span(name);
                self.error(
                    Diagnostic::new(format!("detail code `{}` has no source", name.value), span)
                        .with_help("list where it is, e.g. `- body: error.decline_code`"),
                );
                continue;
            }
            let sources = self.sources(sources);
            details.push(Detail {
                name: name.value.clone(),
                sources,
            });
        }
        details
    }

    fn error_when(&mut self, entry: &Range<usize>, test: &RawErrorWhen) -> Option<ErrorWhen> {
        let field = self.field_path(&test.field);
        let category = self.category_ref(&test.category);
        let equals = match (&test.equals, &test.exists) {
            (Some(value), None) => Some(scalar(value)),
            (None, Some(exists)) if exists.value => None,
            (None, Some(exists)) => {
                let span = self.span(exists);
                self.error(
                    Diagnostic::new("`exists: false` tests nothing", span)
                        .with_help("write `exists: true`, or test a value with `equals:`"),
                );
                return None;
            }
            (Some(_), Some(exists)) => {
                let span = self.span(exists);
                self.error(
                    Diagnostic::new("a test has both `equals:` and `exists:`", span)
                        .with_help("keep one: `equals:` tests a value, `exists: true` presence"),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    Diagnostic::new(
                        "a test of a 2xx body has neither `equals:` nor `exists:`",
                        entry.clone(),
                    )
                    .with_help("add `equals: <value>` or `exists: true`"),
                );
                return None;
            }
        };
        Some(ErrorWhen {
            field: field?,
            equals,
            category: category?,
        })
    }

    fn match_rules(&mut self, raw: &[Spanned<RawMatchRule>]) -> Vec<MatchRule> {
        let mut rules: Vec<(MatchRule, Range<usize>)> = Vec::new();
        for entry in raw {
            let (rule, span) = (&entry.value, entry.span.clone());
            let category = self.category_ref(&rule.category);
            let mut ok = true;
            let mut status = Vec::new();
            for number in &rule.status {
                match self.status_number(number) {
                    Some(number) => status.push(number),
                    None => ok = false,
                }
            }
            let header = match (&rule.header, &rule.header_equals) {
                (None, None) => None,
                (Some(name), equals) => match self.header_name(name) {
                    Some(name) => Some((name, equals.as_ref().map(|v| v.value.trim().to_owned()))),
                    None => {
                        ok = false;
                        None
                    }
                },
                (None, Some(equals)) => {
                    let at = self.span(equals);
                    self.error(
                        Diagnostic::new("`header_equals:` without `header:`", at)
                            .with_help("name the header the value belongs to with `header:`"),
                    );
                    ok = false;
                    None
                }
            };
            let code = match (&rule.code, &rule.code_prefix) {
                (None, None) => None,
                (Some(code), None) => Some((code.value.clone(), false)),
                (None, Some(prefix)) => Some((prefix.value.clone(), true)),
                (Some(_), Some(prefix)) => {
                    let at = self.span(prefix);
                    self.error(
                        Diagnostic::new("a rule has both `code:` and `code_prefix:`", at)
                            .with_help("keep one; a code always starts with itself"),
                    );
                    ok = false;
                    None
                }
            };
            for text in [&rule.code, &rule.code_prefix, &rule.message_contains]
                .into_iter()
                .flatten()
            {
                if text.value.is_empty() {
                    let at = self.span(text);
                    self.error(
                        Diagnostic::new("a rule tests for empty text", at)
                            .with_label("every value has it")
                            .with_help("write the text to test for, or leave the key out"),
                    );
                    ok = false;
                }
            }
            let message_contains = rule.message_contains.as_ref().map(|m| m.value.clone());
            if ok
                && status.is_empty()
                && header.is_none()
                && code.is_none()
                && message_contains.is_none()
            {
                self.error(
                    Diagnostic::new("a match rule has no condition", span.clone())
                        .with_label("would set this category for every response")
                        .with_help(
                            "give it `status:`, `header:`, `code:`, `code_prefix:` or \
                             `message_contains:`",
                        ),
                );
                ok = false;
            }
            let (Some(category), true) = (category, ok) else {
                continue;
            };
            let rule = MatchRule {
                status,
                header,
                code,
                message_contains,
                category,
            };
            if let Some((_, earlier)) = rules.iter().find(|(earlier, _)| shadows(earlier, &rule)) {
                let earlier = earlier.clone();
                self.error(
                    Diagnostic::new("this match rule is never reached", span.clone())
                        .with_label("every response it matches, an earlier rule matches first")
                        .with_related(earlier, "the earlier rule")
                        .with_help("move it above the earlier rule, or remove it"),
                );
                continue;
            }
            rules.push((rule, span));
        }
        rules.into_iter().map(|(rule, _)| rule).collect()
    }

    fn delay_source(
        &mut self,
        entry: &Range<usize>,
        source: &RawDelaySource,
    ) -> Option<DelaySource> {
        let from = self.place(entry, &source.header, &source.body, "delay source");
        let unit = DelayUnit::from_spec(&source.unit.value);
        if unit.is_none() {
            let span = self.span(&source.unit);
            let names = DelayUnit::ALL.map(DelayUnit::as_str);
            let mut d =
                Diagnostic::new(format!("unknown delay unit `{}`", source.unit.value), span)
                    .with_label("not a unit errspec reads");
            d = match closest(&source.unit.value, names) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!("units: {}", names.join(", "))),
            };
            self.error(d);
        }
        Some(DelaySource {
            from: from?,
            unit: unit?,
        })
    }
}

/// Whether `earlier` matches every response `later` matches, so `later`
/// never decides: each condition of `earlier` is absent or implied by one of
/// `later`.
fn shadows(earlier: &MatchRule, later: &MatchRule) -> bool {
    let status = earlier.status.is_empty()
        || (!later.status.is_empty() && later.status.iter().all(|s| earlier.status.contains(s)));
    let header = match (&earlier.header, &later.header) {
        (None, _) => true,
        (Some((name, want)), Some((other, value))) => {
            name == other && (want.is_none() || want == value)
        }
        (Some(_), None) => false,
    };
    let code = match (&earlier.code, &later.code) {
        (None, _) => true,
        (Some((text, false)), Some((other, false))) => text == other,
        (Some((prefix, true)), Some((other, _))) => other.starts_with(prefix.as_str()),
        _ => false,
    };
    let message = match (&earlier.message_contains, &later.message_contains) {
        (None, _) => true,
        (Some(needle), Some(other)) => other
            .to_ascii_lowercase()
            .contains(&needle.to_ascii_lowercase()),
        (Some(_), None) => false,
    };
    status && header && code && message
}
