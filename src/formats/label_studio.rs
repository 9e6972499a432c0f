//! Label Studio: a JSON list of tasks with `data.text`, `annotations[].result`
//! for spans and `predictions[]` (`model_version`, `score`) for suggestions,
//! plus the labeling config (`<name>.label_config.xml`) whose `from_name` /
//! `to_name` the results use. Offsets are code points, as Label Studio counts
//! them (its emoji e2e test expects "test" at 21..25 in
//! `"🐱 Warning: This is a test text"`).
//!
//! Export writes an annotation only for a document that has spans or is
//! done, so an untouched task stays unannotated. Import reads a list of
//! tasks or one task, tasks with `data` or flat ones (`{"text": ...}`), the
//! text under `data.text` or the key given with `--text-key`; results other
//! than `labels` and `relation` (choices, textarea...) are counted, not
//! imported. Relations are `type: "relation"` results with `from_id`,
//! `to_id` and `labels` (the `<Relations>` tag of the config); open relation
//! suggestions go into `predictions` with the regions they link.

use super::incoming::{
    check_text, json_kind, span_offsets, str_at, Dataset, Incoming, IncomingRelation, IncomingSpan,
    Offsets,
};
use super::{text_file, ExportReport, FormatError, OutFile};
use crate::model::{Document, Label, Origin, RelationSuggestion, RelationType, Status, Suggestion};
use crate::text::offsets::{char_slice, OffsetUnit};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const FROM: &str = "label";
const TO: &str = "text";

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The labeling config for these labels and relation types.
pub fn label_config(labels: &[Label], types: &[RelationType]) -> String {
    let mut x = format!("<View>\n  <Labels name=\"{FROM}\" toName=\"{TO}\">\n");
    for l in labels {
        x.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            xml_escape(&l.name),
            xml_escape(&l.color)
        ));
    }
    x.push_str("  </Labels>\n");
    if !types.is_empty() {
        x.push_str("  <Relations>\n");
        for t in types {
            x.push_str(&format!(
                "    <Relation value=\"{}\" background=\"{}\"/>\n",
                xml_escape(&t.name),
                xml_escape(&t.color)
            ));
        }
        x.push_str("  </Relations>\n");
    }
    x.push_str(&format!(
        "  <Text name=\"{TO}\" value=\"$text\"/>\n</View>\n"
    ));
    x
}

/// A relation result between two regions.
fn relation_result(from: String, to: String, label: &str) -> Value {
    json!({"from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": [label]})
}

