//! Relation operations both front ends offer: link two spans (from the
//! keyboard: start, move to the other span, choose the type; or directly by
//! span ids), relabel, reverse and delete a relation, review relation
//! suggestions, and change the project's labels and relation types (the
//! settings dialog). Each is one undo step with the selection restored.

use super::{Notice, Session};
use crate::edit::relations::{make_relation, rename_label, rename_relation_type};
use crate::edit::{Edit, Transaction};
use crate::model::{
    Label, Origin, Relation, RelationId, RelationSuggestion, RelationType, Span, SpanId,
};

/// One line of the side panel's list of a span's relations.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationRow {
    /// The relation.
    pub relation: Relation,
    /// Whether the selected span is its start (`true`) or its end.
    pub outgoing: bool,
    /// The span at the other end.
    pub other: Span,
}

impl Session {
    /// The relation types that may link spans labeled `a` and `b`, either
    /// way round, with the (from, to) order each needs: `true` when `a` is
    /// the start.
    pub fn relation_types_between(&self, a: &str, b: &str) -> Vec<(RelationType, bool)> {
        let mut out = Vec::new();
        for t in &self.workspace.project.relation_types {
            if t.allows(a, b) {
                out.push((t.clone(), true));
            } else if t.allows(b, a) {
                out.push((t.clone(), false));
            }
        }
        out
    }

    /// The spans a relation from `from` can reach, in text order.
    fn link_targets(&self, from: SpanId) -> Vec<SpanId> {
        let Some(doc) = self.document() else {
            return Vec::new();
        };
        let Some(start) = doc.span(from) else {
            return Vec::new();
        };
        doc.spans
            .iter()
            .filter(|s| s.id != from)
            .filter(|s| {
                !self
                    .relation_types_between(&start.label, &s.label)
                    .is_empty()
            })
            .map(|s| s.id)
            .collect()
    }

    /// Starts a relation at the selected span; the nearest span a relation
    /// type allows becomes the proposed other end.
    pub fn start_link(&mut self) -> Notice {
        let Some(span) = self.selected_span().cloned() else {
            return Notice::Refused("Select a span first (click it, or Tab), then press L".into());
        };
        let targets = self.link_targets(span.id);
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        // The nearest candidate by distance in the text.
        let nearest = targets.iter().copied().min_by_key(|id| {
            doc.span(*id)
                .map_or(usize::MAX, |s| s.start.abs_diff(span.start))
        });
        let Some(to) = nearest else {
            return Notice::Refused(format!(
                "No relation type starts or ends at a {} span with another span of this document; add one in Project settings",
                span.label
            ));
        };
        self.selection.link = Some((span.id, Some(to)));
        Notice::Done(self.link_prompt())
    }

    /// What the status bar says while linking.
    pub fn link_prompt(&self) -> String {
        let Some((from, Some(to))) = self.selection.link else {
            return String::new();
        };
        let doc = self.document();
        let text = |id| {
            doc.and_then(|d| d.span(id))
                .map(|s| format!("{} {:?}", s.label, s.text))
                .unwrap_or_default()
        };
        let types = self.link_types();
        let keys: Vec<String> = types
            .iter()
            .map(|(t, _)| match t.hotkey {
                Some(k) => format!("{k} {}", t.name),
                None => t.name.clone(),
            })
            .collect();
        format!(
            "Link {} → {}: Tab/Shift+Tab other span, {}{}, Esc cancels",
            text(from),
            text(to),
            keys.join(", "),
            if types.len() == 1 { " or Enter" } else { "" }
        )
    }

    /// The relation types that fit the link being made.
    pub fn link_types(&self) -> Vec<(RelationType, bool)> {
        let Some((from, Some(to))) = self.selection.link else {
            return Vec::new();
        };
        let Some(doc) = self.document() else {
            return Vec::new();
        };
        match (doc.span(from), doc.span(to)) {
            (Some(a), Some(b)) => self.relation_types_between(&a.label, &b.label),
            _ => Vec::new(),
        }
    }

