//! Snapshots of generated code and of spec diagnostics: a spec or generator
//! change shows up as a snapshot diff to review (`cargo insta review`). The
//! Fivetran spec's output is pinned by `generated/fivetran.rs` itself (the
//! root crate's tests/checked_in.rs), not by a second copy here.

use errspec_codegen::Options;

use crate::support::origin;

#[test]
fn generated_code_for_each_fixture() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let code = errspec_codegen::generate(&bytes, &origin(path), &Options::new())
            .unwrap_or_else(|errors| panic!("{errors}"));
        insta::assert_snapshot!(code);
    });
}

#[test]
fn diagnostics_for_each_bad_spec() {
    insta::glob!("../bad_specs", "*.yaml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let errors = match errspec_codegen::parse_spec(&bytes, &origin(path)) {
            Ok(_) => panic!("{} should be rejected", path.display()),
            Err(errors) => errors,
        };
        insta::assert_snapshot!(format!("{}\n---\n{errors}", errors.summary()));
    });
}
