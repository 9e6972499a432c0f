//! Training the tagger on the documents an editor marked done: averaged
//! structured perceptron over sentences, deterministic for a seed.
//!
//! Only `done` documents teach (an unfinished document would teach "not an
//! entity" for everything not yet marked). Spans of different labels that
//! overlap cannot both be BIO tags: the earlier one wins (at the same start
//! the longer one), the other is left out and counted. The `dictionary`
//! features of a done document come from a dictionary learned from the
//! other fifth-parts of the done documents, so the model does not learn to
//! trust a dictionary that memorised the very document it reads; those of
//! a starter article ([`super::starter`]) from all the done documents (the
//! `dictionary` engine learns from the project alone). The record's
//! held-out scores: with the policy learned, its last fold (four fifths of
//! the done documents and of the starter articles); without, a training on
//! four fifths of the done documents and every starter article.

use super::chain::{allowed, tag_count, viterbi};
use super::figures;
use super::policy::learn_leads;
use super::record::{HeldOut, ModelRecord};
use super::starter::{starter_documents, Starter};
use super::tagger::{chain_labels, prepare, FeatureIndex, Tagger};
use super::{ModelError, DEFAULT_TAU};
use crate::model::{Document, Project, Status};
use crate::suggest::doc_tokens::DocTokens;
use crate::suggest::eval::{score, Labeled, MatchMode};
use crate::suggest::rules_vi::rules_vi_on;
use crate::suggest::{rules_vi, Dictionary};
use std::time::Instant;

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Seed of the sentence order.
    pub seed: u64,
    /// Passes over the training sentences.
    pub epochs: u32,
    /// Also train on four fifths and score the last fifth (every fifth done
    /// document), for the record; costs a second training (none when the
    /// policy is learned: its last fold is that training).
    pub held_out: bool,
    /// Learn who leads each label in `all` by 5-fold cross-validation over
    /// the done documents and the starter articles ([`super::policy`]);
    /// costs five trainings on four fifths. Without it (or with fewer than
    /// five documents in all) the rules lead every label.
    pub learn_policy: bool,
    /// Annotated articles added to the done documents ([`super::starter`]);
    /// off by default, `gloss train` and the GUI take the bundled ones.
    pub starter: Starter,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            epochs: 12,
            held_out: true,
            learn_policy: true,
            starter: Starter::Off,
        }
    }
}

/// A trained tagger and what to record about it.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model.
    pub tagger: Tagger,
    /// Its record (documents, time, held-out scores, seed).
    pub record: ModelRecord,
}

/// Mixed into the seed for the figure model's own sentence order.
const FIGURE_SEED: u64 = 0xf16e_5eed;

/// SplitMix64: a small deterministic generator for the shuffles.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(super) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One training sentence: feature rows per token and gold tags.
struct Example {
    rows: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

/// Counts of what the training data held.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counts {
    spans: usize,
    tokens: usize,
    skipped: usize,
}

/// Gold BIO tags of a document's tokens for the chain labels `chain`
/// (indices into `labels`; tag `1 + 2k` begins chain label `k`); counts
/// spans left out (overlapping another label's span, off token boundaries,
/// or of a label the model lacks). Spans of the figure model's labels are
/// counted as learned and leave their tokens outside.
fn gold_tags(
    doc: &Document,
    tokens: &[crate::text::Token],
    labels: &[String],
    chain: &[usize],
    c: &mut Counts,
) -> Vec<usize> {
    let mut tags = vec![0usize; tokens.len()];
    let mut spans: Vec<_> = doc.spans.iter().collect();
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.label.clone()));
    for s in spans {
        let Some(label) = labels.iter().position(|x| *x == s.label) else {
            c.skipped += 1;
            continue;
        };
        // A label outside the chain is the figure model's: it learns it.
        let Some(l) = chain.iter().position(|&x| x == label) else {
            c.spans += 1;
            continue;
        };
        let a = tokens.partition_point(|t| t.start < s.start);
        let b = tokens.partition_point(|t| t.end <= s.end);
        let aligned = tokens.get(a).is_some_and(|t| t.start == s.start)
            && b > a
            && tokens.get(b - 1).is_some_and(|t| t.end == s.end);
        if !aligned || tags[a..b].iter().any(|&t| t != 0) {
            c.skipped += 1;
            continue;
        }
        tags[a] = 1 + 2 * l;
        for t in &mut tags[a + 1..b] {
            *t = 2 + 2 * l;
        }
        c.spans += 1;
    }
    tags
}

