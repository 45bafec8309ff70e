//! Stage: Simplified and Traditional script.
//!
//! Conversion is phrase-level with OpenCC's own dictionaries (`data/opencc/`, Apache-2.0),
//! following OpenCC's `t2s` and `s2t` configurations: at each position the longest
//! phrase or character key wins (phrases before characters), and its first value is
//! written. The matching is done by one leftmost-longest Aho-Corasick automaton per
//! direction, which is what OpenCC's maximum-forward-matching segmentation computes; the
//! output is checked against `ferrous-opencc` and OpenCC's test cases in the tests.
//!
//! Doing the matching here rather than through `ferrous-opencc` gives two things the
//! crate does not: every replacement's span (so a [`SimplifiedView`] can map offsets
//! back to the original text) and several times its speed, since text with nothing to
//! convert is skipped at memchr speed by the automaton's prefilter.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::mojibake::is_han;

/// The script a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Simplified characters only (or only characters shared by both scripts).
    Simplified,
    /// Traditional characters, possibly with a few shared simplified-looking ones.
    Traditional,
    /// A substantial share of each.
    Mixed,
    /// No Han characters at all.
    None,
}

impl Script {
    /// Returns the lower-case name used by the Python API.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
            Script::Mixed => "mixed",
            Script::None => "none",
        }
    }
}

/// One parsed OpenCC dictionary: key → first value, and the keys whose values do not
/// include the key itself (characters exclusive to the source script).
struct Table {
    entries: Vec<(String, String)>,
    exclusive: CharSet,
}

/// A set of characters with a bit per BMP code point (the hot path of script detection)
/// and a hash set for the rest.
#[derive(Default)]
struct CharSet {
    bmp: Vec<u64>,
    astral: HashSet<char>,
}

impl CharSet {
    fn insert(&mut self, c: char) {
        let code = c as usize;
        if code < 0x10000 {
            if self.bmp.is_empty() {
                self.bmp = vec![0; 0x10000 / 64];
            }
            self.bmp[code / 64] |= 1 << (code % 64);
        } else {
            self.astral.insert(c);
        }
    }

    fn contains(&self, c: char) -> bool {
        let code = c as usize;
        if code < 0x10000 {
            self.bmp.get(code / 64).is_some_and(|word| word & (1 << (code % 64)) != 0)
        } else {
            self.astral.contains(&c)
        }
    }
}

fn parse_table(source: &str) -> Table {
    let mut entries = Vec::new();
    let mut exclusive = CharSet::default();
    for line in source.lines().filter(|line| !line.starts_with('#')) {
        let Some((key, values)) = line.trim_end_matches('\r').split_once('\t') else {
            continue;
        };
        let mut values = values.split(' ').filter(|v| !v.is_empty());
        let Some(first) = values.next() else { continue };
        let is_exclusive = first != key && values.all(|v| v != key);
        let mut key_chars = key.chars();
        if let (Some(c), None, true) = (key_chars.next(), key_chars.next(), is_exclusive) {
            exclusive.insert(c);
        }
        entries.push((key.to_string(), first.to_string()));
    }
    Table { entries, exclusive }
}

/// A phrase-level converter: one automaton over all keys and the replacement of each.
struct Converter {
    automaton: AhoCorasick,
    replacements: Vec<String>,
    /// Whether a pattern's replacement has a different number of characters.
    changes_length: Vec<bool>,
    /// Single-character mappings, for per-character lookups.
    chars: HashMap<char, char>,
    /// Characters that only the source script uses.
    exclusive: CharSet,
}

