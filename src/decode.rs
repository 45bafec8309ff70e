//! Stage 1: bytes to text.
//!
//! Scraped reports arrive as UTF-8 (with or without a BOM), GB18030/GBK, Big5 or UTF-16.
//! Decoding is strict by default: a malformed byte sequence is an [`Error::Decode`] that
//! names its byte offset, because silently replacing bytes loses text. Callers who prefer
//! a best-effort result ask for [`OnError::Replace`] and get the number of replacements.
//!
//! Detection (when no encoding is given) uses, in order: a byte-order mark, strict UTF-8
//! validity, a zero-byte test for BOM-less UTF-16, then `chardetng`'s guess, confirmed by a
//! strict decode and falling back to GB18030 and Big5.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// What to do with a byte sequence that is malformed in the chosen encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Fail with [`Error::Decode`] naming the offset of the first bad sequence.
    #[default]
    Strict,
    /// Replace each bad sequence with U+FFFD and count it.
    Replace,
}

impl OnError {
    /// Parses Python-style error-handler names: `"strict"` or `"replace"`.
    ///
    /// Returns [`Error::InvalidArgument`] listing the choices for any other name.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "strict" => Ok(Self::Strict),
            "replace" => Ok(Self::Replace),
            other => Err(Error::InvalidArgument(format!("errors must be 'strict' or 'replace', not {other:?}"))),
        }
    }
}

/// Decoded text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, without any byte-order mark.
    pub text: String,
    /// Canonical WHATWG name of the encoding used, e.g. `"UTF-8"`, `"gb18030"`, `"Big5"`.
    pub encoding: &'static str,
    /// Number of malformed sequences replaced by U+FFFD (always 0 in strict mode).
    pub replaced: usize,
}

/// Decodes `bytes` as `encoding` (a WHATWG label such as `"gbk"`), or detects the
/// encoding when `encoding` is `None`.
///
/// Returns the text with its encoding name, or [`Error::UnknownEncoding`] for an
/// unknown label and [`Error::Decode`] for malformed input in strict mode.
pub fn decode(bytes: &[u8], encoding: Option<&str>, on_error: OnError) -> Result<Decoded> {
    match encoding {
        Some(label) => {
            let encoding = lookup_encoding(label)?;
            let body = strip_matching_bom(bytes, encoding);
            decode_with(body, encoding, on_error)
        }
        None => decode_detected(bytes, on_error),
    }
}

/// Guesses the encoding of `bytes` without decoding them fully.
///
/// Returns the canonical WHATWG name of the detected encoding (`"UTF-8"` for empty input).
pub fn detect_encoding(bytes: &[u8]) -> &'static str {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding.name();
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        return encoding.name();
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8.name();
    }
    detection_candidates(bytes)
        .into_iter()
        .find(|encoding| decode_strict(bytes, encoding).is_ok())
        .unwrap_or(GB18030)
        .name()
}

/// Looks up a WHATWG encoding label, accepting common Python spellings
/// (`"utf8"`, `"gb2312"`, `"cp936"`, `"big5hkscs"`, `"utf_16"`).
///
/// Returns [`Error::UnknownEncoding`] when nothing matches.
pub fn lookup_encoding(label: &str) -> Result<&'static Encoding> {
    let normalized = label.trim().to_ascii_lowercase().replace('_', "-");
    let alias = match normalized.as_str() {
        "utf8" | "utf-8-sig" => "utf-8",
        "cp936" | "ms936" | "936" => "gbk",
        "big5hkscs" | "big5-hkscs" | "cp950" => "big5",
        "utf16" | "utf-16" | "utf-16-le" => "utf-16le",
        "utf-16-be" => "utf-16be",
        other => other,
    };
    Encoding::for_label(alias.as_bytes()).ok_or_else(|| Error::UnknownEncoding(label.to_string()))
}

fn decode_detected(bytes: &[u8], on_error: OnError) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], encoding, on_error);
    }
    // UTF-16 first: its NUL high bytes are valid UTF-8 too.
    if let Some(encoding) = sniff_utf16(bytes) {
        return decode_with(bytes, encoding, on_error);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: text.to_string(), encoding: UTF_8.name(), replaced: 0 });
    }
    let candidates = detection_candidates(bytes);
    let mut first_error = None;
    for encoding in &candidates {
        match decode_strict(bytes, encoding) {
            Ok(text) => return Ok(Decoded { text, encoding: encoding.name(), replaced: 0 }),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match on_error {
        OnError::Replace => decode_replacing(bytes, candidates[0]),
        OnError::Strict => Err(first_error.unwrap_or(Error::Decode { encoding: GB18030.name().into(), offset: 0 })),
    }
}

/// Encodings to try for non-UTF-8 input, most likely first: chardetng's guess when it is
/// a CJK multi-byte encoding, then GB18030 and Big5, then any other guess.
fn detection_candidates(bytes: &[u8]) -> Vec<&'static Encoding> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Allow);
    // encoding_rs decodes GBK with the full GB18030 decoder, so both name the same table.
    let guess = if guess == GBK { GB18030 } else { guess };
    let is_cjk = guess == GB18030 || guess == BIG5 || guess.name().starts_with("EUC") || guess.name() == "Shift_JIS";
    let mut candidates = Vec::with_capacity(4);
    if is_cjk {
        candidates.push(guess);
    }
    for fallback in [GB18030, BIG5] {
        if !candidates.contains(&fallback) {
            candidates.push(fallback);
        }
    }
    if !candidates.contains(&guess) {
        candidates.push(guess);
    }
    candidates
}

