//! # zhreport
//!
//! Clean, segment and extract statistics from Chinese news reports.
//!
//! The crate is a pure-Rust core, usable and tested without Python; the PyO3 binding
//! lives in `python.rs` behind the `python` feature. Each pipeline stage is a module:
//!
//! | stage | module | does |
//! |---|---|---|
//! | decode | [`decode`] | bytes → text (UTF-8, GB18030/GBK, Big5, UTF-16), detected or named |
//! | normalize | [`normalize`](mod@normalize), [`fixpoint`] | line ends, spaces, invisibles, full-width, HTML, mojibake, ruby; repeated until stable |
//! | layout | [`layout`] | a kind for every line: title, meta, body, caption, boilerplate … |
//! | meta | [`meta`] | title, publication time, source, editors, authors, dateline |
//! | script | [`script`] | Simplified/Traditional detection and OpenCC conversion |
//! | segment | [`segment`] | words with POS tags (jieba-rs plus the domain dictionary) |
//! | extract | [`extract`] | quantities, dates (incl. lunar), people, organisations, places |
//! | stats | [`stats`], [`lexicon`] | per-report figures, lexicon hits |
//! | corpus | [`corpus`] | frequencies, keywords, n-grams, collocations, keyness, concordance, near-duplicates |
//!
//! ```
//! let cleaned = zhreport::clean("标题\n\n2020-02-17 来源:人民网\n\n正文。\n(责编:王浩)");
//! assert_eq!(cleaned.text, "正文。");
//! assert_eq!(cleaned.meta.title.as_deref(), Some("标题"));
//! assert_eq!(cleaned.meta.editors, vec!["王浩"]);
//! ```
#![deny(missing_docs)]

pub mod clean;
pub mod corpus;
pub mod decode;
pub mod error;
pub mod extract;
pub mod fixpoint;
pub mod layout;
pub mod lexicon;
pub mod meta;
pub mod mojibake;
pub mod normalize;
pub mod offsets;
pub mod repairs;
pub mod ruby;
pub mod samples;
pub mod script;
pub mod segment;
pub mod sentences;
pub mod stats;

#[cfg(feature = "python")]
mod python;

pub use clean::{clean, clean_batch, Cleaned, LineSpan};
pub use decode::{decode, detect_encoding, Decoded, OnError};
pub use error::{Error, Result};
pub use fixpoint::{normalize, normalize_with_repairs};
pub use layout::LineKind;
pub use meta::{Metadata, Published};
pub use repairs::Repairs;
pub use script::{detect_script, to_simplified, to_traditional, Script, SimplifiedView};
