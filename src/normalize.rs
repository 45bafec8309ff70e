//! Stage 2: text normalisation.
//!
//! Turns decoded text into the canonical form every later stage relies on:
//! * line ends are `\n`; each line is trimmed and its runs of spaces collapsed;
//! * NUL, control, zero-width and bidi characters are removed; NBSP, ideographic and
//!   other spaces become plain spaces;
//! * full-width ASCII letters and digits become half-width, while CJK punctuation
//!   (，。：；！？“”《》) stays full-width;
//! * HTML comments, `<script>`/`<style>` blocks and stray tags are dropped (block tags
//!   become line breaks) and HTML entities (`&nbsp;`, `&amp;`, `&#20013;` …) are decoded;
//! * lines of mojibake are re-decoded ([`crate::mojibake`]) and pinyin ruby annotations
//!   are removed ([`crate::ruby`]).
//!
//! Every change that alters content is counted in a [`Repairs`] tally.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use unicode_normalization::UnicodeNormalization;

use crate::mojibake::{check_line, may_be_latin1_mojibake, LineCheck, Mojibake};
use crate::repairs::Repairs;
use crate::ruby::{is_pinyin_letter, may_have_annotations, strip_annotations, strip_annotations_unless};

/// Normalises `text` (see the module documentation).
///
/// Returns the normalised text; [`normalize_with_repairs`] also returns what changed.
pub fn normalize(text: &str) -> String {
    normalize_with_repairs(text).0
}

/// Normalises `text` and counts the repairs made.
///
/// Returns the normalised text and a tally with keys among `mojibake_latin1`,
/// `mojibake_gbk`, `html_tag`, `html_entity`, `control_char`, `invisible_char`,
/// `fullwidth_alnum`, `pinyin_annotation`, `lost_char` and `restored_char`.
pub fn normalize_with_repairs(text: &str) -> (String, Repairs) {
    let (text, repairs, _) = normalize_tracking_lines(text);
    (text, repairs)
}

/// [`normalize_with_repairs`], also returning the byte ranges of the output that came from
/// lines the line pass changed.
///
/// The line pass works on each line alone, so a line it left unchanged is one it would
/// leave unchanged again: the rest of the output needs no second look (see
/// [`crate::fixpoint`]).
pub fn normalize_tracking_lines(text: &str) -> (String, Repairs, Vec<Range<usize>>) {
    let mut repairs = Repairs::new();
    if !needs_whole_pass(text) {
        let (text, changed) = normalize_lines(text, &mut repairs);
        return (text, repairs, changed);
    }
    let text = unify_line_ends(text);
    let text = strip_html(&text, &mut repairs);
    // After the markup is gone, so that a tag's line break cannot split a mojibake line.
    let (text, changed) = normalize_lines(&text, &mut repairs);
    (text, repairs, changed)
}

/// Whether a pass over `text` could change it outside its line pass: line ends to unify or
/// markup to strip. Text without them only needs the line pass again.
pub fn needs_whole_pass(text: &str) -> bool {
    memchr::memchr3(b'\r', b'<', b'&', text.as_bytes()).is_some()
}

/// Runs the line pass again over the `changed` byte ranges of `text` (ranges of whole
/// lines, in order, as [`normalize_tracking_lines`] returns them) and copies the rest.
///
/// Returns the new text, the repairs of the ranges, and the ranges of the new text whose
/// lines changed this time.
pub fn renormalize_lines(text: &str, changed: &[Range<usize>]) -> (String, Repairs, Vec<Range<usize>>) {
    let mut repairs = Repairs::new();
    let mut output = String::with_capacity(text.len());
    let mut still_changing = Vec::new();
    let mut copied = 0;
    for range in changed {
        let (Some(before), Some(lines)) = (text.get(copied..range.start), text.get(range.clone())) else {
            continue;
        };
        output.push_str(before);
        let (redone, inner) = normalize_lines(lines, &mut repairs);
        let shift = output.len();
        still_changing.extend(inner.into_iter().map(|r| r.start + shift..r.end + shift));
        output.push_str(&redone);
        copied = range.end;
    }
    output.push_str(text.get(copied..).unwrap_or(""));
    (output, repairs, still_changing)
}