/// Tasks JSON and the labeling config.
pub fn export(
    docs: &[Document],
    labels: &[Label],
    types: &[RelationType],
    unit: OffsetUnit,
    _report: &mut ExportReport,
) -> Result<Vec<OutFile>, FormatError> {
    let mut tasks = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let conv = unit.converter(&d.text);
        let mut result: Vec<Value> = d
            .spans
            .iter()
            .map(|s| {
                json!({"id": format!("s{}", s.id), "from_name": FROM, "to_name": TO, "type": "labels",
                       "value": {"start": conv.of_span_char(s.start), "end": conv.of_span_char(s.end), "text": s.text, "labels": [s.label]}})
            })
            .collect();
        result.extend(
            d.relations
                .iter()
                .map(|r| relation_result(format!("s{}", r.from), format!("s{}", r.to), &r.label)),
        );
        let mut by_source: std::collections::BTreeMap<
            &str,
            (Vec<&Suggestion>, Vec<&RelationSuggestion>),
        > = Default::default();
        for s in &d.suggestions {
            by_source.entry(&s.source).or_default().0.push(s);
        }
        for s in &d.relation_suggestions {
            by_source.entry(&s.source).or_default().1.push(s);
        }
        let predictions: Vec<Value> = by_source
            .into_iter()
            .map(|(source, (list, rels))| {
                let scores: Vec<f64> = list
                    .iter()
                    .map(|s| s.score)
                    .chain(rels.iter().map(|r| r.score))
                    .collect();
                let score = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
                let region = |id: String, start: usize, end: usize, label: &str, score: f64| {
                    let text = char_slice(&d.text, start, end);
                    json!({"id": id, "from_name": FROM, "to_name": TO, "type": "labels", "score": score,
                           "value": {"start": conv.of_span_char(start), "end": conv.of_span_char(end), "text": text, "labels": [label]}})
                };
                let mut ends: Vec<(usize, usize, String)> = list
                    .iter()
                    .map(|s| (s.start, s.end, s.label.clone()))
                    .collect();
                let mut result: Vec<Value> = list
                    .iter()
                    .enumerate()
                    .map(|(k, s)| region(format!("p{}", k + 1), s.start, s.end, &s.label, s.score))
                    .collect();
                // A relation links regions of the same prediction: its ends
                // that are confirmed spans are repeated here as regions.
                for r in &rels {
                    let mut ids = Vec::new();
                    for end in [&r.from, &r.to] {
                        let k = match ends.iter().position(|e| e == end) {
                            Some(k) => k,
                            None => {
                                ends.push(end.clone());
                                result.push(region(format!("p{}", ends.len()), end.0, end.1, &end.2, r.score));
                                ends.len() - 1
                            }
                        };
                        ids.push(format!("p{}", k + 1));
                    }
                    if let [a, b] = &ids[..] {
                        let mut rel = relation_result(a.clone(), b.clone(), &r.label);
                        rel["score"] = json!(r.score);
                        result.push(rel);
                    }
                }
                json!({"model_version": source, "score": score, "result": result})
            })
            .collect();
        let mut task =
            json!({"id": i + 1, "data": {"text": d.text, "doc_id": d.id, "title": d.title}});
        if !result.is_empty() || d.status == Status::Done {
            task["annotations"] = json!([{"id": i + 1, "result": result}]);
        }
        if !predictions.is_empty() {
            task["predictions"] = Value::Array(predictions);
        }
        tasks.push(task);
    }
    let json = serde_json::to_string_pretty(&tasks)
        .map_err(|e| FormatError::Options(format!("could not write JSON: {e}")))?
        + "\n";
    Ok(vec![
        text_file(PathBuf::new(), json),
        text_file(".label_config.xml", label_config(labels, types)),
    ])
}

/// The `labels` results of an annotation or prediction; the others are
/// counted in `data` as skipped.
fn results<'v>(v: &'v Value, data: &mut Dataset) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for r in v
        .get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match r.get("type").and_then(Value::as_str) {
            Some("labels") => out.push(r),
            // Read by `relations`.
            Some("relation") => {}
            Some(other) => data.skip(
                format!("Label Studio {other:?} result(s) (only \"labels\" results are spans)"),
                1,
            ),
            None => data.skip("Label Studio result(s) without a type", 1),
        }
    }
    out
}

/// The `relation` results of an annotation or prediction: (from region
/// id, to region id, type). One without a type or from a region to itself
/// is counted in `data`, not returned.
fn relations(v: &Value, data: &mut Dataset) -> Vec<(String, String, String)> {
    v.get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("relation"))
        .filter_map(|r| {
            let from = r.get("from_id")?.as_str()?.to_owned();
            let to = r.get("to_id")?.as_str()?.to_owned();
            let Some(label) = r
                .get("labels")
                .and_then(Value::as_array)
                .and_then(|l| l.first())
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                data.skip(
                    "Label Studio \"relation\" result(s) without a type (Gloss relations are typed)",
                    1,
                );
                return None;
            };
            if from == to {
                data.skip("Label Studio \"relation\" result(s) from a region to itself", 1);
                return None;
            }
            // "left" points the other way; "bi" has no direction.
            match r.get("direction").and_then(Value::as_str) {
                Some("left") => Some((to, from, label)),
                _ => Some((from, to, label)),
            }
        })
        .collect()
}

