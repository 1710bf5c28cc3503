//! Comparing two versions of a spec, classified for the generated crate's users.
//!
//! Entries are matched by their spec keys: a code by its value, a category by
//! its key, a status by its number, a status class by its digit, a family by its
//! prefix and an endpoint by its key. An entry that disappears and one that
//! appears are then paired when they share a Rust name (the key changed, the
//! variant did not), and otherwise when they are the same entry under another
//! name (a rename): a code with the same statuses, category and description; a
//! category with the same name, description and retry policy; an endpoint with the
//! same method and path.
//!
//! Changes come in spec order: api, categories, statuses, status classes, codes,
//! families, envelope, endpoints; within a section in the order of the new spec, with
//! removed entries where they used to be.

use std::collections::HashMap;

use crate::model::{
    Category, CategoryId, Code, Confirm, Defer, Endpoint, Envelope, FieldPath, ItemVerdict,
    ItemsRule, Note, PathTemplate, Place, PollRule, Reschedule, RetryPolicy, Scalar, Source, Spec,
    Status,
};
use errspec_table::Segment;

/// How a change affects users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled still compiles and behaves the same.
    Compatible,
    /// Code still compiles, but behaves differently at run time.
    BehaviourChange,
    /// Code that compiled may no longer compile (or a match no longer matches).
    Breaking,
}

impl Impact {
    /// The impact in words, as [`Diff::to_text`] prints it: `compatible`,
    /// `behaviour change` or `breaking`.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::BehaviourChange => "behaviour change",
            Impact::Breaking => "breaking",
        }
    }
}

/// One difference between two specs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// How it affects users.
    pub impact: Impact,
    /// What changed, e.g. `code NotFound_Role`.
    pub subject: String,
    /// The change in words, with what users should know.
    pub detail: String,
}

/// All differences between two specs, in spec order.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The changes as text, one per line, for people: `impact: subject detail`,
    /// then a summary line with the count per impact, or `no changes`.
    pub fn to_text(&self) -> String {
        if self.changes.is_empty() {
            return "no changes\n".to_owned();
        }
        let mut text = String::new();
        for change in &self.changes {
            text.push_str(&format!(
                "{}: {} {}\n",
                change.impact.label(),
                change.subject,
                change.detail
            ));
        }
        let total = self.changes.len();
        text.push_str(&format!(
            "{total} change{}: {} breaking, {} behaviour change{}, {} compatible\n",
            if total == 1 { "" } else { "s" },
            self.count(Impact::Breaking),
            self.count(Impact::BehaviourChange),
            if self.count(Impact::BehaviourChange) == 1 {
                ""
            } else {
                "s"
            },
            self.count(Impact::Compatible),
        ));
        text
    }
}

/// The differences from `old` to `new`.
pub fn compare(old: &Spec, new: &Spec) -> Diff {
    let categories = pair(
        &old.categories,
        &new.categories,
        |c| &c.key,
        |c| &c.ident,
        |a, b| a.name == b.name && a.description == b.description && a.retry == b.retry,
    );
    let endpoints = pair(
        &old.endpoints,
        &new.endpoints,
        |e| &e.key,
        |e| &e.ident,
        |a, b| a.method == b.method && a.template().shape() == b.template().shape(),
    );
    let mut diff = Differ {
        old,
        new,
        categories,
        endpoints,
        changes: Vec::new(),
    };
    diff.api();
    diff.categories();
    diff.statuses();
    diff.status_classes();
    diff.codes();
    diff.families();
    diff.envelope();
    diff.endpoints();
    Diff {
        changes: diff.changes,
    }
}

// ---------------------------------------------------------------------------
// Pairing entries of two versions of one section.

/// How an old entry and a new one were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// Same spec key.
    Key,
    /// Different keys, same Rust name: the variant stays.
    Ident,
    /// Different keys and Rust names, same content: a rename.
    Renamed,
}

/// The pairing of one section's entries: for each old entry its new partner,
/// and the other way round.
#[derive(Clone, Debug)]
struct Pairs {
    old: Vec<Option<(usize, Link)>>,
    new: Vec<Option<(usize, Link)>>,
}

impl Pairs {
    fn link(&mut self, old: usize, new: usize, link: Link) {
        self.old[old] = Some((new, link));
        self.new[new] = Some((old, link));
    }

    /// The new index of an old entry, if it has a partner.
    fn to_new(&self, old: usize) -> Option<usize> {
        self.old[old].map(|(index, _)| index)
    }
}

/// Pairs entries by key, then the rest by Rust name, then the rest by content.
///
/// Keys and Rust names are unique within one spec (the validator sees to it), so
/// the first two passes are lookups; only entries left over are compared by content.
fn pair<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> &String,
    ident: impl Fn(&T) -> &String,
    same_content: impl Fn(&T, &T) -> bool,
) -> Pairs {
    let mut pairs = Pairs {
        old: vec![None; old.len()],
        new: vec![None; new.len()],
    };
    let by_key: &dyn Fn(&T) -> &String = &key;
    let by_ident: &dyn Fn(&T) -> &String = &ident;
    for (link, name) in [(Link::Key, by_key), (Link::Ident, by_ident)] {
        let unpaired_new: HashMap<&String, usize> = new
            .iter()
            .enumerate()
            .filter(|&(n, _)| pairs.new[n].is_none())
            .map(|(n, entry)| (name(entry), n))
            .collect();
        for (o, entry) in old.iter().enumerate() {
            if pairs.old[o].is_none() {
                if let Some(&n) = unpaired_new.get(name(entry)) {
                    pairs.link(o, n, link);
                }
            }
        }
    }
    for (o, entry) in old.iter().enumerate() {
        if pairs.old[o].is_some() {
            continue;
        }
        let partner =
            (0..new.len()).find(|&n| pairs.new[n].is_none() && same_content(entry, &new[n]));
        if let Some(n) = partner {
            pairs.link(o, n, Link::Renamed);
        }
    }
    pairs
}

/// One step through a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// An old entry without a partner.
    Removed(usize),
    /// A new entry without a partner.
    Added(usize),
    /// An old entry and its new partner.
    Kept(usize, usize, Link),
}

/// The section's entries in the new spec's order, each removed entry placed
/// before the first kept entry that followed it in the old spec.
fn events(pairs: &Pairs) -> Vec<Event> {
    let mut events = Vec::new();
    let mut next_old = 0;
    let removed = |o: usize| pairs.old[o].is_none();
    for (n, partner) in pairs.new.iter().enumerate() {
        match *partner {
            None => events.push(Event::Added(n)),
            Some((o, link)) => {
                if o >= next_old {
                    events.extend((next_old..o).filter(|&k| removed(k)).map(Event::Removed));
                    next_old = o + 1;
                }
                events.push(Event::Kept(o, n, link));
            }
        }
    }
    events.extend(
        (next_old..pairs.old.len())
            .filter(|&k| removed(k))
            .map(Event::Removed),
    );
    events
}

/// Whether entries kept under the same Rust name changed their relative order
/// (renamed entries do not count: their place is part of the rename).
fn reordered(pairs: &Pairs) -> bool {
    let order: Vec<usize> = pairs
        .new
        .iter()
        .filter_map(|partner| match partner {
            Some((o, Link::Key | Link::Ident)) => Some(*o),
            _ => None,
        })
        .collect();
    order.windows(2).any(|w| w[0] > w[1])
}

// ---------------------------------------------------------------------------
// The comparison, section by section.

