//! spaCy / Prodigy JSONL: `text`, `tokens` (`text`, `start`, `end`, `id`,
//! `ws`), `spans` (`start`, `end`, `token_start`, `token_end` inclusive,
//! `label`), `answer: "accept"`, `meta.id`. Char offsets are Python string
//! indices, so `Doc.char_span(start, end)` finds each token-aligned span.

use super::incoming::{json_lines, span_offsets, str_at, text_field, Incoming, IncomingSpan};
use super::{ExportReport, FormatError, LeftOut};
use crate::model::{Document, Origin};
use crate::text::offsets::OffsetUnit;
use crate::text::{token_at, tokenize};
use serde_json::{json, Value};
use std::path::Path;

/// One line per document.
pub fn export(docs: &[Document], report: &mut ExportReport) -> String {
    let mut out = String::new();
    for d in docs {
        let tokens = tokenize(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let toks: Vec<Value> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"text": t.text(&d.text), "start": t.start, "end": t.end, "id": i, "ws": chars.get(t.end).is_some_and(|c| c.is_whitespace())}))
            .collect();
        let mut spans = Vec::new();
        for s in &d.spans {
            let first = tokens.partition_point(|t| t.end <= s.start);
            let last = tokens
                .partition_point(|t| t.start < s.end)
                .saturating_sub(1);
            let aligned = token_at(&tokens, s.start).is_some_and(|t| t.start == s.start)
                && tokens.iter().any(|t| t.end == s.end);
            if !aligned {
                report.misaligned.push(LeftOut::new(
                    d,
                    s,
                    "char offsets written; spaCy's strict char_span will not align it",
                ));
            }
            spans.push(json!({"start": s.start, "end": s.end, "token_start": first, "token_end": last.max(first), "label": s.label}));
        }
        let line = json!({"text": d.text, "meta": {"id": d.id, "title": d.title}, "tokens": toks, "spans": spans, "answer": "accept"});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Reads spaCy / Prodigy JSONL (char offsets); lines with `answer` other than
/// `accept` are skipped.
pub fn import(path: &Path, content: &str, source: &str) -> Result<Vec<Incoming>, FormatError> {
    let mut out = Vec::new();
    for (n, v) in json_lines::<Value>(path, content, "JSON")? {
        if v.get("answer")
            .and_then(Value::as_str)
            .is_some_and(|a| a != "accept")
        {
            continue;
        }
        let text = text_field(path, n, &v)?;
        let mut spans = Vec::new();
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
                    format!("span {k} lacks start, end or label"),
                    "give each span \"start\", \"end\" and \"label\"",
                ));
            };
            let (start, end) = span_offsets(
                path,
                n,
                &text,
                a as usize,
                b as usize,
                OffsetUnit::Chars,
                None,
                &format!("span {k}"),
            )?;
            spans.push(IncomingSpan {
                start,
                end,
                label: label.to_owned(),
                note: String::new(),
                origin: Origin::Imported {
                    source: format!("spacy:{source}"),
                },
                line: n,
            });
        }
        let meta = v.get("meta");
        let (id, title) = (str_at(meta, "id"), str_at(meta, "title"));
        out.push(Incoming {
            id,
            title,
            text,
            spans,
            line: n,
            ..Default::default()
        });
    }
    Ok(out)
}
