//! Embeds the starter corpus (see `src/suggest/model/starter.rs`): every
//! `*.marked.txt` of the development corpus folders the tagger may learn
//! from, in folder then file name order, as `(id, text)` pairs.

use std::fmt::Write as _;
use std::path::Path;

/// The folders of `tests/fixtures/dev-corpus` that make the starter corpus.
/// `unseen-4` and `unseen-6` stay out: they are the sets nobody tuned
/// anything on, which the learning report replays with this starter.
const FOLDERS: [&str; 6] = [
    "train", "test", "unseen", "unseen-2", "unseen-3", "unseen-5",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-corpus");
    let mut out = String::from("&[\n");
    for folder in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("could not read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".marked.txt"))
            .collect();
        paths.sort();
        for p in paths {
            println!("cargo:rerun-if-changed={}", p.display());
            let name = p.file_name().unwrap().to_string_lossy();
            let id = format!("{folder}/{}", name.trim_end_matches(".marked.txt"));
            let _ = writeln!(
                out,
                "    ({id:?}, include_str!({:?})),",
                p.display().to_string()
            );
        }
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("starter_corpus.rs");
    std::fs::write(dest, out).unwrap();
}