/// Repairs mojibake, normalises characters and tidies the lines of `text` in one pass.
///
/// Each `\n`-separated line is first repaired if it is mojibake ([`check_line`]); its
/// characters then go through [`classify_char`], and each resulting line is trimmed and
/// its runs of spaces collapsed ([`push_tidy_line`]). Returns the normalised text.
///
/// Also returns the byte ranges of the output made from input lines that changed and may
/// change again ([`is_settled`] tells which changed lines cannot).
fn normalize_lines(text: &str, repairs: &mut Repairs) -> (String, Vec<Range<usize>>) {
    let mut output = String::with_capacity(text.len());
    let mut tally = CharTally::default();
    let mut changed = Vec::new();
    for (index, line) in lines_of(text).enumerate() {
        if index > 0 {
            output.push('\n');
        }
        let start = output.len();
        // Whether the line's Han characters read as ordinary text, and whether it stayed whole.
        let (ordinary, whole) = match check_line(line) {
            LineCheck::Repaired(fixed, kind) => {
                repairs.add(if kind == Mojibake::Latin1 { "mojibake_latin1" } else { "mojibake_gbk" }, 1);
                push_tidy_line(&mut output, &fixed, &mut tally, repairs);
                (false, false)
            }
            check => (check == LineCheck::Ordinary, push_tidy_line(&mut output, line, &mut tally, repairs)),
        };
        let written = output.get(start..).unwrap_or("");
        if written != line && !is_settled(ordinary, whole, written) {
            changed.push(start..output.len());
        }
    }
    tally.record(repairs);
    (output, changed)
}

/// Whether a changed line is certain to come out of the line pass unchanged: it stayed one
/// line with the same Han characters (no line break inside, no lost character restored),
/// those read as ordinary text, and the result cannot be Latin-1 mojibake.
///
/// Returns false when unsure. Why that is enough: the GBK test looks only at Han
/// characters, so it gives the same answer on the result; the character pass leaves only
/// characters it keeps; composing, ruby removal (which reaches its fixed point in one run)
/// and trimming leave nothing for each other to do, since spaces never take part in an
/// annotation and a combining mark is never left next to a Latin letter by a removal.
/// The property tests check normalisation for idempotence on ruby, mojibake and spacing
/// debris, which is what a wrong answer here would break.
fn is_settled(ordinary: bool, whole: bool, written: &str) -> bool {
    whole && ordinary && !may_be_latin1_mojibake(written)
}

/// The `\n`-separated lines of `text` (as `str::split('\n')`, found with `memchr`).
pub(crate) fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    ends.map(move |end| {
        let line = text.get(start..end).unwrap_or("");
        start = end + 1;
        line
    })
}

fn unify_line_ends(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "big", "body", "center", "cite", "code", "em", "font", "head", "html", "i", "iframe", "img",
    "input", "label", "link", "meta", "noscript", "ruby", "rp", "rt", "s", "small", "source", "span", "strike",
    "strong", "sub", "sup", "svg", "title", "u", "video", "audio", "wbr", "button", "select", "option",
];

struct HtmlPatterns {
    hidden: Regex,
    tag: Regex,
    entity: Regex,
}

fn html_patterns() -> &'static HtmlPatterns {
    static PATTERNS: OnceLock<HtmlPatterns> = OnceLock::new();
    PATTERNS.get_or_init(|| HtmlPatterns {
        hidden: Regex::new(r"(?is)<!--.*?-->|<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>")
            .expect("static regex"),
        tag: Regex::new(r#"</?([A-Za-z][A-Za-z0-9]{0,9})(?:\s+[^<>]{0,2000}?)?\s*/?>"#).expect("static regex"),
        entity: Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").expect("static regex"),
    })
}

/// Drops markup and decodes entities, repeating until nothing changes so that the
/// result is stable (`&amp;nbsp;` is decoded all the way, as scraped pages intend).
fn strip_html<'a>(text: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    let mut current = Cow::Borrowed(text);
    for _ in 0..4 {
        if !current.contains('<') && !current.contains('&') {
            break;
        }
        let without_tags = drop_tags(&current, repairs);
        let decoded = decode_entities(&without_tags, repairs);
        if decoded.as_ref() == current.as_ref() {
            break;
        }
        current = Cow::Owned(decoded.into_owned());
    }
    current
}