/// Dictionary suggestions for each document: for the project's `own`
/// documents (first in `docs`), from a dictionary learned from its other
/// fifths; for starter articles, from one learned from all of them. The
/// `dictionary` engine learns from the project alone, so training sees
/// the dictionary hits suggesting will.
fn jackknife_dictionary(
    docs: &[&Document],
    own: usize,
    labels: &[crate::model::Label],
) -> Vec<Vec<crate::model::Suggestion>> {
    const PARTS: usize = 5;
    let learn = |keep: &dyn Fn(usize) -> bool| {
        Dictionary::learn(&Project {
            labels: labels.to_vec(),
            documents: docs[..own]
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(_, d)| (*d).clone())
                .collect(),
            ..Default::default()
        })
    };
    let mut out = vec![Vec::new(); docs.len()];
    for part in 0..PARTS.min(own) {
        let dict = learn(&|i| i % PARTS != part);
        for (i, d) in docs[..own].iter().enumerate() {
            if i % PARTS == part {
                out[i] = dict.suggest(d);
            }
        }
    }
    if own < docs.len() {
        let dict = learn(&|_| true);
        for (i, d) in docs.iter().enumerate().skip(own) {
            out[i] = dict.suggest(d);
        }
    }
    out
}

/// The documents that teach: done, with text.
pub fn training_documents(project: &Project) -> Vec<&Document> {
    project
        .documents
        .iter()
        .filter(|d| d.status == Status::Done)
        .collect()
}

