//! extract_quantities: spans (whole, unit, subject) slice the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(found) = zhreport::extract::extract_quantities(text) {
        for q in found {
            assert!(text.get(q.start..q.end).is_some());
            for (start, end) in q.unit.into_iter().chain(q.subject) {
                assert!(text.get(start..end).is_some());
            }
        }
    }
});
