//! Stage: word segmentation and POS tagging, with jieba-rs as the engine.
//!
//! On top of jieba's dictionary, HMM and tags, a [`Segmenter`] adds:
//! * an embedded domain dictionary for party and government news (`data/domain_dict.txt`);
//! * numbers with their multiplier, approximation and unit as one token (`2.5万`,
//!   `3400余人次`, `2020年`, `2月8日`, `14:11`, `15%`), the convention of the SIGHAN/MSR
//!   gold standard, tagged `t` for dates and times, `mq` with a measure word, else `m`;
//! * Traditional text segmented through its [`SimplifiedView`], tokens mapped back to the
//!   original script and offsets.

use std::io::BufRead;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::error::{Error, Result};
use crate::offsets::CharOffsets;
use crate::script::{has_traditional_char, scan_traditional_and, SimplifiedView};

/// One token: byte offsets into the text that was segmented, and a POS tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset of the token's start.
    pub start: usize,
    /// Byte offset of the token's end.
    pub end: usize,
    /// jieba (ICTCLAS) POS tag: `n`, `v`, `ns`, `m`, `t`, `x` (punctuation) …
    pub pos: &'a str,
}

/// A word segmenter: jieba's dictionary plus the domain dictionary plus user words.
pub struct Segmenter {
    jieba: Jieba,
    /// Words of the domain and user dictionaries, never split into parts.
    protected: std::collections::HashSet<String>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").finish_non_exhaustive()
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

/// The domain dictionary, in jieba's `word [freq] [tag]` format.
const DOMAIN_DICT: &str = include_str!("../data/domain_dict.txt");

impl Segmenter {
    /// Creates a segmenter with jieba's dictionary and the embedded domain dictionary.
    pub fn new() -> Self {
        let mut jieba = Jieba::new();
        let mut protected = std::collections::HashSet::new();
        for line in DOMAIN_DICT.lines() {
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next().filter(|w| !w.starts_with('#')) else {
                continue;
            };
            let freq = fields.next().and_then(|f| f.parse().ok());
            jieba.add_word(word, freq, fields.next());
            protected.insert(word.to_string());
        }
        Self { jieba, protected }
    }

    /// Adds one word, with an optional frequency (default: just enough to keep it whole)
    /// and POS tag.
    ///
    /// Returns [`Error::InvalidArgument`] for an empty word or one with whitespace.
    pub fn add_word(&mut self, word: &str, freq: Option<usize>, pos: Option<&str>) -> Result<()> {
        if word.is_empty() || word.chars().any(char::is_whitespace) {
            return Err(Error::InvalidArgument(format!(
                "a dictionary word cannot be empty or contain spaces: {word:?}"
            )));
        }
        let freq = freq.or_else(|| Some(self.jieba.suggest_freq(word)));
        self.jieba.add_word(word, freq, pos);
        self.protected.insert(word.to_string());
        Ok(())
    }

    /// Loads a dictionary in jieba's format (`word [freq] [tag]` per line).
    ///
    /// Returns [`Error::Dictionary`] naming the problem when a line cannot be read.
    pub fn load_dict<R: BufRead>(&mut self, reader: &mut R) -> Result<()> {
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(|e| Error::Dictionary(e.to_string()))?;
        self.jieba.load_dict(&mut text.as_bytes()).map_err(|e| Error::Dictionary(e.to_string()))?;
        self.protected.extend(text.lines().filter_map(|line| line.split_whitespace().next()).map(str::to_string));
        Ok(())
    }

