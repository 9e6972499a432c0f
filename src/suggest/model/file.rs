//! The model file `models/tagger.bin`: a small binary format of our own.
//!
//! Binary rather than RON: a model holds tens of thousands of weights, which
//! RON would write as text several times larger and parse far slower, and
//! nothing in it is meant to be read or merged by hand (the readable part is
//! `tagger.ron`). No new dependency: the layout is fixed and little-endian:
//!
//! ```text
//! "GLOSSTAG"  u32 feature version  u32 label count
//! per label: u32 byte length, UTF-8 name
//! f32 tau
//! per label: f32 who leads it in `all` (-3 the model alone, since
//!   version 5; -2 rules-vi alone, -1 rules vetted by the model, 0..=1 the
//!   model from that confidence)
//! u32 figure label count (0: no figure model)
//! u32 × figure labels (label indices, ascending)
//! f32 figure tau
//! u32 figure feature count
//! u64 × figure features (hashes, sorted)
//! f32 × figure features (weights)
//! u32 feature count (of the BIO chain)
//! u64 × features (hashes, sorted)
//! f32 × features × tags (emission weights)
//! f32 × (tags + 1) × tags (transitions)
//! u64 FNV-1a checksum of everything before it
//! ```
//!
//! `tags` is `1 + 2 × chain labels`, the chain labels being the labels the
//! figure model does not take (version 4 on; in version 3 the chain had
//! every label and the figure section came after the transitions).

use super::chain::tag_count;
use super::features::{fnv, FEATURE_VERSION};
use super::figures::Figures;
use super::policy::Lead;
use super::tagger::{chain_labels, Tagger};

const MAGIC: &[u8; 8] = b"GLOSSTAG";

/// Why bytes are not a model this Gloss can use (the caller adds the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not a Gloss model, cut short or damaged.
    Corrupt(String),
    /// Written with another feature version.
    Version(u32),
}

