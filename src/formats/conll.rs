//! CoNLL: `token<TAB>tag` per line, a blank line between sentences, and
//! (by default) `-DOCSTART- -X- O O` and a blank line before each document.
//! Tokens and sentences come from [`super::layout`]: a span is never cut
//! across sentences. Import reads tab- or space-separated columns, skips `#`
//! comment lines, and keeps the file's tokens and sentences in the document.

use super::incoming::{Dataset, Incoming, IncomingSpan};
use super::layout::export_tokens;
use super::tags::{join_tokens, spans_from_tags, token_tags, Scheme};
use super::{DocStart, ExportReport, FormatError};
use crate::model::{Document, Origin, TokenLayout};
use crate::text::Token;
use std::borrow::Borrow;
use std::path::Path;

/// Sentences of (token, tag, line) read from a file.
pub type TaggedSentence = Vec<(String, String, usize)>;

/// Documents of tagged sentences, with the id the file gave.
pub type TaggedDocument = (Option<String>, Vec<TaggedSentence>);

/// Tokens of `doc` grouped by sentence, each with its tag.
pub fn tagged_sentences(
    doc: &Document,
    scheme: Scheme,
    report: &mut ExportReport,
) -> Vec<Vec<(Token, String)>> {
    let layout = export_tokens(doc, report);
    let tags = token_tags(doc, &layout.tokens, scheme, report);
    layout
        .sentences
        .iter()
        .map(|r| {
            r.clone()
                .filter_map(|i| Some((*layout.tokens.get(i)?, tags.get(i)?.to_string())))
                .collect()
        })
        .collect()
}

/// The whole file.
pub fn export<D: Borrow<Document> + Sync>(
    docs: &[D],
    scheme: Scheme,
    docstart: DocStart,
    report: &mut ExportReport,
) -> String {
    export_parts(docs, scheme, docstart, report).concat()
}

/// [`export`] as one string per document, in document order (their
/// concatenation is the file), for a writer that appends them one by one.
pub fn export_parts<D: Borrow<Document> + Sync>(
    docs: &[D],
    scheme: Scheme,
    docstart: DocStart,
    report: &mut ExportReport,
) -> Vec<String> {
    use rayon::prelude::*;
    // Each document on any core with its own report, joined in document
    // order: the same bytes and report as one after the other.
    let parts: Vec<(String, ExportReport)> = docs
        .par_iter()
        .map(|d| {
            let mut own = ExportReport::default();
            let text = document_lines(d.borrow(), scheme, docstart, &mut own);
            (text, own)
        })
        .collect();
    parts
        .into_iter()
        .map(|(text, own)| {
            report.absorb(own);
            text
        })
        .collect()
}

