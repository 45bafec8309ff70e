//! The PyO3 binding: the only file that knows about Python. It converts arguments, releases
//! the GIL around the Rust work, converts results (byte offsets become code-point
//! offsets), and maps [`Error`] onto the `zhreport.errors` exception classes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{NaiveDate, NaiveDateTime};
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyIterator, PyList, PySlice, PyString, PyTuple, PyType};

use crate::clean::Cleaned;
use crate::decode::OnError;
use crate::error::Error;
use crate::layout::LineKind;
use crate::meta::Published;
use crate::offsets::CharOffsets;

/// Looks up an exception class of `zhreport.errors` (defined in Python so that they can
/// also derive from `ValueError` and `LookupError`).
fn exception_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module = MODULE.get_or_try_init(py, || py.import("zhreport.errors").map(Bound::unbind))?;
    module.bind(py).getattr(name)?.cast_into::<PyType>().map_err(PyErr::from)
}

fn raise(py: Python<'_>, class_name: &str, message: String) -> PyErr {
    match exception_class(py, class_name) {
        Ok(class) => PyErr::from_type(class, message),
        Err(error) => error,
    }
}

fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let class = match &error {
        Error::Decode { .. } => "DecodeError",
        Error::UnknownEncoding(_) => "UnknownEncodingError",
        Error::InvalidArgument(_) => "InvalidArgumentError",
        Error::Dictionary(_) => "DictionaryError",
    };
    let err = raise(py, class, error.to_string());
    if let Error::Decode { offset, encoding } = &error {
        let value = err.value(py);
        let _ = value.setattr("offset", *offset);
        let _ = value.setattr("encoding", encoding.as_str());
    }
    err
}

/// Inputs shorter than this many bytes are processed without releasing the GIL: for a
/// line or a sentence, releasing and retaking it costs more than the work.
const DETACH_MIN_BYTES: usize = 2048;

/// Runs Rust work without the GIL, turning a panic into `zhreport.ZhreportError` instead of
/// letting it reach the interpreter.
fn run_detached<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(work)));
    outcome.map_err(|panic| panic_to_err(py, panic))
}

/// Like [`run_detached`], but keeps the GIL for inputs under [`DETACH_MIN_BYTES`].
fn run_sized<T: Send>(py: Python<'_>, input_len: usize, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    if input_len >= DETACH_MIN_BYTES {
        return run_detached(py, work);
    }
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| panic_to_err(py, panic))
}

fn panic_to_err(py: Python<'_>, panic: Box<dyn std::any::Any + Send>) -> PyErr {
    raise(py, "ZhreportError", panic_message(panic))
}

/// The text of a Python `str` argument as UTF-8, for the length of a call: make it with
/// [`TextArg::new`], read it with [`TextArg::text`].
///
/// CPython writes the str as UTF-16 (for Chinese text a plain copy of its two-byte code
/// points) and simdutf transcodes that to UTF-8 with SIMD: together a fraction of what
/// CPython's own UTF-8 encoder costs for Chinese text, which writes three bytes a
/// character one branch at a time (`benchmarks/README.md` has the figures). Nothing stays
/// attached to the str, as its cached UTF-8 form (`PyUnicode_AsUTF8AndSize`) would for as
/// long as it lives. A str with unpaired surrogates (which UTF-16 and UTF-8 cannot hold) is
/// rebuilt with each one replaced by U+FFFD, one for one, so that code-point offsets stay
/// valid.
struct TextArg {
    utf8: Vec<u8>,
    /// How many unpaired surrogates became U+FFFD.
    surrogates: usize,
}

impl TextArg {
    fn new(text: &Bound<'_, PyString>) -> PyResult<Self> {
        if let Some(utf16) = encode_utf16le(text) {
            if let Some(utf8) = utf8_from_utf16le(utf16.as_bytes()) {
                return Ok(Self { utf8, surrogates: 0 });
            }
        }
        // Through UTF-16 each lone surrogate is one code unit, so it becomes one U+FFFD.
        let utf16 = text.call_method1("encode", ("utf-16-le", "surrogatepass"))?.cast_into::<PyBytes>()?;
        let units = utf16le_units(utf16.as_bytes());
        let lossy = String::from_utf16_lossy(&units);
        let literal = units.iter().filter(|&&u| u == 0xFFFD).count();
        let surrogates = lossy.matches('\u{FFFD}').count().saturating_sub(literal);
        Ok(Self { utf8: lossy.into_bytes(), surrogates })
    }

    /// Returns the text and the number of unpaired surrogates replaced in it.
    ///
    /// Checks the transcoded bytes once more (with SIMD, a small fraction of the
    /// transcoding) rather than trusting them without a check; they are always valid.
    fn text(&self) -> PyResult<(&str, usize)> {
        let text = simdutf8::basic::from_utf8(&self.utf8)
            .map_err(|_| pyo3::exceptions::PyValueError::new_err("a str transcoded to invalid UTF-8"))?;
        Ok((text, self.surrogates))
    }
}

/// `text` encoded as UTF-16LE by CPython, or `None` when it cannot be (unpaired
/// surrogates; the error is cleared).
fn encode_utf16le<'py>(text: &Bound<'py, PyString>) -> Option<Bound<'py, PyBytes>> {
    // SAFETY: `text` is a live str and the encoding and error-handler names are
    // NUL-terminated static strings. CPython returns a new reference to a bytes object, or
    // NULL with an exception set, which `fetch` takes (and drops: the caller falls back).
    let encoded = unsafe {
        let ptr = pyo3::ffi::PyUnicode_AsEncodedString(text.as_ptr(), c"utf-16-le".as_ptr(), c"strict".as_ptr());
        Bound::from_owned_ptr_or_opt(text.py(), ptr)
    };
    match encoded {
        Some(encoded) => encoded.cast_into::<PyBytes>().ok(),
        None => {
            drop(PyErr::fetch(text.py()));
            None
        }
    }
}

/// The code units of UTF-16LE bytes.
fn utf16le_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect()
}

/// Transcodes UTF-16LE bytes to UTF-8 with simdutf.
///
/// Returns `None` when they are not valid UTF-16 (CPython's strict encoder never writes
/// such bytes).
fn utf8_from_utf16le(bytes: &[u8]) -> Option<Vec<u8>> {
    // simdutf reads whole `u16`s: the bytes are copied when they are not aligned for them
    // (a bytes object's buffer always is).
    let copied: Vec<u16>;
    let units = if bytes.as_ptr().align_offset(std::mem::align_of::<u16>()) == 0 {
        bytes.as_ptr().cast::<u16>()
    } else {
        copied = utf16le_units(bytes);
        copied.as_ptr()
    };
    let len = bytes.len() / 2;
    // At most three UTF-8 bytes per UTF-16 unit, valid or not (a pair of units is four).
    let mut utf8: Vec<u8> = Vec::with_capacity(len.checked_mul(3)?);
    // SAFETY: `units` points to `len` aligned, initialised `u16`s (the bytes, or their
    // copy, alive until the end of this function) and `utf8` has room for the most that
    // `len` units can become; simdutf reads no more and writes no more than that. It
    // returns how many bytes it wrote, 0 for invalid input.
    let written = unsafe { simdutf::convert_utf16le_to_utf8(units, len, utf8.as_mut_ptr()) };
    if written == 0 && len > 0 {
        return None;
    }
    // SAFETY: simdutf initialised the first `written` bytes, which fit in the capacity.
    unsafe { utf8.set_len(written.min(utf8.capacity())) };
    Some(utf8)
}

/// Reads a sequence of Python `str` for a batch call (`name` is used in the error).
fn texts_arg(texts: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<(String, usize)>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{name} takes a sequence of str, not a single str")));
    }
    let mut owned = Vec::new();
    for item in texts.try_iter()? {
        let item = item?;
        let text =
            item.cast::<PyString>().map_err(|_| PyTypeError::new_err(format!("{name} takes a sequence of str")))?;
        let arg = TextArg::new(text)?;
        let (text, surrogates) = arg.text()?;
        owned.push((text.to_string(), surrogates));
    }
    Ok(owned)
}

/// A line as a plain tuple: `(text, kind, start, end)`.
type LineTuple = (String, String, usize, usize);

