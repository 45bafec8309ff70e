//! Invariants of the core over random text (proptest).
//!
//! Few cases by default, so that CI stays fast; `ZHREPORT_DEEP=1 cargo test --test
//! properties` runs thousands. `PROPTEST_CASES` overrides both.

use chrono::NaiveDate;
use encoding_rs::{BIG5, GB18030};
use proptest::prelude::*;
use zhreport::decode::{decode, OnError};
use zhreport::extract::{extract_dates, extract_entities, extract_quantities};
use zhreport::ruby::strip_annotations;
use zhreport::segment::default_segmenter;
use zhreport::sentences::{split_paragraphs, split_sentences};
use zhreport::{clean, normalize, to_simplified, to_traditional};

/// Cases per property: 48 for CI, 2,000 with `ZHREPORT_DEEP=1`.
fn cases() -> u32 {
    if let Some(n) = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    if std::env::var("ZHREPORT_DEEP").is_ok_and(|v| !v.is_empty() && v != "0") {
        2000
    } else {
        48
    }
}

/// Fragments of the kind reports contain: Simplified and Traditional Han, astral and
/// rare Han, CJK punctuation, pinyin ruby and its damage, HTML, spaces of every kind,
/// line breaks, full-width letters, combining marks, emoji, dates and quantities.
const PIECES: &[&str] = &[
    "党",
    "黨",
    "員",
    "疫情",
    "發(fā)",
    "?dān)",
    "(左二)",
    "《通知》",
    "“",
    "”",
    "。",
    "，",
    ":",
    "|",
    ">>",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\u{3000}",
    "\u{A0}",
    "\u{200B}",
    "\t",
    "&nbsp;",
    "&amp;",
    "<p>",
    "</p>",
    "<b>",
    "１２",
    "Ａ",
    "2020-02-17",
    "来源:人民网",
    "(责编:王浩)",
    "△",
    "\\",
    "推荐阅读",
    "𠮷",
    "鿏",
    "😀",
    "e\u{301}",
    "ā",
    "\u{304}",
    "Copyright",
    "\u{0}",
    "\u{7}",
    "\u{FFFD}",
    "(",
    ")",
    "?",
    "2600余名",
    "64.2萬元",
    "3月12日至28日",
    "腊月二十九",
    "區委書記馮衛華",
    "湖北省襄阳市",
    "百分之十五",
    "昨天",
    "今（5）日",
    "Ã©",
    "é\u{301}",
    "ï»¿",
    "鍙戠敓",
];

/// The stuff of pinyin ruby, its damage and mojibake-like lines.
const RUBY_PIECES: &[&str] = &[
    "?", "\u{FFFD}", "(", ")", "（", "）", "dān", "fā", "zì", "de", "bào", "a", "e", "\u{304}", "\u{301}", "發", "重",
    "字", "日", "告", "報", "Ã", "©", "æ", "–", "\u{85}", " ", "ü", "?dān)", "(fā)",
];

/// Mojibake (UTF-8 and GBK read as Windows-1252 or Latin-1, UTF-8 read as GBK) among the
/// characters that normalisation drops, replaces or turns into spaces: a repair that only
/// becomes possible once they are gone must be made on the first normalisation.
const MOJIBAKE_PIECES: &[&str] = &[
    "鐤\u{FFFD}鎯呴槻鎺у伐浣\u{FFFD}",
    "鍙戠敓",
    "ç–«æƒ…é˜²æŽ§å·¥ä½œ",
    "ÒßÇé·À¿Ø¹¤×÷",
    "ç\u{96}«æ\u{83}\u{85}é\u{98}²",
    "ä¸\u{AD}",
    "疫情",
    "。",
    " ",
    "  ",
    "\t",
    "\u{3000}",
    "\u{A0}",
    "\u{2002}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{7}",
    "Ａ",
    "１",
    "\u{2028}",
    "(",
    "fā",
];

/// Keys of OpenCC's `t2s` phrase dictionary, whole and in halves, so that random text
/// makes phrase matches, near misses and shared characters.
fn t2s_phrase_pieces() -> Vec<String> {
    let mut pieces = Vec::new();
    for line in include_str!("../data/opencc/TSPhrases.txt").lines().filter(|l| !l.starts_with('#')) {
        let Some((key, _)) = line.split_once('\t') else { continue };
        let chars: Vec<char> = key.chars().collect();
        let half = chars.len() / 2;
        pieces.push(key.to_string());
        pieces.push(chars[..half].iter().collect());
        pieces.push(chars[half..].iter().collect());
    }
    pieces.extend(["党员", "干部", "一线", "。", "乾", "干"].map(String::from));
    pieces
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü()?]{1,5}",
        1 => "[\u{4E00}-\u{9FFF}]{1,4}",
    ]
}

