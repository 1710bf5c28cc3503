//! Writes the crate sources `scripts/compile_cost.sh` compiles:
//!
//! - `generated_full.rs`: errspec's output for the 10,000-code, 1,000-endpoint
//!   scale spec;
//! - `generated_codes.rs`: errspec's output for the same 10,000 codes without
//!   endpoints;
//! - `plain_codes.rs`: the same `Category` and `Code` API for those 10,000
//!   codes written as plain `match`es (`errspec_bench::plain`), with the
//!   generated code's variant names.
//!
//! Usage: `cargo run -p errspec-bench --example compile_cost_sources -- DIR`

use std::path::PathBuf;

use errspec_bench::scale::ScaleSpec;

const CODES: usize = 10_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .ok_or("usage: compile_cost_sources DIR")?,
    );
    std::fs::create_dir_all(&dir)?;
    let options = errspec_codegen::Options::default();
    let full = ScaleSpec::for_size(CODES);
    let codes_only = ScaleSpec::build(CODES, 0);
    let crate_doc = "//! Compile-cost test crate.\n";
    for (name, spec) in [("generated_full", &full), ("generated_codes", &codes_only)] {
        let code = errspec_codegen::generate(spec.to_yaml().as_bytes(), "scale.yaml", &options)?;
        std::fs::write(dir.join(format!("{name}.rs")), format!("{crate_doc}{code}"))?;
    }
    let plain = errspec_bench::plain::plain_api(&codes_only, errspec_codegen::naming::type_name);
    std::fs::write(dir.join("plain_codes.rs"), plain)?;
    Ok(())
}