/// One line of a cleaned report.
#[pyclass(module = "zhreport._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct Line {
    /// The line's text.
    text: String,
    /// Its kind: "title", "meta", "body", "caption", "boilerplate" …
    kind: String,
    /// Code-point offset of its start in `Cleaned.normalized`.
    start: usize,
    /// Code-point offset of its end in `Cleaned.normalized`.
    end: usize,
}

#[pymethods]
impl Line {
    #[new]
    fn new(text: String, kind: String, start: usize, end: usize) -> Self {
        Self { text, kind, start, end }
    }

    fn __repr__(&self) -> String {
        format!("Line(text={:?}, kind={:?}, start={}, end={})", self.text, self.kind, self.start, self.end)
    }

    fn as_tuple(&self) -> LineTuple {
        (self.text.clone(), self.kind.clone(), self.start, self.end)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, LineTuple)> {
        Ok((slf.get_type(), slf.get().as_tuple()))
    }
}

/// The publication time as Python sees it: a `datetime.date` or `datetime.datetime`.
#[derive(Clone, Copy, PartialEq, Eq, IntoPyObject, FromPyObject)]
enum PyPublished {
    DateTime(NaiveDateTime),
    Date(NaiveDate),
}

/// A line of a cleaned report as stored: its kind and its byte span (code-point offsets are
/// computed when `Cleaned.lines` is read).
#[derive(Clone, Copy, PartialEq, Eq)]
struct LineRecord {
    kind: LineKind,
    byte_start: usize,
    byte_end: usize,
}

/// A cleaned report (see `zhreport.clean`). Line objects are created on access, so that
/// cleaning a batch does not pay for Python objects nobody looks at.
#[pyclass(name = "Cleaned", module = "zhreport._core", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct CleanedReport {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    title: Option<String>,
    #[pyo3(get)]
    published: Option<PyPublished>,
    #[pyo3(get)]
    source: Option<String>,
    #[pyo3(get)]
    editors: Vec<String>,
    #[pyo3(get)]
    authors: Vec<String>,
    #[pyo3(get)]
    dateline: Option<String>,
    #[pyo3(get)]
    script: String,
    #[pyo3(get)]
    repairs: BTreeMap<String, usize>,
    #[pyo3(get)]
    normalized: String,
    records: Vec<LineRecord>,
    /// `to_simplified(text) == text` is known (see `Cleaned::simplified_unchanged`).
    simplified_unchanged: bool,
}

impl CleanedReport {
    fn line_text(&self, record: &LineRecord) -> &str {
        self.normalized.get(record.byte_start..record.byte_end).unwrap_or("")
    }

    fn texts_of(&self, kind: LineKind) -> Vec<String> {
        self.records.iter().filter(|r| r.kind == kind).map(|r| self.line_text(r).to_string()).collect()
    }

    fn make_line(&self, record: &LineRecord, offsets: &mut CharOffsets) -> Line {
        Line {
            text: self.line_text(record).to_string(),
            kind: record.kind.as_str().to_string(),
            start: offsets.char_offset(record.byte_start),
            end: offsets.char_offset(record.byte_end),
        }
    }

    fn make_lines(&self) -> Vec<Line> {
        let mut offsets = CharOffsets::new(&self.normalized);
        self.records.iter().map(|r| self.make_line(r, &mut offsets)).collect()
    }
}

/// Rebuilds line records from `Line` objects (the pickle path), checking that each line
/// really is the span of `normalized` it claims to be.
fn records_from_lines(normalized: &str, lines: &[Line]) -> PyResult<Vec<LineRecord>> {
    let byte_of: Vec<usize> = normalized.char_indices().map(|(i, _)| i).chain([normalized.len()]).collect();
    lines
        .iter()
        .map(|line| {
            let kind = LineKind::ALL.into_iter().find(|k| k.as_str() == line.kind);
            let (Some(kind), Some(&byte_start), Some(&byte_end)) =
                (kind, byte_of.get(line.start), byte_of.get(line.end))
            else {
                return Err(pyo3::exceptions::PyValueError::new_err(format!("invalid line {:?}", line.text)));
            };
            if normalized.get(byte_start..byte_end) != Some(line.text.as_str()) {
                return Err(pyo3::exceptions::PyValueError::new_err(format!("line {:?} does not match", line.text)));
            }
            Ok(LineRecord { kind, byte_start, byte_end })
        })
        .collect()
}

#[pymethods]
impl CleanedReport {
    #[new]
    #[pyo3(signature = (text, title, published, source, editors, authors, dateline, lines, script, repairs, normalized))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        title: Option<String>,
        published: Option<PyPublished>,
        source: Option<String>,
        editors: Vec<String>,
        authors: Vec<String>,
        dateline: Option<String>,
        lines: Vec<Line>,
        script: String,
        repairs: BTreeMap<String, usize>,
        normalized: String,
    ) -> PyResult<Self> {
        let records = records_from_lines(&normalized, &lines)?;
        let simplified_unchanged = crate::script::ScriptProfile::of(&text).simplified_unchanged();
        Ok(Self {
            text,
            title,
            published,
            source,
            editors,
            authors,
            dateline,
            script,
            repairs,
            normalized,
            records,
            simplified_unchanged,
        })
    }

    /// Every line of `normalized`, in order, with its kind.
    #[getter]
    fn lines(&self) -> Vec<Line> {
        self.make_lines()
    }

    /// `text` converted to Simplified Chinese (OpenCC `t2s`, as `to_simplified`), computed
    /// on each access.
    #[getter]
    fn simplified<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let text = &self.text;
        if self.simplified_unchanged {
            return Ok(PyString::new(py, text));
        }
        let points = run_sized(py, text.len(), || crate::script::to_simplified_code_points(text))?;
        match points.map_err(|e| to_py_err(py, e))? {
            Some(points) => string_from_code_points(py, &points),
            None => Ok(PyString::new(py, text)),
        }
    }

    /// The photo captions, in order.
    #[getter]
    fn captions(&self) -> Vec<String> {
        self.texts_of(LineKind::Caption)
    }

    /// The body paragraphs: body lines without headings.
    #[getter]
    fn paragraphs(&self) -> Vec<String> {
        self.texts_of(LineKind::Body)
    }

    /// Counts of non-blank lines left out of `text`, by kind.
    #[getter]
    fn removed(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for record in self.records.iter().filter(|r| !r.kind.is_text() && r.kind != LineKind::Blank) {
            *counts.entry(record.kind.as_str()).or_insert(0) += 1;
        }
        counts
    }

    fn __repr__(&self) -> String {
        let title = self.title.as_deref().unwrap_or("");
        format!(
            "Cleaned(title={title:?}, script={:?}, paragraphs={}, chars={})",
            self.script,
            self.records.iter().filter(|r| r.kind == LineKind::Body).count(),
            self.text.chars().count()
        )
    }

    /// Notebook display: delegated to `zhreport.display.render`.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let render = slf.py().import("zhreport.display")?.getattr("render")?;
        render.call1((slf,))?.extract()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let c = slf.get();
        let args = (
            c.text.clone(),
            c.title.clone(),
            c.published,
            c.source.clone(),
            c.editors.clone(),
            c.authors.clone(),
            c.dateline.clone(),
            c.make_lines(),
            c.script.clone(),
            c.repairs.clone(),
            c.normalized.clone(),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }
}

fn convert_cleaned(cleaned: Cleaned, surrogates: usize) -> CleanedReport {
    let records = cleaned
        .lines
        .iter()
        .map(|span| LineRecord { kind: span.kind, byte_start: span.start, byte_end: span.end })
        .collect();
    let mut repairs: BTreeMap<String, usize> = cleaned.repairs.iter().map(|(k, v)| (k.to_string(), v)).collect();
    if surrogates > 0 {
        repairs.insert("unpaired_surrogate".into(), surrogates);
    }
    let meta = cleaned.meta;
    CleanedReport {
        text: cleaned.text,
        title: meta.title,
        published: meta.published.map(|p| match p {
            Published::Date(date) => PyPublished::Date(date),
            Published::DateTime(datetime) => PyPublished::DateTime(datetime),
        }),
        source: meta.source,
        editors: meta.editors,
        authors: meta.authors,
        dateline: meta.dateline,
        script: cleaned.script.as_str().to_string(),
        repairs,
        normalized: cleaned.normalized,
        records,
        simplified_unchanged: cleaned.simplified_unchanged,
    }
}

