//! Article files that become new documents: `.txt` and `.md` (one document
//! each) and `.jsonl` (one document per line with `"text"` and optional
//! `"id"`, `"title"`, `"meta"`).
//!
//! Every text goes through [`crate::text::import`], so documents are NFC with
//! `\n` line endings whatever the file had.

use crate::model::{Document, IdAllocator, Meta, Project};
use crate::text::import::{date_of, decode_text, title_of, url_of, ImportError};
use std::path::{Path, PathBuf};

/// Why a file could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// Bad text bytes.
    #[error(transparent)]
    Text(#[from] ImportError),
    /// The file could not be read.
    #[error("could not read the file ({1}); check the path: {0}")]
    Io(PathBuf, std::io::Error),
    /// A JSONL line is not what is expected.
    #[error("{path}:{line}: {message}; fix: {fix}")]
    Jsonl {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// The extension is not one Gloss reads.
    #[error("cannot add {0}: only .txt, .md and .jsonl files can be added; convert it to UTF-8 text first")]
    Unsupported(PathBuf),
}

/// The files below `paths` that can be added, sorted: files as given, folders
/// searched recursively for `.txt`, `.md` and `.jsonl`.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, AddError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), AddError> {
    let entries = std::fs::read_dir(dir).map_err(|e| AddError::Io(dir.to_owned(), e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(extension(&p).as_str(), "txt" | "md" | "jsonl") {
            out.push(p);
        }
    }
    Ok(())
}

fn extension(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Builds a document from cleaned text, with title, URL and date found in it.
fn document_from(id: &str, raw: &[u8], path: &Path) -> Result<Document, AddError> {
    let (text, cleanup) = decode_text(path, raw)?;
    let mut doc = Document::new(id, &text);
    doc.source = path.to_string_lossy().into_owned();
    doc.cleanup = cleanup.into();
    doc.meta = Meta {
        date: date_of(&text),
        url: url_of(&text),
        author: None,
        ..Default::default()
    };
    Ok(doc)
}

/// Reads one file into new documents for `project` (ids unique in it, but the
/// documents are not added: the caller decides).
pub fn read_file(project: &Project, path: &Path) -> Result<Vec<Document>, AddError> {
    read_file_with(&mut IdAllocator::new(project), path)
}

/// [`read_file`] taking ids from `ids` (which remembers them), for many
/// files in a row.
pub fn read_file_with(ids: &mut IdAllocator, path: &Path) -> Result<Vec<Document>, AddError> {
    let bytes = std::fs::read(path).map_err(|e| AddError::Io(path.to_owned(), e))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match extension(path).as_str() {
        "txt" | "md" => {
            let doc = document_from("", &bytes, path)?;
            Ok(vec![Document {
                id: ids.fresh(&stem),
                ..doc
            }])
        }
        "jsonl" => read_jsonl(ids, path, &bytes),
        _ => Err(AddError::Unsupported(path.to_owned())),
    }
}

fn read_jsonl(ids: &mut IdAllocator, path: &Path, bytes: &[u8]) -> Result<Vec<Document>, AddError> {
    let (content, _) = decode_text(path, bytes)?;
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String, fix: &str| AddError::Jsonl {
            path: path.to_owned(),
            line: n,
            message,
            fix: fix.to_owned(),
        };
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            err(
                format!("invalid JSON at column {}: {e}", e.column()),
                "write one JSON object per line",
            )
        })?;
        let text = value.get("text").and_then(|t| t.as_str()).ok_or_else(|| {
            err(
                "field \"text\" is missing or not a string".into(),
                "give every line a \"text\" string",
            )
        })?;
        let str_field = |name: &str| -> Result<Option<String>, AddError> {
            match value.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(err(
                    format!("field {name:?} is not a string"),
                    "write it as a JSON string or leave it out",
                )),
            }
        };
        let id = str_field("id")?;
        let title = str_field("title")?;
        let mut doc = document_from("", text.as_bytes(), path)
            .map_err(|e| err(e.to_string(), "give the line a non-empty UTF-8 \"text\""))?;
        doc.id = match id {
            Some(id) => {
                if let Err(bad) = crate::model::id::check_document_id(&id) {
                    return Err(err(
                        format!("id {id:?} cannot be a document id: {bad}"),
                        "use 1-100 ASCII letters, digits, - or _, or leave the id out",
                    ));
                }
                if !ids.take(&id) {
                    return Err(err(
                        format!("a document with id {id:?} exists already"),
                        "give the line another id or leave it out",
                    ));
                }
                id
            }
            None => ids.fresh(&title_of(text)),
        };
        if let Some(t) = title {
            doc.title = t;
        }
        if let Some(meta) = value.get("meta") {
            let get = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            doc.meta.date = get("date").or(doc.meta.date);
            doc.meta.url = get("url").or(doc.meta.url);
            doc.meta.author = get("author");
        }
        doc.source = format!("{}:{n}", path.display());
        out.push(doc);
    }
    Ok(out)
}
