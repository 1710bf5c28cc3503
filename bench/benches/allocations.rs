//! Allocations per call and the generator's peak memory, counted by a global
//! allocator (kept out of the timing benches so it cannot skew them).
//!
//! `cargo bench -p errspec-bench --bench allocations` prints:
//! - allocations (and bytes) per call of `Code::parse` (listed and unlisted
//!   values), `as_str`, `category`, `statuses`, `ApiError::from_response` (with
//!   and without the caller's body clone), the `serde_json` borrowed baseline
//!   and `Endpoint::match_request`, at every size;
//! - for each scale spec: the heap high-water mark (above what was live before
//!   the call) and allocation count of parsing the YAML alone, `parse_spec`,
//!   and `generate`, plus the process's peak resident set (`VmHWM`), measured
//!   first, before any other work.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use errspec::Headers;
use errspec_bench::scale::ScaleSpec;
use errspec_bench::{Size, S10, S1000, S10000};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size(), Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the caller's guarantees.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size(), Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded under the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded under the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // A reallocation counts as one allocation of the new size.
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(new_size, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes per call of `op`, over `calls` calls. `op` returns
/// its output so that dropping it is not counted (drops never allocate).
fn per_call<O>(calls: usize, mut op: impl FnMut(usize) -> O) -> (f64, f64) {
    let mut outputs = Vec::with_capacity(calls);
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    for i in 0..calls {
        // `outputs` has room for all, so pushing never allocates.
        outputs.push(black_box(op(i)));
    }
    let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    drop(outputs);
    (
        (a1 - a0) as f64 / calls as f64,
        (b1 - b0) as f64 / calls as f64,
    )
}

/// Peak heap above what was live before, allocations and wall time of one call.
fn peak_of<O>(op: impl FnOnce() -> O) -> (usize, usize, f64) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let allocs = ALLOCS.load(Relaxed);
    let start = Instant::now();
    let out = black_box(op());
    let secs = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Relaxed) - before;
    let count = ALLOCS.load(Relaxed) - allocs;
    drop(out);
    (peak, count, secs)
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn row(what: &str, size: &str, (allocs, bytes): (f64, f64)) {
    println!("| {what:<52} | {size:>6} | {allocs:>8.2} | {bytes:>9.1} |");
}

fn lookups<S: Size>() {
    let size = S::CODES.to_string();
    let known: Vec<&'static str> = S::known().to_vec();
    let unknown: Vec<String> = S::spec().unknown_codes(1000);
    let n = 1000;
    row(
        "Code::parse, listed value",
        &size,
        per_call(n, |i| S::parse(known[i % known.len()])),
    );
    row(
        "Code::parse, unlisted value",
        &size,
        per_call(n, |i| S::parse(&unknown[i % unknown.len()])),
    );
    let codes = errspec_bench::code_mix::<S>();
    row(
        "Code::as_str (mix)",
        &size,
        per_call(n, |i| S::as_str(&codes[i % codes.len()]).len()),
    );
    row(
        "Code::category (mix)",
        &size,
        per_call(n, |i| S::category(&codes[i % codes.len()])),
    );
    row(
        "Code::statuses (mix)",
        &size,
        per_call(n, |i| S::statuses(&codes[i % codes.len()]).len()),
    );

    let body = errspec_bench::ERROR_BODY.to_vec();
    row(
        "ApiError::from_response, body cloned in the call",
        &size,
        per_call(n, |_| {
            S::from_response(errspec_bench::ERROR_STATUS, Headers::new(), body.clone())
        }),
    );
    let mut bodies: Vec<Option<Vec<u8>>> = (0..n).map(|_| Some(body.clone())).collect();
    row(
        "ApiError::from_response, beyond the kept body",
        &size,
        per_call(n, |i| {
            let owned = bodies[i].take().expect("one body per call");
            S::from_response(errspec_bench::ERROR_STATUS, Headers::new(), owned)
        }),
    );

    let spec = S::spec();
    let hits = spec.hit_requests(64);
    let misses = spec.miss_requests(63);
    row(
        &format!(
            "Endpoint::match_request hit ({} endpoints)",
            spec.endpoints.len()
        ),
        &size,
        per_call(n, |i| {
            let (method, path) = &hits[i % hits.len()];
            S::match_request(method, path)
        }),
    );
    row(
        &format!(
            "Endpoint::match_request miss ({} endpoints)",
            spec.endpoints.len()
        ),
        &size,
        per_call(n, |i| {
            let (method, path) = &misses[i % misses.len()];
            S::match_request(method, path)
        }),
    );
}