impl Converter {
    fn build(phrases: &str, characters: &str) -> Result<Self> {
        let phrases = parse_table(phrases);
        let characters = parse_table(characters);
        let mut seen = HashSet::new();
        let mut keys = Vec::new();
        let mut replacements = Vec::new();
        // Phrases first: on an equal key OpenCC's group dictionary prefers the phrase table.
        // A phrase that maps to itself (`不干你事`) still matters: it shields its characters
        // from character-level conversion. A character that maps to itself does not.
        for (key, value) in phrases.entries.into_iter().chain(characters.entries.iter().cloned()) {
            let shields = key != value || key.chars().nth(1).is_some();
            if seen.insert(key.clone()) && shields {
                keys.push(key);
                replacements.push(value);
            }
        }
        let changes_length =
            keys.iter().zip(&replacements).map(|(k, v)| k.chars().count() != v.chars().count()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .map_err(|e| Error::Dictionary(format!("cannot build the OpenCC automaton: {e}")))?;
        let chars = characters
            .entries
            .iter()
            .filter_map(|(k, v)| {
                let mut k = k.chars();
                match (k.next(), k.next(), v.chars().next()) {
                    (Some(key), None, Some(value)) => Some((key, value)),
                    _ => None,
                }
            })
            .collect();
        Ok(Self { automaton, replacements, changes_length, chars, exclusive: characters.exclusive })
    }

    /// Converts `text`; also returns whether any replacement changed the length.
    fn convert(&self, text: &str) -> (String, bool) {
        let mut output = String::with_capacity(text.len());
        let mut last = 0;
        let mut length_changed = false;
        for m in self.automaton.find_iter(text) {
            output.push_str(&text[last..m.start()]);
            output.push_str(&self.replacements[m.pattern().as_usize()]);
            length_changed |= self.changes_length[m.pattern().as_usize()];
            last = m.end();
        }
        output.push_str(&text[last..]);
        (output, length_changed)
    }

    /// Converts `text` and records every replacement that changed the length.
    fn convert_aligned(&self, text: &str) -> (String, Vec<Piece>) {
        let mut output = String::with_capacity(text.len());
        let mut pieces = Vec::new();
        let (mut last, mut original_chars, mut output_chars) = (0, 0, 0);
        for m in self.automaton.find_iter(text) {
            let between = text[last..m.start()].chars().count();
            output.push_str(&text[last..m.start()]);
            original_chars += between;
            output_chars += between;
            let replacement = &self.replacements[m.pattern().as_usize()];
            let len = text[m.start()..m.end()].chars().count();
            let simplified_len = replacement.chars().count();
            if len != simplified_len {
                pieces.push(Piece { original: original_chars, len, simplified: output_chars, simplified_len });
            }
            output.push_str(replacement);
            original_chars += len;
            output_chars += simplified_len;
            last = m.end();
        }
        output.push_str(&text[last..]);
        (output, pieces)
    }
}

fn converter(
    slot: &'static OnceLock<std::result::Result<Converter, Error>>,
    phrases: &str,
    characters: &str,
) -> Result<&'static Converter> {
    slot.get_or_init(|| Converter::build(phrases, characters)).as_ref().map_err(Clone::clone)
}

fn t2s() -> Result<&'static Converter> {
    static SLOT: OnceLock<std::result::Result<Converter, Error>> = OnceLock::new();
    converter(&SLOT, include_str!("../data/opencc/TSPhrases.txt"), include_str!("../data/opencc/TSCharacters.txt"))
}

fn s2t() -> Result<&'static Converter> {
    static SLOT: OnceLock<std::result::Result<Converter, Error>> = OnceLock::new();
    converter(&SLOT, include_str!("../data/opencc/STPhrases.txt"), include_str!("../data/opencc/STCharacters.txt"))
}

/// Converts Traditional text to Simplified, phrase by phrase (OpenCC `t2s`).
///
/// Returns the converted text; non-Han characters pass through unchanged.
pub fn to_simplified(text: &str) -> Result<String> {
    Ok(t2s()?.convert(text).0)
}

/// Converts Simplified text to Traditional, phrase by phrase (OpenCC `s2t`).
///
/// Returns the converted text; non-Han characters pass through unchanged.
pub fn to_traditional(text: &str) -> Result<String> {
    Ok(s2t()?.convert(text).0)
}

/// Returns the Simplified form of one character (itself when it has none).
pub fn simplified_char(c: char) -> char {
    t2s().ok().and_then(|t| t.chars.get(&c).copied()).unwrap_or(c)
}

/// Returns the Traditional form of one character (itself when it has none).
pub fn traditional_char(c: char) -> char {
    s2t().ok().and_then(|t| t.chars.get(&c).copied()).unwrap_or(c)
}

