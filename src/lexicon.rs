//! Stage: lexicon matching — counting the phrases of named categories in a text.
//!
//! A [`Lexicon`] maps categories to phrases and compiles them into one Aho-Corasick
//! automaton (leftmost-longest, so `不忘初心、牢记使命` counts once, not also as
//! `不忘初心`). Patterns and text are both matched in their simplified form, so a
//! Simplified lexicon finds Traditional spellings and the other way round.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::script::{has_traditional_char, to_simplified};

/// The embedded lexicon of formulaic political phrases (`category<TAB>phrase`).
const POLITICAL_LEXICON: &str = include_str!("../data/lexicon_political.tsv");

/// A compiled set of phrases grouped by category.
#[derive(Debug, Clone)]
pub struct Lexicon {
    automaton: AhoCorasick,
    /// Category index of every pattern, in pattern order.
    pattern_category: Vec<usize>,
    /// Category names, sorted.
    categories: Vec<String>,
}

impl Lexicon {
    /// Compiles `entries` (category → phrases). Phrases are simplified before compiling;
    /// blank phrases are ignored.
    ///
    /// Returns [`Error::Dictionary`] when no phrase is left or the automaton cannot be built.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (category, phrase) in entries {
            let phrase = phrase.trim();
            if phrase.is_empty() {
                continue;
            }
            by_category.entry(category.to_string()).or_default().push(simplified(phrase)?.into_owned());
        }
        let categories: Vec<String> = by_category.keys().cloned().collect();
        let mut patterns = Vec::new();
        let mut pattern_category = Vec::new();
        for (index, phrases) in by_category.into_values().enumerate() {
            for phrase in phrases {
                patterns.push(phrase);
                pattern_category.push(index);
            }
        }
        if patterns.is_empty() {
            return Err(Error::Dictionary("a lexicon needs at least one non-blank phrase".into()));
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Dictionary(format!("cannot compile the lexicon: {e}")))?;
        Ok(Self { automaton, pattern_category, categories })
    }

    /// Parses a lexicon in the `category<TAB>phrase` format (`#` starts a comment line).
    ///
    /// Returns the compiled lexicon, or [`Error::Dictionary`] naming the first malformed line.
    pub fn from_tsv(source: &str) -> Result<Self> {
        let mut entries = Vec::new();
        for (number, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (category, phrase) = line.split_once('\t').ok_or_else(|| {
                Error::Dictionary(format!("lexicon line {}: expected category<TAB>phrase", number + 1))
            })?;
            entries.push((category.trim(), phrase));
        }
        Self::new(entries)
    }

    /// The category names, sorted.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// Counts the non-overlapping phrase matches in `text`, per category.
    ///
    /// Returns one count per category (every category present, zero when unmatched).
    pub fn count(&self, text: &str) -> Result<BTreeMap<String, usize>> {
        let mut counts = vec![0usize; self.categories.len()];
        let text = simplified(text)?;
        for found in self.automaton.find_iter(text.as_ref()) {
            if let Some(&category) = self.pattern_category.get(found.pattern().as_usize()) {
                if let Some(count) = counts.get_mut(category) {
                    *count += 1;
                }
            }
        }
        Ok(self.categories.iter().cloned().zip(counts).collect())
    }
}

/// The text in Simplified characters (borrowed, without conversion, when it has no
/// Traditional character).
fn simplified(text: &str) -> Result<Cow<'_, str>> {
    if has_traditional_char(text) {
        to_simplified(text).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(text))
    }
}

/// The embedded lexicon of formulaic phrases of party and government news (categories
/// `epidemic`, `loyalty`, `mission`, `party_building`, `people_first`, `style`; see
/// `data/lexicon_political.tsv`).
///
/// Returns the compiled lexicon, built once per process.
pub fn political_lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| match Lexicon::from_tsv(POLITICAL_LEXICON) {
        Ok(lexicon) => lexicon,
        // The embedded table is a constant checked by the tests below.
        Err(error) => unreachable!("embedded lexicon is malformed: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_compiles_with_its_categories() {
        let lexicon = political_lexicon();
        assert_eq!(lexicon.categories(), ["epidemic", "loyalty", "mission", "party_building", "people_first", "style"]);
    }

    #[test]
    fn longest_phrase_wins_and_scripts_do_not_matter() {
        let lexicon = political_lexicon();
        let counts = lexicon.count("要不忘初心、牢記使命,增強四個意識,做好疫情防控和聯防聯控。").unwrap();
        assert_eq!(counts["mission"], 1);
        assert_eq!(counts["loyalty"], 1);
        assert_eq!(counts["epidemic"], 2);
        assert_eq!(counts["style"], 0);
    }

    #[test]
    fn user_lexicons_and_bad_tables() {
        let lexicon = Lexicon::new([("口罩", "口罩"), ("人", "志愿者"), ("人", "  ")]).unwrap();
        let counts = lexicon.count("志愿者发放口罩,口罩不够,志願者再送").unwrap();
        assert_eq!(counts["口罩"], 2);
        assert_eq!(counts["人"], 2);
        assert!(Lexicon::new([("a", " ")]).is_err());
        assert!(Lexicon::from_tsv("no tab here").is_err());
    }
}