/// Report-like random text.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..48).prop_map(|pieces| pieces.concat())
}

/// Checks that `(start, end)` is a span of `source` and returns its text.
fn slice(source: &str, start: usize, end: usize) -> &str {
    assert!(start <= end && end <= source.len(), "span {start}..{end} of {} bytes", source.len());
    source.get(start..end).unwrap_or_else(|| panic!("span {start}..{end} is not on character boundaries"))
}

/// Normalising normalised text changes nothing.
fn normalize_is_idempotent_on(raw: &str) -> Result<(), TestCaseError> {
    let once = normalize(raw);
    prop_assert_eq!(normalize(&once), once);
    Ok(())
}

/// [`normalize_is_idempotent_on`], and the ruby pass alone reaches its fixed point in one
/// run (normalize repeats passes, which would hide a ruby pass that needs several).
fn normalize_and_ruby_are_idempotent(raw: &str) -> Result<(), TestCaseError> {
    normalize_is_idempotent_on(raw)?;
    let stripped = strip_annotations(raw).0;
    prop_assert_eq!(strip_annotations(&stripped).0, stripped);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn lines_cover_the_normalized_input_once_in_order(raw in text()) {
        let cleaned = clean(&raw);
        prop_assert_eq!(&cleaned.normalized, &normalize(&raw));
        let mut position = 0;
        for line in &cleaned.lines {
            prop_assert_eq!(line.start, position);
            let text = slice(&cleaned.normalized, line.start, line.end);
            prop_assert!(!text.contains('\n'));
            position = line.end + 1;
        }
        prop_assert_eq!(position, cleaned.normalized.len() + 1);
        let kept: Vec<&str> = cleaned.lines.iter().filter(|l| l.kind.is_text()).map(|l| cleaned.line_text(l)).collect();
        prop_assert_eq!(&cleaned.text, &kept.join("\n"));
    }

    #[test]
    fn normalize_is_idempotent(raw in text()) {
        normalize_and_ruby_are_idempotent(&raw)?;
    }

    #[test]
    fn normalize_is_idempotent_on_ruby_and_mojibake_debris(
        raw in proptest::collection::vec(proptest::sample::select(RUBY_PIECES), 0..24).prop_map(|p| p.concat())
    ) {
        // Only what ruby annotations, their damage and mojibake are made of, so that nested
        // and adjacent cases come up often.
        normalize_and_ruby_are_idempotent(&raw)?;
    }

    #[test]
    fn normalize_is_idempotent_on_mojibake_among_spaces_and_invisibles(
        raw in proptest::collection::vec(proptest::sample::select(MOJIBAKE_PIECES), 0..16).prop_map(|p| p.concat())
    ) {
        normalize_is_idempotent_on(&raw)?;
    }

    #[test]
    fn every_t2s_path_converts_alike(
        raw in proptest::collection::vec(
            prop_oneof![3 => proptest::sample::select(t2s_phrase_pieces()), 1 => piece()], 0..16
        ).prop_map(|p| p.concat())
    ) {
        // The simplified view converts through the start table's matches alone; `to_simplified`
        // through the per-character table; the code points are the binding's form.
        let view = zhreport::SimplifiedView::new(&raw).unwrap();
        let converted = zhreport::to_simplified(&raw).unwrap();
        prop_assert_eq!(&converted, &view.text);
        let points = zhreport::script::to_simplified_code_points(&raw).unwrap();
        prop_assert_eq!(points.is_none(), converted == raw);
        let expected: Vec<u32> = converted.chars().map(u32::from).collect();
        prop_assert_eq!(points.unwrap_or(expected.clone()), expected);
    }

    #[test]
    fn a_text_the_script_scan_calls_unchanged_is_unchanged_by_conversion(
        raw in proptest::collection::vec(proptest::sample::select(t2s_phrase_pieces()), 0..12).prop_map(|p| p.concat())
    ) {
        let profile = zhreport::script::ScriptProfile::of(&raw);
        let converted = zhreport::to_simplified(&raw).unwrap();
        if profile.simplified_unchanged() {
            prop_assert_eq!(&converted, &raw);
        }
        let cleaned = clean(&raw);
        prop_assert_eq!(cleaned.simplified().unwrap(), zhreport::to_simplified(&cleaned.text).unwrap());
    }

    #[test]
    fn sentences_paragraphs_and_tokens_slice_their_source(raw in text()) {
        for span in split_sentences(&raw).into_iter().chain(split_paragraphs(&raw)) {
            slice(&raw, span.start, span.end);
        }
        // Tokens cover the text exactly, in order; `cut` gives the same words.
        let tokens = default_segmenter().tokens(&raw);
        let mut position = 0;
        for token in &tokens {
            prop_assert_eq!(token.start, position);
            prop_assert!(!slice(&raw, token.start, token.end).is_empty());
            position = token.end;
        }
        prop_assert_eq!(position, raw.len());
        let words: Vec<&str> = tokens.iter().map(|t| &raw[t.start..t.end]).collect();
        prop_assert_eq!(default_segmenter().cut(&raw), words);
    }

    #[test]
    fn extraction_spans_slice_their_source(raw in text()) {
        for q in extract_quantities(&raw).unwrap_or_default() {
            slice(&raw, q.start, q.end);
            for (start, end) in q.unit.into_iter().chain(q.subject) {
                slice(&raw, start, end);
            }
        }
        let reference = NaiveDate::from_ymd_opt(2020, 2, 17);
        for d in extract_dates(&raw, reference).unwrap_or_default() {
            slice(&raw, d.start, d.end);
            if let (Some(first), Some(last)) = (d.start_date, d.end_date) {
                prop_assert!(first <= last);
            }
        }
        for e in extract_entities(&raw).unwrap_or_default() {
            slice(&raw, e.start, e.end);
            if let Some((start, end)) = e.title {
                slice(&raw, start, end);
            }
        }
    }

    #[test]
    fn conversion_leaves_latin_digits_and_punctuation_alone(
        plain in "[ -~，。、：；！？“”‘’《》（）【】…—·\n]{0,60}",
        mixed in text(),
    ) {
        prop_assert_eq!(to_simplified(&plain).unwrap(), plain.clone());
        prop_assert_eq!(to_traditional(&plain).unwrap(), plain);
        // In mixed text, the ASCII characters come through in the same order.
        let ascii = |s: &str| s.chars().filter(char::is_ascii).collect::<String>();
        prop_assert_eq!(ascii(&to_simplified(&mixed).unwrap()), ascii(&mixed));
        prop_assert_eq!(ascii(&to_traditional(&mixed).unwrap()), ascii(&mixed));
    }

    #[test]
    fn decode_inverts_every_supported_encoding(raw in text()) {
        // A leading U+FEFF is read as a byte-order mark, by design.
        let raw = raw.trim_start_matches('\u{FEFF}');
        let strict = |bytes: &[u8], label: &str| decode(bytes, Some(label), OnError::Strict).map(|d| d.text);
        prop_assert_eq!(strict(raw.as_bytes(), "utf-8").unwrap(), raw);
        let le: Vec<u8> = raw.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = raw.encode_utf16().flat_map(u16::to_be_bytes).collect();
        prop_assert_eq!(strict(&le, "utf-16le").unwrap(), raw);
        prop_assert_eq!(strict(&be, "utf-16be").unwrap(), raw);
        // GB18030-2022 (which encoding_rs follows) gave 18 private-use code points a
        // standard character; their old byte sequences decode to that character.
        if !raw.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) {
            let (gb, _, unmappable) = GB18030.encode(raw);
            prop_assert!(!unmappable);
            prop_assert_eq!(strict(&gb, "gb18030").unwrap(), raw);
        }
        let (big5, _, unmappable) = BIG5.encode(raw);
        if !unmappable {
            prop_assert_eq!(strict(&big5, "big5").unwrap(), raw);
        }
    }

    #[test]
    fn decode_of_any_bytes_is_text_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        match decode(&bytes, None, OnError::Strict) {
            Ok(decoded) => prop_assert_eq!(decoded.replaced, 0),
            Err(zhreport::Error::Decode { offset, .. }) => prop_assert!(offset <= bytes.len()),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
        prop_assert!(decode(&bytes, None, OnError::Replace).is_ok());
    }
}

/// A Big5-encodable Traditional sentence, decoded from its bytes (computed by hand from
/// the Big5 table: 黨 = 0xC4D2, 員 = 0xADFB), so the round trip above cannot pass by
/// decoding every byte sequence to the same wrong thing.
#[test]
fn big5_bytes_decode_to_their_characters() {
    assert_eq!(decode(&[0xC4, 0xD2, 0xAD, 0xFB, b'a'], Some("big5"), OnError::Strict).unwrap().text, "黨員a");
}
