//! Spec bytes -> `parse_spec`; valid specs are generated, diagnostics rendered.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errspec_fuzz::spec_loader(data));
