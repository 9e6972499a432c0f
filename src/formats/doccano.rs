//! doccano sequence-labeling JSONL: `{"id", "text", "label": [[start, end,
//! "label"], ...]}`. Offsets are UTF-16 code units by default, as doccano's
//! annotator counts them (JavaScript strings, doccano#2290); `--offsets chars`
//! for code points. A document with relations is written as doccano's
//! relation projects export it: `"entities": [{"id", "label",
//! "start_offset", "end_offset"}]` and `"relations": [{"id", "from_id",
//! "to_id", "type"}]`. Import also reads the older `"labels"` key, the
//! relation projects' `"entities"` with their `"relations"`, and keeps `meta`.

use super::incoming::{
    json_line, meta_from_json, par_lines, span_offsets, take_text_field, Dataset, Incoming,
    IncomingRelation, IncomingSpan, Offsets,
};
use super::{ExportReport, FormatError};
use crate::model::{Document, Origin};
use crate::text::offsets::OffsetUnit;
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::path::Path;

/// One line per document, each made on any core and joined in document
/// order.
pub fn export<D: Borrow<Document> + Sync>(
    docs: &[D],
    unit: OffsetUnit,
    _report: &mut ExportReport,
) -> Result<String, FormatError> {
    use rayon::prelude::*;
    let lines: Vec<String> = docs.par_iter().map(|d| line_of(d.borrow(), unit)).collect();
    Ok(lines.concat())
}

/// One document's line, with its newline.
fn line_of(d: &Document, unit: OffsetUnit) -> String {
    let conv = unit.converter(&d.text);
    let line = if !d.relations.is_empty() {
        let entities: Vec<Value> = d
            .spans
            .iter()
            .map(|s| {
                json!({"id": s.id, "label": s.label,
                       "start_offset": conv.of_span_char(s.start),
                       "end_offset": conv.of_span_char(s.end)})
            })
            .collect();
        let relations: Vec<Value> = d
            .relations
            .iter()
            .map(|r| json!({"id": r.id, "from_id": r.from, "to_id": r.to, "type": r.label}))
            .collect();
        json!({"id": d.id, "text": d.text, "entities": entities, "relations": relations})
    } else {
        let labels: Vec<Value> = d
            .spans
            .iter()
            .map(|s| {
                json!([
                    conv.of_span_char(s.start),
                    conv.of_span_char(s.end),
                    s.label
                ])
            })
            .collect();
        json!({"id": d.id, "text": d.text, "label": labels})
    };
    let mut out = line.to_string();
    out.push('\n');
    out
}

/// Reads doccano JSONL, counting what it does not import. Lines are read on
/// every core; the documents keep the file's order.
pub fn import(
    path: &Path,
    content: &str,
    unit: OffsetUnit,
    source: &str,
) -> Result<Dataset, FormatError> {
    let documents = par_lines(content, |n, raw| {
        read_line(path, n, json_line(path, n, raw, "JSON")?, unit, source)
    })?;
    Ok(Dataset::from(documents))
}

/// One doccano line as a document.
fn read_line(
    path: &Path,
    n: usize,
    mut v: Value,
    unit: OffsetUnit,
    source: &str,
) -> Result<Incoming, FormatError> {
    {
        let text = take_text_field(path, n, &mut v)?;
        let offsets = Offsets::new(&text);
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
        let mut spans = Vec::new();
        // Entity id -> index in `spans`.
        let mut ids: std::collections::BTreeMap<String, usize> = Default::default();
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
                &offsets,
                s as usize,
                e as usize,
                unit,
                None,
                &format!("{key:?} entry {k}"),
            )?;
            if let Some(id) = item.get("id").filter(|x| !x.is_null()) {
                ids.insert(id.to_string(), spans.len());
            }
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
        let mut relations = Vec::new();
        for (k, r) in v
            .get("relations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let end = |f: &str| r.get(f).and_then(|x| ids.get(&x.to_string()).copied());
            let ty = r.get("type").and_then(Value::as_str);
            let (Some(from), Some(to), Some(ty)) = (end("from_id"), end("to_id"), ty) else {
                return Err(FormatError::input(
                    path,
                    n,
                    format!(
                        "relation {} does not link two entities of the line with a type",
                        k + 1
                    ),
                    "write {\"from_id\": <entity id>, \"to_id\": <entity id>, \"type\": \"holds\"}",
                ));
            };
            relations.push(IncomingRelation {
                label: ty.to_owned(),
                from,
                to,
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
        Ok(Incoming {
            id,
            text,
            spans,
            relations,
            meta: meta_from_json(v.get("meta"), &[]),
            line: n,
            ..Default::default()
        })
    }
}
