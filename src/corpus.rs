//! Stage: corpus statistics — frequencies, keywords, n-grams, collocations, keyness,
//! concordances and near-duplicates over many reports.
//!
//! A [`Corpus`] segments every text once (in parallel) and keeps each as a sequence of
//! `u32` word ids over one vocabulary; punctuation and spaces become a [`SEPARATOR`].
//! Every table is computed from those arrays, without a per-token object, and is
//! deterministic: hashing is unseeded and ties are broken by word.
//!
//! Words are counted as written (a Traditional report's words stay Traditional).

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::{KeywordExtract, TfIdf};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::clean::run_parallel;
use crate::error::{Error, Result};
use crate::script::{has_traditional_char, to_simplified};
use crate::segment::default_segmenter;

/// The id standing for punctuation, spaces and other non-words between word tokens.
pub const SEPARATOR: u32 = u32::MAX;

/// The embedded Chinese stopword list (stopwords-iso, MIT).
const STOPWORDS: &str = include_str!("../data/stopwords_zh.txt");

/// The embedded stopwords, one per entry.
///
/// Returns the words of `data/stopwords_zh.txt`.
pub fn default_stopwords() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| STOPWORDS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect())
}

/// Which words a table counts.
#[derive(Debug, Clone, Default)]
pub struct WordFilter {
    /// Words left out.
    pub stopwords: HashSet<String>,
    /// POS-tag prefixes kept (`"n"` keeps n, nr, ns …); empty keeps every tag.
    pub pos_prefixes: Vec<String>,
    /// Shortest word kept, in characters.
    pub min_chars: usize,
    /// Leaves out words made only of digits and numeral characters (tags m, mq, t).
    pub drop_numbers: bool,
}

impl WordFilter {
    /// The filter of the frequency tables: embedded stopwords out, numbers out, all tags.
    ///
    /// Returns the filter.
    pub fn standard() -> Self {
        Self {
            stopwords: default_stopwords().iter().map(|w| w.to_string()).collect(),
            pos_prefixes: Vec::new(),
            min_chars: 1,
            drop_numbers: true,
        }
    }

    /// The filter of keyword extraction: stopwords out, nouns and verbs of two or more
    /// characters (tags n*, v*, the tags jieba's extractors use).
    ///
    /// Returns the filter.
    pub fn keywords() -> Self {
        Self { pos_prefixes: vec!["n".into(), "v".into()], min_chars: 2, ..Self::standard() }
    }

    fn keeps(&self, word: &str, pos: &str) -> bool {
        let numeric = matches!(pos, "m" | "mq" | "t") || word.chars().all(|c| c.is_numeric() || c == '.');
        word.chars().count() >= self.min_chars
            && !(self.drop_numbers && numeric)
            && (self.pos_prefixes.is_empty() || self.pos_prefixes.iter().any(|p| pos.starts_with(p.as_str())))
            && !self.is_stopword(word)
    }

    /// Whether `word` or, for a Traditional word, its Simplified form is a stopword.
    fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
            || (has_traditional_char(word) && to_simplified(word).is_ok_and(|s| self.stopwords.contains(&s)))
    }
}

/// A word's frequency: `tf` occurrences in `df` documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency {
    /// The word id.
    pub word: u32,
    /// Occurrences in the corpus.
    pub tf: u64,
    /// Documents it occurs in.
    pub df: u64,
}

/// An n-gram with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ngram {
    /// The word ids, in order.
    pub words: Vec<u32>,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub df: u64,
}

/// Two adjacent words and their association.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Collocation {
    /// The first word id.
    pub first: u32,
    /// The second word id.
    pub second: u32,
    /// Occurrences of the pair.
    pub count: u64,
    /// Occurrences of the first word.
    pub first_count: u64,
    /// Occurrences of the second word.
    pub second_count: u64,
    /// Pointwise mutual information, log2(count·N / (first_count·second_count)).
    pub pmi: f64,
    /// Dunning's log-likelihood ratio G² of the 2×2 contingency table.
    pub llr: f64,
}

/// A word's keyness in sub-corpus A against sub-corpus B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// The word id.
    pub word: u32,
    /// Occurrences in A.
    pub a_count: u64,
    /// Occurrences in B.
    pub b_count: u64,
    /// Occurrences per million word tokens of A.
    pub a_per_million: f64,
    /// Occurrences per million word tokens of B.
    pub b_per_million: f64,
    /// Log-likelihood G² (Rayson & Garside 2000), never negative.
    pub g2: f64,
    /// Hardie's log ratio, log2 of the relative frequencies (a zero count taken as 0.5):
    /// positive when the word is over-used in A.
    pub log_ratio: f64,
    /// p-value of G² against χ² with one degree of freedom.
    pub p_value: f64,
}