fn drop_tags<'a>(text: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let patterns = html_patterns();
    let mut count = 0;
    let text = patterns.hidden.replace_all(text, |_: &regex::Captures| {
        count += 1;
        ""
    });
    let replaced = patterns.tag.replace_all(&text, |captures: &regex::Captures| {
        let whole = captures.get(0).map_or("", |m| m.as_str());
        let name = captures.get(1).map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
        if BLOCK_TAGS.contains(&name.as_str()) {
            count += 1;
            "\n".to_string()
        } else if INLINE_TAGS.contains(&name.as_str()) {
            count += 1;
            String::new()
        } else {
            whole.to_string()
        }
    });
    repairs.add("html_tag", count);
    Cow::Owned(replaced.into_owned())
}

fn decode_entities<'a>(text: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut count = 0;
    let decoded = html_patterns().entity.replace_all(text, |captures: &regex::Captures| {
        let entity = captures.get(0).map_or("", |m| m.as_str());
        let decoded = html_escape::decode_html_entities(entity);
        if decoded != entity {
            count += 1;
        }
        decoded.into_owned()
    });
    repairs.add("html_entity", count);
    decoded
}

/// What one character becomes in the character pass.
enum CharFix {
    Keep,
    Space,
    Drop(&'static str),
    Replace(char),
}

#[inline]
fn classify_char(c: char) -> CharFix {
    // Fast path for the bulk of a report: printable ASCII and the main CJK blocks.
    if matches!(c, '\u{20}'..='\u{7E}' | '\u{3400}'..='\u{9FFF}') {
        return CharFix::Keep;
    }
    match c {
        '\n' | ' ' => CharFix::Keep,
        '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => CharFix::Space,
        '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => CharFix::Replace('\n'),
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{AD}'
        | '\u{180E}' => CharFix::Drop("invisible_char"),
        c if c.is_control() => CharFix::Drop("control_char"),
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(CharFix::Keep, CharFix::Replace)
        }
        _ => CharFix::Keep,
    }
}

/// What the character pass dropped or replaced, for the repair tally.
#[derive(Debug, Default, Clone, Copy)]
struct CharTally {
    control: usize,
    invisible: usize,
    fullwidth: usize,
}

impl CharTally {
    fn drop(&mut self, kind: &'static str) {
        if kind == "control_char" {
            self.control += 1;
        } else {
            self.invisible += 1;
        }
    }

    fn record(&self, repairs: &mut Repairs) {
        repairs.add("control_char", self.control);
        repairs.add("invisible_char", self.invisible);
        repairs.add("fullwidth_alnum", self.fullwidth);
    }
}