    /// The underlying jieba-rs engine (for jieba's own keyword extractors).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Returns true when `word` is in this segmenter's dictionary.
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// Segments `text` into tagged tokens that cover it exactly, in order.
    ///
    /// Returns tokens with byte offsets into `text`.
    pub fn tokens<'s>(&'s self, text: &str) -> Vec<Token<'s>> {
        self.segment(text, true)
    }

    fn segment<'s>(&'s self, text: &str, with_pos: bool) -> Vec<Token<'s>> {
        if !has_traditional_char(text) {
            return self.tokens_simplified(text, with_pos);
        }
        match SimplifiedView::new(text) {
            Ok(view) => self.tokens_through_view(text, &view, with_pos),
            Err(_) => self.tokens_simplified(text, with_pos),
        }
    }

    /// Segments `text` into words (without POS tagging, which `cut` does not need).
    ///
    /// Returns slices of `text`, in order, that concatenate to it.
    pub fn cut<'t>(&self, text: &'t str) -> Vec<&'t str> {
        // The common case — Simplified text without digits — goes straight from jieba's
        // words to slices, with no intermediate tokens.
        let (digits, traditional) = scan_digits_and_traditional(text);
        if traditional {
            return self.segment(text, false).into_iter().map(|t| &text[t.start..t.end]).collect();
        }
        if digits {
            let tokens = self.untagged_tokens(text);
            return merge_numbers_unchecked(text, tokens).into_iter().map(|t| &text[t.start..t.end]).collect();
        }
        let words = self.jieba.cut(text, true);
        let mut output = Vec::with_capacity(words.len() + words.len() / 8);
        for word in words {
            match self.compound_split(word.word) {
                Some(middle) => {
                    let (left, right) = word.word.split_at(middle);
                    output.push(left);
                    output.push(right);
                }
                None => output.push(word.word),
            }
        }
        output
    }

    /// Tags Simplified `text` (no conversion to the simplified view): the tokens the
    /// extractors scan.
    pub fn tagged_simplified(&self, text: &str) -> Vec<Token<'static>> {
        self.tokens_simplified(text, true)
    }

    fn tokens_simplified(&self, text: &str, with_pos: bool) -> Vec<Token<'static>> {
        if !with_pos {
            return merge_numbers(text, self.untagged_tokens(text));
        }
        let tags = self.jieba.tag(text, true);
        let mut tokens = Vec::with_capacity(tags.len() + tags.len() / 8);
        for tag in tags {
            self.push_word(&mut tokens, tag.byte_start, tag.word, Some(tag.tag));
        }
        merge_numbers(text, tokens)
    }

    /// jieba's words as untagged tokens, compounds split, in one pass.
    fn untagged_tokens(&self, text: &str) -> Vec<Token<'static>> {
        let words = self.jieba.cut(text, true);
        let mut tokens = Vec::with_capacity(words.len() + words.len() / 8);
        let mut start = 0;
        for word in words {
            self.push_word(&mut tokens, start, word.word, None);
            start += word.word.len();
        }
        tokens
    }

    /// Pushes one of jieba's words as a token, or as two when it is a four-character word
    /// that is just two dictionary words side by side (`三峡工程`, `国有企业`, `充分发挥`),
    /// the granularity of the SIGHAN gold standards. Words of the domain and user
    /// dictionaries stay whole. The rule does not look at POS, so that `cut` (untagged,
    /// faster) and `tokens` always agree; with a tag (`Some`), split halves are tagged on
    /// their own.
    fn push_word(&self, tokens: &mut Vec<Token<'static>>, start: usize, word: &str, tag: Option<&str>) {
        let end = start + word.len();
        match self.compound_split(word) {
            Some(middle) => {
                let (left, right) = word.split_at(middle);
                let pos_of = |part: &str| if tag.is_some() { self.word_tag(part) } else { "" };
                tokens.push(Token { start, end: start + middle, pos: pos_of(left) });
                tokens.push(Token { start: start + middle, end, pos: pos_of(right) });
            }
            None => tokens.push(Token { start, end, pos: tag.map_or("", intern_pos) }),
        }
    }

    /// Returns the dictionary POS tag of one word.
    fn word_tag(&self, word: &str) -> &'static str {
        self.jieba.tag(word, false).first().map_or("x", |tag| intern_pos(tag.tag))
    }

    /// Returns the byte offset at which `word` splits into two two-character words.
    fn compound_split(&self, word: &str) -> Option<usize> {
        if word.len() != 12 || !word.chars().all(crate::mojibake::is_han) {
            return None;
        }
        let middle = word.char_indices().nth(2).map(|(i, _)| i)?;
        let (left, right) = word.split_at(middle);
        let splits = self.jieba.has_word(left) && self.jieba.has_word(right) && !self.protected.contains(word);
        splits.then_some(middle)
    }

    fn tokens_through_view<'s>(&'s self, original: &str, view: &SimplifiedView, with_pos: bool) -> Vec<Token<'s>> {
        let simplified_tokens = self.tokens_simplified(&view.text, with_pos);
        let mut view_chars = CharOffsets::new(&view.text);
        let byte_of: Vec<usize> = original.char_indices().map(|(i, _)| i).chain([original.len()]).collect();
        let mut tokens: Vec<Token<'s>> = Vec::with_capacity(simplified_tokens.len());
        for token in simplified_tokens {
            let (start, end) =
                view.span_to_original(view_chars.char_offset(token.start), view_chars.char_offset(token.end));
            let start = byte_of.get(start).copied().unwrap_or(original.len());
            let end = byte_of.get(end).copied().unwrap_or(original.len());
            match tokens.last_mut() {
                // A phrase that changed length can map two tokens onto one span: join them.
                Some(last) if start < last.end => last.end = last.end.max(end),
                _ if start < end => tokens.push(Token { start, end, pos: token.pos }),
                _ => {}
            }
        }
        tokens
    }
}

