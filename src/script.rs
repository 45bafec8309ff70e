//! Stage: Simplified and Traditional script.
//!
//! Conversion is phrase-level with the OpenCC dictionaries, through `ferrous-opencc` (pure
//! Rust, Apache-2.0, the OpenCC tables embedded). Detection and per-character lookups use
//! OpenCC's own character tables (`data/opencc/*Characters.txt`).
//!
//! Later stages analyse Traditional text through a [`SimplifiedView`]: the simplified text
//! plus an offset map, so that every span found in the view points back into the original.

use std::collections::HashMap;
use std::sync::OnceLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

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

struct CharTables {
    /// Traditional character → its first Simplified equivalent.
    to_simplified: HashMap<char, char>,
    /// Simplified character → its first Traditional equivalent.
    to_traditional: HashMap<char, char>,
    /// Characters only ever written in Traditional text.
    traditional_only: std::collections::HashSet<char>,
    /// Characters only ever written in Simplified text.
    simplified_only: std::collections::HashSet<char>,
}

fn parse_char_table(source: &str) -> (HashMap<char, char>, std::collections::HashSet<char>) {
    let mut first = HashMap::new();
    let mut exclusive = std::collections::HashSet::new();
    for line in source.lines().filter(|line| !line.starts_with('#')) {
        let Some((key, values)) = line.trim_end_matches('\r').split_once('\t') else { continue };
        let mut key_chars = key.chars();
        let (Some(key), None) = (key_chars.next(), key_chars.next()) else { continue };
        let values: Vec<char> = values.split(' ').filter_map(|v| v.chars().next()).collect();
        if let Some(&target) = values.first() {
            first.insert(key, target);
        }
        if !values.contains(&key) {
            exclusive.insert(key);
        }
    }
    (first, exclusive)
}

fn char_tables() -> &'static CharTables {
    static TABLES: OnceLock<CharTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let (to_simplified, traditional_only) = parse_char_table(include_str!("../data/opencc/TSCharacters.txt"));
        let (to_traditional, simplified_only) = parse_char_table(include_str!("../data/opencc/STCharacters.txt"));
        CharTables { to_simplified, to_traditional, traditional_only, simplified_only }
    })
}

fn converter(config: BuiltinConfig, slot: &'static OnceLock<std::result::Result<OpenCC, String>>) -> Result<&'static OpenCC> {
    slot.get_or_init(|| OpenCC::from_config(config).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| Error::Dictionary(format!("OpenCC tables failed to load: {message}")))
}

fn t2s() -> Result<&'static OpenCC> {
    static SLOT: OnceLock<std::result::Result<OpenCC, String>> = OnceLock::new();
    converter(BuiltinConfig::T2s, &SLOT)
}

fn s2t() -> Result<&'static OpenCC> {
    static SLOT: OnceLock<std::result::Result<OpenCC, String>> = OnceLock::new();
    converter(BuiltinConfig::S2t, &SLOT)
}

/// Converts Traditional text to Simplified, phrase by phrase (OpenCC `t2s`).
///
/// Returns the converted text; non-Han characters pass through unchanged.
pub fn to_simplified(text: &str) -> Result<String> {
    Ok(t2s()?.convert(text))
}

/// Converts Simplified text to Traditional, phrase by phrase (OpenCC `s2t`).
///
/// Returns the converted text; non-Han characters pass through unchanged.
pub fn to_traditional(text: &str) -> Result<String> {
    Ok(s2t()?.convert(text))
}

/// Returns the Simplified form of one character (itself when it has none).
pub fn simplified_char(c: char) -> char {
    char_tables().to_simplified.get(&c).copied().unwrap_or(c)
}

/// Returns the Traditional form of one character (itself when it has none).
pub fn traditional_char(c: char) -> char {
    char_tables().to_traditional.get(&c).copied().unwrap_or(c)
}

/// Counts the characters that only Traditional and only Simplified text uses.
///
/// Returns `(traditional_only, simplified_only, han)` counts.
pub fn script_profile(text: &str) -> (usize, usize, usize) {
    let tables = char_tables();
    let mut counts = (0, 0, 0);
    for c in text.chars().filter(|&c| is_han(c)) {
        counts.2 += 1;
        if tables.traditional_only.contains(&c) {
            counts.0 += 1;
        } else if tables.simplified_only.contains(&c) {
            counts.1 += 1;
        }
    }
    counts
}

/// Detects the script of `text`.
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
        let text = to_simplified(original)?;
        if text.chars().count() == original.chars().count() {
            return Ok(Self { text, pieces: Vec::new() });
        }
        Self::aligned(original)
    }

    /// Converts chunk by chunk (runs of Han characters and runs of everything else), so
    /// that a change of length stays inside the chunk it happened in.
    fn aligned(original: &str) -> Result<Self> {
        let mut text = String::with_capacity(original.len());
        let mut pieces = Vec::new();
        let (mut original_pos, mut simplified_pos) = (0, 0);
        for chunk in han_chunks(original) {
            let converted = if chunk.starts_with(is_han) { to_simplified(chunk)? } else { chunk.to_string() };
            let len = chunk.chars().count();
            let simplified_len = converted.chars().count();
            pieces.push(Piece { original: original_pos, len, simplified: simplified_pos, simplified_len });
            text.push_str(&converted);
            original_pos += len;
            simplified_pos += simplified_len;
        }
        Ok(Self { text, pieces })
    }

    /// Maps a character offset of the view to the original text; an offset inside a
    /// phrase that changed length maps to the phrase's start (`round_up` false) or end.
    pub fn to_original(&self, offset: usize, round_up: bool) -> usize {
        if self.pieces.is_empty() {
            return offset;
        }
        let index = self.pieces.partition_point(|piece| piece.simplified + piece.simplified_len <= offset);
        let Some(piece) = self.pieces.get(index) else {
            return self.pieces.last().map_or(offset, |p| p.original + p.len);
        };
        let inside = offset - piece.simplified;
        if piece.len == piece.simplified_len {
            piece.original + inside
        } else if inside == 0 || !round_up {
            piece.original
        } else {
            piece.original + piece.len
        }
    }

    /// Maps a character span `[start, end)` of the view to a span of the original.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start, false), self.to_original(end, true))
    }
}

/// Splits `text` into maximal runs of Han and of non-Han characters.
fn han_chunks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let han = is_han(first);
        let end = rest.char_indices().find(|&(_, c)| is_han(c) != han).map_or(rest.len(), |(i, _)| i);
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
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
        // Build a view by hand over chunks to exercise the aligned path.
        let original = "甲，黨員";
        let view = SimplifiedView::aligned(original).unwrap();
        assert_eq!(view.text, "甲，党员");
        assert_eq!(view.span_to_original(2, 4), (2, 4));
        let odd = SimplifiedView {
            text: "ab".into(),
            pieces: vec![Piece { original: 0, len: 3, simplified: 0, simplified_len: 2 }],
        };
        assert_eq!(odd.span_to_original(0, 1), (0, 3));
        assert_eq!(odd.span_to_original(0, 2), (0, 3));
    }
}
