//! Folded keys for matching Vietnamese text regardless of case and of where
//! the tone mark sits: `Ủy`, `Uỷ`, `ủy` and `UỶ` all fold to the same key.
//!
//! A syllable folds to: lowercase, NFD, tone marks (grave, acute, tilde, hook
//! above, dot below) taken out and appended at the end in a fixed order; the
//! vowel-quality marks (circumflex, breve, horn) stay on their letters, and
//! `đ` stays `đ`.

use unicode_normalization::UnicodeNormalization;

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// The folded key of one token.
///
/// ASCII is only lowercased; other tokens are folded once per thread and
/// remembered (news text repeats a few thousand syllables), which made
/// folding cheap for every engine. The cache is cleared when it grows past
/// [`CACHE_LIMIT`] entries, so memory stays bounded; the result never
/// depends on it.
pub fn fold(token: &str) -> String {
    if token.is_ascii() {
        return token.to_ascii_lowercase();
    }
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(key) = cache.get(token) {
            return key.clone();
        }
        let key = fold_uncached(token);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(token.to_owned(), key.clone());
        key
    })
}

/// Entries of the per-thread fold cache before it is cleared.
const CACHE_LIMIT: usize = 100_000;

fn fold_uncached(token: &str) -> String {
    let mut base = String::new();
    let mut tones = Vec::new();
    for c in token
        .chars()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
    {
        if TONES.contains(&c) {
            tones.push(c);
        } else {
            base.push(c);
        }
    }
    tones.sort_unstable();
    base.extend(tones);
    base.nfc().collect()
}

/// Folded keys of a phrase's tokens (for gazetteers).
pub fn fold_phrase(phrase: &str) -> Vec<String> {
    crate::text::tokenize(phrase)
        .iter()
        .map(|t| fold(t.text(phrase)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_and_case_fold_together() {
        assert_eq!(fold("Ủy"), fold("Uỷ"));
        assert_eq!(fold("UỶ"), fold("ủy"));
        assert_eq!(fold("Hoà"), fold("hòa"));
        assert_ne!(fold("Ủy"), fold("Uy"));
        assert_ne!(fold("đồng"), fold("dong"));
        assert_eq!(fold_phrase("Tỉnh uỷ"), fold_phrase("tỉnh ủy"));
        // The cached and the ASCII paths give what folding gives.
        for w in ["Ủy", "Uỷ", "ĐBQH", "HĐND", "Nguyễn", "UBND", "7,22%"] {
            assert_eq!(fold(w), fold_uncached(w));
            assert_eq!(fold(w), fold_uncached(w));
        }
    }
}
