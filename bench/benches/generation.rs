//! The generator against its floor: `errspec_codegen::generate` of each scale
//! spec (10, 1,000 and 10,000 codes with 10, 100 and 1,000 endpoints) next to
//! parsing the same YAML alone into a `serde_json::Value` (the parse floor),
//! with `parse_spec` (load and validate) and `generate_tokens` (what
//! `include_spec!` expands to) on their own.
//!
//! `cargo bench -p errspec-bench --bench generation`. Peak memory is printed by
//! the `allocations` bench.

use divan::{black_box, Bencher};
use errspec_bench::scale::ScaleSpec;
use errspec_codegen::Options;

fn main() {
    divan::main();
}

const CODES: [usize; 3] = [10, 1000, 10000];

fn spec_text(codes: usize) -> String {
    ScaleSpec::for_size(codes).to_yaml()
}

/// The parse floor: `serde_saphyr::from_str::<serde_json::Value>` of the spec.
#[divan::bench(args = CODES, sample_count = 10, sample_size = 1)]
fn yaml_to_value(bencher: Bencher, codes: usize) {
    let text = spec_text(codes);
    bencher.bench_local(|| {
        serde_saphyr::from_str::<serde_json::Value>(black_box(&text)).expect("valid YAML")
    });
}

/// `errspec_codegen::parse_spec`: load and validate.
#[divan::bench(args = CODES, sample_count = 10, sample_size = 1)]
fn parse_spec(bencher: Bencher, codes: usize) {
    let text = spec_text(codes);
    bencher.bench_local(|| {
        errspec_codegen::parse_spec(black_box(text.as_bytes()), "scale.yaml").expect("valid spec")
    });
}

/// `errspec_codegen::generate_tokens` of a parsed spec: the generated text
/// without its header, lexed into tokens (the `include_spec!` path).
#[divan::bench(args = CODES, sample_count = 10, sample_size = 1)]
fn generate_tokens(bencher: Bencher, codes: usize) {
    let text = spec_text(codes);
    let spec = errspec_codegen::parse_spec(text.as_bytes(), "scale.yaml").expect("valid spec");
    let options = Options::default();
    bencher.bench_local(|| errspec_codegen::generate_tokens(black_box(&spec), &options));
}

/// `errspec_codegen::generate`: the whole pipeline, spec bytes to formatted file.
#[divan::bench(args = CODES, sample_count = 10, sample_size = 1)]
fn generate(bencher: Bencher, codes: usize) {
    let text = spec_text(codes);
    let options = Options::default();
    bencher.bench_local(|| {
        errspec_codegen::generate(black_box(text.as_bytes()), "scale.yaml", &options)
            .expect("valid spec")
    });
}