    /// Moves the proposed other end of the link to the next (or previous)
    /// span a relation type allows, in text order, wrapping around.
    pub fn move_link(&mut self, forward: bool) -> Notice {
        let Some((from, to)) = self.selection.link else {
            return Notice::Refused("Not linking; select a span and press L".into());
        };
        let targets = self.link_targets(from);
        if targets.is_empty() {
            return Notice::Refused("No other span can be linked".into());
        }
        let at = to.and_then(|t| targets.iter().position(|x| *x == t));
        let n = targets.len();
        let next = match (at, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.selection.link = Some((from, targets.get(next).copied()));
        Notice::Done(self.link_prompt())
    }

    /// Links span `from` to span `to` (a drag from `from`'s label tag): at
    /// once when one relation type fits (oriented as the type needs), else
    /// the link waits for a type's hotkey.
    pub fn link_spans(&mut self, from: SpanId, to: SpanId) -> Notice {
        let labels = self
            .document()
            .and_then(|d| Some((d.span(from)?.label.clone(), d.span(to)?.label.clone())));
        let Some((a, b)) = labels else {
            return Notice::Refused("Drop the link on another span".into());
        };
        let types = self.relation_types_between(&a, &b);
        match &types[..] {
            [] => Notice::Refused(format!(
                "No relation type links a {a} span and a {b} span; add one in Project settings"
            )),
            [(ty, forward)] => {
                let (x, y) = if *forward { (from, to) } else { (to, from) };
                let name = ty.name.clone();
                self.add_relation(&name, x, y)
            }
            _ => {
                self.selection.select_span_id(from);
                self.selection.link = Some((from, Some(to)));
                Notice::Done(self.link_prompt())
            }
        }
    }

    /// Leaves linking without a change.
    pub fn cancel_link(&mut self) -> Notice {
        self.selection.link = None;
        Notice::Done("Link cancelled".into())
    }

    /// Finishes the link with the type whose hotkey is `key`, or with the
    /// only type that fits when `key` is `None` (Enter).
    pub fn finish_link(&mut self, key: Option<char>) -> Notice {
        let Some((from, Some(to))) = self.selection.link else {
            return Notice::Refused("Not linking; select a span and press L".into());
        };
        let types = self.link_types();
        let chosen = match key {
            Some(k) => types.iter().find(|(t, _)| {
                t.hotkey.map(|h| h.to_ascii_lowercase()) == Some(k.to_ascii_lowercase())
            }),
            None if types.len() == 1 => types.first(),
            None => {
                return Notice::Refused(format!(
                    "{} relation types fit; press the key of one ({})",
                    types.len(),
                    self.link_prompt()
                ))
            }
        };
        let Some((ty, forward)) = chosen.cloned() else {
            return Notice::Refused(format!(
                "No relation type with that key fits these two spans; {}",
                self.link_prompt()
            ));
        };
        let (a, b) = if forward { (from, to) } else { (to, from) };
        let notice = self.add_relation(&ty.name, a, b);
        if !notice.is_refused() {
            self.selection.link = None;
        }
        notice
    }

    /// Adds a relation of type `label` from span `from` to span `to` of the
    /// open document.
    pub fn add_relation(&mut self, label: &str, from: SpanId, to: SpanId) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let rel = make_relation(doc, label, from, to, Origin::Manual);
        let mut tx = Transaction::single(
            format!("Add {label} relation"),
            Edit::AddRelation {
                doc: doc.id.clone(),
                relation: rel.clone(),
            },
        );
        tx.edits.extend(crate::edit::start_work(doc));
        let text = |id| doc.span(id).map(|s| s.text.clone()).unwrap_or_default();
        let done = format!("Added {label}: {} → {}", text(from), text(to));
        let mut after = self.selection.clone();
        after.link = None;
        after.relation = Some(rel.id);
        match self.edit(tx, after) {
            Ok(()) => Notice::Done(done),
            Err(n) => n,
        }
    }

    /// The relations of the selected span, for the side panel.
    pub fn selected_relations(&self) -> Vec<RelationRow> {
        let (Some(doc), Some(id)) = (self.document(), self.selection.selected_span) else {
            return Vec::new();
        };
        doc.relations_of(id)
            .filter_map(|r| {
                let outgoing = r.from == id;
                let other = doc.span(if outgoing { r.to } else { r.from })?.clone();
                Some(RelationRow {
                    relation: r.clone(),
                    outgoing,
                    other,
                })
            })
            .collect()
    }

