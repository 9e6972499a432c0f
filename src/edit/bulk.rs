//! Edits that touch many places at once: find and annotate all matches, move
//! a span boundary by one token. Each returns a single [`Transaction`], so one
//! undo reverts it whole.

use super::{make_span, Edit, Transaction};
use crate::model::{Document, Origin, Project, Span};
use crate::text::Token;

/// Char ranges where `query` occurs in `text`, left to right, not overlapping.
pub fn find_all(text: &str, query: &str, match_case: bool) -> Vec<(usize, usize)> {
    let fold = |c: char| -> char {
        if match_case {
            c
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    let hay: Vec<char> = text.chars().map(fold).collect();
    let needle: Vec<char> = query.chars().map(fold).collect();
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// What annotate-all did and did not do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    /// Spans the transaction adds.
    pub added: usize,
    /// Matches already covered by (or overlapping) a span of that label.
    pub skipped_covered: usize,
    /// Matches that start or end inside a token (e.g. inside a longer word).
    pub skipped_inside_word: usize,
}

/// A transaction that labels every token-aligned match of `query` in the
/// given documents, skipping matches that overlap a span of the same label.
pub fn annotate_all(
    project: &Project,
    doc_ids: &[String],
    query: &str,
    label: &str,
    match_case: bool,
) -> (Transaction, BulkReport) {
    let query = query.trim();
    let mut tx = Transaction {
        name: format!("Annotate all {query:?} as {label}"),
        edits: Vec::new(),
    };
    let mut report = BulkReport::default();
    // One pass over the project (not a scan per id), and a document is
    // tokenized only when the query occurs in it.
    let wanted: std::collections::HashSet<&str> = doc_ids.iter().map(String::as_str).collect();
    for doc in project
        .documents
        .iter()
        .filter(|d| wanted.contains(d.id.as_str()))
    {
        let found = find_all(&doc.text, query, match_case);
        if found.is_empty() {
            continue;
        }
        let tokens = crate::text::tokenize(&doc.text);
        let starts: std::collections::BTreeSet<usize> = tokens.iter().map(|t| t.start).collect();
        let ends: std::collections::BTreeSet<usize> = tokens.iter().map(|t| t.end).collect();
        let mut next_id = doc.next_span_id();
        let mut added: Vec<(usize, usize)> = Vec::new();
        for (start, end) in found {
            if !starts.contains(&start) || !ends.contains(&end) {
                report.skipped_inside_word += 1;
                continue;
            }
            let covered = doc.same_label_clash(label, start, end, None).is_some()
                || added.iter().any(|&(s, e)| s < end && start < e);
            if covered {
                report.skipped_covered += 1;
                continue;
            }
            if let Ok(span) = make_span(doc, start, end, label, Origin::Manual) {
                added.push((start, end));
                tx.edits.push(Edit::AddSpan {
                    doc: doc.id.clone(),
                    span: Span {
                        id: next_id,
                        ..span
                    },
                });
                next_id += 1;
                report.added += 1;
            }
        }
    }
    (tx, report)
}

/// Which end of a span to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The start.
    Start,
    /// The end.
    End,
}

/// The char range `start..end` with one boundary moved by one token
/// (`forward` = towards the end of the text). `None` when it cannot move (text
/// edge, or the range would become empty).
pub fn moved_range(
    tokens: &[Token],
    (start, end): (usize, usize),
    edge: Edge,
    forward: bool,
) -> Option<(usize, usize)> {
    let (s, e) = match (edge, forward) {
        (Edge::Start, false) => (
            tokens.iter().rev().map(|t| t.start).find(|&s| s < start)?,
            end,
        ),
        (Edge::Start, true) => (tokens.iter().map(|t| t.start).find(|&s| s > start)?, end),
        (Edge::End, false) => (
            start,
            tokens.iter().rev().map(|t| t.end).find(|&e| e < end)?,
        ),
        (Edge::End, true) => (start, tokens.iter().map(|t| t.end).find(|&e| e > end)?),
    };
    (s < e).then_some((s, e))
}

/// A transaction moving one boundary of `span` by one token (see
/// [`moved_range`]).
pub fn move_edge(
    doc: &Document,
    tokens: &[Token],
    span: &Span,
    edge: Edge,
    forward: bool,
) -> Option<Transaction> {
    let (start, end) = moved_range(tokens, (span.start, span.end), edge, forward)?;
    let text = doc.slice(start, end)?.to_owned();
    let after = Span {
        start,
        end,
        text,
        origin: mark_corrected(&span.origin),
        ..span.clone()
    };
    Some(Transaction::single(
        "Resize span",
        Edit::ChangeSpan {
            doc: doc.id.clone(),
            before: span.clone(),
            after,
        },
    ))
}

/// The origin after an editor changed a span: suggestions become corrected.
pub fn mark_corrected(origin: &Origin) -> Origin {
    match origin {
        Origin::Suggested { source, score, .. } => Origin::Suggested {
            source: source.clone(),
            score: *score,
            corrected: true,
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::default_labels;

    fn project() -> Project {
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new(
            "a",
            "Bí thư Tỉnh ủy gặp Bí thư Tỉnh ủy và bí thư Tỉnh ủy. Phó Bí thư Tỉnh ủyx",
        ));
        p.documents
            .push(Document::new("b", "Ông Bí thư Tỉnh ủy 😀 nói"));
        p
    }

    #[test]
    fn find_is_in_chars_and_optionally_case_blind() {
        let t = "😀 Ủy và ủy";
        assert_eq!(find_all(t, "ủy", true), [(8, 10)]);
        assert_eq!(find_all(t, "ủy", false), [(2, 4), (8, 10)]);
        assert_eq!(find_all(t, "", false), []);
    }

    #[test]
    fn annotate_all_skips_covered_and_inside_word_and_is_one_undo() {
        let mut p = project();
        let first = make_span(&p.documents[0], 0, 14, "position", Origin::Manual).unwrap();
        apply(
            &mut p,
            &Transaction::single(
                "x",
                Edit::AddSpan {
                    doc: "a".into(),
                    span: first,
                },
            ),
        )
        .unwrap();
        let before = p.clone();
        let ids = vec!["a".to_string(), "b".to_string()];
        let (tx, report) = annotate_all(&p, &ids, "Bí thư Tỉnh ủy", "position", true);
        // a: one new (the second), one covered, "bí thư" differs in case, the
        // last ends inside "ủyx"; "Phó Bí thư Tỉnh ủy" holds a match too.
        assert_eq!(
            report,
            BulkReport {
                added: 2,
                skipped_covered: 1,
                skipped_inside_word: 1
            }
        );
        apply(&mut p, &tx).unwrap();
        assert_eq!(p.document("b").unwrap().spans[0].text, "Bí thư Tỉnh ủy");
        assert_eq!(p.document("b").unwrap().spans[0].start, 4);
        apply(&mut p, &tx.inverse()).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn move_edge_by_token() {
        let p = project();
        let doc = &p.documents[1];
        let tokens = crate::text::tokenize(&doc.text);
        let span = make_span(doc, 4, 10, "position", Origin::Manual).unwrap();
        let grow = move_edge(doc, &tokens, &span, Edge::End, true).unwrap();
        let Edit::ChangeSpan { after, .. } = &grow.edits[0] else {
            panic!()
        };
        assert_eq!(after.text, "Bí thư Tỉnh");
        let left = move_edge(doc, &tokens, &span, Edge::Start, false).unwrap();
        let Edit::ChangeSpan { after, .. } = &left.edits[0] else {
            panic!()
        };
        assert_eq!(after.text, "Ông Bí thư");
        let one = make_span(doc, 4, 6, "position", Origin::Manual).unwrap();
        assert!(move_edge(doc, &tokens, &one, Edge::End, false).is_none());
    }
}
