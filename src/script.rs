//! Stage: Simplified and Traditional script.
//!
//! Conversion is phrase-level with OpenCC's own dictionaries (`data/opencc/`, Apache-2.0),
//! following OpenCC's `t2s` and `s2t` configurations: at each position the longest
//! phrase or character key wins (phrases before characters), and its first value is
//! written. That is OpenCC's maximum-forward-matching segmentation, which a
//! leftmost-longest Aho-Corasick automaton computes; `s2t` (49,000 phrases) uses one.
//! `t2s` has 4,000 characters and under 300 phrases, so it uses tables instead: one read
//! per character says keep, replace by, or look up, and the phrases that begin with a
//! character are tried only where it occurs and its second character fits (several times
//! faster than the automaton, same matches). The output is checked against
//! `ferrous-opencc`, OpenCC's test cases and the automaton in the tests.
//!
//! Doing the matching here rather than through `ferrous-opencc` gives two things the
//! crate does not: every replacement's span (so a [`SimplifiedView`] can map offsets
//! back to the original text) and several times its speed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

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

/// Finds the keys of a dictionary in text: at each position the longest key, then on
/// from its end (OpenCC's maximum forward matching, Aho-Corasick's leftmost-longest).
enum Matcher {
    /// One automaton over all keys: for dictionaries with many phrases (`s2t`).
    Automaton(AhoCorasick),
    /// A table lookup per character: for dictionaries of characters and few phrases (`t2s`).
    /// The start table finds the matches; the direct table, made from it, converts.
    Table(StartTable, DirectTable),
}

/// Dictionaries with at most this many phrases are matched by a [`StartTable`].
const TABLE_MAX_PHRASES: usize = 4096;

/// The keys that begin with one character: phrases longest first, then the character.
#[derive(Default)]
struct Start {
    /// Phrase keys (whole, first character included) and their pattern ids, longest first.
    phrases: Vec<Phrase>,
    /// One bit per phrase, for its second character (see [`second_bit`]): a character that
    /// starts phrases is mostly followed by one that none of them continues with.
    seconds: u64,
    /// The pattern id of the character itself, when it is a key.
    single: Option<u32>,
}

/// A key of more than one character.
struct Phrase {
    key: Box<str>,
    /// The code point of its second character, compared before the whole key.
    second: u32,
    id: u32,
}

/// The bit of a [`Start::seconds`] mask for the character `code`.
fn second_bit(code: u32) -> u64 {
    1 << (code.wrapping_mul(0x9E37_79B1) >> 26)
}

impl Start {
    /// The longest phrase at byte `i` of `bytes`, where this character of `len` bytes is.
    fn phrase_at(&self, bytes: &[u8], i: usize, len: usize) -> Option<&Phrase> {
        let next = i + len;
        if self.phrases.is_empty() || next >= bytes.len() {
            return None;
        }
        let (second, _) = decode_at(bytes, next);
        if self.seconds & second_bit(second) == 0 {
            return None;
        }
        let rest = bytes.get(i..).unwrap_or_default();
        self.phrases.iter().find(|p| p.second == second && rest.starts_with(p.key.as_bytes()))
    }
}

/// Per character, the keys that start with it; most characters start none and cost one
/// table lookup.
struct StartTable {
    /// Per BMP code point: 0 when no key starts with it, else 1 + its index in `starts`.
    bmp: Vec<u16>,
    /// The same for characters beyond the BMP.
    astral: HashMap<char, u16>,
    starts: Vec<Start>,
}

