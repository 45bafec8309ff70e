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
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::mojibake::{repair_line, Mojibake};
use crate::repairs::Repairs;
use crate::ruby::{may_have_annotations, strip_annotations};

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
    let mut repairs = Repairs::new();
    let text = unify_line_ends(text);
    let text = strip_html(&text, &mut repairs);
    // After the markup is gone, so that a tag's line break cannot split a mojibake line.
    let text = repair_mojibake(&text, &mut repairs);
    let text = normalize_chars(&text, &mut repairs);
    let text = tidy_lines(&text, &mut repairs);
    (text, repairs)
}

fn unify_line_ends(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

fn repair_mojibake<'a>(text: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    // The output is only built once a line needs repairing; most texts need none.
    let mut output: Option<String> = None;
    let mut copied_up_to = 0;
    let mut line_start = 0;
    for line in text.split('\n') {
        if let Some((fixed, kind)) = repair_line(line) {
            repairs.add(if kind == Mojibake::Latin1 { "mojibake_latin1" } else { "mojibake_gbk" }, 1);
            let out = output.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied_up_to..line_start]);
            out.push_str(&fixed);
            copied_up_to = line_start + line.len();
        }
        line_start += line.len() + 1;
    }
    match output {
        Some(mut out) => {
            out.push_str(&text[copied_up_to..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
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

fn normalize_chars<'a>(text: &'a str, repairs: &mut Repairs) -> Cow<'a, str> {
    let first_change = text.char_indices().find(|&(_, c)| !matches!(classify_char(c), CharFix::Keep));
    let Some((start, _)) = first_change else {
        return Cow::Borrowed(text);
    };
    let mut output = String::with_capacity(text.len());
    output.push_str(&text[..start]);
    let (mut control, mut invisible, mut fullwidth) = (0, 0, 0);
    for c in text[start..].chars() {
        match classify_char(c) {
            CharFix::Keep => output.push(c),
            CharFix::Space => output.push(' '),
            CharFix::Drop(kind) => {
                if kind == "control_char" {
                    control += 1;
                } else {
                    invisible += 1;
                }
            }
            CharFix::Replace(replacement) => {
                if replacement != '\n' {
                    fullwidth += 1;
                }
                output.push(replacement);
            }
        }
    }
    repairs.add("control_char", control);
    repairs.add("invisible_char", invisible);
    repairs.add("fullwidth_alnum", fullwidth);
    Cow::Owned(output)
}

/// Per line: compose combining tone marks, remove ruby annotations, collapse spaces, trim.
fn tidy_lines(text: &str, repairs: &mut Repairs) -> String {
    let mut output = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            output.push('\n');
        }
        let line = compose_latin(line);
        let line = if may_have_annotations(&line) {
            let (stripped, counts) = strip_annotations(&line);
            counts.record(repairs);
            Cow::Owned(stripped)
        } else {
            line
        };
        push_collapsed(&mut output, line.trim_matches(' '));
    }
    output
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
