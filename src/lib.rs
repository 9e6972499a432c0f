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

/// The allocator of every program built on this library (the app, the
/// benchmarks, the examples, the tests): glibc's hands freed blocks above
/// its mmap threshold back to the system at once, and each return stops
/// the other cores (a TLB shootdown), which cost the parallel suggestion
/// job a third of its CPU time (`docs/PERFORMANCE.md`, "The allocator").
/// A program that links this library cannot set an allocator of its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
