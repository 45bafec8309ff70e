//! Removal of pinyin ruby annotations glued into the text: `發(fā)生` → `發生`.
//!
//! Some sites annotate the readings of polyphonic characters in parentheses; once the
//! markup is stripped, the annotation is left inline. An annotation is removed only when
//! it follows a Han character and is a reading of that character (or, failing that, a
//! tone-marked syllable of Mandarin), so ordinary parentheses such as `(左二)` or
//! `(公安部门)` and English words are untouched.
//!
//! A damaged annotation whose character was lost (`?dān)`) is dropped and counted as a
//! lost character; when exactly one character with that reading forms a dictionary word
//! with a neighbour (`日?bào)告` → `報告`), it is restored.

use std::cell::OnceCell;
use std::sync::OnceLock;

use pinyin::{Pinyin, ToPinyinMulti};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::mojibake::is_han;
use crate::repairs::Repairs;
use crate::script::{detect_script, simplified_char, traditional_char, Script};

/// Readings with tone marks → the characters that have them, and every known reading.
struct ReadingIndex {
    /// The Simplified forms of the characters with each reading, each once, in the order
    /// of their first appearance in the pinyin table.
    characters: FxHashMap<&'static str, Vec<char>>,
    syllables: FxHashSet<&'static str>,
}

fn reading_index() -> &'static ReadingIndex {
    static INDEX: OnceLock<ReadingIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut characters: FxHashMap<&'static str, Vec<char>> = FxHashMap::default();
        let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0x20000..=0x2A6DF];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let simplified = simplified_char(c);
            for reading in readings(c) {
                let candidates = characters.entry(reading).or_default();
                if !candidates.contains(&simplified) {
                    candidates.push(simplified);
                }
            }
        }
        let syllables = characters.keys().copied().collect();
        ReadingIndex { characters, syllables }
    })
}

/// Returns the tone-marked readings of `c` (empty for a character without one).
fn readings(c: char) -> impl Iterator<Item = &'static str> {
    c.to_pinyin_multi().into_iter().flat_map(|multi| multi.into_iter().map(Pinyin::with_tone))
}

/// A letter of pinyin: ASCII lowercase or a vowel with a tone mark (a `match`, not a scan
/// of a string: it runs for every character after an opener).
pub(crate) fn is_pinyin_letter(c: char) -> bool {
    matches!(
        c,
        'a'..='z'
            | 'ā'
            | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ü'
            | 'ê'
            | 'ế'
            | 'ề'
            | 'ń'
            | 'ň'
            | 'ǹ'
            | 'ḿ'
    )
}

fn has_tone_mark(syllable: &str) -> bool {
    !syllable.is_ascii()
}

/// A piece of a line after parsing: a character, or a lost character's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Char(char),
    Lost(&'static str),
}

impl Piece {
    fn char(&self) -> Option<char> {
        match *self {
            Piece::Char(c) => Some(c),
            Piece::Lost(_) => None,
        }
    }
}

/// What [`strip_annotations`] changed in a line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RubyCounts {
    /// Annotations removed after the character they annotate.
    pub annotations: usize,
    /// Characters found lost next to a surviving annotation (restored or not).
    pub lost: usize,
    /// Lost characters restored from their reading and a dictionary word.
    pub restored: usize,
}

impl RubyCounts {
    /// Adds these counts to a repair tally under their public names.
    pub fn record(&self, repairs: &mut Repairs) {
        repairs.add("pinyin_annotation", self.annotations);
        repairs.add("lost_char", self.lost);
        repairs.add("restored_char", self.restored);
    }
}

/// Returns true when `line` may contain an annotation — an opening parenthesis or a `?`
/// directly followed by a pinyin letter — so callers can skip the rest.
pub fn may_have_annotations(line: &str) -> bool {
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if matches!(c, '(' | '（' | '?' | '\u{FFFD}') {
            let mut ahead = chars.clone();
            let next = ahead.next();
            let next = if matches!(next, Some('(' | '（')) && c != '(' && c != '（' { ahead.next() } else { next };
            if next.is_some_and(is_pinyin_letter) {
                return true;
            }
        }
    }
    false
}