struct Differ<'a> {
    old: &'a Spec,
    new: &'a Spec,
    categories: Pairs,
    endpoints: Pairs,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, impact: Impact, subject: impl Into<String>, detail: impl Into<String>) {
        self.changes.push(Change {
            impact,
            subject: subject.into(),
            detail: detail.into(),
        });
    }

    /// Whether an old category reference and a new one name the same category
    /// (the same one, or its renamed successor).
    fn same_category(&self, old: CategoryId, new: CategoryId) -> bool {
        self.categories.to_new(old.0) == Some(new.0)
    }

    fn old_key(&self, id: CategoryId) -> &str {
        &self.old.category(id).key
    }

    fn new_key(&self, id: CategoryId) -> &str {
        &self.new.category(id).key
    }

    fn api(&mut self) {
        let (old, new) = (&self.old.api, &self.new.api);
        if old.name != new.name {
            let detail = format!(
                "name changed from {} to {} (documentation only)",
                quote(&old.name),
                quote(&new.name)
            );
            self.push(Impact::Compatible, "api", detail);
        }
        if old.description != new.description {
            self.push(
                Impact::Compatible,
                "api",
                "description changed (documentation only)",
            );
        }
    }

    /// The envelope, part by part: each part's entries as text, paired by
    /// that text, so an edited entry shows as one removed and one added.
    fn envelope(&mut self) {
        let (old, new) = (&self.old.envelope, &self.new.envelope);
        let parts: [(&str, Vec<String>, Vec<String>, &str); 7] = [
            (
                "envelope code",
                sources_text(&old.code),
                sources_text(&new.code),
                "a response may now give another code",
            ),
            (
                "envelope message",
                sources_text(&old.message),
                sources_text(&new.message),
                "messages are read from other places",
            ),
            (
                "envelope details",
                details_text(old),
                details_text(new),
                "`ApiError::detail` gives other values for these names",
            ),
            (
                "envelope error_when",
                error_when_text(self.old, old),
                error_when_text(self.new, new),
                "another set of 2xx responses counts as errors",
            ),
            (
                "envelope rules",
                rules_text(self.old, old),
                rules_text(self.new, new),
                "responses may now get another category, and so another retry policy",
            ),
            (
                "envelope retry_delay",
                old.retry_delay
                    .iter()
                    .map(|d| format!("{} ({})", place_text(&d.from), d.unit.as_str()))
                    .collect(),
                new.retry_delay
                    .iter()
                    .map(|d| format!("{} ({})", place_text(&d.from), d.unit.as_str()))
                    .collect(),
                "retry delays are read from other places",
            ),
            (
                "envelope retry_advice",
                old.retry_advice
                    .iter()
                    .map(|h| format!("header {h}"))
                    .collect(),
                new.retry_advice
                    .iter()
                    .map(|h| format!("header {h}"))
                    .collect(),
                "another header may now allow or forbid a retry",
            ),
        ];
        for (subject, old_entries, new_entries, meaning) in parts {
            let pairs = pair_by_key(&old_entries, &new_entries);
            for event in events(&pairs) {
                let detail = match event {
                    Event::Added(n) => format!("added `{}`: {meaning}", new_entries[n]),
                    Event::Removed(o) => format!("removed `{}`: {meaning}", old_entries[o]),
                    Event::Kept(..) => continue,
                };
                self.push(Impact::BehaviourChange, subject, detail);
            }
            if reordered(&pairs) {
                let detail = format!("reordered (the first that holds applies): {meaning}");
                self.push(Impact::BehaviourChange, subject, detail);
            }
        }
    }

    fn categories(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        for event in events(&self.categories) {
            match event {
                Event::Added(n) => {
                    let category = &new_spec.categories[n];
                    let detail = format!(
                        "added (new variant Category::{}, retry {}; Category is #[non_exhaustive], \
                         so matches with a wildcard arm still compile)",
                        category.ident,
                        retry_word(category.retry)
                    );
                    self.push(Impact::Compatible, subject_category(category), detail);
                }
                Event::Removed(o) => {
                    let category = &old_spec.categories[o];
                    let detail = format!(
                        "removed (variant Category::{} no longer exists)",
                        category.ident
                    );
                    self.push(Impact::Breaking, subject_category(category), detail);
                }
                Event::Kept(o, n, link) => {
                    let (old, new) = (&old_spec.categories[o], &new_spec.categories[n]);
                    self.category_link(old, new, link);
                    self.category_fields(old, new);
                }
            }
        }
        if reordered(&self.categories) {
            self.push(
                Impact::BehaviourChange,
                "categories",
                "reordered (Category::ALL and the derived Ord of Category follow spec order)",
            );
        }
    }

    fn category_link(&mut self, old: &Category, new: &Category, link: Link) {
        match link {
            Link::Key => {}
            Link::Ident => {
                let detail = format!(
                    "key changed to `{}`, variant Category::{} kept (key() and from_key() change)",
                    new.key, new.ident
                );
                self.push(Impact::BehaviourChange, subject_category(old), detail);
            }
            Link::Renamed => {
                let detail = format!(
                    "renamed to `{}` (same name, description and retry policy; variant \
                     Category::{} is now Category::{})",
                    new.key, old.ident, new.ident
                );
                self.push(Impact::Breaking, subject_category(old), detail);
            }
        }
    }

    fn category_fields(&mut self, old: &Category, new: &Category) {
        let subject = subject_category(new);
        if old.retry != new.retry {
            let detail = format!(
                "retry policy changed from {} to {} (retry_policy() and is_retryable() of the \
                 category, and retry decisions for its codes and statuses, change)",
                retry_word(old.retry),
                retry_word(new.retry)
            );
            self.push(Impact::BehaviourChange, subject.clone(), detail);
        }
        if old.name != new.name {
            let detail = format!(
                "name changed from {} to {} (name() and Display text)",
                quote(&old.name),
                quote(&new.name)
            );
            self.push(Impact::Compatible, subject.clone(), detail);
        }
        if old.description != new.description {
            self.push(
                Impact::Compatible,
                subject,
                "description changed (documentation and description() text)",
            );
        }
    }

    fn statuses(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        let number = |s: &Status| s.code.to_string();
        let old_keys: Vec<String> = old_spec.statuses.iter().map(number).collect();
        let new_keys: Vec<String> = new_spec.statuses.iter().map(number).collect();
        let pairs = pair_by_key(&old_keys, &new_keys);
        for event in events(&pairs) {
            match event {
                Event::Added(n) => {
                    let status = &new_spec.statuses[n];
                    let before = fallback_text(old_spec, status.code);
                    let detail = format!(
                        "added ({} {}, category `{}`; StatusInfo::lookup({}) now finds it, and \
                         category_of({}) was {before})",
                        status.code,
                        quote(&status.reason),
                        self.new_key(status.category),
                        status.code,
                        status.code,
                    );
                    self.push(Impact::BehaviourChange, subject_status(status), detail);
                }
                Event::Removed(o) => {
                    let status = &old_spec.statuses[o];
                    let after = fallback_text(new_spec, status.code);
                    let detail = format!(
                        "removed (StatusInfo::lookup({}) now returns None, and category_of({}) \
                         is now {after} instead of `{}`)",
                        status.code,
                        status.code,
                        self.old_key(status.category)
                    );
                    self.push(Impact::BehaviourChange, subject_status(status), detail);
                }
                Event::Kept(o, n, _) => {
                    let (old, new) = (&old_spec.statuses[o], &new_spec.statuses[n]);
                    let subject = subject_status(new);
                    if old.reason != new.reason {
                        let detail = format!(
                            "reason changed from {} to {} (StatusInfo::reason)",
                            quote(&old.reason),
                            quote(&new.reason)
                        );
                        self.push(Impact::BehaviourChange, subject.clone(), detail);
                    }
                    if !self.same_category(old.category, new.category) {
                        let detail = format!(
                            "category changed from `{}` to `{}` (StatusInfo::category_of({}) and \
                             the category of its errors without a listed code change{})",
                            self.old_key(old.category),
                            self.new_key(new.category),
                            new.code,
                            retry_change(old_spec, old.category, new_spec, new.category)
                        );
                        self.push(Impact::BehaviourChange, subject.clone(), detail);
                    }
                    if old.description != new.description {
                        self.push(
                            Impact::Compatible,
                            subject,
                            "description changed (documentation and StatusInfo::description)",
                        );
                    }
                }
            }
        }
        if reordered(&pairs) {
            self.push(
                Impact::BehaviourChange,
                "statuses",
                "reordered (StatusInfo::ALL follows spec order)",
            );
        }
    }

    fn status_classes(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        let class = |c: &crate::model::StatusClass| format!("{}xx", c.class);
        let old_keys: Vec<String> = old_spec.status_classes.iter().map(class).collect();
        let new_keys: Vec<String> = new_spec.status_classes.iter().map(class).collect();
        let pairs = pair_by_key(&old_keys, &new_keys);
        for event in events(&pairs) {
            match event {
                Event::Added(n) => {
                    let fallback = &new_spec.status_classes[n];
                    let detail = format!(
                        "added (undocumented {} statuses now get category `{}` from \
                         StatusInfo::category_of instead of None)",
                        new_keys[n],
                        self.new_key(fallback.category)
                    );
                    self.push(
                        Impact::BehaviourChange,
                        format!("status class {}", new_keys[n]),
                        detail,
                    );
                }
                Event::Removed(o) => {
                    let fallback = &old_spec.status_classes[o];
                    let detail = format!(
                        "removed (undocumented {} statuses no longer get a category: \
                         StatusInfo::category_of returns None instead of `{}`)",
                        old_keys[o],
                        self.old_key(fallback.category)
                    );
                    self.push(
                        Impact::BehaviourChange,
                        format!("status class {}", old_keys[o]),
                        detail,
                    );
                }
                Event::Kept(o, n, _) => {
                    let (old, new) = (&old_spec.status_classes[o], &new_spec.status_classes[n]);
                    if !self.same_category(old.category, new.category) {
                        let detail = format!(
                            "fallback category changed from `{}` to `{}` (StatusInfo::category_of \
                             of undocumented {} statuses changes{})",
                            self.old_key(old.category),
                            self.new_key(new.category),
                            new_keys[n],
                            retry_change(old_spec, old.category, new_spec, new.category)
                        );
                        self.push(
                            Impact::BehaviourChange,
                            format!("status class {}", new_keys[n]),
                            detail,
                        );
                    }
                }
            }
        }
    }

    fn codes(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        let pairs = {
            let this = &*self;
            pair(
                &old_spec.codes,
                &new_spec.codes,
                |c| &c.value,
                |c| &c.ident,
                |a, b| {
                    a.statuses == b.statuses
                        && this.same_category(a.category, b.category)
                        && a.description == b.description
                },
            )
        };
        for event in events(&pairs) {
            match event {
                Event::Added(n) => self.code_added(&new_spec.codes[n]),
                Event::Removed(o) => self.code_removed(&old_spec.codes[o]),
                Event::Kept(o, n, link) => {
                    let (old, new) = (&old_spec.codes[o], &new_spec.codes[n]);
                    self.code_link(old, new, link);
                    self.code_fields(old, new);
                }
            }
        }
        if reordered(&pairs) {
            self.push(
                Impact::BehaviourChange,
                "codes",
                "reordered (Code::ALL and the derived Ord of Code follow spec order)",
            );
        }
    }

    fn code_added(&mut self, code: &Code) {
        let category = match self.old.family_of(&code.value) {
            Some(family) => format!(
                "; its category was `{}` from family `{}` and is now `{}`",
                self.old_key(family.category),
                family.prefix,
                self.new_key(code.category)
            ),
            None => format!(
                "; it had no category and now has `{}`",
                self.new_key(code.category)
            ),
        };
        let detail = format!(
            "added (new variant Code::{ident}; Code is #[non_exhaustive], so matches with a \
             wildcard arm still compile; but `{value}` now parses as Code::{ident} instead of \
             Code::Other(\"{value}\"), so `Other` arms that matched it no longer do{category})",
            ident = code.ident,
            value = code.value,
        );
        self.push(Impact::Compatible, subject_code(code), detail);
    }

    fn code_removed(&mut self, code: &Code) {
        let detail = format!(
            "removed (variant Code::{} no longer exists; `{}` now parses as Code::Other{})",
            code.ident,
            code.value,
            self.unlisted_category(&code.value)
        );
        self.push(Impact::Breaking, subject_code(code), detail);
    }

    /// What an unlisted value's category is in the new spec, as a clause.
    fn unlisted_category(&self, value: &str) -> String {
        match self.new.family_of(value) {
            Some(family) => format!(
                ", with category `{}` from family `{}`",
                self.new_key(family.category),
                family.prefix
            ),
            None => ", with no category".to_owned(),
        }
    }

    fn code_link(&mut self, old: &Code, new: &Code, link: Link) {
        match link {
            Link::Key => {}
            Link::Ident => {
                let detail = format!(
                    "value changed to `{}`, variant Code::{} kept (`{}` now parses as \
                     Code::Other{}; as_str(), Display and FromStr use the new value)",
                    new.value,
                    new.ident,
                    old.value,
                    self.unlisted_category(&old.value)
                );
                self.push(Impact::BehaviourChange, subject_code(old), detail);
            }
            Link::Renamed => {
                let detail = format!(
                    "renamed to `{}` (same statuses, category and description; variant Code::{} \
                     is now Code::{}, and `{}` now parses as Code::Other{})",
                    new.value,
                    old.ident,
                    new.ident,
                    old.value,
                    self.unlisted_category(&old.value)
                );
                self.push(Impact::Breaking, subject_code(old), detail);
            }
        }
    }

    fn code_fields(&mut self, old: &Code, new: &Code) {
        let subject = subject_code(new);
        if old.statuses != new.statuses {
            let detail = format!(
                "statuses changed from {} to {} (Code::{}.statuses() and \
                 ApiError::code_matches_status change)",
                list(&old.statuses),
                list(&new.statuses),
                new.ident
            );
            self.push(Impact::BehaviourChange, subject.clone(), detail);
        }
        if !self.same_category(old.category, new.category) {
            let detail = format!(
                "category changed from `{}` to `{}` (Code::{}.category() and the category of its \
                 errors change{})",
                self.old_key(old.category),
                self.new_key(new.category),
                new.ident,
                retry_change(self.old, old.category, self.new, new.category)
            );
            self.push(Impact::BehaviourChange, subject.clone(), detail);
        }
        if old.description != new.description {
            let detail = format!(
                "description changed (documentation and Code::{}.description() text)",
                new.ident
            );
            self.push(Impact::Compatible, subject, detail);
        }
    }

    fn families(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        let old_keys: Vec<String> = old_spec.families.iter().map(|f| f.prefix.clone()).collect();
        let new_keys: Vec<String> = new_spec.families.iter().map(|f| f.prefix.clone()).collect();
        let pairs = pair_by_key(&old_keys, &new_keys);
        for event in events(&pairs) {
            match event {
                Event::Added(n) => {
                    let family = &new_spec.families[n];
                    let before = match old_spec.family_of(&family.prefix) {
                        Some(shorter) => format!(
                            "`{}` from family `{}`",
                            self.old_key(shorter.category),
                            shorter.prefix
                        ),
                        None => "no category".to_owned(),
                    };
                    let detail = format!(
                        "added (unlisted codes starting with `{}` now get category `{}` and this \
                         family's description, where they had {before}; UnknownCode::family() \
                         changes)",
                        family.prefix,
                        self.new_key(family.category)
                    );
                    self.push(
                        Impact::BehaviourChange,
                        format!("family {}", family.prefix),
                        detail,
                    );
                }
                Event::Removed(o) => {
                    let family = &old_spec.families[o];
                    let after = match new_spec.family_of(&family.prefix) {
                        Some(shorter) => format!(
                            "`{}` from family `{}`",
                            self.new_key(shorter.category),
                            shorter.prefix
                        ),
                        None => "no category".to_owned(),
                    };
                    let detail = format!(
                        "removed (unlisted codes starting with `{}` now get {after} instead of \
                         `{}`; UnknownCode::family() changes)",
                        family.prefix,
                        self.old_key(family.category)
                    );
                    self.push(
                        Impact::BehaviourChange,
                        format!("family {}", family.prefix),
                        detail,
                    );
                }
                Event::Kept(o, n, _) => {
                    let (old, new) = (&old_spec.families[o], &new_spec.families[n]);
                    let subject = format!("family {}", new.prefix);
                    if !self.same_category(old.category, new.category) {
                        let detail = format!(
                            "category changed from `{}` to `{}` (Code::category() of unlisted \
                             codes starting with `{}` changes{})",
                            self.old_key(old.category),
                            self.new_key(new.category),
                            new.prefix,
                            retry_change(old_spec, old.category, new_spec, new.category)
                        );
                        self.push(Impact::BehaviourChange, subject.clone(), detail);
                    }
                    if old.description != new.description {
                        self.push(
                            Impact::Compatible,
                            subject,
                            "description changed (Code::description() text of its unlisted codes)",
                        );
                    }
                }
            }
        }
    }

    fn endpoints(&mut self) {
        let (old_spec, new_spec) = (self.old, self.new);
        for event in events(&self.endpoints.clone()) {
            match event {
                Event::Added(n) => self.endpoint_added(n),
                Event::Removed(o) => {
                    let endpoint = &old_spec.endpoints[o];
                    let detail = format!(
                        "removed (variant Endpoint::{} no longer exists; match_request no longer \
                         finds {} {})",
                        endpoint.ident, endpoint.method, endpoint.path
                    );
                    self.push(Impact::Breaking, subject_endpoint(endpoint), detail);
                }
                Event::Kept(o, n, link) => {
                    let (old, new) = (&old_spec.endpoints[o], &new_spec.endpoints[n]);
                    self.endpoint_link(old, new, link);
                    self.endpoint_fields(old, new);
                }
            }
        }
        if reordered(&self.endpoints) {
            self.push(
                Impact::BehaviourChange,
                "endpoints",
                "reordered (Endpoint::ALL and the derived Ord of Endpoint follow spec order)",
            );
        }
    }

    fn endpoint_added(&mut self, n: usize) {
        let endpoint = &self.new.endpoints[n];
        let mut detail = format!(
            "added (new variant Endpoint::{}, {} {}; Endpoint is #[non_exhaustive], so matches \
             with a wildcard arm still compile",
            endpoint.ident, endpoint.method, endpoint.path
        );
        // Requests that an existing endpoint matched and the new one now wins.
        let taken: Vec<String> = self
            .new
            .endpoints
            .iter()
            .enumerate()
            .filter(|&(other, existing)| {
                other != n
                    && self.endpoints.new[other].is_some()
                    && existing.method == endpoint.method
                    && takes_over(endpoint.template(), existing.template())
            })
            .map(|(_, existing)| format!("`{}` ({})", existing.key, existing.path))
            .collect();
        let impact = if taken.is_empty() {
            Impact::Compatible
        } else {
            detail.push_str(&format!(
                "; but match_request now gives it some requests that went to {}, since literal \
                 segments win over parameters",
                taken.join(", ")
            ));
            Impact::BehaviourChange
        };
        detail.push(')');
        self.push(impact, subject_endpoint(endpoint), detail);
    }

    fn endpoint_link(&mut self, old: &Endpoint, new: &Endpoint, link: Link) {
        match link {
            Link::Key => {}
            Link::Ident => {
                let detail = format!(
                    "key changed to `{}`, variant Endpoint::{} kept (key() and from_key() change)",
                    new.key, new.ident
                );
                self.push(Impact::BehaviourChange, subject_endpoint(old), detail);
            }
            Link::Renamed => {
                let detail = format!(
                    "renamed to `{}` (same method and path; variant Endpoint::{} is now \
                     Endpoint::{})",
                    new.key, old.ident, new.ident
                );
                self.push(Impact::Breaking, subject_endpoint(old), detail);
            }
        }
    }

    fn endpoint_fields(&mut self, old: &Endpoint, new: &Endpoint) {
        let subject = subject_endpoint(new);
        let mut semantics = Vec::new();
        if old.method != new.method {
            semantics.push(format!(
                "method changed from {} to {} (method() and match_request change)",
                old.method, new.method
            ));
        }
        if old.path != new.path {
            let params = if old.params == new.params {
                String::new()
            } else {
                format!(
                    "; path() now takes {} instead of {}",
                    names(&new.params),
                    names(&old.params)
                )
            };
            semantics.push(format!(
                "path changed from {} to {} (path_template(), path() and match_request \
                 change{params})",
                old.path, new.path
            ));
        }
        if old.success != new.success {
            semantics.push(format!(
                "success statuses changed from {} to {} (which statuses classify as success \
                 changes)",
                list(&old.success),
                list(&new.success)
            ));
        }
        semantics.extend(self.confirm_changes(&old.confirm, &new.confirm));
        for what in semantics {
            self.push(
                Impact::BehaviourChange,
                subject.clone(),
                format!("success semantics changed: {what}"),
            );
        }
        if old.description != new.description {
            self.push(
                Impact::Compatible,
                subject,
                "description changed (documentation and description() text)",
            );
        }
    }

    /// What changed in how an endpoint confirms its outcome, one entry per aspect.
    fn confirm_changes(&self, old: &Confirm, new: &Confirm) -> Vec<String> {
        match (old, new) {
            (Confirm::Done, Confirm::Done) => Vec::new(),
            (Confirm::Items(old), Confirm::Items(new)) => items_changes(old, new),
            (Confirm::Poll(old), Confirm::Poll(new)) => self.poll_changes(old, new),
            (
                Confirm::DeferredEffect {
                    reason: old_reason,
                    until: old_until,
                    verify: old_verify,
                },
                Confirm::DeferredEffect {
                    reason,
                    until,
                    verify,
                },
            ) => {
                let mut parts = Vec::new();
                if old_reason != reason {
                    parts.push(format!("reason now {}", quote(reason)));
                }
                if old_until != until {
                    parts.push(format!(
                        "until changed from {} to {}",
                        quote(old_until),
                        quote(until)
                    ));
                }
                if old_verify != verify {
                    parts.push(format!("verify now {}", quote(verify)));
                }
                if parts.is_empty() {
                    Vec::new()
                } else {
                    vec![format!(
                        "deferred effect changed (the Deferred outcome's {})",
                        parts.join("; ")
                    )]
                }
            }
            _ => vec![format!(
                "confirmation changed from {} to {} (the outcomes classify gives for success statuses change)",
                self.confirm_words(self.old, old),
                self.confirm_words(self.new, new)
            )],
        }
    }

    /// How an endpoint confirms its outcome, in a few words.
    fn confirm_words(&self, spec: &Spec, confirm: &Confirm) -> String {
        match confirm {
            Confirm::Done => "\"a success status means done\"".to_owned(),
            Confirm::Items(items) => format!("checking each item's `{}`", items.text),
            Confirm::Poll(poll) => format!(
                "polling `{}` until `{}` or `{}` moves",
                spec.endpoints[poll.endpoint].key, poll.succeeded_at.text, poll.failed_at.text
            ),
            Confirm::DeferredEffect { until, .. } => {
                format!("a deferred effect until {}", quote(until))
            }
        }
    }

    fn poll_changes(&self, old: &PollRule, new: &PollRule) -> Vec<String> {
        let mut parts = Vec::new();
        if self.endpoints.to_new(old.endpoint) != Some(new.endpoint) {
            parts.push(format!(
                "poll target changed from `{}` to `{}` (poll_target() and the Pending plan change)",
                self.old.endpoints[old.endpoint].key, self.new.endpoints[new.endpoint].key
            ));
        }
        for (name, old_field, new_field) in [
            ("succeeded_at", &old.succeeded_at, &new.succeeded_at),
            ("failed_at", &old.failed_at, &new.failed_at),
        ] {
            if old_field.text != new_field.text {
                parts.push(format!(
                    "poll field {name} changed from `{}` to `{}`",
                    old_field.text, new_field.text
                ));
            }
        }
        if old.state.as_ref().map(|f| &f.text) != new.state.as_ref().map(|f| &f.text) {
            parts.push(format!(
                "poll field state changed from {} to {}",
                optional_field(old.state.as_ref()),
                optional_field(new.state.as_ref())
            ));
        }
        if let Some(conditions) = list_changes(&old.defer, &new.defer, defer_key, defer_fields) {
            parts.push(format!("defer conditions changed: {conditions}"));
        }
        if let Some(notes) = list_changes(&old.notes, &new.notes, note_key, note_fields) {
            parts.push(format!("poll notes changed: {notes}"));
        }
        let (was, now) = (
            old.reschedule.as_ref().map(reschedule_text),
            new.reschedule.as_ref().map(reschedule_text),
        );
        if was != now {
            let text = |rule: Option<String>| rule.unwrap_or_else(|| "none".to_owned());
            parts.push(format!(
                "reschedule rule changed from {} to {}",
                text(was),
                text(now)
            ));
        }
        parts
    }
}

