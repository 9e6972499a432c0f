//! Hugging Face token classification: a folder with `data/<part>.jsonl`
//! (one sentence per line: `id`, `tokens`, `ner_tags` as strings; `<part>`
//! is `train`, `dev`, `test` with `--split`, else `data`) and `labels.json`
//! (the tag list, `O` first) beside the `data` folder, so that
//! `load_dataset("json", data_dir="<out>/data")` reads only data. A part with
//! no sentence gets no file.

use super::conll::{documents_from_tagged, tagged_sentences, TaggedDocument, TaggedSentence};
use super::incoming::{json_lines, Dataset};
use super::tags::Scheme;
use super::{text_file, ExportReport, FormatError, OutFile};
use crate::model::{Document, Label};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The tag list: `O`, then every label with every prefix of the scheme.
pub fn tag_list(labels: &[Label], scheme: Scheme) -> Vec<String> {
    let mut tags = vec!["O".to_string()];
    for l in labels {
        for p in scheme.prefixes() {
            tags.push(format!("{p}-{}", l.name));
        }
    }
    tags
}

/// `data/<part>.jsonl` (when it has sentences) and `labels.json`.
pub fn export(
    docs: &[Document],
    labels: &[Label],
    scheme: Scheme,
    part: &str,
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
    let tags = tag_list(labels, scheme);
    let labels_json = serde_json::to_string_pretty(&tags).unwrap_or_default() + "\n";
    let name = if part.is_empty() { "data" } else { part };
    let mut files = Vec::new();
    if !data.is_empty() {
        files.push(text_file(format!("data/{name}.jsonl"), data));
    }
    files.push(text_file("labels.json", labels_json));
    let names: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    let snippet = format!(
        "Load with: from datasets import load_dataset, Features, Sequence, Value, ClassLabel; \
         features = Features({{\"id\": Value(\"string\"), \"tokens\": Sequence(Value(\"string\")), \
         \"ner_tags\": Sequence(ClassLabel(names=[{}]))}}); \
         ds = load_dataset(\"json\", data_dir=\"<out>/data\", features=features)",
        names.join(", ")
    );
    if !report.notes.contains(&snippet) {
        report.notes.push(snippet);
    }
    files
}

/// Reads every `.jsonl` in the folder (sorted); `ner_tags` may be strings or
/// indices into `labels.json`. Sentences `<doc>-<n>` are joined back into
/// document `<doc>`.
pub fn import(dir: &Path, source: &str) -> Result<Dataset, FormatError> {
    // Gloss's own layout keeps the data in `data/` and labels.json beside it.
    let data_dir = if dir.join("data").is_dir() {
        dir.join("data")
    } else {
        dir.to_owned()
    };
    let labels_path = [dir.join("labels.json"), dir.join("../labels.json")]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| dir.join("labels.json"));
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
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data_dir)
        .map_err(|e| FormatError::Io("read the folder", data_dir.clone(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(FormatError::input(
            dir,
            0,
            "no .jsonl file in the folder",
            "point to the folder holding labels.json and data/*.jsonl (or the .jsonl files)",
        ));
    }
    // Each document with the file it was read from, for errors.
    let mut docs: Vec<(TaggedDocument, &PathBuf)> = Vec::new();
    for f in &files {
        let content = super::utf8::read_text(f)?;
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
                Some(((last, sents), file)) if *last == id && id.is_some() && *file == f => {
                    sents.push(sent)
                }
                _ => docs.push(((id, vec![sent]), f)),
            }
        }
    }
    let mut data = Dataset::default();
    for (doc, file) in docs {
        for mut inc in documents_from_tagged(file, vec![doc], &format!("hf:{source}"))? {
            inc.file = Some(file.clone());
            data.documents.push(inc);
        }
    }
    Ok(data)
}
