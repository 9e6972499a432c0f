//! spaCy / Prodigy JSONL and spaCy's binary `.spacy` (DocBin).
//!
//! JSONL: `text`, `tokens` (`text`, `start`, `end`, `id`, `ws`), `spans`
//! (`start`, `end`, `token_start`, `token_end` inclusive, `label`, `text`),
//! `answer: "accept"`, `meta` (`id`, `title`, and the document's other facts).
//! Offsets are code points (Python `str` indices).
//!
//! Tokens follow spaCy's own rule for whitespace: a single space after a token
//! is its `ws`; any other whitespace (`\n`, `\t`, a second space) is a token
//! of its own. So `Doc(vocab, words, spaces).text == text` exactly, and the
//! token indices are those of that `Doc`. The word tokens come from
//! [`super::layout`] (split at span boundaries), so every span is on token
//! boundaries and `doc.char_span(start, end)` finds it.
//!
//! The `.spacy` file beside the JSONL holds the same docs: spans that overlap
//! no other span in `doc.ents`, every span in `doc.spans["sc"]`; tokens of an
//! overlapping span that is not in `doc.ents` are marked missing there, not O.

use super::docbin::{self, DocBinDoc, DocToken, GroupSpan};
use super::incoming::{
    json_lines, meta_from_json, span_offsets, str_at, text_field, Dataset, Incoming, IncomingSpan,
    Offsets,
};
use super::layout::export_tokens;
use super::{text_file, ExportReport, FormatError, OutFile};
use crate::model::{Document, Origin, Span, Suggestion};
use crate::text::offsets::{char_slice, OffsetUnit};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A token as spaCy's `Doc` holds it: char range and trailing space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpacyToken {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Followed by exactly one space that belongs to no token.
    pub ws: bool,
}

/// spaCy tokens of `doc` (see the module doc): word tokens from the export
/// layout plus whitespace tokens.
pub fn spacy_tokens(doc: &Document, report: &mut ExportReport) -> Vec<SpacyToken> {
    let words = export_tokens(doc, report).tokens;
    let chars: Vec<char> = doc.text.chars().collect();
    let mut out: Vec<SpacyToken> = Vec::with_capacity(words.len() * 2);
    // Whitespace (or any text no word token covers) between `a` and `b`.
    let gap = |out: &mut Vec<SpacyToken>, a: usize, b: usize| {
        if a >= b {
            return;
        }
        let mut a = a;
        if let Some(last) = out.last_mut() {
            if chars.get(a) == Some(&' ') && !last.ws {
                last.ws = true;
                a += 1;
            }
        }
        if a < b {
            out.push(SpacyToken {
                start: a,
                end: b,
                ws: false,
            });
        }
    };
    let mut pos = 0;
    for w in &words {
        gap(&mut out, pos, w.start);
        out.push(SpacyToken {
            start: w.start,
            end: w.end,
            ws: false,
        });
        pos = w.end;
    }
    gap(&mut out, pos, chars.len());
    out
}

/// Token indices `first..=last` of a span on `tokens` (a span always starts
/// and ends on a token boundary of [`spacy_tokens`]).
fn token_range(tokens: &[SpacyToken], s: &Span) -> (usize, usize) {
    let first = tokens.partition_point(|t| t.end <= s.start);
    let last = tokens
        .partition_point(|t| t.start < s.end)
        .saturating_sub(1);
    (first, last.max(first))
}

/// Whether a span overlaps any other span of the document.
fn overlaps_another(doc: &Document, s: &Span) -> bool {
    doc.spans
        .iter()
        .any(|o| o.id != s.id && o.overlaps(s.start, s.end))
}

/// The JSONL and the `.spacy` DocBin beside it.
pub fn export(docs: &[Document], report: &mut ExportReport) -> Result<Vec<OutFile>, FormatError> {
    let mut out = String::new();
    let mut bin = Vec::new();
    let (mut in_ents, mut only_sc) = (0, 0);
    for d in docs {
        let tokens = spacy_tokens(d, report);
        let toks: Vec<Value> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"text": char_slice(&d.text, t.start, t.end), "start": t.start, "end": t.end, "id": i, "ws": t.ws})
            })
            .collect();
        let mut spans = Vec::new();
        let mut dt: Vec<DocToken> = tokens
            .iter()
            .map(|t| DocToken {
                text: char_slice(&d.text, t.start, t.end).to_owned(),
                space: t.ws,
                iob: docbin::IOB_O,
                ent: None,
            })
            .collect();
        let mut group = Vec::new();
        for s in &d.spans {
            let (first, last) = token_range(&tokens, s);
            spans.push(json!({"start": s.start, "end": s.end, "token_start": first, "token_end": last, "label": s.label, "text": s.text}));
            group.push(GroupSpan {
                label: s.label.clone(),
                start: first,
                end: last + 1,
                start_char: s.start,
                end_char: s.end,
            });
            let overlapping = overlaps_another(d, s);
            if overlapping {
                only_sc += 1;
            } else {
                in_ents += 1;
            }
            for (k, t) in dt.iter_mut().enumerate().take(last + 1).skip(first) {
                if overlapping {
                    // Unknown for NER rather than O: the span is in "sc".
                    if t.iob == docbin::IOB_O {
                        t.iob = docbin::IOB_MISSING;
                    }
                } else {
                    t.iob = if k == first {
                        docbin::IOB_B
                    } else {
                        docbin::IOB_I
                    };
                    t.ent = Some(s.label.clone());
                }
            }
        }
        bin.push(DocBinDoc {
            tokens: dt,
            spans: group,
        });
        let mut meta = json!({"id": d.id, "title": d.title});
        if let Ok(Value::Object(m)) = serde_json::to_value(&d.meta) {
            for (k, v) in m {
                if k == "extra" {
                    continue;
                }
                meta[k] = v;
            }
        }
        for (k, v) in &d.meta.extra {
            meta[k] = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.clone()));
        }
        let line = json!({"text": d.text, "meta": meta, "tokens": toks, "spans": spans, "answer": "accept"});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let note = format!(
        "DocBin (.spacy): doc.ents holds the spans that overlap no other span; doc.spans[\"sc\"] holds every span; {in_ents} span(s) in doc.ents; {only_sc} overlapping span(s) are only in doc.spans[\"sc\"] (their tokens are missing, not O, in doc.ents). Train with: python -m spacy train config.cfg --paths.train train.spacy --paths.dev dev.spacy"
    );
    report.notes.retain(|n| !n.starts_with("DocBin (.spacy)"));
    report.notes.push(note);
    let bytes = docbin::to_bytes(&bin).map_err(FormatError::Options)?;
    Ok(vec![
        text_file(PathBuf::new(), out),
        (PathBuf::from(".spacy"), bytes),
    ])
}

