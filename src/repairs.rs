//! Counting what the cleaning stages changed, so that no repair is silent.

use std::collections::BTreeMap;

/// Counts of repairs by kind (`"pinyin_annotation"`, `"lost_char"`, `"html_entity"` …),
/// kept in a sorted map so that output is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs(BTreeMap<&'static str, usize>);

impl Repairs {
    /// Creates an empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `count` repairs of `kind`; a zero count records nothing.
    pub fn add(&mut self, kind: &'static str, count: usize) {
        if count > 0 {
            *self.0.entry(kind).or_insert(0) += count;
        }
    }

    /// Adds every count of `other` to this tally.
    pub fn merge(&mut self, other: &Repairs) {
        for (kind, count) in &other.0 {
            self.add(kind, *count);
        }
    }

    /// Returns the count for `kind` (0 when none was made).
    pub fn get(&self, kind: &str) -> usize {
        self.0.get(kind).copied().unwrap_or(0)
    }

    /// Returns the total number of repairs of every kind.
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// Iterates over `(kind, count)` pairs in sorted order of kind.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        self.0.iter().map(|(kind, count)| (*kind, *count))
    }

    /// Returns true when nothing was repaired.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
