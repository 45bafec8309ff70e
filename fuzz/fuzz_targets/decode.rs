//! decode: arbitrary bytes, detected or in each supported encoding, strict or replacing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhreport::decode::{decode, OnError};

const LABELS: [Option<&str>; 7] =
    [None, Some("utf-8"), Some("gb18030"), Some("gbk"), Some("big5"), Some("utf-16le"), Some("utf-16be")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let label = LABELS[usize::from(selector) % LABELS.len()];
    match decode(bytes, label, OnError::Strict) {
        Ok(decoded) => assert_eq!(decoded.replaced, 0),
        Err(zhreport::Error::Decode { offset, .. }) => assert!(offset <= bytes.len()),
        Err(other) => panic!("unexpected error: {other}"),
    }
    let replaced = decode(bytes, label, OnError::Replace).expect("replace mode always decodes");
    // Re-decoding the text as UTF-8 gives it back.
    let again = decode(replaced.text.as_bytes(), Some("utf-8"), OnError::Strict).expect("valid UTF-8");
    assert_eq!(again.text, replaced.text.trim_start_matches('\u{FEFF}'));
});
