//! Conversion of byte offsets (used inside Rust) to code-point offsets (exposed to Python,
//! so that `text[start:end]` slices the same span).

/// Converts byte offsets into `text` to character offsets, walking the text once for
/// offsets given in ascending order (and restarting for any that go back).
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// Starts a converter at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        Self { text, byte: 0, chars: 0 }
    }

    /// Returns the character offset of byte offset `byte` (clamped to the text's end;
    /// an offset inside a character counts that character as started).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let between = self.text.get(self.byte..byte).map_or_else(
            || self.text.as_bytes()[self.byte..byte].iter().filter(|&&b| (b as i8) >= -0x40).count(),
            |s| s.chars().count(),
        );
        self.chars += between;
        self.byte = byte;
        self.chars
    }
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
}
