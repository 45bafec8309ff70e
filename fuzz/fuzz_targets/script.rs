//! to_simplified / to_traditional: ASCII comes through unchanged and in order; the
//! simplified view maps every offset back inside the original; the per-character `t2s`
//! table (`to_simplified`, the code points) converts as the start table's matches (the
//! view) do.
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
    if let (Ok(view), Ok(simplified), Ok(points)) = (
        zhreport::SimplifiedView::new(text),
        zhreport::to_simplified(text),
        zhreport::script::to_simplified_code_points(text),
    ) {
        assert_eq!(view.text, simplified);
        let expected: Vec<u32> = simplified.chars().map(u32::from).collect();
        assert_eq!(points.is_none(), simplified == text);
        assert_eq!(points.unwrap_or_else(|| expected.clone()), expected);
    }
    if let Ok(view) = zhreport::SimplifiedView::new(text) {
        let chars = view.text.chars().count();
        let (start, end) = view.span_to_original(0, chars);
        assert!(start <= end && end <= text.chars().count());
    }
});
