//! The specs errspec ships for APIs other than Fivetran (`spec/<api>.yaml`):
//! each passes `generate`, `check` and `fmt --check`, its generated code
//! compiles (the modules below), and its fixture responses
//! (`tests/apis/<api>/*.json`) are classified alike by the command line and by
//! the compiled code, with the command line's reports pinned as snapshots.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use support::{errspec, workspace};

/// Every shipped spec besides Fivetran's, by file stem.
const APIS: &[&str] = &[
    "aws",
    "azure",
    "github",
    "google",
    "kubernetes",
    "rfc9457",
    "slack",
    "stripe",
    "twilio",
];

/// The category keys shipped specs draw from, so that code handling several
/// APIs branches alike. `recoverable` is Fivetran's (a missing schema config
/// that reloading the schema fixes).
const VOCABULARY: &[&str] = &[
    "success",
    "validation",
    "authentication",
    "authorization",
    "not_found",
    "conflict",
    "rate_limiting",
    "server_error",
    "unavailable",
    "payment_failed",
    "precondition_failed",
    "too_large",
    "gone",
    "recoverable",
];

/// The generated code of each spec, compiled by the `include_spec!` front-end.
macro_rules! compiled {
    ($($api:ident => $path:literal),* $(,)?) => {
        $(
            #[allow(dead_code)]
            mod $api {
                errspec::include_spec!($path);
            }
        )*

        /// The compiled code's reading of a fixture: endpoint, outcome, code,
        /// detail codes, category and whether to retry.
        fn compiled(api: &str, input: &Input) -> Value {
            match api {
                $(stringify!($api) => {
                    use $api::{Api, Category};
                    let (endpoint, result) = Api::classify(
                        &input.method,
                        &input.path,
                        input.status,
                        input.headers.clone(),
                        input.body.clone(),
                    );
                    let endpoint = endpoint.map(|endpoint| endpoint.key());
                    match result {
                        Ok(outcome) => json!({
                            "endpoint": endpoint,
                            "outcome": outcome.kind(),
                        }),
                        Err(error) => json!({
                            "endpoint": endpoint,
                            "outcome": "error",
                            "code": error.code().map(|code| code.as_str().to_owned()),
                            "detail_codes": error
                                .detail_codes()
                                .map(|(name, value)| (name.to_owned(), Value::from(value)))
                                .collect::<serde_json::Map<_, _>>(),
                            "category": error.category().map(Category::key),
                            "retryable": error.is_retryable(),
                        }),
                    }
                })*
                other => panic!("no compiled module for `{other}`"),
            }
        }

        /// Every compiled module, so the list above and [`APIS`] stay one.
        const COMPILED: &[&str] = &[$(stringify!($api)),*];
    };
}

compiled! {
    aws => "../spec/aws.yaml",
    azure => "../spec/azure.yaml",
    github => "../spec/github.yaml",
    google => "../spec/google.yaml",
    kubernetes => "../spec/kubernetes.yaml",
    rfc9457 => "../spec/rfc9457.yaml",
    slack => "../spec/slack.yaml",
    stripe => "../spec/stripe.yaml",
    twilio => "../spec/twilio.yaml",
}

/// A fixture's response, as the compiled code takes it.
struct Input {
    method: String,
    path: String,
    status: u16,
    headers: errspec::Headers,
    body: Vec<u8>,
}

fn fixtures(api: &str) -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apis")
        .join(api);
    let mut found: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let fixture = serde_json::from_slice(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, fixture)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Runs `errspec classify` on a fixture: its report and exit status.
fn classify(api: &str, name: &str, fixture: &Value) -> (Value, Option<i32>) {
    let dir = std::env::temp_dir().join(format!("errspec-apis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body_file = dir.join(format!("{api}-{name}.body"));
    std::fs::write(&body_file, support::fixture_body(fixture)).unwrap();
    let spec = format!("spec/{api}.yaml");
    let mut args = vec!["classify".to_owned(), "--spec".to_owned(), spec];
    args.extend(support::fixture_args(fixture, body_file.to_str().unwrap()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = errspec(&args);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{api}/{name}: {e}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code())
}

#[test]
fn the_compiled_modules_are_the_shipped_specs() {
    assert_eq!(COMPILED, APIS);
    let mut on_disk: Vec<String> = std::fs::read_dir(workspace().join("spec"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
        .filter(|stem| stem != "fivetran")
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = APIS.to_vec();
    listed.sort_unstable();
    assert_eq!(on_disk, listed, "every spec under spec/ is tested here");
}

#[test]
fn every_spec_generates_checks_and_is_formatted() {
    let dir = std::env::temp_dir().join(format!("errspec-apis-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for api in APIS {
        let spec = format!("spec/{api}.yaml");
        let out = dir.join(format!("{api}.rs"));
        let out = out.to_str().unwrap();
        for args in [
            vec!["generate", spec.as_str(), "-o", out],
            vec!["check", spec.as_str(), out],
            vec!["fmt", "--check", spec.as_str()],
        ] {
            let output = errspec(&args);
            assert!(
                output.status.success(),
                "errspec {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn every_spec_draws_its_categories_from_one_vocabulary() {
    for api in APIS.iter().copied().chain(["fivetran"]) {
        let path = workspace().join(format!("spec/{api}.yaml"));
        let bytes = std::fs::read(&path).unwrap();
        let spec = errspec_codegen::parse_spec(&bytes, &path.to_string_lossy()).unwrap();
        for category in &spec.categories {
            assert!(
                VOCABULARY.contains(&category.key.as_str()),
                "{api}: category `{}` is not in the shared vocabulary",
                category.key
            );
        }
    }
}

#[test]
fn fixtures_classify_alike_in_the_cli_and_the_compiled_code() {
    let mut counts = BTreeMap::new();
    for api in APIS {
        let fixtures = fixtures(api);
        counts.insert(*api, fixtures.len());
        for (name, fixture) in fixtures {
            let (report, exit) = classify(api, &name, &fixture);
            let (method, path) = fixture["endpoint"]
                .as_str()
                .and_then(|request| request.split_once(' '))
                .unwrap_or(("GET", "/"));
            let mut headers = errspec::Headers::new();
            for header in fixture["headers"].as_array().into_iter().flatten() {
                headers.push(header[0].as_str().unwrap(), header[1].as_str().unwrap());
            }
            let input = Input {
                method: method.to_owned(),
                path: path.to_owned(),
                status: u16::try_from(fixture["status"].as_u64().unwrap()).unwrap(),
                headers,
                body: support::fixture_body(&fixture),
            };
            let compiled = compiled(api, &input);
            for (field, value) in compiled.as_object().unwrap() {
                // Without an endpoint in the fixture, the compiled code is asked
                // with `GET /`; both must then match no endpoint.
                assert_eq!(&report[field], value, "{api}/{name}: `{field}`");
            }
            insta::with_settings!({
                snapshot_suffix => format!("{api}-{name}"),
                omit_expression => true,
                description => fixture["about"].as_str().unwrap_or_default().to_owned(),
            }, {
                let pinned = json!({ "exit": exit, "report": report });
                insta::assert_snapshot!("classify", serde_json::to_string_pretty(&pinned).unwrap());
            });
        }
    }
    for (api, count) in counts {
        assert!(
            count >= 8,
            "{api} has {count} fixtures; each spec needs at least 8"
        );
    }
}
