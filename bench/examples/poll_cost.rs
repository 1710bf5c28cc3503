//! Prints the poll-cost table of BENCHMARKS.md: the generated Fivetran API's
//! `Poller` against polling every 5, 15 and 30 seconds, in the simulated
//! scenarios of `errspec_bench::poll_sim`, over its seeds, and the targets of
//! issue 13 marked ✓ or ✗. Deterministic: virtual time only, no sleeping.
//!
//! Run: `cargo run -p errspec-bench --example poll_cost`

use errspec_bench::poll_sim::{self, SEEDS};

fn main() {
    let summaries = poll_sim::simulate();
    println!("Seeds 0..{SEEDS}; medians and 95th percentiles are nearest-rank over the seeds.\n");
    print!("{}", poll_sim::markdown_table(&summaries));
    println!("\n| target | errspec `Poller` | met |\n|---|---|---|");
    for target in poll_sim::targets(&summaries) {
        let mark = if target.met { "✓" } else { "✗" };
        println!("| {} | {} | {mark} |", target.target, target.figure);
    }
}