/// Returns the `'static` copy of a POS tag (`x` for one jieba does not use).
fn intern_pos(tag: &str) -> &'static str {
    KNOWN_TAGS.iter().find(|&&known| known == tag).copied().unwrap_or("x")
}

/// POS tags of jieba's dictionary and HMM (ICTCLAS set), plus `mq`.
const KNOWN_TAGS: &[&str] = &[
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k", "l", "m", "mg", "mq",
    "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r", "rg", "rr", "rz", "s", "t", "tg", "u", "ud",
    "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg", "vi", "vn", "vq", "x", "y", "yg", "z", "zg",
];

const TIME_UNITS: &[&str] = &["年", "月", "日", "号", "號", "时", "時", "点", "點", "分", "秒"];

/// Units and measure words that stay with a number, longest first where one is a prefix of
/// another (`分钟` before `分`, `人次` before `人`).
const NUMBER_UNITS: &[&str] = &[
    "平方公里",
    "平方米",
    "分钟",
    "分鐘",
    "小时",
    "小時",
    "人次",
    "万元",
    "亿元",
    "萬元",
    "億元",
    "美元",
    "公斤",
    "千克",
    "公里",
    "年",
    "月",
    "日",
    "号",
    "號",
    "时",
    "時",
    "点",
    "點",
    "分",
    "秒",
    "个",
    "個",
    "名",
    "人",
    "户",
    "戶",
    "家",
    "元",
    "天",
    "岁",
    "歲",
    "次",
    "件",
    "套",
    "只",
    "支",
    "批",
    "位",
    "所",
    "座",
    "条",
    "條",
    "项",
    "項",
    "种",
    "種",
    "份",
    "张",
    "張",
    "克",
    "吨",
    "噸",
    "米",
    "亩",
    "畝",
    "倍",
    "周",
    "週",
    "届",
    "屆",
    "期",
    "例",
    "辆",
    "輛",
    "台",
    "臺",
    "架",
    "艘",
    "轮",
    "輪",
    "股",
    "箱",
    "瓶",
    "袋",
    "盒",
    "包",
    "双",
    "雙",
    "副",
    "间",
    "間",
    "栋",
    "棟",
    "层",
    "層",
    "场",
    "場",
    "起",
];

