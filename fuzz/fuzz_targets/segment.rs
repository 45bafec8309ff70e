//! segment: tokens and cut cover the text exactly, in order; sentences slice it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhreport::segment::default_segmenter;

fuzz_target!(|text: &str| {
    let tokens = default_segmenter().tokens(text);
    let mut position = 0;
    for token in &tokens {
        assert_eq!(token.start, position);
        assert!(token.end > token.start && text.get(token.start..token.end).is_some());
        position = token.end;
    }
    assert_eq!(position, text.len());
    assert_eq!(default_segmenter().cut(text).concat(), text);
    for span in zhreport::sentences::split_sentences(text) {
        assert!(text.get(span.start..span.end).is_some());
    }
});
