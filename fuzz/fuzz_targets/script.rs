//! to_simplified / to_traditional: ASCII comes through unchanged and in order; the
//! simplified view maps every offset back inside the original.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn ascii(s: &str) -> String {
    s.chars().filter(char::is_ascii).collect()
}

fuzz_target!(|text: &str| {
    let _ = zhreport::detect_script(text);
    if let (Ok(simplified), Ok(traditional)) = (zhreport::to_simplified(text), zhreport::to_traditional(text)) {
        assert_eq!(ascii(&simplified), ascii(text));
        assert_eq!(ascii(&traditional), ascii(text));
    }
    if let Ok(view) = zhreport::SimplifiedView::new(text) {
        let chars = view.text.chars().count();
        let (start, end) = view.span_to_original(0, chars);
        assert!(start <= end && end <= text.chars().count());
    }
});
