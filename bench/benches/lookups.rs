//! The generated code's lookups against the obvious alternatives, side by side,
//! at every size (10, 1,000 and 10,000 codes; 10, 100 and 1,000 endpoints).
//!
//! `cargo bench -p errspec-bench --bench lookups`. Each figure is the time of
//! one call; inputs cycle through a fixed, shuffled list, and outputs are
//! dropped outside the timed loop. Each of the 100 samples times one pass over
//! the whole input list (`sample_size` = its length), so every figure covers
//! every input and divan's automatic sample sizing, which cold caches fool at
//! 10,000 codes, plays no part.

use divan::{black_box, Bencher};
use errspec::Headers;
use errspec_bench::{OpenEnumBaseline, Size, S10, S1000, S10000};

fn main() {
    divan::main();
}

/// `Code::parse` over 1,000 values, 90% listed and 10% not.
mod parse {
    use super::*;

    /// The generated `Code::parse`.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn errspec<S: Size>(bencher: Bencher) {
        let mix = errspec_bench::parse_mix::<S>();
        bencher
            .with_inputs(errspec_bench::cycle(&mix))
            .bench_local_values(|value| S::parse(value));
    }

    /// A plain `match` on string literals (hand-written code, derive macros).
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn plain_match<S: Size>(bencher: Bencher) {
        let mix = errspec_bench::parse_mix::<S>();
        bencher
            .with_inputs(errspec_bench::cycle(&mix))
            .bench_local_values(|value| S::parse_match(value));
    }

    /// A plain `match` on string literals returning an open enum, a unit
    /// variant per listed code and `Other(Box<str>)` for any other value: what
    /// hand-written code or a derive macro for an open enum emits. It exists
    /// because `plain_match` returns an `Option<u32>` while `Code::parse`
    /// returns a 24-byte open enum and boxes unlisted values; this one produces
    /// the same as `Code::parse`, so the two differ only in the lookup. 10 and
    /// 1,000 codes only: the baseline crate has no second 10,000-arm `match`
    /// (it would double a build that already takes minutes).
    #[divan::bench(types = [S10, S1000], sample_size = 1000)]
    fn plain_match_open_enum<S: OpenEnumBaseline>(bencher: Bencher) {
        let mix = errspec_bench::parse_mix::<S>();
        assert!(mix.iter().all(|value| {
            let unlisted = S::parse_match(value).is_none().then_some(*value);
            S::unlisted(&S::parse_open(value)) == unlisted
        }));
        bencher
            .with_inputs(errspec_bench::cycle(&mix))
            .bench_local_values(|value| S::parse_open(value));
    }

    /// `std::collections::HashMap<&'static str, u32>::get`.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn hashmap<S: Size>(bencher: Bencher) {
        let mix = errspec_bench::parse_mix::<S>();
        let map = errspec_bench::hashmap_baseline::<S>();
        bencher
            .with_inputs(errspec_bench::cycle(&mix))
            .bench_local_values(|value| map.get(value).copied());
    }

    /// The same `HashMap`, keeping an unlisted value the way `Code::Other`
    /// does (boxed), so that both sides produce the same information.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn hashmap_boxing_unlisted<S: Size>(bencher: Bencher) {
        let mix = errspec_bench::parse_mix::<S>();
        let map = errspec_bench::hashmap_baseline::<S>();
        bencher
            .with_inputs(errspec_bench::cycle(&mix))
            .bench_local_values(|value| {
                map.get(value)
                    .copied()
                    .ok_or_else(|| Box::<str>::from(value))
            });
    }
}

/// Accessors on parsed codes (the same mix, parsed once: 10% `Code::Other`).
mod code {
    use super::*;

    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn as_str<S: Size>(bencher: Bencher) {
        let codes = errspec_bench::code_mix::<S>();
        let refs: Vec<&S::Code> = codes.iter().collect();
        bencher
            .with_inputs(errspec_bench::cycle(&refs))
            .bench_local_values(|code| S::as_str(code).len());
    }

    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn category<S: Size>(bencher: Bencher) {
        let codes = errspec_bench::code_mix::<S>();
        let refs: Vec<&S::Code> = codes.iter().collect();
        bencher
            .with_inputs(errspec_bench::cycle(&refs))
            .bench_local_values(|code| S::category(code));
    }

    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn statuses<S: Size>(bencher: Bencher) {
        let codes = errspec_bench::code_mix::<S>();
        let refs: Vec<&S::Code> = codes.iter().collect();
        bencher
            .with_inputs(errspec_bench::cycle(&refs))
            .bench_local_values(|code| S::statuses(code).len());
    }
}