/// One labeled region of a result list: offsets converted and checked.
fn region(
    path: &Path,
    n: usize,
    text: &Offsets<'_>,
    r: &Value,
    unit: OffsetUnit,
) -> Result<(usize, usize, String), FormatError> {
    let value = r.get("value").ok_or_else(|| {
        FormatError::input(
            path,
            n,
            "a result has no \"value\"",
            "give each result a value with start, end, labels",
        )
    })?;
    let get = |f: &str| value.get(f).and_then(Value::as_u64);
    let label = value
        .get("labels")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .and_then(Value::as_str);
    let (Some(a), Some(b), Some(label)) = (get("start"), get("end"), label) else {
        return Err(FormatError::input(
            path,
            n,
            "a result lacks start, end or labels",
            "give each result value start, end and labels: [\"label\"]",
        ));
    };
    let given = value.get("text").and_then(Value::as_str);
    let (s, e) = span_offsets(path, n, text, a as usize, b as usize, unit, given, "result")?;
    Ok((s, e, label.to_owned()))
}

/// Reads a Label Studio JSON export; task `n` is reported as line `n`.
pub fn import(
    path: &Path,
    content: &str,
    unit: OffsetUnit,
    text_key: Option<&str>,
    source: &str,
) -> Result<Dataset, FormatError> {
    let v: Value = serde_json::from_str(content).map_err(|e| {
        FormatError::input(
            path,
            e.line(),
            format!("invalid JSON at column {}: {e}", e.column()),
            "give a JSON list of tasks as Label Studio exports",
        )
    })?;
    let tasks: Vec<&Value> = match &v {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![&v],
        other => {
            return Err(FormatError::input(
                path,
                1,
                format!("the file holds {}, not tasks", json_kind(other)),
                "give a JSON list of tasks [ {\"data\": {\"text\": ...}}, ... ] or one task",
            ))
        }
    };
    let mut data = Dataset::default();
    let mut unscored = 0;
    for (i, task) in tasks.iter().enumerate() {
        let n = i + 1;
        // A flat task is its own data: {"text": ...}.
        let fields = match task.get("data") {
            Some(d) if d.is_object() => d,
            _ => task,
        };
        let key = match text_key {
            Some(k) => k.to_owned(),
            None if fields.get("text").is_some() => "text".to_owned(),
            None => {
                let strings: Vec<&String> = fields
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, v)| v.is_string())
                    .map(|(k, _)| k)
                    .collect();
                match strings[..] {
                    [only] => {
                        let note = format!("the text was read from data.{only} (the only text field; give --text-key to choose)");
                        if !data.notes.contains(&note) {
                            data.notes.push(note);
                        }
                        only.clone()
                    }
                    _ => {
                        let keys: Vec<String> = fields
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(k, _)| k.clone())
                            .collect();
                        return Err(FormatError::input(
                            path,
                            n,
                            format!(
                                "task {n} has no data.text (its data keys: {})",
                                keys.join(", ")
                            ),
                            "name the key that holds the text with --text-key KEY",
                        ));
                    }
                }
            }
        };
        let text = fields
            .get(&key)
            .and_then(Value::as_str)
            .ok_or_else(|| {
                FormatError::input(
                    path,
                    n,
                    format!("task {n} has no text string at data.{key}"),
                    "give every task a data string under that key, or name the key with --text-key",
                )
            })?
            .to_owned();
        check_text(path, n, &text)?;
        let offsets = Offsets::new(&text);
        let mut spans = Vec::new();
        let mut incoming_relations = Vec::new();
        for ann in task
            .get("annotations")
            .or_else(|| task.get("completions"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if ann.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
                data.skip("cancelled Label Studio annotation(s)", 1);
                continue;
            }
            // Region id -> index in `spans`.
            let mut ids: std::collections::BTreeMap<String, usize> = Default::default();
            for r in results(ann, &mut data) {
                let (start, end, label) = region(path, n, &offsets, r, unit)?;
                let at = spans.iter().position(|s: &IncomingSpan| {
                    s.start == start && s.end == end && s.label == label
                });
                if let (Some(id), Some(k)) = (r.get("id").and_then(Value::as_str), at) {
                    ids.insert(id.to_owned(), k);
                }
                if at.is_none() {
                    if let Some(id) = r.get("id").and_then(Value::as_str) {
                        ids.insert(id.to_owned(), spans.len());
                    }
                    spans.push(IncomingSpan {
                        start,
                        end,
                        label,
                        note: String::new(),
                        origin: Origin::Imported {
                            source: format!("label-studio:{source}"),
                        },
                        line: n,
                    });
                }
            }
            for (a, b, label) in relations(ann, &mut data) {
                let (Some(&from), Some(&to)) = (ids.get(&a), ids.get(&b)) else {
                    return Err(FormatError::input(
                        path,
                        n,
                        format!("relation {label} of task {n} links {a:?} and {b:?}, which are not both regions of the annotation"),
                        "point from_id and to_id at labels results of the same annotation",
                    ));
                };
                incoming_relations.push(IncomingRelation {
                    label,
                    from,
                    to,
                    note: String::new(),
                    origin: Origin::Imported {
                        source: format!("label-studio:{source}"),
                    },
                    line: n,
                });
            }
        }
        let mut relation_suggestions: Vec<RelationSuggestion> = Vec::new();
        let mut suggestions = Vec::new();
        for p in task
            .get("predictions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let model = p
                .get("model_version")
                .and_then(Value::as_str)
                .unwrap_or("label-studio")
                .to_owned();
            let task_score = p.get("score").and_then(Value::as_f64);
            let mut regions: std::collections::BTreeMap<String, (usize, usize, String)> =
                Default::default();
            for r in results(p, &mut data) {
                let (start, end, label) = region(path, n, &offsets, r, unit)?;
                if let Some(id) = r.get("id").and_then(Value::as_str) {
                    regions.insert(id.to_owned(), (start, end, label.clone()));
                }
                let score = match r.get("score").and_then(Value::as_f64).or(task_score) {
                    Some(x) => x,
                    None => {
                        unscored += 1;
                        0.0
                    }
                };
                let t = offsets.slice(start, end).to_owned();
                suggestions.push(Suggestion {
                    start,
                    end,
                    label,
                    text: t,
                    source: model.clone(),
                    score,
                });
            }
            for (a, b, label) in relations(p, &mut data) {
                match (regions.get(&a), regions.get(&b)) {
                    (Some(from), Some(to)) => relation_suggestions.push(RelationSuggestion {
                        label,
                        from: from.clone(),
                        to: to.clone(),
                        source: model.clone(),
                        score: task_score.unwrap_or(0.0),
                    }),
                    _ => data.skip(
                        "Label Studio predicted relation(s) between unknown regions",
                        1,
                    ),
                }
            }
        }
        // A predicted region that ends a relation and equals a span (Gloss
        // writes it so the relation has its region) is not a suggestion.
        suggestions.retain(|s| {
            let place = (s.start, s.end, s.label.clone());
            let ends_relation = relation_suggestions
                .iter()
                .any(|r| r.source == s.source && (r.from == place || r.to == place));
            !(ends_relation
                && spans
                    .iter()
                    .any(|x| x.start == s.start && x.end == s.end && x.label == s.label))
        });
        let data_obj = Some(fields);
        let (id, title) = (str_at(data_obj, "doc_id"), str_at(data_obj, "title"));
        data.documents.push(Incoming {
            id,
            title,
            text,
            spans,
            suggestions,
            relations: incoming_relations,
            relation_suggestions: (relation_suggestions, Vec::new()),
            line: n,
            ..Default::default()
        });
    }
    if unscored > 0 {
        data.notes.push(format!(
            "{unscored} prediction result(s) had no score: kept as suggestions with score 0 (unknown), not 1.0"
        ));
    }
    Ok(data)
}
