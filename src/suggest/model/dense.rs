//! The weight rows of the context features whose inputs are small numbers
//! (covers, the place in a `rules-vi` span, distances to numbers: see
//! [`Context`]), laid out in dense tables when a tagger is made, so a
//! token's emission row reads them by index instead of hashing and looking
//! each one up.
//!
//! Invariant: every row here is exactly the row the feature's hash finds in
//! the tagger's weights (zeros when it has none), and [`Dense::row`] gives
//! `None` for an input outside the tables (then the caller looks the hash
//! up). So sums made in [`context_each`](super::features::context_each)
//! order are the same, bit for bit, whichever path a feature takes.

use super::features::{Context, Cover, SpanPlace};

/// Distances to numbers are bucketed 0..=6.
const DIGITS: usize = 7;

/// Above this many floats a table is not built (projects with very many
/// labels, or a damaged model file claiming them); its features are then
/// looked up by hash, so a model costs at most a few such tables of memory.
const MAX_TABLE: usize = 1 << 22;

/// Dense weight rows, `tags` floats each.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Dense {
    tags: usize,
    /// Cover values: `0..=2 * labels`, then one for past the edge.
    covers: usize,
    /// Places: `0..=20 * labels`.
    places: usize,
    /// `[engine][here]`.
    cover: Vec<f32>,
    /// `[engine][side][near][here]`.
    pair: Vec<f32>,
    /// `[rules][dict]`.
    agree: Vec<f32>,
    /// `[place]`.
    place: Vec<f32>,
    /// `[prev][next]`.
    digits: Vec<f32>,
    /// `[prev][next][place]`, empty when too large.
    digits_place: Vec<f32>,
}

impl Dense {
    /// The tables of a tagger with `labels` labels and `tags` tags, each
    /// row filled by `weights(hash)` (`None`: the feature has no weights).
    pub fn new<'w>(labels: usize, tags: usize, weights: impl Fn(u64) -> Option<&'w [f32]>) -> Self {
        let covers = 2 * labels + 2;
        let places = 20 * labels + 1;
        let cover_value = |k: usize| -> Cover {
            if k + 1 == covers {
                u16::MAX
            } else {
                k as Cover
            }
        };
        let fill = |n: usize, key: &dyn Fn(usize) -> Context| -> Vec<f32> {
            if n.saturating_mul(tags) > MAX_TABLE {
                // Empty: [`Dense::row`] finds no row and the hash is used.
                return Vec::new();
            }
            let mut out = vec![0.0f32; n * tags];
            for k in 0..n {
                if let Some(w) = weights(key(k).hash()) {
                    out[k * tags..(k + 1) * tags].copy_from_slice(&w[..tags]);
                }
            }
            out
        };
        let cover = fill(2 * covers, &|k| Context::Cover {
            engine: (k / covers) as u8,
            here: cover_value(k % covers),
        });
        let pair = fill(4 * covers * covers, &|k| Context::CoverPair {
            engine: (k / (2 * covers * covers)) as u8,
            side: ((k / (covers * covers)) % 2) as u8,
            near: cover_value((k / covers) % covers),
            here: cover_value(k % covers),
        });
        let agree = fill(covers * covers, &|k| Context::Agree {
            rules: cover_value(k / covers),
            dict: cover_value(k % covers),
        });
        let place = fill(places, &|k| Context::Place(k as SpanPlace));
        let digits = fill(DIGITS * DIGITS, &|k| Context::Digits {
            prev: (k / DIGITS) as u8,
            next: (k % DIGITS) as u8,
        });
        let digits_place = fill(DIGITS * DIGITS * places, &|k| Context::DigitsPlace {
            prev: (k / (DIGITS * places)) as u8,
            next: ((k / places) % DIGITS) as u8,
            place: (k % places) as SpanPlace,
        });
        Dense {
            tags,
            covers,
            places,
            cover,
            pair,
            agree,
            place,
            digits,
            digits_place,
        }
    }

    fn cover_index(&self, c: Cover) -> Option<usize> {
        if c == u16::MAX {
            Some(self.covers - 1)
        } else {
            Some(usize::from(c)).filter(|&k| k + 1 < self.covers)
        }
    }

    fn place_index(&self, p: SpanPlace) -> Option<usize> {
        Some(usize::from(p)).filter(|&k| k < self.places)
    }

    fn digit_index(d: u8) -> Option<usize> {
        Some(usize::from(d)).filter(|&k| k < DIGITS)
    }

    /// The row of a small-number feature, or `None` when it is a hashed
    /// one or its inputs fall outside the tables.
    #[inline]
    pub fn row(&self, c: Context) -> Option<&[f32]> {
        let k = match c {
            Context::Hashed(_) => return None,
            Context::Cover { engine, here } => (
                usize::from(engine & 1) * self.covers + self.cover_index(here)?,
                &self.cover,
            ),
            Context::CoverPair {
                engine,
                side,
                near,
                here,
            } => {
                let c = self.covers;
                let at = ((usize::from(engine & 1) * 2 + usize::from(side & 1)) * c
                    + self.cover_index(near)?)
                    * c
                    + self.cover_index(here)?;
                (at, &self.pair)
            }
            Context::Agree { rules, dict } => (
                self.cover_index(rules)? * self.covers + self.cover_index(dict)?,
                &self.agree,
            ),
            Context::Place(p) => (self.place_index(p)?, &self.place),
            Context::Digits { prev, next } => (
                Self::digit_index(prev)? * DIGITS + Self::digit_index(next)?,
                &self.digits,
            ),
            Context::DigitsPlace { prev, next, place } => (
                (Self::digit_index(prev)? * DIGITS + Self::digit_index(next)?) * self.places
                    + self.place_index(place)?,
                &self.digits_place,
            ),
        };
        let (k, table) = k;
        table.get(k * self.tags..(k + 1) * self.tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of very many labels (or a damaged file claiming them) gets
    /// no table larger than [`MAX_TABLE`]; those features fall back to
    /// their hashes.
    #[test]
    fn tables_too_large_are_left_out() {
        let d = Dense::new(255, 511, |_| None);
        assert!(d.pair.is_empty() && d.agree.is_empty() && d.digits_place.is_empty());
        for t in [&d.cover, &d.place, &d.digits] {
            assert!(!t.is_empty() && t.len() <= MAX_TABLE);
        }
        let pair = Context::CoverPair {
            engine: 0,
            side: 0,
            near: 1,
            here: 2,
        };
        assert_eq!(d.row(pair), None);
        assert!(d.row(Context::Cover { engine: 0, here: 3 }).is_some());
        // A small model keeps every table.
        let small = Dense::new(4, 5, |_| None);
        assert!(!small.pair.is_empty() && !small.digits_place.is_empty());
        assert!(small.row(pair).is_some());
    }
}
