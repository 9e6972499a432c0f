//! `gloss relations <dir> [--doc ID] [--add TYPE --from SPAN --to SPAN
//! [--note TEXT]] [--delete ID]`: lists relations, or adds or deletes one
//! through the same session operations the GUI uses.

use super::{open_as, open_for_writing_as, CliError, Outcome};
use crate::model::{Document, RelationId, SpanId};
use crate::session::{Notice, Session};
use std::path::Path;

/// What `gloss relations` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct RelationArgs {
    /// Only this document (required to add or delete).
    pub doc: Option<String>,
    /// Add a relation of this type.
    pub add: Option<String>,
    /// Its start span id.
    pub from: Option<SpanId>,
    /// Its end span id.
    pub to: Option<SpanId>,
    /// Its note (`former`, `elected`).
    pub note: Option<String>,
    /// Delete the relation with this id.
    pub delete: Option<RelationId>,
    /// Work in this annotator's layer.
    pub annotator: Option<String>,
}

fn open_doc(session: &mut Session, dir: &Path, id: &str) -> Result<(), CliError> {
    let Some(i) = session
        .workspace
        .project
        .documents
        .iter()
        .position(|d| d.id == id)
    else {
        return Err(CliError::Usage(format!(
            "there is no document {id:?} in the project (see gloss stats): {}",
            dir.display()
        )));
    };
    session.open_document(i);
    Ok(())
}

fn print_relations(doc: &Document) {
    for r in &doc.relations {
        let end = |id| {
            doc.span(id)
                .map(|s| format!("{} {}:{:?}", s.id, s.label, s.text))
                .unwrap_or_default()
        };
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!("  ({})", r.note)
        };
        println!(
            "{}\t{}\t{}\t{} -> {}{note}",
            doc.id,
            r.id,
            r.label,
            end(r.from),
            end(r.to)
        );
    }
}

fn done(n: Notice) -> Result<(), CliError> {
    match n {
        Notice::Done(_) => Ok(()),
        Notice::Refused(t) => Err(CliError::Problems(t)),
    }
}

/// Lists, adds or deletes relations.
pub fn relations(dir: &Path, args: &RelationArgs) -> Outcome {
    let changing = args.add.is_some() || args.delete.is_some();
    if !changing {
        let mut session = open_as(dir, args.annotator.as_deref())?;
        if let Some(id) = &args.doc {
            open_doc(&mut session, dir, id)?;
        }
        for d in &session.workspace.project.documents {
            if args.doc.as_ref().is_none_or(|id| *id == d.id) {
                print_relations(d);
            }
        }
        return Ok(());
    }
    let Some(doc) = &args.doc else {
        return Err(CliError::Usage(
            "say which document with --doc ID (gloss stats lists them)".into(),
        ));
    };
    let mut session = open_for_writing_as(dir, args.annotator.as_deref())?;
    open_doc(&mut session, dir, doc)?;
    let mut said = Vec::new();
    if let Some(id) = args.delete {
        let n = session.delete_relation(id);
        said.push(n.text().to_owned());
        done(n)?;
    }
    if let Some(label) = &args.add {
        let (Some(from), Some(to)) = (args.from, args.to) else {
            return Err(CliError::Usage(
                "--add needs --from SPAN and --to SPAN (span ids, as `gloss relations` and the document file show them)".into(),
            ));
        };
        let n = session.add_relation(label, from, to);
        said.push(n.text().to_owned());
        done(n)?;
        if let Some(note) = &args.note {
            let id = session
                .document()
                .and_then(|d| d.relations.iter().map(|r| r.id).max())
                .unwrap_or_default();
            done(session.set_relation_note(id, note))?;
        }
    }
    session.save()?;
    for s in said {
        println!("{s}");
    }
    Ok(())
}
