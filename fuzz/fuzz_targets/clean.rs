//! clean: lines cover the normalised text exactly once, in order; the body is made of
//! body and heading lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let cleaned = zhreport::clean(text);
    let mut position = 0;
    for line in &cleaned.lines {
        assert_eq!(line.start, position);
        assert!(cleaned.normalized.get(line.start..line.end).is_some());
        position = line.end + 1;
    }
    assert_eq!(position, cleaned.normalized.len() + 1);
    let kept: Vec<&str> = cleaned.lines.iter().filter(|l| l.kind.is_text()).map(|l| cleaned.line_text(l)).collect();
    assert_eq!(cleaned.text, kept.join("\n"));
});