/// Returns the end of the number-with-unit span starting at `start`, which must be a digit:
/// digits with `.`/`:` separators (`2.5`, `14:11`), then a percent sign, or multipliers
/// (`万`), an approximation (`余`, `多`) and a unit, then more digit-and-unit pairs
/// (`2月8日`). `None` when `start` is not a digit.
fn number_span_end(text: &str, start: usize) -> Option<usize> {
    let mut end = digits_end(text, start)?;
    let rest = &text[end..];
    if let Some(percent) = rest.chars().next().filter(|c| matches!(c, '%' | '％' | '‰')) {
        end += percent.len_utf8();
    } else {
        end += rest.chars().take_while(|c| "十百千万亿萬億".contains(*c)).map(char::len_utf8).sum::<usize>();
        if let Some(approx) = text[end..].chars().next().filter(|c| matches!(c, '多' | '余' | '餘')) {
            end += approx.len_utf8();
        }
        end += unit_len(&text[end..]);
    }
    // Further digit-and-unit pairs: `2月` + `8日`.
    while let Some(digits) = digits_end(text, end) {
        let unit = unit_len(&text[digits..]);
        if unit == 0 {
            break;
        }
        end = digits + unit;
    }
    Some(end)
}

/// Returns the end of a run of digits with `.`/`:` separators at `start`, if it starts with a digit.
fn digits_end(text: &str, start: usize) -> Option<usize> {
    let run = |from: usize| text[from..].chars().take_while(|&c| is_digit(c)).map(char::len_utf8).sum::<usize>();
    let first = run(start);
    if first == 0 {
        return None;
    }
    let mut end = start + first;
    while let Some(separator) = text[end..].chars().next().filter(|c| matches!(c, '.' | '．' | ':' | '：')) {
        let more = run(end + separator.len_utf8());
        if more == 0 {
            break;
        }
        end += separator.len_utf8() + more;
    }
    Some(end)
}

/// Returns the byte length of the unit `text` starts with (0 for none), looking only at
/// the units that begin with its first character.
fn unit_len(text: &str) -> usize {
    static BY_FIRST_CHAR: OnceLock<std::collections::HashMap<char, Vec<&'static str>>> = OnceLock::new();
    let table = BY_FIRST_CHAR.get_or_init(|| {
        let mut table: std::collections::HashMap<char, Vec<&'static str>> = std::collections::HashMap::new();
        for unit in NUMBER_UNITS {
            if let Some(first) = unit.chars().next() {
                table.entry(first).or_default().push(unit);
            }
        }
        table
    });
    let Some(first) = text.chars().next() else { return 0 };
    table.get(&first).and_then(|units| units.iter().find(|unit| text.starts_with(**unit))).map_or(0, |unit| unit.len())
}

/// Joins each number that starts a token with the tokens that make up the rest of its
/// number-with-unit span; a token that swallowed the span's unit (`日电` in `1月2日电`)
/// gives it back and is split at the span's end.
fn merge_numbers<'s>(text: &str, tokens: Vec<Token<'s>>) -> Vec<Token<'s>> {
    if !has_digit(text.as_bytes()) {
        return tokens;
    }
    merge_numbers_unchecked(text, tokens)
}

/// [`merge_numbers`] for a caller that already knows `text` has a digit.
fn merge_numbers_unchecked<'s>(text: &str, tokens: Vec<Token<'s>>) -> Vec<Token<'s>> {
    let mut merged: Vec<Token<'s>> = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while let Some(&token) = tokens.get(index) {
        let Some(span_end) = number_span_end(text, token.start) else {
            merged.push(token);
            index += 1;
            continue;
        };
        let mut last = index;
        while tokens.get(last + 1).is_some_and(|next| next.end <= span_end) {
            last += 1;
        }
        let overlap = tokens.get(last + 1).filter(|next| next.start < span_end && span_end < next.end);
        let end = if overlap.is_some() { span_end } else { tokens[last].end };
        // Untagged tokens (from `cut`) stay untagged.
        let pos = if token.pos.is_empty() { "" } else { number_tag(&text[token.start..end]) };
        merged.push(Token { start: token.start, end, pos });
        index = last + 1;
        if let Some(next) = overlap {
            merged.push(Token { start: span_end, ..*next });
            index += 1;
        }
    }
    merged
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn digit_at(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    b.is_ascii_digit()
        || (b == 0xEF && bytes.get(i + 1) == Some(&0xBC) && bytes.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c)))
}