impl StartTable {
    /// Builds the table, or returns `None` when there are too many first characters for it.
    fn build(keys: &[String]) -> Option<Self> {
        let mut table = Self { bmp: vec![0; 0x10000], astral: HashMap::new(), starts: Vec::new() };
        for (id, key) in keys.iter().enumerate() {
            let mut chars = key.chars();
            let first = chars.next()?;
            let slot = match table.slot(first) {
                0 => {
                    table.starts.push(Start::default());
                    let slot = u16::try_from(table.starts.len()).ok().filter(|&s| s != u16::MAX)?;
                    if (first as usize) < 0x10000 {
                        table.bmp[first as usize] = slot;
                    } else {
                        table.astral.insert(first, slot);
                    }
                    slot
                }
                slot => slot,
            };
            let start = &mut table.starts[usize::from(slot) - 1];
            let id = u32::try_from(id).ok()?;
            match chars.next() {
                None => start.single = Some(id),
                Some(second) => {
                    start.seconds |= second_bit(second as u32);
                    start.phrases.push(Phrase { key: key.as_str().into(), second: second as u32, id });
                }
            }
        }
        for start in &mut table.starts {
            // Keys starting at the same place that both match are prefixes of one another,
            // so the first that matches in this order is the longest.
            start.phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.key.len()));
        }
        Some(table)
    }

    fn slot(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(&slot) => slot,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    /// Calls `found(start, end, pattern)` for each key found, left to right.
    #[inline]
    fn for_each_match(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = decode_at(bytes, i);
            match self.match_at(bytes, i, code, len) {
                Some((key_len, id)) => {
                    found(i, i + key_len, id as usize);
                    i += key_len;
                }
                None => i += len,
            }
        }
    }

    /// The longest key that starts at byte `i` of `bytes`, where the character `code` of
    /// `len` bytes begins.
    ///
    /// Returns the key's length in bytes and its pattern id, or `None` when no key matches.
    #[inline]
    fn match_at(&self, bytes: &[u8], i: usize, code: u32, len: usize) -> Option<(usize, u32)> {
        let slot = if code < 0x10000 {
            self.bmp.get(code as usize).copied().unwrap_or(0)
        } else {
            char::from_u32(code).map_or(0, |c| self.astral.get(&c).copied().unwrap_or(0))
        };
        let start = self.starts.get(usize::from(slot).checked_sub(1)?)?;
        if let Some(phrase) = start.phrase_at(bytes, i, len) {
            return Some((phrase.key.len(), phrase.id));
        }
        start.single.map(|id| (len, id))
    }
}

/// What [`DirectTable`] says about one BMP character: [`KEEP`] (no key starts with it),
/// [`LOOK_UP`] (ask the [`StartTable`]: phrases start with it, or its replacement is not
/// one character of three UTF-8 bytes), or else the code point of its replacement.
const KEEP: u16 = 0;
const LOOK_UP: u16 = u16::MAX;

/// One action per BMP code point (128 KB), for converting text one character at a time.
///
/// In the whole cleaning pipeline the [`StartTable`] pays for its indirections: a converted
/// character reads its slot, its `Start` and its replacement's heap string, each a cache
/// miss once cleaning has run between two conversions. Here the common case (a
/// Traditional character with a one-character replacement) is one read of this table.
struct DirectTable {
    actions: Box<[u16; 0x10000]>,
}

impl DirectTable {
    fn build(table: &StartTable, replacements: &[String]) -> Self {
        let mut actions = Box::new([KEEP; 0x10000]);
        for (code, action) in (0u32..).zip(actions.iter_mut()) {
            *action = Self::action(table, replacements, code);
        }
        Self { actions }
    }

    fn action(table: &StartTable, replacements: &[String], code: u32) -> u16 {
        let slot = table.bmp.get(code as usize).copied().unwrap_or(0);
        let Some(start) = usize::from(slot).checked_sub(1).and_then(|s| table.starts.get(s)) else {
            return KEEP;
        };
        let replacement = start.single.and_then(|id| replacements.get(id as usize));
        let mut chars = replacement.map(|r| r.chars());
        match (start.phrases.is_empty(), chars.as_mut().map(|r| (r.next(), r.next()))) {
            // Three bytes both ways (a BMP code point from U+0800): the scans that read this
            // table decode only such characters; the other cases are rare enough to look up.
            (true, Some((Some(c), None)))
                if (0x800..0x10000).contains(&code) && (0x800..0x10000).contains(&(c as u32)) =>
            {
                u16::try_from(c as u32)
                    .ok()
                    .filter(|&c| c != KEEP && c != LOOK_UP && u32::from(c) != code)
                    .unwrap_or(LOOK_UP)
            }
            _ => LOOK_UP,
        }
    }

    /// The character that starts at byte `i` of `bytes`, when it is one of three bytes, and
    /// its action: [`KEEP`] or its replacement (see [`DirectTable::written`]).
    ///
    /// Returns `None` for other characters and for those to look up in the start table.
    #[inline(always)]
    fn three_byte_action(&self, bytes: &[u8], i: usize) -> Option<(u32, u16)> {
        let Some(&[lead, second, third]) = bytes.get(i..i + 3) else { return None };
        if lead & 0xF0 != 0xE0 {
            return None;
        }
        let code = three_byte_code(lead, second, third);
        let action = self.actions[usize::from(code)];
        (action != LOOK_UP).then_some((u32::from(code), action))
    }

