//! The cleaning pipeline: normalise, classify lines, extract metadata, detect the script.
//!
//! [`clean`] turns one raw report into a [`Cleaned`] value; [`clean_batch`] does the same
//! for many reports in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fixpoint::normalize_with_repairs;
use crate::layout::{classify, LineKind};
use crate::meta::{extract, Metadata};
use crate::repairs::Repairs;
use crate::script::{to_simplified_known, Script, ScriptProfile};

/// A line of the normalised report: its kind and byte span in [`Cleaned::normalized`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineSpan {
    /// What the line is.
    pub kind: LineKind,
    /// Byte offset of the line's start.
    pub start: usize,
    /// Byte offset of the line's end, before its line break.
    pub end: usize,
}

/// A cleaned report: its body, metadata, and every input line with its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The normalised input; [`Cleaned::lines`] cover it exactly, in order.
    pub normalized: String,
    /// The body: body and heading lines joined by `\n`.
    pub text: String,
    /// Every line of `normalized` with its kind.
    pub lines: Vec<LineSpan>,
    /// Title, date, source, editors, authors and dateline.
    pub meta: Metadata,
    /// The script of the body (of the whole report when the body is empty).
    pub script: Script,
    /// What normalisation repaired, by kind.
    pub repairs: Repairs,
    /// [`crate::to_simplified`] leaves `text` as it is (known from the scan that found the
    /// script, so that the conversion can be skipped).
    pub simplified_unchanged: bool,
}

impl Cleaned {
    /// Returns the text of one line.
    pub fn line_text(&self, line: &LineSpan) -> &str {
        self.normalized.get(line.start..line.end).unwrap_or("")
    }

    /// Returns `text` converted to Simplified Chinese, as [`crate::to_simplified`] would,
    /// borrowing it when nothing would change.
    pub fn simplified(&self) -> Result<std::borrow::Cow<'_, str>> {
        to_simplified_known(&self.text, self.simplified_unchanged)
    }

    /// Returns the texts of the lines of `kind`, in order.
    pub fn lines_of(&self, kind: LineKind) -> impl Iterator<Item = &str> + '_ {
        self.lines.iter().filter(move |l| l.kind == kind).map(|l| self.line_text(l))
    }

    /// Returns the photo captions, in order.
    pub fn captions(&self) -> Vec<&str> {
        self.lines_of(LineKind::Caption).collect()
    }

    /// Returns the body paragraphs (body lines only, without headings).
    pub fn paragraphs(&self) -> Vec<&str> {
        self.lines_of(LineKind::Body).collect()
    }

    /// Counts the non-blank lines of each kind that are not part of the clean text.
    ///
    /// Returns a sorted map from kind name to count.
    pub fn removed_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for line in self.lines.iter().filter(|l| !l.kind.is_text() && l.kind != LineKind::Blank) {
            *counts.entry(line.kind.as_str()).or_insert(0) += 1;
        }
        counts
    }
}

/// Cleans one raw report (already decoded to text).
///
/// Returns the [`Cleaned`] report; empty input gives an empty report.
pub fn clean(raw: &str) -> Cleaned {
    let (normalized, repairs) = normalize_with_repairs(raw);
    let classified = classify(&normalized);
    let meta = extract(&classified);
    let lines: Vec<LineSpan> =
        classified.iter().map(|l| LineSpan { kind: l.kind, start: l.start, end: l.end }).collect();
    let mut text = String::with_capacity(normalized.len());
    for (index, line) in classified.iter().filter(|l| l.kind.is_text()).enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(line.text);
    }
    let profile = ScriptProfile::of(if text.is_empty() { &normalized } else { &text });
    let simplified_unchanged = text.is_empty() || profile.simplified_unchanged();
    drop(classified);
    Cleaned { normalized, text, lines, meta, script: profile.script(), repairs, simplified_unchanged }
}

/// Cleans many reports in parallel, keeping their order.
///
/// `workers` is the number of threads (`None` for all cores). Returns one [`Cleaned`] per
/// input, or [`Error::InvalidArgument`] for a worker count of zero.
pub fn clean_batch<S: AsRef<str> + Sync>(raws: &[S], workers: Option<usize>) -> Result<Vec<Cleaned>> {
    run_parallel(workers, || raws.par_iter().map(|raw| clean(raw.as_ref())).collect())
}

/// Runs `work` on a rayon pool of `workers` threads, or on the global pool for `None`.
///
/// Returns the work's result, or [`Error::InvalidArgument`] when the pool cannot be built.
pub fn run_parallel<T: Send>(workers: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    match workers {
        None => Ok(work()),
        Some(0) => Err(Error::InvalidArgument("workers must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| Error::InvalidArgument(format!("cannot start {n} worker threads: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_valid() {
        let cleaned = clean("");
        assert_eq!(cleaned.text, "");
        assert_eq!(cleaned.lines.len(), 1);
        assert_eq!(cleaned.script, Script::None);
        assert!(cleaned.meta.title.is_none());
    }

    #[test]
    fn lines_cover_the_normalized_text() {
        let cleaned = clean("标题\r\n\r\n2020-02-17 来源:某网\r\n\r\n正文第一段。\r\n（责编：张三）");
        let rebuilt: Vec<&str> = cleaned.lines.iter().map(|l| cleaned.line_text(l)).collect();
        assert_eq!(rebuilt.join("\n"), cleaned.normalized);
        assert_eq!(cleaned.text, "正文第一段。");
        assert_eq!(cleaned.meta.editors, vec!["张三"]);
        assert_eq!(cleaned.meta.source.as_deref(), Some("某网"));
    }

    #[test]
    fn simplified_is_the_conversion_of_the_text() {
        for (raw, simplified, unchanged) in [
            ("標題\n正文：黨員幹部堅守一線。", "正文：党员干部坚守一线。", false),
            ("标题\n正文：党员干部坚守一线。", "正文：党员干部坚守一线。", true),
            // Simplified text with a character that begins a `t2s` phrase is still converted.
            ("标题\n乾燥的天气。", "干燥的天气。", false),
            ("", "", true),
        ] {
            let cleaned = clean(raw);
            assert_eq!(cleaned.simplified().unwrap(), simplified, "{raw}");
            assert_eq!(cleaned.simplified().unwrap(), crate::to_simplified(&cleaned.text).unwrap());
            assert_eq!(cleaned.simplified_unchanged, unchanged, "{raw}");
        }
    }

    #[test]
    fn batch_keeps_order_and_rejects_zero_workers() {
        let raws = ["甲。", "乙。", "丙。"];
        let cleaned = clean_batch(&raws, Some(2)).unwrap();
        assert_eq!(cleaned.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), raws);
        assert!(clean_batch(&raws, Some(0)).is_err());
    }
}
