//! extract_dates: spans slice the text and ranges run forwards, for a reference date taken
//! from the input anywhere in chrono's calendar (or none).
#![no_main]

use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (i32, &str)| {
    let (days, text) = input;
    let reference = match days {
        0 => None,
        // Spread the reference over the whole calendar, its two ends included.
        d => NaiveDate::MIN.checked_add_signed(Duration::days(i64::from(d.unsigned_abs() % 191_500_000))),
    };
    if let Ok(found) = zhreport::extract::extract_dates(text, reference) {
        for d in found {
            assert!(text.get(d.start..d.end).is_some());
            if let (Some(first), Some(last)) = (d.start_date, d.end_date) {
                assert!(first <= last);
            }
        }
    }
});
