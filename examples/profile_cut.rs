//! Times `Segmenter::cut` against plain jieba-rs on the MSR gold text:
//! `cargo run --release --example profile_cut -- ../shared/eval/msr_test_gold.utf8`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "../shared/eval/msr_test_gold.utf8".into());
    let gold = std::fs::read_to_string(&path).unwrap_or_default();
    let lines: Vec<String> = gold.lines().map(|l| l.split_whitespace().collect::<String>()).collect();
    let digits = std::env::var("DIGITS").ok();
    let lines: Vec<String> = lines
        .into_iter()
        .filter(|l| match digits.as_deref() {
            Some("with") => l.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
            Some("without") => !l.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
            _ => true,
        })
        .collect();
    let lines: Vec<&String> = lines.iter().cycle().take(lines.len() * 10).collect();
    let mb = lines.iter().map(|l| l.len()).sum::<usize>() as f64 / 1e6;
    let segmenter = zhreport::segment::Segmenter::new();
    let jieba = jieba_rs::Jieba::new();
    let mut extended = jieba_rs::Jieba::new();
    for line in include_str!("../data/domain_dict.txt").lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split_whitespace();
        if let Some(word) = fields.next() {
            extended.add_word(word, fields.next().and_then(|f| f.parse().ok()), fields.next());
        }
    }
    for _ in 0..4 {
        let start = Instant::now();
        let plain: usize = lines.iter().map(|l| jieba.cut(l, true).len()).sum();
        let theirs = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let words: usize = lines.iter().map(|l| segmenter.cut(l).len()).sum();
        let ours = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let _: usize = lines.iter().map(|l| extended.cut(l, true).len()).sum();
        let extended_time = start.elapsed().as_secs_f64();
        println!(
            "{mb:.1} MB: zhreport {:.1} MB/s ({words} words), jieba-rs {:.1} MB/s ({plain} words), with domain words {:.1} MB/s",
            mb / ours,
            mb / theirs,
            mb / extended_time
        );
    }
}