/// Removes pinyin annotations from one line.
///
/// Returns the cleaned line and what was removed or restored.
pub fn strip_annotations(line: &str) -> (String, RubyCounts) {
    if !may_have_annotations(line) {
        return (line.to_string(), RubyCounts::default());
    }
    let mut writer = Writer::new(line);
    writer.parse::<false>(|_| false);
    (writer.output, writer.counts)
}

/// Like [`strip_annotations`], but gives up at the first character for which `special` is
/// true, so that a caller can strip and check a line in one pass.
///
/// `special` must be false for the characters of [`NEVER_SPECIAL`], which are skipped by
/// their bytes. Returns `None` when the line has a special character.
pub fn strip_annotations_unless(line: &str, special: impl Fn(char) -> bool) -> Option<(String, RubyCounts)> {
    let mut writer = Writer::new(line);
    writer.parse::<true>(special).then_some((writer.output, writer.counts))
}

/// Returns true for a character that no reduction ever removes and that hides everything
/// before it from later reductions: anything but a pinyin letter, a parenthesis, `?` and
/// U+FFFD (see [`Writer`]).
fn is_barrier(c: char) -> bool {
    !(is_pinyin_letter(c) || matches!(c, '(' | '（' | ')' | '）' | '?' | '\u{FFFD}'))
}

/// The characters [`strip_annotations_unless`] skips by their bytes without asking its
/// `special`: printable ASCII, general punctuation (dashes, quotes, ellipsis, per-mille …),
/// CJK punctuation but the ideographic space, U+3040..=U+EFFF (kana, Han and the rest), and
/// full-width punctuation other than parentheses.
pub const NEVER_SPECIAL: &[std::ops::RangeInclusive<char>] = &[
    ' '..='~',
    '\u{2010}'..='\u{2027}',
    '\u{2030}'..='\u{203F}',
    '\u{3001}'..='\u{EFFF}',
    '\u{FF01}'..='\u{FF07}',
    '\u{FF0A}'..='\u{FF0F}',
    '\u{FF1A}'..='\u{FF20}',
    '\u{FF3B}'..='\u{FF3F}',
];

/// Where [`skip_barriers`] stopped.
enum Skip {
    /// At this byte offset, before a character that is not a barrier (or at the end).
    At(usize),
    /// At a character for which the caller's `special` is true.
    Special,
}

/// Whether the three bytes at `i` (lead byte 0xE2, 0xE3 or 0xEF) are a character that
/// [`skip_barriers`] skips without decoding: U+2010..=U+2027, U+2030..=U+203F,
/// U+3001..=U+3FFF and full-width punctuation but parentheses, or (not strict) anything
/// from U+2000 to U+3FFF.
#[inline]
fn is_skipped_punctuation<const STRICT: bool>(bytes: &[u8], i: usize) -> bool {
    let second = bytes.get(i + 1).copied().unwrap_or(0);
    let third = bytes.get(i + 2).copied().unwrap_or(0);
    match (bytes[i], second, third) {
        (0xE2 | 0xE3, _, _) if !STRICT => true,
        (0xE3, 0x81..=0xBF, _) => true,
        (0xE2, 0x80, 0x90..=0xA7 | 0xB0..=0xBF) | (0xE3, 0x80, 0x81..=0xBF) => true,
        (0xEF, 0xBC, 0x81..=0x87 | 0x8A..=0x8F | 0x9A..=0xA0 | 0xBB..=0xBF) => true,
        _ => false,
    }
}

/// Skips the [`is_barrier`] characters from byte `i` of `line`; Han text and punctuation
/// are skipped by their bytes. With `STRICT`, stops at a character for which `special` is
/// true (which must be false for [`NEVER_SPECIAL`]); without, `special` is not asked.
///
/// Returns where it stopped.
#[inline]
fn skip_barriers<const STRICT: bool>(line: &str, mut i: usize, special: &impl Fn(char) -> bool) -> Skip {
    let bytes = line.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // No pinyin letter, parenthesis, `?` or U+FFFD in the byte ranges skipped here.
        let len = match b {
            b'a'..=b'z' | b'(' | b')' | b'?' => break,
            0x20..=0x7E => 1,
            0x00..=0x7F if !STRICT => 1,
            // U+4000..=U+EFFF.
            0xE4..=0xEE => 3,
            0xE2 | 0xE3 | 0xEF if is_skipped_punctuation::<STRICT>(bytes, i) => 3,
            _ => match line[i..].chars().next() {
                Some(c) if STRICT && special(c) => return Skip::Special,
                Some(c) if is_barrier(c) => c.len_utf8(),
                _ => break,
            },
        };
        i += len;
    }
    Skip::At(i.min(bytes.len()))
}