/// A keyword of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// The document index.
    pub doc: usize,
    /// The word.
    pub word: String,
    /// The score (TF-IDF, or TextRank weight scaled so the best is 1).
    pub score: f64,
}

/// How keywords are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordMethod {
    /// TF-IDF against the corpus itself (jieba's IDF table for a corpus of one document).
    TfIdf,
    /// TextRank over a co-occurrence window of five tokens.
    TextRank,
}

/// One occurrence of a word with its context (character offsets into the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcordanceLine {
    /// The document index.
    pub doc: usize,
    /// Code-point offset of the word in the document.
    pub start: usize,
    /// Code-point offset of the word's end.
    pub end: usize,
    /// Up to `width` characters before the word (line breaks shown as spaces).
    pub left: String,
    /// The word.
    pub keyword: String,
    /// Up to `width` characters after the word.
    pub right: String,
}

/// Two documents that share most of their text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicatePair {
    /// The first document index (the smaller).
    pub a: usize,
    /// The second document index.
    pub b: usize,
    /// Jaccard similarity of their character-shingle sets.
    pub jaccard: f64,
    /// The MinHash estimate of that similarity.
    pub estimate: f64,
}

/// Segmented documents over one vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    words: Vec<String>,
    tags: Vec<String>,
    ids: FxHashMap<String, u32>,
    docs: Vec<Vec<u32>>,
    texts: Vec<String>,
}

/// One document segmented on its own: a local vocabulary and the local ids.
struct LocalDoc {
    /// Each distinct word with the count of each POS tag it was given.
    words: Vec<(String, Vec<(String, u64)>)>,
    sequence: Vec<u32>,
}

fn segment_document(text: &str) -> LocalDoc {
    let mut local: FxHashMap<&str, u32> = FxHashMap::default();
    let mut words: Vec<(String, Vec<(String, u64)>)> = Vec::new();
    let mut sequence = Vec::new();
    for token in default_segmenter().tokens(text) {
        let Some(word) = text.get(token.start..token.end) else { continue };
        if !word.chars().any(char::is_alphanumeric) {
            if sequence.last() != Some(&SEPARATOR) {
                sequence.push(SEPARATOR);
            }
            continue;
        }
        let next = words.len() as u32;
        let id = *local.entry(word).or_insert_with(|| {
            words.push((word.to_string(), Vec::new()));
            next
        });
        if let Some((_, tags)) = words.get_mut(id as usize) {
            add_tag_count(tags, token.pos, 1);
        }
        sequence.push(id);
    }
    LocalDoc { words, sequence }
}

fn add_tag_count(tags: &mut Vec<(String, u64)>, tag: &str, count: u64) {
    match tags.iter_mut().find(|(t, _)| t == tag) {
        Some((_, n)) => *n += count,
        None => tags.push((tag.to_string(), count)),
    }
}

/// The tag given most often (the first seen among equals).
fn most_frequent_tag(tags: &[(String, u64)]) -> String {
    let mut best: Option<&(String, u64)> = None;
    for entry in tags {
        if best.is_none_or(|b| entry.1 > b.1) {
            best = Some(entry);
        }
    }
    best.map_or_else(String::new, |(t, _)| t.clone())
}

/// Documents segmented in parallel per batch, so that only one batch of local
/// vocabularies is alive at a time.
const BUILD_BATCH_DOCS: usize = 2048;

impl Corpus {
    /// Segments `texts` on `workers` threads (`None`: all cores) into one corpus.
    ///
    /// A word's POS tag is the tag it was given most often.
    ///
    /// Returns the corpus, or [`Error::InvalidArgument`] for zero workers.
    pub fn new(texts: Vec<String>, workers: Option<usize>) -> Result<Self> {
        let mut corpus = Self::default();
        let mut tag_counts: Vec<Vec<(String, u64)>> = Vec::new();
        for batch in texts.chunks(BUILD_BATCH_DOCS) {
            let locals: Vec<LocalDoc> =
                run_parallel(workers, || batch.par_iter().map(|t| segment_document(t)).collect())?;
            for local in locals {
                corpus.merge_document(local, &mut tag_counts);
            }
        }
        corpus.tags = tag_counts.iter().map(|tags| most_frequent_tag(tags)).collect();
        corpus.texts = texts;
        Ok(corpus)
    }

    fn merge_document(&mut self, local: LocalDoc, tag_counts: &mut Vec<Vec<(String, u64)>>) {
        let global: Vec<u32> = local
            .words
            .into_iter()
            .map(|(word, tags)| {
                let id = self.intern(word);
                if tag_counts.len() <= id as usize {
                    tag_counts.resize_with(id as usize + 1, Vec::new);
                }
                if let Some(counts) = tag_counts.get_mut(id as usize) {
                    for (tag, n) in &tags {
                        add_tag_count(counts, tag, *n);
                    }
                }
                id
            })
            .collect();
        let sequence = local
            .sequence
            .into_iter()
            .map(|id| if id == SEPARATOR { SEPARATOR } else { global.get(id as usize).copied().unwrap_or(SEPARATOR) })
            .collect();
        self.docs.push(sequence);
    }

