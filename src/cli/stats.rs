//! `gloss stats <dir>`: documents by status, spans by label and origin,
//! relations and open relation suggestions by type.

use super::{open, Outcome};
use crate::session::Stats;
use std::path::Path;

/// Prints the statistics table (the same counts the GUI shows).
pub fn stats(dir: &Path) -> Outcome {
    let session = open(dir)?;
    print!("{}", Stats::of(&session.workspace.project));
    Ok(())
}
