//! brat standoff: per document `<id>.txt` and `<id>.ann`, plus
//! `annotation.conf`. `T` lines carry code point offsets and the covered text
//! (a span across a line break is written as fragments `a b;c d`), `#` lines
//! AnnotatorNotes.
//!
//! Import: fragments separated only by whitespace with a line break (Gloss's
//! own line-break fragments) become one span; other discontinuous
//! annotations become one span per fragment, with a note, never one widened
//! span. Relations (`R`) between continuous annotations are imported (one
//! to a discontinuous annotation is counted, not imported); events,
//! attributes, normalizations and equivalences (`E`, `A`/`M`, `N`, `*`)
//! are counted, not imported. Document ids
//! are the file names with anything but letters, digits, `-` and `_`
//! replaced by `-` (`esp.train-doc-29.ann` -> `esp-train-doc-29`).

use super::incoming::{
    check_text, span_offsets, Dataset, Incoming, IncomingRelation, IncomingSpan, Offsets,
};
use super::{text_file, ExportReport, FormatError, OutFile};
use crate::model::{Document, Label, Origin, RelationType};
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
pub fn export(
    docs: &[Document],
    labels: &[Label],
    types: &[RelationType],
    _report: &mut ExportReport,
) -> Vec<OutFile> {
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
        // Every span is written, so every relation has its two T lines.
        let t_of = |id| d.spans.iter().position(|s| s.id == id).map(|k| k + 1);
        for (k, r) in d.relations.iter().enumerate() {
            let (Some(a), Some(b)) = (t_of(r.from), t_of(r.to)) else {
                continue;
            };
            ann.push_str(&format!("R{}\t{} Arg1:T{a} Arg2:T{b}\n", k + 1, r.label));
            if !r.note.is_empty() {
                notes += 1;
                ann.push_str(&format!(
                    "#{notes}\tAnnotatorNotes R{}\t{}\n",
                    k + 1,
                    r.note.replace(['\n', '\t'], " ")
                ));
            }
        }
        files.push(text_file(format!("{}.txt", d.id), d.text.clone()));
        files.push(text_file(format!("{}.ann", d.id), ann));
    }
    let mut conf = String::from("[entities]\n");
    for l in labels {
        conf.push_str(&l.name);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n");
    for t in types {
        conf.push_str(&format!(
            "{}\tArg1:{}, Arg2:{}\n",
            t.name,
            t.from.join("|"),
            t.to.join("|")
        ));
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    files.push(text_file("annotation.conf", conf));
    files
}

/// A document id from a brat file stem (see the module doc).
pub fn sanitized_id(stem: &str) -> String {
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        "doc".to_owned()
    } else {
        id
    }
}

/// What a brat line kind is, for the skipped counts.
fn kind_name(id: &str) -> &'static str {
    match id.chars().next() {
        Some('R') => "brat relation line(s) (R)",
        Some('E') => "brat event line(s) (E)",
        Some('A') | Some('M') => "brat attribute line(s) (A/M)",
        Some('N') => "brat normalization line(s) (N)",
        Some('*') => "brat equivalence line(s) (*)",
        _ => "brat line(s) of an unknown kind",
    }
}

