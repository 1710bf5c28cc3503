//! `errspec`: generate and check typed Rust from an API error-contract spec,
//! classify responses from the shell, check a spec's key order, and import an
//! OpenAPI document as a spec skeleton.
//!
//! Exit status: one [`Exit`] value per outcome, the same number meaning the
//! same thing in every command.

mod classify;
mod import;
mod report;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use errspec_codegen::format::CheckError;
use errspec_codegen::{Error, Options, SpecErrors};

/// The exit status of every command. A number means one thing everywhere:
/// `3` is only ever "completed with issues", so a script that runs several
/// commands can tell their results apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Done: generated, up to date, canonical, nothing breaking, or (`classify`)
    /// the operation completed.
    Success = 0,
    /// The spec is invalid, a checked file is stale or missing, or the spec is
    /// not in canonical order.
    Problem = 1,
    /// A usage or I/O error.
    Usage = 2,
    /// `classify`: completed, with issues.
    CompletedWithIssues = 3,
    /// `classify`: the operation failed despite a success status.
    Failed = 4,
    /// `classify`: only triggered; poll to learn the end.
    Pending = 5,
    /// `classify`: happens later.
    Deferred = 6,
    /// `classify`: an error response.
    ErrorResponse = 7,
    /// `diff`: at least one change is breaking.
    Breaking = 8,
    /// `import openapi --check`: the spec and the document differ.
    Drift = 9,
    /// `classify --poll`: put off to a later time, and nothing restarts it by
    /// itself: trigger it again then (`rescheduled_for`).
    Rescheduled = 10,
    /// `classify`: the rules had to read the body to confirm the outcome, and
    /// it could not be read.
    Unconfirmed = 11,
}

