//! `gloss suggest <dir> [--engine rules-vi|dictionary|model|all] [--doc ID]`.

use super::args::EngineArg;
use super::{open_for_writing_as, open_lazy_for_writing_as, progress::Progress, CliError, Outcome};
use crate::session::{Notice, SuggestJob, SuggestPhase};
use crate::suggest::Engine;
use std::path::Path;

/// Runs extractors and stores their suggestions (rejected ones are not
/// proposed again; existing spans are not proposed). The default engines are
/// the GUI's. With `annotator`, into that annotator's layer.
pub fn suggest(
    dir: &Path,
    engine: EngineArg,
    doc: Option<&str>,
    annotator: Option<&str>,
) -> Outcome {
    if doc.is_none() {
        return suggest_everywhere(dir, engine, annotator);
    }
    let mut session = open_for_writing_as(dir, annotator)?;
    let project = &session.workspace.project;
    let ids: Vec<String> = match doc {
        Some(id) if project.document(id).is_none() => {
            return Err(CliError::Usage(format!(
                "there is no document {id:?} in the project (see gloss stats): {}",
                dir.display()
            )))
        }
        Some(id) => vec![id.to_owned()],
        None => session.document_ids(true),
    };
    let engines = engine.engines();
    let extractors = session.extractors(&engines)?;
    if engines.contains(&Engine::Model) && !extractors.has_tagger() {
        eprintln!(
            "note: no model yet ({} is missing), so only rules and dictionary suggest; train one with `gloss train {}`",
            crate::suggest::model::model_path(dir).display(),
            dir.display()
        );
    }
    let project = &session.workspace.project;
    let mut job = SuggestJob::with_extractors(ids, extractors);
    let mut bar: Option<Progress> = None;
    job.run(project, None, &mut |done, total| {
        bar.get_or_insert_with(|| Progress::new(total as u64, "Suggesting"))
            .set(done as u64);
    });
    if let Some(b) = bar {
        b.finish();
    }
    match session.finish_suggest(job) {
        Notice::Done(text) => {
            session.save()?;
            println!("{text}");
            Ok(())
        }
        Notice::Refused(text) => Err(CliError::Usage(text)),
    }
}

/// Every document, a chunk at a time (the project opened index first:
/// memory stays that of one chunk), each chunk saved when done.
fn suggest_everywhere(dir: &Path, engine: EngineArg, annotator: Option<&str>) -> Outcome {
    let mut session = open_lazy_for_writing_as(dir, annotator)?;
    let engines = engine.engines();
    if engines.contains(&Engine::Model) && session.tagger()?.is_none() && engines != [Engine::Model]
    {
        eprintln!(
            "note: no model yet ({} is missing), so only rules and dictionary suggest; train one with `gloss train {}`",
            crate::suggest::model::model_path(dir).display(),
            dir.display()
        );
    }
    let mut bar: Option<(SuggestPhase, Progress)> = None;
    let done = session.suggest_in_chunks(
        &engines,
        crate::formats::CHUNK,
        &mut |phase, d, total| {
            if bar.as_ref().is_none_or(|(p, _)| *p != phase) {
                if let Some((_, b)) = bar.take() {
                    b.finish();
                }
                bar = Some((phase, Progress::new(total as u64, phase.text())));
            }
            if let Some((_, b)) = &mut bar {
                b.set(d as u64);
            }
        },
        &std::sync::atomic::AtomicBool::new(false),
    );
    if let Some((_, b)) = bar {
        b.finish();
    }
    let done = done?;
    println!(
        "{} new suggestion(s) and {} relation suggestion(s) in {} document(s); N walks through them, ] through the relations",
        done.suggestions, done.relations, done.documents
    );
    Ok(())
}
