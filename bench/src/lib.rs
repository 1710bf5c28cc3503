//! Benchmark harness for errspec (issue 6): the generated code of three spec
//! sizes, their plain-`match` baselines, and the inputs the benchmarks feed them.
//!
//! `build.rs` writes the specs of [`scale::SIZES`] into `OUT_DIR` and runs
//! `errspec_codegen::Builder` on each, so the benchmarks compile the real
//! generated code through the front-end users use. Each size is a module
//! ([`s10`], [`s1000`], [`s10000`]) with the generated API and its `baseline`
//! (from the `errspec-bench-baseline` crate in `baseline/`), and a marker type ([`S10`], [`S1000`], [`S10000`]) implementing
//! [`Size`], so one generic benchmark covers every size. [`S10`] and [`S1000`]
//! also implement [`OpenEnumBaseline`]; [`S10000`] does not (its baseline has
//! no open enum).
//!
//! Run: `cargo bench -p errspec-bench` (see BENCHMARKS.md).
//!
//! [`poll_sim`] (issue 13) is a simulated Fivetran on a virtual clock that
//! drives the generated Fivetran API's `Poller` and fixed-interval polling
//! through the same scenarios: `cargo run -p errspec-bench --example poll_cost`.

pub mod plain;
pub mod poll_sim;
pub mod scale;

/// The generated API of the shipped Stripe spec (`spec/stripe.yaml`): an
/// envelope with a nested code and four detail codes.
#[allow(missing_docs)]
pub mod stripe {
    include!(concat!(env!("OUT_DIR"), "/stripe.rs"));
}

/// A Stripe-shaped card decline (402): the code and message nested in `error`,
/// with a type, decline code, parameter and documentation link beside them.
pub const STRIPE_ERROR_BODY: &[u8] = br#"{
  "error": {
    "code": "card_declined",
    "decline_code": "insufficient_funds",
    "doc_url": "https://stripe.com/docs/error-codes/card-declined",
    "message": "Your card has insufficient funds.",
    "param": "payment_method",
    "request_log_url": "https://dashboard.stripe.com/test/logs/req_8QbKb2Tz1Vx9Ee?t=1710147600",
    "type": "card_error"
  }
}"#;

use std::collections::HashMap;

macro_rules! size {
    ($module:ident, $baseline:ident, $marker:ident, $codes:literal) => {
        #[doc = concat!("The generated API of the ", stringify!($codes), "-code scale spec.")]
        #[allow(missing_docs)]
        pub mod $module {
            include!(concat!(env!("OUT_DIR"), "/scale_", $codes, ".rs"));

            /// The plain-`match` baseline for the same codes.
            pub use errspec_bench_baseline::$baseline as baseline;
        }

        #[doc = concat!("The ", stringify!($codes), "-code size, for generic benchmarks.")]
        #[derive(Clone, Copy, Debug)]
        pub struct $marker;

        impl Size for $marker {
            const CODES: usize = $codes;
            type Code = $module::Code;
            type Category = $module::Category;
            type Endpoint = $module::Endpoint;
            type ApiError = $module::ApiError;

            #[inline]
            fn parse(value: &str) -> Self::Code {
                $module::Code::parse(value)
            }
            #[inline]
            fn as_str(code: &Self::Code) -> &str {
                code.as_str()
            }
            #[inline]
            fn category(code: &Self::Code) -> Option<Self::Category> {
                code.category()
            }
            #[inline]
            fn statuses(code: &Self::Code) -> &'static [u16] {
                code.statuses()
            }
            #[inline]
            fn is_known(code: &Self::Code) -> bool {
                code.is_known()
            }
            #[inline]
            fn parse_match(value: &str) -> Option<u32> {
                $module::baseline::parse_match(value)
            }
            #[inline]
            fn known() -> &'static [&'static str] {
                $module::baseline::CODES
            }
            #[inline]
            fn match_request(method: &str, path: &str) -> Option<Self::Endpoint> {
                $module::Endpoint::match_request(method, path)
            }
            #[inline]
            fn from_response(
                status: u16,
                headers: errspec::Headers,
                body: Vec<u8>,
            ) -> Self::ApiError {
                $module::ApiError::from_response(status, headers, body)
            }
            #[inline]
            fn error_code(error: &Self::ApiError) -> Option<&str> {
                error.code().map(|code| code.as_str())
            }
            #[inline]
            fn error_message(error: &Self::ApiError) -> Option<&str> {
                error.message()
            }
        }
    };
}