// ---------------------------------------------------------------------------
// Items rules.

fn items_changes(old: &ItemsRule, new: &ItemsRule) -> Vec<String> {
    let mut parts = Vec::new();
    if old.text != new.text {
        parts.push(format!(
            "checked items changed from `{}` to `{}`",
            old.text, new.text
        ));
    }
    let moved: Vec<String> = item_values(old, new)
        .into_iter()
        .filter_map(|value| {
            let (was, now) = (listed_verdict(old, &value), listed_verdict(new, &value));
            (was != now).then(|| {
                format!(
                    "`{value}` {} → {}",
                    verdict_words(was, old.other),
                    verdict_words(now, new.other)
                )
            })
        })
        .collect();
    if !moved.is_empty() {
        parts.push(format!("item values changed: {}", moved.join(", ")));
    } else if (&old.fail, &old.degrade, &old.pass) != (&new.fail, &new.degrade, &new.pass) {
        parts.push("item values reordered within their lists".to_owned());
    }
    if old.other != new.other {
        parts.push(format!(
            "unlisted item values now {} instead of {}",
            verdict_word(new.other),
            verdict_word(old.other)
        ));
    }
    let old_flag = old.when_request.as_ref().map(|f| &f.text);
    let new_flag = new.when_request.as_ref().map(|f| &f.text);
    let flag = match (old_flag, new_flag) {
        (None, Some(flag)) => Some(format!(
            "the item check now applies only when the request sets `{flag}` to true \
             (classify_with_request)"
        )),
        (Some(flag), None) => Some(format!(
            "the item check now applies to every response, not only when the request sets \
             `{flag}`"
        )),
        (Some(was), Some(now)) if was != now => Some(format!(
            "the request flag of the item check changed from `{was}` to `{now}`"
        )),
        _ => None,
    };
    parts.extend(flag);
    parts
}