    /// The code point written for the character `code` with `action`: itself when kept.
    /// A select, not a branch: whether a character is kept is not predictable.
    #[inline(always)]
    fn written(code: u32, action: u16) -> u32 {
        if action == KEEP {
            code
        } else {
            u32::from(action)
        }
    }
}

/// Where [`Converter::write_direct`] writes: a `String`, or [`CodePoints`].
trait Sink {
    /// Appends the character with code point `code` (always a `char`'s).
    fn push_code(&mut self, code: u32);
    /// Appends `text`.
    fn push_text(&mut self, text: &str);
}

impl Sink for String {
    #[inline(always)]
    fn push_code(&mut self, code: u32) {
        self.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }

    fn push_text(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// Code points written by index into a buffer sized beforehand, not pushed: a `Vec`'s
/// length kept in memory across `push` calls would chain every character to the one
/// before (measured).
struct CodePoints {
    points: Vec<u32>,
    written: usize,
}

impl CodePoints {
    /// Returns the code points written.
    fn finish(mut self) -> Vec<u32> {
        self.points.truncate(self.written);
        self.points
    }
}

impl Sink for CodePoints {
    #[inline(always)]
    fn push_code(&mut self, code: u32) {
        match self.points.get_mut(self.written) {
            Some(slot) => *slot = code,
            None => self.points.push(code),
        }
        self.written += 1;
    }

    fn push_text(&mut self, text: &str) {
        text.chars().for_each(|c| self.push_code(u32::from(c)));
    }
}

/// The code point of a three-byte UTF-8 sequence (its lead byte is `0xE0..=0xEF`).
#[inline(always)]
fn three_byte_code(lead: u8, second: u8, third: u8) -> u16 {
    u16::from(lead & 0x0F) << 12 | u16::from(second & 0x3F) << 6 | u16::from(third & 0x3F)
}

/// Decodes the character starting at byte `i` of valid UTF-8.
///
/// Returns its code point and its length in bytes.
#[inline(always)]
fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    if b < 0x80 {
        (u32::from(b), 1)
    } else if b < 0xE0 {
        ((u32::from(b & 0x1F) << 6) | cont(1), 2)
    } else if b < 0xF0 {
        ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        ((u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4)
    }
}

impl Matcher {
    /// Calls `found(start, end, pattern)` for each key found, left to right.
    #[inline]
    fn for_each_match(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        match self {
            Matcher::Automaton(automaton) => {
                for m in automaton.find_iter(text) {
                    found(m.start(), m.end(), m.pattern().as_usize());
                }
            }
            Matcher::Table(table, _) => table.for_each_match(text, found),
        }
    }
}

/// The keys a converter matches and the replacement of each, phrases first.
fn dictionary_keys(phrases: Table, characters: &Table) -> (Vec<String>, Vec<String>) {
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
    (keys, replacements)
}

/// A phrase-level converter: a matcher over all keys and the replacement of each.
struct Converter {
    matcher: Matcher,
    replacements: Vec<String>,
    /// Whether a pattern's replacement has a different number of characters.
    changes_length: Vec<bool>,
    /// Single-character mappings, for per-character lookups.
    chars: FxHashMap<char, char>,
    /// Characters that only the source script uses.
    exclusive: CharSet,
    /// The characters of each key that its replacement changes (all of them when the
    /// lengths differ): text with none of them matches only keys that replace themselves,
    /// so conversion leaves it as it is.
    changing: CharSet,
}

impl Converter {
    fn build(phrases: &str, characters: &str) -> Result<Self> {
        let phrases = parse_table(phrases);
        let phrase_count = phrases.entries.len();
        let characters = parse_table(characters);
        let (keys, replacements) = dictionary_keys(phrases, &characters);
        let changes_length =
            keys.iter().zip(&replacements).map(|(k, v)| k.chars().count() != v.chars().count()).collect();
        let changing = changing_characters(&keys, &replacements);
        let table = if phrase_count <= TABLE_MAX_PHRASES { StartTable::build(&keys) } else { None };
        let matcher = match table {
            Some(table) => {
                let direct = DirectTable::build(&table, &replacements);
                Matcher::Table(table, direct)
            }
            None => Matcher::Automaton(build_automaton(&keys)?),
        };
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
        Ok(Self { matcher, replacements, changes_length, chars, exclusive: characters.exclusive, changing })
    }

    /// Whether `c` is one of the characters a replacement changes (see
    /// [`Converter::changing`]).
    fn may_change(&self, c: char) -> bool {
        self.changing.contains(c)
    }

    /// Converts `text`; also returns whether any replacement changed the length.
    fn convert(&self, text: &str) -> (String, bool) {
        let mut output = String::with_capacity(text.len());
        let mut last = 0;
        let mut length_changed = false;
        self.matcher.for_each_match(text, |start, end, pattern| {
            output.push_str(&text[last..start]);
            output.push_str(&self.replacements[pattern]);
            length_changed |= self.changes_length[pattern];
            last = end;
        });
        output.push_str(&text[last..]);
        (output, length_changed)
    }

    /// Converts `text`, borrowing it when no replacement changes it.
    fn convert_cow<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if let Matcher::Table(table, direct) = &self.matcher {
            return match self.first_change(table, direct, text.as_bytes()) {
                Some(first) => {
                    Cow::Owned(self.write_direct(table, direct, text, first, String::with_capacity(text.len())))
                }
                None => Cow::Borrowed(text),
            };
        }
        let mut output: Option<String> = None;
        let mut last = 0;
        self.matcher.for_each_match(text, |start, end, pattern| {
            let replacement = &self.replacements[pattern];
            if output.is_none() && replacement.as_str() == &text[start..end] {
                return;
            }
            let out = output.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[last..start]);
            out.push_str(replacement);
            last = end;
        });
        match output {
            Some(mut out) => {
                out.push_str(&text[last..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        }
    }

    /// Converts `text` with the [`DirectTable`] (three-byte characters by their action, the
    /// others and those it says to look up by the start table) into `output`, given the
    /// first place `first` where something changes; `text[..first]` is copied.
    ///
    /// Every character after it is written, the kept ones too: whether a character
    /// changes is a branch the processor cannot predict in Traditional text, and choosing
    /// between the character and its replacement needs none. Returns `output`.
    ///
    /// Inlined so that `output`'s fields stay in registers: passed and returned through
    /// memory, the count of code points written would chain each character to the last.
    #[inline(always)]
    fn write_direct<S: Sink>(
        &self,
        table: &StartTable,
        direct: &DirectTable,
        text: &str,
        first: usize,
        mut output: S,
    ) -> S {
        output.push_text(text.get(..first).unwrap_or_default());
        let bytes = text.as_bytes();
        let mut i = first;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                output.push_code(u32::from(bytes[i]));
                i += 1;
                continue;
            }
            if let Some((code, action)) = direct.three_byte_action(bytes, i) {
                output.push_code(DirectTable::written(code, action));
                i += 3;
                // Han text runs on: a second character in the same step halves the branches.
                if let Some((code, action)) = direct.three_byte_action(bytes, i) {
                    output.push_code(DirectTable::written(code, action));
                    i += 3;
                }
                continue;
            }
            let (code, len) = decode_at(bytes, i);
            match self.replacement_at(table, bytes, i, code, len) {
                Some((key_len, replacement)) => {
                    output.push_text(replacement);
                    i += key_len;
                }
                None => {
                    output.push_code(code);
                    i += len;
                }
            }
        }
        output
    }

    /// The code points of the conversion of `text`, or `None` when nothing changes.
    fn code_points(&self, text: &str) -> Option<Vec<u32>> {
        let Matcher::Table(table, direct) = &self.matcher else {
            return match self.convert_cow(text) {
                Cow::Owned(converted) => Some(converted.chars().map(u32::from).collect()),
                Cow::Borrowed(_) => None,
            };
        };
        let first = self.first_change(table, direct, text.as_bytes())?;
        // As many code points as the text has characters, unless a phrase changes the length.
        let output = CodePoints { points: vec![0; text.chars().count()], written: 0 };
        Some(self.write_direct(table, direct, text, first, output).finish())
    }

    /// The byte offset of the first place where conversion changes `bytes`, or `None` when
    /// it changes nothing.
    fn first_change(&self, table: &StartTable, direct: &DirectTable, bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            match direct.three_byte_action(bytes, i) {
                Some((_, KEEP)) => i += 3,
                Some(_) => return Some(i),
                None => {
                    let (code, len) = decode_at(bytes, i);
                    match self.replacement_at(table, bytes, i, code, len) {
                        Some((key_len, replacement)) if replacement.as_bytes() == bytes.get(i..i + key_len)? => {
                            i += key_len;
                        }
                        Some(_) => return Some(i),
                        None => i += len,
                    }
                }
            }
        }
        None
    }