    fn intern(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.clone(), id);
        self.words.push(word);
        id
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the corpus has no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The word of an id (empty for the separator or an unknown id).
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    /// The POS tag of a word id: the tag it was given most often.
    pub fn tag(&self, id: u32) -> &str {
        self.tags.get(id as usize).map_or("", String::as_str)
    }

    /// The word ids of document `doc` ([`SEPARATOR`] between runs of words).
    pub fn document(&self, doc: usize) -> &[u32] {
        self.docs.get(doc).map_or(&[], Vec::as_slice)
    }

    /// The number of word tokens of each document.
    pub fn document_lengths(&self) -> Vec<u64> {
        self.docs.iter().map(|d| d.iter().filter(|&&id| id != SEPARATOR).count() as u64).collect()
    }

    fn kept(&self, filter: &WordFilter) -> Vec<bool> {
        self.words.iter().zip(&self.tags).map(|(w, t)| filter.keeps(w, t)).collect()
    }

    fn keeps(kept: &[bool], id: u32) -> bool {
        kept.get(id as usize).copied().unwrap_or(false)
    }

    /// Term and document frequencies of the words `filter` keeps with `tf >= min_count`.
    ///
    /// Returns rows sorted by `tf` (descending), then word.
    pub fn frequencies(&self, filter: &WordFilter, min_count: u64) -> Vec<Frequency> {
        let kept = self.kept(filter);
        let mut tf = vec![0u64; self.words.len()];
        let mut df = vec![0u64; self.words.len()];
        let mut last_doc = vec![usize::MAX; self.words.len()];
        for (doc, ids) in self.docs.iter().enumerate() {
            for &id in ids.iter().filter(|&&id| id != SEPARATOR) {
                let i = id as usize;
                if let (Some(t), Some(d), Some(last)) = (tf.get_mut(i), df.get_mut(i), last_doc.get_mut(i)) {
                    *t += 1;
                    if *last != doc {
                        *d += 1;
                        *last = doc;
                    }
                }
            }
        }
        let mut rows: Vec<Frequency> = (0..self.words.len() as u32)
            .filter(|&id| Self::keeps(&kept, id))
            .map(|id| Frequency { word: id, tf: tf[id as usize], df: df[id as usize] })
            .filter(|row| row.tf >= min_count.max(1))
            .collect();
        rows.sort_by(|a, b| b.tf.cmp(&a.tf).then_with(|| self.word(a.word).cmp(self.word(b.word))));
        rows
    }

