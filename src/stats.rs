//! Stage: per-report statistics — the figures a researcher reports for one text.
//!
//! Every figure is defined on the text as given (the clean body in `analyze`):
//!
//! | key | definition |
//! |---|---|
//! | `chars` | code points that are not white space |
//! | `han_chars` | code points of Unicode script Han (ideographs, 〇, 々) |
//! | `punctuation` | code points of general category P (Pc, Pd, Ps, Pe, Pi, Pf, Po) |
//! | `digits` | code points of general category Nd |
//! | `latin` | letters of Unicode script Latin (ASCII, pinyin with tone marks, full-width) |
//! | `paragraphs` | non-blank lines |
//! | `sentences` | sentences as split by [`crate::sentences::split_sentences`] |
//! | `tokens` | word tokens: segmenter tokens with at least one letter or digit |
//! | `types` | distinct word tokens |
//! | `mean_sentence_chars`, `median_sentence_chars` | non-space code points per sentence |
//! | `mean_sentence_words`, `median_sentence_words` | word tokens per sentence |
//! | `ttr` | `types / tokens` |
//! | `mtld` | MTLD (McCarthy & Jarvis 2010), threshold 0.72, mean of both directions |
//! | `mattr` | moving-average TTR over windows of 50 tokens (TTR when shorter) |
//! | `content_word_ratio` | share of word tokens tagged n*, v*, a*, d*, i, l or j |
//! | `noun_ratio` … `numeral_ratio` | share of word tokens tagged n*, v*, a*, d*, m* |
//! | `quantities`, `dates`, `people`, `organizations`, `places` | extracted mentions |
//! | `quantities_per_1000_chars` | `quantities * 1000 / chars` |
//! | `quotations` | matched “…” and 「…」 pairs |
//! | `cited_titles` | matched 《…》 pairs |
//! | `lexicon.<category>`, `lexicon_hits` | phrase matches per lexicon category, and in all |

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::error::Result;
use crate::extract::{EntityKind, Prepared};
use crate::lexicon::{political_lexicon, Lexicon};
use crate::segment::{default_segmenter, Token};
use crate::sentences::{split_paragraphs, split_sentences, Span};

/// The window of the moving-average type-token ratio.
pub const MATTR_WINDOW: usize = 50;
/// The type-token-ratio threshold at which MTLD closes a factor.
pub const MTLD_THRESHOLD: f64 = 0.72;

/// One figure: a count or a ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A count.
    Count(usize),
    /// A ratio, mean or other real number.
    Real(f64),
}

/// What the extractors found in a text, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionCounts {
    /// Quantities.
    pub quantities: usize,
    /// Date mentions.
    pub dates: usize,
    /// People.
    pub people: usize,
    /// Organisations.
    pub organizations: usize,
    /// Places.
    pub places: usize,
}

impl MentionCounts {
    /// Counts the results of the extractors of a prepared text.
    ///
    /// Returns the counts by kind.
    pub fn of(prepared: &Prepared<'_>) -> Self {
        let entities = prepared.entities();
        let of_kind = |kind: EntityKind| entities.iter().filter(|e| e.kind == kind).count();
        Self {
            quantities: prepared.quantities().len(),
            dates: prepared.dates(None).len(),
            people: of_kind(EntityKind::Person),
            organizations: of_kind(EntityKind::Organization),
            places: of_kind(EntityKind::Place),
        }
    }
}