/// The model as bytes.
pub fn to_bytes(t: &Tagger) -> Vec<u8> {
    let mut b = Vec::with_capacity(64 + t.hashes.len() * (8 + 4 * tag_count(t.chain.len())));
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
    b.extend_from_slice(&(t.labels.len() as u32).to_le_bytes());
    for l in &t.labels {
        b.extend_from_slice(&(l.len() as u32).to_le_bytes());
        b.extend_from_slice(l.as_bytes());
    }
    b.extend_from_slice(&t.tau.to_le_bytes());
    for k in 0..t.labels.len() {
        let lead = t.lead.get(k).copied().unwrap_or(Lead::Rules).to_f32();
        b.extend_from_slice(&lead.to_le_bytes());
    }
    match &t.figures {
        None => b.extend_from_slice(&0u32.to_le_bytes()),
        Some(f) => {
            b.extend_from_slice(&(f.labels.len() as u32).to_le_bytes());
            for &l in &f.labels {
                b.extend_from_slice(&u32::from(l).to_le_bytes());
            }
            b.extend_from_slice(&f.tau.to_le_bytes());
            b.extend_from_slice(&(f.hashes.len() as u32).to_le_bytes());
            for h in &f.hashes {
                b.extend_from_slice(&h.to_le_bytes());
            }
            for w in &f.weights {
                b.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    b.extend_from_slice(&(t.hashes.len() as u32).to_le_bytes());
    for h in &t.hashes {
        b.extend_from_slice(&h.to_le_bytes());
    }
    for w in t.emit.iter().chain(&t.trans) {
        b.extend_from_slice(&w.to_le_bytes());
    }
    let sum = fnv(&b);
    b.extend_from_slice(&sum.to_le_bytes());
    b
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Unreadable> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(Unreadable::Corrupt(format!(
                "cut short at byte {}",
                self.at
            )));
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, Unreadable> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Result<u64, Unreadable> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, Unreadable> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// `n` floats.
    fn floats(&mut self, n: usize) -> Result<Vec<f32>, Unreadable> {
        (0..n).map(|_| self.f32()).collect()
    }

    /// `n` feature hashes, which must be strictly ascending (`what` names
    /// them in the error).
    fn sorted_hashes(&mut self, n: usize, what: &str) -> Result<Vec<u64>, Unreadable> {
        let hashes: Vec<u64> = (0..n).map(|_| self.u64()).collect::<Result<_, _>>()?;
        if hashes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Unreadable::Corrupt(format!("{what} out of order")));
        }
        Ok(hashes)
    }
}

/// Reads a model; never panics on bad bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, Unreadable> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
        return Err(Unreadable::Corrupt("not a Gloss model file".into()));
    }
    let version = r.u32()?;
    if version != FEATURE_VERSION {
        return Err(Unreadable::Version(version));
    }
    let body = bytes
        .len()
        .checked_sub(8)
        .ok_or_else(|| Unreadable::Corrupt("cut short".into()))?;
    let stored = bytes
        .get(body..)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map(u64::from_le_bytes);
    if stored != Some(fnv(&bytes[..body])) {
        return Err(Unreadable::Corrupt(
            "checksum mismatch (damaged or cut short)".into(),
        ));
    }
    let n_labels = r.u32()? as usize;
    // Figure labels are stored as bytes (label indices below 256).
    if n_labels > 255 {
        return Err(Unreadable::Corrupt(format!("{n_labels} labels")));
    }
    let mut labels = Vec::with_capacity(n_labels);
    for _ in 0..n_labels {
        let n = r.u32()? as usize;
        let s = std::str::from_utf8(r.take(n)?)
            .map_err(|_| Unreadable::Corrupt("a label is not UTF-8".into()))?;
        labels.push(s.to_owned());
    }
    let tau = r.f32()?;
    let mut lead = Vec::with_capacity(labels.len());
    for _ in 0..labels.len() {
        let c = r.f32()?;
        lead.push(
            Lead::from_f32(c)
                .ok_or_else(|| Unreadable::Corrupt(format!("a label's lead is {c}")))?,
        );
    }
    let figures = read_figures(&mut r, labels.len())?;
    let chain = chain_labels(labels.len(), figures.as_ref().map_or(&[], |f| f.labels()));
    let n = r.u32()? as usize;
    let tags = tag_count(chain.len());
    let expected = n
        .checked_mul(8 + 4 * tags)
        .and_then(|x| x.checked_add(4 * (tags + 1) * tags + 8))
        .and_then(|x| x.checked_add(r.at));
    if expected.is_none_or(|e| e > bytes.len()) || !tau.is_finite() || tau <= 0.0 {
        return Err(Unreadable::Corrupt("sizes do not add up".into()));
    }
    let hashes = r.sorted_hashes(n, "features")?;
    let emit = r.floats(n * tags)?;
    let trans = r.floats((tags + 1) * tags)?;
    if emit.iter().chain(&trans).any(|x| !x.is_finite()) {
        return Err(Unreadable::Corrupt("a weight is not a number".into()));
    }
    if r.at + 8 != bytes.len() {
        return Err(Unreadable::Corrupt("sizes do not add up".into()));
    }
    Ok(Tagger::new(labels, hashes, emit, trans, tau, lead, figures))
}

/// The figure model's section (see the module doc).
fn read_figures(r: &mut Reader, labels: usize) -> Result<Option<Figures>, Unreadable> {
    let count = r.u32()? as usize;
    if count == 0 {
        return Ok(None);
    }
    if count > labels {
        return Err(Unreadable::Corrupt(format!("{count} figure labels")));
    }
    let mut figure_labels = Vec::with_capacity(count);
    for _ in 0..count {
        let l = r.u32()? as usize;
        if l >= labels || figure_labels.last().is_some_and(|&p| usize::from(p) >= l) {
            return Err(Unreadable::Corrupt(format!("figure label {l}")));
        }
        figure_labels.push(l as u8);
    }
    let tau = r.f32()?;
    if !tau.is_finite() || tau <= 0.0 {
        return Err(Unreadable::Corrupt(format!("figure tau {tau}")));
    }
    let n = r.u32()? as usize;
    if n.checked_mul(12)
        .is_none_or(|x| r.at + x + 8 > r.bytes.len())
    {
        return Err(Unreadable::Corrupt("sizes do not add up".into()));
    }
    let hashes = r.sorted_hashes(n, "figure features")?;
    let weights = r.floats(n)?;
    if weights.iter().any(|x| !x.is_finite()) {
        return Err(Unreadable::Corrupt("a weight is not a number".into()));
    }
    Ok(Some(Figures::new(figure_labels, hashes, weights, tau)))
}
