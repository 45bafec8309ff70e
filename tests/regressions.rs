//! Inputs that once crashed, hung or broke an invariant, found by fuzzing (fuzz/), the
//! property tests or by hand, checked through the public API. Unit tests beside the code
//! pin the same bugs closer to their cause; these make sure the whole pipeline is fixed.

use chrono::{Datelike, NaiveDate};
use zhreport::extract::{extract_dates, extract_entities};
use zhreport::offsets::CharOffsets;
use zhreport::{clean, normalize};

/// `clean(x)` then `clean` of the result's normalised text changes nothing more.
fn assert_stable(input: &str) {
    let once = normalize(input);
    assert_eq!(normalize(&once), once, "normalize is not idempotent on {input:?}");
    let cleaned = clean(input);
    assert_eq!(clean(&cleaned.normalized).normalized, cleaned.normalized, "{input:?}");
}

#[test]
fn full_width_letters_that_become_a_tag() {
    // Property test: full-width letters turn ASCII after the tags are stripped, making a
    // tag a second run removed (`<Ａ>>` → `<A>>` → `>`).
    assert_eq!(normalize("<Ａ>>"), ">");
    assert_stable("<Ａ>>");
    assert_stable("<ｐ>正文</ｐ>&ａｍｐ;");
}

#[test]
fn removed_characters_that_join_an_entity_or_a_tag() {
    assert_eq!(normalize("&am\u{7}p;&l\u{200B}t;"), "&<");
    assert_stable("<\u{0}b>粗</\u{FEFF}b>");
}

#[test]
fn ruby_damage_inside_ruby_damage() {
    // Each level of nesting needed one more run before the stack-based parse.
    assert_eq!(normalize("?(?dān)dān)"), "?(");
    for input in ["?(?(?(?dān)dān)dān)dān)", "發?dān)(fā)生", "a?dān)\u{304}b", "發?dān)?dān)(fā)"] {
        assert_stable(input);
    }
}

#[test]
fn ruby_on_mojibake_like_lines() {
    // GBK mojibake has `?` for bytes it could not map, next to what looks like pinyin.
    for input in ["鍙戠敓?dān)", "æ–°å† ?(fā)", "\u{FFFD}(fā)\u{FFFD}dān)", "Ã©(é)", "鏂?zhōng)板啝", "?ü)"]
    {
        assert_stable(input);
    }
}

#[test]
fn reference_days_at_the_ends_of_the_calendar() {
    // `reference + 7 days` overflowed (a panic) for a reference near NaiveDate::MAX.
    let found = extract_dates("2月8日，明天，腊月二十九", Some(NaiveDate::MAX)).unwrap();
    assert_eq!(found[0].start_date, NaiveDate::from_ymd_opt(NaiveDate::MAX.year(), 2, 8));
    assert_eq!(found[1].start_date, None);
    assert!(extract_dates("昨天 3月12日至28日", Some(NaiveDate::MIN)).is_ok());
}

#[test]
fn nested_entity_spans_convert_to_char_offsets() {
    // Spans out of order (a place inside an organisation) made the offset conversion
    // restart at the text's beginning for each one: quadratic on long texts full of them.
    let text = "湖北省襄阳市人民政府办公室发布通知。".repeat(2000);
    let found = extract_entities(&text).unwrap();
    assert!(found.len() >= 2000);
    assert!(found.windows(2).any(|w| w[1].start < w[0].end), "no nested spans: the test would not test");
    // Independent count: the character index of every byte offset.
    let mut char_at = vec![0; text.len() + 1];
    for (index, (byte, c)) in text.char_indices().enumerate() {
        for slot in &mut char_at[byte..byte + c.len_utf8()] {
            *slot = index;
        }
    }
    char_at[text.len()] = text.chars().count();
    let mut offsets = CharOffsets::new(&text);
    for e in &found {
        assert_eq!(offsets.char_offset(e.start), char_at[e.start]);
        assert_eq!(offsets.char_offset(e.end), char_at[e.end]);
    }
}