/// One spec size: its generated API and baseline, behind one interface so a
/// generic benchmark runs at every size. Every method forwards to the generated
/// (or baseline) function and is inlined.
pub trait Size: 'static {
    /// Listed codes.
    const CODES: usize;
    /// The generated `Code`.
    type Code: Clone + 'static;
    /// The generated `Category`.
    type Category: Copy;
    /// The generated `Endpoint`.
    type Endpoint: Copy;
    /// The generated `ApiError`.
    type ApiError;

    /// `Code::parse`.
    fn parse(value: &str) -> Self::Code;
    /// `Code::as_str`.
    fn as_str(code: &Self::Code) -> &str;
    /// `Code::category`.
    fn category(code: &Self::Code) -> Option<Self::Category>;
    /// `Code::statuses`.
    fn statuses(code: &Self::Code) -> &'static [u16];
    /// `Code::is_known`.
    fn is_known(code: &Self::Code) -> bool;
    /// The plain-`match` baseline: a listed value's index.
    fn parse_match(value: &str) -> Option<u32>;
    /// The listed values, in spec order.
    fn known() -> &'static [&'static str];
    /// `Endpoint::match_request`.
    fn match_request(method: &str, path: &str) -> Option<Self::Endpoint>;
    /// `ApiError::from_response`.
    fn from_response(status: u16, headers: errspec::Headers, body: Vec<u8>) -> Self::ApiError;
    /// `ApiError::code` as a string.
    fn error_code(error: &Self::ApiError) -> Option<&str>;
    /// `ApiError::message`.
    fn error_message(error: &Self::ApiError) -> Option<&str>;

    /// The spec this size was generated from (rebuilt, identical).
    fn spec() -> scale::ScaleSpec {
        scale::ScaleSpec::for_size(Self::CODES)
    }
}

/// The open-enum baseline of a size: a plain `match` on string literals that
/// returns an open enum, a unit variant per listed code and `Other(Box<str>)`
/// for any other value, as hand-written code or a derive macro for an open enum
/// does. It produces what `Code::parse` produces, where
/// [`Size::parse_match`]'s `Option<u32>` is smaller and keeps nothing of an
/// unlisted value.
///
/// Only [`S10`] and [`S1000`] implement it: building the 10,000-arm `match`
/// optimised already takes minutes, and a second one would double that.
pub trait OpenEnumBaseline: Size {
    /// The baseline's open enum (`PlainCode`).
    type PlainCode;

    /// The open-enum plain `match` (`parse_open`).
    fn parse_open(value: &str) -> Self::PlainCode;
    /// The value an unlisted code keeps; `None` for a listed code.
    fn unlisted(code: &Self::PlainCode) -> Option<&str>;
}

macro_rules! open_enum_baseline {
    ($module:ident, $marker:ident) => {
        impl OpenEnumBaseline for $marker {
            type PlainCode = $module::baseline::PlainCode;

            #[inline]
            fn parse_open(value: &str) -> Self::PlainCode {
                $module::baseline::parse_open(value)
            }
            #[inline]
            fn unlisted(code: &Self::PlainCode) -> Option<&str> {
                code.unlisted()
            }
        }
    };
}

size!(s10, b10, S10, 10);
size!(s1000, b1000, S1000, 1000);
size!(s10000, b10000, S10000, 10000);

open_enum_baseline!(s10, S10);
open_enum_baseline!(s1000, S1000);

/// Share of unknown codes in [`parse_mix`], in percent.
pub const UNKNOWN_PERCENT: usize = 10;

/// Inputs per mix: large enough that a lookup's branches cannot be learnt.
pub const MIX_LEN: usize = 1000;

/// The `Code::parse` input: [`MIX_LEN`] values, 90% listed (drawn evenly from
/// the whole spec) and 10% unlisted (some in a family), in a fixed shuffled
/// order. Same for every contender.
pub fn parse_mix<S: Size>() -> Vec<&'static str> {
    let known = S::known();
    let unknown_count = MIX_LEN * UNKNOWN_PERCENT / 100;
    let unknown: Vec<&'static str> = S::spec()
        .unknown_codes(unknown_count)
        .into_iter()
        .map(|value| &*Box::leak(value.into_boxed_str()))
        .collect();
    let mut rng = scale::Rng::new(0x6d69_7821);
    let mut mix: Vec<&'static str> = (0..MIX_LEN - unknown_count)
        .map(|_| *rng.pick(known))
        .collect();
    mix.extend(unknown);
    rng.shuffle(&mut mix);
    mix
}

/// Parsed codes for `as_str`, `category` and `statuses`: the [`parse_mix`]
/// values, parsed once (so 10% are `Code::Other`).
pub fn code_mix<S: Size>() -> &'static [S::Code] {
    let codes: Vec<S::Code> = parse_mix::<S>().into_iter().map(S::parse).collect();
    Box::leak(codes.into_boxed_slice())
}

/// The `HashMap` baseline: every listed value to its index.
pub fn hashmap_baseline<S: Size>() -> HashMap<&'static str, u32> {
    S::known()
        .iter()
        .enumerate()
        .map(|(index, value)| (*value, u32::try_from(index).expect("few codes")))
        .collect()
}

/// A typical error body.
pub const ERROR_BODY: &[u8] =
    br#"{"code":"NotFound_Connector","message":"Connector with id 'x' does not exist."}"#;

/// The status [`ERROR_BODY`] comes with.
pub const ERROR_STATUS: u16 = 404;

/// A cycling input generator over a slice, for `divan::Bencher::with_inputs`.
pub fn cycle<T: Copy>(items: &[T]) -> impl FnMut() -> T + '_ {
    let mut next = 0;
    move || {
        let item = items[next];
        next = if next + 1 == items.len() { 0 } else { next + 1 };
        item
    }
}