    /// Runs of `n` adjacent kept words (n-grams never span punctuation or a word the
    /// filter leaves out), with `count >= min_count`.
    ///
    /// Returns rows sorted by count (descending), then words; [`Error::InvalidArgument`]
    /// for `n == 0`.
    pub fn ngrams(&self, n: usize, filter: &WordFilter, min_count: u64) -> Result<Vec<Ngram>> {
        if n == 0 {
            return Err(Error::InvalidArgument("n-grams need n >= 1".into()));
        }
        let kept = self.kept(filter);
        let mut counts: FxHashMap<&[u32], (u64, u64, usize)> = FxHashMap::default();
        for (doc, ids) in self.docs.iter().enumerate() {
            for window in ids.windows(n) {
                if window.iter().all(|&id| Self::keeps(&kept, id)) {
                    let entry = counts.entry(window).or_insert((0, 0, usize::MAX));
                    entry.0 += 1;
                    if entry.2 != doc {
                        entry.1 += 1;
                        entry.2 = doc;
                    }
                }
            }
        }
        let mut rows: Vec<Ngram> = counts
            .into_iter()
            .filter(|(_, (count, _, _))| *count >= min_count.max(1))
            .map(|(words, (count, df, _))| Ngram { words: words.to_vec(), count, df })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| self.joined(&a.words).cmp(&self.joined(&b.words))));
        Ok(rows)
    }

    /// The words of `ids` joined by spaces.
    pub fn joined(&self, ids: &[u32]) -> String {
        ids.iter().map(|&id| self.word(id)).collect::<Vec<_>>().join(" ")
    }

    /// Adjacent word pairs (both kept by `filter`) seen at least `min_count` times, with
    /// PMI and log-likelihood. Marginals are word frequencies and N the number of word
    /// tokens, as in NLTK's `BigramAssocMeasures`.
    ///
    /// Returns rows sorted by log-likelihood (descending), then words.
    pub fn collocations(&self, filter: &WordFilter, min_count: u64) -> Vec<Collocation> {
        let mut unigrams = vec![0u64; self.words.len()];
        for &id in self.docs.iter().flatten().filter(|&&id| id != SEPARATOR) {
            if let Some(count) = unigrams.get_mut(id as usize) {
                *count += 1;
            }
        }
        let total: u64 = unigrams.iter().sum();
        let Ok(pairs) = self.ngrams(2, filter, min_count) else { return Vec::new() };
        let marginal = |id: u32| unigrams.get(id as usize).copied().unwrap_or(0);
        let mut rows: Vec<Collocation> = pairs
            .into_iter()
            .filter_map(|pair| match pair.words.as_slice() {
                &[first, second] => {
                    let (c1, c2) = (marginal(first), marginal(second));
                    Some(Collocation {
                        first,
                        second,
                        count: pair.count,
                        first_count: c1,
                        second_count: c2,
                        pmi: ((pair.count as f64 * total as f64) / (c1 as f64 * c2 as f64)).log2(),
                        llr: log_likelihood(pair.count, c1, c2, total),
                    })
                }
                _ => None,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.llr
                .total_cmp(&a.llr)
                .then_with(|| (self.word(a.first), self.word(a.second)).cmp(&(self.word(b.first), self.word(b.second))))
        });
        rows
    }

    /// Keyness of every kept word with `a_count + b_count >= min_count` in documents `a`
    /// against documents `b`.
    ///
    /// Returns rows sorted by G² (descending), then word; [`Error::InvalidArgument`] when a
    /// document index is out of range.
    pub fn keyness(&self, a: &[usize], b: &[usize], filter: &WordFilter, min_count: u64) -> Result<Vec<Keyness>> {
        let count = |docs: &[usize]| -> Result<(Vec<u64>, u64)> {
            let mut counts = vec![0u64; self.words.len()];
            let mut total = 0;
            for &doc in docs {
                let ids = self.docs.get(doc).ok_or_else(|| {
                    Error::InvalidArgument(format!("document {doc} is out of range (corpus of {})", self.docs.len()))
                })?;
                for &id in ids.iter().filter(|&&id| id != SEPARATOR) {
                    if let Some(c) = counts.get_mut(id as usize) {
                        *c += 1;
                        total += 1;
                    }
                }
            }
            Ok((counts, total))
        };
        let (a_counts, a_total) = count(a)?;
        let (b_counts, b_total) = count(b)?;
        let kept = self.kept(filter);
        let mut rows: Vec<Keyness> = (0..self.words.len())
            .filter(|&i| Self::keeps(&kept, i as u32) && a_counts[i] + b_counts[i] >= min_count.max(1))
            .map(|i| keyness_row(i as u32, a_counts[i], b_counts[i], a_total, b_total))
            .collect();
        rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| self.word(x.word).cmp(self.word(y.word))));
        Ok(rows)
    }

    /// The `top` keywords of every document by `method`, among the words `filter` keeps.
    ///
    /// Returns rows grouped by document, best first (ties broken by word).
    pub fn keywords(&self, method: KeywordMethod, top: usize, filter: &WordFilter) -> Vec<Keyword> {
        let kept = self.kept(filter);
        if method == KeywordMethod::TfIdf && self.docs.len() == 1 {
            return self.jieba_tfidf(top, filter);
        }
        let df = self.document_frequencies();
        let n_docs = self.docs.len() as f64;
        let per_doc: Vec<Vec<(u32, f64)>> = self
            .docs
            .par_iter()
            .map(|ids| match method {
                KeywordMethod::TfIdf => tfidf_scores(ids, &kept, &df, n_docs),
                KeywordMethod::TextRank => textrank_scores(ids, &kept, 5),
            })
            .collect();
        let mut rows = Vec::new();
        for (doc, mut scores) in per_doc.into_iter().enumerate() {
            scores.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| self.word(a.0).cmp(self.word(b.0))));
            rows.extend(scores.into_iter().take(top).map(|(id, score)| Keyword {
                doc,
                word: self.word(id).to_string(),
                score,
            }));
        }
        rows
    }

    /// jieba's own TF-IDF extractor with its IDF table: the only sensible IDF for a corpus
    /// of one document.
    ///
    /// jieba's table is Simplified, so the extractor runs on the document's Simplified
    /// form; each keyword is reported as the document's own word whose Simplified form it
    /// is, and kept only if the corpus segmented that word too (so a keyword is always a
    /// row of [`Corpus::frequencies`], in the report's own script).
    fn jieba_tfidf(&self, top: usize, filter: &WordFilter) -> Vec<Keyword> {
        static EXTRACTOR: OnceLock<TfIdf> = OnceLock::new();
        let extractor = EXTRACTOR.get_or_init(TfIdf::default);
        let Some(text) = self.texts.first() else { return Vec::new() };
        let Ok(simplified) = to_simplified(text) else { return Vec::new() };
        // Every word of a corpus of one is in its only document: convert each id once, in
        // id order (first occurrence first), not each occurrence.
        let mut own_words: FxHashMap<String, u32> = FxHashMap::default();
        for id in 0..self.words.len() as u32 {
            if let Ok(form) = to_simplified(self.word(id)) {
                own_words.entry(form).or_insert(id);
            }
        }
        // Ask for more than needed: the filter below may drop some.
        let wanted = top.saturating_mul(4).max(20);
        extractor
            .extract_keywords(default_segmenter().jieba(), &simplified, wanted, Vec::new())
            .into_iter()
            .filter_map(|k| own_words.get(&k.keyword).map(|&id| (id, k.weight)))
            .filter(|&(id, _)| filter.keeps(self.word(id), self.tag(id)))
            .take(top)
            .map(|(id, score)| Keyword { doc: 0, word: self.word(id).to_string(), score })
            .collect()
    }

    fn document_frequencies(&self) -> Vec<u64> {
        let mut df = vec![0u64; self.words.len()];
        let mut last = vec![usize::MAX; self.words.len()];
        for (doc, ids) in self.docs.iter().enumerate() {
            for &id in ids {
                if let (Some(d), Some(l)) = (df.get_mut(id as usize), last.get_mut(id as usize)) {
                    if *l != doc {
                        *d += 1;
                        *l = doc;
                    }
                }
            }
        }
        df
    }

    /// Every occurrence of `word` as a whole token, with `width` characters of context on
    /// each side.
    ///
    /// Token offsets are not kept in the index (it stays at four bytes per token), so the
    /// documents that contain `word` as a substring are segmented again to find whole-token
    /// occurrences; the others are skipped by a substring test.
    ///
    /// Returns the lines in document order.
    pub fn concordance(&self, word: &str, width: usize) -> Vec<ConcordanceLine> {
        if word.is_empty() || !self.ids.contains_key(word) {
            return Vec::new();
        }
        let per_doc: Vec<Vec<ConcordanceLine>> = self
            .texts
            .par_iter()
            .enumerate()
            .map(|(doc, text)| if text.contains(word) { concordance_in(doc, text, word, width) } else { Vec::new() })
            .collect();
        per_doc.into_iter().flatten().collect()
    }

    /// Pairs of documents whose sets of `shingle`-character shingles (spaces and
    /// punctuation removed) have a Jaccard similarity of at least `threshold`, found by
    /// MinHash (128 hash functions) with LSH (32 bands of 4 rows) and then measured
    /// exactly.
    ///
    /// Returns pairs sorted by similarity (descending), then indices;
    /// [`Error::InvalidArgument`] for a threshold outside (0, 1] or a zero shingle size.
    pub fn near_duplicates(&self, threshold: f64, shingle: usize) -> Result<Vec<DuplicatePair>> {
        if !(threshold > 0.0 && threshold <= 1.0) || shingle == 0 {
            return Err(Error::InvalidArgument("threshold must be in (0, 1] and shingle at least 1".into()));
        }
        let signatures: Vec<Option<[u64; NUM_HASHES]>> =
            self.texts.par_iter().map(|t| minhash(&shingles(t, shingle))).collect();
        let mut buckets: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
        for (doc, signature) in signatures.iter().enumerate() {
            let Some(signature) = signature else { continue };
            for (band, rows) in signature.chunks(ROWS_PER_BAND).enumerate() {
                let key = rows.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &v| mix(h ^ v));
                buckets.entry((band, key)).or_default().push(doc);
            }
        }
        let mut candidates: Vec<(usize, usize)> = buckets
            .into_values()
            .flat_map(|docs| {
                let mut pairs = Vec::new();
                for (i, &a) in docs.iter().enumerate() {
                    pairs.extend(docs.iter().skip(i + 1).map(|&b| (a.min(b), a.max(b))));
                }
                pairs
            })
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut pairs: Vec<DuplicatePair> = candidates
            .par_iter()
            .filter_map(|&(a, b)| {
                let (sa, sb) = (signatures.get(a)?.as_ref()?, signatures.get(b)?.as_ref()?);
                let estimate = sa.iter().zip(sb).filter(|(x, y)| x == y).count() as f64 / NUM_HASHES as f64;
                // The estimate's standard error at 128 hashes is under 0.05: this only prunes.
                if estimate < threshold - 0.2 {
                    return None;
                }
                let jaccard = jaccard(&shingles(self.texts.get(a)?, shingle), &shingles(self.texts.get(b)?, shingle));
                (jaccard >= threshold).then_some(DuplicatePair { a, b, jaccard, estimate })
            })
            .collect();
        pairs.sort_by(|x, y| y.jaccard.total_cmp(&x.jaccard).then_with(|| (x.a, x.b).cmp(&(y.a, y.b))));
        Ok(pairs)
    }

    /// Word counts of one document as a map (for tests and small corpora).
    ///
    /// Returns word → occurrences.
    pub fn document_counts(&self, doc: usize) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for &id in self.document(doc).iter().filter(|&&id| id != SEPARATOR) {
            *counts.entry(self.word(id).to_string()).or_insert(0) += 1;
        }
        counts
    }
}

