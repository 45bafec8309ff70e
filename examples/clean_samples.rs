//! Prints what `clean` finds in each bundled sample report: `cargo run --example clean_samples`.

fn main() {
    for (name, raw) in zhreport::samples::SAMPLE_REPORTS {
        let cleaned = zhreport::clean(raw);
        println!("== {name}");
        println!("title: {:?}", cleaned.meta.title);
        println!(
            "published: {:?}  source: {:?}  script: {}",
            cleaned.meta.published,
            cleaned.meta.source,
            cleaned.script.as_str()
        );
        println!(
            "editors: {:?}  authors: {:?}  dateline: {:?}",
            cleaned.meta.editors, cleaned.meta.authors, cleaned.meta.dateline
        );
        println!("paragraphs: {}  removed: {:?}", cleaned.paragraphs().len(), cleaned.removed_counts());
        println!("repairs: {:?}", cleaned.repairs.iter().collect::<Vec<_>>());
        if std::env::var_os("TEXT").is_some() {
            println!("{}", cleaned.text);
        }
        if std::env::var_os("VERBOSE").is_some() {
            for line in &cleaned.lines {
                let text: String = cleaned.line_text(line).chars().take(40).collect();
                println!("  {:>11} | {text}", line.kind.as_str());
            }
        }
    }
}
