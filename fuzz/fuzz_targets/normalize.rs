//! normalize: never panics, and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = zhreport::normalize(text);
    let twice = zhreport::normalize(&once);
    assert_eq!(once, twice, "normalize is not idempotent on {text:?}");
});