impl Exit {
    /// The exit status of a `classify` report's outcome.
    fn of_outcome(outcome: &str) -> Exit {
        match outcome {
            "completed" => Exit::Success,
            "completed_with_issues" => Exit::CompletedWithIssues,
            "failed" => Exit::Failed,
            "pending" => Exit::Pending,
            "deferred" => Exit::Deferred,
            "rescheduled" => Exit::Rescheduled,
            "unconfirmed" => Exit::Unconfirmed,
            _ => Exit::ErrorResponse,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Everything that stops a command.
#[derive(Debug)]
pub enum CliError {
    /// Generation or loading failed: a bad spec, an I/O error.
    Codegen(Error),
    /// The command line asks for something that cannot be done.
    Usage(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Codegen(error) => error.fmt(f),
            CliError::Usage(message) => f.write_str(message),
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        CliError::Codegen(error)
    }
}

impl From<SpecErrors> for CliError {
    fn from(errors: SpecErrors) -> Self {
        CliError::Codegen(Error::Spec(errors))
    }
}

/// Typed Rust from an API error-contract spec.
///
/// errspec reads an HTTP API's error contract, written as a YAML spec (statuses,
/// error codes, categories with retry policies, and what each endpoint's success
/// really means), and generates typed Rust from it. The same spec drives the
/// other commands: check a checked-in generated file, classify one response from
/// a shell script, write a Markdown reference, compare two versions of a spec,
/// print the spec format's JSON Schema, check a spec's key order, and start a
/// spec from an OpenAPI document (or check a spec against a newer one).
///
/// Run `errspec <COMMAND> --help` for each command's details and examples.
#[derive(Parser)]
#[command(name = "errspec", version, after_help = TOP_EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const TOP_EXAMPLES: &str = "\
Examples:
  errspec generate spec/fivetran.yaml --serde -o generated/fivetran.rs
  errspec check spec/fivetran.yaml generated/fivetran.rs --serde
  errspec fmt spec/fivetran.yaml --check
  errspec import openapi openapi.json -o spec/my_api.yaml
  errspec completions bash > ~/.local/share/bash-completion/completions/errspec

Exit status: 0 success; 1 invalid spec or document, stale generated file or
spec out of canonical order; 2 usage or I/O error. `classify`, `diff` and
`import openapi --check` add their own (see their --help).";

const GENERATE_EXAMPLES: &str = "\
Examples:
  errspec generate spec/fivetran.yaml --serde
  errspec generate spec/fivetran.yaml --serde -o generated/fivetran.rs

Exit status: 0 generated; 1 invalid spec (each problem is shown at its
file:line:col); 2 usage or I/O error.";

const CHECK_EXAMPLES: &str = "\
Examples:
  errspec check spec/fivetran.yaml generated/fivetran.rs --serde

Exit status: 0 up to date; 1 invalid spec, or the file is stale or missing (the
message names the `errspec generate` command to run); 2 usage or I/O error.";

const CLASSIFY_EXAMPLES: &str = "\
Examples:
  status=$(curl -s -o body.json -D headers.txt -w '%{http_code}' \\
    -u \"$FIVETRAN_API_KEY:$FIVETRAN_API_SECRET\" https://api.fivetran.com/v1/connections/abc123)
  errspec classify --spec spec/fivetran.yaml \\
    --endpoint \"GET /v1/connections/abc123\" --status \"$status\" \\
    --headers-file headers.txt --body-file body.json
  errspec classify --spec spec/fivetran.yaml --endpoint \"GET /v1/connections/abc123\" \\
    --status 404 --body-file body.json --get code

Exit status: 0 completed, 3 completed_with_issues, 4 failed, 5 pending,
6 deferred, 7 error (an error response); 1 invalid spec; 2 usage or I/O error.";

const DOCS_EXAMPLES: &str = "\
Examples:
  errspec docs spec/fivetran.yaml
  errspec docs spec/fivetran.yaml -o docs/fivetran.md

Exit status: 0 written; 1 invalid spec; 2 usage or I/O error.";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  errspec schema -o spec/errspec.schema.json
  # then start the spec with:
  # yaml-language-server: $schema=errspec.schema.json

Exit status: 0 written; 2 usage or I/O error.";

const DIFF_EXAMPLES: &str = "\
Examples:
  git show HEAD:spec/fivetran.yaml > /tmp/old.yaml
  errspec diff /tmp/old.yaml spec/fivetran.yaml
  errspec diff /tmp/old.yaml spec/fivetran.yaml --json

Exit status: 0 nothing breaking; 8 something breaking; 1 invalid spec; 2 usage
or I/O error.";

const FMT_EXAMPLES: &str = "\
Examples:
  errspec fmt spec/fivetran.yaml --check

Exit status: 0 canonical; 1 out of canonical order, or invalid spec; 2 usage or
I/O error, including `fmt` without --check.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  errspec import openapi openapi.json -o spec/my_api.yaml
  errspec import openapi --check spec/my_api.yaml openapi.json

Exit status: 0 written, or (--check) no drift; 3 (--check) drift found; 1 the
document is broken or the spec invalid; 2 usage or I/O error. See
`errspec import openapi --help`.";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  errspec completions bash > ~/.local/share/bash-completion/completions/errspec
  errspec completions zsh > ~/.zfunc/_errspec    # with fpath+=(~/.zfunc) in .zshrc
  errspec completions fish > ~/.config/fish/completions/errspec.fish
  errspec completions elvish >> ~/.config/elvish/rc.elv
  errspec completions powershell >> $PROFILE

Exit status: 0 printed; 2 usage or I/O error.";

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code from a spec.
    ///
    /// Reads and validates the spec, then prints the generated Rust (an open
    /// `Code` enum, categories with retry policies, status lookups, endpoint
    /// rules) or writes it to a file. The output is byte-identical to what the
    /// build.rs `Builder` writes for the same spec and options, and the
    /// `include_spec!` macro expands to the same code.
    #[command(after_help = GENERATE_EXAMPLES)]
    Generate {
        /// The spec file (YAML).
        spec: PathBuf,
        /// Write here instead of standard output (only when the bytes change).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Check that a generated file is what the spec generates now.
    ///
    /// Generates the code for the spec with the given options and compares it
    /// with the checked-in file, byte for byte. Use it in CI so a spec edit
    /// cannot land without its regenerated code. When the file is stale or
    /// missing, the message names the line where it first differs and the
    /// `errspec generate` command that refreshes it.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// The spec file (YAML).
        spec: PathBuf,
        /// The checked-in generated file.
        file: PathBuf,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Classify one HTTP response of an endpoint and print it as one JSON object.
    ///
    /// Judges a response the way the generated code would: an error response
    /// gives its code, category, retry policy and Retry-After; a success response
    /// is checked against the endpoint's rule (failed setup tests inside a 201, a
    /// sync that was only triggered, an effect deferred until later). The JSON
    /// object carries status, outcome, code, known_code, category, retryable,
    /// retry_after_secs, message, issues, poll and deferral; `--get FIELD` prints
    /// one of them alone. The exit status encodes the outcome, so a shell script
    /// can branch without parsing JSON. With `--poll --baseline FILE` the body is
    /// a poll response for the operation the endpoint started, judged against the
    /// response from before the trigger.
    #[command(after_help = CLASSIFY_EXAMPLES)]
    Classify(classify::ClassifyArgs),
    /// Write a Markdown reference of a spec.
    ///
    /// Lists the spec's statuses, codes, categories, families and endpoints, and
    /// how each endpoint confirms its outcome, as Markdown tables for reviewers
    /// and readers who do not read YAML.
    #[command(after_help = DOCS_EXAMPLES)]
    Docs {
        /// The spec file (YAML).
        spec: PathBuf,
        /// Write here (only when the bytes change) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the spec format.
    ///
    /// The schema is derived from the loader's own types, so it cannot drift from
    /// what errspec accepts. Editors with a YAML language server complete keys
    /// and flag mistakes while typing when the spec's first line points a
    /// `# yaml-language-server: $schema=...` comment at the saved file.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema {
        /// Write here (only when the bytes change) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare two versions of a spec and classify each change.
    ///
    /// Each change is classified for the users of the generated crate:
    /// compatible (such as an added code), behaviour change (a status, category
    /// or retry policy that changed) or breaking (a removed or renamed code). The
    /// exit status tells whether anything is breaking, so CI can gate on it.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff {
        /// The spec before the change.
        old: PathBuf,
        /// The spec after the change.
        new: PathBuf,
        /// Print the changes as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check that a spec is written in canonical order (check only, no rewriting).
    ///
    /// Reports every key out of canonical order, at its file:line:col with a
    /// help line saying where it belongs: the top level (version, api,
    /// categories, statuses, status_classes, codes, families, endpoints), `api`,
    /// and each category, status, code, family and endpoint, with an endpoint's
    /// items, poll, defer and notes entries and deferred_effect, in the order of
    /// the README's format. Statuses must be in ascending numeric order. The order
    /// of categories, codes, families and endpoints is yours (it is the order of
    /// the generated code) and is not checked. An invalid spec is reported as by
    /// `errspec generate`.
    ///
    /// errspec does not rewrite specs: its YAML reader keeps no comments, so a
    /// rewrite would drop them, and a spec's comments are part of the contract. So `--check` is required; move the keys by hand as the help lines
    /// say. With merge keys (`<<: *anchor`), a mapping's own keys are checked in
    /// their written order and the merged keys where the anchor defines them.
    #[command(after_help = FMT_EXAMPLES)]
    Fmt {
        /// The spec file (YAML).
        spec: PathBuf,
        /// Only check the order (required: errspec never rewrites a spec).
        #[arg(long)]
        check: bool,
    },
    /// Start a spec from an API description, or check a spec against one.
    ///
    /// `errspec import openapi` reads an OpenAPI 3.0 or 3.1 document and writes a
    /// spec skeleton with an endpoint per operation, the statuses the document
    /// uses and the code values of its response examples, for you to review and
    /// complete. With `--check` it reports instead how a spec and a newer
    /// document differ: operations the spec lacks, endpoints the document no
    /// longer has, and success statuses that changed.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(import::ImportArgs),
    /// Print a shell completion script.
    ///
    /// Writes the completion script for errspec's commands and options to
    /// standard output, for bash, zsh, fish, elvish or PowerShell; save it where
    /// your shell loads completions from.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
}

impl Command {
    /// The subcommand's name, for hints.
    fn name(&self) -> &'static str {
        match self {
            Command::Generate { .. } => "generate",
            Command::Check { .. } => "check",
            Command::Classify(_) => "classify",
            Command::Docs { .. } => "docs",
            Command::Schema { .. } => "schema",
            Command::Diff { .. } => "diff",
            Command::Fmt { .. } => "fmt",
            Command::Import(_) => "import openapi",
            Command::Completions { .. } => "completions",
        }
    }
}

#[derive(Args)]
pub(crate) struct OptionArgs {
    /// Implement serde Serialize/Deserialize for `Code` (through errspec's serde re-export).
    #[arg(long)]
    serde: bool,
}

impl OptionArgs {
    fn options(&self) -> Options {
        Options::new().serde(self.serde)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate {
            spec,
            output,
            options,
        } => generate(spec, output.as_deref(), &options.options()),
        Command::Check {
            spec,
            file,
            options,
        } => check(spec, file, &options.options()),
        Command::Classify(args) => classify::run(args),
        Command::Docs { spec, output } => docs(spec, output.as_deref()),
        Command::Diff { old, new, json } => diff(old, new, *json),
        Command::Schema { output } => {
            write_or_print(output.as_deref(), &errspec_codegen::schema::json_schema())
        }
        Command::Fmt { spec, check } => fmt(spec, *check),
        Command::Import(args) => import::run(args),
        Command::Completions { shell } => completions(*shell),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(CliError::Codegen(Error::Spec(errors))) => {
            eprintln!("{errors}");
            Exit::Problem.into()
        }
        Err(error) => {
            eprintln!("errspec: {error}");
            eprintln!("help: {}", next_step(&error, cli.command.name()));
            Exit::Usage.into()
        }
    }
}

/// What to do about a usage or I/O error.
fn next_step(error: &CliError, command: &str) -> String {
    match error {
        CliError::Codegen(Error::Io { source, .. }) => match source.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; a relative path starts from the current directory".to_owned()
            }
            std::io::ErrorKind::PermissionDenied => {
                "check the file's permissions, or choose another path".to_owned()
            }
            _ => {
                "check that the path names a readable file (or, for -o, a writable one)".to_owned()
            }
        },
        _ => format!("run `errspec {command} --help` for the options and examples"),
    }
}

/// `errspec fmt --check`: exit 0 when the spec is canonical, else report each
/// key out of order and exit 1. Without `--check`, refuse (exit 2): rewriting
/// would drop the spec's comments.
fn fmt(spec: &Path, check: bool) -> Result<Exit, CliError> {
    if !check {
        eprintln!(
            "errspec: fmt cannot rewrite a spec without losing its comments (errspec's YAML \
             reader does not keep them); run `errspec fmt {} --check` and move the keys it reports",
            spec.display()
        );
        return Ok(Exit::Usage);
    }
    let bytes = errspec_codegen::read_spec(spec)?;
    match errspec_codegen::format::check(&bytes, &spec.to_string_lossy()) {
        Ok(()) => Ok(Exit::Success),
        Err(CheckError::Invalid(errors)) => Err(errors.into()),
        Err(CheckError::NotCanonical(errors)) => {
            eprintln!("{errors}");
            eprintln!(
                "\nerrspec: {} is not in canonical order; move each key where its help line \
                 says, then run `errspec fmt {} --check` again",
                spec.display(),
                spec.display()
            );
            Ok(Exit::Problem)
        }
    }
}

/// `errspec completions <shell>`: prints the completion script.
fn completions(shell: Shell) -> Result<Exit, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "errspec", &mut script);
    std::io::stdout()
        .write_all(&script)
        .map_err(|error| CliError::Usage(format!("cannot write to standard output: {error}")))?;
    Ok(Exit::Success)
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| {
        CliError::Codegen(Error::Io {
            path: path.to_owned(),
            source,
        })
    })
}