    /// The key of the start table found at byte `i` (see [`StartTable::match_at`]).
    ///
    /// Returns its length in bytes and its replacement.
    #[inline]
    fn replacement_at(
        &self,
        table: &StartTable,
        bytes: &[u8],
        i: usize,
        code: u32,
        len: usize,
    ) -> Option<(usize, &str)> {
        let (key_len, id) = table.match_at(bytes, i, code, len)?;
        Some((key_len, self.replacements.get(id as usize)?.as_str()))
    }

    /// Converts `text` and records every replacement that changed the length.
    fn convert_aligned(&self, text: &str) -> (String, Vec<Piece>) {
        let mut output = String::with_capacity(text.len());
        let mut pieces = Vec::new();
        let (mut last, mut original_chars, mut output_chars) = (0, 0, 0);
        self.matcher.for_each_match(text, |start, end, pattern| {
            let between = text[last..start].chars().count();
            output.push_str(&text[last..start]);
            original_chars += between;
            output_chars += between;
            let replacement = &self.replacements[pattern];
            let len = text[start..end].chars().count();
            let simplified_len = replacement.chars().count();
            if len != simplified_len {
                pieces.push(Piece { original: original_chars, len, simplified: output_chars, simplified_len });
            }
            output.push_str(replacement);
            original_chars += len;
            output_chars += simplified_len;
            last = end;
        });
        output.push_str(&text[last..]);
        (output, pieces)
    }
}