#[pyfunction]
#[pyo3(signature = (data, encoding = None, errors = "strict"))]
fn decode(py: Python<'_>, data: &Bound<'_, PyBytes>, encoding: Option<&str>, errors: &str) -> PyResult<String> {
    let on_error = OnError::parse(errors).map_err(|e| to_py_err(py, e))?;
    let bytes = data.as_bytes();
    run_detached(py, || crate::decode::decode(bytes, encoding, on_error))?.map(|d| d.text).map_err(|e| to_py_err(py, e))
}

/// Like `decode`, but also returns the name of the encoding used (detected or given), for
/// readers that report it per file (`zhreport.read_dir`).
#[pyfunction]
#[pyo3(signature = (data, encoding = None, errors = "strict"))]
fn decode_with_encoding(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    encoding: Option<&str>,
    errors: &str,
) -> PyResult<(String, &'static str)> {
    let on_error = OnError::parse(errors).map_err(|e| to_py_err(py, e))?;
    let bytes = data.as_bytes();
    run_detached(py, || crate::decode::decode(bytes, encoding, on_error))?
        .map(|d| (d.text, d.encoding))
        .map_err(|e| to_py_err(py, e))
}

#[pyfunction]
fn detect_encoding(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<&'static str> {
    let bytes = data.as_bytes();
    run_detached(py, || crate::decode::detect_encoding(bytes))
}

#[pyfunction]
fn normalize(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<String> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || crate::fixpoint::normalize(text))
}

#[pyfunction]
fn normalize_with_repairs(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<(String, BTreeMap<String, usize>)> {
    let arg = TextArg::new(text)?;
    let (text, surrogates) = arg.text()?;
    let (normalized, repairs) = run_sized(py, text.len(), || crate::fixpoint::normalize_with_repairs(text))?;
    let mut repairs: BTreeMap<String, usize> = repairs.iter().map(|(k, v)| (k.to_string(), v)).collect();
    if surrogates > 0 {
        repairs.insert("unpaired_surrogate".into(), surrogates);
    }
    Ok((normalized, repairs))
}

#[pyfunction]
fn detect_script(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<&'static str> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || crate::script::detect_script(text).as_str())
}

/// Returns the argument itself when nothing changes (as `str.replace` does), which saves
/// building a new `str` for text that is already Simplified.
#[pyfunction]
fn to_simplified<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    let arg = TextArg::new(text)?;
    let (utf8, _) = arg.text()?;
    let converted =
        run_sized(py, utf8.len(), || crate::script::to_simplified_code_points(utf8))?.map_err(|e| to_py_err(py, e))?;
    match converted {
        Some(points) => string_from_code_points(py, &points),
        // Unpaired surrogates were replaced on the way in: return the replaced text.
        None if arg.surrogates > 0 => Ok(PyString::new(py, utf8)),
        None => Ok(text.clone()),
    }
}

/// Makes a `str` from code points, each a valid `char` (as
/// `crate::script::to_simplified_code_points` gives them): CPython builds a `str` from
/// UTF-32 in about a third of the time it takes to decode the same text from UTF-8.
fn string_from_code_points<'py>(py: Python<'py>, points: &[u32]) -> PyResult<Bound<'py, PyString>> {
    let size = points
        .len()
        .checked_mul(4)
        .and_then(|size| isize::try_from(size).ok())
        .ok_or_else(|| pyo3::exceptions::PyOverflowError::new_err("text too long for a str"))?;
    // The code units are in the machine's byte order; a byte order given (not 0) also
    // keeps a leading U+FEFF as a character instead of reading it as a byte order mark.
    let mut byte_order: std::os::raw::c_int = if cfg!(target_endian = "little") { -1 } else { 1 };
    // SAFETY: `points` is valid for reads of `size` bytes during the call, which copies
    // them; the error handler's name is a NUL-terminated static string; `byte_order` is a
    // live `c_int`. CPython returns a new reference, or NULL with an exception set, which
    // `from_owned_ptr_or_err` turns into the error.
    let decoded = unsafe {
        let ptr = pyo3::ffi::PyUnicode_DecodeUTF32(points.as_ptr().cast(), size, c"strict".as_ptr(), &mut byte_order);
        Bound::from_owned_ptr_or_err(py, ptr)?
    };
    Ok(decoded.cast_into::<PyString>()?)
}

#[pyfunction]
fn to_traditional(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<String> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || crate::script::to_traditional(text))?.map_err(|e| to_py_err(py, e))
}

#[pyfunction]
fn clean(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<CleanedReport> {
    let arg = TextArg::new(text)?;
    let (text, surrogates) = arg.text()?;
    run_sized(py, text.len(), || convert_cleaned(crate::clean::clean(text), surrogates))
}

#[pyfunction]
#[pyo3(signature = (texts, workers = None))]
fn clean_batch(py: Python<'_>, texts: &Bound<'_, PyAny>, workers: Option<usize>) -> PyResult<Vec<CleanedReport>> {
    let owned = texts_arg(texts, "clean_batch")?;
    let result = run_detached(py, || {
        crate::clean::run_parallel(workers, || {
            use rayon::prelude::*;
            owned.par_iter().map(|(text, s)| convert_cleaned(crate::clean::clean(text), *s)).collect::<Vec<_>>()
        })
    })?;
    result.map_err(|e| to_py_err(py, e))
}

/// One word of segmented text; `text[start:end] == token.text`.
#[pyclass(module = "zhreport._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    text: String,
    pos: String,
    start: usize,
    end: usize,
}

/// A token as a plain tuple: `(text, pos, start, end)`.
type TokenTuple = (String, String, usize, usize);

#[pymethods]
impl Token {
    #[new]
    fn new(text: String, pos: String, start: usize, end: usize) -> Self {
        Self { text, pos, start, end }
    }

    fn __repr__(&self) -> String {
        format!("Token(text={:?}, pos={:?}, start={}, end={})", self.text, self.pos, self.start, self.end)
    }

    fn as_tuple(&self) -> TokenTuple {
        (self.text.clone(), self.pos.clone(), self.start, self.end)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, TokenTuple)> {
        Ok((slf.get_type(), slf.get().as_tuple()))
    }
}

/// A user word as given from Python: a word, or `(word, freq)`, or `(word, freq, pos)`.
#[derive(Clone, FromPyObject, IntoPyObject)]
enum UserWord {
    Word(String),
    WithFreq((String, Option<usize>)),
    WithFreqPos((String, Option<usize>, Option<String>)),
}

impl UserWord {
    fn parts(&self) -> (&str, Option<usize>, Option<&str>) {
        match self {
            UserWord::Word(word) => (word, None, None),
            UserWord::WithFreq((word, freq)) => (word, *freq, None),
            UserWord::WithFreqPos((word, freq, pos)) => (word, *freq, pos.as_deref()),
        }
    }
}

/// What a pickled segmenter carries: its user words and the text of its user dictionary.
type SegmenterState = (Vec<UserWord>, Option<String>);

/// A word segmenter with its own dictionary (see `zhreport.Segmenter`).
#[pyclass(name = "Segmenter", module = "zhreport._core", frozen)]
pub struct PySegmenter {
    inner: crate::segment::Segmenter,
    user_words: Vec<UserWord>,
    user_dict: Option<String>,
}

