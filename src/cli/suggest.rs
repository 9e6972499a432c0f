//! `gloss suggest <dir> [--engine rules-vi|dictionary|all] [--doc ID]`.

use super::args::EngineArg;
use super::{open_for_writing, progress::Progress, CliError, Outcome};
use crate::session::{Notice, SuggestJob};
use std::path::Path;

/// Runs extractors and stores their suggestions (rejected ones are not
/// proposed again; existing spans are not proposed). The default engines are
/// the GUI's.
pub fn suggest(dir: &Path, engine: EngineArg, doc: Option<&str>) -> Outcome {
    let mut session = open_for_writing(dir)?;
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
    let mut job = SuggestJob::new(project, ids, &engine.engines());
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
