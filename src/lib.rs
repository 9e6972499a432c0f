//! Gloss: a fast, keyboard-first tool for annotating text spans.
//!
//! Layers, with arrows pointing down only (see `docs/ARCHITECTURE.md`):
//! `ui` and `cli` (siblings that never import each other) use `session`,
//! which uses `suggest` and `formats`, which use `store`, `edit`, `model` and
//! `text`. Only `ui` touches the GUI toolkit.

pub mod cli;
pub mod edit;
pub mod formats;
pub mod model;
pub mod session;
pub mod store;
pub mod suggest;
pub mod team;
pub mod text;
pub mod ui;
