//! Where the editor is in a document: caret, text selection, selected span,
//! the suggestion under review and the editor's draft of it.
//!
//! Plain data with no knowledge of the screen, so the session layer, the
//! undo history and tests can all hold and restore it. Offsets are chars.

use super::{RelationId, RelationSuggestion, Span, SpanId, Suggestion};

/// A suggestion under review as the editor has changed it so far:
/// (start, end, label).
pub type Draft = (usize, usize, String);

/// The editor's position and selection in the open document.
///
/// Invariant kept by the methods: a selected span, a text selection and a
/// suggestion under review exclude each other.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// The document this selection belongs to.
    pub doc: Option<String>,
    /// Caret position.
    pub caret: usize,
    /// Selection anchor: the text selection is `anchor..caret` (either order).
    pub anchor: Option<usize>,
    /// The selected span.
    pub selected_span: Option<SpanId>,
    /// The selected suggestion as stored in the document.
    pub selected_suggestion: Option<Suggestion>,
    /// The editor's changes to it before accepting.
    pub draft: Option<Draft>,
    /// A relation being made from the keyboard: the span it starts at and
    /// the span it would point at (moved with Tab / Shift+Tab).
    pub link: Option<(SpanId, Option<SpanId>)>,
    /// The relation suggestion under review.
    pub relation_suggestion: Option<RelationSuggestion>,
    /// The focused relation of the selected span (side panel; T relabels
    /// it, Shift+Del deletes it).
    pub relation: Option<RelationId>,
}

impl Selection {
    /// An empty selection at the start of `doc`.
    pub fn at_start(doc: &str) -> Self {
        Self {
            doc: Some(doc.to_owned()),
            ..Self::default()
        }
    }

    /// The text selection as an ordered, non-empty char range.
    pub fn selection(&self) -> Option<(usize, usize)> {
        let a = self.anchor?;
        (a != self.caret).then(|| (a.min(self.caret), a.max(self.caret)))
    }

    /// Selects `start..end` (caret at its end, clamped to `len` chars).
    pub fn select_range(&mut self, start: usize, end: usize, len: usize) {
        self.clear_suggestion();
        self.anchor = Some(start.min(len));
        self.caret = end.min(len);
        self.selected_span = None;
    }

    /// Selects a suggestion for review; its draft starts as the suggestion.
    pub fn select_suggestion(&mut self, s: &Suggestion) {
        self.selected_suggestion = Some(s.clone());
        self.draft = Some((s.start, s.end, s.label.clone()));
        self.selected_span = None;
        self.anchor = None;
        self.caret = s.start;
    }

    /// Drops the suggestion under review.
    pub fn clear_suggestion(&mut self) {
        self.selected_suggestion = None;
        self.draft = None;
    }

    /// Selects a span (caret at its start).
    pub fn select_span(&mut self, span: &Span) {
        self.clear_suggestion();
        self.selected_span = Some(span.id);
        self.anchor = None;
        self.caret = span.start;
    }

    /// Selects the span with this id (when its place is not at hand).
    pub fn select_span_id(&mut self, id: SpanId) {
        self.clear_suggestion();
        self.selected_span = Some(id);
        self.anchor = None;
    }

    /// Moves the caret to `to` (clamped to `len` chars), extending the text
    /// selection when `extend`.
    pub fn move_caret(&mut self, to: usize, extend: bool, len: usize) {
        if extend {
            self.anchor.get_or_insert(self.caret);
        } else {
            self.anchor = None;
        }
        self.caret = to.min(len);
        self.selected_span = None;
    }

    /// Clears everything but the caret.
    pub fn clear(&mut self) {
        self.anchor = None;
        self.selected_span = None;
        self.clear_suggestion();
        self.link = None;
        self.relation_suggestion = None;
        self.relation = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_exclude_each_other() {
        let mut s = Selection::at_start("d");
        s.select_range(5, 2, 10);
        assert_eq!(s.selection(), Some((2, 5)));
        let sug = Suggestion {
            start: 1,
            end: 3,
            label: "person".into(),
            text: "ab".into(),
            source: "rules-vi".into(),
            score: 0.5,
        };
        s.select_suggestion(&sug);
        assert_eq!(s.selection(), None);
        assert_eq!(s.draft, Some((1, 3, "person".into())));
        s.move_caret(99, true, 10);
        assert_eq!(s.selection(), Some((1, 10)));
        s.clear();
        assert_eq!((s.selection(), s.draft.clone()), (None, None));
    }
}
