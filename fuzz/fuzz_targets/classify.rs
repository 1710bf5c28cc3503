//! Response bytes -> `ApiError`, every endpoint's classifier and a poller.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| errspec_fuzz::classify(data));