/// Trains on `docs` (all done: the project's `own` first, then starter
/// articles) with the project's labels; the rules lead every label. The
/// counts of spans left out are the project's documents' only.
pub(super) fn fit(
    docs: &[&Document],
    own: usize,
    labels: &[crate::model::Label],
    opts: &TrainOptions,
) -> (Tagger, Counts) {
    let names: Vec<String> = labels.iter().map(|l| l.name.clone()).collect();
    let dicts = jackknife_dictionary(docs, own, labels);
    let mut index: FeatureIndex = FeatureIndex::default();
    let mut hashes: Vec<u64> = Vec::new();
    let mut examples = Vec::new();
    let mut counts = Counts::default();
    let tables: Vec<DocTokens> = docs.iter().map(|d| DocTokens::new(d)).collect();
    let all_rules: Vec<Vec<crate::model::Suggestion>> = docs
        .iter()
        .zip(&tables)
        .map(|(d, t)| rules_vi_on(d, t))
        .collect();
    let figure_labels = figures::figure_labels(docs, &names);
    let chain = chain_labels(names.len(), &figure_labels);
    let tags = tag_count(chain.len());
    let mut figure_examples = Vec::new();
    for (n, (((doc, dict), table), rules)) in docs
        .iter()
        .zip(&dicts)
        .zip(&tables)
        .zip(&all_rules)
        .enumerate()
    {
        let p = prepare(table, rules, dict, &names);
        if !figure_labels.is_empty() {
            let spans: Vec<(usize, usize, u8)> = doc
                .spans
                .iter()
                .filter_map(|s| {
                    let l = names.iter().position(|x| *x == s.label)? as u8;
                    figure_labels.contains(&l).then_some((s.start, s.end, l))
                })
                .collect();
            for r in &p.sentences {
                let view = figures::View::new(table, r.clone(), rules, &names);
                let gold = figures::gold_segments(&view, table, r.clone(), &spans);
                figure_examples.push(figures::Example { view, gold });
            }
        }
        let skipped = counts.skipped;
        let gold = gold_tags(doc, &p.tokens, &names, &chain, &mut counts);
        if n >= own {
            // A starter article's spans of labels the project lacks were
            // dropped before; anything else left out is not the user's.
            counts.skipped = skipped;
        }
        counts.tokens += p.tokens.len();
        for s in &p.sentences {
            let rows = p.features[s.clone()]
                .iter()
                .map(|fs| {
                    fs.iter()
                        .map(|&h| {
                            *index.entry(h).or_insert_with(|| {
                                hashes.push(h);
                                (hashes.len() - 1) as u32
                            })
                        })
                        .collect()
                })
                .collect();
            examples.push(Example {
                rows,
                gold: gold[s.clone()].to_vec(),
            });
        }
    }
    let nf = hashes.len();
    let tt = (tags + 1) * tags;
    // Weights and their time-weighted sums, for averaging.
    let mut w = vec![0.0f64; nf * tags];
    let mut u = vec![0.0f64; nf * tags];
    let mut tw = vec![0.0f64; tt];
    let mut tu = vec![0.0f64; tt];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(opts.seed);
    let mut c = 1.0f64;
    let mut emit: Vec<f32> = Vec::new();
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = &examples[e];
            emit.clear();
            emit.resize(ex.rows.len() * tags, 0.0);
            for (t, row) in ex.rows.iter().enumerate() {
                for &f in row {
                    let f = f as usize;
                    for y in 0..tags {
                        emit[t * tags + y] += w[f * tags + y] as f32;
                    }
                }
            }
            let trans: Vec<f32> = tw.iter().map(|&x| x as f32).collect();
            let pred = viterbi(&emit, &trans, tags);
            if pred != ex.gold {
                for (t, (&g, &p)) in ex.gold.iter().zip(&pred).enumerate() {
                    if g != p {
                        for &f in &ex.rows[t] {
                            let f = f as usize;
                            w[f * tags + g] += 1.0;
                            u[f * tags + g] += c;
                            w[f * tags + p] -= 1.0;
                            u[f * tags + p] -= c;
                        }
                    }
                    let gp = if t == 0 { tags } else { ex.gold[t - 1] };
                    let pp = if t == 0 { tags } else { pred[t - 1] };
                    if (gp, g) != (pp, p) {
                        // Gold paths always satisfy the constraints; keep
                        // the update symmetric anyway.
                        if allowed((gp < tags).then_some(gp), g) {
                            tw[gp * tags + g] += 1.0;
                            tu[gp * tags + g] += c;
                        }
                        tw[pp * tags + p] -= 1.0;
                        tu[pp * tags + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    let avg = |w: &[f64], u: &[f64]| -> Vec<f32> {
        w.iter().zip(u).map(|(w, u)| (w - u / c) as f32).collect()
    };
    let emit_avg = avg(&w, &u);
    let trans = avg(&tw, &tu);
    // Keep only features with a weight, sorted by hash (a stable file).
    let mut kept: Vec<(u64, usize)> = hashes
        .iter()
        .enumerate()
        .filter(|(k, _)| emit_avg[k * tags..(k + 1) * tags].iter().any(|&x| x != 0.0))
        .map(|(k, &h)| (h, k))
        .collect();
    kept.sort_unstable();
    let mut out_emit = Vec::with_capacity(kept.len() * tags);
    for &(_, k) in &kept {
        out_emit.extend_from_slice(&emit_avg[k * tags..(k + 1) * tags]);
    }
    let hashes: Vec<u64> = kept.iter().map(|&(h, _)| h).collect();
    let figures = figures::train_figures(
        &figure_examples,
        figure_labels,
        names.len(),
        opts.epochs,
        opts.seed ^ FIGURE_SEED,
    );
    (
        Tagger::new(
            names,
            hashes,
            out_emit,
            trans,
            DEFAULT_TAU,
            vec![super::policy::Lead::Rules; labels.len()],
            figures,
        ),
        counts,
    )
}

/// Strict scores of `tagger` on `test`, with the dictionary learned from
/// `train` (the project's training documents; model, then rules-vi).
fn held_out_scores(
    tagger: &Tagger,
    train: &[&Document],
    test: &[&Document],
    labels: &[crate::model::Label],
) -> HeldOut {
    let dict = Dictionary::learn(&Project {
        labels: labels.to_vec(),
        documents: train.iter().map(|d| (*d).clone()).collect(),
        ..Default::default()
    });
    let mut gold: Vec<Vec<Labeled>> = Vec::new();
    let mut model: Vec<Vec<Labeled>> = Vec::new();
    let mut rules: Vec<Vec<Labeled>> = Vec::new();
    for d in test {
        gold.push(
            d.spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect(),
        );
        let r = rules_vi(d);
        let a = tagger.analyse(d, &r, &dict.suggest(d));
        model.push(
            a.spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect(),
        );
        rules.push(r.into_iter().map(|s| (s.start, s.end, s.label)).collect());
    }
    let m = score(&gold, &model, MatchMode::Strict);
    let r = score(&gold, &rules, MatchMode::Strict);
    HeldOut {
        documents: test.len(),
        label_f1: m
            .labels
            .iter()
            .map(|(l, c)| (l.clone(), round3(c.f1())))
            .collect(),
        micro_f1: round3(m.overall.f1()),
        rules_vi_micro_f1: round3(r.overall.f1()),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Trains a tagger on the project's done documents and the options'
/// starter articles ([`super::starter`]). Needs a span in one of them;
/// with five or more done documents (and `held_out`), also scores a model
/// trained on four fifths of them (and the starter) on the last fifth of
/// the done documents for the record.
pub fn train(project: &Project, opts: &TrainOptions) -> Result<Trained, ModelError> {
    let started = Instant::now();
    if project.labels.len() > 255 {
        return Err(ModelError::Labels(format!(
            "the project has {} labels; the tagger learns at most 255: merge or remove labels, then train again",
            project.labels.len()
        )));
    }
    if project.labels.is_empty() {
        return Err(ModelError::Labels(
            "the project has no labels; add labels first".into(),
        ));
    }
    let own = training_documents(project);
    let starter = starter_documents(&opts.starter, project, own.len());
    let with_spans = |d: &&Document| !d.spans.is_empty();
    if !own.iter().any(with_spans) && !starter.documents.iter().any(|d| !d.spans.is_empty()) {
        let mut why = if own.is_empty() {
            "no document is done, so there is nothing to learn from; review a document, mark it done, then train again".to_owned()
        } else {
            format!(
                "the {} done document(s) have no spans, so there is nothing to learn from; annotate and mark documents done, then train again",
                own.len()
            )
        };
        if let Some(reason) = &starter.skipped_because {
            why = format!("{why} ({reason})");
        }
        return Err(ModelError::NothingToLearn(why));
    }
    // The project's done documents first: the held-out fifth is theirs.
    let docs: Vec<&Document> = own.iter().copied().chain(&starter.documents).collect();
    // The policy's cross-validation and the final training in parallel.
    let (learned, (mut tagger, counts)) = rayon::join(
        || {
            opts.learn_policy
                .then(|| {
                    learn_leads(
                        &docs,
                        own.len(),
                        &project.labels,
                        opts,
                        super::Policy::default(),
                    )
                })
                .flatten()
        },
        || fit(&docs, own.len(), &project.labels, opts),
    );
    let held_out = if !opts.held_out || own.len() < 5 {
        None
    } else if let Some(l) = &learned {
        l.held_out.clone()
    } else {
        let tested = |i: usize| i < own.len() && i % 5 == 4;
        let train: Vec<&Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| !tested(*i))
            .map(|(_, d)| *d)
            .collect();
        let test: Vec<&Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| tested(*i))
            .map(|(_, d)| *d)
            .collect();
        let train_own = (0..own.len()).filter(|&i| !tested(i)).count();
        let (t, _) = fit(&train, train_own, &project.labels, opts);
        Some(held_out_scores(
            &t,
            &train[..train_own],
            &test,
            &project.labels,
        ))
    };
    let leads = learned.map(|l| l.leads);
    if let Some(leads) = &leads {
        tagger.lead = leads.iter().map(|l| l.lead).collect();
    }
    let mut notes = Vec::new();
    if own.len() < 5 && starter.documents.is_empty() {
        notes.push(format!(
            "trained on {} document(s) only: expect weak suggestions, and no held-out score until 5 documents are done",
            own.len()
        ));
    } else if own.len() < 5 {
        notes.push(format!(
            "trained on {} done document(s) and {} starter article(s): no held-out score until 5 documents are done",
            own.len(),
            starter.documents.len()
        ));
    }
    notes.extend(starter.skipped_because);
    if counts.skipped > 0 {
        notes.push(format!(
            "{} span(s) left out of training: off token boundaries, overlapping an earlier span of another label, or of a label the project lacks",
            counts.skipped
        ));
    }
    let record = ModelRecord {
        feature_version: super::FEATURE_VERSION,
        labels: tagger.labels.clone(),
        documents: own.len(),
        document_ids: own.iter().map(|d| d.id.clone()).collect(),
        starter_documents: starter.documents.len(),
        no_starter: matches!(opts.starter, Starter::Off),
        spans: counts.spans,
        tokens: counts.tokens,
        features: tagger.feature_count(),
        epochs: opts.epochs,
        seed: opts.seed,
        seconds: round3(started.elapsed().as_secs_f64()),
        held_out,
        leads,
        notes,
    };
    Ok(Trained { tagger, record })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{default_labels, Origin};
    use crate::text::markup::parse;

    pub(crate) fn done(id: &str, marked: &str) -> Document {
        let (text, spans) = parse(marked).unwrap();
        let mut d = Document::new(id, &text);
        for s in spans {
            let span =
                crate::edit::make_span(&d, s.start, s.end, &s.label, Origin::Manual).unwrap();
            d.spans.push(span);
        }
        d.sort_spans();
        d.status = Status::Done;
        d
    }

    #[test]
    fn zero_done_documents_is_a_clear_error() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(Document::new("a", "Ông Lê Văn Tám nói."));
        let e = train(&p, &TrainOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no document is done"), "{e}");
    }

    /// Six small done articles with different names, for starter tests.
    fn articles(prefix: &str) -> Vec<Document> {
        [
            "Lê Văn Tám", "Hà Thị Hoa", "Nguyễn Văn An", "Trần Thị Bình", "Phạm Văn Cường",
            "Đỗ Thị Dung",
        ]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            done(
                &format!("{prefix}{i}"),
                &format!(
                    "Ông [person: {name}], [position: Bí thư Tỉnh ủy], nói {prefix} {i}. Năm nay [metric: doanh thu đạt {i},5 tỷ đồng]."
                ),
            )
        })
        .collect()
    }

    #[test]
    fn starter_articles_teach_but_the_record_is_the_projects() {
        let starter = Starter::Documents(std::sync::Arc::new(articles("Bản tin")));
        let with = TrainOptions {
            starter: starter.clone(),
            ..TrainOptions::default()
        };
        // No done document: the starter alone teaches.
        let mut p = Project::new("p", default_labels());
        p.documents
            .push(Document::new("todo", "Ông Lê Văn Tám nói."));
        assert!(train(&p, &TrainOptions::default()).is_err());
        let t = train(&p, &with).unwrap();
        assert_eq!((t.record.documents, t.record.starter_documents), (0, 6));
        assert!(t.record.held_out.is_none() && !t.record.no_starter);
        assert!(t
            .record
            .to_string()
            .contains("0 done document(s) and 6 starter article(s)"));
        assert!(
            t.record.notes[0].contains("6 starter article(s)"),
            "{:?}",
            t.record.notes
        );
        // Five done documents (one also a starter article: left out of
        // the starter): held out are the project's own, never a starter's.
        let mut own = articles("Tin");
        own.truncate(4);
        own.push(articles("Bản tin").remove(2));
        p.documents.extend(own);
        for learn_policy in [true, false] {
            let t = train(
                &p,
                &TrainOptions {
                    learn_policy,
                    ..with.clone()
                },
            )
            .unwrap();
            assert_eq!((t.record.documents, t.record.starter_documents), (5, 5));
            assert_eq!(t.record.held_out.as_ref().unwrap().documents, 1);
            assert_eq!(t.record.leads.is_some(), learn_policy);
        }
        // Deterministic with the starter too.
        assert_eq!(
            train(&p, &with).unwrap().tagger,
            train(&p, &with).unwrap().tagger
        );
        let t = train(&p, &TrainOptions::default()).unwrap();
        assert_eq!(t.record.starter_documents, 0);
        assert!(t.record.no_starter);
    }

    #[test]
    fn one_document_trains_with_a_note() {
        let mut p = Project::new("p", default_labels());
        p.documents.push(done(
            "a",
            "Ông [person: Lê Văn Tám], [position: Bí thư Tỉnh ủy], nói. Bà [person: Hà Thị Hoa] đến.",
        ));
        let t = train(&p, &TrainOptions::default()).unwrap();
        assert_eq!(t.record.documents, 1);
        assert!(t.record.held_out.is_none());
        assert!(t.record.notes[0].contains("1 document(s) only"));
        // It learned its one document.
        let d = &p.documents[0];
        let a = t.tagger.analyse(d, &rules_vi(d), &[]);
        let got: Vec<&str> = a.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["Lê Văn Tám", "Bí thư Tỉnh ủy", "Hà Thị Hoa"]);
        assert!(a.spans.iter().all(|s| (0.0..=1.0).contains(&s.score)));
    }

    #[test]
    fn overlapping_spans_of_other_labels_are_counted_not_fatal() {
        let mut p = Project::new("p", default_labels());
        let mut d = done("a", "Ông [person: Lê Văn Tám] nói.");
        let extra = crate::edit::make_span(&d, 4, 10, "position", Origin::Manual).unwrap();
        d.spans.push(Span { id: 99, ..extra });
        d.sort_spans();
        p.documents.push(d);
        let t = train(&p, &TrainOptions::default()).unwrap();
        assert_eq!(t.record.spans, 1);
        assert!(t
            .record
            .notes
            .iter()
            .any(|n| n.contains("1 span(s) left out")));
    }

    use crate::model::Span;
}