/// The characters that some replacement changes: those of a key at the places where its
/// replacement differs, and every character of a key whose replacement has another length.
fn changing_characters(keys: &[String], replacements: &[String]) -> CharSet {
    let mut changing = CharSet::default();
    for (key, replacement) in keys.iter().zip(replacements) {
        if key.chars().count() == replacement.chars().count() {
            key.chars().zip(replacement.chars()).filter(|(k, r)| k != r).for_each(|(k, _)| changing.insert(k));
        } else {
            key.chars().for_each(|k| changing.insert(k));
        }
    }
    changing
}

fn build_automaton(keys: &[String]) -> Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(keys)
        .map_err(|e| Error::Dictionary(format!("cannot build the OpenCC automaton: {e}")))
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
    Ok(t2s()?.convert_cow(text).into_owned())
}

/// Like [`to_simplified`], but borrows `text` when nothing in it changes (Simplified text
/// with no phrase to rewrite), so that callers can skip a copy.
///
/// Returns the converted text.
pub fn to_simplified_cow(text: &str) -> Result<Cow<'_, str>> {
    Ok(t2s()?.convert_cow(text))
}

/// Like [`to_simplified_cow`], but borrows `text` at once when the caller already knows that
/// conversion changes nothing (`unchanged`, from [`ScriptProfile::simplified_unchanged`]).
///
/// Returns the converted text.
pub fn to_simplified_known(text: &str, unchanged: bool) -> Result<Cow<'_, str>> {
    if unchanged {
        return Ok(Cow::Borrowed(text));
    }
    to_simplified_cow(text)
}

/// Like [`to_simplified_cow`], but gives the converted text as code points (one `u32` per
/// character), for bindings that build strings from them: Python makes a `str` from code
/// points several times faster than from UTF-8, and they are written without the
/// variable-length encoding.
///
/// Returns `None` when conversion leaves `text` as it is.
pub fn to_simplified_code_points(text: &str) -> Result<Option<Vec<u32>>> {
    Ok(t2s()?.code_points(text))
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

/// What one scan of a text tells about its script: the counts [`detect_script`] decides on,
/// and whether [`to_simplified`] would find anything to convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptProfile {
    /// Characters only Traditional text uses.
    pub traditional: usize,
    /// Characters only Simplified text uses.
    pub simplified: usize,
    /// Han characters looked at (at most 20,000: the scan stops there).
    pub han: usize,
    /// The scan reached the end of the text.
    pub complete: bool,
    /// Some character looked at is one that `t2s` conversion changes somewhere (when none
    /// is and the scan is complete, conversion cannot change the text).
    pub convertible: bool,
}

