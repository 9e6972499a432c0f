//! Who annotates which document: `gloss assign --annotators a,b,c --overlap
//! P --seed S`.
//!
//! Invariants: the result depends only on the document ids (in project
//! order), the annotator names, the overlap percentage and the seed; every
//! document gets one annotator, and round(P% of the documents) get two
//! (the "overlap", used to measure agreement); the overlap documents go to
//! the pairs of annotators in turn, so every pair shares documents; then
//! each single document goes to the annotator with the fewest documents
//! so far (ties: first in a seeded order), so loads differ by at most one
//! when there are enough single documents.

use std::collections::BTreeMap;

/// SplitMix64: a tiny, fully specified generator, so a seed gives the same
/// assignment on every machine and version.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a of a string (stable across platforms and Rust versions).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `items` in an order that depends only on the items and the seed.
fn seeded_order(items: &[String], seed: u64) -> Vec<&String> {
    let mut keyed: Vec<(u64, &String)> = items
        .iter()
        .map(|s| (splitmix64(seed ^ fnv(s)), s))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, s)| s).collect()
}

/// Document id -> assigned annotators (sorted). `annotators` must be
/// non-empty; `overlap` is a percentage (0..=100), and with a single
/// annotator nothing can overlap.
pub fn assign(
    doc_ids: &[String],
    annotators: &[String],
    overlap: u32,
    seed: u64,
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    if annotators.is_empty() {
        return out;
    }
    let mut names: Vec<String> = annotators.to_vec();
    names.sort();
    names.dedup();
    let docs = seeded_order(doc_ids, seed);
    let people = seeded_order(&names, seed.wrapping_add(1));
    let shared = if people.len() < 2 {
        0
    } else {
        (doc_ids.len() * overlap.min(100) as usize + 50) / 100
    };
    let mut pairs = Vec::new();
    for i in 0..people.len() {
        for j in i + 1..people.len() {
            pairs.push((people[i], people[j]));
        }
    }
    let mut load: BTreeMap<&String, usize> = people.iter().map(|p| (*p, 0)).collect();
    for (k, id) in docs.iter().enumerate() {
        let mut chosen: Vec<String> = if k < shared {
            let (a, b) = pairs[k % pairs.len()];
            *load.get_mut(a).expect("known") += 1;
            *load.get_mut(b).expect("known") += 1;
            vec![a.clone(), b.clone()]
        } else {
            let least = people
                .iter()
                .min_by_key(|p| load[**p])
                .copied()
                .expect("non-empty");
            *load.get_mut(least).expect("known") += 1;
            vec![least.clone()]
        };
        chosen.sort();
        out.insert((*id).clone(), chosen);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("doc-{i:03}")).collect()
    }

    fn names() -> Vec<String> {
        vec!["an".into(), "binh".into(), "chi".into()]
    }

    #[test]
    fn same_seed_same_assignment_other_seed_other() {
        let a = assign(&ids(50), &names(), 20, 1);
        assert_eq!(a, assign(&ids(50), &names(), 20, 1));
        assert_ne!(a, assign(&ids(50), &names(), 20, 2));
    }

    #[test]
    fn overlap_share_is_the_percentage_and_every_document_is_assigned() {
        let a = assign(&ids(50), &names(), 20, 7);
        assert_eq!(a.len(), 50);
        assert!(a.values().all(|v| !v.is_empty() && v.len() <= 2));
        assert_eq!(a.values().filter(|v| v.len() == 2).count(), 10);
        assert_eq!(
            assign(&ids(50), &names(), 0, 7)
                .values()
                .filter(|v| v.len() == 2)
                .count(),
            0
        );
        assert!(assign(&ids(7), &names(), 100, 7)
            .values()
            .all(|v| v.len() == 2));
    }

    #[test]
    fn loads_are_balanced_and_every_pair_shares_documents() {
        let a = assign(&ids(60), &names(), 30, 3);
        let mut load: BTreeMap<&str, usize> = BTreeMap::new();
        let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
        for v in a.values() {
            for n in v {
                *load.entry(n).or_default() += 1;
            }
            if v.len() == 2 {
                *pairs.entry((v[0].clone(), v[1].clone())).or_default() += 1;
            }
        }
        let (min, max) = (load.values().min().unwrap(), load.values().max().unwrap());
        assert!(max - min <= 1, "{load:?}");
        assert_eq!(pairs.len(), 3);
        assert!(pairs.values().all(|n| *n == 6), "{pairs:?}");
    }

    #[test]
    fn one_annotator_gets_everything_without_overlap() {
        let a = assign(&ids(5), &["an".into()], 50, 1);
        assert!(a.values().all(|v| v == &vec!["an".to_owned()]));
    }
}
