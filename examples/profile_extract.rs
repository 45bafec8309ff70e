//! Times the extraction scans against the segmentation they run on, on the five sample
//! reports' clean bodies repeated to ~5 MB: `cargo run --release --example profile_extract`.
//!
//! "prepare" is what extraction needs first and the pipeline does anyway: the simplified
//! view of Traditional text and the tagged tokens. The scans (quantities, dates, entities,
//! with their spans mapped back to the original) are what extraction adds to it. Each phase
//! is timed five times and the fastest run is kept (the machine may be shared).

use std::time::Instant;

use zhreport::extract::Prepared;
use zhreport::segment::default_segmenter;

fn best<T>(mut run: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..5 {
        let start = Instant::now();
        let out = run();
        best = best.min(start.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.expect("five runs"))
}

fn main() {
    let bodies: Vec<String> =
        zhreport::samples::SAMPLE_REPORTS.iter().map(|(_, text)| zhreport::clean(text).text).collect();
    let one: usize = bodies.iter().map(String::len).sum();
    let copies = (5_000_000 / one.max(1)).max(1);
    let reports: Vec<&str> = bodies.iter().map(String::as_str).cycle().take(bodies.len() * copies).collect();
    let mb = reports.iter().map(|r| r.len()).sum::<usize>() as f64 / 1e6;
    let segmenter = default_segmenter();
    let reference = chrono::NaiveDate::from_ymd_opt(2020, 2, 17);
    let (prepare, prepared) =
        best(|| reports.iter().filter_map(|r| Prepared::new(r, segmenter).ok()).collect::<Vec<Prepared<'_>>>());
    let (quantity_time, quantities) = best(|| prepared.iter().map(|p| p.quantities().len()).sum::<usize>());
    let (date_time, dates) = best(|| prepared.iter().map(|p| p.dates(reference).len()).sum::<usize>());
    let (entity_time, entities) = best(|| prepared.iter().map(|p| p.entities().len()).sum::<usize>());
    let scans = quantity_time + date_time + entity_time;
    println!(
        "{mb:.1} MB: prepare (view + segmentation) {prepare:.3} s; scans {scans:.3} s = {:.2}x \
         (quantities {quantity_time:.3} s, dates {date_time:.3} s, entities {entity_time:.3} s; \
         {quantities}/{dates}/{entities} found)",
        scans / prepare
    );
}
