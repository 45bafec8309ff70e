//! Stage: extraction of quantities, dates and entities.
//!
//! Each extractor scans Simplified text with its tagged tokens. The public functions take
//! the caller's text in either script: Traditional text is analysed through its
//! [`SimplifiedView`] and every span is mapped back, so offsets and strings always refer
//! to the text the caller passed.

pub mod date;
pub mod entity;
pub mod numeral;
pub mod quantity;

use chrono::NaiveDate;

use crate::error::Result;
use crate::offsets::CharOffsets;
use crate::script::{has_traditional_char, SimplifiedView};
use crate::segment::{default_segmenter, Segmenter, Token};

/// FNV-1a: the word lists and the gazetteer are probed for nearly every token, with short
/// keys, where the default SipHash (built against hash flooding, which fixed embedded
/// tables do not face) costs more than the lookups themselves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A 4096-bit filter over characters (by their code point modulo 4096): `false` means the
/// character is certainly not in the set, so the common miss costs a shift and a mask.
#[derive(Debug, Clone)]
pub(crate) struct CharFilter([u64; 64]);

impl CharFilter {
    /// A filter that passes the characters of `chars` (and some others).
    pub(crate) fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut bits = [0u64; 64];
        for c in chars {
            let code = c as usize & 4095;
            if let Some(word) = bits.get_mut(code / 64) {
                *word |= 1 << (code % 64);
            }
        }
        Self(bits)
    }

    /// A filter of the characters (ASCII and the CJK blocks up to U+FFFF) for which
    /// `keep` is true.
    pub(crate) fn of_chars(keep: impl Fn(char) -> bool) -> Self {
        Self::new((0u32..0x1_0000).filter_map(char::from_u32).filter(|&c| keep(c)))
    }

    /// False when `c` is certainly not one of the characters the filter was built from.
    pub(crate) fn may_contain(&self, c: char) -> bool {
        let code = c as usize & 4095;
        self.0.get(code / 64).is_some_and(|word| word & (1 << (code % 64)) != 0)
    }
}

/// A hash set with [`FnvHasher`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FnvHasher>>;
/// A hash map with [`FnvHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FnvHasher>>;

pub use date::{DateKind, DateMention};
pub use entity::{Entity, EntityKind};
pub use quantity::Quantity;

/// A text prepared for extraction: its simplified form, that form's tagged tokens, and the
/// map from simplified byte offsets back to the original's.
pub struct Prepared<'t> {
    original: &'t str,
    view: Option<SimplifiedView>,
    /// Tagged tokens of [`Prepared::simplified`].
    pub tokens: Vec<Token<'static>>,
    original_byte_of_char: Vec<usize>,
    /// Byte offset of every character of the view (for byte → character lookups).
    view_byte_of_char: Vec<usize>,
}

impl<'t> Prepared<'t> {
    /// Converts (when Traditional) and segments `text` with `segmenter`.
    pub fn new(text: &'t str, segmenter: &Segmenter) -> Result<Self> {
        let view = if has_traditional_char(text) { Some(SimplifiedView::new(text)?) } else { None };
        let simplified = view.as_ref().map_or(text, |v| v.text.as_str());
        let tokens = segmenter.tagged_simplified(simplified);
        let byte_of_char = |s: &str| s.char_indices().map(|(i, _)| i).chain([s.len()]).collect::<Vec<_>>();
        let (original_byte_of_char, view_byte_of_char) = match &view {
            Some(view) => (byte_of_char(text), byte_of_char(&view.text)),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Self { original: text, view, tokens, original_byte_of_char, view_byte_of_char })
    }

    /// The text the extractors scan (the original when it has no Traditional character).
    pub fn simplified(&self) -> &str {
        self.view.as_ref().map_or(self.original, |v| v.text.as_str())
    }

