//! Reproducible train/dev/test splits by document.

use crate::model::Document;

/// SplitMix64: a tiny, fully specified generator, so a seed gives the same
/// split with every Gloss version (general-purpose RNG crates do not promise
/// stable streams across releases).
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a document id.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The part (0 train, 1 dev, 2 test) of the document `id`: its id and the
/// seed are hashed to a point of the unit interval, which the percentages cut
/// into three parts. It depends only on the seed, the id and the percentages,
/// so adding documents to a project never moves the others.
pub fn part_of(id: &str, pct: [u32; 3], seed: u64) -> usize {
    let h = u128::from(splitmix64(seed ^ fnv(id)));
    // h / 2^64 < p / 100, exactly, without floating point.
    let below = |p: u32| h * 100 < u128::from(p) << 64;
    if below(pct[0]) {
        0
    } else if below(pct[0] + pct[1]) {
        1
    } else {
        2
    }
}

/// Splits documents into `train`, `dev`, `test` by the given percentages
/// (summing to 100), each document by [`part_of`]; part sizes follow the
/// percentages on average, not exactly. Within a part, project order is kept.
pub fn split_documents(
    docs: Vec<Document>,
    pct: [u32; 3],
    seed: u64,
) -> Result<Vec<(&'static str, Vec<Document>)>, String> {
    if pct.iter().sum::<u32>() != 100 {
        return Err(format!(
            "--split {},{},{} does not add up to 100; give three percentages such as 80,10,10",
            pct[0], pct[1], pct[2]
        ));
    }
    let mut parts: Vec<(&'static str, Vec<Document>)> =
        vec![("train", vec![]), ("dev", vec![]), ("test", vec![])];
    for d in docs {
        let k = part_of(&d.id, pct, seed);
        if let Some(p) = parts.get_mut(k) {
            p.1.push(d);
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| Document::new(&format!("d{i}"), "x"))
            .collect()
    }

    #[test]
    fn split_is_reproducible_and_complete() {
        let a = split_documents(docs(100), [80, 10, 10], 7).unwrap();
        let b = split_documents(docs(100), [80, 10, 10], 7).unwrap();
        let ids = |p: &Vec<(&str, Vec<Document>)>| -> Vec<Vec<String>> {
            p.iter()
                .map(|(_, d)| d.iter().map(|d| d.id.clone()).collect())
                .collect()
        };
        assert_eq!(ids(&a), ids(&b));
        let sizes: Vec<usize> = a.iter().map(|(_, d)| d.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 100);
        assert!(sizes[0] > 65 && sizes[1] > 3 && sizes[2] > 3, "{sizes:?}");
        let c = split_documents(docs(100), [80, 10, 10], 8).unwrap();
        assert_ne!(ids(&a), ids(&c), "another seed, another split");
        // Reordering the input does not move documents between parts.
        let mut rev = docs(100);
        rev.reverse();
        let r = split_documents(rev, [80, 10, 10], 7).unwrap();
        let sorted = |p: &Vec<(&str, Vec<Document>)>| -> Vec<Vec<String>> {
            ids(p)
                .into_iter()
                .map(|mut v| {
                    v.sort();
                    v
                })
                .collect()
        };
        assert_eq!(sorted(&a), sorted(&r));
        assert!(split_documents(docs(3), [80, 10, 5], 1).is_err());
    }

    #[test]
    fn adding_documents_moves_nobody() {
        // The case: a2 with --split 50,50,0 --seed 0 in a project of
        // 3 and of 6 documents.
        let named = |n: usize| -> Vec<Document> {
            (1..=n)
                .map(|i| Document::new(&format!("a{i}"), "x"))
                .collect()
        };
        let where_is = |parts: &[(&str, Vec<Document>)], id: &str| -> Option<String> {
            parts
                .iter()
                .find(|(_, d)| d.iter().any(|d| d.id == id))
                .map(|(p, _)| p.to_string())
        };
        let small = split_documents(named(3), [50, 50, 0], 0).unwrap();
        let large = split_documents(named(6), [50, 50, 0], 0).unwrap();
        for i in 1..=3 {
            let id = format!("a{i}");
            assert_eq!(where_is(&small, &id), where_is(&large, &id), "{id} moved");
        }
        for seed in 0..5 {
            let before = split_documents(docs(50), [80, 10, 10], seed).unwrap();
            let after = split_documents(docs(500), [80, 10, 10], seed).unwrap();
            for i in 0..50 {
                let id = format!("d{i}");
                assert_eq!(where_is(&before, &id), where_is(&after, &id));
            }
        }
        assert!(large[2].1.is_empty(), "0% test gets nobody");
    }
}
