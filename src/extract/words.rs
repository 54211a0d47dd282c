//! Word boundaries: the runs of letters and digits in a text, found once per text and shared
//! by the layers that match word lists.
//!
//! A word is a maximal run of alphanumeric characters (Unicode `char::is_alphanumeric`).
//! The text is read 64 bytes at a time: a bit mask of the bytes that belong to words is built
//! without branches, and word starts and ends are its 0→1 and 1→0 transitions. Bytes of a
//! non-ASCII character all get the character's bit, so boundaries fall on char boundaries.
//! A word-at-a-time loop over bytes costs a mispredicted branch at every word edge; the mask
//! costs a few instructions per byte and one bit scan per edge.

/// The byte ranges of the words of `text`, in order.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6 + 1);
    // Where the word now open started, if one is.
    let mut open: Option<usize> = None;
    // Continuation bytes of an alphanumeric character that spill into the next chunk.
    let mut spill = 0usize;
    for (c, chunk) in bytes.chunks(64).enumerate() {
        let base = c * 64;
        let (mut mask, high) = match <&[u8; 64]>::try_from(chunk) {
            Ok(full) => classify(full),
            Err(_) => {
                // The last, short chunk, padded with spaces.
                let mut padded = [b' '; 64];
                padded[..chunk.len()].copy_from_slice(chunk);
                classify(&padded)
            }
        };
        if spill > 0 {
            let n = spill.min(chunk.len());
            mask |= low_bits(n);
            spill -= n;
        }
        if high != 0 {
            // Rare: decode each character that starts in this chunk.
            let mut starts = high;
            while starts != 0 {
                let k = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let at = base + k;
                if !text.is_char_boundary(at) {
                    continue;
                }
                let ch = text[at..].chars().next().expect("a char starts here");
                if ch.is_alphanumeric() {
                    let width = ch.len_utf8();
                    let here = width.min(chunk.len() - k);
                    mask |= low_bits(here) << k;
                    spill = width - here;
                }
            }
        }
        // Transitions against the previous byte's bit.
        let prev = (mask << 1) | u64::from(open.is_some());
        let mut edges = (mask ^ prev) & low_bits(chunk.len());
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match open.take() {
                Some(start) => out.push((start, base + k)),
                None => open = Some(base + k),
            }
        }
    }
    if let Some(start) = open {
        out.push((start, bytes.len()));
    }
    out
}

/// Bit masks of a chunk's ASCII letters and digits, and of its non-ASCII bytes.
///
/// Eight bytes at a time in a `u64` (SWAR): a byte `x` below 128 is at least `lo` when
/// `x + (128 - lo)` has its top bit set, and above `hi` when `x + (127 - hi)` has; no sum
/// carries into the next byte. The top bits are then gathered into one byte by a multiply.
#[inline]
fn classify(chunk: &[u8; 64]) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x8080_8080_8080_8080;
    /// Gathers the top bit of each byte (byte i → bit i).
    #[inline(always)]
    fn gather(top_bits: u64) -> u64 {
        ((top_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }
    let mut mask = 0u64;
    let mut high = 0u64;
    for (w, bytes) in chunk.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
        let ascii = x & !TOP;
        let folded = ascii | (ONES * 0x20);
        let letter =
            (folded + ONES * (128 - u64::from(b'a'))) & !(folded + ONES * (127 - u64::from(b'z')));
        let digit =
            (ascii + ONES * (128 - u64::from(b'0'))) & !(ascii + ONES * (127 - u64::from(b'9')));
        let alnum = (letter | digit) & !x & TOP;
        mask |= gather(alnum) << (8 * w);
        high |= gather(x & TOP) << (8 * w);
    }
    (mask, high)
}

