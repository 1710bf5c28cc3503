//! A deterministic generator of errspec specs at scale.
//!
//! [`ScaleSpec::build`] makes a valid spec with `codes` codes and `endpoints`
//! endpoints that looks like a real API's contract: code values such as
//! `NotFound_Warehouse82`, `Connector_4412_QuotaExceeded` or
//! `InvalidInput_SyncFrequency7`, 8 to 40 characters long, spread over eight
//! categories, several statuses and a few families; endpoint paths such as
//! `/v1/groups/{groupId}/users/{userId}` with 2 to 6 segments, sharing prefixes,
//! under four methods, with a mix of plain, `items`, `poll` and
//! `deferred_effect` rules.
//!
//! Everything comes from one fixed-seed SplitMix64, so the same sizes always give
//! the same bytes. The file is shared with the build script (`#[path]` include),
//! so it uses only `std`.

use std::collections::HashSet;
use std::fmt::Write as _;

/// The benchmarked sizes as `(codes, endpoints)`.
pub const SIZES: [(usize, usize); 3] = [(10, 10), (1000, 100), (10000, 1000)];

/// The number of endpoints that goes with a code count in [`SIZES`].
pub fn endpoints_for(codes: usize) -> usize {
    SIZES
        .iter()
        .find(|(c, _)| *c == codes)
        .map_or(codes / 10, |(_, e)| *e)
}

/// A small fixed-seed PRNG (SplitMix64), written here so the output can never
/// change with a dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Shuffles a slice in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A category: key, display name, retry policy.
pub const CATEGORIES: [(&str, &str, &str); 8] = [
    ("success", "Success", "never"),
    ("validation", "Validation", "never"),
    ("authentication", "Authentication", "never"),
    ("authorization", "Authorization", "never"),
    ("not_found", "Not found", "never"),
    ("conflict", "Conflict", "never"),
    ("rate_limiting", "Rate limiting", "retry_after"),
    ("server_error", "Server error", "backoff"),
];

/// Documented statuses: number, reason, category key.
const STATUSES: [(u16, &str, &str); 19] = [
    (200, "OK", "success"),
    (201, "Created", "success"),
    (202, "Accepted", "success"),
    (204, "No Content", "success"),
    (400, "Bad Request", "validation"),
    (401, "Unauthorized", "authentication"),
    (403, "Forbidden", "authorization"),
    (404, "Not Found", "not_found"),
    (405, "Method Not Allowed", "validation"),
    (409, "Conflict", "conflict"),
    (410, "Gone", "not_found"),
    (412, "Precondition Failed", "conflict"),
    (415, "Unsupported Media Type", "validation"),
    (422, "Unprocessable Entity", "validation"),
    (429, "Too Many Requests", "rate_limiting"),
    (500, "Internal Server Error", "server_error"),
    (502, "Bad Gateway", "server_error"),
    (503, "Service Unavailable", "server_error"),
    (504, "Gateway Timeout", "server_error"),
];

/// Families: prefix, category key.
pub const FAMILIES: [(&str, &str); 5] = [
    ("NotFound_", "not_found"),
    ("InvalidInput_", "validation"),
    ("Forbidden_", "authorization"),
    ("RateLimit_", "rate_limiting"),
    ("Internal_", "server_error"),
];

/// The Fivetran contract's own codes: every size starts with them, so a typical
/// `NotFound_Connector` body is a listed code at every size.
const CORE_CODES: [(&str, &[u16], &str, &str); 10] = [
    (
        "Success",
        &[200, 201],
        "success",
        "The request was carried out.",
    ),
    (
        "InvalidInput",
        &[400],
        "validation",
        "At least one field of the request is invalid.",
    ),
    (
        "Unauthorized",
        &[401],
        "authentication",
        "The API key and secret are missing or do not match.",
    ),
    (
        "Forbidden",
        &[403],
        "authorization",
        "The caller lacks the permission this action needs.",
    ),
    (
        "NotFound_Connector",
        &[404],
        "not_found",
        "There is no connection with the given id.",
    ),
    (
        "NotFound_Role",
        &[404],
        "not_found",
        "There is no role with the given name.",
    ),
    (
        "RoleExists",
        &[409],
        "conflict",
        "The user already holds this role on this resource.",
    ),
    (
        "AlreadyInSync",
        &[409],
        "conflict",
        "A sync is running; the operation has to wait until it ends.",
    ),
    (
        "TooManyRequests",
        &[429],
        "rate_limiting",
        "A rate limit was exceeded; wait as Retry-After says.",
    ),
    (
        "ServerError",
        &[500],
        "server_error",
        "The API failed unexpectedly.",
    ),
];