/// Every value listed in either rule, in the order of the old rule, then the new.
fn item_values(old: &ItemsRule, new: &ItemsRule) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for rule in [old, new] {
        for value in rule.fail.iter().chain(&rule.degrade).chain(&rule.pass) {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
    }
    values
}

fn listed_verdict(rule: &ItemsRule, value: &str) -> Option<ItemVerdict> {
    let has = |list: &[String]| list.iter().any(|v| v == value);
    if has(&rule.fail) {
        Some(ItemVerdict::Fail)
    } else if has(&rule.degrade) {
        Some(ItemVerdict::Degrade)
    } else if has(&rule.pass) {
        Some(ItemVerdict::Pass)
    } else {
        None
    }
}

fn verdict_word(verdict: ItemVerdict) -> &'static str {
    match verdict {
        ItemVerdict::Pass => "pass",
        ItemVerdict::Degrade => "degrade",
        ItemVerdict::Fail => "fail",
    }
}

fn verdict_words(listed: Option<ItemVerdict>, other: ItemVerdict) -> String {
    match listed {
        Some(verdict) => verdict_word(verdict).to_owned(),
        None => format!("unlisted ({})", verdict_word(other)),
    }
}

// ---------------------------------------------------------------------------
// Defer conditions and notes.

/// A reschedule rule in one line: `when ... until `f` (trigger again when ...)`.
fn reschedule_text(rule: &Reschedule) -> String {
    let again = match &rule.trigger_again {
        Some(again) => format!(
            ", trigger again when {}",
            condition(&again.field, &again.equals)
        ),
        None => String::new(),
    };
    format!(
        "when {} until `{}`{again}",
        condition(&rule.when.field, &rule.when.equals),
        rule.until.text
    )
}