/// Computes the statistics of `text` from its sentences and tokens (byte spans into `text`,
/// in order), its extraction counts and a lexicon.
///
/// Returns the figures as `(key, figure)` pairs in a fixed, documented order.
pub fn compute(
    text: &str,
    sentences: &[Span],
    tokens: &[Token<'_>],
    mentions: MentionCounts,
    lexicon: &Lexicon,
) -> Result<Vec<(String, Figure)>> {
    let chars = CharCounts::of(text);
    // References, not copies: a 100 MB report has tens of millions of tokens.
    let words: Vec<&Token<'_>> = tokens
        .iter()
        .filter(|t| text.get(t.start..t.end).is_some_and(|w| w.chars().any(char::is_alphanumeric)))
        .collect();
    let word_texts: Vec<&str> = words.iter().map(|t| text.get(t.start..t.end).unwrap_or("")).collect();
    let types = word_texts.iter().collect::<rustc_hash::FxHashSet<_>>().len();

    let sentence_chars: Vec<f64> =
        sentences.iter().map(|s| non_space_chars(text.get(s.start..s.end).unwrap_or("")) as f64).collect();
    let sentence_words = words_per_sentence(sentences, words.iter().map(|t| t.start));
    let share = |test: fn(&str) -> bool| ratio(words.iter().filter(|t| test(t.pos)).count(), words.len());

    let mut figures: Vec<(String, Figure)> = vec![
        ("chars".into(), Figure::Count(chars.chars)),
        ("han_chars".into(), Figure::Count(chars.han)),
        ("punctuation".into(), Figure::Count(chars.punctuation)),
        ("digits".into(), Figure::Count(chars.digits)),
        ("latin".into(), Figure::Count(chars.latin)),
        ("paragraphs".into(), Figure::Count(split_paragraphs(text).len())),
        ("sentences".into(), Figure::Count(sentences.len())),
        ("tokens".into(), Figure::Count(words.len())),
        ("types".into(), Figure::Count(types)),
        ("mean_sentence_chars".into(), Figure::Real(mean(&sentence_chars))),
        ("median_sentence_chars".into(), Figure::Real(median(&sentence_chars))),
        ("mean_sentence_words".into(), Figure::Real(mean(&sentence_words))),
        ("median_sentence_words".into(), Figure::Real(median(&sentence_words))),
        ("ttr".into(), Figure::Real(ratio(types, words.len()))),
        ("mtld".into(), Figure::Real(mtld(&word_texts, MTLD_THRESHOLD))),
        ("mattr".into(), Figure::Real(mattr(&word_texts, MATTR_WINDOW))),
        ("content_word_ratio".into(), Figure::Real(share(is_content_tag))),
        ("noun_ratio".into(), Figure::Real(share(|p| p.starts_with('n')))),
        ("verb_ratio".into(), Figure::Real(share(|p| p.starts_with('v')))),
        ("adjective_ratio".into(), Figure::Real(share(|p| p.starts_with('a')))),
        ("adverb_ratio".into(), Figure::Real(share(|p| p.starts_with('d')))),
        ("numeral_ratio".into(), Figure::Real(share(|p| p.starts_with('m')))),
        ("quantities".into(), Figure::Count(mentions.quantities)),
        ("quantities_per_1000_chars".into(), Figure::Real(1000.0 * ratio(mentions.quantities, chars.chars))),
        ("dates".into(), Figure::Count(mentions.dates)),
        ("people".into(), Figure::Count(mentions.people)),
        ("organizations".into(), Figure::Count(mentions.organizations)),
        ("places".into(), Figure::Count(mentions.places)),
        ("quotations".into(), Figure::Count(matched_pairs(text, &['“', '「'], &['”', '」']))),
        ("cited_titles".into(), Figure::Count(matched_pairs(text, &['《'], &['》']))),
    ];
    let hits = lexicon.count(text)?;
    figures.push(("lexicon_hits".into(), Figure::Count(hits.values().sum())));
    figures.extend(hits.into_iter().map(|(category, n)| (format!("lexicon.{category}"), Figure::Count(n))));
    Ok(figures)
}

/// Segments, extracts and computes the statistics of `text` (see the module table), with
/// the embedded political lexicon unless `lexicon` is given.
///
/// Returns the figures as `(key, figure)` pairs.
///
/// ```
/// use zhreport::stats::{text_stats, Figure};
/// let figures = text_stats("党员干部发放口罩7400个。", None).unwrap();
/// let get = |key: &str| figures.iter().find(|(k, _)| k == key).map(|(_, f)| *f);
/// assert_eq!(get("sentences"), Some(Figure::Count(1)));
/// assert_eq!(get("quantities"), Some(Figure::Count(1)));
/// ```
pub fn text_stats(text: &str, lexicon: Option<&Lexicon>) -> Result<Vec<(String, Figure)>> {
    let prepared = Prepared::new(text, default_segmenter())?;
    let mentions = MentionCounts::of(&prepared);
    let sentences = split_sentences(text);
    compute(text, &sentences, &prepared.original_tokens(), mentions, lexicon.unwrap_or_else(|| political_lexicon()))
}

/// Whether a jieba POS tag marks a content word (noun, verb, adjective, adverb, idiom,
/// fixed expression or abbreviation).
fn is_content_tag(pos: &str) -> bool {
    matches!(pos.chars().next(), Some('n' | 'v' | 'a' | 'd')) || matches!(pos, "i" | "l" | "j")
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted.get(n / 2).copied().unwrap_or(0.0),
        _ => (sorted.get(n / 2 - 1).copied().unwrap_or(0.0) + sorted.get(n / 2).copied().unwrap_or(0.0)) / 2.0,
    }
}