fn generate_code(spec: &Path, options: &Options) -> Result<String, CliError> {
    let bytes = errspec_codegen::read_spec(spec)?;
    Ok(errspec_codegen::generate(
        &bytes,
        &spec.to_string_lossy(),
        options,
    )?)
}

fn generate(spec: &Path, output: Option<&Path>, options: &Options) -> Result<Exit, CliError> {
    write_or_print(output, &generate_code(spec, options)?)
}

/// Loads and validates a spec file.
fn load(spec: &Path) -> Result<errspec_codegen::Spec, CliError> {
    let bytes = errspec_codegen::read_spec(spec)?;
    Ok(errspec_codegen::parse_spec(
        &bytes,
        &spec.to_string_lossy(),
    )?)
}

fn docs(spec: &Path, output: Option<&Path>) -> Result<Exit, CliError> {
    let text = errspec_codegen::docs::markdown(&load(spec)?, &spec.to_string_lossy());
    write_or_print(output, &text)
}

/// Writes `text` to `output` (only when its bytes change), or prints it.
fn write_or_print(output: Option<&Path>, text: &str) -> Result<Exit, CliError> {
    match output {
        None => print!("{text}"),
        Some(path) => {
            errspec_codegen::write_if_changed(path, text.as_bytes())?;
        }
    }
    Ok(Exit::Success)
}