    /// Maps a byte span of [`Prepared::simplified`] to a byte span of the original.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let Some(view) = &self.view else { return (start, end) };
        let char_of = |byte: usize| self.view_byte_of_char.partition_point(|&b| b < byte);
        let (start, end) = view.span_to_original(char_of(start), char_of(end));
        let byte = |c: usize| self.original_byte_of_char.get(c).copied().unwrap_or(self.original.len());
        (byte(start), byte(end))
    }

    fn map_pair(&self, span: Option<(usize, usize)>) -> Option<(usize, usize)> {
        span.map(|(s, e)| self.to_original(s, e))
    }

    /// The tokens with spans in the original text (POS from the simplified view); two
    /// tokens that map onto one span (a phrase that changed length) are joined.
    pub fn original_tokens(&self) -> Vec<Token<'static>> {
        if self.view.is_none() {
            return self.tokens.clone();
        }
        let mut mapped: Vec<Token<'static>> = Vec::with_capacity(self.tokens.len());
        for token in &self.tokens {
            let (start, end) = self.to_original(token.start, token.end);
            match mapped.last_mut() {
                Some(last) if start < last.end => last.end = last.end.max(end),
                _ if start < end => mapped.push(Token { start, end, pos: token.pos }),
                _ => {}
            }
        }
        mapped
    }

    /// The quantities, with spans in the original text.
    pub fn quantities(&self) -> Vec<Quantity> {
        let mut found = quantity::scan(self.simplified(), &self.tokens);
        if self.view.is_some() {
            for q in &mut found {
                (q.start, q.end) = self.to_original(q.start, q.end);
                q.unit = self.map_pair(q.unit);
                q.subject = self.map_pair(q.subject);
            }
        }
        found
    }

    /// The date mentions, resolved against `reference`, with spans in the original text.
    pub fn dates(&self, reference: Option<NaiveDate>) -> Vec<DateMention> {
        let mut found = date::scan(self.simplified(), reference);
        if self.view.is_some() {
            for d in &mut found {
                (d.start, d.end) = self.to_original(d.start, d.end);
            }
        }
        found
    }

    /// The entities, with spans in the original text.
    pub fn entities(&self) -> Vec<Entity> {
        let mut found = entity::scan(self.simplified(), &self.tokens);
        if self.view.is_some() {
            for e in &mut found {
                (e.start, e.end) = self.to_original(e.start, e.end);
                e.title = self.map_pair(e.title);
            }
        }
        found
    }
}

/// Finds the quantities of `text` (either script). Spans are byte offsets into `text`.
///
/// ```
/// let found = zhreport::extract::extract_quantities("服务社区群众3400余人次").unwrap();
/// assert_eq!(found[0].value, 3400.0);
/// assert_eq!(found[0].approx, Some("余"));
/// ```
pub fn extract_quantities(text: &str) -> Result<Vec<Quantity>> {
    Ok(Prepared::new(text, default_segmenter())?.quantities())
}

/// Finds the date mentions of `text`, resolving partial ones against `reference`.
pub fn extract_dates(text: &str, reference: Option<NaiveDate>) -> Result<Vec<DateMention>> {
    let view = if has_traditional_char(text) { Some(SimplifiedView::new(text)?) } else { None };
    let Some(view) = view else { return Ok(date::scan(text, reference)) };
    // Dates need no tokens: map spans through the view directly.
    let original_byte_of_char: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let mut chars = CharOffsets::new(&view.text);
    let mut found = date::scan(&view.text, reference);
    for d in &mut found {
        let (s, e) = view.span_to_original(chars.char_offset(d.start), chars.char_offset(d.end));
        d.start = original_byte_of_char.get(s).copied().unwrap_or(text.len());
        d.end = original_byte_of_char.get(e).copied().unwrap_or(text.len());
    }
    Ok(found)
}

/// Finds the people, organisations and places of `text` (either script).
pub fn extract_entities(text: &str) -> Result<Vec<Entity>> {
    Ok(Prepared::new(text, default_segmenter())?.entities())
}
