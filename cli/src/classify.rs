//! `errspec classify`: one response in, one JSON object and an exit status out.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::time::SystemTime;

use clap::Args;
use errspec::{Baseline, Confirm, EndpointRules, Headers, PathTemplate, Segment, Timestamp};
use errspec_codegen::lower::{lower, Bump};
use errspec_codegen::Error;

use crate::report::{self, Contract, Response};
use crate::{CliError, Exit};

/// Arguments of `errspec classify`.
#[derive(Args)]
pub struct ClassifyArgs {
    /// The spec file (YAML).
    #[arg(long)]
    spec: PathBuf,
    /// The request: "METHOD path", with a concrete path or the template. When
    /// it is absent, or matches no endpoint of the spec, the response is
    /// classified by the API-wide contract (a 2xx is completed).
    #[arg(long, value_name = "METHOD PATH")]
    endpoint: Option<String>,
    /// The HTTP status of the response.
    #[arg(long)]
    status: u16,
    /// A response header, "Name: value" (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Response headers as `curl -D` writes them: a status line (skipped), then
    /// "Name: value" lines.
    #[arg(long, value_name = "FILE")]
    headers_file: Option<PathBuf>,
    /// Print only this field of the report (strings without quotes, null as
    /// nothing), e.g. `--get code`; the exit status is unchanged.
    #[arg(long, value_name = "FIELD")]
    get: Option<String>,
    /// The response body; without it the body is read from standard input
    /// (empty when standard input is a terminal).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// The JSON request body, for checks tied to a request flag (run_setup_tests).
    #[arg(long, value_name = "FILE")]
    request_file: Option<PathBuf>,
    /// The body is a poll response for the operation the endpoint triggered;
    /// judge it against --baseline.
    #[arg(long, requires = "baseline")]
    poll: bool,
    /// The polled endpoint's response from before the trigger.
    #[arg(long, value_name = "FILE", requires = "poll")]
    baseline: Option<PathBuf>,
    /// The current time for Retry-After dates (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
}

/// Most endpoints a failed `--endpoint` lookup suggests.
const SUGGESTED: usize = 10;

