//! brat standoff: per document `<id>.txt` and `<id>.ann`, plus
//! `annotation.conf`. `T` lines carry code point offsets and the covered text
//! (a span across a line break is written as fragments `a b;c d`), `#` lines
//! AnnotatorNotes.

use super::incoming::{check_text, span_offsets, Incoming, IncomingSpan};
use super::{ExportReport, FormatError, OutFile};
use crate::model::{Document, Label, Origin};
use crate::text::offsets::{char_slice, OffsetUnit};
use std::path::{Path, PathBuf};

/// Fragments of `start..end` that do not cross a line break.
fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = start;
    for (i, c) in text.chars().enumerate().skip(start).take(end - start) {
        if c == '\n' {
            if a < i {
                out.push((a, i));
            }
            a = i + 1;
        }
    }
    if a < end {
        out.push((a, end));
    }
    out
}

/// The files of a brat collection.
pub fn export(docs: &[Document], labels: &[Label], _report: &mut ExportReport) -> Vec<OutFile> {
    let mut files = Vec::new();
    for d in docs {
        let mut ann = String::new();
        let mut notes = 0;
        for (k, s) in d.spans.iter().enumerate() {
            let frags = fragments(&d.text, s.start, s.end);
            let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
            let covered: Vec<String> = frags
                .iter()
                .map(|&(a, b)| char_slice(&d.text, a, b).to_owned())
                .collect();
            ann.push_str(&format!(
                "T{}\t{} {}\t{}\n",
                k + 1,
                s.label,
                offsets.join(";"),
                covered.join(" ")
            ));
            if !s.note.is_empty() {
                notes += 1;
                ann.push_str(&format!(
                    "#{notes}\tAnnotatorNotes T{}\t{}\n",
                    k + 1,
                    s.note.replace(['\n', '\t'], " ")
                ));
            }
        }
        files.push((PathBuf::from(format!("{}.txt", d.id)), d.text.clone()));
        files.push((PathBuf::from(format!("{}.ann", d.id)), ann));
    }
    let mut conf = String::from("[entities]\n");
    for l in labels {
        conf.push_str(&l.name);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    files.push((PathBuf::from("annotation.conf"), conf));
    files
}

/// Reads every `.ann` (with its `.txt`) in a folder, sorted by name.
pub fn import(dir: &Path, source: &str) -> Result<Vec<Incoming>, FormatError> {
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| FormatError::Io("read the folder", dir.to_owned(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    if anns.is_empty() {
        return Err(FormatError::input(
            dir,
            0,
            "no .ann file in the folder",
            "point to a brat folder with <id>.txt and <id>.ann files",
        ));
    }
    let mut out = Vec::new();
    for ann_path in anns {
        let txt_path = ann_path.with_extension("txt");
        let text = std::fs::read_to_string(&txt_path)
            .map_err(|e| FormatError::Io("read", txt_path.clone(), e))?;
        check_text(&txt_path, 1, &text)?;
        let ann = std::fs::read_to_string(&ann_path)
            .map_err(|e| FormatError::Io("read", ann_path.clone(), e))?;
        let mut spans: Vec<(String, IncomingSpan)> = Vec::new();
        let mut notes: Vec<(String, String)> = Vec::new();
        for (i, line) in ann.lines().enumerate() {
            let n = i + 1;
            let mut cols = line.splitn(3, '\t');
            let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
                continue;
            };
            let covered = cols.next();
            if id.starts_with('T') {
                let (label, offsets) = body.split_once(' ').ok_or_else(|| {
                    FormatError::input(
                        &ann_path,
                        n,
                        "T line without offsets",
                        "write T1<TAB>label start end<TAB>text",
                    )
                })?;
                let mut frags = Vec::new();
                for f in offsets.split(';') {
                    let nums: Vec<usize> = f.split(' ').filter_map(|x| x.parse().ok()).collect();
                    let [a, b] = nums[..] else {
                        return Err(FormatError::input(
                            &ann_path,
                            n,
                            format!("offsets {f:?} are not two whole numbers"),
                            "write start end (code points)",
                        ));
                    };
                    frags.push(span_offsets(
                        &ann_path,
                        n,
                        &text,
                        a,
                        b,
                        OffsetUnit::Chars,
                        None,
                        &format!("{id} fragment"),
                    )?);
                }
                let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
                let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
                if let Some(c) = covered {
                    let expected: Vec<String> = frags
                        .iter()
                        .map(|&(a, b)| char_slice(&text, a, b).to_owned())
                        .collect();
                    if expected.join(" ") != c {
                        return Err(FormatError::input(
                            &ann_path,
                            n,
                            format!(
                                "{id} covers {:?} but the line says {c:?}",
                                expected.join(" ")
                            ),
                            "correct the offsets (code points) or the text",
                        ));
                    }
                }
                spans.push((
                    id.to_owned(),
                    IncomingSpan {
                        start,
                        end,
                        label: label.to_owned(),
                        note: String::new(),
                        origin: Origin::Imported {
                            source: format!("brat:{source}"),
                        },
                        line: n,
                    },
                ));
            } else if id.starts_with('#') {
                if let Some(target) = body.strip_prefix("AnnotatorNotes ") {
                    notes.push((target.to_owned(), covered.unwrap_or_default().to_owned()));
                }
            }
            // Relations, events and attributes are not span annotations: skipped.
        }
        for (target, note) in notes {
            if let Some((_, s)) = spans.iter_mut().find(|(id, _)| *id == target) {
                s.note = note;
            }
        }
        let id = ann_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        out.push(Incoming {
            id,
            text,
            spans: spans.into_iter().map(|(_, s)| s).collect(),
            line: 1,
            ..Default::default()
        });
    }
    Ok(out)
}