/// Dunning's G² for a pair seen `n11` times, its words `c1` and `c2` times, among `n` tokens.
fn log_likelihood(n11: u64, c1: u64, c2: u64, n: u64) -> f64 {
    let (n11, c1, c2, n) = (n11 as f64, c1 as f64, c2 as f64, n as f64);
    let observed = [n11, c1 - n11, c2 - n11, n - c1 - c2 + n11];
    let expected = [c1 * c2 / n, c1 * (n - c2) / n, (n - c1) * c2 / n, (n - c1) * (n - c2) / n];
    2.0 * observed
        .iter()
        .zip(&expected)
        .filter(|(o, e)| **o > 0.0 && **e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

fn keyness_row(word: u32, a: u64, b: u64, a_total: u64, b_total: u64) -> Keyness {
    let (af, bf, at, bt) = (a as f64, b as f64, a_total as f64, b_total as f64);
    let pooled = (af + bf) / (at + bt);
    let term = |o: f64, e: f64| if o > 0.0 && e > 0.0 { o * (o / e).ln() } else { 0.0 };
    let g2 = if at > 0.0 && bt > 0.0 { (2.0 * (term(af, at * pooled) + term(bf, bt * pooled))).max(0.0) } else { 0.0 };
    let per_million = |count: f64, total: f64| if total > 0.0 { count * 1e6 / total } else { 0.0 };
    let relative = |count: f64, total: f64| if total > 0.0 { count.max(0.5) / total } else { 0.0 };
    let log_ratio = match (relative(af, at), relative(bf, bt)) {
        (x, y) if x > 0.0 && y > 0.0 => (x / y).log2(),
        _ => 0.0,
    };
    Keyness {
        word,
        a_count: a,
        b_count: b,
        a_per_million: per_million(af, at),
        b_per_million: per_million(bf, bt),
        g2,
        log_ratio,
        p_value: libm::erfc((g2 / 2.0).sqrt()),
    }
}

/// TF-IDF of the kept words of one document: `tf = count / word tokens of the document`,
/// `idf = ln((1 + N) / (1 + df)) + 1` (scikit-learn's smoothed IDF).
fn tfidf_scores(ids: &[u32], kept: &[bool], df: &[u64], n_docs: f64) -> Vec<(u32, f64)> {
    let mut counts: FxHashMap<u32, u64> = FxHashMap::default();
    let mut length = 0u64;
    for &id in ids.iter().filter(|&&id| id != SEPARATOR) {
        length += 1;
        if kept.get(id as usize).copied().unwrap_or(false) {
            *counts.entry(id).or_insert(0) += 1;
        }
    }
    counts
        .into_iter()
        .map(|(id, count)| {
            let df = df.get(id as usize).copied().unwrap_or(0) as f64;
            (id, count as f64 / length as f64 * (((1.0 + n_docs) / (1.0 + df)).ln() + 1.0))
        })
        .collect()
}

/// TextRank (Mihalcea & Tarau 2004, as in jieba): kept words are vertices, co-occurrence
/// within `span` token positions weights the edges, 10 iterations with damping 0.85;
/// scores are scaled so the best is 1.
fn textrank_scores(ids: &[u32], kept: &[bool], span: usize) -> Vec<(u32, f64)> {
    let keeps = |id: u32| id != SEPARATOR && kept.get(id as usize).copied().unwrap_or(false);
    let mut edges: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for (i, &u) in ids.iter().enumerate().filter(|&(_, &u)| keeps(u)) {
        for &v in ids.iter().skip(i + 1).take(span.saturating_sub(1)).filter(|&&v| keeps(v) && v != u) {
            *edges.entry((u.min(v), u.max(v))).or_insert(0.0) += 1.0;
        }
    }
    let mut vertices: Vec<u32> = edges.keys().flat_map(|&(u, v)| [u, v]).collect();
    vertices.sort_unstable();
    vertices.dedup();
    let index = |id: u32| vertices.binary_search(&id).ok();
    let mut out = vec![0.0; vertices.len()];
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); vertices.len()];
    for (&(u, v), &w) in &edges {
        if let (Some(a), Some(b)) = (index(u), index(v)) {
            neighbours[a].push((b, w));
            neighbours[b].push((a, w));
            out[a] += w;
            out[b] += w;
        }
    }
    let n = vertices.len().max(1) as f64;
    let mut scores = vec![1.0 / n; vertices.len()];
    for _ in 0..10 {
        let previous = scores.clone();
        for (v, list) in neighbours.iter().enumerate() {
            let inflow: f64 = list.iter().map(|&(u, w)| w / out[u] * previous[u]).sum();
            scores[v] = 0.15 + 0.85 * inflow;
        }
    }
    let best = scores.iter().copied().fold(0.0, f64::max);
    vertices.into_iter().zip(scores).map(|(id, s)| (id, if best > 0.0 { s / best } else { 0.0 })).collect()
}

