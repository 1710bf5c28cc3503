//! `errspec import openapi`: a spec skeleton from an OpenAPI 3.0 or 3.1
//! document, and the drift check of a spec against one.
//!
//! - [`document`] reads the document (bounded, JSON or YAML), resolves local
//!   `$ref`s and extracts operations, statuses and code values, with located
//!   errors;
//! - [`skeleton`] writes the spec skeleton;
//! - [`drift`] compares a spec's endpoints with the document's operations.

mod document;
mod drift;
mod skeleton;

use clap::{Args, Subcommand};
use errspec_codegen::Error;
use std::path::{Path, PathBuf};

use crate::{CliError, Exit};

/// Arguments of `errspec import`.
#[derive(Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// The formats `errspec import` reads.
#[derive(Subcommand)]
pub enum ImportFormat {
    /// Write a spec skeleton from an OpenAPI 3.0 or 3.1 document, or check a spec against one.
    ///
    /// Reads the document (JSON, or YAML; files up to 16 MiB), resolves its local
    /// `$ref`s and writes a spec that `errspec generate` accepts unchanged: an
    /// endpoint per operation (keyed by its operationId in snake_case, else by
    /// method and path, e.g. `get_v1_groups_group_id`), with the operation's 2xx
    /// responses as success statuses, or [200] when it lists none; every status
    /// the document uses, with its standard reason phrase and a category mapped
    /// from its number (2xx success; 400 and 422 validation; 401
    /// authentication; 402 payment_failed; 403 authorization; 404 not_found;
    /// 409 conflict; 410 gone; 412 precondition_failed; 413 too_large; 429
    /// rate_limiting; 503 unavailable; other 5xx server_error; other 4xx
    /// validation; 1xx and 3xx success, with a note); 4xx/5xx class fallbacks;
    /// and the `code` values of response examples and of `code` property enums,
    /// with the statuses they appear under. Text from the document is marked
    /// `TODO(import):` for you to rewrite; what could not be carried over is
    /// listed in the header comment.
    ///
    /// With `--check SPEC`, nothing is written: the spec's endpoints are matched
    /// to the document's operations by method and path (parameter names may
    /// differ, keys may differ from operationIds), and each operation the spec
    /// lacks, each endpoint the document no longer has and each difference in
    /// success statuses is printed, one line each.
    #[command(after_help = OPENAPI_EXAMPLES)]
    Openapi(OpenapiArgs),
}

const OPENAPI_EXAMPLES: &str = "\
Examples:
  errspec import openapi openapi.json -o spec/my_api.yaml
  errspec import openapi openapi.yaml > spec/my_api.yaml
  errspec import openapi --check spec/my_api.yaml openapi.json
  errspec import openapi --check spec/my_api.yaml openapi.json --json | jq .missing

Exit status: 0 written, or (--check) no drift; 9 (--check) the spec and the
document differ; 1 the document is broken (each problem shown at its
file:line:col) or the spec is invalid; 2 usage or I/O error, including -o on an
existing file without --force.";

/// Arguments of `errspec import openapi`.
#[derive(Args)]
pub struct OpenapiArgs {
    /// Check this spec against the document instead of writing a skeleton.
    #[arg(long, value_name = "SPEC")]
    check: Option<PathBuf>,
    /// The OpenAPI 3.0 or 3.1 document (`.json` is read as JSON, `.yaml` and
    /// `.yml` as YAML, anything else by its first character).
    document: PathBuf,
    /// Write the skeleton here instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "check")]
    output: Option<PathBuf>,
    /// With -o: replace the file if it exists (a skeleton has none of a spec's
    /// hand-written rules).
    #[arg(long, requires = "output")]
    force: bool,
    /// With --check: print the findings as one JSON object.
    #[arg(long, requires = "check")]
    json: bool,
}

/// Runs `errspec import ...`.
pub fn run(args: &ImportArgs) -> Result<Exit, CliError> {
    match &args.format {
        ImportFormat::Openapi(args) => openapi(args),
    }
}

fn openapi(args: &OpenapiArgs) -> Result<Exit, CliError> {
    let imported = read_document(&args.document)?;
    if let Some(spec_path) = &args.check {
        let bytes = errspec_codegen::read_spec(spec_path)?;
        let spec = errspec_codegen::parse_spec(&bytes, &spec_path.to_string_lossy())?;
        let drift = drift::compare(&spec, &imported);
        if args.json {
            let mut value = drift.to_json();
            value["spec"] = spec_path.to_string_lossy().into();
            value["document"] = args.document.to_string_lossy().into();
            let text = serde_json::to_string_pretty(&value)
                .map_err(|error| Error::Config(format!("cannot print the findings: {error}")))?;
            println!("{text}");
        } else {
            print!("{}", drift.to_text());
            for skipped in &drift.skipped {
                eprintln!(
                    "note: {} {} is not checked: {}",
                    skipped.method, skipped.path, skipped.reason
                );
            }
        }
        return Ok(if drift.is_clean() {
            Exit::Success
        } else {
            Exit::Drift
        });
    }
    let text = skeleton::write(&imported, &args.document.to_string_lossy());
    match &args.output {
        None => print!("{text}"),
        Some(path) => {
            let unchanged = std::fs::read(path).is_ok_and(|old| old == text.as_bytes());
            if path.exists() && !unchanged && !args.force {
                return Err(CliError::Usage(format!(
                    "{} exists, and the skeleton would replace it; pass --force to overwrite it, \
                     or compare the spec with the document: errspec import openapi --check {} {}",
                    path.display(),
                    path.display(),
                    args.document.display()
                )));
            }
            errspec_codegen::write_if_changed(path, text.as_bytes())?;
        }
    }
    Ok(Exit::Success)
}

/// Reads, parses and imports a document; operations that repeat an earlier
/// route are marked as left out.
fn read_document(path: &Path) -> Result<document::Imported, Error> {
    let source = document::read(path)?;
    let root = document::parse(&source)?;
    let mut imported = document::import(&source, &root)?;
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for operation in &mut imported.operations {
        if operation.template.is_err() {
            continue;
        }
        let shape = normalize_template(&operation.path);
        if let Some((_, _, first)) = seen
            .iter()
            .find(|(method, path, _)| *method == operation.method && *path == shape)
        {
            operation.template = Err(format!(
                "it has the same method and path as {first}, apart from parameter names"
            ));
        } else {
            seen.push((operation.method.clone(), shape, operation.route()));
        }
    }
    Ok(imported)
}

/// The path template with parameter names erased (`/a/{x}/b` and `/a/{y}/b` are
/// both `/a/{}/b`): when the drift check, and the import's check for repeated
/// routes, take two templates for the same route. The one place that decides
/// it, until a shared path template type replaces it.
pub fn normalize_template(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::normalize_template;

    #[test]
    fn templates_compare_without_parameter_names() {
        assert_eq!(
            normalize_template("/v1/users/{id}"),
            normalize_template("/v1/users/{userId}")
        );
        assert_eq!(normalize_template("/a/{x}/b"), "/a/{}/b");
        assert_ne!(normalize_template("/a/{x}"), normalize_template("/a/x"));
        assert_ne!(
            normalize_template("/a/{x}/b"),
            normalize_template("/a/{x}/c")
        );
    }
}
