//! Conversion of byte offsets (used inside Rust) to code-point offsets (exposed to Python,
//! so that `text[start:end]` slices the same span).

/// Bytes between two checkpoints of [`CharOffsets`]: a step back costs at most this much.
const STRIDE: usize = 4096;

/// Converts byte offsets into `text` to character offsets.
///
/// Offsets given in ascending order cost one walk over the text in all; an offset that
/// goes back (nested entities, overlapping spans), or forward over ground already
/// walked, resumes from the nearest checkpoint before it, one every [`STRIDE`] bytes, so any order of queries stays linear in the
/// text plus `STRIDE` per query (it used to restart from the beginning: quadratic).
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
    /// `checkpoints[k]` is the number of characters started before byte `k * STRIDE`.
    checkpoints: Vec<usize>,
    /// Bytes walked in all, for the test of linearity.
    #[cfg(test)]
    walked: usize,
}

impl<'a> CharOffsets<'a> {
    /// Starts a converter at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
            checkpoints: vec![0],
            #[cfg(test)]
            walked: 0,
        }
    }

    /// Returns the character offset of byte offset `byte` (clamped to the text's end;
    /// an offset inside a character counts that character as started).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        // Resume from the checkpoint before `byte` when it is known and the walk from the
        // current position would be longer (a step back, or a jump over known ground).
        let k = (byte / STRIDE).min(self.checkpoints.len() - 1);
        if byte < self.byte || k * STRIDE > self.byte {
            self.byte = k * STRIDE;
            self.chars = self.checkpoints.get(k).copied().unwrap_or(0);
        }
        let bytes = self.text.as_bytes();
        while self.byte < byte {
            let next_checkpoint = (self.byte / STRIDE + 1) * STRIDE;
            let stop = byte.min(next_checkpoint);
            self.chars += started_chars(bytes.get(self.byte..stop).unwrap_or_default());
            #[cfg(test)]
            {
                self.walked += stop - self.byte;
            }
            self.byte = stop;
            if stop == next_checkpoint && self.checkpoints.len() == stop / STRIDE {
                self.checkpoints.push(self.chars);
            }
        }
        self.chars
    }
}

/// Counts the characters that start in `bytes` (UTF-8 bytes that are not continuations).
fn started_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_ascending_and_descending() {
        let text = "a党b𠮷c";
        let mut offsets = CharOffsets::new(text);
        assert_eq!(offsets.char_offset(0), 0);
        assert_eq!(offsets.char_offset(1), 1);
        assert_eq!(offsets.char_offset(4), 2);
        assert_eq!(offsets.char_offset(9), 4);
        assert_eq!(offsets.char_offset(1), 1);
        assert_eq!(offsets.char_offset(100), 5);
    }

    #[test]
    fn agrees_with_a_direct_count_in_any_order() {
        let text = "党a𠮷é\n".repeat(3000);
        let direct = |byte: usize| started_chars(&text.as_bytes()[..byte.min(text.len())]);
        let mut offsets = CharOffsets::new(&text);
        let len = text.len();
        let queries = [len, 0, len / 2, 4095, 4096, 4097, 8192, 3, len - 1, 12_345, 12_344, len + 5, 1];
        for byte in queries.into_iter().chain((0..len).step_by(997).rev()).chain((0..len).step_by(1013)) {
            assert_eq!(offsets.char_offset(byte), direct(byte), "byte {byte}");
        }
    }

    #[test]
    fn alternating_far_offsets_stay_linear() {
        // Regression: each step back restarted at byte 0, so 20,000 nested spans over a
        // 2 MB text walked 40 GB. Now a step back walks at most one stride.
        let text = "党".repeat(700_000);
        let mut offsets = CharOffsets::new(&text);
        for i in 0..20_000 {
            let end = text.len() - 3 * i;
            assert_eq!(offsets.char_offset(end), end / 3);
            assert_eq!(offsets.char_offset(3 * i), i);
        }
        assert!(offsets.walked <= text.len() + 40_000 * STRIDE, "walked {} bytes", offsets.walked);
    }
}