fn concordance_in(doc: usize, text: &str, word: &str, width: usize) -> Vec<ConcordanceLine> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |byte: usize| chars.partition_point(|&(b, _)| b < byte);
    let context = |from: usize, to: usize| -> String {
        chars.get(from..to).map_or(String::new(), |s| s.iter().map(|&(_, c)| if c == '\n' { ' ' } else { c }).collect())
    };
    default_segmenter()
        .tokens(text)
        .into_iter()
        .filter(|t| text.get(t.start..t.end) == Some(word))
        .map(|t| {
            let (start, end) = (char_at(t.start), char_at(t.end));
            ConcordanceLine {
                doc,
                start,
                end,
                left: context(start.saturating_sub(width), start),
                keyword: word.to_string(),
                right: context(end, (end + width).min(chars.len())),
            }
        })
        .collect()
}

const NUM_HASHES: usize = 128;
const ROWS_PER_BAND: usize = 4;

/// splitmix64's finaliser: a fixed, well-mixing 64-bit permutation.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The sorted, distinct FNV-1a hashes of the `size`-character shingles of `text`'s letters
/// and digits (spaces and punctuation removed, so layout does not matter).
fn shingles(text: &str, size: usize) -> Vec<u64> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut hashes: Vec<u64> = chars
        .windows(size)
        .map(|w| w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| (h ^ u64::from(c)).wrapping_mul(0x100_0000_01b3)))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