fn diff(old: &Path, new: &Path, json: bool) -> Result<Exit, CliError> {
    let diff = errspec_codegen::diff::compare(&load(old)?, &load(new)?);
    if json {
        let text = serde_json::to_string_pretty(&diff)
            .map_err(|error| CliError::Usage(format!("cannot print the diff: {error}")))?;
        println!("{text}");
    } else {
        print!("{}", diff.to_text());
    }
    Ok(if diff.is_breaking() {
        Exit::Breaking
    } else {
        Exit::Success
    })
}

fn check(spec: &Path, file: &Path, flags: &Options) -> Result<Exit, CliError> {
    let on_disk = std::fs::read_to_string(file);
    // The file's header records the options it was made with; they decide.
    let options = on_disk
        .as_deref()
        .ok()
        .and_then(Options::from_header)
        .unwrap_or_else(|| flags.clone());
    let code = generate_code(spec, &options)?;
    let hint = format!(
        "run `errspec generate {}{} -o {}`",
        spec.display(),
        options.cli_flags(),
        file.display()
    );
    let on_disk = match on_disk {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: cannot read ({error}); {hint}", file.display());
            return Ok(Exit::Problem);
        }
    };
    if on_disk == code {
        return Ok(Exit::Success);
    }
    let line = first_difference(&on_disk, &code);
    eprintln!(
        "{} is stale (differs from line {line}); {hint}",
        file.display()
    );
    Ok(Exit::Problem)
}

/// 1-based number of the first line where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    let mut lines = a.split('\n').zip(b.split('\n'));
    lines.position(|(x, y)| x != y).map_or_else(
        || a.split('\n').count().min(b.split('\n').count()) + 1,
        |i| i + 1,
    )
}
