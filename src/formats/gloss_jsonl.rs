//! Gloss JSONL: the lossless format, one document per line with text, meta,
//! source, status, spans (with origin and note), suggestions, rejected
//! suggestions, the token layout of CoNLL/HF imports, relations (ends by
//! span id) and open and rejected relation suggestions. Each line states the
//! unit of its offsets (`"offsets": "chars" | "utf16" | "bytes"`).

use super::incoming::{
    check_text, json_line, par_lines, span_offsets, Incoming, IncomingRelation, IncomingSpan,
    Offsets,
};
use super::{ExportReport, FormatError};
use crate::model::{Document, Meta, Origin, RelationSuggestion, Status, Suggestion, TokenLayout};
use crate::text::offsets::{OffsetUnit, UnitConverter};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::path::Path;

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum OriginJson {
    Manual,
    Suggested {
        source: String,
        score: f64,
        #[serde(default)]
        corrected: bool,
    },
    Imported {
        source: String,
    },
    Curated {
        from: Vec<String>,
    },
}

impl From<&Origin> for OriginJson {
    fn from(o: &Origin) -> Self {
        match o.clone() {
            Origin::Manual => OriginJson::Manual,
            Origin::Suggested {
                source,
                score,
                corrected,
            } => OriginJson::Suggested {
                source,
                score,
                corrected,
            },
            Origin::Imported { source } => OriginJson::Imported { source },
            Origin::Curated { from } => OriginJson::Curated { from },
        }
    }
}

impl From<OriginJson> for Origin {
    fn from(o: OriginJson) -> Self {
        match o {
            OriginJson::Manual => Origin::Manual,
            OriginJson::Suggested {
                source,
                score,
                corrected,
            } => Origin::Suggested {
                source,
                score,
                corrected,
            },
            OriginJson::Imported { source } => Origin::Imported { source },
            OriginJson::Curated { from } => Origin::Curated { from },
        }
    }
}

#[derive(Serialize, Deserialize)]
struct SpanJson {
    #[serde(default)]
    id: u64,
    start: usize,
    end: usize,
    label: String,
    text: Option<String>,
    #[serde(default = "manual")]
    origin: OriginJson,
    #[serde(default)]
    note: String,
}

fn manual() -> OriginJson {
    OriginJson::Manual
}

#[derive(Serialize, Deserialize)]
struct SuggestionJson {
    start: usize,
    end: usize,
    label: String,
    text: Option<String>,
    source: String,
    score: f64,
}

#[derive(Serialize, Deserialize)]
struct RelationJson {
    #[serde(default)]
    id: u64,
    label: String,
    /// Span id of the start.
    from: u64,
    /// Span id of the end.
    to: u64,
    #[serde(default = "manual")]
    origin: OriginJson,
    #[serde(default)]
    note: String,
}

/// A relation suggestion; ends as [start, end, label] in the line's unit.
#[derive(Serialize, Deserialize)]
struct RelationSuggestionJson {
    label: String,
    from: (usize, usize, String),
    to: (usize, usize, String),
    source: String,
    score: f64,
}

#[derive(Serialize, Deserialize)]
struct LineJson {
    id: Option<String>,
    title: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
    #[serde(default)]
    meta: Meta,
    status: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default = "chars")]
    offsets: String,
    text: String,
    #[serde(default)]
    spans: Vec<SpanJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<SuggestionJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<SuggestionJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    layout: Option<LayoutJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relation_suggestions: Vec<RelationSuggestionJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected_relations: Vec<RelationSuggestionJson>,
}

fn relation_suggestion_json(
    conv: &UnitConverter,
    s: &RelationSuggestion,
) -> RelationSuggestionJson {
    let end =
        |e: &(usize, usize, String)| (conv.of_span_char(e.0), conv.of_span_char(e.1), e.2.clone());
    RelationSuggestionJson {
        label: s.label.clone(),
        from: end(&s.from),
        to: end(&s.to),
        source: s.source.clone(),
        score: s.score,
    }
}

fn relation_suggestions_from(
    path: &Path,
    n: usize,
    text: &Offsets<'_>,
    unit: OffsetUnit,
    list: Vec<RelationSuggestionJson>,
) -> Result<Vec<RelationSuggestion>, FormatError> {
    let mut out = Vec::new();
    for s in list {
        let end =
            |(a, b, l): (usize, usize, String)| -> Result<(usize, usize, String), FormatError> {
                let (a, b) = span_offsets(
                    path,
                    n,
                    text,
                    a,
                    b,
                    unit,
                    None,
                    &format!("relation suggestion end ({l})"),
                )?;
                Ok((a, b, l))
            };
        let (from, to) = (end(s.from)?, end(s.to)?);
        out.push(RelationSuggestion {
            label: s.label,
            from,
            to,
            source: s.source,
            score: s.score,
        });
    }
    Ok(out)
}