/// Reading a typical error body,
/// `{"code":"NotFound_Connector","message":"Connector with id 'x' does not exist."}`
/// (404), from an owned `Vec<u8>`: both contenders clone the body inside the
/// timed call and keep it until after the loop.
mod error_body {
    use super::*;

    /// `ApiError::from_response(404, Headers::new(), body)`.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 1000)]
    fn errspec_from_response<S: Size>(bencher: Bencher) {
        let body = errspec_bench::ERROR_BODY.to_vec();
        bencher.bench_local(|| {
            let error = S::from_response(
                errspec_bench::ERROR_STATUS,
                Headers::new(),
                black_box(&body).clone(),
            );
            debug_assert_eq!(S::error_code(&error), Some("NotFound_Connector"));
            error
        });
    }

    /// `#[derive(Deserialize)] struct B<'a> { code: &'a str, message: &'a str }`
    /// with `serde_json::from_slice`.
    #[divan::bench(sample_size = 1000)]
    fn serde_json_borrowed(bencher: Bencher) {
        #[derive(serde::Deserialize)]
        struct B<'a> {
            code: &'a str,
            message: &'a str,
        }
        let body = errspec_bench::ERROR_BODY.to_vec();
        bencher.bench_local(|| {
            let body = black_box(&body).clone();
            {
                let parsed: B<'_> = serde_json::from_slice(&body).expect("valid body");
                black_box((parsed.code, parsed.message));
            }
            body
        });
    }
}

/// [`errspec_bench::STRIPE_ERROR_BODY`] (402), read by the shipped Stripe
/// spec's envelope (code, message and four detail codes in `error`), against
/// serde_json borrowing the same seven fields from the nested object. Both
/// clone the body inside the timed call, as above.
mod nested_error_body {
    use super::*;

    /// `stripe::ApiError::from_response(402, Headers::new(), body)`.
    #[divan::bench(sample_size = 1000)]
    fn errspec_from_response(bencher: Bencher) {
        let body = errspec_bench::STRIPE_ERROR_BODY.to_vec();
        bencher.bench_local(|| {
            let error = errspec_bench::stripe::ApiError::from_response(
                402,
                Headers::new(),
                black_box(&body).clone(),
            );
            debug_assert_eq!(error.detail("decline_code"), Some("insufficient_funds"));
            error
        });
    }

    /// `#[derive(Deserialize)]` structs borrowing `error`'s code, message,
    /// type, decline code, advice code and parameter.
    #[divan::bench(sample_size = 1000)]
    fn serde_json_borrowed(bencher: Bencher) {
        #[derive(serde::Deserialize)]
        struct Envelope<'a> {
            #[serde(borrow)]
            error: Inner<'a>,
        }
        #[derive(serde::Deserialize)]
        struct Inner<'a> {
            code: Option<&'a str>,
            message: Option<&'a str>,
            #[serde(rename = "type")]
            kind: Option<&'a str>,
            decline_code: Option<&'a str>,
            advice_code: Option<&'a str>,
            param: Option<&'a str>,
        }
        let body = errspec_bench::STRIPE_ERROR_BODY.to_vec();
        bencher.bench_local(|| {
            let body = black_box(&body).clone();
            {
                let parsed: Envelope<'_> = serde_json::from_slice(&body).expect("valid body");
                let e = parsed.error;
                black_box((
                    e.code,
                    e.message,
                    e.kind,
                    e.decline_code,
                    e.advice_code,
                    e.param,
                ));
            }
            body
        });
    }
}

/// `Endpoint::match_request` on concrete paths (ids in place of parameters).
mod match_request {
    use super::*;

    fn requests(list: Vec<(&'static str, String)>) -> Vec<(&'static str, &'static str)> {
        list.into_iter()
            .map(|(method, path)| (method, &*Box::leak(path.into_boxed_str())))
            .collect()
    }

    /// 64 requests, each matching an endpoint, spread over the whole spec.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 64)]
    fn hit<S: Size>(bencher: Bencher) {
        let hits = requests(S::spec().hit_requests(64));
        assert!(hits.iter().all(|(m, p)| S::match_request(m, p).is_some()));
        bencher
            .with_inputs(errspec_bench::cycle(&hits))
            .bench_local_values(|(method, path)| S::match_request(method, path));
    }

    /// 63 requests matching none: an unused method, an unknown resource, two
    /// segments too many.
    #[divan::bench(types = [S10, S1000, S10000], sample_size = 63)]
    fn miss<S: Size>(bencher: Bencher) {
        let misses = requests(S::spec().miss_requests(63));
        assert!(misses.iter().all(|(m, p)| S::match_request(m, p).is_none()));
        bencher
            .with_inputs(errspec_bench::cycle(&misses))
            .bench_local_values(|(method, path)| S::match_request(method, path));
    }
}