/// A mask of the lowest `n` bits (`n` ≤ 64).
#[inline(always)]
fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// A fixed set of words with a value each, for the word lists layers test every word
/// against: open addressing over integer keys, so a lookup is a multiply, a load or two and
/// an integer compare (strings are compared only for words longer than eight bytes).
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// `(key, word, value)`; key 0 marks an empty slot (no word has key 0).
    slots: Box<[(u64, &'static str, V)]>,
    shift: u32,
}

/// A word's integer key: its bytes themselves when it has at most eight (so equal keys and
/// lengths mean equal words), else a mix of its first and last eight bytes and its length.
///
/// Built from fixed-width loads: a word of four to eight bytes is its first four bytes ORed
/// with its last four moved into place (where the two overlap they hold the same bytes).
#[inline]
fn word_key(word: &[u8]) -> u64 {
    let n = word.len();
    let u32_at = |at: usize| u64::from(u32::from_le_bytes(word[at..at + 4].try_into().expect("4")));
    let u64_at = |at: usize| u64::from_le_bytes(word[at..at + 8].try_into().expect("8"));
    match n {
        0 => 0,
        1 => u64::from(word[0]),
        2 => u64::from(u16::from_le_bytes([word[0], word[1]])),
        3 => u64::from(u16::from_le_bytes([word[0], word[1]])) | u64::from(word[2]) << 16,
        4..=8 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64_at(0) ^ u64_at(n - 8).rotate_left(29) ^ ((n as u64) << 58) | 1,
    }
}

impl<V: Copy + Default> WordMap<V> {
    /// A map of the given words; a word given twice has its values merged by `merge`.
    pub fn new(
        entries: impl IntoIterator<Item = (&'static str, V)>,
        merge: impl Fn(V, V) -> V,
    ) -> Self {
        let entries: Vec<(&'static str, V)> =
            entries.into_iter().filter(|(w, _)| !w.is_empty()).collect();
        // At most a quarter full: most lookups are misses, and they stop at the first empty
        // slot.
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut map = WordMap {
            slots: vec![(0, "", V::default()); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for (word, value) in entries {
            let key = word_key(word.as_bytes());
            let mut i = map.home(key);
            loop {
                let slot = &mut map.slots[i];
                if slot.0 == 0 {
                    *slot = (key, word, value);
                    break;
                }
                if slot.0 == key && slot.1 == word {
                    slot.2 = merge(slot.2, value);
                    break;
                }
                i = (i + 1) & (size - 1);
            }
        }
        map
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The value of a word, if it is in the map.
    #[inline]
    pub fn get(&self, word: &str) -> Option<V> {
        self.get_bytes(word.as_bytes())
    }

    /// The value of a word given as bytes, if it is in the map.
    #[inline(always)]
    pub fn get_bytes(&self, bytes: &[u8]) -> Option<V> {
        if bytes.is_empty() {
            return None;
        }
        let key = word_key(bytes);
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, w, v) = &self.slots[i];
            if *k == 0 {
                return None;
            }
            // Equal keys of short words mean equal bytes up to trailing NULs: the length
            // settles it.
            if *k == key && w.len() == bytes.len() && (bytes.len() <= 8 || w.as_bytes() == bytes) {
                return Some(*v);
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, one character at a time.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut open = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), open) {
                (true, None) => open = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((s, text.len()));
        }
        out
    }

    #[test]
    fn words_and_separators() {
        let text = "GPT-4o beats C++ on MMLU (5-shot); café über—naïve 3D.";
        let words: Vec<&str> = word_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            words,
            [
                "GPT", "4o", "beats", "C", "on", "MMLU", "5", "shot", "café", "über", "naïve", "3D"
            ]
        );
        assert!(word_spans("").is_empty());
        assert!(word_spans(" -- ").is_empty());
    }

    #[test]
    fn words_across_chunk_edges() {
        // Words and multi-byte letters straddling the 64-byte chunk edges.
        for pad in 0..70 {
            let text = format!("{}ééé word{}ü x", " ".repeat(pad), "a".repeat(pad));
            assert_eq!(word_spans(&text), reference(&text), "pad {pad}");
        }
    }

    #[test]
    fn every_byte_classified() {
        for b in 0..=255u8 {
            let mut chunk = [b' '; 64];
            chunk[13] = b;
            let (mask, high) = classify(&chunk);
            assert_eq!(mask, u64::from(b.is_ascii_alphanumeric()) << 13, "byte {b}");
            assert_eq!(high, u64::from(b >= 128) << 13, "byte {b}");
        }
        let chunk: [u8; 64] = std::array::from_fn(|i| if i % 3 == 0 { b'a' } else { b'.' });
        let want = (0..64).filter(|i| i % 3 == 0).fold(0u64, |m, i| m | 1 << i);
        assert_eq!(classify(&chunk).0, want);
    }

    #[test]
    fn short_keys_are_the_bytes() {
        for n in 1..=8 {
            let word: Vec<u8> = (1..=n as u8).map(|b| b + 96).collect();
            let mut bytes = [0u8; 8];
            bytes[..n].copy_from_slice(&word);
            assert_eq!(word_key(&word), u64::from_le_bytes(bytes), "length {n}");
        }
    }

    #[test]
    fn word_map_finds_its_words_only() {
        let words = [
            "the",
            "a",
            "of",
            "learning",
            "classification",
            "segmentations",
            "x",
            "12345678",
            "123456789",
        ];
        let map = WordMap::new(
            words.iter().enumerate().map(|(i, &w)| (w, i + 1)),
            |a, b| a + b,
        );
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(i + 1), "{w}");
        }
        for w in [
            "",
            "th",
            "the\0",
            "thee",
            "classificatio",
            "segmentation",
            "1234567",
            "1234567890",
        ] {
            assert_eq!(map.get(w), None, "{w}");
        }
        let merged = WordMap::new([("of", 1u8), ("of", 2)], |a, b| a | b);
        assert_eq!(merged.get("of"), Some(3));
    }

    proptest! {
        #[test]
        fn same_as_the_definition(text in "[a-zA-Z0-9 .,()\\-é€中😀\u{300}]{0,200}") {
            prop_assert_eq!(word_spans(&text), reference(&text));
        }
    }
}
