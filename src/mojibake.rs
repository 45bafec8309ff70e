//! Repair of text that was decoded with the wrong encoding ("mojibake").
//!
//! Two accidents are common in scraped Chinese news:
//! * GBK or UTF-8 bytes read as Latin-1/Windows-1252 (`ÐÂ¹Ú·ÎÑ×`, `æ–°å† `);
//! * UTF-8 bytes read as GBK (`鏂板啝鑲虹値`).
//!
//! Each line is tested on its own: the suspicious text is turned back into the bytes it
//! came from and decoded again. A repair is kept only when the bytes decode (almost)
//! cleanly and the result reads like Chinese: most of its Han characters are among the
//! common characters of GB2312 level 1 or Big5 level 1. Ordinary text is never touched,
//! because it already scores high.

use std::sync::OnceLock;

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8, WINDOWS_1252};

const CJK_START: u32 = 0x4E00;
const CJK_END: u32 = 0x9FFF;

/// Bit set over U+4E00..=U+9FFF of the frequently used characters (GB2312 level 1 and
/// Big5 level 1), derived from the encoding tables of `encoding_rs`.
fn common_han() -> &'static [u64] {
    static SET: OnceLock<Vec<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut bits = vec![0u64; ((CJK_END - CJK_START) as usize + 64) / 64];
        let mut insert_decoded = |encoding: &'static Encoding, lead: std::ops::RangeInclusive<u8>, trail: &[u8]| {
            for lead in lead {
                for &trail in trail {
                    let pair = [lead, trail];
                    let (text, had_errors) = encoding.decode_without_bom_handling(&pair);
                    if had_errors {
                        continue;
                    }
                    for c in text.chars() {
                        let code = c as u32;
                        if (CJK_START..=CJK_END).contains(&code) {
                            let index = (code - CJK_START) as usize;
                            bits[index / 64] |= 1 << (index % 64);
                        }
                    }
                }
            }
        };
        let gb_trail: Vec<u8> = (0xA1..=0xFE).collect();
        insert_decoded(GBK, 0xB0..=0xD7, &gb_trail);
        let big5_trail: Vec<u8> = (0x40..=0x7E).chain(0xA1..=0xFE).collect();
        insert_decoded(BIG5, 0xA4..=0xC6, &big5_trail);
        bits
    })
}

/// Returns true for a Han character among the ~6,000 most frequently used ones.
pub fn is_common_han(c: char) -> bool {
    let code = c as u32;
    (CJK_START..=CJK_END).contains(&code) && is_in(common_han(), code)
}

/// Whether `code` (in U+4E00..=U+9FFF) is in the bit set `set` of [`common_han`].
fn is_in(set: &[u64], code: u32) -> bool {
    let index = code.wrapping_sub(CJK_START) as usize;
    set.get(index / 64).is_some_and(|word| word & (1 << (index % 64)) != 0)
}

/// Returns true for any character of the Han script (all CJK ideograph blocks).
pub fn is_han(c: char) -> bool {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0x2EBF0..=0x2EE5F | 0x2F800..=0x2FA1F | 0x30000..=0x3134F | 0x31350..=0x323AF | 0x3007)
}

/// Counts Han characters and, among them, common ones.
fn han_profile(text: &str) -> (usize, usize) {
    text.chars().filter(|&c| is_han(c)).fold((0, 0), |(han, common), c| (han + 1, common + is_common_han(c) as usize))
}

/// The kind of mojibake a line was repaired from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mojibake {
    /// GBK/GB18030 or UTF-8 bytes that had been read as Latin-1 or Windows-1252.
    Latin1,
    /// UTF-8 bytes that had been read as GBK.
    Gbk,
}

/// What [`check_line`] made of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineCheck {
    /// The line was mojibake: its repair and the kind of accident.
    Repaired(String, Mojibake),
    /// Not repaired, and its Han characters (if any) read as ordinary text: the GBK test
    /// rejects every line with the same Han characters, whatever else changes around them.
    Ordinary,
    /// Not repaired, but its Han characters look misread as GBK: the repair failed on other
    /// grounds, which a change elsewhere in the line could lift.
    Unsure,
}

/// Tries to repair one line of mojibake, and tells whether an unrepaired line's Han
/// characters read as ordinary text (see [`LineCheck`]), so that normalisation knows which
/// lines it need not look at again.
///
/// Returns the verdict: a line is repaired only when the bytes it came from decode (almost)
/// cleanly and read like Chinese.
pub fn check_line(line: &str) -> LineCheck {
    if line.is_ascii() {
        return LineCheck::Ordinary;
    }
    if let Some(text) = repair_latin1(line) {
        return LineCheck::Repaired(text, Mojibake::Latin1);
    }
    if !looks_misread_as_gbk(line) {
        return LineCheck::Ordinary;
    }
    match repair_gbk(line) {
        Some(text) => LineCheck::Repaired(text, Mojibake::Gbk),
        None => LineCheck::Unsure,
    }
}