/// Counts the characters that only Traditional and only Simplified text uses, among the
/// first 20,000 Han characters.
///
/// Returns `(traditional_only, simplified_only, han)` counts.
pub fn script_profile(text: &str) -> (usize, usize, usize) {
    let Ok(classes) = bmp_classes() else {
        return (0, 0, text.chars().filter(|&c| is_han(c)).count());
    };
    let mut counts = (0, 0, 0);
    for c in text.chars() {
        let class = match classes.get(c as usize) {
            Some(&class) => class,
            None => astral_class(c),
        };
        if class == NOT_HAN {
            continue;
        }
        counts.2 += 1;
        match class {
            TRADITIONAL_ONLY => counts.0 += 1,
            SIMPLIFIED_ONLY => counts.1 += 1,
            _ => {}
        }
        if counts.2 >= SCRIPT_SAMPLE_HAN {
            break;
        }
    }
    counts
}

const NOT_HAN: u8 = 0;
const SHARED_HAN: u8 = 1;
const TRADITIONAL_ONLY: u8 = 2;
const SIMPLIFIED_ONLY: u8 = 3;

fn class_of(c: char, t2s: &Converter, s2t: &Converter) -> u8 {
    if !is_han(c) {
        NOT_HAN
    } else if t2s.exclusive.contains(c) {
        TRADITIONAL_ONLY
    } else if s2t.exclusive.contains(c) {
        SIMPLIFIED_ONLY
    } else {
        SHARED_HAN
    }
}