const THINGS: [&str; 32] = [
    "Connector",
    "Connection",
    "Destination",
    "Group",
    "User",
    "Team",
    "Role",
    "Webhook",
    "Certificate",
    "Fingerprint",
    "Transformation",
    "Project",
    "Schema",
    "Table",
    "Column",
    "Log",
    "Metadata",
    "Account",
    "Key",
    "Secret",
    "Job",
    "Run",
    "Model",
    "Pipeline",
    "Warehouse",
    "Bucket",
    "Region",
    "Quota",
    "Invoice",
    "Policy",
    "Tunnel",
    "Agent",
];

/// Connector problems: suffix, category key, statuses.
const PROBLEMS: [(&str, &str, &[u16]); 12] = [
    ("QuotaExceeded", "rate_limiting", &[429]),
    ("AuthFailed", "authentication", &[401]),
    ("PermissionDenied", "authorization", &[403]),
    ("SchemaMismatch", "validation", &[400, 422]),
    ("Timeout", "server_error", &[504]),
    ("Unavailable", "server_error", &[503]),
    ("AlreadyRunning", "conflict", &[409]),
    ("Missing", "not_found", &[404]),
    ("Gone", "not_found", &[410]),
    ("InvalidConfig", "validation", &[400]),
    ("VersionConflict", "conflict", &[409, 412]),
    ("UpstreamError", "server_error", &[502]),
];

const FIELDS: [&str; 18] = [
    "Name",
    "Email",
    "Schedule",
    "SyncFrequency",
    "Timezone",
    "Region",
    "Config",
    "Port",
    "Host",
    "Password",
    "Cursor",
    "Limit",
    "Offset",
    "PageSize",
    "GroupId",
    "Paused",
    "TrustCertificates",
    "DailySyncTime",
];

const SCOPES: [&str; 7] = [
    "Account",
    "Api",
    "Connector",
    "User",
    "Burst",
    "Daily",
    "Hourly",
];

const ACTIONS: [&str; 8] = [
    "Create", "Modify", "Delete", "Sync", "Invite", "Read", "Export", "Rotate",
];

const SUBSYSTEMS: [&str; 9] = [
    "Scheduler",
    "Storage",
    "Queue",
    "Database",
    "Cache",
    "Worker",
    "Dns",
    "Proxy",
    "Vault",
];

/// One listed code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDef {
    /// The value as it appears in response bodies.
    pub value: String,
    /// Documented statuses.
    pub statuses: Vec<u16>,
    /// Index into the spec's categories.
    pub category: usize,
    /// What the code means.
    pub description: String,
}

/// How an endpoint confirms its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A success status means done.
    Plain,
    /// Check each setup test; `when_request` ties the check to a request flag.
    Items {
        /// Whether the check applies only when the request set `run_setup_tests`.
        when_request: bool,
    },
    /// Trigger then poll this endpoint (by key); `defer` adds a paused condition.
    Poll {
        /// The polled endpoint's key.
        target: String,
        /// Whether a paused resource defers the operation.
        defer: bool,
    },
    /// Accepted now, effective later.
    DeferredEffect,
}

/// One endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointDef {
    /// The spec key (`get_connection`).
    pub key: String,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: String,
    /// Success statuses.
    pub success: u16,
    /// What it does.
    pub description: String,
    /// How it confirms its outcome.
    pub rule: Rule,
}

/// A generated spec: its codes and endpoints; [`ScaleSpec::to_yaml`] writes it.
#[derive(Clone, Debug)]
pub struct ScaleSpec {
    /// Listed codes, in spec order.
    pub codes: Vec<CodeDef>,
    /// Endpoints, in spec order.
    pub endpoints: Vec<EndpointDef>,
}