fn defer_key(defer: &Defer) -> String {
    condition(&defer.field, &defer.equals)
}

fn defer_fields(old: &Defer, new: &Defer) -> Vec<String> {
    let mut parts = Vec::new();
    if old.reason != new.reason {
        parts.push(format!("reason now {}", quote(&new.reason)));
    }
    if old.until != new.until {
        parts.push(format!(
            "until changed from {} to {}",
            optional_text(old.until.as_deref()),
            optional_text(new.until.as_deref())
        ));
    }
    parts
}

fn note_key(note: &Note) -> String {
    condition(&note.field, &note.equals)
}

fn note_fields(old: &Note, new: &Note) -> Vec<String> {
    let mut parts = Vec::new();
    if old.note != new.note {
        parts.push(format!("note now {}", quote(&new.note)));
    }
    let (was, now) = (old.detail.as_ref(), new.detail.as_ref());
    if was.map(|f| &f.text) != now.map(|f| &f.text) {
        parts.push(format!(
            "detail field changed from {} to {}",
            optional_field(was),
            optional_field(now)
        ));
    }
    parts
}

/// The changes between two lists of conditions keyed by `key`, as one clause, or
/// `None` when they hold the same conditions in the same order.
fn list_changes<T>(
    old: &[T],
    new: &[T],
    key: fn(&T) -> String,
    fields: fn(&T, &T) -> Vec<String>,
) -> Option<String> {
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let pairs = pair_by_key(&old_keys, &new_keys);
    let mut parts = Vec::new();
    for event in events(&pairs) {
        match event {
            Event::Added(n) => parts.push(format!("added `{}`", new_keys[n])),
            Event::Removed(o) => parts.push(format!("removed `{}`", old_keys[o])),
            Event::Kept(o, n, _) => {
                let changed = fields(&old[o], &new[n]);
                if !changed.is_empty() {
                    parts.push(format!("`{}`: {}", new_keys[n], changed.join(", ")));
                }
            }
        }
    }
    if reordered(&pairs) {
        parts.push("reordered (the first that holds applies)".to_owned());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

// ---------------------------------------------------------------------------
// Helpers.

/// A place as reports and the runtime spell it (`header retry-after`).
fn place_text(place: &Place) -> String {
    crate::lower::place(place).describe()
}

fn source_text(source: &Source) -> String {
    let mut text = place_text(&source.from);
    if let Some(before) = &source.before {
        text.push_str(&format!(" before {}", quote(before)));
    }
    if let Some(after) = &source.after {
        text.push_str(&format!(" after {}", quote(after)));
    }
    if source.trim {
        text.push_str(" trimmed");
    }
    text
}

fn sources_text(sources: &[Source]) -> Vec<String> {
    sources.iter().map(source_text).collect()
}

fn details_text(envelope: &Envelope) -> Vec<String> {
    envelope
        .details
        .iter()
        .map(|detail| {
            let sources = sources_text(&detail.sources).join(", then ");
            format!("{} from {sources}", detail.name)
        })
        .collect()
}

fn error_when_text(spec: &Spec, envelope: &Envelope) -> Vec<String> {
    envelope
        .error_when
        .iter()
        .map(|test| {
            let category = &spec.category(test.category).key;
            match &test.equals {
                Some(value) => format!("{} → {category}", condition(&test.field, value)),
                None => format!("{} exists → {category}", test.field.text),
            }
        })
        .collect()
}

fn rules_text(spec: &Spec, envelope: &Envelope) -> Vec<String> {
    envelope
        .rules
        .iter()
        .map(|rule| {
            let mut when = Vec::new();
            if !rule.status.is_empty() {
                when.push(format!("status {}", list(&rule.status)));
            }
            if let Some((name, equals)) = &rule.header {
                when.push(match equals {
                    Some(value) => format!("header {name} = {}", quote(value)),
                    None => format!("header {name} present"),
                });
            }
            if let Some((text, prefix)) = &rule.code {
                let test = if *prefix { "code starts with" } else { "code" };
                when.push(format!("{test} {}", quote(text)));
            }
            if let Some(text) = &rule.message_contains {
                when.push(format!("message contains {}", quote(text)));
            }
            format!(
                "{} → {}",
                when.join(" and "),
                spec.category(rule.category).key
            )
        })
        .collect()
}

/// Pairs two lists of unique keys by equality.
fn pair_by_key(old: &[String], new: &[String]) -> Pairs {
    pair(old, new, |k| k, |k| k, |_, _| false)
}

fn subject_category(category: &Category) -> String {
    format!("category {}", category.key)
}

fn subject_status(status: &Status) -> String {
    format!("status {}", status.code)
}

fn subject_code(code: &Code) -> String {
    format!("code {}", code.value)
}

fn subject_endpoint(endpoint: &Endpoint) -> String {
    format!("endpoint {}", endpoint.key)
}

fn retry_word(retry: RetryPolicy) -> &'static str {
    retry.as_str()
}

/// A clause on how the retry policy changes when a reference moves from one
/// category to another.
fn retry_change(old: &Spec, from: CategoryId, new: &Spec, to: CategoryId) -> String {
    let (was, now) = (old.category(from).retry, new.category(to).retry);
    if was == now {
        format!("; retry policy stays {}", retry_word(now))
    } else {
        format!(
            "; retry policy changes from {} to {}, so retry decisions change",
            retry_word(was),
            retry_word(now)
        )
    }
}

/// What `StatusInfo::category_of(status)` gives in `spec` for a status it does
/// not document: the class fallback, or none.
fn fallback_text(spec: &Spec, status: u16) -> String {
    if let Some(documented) = spec.statuses.iter().find(|s| s.code == status) {
        return format!("`{}`", spec.category(documented.category).key);
    }
    match spec.status_classes.iter().find(|c| c.class == status / 100) {
        Some(class) => format!(
            "`{}` from the {}xx fallback",
            spec.category(class.category).key,
            class.class
        ),
        None => "None".to_owned(),
    }
}

fn list(statuses: &[u16]) -> String {
    let items: Vec<String> = statuses.iter().map(u16::to_string).collect();
    format!("[{}]", items.join(", "))
}

fn names(params: &[String]) -> String {
    if params.is_empty() {
        "no parameters".to_owned()
    } else {
        let quoted: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
        quoted.join(", ")
    }
}

fn quote(text: &str) -> String {
    format!("{text:?}")
}

fn optional_text(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_owned(), quote)
}

