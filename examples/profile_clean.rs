//! Times `clean` and `to_simplified` on the sample reports repeated to ~20 MB:
//! `cargo run --release --example profile_clean`.

use std::time::Instant;

fn main() {
    let reports: Vec<&str> =
        zhreport::samples::SAMPLE_REPORTS.iter().map(|(_, text)| *text).cycle().take(10000).collect();
    let bytes: usize = reports.iter().map(|r| r.len()).sum();
    let mb = bytes as f64 / 1e6;
    for _ in 0..2 {
        let start = Instant::now();
        let mut chars = 0;
        for report in &reports {
            chars += zhreport::clean(report).text.len();
        }
        let clean = start.elapsed().as_secs_f64();
        let start = Instant::now();
        for report in &reports {
            chars += zhreport::to_simplified(report).map(|s| s.len()).unwrap_or(0);
        }
        let convert = start.elapsed().as_secs_f64();
        println!("{mb:.1} MB: clean {:.1} MB/s, to_simplified {:.1} MB/s ({chars})", mb / clean, mb / convert);
    }
}
