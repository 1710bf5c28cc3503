//! The `errspec` binary: `fmt --check`, `completions`, and the help of every
//! subcommand.

mod support;
use support::{errspec, stderr, stdout};

const SUBCOMMANDS: [&str; 9] = [
    "generate",
    "check",
    "classify",
    "docs",
    "schema",
    "diff",
    "fmt",
    "import",
    "completions",
];

#[test]
fn fmt_check_accepts_the_fivetran_spec() {
    let output = errspec(&["fmt", "spec/fivetran.yaml", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn fmt_check_accepts_a_canonical_spec_with_merge_keys() {
    let output = errspec(&["fmt", "codegen/tests/fmt_cases/canonical.yaml", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn fmt_check_reports_keys_out_of_order_and_exits_1() {
    let output = errspec(&["fmt", "codegen/tests/fmt_cases/top_level.yaml", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("--> codegen/tests/fmt_cases/top_level.yaml:6:1"),
        "{message}"
    );
    assert!(
        message.contains("help: move `version` before `api`"),
        "{message}"
    );
    assert!(
        message.contains("is not in canonical order; move each key"),
        "{message}"
    );
}

#[test]
fn fmt_check_reports_an_invalid_spec_and_exits_1() {
    let output = errspec(&["fmt", "codegen/tests/fmt_cases/invalid.yaml", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("undefined category `not_fuond`"),
        "{message}"
    );
    // The order is only checked once the spec is valid.
    assert!(!message.contains("out of canonical order"), "{message}");
}

#[test]
fn fmt_check_on_a_missing_file_exits_2_and_says_what_to_check() {
    let output = errspec(&["fmt", "no/such/spec.yaml", "--check"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("errspec: no/such/spec.yaml:"),
        "{message}"
    );
    assert!(message.contains("help: check the path"), "{message}");
}

#[test]
fn fmt_without_check_refuses_to_rewrite_in_one_line_and_exits_2() {
    let output = errspec(&["fmt", "spec/fivetran.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("comments"), "{message}");
    assert!(
        message.contains("errspec fmt spec/fivetran.yaml --check"),
        "{message}"
    );
}

#[test]
fn fmt_without_a_spec_is_a_usage_error() {
    let output = errspec(&["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = errspec(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(!script.trim().is_empty(), "{shell}");
        assert!(script.contains("errspec"), "{shell}");
    }
    let bash = stdout(&errspec(&["completions", "bash"]));
    for command in SUBCOMMANDS {
        assert!(bash.contains(command), "bash completions lack `{command}`");
    }
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let output = errspec(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("possible values"));
}

#[test]
fn every_subcommand_has_a_summary_a_description_and_examples() {
    for command in SUBCOMMANDS {
        let long = errspec(&[command, "--help"]);
        assert_eq!(long.status.code(), Some(0), "{command}");
        let long = stdout(&long);
        assert!(long.contains("Examples:"), "{command} --help:\n{long}");
        assert!(long.contains("Exit status:"), "{command} --help:\n{long}");
        let short = stdout(&errspec(&[command, "-h"]));
        assert!(short.contains("Examples:"), "{command} -h:\n{short}");
        // `-h` shows the one-line summary, `--help` the longer description too.
        let summary = short.lines().next().unwrap();
        assert!(!summary.is_empty(), "{command}");
        assert!(long.starts_with(summary), "{command}:\n{long}");
        assert!(long.len() > short.len() + 100, "{command}:\n{long}");
    }
    let top = stdout(&errspec(&["--help"]));
    assert!(top.contains("Examples:"), "{top}");
    for command in SUBCOMMANDS {
        assert!(top.contains(command), "errspec --help lacks `{command}`");
    }
}

#[test]
fn fmt_help_says_why_it_only_checks() {
    let help = stdout(&errspec(&["fmt", "--help"]));
    assert!(help.contains("does not rewrite specs"), "{help}");
    assert!(help.contains("comments"), "{help}");
}
