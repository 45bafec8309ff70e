//! The one error type of the zhreport core.
//!
//! Every fallible function of the crate returns [`Result`]; the Python binding maps each
//! variant once onto the `zhreport.ZhreportError` hierarchy.

use thiserror::Error as ThisError;

/// Everything that can go wrong in the zhreport core.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
pub enum Error {
    /// The bytes are not valid in the encoding used to read them.
    #[error("cannot decode {encoding} input: invalid byte sequence at byte offset {offset}")]
    Decode {
        /// Name of the encoding the bytes were read as (WHATWG label).
        encoding: String,
        /// Byte offset of the first malformed sequence.
        offset: usize,
    },
    /// The caller named an encoding zhreport does not know.
    #[error("unknown encoding {0:?}; use a WHATWG label such as 'utf-8', 'gb18030', 'gbk', 'big5', 'utf-16le'")]
    UnknownEncoding(String),
    /// An argument has a value outside its domain (the message says which and why).
    #[error("{0}")]
    InvalidArgument(String),
    /// A dictionary or lexicon could not be loaded or parsed.
    #[error("dictionary error: {0}")]
    Dictionary(String),
}

/// The result type of the zhreport core.
pub type Result<T> = std::result::Result<T, Error>;