/// Reads spaCy / Prodigy JSONL (code point offsets). Tasks answered
/// `reject` or `ignore` are skipped and counted; spans answered `reject` are
/// kept as rejected suggestions; a span `text` must match its offsets.
pub fn import(path: &Path, content: &str, source: &str) -> Result<Dataset, FormatError> {
    let mut data = Dataset::default();
    let origin = format!("spacy:{source}");
    for (n, v) in json_lines::<Value>(path, content, "JSON")? {
        match v.get("answer").and_then(Value::as_str) {
            None | Some("accept") => {}
            Some(a) => {
                data.skip(
                    format!("task(s) answered {a:?} (only accepted tasks are annotations)"),
                    1,
                );
                continue;
            }
        }
        let text = text_field(path, n, &v)?;
        let mut spans = Vec::new();
        let mut rejected = Vec::new();
        let offsets = Offsets::new(&text);
        for (k, s) in v
            .get("spans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let get = |f: &str| s.get(f).and_then(Value::as_u64);
            let (Some(a), Some(b), Some(label)) = (
                get("start"),
                get("end"),
                s.get("label").and_then(Value::as_str),
            ) else {
                return Err(FormatError::input(
                    path,
                    n,
                    format!("span {} lacks start, end or label", k + 1),
                    "give each span \"start\", \"end\" and \"label\"",
                ));
            };
            let (start, end) = span_offsets(
                path,
                n,
                &offsets,
                a as usize,
                b as usize,
                OffsetUnit::Chars,
                s.get("text").and_then(Value::as_str),
                &format!("span {}", k + 1),
            )?;
            match s.get("answer").and_then(Value::as_str) {
                Some("reject") => {
                    rejected.push(Suggestion {
                        start,
                        end,
                        label: label.to_owned(),
                        text: offsets.slice(start, end).to_owned(),
                        source: origin.clone(),
                        score: 0.0,
                    });
                    continue;
                }
                Some("ignore") => {
                    data.skip("span(s) answered \"ignore\"", 1);
                    continue;
                }
                _ => {}
            }
            spans.push(IncomingSpan {
                start,
                end,
                label: label.to_owned(),
                note: String::new(),
                origin: Origin::Imported {
                    source: origin.clone(),
                },
                line: n,
            });
        }
        data.skip(
            "span(s) answered \"reject\" (kept as rejected suggestions, not spans)",
            rejected.len(),
        );
        let meta = v.get("meta");
        let (id, title) = (str_at(meta, "id"), str_at(meta, "title"));
        data.documents.push(Incoming {
            id,
            title,
            text,
            spans,
            rejected,
            meta: meta_from_json(meta, &["id", "title"]),
            line: n,
            ..Default::default()
        });
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{ExportOptions, Format};

    #[test]
    fn whitespace_tokens_rebuild_the_text() {
        let text = "Ông\tLê  Văn Tám\nphát biểu";
        let d = Document::new("d", text);
        let mut r = ExportReport::new(
            Format::Spacy,
            &ExportOptions::default(),
            &Default::default(),
        );
        let t = spacy_tokens(&d, &mut r);
        let rebuilt: String = t
            .iter()
            .map(|t| {
                format!(
                    "{}{}",
                    char_slice(text, t.start, t.end),
                    if t.ws { " " } else { "" }
                )
            })
            .collect();
        assert_eq!(rebuilt, text);
        let words: Vec<&str> = t.iter().map(|t| char_slice(text, t.start, t.end)).collect();
        assert_eq!(
            words,
            ["Ông", "\t", "Lê", " ", "Văn", "Tám", "\n", "phát", "biểu"]
        );
    }

    #[test]
    fn whitespace_tokens_match_spacy() {
        // (text, tokens with their trailing space) as spaCy 3.8's
        // `spacy.blank("xx").make_doc(text)` gives them.
        let cases: [(&str, &[(&str, bool)]); 6] = [
            ("a\n\n  b", &[("a", false), ("\n\n  ", false), ("b", false)]),
            ("a \n b", &[("a", true), ("\n ", false), ("b", false)]),
            (" a", &[(" ", false), ("a", false)]),
            ("a   b", &[("a", true), ("  ", false), ("b", false)]),
            ("a  ", &[("a", true), (" ", false)]),
            ("a\n", &[("a", false), ("\n", false)]),
        ];
        for (text, want) in cases {
            let d = Document::new("d", text);
            let mut r = ExportReport::new(
                Format::Spacy,
                &ExportOptions::default(),
                &Default::default(),
            );
            let got: Vec<(&str, bool)> = spacy_tokens(&d, &mut r)
                .iter()
                .map(|t| (char_slice(text, t.start, t.end), t.ws))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
