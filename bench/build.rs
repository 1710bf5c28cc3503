//! Writes the scale specs into `OUT_DIR` and generates each one through
//! `errspec_codegen::Builder` (the build-script front-end users use). The
//! plain-`match` baselines live in `baseline/`, which does not depend on the
//! generator. Deterministic: the same sources always write the same bytes, and
//! unchanged files keep their timestamps.
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/scale.rs"]
mod scale;

fn main() -> Result<(), errspec_codegen::Error> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/scale.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by cargo"));
    for (codes, endpoints) in scale::SIZES {
        let spec = scale::ScaleSpec::build(codes, endpoints);
        let name = format!("scale_{codes}.yaml");
        errspec_codegen::write_if_changed(&out.join(&name), spec.to_yaml().as_bytes())?;
        errspec_codegen::Builder::new()
            .base_dir(&out)
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .compile(&name)?;
    }
    // The shipped Stripe spec, for the nested error-body benchmark.
    errspec_codegen::Builder::new()
        .base_dir(PathBuf::from("../spec"))
        .out_dir(&out)
        .compile("stripe.yaml")?;
    Ok(())
}