fn minhash(shingles: &[u64]) -> Option<[u64; NUM_HASHES]> {
    if shingles.is_empty() {
        return None;
    }
    let mut signature = [u64::MAX; NUM_HASHES];
    for &s in shingles {
        for (i, slot) in signature.iter_mut().enumerate() {
            *slot = (*slot).min(mix(s ^ mix(i as u64 + 1)));
        }
    }
    Some(signature)
}

/// Jaccard similarity of two sorted, distinct lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus::new(texts.iter().map(|t| t.to_string()).collect(), Some(2)).unwrap()
    }

    fn all_words() -> WordFilter {
        WordFilter::default()
    }

    #[test]
    fn frequencies_count_tokens_and_documents() {
        let c = corpus(&["口罩志愿者,口罩社区。", "口罩。", ""]);
        let rows = c.frequencies(&all_words(), 1);
        let get = |w: &str| rows.iter().find(|r| c.word(r.word) == w).map(|r| (r.tf, r.df));
        assert_eq!(get("口罩"), Some((3, 2)));
        assert_eq!(get("社区"), Some((1, 1)));
        assert_eq!(c.word(rows[0].word), "口罩");
        assert_eq!(c.document_lengths(), vec![4, 1, 0]);
    }

    #[test]
    fn a_word_takes_its_most_frequent_tag() {
        // jieba tags 晚 of `3月11日晚` as a time word (t) and 晚 of `晚了` as tg: the majority
        // decides, not the first occurrence, so the frequency table (numbers and times out)
        // still counts 晚.
        let texts = ["3月11日晚。", "晚了。", "他说晚了。"];
        let c = corpus(&texts);
        let id = *c.ids.get("晚").unwrap();
        let tags: Vec<&str> = texts
            .iter()
            .flat_map(|t| {
                default_segmenter().tokens(t).into_iter().filter(|k| &t[k.start..k.end] == "晚").map(|k| k.pos)
            })
            .collect();
        assert!(tags.iter().any(|&t| t != c.tag(id)), "the texts must give 晚 two tags: {tags:?}");
        let majority = tags.iter().filter(|&&t| t == c.tag(id)).count();
        assert!(majority * 2 > tags.len(), "tag {} is not the majority of {tags:?}", c.tag(id));
        let rows = c.frequencies(&WordFilter::standard(), 1);
        assert!(rows.iter().any(|r| c.word(r.word) == "晚" && r.tf == 3));
    }

    #[test]
    fn batches_share_one_vocabulary() {
        let texts: Vec<String> = (0..BUILD_BATCH_DOCS * 2 + 3).map(|i| format!("口罩{i}个。")).collect();
        let c = Corpus::new(texts, Some(2)).unwrap();
        let id = *c.ids.get("口罩").unwrap();
        assert!((0..c.len()).all(|d| c.document(d).first() == Some(&id)));
    }

    #[test]
    fn single_document_keywords_keep_the_reports_script() {
        let text = "志願者在社區發放口罩。志願者為居民測量體溫，社區居民感謝志願者。";
        let c = Corpus::new(vec![text.to_string()], Some(1)).unwrap();
        let rows = c.keywords(KeywordMethod::TfIdf, 3, &WordFilter::keywords());
        let words: Vec<&str> = rows.iter().map(|k| k.word.as_str()).collect();
        assert!(words.contains(&"志願者") && words.contains(&"社區"), "{words:?}");
        assert!(rows.iter().all(|k| text.contains(&k.word)));
    }

    #[test]
    fn ngrams_stop_at_punctuation() {
        let c = corpus(&["志愿者口罩,志愿者口罩。口罩志愿者"]);
        let rows = c.ngrams(2, &all_words(), 1).unwrap();
        let get = |w: &str| rows.iter().find(|r| c.joined(&r.words) == w).map(|r| r.count);
        assert_eq!(get("志愿者 口罩"), Some(2));
        assert_eq!(get("口罩 志愿者"), Some(1)); // only the pair after 。 — 口罩,志愿者 spans a comma
        assert!(c.ngrams(0, &all_words(), 1).is_err());
    }

    #[test]
    fn log_likelihood_matches_a_hand_computation() {
        // 2×2 table [[10, 20], [30, 940]]: expected [1.2, 28.8, 38.8, 931.2];
        // G² = 2 Σ o ln(o/e) computed by hand ≈ 29.09.
        let g2 = log_likelihood(10, 30, 40, 1000);
        let by_hand = 2.0
            * (10.0 * (10.0f64 / 1.2).ln()
                + 20.0 * (20.0f64 / 28.8).ln()
                + 30.0 * (30.0f64 / 38.8).ln()
                + 940.0 * (940.0f64 / 931.2).ln());
        assert!((g2 - by_hand).abs() < 1e-9);
    }

    #[test]
    fn keyness_signs_and_bounds() {
        let row = keyness_row(0, 30, 10, 1000, 1000);
        assert!(row.g2 > 0.0 && row.log_ratio > 0.0 && row.p_value < 0.01);
        let even = keyness_row(0, 10, 10, 1000, 1000);
        assert!(even.g2.abs() < 1e-12 && even.log_ratio == 0.0 && (even.p_value - 1.0).abs() < 1e-12);
        let c = corpus(&["甲"]);
        assert!(c.keyness(&[0], &[5], &all_words(), 1).is_err());
    }

    #[test]
    fn jaccard_and_duplicates() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        let base = "襄阳市市场监督管理局党员干部下沉社区开展疫情防控工作,发放口罩七千四百个,服务群众三千四百余人次。";
        let edited = base.replace("七千四百", "七千五百");
        let c = corpus(&[base, "完全不同的另一篇报道,讲述农村脱贫攻坚的故事和经验。", &edited]);
        let pairs = c.near_duplicates(0.6, 5).unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (0, 2));
        assert!(c.near_duplicates(0.0, 5).is_err());
    }

    #[test]
    fn concordance_finds_whole_tokens_only() {
        let c = corpus(&["志愿者下沉社区。\n社区志愿者到岗。", "志愿者", "党员。党员干部"]);
        let lines = c.concordance("志愿者", 3);
        assert_eq!(lines.len(), 3);
        // 党员干部 is one token (domain dictionary): only the first 党员 is a whole word.
        assert_eq!(c.concordance("党员", 2).len(), 1);
        assert_eq!((lines[0].doc, lines[0].start, lines[0].end), (0, 0, 3));
        // 志愿者下沉社区。 is 8 characters, then the line break and 社区: 3 characters of context.
        assert_eq!(lines[1].left, " 社区");
        assert_eq!(lines[1].right, "到岗。");
        assert!(c.concordance("不存在", 3).is_empty());
    }

    #[test]
    fn keywords_prefer_distinctive_words() {
        let c = corpus(&["口罩口罩口罩发放,社区工作。", "社区工作,志愿者服务。"]);
        let rows = c.keywords(KeywordMethod::TfIdf, 1, &WordFilter::keywords());
        assert_eq!(rows.iter().map(|k| (k.doc, k.word.as_str())).collect::<Vec<_>>(), [(0, "口罩"), (1, "志愿者")]);
        let ranked = c.keywords(KeywordMethod::TextRank, 3, &WordFilter::keywords());
        assert!(ranked.iter().any(|k| k.doc == 0 && k.score == 1.0));
    }
}
