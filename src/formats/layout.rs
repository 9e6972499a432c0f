//! The tokens and sentences token-based exports write (CoNLL, HF, spaCy):
//! the document's own layout when it was imported from a token-based file,
//! else Gloss's syllable tokenizer and sentence splitter; then adjusted to
//! the spans, which are known at export time:
//! - a token that a span starts or ends inside is split there, so every span
//!   is on token boundaries (the split tokens are listed in the report);
//! - a sentence break inside a span is dropped (the two sentences become
//!   one), so no span is ever cut across sequences.
//!
//! All ranges are char (code point) offsets into the document text.

use super::{ExportReport, LeftOut};
use crate::model::Document;
use crate::text::{tokenize, TextIndex, Token};
use std::ops::Range;

/// Word tokens of a document (no whitespace) grouped in sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportTokens {
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Token index ranges of the sentences, covering all tokens in order.
    pub sentences: Vec<Range<usize>>,
}

/// The piece `start..end` (chars, inside `t`) of token `t`: byte offsets
/// found by walking the token's own chars, not the whole text.
fn piece_of(text: &str, t: &Token, start: usize, end: usize) -> Option<Token> {
    if start < t.start || end > t.end || start > end {
        return None;
    }
    let word = text.get(t.byte_start..t.byte_end)?;
    let byte_of = |c: usize| {
        word.char_indices()
            .map(|(b, _)| b)
            .chain([word.len()])
            .nth(c - t.start)
            .map(|b| t.byte_start + b)
    };
    Some(Token {
        start,
        end,
        byte_start: byte_of(start)?,
        byte_end: byte_of(end)?,
    })
}

fn token(index: &TextIndex, start: usize, end: usize) -> Option<Token> {
    Some(Token {
        start,
        end,
        byte_start: index.byte(start)?,
        byte_end: index.byte(end)?,
    })
}