/// The key that two values would share a Rust name under: their ASCII letters
/// and digits, lowercased. Distinct keys give distinct generated names.
pub fn name_key(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn category_index(key: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|(k, _, _)| *k == key)
        .expect("a known category")
}

/// A number with 1 to 5 digits, so values vary in length.
fn number(rng: &mut Rng) -> u32 {
    let digits = 1 + rng.below(5) as u32;
    let low = if digits == 1 {
        0
    } else {
        10u32.pow(digits - 1)
    };
    low + rng.below((10u32.pow(digits) - low) as usize) as u32
}

/// One candidate code (value, statuses, category key, description); may be too
/// long or already taken, the caller checks.
fn candidate(rng: &mut Rng) -> (String, Vec<u16>, &'static str, String) {
    let n = number(rng);
    match rng.below(100) {
        0..=21 => {
            let thing = rng.pick(&THINGS);
            let status = if rng.below(8) == 0 { 410 } else { 404 };
            (
                format!("NotFound_{thing}{n}"),
                vec![status],
                "not_found",
                format!(
                    "There is no {} {n} with the given id.",
                    thing.to_lowercase()
                ),
            )
        }
        22..=43 => {
            let (problem, category, statuses) = *rng.pick(&PROBLEMS);
            (
                format!("Connector_{n}_{problem}"),
                statuses.to_vec(),
                category,
                format!("Connector {n} reported {problem} while talking to its source."),
            )
        }
        44..=57 => {
            let field = rng.pick(&FIELDS);
            let statuses = if rng.below(3) == 0 {
                vec![400, 422]
            } else {
                vec![400]
            };
            (
                format!("InvalidInput_{field}{n}"),
                statuses,
                "validation",
                format!("The field {field} is invalid ({n}); the message says why."),
            )
        }
        58..=63 => {
            let scope = rng.pick(&SCOPES);
            (
                format!("RateLimit_{scope}{n}"),
                vec![429],
                "rate_limiting",
                format!("The {} rate limit {n} was hit.", scope.to_lowercase()),
            )
        }
        64..=71 => {
            let action = rng.pick(&ACTIONS);
            let thing = rng.pick(&THINGS);
            (
                format!("Forbidden_{action}{thing}{n}"),
                vec![403],
                "authorization",
                format!(
                    "The caller may not {} this {}.",
                    action.to_lowercase(),
                    thing.to_lowercase()
                ),
            )
        }
        72..=79 => {
            let thing = rng.pick(&THINGS);
            let statuses = if rng.below(4) == 0 {
                vec![409, 412]
            } else {
                vec![409]
            };
            (
                format!("{thing}Conflict{n}"),
                statuses,
                "conflict",
                format!(
                    "The {} is in a state that clashes with the request.",
                    thing.to_lowercase()
                ),
            )
        }
        80..=87 => {
            let subsystem = rng.pick(&SUBSYSTEMS);
            let statuses = match rng.below(3) {
                0 => vec![500],
                1 => vec![500, 503],
                _ => vec![502],
            };
            (
                format!("Internal_{subsystem}_{n}"),
                statuses,
                "server_error",
                format!(
                    "The {} failed; retry with backoff.",
                    subsystem.to_lowercase()
                ),
            )
        }
        88..=91 => {
            let problem = *rng.pick(&["KeyExpired", "KeyRevoked", "BadSignature", "Mfa"]);
            (
                format!("Auth_{n}_{problem}"),
                vec![401],
                "authentication",
                format!("Authentication failed: {problem}."),
            )
        }
        92..=94 => {
            // Short values.
            let (category, status) = *rng.pick(&[
                ("validation", 400u16),
                ("conflict", 409),
                ("server_error", 500),
                ("not_found", 404),
            ]);
            (
                format!("Err{n:05}"),
                vec![status],
                category,
                format!("Error {n}."),
            )
        }
        95..=96 => {
            let thing = rng.pick(&THINGS);
            let status = *rng.pick(&[200u16, 201, 202]);
            (
                format!("{thing}Accepted{n}"),
                vec![status],
                "success",
                format!("The {} request {n} was accepted.", thing.to_lowercase()),
            )
        }
        _ => {
            // Long values.
            let thing = rng.pick(&THINGS);
            let field = rng.pick(&FIELDS);
            let (problem, category, statuses) = *rng.pick(&PROBLEMS);
            (
                format!("Destination_{thing}{field}_{n}_{problem}"),
                statuses.to_vec(),
                category,
                format!(
                    "The destination's {} {field} check {n} failed: {problem}.",
                    thing.to_lowercase()
                ),
            )
        }
    }
}

