//! Hugging Face token classification: a folder with `data.jsonl` (one
//! sentence per line: `id`, `tokens`, `ner_tags` as strings) and
//! `labels.json` (the tag list, `O` first).

use super::conll::{documents_from_tagged, tagged_sentences, TaggedDocument, TaggedSentence};
use super::incoming::{json_lines, Incoming};
use super::tags::Scheme;
use super::{ExportReport, FormatError, OutFile};
use crate::model::{Document, Label};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// `data.jsonl` and `labels.json`.
pub fn export(
    docs: &[Document],
    labels: &[Label],
    scheme: Scheme,
    report: &mut ExportReport,
) -> Vec<OutFile> {
    let mut data = String::new();
    for d in docs {
        for (k, sent) in tagged_sentences(d, scheme, report).into_iter().enumerate() {
            let tokens: Vec<&str> = sent.iter().map(|(t, _)| t.text(&d.text)).collect();
            let tags: Vec<&str> = sent.iter().map(|(_, tag)| tag.as_str()).collect();
            let line =
                json!({"id": format!("{}-{}", d.id, k + 1), "tokens": tokens, "ner_tags": tags});
            data.push_str(&line.to_string());
            data.push('\n');
        }
    }
    let mut tag_list = vec!["O".to_string()];
    for l in labels {
        for p in scheme.prefixes() {
            tag_list.push(format!("{p}-{}", l.name));
        }
    }
    let labels_json = serde_json::to_string_pretty(&tag_list).unwrap_or_default() + "\n";
    vec![
        (PathBuf::from("data.jsonl"), data),
        (PathBuf::from("labels.json"), labels_json),
    ]
}

/// Reads every `.jsonl` in the folder (sorted); `ner_tags` may be strings or
/// indices into `labels.json`. Sentences `<doc>-<n>` are joined back into
/// document `<doc>`.
pub fn import(dir: &Path, source: &str) -> Result<Vec<Incoming>, FormatError> {
    let labels_path = dir.join("labels.json");
    let tag_list: Option<Vec<String>> = match std::fs::read_to_string(&labels_path) {
        Ok(s) => Some(serde_json::from_str(&s).map_err(|e| {
            FormatError::input(
                &labels_path,
                e.line(),
                format!("invalid labels.json: {e}"),
                "write a JSON list of tag strings",
            )
        })?),
        Err(_) => None,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| FormatError::Io("read the folder", dir.to_owned(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(FormatError::input(
            dir,
            0,
            "no .jsonl file in the folder",
            "point to the folder holding data.jsonl and labels.json",
        ));
    }
    let mut docs: Vec<TaggedDocument> = Vec::new();
    for f in &files {
        let content =
            std::fs::read_to_string(f).map_err(|e| FormatError::Io("read", f.clone(), e))?;
        for (n, v) in json_lines::<Value>(f, &content, "JSON")? {
            let tokens: Vec<String> = v
                .get("tokens")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect()
                })
                .ok_or_else(|| {
                    FormatError::input(
                        f,
                        n,
                        "field \"tokens\" is missing or not a list of strings",
                        "give each line \"tokens\": [...]",
                    )
                })?;
            let raw_tags = v.get("ner_tags").and_then(Value::as_array).ok_or_else(|| {
                FormatError::input(
                    f,
                    n,
                    "field \"ner_tags\" is missing",
                    "give each line \"ner_tags\": [...]",
                )
            })?;
            let mut tags = Vec::new();
            for t in raw_tags {
                let tag = match t {
                    Value::String(s) => s.clone(),
                    Value::Number(x) => {
                        let list = tag_list.as_ref().ok_or_else(|| {
                            FormatError::input(
                                f,
                                n,
                                "ner_tags are numbers but there is no labels.json",
                                "put labels.json (the tag list) next to the data",
                            )
                        })?;
                        x.as_u64()
                            .and_then(|k| list.get(k as usize))
                            .cloned()
                            .ok_or_else(|| {
                                FormatError::input(
                                    f,
                                    n,
                                    format!("tag index {x} is not in labels.json"),
                                    "use indices of labels.json",
                                )
                            })?
                    }
                    _ => {
                        return Err(FormatError::input(
                            f,
                            n,
                            "a tag is neither a string nor a number",
                            "write tags as strings like \"B-person\"",
                        ))
                    }
                };
                tags.push(tag);
            }
            if tags.len() != tokens.len() {
                return Err(FormatError::input(
                    f,
                    n,
                    format!("{} tokens but {} tags", tokens.len(), tags.len()),
                    "give one tag per token",
                ));
            }
            let id = v.get("id").and_then(Value::as_str).map(|s| {
                s.rsplit_once('-')
                    .map_or(s, |(d, k)| {
                        if k.chars().all(|c| c.is_ascii_digit()) {
                            d
                        } else {
                            s
                        }
                    })
                    .to_owned()
            });
            let sent: TaggedSentence = tokens
                .into_iter()
                .zip(tags)
                .map(|(t, g)| (t, g, n))
                .collect();
            match docs.last_mut() {
                Some((last, sents)) if *last == id && id.is_some() => sents.push(sent),
                _ => docs.push((id, vec![sent])),
            }
        }
    }
    documents_from_tagged(dir, docs, &format!("hf:{source}"))
}
