//! `errspec::include_spec!` on a bad spec fails the build with a
//! `compile_error!` at the call site that carries the located diagnostic
//! (file:line:col, the underlined excerpt, the help line); a missing spec file,
//! an unknown option and a non-literal argument fail the same way.
//!
//! Each `tests/compile_fail/*.rs` is compiled by trybuild and its errors are
//! compared with the `.stderr` file next to it. Regenerate those with
//! `TRYBUILD=overwrite cargo test --test compile_fail` and read the diff.
//! rustc indents every line of a multi-line `compile_error!` message under its
//! first; the `.stderr` files keep that layout, which is what a user sees.
//! trybuild accepts it, but when it overwrites a file it writes its own variant,
//! which pulls some of the embedded diagnostic's lines to the left margin
//! (`identifier_collision` and `several_problems`); both pass.
//!
//! The macro resolves its path against `CARGO_MANIFEST_DIR`, and under trybuild
//! that is not this repository but the crate trybuild generates in
//! `<target-dir>/tests/trybuild/errspec-fivetran/`. The test therefore copies
//! `codegen/tests/bad_specs/` into that crate's `tests/bad_specs/` first, so the
//! cases name their specs as errspec-codegen's tests do
//! (`"tests/bad_specs/unknown_key.yaml"`) and the diagnostics show the same paths
//! as the `bad_specs` snapshots, wherever the target directory lives
//! (`CARGO_TARGET_DIR` included).

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn bad_include_spec_calls_fail_with_located_diagnostics() {
    stage_bad_specs();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}

/// Copies `codegen/tests/bad_specs/*.yaml` to `tests/bad_specs/` of trybuild's crate.
fn stage_bad_specs() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crate_dir = trybuild_crate_dir();
    let staged = crate_dir.join("tests").join("bad_specs");
    std::fs::create_dir_all(&staged)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", staged.display()));
    let source = repo.join("codegen/tests/bad_specs");
    for entry in std::fs::read_dir(&source).expect("codegen/tests/bad_specs is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            let to = staged.join(path.file_name().expect("a file name"));
            std::fs::copy(&path, &to).unwrap_or_else(|e| {
                panic!("cannot copy {} to {}: {e}", path.display(), to.display())
            });
        }
    }
}

/// The directory trybuild builds its crate in: `<target-dir>/tests/trybuild/<package>/`,
/// with the target directory taken from `cargo metadata`, as trybuild does.
fn trybuild_crate_dir() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let target_dir = metadata["target_directory"]
        .as_str()
        .expect("cargo metadata names the target directory");
    Path::new(target_dir)
        .join("tests")
        .join("trybuild")
        .join(env!("CARGO_PKG_NAME"))
}
