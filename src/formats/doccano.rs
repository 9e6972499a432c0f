//! doccano sequence-labeling JSONL: `{"id", "text", "label": [[start, end,
//! "label"], ...]}`. Import also reads the older `"labels"` key and the
//! object form `{"start_offset", "end_offset", "label"}`.

use super::incoming::{json_lines, span_offsets, text_field, Incoming, IncomingSpan};
use super::{ExportReport, FormatError};
use crate::model::{Document, Origin};
use crate::text::offsets::OffsetUnit;
use serde_json::{json, Value};
use std::path::Path;

/// One line per document.
pub fn export(
    docs: &[Document],
    unit: OffsetUnit,
    _report: &mut ExportReport,
) -> Result<String, FormatError> {
    let mut out = String::new();
    for d in docs {
        let labels: Vec<Value> = d
            .spans
            .iter()
            .map(|s| {
                json!([
                    unit.of_span_char(&d.text, s.start),
                    unit.of_span_char(&d.text, s.end),
                    s.label
                ])
            })
            .collect();
        let line = json!({"id": d.id, "text": d.text, "label": labels});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// Reads doccano JSONL.
pub fn import(
    path: &Path,
    content: &str,
    unit: OffsetUnit,
    source: &str,
) -> Result<Vec<Incoming>, FormatError> {
    let mut out = Vec::new();
    for (n, v) in json_lines::<Value>(path, content, "JSON")? {
        let text = text_field(path, n, &v)?;
        let list = v
            .get("label")
            .or_else(|| v.get("labels"))
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        let items = list.as_array().ok_or_else(|| {
            FormatError::input(
                path,
                n,
                "field \"label\" is not a list",
                "write \"label\": [[start, end, \"label\"], ...]",
            )
        })?;
        let mut spans = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let bad = || {
                FormatError::input(
                    path,
                    n,
                    format!("\"label\" entry {k} is not [start, end, \"label\"]"),
                    "write each entry as [start, end, \"label\"] with whole-number offsets",
                )
            };
            let (s, e, l) = match item {
                Value::Array(a) if a.len() == 3 => (a[0].as_u64(), a[1].as_u64(), a[2].as_str()),
                Value::Object(o) => (
                    o.get("start_offset").and_then(Value::as_u64),
                    o.get("end_offset").and_then(Value::as_u64),
                    o.get("label").and_then(Value::as_str),
                ),
                _ => return Err(bad()),
            };
            let (Some(s), Some(e), Some(l)) = (s, e, l) else {
                return Err(bad());
            };
            let (start, end) = span_offsets(
                path,
                n,
                &text,
                s as usize,
                e as usize,
                unit,
                None,
                &format!("\"label\" entry {k}"),
            )?;
            spans.push(IncomingSpan {
                start,
                end,
                label: l.to_owned(),
                note: String::new(),
                origin: Origin::Imported {
                    source: format!("doccano:{source}"),
                },
                line: n,
            });
        }
        let id = match v.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(x)) => Some(format!("doc-{x}")),
            _ => None,
        };
        out.push(Incoming {
            id,
            text,
            spans,
            line: n,
            ..Default::default()
        });
    }
    Ok(out)
}