/// Reads every `.ann` (with its `.txt`) in a folder, sorted by name.
pub fn import(dir: &Path, source: &str) -> Result<Dataset, FormatError> {
    let mut data = Dataset::default();
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
    for ann_path in anns {
        let txt_path = ann_path.with_extension("txt");
        let text = super::utf8::read_text(&txt_path)?;
        check_text(&txt_path, 1, &text)?;
        let text_index = Offsets::new(&text);
        let ann = super::utf8::read_text(&ann_path)?;
        let mut spans: Vec<(String, IncomingSpan)> = Vec::new();
        // Fragments of discontinuous annotations go after the continuous
        // spans, so an overlap is charged to the fragment.
        let mut fragment_spans: Vec<(String, IncomingSpan)> = Vec::new();
        let mut notes: Vec<(String, String)> = Vec::new();
        // R lines: (R id, type, Arg1 T id, Arg2 T id, line).
        let mut rels: Vec<(String, String, String, String, usize)> = Vec::new();
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
                        &text_index,
                        a,
                        b,
                        OffsetUnit::Chars,
                        None,
                        &format!("{id} fragment"),
                    )?);
                }
                if let Some(c) = covered {
                    let expected: Vec<String> = frags
                        .iter()
                        .map(|&(a, b)| text_index.slice(a, b).to_owned())
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
                frags.sort();
                // Gloss writes a span across a line break as fragments split
                // at the break: those join back into one span.
                let chars: Vec<char> = text.chars().collect();
                let line_split = frags.windows(2).all(|w| {
                    let gap: Vec<char> = chars.get(w[0].1..w[1].0).unwrap_or_default().to_vec();
                    w[0].1 < w[1].0 && gap.contains(&'\n') && gap.iter().all(|c| c.is_whitespace())
                });
                let span = |start, end, note: String| IncomingSpan {
                    start,
                    end,
                    label: label.to_owned(),
                    note,
                    origin: Origin::Imported {
                        source: format!("brat:{source}"),
                    },
                    line: n,
                };
                if line_split {
                    let start = frags.first().map_or(0, |f| f.0);
                    let end = frags.last().map_or(0, |f| f.1);
                    spans.push((id.to_owned(), span(start, end, String::new())));
                } else {
                    let total = frags.len();
                    for (k, &(a, b)) in frags.iter().enumerate() {
                        let note = format!(
                            "fragment {} of {total} of discontinuous brat annotation {id} ({}:{n})",
                            k + 1,
                            ann_path.file_name().unwrap_or_default().to_string_lossy()
                        );
                        fragment_spans.push((id.to_owned(), span(a, b, note)));
                    }
                    data.skip(
                        "discontinuous brat annotation(s) imported as one span per fragment (with a note), not joined",
                        1,
                    );
                }
            } else if id.starts_with('#') {
                if let Some(target) = body.strip_prefix("AnnotatorNotes ") {
                    notes.push((target.to_owned(), covered.unwrap_or_default().to_owned()));
                } else {
                    data.skip("brat comment line(s) that are not AnnotatorNotes", 1);
                }
            } else if id.starts_with('R') {
                let mut parts = body.split_whitespace();
                let ty = parts.next().unwrap_or_default().to_owned();
                let mut args = parts
                    .filter_map(|a| a.split_once(':'))
                    .map(|(_, t)| t.to_owned());
                match (args.next(), args.next()) {
                    (Some(a), Some(b)) => rels.push((id.to_owned(), ty, a, b, n)),
                    _ => {
                        return Err(FormatError::input(
                            &ann_path,
                            n,
                            format!("relation line {id} does not name two arguments"),
                            "write R1<TAB>type Arg1:T1 Arg2:T2",
                        ))
                    }
                }
            } else {
                // Events, attributes...: not span annotations.
                data.skip(kind_name(id), 1);
            }
        }
        let mut rel_notes: Vec<(String, String)> = Vec::new();
        for (target, note) in notes {
            if target.starts_with('R') && rels.iter().any(|r| r.0 == target) {
                rel_notes.push((target, note));
                continue;
            }
            let found = spans
                .iter_mut()
                .chain(fragment_spans.iter_mut())
                .filter(|(id, _)| *id == target)
                .fold(false, |_, (_, s)| {
                    s.note = if s.note.is_empty() {
                        note.clone()
                    } else {
                        format!("{}; {note}", s.note)
                    };
                    true
                });
            if !found {
                data.skip(
                    "brat note(s) attached to a relation, event or attribute (not imported)",
                    1,
                );
            }
        }
        // Relations need both ends as one span each (not fragments).
        let index_of = |t: &str| spans.iter().position(|(id, _)| id == t);
        let mut relations = Vec::new();
        for (rid, ty, a, b, n) in rels {
            match (index_of(&a), index_of(&b)) {
                (Some(from), Some(to)) => relations.push(IncomingRelation {
                    label: ty,
                    from,
                    to,
                    note: rel_notes
                        .iter()
                        .filter(|(t, _)| *t == rid)
                        .map(|(_, note)| note.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    origin: Origin::Imported {
                        source: format!("brat:{source}"),
                    },
                    line: n,
                }),
                _ if fragment_spans.iter().any(|(id, _)| *id == a || *id == b) => data.skip(
                    "brat relation(s) to a discontinuous annotation (imported as fragments)",
                    1,
                ),
                _ => {
                    return Err(FormatError::input(
                        &ann_path,
                        n,
                        format!(
                        "relation {rid} names {a} and {b}, which are not both T lines of this file"
                    ),
                        "point Arg1 and Arg2 at T lines of the same .ann file",
                    ))
                }
            }
        }
        let id = ann_path
            .file_stem()
            .map(|s| sanitized_id(&s.to_string_lossy()));
        data.documents.push(Incoming {
            id,
            text,
            relations,
            spans: spans
                .into_iter()
                .chain(fragment_spans)
                .map(|(_, s)| s)
                .collect(),
            file: Some(ann_path.clone()),
            line: 1,
            ..Default::default()
        });
    }
    Ok(data)
}