/// Endpoint resources: plural segment, singular word, id parameter.
const RESOURCES: [(&str, &str, &str); 16] = [
    ("connections", "connection", "connectionId"),
    ("groups", "group", "groupId"),
    ("destinations", "destination", "destinationId"),
    ("users", "user", "userId"),
    ("teams", "team", "teamId"),
    ("roles", "role", "roleId"),
    ("webhooks", "webhook", "webhookId"),
    ("transformations", "transformation", "transformationId"),
    ("certificates", "certificate", "certificateId"),
    ("connectors", "connector", "connectorId"),
    ("projects", "project", "projectId"),
    ("private-links", "private_link", "privateLinkId"),
    ("proxy-agents", "proxy_agent", "agentId"),
    ("external-logging", "log_service", "logServiceId"),
    ("system-keys", "system_key", "keyId"),
    ("accounts", "account", "accountId"),
];

/// Sub-resources: plural segment, singular word, id parameter.
const SUBS: [(&str, &str, &str); 14] = [
    ("schemas", "schema", "schemaName"),
    ("tables", "table", "tableName"),
    ("columns", "column", "columnName"),
    ("users", "user", "userId"),
    ("teams", "team", "teamId"),
    ("connections", "connection", "connectionId"),
    ("certificates", "certificate", "certificateId"),
    ("fingerprints", "fingerprint", "hash"),
    ("memberships", "membership", "membershipId"),
    ("logs", "log", "logId"),
    ("runs", "run", "runId"),
    ("models", "model", "modelId"),
    ("jobs", "job", "jobId"),
    ("keys", "key", "keyName"),
];

/// Actions (POST on a resource or sub-resource).
const ENDPOINT_ACTIONS: [&str; 14] = [
    "sync", "resync", "test", "pause", "resume", "cancel", "reload", "refresh", "rotate",
    "validate", "run", "upgrade", "approve", "retry",
];

fn action_rule(action: &str) -> u8 {
    match action {
        "sync" | "resync" | "run" | "reload" | "refresh" | "upgrade" | "retry" => b'p',
        "test" | "validate" => b'i',
        _ => b'-',
    }
}

