//! `gloss stats <dir>`: documents by status, spans by label and origin,
//! relations and open relation suggestions by type.

use super::{open_as, Outcome};
use crate::session::Stats;
use std::path::Path;

/// Prints the statistics table (the same counts the GUI shows), of the
/// gold layer or of `annotator`'s layer.
pub fn stats(dir: &Path, annotator: Option<&str>) -> Outcome {
    let session = open_as(dir, annotator)?;
    print!("{}", Stats::of(&session.workspace.project));
    Ok(())
}