/// True for a character that [`classify_char`] keeps and that needs no attention from the
/// line tidying (not a space, not a possible start of a ruby annotation, not a combining
/// mark): the bulk of a report, copied in runs. [`skip_plain_bytes`] recognises exactly
/// these by their UTF-8 bytes (the tests check both over every code point).
#[cfg(test)]
fn is_plain(c: char) -> bool {
    matches!(c,
        '\u{21}'..='\u{27}' | '\u{29}'..='\u{3E}' | '\u{40}'..='\u{7E}' | '\u{3400}'..='\u{9FFF}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{2018}'..='\u{201D}'
        | '\u{FF01}'..='\u{FF07}' | '\u{FF09}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// The line being written by [`push_plain`]: trimmed, with runs of spaces collapsed, as
/// it is written.
struct TidyLine {
    /// A space is owed before the next character.
    pending_space: bool,
    /// Something other than spaces has been written.
    written: bool,
    /// The last character written may open a ruby annotation (`(`, `（`, `?`, U+FFFD).
    after_opener: bool,
}

impl TidyLine {
    /// Before a run of plain characters.
    #[inline]
    fn start_run(&mut self, output: &mut String) {
        if self.pending_space {
            output.push(' ');
            self.pending_space = false;
        }
        self.written = true;
    }

    fn push_space(&mut self) {
        self.pending_space = self.written;
        self.after_opener = false;
    }

    /// Writes `c`; returns false, writing nothing, for a combining mark or the pinyin
    /// letter after an opener: what `compose_latin` and `may_have_annotations` look for.
    fn push(&mut self, output: &mut String, c: char) -> bool {
        if c == ' ' {
            self.push_space();
            return true;
        }
        if (self.after_opener && is_pinyin_letter(c)) || ('\u{300}'..='\u{36F}').contains(&c) {
            return false;
        }
        self.start_run(output);
        self.after_opener = matches!(c, '(' | '（' | '?' | '\u{FFFD}');
        output.push(c);
        true
    }
}

/// How [`push_plain`] stopped.
enum Stop {
    /// At a line break at this byte offset, this many bytes long.
    Break(usize, usize),
    /// At the end of the input.
    End,
    /// The line needs [`tidy_line`]; nothing was written after that.
    NeedsCare,
}

/// Returns true for the characters that need more than ruby removal and tidying: those the
/// character pass changes or breaks a line at, and combining marks. False for
/// [`NEVER_SPECIAL`] (a test checks), as [`strip_annotations_unless`] requires.
fn needs_character_pass(c: char) -> bool {
    breaks_line(c) || !matches!(classify_char(c), CharFix::Keep) || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Returns true for the characters that the character pass turns into (or keeps as) a
/// line break; a test checks this against [`classify_char`].
fn breaks_line(c: char) -> bool {
    matches!(c, '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Writes one input line (no `\n`) to `output`: its characters normalised, each line
/// that results (vertical tabs and line separators break lines) trimmed with runs of
/// spaces collapsed, combining marks composed and ruby annotations removed.
///
/// Returns true when the input became one line and no lost character was restored into it
/// (so its Han characters are the input's).
fn push_tidy_line(output: &mut String, input: &str, tally: &mut CharTally, repairs: &mut Repairs) -> bool {
    let mut start = 0;
    let mut whole = true;
    loop {
        let (output_start, tally_before) = (output.len(), *tally);
        let stop = match push_plain(output, input, start, tally) {
            Stop::NeedsCare => {
                // Redo the line the careful way, counting its characters again.
                output.truncate(output_start);
                *tally = tally_before;
                // Usually only ruby is left to do: strip it and check that in one pass.
                if let Some((stripped, counts)) = strip_annotations_unless(&input[start..], needs_character_pass) {
                    counts.record(repairs);
                    push_collapsed(output, stripped.trim_matches(' '));
                    return whole && counts.restored == 0;
                }
                // The line break ending the line, and whether a character before it changes.
                let stop = find_char(input, start, |c| breaks_line(c) || !matches!(classify_char(c), CharFix::Keep));
                let (stop, changes) = match stop {
                    Some((i, c)) if !breaks_line(c) => (find_char(input, i, breaks_line), true),
                    stop => (stop, false),
                };
                let line = &input[start..stop.map_or(input.len(), |(i, _)| i)];
                let line = if changes { normalize_chars(line, tally) } else { Cow::Borrowed(line) };
                whole &= tidy_line(output, &line, repairs) == 0;
                stop.map_or(Stop::End, |(i, c)| Stop::Break(i, c.len_utf8()))
            }
            stop => stop,
        };
        match stop {
            Stop::Break(at, len) => {
                output.push('\n');
                start = at + len;
                whole = false;
            }
            _ => return whole,
        }
    }
}

/// Writes the line of `input` that starts at byte `start`, normalising its characters and
/// tidying it as it goes, until a line break, the end, or something that needs care.
fn push_plain(output: &mut String, input: &str, start: usize, tally: &mut CharTally) -> Stop {
    let mut line = TidyLine { pending_space: false, written: false, after_opener: false };
    let mut run_start: Option<usize> = None;
    let bytes = input.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        if !line.after_opener {
            let plain_end = skip_plain_bytes(bytes, i);
            if plain_end > i {
                if run_start.is_none() {
                    line.start_run(output);
                    run_start = Some(i);
                }
                i = plain_end;
                continue;
            }
        }
        // Not plain (`skip_plain_bytes` takes every plain character), or after an opener.
        let Some(c) = input[i..].chars().next() else { break };
        let at = i;
        i += c.len_utf8();
        if let Some(run) = run_start.take() {
            output.push_str(&input[run..at]);
        }
        let written = match classify_char(c) {
            CharFix::Keep if c == '\n' => return Stop::Break(at, 1),
            CharFix::Replace('\n') => return Stop::Break(at, c.len_utf8()),
            CharFix::Keep => line.push(output, c),
            CharFix::Space => {
                line.push_space();
                true
            }
            CharFix::Drop(kind) => {
                tally.drop(kind);
                true
            }
            CharFix::Replace(replacement) => {
                tally.fullwidth += 1;
                line.push(output, replacement)
            }
        };
        if !written {
            return Stop::NeedsCare;
        }
    }
    if let Some(run) = run_start {
        output.push_str(&input[run..]);
    }
    Stop::End
}

/// Returns the byte offset of the first character at or after `i` whose lead byte does not
/// make it plain (printable ASCII but `(` and `?`; U+4000..=U+9FFF, lead bytes 0xE4..=0xE9:
/// a test checks these against [`is_plain`]), or the length of `bytes`.
#[inline]
fn skip_plain_bytes(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        i += match b {
            0x21..=0x27 | 0x29..=0x3E | 0x40..=0x7E => 1,
            // U+4000..=U+9FFF.
            0xE4..=0xE9 => 3,
            0xE2 | 0xE3 | 0xEF if is_plain_punctuation(bytes, i) => 3,
            _ => break,
        };
    }
    i
}

/// Whether the three bytes at `i` are one of the plain characters [`skip_plain_bytes`]
/// recognises besides ASCII and U+4000..=U+9FFF: U+3400..=U+3FFF; 、。〃 and 〈〉《》「」『』【】;
/// ‘’‚‛“”; full-width ！＂＃＄％＆＇ ）＊＋，－．／ ：；＜＝＞？＠.
#[inline]
fn is_plain_punctuation(bytes: &[u8], i: usize) -> bool {
    let second = bytes.get(i + 1).copied().unwrap_or(0);
    let third = bytes.get(i + 2).copied().unwrap_or(0);
    matches!(
        (bytes[i], second, third),
        (0xE3, 0x90..=0xBF, _)
            | (0xE3, 0x80, 0x81..=0x83 | 0x88..=0x91)
            | (0xE2, 0x80, 0x98..=0x9D)
            | (0xEF, 0xBC, 0x81..=0x87 | 0x89..=0x8F | 0x9A..=0xA0)
    )
}

/// Returns the byte offset of the first character at or after `i` whose bytes do not show
/// that [`classify_char`] keeps it and that it does not break a line (a test checks this
/// over every code point), or the length of `bytes`. Pinyin, parentheses and spaces are
/// skipped too, unlike in [`skip_plain_bytes`].
#[inline]
fn skip_kept_bytes(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        i += match (b, second, third) {
            // Printable ASCII; U+00A1..=U+07FF but the soft hyphen; astral characters.
            (0x20..=0x7E, _, _) => 1,
            (0xC2, 0xA1..=0xAC | 0xAE..=0xBF, _) | (0xC3..=0xDF, _, _) => 2,
            (0xF0..=0xF4, _, _) => 4,
            // Three bytes, except U+1680, U+180E, U+2000..=U+207F, U+3000, U+FEFF and the
            // full-width letters and digits.
            (0xE1, 0x9A, 0x80) | (0xE1, 0xA0, 0x8E) | (0xE2, 0x80 | 0x81, _) | (0xE3, 0x80, 0x80) => break,
            (0xEF, 0xBB, 0xBF) | (0xEF, 0xBC, 0x90..=0x99 | 0xA1..=0xBA) | (0xEF, 0xBD, 0x81..=0x9A) => break,
            (0xE0..=0xEF, _, _) => 3,
            _ => break,
        };
    }
    i
}

/// Finds the first character at or after byte `from` of `text` that satisfies `wanted`,
/// which must be false for the characters that [`skip_kept_bytes`] skips (kept ones that do
/// not break a line).
///
/// Returns its byte offset and the character.
fn find_char(text: &str, from: usize, wanted: impl Fn(char) -> bool) -> Option<(usize, char)> {
    let mut i = from;
    loop {
        i = skip_kept_bytes(text.as_bytes(), i);
        let c = text[i..].chars().next()?;
        if wanted(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
}

/// The character pass alone, on text without line breaks: what [`push_plain`] writes
/// before tidying, counted in `tally`.
fn normalize_chars<'a>(text: &'a str, tally: &mut CharTally) -> Cow<'a, str> {
    let Some(first_change) = find_char(text, 0, |c| !matches!(classify_char(c), CharFix::Keep)) else {
        return Cow::Borrowed(text);
    };
    let mut output = String::with_capacity(text.len());
    output.push_str(&text[..first_change.0]);
    for c in text[first_change.0..].chars() {
        match classify_char(c) {
            CharFix::Keep => output.push(c),
            CharFix::Space => output.push(' '),
            CharFix::Drop(kind) => tally.drop(kind),
            CharFix::Replace(replacement) => {
                tally.fullwidth += 1;
                output.push(replacement);
            }
        }
    }
    Cow::Owned(output)
}

/// Tidies one character-normalised line: composes combining tone marks, removes ruby
/// annotations, trims and collapses spaces.
///
/// Returns the number of lost characters restored (Han characters the line did not have).
fn tidy_line(output: &mut String, line: &str, repairs: &mut Repairs) -> usize {
    let line = compose_latin(line);
    let (line, restored) = if may_have_annotations(&line) {
        let (stripped, counts) = strip_annotations(&line);
        counts.record(repairs);
        (Cow::Owned(stripped), counts.restored)
    } else {
        (line, 0)
    };
    push_collapsed(output, line.trim_matches(' '));
    restored
}

/// Applies NFC only to Latin text that carries combining marks (`a\u{304}` → `ā`), so that
/// CJK compatibility ideographs and everything else keep their code points.
fn compose_latin(line: &str) -> Cow<'_, str> {
    // U+0300..=U+036F are encoded with the lead bytes 0xCC and 0xCD.
    if !line.bytes().any(|b| b == 0xCC || b == 0xCD) || !line.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c)) {
        return Cow::Borrowed(line);
    }
    let mut output = String::with_capacity(line.len());
    let mut run = String::new();
    for c in line.chars() {
        let latin =
            c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) || ('\u{300}'..='\u{36F}').contains(&c);
        if latin {
            run.push(c);
        } else {
            output.extend(run.nfc());
            run.clear();
            output.push(c);
        }
    }
    output.extend(run.nfc());
    Cow::Owned(output)
}