fn tokens_to_py(text: &str, tokens: &[crate::segment::Token<'_>]) -> Vec<Token> {
    let mut offsets = CharOffsets::new(text);
    tokens
        .iter()
        .map(|t| Token {
            text: text[t.start..t.end].to_string(),
            pos: t.pos.to_string(),
            start: offsets.char_offset(t.start),
            end: offsets.char_offset(t.end),
        })
        .collect()
}

/// One token of a [`TokenList`], 16 bytes: its text is `words[previous word_end..word_end]`,
/// its tag `tags[tag]`, its code-point offsets `start..end`.
#[derive(Clone, Copy)]
struct TokenSlot {
    word_end: u32,
    start: u32,
    end: u32,
    tag: u16,
}

/// The tokens of one text, held in Rust: a `Token` object is made only when one is read,
/// so that a batch does not build millions of Python objects nobody looks at.
#[pyclass(module = "zhreport._core", frozen, sequence)]
#[derive(Clone, Default)]
pub struct TokenList {
    /// The token texts one after the other.
    words: String,
    slots: Vec<TokenSlot>,
    /// The distinct POS tags.
    tags: Vec<Cow<'static, str>>,
}

/// A token list holds offsets as `u32`: a longer text is refused with this error.
fn too_long() -> Error {
    Error::InvalidArgument("a text of 4 GiB or more cannot be analysed as one report".into())
}

impl TokenList {
    /// The tokens of `text` (byte offsets) with code-point offsets; an error for a text of
    /// 4 GiB or more.
    fn from_segments(text: &str, tokens: &[crate::segment::Token<'static>]) -> Result<Self, Error> {
        let mut offsets = CharOffsets::new(text);
        let mut list = Self::default();
        let mut tag_index: rustc_hash::FxHashMap<&'static str, u16> = rustc_hash::FxHashMap::default();
        for t in tokens {
            let Some(word) = text.get(t.start..t.end) else { continue };
            let (start, end) = (offsets.char_offset(t.start), offsets.char_offset(t.end));
            let tag = match tag_index.get(t.pos) {
                Some(&tag) => tag,
                None => {
                    let tag = list.add_tag(Cow::Borrowed(t.pos))?;
                    tag_index.insert(t.pos, tag);
                    tag
                }
            };
            list.push(word, tag, start, end)?;
        }
        Ok(list)
    }

    /// The index of `tag` in the tag table, added if new.
    fn add_tag(&mut self, tag: Cow<'static, str>) -> Result<u16, Error> {
        let index = match self.tags.iter().position(|t| *t == tag) {
            Some(index) => index,
            None => {
                self.tags.push(tag);
                self.tags.len() - 1
            }
        };
        u16::try_from(index).map_err(|_| Error::InvalidArgument("more than 65,536 distinct POS tags".into()))
    }

    fn push(&mut self, word: &str, tag: u16, start: usize, end: usize) -> Result<(), Error> {
        self.words.push_str(word);
        let narrow = |n: usize| u32::try_from(n).map_err(|_| too_long());
        let slot = TokenSlot { word_end: narrow(self.words.len())?, start: narrow(start)?, end: narrow(end)?, tag };
        self.slots.push(slot);
        Ok(())
    }

    fn token(&self, index: usize) -> Option<Token> {
        let slot = self.slots.get(index)?;
        let word_start = match index.checked_sub(1) {
            Some(previous) => self.slots.get(previous)?.word_end as usize,
            None => 0,
        };
        Some(Token {
            text: self.words.get(word_start..slot.word_end as usize)?.to_string(),
            pos: self.tags.get(slot.tag as usize)?.to_string(),
            start: slot.start as usize,
            end: slot.end as usize,
        })
    }

    fn tokens(&self) -> Vec<Token> {
        (0..self.slots.len()).filter_map(|i| self.token(i)).collect()
    }

    /// Whether `other` is a sequence of the same tokens.
    fn equals_sequence(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if other.len()? != self.slots.len() {
            return Ok(false);
        }
        for (index, item) in other.try_iter()?.enumerate() {
            let Ok(token) = item?.extract::<Token>() else { return Ok(false) };
            if self.token(index).as_ref() != Some(&token) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[pymethods]
impl TokenList {
    #[new]
    #[pyo3(signature = (tokens = Vec::new()))]
    fn new(py: Python<'_>, tokens: Vec<Token>) -> PyResult<Self> {
        let mut list = Self::default();
        for t in tokens {
            let tag = list.add_tag(Cow::Owned(t.pos)).map_err(|e| to_py_err(py, e))?;
            list.push(&t.text, tag, t.start, t.end).map_err(|e| to_py_err(py, e))?;
        }
        Ok(list)
    }

    fn __len__(&self) -> usize {
        self.slots.len()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, index: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            let range = slice.indices(self.slots.len() as isize)?;
            let picked: Vec<Token> = (0..range.slicelength)
                .filter_map(|k| {
                    let i = range.start + (k as isize) * range.step;
                    usize::try_from(i).ok().and_then(|i| self.token(i))
                })
                .collect();
            return Ok(picked.into_pyobject(py)?.into_any());
        }
        let i: isize = index.extract()?;
        let resolved = if i < 0 { i + self.slots.len() as isize } else { i };
        let token = usize::try_from(resolved).ok().and_then(|i| self.token(i));
        match token {
            Some(token) => Ok(token.into_pyobject(py)?.into_any()),
            None => Err(PyIndexError::new_err("token index out of range")),
        }
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.tokens())?.try_iter()
    }

    fn __contains__(&self, item: &Bound<'_, PyAny>) -> bool {
        item.extract::<Token>().is_ok_and(|token| (0..self.slots.len()).any(|i| self.token(i).as_ref() == Some(&token)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(list) = other.cast::<TokenList>() {
            let other = list.get();
            return Ok(
                self.slots.len() == other.slots.len() && (0..self.slots.len()).all(|i| self.token(i) == other.token(i))
            );
        }
        if other.is_instance_of::<PyList>() || other.is_instance_of::<PyTuple>() {
            return self.equals_sequence(other);
        }
        Ok(false)
    }

    fn __repr__(&self) -> String {
        let shown: Vec<String> = (0..self.slots.len().min(3))
            .filter_map(|i| self.token(i))
            .map(|t| format!("Token(text={:?}, pos={:?}, start={}, end={})", t.text, t.pos, t.start, t.end))
            .collect();
        let more =
            if self.slots.len() > 3 { format!(", … {} tokens in all", self.slots.len()) } else { String::new() };
        format!("TokenList([{}{more}])", shown.join(", "))
    }

    /// The tokens as `(text, pos, start, end)` tuples.
    fn as_tuples(&self) -> Vec<TokenTuple> {
        self.tokens().iter().map(Token::as_tuple).collect()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (Vec<Token>,))> {
        Ok((slf.get_type(), (slf.get().tokens(),)))
    }
}

#[pymethods]
impl PySegmenter {
    #[new]
    #[pyo3(signature = (user_words = Vec::new(), user_dict = None))]
    fn new(py: Python<'_>, user_words: Vec<UserWord>, user_dict: Option<std::path::PathBuf>) -> PyResult<Self> {
        let dict_text = match &user_dict {
            Some(path) => Some(std::fs::read_to_string(path)?),
            None => None,
        };
        Self::build(py, user_words, dict_text)
    }

    /// Segments `text` into words.
    fn cut<'py>(&self, py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, pyo3::types::PyList>> {
        let arg = TextArg::new(text)?;
        let (text, _) = arg.text()?;
        let words = run_sized(py, text.len(), || self.inner.cut(text))?;
        pyo3::types::PyList::new(py, words)
    }

    /// Segments `text` into tokens with POS tags and code-point offsets.
    fn tokens(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<Token>> {
        let arg = TextArg::new(text)?;
        let (text, _) = arg.text()?;
        run_sized(py, text.len(), || tokens_to_py(text, &self.inner.tokens(text)))
    }

    /// Segments many texts in parallel.
    #[pyo3(signature = (texts, workers = None))]
    fn cut_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        workers: Option<usize>,
    ) -> PyResult<Bound<'py, pyo3::types::PyList>> {
        cut_many(py, &self.inner, &texts, workers)
    }

    /// Returns true when `word` is in the dictionary.
    fn has_word(&self, word: &str) -> bool {
        self.inner.has_word(word)
    }

    fn __repr__(&self) -> String {
        format!("Segmenter(user_words={}, user_dict={})", self.user_words.len(), self.user_dict.is_some())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, SegmenterState)> {
        let py = slf.py();
        let rebuild = py.import("zhreport._core")?.getattr("_segmenter_from_state")?;
        let this = slf.get();
        Ok((rebuild, (this.user_words.clone(), this.user_dict.clone())))
    }
}

impl PySegmenter {
    fn build(py: Python<'_>, user_words: Vec<UserWord>, user_dict: Option<String>) -> PyResult<Self> {
        let built = run_detached(py, || -> crate::error::Result<crate::segment::Segmenter> {
            let mut inner = crate::segment::Segmenter::new();
            if let Some(dict) = &user_dict {
                inner.load_dict(&mut std::io::Cursor::new(dict.as_bytes()))?;
            }
            for word in &user_words {
                let (word, freq, pos) = word.parts();
                inner.add_word(word, freq, pos)?;
            }
            Ok(inner)
        })?;
        let inner = built.map_err(|e| to_py_err(py, e))?;
        Ok(Self { inner, user_words, user_dict })
    }
}

#[pyfunction]
fn _segmenter_from_state(
    py: Python<'_>,
    user_words: Vec<UserWord>,
    user_dict: Option<String>,
) -> PyResult<PySegmenter> {
    PySegmenter::build(py, user_words, user_dict)
}

/// Segment text into words with the default :class:`Segmenter`.
///
/// jieba's dictionary and HMM plus zhreport's domain dictionary; numbers stay with their
/// unit (``2.5万``, ``681人次``, ``2月8日``); Traditional text is segmented through its
/// simplified view and returned in its own script.
///
/// Example:
///     >>> import zhreport as zr
///     >>> zr.cut("市直系统参与社区一线疫情防控人员达681人次")
///     ['市直', '系统', '参与', '社区', '一线', '疫情防控', '人员', '达', '681人次']
///     >>> "".join(zr.cut("吉林省市場監督管理廳")) == "吉林省市場監督管理廳"
///     True
#[pyfunction]
fn cut<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    let words = run_sized(py, text.len(), || crate::segment::default_segmenter().cut(text))?;
    pyo3::types::PyList::new(py, words)
}

#[pyfunction]
fn tokens(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<Token>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || tokens_to_py(text, &crate::segment::default_segmenter().tokens(text)))
}

#[pyfunction]
#[pyo3(signature = (texts, workers = None))]
fn cut_batch<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    workers: Option<usize>,
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    cut_many(py, crate::segment::default_segmenter(), &texts, workers)
}

