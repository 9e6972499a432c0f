//! Token tags (IOB2 / BIOES) from spans and back, for CoNLL and Hugging Face.
//!
//! A token holds one tag, so spans that overlap cannot all be written: the
//! longest span wins (ties: the earlier one, then label order), and spans
//! that do not start and end on token boundaries are not shifted but left
//! out. Both are listed in the report.

use super::{ExportReport, LeftOut};
use crate::model::{Document, Span};
use crate::text::Token;

/// Tag scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// B- first token, I- the rest.
    #[default]
    Iob2,
    /// B- first, I- inside, E- last, S- single-token.
    Bioes,
}

impl Scheme {
    /// CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Iob2 => "iob2",
            Scheme::Bioes => "bioes",
        }
    }

    /// Parses a CLI name.
    pub fn parse(s: &str) -> Option<Scheme> {
        [Scheme::Iob2, Scheme::Bioes]
            .into_iter()
            .find(|x| x.name() == s)
    }

    /// The tag prefixes this scheme uses.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Scheme::Iob2 => &["B", "I"],
            Scheme::Bioes => &["B", "I", "E", "S"],
        }
    }
}

/// A token's tag: `O`, or a scheme prefix and a label borrowed from the
/// span. Written with [`std::fmt::Display`] (`B-person`) or pushed with
/// [`Tag::push_to`] (no allocation per token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag<'a> {
    /// Outside every span.
    #[default]
    O,
    /// `prefix-label`: the prefix is one of [`Scheme::prefixes`].
    In(&'static str, &'a str),
}

impl Tag<'_> {
    /// Appends the tag's text to `out`.
    pub fn push_to(self, out: &mut String) {
        match self {
            Tag::O => out.push('O'),
            Tag::In(prefix, label) => {
                out.push_str(prefix);
                out.push('-');
                out.push_str(label);
            }
        }
    }
}

impl std::fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::In(prefix, label) => write!(f, "{prefix}-{label}"),
        }
    }
}

/// One tag per token of `doc`, with left-out spans added to the report.
pub fn token_tags<'d>(
    doc: &'d Document,
    tokens: &[Token],
    scheme: Scheme,
    report: &mut ExportReport,
) -> Vec<Tag<'d>> {
    // Tokens are in text order (starts and ends increasing): binary search.
    let starting = |c: usize| tokens.binary_search_by_key(&c, |t| t.start).ok();
    let ending = |c: usize| tokens.binary_search_by_key(&c, |t| t.end).ok();
    let mut candidates: Vec<(&Span, usize, usize)> = Vec::new();
    for s in &doc.spans {
        match (starting(s.start), ending(s.end)) {
            (Some(a), Some(b)) => candidates.push((s, a, b)),
            _ => report.left_out.push(LeftOut::new(
                doc,
                s,
                "does not start and end on token boundaries (not shifted; fix the span or the tokenizer)",
            )),
        }
    }
    candidates.sort_by(|x, y| {
        (y.0.end - y.0.start)
            .cmp(&(x.0.end - x.0.start))
            .then(x.0.start.cmp(&y.0.start))
            .then(x.0.label.cmp(&y.0.label))
    });
    let mut tags = vec![Tag::O; tokens.len()];
    let mut taken = vec![false; tokens.len()];
    for (s, a, b) in candidates {
        if taken[a..=b].iter().any(|&t| t) {
            report.left_out.push(LeftOut::new(
                doc,
                s,
                "overlaps a longer span (one tag per token: the longest span wins)",
            ));
            continue;
        }
        for (k, i) in (a..=b).enumerate() {
            taken[i] = true;
            let prefix = match scheme {
                Scheme::Iob2 if k == 0 => "B",
                Scheme::Iob2 => "I",
                Scheme::Bioes if a == b => "S",
                Scheme::Bioes if k == 0 => "B",
                Scheme::Bioes if i == b => "E",
                Scheme::Bioes => "I",
            };
            tags[i] = Tag::In(prefix, &s.label);
        }
    }
    tags
}

/// Token ranges `first..=last` with labels from a tag sequence. Accepts IOB2,
/// IOB1 (I- after O starts a span) and BIOES. Returns the index of a bad tag.
pub fn spans_from_tags(tags: &[String]) -> Result<Vec<(usize, usize, String)>, usize> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        if tag == "O" {
            if let Some((a, l)) = open.take() {
                out.push((a, i - 1, l));
            }
            continue;
        }
        let (prefix, label) = tag.split_once('-').ok_or(i)?;
        if label.is_empty() {
            return Err(i);
        }
        match prefix {
            "B" | "S" => {
                if let Some((a, l)) = open.take() {
                    out.push((a, i - 1, l));
                }
                if prefix == "S" {
                    out.push((i, i, label.to_owned()));
                } else {
                    open = Some((i, label.to_owned()));
                }
            }
            "I" | "E" => {
                match &open {
                    Some((_, l)) if l == label => {}
                    _ => {
                        if let Some((a, l)) = open.take() {
                            out.push((a, i - 1, l));
                        }
                        open = Some((i, label.to_owned()));
                    }
                }
                if prefix == "E" {
                    if let Some((a, l)) = open.take() {
                        out.push((a, i, l));
                    }
                }
            }
            _ => return Err(i),
        }
    }
    if let Some((a, l)) = open {
        out.push((a, tags.len() - 1, l));
    }
    Ok(out)
}

/// Builds a text from tokens: tokens joined by a space, sentences by `\n`.
/// Returns the text and each token's char range.
pub fn join_tokens(sentences: &[Vec<String>]) -> (String, Vec<Vec<(usize, usize)>>) {
    let mut text = String::new();
    let mut pos = 0;
    let mut ranges = Vec::new();
    for (si, sent) in sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
            pos += 1;
        }
        let mut r = Vec::new();
        for (ti, tok) in sent.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
                pos += 1;
            }
            let n = tok.chars().count();
            r.push((pos, pos + n));
            text.push_str(tok);
            pos += n;
        }
        ranges.push(r);
    }
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decode_iob2_bioes_and_iob1() {
        assert_eq!(
            spans_from_tags(&t(&[
                "B-person", "I-person", "O", "S-metric", "B-x", "E-x", "I-y", "I-y"
            ]))
            .unwrap(),
            [
                (0, 1, "person".into()),
                (3, 3, "metric".into()),
                (4, 5, "x".into()),
                (6, 7, "y".into())
            ]
        );
        assert_eq!(
            spans_from_tags(&t(&["B-a", "B-a"])).unwrap(),
            [(0, 0, "a".into()), (1, 1, "a".into())]
        );
        assert_eq!(spans_from_tags(&t(&["O", "X-a"])), Err(1));
        assert_eq!(spans_from_tags(&t(&["person"])), Err(0));
    }

    #[test]
    fn join_tokens_offsets() {
        let (text, r) = join_tokens(&[t(&["Ủy", "viên"]), t(&["😀"])]);
        assert_eq!(text, "Ủy viên\n😀");
        assert_eq!(r, vec![vec![(0, 2), (3, 7)], vec![(8, 9)]]);
    }
}
