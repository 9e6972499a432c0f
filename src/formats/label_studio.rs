//! Label Studio: a JSON list of tasks with `data.text`, `annotations[].result`
//! for spans and `predictions[]` (`model_version`, `score`) for suggestions,
//! plus the labeling config (`<name>.label_config.xml`) whose `from_name` /
//! `to_name` the results use.

use super::incoming::{check_text, span_offsets, str_at, Incoming, IncomingSpan};
use super::{ExportReport, FormatError, OutFile};
use crate::model::{Document, Label, Origin, Suggestion};
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

/// The labeling config for these labels.
pub fn label_config(labels: &[Label]) -> String {
    let mut x = format!("<View>\n  <Labels name=\"{FROM}\" toName=\"{TO}\">\n");
    for l in labels {
        x.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            xml_escape(&l.name),
            xml_escape(&l.color)
        ));
    }
    x.push_str(&format!(
        "  </Labels>\n  <Text name=\"{TO}\" value=\"$text\"/>\n</View>\n"
    ));
    x
}

/// Tasks JSON and the labeling config.
pub fn export(
    docs: &[Document],
    labels: &[Label],
    unit: OffsetUnit,
    _report: &mut ExportReport,
) -> Result<Vec<OutFile>, FormatError> {
    let off = |d: &Document, c: usize| unit.of_span_char(&d.text, c);
    let mut tasks = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let result: Vec<Value> = d
            .spans
            .iter()
            .map(|s| {
                json!({"id": format!("s{}", s.id), "from_name": FROM, "to_name": TO, "type": "labels",
                       "value": {"start": off(d, s.start), "end": off(d, s.end), "text": s.text, "labels": [s.label]}})
            })
            .collect();
        let mut by_source: std::collections::BTreeMap<&str, Vec<&Suggestion>> = Default::default();
        for s in &d.suggestions {
            by_source.entry(&s.source).or_default().push(s);
        }
        let predictions: Vec<Value> = by_source
            .into_iter()
            .map(|(source, list)| {
                let score = list.iter().map(|s| s.score).sum::<f64>() / list.len() as f64;
                let result: Vec<Value> = list
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        json!({"id": format!("p{}", k + 1), "from_name": FROM, "to_name": TO, "type": "labels", "score": s.score,
                               "value": {"start": off(d, s.start), "end": off(d, s.end), "text": s.text, "labels": [s.label]}})
                    })
                    .collect();
                json!({"model_version": source, "score": score, "result": result})
            })
            .collect();
        let mut task = json!({"id": i + 1, "data": {"text": d.text, "doc_id": d.id, "title": d.title}, "annotations": [{"id": i + 1, "result": result}]});
        if !predictions.is_empty() {
            task["predictions"] = Value::Array(predictions);
        }
        tasks.push(task);
    }
    let json = serde_json::to_string_pretty(&tasks)
        .map_err(|e| FormatError::Options(format!("could not write JSON: {e}")))?
        + "\n";
    Ok(vec![
        (PathBuf::new(), json),
        (PathBuf::from(".label_config.xml"), label_config(labels)),
    ])
}

fn results(v: &Value) -> impl Iterator<Item = &Value> {
    v.get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("labels"))
}

/// One labeled region of a result list: offsets converted and checked.
fn region(
    path: &Path,
    n: usize,
    text: &str,
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
    source: &str,
) -> Result<Vec<Incoming>, FormatError> {
    let v: Value = serde_json::from_str(content).map_err(|e| {
        FormatError::input(
            path,
            e.line(),
            format!("invalid JSON at column {}: {e}", e.column()),
            "give a JSON list of tasks as Label Studio exports",
        )
    })?;
    let tasks = v.as_array().ok_or_else(|| {
        FormatError::input(
            path,
            1,
            "the file is not a list of tasks",
            "give a JSON list [ {\"data\": {\"text\": ...}}, ... ]",
        )
    })?;
    let mut out = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let n = i + 1;
        let data = task.get("data");
        let text = data
            .and_then(|d| d.get("text"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                FormatError::input(
                    path,
                    n,
                    format!("task {n} has no data.text"),
                    "give every task data.text",
                )
            })?
            .to_owned();
        check_text(path, n, &text)?;
        let mut spans = Vec::new();
        for ann in task
            .get("annotations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if ann.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            for r in results(ann) {
                let (start, end, label) = region(path, n, &text, r, unit)?;
                if !spans
                    .iter()
                    .any(|s: &IncomingSpan| s.start == start && s.end == end && s.label == label)
                {
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
        }
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
            let default_score = p.get("score").and_then(Value::as_f64).unwrap_or(1.0);
            for r in results(p) {
                let (start, end, label) = region(path, n, &text, r, unit)?;
                let score = r
                    .get("score")
                    .and_then(Value::as_f64)
                    .unwrap_or(default_score);
                let t = char_slice(&text, start, end).to_owned();
                suggestions.push(Suggestion {
                    start,
                    end,
                    label,
                    text: t,
                    source: model.clone(),
                    score,
                });
            }
        }
        let (id, title) = (str_at(data, "doc_id"), str_at(data, "title"));
        out.push(Incoming {
            id,
            title,
            text,
            spans,
            suggestions,
            line: n,
            ..Default::default()
        });
    }
    Ok(out)
}