/// Returns true when the UTF-8 bytes hold an ASCII or a full-width digit (U+FF10..=U+FF19,
/// encoded EF BC 90..=99), in one pass over the bytes.
fn has_digit(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| digit_at(bytes, i))
}

/// Returns true at the first character only Traditional text uses.
/// Tells whether `text` has a digit (numbers to merge) and whether it has a
/// Traditional-only character (to segment through the simplified view), in one pass that
/// stops once both are seen.
fn scan_digits_and_traditional(text: &str) -> (bool, bool) {
    scan_traditional_and(text, is_digit)
}

fn number_tag(word: &str) -> &'static str {
    if word.contains([':', '：']) || TIME_UNITS.iter().any(|unit| word.ends_with(unit)) {
        "t"
    } else if word
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "%％‰十百千万亿萬億多余餘".contains(c))
    {
        "m"
    } else {
        "mq"
    }
}

/// Returns the process-wide default segmenter (created on first use).
pub fn default_segmenter() -> &'static Segmenter {
    static DEFAULT: OnceLock<Segmenter> = OnceLock::new();
    DEFAULT.get_or_init(Segmenter::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        default_segmenter().cut(text)
    }

    #[test]
    fn tokens_cover_the_text() {
        for text in [
            "",
            "。",
            "襄阳市市场监管局紧抓党的政治建设不松手",
            "Latin text, 123 and 😀 emoji",
            "吉林省市場監督管理廳黨組",
        ] {
            assert_eq!(words(text).concat(), text);
        }
    }

    #[test]
    fn numbers_with_units_are_one_token() {
        let text = "2020年2月8日14:11,参与人员达681人次,服务3400余人次,增长2.5万,占15%";
        let cut = words(text);
        for expected in ["2020年2月8日", "14:11", "681人次", "3400余人次", "2.5万", "15%"] {
            assert!(cut.contains(&expected), "{expected} in {cut:?}");
        }
        let tokens = default_segmenter().tokens("2020年");
        assert_eq!(tokens[0].pos, "t");
    }

    #[test]
    fn domain_words_stay_whole() {
        let cut = words("以双报到为载体,打赢疫情防控阻击战,开展三无小区排查");
        for expected in ["双报到", "疫情防控", "阻击战", "三无小区"] {
            assert!(cut.contains(&expected), "{expected} in {cut:?}");
        }
    }

    #[test]
    fn traditional_is_cut_through_the_simplified_view() {
        let text = "吉林省市場監督管理廳黨組迅速貫徹落實省委決策部署";
        let cut = words(text);
        assert_eq!(cut.concat(), text);
        assert!(cut.contains(&"市場監督管理廳") || cut.contains(&"市場"), "{cut:?}");
        assert!(cut.contains(&"貫徹落實") || cut.contains(&"貫徹"), "{cut:?}");
    }

    #[test]
    fn user_words_stay_in_their_segmenter() {
        let mut custom = Segmenter::new();
        custom.add_word("高高飘扬了", Some(100_000), Some("v")).unwrap();
        assert!(custom.cut("党旗高高飘扬了").contains(&"高高飘扬了"));
        assert!(!words("党旗高高飘扬了").contains(&"高高飘扬了"));
        assert!(custom.add_word("", None, None).is_err());
    }
}