/// Segments texts in parallel without the GIL, then builds the lists of words straight from
/// slices of the inputs (no intermediate `String` per word).
fn cut_many<'py>(
    py: Python<'py>,
    segmenter: &crate::segment::Segmenter,
    texts: &[String],
    workers: Option<usize>,
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    let cut = run_detached(py, || {
        crate::clean::run_parallel(workers, || {
            use rayon::prelude::*;
            texts.par_iter().map(|t| segmenter.cut(t)).collect::<Vec<_>>()
        })
    })?
    .map_err(|e| to_py_err(py, e))?;
    let outer = pyo3::types::PyList::empty(py);
    for words in cut {
        outer.append(pyo3::types::PyList::new(py, words)?)?;
    }
    Ok(outer)
}

fn spans_to_py(text: &str, spans: &[crate::sentences::Span]) -> Vec<(String, usize, usize)> {
    let mut offsets = CharOffsets::new(text);
    spans
        .iter()
        .map(|s| (text[s.start..s.end].to_string(), offsets.char_offset(s.start), offsets.char_offset(s.end)))
        .collect()
}

#[pyfunction]
fn sentence_spans(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<(String, usize, usize)>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || spans_to_py(text, &crate::sentences::split_sentences(text)))
}

#[pyfunction]
fn paragraph_spans(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<(String, usize, usize)>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    run_sized(py, text.len(), || spans_to_py(text, &crate::sentences::split_paragraphs(text)))
}

/// What `analyze` returns for one report: the cleaned report, its sentences, tokens,
/// quantities, dates, entities (offsets into the cleaned text) and statistics.
type Analysis =
    (CleanedReport, Vec<(String, usize, usize)>, TokenList, Vec<Quantity>, Vec<DateMention>, Vec<Entity>, Stats);

/// The day partial dates are resolved against: the caller's, else the publication date.
fn reference_day(cleaned: &Cleaned, given: Option<NaiveDate>) -> Option<NaiveDate> {
    given.or(match cleaned.meta.published {
        Some(Published::Date(day)) => Some(day),
        Some(Published::DateTime(time)) => Some(time.date()),
        None => None,
    })
}

fn analyze_one(text: &str, surrogates: usize, reference: Option<NaiveDate>) -> Result<Analysis, Error> {
    let cleaned = crate::clean::clean(text);
    let reference = reference_day(&cleaned, reference);
    let report = convert_cleaned(cleaned, surrogates);
    let body = report.text.as_str();
    let segmenter = crate::segment::default_segmenter();
    let prepared = crate::extract::Prepared::new(body, segmenter)?;
    let sentence_spans = crate::sentences::split_sentences(body);
    let sentences = spans_to_py(body, &sentence_spans);
    let mut spans = SpanConverter::new(body);
    let quantities = spans.quantities(&prepared.quantities());
    let dates = spans.dates(&prepared.dates(reference));
    let entities = spans.entities(&prepared.entities());
    let original_tokens = prepared.original_tokens();
    // The simplified view and its tokens are done with: free them before the token list and
    // the statistics are built (peak memory of one very long report).
    drop(prepared);
    let tokens = TokenList::from_segments(body, &original_tokens)?;
    let of_kind = |kind: &str| entities.iter().filter(|e| e.kind == kind).count();
    let mentions = crate::stats::MentionCounts {
        quantities: quantities.len(),
        dates: dates.len(),
        people: of_kind("person"),
        organizations: of_kind("organization"),
        places: of_kind("place"),
    };
    let figures =
        crate::stats::compute(body, &sentence_spans, &original_tokens, mentions, crate::lexicon::political_lexicon())?;
    let stats = stats_to_py(figures);
    Ok((report, sentences, tokens, quantities, dates, entities, stats))
}

#[pyfunction]
#[pyo3(signature = (text, reference_date = None))]
fn analyze(py: Python<'_>, text: &Bound<'_, PyString>, reference_date: Option<NaiveDate>) -> PyResult<Analysis> {
    let arg = TextArg::new(text)?;
    let (text, surrogates) = arg.text()?;
    run_sized(py, text.len(), || analyze_one(text, surrogates, reference_date))?.map_err(|e| to_py_err(py, e))
}

/// Reads the documents of a batch: each item is a `str`, or an error message saying why it
/// cannot be analysed (a `None`, a float NaN from pandas, `bytes` …), so that one bad item
/// costs one record, not the batch.
fn documents_arg(texts: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Result<(String, usize), String>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{name} takes a sequence of str, not a single str")));
    }
    let mut owned = Vec::new();
    for item in texts.try_iter()? {
        let item = item?;
        owned.push(match item.cast::<PyString>() {
            Ok(text) => {
                let arg = TextArg::new(text)?;
                let (text, surrogates) = arg.text()?;
                Ok((text.to_string(), surrogates))
            }
            Err(_) => {
                let type_name = item.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
                let hint =
                    if item.is_instance_of::<PyBytes>() { " (decode it first with zhreport.decode)" } else { "" };
                Err(format!("expected a str, got {type_name}{hint}"))
            }
        });
    }
    Ok(owned)
}

/// Describes a caught panic for a per-document error record.
fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error in zhreport (please report it): {detail}")
}

/// Analyses a batch in parallel without the GIL. Each document is analysed on its own:
/// an error or a panic becomes that document's `Err(message)`; results keep input order.
/// `panic_at` lists indexes where a panic is injected (for the tests only).
fn analyze_documents(
    py: Python<'_>,
    documents: &[Result<(String, usize), String>],
    workers: Option<usize>,
    reference: Option<NaiveDate>,
    panic_at: &[usize],
) -> PyResult<Vec<Result<Analysis, String>>> {
    let result = run_detached(py, || {
        crate::clean::run_parallel(workers, || {
            use rayon::prelude::*;
            documents
                .par_iter()
                .enumerate()
                .map(|(index, document)| {
                    let (text, surrogates) = document.as_ref().map_err(String::clone)?;
                    catch_unwind(AssertUnwindSafe(|| {
                        if panic_at.contains(&index) {
                            panic!("deliberate panic in document {index} for the test suite");
                        }
                        analyze_one(text, *surrogates, reference)
                    }))
                    .map_err(panic_message)?
                    .map_err(|e| e.to_string())
                })
                .collect::<Vec<_>>()
        })
    })?;
    result.map_err(|e| to_py_err(py, e))
}