/// Returns true when `line` could be Latin-1 mojibake: it has at least four non-ASCII
/// characters and none beyond the Windows-1252 range (a real CJK character rules it out).
/// The Latin-1 repair tries only such lines.
pub fn may_be_latin1_mojibake(line: &str) -> bool {
    !line.chars().any(|c| c > '\u{2122}') && line.chars().filter(|c| !c.is_ascii()).count() >= 4
}

fn repair_latin1(line: &str) -> Option<String> {
    // Latin-1 mojibake of Chinese: every character maps back to one byte (none is above
    // the Windows-1252 range, which rules out any line with a real CJK character at once).
    if !may_be_latin1_mojibake(line) {
        return None;
    }
    // Control characters are dropped later anyway; ignoring them here keeps the repair
    // the same whether it runs before or after that (normalisation stays idempotent).
    // C1 controls are bytes of UTF-8 mojibake, but junk in GBK/Big5 mojibake: try both.
    let without_c0: String = line.chars().filter(|&c| c >= ' ' && c != '\u{7F}').collect();
    let without_controls: String = without_c0.chars().filter(|c| !c.is_control()).collect();
    // What later steps make of the line (NBSP to space, runs collapsed, trimmed): trying it
    // too means a second normalisation never repairs what the first one did not.
    let canonical = without_controls.replace('\u{A0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    decode_latin1(&without_c0).or_else(|| decode_latin1(&without_controls)).or_else(|| decode_latin1(&canonical))
}

fn decode_latin1(line: &str) -> Option<String> {
    let bytes = latin1_bytes(line)?;
    [UTF_8, GB18030, BIG5].into_iter().find_map(|encoding| {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        let (han, common) = han_profile(&text);
        let mostly_han = han * 2 >= text.chars().filter(|c| !c.is_ascii()).count();
        (!had_errors && han >= 4 && mostly_han && common * 10 >= han * 8).then(|| text.into_owned())
    })
}

/// Maps each character back to the Windows-1252 (or, for C1 controls, Latin-1) byte it
/// was decoded from; `None` when a character cannot have come from a single byte.
fn latin1_bytes(line: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        if (c as u32) < 0x80 || ('\u{A0}'..='\u{FF}').contains(&c) || ('\u{80}'..='\u{9F}').contains(&c) {
            bytes.push(c as u32 as u8);
        } else {
            let mut buffer = [0u8; 4];
            let (encoded, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
            if unmappable || encoded.len() != 1 {
                return None;
            }
            bytes.push(encoded[0]);
        }
    }
    Some(bytes)
}

/// How many Han characters from the start of a line decide whether it looks like mojibake:
/// UTF-8 read as GBK is bad all the way through, so a prefix is enough.
const GBK_SAMPLE_HAN: usize = 64;

/// Returns true when at least 6 of the first 64 Han characters of `line` are Han and
/// under 60% of those are common ones.
fn looks_misread_as_gbk(line: &str) -> bool {
    let common_set = common_han();
    let (mut han, mut common) = (0, 0);
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII is never Han; U+4000..=U+9FFF (most Han: all but the hexagrams U+4DC0..=U+4DFF)
        // is read straight from its bytes.
        let (is_han_char, is_common) = match b {
            0x00..=0x7F => {
                i += 1;
                continue;
            }
            0xE4..=0xE9 if bytes.len() >= i + 3 => {
                let code = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[i + 1] & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F);
                i += 3;
                (!(0x4DC0..=0x4DFF).contains(&code), code >= CJK_START && is_in(common_set, code))
            }
            _ => {
                let Some(c) = line.get(i..).and_then(|rest| rest.chars().next()) else { break };
                i += c.len_utf8();
                (is_han(c), is_common_han(c))
            }
        };
        if !is_han_char {
            continue;
        }
        han += 1;
        common += usize::from(is_common);
        // With 39 common characters the share cannot fall under 60% of at most 64.
        if han == GBK_SAMPLE_HAN || common * 10 >= GBK_SAMPLE_HAN * 6 {
            break;
        }
    }
    han >= 6 && common * 10 < han * 6
}

