//! Tests of the tagger (`tagger.rs`): its analysis against training's
//! reference scores, per-thread syllable sums, and the `all` analysis.

use super::*;
use crate::model::{default_labels, Project};
use crate::suggest::model::chain::viterbi;
use crate::suggest::model::train::tests::done;
use crate::suggest::model::{train, TrainOptions};
use crate::suggest::{rules_vi, Dictionary};

const TEXT: &str =
    "Ông Lê Văn Tám, Bí thư Tỉnh ủy, cho biết tốc độ tăng trưởng GRDP ước đạt 7,22%; \
    năm 2023 phấn đấu thu ngân sách 8.200 tỷ đồng.\nBà Hà Thị Mai, Giám đốc Sở Tài chính, \
    nói với ông Tám rằng Ủy ban nhân dân tỉnh đạt 51 triệu đồng. Hết";

/// A project of `labels` whose documents (`d0`, `d1`...) are the marked
/// texts, all done, and the tagger trained on it.
fn trained_on(labels: Vec<crate::model::Label>, marked: &[&str]) -> (Project, Tagger) {
    let mut p = Project::new("p", labels);
    for (k, m) in marked.iter().enumerate() {
        p.documents.push(done(&format!("d{k}"), m));
    }
    let t = train(&p, &TrainOptions::default()).unwrap().tagger;
    (p, t)
}

fn trained() -> (Project, Tagger) {
    trained_on(
        default_labels(),
        &[
            "Ông [person: Lê Văn Tám], [position: Bí thư Tỉnh ủy], nói [metric: tốc độ tăng trưởng GRDP ước đạt 7,22%].",
            "Bà [person: Hà Thị Mai], [position: Giám đốc Sở Tài chính], cho biết [target: thu ngân sách 8.200 tỷ đồng].",
            "[position: Chủ tịch UBND tỉnh] [person: Hồ Tiến Thiệu] chủ trì; Ủy ban nhân dân tỉnh họp.",
        ],
    )
}

/// The emission rows as training sees them: every feature hash of a
/// token looked up one by one (window sums first, then the context).
fn reference_emission(t: &Tagger, view: &DocView<'_>) -> Vec<f32> {
    let tags = t.tags();
    let mut out = vec![0.0f32; view.syl.len() * tags];
    for r in &view.sentences {
        let s = view.sentence(r);
        for i in 0..r.len() {
            let row = &mut out[(r.start + i) * tags..(r.start + i + 1) * tags];
            for d in WINDOW {
                let j = i as isize + d;
                let syl = usize::try_from(j).ok().and_then(|j| s.syl.get(j));
                let mut hs = Vec::new();
                local_features(syl, d, &mut hs);
                let mut sub = vec![0.0f32; tags];
                for h in hs {
                    t.add_weights(h, &mut sub);
                }
                for (x, y) in row.iter_mut().zip(&sub) {
                    *x += y;
                }
            }
            let mut hs = Vec::new();
            super::super::features::context_features(&s, i, &mut hs);
            for h in hs {
                t.add_weights(h, row);
            }
        }
    }
    out
}

#[test]
fn dense_rows_give_the_same_emission_bit_for_bit() {
    let (p, t) = trained();
    let doc = Document::new("x", TEXT);
    let table = DocTokens::new(&doc);
    let rules = rules_vi(&doc);
    let dict = Dictionary::learn(&p).suggest(&doc);
    assert!(!rules.is_empty() && !dict.is_empty());
    let a = t.analyse_on(&doc, &table, &rules, &dict);
    let view = DocView::new(&table, &rules, &dict, &t.labels);
    let want = reference_emission(&t, &view);
    assert_eq!(a.emit.len(), want.len());
    for (k, (x, y)) in a.emit.iter().zip(&want).enumerate() {
        assert_eq!(
            x.to_bits(),
            y.to_bits(),
            "token {} tag {}",
            k / t.tags(),
            k % t.tags()
        );
    }
    // The best path is the Viterbi path of those rows.
    for r in &a.sentences {
        let tags = t.tags();
        let path = viterbi(&want[r.start * tags..r.end * tags], &t.trans, tags);
        let got: Vec<usize> = a.path[r.clone()].iter().map(|&y| usize::from(y)).collect();
        assert_eq!(got, path);
    }
}

#[test]
fn lazy_tables_give_the_scores_of_eager_ones() {
    let (_, t) = trained();
    let doc = Document::new("x", TEXT);
    let rules = rules_vi(&doc);
    let a = t.analyse(&doc, &rules, &[]);
    assert!(!a.spans.is_empty());
    let tags = t.tags();
    let mut unsure = 0.0;
    for r in &a.sentences {
        let lat = Lattice::new(&a.emit[r.start * tags..r.end * tags], &t.trans, tags, t.tau);
        let path: Vec<usize> = a.path[r.clone()].iter().map(|&y| usize::from(y)).collect();
        unsure += 1.0 - lat.path_probability(&path);
        for (x, y, l) in spans_of(&path) {
            let (first, last) = (&a.tokens[r.start + x], &a.tokens[r.start + y - 1]);
            let s = a
                .spans
                .iter()
                .find(|s| s.start == first.start && s.end == last.end)
                .unwrap();
            // `l` is a chain label: its index among the chain's labels.
            assert_eq!(s.score, lat.span_probability(x, y, l));
            assert_eq!(s.label, t.labels[t.chain[l]]);
        }
    }
    let want = unsure / a.sentences.len() as f64;
    assert_eq!(a.uncertainty(), want);
    for s in &rules {
        let p = a.probability(s.start, s.end, &s.label);
        assert!((0.0..=1.0).contains(&p));
    }
}