/// The token layout of a CoNLL/HF import, in the line's offset unit.
#[derive(Serialize, Deserialize)]
struct LayoutJson {
    tokens: Vec<[usize; 2]>,
    sentence_starts: Vec<usize>,
}

fn suggestion_json(conv: &UnitConverter, s: &Suggestion) -> SuggestionJson {
    SuggestionJson {
        start: conv.of_span_char(s.start),
        end: conv.of_span_char(s.end),
        label: s.label.clone(),
        text: Some(s.text.clone()),
        source: s.source.clone(),
        score: s.score,
    }
}

/// Converts and checks the suggestions of a line.
fn suggestions_from(
    path: &Path,
    n: usize,
    text: &Offsets<'_>,
    unit: OffsetUnit,
    list: Vec<SuggestionJson>,
    what: &str,
) -> Result<Vec<Suggestion>, FormatError> {
    let mut out = Vec::new();
    for s in list {
        let (start, end) = span_offsets(
            path,
            n,
            text,
            s.start,
            s.end,
            unit,
            s.text.as_deref(),
            &format!("{what} ({})", s.label),
        )?;
        out.push(Suggestion {
            start,
            end,
            label: s.label,
            text: text.slice(start, end).to_owned(),
            source: s.source,
            score: s.score,
        });
    }
    Ok(out)
}

fn chars() -> String {
    "chars".into()
}

/// Name of an offset unit in files.
pub fn unit_name(u: OffsetUnit) -> &'static str {
    match u {
        OffsetUnit::Chars => "chars",
        OffsetUnit::Utf16 => "utf16",
        OffsetUnit::Bytes => "bytes",
    }
}

/// One JSON line per document.
pub fn export<D: Borrow<Document> + Sync>(
    docs: &[D],
    unit: OffsetUnit,
    _report: &mut ExportReport,
) -> Result<String, FormatError> {
    use rayon::prelude::*;
    // Each document's line on any core, joined in document order: the
    // same bytes as one after the other.
    let lines: Vec<String> = docs
        .par_iter()
        .map(|d| line_of(d.borrow(), unit))
        .collect::<Result<_, _>>()?;
    let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum());
    for line in lines {
        out.push_str(&line);
    }
    Ok(out)
}

/// One document's JSON line, with its newline.
fn line_of(d: &Document, unit: OffsetUnit) -> Result<String, FormatError> {
    let conv = unit.converter(&d.text);
    {
        let line = LineJson {
            id: Some(d.id.clone()),
            title: Some(d.title.clone()),
            source: d.source.clone(),
            meta: d.meta.clone(),
            status: Some(d.status.name().to_owned()),
            note: d.note.clone(),
            offsets: unit_name(unit).to_owned(),
            text: d.text.clone(),
            spans: d
                .spans
                .iter()
                .map(|s| SpanJson {
                    id: s.id,
                    start: conv.of_span_char(s.start),
                    end: conv.of_span_char(s.end),
                    label: s.label.clone(),
                    text: Some(s.text.clone()),
                    origin: (&s.origin).into(),
                    note: s.note.clone(),
                })
                .collect(),
            suggestions: d
                .suggestions
                .iter()
                .map(|s| suggestion_json(&conv, s))
                .collect(),
            rejected: d
                .rejected
                .iter()
                .map(|s| suggestion_json(&conv, s))
                .collect(),
            layout: d.layout.as_ref().map(|l| LayoutJson {
                tokens: l
                    .tokens
                    .iter()
                    .map(|&(a, b)| [conv.of_span_char(a), conv.of_span_char(b)])
                    .collect(),
                sentence_starts: l.sentence_starts.clone(),
            }),
            relations: d
                .relations
                .iter()
                .map(|r| RelationJson {
                    id: r.id,
                    label: r.label.clone(),
                    from: r.from,
                    to: r.to,
                    origin: (&r.origin).into(),
                    note: r.note.clone(),
                })
                .collect(),
            relation_suggestions: d
                .relation_suggestions
                .iter()
                .map(|s| relation_suggestion_json(&conv, s))
                .collect(),
            rejected_relations: d
                .rejected_relations
                .iter()
                .map(|s| relation_suggestion_json(&conv, s))
                .collect(),
        };
        let mut json = serde_json::to_string(&line)
            .map_err(|e| FormatError::Options(format!("could not write JSON: {e}")))?;
        json.push('\n');
        Ok(json)
    }
}