/// An endpoint candidate: key, method, path, success status, description, and
/// rule: `p` (poll), `i` (items), `c` (items when the request asks), `d`
/// (deferred effect) or `-` (plain).
type Candidate = (String, &'static str, String, u16, String, u8);

/// Every endpoint shape the generator knows, in a canonical order, with no two
/// sharing a Rust name or a route.
fn endpoint_candidates() -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut add = |key: String, method, path: &str, success, description: String, rule| {
        out.push((key, method, path.to_owned(), success, description, rule));
    };
    for version in ["v1", "v2"] {
        let v = if version == "v1" { "" } else { "_v2" };
        for &(plural, one, param) in &RESOURCES {
            let list = format!("/{version}/{plural}");
            let item = format!("{list}/{{{param}}}");
            let create = if matches!(plural, "connections" | "destinations") {
                b'c'
            } else {
                b'-'
            };
            let list_key = plural.replace('-', "_");
            add(
                format!("list_{list_key}{v}"),
                "GET",
                &list,
                200,
                format!("Lists {plural}."),
                b'-',
            );
            add(
                format!("create_{one}{v}"),
                "POST",
                &list,
                201,
                format!("Creates a {one}."),
                create,
            );
            add(
                format!("get_{one}{v}"),
                "GET",
                &item,
                200,
                format!("Reads a {one}."),
                b'-',
            );
            add(
                format!("update_{one}{v}"),
                "PATCH",
                &item,
                200,
                format!("Changes a {one}."),
                b'-',
            );
            add(
                format!("delete_{one}{v}"),
                "DELETE",
                &item,
                200,
                format!("Deletes a {one}."),
                b'-',
            );
            for action in ENDPOINT_ACTIONS {
                let rule = action_rule(action);
                let accepted = rule == b'p' && action != "sync" && action != "resync";
                let status = if accepted { 202 } else { 200 };
                let path = format!("{item}/{action}");
                add(
                    format!("{action}_{one}{v}"),
                    "POST",
                    &path,
                    status,
                    format!("Asks to {action} a {one}."),
                    rule,
                );
            }
            for &(subs, sub, sub_param) in &SUBS {
                if sub_param == param || subs == plural {
                    continue;
                }
                let many = format!("{item}/{subs}");
                let sub_item = format!("{many}/{{{sub_param}}}");
                let patch = if matches!(subs, "schemas" | "tables" | "columns") {
                    b'd'
                } else {
                    b'-'
                };
                add(
                    format!("list_{one}_{subs}{v}"),
                    "GET",
                    &many,
                    200,
                    format!("Lists the {subs} of a {one}."),
                    b'-',
                );
                add(
                    format!("modify_{one}_{sub}{v}"),
                    "PATCH",
                    &many,
                    200,
                    format!("Changes the {subs} settings of a {one}."),
                    patch,
                );
                add(
                    format!("get_{one}_{sub}{v}"),
                    "GET",
                    &sub_item,
                    200,
                    format!("Reads one {sub} of a {one}."),
                    b'-',
                );
                add(
                    format!("update_{one}_{sub}{v}"),
                    "PATCH",
                    &sub_item,
                    200,
                    format!("Changes one {sub} of a {one}."),
                    patch,
                );
                add(
                    format!("remove_{one}_{sub}{v}"),
                    "DELETE",
                    &sub_item,
                    200,
                    format!("Removes one {sub} from a {one}."),
                    b'-',
                );
                for action in ["sync", "test", "reload", "cancel", "approve"] {
                    let path = format!("{sub_item}/{action}");
                    let description = format!("Asks to {action} one {sub} of a {one}.");
                    add(
                        format!("{action}_{one}_{sub}{v}"),
                        "POST",
                        &path,
                        200,
                        description,
                        action_rule(action),
                    );
                }
            }
        }
    }
    // Keep the first of any two that would share a Rust name or a route.
    let mut names = HashSet::new();
    let mut routes = HashSet::new();
    out.retain(|(key, method, path, ..)| {
        let shape: Vec<&str> = path
            .split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect();
        names.insert(name_key(key)) && routes.insert((*method, shape.join("/")))
    });
    out
}

/// The Fivetran contract's endpoints, first in every size.
const CORE_ENDPOINTS: [&str; 6] = [
    "get_connection",
    "create_connection",
    "test_connection",
    "sync_connection",
    "resync_connection",
    "modify_connection_schema",
];

impl ScaleSpec {
    /// The spec with `codes` codes (at least 10) and `endpoints` endpoints (at
    /// least 6). Same sizes, same spec, always.
    pub fn build(codes: usize, endpoints: usize) -> ScaleSpec {
        ScaleSpec {
            codes: build_codes(codes),
            endpoints: build_endpoints(endpoints),
        }
    }

    /// The spec for a code count in [`SIZES`].
    pub fn for_size(codes: usize) -> ScaleSpec {
        ScaleSpec::build(codes, endpoints_for(codes))
    }

    /// Code values that the spec does not list, realistic-looking (some match a
    /// family), deterministic.
    pub fn unknown_codes(&self, count: usize) -> Vec<String> {
        let taken: HashSet<String> = self.codes.iter().map(|c| name_key(&c.value)).collect();
        let mut rng = Rng::new(0x756e_6b6e_6f77_6e21);
        let mut out = Vec::with_capacity(count);
        let mut seen = HashSet::new();
        while out.len() < count {
            let (value, ..) = candidate(&mut rng);
            let value = format!("{value}x");
            if value.len() <= 40 && !taken.contains(&name_key(&value)) && seen.insert(value.clone())
            {
                out.push(value);
            }
        }
        out
    }

    /// Concrete request paths for endpoints: every `{param}` replaced by an id.
    pub fn concrete_path(template: &str, salt: usize) -> String {
        template
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    format!(
                        "id{:x}",
                        0x5eed_u64.wrapping_mul(salt as u64 + 7) % 0xff_ffff
                    )
                } else {
                    segment.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `count` requests `(method, path)` that match an endpoint, spread evenly
    /// over the spec (early, middle and late endpoints alike), shuffled.
    pub fn hit_requests(&self, count: usize) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = (0..count)
            .map(|i| {
                let endpoint = &self.endpoints[i * self.endpoints.len() / count];
                (endpoint.method, ScaleSpec::concrete_path(&endpoint.path, i))
            })
            .collect();
        Rng::new(0x6869_7473).shuffle(&mut out);
        out
    }

