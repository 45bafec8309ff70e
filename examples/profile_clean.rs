//! Times `clean` and `to_simplified` on the sample reports repeated to ~20 MB, then the
//! stages of `clean` (normalise, classify, metadata, script) in ms per MB of input and
//! `clean` per sample: `cargo run --release --example profile_clean`.

use std::time::Instant;

use zhreport::samples::SAMPLE_REPORTS;

/// Best of three runs of `work` over `reports`, in ms per MB of their input.
fn ms_per_mb(reports: &[&str], mut work: impl FnMut(&str) -> usize) -> f64 {
    let mb = reports.iter().map(|r| r.len()).sum::<usize>() as f64 / 1e6;
    let mut best = f64::INFINITY;
    let mut sink = 0;
    for _ in 0..3 {
        let start = Instant::now();
        for report in reports {
            sink += work(report);
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e3 / mb);
    }
    std::hint::black_box(sink);
    best
}

fn main() {
    let reports: Vec<&str> = SAMPLE_REPORTS.iter().map(|(_, text)| *text).cycle().take(2500).collect();
    let mb = reports.iter().map(|r| r.len()).sum::<usize>() as f64 / 1e6;
    let _ = zhreport::clean(reports[0]);
    let _ = zhreport::to_simplified(reports[0]);
    let clean = ms_per_mb(&reports, |r| zhreport::clean(r).text.len());
    let convert = ms_per_mb(&reports, |r| zhreport::to_simplified(r).map_or(0, |s| s.len()));
    let both = ms_per_mb(&reports, |r| zhreport::to_simplified(&zhreport::clean(r).text).map_or(0, |s| s.len()));
    println!("{mb:.1} MB, best of 3, ms per MB of input (MB/s):");
    println!("  clean                  {clean:6.2} ms/MB ({:6.1} MB/s)", 1e3 / clean);
    println!("  to_simplified (raw)    {convert:6.2} ms/MB ({:6.1} MB/s)", 1e3 / convert);
    println!("  clean -> to_simplified {both:6.2} ms/MB ({:6.1} MB/s)", 1e3 / both);

    let normalized: Vec<String> = reports.iter().map(|r| zhreport::normalize(r)).collect();
    let normalized_refs: Vec<&str> = normalized.iter().map(String::as_str).collect();
    let texts: Vec<String> = reports.iter().map(|r| zhreport::clean(r).text).collect();
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    // Each stage is timed on its own input but reported per MB of the raw reports.
    let scale = |stage_input: &[&str]| stage_input.iter().map(|r| r.len()).sum::<usize>() as f64 / 1e6 / mb;
    let normalize = ms_per_mb(&reports, |r| zhreport::normalize_with_repairs(r).0.len());
    let classify = ms_per_mb(&normalized_refs, |n| zhreport::layout::classify(n).len()) * scale(&normalized_refs);
    let meta = ms_per_mb(&normalized_refs, |n| zhreport::meta::extract(&zhreport::layout::classify(n)).editors.len())
        * scale(&normalized_refs)
        - classify;
    let script = ms_per_mb(&text_refs, |t| zhreport::detect_script(t) as usize) * scale(&text_refs);
    let simplify = ms_per_mb(&text_refs, |t| zhreport::to_simplified(t).map_or(0, |s| s.len())) * scale(&text_refs);
    println!("stages of clean (ms per MB of raw input):");
    println!("  normalize {normalize:6.2}  classify {classify:6.2}  meta {meta:6.2}  script {script:6.2}");
    println!("  rest of clean (lines, join) {:6.2}", clean - normalize - classify - meta - script);
    println!("  to_simplified of the clean text {simplify:6.2}");
    println!("clean per sample (ms/MB of that sample):");
    for (name, text) in SAMPLE_REPORTS {
        let one: Vec<&str> = std::iter::repeat_n(text, 500).collect();
        let n = zhreport::normalize(text);
        let n_one: Vec<&str> = std::iter::repeat_n(n.as_str(), 500).collect();
        println!(
            "  {name}  clean {:6.2}  normalize {:6.2}  classify {:6.2}",
            ms_per_mb(&one, |r| zhreport::clean(r).text.len()),
            ms_per_mb(&one, |r| zhreport::normalize(r).len()),
            ms_per_mb(&n_one, |r| zhreport::layout::classify(r).len()) * n.len() as f64 / text.len() as f64,
        );
    }
}