fn main() {
    // Generation first, while the process is small, so VmHWM means something.
    println!("## Generation: peak heap (above the spec text) and allocations, one call each\n");
    println!("| step | codes | endpoints | peak heap MiB | allocations | seconds (one shot) |");
    println!("|---|---:|---:|---:|---:|---:|");
    let hwm_start = vm_hwm_kib();
    for codes in [10, 1000, 10000] {
        let spec = ScaleSpec::for_size(codes);
        let endpoints = spec.endpoints.len();
        let text = spec.to_yaml();
        let steps: [(&str, &dyn Fn() -> usize); 3] = [
            ("YAML alone (serde_saphyr -> serde_json::Value)", &|| {
                let value: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
                usize::from(value.is_object())
            }),
            ("errspec_codegen::parse_spec", &|| {
                let spec =
                    errspec_codegen::parse_spec(text.as_bytes(), "scale.yaml").expect("valid spec");
                black_box(&spec);
                0
            }),
            ("errspec_codegen::generate", &|| {
                errspec_codegen::generate(text.as_bytes(), "scale.yaml", &Default::default())
                    .expect("valid spec")
                    .len()
            }),
        ];
        for (name, step) in steps {
            let (peak, count, secs) = peak_of(step);
            println!(
                "| {name} | {codes} | {endpoints} | {:.1} | {count} | {secs:.3} |",
                mib(peak)
            );
        }
        let output = errspec_codegen::generate(text.as_bytes(), "scale.yaml", &Default::default())
            .expect("valid spec");
        println!(
            "| (spec {:.2} MiB in, generated code {:.2} MiB out) | {codes} | {endpoints} | | | |",
            mib(text.len()),
            mib(output.len())
        );
    }
    if let (Some(start), Some(end)) = (hwm_start, vm_hwm_kib()) {
        println!(
            "\nProcess peak resident set (VmHWM) after generation: {:.1} MiB (was {:.1} MiB at start).",
            end as f64 / 1024.0,
            start as f64 / 1024.0
        );
    }

    println!("\n## Allocations per call (average over 1,000 calls)\n");
    println!(
        "| {:<52} | {:>6} | {:>8} | {:>9} |",
        "call", "codes", "allocs", "bytes"
    );
    println!("|{:-<54}|{:->7}:|{:->9}:|{:->10}:|", "", "", "", "");
    lookups::<S10>();
    lookups::<S1000>();
    lookups::<S10000>();

    #[derive(serde::Deserialize)]
    struct B<'a> {
        code: &'a str,
        message: &'a str,
    }
    let body = errspec_bench::ERROR_BODY.to_vec();
    row(
        "serde_json::from_slice -> B<'a>, body cloned in the call",
        "-",
        per_call(1000, |_| {
            let body = body.clone();
            {
                let parsed: B<'_> = serde_json::from_slice(&body).expect("valid body");
                black_box((parsed.code, parsed.message));
            }
            body
        }),
    );
    row(
        "serde_json::from_slice -> B<'a>, beyond the body",
        "-",
        per_call(1000, |_| {
            let parsed: B<'_> = serde_json::from_slice(&body).expect("valid body");
            black_box((parsed.code, parsed.message)).0.len()
        }),
    );
}
