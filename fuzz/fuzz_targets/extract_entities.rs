//! extract_entities: spans and titles slice the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(found) = zhreport::extract::extract_entities(text) {
        for e in found {
            assert!(text.get(e.start..e.end).is_some());
            if let Some((start, end)) = e.title {
                assert!(text.get(start..end).is_some());
            }
        }
    }
});
