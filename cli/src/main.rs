//! `errspec`: generate and check typed Rust from an API error-contract spec, and
//! classify responses from the shell.
//!
//! Exit status: 0 on success; 1 when the spec is invalid or a checked file is
//! stale; 2 on usage or I/O errors. `classify` also reports the outcome in its
//! exit status (see [`classify`]).

mod classify;
mod dynamic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use errspec_codegen::{Error, Options};

#[derive(Parser)]
#[command(
    name = "errspec",
    version,
    about = "Typed Rust from an API error-contract spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code from a spec.
    ///
    /// Example: errspec generate spec/fivetran.yaml --serde -o generated/fivetran.rs
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
    /// Exits 1 with the command to run when the file is stale.
    /// Example: errspec check spec/fivetran.yaml generated/fivetran.rs --serde
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
    /// Exit status: 0 completed, 3 completed_with_issues, 4 failed, 5 pending,
    /// 6 deferred, 7 error (an error response); 1 invalid spec; 2 usage or I/O.
    ///
    /// Example: curl -s -o body.json -w '%{http_code}' ... | read status;
    ///   errspec classify --spec spec/fivetran.yaml
    ///     --endpoint "GET /v1/connections/abc123" --status "$status" --body-file body.json
    Classify(classify::ClassifyArgs),
    /// Write a Markdown reference of a spec: statuses, codes, categories,
    /// families, endpoints and how each confirms its outcome.
    ///
    /// Example: errspec docs spec/fivetran.yaml -o docs/fivetran.md
    Docs {
        /// The spec file (YAML).
        spec: PathBuf,
        /// Write here (only when the bytes change) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the spec format (for editors: point a
    /// `# yaml-language-server: $schema=...` line at the saved file).
    ///
    /// Example: errspec schema -o spec/errspec.schema.json
    Schema {
        /// Write here (only when the bytes change) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare two versions of a spec and classify each change for the users of
    /// the generated crate: compatible, behaviour change, or breaking.
    ///
    /// Exit status: 0 when nothing is breaking, 3 when something is; 1 invalid
    /// spec; 2 usage or I/O. Example: errspec diff old.yaml spec/fivetran.yaml
    Diff {
        /// The spec before the change.
        old: PathBuf,
        /// The spec after the change.
        new: PathBuf,
        /// Print the changes as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub(crate) struct OptionArgs {
    /// Implement serde Serialize/Deserialize for `Code` (needs errspec's `serde` feature).
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
    };
    match result {
        Ok(code) => code,
        Err(Error::Spec(errors)) => {
            eprintln!("{errors}");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("errspec: {error}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

fn generate_code(spec: &Path, options: &Options) -> Result<String, Error> {
    let bytes = errspec_codegen::read_spec(spec)?;
    Ok(errspec_codegen::generate(
        &bytes,
        &spec.to_string_lossy(),
        options,
    )?)
}

fn generate(spec: &Path, output: Option<&Path>, options: &Options) -> Result<ExitCode, Error> {
    write_or_print(output, &generate_code(spec, options)?)
}

/// Loads and validates a spec file.
fn load(spec: &Path) -> Result<errspec_codegen::Spec, Error> {
    let bytes = errspec_codegen::read_spec(spec)?;
    Ok(errspec_codegen::parse_spec(&bytes, &spec.to_string_lossy())?)
}

fn docs(spec: &Path, output: Option<&Path>) -> Result<ExitCode, Error> {
    let text = errspec_codegen::docs::markdown(&load(spec)?, &spec.to_string_lossy());
    write_or_print(output, &text)
}

/// Writes `text` to `output` (only when its bytes change), or prints it.
fn write_or_print(output: Option<&Path>, text: &str) -> Result<ExitCode, Error> {
    match output {
        None => print!("{text}"),
        Some(path) => {
            errspec_codegen::write_if_changed(path, text.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(old: &Path, new: &Path, json: bool) -> Result<ExitCode, Error> {
    let diff = errspec_codegen::diff::compare(&load(old)?, &load(new)?);
    if json {
        let text = serde_json::to_string_pretty(&diff)
            .map_err(|error| Error::Config(format!("cannot print the diff: {error}")))?;
        println!("{text}");
    } else {
        print!("{}", diff.to_text());
    }
    Ok(if diff.is_breaking() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(spec: &Path, file: &Path, options: &Options) -> Result<ExitCode, Error> {
    let code = generate_code(spec, options)?;
    let hint = format!(
        "run `errspec generate {}{} -o {}`",
        spec.display(),
        options.cli_flags(),
        file.display()
    );
    let on_disk = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: cannot read ({error}); {hint}", file.display());
            return Ok(ExitCode::from(1));
        }
    };
    if on_disk == code {
        return Ok(ExitCode::SUCCESS);
    }
    let line = first_difference(&on_disk, &code);
    eprintln!(
        "{} is stale (differs from line {line}); {hint}",
        file.display()
    );
    Ok(ExitCode::from(1))
}

/// 1-based number of the first line where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    let mut lines = a.split('\n').zip(b.split('\n'));
    lines.position(|(x, y)| x != y).map_or_else(
        || a.split('\n').count().min(b.split('\n').count()) + 1,
        |i| i + 1,
    )
}
