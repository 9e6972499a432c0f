//! doccano sequence-labeling JSONL: `{"id", "text", "label": [[start, end,
//! "label"], ...]}`. Offsets are UTF-16 code units by default, as doccano's
//! annotator counts them (JavaScript strings, doccano#2290); `--offsets chars`
//! for code points. Import also reads the older `"labels"` key, the relation
//! projects' `"entities"` list of `{"start_offset", "end_offset", "label"}`
//! (their `"relations"` are counted, not imported) and keeps `meta`.

use super::incoming::{
    json_lines, meta_from_json, span_offsets, text_field, Dataset, Incoming, IncomingSpan,
};
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

/// Reads doccano JSONL, counting what it does not import.
pub fn import(
    path: &Path,
    content: &str,
    unit: OffsetUnit,
    source: &str,
) -> Result<Dataset, FormatError> {
    let mut data = Dataset::default();
    for (n, v) in json_lines::<Value>(path, content, "JSON")? {
        let text = text_field(path, n, &v)?;
        let key = ["label", "labels", "entities"]
            .into_iter()
            .find(|k| v.get(k).is_some_and(|x| !x.is_null()))
            .unwrap_or("label");
        let list = v.get(key).cloned().unwrap_or(Value::Array(vec![]));
        let items = list.as_array().ok_or_else(|| {
            FormatError::input(
                path,
                n,
                format!("field {key:?} is not a list"),
                "write \"label\": [[start, end, \"label\"], ...]",
            )
        })?;
        if let Some(rel) = v.get("relations").and_then(Value::as_array) {
            data.skip("doccano relation(s) (Gloss has no relations)", rel.len());
        }
        let mut spans = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let k = k + 1;
            let bad = || {
                FormatError::input(
                    path,
                    n,
                    format!("{key:?} entry {k} is not [start, end, \"label\"] or {{\"start_offset\", \"end_offset\", \"label\"}}"),
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
                &format!("{key:?} entry {k}"),
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
        data.documents.push(Incoming {
            id,
            text,
            spans,
            meta: meta_from_json(v.get("meta"), &[]),
            line: n,
            ..Default::default()
        });
    }
    Ok(data)
}