/// The pieces of a line that a later reduction may still change or look at, on top of the
/// last barrier character written.
///
/// A reduction (see [`reduce`]) looks back from a closing parenthesis over pinyin letters
/// and then at most two more pieces, and removes only letters, parentheses and `?`/U+FFFD
/// (a lost character's reading stays). So a barrier character is never removed, and no
/// reduction sees past the last one: everything before it is final. [`Writer`] writes the
/// final part out at once and keeps only the barrier and what follows it here.
#[derive(Default)]
struct Pending {
    /// The last barrier character, already written to the output, as the bottom piece.
    barrier: Option<char>,
    /// The pieces after it.
    pieces: Vec<Piece>,
}

impl Pending {
    fn base(&self) -> usize {
        usize::from(self.barrier.is_some())
    }

    fn len(&self) -> usize {
        self.base() + self.pieces.len()
    }

    fn get(&self, i: usize) -> Option<Piece> {
        match (i.checked_sub(self.base()), self.barrier) {
            (Some(i), _) => self.pieces.get(i).copied(),
            (None, barrier) => barrier.map(Piece::Char),
        }
    }

    fn last(&self) -> Option<Piece> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Keeps the first `len` pieces (never the barrier's: no reduction removes it).
    fn truncate(&mut self, len: usize) {
        self.pieces.truncate(len.saturating_sub(self.base()));
    }

    fn push(&mut self, piece: Piece) {
        self.pieces.push(piece);
    }
}

/// Parses one line left to right, writing the final part of it as it goes.
///
/// Every character goes onto a stack of pieces; at every closing parenthesis the top of the
/// stack is checked for `X(reading)`, `?(reading)` or `?reading)` and reduced. Each check
/// sees the line as already reduced, and what is left next to a lost character is dropped
/// with it, so a second run over the output finds nothing more to do (`?(?dān)dān)` and
/// `發?dān)(fā)` used to need one run per level). Runs of barrier characters (see
/// [`Pending`]) are copied whole, so plain text costs a byte scan and the work stays linear.
struct Writer<'a> {
    line: &'a str,
    output: String,
    pending: Pending,
    /// Whether the last piece written was a lost character (restored or not).
    previous_lost: bool,
    script: OnceCell<Script>,
    counts: RubyCounts,
}

impl<'a> Writer<'a> {
    fn new(line: &'a str) -> Self {
        Self {
            line,
            output: String::with_capacity(line.len()),
            pending: Pending::default(),
            previous_lost: false,
            script: OnceCell::new(),
            counts: RubyCounts::default(),
        }
    }

    /// Parses the line; with `STRICT`, gives up at a character for which `special` is true
    /// (see [`skip_barriers`]).
    ///
    /// Returns false when it gave up.
    fn parse<const STRICT: bool>(&mut self, special: impl Fn(char) -> bool) -> bool {
        let line = self.line;
        let mut i = 0;
        while i < line.len() {
            let Skip::At(run_end) = skip_barriers::<STRICT>(line, i, &special) else { return false };
            if let Some(last) = line[i..run_end].chars().next_back() {
                self.write_barriers(&line[i..run_end], last);
                i = run_end;
                continue;
            }
            let Some(c) = line[i..].chars().next() else { break };
            if STRICT && special(c) {
                return false;
            }
            i += c.len_utf8();
            if let Some(end) = self.annotation_after_barrier::<STRICT>(c, i, &special) {
                self.counts.annotations += 1;
                i = end;
                continue;
            }
            self.pending.push(Piece::Char(c));
            if matches!(c, ')' | '）') {
                reduce(&mut self.pending, &mut self.counts);
            }
        }
        self.flush(None);
        true
    }

