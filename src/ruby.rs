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
    characters: FxHashMap<&'static str, Vec<char>>,
    syllables: FxHashSet<&'static str>,
}

fn reading_index() -> &'static ReadingIndex {
    static INDEX: OnceLock<ReadingIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut characters: FxHashMap<&'static str, Vec<char>> = FxHashMap::default();
        let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0x20000..=0x2A6DF];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            for reading in readings(c) {
                characters.entry(reading).or_default().push(c);
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
    let mut counts = RubyCounts::default();
    if !may_have_annotations(line) {
        return (line.to_string(), counts);
    }
    let pieces = parse(line, &mut counts);
    if counts.annotations == 0 && counts.lost == 0 {
        return (line.to_string(), counts);
    }
    let script = OnceCell::new();
    let mut output: Vec<char> = Vec::with_capacity(pieces.len());
    for (index, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Char(c) => output.push(c),
            Piece::Lost(reading) => {
                // Only an intact neighbour can vouch for a candidate, not another lost one.
                let intact = |piece: Option<&Piece>| match piece {
                    Some(Piece::Char(c)) => Some(*c),
                    _ => None,
                };
                let previous = intact(index.checked_sub(1).and_then(|i| pieces.get(i))).and(output.last().copied());
                let next = intact(pieces.get(index + 1));
                if let Some(restored) = restore(previous, next, reading, *script.get_or_init(|| detect_script(line))) {
                    output.push(restored);
                    counts.restored += 1;
                }
            }
        }
    }
    (output.into_iter().collect(), counts)
}

/// Splits a line into characters and lost readings, dropping valid annotations.
///
/// The line is read once, left to right, onto a stack of pieces; at every closing
/// parenthesis the top of the stack is checked for `X(reading)`, `?(reading)` or
/// `?reading)` and reduced. Each check sees the line as already reduced, and what is left
/// next to a lost character is dropped with it, so a second run over the output finds
/// nothing more to do (`?(?dān)dān)` and `發?dān)(fā)` used to need one run per level). The
/// work stays linear: each character is pushed once and popped at most once, and a check
/// looks at most nine pieces back.
fn parse(line: &str, counts: &mut RubyCounts) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(line.len() / 3 + 1);
    for c in line.chars() {
        // A combining mark right after a lost character is debris of the same damage; kept,
        // it would compose with a Latin letter before the loss on a second run.
        if ('\u{300}'..='\u{36F}').contains(&c) && matches!(pieces.last(), Some(Piece::Lost(_))) {
            continue;
        }
        pieces.push(Piece::Char(c));
        if matches!(c, ')' | '）') {
            reduce(&mut pieces, counts);
        }
    }
    pieces
}

/// Reduces an annotation or a lost character's reading that ends at the closing
/// parenthesis on top of `pieces`.
fn reduce(pieces: &mut Vec<Piece>, counts: &mut RubyCounts) {
    let Some(close) = pieces.len().checked_sub(1) else { return };
    // A parenthesis right after a lost character closes the same damage (`?dān?(fā))`):
    // kept, it would close the letters before the loss once the lost character is gone.
    if matches!(close.checked_sub(1).and_then(|i| pieces.get(i)), Some(Piece::Lost(_))) {
        pieces.truncate(close);
        return;
    }
    // The syllable: 1 to 6 pinyin letters directly before the parenthesis.
    let letters = pieces[..close]
        .iter()
        .rev()
        .take(7)
        .take_while(|p| matches!(p, Piece::Char(c) if is_pinyin_letter(*c)))
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
    let syllable: String = pieces[start..close].iter().filter_map(Piece::char).collect();
    let known = reading_index().syllables.get(syllable.as_str()).copied();
    let piece_at = |i: Option<usize>| i.and_then(|i| pieces.get(i));
    let opened = matches!(piece_at(start.checked_sub(1)), Some(Piece::Char('(' | '（')));
    let tone = has_tone_mark(&syllable);
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
    let annotates = |c: char| is_han(c) && ((tone && known.is_some()) || readings(c).any(|r| r == syllable));
    let annotated = match piece_at(start.checked_sub(2)) {
        Some(Piece::Char(previous)) => annotates(*previous),
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
/// neighbour, written in the script of its line.
fn restore(previous: Option<char>, next: Option<char>, reading: &str, script: Script) -> Option<char> {
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
    let mut fitting: Vec<char> = Vec::new();
    for &candidate in candidates {
        let simplified = simplified_char(candidate);
        if fitting.contains(&simplified) {
            continue;
        }
        let with_previous = previous.is_some_and(|p| is_pair_word(p, simplified));
        let with_next = next.is_some_and(|n| is_pair_word(simplified, n));
        if with_previous || with_next {
            fitting.push(simplified);
            if fitting.len() > 1 {
                return None;
            }
        }
    }
    let simplified = *fitting.first()?;
    Some(match script {
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