fn push_collapsed(output: &mut String, line: &str) {
    if !line.contains("  ") {
        output.push_str(line);
        return;
    }
    let mut previous_space = false;
    for c in line.chars() {
        let space = c == ' ';
        if !(space && previous_space) {
            output.push(c);
        }
        previous_space = space;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_pass_reports_the_lines_it_changed() {
        let input =
            "正文。\n  多  空格 \n第三行\nＡ１\n\u{3000}發(fā)展\n堅持日?bào)告\nx\u{2028}y\n\u{3000}\u{3000}ÃÂÃÂ";
        let (text, repairs, changed) = normalize_tracking_lines(input);
        assert_eq!(text, "正文。\n多 空格\n第三行\nA1\n發展\n堅持日報告\nx\ny\nÃÂÃÂ");
        assert_eq!(repairs.get("restored_char"), 1);
        // Lines that kept their Han characters and stayed one line are settled; a restored
        // character, a line break inside, or a result that could still be Latin-1 mojibake
        // needs another look.
        let pieces: Vec<&str> = changed.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, vec!["堅持日報告", "x\ny", "ÃÂÃÂ"]);
        // Running the line pass again over just those ranges changes nothing more.
        let (again, repairs, still) = renormalize_lines(&text, &changed);
        assert_eq!((again.as_str(), still.len()), (text.as_str(), 0));
        assert_eq!(repairs.get("fullwidth_alnum"), 0);
        // Nor does a whole pass: the settled lines were fixed points.
        let (whole, _, still) = normalize_tracking_lines(&text);
        assert_eq!((whole.as_str(), still.len()), (text.as_str(), 0));
        assert!(!needs_whole_pass(&text) && needs_whole_pass("a&b") && needs_whole_pass("a\rb"));
        assert!(needs_whole_pass("<p>") && !needs_whole_pass("《标题》"));
    }

    #[test]
    fn characters_skipped_by_the_strict_ruby_pass_need_no_character_pass() {
        let skipped = crate::ruby::NEVER_SPECIAL.iter().flat_map(|range| range.clone());
        assert!(skipped.into_iter().all(|c| !needs_character_pass(c)));
        assert!(needs_character_pass('\u{3000}') && needs_character_pass('\u{301}') && needs_character_pass('Ａ'));
    }

    #[test]
    fn plain_and_line_break_characters_agree_with_the_character_pass() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let fix = classify_char(c);
            let breaks = matches!(fix, CharFix::Keep if c == '\n') || matches!(fix, CharFix::Replace('\n'));
            assert_eq!(breaks_line(c), breaks, "{c:?}");
            if is_plain(c) {
                assert!(matches!(fix, CharFix::Keep) && !matches!(c, ' ' | '(' | '（' | '?' | '\u{FFFD}'), "{c:?}");
                assert!(!('\u{300}'..='\u{36F}').contains(&c), "{c:?}");
            }
        }
    }

    /// Every character with what `skip` makes of it alone: the bytes skipped, which must be
    /// none or all of it.
    fn skipped_alone(skip: fn(&[u8], usize) -> usize) -> impl Iterator<Item = (char, bool)> {
        (0..=0x10FFFF).filter_map(char::from_u32).map(move |c| {
            let mut buffer = [0u8; 4];
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            let skipped = skip(bytes, 0);
            assert!(skipped == 0 || skipped == bytes.len(), "{c:?}");
            (c, skipped > 0)
        })
    }

    #[test]
    fn characters_skipped_by_their_bytes_are_plain() {
        for (c, skipped) in skipped_alone(skip_plain_bytes) {
            assert_eq!(skipped, is_plain(c), "{c:?}");
        }
        assert_eq!(skip_plain_bytes("党，。“”（".as_bytes(), 0), "党，。“”".len());
    }

    #[test]
    fn characters_skipped_as_kept_are_kept_and_do_not_break_lines() {
        for (c, skipped) in skipped_alone(skip_kept_bytes) {
            if skipped {
                assert!(matches!(classify_char(c), CharFix::Keep) && !breaks_line(c), "{c:?}");
            }
        }
        assert_eq!(skip_kept_bytes("發(fā)生 ok，".as_bytes(), 0), "發(fā)生 ok，".len());
    }

    #[test]
    fn line_ends_spaces_and_trimming() {
        assert_eq!(
            normalize("  标题\r\n\r\n正文\u{3000}\u{3000}第二段  \r结尾\u{A0}\u{A0}"),
            "标题\n\n正文 第二段\n结尾"
        );
    }

    #[test]
    fn removes_controls_and_invisibles() {
        let (text, repairs) = normalize_with_repairs("党\u{0}旗\u{200B}飘\u{FEFF}扬\u{7}");
        assert_eq!(text, "党旗飘扬");
        assert_eq!(repairs.get("control_char"), 2);
        assert_eq!(repairs.get("invisible_char"), 2);
    }

    #[test]
    fn fullwidth_letters_and_digits_but_not_punctuation() {
        let (text, repairs) = normalize_with_repairs("２０２０年ＱＱ群，“我报名！”《通知》：；？");
        assert_eq!(text, "2020年QQ群，“我报名！”《通知》：；？");
        assert_eq!(repairs.get("fullwidth_alnum"), 6);
    }

    #[test]
    fn html_entities_and_tags() {
        let (text, repairs) = normalize_with_repairs(
            "<p>疫情&nbsp;防控&amp;宣传&#20013;&#x56FD;</p><script>var a=1;</script>x&lt;y <b>粗</b>",
        );
        assert_eq!(text, "\n疫情 防控&宣传中国\nx<y 粗");
        assert_eq!(repairs.get("html_entity"), 5);
        assert!(repairs.get("html_tag") >= 4);
        assert_eq!(normalize("1<2岁 a<b>c"), "1<2岁 ac");
        assert_eq!(normalize("&amp;nbsp;"), "");
    }

    #[test]
    fn keeps_rare_han_and_titles() {
        let line = "𠮷鿏《关于开展各级机关党员干部进村(社区)做好疫情防控相关工作的通知》";
        assert_eq!(normalize(line), line);
    }

    #[test]
    fn composes_combining_tone_marks_before_ruby() {
        let (text, repairs) = normalize_with_repairs("發(fa\u{304})生");
        assert_eq!(text, "發生");
        assert_eq!(repairs.get("pinyin_annotation"), 1);
    }

    #[test]
    fn idempotent_on_typical_input() {
        for input in ["  人民網>>吉林頻道 \r\n&amp;lt;p&amp;gt;", "發(fā)生 ?dān) 重?fù)?dān)", "\u{3000}ＡＢ\t\tc  "]
        {
            let once = normalize(input);
            assert_eq!(normalize(&once), once, "{input:?}");
        }
    }
}