    /// `count` requests that match no endpoint: a method no endpoint uses on a
    /// listed path, an unknown resource, and a listed path with two segments more.
    pub fn miss_requests(&self, count: usize) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = (0..count)
            .map(|i| {
                let endpoint = &self.endpoints[i * self.endpoints.len() / count];
                let path = ScaleSpec::concrete_path(&endpoint.path, i);
                match i % 3 {
                    0 => ("PUT", path),
                    1 => ("GET", format!("/v1/unknown-things/id{i}/items")),
                    _ => (endpoint.method, format!("{path}/extra/more")),
                }
            })
            .collect();
        Rng::new(0x6d69_7373).shuffle(&mut out);
        out
    }

    /// The spec as YAML.
    pub fn to_yaml(&self) -> String {
        let mut y =
            String::with_capacity(self.codes.len() * 160 + self.endpoints.len() * 400 + 4096);
        let _ = writeln!(
            y,
            "# A generated scale spec: {} codes, {} endpoints.",
            self.codes.len(),
            self.endpoints.len()
        );
        y.push_str("version: 1\n\napi:\n  name: Scale Test API\n");
        let _ = writeln!(
            y,
            "  description: A synthetic contract with {} codes and {} endpoints.",
            self.codes.len(),
            self.endpoints.len()
        );
        y.push_str("\ncategories:\n");
        for (key, name, retry) in CATEGORIES {
            let _ = writeln!(y, "  {key}:\n    name: {name}\n    description: Responses in the {} category.\n    retry: {retry}", name.to_lowercase());
        }
        y.push_str("\nstatuses:\n");
        for (status, reason, category) in STATUSES {
            let _ = writeln!(y, "  {status}:\n    reason: {reason}\n    description: The API answered {status} {reason}.\n    category: {category}");
        }
        y.push_str(
            "\nstatus_classes:\n  2xx: success\n  4xx: validation\n  5xx: server_error\n\ncodes:\n",
        );
        for code in &self.codes {
            let statuses: Vec<String> = code.statuses.iter().map(u16::to_string).collect();
            let _ = writeln!(
                y,
                "  {}:\n    statuses: [{}]\n    category: {}\n    description: {}",
                quote(&code.value),
                statuses.join(", "),
                CATEGORIES[code.category].0,
                quote(&code.description)
            );
        }
        y.push_str("\nfamilies:\n");
        for (prefix, category) in FAMILIES {
            let _ = writeln!(y, "  - prefix: {prefix}\n    category: {category}\n    description: Any other {prefix}* code.");
        }
        if !self.endpoints.is_empty() {
            y.push_str("\nendpoints:\n");
        }
        for e in &self.endpoints {
            let _ = writeln!(
                y,
                "  {}:\n    method: {}\n    path: {}\n    success: [{}]\n    description: {}",
                e.key,
                e.method,
                quote(&e.path),
                e.success,
                quote(&e.description)
            );
            match &e.rule {
                Rule::Plain => {}
                Rule::Items { when_request } => {
                    y.push_str("    items:\n      each: data.setup_tests[].status\n      fail: [FAILED, JOB_FAILED]\n      degrade: [SKIPPED, WARNING]\n      pass: [PASSED]\n");
                    if *when_request {
                        y.push_str("      when_request: run_setup_tests\n");
                    }
                }
                Rule::Poll { target, defer } => {
                    let _ = writeln!(y, "    poll:\n      endpoint: {target}\n      succeeded_at: data.succeeded_at\n      failed_at: data.failed_at\n      state: data.status.sync_state");
                    if *defer {
                        y.push_str("      defer:\n        - field: data.paused\n          equals: true\n          reason: The resource is paused.\n          until: it is re-enabled\n");
                    }
                    y.push_str("      notes:\n        - field: data.status.sync_state\n          equals: rescheduled\n          note: The operation was rescheduled\n          detail: data.status.rescheduled_for\n");
                }
                Rule::DeferredEffect => {
                    y.push_str("    deferred_effect:\n      reason: The change is applied by the next sync.\n      until: the next sync completes\n      verify: read it back after the next sync\n");
                }
            }
        }
        y
    }
}

