//! The starter corpus: annotated Vietnamese news that ships inside Gloss, so
//! that a project's first model has more to learn from than the editor's
//! first few documents, as Prodigy and spaCy start from a pretrained model.
//!
//! What it is: the 93 articles of the development corpus
//! (`tests/fixtures/dev-corpus/{train,test,unseen,unseen-2,unseen-3,unseen-5}`,
//! embedded by
//! `build.rs`), annotated with the four default labels by
//! `assets/GUIDELINES.md`. Offsets are code points on NFC text, as
//! everywhere; each span's text is checked when the corpus is read.
//!
//! When it is used ([`starter_documents`]):
//! - only if the training asks for it ([`Starter::Bundled`]: `gloss train`
//!   and the GUI do, unless `--no-starter`); the library's default is off;
//! - only if every label of the project is one of the corpus's labels
//!   (for any starter: the bundled one or a part of it; a
//!   project with a label of its own would be taught "not an entity" for it
//!   by articles that never marked it);
//! - it tops the training set up to [`TOP_UP`] documents: with `n` done
//!   documents, `TOP_UP - n` starter articles spread evenly over the
//!   corpus, so every kind of article keeps a share (all 93 up to 7 done
//!   documents, none from 100 on); the editor's own documents take over
//!   as they grow and training 100 documents costs what it did;
//! - a starter article whose text is also a done document of the project
//!   is left out (the project's own annotation of it wins; done documents
//!   only, so the GUI, which has only those loaded, and the CLI train the
//!   same model); an evaluation that scores documents which may be starter
//!   articles takes them out first ([`Starter::without`]: the replay and
//!   the train/test measures do);
//! - spans of labels the project lacks are dropped.

use super::replay::marked_document;
use crate::model::{Document, Project};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

/// The bundled articles: `(id, marked text)`, in folder then file order.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/starter_corpus.rs"));

/// The labels the starter corpus is annotated with.
pub const LABELS: [&str; 4] = ["person", "position", "target", "metric"];

/// Done documents plus starter articles make at most this many training
/// documents (more done documents than this: no starter).
pub const TOP_UP: usize = 100;

/// Which extra annotated articles a training adds to the done documents.
#[derive(Debug, Clone, Default)]
pub enum Starter {
    /// None: learn from the project's done documents only.
    #[default]
    Off,
    /// The bundled corpus (when the project's labels allow it).
    Bundled,
    /// These documents (an evaluation that must keep its test articles out
    /// of the starter passes the others).
    Documents(Arc<Vec<Document>>),
}

impl PartialEq for Starter {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Starter::Off, Starter::Off) | (Starter::Bundled, Starter::Bundled) => true,
            (Starter::Documents(a), Starter::Documents(b)) => a == b,
            _ => false,
        }
    }
}

impl Starter {
    /// This starter without the articles whose text is one of `scored`'s
    /// (for evaluations: a scored document must not also teach).
    pub fn without(&self, scored: &[&Document]) -> Starter {
        let pool: &[Document] = match self {
            Starter::Off => return Starter::Off,
            Starter::Bundled => bundled(),
            Starter::Documents(d) => d,
        };
        let texts: HashSet<&str> = scored.iter().map(|d| d.text.as_str()).collect();
        if !pool.iter().any(|d| texts.contains(d.text.as_str())) {
            return self.clone();
        }
        Starter::Documents(Arc::new(
            pool.iter()
                .filter(|d| !texts.contains(d.text.as_str()))
                .cloned()
                .collect(),
        ))
    }
}

/// The bundled corpus, read once; ids are `folder/file-name`.
pub fn bundled() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        FILES
            .iter()
            .map(|(id, marked)| {
                // Checked by a test on every build: a bad article is a bug
                // of this repository, not of the user's input.
                marked_document(id, marked)
                    .unwrap_or_else(|e| panic!("starter article {id} is damaged: {e}"))
            })
            .collect()
    })
}

/// What a training takes from the starter, and why it took nothing.
#[derive(Debug, Clone, Default)]
pub struct Chosen {
    /// The articles, done, spans restricted to the project's labels.
    pub documents: Vec<Document>,
    /// Why the starter was asked for but not used (for the record's notes).
    pub skipped_because: Option<String>,
}

/// The starter articles a training on `project` with `done` done documents
/// adds (see the module documentation for the rules).
pub fn starter_documents(starter: &Starter, project: &Project, done: usize) -> Chosen {
    let pool: &[Document] = match starter {
        Starter::Off => return Chosen::default(),
        Starter::Bundled => bundled(),
        Starter::Documents(d) => d,
    };
    // Any starter, bundled or a part of it (`Starter::without`), is
    // annotated with these labels only.
    if let Some(l) = project
        .labels
        .iter()
        .find(|l| !LABELS.contains(&l.name.as_str()))
    {
        return Chosen {
            documents: Vec::new(),
            skipped_because: Some(format!(
                "the starter corpus was not used: the project's label `{}` is not one of its labels ({}); train with `--no-starter` to silence this",
                l.name,
                LABELS.join(", ")
            )),
        };
    }
    let room = TOP_UP.saturating_sub(done);
    let own: HashSet<&str> = project
        .documents
        .iter()
        .filter(|d| d.status == crate::model::Status::Done)
        .map(|d| d.text.as_str())
        .collect();
    let left: Vec<&Document> = pool
        .iter()
        .filter(|d| !own.contains(d.text.as_str()))
        .collect();
    let documents = spread(&left, room)
        .map(|d| {
            let mut d = d.clone();
            d.spans
                .retain(|s| project.labels.iter().any(|l| l.name == s.label));
            d.status = crate::model::Status::Done;
            d
        })
        .collect();
    Chosen {
        documents,
        skipped_because: None,
    }
}

