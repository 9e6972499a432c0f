//! CoNLL: `token<TAB>tag` per line, a blank line between sentences,
//! `-DOCSTART-<TAB>O` and a blank line before each document. Tokens come from
//! the library's syllable tokenizer, sentences from its splitter.

use super::incoming::{Incoming, IncomingSpan};
use super::tags::{join_tokens, spans_from_tags, tag_tokens, Scheme};
use super::{ExportReport, FormatError};
use crate::model::{Document, Origin};
use crate::text::{sentences, tokenize, Token};
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
    let tokens = tokenize(&doc.text);
    let tags = tag_tokens(doc, &tokens, scheme, report);
    let mut out: Vec<Vec<(Token, String)>> = Vec::new();
    let mut it = tokens.into_iter().zip(tags).peekable();
    for range in sentences(&doc.text) {
        let mut sent = Vec::new();
        while let Some((t, _)) = it.peek() {
            if t.start >= range.end {
                break;
            }
            if let Some(x) = it.next() {
                sent.push(x);
            }
        }
        if !sent.is_empty() {
            out.push(sent);
        }
    }
    let rest: Vec<_> = it.collect();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The whole file.
pub fn export(docs: &[Document], scheme: Scheme, report: &mut ExportReport) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str("-DOCSTART-\tO\n\n");
        for sent in tagged_sentences(d, scheme, report) {
            for (t, tag) in sent {
                out.push_str(t.text(&d.text));
                out.push('\t');
                out.push_str(&tag);
                out.push('\n');
            }
            out.push('\n');
        }
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
            line: first_line,
            ..Default::default()
        });
    }
    Ok(out)
}

/// Reads a CoNLL token/tag file (tab or space separated: first column the
/// token, last column the tag).
pub fn import(path: &Path, content: &str, source: &str) -> Result<Vec<Incoming>, FormatError> {
    let mut docs: Vec<TaggedDocument> = Vec::new();
    let mut sent: TaggedSentence = Vec::new();
    let flush = |docs: &mut Vec<TaggedDocument>, sent: &mut TaggedSentence| {
        if !sent.is_empty() {
            if docs.is_empty() {
                docs.push((None, Vec::new()));
            }
            if let Some(d) = docs.last_mut() {
                d.1.push(std::mem::take(sent));
            }
        }
    };
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut sent);
            continue;
        }
        let cols: Vec<&str> = line.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        if cols.first() == Some(&"-DOCSTART-") {
            flush(&mut docs, &mut sent);
            docs.push((None, Vec::new()));
            continue;
        }
        if cols.len() < 2 {
            return Err(FormatError::input(
                path,
                n,
                format!("line {line:?} has no tag"),
                "write token<TAB>tag, e.g. \"Nguyễn\\tB-person\"",
            ));
        }
        sent.push((cols[0].to_owned(), cols[cols.len() - 1].to_owned(), n));
    }
    flush(&mut docs, &mut sent);
    docs.retain(|d| !d.1.is_empty());
    documents_from_tagged(path, docs, &format!("conll:{source}"))
}
