//! Shared read-only dictionaries, loaded once on first use.
//!
//! The general word list is jieba's embedded dictionary (jieba-rs, MIT; about 350,000
//! words with frequencies and POS tags). It is loaded lazily because many calls (decode,
//! normalize without lost characters) never need it.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Returns the process-wide segmenter with jieba's default dictionary.
pub fn default_jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Returns true when `word` (in Simplified script) is an entry of jieba's dictionary.
pub fn is_word(word: &str) -> bool {
    default_jieba().has_word(word)
}