#[test]
fn syllable_sums_kept_per_thread_never_mix_taggers() {
    let (mut p, t1) = trained();
    p.documents.truncate(2);
    let t2 = train(&p, &TrainOptions::default()).unwrap().tagger;
    assert_ne!(t1, t2);
    let doc = Document::new("x", TEXT);
    let rules = rules_vi(&doc);
    let bits = |a: &Analysis| a.emit.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let first = t1.analyse(&doc, &rules, &[]);
    let other = t2.analyse(&doc, &rules, &[]);
    let again = t1.analyse(&doc, &rules, &[]);
    assert_eq!(bits(&first), bits(&again));
    assert_ne!(bits(&first), bits(&other));
    // A thread that never saw these syllables gives the same rows.
    let t1c = t1.clone();
    let (d2, r2) = (doc.clone(), rules.clone());
    let fresh = std::thread::spawn(move || bits(&t1c.analyse(&d2, &r2, &[])))
        .join()
        .unwrap();
    assert_eq!(bits(&first), fresh);
    let (t2c, d2, r2) = (t2.clone(), doc.clone(), rules.clone());
    let fresh = std::thread::spawn(move || bits(&t2c.analyse(&d2, &r2, &[])))
        .join()
        .unwrap();
    assert_eq!(
        bits(&other),
        fresh,
        "rows of the first tagger used by the second"
    );
    // The same weights loaded again (another id) agree too.
    let loaded = super::super::file::from_bytes(&super::super::file::to_bytes(&t1)).unwrap();
    assert_eq!(loaded, t1);
    assert_eq!(bits(&loaded.analyse(&doc, &rules, &[])), bits(&first));
}

#[test]
fn the_all_analysis_gives_the_all_policy_the_same_answer() {
    use crate::suggest::model::{combine, Policy};
    let (p, mut t) = trained();
    let doc = Document::new("x", TEXT);
    let table = DocTokens::new(&doc);
    let rules = rules_vi(&doc);
    let dict = Dictionary::learn(&p).suggest(&doc);
    let candidates: Vec<Suggestion> = rules.iter().chain(&dict).cloned().collect();
    for lead in [
        vec![Lead::RulesAlone; 4],
        vec![
            Lead::RulesAlone,
            Lead::Model(0.5),
            Lead::Rules,
            Lead::RulesAlone,
        ],
        vec![Lead::Rules; 4],
    ] {
        t.lead = lead;
        let full = t.analyse_on(&doc, &table, &rules, &dict);
        let lean = t.analyse_for_all(&doc, &table, &rules, &dict);
        assert!(lean.spans.len() <= full.spans.len());
        assert_eq!(
            combine(candidates.clone(), &full, Policy::default()),
            combine(candidates.clone(), &lean, Policy::default())
        );
    }
}

/// With a figure label first in the project's order, chain label `k` is
/// not label `k`: the chain's spans, their probabilities and the model
/// file must all go through [`Tagger::chain`].
#[test]
fn chain_labels_map_to_the_project_labels() {
    let mut labels = default_labels();
    let metric = labels.iter().position(|l| l.name == "metric").unwrap();
    let m = labels.remove(metric);
    labels.insert(0, m);
    let (p, t) = trained_on(
        labels,
        &[
        "Ông [person: Lê Văn Tám], [position: Bí thư Tỉnh ủy], nói [metric: GRDP tăng 7,22%].",
        "Bà [person: Hà Thị Mai], [position: Giám đốc Sở Tài chính], nói [metric: thu ngân sách đạt 8.200 tỷ đồng].",
        "[position: Chủ tịch UBND tỉnh] [person: Hồ Tiến Thiệu] cho biết [metric: vốn FDI đạt 620 triệu USD].",
        "Ông [person: Đỗ Văn Chiến], [position: Chủ nhiệm Ủy ban Dân tộc], nói [metric: thu nhập đạt 51 triệu đồng].",
        "Bà [person: Phạm Thị Lan], [position: Giám đốc Sở Y tế], nói [metric: xuất khẩu tăng 12%].",
        "Ông [person: Lò Văn Sơn] nói [metric: 62 đội ghe tham gia].",
        ],
    );
    assert_eq!(t.labels[0], "metric");
    assert_eq!(t.figures().map(|f| f.labels().to_vec()), Some(vec![0]));
    assert_eq!(t.chain, [1, 2, 3]);
    let d = &p.documents[0];
    let a = t.analyse(d, &rules_vi(d), &[]);
    let person = a
        .spans
        .iter()
        .find(|s| s.text == "Lê Văn Tám")
        .expect("the person");
    assert_eq!(person.label, "person");
    assert_eq!(
        a.probability(person.start, person.end, "person"),
        person.score
    );
    // The same tokens as another chain label have another probability, and
    // a figure label is the figure model's.
    assert_ne!(
        a.probability(person.start, person.end, "position"),
        person.score
    );
    let title = a
        .spans
        .iter()
        .find(|s| s.text == "Bí thư Tỉnh ủy")
        .expect("the position");
    assert_eq!(title.label, "position");
    let bytes = crate::suggest::model::file::to_bytes(&t);
    let back = crate::suggest::model::file::from_bytes(&bytes).unwrap();
    assert_eq!(back.chain, [1, 2, 3]);
    let b = back.analyse(d, &rules_vi(d), &[]);
    assert_eq!(b.spans, a.spans);
}