/// Converts batch results to a Python list: an analysis tuple, or the error message (`str`).
fn batch_to_py<'py>(py: Python<'py>, results: Vec<Result<Analysis, String>>) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for result in results {
        match result {
            Ok(analysis) => list.append(analysis.into_pyobject(py)?)?,
            Err(message) => list.append(message)?,
        }
    }
    Ok(list)
}

#[pyfunction]
#[pyo3(signature = (texts, workers = None, reference_date = None))]
fn analyze_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    workers: Option<usize>,
    reference_date: Option<NaiveDate>,
) -> PyResult<Bound<'py, PyList>> {
    let documents = documents_arg(texts, "analyze_batch")?;
    let results = analyze_documents(py, &documents, workers, reference_date, &[])?;
    batch_to_py(py, results)
}

/// `analyze_batch` with panics injected at the given document indexes, so that the tests can
/// check that a panicking document becomes an error record and the others are kept.
#[pyfunction]
#[pyo3(signature = (texts, panic_at, workers = None))]
fn _analyze_batch_for_test<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    panic_at: Vec<usize>,
    workers: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let documents = documents_arg(texts, "analyze_batch")?;
    let results = analyze_documents(py, &documents, workers, None, &panic_at)?;
    batch_to_py(py, results)
}

/// A quantity: `text[start:end] == quantity.text` (see `zhreport.Quantity`).
#[pyclass(module = "zhreport._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Quantity {
    text: String,
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    approx: Option<String>,
    unit: Option<String>,
    subject: Option<String>,
    start: usize,
    end: usize,
}

/// A quantity as a plain tuple, in constructor order.
type QuantityTuple =
    (String, f64, Option<f64>, Option<f64>, Option<String>, Option<String>, Option<String>, usize, usize);

#[pymethods]
impl Quantity {
    #[new]
    #[pyo3(signature = (text, value, low, high, approx, unit, subject, start, end))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        value: f64,
        low: Option<f64>,
        high: Option<f64>,
        approx: Option<String>,
        unit: Option<String>,
        subject: Option<String>,
        start: usize,
        end: usize,
    ) -> Self {
        Self { text, value, low, high, approx, unit, subject, start, end }
    }

    fn __repr__(&self) -> String {
        format!(
            "Quantity(text={:?}, value={}, low={:?}, high={:?}, approx={:?}, unit={:?}, subject={:?}, start={}, end={})",
            self.text, self.value, self.low, self.high, self.approx, self.unit, self.subject, self.start, self.end
        )
    }

    fn as_tuple(&self) -> QuantityTuple {
        let s = self.clone();
        (s.text, s.value, s.low, s.high, s.approx, s.unit, s.subject, s.start, s.end)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, QuantityTuple)> {
        Ok((slf.get_type(), slf.get().as_tuple()))
    }
}

/// A date mention: `text[start:end] == mention.text` (see `zhreport.DateMention`).
#[pyclass(module = "zhreport._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct DateMention {
    text: String,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    start: usize,
    end: usize,
    kind: String,
}

/// A date mention as a plain tuple, in constructor order.
type DateTuple = (String, Option<NaiveDate>, Option<NaiveDate>, usize, usize, String);

#[pymethods]
impl DateMention {
    #[new]
    fn new(
        text: String,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
        start: usize,
        end: usize,
        kind: String,
    ) -> Self {
        Self { text, start_date, end_date, start, end, kind }
    }

    fn __repr__(&self) -> String {
        let day = |d: Option<NaiveDate>| {
            d.map_or("None".to_string(), |d| format!("datetime.date({})", d.format("%Y, %-m, %-d")))
        };
        format!(
            "DateMention(text={:?}, start_date={}, end_date={}, start={}, end={}, kind={:?})",
            self.text,
            day(self.start_date),
            day(self.end_date),
            self.start,
            self.end,
            self.kind
        )
    }

    fn as_tuple(&self) -> DateTuple {
        let s = self.clone();
        (s.text, s.start_date, s.end_date, s.start, s.end, s.kind)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, DateTuple)> {
        Ok((slf.get_type(), slf.get().as_tuple()))
    }
}

/// A person, organisation or place: `text[start:end] == entity.text`.
#[pyclass(module = "zhreport._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct Entity {
    text: String,
    kind: String,
    start: usize,
    end: usize,
    title: Option<String>,
}

/// An entity as a plain tuple, in constructor order.
type EntityTuple = (String, String, usize, usize, Option<String>);

#[pymethods]
impl Entity {
    #[new]
    #[pyo3(signature = (text, kind, start, end, title = None))]
    fn new(text: String, kind: String, start: usize, end: usize, title: Option<String>) -> Self {
        Self { text, kind, start, end, title }
    }

    fn __repr__(&self) -> String {
        format!(
            "Entity(text={:?}, kind={:?}, start={}, end={}, title={:?})",
            self.text, self.kind, self.start, self.end, self.title
        )
    }

    fn as_tuple(&self) -> EntityTuple {
        let s = self.clone();
        (s.text, s.kind, s.start, s.end, s.title)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, EntityTuple)> {
        Ok((slf.get_type(), slf.get().as_tuple()))
    }
}

/// True for a day `datetime.date` can hold (years 1 to 9999). Days resolved beyond those
/// (`昨天` before `date.min`, `明天` after `date.max`) become `None` instead of a
/// `ValueError` from the conversion.
fn python_day(day: &NaiveDate) -> bool {
    (1..=9999).contains(&chrono::Datelike::year(day))
}

/// Converts byte spans of `text` to Python objects with code-point offsets.
struct SpanConverter<'t> {
    text: &'t str,
    offsets: CharOffsets<'t>,
}

impl<'t> SpanConverter<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, offsets: CharOffsets::new(text) }
    }

    fn slice(&self, span: Option<(usize, usize)>) -> Option<String> {
        span.and_then(|(s, e)| self.text.get(s..e)).map(str::to_string)
    }

    fn chars(&mut self, start: usize, end: usize) -> (usize, usize) {
        (self.offsets.char_offset(start), self.offsets.char_offset(end))
    }

    fn quantities(&mut self, found: &[crate::extract::Quantity]) -> Vec<Quantity> {
        found
            .iter()
            .map(|q| {
                let (start, end) = self.chars(q.start, q.end);
                let unit = if q.percent { Some("%".to_string()) } else { self.slice(q.unit) };
                Quantity {
                    text: self.text[q.start..q.end].to_string(),
                    value: q.value,
                    low: q.low,
                    high: q.high,
                    approx: q.approx.map(str::to_string),
                    unit,
                    subject: self.slice(q.subject),
                    start,
                    end,
                }
            })
            .collect()
    }

    fn dates(&mut self, found: &[crate::extract::DateMention]) -> Vec<DateMention> {
        found
            .iter()
            .map(|d| {
                let (start, end) = self.chars(d.start, d.end);
                DateMention {
                    text: self.text[d.start..d.end].to_string(),
                    start_date: d.start_date.filter(python_day),
                    end_date: d.end_date.filter(python_day),
                    start,
                    end,
                    kind: d.kind.as_str().to_string(),
                }
            })
            .collect()
    }

    fn entities(&mut self, found: &[crate::extract::Entity]) -> Vec<Entity> {
        // Nested entities (a place inside an organisation) are not in offset order.
        let mut converted: Vec<Entity> = Vec::with_capacity(found.len());
        for e in found {
            let (start, end) = self.chars(e.start, e.end);
            converted.push(Entity {
                text: self.text[e.start..e.end].to_string(),
                kind: e.kind.as_str().to_string(),
                start,
                end,
                title: self.slice(e.title),
            });
        }
        converted
    }
}

#[pyfunction]
fn extract_quantities(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<Quantity>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    let found = run_sized(py, text.len(), || crate::extract::extract_quantities(text))?;
    Ok(SpanConverter::new(text).quantities(&found.map_err(|e| to_py_err(py, e))?))
}