fn optional_field(field: Option<&FieldPath>) -> String {
    field.map_or_else(|| "none".to_owned(), |f| format!("`{}`", f.text))
}

fn condition(field: &FieldPath, equals: &Scalar) -> String {
    let value = match equals {
        Scalar::Null => "null".to_owned(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Str(s) => quote(s),
    };
    format!("{} == {value}", field.text)
}

/// Whether some concrete path matches both templates and the route tree gives
/// it to `winner`: the templates fit segment by segment, and at the first place
/// where one has a literal and the other a parameter, `winner` has the literal.
fn takes_over(winner: PathTemplate<'_>, other: PathTemplate<'_>) -> bool {
    let a: Vec<Segment<'_>> = winner.segments().collect();
    let b: Vec<Segment<'_>> = other.segments().collect();
    if a.len() != b.len() {
        return false;
    }
    let is_param = |segment: &Segment<'_>| matches!(segment, Segment::Param(_));
    let fits = a
        .iter()
        .zip(&b)
        .all(|(x, y)| is_param(x) || is_param(y) || x == y);
    let first_difference = a.iter().zip(&b).find(|(x, y)| is_param(x) != is_param(y));
    fits && matches!(first_difference, Some((x, _)) if !is_param(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "\
version: 1
api: { name: Demo API, description: A small contract. }
categories:
  success: { name: Success, description: Fine., retry: never }
  not_found: { name: Not found, description: Missing., retry: never }
  server_error: { name: Server error, description: Broken., retry: backoff }
statuses:
  200: { reason: OK, description: Fine., category: success }
  404: { reason: Not Found, description: Nothing there., category: not_found }
  500: { reason: Internal Server Error, description: Broken., category: server_error }
status_classes:
  5xx: server_error
codes:
  NotFound_Role: { statuses: [404], category: not_found, description: No such role. }
  ServerError: { statuses: [500], category: server_error, description: It broke. }
families:
  - { prefix: NotFound_, category: not_found, description: Something is missing. }
endpoints:
  get_thing: { method: GET, path: '/things/{id}', success: [200], description: Reads. }
  sync_thing:
    method: POST
    path: '/things/{id}/sync'
    success: [200]
    description: Syncs.
    poll:
      endpoint: get_thing
      succeeded_at: data.succeeded_at
      failed_at: data.failed_at
      defer:
        - { field: data.paused, equals: true, reason: Paused. }
  test_thing:
    method: POST
    path: '/things/{id}/test'
    success: [200]
    description: Tests.
    items:
      each: data.tests[].status
      fail: [FAILED]
      degrade: [SKIPPED]
      pass: [PASSED]
";

    fn spec(text: &str) -> Spec {
        crate::parse_spec(text.as_bytes(), "test.yaml").unwrap_or_else(|e| panic!("{e}"))
    }

    /// The diff from BASE to BASE with `from` replaced by `to` (which must occur).
    fn diff_after(from: &str, to: &str) -> Diff {
        assert!(BASE.contains(from), "BASE lacks {from:?}");
        compare(&spec(BASE), &spec(&BASE.replacen(from, to, 1)))
    }

    fn only(diff: &Diff) -> &Change {
        assert_eq!(diff.changes.len(), 1, "{}", diff.to_text());
        &diff.changes[0]
    }

    #[test]
    fn identical_specs_have_no_changes() {
        let diff = compare(&spec(BASE), &spec(BASE));
        assert_eq!(diff, Diff::default());
        assert_eq!(diff.to_text(), "no changes\n");
        assert!(!diff.is_breaking());
    }

    #[test]
    fn an_added_code_is_compatible_but_says_other_matches_change() {
        let diff = diff_after(
            "  ServerError:",
            "  NotFound_Group: { statuses: [404], category: not_found, description: No group. }\n  ServerError:",
        );
        let change = only(&diff);
        assert_eq!(change.impact, Impact::Compatible);
        assert_eq!(change.subject, "code NotFound_Group");
        assert!(
            change.detail.contains("Code::Other(\"NotFound_Group\")"),
            "{}",
            change.detail
        );
        assert!(change.detail.contains("now parses as Code::NotFoundGroup"));
        assert!(change.detail.contains("from family `NotFound_`"));
        assert!(!diff.is_breaking());
    }

    #[test]
    fn a_removed_code_is_breaking_and_names_its_variant() {
        let diff = diff_after(
            "  NotFound_Role: { statuses: [404], category: not_found, description: No such role. }\n",
            "",
        );
        assert_eq!(
            diff.to_text(),
            "breaking: code NotFound_Role removed (variant Code::NotFoundRole no longer exists; \
             `NotFound_Role` now parses as Code::Other, with category `not_found` from family \
             `NotFound_`)\n1 change: 1 breaking, 0 behaviour changes, 0 compatible\n"
        );
        assert!(diff.is_breaking());
    }

    #[test]
    fn a_removed_and_added_code_with_the_same_content_is_a_rename() {
        let diff = diff_after("NotFound_Role:", "NotFound_Roles:");
        let change = only(&diff);
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(change.subject, "code NotFound_Role");
        assert!(change.detail.starts_with("renamed to `NotFound_Roles`"));
        assert!(change
            .detail
            .contains("Code::NotFoundRole is now Code::NotFoundRoles"));
    }

    #[test]
    fn a_new_value_with_the_same_variant_keeps_the_variant() {
        let diff = diff_after(
            "NotFound_Role: { statuses: [404], category: not_found, description: No such role. }",
            "NotFoundRole: { statuses: [404], category: not_found, description: Another text. }",
        );
        assert_eq!(diff.changes.len(), 2, "{}", diff.to_text());
        assert_eq!(diff.changes[0].impact, Impact::BehaviourChange);
        assert!(diff.changes[0]
            .detail
            .starts_with("value changed to `NotFoundRole`, variant Code::NotFoundRole kept"));
        assert_eq!(diff.changes[1].impact, Impact::Compatible);
        assert_eq!(diff.changes[1].subject, "code NotFoundRole");
    }

    #[test]
    fn a_removed_and_added_code_with_other_content_is_not_a_rename() {
        let diff = diff_after(
            "NotFound_Role: { statuses: [404], category: not_found, description: No such role. }",
            "Gone_Role: { statuses: [404], category: not_found, description: Gone. }",
        );
        let impacts: Vec<(Impact, &str)> = diff
            .changes
            .iter()
            .map(|c| (c.impact, c.subject.as_str()))
            .collect();
        assert_eq!(
            impacts,
            [
                (Impact::Compatible, "code Gone_Role"),
                (Impact::Breaking, "code NotFound_Role"),
            ]
        );
    }

    #[test]
    fn code_fields_are_classified_separately() {
        let diff = diff_after(
            "ServerError: { statuses: [500], category: server_error, description: It broke. }",
            "ServerError: { statuses: [404], category: not_found, description: Gone. }",
        );
        let impacts: Vec<Impact> = diff.changes.iter().map(|c| c.impact).collect();
        assert_eq!(
            impacts,
            [
                Impact::BehaviourChange,
                Impact::BehaviourChange,
                Impact::Compatible
            ]
        );
        assert!(diff.changes[0].detail.contains("from [500] to [404]"));
        assert!(diff.changes[1]
            .detail
            .contains("retry policy changes from backoff to never"));
    }

    #[test]
    fn categories_added_removed_and_retried() {
        let added = diff_after(
            "categories:\n",
            "categories:\n  gone: { name: Gone, description: Gone., retry: never }\n",
        );
        assert_eq!(only(&added).impact, Impact::Compatible);
        assert!(only(&added).detail.contains("Category::Gone"));

        let retry = diff_after("Broken., retry: backoff", "Broken., retry: retry_after");
        assert_eq!(only(&retry).impact, Impact::BehaviourChange);
        assert!(only(&retry).detail.contains("from backoff to retry_after"));

        let name = diff_after("name: Server error", "name: Server failure");
        assert_eq!(only(&name).impact, Impact::Compatible);

        let spare = BASE.replacen(
            "categories:\n",
            "categories:\n  gone: { name: Gone, description: Gone., retry: never }\n",
            1,
        );
        let removed = compare(&spec(&spare), &spec(BASE));
        assert_eq!(only(&removed).impact, Impact::Breaking);
        assert!(only(&removed)
            .detail
            .contains("Category::Gone no longer exists"));
    }

    #[test]
    fn a_renamed_category_is_one_breaking_change_not_one_per_reference() {
        let text = BASE.replace("server_error", "failure");
        let diff = compare(&spec(BASE), &spec(&text));
        assert_eq!(
            only(&diff).detail,
            "renamed to `failure` (same name, description and retry policy; variant \
             Category::ServerError is now Category::Failure)"
        );
    }

    #[test]
    fn statuses_and_fallbacks_are_behaviour_changes() {
        let added = diff_after(
            "status_classes:",
            "  503: { reason: Unavailable, description: Later., category: server_error }\nstatus_classes:",
        );
        assert_eq!(only(&added).impact, Impact::BehaviourChange);
        assert!(only(&added)
            .detail
            .contains("`server_error` from the 5xx fallback"));

        let reason = diff_after("reason: Not Found", "reason: Missing");
        assert_eq!(only(&reason).impact, Impact::BehaviourChange);

        let description = diff_after("Nothing there.", "Nothing at all.");
        assert_eq!(only(&description).impact, Impact::Compatible);

        let class = diff_after("5xx: server_error", "5xx: not_found");
        assert_eq!(only(&class).impact, Impact::BehaviourChange);
        assert_eq!(only(&class).subject, "status class 5xx");

        let gone = diff_after("status_classes:\n  5xx: server_error\n", "");
        assert_eq!(only(&gone).impact, Impact::BehaviourChange);
    }

    #[test]
    fn families_change_behaviour_except_their_description() {
        let category = diff_after(
            "prefix: NotFound_, category: not_found",
            "prefix: NotFound_, category: server_error",
        );
        assert_eq!(only(&category).impact, Impact::BehaviourChange);
        let removed = diff_after(
            "families:\n  - { prefix: NotFound_, category: not_found, description: Something is missing. }\n",
            "",
        );
        assert_eq!(only(&removed).impact, Impact::BehaviourChange);
        assert!(only(&removed).detail.contains("now get no category"));
        let description = diff_after("Something is missing.", "Absent.");
        assert_eq!(only(&description).impact, Impact::Compatible);
    }

    #[test]
    fn endpoints_added_removed_renamed() {
        let added = diff_after(
            "endpoints:\n",
            "endpoints:\n  list_things: { method: GET, path: /things, success: [200], description: Lists. }\n",
        );
        assert_eq!(only(&added).impact, Impact::Compatible);

        let test_thing = &BASE[BASE.find("  test_thing:").unwrap()..];
        let removed = diff_after(test_thing, "");
        assert_eq!(only(&removed).impact, Impact::Breaking);
        assert_eq!(
            only(&removed).detail,
            "removed (variant Endpoint::TestThing no longer exists; match_request no longer \
             finds POST /things/{id}/test)"
        );

        let renamed = BASE.replace("get_thing", "read_thing");
        let diff = compare(&spec(BASE), &spec(&renamed));
        assert_eq!(only(&diff).impact, Impact::Breaking);
        assert!(only(&diff).detail.starts_with("renamed to `read_thing`"));

        let keyed = BASE.replace("get_thing", "GetThing");
        let diff = compare(&spec(BASE), &spec(&keyed));
        assert_eq!(only(&diff).impact, Impact::BehaviourChange);
        assert!(only(&diff).detail.contains("Endpoint::GetThing kept"));
    }

    #[test]
    fn an_added_endpoint_that_takes_requests_from_another_changes_behaviour() {
        let diff = diff_after(
            "endpoints:\n",
            "endpoints:\n  search: { method: GET, path: /things/search, success: [200], description: Finds. }\n",
        );
        assert_eq!(only(&diff).impact, Impact::BehaviourChange);
        assert!(
            only(&diff).detail.contains("went to `get_thing`"),
            "{}",
            only(&diff).detail
        );
    }

    #[test]
    fn endpoint_semantics_name_what_changed() {
        let success = diff_after(
            "success: [200], description: Reads.",
            "success: [200, 202], description: Reads.",
        );
        assert_eq!(only(&success).impact, Impact::BehaviourChange);
        assert!(only(&success).detail.starts_with(
            "success semantics changed: success statuses changed from [200] to [200, 202]"
        ));

        let method = diff_after(
            "method: GET, path: '/things/{id}'",
            "method: PUT, path: '/things/{id}'",
        );
        assert!(only(&method)
            .detail
            .contains("method changed from GET to PUT"));

        let path = diff_after("path: '/things/{id}/test'", "path: '/things/{thing}/check'");
        assert!(
            only(&path)
                .detail
                .contains("path() now takes `thing` instead of `id`"),
            "{}",
            only(&path).detail
        );
    }

    #[test]
    fn item_values_moves_are_listed() {
        let diff = diff_after(
            "      fail: [FAILED]\n      degrade: [SKIPPED]",
            "      fail: [FAILED, SKIPPED, CANCELLED]\n      degrade: []",
        );
        assert_eq!(
            only(&diff).detail,
            "success semantics changed: item values changed: `SKIPPED` degrade → fail, \
             `CANCELLED` unlisted (degrade) → fail"
        );
    }

    #[test]
    fn poll_rules_name_what_changed() {
        let diff = diff_after("reason: Paused. }", "reason: Paused., until: resumed }");
        assert_eq!(
            only(&diff).detail,
            "success semantics changed: defer conditions changed: `data.paused == true`: until \
             changed from none to \"resumed\""
        );
        let diff = diff_after(
            "succeeded_at: data.succeeded_at",
            "succeeded_at: data.done_at",
        );
        assert!(only(&diff).detail.contains("poll field succeeded_at"));
    }

    #[test]
    fn a_new_poll_target_is_named_but_a_renamed_one_is_not() {
        let diff = diff_after("      endpoint: get_thing", "      endpoint: test_thing");
        assert_eq!(
            only(&diff).detail,
            "success semantics changed: poll target changed from `get_thing` to `test_thing` \
             (poll_target() and the Pending plan change)"
        );
        let renamed = BASE.replace("get_thing", "read_thing");
        let diff = compare(&spec(BASE), &spec(&renamed));
        assert!(only(&diff).detail.starts_with("renamed to `read_thing`"));
    }

    #[test]
    fn a_change_of_confirmation_kind_is_named() {
        let diff = diff_after(
            "description: Reads. }",
            "description: Reads., deferred_effect: { reason: Later., until: tomorrow, verify: Read it. } }",
        );
        assert_eq!(
            only(&diff).detail,
            "success semantics changed: confirmation changed from \"a success status means \
             done\" to a deferred effect until \"tomorrow\" (the outcomes classify gives for \
             success statuses change)"
        );
    }

    #[test]
    fn reordering_codes_is_reported_once() {
        let text = BASE.replacen(
            "  NotFound_Role: { statuses: [404], category: not_found, description: No such role. }\n  ServerError: { statuses: [500], category: server_error, description: It broke. }\n",
            "  ServerError: { statuses: [500], category: server_error, description: It broke. }\n  NotFound_Role: { statuses: [404], category: not_found, description: No such role. }\n",
            1,
        );
        assert_ne!(text, BASE);
        let diff = compare(&spec(BASE), &spec(&text));
        assert_eq!(only(&diff).subject, "codes");
        assert_eq!(only(&diff).impact, Impact::BehaviourChange);
    }

    #[test]
    fn removed_entries_keep_their_place() {
        let pairs = pair_by_key(
            &["a".into(), "b".into(), "c".into(), "d".into()],
            &["a".into(), "x".into(), "c".into()],
        );
        assert_eq!(
            events(&pairs),
            [
                Event::Kept(0, 0, Link::Key),
                Event::Added(1),
                Event::Removed(1),
                Event::Kept(2, 2, Link::Key),
                Event::Removed(3),
            ]
        );
    }

    #[test]
    fn route_precedence() {
        let template = |text| PathTemplate::parse(text).unwrap();
        assert!(takes_over(
            template("/things/search"),
            template("/things/{id}")
        ));
        assert!(!takes_over(
            template("/things/{id}"),
            template("/things/search")
        ));
        assert!(!takes_over(
            template("/things/search"),
            template("/things/{id}/sync")
        ));
        assert!(!takes_over(
            template("/other/search"),
            template("/things/{id}")
        ));
    }

    #[test]
    fn the_summary_counts_each_impact() {
        let text = BASE
            .replacen("name: Demo API", "name: Demo", 1)
            .replacen("reason: Not Found", "reason: Missing", 1)
            .replacen("Nothing there.", "Nothing.", 1)
            .replacen("NotFound_Role:", "Gone:", 1);
        let diff = compare(&spec(BASE), &spec(&text));
        let last = diff.to_text().lines().last().unwrap().to_owned();
        assert_eq!(
            last,
            "4 changes: 1 breaking, 1 behaviour change, 2 compatible"
        );
    }
}