    /// The common case, without the stack: `c` opens a parenthesis right after a Han barrier
    /// character (nothing pending after it), and the syllable and closing parenthesis that
    /// follow from byte `i` annotate it, so [`reduce`] would remove them, leaving the stack as
    /// it is now.
    ///
    /// Returns the byte offset after the closing parenthesis, or `None` for any other case
    /// (including a special character), which the stack then handles.
    fn annotation_after_barrier<const STRICT: bool>(
        &self,
        c: char,
        i: usize,
        special: &impl Fn(char) -> bool,
    ) -> Option<usize> {
        let annotated = match self.pending.barrier {
            Some(barrier) if self.pending.pieces.is_empty() && matches!(c, '(' | '（') && is_han(barrier) => barrier,
            _ => return None,
        };
        let rest = self.line.get(i..)?;
        // One to six pinyin letters, then the closing parenthesis.
        for (letters, (offset, letter)) in rest.char_indices().enumerate().take(7) {
            if STRICT && special(letter) {
                return None;
            }
            if matches!(letter, ')' | '）') && letters > 0 {
                let syllable = &rest[..offset];
                let tone = has_tone_mark(syllable);
                let known = || reading_index().syllables.contains(syllable);
                return annotates(annotated, syllable, tone, known).then_some(i + offset + letter.len_utf8());
            }
            if !is_pinyin_letter(letter) {
                return None;
            }
        }
        None
    }

    /// Writes `run`, a non-empty run of barrier characters ending in `last`, after what is
    /// pending.
    fn write_barriers(&mut self, run: &str, last: char) {
        let mut run = run;
        // A combining mark right after a lost character is debris of the same damage; kept,
        // it would compose with a Latin letter before the loss on a second run.
        while let Some(c) = run.chars().next() {
            if !(('\u{300}'..='\u{36F}').contains(&c) && matches!(self.pending.last(), Some(Piece::Lost(_)))) {
                break;
            }
            run = &run[c.len_utf8()..];
        }
        let Some(first) = run.chars().next() else { return };
        if !self.pending.pieces.is_empty() {
            self.flush(Some(first));
        }
        self.output.push_str(run);
        self.previous_lost = false;
        self.pending.barrier = Some(last);
    }

    /// Writes the pending pieces (final now), restoring lost characters where their
    /// neighbours allow; `next` is the character that follows them, if any.
    fn flush(&mut self, next: Option<char>) {
        let pieces = std::mem::take(&mut self.pending.pieces);
        for (index, piece) in pieces.iter().enumerate() {
            match *piece {
                Piece::Char(c) => {
                    self.output.push(c);
                    self.previous_lost = false;
                }
                Piece::Lost(reading) => {
                    // Only an intact neighbour can vouch for a candidate, not another lost one.
                    let previous = if self.previous_lost { None } else { self.output.chars().next_back() };
                    let following = match pieces.get(index + 1) {
                        Some(piece) => piece.char(),
                        None => next,
                    };
                    let (line, script) = (self.line, &self.script);
                    if let Some(restored) =
                        restore(previous, following, reading, || *script.get_or_init(|| detect_script(line)))
                    {
                        self.output.push(restored);
                        self.counts.restored += 1;
                    }
                    self.previous_lost = true;
                }
            }
        }
        self.pending.pieces = pieces;
        self.pending.pieces.clear();
    }
}