/// Recognises BOM-less UTF-16 from the zero high bytes of ASCII characters.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Plain text in another encoding almost never has NUL bytes at all.
    if zero_odd * 10 >= pairs * 3 && zero_even * 20 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 3 && zero_odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn strip_matching_bom<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((bom_encoding, bom_len)) if bom_encoding == encoding => &bytes[bom_len..],
        _ => bytes,
    }
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding, on_error: OnError) -> Result<Decoded> {
    match on_error {
        OnError::Strict => {
            decode_strict(bytes, encoding).map(|text| Decoded { text, encoding: encoding.name(), replaced: 0 })
        }
        OnError::Replace => decode_replacing(bytes, encoding),
    }
}

/// Decodes without replacement; the error names the byte offset of the first bad sequence.
fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Result<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, consumed_after) => Err(Error::Decode {
            encoding: encoding.name().to_string(),
            offset: read.saturating_sub(bad as usize + consumed_after as usize),
        }),
        // The buffer was sized by `max_utf8_buffer_length`, so it cannot fill up.
        DecoderResult::OutputFull => Err(Error::Decode { encoding: encoding.name().to_string(), offset: read }),
    }
}

/// Decodes replacing each malformed sequence with U+FFFD, counting the replacements.
fn decode_replacing(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3) + 4;
    let mut text = String::with_capacity(capacity);
    let mut rest = bytes;
    let mut replaced = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(_, _) => {
                replaced += 1;
                text.push('\u{FFFD}');
            }
            DecoderResult::OutputFull => text.reserve(rest.len() * 3 + 16),
        }
    }
    Ok(Decoded { text, encoding: encoding.name(), replaced })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "新冠肺炎疫情發生以來，婁底全市上下 2020年";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "sample must be encodable");
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice("党旗".as_bytes());
        assert_eq!(decode(&with_bom, None, OnError::Strict).unwrap().text, "党旗");
        assert_eq!(decode(&with_bom, Some("utf-8"), OnError::Strict).unwrap().text, "党旗");
        assert_eq!(decode("党旗".as_bytes(), None, OnError::Strict).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn detects_gb18030_and_big5() {
        let simplified = "襄阳市市场监督管理局坚定履行主体责任，强化党建引领，以“双报到”为载体。";
        let gbk = encode(simplified, GBK);
        let decoded = decode(&gbk, None, OnError::Strict).unwrap();
        assert_eq!(decoded.text, simplified);
        assert_eq!(decoded.encoding, "gb18030");

        let traditional = "吉林省市場監督管理廳高度重視，把疫情防控工作作為重大政治任務和頭等大事來抓。";
        let big5 = encode(traditional, BIG5);
        let decoded = decode(&big5, None, OnError::Strict).unwrap();
        assert_eq!(decoded.text, traditional);
        assert_eq!(decoded.encoding, "Big5");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let units: Vec<u16> = SAMPLE.encode_utf16().collect();
        let mut le = vec![0xFF, 0xFE];
        le.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, None, OnError::Strict).unwrap().text, SAMPLE);
        let mut be = vec![0xFE, 0xFF];
        be.extend(units.iter().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be, None, OnError::Strict).unwrap().text, SAMPLE);
        let ascii: Vec<u8> = "date: 2020-02-17".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&ascii, None, OnError::Strict).unwrap().text, "date: 2020-02-17");
    }

    #[test]
    fn strict_error_names_the_offset() {
        let mut bytes = "党旗".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("飘扬".as_bytes());
        let error = decode(&bytes, Some("utf-8"), OnError::Strict).unwrap_err();
        assert_eq!(error, Error::Decode { encoding: "UTF-8".into(), offset: 6 });
        let replaced = decode(&bytes, Some("utf-8"), OnError::Replace).unwrap();
        assert_eq!(replaced.text, "党旗\u{FFFD}飘扬");
        assert_eq!(replaced.replaced, 1);
    }

    #[test]
    fn unknown_label_and_aliases() {
        assert!(matches!(lookup_encoding("klingon"), Err(Error::UnknownEncoding(_))));
        assert_eq!(lookup_encoding("GB2312").unwrap(), GBK);
        assert_eq!(lookup_encoding("utf_8").unwrap(), UTF_8);
        assert_eq!(lookup_encoding("cp950").unwrap(), BIG5);
    }

    #[test]
    fn garbage_never_panics() {
        let garbage: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let _ = decode(&garbage, None, OnError::Strict);
        let replaced = decode(&garbage, None, OnError::Replace).unwrap();
        assert!(!replaced.text.is_empty());
        assert_eq!(decode(b"", None, OnError::Strict).unwrap().text, "");
    }
}
