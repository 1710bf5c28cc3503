//! The scale generator is deterministic and its specs are valid.

use std::collections::HashSet;

use errspec_bench::scale::{name_key, ScaleSpec, SIZES};

#[test]
fn same_sizes_give_the_same_bytes() {
    let (codes, endpoints) = SIZES[1];
    assert_eq!(
        ScaleSpec::build(codes, endpoints).to_yaml(),
        ScaleSpec::build(codes, endpoints).to_yaml()
    );
}

#[test]
fn codes_are_distinct_and_of_mixed_length() {
    let spec = ScaleSpec::for_size(10000);
    assert_eq!(spec.codes.len(), 10000);
    let names: HashSet<String> = spec.codes.iter().map(|c| name_key(&c.value)).collect();
    assert_eq!(names.len(), spec.codes.len());
    let lengths: Vec<usize> = spec.codes[10..].iter().map(|c| c.value.len()).collect();
    assert!(lengths.iter().all(|len| (8..=40).contains(len)));
    assert!(lengths.iter().any(|&len| len <= 10) && lengths.iter().any(|&len| len >= 35));
    let unknown = spec.unknown_codes(100);
    assert!(unknown.iter().all(|u| !names.contains(&name_key(u))));
}

#[test]
fn endpoints_mix_rules_and_shapes() {
    let spec = ScaleSpec::for_size(10000);
    assert_eq!(spec.endpoints.len(), 1000);
    let segments: HashSet<usize> = spec
        .endpoints
        .iter()
        .map(|e| e.path.split('/').count() - 1)
        .collect();
    assert_eq!(segments, (2..=6).collect());
    let methods: HashSet<&str> = spec.endpoints.iter().map(|e| e.method).collect();
    assert_eq!(methods.len(), 4);
}

#[test]
fn specs_are_valid() {
    for (codes, endpoints) in &SIZES[..2] {
        let text = ScaleSpec::build(*codes, *endpoints).to_yaml();
        let spec = errspec_codegen::parse_spec(text.as_bytes(), "scale.yaml");
        assert!(
            spec.is_ok(),
            "{}",
            spec.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}