/// A YAML double-quoted scalar (the generator only makes printable ASCII).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn build_codes(count: usize) -> Vec<CodeDef> {
    let mut codes: Vec<CodeDef> = CORE_CODES
        .iter()
        .take(count)
        .map(|&(value, statuses, category, description)| CodeDef {
            value: value.to_owned(),
            statuses: statuses.to_vec(),
            category: category_index(category),
            description: description.to_owned(),
        })
        .collect();
    let mut taken: HashSet<String> = codes.iter().map(|c| name_key(&c.value)).collect();
    taken.insert("other".to_owned());
    let mut rng = Rng::new(0x6572_7273_7065_6321);
    while codes.len() < count {
        let (value, statuses, category, description) = candidate(&mut rng);
        if !(8..=40).contains(&value.len()) || !taken.insert(name_key(&value)) {
            continue;
        }
        codes.push(CodeDef {
            value,
            statuses,
            category: category_index(category),
            description,
        });
    }
    codes
}

fn build_endpoints(count: usize) -> Vec<EndpointDef> {
    let mut candidates = endpoint_candidates();
    // The Fivetran six first, in their order, then a shuffled selection.
    let mut chosen = Vec::with_capacity(count);
    for key in CORE_ENDPOINTS.iter().take(count) {
        let at = candidates
            .iter()
            .position(|c| c.0 == *key)
            .expect("core endpoint among the candidates");
        chosen.push(candidates.remove(at));
    }
    Rng::new(0x656e_6470_6f69_6e74).shuffle(&mut candidates);
    chosen.extend(
        candidates
            .into_iter()
            .take(count.saturating_sub(chosen.len())),
    );
    assert_eq!(chosen.len(), count, "at most {count} endpoints available");

    let keys: HashSet<String> = chosen.iter().map(|c| c.0.clone()).collect();
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, (key, method, path, success, description, rule))| {
            let rule = match rule {
                b'p' => {
                    // Poll the resource's own GET when the spec has it, else the
                    // connection (always endpoint 0).
                    let mut segments = path.split('/');
                    let (_, version, plural) = (segments.next(), segments.next(), segments.next());
                    let singular = RESOURCES
                        .iter()
                        .find(|r| Some(r.0) == plural)
                        .map_or("connection", |r| r.1);
                    let suffix = if version == Some("v2") { "_v2" } else { "" };
                    let own = format!("get_{singular}{suffix}");
                    let target = if keys.contains(&own) {
                        own
                    } else {
                        "get_connection".to_owned()
                    };
                    Rule::Poll {
                        target,
                        defer: i % 2 == 0,
                    }
                }
                b'i' => Rule::Items {
                    when_request: false,
                },
                b'c' => Rule::Items { when_request: true },
                b'd' => Rule::DeferredEffect,
                _ => Rule::Plain,
            };
            EndpointDef {
                key,
                method,
                path,
                success,
                description,
                rule,
            }
        })
        .collect()
}

/// The plain-`match` baseline module for a spec: the listed values in spec order
/// and `parse_match`, a `match` on string literals giving the value's index, the
/// way hand-written code and derive macros look codes up.
pub fn baseline_module(spec: &ScaleSpec) -> String {
    let mut out = String::with_capacity(spec.codes.len() * 60 + 512);
    out.push_str("// @generated by errspec-bench's build script: the plain-match baseline.\n\n");
    out.push_str("/// The listed code values, in spec order.\npub const CODES: &[&str] = &[\n");
    for code in &spec.codes {
        let _ = writeln!(out, "    {:?},", code.value);
    }
    out.push_str(
        "];\n\n/// The index of a listed code value, by a plain `match` on string literals.\n",
    );
    out.push_str("pub fn parse_match(value: &str) -> Option<u32> {\n    match value {\n");
    for (i, code) in spec.codes.iter().enumerate() {
        let _ = writeln!(out, "        {:?} => Some({i}),", code.value);
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out
}