/// One document's lines.
fn document_lines(
    d: &Document,
    scheme: Scheme,
    docstart: DocStart,
    report: &mut ExportReport,
) -> String {
    let layout = export_tokens(d, report);
    let tags = token_tags(d, &layout.tokens, scheme, report);
    // Text, a tab and a short tag per token: about twice the text.
    let mut out = String::with_capacity(d.text.len() * 2 + 32);
    if docstart == DocStart::Conll2003 {
        out.push_str("-DOCSTART- -X- O O\n\n");
    }
    for r in &layout.sentences {
        for i in r.clone() {
            let (Some(t), Some(tag)) = (layout.tokens.get(i), tags.get(i)) else {
                continue;
            };
            out.push_str(t.text(&d.text));
            out.push('\t');
            tag.push_to(&mut out);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Builds documents from token/tag sentences: the text is the tokens joined
/// by spaces, one sentence per line.
pub fn documents_from_tagged(
    path: &Path,
    docs: Vec<TaggedDocument>,
    source: &str,
) -> Result<Vec<Incoming>, FormatError> {
    let mut out = Vec::new();
    for (id, sents) in docs {
        let tokens: Vec<Vec<String>> = sents
            .iter()
            .map(|s| s.iter().map(|(t, _, _)| t.clone()).collect())
            .collect();
        let (text, ranges) = join_tokens(&tokens);
        let mut layout = TokenLayout::default();
        for r in &ranges {
            if !r.is_empty() {
                layout.sentence_starts.push(layout.tokens.len());
            }
            layout.tokens.extend(r.iter().copied());
        }
        let first_line = sents.first().and_then(|s| s.first()).map_or(0, |x| x.2);
        let mut spans = Vec::new();
        for (s, r) in sents.iter().zip(&ranges) {
            let tags: Vec<String> = s.iter().map(|(_, tag, _)| tag.clone()).collect();
            let found = spans_from_tags(&tags).map_err(|k| {
                FormatError::input(
                    path,
                    s[k].2,
                    format!("tag {:?} is not O, B-, I-, E- or S- with a label", s[k].1),
                    "write tags like B-person, I-person, O",
                )
            })?;
            for (a, b, label) in found {
                spans.push(IncomingSpan {
                    start: r[a].0,
                    end: r[b].1,
                    label,
                    note: String::new(),
                    origin: Origin::Imported {
                        source: source.to_owned(),
                    },
                    line: s[a].2,
                });
            }
        }
        out.push(Incoming {
            id,
            text,
            spans,
            layout: Some(layout),
            line: first_line,
            ..Default::default()
        });
    }
    Ok(out)
}

/// Whether `s` is a tag (`O`, or `B-`/`I-`/`E-`/`S-` and a label).
fn is_tag(s: &str) -> bool {
    s == "O"
        || s.split_once('-')
            .is_some_and(|(p, l)| matches!(p, "B" | "I" | "E" | "S") && !l.is_empty())
}

/// One data row of a column file: its columns and line number.
type Row<'c> = (Vec<&'c str>, usize);

/// Reads a CoNLL token/tag file: tab- or space-separated columns, the token
/// and tag columns given by `columns` (1-based) or guessed (the first column
/// that is not all whole numbers, and the last), `#` comment lines and
/// `-DOCSTART-` lines skipped.
pub fn import(
    path: &Path,
    content: &str,
    source: &str,
    columns: Option<(usize, usize)>,
) -> Result<Dataset, FormatError> {
    // Documents of sentences of rows.
    let mut docs: Vec<Vec<Vec<Row<'_>>>> = Vec::new();
    let mut sent: Vec<Row<'_>> = Vec::new();
    let mut comments = 0;
    fn flush<'c>(docs: &mut Vec<Vec<Vec<Row<'c>>>>, sent: &mut Vec<Row<'c>>) {
        if !sent.is_empty() {
            if docs.is_empty() {
                docs.push(Vec::new());
            }
            if let Some(d) = docs.last_mut() {
                d.push(std::mem::take(sent));
            }
        }
    }
    for (i, line) in content.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut sent);
            continue;
        }
        if line.starts_with('#') {
            comments += 1;
            continue;
        }
        let cols: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        if cols.first() == Some(&"-DOCSTART-") {
            flush(&mut docs, &mut sent);
            docs.push(Vec::new());
            continue;
        }
        sent.push((cols, i + 1));
    }
    flush(&mut docs, &mut sent);
    docs.retain(|d| !d.is_empty());
    let rows = || docs.iter().flatten().flatten();
    let widest = rows().map(|(c, _)| c.len()).max().unwrap_or(0);
    let values = |c: usize| rows().filter_map(move |(cols, _)| cols.get(c).copied());
    let tag_like: Vec<usize> = (0..widest)
        .filter(|&c| values(c).next().is_some() && values(c).all(is_tag))
        .collect();
    let numeric = |c: usize| values(c).all(|v| v.chars().all(|ch| ch.is_ascii_digit()));
    let mut data = Dataset::default();
    let (t, g) = match columns {
        Some((t, g)) if t >= 1 && g >= 1 => (t - 1, g - 1),
        Some(_) => {
            return Err(FormatError::Options(
                "--columns counts from 1: give TOKEN,TAG such as 2,3".into(),
            ))
        }
        None => {
            let t = (0..widest.saturating_sub(1))
                .find(|&c| !numeric(c))
                .unwrap_or(0);
            let g = widest.saturating_sub(1);
            if widest > 2 {
                let others: Vec<String> = tag_like
                    .iter()
                    .filter(|&&c| c != g)
                    .map(|c| (c + 1).to_string())
                    .collect();
                data.notes.push(format!(
                    "{widest} columns: token column {} and tag column {} guessed{}; name them with --columns TOKEN,TAG",
                    t + 1,
                    g + 1,
                    if others.is_empty() {
                        String::new()
                    } else {
                        format!(" (column(s) {} hold tags too)", others.join(", "))
                    }
                ));
            }
            (t, g)
        }
    };
    let which = if columns.is_some() {
        "named"
    } else {
        "guessed"
    };
    let mut tagged: Vec<TaggedDocument> = Vec::new();
    for d in &docs {
        let mut sents = Vec::new();
        for s in d {
            let mut out: TaggedSentence = Vec::new();
            for (cols, n) in s {
                let (Some(token), Some(tag)) = (cols.get(t), cols.get(g)) else {
                    return Err(FormatError::input(
                        path,
                        *n,
                        format!(
                            "the line has {} column(s): no token in column {} or tag in column {} ({which})",
                            cols.len(),
                            t + 1,
                            g + 1
                        ),
                        "write token<TAB>tag, e.g. \"Nguyễn\\tB-person\", or name the columns with --columns TOKEN,TAG",
                    ));
                };
                if t == g || !is_tag(tag) {
                    let hint = match tag_like.iter().find(|&&c| c != t) {
                        Some(&c) => format!(
                            "column {} holds tags: import with --columns {},{}",
                            c + 1,
                            t + 1,
                            c + 1
                        ),
                        None => "write tags like B-person, I-person, O, or name the token and tag columns with --columns TOKEN,TAG (from 1)".into(),
                    };
                    return Err(FormatError::input(
                        path,
                        *n,
                        format!(
                            "{tag:?} in the {which} tag column {} is not a tag (O, B-, I-, E- or S- with a label)",
                            g + 1
                        ),
                        hint,
                    ));
                }
                out.push(((*token).to_owned(), (*tag).to_owned(), *n));
            }
            sents.push(out);
        }
        tagged.push((None, sents));
    }
    data.documents = documents_from_tagged(path, tagged, &format!("conll:{source}"))?;
    data.skip("comment line(s) starting with # (not data)", comments);
    Ok(data)
}