impl ScriptProfile {
    /// Scans `text`, stopping after 20,000 Han characters.
    ///
    /// Returns the profile; without the conversion tables every text counts as convertible.
    pub fn of(text: &str) -> Self {
        let Ok(classes) = bmp_classes() else {
            let han = text.chars().filter(|&c| is_han(c)).count();
            return Self { traditional: 0, simplified: 0, han, complete: true, convertible: true };
        };
        // ASCII is never Han, and `t2s` never changes it (a test checks), so it is skipped.
        // The three counts share one register, 21 bits each (at most 20,000 Han are
        // counted): an indexed array of counters would make every character wait for the
        // store of the one before.
        let mut packed = 0u64;
        let mut keys = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            // Two three-byte characters (Han of the BMP, CJK punctuation) at a time while
            // the count cannot pass the limit in between: half the loop's branches.
            if let Some(&[a0, a1, a2, b0, b1, b2]) = bytes.get(i..i + 6) {
                if a0 & 0xF0 == 0xE0 && b0 & 0xF0 == 0xE0 && packed >> HAN_SHIFT < SCRIPT_SAMPLE_HAN as u64 - 1 {
                    let first = classes[usize::from(three_byte_code(a0, a1, a2))];
                    let second = classes[usize::from(three_byte_code(b0, b1, b2))];
                    packed += COUNTED[usize::from(first & SCRIPT_BITS)] + COUNTED[usize::from(second & SCRIPT_BITS)];
                    keys |= (first | second) & STARTS_T2S_KEY;
                    i += 6;
                    if packed >> HAN_SHIFT >= SCRIPT_SAMPLE_HAN as u64 {
                        break;
                    }
                    continue;
                }
            }
            let class = match bytes.get(i..i + 3) {
                Some(&[lead, second, third]) if lead & 0xF0 == 0xE0 => {
                    i += 3;
                    classes[usize::from(three_byte_code(lead, second, third))]
                }
                _ => {
                    let (code, len) = decode_at(bytes, i);
                    i += len;
                    match classes.get(code as usize) {
                        Some(&class) => class,
                        None => char::from_u32(code).map_or(NOT_HAN, astral_class),
                    }
                }
            };
            packed += COUNTED[usize::from(class & SCRIPT_BITS)];
            keys |= class & STARTS_T2S_KEY;
            if packed >> HAN_SHIFT >= SCRIPT_SAMPLE_HAN as u64 {
                break;
            }
        }
        let count = |shift: u32| ((packed >> shift) & COUNT_MASK) as usize;
        Self {
            traditional: count(TRADITIONAL_SHIFT),
            simplified: count(SIMPLIFIED_SHIFT),
            han: count(HAN_SHIFT),
            complete: i >= bytes.len(),
            convertible: keys != 0,
        }
    }

    /// The script these counts show (see [`detect_script`]).
    pub fn script(&self) -> Script {
        let (traditional, simplified) = (self.traditional, self.simplified);
        if self.han == 0 {
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

    /// Whether [`to_simplified`] leaves the scanned text as it is: the scan was complete and
    /// no character is one that `t2s` changes.
    pub fn simplified_unchanged(&self) -> bool {
        self.complete && !self.convertible
    }
}

/// Where [`ScriptProfile::of`] keeps its three counts in one `u64`, 21 bits each.
const TRADITIONAL_SHIFT: u32 = 0;
const SIMPLIFIED_SHIFT: u32 = 21;
const HAN_SHIFT: u32 = 42;
const COUNT_MASK: u64 = (1 << 21) - 1;
/// What one character of each script class adds to the packed counts.
const COUNTED: [u64; 4] = {
    let mut counted = [0; 4];
    counted[SHARED_HAN as usize] = 1 << HAN_SHIFT;
    counted[TRADITIONAL_ONLY as usize] = (1 << HAN_SHIFT) | (1 << TRADITIONAL_SHIFT);
    counted[SIMPLIFIED_ONLY as usize] = (1 << HAN_SHIFT) | (1 << SIMPLIFIED_SHIFT);
    counted
};

/// The script class of a character, in the low bits of its [`bmp_classes`] entry.
const SCRIPT_BITS: u8 = 0b11;
const NOT_HAN: u8 = 0;
const SHARED_HAN: u8 = 1;
const TRADITIONAL_ONLY: u8 = 2;
const SIMPLIFIED_ONLY: u8 = 3;
/// Set in a [`bmp_classes`] entry when `t2s` may change the character.
const STARTS_T2S_KEY: u8 = 0b100;

fn class_of(c: char, t2s: &Converter, s2t: &Converter) -> u8 {
    let script = if !is_han(c) {
        NOT_HAN
    } else if t2s.exclusive.contains(c) {
        TRADITIONAL_ONLY
    } else if s2t.exclusive.contains(c) {
        SIMPLIFIED_ONLY
    } else {
        SHARED_HAN
    };
    if t2s.may_change(c) {
        script | STARTS_T2S_KEY
    } else {
        script
    }
}

/// One byte per BMP code point: not Han, shared, Traditional-only or Simplified-only, and
/// whether it begins a `t2s` key, so that script detection costs one table lookup per
/// character.
fn bmp_classes() -> Result<&'static [u8; 0x10000]> {
    static CLASSES: OnceLock<std::result::Result<Box<[u8; 0x10000]>, Error>> = OnceLock::new();
    CLASSES
        .get_or_init(|| {
            let (t2s, s2t) = (t2s()?, s2t()?);
            let mut classes = Box::new([NOT_HAN; 0x10000]);
            for (code, class) in (0u32..).zip(classes.iter_mut()) {
                *class = char::from_u32(code).map_or(NOT_HAN, |c| class_of(c, t2s, s2t));
            }
            Ok(classes)
        })
        .as_ref()
        .map(|classes| &**classes)
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
    ScriptProfile::of(text).script()
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
    fn t2s_changes_no_ascii_character() {
        // `ScriptProfile::of` skips ASCII when it looks for characters to convert.
        let t2s = t2s().unwrap();
        assert!((0u8..0x80).all(|b| !t2s.may_change(char::from(b))));
        // 黨 → 党; 乾 in 乾燥 → 干燥; 一 begins 一目瞭然, but only 瞭 changes.
        assert!(t2s.may_change('黨') && t2s.may_change('乾') && t2s.may_change('瞭'));
        assert!(!t2s.may_change('党') && !t2s.may_change('一'));
    }

    #[test]
    fn the_profile_says_when_conversion_changes_nothing() {
        for text in ["党员干部坚守一线。", "Hello, world.", "", "乾燥", "黨員", "𠮷野家"] {
            let profile = ScriptProfile::of(text);
            assert!(profile.complete);
            if profile.simplified_unchanged() {
                assert_eq!(to_simplified(text).unwrap(), text, "{text}");
            }
        }
        assert!(ScriptProfile::of("党员干部坚守一线。").simplified_unchanged());
        // In OpenCC's tables 黨員幹 are Traditional only and 员们这 Simplified only (党 and 干 are both).
        let counts = ScriptProfile::of("黨員幹部，员们这的a𠮷");
        assert_eq!((counts.traditional, counts.simplified, counts.han), (3, 3, 9));
        assert!(!ScriptProfile::of("乾燥").simplified_unchanged());
        // A scan that stops early cannot vouch for the rest.
        let long = "党".repeat(SCRIPT_SAMPLE_HAN) + "黨";
        let profile = ScriptProfile::of(&long);
        assert!(!profile.complete && !profile.simplified_unchanged());
    }

    /// The profile as its definition reads, one `char` at a time: the test of the
    /// byte-level scan in [`ScriptProfile::of`].
    fn profile_by_chars(text: &str) -> ScriptProfile {
        let classes = bmp_classes().unwrap();
        let class = |c: char| classes.get(c as usize).copied().unwrap_or_else(|| astral_class(c));
        let (mut traditional, mut simplified, mut han, mut convertible) = (0, 0, 0, false);
        let mut chars = text.chars();
        for c in chars.by_ref() {
            let class = class(c);
            traditional += usize::from(class & SCRIPT_BITS == TRADITIONAL_ONLY);
            simplified += usize::from(class & SCRIPT_BITS == SIMPLIFIED_ONLY);
            han += usize::from(class & SCRIPT_BITS != NOT_HAN);
            convertible |= class & STARTS_T2S_KEY != 0;
            if han >= SCRIPT_SAMPLE_HAN {
                break;
            }
        }
        let complete = chars.next().is_none();
        ScriptProfile { traditional, simplified, han, complete, convertible }
    }

    /// Texts for the byte-level scans: the samples in both scripts, every BMP character
    /// and some beyond it, each between ASCII, two-byte and four-byte neighbours (which
    /// move the three-byte characters to every offset of a pair).
    fn scan_texts() -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        for (_, text) in crate::samples::SAMPLE_REPORTS {
            texts.extend([text.to_string(), to_traditional(text).unwrap(), to_simplified(text).unwrap()]);
        }
        let every: String = (0u32..0x10000).chain(0x20000..0x20100).filter_map(char::from_u32).collect();
        texts.push(every.clone());
        for neighbour in ["a", "é", "𠮷", "黨", "a黨", "\n"] {
            texts.push(every.chars().map(|c| format!("{c}{neighbour}")).collect());
        }
        texts
    }

    #[test]
    fn the_profile_scan_counts_as_its_definition() {
        for text in scan_texts() {
            assert_eq!(ScriptProfile::of(&text), profile_by_chars(&text));
        }
        // The sample limit, reached by the first or the second of a pair of characters.
        for prefix in ["", "a", "黨"] {
            for extra in 0..4 {
                let text = format!("{prefix}{}{}", "黨".repeat(SCRIPT_SAMPLE_HAN - 2 + extra), "党员a");
                let profile = ScriptProfile::of(&text);
                assert_eq!(profile, profile_by_chars(&text), "{prefix:?} {extra}");
                assert_eq!(profile.han, SCRIPT_SAMPLE_HAN);
            }
        }
    }

    #[test]
    fn direct_conversion_matches_the_start_table() {
        let t2s = t2s().unwrap();
        let (keys, _) = dictionary_keys(
            parse_table(include_str!("../data/opencc/TSPhrases.txt")),
            &parse_table(include_str!("../data/opencc/TSCharacters.txt")),
        );
        let mut texts = scan_texts();
        texts.extend([keys.join("|"), keys.concat(), keys.iter().rev().cloned().collect(), String::new()]);
        for text in &texts {
            // `convert` goes through the start table's matches alone.
            let (expected, _) = t2s.convert(text);
            assert_eq!(t2s.convert_cow(text), expected);
            let points = t2s.code_points(text);
            assert_eq!(points.is_none(), expected == *text);
            let points = points.unwrap_or_else(|| text.chars().map(u32::from).collect());
            assert_eq!(points, expected.chars().map(u32::from).collect::<Vec<_>>());
        }
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

    /// Matches as (start, end, pattern).
    type Found = Vec<(usize, usize, usize)>;

    /// The matches of both matchers over `text`.
    fn both_matches(keys: &[String], text: &str) -> (Found, Found) {
        let table = StartTable::build(keys).unwrap();
        let automaton = Matcher::Automaton(build_automaton(keys).unwrap());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        table.for_each_match(text, |s, e, p| a.push((s, e, p)));
        automaton.for_each_match(text, |s, e, p| b.push((s, e, p)));
        (a, b)
    }

    #[test]
    fn start_table_finds_what_the_automaton_finds() {
        assert!(matches!(t2s().unwrap().matcher, Matcher::Table(..)));
        for (phrases, characters) in [
            (include_str!("../data/opencc/TSPhrases.txt"), include_str!("../data/opencc/TSCharacters.txt")),
            (include_str!("../data/opencc/STPhrases.txt"), include_str!("../data/opencc/STCharacters.txt")),
        ] {
            let (keys, _) = dictionary_keys(parse_table(phrases), &parse_table(characters));
            // Every key on its own, then keys run together (overlapping phrase candidates),
            // and the samples, in both scripts.
            let mut texts: Vec<String> = vec![keys.join("|"), keys.concat(), keys.iter().rev().cloned().collect()];
            for (_, text) in crate::samples::SAMPLE_REPORTS {
                texts.push(text.to_string());
                texts.push(to_traditional(text).unwrap());
                texts.push(to_simplified(text).unwrap());
            }
            for text in &texts {
                let (table, automaton) = both_matches(&keys, text);
                assert_eq!(table.len(), automaton.len());
                assert!(
                    table == automaton,
                    "first difference at {:?}",
                    table.iter().zip(&automaton).find(|(a, b)| a != b)
                );
            }
        }
    }

    #[test]
    fn borrows_what_does_not_change() {
        assert!(matches!(to_simplified_cow("党员干部 abc").unwrap(), Cow::Borrowed(_)));
        for (_, text) in crate::samples::SAMPLE_REPORTS {
            let simplified = to_simplified(text).unwrap();
            assert_eq!(to_simplified_cow(text).unwrap(), simplified);
            assert!(
                matches!(to_simplified_cow(&simplified).unwrap(), Cow::Borrowed(_))
                    || to_simplified(&simplified).unwrap() != simplified
            );
        }
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
