//! The `errspec` binary: generate, check, and agreement with the other front-ends.

use std::path::PathBuf;

use errspec_codegen::{macro_support, Builder, Options};

const SPEC: &str = "spec/fivetran.yaml";

mod support;
use support::{errspec, stderr, stdout, workspace};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("errspec-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// build.rs (Builder) and the CLI give the same bytes for the same spec and
/// options, and include_spec! expands to the same tokens.
#[test]
fn the_three_front_ends_agree_byte_for_byte() {
    for (serde, flags) in [(true, &["--serde"][..]), (false, &[][..])] {
        let options = Options::new().serde(serde);
        let mut args = vec!["generate", SPEC];
        args.extend_from_slice(flags);
        let from_cli = errspec(&args);
        assert!(from_cli.status.success(), "{}", stderr(&from_cli));
        let from_cli = stdout(&from_cli);

        let out_dir = temp_dir(&format!("builder-{serde}"));
        let written = Builder::new()
            .options(options.clone())
            .base_dir(workspace())
            .out_dir(&out_dir)
            .emit_rerun_if_changed(false)
            .compile(SPEC)
            .unwrap();
        let from_builder = std::fs::read_to_string(written).unwrap();

        let (_, items) = macro_support::generate(SPEC, &options, &workspace()).unwrap();
        let tokens: proc_macro2::TokenStream = items.parse().unwrap();
        // The macro expands to the tokens of the file the CLI writes, below its
        // header: the two token streams print alike.
        let bytes = std::fs::read(workspace().join(SPEC)).unwrap();
        let header = errspec_codegen::header(&bytes, SPEC, &options);
        let cli_tokens: proc_macro2::TokenStream = from_cli
            .strip_prefix(header.as_str())
            .expect("the CLI output starts with the header")
            .parse()
            .unwrap();
        let from_macro = tokens.to_string();
        let from_cli_tokens = cli_tokens.to_string();

        assert_same(
            &from_cli,
            &from_builder,
            &format!("CLI vs Builder (serde: {serde})"),
        );
        assert_same(
            &from_cli_tokens,
            &from_macro,
            &format!("CLI vs include_spec! tokens (serde: {serde})"),
        );
        if serde {
            let checked_in = std::fs::read_to_string(workspace().join("generated/fivetran.rs"));
            assert_same(
                &from_cli,
                &checked_in.unwrap(),
                "CLI vs generated/fivetran.rs",
            );
        }
    }
}

/// Equal texts, or a failure naming the first differing line (not the whole files).
fn assert_same(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let line = left
        .lines()
        .zip(right.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| left.lines().count().min(right.lines().count()));
    panic!(
        "{what}: first difference at line {}:\n  left:  {:?}\n  right: {:?}",
        line + 1,
        left.lines().nth(line),
        right.lines().nth(line)
    );
}

#[test]
fn the_macro_expansion_tracks_the_spec_file() {
    let text = macro_support::expansion(SPEC, &Options::new(), &workspace()).unwrap();
    assert!(text.contains("include_bytes"), "{text}");
    assert!(text.contains("fivetran.yaml"));
}

#[test]
fn a_bad_spec_becomes_a_located_compile_error() {
    let text = macro_support::expansion(
        "codegen/tests/bad_specs/undefined_category.yaml",
        &Options::new(),
        &workspace(),
    )
    .unwrap_err();
    assert!(
        text.contains("codegen/tests/bad_specs/undefined_category.yaml:18:15"),
        "{text}"
    );
    assert!(text.contains("did you mean `not_found`?"), "{text}");
}

#[test]
fn unknown_macro_options_are_rejected() {
    let mut options = Options::new();
    let error = macro_support::option("serdes", &mut options).unwrap_err();
    assert!(error.contains("unknown include_spec! option `serdes`"));
}

#[test]
fn generate_writes_a_file_and_check_accepts_it() {
    let dir = temp_dir("check-fresh");
    let file = dir.join("out.rs");
    let file_arg = file.to_str().unwrap();
    let generated = errspec(&["generate", SPEC, "--serde", "-o", file_arg]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let checked = errspec(&["check", SPEC, file_arg, "--serde"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    // The header records the options the file was made with, and they decide:
    // checking without `--serde` does not call the file stale.
    let without_flags = errspec(&["check", SPEC, file_arg]);
    assert!(without_flags.status.success(), "{}", stderr(&without_flags));
    // A stale file's hint names the command that reproduces it, with its options.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("pub enum Code", "pub enum Kode", 1)).unwrap();
    let stale = errspec(&["check", SPEC, file_arg]);
    assert_eq!(stale.status.code(), Some(1));
    let expected = format!("run `errspec generate {SPEC} --serde -o {file_arg}`");
    assert!(stderr(&stale).contains(&expected), "{}", stderr(&stale));
}

#[test]
fn check_reports_a_stale_file_with_the_command_to_run() {
    let dir = temp_dir("check-stale");
    let file = dir.join("stale.rs");
    let fresh = stdout(&errspec(&["generate", SPEC, "--serde"]));
    std::fs::write(&file, fresh.replacen("NotFoundRole", "NotFoundRoel", 1)).unwrap();
    let file_arg = file.to_str().unwrap();
    let checked = errspec(&["check", SPEC, file_arg, "--serde"]);
    assert_eq!(checked.status.code(), Some(1));
    let message = stderr(&checked);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("is stale"), "{message}");
    assert!(
        message.contains(&format!(
            "run `errspec generate {SPEC} --serde -o {file_arg}`"
        )),
        "{message}"
    );
}

#[test]
fn check_reports_a_missing_file() {
    let checked = errspec(&["check", SPEC, "/nonexistent/errspec/out.rs"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(stderr(&checked).contains("run `errspec generate"));
}

#[test]
fn a_bad_spec_prints_the_located_diagnostic_and_exits_1() {
    let output = errspec(&["generate", "codegen/tests/bad_specs/unknown_key.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("--> codegen/tests/bad_specs/unknown_key.yaml:18:5"),
        "{message}"
    );
    assert!(message.contains("did you mean `category`?"), "{message}");
}

#[test]
fn an_unreadable_spec_exits_2() {
    let output = errspec(&["generate", "no/such/spec.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("errspec: no/such/spec.yaml:"));
}

/// A consumer crate that keeps the CLI's output in `src/`, as the README
/// shows: rustfmt (what `cargo fmt` runs on the crate's modules) leaves the
/// file unchanged, and `errspec check` still accepts it afterwards.
#[test]
fn rustfmt_and_check_agree_on_a_consumer_crate() {
    let dir = temp_dir("consumer");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("lib.rs"), "//! A consumer.\n\nmod fivetran;\n").unwrap();
    let file = src.join("fivetran.rs");
    let file_arg = file.to_str().unwrap();
    let generated = errspec(&["generate", SPEC, "--serde", "-o", file_arg]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let before = std::fs::read_to_string(&file).unwrap();

    let rustfmt = std::process::Command::new("rustfmt")
        .args(["--edition", "2021"])
        .arg(src.join("lib.rs"))
        .output()
        .expect("rustfmt is installed (rustup component add rustfmt)");
    assert!(rustfmt.status.success(), "{}", stderr(&rustfmt));
    let after = std::fs::read_to_string(&file).unwrap();
    assert_same(&before, &after, "generated file before and after rustfmt");

    let checked = errspec(&["check", SPEC, file_arg]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}
