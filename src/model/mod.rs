//! The annotation data: projects, documents, labels, spans, relations,
//! suggestions.
//!
//! All span offsets are char (code point) offsets into `Document::text`, which
//! is NFC with `\n` line endings. Invariants are checked by
//! [`Document::problems`] at load and by the edit layer before any change.

mod document;
pub mod id;
mod label;
mod layout;
mod project;
mod relation;
mod selection;
mod span;

pub use document::{Cleanup, Document, Meta, Problem, Status};
pub use label::{default_labels, parse_color, Label};
pub use layout::TokenLayout;
pub use project::{IdAllocator, Project};
pub use relation::{
    default_relation_types, relation_type_problems, Relation, RelationId, RelationSuggestion,
    RelationType,
};
pub use selection::{Draft, Selection};
pub use span::{candidate_annotators, Origin, Span, SpanId, Suggestion, CANDIDATE_SOURCE_PREFIX};