/// One byte per BMP code point: not Han, shared, Traditional-only or Simplified-only, so
/// that script detection costs one table lookup per character.
fn bmp_classes() -> Result<&'static [u8]> {
    static CLASSES: OnceLock<std::result::Result<Vec<u8>, Error>> = OnceLock::new();
    CLASSES
        .get_or_init(|| {
            let (t2s, s2t) = (t2s()?, s2t()?);
            Ok((0u32..0x10000).map(|code| char::from_u32(code).map_or(NOT_HAN, |c| class_of(c, t2s, s2t))).collect())
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

fn astral_class(c: char) -> u8 {
    match (t2s(), s2t()) {
        (Ok(t2s), Ok(s2t)) => class_of(c, t2s, s2t),
        _ => NOT_HAN,
    }
}

/// Returns true when `text` has a character only Traditional text uses (stops at the first).
///
/// Needs only the `t2s` tables, so segmenting Simplified text never builds the large
/// `s2t` automaton.
pub fn has_traditional_char(text: &str) -> bool {
    t2s().is_ok_and(|t2s| text.chars().any(|c| t2s.exclusive.contains(c)))
}

/// Tells, in one pass that stops once both are seen, whether some character satisfies
/// `also` and whether some character is one only Traditional text uses.
///
/// Returns `(also_seen, traditional_seen)`.
pub fn scan_traditional_and(text: &str, also: impl Fn(char) -> bool) -> (bool, bool) {
    let Ok(t2s) = t2s() else { return (text.chars().any(also), false) };
    let (mut seen, mut traditional) = (false, false);
    for c in text.chars() {
        seen = seen || also(c);
        traditional = traditional || t2s.exclusive.contains(c);
        if seen && traditional {
            break;
        }
    }
    (seen, traditional)
}

/// How many Han characters [`detect_script`] looks at: enough to tell the scripts apart
/// (and see a mixture) in any report, without scanning a whole book.
const SCRIPT_SAMPLE_HAN: usize = 20_000;

/// Detects the script of `text` from its first 20,000 Han characters.
///
/// Returns [`Script::Mixed`] when the minority script makes up at least a fifth of the
/// script-specific characters (and at least three of them), [`Script::None`] when there is
/// no Han character.
pub fn detect_script(text: &str) -> Script {
    let (traditional, simplified, han) = script_profile(text);
    if han == 0 {
        return Script::None;
    }
    let (major, minor) = (traditional.max(simplified), traditional.min(simplified));
    if minor >= 3 && minor * 5 >= (major + minor) {
        Script::Mixed
    } else if traditional > simplified {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// One aligned piece of a [`SimplifiedView`]: `len` characters of the original at
/// `original` correspond to `simplified_len` characters of the view at `simplified`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    original: usize,
    len: usize,
    simplified: usize,
    simplified_len: usize,
}

/// The simplified form of a text with a map from its character offsets back to the
/// original's. Where OpenCC kept the length (nearly always) the map is one to one;
/// where a phrase changed length, offsets inside it map to the phrase's bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimplifiedView {
    /// The simplified text.
    pub text: String,
    /// Aligned pieces; empty when the view is character-for-character.
    pieces: Vec<Piece>,
}

impl SimplifiedView {
    /// Builds the simplified view of `original`.
    ///
    /// Returns the view, whose text equals `original` when nothing needed converting.
    pub fn new(original: &str) -> Result<Self> {
        let converter = t2s()?;
        let (text, length_changed) = converter.convert(original);
        if !length_changed {
            return Ok(Self { text, pieces: Vec::new() });
        }
        let (text, pieces) = converter.convert_aligned(original);
        Ok(Self { text, pieces })
    }

    /// Maps a character offset of the view to the original text; an offset inside a
    /// phrase that changed length maps to the phrase's start (`round_up` false) or end.
    pub fn to_original(&self, offset: usize, round_up: bool) -> usize {
        // Pieces wholly before `offset`, and the shift they leave behind them.
        let index = self.pieces.partition_point(|piece| piece.simplified + piece.simplified_len <= offset);
        let (original_end, simplified_end) = match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) => (piece.original + piece.len, piece.simplified + piece.simplified_len),
            None => (0, 0),
        };
        match self.pieces.get(index) {
            Some(piece) if offset > piece.simplified => {
                if round_up {
                    piece.original + piece.len
                } else {
                    piece.original
                }
            }
            _ => original_end + (offset - simplified_end),
        }
    }

    /// Maps a character span `[start, end)` of the view to a span of the original.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start, false), self.to_original(end, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_phrases_both_ways() {
        assert_eq!(to_simplified("吉林省市場監督管理廳").unwrap(), "吉林省市场监督管理厅");
        assert_eq!(to_traditional("我干什么不干你事。").unwrap(), "我幹什麼不干你事。");
        assert_eq!(to_traditional("太后的头发很干燥。").unwrap(), "太后的頭髮很乾燥。");
        assert_eq!(to_simplified("Latin 123, 标点。").unwrap(), "Latin 123, 标点。");
    }

    #[test]
    fn detects_scripts() {
        assert_eq!(detect_script("吉林省市場監督管理廳各級黨組織和黨員干部"), Script::Traditional);
        assert_eq!(detect_script("襄阳市市场监督管理局坚定履行主体责任"), Script::Simplified);
        assert_eq!(detect_script("吉林省市场监督管理厅高度重视 吉林省市場監督管理廳高度重視"), Script::Mixed);
        assert_eq!(detect_script("hello 123"), Script::None);
        assert_eq!(detect_script(""), Script::None);
    }

    #[test]
    fn char_lookups() {
        assert_eq!(simplified_char('擔'), '担');
        assert_eq!(traditional_char('担'), '擔');
        assert_eq!(simplified_char('a'), 'a');
    }

    #[test]
    fn view_is_identity_when_lengths_agree() {
        let view = SimplifiedView::new("黨員干部").unwrap();
        assert_eq!(view.text, "党员干部");
        assert_eq!(view.span_to_original(1, 3), (1, 3));
    }

    #[test]
    fn view_maps_changed_lengths_back() {
        let view = SimplifiedView {
            text: "xaby".into(),
            pieces: vec![Piece { original: 1, len: 3, simplified: 1, simplified_len: 2 }],
        };
        // "x" + a 3-character phrase that became 2 + "y": original "xPQRy".
        assert_eq!(view.span_to_original(0, 1), (0, 1));
        assert_eq!(view.span_to_original(1, 3), (1, 4));
        assert_eq!(view.span_to_original(2, 3), (1, 4));
        assert_eq!(view.span_to_original(3, 4), (4, 5));
    }

    #[test]
    fn matches_ferrous_opencc_on_the_samples() {
        use ferrous_opencc::{config::BuiltinConfig, OpenCC};
        let reference_t2s = OpenCC::from_config(BuiltinConfig::T2s).unwrap();
        let reference_s2t = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
        for (name, text) in crate::samples::SAMPLE_REPORTS {
            assert_eq!(to_simplified(text).unwrap(), reference_t2s.convert(text), "{name}");
            assert_eq!(to_traditional(text).unwrap(), reference_s2t.convert(text), "{name}");
        }
    }
}