#[pyfunction]
#[pyo3(signature = (text, reference = None))]
fn extract_dates(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    reference: Option<NaiveDate>,
) -> PyResult<Vec<DateMention>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    let found = run_sized(py, text.len(), || crate::extract::extract_dates(text, reference))?;
    Ok(SpanConverter::new(text).dates(&found.map_err(|e| to_py_err(py, e))?))
}

#[pyfunction]
fn extract_entities(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<Entity>> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    let found = run_sized(py, text.len(), || crate::extract::extract_entities(text))?;
    Ok(SpanConverter::new(text).entities(&found.map_err(|e| to_py_err(py, e))?))
}

/// A statistic as Python sees it: an `int` count or a `float`.
#[derive(Clone, Copy, IntoPyObject)]
enum StatValue {
    Count(usize),
    Real(f64),
}

/// Statistics as `(key, value)` pairs, in the documented order.
type Stats = Vec<(String, StatValue)>;

fn stats_to_py(figures: Vec<(String, crate::stats::Figure)>) -> Stats {
    use crate::stats::Figure;
    figures
        .into_iter()
        .map(|(key, figure)| {
            let value = match figure {
                Figure::Count(n) => StatValue::Count(n),
                Figure::Real(x) => StatValue::Real(x),
            };
            (key, value)
        })
        .collect()
}

/// A compiled lexicon: categories of phrases counted with Aho-Corasick (see `zhreport.Lexicon`).
#[pyclass(name = "Lexicon", module = "zhreport._core", frozen)]
pub struct PyLexicon {
    lexicon: std::sync::Arc<crate::lexicon::Lexicon>,
    entries: Vec<(String, String)>,
}

#[pymethods]
impl PyLexicon {
    #[new]
    fn new(py: Python<'_>, entries: BTreeMap<String, Vec<String>>) -> PyResult<Self> {
        let entries: Vec<(String, String)> =
            entries.into_iter().flat_map(|(c, phrases)| phrases.into_iter().map(move |p| (c.clone(), p))).collect();
        let lexicon = crate::lexicon::Lexicon::new(entries.iter().map(|(c, p)| (c.as_str(), p.as_str())))
            .map_err(|e| to_py_err(py, e))?;
        Ok(Self { lexicon: std::sync::Arc::new(lexicon), entries })
    }

    /// The embedded lexicon of formulaic political phrases.
    #[staticmethod]
    fn political() -> Self {
        Self { lexicon: std::sync::Arc::new(crate::lexicon::political_lexicon().clone()), entries: Vec::new() }
    }

    #[getter]
    fn categories(&self) -> Vec<String> {
        self.lexicon.categories().to_vec()
    }

    fn count(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<BTreeMap<String, usize>> {
        let arg = TextArg::new(text)?;
        let (text, _) = arg.text()?;
        run_sized(py, text.len(), || self.lexicon.count(text))?.map_err(|e| to_py_err(py, e))
    }

    fn __repr__(&self) -> String {
        format!("Lexicon(categories={:?})", self.lexicon.categories())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.get();
        if this.entries.is_empty() {
            return Ok((slf.get_type().getattr("political")?, PyTuple::empty(py)));
        }
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (category, phrase) in &this.entries {
            grouped.entry(category.as_str()).or_default().push(phrase.as_str());
        }
        Ok((slf.get_type().into_any(), PyTuple::new(py, [grouped.into_pyobject(py)?])?))
    }
}

#[pyfunction]
#[pyo3(signature = (text, lexicon = None))]
fn text_stats(py: Python<'_>, text: &Bound<'_, PyString>, lexicon: Option<&Bound<'_, PyLexicon>>) -> PyResult<Stats> {
    let arg = TextArg::new(text)?;
    let (text, _) = arg.text()?;
    let lexicon = lexicon.map(|l| l.get().lexicon.clone());
    let figures = run_sized(py, text.len(), || crate::stats::text_stats(text, lexicon.as_deref()))?;
    figures.map(stats_to_py).map_err(|e| to_py_err(py, e))
}

/// The segmented corpus behind `zhreport.Corpus` (word ids over one vocabulary).
#[pyclass(name = "CorpusIndex", module = "zhreport._core", frozen)]
pub struct PyCorpusIndex {
    corpus: crate::corpus::Corpus,
}

/// Builds the word filter of a corpus table from the Python arguments.
fn word_filter(
    stopwords: Option<Vec<String>>,
    pos: Option<Vec<String>>,
    min_chars: usize,
    drop_numbers: bool,
) -> crate::corpus::WordFilter {
    use crate::corpus::{default_stopwords, WordFilter};
    let stopwords = match stopwords {
        Some(words) => words.into_iter().collect(),
        None => default_stopwords().iter().map(|w| w.to_string()).collect(),
    };
    WordFilter { stopwords, pos_prefixes: pos.unwrap_or_default(), min_chars, drop_numbers }
}

/// Frequencies as columns: words, tags, term frequencies, document frequencies.
type FrequencyColumns = (Vec<String>, Vec<String>, Vec<u64>, Vec<u64>);
/// Keyness as columns: word, a_count, b_count, a_per_million, b_per_million, g2, log_ratio, p_value.
type KeynessColumns = (Vec<String>, Vec<u64>, Vec<u64>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);
/// Collocations as columns: first, second, count, first_count, second_count, pmi, llr.
type CollocationColumns = (Vec<String>, Vec<String>, Vec<u64>, Vec<u64>, Vec<u64>, Vec<f64>, Vec<f64>);
/// Near-duplicate pairs as columns: a, b, jaccard, estimate.
type DuplicateColumns = (Vec<usize>, Vec<usize>, Vec<f64>, Vec<f64>);
/// Concordance lines as columns: doc, start, end, left, keyword, right.
type ConcordanceColumns = (Vec<usize>, Vec<usize>, Vec<usize>, Vec<String>, Vec<String>, Vec<String>);

#[pymethods]
impl PyCorpusIndex {
    #[new]
    #[pyo3(signature = (texts, workers = None))]
    fn new(py: Python<'_>, texts: &Bound<'_, PyAny>, workers: Option<usize>) -> PyResult<Self> {
        let texts: Vec<String> = texts_arg(texts, "CorpusIndex")?.into_iter().map(|(t, _)| t).collect();
        let corpus = run_detached(py, || crate::corpus::Corpus::new(texts, workers))?.map_err(|e| to_py_err(py, e))?;
        Ok(Self { corpus })
    }

    fn __len__(&self) -> usize {
        self.corpus.len()
    }

    fn document_lengths(&self) -> Vec<u64> {
        self.corpus.document_lengths()
    }

    #[pyo3(signature = (stopwords = None, pos = None, min_chars = 1, drop_numbers = true, min_count = 1))]
    fn frequencies(
        &self,
        py: Python<'_>,
        stopwords: Option<Vec<String>>,
        pos: Option<Vec<String>>,
        min_chars: usize,
        drop_numbers: bool,
        min_count: u64,
    ) -> PyResult<FrequencyColumns> {
        let filter = word_filter(stopwords, pos, min_chars, drop_numbers);
        let rows = run_detached(py, || self.corpus.frequencies(&filter, min_count))?;
        let c = &self.corpus;
        Ok((
            rows.iter().map(|r| c.word(r.word).to_string()).collect(),
            rows.iter().map(|r| c.tag(r.word).to_string()).collect(),
            rows.iter().map(|r| r.tf).collect(),
            rows.iter().map(|r| r.df).collect(),
        ))
    }

    #[pyo3(signature = (n, stopwords = None, pos = None, min_chars = 1, drop_numbers = true, min_count = 1))]
    #[allow(clippy::too_many_arguments)]
    fn ngrams(
        &self,
        py: Python<'_>,
        n: usize,
        stopwords: Option<Vec<String>>,
        pos: Option<Vec<String>>,
        min_chars: usize,
        drop_numbers: bool,
        min_count: u64,
    ) -> PyResult<(Vec<String>, Vec<u64>, Vec<u64>)> {
        let filter = word_filter(stopwords, pos, min_chars, drop_numbers);
        let rows = run_detached(py, || self.corpus.ngrams(n, &filter, min_count))?.map_err(|e| to_py_err(py, e))?;
        Ok((
            rows.iter().map(|r| self.corpus.joined(&r.words)).collect(),
            rows.iter().map(|r| r.count).collect(),
            rows.iter().map(|r| r.df).collect(),
        ))
    }

