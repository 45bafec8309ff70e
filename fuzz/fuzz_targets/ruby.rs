//! ruby: the annotation pass alone reaches its fixed point in one run (`normalize` repeats
//! its passes, which would hide a ruby pass that needs several), and it only removes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhreport::ruby::strip_annotations;

fuzz_target!(|line: &str| {
    if line.contains('\n') {
        return;
    }
    let (once, _) = strip_annotations(line);
    let (twice, again) = strip_annotations(&once);
    assert_eq!(once, twice, "not idempotent on {line:?}");
    assert_eq!(again.annotations + again.lost, 0);
    // A restored character replaces at least three removed ones (`?dān)`): never longer.
    assert!(once.chars().count() <= line.chars().count());
});