/// Reduces an annotation or a lost character's reading that ends at the closing
/// parenthesis on top of `pieces`.
fn reduce(pieces: &mut Pending, counts: &mut RubyCounts) {
    let Some(close) = pieces.len().checked_sub(1) else { return };
    // A parenthesis right after a lost character closes the same damage (`?dān?(fā))`):
    // kept, it would close the letters before the loss once the lost character is gone.
    if matches!(close.checked_sub(1).and_then(|i| pieces.get(i)), Some(Piece::Lost(_))) {
        pieces.truncate(close);
        return;
    }
    // The syllable: 1 to 6 pinyin letters directly before the parenthesis.
    let letters = (0..close)
        .rev()
        .take(7)
        .take_while(|&i| matches!(pieces.get(i), Some(Piece::Char(c)) if is_pinyin_letter(c)))
        .count();
    if !(1..=6).contains(&letters) {
        return;
    }
    let start = close - letters;
    // Right after a lost character, `dān)` is part of the same damage: kept, it would be
    // read differently once the lost character is gone (`?(?dān)dān)` → `?(dān)`).
    if matches!(pieces.get(start.wrapping_sub(1)), Some(Piece::Lost(_))) {
        pieces.truncate(start);
        counts.annotations += 1;
        return;
    }
    let mut buffer = [0u8; 4 * 6];
    let Some(syllable) = syllable_in(pieces, start..close, &mut buffer) else { return };
    let known = reading_index().syllables.get(syllable).copied();
    let piece_at = |i: Option<usize>| i.and_then(|i| pieces.get(i));
    let opened = matches!(piece_at(start.checked_sub(1)), Some(Piece::Char('(' | '（')));
    let tone = has_tone_mark(syllable);
    // `?dān)` and `?(dān)`: a character lost before its reading.
    let mark = if opened { start.checked_sub(2) } else { start.checked_sub(1) };
    if let (true, Some(reading), Some(mark)) = (tone, known, mark) {
        if matches!(pieces.get(mark), Some(Piece::Char('?' | '\u{FFFD}'))) {
            pieces.truncate(mark);
            pieces.push(Piece::Lost(reading));
            counts.lost += 1;
            return;
        }
    }
    if !opened {
        return;
    }
    let annotated = match piece_at(start.checked_sub(2)) {
        Some(Piece::Char(previous)) => annotates(previous, syllable, tone, || known.is_some()),
        // Right after a lost character, an annotation is part of the same damage: it goes
        // now, or a second run would remove it after the restored character or after the
        // intact one before the loss (looking back for that one could be quadratic).
        Some(Piece::Lost(_)) => true,
        None => false,
    };
    if annotated {
        pieces.truncate(start - 1);
        counts.annotations += 1;
    }
}

/// Whether `syllable` in parentheses after `c` is an annotation of it: `c` is Han and the
/// syllable is a reading of `c` or a known tone-marked one (`known` tells; asked last, as
/// the readings of `c` are cheaper to look through than the set of all syllables).
fn annotates(c: char, syllable: &str, tone: bool, known: impl FnOnce() -> bool) -> bool {
    is_han(c) && (readings(c).any(|r| r == syllable) || (tone && known()))
}

/// Writes the letters of `range` of `pieces` into `buffer` (no allocation: this runs for
/// every annotation).
///
/// Returns the syllable, or `None` if it does not fit (it always does: at most six letters).
fn syllable_in<'b>(pieces: &Pending, range: std::ops::Range<usize>, buffer: &'b mut [u8]) -> Option<&'b str> {
    let mut len = 0;
    for c in range.filter_map(|i| pieces.get(i).and_then(|p| p.char())) {
        len += c.encode_utf8(buffer.get_mut(len..len + c.len_utf8())?).len();
    }
    std::str::from_utf8(buffer.get(..len)?).ok()
}

/// A character that cannot stand next to a lost character in intact text: ASCII letters
/// and symbols other than ordinary punctuation.
fn is_debris(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '_' | '^' | '`' | '~' | '\\' | '|' | '@' | '#' | '$' | '*' | '=' | '+')
}

/// Returns true when `word` (Simplified) is in the default segmenter's dictionary, the one
/// dictionary the whole crate shares.
fn is_word(word: &str) -> bool {
    crate::segment::default_segmenter().has_word(word)
}

/// Returns true when the two characters `first` and `second` make a dictionary word.
fn is_pair_word(first: char, second: char) -> bool {
    let mut buffer = [0u8; 8];
    let len = first.encode_utf8(&mut buffer).len();
    let len = len + second.encode_utf8(&mut buffer[len..]).len();
    std::str::from_utf8(&buffer[..len]).is_ok_and(is_word)
}