    #[pyo3(signature = (stopwords = None, pos = None, min_chars = 1, drop_numbers = true, min_count = 3))]
    fn collocations(
        &self,
        py: Python<'_>,
        stopwords: Option<Vec<String>>,
        pos: Option<Vec<String>>,
        min_chars: usize,
        drop_numbers: bool,
        min_count: u64,
    ) -> PyResult<CollocationColumns> {
        let filter = word_filter(stopwords, pos, min_chars, drop_numbers);
        let rows = run_detached(py, || self.corpus.collocations(&filter, min_count))?;
        let c = &self.corpus;
        Ok((
            rows.iter().map(|r| c.word(r.first).to_string()).collect(),
            rows.iter().map(|r| c.word(r.second).to_string()).collect(),
            rows.iter().map(|r| r.count).collect(),
            rows.iter().map(|r| r.first_count).collect(),
            rows.iter().map(|r| r.second_count).collect(),
            rows.iter().map(|r| r.pmi).collect(),
            rows.iter().map(|r| r.llr).collect(),
        ))
    }

    #[pyo3(signature = (a, b, stopwords = None, pos = None, min_chars = 1, drop_numbers = true, min_count = 1))]
    #[allow(clippy::too_many_arguments)]
    fn keyness(
        &self,
        py: Python<'_>,
        a: Vec<usize>,
        b: Vec<usize>,
        stopwords: Option<Vec<String>>,
        pos: Option<Vec<String>>,
        min_chars: usize,
        drop_numbers: bool,
        min_count: u64,
    ) -> PyResult<KeynessColumns> {
        let filter = word_filter(stopwords, pos, min_chars, drop_numbers);
        let rows =
            run_detached(py, || self.corpus.keyness(&a, &b, &filter, min_count))?.map_err(|e| to_py_err(py, e))?;
        Ok((
            rows.iter().map(|r| self.corpus.word(r.word).to_string()).collect(),
            rows.iter().map(|r| r.a_count).collect(),
            rows.iter().map(|r| r.b_count).collect(),
            rows.iter().map(|r| r.a_per_million).collect(),
            rows.iter().map(|r| r.b_per_million).collect(),
            rows.iter().map(|r| r.g2).collect(),
            rows.iter().map(|r| r.log_ratio).collect(),
            rows.iter().map(|r| r.p_value).collect(),
        ))
    }

    #[pyo3(signature = (method, top, stopwords = None, pos = None, min_chars = 2, drop_numbers = true))]
    #[allow(clippy::too_many_arguments)]
    fn keywords(
        &self,
        py: Python<'_>,
        method: &str,
        top: usize,
        stopwords: Option<Vec<String>>,
        pos: Option<Vec<String>>,
        min_chars: usize,
        drop_numbers: bool,
    ) -> PyResult<(Vec<usize>, Vec<String>, Vec<f64>)> {
        use crate::corpus::KeywordMethod;
        let method = match method {
            "tfidf" => KeywordMethod::TfIdf,
            "textrank" => KeywordMethod::TextRank,
            other => {
                return Err(to_py_err(
                    py,
                    Error::InvalidArgument(format!("method must be 'tfidf' or 'textrank', not {other:?}")),
                ))
            }
        };
        let pos = pos.or_else(|| Some(vec!["n".into(), "v".into()]));
        let filter = word_filter(stopwords, pos, min_chars, drop_numbers);
        let rows = run_detached(py, || self.corpus.keywords(method, top, &filter))?;
        Ok((
            rows.iter().map(|r| r.doc).collect(),
            rows.iter().map(|r| r.word.clone()).collect(),
            rows.iter().map(|r| r.score).collect(),
        ))
    }

    #[pyo3(signature = (word, width = 10))]
    fn concordance(&self, py: Python<'_>, word: &str, width: usize) -> PyResult<ConcordanceColumns> {
        let rows = run_detached(py, || self.corpus.concordance(word, width))?;
        Ok((
            rows.iter().map(|r| r.doc).collect(),
            rows.iter().map(|r| r.start).collect(),
            rows.iter().map(|r| r.end).collect(),
            rows.iter().map(|r| r.left.clone()).collect(),
            rows.iter().map(|r| r.keyword.clone()).collect(),
            rows.iter().map(|r| r.right.clone()).collect(),
        ))
    }

    #[pyo3(signature = (threshold = 0.8, shingle = 5))]
    fn near_duplicates(&self, py: Python<'_>, threshold: f64, shingle: usize) -> PyResult<DuplicateColumns> {
        let rows =
            run_detached(py, || self.corpus.near_duplicates(threshold, shingle))?.map_err(|e| to_py_err(py, e))?;
        Ok((
            rows.iter().map(|r| r.a).collect(),
            rows.iter().map(|r| r.b).collect(),
            rows.iter().map(|r| r.jaccard).collect(),
            rows.iter().map(|r| r.estimate).collect(),
        ))
    }
}

#[pyfunction]
fn default_stopwords() -> Vec<&'static str> {
    crate::corpus::default_stopwords().to_vec()
}

/// Panics inside the core on purpose, so that the tests can check that a panic reaches
/// Python as `ZhreportError` instead of killing the interpreter.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    run_detached(py, || -> () { panic!("deliberate panic for the test suite") })
}

#[pyfunction]
fn sample_reports() -> Vec<(&'static str, &'static str)> {
    crate::samples::SAMPLE_REPORTS.to_vec()
}

#[pyfunction]
fn line_kinds() -> Vec<&'static str> {
    LineKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The compiled core of zhreport.
#[pymodule(gil_used = false)]
fn _core(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<Line>()?;
    module.add_class::<CleanedReport>()?;
    module.add_function(wrap_pyfunction!(decode, module)?)?;
    module.add_function(wrap_pyfunction!(decode_with_encoding, module)?)?;
    module.add_function(wrap_pyfunction!(detect_encoding, module)?)?;
    module.add_function(wrap_pyfunction!(normalize, module)?)?;
    module.add_function(wrap_pyfunction!(normalize_with_repairs, module)?)?;
    module.add_function(wrap_pyfunction!(detect_script, module)?)?;
    module.add_function(wrap_pyfunction!(to_simplified, module)?)?;
    module.add_function(wrap_pyfunction!(to_traditional, module)?)?;
    module.add_function(wrap_pyfunction!(clean, module)?)?;
    module.add_function(wrap_pyfunction!(clean_batch, module)?)?;
    module.add_class::<Token>()?;
    module.add_class::<TokenList>()?;
    module.add_class::<PySegmenter>()?;
    module.add_function(wrap_pyfunction!(_segmenter_from_state, module)?)?;
    module.add_function(wrap_pyfunction!(cut, module)?)?;
    module.add_function(wrap_pyfunction!(tokens, module)?)?;
    module.add_function(wrap_pyfunction!(cut_batch, module)?)?;
    module.add_function(wrap_pyfunction!(sentence_spans, module)?)?;
    module.add_function(wrap_pyfunction!(paragraph_spans, module)?)?;
    module.add_class::<Quantity>()?;
    module.add_class::<DateMention>()?;
    module.add_class::<Entity>()?;
    module.add_function(wrap_pyfunction!(extract_quantities, module)?)?;
    module.add_function(wrap_pyfunction!(extract_dates, module)?)?;
    module.add_function(wrap_pyfunction!(extract_entities, module)?)?;
    module.add_function(wrap_pyfunction!(analyze, module)?)?;
    module.add_class::<PyLexicon>()?;
    module.add_class::<PyCorpusIndex>()?;
    module.add_function(wrap_pyfunction!(text_stats, module)?)?;
    module.add_function(wrap_pyfunction!(default_stopwords, module)?)?;
    module.add_function(wrap_pyfunction!(analyze_batch, module)?)?;
    module.add_function(wrap_pyfunction!(_analyze_batch_for_test, module)?)?;
    module.add_function(wrap_pyfunction!(sample_reports, module)?)?;
    module.add_function(wrap_pyfunction!(_panic_for_test, module)?)?;
    module.add_function(wrap_pyfunction!(line_kinds, module)?)?;
    Ok(())
}
