//! Normalisation run to its fixed point, so that normalising normalised text changes
//! nothing.
//!
//! One pass of [`crate::normalize`] runs its steps in a fixed order (markup, mojibake,
//! characters, lines), and a later step can make work for an earlier one: full-width
//! letters become ASCII after tags are stripped (`<Ａ>` becomes the tag `<A>`), a dropped
//! control character joins the two halves of an entity (`&am\u{7}p;`). Rather than
//! reorder the steps, the crate-level [`normalize`] and [`normalize_with_repairs`] repeat
//! the pass until its output stops changing, at most [`MAX_PASSES`] times; the repairs of
//! every pass are added up. Text that one pass leaves unchanged costs one pass. After the
//! first pass, text without line ends to unify or markup to strip only needs the line pass
//! again, and only on the lines the first pass changed and could change again (a line the
//! line pass leaves alone is a fixed point, and so is a changed line that
//! `normalize::is_settled` vouches for: one line, the same Han characters, not mojibake),
//! so the confirming look costs nothing on typical reports; each cascade costs one more.

use crate::normalize::{needs_whole_pass, normalize_tracking_lines, renormalize_lines};
use crate::repairs::Repairs;

/// Passes after which normalisation stops even if the text still changes (each pass is
/// linear, so this bounds the whole; no input that needs more is known).
pub const MAX_PASSES: usize = 4;

/// Normalises `text` until it is stable (see the module documentation).
///
/// Returns the normalised text; [`normalize_with_repairs`] also returns what changed.
///
/// ```
/// let once = zhreport::normalize("<Ａ>>");
/// assert_eq!(once, ">");
/// assert_eq!(zhreport::normalize(&once), once);
/// ```
pub fn normalize(text: &str) -> String {
    normalize_with_repairs(text).0
}

/// Normalises `text` until it is stable and counts the repairs of every pass.
///
/// Returns the normalised text and a tally with the keys of
/// [`crate::normalize::normalize_with_repairs`].
pub fn normalize_with_repairs(text: &str) -> (String, Repairs) {
    let (mut current, mut repairs, mut changed) = normalize_tracking_lines(text);
    if current == text {
        return (current, repairs);
    }
    for _ in 1..MAX_PASSES {
        // Without line ends or markup left, another pass is the line pass alone, and the
        // lines it left unchanged stay unchanged: only the changed ones are looked at again.
        let whole = needs_whole_pass(&current);
        if !whole && changed.is_empty() {
            break;
        }
        let (next, more, next_changed) =
            if whole { normalize_tracking_lines(&current) } else { renormalize_lines(&current, &changed) };
        if next == current {
            break;
        }
        repairs.merge(&more);
        current = next;
        changed = next_changed;
    }
    (current, repairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_steps_no_longer_make_work_for_earlier_ones() {
        // Regressions (property tests): each of these changed again on a second run.
        // Full-width letters become ASCII after tags are stripped.
        assert_eq!(normalize("<Ａ>>"), ">");
        assert_eq!(normalize("x<ｂ>粗</ｂ>"), "x粗");
        // Dropped controls and invisibles join an entity or a tag.
        assert_eq!(normalize("&am\u{7}p;"), "&");
        // A block tag becomes a line break.
        assert_eq!(normalize("<\u{200B}p>正文"), "\n正文");
        let (text, repairs) = normalize_with_repairs("&ａｍｐ;");
        assert_eq!(text, "&");
        assert_eq!(repairs.get("fullwidth_alnum"), 3);
        assert_eq!(repairs.get("html_entity"), 1);
    }

    #[test]
    fn stable_text_takes_one_pass_and_is_unchanged() {
        for text in ["", "正文。", "标题\n\n正文第一段。"] {
            assert_eq!(normalize(text), text);
        }
    }
}