/// Picks the only character with `reading` that makes a dictionary word with a
/// neighbour, written in the script of its line (`script` is asked only then).
fn restore(previous: Option<char>, next: Option<char>, reading: &str, script: impl FnOnce() -> Script) -> Option<char> {
    let candidates = reading_index().characters.get(reading)?;
    // Beside other debris (`?jīng)_`, `軐m`) the damage is wider than one character.
    if [previous, next].into_iter().flatten().any(is_debris) {
        return None;
    }
    let previous = previous.filter(|&c| is_han(c)).map(simplified_char);
    let next = next.filter(|&c| is_han(c)).map(simplified_char);
    if previous.is_none() && next.is_none() {
        return None;
    }
    let mut fitting = None;
    for &simplified in candidates {
        let with_previous = previous.is_some_and(|p| is_pair_word(p, simplified));
        if with_previous || next.is_some_and(|n| is_pair_word(simplified, n)) {
            if fitting.is_some() {
                return None;
            }
            fitting = Some(simplified);
        }
    }
    let simplified = fitting?;
    Some(match script() {
        Script::Traditional => traditional_char(simplified),
        _ => simplified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_letters_are_lowercase_ascii_and_the_toned_vowels() {
        let toned = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếềńňǹḿ";
        for c in (0..0x2000u32).filter_map(char::from_u32) {
            assert_eq!(is_pinyin_letter(c), c.is_ascii_lowercase() || toned.contains(c), "{c:?}");
        }
    }

    #[test]
    fn removes_annotations_of_the_preceding_character() {
        let (text, counts) = strip_annotations("新冠肺炎疫情發(fā)生以來(lái),在中央的統(tǒng)一領(lǐng)導(dǎo)下");
        assert_eq!(text, "新冠肺炎疫情發生以來,在中央的統一領導下");
        assert_eq!(counts, RubyCounts { annotations: 5, lost: 0, restored: 0 });
    }

    #[test]
    fn leaves_ordinary_parentheses_alone() {
        for line in [
            "常務副書記江克美(左二)、工委委員李陽(左一)",
            "協助社區(公安部門)累計封控(管理)卡口",
            "以“双报到”(即党组织到联系点社区报到)为载体",
            "the WHO (who) said",
            "习近平(Xi Jinping)",
            "𠮷野家(kitchen)鿏",
        ] {
            assert_eq!(strip_annotations(line).0, line, "{line}");
        }
    }

    #[test]
    fn drops_lost_characters_and_restores_unambiguous_ones() {
        let (text, counts) = strip_annotations("堅(jiān)持“日?qǐng)?bào)告、日匯總”");
        assert_eq!(text, "堅持“日報告、日匯總”");
        assert_eq!(counts, RubyCounts { annotations: 1, lost: 2, restored: 1 });
    }

    #[test]
    fn restores_in_the_script_of_the_line() {
        let (text, counts) = strip_annotations("主動(dòng)作為、勇挑重?fù)?dān)、沖鋒在前");
        assert_eq!(counts.lost, 2);
        assert!(!text.contains('?'));
        assert!(text.starts_with("主動作為、勇挑重"), "{text}");
        assert!(text.ends_with("、沖鋒在前"), "{text}");
    }

    #[test]
    fn a_second_run_changes_nothing() {
        // Regression: damage nested in damage needed one run per level, so cleaning clean
        // text changed it again.
        let (text, counts) = strip_annotations("?(?dān)dān)");
        assert_eq!(text, "?(");
        assert_eq!(counts, RubyCounts { annotations: 1, lost: 1, restored: 0 });
        let (text, counts) = strip_annotations("a?dān)\u{304}b");
        assert_eq!(text, "ab");
        assert_eq!(counts.lost, 1);
        for line in [
            "?dān?(fā))",
            "??dān)(fā)",
            "?(?dān)dān)",
            "?(?(?dān)dān)dān)",
            "發?dān)(fā)生",
            "發?dān)?dān)(fā)生",
            "重?fù)dān)任",
            "a?dān)\u{304}",
            "發(fā(fā))",
            "發((fā))",
            "?\u{FFFD}(dān)",
            "堅(jiān)持“日?qǐng)?bào)告、日匯總”",
        ] {
            let once = strip_annotations(line).0;
            assert_eq!(strip_annotations(&once).0, once, "{line:?} -> {once:?}");
        }
    }

    /// The parser before runs of barrier characters were written at once: every character
    /// stays on the stack to the end, then the pieces are written out.
    fn strip_without_barriers(line: &str) -> (String, RubyCounts) {
        let mut counts = RubyCounts::default();
        let mut pieces = Pending::default();
        for c in line.chars() {
            if ('\u{300}'..='\u{36F}').contains(&c) && matches!(pieces.last(), Some(Piece::Lost(_))) {
                continue;
            }
            pieces.push(Piece::Char(c));
            if matches!(c, ')' | '）') {
                reduce(&mut pieces, &mut counts);
            }
        }
        let pieces = pieces.pieces;
        let mut output: Vec<char> = Vec::new();
        for (index, piece) in pieces.iter().enumerate() {
            match *piece {
                Piece::Char(c) => output.push(c),
                Piece::Lost(reading) => {
                    let intact = |piece: Option<&Piece>| piece.and_then(Piece::char);
                    let previous = intact(index.checked_sub(1).and_then(|i| pieces.get(i))).and(output.last().copied());
                    let next = intact(pieces.get(index + 1));
                    if let Some(restored) = restore(previous, next, reading, || detect_script(line)) {
                        output.push(restored);
                        counts.restored += 1;
                    }
                }
            }
        }
        (output.into_iter().collect(), counts)
    }

    const DEBRIS: &[&str] = &[
        "?", "\u{FFFD}", "(", ")", "（", "）", "dān", "fā", "bào", "qǐng", "a", "e", "\u{304}", "\u{301}", "發", "重",
        "日", "告", "報", "匯", "總", "“", "、", "x", "_", " ", "ü", "?dān)", "(fā)", "?bào)", "𠮷", "ḿ", "Ｘ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
        ))]

        #[test]
        fn writing_barrier_runs_at_once_changes_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(DEBRIS), 0..32)
        ) {
            let line = pieces.concat();
            let expected = if may_have_annotations(&line) {
                strip_without_barriers(&line)
            } else {
                (line.clone(), RubyCounts::default())
            };
            proptest::prop_assert_eq!(strip_annotations(&line), expected);
        }
    }

    #[test]
    fn barrier_runs_are_skipped_by_their_bytes() {
        let skipped = |text: &str, strict: bool, special: &dyn Fn(char) -> bool| match strict {
            true => skip_barriers::<true>(text, 0, &special),
            false => skip_barriers::<false>(text, 0, &special),
        };
        // As many special characters as the contract allows.
        let special = |c: char| !NEVER_SPECIAL.iter().any(|range| range.contains(&c));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}(");
            let past = |skip: Skip| matches!(skip, Skip::At(i) if i == c.len_utf8());
            assert_eq!(past(skipped(&text, false, &|_| true)), is_barrier(c), "{c:?}");
            let strict = skipped(&text, true, &special);
            if special(c) {
                assert!(matches!(strict, Skip::Special), "{c:?}");
            } else {
                assert_eq!(past(strict), is_barrier(c), "{c:?}");
            }
        }
    }

    #[test]
    fn the_strict_parse_gives_up_only_at_special_characters() {
        let special = |c: char| c == '\t' || c == '\u{3000}';
        for line in ["發(fā)生", "新冠肺炎疫情發(fā)生以來(lái),在中央", "日?bào)告", "(左二)", ""]
        {
            assert_eq!(strip_annotations_unless(line, special), Some(strip_annotations(line)), "{line}");
        }
        assert_eq!(strip_annotations_unless("發(fā)\t生", special), None);
        assert_eq!(strip_annotations_unless("發(fā)生\u{3000}", special), None);
    }

    #[test]
    fn long_runs_of_damage_are_linear_and_stable() {
        // `(` a million times, and annotation-like patterns repeated: one pass each.
        let parens = "(".repeat(100_000);
        assert_eq!(strip_annotations(&parens).0, parens);
        let ruby = "字(zì)".repeat(20_000);
        let (text, counts) = strip_annotations(&ruby);
        assert_eq!(text, "字".repeat(20_000));
        assert_eq!(counts.annotations, 20_000);
        let lost = "?dān)".repeat(20_000);
        let (text, counts) = strip_annotations(&lost);
        assert_eq!(counts.lost, 20_000);
        assert_eq!(strip_annotations(&text).0, text);
    }
}
