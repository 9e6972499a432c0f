//! Gloss: a fast, keyboard-first tool for annotating text spans.
//!
//! Layers, with arrows pointing down only: `ui` and `cli` use `store`, `edit`,
//! `model` and `text`. Only `ui` touches the GUI toolkit; everything else is a
//! plain library used by the CLI and the tests.

pub mod cli;
pub mod edit;
pub mod formats;
pub mod model;
pub mod store;
pub mod suggest;
pub mod text;
pub mod ui;