fn non_space_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Word tokens per sentence, given the (sorted) start offsets of the word tokens.
fn words_per_sentence(sentences: &[Span], word_starts: impl Iterator<Item = usize>) -> Vec<f64> {
    let mut counts = vec![0.0; sentences.len()];
    let mut current = 0;
    for start in word_starts {
        while sentences.get(current).is_some_and(|s| s.end <= start) {
            current += 1;
        }
        match (sentences.get(current), counts.get_mut(current)) {
            (Some(s), Some(count)) if s.start <= start => *count += 1.0,
            _ => {}
        }
    }
    counts
}

/// Counts opening marks closed later by a closing mark (nesting allowed; unmatched marks
/// on either side are not counted).
fn matched_pairs(text: &str, opening: &[char], closing: &[char]) -> usize {
    let (mut open, mut pairs) = (0usize, 0usize);
    for c in text.chars() {
        if opening.contains(&c) {
            open += 1;
        } else if closing.contains(&c) && open > 0 {
            open -= 1;
            pairs += 1;
        }
    }
    pairs
}

/// The measure of textual lexical diversity: tokens per factor, where a factor is a run of
/// tokens whose type-token ratio falls to `threshold`, averaged over both directions.
///
/// Returns 0 for no tokens, and the token count when not even a partial factor forms.
pub fn mtld(words: &[&str], threshold: f64) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let forward = mtld_pass(words.iter().copied(), words.len(), threshold);
    let backward = mtld_pass(words.iter().rev().copied(), words.len(), threshold);
    (forward + backward) / 2.0
}

fn mtld_pass<'a>(words: impl Iterator<Item = &'a str>, total: usize, threshold: f64) -> f64 {
    let mut factors = 0.0;
    let mut types = std::collections::HashSet::new();
    let mut count = 0usize;
    let mut ttr = 1.0;
    for word in words {
        count += 1;
        types.insert(word);
        ttr = types.len() as f64 / count as f64;
        if ttr <= threshold {
            factors += 1.0;
            types.clear();
            count = 0;
            ttr = 1.0;
        }
    }
    factors += (1.0 - ttr) / (1.0 - threshold);
    if factors == 0.0 {
        total as f64
    } else {
        total as f64 / factors
    }
}

/// The moving-average type-token ratio over windows of `window` tokens (the plain TTR
/// when the text is shorter than one window).
///
/// Returns 0 for no tokens.
pub fn mattr(words: &[&str], window: usize) -> f64 {
    if words.is_empty() || window == 0 {
        return 0.0;
    }
    if words.len() <= window {
        let types = words.iter().collect::<std::collections::HashSet<_>>().len();
        return types as f64 / words.len() as f64;
    }
    let mut in_window: HashMap<&str, usize> = HashMap::new();
    for &w in words.iter().take(window) {
        *in_window.entry(w).or_default() += 1;
    }
    let mut total = in_window.len() as f64;
    for (&leaving, &entering) in words.iter().zip(words.iter().skip(window)) {
        *in_window.entry(entering).or_default() += 1;
        if let Some(count) = in_window.get_mut(leaving) {
            *count -= 1;
            if *count == 0 {
                in_window.remove(leaving);
            }
        }
        total += in_window.len() as f64;
    }
    total / (words.len() - window + 1) as f64 / window as f64
}

/// Counts of character classes (see the module table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CharCounts {
    /// Non-space code points.
    pub chars: usize,
    /// Han code points.
    pub han: usize,
    /// Punctuation (general category P).
    pub punctuation: usize,
    /// Decimal digits (general category Nd).
    pub digits: usize,
    /// Latin letters.
    pub latin: usize,
}

impl CharCounts {
    /// Counts the character classes of `text` in one pass.
    ///
    /// Returns the counts.
    pub fn of(text: &str) -> Self {
        let tables = class_tables();
        let mut counts = Self::default();
        for c in text.chars() {
            if c.is_whitespace() {
                continue;
            }
            counts.chars += 1;
            if c.is_ascii() {
                counts.latin += usize::from(c.is_ascii_alphabetic());
                counts.digits += usize::from(c.is_ascii_digit());
                counts.punctuation += usize::from(c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c));
            } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                counts.han += 1;
            } else {
                counts.han += usize::from(in_ranges(&tables.han, c));
                counts.punctuation += usize::from(in_ranges(&tables.punctuation, c));
                counts.digits += usize::from(in_ranges(&tables.digits, c));
                counts.latin += usize::from(in_ranges(&tables.latin, c));
            }
        }
        counts
    }
}