/// Reads Gloss JSONL; each line's `offsets` field says its unit (the
/// `--offsets` option is the default for lines without one).
/// Lines are read on every core; the documents keep the file's order.
pub fn import(
    path: &Path,
    content: &str,
    default_unit: OffsetUnit,
) -> Result<Vec<Incoming>, FormatError> {
    par_lines(content, |n, raw| {
        let line: LineJson = json_line(path, n, raw, "Gloss JSONL")?;
        read_line(path, n, raw, line, default_unit)
    })
}

/// One line as a document; `raw` is the line as written.
fn read_line(
    path: &Path,
    n: usize,
    raw: &str,
    line: LineJson,
    default_unit: OffsetUnit,
) -> Result<Incoming, FormatError> {
    {
        check_text(path, n, &line.text)?;
        let offsets = Offsets::new(&line.text);
        let unit = match line.offsets.as_str() {
            "chars" if raw.contains("\"offsets\"") => OffsetUnit::Chars,
            "chars" => default_unit,
            "utf16" => OffsetUnit::Utf16,
            "bytes" => OffsetUnit::Bytes,
            other => {
                return Err(FormatError::input(
                    path,
                    n,
                    format!("field \"offsets\" is {other:?}"),
                    "use \"chars\", \"utf16\" or \"bytes\"",
                ))
            }
        };
        let status = match line.status.as_deref() {
            None => None,
            Some(s) => Some(Status::parse(s).ok_or_else(|| {
                FormatError::input(
                    path,
                    n,
                    format!("status {s:?} is unknown"),
                    "use todo, in_progress or done",
                )
            })?),
        };
        let mut spans = Vec::new();
        // Span id in the file -> index in `spans`.
        let mut span_index = std::collections::BTreeMap::new();
        for s in line.spans {
            span_index.insert(s.id, spans.len());
            let (start, end) = span_offsets(
                path,
                n,
                &offsets,
                s.start,
                s.end,
                unit,
                s.text.as_deref(),
                &format!("span {} ({})", s.id, s.label),
            )?;
            spans.push(IncomingSpan {
                start,
                end,
                label: s.label,
                note: s.note,
                origin: s.origin.into(),
                line: n,
            });
        }
        let suggestions =
            suggestions_from(path, n, &offsets, unit, line.suggestions, "suggestion")?;
        let rejected = suggestions_from(
            path,
            n,
            &offsets,
            unit,
            line.rejected,
            "rejected suggestion",
        )?;
        let layout = match line.layout {
            None => None,
            Some(l) => {
                let mut tokens = Vec::new();
                for [a, b] in l.tokens {
                    match (offsets.to_char(unit, a), offsets.to_char(unit, b)) {
                        (Some(a), Some(b)) => tokens.push((a, b)),
                        _ => {
                            return Err(FormatError::input(
                                path,
                                n,
                                format!("layout token {a}..{b} is not a range of the text"),
                                "correct the layout or remove it (it only keeps CoNLL/HF tokens)",
                            ))
                        }
                    }
                }
                let layout = TokenLayout {
                    tokens,
                    sentence_starts: l.sentence_starts,
                };
                if !layout.fits(offsets.char_len()) {
                    return Err(FormatError::input(
                        path,
                        n,
                        "the layout's tokens overlap, are out of order or its sentence starts are not token indices",
                        "correct the layout or remove it (it only keeps CoNLL/HF tokens)",
                    ));
                }
                Some(layout)
            }
        };
        let mut relations = Vec::new();
        for r in line.relations {
            let (Some(&from), Some(&to)) = (span_index.get(&r.from), span_index.get(&r.to)) else {
                return Err(FormatError::input(
                    path,
                    n,
                    format!("relation {} ({}) links span ids {} and {}, which the line does not both have", r.id, r.label, r.from, r.to),
                    "point \"from\" and \"to\" at ids of the line's spans",
                ));
            };
            relations.push(IncomingRelation {
                label: r.label,
                from,
                to,
                note: r.note,
                origin: r.origin.into(),
                line: n,
            });
        }
        let relation_suggestions = (
            relation_suggestions_from(path, n, &offsets, unit, line.relation_suggestions)?,
            relation_suggestions_from(path, n, &offsets, unit, line.rejected_relations)?,
        );
        Ok(Incoming {
            relations,
            relation_suggestions,
            id: line.id,
            title: line.title,
            source: Some(line.source),
            text: line.text,
            meta: line.meta,
            status,
            note: line.note,
            spans,
            suggestions,
            rejected,
            layout,
            line: n,
            ..Default::default()
        })
    }
}
