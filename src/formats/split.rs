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

/// Splits documents into `train`, `dev`, `test` by the given percentages
/// (summing to 100). Which part a document lands in depends only on the seed
/// and the set of documents; within a part, project order is kept.
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
    let n = docs.len();
    let mut order: Vec<(u64, usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (splitmix64(seed ^ fnv(&d.id)), i))
        .collect();
    order.sort();
    let n_train = (n as u64 * u64::from(pct[0])).div_ceil(100) as usize;
    let n_dev = ((n as u64 * u64::from(pct[1])) / 100) as usize;
    let n_train = n_train.min(n);
    let n_dev = n_dev.min(n - n_train);
    let mut part_of = vec![2usize; n];
    for (rank, (_, i)) in order.iter().enumerate() {
        part_of[*i] = if rank < n_train {
            0
        } else if rank < n_train + n_dev {
            1
        } else {
            2
        };
    }
    let mut parts: Vec<(&'static str, Vec<Document>)> =
        vec![("train", vec![]), ("dev", vec![]), ("test", vec![])];
    for (i, d) in docs.into_iter().enumerate() {
        parts[part_of[i]].1.push(d);
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
        assert_eq!(sizes, [80, 10, 10]);
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
}