/// Sorted code-point ranges of the Unicode classes counted, read from the Unicode tables
/// of `regex-syntax` (the same tables as the `regex` crate).
struct ClassTables {
    han: Vec<(char, char)>,
    punctuation: Vec<(char, char)>,
    digits: Vec<(char, char)>,
    latin: Vec<(char, char)>,
}

fn class_tables() -> &'static ClassTables {
    static TABLES: OnceLock<ClassTables> = OnceLock::new();
    TABLES.get_or_init(|| ClassTables {
        han: unicode_class(r"\p{Han}"),
        punctuation: unicode_class(r"\p{P}"),
        digits: unicode_class(r"\p{Nd}"),
        latin: unicode_class(r"[\p{Latin}&&\p{L}]"),
    })
}

fn unicode_class(pattern: &str) -> Vec<(char, char)> {
    use regex_syntax::hir::{Class, HirKind};
    // The patterns are constants of this module; a parse failure would be a bug here.
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else { return Vec::new() };
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        _ => Vec::new(),
    }
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    let index = ranges.partition_point(|&(_, end)| end < c);
    ranges.get(index).is_some_and(|&(start, _)| start <= c)
}

/// Collects figures into a map keyed by name (for tests and Rust callers).
///
/// Returns the figures by key.
pub fn as_map(figures: Vec<(String, Figure)>) -> BTreeMap<String, Figure> {
    figures.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_classes_counted_by_hand() {
        // 党 员 2 0 2 0 年 , A b c “ 好 ” 𠮷 é → Han: 党员年好𠮷 = 5; digits 4; latin A b c é = 4;
        // punctuation , “ ” = 3; chars 16 (the space is not counted).
        let counts = CharCounts::of("党员2020年,Abc “好”𠮷é");
        assert_eq!(counts, CharCounts { chars: 16, han: 5, punctuation: 3, digits: 4, latin: 4 });
        assert_eq!(CharCounts::of("$+<=>^`|~"), CharCounts { chars: 9, ..Default::default() });
        assert_eq!(
            CharCounts::of("〇々。、《》"),
            CharCounts { chars: 6, han: 2, punctuation: 4, ..Default::default() }
        );
    }

    #[test]
    fn mtld_matches_a_hand_computation() {
        // Forward: a b a → TTR 1, 1, 2/3 ≤ 0.72 closes a factor at the third token; then
        // b b → TTR 1, 1/2 closes another; remainder empty → 2 factors; 5 tokens / 2 = 2.5.
        // Backward: b b → closes at the second token (1/2); a b a → 2/3 closes → 2 factors.
        let words = ["a", "b", "a", "b", "b"];
        assert!((mtld(&words, 0.72) - 2.5).abs() < 1e-12);
        // All distinct: no factor at all → the token count.
        assert_eq!(mtld(&["a", "b", "c"], 0.72), 3.0);
        assert_eq!(mtld(&[], 0.72), 0.0);
    }

    #[test]
    fn mattr_matches_a_hand_computation() {
        // Windows of 2 over a a b b: {a}=1, {a,b}=2, {b}=1 → (1+2+1)/3/2 = 2/3.
        assert!((mattr(&["a", "a", "b", "b"], 2) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(mattr(&["a", "b", "a"], 50), 2.0 / 3.0);
    }

    #[test]
    fn pairs_median_and_sentences() {
        assert_eq!(matched_pairs("“甲”“乙”《丙》”", &['“'], &['”']), 2);
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), 2.5);
        let figures = as_map(text_stats("第一句话。第二句，很长的话！", None).unwrap());
        assert_eq!(figures["sentences"], Figure::Count(2));
        assert_eq!(figures["paragraphs"], Figure::Count(1));
        // 第一句话。 has 5 characters, 第二句，很长的话！ has 9.
        assert_eq!(figures["mean_sentence_chars"], Figure::Real(7.0));
    }

    #[test]
    fn empty_text_has_zero_figures() {
        let figures = as_map(text_stats("", None).unwrap());
        assert_eq!(figures["chars"], Figure::Count(0));
        assert_eq!(figures["ttr"], Figure::Real(0.0));
        assert_eq!(figures["mtld"], Figure::Real(0.0));
        assert_eq!(figures["quantities_per_1000_chars"], Figure::Real(0.0));
    }
}