/// `n` of `items` (all of them when there are no more), evenly spaced
/// over them in their order: item `k * len / n` for `k` in `0..n`.
fn spread<'a, T>(items: &'a [&'a T], n: usize) -> impl Iterator<Item = &'a T> + 'a {
    let len = items.len();
    let n = n.min(len);
    (0..n).map(move |k| items[k * len / n])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_labels, Label, Status};

    #[test]
    fn the_bundled_corpus_reads_and_its_spans_hold_their_text() {
        let docs = bundled();
        assert_eq!(
            docs.len(),
            93,
            "train 23 + test 14 + unseen 14 + unseen-2 14 + unseen-3 14 + unseen-5 14"
        );
        let mut spans = 0;
        for d in docs {
            assert_eq!(d.status, Status::Done);
            for s in &d.spans {
                let got: String = d.text.chars().skip(s.start).take(s.end - s.start).collect();
                assert_eq!(got, s.text, "{}: {}..{}", d.id, s.start, s.end);
                assert!(LABELS.contains(&s.label.as_str()), "{}", s.label);
            }
            spans += d.spans.len();
        }
        assert!(spans > 2300, "{spans} spans");
        // Sorted by folder, then by file name within a folder.
        assert!(docs[0].id.starts_with("train/"));
        assert!(docs[64].id.starts_with("unseen-2/"));
        assert!(docs[92].id.starts_with("unseen-5/"));
        assert!(docs
            .iter()
            .all(|d| !d.id.starts_with("unseen-4/") && !d.id.starts_with("unseen-6/")));
    }

    #[test]
    fn it_tops_up_to_a_hundred_documents() {
        let p = Project::new("p", default_labels());
        assert!(starter_documents(&Starter::Off, &p, 0).documents.is_empty());
        assert_eq!(
            starter_documents(&Starter::Bundled, &p, 0).documents.len(),
            93
        );
        assert_eq!(
            starter_documents(&Starter::Bundled, &p, 7).documents.len(),
            93
        );
        let some = starter_documents(&Starter::Bundled, &p, 60).documents;
        assert_eq!(some.len(), 40);
        // Spread over the corpus in its order: every folder keeps a share.
        assert_eq!(some[0].id, bundled()[0].id);
        let at = |id: &str| bundled().iter().position(|d| d.id == id).unwrap();
        assert!(some.windows(2).all(|w| at(&w[0].id) < at(&w[1].id)));
        for folder in [
            "train/",
            "test/",
            "unseen/",
            "unseen-2/",
            "unseen-3/",
            "unseen-5/",
        ] {
            assert!(
                some.iter().any(|d| d.id.starts_with(folder)),
                "{folder} has no article among {:?}",
                some.iter().map(|d| &d.id).collect::<Vec<_>>()
            );
        }
        assert!(starter_documents(&Starter::Bundled, &p, 100)
            .documents
            .is_empty());
        assert!(starter_documents(&Starter::Bundled, &p, 250)
            .documents
            .is_empty());
    }

    #[test]
    fn a_label_of_the_projects_own_keeps_the_starter_out() {
        let mut labels = default_labels();
        labels.push(Label::new("organisation", 4));
        let p = Project::new("p", labels);
        let c = starter_documents(&Starter::Bundled, &p, 3);
        assert!(c.documents.is_empty());
        let why = c.skipped_because.unwrap();
        assert!(
            why.contains("`organisation`") && why.contains("--no-starter"),
            "{why}"
        );
    }

    #[test]
    fn fewer_labels_drop_the_others_spans_and_own_articles_are_left_out() {
        let labels: Vec<Label> = default_labels()
            .into_iter()
            .filter(|l| l.name == "person" || l.name == "position")
            .collect();
        let mut p = Project::new("p", labels);
        let mut mine = bundled()[3].clone();
        mine.id = "mine".into();
        p.documents.push(mine);
        let c = starter_documents(&Starter::Bundled, &p, 1);
        assert_eq!(c.documents.len(), 92);
        assert!(c.documents.iter().all(|d| d.id != bundled()[3].id));
        assert!(c
            .documents
            .iter()
            .flat_map(|d| &d.spans)
            .all(|s| s.label == "person" || s.label == "position"));
        assert!(c.documents.iter().any(|d| !d.spans.is_empty()));
        // Only done documents take articles out.
        p.documents[0].status = Status::Todo;
        assert_eq!(
            starter_documents(&Starter::Bundled, &p, 0).documents.len(),
            93
        );
    }

    #[test]
    fn an_evaluation_takes_its_scored_articles_out() {
        let scored: Vec<&Document> = bundled()[10..12].iter().collect();
        let Starter::Documents(left) = Starter::Bundled.without(&scored) else {
            panic!("a smaller starter");
        };
        assert_eq!(left.len(), 91);
        assert!(left
            .iter()
            .all(|d| d.id != bundled()[10].id && d.id != bundled()[11].id));
        let other = Document::new("x", "Một bài khác.");
        assert_eq!(Starter::Bundled.without(&[&other]), Starter::Bundled);
        assert_eq!(Starter::Off.without(&scored), Starter::Off);
    }
}