/// The spec's endpoints most like `METHOD path`, for a lookup that failed:
/// ranked by the leading segments they share with the path (a parameter
/// matches anything), then by having as many segments, then by the method;
/// spec order among equals; at most [`SUGGESTED`] of them.
fn nearest_endpoints(endpoints: &[EndpointRules<'_, usize>], method: &str, path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut known: Vec<(usize, String)> = endpoints
        .iter()
        .map(|rules| {
            let template: Vec<Segment<'_>> = PathTemplate::parse(rules.path)
                .map(|t| t.segments().collect())
                .unwrap_or_default();
            let shared = template
                .iter()
                .zip(&wanted)
                .take_while(|(t, w)| match t {
                    Segment::Param(_) => true,
                    Segment::Literal(literal) => literal == *w,
                })
                .count();
            let score = shared * 4
                + usize::from(template.len() == wanted.len()) * 2
                + usize::from(rules.method.eq_ignore_ascii_case(method));
            (score, format!("{} {}", rules.method, rules.path))
        })
        .collect();
    let total = known.len();
    known.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let shown: Vec<String> = known.into_iter().take(SUGGESTED).map(|(_, e)| e).collect();
    if total > SUGGESTED {
        format!(
            "the closest of its {total} endpoints: {} (`errspec docs` lists them all)",
            shown.join(", ")
        )
    } else {
        format!("the spec has: {}", shown.join(", "))
    }
}

fn usage(message: String) -> CliError {
    CliError::Usage(message)
}

/// Runs the command: prints the report and returns the outcome's exit status.
pub fn run(args: &ClassifyArgs) -> Result<Exit, CliError> {
    let bytes = errspec_codegen::read_spec(&args.spec)?;
    let spec = errspec_codegen::parse_spec(&bytes, &args.spec.to_string_lossy())?;
    let arena = Bump::new();
    let contract = Contract {
        spec: &spec,
        tables: lower(&spec, &arena),
    };

    let endpoint = match &args.endpoint {
        None => None,
        Some(request) => {
            let (method, path) = request
                .trim()
                .split_once(' ')
                .ok_or_else(|| usage(format!("--endpoint `{request}` is not \"METHOD path\"")))?;
            let endpoint = errspec::route(contract.tables.routes, method, path.trim());
            if endpoint.is_none() {
                eprintln!(
                    "note: no endpoint of the spec matches `{request}`, so the API-wide \
                     contract classifies the response; {}",
                    nearest_endpoints(contract.tables.endpoints, method, path.trim())
                );
            }
            endpoint
        }
    };
    let mut headers = Headers::new();
    for header in &args.headers {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| usage(format!("--header `{header}` is not \"Name: value\"")))?;
        headers.push(name.trim(), value.trim());
    }
    if let Some(path) = &args.headers_file {
        let text = String::from_utf8_lossy(&crate::read(path)?).into_owned();
        for line in text.lines() {
            // Status lines ("HTTP/1.1 429 ...") and blank lines carry no header.
            if let Some((name, value)) = line.split_once(':').filter(|_| !line.starts_with("HTTP/"))
            {
                headers.push(name.trim(), value.trim());
            }
        }
    }
    let body = match &args.body_file {
        Some(path) => crate::read(path)?,
        None => read_stdin()?,
    };
    let now = match &args.now {
        None => SystemTime::now(),
        Some(text) => Timestamp::parse(text)
            .and_then(Timestamp::to_system_time)
            .ok_or_else(|| usage(format!("--now `{text}` is not an RFC 3339 time")))?,
    };
    let response = Response {
        status: args.status,
        headers: &headers,
        body: &body,
        now,
        endpoint: endpoint.map(|index| contract.tables.endpoints[index].key),
    };

    let error_in_success =
        errspec::error_in_success(&contract.tables.envelope, args.status, &body).is_some();
    let report = match (&args.baseline, endpoint) {
        (Some(_), None) => {
            return Err(usage(
                "--poll needs --endpoint naming the spec's endpoint that started the operation"
                    .to_owned(),
            ))
        }
        (Some(baseline), Some(endpoint)) => poll_report(contract, endpoint, baseline, &response)?,
        // A 2xx whose body the envelope's tests find to be an error (`ok: false`).
        (None, _) if error_in_success => report::error(contract, &response),
        // The API-wide contract: any other 2xx is a success, with no rule to confirm.
        (None, None) if (200..300).contains(&args.status) => {
            report::outcome(contract, &response, &errspec::Outcome::Completed)
        }
        (None, None) => report::error(contract, &response),
        (None, Some(endpoint)) => {
            let rules = &contract.tables.endpoints[endpoint];
            if rules.success.contains(&args.status) {
                let request = args.request_file.as_deref().map(crate::read).transpose()?;
                let outcome = errspec::confirm(endpoint, rules, &body, request.as_deref());
                report::outcome(contract, &response, &outcome)
            } else {
                report::error(contract, &response)
            }
        }
    };
    match &args.get {
        None => println!("{report}"),
        Some(field) => match report.get(field) {
            None => return Err(usage(format!("--get: the report has no field `{field}`"))),
            Some(serde_json::Value::Null) => println!(),
            Some(serde_json::Value::String(text)) => println!("{text}"),
            Some(other) => println!("{other}"),
        },
    }
    Ok(Exit::of_outcome(
        report["outcome"].as_str().unwrap_or("error"),
    ))
}

/// Judges a poll response against the baseline, for `--poll --baseline`.
fn poll_report(
    contract: Contract<'_>,
    trigger: usize,
    baseline: &std::path::Path,
    response: &Response<'_>,
) -> Result<serde_json::Value, CliError> {
    let rules = &contract.tables.endpoints[trigger];
    let Confirm::Poll(rule) = rules.confirm else {
        return Err(usage(format!(
            "--poll: `{} {}` is not polled in the spec",
            rules.method, rules.path
        )));
    };
    let baseline_bytes = crate::read(baseline)?;
    let baseline = Baseline::from_body(rule, &baseline_bytes).ok_or_else(|| {
        usage(format!(
            "--baseline {} is not a JSON document",
            baseline.display()
        ))
    })?;
    let target = &contract.tables.endpoints[rule.endpoint];
    if !target.success.contains(&response.status) {
        return Ok(report::error(contract, response));
    }
    let document = errspec::parse_body(response.body).unwrap_or_default();
    let progress = errspec::evaluate(rule, &baseline, &document);
    Ok(report::poll(contract, rule, response, &progress))
}

fn read_stdin() -> Result<Vec<u8>, CliError> {
    let mut stdin = std::io::stdin();
    let mut body = Vec::new();
    if !stdin.is_terminal() {
        stdin.read_to_end(&mut body).map_err(|source| Error::Io {
            path: "<stdin>".into(),
            source,
        })?;
    }
    Ok(body)
}
