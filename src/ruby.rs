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
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pinyin::{Pinyin, ToPinyinMulti};

use crate::mojibake::is_han;
use crate::repairs::Repairs;
use crate::script::{detect_script, simplified_char, traditional_char, Script};

/// Readings with tone marks → the characters that have them, and every known reading.
struct ReadingIndex {
    characters: HashMap<&'static str, Vec<char>>,
    syllables: HashSet<&'static str>,
}

fn reading_index() -> &'static ReadingIndex {
    static INDEX: OnceLock<ReadingIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut characters: HashMap<&'static str, Vec<char>> = HashMap::new();
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
    let (kept, lost) = parse(line, &mut counts);
    if lost.is_empty() {
        return (kept, counts);
    }
    let script = OnceCell::new();
    let mut output = String::with_capacity(kept.len() + 3 * lost.len());
    let mut copied = 0;
    for (index, &(at, reading)) in lost.iter().enumerate() {
        output.push_str(&kept[copied..at]);
        copied = at;
        // Only an intact neighbour can vouch for a candidate, not another lost one.
        let after_lost = index > 0 && lost[index - 1].0 == at;
        let before_lost = lost.get(index + 1).is_some_and(|&(next_at, _)| next_at == at);
        let previous = if after_lost { None } else { kept[..at].chars().next_back() };
        let next = if before_lost { None } else { kept[at..].chars().next() };
        if let Some(restored) = restore(previous, next, reading, || *script.get_or_init(|| detect_script(line))) {
            output.push(restored);
            counts.restored += 1;
        }
    }
    output.push_str(&kept[copied..]);
    (output, counts)
}

/// Splits a line into the text it keeps and its lost characters' readings (each with the
/// byte offset in the kept text where the character was), dropping valid annotations.
fn parse<'a>(line: &'a str, counts: &mut RubyCounts) -> (String, Vec<(usize, &'a str)>) {
    let index = reading_index();
    let mut kept = String::with_capacity(line.len());
    let mut lost: Vec<(usize, &str)> = Vec::new();
    let mut rest = line;
    loop {
        // Only an opening parenthesis, `?` or U+FFFD can start an annotation.
        let Some(at) = rest.find(['(', '（', '?', '\u{FFFD}']) else {
            kept.push_str(rest);
            break;
        };
        kept.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(c) = rest.chars().next() else { break };
        let after = &rest[c.len_utf8()..];
        if matches!(c, '(' | '（') {
            if let Some((reading, tail)) = syllable_then_close(after) {
                // The piece before is a character (not a lost one) of the Han script.
                let last_is_lost = lost.last().is_some_and(|&(at, _)| at == kept.len());
                let annotated = match kept.chars().next_back() {
                    Some(previous) if !last_is_lost && is_han(previous) => {
                        readings(previous).any(|r| r == reading)
                            || (has_tone_mark(reading) && index.syllables.contains(reading))
                    }
                    _ => false,
                };
                if annotated {
                    counts.annotations += 1;
                    rest = tail;
                    continue;
                }
            }
        }
        if matches!(c, '?' | '\u{FFFD}') {
            let open = after.strip_prefix(['(', '（']).unwrap_or(after);
            if let Some((reading, tail)) = syllable_then_close(open) {
                if has_tone_mark(reading) && index.syllables.contains(reading) {
                    counts.lost += 1;
                    lost.push((kept.len(), reading));
                    rest = tail;
                    continue;
                }
            }
        }
        kept.push(c);
        rest = after;
    }
    (kept, lost)
}

/// Reads a pinyin syllable followed by a closing parenthesis at the start of `text`.
///
/// Returns the syllable and the text after the parenthesis.
fn syllable_then_close(text: &str) -> Option<(&str, &str)> {
    let end = text.char_indices().find(|&(_, c)| !is_pinyin_letter(c)).map_or(text.len(), |(i, _)| i);
    let (syllable, tail) = text.split_at(end);
    let char_count = syllable.chars().count();
    if !(1..=6).contains(&char_count) {
        return None;
    }
    let tail = tail.strip_prefix([')', '）'])?;
    Some((syllable, tail))
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
    Some(match script() {
        Script::Traditional => traditional_char(simplified),
        _ => simplified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