    fn change_relation(
        &mut self,
        id: RelationId,
        name: &str,
        f: impl FnOnce(&Relation) -> Relation,
    ) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let Some(before) = doc.relation(id).cloned() else {
            return Notice::Refused(format!("There is no relation {id} in this document"));
        };
        let after = f(&before);
        let tx = Transaction::single(
            name,
            Edit::ChangeRelation {
                doc: doc.id.clone(),
                before,
                after,
            },
        );
        let sel = self.selection.clone();
        match self.edit(tx, sel) {
            Ok(()) => Notice::Done(name.to_owned()),
            Err(n) => n,
        }
    }

    /// The focused relation: the one chosen in the side panel (K), else the
    /// selected span's first.
    pub fn focused_relation(&self) -> Option<RelationId> {
        let rows = self.selected_relations();
        match self.selection.relation {
            Some(id) if rows.iter().any(|r| r.relation.id == id) => Some(id),
            _ => rows.first().map(|r| r.relation.id),
        }
    }

    /// Focuses the selected span's next relation, wrapping around.
    pub fn focus_next_relation(&mut self) -> Notice {
        let rows = self.selected_relations();
        if rows.is_empty() {
            return Notice::Refused("The selected span has no relations (L starts one)".into());
        }
        let at = self
            .focused_relation()
            .and_then(|id| rows.iter().position(|r| r.relation.id == id));
        let next = match (at, self.selection.relation.is_some()) {
            (Some(i), true) => (i + 1) % rows.len(),
            _ => 0,
        };
        let Some(row) = rows.get(next) else {
            return Notice::Refused("The selected span has no relations".into());
        };
        self.selection.relation = Some(row.relation.id);
        let arrow = if row.outgoing { "→" } else { "←" };
        Notice::Done(format!(
            "Relation {}: {} {arrow} {:?}; T relabels, Shift+Del deletes",
            row.relation.id, row.relation.label, row.other.text
        ))
    }

    /// Gives the focused relation the next type that fits its ends.
    pub fn cycle_relation_type(&mut self) -> Notice {
        let Some(id) = self.focused_relation() else {
            return Notice::Refused("Select a span with a relation first".into());
        };
        match self.next_relation_type(id) {
            Some(t) => self.relabel_relation(id, &t),
            None => Notice::Refused(
                "No other relation type fits these two spans (Project settings adds types)".into(),
            ),
        }
    }

    /// Deletes the focused relation.
    pub fn delete_focused_relation(&mut self) -> Notice {
        match self.focused_relation() {
            Some(id) => self.delete_relation(id),
            None => Notice::Refused("Select a span with a relation first".into()),
        }
    }

    /// Gives relation `id` another type (refused when the type does not fit
    /// its ends).
    pub fn relabel_relation(&mut self, id: RelationId, label: &str) -> Notice {
        self.change_relation(id, &format!("Relabel relation as {label}"), |r| Relation {
            label: label.to_owned(),
            ..r.clone()
        })
    }

    /// The next relation type (in project order) that fits relation `id`'s
    /// ends, for cycling from the keyboard.
    pub fn next_relation_type(&self, id: RelationId) -> Option<String> {
        let doc = self.document()?;
        let r = doc.relation(id)?;
        let (a, b) = (doc.span(r.from)?, doc.span(r.to)?);
        let fits: Vec<&RelationType> = self
            .workspace
            .project
            .relation_types
            .iter()
            .filter(|t| t.allows(&a.label, &b.label))
            .collect();
        let at = fits.iter().position(|t| t.name == r.label)?;
        let next = fits.get((at + 1) % fits.len())?;
        (next.name != r.label).then(|| next.name.clone())
    }

    /// Sets relation `id`'s note (`former`, `elected`...).
    pub fn set_relation_note(&mut self, id: RelationId, note: &str) -> Notice {
        let note = super::input::clean_line(note);
        self.change_relation(id, "Relation note", |r| Relation { note, ..r.clone() })
    }

    /// Deletes relation `id`.
    pub fn delete_relation(&mut self, id: RelationId) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let Some(rel) = doc.relation(id).cloned() else {
            return Notice::Refused(format!("There is no relation {id} in this document"));
        };
        let tx = Transaction::single(
            format!("Delete {} relation", rel.label),
            Edit::RemoveRelation {
                doc: doc.id.clone(),
                relation: rel.clone(),
            },
        );
        let sel = self.selection.clone();
        match self.edit(tx, sel) {
            Ok(()) => Notice::Done(format!("Deleted {} relation", rel.label)),
            Err(n) => n,
        }
    }

    /// Moves to the next (or previous) open relation suggestion of the open
    /// document, in file order.
    pub fn step_relation_suggestion(&mut self, forward: bool) -> Notice {
        let Some(doc) = self.document() else {
            return Notice::Refused("Open a document first".into());
        };
        let list = &doc.relation_suggestions;
        if list.is_empty() {
            return Notice::Done("No relation suggestions in this document".into());
        }
        let at = self
            .selection
            .relation_suggestion
            .as_ref()
            .and_then(|s| list.iter().position(|x| x == s));
        let n = list.len();
        let i = match (at, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        let Some(s) = list.get(i).cloned() else {
            return Notice::Done("No relation suggestions in this document".into());
        };
        let text = |(a, b, _): &(usize, usize, String)| doc.slice(*a, *b).unwrap_or("").to_owned();
        let msg = format!(
            "Relation suggestion {}/{n}: {} {:?} → {:?}; A accepts, R rejects",
            i + 1,
            s.label,
            text(&s.from),
            text(&s.to)
        );
        self.selection.clear();
        self.selection.caret = s.from.0;
        self.selection.relation_suggestion = Some(s);
        Notice::Done(msg)
    }

    /// Accepts the relation suggestion under review: its ends become spans
    /// when they are not yet (taking a matching span suggestion off the open
    /// list), then the relation is added; one undo step.
    pub fn accept_relation_suggestion(&mut self) -> Notice {
        let (Some(doc), Some(s)) = (self.document(), self.selection.relation_suggestion.clone())
        else {
            return Notice::Refused(
                "No relation suggestion under review (press ] to go to one)".into(),
            );
        };
        match crate::suggest::relations::accept(doc, &s) {
            Ok(tx) => {
                let mut after = self.selection.clone();
                after.relation_suggestion = None;
                match self.edit(tx, after) {
                    Ok(()) => Notice::Done(format!("Accepted {} relation", s.label)),
                    Err(n) => n,
                }
            }
            Err(e) => Notice::Refused(format!("Not done: {e}")),
        }
    }

    /// Rejects the relation suggestion under review (it is not proposed
    /// again).
    pub fn reject_relation_suggestion(&mut self) -> Notice {
        let (Some(doc), Some(s)) = (self.document(), self.selection.relation_suggestion.clone())
        else {
            return Notice::Refused(
                "No relation suggestion under review (press ] to go to one)".into(),
            );
        };
        let tx = crate::suggest::relations::reject(doc, &s);
        let mut after = self.selection.clone();
        after.relation_suggestion = None;
        match self.edit(tx, after) {
            Ok(()) => Notice::Done(format!("Rejected {} relation", s.label)),
            Err(n) => n,
        }
    }

    /// Replaces labels and relation types (the settings dialog's add,
    /// recolor, reorder, hotkeys, ends); refused with the reason when a
    /// span, relation or hotkey would break.
    pub fn set_schema(&mut self, labels: Vec<Label>, types: Vec<RelationType>) -> Notice {
        let p = &self.workspace.project;
        let before = (p.labels.clone(), p.relation_types.clone());
        if before == (labels.clone(), types.clone()) {
            return Notice::Done("Nothing changed".into());
        }
        let tx = Transaction::single(
            "Change labels and relation types",
            Edit::SetSchema {
                before,
                after: (labels, types),
            },
        );
        let sel = self.selection.clone();
        match self.edit(tx, sel) {
            Ok(()) => Notice::Done("Labels and relation types changed".into()),
            Err(n) => n,
        }
    }

    /// Renames a label (`relation: false`) or relation type everywhere, as
    /// one undo step.
    pub fn rename(&mut self, old: &str, new: &str, relation: bool) -> Notice {
        if let Err(n) = self.load_all() {
            return n;
        }
        let new = new.trim();
        let p = &self.workspace.project;
        let tx = if relation {
            rename_relation_type(p, old, new)
        } else {
            rename_label(p, old, new)
        };
        let tx = match tx {
            Ok(tx) => tx,
            Err(e) => return Notice::Refused(format!("Not renamed: {e}")),
        };
        let sel = self.selection.clone();
        match self.edit(tx, sel) {
            Ok(()) => {
                if self.active_label.as_deref() == Some(old) {
                    self.active_label = Some(new.to_owned());
                }
                Notice::Done(format!("Renamed {old} to {new}"))
            }
            Err(n) => n,
        }
    }

    /// How many spans (or relations) in the documents read so far use a
    /// label (or relation type), for the settings dialog's delete question
    /// (deleting reads every document first and counts again).
    pub fn uses(&self, name: &str, relation: bool) -> usize {
        let docs = &self.workspace.project.documents;
        if relation {
            docs.iter()
                .map(|d| d.relations.iter().filter(|r| r.label == name).count())
                .sum()
        } else {
            docs.iter()
                .map(|d| d.spans.iter().filter(|s| s.label == name).count())
                .sum()
        }
    }

    /// Deletes a label or relation type. While it is in use this is refused
    /// unless `with_uses`, which deletes its spans (with their relations)
    /// or its relations too, in the same undo step.
    pub fn delete_from_schema(&mut self, name: &str, relation: bool, with_uses: bool) -> Notice {
        if let Err(n) = self.load_all() {
            return n;
        }
        let p = &self.workspace.project;
        let n = self.uses(name, relation);
        let what = if relation { "relation" } else { "span" };
        if n > 0 && !with_uses {
            return Notice::Refused(format!(
                "{name:?} is used by {n} {what}(s); choose \"delete {n} {what}s too\" or relabel them first"
            ));
        }
        let mut edits = Vec::new();
        for d in &p.documents {
            if relation {
                for r in d.relations.iter().filter(|r| r.label == name) {
                    edits.push(Edit::RemoveRelation {
                        doc: d.id.clone(),
                        relation: r.clone(),
                    });
                }
                for (list, rejected) in [
                    (&d.relation_suggestions, false),
                    (&d.rejected_relations, true),
                ] {
                    for s in list.iter().filter(|s| s.label == name) {
                        edits.push(Edit::RemoveRelationSuggestion {
                            doc: d.id.clone(),
                            suggestion: s.clone(),
                            rejected,
                        });
                    }
                }
            } else {
                let mut gone = std::collections::BTreeSet::new();
                for r in &d.relations {
                    let uses = |id| d.span(id).is_some_and(|s| s.label == name);
                    if (uses(r.from) || uses(r.to)) && gone.insert(r.id) {
                        edits.push(Edit::RemoveRelation {
                            doc: d.id.clone(),
                            relation: r.clone(),
                        });
                    }
                }
                for s in d.spans.iter().filter(|s| s.label == name) {
                    edits.push(Edit::RemoveSpan {
                        doc: d.id.clone(),
                        span: s.clone(),
                    });
                }
                for s in d.suggestions.iter().filter(|s| s.label == name) {
                    edits.push(Edit::RemoveSuggestion {
                        doc: d.id.clone(),
                        suggestion: s.clone(),
                    });
                }
                for s in d.rejected.iter().filter(|s| s.label == name) {
                    edits.push(Edit::RemoveRejected {
                        doc: d.id.clone(),
                        suggestion: s.clone(),
                    });
                }
                for (list, rejected) in [
                    (&d.relation_suggestions, false),
                    (&d.rejected_relations, true),
                ] {
                    for s in list.iter().filter(|s| s.from.2 == name || s.to.2 == name) {
                        edits.push(Edit::RemoveRelationSuggestion {
                            doc: d.id.clone(),
                            suggestion: s.clone(),
                            rejected,
                        });
                    }
                }
            }
        }
        let before = (p.labels.clone(), p.relation_types.clone());
        let mut after = before.clone();
        if relation {
            after.1.retain(|t| t.name != name);
        } else {
            after.0.retain(|l| l.name != name);
            // Relation types lose the label at their ends; a type left
            // without an end goes too (refused below if it is in use).
            for t in &mut after.1 {
                t.from.retain(|l| l != name);
                t.to.retain(|l| l != name);
            }
            after.1.retain(|t| !t.from.is_empty() && !t.to.is_empty());
        }
        edits.push(Edit::SetSchema { before, after });
        let tx = Transaction {
            name: format!("Delete {name}"),
            edits,
        };
        let mut sel = self.selection.clone();
        sel.clear();
        match self.edit(tx, sel) {
            Ok(()) => {
                self.drop_stale_selection();
                Notice::Done(format!("Deleted {name} and {n} {what}(s)"))
            }
            Err(n) => n,
        }
    }
}

/// A relation suggestion's ends as text, for lists: `"metric …" → "person …"`.
pub fn describe(doc: &crate::model::Document, s: &RelationSuggestion) -> String {
    let text = |(a, b, _): &(usize, usize, String)| doc.slice(*a, *b).unwrap_or("").to_owned();
    format!("{} {:?} → {:?}", s.label, text(&s.from), text(&s.to))
}

#[cfg(test)]
#[path = "relations_tests.rs"]
mod tests;