/// The tokens and sentences to export for `doc` (see the module doc). Split
/// tokens are added to `report.misaligned`, joined sentences counted in
/// `report.sentences_joined`.
pub fn export_tokens(doc: &Document, report: &mut ExportReport) -> ExportTokens {
    // Base tokens and the token index each sentence starts at.
    let imported = doc.layout.as_ref().and_then(|l| {
        let index = TextIndex::new(&doc.text);
        l.fits(index.char_len()).then(|| {
            let tokens: Vec<Token> = l
                .tokens
                .iter()
                .filter_map(|&(a, b)| token(&index, a, b))
                .collect();
            (tokens, l.sentence_starts.clone())
        })
    });
    let (base, starts): (Vec<Token>, Vec<usize>) = match imported {
        Some(x) => x,
        None => {
            let tokens = tokenize(&doc.text);
            let starts = crate::text::sentences_of(&doc.text, &tokens)
                .into_iter()
                .map(|r| tokens.partition_point(|t| t.end <= r.start))
                .collect();
            (tokens, starts)
        }
    };
    let mut base_starts: Vec<usize> = starts;
    base_starts.sort_unstable();
    // Split tokens at span boundaries inside them.
    let mut cuts: Vec<usize> = doc.spans.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut tokens: Vec<Token> = Vec::with_capacity(base.len());
    let mut sentence_start = Vec::with_capacity(base.len());
    // Base tokens are sorted and do not overlap, so the cuts and the
    // sentence starts are walked with cursors, once each.
    let (mut from, mut next_start) = (0, 0);
    for (i, t) in base.iter().enumerate() {
        // Most tokens hold no span boundary: no allocation for them.
        while cuts.get(from).is_some_and(|&c| c <= t.start) {
            from += 1;
        }
        let mut to = from;
        while cuts.get(to).is_some_and(|&c| c < t.end) {
            to += 1;
        }
        let inner: &[usize] = &cuts[from..to];
        while base_starts.get(next_start).is_some_and(|&s| s < i) {
            next_start += 1;
        }
        let first = i == 0 || base_starts.get(next_start) == Some(&i);
        if inner.is_empty() {
            sentence_start.push(first);
            tokens.push(*t);
            continue;
        }
        let mut a = t.start;
        for (k, c) in inner.iter().copied().chain([t.end]).enumerate() {
            if let Some(piece) = piece_of(&doc.text, t, a, c) {
                sentence_start.push(k == 0 && first);
                tokens.push(piece);
            }
            a = c;
        }
        for s in doc
            .spans
            .iter()
            .filter(|s| inner.contains(&s.start) || inner.contains(&s.end))
        {
            let word = t.text(&doc.text);
            let split = LeftOut::new(
                doc,
                s,
                format!("Gloss token {word:?} split at the span's boundary"),
            );
            if !report.misaligned.contains(&split) {
                report.misaligned.push(split);
            }
        }
    }
    // No sentence break inside a span.
    for s in &doc.spans {
        let first = tokens.partition_point(|t| t.end <= s.start);
        let last = tokens.partition_point(|t| t.start < s.end);
        for k in first + 1..last {
            if let Some(flag) = sentence_start.get_mut(k) {
                if *flag {
                    *flag = false;
                    report.sentences_joined += 1;
                }
            }
        }
    }
    let mut sentences = Vec::new();
    let mut begin = 0;
    for k in 1..tokens.len() {
        if sentence_start.get(k) == Some(&true) {
            sentences.push(begin..k);
            begin = k;
        }
    }
    if begin < tokens.len() {
        sentences.push(begin..tokens.len());
    }
    ExportTokens { tokens, sentences }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{ExportOptions, Format};
    use crate::model::Span;

    fn doc(text: &str, spans: &[(usize, usize, &str)]) -> Document {
        let mut d = Document::new("d", text);
        for (i, &(a, b, l)) in spans.iter().enumerate() {
            d.spans.push(Span {
                id: i as u64 + 1,
                start: a,
                end: b,
                label: l.into(),
                text: crate::text::offsets::char_slice(text, a, b).into(),
                origin: Default::default(),
                note: String::new(),
            });
        }
        d
    }

    fn words(d: &Document, t: &ExportTokens) -> Vec<Vec<String>> {
        t.sentences
            .iter()
            .map(|r| {
                t.tokens[r.clone()]
                    .iter()
                    .map(|x| x.text(&d.text).to_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_span_across_a_sentence_end_keeps_its_sentence_whole() {
        // Issue 14: `U.S. Ambassador` (9..24) was cut after `U.S.`.
        let d = doc(
            "Hôm qua, U.S. Ambassador Marc Knapper đến.",
            &[(9, 24, "position")],
        );
        let mut r = ExportReport::new(
            Format::Conll,
            &ExportOptions::default(),
            &Default::default(),
        );
        let t = export_tokens(&d, &mut r);
        let w = words(&d, &t);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(r.sentences_joined, 1);
        let plain = doc("Hôm qua, U.S. Ambassador Marc Knapper đến.", &[]);
        assert_eq!(words(&plain, &export_tokens(&plain, &mut r)).len(), 2);
    }

    #[test]
    fn a_span_with_a_newline_keeps_its_lines_together() {
        let d = doc("Bí thư\nTỉnh ủy Lạng Sơn\nhọp", &[(0, 23, "position")]);
        let mut r = ExportReport::new(
            Format::Conll,
            &ExportOptions::default(),
            &Default::default(),
        );
        let w = words(&d, &export_tokens(&d, &mut r));
        assert_eq!(
            w,
            [vec!["Bí", "thư", "Tỉnh", "ủy", "Lạng", "Sơn"], vec!["họp"]]
        );
    }

    #[test]
    fn tokens_are_split_at_span_boundaries_and_listed() {
        let d = doc("UBND-HĐND tỉnh", &[(0, 4, "target")]);
        let mut r = ExportReport::new(
            Format::Spacy,
            &ExportOptions::default(),
            &Default::default(),
        );
        let w = words(&d, &export_tokens(&d, &mut r));
        assert_eq!(w, [vec!["UBND", "-HĐND", "tỉnh"]]);
        assert_eq!(r.misaligned.len(), 1);
        assert!(r.misaligned[0].reason.contains("\"UBND-HĐND\""));
    }
}
