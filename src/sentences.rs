//! Stage: paragraphs and sentences, with byte offsets into the text they came from.
//!
//! Sentences end at 。！？ and their half-width and small forms (﹒﹖﹗), at …… and at ；
//! (also ﹔). Closing quotes and
//! brackets stay with the sentence they close (`“我报名!”` is one sentence). A line break
//! always ends a sentence, so headings and numbered items are their own units. A `.` ends
//! a sentence only before a space or the end of the line and not after a digit or a lone
//! capital (`2.5万`, `U.S.`); `:` never does (`14:11`).

/// A span of text: byte offsets `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
}

/// Splits text into paragraphs: its non-blank lines, trimmed of spaces.
///
/// Returns the spans of the paragraphs, in order.
pub fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if let Some(span) = trimmed(text, start, start + line.len()) {
            spans.push(span);
        }
        start += line.len() + 1;
    }
    spans
}

/// Splits text into sentences.
///
/// Returns the spans of the sentences, in order; each is trimmed and non-empty.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let mut end = index + c.len_utf8();
        let boundary = match c {
            '\n' => Some(index),
            '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '｡' | '﹒' | '﹔' | '﹖' | '﹗' => {
                // Runs of marks (`？！`, `……`) and the closing quotes after them stay together.
                while let Some(&(i, next)) = chars.peek() {
                    if is_terminal(next) || is_closing(next) {
                        end = i + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                Some(end)
            }
            '.' if ends_with_full_stop(text, index) => Some(end),
            _ => None,
        };
        if let Some(boundary) = boundary {
            if let Some(span) = trimmed(text, start, boundary) {
                spans.push(span);
            }
            start = if c == '\n' { index + 1 } else { boundary };
        }
    }
    if let Some(span) = trimmed(text, start, text.len()) {
        spans.push(span);
    }
    spans
}

fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '｡' | '﹒' | '﹖' | '﹗')
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '"' | '\'' | '〕' | '］')
}

/// A `.` ends a sentence before a space or the line's end, unless it follows a digit or a
/// lone capital letter.
fn ends_with_full_stop(text: &str, index: usize) -> bool {
    let after = text[index + 1..].chars().next();
    if !after.is_none_or(|c| c == ' ' || c == '\n') {
        return false;
    }
    let mut before = text[..index].chars().rev();
    match (before.next(), before.next()) {
        (Some(c), _) if c.is_ascii_digit() => false,
        (Some(c), previous) if c.is_ascii_uppercase() => previous.is_some_and(|p| p.is_alphabetic()),
        (Some(_), _) => true,
        (None, _) => false,
    }
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (lead + trail < piece.len()).then_some(Span { start: start + lead, end: end - trail })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_terminal_marks_keeping_quotes() {
        assert_eq!(
            sentences(
                "“我报名!”“我也报名!”市委编辑部带头请战。她说:“隻有大家平安健康了，我们小家才能幸福团圆。”好吗？！"
            ),
            vec![
                "“我报名!”",
                "“我也报名!”",
                "市委编辑部带头请战。",
                "她说:“隻有大家平安健康了，我们小家才能幸福团圆。”",
                "好吗？！"
            ]
        );
    }

    #[test]
    fn headings_numbers_and_times_do_not_split_wrongly() {
        assert_eq!(
            sentences("一、积极动员，闪电集结\n增长2.5万人，14:11发布；U.S. aid arrived. 结束……后来"),
            vec!["一、积极动员，闪电集结", "增长2.5万人，14:11发布；", "U.S. aid arrived.", "结束……", "后来"]
        );
        assert_eq!(sentences("第一﹔第二﹒第三﹖﹗第四"), vec!["第一﹔", "第二﹒", "第三﹖﹗", "第四"]);
    }

    #[test]
    fn paragraphs_and_empty_input() {
        let text = " 第一段。\n\n  第二段 \n";
        let spans = split_paragraphs(text);
        assert_eq!(spans.iter().map(|s| &text[s.start..s.end]).collect::<Vec<_>>(), vec!["第一段。", "第二段"]);
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n ").is_empty());
        assert_eq!(sentences("。"), vec!["。"]);
    }
}
