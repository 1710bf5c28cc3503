//! Running the `errspec` binary from the workspace root, for the CLI tests.
#![allow(dead_code)] // each test file uses its own share of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the binary runs there, so spec paths read as in the README.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Runs `errspec` with `args` in the workspace root.
pub fn errspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errspec"))
        .current_dir(workspace())
        .args(args)
        .output()
        .expect("run errspec")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The body of a classification fixture: `body` (JSON), else `body_text`,
/// else empty.
pub fn fixture_body(fixture: &serde_json::Value) -> Vec<u8> {
    match (fixture.get("body"), fixture["body_text"].as_str()) {
        (Some(body), _) => serde_json::to_vec(body).unwrap(),
        (None, Some(text)) => text.as_bytes().to_vec(),
        (None, None) => Vec::new(),
    }
}

/// The `errspec classify` arguments of a classification fixture (endpoint,
/// status, `now`, headers), its body read from `body_file`.
pub fn fixture_args(fixture: &serde_json::Value, body_file: &str) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(endpoint) = fixture["endpoint"].as_str() {
        args.extend(["--endpoint".to_owned(), endpoint.to_owned()]);
    }
    args.extend([
        "--status".to_owned(),
        fixture["status"].to_string(),
        "--body-file".to_owned(),
        body_file.to_owned(),
        "--now".to_owned(),
        fixture["now"]
            .as_str()
            .unwrap_or("2024-03-11T09:00:00Z")
            .to_owned(),
    ]);
    for header in fixture["headers"].as_array().into_iter().flatten() {
        args.push("--header".to_owned());
        args.push(format!(
            "{}: {}",
            header[0].as_str().unwrap(),
            header[1].as_str().unwrap()
        ));
    }
    args
}