/// Repairs a line that [`looks_misread_as_gbk`] (the caller has checked).
fn repair_gbk(line: &str) -> Option<String> {
    // A U+FFFD left by the wrong decoder stands for bytes already lost; it stays a U+FFFD.
    let mut bytes = Vec::with_capacity(line.len());
    for segment in line.split('\u{FFFD}') {
        let (encoded, _, unmappable) = GBK.encode(segment);
        if unmappable {
            return None;
        }
        bytes.extend_from_slice(&encoded);
        bytes.extend_from_slice("\u{FFFD}".as_bytes());
    }
    bytes.truncate(bytes.len().saturating_sub("\u{FFFD}".len()));
    let (decoded, _) = UTF_8.decode_without_bom_handling(&bytes);
    // Each character the wrong decoder destroyed leaves a run of U+FFFD: keep one.
    let mut text = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if !(c == '\u{FFFD}' && text.ends_with('\u{FFFD}')) {
            text.push(c);
        }
    }
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let (fixed_han, fixed_common) = han_profile(&text);
    let clean_enough = replaced * 10 <= fixed_han.max(1);
    let reads_well = fixed_han >= 2 && fixed_common * 10 >= fixed_han * 9;
    (clean_enough && reads_well).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repair alone, as the tests below were written against it.
    fn repair_line(line: &str) -> Option<(String, Mojibake)> {
        match check_line(line) {
            LineCheck::Repaired(text, kind) => Some((text, kind)),
            LineCheck::Ordinary | LineCheck::Unsure => None,
        }
    }

    const TEXT: &str = "新冠肺炎疫情防控战场上，湖北省襄阳市市场监督管理局坚定履行主体责任";

    fn misread(text: &str, written: &'static Encoding, read: &'static Encoding) -> String {
        let (bytes, _, _) = written.encode(text);
        read.decode_without_bom_handling(&bytes).0.into_owned()
    }

    #[test]
    fn common_set_has_the_everyday_characters() {
        for c in "党旗在战疫一线高高飘扬黨員幹部".chars() {
            assert!(is_common_han(c), "{c} should be common");
        }
        assert!(!is_common_han('鏂'));
        assert!(!is_common_han('A'));
    }

    #[test]
    fn repairs_gbk_read_as_latin1() {
        let broken = misread(TEXT, GBK, WINDOWS_1252);
        assert_ne!(broken, TEXT);
        assert_eq!(repair_line(&broken), Some((TEXT.to_string(), Mojibake::Latin1)));
    }

    #[test]
    fn repairs_utf8_read_as_latin1() {
        let broken = misread(TEXT, UTF_8, WINDOWS_1252);
        assert_eq!(repair_line(&broken), Some((TEXT.to_string(), Mojibake::Latin1)));
    }

    #[test]
    fn repairs_utf8_read_as_gbk() {
        let text = "吉林省市场监督管理厅高度重视把疫情防控工作作为重大政治任务";
        let broken = misread(text, UTF_8, GBK);
        let (fixed, kind) = repair_line(&broken).expect("repairable");
        assert_eq!(kind, Mojibake::Gbk);
        // An odd trailing byte is lost to the wrong decoder; everything before it returns.
        assert!(fixed.starts_with("吉林省市场监督管理厅高度重视把疫情防控工作作为重大政治"), "{fixed}");
        assert!(fixed.chars().count() >= text.chars().count() - 1);
    }

    /// The GBK test as it was written first, over `chars()`.
    fn looks_misread_by_chars(line: &str) -> bool {
        let (mut han, mut common) = (0, 0);
        for c in line.chars().filter(|&c| is_han(c)) {
            han += 1;
            common += usize::from(is_common_han(c));
            if han == GBK_SAMPLE_HAN || common * 10 >= GBK_SAMPLE_HAN * 6 {
                break;
            }
        }
        han >= 6 && common * 10 < han * 6
    }

    #[test]
    fn the_gbk_test_reads_han_from_its_bytes_as_it_did_from_chars() {
        let mut lines: Vec<String> =
            crate::samples::SAMPLE_REPORTS.iter().flat_map(|(_, t)| t.lines().map(String::from)).collect();
        lines.push(misread("吉林省市场监督管理厅高度重视把疫情防控工作作为重大政治任务", UTF_8, GBK));
        lines.push(misread(TEXT, UTF_8, GBK));
        lines.push("鍙戠敓鐤\u{FFFD}鎯呴槻 㐀𠮷鿏 abc 鍙戠敓鍙戠敓".to_string());
        // Every BMP Han block character among others, a few at a time.
        let han: Vec<char> = (0x3400..=0xFAFF).filter_map(char::from_u32).filter(|&c| is_han(c)).collect();
        lines.extend(han.chunks(7).map(|chunk| chunk.iter().collect::<String>() + "。"));
        let suspicious = lines.iter().filter(|line| looks_misread_by_chars(line)).count();
        assert!(suspicious >= 3);
        for line in &lines {
            assert_eq!(looks_misread_as_gbk(line), looks_misread_by_chars(line), "{line:?}");
        }
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for line in [TEXT, "吉林省市場監督管理廳高度重視", "Café au lait, naïve résumé", "𠮷野家 鿏 (左二)", ""]
        {
            assert_eq!(repair_line(line), None, "{line}");
        }
    }
}
